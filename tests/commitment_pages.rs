//! The action plan's pages over HTTP: the public plan and a commitment's page (a late milestone
//! marked, in French and Portuguese, under 30 KB, the `Article` at the same URL), and the
//! staff's forms with a real login — create, edit, a milestone marked done with its evidence,
//! a progress note, the status; refusals marked next to their field with nothing stored;
//! moderators, forged forms and another commune's staff refused.

mod support;

use chrono::{Duration, NaiveDate};
use palabre::domain::staff::Role;
use serde_json::{json, Value};
use support::*;

const BUDGET: usize = 30 * 1024;

fn today() -> NaiveDate {
    // The test communes are in Senegal: Africa/Dakar is UTC all year.
    chrono::Utc::now().date_naive()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A commune with one staff member of `role`, signed in.
async fn signed_in(
    node: &TestNode,
    slug: &str,
    user: &str,
    role: Role,
    lang: &'static str,
) -> Browser {
    let c = match palabre::service::communes::get(&node.app, slug).await {
        Ok(c) => c,
        Err(_) => node.add_commune(slug).await,
    };
    let password = format!("{slug} {user} horse battery staple");
    palabre::service::staff::create(&node.app, c.id, user, &password, role)
        .await
        .unwrap();
    let mut b = Browser::new(node);
    b.lang = lang;
    assert_eq!(b.login(slug, user, &password).await.0, 303);
    b
}

async fn page(node: &TestNode, path: &str, lang: &str) -> (u16, String) {
    let r = node
        .client
        .get(node.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn api_list(node: &TestNode, slug: &str) -> Vec<Value> {
    let v: Value = node
        .client
        .get(node.url(&format!("/api/v1/communes/{slug}/commitments")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["items"].as_array().cloned().unwrap_or_default()
}

async fn api_get(node: &TestNode, slug: &str, key: &str) -> Value {
    node.client
        .get(node.url(&format!("/api/v1/communes/{slug}/commitments/{key}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A commitment created by the API with a milestone due 30 days ago and not done, and one due
/// in 60 days.
async fn late_commitment(node: &TestNode, token: &str) -> Value {
    let t = today();
    let res = node
        .client
        .post(node.url("/api/v1/communes/rufisque/commitments"))
        .bearer_auth(token)
        .json(&json!({
            "title": "Publier les comptes de la commune",
            "problem": "Les habitants ne voient pas les comptes.",
            "lead": "Secrétariat général",
            "partners": "AfricTivistes",
            "starts_on": iso(t - Duration::days(90)),
            "ends_on": iso(t + Duration::days(270)),
            "milestones": [
                {"title": "Premier rapport trimestriel", "due_on": iso(t - Duration::days(30))},
                {"title": "Budget en ligne", "due_on": iso(t + Duration::days(60))}
            ]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// The value of an `<input>` named `name` in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let re = regex::Regex::new(&format!(
        r#"name="{}"[^>]*?value="([^"]*)""#,
        regex::escape(name)
    ))
    .unwrap();
    re.captures(html).map(|c| c[1].to_string())
}

#[tokio::test]
async fn the_plan_and_a_commitment_show_a_late_milestone() {
    let node = spawn_node("plan1").await;
    node.add_commune("rufisque").await;
    let token = node.token("rufisque").await;
    let c = late_commitment(&node, &token).await;
    let key = c["key"].as_str().unwrap();
    let path = format!("/communes/rufisque/commitments/{key}");

    // The commitment's page, in French and in Portuguese: the late milestone is marked.
    let (status, fr) = page(&node, &path, "fr").await;
    assert_eq!(status, 200);
    assert!(fr.len() < BUDGET, "{} bytes", fr.len());
    assert!(fr.contains("Publier les comptes de la commune"));
    assert!(fr.contains("Les habitants ne voient pas les comptes."));
    assert!(fr.contains("Secrétariat général") && fr.contains("AfricTivistes"));
    assert!(fr.contains("<table"));
    assert!(fr.contains("En retard"), "the late milestone is marked");
    assert_eq!(fr.matches(">En retard<").count(), 1, "only the overdue one");
    assert!(fr.contains("1 jalon en retard"));
    assert!(fr.contains("0 jalon réalisé sur 2"));
    assert!(fr.contains(&format!(
        r#"<link rel="alternate" type="application/activity+json" href="{}">"#,
        node.url(&path)
    )));
    assert!(!fr.contains("<script"));
    let (_, pt) = page(&node, &path, "pt").await;
    assert!(pt.contains("Em atraso"), "Portuguese late mark");
    assert!(pt.contains("1 etapa em atraso"));
    assert!(pt.contains("Etapas") && pt.contains("Prazo"));
    assert!(pt.len() < BUDGET);

    // The plan lists it with its progress.
    let (status, plan) = page(&node, "/communes/rufisque/commitments", "fr").await;
    assert_eq!(status, 200);
    assert!(plan.len() < BUDGET, "{} bytes", plan.len());
    assert!(plan.contains("Plan d’action"));
    assert!(plan.contains(&format!(r#"href="{path}""#)));
    assert!(plan.contains("<svg") && plan.contains("0 jalon réalisé sur 2"));
    assert!(plan.contains("1 jalon en retard"));
    assert!(plan.contains("non commencé"), "its status on the OGP scale");
    let (_, plan_pt) = page(&node, "/communes/rufisque/commitments", "pt").await;
    assert!(plan_pt.contains("Plano de ação") && plan_pt.contains("1 etapa em atraso"));
    assert!(plan_pt.contains("não iniciado"));

    // The commune's page links to the plan.
    let (_, home) = page(&node, "/communes/rufisque", "fr").await;
    assert!(home.contains(r#"href="/communes/rufisque/commitments""#));

    // ActivityPub clients get the Article at the same URL.
    let doc = node.get_ap(&node.url(&path)).await;
    assert_eq!(doc["type"], "Article");
    assert_eq!(doc["id"], node.url(&path));
    let milestones = doc["commitment"]["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 2);
    assert_eq!(milestones[0]["name"], "Premier rapport trimestriel");

    // An unknown commitment is a page that says so.
    let (status, _) = page(&node, "/communes/rufisque/commitments/nope", "fr").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_editor_runs_a_commitment_with_the_staff_forms() {
    let node = spawn_node("plan2").await;
    let mut e = signed_in(&node, "rufisque", "awa", Role::Editor, "fr").await;
    let t = today();
    let (start, end) = (iso(t - Duration::days(10)), iso(t + Duration::days(355)));
    let (due1, due2) = (iso(t + Duration::days(30)), iso(t + Duration::days(200)));

    let (status, list) = e.get("/communes/rufisque/admin/commitments").await;
    assert_eq!(status, 200);
    assert!(list.contains(r#"href="/communes/rufisque/admin/commitments/new""#));
    let (status, form) = e.get("/communes/rufisque/admin/commitments/new").await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"name="milestone_title_4""#),
        "five empty rows"
    );
    assert!(!form.contains("<script"));
    let csrf = csrf_of(&form);
    let fields = |ends: &str, due: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf.as_str()),
            ("title", "Éclairer les quartiers"),
            ("problem", "Les rues de Diokoul sont sombres."),
            ("description", "Poser des lampadaires solaires."),
            ("lead", "Service technique"),
            ("partners", "Association des jeunes"),
            ("starts_on", start.as_str()),
            ("ends_on", ends),
            ("status", "not_started"),
            ("milestone_title_0", "Étude des besoins"),
            ("milestone_due_0", due),
            ("milestone_title_1", ""),
            ("milestone_due_1", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let post = |b: &Browser, path: &str, f: &[(String, String)]| {
        b.client.post(format!("{}{path}", b.base)).form(
            &f.iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
    };

    // The end before the start: refused next to the end date, nothing stored.
    let bad = fields(&iso(t - Duration::days(20)), &due1);
    let (status, html, _) = e
        .send(post(&e, "/communes/rufisque/admin/commitments/new", &bad))
        .await;
    assert_eq!(status, 422);
    assert!(html.contains(r#"id="ends_on-error""#));
    assert!(html.contains(r#"aria-describedby="ends_on-error""#));
    assert!(html.contains("La date de fin ne peut pas précéder la date de début."));
    assert!(html.contains("Rien n’a été enregistré"));
    assert!(
        html.contains(r#"value="Éclairer les quartiers""#),
        "what was typed is kept"
    );
    assert!(api_list(&node, "rufisque").await.is_empty());

    // A milestone due after the end: refused next to that milestone's due date.
    let (status, html, _) = e
        .send(post(
            &e,
            "/communes/rufisque/admin/commitments/new",
            &fields(&end, &iso(t + Duration::days(400))),
        ))
        .await;
    assert_eq!(status, 422);
    assert!(html.contains(r#"id="milestone_due_0-error""#));
    assert!(html.contains("L’échéance doit tomber dans la période de l’engagement"));
    assert!(api_list(&node, "rufisque").await.is_empty());
    assert_eq!(node.count("commitments").await, 0);
    assert_eq!(node.count("commitment_milestones").await, 0);

    // The same in Portuguese.
    e.lang = "pt";
    let (status, html, _) = e
        .send(post(
            &e,
            "/communes/rufisque/admin/commitments/new",
            &fields(&iso(t - Duration::days(20)), &due1),
        ))
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("A data de fim não pode ser anterior à data de início."));
    e.lang = "fr";

    // Created: a flash, then the commitment's staff page.
    let (status, _, location) = e
        .send(post(
            &e,
            "/communes/rufisque/admin/commitments/new",
            &fields(&end, &due1),
        ))
        .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    let key = location
        .strip_prefix("/communes/rufisque/admin/commitments/")
        .unwrap()
        .to_string();
    let (status, staff_page) = e.get(&location).await;
    assert_eq!(status, 200);
    assert!(
        staff_page.contains("Modifications enregistrées"),
        "the flash"
    );
    assert!(staff_page.contains(r#"value="Éclairer les quartiers""#));
    let c = api_get(&node, "rufisque", &key).await;
    assert_eq!(c["title"], "Éclairer les quartiers");
    assert_eq!(c["milestones"].as_array().unwrap().len(), 1);

    // Edited: a new title and a second milestone in an empty row.
    let mut edit = fields(&end, &due1);
    edit.retain(|(k, _)| k != "title" && k != "milestone_title_1" && k != "milestone_due_1");
    edit.push(("title".into(), "Éclairer les quartiers de Rufisque".into()));
    edit.push(("milestone_title_1".into(), "Pose des lampadaires".into()));
    edit.push(("milestone_due_1".into(), due2.clone()));
    let (status, _, location) = e
        .send(post(
            &e,
            &format!("/communes/rufisque/admin/commitments/{key}"),
            &edit,
        ))
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some(format!("/communes/rufisque/admin/commitments/{key}").as_str())
    );
    let c = api_get(&node, "rufisque", &key).await;
    assert_eq!(c["title"], "Éclairer les quartiers de Rufisque");
    let milestones = c["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 2);
    let first = milestones[0]["id"].as_i64().unwrap();

    // An edit refused: nothing changes.
    let mut bad_edit = edit.clone();
    bad_edit.retain(|(k, _)| k != "title");
    bad_edit.push(("title".into(), "  ".into()));
    let (status, html, _) = e
        .send(post(
            &e,
            &format!("/communes/rufisque/admin/commitments/{key}"),
            &bad_edit,
        ))
        .await;
    assert_eq!(status, 422);
    assert!(
        html.contains(r#"id="title-error""#) && html.contains("Indiquez le titre de l’engagement.")
    );
    assert_eq!(
        api_get(&node, "rufisque", &key).await["title"],
        "Éclairer les quartiers de Rufisque"
    );

    // A milestone marked done: a bad evidence link is refused next to it, then it is done.
    let done_path = format!("/communes/rufisque/admin/commitments/{key}/milestones/{first}/done");
    let (status, html, _) = e
        .post(
            &done_path,
            &[
                ("csrf", &csrf),
                ("done_on", &iso(t)),
                ("evidence_url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!(r#"id="evidence_url-{first}-error""#)));
    assert!(html.contains("Indiquez une adresse web complète"));
    assert!(api_get(&node, "rufisque", &key).await["milestones"][0]["done_on"].is_null());
    let (status, _, _) = e
        .post(
            &done_path,
            &[
                ("csrf", &csrf),
                ("done_on", &iso(t)),
                ("evidence_url", "https://example.org/etude.pdf"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let c = api_get(&node, "rufisque", &key).await;
    assert_eq!(c["milestones"][0]["done_on"], iso(t));
    assert_eq!(
        c["milestones"][0]["evidence_url"],
        "https://example.org/etude.pdf"
    );

    // The staff page's form names the stored milestones: an edit keeps the done date.
    let (_, staff_page) = e
        .get(&format!("/communes/rufisque/admin/commitments/{key}"))
        .await;
    assert!(
        staff_page.contains(&format!(r#"value="{}""#, iso(t))),
        "done date defaults/pre-fills"
    );
    let kept_id = input_value(&staff_page, "milestone_id_0").expect("the row names its milestone");
    let mut again = edit.clone();
    again.push(("milestone_id_0".into(), kept_id));
    again.retain(|(k, _)| k != "status");
    again.push(("status".into(), "limited".into()));
    let (status, _, _) = e
        .send(post(
            &e,
            &format!("/communes/rufisque/admin/commitments/{key}"),
            &again,
        ))
        .await;
    assert_eq!(status, 303);
    let c = api_get(&node, "rufisque", &key).await;
    assert_eq!(c["status"], "limited");
    assert_eq!(
        c["milestones"][0]["done_on"],
        iso(t),
        "kept across the edit"
    );
    assert_eq!(
        c["milestones"][0]["evidence_url"],
        "https://example.org/etude.pdf"
    );

    // A progress note: an empty one is refused next to its text, then one is added.
    let notes = format!("/communes/rufisque/admin/commitments/{key}/notes");
    let (status, html, _) = e
        .post(
            &notes,
            &[("csrf", &csrf), ("written_on", &iso(t)), ("text", "  ")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains(r#"id="text-error""#) && html.contains("Écrivez le texte de la note."));
    let (status, _, _) = e
        .post(
            &notes,
            &[
                ("csrf", &csrf),
                ("written_on", &iso(t)),
                ("text", "L’étude est remise au conseil."),
                ("author", "Service technique"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let c = api_get(&node, "rufisque", &key).await;
    assert_eq!(c["notes"][0]["text"], "L’étude est remise au conseil.");

    // The status alone.
    let (status, _, _) = e
        .post(
            &format!("/communes/rufisque/admin/commitments/{key}/status"),
            &[("csrf", &csrf), ("status", "substantial")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        api_get(&node, "rufisque", &key).await["status"],
        "substantial"
    );

    // The public page shows all of it.
    let (status, public) = page(
        &node,
        &format!("/communes/rufisque/commitments/{key}"),
        "fr",
    )
    .await;
    assert_eq!(status, 200);
    assert!(public.len() < BUDGET);
    assert!(public.contains(r#"href="https://example.org/etude.pdf" rel="nofollow noopener""#));
    assert!(
        public.contains("L’étude est remise au conseil.")
            && public.contains("Par Service technique")
    );
    assert!(public.contains("1 jalon réalisé sur 2"));
    assert!(!public.contains(">En retard<"));

    // The staff pages stay small too.
    let (_, staff_page) = e
        .get(&format!("/communes/rufisque/admin/commitments/{key}"))
        .await;
    assert!(staff_page.len() < BUDGET, "{} bytes", staff_page.len());
    let (_, list) = e.get("/communes/rufisque/admin/commitments").await;
    assert!(list.contains("Éclairer les quartiers de Rufisque"));
}

#[tokio::test]
async fn moderators_forged_forms_and_other_communes_are_refused() {
    let node = spawn_node("plan3").await;
    let mut m = signed_in(&node, "rufisque", "modo", Role::Moderator, "fr").await;
    let mut e = signed_in(&node, "rufisque", "awa", Role::Editor, "fr").await;
    let mut other = signed_in(&node, "bissau", "ana", Role::Editor, "pt").await;
    let token = node.token("rufisque").await;
    let c = late_commitment(&node, &token).await;
    let key = c["key"].as_str().unwrap();
    let milestone = c["milestones"][0]["id"].as_i64().unwrap();
    let base = "/communes/rufisque/admin/commitments";

    // A moderator: no list, no form, no change.
    for path in [
        base.to_string(),
        format!("{base}/new"),
        format!("{base}/{key}"),
    ] {
        assert_eq!(m.get(&path).await.0, 403, "{path}");
    }
    let (_, dash) = m.get("/communes/rufisque/admin").await;
    let csrf = csrf_of(&dash);
    let (status, _, _) = m
        .post(
            &format!("{base}/{key}/notes"),
            &[("csrf", &csrf), ("written_on", "2026-01-01"), ("text", "x")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _, _) = m
        .post(
            &format!("{base}/new"),
            &[
                ("csrf", &csrf),
                ("title", "x"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2026-02-01"),
            ],
        )
        .await;
    assert_eq!(status, 403);

    // An editor with a forged token.
    let (status, _, _) = e
        .post(
            &format!("{base}/{key}/status"),
            &[("csrf", "forged"), ("status", "completed")],
        )
        .await;
    assert_eq!(status, 403);

    // Another commune's staff: refused on this commune, and this commune's commitment is not
    // found from theirs.
    assert_eq!(other.get(base).await.0, 403);
    assert_eq!(other.get(&format!("{base}/{key}")).await.0, 403);
    let (status, theirs) = other.get("/communes/bissau/admin/commitments").await;
    assert_eq!(status, 200);
    assert!(!theirs.contains("Publier les comptes"));
    let other_csrf = csrf_of(&theirs);
    assert_eq!(
        other
            .get(&format!("/communes/bissau/admin/commitments/{key}"))
            .await
            .0,
        404
    );
    let (status, _, _) = other
        .post(
            &format!("/communes/bissau/admin/commitments/{key}/milestones/{milestone}/done"),
            &[
                ("csrf", &other_csrf),
                ("done_on", "2026-01-01"),
                ("evidence_url", ""),
            ],
        )
        .await;
    assert_eq!(status, 404);
    let (status, _, _) = other
        .post(
            &format!("{base}/{key}/notes"),
            &[
                ("csrf", &other_csrf),
                ("written_on", "2026-01-01"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(status, 403);

    // Nothing changed.
    let after = api_get(&node, "rufisque", key).await;
    assert_eq!(after["status"], "not_started");
    assert!(after["notes"].as_array().unwrap().is_empty());
    assert!(after["milestones"][0]["done_on"].is_null());
    assert_eq!(node.count("commitments").await, 1);
}
