//! An object's `replies` collection: its visible comments, oldest first, in pages followed
//! through `first` and `next` (as Mastodon's `FetchRepliesService` walks them). Rendered on
//! each request, since a comment changes it without a new activity of ours.

use super::activitypub::{activity_json, PageQuery};
use super::error::ApiError;
use super::pages::comments::Discussion;
use super::WebState;
use crate::domain::ObjectKind;
use crate::protocol::context::with_context;
use crate::protocol::urls::LocalObject;
use crate::service::comments::{self, PAGE_SIZE};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub async fn of_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    collection(&s, ObjectKind::Decision, slug, key, q.page).await
}

pub async fn of_consultation(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    collection(&s, ObjectKind::Consultation, slug, key, q.page).await
}

async fn collection(
    s: &WebState,
    kind: ObjectKind,
    slug: String,
    key: String,
    page: Option<i64>,
) -> Result<Response, ApiError> {
    if page.is_some_and(|p| p < 1) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "page starts at 1"));
    }
    let object = s.app.urls.object(&LocalObject { slug, kind, key });
    if comments::thread_of(&s.app, &object).await?.is_none() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "object not found"));
    }
    let id = s.app.urls.replies(&object);
    let (items, total) = comments::page_of(&s.app, &object, page.unwrap_or(1) - 1).await?;
    let Some(page) = page else {
        return Ok(activity_json(&with_context(json!({
            "id": id,
            "type": "OrderedCollection",
            "partOf": object,
            "totalItems": total,
            "first": format!("{id}?page=1"),
        }))));
    };
    let ids: Vec<serde_json::Value> = items.iter().map(|c| json!(c.ap_id)).collect();
    let doc = crate::protocol::collection::page(id.as_str(), page, PAGE_SIZE, total, ids);
    Ok(activity_json(&with_context(doc)))
}

/// The page of comments an object's HTML page shows (`?comments=N`).
pub async fn discussion(
    app: &crate::service::App,
    object: &url::Url,
    query: Option<&str>,
) -> Result<Discussion, crate::service::ServiceError> {
    let page = super::pages::comments::page_asked(query);
    let (comments, total) = comments::page_of(app, object, page).await?;
    Ok(Discussion {
        comments,
        total,
        page,
    })
}

/// A note the commune wrote (an answer in a thread): the `Note` for ActivityPub, as it was
/// sent; a browser goes to the thread on the object's page.
pub async fn note(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let id = s.app.urls.note(&slug, &key).to_string();
    let found = s
        .app
        .store
        .run(move |c| crate::store::activities::latest_public_of(c, &id))
        .await
        .map_err(crate::service::ServiceError::from)?;
    let object = found
        .and_then(|a| serde_json::from_str::<serde_json::Value>(&a.json).ok())
        .map(|a| a["object"].clone())
        .filter(|o| o["type"] == "Note")
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "note not found"))?;
    if super::wants_activity_json(&headers) {
        return Ok(activity_json(&with_context(object)));
    }
    let page = object["url"].as_str().unwrap_or("/").to_string();
    Ok(axum::response::Redirect::to(&page).into_response())
}
