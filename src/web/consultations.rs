//! Consultations over HTTP: the staff JSON API (create, read), the public results (JSON and
//! CSV), and the consultation's id, which dereferences as its `Question`.

use super::api::authorize;
use super::error::ApiError;
use super::{wants_activity_json, WebState};
use crate::domain::commune::Commune;
use crate::domain::consultation::{ChannelCounts, Consultation, ConsultationInput, Phase, Tally};
use crate::protocol::article::rfc3339;
use crate::protocol::context::with_context;
use crate::service::{communes, consultations};
use crate::web::i18n::{Lang, Reader};
use crate::web::pages;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

const FIELDS: &[&str] = &[
    "title",
    "question",
    "description",
    "options",
    "multiple",
    "opens_at",
    "closes_at",
    "channels",
    "results",
    "language",
];

fn parse_input(body: &Bytes) -> Result<ConsultationInput, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!("{path}: {}", e.inner()),
            field: FIELDS.iter().copied().find(|f| path.starts_with(f)),
        }
    })
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Scheduled => "scheduled",
        Phase::Open => "open",
        Phase::Closed => "closed",
    }
}

fn consultation_json(s: &WebState, commune: &Commune, c: &Consultation) -> Value {
    json!({
        "key": c.key,
        "id": s.app.urls.consultation(&commune.slug, &c.key),
        "commune": commune.slug,
        "title": c.title,
        "question": c.question,
        "description": c.description_markdown,
        "description_html": c.description_html,
        "options": c.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
        "multiple": c.multiple,
        "opens_at": rfc3339(c.opens_at),
        "closes_at": rfc3339(c.closes_at),
        "channels": c.channels.iter().map(|ch| ch.as_str()).collect::<Vec<_>>(),
        "results": c.results.as_str(),
        "language": c.language,
        "phase": phase_name(c.phase(crate::store::now())),
        "published_at": c.published_at.map(rfc3339),
        "closed_at": c.closed_at.map(rfc3339),
    })
}

pub async fn create(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let input = parse_input(&body)?;
    let c = consultations::create(&s.app, &commune, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(consultation_json(&s, &commune, &c)),
    )
        .into_response())
}

pub async fn edit(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let input = parse_input(&body)?;
    let c = consultations::edit(&s.app, &commune, &key, &input).await?;
    tracing::info!(commune = %slug, consultation = %key, "consultation edited");
    Ok(Json(consultation_json(&s, &commune, &c)))
}

pub async fn get(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let c = consultations::find(&s.app, &commune, &key).await?;
    Ok(Json(consultation_json(&s, &commune, &c)))
}

fn counts_json(c: &ChannelCounts) -> Value {
    json!({"fediverse": c.fediverse, "codes": c.codes, "paper": c.paper, "total": c.total()})
}

/// Whether the counts may be given: while open only if the commune said so; to the commune's
/// own token always.
async fn visible(s: &WebState, headers: &HeaderMap, commune: &Commune, c: &Consultation) -> bool {
    c.results_public(crate::store::now())
        || (headers.contains_key(header::AUTHORIZATION)
            && authorize(s, headers, &commune.slug).await.is_ok())
}

async fn tallied(
    s: &WebState,
    headers: &HeaderMap,
    slug: &str,
    key: &str,
) -> Result<(Commune, Consultation, Tally), ApiError> {
    let commune = communes::get(&s.app, slug).await?;
    let (c, tally) = consultations::results(&s.app, &commune, key).await?;
    if c.published_at.is_none() && !visible(s, headers, &commune, &c).await {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "consultation not found",
        ));
    }
    if !visible(s, headers, &commune, &c).await {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "the results of this consultation are shown after it closes",
        ));
    }
    Ok((commune, c, tally))
}

