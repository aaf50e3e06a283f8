//! `Create` and `Update` of an object, sorted by what the object is to us: a vote on one of
//! our consultations (`vote.rs`), or a peer commune's record (kept when we follow its author);
//! otherwise nothing we keep. Comments and requests are the next sorts.

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
    if inbound.envelope.kind == "Create" && object.kind == "Note" {
        let question = object
            .in_reply_to
            .as_ref()
            .and_then(|q| app.urls.consultation_of(q));
        if let (Some((slug, key)), Some(option)) = (question, object.name.as_deref()) {
            return super::vote::receive(inbound, &slug, &key, option).await;
        }
    }
    let whole = inbound.doc.get("object").cloned().unwrap_or_default();
    let done = remote::store_object(app, &inbound.receipt, whole).await?;
    inbound.log_once(&done);
    tracing::info!(object = %object.id, kind = %object.kind, ?done, "{}", inbound.envelope.kind);
    Ok(())
}
