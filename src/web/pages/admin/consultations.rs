//! Consultations in the staff area: the list with votes per channel (never who voted for
//! what), a form to create one, voting codes printed once as a sheet (and CSV), and the paper
//! ballots of a polling place with the log of corrections. Times are typed in the commune's
//! time zone.

use super::{notice, Answer, Desk, Fields};
use crate::domain::consultation::{Channel, Consultation, ConsultationInput, Phase};
use crate::domain::staff::Role;
use crate::service::{consultations as svc, ServiceError};
use crate::web::format::Place;
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use chrono::TimeZone;
use maud::{html, Markup};

/// A `datetime-local` value in the commune's time zone, as RFC 3339 in UTC.
fn local_to_rfc3339(place: &Place, value: &str) -> Option<String> {
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    let local = place.tz.from_local_datetime(&naive).earliest()?;
    Some(local.with_timezone(&chrono::Utc).to_rfc3339())
}

fn phase_key(p: Phase) -> &'static str {
    match p {
        Phase::Scheduled => "admin-consultation-scheduled",
        Phase::Open => "admin-consultation-open",
        Phase::Closed => "admin-consultation-closed",
    }
}

/// The form's values for an existing consultation, times in the commune's time zone.
fn values_of(place: &Place, c: &Consultation) -> Fields {
    let local = |at: chrono::NaiveDateTime| {
        place
            .tz
            .from_utc_datetime(&at)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let mut f = Fields::new();
    f.insert("title".into(), c.title.clone());
    f.insert("question".into(), c.question.clone());
    f.insert("description".into(), c.description_markdown.clone());
    let options: Vec<&str> = c.options.iter().map(|o| o.name.as_str()).collect();
    f.insert("options".into(), options.join("\n"));
    if c.multiple {
        f.insert("multiple".into(), "on".into());
    }
    f.insert("opens_at".into(), local(c.opens_at));
    f.insert("closes_at".into(), local(c.closes_at));
    for ch in &c.channels {
        f.insert(format!("channel_{}", ch.as_str()), "on".into());
    }
    if c.results == crate::domain::consultation::ResultsShown::AfterClosing {
        f.insert("after_closing".into(), "on".into());
    }
    f
}

/// What the form is for: a new consultation, or an existing one, whose question and options
/// are fixed once it has a vote.
enum Purpose<'a> {
    New,
    Edit { key: &'a str, fixed: bool },
}

fn consultation_form(desk: &Desk, values: Option<&Fields>, purpose: Purpose) -> Markup {
    let lang = desk.lang;
    let v = |k: &str| values.and_then(|f| f.get(k)).cloned().unwrap_or_default();
    let checked = |k: &str| values.is_none_or(|f| f.contains_key(k));
    let (heading, action, submit, fixed) = match purpose {
        Purpose::New => (
            "admin-consultation-new",
            desk.path("/consultations"),
            "admin-consultation-create",
            false,
        ),
        Purpose::Edit { key, fixed } => (
            "admin-consultation-edit",
            desk.path(&format!("/consultations/{key}/edit")),
            "admin-consultation-save",
            fixed,
        ),
    };
    html! {
        h2 { (lang.t(heading)) }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(desk.csrf);
            @if fixed {
                // Only these two can change after the first vote; the rest is shown, not sent.
                p { (lang.t("admin-consultation-fixed")) }
                p { strong { (v("question")) } }
                ul { @for o in v("options").lines() { li { (o) } } }
                label for="description" { (lang.t("admin-consultation-description")) }
                textarea #description name="description" rows="4" style="width:100%" { (v("description")) }
                label for="closes_at" { (lang.t("admin-consultation-closes")) }
                input #closes_at name="closes_at" type="datetime-local" value=(v("closes_at")) required;
            } @else {
                label for="title" { (lang.t("field-title")) }
                input #title name="title" type="text" value=(v("title")) maxlength="200" required;
                label for="question" { (lang.t("admin-consultation-question")) }
                input #question name="question" type="text" value=(v("question")) maxlength="500" required;
                label for="description" { (lang.t("admin-consultation-description")) }
                textarea #description name="description" rows="4" style="width:100%" { (v("description")) }
                label for="options" { (lang.t("admin-consultation-options")) }
                textarea #options name="options" rows="5" style="width:100%" required { (v("options")) }
                label { input name="multiple" type="checkbox" checked[values.is_some_and(|f| f.contains_key("multiple"))]; " " (lang.t("admin-consultation-multiple")) }
                label for="opens_at" { (lang.t("admin-consultation-opens")) }
                input #opens_at name="opens_at" type="datetime-local" value=(v("opens_at"));
                label for="closes_at" { (lang.t("admin-consultation-closes")) }
                input #closes_at name="closes_at" type="datetime-local" value=(v("closes_at")) required;
                fieldset {
                    legend { (lang.t("admin-consultation-channels")) }
                    @for c in Channel::ALL {
                        @let name = format!("channel_{}", c.as_str());
                        label { input name=(name) type="checkbox" checked[checked(&name)]; " " (lang.t(&format!("consultation-{}", c.as_str()))) }
                        br;
                    }
                }
                label { input name="after_closing" type="checkbox" checked[values.is_some_and(|f| f.contains_key("after_closing"))]; " " (lang.t("admin-consultation-after-closing")) }
            }
            p { button type="submit" { (lang.t(submit)) } }
        }
    }
}

