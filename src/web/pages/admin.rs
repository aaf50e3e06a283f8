//! The staff area of a commune: sign in and out, publish decisions, manage staff, change
//! password. Sessions are cookies (HttpOnly, SameSite=Lax, Secure outside development) naming
//! a server-side session; every form carries a CSRF token checked against it.

use super::{error_page, html_response, layout, not_found, server_error};
use crate::domain::decision::{
    check_pdf, DecisionDraft, DecisionInput, DecisionKind, DecisionStatus, VoteCountsInput,
};
use crate::domain::staff::Role;
use crate::service::staff::{self as staff_svc, Login};
use crate::store::models::{Commune, Staff};
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{ConnectInfo, Form, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use std::net::SocketAddr;

const SESSION_COOKIE: &str = "palabre_session";
const LOGIN_CSRF_COOKIE: &str = "palabre_login_csrf";

pub(super) type Fields = HashMap<String, String>;

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// Equality whose time does not depend on where the inputs differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn set_cookie(s: &WebState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if s.app.config.dev { "" } else { "; Secure" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(super) fn admin_path(c: &Commune) -> String {
    format!("/communes/{}/admin", c.slug)
}

pub(super) async fn commune(s: &WebState, slug: &str) -> Option<Commune> {
    crate::service::communes::get(&s.app, slug).await.ok()
}

/// The signed-in staff member of this commune, or the page to show instead.
pub(super) async fn signed_in(
    s: &WebState,
    lang: Lang,
    headers: &HeaderMap,
    c: &Commune,
) -> Result<(Staff, String), Response> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Err(login_form(
            lang,
            c,
            "",
            Some(&lang.t("admin-session-missing")),
            StatusCode::UNAUTHORIZED,
            None,
        ));
    };
    match staff_svc::session(&s.app, token).await {
        Ok(Some((staff, csrf))) if staff.commune_id == c.id => Ok((staff, csrf)),
        Ok(Some((staff, _))) => {
            tracing::warn!(staff = %staff.username, commune = %c.slug, "staff of another commune refused");
            Err(error_page(
                lang,
                StatusCode::FORBIDDEN,
                &lang.t("admin-forbidden"),
            ))
        }
        Ok(None) => Err(login_form(
            lang,
            c,
            "",
            Some(&lang.t("admin-session-missing")),
            StatusCode::UNAUTHORIZED,
            None,
        )),
        Err(e) => Err(server_error(lang, e)),
    }
}

/// The refusal page when the form's CSRF token is missing or wrong.
/// The commune, its signed-in staff member and CSRF token, or the page to show instead.
pub(super) async fn staff_context(
    s: &WebState,
    lang: Lang,
    headers: &HeaderMap,
    slug: &str,
) -> Result<(Commune, Staff, String), Response> {
    let Some(c) = commune(s, slug).await else {
        return Err(not_found(lang));
    };
    let (staff, csrf) = signed_in(s, lang, headers, &c).await?;
    Ok((c, staff, csrf))
}

/// Same as [`staff_context`], for pages only admins may use.
pub(super) async fn admin_context(
    s: &WebState,
    lang: Lang,
    headers: &HeaderMap,
    slug: &str,
) -> Result<(Commune, Staff, String), Response> {
    let (c, staff, csrf) = staff_context(s, lang, headers, slug).await?;
    if !staff_svc::role_of(&staff).can_manage_staff() {
        return Err(error_page(
            lang,
            StatusCode::FORBIDDEN,
            &lang.t("admin-forbidden"),
        ));
    }
    Ok((c, staff, csrf))
}

pub(super) fn csrf_refusal(lang: Lang, expected: &str, form: &Fields) -> Option<Response> {
    match form.get("csrf") {
        Some(got) if !expected.is_empty() && same(got, expected) => None,
        _ => {
            tracing::warn!("form refused: CSRF token missing or wrong");
            Some(error_page(
                lang,
                StatusCode::FORBIDDEN,
                &lang.t("admin-form-expired"),
            ))
        }
    }
}

