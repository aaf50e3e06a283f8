//! One-time messages across a redirect ("Décision publiée", "Vous êtes déconnecté"): the
//! handler that redirects sets a short-lived cookie naming the message; the next page built
//! with the layout shows it, and the middleware then clears the cookie and keeps that page out
//! of caches. Only known messages are shown: the cookie names a catalog key, never text.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::cell::Cell;

const COOKIE: &str = "palabre_flash";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    Published,
    Updated,
    Withdrawn,
    SignedOut,
    Welcome,
    Answered,
    Moderated,
    RequestUpdated,
}

impl Flash {
    const ALL: [Flash; 8] = [
        Flash::Published,
        Flash::Updated,
        Flash::Withdrawn,
        Flash::SignedOut,
        Flash::Welcome,
        Flash::Answered,
        Flash::Moderated,
        Flash::RequestUpdated,
    ];

    fn name(self) -> &'static str {
        match self {
            Flash::Published => "published",
            Flash::Updated => "updated",
            Flash::Withdrawn => "withdrawn",
            Flash::SignedOut => "signed-out",
            Flash::Welcome => "welcome",
            Flash::Answered => "answered",
            Flash::Moderated => "moderated",
            Flash::RequestUpdated => "request-updated",
        }
    }

    /// The catalog key of the message.
    pub fn key(self) -> String {
        format!("flash-{}", self.name())
    }
}

tokio::task_local! {
    static CURRENT: (Option<Flash>, Cell<bool>);
}

/// Adds the cookie that makes the next page show `flash`.
pub fn set(response: &mut Response, secure: bool, flash: Flash) {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax{secure}",
        flash.name()
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn from_cookie(headers: &HeaderMap) -> Option<Flash> {
    let name = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))?;
    Flash::ALL.into_iter().find(|f| f.name() == name)
}

/// The message waiting for this page, if any; called by the layout, which then shows it.
pub fn take() -> Option<Flash> {
    CURRENT
        .try_with(|(flash, shown)| {
            shown.set(flash.is_some());
            *flash
        })
        .ok()
        .flatten()
}

/// Middleware: makes the cookie's message available to the layout while the request is
/// handled, and clears the cookie once a page has shown it.
pub async fn carry(req: Request, next: Next) -> Response {
    let Some(flash) = from_cookie(req.headers()) else {
        return next.run(req).await;
    };
    let (mut response, shown) = CURRENT
        .scope((Some(flash), Cell::new(false)), async {
            let r = next.run(req).await;
            let shown = CURRENT.with(|(_, shown)| shown.get());
            (r, shown)
        })
        .await;
    if shown {
        let h = response.headers_mut();
        h.append(
            header::SET_COOKIE,
            HeaderValue::from_static("palabre_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn every_message_is_in_the_catalogs_and_names_round_trip() {
        for f in Flash::ALL {
            for lang in Lang::ALL {
                let text = lang.t(&f.key());
                assert!(!text.contains("flash-"), "{lang:?} lacks {}", f.key());
            }
            let mut h = HeaderMap::new();
            h.insert(
                header::COOKIE,
                HeaderValue::from_str(&format!("a=b; {COOKIE}={}", f.name())).unwrap(),
            );
            assert_eq!(from_cookie(&h), Some(f));
        }
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("palabre_flash=<script>"),
        );
        assert_eq!(from_cookie(&h), None, "only known messages");
    }
}
