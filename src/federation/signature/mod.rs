//! Incoming HTTP signatures, checked by us rather than by the crate (which knows only cavage
//! and stores the actors it fetches before it verifies): the cavage draft and RFC 9421,
//! RSA (PKCS#1 v1.5, SHA-256) and Ed25519 keys, a signed date within an hour either way, and
//! a body digest that matches. Everything that can be checked without the network is checked
//! before the signer's actor is fetched; a fetched actor is stored only once its key verified.

pub mod cavage;
pub mod keys;
pub mod rfc9421;

use super::actors::RemoteActorObj;
use super::Data;
use crate::service::{remote, ServiceError};
use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::traits::Object;
use http::{HeaderMap, Method, Uri};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use url::Url;

/// How far a signature's date may be from our clock, in either direction (Mastodon's margin).
pub const CLOCK_SKEW: Duration = Duration::from_secs(3600);

/// A cached actor whose key fails is fetched again at most this often, so a stream of forged
/// signatures cannot turn the node into a fetcher of someone's actor.
pub const REFETCH_EVERY: Duration = Duration::from_secs(300);

#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("request is not signed")]
    Unsigned,
    #[error("signature lacks {0}")]
    Missing(&'static str),
    #[error("signed header {0} is absent")]
    MissingHeader(String),
    #[error("malformed signature: {0}")]
    Malformed(String),
    #[error("signature too weak: {0}")]
    Weak(&'static str),
    #[error("signature date refused: {0}")]
    Stale(String),
    #[error("body digest refused: {0}")]
    Digest(String),
    #[error("the actor publishes no key {0}")]
    UnknownKey(String),
    #[error("signature does not verify with key {0}")]
    Invalid(String),
    #[error("the signer's actor could not be fetched: {0}")]
    Fetch(String),
    /// Our own failure (the database), not the sender's.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

/// The parts of a request a signature covers. `base` is this node's public URL: behind the
/// reverse proxy the scheme is not visible in the request itself.
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub base: &'a Url,
}

impl Incoming<'_> {
    /// A header's values as signed: each trimmed, several joined by ", ".
    fn header(&self, name: &str) -> Result<String, SignatureError> {
        let values: Vec<&str> = self
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::trim)
            .collect();
        if values.is_empty() {
            return Err(SignatureError::MissingHeader(name.to_string()));
        }
        Ok(values.join(", "))
    }
}

/// A signature reduced to what the key checks: the bytes signed and the signature.
#[derive(Debug)]
pub struct Signed {
    pub key_id: String,
    pub alg: keys::Algorithm,
    pub message: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Whether the request carries a signature in a form we read (no network, no parsing).
pub fn present(headers: &HeaderMap) -> bool {
    headers.contains_key("signature-input")
        || headers
            .get("signature")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("keyId="))
}

/// Parses either form and checks freshness, coverage and the body digest.
pub fn parse(req: &Incoming<'_>) -> Result<Signed, SignatureError> {
    let text = |name: &str| {
        req.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    match (text("signature-input"), text("signature")) {
        (Some(input), Some(sig)) => rfc9421::parse(req, &input, &sig),
        (None, Some(sig)) if sig.contains("keyId=") => cavage::parse(req, &sig),
        _ => Err(SignatureError::Unsigned),
    }
}

pub(crate) fn unix_time(s: &str) -> Result<SystemTime, SignatureError> {
    let secs: u64 = s
        .trim()
        .parse()
        .map_err(|_| SignatureError::Stale(format!("{s:?} is not a time")))?;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

pub(crate) fn check_window(when: SystemTime, what: &str) -> Result<(), SignatureError> {
    let now = SystemTime::now();
    let off = match when.duration_since(now) {
        Ok(ahead) => ahead,
        Err(e) => e.duration(),
    };
    if off > CLOCK_SKEW {
        return Err(SignatureError::Stale(format!(
            "{what} is {}s away from our clock",
            off.as_secs()
        )));
    }
    Ok(())
}

pub(crate) fn check_expires(expires: SystemTime) -> Result<(), SignatureError> {
    if SystemTime::now() > expires + CLOCK_SKEW {
        return Err(SignatureError::Stale("signature expired".into()));
    }
    Ok(())
}

fn check(doc: &Value, signed: &Signed) -> Result<(), SignatureError> {
    let key = keys::find(doc, &signed.key_id)
        .ok_or_else(|| SignatureError::UnknownKey(signed.key_id.clone()))?;
    if key.verify(signed.alg, &signed.message, &signed.signature) {
        Ok(())
    } else {
        Err(SignatureError::Invalid(signed.key_id.clone()))
    }
}

/// True at most once per `REFETCH_EVERY` for one actor of one node.
fn refetch_allowed(node: &str, actor: &Url) -> bool {
    static LAST: OnceLock<Mutex<HashMap<String, Instant>>> = OnceLock::new();
    let mut last = LAST
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    if last.len() > 10_000 {
        last.retain(|_, t| now.duration_since(*t) < REFETCH_EVERY);
    }
    let key = format!("{node} {actor}");
    match last.get(&key) {
        Some(t) if now.duration_since(*t) < REFETCH_EVERY => false,
        _ => {
            last.insert(key, now);
            true
        }
    }
}

async fn fetch(data: &Data, actor: &Url) -> Result<Value, SignatureError> {
    let doc = fetch_object_http::<_, Value>(actor, data)
        .await
        .map_err(|e| SignatureError::Fetch(e.to_string()))?
        .object;
    RemoteActorObj::verify(&doc, actor, data)
        .await
        .map_err(|e| SignatureError::Fetch(e.to_string()))?;
    Ok(doc)
}

/// Verifies the request as signed by `actor` and returns that actor, stored. A cached actor
/// whose key fails is fetched again (key rotation, as Mastodon does), rate-limited; a fetched
/// document is stored only after its key verified the request.
pub async fn verify(
    data: &Data,
    req: &Incoming<'_>,
    actor: &Url,
) -> Result<RemoteActorObj, SignatureError> {
    let signed = parse(req)?;
    let app = data.app_data();
    if let Some(row) = remote::actor(app, actor.as_str()).await? {
        let doc: Value = serde_json::from_str(&row.json).unwrap_or(Value::Null);
        match check(&doc, &signed) {
            Ok(()) => return Ok(RemoteActorObj::new(row)),
            Err(e) if !refetch_allowed(data.domain(), actor) => {
                tracing::info!(%actor, error = %e, "cached key failed; refetched recently, not again");
                return Err(e);
            }
            Err(e) => tracing::info!(%actor, error = %e, "cached key failed; refetching the actor"),
        }
    }
    let doc = fetch(data, actor).await?;
    check(&doc, &signed)?;
    RemoteActorObj::from_json(doc, data)
        .await
        .map_err(|e| match e {
            super::FederationError::Service(s) => SignatureError::Internal(s),
            other => SignatureError::Fetch(other.to_string()),
        })
}
