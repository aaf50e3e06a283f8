use super::{required_text, Invalid};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Deliberation,
    Arrete,
    ProcesVerbal,
    Other,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 4] = [
        DecisionKind::Deliberation,
        DecisionKind::Arrete,
        DecisionKind::ProcesVerbal,
        DecisionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Deliberation => "deliberation",
            DecisionKind::Arrete => "arrete",
            DecisionKind::ProcesVerbal => "proces_verbal",
            DecisionKind::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| {
                Invalid::new(
                    "kind",
                    "must be one of deliberation, arrete, proces_verbal, other",
                )
            })
    }

    /// The name a reader sees, in French, Portuguese or English.
    pub fn label(self, lang: &str) -> &'static str {
        match (self, lang) {
            (DecisionKind::Deliberation, "pt") => "Deliberação",
            (DecisionKind::Deliberation, "en") => "Council resolution",
            (DecisionKind::Deliberation, _) => "Délibération",
            (DecisionKind::Arrete, "pt") => "Despacho",
            (DecisionKind::Arrete, "en") => "Mayoral order",
            (DecisionKind::Arrete, _) => "Arrêté",
            (DecisionKind::ProcesVerbal, "pt") => "Ata",
            (DecisionKind::ProcesVerbal, "en") => "Minutes",
            (DecisionKind::ProcesVerbal, _) => "Procès-verbal",
            (DecisionKind::Other, "pt") => "Outro",
            (DecisionKind::Other, "en") => "Other",
            (DecisionKind::Other, _) => "Autre",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Adopted,
    Rejected,
    Postponed,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 3] = [
        DecisionStatus::Adopted,
        DecisionStatus::Rejected,
        DecisionStatus::Postponed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Adopted => "adopted",
            DecisionStatus::Rejected => "rejected",
            DecisionStatus::Postponed => "postponed",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| Invalid::new("status", "must be one of adopted, rejected, postponed"))
    }

    pub fn label(self, lang: &str) -> &'static str {
        match (self, lang) {
            (DecisionStatus::Adopted, "pt") => "Aprovada",
            (DecisionStatus::Adopted, "en") => "Adopted",
            (DecisionStatus::Adopted, _) => "Adoptée",
            (DecisionStatus::Rejected, "pt") => "Rejeitada",
            (DecisionStatus::Rejected, "en") => "Rejected",
            (DecisionStatus::Rejected, _) => "Rejetée",
            (DecisionStatus::Postponed, "pt") => "Adiada",
            (DecisionStatus::Postponed, "en") => "Postponed",
            (DecisionStatus::Postponed, _) => "Ajournée",
        }
    }
}

/// Council vote counts, as Popolo's `VoteEvent.counts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCounts {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub absent: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VoteCountsInput {
    pub yes: Option<i64>,
    pub no: Option<i64>,
    pub abstain: Option<i64>,
    pub absent: Option<i64>,
}

impl VoteCounts {
    pub fn parse(input: &VoteCountsInput) -> Result<Self, Invalid> {
        let one = |field: &'static str, v: Option<i64>| -> Result<u32, Invalid> {
            match v.unwrap_or(0) {
                n if n < 0 => Err(Invalid::new(field, "must not be negative")),
                n if n > 100_000 => Err(Invalid::new(field, "is too large for a council vote")),
                n => Ok(n as u32),
            }
        };
        Ok(VoteCounts {
            yes: one("votes.yes", input.yes)?,
            no: one("votes.no", input.no)?,
            abstain: one("votes.abstain", input.abstain)?,
            absent: one("votes.absent", input.absent)?,
        })
    }
}

/// A published decision as every layer above the store reads it: built from its row once
/// (`store::decisions`), its kind, status, votes and themes parsed there.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: i32,
    pub commune_id: i32,
    /// The stable part of its URL, never reused.
    pub key: String,
    pub reference: String,
    pub kind: DecisionKind,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    /// `body_markdown` rendered and sanitised when it was written.
    pub body_html: String,
    pub session_date: NaiveDate,
    pub status: DecisionStatus,
    pub votes: Option<VoteCounts>,
    pub themes: Vec<String>,
    pub language: String,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub amount: Option<i64>,
}

