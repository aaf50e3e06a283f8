//! The staff JSON API, authenticated by a commune's bearer token.

use super::error::ApiError;
use super::WebState;
use crate::domain::commune::Commune;
use crate::domain::decision::{Attachment, Decision};
use crate::domain::decision::{DecisionDraft, DecisionInput};
use crate::domain::Invalid;
use crate::service::{communes, decisions, remote};
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The commune of the path, if the bearer token speaks for it.
pub(super) async fn authorize(
    s: &WebState,
    headers: &HeaderMap,
    slug: &str,
) -> Result<Commune, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "missing bearer token"))?;
    let owner = communes::authenticate(&s.app, token)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unknown or revoked token"))?;
    let commune = communes::get(&s.app, slug).await?;
    if commune.id != owner {
        tracing::warn!(commune = slug, "token of another commune refused");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this token belongs to another commune",
        ));
    }
    Ok(commune)
}

/// Parses a JSON body, naming the field when a value has the wrong type.
fn parse_input(body: &Bytes) -> Result<DecisionDraft, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))?;
    let input: DecisionInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = field_name(&path);
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!("{path}: {}", e.inner()),
            field,
        }
    })?;
    DecisionDraft::parse(&input).map_err(invalid)
}

fn field_name(path: &str) -> Option<&'static str> {
    const FIELDS: &[&str] = &[
        "reference",
        "kind",
        "title",
        "summary",
        "body",
        "session_date",
        "status",
        "votes",
        "themes",
        "language",
    ];
    FIELDS.iter().copied().find(|f| path.starts_with(f))
}

fn invalid(i: Invalid) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: i.to_string(),
        field: Some(i.field),
    }
}

pub fn decision_json(s: &WebState, c: &Commune, d: &Decision, files: &[Attachment]) -> Value {
    json!({
        "key": d.key,
        "id": s.app.urls.decision(&c.slug, &d.key),
        "commune": c.slug,
        "reference": d.reference,
        "kind": d.kind.as_str(),
        "title": d.title,
        "summary": d.summary,
        "body": d.body_markdown,
        "body_html": d.body_html,
        "session_date": d.session_date,
        "status": d.status.as_str(),
        "votes": d.votes,
        "themes": d.themes,
        "language": d.language,
        "amount": d.amount,
        "published_at": crate::protocol::article::rfc3339(d.published_at),
        "updated_at": crate::protocol::article::rfc3339(d.updated_at),
        "withdrawn_at": d.withdrawn_at.map(crate::protocol::article::rfc3339),
        "attachments": files.iter().map(|f| json!({
            "filename": f.filename, "media_type": f.media_type, "size": f.size, "sha256": f.sha256,
            "url": s.app.urls.media(&f.sha256),
        })).collect::<Vec<_>>(),
    })
}

pub async fn create_decision(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let draft = parse_input(&body)?;
    let d = decisions::create(&s.app, &commune, draft, Vec::new()).await?;
    tracing::info!(commune = slug, decision = d.key, "decision published");
    Ok((
        StatusCode::CREATED,
        Json(decision_json(&s, &commune, &d, &[])),
    )
        .into_response())
}

pub async fn get_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let d = decisions::find(&s.app, &commune, &key).await?;
    let files = decisions::attachments(&s.app, d.id).await?;
    Ok(Json(decision_json(&s, &commune, &d, &files)))
}

pub async fn update_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let draft = parse_input(&body)?;
    let d = decisions::update(&s.app, &commune, &key, draft, Vec::new()).await?;
    let files = decisions::attachments(&s.app, d.id).await?;
    tracing::info!(commune = slug, decision = d.key, "decision updated");
    Ok(Json(decision_json(&s, &commune, &d, &files)))
}

pub async fn withdraw_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let d = decisions::withdraw(&s.app, &commune, &key).await?;
    tracing::info!(commune = slug, decision = d.key, "decision withdrawn");
    Ok(Json(decision_json(&s, &commune, &d, &[])))
}

pub async fn upload_attachment(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let too_large = || ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: format!(
            "attachment is larger than {} MB",
            s.app.config.max_attachment_mb
        ),
        field: Some("attachment"),
    };
    let field = multipart
        .next_field()
        .await
        .map_err(|_| too_large())?
        .ok_or_else(|| invalid(Invalid::new("attachment", "no file in the form")))?;
    let filename = field.file_name().unwrap_or("document.pdf").to_string();
    let bytes = field.bytes().await.map_err(|_| too_large())?;
    let upload = decisions::Upload {
        filename,
        bytes: bytes.to_vec(),
    };
    let a = decisions::attach(&s.app, &commune, &key, vec![upload])
        .await?
        .pop()
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "attachment not stored"))?;
    tracing::info!(
        commune = slug,
        decision = key,
        sha256 = a.sha256,
        size = a.size,
        "attachment stored"
    );
    Ok((
        StatusCode::CREATED,
        Json(json!({"filename": a.filename, "media_type": a.media_type, "size": a.size, "sha256": a.sha256, "url": s.app.urls.media(&a.sha256)})),
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct ShareInput {
    object: String,
}

pub async fn share(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Json(input): Json<ShareInput>,
) -> Result<Response, ApiError> {
    authorize(&s, &headers, &slug).await?;
    let id = remote::share(&s.app, &slug, &input.object).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "object": input.object})),
    )
        .into_response())
}

/// What the communes this one follows have published (stored from their Create/Update).
pub async fn feed(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let rows = s
        .app
        .store
        .run(move |c| crate::store::federation::feed_of(c, commune.id, 100))
        .await
        .map_err(crate::service::ServiceError::from)?;
    let items: Vec<Value> = rows
        .iter()
        .map(|o| {
            // A peer's budget and commitment figures, read back with the types that write them.
            let doc: Value = serde_json::from_str(&o.json).unwrap_or(Value::Null);
            let budget = serde_json::from_value::<crate::protocol::budget::BudgetFigures>(
                doc["budget"].clone(),
            )
            .ok();
            let commitment = serde_json::from_value::<crate::protocol::commitment::CommitmentRecord>(
                doc["commitment"].clone(),
            )
            .ok();
            json!({
                "budget": budget, "commitment": commitment,
                "id": o.ap_id, "type": o.kind, "attributed_to": o.attributed_to, "name": o.name,
                "summary": o.summary, "url": o.url, "reference": o.reference, "kind": o.decision_kind,
                "session_date": o.session_date, "status": o.status,
                "votes": {"yes": o.votes_yes, "no": o.votes_no, "abstain": o.votes_abstain, "absent": o.votes_absent},
                "published_at": o.published_at.map(crate::protocol::article::rfc3339),
                "updated_at": o.updated_at.map(crate::protocol::article::rfc3339),
                "deleted_at": o.deleted_at.map(crate::protocol::article::rfc3339),
                "received_at": crate::protocol::article::rfc3339(o.received_at),
            })
        })
        .collect();
    Ok(Json(json!({"items": items})))
}
