//! Budgets, their execution reports and lines.

use super::schema::{budget_lines, budget_reports, budgets};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::budget::{
    Amounts, Budget, Codes, Direction, Document, Line, Report, Section, StoredLine,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Queryable)]
struct BudgetRow {
    id: i32,
    commune_id: i32,
    year: i32,
    published_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Queryable)]
struct ReportRow {
    id: i32,
    budget_id: i32,
    situation_on: NaiveDate,
    imported_at: NaiveDateTime,
}

#[derive(Queryable)]
struct LineRow {
    id: i32,
    _report_id: i32,
    position: i32,
    document: String,
    section: String,
    direction: String,
    chapter: String,
    article: String,
    paragraph: String,
    label: String,
    source: String,
    initial: Option<i64>,
    modifications: Option<i64>,
    final_forecast: Option<i64>,
    committed: Option<i64>,
    issued: Option<i64>,
    settled: Option<i64>,
}

impl TryFrom<LineRow> for StoredLine {
    type Error = StoreError;
    fn try_from(r: LineRow) -> StoreResult<StoredLine> {
        let invalid = |what: &'static str, value: &str| StoreError::Invalid {
            what,
            row: format!("budget line {}", r.id),
            value: value.to_string(),
        };
        Ok(StoredLine {
            id: r.id,
            line: Line {
                document: Document::parse(&r.document)
                    .ok_or_else(|| invalid("document", &r.document))?,
                section: Section::parse(&r.section)
                    .ok_or_else(|| invalid("section", &r.section))?,
                direction: Direction::parse(&r.direction)
                    .ok_or_else(|| invalid("direction", &r.direction))?,
                codes: Codes {
                    chapter: r.chapter,
                    article: r.article,
                    paragraph: r.paragraph,
                },
                label: r.label,
                source: r.source,
                amounts: Amounts {
                    initial: r.initial,
                    modifications: r.modifications,
                    final_forecast: r.final_forecast,
                    committed: r.committed,
                    issued: r.issued,
                    settled: r.settled,
                },
            },
        })
    }
}

fn with_reports(conn: &mut DbConn, rows: Vec<BudgetRow>) -> StoreResult<Vec<Budget>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let reports: Vec<ReportRow> = budget_reports::table
        .filter(budget_reports::budget_id.eq_any(&ids))
        .order((budget_reports::budget_id, budget_reports::situation_on))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|b| Budget {
            id: b.id,
            commune_id: b.commune_id,
            year: b.year,
            published_at: b.published_at,
            updated_at: b.updated_at,
            reports: reports
                .iter()
                .filter(|r| r.budget_id == b.id)
                .map(|r| Report {
                    id: r.id,
                    situation_on: r.situation_on,
                    imported_at: r.imported_at,
                })
                .collect(),
        })
        .collect())
}

pub fn find(conn: &mut DbConn, commune_id: i32, year: i32) -> StoreResult<Option<Budget>> {
    let rows: Vec<BudgetRow> = budgets::table
        .filter(budgets::commune_id.eq(commune_id))
        .filter(budgets::year.eq(year))
        .load(conn)?;
    Ok(with_reports(conn, rows)?.pop())
}

