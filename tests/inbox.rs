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
