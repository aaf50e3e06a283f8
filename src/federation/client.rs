//! The outgoing HTTP client. In production its resolver refuses private and loopback
//! addresses at connect time (so a DNS answer cannot smuggle one in); under the development
//! switch it resolves `*.localhost` names to loopback, as RFC 6761 allows, so several test
//! nodes can run on one machine without /etc/hosts entries.

use activitypub_federation::resolver::ValidatingDnsResolver;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

struct DevResolver;

impl Resolve for DevResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        Box::pin(async move {
            if host == "localhost" || host.ends_with(".localhost") {
                let addrs: Addrs =
                    Box::new(std::iter::once(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))));
                return Ok(addrs);
            }
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

pub fn build(dev: bool) -> Result<reqwest::Client, reqwest::Error> {
    let resolver: Arc<dyn Resolve> = if dev {
        Arc::new(DevResolver)
    } else {
        Arc::new(ValidatingDnsResolver::new(vec![], true))
    };
    reqwest::Client::builder()
        .user_agent(concat!("Palabre/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(8)
        .no_proxy()
        .dns_resolver(resolver)
        .build()
}
