//! What other nodes publish: their decisions stored with the original JSON and the fields the
//! observatory reads; shares (Announce) of them; blocks.

use super::inbound::{Once, Receipt};
use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::protocol::activity;
use crate::store::models::{RemoteActor, RemoteActorFields, RemoteObjectFields};
use crate::store::{federation as fed, now, DbConn, StoreResult};
use chrono::NaiveDate;
use serde_json::Value;

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

/// A natural-language property: the plain `key` (older Palabre nodes, most servers), else the
/// `map_key` entry in the object's language (the first `contentMap` key), else any entry.
fn lang_text(v: &Value, key: &str, map_key: &str) -> Option<String> {
    if let Some(s) = text(v, key) {
        return Some(s);
    }
    let map = v.get(map_key)?.as_object()?;
    let lang = v
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next());
    lang.and_then(|l| map.get(l))
        .and_then(Value::as_str)
        .or_else(|| map.values().find_map(Value::as_str))
        .map(str::to_string)
}

fn time(v: &Value, k: &str) -> Option<chrono::NaiveDateTime> {
    v.get(k)
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.naive_utc())
}

fn count(v: &Value, k: &str) -> Option<i32> {
    v.get("voteCounts")
        .and_then(|c| c.get(k))
        .and_then(Value::as_i64)
        .filter(|n| (0..=i32::MAX as i64).contains(n))
        .map(|n| n as i32)
}

/// Extracts what we index from a remote object. Text is kept as sent; it is escaped when shown.
pub fn object_fields(object: &Value, author: &str) -> Option<RemoteObjectFields> {
    let id = text(object, "id")?;
    let url = match object.get("url") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("href").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    Some(RemoteObjectFields {
        ap_id: id,
        kind: text(object, "type").unwrap_or_default(),
        attributed_to: author.to_string(),
        name: lang_text(object, "name", "nameMap"),
        summary: lang_text(object, "summary", "summaryMap"),
        url,
        reference: text(object, "reference"),
        decision_kind: text(object, "decisionKind"),
        session_date: text(object, "sessionDate")
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
        status: text(object, "decisionStatus"),
        votes_yes: count(object, "yes"),
        votes_no: count(object, "no"),
        votes_abstain: count(object, "abstain"),
        votes_absent: count(object, "absent"),
        published_at: time(object, "published"),
        updated_at: time(object, "updated"),
        json: object.to_string(),
        received_at: now(),
    })
}

/// Stores a Create/Update's object if one of our communes follows its author; other posts
/// are not ours to keep. Returns whether it was stored.
pub async fn store_object(
    app: &App,
    receipt: &Receipt,
    object: Value,
) -> ServiceResult<Once<bool>> {
    let author = receipt.actor.clone();
    receipt
        .once(app, move |c| {
            if !fed::is_followed(c, &author)? {
                return Ok(false);
            }
            let Some(fields) = object_fields(&object, &author) else {
                return Ok(false);
            };
            fed::upsert_remote_object(c, &fields)?;
            Ok(true)
        })
        .await
}

/// The author withdrew an object: mark it, and withdraw our shares of it.
pub async fn object_deleted(
    app: &App,
    receipt: &Receipt,
    object_id: &str,
) -> ServiceResult<Once<bool>> {
    let (author, object_id, app2) = (receipt.actor.clone(), object_id.to_string(), app.clone());
    receipt
        .once(app, move |c| {
            if !fed::mark_remote_object_deleted(c, &object_id, &author)? {
                return Ok(false);
            }
            for share in fed::shares_of_object(c, &object_id)? {
                fed::withdraw_share(c, share.id)?;
                let commune = crate::store::communes::by_id(c, share.commune_id)?;
                let actor = app2.urls.commune(&commune.slug);
                let followers = app2.urls.followers(&commune.slug);
                let original = serde_json::json!({
                    "id": share.announce_ap_id, "type": "Announce", "actor": actor, "object": object_id,
                });
                let mut undo = activity::undo(&app2.urls.new_activity(), &actor, original, None);
                undo["to"] = serde_json::json!([crate::protocol::AS_PUBLIC]);
                undo["cc"] = serde_json::json!([followers]);
                let inboxes = fed::follower_inboxes(c, commune.id)?;
                enqueue(
                    c,
                    &app2,
                    Outgoing {
                        commune_id: Some(commune.id),
                        actor: &actor,
                        object_ap_id: Some(&object_id),
                        public: false,
                        activity: &undo,
                    },
                    &inboxes,
                )?;
            }
            Ok(true)
        })
        .await
}

