//! A commune's open data: its DCAT-AP catalog (JSON-LD, at a stable URL), its open-data page,
//! and each dataset as CSV and JSON — the published decisions (votes as Popolo vote events),
//! the consultations whose results are public, the register of requests (never who asked),
//! each year's budget, that also as a Fiscal Data Package. Exports stream:
//! rows are read from the store a page at a time while the body is sent, never held whole.
//! Each carries an ETag and Last-Modified computed before the first row, so a client that has
//! the current version gets 304 without a single row being read.

use super::csv;
use super::format::Place;
use super::i18n::{Lang, Reader};
use super::pages::{html_response, layout, PageError};
use super::WebState;
use crate::domain::budget::{Budget, Line, StoredLine};
use crate::domain::budget_csv::{parse_year, COLUMNS};
use crate::domain::commitment::Commitment;
use crate::domain::commune::Commune;
use crate::domain::consultation::{ChannelCounts, Consultation, Phase, Tally};
use crate::domain::decision::{Attachment, Decision};
use crate::domain::request::Request;
use crate::protocol::article::rfc3339;
use crate::protocol::urls::Urls;
use crate::service::budgets;
use crate::service::{communes, App};
use crate::store::decisions::Extent;
use crate::store::{
    budgets as db, commitments as commitments_db, consultations as consultations_db,
    decisions as decisions_db, requests as requests_db, DbConn, StoreResult,
};
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{NaiveDate, NaiveDateTime};
use fluent_templates::fluent_bundle::FluentValue;
use maud::html;
use serde_json::{json, Value};
use sha2::Digest;

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/communes/{slug}/data", get(page))
        .route("/communes/{slug}/data/catalog.jsonld", get(catalog))
        .route(
            "/communes/{slug}/data/budgets/{year}/budget.csv",
            get(budget_csv),
        )
        .route(
            "/communes/{slug}/data/budgets/{year}/budget.json",
            get(budget_json),
        )
        .route(
            "/communes/{slug}/data/budgets/{year}/datapackage.json",
            get(datapackage),
        )
        .route("/communes/{slug}/data/decisions.csv", get(decisions_csv))
        .route("/communes/{slug}/data/decisions.json", get(decisions_json))
        .route(
            "/communes/{slug}/data/consultations.csv",
            get(consultations_csv),
        )
        .route(
            "/communes/{slug}/data/consultations.json",
            get(consultations_json),
        )
        .route(
            "/communes/{slug}/data/commitments.csv",
            get(commitments_csv),
        )
        .route(
            "/communes/{slug}/data/commitments.json",
            get(commitments_json),
        )
        .route("/communes/{slug}/data/requests.csv", get(requests_csv))
        .route("/communes/{slug}/data/requests.json", get(requests_json))
}

/// The IANA media types of the distributions, as DCAT-AP wants them (URIs).
const IANA: &str = "http://www.iana.org/assignments/media-types/";
pub const FDP_SPEC: &str = "https://specs.frictionlessdata.io/fiscal-data-package/";

/// One file of a dataset.
#[derive(Debug, Clone)]
pub struct Distribution {
    pub url: String,
    pub media_type: &'static str,
    /// The catalog key of its format's name (`opendata-format-csv`).
    pub format_key: &'static str,
    /// The standard the file follows, if any (the Fiscal Data Package for budgets).
    pub conforms_to: Option<&'static str>,
}

/// A dataset as the catalog and the page list it.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The fragment of its id on the open-data page (`#budget-2026`).
    pub key: String,
    pub title: String,
    pub description: String,
    pub modified: NaiveDateTime,
    pub temporal: Option<(NaiveDate, NaiveDate)>,
    pub keywords: Vec<&'static str>,
    pub distributions: Vec<Distribution>,
}

fn data_url(s: &WebState, slug: &str, rest: &str) -> String {
    format!("{}{rest}", s.app.urls.open_data(slug))
}

/// Every dataset of a commune, in the reader's language.
pub async fn datasets(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
) -> Result<Vec<Dataset>, crate::service::ServiceError> {
    let scope = Scope::of(s, commune, crate::store::now());
    let extents = s
        .app
        .store
        .run(move |c| {
            Records::ALL
                .into_iter()
                .map(|r| Ok((r, extent_in(c, scope, r)?)))
                .collect::<StoreResult<Vec<_>>>()
        })
        .await?;
    // Like a budget, a kind of records is listed once it has one: decisions and consultations
    // first, then the budgets, then the register of requests.
    let (before, after): (Vec<_>, Vec<_>) = extents
        .into_iter()
        .filter(|(_, e)| e.count > 0)
        .map(|(r, e)| (r, records_dataset(s, lang, commune, r, &e)))
        .partition(|(r, _)| !matches!(r, Records::Requests | Records::Commitments));
    let mut out: Vec<Dataset> = before.into_iter().map(|(_, d)| d).collect();
    for b in budgets::list(&s.app, commune).await? {
        let year = b.year;
        let base = format!("/budgets/{year}");
        let args = [("year", FluentValue::from(year))];
        out.push(Dataset {
            key: format!("budget-{year}"),
            title: lang.t_args("opendata-dataset-budget", &args),
            description: lang.t_args("opendata-dataset-budget-description", &args),
            modified: b.updated_at,
            temporal: NaiveDate::from_ymd_opt(year, 1, 1)
                .zip(NaiveDate::from_ymd_opt(year, 12, 31)),
            keywords: vec!["budget", "finances publiques", "fiscal data"],
            distributions: vec![
                Distribution {
                    url: data_url(s, &commune.slug, &format!("{base}/budget.csv")),
                    media_type: "text/csv",
                    format_key: "opendata-format-csv",
                    conforms_to: None,
                },
                Distribution {
                    url: data_url(s, &commune.slug, &format!("{base}/budget.json")),
                    media_type: "application/json",
                    format_key: "opendata-format-json",
                    conforms_to: None,
                },
                Distribution {
                    url: data_url(s, &commune.slug, &format!("{base}/datapackage.json")),
                    media_type: "application/json",
                    format_key: "opendata-format-datapackage",
                    conforms_to: Some(FDP_SPEC),
                },
            ],
        });
    }
    out.extend(after.into_iter().map(|(_, d)| d));
    Ok(out)
}

