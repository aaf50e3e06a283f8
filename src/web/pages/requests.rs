//! Citizens' requests on the commune's site: the public register (filters, JSON and CSV links),
//! each request's public page (never who asked), the form to file one (name and contact
//! optional; CSRF double-submit cookie; limited per address), and the private follow-up page
//! an anonymous requester opens with the link shown once.

use super::admin::{check_pre_session_csrf, keep_pre_session_csrf, pre_session_csrf, Fields};
use super::{html_response, layout, PageError};
use crate::domain::commune::Commune;
use crate::domain::request::{Kind, Request, RequestDraft, Status};
use crate::service::requests::{self, WebFiled};
use crate::web::format::Place;
use crate::web::i18n::{Lang, Reader};
use crate::web::requests::RegisterQuery;
use crate::web::WebState;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, Markup};

pub fn status_label(lang: Lang, s: Status) -> String {
    lang.t(&format!("request-status-{}", s.as_str()))
}

/// Where the law makes silence a refusal (Niger), an overdue request without an answer is
/// shown as refused by silence.
pub fn silence_refused(s: &WebState, c: &Commune, r: &Request) -> bool {
    s.app.deadlines.of(c.country).silence_is_refusal
        && r.is_overdue(c.local_date(crate::store::now()))
}

fn shown_status(lang: Lang, r: &Request, silence: bool) -> String {
    if silence {
        lang.t("request-status-silence")
    } else {
        status_label(lang, r.status)
    }
}

pub fn kind_label(lang: Lang, k: Kind) -> String {
    lang.t(&format!("request-kind-{}", k.as_str()))
}

fn base(c: &Commune) -> String {
    format!("/communes/{}/requests", c.slug)
}

/// What the public may know of a request: its dates, status and the commune's answer.
pub fn public_facts(lang: Lang, place: &Place, r: &Request, silence: bool) -> Markup {
    html! {
        table {
            tr { th scope="row" { (lang.t("request-reference")) } td { (r.reference) } }
            tr { th scope="row" { (lang.t("request-kind")) } td { (kind_label(lang, r.kind)) } }
            tr { th scope="row" { (lang.t("request-status")) } td { strong { (shown_status(lang, r, silence)) } } }
            tr { th scope="row" { (lang.t("request-received")) } td { (place.date(lang, r.received_on)) } }
            tr { th scope="row" { (lang.t("request-due")) } td { (place.date(lang, r.due_on)) } }
            @if let Some(on) = r.answered_on {
                tr { th scope="row" { (lang.t("request-answered")) } td { (place.date(lang, on)) } }
            }
            @if let Some(days) = r.days_taken() {
                tr { th scope="row" { (lang.t("request-days")) } td { (lang.t_args("request-days-n", &[("count", days.into())])) } }
            }
            @if let Some(reason) = &r.extension_reason {
                tr { th scope="row" { (lang.t("request-extension")) } td { (reason) } }
            }
            @if let Some(to) = &r.transferred_to {
                tr { th scope="row" { (lang.t("request-transferred-to")) } td { (to) } }
            }
            @if let Some(reason) = r.refusal_reason {
                tr { th scope="row" { (lang.t("request-refusal")) } td { (lang.t(&format!("refusal-{}", reason.as_str()))) } }
            }
        }
        @if let Some(answer) = &r.answer_text {
            h2 { (lang.t("request-the-answer")) }
            @for p in answer.split("\n\n") { p { @for (i, line) in p.lines().enumerate() { @if i > 0 { br; } (line) } } }
        }
    }
}

