//! The commune's records and their rules. No I/O: values here are parsed once at the edge
//! (API, CLI, inbox) and trusted everywhere inside.

pub mod budget;
pub mod budget_csv;
pub mod comment;
pub mod commitment;
pub mod commune;
pub mod consultation;
pub mod deadline;
pub mod decision;
pub mod licence;
pub mod logo;
pub mod markdown;
pub mod report;
pub mod request;
pub mod search;
pub mod slug;
pub mod staff;
pub mod voting_code;

/// The kinds of a commune's objects that citizens can reply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Decision,
    Consultation,
}

impl ObjectKind {
    /// The path segment of its ids.
    pub fn segment(self) -> &'static str {
        match self {
            ObjectKind::Decision => "decisions",
            ObjectKind::Consultation => "consultations",
        }
    }

    pub fn from_segment(s: &str) -> Option<Self> {
        Some(match s {
            "decisions" => ObjectKind::Decision,
            "consultations" => ObjectKind::Consultation,
            _ => return None,
        })
    }
}

/// A value that failed its rules, naming the field so forms and API clients can point at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

/// Trims and checks a required text field for emptiness and length (in characters).
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::new(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}
