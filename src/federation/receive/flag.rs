//! `Flag`: a report from another server (Mastodon sends one when its user reports the commune
//! or a post it shows), filed in the moderation queue of the commune it concerns.

use super::{FederationError, Inbound};
use crate::protocol::incoming::Flag;
use crate::service::reports;

pub(super) async fn receive(inbound: &Inbound<'_>, flag: Flag) -> Result<(), FederationError> {
    let done = reports::flagged(inbound.app(), &inbound.receipt, flag.object, flag.content).await?;
    inbound.log_once(&done);
    tracing::info!(activity = %inbound.envelope.id, by = %inbound.actor(), ?done, "report received");
    Ok(())
}
