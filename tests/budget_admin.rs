//! Budgets in the staff area over HTTP, with a real staff login: a file uploaded, its preview
//! (nothing stored yet), confirmed, a line corrected (an `Update` to followers); files with
//! errors listed line by line and stored nowhere; Windows-1252; CSRF, roles and communes.

mod support;

use palabre::domain::commune::Country;
use palabre::domain::staff::Role;
use palabre::l10n::format::amount;
use palabre::l10n::Lang;
use serde_json::Value;
use support::*;

const EXAMPLE: &[u8] = include_bytes!("../docs/budget/exemple-budget-2026.csv");
const HEADER: &str = "exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye";
const IMPORT: &str = "/communes/rufisque/admin/budgets/import";
const CONFIRM: &str = "/communes/rufisque/admin/budgets/confirm";

/// A commune with one staff member of `role`, signed in; returns the browser.
async fn signed_in(node: &TestNode, slug: &str, user: &str, role: Role) -> Browser {
    let c = match palabre::service::communes::get(&node.app, slug).await {
        Ok(c) => c,
        Err(_) => node.add_commune(slug).await,
    };
    let password = format!("{slug} {user} horse battery staple");
    palabre::service::staff::create(&node.app, c.id, user, &password, role)
        .await
        .unwrap();
    let mut b = Browser::new(node);
    assert_eq!(b.login(slug, user, &password).await.0, 303);
    b
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

/// The import form's CSRF token.
async fn import_csrf(b: &mut Browser) -> String {
    let (status, page) = b.get(IMPORT).await;
    assert_eq!(status, 200);
    csrf_of(&page)
}

/// Uploads `bytes` as the CSV file of the import form.
async fn upload(
    b: &mut Browser,
    csrf: &str,
    situation: &str,
    bytes: Vec<u8>,
) -> (u16, String, Option<String>) {
    let mut fields = vec![("situation", situation)];
    if !csrf.is_empty() {
        fields.push(("csrf", csrf));
    }
    b.post_files(
        IMPORT,
        &fields,
        vec![("file", "budget.csv", "text/csv", bytes)],
    )
    .await
}

/// Posts a form whose values are owned strings.
async fn post_owned(
    b: &mut Browser,
    path: &str,
    fields: &[(&str, String)],
) -> (u16, String, Option<String>) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &pairs).await
}

