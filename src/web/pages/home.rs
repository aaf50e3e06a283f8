use super::{html_response, layout, PageError};
use crate::web::format::Place;
use crate::web::i18n::Reader;
use crate::web::WebState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use std::collections::HashMap;

pub async fn home(State(s): State<WebState>, Reader(lang): Reader) -> Result<Response, PageError> {
    let (communes, followers, latest) = s
        .app
        .store
        .run(|c| {
            Ok((
                crate::store::communes::all(c)?,
                crate::store::federation::follower_counts(c)?,
                crate::store::decisions::latest_publication(c)?,
            ))
        })
        .await?;
    let followers: HashMap<i32, i64> = followers.into_iter().collect();
    let latest: HashMap<i32, Option<chrono::NaiveDateTime>> = latest.into_iter().collect();
    let body = html! {
        h1 { (lang.t("home-title")) }
        p.muted { (lang.t("site-tagline")) }
        @if communes.is_empty() {
            p { (lang.t("home-empty")) }
        }
        ul.items {
            @for c in &communes {
                li {
                    @if let Some(icon) = &c.icon_url {
                        img.logo src=(icon) alt="" width="48" height="48" loading="lazy";
                        " "
                    }
                    a href=(s.app.urls.commune(&c.slug).path()) { strong { (c.name) } }
                    " — " (c.country.name(lang.code()))
                    @if let Some(r) = &c.region { ", " (r) }
                    br;
                    span.muted {
                        (lang.t_args("home-followers", &[("count", (*followers.get(&c.id).unwrap_or(&0)).into())]))
                        " · "
                        @match latest.get(&c.id).copied().flatten() {
                            Some(t) => (lang.t_args("home-latest", &[("date", Place::of(c).day_of(lang, t).into())])),
                            None => (lang.t("home-no-activity")),
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &lang.t("home-title"), "/", None, body),
    ))
}
