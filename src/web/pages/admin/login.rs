//! Signing in and out. Before there is a session, the login form's CSRF token is a
//! double-submit cookie.

use super::{
    admin_path, check_pre_session_csrf, commune, cookie, keep_pre_session_csrf, notice,
    pre_session_csrf, see_other, set_cookie, Answer, Desk, Fields, LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
};
use crate::service::staff::{self as staff_svc, Login};
use crate::store::models::Commune;
use crate::web::i18n::{Lang, Reader};
use crate::web::pages::{flash, html_response, layout, PageError};
use crate::web::WebState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use maud::html;
use std::net::SocketAddr;

pub(super) fn form(
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
        (notice(message))
        form method="post" action={ (admin_path(c)) "/login" } {
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
            &format!("{}/login", admin_path(c)),
            None,
            body,
        ),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The login form. It sets a CSRF cookie that the form echoes (there is no session yet).
pub async fn page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Answer {
    let c = commune(&s, &slug).await.ok_or_else(PageError::not_found)?;
    let token = pre_session_csrf(&headers);
    let mut r = form(lang, &c, "", None, StatusCode::OK, Some(&token));
    keep_pre_session_csrf(&s, &mut r, &token);
    Ok(r)
}

pub async fn login(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    let c = commune(&s, &slug).await.ok_or_else(PageError::not_found)?;
    let expected = check_pre_session_csrf(lang, &headers, &fields)?;
    let username = fields.get("username").map(String::as_str).unwrap_or("");
    let password = fields.get("password").map(String::as_str).unwrap_or("");
    let outcome =
        staff_svc::login(&s.app, c.id, username, password, &addr.ip().to_string()).await?;
    Ok(match outcome {
        Login::Ok { token, .. } => signed_in(&s, &c, &token),
        Login::Wrong => form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-wrong")),
            StatusCode::UNAUTHORIZED,
            Some(&expected),
        ),
        Login::TooMany => form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-too-many")),
            StatusCode::TOO_MANY_REQUESTS,
            Some(&expected),
        ),
    })
}

/// The redirect to the staff area that sets a new session's cookie.
pub(super) fn signed_in(s: &WebState, c: &Commune, token: &str) -> Response {
    let mut r = see_other(&admin_path(c));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(s, SESSION_COOKIE, token, staff_svc::SESSION_HOURS * 3600),
    );
    r
}

/// The login form again, with the session cookie cleared (after logout or a password change).
pub(super) fn signed_out(
    s: &WebState,
    lang: Lang,
    c: &Commune,
    headers: &HeaderMap,
    username: &str,
    message: &str,
) -> Response {
    let mut r = form(
        lang,
        c,
        username,
        Some(message),
        StatusCode::OK,
        cookie(headers, LOGIN_CSRF_COOKIE),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(s, SESSION_COOKIE, "", 0));
    r
}

pub async fn logout(
    State(s): State<WebState>,
    desk: Desk,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    desk.check_csrf(&fields)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        staff_svc::logout(&s.app, token).await?;
    }
    let mut r = see_other(&format!("/communes/{}", desk.commune.slug));
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&s, SESSION_COOKIE, "", 0));
    flash::set(&mut r, !s.app.config.dev, flash::Flash::SignedOut);
    Ok(r)
}
