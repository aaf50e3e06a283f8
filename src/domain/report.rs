//! Reports sent to a commune's moderators: a `Flag` from another server (as Mastodon sends it
//! when one of its users reports the commune or what it shows), or a visitor's report of a
//! comment from its page.

use chrono::NaiveDateTime;

/// The longest report text we keep, in characters (Mastodon allows 1,000).
pub const MAX_REASON_CHARS: usize = 1_000;

#[derive(Debug, Clone)]
pub struct Report {
    pub id: i32,
    /// What is reported: a comment's id, one of the commune's objects, or the commune.
    pub target: String,
    /// The reporting actor (a server's instance actor for Mastodon), None for a visitor.
    pub reporter: Option<String>,
    pub from_server: bool,
    /// Plain text, shown escaped.
    pub reason: String,
    pub received_at: NaiveDateTime,
}

/// A report's text: trimmed, controls removed, cut at `MAX_REASON_CHARS`.
pub fn clean_reason(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_REASON_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_trimmed_cut_and_without_controls() {
        assert_eq!(clean_reason("  spam\u{7}\n "), "spam");
        assert_eq!(
            clean_reason(&"a".repeat(2_000)).chars().count(),
            MAX_REASON_CHARS
        );
    }
}
