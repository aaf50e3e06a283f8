//! `Delete` of an object we keep: a comment goes from every page and collection; a peer's
//! record is marked withdrawn, and our shares of it withdrawn too. A deleted actor (`object`
//! = the actor) leaves its records as they were.

use super::{same_origin, FederationError, Inbound};
use crate::protocol::incoming::Delete;
use crate::service::{comments, remote, ServiceError};

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
    let app = inbound.app();
    if comments::is_comment(app, object.as_str()).await? {
        let author = remote::actor(app, inbound.actor().as_str())
            .await?
            .ok_or(ServiceError::NotFound("author"))?;
        let done = comments::deleted(app, &inbound.receipt, object.as_str(), author.id).await?;
        inbound.log_once(&done);
        tracing::info!(comment = %object, by = %inbound.actor(), ?done, "comment deleted");
        return Ok(());
    }
    let done = remote::object_deleted(app, &inbound.receipt, object.as_str()).await?;
    inbound.log_once(&done);
    Ok(())
}
