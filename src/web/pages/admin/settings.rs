//! The commune's settings (its public profile), for admins. Saving sends the new profile to
//! followers.

use super::{notice, Desk, Fields};
use crate::domain::commune::{CommuneProfileInput, LANGUAGES};
use crate::domain::staff::Role;
use crate::store::models::Commune;
use crate::web::i18n::{Lang, Reader};
use crate::web::pages::server_error;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

fn form_page(
    lang: Lang,
    desk: &Desk,
    c: &Commune,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let text = |name: &str, label: String, value: Option<&str>, max: usize| {
        html! {
            label for=(name) { (label) }
            input id=(name) name=(name) type="text" value=(value.unwrap_or("")) maxlength=(max);
        }
    };
    let population = c.population.map(|p| p.to_string());
    let main = html! {
        h1 { (lang.t("admin-settings")) }
        (notice(message))
        form method="post" action=(desk.path("/settings")) {
            input type="hidden" name="csrf" value=(desk.csrf);
            (text("name", lang.t("settings-name"), Some(&c.name), 120))
            (text("region", lang.t("settings-region"), c.region.as_deref(), 120))
            label for="population" { (lang.t("settings-population")) }
            input #population name="population" type="number" min="0" value=(population.as_deref().unwrap_or(""));
            (text("website", lang.t("commune-website"), c.website.as_deref(), 300))
            (text("icon_url", lang.t("settings-logo"), c.icon_url.as_deref(), 300))
            label for="description" { (lang.t("settings-description")) }
            textarea #description name="description" rows="5" maxlength="2000" style="width:100%" { (c.description.as_deref().unwrap_or("")) }
            (text("languages", lang.t_args("settings-languages", &[("known", LANGUAGES.join(", ").into())]), Some(&c.languages), 60))
            p { button type="submit" { (lang.t("admin-save")) } }
        }
    };
    desk.page(lang, &lang.t("admin-settings"), "/settings", status, main)
}

pub async fn page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Response {
    match Desk::open_for(&s, lang, &headers, &slug, Role::can_manage_staff).await {
        Ok(desk) => form_page(lang, &desk, &desk.commune, None, StatusCode::OK),
        Err(r) => r,
    }
}

pub async fn save(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
    Form(form): Form<Fields>,
) -> Response {
    let desk = match Desk::open_for(&s, lang, &headers, &slug, Role::can_manage_staff).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    if let Some(r) = desk.refuse_forged(lang, &form) {
        return r;
    }
    let c = &desk.commune;
    let get = |k: &str| form.get(k).map(|v| v.trim().to_string());
    let population = match get("population")
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<i64>())
    {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            return form_page(
                lang,
                &desk,
                c,
                Some(&lang.t("settings-invalid")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    };
    let input = CommuneProfileInput {
        name: get("name"),
        country: None,
        region: get("region"),
        population,
        website: get("website"),
        languages: get("languages"),
        description: get("description"),
        icon_url: get("icon_url"),
    };
    match crate::service::communes::edit(&s.app, &c.slug, input).await {
        Ok(updated) => {
            tracing::info!(staff = %desk.staff.username, commune = %c.slug, "settings saved");
            form_page(
                lang,
                &desk,
                &updated,
                Some(&lang.t("settings-saved")),
                StatusCode::OK,
            )
        }
        Err(crate::service::ServiceError::Invalid(i)) => form_page(
            lang,
            &desk,
            c,
            Some(&format!("{} ({})", lang.t("settings-invalid"), i.field)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => server_error(lang, e),
    }
}