fn login_form(
    lang: Lang,
    c: &Commune,
    username: &str,
    message: Option<&str>,
    status: StatusCode,
    new_csrf: Option<&str>,
) -> Response {
    let csrf = new_csrf.unwrap_or("");
    let body = html! {
        p { a href={ "/communes/" (c.slug) } { (c.name) } }
        h1 { (lang.t("admin-login")) }
        @if let Some(m) = message { p role="alert" { strong { (m) } } }
        form method="post" action={ "/communes/" (c.slug) "/admin/login" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="username" { (lang.t("admin-username")) }
            input #username name="username" type="text" autocomplete="username" value=(username) maxlength="40" required;
            label for="password" { (lang.t("admin-password")) }
            input #password name="password" type="password" autocomplete="current-password" maxlength="200" required;
            p { button type="submit" { (lang.t("admin-login-button")) } }
        }
    };
    let mut r = html_response(
        status,
        layout(
            lang,
            &lang.t("admin-login"),
            &format!("/communes/{}/admin/login", c.slug),
            None,
            body,
        ),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The login form. It sets a CSRF cookie that the form echoes (there is no session yet).
pub async fn login_page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let Some(c) = commune(&s, &slug).await else {
        return not_found(lang);
    };
    let token = cookie(&headers, LOGIN_CSRF_COOKIE)
        .map(str::to_string)
        .unwrap_or_else(staff_svc::generate_password);
    let mut r = login_form(lang, &c, "", None, StatusCode::OK, Some(&token));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&s, LOGIN_CSRF_COOKIE, &token, 3600),
    );
    r
}

pub async fn login(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let Some(c) = commune(&s, &slug).await else {
        return not_found(lang);
    };
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE)
        .unwrap_or("")
        .to_string();
    if let Some(r) = csrf_refusal(lang, &expected, &form) {
        return r;
    }
    let username = form.get("username").map(String::as_str).unwrap_or("");
    let password = form.get("password").map(String::as_str).unwrap_or("");
    match staff_svc::login(&s.app, c.id, username, password, &addr.ip().to_string()).await {
        Ok(Login::Ok { token, .. }) => {
            let mut r =
                (StatusCode::SEE_OTHER, [(header::LOCATION, admin_path(&c))]).into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&s, SESSION_COOKIE, &token, staff_svc::SESSION_HOURS * 3600),
            );
            r
        }
        Ok(Login::Wrong) => login_form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-wrong")),
            StatusCode::UNAUTHORIZED,
            Some(&expected),
        ),
        Ok(Login::TooMany) => login_form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-too-many")),
            StatusCode::TOO_MANY_REQUESTS,
            Some(&expected),
        ),
        Err(e) => server_error(lang, e),
    }
}

pub async fn logout(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let (c, _, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Some(r) = csrf_refusal(lang, &csrf, &form) {
        return r;
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        if let Err(e) = staff_svc::logout(&s.app, token).await {
            return server_error(lang, e);
        }
    }
    let mut r = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/communes/{}", c.slug))],
    )
        .into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&s, SESSION_COOKIE, "", 0));
    r
}

