//! Test harness, zero2prod style: a real node on a random loopback port with a fresh database
//! (SQLite file, or a new PostgreSQL database when PALABRE_TEST_DATABASE_URL is set), a small
//! remote peer that serves actors and records what reaches its inboxes, and a cavage signer.
#![allow(dead_code)]

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use palabre::config::Config;
use palabre::service::App;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[path = "db.rs"]
mod db;
pub use db::fresh_database;
#[path = "browser.rs"]
mod browser;
#[allow(unused_imports)]
pub use browser::{csrf_of, Browser};

pub fn test_config(name: &str, port: u16, dir: &std::path::Path) -> Config {
    let mut config = Config::defaults();
    config.domain = format!("{name}.localhost:{port}");
    config.bind = SocketAddr::from(([127, 0, 0, 1], port));
    config.database_url = fresh_database(dir);
    config.dev = true;
    config.media_dir = dir.join("media");
    config.delivery_backoff_secs = 1;
    config
}

pub struct TestNode {
    pub app: App,
    pub domain: String,
    pub base: String,
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A client that reaches `*.localhost:port` names on loopback, like the node's own.
pub fn client_for(hosts: &[(&str, SocketAddr)]) -> reqwest::Client {
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20));
    for (h, a) in hosts {
        b = b.resolve(h, *a);
    }
    b.build().expect("client")
}

pub async fn spawn_node(name: &str) -> TestNode {
    spawn_node_with(name, |_| {}).await
}

