//! The durable outbox workers. Rows written by the service layer are leased, signed and sent
//! with bounded concurrency (overall and per host), retried with exponential backoff (or after
//! the server's `Retry-After`), and given up on after `delivery_max_age_hours`; an inbox that
//! answers 4xx (other than 408 and 429) refuses the delivery for good; a host failing for
//! `host_dead_after_hours` is dead. A lease that outlives a crashed process expires, so
//! nothing is lost to `kill -9`.

pub mod send;
pub mod sign;

use crate::service::App;
use crate::store::activities::{self as db, Claimed};
use crate::store::{communes, Backend};
use activitypub_federation::config::FederationConfig;
use chrono::Duration;
use send::Verdict;
use sign::Key;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, Semaphore};
use url::Url;

/// Parsed signing keys by commune (`None` is the instance actor).
type Keys = Arc<Mutex<HashMap<Option<i32>, Arc<Key>>>>;

#[derive(Default)]
struct InFlight {
    per_host: HashMap<String, usize>,
}

/// Deliveries per claim; each is a signed request, so this bounds memory, not throughput.
const BATCH: i64 = 200;

pub async fn run(fed: FederationConfig<App>) {
    let app = fed.to_request_data().app_data().clone();
    // Our own client, not the crate's sender: we need the status of every answer.
    let client = match crate::federation::client::build(app.config.dev) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the HTTP client; no deliveries will be sent");
            return;
        }
    };
    if app.store.backend() == Backend::Sqlite {
        // One process owns a SQLite file, so leases left by a previous run are orphans.
        match app.store.run(db::release_all_leases).await {
            Ok(n) if n > 0 => {
                tracing::info!(released = n, "resuming deliveries left by a previous run")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "cannot release delivery leases"),
        }
    }
    let global = Arc::new(Semaphore::new(app.config.delivery_concurrency));
    let in_flight = Arc::new(Mutex::new(InFlight::default()));
    let keys: Keys = Arc::default();
    let (outcomes, rx) = mpsc::unbounded_channel();
    tokio::spawn(record(app.clone(), rx));
    let mut health = Health::default();
    loop {
        if let Err(e) = health.refresh(&app).await {
            tracing::error!(error = %e, "cannot read host health");
        }
        let workers = Workers {
            client: &client,
            app: &app,
            global: &global,
            in_flight: &in_flight,
            keys: &keys,
            outcomes: &outcomes,
        };
        match tick(&workers, &health).await {
            Ok(0) => {
                let _ = tokio::time::timeout(
                    std::time::Duration::from_millis(1000),
                    app.wake.notified(),
                )
                .await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "delivery dispatcher");
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
        }
    }
}

/// Hosts we must not claim more for: at capacity, or failing with one request already out.
fn saturated(app: &App, in_flight: &Mutex<InFlight>, failing: &HashSet<String>) -> Vec<String> {
    let guard = in_flight.lock().unwrap_or_else(|p| p.into_inner());
    guard
        .per_host
        .iter()
        .filter(|(h, n)| **n >= app.config.delivery_per_host || (failing.contains(*h) && **n >= 1))
        .map(|(h, _)| h.clone())
        .collect()
}

/// What the dispatcher shares with the tasks it spawns.
struct Workers<'a> {
    client: &'a reqwest::Client,
    app: &'a App,
    global: &'a Arc<Semaphore>,
    in_flight: &'a Arc<Mutex<InFlight>>,
    keys: &'a Keys,
    outcomes: &'a mpsc::UnboundedSender<Outcome>,
}

/// Failing and dead hosts, re-read at most once a second rather than on every tick.
#[derive(Default)]
struct Health {
    read_at: Option<std::time::Instant>,
    /// Set when a host in `dead` turned out to be alive again.
    stale: std::sync::atomic::AtomicBool,
    failing: HashSet<String>,
    dead: HashSet<String>,
}