pub(super) fn admin_frame(
    lang: Lang,
    c: &Commune,
    staff: &Staff,
    csrf: &str,
    title: &str,
    here: &str,
    main: Markup,
) -> Response {
    let role = staff_svc::role_of(staff);
    let body = html! {
        nav aria-label=(lang.t("admin-title")) {
            p {
                a href={ "/communes/" (c.slug) } { (c.name) } " · "
                a href=(admin_path(c)) { (lang.t("admin-title")) } " · "
                (lang.t_args("admin-signed-in", &[("name", staff.username.clone().into()), ("role", lang.t(&format!("role-{}", role.as_str())).into())]))
            }
            ul {
                @if role.can_publish() { li { a href={ (admin_path(c)) "/decisions/new" } { (lang.t("admin-new-decision")) } } }
                @if role.can_manage_staff() { li { a href={ (admin_path(c)) "/staff" } { (lang.t("admin-staff")) } } }
                @if role.can_manage_staff() { li { a href={ (admin_path(c)) "/settings" } { (lang.t("admin-settings")) } } }
                @if role.can_manage_staff() { li { a href={ (admin_path(c)) "/federation" } { (lang.t("admin-federation")) } } }
                li { a href={ (admin_path(c)) "/password" } { (lang.t("admin-change-password")) } }
                li {
                    form method="post" action={ (admin_path(c)) "/logout" } {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" { (lang.t("admin-logout")) }
                    }
                }
            }
        }
        (main)
    };
    let mut r = html_response(StatusCode::OK, layout(lang, title, here, None, body));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub async fn dashboard(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let id = c.id;
    let latest = match s
        .app
        .store
        .run(move |conn| crate::store::decisions::latest(conn, id, 20))
        .await
    {
        Ok(l) => l,
        Err(e) => return server_error(lang, e),
    };
    let main = html! {
        h1 { (lang.t("admin-title")) }
        h2 { (lang.t("commune-latest")) }
        ul.items {
            @for d in &latest {
                li {
                    a href=(s.app.urls.decision(&c.slug, &d.key).path()) { (d.reference) " — " (d.title) }
                    @if staff_svc::role_of(&staff).can_publish() {
                        " · " a href={ (admin_path(&c)) "/decisions/" (d.key) "/edit" } { (lang.t("admin-edit")) }
                    }
                }
            }
        }
    };
    admin_frame(
        lang,
        &c,
        &staff,
        &csrf,
        &lang.t("admin-title"),
        &admin_path(&c),
        main,
    )
}

/// The decision form: a new decision when `key` is None, else an edit of that decision.
#[allow(clippy::too_many_arguments)]
fn decision_form(
    lang: Lang,
    c: &Commune,
    csrf: &str,
    values: &Fields,
    error: Option<&str>,
    max_mb: usize,
    key: Option<&str>,
) -> Markup {
    let action = match key {
        None => format!("{}/decisions/new", admin_path(c)),
        Some(k) => format!("{}/decisions/{k}/edit", admin_path(c)),
    };
    let submit = lang.t(if key.is_some() {
        "admin-save"
    } else {
        "admin-publish"
    });
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let field_error = |k: &str| -> Option<String> {
        (error == Some(k) || (k == "votes" && error.is_some_and(|e| e.starts_with("votes"))))
            .then(|| lang.t(&format!("invalid-{k}")))
    };
    let text_field = |name: &str, label: &str, kind: &str, max: usize| {
        let err = field_error(name);
        html! {
            label for=(name) { (label) }
            input id=(name) name=(name) type=(kind) value=(v(name)) maxlength=(max) aria-invalid=[err.as_ref().map(|_| "true")] aria-describedby=[err.as_ref().map(|_| format!("{name}-error"))];
            @if let Some(e) = err { p.error id={ (name) "-error" } role="alert" { strong { (e) } } }
        }
    };
    html! {
        @if error.is_some() { p role="alert" { strong { (lang.t("form-errors")) } } }
        form method="post" action=(action) enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("reference", &lang.t("field-reference"), "text", 64))
            label for="kind" { (lang.t("field-kind")) }
            select #kind name="kind" {
                @for k in DecisionKind::ALL { option value=(k.as_str()) selected[v("kind") == k.as_str()] { (k.label(lang.code())) } }
            }
            (text_field("title", &lang.t("field-title"), "text", 200))
            (text_field("summary", &lang.t("field-summary"), "text", 1000))
            label for="body" { (lang.t("field-body")) }
            textarea #body name="body" rows="10" style="width:100%" { (v("body")) }
            @if let Some(e) = field_error("body") { p role="alert" { strong { (e) } } }
            (text_field("session_date", &lang.t("field-session-date"), "date", 10))
            label for="status" { (lang.t("field-status")) }
            select #status name="status" {
                @for st in DecisionStatus::ALL { option value=(st.as_str()) selected[v("status") == st.as_str()] { (st.label(lang.code())) } }
            }
            fieldset {
                legend { (lang.t("decision-votes")) }
                @for (k, key) in [("votes_yes", "vote-yes"), ("votes_no", "vote-no"), ("votes_abstain", "vote-abstain"), ("votes_absent", "vote-absent")] {
                    label for=(k) { (lang.t(key)) }
                    input id=(k) name=(k) type="number" min="0" max="100000" value=(v(k));
                }
                @if let Some(e) = field_error("votes") { p role="alert" { strong { (e) } } }
            }
            (text_field("themes", &lang.t("field-themes"), "text", 400))
            label for="language" { (lang.t("field-language")) }
            select #language name="language" {
                @for l in crate::domain::commune::LANGUAGES { option value=(l) selected[v("language") == *l || (v("language").is_empty() && *l == "fr")] { (lang.language_name(l)) } }
            }
            label for="attachment" { (lang.t_args("field-attachment", &[("mb", (max_mb as i64).into())])) }
            input #attachment name="attachment" type="file" accept="application/pdf,.pdf" aria-invalid=[field_error("attachment").map(|_| "true")];
            @if error == Some("attachment") { p role="alert" { strong { (lang.t_args("invalid-attachment", &[("mb", (max_mb as i64).into())])) } } }
            p { button type="submit" { (submit) } }
        }
    }
}

