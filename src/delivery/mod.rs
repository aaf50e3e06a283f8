//! The durable outbox workers. Rows written by the service layer are leased, signed and sent
//! with bounded concurrency (overall and per host), retried with exponential backoff, and
//! given up on after `delivery_max_age_hours`; a host failing for `host_dead_after_hours` is
//! dead. A lease that outlives a crashed process expires, so nothing is lost to `kill -9`.

use crate::federation::actors::LocalActor;
use crate::service::App;
use crate::store::activities::{self as db, Claimed};
use crate::store::{communes, Backend};
use activitypub_federation::activity_sending::SendActivityTask;
use activitypub_federation::config::FederationConfig;
use activitypub_federation::traits::Activity;
use async_trait::async_trait;
use chrono::Duration;
use serde::{Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, Semaphore};
use url::Url;

/// A stored activity as the crate's sender wants it: serialized exactly as stored.
#[derive(Debug)]
struct Stored {
    id: Url,
    actor: Url,
    json: serde_json::Value,
}

impl Serialize for Stored {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

#[async_trait]
impl Activity for Stored {
    type DataType = App;
    type Error = crate::federation::FederationError;
    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _: &crate::federation::Data) -> Result<(), Self::Error> {
        Ok(())
    }
    async fn receive(self, _: &crate::federation::Data) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[derive(Default)]
struct InFlight {
    per_host: HashMap<String, usize>,
}

/// Deliveries per claim; each is a signed request, so this bounds memory, not throughput.
const BATCH: i64 = 200;

pub async fn run(fed: FederationConfig<App>) {
    let app = fed.to_request_data().app_data().clone();
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
    let signers: Arc<Mutex<HashMap<i32, LocalActor>>> = Arc::default();
    let (outcomes, rx) = mpsc::unbounded_channel();
    tokio::spawn(record(app.clone(), rx));
    let mut health = Health::default();
    loop {
        if let Err(e) = health.refresh(&app).await {
            tracing::error!(error = %e, "cannot read host health");
        }
        let workers = Workers {
            fed: &fed,
            app: &app,
            global: &global,
            in_flight: &in_flight,
            signers: &signers,
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
    fed: &'a FederationConfig<App>,
    app: &'a App,
    global: &'a Arc<Semaphore>,
    in_flight: &'a Arc<Mutex<InFlight>>,
    signers: &'a Arc<Mutex<HashMap<i32, LocalActor>>>,
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
        let (fed, app, in_flight, signers, outcomes) = (
            w.fed.clone(),
            app.clone(),
            in_flight.clone(),
            w.signers.clone(),
            w.outcomes.clone(),
        );
        tokio::spawn(async move {
            let outcome = deliver(&fed, &app, &signers, item).await;
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
            .run(move |c| {
                use crate::store::schema::deliveries::dsl as d;
                use diesel::prelude::*;
                diesel::update(d::deliveries.filter(d::id.eq_any(&deferred)))
                    .set(d::locked_until.eq(None::<chrono::NaiveDateTime>))
                    .execute(c)?;
                Ok(())
            })
            .await?;
    }
    // Only sends count as progress: when everything claimed was deferred, the dispatcher
    // waits for a send to finish instead of claiming the same rows again at once.
    Ok(spawned)
}

fn backoff(app: &App, attempts: i32) -> Duration {
    let base = app.config.delivery_backoff_secs as i64;
    let exp = base.saturating_mul(1i64 << attempts.clamp(0, 20));
    let capped = exp.min(12 * 3600);
    // Jitter spreads retries to a recovering host.
    let jitter = rand::Rng::gen_range(&mut rand::thread_rng(), 0..=capped / 10 + 1);
    Duration::seconds(capped + jitter)
}

async fn signer(
    app: &App,
    signers: &Mutex<HashMap<i32, LocalActor>>,
    commune_id: Option<i32>,
) -> Option<LocalActor> {
    let Some(id) = commune_id else {
        return Some(LocalActor::instance(app));
    };
    if let Some(a) = signers.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
        return Some(a.clone());
    }
    let commune = app.store.run(move |c| communes::by_id(c, id)).await.ok()?;
    let actor = LocalActor::commune(app, &commune);
    signers
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id, actor.clone());
    Some(actor)
}

/// The result of one send, written by [`record`] in batches: one transaction for many
/// outcomes, rather than a write per delivery competing for SQLite's single writer.
#[derive(Debug)]
enum Outcome {
    Delivered {
        id: i32,
        host: String,
    },
    Retry {
        id: i32,
        host: String,
        next: chrono::NaiveDateTime,
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
                        Outcome::Delivered { id, host } => db::mark_delivered(c, *id, host)?,
                        Outcome::Retry {
                            id,
                            host,
                            next,
                            error,
                        } => db::schedule_retry(c, *id, host, *next, error)?,
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

async fn deliver(
    fed: &FederationConfig<App>,
    app: &App,
    signers: &Mutex<HashMap<i32, LocalActor>>,
    item: Claimed,
) -> Outcome {
    let Claimed {
        delivery,
        activity_ap_id,
        actor_ap_id,
        commune_id,
        json,
    } = item;
    let (id, host, inbox_text) = (delivery.id, delivery.host.clone(), delivery.inbox.clone());
    let outcome = async {
        let activity = Stored {
            id: Url::parse(&activity_ap_id).map_err(|e| Err(e.to_string()))?,
            actor: Url::parse(&actor_ap_id).map_err(|e| Err(e.to_string()))?,
            json: serde_json::from_str(&json).map_err(|e| Err(e.to_string()))?,
        };
        let inbox = Url::parse(&inbox_text).map_err(|e| Err(e.to_string()))?;
        if let Some(commune) = commune_id {
            let host = inbox.host_str().unwrap_or_default();
            match crate::service::remote::is_blocked_for(app, commune, host).await {
                Ok(true) => return Err(Err("instance blocked by the commune".to_string())),
                Ok(false) => {}
                Err(e) => return Err(Ok(e.to_string())),
            }
        }
        let actor = signer(app, signers, commune_id)
            .await
            .ok_or_else(|| Err("sender is gone".to_string()))?;
        let data = fed.to_request_data();
        // `prepare` drops inboxes the configuration refuses (http:// or private outside the
        // development switch, blocked instances): those are final, not retried.
        let tasks = SendActivityTask::prepare(&activity, &actor, vec![inbox], &data)
            .await
            .map_err(|e| Ok::<String, String>(e.to_string()))?;
        let Some(task) = tasks.into_iter().next() else {
            return Err(Err("inbox refused by configuration".to_string()));
        };
        task.sign_and_send(&data)
            .await
            .map_err(|e| Ok(e.to_string()))
    }
    .await;
    let too_old = crate::store::now() - delivery.created_at
        > Duration::hours(app.config.delivery_max_age_hours as i64);
    // Err(Ok(msg)): retryable; Err(Err(msg)): final.
    match outcome {
        Ok(()) => {
            tracing::info!(delivery = id, inbox = %inbox_text, activity = %activity_ap_id, attempts = delivery.attempts + 1, "delivered");
            Outcome::Delivered { id, host }
        }
        Err(Ok(error)) if !too_old => {
            let next = crate::store::now() + backoff(app, delivery.attempts);
            tracing::warn!(delivery = id, inbox = %inbox_text, attempts = delivery.attempts + 1, %next, %error, "delivery failed, will retry");
            Outcome::Retry {
                id,
                host,
                next,
                error,
            }
        }
        Err(Ok(error)) | Err(Err(error)) => {
            tracing::warn!(delivery = id, inbox = %inbox_text, %error, "delivery abandoned");
            Outcome::Final { id, error }
        }
    }
}
