//! A commune's budgets, for citizens on cheap phones: the list of years (with a year-over-year
//! chart when there are several), a year's page (totals, execution rates, sections, chapters,
//! the year's progress) and a chapter's lines (the same URL with `?sens=…&section=…&chapitre=…`,
//! which keeps the year page small whatever the number of lines). Charts are SVG drawn on the
//! server, each followed by a table with the same numbers; no JavaScript, a few KB per page.

use super::{html_response, layout, PageError};
use crate::domain::budget::{reference_lines, Direction, Document, Line, Rate, Section, Summary};
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
use maud::{html, Markup, PreEscaped};

/// What the budget pages add to the layout's stylesheet: figures aligned to the right.
const STYLE: &str = ".n{text-align:right;white-space:nowrap}";
/// Planned (final forecast) and executed bars: both at least 3:1 against white, told apart by
/// the text above each bar as well as by colour.
const PLANNED: &str = "#5b7394";
const EXECUTED: &str = "#1e7b34";
/// The progress chart's two series: expenditure mandated, revenue collected.
const SPENT: &str = "#9c4a00";
const COLLECTED: &str = "#0b5394";

/// An amount that may not be known yet.
fn money(lang: Lang, place: &Place, v: Option<i64>) -> String {
    match v {
        Some(v) => place.amount(lang, v),
        None => lang.t("budget-not-known-mark"),
    }
}

fn direction_name(lang: Lang, d: Direction) -> String {
    lang.t(&format!("budget-direction-{}", d.code()))
}

fn section_name(lang: Lang, s: Section) -> String {
    lang.t(&format!("budget-section-{}", s.code()))
}

fn document_name(lang: Lang, d: Document) -> String {
    lang.t(&format!(
        "budget-document-{}",
        d.code().to_ascii_lowercase()
    ))
}

/// "Mandaté" or "Recouvré": what counts as executed in this direction.
fn executed_heading(lang: Lang, d: Direction) -> String {
    lang.t(&format!("budget-col-executed-{}", d.code()))
}

/// "Expenditure, operating" as one phrase (heading or part of a title).
fn side_kind(d: Direction, s: Section) -> FluentValue<'static> {
    FluentValue::from(format!("{}-{}", d.code(), s.code()))
}

/// One bar of a chart: the catalog key of its caption (which takes `$amount`), its value.
struct Bar {
    key: &'static str,
    value: Option<i64>,
    fill: &'static str,
}

/// A group of bars under a caption (a section, a year, a situation date).
struct Group {
    label: String,
    bars: Vec<Bar>,
}

/// Horizontal grouped bars scaled to the largest value, drawn for a 320 px screen: each bar has
/// its caption and amount written above it in dark text on white, so it reads without colour
/// and whatever the bar's length. An unknown amount has no bar. `aria` names the chart; the
/// table that follows it carries the same numbers.
fn bars(lang: Lang, place: &Place, aria: &str, groups: &[Group]) -> Markup {
    const WIDTH: i64 = 320;
    const HEAD: i64 = 22;
    const CAPTION: i64 = 17;
    const BAR: i64 = 12;
    const AFTER_BAR: i64 = 7;
    const AFTER_GROUP: i64 = 8;
    let max = groups
        .iter()
        .flat_map(|g| g.bars.iter())
        .filter_map(|b| b.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = |v: i64| -> i64 {
        if v <= 0 {
            return 0;
        }
        ((v as i128 * WIDTH as i128) / max as i128).clamp(1, WIDTH as i128) as i64
    };
    let per_bar = CAPTION + BAR + AFTER_BAR;
    let mut tops = Vec::with_capacity(groups.len());
    let mut y = 0;
    for g in groups {
        tops.push(y);
        y += HEAD + per_bar * g.bars.len() as i64 + AFTER_GROUP;
    }
    let height = y.max(1);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) } width="100%" style="max-width:30rem" role="img" aria-label=(aria) {
            @for (g, top) in groups.iter().zip(&tops) {
                text x="0" y=(top + 16) font-size="15" font-weight="bold" fill="#1a1a1a" { (g.label) }
                @for (i, b) in g.bars.iter().enumerate() {
                    @let y = top + HEAD + per_bar * i as i64;
                    text x="0" y=(y + 13) font-size="13" fill="#1a1a1a" {
                        (lang.t_args(b.key, &[("amount", money(lang, place, b.value).into())]))
                    }
                    @if let Some(v) = b.value {
                        rect x="0" y=(y + CAPTION) width=(width(v)) height=(BAR) fill=(b.fill) {}
                    }
                }
            }
        }
    }
}

