//! Citizens' requests: filed from a fediverse mention or the web form, given a public
//! reference and a legal due date, moved through their lifecycle by staff, answered in public
//! (a `Note` mentioning the citizen when the request came from the fediverse).

use super::inbound::{Once, Receipt};
use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::domain::deadline::Calendar;
use crate::domain::request::{self as rq, Channel, Request, RequestDraft, Step};
use crate::domain::Invalid;
use crate::protocol::{activity, note};
use crate::store::requests::{self as db, Change, Filter, NewRequest};
use crate::store::{federation as fed, limits, DbConn, StoreResult};
use chrono::{Duration, NaiveDate};

/// Web form requests from one address within `FORM_WINDOW`.
pub const FORMS_PER_ADDRESS: i64 = 5;
pub const FORM_WINDOW: Duration = Duration::hours(1);

/// The legal due date of a request received on `day` in the commune's country, with the
/// holidays an admin entered.
fn due_on(
    conn: &mut DbConn,
    app: &App,
    commune: &Commune,
    day: NaiveDate,
) -> StoreResult<NaiveDate> {
    let extra = db::holidays_of(conn, commune.country.code())?;
    let cal = Calendar {
        rules: app.deadlines.of(commune.country),
        extra: &extra,
    };
    Ok(cal.due(day))
}

/// What became of a web form.
#[derive(Debug, Clone)]
pub enum WebFiled {
    /// Filed; the follow-up token is shown once to the requester.
    Filed {
        request: Box<Request>,
        follow_up: String,
    },
    /// Too many forms from this address lately: nothing filed.
    TooMany,
}

/// A request from the web form. Counted per client address in the same serialized
/// transaction as the filing.
pub async fn file_from_web(
    app: &App,
    commune: &Commune,
    draft: RequestDraft,
    address: &str,
) -> ServiceResult<WebFiled> {
    let (app2, commune) = (app.clone(), commune.clone());
    let key = format!("request:{address}");
    let follow_up = super::staff::random_token();
    let hash = super::communes::hash_token(&follow_up);
    Ok(app
        .store
        .transaction(move |c| {
            let now = crate::store::now();
            if limits::recent(c, &key, now - FORM_WINDOW)? >= FORMS_PER_ADDRESS {
                return Ok(WebFiled::TooMany);
            }
            limits::record(c, &key, now)?;
            let day = commune.local_date(now);
            let due = due_on(c, &app2, &commune, day)?;
            let request = db::insert(
                c,
                &NewRequest {
                    commune_id: commune.id,
                    channel: Channel::Web,
                    subject: &draft.subject,
                    body: &draft.body,
                    requester_actor: None,
                    requester_inbox: None,
                    requester_name: draft.name.as_deref(),
                    requester_contact: draft.contact.as_deref(),
                    source_ap_id: None,
                    source_public: false,
                    follow_up_hash: Some(&hash),
                    received_at: now,
                    received_on: day,
                    due_on: due,
                },
            )?;
            Ok(WebFiled::Filed {
                request: Box::new(request),
                follow_up,
            })
        })
        .await?)
}

/// A request from a fediverse post that mentions the commune: filed once per post.
pub async fn file_from_fediverse(
    app: &App,
    receipt: &Receipt,
    commune: &Commune,
    draft: RequestDraft,
    post: &str,
    public: bool,
    inbox: &str,
) -> ServiceResult<Once<Request>> {
    let (app2, commune) = (app.clone(), commune.clone());
    let (post, inbox, actor) = (post.to_string(), inbox.to_string(), receipt.actor.clone());
    receipt
        .once(app, move |c| {
            if let Some(known) = db::by_source(c, &post)? {
                return Ok(known);
            }
            let now = crate::store::now();
            let day = commune.local_date(now);
            let due = due_on(c, &app2, &commune, day)?;
            db::insert(
                c,
                &NewRequest {
                    commune_id: commune.id,
                    channel: Channel::Fediverse,
                    subject: &draft.subject,
                    body: &draft.body,
                    requester_actor: Some(&actor),
                    requester_inbox: Some(&inbox),
                    requester_name: None,
                    requester_contact: None,
                    source_ap_id: Some(&post),
                    source_public: public,
                    follow_up_hash: None,
                    received_at: now,
                    received_on: day,
                    due_on: due,
                },
            )
        })
        .await
}

fn not_found() -> ServiceError {
    ServiceError::NotFound("request")
}

