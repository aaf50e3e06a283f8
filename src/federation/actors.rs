//! Our actors and remote actors as the crate's `Object`/`Actor` traits.

use super::{same_origin, Data, FederationError};
use crate::service::{remote, App};
use crate::store::models::{RemoteActor, RemoteActorFields};
use activitypub_federation::traits::{Actor, Object};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use url::Url;

/// A signing identity of this node: a commune or the instance actor. Only used to send.
#[derive(Debug, Clone)]
pub struct LocalActor {
    pub id: Url,
    pub inbox: Url,
    pub public_key: String,
    pub private_key: String,
}

impl LocalActor {
    pub fn instance(app: &App) -> Self {
        LocalActor {
            id: app.urls.instance_actor(),
            inbox: app.urls.shared_inbox(),
            public_key: app.instance_public_key.clone(),
            private_key: app.instance_private_key.clone(),
        }
    }

    pub fn commune(app: &App, c: &crate::domain::commune::Commune) -> Self {
        LocalActor {
            id: app.urls.commune(&c.slug),
            inbox: app.urls.inbox(&c.slug),
            public_key: c.public_key.clone(),
            private_key: c.private_key.pem().to_string(),
        }
    }
}

#[async_trait]
impl Object for LocalActor {
    type DataType = App;
    type Kind = Value;
    type Error = FederationError;

    fn id(&self) -> &Url {
        &self.id
    }
    async fn read_from_id(_: Url, _: &Data) -> Result<Option<Self>, FederationError> {
        Ok(None)
    }
    async fn into_json(self, _: &Data) -> Result<Value, FederationError> {
        Err(FederationError::Rejected(
            "local actors are served by the web layer".into(),
        ))
    }
    async fn verify(_: &Value, _: &Url, _: &Data) -> Result<(), FederationError> {
        Err(FederationError::Rejected(
            "local actors are never fetched".into(),
        ))
    }
    async fn from_json(_: Value, _: &Data) -> Result<Self, FederationError> {
        Err(FederationError::Rejected(
            "local actors are never fetched".into(),
        ))
    }
}

impl Actor for LocalActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key
    }
    fn private_key_pem(&self) -> Option<String> {
        Some(self.private_key.clone())
    }
    fn inbox(&self) -> Url {
        self.inbox.clone()
    }
}

/// A remote actor, cached in `remote_actors` and refreshed by the crate after a day.
#[derive(Debug, Clone)]
pub struct RemoteActorObj {
    pub row: RemoteActor,
    id: Url,
}

const ACTOR_TYPES: &[&str] = &["Person", "Organization", "Group", "Service", "Application"];

fn url_field(json: &Value, key: &str) -> Option<Url> {
    json.get(key)
        .and_then(Value::as_str)
        .and_then(|s| Url::parse(s).ok())
}

#[async_trait]
impl Object for RemoteActorObj {
    type DataType = App;
    type Kind = Value;
    type Error = FederationError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        Some(DateTime::from_naive_utc_and_offset(
            self.row.fetched_at,
            Utc,
        ))
    }

    async fn read_from_id(id: Url, data: &Data) -> Result<Option<Self>, FederationError> {
        Ok(remote::actor(data.app_data(), id.as_str())
            .await?
            .map(RemoteActorObj::new))
    }

    async fn into_json(self, _: &Data) -> Result<Value, FederationError> {
        Ok(serde_json::from_str(&self.row.json).unwrap_or(Value::Null))
    }

    /// Mastodon's rules: the document's id is the URL fetched (same origin here), its type an
    /// actor type, an inbox, and a key owned by the actor itself.
    async fn verify(json: &Value, expected: &Url, _: &Data) -> Result<(), FederationError> {
        let id = url_field(json, "id")
            .ok_or_else(|| FederationError::Rejected("actor has no id".into()))?;
        if !same_origin(&id, expected) {
            return Err(FederationError::Rejected(
                "actor id is on another host than its URL".into(),
            ));
        }
        let kind = json.get("type").and_then(Value::as_str).unwrap_or_default();
        if !ACTOR_TYPES.contains(&kind) {
            return Err(FederationError::Rejected(format!(
                "{kind:?} is not an actor type"
            )));
        }
        let inbox = url_field(json, "inbox")
            .ok_or_else(|| FederationError::Rejected("actor has no inbox".into()))?;
        if !same_origin(&inbox, &id) {
            return Err(FederationError::Rejected(
                "actor inbox is on another host".into(),
            ));
        }
        let key = json.get("publicKey");
        let owner = key.and_then(|k| k.get("owner")).and_then(Value::as_str);
        let pem = key
            .and_then(|k| k.get("publicKeyPem"))
            .and_then(Value::as_str);
        if owner != Some(id.as_str()) || pem.is_none() {
            return Err(FederationError::Rejected(
                "actor key is missing or owned by someone else".into(),
            ));
        }
        Ok(())
    }

    async fn from_json(json: Value, data: &Data) -> Result<Self, FederationError> {
        let id = url_field(&json, "id")
            .ok_or_else(|| FederationError::Rejected("actor has no id".into()))?;
        let text = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_string);
        let key = json.get("publicKey").cloned().unwrap_or(Value::Null);
        let fields = RemoteActorFields {
            ap_id: id.to_string(),
            kind: text("type").unwrap_or_default(),
            username: text("preferredUsername").unwrap_or_default(),
            host: crate::store::activities::host_key(&id),
            name: text("name"),
            inbox: text("inbox").unwrap_or_default(),
            shared_inbox: json
                .get("endpoints")
                .and_then(|e| e.get("sharedInbox"))
                .and_then(Value::as_str)
                .and_then(|s| Url::parse(s).ok())
                .filter(|u| same_origin(u, &id))
                .map(String::from),
            public_key_pem: key
                .get("publicKeyPem")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            json: json.to_string(),
            fetched_at: crate::store::now(),
        };
        Ok(RemoteActorObj::new(
            remote::save_actor(data.app_data(), fields).await?,
        ))
    }
}

impl RemoteActorObj {
    pub fn new(row: RemoteActor) -> Self {
        // Rows are only written from a verified document, whose id parsed as a URL.
        let id = Url::parse(&row.ap_id)
            .unwrap_or_else(|_| Url::parse("https://invalid.invalid/").expect("static url"));
        RemoteActorObj { row, id }
    }
}

impl Actor for RemoteActorObj {
    fn public_key_pem(&self) -> &str {
        &self.row.public_key_pem
    }
    fn private_key_pem(&self) -> Option<String> {
        None
    }
    fn inbox(&self) -> Url {
        Url::parse(&self.row.inbox).unwrap_or_else(|_| self.id().clone())
    }
}
