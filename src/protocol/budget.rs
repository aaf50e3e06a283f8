//! A year's budget as an `Article`: a summary in the commune's language that a Mastodon reader
//! understands (totals, execution rates, largest items), and the figures themselves under the
//! `palabre:budget` term, typed here once for writing and for reading (`BudgetFigures`), so an
//! observatory computes indicators without parsing prose. The terms are listed in `TERMS` and
//! put in the `@context` from there.

use super::article::{content_html, rfc3339};
use super::urls::Urls;
use super::AS_PUBLIC;
use crate::domain::budget::{Budget, Direction, Line, Rate, Summary, Totals};
use crate::domain::commune::Commune;
use crate::l10n::{format, Lang};
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The `palabre:` terms of `BudgetFigures`, each defined in the `@context` (tests/jsonld.rs
/// expands a budget and fails on an undefined one).
pub const TERMS: &[&str] = &[
    "budget",
    "fiscalYear",
    "situationDate",
    "documents",
    "expenditure",
    "revenue",
    "sections",
    "reports",
    "section",
    "direction",
    "initialForecast",
    "modifications",
    "finalForecast",
    "committed",
    "issued",
    "settled",
    "executed",
    "executionRate",
];

/// The structured figures of a budget, as published and as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BudgetFigures {
    pub fiscal_year: i32,
    /// The date the execution figures are as of.
    pub situation_date: NaiveDate,
    /// ISO 4217; amounts are whole units.
    pub currency: String,
    /// The documents the figures come from (BP, BS, DM, CA).
    pub documents: Vec<String>,
    pub expenditure: Stages,
    pub revenue: Stages,
    pub sections: Vec<SectionStages>,
    /// Every report of the year, oldest first: the year's progress.
    pub reports: Vec<ReportFigures>,
}

/// Sums per stage; `executed` is mandated for expenditure and collected for revenue, and
/// `executionRate` is `executed ÷ finalForecast`. A stage not known (and a rate not applicable
/// or not known) is absent, not null: JSON-LD drops nulls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stages {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_forecast: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifications: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_forecast: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_rate: Option<f64>,
}

