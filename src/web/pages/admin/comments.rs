//! The staff's comments page: comments waiting for an answer (editors and admins answer as
//! the commune), comments held for approval, hidden comments (moderators restore them), and
//! the moderation log. Each action is a form with the session's CSRF token; a done action
//! redirects back here with a one-time message.

use super::{notice, see_other, Answer, Desk, Fields};
use crate::domain::comment::{Comment, ModerationAction};
use crate::domain::staff::Role;
use crate::service::comments as svc;
use crate::web::format::Place;
use crate::web::pages::flash::{self, Flash};
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use maud::{html, Markup, PreEscaped};

/// Where a comment's object is read, for the link beside it.
fn object_path(c: &Comment) -> String {
    url::Url::parse(&c.object_url)
        .map(|u| u.path().to_string())
        .unwrap_or_default()
}

fn quoted(desk: &Desk, place: &Place, c: &Comment) -> Markup {
    let lang = desk.lang;
    html! {
        p.muted {
            @if let Some(a) = &c.author { strong { (a.name) } " " (a.handle) " · " }
            (place.datetime(lang, c.published_at)) " · "
            a href={ (object_path(c)) "#comment-" (c.id) } { (lang.t("admin-comment-in-thread")) }
        }
        blockquote { (PreEscaped(&c.content_html)) }
    }
}

