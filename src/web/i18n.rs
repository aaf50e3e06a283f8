//! The reader's language: `?lang=` (which the switcher sets and a cookie keeps), else the
//! cookie, else Accept-Language, else French. The catalogs are in `crate::l10n`.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub use crate::l10n::Lang;

pub const COOKIE: &str = "palabre_lang";

/// The reader's language, from the request.
#[derive(Debug, Clone, Copy)]
pub struct Reader(pub Lang);

fn cookie_lang(parts: &Parts) -> Option<Lang> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .and_then(Lang::parse)
        })
}

fn query_lang(parts: &Parts) -> Option<Result<Lang, String>> {
    let query = parts.uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| Lang::parse(&v).ok_or_else(|| v.to_string()))
}

pub fn negotiate(parts: &Parts) -> Lang {
    if let Some(Ok(l)) = query_lang(parts) {
        return l;
    }
    cookie_lang(parts)
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::Fr)
}

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Reader(negotiate(parts)))
    }
}

/// Keeps a language chosen with the switcher (`?lang=pt`) in a cookie, and refuses unknown
/// codes with a page that says so in the reader's language.
pub async fn remember_choice(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let choice = query_lang(&parts);
    if let Some(Err(code)) = &choice {
        let lang = negotiate(&parts);
        return super::pages::error_page(
            lang,
            axum::http::StatusCode::BAD_REQUEST,
            &format!(
                "{} ({})",
                lang.t("error-unknown-language"),
                code.chars().take(20).collect::<String>()
            ),
        );
    }
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(Ok(lang)) = choice {
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}
