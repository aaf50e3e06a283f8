//! Open data for a commune's records: its published decisions (the council vote as a Popolo
//! vote event), its consultations whose results are public (votes per option and channel) and
//! its register of citizens' requests (never who asked), each a dataset of the DCAT-AP catalog
//! with a CSV and a JSON distribution; exports stream, answer 304 to their validators, change
//! when the records do, and hold one commune's records only.

mod support;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use support::*;

const IANA: &str = "http://www.iana.org/assignments/media-types/";

async fn get(node: &TestNode, path: &str) -> reqwest::Response {
    node.client.get(node.url(path)).send().await.unwrap()
}

async fn text(node: &TestNode, path: &str) -> String {
    let r = get(node, path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

async fn json_of(node: &TestNode, path: &str) -> Value {
    let r = get(node, path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    serde_json::from_str(&r.text().await.unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The records of a CSV export, the header first.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cell of `column` in each row after the header.
fn column(rows: &[Vec<String>], column: &str) -> Vec<String> {
    let i = rows[0]
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

async fn create_consultation(node: &TestNode, slug: &str, token: &str, body: &Value) -> Value {
    let res = node
        .client
        .post(node.url(&format!("/api/v1/communes/{slug}/consultations")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

fn consultation(title: &str, question: &str, results: &str, closes_in: Duration) -> Value {
    json!({
        "title": title,
        "question": question,
        "options": ["Oui", "Non"],
        "results": results,
        "closes_at": (Utc::now() + closes_in).to_rfc3339(),
    })
}

async fn paper(node: &TestNode, slug: &str, token: &str, key: &str, counts: Value) {
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/{slug}/consultations/{key}/paper"
        )))
        .bearer_auth(token)
        .json(&json!({"place": "École Keury Kao", "counts": counts}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// A vote as Mastodon's `VoteSerializer` writes it.
fn vote(peer: &TestPeer, user: &str, question: &str, commune: &str, option: &str) -> Value {
    let id = format!(
        "{}#votes/{}",
        peer.actor(user),
        uuid::Uuid::new_v4().simple()
    );
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"),
        "type": "Create",
        "actor": peer.actor(user),
        "to": commune,
        "object": {
            "id": id, "type": "Note", "name": option, "attributedTo": peer.actor(user),
            "to": commune, "inReplyTo": question,
        },
    })
}

/// A post that mentions the commune, as Mastodon's `NoteSerializer` writes it.
fn mention(peer: &TestPeer, user: &str, commune: &str, text: &str) -> Value {
    let actor = peer.actor(user);
    let id = format!("{actor}/statuses/1");
    let html = format!(
        r#"<p><span class="h-card"><a href="{commune}" class="u-url mention">@<span>rufisque</span></a></span> {text}</p>"#
    );
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"), "type": "Create", "actor": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
        "object": {
            "id": id, "type": "Note", "inReplyTo": null, "attributedTo": actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [commune],
            "content": html, "published": "2026-12-04T09:00:00Z",
            "tag": [{"type": "Mention", "href": commune, "name": "@rufisque"}],
        },
    })
}

/// The export's validators, and that it answers 304 to each of them.
async fn validators_hold(node: &TestNode, path: &str) -> (String, String) {
    let r = get(node, path).await;
    assert_eq!(r.status(), 200, "{path}");
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    let _ = r.bytes().await.unwrap();
    for (name, value) in [("if-none-match", &tag), ("if-modified-since", &modified)] {
        let again = node
            .client
            .get(node.url(path))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path} with {name}: {value}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), tag, "{path}");
        assert!(again.bytes().await.unwrap().is_empty(), "{path}");
    }
    let other = node
        .client
        .get(node.url(path))
        .header("if-none-match", "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "{path}");
    (tag, modified)
}

fn dataset<'a>(catalog: &'a Value, key: &str) -> Option<&'a Value> {
    catalog["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["@id"].as_str().unwrap().ends_with(&format!("#{key}")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn decisions_consultations_and_requests_are_datasets_of_one_commune_each() {
    let node = spawn_node("records1").await;
    let rufisque = node.add_commune("rufisque").await;
    node.add_commune("thies").await;
    node.add_commune("mbour").await;
    let token = node.token("rufisque").await;
    let thies_token = node.token("thies").await;
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("citizens1").await;

    // Nothing published yet: the catalog lists none of these datasets.
    let empty: Value = get(&node, "/communes/mbour/data/catalog.jsonld")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["dataset"], json!([]), "{empty}");

    // Decisions: one with the council's vote and an attachment, one without a vote whose
    // title a spreadsheet would run, one withdrawn; and one of another commune.
    let voted = node.publish("rufisque", &token, &sample_decision()).await;
    let key = voted["key"].as_str().unwrap();
    let part = reqwest::multipart::Part::bytes(real_pdf())
        .file_name("pv-seance.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/rufisque/decisions/{key}/attachments"
        )))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let file: Value = res.json().await.unwrap();
    let mut formula = sample_decision();
    formula["reference"] = json!("D-2026-015");
    formula["title"] = json!("=HYPERLINK(\"http://evil.example\",\"Cliquez\")");
    formula["summary"] = json!("@SUM(A1:A9) résumé");
    formula["session_date"] = json!("2026-10-01");
    formula["amount"] = json!(2_500_000);
    formula.as_object_mut().unwrap().remove("votes");
    let formula = node.publish("rufisque", &token, &formula).await;
    let mut gone = sample_decision();
    gone["reference"] = json!("D-2025-099");
    gone["title"] = json!("Décision retirée");
    gone["session_date"] = json!("2025-01-15");
    let gone = node.publish("rufisque", &token, &gone).await;
    let res = node
        .client
        .delete(node.url(&format!(
            "/api/v1/communes/rufisque/decisions/{}",
            gone["key"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let mut elsewhere = sample_decision();
    elsewhere["reference"] = json!("T-2026-001");
    elsewhere["title"] = json!("Décision de Thiès");
    node.publish("thies", &thies_token, &elsewhere).await;

    // Consultations: one whose results are public while open, voted on the fediverse and on
    // paper; one whose results are kept until its closing, voted on paper too.
    let public = create_consultation(
        &node,
        "rufisque",
        &token,
        &consultation(
            "Marché central",
            "Où installer le nouveau marché ?",
            "while_open",
            Duration::hours(2),
        ),
    )
    .await;
    let public_key = public["key"].as_str().unwrap().to_string();
    let v = vote(&peer, "awa", public["id"].as_str().unwrap(), &actor, "Non");
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &v)
            .await,
        202
    );
    paper(
        &node,
        "rufisque",
        &token,
        &public_key,
        json!({"Oui": 40, "Non": 12}),
    )
    .await;
    let hidden = create_consultation(
        &node,
        "rufisque",
        &token,
        &consultation(
            "Consultation secrète",
            "Faut-il fermer la gare routière ?",
            "after_closing",
            Duration::hours(2),
        ),
    )
    .await;
    let hidden_key = hidden["key"].as_str().unwrap().to_string();
    paper(
        &node,
        "rufisque",
        &token,
        &hidden_key,
        json!({"Oui": 7, "Non": 3}),
    )
    .await;

    // Requests: one from the form with a name and a phone number, one from a fediverse post.
    let draft = palabre::domain::request::RequestDraft::parse(
        "Budget d’entretien des écoles",
        "Combien a été dépensé en 2025 ?",
        "Mariama Diallo",
        "+221 77 000 00 00",
    )
    .unwrap();
    palabre::service::requests::file_from_web(&node.app, &rufisque, draft, "192.0.2.7")
        .await
        .unwrap();
    let post = mention(&peer, "moussa", &actor, "Quand le marché ouvrira-t-il ?");
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &post).await,
        202
    );
    assert_eq!(node.count("requests").await, 2);

    // The catalog lists the three datasets with both distributions.
    let r = node
        .client
        .get(node.url("/communes/rufisque/data/catalog.jsonld"))
        .header("accept", "application/ld+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let catalog: Value = r.json().await.unwrap();
    let today = Utc::now().date_naive().to_string();
    for (key, first, last) in [
        (
            "decisions",
            "2026-10-01".to_string(),
            "2026-11-20".to_string(),
        ),
        (
            "consultations",
            today.clone(),
            (Utc::now() + Duration::hours(2)).date_naive().to_string(),
        ),
        ("requests", today.clone(), today.clone()),
    ] {
        let d = dataset(&catalog, key).unwrap_or_else(|| panic!("no {key} in {catalog}"));
        assert_eq!(d["@type"], "Dataset");
        assert_eq!(
            d["license"], "https://creativecommons.org/licenses/by/4.0/",
            "{key}"
        );
        assert_eq!(d["publisher"], actor, "{key}");
        assert_eq!(d["temporal"]["startDate"], first.as_str(), "{key}: {d}");
        assert_eq!(d["temporal"]["endDate"], last.as_str(), "{key}: {d}");
        let modified = chrono::DateTime::parse_from_rfc3339(d["modified"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert!(
            (Utc::now() - modified.with_timezone(&Utc)).num_minutes() < 5,
            "{key}: {modified}"
        );
        assert!(d["title"]["fr"].as_str().is_some_and(|t| !t.is_empty()));
        let dists = d["distribution"].as_array().unwrap();
        for (ext, media) in [("csv", "text/csv"), ("json", "application/json")] {
            let url = node.url(&format!("/communes/rufisque/data/{key}.{ext}"));
            let x = dists
                .iter()
                .find(|x| x["downloadURL"] == url.as_str())
                .unwrap_or_else(|| panic!("no {url} in {d}"));
            assert_eq!(x["mediaType"], format!("{IANA}{media}"));
            assert_eq!(x["license"], d["license"]);
        }
    }
    let page = text(&node, "/communes/rufisque/data").await;
    for key in ["decisions", "consultations", "requests"] {
        assert!(page.contains(&format!("/data/{key}.csv")), "{page}");
    }
    // Another commune's catalog lists its own decisions and nothing it does not have.
    let thies: Value = get(&node, "/communes/thies/data/catalog.jsonld")
        .await
        .json()
        .await
        .unwrap();
    assert!(dataset(&thies, "decisions").is_some(), "{thies}");
    assert!(dataset(&thies, "consultations").is_none(), "{thies}");
    assert!(dataset(&thies, "requests").is_none(), "{thies}");

    // Decisions as CSV: the two published, the withdrawn one absent, the formulas inert.
    let body = text(&node, "/communes/rufisque/data/decisions.csv").await;
    let rows = csv_rows(&body);
    assert_eq!(
        rows[0],
        [
            "id",
            "reference",
            "kind",
            "title",
            "summary",
            "session_date",
            "published_at",
            "status",
            "themes",
            "amount",
            "currency",
            "attachments",
            "yes",
            "no",
            "abstain",
            "absent"
        ]
    );
    assert_eq!(column(&rows, "reference"), ["D-2026-014", "D-2026-015"]);
    assert!(
        !body.contains("retirée") && !body.contains("Thiès"),
        "{body}"
    );
    assert_eq!(
        column(&rows, "id"),
        [
            voted["id"].as_str().unwrap(),
            formula["id"].as_str().unwrap()
        ]
    );
    let titles = column(&rows, "title");
    assert!(titles[1].starts_with("'=HYPERLINK"), "{}", titles[1]);
    assert!(
        body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""),
        "{body}"
    );
    assert!(column(&rows, "summary")[1].starts_with("'@SUM"));
    assert_eq!(column(&rows, "yes"), ["31", ""]);
    assert_eq!(column(&rows, "no"), ["4", ""]);
    assert_eq!(column(&rows, "abstain"), ["2", ""]);
    assert_eq!(column(&rows, "absent"), ["3", ""]);
    assert_eq!(column(&rows, "amount"), ["", "2500000"]);
    assert_eq!(column(&rows, "currency"), ["", "XOF"]);
    assert_eq!(column(&rows, "themes")[0], "budget; finances");
    assert_eq!(column(&rows, "session_date"), ["2026-11-20", "2026-10-01"]);
    assert_eq!(
        column(&rows, "attachments"),
        [file["url"].as_str().unwrap(), ""]
    );

    // Decisions as JSON: publisher, licence, the vote as a Popolo vote event.
    let doc = json_of(&node, "/communes/rufisque/data/decisions.json").await;
    assert_eq!(doc["publisher"], actor);
    assert_eq!(
        doc["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{doc}");
    assert_eq!(items[0]["id"], voted["id"]);
    assert_eq!(
        items[0]["vote_event"],
        json!({
            "motion": {"text": "Budget primitif 2027", "identifier": "D-2026-014"},
            "start_date": "2026-11-20",
            "result": "adopted",
            "counts": [
                {"option": "yes", "value": 31},
                {"option": "no", "value": 4},
                {"option": "abstain", "value": 2},
                {"option": "absent", "value": 3},
            ],
        })
    );
    assert_eq!(items[0]["attachments"][0]["url"], file["url"]);
    assert_eq!(items[0]["themes"], json!(["budget", "finances"]));
    assert!(items[1].get("vote_event").is_none(), "{}", items[1]);
    assert_eq!(items[1]["title"], formula["title"]);
    assert_eq!(items[1]["amount"], 2_500_000);
    assert_eq!(items[1]["currency"], "XOF");

    // Consultations: the public one with its counts by channel, the hidden one nowhere.
    let body = text(&node, "/communes/rufisque/data/consultations.csv").await;
    assert!(
        !body.contains("secrète") && !body.contains("gare routière"),
        "{body}"
    );
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 3, "{body}");
    assert_eq!(column(&rows, "option"), ["Oui", "Non"]);
    assert_eq!(column(&rows, "fediverse"), ["0", "1"]);
    assert_eq!(column(&rows, "paper"), ["40", "12"]);
    assert_eq!(column(&rows, "total"), ["40", "13"]);
    assert_eq!(column(&rows, "voters_total"), ["53", "53"]);
    assert_eq!(column(&rows, "phase"), ["open", "open"]);
    assert_eq!(column(&rows, "id")[0], public["id"].as_str().unwrap());
    let doc = json_of(&node, "/communes/rufisque/data/consultations.json").await;
    assert!(!doc.to_string().contains("secrète"), "{doc}");
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{doc}");
    assert_eq!(items[0]["question"], "Où installer le nouveau marché ?");
    assert_eq!(items[0]["options"][1]["name"], "Non");
    assert_eq!(
        items[0]["options"][1]["votes"],
        json!({"fediverse": 1, "codes": 0, "paper": 12, "total": 13})
    );
    assert_eq!(items[0]["voters"]["fediverse"], 1);
    assert!(
        !doc.to_string().contains(&peer.host),
        "no voter named: {doc}"
    );

    // Requests: the register's fields, never who asked.
    let register: Value = get(&node, "/api/v1/communes/rufisque/requests")
        .await
        .json()
        .await
        .unwrap();
    let doc = json_of(&node, "/communes/rufisque/data/requests.json").await;
    let mut listed = register["items"].as_array().unwrap().clone();
    listed.reverse(); // the register is newest first, the export in the order filed
    assert_eq!(doc["items"], json!(listed), "{doc}");
    let body = text(&node, "/communes/rufisque/data/requests.csv").await;
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 3, "{body}");
    assert_eq!(
        column(&rows, "subject"),
        [
            "Budget d’entretien des écoles",
            "Quand le marché ouvrira-t-il ?"
        ]
    );
    assert_eq!(column(&rows, "channel")[1], "fediverse");
    for export in [doc.to_string(), body] {
        for private in [
            "Mariama",
            "+221",
            "Combien a été dépensé",
            "moussa",
            peer.host.as_str(),
            "requester",
        ] {
            assert!(!export.contains(private), "{private} in {export}");
        }
    }

    // Each export answers 304 to its own validators.
    let mut tags = std::collections::HashMap::new();
    for key in ["decisions", "consultations", "requests"] {
        for ext in ["csv", "json"] {
            let path = format!("/communes/rufisque/data/{key}.{ext}");
            tags.insert(path.clone(), validators_hold(&node, &path).await);
        }
    }
    // A new decision changes the decisions' version, not the others'.
    let mut another = sample_decision();
    another["reference"] = json!("D-2026-016");
    node.publish("rufisque", &token, &another).await;
    for (path, (tag, _)) in &tags {
        let r = node
            .client
            .get(node.url(path))
            .header("if-none-match", tag)
            .send()
            .await
            .unwrap();
        let expected = if path.contains("decisions") { 200 } else { 304 };
        assert_eq!(r.status(), expected, "{path}");
    }
    // A step on a request changes the register's version, a change of its kind too.
    let reference = column(
        &csv_rows(&text(&node, "/communes/rufisque/data/requests.csv").await),
        "reference",
    )[0]
    .clone();
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/rufisque/requests/{reference}/kind"
        )))
        .bearer_auth(&token)
        .json(&json!({"kind": "complaint"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for ext in ["csv", "json"] {
        let path = format!("/communes/rufisque/data/requests.{ext}");
        let r = node
            .client
            .get(node.url(&path))
            .header("if-none-match", &tags[&path].0)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(r.text().await.unwrap().contains("complaint"), "{path}");
    }
    // So does a vote the public may see; a vote they may not see changes nothing.
    let consultations_csv = "/communes/rufisque/data/consultations.csv";
    let (before, _) = &tags[consultations_csv];
    let v = vote(
        &peer,
        "fatou",
        hidden["id"].as_str().unwrap(),
        &actor,
        "Oui",
    );
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "fatou", &v)
            .await,
        202
    );
    let r = node
        .client
        .get(node.url(consultations_csv))
        .header("if-none-match", before)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        304,
        "a hidden vote must not show in the version"
    );
    let v = vote(
        &peer,
        "fatou",
        public["id"].as_str().unwrap(),
        &actor,
        "Oui",
    );
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "fatou", &v)
            .await,
        202
    );
    let r = node
        .client
        .get(node.url(consultations_csv))
        .header("if-none-match", before)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let rows = csv_rows(&r.text().await.unwrap());
    assert_eq!(column(&rows, "fediverse"), ["1", "1"]);

    // Another commune's exports hold its records only.
    let body = text(&node, "/communes/thies/data/decisions.csv").await;
    assert_eq!(column(&csv_rows(&body), "reference"), ["T-2026-001"]);
    let doc = json_of(&node, "/communes/thies/data/decisions.json").await;
    assert_eq!(doc["items"].as_array().unwrap().len(), 1);
    assert_eq!(doc["publisher"], node.actor_id("thies"));
    for key in ["consultations", "requests"] {
        let doc = json_of(&node, &format!("/communes/thies/data/{key}.json")).await;
        assert_eq!(doc["items"], json!([]), "{key}: {doc}");
        let body = text(&node, &format!("/communes/thies/data/{key}.csv")).await;
        assert_eq!(csv_rows(&body).len(), 1, "{key}: only the header: {body}");
    }
    assert_eq!(
        get(&node, "/communes/nowhere/data/decisions.csv")
            .await
            .status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn results_kept_until_the_closing_join_the_export_when_it_closes() {
    let node = spawn_node("records2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let c = create_consultation(
        &node,
        "rufisque",
        &token,
        &consultation(
            "Éclairage public",
            "Faut-il éteindre la nuit ?",
            "after_closing",
            Duration::seconds(3),
        ),
    )
    .await;
    let key = c["key"].as_str().unwrap().to_string();
    paper(&node, "rufisque", &token, &key, json!({"Oui": 5, "Non": 9})).await;
    let path = "/communes/rufisque/data/consultations.json";
    let r = get(&node, path).await;
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let doc: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(doc["items"], json!([]), "hidden while open: {doc}");
    let catalog: Value = get(&node, "/communes/rufisque/data/catalog.jsonld")
        .await
        .json()
        .await
        .unwrap();
    assert!(dataset(&catalog, "consultations").is_none(), "{catalog}");

    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let r = node
        .client
        .get(node.url(path))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "closing changes the version");
    let doc: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{doc}");
    assert_eq!(items[0]["phase"], "closed");
    assert_eq!(items[0]["votes"]["paper"], 14);
    let catalog: Value = get(&node, "/communes/rufisque/data/catalog.jsonld")
        .await
        .json()
        .await
        .unwrap();
    assert!(dataset(&catalog, "consultations").is_some(), "{catalog}");
    validators_hold(&node, path).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_export_longer_than_a_page_streams_every_record_once() {
    let node = spawn_node("records3").await;
    let commune = node.add_commune("rufisque").await;
    // More than one page of the export (500 rows).
    let n = 507;
    for i in 0..n {
        let mut d = sample_decision();
        d["reference"] = json!(format!("D-{i:04}"));
        d["title"] = json!(format!("Décision numéro {i}, dite \"{i}\""));
        let input: palabre::domain::decision::DecisionInput = serde_json::from_value(d).unwrap();
        let draft = palabre::domain::decision::DecisionDraft::parse(&input).unwrap();
        palabre::service::decisions::create(&node.app, &commune, draft, Vec::new())
            .await
            .unwrap();
    }
    let rows = csv_rows(&text(&node, "/communes/rufisque/data/decisions.csv").await);
    let expected: Vec<String> = (0..n).map(|i| format!("D-{i:04}")).collect();
    assert_eq!(column(&rows, "reference"), expected);
    let doc = json_of(&node, "/communes/rufisque/data/decisions.json").await;
    let got: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reference"].as_str().unwrap())
        .collect();
    assert_eq!(got, expected);
}
