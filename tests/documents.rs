//! Kept ActivityPub documents (src/web/documents.rs): served from memory between changes, yet
//! an update, a withdrawal or a profile edit is visible at the next read, whoever made it, and
//! conditional requests keep working.

mod support;

use serde_json::{json, Value};
use support::*;

const JSON_AP: &str = "application/activity+json";

struct Read {
    status: u16,
    etag: String,
    body: String,
}

async fn read(node: &TestNode, url: &str, if_none_match: Option<&str>) -> Read {
    let mut req = node.client.get(url).header("accept", JSON_AP);
    if let Some(tag) = if_none_match {
        req = req.header("if-none-match", tag);
    }
    let res = req.send().await.expect("get");
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = res.text().await.expect("body");
    Read { status, etag, body }
}

#[tokio::test]
async fn changes_are_visible_at_the_next_read() {
    let node = spawn_node("docs1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let d = node.publish("rufisque", &token, &sample_decision()).await;
    let id = d["id"].as_str().expect("id").to_string();
    let key = d["key"].as_str().expect("key").to_string();
    let outbox = node.url("/communes/rufisque/outbox?page=1");
    let actor = node.actor_id("rufisque");

    // Read each twice: the second answer is the kept one, identical, with the same tag.
    for url in [&id, &outbox, &actor] {
        let first = read(&node, url, None).await;
        let second = read(&node, url, None).await;
        assert_eq!(first.status, 200, "{url}");
        assert!(!first.etag.is_empty(), "{url} has an ETag");
        assert_eq!(first.etag, second.etag, "{url}");
        assert_eq!(first.body, second.body, "{url}");
    }
    let before = read(&node, &id, None).await;
    let outbox_before = read(&node, &outbox, None).await;

    // An update through the API: the very next read shows it, under a new tag.
    let mut changed = sample_decision();
    changed["title"] = json!("Budget primitif 2027 (rectifié)");
    let res = node
        .client
        .put(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), 200);
    let after = read(&node, &id, Some(&before.etag)).await;
    assert_eq!(after.status, 200, "the old tag no longer matches");
    assert_ne!(after.etag, before.etag);
    assert!(after.body.contains("(rectifié)"));
    let outbox_after = read(&node, &outbox, None).await;
    assert_ne!(outbox_after.body, outbox_before.body);
    assert!(outbox_after.body.contains("\"Update\""));

    // A withdrawal: the next read is the Tombstone, 410.
    let res = node
        .client
        .delete(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), 200);
    let gone = read(&node, &id, None).await;
    assert_eq!(gone.status, 410);
    let tomb: Value = serde_json::from_str(&gone.body).expect("json");
    assert_eq!(tomb["type"], "Tombstone");
}

