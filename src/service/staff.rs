//! Staff accounts: Argon2id passwords, sessions, invitations, and login rate limits.

use super::{App, ServiceError, ServiceResult};
use crate::domain::staff::{self as rules, Role};
use crate::store::models::{Invitation, Staff};
use crate::store::staff as db;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;

/// Sessions last a working day; then staff log in again.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins allowed within the window from one client address, in all and on one
/// account; past them that address is refused without a password check.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Failures on one account from everywhere never refuse its owner (anyone could cause
/// them); past this many, every attempt on the account waits `SLOW_DOWN` instead.
pub const SLOW_DOWN_AFTER_ACCOUNT_FAILURES: i64 = 5;
pub const SLOW_DOWN: std::time::Duration = std::time::Duration::from_secs(1);
/// An invitation link works for a week, long enough to reach someone by phone or WhatsApp.
pub const INVITATION_DAYS: i64 = 7;

async fn hash(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Keys(e.to_string()))
    })
    .await
    .map_err(|e| ServiceError::Keys(e.to_string()))?
}

async fn verify(stored: String, password: String) -> ServiceResult<bool> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| ServiceError::Keys(e.to_string()))
}

pub(crate) fn random_token() -> String {
    let mut raw = [0u8; 32];
    rand::Rng::fill(&mut rand::thread_rng(), &mut raw);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

pub fn role_of(s: &Staff) -> Role {
    Role::parse(&s.role).unwrap_or(Role::Moderator)
}

pub async fn create(
    app: &App,
    commune_id: i32,
    username: &str,
    password: &str,
    role: Role,
) -> ServiceResult<Staff> {
    let username = rules::username(username)?;
    let hashed = hash(rules::password(password)?.to_string()).await?;
    let result = app
        .store
        .transaction(move |c| {
            if db::find(c, commune_id, &username)?.is_some() {
                return Ok(None);
            }
            db::insert(c, commune_id, &username, &hashed, role.as_str()).map(Some)
        })
        .await?;
    result.ok_or_else(|| ServiceError::Conflict("this username is taken".into()))
}

async fn dummy_hash() -> ServiceResult<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash(random_token()))
        .await
        .cloned()
}

/// A generated password for accounts made from the CLI.
pub fn generate_password() -> String {
    random_token()[..16].to_string()
}

pub enum Login {
    Ok { token: String, staff: Staff },
    Wrong,
    TooMany,
}

/// Checks a password. The attempt is counted before the check, so concurrent attempts
/// cannot pass the limit together; `address` is the client's (see `web::pages::admin::login`).
/// Limits refuse only the address that failed; an account failed from elsewhere is slowed.
pub async fn login(
    app: &App,
    commune_id: i32,
    username: &str,
    password: &str,
    address: &str,
) -> ServiceResult<Login> {
    let username = username.trim().to_lowercase();
    let keys = db::AttemptKeys {
        address: format!("address:{address}"),
        account_from_address: format!("account:{commune_id}:{username}@{address}"),
        account: format!("account:{commune_id}:{username}"),
    };
    let since = crate::store::now() - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES);
    let u = username.clone();
    let (counts, rows, found) = app
        .store
        .transaction(move |c| {
            let (counts, rows) = db::count_attempt(c, &keys, since, |n| {
                n.address >= MAX_FAILURES_PER_ADDRESS
                    || n.account_from_address >= MAX_FAILURES_PER_ACCOUNT
            })?;
            Ok((counts, rows, db::find(c, commune_id, &u)?))
        })
        .await?;
    let Some(rows) = rows else {
        tracing::warn!(account = %username, address, "login refused: too many failures from this address");
        return Ok(Login::TooMany);
    };
    if counts.account >= SLOW_DOWN_AFTER_ACCOUNT_FAILURES {
        tracing::warn!(account = %username, address, failures = counts.account, "login slowed: account under repeated failures");
        tokio::time::sleep(SLOW_DOWN).await;
    }
    let password = password.to_string();
    let candidate = found.filter(|s| s.disabled_at.is_none());
    let stored = match candidate.as_ref() {
        Some(s) => s.password_hash.clone(),
        // Verify against a real hash when the account does not exist, so timing does not tell.
        None => dummy_hash().await?,
    };
    let ok = verify(stored, password).await?;
    match (ok, candidate) {
        (true, Some(staff)) => {
            let token = open_session(app, &staff, rows).await?;
            tracing::info!(staff = %staff.username, commune = staff.commune_id, "login");
            Ok(Login::Ok { token, staff })
        }
        _ => {
            tracing::warn!(account = %username, address, "login failed");
            Ok(Login::Wrong)
        }
    }
}

/// Starts a session for a staff member and returns its token (the cookie's value). The rows
/// that counted this login as an attempt go in the same transaction: it did not fail.
async fn open_session(app: &App, staff: &Staff, attempt: Vec<i32>) -> ServiceResult<String> {
    let token = random_token();
    let (th, csrf, id) = (
        super::communes::hash_token(&token),
        random_token(),
        staff.id,
    );
    let expires = crate::store::now() + chrono::Duration::hours(SESSION_HOURS);
    app.store
        .transaction(move |c| {
            db::forget_attempt(c, &attempt)?;
            db::insert_session(c, &th, id, &csrf, expires)
        })
        .await?;
    Ok(token)
}

