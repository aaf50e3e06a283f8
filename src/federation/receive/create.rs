//! `Create` and `Update` of an object, sorted by what the object is to us: a vote on one of
//! our consultations (`vote.rs`), a reply to one of our objects or to a comment on one
//! (`comment.rs`), a post that mentions one of our communes and answers nothing of ours (a
//! citizen's request, `request.rs`), or a peer commune's record (kept when we follow its
//! author); otherwise nothing we keep.

use super::{same_origin, FederationError, Inbound};
use crate::protocol::incoming::Create;
use crate::service::comments::Thread;
use crate::service::remote;

/// Object types that carry a reply: Mastodon and Fedify send `Note`, Lemmy `Note` for a
/// comment and `Page` for a post, some blogs `Article`.
const REPLY_TYPES: [&str; 3] = ["Note", "Article", "Page"];

/// `thread`: the thread `inReplyTo` belongs to, found by the caller.
pub(super) async fn receive(
    inbound: &Inbound<'_>,
    create: Create,
    thread: Option<Thread>,
) -> Result<(), FederationError> {
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
    if let (Some(parent), Some(thread)) = (object.in_reply_to.as_ref(), thread) {
        if REPLY_TYPES.contains(&object.kind.as_str()) {
            return super::comment::receive(inbound, object, parent, thread).await;
        }
    }
    // A post that mentions one of our communes and answers nothing of ours is a request.
    let answers_us = object
        .in_reply_to
        .as_ref()
        .is_some_and(|p| app.urls.is_local(p));
    if inbound.envelope.kind == "Create" && object.kind == "Note" && !answers_us {
        if let Some(slug) = super::mentioned_commune(app, object) {
            return super::request::receive(inbound, object, &slug).await;
        }
    }
    let whole = inbound.doc.get("object").cloned().unwrap_or_default();
    let done = remote::store_object(app, &inbound.receipt, whole).await?;
    inbound.log_once(&done);
    tracing::info!(object = %object.id, kind = %object.kind, ?done, "{}", inbound.envelope.kind);
    Ok(())
}
