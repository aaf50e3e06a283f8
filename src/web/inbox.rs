//! The inbox routes: cheap refusals first (size, missing signature, malformed JSON, blocked
//! instance), then our signature check (`federation::signature`), then the per actor and per
//! instance limits (`inbox_limits`), then our handlers.

use super::error::ApiError;
use super::{WebState, MAX_INBOX_BYTES};
use crate::federation::signature::{self, Incoming, SignatureError};
use crate::federation::FederationError;
use crate::protocol::incoming::Envelope;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub async fn personal(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    match crate::service::communes::get(&s.app, &slug).await {
        Ok(c) => receive(s, Some(c.id), req).await,
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub async fn shared(State(s): State<WebState>, req: Request) -> Response {
    receive(s, None, req).await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    tracing::warn!(%status, reason = message, "inbox refused");
    ApiError::new(status, message).into_response()
}

/// What an unauthenticated sender learns of a failed signature: nothing it could use to probe
/// our network or our checks. The reason is logged.
const UNVERIFIED: &str = "signature could not be verified";

/// `personal`: the commune whose own inbox was posted to.
async fn receive(s: WebState, personal: Option<i32>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_INBOX_BYTES) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body larger than 1 MB");
    }
    let bytes = match axum::body::to_bytes(body, MAX_INBOX_BYTES).await {
        Ok(b) => b,
        Err(_) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body larger than 1 MB"),
    };
    // Nothing is fetched for a request that is not even signed.
    if !signature::present(&parts.headers) {
        return refuse(StatusCode::UNAUTHORIZED, "missing HTTP signature");
    }
    let doc: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(d) => d,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &format!("not JSON: {e}")),
    };
    let envelope = match Envelope::deserialize(&doc) {
        Ok(a) => a,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &format!("not an activity: {e}")),
    };
    let host = envelope.actor.host_str().unwrap_or_default().to_string();
    match crate::service::remote::is_blocked(&s.app, &host).await {
        Ok(true) => return refuse(StatusCode::FORBIDDEN, "this instance is blocked"),
        Ok(false) => {}
        Err(e) => return ApiError::from(e).into_response(),
    }
    let data = s.fed.to_request_data();
    let (id, kind, actor) = (
        envelope.id.clone(),
        envelope.kind.clone(),
        envelope.actor.clone(),
    );
    let incoming = Incoming {
        method: &parts.method,
        uri: &parts.uri,
        headers: &parts.headers,
        body: &bytes,
        base: s.app.urls.base(),
    };
    match signature::verify(&data, &incoming, &actor).await {
        Ok(_) => {}
        Err(SignatureError::Internal(e)) => {
            tracing::error!(activity = %id, actor = %actor, error = %e, "inbox: signature check failed on our side");
            return ApiError::from(e).into_response();
        }
        Err(e) => {
            tracing::warn!(activity = %id, kind, actor = %actor, status = 401, error = %e, "inbox refused: signature");
            return ApiError::new(StatusCode::UNAUTHORIZED, UNVERIFIED).into_response();
        }
    }
    let instance = crate::store::activities::host_key(&actor);
    if let Err(limited) = s.inbox_limits.check(actor.as_str(), &instance) {
        let secs = limited.retry_after.as_secs() + 1;
        tracing::warn!(activity = %id, kind, actor = %actor, instance, per_instance = limited.instance, retry_after = secs, "inbox refused: rate limit");
        let mut r = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many activities; retry later",
        )
        .into_response();
        if let Ok(v) = header::HeaderValue::from_str(&secs.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    match crate::federation::receive::receive(&data, personal, &envelope, doc).await {
        Ok(()) => {
            tracing::info!(activity = %id, kind, actor = %actor, "inbox accepted");
            StatusCode::ACCEPTED.into_response()
        }
        Err(e) => {
            let detail = e.to_string();
            let generic = matches!(e, FederationError::Protocol(_));
            let mut err = ApiError::from(e);
            tracing::warn!(activity = %id, kind, actor = %actor, status = %err.status, error = %detail, "inbox refused");
            // The crate's errors can name internal hosts and addresses.
            if generic {
                err.message = "activity could not be processed".into();
            }
            err.into_response()
        }
    }
}
