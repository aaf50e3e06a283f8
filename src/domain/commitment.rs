//! A commune's action plan as OGP Local defines a commitment: the public problem it addresses,
//! who leads it, its period, its milestones (due, done, with evidence) and its completion on
//! the OGP scale, with the staff's dated progress notes. No I/O.

use super::{required_text, Invalid};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

/// OGP's completion scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    NotStarted,
    Limited,
    Substantial,
    Completed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::Limited,
        Status::Substantial,
        Status::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Limited => "limited",
            Status::Substantial => "substantial",
            Status::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Result<Status, Invalid> {
        Status::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| {
                Invalid::new(
                    "status",
                    "must be not_started, limited, substantial or completed",
                )
            })
    }

    /// What the observatory counts as completed (OGP: substantial or complete).
    pub fn counts_as_completed(self) -> bool {
        matches!(self, Status::Substantial | Status::Completed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub id: i32,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// A link to the evidence (a report, a photo, a decision) once done.
    pub evidence_url: Option<String>,
}

impl Milestone {
    /// Late: not done by its due date, or done after it.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        match self.done_on {
            Some(done) => done > self.due_on,
            None => today > self.due_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i32,
    pub written_on: NaiveDate,
    pub text: String,
    pub author: Option<String>,
}

/// A commitment as every layer above the store reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub id: i32,
    pub commune_id: i32,
    pub key: String,
    pub title: String,
    pub problem: String,
    pub description: String,
    pub lead: String,
    pub partners: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: Status,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// By due date.
    pub milestones: Vec<Milestone>,
    /// Newest first.
    pub notes: Vec<Note>,
}

impl Commitment {
    pub fn done(&self) -> usize {
        self.milestones
            .iter()
            .filter(|m| m.done_on.is_some())
            .count()
    }

    pub fn late(&self, today: NaiveDate) -> usize {
        self.milestones.iter().filter(|m| m.is_late(today)).count()
    }
}

/// Longest texts accepted.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 5000;
pub const MAX_MILESTONES: usize = 50;

/// A milestone as sent by the API or the staff's form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: String,
    #[serde(default)]
    pub done_on: Option<String>,
    #[serde(default)]
    pub evidence_url: Option<String>,
}

/// A commitment as sent by the API or the staff's form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentInput {
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub partners: String,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub milestones: Vec<MilestoneInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneDraft {
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub evidence_url: Option<String>,
}

/// A commitment checked: texts within their lengths, the period in order, every milestone due
/// within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentDraft {
    pub title: String,
    pub problem: String,
    pub description: String,
    pub lead: String,
    pub partners: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: Status,
    pub milestones: Vec<MilestoneDraft>,
}

pub fn date(field: &'static str, s: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Invalid::new(field, "must be a date YYYY-MM-DD"))
}

fn optional_text(field: &'static str, s: &str, max: usize) -> Result<String, Invalid> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(s.to_string())
}

/// An evidence link: http(s) only, so no `javascript:` ends up in a page.
pub fn evidence(s: &str) -> Result<Option<String>, Invalid> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let u = url::Url::parse(s).map_err(|_| Invalid::new("evidence_url", "must be a full URL"))?;
    if !matches!(u.scheme(), "http" | "https") || s.len() > 2000 {
        return Err(Invalid::new("evidence_url", "must be an http(s) URL"));
    }
    Ok(Some(u.to_string()))
}

impl MilestoneDraft {
    /// One milestone, checked against its commitment's period.
    pub fn parse(
        m: &MilestoneInput,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    ) -> Result<MilestoneDraft, Invalid> {
        let title = required_text("milestones.title", &m.title, MAX_TITLE)?;
        let due_on = date("milestones.due_on", &m.due_on)?;
        if due_on < starts_on || due_on > ends_on {
            return Err(Invalid::new(
                "milestones.due_on",
                "must fall within the commitment's period",
            ));
        }
        let done_on = match m.done_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(date("milestones.done_on", d)?),
        };
        if done_on.is_some_and(|d| d < starts_on) {
            return Err(Invalid::new(
                "milestones.done_on",
                "must not be before the commitment starts",
            ));
        }
        Ok(MilestoneDraft {
            title,
            due_on,
            done_on,
            evidence_url: evidence(m.evidence_url.as_deref().unwrap_or(""))?,
        })
    }
}