/// The JSON-LD context of the catalog: DCAT, Dublin Core and FOAF terms under short names.
fn catalog_context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "Catalog": "dcat:Catalog",
        "Dataset": "dcat:Dataset",
        "Distribution": "dcat:Distribution",
        "Agent": "foaf:Agent",
        "PeriodOfTime": "dct:PeriodOfTime",
        "LicenseDocument": "dct:LicenseDocument",
        "title": { "@id": "dct:title", "@container": "@language" },
        "description": { "@id": "dct:description", "@container": "@language" },
        "name": "foaf:name",
        "publisher": { "@id": "dct:publisher", "@type": "@id" },
        "license": { "@id": "dct:license", "@type": "@id" },
        "homepage": { "@id": "foaf:homepage", "@type": "@id" },
        "landingPage": { "@id": "dcat:landingPage", "@type": "@id" },
        "language": { "@id": "dct:language", "@type": "@id" },
        "modified": { "@id": "dct:modified", "@type": "xsd:dateTime" },
        "temporal": "dct:temporal",
        "startDate": { "@id": "dcat:startDate", "@type": "xsd:date" },
        "endDate": { "@id": "dcat:endDate", "@type": "xsd:date" },
        "keyword": "dcat:keyword",
        "dataset": { "@id": "dcat:dataset", "@container": "@set" },
        "distribution": { "@id": "dcat:distribution", "@container": "@set" },
        "downloadURL": { "@id": "dcat:downloadURL", "@type": "@id" },
        "accessURL": { "@id": "dcat:accessURL", "@type": "@id" },
        "mediaType": { "@id": "dcat:mediaType", "@type": "@id" },
        "format": "dct:format",
        "conformsTo": { "@id": "dct:conformsTo", "@type": "@id" },
        "spatial": "dct:spatial"
    })
}

/// `GET /communes/{slug}/data/catalog.jsonld`: DCAT-AP, in the commune's language.
pub async fn catalog(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let lang = crate::protocol::budget::language_of(&commune);
    let sets = datasets(&s, lang, &commune).await?;
    let page = data_url(&s, &slug, "");
    let actor = s.app.urls.commune(&slug);
    let licence = commune.data_licence.url();
    let code = lang.code();
    let publisher = json!({ "@id": actor, "@type": "Agent", "name": commune.name });
    let modified = sets.iter().map(|d| d.modified).max();
    let doc = json!({
        "@context": catalog_context(),
        "@id": format!("{page}/catalog.jsonld"),
        "@type": "Catalog",
        "title": { code: lang.t_args("opendata-catalog-title", &[("commune", FluentValue::from(commune.name.as_str()))]) },
        "description": { code: lang.t_args("opendata-catalog-description", &[("commune", FluentValue::from(commune.name.as_str()))]) },
        "publisher": publisher,
        "license": licence,
        "homepage": page,
        "language": format!("http://id.loc.gov/vocabulary/iso639-1/{code}"),
        "modified": modified.map(rfc3339),
        "dataset": sets.iter().map(|d| {
            let mut ds = json!({
                "@id": format!("{page}#{}", d.key),
                "@type": "Dataset",
                "title": { code: d.title },
                "description": { code: d.description },
                "publisher": actor,
                "license": licence,
                "landingPage": format!("{page}#{}", d.key),
                "modified": rfc3339(d.modified),
                "keyword": d.keywords,
                "distribution": d.distributions.iter().map(|x| {
                    let mut v = json!({
                        "@id": x.url,
                        "@type": "Distribution",
                        "downloadURL": x.url,
                        "accessURL": x.url,
                        "mediaType": format!("{IANA}{}", x.media_type),
                        "format": lang.t(x.format_key),
                        "license": licence,
                    });
                    if let Some(c) = x.conforms_to {
                        v["conformsTo"] = json!(c);
                    }
                    v
                }).collect::<Vec<_>>(),
            });
            if let Some((from, to)) = d.temporal {
                ds["temporal"] = json!({ "@type": "PeriodOfTime", "startDate": from.to_string(), "endDate": to.to_string() });
            }
            ds
        }).collect::<Vec<_>>(),
    });
    let body = doc.to_string();
    let tag = super::caching::tag_of(body.as_bytes());
    if let Some(r) = versioned(&headers, &tag, modified) {
        return Ok(r);
    }
    let mut response = body.into_response();
    validators(response.headers_mut(), &tag, modified);
    set_content_type(&mut response, "application/ld+json");
    Ok(response)
}

/// `GET /communes/{slug}/data`: the datasets and their downloads.
pub async fn page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let sets = datasets(&s, lang, &commune).await?;
    let place = Place::of(&commune);
    let here = data_url(&s, &slug, "");
    let title = lang.t("opendata-title");
    let licence = commune.data_licence;
    let body = html! {
        h1 { (title) " — " (commune.name) }
        p { (lang.t("opendata-intro")) }
        p {
            (lang.t_args("opendata-licence", &[("licence", FluentValue::from(licence.title()))])) " "
            a href=(licence.url()) rel="license" { (licence.spdx()) }
        }
        p { a href={ (here) "/catalog.jsonld" } type="application/ld+json" { (lang.t("opendata-catalog")) } }
        @if sets.is_empty() { p.muted { (lang.t("opendata-none")) } }
        @for d in &sets {
            section id=(d.key) {
                h2 { (d.title) }
                p { (d.description) }
                p.muted { (lang.t_args("opendata-modified", &[("date", FluentValue::from(place.day_of(lang, d.modified)))])) }
                ul {
                    @for x in &d.distributions {
                        li { a href=(x.url) type=(x.media_type) download { (lang.t(x.format_key)) } }
                    }
                }
            }
        }
    };
    let path = url::Url::parse(&here)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &title, &path, None, body),
    ))
}

