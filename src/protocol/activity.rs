use super::context::with_context;
use super::AS_PUBLIC;
use serde_json::{json, Value};
use url::Url;

/// Create, Update or Delete of one of our public objects, addressed like the object.
pub fn public(kind: &str, id: &Url, actor: &Url, followers: &Url, object: Value) -> Value {
    with_context(json!({
        "id": id,
        "type": kind,
        "actor": actor,
        "published": super::article::rfc3339(crate::store::now()),
        "to": [AS_PUBLIC],
        "cc": [followers],
        "object": object,
    }))
}

/// Accept of a Follow: Mastodon matches it by the Follow's id, so the Follow is echoed whole.
pub fn accept(id: &Url, actor: &Url, follow: Value, to: &str) -> Value {
    with_context(json!({"id": id, "type": "Accept", "actor": actor, "to": [to], "object": follow}))
}

pub fn follow(id: &Url, actor: &Url, target: &str) -> Value {
    with_context(json!({"id": id, "type": "Follow", "actor": actor, "object": target}))
}

pub fn undo(id: &Url, actor: &Url, object: Value, to: Option<&str>) -> Value {
    let mut doc = json!({"id": id, "type": "Undo", "actor": actor, "object": object});
    if let Some(to) = to {
        doc["to"] = json!([to]);
    }
    with_context(doc)
}

pub fn announce(
    id: &Url,
    actor: &Url,
    followers: &Url,
    object: &str,
    original_author: &str,
) -> Value {
    with_context(json!({
        "id": id,
        "type": "Announce",
        "actor": actor,
        "published": super::article::rfc3339(crate::store::now()),
        "to": [AS_PUBLIC],
        "cc": [followers, original_author],
        "object": object,
    }))
}

/// Strips `@context` from an activity embedded in another one.
pub fn embedded(mut doc: Value) -> Value {
    if let Value::Object(map) = &mut doc {
        map.remove("@context");
    }
    doc
}