/// The decision a form describes, with its optional PDF checked, or the first bad field.
fn parse_form(
    form: &Fields,
    file: Option<&(String, Vec<u8>)>,
    max_bytes: usize,
) -> Result<DecisionDraft, &'static str> {
    let draft =
        input_from_form(form).and_then(|i| DecisionDraft::parse(&i).map_err(|e| e.field))?;
    if let Some((_, bytes)) = file {
        check_pdf(bytes, max_bytes).map_err(|e| e.field)?;
    }
    Ok(draft)
}

fn input_from_form(f: &Fields) -> Result<DecisionInput, &'static str> {
    let get = |k: &str| {
        f.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let num = |k: &str| -> Result<Option<i64>, &'static str> {
        get(k)
            .map(|v| v.parse::<i64>().map_err(|_| "votes"))
            .transpose()
    };
    let votes = [
        num("votes_yes")?,
        num("votes_no")?,
        num("votes_abstain")?,
        num("votes_absent")?,
    ];
    Ok(DecisionInput {
        reference: get("reference"),
        kind: get("kind"),
        title: get("title"),
        summary: get("summary"),
        body: f.get("body").cloned(),
        session_date: get("session_date"),
        status: get("status"),
        votes: votes.iter().any(Option::is_some).then(|| VoteCountsInput {
            yes: votes[0],
            no: votes[1],
            abstain: votes[2],
            absent: votes[3],
        }),
        themes: get("themes").map(|t| {
            t.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        }),
        language: get("language"),
    })
}

pub async fn new_decision_page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !staff_svc::role_of(&staff).can_publish() {
        return error_page(lang, StatusCode::FORBIDDEN, &lang.t("admin-forbidden"));
    }
    let main = html! { h1 { (lang.t("admin-new-decision")) } (decision_form(lang, &c, &csrf, &Fields::new(), None, s.app.config.max_attachment_mb, None)) };
    admin_frame(
        lang,
        &c,
        &staff,
        &csrf,
        &lang.t("admin-new-decision"),
        &format!("{}/decisions/new", admin_path(&c)),
        main,
    )
}

/// Reads the multipart decision form: its text fields, and the optional PDF.
async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(Fields, Option<(String, Vec<u8>)>), ()> {
    let mut fields = Fields::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachment" {
            let filename = field.file_name().unwrap_or("document.pdf").to_string();
            let bytes = field.bytes().await.map_err(|_| ())?;
            if !bytes.is_empty() {
                file = Some((filename, bytes.to_vec()));
            }
        } else {
            let value = field.text().await.map_err(|_| ())?;
            fields.insert(name, value);
        }
    }
    Ok((fields, file))
}