fn executed_bar_key(d: Direction) -> &'static str {
    match d {
        Direction::Expenditure => "budget-chart-mandated",
        Direction::Revenue => "budget-chart-collected",
    }
}

fn planned_and_executed(d: Direction, planned: Option<i64>, executed: Option<i64>) -> Vec<Bar> {
    vec![
        Bar {
            key: "budget-chart-planned",
            value: planned,
            fill: PLANNED,
        },
        Bar {
            key: executed_bar_key(d),
            value: executed,
            fill: EXECUTED,
        },
    ]
}

/// The two directions' final forecast, executed amount and rate, one row each.
fn totals_table(lang: Lang, place: &Place, commune: &Commune, summary: &Summary) -> Markup {
    html! {
        table {
            thead { tr {
                td {}
                th scope="col" { (lang.t("budget-col-planned")) }
                th scope="col" { (lang.t("budget-col-executed")) }
                th scope="col" { (lang.t("budget-col-rate")) }
            } }
            tbody {
                @for d in [Direction::Expenditure, Direction::Revenue] {
                    @let side = summary.side(d);
                    tr {
                        th scope="row" { (direction_name(lang, d)) }
                        td.n { (money(lang, place, side.totals.final_forecast)) }
                        td.n { (money(lang, place, side.totals.executed(d))) }
                        td.n { (rate_text(lang, commune, side.rate())) }
                    }
                }
            }
        }
    }
}

