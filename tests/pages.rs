//! The public site: pages in French, Portuguese and English, filters, search, pagination,
//! the follow box, the Atom feed, conditional GETs, compression and the 30 KB page budget.

mod support;

use serde_json::{json, Value};
use support::*;

async fn page(node: &TestNode, path: &str, lang: Option<&str>) -> (u16, String) {
    let mut req = node.client.get(node.url(path));
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn pages_speak_the_readers_language() {
    let node = spawn_node("pages1").await;
    node.add_commune("rufisque").await;
    let (status, fr) = page(&node, "/", None).await;
    assert_eq!(status, 200);
    assert!(fr.contains("<html lang=\"fr\""));
    assert!(fr.contains("Communes publiées sur ce nœud"));
    assert!(fr.contains("aucun abonné"));
    let (_, pt) = page(&node, "/", Some("pt-GW,pt;q=0.9,fr;q=0.5")).await;
    assert!(pt.contains("<html lang=\"pt\""));
    assert!(pt.contains("Municípios publicados neste nó"));
    // The switcher's choice wins over Accept-Language and is kept in a cookie.
    let res = node
        .client
        .get(node.url("/?lang=en"))
        .header("accept-language", "pt")
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("palabre_lang=en"));
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Communes published on this node"));
    let res = node
        .client
        .get(node.url("/"))
        .header("cookie", "palabre_lang=en")
        .header("accept-language", "pt")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("<html lang=\"en\""));
    // An unknown language code is a clear 400, in the reader's language.
    let res = node
        .client
        .get(node.url("/?lang=xx"))
        .header("accept-language", "pt")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Língua desconhecida"));
    // Unknown pages are 404 pages, not bare errors.
    let (status, body) = page(&node, "/communes/nowhere", Some("fr")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"));
}

