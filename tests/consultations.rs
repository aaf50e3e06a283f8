//! Consultations answered from the fediverse: created by API, published as a `Question`,
//! voted on with `Create{Note}` exactly as Mastodon sends it (signed by a peer), counted once,
//! tallied back to voters who do not follow, closed on time.

mod support;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use support::*;

const JSON_AP: &str = "application/activity+json";

async fn create(node: &TestNode, slug: &str, token: &str, body: &Value) -> (u16, Value) {
    let res = node
        .client
        .post(node.url(&format!("/api/v1/communes/{slug}/consultations")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn consultation(options: &[&str], multiple: bool, closes_in: Duration) -> Value {
    json!({
        "title": "Marché central",
        "question": "Où installer le nouveau marché ?",
        "description": "Le conseil **consulte** les habitants.",
        "options": options,
        "multiple": multiple,
        "closes_at": (Utc::now() + closes_in).to_rfc3339(),
    })
}

async fn results(node: &TestNode, slug: &str, key: &str) -> Value {
    node.client
        .get(node.url(&format!(
            "/api/v1/communes/{slug}/consultations/{key}/results"
        )))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json")
}

/// A vote as Mastodon's `VoteSerializer` writes it; `n` makes the activity id unique.
fn vote(peer: &TestPeer, user: &str, question: &str, commune: &str, option: &str, n: u32) -> Value {
    let id = format!("{}#votes/{n}", peer.actor(user));
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"),
        "type": "Create",
        "actor": peer.actor(user),
        "to": commune,
        "object": {
            "id": id,
            "type": "Note",
            "name": option,
            "attributedTo": peer.actor(user),
            "to": commune,
            "inReplyTo": question,
        },
    })
}

fn total(r: &Value, option: usize) -> i64 {
    r["options"][option]["votes"]["total"]
        .as_i64()
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn votes_from_the_fediverse_are_counted_once_and_tallied_back() {
    let node = spawn_node_with("consult1", |c| c.tally_interval_secs = 1).await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (status, c) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["Keur Massar", "Centre-ville"], false, Duration::hours(2)),
    )
    .await;
    assert_eq!(status, 201, "{c}");
    let id = c["id"].as_str().expect("id").to_string();
    let key = c["key"].as_str().expect("key").to_string();
    assert_eq!(c["phase"], "open");

    // The id dereferences as a Mastodon poll.
    let q: Value = node
        .client
        .get(&id)
        .header("accept", JSON_AP)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(q["type"], "Question");
    assert_eq!(q["oneOf"][0]["name"], "Keur Massar");
    assert_eq!(q["oneOf"][1]["replies"]["totalItems"], 0);
    assert_eq!(q["votersCount"], 0);
    assert!(q["endTime"].is_string() && q.get("closed").is_none());
    assert!(q.get("summary").is_none(), "a summary is a content warning");
    assert!(q.get("updated").is_none());
    assert!(q["content"]
        .as_str()
        .is_some_and(|t| t.contains("Où installer") && t.contains(&id)));

    let peer = spawn_peer("voters1").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let commune = node.actor_id("rufisque");
    // Two voters; the first votes again (a new activity): still one vote.
    for (user, option, n) in [("awa", "Centre-ville", 1), ("moussa", "Keur Massar", 1)] {
        let v = vote(&peer, user, &id, &commune, option, n);
        assert_eq!(node.send_signed(&inbox, &peer, user, &v).await, 202);
    }
    let again = vote(&peer, "awa", &id, &commune, "Keur Massar", 2);
    assert_eq!(node.send_signed(&inbox, &peer, "awa", &again).await, 202);
    let r = results(&node, "rufisque", &key).await;
    assert_eq!((total(&r, 0), total(&r, 1)), (1, 1), "{r}");
    assert_eq!(r["votersCount"], 2);
    assert_eq!(r["voters"]["fediverse"], 2);

    // Ten copies of one vote, sent at once, count once.
    let v = vote(&peer, "fatou", &id, &commune, "Centre-ville", 1);
    let body = serde_json::to_vec(&v).expect("json");
    let key_id = format!("{}#main-key", peer.actor("fatou"));
    // The voter is fetched once first, so that the copies race on the count itself.
    let warm = vote(&peer, "fatou", &id, &commune, "Nulle part", 99);
    assert_eq!(node.send_signed(&inbox, &peer, "fatou", &warm).await, 422);
    let copies: Vec<_> = (0..10)
        .map(|_| signed_post(&node.client, &inbox, &body, &peer.key, &key_id, Utc::now()))
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(copies.into_iter().map(|r| r.send()))
        .await
        .into_iter()
        .map(|r| r.expect("send").status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 202), "{statuses:?}");
    let r = results(&node, "rufisque", &key).await;
    assert_eq!((total(&r, 0), total(&r, 1)), (1, 2), "{r}");
    assert_eq!(node.count("votes").await, 3);

    // Not counted: an unknown option (above), a vote on a question that is not ours.
    let stray = vote(
        &peer,
        "ousmane",
        &node.url("/communes/rufisque/consultations/nosuchkey"),
        &commune,
        "Keur Massar",
        1,
    );
    assert_eq!(
        node.send_signed(&inbox, &peer, "ousmane", &stray).await,
        422
    );
    assert_eq!(node.count("votes").await, 3);

    // The voters follow nobody here: the tally Update still reaches them, with the counts
    // and without a new `updated` (Mastodon would record an edit).
    let got = peer
        .wait_for(20, "a tally Update", |r| {
            r.iter().any(|x| {
                x.body["type"] == "Update" && x.body["object"]["votersCount"].as_i64() == Some(3)
            })
        })
        .await;
    let update = got
        .iter()
        .rev()
        .find(|x| x.body["type"] == "Update")
        .expect("an Update");
    assert_eq!(update.body["object"]["id"], id.as_str());
    assert_eq!(
        update.body["object"]["oneOf"][1]["replies"]["totalItems"],
        2
    );
    assert!(update.body["object"].get("updated").is_none());
    // One Update for all these votes (coalesced), not one per vote.
    let updates = got.iter().filter(|x| x.body["type"] == "Update").count();
    assert!(updates <= 3, "{updates} Updates for 3 voters on one host");
    let secret = serde_json::to_string(&r).expect("json");
    assert!(
        !secret.contains("awa") && !secret.contains("fatou"),
        "a ballot is secret"
    );
}

