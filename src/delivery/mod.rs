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
use tokio::sync::Semaphore;
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
    loop {
        match tick(&fed, &app, &global, &in_flight, &signers).await {
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

async fn tick(
    fed: &FederationConfig<App>,
    app: &App,
    global: &Arc<Semaphore>,
    in_flight: &Arc<Mutex<InFlight>>,
    signers: &Arc<Mutex<HashMap<i32, LocalActor>>>,
) -> Result<usize, crate::store::StoreError> {
    let dead_after = Duration::hours(app.config.host_dead_after_hours as i64);
    let hosts = app
        .store
        .run(move |c| {
            db::mark_dead_hosts(c, dead_after)?;
            db::hosts(c)
        })
        .await?;
    let failing: HashSet<String> = hosts
        .iter()
        .filter(|h| h.failing_since.is_some() && h.dead_at.is_none())
        .map(|h| h.host.clone())
        .collect();
    let dead: HashSet<String> = hosts
        .iter()
        .filter(|h| h.dead_at.is_some())
        .map(|h| h.host.clone())
        .collect();
    let skip = saturated(app, in_flight, &failing);
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
            let id = item.delivery.id;
            app.store
                .run(move |c| db::mark_final(c, id, db::DEAD, "host is dead"))
                .await?;
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
        let (fed, app, in_flight, signers) =
            (fed.clone(), app.clone(), in_flight.clone(), signers.clone());
        tokio::spawn(async move {
            deliver(&fed, &app, &signers, item).await;
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

async fn deliver(
    fed: &FederationConfig<App>,
    app: &App,
    signers: &Mutex<HashMap<i32, LocalActor>>,
    item: Claimed,
) {
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
    let result = match outcome {
        Ok(()) => {
            tracing::info!(delivery = id, inbox = %inbox_text, activity = %activity_ap_id, attempts = delivery.attempts + 1, "delivered");
            app.store
                .run(move |c| db::mark_delivered(c, id, &host))
                .await
        }
        Err(Ok(error)) if !too_old => {
            let next = crate::store::now() + backoff(app, delivery.attempts);
            tracing::warn!(delivery = id, inbox = %inbox_text, attempts = delivery.attempts + 1, %next, %error, "delivery failed, will retry");
            app.store
                .run(move |c| db::schedule_retry(c, id, &host, next, &error))
                .await
        }
        Err(Ok(error)) | Err(Err(error)) => {
            tracing::warn!(delivery = id, inbox = %inbox_text, %error, "delivery abandoned");
            app.store
                .run(move |c| db::mark_final(c, id, db::FAILED, &error))
                .await
        }
    };
    if let Err(e) = result {
        tracing::error!(delivery = id, error = %e, "cannot record delivery outcome; the lease will expire and it will be retried");
    }
}
