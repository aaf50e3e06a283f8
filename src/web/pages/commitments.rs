//! The action plan: every commitment with its progress, and one page per commitment.

use super::{html_response, layout, PageError};
use crate::domain::commitment::Commitment;
use crate::domain::commune::Commune;
use crate::protocol::commitment::{status_label, summary};
use crate::service::{commitments, communes};
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

/// `GET /communes/{slug}/commitments`.
pub async fn index(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let all = commitments::list(&s.app, &commune).await?;
    let here = s.app.urls.commitments(&commune.slug);
    let title = lang.t("commitments-title");
    let body = html! {
        h1 { (title) }
        ul {
            @for c in &all {
                li {
                    a href=(s.app.urls.commitment(&commune.slug, &c.key).path()) { (c.title) }
                    " — " (status_label(lang, c))
                }
            }
        }
    };
    Ok(html_response(StatusCode::OK, layout(lang, &title, here.path(), None, body)))
}

/// A commitment's page.
pub fn detail(s: &WebState, lang: Lang, commune: &Commune, c: &Commitment) -> Response {
    let id = s.app.urls.commitment(&commune.slug, &c.key);
    let body = html! {
        h1 { (c.title) }
        p { (summary(lang, commune, c)) }
    };
    html_response(
        StatusCode::OK,
        layout(lang, &c.title, id.path(), Some(id.as_str()), body),
    )
}
