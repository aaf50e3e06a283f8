//! Reads at the speed of the machine: the documents every follower's server fetches when a
//! decision goes out (the commune actor, the decision, an outbox page), served by a real
//! `palabre serve` process writing its usual log line per request, against the ceiling
//! measured in the same run: a bare axum handler serving the actor's same bytes from memory
//! (the reference), and beside it the same handler serving each document's own bytes
//! (a larger document costs more to send whoever serves it). Each document is read twice:
//! as wrk asks by default (no `Accept-Encoding`), and with `Accept-Encoding: gzip`, as
//! Mastodon asks every fetch (its same-size reference then serves the gzipped bytes).
//! Load comes from `wrk -t2 -c32` (Debian's `wrk` package), on loopback only.
//!
//! `cargo bench --bench reads` (PALABRE_BENCH_SECS sets each run's length, default 5)

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ACCEPT: &str = "Accept: application/activity+json";
const DECISIONS: usize = 25;

struct Node {
    child: Child,
    _dir: tempfile::TempDir,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn palabre(dir: &std::path::Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.env(
        "DATABASE_URL",
        format!("sqlite://{}", dir.join("reads.db").display()),
    )
    .env("PALABRE_BIND", format!("127.0.0.1:{port}"))
    .env("PALABRE_DOMAIN", format!("localhost:{port}"))
    .env("PALABRE_DEV", "1")
    .env("PALABRE_MEDIA_DIR", dir.join("media"))
    .env_remove("RUST_LOG");
    cmd
}

/// A node with one commune and `DECISIONS` decisions, logging as in production (to a file,
/// as journald would take it).
fn start_node() -> Node {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let run = |args: &[&str]| {
        let out = palabre(dir.path(), port)
            .args(args)
            .output()
            .expect("palabre CLI");
        assert!(out.status.success(), "palabre {args:?} failed");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
        "--region",
        "Dakar",
        "--population",
        "295459",
    ]);
    let token = run(&["token", "create", "rufisque"])
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string();
    let log = std::fs::File::create(dir.path().join("serve.log")).expect("log file");
    let child = palabre(dir.path(), port)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("palabre serve");
    let base = format!("http://localhost:{port}");
    let node = Node {
        child,
        _dir: dir,
        base,
    };
    let client = reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let deadline = Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{}/communes/rufisque", node.base))
        .send()
        .is_err()
    {
        assert!(Instant::now() < deadline, "palabre serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let body = "Le conseil municipal, réuni en session ordinaire, délibère. ".repeat(30);
    for i in 0..DECISIONS {
        let r = client
            .post(format!("{}/api/v1/communes/rufisque/decisions", node.base))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "reference": format!("D-2026-{i:03}"),
                "kind": "deliberation",
                "title": format!("Délibération sur le marché central n° {i}"),
                "summary": "Le conseil adopte le règlement du marché central.",
                "body": body,
                "session_date": "2026-11-20",
                "status": "adopted",
                "votes": {"yes": 31, "no": 4, "abstain": 2, "absent": 3},
                "themes": ["marchés", "budget"],
            }))
            .send()
            .expect("publish");
        assert_eq!(r.status().as_u16(), 201, "publishing decision {i}");
    }
    node
}

/// The ceiling: axum answering with the given bytes from memory, nothing else (`gzipped`:
/// they are a gzip body, and say so).
fn start_ceiling(bytes: Vec<u8>, gzipped: bool, runtime: &tokio::runtime::Runtime) -> String {
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let body = bytes::Bytes::from(bytes);
    let app = axum::Router::new().route(
        "/actor",
        axum::routing::get(move || {
            let body = body.clone();
            async move {
                let encoding = if gzipped { "gzip" } else { "identity" };
                (
                    [
                        (
                            axum::http::header::CONTENT_TYPE,
                            "application/activity+json; charset=utf-8",
                        ),
                        (axum::http::header::CONTENT_ENCODING, encoding),
                    ],
                    body,
                )
            }
        }),
    );
    runtime.spawn(async move { axum::serve(listener, app).await });
    format!("http://127.0.0.1:{port}/actor")
}