/// A staff step on one of the commune's requests, checked against where it stands and the
/// country's law, in one transaction; an answer to a fediverse request goes out with it.
pub async fn step(
    app: &App,
    commune: &Commune,
    reference: &str,
    step: Step,
) -> ServiceResult<Request> {
    let step = match step {
        Step::Answer { text, partial } => Step::Answer {
            text: rq::plain("text", &text, rq::MAX_ANSWER)?,
            partial,
        },
        Step::Extend { reason, until } => Step::Extend {
            reason: rq::plain("reason", &reason, 500)?,
            until,
        },
        Step::Transfer { to } => Step::Transfer {
            to: rq::plain("to", &to, 200)?,
        },
        other => other,
    };
    let (app2, commune, reference) = (app.clone(), commune.clone(), reference.to_string());
    let done = app
        .store
        .transaction(move |c| {
            let Some(r) = db::by_reference(c, commune.id, &reference)? else {
                return Ok(Err(not_found()));
            };
            let rules = app2.deadlines.of(commune.country);
            let to = match step.apply(r.status, rules.extended_days.is_some()) {
                Ok(s) => s,
                Err(e) => return Ok(Err(e.into())),
            };
            let now = crate::store::now();
            let today = commune.local_date(now);
            let mut change = Change {
                status: to,
                due_on: None,
                extension_reason: None,
                transferred_to: None,
                refusal_reason: None,
                answer_text: None,
                answer_ap_id: None,
                answered_at: None,
                answered_on: None,
                at: now,
            };
            let note_id;
            match &step {
                Step::Acknowledge => {}
                Step::Extend { reason, until } => {
                    let extra = db::holidays_of(c, commune.country.code())?;
                    let cal = Calendar {
                        rules,
                        extra: &extra,
                    };
                    let max = cal.extended(r.received_on);
                    match (until, max) {
                        (Some(u), Some(m)) if *u > m => {
                            return Ok(Err(Invalid::new(
                                "until",
                                format!("past the legal maximum, {m}"),
                            )
                            .into()));
                        }
                        (Some(u), _) if *u <= r.due_on => {
                            return Ok(Err(Invalid::new(
                                "until",
                                "must be after the current due date",
                            )
                            .into()));
                        }
                        (Some(u), _) => change.due_on = Some(*u),
                        (None, m) => change.due_on = m,
                    }
                    change.extension_reason = Some(reason);
                }
                Step::Transfer { to } => {
                    change.transferred_to = Some(to);
                    change.answered_at = Some(now);
                    change.answered_on = Some(today);
                }
                Step::Refuse { reason } => {
                    change.refusal_reason = Some(*reason);
                    change.answered_at = Some(now);
                    change.answered_on = Some(today);
                }
                Step::Answer { text, .. } => {
                    change.answer_text = Some(text);
                    change.answered_at = Some(now);
                    change.answered_on = Some(today);
                    if let (Some(actor), Some(inbox)) = (&r.requester_actor, &r.requester_inbox) {
                        note_id = answer_note(c, &app2, &commune, &r, actor, inbox, text)?;
                        change.answer_ap_id = Some(&note_id);
                    }
                }
            }
            if !db::change(c, r.id, r.status, &change)? {
                return Ok(Err(ServiceError::Conflict(
                    "the request changed meanwhile".into(),
                )));
            }
            Ok(db::by_reference(c, commune.id, &reference)?.ok_or_else(not_found))
        })
        .await??;
    app.wake.notify_one();
    tracing::info!(request = %done.reference, status = done.status.as_str(), "request step");
    Ok(done)
}

/// The public answer to a fediverse request: a `Note` in reply to the citizen's post that
/// mentions them, to the commune's followers and to them, queued in the caller's transaction.
fn answer_note(
    c: &mut DbConn,
    app: &App,
    commune: &Commune,
    r: &Request,
    actor: &str,
    inbox: &str,
    text: &str,
) -> StoreResult<String> {
    let urls = &app.urls;
    let key = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    let id = urls.note(&commune.slug, &key);
    let handle = fed::remote_actor(c, actor)?
        .map(|a| format!("@{}@{}", a.username, a.host))
        .unwrap_or_else(|| actor.to_string());
    let mentioned = note::Mentioned {
        actor,
        handle: &handle,
    };
    let html = note::html(&mentioned, text);
    let commune_actor = urls.commune(&commune.slug);
    let followers = urls.followers(&commune.slug);
    let page = urls.request(&commune.slug, &r.reference);
    let object = note::answer(
        &id,
        &commune_actor,
        &followers,
        r.source_ap_id.as_deref().unwrap_or(actor),
        &mentioned,
        &html,
        commune.language(),
        &page,
        crate::store::now(),
    );
    let mut create = activity::public(
        "Create",
        &urls.new_activity(),
        &commune_actor,
        &followers,
        object,
    );
    create["cc"] = serde_json::json!([followers, actor]);
    // A citizen who wrote privately is answered privately: the answer is still public on the
    // request's page, but their account is not named to the followers.
    let inboxes = if r.source_public {
        let mut all = fed::follower_inboxes(c, commune.id)?;
        all.push(inbox.to_string());
        all
    } else {
        create["object"]["to"] = serde_json::json!([actor]);
        create["object"]["cc"] = serde_json::json!([]);
        create["to"] = serde_json::json!([actor]);
        create["cc"] = serde_json::json!([]);
        vec![inbox.to_string()]
    };
    enqueue(
        c,
        app,
        Outgoing {
            commune_id: Some(commune.id),
            actor: &commune_actor,
            object_ap_id: Some(id.as_str()),
            public: r.source_public,
            activity: &create,
        },
        &inboxes,
    )?;
    Ok(id.to_string())
}

