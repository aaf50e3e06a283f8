//! Fan-out of one decision to 1,000 inboxes on 100 hosts (loopback sinks), through the real
//! outbox and delivery workers, against the signing bound measured in the same run: the rate
//! at which this machine signs with the same key and library on all its cores. Also prints
//! the idle resident memory of `palabre serve` on SQLite.
//!
//! `cargo bench --bench fanout`

use axum::routing::post;
use palabre::config::Config;
use palabre::service::App;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HOSTS: usize = 100;
const PER_HOST: usize = 10;

fn signing_rate(pem: &str, threads: usize, per_thread: usize) -> f64 {
    let key = RsaPrivateKey::from_pkcs8_pem(pem).expect("key");
    // The same shape of signing string a delivery signs.
    let text = "(request-target): post /users/a1/inbox\nhost: sink1.localhost:9\ndate: Mon, 30 Nov 2026 12:00:00 GMT\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\ncontent-type: application/activity+json";
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let key = key.clone();
            s.spawn(move || {
                for _ in 0..per_thread {
                    let sig = key
                        .sign(
                            Pkcs1v15Sign::new::<Sha256>(),
                            &Sha256::digest(text.as_bytes()),
                        )
                        .expect("sign");
                    std::hint::black_box(sig);
                }
            });
        }
    });
    (threads * per_thread) as f64 / start.elapsed().as_secs_f64()
}

async fn fan_out(runtime_threads: usize) -> (f64, String) {
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let sink = axum::Router::new().route(
        "/users/{name}/inbox",
        post(move || {
            let c = counter.clone();
            async move {
                c.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, sink).await });

    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::defaults();
    config.domain = "bench.localhost:1".into();
    config.database_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    config.dev = true;
    config.media_dir = dir.path().join("media");
    let app = tokio::task::spawn_blocking(move || App::open(config))
        .await
        .expect("join")
        .expect("open");
    let commune = palabre::service::communes::create(
        &app,
        palabre::domain::slug::Slug::parse("rufisque").expect("slug"),
        palabre::domain::commune::CommuneProfile::parse(
            &palabre::domain::commune::CommuneProfileInput {
                name: Some("Rufisque".into()),
                country: Some("SN".into()),
                ..Default::default()
            },
            None,
        )
        .expect("profile"),
    )
    .await
    .expect("commune");
    let commune_id = commune.id;
    app.store
        .transaction(move |c| {
            for h in 0..HOSTS {
                for a in 0..PER_HOST {
                    let id = format!("http://sink{h}.localhost:{port}/users/a{a}");
                    let actor = palabre::store::federation::upsert_remote_actor(
                        c,
                        &palabre::store::models::RemoteActorFields {
                            ap_id: id.clone(),
                            kind: "Person".into(),
                            username: format!("a{a}"),
                            host: format!("sink{h}.localhost:{port}"),
                            name: None,
                            inbox: format!("{id}/inbox"),
                            shared_inbox: None,
                            public_key_pem: String::new(),
                            json: "{}".into(),
                            fetched_at: palabre::store::now(),
                        },
                    )?;
                    palabre::store::federation::add_follower(
                        c,
                        commune_id,
                        &actor,
                        &format!("{id}#follow"),
                    )?;
                }
            }
            Ok(())
        })
        .await
        .expect("followers");
    let fed = palabre::federation::configure(app.clone())
        .await
        .expect("federation");
    tokio::spawn(palabre::delivery::run(fed));

    let draft = palabre::domain::decision::DecisionDraft::parse(
        &palabre::domain::decision::DecisionInput {
            reference: Some("D-1".into()),
            kind: Some("deliberation".into()),
            title: Some("Budget primitif".into()),
            summary: Some("Adopté".into()),
            session_date: Some("2026-11-20".into()),
            status: Some("adopted".into()),
            ..Default::default()
        },
    )
    .expect("draft");
    let start = Instant::now();
    palabre::service::decisions::create(&app, &commune, draft, Vec::new())
        .await
        .expect("publish");
    let total = HOSTS * PER_HOST;
    while received.load(Ordering::Relaxed) < total {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "fan-out stalled"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let rate = total as f64 / start.elapsed().as_secs_f64();
    let _ = runtime_threads;
    (rate, commune.private_key.0)
}

fn idle_rss_kib() -> Option<u64> {
    let dir = tempfile::tempdir().ok()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("idle.db").display()),
        )
        .env("PALABRE_BIND", format!("127.0.0.1:{port}"))
        .env("PALABRE_DOMAIN", format!("idle.localhost:{port}"))
        .env("RUST_LOG", "warn")
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_secs(3));
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok();
    let _ = child.kill();
    let _ = child.wait();
    status?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    if std::env::var("RUST_LOG").is_ok() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (deliveries_per_sec, pem) = runtime.block_on(fan_out(cores));
    drop(runtime);
    let one_core = signing_rate(&pem, 1, 300);
    let all_cores = signing_rate(&pem, cores, 300);
    println!(
        "fan-out: 1 decision to {} inboxes on {HOSTS} hosts",
        HOSTS * PER_HOST
    );
    println!("  deliveries/s                      {deliveries_per_sec:>8.0}");
    println!("  signing bound, RSA-2048 rsa crate {all_cores:>8.0} signatures/s on {cores} cores ({one_core:.0} on one)");
    println!(
        "  ratio deliveries / signing bound  {:>8.2}",
        deliveries_per_sec / all_cores
    );
    match idle_rss_kib() {
        Some(kib) => println!(
            "idle resident memory of `palabre serve` (SQLite): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("idle resident memory: could not be read"),
    }
}
