//! Consultations: a question the commune puts to citizens, answered from the fediverse (as a
//! Mastodon poll), with a voting code, or on paper at a polling place. The rules here decide
//! what a valid consultation is and how its votes add up; nothing here does I/O.

use super::{required_text, Invalid};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// Mastodon's limit on a poll option's length (`PollValidator::MAX_OPTION_CHARS`).
pub const MAX_OPTION_CHARS: usize = 50;
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// How a vote reached the commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A `Create{Note}` from a fediverse account, as Mastodon sends a poll vote.
    Fediverse,
    /// A voting code printed on a slip, entered on the public page.
    Codes,
    /// Ballots counted at a polling place, entered by staff as counts.
    Paper,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Fediverse, Channel::Codes, Channel::Paper];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Fediverse => "fediverse",
            Channel::Codes => "codes",
            Channel::Paper => "paper",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == value.trim())
            .ok_or_else(|| Invalid::new("channels", "must be among fediverse, codes, paper"))
    }
}

/// When the counts are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultsShown {
    WhileOpen,
    AfterClosing,
}

impl ResultsShown {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultsShown::WhileOpen => "while_open",
            ResultsShown::AfterClosing => "after_closing",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        match value.trim() {
            "while_open" => Ok(ResultsShown::WhileOpen),
            "after_closing" => Ok(ResultsShown::AfterClosing),
            _ => Err(Invalid::new(
                "results",
                "must be while_open or after_closing",
            )),
        }
    }
}

/// A consultation as the API, a form or the CLI sends it, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationInput {
    pub title: Option<String>,
    pub question: Option<String>,
    pub description: Option<String>,
    pub options: Option<Vec<String>>,
    pub multiple: Option<bool>,
    /// RFC 3339; now when absent.
    pub opens_at: Option<String>,
    /// RFC 3339.
    pub closes_at: Option<String>,
    pub channels: Option<Vec<String>>,
    pub results: Option<String>,
    pub language: Option<String>,
}

/// A valid consultation. Only `ConsultationDraft::parse` builds one.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationDraft {
    pub title: String,
    pub question: String,
    pub description: String,
    pub options: Vec<String>,
    pub multiple: bool,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub channels: Vec<Channel>,
    pub results: ResultsShown,
    pub language: String,
}

fn instant(field: &'static str, value: &str) -> Result<NaiveDateTime, Invalid> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .map_err(|_| {
            Invalid::new(
                field,
                "must be a date and time as RFC 3339 (2027-01-31T18:00:00Z)",
            )
        })
}

/// The options as Mastodon will show them: trimmed, 1 to 50 characters, none twice (letter
/// case aside, since a reader could not tell them apart).
pub fn parse_options(given: &[String]) -> Result<Vec<String>, Invalid> {
    if given.len() < MIN_OPTIONS || given.len() > MAX_OPTIONS {
        return Err(Invalid::new(
            "options",
            format!("must be {MIN_OPTIONS} to {MAX_OPTIONS} choices"),
        ));
    }
    let mut options: Vec<String> = Vec::with_capacity(given.len());
    for o in given {
        let o = required_text("options", o, MAX_OPTION_CHARS)?;
        if options.iter().any(|p| p.to_lowercase() == o.to_lowercase()) {
            return Err(Invalid::new("options", format!("\"{o}\" is given twice")));
        }
        options.push(o);
    }
    Ok(options)
}

