//! `Delete` of an object we keep: marked withdrawn, and our shares of it withdrawn too. A
//! deleted actor (`object` = the actor) leaves its records as they were.

use super::{same_origin, FederationError, Inbound};
use crate::protocol::incoming::Delete;
use crate::service::remote;

pub(super) async fn receive(inbound: &Inbound<'_>, delete: Delete) -> Result<(), FederationError> {
    let object = &delete.object.id;
    if !same_origin(object, inbound.actor()) {
        return Err(FederationError::Rejected(
            "object id is on another host than its actor".into(),
        ));
    }
    if object == inbound.actor() {
        tracing::debug!(actor = %object, "actor deleted");
        return Ok(());
    }
    let done = remote::object_deleted(inbound.app(), &inbound.receipt, object.as_str()).await?;
    inbound.log_once(&done);
    Ok(())
}