impl CommitmentDraft {
    pub fn parse(input: &CommitmentInput) -> Result<CommitmentDraft, Invalid> {
        let title = required_text("title", &input.title, MAX_TITLE)?;
        let starts_on = date("starts_on", &input.starts_on)?;
        let ends_on = date("ends_on", &input.ends_on)?;
        if ends_on < starts_on {
            return Err(Invalid::new("ends_on", "must not be before the start"));
        }
        if input.milestones.len() > MAX_MILESTONES {
            return Err(Invalid::new(
                "milestones",
                format!("at most {MAX_MILESTONES}"),
            ));
        }
        let mut milestones = input
            .milestones
            .iter()
            .map(|m| MilestoneDraft::parse(m, starts_on, ends_on))
            .collect::<Result<Vec<_>, _>>()?;
        milestones.sort_by_key(|m| m.due_on);
        Ok(CommitmentDraft {
            title,
            problem: optional_text("problem", &input.problem, MAX_TEXT)?,
            description: optional_text("description", &input.description, MAX_TEXT)?,
            lead: optional_text("lead", &input.lead, MAX_TITLE)?,
            partners: optional_text("partners", &input.partners, 1000)?,
            starts_on,
            ends_on,
            status: match input.status.as_deref() {
                None | Some("") => Status::NotStarted,
                Some(s) => Status::parse(s)?,
            },
            milestones,
        })
    }
}

/// A progress note's text.
pub fn note_text(s: &str) -> Result<String, Invalid> {
    required_text("text", s, MAX_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CommitmentInput {
        CommitmentInput {
            title: "Publier les budgets".into(),
            problem: "Les citoyens ne voient pas les comptes".into(),
            description: String::new(),
            lead: "Secrétariat général".into(),
            partners: "AfricTivistes".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
            status: None,
            milestones: vec![
                MilestoneInput {
                    title: "Budget 2026 en ligne".into(),
                    due_on: "2026-06-30".into(),
                    done_on: Some("2026-07-10".into()),
                    evidence_url: Some("https://example.org/budget".into()),
                },
                MilestoneInput {
                    title: "Premier rapport".into(),
                    due_on: "2026-03-31".into(),
                    done_on: None,
                    evidence_url: None,
                },
            ],
        }
    }

    #[test]
    fn a_commitment_and_its_milestones_in_order() {
        let d = CommitmentDraft::parse(&input()).unwrap();
        assert_eq!(d.status, Status::NotStarted);
        assert_eq!(d.milestones[0].title, "Premier rapport");
        assert_eq!(
            d.milestones[1].evidence_url.as_deref(),
            Some("https://example.org/budget")
        );
    }

    #[test]
    fn periods_and_milestones_are_checked() {
        let mut i = input();
        i.ends_on = "2025-12-31".into();
        assert_eq!(CommitmentDraft::parse(&i).unwrap_err().field, "ends_on");
        let mut i = input();
        i.milestones[0].due_on = "2027-01-15".into();
        assert_eq!(
            CommitmentDraft::parse(&i).unwrap_err().field,
            "milestones.due_on"
        );
        let mut i = input();
        i.milestones[0].evidence_url = Some("javascript:alert(1)".into());
        assert_eq!(
            CommitmentDraft::parse(&i).unwrap_err().field,
            "evidence_url"
        );
        let mut i = input();
        i.status = Some("done".into());
        assert_eq!(CommitmentDraft::parse(&i).unwrap_err().field, "status");
    }

    #[test]
    fn late_milestones() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = Milestone {
            id: 1,
            title: "x".into(),
            due_on: d("2026-03-31"),
            done_on: None,
            evidence_url: None,
        };
        assert!(!m.is_late(d("2026-03-31")));
        assert!(m.is_late(d("2026-04-01")));
        let done_late = Milestone {
            done_on: Some(d("2026-04-02")),
            ..m.clone()
        };
        assert!(done_late.is_late(d("2026-04-03")));
        let on_time = Milestone {
            done_on: Some(d("2026-03-30")),
            ..m
        };
        assert!(!on_time.is_late(d("2027-01-01")));
    }
}
