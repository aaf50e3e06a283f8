//! The decision `Article` as other servers read it. Each check below restates, for the JSON we
//! deliver, the rule one server applies when it turns an incoming Article into a post (the
//! source files are named in docs/FEDERATION.md, "How other servers show a decision"): if one
//! fails, that server hides the decision behind a content warning, or loses its title, summary,
//! link or language.

mod support;

use serde_json::{json, Value};
use support::*;

fn plain(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn first_of_map(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_object)
        .and_then(|m| m.values().next())
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The delivered Create of a freshly published sample decision, and the commune's actor id.
async fn delivered_article(name: &str) -> (TestNode, Value) {
    let node = spawn_node(name).await;
    node.add_commune("ziguinchor").await;
    let token = node.token("ziguinchor").await;
    let peer = spawn_peer(&format!("{name}peer")).await;
    let follow = json!({
        "id": format!("{}/follows/1", peer.actor("u1")), "type": "Follow",
        "actor": peer.actor("u1"), "object": node.actor_id("ziguinchor"),
    });
    assert_eq!(
        node.send_signed("/communes/ziguinchor/inbox", &peer, "u1", &follow)
            .await,
        202
    );
    node.publish("ziguinchor", &token, &sample_decision()).await;
    let got = peer
        .wait_for(10, "Create", |r| {
            r.iter().any(|x| x.body["type"] == "Create")
        })
        .await;
    let create = got
        .into_iter()
        .find(|x| x.body["type"] == "Create")
        .expect("Create")
        .body;
    (node, create["object"].clone())
}

#[tokio::test]
async fn every_server_gets_title_summary_link_and_language_without_a_content_warning() {
    let (node, article) = delivered_article("others").await;
    let url = article["url"].as_str().expect("url").to_string();
    let content = article["content"].as_str().expect("content").to_string();
    let heading = "Délibération D-2026-014 — Budget primitif 2027";
    let summary = "Le conseil municipal adopte le budget primitif 2027.";

    // Takahē (activities/models/post.py, Post.by_ap): summary = `summary` or `name`, shown as a
    // content warning over the whole post; the body is `content` (or the first contentMap value).
    let takahe_cw = plain(&article, "summary").or_else(|| plain(&article, "name"));
    assert_eq!(
        takahe_cw, None,
        "Takahē would hide the decision behind a CW"
    );
    // GoToSocial (internal/typeutils/astointernal.go): ContentWarning = `summary`, else `name`,
    // plain strings only (ap.ExtractSummary/ExtractName skip language maps).
    let gts_cw = plain(&article, "summary").or_else(|| plain(&article, "name"));
    assert_eq!(gts_cw, None, "GoToSocial would show a CW");
    // Misskey/Sharkey (ApNoteService.createNote): cw = `summary`; text = htmlToMfm(`content`).
    // Pleroma/Akkoma (StatusView): spoiler_text = `summary`; a plain `name` becomes a link
    // line before `content`.
    assert!(
        article.get("summary").is_none(),
        "a plain summary is a CW on Misskey and Pleroma"
    );
    assert!(article.get("name").is_none());
    assert_ne!(article["sensitive"], true);

    // What those servers show is `content`: the heading in bold first, then the summary, the
    // body, and a link to the page.
    assert!(
        content.starts_with(&format!("<p><strong>{heading}</strong></p>")),
        "{content}"
    );
    assert!(content.contains(&format!("<p>{summary} (")), "{content}");
    assert!(content.contains("<strong>après délibération</strong>"));
    assert!(
        content.contains(&format!("<a href=\"{url}\">{url}</a>")),
        "{content}"
    );
    // Language: Mastodon, Pleroma and GoToSocial read the contentMap key; GoToSocial only when
    // that entry equals `content` (typeutils.ContentToContentLanguage).
    assert_eq!(article["contentMap"]["fr"], content.as_str());
    assert_eq!(article["contentMap"].as_object().unwrap().len(), 1);

    // Mastodon (ActivityPub::Activity::Create#converted_text, StatusParser): an Article shows
    // title (`name`, else `nameMap`), summary (`summary`, else `summaryMap`) and the url; it
    // drops `content`. Friendica expands JSON-LD, where the maps are `as:name`/`as:summary`.
    let masto_title = plain(&article, "name").or_else(|| first_of_map(&article, "nameMap"));
    let masto_summary = plain(&article, "summary").or_else(|| first_of_map(&article, "summaryMap"));
    assert_eq!(masto_title.as_deref(), Some(heading));
    assert!(masto_summary.unwrap_or_default().starts_with(summary));
    assert_eq!(article["nameMap"]["fr"], heading);
    assert!(article["summaryMap"]["fr"].is_string());

    // The url is the decision's HTML page.
    let page = node
        .client
        .get(&url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("Budget primitif 2027"));
    // The served Article is the delivered one.
    let served = node.get_ap(article["id"].as_str().unwrap()).await;
    assert_eq!(served["content"], article["content"]);
    assert!(served.get("summary").is_none() && served.get("name").is_none());
}

#[tokio::test]
async fn our_reading_side_reads_back_what_we_send_and_older_shapes() {
    let (_node, article) = delivered_article("readback").await;
    let author = article["attributedTo"].as_str().unwrap();
    let fields = palabre::service::remote::object_fields(&article, author).expect("fields");
    assert_eq!(
        fields.name.as_deref(),
        Some("Délibération D-2026-014 — Budget primitif 2027")
    );
    assert!(fields
        .summary
        .as_deref()
        .unwrap_or_default()
        .starts_with("Le conseil municipal adopte"));
    assert_eq!(fields.reference.as_deref(), Some("D-2026-014"));

    // Nodes from before this shape sent plain `name` and `summary`.
    let older = json!({
        "id": "https://old.example/communes/a/decisions/1", "type": "Article",
        "attributedTo": "https://old.example/communes/a",
        "name": "Arrêté A-1 — Marché", "summary": "Jours de marché",
        "content": "<p>corps</p>", "contentMap": {"fr": "<p>corps</p>"},
    });
    let fields =
        palabre::service::remote::object_fields(&older, "https://old.example/communes/a").unwrap();
    assert_eq!(fields.name.as_deref(), Some("Arrêté A-1 — Marché"));
    assert_eq!(fields.summary.as_deref(), Some("Jours de marché"));

    // With several languages, the entry in the content's language wins.
    let multi = json!({
        "id": "https://m.example/d/1", "type": "Article", "attributedTo": "https://m.example/c",
        "nameMap": {"pt": "Título", "fr": "Titre"}, "summaryMap": {"pt": "Resumo"},
        "contentMap": {"pt": "<p>corpo</p>"},
    });
    let fields = palabre::service::remote::object_fields(&multi, "https://m.example/c").unwrap();
    assert_eq!(fields.name.as_deref(), Some("Título"));
    assert_eq!(fields.summary.as_deref(), Some("Resumo"));
}

/// The budget and commitment Articles obey the same rules as a decision's: no plain `name` or
/// `summary` (a content warning on Takahē, GoToSocial, Misskey, Pleroma), the title and
/// summary as maps for Mastodon, everything in `content` for the others, in one language.
#[tokio::test]
async fn budget_and_commitment_articles_show_everywhere_without_a_content_warning() {
    let node = spawn_node("othersbudget").await;
    node.add_commune("ziguinchor").await;
    let token = node.token("ziguinchor").await;
    let csv = std::fs::read("docs/budget/exemple-budget-2026.csv").unwrap();
    let r = node
        .client
        .post(node.url("/api/v1/communes/ziguinchor/budgets?situation=2026-06-30"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = node
        .client
        .post(node.url("/api/v1/communes/ziguinchor/commitments"))
        .bearer_auth(&token)
        .json(&json!({"title": "Budget en ligne", "lead": "Secrétariat", "starts_on": "2026-01-01",
                      "ends_on": "2026-12-31", "milestones": [{"title": "BP", "due_on": "2026-02-28"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    for id in [
        node.url("/communes/ziguinchor/budgets/2026"),
        made["id"].as_str().unwrap().to_string(),
    ] {
        let a = node.get_ap(&id).await;
        assert_eq!(a["type"], "Article");
        assert!(
            a.get("summary").is_none() && a.get("name").is_none(),
            "{id}: a CW somewhere"
        );
        assert_ne!(a["sensitive"], true);
        let title = first_of_map(&a, "nameMap").expect("nameMap");
        let summary = first_of_map(&a, "summaryMap").expect("summaryMap");
        let content = a["content"].as_str().unwrap();
        assert!(
            content.starts_with(&format!("<p><strong>{title}</strong></p>")),
            "{content}"
        );
        assert!(
            content.contains(&format!("<a href=\"{id}\">{id}</a>")),
            "{content}"
        );
        assert!(!summary.is_empty());
        assert_eq!(a["contentMap"]["fr"], content);
        assert_eq!(a["contentMap"].as_object().unwrap().len(), 1);
        assert_eq!(a["url"], id.as_str());
    }
}
