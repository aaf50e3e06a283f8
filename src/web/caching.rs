//! Conditional GETs for pages and documents: a strong ETag from the body, and 304 when the
//! client already has it. Readers on costly mobile data pay for nothing twice.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::Digest;

/// Bodies above this (PDFs) are streamed as they are; they carry immutable cache headers.
const MAX_HASHED: usize = 512 * 1024;

fn hashable(content_type: Option<&HeaderValue>) -> bool {
    content_type.and_then(|v| v.to_str().ok()).is_some_and(|t| {
        t.starts_with("text/html")
            || t.starts_with("application/activity+json")
            || t.starts_with("application/atom+xml")
            || t.starts_with("application/jrd+json")
    })
}

/// The strong ETag of a body.
pub fn tag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", &hex::encode(sha2::Sha256::digest(bytes))[..32])
}

/// Whether the request's `If-None-Match` value names `tag`.
pub fn matches(if_none_match: Option<&HeaderValue>, tag: &HeaderValue) -> bool {
    let Ok(tag) = tag.to_str() else {
        return false;
    };
    if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*")
        })
}

pub async fn etag(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    if response.status() != StatusCode::OK
        || !hashable(response.headers().get(header::CONTENT_TYPE))
    {
        return response;
    }
    // Kept documents come with their tag and have already answered If-None-Match.
    if response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_HASHED).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
    };
    let Ok(tag) = HeaderValue::from_str(&tag_of(&bytes)) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if matches(if_none_match.as_ref(), &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.insert(header::ETAG, tag);
        return Response::from_parts(parts, Body::empty());
    }
    parts.headers.insert(header::ETAG, tag);
    Response::from_parts(parts, Body::from(bytes))
}
