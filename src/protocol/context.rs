use serde_json::{json, Value};

/// Our JSON-LD extension namespace for the structured fields of a decision.
pub const PALABRE_NS: &str = "https://palabre.africa/ns#";

/// The `@context` of everything we publish: ActivityStreams, the security vocabulary (public
/// keys), Mastodon's `PropertyValue`, and our `palabre:` terms.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
            "palabre": PALABRE_NS,
            "reference": "palabre:reference",
            "decisionKind": "palabre:decisionKind",
            "sessionDate": { "@id": "palabre:sessionDate", "@type": "http://www.w3.org/2001/XMLSchema#date" },
            "decisionStatus": "palabre:decisionStatus",
            "voteCounts": "palabre:voteCounts",
            "yes": "palabre:yes",
            "no": "palabre:no",
            "abstain": "palabre:abstain",
            "absent": "palabre:absent",
            "themes": "palabre:themes",
            "digestMultibase": "palabre:sha256",
            "country": "palabre:country",
            "amount": "palabre:amount",
            "currency": "palabre:currency"
        }
    ])
}

/// Puts our context on a top-level document.
pub fn with_context(mut doc: Value) -> Value {
    if let Value::Object(map) = &mut doc {
        map.insert("@context".into(), context());
    }
    doc
}