pub async fn register(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let filter = q
        .filter()
        .map_err(|_| PageError::status(StatusCode::BAD_REQUEST, "error-bad-request"))?;
    let all = requests::register(&s.app, c.id, filter).await?;
    let place = Place::of(&c);
    let selected = |v: &Option<String>, x: &str| v.as_deref() == Some(x);
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } }
        h1 { (lang.t("requests-register")) }
        p { (lang.t("requests-register-intro")) }
        p { a href={ (base(&c)) "/new" } { strong { (lang.t("requests-ask")) } } }
        form method="get" action=(base(&c)) {
            label for="status" { (lang.t("request-status")) }
            select #status name="status" {
                option value="" { (lang.t("decisions-any")) }
                @for st in Status::ALL { option value=(st.as_str()) selected[selected(&q.status, st.as_str())] { (status_label(lang, st)) } }
            }
            label for="kind" { (lang.t("request-kind")) }
            select #kind name="kind" {
                option value="" { (lang.t("decisions-any")) }
                @for k in Kind::ALL { option value=(k.as_str()) selected[selected(&q.kind, k.as_str())] { (kind_label(lang, k)) } }
            }
            label for="year" { (lang.t("decisions-year")) }
            input #year name="year" type="number" min="2000" max="2100" value=[q.year.as_deref()];
            " " button type="submit" { (lang.t("decisions-filter")) }
        }
        @if all.is_empty() { p.muted { (lang.t("requests-none")) } }
        @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("request-reference")) }
                    th scope="col" { (lang.t("request-received")) }
                    th scope="col" { (lang.t("request-subject")) }
                    th scope="col" { (lang.t("request-kind")) }
                    th scope="col" { (lang.t("request-status")) }
                    th scope="col" { (lang.t("request-due")) }
                    th scope="col" { (lang.t("request-answered")) }
                    th scope="col" { (lang.t("request-days")) }
                } }
                tbody {
                    @for r in &all {
                        tr {
                            td { a href={ (base(&c)) "/" (r.reference) } { (r.reference) } }
                            td { (place.date(lang, r.received_on)) }
                            td { (r.subject) }
                            td { (kind_label(lang, r.kind)) }
                            td { (shown_status(lang, r, silence_refused(&s, &c, r))) }
                            td { (place.date(lang, r.due_on)) }
                            td { @if let Some(on) = r.answered_on { (place.date(lang, on)) } }
                            td { @if let Some(d) = r.days_taken() { (d) } }
                        }
                    }
                }
            }
        }
        p.muted {
            a href={ "/api/v1/communes/" (c.slug) "/requests" } { "JSON" } " · "
            a href={ "/api/v1/communes/" (c.slug) "/requests.csv" } { "CSV" }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &lang.t("requests-register"), &base(&c), None, body),
    ))
}

pub async fn show(
    State(s): State<WebState>,
    Path((slug, reference)): Path<(String, String)>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let r = requests::find(&s.app, c.id, &reference).await?;
    let place = Place::of(&c);
    let here = format!("{}/{}", base(&c), r.reference);
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } " › " a href=(base(&c)) { (lang.t("requests-register")) } }
        h1 { (r.subject) }
        (public_facts(lang, &place, &r, silence_refused(&s, &c, &r)))
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &r.subject, &here, None, body),
    ))
}

fn form_page(
    s: &WebState,
    lang: Lang,
    c: &Commune,
    csrf: &str,
    status: StatusCode,
    error: Option<&str>,
    form: &Fields,
) -> Response {
    let value = |k: &str| form.get(k).cloned().unwrap_or_default();
    let here = format!("{}/new", base(c));
    let rules = s.app.deadlines.of(c.country);
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } " › " a href=(base(c)) { (lang.t("requests-register")) } }
        h1 { (lang.t("requests-ask")) }
        p { (lang.t_args("requests-form-intro", &[("days", i64::from(rules.days).into()), ("law", rules.law.clone().into())])) }
        p.muted { (lang.t("requests-form-public")) }
        @if let Some(e) = error { p role="alert" { strong { (e) } } }
        form method="post" action=(base(c)) {
            input type="hidden" name="csrf" value=(csrf);
            label for="subject" { (lang.t("request-subject")) }
            input #subject name="subject" type="text" maxlength="200" required value=(value("subject"));
            label for="body" { (lang.t("request-body")) }
            textarea #body name="body" rows="6" maxlength="10000" { (value("body")) }
            label for="name" { (lang.t("request-name")) }
            input #name name="name" type="text" maxlength="100" autocomplete="name" value=(value("name"));
            label for="contact" { (lang.t("request-contact")) }
            input #contact name="contact" type="text" maxlength="200" value=(value("contact"));
            p { button type="submit" { (lang.t("requests-send")) } }
        }
    };
    let mut r = html_response(
        status,
        layout(lang, &lang.t("requests-ask"), &here, None, body),
    );
    keep_pre_session_csrf(s, &mut r, csrf);
    r
}