impl Stages {
    pub fn of(t: &Totals, direction: Direction) -> Stages {
        Stages {
            initial_forecast: t.initial,
            modifications: t.modifications,
            final_forecast: t.final_forecast,
            committed: t.committed,
            issued: t.issued,
            settled: t.settled,
            executed: t.executed(direction),
            execution_rate: t.rate(direction).value(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionStages {
    pub section: String,
    pub direction: String,
    #[serde(flatten)]
    pub stages: Stages,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportFigures {
    pub situation_date: NaiveDate,
    pub expenditure: Stages,
    pub revenue: Stages,
}

/// One report's lines with its date, as the service reads them.
pub struct Reported<'a> {
    pub situation_on: NaiveDate,
    pub lines: &'a [Line],
}

impl BudgetFigures {
    /// `reports` oldest first; the last one is the budget's current state.
    pub fn of(commune: &Commune, year: i32, reports: &[Reported<'_>]) -> Option<BudgetFigures> {
        let latest = reports.last()?;
        let summary = Summary::of(latest.lines);
        let mut documents: Vec<_> = latest.lines.iter().map(|l| l.document).collect();
        documents.sort();
        documents.dedup();
        let mut sections = Vec::new();
        for side in [&summary.expenditure, &summary.revenue] {
            for (section, totals) in &side.sections {
                sections.push(SectionStages {
                    section: section.code().into(),
                    direction: side.direction.code().into(),
                    stages: Stages::of(totals, side.direction),
                });
            }
        }
        Some(BudgetFigures {
            fiscal_year: year,
            situation_date: latest.situation_on,
            currency: commune.country.currency().into(),
            documents: documents.iter().map(|d| d.code().into()).collect(),
            expenditure: Stages::of(&summary.expenditure.totals, Direction::Expenditure),
            revenue: Stages::of(&summary.revenue.totals, Direction::Revenue),
            sections,
            reports: reports
                .iter()
                .map(|r| {
                    let s = Summary::of(r.lines);
                    ReportFigures {
                        situation_date: r.situation_on,
                        expenditure: Stages::of(&s.expenditure.totals, Direction::Expenditure),
                        revenue: Stages::of(&s.revenue.totals, Direction::Revenue),
                    }
                })
                .collect(),
        })
    }
}

/// The language a commune publishes in, among those we have catalogs for.
pub fn language_of(commune: &Commune) -> Lang {
    Lang::parse(commune.language()).unwrap_or(Lang::Fr)
}

/// A rate as a reader sees it: a percentage, or why there is none.
pub fn rate_text(lang: Lang, commune: &Commune, rate: Rate) -> String {
    match rate.per_mille() {
        Some(pm) => format::percent(lang, commune.country, pm),
        None if rate == Rate::NotApplicable => lang.t("budget-rate-not-applicable"),
        None => lang.t("budget-rate-unknown"),
    }
}

/// The title and summary a Mastodon reader sees, in `lang`.
pub fn texts(
    lang: Lang,
    commune: &Commune,
    year: i32,
    reports: &[Reported<'_>],
) -> (String, String) {
    let title = lang.t_args(
        "budget-title",
        &[
            ("year", FluentValue::from(year)),
            ("commune", FluentValue::from(commune.name.as_str())),
        ],
    );
    let Some(latest) = reports.last() else {
        return (title, String::new());
    };
    let summary = Summary::of(latest.lines);
    let money = |v: Option<i64>| match v {
        Some(v) => format::amount(lang, commune.country, v),
        None => lang.t("budget-rate-unknown"),
    };
    let mut parts = vec![lang.t_args(
        "budget-summary-situation",
        &[(
            "date",
            FluentValue::from(format::date(lang, commune.country, latest.situation_on)),
        )],
    )];
    for (key, side) in [
        ("budget-summary-expenditure", &summary.expenditure),
        ("budget-summary-revenue", &summary.revenue),
    ] {
        parts.push(lang.t_args(
            key,
            &[
                (
                    "executed",
                    FluentValue::from(money(side.totals.executed(side.direction))),
                ),
                (
                    "planned",
                    FluentValue::from(money(side.totals.final_forecast)),
                ),
                (
                    "rate",
                    FluentValue::from(rate_text(lang, commune, side.rate())),
                ),
            ],
        ));
    }
    let largest: Vec<String> = Summary::largest(latest.lines, Direction::Expenditure, 3)
        .into_iter()
        .map(|l| format!("{} ({})", l.label, money(l.amounts.final_forecast())))
        .collect();
    if !largest.is_empty() {
        parts.push(lang.t_args(
            "budget-summary-largest",
            &[("items", FluentValue::from(largest.join(" ; ")))],
        ));
    }
    (title, parts.join(" "))
}

/// The budget's `Article`. `reports` oldest first, as in `BudgetFigures::of`.
pub fn budget_article(
    urls: &Urls,
    commune: &Commune,
    budget: &Budget,
    reports: &[Reported<'_>],
) -> Value {
    let id = urls.budget(&commune.slug, budget.year);
    let lang = language_of(commune);
    let (title, summary) = texts(lang, commune, budget.year, reports);
    let content = content_html(&title, &summary, "", id.as_str());
    let mut article = json!({
        "id": id,
        "type": "Article",
        "attributedTo": urls.commune(&commune.slug),
        "nameMap": {lang.code(): title},
        "summaryMap": {lang.code(): summary},
        "content": content,
        "contentMap": {lang.code(): content},
        "mediaType": "text/html",
        "url": id,
        "published": rfc3339(budget.published_at),
        "to": [AS_PUBLIC],
        "cc": [urls.followers(&commune.slug)],
        "country": commune.country.code(),
    });
    if let Some(figures) = BudgetFigures::of(commune, budget.year, reports) {
        article["budget"] = json!(figures);
    }
    if budget.updated_at > budget.published_at {
        article["updated"] = json!(rfc3339(budget.updated_at));
    }
    article
}
