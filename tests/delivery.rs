//! The durable outbox: retries with backoff, one request at a time to a failing host, dead
//! hosts, and several processes sharing the work on PostgreSQL without sending twice.

mod support;

use chrono::Utc;
use serde_json::json;
use support::*;

/// Makes `n` actors of `peer` follow `slug` through the signed inbox.
async fn follow_from(node: &TestNode, peer: &TestPeer, slug: &str, n: usize) {
    for i in 1..=n {
        let actor = peer.actor(&format!("u{i}"));
        let follow = json!({"id": format!("{actor}/follows/1"), "type": "Follow", "actor": actor, "object": node.actor_id(slug)});
        let res = signed_post(
            &node.client,
            &node.url(&format!("/communes/{slug}/inbox")),
            &serde_json::to_vec(&follow).unwrap(),
            &peer.key,
            &format!("{actor}#main-key"),
            Utc::now(),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 202);
    }
}

async fn publish(node: &TestNode, slug: &str, token: &str) -> String {
    // Each its own reference: a reference names one live decision of a commune.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
    let mut decision = sample_decision();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    decision["reference"] = serde_json::json!(format!("D-2026-{n:03}"));
    let d = node.publish(slug, token, &decision).await;
    d["id"].as_str().unwrap().to_string()
}

fn creates(r: &[Received], id: &str) -> usize {
    r.iter()
        .filter(|x| x.body["type"] == "Create" && x.body["object"]["id"] == id)
        .count()
}

async fn states(node: &TestNode) -> Vec<(String, i64)> {
    let mut s = node
        .app
        .store
        .run(palabre::store::activities::counts_by_state)
        .await
        .unwrap();
    s.sort();
    s
}

#[tokio::test]
async fn a_failing_host_gets_one_request_at_a_time_and_everything_arrives() {
    let node = spawn_node_with("deliv1", |c| c.delivery_per_host = 4).await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer("flaky").await;
    follow_from(&node, &peer, "rufisque", 8).await;
    peer.wait_for(10, "8 Accepts", |r| {
        r.iter().filter(|x| x.body["type"] == "Accept").count() == 8
    })
    .await;

    *peer.state.fail_first.lock().unwrap() = 1_000;
    let id = publish(&node, "rufisque", &token).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let after_failure = peer
        .state
        .in_flight_after_failure
        .lock()
        .unwrap()
        .expect("the host failed");
    assert!(creates(&peer.received(), &id) == 0);
    // The first wave may overlap the first failure; after it, one request at a time.
    assert!(
        after_failure <= 4,
        "{after_failure} in flight while failing"
    );
    *peer.state.in_flight_after_failure.lock().unwrap() = Some(0);
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let serial = peer
        .state
        .in_flight_after_failure
        .lock()
        .unwrap()
        .unwrap_or(0);
    assert!(serial <= 1, "{serial} requests in flight to a failing host");

    // The host recovers: every follower gets the decision, exactly once.
    *peer.state.fail_first.lock().unwrap() = 0;
    let got = peer
        .wait_for(60, "8 Creates after recovery", |r| creates(r, &id) == 8)
        .await;
    assert_eq!(creates(&got, &id), 8);
    let hosts = node
        .app
        .store
        .run(palabre::store::activities::hosts)
        .await
        .unwrap();
    assert!(hosts.iter().all(|h| h.failing_since.is_none()), "{hosts:?}");
    let retried: i64 = node
        .app
        .store
        .run(|c| {
            use diesel::prelude::*;
            use palabre::store::schema::deliveries::dsl as d;
            Ok(d::deliveries
                .select(diesel::dsl::sum(d::attempts))
                .first::<Option<i64>>(c)?
                .unwrap_or(0))
        })
        .await
        .unwrap();
    assert!(retried > 16, "attempts {retried}: failures were retried");
}

#[tokio::test]
async fn a_dead_host_is_not_tried_until_it_speaks_again() {
    let node = spawn_node_with("deliv2", |c| c.host_dead_after_hours = 0).await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer("deadhost").await;
    follow_from(&node, &peer, "rufisque", 3).await;
    peer.wait_for(10, "Accepts", |r| {
        r.iter().filter(|x| x.body["type"] == "Accept").count() == 3
    })
    .await;
    *peer.state.fail_first.lock().unwrap() = 1_000;
    publish(&node, "rufisque", &token).await;
    eventually(20, "deliveries marked dead", || async {
        let s = states(&node).await;
        s.iter().any(|(k, n)| k == "dead" && *n == 3).then_some(())
    })
    .await;
    *peer.state.fail_first.lock().unwrap() = 0;
    assert_eq!(
        peer.received()
            .iter()
            .filter(|x| x.body["type"] == "Create")
            .count(),
        0
    );

    // The host speaks to us again (a signed activity): it is alive, new posts go out.
    let like = json!({"id": format!("{}/likes/1", peer.actor("u1")), "type": "Like", "actor": peer.actor("u1"), "object": node.actor_id("rufisque")});
    assert_eq!(
        node.send_signed(&node.url("/inbox"), &peer, "u1", &like)
            .await,
        202
    );
    let id = publish(&node, "rufisque", &token).await;
    peer.wait_for(20, "Creates to the revived host", |r| creates(r, &id) == 3)
        .await;
}

#[tokio::test]
async fn two_processes_on_one_postgresql_share_deliveries_without_sending_twice() {
    if !std::env::var("PALABRE_TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        eprintln!("PostgreSQL only (SQLite has one dispatcher per database); skipped");
        return;
    }
    let a = spawn_node("shared").await;
    let (url, domain) = (a.app.config.database_url.clone(), a.domain.clone());
    let b = spawn_node_with("shared2", move |c| {
        c.database_url = url;
        c.domain = domain;
    })
    .await;
    a.add_commune("rufisque").await;
    let token = a.token("rufisque").await;
    let peer = spawn_peer("sharedpeer").await;
    follow_from(&a, &peer, "rufisque", 40).await;
    peer.wait_for(20, "Accepts", |r| {
        r.iter().filter(|x| x.body["type"] == "Accept").count() == 40
    })
    .await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(publish(&a, "rufisque", &token).await);
        // Wake the other process too, as a new row would on its next poll.
        b.app.wake.notify_one();
    }
    let got = peer
        .wait_for(60, "120 Creates", |r| {
            ids.iter().map(|id| creates(r, id)).sum::<usize>() >= 120
        })
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let got_after = peer.received();
    for id in &ids {
        assert_eq!(
            creates(&got_after, id),
            40,
            "no follower received a decision twice"
        );
    }
    assert!(got.len() <= got_after.len());
}
