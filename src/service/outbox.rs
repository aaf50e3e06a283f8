//! The one way anything is published: an activity and its delivery rows, written inside the
//! caller's transaction.

use super::App;
use crate::store::activities::{self, NewActivity};
use crate::store::{DbConn, StoreResult};
use serde_json::Value;
use url::Url;

pub struct Outgoing<'a> {
    pub commune_id: Option<i32>,
    pub actor: &'a Url,
    pub object_ap_id: Option<&'a str>,
    pub public: bool,
    pub activity: &'a Value,
}

/// Writes the activity and one delivery per distinct remote inbox, and marks the commune's
/// published documents as changed (cached renderings are dropped when the transaction commits).
pub fn enqueue(
    conn: &mut DbConn,
    app: &App,
    out: Outgoing,
    inboxes: &[String],
) -> StoreResult<i32> {
    let mut targets: Vec<Url> = inboxes
        .iter()
        .filter_map(|i| Url::parse(i).ok())
        .filter(|u| !app.urls.is_local(u))
        .collect();
    targets.sort();
    targets.dedup();
    let ap_id = out.activity["id"].as_str().unwrap_or_default().to_string();
    let kind = out.activity["type"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let json = out.activity.to_string();
    crate::store::revision::documents_changed(conn)?;
    activities::insert(
        conn,
        &NewActivity {
            ap_id: &ap_id,
            commune_id: out.commune_id,
            actor_ap_id: out.actor.as_str(),
            kind: &kind,
            object_ap_id: out.object_ap_id,
            public: out.public,
            json: &json,
        },
        &targets,
    )
}
