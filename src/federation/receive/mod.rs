//! Incoming activities, after `web::inbox` checked the signature (`super::signature`, by a key
//! of the activity's `actor`): typed (`protocol::incoming`), checked for origin and blocks,
//! then handled by kind, one file each. Every handler's effect goes through
//! `service::inbound::Receipt::once`, so that an activity takes effect once however many
//! copies arrive.

mod answer;
mod comment;
mod create;
mod delete;
mod flag;
mod follow;
mod request;
mod undo;
mod vote;

use super::{same_origin, Data, FederationError};
use crate::protocol::incoming::{Envelope, Incoming};
use crate::service::inbound::{Once, Receipt};
use crate::service::{remote, App};
use serde_json::Value;
use url::Url;

/// One incoming activity on its way through a handler.
pub(crate) struct Inbound<'a> {
    pub data: &'a Data,
    pub receipt: Receipt,
    pub envelope: &'a Envelope,
    /// The whole document as received (kept objects and echoed Follows are stored whole).
    pub doc: Value,
}

impl Inbound<'_> {
    fn app(&self) -> &App {
        self.data.app_data()
    }

    fn actor(&self) -> &Url {
        &self.envelope.actor
    }

    /// Logs what a repeated activity did: nothing.
    fn log_once<T>(&self, done: &Once<T>) {
        if matches!(done, Once::Again) {
            tracing::info!(activity = %self.envelope.id, kind = %self.envelope.kind, "already received, nothing done");
        }
    }
}

/// Handles a signed activity sent by `envelope.actor`, posted to the personal inbox of the
/// commune `personal` (None for the shared inbox).
pub async fn receive(
    data: &Data,
    personal: Option<i32>,
    envelope: &Envelope,
    doc: Value,
) -> Result<(), FederationError> {
    if !same_origin(&envelope.id, &envelope.actor) {
        return Err(FederationError::Rejected(
            "activity id is on another host than its actor".into(),
        ));
    }
    let activity = Incoming::parse(envelope, &doc).map_err(|e| {
        FederationError::Rejected(format!("{} of a shape we cannot read: {e}", envelope.kind))
    })?;
    let inbound = Inbound {
        data,
        receipt: Receipt::new(&envelope.id, &envelope.actor),
        envelope,
        doc,
    };
    // The thread a reply joins, found once: the block check and the comment handler need it.
    let thread = match &activity {
        Incoming::Create(c) | Incoming::Update(c) => match c.object.in_reply_to.as_ref() {
            Some(parent) => crate::service::comments::thread_of(inbound.app(), parent).await?,
            None => None,
        },
        _ => None,
    };
    refuse_commune_blocks(&inbound, personal, &activity, thread.as_ref()).await?;
    match activity {
        Incoming::Follow(f) => follow::receive(&inbound, f).await,
        Incoming::Undo(u) => undo::receive(&inbound, u).await,
        Incoming::Accept(a) => answer::receive(&inbound, a, answer::Verdict::Accepted).await,
        Incoming::Reject(a) => answer::receive(&inbound, a, answer::Verdict::Rejected).await,
        Incoming::Create(c) | Incoming::Update(c) => create::receive(&inbound, c, thread).await,
        Incoming::Delete(d) => delete::receive(&inbound, d).await,
        Incoming::Flag(f) => flag::receive(&inbound, f).await,
        Incoming::Other(kind) => {
            // Recorded all the same: the sender is alive, and a redelivery is known as one.
            let done = inbound.receipt.once(inbound.app(), |_| Ok(())).await?;
            inbound.log_once(&done);
            tracing::info!(activity = %envelope.id, kind, "activity type we do not act on, ignored");
            Ok(())
        }
    }
}

/// The first of our communes a post mentions (a `Mention` tag) or is addressed to.
fn mentioned_commune(app: &App, object: &crate::protocol::incoming::Object) -> Option<String> {
    object
        .tag
        .iter()
        .find_map(|t| app.urls.slug_of_actor(t))
        .or_else(|| {
            object
                .to
                .iter()
                .chain(object.cc.iter())
                .filter_map(|a| Url::parse(a).ok())
                .find_map(|a| app.urls.slug_of_actor(&a))
        })
}

/// A commune's own blocks (of the actor's instance, or of the actor): its personal inbox
/// refuses the actor's activities, and so does any
/// inbox for a Follow of it, a vote on its consultation or a reply in one of its threads.
/// Node-wide blocks were refused before the signature check.
async fn refuse_commune_blocks(
    inbound: &Inbound<'_>,
    personal: Option<i32>,
    activity: &Incoming,
    thread: Option<&crate::service::comments::Thread>,
) -> Result<(), FederationError> {
    let app = inbound.app();
    let mut communes: Vec<i32> = personal.into_iter().collect();
    communes.extend(thread.map(|t| t.commune.id));
    // The commune the activity is about, wherever it was posted: the one followed, or the
    // one whose object (or a comment on it) a vote or a reply answers.
    let about = match activity {
        Incoming::Follow(f) => app.urls.slug_of_actor(&f.object),
        // Not in a thread: one of our objects that takes no replies yet (a vote on a
        // consultation not open), else the commune a request would go to.
        Incoming::Create(c) | Incoming::Update(c) if thread.is_none() => c
            .object
            .in_reply_to
            .as_ref()
            .and_then(|p| app.urls.local_object(p))
            .map(|o| o.slug)
            .or_else(|| mentioned_commune(app, &c.object)),
        _ => None,
    };
    if let Some(slug) = about {
        if let Ok(c) = crate::service::communes::get(app, &slug).await {
            communes.push(c.id);
        }
    }
    for id in communes {
        if remote::is_refused_for(app, id, inbound.actor()).await? {
            return Err(FederationError::Refused(
                "this actor or its instance is blocked by this commune".into(),
            ));
        }
    }
    Ok(())
}
