//! Citizens' requests and the lunar holidays admins enter.

use super::schema::{holidays, requests};
use super::{DbConn, StoreError, StoreResult};
use crate::domain::request::{Channel, Kind, RefusalReason, Request, Status};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Queryable)]
struct Row {
    id: i32,
    commune_id: i32,
    _year: i32,
    _number: i32,
    reference: String,
    kind: String,
    channel: String,
    subject: String,
    body: String,
    requester_actor: Option<String>,
    requester_inbox: Option<String>,
    requester_name: Option<String>,
    requester_contact: Option<String>,
    source_ap_id: Option<String>,
    source_public: bool,
    _follow_up_hash: Option<String>,
    status: String,
    received_at: NaiveDateTime,
    received_on: NaiveDate,
    due_on: NaiveDate,
    extension_reason: Option<String>,
    transferred_to: Option<String>,
    refusal_reason: Option<String>,
    answer_text: Option<String>,
    answer_ap_id: Option<String>,
    answered_at: Option<NaiveDateTime>,
    answered_on: Option<NaiveDate>,
    _updated_at: NaiveDateTime,
}

impl TryFrom<Row> for Request {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Request> {
        let invalid = |what: &'static str, value: &str| StoreError::Invalid {
            what,
            row: r.reference.clone(),
            value: value.to_string(),
        };
        Ok(Request {
            kind: Kind::parse(&r.kind).map_err(|_| invalid("kind of request", &r.kind))?,
            channel: Channel::parse(&r.channel)
                .ok_or_else(|| invalid("channel of request", &r.channel))?,
            status: Status::parse(&r.status)
                .map_err(|_| invalid("status of request", &r.status))?,
            refusal_reason: match &r.refusal_reason {
                Some(v) => Some(
                    RefusalReason::parse(v).map_err(|_| invalid("refusal reason of request", v))?,
                ),
                None => None,
            },
            id: r.id,
            commune_id: r.commune_id,
            reference: r.reference,
            subject: r.subject,
            body: r.body,
            requester_actor: r.requester_actor,
            requester_inbox: r.requester_inbox,
            requester_name: r.requester_name,
            requester_contact: r.requester_contact,
            source_ap_id: r.source_ap_id,
            source_public: r.source_public,
            received_at: r.received_at,
            received_on: r.received_on,
            due_on: r.due_on,
            extension_reason: r.extension_reason,
            transferred_to: r.transferred_to,
            answer_text: r.answer_text,
            answer_ap_id: r.answer_ap_id,
            answered_at: r.answered_at,
            answered_on: r.answered_on,
        })
    }
}

fn build(rows: Vec<Row>) -> StoreResult<Vec<Request>> {
    rows.into_iter().map(Request::try_from).collect()
}

/// A request as filed.
pub struct NewRequest<'a> {
    pub commune_id: i32,
    pub channel: Channel,
    pub subject: &'a str,
    pub body: &'a str,
    pub requester_actor: Option<&'a str>,
    pub requester_inbox: Option<&'a str>,
    pub requester_name: Option<&'a str>,
    pub requester_contact: Option<&'a str>,
    pub source_ap_id: Option<&'a str>,
    pub source_public: bool,
    pub follow_up_hash: Option<&'a str>,
    pub received_at: NaiveDateTime,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
}

/// Files a request under the next number of its commune and year. Numbers are taken in a
/// serialized section (SQLite's IMMEDIATE transaction; an advisory lock per commune on
/// PostgreSQL), and the unique index backs it.
pub fn insert(conn: &mut DbConn, r: &NewRequest<'_>) -> StoreResult<Request> {
    use chrono::Datelike;
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query(format!(
            "SELECT pg_advisory_xact_lock(7204, {})",
            r.commune_id
        ))
        .execute(pg)?;
    }
    let year = r.received_on.year();
    let last: Option<i32> = requests::table
        .filter(requests::commune_id.eq(r.commune_id))
        .filter(requests::year.eq(year))
        .select(diesel::dsl::max(requests::number))
        .first(conn)?;
    let number = last.unwrap_or(0) + 1;
    let reference = format!("{year}-{number:04}");
    diesel::insert_into(requests::table)
        .values((
            requests::commune_id.eq(r.commune_id),
            requests::year.eq(year),
            requests::number.eq(number),
            requests::reference.eq(&reference),
            requests::kind.eq(Kind::Information.as_str()),
            requests::channel.eq(r.channel.as_str()),
            requests::subject.eq(r.subject),
            requests::body.eq(r.body),
            requests::requester_actor.eq(r.requester_actor),
            requests::requester_inbox.eq(r.requester_inbox),
            requests::requester_name.eq(r.requester_name),
            requests::requester_contact.eq(r.requester_contact),
            requests::source_ap_id.eq(r.source_ap_id),
            requests::source_public.eq(r.source_public),
            requests::follow_up_hash.eq(r.follow_up_hash),
            requests::status.eq(Status::Received.as_str()),
            requests::received_at.eq(r.received_at),
            requests::received_on.eq(r.received_on),
            requests::due_on.eq(r.due_on),
            requests::updated_at.eq(r.received_at),
        ))
        .execute(conn)?;
    by_reference(conn, r.commune_id, &reference)?
        .ok_or(StoreError::Diesel(diesel::result::Error::NotFound))
}