/// A commune's budgets, the latest year first.
pub fn of_commune(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Budget>> {
    let rows: Vec<BudgetRow> = budgets::table
        .filter(budgets::commune_id.eq(commune_id))
        .order(budgets::year.desc())
        .load(conn)?;
    with_reports(conn, rows)
}

/// A report's lines in file order.
pub fn lines(conn: &mut DbConn, report_id: i32) -> StoreResult<Vec<StoredLine>> {
    budget_lines::table
        .filter(budget_lines::report_id.eq(report_id))
        .order(budget_lines::position)
        .load::<LineRow>(conn)?
        .into_iter()
        .map(StoredLine::try_from)
        .collect()
}

/// A page of a report's lines after the position `after`, for exports that stream.
pub fn lines_after(
    conn: &mut DbConn,
    report_id: i32,
    after: i32,
    limit: i64,
) -> StoreResult<Vec<(i32, StoredLine)>> {
    budget_lines::table
        .filter(budget_lines::report_id.eq(report_id))
        .filter(budget_lines::position.gt(after))
        .order(budget_lines::position)
        .limit(limit)
        .load::<LineRow>(conn)?
        .into_iter()
        .map(|r| {
            let pos = r.position;
            StoredLine::try_from(r).map(|l| (pos, l))
        })
        .collect()
}

/// The budget of a commune and year, made if there is none; `true` when it was made here.
/// Insert-or-ignore on the (commune, year) key, so concurrent imports of one year make one.
pub fn ensure(
    conn: &mut DbConn,
    commune_id: i32,
    year: i32,
    now: NaiveDateTime,
) -> StoreResult<(i32, bool)> {
    let row = (
        budgets::commune_id.eq(commune_id),
        budgets::year.eq(year),
        budgets::published_at.eq(now),
        budgets::updated_at.eq(now),
    );
    // `on_conflict` does not compile on the two-backend connection.
    let made = match conn {
        DbConn::Pg(pg) => diesel::insert_into(budgets::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(budgets::table)
            .values(row)
            .execute(lite)?,
    };
    let id = budgets::table
        .filter(budgets::commune_id.eq(commune_id))
        .filter(budgets::year.eq(year))
        .select(budgets::id)
        .first(conn)?;
    if made == 0 {
        diesel::update(budgets::table.find(id))
            .set(budgets::updated_at.eq(now))
            .execute(conn)?;
    }
    Ok((id, made == 1))
}

type LineValues<'a> = (
    diesel::dsl::Eq<budget_lines::report_id, i32>,
    diesel::dsl::Eq<budget_lines::position, i32>,
    diesel::dsl::Eq<budget_lines::document, &'static str>,
    diesel::dsl::Eq<budget_lines::section, &'static str>,
    diesel::dsl::Eq<budget_lines::direction, &'static str>,
    diesel::dsl::Eq<budget_lines::chapter, &'a str>,
    diesel::dsl::Eq<budget_lines::article, &'a str>,
    diesel::dsl::Eq<budget_lines::paragraph, &'a str>,
    diesel::dsl::Eq<budget_lines::label, &'a str>,
    diesel::dsl::Eq<budget_lines::source, &'a str>,
    LineAmounts,
);

type LineAmounts = (
    diesel::dsl::Eq<budget_lines::initial, Option<i64>>,
    diesel::dsl::Eq<budget_lines::modifications, Option<i64>>,
    diesel::dsl::Eq<budget_lines::final_forecast, Option<i64>>,
    diesel::dsl::Eq<budget_lines::committed, Option<i64>>,
    diesel::dsl::Eq<budget_lines::issued, Option<i64>>,
    diesel::dsl::Eq<budget_lines::settled, Option<i64>>,
);

fn amounts(a: &Amounts) -> LineAmounts {
    (
        budget_lines::initial.eq(a.initial),
        budget_lines::modifications.eq(a.modifications),
        budget_lines::final_forecast.eq(a.final_forecast),
        budget_lines::committed.eq(a.committed),
        budget_lines::issued.eq(a.issued),
        budget_lines::settled.eq(a.settled),
    )
}

fn values(report_id: i32, position: i32, l: &Line) -> LineValues<'_> {
    (
        budget_lines::report_id.eq(report_id),
        budget_lines::position.eq(position),
        budget_lines::document.eq(l.document.code()),
        budget_lines::section.eq(l.section.code()),
        budget_lines::direction.eq(l.direction.code()),
        budget_lines::chapter.eq(l.codes.chapter.as_str()),
        budget_lines::article.eq(l.codes.article.as_str()),
        budget_lines::paragraph.eq(l.codes.paragraph.as_str()),
        budget_lines::label.eq(l.label.as_str()),
        budget_lines::source.eq(l.source.as_str()),
        amounts(&l.amounts),
    )
}

/// Lines per INSERT: 17 values each, well under SQLite's limit of bound variables.
const BATCH: usize = 500;

/// Stores a report of `lines` as of `situation_on`, replacing the report of that date if there
/// is one (its lines go with it). Returns the report's id.
pub fn replace_report(
    conn: &mut DbConn,
    budget_id: i32,
    situation_on: NaiveDate,
    now: NaiveDateTime,
    lines: &[Line],
) -> StoreResult<i32> {
    let old: Vec<i32> = budget_reports::table
        .filter(budget_reports::budget_id.eq(budget_id))
        .filter(budget_reports::situation_on.eq(situation_on))
        .select(budget_reports::id)
        .load(conn)?;
    diesel::delete(budget_lines::table.filter(budget_lines::report_id.eq_any(&old)))
        .execute(conn)?;
    diesel::delete(budget_reports::table.filter(budget_reports::id.eq_any(&old))).execute(conn)?;
    let report_id: i32 = diesel::insert_into(budget_reports::table)
        .values((
            budget_reports::budget_id.eq(budget_id),
            budget_reports::situation_on.eq(situation_on),
            budget_reports::imported_at.eq(now),
        ))
        .returning(budget_reports::id)
        .get_result(conn)?;
    for (n, chunk) in lines.chunks(BATCH).enumerate() {
        let rows: Vec<LineValues<'_>> = chunk
            .iter()
            .enumerate()
            .map(|(i, l)| values(report_id, (n * BATCH + i) as i32, l))
            .collect();
        // A multi-row INSERT needs the backend's own connection.
        match conn {
            DbConn::Pg(pg) => diesel::insert_into(budget_lines::table)
                .values(rows)
                .execute(pg)?,
            DbConn::Sqlite(lite) => diesel::insert_into(budget_lines::table)
                .values(rows)
                .execute(lite)?,
        };
    }
    Ok(report_id)
}

/// A line of a report, for the correction form.
pub fn line(conn: &mut DbConn, report_id: i32, line_id: i32) -> StoreResult<Option<StoredLine>> {
    budget_lines::table
        .filter(budget_lines::report_id.eq(report_id))
        .filter(budget_lines::id.eq(line_id))
        .first::<LineRow>(conn)
        .optional()?
        .map(StoredLine::try_from)
        .transpose()
}

/// Corrects a line's label, source and amounts (its key stays). `false` when the line is not
/// in that report.
pub fn correct_line(
    conn: &mut DbConn,
    report_id: i32,
    line_id: i32,
    label: &str,
    source: &str,
    a: &Amounts,
) -> StoreResult<bool> {
    let n = diesel::update(
        budget_lines::table
            .filter(budget_lines::report_id.eq(report_id))
            .filter(budget_lines::id.eq(line_id)),
    )
    .set((
        budget_lines::label.eq(label),
        budget_lines::source.eq(source),
        amounts(a),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn touch(conn: &mut DbConn, budget_id: i32, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(budgets::table.find(budget_id))
        .set(budgets::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
