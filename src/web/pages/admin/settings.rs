//! The commune's settings (its public profile, contact and legal information, time zone and
//! logo), for admins. Saving sends the new profile to followers.

use super::{notice, Answer, Desk, Fields};
use crate::domain::commune::Commune;
use crate::domain::commune::{default_timezone, CommuneProfileInput, LANGUAGES, TIMEZONES};
use crate::domain::licence::Licence;
use crate::domain::staff::Role;
use crate::service::ServiceError;
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

/// The form: `values` are what the admin sent when it is shown again after an error.
fn form_page(
    desk: &Desk,
    c: &Commune,
    values: Option<&Fields>,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let lang = desk.lang;
    let saved = |k: &str| -> Option<String> {
        match k {
            "name" => Some(c.name.clone()),
            "region" => c.region.clone(),
            "population" => c.population.map(|p| p.to_string()),
            "website" => c.website.clone(),
            "icon_url" => c.icon_url.clone(),
            "description" => c.description.clone(),
            "languages" => Some(c.languages.join(",")),
            "contact_email" => c.contact_email.clone(),
            "contact_phone" => c.contact_phone.clone(),
            "address" => c.address.clone(),
            "legal_notice" => c.legal_notice.clone(),
            "timezone" => c.timezone.clone(),
            "data_licence" => Some(c.data_licence.spdx().to_string()),
            _ => None,
        }
    };
    let v = |k: &str| -> String {
        match values {
            Some(f) => f.get(k).cloned().unwrap_or_default(),
            None => saved(k).unwrap_or_default(),
        }
    };
    let text = |name: &str, label: String, kind: &str, max: usize| -> Markup {
        html! {
            label for=(name) { (label) }
            input id=(name) name=(name) type=(kind) value=(v(name)) maxlength=(max);
        }
    };
    let area = |name: &str, label: String, max: usize| -> Markup {
        html! {
            label for=(name) { (label) }
            textarea id=(name) name=(name) rows="4" maxlength=(max) style="width:100%" { (v(name)) }
        }
    };
    let country_zone = default_timezone(c.country).name();
    let main = html! {
        h1 { (lang.t("admin-settings")) }
        (notice(message))
        form method="post" action=(desk.path("/settings")) enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(desk.csrf);
            fieldset {
                legend { (lang.t("settings-identity")) }
                (text("name", lang.t("settings-name"), "text", 120))
                (text("region", lang.t("settings-region"), "text", 120))
                label for="population" { (lang.t("settings-population")) }
                input #population name="population" type="number" min="0" value=(v("population"));
                (area("description", lang.t("settings-description"), 2000))
                (text("languages", lang.t_args("settings-languages", &[("known", LANGUAGES.join(", ").into())]), "text", 60))
                label for="timezone" { (lang.t("settings-timezone")) }
                select #timezone name="timezone" {
                    option value="" selected[v("timezone").is_empty()] { (lang.t_args("settings-timezone-default", &[("zone", country_zone.into())])) }
                    @for tz in TIMEZONES { option value=(tz) selected[v("timezone") == *tz] { (tz) } }
                }
                label for="data_licence" { (lang.t("settings-data-licence")) }
                select #data_licence name="data_licence" {
                    @for l in Licence::ALL { option value=(l.spdx()) selected[v("data_licence") == l.spdx()] { (l.title()) " (" (l.spdx()) ")" } }
                }
            }
            fieldset {
                legend { (lang.t("settings-logo-title")) }
                @if let Some(icon) = &c.icon_url { p { img.logo src=(icon) alt=(lang.t("settings-logo-current")); } }
                label for="logo" { (lang.t("settings-logo-upload")) }
                input #logo name="logo" type="file" accept="image/png,image/jpeg,image/webp,image/gif";
                (text("icon_url", lang.t("settings-logo"), "url", 300))
            }
            fieldset {
                legend { (lang.t("settings-contact")) }
                (text("website", lang.t("commune-website"), "url", 300))
                (text("contact_email", lang.t("settings-email"), "email", 254))
                (text("contact_phone", lang.t("settings-phone"), "tel", 40))
                (area("address", lang.t("settings-address"), 300))
            }
            fieldset {
                legend { (lang.t("settings-legal")) }
                (area("legal_notice", lang.t("settings-legal-help"), 2000))
            }
            p { button type="submit" { (lang.t("admin-save")) } }
        }
    };
    desk.page(&lang.t("admin-settings"), "/settings", status, main)
}

pub async fn page(desk: Desk) -> Answer {
    desk.allow(Role::can_manage_staff)?;
    Ok(form_page(&desk, &desk.commune, None, None, StatusCode::OK))
}

/// Reads the settings form: its text fields and the optional logo.
async fn read_form(mut multipart: Multipart) -> Result<(Fields, Option<Vec<u8>>), ()> {
    let mut fields = Fields::new();
    let mut logo = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "logo" {
            let bytes = field.bytes().await.map_err(|_| ())?;
            if !bytes.is_empty() {
                logo = Some(bytes.to_vec());
            }
        } else {
            fields.insert(name, field.text().await.map_err(|_| ())?);
        }
    }
    Ok((fields, logo))
}

pub async fn save(State(s): State<WebState>, desk: Desk, multipart: Multipart) -> Answer {
    let lang = desk.lang;
    let Ok((form, logo)) = read_form(multipart).await else {
        tracing::warn!(commune = %desk.commune.slug, "settings refused: unreadable or too large");
        return Err(PageError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid-logo",
        ));
    };
    desk.check_csrf(&form)?;
    desk.allow(Role::can_manage_staff)?;
    let c = &desk.commune;
    let refused = |field: &str| {
        form_page(
            &desk,
            c,
            Some(&form),
            Some(&format!(
                "{} {}",
                lang.t("settings-invalid"),
                lang.t(&format!("invalid-{field}"))
            )),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let get = |k: &str| form.get(k).map(|v| v.trim().to_string());
    let population = match get("population").filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(p.parse::<i64>().map_err(|_| refused("population"))?),
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
        contact_email: get("contact_email"),
        contact_phone: get("contact_phone"),
        address: get("address"),
        legal_notice: get("legal_notice"),
        timezone: get("timezone"),
        data_licence: get("data_licence"),
    };
    // The logo is checked before anything is stored, like every other field.
    let logo = match logo {
        Some(bytes) => Some(
            tokio::task::spawn_blocking(move || crate::domain::logo::normalize(&bytes))
                .await
                .map_err(|e| ServiceError::Task(e.to_string()))?
                .map_err(|_| refused("logo"))?,
        ),
        None => None,
    };
    let updated = match crate::service::communes::edit(&s.app, &c.slug, input, logo).await {
        Ok(u) => u,
        Err(ServiceError::Invalid(i)) => return Err(refused(i.field).into()),
        Err(e) => return Err(e.into()),
    };
    tracing::info!(staff = %desk.staff.username, commune = %c.slug, "settings saved");
    Ok(form_page(
        &desk,
        &updated,
        None,
        Some(&lang.t("settings-saved")),
        StatusCode::OK,
    ))
}
