//! `Follow` of one of our communes: the follower is stored and answered with an Accept.

use super::{FederationError, Inbound};
use crate::protocol::incoming::Follow;
use crate::service::{follows, remote, ServiceError};

pub(super) async fn receive(inbound: &Inbound<'_>, follow: Follow) -> Result<(), FederationError> {
    let app = inbound.app();
    let slug = app
        .urls
        .slug_of_actor(&follow.object)
        .ok_or_else(|| FederationError::Rejected("Follow of an actor that is not ours".into()))?;
    let commune = crate::service::communes::get(app, &slug).await?;
    // Stored by the signature check, which fetched it.
    let follower = remote::actor(app, inbound.actor().as_str())
        .await?
        .ok_or(ServiceError::NotFound("follower"))?;
    let done = follows::accept_follower(
        app,
        &inbound.receipt,
        &commune,
        follower,
        inbound.doc.clone(),
    )
    .await?;
    inbound.log_once(&done);
    tracing::info!(commune = %slug, follower = %inbound.actor(), "new follower");
    Ok(())
}
