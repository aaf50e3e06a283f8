//! `Create` and `Update` of an object, sorted by what the object is to us: a peer commune's
//! record (kept when we follow its author); otherwise nothing we keep. Votes on our
//! consultations, comments and requests are the next sorts.

use super::{same_origin, FederationError, Inbound};
use crate::protocol::incoming::Create;
use crate::service::remote;

pub(super) async fn receive(inbound: &Inbound<'_>, create: Create) -> Result<(), FederationError> {
    let object = &create.object;
    if !same_origin(&object.id, inbound.actor()) {
        return Err(FederationError::Rejected(
            "object id is on another host than its actor".into(),
        ));
    }
    if object
        .attributed_to
        .as_ref()
        .is_some_and(|a| a != inbound.actor())
    {
        return Err(FederationError::Rejected(
            "object is attributed to another actor".into(),
        ));
    }
    let app = inbound.app();
    let whole = inbound.doc.get("object").cloned().unwrap_or_default();
    let done = remote::store_object(app, &inbound.receipt, whole).await?;
    inbound.log_once(&done);
    tracing::info!(object = %object.id, kind = %object.kind, ?done, "{}", inbound.envelope.kind);
    Ok(())
}
