//! The page an invitation link opens: the guest chooses a username and a password, and is
//! signed in. The link's token is the secret; the form also carries the login's double-submit
//! CSRF token, like every form. A used, expired or unknown link answers 410.

use super::{
    check_pre_session_csrf, commune, keep_pre_session_csrf, login, notice, pre_session_csrf, Fields,
};
use crate::domain::commune::Commune;
use crate::domain::staff::MIN_PASSWORD;
use crate::service::staff as staff_svc;
use crate::service::ServiceError;
use crate::store::models::Invitation;
use crate::web::i18n::{Lang, Reader};
use crate::web::pages::{flash, html_response, layout, PageError};
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use maud::html;

struct Guest<'a> {
    commune: &'a Commune,
    invitation: &'a Invitation,
    token: &'a str,
    csrf: &'a str,
}

fn form(
    lang: Lang,
    g: &Guest,
    username: &str,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let c = g.commune;
    let role = lang.t(&format!("role-{}", g.invitation.role));
    let body = html! {
        p { a href={ "/communes/" (c.slug) } { (c.name) } }
        h1 { (lang.t("invite-welcome")) }
        p { (lang.t_args("invite-welcome-explain", &[("commune", c.name.clone().into()), ("role", role.into())])) }
        (notice(message))
        form method="post" action={ "/communes/" (c.slug) "/admin/invitation/" (g.token) } {
            input type="hidden" name="csrf" value=(g.csrf);
            label for="username" { (lang.t("admin-username")) }
            p.muted #username-help { (lang.t("invite-username-help")) }
            input #username name="username" type="text" autocomplete="username" value=(username) maxlength="40" aria-describedby="username-help" required;
            label for="password" { (lang.t("admin-new-password")) }
            input #password name="password" type="password" autocomplete="new-password" minlength=(MIN_PASSWORD) maxlength="200" required;
            p { button type="submit" { (lang.t("invite-accept")) } }
        }
    };
    let here = format!("/communes/{}/admin/invitation/{}", c.slug, g.token);
    let mut r = html_response(
        status,
        layout(lang, &lang.t("invite-welcome"), &here, None, body),
    );
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // The token is in the path: keep it out of Referer headers sent to other sites.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// The commune and the live invitation of the path, or the page to show instead.
async fn live(s: &WebState, slug: &str, token: &str) -> Result<(Commune, Invitation), PageError> {
    let c = commune(s, slug).await.ok_or_else(PageError::not_found)?;
    match staff_svc::invitation(&s.app, c.id, token).await? {
        Some(i) => Ok((c, i)),
        None => {
            tracing::warn!(commune = %c.slug, "invitation link refused: unknown, used or expired");
            Err(gone())
        }
    }
}

fn gone() -> PageError {
    PageError::status(StatusCode::GONE, "invite-gone")
}

pub async fn page(
    State(s): State<WebState>,
    Path((slug, token)): Path<(String, String)>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (c, invitation) = live(&s, &slug, &token).await?;
    let csrf = pre_session_csrf(&headers);
    let guest = Guest {
        commune: &c,
        invitation: &invitation,
        token: &token,
        csrf: &csrf,
    };
    let mut r = form(lang, &guest, "", None, StatusCode::OK);
    keep_pre_session_csrf(&s, &mut r, &csrf);
    Ok(r)
}

pub async fn accept(
    State(s): State<WebState>,
    Path((slug, token)): Path<(String, String)>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let (c, invitation) = live(&s, &slug, &token).await?;
    let csrf = check_pre_session_csrf(lang, &headers, &fields)?;
    let username = fields.get("username").map(String::as_str).unwrap_or("");
    let password = fields.get("password").map(String::as_str).unwrap_or("");
    let refused = |message: String, status| {
        let guest = Guest {
            commune: &c,
            invitation: &invitation,
            token: &token,
            csrf: &csrf,
        };
        form(lang, &guest, username, Some(&message), status)
    };
    match staff_svc::accept_invitation(&s.app, c.id, &token, username, password).await {
        Ok((_, session)) => {
            let mut r = login::signed_in(&s, &c, &session);
            flash::set(&mut r, !s.app.config.dev, flash::Flash::Welcome);
            Ok(r)
        }
        Err(ServiceError::Invalid(i)) => Ok(refused(
            lang.t(&format!("invalid-{}", i.field)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(ServiceError::Conflict(_)) => {
            Ok(refused(lang.t("invalid-taken"), StatusCode::CONFLICT))
        }
        // Used by someone else between the page and the form.
        Err(ServiceError::NotFound(_)) => Err(gone()),
        Err(e) => Err(e.into()),
    }
}
