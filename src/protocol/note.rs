//! A note the commune writes in reply to a citizen (an answer to a comment): a public `Note`
//! addressed to the followers and, in `cc` and as a `Mention` tag, to the citizen, which is
//! what makes Mastodon (`ProcessMentionsService` on the receiving side) put it in their
//! notifications. The mention is written in the HTML as Mastodon writes its own (`h-card`),
//! so that servers that read only `content` still show it as a mention.

use super::article::rfc3339;
use super::AS_PUBLIC;
use crate::domain::markdown::escape;
use chrono::NaiveDateTime;
use serde_json::{json, Value};
use url::Url;

/// Who the note answers.
pub struct Mentioned<'a> {
    /// The actor's id.
    pub actor: &'a str,
    /// `@user@host`.
    pub handle: &'a str,
}

/// The note's HTML: the mention, then the staff's text, escaped, one paragraph per blank-line
/// separated block and a line break per line.
pub fn html(to: &Mentioned<'_>, text: &str) -> String {
    let user = to
        .handle
        .trim_start_matches('@')
        .split('@')
        .next()
        .unwrap_or_default();
    let mention = format!(
        r#"<span class="h-card" translate="no"><a href="{}" class="u-url mention">@<span>{}</span></a></span>"#,
        escape(to.actor),
        escape(user)
    );
    let paragraphs: Vec<String> = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.lines().map(escape).collect::<Vec<_>>().join("<br>"))
        .collect();
    let mut out = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("<p>{mention} {p}</p>"));
        } else {
            out.push_str(&format!("<p>{p}</p>"));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub fn answer(
    id: &Url,
    commune: &Url,
    followers: &Url,
    in_reply_to: &str,
    to: &Mentioned<'_>,
    content: &str,
    language: &str,
    page: &Url,
    published: NaiveDateTime,
) -> Value {
    json!({
        "id": id,
        "type": "Note",
        "attributedTo": commune,
        "inReplyTo": in_reply_to,
        "content": content,
        "contentMap": {language: content},
        "url": page,
        "published": rfc3339(published),
        "to": [AS_PUBLIC],
        "cc": [followers, to.actor],
        "tag": [{"type": "Mention", "href": to.actor, "name": to.handle}],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mention_comes_first_and_the_text_is_escaped() {
        let to = Mentioned {
            actor: "https://m.example/users/awa",
            handle: "@awa@m.example",
        };
        let html = html(&to, "Merci <b>Awa</b>.\nÀ bientôt.\n\nLe conseil");
        assert_eq!(
            html,
            r#"<p><span class="h-card" translate="no"><a href="https://m.example/users/awa" class="u-url mention">@<span>awa</span></a></span> Merci &lt;b&gt;Awa&lt;/b&gt;.<br>À bientôt.</p><p>Le conseil</p>"#
        );
    }
}
