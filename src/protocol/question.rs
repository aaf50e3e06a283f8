//! A consultation as a `Question`, shaped as Mastodon reads a poll
//! (`app/lib/activitypub/parser/poll_parser.rb`): `oneOf` or `anyOf`, each option a `Note`
//! with `name` and `replies.totalItems`, `votersCount`, always an `endTime`, `closed` once
//! over; while the results are kept for the closing, no counts at all. The text is in `content` (Mastodon shows a Question's content above its poll); there
//! is no `summary`, which Mastodon and the others show as a content warning. `updated` is only
//! written when staff edited the text after it opened, so that tally Updates, which carry the
//! same `updated`, replace the counts without Mastodon recording an edit.

use super::article::rfc3339;
use super::urls::Urls;
use super::AS_PUBLIC;
use crate::domain::commune::Commune;
use crate::domain::consultation::{Consultation, Tally};
use crate::domain::markdown::escape;
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The text Mastodon shows above the poll: title, question, a link to the page.
fn content(c: &Consultation, page: &str) -> String {
    let page = escape(page);
    format!(
        "<p><strong>{}</strong></p><p>{}</p><p><a href=\"{page}\">{page}</a></p>",
        escape(&c.title),
        escape(&c.question),
    )
}

pub fn question(
    urls: &Urls,
    commune: &Commune,
    c: &Consultation,
    tally: &Tally,
    now: NaiveDateTime,
) -> Value {
    let id = urls.consultation(&commune.slug, &c.key);
    let public = c.results_public(now);
    let options: Vec<Value> = tally
        .options
        .iter()
        .map(|(o, counts)| {
            let mut option = json!({"type": "Note", "name": o.name});
            // Without `replies`, GoToSocial hides the counts (its `hideCounts`); Mastodon
            // shows 0. Either way nothing leaks before the closing.
            if public {
                option["replies"] = json!({"type": "Collection", "totalItems": counts.total()});
            }
            option
        })
        .collect();
    let text = content(c, id.as_str());
    let published = c.published_at.unwrap_or(c.opens_at).max(c.opens_at);
    let mut doc = json!({
        "id": id,
        "type": "Question",
        "attributedTo": urls.commune(&commune.slug),
        "content": text,
        "contentMap": {c.language.clone(): text},
        "mediaType": "text/html",
        "url": id,
        "replies": urls.replies(&id),
        "published": rfc3339(published),
        "endTime": rfc3339(c.closes_at),
        "to": [AS_PUBLIC],
        "cc": [urls.followers(&commune.slug)],
    });
    doc[if c.multiple { "anyOf" } else { "oneOf" }] = json!(options);
    if public {
        doc["votersCount"] = json!(tally.voters.total());
    }
    if c.updated_at > published {
        doc["updated"] = json!(rfc3339(c.updated_at));
    }
    if let Some(closed) = c.closed_at {
        doc["closed"] = json!(rfc3339(closed));
    }
    doc
}
