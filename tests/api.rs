//! The staff JSON API: authentication, validation, publication, attachments.

mod support;

use serde_json::{json, Value};
use support::*;

const JSON_AP: &str = "application/activity+json";

#[tokio::test]
async fn publish_update_withdraw_a_decision() {
    let node = spawn_node("api1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let res = node
        .client
        .post(node.url("/api/v1/communes/rufisque/decisions"))
        .bearer_auth(&token)
        .json(&sample_decision())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let d: Value = res.json().await.unwrap();
    let key = d["key"].as_str().unwrap().to_string();
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(id, node.url(&format!("/communes/rufisque/decisions/{key}")));
    assert_eq!(d["votes"]["yes"], 31);
    assert!(d["body_html"]
        .as_str()
        .unwrap()
        .contains("<strong>après délibération</strong>"));

    // The id serves ActivityPub JSON or HTML by content negotiation.
    let article: Value = node
        .client
        .get(&id)
        .header("accept", JSON_AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(article["type"], "Article");
    assert_eq!(article["id"], id.as_str());
    assert_eq!(article["voteCounts"]["absent"], 3);
    assert_eq!(article["decisionKind"], "deliberation");
    let page = node.client.get(&id).send().await.unwrap();
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Budget primitif 2027"));
    assert!(html.contains("rel=\"alternate\" type=\"application/activity+json\""));

    let mut changed = sample_decision();
    changed["title"] = json!("Budget primitif 2027 (rectifié)");
    let res = node
        .client
        .put(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let article: Value = node
        .client
        .get(&id)
        .header("accept", JSON_AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(article["nameMap"]["fr"]
        .as_str()
        .unwrap()
        .contains("(rectifié)"));
    assert!(article.get("updated").is_some());

    let res = node
        .client
        .delete(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let gone = node
        .client
        .get(&id)
        .header("accept", JSON_AP)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
    let tomb: Value = gone.json().await.unwrap();
    assert_eq!(tomb["type"], "Tombstone");
    // Withdrawn is final.
    let again = node
        .client
        .delete(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);

    // The outbox lists Create, Update, Delete, newest first.
    let outbox: Value = node
        .client
        .get(node.url("/communes/rufisque/outbox?page=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        types_of(&outbox["orderedItems"]),
        ["Delete", "Update", "Create"]
    );
    assert_eq!(outbox["totalItems"], 3);
}

#[tokio::test]
async fn outbox_is_paginated() {
    let node = spawn_node("api2").await;
    node.add_commune("labe").await;
    let token = node.token("labe").await;
    for i in 0..23 {
        let mut d = sample_decision();
        d["reference"] = json!(format!("A-{i}"));
        let res = node
            .client
            .post(node.url("/api/v1/communes/labe/decisions"))
            .bearer_auth(&token)
            .json(&d)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let root: Value = node
        .client
        .get(node.url("/communes/labe/outbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(root["type"], "OrderedCollection");
    assert_eq!(root["totalItems"], 23);
    let p1: Value = node
        .client
        .get(root["first"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p1["orderedItems"].as_array().unwrap().len(), 20);
    assert_eq!(p1["orderedItems"][0]["object"]["reference"], "A-22");
    let p2: Value = node
        .client
        .get(p1["next"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p2["orderedItems"].as_array().unwrap().len(), 3);
    assert!(p2.get("next").is_none());
    let bad = node
        .client
        .get(node.url("/communes/labe/outbox?page=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn tokens_are_checked_per_commune() {
    let node = spawn_node("api3").await;
    node.add_commune("dankassari").await;
    node.add_commune("matankari").await;
    let token_a = node.token("dankassari").await;
    let url = node.url("/api/v1/communes/matankari/decisions");
    let none = node
        .client
        .post(&url)
        .json(&sample_decision())
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let wrong = node
        .client
        .post(&url)
        .bearer_auth("plb_not-a-token")
        .json(&sample_decision())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let other = node
        .client
        .post(&url)
        .bearer_auth(&token_a)
        .json(&sample_decision())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    // A revoked token stops working.
    let (id, token) = palabre::service::communes::create_token(&node.app, "matankari", None)
        .await
        .unwrap();
    palabre::service::communes::revoke_token(&node.app, "matankari", id)
        .await
        .unwrap();
    let revoked = node
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&sample_decision())
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 401);
    assert_eq!(node.count("decisions").await, 0);
}

#[tokio::test]
async fn invalid_decisions_name_the_field_and_store_nothing() {
    let node = spawn_node("api4").await;
    node.add_commune("kouroussa").await;
    let token = node.token("kouroussa").await;
    let url = node.url("/api/v1/communes/kouroussa/decisions");
    let cases = [
        ("title", json!("  ")),
        ("kind", json!("decree")),
        ("session_date", json!("20/11/2026")),
        ("status", json!("maybe")),
    ];
    for (field, value) in cases {
        let mut d = sample_decision();
        d[field] = value;
        let res = node
            .client
            .post(&url)
            .bearer_auth(&token)
            .json(&d)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{field}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["field"], field);
    }
    let mut d = sample_decision();
    d["votes"]["no"] = json!(-2);
    let body: Value = node
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&d)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["field"], "votes.no");
    let mut d = sample_decision();
    d["votes"]["yes"] = json!("many");
    let res = node
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&d)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "votes");
    let res = node
        .client
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(node.count("decisions").await, 0);
    assert_eq!(node.count("activities").await, 0);
}

#[tokio::test]
async fn pdf_attachments_are_checked_and_served() {
    let node = spawn_node_with("api5", |c| c.max_attachment_mb = 1).await;
    node.add_commune("bissau").await;
    let token = node.token("bissau").await;
    let d = node.publish("bissau", &token, &sample_decision()).await;
    let url = node.url(&format!(
        "/api/v1/communes/bissau/decisions/{}/attachments",
        d["key"].as_str().unwrap()
    ));
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name)
            .mime_str("application/pdf")
            .unwrap();
        node.client
            .post(&url)
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let pdf = real_pdf();
    let res = upload(pdf.clone(), "pv-seance.pdf").await.unwrap();
    assert_eq!(res.status(), 201);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["size"], pdf.len());
    let served = node
        .client
        .get(a["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "application/pdf");
    // Served as a file that can never run as a page of the node.
    assert_eq!(served.headers()["content-security-policy"], "sandbox");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().to_vec(), pdf);

    // The PDF magic bytes followed by HTML are not a PDF.
    let polyglot =
        b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n";
    let res = upload(polyglot.to_vec(), "pv.pdf").await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "attachment");

    // A program renamed .pdf, and a file over the limit, are refused.
    let res = upload(b"MZ\x90\x00 not a pdf".to_vec(), "virus.pdf")
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "attachment");
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(1024 * 1024 + 10, b'x');
    let res = upload(big, "big.pdf").await.unwrap();
    assert_eq!(res.status(), 422);
    let mut huge = b"%PDF-1.7\n".to_vec();
    huge.resize(3 * 1024 * 1024, b'x');
    let res = upload(huge, "huge.pdf").await.unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(node.count("attachments").await, 1);

    // The Article carries the PDF as a Document.
    let article: Value = node
        .client
        .get(d["id"].as_str().unwrap())
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(article["attachment"][0]["type"], "Document");
    assert_eq!(article["attachment"][0]["mediaType"], "application/pdf");
}

#[tokio::test]
async fn html_in_text_fields_is_inert() {
    let node = spawn_node("api6").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let mut d = sample_decision();
    d["title"] = json!("<script>alert(1)</script>Titre");
    d["body"] = json!("<img src=x onerror=alert(1)> corps");
    let created: Value = node
        .client
        .post(node.url("/api/v1/communes/rufisque/decisions"))
        .bearer_auth(&token)
        .json(&d)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let html = node
        .client
        .get(created["id"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("onerror"));
}

/// Creates a decision through the API; the status and the JSON answer.
async fn try_publish(node: &TestNode, token: &str, decision: &Value) -> (u16, Value) {
    let res = node
        .client
        .post(node.url("/api/v1/communes/rufisque/decisions"))
        .bearer_auth(token)
        .json(decision)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_reference_names_one_live_decision_even_under_concurrent_requests() {
    let node = spawn_node("api7").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    for round in 0..6 {
        let mut d = sample_decision();
        d["reference"] = json!(format!("D-2026-{round:03}"));
        // Both requests are in flight at once: neither sees the other's row when it checks.
        let (a, b) = tokio::join!(
            try_publish(&node, &token, &d),
            try_publish(&node, &token, &d)
        );
        let mut statuses = [a.0, b.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 422], "round {round}: {a:?} {b:?}");
        let refused = if a.0 == 422 { &a.1 } else { &b.1 };
        assert_eq!(refused["field"], "reference", "{refused}");
    }
    assert_eq!(node.count("decisions").await, 6);
    assert_eq!(
        node.count("activities").await,
        6,
        "one Create each, none for the refusals"
    );

    // An edit cannot take another decision's reference; withdrawing frees it.
    let first = try_publish(&node, &token, &{
        let mut d = sample_decision();
        d["reference"] = json!("D-2026-100");
        d
    })
    .await
    .1;
    let key = first["key"].as_str().unwrap();
    let mut taken = sample_decision();
    taken["reference"] = json!("D-2026-000");
    let res = node
        .client
        .put(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .json(&taken)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["field"], "reference");
    let res = node
        .client
        .delete(node.url(&format!("/api/v1/communes/rufisque/decisions/{key}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut again = sample_decision();
    again["reference"] = json!("D-2026-100");
    assert_eq!(try_publish(&node, &token, &again).await.0, 201);
}
