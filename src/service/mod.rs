//! Use cases that change state, whoever asks (API, CLI, incoming activity). A change that
//! goes out is written in one transaction with its activity and delivery rows (the outbox),
//! then the delivery workers are woken.

pub mod budgets;
pub mod comments;
pub mod commitments;
pub mod communes;
pub mod consultations;
pub mod decisions;
pub mod follows;
pub mod inbound;
pub mod media;
pub mod outbox;
pub mod remote;
pub mod reports;
pub mod requests;
pub mod staff;

use crate::config::Config;
use crate::domain::Invalid;
use crate::protocol::urls::Urls;
use crate::store::{Store, StoreError};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// A value that must be unique (a decision's reference among the commune's live
    /// decisions) is already used: the same answer whether a check or a constraint saw it.
    #[error("{field} is already used")]
    Taken { field: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot create keys: {0}")]
    Keys(String),
    #[error("background task failed: {0}")]
    Task(String),
    #[error("cannot store file: {0}")]
    Media(#[from] std::io::Error),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Everything a request, a worker or a CLI command needs, cheap to clone.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    pub store: Store,
    pub config: Config,
    pub urls: Urls,
    pub instance_public_key: String,
    pub instance_private_key: String,
    /// Wakes the delivery dispatcher when the outbox gets new rows.
    pub wake: tokio::sync::Notify,
    /// Each country's deadlines for citizens' requests.
    pub deadlines: crate::domain::deadline::Deadlines,
}

impl std::ops::Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("invalid domain: {0}")]
    Domain(#[from] url::ParseError),
    #[error("cannot create the instance keys: {0}")]
    Keys(String),
    #[error("deadlines file: {0}")]
    Deadlines(String),
}

impl App {
    /// Opens the database (running migrations) and makes sure the instance actor has keys.
    pub fn open(config: Config) -> Result<Self, StartError> {
        let deadlines = match &config.deadlines_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| StartError::Deadlines(format!("{}: {e}", path.display())))?;
                crate::domain::deadline::Deadlines::parse(&text)
                    .map_err(|e| StartError::Deadlines(format!("{}: {e}", path.display())))?
            }
            None => crate::domain::deadline::Deadlines::built_in(),
        };
        let store = Store::open(&config.database_url)?;
        let urls = Urls::new(config.scheme(), &config.domain)?;
        let keys = match store.blocking(crate::store::communes::instance_keys)? {
            Some(k) => k,
            None => {
                let pair = activitypub_federation::http_signatures::generate_actor_keypair()
                    .map_err(|e| StartError::Keys(e.to_string()))?;
                store
                    .blocking(|c| {
                        crate::store::communes::insert_instance_keys(
                            c,
                            &pair.public_key,
                            &pair.private_key,
                        )?;
                        crate::store::communes::instance_keys(c)
                    })?
                    .ok_or_else(|| StartError::Keys("keys were not stored".into()))?
            }
        };
        Ok(App(Arc::new(AppInner {
            store,
            config,
            urls,
            instance_public_key: keys.public_key,
            instance_private_key: keys.private_key,
            wake: tokio::sync::Notify::new(),
            deadlines,
        })))
    }
}

/// A short random key for a new record's URL (decisions, consultations, commitments).
pub(crate) fn short_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}