/// Staff set what a request is.
pub async fn set_kind(
    app: &App,
    commune: &Commune,
    reference: &str,
    kind: rq::Kind,
) -> ServiceResult<Request> {
    let (id, reference) = (commune.id, reference.to_string());
    app.store
        .transaction(move |c| {
            let Some(r) = db::by_reference(c, id, &reference)? else {
                return Ok(Err(not_found()));
            };
            db::set_kind(c, r.id, kind)?;
            Ok(db::by_reference(c, id, &reference)?.ok_or_else(not_found))
        })
        .await?
}

pub async fn find(app: &App, commune_id: i32, reference: &str) -> ServiceResult<Request> {
    let reference = reference.to_string();
    app.store
        .run(move |c| db::by_reference(c, commune_id, &reference))
        .await?
        .ok_or_else(not_found)
}

/// The request a follow-up link opens (the token as the requester holds it).
pub async fn by_follow_up(app: &App, commune_id: i32, token: &str) -> ServiceResult<Request> {
    let hash = super::communes::hash_token(token);
    app.store
        .run(move |c| db::by_follow_up(c, commune_id, &hash))
        .await?
        .ok_or_else(not_found)
}

pub async fn register(app: &App, commune_id: i32, filter: Filter) -> ServiceResult<Vec<Request>> {
    Ok(app
        .store
        .run(move |c| db::register(c, commune_id, &filter))
        .await?)
}

/// The commune's requests as staff work through them: open ones first, the most urgent (the
/// earliest due date) at the top, then the closed ones, newest first.
pub async fn worklist(app: &App, commune_id: i32) -> ServiceResult<Vec<Request>> {
    Ok(app
        .store
        .run(move |c| {
            let mut all = db::open(c, commune_id)?;
            let closed = db::register(c, commune_id, &Filter::default())?
                .into_iter()
                .filter(|r| r.status.is_closed());
            all.extend(closed);
            Ok(all)
        })
        .await?)
}

/// The commune's requests without its final word yet, the earliest due first.
pub async fn open(app: &App, commune_id: i32) -> ServiceResult<Vec<Request>> {
    Ok(app.store.run(move |c| db::open(c, commune_id)).await?)
}

/// By when the law wants a request received on `day` transferred to the competent body,
/// where it says.
pub async fn transfer_by(
    app: &App,
    commune: &Commune,
    day: NaiveDate,
) -> ServiceResult<Option<NaiveDate>> {
    let country = commune.country;
    let extra = app
        .store
        .run(move |c| db::holidays_of(c, country.code()))
        .await?;
    let cal = Calendar {
        rules: app.deadlines.of(country),
        extra: &extra,
    };
    Ok(cal.transfer_by(day))
}

/// An admin enters a public holiday that follows the moon (Korité, Tabaski…).
pub async fn add_holiday(
    app: &App,
    country: crate::domain::commune::Country,
    day: NaiveDate,
    name: &str,
) -> ServiceResult<bool> {
    let name = rq::plain("name", name, 100)?;
    if name.is_empty() {
        return Err(Invalid::new("name", "must not be empty").into());
    }
    Ok(app
        .store
        .run(move |c| db::add_holiday(c, country.code(), day, &name))
        .await?)
}

pub async fn holidays(
    app: &App,
    country: crate::domain::commune::Country,
) -> ServiceResult<Vec<(NaiveDate, String)>> {
    Ok(app
        .store
        .run(move |c| db::list_holidays(c, country.code()))
        .await?)
}
