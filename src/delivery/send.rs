//! One signed POST to a remote inbox, and what its answer means for the delivery: 2xx is
//! delivered; a 4xx other than 408 and 429 will not change on retry, so the delivery is
//! refused for good; everything else is retried, after `Retry-After` when the server gives one.

use super::sign::{Signed, CONTENT_TYPE};
use chrono::{DateTime, Utc};
use std::time::Duration;
use url::Url;

/// What the dispatcher does with a delivery after one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Delivered {
        status: u16,
    },
    /// Final: the inbox said no (gone, not found, signature refused…).
    Refused {
        status: u16,
        error: String,
    },
    /// Try again later: 408, 429, 3xx, 5xx, or no answer at all (`status` none).
    Retry {
        status: Option<u16>,
        /// What the server asked for in `Retry-After`, if anything readable.
        after: Option<Duration>,
        error: String,
    },
}

/// Classifies an HTTP answer. `retry_after` is the raw header value.
pub fn classify(
    status: reqwest::StatusCode,
    retry_after: Option<&str>,
    now: DateTime<Utc>,
) -> Verdict {
    let code = status.as_u16();
    let error = match status.canonical_reason() {
        Some(r) => format!("HTTP {code} {r}"),
        None => format!("HTTP {code}"),
    };
    if status.is_success() {
        Verdict::Delivered { status: code }
    } else if status.is_client_error() && code != 408 && code != 429 {
        Verdict::Refused {
            status: code,
            error,
        }
    } else {
        Verdict::Retry {
            status: Some(code),
            after: retry_after.and_then(|v| parse_retry_after(v, now)),
            error,
        }
    }
}

/// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the
/// past means "now"; anything unreadable is ignored and the usual backoff applies.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // IMF-fixdate is an RFC 2822 date with "GMT"; chrono reads both.
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// Sends the exact stored `body` with its signature headers. Timeouts and refused private
/// addresses come from `client` (see `federation::client`).
pub async fn post(client: &reqwest::Client, inbox: &Url, body: String, signed: Signed) -> Verdict {
    let sent = client
        .post(inbox.clone())
        .header(reqwest::header::HOST, signed.host)
        .header(reqwest::header::DATE, signed.date)
        .header("digest", signed.digest)
        .header(reqwest::header::CONTENT_TYPE, CONTENT_TYPE)
        .header("signature", signed.signature)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(res) => {
            let retry_after = res
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            classify(res.status(), retry_after.as_deref(), Utc::now())
        }
        Err(e) => Verdict::Retry {
            status: None,
            after: None,
            // The source chain says why (DNS, refused address, timeout, reset).
            error: error_chain(&e),
        },
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc2822("Thu, 03 Dec 2026 13:00:00 GMT")
            .expect("date")
            .with_timezone(&Utc)
    }

    fn kind(code: u16) -> &'static str {
        match classify(StatusCode::from_u16(code).expect("code"), None, now()) {
            Verdict::Delivered { .. } => "delivered",
            Verdict::Refused { .. } => "refused",
            Verdict::Retry { .. } => "retry",
        }
    }

    #[test]
    fn statuses_map_to_what_we_do() {
        for c in [200, 201, 202, 204] {
            assert_eq!(kind(c), "delivered", "{c}");
        }
        for c in [400, 401, 403, 404, 410, 413, 422] {
            assert_eq!(kind(c), "refused", "{c}");
        }
        for c in [301, 302, 408, 429, 500, 502, 503, 504] {
            assert_eq!(kind(c), "retry", "{c}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let n = now();
        assert_eq!(parse_retry_after("120", n), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 2 ", n), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Thu, 03 Dec 2026 13:05:00 GMT", n),
            Some(Duration::from_secs(300))
        );
        assert_eq!(
            parse_retry_after("Thu, 03 Dec 2026 12:00:00 GMT", n),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", n), None);
        assert_eq!(parse_retry_after("-5", n), None);
    }

    #[test]
    fn a_503_carries_its_retry_after() {
        let v = classify(StatusCode::SERVICE_UNAVAILABLE, Some("7"), now());
        assert_eq!(
            v,
            Verdict::Retry {
                status: Some(503),
                after: Some(Duration::from_secs(7)),
                error: "HTTP 503 Service Unavailable".into()
            }
        );
    }
}
