//! Citizens' requests: a Mastodon post mentioning the commune becomes a request with a public
//! reference and a legal due date, listed in the public register (JSON, CSV) without who
//! asked, moved through its lifecycle and answered by API, the answer reaching the citizen.

mod support;

use serde_json::{json, Value};
use support::*;

/// A post that mentions the commune, as Mastodon's `NoteSerializer` writes it.
fn mention(peer: &TestPeer, user: &str, commune: &str, text: &str, n: u32) -> Value {
    let actor = peer.actor(user);
    let id = format!("{actor}/statuses/{n}");
    let html = format!(
        r#"<p><span class="h-card"><a href="{commune}" class="u-url mention">@<span>rufisque</span></a></span> {text}</p>"#
    );
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}/activity"), "type": "Create", "actor": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [format!("{actor}/followers"), commune],
        "object": {
            "id": id, "type": "Note", "inReplyTo": null, "attributedTo": actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [format!("{actor}/followers"), commune],
            "content": html, "published": "2026-12-04T09:00:00Z",
            "tag": [{"type": "Mention", "href": commune, "name": "@rufisque"}],
        },
    })
}

async fn register(node: &TestNode, slug: &str, query: &str) -> Value {
    node.client
        .get(node.url(&format!("/api/v1/communes/{slug}/requests{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn act(
    node: &TestNode,
    slug: &str,
    token: &str,
    reference: &str,
    action: &str,
    body: Value,
) -> (u16, Value) {
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/{slug}/requests/{reference}/{action}"
        )))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mention_becomes_a_request_answered_in_public_to_the_citizen() {
    let node = spawn_node("requests1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let commune = node.actor_id("rufisque");
    let peer = spawn_peer("citizens11").await;

    // Ten copies of one post at once: one request.
    let post = mention(
        &peer,
        "awa",
        &commune,
        "Quel est le budget du nouveau marché ?",
        1,
    );
    let sends = (0..10).map(|_| node.send_signed("/inbox", &peer, "awa", &post));
    for status in futures::future::join_all(sends).await {
        assert_eq!(status, 202);
    }
    assert_eq!(node.count("requests").await, 1);
    let listed = register(&node, "rufisque", "").await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let r = &items[0];
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(r["reference"], format!("{year}-0001"));
    assert_eq!(r["subject"], "Quel est le budget du nouveau marché ?");
    assert_eq!(r["status"], "received");
    assert_eq!(r["kind"], "information");
    let received =
        chrono::NaiveDate::parse_from_str(r["received_at"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let due =
        chrono::NaiveDate::parse_from_str(r["due_date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    // Eight jours francs, perhaps moved off a weekend or holiday.
    assert!(
        (8..=12).contains(&(due - received).num_days()),
        "{received} → {due}"
    );
    // Who asked never appears publicly.
    let text = listed.to_string();
    assert!(
        !text.contains("awa") && !text.contains(&peer.host),
        "{text}"
    );

    // Bad steps: HTML in the answer, a transfer to nobody, another commune's token.
    let reference = r["reference"].as_str().unwrap().to_string();
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "answer",
        json!({"text": "<script>x()</script>"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("text")));
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "transfer",
        json!({"to": " "}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("to")));
    node.add_commune("bargny").await;
    let other = node.token("bargny").await;
    let (status, _) = act(
        &node,
        "rufisque",
        &other,
        &reference,
        "answer",
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = act(
        &node,
        "bargny",
        &other,
        &reference,
        "answer",
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(status, 404, "a request on another commune's path");

    // The answer: 201, public on the register, and a reply that mentions the citizen.
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "answer",
        json!({"text": "Le budget est de 120 millions de F CFA."}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "answered");
    assert_eq!(body["days_taken"], 0);
    let got = peer
        .wait_for(10, "the answer", |r| {
            r.iter().any(|m| m.body["type"] == "Create")
        })
        .await;
    let note = &got
        .iter()
        .find(|m| m.body["type"] == "Create")
        .unwrap()
        .body["object"];
    assert_eq!(note["inReplyTo"], post["object"]["id"]);
    assert_eq!(note["tag"][0]["href"], peer.actor("awa"));
    assert!(note["content"].as_str().unwrap().contains("120 millions"));
    assert_eq!(
        register(&node, "rufisque", "?status=answered").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        register(&node, "rufisque", "?status=received").await["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // Closed: a second answer is refused.
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "answer",
        json!({"text": "Encore"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("status")));
    // The CSV register.
    let csv = node
        .client
        .get(node.url("/api/v1/communes/rufisque/requests.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv
        .starts_with("reference,received_at,subject,kind,status,due_date,answered_at,days_taken"));
    assert!(
        csv.contains(&format!("\"{reference}\""))
            && csv.contains(",answered,")
            && csv.ends_with(",0\r\n"),
        "{csv}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn extensions_follow_the_law_and_blocked_senders_file_nothing() {
    let node = spawn_node("requests2").await;
    let c = node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let commune = node.actor_id("rufisque");
    let peer = spawn_peer("citizens12").await;
    let post = mention(&peer, "awa", &commune, "Où en est le plan d'action ?", 1);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &post).await, 202);
    let r = &register(&node, "rufisque", "").await["items"][0];
    let reference = r["reference"].as_str().unwrap().to_string();
    let first_due = r["due_date"].as_str().unwrap().to_string();

    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "extend",
        json!({"reason": ""}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("reason")));
    // Past the legal maximum (15 days from receipt in Senegal).
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "extend",
        json!({"reason": "Archives à rassembler", "until": "2099-01-01"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("until")));
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "extend",
        json!({"reason": "Archives à rassembler"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "extended");
    assert!(
        body["due_date"].as_str().unwrap() > first_due.as_str(),
        "{body}"
    );
    // Once only.
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "extend",
        json!({"reason": "Encore"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("extension")));
    // Kind and refusal with a legal reason; an unknown reason is refused.
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "kind",
        json!({"kind": "complaint"}),
    )
    .await;
    assert_eq!((status, body["kind"].as_str()), (200, Some("complaint")));
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "refuse",
        json!({"reason": "because"}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("reason")));
    let (status, body) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "refuse",
        json!({"reason": "private_life"}),
    )
    .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("refused")));

    // A blocked instance's mention files nothing.
    palabre::service::remote::block_for(&node.app, c.id, &peer.host, None, None)
        .await
        .unwrap();
    let again = mention(&peer, "moussa", &commune, "Une autre question", 2);
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &again).await,
        403
    );
    assert_eq!(node.count("requests").await, 1);
    // A mention without text files nothing (422).
    let other_peer = spawn_peer("citizens13").await;
    let empty_other = mention(&other_peer, "fatou", &commune, "", 3);
    assert_eq!(
        node.send_signed("/inbox", &other_peer, "fatou", &empty_other)
            .await,
        422
    );
    assert_eq!(node.count("requests").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_visitor_files_a_request_with_the_form_and_staff_answer_it() {
    use palabre::domain::staff::Role;
    let node = spawn_node("requests3").await;
    let c = node.add_commune("rufisque").await;
    let mut visitor = Browser::new(&node);
    let (status, form) = visitor.get("/communes/rufisque/requests/new").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("8 jours"),
        "the law's deadline is stated: {form}"
    );
    let csrf = csrf_of(&form);
    let post = "/communes/rufisque/requests";

    // Refused, nothing stored: a forged token, no subject, HTML, a 1 MB body.
    let (status, _, _) = visitor
        .post(post, &[("csrf", "forged"), ("subject", "Budget")])
        .await;
    assert_eq!(status, 403);
    let (status, page, _) = visitor
        .post(post, &[("csrf", &csrf), ("subject", " ")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("Indiquez l’objet de votre demande"), "{page}");
    let (status, page, _) = visitor
        .post(
            post,
            &[("csrf", &csrf), ("subject", "<script>alert(1)</script>")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        !page.contains("<script>alert(1)</script>"),
        "not echoed as markup"
    );
    let huge = "a".repeat(1024 * 1024);
    let (status, _, _) = visitor
        .post(
            post,
            &[("csrf", &csrf), ("subject", "Budget"), ("body", &huge)],
        )
        .await;
    assert_eq!(status, 413);
    assert_eq!(node.count("requests").await, 0);

    // Filed, with a name and a phone number that are never published.
    let (status, page, _) = visitor
        .post(
            post,
            &[
                ("csrf", &csrf),
                ("subject", "Budget d’entretien des écoles"),
                ("body", "Combien a été dépensé en 2025 ?"),
                ("name", "Mariama Diallo"),
                ("contact", "+221 77 000 00 00"),
            ],
        )
        .await;
    assert_eq!(status, 201, "{page}");
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        page.contains(&format!("Demande {year}-0001 enregistrée")),
        "{page}"
    );
    let link = regex::Regex::new(r#"href="(http[^"]+/requests/follow/[^"]+)""#)
        .unwrap()
        .captures(&page)
        .expect("a follow-up link")[1]
        .to_string();
    let (status, private) = visitor.get(url::Url::parse(&link).unwrap().path()).await;
    assert_eq!(status, 200);
    assert!(private.contains("Combien a été dépensé en 2025 ?") && private.contains("Reçue"));
    let (status, _) = visitor
        .get("/communes/rufisque/requests/follow/not-a-token")
        .await;
    assert_eq!(status, 404);
    for path in [
        "/communes/rufisque/requests".to_string(),
        format!("/communes/rufisque/requests/{year}-0001"),
        "/api/v1/communes/rufisque/requests".to_string(),
        "/api/v1/communes/rufisque/requests.csv".to_string(),
    ] {
        let (status, text) = visitor.get(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(text.contains("Budget d’entretien des écoles"), "{path}");
        assert!(
            !text.contains("Mariama") && !text.contains("+221") && !text.contains("Combien a été"),
            "{path}: {text}"
        );
    }

    // A second request made overdue: staff see it first, marked late.
    let (_, form) = visitor.get("/communes/rufisque/requests/new").await;
    let csrf = csrf_of(&form);
    let (status, _, _) = visitor
        .post(post, &[("csrf", &csrf), ("subject", "Plan de voirie")])
        .await;
    assert_eq!(status, 201);
    let late = format!("{year}-0002");
    let l2 = late.clone();
    node.app
        .store
        .run(move |conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query(format!(
                "UPDATE requests SET due_on = '2020-01-06' WHERE reference = '{l2}'"
            ))
            .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let password = "secretaire horse battery staple";
    palabre::service::staff::create(&node.app, c.id, "secretaire", password, Role::Editor)
        .await
        .unwrap();
    let mut editor = Browser::new(&node);
    assert_eq!(
        editor.login("rufisque", "secretaire", password).await.0,
        303
    );
    let (_, dash) = editor.get("/communes/rufisque/admin").await;
    assert!(
        dash.contains("2 demandes en cours") && dash.contains("dont 1 en retard"),
        "{dash}"
    );
    let (_, list) = editor.get("/communes/rufisque/admin/requests").await;
    let (first, second) = (
        list.find(&late).unwrap(),
        list.find(&format!("{year}-0001")).unwrap(),
    );
    assert!(first < second, "the overdue request first");
    assert!(list.contains("en retard"));

    // The editor sees who asked, and answers; the register shows it answered, with the days.
    let (_, detail) = editor
        .get(&format!("/communes/rufisque/admin/requests/{year}-0001"))
        .await;
    assert!(detail.contains("Mariama Diallo") && detail.contains("+221 77 000 00 00"));
    assert!(
        detail.contains("transmettre la demande avant le"),
        "Senegal's 5 days: {detail}"
    );
    let csrf = csrf_of(&detail);
    let answer = format!("/communes/rufisque/admin/requests/{year}-0001/answer");
    let (status, page, _) = editor
        .post(&answer, &[("csrf", &csrf), ("text", "<b>x</b>")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("sans HTML"), "{page}");
    let (status, _, _) = editor
        .post(
            &answer,
            &[
                ("csrf", &csrf),
                (
                    "text",
                    "12 400 000 F CFA, détail en annexe du compte administratif.",
                ),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (status, page, _) = editor
        .post(&answer, &[("csrf", &csrf), ("text", "Encore")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("déjà close"), "{page}");
    let (_, register) = visitor
        .get("/communes/rufisque/requests?status=answered")
        .await;
    assert!(
        register.contains(&format!("{year}-0001")) && !register.contains(&late),
        "{register}"
    );
    let (_, public) = visitor
        .get(&format!("/communes/rufisque/requests/{year}-0001"))
        .await;
    assert!(
        public.contains("12 400 000 F CFA") && public.contains("le jour même"),
        "{public}"
    );
    // Transfer without a recipient, on the overdue one.
    let transfer = format!("/communes/rufisque/admin/requests/{late}/transfer");
    let (status, page, _) = editor.post(&transfer, &[("csrf", &csrf), ("to", "")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Indiquez à qui"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_form_is_limited_per_address() {
    let node = spawn_node("requests4").await;
    node.add_commune("rufisque").await;
    let mut visitor = Browser::new(&node);
    let (_, form) = visitor.get("/communes/rufisque/requests/new").await;
    let csrf = csrf_of(&form);
    for i in 0..5 {
        let (status, _, _) = visitor
            .post(
                "/communes/rufisque/requests",
                &[("csrf", &csrf), ("subject", &format!("Question {i}"))],
            )
            .await;
        assert_eq!(status, 201);
    }
    let res = visitor
        .client
        .post(format!("{}/communes/rufisque/requests", node.base))
        .header("cookie", visitor.cookie_header())
        .form(&[("csrf", csrf.as_str()), ("subject", "Une de trop")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "3600");
    assert_eq!(node.count("requests").await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_niger_silence_past_the_deadline_is_a_refusal() {
    let node = spawn_node("requests5").await;
    let profile = palabre::domain::commune::CommuneProfile::parse(
        &palabre::domain::commune::CommuneProfileInput {
            name: Some("Niamey III".into()),
            country: Some("NE".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    palabre::service::communes::create(
        &node.app,
        palabre::domain::slug::Slug::parse("niamey3").unwrap(),
        profile,
    )
    .await
    .unwrap();
    let mut visitor = Browser::new(&node);
    let (_, form) = visitor.get("/communes/niamey3/requests/new").await;
    assert!(form.contains("7 jours"), "Niger's deadline: {form}");
    let csrf = csrf_of(&form);
    let (status, _, _) = visitor
        .post(
            "/communes/niamey3/requests",
            &[("csrf", &csrf), ("subject", "Marché de Katako")],
        )
        .await;
    assert_eq!(status, 201);
    let listed = |node: &TestNode| {
        let url = node.url("/api/v1/communes/niamey3/requests");
        let client = node.client.clone();
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(listed(&node).await["items"][0]["refused_by_silence"], false);
    node.app
        .store
        .run(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE requests SET due_on = '2020-01-06'").execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(listed(&node).await["items"][0]["refused_by_silence"], true);
    let (_, register) = visitor.get("/communes/niamey3/requests").await;
    assert!(
        register.contains("Refusée (silence de la commune"),
        "{register}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_sent_privately_is_answered_privately() {
    let node = spawn_node("requests6").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let commune = node.actor_id("rufisque");
    let peer = spawn_peer("citizens16").await;
    // A direct message: addressed to the commune only.
    let mut post = mention(
        &peer,
        "awa",
        &commune,
        "Mon dossier de permis de construire ?",
        1,
    );
    for doc in ["to", "cc"] {
        post[doc] = json!([commune]);
        post["object"][doc] = json!([commune]);
    }
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &post).await, 202);
    let reference = register(&node, "rufisque", "").await["items"][0]["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = act(
        &node,
        "rufisque",
        &token,
        &reference,
        "answer",
        json!({"text": "Il est à l'instruction."}),
    )
    .await;
    assert_eq!(status, 201);
    let got = peer
        .wait_for(10, "the private answer", |r| {
            r.iter().any(|m| m.body["type"] == "Create")
        })
        .await;
    let create = &got
        .iter()
        .find(|m| m.body["type"] == "Create")
        .unwrap()
        .body;
    assert_eq!(create["object"]["to"], json!([peer.actor("awa")]));
    assert_eq!(create["object"]["cc"], json!([]));
    assert!(!create.to_string().contains("#Public"), "{create}");
    // Not in the outbox; the answer itself is on the public register all the same.
    let outbox = node
        .get_ap(&node.url("/communes/rufisque/outbox?page=1"))
        .await;
    assert!(!outbox.to_string().contains("instruction"), "{outbox}");
    assert_eq!(
        register(&node, "rufisque", "").await["items"][0]["answer"],
        "Il est à l'instruction."
    );
}
