use super::urls::Urls;
use super::AS_PUBLIC;
use crate::domain::commune::Commune;
use crate::domain::decision::{Attachment, Decision};
use serde_json::{json, Value};

pub fn rfc3339(t: chrono::NaiveDateTime) -> String {
    chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(t, chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The decision's heading: kind, reference and title.
pub fn heading(kind_label: &str, reference: &str, title: &str) -> String {
    if kind_label.is_empty() {
        format!("{reference} — {title}")
    } else {
        format!("{kind_label} {reference} — {title}")
    }
}

/// The body as every server shows it: the heading in bold, the summary, the body, and a link
/// to the page. Takahē, Misskey, GoToSocial and Pleroma show `content` (and only it, for the
/// title), so everything a reader needs has to be in it.
pub fn content_html(heading: &str, summary: &str, body_html: &str, page: &str) -> String {
    use crate::domain::markdown::escape;
    let page = escape(page);
    format!(
        "<p><strong>{}</strong></p><p>{}</p>{body_html}<p><a href=\"{page}\">{page}</a></p>",
        escape(heading),
        escape(summary),
    )
}

/// A decision as an `Article`, shaped so that no server hides it behind a content warning
/// (docs/FEDERATION.md, "How other servers show a decision"): the title and summary travel
/// only as `nameMap` and `summaryMap`, which Mastodon reads (it shows them and the link, not
/// `content`) while Takahē, GoToSocial, Misskey and Pleroma, which turn a plain `summary` (and
/// Takahē and GoToSocial a plain `name`) into a content warning, ignore them. `content`
/// carries heading, summary, body and link for those. The structured fields ride in the
/// `palabre:` context.
pub fn decision_article(urls: &Urls, c: &Commune, d: &Decision, files: &[Attachment]) -> Value {
    let id = urls.decision(&c.slug, &d.key);
    let kind_label = d.kind.label(&d.language);
    let status_label = d.status.label(&d.language);
    let tags: Vec<Value> = d
        .themes
        .iter()
        .map(|t| json!({"type": "Hashtag", "name": format!("#{}", t.replace(' ', "_"))}))
        .collect();
    let attachments: Vec<Value> = files
        .iter()
        .map(|f| {
            json!({
                "type": "Document",
                "mediaType": f.media_type,
                "url": urls.media(&f.sha256),
                "name": f.filename,
                "digestMultibase": f.sha256,
            })
        })
        .collect();
    let title_line = heading(kind_label, &d.reference, &d.title);
    let summary = format!(
        "{} ({status_label}, {})",
        d.summary,
        d.session_date.format("%d/%m/%Y")
    );
    let content = content_html(&title_line, &summary, &d.body_html, id.as_str());
    let mut article = json!({
        "id": id,
        "type": "Article",
        "attributedTo": urls.commune(&c.slug),
        "nameMap": {d.language.clone(): title_line},
        "summaryMap": {d.language.clone(): summary},
        // GoToSocial takes the language from the contentMap entry equal to `content`.
        "content": content,
        "contentMap": {d.language.clone(): content},
        "mediaType": "text/html",
        "url": id,
        "replies": urls.replies(&id),
        "published": rfc3339(d.published_at),
        "to": [AS_PUBLIC],
        "cc": [urls.followers(&c.slug)],
        "tag": tags,
        "attachment": attachments,
        "reference": d.reference,
        "decisionKind": d.kind.as_str(),
        "sessionDate": d.session_date.format("%Y-%m-%d").to_string(),
        "decisionStatus": d.status.as_str(),
        "themes": d.themes,
    });
    if let Some(votes) = d.votes {
        article["voteCounts"] = json!(votes);
    }
    if let Some(amount) = d.amount {
        article["amount"] = json!(amount);
        article["currency"] = json!(c.country.currency());
    }
    if d.updated_at > d.published_at {
        article["updated"] = json!(rfc3339(d.updated_at));
    }
    article
}

/// What a withdrawn decision's id answers: a `Tombstone`.
pub fn tombstone(id: &url::Url, deleted: chrono::NaiveDateTime) -> Value {
    json!({"id": id, "type": "Tombstone", "formerType": "Article", "deleted": rfc3339(deleted)})
}
