use super::{html_response, layout, PageError};
use crate::domain::commune::Commune;
use crate::web::format::Place;
use crate::web::i18n::Lang;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;

/// The commune's public home: identity, how to follow it, latest decisions, its sections.
pub async fn page(s: &WebState, lang: Lang, c: &Commune) -> Response {
    let id = c.id;
    let loaded = s
        .app
        .store
        .run(move |conn| {
            Ok((
                crate::store::decisions::latest(conn, id, 5)?,
                crate::store::federation::follower_count(conn, id)?,
            ))
        })
        .await;
    let (latest, followers) = match loaded {
        Ok(v) => v,
        Err(e) => return PageError::from(e).into_response(),
    };
    let place = Place::of(c);
    let actor = s.app.urls.commune(&c.slug);
    let handle = format!("@{}@{}", c.slug, s.app.urls.authority());
    let body = html! {
        h1 {
            @if let Some(icon) = &c.icon_url { img.logo src=(icon) alt="" width="48" height="48"; " " }
            (c.name)
        }
        p {
            (c.country.name(lang.code()))
            @if let Some(r) = &c.region { " · " (r) }
            @if let Some(p) = c.population { " · " (lang.t_args("commune-population", &[("count", p.into())])) }
            " · " (lang.t_args("home-followers", &[("count", followers.into())]))
        }
        @if let Some(d) = &c.description { p lang=(c.language()) { (d) } }
        @if let Some(w) = &c.website { p { (lang.t("commune-website")) " : " a href=(w) rel="nofollow noopener" { (w) } } }
        section.box aria-labelledby="follow" {
            h2 #follow { (lang.t("follow-title")) }
            p { (lang.t("follow-handle")) br; code { (handle) } }
            form method="post" action={ (actor.path()) "/remote-follow" } {
                label for="acct" { (lang.t("follow-remote-label")) }
                input #acct name="acct" type="text" inputmode="email" autocomplete="username" placeholder="@vous@mastodon.example" maxlength="200" required;
                " "
                button type="submit" { (lang.t("follow-remote-button")) }
            }
        }
        h2 { (lang.t("commune-latest")) }
        @if latest.is_empty() { p { (lang.t("decisions-none")) } }
        ul.items {
            @for d in &latest {
                li {
                    a href=(s.app.urls.decision(&c.slug, &d.key).path()) { (d.reference) " — " (d.title) }
                    " " span.muted { "(" (place.date(lang, d.session_date)) ")" }
                }
            }
        }
        nav aria-label=(lang.t("nav-decisions")) {
            ul {
                li { a href={ (actor.path()) "/decisions" } { (lang.t("commune-all-decisions")) } }
                li { a href=(s.app.urls.budgets(&c.slug).path()) { (lang.t("budgets-title")) } }
                li { a href=(s.app.urls.commitments(&c.slug).path()) { (lang.t("commitments-title")) } }
                li { a href={ (actor.path()) "/feed.atom" } type="application/atom+xml" { (lang.t("commune-feed")) } }
            }
        }
        @if c.contact_email.is_some() || c.contact_phone.is_some() || c.address.is_some() {
            section aria-labelledby="contact" {
                h2 #contact { (lang.t("commune-contact")) }
                @if let Some(a) = &c.address { address { (a) } }
                ul.items {
                    @if let Some(e) = &c.contact_email { li { a href={ "mailto:" (e) } { (e) } } }
                    @if let Some(p) = &c.contact_phone { li { a href={ "tel:" (p.replace(' ', "")) } { (p) } } }
                }
            }
        }
        @if let Some(l) = &c.legal_notice {
            section aria-labelledby="legal" {
                h2 #legal { (lang.t("commune-legal")) }
                p.muted style="white-space:pre-line" { (l) }
            }
        }
    };
    let mut r = html_response(
        StatusCode::OK,
        layout(lang, &c.name, actor.path(), Some(actor.as_str()), body),
    );
    if let Ok(v) = format!(
        "<{}/feed.atom>; rel=\"alternate\"; type=\"application/atom+xml\"",
        actor.path()
    )
    .parse()
    {
        r.headers_mut().insert(header::LINK, v);
    }
    r
}

#[derive(serde::Deserialize)]
pub struct RemoteFollow {
    acct: String,
}

/// Sends a visitor to their own instance's follow page (Mastodon's `authorize_interaction`).
pub async fn remote_follow(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Form(form): Form<RemoteFollow>,
) -> Result<Response, PageError> {
    let commune = crate::service::communes::get(&s.app, &slug).await?;
    let acct = form.acct.trim().trim_start_matches('@');
    let instance = acct.split_once('@').map(|(_, h)| h).unwrap_or("");
    let valid_host = !instance.is_empty()
        && instance.len() <= 253
        && instance.contains('.')
        && instance
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
    let invalid = || PageError::status(StatusCode::BAD_REQUEST, "follow-remote-invalid");
    if !valid_host {
        return Err(invalid());
    }
    let target = format!("acct:{}@{}", commune.slug, s.app.urls.authority());
    let mut url = url::Url::parse(&format!("https://{instance}/authorize_interaction"))
        .map_err(|_| invalid())?;
    url.query_pairs_mut().append_pair("uri", &target);
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response())
}
