//! Our WebFinger, actor, Article and Create, checked against the rules Mastodon applies when it
//! parses them (app/lib/activitypub/, app/services/activitypub/): if one of these fails, a
//! Mastodon user cannot follow the commune or does not see its decisions.

mod support;

use serde_json::Value;
use support::*;
use url::Url;

const AS: &str = "https://www.w3.org/ns/activitystreams";

fn context_has_activitystreams(doc: &Value) -> bool {
    match &doc["@context"] {
        Value::String(s) => s == AS,
        Value::Array(items) => items.iter().any(|i| i == AS),
        _ => false,
    }
}

fn host_and_port(u: &str) -> (String, Option<u16>) {
    let u = Url::parse(u).expect("absolute URL");
    (
        u.host_str().unwrap_or_default().to_string(),
        u.port_or_known_default(),
    )
}

#[tokio::test]
async fn webfinger_actor_article_and_create_follow_mastodons_rules() {
    let node = spawn_node("masto").await;
    node.add_commune("fass-colobane").await;
    let token = node.token("fass-colobane").await;
    let peer = spawn_peer("mfollower").await;

    // WebFinger: JRD content type; subject = acct:preferredUsername@host of the id; self link = id.
    let wf = node
        .client
        .get(node.url(&format!(
            "/.well-known/webfinger?resource=acct:fass-colobane@{}",
            node.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(wf.status(), 200);
    assert!(wf.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/jrd+json"));
    let wf: Value = wf.json().await.unwrap();
    let self_link = wf["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self" && l["type"] == "application/activity+json")
        .expect("self link");
    let actor_id = self_link["href"].as_str().unwrap().to_string();

    // The actor, fetched with the Accept header Mastodon sends.
    let res = node
        .client
        .get(&actor_id)
        .header("accept", "application/activity+json, application/ld+json")
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/activity+json"));
    let actor: Value = res.json().await.unwrap();
    assert!(context_has_activitystreams(&actor));
    assert_eq!(
        actor["id"],
        actor_id.as_str(),
        "the body's id is the URL fetched"
    );
    assert!(
        ["Application", "Group", "Organization", "Person", "Service"]
            .contains(&actor["type"].as_str().unwrap())
    );
    assert_eq!(
        actor["type"], "Organization",
        "shown as an ordinary account, not a bot"
    );
    let username = actor["preferredUsername"].as_str().unwrap();
    let username_rule = regex::Regex::new(r"^[a-z0-9_]+([.-]+[a-z0-9_]+)*$").unwrap();
    assert!(username_rule.is_match(username));
    let (host, port) = host_and_port(&actor_id);
    let authority = match port {
        Some(p) if p != 80 && p != 443 => format!("{host}:{p}"),
        _ => host.clone(),
    };
    assert_eq!(
        wf["subject"],
        format!("acct:{username}@{authority}").as_str()
    );
    for key in ["inbox", "outbox", "followers", "following"] {
        let u = actor[key].as_str().unwrap_or_else(|| panic!("{key}"));
        assert_eq!(
            host_and_port(u),
            (host.clone(), port),
            "{key} on the actor's host"
        );
    }
    assert_eq!(
        host_and_port(actor["endpoints"]["sharedInbox"].as_str().unwrap()),
        (host.clone(), port)
    );
    assert_eq!(actor["publicKey"]["owner"], actor_id.as_str());
    assert_eq!(
        actor["publicKey"]["id"],
        format!("{actor_id}#main-key").as_str()
    );
    assert!(actor["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    let fields = actor["attachment"].as_array().unwrap();
    assert!(fields
        .iter()
        .all(|f| f["type"] == "PropertyValue" && f["name"].is_string() && f["value"].is_string()));
    assert!(fields.iter().any(|f| f["value"] == "Sénégal"));

    // A follower, so the Create is delivered; the delivered Create is what Mastodon parses.
    let follow = serde_json::json!({
        "id": format!("{}/follows/1", peer.actor("u1")), "type": "Follow",
        "actor": peer.actor("u1"), "object": actor_id,
    });
    let res = signed_post(
        &node.client,
        actor["inbox"].as_str().unwrap(),
        &serde_json::to_vec(&follow).unwrap(),
        &peer.key,
        &format!("{}#main-key", peer.actor("u1")),
        chrono::Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202);
    node.publish("fass-colobane", &token, &sample_decision())
        .await;
    let got = peer
        .wait_for(10, "Create", |r| {
            r.iter().any(|x| x.body["type"] == "Create")
        })
        .await;
    let create = &got
        .iter()
        .find(|x| x.body["type"] == "Create")
        .unwrap()
        .body;
    assert!(context_has_activitystreams(create));
    assert_eq!(create["actor"], actor_id.as_str());
    assert_eq!(
        host_and_port(create["id"].as_str().unwrap()),
        (host.clone(), port)
    );
    assert!(create["to"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "https://www.w3.org/ns/activitystreams#Public"));
    assert!(create["cc"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == &actor["followers"]));
    let article = &create["object"];
    assert_eq!(article["type"], "Article");
    assert_eq!(article["attributedTo"], actor_id.as_str());
    assert_eq!(
        host_and_port(article["id"].as_str().unwrap()),
        (host.clone(), port)
    );
    // What Mastodon shows of an Article: the title (`name`, else the first `nameMap` value),
    // the summary (`summary`, else `summaryMap`), a link to url. We send only the maps: a plain
    // `summary` or `name` is a content warning on other servers (tests/other_servers.rs).
    assert!(article.get("name").is_none() && article.get("summary").is_none());
    let first = |k: &str| {
        article[k]
            .as_object()
            .and_then(|m| m.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    assert!(!first("nameMap").is_empty());
    assert!(!first("summaryMap").is_empty());
    assert!(article["url"].as_str().is_some());
    // Its language is the first contentMap key.
    assert!(article["contentMap"]
        .as_object()
        .is_some_and(|m| m.contains_key("fr")));
    // It only inserts posts published within the last hours into home timelines.
    let published =
        chrono::DateTime::parse_from_rfc3339(article["published"].as_str().unwrap()).unwrap();
    assert!(chrono::Utc::now().signed_duration_since(published) < chrono::Duration::hours(6));
    assert_eq!(article["to"], create["to"]);
    // The same Article is served at its id.
    let served: Value = node
        .client
        .get(article["id"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["id"], article["id"]);
    assert_eq!(served["nameMap"], article["nameMap"]);
    assert!(context_has_activitystreams(&served));
    // Our extension terms are defined in the context, so JSON-LD processors keep them.
    let ctx = served["@context"].to_string();
    for term in [
        "reference",
        "decisionKind",
        "sessionDate",
        "voteCounts",
        "themes",
    ] {
        assert!(
            ctx.contains(&format!("\"{term}\"")),
            "{term} missing from @context"
        );
    }
}

#[tokio::test]
async fn nodeinfo_and_host_meta_are_discoverable() {
    let node = spawn_node("nodeinfo").await;
    node.add_commune("rufisque").await;
    let links: Value = node
        .client
        .get(node.url("/.well-known/nodeinfo"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let href = links["links"][0]["href"].as_str().unwrap();
    assert_eq!(
        links["links"][0]["rel"],
        "http://nodeinfo.diaspora.software/ns/schema/2.1"
    );
    let info: Value = node
        .client
        .get(href)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["version"], "2.1");
    assert_eq!(info["software"]["name"], "palabre");
    assert_eq!(info["protocols"][0], "activitypub");
    assert_eq!(info["usage"]["users"]["total"], 1);
    let xrd = node
        .client
        .get(node.url("/.well-known/host-meta"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(xrd.contains(&format!(
        "template=\"http://{}/.well-known/webfinger?resource={{uri}}\"",
        node.domain
    )));
    // The instance actor that signs our GETs.
    let actor: Value = node
        .client
        .get(node.url("/actor"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["type"], "Application");
    assert_eq!(actor["publicKey"]["owner"], actor["id"]);
    // Unknown users are 404, not 500.
    let res = node
        .client
        .get(node.url(&format!(
            "/.well-known/webfinger?resource=acct:nobody@{}",
            node.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = node
        .client
        .get(node.url("/.well-known/webfinger?resource=acct:rufisque@elsewhere.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
