//! Open data for budgets: the DCAT-AP catalog lists each year's distributions and its Fiscal
//! Data Package; the package validates with the `frictionless` tool from PyPI; the CSV export
//! imports again to the same figures; exports answer 304 to their validators and change when
//! the budget does; the licence set by the commune is stated everywhere.

mod support;

use serde_json::Value;
use std::process::Command;
use support::*;

fn python() -> String {
    std::env::var("PALABRE_PEER_PYTHON").unwrap_or_else(|_| "python3".into())
}

async fn import(node: &TestNode, slug: &str, token: &str, situation: &str, body: Vec<u8>) -> Value {
    let r = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/{slug}/budgets?situation={situation}"
        )))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn get(node: &TestNode, path: &str) -> reqwest::Response {
    node.client.get(node.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn a_budget_is_in_the_catalog_as_csv_json_and_a_valid_fiscal_data_package() {
    let node = spawn_node("opendata1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let example = std::fs::read("docs/budget/exemple-budget-2026.csv").unwrap();
    let first = import(&node, "rufisque", &token, "2026-06-30", example).await;

    // The catalog: DCAT-AP in JSON-LD, the licence (CC BY 4.0 by default), the publisher, the
    // year as temporal coverage, and the three distributions.
    let r = get(&node, "/communes/rufisque/data/catalog.jsonld").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/ld+json"));
    let catalog: Value = r.json().await.unwrap();
    assert_eq!(catalog["@type"], "Catalog");
    assert_eq!(
        catalog["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(catalog["publisher"]["@id"], node.actor_id("rufisque"));
    let budget = catalog["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["@id"].as_str().unwrap().ends_with("#budget-2026"))
        .expect("the 2026 budget dataset");
    assert_eq!(budget["temporal"]["startDate"], "2026-01-01");
    assert_eq!(budget["temporal"]["endDate"], "2026-12-31");
    assert!(budget["modified"].is_string());
    let dist = |suffix: &str| {
        budget["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["downloadURL"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix}"))
            .clone()
    };
    assert_eq!(
        dist("budget.csv")["mediaType"],
        "http://www.iana.org/assignments/media-types/text/csv"
    );
    let package_url = dist("datapackage.json")["downloadURL"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        dist("datapackage.json")["conformsTo"],
        "https://specs.frictionlessdata.io/fiscal-data-package/"
    );
    // The actor says where the catalog is.
    let actor = node.get_ap(&node.actor_id("rufisque")).await;
    assert_eq!(
        actor["openData"],
        node.url("/communes/rufisque/data/catalog.jsonld")
    );

    // The package and its CSV, downloaded as a reuser would, validate with frictionless.
    let package: Value = node
        .client
        .get(&package_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        package["model"]["measures"]["prevision_definitive"]["phase"],
        "adjusted"
    );
    assert_eq!(
        package["model"]["measures"]["emis_mandate"]["currency"],
        "XOF"
    );
    let csv_url = dist("budget.csv")["downloadURL"]
        .as_str()
        .unwrap()
        .to_string();
    let csv = node
        .client
        .get(&csv_url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("datapackage.json"), package.to_string()).unwrap();
    std::fs::write(dir.path().join("budget.csv"), &csv).unwrap();
    let out = Command::new(python())
        .args([
            "-m",
            "frictionless",
            "validate",
            "--json",
            "datapackage.json",
        ])
        .current_dir(dir.path())
        .output()
        .expect("run frictionless (pip install -r federation-tests/peer/requirements.txt)");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        report["valid"],
        true,
        "frictionless: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // A broken package is caught by the same check: the test can fail.
    std::fs::write(
        dir.path().join("budget.csv"),
        String::from_utf8_lossy(&csv).replacen("2026,", "deux,", 1),
    )
    .unwrap();
    let out = Command::new(python())
        .args([
            "-m",
            "frictionless",
            "validate",
            "--json",
            "datapackage.json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(report["valid"], false);

    // Export, then import into another commune: the same figures.
    node.add_commune("bargny").await;
    let other = node.token("bargny").await;
    let again = import(&node, "bargny", &other, "2026-06-30", csv.to_vec()).await;
    for side in ["expenditure", "revenue"] {
        assert_eq!(again[side], first[side], "{side}");
    }
    assert_eq!(again["lines"], 330);

    // The JSON export: the figures and every line.
    let json: Value = get(&node, "/communes/rufisque/data/budgets/2026/budget.json")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 330);
    assert_eq!(json["expenditure"]["final_forecast"], 3_951_200_000i64);
    assert_eq!(
        json["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
}

#[tokio::test]
async fn exports_answer_their_validators_and_change_with_the_budget_and_the_licence() {
    let node = spawn_node("opendata2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let example = std::fs::read("docs/budget/exemple-budget-2026.csv").unwrap();
    import(&node, "rufisque", &token, "2026-06-30", example.clone()).await;
    for path in [
        "/communes/rufisque/data/budgets/2026/budget.csv",
        "/communes/rufisque/data/budgets/2026/budget.json",
        "/communes/rufisque/data/budgets/2026/datapackage.json",
        "/communes/rufisque/data/catalog.jsonld",
    ] {
        let r = get(&node, path).await;
        assert_eq!(r.status(), 200, "{path}");
        let tag = r.headers()["etag"].to_str().unwrap().to_string();
        let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
        let same = node
            .client
            .get(node.url(path))
            .header("if-none-match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(same.status(), 304, "{path}");
        let since = node
            .client
            .get(node.url(path))
            .header("if-modified-since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(since.status(), 304, "{path}");
        let old = node
            .client
            .get(node.url(path))
            .header("if-none-match", "\"something-else\"")
            .send()
            .await
            .unwrap();
        assert_eq!(old.status(), 200, "{path}");
    }
    let tag_of = |r: &reqwest::Response| r.headers()["etag"].to_str().unwrap().to_string();
    let before = tag_of(&get(&node, "/communes/rufisque/data/budgets/2026/budget.csv").await);
    // A new report changes the export's version.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    import(&node, "rufisque", &token, "2026-09-30", example).await;
    let after = tag_of(&get(&node, "/communes/rufisque/data/budgets/2026/budget.csv").await);
    assert_ne!(before, after);
    // So does the licence, which every package states.
    let c = palabre::service::communes::get(&node.app, "rufisque")
        .await
        .unwrap();
    palabre::service::communes::edit(
        &node.app,
        &c.slug,
        palabre::domain::commune::CommuneProfileInput {
            data_licence: Some("ODbL-1.0".into()),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    let r = get(&node, "/communes/rufisque/data/budgets/2026/budget.csv").await;
    assert_ne!(tag_of(&r), after);
    let package: Value = get(
        &node,
        "/communes/rufisque/data/budgets/2026/datapackage.json",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(package["licenses"][0]["name"], "ODbL-1.0");
    let catalog: Value = get(&node, "/communes/rufisque/data/catalog.jsonld")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        catalog["license"],
        "https://opendatacommons.org/licenses/odbl/1-0/"
    );

    // Unknown years and communes are 404; another commune has no budget.
    assert_eq!(
        get(&node, "/communes/rufisque/data/budgets/2025/budget.csv")
            .await
            .status(),
        404
    );
    assert_eq!(
        get(&node, "/communes/rufisque/data/budgets/deux/budget.csv")
            .await
            .status(),
        404
    );
    assert_eq!(
        get(&node, "/communes/nowhere/data/catalog.jsonld")
            .await
            .status(),
        404
    );
    node.add_commune("bargny").await;
    assert_eq!(
        get(&node, "/communes/bargny/data/budgets/2026/budget.csv")
            .await
            .status(),
        404
    );
    let page = get(&node, "/communes/rufisque/data")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("/communes/rufisque/data/budgets/2026/datapackage.json"));
    assert!(page.contains("ODbL-1.0"));
}