/// Counts per option, per channel and in total, voters, participation per 1,000 inhabitants.
/// No voter is named anywhere: a ballot is secret.
pub async fn results(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let (commune, c, tally) = tallied(&s, &headers, &slug, &key).await?;
    Ok(Json(json!({
        "id": s.app.urls.consultation(&commune.slug, &c.key),
        "key": c.key,
        "question": c.question,
        "multiple": c.multiple,
        "phase": phase_name(c.phase(crate::store::now())),
        "closes_at": rfc3339(c.closes_at),
        "options": tally.options.iter().map(|(o, counts)| json!({
            "name": o.name,
            "votes": counts_json(counts),
        })).collect::<Vec<_>>(),
        "votes": counts_json(&tally.votes()),
        "voters": counts_json(&tally.voters),
        "votersCount": tally.voters.total(),
        "population": commune.population,
        "voters_per_thousand_inhabitants": tally.per_thousand(commune.population),
    })))
}

pub async fn results_csv(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (_, c, tally) = tallied(&s, &headers, &slug, &key).await?;
    let mut out = String::from("option,fediverse,codes,paper,total\r\n");
    for (o, n) in &tally.options {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            super::csv::text(&o.name),
            n.fediverse,
            n.codes,
            n.paper,
            n.total()
        ));
    }
    let v = tally.voters;
    out.push_str(&format!(
        "{},{},{},{},{}\r\n",
        super::csv::text("voters"),
        v.fediverse,
        v.codes,
        v.paper,
        v.total()
    ));
    let name = format!("attachment; filename=\"consultation-{}.csv\"", c.key);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        out,
    )
        .into_response())
}

/// The public page, with what became of a vote when there is one to say. A consultation that
/// has not opened is shown (its opening time), but not its form.
async fn public_page(
    s: &WebState,
    lang: Lang,
    slug: &str,
    key: &str,
    said: Option<pages::consultations::Said<'_>>,
    query: Option<&str>,
) -> Response {
    let found = async {
        let commune = communes::get(&s.app, slug).await?;
        let (c, tally) = consultations::results(&s.app, &commune, key).await?;
        let id = s.app.urls.consultation(slug, key);
        let discussion = super::replies::discussion(&s.app, &id, query).await?;
        Ok::<_, crate::service::ServiceError>((commune, c, tally, discussion))
    }
    .await;
    match found {
        Ok((commune, c, tally, discussion)) => pages::consultations::page(
            s,
            lang,
            &commune,
            &c,
            &tally,
            crate::store::now(),
            said,
            &discussion,
        ),
        Err(_) => pages::not_found(lang),
    }
}

/// A vote with a code, from the public page's form (`code`, and `option` once per choice).
pub async fn vote(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Reader(lang): Reader,
    body: Bytes,
) -> Response {
    use crate::service::consultations::CodeRefusal;
    let mut code = String::new();
    let mut options = Vec::new();
    let mut malformed_option = false;
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "code" => code = v.into_owned(),
            "option" => match v.parse::<i32>() {
                Ok(id) => options.push(id),
                Err(_) => malformed_option = true,
            },
            _ => {}
        }
    }
    let address =
        pages::admin::login::client_address(&s.app.config.trusted_proxies, peer.ip(), &headers);
    let refusal = |status, key| pages::consultations::Said {
        status,
        key,
        ok: false,
    };
    let commune = match communes::get(&s.app, &slug).await {
        Ok(c) => c,
        Err(_) => return pages::not_found(lang),
    };
    if malformed_option {
        let said = refusal(StatusCode::UNPROCESSABLE_ENTITY, "code-bad-choice");
        return public_page(&s, lang, &slug, &key, Some(said), None).await;
    }
    let outcome =
        consultations::code_vote(&s.app, &commune, &key, &code, options, &address.to_string())
            .await;
    let said = match outcome {
        Ok(Ok(())) => {
            tracing::info!(commune = %slug, consultation = %key, "vote with a code");
            pages::consultations::Said {
                status: StatusCode::OK,
                key: "consultation-voted",
                ok: true,
            }
        }
        Ok(Err(why)) => {
            let (status, message) = match why {
                CodeRefusal::Malformed => (StatusCode::UNPROCESSABLE_ENTITY, "code-malformed"),
                CodeRefusal::Unknown => (StatusCode::UNPROCESSABLE_ENTITY, "code-unknown"),
                CodeRefusal::OtherConsultation => (StatusCode::UNPROCESSABLE_ENTITY, "code-other"),
                CodeRefusal::Used => (StatusCode::CONFLICT, "code-used"),
                CodeRefusal::NotOpen => (StatusCode::CONFLICT, "code-not-open"),
                CodeRefusal::Closed => (StatusCode::CONFLICT, "code-closed"),
                CodeRefusal::NoCodes => (StatusCode::UNPROCESSABLE_ENTITY, "code-no-codes"),
                CodeRefusal::BadChoice => (StatusCode::UNPROCESSABLE_ENTITY, "code-bad-choice"),
                CodeRefusal::TooManyGuesses => (StatusCode::TOO_MANY_REQUESTS, "code-too-many"),
            };
            refusal(status, message)
        }
        Err(crate::service::ServiceError::NotFound(_)) => return pages::not_found(lang),
        Err(e) => {
            tracing::error!(error = %e, "vote with a code failed");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "error-server")
        }
    };
    public_page(&s, lang, &slug, &key, Some(said), None).await
}