/// `GET /communes/{slug}/budgets`.
pub async fn index(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let commune = communes::get(&s.app, &slug).await?;
    let mut years = budgets::list(&s.app, &commune).await?;
    years.sort_by_key(|b| std::cmp::Reverse(b.year));
    // Latest year first, each with the summary of its latest report.
    let mut shown = Vec::with_capacity(years.len());
    for b in &years {
        if let Some(view) = budgets::view(&s.app, &commune, b.year).await? {
            let situation = view.reports.last().map(|(r, _)| r.situation_on);
            shown.push((b.year, situation, Summary::of(&view.lines())));
        }
    }
    let place = Place::of(&commune);
    let here = s.app.urls.budgets(&commune.slug);
    let title = lang.t_args(
        "budgets-page-title",
        &[("commune", FluentValue::from(commune.name.as_str()))],
    );
    let chronological: Vec<_> = shown.iter().rev().collect();
    let body = html! {
        style { (PreEscaped(STYLE)) }
        p { a href=(s.app.urls.commune(&commune.slug).path()) { (commune.name) } " › " (lang.t("budgets-title")) }
        h1 { (title) }
        @if shown.is_empty() {
            p { (lang.t("budgets-none")) }
        }
        @for (year, situation, summary) in &shown {
            section aria-labelledby={ "y" (year) } {
                h2 #{ "y" (year) } {
                    a href=(s.app.urls.budget(&commune.slug, *year).path()) {
                        (lang.t_args("budgets-year", &[("year", FluentValue::from(*year))]))
                    }
                }
                @if let Some(d) = situation {
                    p { (lang.t_args("budget-summary-situation", &[("date", place.date(lang, *d).into())])) }
                }
                (totals_table(lang, &place, &commune, summary))
            }
        }
        @if !shown.is_empty() {
            p.muted { (lang.t("budget-rates-explained")) }
        }
        @if shown.len() > 1 {
            h2 { (lang.t("budgets-compare")) }
            @for d in [Direction::Expenditure, Direction::Revenue] {
                @let groups: Vec<Group> = chronological.iter().map(|(year, _, summary)| {
                    let t = &summary.side(d).totals;
                    Group {
                        label: lang.t_args("budgets-year", &[("year", FluentValue::from(*year))]),
                        bars: planned_and_executed(d, t.final_forecast, t.executed(d)),
                    }
                }).collect();
                h3 { (direction_name(lang, d)) }
                (bars(lang, &place, &lang.t_args("budgets-compare-chart", &[("direction", direction_name(lang, d).into())]), &groups))
            }
            table {
                thead { tr {
                    th scope="col" { (lang.t("budget-col-year")) }
                    th scope="col" { (lang.t("budget-col-expenditure-planned")) }
                    th scope="col" { (lang.t("budget-col-expenditure-executed")) }
                    th scope="col" { (lang.t("budget-col-revenue-planned")) }
                    th scope="col" { (lang.t("budget-col-revenue-executed")) }
                } }
                tbody {
                    @for (year, _, summary) in &chronological {
                        tr {
                            th scope="row" { (year) }
                            td.n { (money(lang, &place, summary.expenditure.totals.final_forecast)) }
                            td.n { (money(lang, &place, summary.expenditure.totals.executed(Direction::Expenditure))) }
                            td.n { (money(lang, &place, summary.revenue.totals.final_forecast)) }
                            td.n { (money(lang, &place, summary.revenue.totals.executed(Direction::Revenue))) }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        layout(lang, &title, here.path(), None, body),
    ))
}

/// What the query of a year's URL asks for.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    /// The year page.
    Year,
    /// One chapter's lines.
    Chapter(Direction, Section, String),
    /// A chapter asked for with a value we do not know: the year page, saying so.
    Unknown,
}

fn wanted(query: Option<&str>) -> Wanted {
    let (mut sens, mut section, mut chapter) = (None, None, None);
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "sens" => sens = Some(v.into_owned()),
            "section" => section = Some(v.into_owned()),
            "chapitre" => chapter = Some(v.trim().to_string()),
            _ => {}
        }
    }
    if sens.is_none() && section.is_none() && chapter.is_none() {
        return Wanted::Year;
    }
    match (
        sens.as_deref().and_then(Direction::parse),
        section.as_deref().and_then(Section::parse),
        chapter,
    ) {
        (Some(d), Some(s), Some(c)) if !c.is_empty() => Wanted::Chapter(d, s, c),
        _ => Wanted::Unknown,
    }
}

/// The query that names a chapter, for its link and for the language switcher.
fn chapter_query(d: Direction, s: Section, chapter: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sens", d.code())
        .append_pair("section", s.code())
        .append_pair("chapitre", chapter)
        .finish()
}

/// A year's page, or one chapter's lines when the query names a chapter of the year.
pub async fn year(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    view: &BudgetView,
    query: Option<&str>,
) -> Response {
    let lines = view.lines();
    let summary = Summary::of(&lines);
    let id = s.app.urls.budget(&commune.slug, view.budget.year);
    let budget_title = lang.t_args(
        "budget-title",
        &[
            ("year", FluentValue::from(view.budget.year)),
            ("commune", FluentValue::from(commune.name.as_str())),
        ],
    );
    let wanted = wanted(query);
    if let Wanted::Chapter(d, sec, code) = &wanted {
        let found = summary
            .side(*d)
            .chapters
            .iter()
            .any(|(cs, c)| cs == sec && &c.code == code);
        if found {
            return chapter_page(
                s,
                lang,
                commune,
                view,
                &lines,
                (*d, *sec, code),
                &budget_title,
            );
        }
    }
    let unknown = wanted != Wanted::Year;
    let body = year_body(
        s,
        lang,
        commune,
        view,
        &lines,
        &summary,
        &budget_title,
        unknown,
    );
    html_response(
        StatusCode::OK,
        layout(lang, &budget_title, id.path(), Some(id.as_str()), body),
    )
}

