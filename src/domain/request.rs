//! Citizens' requests (information, complaint, suggestion) and their lifecycle, as access to
//! information laws and Alaveteli-like registers know it: received, acknowledged, extended
//! (once, with a reason), then closed as answered, partially answered, refused (with a legal
//! reason) or transferred (to whom). No I/O; due dates come from `deadline`.

use super::Invalid;
use chrono::NaiveDate;

/// What a request is; staff set it, information by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Information,
    Complaint,
    Suggestion,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Information, Kind::Complaint, Kind::Suggestion];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Information => "information",
            Kind::Complaint => "complaint",
            Kind::Suggestion => "suggestion",
        }
    }

    pub fn parse(s: &str) -> Result<Self, Invalid> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Invalid::new("kind", "must be information, complaint or suggestion"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Received,
    Acknowledged,
    Extended,
    Answered,
    PartiallyAnswered,
    Refused,
    Transferred,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Received,
        Status::Acknowledged,
        Status::Extended,
        Status::Answered,
        Status::PartiallyAnswered,
        Status::Refused,
        Status::Transferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Acknowledged => "acknowledged",
            Status::Extended => "extended",
            Status::Answered => "answered",
            Status::PartiallyAnswered => "partially_answered",
            Status::Refused => "refused",
            Status::Transferred => "transferred",
        }
    }

    pub fn parse(s: &str) -> Result<Self, Invalid> {
        Status::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Invalid::new("status", "not a request status"))
    }

    /// Whether the commune has given its final word.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Answered | Status::PartiallyAnswered | Status::Refused | Status::Transferred
        )
    }
}

/// The grounds on which access laws let a body refuse (Senegal's loi 2025-15 and Niger's
/// ordonnance 2011-22 name the same families of exceptions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalReason {
    NationalSecurity,
    PrivateLife,
    OngoingProceedings,
    BusinessSecret,
    NotHeld,
    Abusive,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::NationalSecurity,
        RefusalReason::PrivateLife,
        RefusalReason::OngoingProceedings,
        RefusalReason::BusinessSecret,
        RefusalReason::NotHeld,
        RefusalReason::Abusive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::NationalSecurity => "national_security",
            RefusalReason::PrivateLife => "private_life",
            RefusalReason::OngoingProceedings => "ongoing_proceedings",
            RefusalReason::BusinessSecret => "business_secret",
            RefusalReason::NotHeld => "not_held",
            RefusalReason::Abusive => "abusive",
        }
    }

    pub fn parse(s: &str) -> Result<Self, Invalid> {
        RefusalReason::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Invalid::new("reason", "not a legal reason for a refusal"))
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Fediverse,
    Web,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Fediverse => "fediverse",
            Channel::Web => "web",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "fediverse" => Some(Channel::Fediverse),
            "web" => Some(Channel::Web),
            _ => None,
        }
    }
}

pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 10_000;
pub const MAX_NAME: usize = 100;
pub const MAX_CONTACT: usize = 200;
pub const MAX_ANSWER: usize = 20_000;

