//! Citizens' requests over the JSON API: the public register (JSON and CSV, never who asked)
//! and the staff's steps on a request (bearer token), the answer first.

use super::api::authorize;
use super::error::ApiError;
use super::WebState;
use crate::domain::request::{Kind, RefusalReason, Request, Status, Step};
use crate::domain::Invalid;
use crate::service::{communes, requests};
use crate::store::requests::Filter;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub year: Option<String>,
}

impl RegisterQuery {
    /// The filter, empty values ignored; a value that is not one is 422 naming it.
    pub fn filter(&self) -> Result<Filter, Invalid> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Ok(Filter {
            status: given(&self.status).map(|v| Status::parse(&v)).transpose()?,
            kind: given(&self.kind).map(|v| Kind::parse(&v)).transpose()?,
            year: given(&self.year)
                .map(|v| {
                    v.parse::<i32>()
                        .map_err(|_| Invalid::new("year", "must be a year"))
                })
                .transpose()?,
        })
    }
}

/// A request as the public register shows it: never the requester, their account or contact.
pub fn public_json(s: &WebState, c: &crate::domain::commune::Commune, r: &Request) -> Value {
    let slug = &c.slug;
    json!({
        "reference": r.reference,
        "url": s.app.urls.request(slug, &r.reference),
        "subject": r.subject,
        "kind": r.kind.as_str(),
        "status": r.status.as_str(),
        "channel": r.channel.as_str(),
        "received_at": r.received_on.to_string(),
        "due_date": r.due_on.to_string(),
        "answered_at": r.answered_on.map(|d| d.to_string()),
        "days_taken": r.days_taken(),
        // Past its due date unanswered where the law makes silence a refusal (Niger).
        "refused_by_silence": super::pages::requests::silence_refused(s, c, r),
        "extension_reason": r.extension_reason,
        "transferred_to": r.transferred_to,
        "refusal_reason": r.refusal_reason.map(RefusalReason::as_str),
        "answer": r.answer_text,
    })
}

async fn listed(
    s: &WebState,
    slug: &str,
    q: &RegisterQuery,
) -> Result<(crate::domain::commune::Commune, Vec<Request>), ApiError> {
    let commune = communes::get(&s.app, slug).await?;
    let filter = q.filter().map_err(crate::service::ServiceError::from)?;
    let all = requests::register(&s.app, commune.id, filter).await?;
    Ok((commune, all))
}

pub async fn register(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, ApiError> {
    let (commune, all) = listed(&s, &slug, &q).await?;
    let items: Vec<Value> = all.iter().map(|r| public_json(&s, &commune, r)).collect();
    Ok(Json(json!({ "items": items })).into_response())
}

pub async fn register_csv(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, ApiError> {
    let mut out = String::from(
        "reference,received_at,subject,kind,status,due_date,answered_at,days_taken\r\n",
    );
    for r in listed(&s, &slug, &q).await?.1 {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\r\n",
            super::csv::text(&r.reference),
            r.received_on,
            super::csv::text(&r.subject),
            r.kind.as_str(),
            r.status.as_str(),
            r.due_on,
            r.answered_on.map(|d| d.to_string()).unwrap_or_default(),
            r.days_taken().map(|d| d.to_string()).unwrap_or_default(),
        ));
    }
    let name = format!("attachment; filename=\"requests-{slug}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        out,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepBody {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    partial: Option<bool>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    until: Option<String>,
}

/// `POST …/requests/{reference}/{action}`: answer (`text`, `partial`), acknowledge, extend
/// (`reason`), transfer (`to`), refuse (`reason`, one of the legal grounds), kind (`kind`).
pub async fn act(
    State(s): State<WebState>,
    Path((slug, reference, action)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let value: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))?
    };
    let b: StepBody = serde_path_to_error::deserialize(value).map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!("{}: {}", e.path(), e.inner()),
        field: None,
    })?;
    let text = |v: Option<String>| v.unwrap_or_default();
    let step = match action.as_str() {
        "answer" => Step::Answer {
            text: text(b.text),
            partial: b.partial.unwrap_or(false),
        },
        "acknowledge" => Step::Acknowledge,
        "extend" => Step::Extend {
            reason: text(b.reason),
            until: b
                .until
                .as_deref()
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| Invalid::new("until", "must be a date (YYYY-MM-DD)"))
                })
                .transpose()
                .map_err(crate::service::ServiceError::from)?,
        },
        "transfer" => Step::Transfer { to: text(b.to) },
        "refuse" => Step::Refuse {
            reason: RefusalReason::parse(&text(b.reason))
                .map_err(crate::service::ServiceError::from)?,
        },
        "kind" => {
            let kind = Kind::parse(&text(b.kind)).map_err(crate::service::ServiceError::from)?;
            let r = requests::set_kind(&s.app, &commune, &reference, kind).await?;
            return Ok((StatusCode::OK, Json(public_json(&s, &commune, &r))).into_response());
        }
        _ => return Err(ApiError::new(StatusCode::NOT_FOUND, "no such step")),
    };
    let answered = matches!(step, Step::Answer { .. });
    let r = requests::step(&s.app, &commune, &reference, step).await?;
    let status = if answered {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(public_json(&s, &commune, &r))).into_response())
}
