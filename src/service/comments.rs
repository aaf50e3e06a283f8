//! Comments: replies from the fediverse to a commune's objects, kept with their thread, edited
//! and deleted by their authors, listed on the object's page and in its `replies` collection.

use super::inbound::{Once, Receipt};
use super::{communes, App, ServiceError, ServiceResult};
use crate::domain::comment::{Comment, CommentDraft, CommentState};
use crate::domain::commune::Commune;
use crate::store::comments::{self as db, NewComment};
use crate::store::models::RemoteActor;
use url::Url;

/// How many comments a page of a `replies` collection, or of an object's page, holds.
pub const PAGE_SIZE: i64 = 40;

/// The thread a reply joins: the commune and the object it hangs on.
#[derive(Debug, Clone)]
pub struct Thread {
    pub commune: Commune,
    pub object_url: String,
}

/// What receiving a comment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Stored(CommentState),
    Edited,
    /// A copy of a comment already stored (same object id, another activity id).
    Known,
}

/// The thread `in_reply_to` belongs to: one of our objects that takes replies, or a comment
/// stored on one. None when the reply is to nothing of ours.
pub async fn thread_of(app: &App, in_reply_to: &Url) -> ServiceResult<Option<Thread>> {
    if let Some(o) = app.urls.local_object(in_reply_to) {
        let commune = match communes::get(app, &o.slug).await {
            Ok(c) => c,
            Err(ServiceError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let (id, kind, key) = (commune.id, o.kind, o.key.clone());
        let open = app
            .store
            .run(move |c| db::object_takes_replies(c, id, kind, &key))
            .await?;
        let object_url = app.urls.object(&o).to_string();
        return Ok(open.then_some(Thread {
            commune,
            object_url,
        }));
    }
    let ap_id = in_reply_to.to_string();
    let Some((commune_id, object_url)) = app.store.run(move |c| db::thread_of(c, &ap_id)).await?
    else {
        return Ok(None);
    };
    let commune = app
        .store
        .run(move |c| crate::store::communes::by_id(c, commune_id))
        .await?;
    Ok(Some(Thread {
        commune,
        object_url,
    }))
}

/// A `Create` (or an `Update` of a comment we never received) stores the comment once; an
/// `Update` from its author replaces its content.
pub async fn receive(
    app: &App,
    receipt: &Receipt,
    thread: Thread,
    author: RemoteActor,
    draft: CommentDraft,
    update: bool,
) -> ServiceResult<Once<Received>> {
    let now = crate::store::now();
    receipt
        .once(app, move |c| {
            if update
                && db::edit(
                    c,
                    &draft.ap_id,
                    author.id,
                    &draft.content_html,
                    draft.url.as_deref(),
                    now,
                )?
            {
                return Ok(Received::Edited);
            }
            let state = CommentState::Visible;
            let stored = db::insert(
                c,
                &NewComment {
                    commune_id: thread.commune.id,
                    object_url: &thread.object_url,
                    ap_id: &draft.ap_id,
                    in_reply_to: &draft.in_reply_to,
                    author_id: author.id,
                    url: draft.url.as_deref(),
                    content_html: &draft.content_html,
                    published_at: draft.published_at,
                    state,
                    received_at: now,
                },
            )?;
            Ok(if stored {
                Received::Stored(state)
            } else {
                Received::Known
            })
        })
        .await
}

/// Whether `ap_id` is a comment we keep (so that its `Delete` is one).
pub async fn is_comment(app: &App, ap_id: &str) -> ServiceResult<bool> {
    let ap_id = ap_id.to_string();
    Ok(app
        .store
        .run(move |c| db::thread_of(c, &ap_id))
        .await?
        .is_some())
}

/// The author deleted their comment: it goes from every page and collection.
pub async fn deleted(
    app: &App,
    receipt: &Receipt,
    ap_id: &str,
    author_id: i32,
) -> ServiceResult<Once<bool>> {
    let ap_id = ap_id.to_string();
    receipt
        .once(app, move |c| db::delete(c, &ap_id, author_id))
        .await
}

/// A page of an object's visible comments (0-based), and how many it has in all.
pub async fn page_of(app: &App, object_url: &Url, page: i64) -> ServiceResult<(Vec<Comment>, i64)> {
    let url = object_url.to_string();
    let page = page.max(0);
    Ok(app
        .store
        .run(move |c| {
            let total = db::count_visible(c, &url)?;
            let items = db::visible_of(c, &url, page * PAGE_SIZE, PAGE_SIZE)?;
            Ok((items, total))
        })
        .await?)
}

/// A commune's visible comments not answered yet, oldest first.
pub async fn unanswered(app: &App, commune_id: i32, limit: i64) -> ServiceResult<Vec<Comment>> {
    Ok(app
        .store
        .run(move |c| db::unanswered(c, commune_id, limit))
        .await?)
}