/// 304 when the client has the version `tag` (or, without `If-None-Match`, one not older than
/// `modified`), else `None`: the caller sends the body with `headers_for`.
fn versioned(headers: &HeaderMap, tag: &str, modified: Option<NaiveDateTime>) -> Option<Response> {
    let tag_value = HeaderValue::from_str(tag).ok()?;
    let fresh = match headers.get(header::IF_NONE_MATCH) {
        Some(inm) => super::caching::matches(Some(inm), &tag_value),
        None => match (headers.get(header::IF_MODIFIED_SINCE), modified) {
            (Some(ims), Some(m)) => ims
                .to_str()
                .ok()
                .and_then(|v| httpdate::parse_http_date(v).ok())
                .is_some_and(|since| since >= to_system(m)),
            _ => false,
        },
    };
    let mut r = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        return None;
    };
    validators(r.headers_mut(), tag, modified);
    Some(r)
}

fn to_system(t: NaiveDateTime) -> std::time::SystemTime {
    // HTTP dates have whole seconds: compare at that precision.
    let secs = t.and_utc().timestamp().max(0) as u64;
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
}

fn validators(h: &mut HeaderMap, tag: &str, modified: Option<NaiveDateTime>) {
    if let Ok(v) = HeaderValue::from_str(tag) {
        h.insert(header::ETAG, v);
    }
    if let Some(m) = modified {
        if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(to_system(m))) {
            h.insert(header::LAST_MODIFIED, v);
        }
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
}

fn set_content_type(r: &mut Response, ct: &'static str) {
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
}

/// A version tag from what identifies a dataset's state (its kind, the commune's licence, the
/// count and last change of its rows), computed without reading the rows.
pub fn tag_for(parts: &[&str]) -> String {
    let joined = parts.join("|");
    format!(
        "\"{}\"",
        &hex::encode(sha2::Sha256::digest(joined.as_bytes()))[..32]
    )
}

/// A streamed export: `head`, then each page of rows that `fetch` returns after the cursor
/// (rendered by `render`, told whether the row is the first), then `tail`. Pages are read
/// from the store one at a time as the client takes the body.
pub fn stream<T, F, R>(app: App, head: String, tail: String, fetch: F, render: R) -> Body
where
    T: Send + 'static,
    F: Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, T)>> + Clone + Send + Sync + 'static,
    R: Fn(&T, bool) -> String + Send + Sync + 'static,
{
    enum Step {
        Head,
        Rows { after: i64, first: bool },
        Done,
    }
    let render = std::sync::Arc::new(render);
    let s = futures::stream::unfold(Step::Head, move |step| {
        let (app, fetch, render, head, tail) = (
            app.clone(),
            fetch.clone(),
            render.clone(),
            head.clone(),
            tail.clone(),
        );
        async move {
            match step {
                Step::Head => Some((
                    Ok::<_, std::io::Error>(Bytes::from(head)),
                    Step::Rows {
                        after: i64::MIN,
                        first: true,
                    },
                )),
                Step::Rows { after, first } => {
                    let rows = match app.store.run(move |c| fetch(c, after)).await {
                        Ok(rows) => rows,
                        Err(e) => {
                            // The status is sent; a truncated body is the only signal left.
                            tracing::warn!(error = %e, "open-data export interrupted");
                            return Some((Err(std::io::Error::other(e.to_string())), Step::Done));
                        }
                    };
                    let Some(last) = rows.last().map(|(k, _)| *k) else {
                        return Some((Ok(Bytes::from(tail)), Step::Done));
                    };
                    let mut out = String::new();
                    for (i, (_, row)) in rows.iter().enumerate() {
                        out.push_str(&render(row, first && i == 0));
                    }
                    Some((
                        Ok(Bytes::from(out)),
                        Step::Rows {
                            after: last,
                            first: false,
                        },
                    ))
                }
                Step::Done => None,
            }
        }
    });
    // Fused: the body wrappers (timeouts, compression) may poll once more after the end.
    Body::from_stream(futures::StreamExt::fuse(s))
}

/// Rows per page of an export.
pub const PAGE: i64 = 500;

/// A streamed response with its validators, or 304.
pub fn streamed(
    headers: &HeaderMap,
    tag: &str,
    modified: Option<NaiveDateTime>,
    content_type: &'static str,
    filename: &str,
    body: impl FnOnce() -> Body,
) -> Response {
    if let Some(r) = versioned(headers, tag, modified) {
        return r;
    }
    let mut r = Response::new(body());
    validators(r.headers_mut(), tag, modified);
    set_content_type(&mut r, content_type);
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// A year's budget with its reports, without their lines: what the exports' validators and
/// the package need. Only `budget.json` reads the lines up front (for its totals).
async fn budget_of(s: &WebState, slug: &str, year: &str) -> Result<(Commune, Budget), PageError> {
    let commune = communes::get(&s.app, slug).await?;
    let year = parse_year(year).ok_or_else(PageError::not_found)?;
    let budget = budgets::find(&s.app, &commune, year)
        .await?
        .ok_or_else(PageError::not_found)?;
    Ok((commune, budget))
}

fn budget_tag(commune: &Commune, budget: &Budget, format: &str) -> String {
    tag_for(&[
        "budget",
        format,
        &commune.slug,
        &budget.year.to_string(),
        &budget.updated_at.and_utc().timestamp_micros().to_string(),
        &budget.reports.len().to_string(),
        commune.data_licence.spdx(),
    ])
}

fn latest_report(budget: &Budget) -> i32 {
    budget.latest().map_or(0, |r| r.id)
}

fn fetch_lines(
    report: i32,
) -> impl Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, StoredLine)>> + Clone {
    move |c, after| {
        let after = i32::try_from(after).unwrap_or(-1);
        Ok(db::lines_after(c, report, after, PAGE)?
            .into_iter()
            .map(|(pos, l)| (pos as i64, l))
            .collect())
    }
}