/// The form as the service's input. `Err` names the field whose time could not be read.
fn input_of(desk: &Desk, form: &Fields) -> Result<ConsultationInput, &'static str> {
    let place = Place::of(&desk.commune);
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let time = |k: &'static str| -> Result<Option<String>, &'static str> {
        match get(k) {
            None => Ok(None),
            Some(v) => local_to_rfc3339(&place, &v).map(Some).ok_or(k),
        }
    };
    Ok(ConsultationInput {
        title: get("title"),
        question: get("question"),
        description: get("description"),
        options: Some(
            form.get("options")
                .map(|o| {
                    o.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        ),
        multiple: Some(form.contains_key("multiple")),
        opens_at: time("opens_at")?,
        closes_at: time("closes_at")?,
        channels: Some(
            Channel::ALL
                .iter()
                .filter(|c| form.contains_key(&format!("channel_{}", c.as_str())))
                .map(|c| c.as_str().to_string())
                .collect(),
        ),
        results: Some(
            if form.contains_key("after_closing") {
                "after_closing"
            } else {
                "while_open"
            }
            .into(),
        ),
        language: Some(desk.commune.language().to_string()),
    })
}

/// The message for a refused form: what was not done, then what to fix.
fn refused(desk: &Desk, intro: &str, field: &str) -> String {
    format!(
        "{} {}",
        desk.lang.t(intro),
        desk.lang.t(&format!("invalid-consultation-{field}"))
    )
}

async fn list_page(
    s: &WebState,
    desk: &Desk,
    values: Option<&Fields>,
    message: Option<&str>,
    status: StatusCode,
) -> Answer {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let all = svc::of_commune(&s.app, &desk.commune).await?;
    let now = crate::store::now();
    let mut rows = Vec::new();
    for c in all {
        let (_, tally) = svc::results(&s.app, &desk.commune, &c.key).await?;
        let (issued, used) = svc::code_counts(&s.app, &c).await?;
        let log = svc::paper_log(&s.app, &c).await?;
        rows.push((c, tally, issued, used, log));
    }
    let main = html! {
        h1 { (lang.t("admin-consultations")) }
        (notice(message))
        @if rows.is_empty() { p { (lang.t("admin-consultation-none")) } }
        @for (c, tally, issued, used, log) in &rows {
            @let votes = tally.votes();
            section {
                h2 { a href=(s.app.urls.consultation(&desk.commune.slug, &c.key).path()) { (c.title) } }
                @if c.phase(now) != Phase::Closed {
                    p { a href=(desk.path(&format!("/consultations/{}/edit", c.key))) { (lang.t("admin-consultation-edit")) } }
                }
                p {
                    (lang.t(phase_key(c.phase(now)))) " · "
                    (lang.t_args("consultation-open-until", &[("date", place.datetime(lang, c.closes_at).into())]))
                }
                p {
                    (lang.t("consultation-fediverse")) " " (votes.fediverse) " · "
                    (lang.t("consultation-codes")) " " (votes.codes) " (" (lang.t_args("admin-consultation-codes-used", &[("used", (*used).into()), ("issued", (*issued).into())])) ") · "
                    (lang.t("consultation-paper")) " " (votes.paper) " · "
                    (lang.t_args("consultation-voters", &[("count", (tally.voters.total() as i64).into())]))
                }
                @if c.phase(now) != Phase::Closed && c.accepts(Channel::Codes) {
                    form method="post" action=(desk.path(&format!("/consultations/{}/codes", c.key))) {
                        input type="hidden" name="csrf" value=(desk.csrf);
                        label for={ "count-" (c.key) } { (lang.t("admin-consultation-codes-count")) }
                        input id={ "count-" (c.key) } name="count" type="number" min="1" max="10000" value="50" required;
                        " " button type="submit" { (lang.t("admin-consultation-codes-make")) }
                    }
                }
                @if c.accepts(Channel::Paper) {
                    (paper_form(desk, c))
                }
                @if !log.is_empty() {
                    details {
                        summary { (lang.t("admin-consultation-paper-log")) }
                        table {
                            thead { tr {
                                th scope="col" { (lang.t("admin-consultation-place")) }
                                th scope="col" { (lang.t("consultation-option")) }
                                th scope="col" { (lang.t("admin-consultation-before")) }
                                th scope="col" { (lang.t("admin-consultation-after")) }
                                th scope="col" { (lang.t("admin-consultation-by")) }
                            } }
                            tbody {
                                @for e in log {
                                    tr {
                                        td { (e.place) }
                                        td { (c.options.iter().find(|o| o.id == e.option_id).map_or("", |o| o.name.as_str())) }
                                        td { (e.before.map(|b| b.to_string()).unwrap_or_else(|| "—".into())) }
                                        td { (e.after) }
                                        td { (e.by) br; small { (place.datetime(lang, e.at)) } @if !e.note.is_empty() { br; small { (e.note) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (consultation_form(desk, values, Purpose::New))
    };
    Ok(desk.page(
        &lang.t("admin-consultations"),
        "/consultations",
        status,
        main,
    ))
}

fn paper_form(desk: &Desk, c: &Consultation) -> Markup {
    let lang = desk.lang;
    html! {
        details {
            summary { (lang.t("admin-consultation-paper")) }
            form method="post" action=(desk.path(&format!("/consultations/{}/paper", c.key))) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for={ "place-" (c.key) } { (lang.t("admin-consultation-place")) }
                input id={ "place-" (c.key) } name="place" type="text" maxlength="100" required;
                @for o in &c.options {
                    label for={ "n-" (o.id) } { (o.name) }
                    input id={ "n-" (o.id) } name={ "option_" (o.id) } type="number" min="0" inputmode="numeric";
                }
                label for={ "note-" (c.key) } { (lang.t("admin-consultation-note")) }
                input id={ "note-" (c.key) } name="note" type="text" maxlength="500";
                p { button type="submit" { (lang.t("admin-consultation-paper-save")) } }
            }
        }
    }
}

pub async fn list(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    list_page(&s, &desk, None, None, StatusCode::OK).await
}

pub async fn create(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    desk.check_csrf(&form)?;
    desk.allow(Role::can_publish)?;
    let intro = "admin-consultation-invalid";
    let input = match input_of(&desk, &form) {
        Ok(i) => i,
        Err(field) => {
            let m = refused(&desk, intro, field);
            return list_page(
                &s,
                &desk,
                Some(&form),
                Some(&m),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match svc::create(&s.app, &desk.commune, &input).await {
        Ok(c) => {
            tracing::info!(staff = %desk.staff.username, consultation = %c.key, "consultation created");
            let m = desk.lang.t("admin-consultation-created");
            list_page(&s, &desk, None, Some(&m), StatusCode::OK).await
        }
        Err(ServiceError::Invalid(i)) => {
            let m = refused(&desk, intro, i.field);
            list_page(
                &s,
                &desk,
                Some(&form),
                Some(&m),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    s: &WebState,
    desk: &Desk,
    c: &Consultation,
    values: Option<&Fields>,
    message: Option<&str>,
    status: StatusCode,
) -> Answer {
    let lang = desk.lang;
    let fixed = svc::has_votes(&s.app, c).await?;
    let current = values_of(&Place::of(&desk.commune), c);
    // A refused edit of a fixed consultation keeps what was typed in the two open fields.
    let mut shown = current.clone();
    if let Some(v) = values {
        shown.extend(v.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let main = html! {
        h1 { (lang.t("admin-consultation-edit")) " — " (c.title) }
        (notice(message))
        (consultation_form(desk, Some(&shown), Purpose::Edit { key: &c.key, fixed }))
        p { a href=(desk.path("/consultations")) { (lang.t("admin-consultations")) } }
    };
    Ok(desk.page(
        &lang.t("admin-consultation-edit"),
        "/consultations",
        status,
        main,
    ))
}

pub async fn edit_form(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    let c = svc::find(&s.app, &desk.commune, &key).await?;
    edit_page(&s, &desk, &c, None, None, StatusCode::OK).await
}

pub async fn edit(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.check_csrf(&form)?;
    desk.allow(Role::can_publish)?;
    let intro = "admin-consultation-not-saved";
    let c = svc::find(&s.app, &desk.commune, &key).await?;
    // A fixed form sends only the description and the closing; the rest stays as it is, and
    // the service refuses anything else after the first vote.
    let mut all = values_of(&Place::of(&desk.commune), &c);
    all.extend(form.iter().map(|(k, v)| (k.clone(), v.clone())));
    let full = if form.contains_key("title") {
        &form
    } else {
        &all
    };
    let input = match input_of(&desk, full) {
        Ok(i) => i,
        Err(field) => {
            let m = refused(&desk, intro, field);
            return edit_page(
                &s,
                &desk,
                &c,
                Some(&form),
                Some(&m),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match svc::edit(&s.app, &desk.commune, &key, &input).await {
        Ok(c) => {
            tracing::info!(staff = %desk.staff.username, consultation = %c.key, "consultation edited");
            let m = desk.lang.t("admin-consultation-saved");
            list_page(&s, &desk, None, Some(&m), StatusCode::OK).await
        }
        Err(ServiceError::Invalid(i)) => {
            let m = if i.field == "closes_at" && svc::has_votes(&s.app, &c).await? {
                format!(
                    "{} {}",
                    desk.lang.t(intro),
                    desk.lang.t("admin-consultation-later")
                )
            } else {
                refused(&desk, intro, i.field)
            };
            edit_page(
                &s,
                &desk,
                &c,
                Some(&form),
                Some(&m),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ServiceError::Conflict(_)) => {
            let m = desk.lang.t("admin-consultation-is-closed");
            list_page(&s, &desk, None, Some(&m), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A batch of codes, shown once: a sheet to print (one slip per code, with the question and
/// the page's address) and the same codes as a CSV link that needs no second request.
pub async fn codes(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.check_csrf(&form)?;
    desk.allow(Role::can_publish)?;
    let lang = desk.lang;
    let Some(count) = form
        .get("count")
        .and_then(|n| n.trim().parse::<usize>().ok())
    else {
        return list_page(
            &s,
            &desk,
            None,
            Some(&lang.t("invalid-count")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let c = svc::find(&s.app, &desk.commune, &key).await?;
    let (batch, codes) = match svc::generate_codes(&s.app, &desk.commune, &key, count).await {
        Ok(v) => v,
        Err(ServiceError::Invalid(i)) => {
            let m = lang.t(&format!("invalid-{}", i.field));
            return list_page(&s, &desk, None, Some(&m), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(staff = %desk.staff.username, consultation = %key, batch, count, "voting codes printed");
    let page = s.app.urls.consultation(&desk.commune.slug, &key);
    let csv: String = std::iter::once("code".to_string())
        .chain(codes.iter().cloned())
        .collect::<Vec<_>>()
        .join("\r\n");
    let csv_href = format!(
        "data:text/csv;charset=utf-8,{}",
        url::form_urlencoded::byte_serialize(csv.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    );
    let main = html! {
        h1 { (lang.t("admin-consultation-codes-sheet")) " — " (c.title) }
        p role="alert" { strong { (lang.t("admin-consultation-codes-once")) } }
        p { a href=(csv_href) download={ "codes-" (key) "-" (batch) ".csv" } { (lang.t("admin-consultation-codes-csv")) } }
        ul.items style="display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem;list-style:none;padding:0" {
            @for code in &codes {
                li style="border:1px dashed #555;padding:.5rem" {
                    strong { (c.question) } br;
                    code style="font-size:1.3rem" { (code) } br;
                    small { (page) }
                }
            }
        }
    };
    let mut r: Response = desk.page(
        &lang.t("admin-consultation-codes-sheet"),
        "/consultations",
        StatusCode::OK,
        main,
    );
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}

pub async fn paper(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.check_csrf(&form)?;
    desk.allow(Role::can_publish)?;
    let lang = desk.lang;
    let c = svc::find(&s.app, &desk.commune, &key).await?;
    let mut counts = Vec::new();
    for o in &c.options {
        match form.get(&format!("option_{}", o.id)).map(|v| v.trim()) {
            None | Some("") => {}
            Some(v) => match v.parse::<i64>() {
                Ok(n) => counts.push((o.name.clone(), n)),
                Err(_) => {
                    let m = lang.t("invalid-counts");
                    return list_page(&s, &desk, None, Some(&m), StatusCode::UNPROCESSABLE_ENTITY)
                        .await;
                }
            },
        }
    }
    let place = form.get("place").cloned().unwrap_or_default();
    let note = form.get("note").cloned().unwrap_or_default();
    match svc::set_paper_counts(
        &s.app,
        &desk.commune,
        &key,
        &place,
        counts,
        &note,
        &desk.staff.username,
    )
    .await
    {
        Ok(_) => {
            tracing::info!(staff = %desk.staff.username, consultation = %key, place, "paper ballots entered");
            list_page(
                &s,
                &desk,
                None,
                Some(&lang.t("admin-consultation-paper-saved")),
                StatusCode::OK,
            )
            .await
        }
        Err(ServiceError::Invalid(i)) => {
            let m = lang.t(&format!("invalid-{}", i.field));
            list_page(&s, &desk, None, Some(&m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(PageError::from(e)),
    }
}
