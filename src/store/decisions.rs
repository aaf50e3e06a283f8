use super::models::{Attachment, Decision, DecisionFields};
use super::schema::{attachments, decisions};
use super::{now, DbConn, StoreError, StoreResult};
use diesel::prelude::*;

/// The unique index that keeps one live decision per reference and commune (migration
/// `decision_reference_unique`).
const LIVE_REFERENCE_INDEX: &str = "decisions_live_reference";

/// What search looks in: reference, title, summary and body, folded (see `domain::search`).
fn search_text(parts: [&str; 4]) -> String {
    crate::domain::search::fold(&parts.join(" "))
}

fn search_text_of(f: &DecisionFields) -> String {
    search_text([&f.reference, &f.title, &f.summary, &f.body_markdown])
}

pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
    fields: &DecisionFields,
) -> StoreResult<Decision> {
    let at = now();
    diesel::insert_into(decisions::table)
        .values((
            fields,
            decisions::commune_id.eq(commune_id),
            decisions::key.eq(key),
            decisions::published_at.eq(at),
            decisions::updated_at.eq(at),
            decisions::search_text.eq(search_text_of(fields)),
        ))
        .execute(conn)?;
    by_key(conn, key)
}

pub fn update(conn: &mut DbConn, id: i32, fields: &DecisionFields) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set((
            fields,
            decisions::updated_at.eq(now()),
            decisions::search_text.eq(search_text_of(fields)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn withdraw(conn: &mut DbConn, id: i32) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set(decisions::withdrawn_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

pub fn by_key(conn: &mut DbConn, key: &str) -> StoreResult<Decision> {
    Ok(decisions::table
        .filter(decisions::key.eq(key))
        .first(conn)?)
}

pub fn find(conn: &mut DbConn, commune_id: i32, key: &str) -> StoreResult<Option<Decision>> {
    Ok(decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::key.eq(key))
        .first(conn)
        .optional()?)
}

/// The decision, locked until the end of the caller's transaction, so that checks made on it
/// (still live, how many attachments) hold when the transaction writes. PostgreSQL locks the
/// row; a SQLite transaction is IMMEDIATE (see `Store::transaction`), which already holds the
/// whole database's write lock.
pub fn find_for_update(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
) -> StoreResult<Option<Decision>> {
    let query = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::key.eq(key));
    Ok(match conn {
        DbConn::Pg(pg) => query.for_update().first(pg).optional()?,
        DbConn::Sqlite(lite) => query.first(lite).optional()?,
    })
}

/// Whether another live decision of the commune has this reference (`except` is the decision
/// being edited).
pub fn reference_taken(
    conn: &mut DbConn,
    commune_id: i32,
    reference: &str,
    except: Option<i32>,
) -> StoreResult<bool> {
    let mut q = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::reference.eq(reference))
        .filter(decisions::withdrawn_at.is_null())
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(decisions::id.ne(id));
    }
    let n: i64 = q.count().get_result(conn)?;
    Ok(n > 0)
}

/// Whether a write failed on the one-live-reference index: a concurrent request took the
/// reference between the check and the write.
pub fn is_reference_taken(e: &StoreError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        StoreError::Diesel(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) => {
            // PostgreSQL names the index; SQLite names the columns.
            info.constraint_name() == Some(LIVE_REFERENCE_INDEX)
                || info.message().contains("decisions.reference")
        }
        _ => false,
    }
}

/// Published (not withdrawn) decisions of a commune, newest first.
pub fn latest(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Decision>> {
    Ok(decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::withdrawn_at.is_null())
        .order(decisions::id.desc())
        .limit(limit)
        .load(conn)?)
}

pub fn attachments_of(conn: &mut DbConn, decision_id: i32) -> StoreResult<Vec<Attachment>> {
    Ok(attachments::table
        .filter(attachments::decision_id.eq(decision_id))
        .order(attachments::id.asc())
        .load(conn)?)
}

pub fn count_attachments(conn: &mut DbConn, decision_id: i32) -> StoreResult<i64> {
    Ok(attachments::table
        .filter(attachments::decision_id.eq(decision_id))
        .count()
        .get_result(conn)?)
}