/// A line in the template's columns (`budget_csv::COLUMNS`): an export imports again as is.
fn template_row(year: i32, l: &Line) -> String {
    let a = &l.amounts;
    csv::row(&[
        year.to_string(),
        csv::text(l.document.code()),
        csv::text(l.section.code()),
        csv::text(l.direction.code()),
        csv::text(&l.codes.chapter),
        csv::text(&l.codes.article),
        csv::text(&l.codes.paragraph),
        csv::text(&l.label),
        csv::text(&l.source),
        csv::int(a.initial),
        csv::int(a.modifications),
        csv::int(a.final_forecast),
        csv::int(a.committed),
        csv::int(a.issued),
        csv::int(a.settled),
    ])
}

/// `…/data/budgets/{year}/budget.csv`: the latest report in the template, `,`-separated.
pub async fn budget_csv(
    State(s): State<WebState>,
    Path((slug, year)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (commune, budget) = budget_of(&s, &slug, &year).await?;
    let year = budget.year;
    let head = csv::row(&COLUMNS.map(String::from));
    Ok(streamed(
        &headers,
        &budget_tag(&commune, &budget, "csv"),
        Some(budget.updated_at),
        "text/csv; charset=utf-8",
        &format!("budget-{}-{year}.csv", commune.slug),
        || {
            stream(
                s.app.clone(),
                head,
                String::new(),
                fetch_lines(latest_report(&budget)),
                move |l: &StoredLine, _| template_row(year, &l.line),
            )
        },
    ))
}

fn line_json(l: &Line) -> Value {
    let a = &l.amounts;
    json!({
        "document": l.document.code(),
        "section": l.section.code(),
        "direction": l.direction.code(),
        "chapter": l.codes.chapter,
        "article": l.codes.article,
        "paragraph": l.codes.paragraph,
        "label": l.label,
        "source": l.source,
        "initial_forecast": a.initial,
        "modifications": a.modifications,
        "final_forecast": a.final_forecast(),
        "committed": a.committed,
        "issued": a.issued,
        "settled": a.settled,
    })
}

/// `…/data/budgets/{year}/budget.json`: the year's figures and the latest report's lines.
pub async fn budget_json(
    State(s): State<WebState>,
    Path((slug, year)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (commune, budget) = budget_of(&s, &slug, &year).await?;
    let tag = budget_tag(&commune, &budget, "json");
    if let Some(r) = versioned(&headers, &tag, Some(budget.updated_at)) {
        return Ok(r);
    }
    let view = budgets::view(&s.app, &commune, budget.year)
        .await?
        .ok_or_else(PageError::not_found)?;
    let mut head = super::budgets::budget_json(&s, &slug, commune.country.currency(), &view);
    head["license"] = json!(commune.data_licence.url());
    head["publisher"] = json!(s.app.urls.commune(&slug));
    // The lines are streamed into the last member: the head is the object without its `}`.
    let mut head = head.to_string();
    head.pop();
    head.push_str(",\"items\":[");
    Ok(streamed(
        &headers,
        &tag,
        Some(budget.updated_at),
        "application/json",
        &format!("budget-{}-{}.json", commune.slug, view.budget.year),
        || {
            stream(
                s.app.clone(),
                head,
                "]}".into(),
                fetch_lines(latest_report(&budget)),
                |l: &StoredLine, first| {
                    let v = line_json(&l.line).to_string();
                    if first {
                        v
                    } else {
                        format!(",{v}")
                    }
                },
            )
        },
    ))
}

/// The Fiscal Data Package of a year: the CSV above as its one resource, typed, and the FDP
/// model mapping the stages onto its phases — initial forecast (the voted budget primitif):
/// approved; final forecast: adjusted; mandated (expenditure) and collected (revenue):
/// executed. `proposed` has no column: communes publish the budget once voted.
pub fn fiscal_data_package(s: &WebState, commune: &Commune, budget: &Budget) -> Value {
    let year = budget.year;
    let currency = commune.country.currency();
    let licence = commune.data_licence;
    let text = |name: &str, enumeration: Option<&[&str]>| {
        let mut f = json!({ "name": name, "type": "string" });
        if let Some(e) = enumeration {
            f["constraints"] = json!({ "enum": e });
        }
        f
    };
    let amount = |name: &str, minimum: bool| {
        let mut f = json!({ "name": name, "type": "integer", "bareNumber": true });
        if minimum {
            f["constraints"] = json!({ "minimum": 0 });
        }
        f
    };
    let fields = vec![
        json!({ "name": "exercice", "type": "integer", "constraints": { "required": true, "minimum": year, "maximum": year } }),
        text("document", Some(&["BP", "BS", "DM", "CA"])),
        text("section", Some(&["fonctionnement", "investissement"])),
        text("sens", Some(&["recette", "depense"])),
        text("chapitre", None),
        text("article", None),
        text("paragraphe", None),
        text("libelle", None),
        text("source", None),
        amount("prevision_initiale", true),
        amount("modifications", false),
        amount("prevision_definitive", true),
        amount("engage", true),
        amount("emis_mandate", true),
        amount("recouvre_paye", true),
    ];
    let measure = |source: &str, phase: Option<&str>, title: &str| {
        let mut m = json!({ "source": source, "currency": currency, "title": title });
        if let Some(p) = phase {
            m["phase"] = json!(p);
        }
        m
    };
    let lang = crate::protocol::budget::language_of(commune);
    let title = lang.t_args(
        "budget-title",
        &[
            ("year", FluentValue::from(year)),
            ("commune", FluentValue::from(commune.name.as_str())),
        ],
    );
    json!({
        "profile": "tabular-data-package",
        "name": format!("budget-{}-{year}", commune.slug),
        "title": title,
        "homepage": s.app.urls.budget(&commune.slug, year),
        "licenses": [{ "name": licence.spdx(), "path": licence.url(), "title": licence.title() }],
        "contributors": [{ "title": commune.name, "role": "publisher", "path": s.app.urls.commune(&commune.slug) }],
        "keywords": ["budget", "fiscal-data-package", commune.country.code()],
        "countryCode": commune.country.code(),
        "fiscalPeriod": { "start": format!("{year}-01-01"), "end": format!("{year}-12-31") },
        "situationDate": budget.latest().map(|r| r.situation_on.to_string()),
        "resources": [{
            "name": "budget-lines",
            "path": "budget.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields, "missingValues": [""] },
        }],
        "model": {
            "measures": {
                "prevision_initiale": measure("prevision_initiale", Some("approved"), "Prévision initiale (budget primitif voté)"),
                "prevision_definitive": measure("prevision_definitive", Some("adjusted"), "Prévision définitive"),
                "emis_mandate": measure("emis_mandate", Some("executed"), "Mandaté (dépense) ou émis (recette)"),
                "recouvre_paye": measure("recouvre_paye", Some("executed"), "Payé (dépense) ou recouvré (recette)"),
                "modifications": measure("modifications", None, "Modifications"),
                "engage": measure("engage", None, "Engagé"),
            },
            "dimensions": {
                "exercice": { "dimensionType": "datetime", "attributes": { "exercice": { "source": "exercice" } }, "primaryKey": "exercice" },
                "document": { "dimensionType": "other", "attributes": { "document": { "source": "document" } }, "primaryKey": "document" },
                "sens": { "dimensionType": "other", "attributes": { "sens": { "source": "sens" } }, "primaryKey": "sens" },
                "section": { "dimensionType": "classification", "classificationType": "economic", "attributes": { "section": { "source": "section" } }, "primaryKey": "section" },
                "nomenclature": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {
                        "chapitre": { "source": "chapitre" },
                        "article": { "source": "article", "parent": "chapitre" },
                        "paragraphe": { "source": "paragraphe", "parent": "article" },
                        "libelle": { "source": "libelle", "labelfor": "paragraphe" },
                    },
                    "primaryKey": ["chapitre", "article", "paragraphe"],
                },
                "source": { "dimensionType": "classification", "classificationType": "funding", "attributes": { "source": { "source": "source" } }, "primaryKey": "source" },
            },
        },
    })
}

/// `…/data/budgets/{year}/datapackage.json`.
pub async fn datapackage(
    State(s): State<WebState>,
    Path((slug, year)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (commune, budget) = budget_of(&s, &slug, &year).await?;
    let tag = budget_tag(&commune, &budget, "datapackage");
    if let Some(r) = versioned(&headers, &tag, Some(budget.updated_at)) {
        return Ok(r);
    }
    let mut r = axum::Json(fiscal_data_package(&s, &commune, &budget)).into_response();
    validators(r.headers_mut(), &tag, Some(budget.updated_at));
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// Decisions, consultations and the register of requests: one dataset each, as CSV and JSON.

/// The kinds of records a commune publishes as datasets besides its budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    Decisions,
    Consultations,
    Requests,
    Commitments,
}

impl Records {
    pub const ALL: [Records; 4] = [
        Records::Decisions,
        Records::Consultations,
        Records::Commitments,
        Records::Requests,
    ];

    /// Its name in URLs, file names, catalog keys and the dataset's id.
    pub fn name(self) -> &'static str {
        match self {
            Records::Decisions => "decisions",
            Records::Consultations => "consultations",
            Records::Requests => "requests",
            Records::Commitments => "commitments",
        }
    }

    fn keywords(self) -> Vec<&'static str> {
        match self {
            Records::Decisions => vec!["délibérations", "conseil municipal", "votes", "Popolo"],
            Records::Consultations => vec!["consultations", "participation citoyenne", "votes"],
            Records::Requests => vec!["accès à l'information", "demandes", "transparence"],
            Records::Commitments => vec!["plan d'action", "OGP Local", "engagements"],
        }
    }
}

