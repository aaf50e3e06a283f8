//! Incoming activities, typed at the edge: the shapes that Mastodon, Lemmy, Fedify and our
//! own peers send, beside the outgoing ones in `activity`. Parsing fails, with serde's
//! reason, on a known activity whose shape we cannot act on; unknown types are `Other`, and
//! their handler only logs them.
//!
//! What each sender does that these types allow for:
//! - `actor`, `object`, `inReplyTo`, `attributedTo` are an id or an object with an `id`
//!   (Mastodon sends ids; Lemmy and Fedify sometimes embed);
//! - `to` and `cc` are one string or a list;
//! - a Follow's `object` is the followed actor's id, an Accept's or an Undo's `object` is the
//!   whole activity it answers (Mastodon, Lemmy, Fedify) or only its id (older servers).

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use url::Url;

/// An id, given as such or as the `id` of an embedded object.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub id: Url,
    /// The embedded object's `type`, when it was embedded.
    pub kind: Option<String>,
    /// The embedded object's own `object`, when it has one (the Follow inside an Accept).
    pub object: Option<Url>,
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Id(Url),
            Embedded {
                id: Url,
                #[serde(rename = "type", default)]
                kind: Option<String>,
                #[serde(default)]
                object: Option<Inner>,
            },
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Inner {
            Id(Url),
            Embedded { id: Url },
        }
        Ok(
            match Given::deserialize(d).map_err(|_| {
                serde::de::Error::custom("expected an id (a URL) or an object with an id")
            })? {
                Given::Id(id) => Reference {
                    id,
                    kind: None,
                    object: None,
                },
                Given::Embedded { id, kind, object } => Reference {
                    id,
                    kind,
                    object: object.map(|o| match o {
                        Inner::Id(u) | Inner::Embedded { id: u } => u,
                    }),
                },
            },
        )
    }
}

fn reference_id<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
    Reference::deserialize(d).map(|r| r.id)
}

fn optional_reference_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
    Option::<Reference>::deserialize(d).map(|r| r.map(|r| r.id))
}

/// `to` and `cc`: one address or a list; anything else in the list is dropped.
fn addresses<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => vec![s],
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// What every activity has, read before its signature is checked: who claims to send it.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope {
    pub id: Url,
    #[serde(deserialize_with = "reference_id")]
    pub actor: Url,
    #[serde(rename = "type")]
    pub kind: String,
}

/// An activity we act on, by type.
#[derive(Debug, Clone)]
pub enum Incoming {
    Follow(Follow),
    Undo(Undo),
    Accept(Answer),
    Reject(Answer),
    Create(Create),
    Update(Create),
    Delete(Delete),
    Flag(Flag),
    /// A type we do not act on (Like, Announce, Move…): logged, acknowledged.
    Other(String),
}

impl Incoming {
    /// The typed activity of a JSON document, whose envelope was already read.
    pub fn parse(envelope: &Envelope, doc: &Value) -> Result<Self, serde_json::Error> {
        Ok(match envelope.kind.as_str() {
            "Follow" => Incoming::Follow(Follow::deserialize(doc)?),
            "Undo" => Incoming::Undo(Undo::deserialize(doc)?),
            "Accept" => Incoming::Accept(Answer::deserialize(doc)?),
            "Reject" => Incoming::Reject(Answer::deserialize(doc)?),
            "Create" => Incoming::Create(Create::deserialize(doc)?),
            "Update" => Incoming::Update(Create::deserialize(doc)?),
            "Delete" => Incoming::Delete(Delete::deserialize(doc)?),
            "Flag" => Incoming::Flag(Flag::deserialize(doc)?),
            other => Incoming::Other(other.to_string()),
        })
    }
}

/// `Follow{object: actor}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Follow {
    #[serde(deserialize_with = "reference_id")]
    pub object: Url,
}

/// `Undo{object}`: the undone activity, embedded or by id.
#[derive(Debug, Clone, Deserialize)]
pub struct Undo {
    pub object: Reference,
}

/// `Accept` or `Reject` of one of our Follows.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub object: Reference,
}

/// `Create` or `Update` of an object, which must be embedded.
#[derive(Debug, Clone, Deserialize)]
pub struct Create {
    pub object: Object,
}