#[tokio::test]
async fn a_multiple_choice_vote_counts_each_option_once_and_the_voter_once() {
    let node = spawn_node("consult2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (status, c) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["Eau", "Routes", "Écoles"], true, Duration::hours(2)),
    )
    .await;
    assert_eq!(status, 201, "{c}");
    let (id, key) = (c["id"].as_str().unwrap(), c["key"].as_str().unwrap());
    let q: Value = node
        .client
        .get(id)
        .header("accept", JSON_AP)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q["anyOf"].as_array().map(Vec::len), Some(3));
    let peer = spawn_peer("voters2").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let commune = node.actor_id("rufisque");
    // Mastodon sends one Create per chosen option.
    for (option, n) in [("Eau", 1), ("Écoles", 2), ("Eau", 3)] {
        let v = vote(&peer, "awa", id, &commune, option, n);
        assert_eq!(node.send_signed(&inbox, &peer, "awa", &v).await, 202);
    }
    let r = results(&node, "rufisque", key).await;
    assert_eq!((total(&r, 0), total(&r, 1), total(&r, 2)), (1, 0, 1), "{r}");
    assert_eq!(r["votersCount"], 1);
    assert_eq!(r["votes"]["total"], 2);
}

#[tokio::test]
async fn a_consultation_closes_on_time_and_refuses_later_votes() {
    let node = spawn_node("consult3").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (status, c) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["Oui", "Non"], false, Duration::seconds(2)),
    )
    .await;
    assert_eq!(status, 201, "{c}");
    let (id, key) = (c["id"].as_str().unwrap(), c["key"].as_str().unwrap());
    let peer = spawn_peer("voters3").await;
    let inbox = node.url("/communes/rufisque/inbox");
    let commune = node.actor_id("rufisque");
    let early = vote(&peer, "awa", id, &commune, "Oui", 1);
    assert_eq!(node.send_signed(&inbox, &peer, "awa", &early).await, 202);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let late = vote(&peer, "moussa", id, &commune, "Non", 1);
    assert_eq!(node.send_signed(&inbox, &peer, "moussa", &late).await, 422);
    let r = results(&node, "rufisque", key).await;
    assert_eq!(r["votersCount"], 1, "{r}");
    assert_eq!(r["phase"], "closed");
    // The final state goes to the voter, marked closed.
    peer.wait_for(20, "the closing Update", |r| {
        r.iter()
            .any(|x| x.body["type"] == "Update" && x.body["object"]["closed"].is_string())
    })
    .await;
    let csv = node
        .client
        .get(node.url(&format!(
            "/api/v1/communes/rufisque/consultations/{key}/results.csv"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("option,fediverse,codes,paper,total"),
        "{csv}"
    );
    assert!(csv.contains("\"Oui\",1,0,0,1"), "{csv}");
}

#[tokio::test]
async fn bad_consultations_are_refused_naming_the_field_and_nothing_is_stored() {
    let node = spawn_node("consult4").await;
    node.add_commune("rufisque").await;
    node.add_commune("bargny").await;
    let token = node.token("rufisque").await;
    let long = "x".repeat(51);
    let past = json!({
        "title": "T", "question": "Q", "options": ["A", "B"],
        "closes_at": (Utc::now() - Duration::hours(1)).to_rfc3339(),
    });
    let reversed = json!({
        "title": "T", "question": "Q", "options": ["A", "B"],
        "opens_at": (Utc::now() + Duration::hours(3)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::hours(2)).to_rfc3339(),
    });
    let cases = [
        (
            consultation(&["Seul"], false, Duration::hours(1)),
            "options",
        ),
        (
            consultation(&["A", "A"], false, Duration::hours(1)),
            "options",
        ),
        (
            consultation(&["A", ""], false, Duration::hours(1)),
            "options",
        ),
        (
            consultation(&["A", &long], false, Duration::hours(1)),
            "options",
        ),
        (past, "closes_at"),
        (reversed, "closes_at"),
        (
            json!({"title": "T", "question": "Q", "options": "A, B", "closes_at": "2030-01-01T00:00:00Z"}),
            "options",
        ),
    ];
    for (body, field) in cases {
        let (status, err) = create(&node, "rufisque", &token, &body).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (422, Some(field)),
            "{body} → {err}"
        );
    }
    let twenty_one: Vec<String> = (0..21).map(|i| format!("choix {i}")).collect();
    let refs: Vec<&str> = twenty_one.iter().map(String::as_str).collect();
    let (status, _) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&refs, false, Duration::hours(1)),
    )
    .await;
    assert_eq!(status, 422);
    // Another commune's path with this token.
    let (status, _) = create(
        &node,
        "bargny",
        &token,
        &consultation(&["A", "B"], false, Duration::hours(1)),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(node.count("consultations").await, 0);
    assert_eq!(node.count("consultation_options").await, 0);
}

