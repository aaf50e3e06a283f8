//! Federation between real processes: several `palabre serve` nodes, each with its own
//! database and host name (`nodeN.localhost:PORT`, which the nodes' development resolver maps
//! to loopback), and an independent Python peer that signs and verifies with `httpsig`.
//! Everything is driven over HTTP and the CLI, with real signatures.

#[path = "../tests/support/db.rs"]
mod db;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

struct Node {
    name: String,
    port: u16,
    database_url: String,
    dir: tempfile::TempDir,
    child: Option<Child>,
    extra_env: Vec<(String, String)>,
}

impl Node {
    fn new(name: &str) -> Node {
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = db::fresh_database(dir.path());
        Node {
            name: name.to_string(),
            port: free_port(),
            database_url,
            dir,
            child: None,
            extra_env: Vec::new(),
        }
    }

    fn domain(&self) -> String {
        format!("{}.localhost:{}", self.name, self.port)
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.domain())
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PALABRE_DOMAIN", self.domain())
            .env("PALABRE_BIND", format!("127.0.0.1:{}", self.port))
            .env("DATABASE_URL", &self.database_url)
            .env("PALABRE_DEV", "1")
            .env("PALABRE_MEDIA_DIR", self.dir.path().join("media"))
            .env("PALABRE_DELIVERY_BACKOFF_SECS", "1")
            .env("PALABRE_DELIVERY_LEASE_SECS", "10")
            .env("RUST_LOG", "info,activitypub_federation=warn");
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs a CLI command against this node's database; returns its standard output.
    fn cli(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run palabre");
        assert!(
            out.status.success(),
            "palabre {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn token(&self, slug: &str) -> String {
        self.cli(&["token", "create", slug])
            .lines()
            .last()
            .expect("token line")
            .trim()
            .to_string()
    }

    async fn start(&mut self) {
        let log =
            std::fs::File::create(self.dir.path().join(format!("{}.log", self.name))).expect("log");
        let child = self
            .command()
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn palabre serve");
        self.child = Some(child);
        let client = client();
        let url = self.url("/nodeinfo/2.1");
        for _ in 0..200 {
            if client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} did not start: {}", self.name, self.log());
    }

    /// SIGKILL: no shutdown hook runs, exactly like a crash.
    fn kill_9(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().expect("kill -9");
            c.wait().expect("reap");
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("{}.log", self.name)))
            .unwrap_or_default()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill_9();
        if std::env::var("PALABRE_KEEP_LOGS").is_ok() {
            eprintln!("--- {} log ---\n{}", self.name, self.log());
        }
    }
}

/// Every `*.localhost` name reaches loopback, at the port in the URL.
fn client() -> reqwest::Client {
    client_following(true)
}

/// A staff member's browser does not follow redirects: the test looks at them.
fn no_redirect_client() -> reqwest::Client {
    client_following(false)
}

fn client_following(redirects: bool) -> reqwest::Client {
    struct Loopback;
    impl reqwest::dns::Resolve for Loopback {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async {
                let addrs: reqwest::dns::Addrs =
                    Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
                Ok(addrs)
            })
        }
    }
    let policy = if redirects {
        reqwest::redirect::Policy::default()
    } else {
        reqwest::redirect::Policy::none()
    };
    reqwest::Client::builder()
        .no_proxy()
        .redirect(policy)
        .dns_resolver(std::sync::Arc::new(Loopback))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The independent peer (federation-tests/peer/peer.py).
struct Peer {
    child: Child,
    origin: String,
}

