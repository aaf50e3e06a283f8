//! Per remote actor and per instance limits on incoming activities, so that one noisy server
//! cannot flood a commune. Counted after the signature is verified: a forger could otherwise
//! spend a real server's allowance by naming its actors. GCRA (`governor`) per key, in memory:
//! a restart forgets the counts, which only ever lets a sender through.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub struct InboxLimits {
    actors: DefaultKeyedRateLimiter<String>,
    instances: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    checks: AtomicU64,
}

/// Which limit a sender went past, and when to come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub instance: bool,
    pub retry_after: Duration,
}

fn quota(per_minute: u32) -> Quota {
    let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    // A minute's worth may come at once (a burst after an outage), then the rate holds.
    Quota::per_minute(n).allow_burst(n)
}

impl InboxLimits {
    pub fn new(actor_per_minute: u32, instance_per_minute: u32) -> Self {
        InboxLimits {
            actors: RateLimiter::keyed(quota(actor_per_minute)),
            instances: RateLimiter::keyed(quota(instance_per_minute)),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one activity from `actor` on `instance` (host[:port]).
    pub fn check(&self, actor: &str, instance: &str) -> Result<(), Limited> {
        // Keys whose allowance is full again are forgotten now and then, so memory follows
        // the senders of the last minute, not every sender ever.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.actors.retain_recent();
            self.instances.retain_recent();
        }
        let now = self.clock.now();
        if let Err(until) = self.instances.check_key(&instance.to_string()) {
            return Err(Limited {
                instance: true,
                retry_after: until.wait_time_from(now),
            });
        }
        if let Err(until) = self.actors.check_key(&actor.to_string()) {
            return Err(Limited {
                instance: false,
                retry_after: until.wait_time_from(now),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_and_an_instance_each_have_their_allowance() {
        let limits = InboxLimits::new(3, 5);
        for _ in 0..3 {
            assert!(limits.check("https://a.example/u/1", "a.example").is_ok());
        }
        let past = limits
            .check("https://a.example/u/1", "a.example")
            .unwrap_err();
        assert!(!past.instance);
        assert!(past.retry_after > Duration::ZERO && past.retry_after <= Duration::from_secs(20));
        // Another actor of the same instance still has its own allowance, until the
        // instance's runs out (3 + 1 refused + 1 = the instance's fifth).
        assert!(limits.check("https://a.example/u/2", "a.example").is_ok());
        let past = limits
            .check("https://a.example/u/3", "a.example")
            .unwrap_err();
        assert!(past.instance);
        // Another instance is not affected.
        assert!(limits.check("https://b.example/u/1", "b.example").is_ok());
    }
}
