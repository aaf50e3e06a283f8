use serde_json::{json, Value};

/// Our JSON-LD extension namespace for the structured fields of a decision.
pub const PALABRE_NS: &str = "https://palabre.africa/ns#";

/// The `@context` of everything we publish: ActivityStreams, the security vocabulary (public
/// keys), Mastodon's `PropertyValue`, and our `palabre:` terms. Every term we send must be
/// defined here or by the two contexts above, or JSON-LD consumers lose it (tests/jsonld.rs):
/// `manuallyApprovesFollowers` and `Hashtag` are used by everyone but are not in the
/// ActivityStreams context, so we define them in the `as:` namespace as Mastodon does.
pub fn context() -> Value {
    let mut terms = json!({
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "Hashtag": "as:Hashtag",
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
            "votersCount": "toot:votersCount",
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
            "currency": "palabre:currency",
            "openData": { "@id": "palabre:openData", "@type": "@id" }
    });
    for term in super::budget::TERMS.iter().chain(super::commitment::TERMS) {
        terms[*term] = json!(format!("palabre:{term}"));
    }
    for term in super::commitment::DATE_TERMS {
        terms[*term] = json!({ "@id": format!("palabre:{term}"), "@type": "http://www.w3.org/2001/XMLSchema#date" });
    }
    terms["situationDate"] =
        json!({ "@id": "palabre:situationDate", "@type": "http://www.w3.org/2001/XMLSchema#date" });
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        terms
    ])
}

/// Puts our context on a top-level document.
pub fn with_context(mut doc: Value) -> Value {
    if let Value::Object(map) = &mut doc {
        map.insert("@context".into(), context());
    }
    doc
}