#[tokio::test]
async fn conditional_requests_on_kept_documents() {
    let node = spawn_node("docs2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let d = node.publish("rufisque", &token, &sample_decision()).await;
    let id = d["id"].as_str().expect("id").to_string();
    for url in [
        id.clone(),
        node.actor_id("rufisque"),
        node.url("/communes/rufisque/outbox"),
        node.url("/communes/rufisque/outbox?page=1"),
    ] {
        let first = read(&node, &url, None).await;
        assert_eq!(first.status, 200, "{url}");
        let again = read(&node, &url, Some(&first.etag)).await;
        assert_eq!(again.status, 304, "{url}");
        assert!(again.body.is_empty());
        assert_eq!(again.etag, first.etag);
        let weak = read(&node, &url, Some(&format!("W/{}", first.etag))).await;
        assert_eq!(
            weak.status, 304,
            "{url}: a weak form of the tag matches too"
        );
        let other = read(&node, &url, Some("\"another\"")).await;
        assert_eq!(other.status, 200, "{url}");
        assert_eq!(other.body, first.body);
    }
    // Unknown documents are not kept as a success.
    let missing = read(&node, &node.url("/communes/nowhere"), None).await;
    assert_eq!(missing.status, 404);
    let page0 = read(&node, &node.url("/communes/rufisque/outbox?page=0"), None).await;
    assert_eq!(page0.status, 400);
}

#[tokio::test]
async fn another_process_changes_are_seen() {
    let node = spawn_node("docs3").await;
    node.add_commune("rufisque").await;
    let actor = node.actor_id("rufisque");
    let before = read(&node, &actor, None).await;
    assert!(before.body.contains("Commune rufisque"));
    let again = read(&node, &actor, None).await;
    assert_eq!(again.body, before.body);

    // The operator edits the profile with the CLI, a separate process on the same database.
    let media = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_palabre"))
        .args(["commune", "edit", "rufisque", "--name", "Ville de Rufisque"])
        .env("DATABASE_URL", &node.app.config.database_url)
        .env("PALABRE_DOMAIN", &node.domain)
        .env("PALABRE_DEV", "1")
        .env("PALABRE_MEDIA_DIR", media.path())
        .env_remove("RUST_LOG")
        .output()
        .expect("palabre CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Seen by the serving process within its poll of the revision (a fraction of a second).
    eventually(5, "the edited name", || async {
        let now = read(&node, &actor, None).await;
        now.body.contains("Ville de Rufisque").then_some(())
    })
    .await;
}

/// What a fetcher that decompresses nothing itself receives.
async fn raw(
    client: &reqwest::Client,
    url: &str,
    encoding: &str,
) -> (u16, Option<String>, String, Vec<u8>) {
    let res = client
        .get(url)
        .header("accept", JSON_AP)
        .header("accept-encoding", encoding)
        .send()
        .await
        .expect("get");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (encoding, etag) = (
        header("content-encoding"),
        header("etag").unwrap_or_default(),
    );
    let status = res.status().as_u16();
    (
        status,
        encoding,
        etag,
        res.bytes().await.expect("body").to_vec(),
    )
}

fn inflate(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("a gzip body");
    out
}

#[tokio::test]
async fn a_fetcher_asking_gzip_as_mastodon_does_gets_the_kept_document_gzipped_once() {
    let node = spawn_node("docsgz").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let d = node.publish("rufisque", &token, &sample_decision()).await;
    let id = d["id"].as_str().expect("id").to_string();
    let key = d["key"].as_str().expect("key").to_string();
    let client = reqwest::Client::builder()
        .no_proxy()
        .no_gzip()
        .no_brotli()
        .resolve(node.domain.split(':').next().unwrap_or_default(), node.addr)
        .build()
        .expect("client");
    let outbox = node.url("/communes/rufisque/outbox?page=1");
    for url in [&id, &outbox, &node.actor_id("rufisque")] {
        // Twice: rendered, then kept.
        for _ in 0..2 {
            let (status, encoding, etag, body) = raw(&client, url, "gzip").await;
            assert_eq!((status, encoding.as_deref()), (200, Some("gzip")), "{url}");
            let (_, plain_encoding, plain_etag, plain) = raw(&client, url, "identity").await;
            assert_eq!(plain_encoding, None, "{url}");
            // Compressed once, not twice, and the same document under the same tag.
            assert_eq!(inflate(&body).as_bytes(), &plain[..], "{url}");
            assert_eq!(etag, plain_etag, "{url}");
            let _: Value = serde_json::from_slice(&plain).expect("JSON");
            let refused = raw(&client, url, "gzip;q=0").await;
            assert_eq!(refused.1, None, "{url}: gzip;q=0 is a refusal");
        }
    }
    // An update is visible at once in the gzipped rendering too.
    let mut changed = sample_decision();
    changed["title"] = json!("Budget primitif 2027 (rectifié)");
    let res = node
        .client
        .put(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), 200);
    for url in [&id, &outbox] {
        let (_, _, _, body) = raw(&client, url, "gzip").await;
        assert!(inflate(&body).contains("rectifié"), "{url}");
    }
}
