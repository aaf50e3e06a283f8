//! A vote on one of our consultations, as Mastodon sends it: `Create{Note{name, inReplyTo:
//! the Question}}`, one per chosen option, to the commune's inbox. Counted once per voter (per
//! option in a multiple-choice consultation); a vote we do not count is answered 422 and
//! logged with its reason.

use super::{FederationError, Inbound};
use crate::service::consultations::{self, VoteOutcome};
use crate::service::inbound::Once;
use crate::service::{communes, remote, ServiceError};

pub(super) async fn receive(
    inbound: &Inbound<'_>,
    slug: &str,
    key: &str,
    option: &str,
) -> Result<(), FederationError> {
    let app = inbound.app();
    let commune = communes::get(app, slug).await?;
    // The commune's own blocks were applied before (`refuse_commune_blocks`).
    let voter = inbound.actor();
    // Stored by the signature check, which fetched it.
    let actor = remote::actor(app, voter.as_str())
        .await?
        .ok_or(ServiceError::NotFound("voter"))?;
    let inbox = actor.shared_inbox.as_deref().unwrap_or(&actor.inbox);
    let done =
        consultations::fediverse_vote(app, &inbound.receipt, &commune, key, option, inbox).await?;
    inbound.log_once(&done);
    match done {
        Once::Done(VoteOutcome::Refused(reason)) => {
            tracing::warn!(commune = %slug, consultation = key, voter = %voter, reason, "vote not counted");
            Err(FederationError::Unprocessable(format!(
                "vote not counted: {reason}"
            )))
        }
        Once::Done(outcome) => {
            tracing::info!(commune = %slug, consultation = key, voter = %voter, ?outcome, "vote");
            Ok(())
        }
        Once::Again => Ok(()),
    }
}
