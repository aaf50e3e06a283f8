//! Our own accept loop, because `axum::serve` bounds nothing: a client that sends one header
//! line every few seconds, or keeps a connection open without sending, or trickles a body,
//! held a socket forever, and about 20,000 of them used every file descriptor.
//!
//! Each connection is watched by one timer that cuts it when:
//! - the head of its first request is not complete `header_timeout` after the accept;
//! - between requests, no byte arrives for `idle_timeout` (keep-alive), or the head of the
//!   next request is not complete `header_timeout` after its first byte;
//! - the body of a request is not complete `body_timeout` after its head (a total, not a gap
//!   between reads: a trickle of one byte a second never trips a gap timeout);
//! - once a request is read, no byte moves either way for `idle_timeout` (a client that does
//!   not read its response).
//!
//! hyper's own `header_read_timeout` is not used: it starts when the previous response ends,
//! so it would also close keep-alive connections after the header timeout, and the idle
//! timeout could never be longer than the header timeout.
//!
//! At most `max_connections` are open; at the limit the loop stops accepting until one ends,
//! so new clients wait in the kernel's backlog rather than on a socket that nobody serves.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use bytes::Bytes;
use http::{Request, Response};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};

/// What one client may hold; see the module comment for when each applies.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub body_timeout: Duration,
}

impl Limits {
    pub fn of(config: &crate::config::Config) -> Self {
        Limits {
            max_connections: config.max_connections,
            header_timeout: Duration::from_secs(config.header_timeout_secs),
            idle_timeout: Duration::from_secs(config.idle_timeout_secs),
            body_timeout: Duration::from_secs(config.body_timeout_secs),
        }
    }
}

