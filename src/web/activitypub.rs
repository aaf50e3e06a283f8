//! Discovery (WebFinger, NodeInfo, host-meta) and the ActivityPub documents. Every object id is
//! also its page: JSON when asked for, HTML otherwise.

use super::error::ApiError;
use super::i18n::Reader;
use super::{pages, wants_activity_json, WebState};
use crate::protocol::{actor, article, context::with_context, ACTIVITY_JSON};
use crate::service::{communes, decisions};
use crate::store::{activities, decisions as ddb, federation as fed};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn activity_json(doc: &Value) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                format!("{ACTIVITY_JSON}; charset=utf-8"),
            ),
            (header::VARY, "Accept".to_string()),
        ],
        doc.to_string(),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct Resource {
    resource: Option<String>,
}

pub async fn webfinger(
    State(s): State<WebState>,
    Query(q): Query<Resource>,
) -> Result<Response, ApiError> {
    let resource = q
        .resource
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "missing resource parameter"))?;
    let authority = s.app.urls.authority();
    // Both `acct:slug@host` and the actor URL identify a commune.
    let slug = if let Some(acct) = resource.strip_prefix("acct:") {
        let (user, host) = acct.split_once('@').ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "resource must be acct:user@host")
        })?;
        if !host.eq_ignore_ascii_case(&authority) {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not a user of this node",
            ));
        }
        user.to_string()
    } else {
        url::Url::parse(&resource)
            .ok()
            .and_then(|u| s.app.urls.slug_of_actor(&u))
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not a user of this node"))?
    };
    let commune = communes::get(&s.app, &slug).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/jrd+json; charset=utf-8"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        actor::webfinger(&s.app.urls, &commune.slug).to_string(),
    )
        .into_response())
}

pub async fn nodeinfo_links(State(s): State<WebState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        actor::nodeinfo_links(&s.app.urls).to_string(),
    )
        .into_response()
}

pub async fn nodeinfo(State(s): State<WebState>) -> Result<Response, ApiError> {
    let (communes, decisions) = s
        .app
        .store
        .run(crate::store::communes::usage)
        .await
        .map_err(crate::service::ServiceError::from)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        )],
        actor::nodeinfo(communes, decisions, false).to_string(),
    )
        .into_response())
}

pub async fn host_meta(State(s): State<WebState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xrd+xml; charset=utf-8")],
        actor::host_meta(&s.app.urls),
    )
        .into_response()
}

pub async fn instance_actor(State(s): State<WebState>) -> Response {
    activity_json(&actor::instance_actor(
        &s.app.urls,
        &s.app.instance_public_key,
    ))
}

pub async fn commune(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, ApiError> {
    if wants_activity_json(&headers) {
        return Ok(s
            .docs
            .serve(&uri, &headers, || async {
                let c = communes::get(&s.app, &slug).await?;
                Ok((StatusCode::OK, actor::commune_actor(&s.app.urls, &c)))
            })
            .await);
    }
    let c = match communes::get(&s.app, &slug).await {
        Ok(c) => c,
        Err(_) => return Ok(pages::not_found(lang)),
    };
    Ok(pages::commune::page(&s, lang, &c).await)
}

#[derive(Deserialize)]
pub struct PageQuery {
    pub page: Option<i64>,
}

const PAGE_SIZE: i64 = 20;

pub async fn outbox(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if q.page.is_some_and(|p| p < 1) {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "page starts at 1"));
    }
    Ok(s.docs
        .serve(&uri, &headers, || outbox_document(&s, &slug, q.page))
        .await)
}

async fn outbox_document(
    s: &WebState,
    slug: &str,
    page: Option<i64>,
) -> Result<(StatusCode, Value), ApiError> {
    let c = communes::get(&s.app, slug).await?;
    let outbox = s.app.urls.outbox(slug);
    let id = c.id;
    let total = s
        .app
        .store
        .run(move |conn| activities::outbox_count(conn, id))
        .await
        .map_err(crate::service::ServiceError::from)?;
    let Some(page) = page else {
        return Ok((
            StatusCode::OK,
            with_context(json!({
                "id": outbox,
                "type": "OrderedCollection",
                "totalItems": total,
                "first": format!("{outbox}?page=1"),
                "last": format!("{outbox}?page={}", ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)),
            })),
        ));
    };
    let rows = s
        .app
        .store
        .run(move |conn| activities::outbox_page(conn, id, (page - 1) * PAGE_SIZE, PAGE_SIZE))
        .await
        .map_err(crate::service::ServiceError::from)?;
    let items: Vec<Value> = rows
        .iter()
        .filter_map(|a| serde_json::from_str(&a.json).ok())
        .map(crate::protocol::activity::embedded)
        .collect();
    let doc = crate::protocol::collection::page(outbox.as_str(), page, PAGE_SIZE, total, items);
    Ok((StatusCode::OK, with_context(doc)))
}