impl ConsultationDraft {
    /// `now` is when the request arrived: a consultation cannot close in the past.
    pub fn parse(input: &ConsultationInput, now: NaiveDateTime) -> Result<Self, Invalid> {
        let title = required_text("title", input.title.as_deref().unwrap_or(""), 200)?;
        let question = required_text("question", input.question.as_deref().unwrap_or(""), 500)?;
        let description = input.description.clone().unwrap_or_default();
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(Invalid::new(
                "description",
                format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
            ));
        }
        let options = parse_options(input.options.as_deref().unwrap_or(&[]))?;
        let opens_at = match input.opens_at.as_deref().map(str::trim) {
            None | Some("") => now,
            Some(t) => instant("opens_at", t)?,
        };
        let closes_at = instant("closes_at", input.closes_at.as_deref().unwrap_or(""))?;
        if closes_at <= opens_at {
            return Err(Invalid::new("closes_at", "must be after the opening"));
        }
        if closes_at <= now {
            return Err(Invalid::new("closes_at", "must be in the future"));
        }
        let channels = match &input.channels {
            None => Channel::ALL.to_vec(),
            Some(given) => {
                let mut channels = Vec::new();
                for c in given {
                    let c = Channel::parse(c)?;
                    if !channels.contains(&c) {
                        channels.push(c);
                    }
                }
                if channels.is_empty() {
                    return Err(Invalid::new("channels", "at least one channel"));
                }
                channels
            }
        };
        let results = match input.results.as_deref() {
            None => ResultsShown::WhileOpen,
            Some(r) => ResultsShown::parse(r)?,
        };
        let language = match input.language.as_deref().map(str::trim) {
            None | Some("") => "fr".to_string(),
            Some(l) if super::commune::LANGUAGES.contains(&l) => l.to_string(),
            Some(_) => return Err(Invalid::new("language", "unknown language code")),
        };
        Ok(ConsultationDraft {
            title,
            question,
            description,
            options,
            multiple: input.multiple.unwrap_or(false),
            opens_at,
            closes_at,
            channels,
            results,
            language,
        })
    }
}

/// A consultation as every layer above the store reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Consultation {
    pub id: i32,
    pub commune_id: i32,
    pub key: String,
    pub title: String,
    pub question: String,
    pub description_markdown: String,
    pub description_html: String,
    /// In their order, each with its stable id.
    pub options: Vec<ConsultationOption>,
    pub multiple: bool,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub channels: Vec<Channel>,
    pub results: ResultsShown,
    pub language: String,
    /// When its `Create{Question}` was queued; None until it opens.
    pub published_at: Option<NaiveDateTime>,
    /// When its final `Update{Question}` was queued; None until it closes.
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationOption {
    pub id: i32,
    pub position: i32,
    pub name: String,
}

/// Where a consultation stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Scheduled,
    Open,
    Closed,
}

impl Consultation {
    pub fn phase(&self, now: NaiveDateTime) -> Phase {
        if now < self.opens_at {
            Phase::Scheduled
        } else if now < self.closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }

    pub fn accepts(&self, channel: Channel) -> bool {
        self.channels.contains(&channel)
    }

    /// The option a fediverse vote names, matched as Mastodon matches it: the exact title.
    pub fn option_named(&self, name: &str) -> Option<&ConsultationOption> {
        self.options.iter().find(|o| o.name == name)
    }

    /// Whether the counts may be shown now.
    pub fn results_public(&self, now: NaiveDateTime) -> bool {
        self.results == ResultsShown::WhileOpen || self.phase(now) == Phase::Closed
    }
}

/// Counts of one option, by channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChannelCounts {
    pub fediverse: u64,
    pub codes: u64,
    pub paper: u64,
}

impl ChannelCounts {
    pub fn total(&self) -> u64 {
        self.fediverse + self.codes + self.paper
    }

    pub fn add(&mut self, channel: Channel, n: u64) {
        match channel {
            Channel::Fediverse => self.fediverse += n,
            Channel::Codes => self.codes += n,
            Channel::Paper => self.paper += n,
        }
    }
}

/// A consultation's results: per option and channel, and the number of voters per channel
/// (which differs from the votes in a multiple-choice consultation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub options: Vec<(ConsultationOption, ChannelCounts)>,
    pub voters: ChannelCounts,
}

/// What the store counted for one option and channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub option_id: i32,
    pub channel: Channel,
    pub votes: u64,
}

