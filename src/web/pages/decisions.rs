use super::{error_page, html_response, layout, size, PageError};
use crate::domain::commune::Commune;
use crate::domain::decision::{Attachment, Decision, DecisionKind, DecisionStatus};
use crate::store::decisions::DecisionFilter;
use crate::web::format::Place;
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, PreEscaped};

pub const PAGE_SIZE: i64 = 20;

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    year: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    theme: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

fn some(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The list with filters (year, kind, theme, status), full-text search and pagination.
pub async fn list(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let bad = || {
        Err(PageError::status(
            StatusCode::BAD_REQUEST,
            "error-bad-request",
        ))
    };
    let page: i64 = match some(&q.page).map(|p| p.parse::<i64>()) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => return bad(),
    };
    let year = match some(&q.year).map(|y| y.parse::<i32>()) {
        None => None,
        Some(Ok(y)) => Some(y),
        Some(Err(_)) => return bad(),
    };
    let Ok(kind) = some(&q.kind).map(|k| DecisionKind::parse(&k)).transpose() else {
        return bad();
    };
    let Ok(status) = some(&q.status)
        .map(|k| DecisionStatus::parse(&k))
        .transpose()
    else {
        return bad();
    };
    let filter = DecisionFilter {
        year,
        kind,
        status,
        theme: some(&q.theme).map(|t| t.chars().take(60).collect()),
        text: some(&q.q).map(|t| t.chars().take(200).collect()),
    };
    let id = c.id;
    let f2 = filter.clone();
    let ((rows, total), (years, themes)) = s
        .app
        .store
        .run(move |conn| {
            Ok((
                crate::store::decisions::search(conn, id, &f2, (page - 1) * PAGE_SIZE, PAGE_SIZE)?,
                crate::store::decisions::facets(conn, id)?,
            ))
        })
        .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if page > pages {
        return Err(error_page(
            lang,
            StatusCode::NOT_FOUND,
            &lang.t_args("error-page-beyond", &[("pages", pages.into())]),
        )
        .into());
    }
    let base = format!("{}/decisions", s.app.urls.commune(&c.slug).path());
    let query_with = |p: i64| {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        if let Some(y) = filter.year {
            ser.append_pair("year", &y.to_string());
        }
        if let Some(k) = filter.kind {
            ser.append_pair("kind", k.as_str());
        }
        if let Some(st) = filter.status {
            ser.append_pair("status", st.as_str());
        }
        if let Some(t) = &filter.theme {
            ser.append_pair("theme", t);
        }
        if let Some(t) = &filter.text {
            ser.append_pair("q", t);
        }
        if p > 1 {
            ser.append_pair("page", &p.to_string());
        }
        let qs = ser.finish();
        if qs.is_empty() {
            base.clone()
        } else {
            format!("{base}?{qs}")
        }
    };
    let place = Place::of(&c);
    let title = lang.t_args("decisions-title", &[("commune", c.name.clone().into())]);
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } }
        h1 { (title) }
        form.filters method="get" action=(base) role="search" {
            div {
                label for="q" { (lang.t("decisions-search")) }
                input #q name="q" type="search" value=[filter.text.as_deref()] maxlength="200";
            }
            div {
                label for="year" { (lang.t("decisions-year")) }
                select #year name="year" {
                    option value="" { (lang.t("decisions-any")) }
                    @for y in &years { option value=(y) selected[filter.year == Some(*y)] { (y) } }
                }
            }
            div {
                label for="kind" { (lang.t("decisions-kind")) }
                select #kind name="kind" {
                    option value="" { (lang.t("decisions-any")) }
                    @for k in DecisionKind::ALL { option value=(k.as_str()) selected[filter.kind == Some(k)] { (k.label(lang.code())) } }
                }
            }
            div {
                label for="status" { (lang.t("decisions-status")) }
                select #status name="status" {
                    option value="" { (lang.t("decisions-any")) }
                    @for st in DecisionStatus::ALL { option value=(st.as_str()) selected[filter.status == Some(st)] { (st.label(lang.code())) } }
                }
            }
            div {
                label for="theme" { (lang.t("decisions-theme")) }
                select #theme name="theme" {
                    option value="" { (lang.t("decisions-any")) }
                    @for t in &themes { option value=(t) selected[filter.theme.as_deref() == Some(t.as_str())] { (t) } }
                }
            }
            div { button type="submit" { (lang.t("decisions-filter")) } }
        }
        p aria-live="polite" { (lang.t_args("decisions-count", &[("count", total.into())])) }
        @if rows.is_empty() { p { (lang.t("decisions-none")) } }
        ol.items {
            @for d in &rows {
                li {
                    a href=(s.app.urls.decision(&c.slug, &d.key).path()) { strong { (d.reference) } " — " (d.title) }
                    br;
                    span.muted {
                        (d.kind.label(lang.code()))
                        " · " (d.status.label(lang.code()))
                        " · " (lang.t_args("decision-session", &[("date", place.date(lang, d.session_date).into())]))
                    }
                    br;
                    span lang=(d.language) { (d.summary) }
                }
            }
        }
        @if pages > 1 {
            nav aria-label=(lang.t_args("page-of", &[("page", page.into()), ("pages", pages.into())])) {
                p {
                    @if page > 1 { a rel="prev" href=(query_with(page - 1)) { "← " (lang.t("page-previous")) } " " }
                    (lang.t_args("page-of", &[("page", page.into()), ("pages", pages.into())]))
                    @if page < pages { " " a rel="next" href=(query_with(page + 1)) { (lang.t("page-next")) " →" } }
                }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &title, &query_with(page), None, body),
    ))
}

