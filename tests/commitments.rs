//! Commitments by API: created with their milestones, published as an `Article` with the record
//! under `palabre:commitment`, and every change (status, a milestone done, a note, an edit)
//! sent as an `Update`; bad periods and milestones refused naming the field, with nothing
//! stored; another commune's token refused.

mod support;

use serde_json::{json, Value};
use support::*;

fn plan() -> Value {
    json!({
        "title": "Publier le budget et son exécution",
        "problem": "Les habitants ne voient pas comment l'argent est dépensé.",
        "description": "Mettre en ligne chaque trimestre la situation d'exécution.",
        "lead": "Secrétariat général",
        "partners": "AfricTivistes",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "milestones": [
            {"title": "Budget primitif en ligne", "due_on": "2026-02-28"},
            {"title": "Situation du premier semestre", "due_on": "2026-07-31"},
        ],
    })
}

async fn post(node: &TestNode, path: &str, token: &str, body: &Value) -> (u16, Value) {
    let r = node
        .client
        .post(node.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_commitment_and_its_changes_reach_followers_with_their_record() {
    let node = spawn_node("commit1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer("commitpeer").await;
    let follow = json!({
        "id": format!("{}/follows/1", peer.actor("awa")), "type": "Follow",
        "actor": peer.actor("awa"), "object": node.actor_id("rufisque"),
    });
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &follow)
            .await,
        202
    );
    let (status, c) = post(
        &node,
        "/api/v1/communes/rufisque/commitments",
        &token,
        &plan(),
    )
    .await;
    assert_eq!(status, 201, "{c}");
    assert_eq!(c["status"], "not_started");
    let key = c["key"].as_str().unwrap().to_string();
    let id = c["id"].as_str().unwrap().to_string();
    let first = c["milestones"][0]["id"].as_i64().unwrap();
    assert_eq!(c["milestones"][0]["title"], "Budget primitif en ligne");

    let got = peer
        .wait_for(20, "the commitment's Create", |r| {
            r.iter()
                .any(|m| m.body["type"] == "Create" && m.body["object"]["commitment"].is_object())
        })
        .await;
    let create = got.iter().find(|m| m.body["type"] == "Create").unwrap();
    assert_eq!(create.body["object"]["id"], id);
    let record: palabre::protocol::commitment::CommitmentRecord =
        serde_json::from_value(create.body["object"]["commitment"].clone()).unwrap();
    assert_eq!(record.commitment_status, "not_started");
    assert_eq!(record.milestones.len(), 2);
    assert_eq!(record.milestones[1].due_date.to_string(), "2026-07-31");
    assert!(create.body["object"]["summaryMap"]["fr"]
        .as_str()
        .unwrap()
        .contains("Secrétariat général"));

    // A milestone done with its evidence, a new status, a note: three Updates.
    let base = format!("/api/v1/communes/rufisque/commitments/{key}");
    let (status, c) = post(
        &node,
        &format!("{base}/milestones/{first}/done"),
        &token,
        &json!({"done_on": "2026-03-05", "evidence_url": "https://rufisque.example/budget-2026.pdf"}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["milestones"][0]["done_on"], "2026-03-05");
    // Done after its due date: late.
    assert_eq!(c["milestones"][0]["late"], true);
    let (status, c) = post(
        &node,
        &format!("{base}/status"),
        &token,
        &json!({"status": "limited"}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["status"], "limited");
    let (status, c) = post(
        &node,
        &format!("{base}/notes"),
        &token,
        &json!({"text": "Le budget primitif est en ligne.", "written_on": "2026-03-06"}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["notes"][0]["text"], "Le budget primitif est en ligne.");
    let got = peer
        .wait_for(20, "three Updates", |r| {
            r.iter().filter(|m| m.body["type"] == "Update").count() >= 3
        })
        .await;
    let last = got
        .iter()
        .rev()
        .find(|m| m.body["type"] == "Update")
        .unwrap();
    assert_eq!(
        last.body["object"]["commitment"]["commitmentStatus"],
        "limited"
    );
    assert_eq!(
        last.body["object"]["commitment"]["milestones"][0]["doneDate"],
        "2026-03-05"
    );
    assert_eq!(
        last.body["object"]["commitment"]["milestones"][0]["evidence"],
        "https://rufisque.example/budget-2026.pdf"
    );

    // The id dereferences as the same Article.
    let doc = node.get_ap(&id).await;
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["commitment"]["commitmentStatus"], "limited");
    // And the list.
    let list: Value = node
        .client
        .get(node.url("/api/v1/communes/rufisque/commitments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_commitments_are_refused_naming_the_field_and_nothing_is_stored() {
    let node = spawn_node("commit2").await;
    node.add_commune("rufisque").await;
    node.add_commune("bargny").await;
    let token = node.token("rufisque").await;
    let other = node.token("bargny").await;
    let path = "/api/v1/communes/rufisque/commitments";
    let mut backwards = plan();
    backwards["ends_on"] = json!("2025-12-31");
    let mut outside = plan();
    outside["milestones"][1]["due_on"] = json!("2027-03-01");
    let mut bad_status = plan();
    bad_status["status"] = json!("finished");
    let mut script = plan();
    script["milestones"][0]["evidence_url"] = json!("javascript:alert(1)");
    let mut untitled = plan();
    untitled["title"] = json!("  ");
    for (body, field) in [
        (backwards, "ends_on"),
        (outside, "milestones.due_on"),
        (bad_status, "status"),
        (script, "evidence_url"),
        (untitled, "title"),
    ] {
        let (status, v) = post(&node, path, &token, &body).await;
        assert_eq!(status, 422, "{v}");
        assert_eq!(v["field"], field, "{v}");
    }
    let (status, _) = post(&node, path, &token, &json!({"title": "x", "unknown": 1})).await;
    assert_eq!(status, 422);
    let r = node
        .client
        .post(node.url(path))
        .bearer_auth(&token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (status, _) = post(&node, path, &other, &plan()).await;
    assert_eq!(status, 403);
    let r = node
        .client
        .post(node.url(path))
        .json(&plan())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(node.count("commitments").await, 0);
    assert_eq!(node.count("commitment_milestones").await, 0);
    assert_eq!(node.count("activities").await, 0);

    // Changes: an unknown commitment or milestone, a date before the start, another commune.
    let (_, c) = post(&node, path, &token, &plan()).await;
    let key = c["key"].as_str().unwrap();
    let m = c["milestones"][0]["id"].as_i64().unwrap();
    let base = format!("{path}/{key}");
    let (status, _) = post(
        &node,
        &format!("{path}/nope/status"),
        &token,
        &json!({"status": "limited"}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = post(
        &node,
        &format!("{base}/milestones/999999/done"),
        &token,
        &json!({"done_on": "2026-03-01"}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, v) = post(
        &node,
        &format!("{base}/milestones/{m}/done"),
        &token,
        &json!({"done_on": "2025-06-01"}),
    )
    .await;
    assert_eq!((status, v["field"].clone()), (422, json!("done_on")));
    let (status, _) = post(
        &node,
        &format!("{base}/status"),
        &other,
        &json!({"status": "completed"}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, v) = post(
        &node,
        &format!("{base}/notes"),
        &token,
        &json!({"text": ""}),
    )
    .await;
    assert_eq!((status, v["field"].clone()), (422, json!("text")));
    let after: Value = node
        .client
        .get(node.url(&base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after["status"], "not_started");
    assert_eq!(after["milestones"][0]["done_on"], Value::Null);
    assert_eq!(after["notes"].as_array().unwrap().len(), 0);
    assert_eq!(node.count("activities").await, 1);
}

#[tokio::test]
async fn the_action_plan_is_an_open_dataset() {
    let node = spawn_node("commit3").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let mut formula = plan();
    formula["title"] = json!("=HYPERLINK(\"http://evil\")");
    for body in [plan(), formula] {
        let (status, _) = post(
            &node,
            "/api/v1/communes/rufisque/commitments",
            &token,
            &body,
        )
        .await;
        assert_eq!(status, 201);
    }
    let catalog: Value = node
        .client
        .get(node.url("/communes/rufisque/data/catalog.jsonld"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let set = catalog["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["@id"].as_str().unwrap().ends_with("#commitments"))
        .expect("the commitments dataset");
    assert_eq!(set["temporal"]["startDate"], "2026-01-01");
    assert_eq!(set["temporal"]["endDate"], "2026-12-31");
    let csv_url = node.url("/communes/rufisque/data/commitments.csv");
    assert!(set["distribution"].to_string().contains(&csv_url));
    let r = node.client.get(&csv_url).send().await.unwrap();
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let csv = r.text().await.unwrap();
    // A header and one line per milestone: two commitments of two milestones.
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",\"=HYPERLINK"));
    let again = node
        .client
        .get(&csv_url)
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let json: Value = node
        .client
        .get(node.url("/communes/rufisque/data/commitments.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][0]["milestones"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
}
