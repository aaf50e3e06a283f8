//! `Accept` or `Reject` of a Follow one of our communes sent.

use super::{FederationError, Inbound};
use crate::protocol::incoming::Answer;
use crate::service::follows;

#[derive(Debug, Clone, Copy)]
pub(super) enum Verdict {
    Accepted,
    Rejected,
}

pub(super) async fn receive(
    inbound: &Inbound<'_>,
    answer: Answer,
    verdict: Verdict,
) -> Result<(), FederationError> {
    let app = inbound.app();
    let follow = answer.object.id.as_str();
    let done = match verdict {
        Verdict::Accepted => follows::accepted(app, &inbound.receipt, follow).await?,
        Verdict::Rejected => follows::rejected(app, &inbound.receipt, follow).await?,
    };
    inbound.log_once(&done);
    tracing::info!(follow, by = %inbound.actor(), ?verdict, ?done, "answer to our Follow");
    Ok(())
}