impl Health {
    async fn refresh(&mut self, app: &App) -> Result<(), crate::store::StoreError> {
        let stale = self.stale.swap(false, std::sync::atomic::Ordering::Relaxed);
        if !stale
            && self
                .read_at
                .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(1))
        {
            return Ok(());
        }
        let dead_after = Duration::hours(app.config.host_dead_after_hours as i64);
        let hosts = app
            .store
            .run(move |c| {
                db::mark_dead_hosts(c, dead_after)?;
                db::hosts(c)
            })
            .await?;
        self.failing = hosts
            .iter()
            .filter(|h| h.failing_since.is_some() && h.dead_at.is_none())
            .map(|h| h.host.clone())
            .collect();
        self.dead = hosts
            .iter()
            .filter(|h| h.dead_at.is_some())
            .map(|h| h.host.clone())
            .collect();
        self.read_at = Some(std::time::Instant::now());
        Ok(())
    }
}

async fn tick(w: &Workers<'_>, health: &Health) -> Result<usize, crate::store::StoreError> {
    let (app, in_flight, global) = (w.app, w.in_flight, w.global);
    let (failing, dead) = (&health.failing, &health.dead);
    let skip = saturated(app, in_flight, failing);
    let lease = Duration::seconds(app.config.delivery_lease_secs as i64);
    let claimed = app
        .store
        .transaction(move |c| db::claim_due(c, BATCH, lease, &skip))
        .await?;
    let mut spawned = 0;
    let mut deferred = Vec::new();
    for item in claimed {
        let host = item.delivery.host.clone();
        if dead.contains(&host) {
            // The cached view may be a second old: the store decides, in one statement.
            let (id, h) = (item.delivery.id, host.clone());
            if app
                .store
                .run(move |c| db::finalize_if_host_dead(c, id, &h))
                .await?
            {
                continue;
            }
            health
                .stale
                .store(true, std::sync::atomic::Ordering::Relaxed);
            deferred.push(item.delivery.id);
            continue;
        }
        // A failing host gets one request at a time; a healthy one `delivery_per_host`.
        let cap = if failing.contains(&host) {
            1
        } else {
            app.config.delivery_per_host
        };
        {
            let mut guard = in_flight.lock().unwrap_or_else(|p| p.into_inner());
            let n = guard.per_host.entry(host.clone()).or_insert(0);
            if *n >= cap {
                deferred.push(item.delivery.id);
                continue;
            }
            *n += 1;
        }
        let permit = match global.clone().acquire_owned().await {
            Ok(p) => p,
            Err(_) => break,
        };
        spawned += 1;
        let (client, app, in_flight, keys, outcomes) = (
            w.client.clone(),
            app.clone(),
            in_flight.clone(),
            w.keys.clone(),
            w.outcomes.clone(),
        );
        tokio::spawn(async move {
            let outcome = deliver(&client, &app, &keys, item).await;
            // The row keeps its lease until the recorder writes this, so it is not claimed twice.
            let _ = outcomes.send(outcome);
            let mut guard = in_flight.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = guard.per_host.get_mut(&host) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    guard.per_host.remove(&host);
                }
            }
            drop(permit);
            app.wake.notify_one();
        });
    }
    if !deferred.is_empty() {
        app.store
            .run(move |c| db::release_leases(c, &deferred))
            .await?;
    }
    // Only sends count as progress: when everything claimed was deferred, the dispatcher
    // waits for a send to finish instead of claiming the same rows again at once.
    Ok(spawned)
}

/// Exponential backoff from `delivery_backoff_secs`, capped at 12 h, with jitter. A server's
/// `Retry-After` replaces it, clamped between the first backoff step and the same cap: a
/// server cannot make us hammer it, nor park a delivery for longer than we would.
fn backoff(app: &App, attempts: i32, retry_after: Option<std::time::Duration>) -> Duration {
    let base = app.config.delivery_backoff_secs as i64;
    let cap = 12 * 3600;
    if let Some(after) = retry_after {
        let secs = i64::try_from(after.as_secs()).unwrap_or(cap);
        return Duration::seconds(secs.clamp(base.min(cap), cap));
    }
    let exp = base.saturating_mul(1i64 << attempts.clamp(0, 20));
    let capped = exp.min(cap);
    // Jitter spreads retries to a recovering host.
    let jitter = rand::Rng::gen_range(&mut rand::thread_rng(), 0..=capped / 10 + 1);
    Duration::seconds(capped + jitter)
}