/// A commune shares a peer's decision with its own followers.
pub async fn share(app: &App, slug: &str, object_id: &str) -> ServiceResult<String> {
    let commune = super::communes::get(app, slug).await?;
    let (object_id, app2) = (object_id.to_string(), app.clone());
    let result = app
        .store
        .transaction(move |c| {
            let Some(object) = fed::remote_object(c, &object_id)? else {
                return Ok(Err(ServiceError::NotFound(
                    "shared object (follow its author first)",
                )));
            };
            if object.deleted_at.is_some() {
                return Ok(Err(ServiceError::Conflict(
                    "the author withdrew this object".into(),
                )));
            }
            if fed::share(c, commune.id, &object_id)?.is_some() {
                return Ok(Err(ServiceError::Conflict("already shared".into())));
            }
            let actor = app2.urls.commune(&commune.slug);
            let id = app2.urls.new_activity();
            let doc = activity::announce(
                &id,
                &actor,
                &app2.urls.followers(&commune.slug),
                &object_id,
                &object.attributed_to,
            );
            fed::insert_share(c, commune.id, &object_id, id.as_str())?;
            let mut inboxes = fed::follower_inboxes(c, commune.id)?;
            if let Some(author) = fed::remote_actor(c, &object.attributed_to)? {
                inboxes.push(author.shared_inbox.unwrap_or(author.inbox));
            }
            enqueue(
                c,
                &app2,
                Outgoing {
                    commune_id: Some(commune.id),
                    actor: &actor,
                    object_ap_id: Some(&object_id),
                    public: true,
                    activity: &doc,
                },
                &inboxes,
            )?;
            Ok(Ok(id.to_string()))
        })
        .await??;
    app.wake.notify_one();
    Ok(result)
}

pub async fn save_actor(app: &App, fields: RemoteActorFields) -> ServiceResult<RemoteActor> {
    Ok(app
        .store
        .run(move |c| fed::upsert_remote_actor(c, &fields))
        .await?)
}

pub async fn actor(app: &App, ap_id: &str) -> ServiceResult<Option<RemoteActor>> {
    let ap_id = ap_id.to_string();
    Ok(app.store.run(move |c| fed::remote_actor(c, &ap_id)).await?)
}

pub async fn is_blocked(app: &App, host: &str) -> ServiceResult<bool> {
    let host = host.to_string();
    Ok(app.store.run(move |c| fed::is_blocked(c, &host)).await?)
}

pub async fn block(app: &App, host: &str, reason: Option<String>) -> ServiceResult<bool> {
    let host = normalize_host(host)?;
    Ok(app
        .store
        .run(move |c| fed::block(c, &host, reason.as_deref()))
        .await?)
}

pub async fn unblock(app: &App, host: &str) -> ServiceResult<bool> {
    let host = normalize_host(host)?;
    Ok(app.store.run(move |c| fed::unblock(c, &host)).await?)
}

/// Whether `host` (a host name, without port) is blocked for this commune, by the node's
/// operator or by the commune itself. Its inbox refuses that host's activities and its
/// deliveries to that host stop.
pub async fn is_blocked_for(app: &App, commune_id: i32, host: &str) -> ServiceResult<bool> {
    let host = host.to_string();
    Ok(app
        .store
        .run(move |c| fed::is_blocked_for(c, commune_id, &host))
        .await?)
}

/// A commune's staff block an instance for their commune only (node-wide blocks are the
/// operator's, `block`, from the CLI): in one transaction, the block, the instance's followers
/// removed and its comments hidden (each logged). Unblocking restores nothing: it only allows
/// again.
pub async fn block_for(
    app: &App,
    commune_id: i32,
    host: &str,
    reason: Option<String>,
    staff_id: Option<i32>,
) -> ServiceResult<bool> {
    let host = normalize_host(host)?;
    let matches = {
        let host = host.clone();
        move |actor: &str| {
            url::Url::parse(actor)
                .ok()
                .and_then(|u| u.host_str().map(|h| h.eq_ignore_ascii_case(&host)))
                .unwrap_or(false)
        }
    };
    Ok(app
        .store
        .transaction(move |c| {
            if !fed::block_for(c, commune_id, &host, reason.as_deref())? {
                return Ok(false);
            }
            blocked_leave(c, commune_id, staff_id, &matches, &host, reason.as_deref())?;
            Ok(true)
        })
        .await?)
}