#[allow(clippy::too_many_arguments)]
fn year_body(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    view: &BudgetView,
    lines: &[Line],
    summary: &Summary,
    budget_title: &str,
    unknown_chapter: bool,
) -> Markup {
    let place = Place::of(commune);
    let id = s.app.urls.budget(&commune.slug, view.budget.year);
    let content_lang = commune.language();
    let mut documents: Vec<Document> = reference_lines(lines).map(|l| l.document).collect();
    documents.sort();
    documents.dedup();
    let documents = documents
        .into_iter()
        .map(|d| document_name(lang, d))
        .collect::<Vec<_>>()
        .join(&lang.t("budget-list-separator"));
    let situation = view.reports.last().map(|(r, _)| r.situation_on);
    let sets = if view.reports.len() > 1 {
        view.line_sets()
    } else {
        Vec::new()
    };
    let progress: Vec<_> = sets
        .iter()
        .map(|(date, l)| (*date, Summary::of(l)))
        .collect();
    html! {
        style { (PreEscaped(STYLE)) }
        p {
            a href=(s.app.urls.commune(&commune.slug).path()) { (commune.name) } " › "
            a href=(s.app.urls.budgets(&commune.slug).path()) { (lang.t("budgets-title")) }
        }
        h1 { (budget_title) }
        @if unknown_chapter {
            p.flash role="status" { (lang.t("budget-chapter-unknown")) }
        }
        @if let Some(d) = situation {
            p { (lang.t_args("budget-page-situation", &[("date", place.date(lang, d).into()), ("documents", documents.into())])) }
        }
        h2 { (lang.t("budget-overview")) }
        (totals_table(lang, &place, commune, summary))
        p.muted { (lang.t("budget-rates-explained")) }

        h2 { (lang.t("budget-by-section")) }
        @for d in [Direction::Expenditure, Direction::Revenue] {
            @let side = summary.side(d);
            h3 { (direction_name(lang, d)) }
            @if side.sections.is_empty() {
                p { (lang.t("budget-no-lines")) }
            } @else {
                @let groups: Vec<Group> = side.sections.iter().map(|(sec, t)| Group {
                    label: section_name(lang, *sec),
                    bars: planned_and_executed(d, t.final_forecast, t.executed(d)),
                }).collect();
                (bars(lang, &place, &lang.t_args("budget-section-chart", &[("direction", direction_name(lang, d).into())]), &groups))
                table {
                    thead { tr {
                        th scope="col" { (lang.t("budget-col-section")) }
                        th scope="col" { (lang.t("budget-col-planned")) }
                        th scope="col" { (executed_heading(lang, d)) }
                        th scope="col" { (lang.t("budget-col-rate")) }
                    } }
                    tbody {
                        @for (sec, t) in &side.sections {
                            tr {
                                th scope="row" { (section_name(lang, *sec)) }
                                td.n { (money(lang, &place, t.final_forecast)) }
                                td.n { (money(lang, &place, t.executed(d))) }
                                td.n { (rate_text(lang, commune, t.rate(d))) }
                            }
                        }
                    }
                }
            }
        }

        h2 { (lang.t("budget-by-chapter")) }
        p.muted { (lang.t("budget-chapters-explained")) }
        @for d in [Direction::Expenditure, Direction::Revenue] {
            @let side = summary.side(d);
            @for (sec, _) in &side.sections {
                h3 { (lang.t_args("budget-side-heading", &[("kind", side_kind(d, *sec))])) }
                table {
                    thead { tr {
                        th scope="col" { (lang.t("budget-col-chapter")) }
                        th scope="col" { (lang.t("budget-col-label")) }
                        th scope="col" { (lang.t("budget-col-planned")) }
                        th scope="col" { (executed_heading(lang, d)) }
                        th scope="col" { (lang.t("budget-col-rate")) }
                    } }
                    tbody {
                        @for (_, c) in side.chapters.iter().filter(|(cs, _)| cs == sec) {
                            tr {
                                th scope="row" { (c.code) }
                                td lang=(content_lang) { a href={ (id.path()) "?" (chapter_query(d, *sec, &c.code)) } { (c.first_label) } }
                                td.n { (money(lang, &place, c.totals.final_forecast)) }
                                td.n { (money(lang, &place, c.totals.executed(d))) }
                                td.n { (rate_text(lang, commune, c.totals.rate(d))) }
                            }
                        }
                    }
                }
            }
        }

        @if progress.len() > 1 {
            h2 { (lang.t("budget-progress")) }
            @let groups: Vec<Group> = progress.iter().map(|(date, sm)| Group {
                label: place.date(lang, *date),
                bars: vec![
                    Bar { key: "budget-chart-expenditure", value: sm.expenditure.totals.executed(Direction::Expenditure), fill: SPENT },
                    Bar { key: "budget-chart-revenue", value: sm.revenue.totals.executed(Direction::Revenue), fill: COLLECTED },
                ],
            }).collect();
            (bars(lang, &place, &lang.t("budget-progress-chart"), &groups))
            table {
                thead { tr {
                    th scope="col" { (lang.t("budget-col-situation")) }
                    th scope="col" { (lang.t("budget-col-expenditure-executed")) }
                    th scope="col" { (lang.t("budget-col-rate")) }
                    th scope="col" { (lang.t("budget-col-revenue-executed")) }
                    th scope="col" { (lang.t("budget-col-rate")) }
                } }
                tbody {
                    @for (date, sm) in &progress {
                        tr {
                            th scope="row" { (place.date(lang, *date)) }
                            td.n { (money(lang, &place, sm.expenditure.totals.executed(Direction::Expenditure))) }
                            td.n { (rate_text(lang, commune, sm.expenditure.rate())) }
                            td.n { (money(lang, &place, sm.revenue.totals.executed(Direction::Revenue))) }
                            td.n { (rate_text(lang, commune, sm.revenue.rate())) }
                        }
                    }
                }
            }
        }
        p { a href={ "/api/v1/communes/" (commune.slug) "/budgets/" (view.budget.year) } type="application/json" { (lang.t("budget-data-json")) } }
    }
}

