//! The staff area of a commune. Sessions are cookies (HttpOnly, SameSite=Lax, Secure outside
//! development) naming a server-side session; every form carries a CSRF token checked
//! against it. Each handler takes a [`Desk`] (an extractor): the commune of the path, the
//! signed-in staff member, their CSRF token and the reader's language; when there is none,
//! the refusal page is the answer. Handlers return [`Answer`], the error being the page that
//! says why or a `PageError` converted from a service error.

pub mod budgets;
pub mod comments;
pub mod commitments;
pub mod consultations;
pub mod decisions;
pub mod federation;
pub mod invitation;
pub mod login;
pub mod requests;
pub mod settings;
pub mod staff;

use super::{error_page, html_response, layout, PageError};
use crate::domain::commune::Commune;
use crate::domain::staff::Role;
use crate::service::staff as staff_svc;
use crate::store::models::Staff;
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::collections::HashMap;

const SESSION_COOKIE: &str = "palabre_session";
const LOGIN_CSRF_COOKIE: &str = "palabre_login_csrf";

pub(in crate::web) type Fields = HashMap<String, String>;

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

fn admin_path(c: &Commune) -> String {
    format!("/communes/{}/admin", c.slug)
}

async fn commune(s: &WebState, slug: &str) -> Option<Commune> {
    crate::service::communes::get(&s.app, slug).await.ok()
}

fn forbidden(lang: Lang) -> Response {
    error_page(lang, StatusCode::FORBIDDEN, &lang.t("admin-forbidden"))
}

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// What a staff page answers with: the page, or why not (a page made for the refusal, or a
/// service error shown as the error page: handlers write `?` on both).
pub type Answer = Result<Response, PageError>;

/// Where a staff page starts: the commune, who is signed in, the CSRF token of the session, and
/// the reader's language.
pub struct Desk {
    pub commune: Commune,
    pub staff: Staff,
    pub csrf: String,
    pub lang: Lang,
}

impl FromRequestParts<WebState> for Desk {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, s: &WebState) -> Result<Desk, PageError> {
        let Ok(Reader(lang)) = Reader::from_request_parts(parts, s).await;
        let Ok(Path(params)) = Path::<HashMap<String, String>>::from_request_parts(parts, s).await
        else {
            return Err(PageError::not_found());
        };
        let slug = params.get("slug").ok_or_else(PageError::not_found)?;
        Desk::open(s, lang, &parts.headers, slug).await
    }
}

impl Desk {
    /// The desk of whoever is signed in on this commune, or the page to show instead: the login
    /// form when there is no live session, 403 to staff of another commune.
    async fn open(
        s: &WebState,
        lang: Lang,
        headers: &HeaderMap,
        slug: &str,
    ) -> Result<Desk, PageError> {
        let c = commune(s, slug).await.ok_or_else(PageError::not_found)?;
        let expired = |c: &Commune| {
            login::form(
                lang,
                c,
                "",
                Some(&lang.t("admin-session-missing")),
                StatusCode::UNAUTHORIZED,
                None,
            )
        };
        let Some(token) = cookie(headers, SESSION_COOKIE) else {
            return Err(expired(&c).into());
        };
        match staff_svc::session(&s.app, token).await? {
            Some((staff, csrf)) if staff.commune_id == c.id => Ok(Desk {
                commune: c,
                staff,
                csrf,
                lang,
            }),
            Some((staff, _)) => {
                tracing::warn!(staff = %staff.username, commune = %c.slug, "staff of another commune refused");
                Err(forbidden(lang).into())
            }
            None => Err(expired(&c).into()),
        }
    }

    /// 403 unless the staff member's role allows what `allowed` says.
    pub(super) fn allow(&self, allowed: fn(Role) -> bool) -> Result<(), Response> {
        if allowed(self.role()) {
            Ok(())
        } else {
            Err(forbidden(self.lang))
        }
    }

    pub(super) fn role(&self) -> Role {
        staff_svc::role_of(&self.staff)
    }

    /// A path inside this commune's staff area.
    pub(super) fn path(&self, rest: &str) -> String {
        format!("{}{rest}", admin_path(&self.commune))
    }

    /// The refusal page when a form's CSRF token is missing or wrong.
    pub(super) fn check_csrf(&self, form: &Fields) -> Result<(), Response> {
        csrf_refusal(self.lang, &self.csrf, form).map_or(Ok(()), Err)
    }