pub async fn unblock_for(app: &App, commune_id: i32, host: &str) -> ServiceResult<bool> {
    let host = normalize_host(host)?;
    Ok(app
        .store
        .run(move |c| fed::unblock_for(c, commune_id, &host))
        .await?)
}

/// The same for one actor: the block, their follow removed, their comments hidden.
pub async fn block_actor_for(
    app: &App,
    commune_id: i32,
    actor: &str,
    reason: Option<String>,
    staff_id: Option<i32>,
) -> ServiceResult<bool> {
    let actor = url::Url::parse(actor.trim())
        .map_err(|_| crate::domain::Invalid::new("actor", "must be an actor's URL"))?
        .to_string();
    Ok(app
        .store
        .transaction(move |c| {
            if !fed::block_actor_for(c, commune_id, &actor, reason.as_deref())? {
                return Ok(false);
            }
            blocked_leave(
                c,
                commune_id,
                staff_id,
                &|a: &str| a == actor,
                &actor,
                reason.as_deref(),
            )?;
            Ok(true)
        })
        .await?)
}

pub async fn unblock_actor_for(app: &App, commune_id: i32, actor: &str) -> ServiceResult<bool> {
    let actor = actor.trim().to_string();
    Ok(app
        .store
        .run(move |c| fed::unblock_actor_for(c, commune_id, &actor))
        .await?)
}

/// A commune's own blocks, for its staff.
#[derive(Debug, Default)]
pub struct Blocks {
    /// `host` holds the actor's id.
    pub actors: Vec<crate::store::models::BlockedInstance>,
    pub instances: Vec<crate::store::models::BlockedInstance>,
}

pub async fn blocks_of(app: &App, commune_id: i32) -> ServiceResult<Blocks> {
    Ok(app
        .store
        .run(move |c| {
            Ok(Blocks {
                actors: fed::actors_blocked_by(c, commune_id)?,
                instances: fed::blocked_by(c, commune_id)?,
            })
        })
        .await?)
}

/// What a block takes away: the blocked actors' follows of the commune, and their comments.
fn blocked_leave(
    c: &mut DbConn,
    commune_id: i32,
    staff_id: Option<i32>,
    blocked: &dyn Fn(&str) -> bool,
    what: &str,
    reason: Option<&str>,
) -> StoreResult<()> {
    for f in fed::followers_of(c, commune_id)? {
        if blocked(&f.actor_ap_id) {
            fed::remove_follower(c, commune_id, &f.actor_ap_id)?;
        }
    }
    // The log says what was blocked, and why.
    let why = match reason {
        Some(r) => format!("{what} — {r}"),
        None => what.to_string(),
    };
    super::comments::hide_blocked(c, commune_id, staff_id, blocked, &why)?;
    Ok(())
}

/// Whether an actor's activities are refused for a commune: its instance blocked by the node
/// or by the commune, or the actor blocked by the commune.
pub async fn is_refused_for(app: &App, commune_id: i32, actor: &url::Url) -> ServiceResult<bool> {
    let (host, actor) = (
        actor.host_str().unwrap_or_default().to_string(),
        actor.to_string(),
    );
    Ok(app
        .store
        .run(move |c| {
            Ok(fed::is_blocked_for(c, commune_id, &host)?
                || fed::is_actor_blocked_for(c, commune_id, &actor)?)
        })
        .await?)
}

/// Accepts `host`, `host:port` or a URL; blocks apply to the host name, whatever the port.
fn normalize_host(input: &str) -> ServiceResult<String> {
    let input = input.trim();
    let host = if input.contains("://") {
        url::Url::parse(input)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
    } else {
        Some(input.split(':').next().unwrap_or("").to_string())
    };
    match host {
        Some(h) if !h.is_empty() && !h.contains('/') => Ok(h.to_ascii_lowercase()),
        _ => Err(crate::domain::Invalid::new("host", "must be a host name").into()),
    }
}
