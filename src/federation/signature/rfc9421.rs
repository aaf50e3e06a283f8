//! RFC 9421 HTTP Message Signatures (`Signature-Input` + `Signature`), which Mastodon accepts
//! from 4.5 on and Fedify sends first. We check what Mastodon requires: `created`, `keyid`,
//! `@method`, the target (`@target-uri`, or `@authority` with `@path`), and `content-digest`
//! (RFC 9530) on a POST.

use super::keys::Algorithm;
use super::{check_window, Incoming, SignatureError, Signed};
use sfv::{BareItem, Dictionary, FieldType, InnerList, List, ListEntry, Parser};
use sha2::{Digest, Sha256, Sha512};

fn dictionary(value: &str, what: &str) -> Result<Dictionary, SignatureError> {
    Parser::new(value)
        .parse::<Dictionary>()
        .map_err(|e| SignatureError::Malformed(format!("{what}: {e}")))
}

pub fn parse(req: &Incoming<'_>, input: &str, signature: &str) -> Result<Signed, SignatureError> {
    let inputs = dictionary(input, "Signature-Input")?;
    let signatures = dictionary(signature, "Signature")?;
    // A request may carry several signatures; the first one we can pair is the sender's own.
    let (label, list) = inputs
        .iter()
        .find_map(|(label, entry)| match entry {
            ListEntry::InnerList(l) if signatures.contains_key(label) => Some((label, l)),
            _ => None,
        })
        .ok_or_else(|| {
            SignatureError::Malformed("no Signature-Input matches a Signature".into())
        })?;
    let sig = match signatures.get(label) {
        Some(ListEntry::Item(item)) => item.bare_item.as_byte_sequence().map(<[u8]>::to_vec),
        _ => None,
    }
    .ok_or_else(|| SignatureError::Malformed("signature is not a byte sequence".into()))?;

    let param = |k: &str| {
        list.params
            .iter()
            .find(|(name, _)| name.as_str() == k)
            .map(|(_, v)| v)
    };
    let key_id = param("keyid")
        .and_then(BareItem::as_string)
        .map(|s| s.as_str().to_string())
        .ok_or(SignatureError::Missing("keyid"))?;
    let alg = match param("alg").map(|a| a.as_string().map(|s| s.as_str())) {
        None => Algorithm::FromKey,
        Some(Some("rsa-v1_5-sha256")) => Algorithm::RsaSha256,
        Some(Some("ed25519")) => Algorithm::Ed25519,
        Some(other) => return Err(SignatureError::Malformed(format!("alg {other:?}"))),
    };
    let created = param("created")
        .ok_or(SignatureError::Weak(
            "created is not among the signature parameters",
        ))?
        .as_integer()
        .map(i64::from)
        .ok_or_else(|| SignatureError::Stale("created is not an integer".into()))?;
    check_window(super::unix_time(&created.to_string())?, "created")?;
    if let Some(expires) = param("expires") {
        let expires = expires
            .as_integer()
            .map(i64::from)
            .ok_or_else(|| SignatureError::Stale("expires is not an integer".into()))?;
        super::check_expires(super::unix_time(&expires.to_string())?)?;
    }

    let mut components = Vec::with_capacity(list.items.len());
    for item in &list.items {
        if !item.params.is_empty() {
            return Err(SignatureError::Malformed(
                "component parameters are not supported".into(),
            ));
        }
        let name = item
            .bare_item
            .as_string()
            .ok_or_else(|| SignatureError::Malformed("component is not a string".into()))?;
        components.push(name.as_str().to_string());
    }
    let covers = |c: &str| components.iter().any(|x| x == c);
    if !covers("@method") {
        return Err(SignatureError::Weak("@method is not signed"));
    }
    if !(covers("@target-uri") || (covers("@authority") && covers("@path"))) {
        return Err(SignatureError::Weak("the target URI is not signed"));
    }
    if req.method == http::Method::POST {
        if !covers("content-digest") {
            return Err(SignatureError::Weak(
                "content-digest is not signed on a POST",
            ));
        }
        check_content_digest(&req.header("content-digest")?, req.body)?;
    }

    let authority = req
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| authority_of(req.base));
    let path_and_query = req.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut base = String::new();
    for c in &components {
        let value = match c.as_str() {
            "@method" => req.method.as_str().to_string(),
            "@target-uri" => format!("{}://{authority}{path_and_query}", req.base.scheme()),
            "@authority" => authority.clone(),
            "@scheme" => req.base.scheme().to_string(),
            "@request-target" => path_and_query.to_string(),
            "@path" => req.uri.path().to_string(),
            "@query" => format!("?{}", req.uri.query().unwrap_or_default()),
            d if d.starts_with('@') => {
                return Err(SignatureError::Malformed(format!(
                    "component {d} is not supported"
                )))
            }
            name => req.header(name)?,
        };
        base.push_str(&format!("\"{c}\": {value}\n"));
    }
    let params: List = vec![ListEntry::InnerList(InnerList {
        items: list.items.clone(),
        params: list.params.clone(),
    })];
    let serialized = params
        .serialize()
        .ok_or_else(|| SignatureError::Malformed("empty signature parameters".into()))?;
    base.push_str(&format!("\"@signature-params\": {serialized}"));
    Ok(Signed {
        key_id,
        alg,
        message: base.into_bytes(),
        signature: sig,
    })
}

fn authority_of(base: &url::Url) -> String {
    match base.port() {
        Some(p) => format!("{}:{p}", base.host_str().unwrap_or_default()),
        None => base.host_str().unwrap_or_default().to_string(),
    }
}

/// RFC 9530: every `sha-256` or `sha-512` member must match the body; at least one present.
fn check_content_digest(value: &str, body: &[u8]) -> Result<(), SignatureError> {
    let digests = dictionary(value, "Content-Digest")?;
    let mut checked = false;
    for (alg, entry) in &digests {
        let expected: Vec<u8> = match alg.as_str() {
            "sha-256" => Sha256::digest(body).to_vec(),
            "sha-512" => Sha512::digest(body).to_vec(),
            _ => continue,
        };
        let given = match entry {
            ListEntry::Item(i) => i.bare_item.as_byte_sequence(),
            ListEntry::InnerList(_) => None,
        };
        if given != Some(expected.as_slice()) {
            return Err(SignatureError::Digest(format!(
                "Content-Digest {} does not match the body",
                alg.as_str()
            )));
        }
        checked = true;
    }
    if checked {
        Ok(())
    } else {
        Err(SignatureError::Digest(
            "no sha-256 or sha-512 in Content-Digest".into(),
        ))
    }
}
