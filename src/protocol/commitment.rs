//! A commitment of the action plan as an `Article`: a summary in the commune's language (status
//! on the OGP scale, milestones done, period, lead) and the record itself under
//! `palabre:commitment`, typed here once for writing and reading (`CommitmentRecord`).

use super::article::{content_html, rfc3339};
use super::urls::Urls;
use super::AS_PUBLIC;
use crate::domain::commitment::Commitment;
use crate::domain::commune::Commune;
use crate::domain::markdown::escape;
use crate::l10n::{format, Lang};
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The `palabre:` terms of `CommitmentRecord`; the dates are typed `xsd:date` in the context.
pub const TERMS: &[&str] = &[
    "commitment",
    "commitmentStatus",
    "problem",
    "lead",
    "partners",
    "startDate",
    "endDate",
    "milestones",
    "dueDate",
    "doneDate",
    "evidence",
];
pub const DATE_TERMS: &[&str] = &["startDate", "endDate", "dueDate", "doneDate"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneRecord {
    pub name: String,
    pub due_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// The structured commitment, as published and as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentRecord {
    /// `not_started`, `limited`, `substantial` or `completed` (OGP).
    pub commitment_status: String,
    pub problem: String,
    pub lead: String,
    pub partners: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub milestones: Vec<MilestoneRecord>,
}

impl CommitmentRecord {
    pub fn of(c: &Commitment) -> CommitmentRecord {
        CommitmentRecord {
            commitment_status: c.status.as_str().into(),
            problem: c.problem.clone(),
            lead: c.lead.clone(),
            partners: c.partners.clone(),
            start_date: c.starts_on,
            end_date: c.ends_on,
            milestones: c
                .milestones
                .iter()
                .map(|m| MilestoneRecord {
                    name: m.title.clone(),
                    due_date: m.due_on,
                    done_date: m.done_on,
                    evidence: m.evidence_url.clone(),
                })
                .collect(),
        }
    }
}

/// The status as a reader reads it.
pub fn status_label(lang: Lang, c: &Commitment) -> String {
    lang.t(&format!("commitment-status-{}", c.status.as_str()))
}

/// The summary a Mastodon reader sees.
pub fn summary(lang: Lang, commune: &Commune, c: &Commitment) -> String {
    lang.t_args(
        "commitment-summary",
        &[
            ("status", FluentValue::from(status_label(lang, c))),
            ("done", FluentValue::from(c.done())),
            ("total", FluentValue::from(c.milestones.len())),
            (
                "start",
                FluentValue::from(format::date(lang, commune.country, c.starts_on)),
            ),
            (
                "end",
                FluentValue::from(format::date(lang, commune.country, c.ends_on)),
            ),
            ("lead", FluentValue::from(c.lead.as_str())),
        ],
    )
}

pub fn commitment_article(urls: &Urls, commune: &Commune, c: &Commitment) -> Value {
    let id = urls.commitment(&commune.slug, &c.key);
    let lang = super::budget::language_of(commune);
    let title = lang.t_args(
        "commitment-heading",
        &[("title", FluentValue::from(c.title.as_str()))],
    );
    let summary = summary(lang, commune, c);
    let mut body = String::new();
    for text in [&c.problem, &c.description] {
        if !text.is_empty() {
            body.push_str(&format!("<p>{}</p>", escape(text)));
        }
    }
    if !c.milestones.is_empty() {
        body.push_str("<ul>");
        for m in &c.milestones {
            let mark = if m.done_on.is_some() { "✓" } else { "○" };
            body.push_str(&format!(
                "<li>{mark} {} — {}</li>",
                escape(&m.title),
                escape(&format::date(lang, commune.country, m.due_on))
            ));
        }
        body.push_str("</ul>");
    }
    let content = content_html(&title, &summary, &body, id.as_str());
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
        "published": rfc3339(c.published_at),
        "to": [AS_PUBLIC],
        "cc": [urls.followers(&commune.slug)],
        "country": commune.country.code(),
        "commitment": CommitmentRecord::of(c),
    });
    if c.updated_at > c.published_at {
        article["updated"] = json!(rfc3339(c.updated_at));
    }
    article
}
