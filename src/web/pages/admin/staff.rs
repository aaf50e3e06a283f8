//! Staff accounts seen from the staff area: the list, invitation links, creating an account
//! directly, and changing one's own password.

use super::{action_button, login, notice, Answer, Desk, Fields};
use crate::domain::staff::Role;
use crate::service::staff as staff_svc;
use crate::service::ServiceError;
use crate::store::models::{Invitation, Staff};
use crate::web::i18n::Lang;
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

/// What the staff page shows besides the accounts and pending invitations.
#[derive(Default)]
struct StaffView<'a> {
    message: Option<&'a str>,
    values: Option<&'a Fields>,
    /// A link just created: shown once, since only its hash is kept.
    new_link: Option<String>,
    status: Option<StatusCode>,
}

async fn staff_page(s: &WebState, desk: &Desk, view: StaffView<'_>) -> Answer {
    let (id, lang) = (desk.commune.id, desk.lang);
    let loaded = async {
        Ok::<_, ServiceError>((
            staff_svc::of_commune(&s.app, id).await?,
            staff_svc::pending_invitations(&s.app, id).await?,
        ))
    };
    let (members, pending): (Vec<Staff>, Vec<Invitation>) = loaded.await?;
    let v = |k: &str| {
        view.values
            .and_then(|f| f.get(k))
            .map(String::as_str)
            .unwrap_or("")
    };
    let role_select = |id: &str| {
        html! {
            label for=(id) { (lang.t("admin-role")) }
            select id=(id) name="role" {
                @for r in Role::ALL { option value=(r.as_str()) selected[v("role") == r.as_str()] { (lang.t(&format!("role-{}", r.as_str()))) } }
            }
        }
    };
    let place = crate::web::format::Place::of(&desk.commune);
    let main = html! {
        h1 { (lang.t("admin-staff")) }
        (notice(view.message))
        @if let Some(link) = &view.new_link {
            div.box {
                label for="invitation-link" { (lang.t("invite-link")) }
                input #invitation-link type="text" readonly value=(link) style="width:100%";
                p.muted { (lang.t_args("invite-link-help", &[("days", staff_svc::INVITATION_DAYS.into())])) }
            }
        }
        table {
            tr { th { (lang.t("admin-username")) } th { (lang.t("admin-role")) } th { (lang.t("staff-state")) } }
            @for m in &members {
                tr {
                    td { (m.username) }
                    td { (lang.t(&format!("role-{}", m.role))) }
                    td {
                        @if m.disabled_at.is_some() { (lang.t("staff-disabled")) }
                        @else if m.id == desk.staff.id { (lang.t("staff-you")) }
                        @else {
                            (action_button(&desk.path(&format!("/staff/{}/disable", m.id)), &desk.csrf, None, &lang.t("staff-disable"), Some(&lang.t_args("staff-disable-label", &[("name", m.username.clone().into())]))))
                        }
                    }
                }
            }
        }
        h2 { (lang.t("invite-title")) }
        p { (lang.t("invite-explain")) }
        form method="post" action=(desk.path("/staff/invitations")) {
            input type="hidden" name="csrf" value=(desk.csrf);
            (role_select("invite-role"))
            p { button type="submit" { (lang.t("invite-button")) } }
        }
        @if !pending.is_empty() {
            h3 { (lang.t("invite-pending")) }
            ul.items {
                @for i in &pending {
                    li {
                        (lang.t(&format!("role-{}", i.role))) " — "
                        (lang.t_args("invite-expires", &[("date", place.datetime(lang, i.expires_at).into())]))
                        (action_button(&desk.path(&format!("/staff/invitations/{}/revoke", i.id)), &desk.csrf, None, &lang.t("invite-revoke"), None))
                    }
                }
            }
        }
        h2 { (lang.t("admin-add-staff")) }
        p { (lang.t("admin-add-staff-explain")) }
        form method="post" action=(desk.path("/staff")) {
            input type="hidden" name="csrf" value=(desk.csrf);
            label for="username" { (lang.t("admin-username")) }
            input #username name="username" type="text" value=(v("username")) maxlength="40" required;
            label for="password" { (lang.t("admin-new-password")) }
            input #password name="password" type="password" autocomplete="new-password" maxlength="200" required;
            (role_select("role"))
            p { button type="submit" { (lang.t("admin-add-staff")) } }
        }
    };
    Ok(desk.page(
        &lang.t("admin-staff"),
        "/staff",
        view.status.unwrap_or(StatusCode::OK),
        main,
    ))
}

