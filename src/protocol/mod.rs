//! ActivityPub shapes, built by one function each and checked against Mastodon's rules in
//! tests. Pure: no I/O, so the service layer can build an activity inside its transaction.

pub mod activity;
pub mod actor;
pub mod article;
pub mod budget;
pub mod collection;
pub mod commitment;
pub mod context;
pub mod incoming;
pub mod note;
pub mod question;
pub mod urls;

pub const AS_PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
pub const ACTIVITY_JSON: &str = "application/activity+json";
