//! Budgets by API: a year imported from the CSV template (all or nothing, errors by line and
//! column), its totals and execution rates checked against figures worked out by hand, the
//! `Article` followers receive with its structured figures, reports kept by situation date,
//! and hostile input: bad files, wrong media type, too large, no token, another commune's
//! token, the same import ten times at once.

mod support;

use serde_json::{json, Value};
use support::*;

const HEADER: &str = "exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye";

/// A small year worked out by hand below: Excel-style French amounts, a decision modificative,
/// a line with a zero forecast.
fn small_year() -> String {
    [
        HEADER,
        "2026;BP;fonctionnement;depense;60;601;;Fournitures;ressources propres;1 000 000;;1 000 000;600 000;500 000;400 000",
        "2026;BP;fonctionnement;depense;64;641;;Salaires;ressources propres;3 000 000;0;3 000 000;;1 500 000;1 500 000",
        "2026;DM;fonctionnement;depense;60;601;;Fournitures (DM 1);ressources propres;;-200 000;;;;",
        "2026;BP;investissement;depense;21;211;;Marché;bailleurs;2.000.000;;2.000.000;2 000 000;250 000;",
        "2026;BP;investissement;depense;23;231;;Réserve;ressources propres;0;;0;;;",
        "2026;BP;fonctionnement;recette;72;721;;Taxe;ressources propres;4 000 000;;4 000 000;;3 000 000;1 000 000",
        "2026;BP;investissement;recette;13;131;;Subvention;bailleurs;1 800 000;;1 800 000;;;900 000",
    ]
    .join("\r\n")
        + "\r\n"
}