pub fn detail(
    s: &WebState,
    lang: Lang,
    c: &Commune,
    d: &Decision,
    files: &[Attachment],
    discussion: &super::comments::Discussion,
) -> Response {
    let id = s.app.urls.decision(&c.slug, &d.key);
    let kind = d.kind.label(lang.code());
    let status = d.status.label(lang.code());
    let commune_path = s.app.urls.commune(&c.slug);
    let place = Place::of(c);
    let body = html! {
        p { a href=(commune_path.path()) { (c.name) } " › " a href={ (commune_path.path()) "/decisions" } { (lang.t("nav-decisions")) } }
        article {
            h1 lang=(d.language) { (kind) " " (d.reference) " — " (d.title) }
            p {
                strong { (status) } " · " (lang.t_args("decision-session", &[("date", place.date(lang, d.session_date).into())]))
                br;
                span.muted {
                    (lang.t_args("decision-published", &[("date", place.datetime(lang, d.published_at).into())]))
                    @if d.updated_at > d.published_at { " · " (lang.t_args("decision-updated", &[("date", place.datetime(lang, d.updated_at).into())])) }
                }
            }
            p lang=(d.language) { strong { (d.summary) } }
            @if let Some(a) = d.amount {
                p { (lang.t("decision-amount")) " : " strong { (place.amount(lang, a)) } }
            }
            @if let Some(v) = d.votes {
                table {
                    caption { (lang.t("decision-votes")) }
                    tr { th scope="row" { (lang.t("vote-yes")) } td { (v.yes) } }
                    tr { th scope="row" { (lang.t("vote-no")) } td { (v.no) } }
                    tr { th scope="row" { (lang.t("vote-abstain")) } td { (v.abstain) } }
                    tr { th scope="row" { (lang.t("vote-absent")) } td { (v.absent) } }
                }
            }
            @if d.language != lang.code() {
                p.muted { (lang.t_args("content-language", &[("language", lang.language_name(&d.language).into())])) }
            }
            div lang=(d.language) { (PreEscaped(&d.body_html)) }
            @if !d.themes.is_empty() {
                p { (lang.t("decision-themes")) " : "
                    @for (i, t) in d.themes.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ (commune_path.path()) "/decisions?theme=" (url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()) } { (t) }
                    }
                }
            }
            @if !files.is_empty() {
                h2 { (lang.t("decision-attachments")) }
                ul.items {
                    @for f in files {
                        li { a href=(s.app.urls.media(&f.sha256).path()) type=(f.media_type) { (f.filename) } " (" (lang.t_args("attachment-size", &[("size", size(lang, f.size).into())])) ")" }
                    }
                }
            }
            p.muted { (lang.t("decision-permalink")) " : " a href=(id) { (id) } }
        }
        (super::comments::section(lang, &place, c, commune_path.path(), id.path(), discussion))
    };
    html_response(
        StatusCode::OK,
        layout(lang, &d.title, id.path(), Some(id.as_str()), body),
    )
}

pub fn withdrawn(s: &WebState, lang: Lang, c: &Commune, d: &Decision) -> Response {
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } }
        h1 { (lang.t("decision-withdrawn")) }
        p lang=(d.language) { (d.reference) " — " (d.title) }
    };
    html_response(
        StatusCode::GONE,
        layout(
            lang,
            &d.title,
            s.app.urls.decision(&c.slug, &d.key).path(),
            None,
            body,
        ),
    )
}