impl Tally {
    /// Adds up the stored counts. Paper ballots are entered as counts per option, so their
    /// voters are the ballots of the option most voted on paper for a multiple-choice
    /// consultation (a lower bound) and the sum for a single choice.
    pub fn of(consultation: &Consultation, counted: &[Counted], voters: ChannelCounts) -> Self {
        let mut options: Vec<(ConsultationOption, ChannelCounts)> = consultation
            .options
            .iter()
            .map(|o| (o.clone(), ChannelCounts::default()))
            .collect();
        for c in counted {
            if let Some((_, counts)) = options.iter_mut().find(|(o, _)| o.id == c.option_id) {
                counts.add(c.channel, c.votes);
            }
        }
        let mut voters = voters;
        let paper: Vec<u64> = options.iter().map(|(_, c)| c.paper).collect();
        voters.paper = if consultation.multiple {
            paper.iter().copied().max().unwrap_or(0)
        } else {
            paper.iter().sum()
        };
        Tally { options, voters }
    }

    pub fn votes(&self) -> ChannelCounts {
        let mut all = ChannelCounts::default();
        for (_, c) in &self.options {
            all.fediverse += c.fediverse;
            all.codes += c.codes;
            all.paper += c.paper;
        }
        all
    }

    /// Voters per 1,000 inhabitants, when the population is known.
    pub fn per_thousand(&self, population: Option<i64>) -> Option<f64> {
        population
            .filter(|p| *p > 0)
            .map(|p| self.voters.total() as f64 * 1000.0 / p as f64)
    }
}

