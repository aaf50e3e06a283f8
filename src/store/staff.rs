//! Staff accounts, their sessions, invitations, and failed logins.

use super::models::{Invitation, Staff};
use super::schema::{login_failures, sessions, staff, staff_invitations as invitations};
use super::{now, DbConn, StoreResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn find(conn: &mut DbConn, commune_id: i32, username: &str) -> StoreResult<Option<Staff>> {
    Ok(staff::table
        .filter(staff::commune_id.eq(commune_id))
        .filter(staff::username.eq(username))
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    username: &str,
    hash: &str,
    role: &str,
) -> StoreResult<Staff> {
    diesel::insert_into(staff::table)
        .values((
            staff::commune_id.eq(commune_id),
            staff::username.eq(username),
            staff::password_hash.eq(hash),
            staff::role.eq(role),
            staff::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(staff::table
        .filter(staff::commune_id.eq(commune_id))
        .filter(staff::username.eq(username))
        .first(conn)?)
}

pub fn of_commune(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Staff>> {
    Ok(staff::table
        .filter(staff::commune_id.eq(commune_id))
        .order(staff::username.asc())
        .load(conn)?)
}

pub fn set_password(conn: &mut DbConn, id: i32, hash: &str) -> StoreResult<()> {
    diesel::update(staff::table.find(id))
        .set(staff::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

pub fn insert_session(
    conn: &mut DbConn,
    token_hash: &str,
    staff_id: i32,
    csrf: &str,
    expires: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::staff_id.eq(staff_id),
            sessions::csrf.eq(csrf),
            sessions::created_at.eq(now()),
            sessions::expires_at.eq(expires),
        ))
        .execute(conn)?;
    Ok(())
}

/// The live session of a token hash, with its staff member (enabled) and CSRF token.
pub fn session(conn: &mut DbConn, token_hash: &str) -> StoreResult<Option<(Staff, String)>> {
    Ok(sessions::table
        .inner_join(staff::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now()))
        .filter(staff::disabled_at.is_null())
        .select((staff::all_columns, sessions::csrf))
        .first(conn)
        .optional()?)
}

pub fn delete_session(conn: &mut DbConn, token_hash: &str) -> StoreResult<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?;
    Ok(())
}

/// Ends every session of a staff member (after a password change).
pub fn delete_sessions_of(conn: &mut DbConn, staff_id: i32) -> StoreResult<()> {
    diesel::delete(sessions::table.filter(sessions::staff_id.eq(staff_id))).execute(conn)?;
    Ok(())
}

/// Counts of earlier attempts, within the window, under each key of one login attempt.
pub struct AttemptCounts {
    pub address: i64,
    pub account_from_address: i64,
    pub account: i64,
}

/// The keys one login attempt is counted under.
pub struct AttemptKeys {
    pub address: String,
    pub account_from_address: String,
    pub account: String,
}

impl AttemptKeys {
    fn all(&self) -> [&str; 3] {
        [&self.address, &self.account_from_address, &self.account]
    }
}

/// Counts a login attempt before its password is checked, in one transaction that no other
/// attempt can interleave with, so concurrent attempts cannot all read the same old count.
/// `refuse` sees the earlier counts; when it says no, nothing is recorded. Otherwise the
/// attempt is recorded under every key and its rows returned, to forget them if the
/// password turns out right. Rows older than the window go at the same time.
pub fn count_attempt(
    conn: &mut DbConn,
    keys: &AttemptKeys,
    since: NaiveDateTime,
    refuse: impl FnOnce(&AttemptCounts) -> bool,
) -> StoreResult<(AttemptCounts, Option<Vec<i32>>)> {
    // SQLite's transactions (begun IMMEDIATE) already run one at a time; PostgreSQL's read
    // committed would let two see the same count, so they queue on one advisory lock.
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7201)").execute(pg)?;
    }
    diesel::delete(
        login_failures::table
            .filter(login_failures::key.eq_any(keys.all()))
            .filter(login_failures::at.le(since)),
    )
    .execute(conn)?;
    let mut count = |key: &str| -> StoreResult<i64> {
        Ok(login_failures::table
            .filter(login_failures::key.eq(key))
            .filter(login_failures::at.gt(since))
            .count()
            .get_result(conn)?)
    };
    let counts = AttemptCounts {
        address: count(&keys.address)?,
        account_from_address: count(&keys.account_from_address)?,
        account: count(&keys.account)?,
    };
    if refuse(&counts) {
        return Ok((counts, None));
    }
    let at = now();
    let mut rows = Vec::with_capacity(3);
    for key in keys.all() {
        rows.push(
            diesel::insert_into(login_failures::table)
                .values((login_failures::key.eq(key), login_failures::at.eq(at)))
                .returning(login_failures::id)
                .get_result(conn)?,
        );
    }
    Ok((counts, Some(rows)))
}

/// Forgets an attempt whose password was right: it is not a failure.
pub fn forget_attempt(conn: &mut DbConn, rows: &[i32]) -> StoreResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq_any(rows))).execute(conn)?;
    Ok(())
}

