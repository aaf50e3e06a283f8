//! Commitments of the action plan, their milestones and progress notes.

use super::schema::{commitment_milestones as ms, commitment_notes as notes, commitments};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::commitment::{Commitment, CommitmentDraft, Milestone, Note, Status};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

type Row = (
    i32,
    i32,
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    String,
    NaiveDateTime,
    NaiveDateTime,
);

type MilestoneRow = (
    i32,
    i32,
    String,
    NaiveDate,
    Option<NaiveDate>,
    Option<String>,
);
type NoteRow = (i32, i32, NaiveDate, String, Option<String>, NaiveDateTime);

fn assemble(
    rows: Vec<Row>,
    milestones: Vec<MilestoneRow>,
    notes: Vec<NoteRow>,
) -> StoreResult<Vec<Commitment>> {
    rows.into_iter()
        .map(|r| {
            let status = Status::parse(&r.10).map_err(|_| StoreError::Invalid {
                what: "status of commitment",
                row: r.2.clone(),
                value: r.10.clone(),
            })?;
            Ok(Commitment {
                id: r.0,
                commune_id: r.1,
                milestones: milestones
                    .iter()
                    .filter(|m| m.1 == r.0)
                    .map(|m| Milestone {
                        id: m.0,
                        title: m.2.clone(),
                        due_on: m.3,
                        done_on: m.4,
                        evidence_url: m.5.clone(),
                    })
                    .collect(),
                notes: notes
                    .iter()
                    .filter(|n| n.1 == r.0)
                    .map(|n| Note {
                        id: n.0,
                        written_on: n.2,
                        text: n.3.clone(),
                        author: n.4.clone(),
                    })
                    .collect(),
                key: r.2,
                title: r.3,
                problem: r.4,
                description: r.5,
                lead: r.6,
                partners: r.7,
                starts_on: r.8,
                ends_on: r.9,
                status,
                published_at: r.11,
                updated_at: r.12,
            })
        })
        .collect()
}

fn load(conn: &mut DbConn, rows: Vec<Row>) -> StoreResult<Vec<Commitment>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let m: Vec<MilestoneRow> = ms::table
        .filter(ms::commitment_id.eq_any(&ids))
        .order((ms::commitment_id, ms::due_on, ms::id))
        .load(conn)?;
    let n: Vec<NoteRow> = notes::table
        .filter(notes::commitment_id.eq_any(&ids))
        .order((notes::written_on.desc(), notes::id.desc()))
        .load(conn)?;
    assemble(rows, m, n)
}

/// A commune's commitments, by start date.
pub fn of_commune(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Commitment>> {
    let rows: Vec<Row> = commitments::table
        .filter(commitments::commune_id.eq(commune_id))
        .order((commitments::starts_on, commitments::id))
        .load(conn)?;
    load(conn, rows)
}

/// A page of a commune's commitments after `after` (by id), for exports that stream.
pub fn page_after(
    conn: &mut DbConn,
    commune_id: i32,
    after: i32,
    limit: i64,
) -> StoreResult<Vec<Commitment>> {
    let rows: Vec<Row> = commitments::table
        .filter(commitments::commune_id.eq(commune_id))
        .filter(commitments::id.gt(after))
        .order(commitments::id)
        .limit(limit)
        .load(conn)?;
    load(conn, rows)
}

pub fn find(conn: &mut DbConn, commune_id: i32, key: &str) -> StoreResult<Option<Commitment>> {
    let rows: Vec<Row> = commitments::table
        .filter(commitments::commune_id.eq(commune_id))
        .filter(commitments::key.eq(key))
        .load(conn)?;
    Ok(load(conn, rows)?.pop())
}

/// The open-data extent of a commune's commitments: their number, last change and period.
pub fn extent(conn: &mut DbConn, commune_id: i32) -> StoreResult<super::decisions::Extent> {
    use diesel::dsl::{count_star, max, min};
    let (count, modified, first, last): (
        i64,
        Option<NaiveDateTime>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    ) = commitments::table
        .filter(commitments::commune_id.eq(commune_id))
        .select((
            count_star(),
            max(commitments::updated_at),
            min(commitments::starts_on),
            max(commitments::ends_on),
        ))
        .first(conn)?;
    Ok(super::decisions::Extent {
        count,
        modified,
        first,
        last,
        counters: Vec::new(),
    })
}

fn write_milestones(conn: &mut DbConn, id: i32, d: &CommitmentDraft) -> StoreResult<()> {
    diesel::delete(ms::table.filter(ms::commitment_id.eq(id))).execute(conn)?;
    for m in &d.milestones {
        diesel::insert_into(ms::table)
            .values((
                ms::commitment_id.eq(id),
                ms::title.eq(&m.title),
                ms::due_on.eq(m.due_on),
                ms::done_on.eq(m.done_on),
                ms::evidence_url.eq(&m.evidence_url),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
    d: &CommitmentDraft,
    now: NaiveDateTime,
) -> StoreResult<i32> {
    let id: i32 = diesel::insert_into(commitments::table)
        .values((
            commitments::commune_id.eq(commune_id),
            commitments::key.eq(key),
            commitments::title.eq(&d.title),
            commitments::problem.eq(&d.problem),
            commitments::description.eq(&d.description),
            commitments::lead.eq(&d.lead),
            commitments::partners.eq(&d.partners),
            commitments::starts_on.eq(d.starts_on),
            commitments::ends_on.eq(d.ends_on),
            commitments::status.eq(d.status.as_str()),
            commitments::published_at.eq(now),
            commitments::updated_at.eq(now),
        ))
        .returning(commitments::id)
        .get_result(conn)?;
    write_milestones(conn, id, d)?;
    Ok(id)
}

/// Replaces a commitment's fields and milestones.
pub fn update(
    conn: &mut DbConn,
    id: i32,
    d: &CommitmentDraft,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(commitments::table.find(id))
        .set((
            commitments::title.eq(&d.title),
            commitments::problem.eq(&d.problem),
            commitments::description.eq(&d.description),
            commitments::lead.eq(&d.lead),
            commitments::partners.eq(&d.partners),
            commitments::starts_on.eq(d.starts_on),
            commitments::ends_on.eq(d.ends_on),
            commitments::status.eq(d.status.as_str()),
            commitments::updated_at.eq(now),
        ))
        .execute(conn)?;
    write_milestones(conn, id, d)
}

pub fn set_status(
    conn: &mut DbConn,
    id: i32,
    status: Status,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(commitments::table.find(id))
        .set((
            commitments::status.eq(status.as_str()),
            commitments::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks a milestone of the commitment done; `false` when it is not one of its milestones.
pub fn milestone_done(
    conn: &mut DbConn,
    commitment_id: i32,
    milestone_id: i32,
    done_on: NaiveDate,
    evidence_url: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        ms::table
            .filter(ms::commitment_id.eq(commitment_id))
            .filter(ms::id.eq(milestone_id)),
    )
    .set((ms::done_on.eq(done_on), ms::evidence_url.eq(evidence_url)))
    .execute(conn)?;
    if n == 1 {
        diesel::update(commitments::table.find(commitment_id))
            .set(commitments::updated_at.eq(now))
            .execute(conn)?;
    }
    Ok(n == 1)
}

pub fn add_note(
    conn: &mut DbConn,
    commitment_id: i32,
    written_on: NaiveDate,
    text: &str,
    author: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(notes::table)
        .values((
            notes::commitment_id.eq(commitment_id),
            notes::written_on.eq(written_on),
            notes::text.eq(text),
            notes::author.eq(author),
            notes::created_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(commitments::table.find(commitment_id))
        .set(commitments::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