/// The staff member and CSRF token of a live session.
pub async fn session(app: &App, token: &str) -> ServiceResult<Option<(Staff, String)>> {
    let th = super::communes::hash_token(token);
    Ok(app.store.run(move |c| db::session(c, &th)).await?)
}

pub async fn logout(app: &App, token: &str) -> ServiceResult<()> {
    let th = super::communes::hash_token(token);
    Ok(app.store.run(move |c| db::delete_session(c, &th)).await?)
}

/// Changes a password after checking the current one; every session of the account ends.
pub async fn change_password(
    app: &App,
    staff: &Staff,
    current: &str,
    new: &str,
) -> ServiceResult<bool> {
    let stored = staff.password_hash.clone();
    let current = current.to_string();
    let ok = verify(stored, current).await?;
    if !ok {
        return Ok(false);
    }
    let hashed = hash(rules::password(new)?.to_string()).await?;
    let id = staff.id;
    app.store
        .transaction(move |c| {
            db::set_password(c, id, &hashed)?;
            db::delete_sessions_of(c, id)
        })
        .await?;
    Ok(true)
}

pub async fn of_commune(app: &App, commune_id: i32) -> ServiceResult<Vec<Staff>> {
    Ok(app
        .store
        .run(move |c| db::of_commune(c, commune_id))
        .await?)
}

/// Creates an invitation to join the commune with a role, and returns the link's token. Only
/// its hash is stored: the admin sees the link once.
pub async fn invite(app: &App, by: &Staff, role: Role) -> ServiceResult<String> {
    let token = random_token();
    let (th, commune_id, by_id) = (super::communes::hash_token(&token), by.commune_id, by.id);
    let expires = crate::store::now() + chrono::Duration::days(INVITATION_DAYS);
    app.store
        .run(move |c| db::insert_invitation(c, commune_id, &th, role.as_str(), by_id, expires))
        .await?;
    Ok(token)
}

/// The live invitation of a link's token on this commune.
pub async fn invitation(
    app: &App,
    commune_id: i32,
    token: &str,
) -> ServiceResult<Option<Invitation>> {
    let th = super::communes::hash_token(token);
    Ok(app
        .store
        .run(move |c| db::live_invitation(c, commune_id, &th))
        .await?)
}

pub async fn pending_invitations(app: &App, commune_id: i32) -> ServiceResult<Vec<Invitation>> {
    Ok(app
        .store
        .run(move |c| db::pending_invitations(c, commune_id))
        .await?)
}

pub async fn revoke_invitation(app: &App, commune_id: i32, id: i32) -> ServiceResult<()> {
    let found = app
        .store
        .run(move |c| db::delete_invitation(c, commune_id, id))
        .await?;
    found
        .then_some(())
        .ok_or(ServiceError::NotFound("invitation"))
}

/// Creates the guest's account with the invitation's role and signs them in; the link is used
/// up in the same transaction, so it works once. Returns the account and its session token.
pub async fn accept_invitation(
    app: &App,
    commune_id: i32,
    token: &str,
    username: &str,
    password: &str,
) -> ServiceResult<(Staff, String)> {
    let username = rules::username(username)?;
    let hashed = hash(rules::password(password)?.to_string()).await?;
    let th = super::communes::hash_token(token);
    let created = app
        .store
        .transaction(move |c| {
            let Some(inv) = db::live_invitation(c, commune_id, &th)? else {
                return Ok(Err(ServiceError::NotFound("invitation")));
            };
            if db::find(c, commune_id, &username)?.is_some() {
                return Ok(Err(ServiceError::Conflict("this username is taken".into())));
            }
            let staff = db::insert(c, commune_id, &username, &hashed, &inv.role)?;
            db::mark_accepted(c, inv.id, staff.id)?;
            Ok(Ok(staff))
        })
        .await??;
    let session = open_session(app, &created, Vec::new()).await?;
    tracing::info!(staff = %created.username, commune = commune_id, role = %created.role, "invitation accepted");
    Ok((created, session))
}

/// Disables a colleague's account (someone who left): they can no longer sign in and their
/// sessions end at once. An admin cannot disable themselves, nor the commune's last admin, so
/// a commune is never locked out of its own staff area.
pub async fn disable(app: &App, by: &Staff, id: i32) -> ServiceResult<()> {
    if by.id == id {
        return Err(ServiceError::Forbidden(
            "you cannot disable your own account".into(),
        ));
    }
    let commune_id = by.commune_id;
    let outcome = app
        .store
        .transaction(move |c| {
            let target = db::of_commune(c, commune_id)?
                .into_iter()
                .find(|s| s.id == id && s.disabled_at.is_none());
            let Some(target) = target else {
                return Ok(Err(ServiceError::NotFound("staff account")));
            };
            if target.role == Role::Admin.as_str() && db::admin_count(c, commune_id)? <= 1 {
                return Ok(Err(ServiceError::Forbidden(
                    "the last admin cannot be disabled".into(),
                )));
            }
            db::disable(c, commune_id, id)?;
            Ok(Ok(target))
        })
        .await??;
    tracing::info!(by = %by.username, disabled = %outcome.username, commune = commune_id, "staff account disabled");
    Ok(())
}