/// The decision form's fields and PDF, once its size and CSRF token pass.
async fn checked_form(
    s: &WebState,
    lang: Lang,
    csrf: &str,
    multipart: Multipart,
) -> Result<(Fields, Option<(String, Vec<u8>)>), Response> {
    let Ok((form, file)) = read_multipart(multipart).await else {
        return Err(error_page(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            &lang.t_args(
                "invalid-attachment",
                &[("mb", (s.app.config.max_attachment_mb as i64).into())],
            ),
        ));
    };
    match csrf_refusal(lang, csrf, &form) {
        Some(r) => Err(r),
        None => Ok((form, file)),
    }
}

pub async fn create_decision(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (form, file) = match checked_form(&s, lang, &csrf, multipart).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !staff_svc::role_of(&staff).can_publish() {
        return error_page(lang, StatusCode::FORBIDDEN, &lang.t("admin-forbidden"));
    }
    // Everything is checked before anything is stored, the PDF included.
    let parsed = parse_form(&form, file.as_ref(), s.app.config.max_attachment_bytes());
    let draft = match parsed {
        Ok(d) => d,
        Err(field) => {
            let field = field.split('.').next().unwrap_or(field);
            let main = html! { h1 { (lang.t("admin-new-decision")) } (decision_form(lang, &c, &csrf, &form, Some(field), s.app.config.max_attachment_mb, None)) };
            let mut r = admin_frame(
                lang,
                &c,
                &staff,
                &csrf,
                &lang.t("admin-new-decision"),
                &format!("{}/decisions/new", admin_path(&c)),
                main,
            );
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return r;
        }
    };
    let d = match crate::service::decisions::create(&s.app, &c, draft).await {
        Ok(d) => d,
        Err(e) => return server_error(lang, e),
    };
    if let Some((filename, bytes)) = file {
        if let Err(e) =
            crate::service::decisions::attach(&s.app, &c, &d.key, &filename, bytes).await
        {
            return server_error(lang, e);
        }
    }
    tracing::info!(staff = %staff.username, decision = %d.key, "decision published from the form");
    (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            s.app.urls.decision(&c.slug, &d.key).path().to_string(),
        )],
    )
        .into_response()
}

fn staff_page(
    lang: Lang,
    c: &Commune,
    staff: &Staff,
    csrf: &str,
    members: &[Staff],
    message: Option<&str>,
    values: &Fields,
) -> Response {
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let main = html! {
        h1 { (lang.t("admin-staff")) }
        @if let Some(m) = message { p role="alert" { strong { (m) } } }
        table {
            tr { th { (lang.t("admin-username")) } th { (lang.t("admin-role")) } }
            @for m in members { tr { td { (m.username) } td { (lang.t(&format!("role-{}", m.role))) } } }
        }
        h2 { (lang.t("admin-add-staff")) }
        form method="post" action={ (admin_path(c)) "/staff" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="username" { (lang.t("admin-username")) }
            input #username name="username" type="text" value=(v("username")) maxlength="40" required;
            label for="password" { (lang.t("admin-new-password")) }
            input #password name="password" type="password" autocomplete="new-password" maxlength="200" required;
            label for="role" { (lang.t("admin-role")) }
            select #role name="role" {
                @for r in Role::ALL { option value=(r.as_str()) selected[v("role") == r.as_str()] { (lang.t(&format!("role-{}", r.as_str()))) } }
            }
            p { button type="submit" { (lang.t("admin-add-staff")) } }
        }
    };
    admin_frame(
        lang,
        c,
        staff,
        csrf,
        &lang.t("admin-staff"),
        &format!("{}/staff", admin_path(c)),
        main,
    )
}

pub async fn staff_list(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !staff_svc::role_of(&staff).can_manage_staff() {
        return error_page(lang, StatusCode::FORBIDDEN, &lang.t("admin-forbidden"));
    }
    match staff_svc::of_commune(&s.app, c.id).await {
        Ok(members) => staff_page(lang, &c, &staff, &csrf, &members, None, &Fields::new()),
        Err(e) => server_error(lang, e),
    }
}

