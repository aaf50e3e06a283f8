use super::context::with_context;
use super::urls::Urls;
use crate::domain::commune::Commune;
use serde_json::{json, Value};

fn property(name: &str, value: &str) -> Value {
    json!({"type": "PropertyValue", "name": name, "value": value})
}

/// A commune as an `Organization`: Mastodon shows it as an ordinary account (not a bot).
pub fn commune_actor(urls: &Urls, c: &Commune) -> Value {
    let id = urls.commune(&c.slug);
    let country = c.country.name("fr");
    let mut fields = vec![property("Pays", country)];
    if let Some(region) = &c.region {
        fields.push(property("Région", region));
    }
    if let Some(p) = c.population {
        fields.push(property("Population", &p.to_string()));
    }
    if let Some(w) = &c.website {
        let safe = crate::domain::markdown::escape(w);
        fields.push(property(
            "Site web",
            &format!("<a href=\"{safe}\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">{safe}</a>"),
        ));
    }
    let data = crate::domain::markdown::escape(urls.open_data(&c.slug).as_str());
    fields.push(property(
        "Données ouvertes",
        &format!(
            "<a href=\"{data}\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">{data}</a>"
        ),
    ));
    let summary = c
        .description
        .as_deref()
        .map(crate::domain::markdown::to_safe_html)
        .unwrap_or_default();
    let mut actor = json!({
        "id": id,
        "type": "Organization",
        "preferredUsername": c.slug,
        "name": c.name,
        "summary": summary,
        "url": id,
        "inbox": urls.inbox(&c.slug),
        "outbox": urls.outbox(&c.slug),
        "followers": urls.followers(&c.slug),
        "following": urls.following(&c.slug),
        "endpoints": {"sharedInbox": urls.shared_inbox()},
        "manuallyApprovesFollowers": false,
        "discoverable": true,
        "published": chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(c.created_at, chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "country": c.country,
        "attachment": fields,
        // Where machines find the commune's datasets (DCAT-AP).
        "openData": urls.data_catalog(&c.slug),
        "publicKey": {
            "id": urls.key_id(&id),
            "owner": id,
            "publicKeyPem": c.public_key,
        },
    });
    if let Some(icon) = &c.icon_url {
        actor["icon"] = json!({"type": "Image", "url": icon});
    }
    with_context(actor)
}

/// The node's own actor, which signs outgoing GETs (servers in authorized-fetch mode demand
/// it). `Application`, so Mastodon labels it as a bot and does not list it as a person.
pub fn instance_actor(urls: &Urls, public_key: &str) -> Value {
    let id = urls.instance_actor();
    with_context(json!({
        "id": id,
        "type": "Application",
        "preferredUsername": urls.authority().replace(':', "."),
        "name": "Palabre",
        "inbox": urls.shared_inbox(),
        "outbox": format!("{id}/outbox"),
        "url": urls.base(),
        "manuallyApprovesFollowers": true,
        "publicKey": {"id": urls.key_id(&id), "owner": id, "publicKeyPem": public_key},
    }))
}

/// WebFinger: `subject` is `acct:` + preferredUsername + `@` + the host of the actor id,
/// and the `self` link is the actor id, which is how Mastodon checks it.
pub fn webfinger(urls: &Urls, slug: &str) -> Value {
    let id = urls.commune(slug);
    json!({
        "subject": format!("acct:{slug}@{}", urls.authority()),
        "aliases": [id],
        "links": [
            {"rel": "self", "type": super::ACTIVITY_JSON, "href": id},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": id},
        ],
    })
}

pub fn nodeinfo(communes: i64, decisions: i64, open_registrations: bool) -> Value {
    json!({
        "version": "2.1",
        "software": {
            "name": "palabre",
            "version": env!("CARGO_PKG_VERSION"),
            "repository": "https://github.com/palabre/palabre",
        },
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0"]},
        "openRegistrations": open_registrations,
        "usage": {"users": {"total": communes}, "localPosts": decisions},
        "metadata": {"nodeName": "Palabre"},
    })
}

pub fn nodeinfo_links(urls: &Urls) -> Value {
    let mut href = urls.base().clone();
    href.set_path("/nodeinfo/2.1");
    json!({"links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": href}]})
}

pub fn host_meta(urls: &Urls) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{}.well-known/webfinger?resource={{uri}}\"/>\n</XRD>\n",
        urls.base()
    )
}
