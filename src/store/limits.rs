//! Per-address limits on public forms (a visitor's report, an information request): each post
//! is a row under a key (`report:203.0.113.7`), counted over a sliding window.

use super::schema::form_posts;
use super::{DbConn, StoreResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Posts under `key` since `since`, counted in a serialized section (SQLite's IMMEDIATE
/// transaction; an advisory lock on PostgreSQL) so that concurrent posts cannot all pass;
/// older rows of the key are removed.
pub fn recent(conn: &mut DbConn, key: &str, since: NaiveDateTime) -> StoreResult<i64> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7203)").execute(pg)?;
    }
    diesel::delete(
        form_posts::table
            .filter(form_posts::key.eq(key))
            .filter(form_posts::at.le(since)),
    )
    .execute(conn)?;
    Ok(form_posts::table
        .filter(form_posts::key.eq(key))
        .count()
        .get_result(conn)?)
}

pub fn record(conn: &mut DbConn, key: &str, at: NaiveDateTime) -> StoreResult<()> {
    diesel::insert_into(form_posts::table)
        .values((form_posts::key.eq(key), form_posts::at.eq(at)))
        .execute(conn)?;
    Ok(())
}
