//! Comments: replies from the fediverse to a commune's objects, signed by a peer exactly as
//! Mastodon signs, in the shapes Mastodon, Lemmy and Fedify send. Kept once, shown on the
//! object's page and in its `replies` collection, edited and deleted by their author only.

mod support;

use serde_json::{json, Value};
use support::*;

/// A reply as Mastodon's `NoteSerializer` writes it: `n` makes the ids unique.
fn mastodon_reply(
    peer: &TestPeer,
    user: &str,
    parent: &str,
    commune: &str,
    html: &str,
    n: u32,
) -> Value {
    let actor = peer.actor(user);
    let id = format!("{actor}/statuses/{n}");
    json!({
        "@context": ["https://www.w3.org/ns/activitystreams", {"sensitive": "as:sensitive"}],
        "id": format!("{id}/activity"),
        "type": "Create",
        "actor": actor,
        "published": "2026-12-04T09:30:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [format!("{actor}/followers"), commune],
        "object": {
            "id": id,
            "type": "Note",
            "summary": null,
            "inReplyTo": parent,
            "published": "2026-12-04T09:30:00Z",
            "url": format!("{}/@{user}/{n}", origin(peer)),
            "attributedTo": actor,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": [format!("{actor}/followers"), commune],
            "sensitive": false,
            "content": html,
            "contentMap": {"fr": html},
            "tag": [{"type": "Mention", "href": commune, "name": "@rufisque"}],
            "replies": {"id": format!("{id}/replies"), "type": "Collection"},
        },
    })
}

fn origin(peer: &TestPeer) -> String {
    peer.actor("").trim_end_matches("/users/").to_string()
}

async fn page(node: &TestNode, path: &str) -> String {
    let res = node.client.get(node.url(path)).send().await.expect("get");
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.expect("text")
}

/// Every comment id listed by an object's `replies` collection, following `first` and `next`.
async fn replies(node: &TestNode, object: &str) -> (i64, Vec<String>) {
    let collection = node.get_ap(&format!("{object}/replies")).await;
    assert_eq!(collection["type"], "OrderedCollection", "{collection}");
    let total = collection["totalItems"].as_i64().expect("totalItems");
    let mut ids = Vec::new();
    let mut next = collection["first"].as_str().map(str::to_string);
    while let Some(url) = next {
        let p = node.get_ap(&url).await;
        assert_eq!(p["type"], "OrderedCollectionPage", "{p}");
        for item in p["orderedItems"].as_array().expect("items") {
            ids.push(item.as_str().expect("an id").to_string());
        }
        next = p["next"].as_str().map(str::to_string);
    }
    (total, ids)
}

