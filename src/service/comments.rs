//! Comments: replies from the fediverse to a commune's objects, kept with their thread, edited
//! and deleted by their authors, listed on the object's page and in its `replies` collection.

use super::inbound::{Once, Receipt};
use super::outbox::{enqueue, Outgoing};
use super::{communes, App, ServiceError, ServiceResult};
use crate::domain::comment::{
    Comment, CommentDraft, CommentState, ModerationAction, ModerationEntry, MAX_REASON_CHARS,
};
use crate::domain::commune::Commune;
use crate::protocol::{activity, note};
use crate::store::comments::{self as db, NewComment};
use crate::store::federation as fed;
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
            let held = thread.commune.hold_new_commenters
                && !db::has_visible_from(c, thread.commune.id, author.id)?;
            let state = if held {
                CommentState::Held
            } else {
                CommentState::Visible
            };
            let stored = db::insert(
                c,
                &NewComment {
                    commune_id: thread.commune.id,
                    object_url: &thread.object_url,
                    ap_id: &draft.ap_id,
                    in_reply_to: &draft.in_reply_to,
                    author_id: Some(author.id),
                    staff_id: None,
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

/// One of a commune's comments, in whatever state.
pub async fn find(app: &App, commune_id: i32, id: i32) -> ServiceResult<Comment> {
    match app.store.run(move |c| db::find(c, commune_id, id)).await {
        Err(e) if e.is_not_found() => Err(ServiceError::NotFound("comment")),
        other => Ok(other?),
    }
}

/// A commune's visible comments not answered yet, oldest first.
pub async fn unanswered(app: &App, commune_id: i32, limit: i64) -> ServiceResult<Vec<Comment>> {
    Ok(app
        .store
        .run(move |c| db::unanswered(c, commune_id, limit))
        .await?)
}

/// The longest answer staff may write, in characters.
pub const MAX_ANSWER_CHARS: usize = 5_000;

/// Staff answer a citizen's comment as the commune: a public `Note` in reply, to the
/// commune's followers and the commenter (mentioned, so it reaches their notifications), kept
/// in the thread and marking the comment answered, in one transaction with its deliveries.
pub async fn answer(
    app: &App,
    commune: &Commune,
    staff_id: Option<i32>,
    comment_id: i32,
    text: &str,
) -> ServiceResult<Comment> {
    let text = crate::domain::required_text("text", text, MAX_ANSWER_CHARS)?;
    let (app2, commune) = (app.clone(), commune.clone());
    let answer = app
        .store
        .transaction(move |c| {
            let now = crate::store::now();
            let parent = match db::find(c, commune.id, comment_id) {
                Err(e) if e.is_not_found() => return Ok(Err(ServiceError::NotFound("comment"))),
                other => other?,
            };
            let Some(author) = parent.author.as_ref() else {
                return Ok(Err(ServiceError::Conflict(
                    "this is the commune's own answer".into(),
                )));
            };
            if parent.state != CommentState::Visible {
                return Ok(Err(ServiceError::Conflict(
                    "a comment that is not shown cannot be answered".into(),
                )));
            }
            let inboxes = {
                let mut all = fed::follower_inboxes(c, commune.id)?;
                if let Some(actor) = fed::remote_actor(c, &author.ap_id)? {
                    all.push(actor.shared_inbox.unwrap_or(actor.inbox));
                }
                all
            };
            let urls = &app2.urls;
            let key = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
            let id = urls.note(&commune.slug, &key);
            let mentioned = note::Mentioned {
                actor: &author.ap_id,
                handle: &author.handle,
            };
            let html = note::html(&mentioned, &text);
            db::insert(
                c,
                &NewComment {
                    commune_id: commune.id,
                    object_url: &parent.object_url,
                    ap_id: id.as_str(),
                    in_reply_to: &parent.ap_id,
                    author_id: None,
                    staff_id,
                    url: None,
                    content_html: &html,
                    published_at: now,
                    state: CommentState::Visible,
                    received_at: now,
                },
            )?;
            db::mark_answered(c, parent.id, now)?;
            let stored = db::by_ap_id(c, id.as_str())?;
            let mut page =
                Url::parse(&parent.object_url).map_err(|e| crate::store::StoreError::Invalid {
                    what: "object of comment",
                    row: parent.ap_id.clone(),
                    value: e.to_string(),
                })?;
            page.set_fragment(Some(&format!("comment-{}", stored.id)));
            let actor = urls.commune(&commune.slug);
            let followers = urls.followers(&commune.slug);
            let object = note::answer(
                &id,
                &actor,
                &followers,
                &parent.ap_id,
                &mentioned,
                &html,
                commune.language(),
                &page,
                now,
            );
            let mut create =
                activity::public("Create", &urls.new_activity(), &actor, &followers, object);
            create["cc"] = serde_json::json!([followers, author.ap_id]);
            enqueue(
                c,
                &app2,
                Outgoing {
                    commune_id: Some(commune.id),
                    actor: &actor,
                    object_ap_id: Some(id.as_str()),
                    public: true,
                    activity: &create,
                },
                &inboxes,
            )?;
            Ok(Ok(stored))
        })
        .await??;
    app.wake.notify_one();
    Ok(answer)
}

/// How many of a commune's comments wait for an answer.
pub async fn count_unanswered(app: &App, commune_id: i32) -> ServiceResult<i64> {
    Ok(app
        .store
        .run(move |c| db::count_unanswered(c, commune_id))
        .await?)
}

/// A moderator hides, restores or approves one of the commune's comments, with a reason; the
/// change and its line in the moderation log are one transaction. A hidden comment leaves
/// every public page and collection at once (they read only visible comments).
pub async fn moderate(
    app: &App,
    commune_id: i32,
    staff_id: Option<i32>,
    comment_id: i32,
    action: ModerationAction,
    reason: &str,
) -> ServiceResult<Comment> {
    let reason = match action {
        ModerationAction::Hide => crate::domain::required_text("reason", reason, MAX_REASON_CHARS)?,
        _ => reason.trim().chars().take(MAX_REASON_CHARS).collect(),
    };
    let done = app
        .store
        .transaction(move |c| {
            let comment = match db::find(c, commune_id, comment_id) {
                Err(e) if e.is_not_found() => return Ok(Err(ServiceError::NotFound("comment"))),
                other => other?,
            };
            let Some(to) = action.apply(comment.state) else {
                return Ok(Err(ServiceError::Conflict(format!(
                    "a {} comment cannot be {}",
                    comment.state.as_str(),
                    action.as_str()
                ))));
            };
            let now = crate::store::now();
            db::set_state(c, comment.id, to)?;
            db::log_moderation(
                c,
                commune_id,
                &comment.ap_id,
                staff_id,
                action,
                &reason,
                now,
            )?;
            Ok(Ok(Comment {
                state: to,
                ..comment
            }))
        })
        .await??;
    tracing::info!(commune = commune_id, comment = %done.ap_id, action = action.as_str(), "moderation");
    Ok(done)
}

/// What the staff's comments page shows.
pub struct Desk {
    pub unanswered: Vec<Comment>,
    pub held: Vec<Comment>,
    pub hidden: Vec<Comment>,
    pub log: Vec<ModerationEntry>,
}

pub async fn desk(app: &App, commune_id: i32) -> ServiceResult<Desk> {
    Ok(app
        .store
        .run(move |c| {
            Ok(Desk {
                unanswered: db::unanswered(c, commune_id, 100)?,
                held: db::in_state(c, commune_id, CommentState::Held, 100)?,
                hidden: db::in_state(c, commune_id, CommentState::Hidden, 100)?,
                log: db::moderation_log_of(c, commune_id, 100)?,
            })
        })
        .await?)
}

/// Inside a block's transaction: hides the commune's comments whose author `blocked` matches,
/// each with its line in the moderation log. Returns how many.
pub(crate) fn hide_blocked(
    c: &mut crate::store::DbConn,
    commune_id: i32,
    staff_id: Option<i32>,
    blocked: &dyn Fn(&str) -> bool,
    reason: &str,
) -> crate::store::StoreResult<usize> {
    let now = crate::store::now();
    let mut n = 0;
    for (id, ap_id, author) in db::shown_with_authors(c, commune_id)? {
        if blocked(&author) {
            db::set_state(c, id, CommentState::Hidden)?;
            db::log_moderation(
                c,
                commune_id,
                &ap_id,
                staff_id,
                ModerationAction::Block,
                reason,
                now,
            )?;
            n += 1;
        }
    }
    Ok(n)
}

/// Turns holding comments from actors not seen yet on or off for a commune.
pub async fn set_hold(app: &App, commune_id: i32, on: bool) -> ServiceResult<()> {
    Ok(app
        .store
        .run(move |c| crate::store::communes::set_hold_new_commenters(c, commune_id, on))
        .await?)
}
