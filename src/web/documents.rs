//! Rendered ActivityPub documents (the commune actor, objects, outbox pages), kept between
//! changes. Every follower's server fetches the same few documents when a decision goes out;
//! rendering each from the database was most of the cost of a read (a blocking-pool hop, a
//! pooled connection, queries, JSON building). A rendering carries the store generation it was
//! read at, and is used only while that generation is current: any commit that queues an
//! activity raises it (see `store::revision`), so an update or a deletion is served at once.
//!
//! A rendering is also kept gzipped: Mastodon asks every fetch with `Accept-Encoding: gzip`,
//! and compressing a 114 KB outbox page on each request cost more than serving it.

use super::activitypub::activity_json;
use super::caching;
use super::error::ApiError;
use super::wants_activity_json;
use crate::store::revision::Generation;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;

const CONTENT_TYPE: &str = "application/activity+json; charset=utf-8";

/// Distinct documents kept; a commune with a few thousand decisions fits.
const CAPACITY: usize = 8192;

struct Rendered {
    generation: u64,
    status: StatusCode,
    body: Bytes,
    /// `body` gzipped once, when it was rendered.
    gzipped: Bytes,
    etag: HeaderValue,
}

fn gzip(body: &[u8]) -> std::io::Result<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(body)?;
    Ok(Bytes::from(encoder.finish()?))
}

/// Whether `Accept-Encoding` accepts gzip: named (or `*`) with a quality above zero.
fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let named = ["gzip", "x-gzip", "*"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n));
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            named && quality > 0.0
        })
}

#[derive(Clone)]
pub struct Documents {
    cache: Arc<quick_cache::sync::Cache<String, Arc<Rendered>>>,
    generation: Generation,
}

impl Documents {
    pub fn new(generation: Generation) -> Self {
        Documents {
            cache: Arc::new(quick_cache::sync::Cache::new(CAPACITY)),
            generation,
        }
    }

    /// The kept rendering of `target`, if it is current.
    fn current(&self, target: &str) -> Option<Arc<Rendered>> {
        self.cache
            .get(target)
            .filter(|doc| doc.generation == self.generation.current())
    }

    /// The document at `uri`, rendered by `render` unless a current rendering is kept.
    /// Errors are never kept.
    pub async fn serve<F, Fut>(&self, uri: &Uri, request: &HeaderMap, render: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(StatusCode, Value), ApiError>>,
    {
        let key = target(uri);
        let doc = match self.current(&key) {
            Some(doc) => doc,
            None => {
                // Read before rendering: a change committed meanwhile raises it past this
                // value, so what is rendered now can never outlive that change.
                let generation = self.generation.current();
                let (status, value) = match render().await {
                    Ok(v) => v,
                    Err(e) => return e.into_response(),
                };
                let body = Bytes::from(value.to_string());
                let (Ok(etag), Ok(gzipped)) =
                    (HeaderValue::from_str(&caching::tag_of(&body)), gzip(&body))
                else {
                    return activity_json(&value);
                };
                let doc = Arc::new(Rendered {
                    generation,
                    status,
                    body,
                    gzipped,
                    etag,
                });
                self.cache.insert(key, doc.clone());
                doc
            }
        };
        answer(&doc, request)
    }
}

fn target(uri: &Uri) -> String {
    uri.path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string())
}

/// Answers GET and HEAD requests for ActivityPub JSON from the kept documents when a current
/// rendering exists; the request goes on to the router otherwise.
pub async fn kept(State(docs): State<Documents>, req: Request, next: Next) -> Response {
    let candidate = (req.method() == Method::GET || req.method() == Method::HEAD)
        && wants_activity_json(req.headers());
    if candidate {
        let found = req
            .uri()
            .path_and_query()
            .and_then(|pq| docs.current(pq.as_str()));
        if let Some(doc) = found {
            return answer(&doc, req.headers());
        }
    }
    next.run(req).await
}

fn answer(doc: &Rendered, request: &HeaderMap) -> Response {
    if doc.status == StatusCode::OK
        && caching::matches(request.get(header::IF_NONE_MATCH), &doc.etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, doc.etag.clone())]).into_response();
    }
    // One ETag for both encodings, as the compression layer does for other responses; a
    // cache keys the encodings apart by `Vary`.
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
        (
            header::VARY,
            HeaderValue::from_static("Accept, Accept-Encoding"),
        ),
        (header::ETAG, doc.etag.clone()),
    ];
    if accepts_gzip(request) {
        // The compression layer leaves a response that already has a Content-Encoding.
        let encoding = [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))];
        (doc.status, headers, encoding, doc.gzipped.clone()).into_response()
    } else {
        (doc.status, headers, doc.body.clone()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("header"),
        );
        h
    }

    #[test]
    fn gzip_is_served_only_to_a_client_that_accepts_it() {
        for yes in [
            "gzip",
            "GZIP",
            "br, gzip;q=0.5",
            "x-gzip",
            "*",
            "deflate, gzip ; q=1.0",
        ] {
            assert!(accepts_gzip(&asking(yes)), "{yes}");
        }
        for no in ["br", "identity", "gzip;q=0", "gzip; q=0.0, br", "gzipx", ""] {
            assert!(!accepts_gzip(&asking(no)), "{no}");
        }
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn the_gzipped_rendering_inflates_to_the_body() {
        use std::io::Read;
        let body = br#"{"type":"OrderedCollectionPage"}"#.repeat(100);
        let packed = gzip(&body).expect("gzip");
        assert!(packed.len() < body.len() / 10);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut out)
            .expect("inflate");
        assert_eq!(out, body);
    }
}
