//! Votes from the fediverse, as Mastodon sends them: 1,000 distinct voters on one host, each
//! sending one signed `Create{Note}` to a commune's inbox, 32 at a time, against a real
//! `palabre serve` (SQLite). The node verifies each signature (fetching each new voter's
//! actor first, as it would), counts the vote and answers. Printed: votes verified and counted
//! per second against the verify bound — RSA-2048 PKCS#1 v1.5 verifications per second with
//! the same library on all cores, measured in the same run — as a ratio; the time from a
//! vote's POST to its count in the results JSON (median, 99th percentile); the node's
//! resident memory during the load. The voters share one inbox, as on a Mastodon server.
//! Loopback only.
//!
//! `cargo bench --bench votes`

use base64::Engine;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const VOTERS: usize = 1000;
const CONCURRENCY: usize = 32;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

struct Node {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn palabre(dir: &std::path::Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.env(
        "DATABASE_URL",
        format!("sqlite://{}", dir.join("votes.db").display()),
    )
    .env("PALABRE_BIND", format!("127.0.0.1:{port}"))
    .env("PALABRE_DOMAIN", format!("polls.localhost:{port}"))
    .env("PALABRE_DEV", "1")
    .env("PALABRE_MEDIA_DIR", dir.join("media"))
    // All 1,000 voters are on one host: the per-instance limit would turn the measure into
    // one of the limit.
    .env("PALABRE_INBOX_INSTANCE_PER_MINUTE", "1000000")
    .env_remove("RUST_LOG");
    cmd
}

fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// The voters' server: every `/users/v{n}` is an actor with the same public key.
async fn start_voters(public_pem: String) -> (String, u16) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let origin = format!("http://voters.localhost:{port}");
    let o = origin.clone();
    let app = axum::Router::new()
        .route(
            "/users/{name}",
            axum::routing::get(move |axum::extract::Path(name): axum::extract::Path<String>| {
                let (pem, origin) = (public_pem.clone(), o.clone());
                async move {
                    let id = format!("{origin}/users/{name}");
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/activity+json")],
                        json!({
                            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
                            "id": id, "type": "Person", "preferredUsername": name,
                            "inbox": format!("{id}/inbox"),
                            // As on Mastodon: one shared inbox per server, so a tally goes
                            // once to the host, not once per voter.
                            "endpoints": {"sharedInbox": format!("{origin}/inbox")},
                            "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": pem},
                        })
                        .to_string(),
                    )
                }
            }),
        )
        .route(
            "/users/{name}/inbox",
            axum::routing::post(|| async { axum::http::StatusCode::ACCEPTED }),
        )
        .route(
            "/inbox",
            axum::routing::post(|| async { axum::http::StatusCode::ACCEPTED }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (origin, port)
}

/// A signed POST as Mastodon sends it (cavage: request-target host date digest content-type).
struct Signed {
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

fn sign(key: &RsaPrivateKey, key_id: &str, host: &str, path: &str, body: Vec<u8>) -> Signed {
    let b64 = base64::engine::general_purpose::STANDARD;
    let digest = format!("SHA-256={}", b64.encode(Sha256::digest(&body)));
    let date = chrono::Utc::now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let ct = "application/activity+json";
    let text = format!(
        "(request-target): post {path}\nhost: {host}\ndate: {date}\ndigest: {digest}\ncontent-type: {ct}"
    );
    let sig = key
        .sign(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(text.as_bytes()),
        )
        .expect("sign");
    let header = format!(
        "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"{}\"",
        b64.encode(sig)
    );
    Signed {
        body,
        headers: vec![
            ("host", host.to_string()),
            ("date", date),
            ("digest", digest),
            ("content-type", ct.to_string()),
            ("signature", header),
        ],
    }
}

/// RSA-2048 PKCS#1 v1.5 verifications per second with the `rsa` crate on `threads` threads.
fn verify_rate(key: &RsaPrivateKey, threads: usize, per_thread: usize) -> f64 {
    let public = RsaPublicKey::from(key);
    let hash = Sha256::digest(b"(request-target): post /communes/rufisque/inbox");
    let sig = key
        .sign(Pkcs1v15Sign::new::<Sha256>(), &hash)
        .expect("sign");
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (public, sig) = (public.clone(), sig.clone());
            s.spawn(move || {
                for _ in 0..per_thread {
                    public
                        .verify(Pkcs1v15Sign::new::<Sha256>(), &hash, &sig)
                        .expect("verify");
                }
            });
        }
    });
    (threads * per_thread) as f64 / start.elapsed().as_secs_f64()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Target {
    base: String,
    host: String,
    commune: String,
    question: String,
    key: String,
}

