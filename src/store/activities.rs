//! The transactional outbox: activities we sent and one delivery row per target inbox.

use super::models::{Activity, Delivery, DeliveryHost};
use super::schema::{activities, deliveries, delivery_hosts};
use super::{now, DbConn, StoreResult};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";
pub const DEAD: &str = "dead";
/// The remote inbox answered 4xx (other than 408 and 429): final, and not a host failure.
pub const REFUSED: &str = "refused";

pub struct NewActivity<'a> {
    pub ap_id: &'a str,
    pub commune_id: Option<i32>,
    pub actor_ap_id: &'a str,
    pub kind: &'a str,
    pub object_ap_id: Option<&'a str>,
    /// Shown in the outbox (Create, Update, Delete, Announce); Accept and Follow are not.
    pub public: bool,
    pub json: &'a str,
}

/// Writes the activity and its deliveries. Call inside the transaction that made the change.
pub fn insert(conn: &mut DbConn, new: &NewActivity, inboxes: &[url::Url]) -> StoreResult<i32> {
    let at = now();
    let id: i32 = diesel::insert_into(activities::table)
        .values((
            activities::ap_id.eq(new.ap_id),
            activities::commune_id.eq(new.commune_id),
            activities::actor_ap_id.eq(new.actor_ap_id),
            activities::kind.eq(new.kind),
            activities::object_ap_id.eq(new.object_ap_id),
            activities::public.eq(new.public),
            activities::json.eq(new.json),
            activities::created_at.eq(at),
        ))
        .returning(activities::id)
        .get_result(conn)?;
    let rows: Vec<_> = inboxes
        .iter()
        .map(|inbox| {
            (
                deliveries::activity_id.eq(id),
                deliveries::inbox.eq(inbox.to_string()),
                deliveries::host.eq(host_key(inbox)),
                deliveries::state.eq(PENDING),
                deliveries::attempts.eq(0),
                deliveries::next_attempt_at.eq(at),
                deliveries::created_at.eq(at),
                deliveries::updated_at.eq(at),
            )
        })
        .collect();
    // SQLite limits bound parameters per statement.
    for chunk in rows.chunks(100) {
        let insert = diesel::insert_into(deliveries::table).values(chunk);
        match conn {
            DbConn::Pg(c) => insert.execute(c)?,
            DbConn::Sqlite(c) => insert.execute(c)?,
        };
    }
    Ok(id)
}

/// Host and port: two nodes on one machine are different hosts to deliver to.
pub fn host_key(url: &url::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => String::new(),
    }
}

pub fn by_ap_id(conn: &mut DbConn, ap_id: &str) -> StoreResult<Option<Activity>> {
    Ok(activities::table
        .filter(activities::ap_id.eq(ap_id))
        .first(conn)
        .optional()?)
}

/// The newest public activity carrying `object_ap_id` (its Create, or a later Update).
pub fn latest_public_of(conn: &mut DbConn, object_ap_id: &str) -> StoreResult<Option<Activity>> {
    Ok(activities::table
        .filter(activities::object_ap_id.eq(object_ap_id))
        .filter(activities::public.eq(true))
        .order(activities::id.desc())
        .first(conn)
        .optional()?)
}

pub fn outbox_count(conn: &mut DbConn, commune_id: i32) -> StoreResult<i64> {
    Ok(activities::table
        .filter(activities::commune_id.eq(commune_id))
        .filter(activities::public.eq(true))
        .count()
        .get_result(conn)?)
}

/// Newest first.
pub fn outbox_page(
    conn: &mut DbConn,
    commune_id: i32,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<Activity>> {
    Ok(activities::table
        .filter(activities::commune_id.eq(commune_id))
        .filter(activities::public.eq(true))
        .order(activities::id.desc())
        .offset(offset)
        .limit(limit)
        .load(conn)?)
}

/// (ap_id, actor, commune, json) of the activity a delivery carries.
type ActivityParts = (String, String, Option<i32>, String);

/// A delivery claimed by this process, with what is needed to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: Delivery,
    pub activity_ap_id: String,
    pub actor_ap_id: String,
    pub commune_id: Option<i32>,
    pub json: String,
}