async fn import(
    node: &TestNode,
    slug: &str,
    token: &str,
    query: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let r = node
        .client
        .post(node.url(&format!("/api/v1/communes/{slug}/budgets{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .header("accept-language", "fr")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn year_json(node: &TestNode, slug: &str, year: i32) -> (u16, Value) {
    let r = node
        .client
        .get(node.url(&format!("/api/v1/communes/{slug}/budgets/{year}")))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_year_imported_gives_the_rates_worked_out_by_hand_and_reaches_followers() {
    let node = spawn_node("budgets1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let peer = spawn_peer("budgetpeer").await;
    let follow = json!({
        "id": format!("{}/follows/1", peer.actor("awa")), "type": "Follow",
        "actor": peer.actor("awa"), "object": node.actor_id("rufisque"),
    });
    assert_eq!(
        node.send_signed("/communes/rufisque/inbox", &peer, "awa", &follow)
            .await,
        202
    );

    let (status, body) = import(
        &node,
        "rufisque",
        &token,
        "?situation=2026-06-30",
        small_year().into_bytes(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["year"], 2026);
    assert_eq!(body["created"], true);
    assert_eq!(body["id"], node.url("/communes/rufisque/budgets/2026"));
    // By hand. Expenditure final forecasts: 1 000 000 + 3 000 000 − 200 000 (the DM) +
    // 2 000 000 + 0 = 5 800 000; mandated 500 000 + 1 500 000 + 250 000 = 2 250 000;
    // rate 2 250 000 / 5 800 000 = 0.387931…
    let e = &body["expenditure"];
    assert_eq!(e["final_forecast"], 5_800_000);
    assert_eq!(e["executed"], 2_250_000);
    assert_eq!(e["committed"], 2_600_000);
    assert!((e["execution_rate"].as_f64().unwrap() - 2_250_000.0 / 5_800_000.0).abs() < 1e-12);
    // Revenue: forecast 4 000 000 + 1 800 000 = 5 800 000; collected 1 000 000 + 900 000.
    let r = &body["revenue"];
    assert_eq!(r["final_forecast"], 5_800_000);
    assert_eq!(r["executed"], 1_900_000);
    assert_eq!(r["issued"], 3_000_000);
    // Per section: operating expenditure 3 800 000, 2 000 000 mandated.
    let op = e["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "fonctionnement")
        .unwrap();
    assert_eq!(op["final_forecast"], 3_800_000);
    assert_eq!(op["executed"], 2_000_000);
    // Per chapter: chapter 60 is 800 000 planned, 500 000 mandated (0.625); chapter 23 has a
    // zero base: not applicable, not a division by zero.
    let chapter = |code: &str| {
        e["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["chapter"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(chapter("60")["final_forecast"], 800_000);
    assert_eq!(chapter("60")["execution_rate"], 0.625);
    assert_eq!(chapter("23")["execution_rate"], Value::Null);
    assert_eq!(chapter("23")["rate_status"], "not_applicable");
    assert_eq!(
        year_json(&node, "rufisque", 2026).await.1["expenditure"],
        body["expenditure"]
    );

    // The follower receives a Create{Article} with the figures under palabre:budget.
    let got = peer
        .wait_for(20, "the budget's Create", |r| {
            r.iter()
                .any(|m| m.body["type"] == "Create" && m.body["object"]["budget"].is_object())
        })
        .await;
    let create = got
        .iter()
        .find(|m| m.body["type"] == "Create" && m.body["object"]["budget"].is_object())
        .unwrap();
    let article = &create.body["object"];
    assert_eq!(article["type"], "Article");
    assert_eq!(article["id"], body["id"]);
    let figures: palabre::protocol::budget::BudgetFigures =
        serde_json::from_value(article["budget"].clone()).unwrap();
    assert_eq!(figures.fiscal_year, 2026);
    assert_eq!(figures.currency, "XOF");
    assert_eq!(figures.situation_date.to_string(), "2026-06-30");
    assert_eq!(figures.expenditure.final_forecast, Some(5_800_000));
    assert_eq!(figures.revenue.executed, Some(1_900_000));
    assert_eq!(figures.documents, vec!["BP", "DM"]);
    // The summary a Mastodon reader sees: the figures through CLDR, in French.
    let summary = article["summaryMap"]["fr"].as_str().unwrap();
    let amount = |v| {
        palabre::l10n::format::amount(
            palabre::l10n::Lang::Fr,
            palabre::domain::commune::Country::SN,
            v,
        )
    };
    assert!(summary.contains(&amount(2_250_000)), "{summary}");
    assert!(summary.contains(&amount(5_800_000)), "{summary}");
    assert!(summary.contains("Salaires"), "{summary}");
    assert!(article["content"]
        .as_str()
        .unwrap()
        .contains(&amount(1_900_000)));

    // A later report is kept beside the first, and goes out as an Update.
    let later = small_year().replace(";500 000;400 000", ";800 000;700 000");
    let (status, body) = import(
        &node,
        "rufisque",
        &token,
        "?situation=2026-09-30",
        later.into_bytes(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["created"], false);
    assert_eq!(body["expenditure"]["executed"], 2_550_000);
    let reports = body["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["situation_date"], "2026-06-30");
    assert_eq!(reports[0]["expenditure"]["executed"], 2_250_000);
    let got = peer
        .wait_for(20, "the budget's Update", |r| {
            r.iter().any(|m| m.body["type"] == "Update")
        })
        .await;
    let update = got.iter().find(|m| m.body["type"] == "Update").unwrap();
    assert_eq!(
        update.body["object"]["budget"]["reports"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(update.body["object"]["updated"].is_string());
    // The same date again replaces that report; it does not add one.
    let (_, body) = import(
        &node,
        "rufisque",
        &token,
        "?situation=2026-09-30",
        small_year().into_bytes(),
    )
    .await;
    assert_eq!(body["reports"].as_array().unwrap().len(), 2);
    assert_eq!(body["expenditure"]["executed"], 2_250_000);

    // The document dereferences with our context.
    let doc = node
        .get_ap(&node.url("/communes/rufisque/budgets/2026"))
        .await;
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["budget"]["fiscalYear"], 2026);
    assert!(doc["@context"]
        .to_string()
        .contains("palabre:executionRate"));
}

#[tokio::test]
async fn the_documented_example_imports_in_either_encoding() {
    let node = spawn_node("budgets2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let file = std::fs::read("docs/budget/exemple-budget-2026.csv").unwrap();
    let text = String::from_utf8(file.clone()).unwrap();
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    for body in [file, cp1252.into_owned()] {
        let (status, v) = import(&node, "rufisque", &token, "?situation=2026-06-30", body).await;
        assert_eq!(status, 201, "{v}");
        assert_eq!(v["lines"], 330);
        // The totals the example's independent check printed (docs/budget/).
        assert_eq!(v["expenditure"]["final_forecast"], 3_951_200_000i64);
        assert_eq!(v["expenditure"]["executed"], 1_400_642_250i64);
        assert_eq!(v["revenue"]["executed"], 1_351_997_010i64);
    }
}

#[tokio::test]
async fn bad_files_are_refused_with_every_error_and_nothing_is_stored() {
    let node = spawn_node("budgets3").await;
    node.add_commune("rufisque").await;
    node.add_commune("bargny").await;
    let token = node.token("rufisque").await;
    let other = node.token("bargny").await;
    let bad = [
        HEADER,
        "2026;BP;fonctionnement;depense;60;601;;Fournitures;;mille;;;;;",
        "2026;BP;fonctionnement;depense;61;611;;Loyer;;-5;;;;;",
        "2026;BP;fonctionnement;depense;61;611;;Loyer encore;;5;;5;;;",
        "2026;XX;social;sortie;62;621;;=cmd|' /C calc'!A0;;5;;5;;;",
        "deux mille;BP;fonctionnement;depense;63;631;;Impôts;;5;;5;;;",
        "2026;BP;fonctionnement;depense;64;641;;Salaires;;100;10;120;;;",
    ]
    .join("\r\n");
    let (status, body) = import(&node, "rufisque", &token, "", bad.into_bytes()).await;
    assert_eq!(status, 422, "{body}");
    let errors: Vec<(u64, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = |line: u64, col: &str| (line, col.to_string());
    assert_eq!(
        errors,
        vec![
            expect(2, "prevision_initiale"),
            expect(3, "prevision_initiale"),
            expect(4, "chapitre"),
            expect(5, "document"),
            expect(5, "section"),
            expect(5, "sens"),
            expect(5, "libelle"),
            expect(6, "exercice"),
            expect(7, "prevision_definitive"),
        ]
    );
    // In the reader's language, from the catalogs.
    let fr = palabre::l10n::Lang::Fr;
    assert_eq!(
        body["errors"][2]["error"],
        fr.t_args("budget-csv-duplicate", &[("first", 3.into())])
    );
    assert!(body["error"].as_str().unwrap().contains('9'));
    assert_eq!(year_json(&node, "rufisque", 2026).await.0, 404);

    // A missing column, a file in neither encoding, no lines.
    let missing =
        HEADER.replace(";engage", "") + "\r\n2026;BP;fonctionnement;depense;60;;;X;;1;;1;;\r\n";
    let (status, body) = import(&node, "rufisque", &token, "", missing.into_bytes()).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["column"], "engage");
    let utf16: Vec<u8> = HEADER
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let (status, body) = import(&node, "rufisque", &token, "", utf16).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["error"], fr.t("budget-csv-encoding"));

    // Not CSV, too large, no token, another commune's token, a bad situation date.
    let r = node
        .client
        .post(node.url("/api/v1/communes/rufisque/budgets"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(small_year())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let huge = vec![b'1'; 11 * 1024 * 1024];
    let (status, body) = import(&node, "rufisque", &token, "", huge).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"], fr.t("budget-csv-too-large"));
    let r = node
        .client
        .post(node.url("/api/v1/communes/rufisque/budgets"))
        .header("content-type", "text/csv")
        .body(small_year())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let (status, _) = import(&node, "rufisque", &other, "", small_year().into_bytes()).await;
    assert_eq!(status, 403);
    let (status, body) = import(
        &node,
        "rufisque",
        &token,
        "?situation=30/06/2026",
        small_year().into_bytes(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "situation");
    assert_eq!(year_json(&node, "rufisque", 2026).await.0, 404);
    assert_eq!(node.count("budgets").await, 0);
    assert_eq!(node.count("budget_lines").await, 0);
    assert_eq!(node.count("activities").await, 0);
}

#[tokio::test]
async fn the_same_import_ten_times_at_once_makes_one_budget_and_one_report() {
    let node = spawn_node("budgets4").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let runs = (0..10).map(|_| {
        import(
            &node,
            "rufisque",
            &token,
            "?situation=2026-06-30",
            small_year().into_bytes(),
        )
    });
    let results = futures::future::join_all(runs).await;
    for (status, body) in &results {
        assert_eq!(*status, 201, "{body}");
    }
    assert_eq!(
        results.iter().filter(|(_, b)| b["created"] == true).count(),
        1
    );
    assert_eq!(node.count("budgets").await, 1);
    assert_eq!(node.count("budget_reports").await, 1);
    assert_eq!(node.count("budget_lines").await, 7);
    let (_, body) = year_json(&node, "rufisque", 2026).await;
    assert_eq!(body["expenditure"]["final_forecast"], 5_800_000);
}