pub async fn add_staff(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Some(r) = csrf_refusal(lang, &csrf, &form) {
        return r;
    }
    if !staff_svc::role_of(&staff).can_manage_staff() {
        return error_page(lang, StatusCode::FORBIDDEN, &lang.t("admin-forbidden"));
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let result = match Role::parse(get("role")) {
        Ok(role) => staff_svc::create(&s.app, c.id, get("username"), get("password"), role).await,
        Err(e) => Err(e.into()),
    };
    let (status, message) = match result {
        Ok(m) => {
            tracing::info!(by = %staff.username, new = %m.username, role = %m.role, "staff account created");
            (StatusCode::OK, lang.t("admin-staff-added"))
        }
        Err(crate::service::ServiceError::Invalid(i)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t(&format!("invalid-{}", i.field)),
        ),
        Err(crate::service::ServiceError::Conflict(_)) => {
            (StatusCode::CONFLICT, lang.t("invalid-taken"))
        }
        Err(e) => return server_error(lang, e),
    };
    match staff_svc::of_commune(&s.app, c.id).await {
        Ok(members) => {
            let keep = if status == StatusCode::OK {
                Fields::new()
            } else {
                form.clone()
            };
            let mut r = staff_page(lang, &c, &staff, &csrf, &members, Some(&message), &keep);
            *r.status_mut() = status;
            r
        }
        Err(e) => server_error(lang, e),
    }
}

pub async fn password_page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    password_form(lang, &c, &staff, &csrf, None, StatusCode::OK)
}

fn password_form(
    lang: Lang,
    c: &Commune,
    staff: &Staff,
    csrf: &str,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let main = html! {
        h1 { (lang.t("admin-change-password")) }
        @if let Some(m) = message { p role="alert" { strong { (m) } } }
        form method="post" action={ (admin_path(c)) "/password" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="current" { (lang.t("admin-current-password")) }
            input #current name="current" type="password" autocomplete="current-password" required;
            label for="new" { (lang.t("admin-new-password")) }
            input #new name="new" type="password" autocomplete="new-password" minlength="10" required;
            p { button type="submit" { (lang.t("admin-save")) } }
        }
    };
    let mut r = admin_frame(
        lang,
        c,
        staff,
        csrf,
        &lang.t("admin-change-password"),
        &format!("{}/password", admin_path(c)),
        main,
    );
    *r.status_mut() = status;
    r
}

pub async fn change_password(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Some(r) = csrf_refusal(lang, &csrf, &form) {
        return r;
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    match staff_svc::change_password(&s.app, &staff, get("current"), get("new")).await {
        Ok(true) => {
            let mut r = login_form(
                lang,
                &c,
                &staff.username,
                Some(&lang.t("admin-password-changed")),
                StatusCode::OK,
                cookie(&headers, LOGIN_CSRF_COOKIE),
            );
            r.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&s, SESSION_COOKIE, "", 0));
            r
        }
        Ok(false) => password_form(
            lang,
            &c,
            &staff,
            &csrf,
            Some(&lang.t("admin-login-wrong")),
            StatusCode::UNAUTHORIZED,
        ),
        Err(crate::service::ServiceError::Invalid(i)) => password_form(
            lang,
            &c,
            &staff,
            &csrf,
            Some(&lang.t(&format!("invalid-{}", i.field))),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => server_error(lang, e),
    }
}