/// What an export of a commune's records depends on besides the rows: the time it is read at
/// (results become public and requests overdue as time passes) and the commune's calendar.
#[derive(Debug, Clone, Copy)]
struct Scope {
    commune_id: i32,
    now: NaiveDateTime,
    today: NaiveDate,
    /// Whether an overdue request is refused by silence (the register says so).
    silence: bool,
    tz: chrono_tz::Tz,
}

impl Scope {
    fn of(s: &WebState, commune: &Commune, now: NaiveDateTime) -> Self {
        Scope {
            commune_id: commune.id,
            now,
            today: commune.local_date(now),
            silence: s.app.deadlines.of(commune.country).silence_is_refusal,
            tz: commune.tz(),
        }
    }
}

/// The extent of one kind of records (count, last change, dates), read without the rows.
fn extent_in(c: &mut DbConn, scope: Scope, records: Records) -> StoreResult<Extent> {
    let id = scope.commune_id;
    match records {
        Records::Decisions => decisions_db::published_extent(c, id),
        Records::Commitments => commitments_db::extent(c, id),
        Records::Consultations => consultations_db::public_results_extent(c, id, scope.now),
        Records::Requests => {
            let mut e = requests_db::register_extent(c, id)?;
            if scope.silence {
                // A request past its due date shows as refused by silence from the commune's
                // midnight after that date: that is a change of the register.
                let lapsed = requests_db::latest_lapsed_due(c, id, scope.today)?
                    .and_then(|due| due.succ_opt())
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
                    .and_then(|t| {
                        use chrono::TimeZone;
                        scope.tz.from_local_datetime(&t).earliest()
                    })
                    .map(|t| t.naive_utc());
                e.modified = e.modified.max(lapsed);
                e.counters
                    .push(lapsed.map_or(0, |t| t.and_utc().timestamp()));
            }
            Ok(e)
        }
    }
}