/// Block the comment's author, or their whole instance, with a reason.
fn block_forms(desk: &Desk, c: &Comment) -> Markup {
    let lang = desk.lang;
    let Some(a) = &c.author else { return html! {} };
    let host = url::Url::parse(&a.ap_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    html! {
        details {
            summary { (lang.t("admin-block-summary")) }
            form method="post" action=(desk.path("/blocks/block-actor")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                input type="hidden" name="actor" value=(a.ap_id);
                label for={ "block-actor-" (c.id) } { (lang.t("admin-comment-reason")) }
                input id={ "block-actor-" (c.id) } name="reason" type="text" maxlength="200";
                " " button type="submit" { (lang.t_args("admin-block-actor", &[("handle", a.handle.clone().into())])) }
            }
            form method="post" action=(desk.path("/blocks/block-instance")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                input type="hidden" name="host" value=(host);
                label for={ "block-host-" (c.id) } { (lang.t("admin-comment-reason")) }
                input id={ "block-host-" (c.id) } name="reason" type="text" maxlength="200";
                " " button type="submit" { (lang.t_args("admin-block-instance", &[("host", host.clone().into())])) }
            }
        }
    }
}

fn moderation_form(desk: &Desk, c: &Comment, action: ModerationAction, label: &str) -> Markup {
    let lang = desk.lang;
    let field = format!("reason-{}-{}", action.as_str(), c.id);
    html! {
        form method="post" action=(desk.path(&format!("/comments/{}/{}", c.id, action.as_str()))) {
            input type="hidden" name="csrf" value=(desk.csrf);
            label for=(field) { (lang.t("admin-comment-reason")) }
            input id=(field) name="reason" type="text" maxlength="500" required[action == ModerationAction::Hide];
            " " button type="submit" { (label) }
        }
    }
}

async fn render(s: &WebState, desk: &Desk, message: Option<(StatusCode, String)>) -> Answer {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let d = svc::desk(&s.app, desk.commune.id).await?;
    let role = desk.role();
    let (reports, blocks) = if role.can_moderate() {
        (
            crate::service::reports::open(&s.app, desk.commune.id).await?,
            crate::service::remote::blocks_of(&s.app, desk.commune.id).await?,
        )
    } else {
        (Vec::new(), Default::default())
    };
    let main = html! {
        h1 { (lang.t("admin-comments")) }
        (notice(message.as_ref().map(|(_, m)| m.as_str())))
        h2 { (lang.t_args("admin-comments-unanswered", &[("count", (d.unanswered.len() as i64).into())])) }
        @if d.unanswered.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
        @for c in &d.unanswered {
            article.comment id={ "c" (c.id) } {
                (quoted(desk, &place, c))
                @if role.can_publish() {
                    form method="post" action=(desk.path(&format!("/comments/{}/answer", c.id))) {
                        input type="hidden" name="csrf" value=(desk.csrf);
                        label for={ "text-" (c.id) } { (lang.t("admin-comment-answer-label")) }
                        textarea id={ "text-" (c.id) } name="text" rows="3" maxlength="5000" required {}
                        p { button type="submit" { (lang.t("admin-comment-answer")) } }
                    }
                }
                @if role.can_moderate() {
                    (moderation_form(desk, c, ModerationAction::Hide, &lang.t("admin-comment-hide")))
                    (block_forms(desk, c))
                }
            }
        }
        @if role.can_moderate() {
            h2 { (lang.t_args("admin-reports", &[("count", (reports.len() as i64).into())])) }
            @if reports.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
            @for r in &reports {
                article.report {
                    p.muted {
                        (place.datetime(lang, r.received_at)) " · "
                        @match &r.reporter {
                            Some(by) => { (lang.t("admin-report-from-server")) " " code { (by) } }
                            None => { (lang.t("admin-report-from-visitor")) }
                        }
                    }
                    p { (lang.t("admin-report-target")) " " a href=(r.target) rel="nofollow ugc" { code { (r.target) } } }
                    @if !r.reason.is_empty() { blockquote { (r.reason) } }
                    (super::action_button(&desk.path(&format!("/reports/{}/resolve", r.id)), &desk.csrf, None, &lang.t("admin-report-resolve"), None))
                }
            }
            @if !d.held.is_empty() {
                h2 { (lang.t("admin-comments-held")) }
                @for c in &d.held {
                    article.comment {
                        (quoted(desk, &place, c))
                        (moderation_form(desk, c, ModerationAction::Approve, &lang.t("admin-comment-approve")))
                        (moderation_form(desk, c, ModerationAction::Hide, &lang.t("admin-comment-hide")))
                    }
                }
            }
            h2 { (lang.t("admin-comments-hidden")) }
            @if d.hidden.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
            @for c in &d.hidden {
                article.comment {
                    (quoted(desk, &place, c))
                    (moderation_form(desk, c, ModerationAction::Restore, &lang.t("admin-comment-restore")))
                }
            }
            h2 { (lang.t("admin-comments-settings")) }
            form method="post" action=(desk.path("/comments/settings")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label {
                    input type="checkbox" name="hold" value="on" checked[desk.commune.hold_new_commenters];
                    " " (lang.t("admin-comments-hold"))
                }
                " " button type="submit" { (lang.t("admin-save")) }
            }
            h2 { (lang.t("admin-blocks")) }
            p.muted { (lang.t("admin-blocks-help")) }
            @if blocks.actors.is_empty() && blocks.instances.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
            ul.items {
                @for b in &blocks.actors {
                    li {
                        code { (b.host) } @if let Some(r) = &b.reason { " — " (r) }
                        (super::action_button(&desk.path("/blocks/unblock-actor"), &desk.csrf, Some(("actor", &b.host)), &lang.t("fed-unblock"), None))
                    }
                }
                @for b in &blocks.instances {
                    li {
                        code { (b.host) } @if let Some(r) = &b.reason { " — " (r) }
                        (super::action_button(&desk.path("/blocks/unblock-instance"), &desk.csrf, Some(("host", &b.host)), &lang.t("fed-unblock"), None))
                    }
                }
            }
            h2 { (lang.t("admin-moderation-log")) }
            @if d.log.is_empty() { p.muted { (lang.t("admin-comments-none")) } }
            @else {
                table {
                    thead { tr {
                        th scope="col" { (lang.t("admin-log-when")) }
                        th scope="col" { (lang.t("admin-log-who")) }
                        th scope="col" { (lang.t("admin-log-what")) }
                        th scope="col" { (lang.t("admin-log-why")) }
                    } }
                    tbody {
                        @for e in &d.log {
                            tr {
                                td { (place.datetime(lang, e.at)) }
                                td { (e.by.as_deref().unwrap_or("—")) }
                                td { (lang.t(&format!("admin-log-{}", e.action.as_str()))) " · " a href=(e.comment_ap_id) rel="nofollow ugc" { (lang.t("admin-log-comment")) } }
                                td { (e.reason) }
                            }
                        }
                    }
                }
            }
        }
    };
    let status = message.map_or(StatusCode::OK, |(status, _)| status);
    Ok(desk.page(&lang.t("admin-comments"), "/comments", status, main))
}

pub async fn page(State(s): State<WebState>, desk: Desk) -> Answer {
    render(&s, &desk, None).await
}

fn done(s: &WebState, desk: &Desk, what: Flash) -> Answer {
    let mut r = see_other(&desk.path("/comments"));
    flash::set(&mut r, !s.app.config.dev, what);
    Ok(r)
}

/// Refusals of a form come back as this page with the message, not as an error page, so the
/// staff member keeps the context.
async fn refused(s: &WebState, desk: &Desk, e: crate::service::ServiceError) -> Answer {
    match PageError::from(e) {
        PageError::Status(status, key) if status != StatusCode::INTERNAL_SERVER_ERROR => {
            render(s, desk, Some((status, desk.lang.t(&key)))).await
        }
        other => Err(other),
    }
}

pub async fn answer(
    State(s): State<WebState>,
    Path((_, id)): Path<(String, i32)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let text = form.get("text").map(String::as_str).unwrap_or_default();
    match svc::answer(&s.app, &desk.commune, Some(desk.staff.id), id, text).await {
        Ok(a) => {
            tracing::info!(staff = %desk.staff.username, answer = %a.ap_id, "comment answered");
            done(&s, &desk, Flash::Answered)
        }
        Err(e) => refused(&s, &desk, e).await,
    }
}

pub async fn moderate(
    State(s): State<WebState>,
    Path((_, id, action)): Path<(String, i32, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_moderate)?;
    desk.check_csrf(&form)?;
    let Some(action) = ModerationAction::parse(&action) else {
        return Err(PageError::not_found());
    };
    let reason = form.get("reason").map(String::as_str).unwrap_or_default();
    let staff = Some(desk.staff.id);
    match svc::moderate(&s.app, desk.commune.id, staff, id, action, reason).await {
        Ok(_) => done(&s, &desk, Flash::Moderated),
        Err(e) => refused(&s, &desk, e).await,
    }
}

pub async fn resolve_report(
    State(s): State<WebState>,
    Path((_, id)): Path<(String, i32)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_moderate)?;
    desk.check_csrf(&form)?;
    match crate::service::reports::resolve(&s.app, desk.commune.id, Some(desk.staff.id), id).await {
        Ok(()) => done(&s, &desk, Flash::Moderated),
        Err(e) => refused(&s, &desk, e).await,
    }
}

