//! draft-cavage-http-signatures (`Signature: keyId=…,headers=…,signature=…`), as Mastodon,
//! Fedify, Lemmy and this node send it.

use super::keys::Algorithm;
use super::{check_window, Incoming, SignatureError, Signed};
use base64::Engine;
use sha2::{Digest, Sha256, Sha512};

/// `key="value"` or `key=token` pairs separated by commas; commas inside quotes are kept.
fn params(header: &str) -> Result<Vec<(String, String)>, SignatureError> {
    let mut out = Vec::new();
    let mut rest = header.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once('=')
            .ok_or_else(|| SignatureError::Malformed("parameter without '='".into()))?;
        let name = name.trim().to_ascii_lowercase();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| SignatureError::Malformed("unterminated quoted value".into()))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            match after.find(',') {
                Some(i) => (&after[..i], &after[i..]),
                None => (after, ""),
            }
        };
        out.push((name, value.trim().to_string()));
        let tail = tail.trim_start();
        rest = match tail.strip_prefix(',') {
            Some(t) => t.trim_start(),
            None if tail.is_empty() => "",
            None => return Err(SignatureError::Malformed("junk after a value".into())),
        };
    }
    Ok(out)
}

pub fn parse(req: &Incoming<'_>, header: &str) -> Result<Signed, SignatureError> {
    let params = params(header)?;
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let key_id = get("keyid").ok_or(SignatureError::Missing("keyId"))?;
    let signature = get("signature").ok_or(SignatureError::Missing("signature"))?;
    let alg = match get("algorithm").unwrap_or("hs2019") {
        "hs2019" => Algorithm::FromKey,
        "rsa-sha256" => Algorithm::RsaSha256,
        "ed25519" => Algorithm::Ed25519,
        other => return Err(SignatureError::Malformed(format!("algorithm {other:?}"))),
    };
    // The draft's default is `date` alone; an explicit list is what everyone sends.
    let headers: Vec<String> = get("headers")
        .unwrap_or("date")
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let covers = |h: &str| headers.iter().any(|x| x == h);
    // Without a signed date a captured request could be replayed for ever.
    if !covers("date") {
        return Err(SignatureError::Weak("date is not among the signed headers"));
    }
    if req.method == http::Method::POST && !covers("digest") {
        return Err(SignatureError::Weak("digest is not signed on a POST"));
    }
    let date = req.header("date")?;
    let when = httpdate::parse_http_date(&date)
        .map_err(|_| SignatureError::Stale(format!("unparsable Date {date:?}")))?;
    check_window(when, "Date")?;
    for (name, param) in [("(created)", "created"), ("(expires)", "expires")] {
        if covers(name) && get(param).is_none() {
            return Err(SignatureError::Missing(param));
        }
    }
    if let Some(created) = get("created") {
        check_window(super::unix_time(created)?, "created")?;
    }
    if let Some(expires) = get("expires") {
        super::check_expires(super::unix_time(expires)?)?;
    }
    if covers("digest") {
        check_digest(&req.header("digest")?, req.body)?;
    }

    let mut lines = Vec::with_capacity(headers.len());
    for h in &headers {
        let value = match h.as_str() {
            "(request-target)" => format!(
                "{} {}",
                req.method.as_str().to_ascii_lowercase(),
                req.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
            ),
            "(created)" => get("created").unwrap_or_default().to_string(),
            "(expires)" => get("expires").unwrap_or_default().to_string(),
            name => req.header(name)?,
        };
        lines.push(format!("{h}: {value}"));
    }
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| SignatureError::Malformed("signature is not base64".into()))?;
    Ok(Signed {
        key_id: key_id.to_string(),
        alg,
        message: lines.join("\n").into_bytes(),
        signature,
    })
}

/// RFC 3230 `Digest`: every SHA-256 or SHA-512 value offered must match the body, and at
/// least one must be offered.
fn check_digest(header: &str, body: &[u8]) -> Result<(), SignatureError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut checked = false;
    for part in header.split(',') {
        let Some((alg, value)) = part.trim().split_once('=') else {
            continue;
        };
        let expected = match alg.to_ascii_lowercase().as_str() {
            "sha-256" => b64.encode(Sha256::digest(body)),
            "sha-512" => b64.encode(Sha512::digest(body)),
            _ => continue,
        };
        if value.trim() != expected {
            return Err(SignatureError::Digest(format!(
                "{alg} does not match the body"
            )));
        }
        checked = true;
    }
    if checked {
        Ok(())
    } else {
        Err(SignatureError::Digest(
            "no SHA-256 or SHA-512 in Digest".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::params;

    #[test]
    fn parameters_keep_commas_inside_quotes() {
        let p =
            params(r#"keyId="https://a.example/u#k",headers="a b", signature="x,y=",created=17"#)
                .unwrap();
        assert_eq!(p[0], ("keyid".into(), "https://a.example/u#k".into()));
        assert_eq!(p[2], ("signature".into(), "x,y=".into()));
        assert_eq!(p[3], ("created".into(), "17".into()));
        assert!(params(r#"keyId="unterminated"#).is_err());
    }
}