fn fields_of(d: &crate::store::models::Decision) -> Fields {
    let mut f = Fields::new();
    let themes: Vec<String> = serde_json::from_str(&d.themes).unwrap_or_default();
    for (k, v) in [
        ("reference", d.reference.clone()),
        ("kind", d.kind.clone()),
        ("title", d.title.clone()),
        ("summary", d.summary.clone()),
        ("body", d.body_markdown.clone()),
        (
            "session_date",
            d.session_date.format("%Y-%m-%d").to_string(),
        ),
        ("status", d.status.clone()),
        ("themes", themes.join(", ")),
        ("language", d.language.clone()),
    ] {
        f.insert(k.to_string(), v);
    }
    for (k, v) in [
        ("votes_yes", d.votes_yes),
        ("votes_no", d.votes_no),
        ("votes_abstain", d.votes_abstain),
        ("votes_absent", d.votes_absent),
    ] {
        if let Some(n) = v {
            f.insert(k.to_string(), n.to_string());
        }
    }
    f
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    lang: Lang,
    c: &Commune,
    staff: &Staff,
    csrf: &str,
    key: &str,
    values: &Fields,
    error: Option<&str>,
    max_mb: usize,
) -> Response {
    let main = html! {
        h1 { (lang.t("admin-edit-decision")) }
        (decision_form(lang, c, csrf, values, error, max_mb, Some(key)))
        h2 { (lang.t("admin-withdraw")) }
        p { (lang.t("admin-withdraw-explain")) }
        form method="post" action={ (admin_path(c)) "/decisions/" (key) "/withdraw" } {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (lang.t("admin-withdraw")) }
        }
    };
    let mut r = admin_frame(
        lang,
        c,
        staff,
        csrf,
        &lang.t("admin-edit-decision"),
        &format!("{}/decisions/{key}/edit", admin_path(c)),
        main,
    );
    if error.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// The decision of the path, if it is live and the staff member may publish.
async fn editable(
    s: &WebState,
    lang: Lang,
    c: &Commune,
    staff: &Staff,
    key: &str,
) -> Result<crate::store::models::Decision, Response> {
    if !staff_svc::role_of(staff).can_publish() {
        return Err(error_page(
            lang,
            StatusCode::FORBIDDEN,
            &lang.t("admin-forbidden"),
        ));
    }
    match crate::service::decisions::find(&s.app, c, key).await {
        Ok(d) if d.withdrawn_at.is_none() => Ok(d),
        Ok(_) => Err(error_page(
            lang,
            StatusCode::GONE,
            &lang.t("decision-withdrawn"),
        )),
        Err(_) => Err(not_found(lang)),
    }
}

pub async fn edit_decision_page(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match editable(&s, lang, &c, &staff, &key).await {
        Ok(d) => edit_page(
            lang,
            &c,
            &staff,
            &csrf,
            &key,
            &fields_of(&d),
            None,
            s.app.config.max_attachment_mb,
        ),
        Err(r) => r,
    }
}

pub async fn update_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    Reader(lang): Reader,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let (form, file) = match checked_form(&s, lang, &csrf, multipart).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = editable(&s, lang, &c, &staff, &key).await {
        return r;
    }
    let parsed = parse_form(&form, file.as_ref(), s.app.config.max_attachment_bytes());
    let draft = match parsed {
        Ok(d) => d,
        Err(field) => {
            let field = field.split('.').next().unwrap_or(field);
            return edit_page(
                lang,
                &c,
                &staff,
                &csrf,
                &key,
                &form,
                Some(field),
                s.app.config.max_attachment_mb,
            );
        }
    };
    if let Err(e) = crate::service::decisions::update(&s.app, &c, &key, draft).await {
        return server_error(lang, e);
    }
    if let Some((filename, bytes)) = file {
        if let Err(e) = crate::service::decisions::attach(&s.app, &c, &key, &filename, bytes).await
        {
            return server_error(lang, e);
        }
    }
    tracing::info!(staff = %staff.username, decision = %key, "decision updated from the form");
    (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            s.app.urls.decision(&c.slug, &key).path().to_string(),
        )],
    )
        .into_response()
}

pub async fn withdraw_decision(
    State(s): State<WebState>,
    Path((slug, key)): Path<(String, String)>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let (c, staff, csrf) = match staff_context(&s, lang, &headers, &slug).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Some(r) = csrf_refusal(lang, &csrf, &form) {
        return r;
    }
    if let Err(r) = editable(&s, lang, &c, &staff, &key).await {
        return r;
    }
    if let Err(e) = crate::service::decisions::withdraw(&s.app, &c, &key).await {
        return server_error(lang, e);
    }
    tracing::info!(staff = %staff.username, decision = %key, "decision withdrawn from the form");
    (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            s.app.urls.decision(&c.slug, &key).path().to_string(),
        )],
    )
        .into_response()
}