/// Text that must stay text: markup is refused rather than silently escaped, so what the
/// register shows is what the person wrote.
pub fn plain(field: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.trim();
    let chars: Vec<char> = value.chars().collect();
    let looks_like_markup = chars.windows(2).any(|w| {
        w[0] == '<' && (w[1].is_ascii_alphabetic() || w[1] == '/' || w[1] == '!' || w[1] == '?')
    });
    if looks_like_markup {
        return Err(Invalid::new(field, "must be plain text, without HTML"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Invalid::new(field, "must not contain control characters"));
    }
    if chars.len() > max {
        return Err(Invalid::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}

/// A request as a citizen files it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDraft {
    pub subject: String,
    pub body: String,
    pub name: Option<String>,
    pub contact: Option<String>,
}

impl RequestDraft {
    /// From the web form: a subject is required, the rest is optional.
    pub fn parse(subject: &str, body: &str, name: &str, contact: &str) -> Result<Self, Invalid> {
        let subject = plain("subject", subject, MAX_SUBJECT)?;
        if subject.is_empty() {
            return Err(Invalid::new("subject", "must not be empty"));
        }
        let optional = |field, v: &str, max| -> Result<Option<String>, Invalid> {
            let v = plain(field, v, max)?;
            Ok((!v.is_empty()).then_some(v))
        };
        Ok(RequestDraft {
            subject,
            body: plain("body", body, MAX_BODY)?,
            name: optional("name", name, MAX_NAME)?,
            contact: optional("contact", contact, MAX_CONTACT)?,
        })
    }

    /// From a fediverse post's text: the text without the mentions that start it, cut at
    /// `MAX_SUBJECT`, is the subject; the whole text is the body.
    pub fn from_post(text: &str) -> Result<Self, Invalid> {
        let text: String = text
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect();
        let body: String = text.trim().chars().take(MAX_BODY).collect();
        let words: Vec<&str> = body
            .split_whitespace()
            .skip_while(|w| w.starts_with('@'))
            .collect();
        let subject: String = words.join(" ").chars().take(MAX_SUBJECT).collect();
        if subject.trim().is_empty() {
            return Err(Invalid::new("subject", "a request needs some text"));
        }
        Ok(RequestDraft {
            subject,
            body,
            name: None,
            contact: None,
        })
    }
}

/// A stored request.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: i32,
    pub commune_id: i32,
    pub reference: String,
    pub kind: Kind,
    pub channel: Channel,
    pub subject: String,
    /// Private: shown to staff and on the requester's follow-up page only.
    pub body: String,
    pub requester_actor: Option<String>,
    pub requester_inbox: Option<String>,
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub source_ap_id: Option<String>,
    /// Whether the citizen's post was public (else their answer goes to them only).
    pub source_public: bool,
    pub status: Status,
    pub received_at: chrono::NaiveDateTime,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub extension_reason: Option<String>,
    pub transferred_to: Option<String>,
    pub refusal_reason: Option<RefusalReason>,
    pub answer_text: Option<String>,
    pub answer_ap_id: Option<String>,
    pub answered_at: Option<chrono::NaiveDateTime>,
    pub answered_on: Option<NaiveDate>,
}

impl Request {
    /// Calendar days from receipt to the answer, once answered.
    pub fn days_taken(&self) -> Option<i64> {
        self.answered_on
            .map(|a| (a - self.received_on).num_days().max(0))
    }

    /// Past its due date without the commune's final word.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.status.is_closed() && today > self.due_on
    }
}

/// A staff member's step on a request, checked against where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Acknowledge,
    /// `until`: a date asked for, at most the law's extended deadline (which it is when None).
    Extend {
        reason: String,
        until: Option<NaiveDate>,
    },
    Transfer {
        to: String,
    },
    Refuse {
        reason: RefusalReason,
    },
    Answer {
        text: String,
        partial: bool,
    },
}