fn records_dataset(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    records: Records,
    e: &Extent,
) -> Dataset {
    let name = records.name();
    let file = |ext: &str| data_url(s, &commune.slug, &format!("/{name}.{ext}"));
    Dataset {
        key: name.to_string(),
        title: lang.t(&format!("opendata-dataset-{name}")),
        description: lang.t(&format!("opendata-dataset-{name}-description")),
        modified: e.modified.unwrap_or(commune.created_at),
        temporal: e.first.zip(e.last),
        keywords: records.keywords(),
        distributions: vec![
            Distribution {
                url: file("csv"),
                media_type: "text/csv",
                format_key: "opendata-format-csv",
                conforms_to: None,
            },
            Distribution {
                url: file("json"),
                media_type: "application/json",
                format_key: "opendata-format-json",
                conforms_to: None,
            },
        ],
    }
}

/// An export's commune, the scope it is read in, and its extent: all that its validators need.
async fn records_of(
    s: &WebState,
    slug: &str,
    records: Records,
) -> Result<(Commune, Scope, Extent), PageError> {
    let commune = communes::get(&s.app, slug).await?;
    let scope = Scope::of(s, &commune, crate::store::now());
    let e = s
        .app
        .store
        .run(move |c| extent_in(c, scope, records))
        .await?;
    Ok((commune, scope, e))
}

fn records_tag(commune: &Commune, records: Records, format: &str, e: &Extent) -> String {
    let mut parts = vec![
        records.name().to_string(),
        format.to_string(),
        commune.slug.clone(),
        commune.data_licence.spdx().to_string(),
        e.count.to_string(),
        e.modified
            .map_or(0, |m| m.and_utc().timestamp_micros())
            .to_string(),
    ];
    parts.extend(e.counters.iter().map(i64::to_string));
    tag_for(&parts.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The one way a dataset of records is exported: its extent read first (validators, or 304),
/// then `rows(scope)` streamed as CSV under `columns` or as the items of a JSON object,
/// each rendered by `render(commune, scope)` (told whether it is the first, for JSON's commas).
async fn export<T, F, R>(
    s: &WebState,
    slug: &str,
    headers: &HeaderMap,
    records: Records,
    format: Format,
    rows: impl FnOnce(Scope) -> F,
    render: impl FnOnce(&Commune, Scope) -> R,
) -> Result<Response, PageError>
where
    T: Send + 'static,
    F: Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, T)>> + Clone + Send + Sync + 'static,
    R: Fn(&T, bool) -> String + Send + Sync + 'static,
{
    let (commune, scope, e) = records_of(s, slug, records).await?;
    let (head, tail, json) = match format {
        Format::Csv(columns) => (
            csv::row(&columns.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
            String::new(),
            false,
        ),
        Format::Json => (json_head(s, &commune), "]}".to_string(), true),
    };
    let (fetch, render) = (rows(scope), render(&commune, scope));
    Ok(records_response(
        headers,
        &commune,
        records,
        &e,
        json,
        || stream(s.app.clone(), head, tail, fetch, render),
    ))
}

/// How an export is written: CSV with its header, or JSON.
enum Format {
    Csv(&'static [&'static str]),
    Json,
}

/// A streamed export of `records` with its validators (or 304).
fn records_response(
    headers: &HeaderMap,
    commune: &Commune,
    records: Records,
    e: &Extent,
    json: bool,
    body: impl FnOnce() -> Body,
) -> Response {
    let (format, content_type) = if json {
        ("json", "application/json")
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    streamed(
        headers,
        &records_tag(commune, records, format, e),
        e.modified,
        content_type,
        &format!("{}-{}.{format}", records.name(), commune.slug),
        body,
    )
}

/// The head of a JSON export: who publishes it under which licence, then its items, streamed
/// into the last member (the head is the object without its `}`).
fn json_head(s: &WebState, commune: &Commune) -> String {
    let mut head = json!({
        "publisher": s.app.urls.commune(&commune.slug),
        "license": commune.data_licence.url(),
    })
    .to_string();
    head.pop();
    head.push_str(",\"items\":[");
    head
}

/// One item of a JSON export's list.
fn json_item(v: &Value, first: bool) -> String {
    if first {
        v.to_string()
    } else {
        format!(",{v}")
    }
}

/// The store's id after the stream's cursor (`i64::MIN` before the first page).
fn id_after(after: i64) -> i32 {
    i32::try_from(after.max(0)).unwrap_or(i32::MAX)
}

type Published = (Decision, Vec<Attachment>);

fn fetch_decisions(
    commune_id: i32,
) -> impl Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, Published)>> + Clone {
    move |c, after| {
        Ok(
            decisions_db::published_after(c, commune_id, id_after(after), PAGE)?
                .into_iter()
                .map(|(d, files)| (i64::from(d.id), (d, files)))
                .collect(),
        )
    }
}

const DECISION_COLUMNS: [&str; 16] = [
    "id",
    "reference",
    "kind",
    "title",
    "summary",
    "session_date",
    "published_at",
    "status",
    "themes",
    "amount",
    "currency",
    "attachments",
    "yes",
    "no",
    "abstain",
    "absent",
];

/// A decision as an item of the JSON export, its council vote as a Popolo `VoteEvent`.
fn decision_item(
    urls: &Urls,
    slug: &str,
    currency: &str,
    d: &Decision,
    files: &[Attachment],
) -> Value {
    let mut v = json!({
        "id": urls.decision(slug, &d.key),
        "reference": d.reference,
        "kind": d.kind.as_str(),
        "title": d.title,
        "summary": d.summary,
        "session_date": d.session_date.to_string(),
        "published_at": rfc3339(d.published_at),
        "updated_at": rfc3339(d.updated_at),
        "status": d.status.as_str(),
        "themes": d.themes,
        "amount": d.amount,
        "currency": d.amount.map(|_| currency),
        "language": d.language,
        "attachments": files.iter().map(|f| json!({
            "url": urls.media(&f.sha256),
            "filename": f.filename,
            "media_type": f.media_type,
            "size": f.size,
            "sha256": f.sha256,
        })).collect::<Vec<_>>(),
    });
    if let Some(n) = d.votes {
        v["vote_event"] = json!({
            "motion": { "text": d.title, "identifier": d.reference },
            "start_date": d.session_date.to_string(),
            "result": d.status.as_str(),
            "counts": [
                { "option": "yes", "value": n.yes },
                { "option": "no", "value": n.no },
                { "option": "abstain", "value": n.abstain },
                { "option": "absent", "value": n.absent },
            ],
        });
    }
    v
}

fn decision_row(
    urls: &Urls,
    slug: &str,
    currency: &str,
    d: &Decision,
    files: &[Attachment],
) -> String {
    let count = |pick: fn(&crate::domain::decision::VoteCounts) -> u32| {
        csv::int(d.votes.as_ref().map(|v| i64::from(pick(v))))
    };
    let files: Vec<String> = files
        .iter()
        .map(|f| urls.media(&f.sha256).to_string())
        .collect();
    csv::row(&[
        csv::text(urls.decision(slug, &d.key).as_str()),
        csv::text(&d.reference),
        csv::text(d.kind.as_str()),
        csv::text(&d.title),
        csv::text(&d.summary),
        d.session_date.to_string(),
        rfc3339(d.published_at),
        csv::text(d.status.as_str()),
        csv::text(&d.themes.join("; ")),
        csv::int(d.amount),
        if d.amount.is_some() {
            csv::text(currency)
        } else {
            String::new()
        },
        csv::text(&files.join(" ")),
        count(|v| v.yes),
        count(|v| v.no),
        count(|v| v.abstain),
        count(|v| v.absent),
    ])
}

/// `…/data/decisions.csv`: every published decision, one a line; lists (themes `; `,
/// attachments ` `) in one cell; the council vote in `yes,no,abstain,absent`, empty when not
/// recorded.
pub async fn decisions_csv(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Decisions,
        Format::Csv(&DECISION_COLUMNS),
        |scope| fetch_decisions(scope.commune_id),
        |c, _| {
            let (urls, slug, currency) = (s.app.urls.clone(), c.slug.clone(), c.country.currency());
            move |(d, files): &Published, _| decision_row(&urls, &slug, currency, d, files)
        },
    )
    .await
}