/// The parsed key of a commune or of the instance actor, parsed once per process.
async fn signing_key(
    app: &App,
    keys: &Mutex<HashMap<Option<i32>, Arc<Key>>>,
    commune_id: Option<i32>,
) -> Result<Arc<Key>, String> {
    if let Some(k) = keys
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&commune_id)
    {
        return Ok(k.clone());
    }
    let (actor, pem) = match commune_id {
        None => (app.urls.instance_actor(), app.instance_private_key.clone()),
        Some(id) => {
            let commune = app
                .store
                .run(move |c| communes::by_id(c, id))
                .await
                .map_err(|e| format!("sender is gone: {e}"))?;
            (app.urls.commune(&commune.slug), commune.private_key.0)
        }
    };
    let key_id = app.urls.key_id(&actor);
    let parsed = tokio::task::spawn_blocking(move || Key::parse(key_id, &pem))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let parsed = Arc::new(parsed);
    keys.lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(commune_id, parsed.clone());
    Ok(parsed)
}

/// The result of one send, written by [`record`] in batches: one transaction for many
/// outcomes, rather than a write per delivery competing for SQLite's single writer.
#[derive(Debug)]
enum Outcome {
    Delivered {
        id: i32,
        host: String,
        status: i32,
    },
    Refused {
        id: i32,
        host: String,
        status: i32,
        error: String,
    },
    Retry {
        id: i32,
        host: String,
        next: chrono::NaiveDateTime,
        status: Option<i32>,
        error: String,
    },
    Final {
        id: i32,
        error: String,
    },
}

async fn record(app: App, mut rx: mpsc::UnboundedReceiver<Outcome>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < 500 {
            match rx.try_recv() {
                Ok(o) => batch.push(o),
                Err(_) => break,
            }
        }
        let n = batch.len();
        let written = app
            .store
            .transaction(move |c| {
                for o in &batch {
                    match o {
                        Outcome::Delivered { id, host, status } => {
                            db::mark_delivered(c, *id, host, *status)?
                        }
                        Outcome::Refused {
                            id,
                            host,
                            status,
                            error,
                        } => db::mark_refused(c, *id, host, *status, error)?,
                        Outcome::Retry {
                            id,
                            host,
                            next,
                            status,
                            error,
                        } => db::schedule_retry(c, *id, host, *next, *status, error)?,
                        Outcome::Final { id, error } => db::mark_final(c, *id, db::FAILED, error)?,
                    }
                }
                Ok(())
            })
            .await;
        if let Err(e) = written {
            tracing::error!(outcomes = n, error = %e, "cannot record delivery outcomes; their leases will expire and they will be sent again");
        }
        app.wake.notify_one();
    }
}

/// Why an inbox must not be sent to at all; these end the delivery (`failed`) at once. The
/// HTTP client refuses private addresses behind host names at connect time; IP literals never
/// go through its resolver, so they are refused here.
async fn refused_by_configuration(
    app: &App,
    commune_id: Option<i32>,
    inbox: &Url,
) -> Result<Option<&'static str>, String> {
    let dev = app.config.dev;
    match inbox.scheme() {
        "https" => {}
        "http" if dev => {}
        _ => return Ok(Some("inbox refused by configuration: not https")),
    }
    let Some(host) = inbox.host() else {
        return Ok(Some("inbox has no host"));
    };
    if !dev && !matches!(host, url::Host::Domain(_)) {
        return Ok(Some("inbox refused by configuration: IP address"));
    }
    if db::host_key(inbox) == app.urls.authority() {
        return Ok(Some("inbox is on this node"));
    }
    let name = inbox.host_str().unwrap_or_default();
    // One lookup: a commune's deliveries stop at hosts blocked node-wide or by that commune
    // (`is_blocked_for` covers both); the instance actor's only at node-wide blocks.
    let blocked = match commune_id {
        Some(commune) => crate::service::remote::is_blocked_for(app, commune, name).await,
        None => crate::service::remote::is_blocked(app, name).await,
    };
    if blocked.map_err(|e| format!("blocklist unavailable: {e}"))? {
        return Ok(Some("instance is blocked"));
    }
    Ok(None)
}

