//! Comments: replies from the fediverse to a commune's objects. Their HTML comes from other
//! servers, so it is reduced here, once, to a small set of harmless tags before it is stored;
//! pages insert the stored HTML as is.

use super::Invalid;
use chrono::NaiveDateTime;

/// The longest comment we keep, in characters of sanitized HTML. Mastodon's default is 500
/// characters of text; other servers allow much more (Misskey 3,000, Pleroma 5,000, Lemmy
/// 10,000), and markup adds to it.
pub const MAX_HTML_CHARS: usize = 20_000;

/// Whether a comment is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentState {
    Visible,
    /// From an actor the commune had not seen, waiting for a moderator.
    Held,
    /// Hidden by a moderator.
    Hidden,
}

impl CommentState {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentState::Visible => "visible",
            CommentState::Held => "held",
            CommentState::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "visible" => CommentState::Visible,
            "held" => CommentState::Held,
            "hidden" => CommentState::Hidden,
            _ => return None,
        })
    }
}

/// What a moderator did to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    Hide,
    Restore,
    /// A held comment shown.
    Approve,
    /// Hidden because its author or their instance was blocked.
    Block,
}

impl ModerationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationAction::Hide => "hide",
            ModerationAction::Restore => "restore",
            ModerationAction::Approve => "approve",
            ModerationAction::Block => "block",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "hide" => ModerationAction::Hide,
            "restore" => ModerationAction::Restore,
            "approve" => ModerationAction::Approve,
            "block" => ModerationAction::Block,
            _ => return None,
        })
    }

    /// The state a comment in `from` takes, or None when the action does not apply to it
    /// (hiding a hidden comment, restoring a visible one).
    pub fn apply(self, from: CommentState) -> Option<CommentState> {
        match (self, from) {
            (
                ModerationAction::Hide | ModerationAction::Block,
                CommentState::Visible | CommentState::Held,
            ) => Some(CommentState::Hidden),
            (ModerationAction::Restore, CommentState::Hidden) => Some(CommentState::Visible),
            (ModerationAction::Approve, CommentState::Held) => Some(CommentState::Visible),
            _ => None,
        }
    }
}

/// A line of the moderation log.
#[derive(Debug, Clone)]
pub struct ModerationEntry {
    pub comment_ap_id: String,
    /// The staff member's username (None once their account is gone).
    pub by: Option<String>,
    pub action: ModerationAction,
    pub reason: String,
    pub at: NaiveDateTime,
}

/// The longest reason a moderator may give, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Who wrote a comment, as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The actor's id.
    pub ap_id: String,
    /// The display name, or the username when it has none.
    pub name: String,
    /// `@user@host`.
    pub handle: String,
    /// Where a reader goes to see the author (the actor's `url`, else its id).
    pub profile: String,
}

/// A stored comment.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i32,
    pub commune_id: i32,
    /// The commune's object the thread hangs on (the same for a reply to a reply).
    pub object_url: String,
    pub ap_id: String,
    pub in_reply_to: String,
    /// None: the commune's own answer.
    pub author: Option<Author>,
    /// The comment's own page on its server, when it gave one.
    pub url: Option<String>,
    pub content_html: String,
    pub published_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub state: CommentState,
    pub answered_at: Option<NaiveDateTime>,
}

impl Comment {
    /// Where a reader follows the link to the original.
    pub fn link(&self) -> &str {
        self.url.as_deref().unwrap_or(&self.ap_id)
    }
}

/// A comment as received, checked: what the store keeps of an incoming `Note`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentDraft {
    pub ap_id: String,
    pub in_reply_to: String,
    pub content_html: String,
    pub url: Option<String>,
    pub published_at: NaiveDateTime,
}

