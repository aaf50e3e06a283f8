//! Clients that hold connections without finishing requests: each is cut off after its
//! timeout, and the connection limit makes new clients wait for a slot instead of exhausting
//! the node's file descriptors. Raw sockets, because an HTTP client always finishes its request.

mod support;

use std::time::{Duration, Instant};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Waits for the node to close `s`, reading and discarding what it sends, or gives up after
/// `limit`. Returns how long after `since` the connection was closed.
async fn closed(s: &mut TcpStream, since: Instant, limit: Duration) -> Option<Duration> {
    let mut buf = [0u8; 1024];
    while since.elapsed() < limit {
        match tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(since.elapsed()),
            Ok(Ok(_)) | Err(_) => {}
        }
    }
    None
}

/// Reads more of a response into `buf`, failing if the node closes or says nothing for 30 s.
async fn read_more(s: &mut TcpStream, buf: &mut Vec<u8>) {
    let mut chunk = [0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut chunk))
        .await
        .expect("a response within 30 s")
        .expect("read");
    assert!(n > 0, "the node closed the connection instead of answering");
    buf.extend_from_slice(&chunk[..n]);
}

/// Reads one response from a keep-alive connection and returns its status.
async fn read_response(s: &mut TcpStream) -> u16 {
    let mut buf = Vec::new();
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(s, &mut buf).await;
    };
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    let status = head[9..12].parse().expect("status");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().expect("length"))
        .expect("a content-length");
    while buf.len() < end + length {
        read_more(s, &mut buf).await;
    }
    assert_eq!(buf.len(), end + length, "nothing after the response");
    status
}

/// Returns once the node answers (it generates keys before it accepts): the timings below
/// count from the accept. One request with `Connection: close`, so no slot stays taken.
async fn until_serving(node: &TestNode) {
    let mut s = TcpStream::connect(node.addr).await.expect("connect");
    let request = format!(
        "GET /.well-known/nodeinfo HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        node.domain
    );
    s.write_all(request.as_bytes()).await.expect("write");
    assert_eq!(read_response(&mut s).await, 200);
}

