//! Budgets over HTTP: the import API (a CSV body in the template), the year's figures as JSON,
//! and the year's `Article` for ActivityPub clients (the same URL is its page).

use super::api::authorize;
use super::error::ApiError;
use super::i18n::{Lang, Reader};
use super::{pages, wants_activity_json, WebState};
use crate::domain::budget::{Direction, Rate, Summary, Totals};
use crate::domain::budget_csv::{self, CsvError};
use crate::protocol::context::with_context;
use crate::service::budgets::{self, BudgetView};
use crate::service::communes;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde_json::{json, Value};

/// The request body limit of an import: the reader's own limit and room for the request.
pub const BODY_LIMIT: usize = budget_csv::MAX_BYTES + 64 * 1024;

/// The 422 answer listing every error of a file.
pub fn errors_json(lang: Lang, errors: &[CsvError]) -> Value {
    json!({
        "error": crate::l10n::csv_errors_summary(lang, errors.len()),
        "errors": errors.iter().map(|e| json!({
            "line": e.line,
            "column": e.column,
            "error": crate::l10n::csv_error(lang, e),
        })).collect::<Vec<_>>(),
    })
}

fn stages(t: &Totals, direction: Direction) -> Value {
    json!({
        "initial_forecast": t.initial,
        "modifications": t.modifications,
        "final_forecast": t.final_forecast,
        "committed": t.committed,
        "issued": t.issued,
        "settled": t.settled,
        "executed": t.executed(direction),
        "execution_rate": t.rate(direction).value(),
        "rate_status": match t.rate(direction) {
            Rate::Ratio { .. } => "known",
            Rate::NotApplicable => "not_applicable",
            Rate::Unknown => "unknown",
        },
    })
}

/// A year's budget in the API's shape (snake_case, like the rest of `/api/v1`).
pub fn budget_json(s: &WebState, slug: &str, currency: &str, view: &BudgetView) -> Value {
    let lines = view.lines();
    let summary = Summary::of(&lines);
    let side = |d: Direction| {
        let side = summary.side(d);
        let mut v = stages(&side.totals, d);
        v["sections"] = side
            .sections
            .iter()
            .map(|(sec, t)| {
                let mut s = stages(t, d);
                s["section"] = json!(sec.code());
                s
            })
            .collect();
        v["chapters"] = side
            .chapters
            .iter()
            .map(|(sec, c)| {
                let mut s = stages(&c.totals, d);
                s["section"] = json!(sec.code());
                s["chapter"] = json!(c.code);
                s
            })
            .collect();
        v
    };
    let reports: Vec<Value> = view
        .line_sets()
        .iter()
        .map(|(date, l)| {
            let s = Summary::of(l);
            json!({
                "situation_date": date.to_string(),
                "expenditure": stages(&s.expenditure.totals, Direction::Expenditure),
                "revenue": stages(&s.revenue.totals, Direction::Revenue),
            })
        })
        .collect();
    json!({
        "id": s.app.urls.budget(slug, view.budget.year),
        "year": view.budget.year,
        "currency": currency,
        "situation_date": view.reports.last().map(|(r, _)| r.situation_on.to_string()),
        "lines": lines.len(),
        "expenditure": side(Direction::Expenditure),
        "revenue": side(Direction::Revenue),
        "reports": reports,
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// The date the execution figures are as of; today in the commune's time zone if absent.
    situation: Option<String>,
}

/// `POST /api/v1/communes/{slug}/budgets` with a `text/csv` body.
pub async fn import(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Query(q): Query<ImportQuery>,
    Reader(lang): Reader,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("text/csv"));
    if !csv {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the budget as Content-Type: text/csv",
        ));
    }
    let body = body.map_err(|e| {
        tracing::info!(commune = %slug, error = %e, "budget import body refused");
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang.t("budget-csv-too-large"),
        )
    })?;
    let situation = match q.situation.as_deref() {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "situation must be a date YYYY-MM-DD".into(),
            field: Some("situation"),
        })?,
        None => commune.local_date(crate::store::now()),
    };
    let parsed = match budget_csv::parse(&body) {
        Ok(p) => p,
        Err(errors) => {
            tracing::info!(commune = %slug, errors = errors.len(), "budget import refused");
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(errors_json(lang, &errors)),
            )
                .into_response());
        }
    };
    let imported = budgets::import(&s.app, &commune, parsed, situation).await?;
    let mut out = budget_json(&s, &slug, commune.country.currency(), &imported.view);
    out["created"] = json!(imported.created);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `GET /api/v1/communes/{slug}/budgets/{year}`.
pub async fn get(
    State(s): State<WebState>,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let commune = communes::get(&s.app, &slug).await?;
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "budget not found");
    let year = budget_csv::parse_year(&year).ok_or_else(not_found)?;
    let view = budgets::view(&s.app, &commune, year)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(budget_json(&s, &slug, commune.country.currency(), &view)).into_response())
}

/// `GET /communes/{slug}/budgets/{year}`: the `Article` for ActivityPub clients, the page
/// otherwise.
pub async fn document(
    State(s): State<WebState>,
    Path((slug, year)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, ApiError> {
    let Some(year) = budget_csv::parse_year(&year) else {
        return Ok(pages::not_found(lang));
    };
    if wants_activity_json(&headers) {
        return Ok(s
            .docs
            .serve(&uri, &headers, || async {
                let commune = communes::get(&s.app, &slug).await?;
                let view = budgets::view(&s.app, &commune, year)
                    .await?
                    .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "budget not found"))?;
                Ok((StatusCode::OK, with_context(view.article(&s.app, &commune))))
            })
            .await);
    }
    let found = async {
        let commune = communes::get(&s.app, &slug).await?;
        let view = budgets::view(&s.app, &commune, year).await?;
        Ok::<_, crate::service::ServiceError>((commune, view))
    }
    .await;
    match found {
        Ok((commune, Some(view))) => {
            Ok(pages::budgets::year(&s, lang, &commune, &view, uri.query()).await)
        }
        _ => Ok(pages::not_found(lang)),
    }
}