/// `…/data/decisions.json`: `{"publisher", "license", "items": [...]}`.
pub async fn decisions_json(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Decisions,
        Format::Json,
        |scope| fetch_decisions(scope.commune_id),
        |c, _| {
            let (urls, slug, currency) = (s.app.urls.clone(), c.slug.clone(), c.country.currency());
            move |(d, files): &Published, first| {
                json_item(&decision_item(&urls, &slug, currency, d, files), first)
            }
        },
    )
    .await
}

type Tallied = (Consultation, Tally);

/// The consultations whose results are public at the scope's time, each with its tally as
/// the results API counts it. The store selects them by the rule of
/// `Consultation::results_public`; each is checked again here, so a consultation whose counts
/// are kept until its closing never reaches the export.
fn fetch_consultations(
    scope: Scope,
) -> impl Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, Tallied)>> + Clone {
    move |c, after| {
        let mut after = id_after(after);
        loop {
            let page = consultations_db::public_results_after(
                c,
                scope.commune_id,
                scope.now,
                after,
                PAGE,
            )?;
            let Some(last) = page.last().map(|x| x.id) else {
                return Ok(Vec::new());
            };
            let mut out = Vec::new();
            for x in page {
                if x.published_at.is_none() || !x.results_public(scope.now) {
                    continue;
                }
                let counted = consultations_db::counted(c, x.id)?;
                let voters = consultations_db::voters(c, x.id)?;
                let tally = Tally::of(&x, &counted, voters);
                out.push((i64::from(x.id), (x, tally)));
            }
            if !out.is_empty() {
                return Ok(out);
            }
            after = last;
        }
    }
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Scheduled => "scheduled",
        Phase::Open => "open",
        Phase::Closed => "closed",
    }
}

fn counts_json(c: &ChannelCounts) -> Value {
    json!({ "fediverse": c.fediverse, "codes": c.codes, "paper": c.paper, "total": c.total() })
}

/// A consultation as an item of the JSON export: its options' votes by channel, its voters.
/// No voter is named: a ballot is secret.
fn consultation_item(urls: &Urls, slug: &str, now: NaiveDateTime, (c, t): &Tallied) -> Value {
    json!({
        "id": urls.consultation(slug, &c.key),
        "title": c.title,
        "question": c.question,
        "multiple": c.multiple,
        "opens_at": rfc3339(c.opens_at),
        "closes_at": rfc3339(c.closes_at),
        "phase": phase_name(c.phase(now)),
        "options": t.options.iter().map(|(o, n)| json!({
            "name": o.name,
            "votes": counts_json(n),
        })).collect::<Vec<_>>(),
        "votes": counts_json(&t.votes()),
        "voters": counts_json(&t.voters),
    })
}

const CONSULTATION_COLUMNS: [&str; 15] = [
    "id",
    "title",
    "question",
    "opens_at",
    "closes_at",
    "phase",
    "option",
    "fediverse",
    "codes",
    "paper",
    "total",
    "voters_fediverse",
    "voters_codes",
    "voters_paper",
    "voters_total",
];

/// One line per option, the consultation's columns repeated.
fn consultation_rows(urls: &Urls, slug: &str, now: NaiveDateTime, (c, t): &Tallied) -> String {
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX).to_string();
    let v = t.voters;
    t.options
        .iter()
        .map(|(o, counts)| {
            csv::row(&[
                csv::text(urls.consultation(slug, &c.key).as_str()),
                csv::text(&c.title),
                csv::text(&c.question),
                rfc3339(c.opens_at),
                rfc3339(c.closes_at),
                csv::text(phase_name(c.phase(now))),
                csv::text(&o.name),
                n(counts.fediverse),
                n(counts.codes),
                n(counts.paper),
                n(counts.total()),
                n(v.fediverse),
                n(v.codes),
                n(v.paper),
                n(v.total()),
            ])
        })
        .collect()
}