pub async fn followers(
    State(s): State<WebState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let c = communes::get(&s.app, &slug).await?;
    let id = c.id;
    let total = s
        .app
        .store
        .run(move |conn| fed::follower_count(conn, id))
        .await
        .map_err(crate::service::ServiceError::from)?;
    // The count is public; who follows is not published.
    Ok(activity_json(&with_context(json!({
        "id": s.app.urls.followers(&slug),
        "type": "OrderedCollection",
        "totalItems": total,
    }))))
}

pub async fn following(
    State(s): State<WebState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let c = communes::get(&s.app, &slug).await?;
    let id = c.id;
    let follows = s
        .app
        .store
        .run(move |conn| fed::follows_of(conn, id))
        .await
        .map_err(crate::service::ServiceError::from)?;
    let items: Vec<&str> = follows
        .iter()
        .filter(|f| f.accepted)
        .map(|f| f.target_ap_id.as_str())
        .collect();
    Ok(activity_json(&with_context(json!({
        "id": s.app.urls.following(&slug),
        "type": "OrderedCollection",
        "totalItems": items.len(),
        "orderedItems": items,
    }))))
}

pub async fn decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, ApiError> {
    if wants_activity_json(&headers) {
        return Ok(s
            .docs
            .serve(&uri, &headers, || decision_document(&s, &slug, &key))
            .await);
    }
    let found = async {
        let c = communes::get(&s.app, &slug).await?;
        let d = decisions::find(&s.app, &c, &key).await?;
        Ok::<_, crate::service::ServiceError>((c, d))
    }
    .await;
    let Ok((c, d)) = found else {
        return Ok(pages::not_found(lang));
    };
    if d.withdrawn_at.is_some() {
        return Ok(pages::decisions::withdrawn(&s, lang, &c, &d));
    }
    let files = decisions::attachments(&s.app, d.id).await?;
    let id = s.app.urls.decision(&c.slug, &d.key);
    let discussion = super::replies::discussion(&s.app, &id, uri.query()).await?;
    Ok(pages::decisions::detail(
        &s,
        lang,
        &c,
        &d,
        &files,
        &discussion,
    ))
}

/// The decision's `Article`, or its `Tombstone` (410) once withdrawn.
async fn decision_document(
    s: &WebState,
    slug: &str,
    key: &str,
) -> Result<(StatusCode, Value), ApiError> {
    let c = communes::get(&s.app, slug).await?;
    let d = decisions::find(&s.app, &c, key).await?;
    if let Some(deleted) = d.withdrawn_at {
        let id = s.app.urls.decision(slug, key);
        return Ok((
            StatusCode::GONE,
            with_context(article::tombstone(&id, deleted)),
        ));
    }
    let files = decisions::attachments(&s.app, d.id).await?;
    Ok((
        StatusCode::OK,
        with_context(article::decision_article(&s.app.urls, &c, &d, &files)),
    ))
}

pub async fn activity(
    State(s): State<WebState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let ap_id = format!("{}activities/{id}", s.app.urls.base());
    let found = s
        .app
        .store
        .run(move |c| activities::by_ap_id(c, &ap_id))
        .await
        .map_err(crate::service::ServiceError::from)?;
    match found {
        Some(a) if a.public => {
            let doc: Value = serde_json::from_str(&a.json).unwrap_or(Value::Null);
            Ok(activity_json(&doc))
        }
        _ => Err(ApiError::new(StatusCode::NOT_FOUND, "activity not found")),
    }
}

pub async fn media(
    State(s): State<WebState>,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "file not found"));
    }
    let hash = sha256.clone();
    // A file is served while something live points to it: an attachment, or a current logo.
    let (media_type, filename) = s
        .app
        .store
        .run(move |c| {
            Ok(match ddb::attachment_by_hash(c, &hash)? {
                Some(a) => Some((a.media_type, a.filename)),
                None => crate::store::communes::is_logo(c, &hash)?
                    .then(|| ("image/png".to_string(), "logo.png".to_string())),
            })
        })
        .await
        .map_err(crate::service::ServiceError::from)?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "file not found"))?;
    let bytes = tokio::fs::read(s.app.config.media_dir.join(&sha256))
        .await
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "file not found"))?;
    let disposition = format!("inline; filename=\"{}\"", filename.replace('"', ""));
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
            (
                header::HeaderName::from_static("x-content-type-options"),
                "nosniff".to_string(),
            ),
            // A file that is also HTML (a PDF/HTML polyglot) must not run as a page of our
            // origin if a browser ever renders it as one: sandbox gives it no origin and no
            // script. Nothing more (`default-src 'none'`): it breaks Chromium's PDF viewer.
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        bytes,
    )
        .into_response())
}
