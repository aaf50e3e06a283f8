//! Comments on a commune's objects, with their authors (`remote_actors`).

use super::schema::{comments, moderation_log, remote_actors, staff};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::comment::{Author, Comment, CommentState, ModerationAction, ModerationEntry};
use crate::domain::ObjectKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A comment as received, ready to store.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub commune_id: i32,
    pub object_url: &'a str,
    pub ap_id: &'a str,
    pub in_reply_to: &'a str,
    /// None for the commune's own answer.
    pub author_id: Option<i32>,
    pub staff_id: Option<i32>,
    pub url: Option<&'a str>,
    pub content_html: &'a str,
    pub published_at: NaiveDateTime,
    pub state: CommentState,
    pub received_at: NaiveDateTime,
}

type Row = (
    i32,
    i32,
    String,
    String,
    String,
    Option<i32>,
    Option<String>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
    Option<NaiveDateTime>,
);

// A macro, not a function: the tuple's type is diesel's to name.
macro_rules! columns {
    () => {
        (
            comments::id,
            comments::commune_id,
            comments::object_url,
            comments::ap_id,
            comments::in_reply_to,
            comments::author_id,
            comments::url,
            comments::content_html,
            comments::published_at,
            comments::edited_at,
            comments::state,
            comments::answered_at,
        )
    };
}

/// Comments from their rows, their authors read in one more query.
fn build(conn: &mut DbConn, rows: Vec<Row>) -> StoreResult<Vec<Comment>> {
    let mut ids: Vec<i32> = rows.iter().filter_map(|r| r.5).collect();
    ids.sort_unstable();
    ids.dedup();
    let authors: std::collections::HashMap<i32, Author> = remote_actors::table
        .filter(remote_actors::id.eq_any(&ids))
        .select((
            remote_actors::id,
            remote_actors::ap_id,
            remote_actors::username,
            remote_actors::host,
            remote_actors::name,
        ))
        .load::<(i32, String, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, actor, username, host, name)| {
            let author = Author {
                profile: actor.clone(),
                ap_id: actor,
                name: name
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| username.clone()),
                handle: format!("@{username}@{host}"),
            };
            (id, author)
        })
        .collect();
    rows.into_iter()
        .map(|r| {
            let (
                id,
                commune_id,
                object_url,
                ap_id,
                in_reply_to,
                author_id,
                url,
                content_html,
                published_at,
                edited_at,
                state,
                answered_at,
            ) = r;
            let state = CommentState::parse(&state).ok_or_else(|| StoreError::Invalid {
                what: "state of comment",
                row: ap_id.clone(),
                value: state.clone(),
            })?;
            let author = match author_id {
                None => None,
                Some(a) => Some(
                    authors
                        .get(&a)
                        .cloned()
                        .ok_or_else(|| StoreError::Invalid {
                            what: "author of comment",
                            row: ap_id.clone(),
                            value: a.to_string(),
                        })?,
                ),
            };
            Ok(Comment {
                id,
                commune_id,
                object_url,
                ap_id,
                in_reply_to,
                author,
                url,
                content_html,
                published_at,
                edited_at,
                state,
                answered_at,
            })
        })
        .collect()
}

