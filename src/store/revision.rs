//! The documents revision: a counter raised by every transaction that queues an activity, so
//! that cached documents (the actor, objects, outbox pages) are never served after a change.
//!
//! Two signals, one counter. In this process, a committed transaction that queued something
//! raises [`Generation`] at once (see `Store::transaction`). Changes committed by another
//! process (a CLI command, a second `palabre serve` on PostgreSQL) raise the row in
//! `documents_revision` in their own transaction; [`watch`] polls it and raises the generation.

use super::schema::documents_revision::dsl as r;
use super::{DbConn, Store, StoreResult};
use diesel::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

thread_local! {
    /// Set by [`documents_changed`] inside a transaction; read and cleared when it commits.
    static CHANGED: Cell<bool> = const { Cell::new(false) };
}

/// Raised after every commit that changed published documents; cached renderings carry the
/// generation they were rendered at and are stale once it moves.
#[derive(Debug, Clone, Default)]
pub struct Generation(Arc<AtomicU64>);

impl Generation {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
    pub fn raise(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Called by the one place that publishes (`service::outbox::enqueue`), inside its transaction.
pub fn documents_changed(conn: &mut DbConn) -> StoreResult<()> {
    diesel::update(r::documents_revision.filter(r::id.eq(1)))
        .set(r::revision.eq(r::revision + 1))
        .execute(conn)?;
    CHANGED.with(|c| c.set(true));
    Ok(())
}

pub fn revision(conn: &mut DbConn) -> StoreResult<i64> {
    Ok(r::documents_revision
        .filter(r::id.eq(1))
        .select(r::revision)
        .first(conn)?)
}

/// Clears the flag at the start of a transaction (a rolled-back one may have left it set).
pub(super) fn begin() {
    CHANGED.with(|c| c.set(false));
}

/// Whether the transaction that just committed on this thread changed documents.
pub(super) fn committed() -> bool {
    CHANGED.with(|c| c.replace(false))
}

/// How often another process's changes are looked for.
pub const POLL: Duration = Duration::from_millis(200);

/// Raises the generation when another process changed documents; runs beside `serve`.
pub async fn watch(store: Store) {
    let mut seen: Option<i64> = None;
    loop {
        match store.run(revision).await {
            Ok(now) => {
                if seen.is_some_and(|s| s != now) {
                    store.generation().raise();
                }
                seen = Some(now);
            }
            Err(e) => {
                // Unknown state: treat as changed, so nothing stale is served meanwhile.
                store.generation().raise();
                tracing::warn!(error = %e, "cannot read the documents revision");
            }
        }
        tokio::time::sleep(POLL).await;
    }
}
