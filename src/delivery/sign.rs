//! Draft-cavage HTTP signatures for our POSTs, the way Mastodon verifies them:
//! `rsa-sha256` over `(request-target) host date digest content-type`, keyId `actor#main-key`.
//! We sign ourselves rather than through the crate because its sender hides the response status,
//! and because it names the algorithm `hs2019`, which some verifiers read as RSA-PSS.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{DateTime, Utc};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use url::Url;

pub const CONTENT_TYPE: &str = "application/activity+json";

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("private key of {0} cannot be read")]
    Key(String),
    #[error("cannot sign: {0}")]
    Rsa(#[from] rsa::Error),
    #[error("inbox URL has no host")]
    NoHost,
}

/// A parsed private key and the key id that names its public half. Parsing a PEM costs more
/// than a delivery's bookkeeping, so the dispatcher keeps these.
pub struct Key {
    pub key_id: String,
    private: RsaPrivateKey,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("key_id", &self.key_id).finish()
    }
}

impl Key {
    /// Keys are PKCS#8 (what we generate); PKCS#1 is accepted for keys imported by hand.
    pub fn parse(key_id: String, pem: &str) -> Result<Key, SignError> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| SignError::Key(key_id.clone()))?;
        Ok(Key { key_id, private })
    }
}

/// The headers a signed POST carries, all of them covered by `signature`.
#[derive(Debug, Clone)]
pub struct Signed {
    pub host: String,
    pub date: String,
    pub digest: String,
    pub signature: String,
}

/// `host[:port]` as the client sends it in `Host` (no port when it is the scheme's default).
fn host_header(url: &Url) -> Result<String, SignError> {
    let host = url.host_str().ok_or(SignError::NoHost)?;
    Ok(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

/// Signs a POST of `body` to `url` at `date`. RSA signing takes milliseconds of CPU: call it
/// from the blocking pool.
pub fn sign_post(
    key: &Key,
    url: &Url,
    body: &[u8],
    date: DateTime<Utc>,
) -> Result<Signed, SignError> {
    let host = host_header(url)?;
    let date = date.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let digest = format!("SHA-256={}", B64.encode(Sha256::digest(body)));
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let signing = format!(
        "(request-target): post {target}\nhost: {host}\ndate: {date}\ndigest: {digest}\ncontent-type: {CONTENT_TYPE}"
    );
    let sig = key.private.sign(
        Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(signing.as_bytes()),
    )?;
    let signature = format!(
        "keyId=\"{}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"{}\"",
        key.key_id,
        B64.encode(sig)
    );
    Ok(Signed {
        host,
        date,
        digest,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    use rsa::RsaPublicKey;

    fn key() -> (Key, RsaPublicKey) {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("key");
        let public = RsaPublicKey::from(&private);
        let pem = private.to_pkcs8_pem(LineEnding::LF).expect("pem");
        let key = Key::parse("https://a.example/communes/x#main-key".into(), &pem).expect("parse");
        (key, public)
    }

    #[test]
    fn the_signature_covers_target_host_date_digest_and_type_and_verifies() {
        let (key, public) = key();
        let url = Url::parse("https://b.example:8443/users/u1/inbox").expect("url");
        let date = DateTime::parse_from_rfc2822("Thu, 03 Dec 2026 13:00:00 GMT")
            .expect("date")
            .with_timezone(&Utc);
        let s = sign_post(&key, &url, b"{}", date).expect("sign");
        assert_eq!(s.host, "b.example:8443");
        assert_eq!(s.date, "Thu, 03 Dec 2026 13:00:00 GMT");
        assert_eq!(
            s.digest,
            "SHA-256=RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="
        );
        assert!(s
            .signature
            .starts_with("keyId=\"https://a.example/communes/x#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\""));
        let b64 = s
            .signature
            .rsplit("signature=\"")
            .next()
            .expect("sig")
            .trim_end_matches('"');
        let sig = B64.decode(b64).expect("base64");
        let signing = format!("(request-target): post /users/u1/inbox\nhost: b.example:8443\ndate: {}\ndigest: {}\ncontent-type: application/activity+json", s.date, s.digest);
        public
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(signing.as_bytes()),
                &sig,
            )
            .expect("verifies");
    }

    #[test]
    fn an_unreadable_key_is_an_error_not_a_panic() {
        assert!(matches!(
            Key::parse("k".into(), "not a key"),
            Err(SignError::Key(_))
        ));
    }
}
