//! Staff accounts seen from the staff area: the list, creating an account, and changing one's
//! own password.

use super::{login, notice, Desk, Fields};
use crate::domain::staff::Role;
use crate::service::staff as staff_svc;
use crate::service::ServiceError;
use crate::store::models::Staff;
use crate::web::i18n::{Lang, Reader};
use crate::web::pages::server_error;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

fn staff_page(
    lang: Lang,
    desk: &Desk,
    members: &[Staff],
    message: Option<&str>,
    values: &Fields,
    status: StatusCode,
) -> Response {
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let main = html! {
        h1 { (lang.t("admin-staff")) }
        (notice(message))
        table {
            tr { th { (lang.t("admin-username")) } th { (lang.t("admin-role")) } }
            @for m in members { tr { td { (m.username) } td { (lang.t(&format!("role-{}", m.role))) } } }
        }
        h2 { (lang.t("admin-add-staff")) }
        form method="post" action=(desk.path("/staff")) {
            input type="hidden" name="csrf" value=(desk.csrf);
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
    desk.page(lang, &lang.t("admin-staff"), "/staff", status, main)
}

pub async fn list(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    let desk = match Desk::open_for(&s, lang, &headers, &slug, Role::can_manage_staff).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    match staff_svc::of_commune(&s.app, desk.commune.id).await {
        Ok(members) => staff_page(lang, &desk, &members, None, &Fields::new(), StatusCode::OK),
        Err(e) => server_error(lang, e),
    }
}

/// A refused staff form: the message for the field at fault, and its status.
fn refusal(lang: Lang, e: ServiceError) -> Result<(StatusCode, String), ServiceError> {
    match e {
        ServiceError::Invalid(i) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t(&format!("invalid-{}", i.field)),
        )),
        ServiceError::Conflict(_) => Ok((StatusCode::CONFLICT, lang.t("invalid-taken"))),
        e => Err(e),
    }
}

pub async fn add(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let desk = match Desk::open(&s, lang, &headers, &slug).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    if let Some(r) = desk.refuse_forged(lang, &form) {
        return r;
    }
    if !desk.role().can_manage_staff() {
        return super::forbidden(lang);
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let result = match Role::parse(get("role")) {
        Ok(role) => {
            staff_svc::create(
                &s.app,
                desk.commune.id,
                get("username"),
                get("password"),
                role,
            )
            .await
        }
        Err(e) => Err(e.into()),
    };
    let (status, message, keep) = match result {
        Ok(m) => {
            tracing::info!(by = %desk.staff.username, new = %m.username, role = %m.role, "staff account created");
            (StatusCode::OK, lang.t("admin-staff-added"), Fields::new())
        }
        Err(e) => match refusal(lang, e) {
            Ok((status, message)) => (status, message, form.clone()),
            Err(e) => return server_error(lang, e),
        },
    };
    match staff_svc::of_commune(&s.app, desk.commune.id).await {
        Ok(members) => staff_page(lang, &desk, &members, Some(&message), &keep, status),
        Err(e) => server_error(lang, e),
    }
}

fn password_form(lang: Lang, desk: &Desk, message: Option<&str>, status: StatusCode) -> Response {
    let main = html! {
        h1 { (lang.t("admin-change-password")) }
        (notice(message))
        form method="post" action=(desk.path("/password")) {
            input type="hidden" name="csrf" value=(desk.csrf);
            label for="current" { (lang.t("admin-current-password")) }
            input #current name="current" type="password" autocomplete="current-password" required;
            label for="new" { (lang.t("admin-new-password")) }
            input #new name="new" type="password" autocomplete="new-password" minlength="10" required;
            p { button type="submit" { (lang.t("admin-save")) } }
        }
    };
    desk.page(
        lang,
        &lang.t("admin-change-password"),
        "/password",
        status,
        main,
    )
}

pub async fn password_page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    match Desk::open(&s, lang, &headers, &slug).await {
        Ok(desk) => password_form(lang, &desk, None, StatusCode::OK),
        Err(r) => r,
    }
}

pub async fn change_password(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let desk = match Desk::open(&s, lang, &headers, &slug).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    if let Some(r) = desk.refuse_forged(lang, &form) {
        return r;
    }
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    match staff_svc::change_password(&s.app, &desk.staff, get("current"), get("new")).await {
        Ok(true) => login::signed_out(
            &s,
            lang,
            &desk.commune,
            &headers,
            &desk.staff.username,
            &lang.t("admin-password-changed"),
        ),
        Ok(false) => password_form(
            lang,
            &desk,
            Some(&lang.t("admin-login-wrong")),
            StatusCode::UNAUTHORIZED,
        ),
        Err(e) => match refusal(lang, e) {
            Ok((status, message)) => password_form(lang, &desk, Some(&message), status),
            Err(e) => server_error(lang, e),
        },
    }
}
