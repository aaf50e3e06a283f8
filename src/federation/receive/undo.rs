//! `Undo`: of a Follow of one of our communes, the follower leaves. Other undos (a Like, an
//! Announce) concern nothing we keep.

use super::{FederationError, Inbound};
use crate::protocol::incoming::Undo;
use crate::service::follows;

pub(super) async fn receive(inbound: &Inbound<'_>, undo: Undo) -> Result<(), FederationError> {
    let app = inbound.app();
    if undo.object.kind.as_deref() != Some("Follow") {
        tracing::debug!(activity = %inbound.envelope.id, "Undo of something we do not keep");
        return Ok(());
    }
    let target =
        undo.object.object.as_ref().ok_or_else(|| {
            FederationError::Rejected("Undo of a Follow without its object".into())
        })?;
    let Some(slug) = app.urls.slug_of_actor(target) else {
        tracing::debug!(activity = %inbound.envelope.id, "Undo of a Follow of someone else");
        return Ok(());
    };
    let commune = crate::service::communes::get(app, &slug).await?;
    let done = follows::remove_follower(app, &inbound.receipt, commune.id).await?;
    inbound.log_once(&done);
    tracing::info!(commune = %slug, follower = %inbound.actor(), "follower left");
    Ok(())
}
