//! The ActivityPub machinery around `activitypub_federation`: its configuration and HTTP
//! client, our actors as its traits, incoming signatures, the inbox, and resolving remote actors.

pub mod actors;
pub mod client;
pub mod receive;
pub mod resolve;
pub mod signature;

use crate::service::App;
use activitypub_federation::config::{FederationConfig, UrlVerifier};
use activitypub_federation::error::Error as FedError;
use async_trait::async_trait;
use url::Url;

pub type Data = activitypub_federation::config::Data<App>;

/// Refuses URLs of blocked instances before anything is fetched from them.
#[derive(Clone)]
struct Blocklist(App);

#[async_trait]
impl UrlVerifier for Blocklist {
    async fn verify(&self, url: &Url) -> Result<(), FedError> {
        let host = url.host_str().unwrap_or_default();
        match crate::service::remote::is_blocked(&self.0, host).await {
            Ok(false) => Ok(()),
            Ok(true) => Err(FedError::UrlVerificationError("instance is blocked")),
            Err(_) => Err(FedError::UrlVerificationError("blocklist unavailable")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("HTTP client: {0}")]
    Client(#[from] reqwest::Error),
    #[error("federation configuration: {0}")]
    Config(String),
}

/// One configuration per process. The instance actor signs every GET; `debug` (the crate's
/// switch for http:// and loopback) follows our development switch and nothing else.
pub async fn configure(app: App) -> Result<FederationConfig<App>, SetupError> {
    let client = client::build(app.config.dev)?;
    let instance = actors::LocalActor::instance(&app);
    FederationConfig::builder()
        .domain(app.config.domain.clone())
        .app_data(app.clone())
        .client(client.into())
        .debug(app.config.dev)
        .http_signature_compat(true)
        .url_verifier(Box::new(Blocklist(app.clone())))
        .signed_fetch_actor(&instance)
        .request_timeout(std::time::Duration::from_secs(10))
        .build()
        .await
        .map_err(|e| SetupError::Config(e.to_string()))
}

/// Why a federation step failed; the web edge maps each to a status.
#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    #[error(transparent)]
    Protocol(#[from] FedError),
    #[error(transparent)]
    Service(#[from] crate::service::ServiceError),
    /// Well-formed and signed, but not acceptable (ids on another host, unknown target).
    #[error("{0}")]
    Rejected(String),
    /// Understood, but not taken into account (a vote for an unknown option, after closing).
    #[error("{0}")]
    Unprocessable(String),
    /// A remote address the configuration does not allow (http://, loopback, private).
    #[error("{0}")]
    Refused(String),
}

/// Host and port, the unit of origin for our checks. The crate compares host names only,
/// which would let a node on another port of the same host speak for this one.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}
