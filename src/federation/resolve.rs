//! Finding a remote actor from what a person types: `@user@host`, `user@host`, or a URL.

use super::actors::RemoteActorObj;
use super::{Data, FederationError};
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::fetch::webfinger::Webfinger;
use std::net::IpAddr;
use url::Url;

/// Refuses, with a reason a person understands, what only the development switch allows.
pub fn check_remote(url: &Url, dev: bool) -> Result<(), FederationError> {
    if dev {
        return Ok(());
    }
    if url.scheme() != "https" {
        return Err(FederationError::Refused(format!(
            "{url}: only https:// peers are allowed (set dev = true / PALABRE_DEV=1 for tests)"
        )));
    }
    let host = url.host_str().unwrap_or_default();
    let private = match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        Ok(IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00
        }
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    };
    if private {
        return Err(FederationError::Refused(format!(
            "{url}: loopback and private addresses are refused (set dev = true / PALABRE_DEV=1 for tests)"
        )));
    }
    Ok(())
}

pub async fn actor(data: &Data, handle_or_url: &str) -> Result<RemoteActorObj, FederationError> {
    let input = handle_or_url.trim();
    let dev = data.app_data().config.dev;
    if input.starts_with("http://") || input.starts_with("https://") {
        let url = Url::parse(input)
            .map_err(|_| FederationError::Rejected(format!("{input:?} is not a URL")))?;
        check_remote(&url, dev)?;
        return ObjectId::<RemoteActorObj>::from(url)
            .dereference(data)
            .await;
    }
    let handle = input.trim_start_matches('@');
    let Some((_, host)) = handle.split_once('@') else {
        return Err(FederationError::Rejected(format!(
            "{input:?} is neither @user@host nor a URL"
        )));
    };
    let probe = Url::parse(&format!("https://{host}/"))
        .map_err(|_| FederationError::Rejected(format!("{host:?} is not a host name")))?;
    check_remote(&probe, dev)?;
    let client = super::client::build(dev)
        .map_err(|e| FederationError::Refused(format!("HTTP client: {e}")))?;
    let id = webfinger(&client, handle, dev).await?;
    check_remote(&id, dev)?;
    ObjectId::<RemoteActorObj>::from(id).dereference(data).await
}

/// Where WebFinger is asked for `user@host`, in order: https, then, only under the
/// development switch, http (test peers on loopback do not speak TLS).
pub fn webfinger_urls(handle: &str, dev: bool) -> Result<Vec<Url>, FederationError> {
    let Some((_, host)) = handle.split_once('@') else {
        return Err(FederationError::Rejected(format!(
            "{handle:?} is not user@host"
        )));
    };
    // A bare authority: a '/', '?' or '#' would put the request somewhere else on the host.
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || "-.:[]_".contains(c))
    {
        return Err(FederationError::Rejected(format!(
            "{host:?} is not a host name"
        )));
    }
    let schemes: &[&str] = if dev { &["https", "http"] } else { &["https"] };
    schemes
        .iter()
        .map(|scheme| {
            let mut url = Url::parse(&format!("{scheme}://{host}/.well-known/webfinger"))
                .map_err(|_| FederationError::Rejected(format!("{host:?} is not a host name")))?;
            url.query_pairs_mut()
                .append_pair("resource", &format!("acct:{handle}"));
            Ok(url)
        })
        .collect()
}

/// A JRD is a few hundred bytes; anything much larger is not one.
const MAX_JRD_BYTES: usize = 64 * 1024;

/// Resolves `user@host` to the actor id its WebFinger document links to (`rel=self`, an
/// ActivityPub media type). Tries each URL of [`webfinger_urls`]; falls back to the next only
/// when the connection itself fails (no TLS on the other side, nothing listening), never
/// after an answer, so an https 404 is not retried over http.
pub async fn webfinger(
    client: &reqwest::Client,
    handle: &str,
    dev: bool,
) -> Result<Url, FederationError> {
    let mut failures = Vec::new();
    for url in webfinger_urls(handle, dev)? {
        let res = match client
            .get(url.clone())
            .header("accept", "application/jrd+json, application/json")
            .send()
            .await
        {
            Ok(res) => res,
            Err(e) => {
                tracing::debug!(%url, error = %e, "WebFinger request failed");
                failures.push(format!("{url}: {e}"));
                continue;
            }
        };
        if !res.status().is_success() {
            return Err(FederationError::Rejected(format!(
                "WebFinger {url} answered {}",
                res.status()
            )));
        }
        let body = read_limited(res, MAX_JRD_BYTES)
            .await
            .map_err(|e| FederationError::Rejected(format!("WebFinger {url}: {e}")))?;
        let jrd: Webfinger = serde_json::from_slice(&body).map_err(|e| {
            FederationError::Rejected(format!("WebFinger {url}: not a JRD document ({e})"))
        })?;
        return jrd
            .links
            .iter()
            .filter(|l| l.rel.as_deref() == Some("self"))
            .filter(|l| {
                l.kind.as_deref().is_some_and(|k| {
                    k.starts_with("application/activity+json")
                        || k.starts_with("application/ld+json")
                })
            })
            .find_map(|l| l.href.clone())
            .ok_or_else(|| {
                FederationError::Rejected(format!("WebFinger {url}: no ActivityPub self link"))
            });
    }
    Err(FederationError::Rejected(format!(
        "WebFinger for {handle} failed: {}",
        failures.join("; ")
    )))
}

async fn read_limited(mut res: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > max {
            return Err(format!("more than {max} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webfinger_is_asked_over_https_and_over_http_only_in_development() {
        let prod = webfinger_urls("mairie@dakar.sn", false).unwrap();
        assert_eq!(
            prod.iter().map(Url::as_str).collect::<Vec<_>>(),
            ["https://dakar.sn/.well-known/webfinger?resource=acct%3Amairie%40dakar.sn"]
        );
        let dev = webfinger_urls("u1@peer.localhost:8002", true).unwrap();
        assert_eq!(
            dev.iter().map(Url::scheme).collect::<Vec<_>>(),
            ["https", "http"]
        );
        assert_eq!(dev[1].port(), Some(8002));
        for bad in [
            "u@",
            "u@evil.example/x",
            "u@evil.example?a",
            "u@a#b",
            "nohost",
        ] {
            assert!(webfinger_urls(bad, true).is_err(), "{bad}");
        }
    }
}