/// Leases due deliveries. On PostgreSQL rows are locked with SKIP LOCKED so several processes
/// share the work without taking the same row; SQLite has one dispatcher per process.
pub fn claim_due(
    conn: &mut DbConn,
    limit: i64,
    lease: Duration,
    skip_hosts: &[String],
) -> StoreResult<Vec<Claimed>> {
    let at = now();
    let lease_free = deliveries::locked_until
        .is_null()
        .or(deliveries::locked_until.lt(at));
    let ids: Vec<i32> = match conn {
        DbConn::Pg(pg) => deliveries::table
            .filter(deliveries::state.eq(PENDING))
            .filter(deliveries::next_attempt_at.le(at))
            .filter(lease_free)
            .filter(deliveries::host.ne_all(skip_hosts))
            .order(deliveries::id.asc())
            .limit(limit)
            .select(deliveries::id)
            .for_update()
            .skip_locked()
            .load(pg)?,
        DbConn::Sqlite(lite) => deliveries::table
            .filter(deliveries::state.eq(PENDING))
            .filter(deliveries::next_attempt_at.le(at))
            .filter(lease_free)
            .filter(deliveries::host.ne_all(skip_hosts))
            .order(deliveries::id.asc())
            .limit(limit)
            .select(deliveries::id)
            .load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(deliveries::table.filter(deliveries::id.eq_any(&ids)))
        .set(deliveries::locked_until.eq(Some(at + lease)))
        .execute(conn)?;
    let rows: Vec<(Delivery, ActivityParts)> = deliveries::table
        .inner_join(activities::table)
        .filter(deliveries::id.eq_any(&ids))
        .order(deliveries::id.asc())
        .select((
            deliveries::all_columns,
            (
                activities::ap_id,
                activities::actor_ap_id,
                activities::commune_id,
                activities::json,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(delivery, (activity_ap_id, actor_ap_id, commune_id, json))| Claimed {
                delivery,
                activity_ap_id,
                actor_ap_id,
                commune_id,
                json,
            },
        )
        .collect())
}

/// Gives back leases held by a process that died. Only safe when no other process shares the
/// table, which is the case for SQLite.
pub fn release_all_leases(conn: &mut DbConn) -> StoreResult<usize> {
    Ok(
        diesel::update(deliveries::table.filter(deliveries::state.eq(PENDING)))
            .set(deliveries::locked_until.eq(None::<NaiveDateTime>))
            .execute(conn)?,
    )
}

/// Gives back leases without counting an attempt: rows claimed but not sent this time.
pub fn release_leases(conn: &mut DbConn, ids: &[i32]) -> StoreResult<()> {
    diesel::update(deliveries::table.filter(deliveries::id.eq_any(ids)))
        .set(deliveries::locked_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

pub fn mark_delivered(conn: &mut DbConn, id: i32, host: &str, status: i32) -> StoreResult<()> {
    let at = now();
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::state.eq(DELIVERED),
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::last_error.eq(None::<String>),
            deliveries::last_status.eq(Some(status)),
            deliveries::updated_at.eq(at),
        ))
        .execute(conn)?;
    host_row(conn, host)?;
    diesel::update(delivery_hosts::table.find(host))
        .set((
            delivery_hosts::failing_since.eq(None::<NaiveDateTime>),
            delivery_hosts::dead_at.eq(None::<NaiveDateTime>),
            delivery_hosts::last_success_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The inbox answered with a refusal: the delivery ends, with the status kept. The host
/// answered, so it is not failing; it has not accepted anything either, so no success.
pub fn mark_refused(
    conn: &mut DbConn,
    id: i32,
    host: &str,
    status: i32,
    error: &str,
) -> StoreResult<()> {
    let at = now();
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::state.eq(REFUSED),
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::last_error.eq(Some(error)),
            deliveries::last_status.eq(Some(status)),
            deliveries::updated_at.eq(at),
        ))
        .execute(conn)?;
    host_row(conn, host)?;
    diesel::update(delivery_hosts::table.find(host))
        .set((
            delivery_hosts::failing_since.eq(None::<NaiveDateTime>),
            delivery_hosts::dead_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends a delivery without retry (refused inbox, too old, dead host).
pub fn mark_final(conn: &mut DbConn, id: i32, state: &str, error: &str) -> StoreResult<()> {
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::state.eq(state),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::last_error.eq(Some(error)),
            deliveries::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends a delivery as `dead` if its host is dead now; false if the host is alive.
pub fn finalize_if_host_dead(conn: &mut DbConn, id: i32, host: &str) -> StoreResult<bool> {
    let dead: i64 = delivery_hosts::table
        .filter(delivery_hosts::host.eq(host))
        .filter(delivery_hosts::dead_at.is_not_null())
        .count()
        .get_result(conn)?;
    if dead == 0 {
        return Ok(false);
    }
    mark_final(conn, id, DEAD, "host is dead")?;
    Ok(true)
}

/// `status` is the answer's HTTP status (408, 429, 5xx), none after a connection error.
pub fn schedule_retry(
    conn: &mut DbConn,
    id: i32,
    host: &str,
    next: NaiveDateTime,
    status: Option<i32>,
    error: &str,
) -> StoreResult<()> {
    let at = now();
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::next_attempt_at.eq(next),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::last_error.eq(Some(error)),
            deliveries::last_status.eq(status),
            deliveries::updated_at.eq(at),
        ))
        .execute(conn)?;
    let h = host_row(conn, host)?;
    if h.failing_since.is_none() {
        diesel::update(delivery_hosts::table.find(host))
            .set(delivery_hosts::failing_since.eq(Some(at)))
            .execute(conn)?;
    }
    Ok(())
}

fn host_row(conn: &mut DbConn, host: &str) -> StoreResult<DeliveryHost> {
    if let Some(h) = delivery_hosts::table.find(host).first(conn).optional()? {
        return Ok(h);
    }
    diesel::insert_into(delivery_hosts::table)
        .values(delivery_hosts::host.eq(host))
        .execute(conn)?;
    Ok(delivery_hosts::table.find(host).first(conn)?)
}

/// Hosts failing for longer than `after` become dead: their deliveries stop.
pub fn mark_dead_hosts(conn: &mut DbConn, after: Duration) -> StoreResult<usize> {
    let at = now();
    Ok(diesel::update(
        delivery_hosts::table
            .filter(delivery_hosts::dead_at.is_null())
            .filter(delivery_hosts::failing_since.lt(at - after)),
    )
    .set(delivery_hosts::dead_at.eq(Some(at)))
    .execute(conn)?)
}

/// A host we hear from again is alive.
pub fn revive_host(conn: &mut DbConn, host: &str) -> StoreResult<()> {
    diesel::update(delivery_hosts::table.find(host))
        .set((
            delivery_hosts::dead_at.eq(None::<NaiveDateTime>),
            delivery_hosts::failing_since.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn hosts(conn: &mut DbConn) -> StoreResult<Vec<DeliveryHost>> {
    Ok(delivery_hosts::table
        .order(delivery_hosts::host.asc())
        .load(conn)?)
}

/// Delivery counts by state, for `palabre deliveries` and the health page.
pub fn counts_by_state(conn: &mut DbConn) -> StoreResult<Vec<(String, i64)>> {
    Ok(deliveries::table
        .group_by(deliveries::state)
        .select((deliveries::state, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Delivery counts per remote host and state, for the health page.
pub fn counts_by_host(conn: &mut DbConn) -> StoreResult<Vec<(String, String, i64)>> {
    Ok(deliveries::table
        .group_by((deliveries::host, deliveries::state))
        .select((
            deliveries::host,
            deliveries::state,
            diesel::dsl::count_star(),
        ))
        .order(deliveries::host.asc())
        .load(conn)?)
}

/// Refused deliveries per remote host and HTTP status, most first, for `palabre deliveries`.
pub fn refused_by_host(conn: &mut DbConn) -> StoreResult<Vec<(String, Option<i32>, i64)>> {
    let mut rows: Vec<(String, Option<i32>, i64)> = deliveries::table
        .filter(deliveries::state.eq(REFUSED))
        .group_by((deliveries::host, deliveries::last_status))
        .select((
            deliveries::host,
            deliveries::last_status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    rows.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| a.0.cmp(&b.0))
            .then(a.1.cmp(&b.1))
    });
    Ok(rows)
}
