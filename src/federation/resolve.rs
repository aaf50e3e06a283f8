//! Finding a remote actor from what a person types: `@user@host`, `user@host`, or a URL.

use super::actors::RemoteActorObj;
use super::{Data, FederationError};
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::fetch::webfinger::webfinger_resolve_actor;
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
    let scheme = if dev { "http" } else { "https" };
    let probe = Url::parse(&format!("{scheme}://{host}/"))
        .map_err(|_| FederationError::Rejected(format!("{host:?} is not a host name")))?;
    check_remote(&probe, dev)?;
    webfinger_resolve_actor::<crate::service::App, RemoteActorObj>(handle, data).await
}