pub async fn spawn_node_with(name: &str, tweak: impl FnOnce(&mut Config)) -> TestNode {
    let dir = tempfile::tempdir().expect("tempdir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = test_config(name, addr.port(), dir.path());
    tweak(&mut config);
    let domain = config.domain.clone();
    let app = tokio::task::spawn_blocking(move || App::open(config))
        .await
        .expect("join")
        .expect("open node");
    let served = app.clone();
    tokio::spawn(async move { palabre::web::serve_on(listener, served).await });
    let host = domain.split(':').next().unwrap_or_default().to_string();
    TestNode {
        client: client_for(&[(&host, addr)]),
        base: format!("http://{domain}"),
        app,
        domain,
        addr,
        _dir: dir,
    }
}

impl TestNode {
    /// Sends `doc` to `inbox` (a path or URL), signed by `peer`'s actor `actor`, as Mastodon would.
    pub async fn send_signed(
        &self,
        inbox: &str,
        peer: &TestPeer,
        actor: &str,
        doc: &Value,
    ) -> StatusCode {
        let url = if inbox.starts_with("http") {
            inbox.to_string()
        } else {
            self.url(inbox)
        };
        let res = signed_post(
            &self.client,
            &url,
            &serde_json::to_vec(doc).expect("json"),
            &peer.key,
            &format!("{}#main-key", peer.actor(actor)),
            chrono::Utc::now(),
        )
        .send()
        .await
        .expect("send");
        res.status()
    }

    /// Fetches an ActivityPub document.
    pub async fn get_ap(&self, url: &str) -> Value {
        self.client
            .get(url)
            .header("accept", "application/activity+json")
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json")
    }

    pub async fn add_commune(&self, slug: &str) -> palabre::domain::commune::Commune {
        let profile = palabre::domain::commune::CommuneProfile::parse(
            &palabre::domain::commune::CommuneProfileInput {
                name: Some(format!("Commune {slug}")),
                country: Some("SN".into()),
                region: Some("Dakar".into()),
                population: Some(100_000),
                ..Default::default()
            },
            None,
        )
        .expect("profile");
        palabre::service::communes::create(
            &self.app,
            palabre::domain::slug::Slug::parse(slug).expect("slug"),
            profile,
        )
        .await
        .expect("create commune")
    }

    pub async fn token(&self, slug: &str) -> String {
        palabre::service::communes::create_token(&self.app, slug, None)
            .await
            .expect("token")
            .1
    }

    /// Publishes a decision through the JSON API and returns it (201 asserted).
    pub async fn publish(&self, slug: &str, token: &str, decision: &Value) -> Value {
        let res = self
            .client
            .post(self.url(&format!("/api/v1/communes/{slug}/decisions")))
            .bearer_auth(token)
            .json(decision)
            .send()
            .await
            .expect("publish");
        assert_eq!(res.status(), 201, "publish");
        res.json().await.expect("decision json")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn actor_id(&self, slug: &str) -> String {
        self.url(&format!("/communes/{slug}"))
    }

    pub async fn count(&self, table: &'static str) -> i64 {
        self.app
            .store
            .run(move |c| {
                use diesel::RunQueryDsl;
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let rows: Vec<N> =
                    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).load(c)?;
                Ok(rows.first().map(|r| r.n).unwrap_or(0))
            })
            .await
            .expect("count")
    }
}

/// The `type` of each activity in a collection page's items, in order.
pub fn types_of(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["type"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn sample_decision() -> Value {
    json!({
        "reference": "D-2026-014",
        "kind": "deliberation",
        "title": "Budget primitif 2027",
        "summary": "Le conseil municipal adopte le budget primitif 2027.",
        "body": "Le conseil, **après délibération**, adopte le budget.",
        "session_date": "2026-11-20",
        "status": "adopted",
        "votes": {"yes": 31, "no": 4, "abstain": 2, "absent": 3},
        "themes": ["budget", "finances"]
    })
}

/// What reached a peer inbox.
#[derive(Debug, Clone)]
pub struct Received {
    pub actor: String,
    pub headers: HeaderMap,
    pub body: Value,
}

/// A scripted inbox answer: status and `Retry-After`.
pub type Scripted = (u16, Option<String>);

#[derive(Clone)]
pub struct PeerState {
    pub origin: String,
    pub public_pem: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// Answer 500 to this many inbox requests first (to test retries).
    pub fail_first: Arc<Mutex<usize>>,
    pub in_flight: Arc<Mutex<(usize, usize)>>,
    /// Most requests in flight at once after the first failure was answered.
    pub in_flight_after_failure: Arc<Mutex<Option<usize>>>,
    /// Answers for the next inbox requests, in order (status, `Retry-After`); then 202.
    pub answers: Arc<Mutex<std::collections::VecDeque<Scripted>>>,
    /// Every inbox request: when it arrived, the status answered, and its body.
    pub attempts: Arc<Mutex<Vec<(std::time::Instant, u16, Value)>>>,
}

/// A remote server with actors `u1`, `u2`, … sharing one key, recording inbox deliveries.
pub struct TestPeer {
    pub state: PeerState,
    pub host: String,
    pub addr: SocketAddr,
    pub key: RsaPrivateKey,
}

pub fn test_key() -> RsaPrivateKey {
    // One key for every peer of a test run: generating RSA keys is slow.
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let pem = KEY.get_or_init(|| {
        activitypub_federation::http_signatures::generate_actor_keypair()
            .expect("keypair")
            .private_key
    });
    RsaPrivateKey::from_pkcs8_pem(pem).expect("key")
}

async fn peer_actor(
    State(s): State<PeerState>,
    Path(name): Path<String>,
) -> (HeaderMap, Json<Value>) {
    let id = format!("{}/users/{name}", s.origin);
    let mut h = HeaderMap::new();
    h.insert(
        "content-type",
        "application/activity+json".parse().expect("header"),
    );
    (
        h,
        Json(json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": id, "type": "Person", "preferredUsername": name,
            "inbox": format!("{id}/inbox"),
            "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": s.public_pem},
        })),
    )
}

