//! What the node knows of the rest of the fediverse: remote actors and objects, who follows
//! whom, blocked instances, shares, and incoming activity ids already handled.

use super::models::*;
use super::schema::*;
use super::{now, DbConn, StoreResult};
use diesel::prelude::*;

pub fn remote_actor(conn: &mut DbConn, ap_id: &str) -> StoreResult<Option<RemoteActor>> {
    Ok(remote_actors::table
        .filter(remote_actors::ap_id.eq(ap_id))
        .first(conn)
        .optional()?)
}

/// Insert or refresh. `on_conflict` does not compile on the two-backend connection.
pub fn upsert_remote_actor(
    conn: &mut DbConn,
    fields: &RemoteActorFields,
) -> StoreResult<RemoteActor> {
    // One statement, not a read then an insert: ten activities from an actor we have not
    // seen, arriving together, all store it (on PostgreSQL the second insert would otherwise
    // fail on the unique id).
    match conn {
        DbConn::Pg(pg) => diesel::insert_into(remote_actors::table)
            .values(fields)
            .on_conflict(remote_actors::ap_id)
            .do_update()
            .set(fields)
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_into(remote_actors::table)
            .values(fields)
            .on_conflict(remote_actors::ap_id)
            .do_update()
            .set(fields)
            .execute(lite)?,
    };
    Ok(remote_actors::table
        .filter(remote_actors::ap_id.eq(&fields.ap_id))
        .first(conn)?)
}