impl Decision {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }
}

/// A file attached to a decision, stored under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i32,
    pub decision_id: i32,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

/// A decision as the API, a form or the CLI sends it, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub reference: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub session_date: Option<String>,
    pub status: Option<String>,
    pub votes: Option<VoteCountsInput>,
    pub themes: Option<Vec<String>>,
    pub language: Option<String>,
    /// Whole units of the commune's currency (XOF or GNF, which have no decimals).
    pub amount: Option<i64>,
}

/// A valid decision. Only `DecisionDraft::parse` builds one.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionDraft {
    pub reference: String,
    pub kind: DecisionKind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub session_date: NaiveDate,
    pub status: DecisionStatus,
    pub votes: Option<VoteCounts>,
    pub themes: Vec<String>,
    pub language: String,
    pub amount: Option<i64>,
}

pub const MAX_BODY_CHARS: usize = 100_000;

/// Documents attached to one decision: the text and its annexes, never a whole archive.
pub const MAX_ATTACHMENTS: usize = 10;

impl DecisionDraft {
    pub fn parse(input: &DecisionInput) -> Result<Self, Invalid> {
        let reference = required_text("reference", input.reference.as_deref().unwrap_or(""), 64)?;
        let kind = DecisionKind::parse(input.kind.as_deref().unwrap_or("").trim())?;
        let title = required_text("title", input.title.as_deref().unwrap_or(""), 200)?;
        let summary = required_text("summary", input.summary.as_deref().unwrap_or(""), 1000)?;
        let body = input.body.clone().unwrap_or_default();
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(Invalid::new(
                "body",
                format!("must be at most {MAX_BODY_CHARS} characters"),
            ));
        }
        let session_date = input
            .session_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .ok_or_else(|| Invalid::new("session_date", "must be a date as YYYY-MM-DD"))?;
        let status = DecisionStatus::parse(input.status.as_deref().unwrap_or("").trim())?;
        let votes = input.votes.as_ref().map(VoteCounts::parse).transpose()?;
        let mut themes = Vec::new();
        for t in input.themes.iter().flatten() {
            let t = required_text("themes", t, 60)?;
            if !themes.contains(&t) {
                themes.push(t);
            }
        }
        if themes.len() > 20 {
            return Err(Invalid::new("themes", "at most 20 themes"));
        }
        let language = match input.language.as_deref().map(str::trim) {
            None | Some("") => "fr".to_string(),
            Some(l) if super::commune::LANGUAGES.contains(&l) => l.to_string(),
            Some(_) => return Err(Invalid::new("language", "unknown language code")),
        };
        // A thousand times a large commune's yearly budget: beyond it is a typing error.
        let amount = match input.amount {
            Some(a) if !(0..=1_000_000_000_000_000).contains(&a) => {
                return Err(Invalid::new(
                    "amount",
                    "must be a whole amount between 0 and 10^15",
                ))
            }
            a => a,
        };
        Ok(DecisionDraft {
            reference,
            kind,
            title,
            summary,
            body,
            session_date,
            status,
            votes,
            themes,
            language,
            amount,
        })
    }
}

/// What an uploaded attachment must be: a PDF no larger than the node allows.
pub fn check_pdf(bytes: &[u8], max_bytes: usize) -> Result<(), Invalid> {
    if bytes.len() > max_bytes {
        return Err(Invalid::new(
            "attachment",
            format!("is larger than {} MB", max_bytes / (1024 * 1024)),
        ));
    }
    // The declared type and file name are the client's word; the file must speak for itself.
    // Magic bytes alone let through `%PDF-` followed by HTML, so the file must also parse as
    // a PDF with at least one page. (A file can still be both PDF and HTML: that is why media
    // are served with `Content-Security-Policy: sandbox` and `nosniff`.)
    let not_pdf = || Invalid::new("attachment", "must be a PDF file");
    if !bytes.starts_with(b"%PDF-") {
        return Err(not_pdf());
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PDF_STREAM_BYTES),
        ..Default::default()
    };
    // A parser of hostile input may panic on a case nobody thought of: that is a refusal too.
    let parsed =
        std::panic::catch_unwind(|| lopdf::Document::load_mem_with_options(bytes, options));
    match parsed {
        Ok(Ok(doc)) if !doc.get_pages().is_empty() => Ok(()),
        _ => Err(not_pdf()),
    }
}