/// Serves `router` on `listener` until `signal` resolves, then stops accepting, lets each
/// connection finish the request it is serving, and returns when all have ended.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    signal: impl Future<Output = ()>,
) {
    let slots = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let permits = Arc::new(Semaphore::new(slots as usize));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut full_warned: Option<Instant> = None;
    tokio::pin!(signal);
    loop {
        if permits.available_permits() == 0
            && full_warned.is_none_or(|at| at.elapsed() > Duration::from_secs(60))
        {
            tracing::warn!(
                max_connections = limits.max_connections,
                "connection limit reached: not accepting until a connection ends"
            );
            full_warned = Some(Instant::now());
        }
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut signal => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            _ = &mut signal => break,
        };
        // Responses are written whole or streamed in pages: Nagle's algorithm would hold the
        // last small segment until the client's delayed ACK (about 40 ms per response).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        let (router, stop) = (router.clone(), stop_rx.clone());
        tokio::spawn(async move {
            serve_connection(stream, peer, router, limits, stop).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a permit until it ends; the timeouts bound how long that takes.
    let _ = permits.acquire_many(slots).await;
}

/// A failed accept of one connection is that client's problem; anything else (out of file
/// descriptors) would fail again at once, so wait a little instead of spinning.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    tokio::time::sleep(Duration::from_millis(500)).await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let watch = Arc::new(Watch::new());
    let io = TokioIo::new(WatchedIo {
        inner: stream,
        watch: watch.clone(),
    });
    let service = ConnService {
        router,
        peer,
        watch: watch.clone(),
    };
    let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            reason = watch.expired(&limits) => {
                tracing::debug!(%peer, reason, "connection closed");
                return;
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

const IDLE: u8 = 0;
const BODY: u8 = 1;
const HANDLING: u8 = 2;

/// Where a connection is, written by its I/O and its requests, read by its timer. Times are
/// milliseconds since the accept; everything runs on the connection's task, so `Relaxed`.
struct Watch {
    accepted: Instant,
    phase: AtomicU8,
    /// A request was read on this connection (so an idle one is in keep-alive).
    served: AtomicBool,
    /// When the phase began: the end of the last response, or the head of the request.
    since: AtomicU64,
    /// 1 + when the first byte of the next head arrived; 0 while none has.
    head_started: AtomicU64,
    /// Counts reads and writes that moved bytes, so the timer can tell a stall.
    progress: AtomicU64,
    /// Wakes the timer when a deadline may have moved closer: a new phase, or the first byte
    /// of a head. Without it the timer slept out the deadline it computed before (a body
    /// trickled for the whole header timeout, a kept-alive head for the whole idle timeout).
    changed: Notify,
}

impl Watch {
    fn new() -> Self {
        Watch {
            accepted: Instant::now(),
            phase: AtomicU8::new(IDLE),
            served: AtomicBool::new(false),
            since: AtomicU64::new(0),
            head_started: AtomicU64::new(0),
            progress: AtomicU64::new(0),
            changed: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        self.accepted.elapsed().as_millis() as u64
    }

    fn read_some(&self) {
        self.progress.fetch_add(1, Relaxed);
        if self.phase.load(Relaxed) == IDLE && self.head_started.load(Relaxed) == 0 {
            self.head_started.store(self.now() + 1, Relaxed);
            self.changed.notify_one();
        }
    }

    fn request_started(&self, has_body: bool) {
        self.served.store(true, Relaxed);
        self.head_started.store(0, Relaxed);
        self.since.store(self.now(), Relaxed);
        self.phase
            .store(if has_body { BODY } else { HANDLING }, Relaxed);
        self.changed.notify_one();
    }

    fn body_done(&self) {
        if self
            .phase
            .compare_exchange(BODY, HANDLING, Relaxed, Relaxed)
            .is_ok()
        {
            self.changed.notify_one();
        }
    }

    fn response_done(&self) {
        self.since.store(self.now(), Relaxed);
        self.phase.store(IDLE, Relaxed);
        self.changed.notify_one();
    }

    /// Resolves, with the reason, once the connection has outlived what its phase allows.
    async fn expired(&self, limits: &Limits) -> &'static str {
        let ms = |d: Duration| d.as_millis() as u64;
        let mut seen = self.progress.load(Relaxed);
        let mut moved_at = self.now();
        loop {
            let now = self.now();
            let progress = self.progress.load(Relaxed);
            if progress != seen {
                (seen, moved_at) = (progress, now);
            }
            let since = self.since.load(Relaxed);
            let (deadline, reason) = match self.phase.load(Relaxed) {
                IDLE if !self.served.load(Relaxed) => {
                    (since + ms(limits.header_timeout), "request head too slow")
                }
                IDLE => match self.head_started.load(Relaxed) {
                    0 => (since + ms(limits.idle_timeout), "idle"),
                    first => (
                        first - 1 + ms(limits.header_timeout),
                        "request head too slow",
                    ),
                },
                BODY => (since + ms(limits.body_timeout), "request body too slow"),
                _ => (moved_at + ms(limits.idle_timeout), "stalled"),
            };
            if now >= deadline {
                return reason;
            }
            // `notify_one` keeps a permit when nobody waits, so a change made between the
            // computation above and this wait is not missed.
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(deadline - now)) => {}
                _ = self.changed.notified() => {}
            }
        }
    }
}

/// The socket, telling the watch when bytes move.
struct WatchedIo {
    inner: TcpStream,
    watch: Arc<Watch>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.watch.read_some();
        }
        polled
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.progress.fetch_add(1, Relaxed);
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.watch.progress.fetch_add(1, Relaxed);
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The router for one connection: adds `ConnectInfo` (the login limiter reads the peer) and
/// marks where each request begins and ends.
struct ConnService {
    router: Router,
    peer: SocketAddr,
    watch: Arc<Watch>,
}

type ServiceFuture =
    Pin<Box<dyn Future<Output = Result<Response<WatchedResponse>, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for ConnService {
    type Response = Response<WatchedResponse>;
    type Error = Infallible;
    type Future = ServiceFuture;

    fn call(&self, mut req: Request<Incoming>) -> Self::Future {
        use http_body::Body as _;
        use tower::Service as _;
        self.watch.request_started(!req.body().is_end_stream());
        req.extensions_mut().insert(ConnectInfo(self.peer));
        let watch = self.watch.clone();
        let req = req.map(|inner| {
            Body::new(WatchedRequest {
                inner,
                watch: watch.clone(),
            })
        });
        // A Router is always ready, so calling a clone without `poll_ready` is what axum does.
        let response = self.router.clone().call(req);
        Box::pin(async move {
            let response = match response.await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            Ok(response.map(|inner| WatchedResponse { inner, watch }))
        })
    }
}

/// A request body that tells the watch when it is complete (or dropped unread).
struct WatchedRequest {
    inner: Incoming,
    watch: Arc<Watch>,
}

impl http_body::Body for WatchedRequest {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.inner.is_end_stream() {
            self.watch.body_done();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for WatchedRequest {
    fn drop(&mut self) {
        self.watch.body_done();
    }
}

/// A response body that tells the watch when hyper is done with it.
struct WatchedResponse {
    inner: Body,
    watch: Arc<Watch>,
}

impl http_body::Body for WatchedResponse {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for WatchedResponse {
    fn drop(&mut self) {
        self.watch.response_done();
    }
}