impl Step {
    /// The status the request takes, or why the step is refused (naming the field).
    pub fn apply(&self, from: Status, extension_allowed: bool) -> Result<Status, Invalid> {
        if from.is_closed() {
            return Err(Invalid::new("status", "this request is already closed"));
        }
        Ok(match self {
            Step::Acknowledge if from == Status::Received => Status::Acknowledged,
            Step::Acknowledge => {
                return Err(Invalid::new("status", "already acknowledged"));
            }
            Step::Extend { .. } if !extension_allowed => {
                return Err(Invalid::new(
                    "extension",
                    "the law here allows no extension",
                ));
            }
            Step::Extend { .. } if from == Status::Extended => {
                return Err(Invalid::new("extension", "a request is extended only once"));
            }
            Step::Extend { reason, .. } if reason.trim().is_empty() => {
                return Err(Invalid::new("reason", "an extension needs a reason"));
            }
            Step::Extend { .. } => Status::Extended,
            Step::Transfer { to } if to.trim().is_empty() => {
                return Err(Invalid::new("to", "a transfer needs a recipient"));
            }
            Step::Transfer { .. } => Status::Transferred,
            Step::Refuse { .. } => Status::Refused,
            Step::Answer { text, .. } if text.trim().is_empty() => {
                return Err(Invalid::new("text", "must not be empty"));
            }
            Step::Answer { partial: true, .. } => Status::PartiallyAnswered,
            Step::Answer { .. } => Status::Answered,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_refused_and_plain_text_kept() {
        assert_eq!(
            plain("subject", "  Budget 2026 < 2025 ?  ", 200).unwrap(),
            "Budget 2026 < 2025 ?"
        );
        for bad in [
            "<script>alert(1)</script>",
            "voir <b>ici</b>",
            "a </p>",
            "<!-- x -->",
            "<img src=x>",
        ] {
            assert_eq!(
                plain("subject", bad, 200).unwrap_err().field,
                "subject",
                "{bad}"
            );
        }
        assert!(plain("subject", &"a".repeat(201), 200).is_err());
        assert!(plain("subject", "bell\u{7}", 200).is_err());
    }

    #[test]
    fn a_form_needs_a_subject_and_nothing_else() {
        let d = RequestDraft::parse("Budget du marché", "", " ", "").unwrap();
        assert_eq!(d.name, None);
        assert_eq!(d.contact, None);
        assert_eq!(
            RequestDraft::parse("  ", "texte", "", "")
                .unwrap_err()
                .field,
            "subject"
        );
        assert_eq!(
            RequestDraft::parse("ok", "", "<b>x</b>", "")
                .unwrap_err()
                .field,
            "name"
        );
    }

    #[test]
    fn a_post_gives_its_subject_without_the_leading_mentions() {
        let d = RequestDraft::from_post("@rufisque @bargny Quel est le budget du marché ?\nMerci")
            .unwrap();
        assert_eq!(d.subject, "Quel est le budget du marché ? Merci");
        assert!(d.body.starts_with("@rufisque"));
        assert!(RequestDraft::from_post("@rufisque").is_err());
    }

    #[test]
    fn the_lifecycle_refuses_what_the_law_does_not_allow() {
        use Status::*;
        let extend = Step::Extend {
            reason: "Archives à consulter".into(),
            until: None,
        };
        assert_eq!(Step::Acknowledge.apply(Received, true), Ok(Acknowledged));
        assert!(Step::Acknowledge.apply(Acknowledged, true).is_err());
        assert_eq!(extend.apply(Acknowledged, true), Ok(Extended));
        assert_eq!(extend.apply(Extended, true).unwrap_err().field, "extension");
        assert_eq!(
            extend.apply(Received, false).unwrap_err().field,
            "extension"
        );
        assert_eq!(
            Step::Extend {
                reason: " ".into(),
                until: None
            }
            .apply(Received, true)
            .unwrap_err()
            .field,
            "reason"
        );
        assert_eq!(
            Step::Transfer { to: "".into() }
                .apply(Received, true)
                .unwrap_err()
                .field,
            "to"
        );
        assert_eq!(
            Step::Transfer {
                to: "Préfecture".into()
            }
            .apply(Extended, true),
            Ok(Transferred)
        );
        let answer = Step::Answer {
            text: "Voici".into(),
            partial: false,
        };
        assert_eq!(answer.apply(Extended, true), Ok(Answered));
        assert_eq!(answer.apply(Answered, true).unwrap_err().field, "status");
        assert_eq!(
            Step::Answer {
                text: "x".into(),
                partial: true
            }
            .apply(Received, true),
            Ok(PartiallyAnswered)
        );
        assert_eq!(
            Step::Refuse {
                reason: RefusalReason::PrivateLife
            }
            .apply(Received, true),
            Ok(Refused)
        );
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Ok(s));
        }
    }
}