async fn peer_inbox(
    State(s): State<PeerState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let arrived = std::time::Instant::now();
    {
        let mut f = s.in_flight.lock().expect("lock");
        f.0 += 1;
        f.1 = f.1.max(f.0);
        if let Some(max) = s.in_flight_after_failure.lock().expect("lock").as_mut() {
            *max = (*max).max(f.0);
        }
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    s.in_flight.lock().expect("lock").0 -= 1;
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let attempt = |status: u16| {
        s.attempts
            .lock()
            .expect("lock")
            .push((arrived, status, body.clone()));
    };
    {
        let mut fail = s.fail_first.lock().expect("lock");
        if *fail > 0 {
            *fail -= 1;
            s.in_flight_after_failure
                .lock()
                .expect("lock")
                .get_or_insert(0);
            attempt(500);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let scripted = s.answers.lock().expect("lock").pop_front();
    if let Some((code, retry_after)) = scripted {
        attempt(code);
        let status = StatusCode::from_u16(code).expect("status");
        let mut h = HeaderMap::new();
        if let Some(v) = retry_after {
            h.insert("retry-after", v.parse().expect("header"));
        }
        if !status.is_success() {
            return (status, h).into_response();
        }
    } else {
        attempt(202);
    }
    s.received.lock().expect("lock").push(Received {
        actor: name,
        headers,
        body,
    });
    StatusCode::ACCEPTED.into_response()
}

pub async fn spawn_peer(name: &str) -> TestPeer {
    spawn_peer_with_key(name, test_key()).await
}

/// A second key, for forgeries.
pub fn other_key() -> RsaPrivateKey {
    static KEY: std::sync::OnceLock<RsaPrivateKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key"))
        .clone()
}

pub async fn spawn_peer_with_key(name: &str, key: RsaPrivateKey) -> TestPeer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let public_pem = rsa::RsaPublicKey::from(&key)
        .to_public_key_pem(LineEnding::LF)
        .expect("pem");
    let host = format!("{name}.localhost");
    let state = PeerState {
        origin: format!("http://{host}:{}", addr.port()),
        public_pem,
        received: Arc::default(),
        fail_first: Arc::default(),
        in_flight: Arc::default(),
        in_flight_after_failure: Arc::default(),
        answers: Arc::default(),
        attempts: Arc::default(),
    };
    let router = Router::new()
        .route("/users/{name}", get(peer_actor))
        .route("/users/{name}/inbox", post(peer_inbox))
        .with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    TestPeer {
        state,
        host,
        addr,
        key,
    }
}

impl TestPeer {
    pub fn actor(&self, name: &str) -> String {
        format!("{}/users/{name}", self.state.origin)
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().expect("lock").clone()
    }

    /// Waits until `pred` holds for what was received, or panics after `secs`.
    pub async fn wait_for(
        &self,
        secs: u64,
        what: &str,
        pred: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.received();
            if pred(&got) {
                return got;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("timed out waiting for {what}; received: {got:#?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A cavage-signed POST, as Mastodon sends it: `(request-target) host date digest
/// content-type`, rsa-sha256, Digest over the exact body.
pub fn signed_post(
    client: &reqwest::Client,
    url: &str,
    body: &[u8],
    key: &RsaPrivateKey,
    key_id: &str,
    date: chrono::DateTime<chrono::Utc>,
) -> reqwest::RequestBuilder {
    let digest = format!(
        "SHA-256={}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
    );
    signed_post_with_digest(client, url, body, key, key_id, date, &digest)
}

pub fn signed_post_with_digest(
    client: &reqwest::Client,
    url: &str,
    body: &[u8],
    key: &RsaPrivateKey,
    key_id: &str,
    date: chrono::DateTime<chrono::Utc>,
    digest: &str,
) -> reqwest::RequestBuilder {
    let u = url::Url::parse(url).expect("url");
    let host = match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    };
    let date = date.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let content_type = "application/activity+json";
    let signing = format!(
        "(request-target): post {}\nhost: {host}\ndate: {date}\ndigest: {digest}\ncontent-type: {content_type}",
        u.path()
    );
    let sig = key
        .sign(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(signing.as_bytes()),
        )
        .expect("sign");
    let header = format!(
        "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"{}\"",
        base64::engine::general_purpose::STANDARD.encode(sig)
    );
    client
        .post(url)
        .header("host", host)
        .header("date", date)
        .header("digest", digest)
        .header("content-type", content_type)
        .header("signature", header)
        .body(body.to_vec())
}

/// Polls `check` until it returns Some, or panics after `secs`.
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A small real PDF (one page, a correct cross-reference table): uploads are parsed, so the
/// magic bytes alone are refused.
pub fn real_pdf() -> Vec<u8> {
    real_pdf_saying("PV")
}

/// The same, its page showing `text` (distinct texts give distinct files).
pub fn real_pdf_saying(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream.as_str(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf += &format!("{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    pdf += &format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        pdf += &format!("{o:010} 00000 n \n");
    }
    pdf += &format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.into_bytes()
}