/// The consultation's id: the `Question` for ActivityPub clients (404 until it opens).
pub async fn document(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, ApiError> {
    if !wants_activity_json(&headers) {
        return Ok(public_page(&s, lang, &slug, &key, None, uri.query()).await);
    }
    Ok(s.docs
        .serve(&uri, &headers, || async {
            let commune = communes::get(&s.app, &slug).await?;
            let (c, tally) = consultations::results(&s.app, &commune, &key).await?;
            if c.published_at.is_none() {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "consultation not found",
                ));
            }
            let doc = crate::protocol::question::question(
                &s.app.urls,
                &commune,
                &c,
                &tally,
                crate::store::now(),
            );
            Ok((StatusCode::OK, with_context(doc)))
        })
        .await)
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesRequest {
    count: usize,
}

/// Generates a batch of voting codes: shown once (JSON, or CSV for `Accept: text/csv`).
pub async fn codes(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let req: CodesRequest = serde_json::from_slice(&body).map_err(|e| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: format!("count: {e}"),
        field: Some("count"),
    })?;
    let (batch, codes) = consultations::generate_codes(&s.app, &commune, &key, req.count).await?;
    let wants_csv = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/csv"));
    if wants_csv {
        let mut out = String::from("code\r\n");
        for c in &codes {
            out.push_str(c);
            out.push_str("\r\n");
        }
        let name = format!("attachment; filename=\"codes-{key}-{batch}.csv\"");
        return Ok((
            StatusCode::CREATED,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, name),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            out,
        )
            .into_response());
    }
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"batch": batch, "codes": codes})),
    )
        .into_response())
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperRequest {
    place: String,
    counts: std::collections::BTreeMap<String, i64>,
    #[serde(default)]
    note: String,
}

/// Paper ballots counted at a polling place, per option name; each change is logged.
pub async fn paper(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let commune = authorize(&s, &headers, &slug).await?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")))?;
    let req: PaperRequest = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: format!("{path}: {}", e.inner()),
            field: ["place", "counts", "note"]
                .into_iter()
                .find(|f| path.starts_with(f)),
        }
    })?;
    let tally = consultations::set_paper_counts(
        &s.app,
        &commune,
        &key,
        &req.place,
        req.counts.into_iter().collect(),
        &req.note,
        "api",
    )
    .await?;
    Ok(Json(json!({
        "options": tally.options.iter().map(|(o, counts)| json!({
            "name": o.name,
            "votes": counts_json(counts),
        })).collect::<Vec<_>>(),
        "voters": counts_json(&tally.voters),
    })))
}
