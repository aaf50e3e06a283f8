//! The durable outbox: retries with backoff, one request at a time to a failing host, dead
//! hosts, several processes sharing the work on PostgreSQL without sending twice, and what
//! each answer of a remote inbox means (refused, retried, `Retry-After`).

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

/// A node with commune `rufisque` followed by `u1` of a new peer, the Accept already received.
async fn followed(node_name: &str, peer_name: &str) -> (TestNode, TestPeer, String) {
    let node = spawn_node(node_name).await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer(peer_name).await;
    follow_from(&node, &peer, "rufisque", 1).await;
    peer.wait_for(10, "the Accept", |r| {
        r.iter().any(|x| x.body["type"] == "Accept")
    })
    .await;
    (node, peer, token)
}

/// The delivery row of the Create: (state, attempts, last HTTP status).
async fn create_delivery(node: &TestNode) -> Option<(String, i32, Option<i32>)> {
    node.app
        .store
        .run(|c| {
            use diesel::prelude::*;
            use palabre::store::schema::{activities as a, deliveries as d};
            Ok(d::table
                .inner_join(a::table)
                .filter(a::kind.eq("Create"))
                .select((d::state, d::attempts, d::last_status))
                .first::<(String, i32, Option<i32>)>(c)
                .optional()?)
        })
        .await
        .unwrap()
}

/// When each Create reached the peer's inbox, and what it was answered.
fn create_attempts(peer: &TestPeer) -> Vec<(std::time::Instant, u16)> {
    peer.state
        .attempts
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, b)| b["type"] == "Create")
        .map(|(t, s, _)| (*t, *s))
        .collect()
}

async fn wait_for_state(node: &TestNode, state: &str) -> (String, i32, Option<i32>) {
    eventually(20, state, || async {
        create_delivery(node).await.filter(|r| r.0 == state)
    })
    .await
}

#[tokio::test]
async fn an_inbox_answering_404_is_refused_not_retried_and_reported() {
    let (node, peer, token) = followed("deliv404", "notfound").await;
    peer.state.answers.lock().unwrap().push_back((404, None));
    let id = publish(&node, "rufisque", &token).await;
    let row = wait_for_state(&node, "refused").await;
    assert_eq!(row.2, Some(404));
    // Backoff in tests is 1 s: a retry would have happened (and succeeded) by now.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(create_attempts(&peer).len(), 1, "a refusal is not retried");
    assert_eq!(creates(&peer.received(), &id), 0);
    assert_eq!(
        create_delivery(&node).await,
        Some(("refused".into(), 1, Some(404)))
    );
    // The host answered: refusing is not failing, and it does not count as dead.
    let hosts = node
        .app
        .store
        .run(palabre::store::activities::hosts)
        .await
        .unwrap();
    assert!(
        hosts
            .iter()
            .all(|h| h.failing_since.is_none() && h.dead_at.is_none()),
        "{hosts:?}"
    );
    let report = palabre::delivery::report(&node.app).await.unwrap();
    let host = format!("{}:{}", peer.host, peer.addr.port());
    assert!(report.contains("refused\t1\n"), "{report}");
    assert!(report.contains(&format!("{host}\t404\t1\n")), "{report}");
}

#[tokio::test]
async fn an_inbox_answering_410_is_refused_and_palabre_deliveries_shows_it() {
    let (node, peer, token) = followed("deliv410", "gone").await;
    peer.state.answers.lock().unwrap().push_back((410, None));
    publish(&node, "rufisque", &token).await;
    let row = wait_for_state(&node, "refused").await;
    assert_eq!(row.2, Some(410));

    // The command an operator runs, on the same database.
    let media = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
        .arg("deliveries")
        .env_remove("PALABRE_CONFIG")
        .env("DATABASE_URL", &node.app.config.database_url)
        .env("PALABRE_DOMAIN", &node.domain)
        .env("PALABRE_DEV", "1")
        .env("PALABRE_MEDIA_DIR", media.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let host = format!("{}:{}", peer.host, peer.addr.port());
    assert!(stdout.contains(&format!("{host}\t410\t1\n")), "{stdout}");
    assert!(stdout.contains("refused\t1\n"), "{stdout}");
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_after_that_delay_and_then_delivered() {
    let (node, peer, token) = followed("deliv503", "busy").await;
    // 4 s: longer than the tests' 1 s backoff plus its jitter and the dispatcher's 1 s poll,
    // so an early retry cannot pass for an honoured Retry-After.
    peer.state
        .answers
        .lock()
        .unwrap()
        .push_back((503, Some("4".into())));
    let id = publish(&node, "rufisque", &token).await;
    peer.wait_for(30, "the Create after Retry-After", |r| creates(r, &id) == 1)
        .await;
    let tries = create_attempts(&peer);
    assert_eq!(
        tries.iter().map(|t| t.1).collect::<Vec<_>>(),
        vec![503, 202],
        "{tries:?}"
    );
    let gap = tries[1].0 - tries[0].0;
    assert!(
        gap >= std::time::Duration::from_millis(3900),
        "retried after {gap:?}, before Retry-After"
    );
    assert!(
        gap < std::time::Duration::from_secs(9),
        "retried after {gap:?}"
    );
    assert_eq!(
        wait_for_state(&node, "delivered").await,
        ("delivered".into(), 2, Some(202))
    );
}

#[tokio::test]
async fn a_429_is_retried_and_then_delivered() {
    let (node, peer, token) = followed("deliv429", "ratelimit").await;
    peer.state.answers.lock().unwrap().push_back((429, None));
    let id = publish(&node, "rufisque", &token).await;
    peer.wait_for(20, "the Create after 429", |r| creates(r, &id) == 1)
        .await;
    assert_eq!(
        create_attempts(&peer)
            .iter()
            .map(|t| t.1)
            .collect::<Vec<_>>(),
        vec![429, 202]
    );
    assert_eq!(
        wait_for_state(&node, "delivered").await,
        ("delivered".into(), 2, Some(202))
    );
}