/// What one compressed stream of an uploaded PDF may inflate to while it is checked: a
/// small file must not become gigabytes in memory.
const MAX_PDF_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// A file name safe to put in a header and a page.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "document.pdf".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DecisionInput {
        DecisionInput {
            reference: Some("D-2026-014".into()),
            kind: Some("deliberation".into()),
            title: Some("Budget primitif 2027".into()),
            summary: Some("Le conseil adopte le budget.".into()),
            body: Some("Texte".into()),
            session_date: Some("2026-11-20".into()),
            status: Some("adopted".into()),
            votes: Some(VoteCountsInput {
                yes: Some(30),
                no: Some(2),
                abstain: Some(1),
                absent: Some(3),
            }),
            themes: Some(vec!["budget".into(), "budget".into(), "finances".into()]),
            language: None,
            amount: Some(1_250_000_000),
        }
    }

    #[test]
    fn valid_input_parses() {
        let d = DecisionDraft::parse(&valid()).unwrap();
        assert_eq!(d.kind, DecisionKind::Deliberation);
        assert_eq!(d.votes.unwrap().yes, 30);
        assert_eq!(d.themes, vec!["budget", "finances"]);
        assert_eq!(d.language, "fr");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = Box<dyn Fn(&mut DecisionInput)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("title", Box::new(|i| i.title = Some("   ".into()))),
            ("kind", Box::new(|i| i.kind = Some("decree".into()))),
            ("status", Box::new(|i| i.status = None)),
            (
                "session_date",
                Box::new(|i| i.session_date = Some("20/11/2026".into())),
            ),
            (
                "votes.no",
                Box::new(|i| i.votes.as_mut().unwrap().no = Some(-1)),
            ),
            (
                "reference",
                Box::new(|i| i.reference = Some("x".repeat(65))),
            ),
            ("language", Box::new(|i| i.language = Some("xx".into()))),
            ("amount", Box::new(|i| i.amount = Some(-5))),
            ("amount", Box::new(|i| i.amount = Some(i64::MAX))),
        ];
        for (field, spoil) in cases {
            let mut input = valid();
            spoil(&mut input);
            assert_eq!(DecisionDraft::parse(&input).unwrap_err().field, field);
        }
    }

    /// A one-page PDF with a correct cross-reference table, as a writer would produce.
    fn one_page_pdf() -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ];
        let mut pdf = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf += &format!("{} 0 obj\n{o}\nendobj\n", i + 1);
        }
        let xref = pdf.len();
        pdf += &format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for o in offsets {
            pdf += &format!("{o:010} 00000 n \n");
        }
        pdf += &format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        pdf.into_bytes()
    }

    #[test]
    fn pdf_check_parses_the_file() {
        assert!(check_pdf(&one_page_pdf(), 10_000).is_ok());
        assert_eq!(
            check_pdf(b"MZ\x90\x00", 100).unwrap_err().field,
            "attachment"
        );
        assert!(check_pdf(&[b'%'; 200], 100).is_err());
        // The magic bytes, then a page a browser would run.
        let polyglot = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n";
        assert_eq!(check_pdf(polyglot, 10_000).unwrap_err().field, "attachment");
        // Objects but no page tree.
        let no_pages = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        assert!(check_pdf(no_pages, 10_000).is_err());
    }

    #[test]
    fn filenames_lose_paths_and_markup() {
        assert_eq!(clean_filename("../../etc/pass<wd>.pdf"), "passwd.pdf");
        assert_eq!(clean_filename(""), "document.pdf");
    }
}