/// Stores a comment unless one with its id exists; true when it was stored now.
pub fn insert(conn: &mut DbConn, c: &NewComment<'_>) -> StoreResult<bool> {
    let row = (
        comments::commune_id.eq(c.commune_id),
        comments::object_url.eq(c.object_url),
        comments::ap_id.eq(c.ap_id),
        comments::in_reply_to.eq(c.in_reply_to),
        comments::author_id.eq(c.author_id),
        comments::staff_id.eq(c.staff_id),
        comments::url.eq(c.url),
        comments::content_html.eq(c.content_html),
        comments::published_at.eq(c.published_at),
        comments::state.eq(c.state.as_str()),
        comments::received_at.eq(c.received_at),
    );
    let inserted = match conn {
        DbConn::Pg(pg) => diesel::insert_into(comments::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(comments::table)
            .values(row)
            .execute(lite)?,
    };
    Ok(inserted == 1)
}

/// The author's edit of their comment; false when they have no comment with that id.
pub fn edit(
    conn: &mut DbConn,
    ap_id: &str,
    author_id: i32,
    content_html: &str,
    url: Option<&str>,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        comments::table
            .filter(comments::ap_id.eq(ap_id))
            .filter(comments::author_id.eq(author_id)),
    )
    .set((
        comments::content_html.eq(content_html),
        comments::url.eq(url),
        comments::edited_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The author deleted their comment: the row goes; false when they had none with that id.
pub fn delete(conn: &mut DbConn, ap_id: &str, author_id: i32) -> StoreResult<bool> {
    let n = diesel::delete(
        comments::table
            .filter(comments::ap_id.eq(ap_id))
            .filter(comments::author_id.eq(author_id)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// The commune and object of the thread a stored comment belongs to.
pub fn thread_of(conn: &mut DbConn, ap_id: &str) -> StoreResult<Option<(i32, String)>> {
    Ok(comments::table
        .filter(comments::ap_id.eq(ap_id))
        .select((comments::commune_id, comments::object_url))
        .first(conn)
        .optional()?)
}

/// The visible comments on an object, oldest first, `limit` from `offset`.
pub fn visible_of(
    conn: &mut DbConn,
    object_url: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<Comment>> {
    let rows = comments::table
        .filter(comments::object_url.eq(object_url))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .order((comments::published_at.asc(), comments::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(columns!())
        .load::<Row>(conn)?;
    build(conn, rows)
}

/// How many visible comments an object has.
pub fn count_visible(conn: &mut DbConn, object_url: &str) -> StoreResult<i64> {
    Ok(comments::table
        .filter(comments::object_url.eq(object_url))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .count()
        .get_result(conn)?)
}

/// A commune's visible comments from citizens not yet answered, oldest first.
pub fn unanswered(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Comment>> {
    let rows = comments::table
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::author_id.is_not_null())
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .filter(comments::answered_at.is_null())
        .order((comments::published_at.asc(), comments::id.asc()))
        .limit(limit)
        .select(columns!())
        .load::<Row>(conn)?;
    build(conn, rows)
}

/// How many of a commune's visible comments from citizens are not answered yet.
pub fn count_unanswered(conn: &mut DbConn, commune_id: i32) -> StoreResult<i64> {
    Ok(comments::table
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::author_id.is_not_null())
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .filter(comments::answered_at.is_null())
        .count()
        .get_result(conn)?)
}

/// One of a commune's comments.
pub fn find(conn: &mut DbConn, commune_id: i32, id: i32) -> StoreResult<Comment> {
    let row = comments::table
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::id.eq(id))
        .select(columns!())
        .first::<Row>(conn)?;
    build(conn, vec![row])?
        .pop()
        .ok_or(StoreError::Diesel(diesel::result::Error::NotFound))
}

/// A comment by its object id.
pub fn by_ap_id(conn: &mut DbConn, ap_id: &str) -> StoreResult<Comment> {
    let row = comments::table
        .filter(comments::ap_id.eq(ap_id))
        .select(columns!())
        .first::<Row>(conn)?;
    build(conn, vec![row])?
        .pop()
        .ok_or(StoreError::Diesel(diesel::result::Error::NotFound))
}

/// Marks a comment answered by the commune.
pub fn mark_answered(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(comments::table.filter(comments::id.eq(id)))
        .set(comments::answered_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Whether a commune's object exists and takes replies: a decision not withdrawn, a
/// consultation published.
pub fn object_takes_replies(
    conn: &mut DbConn,
    commune_id: i32,
    kind: ObjectKind,
    key: &str,
) -> StoreResult<bool> {
    use super::schema::{consultations, decisions};
    let n: i64 = match kind {
        ObjectKind::Decision => decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::key.eq(key))
            .filter(decisions::withdrawn_at.is_null())
            .count()
            .get_result(conn)?,
        ObjectKind::Consultation => consultations::table
            .filter(consultations::commune_id.eq(commune_id))
            .filter(consultations::key.eq(key))
            .filter(consultations::published_at.is_not_null())
            .count()
            .get_result(conn)?,
    };
    Ok(n > 0)
}

/// A commune's comments in one state (hidden, held), newest first.
pub fn in_state(
    conn: &mut DbConn,
    commune_id: i32,
    state: CommentState,
    limit: i64,
) -> StoreResult<Vec<Comment>> {
    let rows = comments::table
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::state.eq(state.as_str()))
        .order((comments::published_at.desc(), comments::id.desc()))
        .limit(limit)
        .select(columns!())
        .load::<Row>(conn)?;
    build(conn, rows)
}

/// Sets a comment's state.
pub fn set_state(conn: &mut DbConn, id: i32, state: CommentState) -> StoreResult<()> {
    diesel::update(comments::table.filter(comments::id.eq(id)))
        .set(comments::state.eq(state.as_str()))
        .execute(conn)?;
    Ok(())
}

/// Writes a line of the moderation log.
pub fn log_moderation(
    conn: &mut DbConn,
    commune_id: i32,
    comment_ap_id: &str,
    staff_id: Option<i32>,
    action: ModerationAction,
    reason: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(moderation_log::table)
        .values((
            moderation_log::commune_id.eq(commune_id),
            moderation_log::comment_ap_id.eq(comment_ap_id),
            moderation_log::staff_id.eq(staff_id),
            moderation_log::action.eq(action.as_str()),
            moderation_log::reason.eq(reason),
            moderation_log::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// A commune's moderation log, newest first, with who did each thing.
pub fn moderation_log_of(
    conn: &mut DbConn,
    commune_id: i32,
    limit: i64,
) -> StoreResult<Vec<ModerationEntry>> {
    let rows: Vec<(String, Option<i32>, String, String, NaiveDateTime)> = moderation_log::table
        .filter(moderation_log::commune_id.eq(commune_id))
        .order((moderation_log::at.desc(), moderation_log::id.desc()))
        .limit(limit)
        .select((
            moderation_log::comment_ap_id,
            moderation_log::staff_id,
            moderation_log::action,
            moderation_log::reason,
            moderation_log::at,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.1).collect();
    let names: std::collections::HashMap<i32, String> = staff::table
        .filter(staff::id.eq_any(&ids))
        .select((staff::id, staff::username))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|(comment, staff_id, action, reason, at)| {
            Ok(ModerationEntry {
                action: ModerationAction::parse(&action).ok_or_else(|| StoreError::Invalid {
                    what: "moderation action",
                    row: comment.clone(),
                    value: action.clone(),
                })?,
                comment_ap_id: comment,
                by: staff_id.and_then(|i| names.get(&i).cloned()),
                reason,
                at,
            })
        })
        .collect()
}

/// A commune's shown or held comments from citizens, as (id, comment id, author's id): what a
/// block hides.
pub fn shown_with_authors(
    conn: &mut DbConn,
    commune_id: i32,
) -> StoreResult<Vec<(i32, String, String)>> {
    Ok(comments::table
        .inner_join(remote_actors::table)
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::state.ne(CommentState::Hidden.as_str()))
        .select((comments::id, comments::ap_id, remote_actors::ap_id))
        .load(conn)?)
}

/// Whether the actor already has a shown comment in the commune (they are known to it).
pub fn has_visible_from(conn: &mut DbConn, commune_id: i32, author_id: i32) -> StoreResult<bool> {
    let n: i64 = comments::table
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::author_id.eq(author_id))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
