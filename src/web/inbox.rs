//! The inbox routes: cheap refusals first (size, missing signature, malformed JSON, blocked
//! instance), then the crate's Digest and signature verification, then our handlers.

use super::error::ApiError;
use super::{WebState, MAX_INBOX_BYTES};
use crate::federation::actors::RemoteActorObj;
use crate::federation::inbox::InboxActivity;
use crate::service::App;
use activitypub_federation::axum::inbox::{receive_activity, ActivityData};
use axum::body::Body;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn personal(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    match crate::service::communes::get(&s.app, &slug).await {
        Ok(c) => {
            crate::federation::inbox::PERSONAL_INBOX
                .scope(c.id, receive(s, req))
                .await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub async fn shared(State(s): State<WebState>, req: Request) -> Response {
    receive(s, req).await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    tracing::warn!(%status, reason = message, "inbox refused");
    ApiError::new(status, message).into_response()
}

async fn receive(s: WebState, req: Request) -> Response {
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
    // Without this check the crate would fetch the keyId of an unsigned request's actor: a
    // fetch of a URL of the sender's choosing. RFC 9421-only senders get 401 and fall back.
    let signed = parts
        .headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("keyId="));
    if !signed {
        return refuse(StatusCode::UNAUTHORIZED, "missing HTTP signature");
    }
    let envelope: InboxActivity = match serde_json::from_slice(&bytes) {
        Ok(a) => a,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &format!("not an activity: {e}")),
    };
    let host = envelope.actor.host_str().unwrap_or_default().to_string();
    match crate::service::remote::is_blocked(&s.app, &host).await {
        Ok(true) => return refuse(StatusCode::FORBIDDEN, "this instance is blocked"),
        Ok(false) => {}
        Err(e) => return ApiError::from(e).into_response(),
    }
    let rebuilt = Request::from_parts(parts, Body::from(bytes));
    let activity_data = match ActivityData::from_request(rebuilt, &()).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let data = s.fed.to_request_data();
    let (id, kind, actor) = (
        envelope.id.clone(),
        envelope.kind.clone(),
        envelope.actor.clone(),
    );
    match receive_activity::<InboxActivity, RemoteActorObj, App>(activity_data, &data).await {
        Ok(()) => {
            tracing::info!(activity = %id, kind, actor = %actor, "inbox accepted");
            StatusCode::ACCEPTED.into_response()
        }
        Err(e) => {
            let err = ApiError::from(e);
            tracing::warn!(activity = %id, kind, actor = %actor, status = %err.status, error = %err.message, "inbox refused");
            err.into_response()
        }
    }
}