fn get(node: &TestNode, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", node.domain).into_bytes()
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off_after_the_header_timeout() {
    let node = spawn_node_with("slowhead", |c| c.header_timeout_secs = 2).await;
    until_serving(&node).await;
    let mut s = TcpStream::connect(node.addr).await.expect("connect");
    let start = Instant::now();
    let request_line = format!("GET / HTTP/1.1\r\nHost: {}\r\n", node.domain);
    s.write_all(request_line.as_bytes()).await.expect("write");
    // One header line a second, never the blank line that ends the head.
    let mut cut = None;
    while cut.is_none() && start.elapsed() < Duration::from_secs(10) {
        if s.write_all(b"X-Slow: 1\r\n").await.is_err() {
            cut = Some(start.elapsed());
            break;
        }
        cut = closed(&mut s, Instant::now(), Duration::from_secs(1))
            .await
            .map(|_| start.elapsed());
    }
    let cut = cut.expect("a trickling client is never disconnected");
    assert!(
        cut >= Duration::from_millis(1800) && cut < Duration::from_secs(5),
        "disconnected after {cut:?}, the header timeout is 2 s"
    );
}

#[tokio::test]
async fn keep_alive_outlives_the_header_timeout_and_an_idle_connection_is_closed() {
    let node = spawn_node_with("slowidle", |c| {
        c.header_timeout_secs = 1;
        c.idle_timeout_secs = 3;
    })
    .await;
    until_serving(&node).await;
    let mut s = TcpStream::connect(node.addr).await.expect("connect");
    s.write_all(&get(&node, "/.well-known/nodeinfo"))
        .await
        .unwrap();
    assert_eq!(read_response(&mut s).await, 200);
    // Longer than the header timeout, shorter than the idle one: the same connection serves.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    s.write_all(&get(&node, "/.well-known/nodeinfo"))
        .await
        .unwrap();
    assert_eq!(read_response(&mut s).await, 200);
    let idle_since = Instant::now();
    let cut = closed(&mut s, idle_since, Duration::from_secs(10))
        .await
        .expect("an idle keep-alive connection is never closed");
    assert!(
        cut >= Duration::from_millis(2500) && cut < Duration::from_secs(6),
        "closed after {cut:?} idle, the idle timeout is 3 s"
    );
}

#[tokio::test]
async fn at_the_connection_limit_a_new_client_waits_for_a_slot_freed_by_the_timeouts() {
    let node = spawn_node_with("slowlimit", |c| {
        c.max_connections = 4;
        c.header_timeout_secs = 2;
    })
    .await;
    until_serving(&node).await;
    // Six clients connect and send nothing: four take every slot, two wait in the backlog.
    let mut silent = Vec::new();
    for _ in 0..6 {
        silent.push(TcpStream::connect(node.addr).await.expect("connect"));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let start = Instant::now();
    let res = node
        .client
        .get(node.url("/.well-known/nodeinfo"))
        .send()
        .await
        .expect("a new client is served once the silent ones are cut off");
    let waited = start.elapsed();
    assert_eq!(res.status(), 200);
    assert!(
        waited >= Duration::from_millis(1000),
        "served after {waited:?} while every slot was taken: no connection limit"
    );
    assert!(
        waited < Duration::from_secs(6),
        "served after {waited:?}: the silent connections were not cut off"
    );
    // The first four were closed by the node, not left open.
    for s in silent.iter_mut().take(4) {
        assert!(closed(s, start, Duration::from_secs(6)).await.is_some());
    }
}

#[tokio::test]
async fn a_client_trickling_its_body_is_cut_off_after_the_body_timeout() {
    let node = spawn_node_with("slowbody", |c| {
        c.body_timeout_secs = 2;
        c.idle_timeout_secs = 30;
    })
    .await;
    until_serving(&node).await;
    let mut s = TcpStream::connect(node.addr).await.expect("connect");
    // The head comes a moment after the accept, once the connection's timer waits on the
    // (longer) header timeout: the body timeout must still apply from the head on.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let head = format!(
        "POST /inbox HTTP/1.1\r\nHost: {}\r\nContent-Type: application/activity+json\r\n\
         Content-Length: 1000\r\n\r\n",
        node.domain
    );
    s.write_all(head.as_bytes()).await.expect("write");
    let start = Instant::now();
    // A byte every quarter second: never a gap long enough for a read timeout.
    let mut cut = None;
    while cut.is_none() && start.elapsed() < Duration::from_secs(10) {
        if s.write_all(b" ").await.is_err() {
            cut = Some(start.elapsed());
            break;
        }
        cut = closed(&mut s, Instant::now(), Duration::from_millis(250))
            .await
            .map(|_| start.elapsed());
    }
    let cut = cut.expect("a trickled body is never cut off");
    assert!(
        cut >= Duration::from_millis(1800) && cut < Duration::from_secs(5),
        "cut off after {cut:?}, the body timeout is 2 s"
    );
    assert_eq!(node.count("received_activities").await, 0);
}

#[tokio::test]
async fn a_next_request_trickling_its_head_on_a_kept_alive_connection_is_cut_off() {
    let node = spawn_node_with("slownext", |c| {
        c.header_timeout_secs = 2;
        c.idle_timeout_secs = 30;
    })
    .await;
    until_serving(&node).await;
    let mut s = TcpStream::connect(node.addr).await.expect("connect");
    s.write_all(&get(&node, "/.well-known/nodeinfo"))
        .await
        .expect("write");
    assert_eq!(read_response(&mut s).await, 200);
    // Idle longer than the header timeout (so the timer waits on the idle one), then a head
    // that never ends.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let start = Instant::now();
    let request_line = format!("GET / HTTP/1.1\r\nHost: {}\r\n", node.domain);
    s.write_all(request_line.as_bytes()).await.expect("write");
    let mut cut = None;
    while cut.is_none() && start.elapsed() < Duration::from_secs(10) {
        if s.write_all(b"X-Slow: 1\r\n").await.is_err() {
            cut = Some(start.elapsed());
            break;
        }
        cut = closed(&mut s, Instant::now(), Duration::from_millis(500))
            .await
            .map(|_| start.elapsed());
    }
    let cut = cut.expect("a head trickled after keep-alive is never cut off");
    assert!(
        cut >= Duration::from_millis(1800) && cut < Duration::from_secs(5),
        "cut off after {cut:?} from its first byte, the header timeout is 2 s"
    );
}
