//! A citizen's request from the fediverse: a post that mentions one of our communes and is not
//! a reply to anything of ours, as Mastodon, Fedify and others send it (`Create{Note}` with a
//! `Mention` tag, or addressed to the commune). Filed once per post, with a reference and a
//! legal due date; the answer goes back as a reply that mentions the citizen.

use super::{FederationError, Inbound};
use crate::domain::comment::{sanitize, text_of};
use crate::domain::request::RequestDraft;
use crate::protocol::incoming::Object;
use crate::service::{communes, remote, requests, ServiceError};

pub(super) async fn receive(
    inbound: &Inbound<'_>,
    object: &Object,
    slug: &str,
) -> Result<(), FederationError> {
    let app = inbound.app();
    let draft = sanitize(object.html().unwrap_or_default())
        .and_then(|html| RequestDraft::from_post(&text_of(&html)))
        .map_err(|e| {
            tracing::warn!(post = %object.id, error = %e, "request not filed");
            FederationError::Unprocessable(format!("request not filed: {e}"))
        })?;
    let commune = communes::get(app, slug).await?;
    // Stored by the signature check, which fetched it.
    let author = remote::actor(app, inbound.actor().as_str())
        .await?
        .ok_or(ServiceError::NotFound("requester"))?;
    let inbox = author.shared_inbox.as_deref().unwrap_or(&author.inbox);
    let done = requests::file_from_fediverse(
        app,
        &inbound.receipt,
        &commune,
        draft,
        object.id.as_str(),
        object.is_public(),
        inbox,
    )
    .await?;
    inbound.log_once(&done);
    if let crate::service::inbound::Once::Done(r) = &done {
        tracing::info!(commune = %slug, request = %r.reference, due = %r.due_on, "request filed from the fediverse");
    }
    Ok(())
}
