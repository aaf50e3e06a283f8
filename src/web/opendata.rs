//! A commune's open data: its DCAT-AP catalog (JSON-LD, at a stable URL), its open-data page,
//! and each dataset as CSV and JSON — budgets also as a Fiscal Data Package. Exports stream:
//! rows are read from the store a page at a time while the body is sent, never held whole.
//! Each carries an ETag and Last-Modified computed before the first row, so a client that has
//! the current version gets 304 without a single row being read.

use super::csv;
use super::format::Place;
use super::i18n::{Lang, Reader};
use super::pages::{html_response, layout, PageError};
use super::WebState;
use crate::domain::budget::{Line, StoredLine};
use crate::domain::budget_csv::COLUMNS;
use crate::domain::commune::Commune;
use crate::protocol::article::rfc3339;
use crate::service::budgets::{self, BudgetView};
use crate::service::{communes, App};
use crate::store::{budgets as db, DbConn, StoreResult};
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
    let mut out = Vec::new();
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

async fn budget_of(
    s: &WebState,
    slug: &str,
    year: &str,
) -> Result<(Commune, BudgetView), PageError> {
    let commune = communes::get(&s.app, slug).await?;
    let year: i32 = year.parse().map_err(|_| PageError::not_found())?;
    let view = budgets::view(&s.app, &commune, year)
        .await?
        .ok_or_else(PageError::not_found)?;
    Ok((commune, view))
}

fn budget_tag(commune: &Commune, view: &BudgetView, format: &str) -> String {
    tag_for(&[
        "budget",
        format,
        &commune.slug,
        &view.budget.year.to_string(),
        &view
            .budget
            .updated_at
            .and_utc()
            .timestamp_micros()
            .to_string(),
        &view.budget.reports.len().to_string(),
        commune.data_licence.spdx(),
    ])
}

fn latest_report(view: &BudgetView) -> i32 {
    view.budget.latest().map_or(0, |r| r.id)
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
    let (commune, view) = budget_of(&s, &slug, &year).await?;
    let year = view.budget.year;
    let head = csv::row(&COLUMNS.map(String::from));
    Ok(streamed(
        &headers,
        &budget_tag(&commune, &view, "csv"),
        Some(view.budget.updated_at),
        "text/csv; charset=utf-8",
        &format!("budget-{}-{year}.csv", commune.slug),
        || {
            stream(
                s.app.clone(),
                head,
                String::new(),
                fetch_lines(latest_report(&view)),
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
    let (commune, view) = budget_of(&s, &slug, &year).await?;
    let mut head = super::budgets::budget_json(&s, &slug, commune.country.currency(), &view);
    head["license"] = json!(commune.data_licence.url());
    head["publisher"] = json!(s.app.urls.commune(&slug));
    // The lines are streamed into the last member: the head is the object without its `}`.
    let mut head = head.to_string();
    head.pop();
    head.push_str(",\"items\":[");
    Ok(streamed(
        &headers,
        &budget_tag(&commune, &view, "json"),
        Some(view.budget.updated_at),
        "application/json",
        &format!("budget-{}-{}.json", commune.slug, view.budget.year),
        || {
            stream(
                s.app.clone(),
                head,
                "]}".into(),
                fetch_lines(latest_report(&view)),
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
pub fn fiscal_data_package(s: &WebState, commune: &Commune, view: &BudgetView) -> Value {
    let year = view.budget.year;
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
        "situationDate": view.budget.latest().map(|r| r.situation_on.to_string()),
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
    let (commune, view) = budget_of(&s, &slug, &year).await?;
    let tag = budget_tag(&commune, &view, "datapackage");
    if let Some(r) = versioned(&headers, &tag, Some(view.budget.updated_at)) {
        return Ok(r);
    }
    let mut r = axum::Json(fiscal_data_package(&s, &commune, &view)).into_response();
    validators(r.headers_mut(), &tag, Some(view.budget.updated_at));
    Ok(r)
}
