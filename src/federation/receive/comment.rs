//! A reply to one of our objects, or to a comment on one, as Mastodon, Lemmy and Fedify send
//! it: `Create{Note{inReplyTo, content}}`; its `Update` by the author replaces the content.
//! Kept sanitized, once per object id; one we cannot keep (no text, too long) is answered 422.

use super::{FederationError, Inbound};
use crate::domain::comment::CommentDraft;
use crate::protocol::incoming::Object;
use crate::service::comments::{self, Thread};
use crate::service::{remote, ServiceError};

pub(super) async fn receive(
    inbound: &Inbound<'_>,
    object: &Object,
    in_reply_to: &url::Url,
    thread: Thread,
) -> Result<(), FederationError> {
    let app = inbound.app();
    let draft = CommentDraft::parse(
        object.id.as_str(),
        in_reply_to.as_str(),
        object.html(),
        object.url.as_ref().map(url::Url::as_str),
        object.published.map(|t| t.naive_utc()),
        crate::store::now(),
    )
    .map_err(|e| {
        tracing::warn!(comment = %object.id, error = %e, "comment not kept");
        FederationError::Unprocessable(format!("comment not kept: {e}"))
    })?;
    // Stored by the signature check, which fetched it.
    let author = remote::actor(app, inbound.actor().as_str())
        .await?
        .ok_or(ServiceError::NotFound("author"))?;
    let slug = thread.commune.slug.clone();
    let update = inbound.envelope.kind == "Update";
    let done = comments::receive(app, &inbound.receipt, thread, author, draft, update).await?;
    inbound.log_once(&done);
    tracing::info!(commune = %slug, comment = %object.id, by = %inbound.actor(), ?done, "comment");
    Ok(())
}
