//! The action plan (OGP Local), for citizens on cheap phones: the whole plan on one page — each
//! commitment with its status on the OGP scale, its period, its lead and the progress of its
//! milestones (a bar drawn as inline SVG, the same numbers in text, the late ones counted) —
//! and one page per commitment with its milestones in a table and its dated progress notes.
//! No JavaScript; "today" is the commune's, in its time zone.

use super::{html_response, layout, PageError};
use crate::domain::commitment::{Commitment, Milestone, Status};
use crate::domain::commune::Commune;
use crate::protocol::commitment::status_label;
use crate::service::{commitments, communes};
use crate::web::format::Place;
use crate::web::i18n::{Lang, Reader};
use crate::web::WebState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use maud::{html, Markup, PreEscaped};

/// What these pages add to the layout's stylesheet: the late mark (red, bold, and a word, so
/// it reads without colour), the done mark, the OGP scale as a row of steps.
const STYLE: &str = ".late{color:#a50e0e;font-weight:bold}.done{color:#1e7b34;font-weight:bold}\
.scale{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem}\
.scale li{border:1px solid #ccc;border-radius:.25rem;padding:0 .4rem;font-size:.9rem;color:#555}\
.scale li[aria-current]{border-color:#1e7b34;background:#eef7f0;color:#1a1a1a;font-weight:bold}\
.pre{white-space:pre-line}\
@media (max-width:32rem){table.ms,.ms tbody,.ms tr,.ms th,.ms td{display:block}.ms thead{position:absolute;left:-999px}\
.ms tr{border:1px solid #ccc;margin:0 0 .5rem}.ms th,.ms td{border:0}.ms td::before{content:attr(data-label);display:block;font-weight:bold;font-size:.9rem}}dl.facts dt{font-weight:bold}dl.facts dd{margin:0 0 .5rem}";

/// The bar's colours: done milestones on a light track, at least 3:1 against each other.
const DONE_FILL: &str = "#1e7b34";
const TRACK_FILL: &str = "#dfe5ec";
/// The track's edge, 4.5:1 against white, so the bar's extent shows when nothing is done.
const TRACK_EDGE: &str = "#767676";

/// "Today" where the commune is.
pub(crate) fn today_of(commune: &Commune) -> NaiveDate {
    commune.local_date(crate::store::now())
}

/// "2 milestones done out of 5" (or "no milestone yet").
pub(crate) fn progress_text(lang: Lang, c: &Commitment) -> String {
    lang.t_args(
        "commitment-page-progress",
        &[
            ("done", FluentValue::from(c.done())),
            ("total", FluentValue::from(c.milestones.len())),
        ],
    )
}

/// "1 late milestone".
pub(crate) fn late_text(lang: Lang, late: usize) -> String {
    lang.t_args(
        "commitment-page-late-count",
        &[("count", FluentValue::from(late))],
    )
}

/// The progress bar: done milestones over all, as an SVG the text beside it repeats (so the
/// drawing is hidden from screen readers).
pub(crate) fn progress_bar(c: &Commitment) -> Markup {
    let width = (c.done() * 100)
        .checked_div(c.milestones.len())
        .unwrap_or(0);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 6" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true" focusable="false" style="display:block;max-width:24rem" {
            rect x="0" y="0" width="100" height="6" fill=(TRACK_FILL) {}
            @if width > 0 { rect x="0" y="0" width=(width) height="6" fill=(DONE_FILL) {} }
            rect x="0" y="0" width="100" height="6" fill="none" stroke=(TRACK_EDGE) stroke-width="1" vector-effect="non-scaling-stroke" {}
        }
    }
}

/// The bar and its numbers: done / total, and how many are late.
fn progress(lang: Lang, c: &Commitment, today: NaiveDate) -> Markup {
    let late = c.late(today);
    html! {
        (progress_bar(c))
        p {
            (progress_text(lang, c))
            @if !c.milestones.is_empty() {
                " · "
                @if late > 0 { span.late { (late_text(lang, late)) } } @else { (late_text(lang, 0)) }
            }
        }
    }
}