/// Blocks and unblocks, of an actor or an instance, for moderators and admins.
pub async fn blocks(
    State(s): State<WebState>,
    Path((_, action)): Path<(String, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_moderate)?;
    desk.check_csrf(&form)?;
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let reason = Some(get("reason")).filter(|r| !r.is_empty());
    let (app, id, staff) = (&s.app, desk.commune.id, Some(desk.staff.id));
    use crate::service::remote;
    let done = match action.as_str() {
        "block-actor" => remote::block_actor_for(app, id, &get("actor"), reason, staff).await,
        "block-instance" => remote::block_for(app, id, &get("host"), reason, staff).await,
        "unblock-actor" => remote::unblock_actor_for(app, id, &get("actor")).await,
        "unblock-instance" => remote::unblock_for(app, id, &get("host")).await,
        _ => return Err(PageError::not_found()),
    };
    match done {
        Ok(_) => {
            tracing::info!(staff = %desk.staff.username, action, "block change from the comments page");
            done_redirect(&s, &desk)
        }
        Err(e) => refused(&s, &desk, e).await,
    }
}

fn done_redirect(s: &WebState, desk: &Desk) -> Answer {
    done(s, desk, Flash::Moderated)
}

/// The commune's comment settings: hold comments from actors not seen yet (off by default).
pub async fn settings(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    desk.allow(Role::can_moderate)?;
    desk.check_csrf(&form)?;
    let on = form.get("hold").is_some_and(|v| v == "on");
    svc::set_hold(&s.app, desk.commune.id, on).await?;
    tracing::info!(staff = %desk.staff.username, hold = on, "comment settings");
    done_redirect(&s, &desk)
}
