//! A commune's budgets: the list of years and a year's page (totals and execution rates).

use super::{html_response, layout, PageError};
use crate::domain::budget::{Direction, Summary};
use crate::domain::commune::Commune;
use crate::protocol::budget::rate_text;
use crate::service::budgets::{self, BudgetView};
use crate::service::communes;
use crate::web::format::Place;
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fluent_templates::fluent_bundle::FluentValue;
use maud::html;

/// `GET /communes/{slug}/budgets`.
pub async fn index(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let years = budgets::list(&s.app, &commune).await?;
    let here = s.app.urls.budgets(&commune.slug);
    let title = lang.t("budgets-title");
    let body = html! {
        h1 { (title) }
        ul {
            @for b in &years {
                li { a href=(s.app.urls.budget(&commune.slug, b.year).path()) { (b.year) } }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &title, here.path(), None, body),
    ))
}

/// A year's page.
pub async fn year(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    view: &BudgetView,
    _query: Option<&str>,
) -> Response {
    let place = Place::of(commune);
    let lines = view.lines();
    let summary = Summary::of(&lines);
    let id = s.app.urls.budget(&commune.slug, view.budget.year);
    let title = lang.t_args(
        "budget-title",
        &[
            ("year", FluentValue::from(view.budget.year)),
            ("commune", FluentValue::from(commune.name.as_str())),
        ],
    );
    let body = html! {
        h1 { (title) }
        table {
            @for d in [Direction::Expenditure, Direction::Revenue] {
                @let side = summary.side(d);
                tr {
                    th scope="row" { (lang.t(&format!("budget-direction-{}", d.code()))) }
                    td { (side.totals.final_forecast.map(|v| place.amount(lang, v)).unwrap_or_default()) }
                    td { (side.totals.executed(d).map(|v| place.amount(lang, v)).unwrap_or_default()) }
                    td { (rate_text(lang, commune, side.rate())) }
                }
            }
        }
    };
    html_response(
        StatusCode::OK,
        layout(lang, &title, id.path(), Some(id.as_str()), body),
    )
}