/// `…/data/consultations.csv`: each consultation whose results are public, one line per option.
pub async fn consultations_csv(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Consultations,
        Format::Csv(&CONSULTATION_COLUMNS),
        fetch_consultations,
        |c, scope| {
            let (urls, slug) = (s.app.urls.clone(), c.slug.clone());
            move |x: &Tallied, _| consultation_rows(&urls, &slug, scope.now, x)
        },
    )
    .await
}

/// `…/data/consultations.json`.
pub async fn consultations_json(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Consultations,
        Format::Json,
        fetch_consultations,
        |c, scope| {
            let (urls, slug) = (s.app.urls.clone(), c.slug.clone());
            move |x: &Tallied, first| {
                json_item(&consultation_item(&urls, &slug, scope.now, x), first)
            }
        },
    )
    .await
}

fn fetch_requests(
    commune_id: i32,
) -> impl Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, Request)>> + Clone {
    move |c, after| {
        Ok(
            requests_db::register_after(c, commune_id, id_after(after), PAGE)?
                .into_iter()
                .map(|r| (i64::from(r.id), r))
                .collect(),
        )
    }
}

/// The CSV columns of the register: the members of `requests::public_json`, in this order.
const REQUEST_COLUMNS: [&str; 15] = [
    "reference",
    "url",
    "subject",
    "kind",
    "status",
    "channel",
    "received_at",
    "due_date",
    "answered_at",
    "days_taken",
    "refused_by_silence",
    "extension_reason",
    "transferred_to",
    "refusal_reason",
    "answer",
];

/// A cell from a member of the public JSON: so the CSV holds what the register shows, no more.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(t) => csv::text(t),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => csv::text(&other.to_string()),
    }
}

/// `…/data/requests.csv`: the public register (never who asked), one request a line.
pub async fn requests_csv(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Requests,
        Format::Csv(&REQUEST_COLUMNS),
        |scope| fetch_requests(scope.commune_id),
        |c, _| {
            let (state, c) = (s.clone(), c.clone());
            move |r: &Request, _| {
                let v = super::requests::public_json(&state, &c, r);
                csv::row(&REQUEST_COLUMNS.map(|k| cell(&v[k])))
            }
        },
    )
    .await
}

/// `…/data/requests.json`: the register's items as `/api/v1/communes/{slug}/requests` gives
/// them, streamed.
pub async fn requests_json(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Requests,
        Format::Json,
        |scope| fetch_requests(scope.commune_id),
        |c, _| {
            let (state, c) = (s.clone(), c.clone());
            move |r: &Request, first| json_item(&super::requests::public_json(&state, &c, r), first)
        },
    )
    .await
}

// Commitments of the action plan.

fn fetch_commitments(
    commune_id: i32,
) -> impl Fn(&mut DbConn, i64) -> StoreResult<Vec<(i64, Commitment)>> + Clone {
    move |c, after| {
        Ok(
            commitments_db::page_after(c, commune_id, id_after(after), PAGE)?
                .into_iter()
                .map(|m| (i64::from(m.id), m))
                .collect(),
        )
    }
}

const COMMITMENT_COLUMNS: [&str; 15] = [
    "id",
    "title",
    "problem",
    "lead",
    "partners",
    "starts_on",
    "ends_on",
    "status",
    "milestones_done",
    "milestones_total",
    "milestone",
    "milestone_due_on",
    "milestone_done_on",
    "milestone_evidence_url",
    "updated_at",
];

/// One line per milestone (a commitment without milestones has one line with those cells
/// empty): spreadsheets filter and count them as they are.
fn commitment_rows(urls: &Urls, slug: &str, c: &Commitment) -> String {
    let head = |m: Option<&crate::domain::commitment::Milestone>| {
        csv::row(&[
            csv::text(urls.commitment(slug, &c.key).as_str()),
            csv::text(&c.title),
            csv::text(&c.problem),
            csv::text(&c.lead),
            csv::text(&c.partners),
            c.starts_on.to_string(),
            c.ends_on.to_string(),
            csv::text(c.status.as_str()),
            c.done().to_string(),
            c.milestones.len().to_string(),
            m.map(|m| csv::text(&m.title)).unwrap_or_default(),
            m.map(|m| m.due_on.to_string()).unwrap_or_default(),
            m.and_then(|m| m.done_on)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            m.and_then(|m| m.evidence_url.as_deref())
                .map(csv::text)
                .unwrap_or_default(),
            rfc3339(c.updated_at),
        ])
    };
    if c.milestones.is_empty() {
        return head(None);
    }
    c.milestones.iter().map(|m| head(Some(m))).collect()
}

/// `…/data/commitments.csv`.
pub async fn commitments_csv(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Commitments,
        Format::Csv(&COMMITMENT_COLUMNS),
        |scope| fetch_commitments(scope.commune_id),
        |c, _| {
            let (urls, slug) = (s.app.urls.clone(), c.slug.clone());
            move |m: &Commitment, _| commitment_rows(&urls, &slug, m)
        },
    )
    .await
}

/// `…/data/commitments.json`: each commitment as the API gives it, milestones and notes in it.
pub async fn commitments_json(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    export(
        &s,
        &slug,
        &headers,
        Records::Commitments,
        Format::Json,
        |scope| fetch_commitments(scope.commune_id),
        |c, _| {
            let (state, c) = (s.clone(), c.clone());
            move |m: &Commitment, first| {
                json_item(&super::commitments::commitment_json(&state, &c, m), first)
            }
        },
    )
    .await
}
