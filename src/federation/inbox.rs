//! Incoming activities. `web::inbox` checks the signature (`super::signature`, by a key of the
//! activity's `actor`) before `verify` and `receive` below run, so nothing here sees an
//! unsigned body.

use super::actors::RemoteActorObj;
use super::{same_origin, Data, FederationError};
use crate::service::{follows, remote, ServiceError};
use crate::store::federation as fed;
use activitypub_federation::traits::Activity;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

tokio::task_local! {
    /// The commune whose personal inbox is receiving, set by the web route around the whole
    /// reception: the crate gives handlers no way to know which inbox was posted to.
    pub static PERSONAL_INBOX: i32;
}

/// Any activity, kept whole: dispatch is on `type`, and a Follow is echoed back in its Accept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboxActivity {
    pub id: Url,
    pub actor: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub object: Value,
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

/// The id of an object given inline or by reference.
fn object_id(v: &Value) -> Option<Url> {
    match v {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(o) => o
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        _ => None,
    }
}

impl InboxActivity {
    /// A commune's own blocks: its personal inbox refuses the host's activities, and so does
    /// any inbox for a Follow of it. Node-wide blocks were refused before the signature check.
    async fn refuse_commune_blocks(&self, data: &Data) -> Result<(), FederationError> {
        let app = data.app_data();
        let mut communes = Vec::new();
        if let Ok(id) = PERSONAL_INBOX.try_with(|id| *id) {
            communes.push(id);
        }
        if self.kind == "Follow" {
            let slug = object_id(&self.object).and_then(|t| app.urls.slug_of_actor(&t));
            if let Some(slug) = slug {
                if let Ok(c) = crate::service::communes::get(app, &slug).await {
                    communes.push(c.id);
                }
            }
        }
        let host = self.actor.host_str().unwrap_or_default();
        for id in communes {
            if remote::is_blocked_for(app, id, host).await? {
                return Err(FederationError::Refused(
                    "this instance is blocked by this commune".into(),
                ));
            }
        }
        Ok(())
    }

    fn whole(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    fn object_kind(&self) -> Option<&str> {
        self.object.get("type").and_then(Value::as_str)
    }
}

#[async_trait]
impl Activity for InboxActivity {
    type DataType = crate::service::App;
    type Error = FederationError;

    fn id(&self) -> &Url {
        &self.id
    }

    fn actor(&self) -> &Url {
        &self.actor
    }

    /// Origin rules: the activity, and any object it creates or changes, live on the actor's
    /// host and port.
    async fn verify(&self, data: &Data) -> Result<(), FederationError> {
        if !same_origin(&self.id, &self.actor) {
            return Err(FederationError::Rejected(
                "activity id is on another host than its actor".into(),
            ));
        }
        if matches!(self.kind.as_str(), "Create" | "Update" | "Delete") {
            let id = object_id(&self.object)
                .ok_or_else(|| FederationError::Rejected("object has no id".into()))?;
            if !same_origin(&id, &self.actor) {
                return Err(FederationError::Rejected(
                    "object id is on another host than its actor".into(),
                ));
            }
            if let Some(author) = self.object.get("attributedTo").and_then(Value::as_str) {
                if author != self.actor.as_str() {
                    return Err(FederationError::Rejected(
                        "object is attributed to another actor".into(),
                    ));
                }
            }
        }
        self.refuse_commune_blocks(data).await
    }

    async fn receive(self, data: &Data) -> Result<(), FederationError> {
        let app = data.app_data();
        let (id, actor) = (self.id.to_string(), self.actor.to_string());
        let seen = {
            let id = id.clone();
            app.store
                .run(move |c| fed::was_received(c, &id))
                .await
                .map_err(ServiceError::from)?
        };
        if seen {
            tracing::debug!(activity = %id, "already received, ignored");
            return Ok(());
        }
        let host = crate::store::activities::host_key(&self.actor);
        self.dispatch(data).await?;
        let stored = app
            .store
            .run(move |c| {
                crate::store::activities::revive_host(c, &host)?;
                fed::remember_received(c, &id, &actor)
            })
            .await;
        match stored {
            Ok(_) => Ok(()),
            // Two copies raced: the other one recorded it.
            Err(e) if e.is_unique_violation() => Ok(()),
            Err(e) => Err(ServiceError::from(e).into()),
        }
    }
}

impl InboxActivity {
    async fn dispatch(self, data: &Data) -> Result<(), FederationError> {
        let app = data.app_data();
        match self.kind.as_str() {
            "Follow" => {
                let target = object_id(&self.object)
                    .ok_or_else(|| FederationError::Rejected("Follow without object".into()))?;
                let slug = app.urls.slug_of_actor(&target).ok_or_else(|| {
                    FederationError::Rejected("Follow of an actor that is not ours".into())
                })?;
                let commune = crate::service::communes::get(app, &slug).await?;
                let follower = follower(data, &self.actor).await?;
                tracing::info!(commune = %slug, follower = %self.actor, "new follower");
                follows::accept_follower(app, &commune, follower.row, self.whole()).await?;
            }
            "Undo" => match self.object_kind() {
                Some("Follow") => {
                    let target = object_id(self.object.get("object").unwrap_or(&Value::Null))
                        .ok_or_else(|| {
                            FederationError::Rejected("Undo of a Follow without object".into())
                        })?;
                    if let Some(slug) = app.urls.slug_of_actor(&target) {
                        let commune = crate::service::communes::get(app, &slug).await?;
                        follows::remove_follower(app, commune.id, self.actor.as_str()).await?;
                        tracing::info!(commune = %slug, follower = %self.actor, "follower left");
                    }
                }
                _ => tracing::debug!(activity = %self.id, "Undo of something we do not keep"),
            },
            "Accept" | "Reject" => {
                let follow = object_id(&self.object)
                    .ok_or_else(|| FederationError::Rejected("Accept without object".into()))?;
                let known = if self.kind == "Accept" {
                    follows::accepted(app, follow.as_str(), self.actor.as_str()).await?
                } else {
                    follows::rejected(app, follow.as_str(), self.actor.as_str()).await?
                };
                tracing::info!(follow = %follow, by = %self.actor, known, "{}", self.kind);
            }
            "Create" | "Update" => {
                if !self.object.is_object() {
                    return Err(FederationError::Rejected(
                        "object must be given inline".into(),
                    ));
                }
                let stored =
                    remote::store_object(app, self.actor.as_str(), self.object.clone()).await?;
                tracing::info!(object = ?object_id(&self.object).map(String::from), stored, "{}", self.kind);
            }
            "Delete" => {
                let object = object_id(&self.object)
                    .ok_or_else(|| FederationError::Rejected("Delete without object".into()))?;
                if object != self.actor {
                    remote::object_deleted(app, self.actor.as_str(), object.as_str()).await?;
                }
            }
            other => tracing::info!(activity = %self.id, kind = other, "ignored activity type"),
        }
        Ok(())
    }
}

/// The follower, stored when its signature verified.
async fn follower(data: &Data, actor: &Url) -> Result<RemoteActorObj, FederationError> {
    match remote::actor(data.app_data(), actor.as_str()).await? {
        Some(row) => Ok(RemoteActorObj::new(row)),
        None => Err(FederationError::Service(ServiceError::NotFound("follower"))),
    }
}
