//! Rows as stored. Column order follows `schema.rs`.

use super::schema::*;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::fmt;

const REDACTED: &str = "<redacted>";

impl fmt::Debug for InstanceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstanceKeys")
            .field("id", &self.id)
            .field("public_key", &self.public_key)
            .field("private_key", &REDACTED)
            .field("created_at", &self.created_at)
            .finish()
    }
}

impl fmt::Debug for CommuneRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommuneRow")
            .field("id", &self.id)
            .field("slug", &self.slug)
            .field("name", &self.name)
            .field("country", &self.country)
            .field("public_key", &self.public_key)
            .field("private_key", &REDACTED)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for NewCommune {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCommune")
            .field("slug", &self.slug)
            .field("profile", &self.profile)
            .field("private_key", &REDACTED)
            .finish_non_exhaustive()
    }
}

// Rows holding a private key print it as redacted: rows end up in logs and panics.
#[derive(Clone, Queryable)]
pub struct InstanceKeys {
    pub id: i32,
    pub public_key: String,
    pub private_key: String,
    pub created_at: NaiveDateTime,
}

/// A `communes` row; read through `domain::commune::Commune`.
#[derive(Clone, Queryable)]
pub struct CommuneRow {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub website: Option<String>,
    pub languages: String,
    pub description: Option<String>,
    pub icon_url: Option<String>,
    pub public_key: String,
    pub private_key: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub legal_notice: Option<String>,
    pub timezone: Option<String>,
    pub logo_sha256: Option<String>,
    pub hold_new_commenters: bool,
    pub data_licence: String,
}

#[derive(Insertable)]
#[diesel(table_name = communes)]
pub struct NewCommune {
    pub slug: String,
    #[diesel(embed)]
    pub profile: ProfileFields,
    pub public_key: String,
    pub private_key: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The editable public profile of a commune.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = communes, treat_none_as_null = true)]
pub struct ProfileFields {
    pub name: String,
    pub country: String,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub website: Option<String>,
    pub languages: String,
    pub description: Option<String>,
    pub icon_url: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub legal_notice: Option<String>,
    pub timezone: Option<String>,
    pub data_licence: String,
}

#[derive(Debug, Clone, Queryable)]
pub struct DecisionRow {
    pub id: i32,
    pub commune_id: i32,
    pub key: String,
    pub reference: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub body_html: String,
    pub session_date: NaiveDate,
    pub status: String,
    pub votes_yes: Option<i32>,
    pub votes_no: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub votes_absent: Option<i32>,
    pub themes: String,
    pub language: String,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub search_text: String,
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, Queryable)]
pub struct AttachmentRow {
    pub id: i32,
    pub decision_id: i32,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct RemoteActor {
    pub id: i32,
    pub ap_id: String,
    pub kind: String,
    pub username: String,
    pub host: String,
    pub name: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub public_key_pem: String,
    pub json: String,
    pub fetched_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = remote_actors, treat_none_as_null = true)]
pub struct RemoteActorFields {
    pub ap_id: String,
    pub kind: String,
    pub username: String,
    pub host: String,
    pub name: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub public_key_pem: String,
    pub json: String,
    pub fetched_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct Follower {
    pub id: i32,
    pub commune_id: i32,
    pub actor_ap_id: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub follow_ap_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct Follow {
    pub id: i32,
    pub commune_id: i32,
    pub target_ap_id: String,
    pub follow_ap_id: String,
    pub accepted: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct BlockedInstance {
    pub host: String,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct RemoteObject {
    pub id: i32,
    pub ap_id: String,
    pub kind: String,
    pub attributed_to: String,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub reference: Option<String>,
    pub decision_kind: Option<String>,
    pub session_date: Option<NaiveDate>,
    pub status: Option<String>,
    pub votes_yes: Option<i32>,
    pub votes_no: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub votes_absent: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub json: String,
    pub received_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = remote_objects, treat_none_as_null = true)]
pub struct RemoteObjectFields {
    pub ap_id: String,
    pub kind: String,
    pub attributed_to: String,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub reference: Option<String>,
    pub decision_kind: Option<String>,
    pub session_date: Option<NaiveDate>,
    pub status: Option<String>,
    pub votes_yes: Option<i32>,
    pub votes_no: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub votes_absent: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub json: String,
    pub received_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct Share {
    pub id: i32,
    pub commune_id: i32,
    pub object_ap_id: String,
    pub announce_ap_id: String,
    pub created_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct Activity {
    pub id: i32,
    pub ap_id: String,
    pub commune_id: Option<i32>,
    pub actor_ap_id: String,
    pub kind: String,
    pub object_ap_id: Option<String>,
    pub public: bool,
    pub json: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable)]
pub struct Delivery {
    pub id: i32,
    pub activity_id: i32,
    pub inbox: String,
    pub host: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// HTTP status of the last answer; none after a connection error or before any attempt.
    pub last_status: Option<i32>,
}

#[derive(Debug, Clone, Queryable)]
pub struct DeliveryHost {
    pub host: String,
    pub failing_since: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
    pub dead_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct Staff {
    pub id: i32,
    pub commune_id: i32,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable)]
pub struct Invitation {
    pub id: i32,
    pub commune_id: i32,
    pub token_hash: String,
    pub role: String,
    pub invited_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_by: Option<i32>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_commune_row_never_prints_its_private_key() {
        let at = chrono::DateTime::UNIX_EPOCH.naive_utc();
        let c = super::CommuneRow {
            id: 1,
            slug: "labe".into(),
            name: "Labé".into(),
            country: "GN".into(),
            region: None,
            population: None,
            website: None,
            languages: "fr".into(),
            description: None,
            icon_url: None,
            public_key: "PUBLIC".into(),
            private_key: "-----BEGIN PRIVATE KEY-----SECRET".into(),
            created_at: at,
            updated_at: at,
            contact_email: None,
            contact_phone: None,
            address: None,
            legal_notice: None,
            timezone: None,
            logo_sha256: None,
            hold_new_commenters: false,
            data_licence: "CC-BY-4.0".into(),
        };
        let printed = format!("{c:?} {c:#?}");
        assert!(!printed.contains("SECRET"), "{printed}");
        assert!(printed.contains("labe") && printed.contains("<redacted>"));
    }
}