impl Peer {
    fn start(name: &str, actors: usize) -> Peer {
        let python = std::env::var("PALABRE_PEER_PYTHON").unwrap_or_else(|_| "python3".into());
        let port = free_port();
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("federation-tests/peer/peer.py");
        let mut child = Command::new(python)
            .arg(script)
            .args([
                "--port",
                &port.to_string(),
                "--host",
                &format!("{name}.localhost"),
                "--actors",
                &actors.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the Python peer (scripts/test installs its requirements)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("peer output");
        assert_eq!(
            line.trim(),
            "READY",
            "peer did not start (is httpsig installed? run scripts/test)"
        );
        Peer {
            child,
            origin: format!("http://{name}.localhost:{port}"),
        }
    }

    fn actor(&self, n: usize) -> String {
        format!("{}/users/u{n}", self.origin)
    }

    async fn control(&self, op: &str, body: Value) -> Value {
        client()
            .post(format!("{}/control/{op}", self.origin))
            .json(&body)
            .send()
            .await
            .expect("control")
            .json()
            .await
            .expect("json")
    }

    async fn received(&self, n: usize) -> Vec<Value> {
        let doc: Value = client()
            .get(format!("{}/control/received?actor=u{n}", self.origin))
            .send()
            .await
            .expect("received")
            .json()
            .await
            .expect("json");
        doc["activities"].as_array().cloned().unwrap_or_default()
    }

    async fn stats(&self) -> Value {
        client()
            .get(format!("{}/control/stats", self.origin))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("json")
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn decision(reference: &str, title: &str) -> Value {
    json!({
        "reference": reference, "kind": "deliberation", "title": title,
        "summary": "Le conseil adopte la mesure.", "body": "Texte **intégral**.",
        "session_date": "2026-11-20", "status": "adopted",
        "votes": {"yes": 25, "no": 3, "abstain": 1, "absent": 2}, "themes": ["marchés"],
    })
}

async fn followers(node: &Node, slug: &str) -> i64 {
    let doc: Value = client()
        .get(node.url(&format!("/communes/{slug}/followers")))
        .send()
        .await
        .expect("followers")
        .json()
        .await
        .expect("json");
    doc["totalItems"].as_i64().unwrap_or(-1)
}

async fn feed(node: &Node, slug: &str, token: &str) -> Vec<Value> {
    let doc: Value = client()
        .get(node.url(&format!("/api/v1/communes/{slug}/feed")))
        .bearer_auth(token)
        .send()
        .await
        .expect("feed")
        .json()
        .await
        .expect("json");
    doc["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_follow_publish_update_share_and_withdraw() {
    let mut n1 = Node::new("node1");
    let mut n2 = Node::new("node2");
    let mut n3 = Node::new("node3");
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
        "--region",
        "Dakar",
    ]);
    n2.cli(&[
        "commune",
        "add",
        "labe",
        "--name",
        "Labé",
        "--country",
        "GN",
    ]);
    n3.cli(&[
        "commune",
        "add",
        "dankassari",
        "--name",
        "Dankassari",
        "--country",
        "NE",
    ]);
    let (t1, t2, t3) = (
        n1.token("rufisque"),
        n2.token("labe"),
        n3.token("dankassari"),
    );
    n1.start().await;
    n2.start().await;
    n3.start().await;

    // By handle (WebFinger) from node 2, by URL from node 3.
    let handle = format!("@rufisque@{}", n1.domain());
    n2.cli(&["follow", "labe", &handle]);
    n3.cli(&["follow", "dankassari", &n1.url("/communes/rufisque")]);
    eventually(30, "two followers on node 1", || async {
        (followers(&n1, "rufisque").await == 2).then_some(())
    })
    .await;
    for (node, slug) in [(&n2, "labe"), (&n3, "dankassari")] {
        eventually(30, "Accept reaches the follower", || async {
            let doc: Value = client()
                .get(node.url(&format!("/communes/{slug}/following")))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            (doc["totalItems"] == 1
                && doc["orderedItems"][0] == n1.url("/communes/rufisque").as_str())
            .then_some(())
        })
        .await;
    }

    let created: Value = client()
        .post(n1.url("/api/v1/communes/rufisque/decisions"))
        .bearer_auth(&t1)
        .json(&decision("D-2026-031", "Réhabilitation du marché central"))
        .send()
        .await
        .expect("publish")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_str().expect("id").to_string();
    let key = created["key"].as_str().expect("key").to_string();
    for (node, slug, token) in [(&n2, "labe", &t2), (&n3, "dankassari", &t3)] {
        let item = eventually(30, "the decision on a follower node", || async {
            feed(node, slug, token)
                .await
                .into_iter()
                .find(|i| i["id"] == id.as_str())
        })
        .await;
        assert_eq!(item["reference"], "D-2026-031");
        assert_eq!(item["votes"]["yes"], 25);
        assert_eq!(item["session_date"], "2026-11-20");
    }

    // Update propagates.
    let res = client()
        .put(n1.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&t1)
        .json(&decision(
            "D-2026-031",
            "Réhabilitation du marché central (phase 2)",
        ))
        .send()
        .await
        .expect("update");
    assert_eq!(res.status(), 200);
    for (node, slug, token) in [(&n2, "labe", &t2), (&n3, "dankassari", &t3)] {
        eventually(30, "the update on a follower node", || async {
            feed(node, slug, token).await.into_iter().find(|i| {
                i["id"] == id.as_str() && i["name"].as_str().is_some_and(|n| n.contains("phase 2"))
            })
        })
        .await;
    }

    // Node 2 shares the practice with its own followers (and tells the author).
    let res = client()
        .post(n2.url("/api/v1/communes/labe/shares"))
        .bearer_auth(&t2)
        .json(&json!({"object": id}))
        .send()
        .await
        .expect("share");
    assert_eq!(res.status(), 201);

    // Withdrawal propagates.
    let res = client()
        .delete(n1.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&t1)
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status(), 200);
    for (node, slug, token) in [(&n2, "labe", &t2), (&n3, "dankassari", &t3)] {
        eventually(30, "the withdrawal on a follower node", || async {
            feed(node, slug, token)
                .await
                .into_iter()
                .find(|i| i["id"] == id.as_str() && !i["deleted_at"].is_null())
        })
        .await;
    }
    // A withdrawn share cannot be shared again.
    let res = client()
        .post(n3.url("/api/v1/communes/dankassari/shares"))
        .bearer_auth(&t3)
        .json(&json!({"object": id}))
        .send()
        .await
        .expect("share");
    assert_eq!(res.status(), 409);

    // Unfollow: node 1 loses the follower.
    n3.cli(&["unfollow", "dankassari", &n1.url("/communes/rufisque")]);
    eventually(30, "Undo Follow", || async {
        (followers(&n1, "rufisque").await == 1).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_fan_out_to_50_followers_loses_nothing() {
    const FOLLOWERS: usize = 50;
    const DECISIONS: usize = 5;
    let peer = Peer::start("peer", FOLLOWERS);
    let mut n1 = Node::new("node1");
    // Slow the fan-out so the kill lands in the middle of it.
    n1.extra_env
        .push(("PALABRE_DELIVERY_CONCURRENCY".into(), "2".into()));
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    let token = n1.token("rufisque");
    n1.start().await;

    // The peer's httpsig-signed Follows pass our inbox.
    let target = n1.url("/communes/rufisque");
    for n in 1..=FOLLOWERS {
        let r = peer
            .control(
                "follow",
                json!({"actor": format!("u{n}"), "target": target}),
            )
            .await;
        assert_eq!(r["status"], 202, "Follow of u{n}: {r}");
    }
    assert_eq!(followers(&n1, "rufisque").await, FOLLOWERS as i64);
    // Each follower gets an Accept that httpsig verified (the peer records only verified ones).
    eventually(60, "50 Accepts", || async {
        let mut all = true;
        for n in 1..=FOLLOWERS {
            all &= peer.received(n).await.iter().any(|a| a["type"] == "Accept");
        }
        all.then_some(())
    })
    .await;

    let mut ids = Vec::new();
    for i in 0..DECISIONS {
        let d: Value = client()
            .post(n1.url("/api/v1/communes/rufisque/decisions"))
            .bearer_auth(&token)
            .json(&decision(&format!("D-{i}"), &format!("Décision {i}")))
            .send()
            .await
            .expect("publish")
            .json()
            .await
            .expect("json");
        ids.push(d["id"].as_str().expect("id").to_string());
    }
    n1.kill_9();
    let count = |stats: &Value| -> usize {
        (1..=FOLLOWERS)
            .map(|n| {
                stats["per_actor"][format!("u{n}")]["distinct"]
                    .as_u64()
                    .unwrap_or(0) as usize
            })
            .sum()
    };
    let at_kill = count(&peer.stats().await);
    let expected = FOLLOWERS * (DECISIONS + 1);
    assert!(
        at_kill < expected,
        "the kill came after the fan-out ({at_kill} of {expected}); the test proves nothing"
    );

    n1.start().await;
    eventually(
        120,
        "every follower gets every decision after the restart",
        || async {
            for n in 1..=FOLLOWERS {
                let got = peer.received(n).await;
                for id in &ids {
                    if !got
                        .iter()
                        .any(|a| a["type"] == "Create" && a["object"]["id"] == id.as_str())
                    {
                        return None;
                    }
                }
            }
            Some(())
        },
    )
    .await;
    let stats = peer.stats().await;
    assert_eq!(
        stats["failures"],
        json!([]),
        "the independent verifier refused some of our signatures"
    );
    eprintln!("deliveries before the kill: {at_kill} of {expected}; all delivered after restart");

    // The peer's Undo also passes.
    let r = peer.control("undo-follow", json!({"actor": "u1", "target": target, "follow_id": format!("{}/follows/x", peer.actor(1))})).await;
    assert_eq!(r["status"], 202, "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_signing_with_rfc9421_follows_and_gets_an_accept() {
    let peer = Peer::start("peer9421", 2);
    let mut n1 = Node::new("node9421");
    n1.cli(&[
        "commune",
        "add",
        "labe",
        "--name",
        "Labé",
        "--country",
        "GN",
    ]);
    n1.start().await;
    let target = n1.url("/communes/labe");

    // http-message-signatures signs @method, @target-uri and content-digest, with created.
    let r = peer
        .control(
            "follow",
            json!({"actor": "u1", "target": target, "signature": "rfc9421"}),
        )
        .await;
    assert_eq!(r["status"], 202, "RFC 9421 Follow: {r}");
    assert_eq!(followers(&n1, "labe").await, 1);
    let accept = eventually(30, "the Accept", || async {
        peer.received(1)
            .await
            .into_iter()
            .find(|a| a["type"] == "Accept")
    })
    .await;
    assert_eq!(accept["actor"], target.as_str());

    // The same signature over a body changed afterwards is refused.
    let follow = json!({"id": format!("{}/follows/t", peer.actor(2)), "type": "Follow", "actor": peer.actor(2), "object": target});
    let r = peer
        .control(
            "send",
            json!({"actor": "u2", "inbox": n1.url("/communes/labe/inbox"), "activity": follow, "signature": "rfc9421", "tamper": true}),
        )
        .await;
    assert_eq!(r["status"], 401, "{r}");
    assert_eq!(followers(&n1, "labe").await, 1);
}

/// A vote as Mastodon's `VoteSerializer` writes it, sent by the peer's actor `u{n}`.
fn poll_vote(peer: &Peer, n: usize, question: &str, commune: &str, option: &str) -> Value {
    let me = peer.actor(n);
    let id = format!("{me}#votes/{}", uuid::Uuid::new_v4());
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"), "type": "Create", "actor": me, "to": commune,
        "object": {"id": id, "type": "Note", "name": option, "attributedTo": me,
                   "to": commune, "inReplyTo": question},
    })
}

/// The peer's actor `u{n}` votes `option`; returns the peer's report (`status`: our answer).
async fn send_vote(
    peer: &Peer,
    n: usize,
    question: &str,
    commune: &str,
    inbox: &str,
    option: &str,
) -> Value {
    let v = poll_vote(peer, n, question, commune, option);
    peer.control(
        "send",
        json!({"actor": format!("u{n}"), "inbox": inbox, "activity": v}),
    )
    .await
}

/// The Updates of `question` that the peer's actor `u{n}` received.
async fn tallies(peer: &Peer, n: usize, question: &str) -> Vec<Value> {
    peer.received(n)
        .await
        .into_iter()
        .filter(|a| a["type"] == "Update" && a["object"]["id"] == question)
        .map(|a| a["object"].clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_from_two_hosts_are_tallied_across_a_kill_and_a_closing_while_down() {
    let north = &Peer::start("north", 2);
    let south = &Peer::start("south", 2);
    let mut n1 = Node::new("polls");
    // Longer than the clock's 5 s step, so a pending tally is certainly pending at the kill.
    n1.extra_env
        .push(("PALABRE_TALLY_INTERVAL_SECS".into(), "8".into()));
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    let token = n1.token("rufisque");
    n1.start().await;
    let closes = chrono::Utc::now() + chrono::Duration::seconds(20);
    let c: Value = client()
        .post(n1.url("/api/v1/communes/rufisque/consultations"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Marché central", "question": "Où ?", "options": ["Nord", "Sud"],
            "closes_at": closes.to_rfc3339(),
        }))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let question = c["id"].as_str().expect("id").to_string();
    let key = c["key"].as_str().expect("key").to_string();
    let commune = n1.url("/communes/rufisque");
    let inbox = n1.url("/communes/rufisque/inbox");
    let send = |peer, n, option| send_vote(peer, n, &question, &commune, &inbox, option);

    // A voter on the first host, who follows nobody: the first tally reaches it.
    assert_eq!(send(north, 1, "Nord").await["status"], 202);
    let first = eventually(30, "the first tally", || async {
        tallies(north, 1, &question)
            .await
            .into_iter()
            .find(|q| q["votersCount"] == 1)
    })
    .await;
    assert_eq!(first["oneOf"][0]["replies"]["totalItems"], 1);
    // A voter on the second host, a repeat of it, and an unknown option.
    assert_eq!(send(south, 1, "Sud").await["status"], 202);
    assert_eq!(
        send(south, 1, "Nord").await["status"],
        202,
        "a second vote is not an error"
    );
    assert_eq!(send(south, 2, "Ouest").await["status"], 422);
    // Killed with the second tally pending (the interval has not passed since the first).
    n1.kill_9();
    assert!(
        tallies(south, 1, &question).await.is_empty(),
        "the tally went out before the kill; the test proves nothing"
    );
    // The consultation closes while the node is down.
    let wait = (closes - chrono::Utc::now()).num_milliseconds().max(0) as u64 + 1500;
    tokio::time::sleep(Duration::from_millis(wait)).await;
    n1.start().await;
    for (peer, name) in [(north, "north"), (south, "south")] {
        let last = eventually(40, "the final tally", || async {
            tallies(peer, 1, &question)
                .await
                .into_iter()
                .find(|q| q["closed"].is_string())
        })
        .await;
        assert_eq!(last["votersCount"], 2, "{name}: {last}");
        assert_eq!(last["oneOf"][1]["replies"]["totalItems"], 1, "{name}");
        assert!(
            last.get("updated").is_none(),
            "{name}: a tally is not an edit"
        );
    }
    // After the closing, a vote is refused.
    assert_eq!(send(north, 2, "Sud").await["status"], 422);
    let results: Value = client()
        .get(n1.url(&format!(
            "/api/v1/communes/rufisque/consultations/{key}/results"
        )))
        .send()
        .await
        .expect("results")
        .json()
        .await
        .expect("json");
    assert_eq!(results["votersCount"], 2, "{results}");
    assert_eq!(results["phase"], "closed");
}

/// A staff member signed in through the login form: the session cookie, kept by hand.
struct Staff {
    cookies: Vec<(String, String)>,
}

impl Staff {
    fn header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all("set-cookie") {
            let pair = v
                .to_str()
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or_default();
            if let Some((k, val)) = pair.split_once('=') {
                self.cookies.retain(|(n, _)| n != k);
                if !val.is_empty() {
                    self.cookies.push((k.to_string(), val.to_string()));
                }
            }
        }
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> (u16, String) {
        let res = req
            .header("cookie", self.header())
            .send()
            .await
            .expect("send");
        self.keep(&res);
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    async fn sign_in(node: &Node, slug: &str, username: &str, role: &str) -> Staff {
        let password = node
            .cli(&["staff", "add", slug, username, "--role", role])
            .lines()
            .last()
            .expect("password line")
            .trim()
            .to_string();
        let mut s = Staff {
            cookies: Vec::new(),
        };
        let login = node.url(&format!("/communes/{slug}/admin/login"));
        let no_redirect = no_redirect_client();
        let (_, page) = s.send(no_redirect.get(&login)).await;
        let csrf = csrf_of(&page);
        let (status, _) = s
            .send(no_redirect.post(&login).form(&[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("password", password.as_str()),
            ]))
            .await;
        assert_eq!(status, 303, "signed in");
        s
    }
}

fn csrf_of(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a csrf field") + 19;
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A reply as Mastodon writes it, by the peer's actor `u{n}`.
fn reply(peer: &Peer, n: usize, parent: &str, commune: &str, html: &str, kind: &str) -> Value {
    let me = peer.actor(n);
    let id = format!("{me}/statuses/{}", parent.len() % 97);
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/{}", uuid::Uuid::new_v4()), "type": kind, "actor": me,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
        "object": {"id": id, "type": "Note", "inReplyTo": parent, "attributedTo": me,
                   "content": html, "published": "2026-12-04T10:00:00Z",
                   "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
                   "tag": [{"type": "Mention", "href": commune}]},
    })
}

/// The peer's actor `u{n}` posts `activity` to `inbox`; our answer's status.
async fn post_as(peer: &Peer, n: usize, inbox: &str, activity: Value) -> Value {
    peer.control(
        "send",
        json!({"actor": format!("u{n}"), "inbox": inbox, "activity": activity}),
    )
    .await["status"]
        .clone()
}

async fn html_of(url: &str) -> String {
    client()
        .get(url)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text")
}

/// The ids on the first page of an object's `replies`.
async fn replies_of(object: &str) -> Vec<String> {
    let first: Value = client()
        .get(format!("{object}/replies?page=1"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .expect("replies")
        .json()
        .await
        .expect("json");
    first["orderedItems"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_from_an_independent_peer_are_shown_answered_reported_blocked_and_limited() {
    let citizens = &Peer::start("citizens", 3);
    let noisy = &Peer::start("noisy", 1);
    let mut n1 = Node::new("talks");
    n1.extra_env
        .push(("PALABRE_INBOX_ACTOR_PER_MINUTE".into(), "6".into()));
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    let token = n1.token("rufisque");
    n1.start().await;
    let mut editor = Staff::sign_in(&n1, "rufisque", "secretaire", "editor").await;
    let mut moderator = Staff::sign_in(&n1, "rufisque", "moderatrice", "moderator").await;
    let commune = n1.url("/communes/rufisque");
    let inbox = n1.url("/inbox");
    let d: Value = client()
        .post(n1.url("/api/v1/communes/rufisque/decisions"))
        .bearer_auth(&token)
        .json(&decision("D-2026-031", "Réfection de la route de Bargny"))
        .send()
        .await
        .expect("publish")
        .json()
        .await
        .expect("json");
    let object = d["id"].as_str().expect("id").to_string();

    // A reply, signed by the independent peer exactly as Mastodon signs: on the page and in
    // `replies`.
    let first = reply(
        citizens,
        1,
        &object,
        &commune,
        "<p>Quand les travaux commencent-ils ?</p>",
        "Create",
    );
    let comment = first["object"]["id"].as_str().unwrap().to_string();
    assert_eq!(post_as(citizens, 1, &inbox, first.clone()).await, 202);
    assert!(html_of(&object)
        .await
        .contains("Quand les travaux commencent-ils ?"));
    assert_eq!(replies_of(&object).await, vec![comment.clone()]);
    // Its edit.
    let mut edit = reply(
        citizens,
        1,
        &object,
        &commune,
        "<p>Quand les travaux de la route commencent-ils ?</p>",
        "Update",
    );
    edit["object"]["id"] = json!(comment);
    assert_eq!(post_as(citizens, 1, &inbox, edit).await, 202);
    assert!(html_of(&object).await.contains("travaux de la route"));

    // The commune answers from the staff area: the peer verifies our signature and gets a
    // reply that mentions its actor.
    let (_, desk) = editor
        .send(no_redirect_client().get(n1.url("/communes/rufisque/admin/comments")))
        .await;
    let csrf = csrf_of(&desk);
    let id_start = desk.find("/admin/comments/").expect("an answer form") + 16;
    let comment_id: String = desk[id_start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let (status, _) = editor
        .send(
            no_redirect_client()
                .post(n1.url(&format!(
                    "/communes/rufisque/admin/comments/{comment_id}/answer"
                )))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("text", "En janvier, après la saison des pluies."),
                ]),
        )
        .await;
    assert_eq!(status, 303);
    let answer = eventually(20, "the commune's answer", || async {
        citizens
            .received(1)
            .await
            .into_iter()
            .find(|a| a["type"] == "Create" && a["object"]["inReplyTo"] == comment.as_str())
    })
    .await;
    assert_eq!(answer["object"]["tag"][0]["type"], "Mention");
    assert_eq!(answer["object"]["tag"][0]["href"], citizens.actor(1));
    assert!(answer["object"]["content"]
        .as_str()
        .unwrap()
        .contains("saison des pluies"));

    // Deleted by its author, it leaves the page and the collection.
    let delete = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}#delete/{}", citizens.actor(1), uuid::Uuid::new_v4()),
        "type": "Delete", "actor": citizens.actor(1),
        "object": {"id": comment, "type": "Tombstone"},
    });
    assert_eq!(post_as(citizens, 1, &inbox, delete).await, 202);
    assert!(!html_of(&object).await.contains("travaux de la route"));
    assert!(!replies_of(&object).await.contains(&comment));

    // A Flag as Mastodon sends it reaches the moderation queue.
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/flags/{}", citizens.actor(2), uuid::Uuid::new_v4()),
        "type": "Flag", "actor": citizens.actor(2), "content": "Décision mal résumée",
        "object": [commune, object],
    });
    assert_eq!(post_as(citizens, 2, &inbox, flag).await, 202);
    let (_, desk) = moderator
        .send(no_redirect_client().get(n1.url("/communes/rufisque/admin/comments")))
        .await;
    assert!(
        desk.contains("1 signalement à traiter") && desk.contains("Décision mal résumée"),
        "{desk}"
    );

    // A blocked instance's comment is refused.
    let csrf = csrf_of(&desk);
    let host = url::Url::parse(&citizens.actor(3))
        .unwrap()
        .host_str()
        .unwrap()
        .to_string();
    let (status, _) = moderator
        .send(
            no_redirect_client()
                .post(n1.url("/communes/rufisque/admin/blocks/block-instance"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("host", host.as_str()),
                    ("reason", "test"),
                ]),
        )
        .await;
    assert_eq!(status, 303);
    let refused = reply(citizens, 3, &object, &commune, "<p>Bonjour</p>", "Create");
    assert_eq!(post_as(citizens, 3, &inbox, refused).await, 403);

    // One actor sending too much is told to come back later; what it sent before counts.
    let mut statuses = Vec::new();
    for i in 0..8 {
        let mut note = reply(
            noisy,
            1,
            &object,
            &commune,
            &format!("<p>Message {i}</p>"),
            "Create",
        );
        note["object"]["id"] = json!(format!("{}/statuses/n{i}", noisy.actor(1)));
        statuses.push(post_as(noisy, 1, &inbox, note).await);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    let kept = replies_of(&object).await;
    let from_noisy = kept
        .iter()
        .filter(|id| id.starts_with(&noisy.actor(1)))
        .count();
    assert_eq!(from_noisy, 6, "{kept:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_from_an_independent_peer_becomes_a_request_answered_to_its_inbox() {
    let citizens = &Peer::start("askers", 1);
    let mut n1 = Node::new("asks");
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    let token = n1.token("rufisque");
    n1.start().await;
    let commune = n1.url("/communes/rufisque");
    let me = citizens.actor(1);
    let post = format!("{me}/statuses/{}", uuid::Uuid::new_v4());
    let mention = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{post}/activity"), "type": "Create", "actor": me,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
        "object": {"id": post, "type": "Note", "attributedTo": me, "inReplyTo": null,
                   "content": format!(r#"<p><span class="h-card"><a href="{commune}" class="u-url mention">@<span>rufisque</span></a></span> Quand sera publié le compte administratif 2025 ?</p>"#),
                   "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
                   "tag": [{"type": "Mention", "href": commune, "name": "@rufisque"}]},
    });
    assert_eq!(post_as(citizens, 1, &n1.url("/inbox"), mention).await, 202);
    let register: Value = client()
        .get(n1.url("/api/v1/communes/rufisque/requests"))
        .send()
        .await
        .expect("register")
        .json()
        .await
        .expect("json");
    let item = &register["items"][0];
    assert_eq!(
        item["subject"],
        "Quand sera publié le compte administratif 2025 ?"
    );
    assert!(
        !register.to_string().contains(&me),
        "the requester is not public"
    );
    let reference = item["reference"].as_str().expect("reference").to_string();

    let res = client()
        .post(n1.url(&format!(
            "/api/v1/communes/rufisque/requests/{reference}/answer"
        )))
        .bearer_auth(&token)
        .json(&json!({"text": "Il sera publié le 31 mars, après le vote du conseil."}))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 201);
    let answer = eventually(20, "the answer at the requester's inbox", || async {
        citizens
            .received(1)
            .await
            .into_iter()
            .find(|a| a["type"] == "Create" && a["object"]["inReplyTo"] == post.as_str())
    })
    .await;
    assert_eq!(answer["object"]["tag"][0]["href"], me.as_str());
    assert!(answer["object"]["content"]
        .as_str()
        .unwrap()
        .contains("31 mars"));
    assert_eq!(
        answer["object"]["url"],
        n1.url(&format!("/communes/rufisque/requests/{reference}"))
    );
}

/// A second node following a commune receives its budget and its commitment as Articles and
/// reads their structured figures back with the types that wrote them; a milestone marked done
/// reaches it as an Update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_node_receives_the_budget_and_commitment_with_their_figures() {
    let mut n1 = Node::new("budgetnode1");
    let mut n2 = Node::new("budgetnode2");
    n1.cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    n2.cli(&[
        "commune",
        "add",
        "labe",
        "--name",
        "Labé",
        "--country",
        "GN",
    ]);
    let (t1, t2) = (n1.token("rufisque"), n2.token("labe"));
    n1.start().await;
    n2.start().await;
    n2.cli(&["follow", "labe", &format!("@rufisque@{}", n1.domain())]);
    eventually(30, "the follower on node 1", || async {
        (followers(&n1, "rufisque").await == 1).then_some(())
    })
    .await;

    let csv = std::fs::read("docs/budget/exemple-budget-2026.csv").expect("example budget");
    let res = client()
        .post(n1.url("/api/v1/communes/rufisque/budgets?situation=2026-06-30"))
        .bearer_auth(&t1)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import");
    assert_eq!(res.status(), 201);
    let budget_id = n1.url("/communes/rufisque/budgets/2026");
    let made: Value = client()
        .post(n1.url("/api/v1/communes/rufisque/commitments"))
        .bearer_auth(&t1)
        .json(&json!({
            "title": "Budget en ligne chaque trimestre", "lead": "Secrétariat général",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "milestones": [{"title": "Situation du premier semestre", "due_on": "2026-07-31"}],
        }))
        .send()
        .await
        .expect("commitment")
        .json()
        .await
        .expect("json");
    let commitment_id = made["id"].as_str().expect("id").to_string();
    let milestone = made["milestones"][0]["id"].as_i64().expect("milestone id");

    let item = eventually(30, "the budget on the follower node", || async {
        feed(&n2, "labe", &t2)
            .await
            .into_iter()
            .find(|i| i["id"] == budget_id.as_str())
    })
    .await;
    assert_eq!(item["budget"]["fiscalYear"], 2026);
    assert_eq!(item["budget"]["currency"], "XOF");
    assert_eq!(
        item["budget"]["expenditure"]["finalForecast"],
        3_951_200_000i64
    );
    assert_eq!(item["budget"]["expenditure"]["executed"], 1_400_642_250i64);
    assert_eq!(item["budget"]["revenue"]["executed"], 1_351_997_010i64);
    let item = eventually(30, "the commitment on the follower node", || async {
        feed(&n2, "labe", &t2)
            .await
            .into_iter()
            .find(|i| i["id"] == commitment_id.as_str())
    })
    .await;
    assert_eq!(item["commitment"]["commitmentStatus"], "not_started");
    assert_eq!(item["commitment"]["milestones"][0]["dueDate"], "2026-07-31");

    let key = made["key"].as_str().expect("key");
    let res = client()
        .post(n1.url(&format!(
            "/api/v1/communes/rufisque/commitments/{key}/milestones/{milestone}/done"
        )))
        .bearer_auth(&t1)
        .json(&json!({"done_on": "2026-07-20", "evidence_url": "https://rufisque.example/s1.pdf"}))
        .send()
        .await
        .expect("done");
    assert_eq!(res.status(), 200);
    eventually(30, "the milestone done on the follower node", || async {
        feed(&n2, "labe", &t2).await.into_iter().find(|i| {
            i["id"] == commitment_id.as_str()
                && i["commitment"]["milestones"][0]["doneDate"] == "2026-07-20"
        })
    })
    .await;
}
