//! Comments on a commune's objects, with their authors (`remote_actors`).

use super::schema::{comments, remote_actors};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::comment::{Author, Comment, CommentState};
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
    pub author_id: i32,
    pub url: Option<&'a str>,
    pub content_html: &'a str,
    pub published_at: NaiveDateTime,
    pub state: CommentState,
    pub received_at: NaiveDateTime,
}

type Row = (
    (
        i32,
        i32,
        String,
        String,
        String,
        Option<String>,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        String,
        Option<NaiveDateTime>,
    ),
    (String, String, String, Option<String>),
);

// A macro, not a function: the tuple's type is diesel's to name.
macro_rules! columns {
    () => {
        (
            (
                comments::id,
                comments::commune_id,
                comments::object_url,
                comments::ap_id,
                comments::in_reply_to,
                comments::url,
                comments::content_html,
                comments::published_at,
                comments::edited_at,
                comments::state,
                comments::answered_at,
            ),
            (
                remote_actors::ap_id,
                remote_actors::username,
                remote_actors::host,
                remote_actors::name,
            ),
        )
    };
}

fn build(r: Row) -> StoreResult<Comment> {
    let (
        (
            id,
            commune_id,
            object_url,
            ap_id,
            in_reply_to,
            url,
            content_html,
            published_at,
            edited_at,
            state,
            answered_at,
        ),
        (actor, username, host, name),
    ) = r;
    let state = CommentState::parse(&state).ok_or_else(|| StoreError::Invalid {
        what: "state of comment",
        row: ap_id.clone(),
        value: state.clone(),
    })?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| username.clone());
    Ok(Comment {
        id,
        commune_id,
        object_url,
        ap_id,
        in_reply_to,
        author: Author {
            profile: actor.clone(),
            ap_id: actor,
            name,
            handle: format!("@{username}@{host}"),
        },
        url,
        content_html,
        published_at,
        edited_at,
        state,
        answered_at,
    })
}

fn joined() -> diesel::dsl::InnerJoin<comments::table, remote_actors::table> {
    comments::table.inner_join(remote_actors::table)
}

/// Stores a comment unless one with its id exists; true when it was stored now.
pub fn insert(conn: &mut DbConn, c: &NewComment<'_>) -> StoreResult<bool> {
    let row = (
        comments::commune_id.eq(c.commune_id),
        comments::object_url.eq(c.object_url),
        comments::ap_id.eq(c.ap_id),
        comments::in_reply_to.eq(c.in_reply_to),
        comments::author_id.eq(c.author_id),
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
    joined()
        .filter(comments::object_url.eq(object_url))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .order((comments::published_at.asc(), comments::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(build)
        .collect()
}

/// How many visible comments an object has.
pub fn count_visible(conn: &mut DbConn, object_url: &str) -> StoreResult<i64> {
    Ok(comments::table
        .filter(comments::object_url.eq(object_url))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .count()
        .get_result(conn)?)
}

/// A commune's visible comments not yet answered, oldest first.
pub fn unanswered(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Comment>> {
    joined()
        .filter(comments::commune_id.eq(commune_id))
        .filter(comments::state.eq(CommentState::Visible.as_str()))
        .filter(comments::answered_at.is_null())
        .order((comments::published_at.asc(), comments::id.asc()))
        .limit(limit)
        .select(columns!())
        .load::<Row>(conn)?
        .into_iter()
        .map(build)
        .collect()
}

/// One of a commune's comments.
pub fn find(conn: &mut DbConn, commune_id: i32, id: i32) -> StoreResult<Comment> {
    build(
        joined()
            .filter(comments::commune_id.eq(commune_id))
            .filter(comments::id.eq(id))
            .select(columns!())
            .first::<Row>(conn)?,
    )
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