fn hidden(html: &str, name: &str) -> String {
    regex::Regex::new(&format!(r#"name="{name}" value="([^"]*)""#))
        .unwrap()
        .captures(html)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| panic!("no hidden {name} in {html}"))
}

/// Files in the media directory (uploads are stored there once read).
fn media_files(node: &TestNode) -> usize {
    std::fs::read_dir(&node.app.config.media_dir)
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn budget_rows(node: &TestNode) -> i64 {
    node.count("budgets").await + node.count("budget_reports").await
}

#[tokio::test]
async fn an_editor_imports_previews_confirms_and_corrects_a_line() {
    let node = spawn_node("budgetadmin1").await;
    let mut b = signed_in(&node, "rufisque", "awa", Role::Editor).await;

    // The staff frame links to the budgets; the list links to the import.
    let (status, page) = b.get("/communes/rufisque/admin").await;
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/communes/rufisque/admin/budgets\""));
    let (status, page) = b.get("/communes/rufisque/admin/budgets").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"{IMPORT}\"")));
    assert!(page.contains(&Lang::Fr.t("budget-admin-none")));

    // The form names the template and its columns, with today as the default date.
    let (status, form) = b.get(IMPORT).await;
    assert_eq!(status, 200);
    assert!(form.contains("docs/budget/README.md"));
    assert!(form.contains(HEADER));
    assert!(form.contains(&Lang::Fr.t("budget-admin-column-emis_mandate")));
    let commune = palabre::service::communes::get(&node.app, "rufisque")
        .await
        .unwrap();
    let today = commune.local_date(palabre::store::now()).to_string();
    assert!(form.contains(&format!("value=\"{today}\"")), "{form}");
    let csrf = csrf_of(&form);

    // The preview: totals formatted for the commune, nothing stored yet.
    let (status, preview, _) = upload(&mut b, &csrf, "2026-06-30", EXAMPLE.to_vec()).await;
    assert_eq!(status, 200, "{preview}");
    let planned = amount(Lang::Fr, Country::SN, 3_951_200_000);
    assert!(preview.contains(&planned), "{preview}");
    assert!(preview.contains(&amount(Lang::Fr, Country::SN, 1_400_642_250)));
    assert!(preview.contains(&amount(Lang::Fr, Country::SN, 383_257_365)));
    assert!(preview.contains("330"));
    assert!(preview.contains("Décision modificative (DM) : 16 lignes"));
    assert!(preview.contains("Budget primitif (BP) : 314 lignes"));
    assert!(preview.contains("26,1"), "investment expenditure rate");
    assert!(preview.contains("n’est pas encore publié"));
    let sha256 = hidden(&preview, "sha256");
    assert_eq!(sha256.len(), 64);
    assert_eq!(hidden(&preview, "situation"), "2026-06-30");
    assert_eq!(year_json(&node, "rufisque", 2026).await.0, 404);
    assert_eq!(budget_rows(&node).await, 0);
    assert_eq!(node.count("activities").await, 0);

    // Confirming without the token is refused and stores nothing.
    let (status, _, _) = b
        .post(CONFIRM, &[("sha256", &sha256), ("situation", "2026-06-30")])
        .await;
    assert_eq!(status, 403);
    let (status, _, _) = b
        .post(
            CONFIRM,
            &[
                ("csrf", "forged"),
                ("sha256", &sha256),
                ("situation", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(year_json(&node, "rufisque", 2026).await.0, 404);
    // A hash that is not one, or names nothing stored.
    let (status, page, _) = b
        .post(
            CONFIRM,
            &[
                ("csrf", &csrf),
                ("sha256", "../../etc/passwd"),
                ("situation", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains(&Lang::Fr.t("budget-admin-bad-file")));
    let (status, page, _) = b
        .post(
            CONFIRM,
            &[
                ("csrf", &csrf),
                ("sha256", &"0".repeat(64)),
                ("situation", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    assert!(page.contains(&Lang::Fr.t("budget-admin-file-gone")));
    assert_eq!(budget_rows(&node).await, 0);

    // Confirmed: stored and published.
    let (status, _, location) = b
        .post(
            CONFIRM,
            &[
                ("csrf", &csrf),
                ("sha256", &sha256),
                ("situation", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert_eq!(location, "/communes/rufisque/admin/budgets/2026");
    let (status, json) = year_json(&node, "rufisque", 2026).await;
    assert_eq!(status, 200);
    assert_eq!(json["expenditure"]["final_forecast"], 3_951_200_000i64);
    assert_eq!(json["expenditure"]["executed"], 1_400_642_250i64);
    assert_eq!(json["situation_date"], "2026-06-30");
    assert_eq!(node.count("activities").await, 1);

    // The lines, a hundred a page, with the flash message once.
    let (status, page) = b.get(&location).await;
    assert_eq!(status, 200);
    assert!(page.contains(&Lang::Fr.t("flash-updated")));
    assert!(page.contains("Page 1 sur 4"));
    assert_eq!(page.matches("/lines/").count(), 100);
    assert!(page.contains("Droits de place – marché central"));
    let (status, last) = b.get(&format!("{location}?page=4")).await;
    assert_eq!(status, 200);
    assert!(last.contains("Page 4 sur 4"));
    assert_eq!(last.matches("/lines/").count(), 30);
    let (_, again) = b.get(&location).await;
    assert!(!again.contains(&Lang::Fr.t("flash-updated")));

    // The list shows the year, its report, its lines and its public page.
    let (_, list) = b.get("/communes/rufisque/admin/budgets").await;
    assert!(list.contains("Exercice 2026"));
    assert!(list.contains("href=\"/communes/rufisque/budgets/2026\""));
    assert!(list.contains(&format!("href=\"{location}\"")));
    assert!(list.contains("30 juin 2026"));

    // Importing the same file at the same date says it replaces that report.
    let (status, preview, _) = upload(&mut b, &csrf, "2026-06-30", EXAMPLE.to_vec()).await;
    assert_eq!(status, 200);
    assert!(preview.contains("remplacera le rapport"), "{preview}");

    // Correct an expenditure line's mandated amount, typed with spaces between thousands.
    let view = palabre::service::budgets::view(&node.app, &commune, 2026)
        .await
        .unwrap()
        .unwrap();
    let stored = view
        .current()
        .iter()
        .find(|l| {
            l.line.direction == palabre::domain::budget::Direction::Expenditure
                && l.line.document == palabre::domain::budget::Document::Primitive
                && l.line.amounts.issued.is_some()
        })
        .unwrap()
        .clone();
    let line_path = format!("{location}/lines/{}", stored.id);
    let (status, form) = b.get(&line_path).await;
    assert_eq!(status, 200);
    assert!(form.contains(&format!("value=\"{}\"", stored.line.label)));
    let csrf = csrf_of(&form);
    let a = stored.line.amounts;
    let plain = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let old = a.issued.unwrap();
    let new = old + 1_234_567;
    let spaced = |v: i64| {
        let digits = v.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(' ');
            }
            out.push(c);
        }
        out
    };
    let fields = |issued: String| {
        vec![
            ("csrf", csrf.clone()),
            ("libelle", stored.line.label.clone()),
            ("source", stored.line.source.clone()),
            ("prevision_initiale", plain(a.initial)),
            ("modifications", plain(a.modifications)),
            ("prevision_definitive", plain(a.final_forecast)),
            ("engage", plain(a.committed)),
            ("emis_mandate", issued),
            ("recouvre_paye", plain(a.settled)),
        ]
    };
    // A negative amount is refused next to its field; nothing changes.
    let (status, html, _) = post_owned(&mut b, &line_path, &fields("-5".into())).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"emis_mandate-error\""), "{html}");
    let field_at = html.find("name=\"emis_mandate\"").unwrap();
    let message = Lang::Fr.t("budget-admin-invalid-negative");
    let message_at = html.find(&message).unwrap();
    assert!(message_at > field_at, "the message follows its field");
    assert!(
        html.contains("value=\"-5\""),
        "the form keeps what was typed"
    );
    // So is text that is not an amount.
    let (status, html, _) = post_owned(&mut b, &line_path, &fields("douze".into())).await;
    assert_eq!(status, 422);
    assert!(html.contains(&Lang::Fr.t("budget-csv-not-an-amount")));
    // A final forecast that is not initial + modifications, and a label read as a formula, in
    // English: each message beside its field.
    b.lang = "en";
    let with = |field: &str, value: String| {
        let mut f = fields(plain(a.issued));
        for (k, v) in f.iter_mut() {
            if *k == field {
                *v = value.clone();
            }
        }
        f
    };
    let wrong = a.final_forecast.unwrap() + 1;
    let (status, html, _) = post_owned(
        &mut b,
        &line_path,
        &with("prevision_definitive", wrong.to_string()),
    )
    .await;
    assert_eq!(status, 422);
    let expected = amount(
        Lang::En,
        Country::SN,
        a.initial.unwrap_or(0) + a.modifications.unwrap_or(0),
    );
    let message = format!(
        "<p class=\"error\" id=\"prevision_definitive-error\" role=\"alert\"><strong>{}</strong></p>",
        Lang::En.t_args(
            "budget-admin-invalid-mismatch",
            &[("expected", expected.into())]
        )
    );
    assert!(html.contains(&message), "{html}");
    let (status, html, _) =
        post_owned(&mut b, &line_path, &with("libelle", "=HYPERLINK(1)".into())).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"libelle-error\""));
    assert!(html.contains(&Lang::En.t("budget-admin-invalid-formula")));
    b.lang = "fr";
    assert_eq!(node.count("activities").await, 1);
    assert_eq!(
        year_json(&node, "rufisque", 2026).await.1["expenditure"]["executed"],
        1_400_642_250i64
    );

    // The correction: the total moves by the difference, and followers get an Update.
    let (status, _, to) = post_owned(&mut b, &line_path, &fields(spaced(new))).await;
    assert_eq!(status, 303);
    assert!(to.unwrap().starts_with(&location));
    let (_, json) = year_json(&node, "rufisque", 2026).await;
    assert_eq!(
        json["expenditure"]["executed"],
        1_400_642_250i64 + (new - old)
    );
    assert_eq!(node.count("activities").await, 2);
    let outbox = node
        .get_ap(&node.url("/communes/rufisque/outbox?page=1"))
        .await;
    assert_eq!(types_of(&outbox["orderedItems"]), ["Update", "Create"]);
    let (_, form) = b.get(&line_path).await;
    assert!(form.contains(&format!("value=\"{new}\"")));
}

#[tokio::test]
async fn a_file_with_errors_is_listed_line_by_line_and_stored_nowhere() {
    let node = spawn_node("budgetadmin2").await;
    let mut b = signed_in(&node, "rufisque", "awa", Role::Editor).await;
    let csrf = import_csrf(&mut b).await;
    let bad = [
        HEADER,
        "2026;BP;fonctionnement;depense;60;601;;Fournitures;ressources propres;1 000 000;;1 000 000;;;",
        "2026;BP;fonctionnement;depense;60;602;;Carburant;ressources propres;beaucoup;;;;;",
        "2026;BP;fonctionnement;depense;61;611;;Loyer;ressources propres;500 000;;500 000;-20 000;;",
    ]
    .join("\r\n")
        + "\r\n";
    let (status, html, _) = upload(&mut b, &csrf, "2026-06-30", bad.into_bytes()).await;
    assert_eq!(status, 422);
    assert!(html.contains(&palabre::l10n::csv_errors_summary(Lang::Fr, 2)));
    let row = |line: u64, column: &str, key: &str| {
        format!(
            "<tr><td>{line}</td><td><code>{column}</code></td><td>{}</td></tr>",
            Lang::Fr.t(key)
        )
    };
    assert!(
        html.contains(&row(3, "prevision_initiale", "budget-csv-not-an-amount")),
        "{html}"
    );
    assert!(html.contains(&row(4, "engage", "budget-csv-negative")));
    assert!(!html.contains("name=\"sha256\""), "no preview");
    assert_eq!(media_files(&node), 0, "nothing stored, not even the file");
    assert_eq!(budget_rows(&node).await, 0);
    assert_eq!(year_json(&node, "rufisque", 2026).await.0, 404);

    // In Portuguese too; a whole-file error says so.
    b.lang = "pt";
    let (status, html, _) = upload(&mut b, &csrf, "2026-06-30", b"".to_vec()).await;
    assert_eq!(status, 422, "an empty part is no file");
    assert!(html.contains(&Lang::Pt.t("budget-admin-file-required")));
    let (status, html, _) = upload(&mut b, &csrf, "2026-06-30", b"\x00\x01".to_vec()).await;
    assert_eq!(status, 422);
    assert!(html.contains(&Lang::Pt.t("budget-admin-whole-file")));
    assert!(html.contains(&Lang::Pt.t("budget-csv-encoding")));
    // A good file with a bad date is refused too, and stored nowhere.
    let (status, html, _) = upload(&mut b, &csrf, "30/06/2026", EXAMPLE.to_vec()).await;
    assert_eq!(status, 422);
    assert!(html.contains(&Lang::Pt.t("budget-admin-situation-invalid")));
    assert_eq!(media_files(&node), 0);

    // Too large: past the body limit, and past the reader's limit within it.
    b.lang = "fr";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("situation", "2026-06-30")
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![b'1'; 11 * 1024 * 1024])
                .file_name("budget.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    let res = b
        .client
        .post(node.url(IMPORT))
        .header("cookie", b.cookie_header())
        .header("accept-language", "fr")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    // The node answers while the client is still sending and closes the connection with the
    // rest unread, so the reset can cut the page short on the client's side; when it arrives
    // it says why.
    if let Ok(html) = res.text().await {
        assert!(html.contains(&Lang::Fr.t("budget-csv-too-large")), "{html}");
    }
    let just_over = vec![b'1'; palabre::domain::budget_csv::MAX_BYTES + 1];
    let (status, html, _) = upload(&mut b, &csrf, "2026-06-30", just_over).await;
    assert_eq!(status, 413);
    assert!(html.contains(&Lang::Fr.t("budget-csv-too-large")));
    assert_eq!(media_files(&node), 0);
    assert_eq!(budget_rows(&node).await, 0);
}

#[tokio::test]
async fn a_windows_1252_file_imports_the_same_totals() {
    let node = spawn_node("budgetadmin3").await;
    let mut b = signed_in(&node, "rufisque", "awa", Role::Editor).await;
    let csrf = import_csrf(&mut b).await;
    let text = std::str::from_utf8(EXAMPLE).unwrap();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&cp1252).is_err(), "really not UTF-8");
    let (status, preview, _) = upload(&mut b, &csrf, "2026-06-30", cp1252.into_owned()).await;
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains(&amount(Lang::Fr, Country::SN, 3_951_200_000)));
    let sha256 = hidden(&preview, "sha256");
    let (status, _, _) = b
        .post(
            CONFIRM,
            &[
                ("csrf", &csrf),
                ("sha256", &sha256),
                ("situation", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (status, json) = year_json(&node, "rufisque", 2026).await;
    assert_eq!(status, 200);
    assert_eq!(json["expenditure"]["final_forecast"], 3_951_200_000i64);
    assert_eq!(json["expenditure"]["executed"], 1_400_642_250i64);
    assert_eq!(json["revenue"]["final_forecast"], 3_951_200_000i64);
    assert_eq!(json["revenue"]["executed"], 1_351_997_010i64);
    let (_, lines) = b.get("/communes/rufisque/admin/budgets/2026").await;
    assert!(
        lines.contains("Droits de place – marché central"),
        "accents decoded"
    );
}

#[tokio::test]
async fn csrf_roles_and_communes_are_enforced() {
    let node = spawn_node("budgetadmin4").await;
    let mut editor = signed_in(&node, "rufisque", "awa", Role::Editor).await;
    let mut moderator = signed_in(&node, "rufisque", "modo", Role::Moderator).await;
    let mut admin = signed_in(&node, "rufisque", "maire", Role::Admin).await;
    let mut stranger = signed_in(&node, "thies", "awa", Role::Admin).await;

    // An upload without the token is refused and stores nothing, not even the file.
    let (status, _, _) = upload(&mut editor, "", "2026-06-30", EXAMPLE.to_vec()).await;
    assert_eq!(status, 403);
    let (status, _, _) = upload(&mut editor, "forged", "2026-06-30", EXAMPLE.to_vec()).await;
    assert_eq!(status, 403);
    assert_eq!(media_files(&node), 0);

    // An admin imports.
    let csrf = import_csrf(&mut admin).await;
    let (status, preview, _) = upload(&mut admin, &csrf, "2026-03-31", EXAMPLE.to_vec()).await;
    assert_eq!(status, 200);
    let sha256 = hidden(&preview, "sha256");
    let confirm = [
        ("csrf", csrf.as_str()),
        ("sha256", sha256.as_str()),
        ("situation", "2026-03-31"),
    ];
    assert_eq!(admin.post(CONFIRM, &confirm).await.0, 303);
    let commune = palabre::service::communes::get(&node.app, "rufisque")
        .await
        .unwrap();
    let view = palabre::service::budgets::view(&node.app, &commune, 2026)
        .await
        .unwrap()
        .unwrap();
    let line = format!(
        "/communes/rufisque/admin/budgets/2026/lines/{}",
        view.current()[0].id
    );
    assert_eq!(admin.get(&line).await.0, 200);
    assert_eq!(
        admin.get("/communes/rufisque/admin/budgets/2025").await.0,
        404
    );
    assert_eq!(
        admin
            .get("/communes/rufisque/admin/budgets/2026/lines/999999")
            .await
            .0,
        404
    );
    let activities = node.count("activities").await;

    // A moderator sees none of it and changes nothing; the frame has no link for them.
    let (_, frame) = moderator.get("/communes/rufisque/admin").await;
    assert!(!frame.contains("/admin/budgets"));
    let mcsrf = csrf_of(&frame);
    for path in [
        "/communes/rufisque/admin/budgets",
        IMPORT,
        "/communes/rufisque/admin/budgets/2026",
        line.as_str(),
    ] {
        let (status, page) = moderator.get(path).await;
        assert_eq!(status, 403, "{path}");
        assert!(page.contains(&Lang::Fr.t("admin-forbidden")), "{path}");
    }
    assert_eq!(
        upload(&mut moderator, &mcsrf, "2026-06-30", EXAMPLE.to_vec())
            .await
            .0,
        403
    );
    let mconfirm = [
        ("csrf", mcsrf.as_str()),
        ("sha256", sha256.as_str()),
        ("situation", "2026-06-30"),
    ];
    assert_eq!(moderator.post(CONFIRM, &mconfirm).await.0, 403);
    assert_eq!(
        moderator
            .post(
                &line,
                &[("csrf", &mcsrf), ("libelle", "Autre"), ("source", "")]
            )
            .await
            .0,
        403
    );

    // Staff of another commune cannot reach this commune's pages, even with its own token.
    let (_, own) = stranger.get("/communes/thies/admin/budgets").await;
    let scsrf = csrf_of(&own);
    assert!(!scsrf.is_empty());
    for path in [
        "/communes/rufisque/admin/budgets",
        IMPORT,
        "/communes/rufisque/admin/budgets/2026",
        line.as_str(),
    ] {
        assert_eq!(stranger.get(path).await.0, 403, "{path}");
    }
    assert_eq!(
        upload(&mut stranger, &scsrf, "2026-06-30", EXAMPLE.to_vec())
            .await
            .0,
        403
    );
    let sconfirm = [
        ("csrf", scsrf.as_str()),
        ("sha256", sha256.as_str()),
        ("situation", "2026-06-30"),
    ];
    assert_eq!(stranger.post(CONFIRM, &sconfirm).await.0, 403);
    assert_eq!(
        stranger
            .post(
                &line,
                &[("csrf", &scsrf), ("libelle", "Autre"), ("source", "")]
            )
            .await
            .0,
        403
    );
    // Nor a correction of this commune's line without the token, by its own editor.
    assert_eq!(
        editor
            .post(&line, &[("libelle", "Autre"), ("source", "")])
            .await
            .0,
        403
    );
    assert_eq!(node.count("activities").await, activities);
    let view = palabre::service::budgets::view(&node.app, &commune, 2026)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.reports.len(), 1, "only the admin's import");
    assert_ne!(view.current()[0].line.label, "Autre");
    assert_eq!(
        palabre::service::budgets::view(
            &node.app,
            &palabre::service::communes::get(&node.app, "thies")
                .await
                .unwrap(),
            2026
        )
        .await
        .unwrap()
        .map(|v| v.reports.len()),
        None
    );
}
