//! Commitments over HTTP: the JSON API (bearer token) and the `Article` for ActivityPub
//! clients at the commitment's id (the same URL is its page).

use super::api::authorize;
use super::error::ApiError;
use super::i18n::Reader;
use super::{pages, wants_activity_json, WebState};
use crate::domain::commitment::{
    self as dom, Commitment, CommitmentDraft, CommitmentInput, Status,
};
use crate::domain::commune::Commune;
use crate::protocol::context::with_context;
use crate::service::commitments::{self as svc, Change};
use crate::service::communes;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// A JSON body typed, or 400/422 naming what is wrong.
fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))?;
    serde_path_to_error::deserialize(value).map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!("{}: {}", e.path(), e.inner()),
        field: None,
    })
}

/// A commitment in the API's shape.
pub fn commitment_json(s: &WebState, commune: &Commune, c: &Commitment) -> Value {
    let slug = commune.slug.as_str();
    // Late as the commune's calendar says, not UTC's.
    let today = commune.local_date(crate::store::now());
    json!({
        "id": s.app.urls.commitment(slug, &c.key),
        "key": c.key,
        "title": c.title,
        "problem": c.problem,
        "description": c.description,
        "lead": c.lead,
        "partners": c.partners,
        "starts_on": c.starts_on.to_string(),
        "ends_on": c.ends_on.to_string(),
        "status": c.status.as_str(),
        "milestones": c.milestones.iter().map(|m| json!({
            "id": m.id,
            "title": m.title,
            "due_on": m.due_on.to_string(),
            "done_on": m.done_on.map(|d| d.to_string()),
            "evidence_url": m.evidence_url,
            "late": m.is_late(today),
        })).collect::<Vec<_>>(),
        "notes": c.notes.iter().map(|n| json!({
            "written_on": n.written_on.to_string(),
            "text": n.text,
            "author": n.author,
        })).collect::<Vec<_>>(),
        "published_at": crate::protocol::article::rfc3339(c.published_at),
        "updated_at": crate::protocol::article::rfc3339(c.updated_at),
    })
}

/// `POST /api/v1/communes/{slug}/commitments`.
pub async fn create(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let input: CommitmentInput = body(&bytes)?;
    let draft = CommitmentDraft::parse(&input)?;
    let c = svc::create(&s.app, &commune, draft).await?;
    tracing::info!(commune = %slug, key = %c.key, "commitment created");
    Ok((StatusCode::CREATED, Json(commitment_json(&s, &commune, &c))).into_response())
}

/// `GET /api/v1/communes/{slug}/commitments`.
pub async fn list(
    State(s): State<WebState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let commune = communes::get(&s.app, &slug).await?;
    let items: Vec<Value> = svc::list(&s.app, &commune)
        .await?
        .iter()
        .map(|c| commitment_json(&s, &commune, c))
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}

/// `GET /api/v1/communes/{slug}/commitments/{key}`.
pub async fn get(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let commune = communes::get(&s.app, &slug).await?;
    let c = svc::find(&s.app, &commune, &key).await?;
    Ok(Json(commitment_json(&s, &commune, &c)).into_response())
}

async fn apply(
    s: &WebState,
    headers: &HeaderMap,
    slug: &str,
    key: &str,
    change: Change,
) -> Result<Response, ApiError> {
    let commune = authorize(s, headers, slug).await?;
    let c = svc::change(&s.app, &commune, key, change).await?;
    Ok(Json(commitment_json(s, &commune, &c)).into_response())
}

/// `PUT /api/v1/communes/{slug}/commitments/{key}`: the whole commitment again.
pub async fn update(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let input: CommitmentInput = body(&bytes)?;
    let draft = CommitmentDraft::parse(&input)?;
    apply(&s, &headers, &slug, &key, Change::Edit(draft)).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusBody {
    status: String,
}

/// `POST /api/v1/communes/{slug}/commitments/{key}/status` with `{"status": "limited"}`.
pub async fn status(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: StatusBody = body(&bytes)?;
    let status = Status::parse(&b.status)?;
    apply(&s, &headers, &slug, &key, Change::Status(status)).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DoneBody {
    done_on: String,
    #[serde(default)]
    evidence_url: Option<String>,
}

/// `POST /api/v1/communes/{slug}/commitments/{key}/milestones/{id}/done`.
pub async fn milestone_done(
    State(s): State<WebState>,
    Path((slug, key, id)): Path<(String, String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: DoneBody = body(&bytes)?;
    let milestone_id: i32 = id
        .parse()
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "milestone not found"))?;
    let done_on = dom::date("done_on", &b.done_on)?;
    let evidence_url = dom::evidence(b.evidence_url.as_deref().unwrap_or(""))?;
    apply(
        &s,
        &headers,
        &slug,
        &key,
        Change::MilestoneDone {
            milestone_id,
            done_on,
            evidence_url,
        },
    )
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    text: String,
    #[serde(default)]
    written_on: Option<String>,
}

/// `POST /api/v1/communes/{slug}/commitments/{key}/notes`.
pub async fn note(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: NoteBody = body(&bytes)?;
    let commune = authorize(&s, &headers, &slug).await?;
    let written_on = match b.written_on.as_deref() {
        Some(d) => dom::date("written_on", d)?,
        None => commune.local_date(crate::store::now()),
    };
    let c = svc::change(
        &s.app,
        &commune,
        &key,
        Change::Note {
            written_on,
            text: b.text,
            author: None,
        },
    )
    .await?;
    Ok(Json(commitment_json(&s, &commune, &c)).into_response())
}

/// `GET /communes/{slug}/commitments/{key}`: the `Article` for ActivityPub clients, the page
/// otherwise.
pub async fn document(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, ApiError> {
    if wants_activity_json(&headers) {
        return Ok(s
            .docs
            .serve(&uri, &headers, || async {
                let commune = communes::get(&s.app, &slug).await?;
                let c = svc::find(&s.app, &commune, &key).await?;
                Ok((
                    StatusCode::OK,
                    with_context(crate::protocol::commitment::commitment_article(
                        &s.app.urls,
                        &commune,
                        &c,
                    )),
                ))
            })
            .await);
    }
    let found = async {
        let commune = communes::get(&s.app, &slug).await?;
        let c = svc::find(&s.app, &commune, &key).await?;
        Ok::<_, crate::service::ServiceError>((commune, c))
    }
    .await;
    match found {
        Ok((commune, c)) => Ok(pages::commitments::detail(&s, lang, &commune, &c)),
        Err(_) => Ok(pages::not_found(lang)),
    }
}
