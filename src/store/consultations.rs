//! Consultations, their options, votes, voting codes and paper counts.

use super::schema::{
    code_attempts, consultation_options, consultations, paper_count_log, paper_counts, votes,
    voting_codes,
};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::consultation::{
    Channel, ChannelCounts, Consultation, ConsultationDraft, ConsultationOption, Counted,
    PaperChange, ResultsShown,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable)]
struct ConsultationRow {
    id: i32,
    commune_id: i32,
    key: String,
    title: String,
    question: String,
    description_markdown: String,
    description_html: String,
    multiple: bool,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
    channels: String,
    results: String,
    language: String,
    published_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    _tally_due_at: Option<NaiveDateTime>,
    _tally_sent_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
struct OptionRow {
    id: i32,
    consultation_id: i32,
    position: i32,
    name: String,
}

fn build(r: ConsultationRow, options: Vec<OptionRow>) -> StoreResult<Consultation> {
    let invalid = |what: &'static str, value: &str| StoreError::Invalid {
        what,
        row: r.key.clone(),
        value: value.to_string(),
    };
    let channels = r
        .channels
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Channel::parse(c).map_err(|_| invalid("channel of consultation", c)))
        .collect::<StoreResult<Vec<_>>>()?;
    let results = ResultsShown::parse(&r.results)
        .map_err(|_| invalid("results of consultation", &r.results))?;
    Ok(Consultation {
        id: r.id,
        commune_id: r.commune_id,
        key: r.key,
        title: r.title,
        question: r.question,
        description_markdown: r.description_markdown,
        description_html: r.description_html,
        options: options
            .into_iter()
            .map(|o| ConsultationOption {
                id: o.id,
                position: o.position,
                name: o.name,
            })
            .collect(),
        multiple: r.multiple,
        opens_at: r.opens_at,
        closes_at: r.closes_at,
        channels,
        results,
        language: r.language,
        published_at: r.published_at,
        closed_at: r.closed_at,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

fn with_options(conn: &mut DbConn, rows: Vec<ConsultationRow>) -> StoreResult<Vec<Consultation>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let options: Vec<OptionRow> = consultation_options::table
        .filter(consultation_options::consultation_id.eq_any(&ids))
        .order(consultation_options::position.asc())
        .load(conn)?;
    let mut by_consultation: std::collections::HashMap<i32, Vec<OptionRow>> =
        std::collections::HashMap::new();
    for o in options {
        by_consultation
            .entry(o.consultation_id)
            .or_default()
            .push(o);
    }
    rows.into_iter()
        .map(|r| {
            let mine = by_consultation.remove(&r.id).unwrap_or_default();
            build(r, mine)
        })
        .collect()
}

fn one(conn: &mut DbConn, row: Option<ConsultationRow>) -> StoreResult<Option<Consultation>> {
    Ok(with_options(conn, row.into_iter().collect())?.pop())
}

fn channels_text(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn insert_options(conn: &mut DbConn, consultation_id: i32, names: &[String]) -> StoreResult<()> {
    for (i, name) in names.iter().enumerate() {
        diesel::insert_into(consultation_options::table)
            .values((
                consultation_options::consultation_id.eq(consultation_id),
                consultation_options::position.eq(i as i32),
                consultation_options::name.eq(name),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// `description_html` is the draft's description rendered and sanitised by the caller.
pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
    draft: &ConsultationDraft,
    description_html: &str,
    now: NaiveDateTime,
) -> StoreResult<Consultation> {
    let id: i32 = diesel::insert_into(consultations::table)
        .values((
            consultations::commune_id.eq(commune_id),
            consultations::key.eq(key),
            consultations::title.eq(&draft.title),
            consultations::question.eq(&draft.question),
            consultations::description_markdown.eq(&draft.description),
            consultations::description_html.eq(description_html),
            consultations::multiple.eq(draft.multiple),
            consultations::opens_at.eq(draft.opens_at),
            consultations::closes_at.eq(draft.closes_at),
            consultations::channels.eq(channels_text(&draft.channels)),
            consultations::results.eq(draft.results.as_str()),
            consultations::language.eq(&draft.language),
            consultations::created_at.eq(now),
            consultations::updated_at.eq(now),
        ))
        .returning(consultations::id)
        .get_result(conn)?;
    insert_options(conn, id, &draft.options)?;
    by_id(conn, id)
}

pub fn by_id(conn: &mut DbConn, id: i32) -> StoreResult<Consultation> {
    let row = consultations::table.find(id).first(conn)?;
    one(conn, Some(row))?.ok_or(StoreError::Diesel(diesel::result::Error::NotFound))
}

pub fn find(conn: &mut DbConn, commune_id: i32, key: &str) -> StoreResult<Option<Consultation>> {
    let row = consultations::table
        .filter(consultations::commune_id.eq(commune_id))
        .filter(consultations::key.eq(key))
        .first(conn)
        .optional()?;
    one(conn, row)
}

/// The consultation, locked until the end of the caller's transaction (see
/// `decisions::find_for_update`), so that a vote checks the phase and options it counts on.
pub fn find_for_update(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
) -> StoreResult<Option<Consultation>> {
    let query = consultations::table
        .filter(consultations::commune_id.eq(commune_id))
        .filter(consultations::key.eq(key));
    let row = match conn {
        DbConn::Pg(pg) => query.for_update().first(pg).optional()?,
        DbConn::Sqlite(lite) => query.first(lite).optional()?,
    };
    one(conn, row)
}

/// The consultation of `id`, locked until the end of the caller's transaction.
pub fn lock(conn: &mut DbConn, id: i32) -> StoreResult<Consultation> {
    let query = consultations::table.find(id);
    let row = match conn {
        DbConn::Pg(pg) => query.for_update().first(pg)?,
        DbConn::Sqlite(lite) => query.first(lite)?,
    };
    one(conn, Some(row))?.ok_or(StoreError::Diesel(diesel::result::Error::NotFound))
}

/// A commune's consultations, newest first.
pub fn of_commune(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Consultation>> {
    let rows = consultations::table
        .filter(consultations::commune_id.eq(commune_id))
        .order(consultations::id.desc())
        .load(conn)?;
    with_options(conn, rows)
}

/// Rewrites text, options and times (only before the first vote: options are the votes' keys).
pub fn replace(
    conn: &mut DbConn,
    id: i32,
    draft: &ConsultationDraft,
    description_html: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::title.eq(&draft.title),
            consultations::question.eq(&draft.question),
            consultations::description_markdown.eq(&draft.description),
            consultations::description_html.eq(description_html),
            consultations::multiple.eq(draft.multiple),
            consultations::opens_at.eq(draft.opens_at),
            consultations::closes_at.eq(draft.closes_at),
            consultations::channels.eq(channels_text(&draft.channels)),
            consultations::results.eq(draft.results.as_str()),
            consultations::language.eq(&draft.language),
            consultations::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(
        consultation_options::table.filter(consultation_options::consultation_id.eq(id)),
    )
    .execute(conn)?;
    insert_options(conn, id, &draft.options)
}

/// After the first vote: only the description and a later closing time may change.
pub fn amend(
    conn: &mut DbConn,
    id: i32,
    description: &str,
    description_html: &str,
    closes_at: NaiveDateTime,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::description_markdown.eq(description),
            consultations::description_html.eq(description_html),
            consultations::closes_at.eq(closes_at),
            consultations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether any vote, used code or paper count exists: after that, options are fixed.
pub fn has_votes(conn: &mut DbConn, id: i32) -> StoreResult<bool> {
    let cast: i64 = votes::table
        .filter(votes::consultation_id.eq(id))
        .count()
        .get_result(conn)?;
    let paper: i64 = paper_counts::table
        .filter(paper_counts::consultation_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(cast + paper > 0)
}

/// Consultations whose opening time has come and whose `Create{Question}` is not queued.
pub fn due_to_open(conn: &mut DbConn, now: NaiveDateTime) -> StoreResult<Vec<i32>> {
    Ok(consultations::table
        .filter(consultations::published_at.is_null())
        .filter(consultations::opens_at.le(now))
        .select(consultations::id)
        .load(conn)?)
}

/// Published consultations whose closing time has passed and that are not closed yet.
pub fn due_to_close(conn: &mut DbConn, now: NaiveDateTime) -> StoreResult<Vec<i32>> {
    Ok(consultations::table
        .filter(consultations::published_at.is_not_null())
        .filter(consultations::closed_at.is_null())
        .filter(consultations::closes_at.le(now))
        .select(consultations::id)
        .load(conn)?)
}

/// Consultations with counts not yet sent back, whose last tally went out before `since`.
pub fn due_tallies(conn: &mut DbConn, since: NaiveDateTime) -> StoreResult<Vec<i32>> {
    Ok(consultations::table
        .filter(consultations::tally_due_at.is_not_null())
        .filter(
            consultations::tally_sent_at
                .is_null()
                .or(consultations::tally_sent_at.le(since)),
        )
        .select(consultations::id)
        .load(conn)?)
}

/// Whether consultation `id` has counts not yet sent back and its last tally went out before
/// `since` (the rule of `due_tallies`, for one row).
pub fn tally_due(conn: &mut DbConn, id: i32, since: NaiveDateTime) -> StoreResult<bool> {
    let n: i64 = consultations::table
        .find(id)
        .filter(consultations::tally_due_at.is_not_null())
        .filter(
            consultations::tally_sent_at
                .is_null()
                .or(consultations::tally_sent_at.le(since)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn mark_published(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(consultations::table.find(id))
        .set(consultations::published_at.eq(Some(at)))
        .execute(conn)?;
    Ok(())
}

/// The final state is queued: no tally is due after it.
pub fn mark_closed(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::closed_at.eq(Some(at)),
            consultations::tally_due_at.eq(None::<NaiveDateTime>),
            consultations::tally_sent_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A vote changed the counts: a tally is due (the first pending vote's time is kept).
pub fn mark_tally_due(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(
        consultations::table
            .find(id)
            .filter(consultations::tally_due_at.is_null()),
    )
    .set(consultations::tally_due_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

pub fn mark_tally_sent(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::tally_due_at.eq(None::<NaiveDateTime>),
            consultations::tally_sent_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// One vote to cast: the unique key (consultation, voter, slot) keeps it once.
pub struct Ballot<'a> {
    pub consultation: &'a Consultation,
    pub option_id: i32,
    pub channel: Channel,
    pub voter: &'a str,
    /// Where the voter receives the tally, for a fediverse voter.
    pub voter_inbox: Option<&'a str>,
}

/// Casts the vote; false when the voter already voted (for this option, if multiple).
pub fn cast(conn: &mut DbConn, b: &Ballot<'_>, now: NaiveDateTime) -> StoreResult<bool> {
    let slot = if b.consultation.multiple {
        b.option_id
    } else {
        0
    };
    let row = (
        votes::consultation_id.eq(b.consultation.id),
        votes::option_id.eq(b.option_id),
        votes::channel.eq(b.channel.as_str()),
        votes::voter.eq(b.voter),
        votes::slot.eq(slot),
        votes::voter_inbox.eq(b.voter_inbox),
        votes::created_at.eq(now),
    );
    let inserted = match conn {
        DbConn::Pg(pg) => diesel::insert_into(votes::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(votes::table)
            .values(row)
            .execute(lite)?,
    };
    Ok(inserted == 1)
}

/// Votes per option and channel, paper counts included.
pub fn counted(conn: &mut DbConn, id: i32) -> StoreResult<Vec<Counted>> {
    let cast: Vec<(i32, String, i64)> = votes::table
        .filter(votes::consultation_id.eq(id))
        .group_by((votes::option_id, votes::channel))
        .select((votes::option_id, votes::channel, diesel::dsl::count_star()))
        .load(conn)?;
    let paper: Vec<(i32, Option<i64>)> = paper_counts::table
        .filter(paper_counts::consultation_id.eq(id))
        .group_by(paper_counts::option_id)
        .select((
            paper_counts::option_id,
            diesel::dsl::sum(paper_counts::votes),
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(cast.len() + paper.len());
    for (option_id, channel, n) in cast {
        let channel = Channel::parse(&channel).map_err(|_| StoreError::Invalid {
            what: "channel of vote",
            row: option_id.to_string(),
            value: channel.clone(),
        })?;
        out.push(Counted {
            option_id,
            channel,
            votes: n.max(0) as u64,
        });
    }
    for (option_id, n) in paper {
        out.push(Counted {
            option_id,
            channel: Channel::Paper,
            votes: n.unwrap_or(0).max(0) as u64,
        });
    }
    Ok(out)
}

/// Distinct voters per channel (fediverse accounts, codes); paper voters come from the counts.
pub fn voters(conn: &mut DbConn, id: i32) -> StoreResult<ChannelCounts> {
    let rows: Vec<(String, i64)> = votes::table
        .filter(votes::consultation_id.eq(id))
        .group_by(votes::channel)
        .select((
            votes::channel,
            diesel::dsl::count(votes::voter).aggregate_distinct(),
        ))
        .load(conn)?;
    let mut counts = ChannelCounts::default();
    for (channel, n) in rows {
        if let Ok(c) = Channel::parse(&channel) {
            counts.add(c, n.max(0) as u64);
        }
    }
    Ok(counts)
}

/// Where the tally goes besides the followers: every fediverse voter's inbox.
pub fn voter_inboxes(conn: &mut DbConn, id: i32) -> StoreResult<Vec<String>> {
    Ok(votes::table
        .filter(votes::consultation_id.eq(id))
        .filter(votes::voter_inbox.is_not_null())
        .select(votes::voter_inbox.assume_not_null())
        .distinct()
        .load(conn)?)
}

/// Stores a batch of code hashes for the consultation; returns the batch number.
pub fn insert_codes(
    conn: &mut DbConn,
    consultation_id: i32,
    hashes: &[String],
    now: NaiveDateTime,
) -> StoreResult<i32> {
    let last: Option<i32> = voting_codes::table
        .filter(voting_codes::consultation_id.eq(consultation_id))
        .select(diesel::dsl::max(voting_codes::batch))
        .first(conn)?;
    let batch = last.unwrap_or(0) + 1;
    for h in hashes {
        diesel::insert_into(voting_codes::table)
            .values((
                voting_codes::consultation_id.eq(consultation_id),
                voting_codes::code_hash.eq(h),
                voting_codes::batch.eq(batch),
                voting_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(batch)
}

/// A stored code: its id, its consultation, and whether it was used.
#[derive(Debug, Clone, Queryable)]
pub struct StoredCode {
    pub id: i32,
    pub consultation_id: i32,
    pub used_at: Option<NaiveDateTime>,
}

pub fn code_by_hash(conn: &mut DbConn, hash: &str) -> StoreResult<Option<StoredCode>> {
    Ok(voting_codes::table
        .filter(voting_codes::code_hash.eq(hash))
        .select((
            voting_codes::id,
            voting_codes::consultation_id,
            voting_codes::used_at,
        ))
        .first(conn)
        .optional()?)
}

/// Marks the code used; false if a concurrent vote spent it first.
pub fn spend_code(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> StoreResult<bool> {
    Ok(diesel::update(
        voting_codes::table
            .find(id)
            .filter(voting_codes::used_at.is_null()),
    )
    .set(voting_codes::used_at.eq(Some(now)))
    .execute(conn)?
        == 1)
}

/// Codes issued and used for the consultation.
pub fn code_counts(conn: &mut DbConn, consultation_id: i32) -> StoreResult<(i64, i64)> {
    let issued = voting_codes::table
        .filter(voting_codes::consultation_id.eq(consultation_id))
        .count()
        .get_result(conn)?;
    let used = voting_codes::table
        .filter(voting_codes::consultation_id.eq(consultation_id))
        .filter(voting_codes::used_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((issued, used))
}

/// Wrong codes from `address` since `since`, counted in a serialized section (SQLite's
/// IMMEDIATE transaction; an advisory lock on PostgreSQL), older ones removed.
pub fn code_failures(conn: &mut DbConn, address: &str, since: NaiveDateTime) -> StoreResult<i64> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7202)").execute(pg)?;
    }
    diesel::delete(
        code_attempts::table
            .filter(code_attempts::address.eq(address))
            .filter(code_attempts::at.le(since)),
    )
    .execute(conn)?;
    Ok(code_attempts::table
        .filter(code_attempts::address.eq(address))
        .count()
        .get_result(conn)?)
}

pub fn record_code_failure(
    conn: &mut DbConn,
    address: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(code_attempts::table)
        .values((
            code_attempts::address.eq(address),
            code_attempts::at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// One polling place's count for one option, as staff enter it.
pub struct PaperEntry<'a> {
    pub consultation_id: i32,
    pub option_id: i32,
    pub place: &'a str,
    pub votes: i32,
    pub note: &'a str,
    pub by: &'a str,
}

/// Sets the count and logs the change (who, when, before, after); false when unchanged.
pub fn set_paper_count(
    conn: &mut DbConn,
    e: &PaperEntry<'_>,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let current: Option<(i32, i32)> = paper_counts::table
        .filter(paper_counts::consultation_id.eq(e.consultation_id))
        .filter(paper_counts::option_id.eq(e.option_id))
        .filter(paper_counts::place.eq(e.place))
        .select((paper_counts::id, paper_counts::votes))
        .first(conn)
        .optional()?;
    match current {
        Some((_, before)) if before == e.votes => return Ok(false),
        Some((id, _)) => {
            diesel::update(paper_counts::table.find(id))
                .set((
                    paper_counts::votes.eq(e.votes),
                    paper_counts::note.eq(e.note),
                    paper_counts::updated_by.eq(e.by),
                    paper_counts::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(paper_counts::table)
                .values((
                    paper_counts::consultation_id.eq(e.consultation_id),
                    paper_counts::option_id.eq(e.option_id),
                    paper_counts::place.eq(e.place),
                    paper_counts::votes.eq(e.votes),
                    paper_counts::note.eq(e.note),
                    paper_counts::updated_by.eq(e.by),
                    paper_counts::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    diesel::insert_into(paper_count_log::table)
        .values((
            paper_count_log::consultation_id.eq(e.consultation_id),
            paper_count_log::option_id.eq(e.option_id),
            paper_count_log::place.eq(e.place),
            paper_count_log::votes_before.eq(current.map(|(_, v)| v)),
            paper_count_log::votes_after.eq(e.votes),
            paper_count_log::note.eq(e.note),
            paper_count_log::entered_by.eq(e.by),
            paper_count_log::entered_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The paper counts' log, newest first.
pub fn paper_log(conn: &mut DbConn, consultation_id: i32) -> StoreResult<Vec<PaperChange>> {
    type Line = (i32, String, Option<i32>, i32, String, String, NaiveDateTime);
    let rows: Vec<Line> = paper_count_log::table
        .filter(paper_count_log::consultation_id.eq(consultation_id))
        .order(paper_count_log::id.desc())
        .select((
            paper_count_log::option_id,
            paper_count_log::place,
            paper_count_log::votes_before,
            paper_count_log::votes_after,
            paper_count_log::note,
            paper_count_log::entered_by,
            paper_count_log::entered_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(option_id, place, before, after, note, by, at)| PaperChange {
                option_id,
                place,
                before,
                after,
                note,
                by,
                at,
            },
        )
        .collect())
}

/// The consultations of a commune whose counts the public may see at `now`: published, and
/// shown while open or closed — the rule of `Consultation::results_public` (a consultation is
/// closed once `closes_at <= now`, as `Consultation::phase` has it) and of the public results.
/// A macro, so that one condition filters both a query and a subquery.
macro_rules! with_public_results {
    ($commune_id:expr, $now:expr) => {
        consultations::commune_id
            .eq($commune_id)
            .and(consultations::published_at.is_not_null())
            .and(
                consultations::results
                    .eq(ResultsShown::WhileOpen.as_str())
                    .or(consultations::closes_at.le($now)),
            )
    };
}

/// A page of the consultations whose results are public at `now` (see `with_public_results`),
/// by id after `after` (keyset pagination).
pub fn public_results_after(
    conn: &mut DbConn,
    commune_id: i32,
    now: NaiveDateTime,
    after: i32,
    limit: i64,
) -> StoreResult<Vec<Consultation>> {
    let rows = consultations::table
        .filter(with_public_results!(commune_id, now))
        .filter(consultations::id.gt(after))
        .order(consultations::id.asc())
        .limit(limit)
        .load(conn)?;
    with_options(conn, rows)
}

/// The open-data extent of the consultations whose results are public at `now`: their number,
/// the dates from the first opening to the last closing, and their last change — an edit, an
/// opening, a closing that made counts public or changed the phase, a vote, a paper count.
/// Counters: how many of them are closed, the votes cast on them, the paper counts entered.
pub fn public_results_extent(
    conn: &mut DbConn,
    commune_id: i32,
    now: NaiveDateTime,
) -> StoreResult<super::decisions::Extent> {
    use diesel::dsl::{count_star, max, min};
    type Span = (
        i64,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let (count, updated, published, first, last): Span = consultations::table
        .filter(with_public_results!(commune_id, now))
        .select((
            count_star(),
            max(consultations::updated_at),
            max(consultations::published_at),
            min(consultations::opens_at),
            max(consultations::closes_at),
        ))
        .first(conn)?;
    let (closed, closed_at): (i64, Option<NaiveDateTime>) = consultations::table
        .filter(with_public_results!(commune_id, now))
        .filter(consultations::closes_at.le(now))
        .select((count_star(), max(consultations::closes_at)))
        .first(conn)?;
    let (cast, voted): (i64, Option<NaiveDateTime>) = votes::table
        .filter(
            votes::consultation_id.eq_any(
                consultations::table
                    .filter(with_public_results!(commune_id, now))
                    .select(consultations::id),
            ),
        )
        .select((count_star(), max(votes::created_at)))
        .first(conn)?;
    let (entered, counted): (i64, Option<NaiveDateTime>) = paper_count_log::table
        .filter(
            paper_count_log::consultation_id.eq_any(
                consultations::table
                    .filter(with_public_results!(commune_id, now))
                    .select(consultations::id),
            ),
        )
        .select((count_star(), max(paper_count_log::entered_at)))
        .first(conn)?;
    let modified = [updated, published, closed_at, voted, counted]
        .into_iter()
        .flatten()
        .max();
    Ok(super::decisions::Extent {
        count,
        modified,
        first: first.map(|t| t.date()),
        last: last.map(|t| t.date()),
        counters: vec![closed, cast, entered],
    })
}
