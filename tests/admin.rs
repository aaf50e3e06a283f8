//! The staff area over HTTP: sign-in, sessions, CSRF, roles, rate limits, commune isolation,
//! and the decision form with its errors next to the fields.

mod support;

use support::*;

/// The fewest fields of a valid decision form, with a CSRF token.
fn minimal_decision(csrf: &str) -> [(&str, &str); 7] {
    [
        ("csrf", csrf),
        ("reference", "X"),
        ("kind", "other"),
        ("title", "T"),
        ("summary", "S"),
        ("session_date", "2026-01-01"),
        ("status", "adopted"),
    ]
}

async fn admin(
    node: &TestNode,
    slug: &str,
    user: &str,
    role: palabre::domain::staff::Role,
) -> String {
    let c = node.add_commune(slug).await;
    let password = format!("{slug} horse battery staple");
    palabre::service::staff::create(&node.app, c.id, user, &password, role)
        .await
        .unwrap();
    password
}

#[tokio::test]
async fn admin_creates_an_editor_who_publishes_with_the_form() {
    let node = spawn_node("admin1").await;
    let password = admin(
        &node,
        "rufisque",
        "mayor",
        palabre::domain::staff::Role::Admin,
    )
    .await;
    let mut b = Browser::new(&node);

    // Wrong password, then the right one.
    let (status, html, _) = b.login("rufisque", "mayor", "not the password").await;
    assert_eq!(status, 401);
    assert!(html.contains("Identifiant ou mot de passe incorrect"));
    let (status, _, location) = b.login("rufisque", "mayor", &password).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/communes/rufisque/admin"));
    let session = b
        .cookies
        .iter()
        .find(|(k, _)| k == "palabre_session")
        .expect("session cookie");
    assert!(session.1.len() > 30);

    let (status, page) = b.get("/communes/rufisque/admin/staff").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&page);
    let (status, html, _) = b
        .post(
            "/communes/rufisque/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "Awa.Diop"),
                ("password", "short"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("10 caractères au moins"));
    let (status, html, _) = b
        .post(
            "/communes/rufisque/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "Awa.Diop"),
                ("password", "une phrase assez longue"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Compte créé") && html.contains("awa.diop"));

    // The editor signs in (in Portuguese) and publishes; a bad field is reported next to it.
    let mut e = Browser::new(&node);
    e.lang = "pt";
    assert_eq!(
        e.login("rufisque", "awa.diop", "une phrase assez longue")
            .await
            .0,
        303
    );
    let (status, form) = e.get("/communes/rufisque/admin/decisions/new").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&form);
    let fields = |title: &'static str| {
        vec![
            ("reference", "D-2026-050"),
            ("kind", "deliberation"),
            ("title", title),
            ("summary", "Aprovação do orçamento."),
            ("body", "Texto **integral** <script>alert(1)</script>"),
            ("session_date", "2026-11-25"),
            ("status", "adopted"),
            ("votes_yes", "20"),
            ("votes_no", "1"),
            ("votes_abstain", "0"),
            ("votes_absent", "2"),
            ("themes", "orçamento, finanças"),
            ("language", "pt"),
            ("amount", "12 500 000"),
        ]
    };
    let mut bad = fields("   ");
    bad.push(("csrf", &csrf));
    let (status, html, _) = e
        .post_multipart("/communes/rufisque/admin/decisions/new", &bad, None)
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("Indique um título"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("value=\"D-2026-050\""),
        "the other fields keep their values"
    );
    assert_eq!(node.count("decisions").await, 0);
    let mut good = fields("Orçamento 2027");
    good.push(("csrf", &csrf));
    // An amount with a decimal comma is refused next to its field.
    let mut decimal = good.clone();
    decimal.retain(|(k, _)| *k != "amount");
    decimal.push(("amount", "12,5"));
    let (status, html, _) = e
        .post_multipart("/communes/rufisque/admin/decisions/new", &decimal, None)
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("Indique um montante inteiro"));
    assert_eq!(node.count("decisions").await, 0);
    // The preview renders the Markdown body inert and stores nothing.
    let mut preview = good.clone();
    preview.push(("action", "preview"));
    let (status, html, _) = e
        .post_multipart("/communes/rufisque/admin/decisions/new", &preview, None)
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Pré-visualização"));
    assert!(html.contains("<strong>integral</strong>"));
    assert!(!html.contains("<script>alert"));
    assert!(
        html.contains("value=\"Orçamento 2027\""),
        "the form keeps its values"
    );
    assert_eq!(node.count("decisions").await, 0);
    // A program renamed .pdf is refused next to the file field, and nothing is stored.
    let (status, html, _) = e
        .post_multipart(
            "/communes/rufisque/admin/decisions/new",
            &good,
            Some(("ata.pdf", b"MZ\x90\x00 not a pdf".to_vec())),
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("O documento deve ser um ficheiro PDF"));
    assert_eq!(node.count("decisions").await, 0);
    // So is a file that starts like a PDF and goes on as a web page.
    let polyglot = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n".to_vec();
    let (status, html, _) = e
        .post_multipart(
            "/communes/rufisque/admin/decisions/new",
            &good,
            Some(("ata.pdf", polyglot)),
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("O documento deve ser um ficheiro PDF"));
    assert_eq!(node.count("decisions").await, 0);
    let pdf = real_pdf();
    let (status, _, location) = e
        .post_multipart(
            "/communes/rufisque/admin/decisions/new",
            &good,
            Some(("ata da sessão.pdf", pdf)),
        )
        .await;
    assert_eq!(status, 303);
    let (status, page) = e.get(location.as_deref().unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("Orçamento 2027"));
    // The page after the redirect says what was done, once.
    assert!(page.contains("Decisão publicada"));
    let (_, again) = e.get(location.as_deref().unwrap()).await;
    assert!(!again.contains("Decisão publicada"));
    assert!(
        page.contains("ata da sessão.pdf") && page.contains("PDF, 1 KB"),
        "attachment with its size"
    );
    assert!(!page.contains("<script>alert"));
    // The amount in the commune's currency (Senegal: CFA franc), as CLDR writes it in pt.
    let spaced = page.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        spaced.contains("F CFA 12.500.000") || spaced.contains("12 500 000 F CFA"),
        "{spaced}"
    );
    let article = node.get_ap(&node.url(location.as_deref().unwrap())).await;
    assert_eq!(article["amount"], 12_500_000);
    assert_eq!(article["currency"], "XOF");
    // An editor cannot manage staff.
    assert_eq!(e.get("/communes/rufisque/admin/staff").await.0, 403);
}

