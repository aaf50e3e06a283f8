//! Plain HTML pages (French by default). Every value from a person is escaped; Markdown bodies
//! were sanitized when stored. The full public site is built on this in a later issue.

use super::WebState;
use crate::domain::commune::Country;
use crate::domain::decision::{DecisionKind, DecisionStatus};
use crate::domain::markdown::escape;
use crate::protocol::urls::Urls;
use crate::store::models::{Attachment, Commune, Decision};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

fn page(title: &str, lang: &str, alternate: Option<&str>, body: &str) -> Response {
    let alt = alternate
        .map(|a| {
            format!(
                "<link rel=\"alternate\" type=\"application/activity+json\" href=\"{}\">",
                escape(a)
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title>{alt}<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:auto;padding:1rem;line-height:1.5}}</style>\
         </head><body>{body}</body></html>",
        escape(title)
    );
    ([(header::VARY, "Accept")], Html(html)).into_response()
}

pub async fn home(State(s): State<WebState>) -> Response {
    let communes = s
        .app
        .store
        .run(crate::store::communes::all)
        .await
        .unwrap_or_default();
    let items: String = communes
        .iter()
        .map(|c| {
            let country = Country::parse(&c.country)
                .map(|k| k.name("fr"))
                .unwrap_or("");
            format!(
                "<li><a href=\"{}\">{}</a> — {}</li>",
                s.app.urls.commune(&c.slug),
                escape(&c.name),
                escape(country)
            )
        })
        .collect();
    page(
        "Palabre",
        "fr",
        None,
        &format!("<h1>Palabre</h1><p>Communes publiées sur ce nœud :</p><ul>{items}</ul>"),
    )
}

pub fn commune(urls: &Urls, c: &Commune, latest: &[Decision], followers: i64) -> Response {
    let id = urls.commune(&c.slug);
    let list: String = latest
        .iter()
        .map(|d| {
            format!(
                "<li><a href=\"{}\">{} — {}</a> ({})</li>",
                urls.decision(&c.slug, &d.key),
                escape(&d.reference),
                escape(&d.title),
                d.session_date.format("%d/%m/%Y")
            )
        })
        .collect();
    let handle = format!("@{}@{}", c.slug, urls.authority());
    let body = format!(
        "<h1>{}</h1><p>{} · {} abonnés</p><p>Suivre depuis Mastodon ou le fédivers : <code>{}</code></p>\
         <h2>Dernières décisions</h2><ul>{list}</ul>",
        escape(&c.name),
        escape(Country::parse(&c.country).map(|k| k.name("fr")).unwrap_or("")),
        followers,
        escape(&handle),
    );
    page(&c.name, "fr", Some(id.as_str()), &body)
}

pub fn decision(urls: &Urls, c: &Commune, d: &Decision, files: &[Attachment]) -> Response {
    let id = urls.decision(&c.slug, &d.key);
    let kind = DecisionKind::parse(&d.kind)
        .map(|k| k.label("fr"))
        .unwrap_or("");
    let status = DecisionStatus::parse(&d.status)
        .map(|k| k.label("fr"))
        .unwrap_or("");
    let votes = match (d.votes_yes, d.votes_no, d.votes_abstain, d.votes_absent) {
        (Some(y), Some(n), Some(a), Some(ab)) => {
            format!("<p>Pour : {y} · Contre : {n} · Abstentions : {a} · Absents : {ab}</p>")
        }
        _ => String::new(),
    };
    let files: String = files
        .iter()
        .map(|f| {
            format!(
                "<li><a href=\"{}\">{}</a> (PDF, {} Ko)</li>",
                urls.media(&f.sha256),
                escape(&f.filename),
                (f.size + 1023) / 1024
            )
        })
        .collect();
    let body = format!(
        "<p><a href=\"{}\">{}</a></p><h1>{} {} — {}</h1><p><strong>{status}</strong> · séance du {}</p>\
         <p>{}</p>{votes}<div lang=\"{}\">{}</div><ul>{files}</ul><p>Lien permanent : <a href=\"{id}\">{id}</a></p>",
        urls.commune(&c.slug),
        escape(&c.name),
        escape(kind),
        escape(&d.reference),
        escape(&d.title),
        d.session_date.format("%d/%m/%Y"),
        escape(&d.summary),
        escape(&d.language),
        d.body_html,
    );
    page(&d.title, "fr", Some(id.as_str()), &body)
}

pub fn withdrawn(urls: &Urls, c: &Commune, d: &Decision) -> Response {
    let mut r = page(
        &d.title,
        "fr",
        None,
        &format!(
            "<p><a href=\"{}\">{}</a></p><h1>Décision retirée</h1><p>{} — {}</p>",
            urls.commune(&c.slug),
            escape(&c.name),
            escape(&d.reference),
            escape(&d.title)
        ),
    );
    *r.status_mut() = StatusCode::GONE;
    r
}