pub fn by_reference(
    conn: &mut DbConn,
    commune_id: i32,
    reference: &str,
) -> StoreResult<Option<Request>> {
    let row: Option<Row> = requests::table
        .filter(requests::commune_id.eq(commune_id))
        .filter(requests::reference.eq(reference))
        .first(conn)
        .optional()?;
    row.map(Request::try_from).transpose()
}

/// The request a fediverse post already filed.
pub fn by_source(conn: &mut DbConn, source_ap_id: &str) -> StoreResult<Option<Request>> {
    let row: Option<Row> = requests::table
        .filter(requests::source_ap_id.eq(source_ap_id))
        .first(conn)
        .optional()?;
    row.map(Request::try_from).transpose()
}

/// The request an anonymous requester's follow-up link opens.
pub fn by_follow_up(
    conn: &mut DbConn,
    commune_id: i32,
    hash: &str,
) -> StoreResult<Option<Request>> {
    let row: Option<Row> = requests::table
        .filter(requests::commune_id.eq(commune_id))
        .filter(requests::follow_up_hash.eq(hash))
        .first(conn)
        .optional()?;
    row.map(Request::try_from).transpose()
}

/// What the public register lists.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    pub year: Option<i32>,
}

/// A commune's requests, newest first.
pub fn register(conn: &mut DbConn, commune_id: i32, f: &Filter) -> StoreResult<Vec<Request>> {
    let mut q = requests::table
        .filter(requests::commune_id.eq(commune_id))
        .into_boxed();
    if let Some(s) = f.status {
        q = q.filter(requests::status.eq(s.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(requests::kind.eq(k.as_str()));
    }
    if let Some(y) = f.year {
        q = q.filter(requests::year.eq(y));
    }
    build(
        q.order((requests::received_at.desc(), requests::id.desc()))
            .load::<Row>(conn)?,
    )
}

/// A status change with what comes with it.
pub struct Change<'a> {
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub extension_reason: Option<&'a str>,
    pub transferred_to: Option<&'a str>,
    pub refusal_reason: Option<RefusalReason>,
    pub answer_text: Option<&'a str>,
    pub answer_ap_id: Option<&'a str>,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_on: Option<NaiveDate>,
    pub at: NaiveDateTime,
}

/// The columns a change writes; a `None` leaves its column as it is.
#[derive(AsChangeset)]
#[diesel(table_name = requests)]
struct Columns<'a> {
    status: &'a str,
    updated_at: NaiveDateTime,
    due_on: Option<NaiveDate>,
    extension_reason: Option<&'a str>,
    transferred_to: Option<&'a str>,
    refusal_reason: Option<&'a str>,
    answer_text: Option<&'a str>,
    answer_ap_id: Option<&'a str>,
    answered_at: Option<NaiveDateTime>,
    answered_on: Option<NaiveDate>,
}

/// Applies a change if the request is still in `from` (a concurrent step loses: false), in
/// one statement.
pub fn change(conn: &mut DbConn, id: i32, from: Status, c: &Change<'_>) -> StoreResult<bool> {
    let target = requests::table
        .filter(requests::id.eq(id))
        .filter(requests::status.eq(from.as_str()));
    let n = diesel::update(target)
        .set(&Columns {
            status: c.status.as_str(),
            updated_at: c.at,
            due_on: c.due_on,
            extension_reason: c.extension_reason,
            transferred_to: c.transferred_to,
            refusal_reason: c.refusal_reason.map(RefusalReason::as_str),
            answer_text: c.answer_text,
            answer_ap_id: c.answer_ap_id,
            answered_at: c.answered_at,
            answered_on: c.answered_on,
        })
        .execute(conn)?;
    Ok(n == 1)
}

