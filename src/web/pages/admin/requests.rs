//! The staff's requests: overdue and soon-due first, then each request with who asked (seen
//! only here), what they wrote, and the steps the law allows — acknowledge, extend once with a
//! reason, transfer to the competent body, refuse on a legal ground, answer in full or in
//! part. Editors and admins act; every role reads.

use super::{notice, see_other, Answer, Desk, Fields};
use crate::domain::request::{Kind, RefusalReason, Request, Step};
use crate::domain::staff::Role;
use crate::service::requests as svc;
use crate::web::format::Place;
use crate::web::pages::flash::{self, Flash};
use crate::web::pages::requests::{kind_label, public_facts, status_label};
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use maud::html;

/// Open requests due within this many days are "soon due".
const SOON_DAYS: i64 = 2;

pub async fn list(State(s): State<WebState>, desk: Desk) -> Answer {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let today = desk.commune.local_date(crate::store::now());
    let all = svc::worklist(&s.app, desk.commune.id).await?;
    let main = html! {
        h1 { (lang.t("admin-requests")) }
        p { a href={ "/communes/" (desk.commune.slug) "/requests" } { (lang.t("requests-register")) } }
        @if all.is_empty() { p.muted { (lang.t("requests-none")) } }
        @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("request-reference")) }
                    th scope="col" { (lang.t("request-subject")) }
                    th scope="col" { (lang.t("request-status")) }
                    th scope="col" { (lang.t("request-due")) }
                } }
                tbody {
                    @for r in &all {
                        @let late = r.is_overdue(today);
                        @let soon = !late && !r.status.is_closed() && (r.due_on - today).num_days() <= SOON_DAYS;
                        tr style=(if late { "background:#fdecee" } else if soon { "background:#fff6db" } else { "" }) {
                            td { a href=(desk.path(&format!("/requests/{}", r.reference))) { (r.reference) } }
                            td { (r.subject) }
                            td { (status_label(lang, r.status)) }
                            td {
                                (place.date(lang, r.due_on))
                                @if late { " · " strong { (lang.t("admin-request-overdue")) } }
                                @else if soon { " · " strong { (lang.t("admin-request-soon")) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(desk.page(&lang.t("admin-requests"), "/requests", StatusCode::OK, main))
}

async fn render(
    s: &WebState,
    desk: &Desk,
    r: &Request,
    message: Option<(StatusCode, String)>,
) -> Answer {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let act = |a: &str| desk.path(&format!("/requests/{}/{a}", r.reference));
    let can_act = desk.role().can_publish() && !r.status.is_closed();
    let rules = s.app.deadlines.of(desk.commune.country);
    let transfer_by = svc::transfer_by(&s.app, &desk.commune, r.received_on).await?;
    let main = html! {
        p { a href=(desk.path("/requests")) { (lang.t("admin-requests")) } }
        h1 { (r.reference) " — " (r.subject) }
        (notice(message.as_ref().map(|(_, m)| m.as_str())))
        h2 { (lang.t("admin-request-who")) }
        p {
            @if let Some(actor) = &r.requester_actor { a href=(actor) rel="nofollow ugc" { code { (actor) } } br; }
            @if let Some(n) = &r.requester_name { (n) br; }
            @if let Some(c) = &r.requester_contact { (c) br; }
            @if r.requester_actor.is_none() && r.requester_name.is_none() && r.requester_contact.is_none() { span.muted { (lang.t("admin-request-anonymous")) } }
        }
        @if !r.body.is_empty() {
            blockquote { @for (i, line) in r.body.lines().enumerate() { @if i > 0 { br; } (line) } }
        }
        (public_facts(lang, &place, r, crate::web::pages::requests::silence_refused(s, &desk.commune, r)))
        @if let (false, Some(by)) = (r.status.is_closed(), transfer_by) {
            p.muted { (lang.t_args("admin-request-transfer-by", &[("date", place.date(lang, by).into())])) }
        }
        @if desk.role().can_publish() {
            form method="post" action=(act("kind")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="kind" { (lang.t("request-kind")) }
                select #kind name="kind" {
                    @for k in Kind::ALL { option value=(k.as_str()) selected[k == r.kind] { (kind_label(lang, k)) } }
                }
                " " button type="submit" { (lang.t("admin-save")) }
            }
        }
        @if can_act {
            h2 { (lang.t("request-the-answer")) }
            form method="post" action=(act("answer")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="text" { (lang.t("admin-request-answer-label")) }
                textarea #text name="text" rows="6" maxlength="20000" required {}
                label { input type="checkbox" name="partial" value="on"; " " (lang.t("admin-request-partial")) }
                p { button type="submit" { (lang.t("admin-request-answer")) } }
            }
            h2 { (lang.t("admin-request-other-steps")) }
            @if r.status == crate::domain::request::Status::Received {
                (super::action_button(&act("acknowledge"), &desk.csrf, None, &lang.t("admin-request-acknowledge"), None))
            }
            @if rules.extended_days.is_some() && r.status != crate::domain::request::Status::Extended {
                form method="post" action=(act("extend")) {
                    input type="hidden" name="csrf" value=(desk.csrf);
                    label for="ext-reason" { (lang.t_args("admin-request-extend-label", &[("days", i64::from(rules.extended_days.unwrap_or(0)).into())])) }
                    input #ext-reason name="reason" type="text" maxlength="500" required;
                    " " button type="submit" { (lang.t("admin-request-extend")) }
                }
            }
            form method="post" action=(act("transfer")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="to" { (lang.t("admin-request-transfer-label")) }
                input #to name="to" type="text" maxlength="200" required;
                " " button type="submit" { (lang.t("admin-request-transfer")) }
            }
            form method="post" action=(act("refuse")) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="refusal" { (lang.t("request-refusal")) }
                select #refusal name="reason" {
                    @for reason in RefusalReason::ALL { option value=(reason.as_str()) { (lang.t(&format!("refusal-{}", reason.as_str()))) } }
                }
                " " button type="submit" { (lang.t("admin-request-refuse")) }
            }
        }
    };
    let status = message.map_or(StatusCode::OK, |(status, _)| status);
    Ok(desk.page(
        &r.reference,
        &format!("/requests/{}", r.reference),
        status,
        main,
    ))
}

pub async fn show(
    State(s): State<WebState>,
    Path((_, reference)): Path<(String, String)>,
    desk: Desk,
) -> Answer {
    let r = svc::find(&s.app, desk.commune.id, &reference).await?;
    render(&s, &desk, &r, None).await
}

pub async fn act(
    State(s): State<WebState>,
    Path((_, reference, action)): Path<(String, String, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let c = &desk.commune;
    let done = match action.as_str() {
        "kind" => match Kind::parse(&get("kind")) {
            Ok(k) => svc::set_kind(&s.app, c, &reference, k).await,
            Err(e) => Err(e.into()),
        },
        other => {
            let step = match other {
                "answer" => Ok(Step::Answer {
                    text: get("text"),
                    partial: get("partial") == "on",
                }),
                "acknowledge" => Ok(Step::Acknowledge),
                "extend" => Ok(Step::Extend {
                    reason: get("reason"),
                    until: None,
                }),
                "transfer" => Ok(Step::Transfer { to: get("to") }),
                "refuse" => {
                    RefusalReason::parse(&get("reason")).map(|reason| Step::Refuse { reason })
                }
                _ => return Err(PageError::not_found()),
            };
            match step {
                Ok(step) => svc::step(&s.app, c, &reference, step).await,
                Err(e) => Err(e.into()),
            }
        }
    };
    match done {
        Ok(r) => {
            tracing::info!(staff = %desk.staff.username, request = %r.reference, action, "request step from the staff area");
            let mut resp = see_other(&desk.path(&format!("/requests/{}", r.reference)));
            flash::set(&mut resp, !s.app.config.dev, Flash::RequestUpdated);
            Ok(resp)
        }
        Err(e) => {
            let r = svc::find(&s.app, desk.commune.id, &reference).await?;
            match PageError::from(e) {
                PageError::Status(status, key) if status != StatusCode::INTERNAL_SERVER_ERROR => {
                    let key = match key.as_str() {
                        "invalid-status" => "admin-request-closed".to_string(),
                        _ => key,
                    };
                    render(&s, &desk, &r, Some((status, desk.lang.t(&key)))).await
                }
                other => Err(other),
            }
        }
    }
}
