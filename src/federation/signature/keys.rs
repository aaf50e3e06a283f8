//! Public keys an actor document publishes, and checking one signature with one of them.

use ed25519_dalek::pkcs8::DecodePublicKey as _;
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Multicodec prefix of an Ed25519 public key in a Multikey (FEP-521a, W3C Controlled Identifiers).
const ED25519_MULTICODEC: [u8; 2] = [0xed, 0x01];

#[derive(Debug, Clone)]
pub enum PublicKey {
    Rsa(Box<RsaPublicKey>),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// The signature algorithm a request names. `hs2019` and a missing RFC 9421 `alg` leave the
/// choice to the key, as Mastodon and the drafts do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    FromKey,
    RsaSha256,
    Ed25519,
}

impl PublicKey {
    pub fn from_pem(pem: &str) -> Option<Self> {
        let pem = pem.trim();
        if let Ok(k) = RsaPublicKey::from_public_key_pem(pem) {
            return Some(PublicKey::Rsa(Box::new(k)));
        }
        if let Ok(k) = RsaPublicKey::from_pkcs1_pem(pem) {
            return Some(PublicKey::Rsa(Box::new(k)));
        }
        ed25519_dalek::VerifyingKey::from_public_key_pem(pem)
            .ok()
            .map(PublicKey::Ed25519)
    }

    /// `z` + base58btc of the multicodec-prefixed key; only Ed25519 is expected there.
    pub fn from_multibase(text: &str) -> Option<Self> {
        let encoded = text.strip_prefix('z')?;
        let bytes = bs58::decode(encoded).into_vec().ok()?;
        let raw = bytes.strip_prefix(&ED25519_MULTICODEC[..])?;
        let raw: [u8; 32] = raw.try_into().ok()?;
        ed25519_dalek::VerifyingKey::from_bytes(&raw)
            .ok()
            .map(PublicKey::Ed25519)
    }

    /// Whether `signature` signs `message` with this key under `alg`.
    pub fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, alg) {
            (PublicKey::Rsa(k), Algorithm::FromKey | Algorithm::RsaSha256) => k
                .verify(
                    Pkcs1v15Sign::new::<Sha256>(),
                    &Sha256::digest(message),
                    signature,
                )
                .is_ok(),
            (PublicKey::Ed25519(k), Algorithm::FromKey | Algorithm::Ed25519) => {
                match ed25519_dalek::Signature::from_slice(signature) {
                    Ok(sig) => k.verify_strict(message, &sig).is_ok(),
                    Err(_) => false,
                }
            }
            _ => false,
        }
    }
}

fn entries(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => vec![],
    }
}

/// The key with id `key_id` in an actor document: its `publicKey` (PEM, RSA or Ed25519), or a
/// `Multikey` of its `assertionMethod` controlled by the actor. None if the actor does not
/// publish that key (a forged keyId, or a key rotated away).
pub fn find(actor: &Value, key_id: &str) -> Option<PublicKey> {
    let actor_id = actor.get("id").and_then(Value::as_str)?;
    let str_of = |e: &Value, k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
    for k in entries(actor.get("publicKey")) {
        if str_of(k, "id").as_deref() == Some(key_id)
            && str_of(k, "owner").as_deref() == Some(actor_id)
        {
            if let Some(key) = str_of(k, "publicKeyPem").and_then(|p| PublicKey::from_pem(&p)) {
                return Some(key);
            }
        }
    }
    for k in entries(actor.get("assertionMethod")) {
        if str_of(k, "id").as_deref() == Some(key_id)
            && str_of(k, "controller").as_deref() == Some(actor_id)
        {
            if let Some(key) =
                str_of(k, "publicKeyMultibase").and_then(|m| PublicKey::from_multibase(&m))
            {
                return Some(key);
            }
        }
    }
    None
}