/// A commune's requests without the commune's final word, the earliest due first.
pub fn open(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Request>> {
    let closed: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| s.is_closed())
        .map(Status::as_str)
        .collect();
    build(
        requests::table
            .filter(requests::commune_id.eq(commune_id))
            .filter(requests::status.ne_all(closed))
            .order((requests::due_on.asc(), requests::id.asc()))
            .load::<Row>(conn)?,
    )
}

pub fn set_kind(conn: &mut DbConn, id: i32, kind: Kind) -> StoreResult<()> {
    diesel::update(requests::table.filter(requests::id.eq(id)))
        .set((
            requests::kind.eq(kind.as_str()),
            requests::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The lunar holidays an admin entered for a country.
pub fn holidays_of(conn: &mut DbConn, country: &str) -> StoreResult<BTreeSet<NaiveDate>> {
    Ok(holidays::table
        .filter(holidays::country.eq(country))
        .select(holidays::day)
        .load::<NaiveDate>(conn)?
        .into_iter()
        .collect())
}

/// Enters a holiday; false when that day was already one.
pub fn add_holiday(
    conn: &mut DbConn,
    country: &str,
    day: NaiveDate,
    name: &str,
) -> StoreResult<bool> {
    let exists: i64 = holidays::table
        .filter(holidays::country.eq(country))
        .filter(holidays::day.eq(day))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(holidays::table)
        .values((
            holidays::country.eq(country),
            holidays::day.eq(day),
            holidays::name.eq(name),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn list_holidays(conn: &mut DbConn, country: &str) -> StoreResult<Vec<(NaiveDate, String)>> {
    Ok(holidays::table
        .filter(holidays::country.eq(country))
        .order(holidays::day.asc())
        .select((holidays::day, holidays::name))
        .load(conn)?)
}

/// The open-data extent of a commune's register: its number of requests, the first and last
/// day one was received, and the last change of one (filed, or a step taken). Counters: the
/// requests of each kind (`Kind::ALL`), since a change of kind leaves `updated_at` as it is.
pub fn register_extent(
    conn: &mut DbConn,
    commune_id: i32,
) -> StoreResult<super::decisions::Extent> {
    use diesel::dsl::{count_star, max, min};
    let (count, modified, first, last): (
        i64,
        Option<NaiveDateTime>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    ) = requests::table
        .filter(requests::commune_id.eq(commune_id))
        .select((
            count_star(),
            max(requests::updated_at),
            min(requests::received_on),
            max(requests::received_on),
        ))
        .first(conn)?;
    let kinds: Vec<(String, i64)> = requests::table
        .filter(requests::commune_id.eq(commune_id))
        .group_by(requests::kind)
        .select((requests::kind, count_star()))
        .load(conn)?;
    let counters = Kind::ALL
        .into_iter()
        .map(|k| {
            kinds
                .iter()
                .find(|(name, _)| name == k.as_str())
                .map_or(0, |(_, n)| *n)
        })
        .collect();
    Ok(super::decisions::Extent {
        count,
        modified,
        first,
        last,
        counters,
    })
}

/// The latest due date, before `today`, of a request still without the commune's final word:
/// the last day past which one became overdue (where silence is a refusal, that changed it).
pub fn latest_lapsed_due(
    conn: &mut DbConn,
    commune_id: i32,
    today: NaiveDate,
) -> StoreResult<Option<NaiveDate>> {
    let closed: Vec<&str> = Status::ALL
        .into_iter()
        .filter(|s| s.is_closed())
        .map(Status::as_str)
        .collect();
    Ok(requests::table
        .filter(requests::commune_id.eq(commune_id))
        .filter(requests::status.ne_all(closed))
        .filter(requests::due_on.lt(today))
        .select(diesel::dsl::max(requests::due_on))
        .first(conn)?)
}

/// A page of a commune's register by id after `after` (keyset pagination).
pub fn register_after(
    conn: &mut DbConn,
    commune_id: i32,
    after: i32,
    limit: i64,
) -> StoreResult<Vec<Request>> {
    build(
        requests::table
            .filter(requests::commune_id.eq(commune_id))
            .filter(requests::id.gt(after))
            .order(requests::id.asc())
            .limit(limit)
            .load::<Row>(conn)?,
    )
}