/// Every voter of `origin` votes once on `t`'s question, `CONCURRENCY` at a time; returns
/// votes per second and, per vote, the milliseconds from its POST to the results JSON read
/// after it.
async fn round(
    client: &reqwest::Client,
    t: &Target,
    origin: &str,
    key: &RsaPrivateKey,
) -> (f64, Vec<f64>) {
    // Signed beforehand, as many servers would have signed them: the load is the node's.
    let votes: Vec<Signed> = (0..VOTERS)
        .map(|n| {
            let me = format!("{origin}/users/v{n}");
            let id = format!("{me}#votes/{}", t.key);
            let doc = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": format!("{id}/activity"), "type": "Create", "actor": me, "to": t.commune,
                "object": {"id": id, "type": "Note",
                           "name": if n % 3 == 0 { "Nord" } else { "Sud" },
                           "attributedTo": me, "to": t.commune, "inReplyTo": t.question},
            });
            sign(
                key,
                &format!("{me}#main-key"),
                &t.host,
                "/communes/rufisque/inbox",
                doc.to_string().into_bytes(),
            )
        })
        .collect();
    let votes = Arc::new(std::sync::Mutex::new(votes.into_iter()));
    let results = format!(
        "{}/api/v1/communes/rufisque/consultations/{}/results",
        t.base, t.key
    );
    let inbox = format!("{}/communes/rufisque/inbox", t.base);
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (votes, client, inbox, results) = (
            votes.clone(),
            client.clone(),
            inbox.clone(),
            results.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let next = votes.lock().expect("lock").next();
                let Some(v) = next else { break };
                let t0 = Instant::now();
                let mut req = client.post(&inbox);
                for (k, val) in &v.headers {
                    req = req.header(*k, val);
                }
                let res = req.body(v.body).send().await.expect("POST");
                let status = res.status().as_u16();
                assert_eq!(status, 202, "{}", res.text().await.unwrap_or_default());
                // The vote is committed before the 202: the results show it now.
                let r: Value = client
                    .get(&results)
                    .send()
                    .await
                    .expect("results")
                    .json()
                    .await
                    .expect("json");
                assert!(r["votersCount"].as_u64().unwrap_or(0) > 0);
                latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.await.expect("worker"));
    }
    let rate = VOTERS as f64 / start.elapsed().as_secs_f64();
    let r: Value = client
        .get(&results)
        .send()
        .await
        .expect("results")
        .json()
        .await
        .expect("json");
    assert_eq!(r["votersCount"].as_u64(), Some(VOTERS as u64), "{r}");
    latencies.sort_by(|a, b| a.total_cmp(b));
    (rate, latencies)
}

