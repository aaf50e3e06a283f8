//! Reports in a commune's moderation queue: `Flag`s from other servers and visitors' reports.

use super::schema::reports;
use super::{DbConn, StoreResult};
use crate::domain::report::Report;
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub struct NewReport<'a> {
    pub commune_id: i32,
    pub target: &'a str,
    pub reporter: Option<&'a str>,
    pub flag_ap_id: Option<&'a str>,
    pub reason: &'a str,
    pub received_at: NaiveDateTime,
}

/// Files a report; a Flag already filed (same id) is not filed again. True when filed now.
pub fn insert(conn: &mut DbConn, r: &NewReport<'_>) -> StoreResult<bool> {
    let row = (
        reports::commune_id.eq(r.commune_id),
        reports::target.eq(r.target),
        reports::reporter.eq(r.reporter),
        reports::flag_ap_id.eq(r.flag_ap_id),
        reports::reason.eq(r.reason),
        reports::received_at.eq(r.received_at),
    );
    let n = match conn {
        DbConn::Pg(pg) => diesel::insert_into(reports::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(reports::table)
            .values(row)
            .execute(lite)?,
    };
    Ok(n == 1)
}

type ReportRow = (
    i32,
    String,
    Option<String>,
    Option<String>,
    String,
    NaiveDateTime,
);

/// A commune's unresolved reports, oldest first.
pub fn open(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Report>> {
    let rows: Vec<ReportRow> = reports::table
        .filter(reports::commune_id.eq(commune_id))
        .filter(reports::resolved_at.is_null())
        .order((reports::received_at.asc(), reports::id.asc()))
        .limit(limit)
        .select((
            reports::id,
            reports::target,
            reports::reporter,
            reports::flag_ap_id,
            reports::reason,
            reports::received_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, target, reporter, flag, reason, received_at)| Report {
            id,
            target,
            reporter,
            from_server: flag.is_some(),
            reason,
            received_at,
        })
        .collect())
}

/// Marks one of a commune's reports resolved; false when it is not an open report of theirs.
pub fn resolve(
    conn: &mut DbConn,
    commune_id: i32,
    id: i32,
    staff_id: Option<i32>,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        reports::table
            .filter(reports::id.eq(id))
            .filter(reports::commune_id.eq(commune_id))
            .filter(reports::resolved_at.is_null()),
    )
    .set((
        reports::resolved_at.eq(at),
        reports::resolved_by.eq(staff_id),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