#[tokio::test]
async fn commune_page_offers_to_follow_and_sends_visitors_to_their_instance() {
    let node = spawn_node("pages2").await;
    node.add_commune("labe").await;
    let (status, html) = page(&node, "/communes/labe", None).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("@labe@{}", node.domain)));
    assert!(html.contains("Suivre depuis Mastodon ou le fédivers"));
    assert!(html.contains("<link rel=\"alternate\" type=\"application/activity+json\""));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(node.domain.split(':').next().unwrap(), node.addr)
        .build()
        .unwrap();
    let res = client
        .post(node.url("/communes/labe/remote-follow"))
        .form(&[("acct", "@awa@mastodon.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap();
    assert_eq!(
        location,
        format!(
            "https://mastodon.example/authorize_interaction?uri=acct%3Alabe%40{}",
            node.domain.replace(':', "%3A")
        )
    );
    for bad in ["awa", "@awa@", "@awa@evil.example/phish", "@awa@<script>"] {
        let res = client
            .post(node.url("/communes/labe/remote-follow"))
            .form(&[("acct", bad)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{bad}");
        assert!(res.text().await.unwrap().contains("Adresse invalide"));
    }
}

#[tokio::test]
async fn decisions_are_filtered_searched_and_paginated() {
    let node = spawn_node("pages3").await;
    node.add_commune("kouroussa").await;
    let token = node.token("kouroussa").await;
    for i in 0..22 {
        let mut d = sample_decision();
        d["reference"] = json!(format!("D-{i:02}"));
        d["title"] = json!(format!("Entretien des pistes rurales {i}"));
        d["session_date"] = json!(if i < 12 { "2025-06-10" } else { "2026-03-02" });
        d["themes"] = json!(["routes"]);
        node.publish("kouroussa", &token, &d).await;
    }
    let mut special = sample_decision();
    special["reference"] = json!("A-2026-001");
    special["kind"] = json!("arrete");
    special["status"] = json!("postponed");
    special["title"] = json!("Réglementation du marché hebdomadaire");
    special["summary"] = json!("Le maire fixe les jours de marché.");
    special["themes"] = json!(["marché"]);
    special["language"] = json!("pt");
    let special = node.publish("kouroussa", &token, &special).await;

    let (status, all) = page(&node, "/communes/kouroussa/decisions", None).await;
    assert_eq!(status, 200);
    assert!(all.contains("23 décisions"));
    assert!(all.contains("Page 1 sur 2"));
    let (_, p2) = page(&node, "/communes/kouroussa/decisions?page=2", None).await;
    assert_eq!(
        p2.matches("Entretien des pistes rurales").count() + p2.matches("Réglementation").count(),
        3
    );
    let (status, beyond) = page(&node, "/communes/kouroussa/decisions?page=3", None).await;
    assert_eq!(status, 404);
    assert!(beyond.contains("la liste compte 2 page(s)"));
    assert_eq!(
        page(&node, "/communes/kouroussa/decisions?page=abc", None)
            .await
            .0,
        400
    );
    assert_eq!(
        page(&node, "/communes/kouroussa/decisions?kind=decree", None)
            .await
            .0,
        400
    );

    let (_, by_kind) = page(&node, "/communes/kouroussa/decisions?kind=arrete", None).await;
    assert!(
        by_kind.contains("1 décision<") || by_kind.contains("1 décision "),
        "{by_kind}"
    );
    assert!(by_kind.contains("Réglementation du marché hebdomadaire"));
    let (_, by_year) = page(&node, "/communes/kouroussa/decisions?year=2025", None).await;
    assert!(by_year.contains("12 décisions"));
    let (_, by_status) = page(
        &node,
        "/communes/kouroussa/decisions?status=postponed",
        None,
    )
    .await;
    assert!(by_status.contains("A-2026-001"));
    let (_, by_theme) = page(
        &node,
        "/communes/kouroussa/decisions?theme=march%C3%A9",
        None,
    )
    .await;
    assert!(by_theme.contains("A-2026-001") && !by_theme.contains("D-01"));
    // Full-text search, case-insensitive, in French and in Portuguese readers' pages.
    let (_, search_fr) = page(
        &node,
        "/communes/kouroussa/decisions?q=JOURS+DE+MARCH",
        Some("fr"),
    )
    .await;
    assert!(search_fr.contains("A-2026-001") && search_fr.contains("1 décision"));
    let (_, search_pt) = page(&node, "/communes/kouroussa/decisions?q=pistes", Some("pt")).await;
    assert!(search_pt.contains("22 decisões"));
    assert!(search_pt.contains("Página 1 de 2"));
    // Accents and case are ignored both ways: typed without accents, or with them.
    let (_, unaccented) = page(
        &node,
        "/communes/kouroussa/decisions?q=reglementation+du+MARCHE",
        None,
    )
    .await;
    assert!(unaccented.contains("A-2026-001") && unaccented.contains("1 décision"));
    let (_, accented) = page(&node, "/communes/kouroussa/decisions?q=p%C3%AEstes", None).await;
    assert!(accented.contains("22 décisions"), "{accented}");
    // Rows written before the search column existed are filled when the store opens.
    let filled = node
        .app
        .store
        .run(|c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE decisions SET search_text = ''").execute(c)?;
            palabre::store::decisions::fill_search_text(c)
        })
        .await
        .unwrap();
    assert_eq!(filled, 23, "every decision of the node");
    let (_, refilled) = page(&node, "/communes/kouroussa/decisions?q=pistes", None).await;
    assert!(refilled.contains("22 décisions"));
    // Wildcards in the search are literal.
    let (_, none) = page(&node, "/communes/kouroussa/decisions?q=%25%25", None).await;
    assert!(none.contains("Aucune décision ne correspond"));

    // The detail page says which language the text is in when it differs from the reader's.
    let (status, detail) = page(
        &node,
        special["id"]
            .as_str()
            .unwrap()
            .trim_start_matches(&node.base),
        Some("fr"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(detail.contains("Texte publié en portugais"));
    assert!(detail.contains("<div lang=\"pt\">"));
    assert!(detail.contains("Pour</th><td>31"));
}

#[tokio::test]
async fn atom_feed_lists_decisions() {
    let node = spawn_node("pages4").await;
    node.add_commune("bissau").await;
    let token = node.token("bissau").await;
    let d = node.publish("bissau", &token, &sample_decision()).await;
    let res = node
        .client
        .get(node.url("/communes/bissau/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let xml = res.text().await.unwrap();
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains("<feed"));
    assert!(xml.contains(&format!("<id>{}</id>", d["id"].as_str().unwrap())));
    assert!(xml.contains("D-2026-014 — Budget primitif 2027"));
}

#[tokio::test]
async fn pages_are_cached_compressed_and_under_30_kb() {
    let node = spawn_node("pages5").await;
    node.add_commune("dankassari").await;
    let token = node.token("dankassari").await;
    let mut last = Value::Null;
    for i in 0..25 {
        let mut d = sample_decision();
        d["reference"] = json!(format!("D-{i}"));
        d["body"] = json!("Le conseil municipal, après en avoir délibéré, adopte. ".repeat(40));
        last = node.publish("dankassari", &token, &d).await;
    }
    // A logo as a commune would upload it (a large photo-like image): pages count its weight.
    let logo = {
        let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
            image::Rgb([
                (x * 7 % 251) as u8,
                (y * 13 % 241) as u8,
                ((x ^ y) % 239) as u8,
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    assert!(
        logo.len() > 1_000_000,
        "the upload is large: {}",
        logo.len()
    );
    palabre::service::communes::edit(
        &node.app,
        "dankassari",
        Default::default(),
        Some(palabre::domain::logo::normalize(&logo).unwrap()),
    )
    .await
    .unwrap();
    let raw = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .resolve(node.domain.split(':').next().unwrap(), node.addr)
        .build()
        .unwrap();
    let detail = last["id"].as_str().unwrap().to_string();
    let mut weights = Vec::new();
    let img_src = regex::Regex::new(r#"<img[^>]* src="([^"]+)""#).unwrap();
    for path in [
        "/".to_string(),
        "/communes/dankassari".into(),
        "/communes/dankassari/decisions".into(),
        detail.trim_start_matches(&node.base).to_string(),
    ] {
        let res = raw
            .get(node.url(&path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let mut bytes = res.bytes().await.unwrap().len();
        // Images count too (each once, as a browser fetches them).
        let (_, html) = page(&node, &path, None).await;
        let srcs: std::collections::BTreeSet<String> = img_src
            .captures_iter(&html)
            .map(|c| c[1].to_string())
            .collect();
        if path == "/communes/dankassari" {
            assert_eq!(srcs.len(), 1, "the commune page shows its logo");
        }
        for src in srcs {
            let img = raw.get(&src).send().await.unwrap();
            assert_eq!(img.status(), 200, "{src}");
            bytes += img.bytes().await.unwrap().len();
        }
        weights.push((path.clone(), bytes));
        assert!(bytes < 30 * 1024, "{path} weighs {bytes} bytes compressed");
        let again = raw
            .get(node.url(&path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    eprintln!("compressed page weights: {weights:?}");
    // No script anywhere.
    let (_, html) = page(&node, "/communes/dankassari/decisions", None).await;
    assert!(!html.contains("<script"));
}
