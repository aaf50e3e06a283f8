//! `palabre follow SLUG @user@host` finds the actor through WebFinger over https first, and over
//! http only under the development switch. The peer here is a recording listener on loopback
//! that speaks plain HTTP and notes every connection that opens with a TLS handshake instead.

mod support;

use rsa::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Recorder {
    host: String,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn authority(&self) -> String {
        format!("{}:{}", self.host, self.addr.port())
    }
    fn log(&self) -> Vec<String> {
        self.log.lock().expect("lock").clone()
    }
}

async fn spawn_recorder(name: &str) -> Recorder {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let host = format!("{name}.localhost");
    let origin = format!("http://{host}:{}", addr.port());
    let pem = rsa::RsaPublicKey::from(&test_key())
        .to_public_key_pem(LineEnding::LF)
        .expect("pem");
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let (log2, authority) = (log.clone(), format!("{host}:{}", addr.port()));
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let (log, origin, pem, authority) =
                (log2.clone(), origin.clone(), pem.clone(), authority.clone());
            tokio::spawn(async move {
                let mut first = [0u8; 1];
                if conn.peek(&mut first).await.unwrap_or(0) == 0 {
                    return;
                }
                // 0x16 opens a TLS record (the ClientHello): someone tried https here.
                if first[0] == 0x16 {
                    log.lock().expect("lock").push("tls".into());
                    return;
                }
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match conn.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let line = head.lines().next().unwrap_or_default().to_string();
                let path = line.split(' ').nth(1).unwrap_or_default().to_string();
                log.lock().expect("lock").push(format!("http {line}"));
                let actor = format!("{origin}/users/u1");
                let (status, kind, body) = if path.starts_with("/.well-known/webfinger") {
                    (
                        "200 OK",
                        "application/jrd+json",
                        json!({
                            "subject": format!("acct:u1@{authority}"),
                            "links": [{"rel": "self", "type": "application/activity+json", "href": actor}],
                        }),
                    )
                } else if path == "/users/u1" {
                    (
                        "200 OK",
                        "application/activity+json",
                        json!({
                            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
                            "id": actor, "type": "Person", "preferredUsername": "u1",
                            "inbox": format!("{actor}/inbox"),
                            "publicKey": {"id": format!("{actor}#main-key"), "owner": actor, "publicKeyPem": pem},
                        }),
                    )
                } else {
                    ("404 Not Found", "application/json", json!({}))
                };
                let body = body.to_string();
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = conn.write_all(response.as_bytes()).await;
                let _ = conn.shutdown().await;
            });
        }
    });
    Recorder { host, addr, log }
}

#[tokio::test]
async fn in_development_a_handle_on_an_http_only_peer_resolves_after_trying_https() {
    let node = spawn_node("resolvedev").await;
    let peer = spawn_recorder("wfdev").await;
    let fed = palabre::federation::configure(node.app.clone())
        .await
        .unwrap();
    let handle = format!("@u1@{}", peer.authority());
    let actor = palabre::federation::resolve::actor(&fed.to_request_data(), &handle)
        .await
        .expect("resolved over http");
    assert_eq!(
        actor.row.ap_id,
        format!("http://{}/users/u1", peer.authority())
    );
    let log = peer.log();
    assert_eq!(log.first().map(String::as_str), Some("tls"), "{log:?}");
    let webfinger = log
        .iter()
        .position(|l| l.starts_with("http GET /.well-known/webfinger?resource=acct%3Au1%40"))
        .expect("WebFinger over http");
    assert!(log[..webfinger].iter().all(|l| l == "tls"), "{log:?}");
}

#[tokio::test]
async fn outside_development_webfinger_never_falls_back_to_http() {
    let peer = spawn_recorder("wfprod").await;
    // A client that reaches the recorder, so the https attempt really happens.
    let client = client_for(&[(&peer.host, peer.addr)]);
    let handle = format!("u1@{}", peer.authority());
    let err = palabre::federation::resolve::webfinger(&client, &handle, false)
        .await
        .expect_err("no https here");
    assert!(err.to_string().contains("https://"), "{err}");
    assert_eq!(peer.log(), ["tls"], "only the https attempt");

    // The same handle with the development switch on is found over http.
    let id = palabre::federation::resolve::webfinger(&client, &handle, true)
        .await
        .expect("http in development");
    assert_eq!(id.as_str(), format!("http://{}/users/u1", peer.authority()));

    // And a node outside development refuses a loopback peer before sending anything.
    let quiet = spawn_recorder("wfquiet").await;
    let node = spawn_node_with("resolveprod", |c| c.dev = false).await;
    let fed = palabre::federation::configure(node.app.clone())
        .await
        .unwrap();
    let res = palabre::federation::resolve::actor(
        &fed.to_request_data(),
        &format!("@u1@{}", quiet.authority()),
    )
    .await;
    assert!(res.is_err());
    assert!(quiet.log().is_empty(), "{:?}", quiet.log());
}
