//! Signing in and out. Before there is a session, the login form's CSRF token is a
//! double-submit cookie.

use super::{
    admin_path, check_pre_session_csrf, commune, cookie, keep_pre_session_csrf, notice,
    pre_session_csrf, see_other, set_cookie, Answer, Desk, Fields, LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
};
use crate::config::TrustedProxies;
use crate::domain::commune::Commune;
use crate::service::staff::{self as staff_svc, Login};
use crate::web::i18n::{Lang, Reader};
use crate::web::pages::{flash, html_response, layout, PageError};
use crate::web::WebState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use maud::html;
use std::net::{IpAddr, SocketAddr};

pub(super) fn form(
    lang: Lang,
    c: &Commune,
    username: &str,
    message: Option<&str>,
    status: StatusCode,
    new_csrf: Option<&str>,
) -> Response {
    let csrf = new_csrf.unwrap_or("");
    let body = html! {
        p { a href={ "/communes/" (c.slug) } { (c.name) } }
        h1 { (lang.t("admin-login")) }
        (notice(message))
        form method="post" action={ (admin_path(c)) "/login" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="username" { (lang.t("admin-username")) }
            input #username name="username" type="text" autocomplete="username" value=(username) maxlength="40" required;
            label for="password" { (lang.t("admin-password")) }
            input #password name="password" type="password" autocomplete="current-password" maxlength="200" required;
            p { button type="submit" { (lang.t("admin-login-button")) } }
        }
    };
    let mut r = html_response(
        status,
        layout(
            lang,
            &lang.t("admin-login"),
            &format!("{}/login", admin_path(c)),
            None,
            body,
        ),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The login form. It sets a CSRF cookie that the form echoes (there is no session yet).
pub async fn page(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    headers: HeaderMap,
) -> Answer {
    let c = commune(&s, &slug).await.ok_or_else(PageError::not_found)?;
    let token = pre_session_csrf(&headers);
    let mut r = form(lang, &c, "", None, StatusCode::OK, Some(&token));
    keep_pre_session_csrf(&s, &mut r, &token);
    Ok(r)
}

pub async fn login(
    State(s): State<WebState>,
    Path(slug): Path<String>,
    Reader(lang): Reader,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    let c = commune(&s, &slug).await.ok_or_else(PageError::not_found)?;
    let expected = check_pre_session_csrf(lang, &headers, &fields)?;
    let username = fields.get("username").map(String::as_str).unwrap_or("");
    let password = fields.get("password").map(String::as_str).unwrap_or("");
    let client = client_address(&s.app.config.trusted_proxies, addr.ip(), &headers);
    let outcome = staff_svc::login(&s.app, c.id, username, password, &client.to_string()).await?;
    Ok(match outcome {
        Login::Ok { token, .. } => signed_in(&s, &c, &token),
        Login::Wrong => form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-wrong")),
            StatusCode::UNAUTHORIZED,
            Some(&expected),
        ),
        Login::TooMany => form(
            lang,
            &c,
            username,
            Some(&lang.t("admin-login-too-many")),
            StatusCode::TOO_MANY_REQUESTS,
            Some(&expected),
        ),
    })
}

/// The address login limits count. A peer that is not a trusted proxy is the client,
/// whatever headers it sends. Behind trusted proxies, the forwarded chain is read from the
/// right (each proxy appends the address it saw) and the first hop that is not itself a
/// trusted proxy is the client: hops further left were written by that client and prove
/// nothing. `X-Forwarded-For` is read if present (nginx sets it), else `Forwarded`.
pub(crate) fn client_address(
    trusted: &TrustedProxies,
    peer: IpAddr,
    headers: &HeaderMap,
) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|hop| hop.trim().to_string())
            .collect()
    };
    let mut hops = values("x-forwarded-for");
    if hops.is_empty() {
        hops = values("forwarded")
            .iter()
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    k.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| v.trim().trim_matches('"').to_string())
                })
            })
            .collect();
    }
    let mut client = peer;
    for hop in hops.iter().rev() {
        // A hop we cannot read ("unknown", an obfuscated name) ends the chain at the last
        // proxy that wrote one we could.
        let Some(ip) = parse_hop(hop) else {
            break;
        };
        client = ip;
        if !trusted.contains(ip) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `203.0.113.7:5100`, `2001:db8::1` or `[2001:db8::1]:5100`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(sa) = hop.parse::<SocketAddr>() {
        return Some(sa.ip().to_canonical());
    }
    hop.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
}

/// The redirect to the staff area that sets a new session's cookie.
pub(super) fn signed_in(s: &WebState, c: &Commune, token: &str) -> Response {
    let mut r = see_other(&admin_path(c));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(s, SESSION_COOKIE, token, staff_svc::SESSION_HOURS * 3600),
    );
    r
}

/// The login form again, with the session cookie cleared (after logout or a password change).
pub(super) fn signed_out(
    s: &WebState,
    lang: Lang,
    c: &Commune,
    headers: &HeaderMap,
    username: &str,
    message: &str,
) -> Response {
    let mut r = form(
        lang,
        c,
        username,
        Some(message),
        StatusCode::OK,
        cookie(headers, LOGIN_CSRF_COOKIE),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(s, SESSION_COOKIE, "", 0));
    r
}

pub async fn logout(
    State(s): State<WebState>,
    desk: Desk,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Answer {
    desk.check_csrf(&fields)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        staff_svc::logout(&s.app, token).await?;
    }
    let mut r = see_other(&format!("/communes/{}", desk.commune.slug));
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&s, SESSION_COOKIE, "", 0));
    flash::set(&mut r, !s.app.config.dev, flash::Flash::SignedOut);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted(list: &[&str]) -> TrustedProxies {
        TrustedProxies(list.iter().map(|s| s.parse().unwrap()).collect())
    }

    fn with(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let h = with(&[
            ("x-forwarded-for", "203.0.113.7"),
            ("forwarded", "for=1.2.3.4"),
        ]);
        assert_eq!(
            client_address(&trusted(&[]), ip("127.0.0.1"), &h),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_address(&trusted(&["10.0.0.1"]), ip("198.51.100.1"), &h),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let t = trusted(&["127.0.0.1", "10.0.0.0/8"]);
        let h = with(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.1.2.3")]);
        assert_eq!(client_address(&t, ip("127.0.0.1"), &h), ip("203.0.113.7"));
        // Several header lines are one list, in order.
        let h = with(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "203.0.113.8:4000"),
        ]);
        assert_eq!(
            client_address(&t, ip("::ffff:127.0.0.1"), &h),
            ip("203.0.113.8")
        );
        // Only proxies in the chain: the leftmost one is the client.
        let h = with(&[("x-forwarded-for", "10.0.0.5, 10.0.0.6")]);
        assert_eq!(client_address(&t, ip("127.0.0.1"), &h), ip("10.0.0.5"));
        // No header: the proxy itself.
        assert_eq!(
            client_address(&t, ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // An unreadable hop stops the walk at the proxy that wrote it.
        let h = with(&[("x-forwarded-for", "6.6.6.6, unknown")]);
        assert_eq!(client_address(&t, ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let t = trusted(&["::1"]);
        let h = with(&[(
            "forwarded",
            r#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#,
        )]);
        assert_eq!(client_address(&t, ip("::1"), &h), ip("2001:db8:cafe::17"));
        let h = with(&[("forwarded", "proto=https;For=192.0.2.60")]);
        assert_eq!(client_address(&t, ip("::1"), &h), ip("192.0.2.60"));
    }
}