/// The OGP scale, the commitment's step marked.
fn scale(lang: Lang, status: Status) -> Markup {
    html! {
        ol.scale aria-label=(lang.t("commitment-page-scale")) {
            @for s in Status::ALL {
                @let label = lang.t(&format!("commitment-status-{}", s.as_str()));
                @if s == status { li aria-current="step" { (label) } } @else { li { (label) } }
            }
        }
    }
}

fn period(lang: Lang, place: &Place, c: &Commitment) -> String {
    lang.t_args(
        "commitment-page-period",
        &[
            ("start", place.date(lang, c.starts_on).into()),
            ("end", place.date(lang, c.ends_on).into()),
        ],
    )
}

/// The late mark of a milestone, if late: not done by its due date, or done after it.
pub(crate) fn late_mark(lang: Lang, m: &Milestone, today: NaiveDate) -> Markup {
    html! {
        @if m.is_late(today) {
            @if m.done_on.is_some() {
                strong.late { (lang.t("commitment-page-done-late")) }
            } @else {
                strong.late { (lang.t("commitment-page-late")) }
            }
        }
    }
}

/// `GET /communes/{slug}/commitments`: the whole plan.
pub async fn index(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let all = commitments::list(&s.app, &commune).await?;
    let here = s.app.urls.commitments(&commune.slug);
    let place = Place::of(&commune);
    let today = today_of(&commune);
    let title = lang.t_args(
        "commitment-page-title",
        &[("commune", FluentValue::from(commune.name.as_str()))],
    );
    let milestones: usize = all.iter().map(|c| c.milestones.len()).sum();
    let done: usize = all.iter().map(Commitment::done).sum();
    let late: usize = all.iter().map(|c| c.late(today)).sum();
    let body = html! {
        style { (PreEscaped(STYLE)) }
        p { a href={ "/communes/" (commune.slug) } { (commune.name) } }
        h1 { (title) }
        p { (lang.t("commitment-page-intro")) }
        @if all.is_empty() {
            p.muted { (lang.t("commitment-page-none")) }
        } @else {
            p { strong { (lang.t_args("commitment-page-overall", &[
                ("count", FluentValue::from(all.len())),
                ("done", FluentValue::from(done)),
                ("total", FluentValue::from(milestones)),
                ("late", FluentValue::from(late)),
            ])) } }
        }
        @for c in &all {
            section.box aria-labelledby={ "c-" (c.key) } {
                h2 id={ "c-" (c.key) } lang=(commune.language()) {
                    a href=(s.app.urls.commitment(&commune.slug, &c.key).path()) { (c.title) }
                }
                p { strong { (lang.t_args("commitment-page-status", &[("status", FluentValue::from(status_label(lang, c)))])) } }
                (scale(lang, c.status))
                p {
                    (period(lang, &place, c))
                    @if !c.lead.is_empty() {
                        " · " (lang.t_args("commitment-page-lead", &[("lead", FluentValue::from(c.lead.as_str()))]))
                    }
                }
                (progress(lang, c, today))
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &title, here.path(), None, body),
    ))
}