#[tokio::test]
async fn forged_csrf_other_communes_and_missing_sessions_are_refused() {
    let node = spawn_node("admin2").await;
    let pa = admin(
        &node,
        "dankassari",
        "secretaire",
        palabre::domain::staff::Role::Admin,
    )
    .await;
    let pb = admin(
        &node,
        "matankari",
        "secretaire",
        palabre::domain::staff::Role::Admin,
    )
    .await;
    let mut a = Browser::new(&node);
    assert_eq!(a.login("dankassari", "secretaire", &pa).await.0, 303);

    // A form posted with a wrong token stores nothing.
    let (status, html, _) = a
        .post_multipart(
            "/communes/dankassari/admin/decisions/new",
            &minimal_decision("forged"),
            None,
        )
        .await;
    assert_eq!(status, 403);
    assert!(html.contains("formulaire a expiré"));
    assert_eq!(node.count("decisions").await, 0);
    // Login with a forged token.
    let mut f = Browser::new(&node);
    f.get("/communes/matankari/admin/login").await;
    let (status, _, _) = f
        .post(
            "/communes/matankari/admin/login",
            &[
                ("csrf", "forged"),
                ("username", "secretaire"),
                ("password", &pb),
            ],
        )
        .await;
    assert_eq!(status, 403);

    // Staff of Dankassari can do nothing on Matankari.
    assert_eq!(a.get("/communes/matankari/admin").await.0, 403);
    assert_eq!(
        a.get("/communes/matankari/admin/decisions/new").await.0,
        403
    );
    // The same username on Matankari does not sign in with Dankassari's password.
    let mut x = Browser::new(&node);
    assert_eq!(x.login("matankari", "secretaire", &pa).await.0, 401);

    // No session: the login page, with a message.
    let mut anon = Browser::new(&node);
    let (status, html) = anon.get("/communes/dankassari/admin").await;
    assert_eq!(status, 401);
    assert!(html.contains("Votre session a expiré"));
    // A made-up session cookie is no session.
    anon.cookies
        .push(("palabre_session".into(), "made-up".into()));
    assert_eq!(anon.get("/communes/dankassari/admin").await.0, 401);

    // An expired session is no session, and a form posted with it stores nothing.
    let mut late = Browser::new(&node);
    assert_eq!(late.login("dankassari", "secretaire", &pa).await.0, 303);
    let (_, page) = late.get("/communes/dankassari/admin/decisions/new").await;
    let late_csrf = csrf_of(&page);
    node.app
        .store
        .run(|c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE sessions SET expires_at = '2020-01-01 00:00:00'")
                .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
    let (status, html, _) = late
        .post_multipart(
            "/communes/dankassari/admin/decisions/new",
            &minimal_decision(&late_csrf),
            None,
        )
        .await;
    assert_eq!(status, 401);
    assert!(html.contains("Votre session a expiré"));
    assert_eq!(node.count("decisions").await, 0);
    assert!(a.login("dankassari", "secretaire", &pa).await.0 == 303);

    // Logout ends the session for good.
    let (_, page) = a.get("/communes/dankassari/admin").await;
    let csrf = csrf_of(&page);
    let stolen = a.cookies.clone();
    let (status, _, _) = a
        .post("/communes/dankassari/admin/logout", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 303);
    let mut replay = Browser::new(&node);
    replay.cookies = stolen;
    assert_eq!(replay.get("/communes/dankassari/admin").await.0, 401);
}

#[tokio::test]
async fn logins_are_rate_limited_and_passwords_change() {
    let node = spawn_node("admin3").await;
    let password = admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    let mut b = Browser::new(&node);
    for _ in 0..5 {
        assert_eq!(b.login("labe", "maire", "wrong password!").await.0, 401);
    }
    let (status, html, _) = b.login("labe", "maire", &password).await;
    assert_eq!(
        status, 429,
        "even the right password waits after 5 failures"
    );
    assert!(html.contains("Trop de tentatives"));
    assert_eq!(node.count("sessions").await, 0);

    // Another account (created after) signs in and changes its password.
    let c = palabre::service::communes::get(&node.app, "labe")
        .await
        .unwrap();
    palabre::service::staff::create(
        &node.app,
        c.id,
        "adjoint",
        "ancien mot de passe",
        palabre::domain::staff::Role::Editor,
    )
    .await
    .unwrap();
    let mut e = Browser::new(&node);
    assert_eq!(
        e.login("labe", "adjoint", "ancien mot de passe").await.0,
        303
    );
    let (_, page) = e.get("/communes/labe/admin/password").await;
    let csrf = csrf_of(&page);
    assert_eq!(
        e.post(
            "/communes/labe/admin/password",
            &[
                ("csrf", &csrf),
                ("current", "pas le bon"),
                ("new", "nouveau mot de passe")
            ]
        )
        .await
        .0,
        401
    );
    assert_eq!(
        e.post(
            "/communes/labe/admin/password",
            &[
                ("csrf", &csrf),
                ("current", "ancien mot de passe"),
                ("new", "court")
            ]
        )
        .await
        .0,
        422
    );
    let (status, html, _) = e
        .post(
            "/communes/labe/admin/password",
            &[
                ("csrf", &csrf),
                ("current", "ancien mot de passe"),
                ("new", "nouveau mot de passe"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Mot de passe changé"));
    assert_eq!(
        e.get("/communes/labe/admin").await.0,
        401,
        "sessions end with the change"
    );
    let mut again = Browser::new(&node);
    assert_eq!(
        again
            .login("labe", "adjoint", "nouveau mot de passe")
            .await
            .0,
        303
    );
}

#[tokio::test]
async fn admins_edit_settings_and_manage_federation_from_the_browser() {
    let node = spawn_node("admin4").await;
    let password = admin(&node, "fass", "maire", palabre::domain::staff::Role::Admin).await;
    let peer = spawn_peer("adminpeer").await;
    let mut b = Browser::new(&node);
    assert_eq!(b.login("fass", "maire", &password).await.0, 303);

    let (status, page) = b.get("/communes/fass/admin/settings").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&page);
    let settings = "/communes/fass/admin/settings";
    let (status, html, _) = b
        .post_files(
            settings,
            &[
                ("csrf", &csrf),
                ("name", "Fass-Colobane-Gueule Tapée"),
                ("website", "pas une adresse"),
                ("languages", "fr,wo"),
            ],
            vec![],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("Une valeur est invalide") && html.contains("https://…"));
    assert!(
        html.contains("value=\"pas une adresse\""),
        "the form keeps what was typed"
    );
    for (field, value, message) in [
        (
            "contact_email",
            "mairie at fass",
            "adresse électronique valide",
        ),
        ("contact_phone", "<b>33</b>", "numéro de téléphone"),
        ("timezone", "Europe/Paris", "Choisissez un fuseau"),
    ] {
        let (status, html, _) = b
            .post_files(
                settings,
                &[("csrf", &csrf), ("name", "Fass"), (field, value)],
                vec![],
            )
            .await;
        assert_eq!(status, 422, "{field}");
        assert!(html.contains(message), "{field}");
    }
    // An oversized logo is cut short by the body limit: 413, and nothing changes.
    let (status, html, _) = b
        .post_files(
            settings,
            &[("csrf", &csrf), ("name", "Autre nom")],
            vec![("logo", "logo.png", "image/png", vec![0u8; 3 * 1024 * 1024])],
        )
        .await;
    assert_eq!(status, 413);
    assert!(html.contains("2 Mo au plus"));
    // A PDF renamed .png is refused as a logo, and nothing changes.
    let (status, html, _) = b
        .post_files(
            settings,
            &[("csrf", &csrf), ("name", "Autre nom")],
            vec![(
                "logo",
                "logo.png",
                "image/png",
                b"%PDF-1.7 not an image".to_vec(),
            )],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("PNG, JPEG, WebP ou GIF"));
    assert_eq!(
        palabre::service::communes::get(&node.app, "fass")
            .await
            .unwrap()
            .name,
        "Commune fass"
    );
    let logo = {
        let img = image::RgbaImage::from_pixel(800, 400, image::Rgba([10, 90, 50, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    let (status, html, _) = b
        .post_files(
            settings,
            &[
                ("csrf", &csrf),
                ("name", "Fass-Colobane-Gueule Tapée"),
                ("website", "https://fass.sn"),
                ("languages", "fr,wo"),
                ("population", "50000"),
                ("region", ""),
                ("contact_email", "mairie@fass.sn"),
                ("contact_phone", "+221 33 800 00 00"),
                ("address", "Avenue Blaise Diagne, Dakar"),
                (
                    "legal_notice",
                    "Commune d'arrondissement <script>alert(1)</script>",
                ),
                ("timezone", "Africa/Dakar"),
            ],
            vec![("logo", "logo.png", "image/png", logo)],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    let (_, public) = b.get("/communes/fass").await;
    assert!(public.contains("Fass-Colobane-Gueule Tapée") && public.contains("https://fass.sn"));
    assert!(public.contains("mailto:mairie@fass.sn") && public.contains("tel:+221338000000"));
    assert!(public.contains("Avenue Blaise Diagne"));
    assert!(
        public.contains("Commune d'arrondissement &lt;script&gt;")
            && !public.contains("<script>alert")
    );
    assert!(
        !public.contains("Dakar ·"),
        "the region sent empty is cleared"
    );
    let updated = palabre::service::communes::get(&node.app, "fass")
        .await
        .unwrap();
    let icon = updated.icon_url.expect("icon url");
    assert!(icon.contains("/media/"), "{icon}");
    assert!(public.contains(&icon));
    let res = node.client.get(&icon).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let served = res.bytes().await.unwrap();
    assert!(
        served.len() < 10_000,
        "the logo is reduced: {} bytes",
        served.len()
    );
    let actor = node.get_ap(&node.url("/communes/fass")).await;
    assert_eq!(actor["icon"]["url"], icon.as_str());

    // Follow a remote actor by URL, block an instance, see delivery health.
    let (_, page) = b.get("/communes/fass/admin/federation").await;
    let csrf = csrf_of(&page);
    let (status, html, _) = b
        .post(
            "/communes/fass/admin/federation/follow",
            &[("csrf", &csrf), ("target", &peer.actor("u1"))],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Demande d’abonnement envoyée"));
    peer.wait_for(10, "Follow", |r| {
        r.iter().any(|x| x.body["type"] == "Follow")
    })
    .await;
    let (status, html, _) = b
        .post(
            "/communes/fass/admin/federation/follow",
            &[("csrf", &csrf), ("target", "not a handle")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("introuvable"));
    let (status, html, _) = b
        .post(
            "/communes/fass/admin/federation/block",
            &[
                ("csrf", &csrf),
                ("host", "spam.example"),
                ("reason", "pourriel"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("spam.example") && html.contains("Instance bloquée"));
    let (_, html) = b.get("/communes/fass/admin/federation").await;
    assert!(
        html.contains(&peer.host),
        "delivery health lists the peer's host"
    );
    let (status, _, _) = b
        .post(
            "/communes/fass/admin/federation/block",
            &[("csrf", "forged"), ("host", "other.example")],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(node.count("commune_blocks").await, 1);
    assert_eq!(
        node.count("blocked_instances").await,
        0,
        "a commune's block is not the node's"
    );

    // An editor sees neither page.
    let c = palabre::service::communes::get(&node.app, "fass")
        .await
        .unwrap();
    palabre::service::staff::create(
        &node.app,
        c.id,
        "editeur",
        "un mot de passe long",
        palabre::domain::staff::Role::Editor,
    )
    .await
    .unwrap();
    let mut e = Browser::new(&node);
    assert_eq!(
        e.login("fass", "editeur", "un mot de passe long").await.0,
        303
    );
    assert_eq!(e.get("/communes/fass/admin/settings").await.0, 403);
    assert_eq!(e.get("/communes/fass/admin/federation").await.0, 403);
}

#[tokio::test]
async fn editors_edit_and_withdraw_decisions_with_the_form() {
    let node = spawn_node("admin5").await;
    let password = admin(
        &node,
        "kouroussa",
        "maire",
        palabre::domain::staff::Role::Admin,
    )
    .await;
    let token = node.token("kouroussa").await;
    let created = node.publish("kouroussa", &token, &sample_decision()).await;
    let key = created["key"].as_str().unwrap().to_string();
    let mut b = Browser::new(&node);
    assert_eq!(b.login("kouroussa", "maire", &password).await.0, 303);
    let (status, page) = b
        .get(&format!("/communes/kouroussa/admin/decisions/{key}/edit"))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("value=\"Budget primitif 2027\""),
        "the form is filled in"
    );
    let csrf = csrf_of(&page);
    let path = format!("/communes/kouroussa/admin/decisions/{key}/edit");
    let base = [
        ("csrf", csrf.as_str()),
        ("reference", "D-2026-014"),
        ("kind", "deliberation"),
        ("summary", "Le conseil adopte le budget."),
        ("session_date", "2026-11-20"),
        ("status", "adopted"),
    ];
    let mut bad = base.to_vec();
    bad.push(("title", ""));
    let (status, html, _) = b.post_multipart(&path, &bad, None).await;
    assert_eq!(status, 422);
    assert!(html.contains("Indiquez un titre"));
    let mut good = base.to_vec();
    good.push(("title", "Budget primitif 2027 (rectifié)"));
    let (status, _, location) = b.post_multipart(&path, &good, None).await;
    assert_eq!(status, 303);
    let (_, public) = b.get(location.as_deref().unwrap()).await;
    assert!(public.contains("(rectifié)"));

    let (status, _, _) = b
        .post(
            &format!("/communes/kouroussa/admin/decisions/{key}/withdraw"),
            &[("csrf", "forged")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _, location) = b
        .post(
            &format!("/communes/kouroussa/admin/decisions/{key}/withdraw"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(b.get(location.as_deref().unwrap()).await.0, 410);
    assert_eq!(
        b.get(&path).await.0,
        410,
        "a withdrawn decision is not edited"
    );
    let outbox = node
        .get_ap(&node.url("/communes/kouroussa/outbox?page=1"))
        .await;
    assert_eq!(
        types_of(&outbox["orderedItems"]),
        ["Delete", "Update", "Create"]
    );
}

#[tokio::test]
async fn admins_invite_staff_with_a_link_that_works_once() {
    let node = spawn_node("admin6").await;
    let password = admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    admin(&node, "matam", "maire", palabre::domain::staff::Role::Admin).await;
    let mut b = Browser::new(&node);
    assert_eq!(b.login("labe", "maire", &password).await.0, 303);
    let (_, page) = b.get("/communes/labe/admin/staff").await;
    let csrf = csrf_of(&page);
    let invitations = "/communes/labe/admin/staff/invitations";
    assert_eq!(
        b.post(invitations, &[("csrf", "forged"), ("role", "editor")])
            .await
            .0,
        403
    );
    assert_eq!(
        b.post(invitations, &[("csrf", &csrf), ("role", "mayor")])
            .await
            .0,
        422
    );
    assert_eq!(node.count("staff_invitations").await, 0);
    let (status, html, _) = b
        .post(invitations, &[("csrf", &csrf), ("role", "editor")])
        .await;
    assert_eq!(status, 200);
    let link = regex::Regex::new(r#"id="invitation-link"[^>]*value="([^"]+)""#)
        .unwrap()
        .captures(&html)
        .map(|c| c[1].to_string())
        .expect("the link is shown once");
    let path = link.trim_start_matches(&node.base).to_string();
    assert!(
        path.starts_with("/communes/labe/admin/invitation/"),
        "{path}"
    );
    assert!(html.contains("Invitations en attente"));
    let token = path.rsplit('/').next().unwrap().to_string();

    // The same token on another commune is unknown there.
    let mut other = Browser::new(&node);
    assert_eq!(
        other
            .get(&format!("/communes/matam/admin/invitation/{token}"))
            .await
            .0,
        410
    );

    // The guest, in Portuguese: a bad username and a forged token are refused, then it works.
    let mut g = Browser::new(&node);
    g.lang = "pt";
    let (status, form) = g.get(&path).await;
    assert_eq!(status, 200);
    assert!(form.contains("Bem-vindo") && form.contains("função: editor"));
    let gcsrf = csrf_of(&form);
    let (status, html, _) = g
        .post(
            &path,
            &[
                ("csrf", &gcsrf),
                ("username", "Fatou <b>"),
                ("password", "une phrase assez longue"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(!html.contains("Fatou <b>"), "typed input is escaped");
    assert_eq!(
        g.post(
            &path,
            &[
                ("csrf", "forged"),
                ("username", "fatou"),
                ("password", "une phrase assez longue")
            ],
        )
        .await
        .0,
        403
    );
    let (status, _, location) = g
        .post(
            &path,
            &[
                ("csrf", &gcsrf),
                ("username", "fatou"),
                ("password", "une phrase assez longue"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/communes/labe/admin"));
    assert_eq!(g.get("/communes/labe/admin/decisions/new").await.0, 200);
    assert_eq!(
        g.get("/communes/labe/admin/staff").await.0,
        403,
        "an editor"
    );

    // The link works once.
    let mut late = Browser::new(&node);
    assert_eq!(late.get(&path).await.0, 410);
    let (_, staff) = b.get("/communes/labe/admin/staff").await;
    assert!(staff.contains("fatou") && !staff.contains("Invitations en attente"));

    // An expired link is refused; a revoked one too.
    let (_, html, _) = b
        .post(invitations, &[("csrf", &csrf), ("role", "moderator")])
        .await;
    let expired = regex::Regex::new(r#"value="(https?://[^"]+/admin/invitation/[^"]+)""#)
        .unwrap()
        .captures(&html)
        .map(|c| c[1].trim_start_matches(&node.base).to_string())
        .unwrap();
    node.app
        .store
        .run(|c| {
            use diesel::RunQueryDsl;
            diesel::sql_query(
                "UPDATE staff_invitations SET expires_at = '2020-01-01 00:00:00' WHERE accepted_at IS NULL",
            )
            .execute(c)?;
            Ok(())
        })
        .await
        .unwrap();
    let (status, gone) = late.get(&expired).await;
    assert_eq!(status, 410);
    assert!(gone.contains("n'est plus valable"), "{gone}");
    // The refusal is in the reader's language.
    late.lang = "pt";
    let (status, gone) = late.get(&expired).await;
    assert_eq!(status, 410);
    assert!(gone.contains("já não é válida"), "{gone}");
    late.lang = "fr";
    let (_, html, _) = b
        .post(invitations, &[("csrf", &csrf), ("role", "editor")])
        .await;
    let id = regex::Regex::new(r#"/staff/invitations/(\d+)/revoke"#)
        .unwrap()
        .captures(&html)
        .map(|c| c[1].to_string())
        .unwrap();
    let revoked = regex::Regex::new(r#"value="(https?://[^"]+/admin/invitation/[^"]+)""#)
        .unwrap()
        .captures(&html)
        .map(|c| c[1].trim_start_matches(&node.base).to_string())
        .unwrap();
    let (status, html, _) = b
        .post(
            &format!("/communes/labe/admin/staff/invitations/{id}/revoke"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Invitation annulée"));
    assert_eq!(late.get(&revoked).await.0, 410);
    assert_eq!(node.count("staff").await, 3, "two mayors and fatou");

    // Fatou leaves: the admin disables her account, her session ends and she cannot sign in.
    let (_, html) = b.get("/communes/labe/admin/staff").await;
    let ids: Vec<String> = regex::Regex::new(r#"/staff/(\d+)/disable"#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(ids.len(), 1, "only others can be disabled: {ids:?}");
    let fatou = &ids[0];
    assert_eq!(
        b.post(
            &format!("/communes/labe/admin/staff/{fatou}/disable"),
            &[("csrf", "forged")]
        )
        .await
        .0,
        403
    );
    let gcsrf = csrf_of(&g.get("/communes/labe/admin").await.1);
    assert_eq!(
        g.post(
            &format!("/communes/labe/admin/staff/{fatou}/disable"),
            &[("csrf", &gcsrf)]
        )
        .await
        .0,
        403,
        "an editor disables no one"
    );
    let (status, html, _) = b
        .post(
            &format!("/communes/labe/admin/staff/{fatou}/disable"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Compte désactivé"));
    assert_eq!(g.get("/communes/labe/admin").await.0, 401);
    assert_eq!(
        Browser::new(&node)
            .login("labe", "fatou", "une phrase assez longue")
            .await
            .0,
        401
    );
    // An admin cannot lock themselves out.
    let labe = palabre::service::communes::get(&node.app, "labe")
        .await
        .unwrap();
    let me = palabre::service::staff::of_commune(&node.app, labe.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.username == "maire")
        .unwrap();
    let (status, html, _) = b
        .post(
            &format!("/communes/labe/admin/staff/{}/disable", me.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, 409);
    assert!(html.contains("dernier administrateur"));
}

/// A follower on `peer`, so that a publication writes delivery rows.
async fn followed_by(node: &TestNode, slug: &str, peer: &TestPeer) {
    let actor_id = node.actor_id(slug);
    let follow = serde_json::json!({
        "id": format!("{}/follows/1", peer.actor("u1")), "type": "Follow",
        "actor": peer.actor("u1"), "object": actor_id,
    });
    let res = signed_post(
        &node.client,
        &format!("{actor_id}/inbox"),
        &serde_json::to_vec(&follow).unwrap(),
        &peer.key,
        &format!("{}#main-key", peer.actor("u1")),
        chrono::Utc::now(),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(res.status(), 202);
}

/// Makes the database refuse to store an attachment named `filename`: a real failure of the
/// second write, in the middle of the transaction that publishes.
async fn refuse_attachment_named(node: &TestNode, filename: &'static str, on: bool) {
    use palabre::store::Backend;
    let statements: Vec<String> = match (node.app.store.backend(), on) {
        (Backend::Sqlite, true) => vec![format!(
            "CREATE TRIGGER refuse_file BEFORE INSERT ON attachments WHEN NEW.filename = '{filename}' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )],
        (Backend::Sqlite, false) => vec!["DROP TRIGGER refuse_file".into()],
        (Backend::Postgres, true) => vec![
            format!(
                "CREATE FUNCTION refuse_file() RETURNS trigger AS $$ BEGIN \
                 IF NEW.filename = '{filename}' THEN RAISE EXCEPTION 'refused by the test'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER refuse_file BEFORE INSERT ON attachments FOR EACH ROW \
             EXECUTE FUNCTION refuse_file()"
                .into(),
        ],
        (Backend::Postgres, false) => vec!["DROP TRIGGER refuse_file ON attachments".into()],
    };
    node.app
        .store
        .run(move |c| {
            use diesel::RunQueryDsl;
            for s in &statements {
                diesel::sql_query(s).execute(c)?;
            }
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_decision_and_its_files_are_published_together_or_not_at_all() {
    let node = spawn_node("admin7").await;
    let password = admin(
        &node,
        "koungheul",
        "maire",
        palabre::domain::staff::Role::Admin,
    )
    .await;
    let peer = spawn_peer("txnfollower").await;
    followed_by(&node, "koungheul", &peer).await;
    let mut b = Browser::new(&node);
    assert_eq!(b.login("koungheul", "maire", &password).await.0, 303);
    let (_, form) = b.get("/communes/koungheul/admin/decisions/new").await;
    assert!(
        form.contains("multiple"),
        "the file field takes several PDFs"
    );
    let csrf = csrf_of(&form);
    let fields = minimal_decision(&csrf);
    let pdf = real_pdf_saying;
    let two = || {
        vec![
            (
                "attachment",
                "deliberation.pdf",
                "application/pdf",
                pdf("deliberation"),
            ),
            ("attachment", "annexe.pdf", "application/pdf", pdf("annexe")),
        ]
    };
    let (activities, deliveries) = (
        node.count("activities").await,
        node.count("deliveries").await,
    );

    // The second file's row cannot be written: nothing is published, not even the decision.
    refuse_attachment_named(&node, "annexe.pdf", true).await;
    let (status, html, _) = b
        .post_files("/communes/koungheul/admin/decisions/new", &fields, two())
        .await;
    assert_eq!(status, 500);
    assert!(
        html.contains("Une erreur est survenue"),
        "the error page, in French"
    );
    assert_eq!(node.count("decisions").await, 0);
    assert_eq!(node.count("attachments").await, 0);
    assert_eq!(node.count("activities").await, activities, "no activity");
    assert_eq!(node.count("deliveries").await, deliveries, "no delivery");
    refuse_attachment_named(&node, "annexe.pdf", false).await;

    // More files than a decision takes: refused next to the file field, nothing stored.
    let eleven: Vec<_> = (0..11)
        .map(|i| {
            (
                "attachment",
                "piece.pdf",
                "application/pdf",
                pdf(&format!("piece {i}")),
            )
        })
        .collect();
    let (status, html, _) = b
        .post_files("/communes/koungheul/admin/decisions/new", &fields, eleven)
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("au plus 10 documents"), "{html}");
    assert_eq!(node.count("decisions").await, 0);

    // Both files: one decision, two attachments, one Create carrying both.
    let (status, _, location) = b
        .post_files("/communes/koungheul/admin/decisions/new", &fields, two())
        .await;
    assert_eq!(status, 303);
    let (_, page) = b.get(location.as_deref().unwrap()).await;
    assert!(page.contains("deliberation.pdf") && page.contains("annexe.pdf"));
    assert_eq!(node.count("decisions").await, 1);
    assert_eq!(node.count("attachments").await, 2);
    assert_eq!(node.count("activities").await, activities + 1);
    let outbox = node
        .get_ap(&node.url("/communes/koungheul/outbox?page=1"))
        .await;
    assert_eq!(types_of(&outbox["orderedItems"]), ["Create"]);
    let names: Vec<&str> = outbox["orderedItems"][0]["object"]["attachment"]
        .as_array()
        .expect("attachments")
        .iter()
        .filter(|a| a["type"] == "Document")
        .map(|a| a["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let got = peer
        .wait_for(10, "the Create", |r| {
            r.iter().any(|x| x.body["type"] == "Create")
        })
        .await;
    let creates: Vec<_> = got.iter().filter(|x| x.body["type"] == "Create").collect();
    assert_eq!(creates.len(), 1);
    assert!(
        !got.iter().any(|x| x.body["type"] == "Update"),
        "the files came with the Create, not in an Update after it"
    );

    // The same reference again: the form says so next to the field, in the reader's language.
    b.lang = "pt";
    let (status, html, _) = b
        .post_files(
            "/communes/koungheul/admin/decisions/new",
            &fields,
            Vec::new(),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Outra decisão do município já tem esta referência"),
        "{html}"
    );
    assert_eq!(node.count("decisions").await, 1);
    // A service error becomes the one error page, in the reader's language too.
    let (status, html) = b
        .get("/communes/koungheul/admin/decisions/nothing/edit")
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("Página não encontrada"), "{html}");
}

/// A node behind a reverse proxy on loopback, as deploy/ sets it up.
async fn behind_proxy(name: &str) -> TestNode {
    spawn_node_with(name, |c| {
        c.trusted_proxies = palabre::config::TrustedProxies(vec!["127.0.0.1".parse().unwrap()]);
    })
    .await
}

#[tokio::test]
async fn failures_through_a_trusted_proxy_count_for_the_client_not_the_proxy() {
    let node = behind_proxy("proxy1").await;
    let password = admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    let mut attacker = Browser::new(&node);
    let from_attacker = [("x-forwarded-for", "203.0.113.7")];
    for i in 0..20 {
        let user = format!("nobody{i}");
        let (status, _, _) = attacker
            .login_via("labe", &user, "guess", &from_attacker)
            .await;
        assert_eq!(status, 401, "attempt {i}");
    }
    let (status, _, _) = attacker
        .login_via("labe", "nobody", "guess", &from_attacker)
        .await;
    assert_eq!(status, 429, "the attacker's own address is limited");
    // The mayor comes through the same proxy from another address.
    let mut mayor = Browser::new(&node);
    let (status, _, _) = mayor
        .login_via(
            "labe",
            "maire",
            &password,
            &[("x-forwarded-for", "6.6.6.6, 198.51.100.2")],
        )
        .await;
    assert_eq!(
        status, 303,
        "another client's correct password is not locked out"
    );
}

#[tokio::test]
async fn an_untrusted_peer_cannot_choose_its_address_with_a_header() {
    let node = spawn_node("proxy2").await;
    admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    let mut b = Browser::new(&node);
    for i in 0..20 {
        let (user, forged) = (format!("nobody{i}"), format!("203.0.113.{i}"));
        let (status, _, _) = b
            .login_via(
                "labe",
                &user,
                "guess",
                &[
                    ("x-forwarded-for", forged.as_str()),
                    ("forwarded", format!("for={forged}").as_str()),
                ],
            )
            .await;
        assert_eq!(status, 401, "attempt {i}");
    }
    let (status, _, _) = b
        .login_via(
            "labe",
            "nobody",
            "guess",
            &[("x-forwarded-for", "198.51.100.77")],
        )
        .await;
    assert_eq!(
        status, 429,
        "the forged header did not give a fresh address"
    );
}

#[tokio::test]
async fn an_account_failed_from_elsewhere_is_slowed_not_refused() {
    let node = behind_proxy("proxy3").await;
    let password = admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    // Failures on the mayor's account from two addresses: each address is stopped at its limit.
    for address in ["203.0.113.7", "203.0.113.8"] {
        let mut attacker = Browser::new(&node);
        for _ in 0..5 {
            let (status, _, _) = attacker
                .login_via(
                    "labe",
                    "maire",
                    "wrong password!",
                    &[("x-forwarded-for", address)],
                )
                .await;
            assert_eq!(status, 401);
        }
        let (status, _, _) = attacker
            .login_via("labe", "maire", &password, &[("x-forwarded-for", address)])
            .await;
        assert_eq!(
            status, 429,
            "{address} is limited on this account, even with the right password"
        );
    }
    let mut mayor = Browser::new(&node);
    let started = std::time::Instant::now();
    let (status, _, _) = mayor
        .login_via(
            "labe",
            "maire",
            &password,
            &[("x-forwarded-for", "198.51.100.2")],
        )
        .await;
    assert_eq!(status, 303, "the owner's correct password still works");
    assert!(
        started.elapsed() >= palabre::service::staff::SLOW_DOWN,
        "but it waited: {:?}",
        started.elapsed()
    );
    assert_eq!(node.count("sessions").await, 1);
}

#[tokio::test]
async fn concurrent_wrong_attempts_get_no_more_checks_than_the_limit() {
    let node = spawn_node("race1").await;
    admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    let mut b = Browser::new(&node);
    let (_, page) = b.get("/communes/labe/admin/login").await;
    let csrf = csrf_of(&page);
    let cookie = b.cookie_header();
    let url = format!("{}/communes/labe/admin/login", b.base);
    let attempts = (0..40).map(|_| {
        let req = b.client.post(&url).header("cookie", &cookie).form(&[
            ("csrf", csrf.as_str()),
            ("username", "maire"),
            ("password", "wrong password!"),
        ]);
        async move { req.send().await.unwrap().status().as_u16() }
    });
    let statuses = futures::future::join_all(attempts).await;
    // Each 401 is one password check; 429 answers come without one.
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 40, "{statuses:?}");
    assert_eq!(
        checked as i64,
        palabre::service::staff::MAX_FAILURES_PER_ACCOUNT,
        "{statuses:?}"
    );
}

fn follow_of(peer: &TestPeer, actor: &str, target: &str) -> serde_json::Value {
    serde_json::json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/{}", peer.actor(actor), uuid::Uuid::new_v4()),
        "type": "Follow",
        "actor": peer.actor(actor),
        "object": target,
    })
}

#[tokio::test]
async fn a_communes_blocks_are_its_own_and_take_effect() {
    let node = spawn_node("blocks1").await;
    let pa = admin(&node, "fass", "maire", palabre::domain::staff::Role::Admin).await;
    let pb = admin(&node, "labe", "maire", palabre::domain::staff::Role::Admin).await;
    let (fass, labe) = (node.actor_id("fass"), node.actor_id("labe"));
    let blocked = spawn_peer("blockedpeer").await;
    let other = spawn_peer("otherpeer").await;
    // The peer follows both communes; another peer follows only labe.
    for slug in ["fass", "labe"] {
        let inbox = format!("/communes/{slug}/inbox");
        let f = follow_of(&blocked, "u1", &node.actor_id(slug));
        assert_eq!(node.send_signed(&inbox, &blocked, "u1", &f).await, 202);
    }
    let f = follow_of(&other, "u1", &labe);
    assert_eq!(
        node.send_signed("/communes/labe/inbox", &other, "u1", &f)
            .await,
        202
    );
    // Both Accepts are out before any block, so no block can be what stopped them.
    blocked
        .wait_for(10, "two Accepts", |r| {
            r.iter().filter(|x| x.body["type"] == "Accept").count() == 2
        })
        .await;
    palabre::service::remote::block(&node.app, "operator-blocked.example", None)
        .await
        .unwrap();

    let mut a = Browser::new(&node);
    assert_eq!(a.login("fass", "maire", &pa).await.0, 303);
    let (_, page) = a.get("/communes/fass/admin/federation").await;
    let csrf_a = csrf_of(&page);
    assert!(
        !page.contains(&other.host),
        "fass sees only its own peers: {page}"
    );
    assert!(page.contains(&blocked.host));
    let (status, html, _) = a
        .post(
            "/communes/fass/admin/federation/block",
            &[
                ("csrf", &csrf_a),
                ("host", &blocked.host),
                ("reason", "pourriel"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Instance bloquée"));
    // The operator's block is shown, and cannot be lifted from the page.
    assert!(html.contains("operator-blocked.example") && html.contains("exploitant"));
    let (status, html, _) = a
        .post(
            "/communes/fass/admin/federation/unblock",
            &[("csrf", &csrf_a), ("host", "operator-blocked.example")],
        )
        .await;
    assert_eq!(status, 409, "{html}");
    assert!(
        palabre::service::remote::is_blocked(&node.app, "operator-blocked.example")
            .await
            .unwrap()
    );

    // labe's admin sees nothing of fass's block and cannot lift it.
    let mut b = Browser::new(&node);
    assert_eq!(b.login("labe", "maire", &pb).await.0, 303);
    let (_, page) = b.get("/communes/labe/admin/federation").await;
    assert!(!page.contains("pourriel"), "{page}");
    assert!(page.contains(&other.host), "labe sees its own peers");
    let csrf_b = csrf_of(&page);
    let (status, _, _) = b
        .post(
            "/communes/labe/admin/federation/unblock",
            &[("csrf", &csrf_b), ("host", &blocked.host)],
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(node.count("commune_blocks").await, 1);
    let c = palabre::service::communes::get(&node.app, "fass")
        .await
        .unwrap();
    let l = palabre::service::communes::get(&node.app, "labe")
        .await
        .unwrap();
    let host = blocked.host.split(':').next().unwrap();
    assert!(
        palabre::service::remote::is_blocked_for(&node.app, c.id, host)
            .await
            .unwrap()
    );
    assert!(
        !palabre::service::remote::is_blocked_for(&node.app, l.id, host)
            .await
            .unwrap()
    );

    // fass's inbox refuses the blocked host (personal inbox, and a Follow of fass anywhere);
    // labe's still accepts it.
    let note = |to: &str| {
        let id = format!("{}/notes/{}", blocked.actor("u2"), uuid::Uuid::new_v4());
        serde_json::json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{id}/activity"), "type": "Create", "actor": blocked.actor("u2"),
            "object": {"id": id, "type": "Note", "attributedTo": blocked.actor("u2"), "content": "hi", "to": [to]},
        })
    };
    assert_eq!(
        node.send_signed("/communes/fass/inbox", &blocked, "u2", &note(&fass))
            .await,
        403
    );
    assert_eq!(
        node.send_signed("/communes/labe/inbox", &blocked, "u2", &note(&labe))
            .await,
        202
    );
    let again = follow_of(&blocked, "u3", &fass);
    assert_eq!(
        node.send_signed("/inbox", &blocked, "u3", &again).await,
        403
    );
    assert_eq!(
        node.send_signed("/communes/fass/inbox", &blocked, "u3", &again)
            .await,
        403
    );
    let to_labe = follow_of(&blocked, "u3", &labe);
    assert_eq!(
        node.send_signed("/inbox", &blocked, "u3", &to_labe).await,
        202
    );

    // fass's deliveries to the blocked host stop (its follow was removed); labe's go on.
    let before = blocked.received().len();
    let (ta, tb) = (node.token("fass").await, node.token("labe").await);
    node.publish("fass", &ta, &sample_decision()).await;
    let mut from_labe = sample_decision();
    from_labe["reference"] = "LABE-1".into();
    node.publish("labe", &tb, &from_labe).await;
    let got = blocked
        .wait_for(10, "labe's Create", |r| {
            r[before..]
                .iter()
                .any(|x| x.body["type"] == "Create" && x.body["actor"] == labe.as_str())
        })
        .await;
    // The block removed the host's follow of fass: nothing of fass's is even queued there.
    let fass_id = c.id;
    let followers = node
        .app
        .store
        .run(move |conn| palabre::store::federation::follower_count(conn, fass_id))
        .await
        .unwrap();
    assert_eq!(followers, 0);
    assert_eq!(node.count("deliveries WHERE state = 'failed'").await, 0);
    let got = [got, blocked.received()].concat();
    assert!(
        !got.iter()
            .any(|x| x.body["type"] == "Create" && x.body["actor"] == fass.as_str()),
        "fass's Create reached a host it blocked"
    );
}