/// Requests per second from one wrk run, with `extra` headers.
fn wrk(url: &str, secs: u64, extra: &[&str]) -> f64 {
    let mut args = vec![
        "-t2".to_string(),
        "-c32".to_string(),
        format!("-d{secs}s"),
        "-H".to_string(),
        ACCEPT.to_string(),
    ];
    for h in extra {
        args.extend(["-H".to_string(), h.to_string()]);
    }
    args.push(url.to_string());
    let out = Command::new("wrk")
        .args(&args)
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("Non-2xx"),
        "{url} answered errors under load:\n{text}"
    );
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"))
}

fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("the reads benchmark needs wrk: apt-get install wrk");
        std::process::exit(1);
    }
    let secs: u64 = std::env::var("PALABRE_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    // The ceiling runs on its own small runtime in this process; the node is its own process.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let node = start_node();
    // Bodies as sent: no decompression.
    let client = reqwest::blocking::Client::builder()
        .no_proxy()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client");
    let actor_url = format!("{}/communes/rufisque", node.base);
    let actor = client
        .get(&actor_url)
        .header("Accept", "application/activity+json")
        .send()
        .and_then(|r| r.bytes())
        .expect("actor")
        .to_vec();
    let outbox: serde_json::Value = client
        .get(format!("{}/communes/rufisque/outbox?page=1", node.base))
        .header("Accept", "application/activity+json")
        .send()
        .and_then(|r| r.json())
        .expect("outbox page");
    let decision_url = outbox["orderedItems"][0]["object"]["id"]
        .as_str()
        .or_else(|| outbox["orderedItems"][0]["object"].as_str())
        .expect("a decision in the outbox")
        .to_string();
    let ceiling = start_ceiling(actor.clone(), false, &runtime);
    let targets = [
        ("commune actor", actor_url),
        ("decision (Article)", decision_url),
        (
            "outbox page (20 activities)",
            format!("{}/communes/rufisque/outbox?page=1", node.base),
        ),
    ];
    println!(
        "reads: wrk -t2 -c32 -d{secs}s; ceiling = axum serving the actor's {} B from memory; \
         same-size = axum serving that document's own bytes",
        actor.len()
    );
    println!(
        "  {:<36} {:>8} {:>11} {:>10} {:>7} {:>10} {:>7}",
        "document", "bytes", "requests/s", "ceiling", "ratio", "same-size", "ratio"
    );
    let _ = wrk(&ceiling, 1, &[]); // warm-up
    let gzip = "Accept-Encoding: gzip";
    for (name, url) in &targets {
        for extra in [&[][..], &[gzip][..]] {
            let mut req = client
                .get(url)
                .header("Accept", "application/activity+json");
            if !extra.is_empty() {
                req = req.header("Accept-Encoding", "gzip");
            }
            let res = req.send().expect("document");
            let gzipped = res
                .headers()
                .get("content-encoding")
                .is_some_and(|v| v == "gzip");
            assert_eq!(gzipped, !extra.is_empty(), "{url}: gzip only when asked");
            let bytes = res.bytes().expect("body").to_vec();
            let size = bytes.len();
            let same_size = start_ceiling(bytes, gzipped, &runtime);
            let _ = wrk(url, 1, extra);
            // The ceiling is measured right before and after each target, since the machine
            // drifts.
            let before = wrk(&ceiling, secs, &[]);
            let rate = wrk(url, secs, extra);
            let after = wrk(&ceiling, secs, &[]);
            let own = wrk(&same_size, secs, &[]);
            let reference = (before + after) / 2.0;
            let label = if gzipped {
                format!("{name}, gzip")
            } else {
                name.to_string()
            };
            println!(
                "  {label:<36} {size:>8} {rate:>11.0} {reference:>10.0} {:>7.2} {own:>10.0} {:>7.2}",
                rate / reference,
                rate / own
            );
            let _ = std::io::stdout().flush();
        }
    }
}