async fn deliver(
    client: &reqwest::Client,
    app: &App,
    keys: &Mutex<HashMap<Option<i32>, Arc<Key>>>,
    item: Claimed,
) -> Outcome {
    let Claimed {
        delivery,
        activity_ap_id,
        actor_ap_id: _,
        commune_id,
        json,
    } = item;
    let (id, host, inbox_text) = (delivery.id, delivery.host.clone(), delivery.inbox.clone());
    // Err(msg): final without a request.
    let verdict = async {
        let inbox = Url::parse(&inbox_text).map_err(|e| e.to_string())?;
        if let Some(why) = refused_by_configuration(app, commune_id, &inbox).await? {
            return Err(why.to_string());
        }
        let key = signing_key(app, keys, commune_id).await?;
        // A fresh Date on every attempt: receivers refuse signatures older than about an hour.
        let (url, body) = (inbox.clone(), json.clone());
        let signed = tokio::task::spawn_blocking(move || {
            sign::sign_post(&key, &url, body.as_bytes(), chrono::Utc::now())
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
        Ok(send::post(client, &inbox, json, signed).await)
    }
    .await;
    let too_old = crate::store::now() - delivery.created_at
        > Duration::hours(app.config.delivery_max_age_hours as i64);
    let attempts = delivery.attempts + 1;
    match verdict {
        Ok(Verdict::Delivered { status }) => {
            tracing::info!(delivery = id, inbox = %inbox_text, activity = %activity_ap_id, attempts, status, "delivered");
            Outcome::Delivered {
                id,
                host,
                status: status.into(),
            }
        }
        Ok(Verdict::Refused { status, error }) => {
            tracing::warn!(delivery = id, inbox = %inbox_text, activity = %activity_ap_id, attempts, status, "delivery refused by the remote inbox");
            Outcome::Refused {
                id,
                host,
                status: status.into(),
                error,
            }
        }
        Ok(Verdict::Retry {
            status,
            after,
            error,
        }) if !too_old => {
            let next = crate::store::now() + backoff(app, delivery.attempts, after);
            tracing::warn!(delivery = id, inbox = %inbox_text, attempts, %next, retry_after = ?after, %error, "delivery failed, will retry");
            Outcome::Retry {
                id,
                host,
                next,
                status: status.map(i32::from),
                error,
            }
        }
        Ok(Verdict::Retry { error, .. }) | Err(error) => {
            tracing::warn!(delivery = id, inbox = %inbox_text, %error, "delivery abandoned");
            Outcome::Final { id, error }
        }
    }
}

/// What `palabre deliveries` prints: counts by state, the health of each remote host, and the
/// deliveries remote inboxes refused, per host and HTTP status, most first.
pub async fn report(app: &App) -> Result<String, crate::store::StoreError> {
    use std::fmt::Write;
    let (states, hosts, refused) = app
        .store
        .run(|c| {
            Ok((
                db::counts_by_state(c)?,
                db::hosts(c)?,
                db::refused_by_host(c)?,
            ))
        })
        .await?;
    let mut out = String::from("# deliveries by state\n");
    for (state, n) in states {
        let _ = writeln!(out, "{state}\t{n}");
    }
    out.push_str("# remote hosts\n");
    for h in hosts {
        let state = match (h.dead_at, h.failing_since) {
            (Some(_), _) => "dead".to_string(),
            (None, Some(since)) => format!("failing since {since}"),
            (None, None) => "ok".to_string(),
        };
        let _ = writeln!(out, "{}\t{state}", h.host);
    }
    out.push_str("# refused by remote inboxes (host, HTTP status, deliveries)\n");
    for (host, status, n) in refused {
        let status = status.map_or_else(|| "-".to_string(), |s| s.to_string());
        let _ = writeln!(out, "{host}\t{status}\t{n}");
    }
    Ok(out)
}