/// A commitment's page.
pub fn detail(s: &WebState, lang: Lang, commune: &Commune, c: &Commitment) -> Response {
    let id = s.app.urls.commitment(&commune.slug, &c.key);
    let place = Place::of(commune);
    let today = today_of(commune);
    let content_lang = commune.language();
    let body = html! {
        style { (PreEscaped(STYLE)) }
        p {
            a href={ "/communes/" (commune.slug) } { (commune.name) } " · "
            a href=(s.app.urls.commitments(&commune.slug).path()) { (lang.t("commitment-page-back")) }
        }
        h1 lang=(content_lang) { (c.title) }
        dl.facts {
            dt { (lang.t("commitment-page-status-label")) }
            dd { (status_label(lang, c)) (scale(lang, c.status)) }
            dt { (lang.t("commitment-page-period-label")) }
            dd { (period(lang, &place, c)) }
            @if !c.lead.is_empty() {
                dt { (lang.t("commitment-page-lead-label")) }
                dd lang=(content_lang) { (c.lead) }
            }
            @if !c.partners.is_empty() {
                dt { (lang.t("commitment-page-partners-label")) }
                dd.pre lang=(content_lang) { (c.partners) }
            }
            dt { (lang.t("commitment-page-progress-label")) }
            dd { (progress(lang, c, today)) }
        }
        @if !c.problem.is_empty() {
            h2 { (lang.t("commitment-page-problem")) }
            p.pre lang=(content_lang) { (c.problem) }
        }
        @if !c.description.is_empty() {
            h2 { (lang.t("commitment-page-description")) }
            p.pre lang=(content_lang) { (c.description) }
        }
        h2 #milestones { (lang.t("commitment-page-milestones")) }
        @if c.milestones.is_empty() {
            p.muted { (lang.t("commitment-page-no-milestones")) }
        } @else {
            // A table; on a narrow screen each milestone is a block with its cells' headings
            // written in (the ARIA roles keep it a table for screen readers).
            @let (due, done) = (lang.t("commitment-page-col-due"), lang.t("commitment-page-col-done"));
            table.ms role="table" aria-labelledby="milestones" {
                thead role="rowgroup" { tr role="row" {
                    th scope="col" role="columnheader" { (lang.t("commitment-page-col-milestone")) }
                    th scope="col" role="columnheader" { (due) }
                    th scope="col" role="columnheader" { (done) }
                } }
                tbody role="rowgroup" {
                    @for m in &c.milestones {
                        tr role="row" {
                            th scope="row" role="rowheader" {
                                span lang=(content_lang) { (m.title) }
                                @if m.is_late(today) { br; (late_mark(lang, m, today)) }
                            }
                            td role="cell" data-label=(due) { (place.date(lang, m.due_on)) }
                            td role="cell" data-label=(done) {
                                @match m.done_on {
                                    Some(d) => { span.done { "✓ " } (place.date(lang, d)) },
                                    None => span.muted { (lang.t("commitment-page-not-done")) },
                                }
                                @if let Some(u) = &m.evidence_url {
                                    br;
                                    a href=(u) rel="nofollow noopener" { (lang.t("commitment-page-evidence-link")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (lang.t("commitment-page-notes")) }
        @if c.notes.is_empty() {
            p.muted { (lang.t("commitment-page-no-notes")) }
        }
        @for n in &c.notes {
            article.box {
                h3 { time datetime=(n.written_on.format("%Y-%m-%d")) { (place.date(lang, n.written_on)) } }
                p.pre lang=(content_lang) { (n.text) }
                @if let Some(a) = &n.author {
                    p.muted { (lang.t_args("commitment-page-note-by", &[("author", FluentValue::from(a.as_str()))])) }
                }
            }
        }
    };
    html_response(
        StatusCode::OK,
        layout(lang, &c.title, id.path(), Some(id.as_str()), body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_of_the_pages_is_in_the_catalogs() {
        for lang in Lang::ALL {
            for k in [
                "commitment-page-intro",
                "commitment-page-none",
                "commitment-page-scale",
                "commitment-page-status-label",
                "commitment-page-period-label",
                "commitment-page-lead-label",
                "commitment-page-partners-label",
                "commitment-page-progress-label",
                "commitment-page-problem",
                "commitment-page-description",
                "commitment-page-milestones",
                "commitment-page-no-milestones",
                "commitment-page-col-milestone",
                "commitment-page-col-due",
                "commitment-page-col-done",
                "commitment-page-evidence-link",
                "commitment-page-late",
                "commitment-page-done-late",
                "commitment-page-not-done",
                "commitment-page-notes",
                "commitment-page-no-notes",
                "commitment-page-back",
            ] {
                let t = lang.t(k);
                assert!(
                    !t.is_empty() && !t.contains("commitment-page"),
                    "{lang:?} {k}"
                );
            }
            for (done, total) in [(0usize, 0usize), (1, 1), (2, 5)] {
                let t = lang.t_args(
                    "commitment-page-progress",
                    &[("done", done.into()), ("total", total.into())],
                );
                assert!(!t.contains("commitment-page"), "{lang:?} {t}");
                if total > 0 {
                    assert!(t.contains(&total.to_string()), "{lang:?} {t}");
                }
            }
        }
        assert_eq!(
            Lang::Pt.t_args("commitment-page-status", &[("status", "limitado".into())]),
            "Estado: limitado"
        );
        assert_eq!(late_text(Lang::Fr, 1), "1 jalon en retard");
        assert_eq!(late_text(Lang::Pt, 2), "2 etapas em atraso");
        assert_eq!(late_text(Lang::En, 0), "no late milestone");
    }
}
