//! The public budget pages, read as a citizen reads them: the documented example file imported
//! through the API, then the year page, a chapter's lines and the list of years, in French and
//! in Portuguese, each under 30 KB, with charts that have their table, and rates over a zero base
//! that read "not applicable".

mod support;

use palabre::domain::commune::Country;
use palabre::l10n::{format, Lang};
use support::*;

const EXAMPLE: &str = include_str!("../docs/budget/exemple-budget-2026.csv");
const LIMIT: usize = 30 * 1024;

/// The totals of the example file, summed independently of the node (a spreadsheet's sums).
const EXPENDITURE_PLANNED: i64 = 3_951_200_000;
const EXPENDITURE_MANDATED: i64 = 1_400_642_250;
const REVENUE_PLANNED: i64 = 3_951_200_000;
const REVENUE_COLLECTED: i64 = 1_351_997_010;

async fn import(node: &TestNode, token: &str, csv: &str, situation: &str) {
    let res = node
        .client
        .post(node.url(&format!(
            "/api/v1/communes/rufisque/budgets?situation={situation}"
        )))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("import");
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(status, 201, "{body}");
}

async fn page(node: &TestNode, path: &str, lang: &str) -> (u16, String) {
    let res = node
        .client
        .get(node.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .expect("get");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// Text as maud writes it in the page.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A rate in tenths of a percent, rounded half up: the page's rounding, computed here.
fn per_mille(executed: i64, base: i64) -> i64 {
    (executed * 2000 + base) / (base * 2)
}

fn amount(lang: Lang, v: i64) -> String {
    format::amount(lang, Country::SN, v)
}

fn percent(lang: Lang, executed: i64, base: i64) -> String {
    format::percent(lang, Country::SN, per_mille(executed, base))
}

/// Every chart is an image with a name, and the page has tables with headers.
fn assert_accessible(body: &str, what: &str) {
    let svgs = body.matches("<svg").count();
    let named = regex::Regex::new(r#"<svg [^>]*role="img"[^>]*aria-label="[^"]+""#)
        .unwrap()
        .find_iter(body)
        .count();
    assert_eq!(svgs, named, "{what}: every chart has role=img and a name");
    // Readable at 320 px: every chart scales to the screen's width.
    assert_eq!(body.matches("viewBox=").count(), svgs, "{what}");
    assert_eq!(body.matches(r#"width="100%""#).count(), svgs, "{what}");
    if svgs > 0 {
        assert!(body.contains("<table>"), "{what}: a chart has its table");
    }
    assert!(body.contains(r#"<th scope="col">"#), "{what}");
    assert!(!body.contains("<script"), "{what}: no JavaScript");
}

/// No rate or amount rendered as a float's failure.
fn assert_no_nan(body: &str, what: &str) {
    let bad = regex::Regex::new(r"(?i)\bnan\b|\binf(inity)?\b|∞").unwrap();
    assert!(!bad.is_match(body), "{what}: {:?}", bad.find(body));
}

/// The example file's rows: (direction, section, chapter, label, final forecast).
fn example_rows() -> Vec<(String, String, String, String, i64)> {
    let amount = |s: &str| -> i64 {
        let digits: String = s
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        digits.parse().unwrap_or(0)
    };
    EXAMPLE
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            let final_forecast = if f[11].trim().is_empty() {
                amount(f[9]) + amount(f[10])
            } else {
                amount(f[11])
            };
            (
                f[3].to_string(),
                f[2].to_string(),
                f[4].to_string(),
                f[7].to_string(),
                final_forecast,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_example_budget_reads_in_french_and_portuguese() {
    let node = spawn_node("budgetpages1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;

    // Before any import: the list says there is none, the year is not found.
    let (status, index) = page(&node, "/communes/rufisque/budgets", "fr").await;
    assert_eq!(status, 200);
    assert!(
        index.contains(&escaped(&Lang::Fr.t("budgets-none"))),
        "{index}"
    );
    let (status, _) = page(&node, "/communes/rufisque/budgets/2026", "fr").await;
    assert_eq!(status, 404);

    // The commune's page links to its budgets.
    let (_, home) = page(&node, "/communes/rufisque", "fr").await;
    assert!(
        home.contains(r#"href="/communes/rufisque/budgets""#),
        "{home}"
    );

    import(&node, &token, EXAMPLE, "2026-06-30").await;

    let path = "/communes/rufisque/budgets/2026";
    for lang in [Lang::Fr, Lang::Pt] {
        let (status, body) = page(&node, path, lang.code()).await;
        assert_eq!(status, 200, "{lang:?}");
        eprintln!("year page ({}): {} bytes", lang.code(), body.len());
        assert!(body.len() < LIMIT, "{lang:?}: {} bytes", body.len());
        for v in [
            EXPENDITURE_PLANNED,
            EXPENDITURE_MANDATED,
            REVENUE_PLANNED,
            REVENUE_COLLECTED,
        ] {
            assert!(body.contains(&amount(lang, v)), "{lang:?} lacks {v}");
        }
        for (executed, base) in [
            (EXPENDITURE_MANDATED, EXPENDITURE_PLANNED),
            (REVENUE_COLLECTED, REVENUE_PLANNED),
        ] {
            let rate = percent(lang, executed, base);
            assert!(body.contains(&rate), "{lang:?} lacks {rate}");
        }
        let date = format::date(
            lang,
            Country::SN,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        );
        assert!(body.contains(&date), "{lang:?} lacks {date}");
        for key in [
            "budget-overview",
            "budget-by-section",
            "budget-by-chapter",
            "budget-section-fonctionnement",
            "budget-section-investissement",
        ] {
            assert!(
                body.contains(&escaped(&lang.t(key))),
                "{lang:?} lacks {key}"
            );
        }
        assert!(body.contains("<svg") && body.contains(r#"role="img""#));
        assert!(body.contains("<table>"));
        assert_accessible(&body, "year page");
        assert_no_nan(&body, "year page");
        // One report: no progress yet.
        assert!(!body.contains(&escaped(&lang.t("budget-progress"))));
        // The page is the ActivityPub object's page.
        assert!(body.contains(&format!(
            r#"<link rel="alternate" type="application/activity+json" href="{}">"#,
            node.url(path)
        )));
        // Each chapter links to its lines.
        assert!(body.contains("?sens=depense&amp;section=fonctionnement&amp;chapitre=64"));
    }

    // A chapter's lines: expenditure, operating, chapter 64, every line of it and no other.
    let rows = example_rows();
    let chapter: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == "depense" && r.1 == "fonctionnement" && r.2 == "64")
        .collect();
    assert!(chapter.len() > 10);
    let chapter_path = format!("{path}?sens=depense&section=fonctionnement&chapitre=64");
    for lang in [Lang::Fr, Lang::Pt] {
        let (status, body) = page(&node, &chapter_path, lang.code()).await;
        assert_eq!(status, 200);
        eprintln!("chapter view ({}): {} bytes", lang.code(), body.len());
        assert!(body.len() < LIMIT, "{} bytes", body.len());
        for r in &chapter {
            assert!(
                body.contains(&escaped(&r.3)),
                "{lang:?} lacks the line {}",
                r.3
            );
        }
        let other = rows
            .iter()
            .find(|r| r.2 == "60")
            .expect("a chapter 60 line");
        assert!(
            !body.contains(&escaped(&other.3)),
            "only chapter 64's lines"
        );
        let total: i64 = chapter.iter().map(|r| r.4).sum();
        assert!(
            body.contains(&amount(lang, total)),
            "{lang:?} lacks {total}"
        );
        for key in [
            "budget-col-initial",
            "budget-col-committed",
            "budget-col-source",
        ] {
            assert!(
                body.contains(&escaped(&lang.t(key))),
                "{lang:?} lacks {key}"
            );
        }
        assert_accessible(&body, "chapter view");
        assert_no_nan(&body, "chapter view");
        // The switcher keeps the chapter.
        assert!(
            body.contains("chapitre=64&amp;lang="),
            "switcher keeps the chapter"
        );
    }

    // Unknown values show the year page, nothing broken.
    for q in [
        "?sens=depense&section=fonctionnement&chapitre=99",
        "?sens=ailleurs&section=fonctionnement&chapitre=64",
        "?sens=depense",
        "?chapitre=%FF%FE",
    ] {
        let (status, body) = page(&node, &format!("{path}{q}"), "fr").await;
        assert_eq!(status, 200, "{q}");
        assert!(
            body.contains(&amount(Lang::Fr, EXPENDITURE_MANDATED)),
            "{q}: the year page"
        );
        assert!(body.contains(&escaped(&Lang::Fr.t("budget-chapter-unknown"))));
    }

    // Not found: a year without a budget, a year that is not a number.
    for p in [
        "/communes/rufisque/budgets/2025",
        "/communes/rufisque/budgets/deux-mille",
        "/communes/rufisque/budgets/20261",
    ] {
        let (status, _) = page(&node, p, "fr").await;
        assert_eq!(status, 404, "{p}");
    }

    // The same URL for ActivityPub clients is the Article.
    let article = node.get_ap(&node.url(path)).await;
    assert_eq!(article["type"], "Article");

    // A later report: the year's progress appears, with both dates.
    import(&node, &token, EXAMPLE, "2026-09-30").await;
    let (status, body) = page(&node, path, "fr").await;
    assert_eq!(status, 200);
    eprintln!("year page with progress (fr): {} bytes", body.len());
    assert!(body.len() < LIMIT, "{} bytes", body.len());
    assert!(body.contains(&escaped(&Lang::Fr.t("budget-progress"))));
    for d in [(2026, 6, 30), (2026, 9, 30)] {
        let date = format::date(
            Lang::Fr,
            Country::SN,
            chrono::NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
        );
        assert!(body.contains(&date), "lacks {date}");
    }
    assert_eq!(body.matches("<svg").count(), 3, "sections ×2 and progress");
    assert_accessible(&body, "year page with progress");

    // The list of years.
    let (status, index) = page(&node, "/communes/rufisque/budgets", "pt").await;
    assert_eq!(status, 200);
    eprintln!("index, one year (pt): {} bytes", index.len());
    assert!(index.len() < LIMIT);
    assert!(index.contains(r#"href="/communes/rufisque/budgets/2026""#));
    assert!(index.contains(&amount(Lang::Pt, REVENUE_COLLECTED)));
    assert!(!index.contains(&escaped(&Lang::Pt.t("budgets-compare"))));
}

/// A small file of 4 lines, one of them with a zero final forecast, and a whole section
/// planned at zero: the rates over zero read "not applicable", never NaN or infinity.
const SMALL: &str = "exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye
2027;BP;fonctionnement;depense;60;601;6011;Fournitures de bureau;ressources propres;1 000 000;0;1 000 000;500 000;400 000;300 000
2027;BP;fonctionnement;depense;60;601;6012;Ligne ouverte sans crédit;ressources propres;0;0;0;;;
2027;BP;fonctionnement;recette;70;701;7011;Droits de place;ressources propres;2 000 000;0;2 000 000;;1 500 000;1 000 000
2027;BP;investissement;depense;21;211;2111;Forage du quartier Est;bailleurs;0;0;0;0;0;0
";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rates_over_zero_are_not_applicable_and_years_compare() {
    let node = spawn_node("budgetpages2").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    import(&node, &token, SMALL, "2027-03-31").await;

    let not_applicable = Lang::Fr.t("budget-rate-not-applicable");
    let path = "/communes/rufisque/budgets/2027";
    let (status, chapter) = page(
        &node,
        &format!("{path}?sens=depense&section=fonctionnement&chapitre=60"),
        "fr",
    )
    .await;
    assert_eq!(status, 200);
    assert!(chapter.contains("Ligne ouverte sans crédit"), "{chapter}");
    assert!(chapter.contains(&not_applicable), "{chapter}");
    assert!(chapter.contains(&percent(Lang::Fr, 400_000, 1_000_000)));
    assert_no_nan(&chapter, "chapter view");

    let (status, year) = page(&node, path, "fr").await;
    assert_eq!(status, 200);
    // The investment section is planned at zero: its rate is not applicable.
    assert!(year.contains(&not_applicable), "{year}");
    assert_no_nan(&year, "year page");
    assert_accessible(&year, "year page");

    let (_, en) = page(&node, path, "en").await;
    assert!(en.contains(&Lang::En.t("budget-rate-not-applicable")));
    assert_no_nan(&en, "year page in English");

    // With a second year, the list compares them in a chart and its table.
    import(&node, &token, EXAMPLE, "2026-12-31").await;
    let (status, index) = page(&node, "/communes/rufisque/budgets", "fr").await;
    assert_eq!(status, 200);
    eprintln!("index, two years (fr): {} bytes", index.len());
    assert!(index.len() < LIMIT);
    let latest = index.find("/budgets/2027\"").expect("2027 listed");
    let earlier = index.find("/budgets/2026\"").expect("2026 listed");
    assert!(latest < earlier, "latest year first");
    assert!(index.contains(&escaped(&Lang::Fr.t("budgets-compare"))));
    assert_eq!(index.matches("<svg").count(), 2, "expenditure and revenue");
    assert!(index.contains(&amount(Lang::Fr, EXPENDITURE_MANDATED)));
    assert!(index.contains(&amount(Lang::Fr, 2_000_000)));
    assert_accessible(&index, "index");
    assert_no_nan(&index, "index");
}
