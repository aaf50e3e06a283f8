//! An incoming activity takes effect once. Its id is recorded in the same transaction as its
//! effect (`Receipt::once`), so a redelivery, or ten copies arriving together, change nothing
//! after the first: the record and the effect commit together or not at all.

use super::{App, ServiceResult};
use crate::store::{activities, federation as fed, DbConn, StoreResult};
use url::Url;

/// Which activity is being handled, and from whom.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub activity: String,
    pub actor: String,
    host: String,
}

/// What handling an activity did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Once<T> {
    /// The effect happened now.
    Done(T),
    /// The activity was already recorded: nothing was done.
    Again,
}

impl Receipt {
    pub fn new(activity: &Url, actor: &Url) -> Self {
        Receipt {
            activity: activity.to_string(),
            actor: actor.to_string(),
            host: activities::host_key(actor),
        }
    }

    /// Records the activity in the caller's transaction; false when it already was. A host
    /// that sends us activities is alive again for our deliveries.
    pub(crate) fn claim(&self, conn: &mut DbConn) -> StoreResult<bool> {
        if !fed::claim_received(conn, &self.activity, &self.actor)? {
            return Ok(false);
        }
        activities::revive_host(conn, &self.host)?;
        Ok(true)
    }

    /// Runs `effect` in one transaction with the record of this activity, unless it was
    /// already recorded.
    pub async fn once<T, F>(&self, app: &App, effect: F) -> ServiceResult<Once<T>>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> StoreResult<T> + Send + 'static,
    {
        let receipt = self.clone();
        let done = app
            .store
            .transaction(move |c| {
                if !receipt.claim(c)? {
                    return Ok(Once::Again);
                }
                effect(c).map(Once::Done)
            })
            .await?;
        app.wake.notify_one();
        Ok(done)
    }
}