/// RSA-2048 PKCS#1 v1.5 signatures per second on `threads` threads: what the node pays to
/// fetch each new voter's actor with a signed GET (as Mastodon's authorized fetch requires).
fn sign_rate(key: &RsaPrivateKey, threads: usize, per_thread: usize) -> f64 {
    let hash = Sha256::digest(b"(request-target): get /users/v1");
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(move || {
                for _ in 0..per_thread {
                    std::hint::black_box(
                        key.sign(Pkcs1v15Sign::new::<Sha256>(), &hash)
                            .expect("sign"),
                    );
                }
            });
        }
    });
    (threads * per_thread) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut rng = rand::thread_rng();
    let key = RsaPrivateKey::new(&mut rng, 2048).expect("key");
    let public_pem = RsaPublicKey::from(&key)
        .to_public_key_pem(LineEnding::LF)
        .expect("pem");

    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let cli = |args: &[&str]| -> String {
        let out = palabre(dir.path(), port)
            .args(args)
            .output()
            .expect("palabre CLI");
        assert!(
            out.status.success(),
            "palabre {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    cli(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
    ]);
    let closes = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let mut questions = Vec::new();
    for title in ["Marché central", "Gare routière"] {
        let created = cli(&[
            "consultation",
            "create",
            "rufisque",
            "--title",
            title,
            "--question",
            "Où ?",
            "--option",
            "Nord",
            "--option",
            "Sud",
            "--closes-at",
            &closes,
            "--channels",
            "fediverse",
        ]);
        let id = created
            .split_whitespace()
            .last()
            .expect("the consultation's id")
            .to_string();
        let key = id.rsplit('/').next().expect("key").to_string();
        questions.push((id, key));
    }
    let log = std::fs::File::create(dir.path().join("serve.log")).expect("log");
    let child = palabre(dir.path(), port)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("palabre serve");
    let pid = child.id();
    let node = Node { child, _dir: dir };
    let host = format!("polls.localhost:{port}");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client");

    let (first, known, peak_rss) = runtime.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(30);
        while client
            .get(format!("{base}/nodeinfo/2.1"))
            .send()
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "palabre serve did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (origin, _) = start_voters(public_pem).await;
        let peak = Arc::new(AtomicU64::new(0));
        let sampler = {
            let peak = peak.clone();
            tokio::spawn(async move {
                loop {
                    if let Some(kib) = rss_kib(pid) {
                        peak.fetch_max(kib, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        };
        let target = |(question, key): &(String, String)| Target {
            base: base.clone(),
            host: host.clone(),
            commune: format!("http://{host}/communes/rufisque"),
            question: question.clone(),
            key: key.clone(),
        };
        // New voters: the node fetches each one's actor (a signed GET) before verifying.
        let first = round(&client, &target(&questions[0]), &origin, &key).await;
        // The same voters on a second question: their keys are known.
        let known = round(&client, &target(&questions[1]), &origin, &key).await;
        sampler.abort();
        (first, known, peak.load(Ordering::Relaxed))
    });
    drop(node);
    drop(runtime);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let verify = verify_rate(&key, cores, 2000);
    let sign = sign_rate(&key, cores, 200);
    // A new voter costs one signature (the fetch) and one verification.
    let first_bound = 1.0 / (1.0 / sign + 1.0 / verify);
    println!(
        "votes: {VOTERS} distinct fediverse voters, one signed vote each, {CONCURRENCY} at a time"
    );
    println!("  verify bound, RSA-2048 rsa crate  {verify:>8.0} verifications/s on {cores} cores");
    println!("  sign rate, same key and library   {sign:>8.0} signatures/s on {cores} cores");
    for (label, (rate, lat), bound, bound_name) in [
        (
            "new voters (actor fetched)",
            first,
            first_bound,
            "sign+verify bound",
        ),
        ("known voters", known, verify, "verify bound"),
    ] {
        println!("  {label}");
        println!("    votes verified and counted/s    {rate:>8.0}");
        println!(
            "    ratio to the verify bound       {:>8.3}   (to the {bound_name}, {bound:.0}/s: {:.3})",
            rate / verify,
            rate / bound
        );
        println!(
            "    POST to counted in results JSON median {:.1} ms, p99 {:.1} ms",
            percentile(&lat, 0.5),
            percentile(&lat, 0.99)
        );
    }
    println!(
        "  resident memory of palabre serve  {:.1} MiB at most during the load",
        peak_rss as f64 / 1024.0
    );
}