pub fn add_follower(
    conn: &mut DbConn,
    commune_id: i32,
    actor: &RemoteActor,
    follow_ap_id: &str,
) -> StoreResult<()> {
    let existing = diesel::update(
        followers::table
            .filter(followers::commune_id.eq(commune_id))
            .filter(followers::actor_ap_id.eq(&actor.ap_id)),
    )
    .set((
        followers::follow_ap_id.eq(follow_ap_id),
        followers::inbox.eq(&actor.inbox),
        followers::shared_inbox.eq(&actor.shared_inbox),
    ))
    .execute(conn)?;
    if existing == 0 {
        diesel::insert_into(followers::table)
            .values((
                followers::commune_id.eq(commune_id),
                followers::actor_ap_id.eq(&actor.ap_id),
                followers::inbox.eq(&actor.inbox),
                followers::shared_inbox.eq(&actor.shared_inbox),
                followers::follow_ap_id.eq(follow_ap_id),
                followers::created_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn remove_follower(
    conn: &mut DbConn,
    commune_id: i32,
    actor_ap_id: &str,
) -> StoreResult<usize> {
    Ok(diesel::delete(
        followers::table
            .filter(followers::commune_id.eq(commune_id))
            .filter(followers::actor_ap_id.eq(actor_ap_id)),
    )
    .execute(conn)?)
}

pub fn followers_of(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Follower>> {
    Ok(followers::table
        .filter(followers::commune_id.eq(commune_id))
        .order(followers::id.asc())
        .load(conn)?)
}

pub fn follower_count(conn: &mut DbConn, commune_id: i32) -> StoreResult<i64> {
    Ok(followers::table
        .filter(followers::commune_id.eq(commune_id))
        .count()
        .get_result(conn)?)
}

/// The inboxes a public activity of this commune goes to: shared inboxes where the follower's
/// server has one, so one request reaches every follower on that server.
pub fn follower_inboxes(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<String>> {
    let rows: Vec<(String, Option<String>)> = followers::table
        .filter(followers::commune_id.eq(commune_id))
        .select((followers::inbox, followers::shared_inbox))
        .load(conn)?;
    let mut inboxes: Vec<String> = rows.into_iter().map(|(i, s)| s.unwrap_or(i)).collect();
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

pub fn follow(conn: &mut DbConn, commune_id: i32, target: &str) -> StoreResult<Option<Follow>> {
    Ok(follows::table
        .filter(follows::commune_id.eq(commune_id))
        .filter(follows::target_ap_id.eq(target))
        .first(conn)
        .optional()?)
}

pub fn insert_follow(
    conn: &mut DbConn,
    commune_id: i32,
    target: &str,
    follow_ap_id: &str,
) -> StoreResult<()> {
    diesel::insert_into(follows::table)
        .values((
            follows::commune_id.eq(commune_id),
            follows::target_ap_id.eq(target),
            follows::follow_ap_id.eq(follow_ap_id),
            follows::accepted.eq(false),
            follows::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete_follow(conn: &mut DbConn, id: i32) -> StoreResult<()> {
    diesel::delete(follows::table.find(id)).execute(conn)?;
    Ok(())
}

/// Marks our Follow accepted; the Accept must come from the actor we followed.
pub fn accept_follow(conn: &mut DbConn, follow_ap_id: &str, target: &str) -> StoreResult<bool> {
    Ok(diesel::update(
        follows::table
            .filter(follows::follow_ap_id.eq(follow_ap_id))
            .filter(follows::target_ap_id.eq(target)),
    )
    .set(follows::accepted.eq(true))
    .execute(conn)?
        == 1)
}

pub fn reject_follow(conn: &mut DbConn, follow_ap_id: &str, target: &str) -> StoreResult<bool> {
    Ok(diesel::delete(
        follows::table
            .filter(follows::follow_ap_id.eq(follow_ap_id))
            .filter(follows::target_ap_id.eq(target)),
    )
    .execute(conn)?
        == 1)
}

pub fn follows_of(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Follow>> {
    Ok(follows::table
        .filter(follows::commune_id.eq(commune_id))
        .order(follows::id.asc())
        .load(conn)?)
}

/// Whether any commune of this node follows `actor` (accepted), i.e. wants its posts.
pub fn is_followed(conn: &mut DbConn, actor: &str) -> StoreResult<bool> {
    let n: i64 = follows::table
        .filter(follows::target_ap_id.eq(actor))
        .filter(follows::accepted.eq(true))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn is_blocked(conn: &mut DbConn, host: &str) -> StoreResult<bool> {
    let n: i64 = blocked_instances::table
        .filter(blocked_instances::host.eq(host.to_ascii_lowercase()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn block(conn: &mut DbConn, host: &str, reason: Option<&str>) -> StoreResult<bool> {
    if is_blocked(conn, host)? {
        return Ok(false);
    }
    diesel::insert_into(blocked_instances::table)
        .values((
            blocked_instances::host.eq(host.to_ascii_lowercase()),
            blocked_instances::reason.eq(reason),
            blocked_instances::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn unblock(conn: &mut DbConn, host: &str) -> StoreResult<bool> {
    Ok(diesel::delete(
        blocked_instances::table.filter(blocked_instances::host.eq(host.to_ascii_lowercase())),
    )
    .execute(conn)?
        == 1)
}

pub fn blocked(conn: &mut DbConn) -> StoreResult<Vec<BlockedInstance>> {
    Ok(blocked_instances::table
        .order(blocked_instances::host.asc())
        .load(conn)?)
}

/// Whether `host` is blocked for this commune: by the node's operator, or by the commune.
pub fn is_blocked_for(conn: &mut DbConn, commune_id: i32, host: &str) -> StoreResult<bool> {
    if is_blocked(conn, host)? {
        return Ok(true);
    }
    let n: i64 = commune_blocks::table
        .filter(commune_blocks::commune_id.eq(commune_id))
        .filter(commune_blocks::host.eq(host.to_ascii_lowercase()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A block set by a commune's staff, for that commune only.
pub fn block_for(
    conn: &mut DbConn,
    commune_id: i32,
    host: &str,
    reason: Option<&str>,
) -> StoreResult<bool> {
    let host = host.to_ascii_lowercase();
    let exists: i64 = commune_blocks::table
        .filter(commune_blocks::commune_id.eq(commune_id))
        .filter(commune_blocks::host.eq(&host))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(commune_blocks::table)
        .values((
            commune_blocks::commune_id.eq(commune_id),
            commune_blocks::host.eq(&host),
            commune_blocks::reason.eq(reason),
            commune_blocks::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Lifts a commune's own block; node-wide blocks are untouched.
pub fn unblock_for(conn: &mut DbConn, commune_id: i32, host: &str) -> StoreResult<bool> {
    Ok(diesel::delete(
        commune_blocks::table
            .filter(commune_blocks::commune_id.eq(commune_id))
            .filter(commune_blocks::host.eq(host.to_ascii_lowercase())),
    )
    .execute(conn)?
        == 1)
}

pub fn blocked_by(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<BlockedInstance>> {
    Ok(commune_blocks::table
        .filter(commune_blocks::commune_id.eq(commune_id))
        .select((
            commune_blocks::host,
            commune_blocks::reason,
            commune_blocks::created_at,
        ))
        .order(commune_blocks::host.asc())
        .load(conn)?)
}

/// Deliveries of one commune's activities per remote host and state: what its staff may see
/// of delivery health, without other communes' traffic.
pub fn delivery_counts_of(
    conn: &mut DbConn,
    commune_id: i32,
) -> StoreResult<Vec<(String, String, i64)>> {
    Ok(deliveries::table
        .inner_join(activities::table)
        .filter(activities::commune_id.eq(commune_id))
        .group_by((deliveries::host, deliveries::state))
        .select((
            deliveries::host,
            deliveries::state,
            diesel::dsl::count_star(),
        ))
        .order(deliveries::host.asc())
        .load(conn)?)
}

pub fn remote_object(conn: &mut DbConn, ap_id: &str) -> StoreResult<Option<RemoteObject>> {
    Ok(remote_objects::table
        .filter(remote_objects::ap_id.eq(ap_id))
        .first(conn)
        .optional()?)
}

pub fn upsert_remote_object(conn: &mut DbConn, fields: &RemoteObjectFields) -> StoreResult<()> {
    if remote_object(conn, &fields.ap_id)?.is_some() {
        diesel::update(remote_objects::table.filter(remote_objects::ap_id.eq(&fields.ap_id)))
            .set(fields)
            .execute(conn)?;
    } else {
        diesel::insert_into(remote_objects::table)
            .values(fields)
            .execute(conn)?;
    }
    Ok(())
}

pub fn mark_remote_object_deleted(conn: &mut DbConn, ap_id: &str, by: &str) -> StoreResult<bool> {
    Ok(diesel::update(
        remote_objects::table
            .filter(remote_objects::ap_id.eq(ap_id))
            .filter(remote_objects::attributed_to.eq(by)),
    )
    .set(remote_objects::deleted_at.eq(Some(now())))
    .execute(conn)?
        == 1)
}

pub fn remote_objects_by(conn: &mut DbConn, actor: &str) -> StoreResult<Vec<RemoteObject>> {
    Ok(remote_objects::table
        .filter(remote_objects::attributed_to.eq(actor))
        .order(remote_objects::id.desc())
        .load(conn)?)
}

pub fn share(conn: &mut DbConn, commune_id: i32, object: &str) -> StoreResult<Option<Share>> {
    Ok(shares::table
        .filter(shares::commune_id.eq(commune_id))
        .filter(shares::object_ap_id.eq(object))
        .first(conn)
        .optional()?)
}

pub fn insert_share(
    conn: &mut DbConn,
    commune_id: i32,
    object: &str,
    announce: &str,
) -> StoreResult<()> {
    diesel::insert_into(shares::table)
        .values((
            shares::commune_id.eq(commune_id),
            shares::object_ap_id.eq(object),
            shares::announce_ap_id.eq(announce),
            shares::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Live shares of an object, across the node's communes.
pub fn shares_of_object(conn: &mut DbConn, object: &str) -> StoreResult<Vec<Share>> {
    Ok(shares::table
        .filter(shares::object_ap_id.eq(object))
        .filter(shares::withdrawn_at.is_null())
        .load(conn)?)
}

pub fn withdraw_share(conn: &mut DbConn, id: i32) -> StoreResult<()> {
    diesel::update(shares::table.find(id))
        .set(shares::withdrawn_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

/// Records an incoming activity id in the caller's transaction, so that its effect and the
/// record commit together; false when it is already recorded (a redelivery). The primary key
/// settles copies that arrive together: on PostgreSQL a second insert waits for the first
/// transaction and then does nothing; on SQLite transactions are serialized.
pub fn claim_received(conn: &mut DbConn, ap_id: &str, actor: &str) -> StoreResult<bool> {
    let row = (
        received_activities::ap_id.eq(ap_id),
        received_activities::actor_ap_id.eq(actor),
        received_activities::received_at.eq(now()),
    );
    let inserted = match conn {
        DbConn::Pg(pg) => diesel::insert_into(received_activities::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(lite) => diesel::insert_or_ignore_into(received_activities::table)
            .values(row)
            .execute(lite)?,
    };
    Ok(inserted == 1)
}

/// What the actors a commune follows have published, newest first.
pub fn feed_of(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<RemoteObject>> {
    let targets: Vec<String> = follows::table
        .filter(follows::commune_id.eq(commune_id))
        .select(follows::target_ap_id)
        .load(conn)?;
    Ok(remote_objects::table
        .filter(remote_objects::attributed_to.eq_any(targets))
        .order(remote_objects::id.desc())
        .limit(limit)
        .load(conn)?)
}

/// Follower counts of every commune.
pub fn follower_counts(conn: &mut DbConn) -> StoreResult<Vec<(i32, i64)>> {
    Ok(followers::table
        .group_by(followers::commune_id)
        .select((followers::commune_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Whether the commune's staff blocked this actor.
pub fn is_actor_blocked_for(conn: &mut DbConn, commune_id: i32, actor: &str) -> StoreResult<bool> {
    let n: i64 = commune_actor_blocks::table
        .filter(commune_actor_blocks::commune_id.eq(commune_id))
        .filter(commune_actor_blocks::actor_ap_id.eq(actor))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A block of one actor by a commune's staff; false when it was already blocked.
pub fn block_actor_for(
    conn: &mut DbConn,
    commune_id: i32,
    actor: &str,
    reason: Option<&str>,
) -> StoreResult<bool> {
    if is_actor_blocked_for(conn, commune_id, actor)? {
        return Ok(false);
    }
    diesel::insert_into(commune_actor_blocks::table)
        .values((
            commune_actor_blocks::commune_id.eq(commune_id),
            commune_actor_blocks::actor_ap_id.eq(actor),
            commune_actor_blocks::reason.eq(reason),
            commune_actor_blocks::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(true)
}

pub fn unblock_actor_for(conn: &mut DbConn, commune_id: i32, actor: &str) -> StoreResult<bool> {
    Ok(diesel::delete(
        commune_actor_blocks::table
            .filter(commune_actor_blocks::commune_id.eq(commune_id))
            .filter(commune_actor_blocks::actor_ap_id.eq(actor)),
    )
    .execute(conn)?
        == 1)
}

/// The actors a commune blocked, as (actor, reason, since).
pub fn actors_blocked_by(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<BlockedInstance>> {
    Ok(commune_actor_blocks::table
        .filter(commune_actor_blocks::commune_id.eq(commune_id))
        .order(commune_actor_blocks::actor_ap_id.asc())
        .select((
            commune_actor_blocks::actor_ap_id,
            commune_actor_blocks::reason,
            commune_actor_blocks::created_at,
        ))
        .load(conn)?)
}
