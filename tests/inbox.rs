//! The inbox: Follow/Accept/Undo, and every bad input refused with the right status and
//! nothing stored.

mod support;

use chrono::Utc;
use serde_json::{json, Value};
use support::*;

async fn followers(node: &TestNode, slug: &str) -> i64 {
    let doc: Value = node
        .client
        .get(node.url(&format!("/communes/{slug}/followers")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    doc["totalItems"].as_i64().unwrap()
}

fn follow(peer: &TestPeer, actor: &str, target: &str) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/{}", peer.actor(actor), uuid::Uuid::new_v4()),
        "type": "Follow",
        "actor": peer.actor(actor),
        "object": target,
    })
}

#[tokio::test]
async fn follow_gets_a_signed_accept_and_undo_removes_the_follower() {
    let node = spawn_node("inbox1").await;
    node.add_commune("rufisque").await;
    let peer = spawn_peer("peer1").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let f = follow(&peer, "u1", &node.actor_id("rufisque"));
    let body = serde_json::to_vec(&f).unwrap();
    let res = signed_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &format!("{}#main-key", peer.actor("u1")),
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(followers(&node, "rufisque").await, 1);
    // Mastodon matches the Accept by the Follow's id.
    let got = peer
        .wait_for(10, "Accept", |r| {
            r.iter().any(|x| x.body["type"] == "Accept")
        })
        .await;
    let accept = got.iter().find(|x| x.body["type"] == "Accept").unwrap();
    assert_eq!(accept.body["object"]["id"], f["id"]);
    assert_eq!(accept.body["actor"], node.actor_id("rufisque").as_str());
    let sig = accept.headers["signature"].to_str().unwrap();
    assert!(sig.contains(&format!("keyId=\"{}#main-key\"", node.actor_id("rufisque"))));
    assert!(accept.headers.contains_key("digest"));

    // A redelivery of the same Follow is not applied twice.
    let res = signed_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &format!("{}#main-key", peer.actor("u1")),
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(node.count("received_activities").await, 1);

    let undo = json!({
        "id": format!("{}/undo/1", peer.actor("u1")), "type": "Undo", "actor": peer.actor("u1"), "object": f,
    });
    assert_eq!(node.send_signed(&inbox, &peer, "u1", &undo).await, 202);
    assert_eq!(followers(&node, "rufisque").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_copies_of_one_follow_sent_at_once_take_effect_once() {
    let node = spawn_node("inboxrace").await;
    node.add_commune("rufisque").await;
    let peer = spawn_peer("peerrace").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let f = follow(&peer, "u1", &node.actor_id("rufisque"));
    // The first copy's signature check fetches the follower; let it be known, so that the ten
    // copies race on the effect itself, not on the fetch.
    let warm = follow(&peer, "u1", &node.actor_id("other"));
    let _ = node.send_signed(&inbox, &peer, "u1", &warm).await;
    let before = node.count("received_activities").await;
    // Signed first, then sent together: signing in turn would space them out.
    let body = serde_json::to_vec(&f).unwrap();
    let key_id = format!("{}#main-key", peer.actor("u1"));
    let copies: Vec<_> = (0..10)
        .map(|_| signed_post(&node.client, &inbox, &body, &peer.key, &key_id, Utc::now()))
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(copies.into_iter().map(|r| r.send()))
        .await
        .into_iter()
        .map(|r| r.expect("send").status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 202), "{statuses:?}");
    assert_eq!(followers(&node, "rufisque").await, 1);
    assert_eq!(node.count("received_activities").await, before + 1);
    // One Accept, however long we wait for a second.
    peer.wait_for(10, "an Accept", |r| {
        r.iter().any(|x| x.body["type"] == "Accept")
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let accepts = peer
        .received()
        .iter()
        .filter(|x| x.body["type"] == "Accept")
        .count();
    assert_eq!(
        accepts, 1,
        "ten copies of one Follow answered {accepts} times"
    );
    assert_eq!(node.count("activities").await, 1);
}

#[tokio::test]
async fn bad_inbox_requests_are_refused_and_store_nothing() {
    let node = spawn_node("inbox2").await;
    node.add_commune("rufisque").await;
    let peer = spawn_peer("peer2").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let key_id = format!("{}#main-key", peer.actor("u1"));
    let body = serde_json::to_vec(&follow(&peer, "u1", &node.actor_id("rufisque"))).unwrap();

    // Unsigned.
    let res = node
        .client
        .post(&inbox)
        .header("content-type", "application/activity+json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Signed with a key that is not the actor's.
    let res = signed_post(
        &node.client,
        &inbox,
        &body,
        &other_key(),
        &key_id,
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    // A valid signature by another actor (u2) on an activity claiming to be u1's.
    let forger = spawn_peer_with_key("forger", other_key()).await;
    let client = client_for(&[(node.domain.split(':').next().unwrap(), node.addr)]);
    let res = signed_post(
        &client,
        &inbox,
        &body,
        &forger.key,
        &format!("{}#main-key", forger.actor("u2")),
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    // Digest that does not match the body.
    let res = signed_post_with_digest(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        Utc::now(),
        "SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    // Date two hours off.
    let res = signed_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        Utc::now() - chrono::Duration::hours(2),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    // Over 1 MB.
    let mut big = follow(&peer, "u1", &node.actor_id("rufisque"));
    big["padding"] = json!("x".repeat(1024 * 1024 + 1));
    assert_eq!(node.send_signed(&inbox, &peer, "u1", &big).await, 413);
    // Malformed JSON.
    let res = signed_post(
        &node.client,
        &inbox,
        b"{\"type\": \"Follow\",",
        &peer.key,
        &key_id,
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    // An object whose id is on another host than its actor.
    let create = json!({
        "id": format!("{}/create/1", peer.actor("u1")), "type": "Create", "actor": peer.actor("u1"),
        "object": {"id": "http://elsewhere.localhost:9/notes/1", "type": "Note", "attributedTo": peer.actor("u1"), "content": "x"},
    });
    assert_eq!(node.send_signed(&inbox, &peer, "u1", &create).await, 400);
    // An activity id on another port of the same host name.
    let mut other_port = follow(&peer, "u1", &node.actor_id("rufisque"));
    other_port["id"] = json!(format!("http://{}:1/follows/x", peer.host));
    assert_eq!(
        node.send_signed(&inbox, &peer, "u1", &other_port).await,
        400
    );
    // Follow of a commune that does not exist here.
    let res = signed_post(
        &node.client,
        &node.url("/communes/nowhere/inbox"),
        &body,
        &peer.key,
        &key_id,
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 404);

    assert_eq!(followers(&node, "rufisque").await, 0);
    assert_eq!(node.count("received_activities").await, 0);
    assert_eq!(node.count("remote_objects").await, 0);
    assert_eq!(node.count("activities").await, 0);

    // An unknown activity type is accepted and ignored, never a 500.
    let like = json!({"id": format!("{}/likes/1", peer.actor("u1")), "type": "Like", "actor": peer.actor("u1"), "object": node.actor_id("rufisque")});
    assert_eq!(node.send_signed(&inbox, &peer, "u1", &like).await, 202);
    assert_eq!(node.count("activities").await, 0);

    // A blocked instance is refused before anything else.
    palabre::service::remote::block(&node.app, &peer.host, None)
        .await
        .unwrap();
    let res = signed_post(&node.client, &inbox, &body, &peer.key, &key_id, Utc::now())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(followers(&node, "rufisque").await, 0);
}

#[tokio::test]
async fn private_addresses_are_refused_without_the_development_switch() {
    let node = spawn_node_with("inbox3", |c| c.dev = false).await;
    let fed = palabre::federation::configure(node.app.clone())
        .await
        .unwrap();
    let data = fed.to_request_data();
    for target in [
        "http://127.0.0.1:8080/users/x",
        "https://127.0.0.1/users/x",
        "https://10.1.2.3/users/x",
        "https://[::1]/users/x",
        "https://node.localhost/users/x",
        "@mayor@192.168.1.10",
        "@mayor@localhost",
    ] {
        match palabre::federation::resolve::actor(&data, target).await {
            Err(palabre::federation::FederationError::Refused(msg)) => {
                assert!(msg.contains("PALABRE_DEV"), "{msg}")
            }
            other => panic!("{target}: {other:?}"),
        }
    }
    // The inbox does not fetch an http:// or loopback actor either.
    node.add_commune("rufisque").await;
    let peer = spawn_peer("peer3").await;
    let body = serde_json::to_vec(&follow(&peer, "u1", &node.actor_id("rufisque"))).unwrap();
    let res = signed_post(
        &node.client,
        &node.url("/communes/rufisque/inbox"),
        &body,
        &peer.key,
        &format!("{}#main-key", peer.actor("u1")),
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert!(
        res.status() == 401 || res.status() == 403,
        "{}",
        res.status()
    );
    assert_eq!(node.count("remote_actors").await, 0);
    assert_eq!(node.count("followers").await, 0);
}

#[tokio::test]
async fn decisions_of_followed_actors_are_stored_once_and_deletes_reflected() {
    let node = spawn_node("inbox4").await;
    node.add_commune("labe").await;
    let peer = spawn_peer("peer4").await;
    let fed = palabre::federation::configure(node.app.clone())
        .await
        .unwrap();
    let target = palabre::federation::resolve::actor(&fed.to_request_data(), &peer.actor("u1"))
        .await
        .unwrap();
    palabre::service::follows::follow(&node.app, "labe", target.row.clone())
        .await
        .unwrap();
    let got = peer
        .wait_for(10, "Follow", |r| {
            r.iter().any(|x| x.body["type"] == "Follow")
        })
        .await;
    let f = got
        .iter()
        .find(|x| x.body["type"] == "Follow")
        .unwrap()
        .body
        .clone();
    assert_eq!(f["object"], peer.actor("u1").as_str());
    let key_id = format!("{}#main-key", peer.actor("u1"));
    let shared = node.url("/inbox");
    let send = |doc: Value| {
        signed_post(
            &node.client,
            &shared,
            &serde_json::to_vec(&doc).unwrap(),
            &peer.key,
            &key_id,
            Utc::now(),
        )
        .send()
    };

    // Before the Accept, a post is not ours to keep.
    let article = json!({
        "id": format!("{}/decisions/1", peer.actor("u1")), "type": "Article", "attributedTo": peer.actor("u1"),
        "name": "Délibération D-7 — Marché", "summary": "Réhabilitation du marché", "url": format!("{}/decisions/1", peer.actor("u1")),
        "reference": "D-7", "decisionKind": "deliberation", "sessionDate": "2026-10-02", "decisionStatus": "adopted",
        "voteCounts": {"yes": 20, "no": 1, "abstain": 0, "absent": 2}, "published": "2026-10-03T10:00:00Z",
    });
    let create = |n: u32| json!({"id": format!("{}/create/{n}", peer.actor("u1")), "type": "Create", "actor": peer.actor("u1"), "object": article.clone()});
    assert_eq!(send(create(0)).await.unwrap().status(), 202);
    assert_eq!(node.count("remote_objects").await, 0);

    let accept = json!({"id": format!("{}/accept/1", peer.actor("u1")), "type": "Accept", "actor": peer.actor("u1"), "object": f});
    assert_eq!(send(accept).await.unwrap().status(), 202);
    assert_eq!(send(create(1)).await.unwrap().status(), 202);
    assert_eq!(send(create(1)).await.unwrap().status(), 202);
    assert_eq!(node.count("remote_objects").await, 1);
    let stored = node
        .app
        .store
        .run({
            let id = article["id"].as_str().unwrap().to_string();
            move |c| palabre::store::federation::remote_object(c, &id)
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.reference.as_deref(), Some("D-7"));
    assert_eq!(stored.votes_absent, Some(2));
    assert_eq!(
        stored.session_date.map(|d| d.to_string()).as_deref(),
        Some("2026-10-02")
    );

    // The commune shares it; then the author withdraws it.
    let share_id =
        palabre::service::remote::share(&node.app, "labe", article["id"].as_str().unwrap())
            .await
            .unwrap();
    peer.wait_for(10, "Announce", |r| {
        r.iter()
            .any(|x| x.body["type"] == "Announce" && x.body["id"] == share_id.as_str())
    })
    .await;
    let delete = json!({"id": format!("{}/delete/1", peer.actor("u1")), "type": "Delete", "actor": peer.actor("u1"), "object": article["id"]});
    assert_eq!(send(delete).await.unwrap().status(), 202);
    let stored = node
        .app
        .store
        .run({
            let id = article["id"].as_str().unwrap().to_string();
            move |c| palabre::store::federation::remote_object(c, &id)
        })
        .await
        .unwrap()
        .unwrap();
    assert!(stored.deleted_at.is_some());
    let shares = node
        .app
        .store
        .run({
            let id = article["id"].as_str().unwrap().to_string();
            move |c| palabre::store::federation::shares_of_object(c, &id)
        })
        .await
        .unwrap();
    assert!(shares.is_empty(), "the share is withdrawn");
}

#[tokio::test]
async fn profile_edits_reach_followers_as_an_actor_update() {
    let node = spawn_node("inbox5").await;
    node.add_commune("matankari").await;
    let peer = spawn_peer("peer5").await;
    let f = follow(&peer, "u1", &node.actor_id("matankari"));
    assert_eq!(
        node.send_signed(&node.url("/communes/matankari/inbox"), &peer, "u1", &f)
            .await,
        202
    );
    let edited = palabre::service::communes::edit(
        &node.app,
        "matankari",
        palabre::domain::commune::CommuneProfileInput {
            name: Some("Commune rurale de Matankari".into()),
            website: Some("https://matankari.ne".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        edited.region.as_deref(),
        Some("Dakar"),
        "unset fields are kept"
    );
    let got = peer
        .wait_for(10, "actor Update", |r| {
            r.iter().any(|x| x.body["type"] == "Update")
        })
        .await;
    let update = &got
        .iter()
        .find(|x| x.body["type"] == "Update")
        .unwrap()
        .body;
    assert_eq!(update["object"]["type"], "Organization");
    assert_eq!(update["object"]["name"], "Commune rurale de Matankari");
    // A bad edit changes nothing and sends nothing.
    let err = palabre::service::communes::edit(
        &node.app,
        "matankari",
        palabre::domain::commune::CommuneProfileInput {
            country: Some("FR".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("country"));
    assert_eq!(node.count("activities").await, 2, "Accept and one Update");
}

// ---- Signatures: freshness, key rotation, RFC 9421 ----

use axum::extract::{Path as AxPath, State as AxState};
use base64::Engine;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A remote server whose actors publish an RSA key that the test can rotate, and an Ed25519
/// Multikey; it counts how often its actor documents are fetched.
#[derive(Clone)]
struct KeyPeerState {
    origin: String,
    rsa_pem: Arc<Mutex<String>>,
    ed25519: String,
    fetches: Arc<Mutex<usize>>,
}

struct KeyPeer {
    state: KeyPeerState,
    host: String,
}

fn ed25519_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7u8; 32])
}

fn pem_of(key: &RsaPrivateKey) -> String {
    rsa::RsaPublicKey::from(key)
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

async fn key_peer_actor(
    AxState(s): AxState<KeyPeerState>,
    AxPath(name): AxPath<String>,
) -> impl axum::response::IntoResponse {
    *s.fetches.lock().unwrap() += 1;
    let id = format!("{}/users/{name}", s.origin);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Person", "preferredUsername": name, "inbox": format!("{id}/inbox"),
        "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": *s.rsa_pem.lock().unwrap()},
        "assertionMethod": [{"id": format!("{id}#ed25519-key"), "type": "Multikey", "controller": id, "publicKeyMultibase": s.ed25519}],
    });
    (
        [("content-type", "application/activity+json")],
        doc.to_string(),
    )
}

async fn spawn_key_peer(name: &str) -> KeyPeer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let host = format!("{name}.localhost");
    let mut multikey = vec![0xed, 0x01];
    multikey.extend_from_slice(ed25519_key().verifying_key().as_bytes());
    let state = KeyPeerState {
        origin: format!("http://{host}:{port}"),
        rsa_pem: Arc::new(Mutex::new(pem_of(&test_key()))),
        ed25519: format!("z{}", bs58::encode(multikey).into_string()),
        fetches: Arc::default(),
    };
    let router = axum::Router::new()
        .route("/users/{name}", axum::routing::get(key_peer_actor))
        .route(
            "/users/{name}/inbox",
            axum::routing::post(|| async { axum::http::StatusCode::ACCEPTED }),
        )
        .with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    KeyPeer { state, host }
}

impl KeyPeer {
    fn actor(&self, name: &str) -> String {
        format!("{}/users/{name}", self.state.origin)
    }
    fn fetches(&self) -> usize {
        *self.state.fetches.lock().unwrap()
    }
}

fn authority(url: &str) -> String {
    let u = url::Url::parse(url).unwrap();
    match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap()),
        None => u.host_str().unwrap().to_string(),
    }
}

/// A cavage POST signing exactly `signed` (header names, `(request-target)` included) over
/// `headers`, so tests can leave out or garble what a real sender would put in.
fn cavage_post(
    client: &reqwest::Client,
    url: &str,
    body: &[u8],
    key: &RsaPrivateKey,
    key_id: &str,
    headers: &[(&str, String)],
    signed: &[&str],
) -> reqwest::RequestBuilder {
    let path = url::Url::parse(url).unwrap().path().to_string();
    let lines: Vec<String> = signed
        .iter()
        .map(|h| match *h {
            "(request-target)" => format!("(request-target): post {path}"),
            name => {
                let v = &headers.iter().find(|(n, _)| *n == name).unwrap().1;
                format!("{name}: {v}")
            }
        })
        .collect();
    let sig = key
        .sign(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(lines.join("\n").as_bytes()),
        )
        .unwrap();
    let mut req = client.post(url).body(body.to_vec());
    for (n, v) in headers {
        req = req.header(*n, v);
    }
    req.header(
        "signature",
        format!(
            "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
            signed.join(" "),
            B64.encode(sig)
        ),
    )
}

fn standard_headers(url: &str, body: &[u8], date: String) -> Vec<(&'static str, String)> {
    vec![
        ("host", authority(url)),
        ("date", date),
        (
            "digest",
            format!("SHA-256={}", B64.encode(Sha256::digest(body))),
        ),
        ("content-type", "application/activity+json".into()),
    ]
}

enum Key9421<'a> {
    Rsa(&'a RsaPrivateKey),
    Ed25519(&'a ed25519_dalek::SigningKey),
}

/// An RFC 9421 POST as Mastodon 4.5 signs it: `@method`, `@target-uri`, `content-digest`,
/// with `created` and `keyid`.
fn rfc9421_post(
    client: &reqwest::Client,
    url: &str,
    body: &[u8],
    key: Key9421<'_>,
    key_id: &str,
    content_digest: Option<String>,
) -> reqwest::RequestBuilder {
    let digest =
        content_digest.unwrap_or_else(|| format!("sha-256=:{}:", B64.encode(Sha256::digest(body))));
    let alg = match key {
        Key9421::Rsa(_) => "rsa-v1_5-sha256",
        Key9421::Ed25519(_) => "ed25519",
    };
    let params = format!(
        "(\"@method\" \"@target-uri\" \"content-digest\");created={};keyid=\"{key_id}\";alg=\"{alg}\"",
        Utc::now().timestamp()
    );
    let base = format!(
        "\"@method\": POST\n\"@target-uri\": {url}\n\"content-digest\": {digest}\n\"@signature-params\": {params}"
    );
    let sig = match key {
        Key9421::Rsa(k) => k
            .sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(base.as_bytes()),
            )
            .unwrap(),
        Key9421::Ed25519(k) => {
            use ed25519_dalek::Signer;
            k.sign(base.as_bytes()).to_bytes().to_vec()
        }
    };
    client
        .post(url)
        .header("content-type", "application/activity+json")
        .header("content-digest", digest)
        .header("signature-input", format!("sig1={params}"))
        .header("signature", format!("sig1=:{}:", B64.encode(sig)))
        .body(body.to_vec())
}

#[tokio::test]
async fn signatures_need_a_signed_date_within_an_hour_either_way() {
    let node = spawn_node("inbox6").await;
    node.add_commune("rufisque").await;
    let peer = spawn_peer("peer6").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let key_id = format!("{}#main-key", peer.actor("u1"));
    let body = serde_json::to_vec(&follow(&peer, "u1", &node.actor_id("rufisque"))).unwrap();
    let all = ["(request-target)", "host", "date", "digest", "content-type"];

    // Two days in the future.
    let res = signed_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        Utc::now() + chrono::Duration::days(2),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    // No date among the signed headers (the Date header itself is there and current).
    let now = httpdate::fmt_http_date(std::time::SystemTime::now());
    let headers = standard_headers(&inbox, &body, now.clone());
    let res = cavage_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        &headers,
        &["(request-target)", "host", "digest", "content-type"],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("signature could not be verified"),
        "a generic reason: {text}"
    );
    // A Date that is not a date.
    let headers = standard_headers(&inbox, &body, "tomorrow, maybe".into());
    let res = cavage_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        &headers,
        &all,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(node.count("followers").await, 0);
    assert_eq!(node.count("remote_actors").await, 0);

    // The same request with a current, signed Date goes through: the refusals above were
    // about the date alone.
    let headers = standard_headers(&inbox, &body, now);
    let res = cavage_post(
        &node.client,
        &inbox,
        &body,
        &peer.key,
        &key_id,
        &headers,
        &all,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(node.count("followers").await, 1);
}

#[tokio::test]
async fn a_follower_that_rotates_its_key_is_accepted_after_one_refetch() {
    let node = spawn_node("inbox7").await;
    node.add_commune("rufisque").await;
    let peer = spawn_key_peer("rotor").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let actor = peer.actor("u1");
    let key_id = format!("{actor}#main-key");
    let f = json!({"id": format!("{actor}/follows/1"), "type": "Follow", "actor": actor, "object": node.actor_id("rufisque")});
    let send = |doc: &Value, key: &RsaPrivateKey| {
        signed_post(
            &node.client,
            &inbox,
            &serde_json::to_vec(doc).unwrap(),
            key,
            &key_id,
            Utc::now(),
        )
        .send()
    };
    assert_eq!(send(&f, &test_key()).await.unwrap().status(), 202);
    assert_eq!(peer.fetches(), 1);

    // The follower rotates its key and signs an Undo with the new one.
    *peer.state.rsa_pem.lock().unwrap() = pem_of(&other_key());
    let undo =
        json!({"id": format!("{actor}/undo/1"), "type": "Undo", "actor": actor, "object": f});
    assert_eq!(send(&undo, &other_key()).await.unwrap().status(), 202);
    assert_eq!(peer.fetches(), 2, "one refetch");
    assert_eq!(node.count("followers").await, 0);
    let cached = palabre::service::remote::actor(&node.app, &actor)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cached.public_key_pem, pem_of(&other_key()), "cache updated");

    // A bad signature (the old key) soon after does not make the node fetch again.
    let again = json!({"id": format!("{actor}/follows/2"), "type": "Follow", "actor": actor, "object": node.actor_id("rufisque")});
    assert_eq!(send(&again, &test_key()).await.unwrap().status(), 401);
    assert_eq!(peer.fetches(), 2, "rate-limited");
    // The new key keeps working from the cache.
    assert_eq!(send(&again, &other_key()).await.unwrap().status(), 202);
    assert_eq!(peer.fetches(), 2);
}

#[tokio::test]
async fn a_bad_signature_leaves_no_actor_stored() {
    let node = spawn_node("inbox8").await;
    node.add_commune("rufisque").await;
    let peer = spawn_key_peer("stranger").await;
    let actor = peer.actor("u1");
    let f = json!({"id": format!("{actor}/follows/1"), "type": "Follow", "actor": actor, "object": node.actor_id("rufisque")});
    let res = signed_post(
        &node.client,
        &node.url("/communes/rufisque/inbox"),
        &serde_json::to_vec(&f).unwrap(),
        &other_key(),
        &format!("{actor}#main-key"),
        Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(peer.fetches(), 1, "the actor was fetched to check the key");
    assert_eq!(node.count("remote_actors").await, 0);
    assert_eq!(node.count("followers").await, 0);
}

#[tokio::test]
async fn rfc9421_signed_follows_are_accepted_with_rsa_and_ed25519() {
    let node = spawn_node("inbox9").await;
    node.add_commune("rufisque").await;
    let peer = spawn_key_peer("modern").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let follow_of = |user: &str| {
        let actor = peer.actor(user);
        json!({"id": format!("{actor}/follows/{}", uuid::Uuid::new_v4()), "type": "Follow", "actor": actor, "object": node.actor_id("rufisque")})
    };
    let ed = ed25519_key();

    // A Content-Digest that does not match the body.
    let body = serde_json::to_vec(&follow_of("u1")).unwrap();
    let wrong = format!(
        "sha-256=:{}:",
        B64.encode(Sha256::digest(b"something else"))
    );
    let res = rfc9421_post(
        &node.client,
        &inbox,
        &body,
        Key9421::Rsa(&test_key()),
        &format!("{}#main-key", peer.actor("u1")),
        Some(wrong),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(node.count("followers").await, 0);
    assert_eq!(peer.fetches(), 0, "refused before anything is fetched");

    let res = rfc9421_post(
        &node.client,
        &inbox,
        &body,
        Key9421::Rsa(&test_key()),
        &format!("{}#main-key", peer.actor("u1")),
        None,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202, "{}", res.text().await.unwrap());
    let body = serde_json::to_vec(&follow_of("u2")).unwrap();
    let res = rfc9421_post(
        &node.client,
        &inbox,
        &body,
        Key9421::Ed25519(&ed),
        &format!("{}#ed25519-key", peer.actor("u2")),
        None,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202, "{}", res.text().await.unwrap());
    assert_eq!(node.count("followers").await, 2);

    // An Ed25519 signature under the RSA key's id does not verify.
    let body = serde_json::to_vec(&follow_of("u3")).unwrap();
    let res = rfc9421_post(
        &node.client,
        &inbox,
        &body,
        Key9421::Ed25519(&ed),
        &format!("{}#main-key", peer.actor("u3")),
        None,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(node.count("followers").await, 2);
    let _ = &peer.host;
}
