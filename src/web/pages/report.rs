//! A visitor reports a comment to the commune's moderators: a small form under the comment's
//! text, protected by a double-submit CSRF cookie (no session) and limited per client address.

use super::admin::{check_pre_session_csrf, keep_pre_session_csrf, pre_session_csrf, Fields};
use super::{html_response, layout, PageError};
use crate::domain::comment::{Comment, CommentState};
use crate::domain::commune::Commune;
use crate::service::reports::{self, Filed};
use crate::web::i18n::Lang;
use crate::web::i18n::Reader;
use crate::web::WebState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, PreEscaped};

async fn found(s: &WebState, slug: &str, id: i32) -> Result<(Commune, Comment), PageError> {
    let commune = crate::service::communes::get(&s.app, slug).await?;
    let comment = crate::service::comments::find(&s.app, commune.id, id).await?;
    if comment.state != CommentState::Visible || comment.author.is_none() {
        return Err(PageError::not_found());
    }
    Ok((commune, comment))
}

fn form_page(
    s: &WebState,
    lang: Lang,
    commune: &Commune,
    comment: &Comment,
    csrf: &str,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let here = format!("/communes/{}/comments/{}/report", commune.slug, comment.id);
    let back = url::Url::parse(&comment.object_url)
        .map(|u| format!("{}#comment-{}", u.path(), comment.id))
        .unwrap_or_default();
    let body = html! {
        p { a href=(s.app.urls.commune(&commune.slug).path()) { (commune.name) } " › " a href=(back) { (lang.t("report-back")) } }
        h1 { (lang.t("report-title")) }
        @if let Some(a) = &comment.author { p.muted { strong { (a.name) } " " (a.handle) } }
        blockquote { (PreEscaped(&comment.content_html)) }
        @if let Some(m) = message { p role="alert" { strong { (m) } } }
        @if status != StatusCode::CREATED {
            form method="post" action=(here) {
                input type="hidden" name="csrf" value=(csrf);
                label for="reason" { (lang.t("report-reason")) }
                textarea #reason name="reason" rows="4" maxlength="1000" required {}
                p { button type="submit" { (lang.t("report-send")) } }
            }
        }
    };
    let mut r = html_response(
        status,
        layout(lang, &lang.t("report-title"), &here, None, body),
    );
    keep_pre_session_csrf(s, &mut r, csrf);
    r
}

pub async fn show(
    State(s): State<WebState>,
    Path((slug, id)): Path<(String, i32)>,
    headers: HeaderMap,
    Reader(lang): Reader,
) -> Result<Response, PageError> {
    let (commune, comment) = found(&s, &slug, id).await?;
    let csrf = pre_session_csrf(&headers);
    Ok(form_page(
        &s,
        lang,
        &commune,
        &comment,
        &csrf,
        StatusCode::OK,
        None,
    ))
}

pub async fn file(
    State(s): State<WebState>,
    Path((slug, id)): Path<(String, i32)>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Reader(lang): Reader,
    Form(form): Form<Fields>,
) -> Result<Response, PageError> {
    let csrf = check_pre_session_csrf(lang, &headers, &form)?;
    let (commune, comment) = found(&s, &slug, id).await?;
    let address =
        super::admin::login::client_address(&s.app.config.trusted_proxies, peer.ip(), &headers);
    let reason = form.get("reason").map(String::as_str).unwrap_or_default();
    let page = |status, key: &str| {
        Ok(form_page(
            &s,
            lang,
            &commune,
            &comment,
            &csrf,
            status,
            Some(&lang.t(key)),
        ))
    };
    match reports::visitor_report(&s.app, commune.id, comment.id, reason, &address.to_string())
        .await
    {
        Ok(Filed::Filed) => {
            tracing::info!(commune = %slug, comment = %comment.ap_id, "visitor report filed");
            page(StatusCode::CREATED, "report-filed")
        }
        Ok(Filed::TooMany) => {
            tracing::warn!(commune = %slug, %address, "visitor reports over the limit");
            let mut r = form_page(
                &s,
                lang,
                &commune,
                &comment,
                &csrf,
                StatusCode::TOO_MANY_REQUESTS,
                Some(&lang.t("report-too-many")),
            );
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("3600"),
            );
            Ok(r)
        }
        Err(crate::service::ServiceError::Invalid(_)) => {
            page(StatusCode::UNPROCESSABLE_ENTITY, "invalid-report-reason")
        }
        Err(e) => Err(e.into()),
    }
}