/// An embedded object as far as sorting it needs: what it is, who wrote it, what it answers.
/// Its whole JSON stays in the document for the handler that keeps it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Object {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, deserialize_with = "optional_reference_id")]
    pub attributed_to: Option<Url>,
    #[serde(default, deserialize_with = "optional_reference_id")]
    pub in_reply_to: Option<Url>,
    /// A poll vote's chosen option (Mastodon: `Note{name}` without content).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "addresses")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "addresses")]
    pub cc: Vec<String>,
    /// A comment's HTML (Mastodon, Fedify); `contentMap` when only that is given.
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub content_map: Option<std::collections::BTreeMap<String, String>>,
    /// When written; a value that is not RFC 3339 counts as absent.
    #[serde(default, deserialize_with = "lenient_time")]
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// The object's page: a URL, a `Link`, or a list of them (the first is taken).
    #[serde(default, deserialize_with = "first_link")]
    pub url: Option<Url>,
    /// The actors the object mentions (`tag` items of type `Mention`).
    #[serde(default, deserialize_with = "mentions")]
    pub tag: Vec<Url>,
}

impl Object {
    /// The HTML content, from `content` or else the first `contentMap` entry.
    pub fn html(&self) -> Option<&str> {
        self.content.as_deref().or_else(|| {
            self.content_map
                .as_ref()?
                .values()
                .next()
                .map(String::as_str)
        })
    }

    /// Whether the object is addressed to the public (Mastodon's public and unlisted posts),
    /// as opposed to followers only or a direct message.
    pub fn is_public(&self) -> bool {
        self.to
            .iter()
            .chain(self.cc.iter())
            .any(|a| matches!(a.as_str(), super::AS_PUBLIC | "as:Public" | "Public"))
    }

    /// Whether `actor` is addressed or mentioned by the object.
    pub fn mentions(&self, actor: &Url) -> bool {
        self.tag.iter().any(|t| t == actor)
            || self
                .to
                .iter()
                .chain(self.cc.iter())
                .any(|a| a == actor.as_str())
    }
}

fn lenient_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(&s)
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc)),
        _ => None,
    })
}

fn link_of(v: &Value) -> Option<Url> {
    match v {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(o) => o
            .get("href")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        Value::Array(items) => items.iter().find_map(link_of),
        _ => None,
    }
}

fn first_link<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
    Ok(link_of(&Value::deserialize(d)?).filter(|u| matches!(u.scheme(), "http" | "https")))
}

fn mentions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Url>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => Vec::new(),
    };
    Ok(items
        .iter()
        .filter(|t| t.get("type").and_then(Value::as_str) == Some("Mention"))
        .filter_map(|t| t.get("href").and_then(Value::as_str))
        .filter_map(|h| Url::parse(h).ok())
        .collect())
}

/// `Flag`: a report, as Mastodon's `FlagSerializer` writes it — `object` the reported account
/// then the reported posts (a list of ids; one id from other servers), `content` the
/// reporter's comment, `actor` the reporting server's instance actor.
#[derive(Debug, Clone, Deserialize)]
pub struct Flag {
    #[serde(deserialize_with = "references")]
    pub object: Vec<Url>,
    #[serde(default)]
    pub content: Option<String>,
}

/// One reference or a list of them.
fn references<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Url>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Reference),
        Many(Vec<Reference>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(r) => vec![r.id],
        OneOrMany::Many(rs) => rs.into_iter().map(|r| r.id).collect(),
    })
}

/// `Delete{object}`: an object's id, or its `Tombstone`.
#[derive(Debug, Clone, Deserialize)]
pub struct Delete {
    pub object: Reference,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(doc: Value) -> Result<Incoming, serde_json::Error> {
        let envelope: Envelope = serde_json::from_value(doc.clone())?;
        Incoming::parse(&envelope, &doc)
    }