/// One change of a polling place's paper count: kept, so that a correction shows who made it,
/// when, and what it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperChange {
    pub option_id: i32,
    pub place: String,
    /// None for the first entry.
    pub before: Option<i32>,
    pub after: i32,
    pub note: String,
    pub by: String,
    pub at: NaiveDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 1, 10)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("time")
    }

    fn input() -> ConsultationInput {
        ConsultationInput {
            title: Some("Marché central".into()),
            question: Some("Où installer le nouveau marché ?".into()),
            options: Some(vec!["Keur Massar".into(), "Centre-ville".into()]),
            closes_at: Some("2027-01-20T18:00:00Z".into()),
            ..ConsultationInput::default()
        }
    }

    #[test]
    fn a_minimal_consultation_opens_now_on_every_channel() {
        let d = ConsultationDraft::parse(&input(), at(9)).expect("valid");
        assert_eq!(d.opens_at, at(9));
        assert_eq!(d.channels, Channel::ALL);
        assert_eq!(d.results, ResultsShown::WhileOpen);
        assert!(!d.multiple);
        assert_eq!(d.language, "fr");
    }

    #[test]
    fn bad_input_names_its_field() {
        let long = "x".repeat(MAX_OPTION_CHARS + 1);
        let cases: Vec<(ConsultationInput, &str)> = vec![
            (
                ConsultationInput {
                    options: Some(vec!["Seul".into()]),
                    ..input()
                },
                "options",
            ),
            (
                ConsultationInput {
                    options: Some((0..21).map(|i| format!("choix {i}")).collect()),
                    ..input()
                },
                "options",
            ),
            (
                ConsultationInput {
                    options: Some(vec!["Oui".into(), " ".into()]),
                    ..input()
                },
                "options",
            ),
            (
                ConsultationInput {
                    options: Some(vec!["Oui".into(), "oui ".into()]),
                    ..input()
                },
                "options",
            ),
            (
                ConsultationInput {
                    options: Some(vec!["Oui".into(), long]),
                    ..input()
                },
                "options",
            ),
            (
                ConsultationInput {
                    opens_at: Some("2027-01-21T00:00:00Z".into()),
                    ..input()
                },
                "closes_at",
            ),
            (
                ConsultationInput {
                    closes_at: Some("2027-01-10T08:00:00Z".into()),
                    opens_at: Some("2027-01-10T07:00:00Z".into()),
                    ..input()
                },
                "closes_at",
            ),
            (
                ConsultationInput {
                    closes_at: Some("demain".into()),
                    ..input()
                },
                "closes_at",
            ),
            (
                ConsultationInput {
                    channels: Some(vec!["sms".into()]),
                    ..input()
                },
                "channels",
            ),
            (
                ConsultationInput {
                    channels: Some(vec![]),
                    ..input()
                },
                "channels",
            ),
            (
                ConsultationInput {
                    title: Some("  ".into()),
                    ..input()
                },
                "title",
            ),
        ];
        for (i, field) in cases {
            assert_eq!(
                ConsultationDraft::parse(&i, at(9)).map_err(|e| e.field),
                Err(field),
                "{i:?}"
            );
        }
    }

    fn consultation(multiple: bool) -> Consultation {
        let d = ConsultationDraft::parse(
            &ConsultationInput {
                options: Some(vec!["A".into(), "B".into(), "C".into()]),
                multiple: Some(multiple),
                ..input()
            },
            at(9),
        )
        .expect("valid");
        Consultation {
            id: 1,
            commune_id: 1,
            key: "k".into(),
            title: d.title,
            question: d.question,
            description_markdown: String::new(),
            description_html: String::new(),
            options: d
                .options
                .iter()
                .enumerate()
                .map(|(i, name)| ConsultationOption {
                    id: 10 + i as i32,
                    position: i as i32,
                    name: name.clone(),
                })
                .collect(),
            multiple,
            opens_at: d.opens_at,
            closes_at: d.closes_at,
            channels: d.channels,
            results: d.results,
            language: d.language,
            published_at: None,
            closed_at: None,
            created_at: at(9),
            updated_at: at(9),
        }
    }

    #[test]
    fn the_tally_adds_the_three_channels_and_counts_voters_apart_from_votes() {
        let c = consultation(false);
        let counted = [
            Counted {
                option_id: 10,
                channel: Channel::Fediverse,
                votes: 3,
            },
            Counted {
                option_id: 10,
                channel: Channel::Codes,
                votes: 2,
            },
            Counted {
                option_id: 11,
                channel: Channel::Paper,
                votes: 40,
            },
            Counted {
                option_id: 12,
                channel: Channel::Paper,
                votes: 7,
            },
            // An option that is not this consultation's is not counted.
            Counted {
                option_id: 99,
                channel: Channel::Fediverse,
                votes: 5,
            },
        ];
        let voters = ChannelCounts {
            fediverse: 3,
            codes: 2,
            paper: 0,
        };
        let t = Tally::of(&c, &counted, voters);
        assert_eq!(t.options[0].1.total(), 5);
        assert_eq!(t.options[1].1.paper, 40);
        assert_eq!(t.votes().total(), 52);
        assert_eq!(t.voters.total(), 52, "single choice: one vote per voter");
        assert_eq!(t.per_thousand(Some(52_000)), Some(1.0));
        assert_eq!(t.per_thousand(None), None);

        // Multiple choice: fediverse voters come from the store, paper voters are a lower bound.
        let m = consultation(true);
        let voters = ChannelCounts {
            fediverse: 2,
            codes: 1,
            paper: 0,
        };
        let t = Tally::of(&m, &counted, voters);
        assert_eq!(t.voters.fediverse, 2);
        assert_eq!(t.voters.paper, 40);
        assert_eq!(t.voters.total(), 43);
    }

    #[test]
    fn phases_follow_the_clock() {
        let c = consultation(false);
        assert_eq!(c.phase(at(8)), Phase::Scheduled);
        assert_eq!(c.phase(at(9)), Phase::Open);
        assert_eq!(c.phase(c.closes_at), Phase::Closed);
        assert!(c.option_named("B").is_some());
        assert!(
            c.option_named("b").is_none(),
            "Mastodon sends the exact title"
        );
    }
}
