//! Palabre: a federated node for open local government. See docs/ARCHITECTURE.md.

pub mod config;
pub mod delivery;
pub mod domain;
pub mod federation;
pub mod l10n;
pub mod protocol;
pub mod service;
pub mod store;
pub mod web;