    #[test]
    fn a_mastodon_vote_reads_as_a_note_answering_the_question() {
        // As app/serializers/activitypub/vote_serializer.rb writes it.
        let doc = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/users/awa#votes/12/activity",
            "type": "Create",
            "actor": "https://mastodon.example/users/awa",
            "to": "https://node.example/communes/rufisque",
            "object": {
                "id": "https://mastodon.example/users/awa#votes/12",
                "type": "Note",
                "name": "Oui",
                "attributedTo": "https://mastodon.example/users/awa",
                "to": "https://node.example/communes/rufisque",
                "inReplyTo": "https://node.example/communes/rufisque/consultations/k1"
            }
        });
        let Incoming::Create(c) = parse(doc).expect("a Create") else {
            panic!("not a Create");
        };
        assert_eq!(c.object.kind, "Note");
        assert_eq!(c.object.name.as_deref(), Some("Oui"));
        assert_eq!(
            c.object.in_reply_to.as_ref().map(Url::as_str),
            Some("https://node.example/communes/rufisque/consultations/k1")
        );
        assert_eq!(c.object.to, ["https://node.example/communes/rufisque"]);
    }

    #[test]
    fn references_may_be_ids_or_embedded_objects() {
        let embedded = json!({
            "id": "https://lemmy.example/activities/undo/1",
            "type": "Undo",
            "actor": {"id": "https://lemmy.example/u/moussa", "type": "Person"},
            "object": {
                "id": "https://lemmy.example/activities/follow/1",
                "type": "Follow",
                "actor": "https://lemmy.example/u/moussa",
                "object": {"id": "https://node.example/communes/rufisque"}
            }
        });
        let Incoming::Undo(u) = parse(embedded).expect("an Undo") else {
            panic!("not an Undo");
        };
        assert_eq!(u.object.kind.as_deref(), Some("Follow"));
        assert_eq!(
            u.object.object.as_ref().map(Url::as_str),
            Some("https://node.example/communes/rufisque")
        );
        let by_id = json!({
            "id": "https://old.example/a/1", "type": "Accept",
            "actor": "https://old.example/u/x", "object": "https://node.example/activities/f1"
        });
        let Incoming::Accept(a) = parse(by_id).expect("an Accept") else {
            panic!("not an Accept");
        };
        assert_eq!(a.object.id.as_str(), "https://node.example/activities/f1");
        assert_eq!(a.object.kind, None);
    }

    #[test]
    fn a_mastodon_flag_lists_the_account_then_the_posts() {
        let doc = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://mastodon.example/0d5c7a3e-6d0a-4a55-9a8b-1c1d9d8b2f10",
            "type": "Flag",
            "actor": "https://mastodon.example/actor",
            "content": "Propos injurieux",
            "object": [
                "https://node.example/communes/rufisque",
                "https://node.example/communes/rufisque/decisions/d1"
            ]
        });
        let Incoming::Flag(f) = parse(doc).expect("a Flag") else {
            panic!("not a Flag");
        };
        assert_eq!(f.object.len(), 2);
        assert_eq!(f.content.as_deref(), Some("Propos injurieux"));
        let one = json!({"id": "https://p.example/f/1", "type": "Flag",
            "actor": "https://p.example/u/x", "object": "https://node.example/communes/rufisque"});
        assert!(
            matches!(parse(one), Ok(Incoming::Flag(f)) if f.object.len() == 1 && f.content.is_none())
        );
    }

    #[test]
    fn unknown_types_are_other_and_bad_shapes_are_errors() {
        let like = json!({"id": "https://m.example/l/1", "type": "Like",
            "actor": "https://m.example/u/a", "object": 42});
        assert!(matches!(parse(like), Ok(Incoming::Other(k)) if k == "Like"));
        for bad in [
            // A Create whose object is only an id: nothing to sort.
            json!({"id": "https://m.example/c/1", "type": "Create",
                "actor": "https://m.example/u/a", "object": "https://m.example/n/1"}),
            // A Follow of nothing.
            json!({"id": "https://m.example/f/1", "type": "Follow", "actor": "https://m.example/u/a"}),
            // An object without an id.
            json!({"id": "https://m.example/c/2", "type": "Create",
                "actor": "https://m.example/u/a", "object": {"type": "Note"}}),
            // An actor that is not a URL.
            json!({"id": "https://m.example/f/2", "type": "Follow", "actor": "awa",
                "object": "https://node.example/communes/rufisque"}),
        ] {
            assert!(parse(bad.clone()).is_err(), "{bad}");
        }
    }
}