async fn decision(node: &TestNode, slug: &str) -> String {
    let token = node.token(slug).await;
    let d = node.publish(slug, &token, &sample_decision()).await;
    d["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reply_is_kept_once_shown_and_listed_and_its_thread_stays_together() {
    let node = spawn_node("comments1").await;
    node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let path = url::Url::parse(&object).unwrap().path().to_string();
    let commune = node.actor_id("rufisque");
    let peer = spawn_peer("citizens1").await;

    // An empty page first says how to comment.
    assert!(page(&node, &path).await.contains("Aucun commentaire"));
    assert_eq!(replies(&node, &object).await, (0, vec![]));

    // Ten copies of one reply, sent at once: one comment.
    let html = r#"<p><span class="h-card"><a href="x" class="u-url mention">@rufisque</a></span> Merci pour <strong>ce budget</strong><script>alert(1)</script><img src=x onerror=alert(2)></p>"#;
    let reply = mastodon_reply(&peer, "awa", &object, &commune, html, 1);
    let sends = (0..10).map(|_| node.send_signed("/inbox", &peer, "awa", &reply));
    for status in futures::future::join_all(sends).await {
        assert_eq!(status, 202);
    }
    assert_eq!(node.count("comments").await, 1);
    let shown = page(&node, &path).await;
    assert!(shown.contains("<strong>ce budget</strong>"), "{shown}");
    assert!(!shown.contains("alert("), "scripts and handlers removed");
    assert!(!shown.contains("<img"), "images removed");
    assert!(shown.contains("1 commentaire"));
    assert!(
        shown.contains(&format!("@awa@{}", peer.host)),
        "author's handle"
    );
    assert!(shown.contains(&peer.actor("awa")), "a link to the author");
    // 09:30 UTC is 09:30 in Dakar.
    assert!(
        shown.contains("09:30"),
        "date in the commune's zone: {shown}"
    );

    // A reply to that reply, from another user, joins the same thread.
    let first_id = reply["object"]["id"].as_str().unwrap().to_string();
    let answer = mastodon_reply(
        &peer,
        "moussa",
        &first_id,
        &commune,
        "<p>Je suis d’accord.</p>",
        2,
    );
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &answer).await,
        202
    );
    let second_id = answer["object"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        replies(&node, &object).await,
        (2, vec![first_id.clone(), second_id.clone()])
    );
    assert!(page(&node, &path).await.contains("Je suis d’accord."));

    // Its author edits it; an edit by someone else changes nothing.
    let mut edit = mastodon_reply(&peer, "awa", &object, &commune, "<p>Merci, corrigé.</p>", 1);
    edit["type"] = json!("Update");
    edit["id"] = json!(format!("{first_id}#updates/1"));
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &edit).await, 202);
    let mut forged = edit.clone();
    forged["id"] = json!(format!("{}#updates/9", peer.actor("moussa")));
    forged["actor"] = json!(peer.actor("moussa"));
    forged["object"]["content"] = json!("<p>Texte falsifié</p>");
    // attributedTo still names awa: refused as such.
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &forged).await,
        400
    );
    let shown = page(&node, &path).await;
    assert!(shown.contains("Merci, corrigé."), "{shown}");
    assert!(!shown.contains("ce budget"));
    assert!(!shown.contains("falsifié"));
    assert!(shown.contains("modifié"));

    // Someone else's Delete does nothing; the author's removes it everywhere.
    let delete = |user: &str, n: u32| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}#delete/{n}", peer.actor(user)),
            "type": "Delete",
            "actor": peer.actor(user),
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {"id": first_id, "type": "Tombstone"},
        })
    };
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &delete("moussa", 1))
            .await,
        202
    );
    assert_eq!(replies(&node, &object).await.0, 2);
    assert_eq!(
        node.send_signed("/inbox", &peer, "awa", &delete("awa", 2))
            .await,
        202
    );
    assert_eq!(replies(&node, &object).await, (1, vec![second_id]));
    let shown = page(&node, &path).await;
    assert!(!shown.contains("Merci, corrigé."));
    assert!(shown.contains("Je suis d’accord."));

    // The Article points at its replies.
    let article = node.get_ap(&object).await;
    assert_eq!(article["replies"], format!("{object}/replies"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lemmy_and_fedify_replies_are_comments_and_a_vote_stays_a_vote() {
    let node = spawn_node("comments2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let res = node
        .client
        .post(node.url("/api/v1/communes/rufisque/consultations"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Marché", "question": "Où ?", "description": "",
            "options": ["Nord", "Sud"], "multiple": false,
            "closes_at": (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let question = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let commune = node.actor_id("rufisque");
    let peer = spawn_peer("citizens2").await;

    // Lemmy: actor and attributedTo embedded, content with its Markdown source, the page
    // link as a list of Links.
    let lemmy = json!({
        "@context": ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"],
        "id": format!("{}/activities/create/1", origin(&peer)),
        "type": "Create",
        "actor": {"id": peer.actor("fatou"), "type": "Person"},
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [commune],
        "object": {
            "id": format!("{}/comment/7", origin(&peer)),
            "type": "Note",
            "attributedTo": {"id": peer.actor("fatou"), "type": "Person"},
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "inReplyTo": question,
            "content": "<p>Le <em>Nord</em> est plus accessible.</p>",
            "mediaType": "text/html",
            "source": {"content": "Le *Nord* est plus accessible.", "mediaType": "text/markdown"},
            "url": [{"type": "Link", "href": format!("{}/comment/7", origin(&peer))}],
            "published": "2026-12-04T08:00:00+00:00",
        },
    });
    assert_eq!(
        node.send_signed("/inbox", &peer, "fatou", &lemmy).await,
        202
    );
    // Fedify: a `contentMap` only, `to` as a single string, a personal inbox.
    let fedify = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/notes/9#create", peer.actor("ibou")),
        "type": "Create",
        "actor": peer.actor("ibou"),
        "to": "https://www.w3.org/ns/activitystreams#Public",
        "object": {
            "id": format!("{}/notes/9", peer.actor("ibou")),
            "type": "Note",
            "attributedTo": peer.actor("ibou"),
            "to": "https://www.w3.org/ns/activitystreams#Public",
            "inReplyTo": question,
            "contentMap": {"pt": "<p>Prefiro o Sul.</p>"},
        },
    });
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "ibou", &fedify)
            .await,
        202
    );
    // A Mastodon vote on the same question is counted, not kept as a comment.
    let vote = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}#votes/1/activity", peer.actor("awa")),
        "type": "Create",
        "actor": peer.actor("awa"),
        "to": commune,
        "object": {
            "id": format!("{}#votes/1", peer.actor("awa")),
            "type": "Note", "name": "Nord",
            "attributedTo": peer.actor("awa"), "to": commune, "inReplyTo": question,
        },
    });
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &vote)
            .await,
        202
    );
    assert_eq!(node.count("votes").await, 1);
    let (total, ids) = replies(&node, &question).await;
    assert_eq!(total, 2, "{ids:?}");
    let path = url::Url::parse(&question).unwrap().path().to_string();
    let shown = page(&node, &path).await;
    assert!(
        shown.contains("Le <em>Nord</em> est plus accessible."),
        "{shown}"
    );
    assert!(shown.contains("Prefiro o Sul."));
    assert!(shown.contains("2 commentaires"));
    let q = node.get_ap(&question).await;
    assert_eq!(q["replies"], format!("{question}/replies"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replies_we_cannot_keep_are_refused_and_nothing_is_stored() {
    let node = spawn_node("comments3").await;
    let commune = node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("citizens3").await;

    // No text once sanitized: 422.
    let empty = mastodon_reply(
        &peer,
        "awa",
        &object,
        &actor,
        "<p><script>x()</script></p>",
        1,
    );
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &empty).await, 422);
    // Too long: 422.
    let long = format!("<p>{}</p>", "a".repeat(20_001));
    let long = mastodon_reply(&peer, "awa", &object, &actor, &long, 2);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &long).await, 422);
    // A reply to a decision that does not exist, or to another server's post: not ours.
    let unknown = format!("{}/communes/rufisque/decisions/nope", node.base);
    let stray = mastodon_reply(&peer, "awa", &unknown, &actor, "<p>Bonjour</p>", 3);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &stray).await, 202);
    let elsewhere = mastodon_reply(
        &peer,
        "awa",
        "https://other.example/notes/1",
        &actor,
        "<p>Bonjour</p>",
        4,
    );
    assert_eq!(
        node.send_signed("/inbox", &peer, "awa", &elsewhere).await,
        202
    );
    // An object on another host than its actor: 400.
    let mut foreign = mastodon_reply(&peer, "awa", &object, &actor, "<p>Bonjour</p>", 5);
    foreign["object"]["id"] = json!("https://elsewhere.example/statuses/5");
    assert_eq!(
        node.send_signed("/inbox", &peer, "awa", &foreign).await,
        400
    );
    // An instance the commune blocked cannot comment, even at the shared inbox, nor reply in
    // one of its threads.
    palabre::service::remote::block_for(&node.app, commune.id, &peer.host, None, None)
        .await
        .expect("block");
    let blocked = mastodon_reply(&peer, "awa", &object, &actor, "<p>Bonjour</p>", 6);
    assert_eq!(
        node.send_signed("/inbox", &peer, "awa", &blocked).await,
        403
    );
    assert_eq!(node.count("comments").await, 0);
    // The collection of something that is not an object is 404.
    let res = node
        .client
        .get(format!("{unknown}/replies"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

async fn staff(
    node: &TestNode,
    commune_id: i32,
    user: &str,
    role: palabre::domain::staff::Role,
) -> Browser {
    let password = format!("{user} horse battery staple");
    palabre::service::staff::create(&node.app, commune_id, user, &password, role)
        .await
        .expect("staff");
    let mut b = Browser::new(node);
    let (status, _, _) = b.login("rufisque", user, &password).await;
    assert_eq!(status, 303, "signed in");
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn staff_answer_as_the_commune_and_moderators_hide_and_restore_with_a_log() {
    use palabre::domain::staff::Role;
    let node = spawn_node("comments4").await;
    let commune = node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let path = url::Url::parse(&object).unwrap().path().to_string();
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("citizens4").await;
    let reply = mastodon_reply(
        &peer,
        "awa",
        &object,
        &actor,
        "<p>Quand commencent les travaux ?</p>",
        1,
    );
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &reply).await, 202);
    let comment_ap_id = reply["object"]["id"].as_str().unwrap().to_string();
    let comment_id = palabre::service::comments::unanswered(&node.app, commune.id, 10)
        .await
        .unwrap()[0]
        .id;

    // The editor sees it waiting on the dashboard and on the comments page.
    let mut editor = staff(&node, commune.id, "secretaire", Role::Editor).await;
    let (_, dash) = editor.get("/communes/rufisque/admin").await;
    assert!(
        dash.contains("1 commentaire en attente de réponse"),
        "{dash}"
    );
    assert!(dash.contains("Quand commencent les travaux ?"));
    let (status, desk) = editor.get("/communes/rufisque/admin/comments").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&desk);
    let answer_path = format!("/communes/rufisque/admin/comments/{comment_id}/answer");

    // An empty answer is refused on the page, nothing sent.
    let (status, page_text, _) = editor
        .post(&answer_path, &[("csrf", &csrf), ("text", "  ")])
        .await;
    assert_eq!(status, 422);
    assert!(page_text.contains("Écrivez une réponse"), "{page_text}");
    // A forged token is refused.
    let (status, _, _) = editor
        .post(&answer_path, &[("csrf", "forged"), ("text", "Bonjour")])
        .await;
    assert_eq!(status, 403);
    assert_eq!(node.count("comments").await, 1);

    let (status, _, location) = editor
        .post(
            &answer_path,
            &[
                ("csrf", &csrf),
                ("text", "Bonjour Awa,\nen janvier. <script>x()</script>"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/communes/rufisque/admin/comments")
    );
    // It reaches the citizen's inbox as a reply that mentions them.
    let got = peer
        .wait_for(10, "the answer", |r| {
            r.iter().any(|m| m.body["type"] == "Create")
        })
        .await;
    let create = got.iter().find(|m| m.body["type"] == "Create").unwrap();
    let note = &create.body["object"];
    assert_eq!(note["type"], "Note");
    assert_eq!(note["inReplyTo"], comment_ap_id.as_str());
    assert_eq!(note["attributedTo"], actor.as_str());
    assert_eq!(note["tag"][0]["type"], "Mention");
    assert_eq!(note["tag"][0]["href"], peer.actor("awa"));
    assert!(note["cc"]
        .as_array()
        .unwrap()
        .contains(&json!(peer.actor("awa"))));
    assert!(note["to"]
        .as_array()
        .unwrap()
        .contains(&json!("https://www.w3.org/ns/activitystreams#Public")));
    let content = note["content"].as_str().unwrap();
    assert!(content.contains("class=\"u-url mention\""), "{content}");
    assert!(
        content.contains("&lt;script&gt;"),
        "staff text escaped: {content}"
    );
    assert!(!content.contains("<script>"));
    // The note dereferences as sent; a browser is sent to the thread.
    let note_id = note["id"].as_str().unwrap();
    assert_eq!(node.get_ap(note_id).await["content"], note["content"]);
    let res = editor.client.get(note_id).send().await.unwrap();
    assert_eq!(res.status(), 303);
    // Answered: no longer waiting; the thread shows the commune's answer.
    let (_, dash) = editor.get("/communes/rufisque/admin").await;
    assert!(
        dash.contains("Aucun commentaire en attente de réponse"),
        "{dash}"
    );
    let shown = page(&node, &path).await;
    assert!(shown.contains("réponse de la commune"), "{shown}");
    assert!(shown.contains("en janvier."));
    assert_eq!(
        replies(&node, &object).await,
        (2, vec![comment_ap_id.clone(), note_id.to_string()])
    );

    // An editor does not moderate; a moderator does not answer.
    let hide_path = format!("/communes/rufisque/admin/comments/{comment_id}/hide");
    let (status, _, _) = editor
        .post(&hide_path, &[("csrf", &csrf), ("reason", "x")])
        .await;
    assert_eq!(status, 403);
    let mut moderator = staff(&node, commune.id, "moderatrice", Role::Moderator).await;
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    let csrf = csrf_of(&desk);
    let (status, _, _) = moderator
        .post(&answer_path, &[("csrf", &csrf), ("text", "Bonjour")])
        .await;
    assert_eq!(status, 403);

    // Hiding needs a reason; then the comment leaves the page and the collection.
    let (status, page_text, _) = moderator
        .post(&hide_path, &[("csrf", &csrf), ("reason", "")])
        .await;
    assert_eq!(status, 422);
    assert!(page_text.contains("Indiquez un motif"), "{page_text}");
    let (status, _, _) = moderator
        .post(
            &hide_path,
            &[("csrf", &csrf), ("reason", "Propos hors sujet")],
        )
        .await;
    assert_eq!(status, 303);
    assert!(!page(&node, &path)
        .await
        .contains("Quand commencent les travaux ?"));
    assert_eq!(
        replies(&node, &object).await,
        (1, vec![note_id.to_string()])
    );
    // Hiding twice is a conflict, not a second line in the log.
    let (status, _, _) = moderator
        .post(&hide_path, &[("csrf", &csrf), ("reason", "encore")])
        .await;
    assert_eq!(status, 409);
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(
        desk.contains("Propos hors sujet")
            && desk.contains("moderatrice")
            && desk.contains("Masqué"),
        "{desk}"
    );
    assert!(!desk.contains("<td>encore</td>"));
    assert_eq!(node.count("moderation_log").await, 1);

    // Restored, it is back everywhere.
    let restore_path = format!("/communes/rufisque/admin/comments/{comment_id}/restore");
    let (status, _, _) = moderator
        .post(&restore_path, &[("csrf", &csrf), ("reason", "Erreur")])
        .await;
    assert_eq!(status, 303);
    assert!(page(&node, &path)
        .await
        .contains("Quand commencent les travaux ?"));
    assert_eq!(replies(&node, &object).await.0, 2);
    assert_eq!(node.count("moderation_log").await, 2);

    // Another commune's staff cannot touch it.
    let other = node.add_commune("bargny").await;
    let password = "bargny horse battery staple";
    palabre::service::staff::create(&node.app, other.id, "voisin", password, Role::Admin)
        .await
        .unwrap();
    let mut neighbour = Browser::new(&node);
    neighbour.login("bargny", "voisin", password).await;
    let (_, desk) = neighbour.get("/communes/bargny/admin/comments").await;
    let csrf = csrf_of(&desk);
    let (status, _, _) = neighbour
        .post(
            &format!("/communes/bargny/admin/comments/{comment_id}/hide"),
            &[("csrf", &csrf), ("reason", "x")],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(node.count("moderation_log").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn flags_from_servers_and_visitors_reports_reach_the_moderation_queue() {
    use palabre::domain::staff::Role;
    let node = spawn_node("comments5").await;
    let commune = node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("citizens5").await;
    let reply = mastodon_reply(
        &peer,
        "awa",
        &object,
        &actor,
        "<p>Un commentaire blessant</p>",
        1,
    );
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &reply).await, 202);
    let comment_ap_id = reply["object"]["id"].as_str().unwrap().to_string();

    // A Flag as Mastodon sends it (from its instance actor), ten copies at once: one report,
    // about the comment, the most precise thing of ours it names.
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/0d5c7a3e-flag", origin(&peer)),
        "type": "Flag",
        "actor": peer.actor("actor"),
        "content": "Insultes <b>répétées</b>",
        "object": [actor, object, comment_ap_id],
    });
    let sends = (0..10).map(|_| node.send_signed("/inbox", &peer, "actor", &flag));
    for status in futures::future::join_all(sends).await {
        assert_eq!(status, 202);
    }
    assert_eq!(node.count("reports").await, 1);
    // A Flag about nothing of ours is accepted and dropped.
    let stray = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/other-flag", origin(&peer)),
        "type": "Flag", "actor": peer.actor("actor"), "content": "",
        "object": ["https://elsewhere.example/users/x"],
    });
    assert_eq!(
        node.send_signed("/inbox", &peer, "actor", &stray).await,
        202
    );
    assert_eq!(node.count("reports").await, 1);

    // A visitor reports from the comment's page.
    let path = url::Url::parse(&object).unwrap().path().to_string();
    let shown = page(&node, &path).await;
    let link = regex::Regex::new(r#"href="(/communes/rufisque/comments/\d+/report)""#)
        .unwrap()
        .captures(&shown)
        .expect("a report link")[1]
        .to_string();
    let mut visitor = Browser::new(&node);
    let (status, form) = visitor.get(&link).await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&form);
    let (status, _, _) = visitor
        .post(&link, &[("csrf", "forged"), ("reason", "spam")])
        .await;
    assert_eq!(status, 403);
    let (status, text, _) = visitor
        .post(&link, &[("csrf", &csrf), ("reason", "   ")])
        .await;
    assert_eq!(status, 422);
    assert!(text.contains("Expliquez en quelques mots"), "{text}");
    let (status, text, _) = visitor
        .post(
            &link,
            &[
                ("csrf", &csrf),
                ("reason", "<script>alert(1)</script> insulte"),
            ],
        )
        .await;
    assert_eq!(status, 201);
    assert!(text.contains("Merci. Votre signalement a été transmis"));
    assert_eq!(node.count("reports").await, 2);
    // Five an hour from one address; then 429 with Retry-After, nothing filed.
    for _ in 0..4 {
        let (status, _, _) = visitor
            .post(&link, &[("csrf", &csrf), ("reason", "encore")])
            .await;
        assert_eq!(status, 201);
    }
    let res = visitor
        .client
        .post(format!("{}{link}", node.base))
        .header("cookie", visitor.cookie_header())
        .form(&[("csrf", csrf.as_str()), ("reason", "encore")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "3600");
    assert_eq!(node.count("reports").await, 6);

    // The moderator sees the queue, the visitor's text escaped, and resolves a report.
    let mut moderator = staff(&node, commune.id, "moderatrice", Role::Moderator).await;
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(desk.contains("6 signalements à traiter"), "{desk}");
    assert!(
        desk.contains("Insultes &lt;b&gt;répétées&lt;/b&gt;"),
        "{desk}"
    );
    assert!(desk.contains("&lt;script&gt;alert(1)&lt;/script&gt; insulte"));
    assert!(desk.contains(&comment_ap_id));
    let first = regex::Regex::new(r#"action="(/communes/rufisque/admin/reports/\d+/resolve)""#)
        .unwrap()
        .captures(&desk)
        .expect("a resolve button")[1]
        .to_string();
    let csrf = csrf_of(&desk);
    let (status, _, _) = moderator.post(&first, &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    let (status, _, _) = moderator.post(&first, &[("csrf", &csrf)]).await;
    assert_eq!(status, 404);
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(desk.contains("5 signalements à traiter"), "{desk}");
    // Editors do not handle reports.
    let mut editor = staff(&node, commune.id, "secretaire", Role::Editor).await;
    let (_, desk) = editor.get("/communes/rufisque/admin/comments").await;
    assert!(!desk.contains("signalements à traiter"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_noisy_actor_or_instance_gets_429_with_retry_after_and_nothing_is_stored() {
    let node = spawn_node_with("comments6", |c| {
        c.inbox_actor_per_minute = 3;
        c.inbox_instance_per_minute = 5;
    })
    .await;
    node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let actor = node.actor_id("rufisque");
    let noisy = spawn_peer("noisy6").await;
    let quiet = spawn_peer("quiet6").await;
    let say = |peer: &TestPeer, user: &str, n: u32| {
        mastodon_reply(
            peer,
            user,
            &object,
            &actor,
            &format!("<p>Message {n}</p>"),
            n,
        )
    };
    for n in 0..3 {
        assert_eq!(
            node.send_signed("/inbox", &noisy, "awa", &say(&noisy, "awa", n))
                .await,
            202
        );
    }
    // The actor's fourth within the minute is refused with a delay to come back after.
    let res = signed_post(
        &node.client,
        &node.url("/inbox"),
        &serde_json::to_vec(&say(&noisy, "awa", 3)).unwrap(),
        &noisy.key,
        &format!("{}#main-key", noisy.actor("awa")),
        chrono::Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=61).contains(&wait), "{wait}");
    // Another actor of that instance gets one more, then the instance is over its limit.
    assert_eq!(
        node.send_signed("/inbox", &noisy, "moussa", &say(&noisy, "moussa", 4))
            .await,
        202
    );
    assert_eq!(
        node.send_signed("/inbox", &noisy, "fatou", &say(&noisy, "fatou", 5))
            .await,
        429
    );
    // Another server is not affected.
    assert_eq!(
        node.send_signed("/inbox", &quiet, "ibou", &say(&quiet, "ibou", 6))
            .await,
        202
    );
    assert_eq!(node.count("comments").await, 5);
}

fn follow(peer: &TestPeer, user: &str, commune: &str) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}#follows/1", peer.actor(user)),
        "type": "Follow",
        "actor": peer.actor(user),
        "object": commune,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn blocking_an_actor_or_an_instance_removes_follows_hides_comments_and_refuses() {
    use palabre::domain::staff::Role;
    let node = spawn_node("comments7").await;
    let commune = node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let path = url::Url::parse(&object).unwrap().path().to_string();
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("trolls7").await;
    for (n, user) in ["awa", "moussa"].into_iter().enumerate() {
        assert_eq!(
            node.send_signed("/inbox", &peer, user, &follow(&peer, user, &actor))
                .await,
            202
        );
        let reply = mastodon_reply(
            &peer,
            user,
            &object,
            &actor,
            &format!("<p>Avis de {user}</p>"),
            n as u32,
        );
        assert_eq!(node.send_signed("/inbox", &peer, user, &reply).await, 202);
    }
    assert_eq!(node.count("followers").await, 2);

    let mut moderator = staff(&node, commune.id, "moderatrice", Role::Moderator).await;
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    let csrf = csrf_of(&desk);
    assert!(desk.contains("Bloquer @awa@"), "{desk}");
    let awa = peer.actor("awa");
    let (status, _, _) = moderator
        .post(
            "/communes/rufisque/admin/blocks/block-actor",
            &[("csrf", &csrf), ("actor", &awa), ("reason", "harcèlement")],
        )
        .await;
    assert_eq!(status, 303);
    // Her follow is gone, her comment hidden (logged), her activities refused; the others stay.
    assert_eq!(node.count("followers").await, 1);
    let shown = page(&node, &path).await;
    assert!(
        !shown.contains("Avis de awa") && shown.contains("Avis de moussa"),
        "{shown}"
    );
    let again = mastodon_reply(&peer, "awa", &object, &actor, "<p>Encore moi</p>", 10);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &again).await, 403);
    assert_eq!(
        node.send_signed(
            "/communes/rufisque/inbox",
            &peer,
            "awa",
            &follow(&peer, "awa", &actor)
        )
        .await,
        403
    );
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(
        desk.contains("Masqué par un blocage") && desk.contains("harcèlement"),
        "{desk}"
    );

    // The whole instance: moussa's follow and comment go too, and nobody there gets in.
    let (status, _, _) = moderator
        .post(
            "/communes/rufisque/admin/blocks/block-instance",
            &[("csrf", &csrf), ("host", &peer.host), ("reason", "")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(node.count("followers").await, 0);
    assert!(!page(&node, &path).await.contains("Avis de moussa"));
    let fatou = mastodon_reply(&peer, "fatou", &object, &actor, "<p>Bonjour</p>", 11);
    assert_eq!(
        node.send_signed("/inbox", &peer, "fatou", &fatou).await,
        403
    );

    // Unblocking restores nothing but allows again.
    for (action, field, value) in [
        ("unblock-actor", "actor", awa.as_str()),
        ("unblock-instance", "host", peer.host.as_str()),
    ] {
        let (status, _, _) = moderator
            .post(
                &format!("/communes/rufisque/admin/blocks/{action}"),
                &[("csrf", &csrf), (field, value)],
            )
            .await;
        assert_eq!(status, 303);
    }
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &again).await, 202);
    let shown = page(&node, &path).await;
    assert!(
        shown.contains("Encore moi") && !shown.contains("Avis de awa"),
        "{shown}"
    );
    assert_eq!(node.count("followers").await, 0);
    // Editors cannot block.
    let mut editor = staff(&node, commune.id, "secretaire", Role::Editor).await;
    let (_, desk) = editor.get("/communes/rufisque/admin/comments").await;
    let csrf = csrf_of(&desk);
    let (status, _, _) = editor
        .post(
            "/communes/rufisque/admin/blocks/block-actor",
            &[("csrf", &csrf), ("actor", &awa)],
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_commune_can_hold_comments_from_authors_it_does_not_know_yet() {
    use palabre::domain::staff::Role;
    let node = spawn_node("comments8").await;
    let commune = node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let path = url::Url::parse(&object).unwrap().path().to_string();
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("citizens8").await;
    let mut moderator = staff(&node, commune.id, "moderatrice", Role::Moderator).await;
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(
        !desk.contains(r#"name="hold" value="on" checked"#),
        "off by default"
    );
    let csrf = csrf_of(&desk);
    let (status, _, _) = moderator
        .post(
            "/communes/rufisque/admin/comments/settings",
            &[("csrf", &csrf), ("hold", "on")],
        )
        .await;
    assert_eq!(status, 303);

    let first = mastodon_reply(&peer, "awa", &object, &actor, "<p>Première fois</p>", 1);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &first).await, 202);
    assert!(!page(&node, &path).await.contains("Première fois"));
    assert_eq!(replies(&node, &object).await.0, 0);
    let (_, desk) = moderator.get("/communes/rufisque/admin/comments").await;
    assert!(
        desk.contains("Commentaires retenus") && desk.contains("Première fois"),
        "{desk}"
    );
    let approve = regex::Regex::new(r#"action="(/communes/rufisque/admin/comments/\d+/approve)""#)
        .unwrap()
        .captures(&desk)
        .expect("an approve button")[1]
        .to_string();
    let (status, _, _) = moderator
        .post(&approve, &[("csrf", &csrf), ("reason", "")])
        .await;
    assert_eq!(status, 303);
    assert!(page(&node, &path).await.contains("Première fois"));

    // Known now, her next comment shows at once; a newcomer's waits.
    let second = mastodon_reply(&peer, "awa", &object, &actor, "<p>Deuxième</p>", 2);
    assert_eq!(node.send_signed("/inbox", &peer, "awa", &second).await, 202);
    let newcomer = mastodon_reply(&peer, "moussa", &object, &actor, "<p>Nouveau venu</p>", 3);
    assert_eq!(
        node.send_signed("/inbox", &peer, "moussa", &newcomer).await,
        202
    );
    let shown = page(&node, &path).await;
    assert!(
        shown.contains("Deuxième") && !shown.contains("Nouveau venu"),
        "{shown}"
    );
    assert_eq!(replies(&node, &object).await.0, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_replies_at_once_from_an_actor_never_seen_are_all_kept() {
    // Each copy's signature check fetches and stores the same new actor at the same moment.
    let node = spawn_node("comments9").await;
    node.add_commune("rufisque").await;
    let object = decision(&node, "rufisque").await;
    let actor = node.actor_id("rufisque");
    let peer = spawn_peer("newcomers9").await;
    let replies_sent: Vec<Value> = (0..10)
        .map(|n| {
            mastodon_reply(
                &peer,
                "awa",
                &object,
                &actor,
                &format!("<p>Avis {n}</p>"),
                n,
            )
        })
        .collect();
    let sends = replies_sent
        .iter()
        .map(|r| node.send_signed("/inbox", &peer, "awa", r));
    for status in futures::future::join_all(sends).await {
        assert_eq!(status, 202);
    }
    assert_eq!(node.count("comments").await, 10);
    assert_eq!(node.count("remote_actors").await, 1);
}