pub fn insert_invitation(
    conn: &mut DbConn,
    commune_id: i32,
    token_hash: &str,
    role: &str,
    invited_by: i32,
    expires: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::commune_id.eq(commune_id),
            invitations::token_hash.eq(token_hash),
            invitations::role.eq(role),
            invitations::invited_by.eq(Some(invited_by)),
            invitations::created_at.eq(now()),
            invitations::expires_at.eq(expires),
        ))
        .execute(conn)?;
    Ok(())
}

/// The invitation of a token hash on this commune, if it is neither used nor expired.
pub fn live_invitation(
    conn: &mut DbConn,
    commune_id: i32,
    token_hash: &str,
) -> StoreResult<Option<Invitation>> {
    Ok(invitations::table
        .filter(invitations::commune_id.eq(commune_id))
        .filter(invitations::token_hash.eq(token_hash))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(now()))
        .first(conn)
        .optional()?)
}

/// Invitations of a commune still waiting for their guest, soonest to expire first.
pub fn pending_invitations(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<Invitation>> {
    Ok(invitations::table
        .filter(invitations::commune_id.eq(commune_id))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(now()))
        .order(invitations::expires_at.asc())
        .load(conn)?)
}

pub fn mark_accepted(conn: &mut DbConn, id: i32, staff_id: i32) -> StoreResult<()> {
    diesel::update(invitations::table.find(id))
        .set((
            invitations::accepted_at.eq(Some(now())),
            invitations::accepted_by.eq(Some(staff_id)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Withdraws a pending invitation; false when there was none of that id on this commune.
pub fn delete_invitation(conn: &mut DbConn, commune_id: i32, id: i32) -> StoreResult<bool> {
    let n = diesel::delete(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::commune_id.eq(commune_id))
            .filter(invitations::accepted_at.is_null()),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// Disables an account of a commune and ends its sessions; false when there is no such
/// enabled account.
pub fn disable(conn: &mut DbConn, commune_id: i32, id: i32) -> StoreResult<bool> {
    let n = diesel::update(
        staff::table
            .filter(staff::id.eq(id))
            .filter(staff::commune_id.eq(commune_id))
            .filter(staff::disabled_at.is_null()),
    )
    .set(staff::disabled_at.eq(Some(now())))
    .execute(conn)?;
    delete_sessions_of(conn, id)?;
    Ok(n > 0)
}

/// Enabled admins of a commune.
pub fn admin_count(conn: &mut DbConn, commune_id: i32) -> StoreResult<i64> {
    Ok(staff::table
        .filter(staff::commune_id.eq(commune_id))
        .filter(staff::role.eq("admin"))
        .filter(staff::disabled_at.is_null())
        .count()
        .get_result(conn)?)
}
