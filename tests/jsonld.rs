//! Every term we publish is defined by the `@context` we send. A real JSON-LD processor (PyLD,
//! run by federation-tests/jsonld_check.py with the contexts stored in federation-tests/contexts/,
//! offline) expands the documents a node serves and the activities it delivers; a term the
//! context does not define is lost to consumers that read JSON-LD (Friendica expands everything
//! it receives), and fails this test.
//!
//! Needs a Python with PyLD: `PALABRE_PEER_PYTHON` (scripts/test sets it to target/peer-venv,
//! which installs federation-tests/peer/requirements.txt), else `python3`.

mod support;

use chrono::Utc;
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use support::*;

fn python() -> String {
    std::env::var("PALABRE_PEER_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs the checker on `documents` (label, document) and returns its exit code and output.
fn check(documents: &[(String, Value)]) -> (i32, String) {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/federation-tests/jsonld_check.py"
    );
    let payload = json!({
        "documents": documents.iter().map(|(l, d)| json!({"label": l, "doc": d})).collect::<Vec<_>>(),
    });
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the JSON-LD checker (set PALABRE_PEER_PYTHON to a Python with pyld)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(payload.to_string().as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("checker output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("No module named"),
        "the checker needs PyLD: {text}"
    );
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn the_checker_catches_an_undefined_term() {
    let (code, out) = check(&[(
        "probe".into(),
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://a.example/1", "type": "Note", "content": "x", "madeUp": true,
        }),
    )]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("$.madeUp"), "{out}");
    // A context that is not stored is refused, not fetched.
    let (code, out) = check(&[(
        "remote".into(),
        json!({"@context": "https://example.org/ctx", "id": "https://a.example/1"}),
    )]);
    assert_eq!(code, 2, "{out}");
}

#[tokio::test]
async fn every_document_and_activity_we_send_expands_without_losing_a_term() {
    let node = spawn_node("jsonld").await;
    node.add_commune("kolda").await;
    let token = node.token("kolda").await;
    let peer = spawn_peer("jsonldpeer").await;
    let mut docs: Vec<(String, Value)> = Vec::new();

    // A follower: the commune answers with an Accept.
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/1", peer.actor("u1")), "type": "Follow",
        "actor": peer.actor("u1"), "object": node.actor_id("kolda"),
    });
    assert_eq!(
        node.send_signed("/communes/kolda/inbox", &peer, "u1", &follow)
            .await,
        202
    );

    // A decision with every optional part: votes, themes (Hashtags), an amount, a PDF; then an
    // update and a withdrawal.
    let mut decision = sample_decision();
    decision["amount"] = json!(12_500_000);
    let d = node.publish("kolda", &token, &decision).await;
    let key = d["key"].as_str().unwrap().to_string();
    let part = reqwest::multipart::Part::bytes(real_pdf())
        .file_name("pv.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/kolda/decisions/{key}/attachments"
        )))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let article_id = d["id"].as_str().unwrap().to_string();
    let article = node.get_ap(&article_id).await;
    assert!(article["attachment"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    assert!(article["tag"].as_array().is_some_and(|a| !a.is_empty()));
    docs.push(("Article".into(), article));

    // The commune follows the peer, receives one of its posts, shares it, sees it withdrawn
    // (our share is undone), and unfollows.
    let fed = palabre::federation::configure(node.app.clone())
        .await
        .unwrap();
    let target = palabre::federation::resolve::actor(&fed.to_request_data(), &peer.actor("u2"))
        .await
        .unwrap();
    palabre::service::follows::follow(&node.app, "kolda", target.row.clone())
        .await
        .unwrap();
    let got = peer
        .wait_for(10, "Follow", |r| {
            r.iter().any(|x| x.body["type"] == "Follow")
        })
        .await;
    let our_follow = got
        .iter()
        .find(|x| x.body["type"] == "Follow")
        .unwrap()
        .body
        .clone();
    let send = |doc: Value| {
        signed_post(
            &node.client,
            &node.url("/inbox"),
            &serde_json::to_vec(&doc).unwrap(),
            &peer.key,
            &format!("{}#main-key", peer.actor("u2")),
            Utc::now(),
        )
        .send()
    };
    let accept = json!({"id": format!("{}/accept/1", peer.actor("u2")), "type": "Accept", "actor": peer.actor("u2"), "object": our_follow});
    assert_eq!(send(accept).await.unwrap().status(), 202);
    let note_id = format!("{}/notes/1", peer.actor("u2"));
    let create = json!({
        "id": format!("{}/create/1", peer.actor("u2")), "type": "Create", "actor": peer.actor("u2"),
        "object": {"id": note_id, "type": "Note", "attributedTo": peer.actor("u2"), "content": "<p>x</p>",
                   "to": ["https://www.w3.org/ns/activitystreams#Public"]},
    });
    assert_eq!(send(create).await.unwrap().status(), 202);
    palabre::service::remote::share(&node.app, "kolda", &note_id)
        .await
        .unwrap();
    let delete = json!({"id": format!("{}/delete/1", peer.actor("u2")), "type": "Delete", "actor": peer.actor("u2"), "object": note_id});
    assert_eq!(send(delete).await.unwrap().status(), 202);
    palabre::service::follows::unfollow(&node.app, "kolda", target.row.clone())
        .await
        .unwrap();

    // The profile changes (Update of the actor), then the decision is edited and withdrawn.
    palabre::service::communes::edit(
        &node.app,
        "kolda",
        palabre::domain::commune::CommuneProfileInput {
            website: Some("https://kolda.sn".into()),
            description: Some("Commune de Kolda".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let mut changed = decision.clone();
    changed["title"] = json!("Budget primitif 2027 (rectifié)");
    let res = node
        .client
        .put(node.url(&format!("/api/v1/communes/kolda/decisions/{key}")))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = node
        .client
        .delete(node.url(&format!("/api/v1/communes/kolda/decisions/{key}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let gone = node
        .client
        .get(&article_id)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
    docs.push(("Tombstone".into(), gone.json().await.unwrap()));

    // A consultation: its Question, published to the followers when it opens.
    let res = node
        .client
        .post(node.url("/api/v1/communes/kolda/consultations"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Marché", "question": "Où ?", "options": ["Ici", "Là"],
            "closes_at": (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let consultation: Value = res.json().await.unwrap();
    let question = node
        .get_ap(consultation["id"].as_str().expect("consultation id"))
        .await;
    assert_eq!(question["type"], "Question");
    docs.push(("Question".into(), question));

    // A budget: its Article with the figures under palabre:budget, as served.
    let csv = std::fs::read("docs/budget/exemple-budget-2026.csv").expect("example budget");
    let res = node
        .client
        .post(node.url("/api/v1/communes/kolda/budgets?situation=2026-06-30"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let budget = node.get_ap(&node.url("/communes/kolda/budgets/2026")).await;
    assert!(budget["budget"]["expenditure"]["executionRate"].is_number());
    docs.push(("budget Article".into(), budget));

    // A commitment: its Article with the record under palabre:commitment.
    let res = node
        .client
        .post(node.url("/api/v1/communes/kolda/commitments"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Budget en ligne", "problem": "Opacité", "lead": "Secrétariat",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "milestones": [{"title": "BP publié", "due_on": "2026-02-28", "done_on": "2026-02-20",
                            "evidence_url": "https://kolda.example/bp.pdf"}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let commitment = node.get_ap(made["id"].as_str().unwrap()).await;
    assert_eq!(
        commitment["commitment"]["milestones"][0]["doneDate"],
        "2026-02-20"
    );
    docs.push(("commitment Article".into(), commitment));

    // Everything delivered: Accept, Create, Update (decision and actor), Delete, Follow,
    // Announce, Undo (of the Announce and of the Follow).
    let wanted = [
        "Accept", "Create", "Update", "Delete", "Follow", "Announce", "Undo",
    ];
    let got = peer
        .wait_for(20, "every kind of activity", |r| {
            wanted
                .iter()
                .all(|t| r.iter().any(|x| x.body["type"] == *t))
                && r.iter().filter(|x| x.body["type"] == "Undo").count() >= 2
                && r.iter().filter(|x| x.body["type"] == "Update").count() >= 2
                && r.iter().any(|x| x.body["object"]["type"] == "Question")
        })
        .await;
    for (i, r) in got.iter().enumerate() {
        let kind = r.body["type"].as_str().unwrap_or("?");
        let inner = r.body["object"]["type"].as_str().unwrap_or("");
        docs.push((format!("delivered #{i} {kind}{{{inner}}}"), r.body.clone()));
    }

    // What the node serves.
    for (label, path) in [
        ("actor", "/communes/kolda"),
        ("instance actor", "/actor"),
        ("outbox", "/communes/kolda/outbox"),
        ("outbox page", "/communes/kolda/outbox?page=1"),
        ("followers", "/communes/kolda/followers"),
        ("following", "/communes/kolda/following"),
    ] {
        docs.push((label.into(), node.get_ap(&node.url(path)).await));
    }
    // A comment on the decision, answered by the commune: the answer `Note` as delivered and
    // as served, and the decision's `replies` collection and page.
    let mut open = sample_decision();
    open["reference"] = json!("D-2026-099");
    let open = node.publish("kolda", &token, &open).await;
    let article_id = open["id"].as_str().unwrap().to_string();
    let comment = format!("{}/statuses/1", peer.actor("u1"));
    let reply = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{comment}/activity"), "type": "Create", "actor": peer.actor("u1"),
        "object": {"id": comment, "type": "Note", "attributedTo": peer.actor("u1"),
                   "inReplyTo": article_id, "content": "<p>Merci</p>"},
    });
    assert_eq!(node.send_signed("/inbox", &peer, "u1", &reply).await, 202);
    let kolda = palabre::service::communes::get(&node.app, "kolda")
        .await
        .unwrap();
    let waiting = palabre::service::comments::unanswered(&node.app, kolda.id, 1)
        .await
        .unwrap();
    let answer =
        palabre::service::comments::answer(&node.app, &kolda, None, waiting[0].id, "Avec plaisir.")
            .await
            .unwrap();
    let got = peer
        .wait_for(20, "the answer", |r| {
            r.iter()
                .any(|x| x.body["object"]["id"] == answer.ap_id.as_str())
        })
        .await;
    let delivered = got
        .iter()
        .find(|x| x.body["object"]["id"] == answer.ap_id.as_str())
        .unwrap();
    docs.push((
        "delivered Create{Note} (answer)".into(),
        delivered.body.clone(),
    ));
    docs.push(("answer Note".into(), node.get_ap(&answer.ap_id).await));
    docs.push((
        "replies".into(),
        node.get_ap(&format!("{article_id}/replies")).await,
    ));
    docs.push((
        "replies page".into(),
        node.get_ap(&format!("{article_id}/replies?page=1")).await,
    ));

    for (label, doc) in &docs {
        assert!(
            doc.get("@context").is_some(),
            "{label} carries no @context: {doc}"
        );
    }

    let (code, out) = check(&docs);
    assert_eq!(code, 0, "terms lost by JSON-LD expansion:\n{out}");
}