pub fn insert_attachment(
    conn: &mut DbConn,
    decision_id: i32,
    filename: &str,
    media_type: &str,
    size: i64,
    sha256: &str,
) -> StoreResult<Attachment> {
    let id: i32 = diesel::insert_into(attachments::table)
        .values((
            attachments::decision_id.eq(decision_id),
            attachments::filename.eq(filename),
            attachments::media_type.eq(media_type),
            attachments::size.eq(size),
            attachments::sha256.eq(sha256),
            attachments::created_at.eq(now()),
        ))
        .returning(attachments::id)
        .get_result(conn)?;
    Ok(attachments::table.find(id).first(conn)?)
}

/// An attachment by its content hash, if a published decision references it.
pub fn attachment_by_hash(conn: &mut DbConn, sha256: &str) -> StoreResult<Option<Attachment>> {
    Ok(attachments::table
        .inner_join(decisions::table)
        .filter(attachments::sha256.eq(sha256))
        .filter(decisions::withdrawn_at.is_null())
        .select(attachments::all_columns)
        .first(conn)
        .optional()?)
}

/// What a reader filters the decision list by. Text is matched folded (case and accents
/// ignored) in the reference, title, summary and body.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    pub year: Option<i32>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub theme: Option<String>,
    pub text: Option<String>,
}

fn like_pattern(s: &str) -> String {
    let escaped = s
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of published decisions matching `filter`, newest session first, and the total.
pub fn search(
    conn: &mut DbConn,
    commune_id: i32,
    filter: &DecisionFilter,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<Decision>, i64)> {
    let query = || {
        let mut q = decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::withdrawn_at.is_null())
            .into_boxed();
        if let Some(y) = filter.year {
            if let (Some(from), Some(to)) = (
                chrono::NaiveDate::from_ymd_opt(y, 1, 1),
                chrono::NaiveDate::from_ymd_opt(y, 12, 31),
            ) {
                q = q.filter(decisions::session_date.between(from, to));
            }
        }
        if let Some(k) = &filter.kind {
            q = q.filter(decisions::kind.eq(k.clone()));
        }
        if let Some(s) = &filter.status {
            q = q.filter(decisions::status.eq(s.clone()));
        }
        if let Some(t) = &filter.theme {
            // Themes are stored as a JSON array of strings.
            let quoted = serde_json::to_string(t).unwrap_or_default();
            q = q.filter(decisions::themes.like(like_pattern(&quoted)).escape('\\'));
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let p = like_pattern(&crate::domain::search::fold(text));
            q = q.filter(decisions::search_text.like(p).escape('\\'));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows = query()
        .order((decisions::session_date.desc(), decisions::id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((rows, total))
}

/// Fills the search text of rows written before it existed (it is empty only for those).
pub fn fill_search_text(conn: &mut DbConn) -> StoreResult<usize> {
    let rows: Vec<Decision> = decisions::table
        .filter(decisions::search_text.eq(""))
        .load(conn)?;
    for d in &rows {
        let text = search_text([&d.reference, &d.title, &d.summary, &d.body_markdown]);
        diesel::update(decisions::table.find(d.id))
            .set(decisions::search_text.eq(text))
            .execute(conn)?;
    }
    Ok(rows.len())
}

/// Years and themes present among a commune's published decisions, for the filter form.
pub fn facets(conn: &mut DbConn, commune_id: i32) -> StoreResult<(Vec<i32>, Vec<String>)> {
    let rows: Vec<(chrono::NaiveDate, String)> = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::withdrawn_at.is_null())
        .select((decisions::session_date, decisions::themes))
        .load(conn)?;
    let mut years: Vec<i32> = rows
        .iter()
        .map(|(d, _)| chrono::Datelike::year(d))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut themes: Vec<String> = rows
        .iter()
        .flat_map(|(_, t)| serde_json::from_str::<Vec<String>>(t).unwrap_or_default())
        .collect();
    themes.sort();
    themes.dedup();
    Ok((years, themes))
}

/// When each commune last published, for the node's home page.
pub fn latest_publication(
    conn: &mut DbConn,
) -> StoreResult<Vec<(i32, Option<chrono::NaiveDateTime>)>> {
    Ok(decisions::table
        .filter(decisions::withdrawn_at.is_null())
        .group_by(decisions::commune_id)
        .select((
            decisions::commune_id,
            diesel::dsl::max(decisions::published_at),
        ))
        .load(conn)?)
}
