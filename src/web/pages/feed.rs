//! An Atom feed per commune, for people and tools that are not on the fediverse.

use super::PageError;
use crate::web::i18n::Reader;
use crate::web::WebState;
use atom_syndication::{
    ContentBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, Text,
};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

fn fixed(t: chrono::NaiveDateTime) -> FixedDateTime {
    chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(t, chrono::Utc).fixed_offset()
}

pub async fn atom(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let c = crate::service::communes::get(&s.app, &slug).await?;
    let id = c.id;
    let rows = s
        .app
        .store
        .run(move |conn| crate::store::decisions::latest(conn, id, 50))
        .await?;
    let actor = s.app.urls.commune(&c.slug);
    let entries: Vec<_> = rows
        .iter()
        .map(|d| {
            let url = s.app.urls.decision(&c.slug, &d.key);
            EntryBuilder::default()
                .title(Text::plain(format!("{} — {}", d.reference, d.title)))
                .id(url.to_string())
                .updated(fixed(d.updated_at))
                .published(Some(fixed(d.published_at)))
                .links(vec![LinkBuilder::default()
                    .href(url.to_string())
                    .rel("alternate")
                    .build()])
                .summary(Some(Text::plain(d.summary.clone())))
                .content(Some(
                    ContentBuilder::default()
                        .content_type(Some("html".to_string()))
                        .lang(Some(d.language.clone()))
                        .value(Some(d.body_html.clone()))
                        .build(),
                ))
                .build()
        })
        .collect();
    let updated = rows
        .iter()
        .map(|d| d.updated_at)
        .max()
        .unwrap_or(c.updated_at);
    let feed = FeedBuilder::default()
        .title(Text::plain(c.name.clone()))
        .id(actor.to_string())
        .updated(fixed(updated))
        .lang(Some(lang.code().to_string()))
        .links(vec![
            LinkBuilder::default()
                .href(actor.to_string())
                .rel("alternate")
                .build(),
            LinkBuilder::default()
                .href(format!("{actor}/feed.atom"))
                .rel("self")
                .build(),
        ])
        .entries(entries)
        .build();
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        feed.to_string(),
    )
        .into_response())
}