async fn codes(node: &TestNode, slug: &str, token: &str, key: &str, count: usize) -> Vec<String> {
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/{slug}/consultations/{key}/codes"
        )))
        .bearer_auth(token)
        .json(&json!({"count": count}))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    body["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_string())
        .collect()
}

/// Posts the public form as a browser would; returns the status and the page.
async fn vote_with(
    node: &TestNode,
    path: &str,
    lang: &str,
    code: &str,
    options: &[i64],
) -> (u16, String) {
    vote_via(node, path, lang, code, options, &[]).await
}

/// A code vote with extra request headers (a reverse proxy's X-Forwarded-For).
async fn vote_via(
    node: &TestNode,
    path: &str,
    lang: &str,
    code: &str,
    options: &[i64],
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, String)> = vec![("code", code.to_string())];
    for o in options {
        form.push(("option", o.to_string()));
    }
    let mut req = node
        .client
        .post(node.url(&format!("{path}/vote")))
        .header("accept-language", lang);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.form(&form).send().await.expect("post");
    (res.status().as_u16(), res.text().await.expect("page"))
}

#[tokio::test]
async fn codes_and_paper_ballots_count_beside_the_fediverse_and_never_twice() {
    let node = spawn_node("consult5").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (_, c) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["Oui", "Non"], false, Duration::hours(2)),
    )
    .await;
    let key = c["key"].as_str().unwrap().to_string();
    let path = format!("/communes/rufisque/consultations/{key}");
    let (_, other) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["A", "B"], false, Duration::hours(2)),
    )
    .await;
    let other_key = other["key"].as_str().unwrap().to_string();
    let slips = codes(&node, "rufisque", &token, &key, 3).await;
    let foreign = codes(&node, "rufisque", &token, &other_key, 1).await;
    assert_eq!(slips.len(), 3);
    assert_eq!(node.count("voting_codes").await, 4);
    // Only hashes are stored.
    let stored: Vec<String> = node
        .app
        .store
        .run(|c| {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct H {
                #[diesel(sql_type = diesel::sql_types::Text)]
                code_hash: String,
            }
            let rows: Vec<H> = diesel::sql_query("SELECT code_hash FROM voting_codes").load(c)?;
            Ok(rows.into_iter().map(|r| r.code_hash).collect())
        })
        .await
        .unwrap();
    assert!(stored
        .iter()
        .all(|h| h.len() == 64 && !slips.iter().any(|s| h.contains(&s[..5]))));

    // The page offers the form; the option ids come from it.
    let page = node
        .client
        .get(node.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let ids: Vec<i64> = regex::Regex::new(r#"name="option" value="(\d+)""#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{page}");

    // A vote with a code, typed in lower case with spaces.
    let typed = slips[0].to_lowercase().replace('-', " ");
    let (status, html) = vote_with(&node, &path, "fr", &typed, &[ids[0]]).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Votre vote est enregistré"), "{html}");
    // The same code again: refused, in the reader's language.
    let (status, html) = vote_with(&node, &path, "pt", &slips[0], &[ids[1]]).await;
    assert_eq!(status, 409);
    assert!(html.contains("já foi utilizado"), "{html}");
    let (status, html) = vote_with(&node, &path, "fr", &foreign[0], &[ids[1]]).await;
    assert_eq!(status, 422);
    assert!(html.contains("autre consultation"), "{html}");
    let (status, _) = vote_with(&node, &path, "fr", "ACDEF-GHJKM", &[ids[1]]).await;
    assert_eq!(status, 422);
    // Two choices on a single-choice consultation, and no choice: not counted, code kept.
    let (status, _) = vote_with(&node, &path, "fr", &slips[1], &[ids[0], ids[1]]).await;
    assert_eq!(status, 422);
    let (status, _) = vote_with(&node, &path, "fr", &slips[1], &[]).await;
    assert_eq!(status, 422);
    let (status, _) = vote_with(&node, &path, "en", &slips[1], &[ids[1]]).await;
    assert_eq!(status, 200);

    // Paper ballots from one polling place, then a correction: counted once, the change logged.
    let paper = |body: Value| {
        node.client
            .post(node.url(&format!(
                "/api/v1/communes/rufisque/consultations/{key}/paper"
            )))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let res = paper(json!({"place": "École Keury Kao", "counts": {"Oui": 40, "Non": 12}}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = paper(json!({"place": "École Keury Kao", "counts": {"Oui": 41}, "note": "recompté"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for (bad, field) in [
        (json!({"place": "École", "counts": {"Oui": -3}}), "counts"),
        (
            json!({"place": "École", "counts": {"Oui": "douze"}}),
            "counts",
        ),
        (
            json!({"place": "École", "counts": {"Peut-être": 3}}),
            "counts",
        ),
        (json!({"place": " ", "counts": {"Oui": 3}}), "place"),
    ] {
        let res = paper(bad.clone()).await.unwrap();
        assert_eq!(res.status(), 422, "{bad}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["field"], field, "{bad}");
    }
    assert_eq!(node.count("paper_counts").await, 2);
    assert_eq!(node.count("paper_count_log").await, 3);

    let r = results(&node, "rufisque", &key).await;
    assert_eq!(r["options"][0]["votes"]["codes"], 1, "{r}");
    assert_eq!(r["options"][0]["votes"]["paper"], 41);
    assert_eq!(r["options"][1]["votes"]["codes"], 1);
    assert_eq!(r["options"][1]["votes"]["paper"], 12);
    assert_eq!(r["voters"]["total"], 2 + 53, "{r}");

    // The page shows the chart and the same numbers in a table.
    let page = node
        .client
        .get(node.url(&path))
        .header("accept-language", "pt")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<svg") && page.contains("Resultados"),
        "{page}"
    );
    assert!(page.contains("<td><strong>42</strong></td>"), "{page}");
    assert!(page.len() < 30 * 1024, "{} bytes", page.len());
}

#[tokio::test]
async fn guessing_codes_is_limited_per_address() {
    let node = spawn_node("consult6").await;
    let (path, slips, option) = code_consultation(&node, 1).await;
    guess_ten_times(&node, &path, option, &["203.0.113.7"]).await;
    // The right code from the same address now waits, and counts nothing.
    let (status, html) = vote_with(&node, &path, "fr", &slips[0], &[option]).await;
    assert_eq!(status, 429);
    assert!(html.contains("Trop de codes erronés"), "{html}");
    assert_eq!(node.count("votes").await, 0);
}

/// Ten wrong codes from one address, as a proxy in front of the node reports them.
async fn guess_ten_times(node: &TestNode, path: &str, option: i64, from: &[&str]) {
    for i in 0..10 {
        let wrong = format!(
            "ACDEF-GHJK{}",
            ["M", "N", "P", "Q", "R", "T", "U", "V", "W", "X"][i]
        );
        let forwarded = [("x-forwarded-for", from[i % from.len()])];
        let (status, _) = vote_via(node, path, "fr", &wrong, &[option], &forwarded).await;
        assert_eq!(status, 422, "guess {i}");
    }
}

async fn code_consultation(node: &TestNode, codes_wanted: usize) -> (String, Vec<String>, i64) {
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (_, c) = create(
        node,
        "rufisque",
        &token,
        &consultation(&["Oui", "Non"], false, Duration::hours(2)),
    )
    .await;
    let key = c["key"].as_str().unwrap().to_string();
    let path = format!("/communes/rufisque/consultations/{key}");
    let slips = codes(node, "rufisque", &token, &key, codes_wanted).await;
    let page = node.client.get(node.url(&path)).send().await.unwrap();
    let page = page.text().await.unwrap();
    let option: i64 = regex::Regex::new(r#"name="option" value="(\d+)""#)
        .unwrap()
        .captures(&page)
        .map(|c| c[1].parse().unwrap())
        .unwrap();
    (path, slips, option)
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_guess_limit_holds_the_guesser_not_the_proxy() {
    let node = spawn_node_with("consult12", |c| {
        c.trusted_proxies = palabre::config::TrustedProxies(vec!["127.0.0.1".parse().unwrap()]);
    })
    .await;
    let (path, slips, option) = code_consultation(&node, 2).await;
    guess_ten_times(&node, &path, option, &["203.0.113.7"]).await;
    let guesser = [("x-forwarded-for", "203.0.113.7")];
    let (status, _) = vote_via(&node, &path, "fr", &slips[0], &[option], &guesser).await;
    assert_eq!(status, 429, "the guesser's own address waits");
    // Another citizen through the same proxy votes.
    let citizen = [("x-forwarded-for", "198.51.100.2")];
    let (status, html) = vote_via(&node, &path, "fr", &slips[1], &[option], &citizen).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(node.count("votes").await, 1);
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_limit() {
    let node = spawn_node("consult13").await;
    let (path, slips, option) = code_consultation(&node, 1).await;
    // Each guess claims another address; the node sees only the peer.
    let claimed = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"];
    guess_ten_times(&node, &path, option, &claimed).await;
    let fresh = [("x-forwarded-for", "9.9.9.9")];
    let (status, _) = vote_via(&node, &path, "fr", &slips[0], &[option], &fresh).await;
    assert_eq!(status, 429);
    assert_eq!(node.count("votes").await, 0);
}

#[tokio::test]
async fn options_are_fixed_after_the_first_vote_and_only_description_and_closing_change() {
    let node = spawn_node("consult7").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let first = consultation(&["Oui", "Non"], false, Duration::hours(2));
    let (_, c) = create(&node, "rufisque", &token, &first).await;
    let key = c["key"].as_str().unwrap().to_string();
    let url = node.url(&format!("/api/v1/communes/rufisque/consultations/{key}"));
    let put = |body: Value| node.client.put(&url).bearer_auth(&token).json(&body).send();
    // Before any vote, the options can change.
    let mut changed = consultation(&["Oui", "Non", "Sans avis"], false, Duration::hours(2));
    let res = put(changed.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["options"].as_array().map(Vec::len), Some(3));

    let peer = spawn_peer("voters7").await;
    let v = vote(
        &peer,
        "awa",
        c["id"].as_str().unwrap(),
        &node.actor_id("rufisque"),
        "Sans avis",
        1,
    );
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &v)
            .await,
        202
    );
    // After it: options fixed, the closing only later, the description free.
    let res = put(consultation(&["Oui", "Non"], false, Duration::hours(2)))
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "options");
    let mut earlier = changed.clone();
    earlier["closes_at"] = json!((Utc::now() + Duration::minutes(30)).to_rfc3339());
    let res = put(earlier).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["field"], "closes_at");
    changed["description"] = json!("Réunion publique le 12 à la mairie.");
    changed["closes_at"] = json!((Utc::now() + Duration::hours(5)).to_rfc3339());
    let res = put(changed).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body["description"].as_str().unwrap().contains("Réunion"));
    let r = results(&node, "rufisque", &key).await;
    assert_eq!(
        r["options"][2]["votes"]["total"], 1,
        "the vote survives the edit: {r}"
    );
    // The Question now says it was edited.
    let q = node.get_ap(c["id"].as_str().unwrap()).await;
    assert!(q["updated"].is_string(), "{q}");
}

#[tokio::test]
async fn results_kept_for_the_closing_leak_nowhere_while_open() {
    let node = spawn_node_with("consult8", |c| c.tally_interval_secs = 1).await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let mut body = consultation(&["Oui", "Non"], false, Duration::hours(2));
    body["results"] = json!("after_closing");
    let (status, c) = create(&node, "rufisque", &token, &body).await;
    assert_eq!(status, 201, "{c}");
    let (id, key) = (c["id"].as_str().unwrap(), c["key"].as_str().unwrap());
    let peer = spawn_peer("voters8").await;
    let v = vote(&peer, "awa", id, &node.actor_id("rufisque"), "Oui", 1);
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &v)
            .await,
        202
    );
    // The Question carries no counts (GoToSocial then hides them; Mastodon shows none voted).
    let q = node.get_ap(id).await;
    assert!(q["oneOf"][0].get("replies").is_none(), "{q}");
    assert!(q.get("votersCount").is_none(), "{q}");
    let url = node.url(&format!(
        "/api/v1/communes/rufisque/consultations/{key}/results"
    ));
    assert_eq!(node.client.get(&url).send().await.unwrap().status(), 403);
    let csv = format!("{url}.csv");
    assert_eq!(node.client.get(&csv).send().await.unwrap().status(), 403);
    // No tally goes out while the counts are kept (the clock steps every 5 s).
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    assert!(
        !peer.received().iter().any(|x| x.body["type"] == "Update"),
        "a tally Update went out for hidden results"
    );
    // The commune's own token sees them.
    let own: Value = node
        .client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["votersCount"], 1);
    // The public page says when they come, and shows no table.
    let page = node
        .client
        .get(id)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("publiés à la clôture") && !page.contains("<svg"),
        "{page}"
    );
}

#[tokio::test]
async fn a_scheduled_consultation_opens_on_time_and_refuses_votes_before() {
    let node = spawn_node("consult9").await;
    let commune = node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer("voters9").await;
    // A follower, to see the Create{Question} when it opens.
    let follow = json!({
        "id": format!("{}/follows/1", peer.actor("fatou")), "type": "Follow",
        "actor": peer.actor("fatou"), "object": node.actor_id("rufisque"),
    });
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "fatou", &follow)
            .await,
        202
    );
    let mut body = consultation(&["Oui", "Non"], false, Duration::hours(2));
    body["opens_at"] = json!((Utc::now() + Duration::seconds(2)).to_rfc3339());
    let (status, c) = create(&node, "rufisque", &token, &body).await;
    assert_eq!(status, 201, "{c}");
    assert_eq!(c["phase"], "scheduled");
    let id = c["id"].as_str().unwrap().to_string();
    // Not published yet: no Question, no vote.
    let early = node
        .client
        .get(&id)
        .header("accept", JSON_AP)
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 404);
    let v = vote(&peer, "awa", &id, &node.actor_id("rufisque"), "Oui", 1);
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &v)
            .await,
        422
    );
    // The clock publishes it.
    peer.wait_for(20, "the Create{Question}", |r| {
        r.iter()
            .any(|x| x.body["type"] == "Create" && x.body["object"]["id"] == id.as_str())
    })
    .await;
    let v = vote(&peer, "awa", &id, &node.actor_id("rufisque"), "Oui", 2);
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &v)
            .await,
        202
    );

    // An instance the commune blocked cannot vote, even at the shared inbox.
    palabre::service::remote::block_for(&node.app, commune.id, "voters9.localhost", None, None)
        .await
        .unwrap();
    let blocked = vote(&peer, "moussa", &id, &node.actor_id("rufisque"), "Non", 1);
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &blocked).await,
        403
    );
    let r = results(&node, "rufisque", c["key"].as_str().unwrap()).await;
    assert_eq!(r["votersCount"], 1, "{r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_code_sent_ten_times_at_once_counts_once() {
    let node = spawn_node("consult10").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let (_, c) = create(
        &node,
        "rufisque",
        &token,
        &consultation(&["Oui", "Non"], true, Duration::hours(2)),
    )
    .await;
    let key = c["key"].as_str().unwrap().to_string();
    let path = format!("/communes/rufisque/consultations/{key}");
    let slips = codes(&node, "rufisque", &token, &key, 1).await;
    let page = node
        .client
        .get(node.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let ids: Vec<i64> = regex::Regex::new(r#"name="option" value="(\d+)""#)
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].parse().unwrap())
        .collect();
    let statuses: Vec<u16> =
        futures::future::join_all((0..10).map(|_| vote_with(&node, &path, "fr", &slips[0], &ids)))
            .await
            .into_iter()
            .map(|(s, _)| s)
            .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        9,
        "{statuses:?}"
    );
    let r = results(&node, "rufisque", &key).await;
    assert_eq!(r["votes"]["codes"], 2, "both options once: {r}");
    assert_eq!(r["voters"]["codes"], 1);
}