/// The staff page with a message: what was done, or why not.
async fn said(s: &WebState, desk: &Desk, message: &str, status: StatusCode) -> Answer {
    let view = StaffView {
        message: Some(message),
        status: Some(status),
        ..StaffView::default()
    };
    staff_page(s, desk, view).await
}

/// The staff page after an action on one account or invitation; `keys` are the messages for
/// done, not found (404) and refused by a rule (409).
async fn said_after(
    s: &WebState,
    desk: &Desk,
    done: Result<(), ServiceError>,
    [ok, missing, refused]: [&str; 3],
) -> Answer {
    let lang = desk.lang;
    let (key, status) = match done {
        Ok(()) => (ok, StatusCode::OK),
        Err(ServiceError::NotFound(_)) => (missing, StatusCode::NOT_FOUND),
        Err(ServiceError::Forbidden(_)) => (refused, StatusCode::CONFLICT),
        Err(e) => return Err(e.into()),
    };
    said(s, desk, &lang.t(key), status).await
}

pub async fn list(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_manage_staff)?;
    staff_page(&s, &desk, StaffView::default()).await
}

/// A refused staff form: the message for the field at fault, and its status.
fn refusal(lang: Lang, e: ServiceError) -> Result<(StatusCode, String), PageError> {
    match e {
        ServiceError::Invalid(i) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t(&format!("invalid-{}", i.field)),
        )),
        ServiceError::Conflict(_) => Ok((StatusCode::CONFLICT, lang.t("invalid-taken"))),
        e => Err(e.into()),
    }
}

/// Checks a staff form posted by an admin: its CSRF token, then the role.
fn admin_post(desk: &Desk, form: &Fields) -> Result<(), Response> {
    desk.check_csrf(form)?;
    desk.allow(Role::can_manage_staff)
}

pub async fn add(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    admin_post(&desk, &form)?;
    let lang = desk.lang;
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
            (StatusCode::OK, lang.t("admin-staff-added"), None)
        }
        Err(e) => {
            let (status, message) = refusal(lang, e)?;
            (status, message, Some(&form))
        }
    };
    let view = StaffView {
        message: Some(&message),
        values: keep,
        new_link: None,
        status: Some(status),
    };
    staff_page(&s, &desk, view).await
}

pub async fn invite(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    admin_post(&desk, &form)?;
    let lang = desk.lang;
    let Ok(role) = Role::parse(form.get("role").map(String::as_str).unwrap_or("")) else {
        return said(
            &s,
            &desk,
            &lang.t("invalid-role"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let token = staff_svc::invite(&s.app, &desk.staff, role).await?;
    tracing::info!(by = %desk.staff.username, role = role.as_str(), "staff invitation created");
    let link = s
        .app
        .urls
        .base()
        .join(&format!(
            "/communes/{}/admin/invitation/{token}",
            desk.commune.slug
        ))
        .map(String::from)
        .map_err(|e| ServiceError::Task(format!("invitation link: {e}")))?;
    let view = StaffView {
        message: Some(&lang.t("invite-created")),
        new_link: Some(link),
        ..StaffView::default()
    };
    staff_page(&s, &desk, view).await
}

pub async fn revoke_invitation(
    State(s): State<WebState>,
    Path((_, id)): Path<(String, i32)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    admin_post(&desk, &form)?;
    let done = staff_svc::revoke_invitation(&s.app, desk.commune.id, id).await;
    said_after(
        &s,
        &desk,
        done,
        ["invite-revoked", "invite-gone", "invite-gone"],
    )
    .await
}

pub async fn disable(
    State(s): State<WebState>,
    Path((_, id)): Path<(String, i32)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    admin_post(&desk, &form)?;
    let done = staff_svc::disable(&s.app, &desk.staff, id).await;
    said_after(
        &s,
        &desk,
        done,
        [
            "staff-disabled-done",
            "error-not-found",
            "staff-disable-refused",
        ],
    )
    .await
}

fn password_form(desk: &Desk, message: Option<&str>, status: StatusCode) -> Response {
    let lang = desk.lang;
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
    desk.page(&lang.t("admin-change-password"), "/password", status, main)
}

pub async fn password_page(desk: Desk) -> Response {
    password_form(&desk, None, StatusCode::OK)
}

pub async fn change_password(
    State(s): State<WebState>,
    desk: Desk,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Answer {
    desk.check_csrf(&form)?;
    let lang = desk.lang;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    Ok(
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
                &desk,
                Some(&lang.t("admin-login-wrong")),
                StatusCode::UNAUTHORIZED,
            ),
            Err(e) => {
                let (status, message) = refusal(lang, e)?;
                password_form(&desk, Some(&message), status)
            }
        },
    )
}