    /// A page of the staff area; `rest` is its path inside the area.
    pub(super) fn page(
        &self,
        title: &str,
        rest: &str,
        status: StatusCode,
        main: Markup,
    ) -> Response {
        let (c, role, lang) = (&self.commune, self.role(), self.lang);
        let base = admin_path(c);
        let body = html! {
            nav aria-label=(lang.t("admin-title")) {
                p {
                    a href={ "/communes/" (c.slug) } { (c.name) } " · "
                    a href=(base) { (lang.t("admin-title")) } " · "
                    (lang.t_args("admin-signed-in", &[("name", self.staff.username.clone().into()), ("role", lang.t(&format!("role-{}", role.as_str())).into())]))
                }
                ul {
                    @if role.can_publish() { li { a href={ (base) "/decisions/new" } { (lang.t("admin-new-decision")) } } }
                    @if role.can_publish() { li { a href={ (base) "/consultations" } { (lang.t("admin-consultations")) } } }
                    @if role.can_publish() { li { a href={ (base) "/budgets" } { (lang.t("admin-budgets")) } } }
                    @if role.can_publish() { li { a href={ (base) "/commitments" } { (lang.t("commitments-title")) } } }
                    li { a href={ (base) "/comments" } { (lang.t("admin-comments")) } }
                    li { a href={ (base) "/requests" } { (lang.t("admin-requests")) } }
                    @if role.can_manage_staff() {
                        li { a href={ (base) "/staff" } { (lang.t("admin-staff")) } }
                        li { a href={ (base) "/settings" } { (lang.t("admin-settings")) } }
                        li { a href={ (base) "/federation" } { (lang.t("admin-federation")) } }
                    }
                    li { a href={ (base) "/password" } { (lang.t("admin-change-password")) } }
                    li { (action_button(&format!("{base}/logout"), &self.csrf, None, &lang.t("admin-logout"), None)) }
                }
            }
            (main)
        };
        let mut r = html_response(
            status,
            layout(lang, title, &format!("{base}{rest}"), None, body),
        );
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }
}

/// The CSRF token of a page without a session (login, invitation), a double-submit cookie:
/// the cookie's value, or a new one. The page sets it with [`keep_pre_session_csrf`].
pub(in crate::web) fn pre_session_csrf(headers: &HeaderMap) -> String {
    cookie(headers, LOGIN_CSRF_COOKIE)
        .map(str::to_string)
        .unwrap_or_else(staff_svc::generate_password)
}

pub(in crate::web) fn keep_pre_session_csrf(s: &WebState, r: &mut Response, token: &str) {
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(s, LOGIN_CSRF_COOKIE, token, 3600),
    );
}

/// 403 unless a form without a session echoes its double-submit cookie; the token on success.
pub(in crate::web) fn check_pre_session_csrf(
    lang: Lang,
    headers: &HeaderMap,
    form: &Fields,
) -> Result<String, Response> {
    let expected = cookie(headers, LOGIN_CSRF_COOKIE).unwrap_or("").to_string();
    csrf_refusal(lang, &expected, form).map_or(Ok(expected), Err)
}

fn csrf_refusal(lang: Lang, expected: &str, form: &Fields) -> Option<Response> {
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

/// A form that is one button: an action on one thing (withdraw, unfollow, disable, …), with
/// the CSRF token and, when the action needs it, one hidden field naming the thing.
pub(super) fn action_button(
    action: &str,
    csrf: &str,
    hidden: Option<(&str, &str)>,
    label: &str,
    aria_label: Option<&str>,
) -> Markup {
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some((name, value)) = hidden { input type="hidden" name=(name) value=(value); }
            button type="submit" aria-label=[aria_label] { (label) }
        }
    }
}

/// A message shown at the top of a form page: what was done, or why it was refused.
pub(super) fn notice(message: Option<&str>) -> Markup {
    html! { @if let Some(m) = message { p role="alert" { strong { (m) } } } }
}

pub async fn dashboard(State(s): State<WebState>, desk: Desk) -> Answer {
    let (id, lang) = (desk.commune.id, desk.lang);
    let latest = s
        .app
        .store
        .run(move |conn| crate::store::decisions::latest(conn, id, 20))
        .await?;
    let waiting = crate::service::comments::count_unanswered(&s.app, id).await?;
    let oldest = crate::service::comments::unanswered(&s.app, id, 5).await?;
    let place = crate::web::format::Place::of(&desk.commune);
    let today = desk.commune.local_date(crate::store::now());
    let open = crate::service::requests::open(&s.app, id).await?;
    let overdue = open.iter().filter(|r| r.is_overdue(today)).count() as i64;
    let main = html! {
        h1 { (lang.t("admin-title")) }
        h2 { (lang.t_args("admin-requests-open", &[("count", (open.len() as i64).into()), ("overdue", overdue.into())])) }
        ul.items {
            @for r in open.iter().take(5) {
                li {
                    a href=(desk.path(&format!("/requests/{}", r.reference))) { (r.reference) } " — " (r.subject) " · "
                    (lang.t("request-due")) " " (place.date(lang, r.due_on))
                    @if r.is_overdue(today) { " · " strong { (lang.t("admin-request-overdue")) } }
                }
            }
        }
        h2 { (lang.t_args("admin-comments-unanswered", &[("count", waiting.into())])) }
        @if oldest.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
        ul.items {
            @for c in &oldest {
                li {
                    @if let Some(a) = &c.author { strong { (a.name) } " · " }
                    (place.datetime(lang, c.published_at)) " — "
                    (crate::domain::comment::text_of(&c.content_html).chars().take(120).collect::<String>())
                }
            }
        }
        @if waiting > 0 { p { a href=(desk.path("/comments")) { (lang.t("admin-comments-answer-all")) } } }
        h2 { (lang.t("commune-latest")) }
        ul.items {
            @for d in &latest {
                li {
                    a href=(s.app.urls.decision(&desk.commune.slug, &d.key).path()) { (d.reference) " — " (d.title) }
                    @if desk.role().can_publish() {
                        " · " a href=(desk.path(&format!("/decisions/{}/edit", d.key))) { (lang.t("admin-edit")) }
                    }
                }
            }
        }
    };
    Ok(desk.page(&lang.t("admin-title"), "", StatusCode::OK, main))
}
