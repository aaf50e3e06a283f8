//! The comments under an object's page: author (name and link), date in the commune's time
//! zone, the sanitized HTML as stored, and a pager when there are more than a page.

use crate::domain::comment::Comment;
use crate::domain::commune::Commune;
use crate::service::comments::PAGE_SIZE;
use crate::web::format::Place;
use crate::web::i18n::Lang;
use maud::{html, Markup, PreEscaped};

/// One page of an object's visible comments.
pub struct Discussion {
    pub comments: Vec<Comment>,
    pub total: i64,
    /// 0-based.
    pub page: i64,
}

/// The `?comments=N` page (1-based) a reader asked for, 0-based.
pub fn page_asked(query: Option<&str>) -> i64 {
    query
        .into_iter()
        .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()))
        .find(|(k, _)| k == "comments")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .map_or(0, |n| (n - 1).max(0))
}

/// `commune_path` is the commune's page, where its own answers link.
pub fn section(
    lang: Lang,
    place: &Place,
    commune: &Commune,
    commune_path: &str,
    path: &str,
    d: &Discussion,
) -> Markup {
    let pages = (d.total + PAGE_SIZE - 1) / PAGE_SIZE;
    html! {
        section #comments {
            h2 { (lang.t_args("comments-title", &[("count", d.total.into())])) }
            @if d.total == 0 {
                p.muted { (lang.t("comments-none")) }
            }
            @for c in &d.comments {
                article.comment id={ "comment-" (c.id) } style=(if c.author.is_none() { "border-left:3px solid #1e7b34;padding-left:.5em" } else { "" }) {
                    p.muted {
                        @match &c.author {
                            Some(a) => {
                                a href=(a.profile) rel="nofollow ugc" { strong { (a.name) } }
                                " " span { (a.handle) }
                            }
                            None => {
                                a href=(commune_path) { strong { (commune.name) } }
                                " " span { (lang.t("comment-by-commune")) }
                            }
                        }
                        " · " a href=(c.link()) rel="nofollow ugc" { (place.datetime(lang, c.published_at)) }
                        @if c.edited_at.is_some() { " · " (lang.t("comment-edited")) }
                    }
                    div { (PreEscaped(&c.content_html)) }
                    @if c.author.is_some() {
                        p.muted { a href={ "/communes/" (commune.slug) "/comments/" (c.id) "/report" } rel="nofollow" { (lang.t("report-link")) } }
                    }
                }
            }
            @if pages > 1 {
                p {
                    @if d.page > 0 { a href={ (path) "?comments=" (d.page) "#comments" } { (lang.t("comments-previous")) } " " }
                    @if d.page + 1 < pages { a href={ (path) "?comments=" (d.page + 2) "#comments" } { (lang.t("comments-next")) } }
                }
            }
        }
    }
}