/// One chapter's lines: planned against executed, line by line, with the chapter's totals.
fn chapter_page(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    view: &BudgetView,
    lines: &[Line],
    (d, sec, code): (Direction, Section, &str),
    budget_title: &str,
) -> Response {
    let place = Place::of(commune);
    let id = s.app.urls.budget(&commune.slug, view.budget.year);
    let content_lang = commune.language();
    let mut rows: Vec<&Line> = reference_lines(lines)
        .filter(|l| l.direction == d && l.section == sec && l.codes.chapter == code)
        .collect();
    rows.sort_by(|a, b| (&a.codes, a.document).cmp(&(&b.codes, b.document)));
    let mut totals = crate::domain::budget::Totals::default();
    for l in &rows {
        totals.add(&l.amounts);
    }
    let title = lang.t_args(
        "budget-chapter-title",
        &[
            ("chapter", FluentValue::from(code.to_string())),
            ("kind", side_kind(d, sec)),
        ],
    );
    let situation = view.reports.last().map(|(r, _)| r.situation_on);
    let query = chapter_query(d, sec, code);
    let here = format!("{}?{}", id.path(), query);
    let mut documents: Vec<Document> = rows.iter().map(|l| l.document).collect();
    documents.sort();
    documents.dedup();
    let body = html! {
        style { (PreEscaped(STYLE)) }
        p {
            a href=(s.app.urls.commune(&commune.slug).path()) { (commune.name) } " › "
            a href=(s.app.urls.budgets(&commune.slug).path()) { (lang.t("budgets-title")) } " › "
            a href=(id.path()) { (lang.t_args("budgets-year", &[("year", FluentValue::from(view.budget.year))])) }
        }
        h1 { (title) }
        p { (budget_title) }
        @if let Some(date) = situation {
            p { (lang.t_args("budget-summary-situation", &[("date", place.date(lang, date).into())])) }
        }
        p { (lang.t_args("budget-chapter-lines", &[("count", FluentValue::from(rows.len()))])) " "
            (lang.t_args("budget-chapter-rate", &[("rate", rate_text(lang, commune, totals.rate(d)).into())])) }
        table {
            thead { tr {
                th scope="col" { (lang.t("budget-col-code")) }
                th scope="col" { (lang.t("budget-col-label")) }
                th scope="col" { (lang.t("budget-col-document")) }
                th scope="col" { (lang.t("budget-col-source")) }
                th scope="col" { (lang.t("budget-col-initial")) }
                th scope="col" { (lang.t("budget-col-modifications")) }
                th scope="col" { (lang.t("budget-col-planned")) }
                th scope="col" { (lang.t("budget-col-committed")) }
                th scope="col" { (lang.t(&format!("budget-col-issued-{}", d.code()))) }
                th scope="col" { (lang.t(&format!("budget-col-settled-{}", d.code()))) }
                th scope="col" { (lang.t("budget-col-rate")) }
            } }
            tbody {
                @for l in &rows {
                    @let a = &l.amounts;
                    tr {
                        th scope="row" { (l.codes.most_precise()) }
                        td lang=(content_lang) { (l.label) }
                        td { abbr title=(document_name(lang, l.document)) { (l.document.code()) } }
                        td lang=(content_lang) { (l.source) }
                        td.n { (money(lang, &place, a.initial)) }
                        td.n { (money(lang, &place, a.modifications)) }
                        td.n { (money(lang, &place, a.final_forecast())) }
                        td.n { (money(lang, &place, a.committed)) }
                        td.n { (money(lang, &place, a.issued)) }
                        td.n { (money(lang, &place, a.settled)) }
                        td.n { (rate_text(lang, commune, Rate::of(a.executed(d), a.final_forecast()))) }
                    }
                }
            }
            tfoot { tr {
                th scope="row" colspan="4" { (lang.t("budget-chapter-total")) }
                td.n { (money(lang, &place, totals.initial)) }
                td.n { (money(lang, &place, totals.modifications)) }
                td.n { (money(lang, &place, totals.final_forecast)) }
                td.n { (money(lang, &place, totals.committed)) }
                td.n { (money(lang, &place, totals.issued)) }
                td.n { (money(lang, &place, totals.settled)) }
                td.n { (rate_text(lang, commune, totals.rate(d))) }
            } }
        }
        p.muted {
            (lang.t("budget-not-known-legend")) " "
            @for doc in &documents {
                (lang.t_args("budget-document-legend", &[("code", doc.code().into()), ("name", document_name(lang, *doc).into())])) " "
            }
            (lang.t(&format!("budget-rate-explained-{}", d.code())))
        }
        p { a href=(id.path()) { (lang.t_args("budget-back-to-year", &[("year", FluentValue::from(view.budget.year))])) } }
    };
    let page_title = lang.t_args(
        "budget-chapter-page-title",
        &[
            ("chapter", FluentValue::from(title.as_str())),
            ("budget", FluentValue::from(budget_title)),
        ],
    );
    html_response(
        StatusCode::OK,
        layout(lang, &page_title, &here, Some(id.as_str()), body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_a_chapter_or_falls_back_to_the_year() {
        assert_eq!(wanted(None), Wanted::Year);
        assert_eq!(wanted(Some("lang=pt")), Wanted::Year);
        assert_eq!(
            wanted(Some(
                "sens=depense&section=fonctionnement&chapitre=60&lang=fr"
            )),
            Wanted::Chapter(Direction::Expenditure, Section::Operating, "60".into())
        );
        assert_eq!(
            wanted(Some("sens=d%C3%A9pense&section=investissement&chapitre=21")),
            Wanted::Chapter(Direction::Expenditure, Section::Investment, "21".into())
        );
        assert_eq!(
            wanted(Some("sens=autre&section=fonctionnement&chapitre=60")),
            Wanted::Unknown
        );
        assert_eq!(wanted(Some("chapitre=")), Wanted::Unknown);
        assert_eq!(
            wanted(Some("sens=recette&section=%FF&chapitre=7")),
            Wanted::Unknown
        );
        let q = chapter_query(Direction::Revenue, Section::Operating, "7A&b");
        assert_eq!(
            wanted(Some(&q)),
            Wanted::Chapter(Direction::Revenue, Section::Operating, "7A&b".into())
        );
    }
}
