//! The staff's view of federation: followers, the actors the commune follows (follow and
//! unfollow by handle), the instances blocked for this commune, and the delivery health of
//! its own peers. Admins only. A commune's staff never see or change what belongs to the
//! whole node: node-wide blocks are listed read-only (the operator sets them with the CLI),
//! and health covers only the hosts of this commune's followers, follows and deliveries.

use super::{action_button, notice, Answer, Desk, Fields};
use crate::domain::staff::Role;
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use maud::html;
use std::collections::BTreeMap;

async fn render(s: &WebState, desk: &Desk, message: Option<(StatusCode, String)>) -> Answer {
    let (id, csrf, lang) = (desk.commune.id, &desk.csrf, desk.lang);
    let (followers, follows, blocked, node_blocked, counts, hosts) = s
        .app
        .store
        .run(move |conn| {
            Ok((
                crate::store::federation::followers_of(conn, id)?,
                crate::store::federation::follows_of(conn, id)?,
                crate::store::federation::blocked_by(conn, id)?,
                crate::store::federation::blocked(conn)?,
                crate::store::federation::delivery_counts_of(conn, id)?,
                crate::store::activities::hosts(conn)?,
            ))
        })
        .await?;
    // A refusal (4xx) is an answer, not a dead host: it has its own column.
    let mut health: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    let peers = followers
        .iter()
        .map(|f| f.actor_ap_id.as_str())
        .chain(follows.iter().map(|f| f.target_ap_id.as_str()));
    for peer in peers {
        if let Ok(url) = url::Url::parse(peer) {
            health
                .entry(crate::store::activities::host_key(&url))
                .or_default();
        }
    }
    for (host, state, n) in counts {
        let slot = match state.as_str() {
            "pending" => 0,
            "delivered" => 1,
            "failed" => 2,
            "refused" => 4,
            _ => 3,
        };
        health.entry(host).or_default()[slot] += n;
    }
    let status_of = |host: &str| -> String {
        match hosts.iter().find(|h| h.host == host) {
            Some(h) if h.dead_at.is_some() => lang.t("health-dead"),
            Some(h) if h.failing_since.is_some() => lang.t("health-failing"),
            _ => lang.t("health-ok"),
        }
    };
    let base = desk.path("");
    let main = html! {
        h1 { (lang.t("admin-federation")) }
        (notice(message.as_ref().map(|(_, m)| m.as_str())))
        h2 { (lang.t_args("home-followers", &[("count", (followers.len() as i64).into())])) }
        ul.items { @for f in &followers { li { code { (f.actor_ap_id) } } } }
        h2 { (lang.t("fed-following")) }
        ul.items {
            @for f in &follows {
                li {
                    code { (f.target_ap_id) } " "
                    span.muted { "(" (if f.accepted { lang.t("fed-accepted") } else { lang.t("fed-pending") }) ")" }
                    (action_button(&format!("{base}/federation/unfollow"), csrf, Some(("target", &f.target_ap_id)), &lang.t("fed-unfollow"), None))
                }
            }
        }
        form method="post" action={ (base) "/federation/follow" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="target" { (lang.t("fed-follow-label")) }
            input #target name="target" type="text" maxlength="300" placeholder="@labe@palabre.labe.gn" required;
            " " button type="submit" { (lang.t("follow-remote-button")) }
        }
        h2 { (lang.t("fed-blocked")) }
        ul.items {
            @for b in &blocked {
                li {
                    code { (b.host) } @if let Some(r) = &b.reason { " — " (r) }
                    (action_button(&format!("{base}/federation/unblock"), csrf, Some(("host", &b.host)), &lang.t("fed-unblock"), None))
                }
            }
        }
        @if !node_blocked.is_empty() {
            p { (lang.t("fed-blocked-node")) }
            ul.items { @for b in &node_blocked { li { code { (b.host) } } } }
        }
        form method="post" action={ (base) "/federation/block" } {
            input type="hidden" name="csrf" value=(csrf);
            label for="host" { (lang.t("fed-block-label")) }
            input #host name="host" type="text" maxlength="253" required;
            label for="reason" { (lang.t("fed-block-reason")) }
            input #reason name="reason" type="text" maxlength="200";
            " " button type="submit" { (lang.t("fed-block")) }
        }
        h2 { (lang.t("fed-health")) }
        table {
            tr { th { (lang.t("fed-host")) } th { (lang.t("health-state")) } th { (lang.t("health-pending")) } th { (lang.t("health-delivered")) } th { (lang.t("health-failed")) } th { (lang.t("health-dead")) } th { (lang.t("health-refused")) } }
            @for (host, n) in &health {
                tr { td { (host) } td { (status_of(host)) } td { (n[0]) } td { (n[1]) } td { (n[2]) } td { (n[3]) } td { (n[4]) } }
            }
        }
    };
    let status = message.map_or(StatusCode::OK, |(status, _)| status);
    Ok(desk.page(&lang.t("admin-federation"), "/federation", status, main))
}

pub async fn page(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_manage_staff)?;
    render(&s, &desk, None).await
}

/// One handler for the four actions, so each gets the same checks.
pub async fn act(
    State(s): State<WebState>,
    Path((_, action)): Path<(String, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_manage_staff)?;
    desk.check_csrf(&form)?;
    let (c, lang) = (&desk.commune, desk.lang);
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let outcome: Result<String, (StatusCode, String)> = match action.as_str() {
        "follow" | "unfollow" => {
            let data = s.fed.to_request_data();
            match crate::federation::resolve::actor(&data, &get("target")).await {
                Ok(actor) => {
                    let done = if action == "follow" {
                        crate::service::follows::follow(&s.app, &c.slug, actor.row).await
                    } else {
                        crate::service::follows::unfollow(&s.app, &c.slug, actor.row).await
                    };
                    match done {
                        Ok(()) => Ok(lang.t(if action == "follow" {
                            "fed-follow-sent"
                        } else {
                            "fed-unfollow-sent"
                        })),
                        Err(e) => Err((
                            StatusCode::CONFLICT,
                            format!("{}: {e}", lang.t("fed-failed")),
                        )),
                    }
                }
                Err(e) => {
                    tracing::warn!(target = %get("target"), error = %e, "follow from the admin failed");
                    Err((StatusCode::UNPROCESSABLE_ENTITY, lang.t("fed-not-found")))
                }
            }
        }
        "block" => {
            let reason = Some(get("reason")).filter(|r| !r.is_empty());
            match crate::service::remote::block_for(
                &s.app,
                c.id,
                &get("host"),
                reason,
                Some(desk.staff.id),
            )
            .await
            {
                Ok(_) => Ok(lang.t("fed-blocked-done")),
                Err(_) => Err((StatusCode::UNPROCESSABLE_ENTITY, lang.t("fed-bad-host"))),
            }
        }
        "unblock" => match crate::service::remote::unblock_for(&s.app, c.id, &get("host")).await {
            Ok(true) => Ok(lang.t("fed-unblocked-done")),
            // Not this commune's block: perhaps the operator's, which only the CLI lifts.
            Ok(false) => Err((StatusCode::CONFLICT, lang.t("fed-not-blocked-here"))),
            Err(_) => Err((StatusCode::UNPROCESSABLE_ENTITY, lang.t("fed-bad-host"))),
        },
        _ => return Err(PageError::not_found()),
    };
    tracing::info!(staff = %desk.staff.username, action, ok = outcome.is_ok(), "federation admin");
    let message = match outcome {
        Ok(m) => (StatusCode::OK, m),
        Err(e) => e,
    };
    render(&s, &desk, Some(message)).await
}