impl CommentDraft {
    /// `published` in the future (a wrong clock) or absent is taken as `now`.
    pub fn parse(
        ap_id: &str,
        in_reply_to: &str,
        html: Option<&str>,
        url: Option<&str>,
        published: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Result<Self, Invalid> {
        let content_html = sanitize(html.unwrap_or_default())?;
        Ok(CommentDraft {
            ap_id: ap_id.to_string(),
            in_reply_to: in_reply_to.to_string(),
            content_html,
            url: url.filter(|u| *u != ap_id).map(str::to_string),
            published_at: published.filter(|p| *p <= now).unwrap_or(now),
        })
    }
}

/// A comment's HTML as another server sent it, made safe: only text-level markup and links
/// survive (what Mastodon itself keeps of remote HTML), every link gets `rel="nofollow
/// noopener noreferrer ugc"`, and classes, styles, images and scripts are gone. Empty text
/// after that is refused, and so is a comment over `MAX_HTML_CHARS`.
pub fn sanitize(html: &str) -> Result<String, Invalid> {
    let clean = ammonia::Builder::empty()
        .add_tags(&[
            "p",
            "br",
            "a",
            "span",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "del",
            "s",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
        ])
        .add_tag_attributes("a", &["href"])
        .url_schemes(["http", "https"].into())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .clean(html)
        .to_string();
    let clean = clean.trim().to_string();
    if text_of(&clean).trim().is_empty() {
        return Err(Invalid::new("content", "must not be empty"));
    }
    if clean.chars().count() > MAX_HTML_CHARS {
        return Err(Invalid::new(
            "content",
            format!("must be at most {MAX_HTML_CHARS} characters"),
        ));
    }
    Ok(clean)
}

/// The text of sanitized HTML, tags dropped and the common entities decoded: for previews
/// and the staff dashboard.
pub fn text_of(html: &str) -> String {
    // Block-level tags separate words; inline ones (a mention's `@<span>user</span>`) do not.
    const BLOCKS: [&str; 9] = [
        "p",
        "br",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "div",
        "tr",
    ];
    let mut out = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("");
                if BLOCKS.contains(&name.to_ascii_lowercase().as_str()) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_html_keeps_its_text_and_links_and_loses_the_rest() {
        // As Mastodon renders a reply with a mention.
        let html = r#"<p><span class="h-card" translate="no"><a href="https://node.example/communes/rufisque" class="u-url mention">@<span>rufisque</span></a></span> Merci pour <strong>ce budget</strong> !</p>"#;
        let clean = sanitize(html).unwrap();
        assert!(clean.contains("<strong>ce budget</strong>"), "{clean}");
        assert!(
            clean.contains(r#"href="https://node.example/communes/rufisque""#),
            "{clean}"
        );
        assert!(
            clean.contains("ugc"),
            "links marked as user content: {clean}"
        );
        assert!(!clean.contains("class="), "{clean}");
        assert_eq!(text_of(&clean), "@rufisque Merci pour ce budget !");
    }

    #[test]
    fn scripts_handlers_images_and_bad_schemes_are_removed() {
        let html = r#"<p onclick="x()">Bonjour<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">lien</a><iframe src="https://evil.example"></iframe><style>p{}</style></p>"#;
        let clean = sanitize(html).unwrap();
        for bad in [
            "script",
            "onclick",
            "onerror",
            "<img",
            "javascript:",
            "iframe",
            "style",
        ] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
        assert!(clean.contains("Bonjour"), "{clean}");
        assert!(clean.contains("lien"), "{clean}");
    }

    #[test]
    fn empty_and_oversized_comments_are_refused() {
        for empty in [
            "",
            "   ",
            "<p></p>",
            "<script>alert(1)</script>",
            "<img src=x>",
        ] {
            assert_eq!(sanitize(empty).unwrap_err().field, "content", "{empty:?}");
        }
        let long = format!("<p>{}</p>", "a".repeat(MAX_HTML_CHARS));
        assert!(sanitize(&long).is_err());
        let fits = format!("<p>{}</p>", "a".repeat(MAX_HTML_CHARS - 7));
        assert!(sanitize(&fits).is_ok());
    }

    #[test]
    fn a_draft_takes_now_for_a_missing_or_future_date() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let earlier = now - chrono::Duration::hours(2);
        let later = now + chrono::Duration::hours(2);
        let draft = |p| {
            CommentDraft::parse(
                "https://m.example/n/1",
                "https://node.example/x",
                Some("<p>Oui</p>"),
                Some("https://m.example/@a/1"),
                p,
                now,
            )
            .unwrap()
        };
        assert_eq!(draft(Some(earlier)).published_at, earlier);
        assert_eq!(draft(Some(later)).published_at, now);
        assert_eq!(draft(None).published_at, now);
        assert_eq!(draft(None).url.as_deref(), Some("https://m.example/@a/1"));
        let no_content = CommentDraft::parse(
            "https://m.example/n/1",
            "https://node.example/x",
            None,
            None,
            None,
            now,
        );
        assert_eq!(no_content.unwrap_err().field, "content");
    }

    #[test]
    fn text_decodes_entities_once() {
        assert_eq!(text_of("<p>a &amp;lt; b &lt; c</p>"), "a &lt; b < c");
    }

    #[test]
    fn moderation_moves_only_from_the_states_it_applies_to() {
        use CommentState::*;
        use ModerationAction::*;
        assert_eq!(Hide.apply(Visible), Some(Hidden));
        assert_eq!(Hide.apply(Held), Some(Hidden));
        assert_eq!(Hide.apply(Hidden), None);
        assert_eq!(Restore.apply(Hidden), Some(Visible));
        assert_eq!(Restore.apply(Visible), None);
        assert_eq!(Approve.apply(Held), Some(Visible));
        assert_eq!(Approve.apply(Hidden), None);
        assert_eq!(Block.apply(Visible), Some(Hidden));
        for a in [Hide, Restore, Approve, Block] {
            assert_eq!(ModerationAction::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn states_round_trip() {
        for s in [
            CommentState::Visible,
            CommentState::Held,
            CommentState::Hidden,
        ] {
            assert_eq!(CommentState::parse(s.as_str()), Some(s));
        }
        assert_eq!(CommentState::parse("gone"), None);
    }
}