pub async fn new(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let csrf = pre_session_csrf(&headers);
    Ok(form_page(
        &s,
        lang,
        &c,
        &csrf,
        StatusCode::OK,
        None,
        &Fields::new(),
    ))
}

pub async fn file(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Reader(lang): Reader,
    Form(form): Form<Fields>,
) -> Result<Response, PageError> {
    let csrf = check_pre_session_csrf(lang, &headers, &form)?;
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let draft = match RequestDraft::parse(get("subject"), get("body"), get("name"), get("contact"))
    {
        Ok(d) => d,
        Err(e) => {
            tracing::info!(field = e.field, "request form refused");
            let message = lang.t(&format!("invalid-request-{}", e.field));
            return Ok(form_page(
                &s,
                lang,
                &c,
                &csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&message),
                &form,
            ));
        }
    };
    let address =
        super::admin::login::client_address(&s.app.config.trusted_proxies, peer.ip(), &headers);
    match requests::file_from_web(&s.app, &c, draft, &address.to_string()).await? {
        WebFiled::TooMany => {
            tracing::warn!(commune = %slug, %address, "request forms over the limit");
            let mut r = form_page(
                &s,
                lang,
                &c,
                &csrf,
                StatusCode::TOO_MANY_REQUESTS,
                Some(&lang.t("requests-too-many")),
                &form,
            );
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("3600"),
            );
            Ok(r)
        }
        WebFiled::Filed { request, follow_up } => {
            tracing::info!(commune = %slug, request = %request.reference, "request filed from the web form");
            let place = Place::of(&c);
            let link = s
                .app
                .urls
                .commune(&c.slug)
                .join(&format!("{}/follow/{follow_up}", base(&c)));
            let link = link.map(|l| l.to_string()).unwrap_or_default();
            let body = html! {
                p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } " › " a href=(base(&c)) { (lang.t("requests-register")) } }
                h1 { (lang.t_args("requests-filed", &[("reference", request.reference.clone().into())])) }
                p { (lang.t_args("requests-filed-due", &[("date", place.date(lang, request.due_on).into())])) }
                h2 { (lang.t("requests-follow-up")) }
                p { (lang.t("requests-follow-up-once")) }
                p { a href=(link) { code { (link) } } }
            };
            let mut r = html_response(
                StatusCode::CREATED,
                layout(lang, &request.reference, &base(&c), None, body),
            );
            // The link is a secret: this page must not be kept by a cache.
            r.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(r)
        }
    }
}

/// The requester's own page: what they wrote, and what became of it.
pub async fn follow_up(
    State(s): State<WebState>,
    Path((slug, token)): Path<(String, String)>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let r = requests::by_follow_up(&s.app, c.id, &token).await?;
    let place = Place::of(&c);
    let body = html! {
        p { a href=(s.app.urls.commune(&c.slug).path()) { (c.name) } " › " a href=(base(&c)) { (lang.t("requests-register")) } }
        h1 { (r.subject) }
        p.muted { (lang.t("requests-follow-up-private")) }
        @if !r.body.is_empty() {
            h2 { (lang.t("request-body")) }
            @for p in r.body.split("\n\n") { p { @for (i, line) in p.lines().enumerate() { @if i > 0 { br; } (line) } } }
        }
        (public_facts(lang, &place, &r, silence_refused(&s, &c, &r)))
    };
    let mut resp = html_response(
        StatusCode::OK,
        layout(lang, &r.subject, &base(&c), None, body),
    );
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}
