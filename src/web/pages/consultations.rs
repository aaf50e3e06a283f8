//! A consultation's public page: the question, how to answer (a Mastodon account, a code),
//! and the results when they are public — a bar chart drawn as SVG on the server, the same
//! numbers in a table. No JavaScript; a few KB.

use super::{html_response, layout};
use crate::domain::commune::Commune;
use crate::domain::consultation::{Channel, ChannelCounts, Consultation, Phase, Tally};
use crate::web::format::Place;
use crate::web::i18n::Lang;
use crate::web::WebState;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup, PreEscaped};

/// A message above the form: what became of a vote.
pub struct Said<'a> {
    pub status: StatusCode,
    pub key: &'a str,
    pub ok: bool,
}

fn counts_row(label: &str, n: &ChannelCounts) -> Markup {
    html! {
        tr { th scope="row" { (label) } td { (n.fediverse) } td { (n.codes) } td { (n.paper) } td { strong { (n.total()) } } }
    }
}

/// Horizontal bars, one per option, scaled to the largest count: the option's name above its
/// bar, the count after it, in dark text on white (readable whatever the bar's length).
fn chart(lang: Lang, tally: &Tally) -> Markup {
    const WIDTH: u64 = 300;
    const BAR: u64 = 16;
    const ROW: u64 = 44;
    let max = tally
        .options
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * tally.options.len() as u64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH + 70) " " (height) } width="100%" role="img" aria-label=(lang.t("consultation-chart")) {
            @for (i, (o, c)) in tally.options.iter().enumerate() {
                @let y = i as u64 * ROW;
                @let w = (c.total() * WIDTH / max).max(2);
                text x="0" y=(y + 14) font-size="14" fill="#1a1a1a" { (o.name) }
                rect x="0" y=(y + 20) width=(w) height=(BAR) fill="#1e7b34" {}
                text x=(w + 6) y=(y + 33) font-size="14" fill="#1a1a1a" { (c.total()) }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn page(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    c: &Consultation,
    tally: &Tally,
    now: chrono::NaiveDateTime,
    said: Option<Said<'_>>,
    discussion: &super::comments::Discussion,
) -> Response {
    let place = Place::of(commune);
    let id = s.app.urls.consultation(&commune.slug, &c.key);
    let handle = format!("@{}@{}", commune.slug, s.app.urls.authority());
    let phase = c.phase(now);
    let when = match phase {
        Phase::Scheduled => lang.t_args(
            "consultation-opens",
            &[("date", place.datetime(lang, c.opens_at).into())],
        ),
        Phase::Open => lang.t_args(
            "consultation-open-until",
            &[("date", place.datetime(lang, c.closes_at).into())],
        ),
        Phase::Closed => lang.t_args(
            "consultation-closed",
            &[("date", place.datetime(lang, c.closes_at).into())],
        ),
    };
    let status = said.as_ref().map_or(StatusCode::OK, |m| m.status);
    let body = html! {
        p { a href=(s.app.urls.commune(&commune.slug).path()) { (commune.name) } " › " (lang.t("consultation-kind")) }
        article {
            h1 lang=(c.language) { (c.title) }
            p lang=(c.language) { strong { (c.question) } }
            p { (when) }
            @if !c.description_html.is_empty() {
                div lang=(c.language) { (PreEscaped(&c.description_html)) }
            }
            @if let Some(m) = &said {
                p.flash role="status" style=(if m.ok { "" } else { "border-color:#b00020;background:#fdecee" }) { (lang.t(m.key)) }
            }
            @if phase == Phase::Open && c.accepts(Channel::Fediverse) {
                p { (lang.t_args("consultation-how-mastodon", &[("handle", handle.clone().into())])) }
            }
            @if phase == Phase::Open && c.accepts(Channel::Codes) {
                h2 { (lang.t("consultation-vote-code")) }
                form method="post" action={ (id.path()) "/vote" } {
                    label for="code" { (lang.t("consultation-code")) }
                    input #code name="code" type="text" autocomplete="off" autocapitalize="characters" maxlength="20" required;
                    fieldset {
                        legend { (lang.t(if c.multiple { "consultation-choice-many" } else { "consultation-choice-one" })) }
                        @for o in &c.options {
                            label {
                                input name="option" value=(o.id) type=(if c.multiple { "checkbox" } else { "radio" });
                                " " span lang=(c.language) { (o.name) }
                            }
                            br;
                        }
                    }
                    p { button type="submit" { (lang.t("consultation-submit")) } }
                }
            }
            h2 { (lang.t("consultation-results")) }
            @if c.results_public(now) {
                (chart(lang, tally))
                table {
                    thead { tr {
                        th scope="col" { (lang.t("consultation-option")) }
                        th scope="col" { (lang.t("consultation-fediverse")) }
                        th scope="col" { (lang.t("consultation-codes")) }
                        th scope="col" { (lang.t("consultation-paper")) }
                        th scope="col" { (lang.t("consultation-total")) }
                    } }
                    tbody {
                        @for (o, n) in &tally.options { (counts_row(&o.name, n)) }
                    }
                }
                p {
                    (lang.t_args("consultation-voters", &[("count", (tally.voters.total() as i64).into())]))
                    @if let Some(rate) = tally.per_thousand(commune.population) {
                        " — " (lang.t_args("consultation-per-thousand", &[("rate", format!("{rate:.1}").into())]))
                    }
                }
            } @else {
                p { (lang.t("consultation-results-hidden")) }
            }
        }
        (super::comments::section(lang, &place, commune, s.app.urls.commune(&commune.slug).path(), id.path(), discussion))
    };
    let mut r = html_response(
        status,
        layout(lang, &c.title, id.path(), Some(id.as_str()), body),
    );
    // The counts move with every vote: revalidate each time (a 304 by ETag costs a reader on
    // mobile data almost nothing) rather than the minute other pages are kept.
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-cache"),
    );
    r
}
