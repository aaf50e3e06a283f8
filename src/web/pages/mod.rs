//! Server-rendered public pages, light enough for 2G: no JavaScript, one small inline
//! stylesheet, every string from the catalogs (`locales/`), every value escaped by maud.

pub mod admin;
pub mod budgets;
pub mod comments;
pub mod commitments;
pub mod commune;
pub mod consultations;
pub mod decisions;
pub mod feed;
pub mod flash;
pub mod home;
pub mod report;
pub mod requests;

use super::i18n::{negotiate, Lang};
use crate::service::ServiceError;
use crate::store::StoreError;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}\
a{color:#0b5394;overflow-wrap:anywhere}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f4b400;outline-offset:2px}\
header,footer{padding:.75rem 0;border-bottom:1px solid #ddd}footer{border-top:1px solid #ddd;border-bottom:0;margin-top:2rem;font-size:.9rem}\
nav ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.75rem}\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\
.box{border:1px solid #ccc;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;background:#f7f9fc}\
code{word-break:break-all;font-size:1rem}label{display:block;margin:.5rem 0 .25rem}\
input,select,button,textarea{font:inherit;padding:.4rem;max-width:100%;box-sizing:border-box}fieldset{min-width:0;margin:1rem 0}button{cursor:pointer}\
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}.muted{color:#555}\
ol.items,ul.items{padding-left:1.2rem}img.logo{width:48px;height:48px;object-fit:contain;vertical-align:middle}\
.flash{border-left:4px solid #1e7b34;background:#eef7f0;padding:.5rem .75rem}table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}td,th{padding:.25rem .75rem;border:1px solid #ccc;text-align:left}";

/// The frame of every page. `here` is the page's path and query without `lang`, for the
/// language switcher.
pub fn layout(
    lang: Lang,
    title: &str,
    here: &str,
    alternate: Option<&str>,
    main: Markup,
) -> Markup {
    let sep = if here.contains('?') { '&' } else { '?' };
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (title) " · " (lang.t("site-name")) }
                @if let Some(a) = alternate {
                    link rel="alternate" type="application/activity+json" href=(a);
                }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { (lang.t("skip-to-content")) }
                header {
                    nav aria-label=(lang.t("nav-home")) {
                        ul {
                            li { a href="/" { strong { (lang.t("site-name")) } } }
                        }
                    }
                    nav aria-label=(lang.t("language")) {
                        ul {
                            @for l in Lang::ALL {
                                li {
                                    @if l == lang {
                                        span aria-current="true" lang=(l.code()) { strong { (l.autonym()) } }
                                    } @else {
                                        a href={ (here) (sep) "lang=" (l.code()) } lang=(l.code()) hreflang=(l.code()) { (l.autonym()) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main {
                    @if let Some(f) = flash::take() { p.flash role="status" { (lang.t(&f.key())) } }
                    (main)
                }
                footer { p.muted { (lang.t("footer-software")) } }
            }
        }
    }
}

pub fn html_response(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::VARY, "Accept, Accept-Language, Cookie"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        markup.into_string(),
    )
        .into_response()
}

/// An error page in the reader's language.
pub fn error_page(lang: Lang, status: StatusCode, message: &str) -> Response {
    let body = html! {
        h1 { (status.as_u16()) }
        p { (message) }
        p { a href="/" { (lang.t("error-back-home")) } }
    };
    let mut r = html_response(status, layout(lang, message, "/", None, body));
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    r
}

pub fn not_found(lang: Lang) -> Response {
    error_page(lang, StatusCode::NOT_FOUND, &lang.t("error-not-found"))
}

/// Why a page handler did not produce its page. Handlers return `Result<Response, PageError>`
/// and write `?` on service and store errors; the answer is the one error page, in the
/// reader's language ([`render_errors`] knows the language, the conversion does not).
pub enum PageError {
    /// A page already made for this refusal: a form with its bad field marked, the login form.
    Page(Response),
    /// The error page with this status and the catalog key of its message.
    Status(StatusCode, String),
}

impl PageError {
    pub fn status(status: StatusCode, key: &str) -> Self {
        PageError::Status(status, key.to_string())
    }

    pub fn not_found() -> Self {
        PageError::status(StatusCode::NOT_FOUND, "error-not-found")
    }
}

impl From<Response> for PageError {
    fn from(r: Response) -> Self {
        PageError::Page(r)
    }
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        let (status, key) = match &e {
            ServiceError::Invalid(i) => {
                tracing::info!(field = i.field, error = %i, "page refused invalid input");
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("invalid-{}", i.field),
                )
            }
            ServiceError::Taken { field } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("invalid-{field}-taken"),
            ),
            ServiceError::NotFound(_) => return PageError::not_found(),
            ServiceError::Store(s) if s.is_not_found() => return PageError::not_found(),
            ServiceError::Forbidden(m) => {
                tracing::warn!(reason = %m, "page refused");
                (StatusCode::FORBIDDEN, "admin-forbidden".into())
            }
            ServiceError::Conflict(m) => {
                tracing::info!(reason = %m, "page refused: conflict");
                (StatusCode::CONFLICT, "error-conflict".into())
            }
            _ => {
                tracing::error!(error = %e, "page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-server".into())
            }
        };
        PageError::Status(status, key)
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        ServiceError::Store(e).into()
    }
}

/// What [`render_errors`] turns into the error page.
#[derive(Clone)]
struct Unrendered(String);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Page(r) => r,
            PageError::Status(status, key) => {
                // In the default language, for a router without `render_errors`.
                let mut r = error_page(Lang::Fr, status, &Lang::Fr.t(&key));
                r.extensions_mut().insert(Unrendered(key));
                r
            }
        }
    }
}

/// Middleware: renders a [`PageError`] in the reader's language. Only the few headers the
/// language depends on are kept, so that requests that succeed pay almost nothing.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let mut probe = Request::new(());
    *probe.uri_mut() = req.uri().clone();
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for v in req.headers().get_all(&name) {
            probe.headers_mut().append(name.clone(), v.clone());
        }
    }
    let mut response = next.run(req).await;
    match response.extensions_mut().remove::<Unrendered>() {
        Some(Unrendered(key)) => {
            let lang = negotiate(&probe.into_parts().0);
            error_page(lang, response.status(), &lang.t(&key))
        }
        None => response,
    }
}

/// A byte size as a reader reads it (Ko/KB/MB).
pub fn size(lang: Lang, bytes: i64) -> String {
    let kb = (bytes + 1023) / 1024;
    let unit = if lang == Lang::Fr {
        ("Ko", "Mo")
    } else {
        ("KB", "MB")
    };
    if kb < 1024 {
        format!("{kb} {}", unit.0)
    } else {
        format!("{:.1} {}", kb as f64 / 1024.0, unit.1)
    }
}
