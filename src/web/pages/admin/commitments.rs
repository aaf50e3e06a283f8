//! The staff's action plan: the list of commitments, a form to create one, and each
//! commitment's page — the same form pre-filled, its status, a "done" form per milestone (done
//! date, default today in the commune's zone, and an evidence link) and a progress-note form.
//!
//! Forms are read with the domain's own checks (`CommitmentDraft::parse` and the functions it
//! is made of), every refused field marked next to itself in the reader's language; nothing is
//! stored on a refusal. The milestone rows are plain fields (five empty ones on a new form and
//! after the existing ones on an edit), so no script is needed. An edit rewrites the
//! milestones: a row that continues a stored milestone names it, and keeps its done date and
//! evidence as stored (not as the form says). Each success is one service call (one
//! transaction, one activity), then a flash and a 303 to the commitment's staff page.
//! Editors and admins only.

use super::{see_other, Answer, Desk, Fields};
use crate::domain::commitment::{
    self as dom, Commitment, CommitmentDraft, CommitmentInput, MilestoneDraft, MilestoneInput,
    Status, MAX_MILESTONES, MAX_TEXT, MAX_TITLE,
};
use crate::domain::staff::Role;
use crate::domain::Invalid;
use crate::protocol::commitment::status_label;
use crate::service::commitments::{self as svc, Change};
use crate::service::ServiceError;
use crate::web::format::Place;
use crate::web::i18n::Lang;
use crate::web::pages::commitments::{late_mark, late_text, progress_bar, progress_text, today_of};
use crate::web::pages::flash::{self, Flash};
use crate::web::pages::PageError;
use crate::web::WebState;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use maud::{html, Markup, PreEscaped};

/// Empty milestone rows a form offers after the filled ones.
const EMPTY_ROWS: usize = 5;
/// Rows read from a form at most; more than `MAX_MILESTONES` filled ones are refused.
const MAX_ROWS: usize = MAX_MILESTONES + EMPTY_ROWS;

/// The late and done marks, as on the public pages.
const STYLE: &str = ".late{color:#a50e0e;font-weight:bold}.done{color:#1e7b34;font-weight:bold}\
.error{color:#a50e0e}[aria-invalid=true]{border:2px solid #a50e0e}";

/// The fields of a commitment a form names, in the domain's names.
const FIELDS: [&str; 8] = [
    "title",
    "problem",
    "description",
    "lead",
    "partners",
    "starts_on",
    "ends_on",
    "status",
];

/// Refused fields with their messages, in the form's field names.
type Errors = Vec<(String, String)>;

/// The staff area's commitment routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/communes/{slug}/admin/commitments", get(list))
        .route(
            "/communes/{slug}/admin/commitments/new",
            get(new_form).post(create),
        )
        .route(
            "/communes/{slug}/admin/commitments/{key}",
            get(page).post(edit),
        )
        .route(
            "/communes/{slug}/admin/commitments/{key}/status",
            post(change_status),
        )
        .route(
            "/communes/{slug}/admin/commitments/{key}/milestones/{id}/done",
            post(milestone_done),
        )
        .route(
            "/communes/{slug}/admin/commitments/{key}/notes",
            post(add_note),
        )
}

// ---------------------------------------------------------------- messages

/// The first number in a domain message ("must be at most 200 characters").
fn number_in(message: &str) -> Option<i64> {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| !w.is_empty())
        .and_then(|w| w.parse().ok())
}

/// A domain refusal as its reader reads it. `period` is the commitment's, when known, for the
/// message of a milestone due outside it.
fn message(
    lang: Lang,
    place: &Place,
    i: &Invalid,
    period: Option<(NaiveDate, NaiveDate)>,
) -> String {
    let m = i.message.as_str();
    if m.contains("empty") {
        return lang.t(match i.field {
            "title" => "commitment-error-title-empty",
            "milestones.title" => "commitment-error-milestone-title-empty",
            "text" => "commitment-error-note-empty",
            _ => "commitment-error-required",
        });
    }
    if i.field == "milestones" {
        let max = number_in(m).unwrap_or(MAX_MILESTONES as i64);
        return lang.t_args("commitment-error-too-many", &[("max", max.into())]);
    }
    if m.starts_with("must be at most") {
        let max = number_in(m).unwrap_or(MAX_TITLE as i64);
        return lang.t_args("commitment-error-too-long", &[("max", max.into())]);
    }
    if m.contains("YYYY-MM-DD") {
        return lang.t("commitment-error-date");
    }
    if m.contains("before the commitment starts") {
        return lang.t("commitment-error-done-before-start");
    }
    if i.field == "ends_on" {
        return lang.t("commitment-error-end-before-start");
    }
    if m.contains("within the commitment's period") {
        return match period {
            Some((start, end)) => lang.t_args(
                "commitment-error-due-outside",
                &[
                    ("start", place.date(lang, start).into()),
                    ("end", place.date(lang, end).into()),
                ],
            ),
            None => lang.t("commitment-error-due-outside-period"),
        };
    }
    lang.t(match i.field {
        "evidence_url" => "commitment-error-evidence",
        "status" => "commitment-error-status",
        _ => "commitment-error-other",
    })
}

fn error_of<'a>(errors: &'a Errors, field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.as_str())
}

/// A field's message, right after it, named by the field's `aria-describedby`.
fn field_error(id: &str, err: Option<&str>) -> Markup {
    html! { @if let Some(e) = err { p.error id={ (id) "-error" } role="alert" { strong { (e) } } } }
}

fn described_by(id: &str, err: Option<&str>) -> Option<String> {
    err.map(|_| format!("{id}-error"))
}

fn invalid(err: Option<&str>) -> Option<&'static str> {
    err.map(|_| "true")
}

fn summary_alert(lang: Lang, errors: &Errors) -> Markup {
    html! { @if !errors.is_empty() { p role="alert" { strong { (lang.t("commitment-error-summary")) } } } }
}

// ---------------------------------------------------------------- the commitment form

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn row_key(what: &str, i: usize) -> String {
    format!("milestone_{what}_{i}")
}

/// The form's values for a stored commitment.
fn values_of(c: &Commitment) -> Fields {
    let mut f = Fields::new();
    for (k, v) in [
        ("title", &c.title),
        ("problem", &c.problem),
        ("description", &c.description),
        ("lead", &c.lead),
        ("partners", &c.partners),
    ] {
        f.insert(k.into(), v.clone());
    }
    f.insert("starts_on".into(), iso(c.starts_on));
    f.insert("ends_on".into(), iso(c.ends_on));
    f.insert("status".into(), c.status.as_str().into());
    for (i, m) in c.milestones.iter().enumerate() {
        f.insert(row_key("title", i), m.title.clone());
        f.insert(row_key("due", i), iso(m.due_on));
        f.insert(row_key("id", i), m.id.to_string());
    }
    f
}

/// How many milestone rows a posted form had.
fn posted_rows(form: &Fields) -> usize {
    (0..MAX_ROWS)
        .rev()
        .find(|&i| form.contains_key(&row_key("title", i)) || form.contains_key(&row_key("due", i)))
        .map_or(0, |i| i + 1)
}

/// What the form is for.
#[derive(Clone, Copy)]
enum Purpose<'a> {
    New,
    Edit(&'a Commitment),
}

fn commitment_form(
    desk: &Desk,
    purpose: Purpose,
    values: &Fields,
    errors: &Errors,
    rows: usize,
) -> Markup {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let (action, submit, current) = match purpose {
        Purpose::New => (
            desk.path("/commitments/new"),
            "commitment-admin-create",
            None,
        ),
        Purpose::Edit(c) => (
            desk.path(&format!("/commitments/{}", c.key)),
            "commitment-admin-save",
            Some(c),
        ),
    };
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let text = |name: &str, kind: &str, max: usize, required: bool| {
        let err = error_of(errors, name);
        html! {
            label for=(name) { (lang.t(&format!("commitment-admin-field-{name}"))) }
            input id=(name) name=(name) type=(kind) value=(v(name)) maxlength=(max) required[required]
                aria-invalid=[invalid(err)] aria-describedby=[described_by(name, err)];
            (field_error(name, err))
        }
    };
    let area = |name: &str, max: usize| {
        let err = error_of(errors, name);
        html! {
            label for=(name) { (lang.t(&format!("commitment-admin-field-{name}"))) }
            textarea id=(name) name=(name) rows="4" maxlength=(max) style="width:100%"
                aria-invalid=[invalid(err)] aria-describedby=[described_by(name, err)] { (v(name)) }
            (field_error(name, err))
        }
    };
    let date = |name: &str| {
        let err = error_of(errors, name);
        html! {
            label for=(name) { (lang.t(&format!("commitment-admin-field-{name}"))) }
            input id=(name) name=(name) type="date" value=(v(name)) required
                aria-invalid=[invalid(err)] aria-describedby=[described_by(name, err)];
            (field_error(name, err))
        }
    };
    let status_err = error_of(errors, "status");
    let milestones_err = error_of(errors, "milestones");
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(desk.csrf);
            (text("title", "text", MAX_TITLE, true))
            (area("problem", MAX_TEXT))
            (area("description", MAX_TEXT))
            (text("lead", "text", MAX_TITLE, false))
            (area("partners", 1000))
            (date("starts_on"))
            (date("ends_on"))
            label for="status" { (lang.t("commitment-admin-field-status")) }
            select #status name="status" aria-invalid=[invalid(status_err)] aria-describedby=[described_by("status", status_err)] {
                @for s in Status::ALL {
                    option value=(s.as_str()) selected[v("status") == s.as_str()] { (lang.t(&format!("commitment-status-{}", s.as_str()))) }
                }
            }
            (field_error("status", status_err))
            fieldset aria-describedby="milestones-help" {
                legend { (lang.t("commitment-admin-milestones")) }
                p.muted #milestones-help { (lang.t("commitment-admin-milestones-help")) }
                (field_error("milestones", milestones_err))
                @for i in 0..rows {
                    @let n = FluentValue::from(i + 1);
                    @let (t, d, id) = (row_key("title", i), row_key("due", i), row_key("id", i));
                    @let (t_err, d_err) = (error_of(errors, &t), error_of(errors, &d));
                    @let kept = current.and_then(|c| {
                        let id: i32 = v(&id).parse().ok()?;
                        c.milestones.iter().find(|m| m.id == id)
                    });
                    div {
                        @if let Some(m) = kept { input type="hidden" name=(id) value=(m.id); }
                        label for=(t) { (lang.t_args("commitment-admin-milestone-title", &[("n", n.clone())])) }
                        input id=(t) name=(t) type="text" value=(v(&t)) maxlength=(MAX_TITLE)
                            aria-invalid=[invalid(t_err)] aria-describedby=[described_by(&t, t_err)];
                        (field_error(&t, t_err))
                        label for=(d) { (lang.t_args("commitment-admin-milestone-due", &[("n", n)])) }
                        input id=(d) name=(d) type="date" value=(v(&d))
                            aria-invalid=[invalid(d_err)] aria-describedby=[described_by(&d, d_err)];
                        (field_error(&d, d_err))
                        @if let Some(done) = kept.and_then(|m| m.done_on) {
                            p.muted { (lang.t_args("commitment-admin-milestone-kept", &[("date", place.date(lang, done).into())])) }
                        }
                    }
                }
            }
            p { button type="submit" { (lang.t(submit)) } }
        }
    }
}

/// The form read with the domain's checks: the draft, or every refused field with its message.
/// A row that names a stored milestone of `current` keeps its done date and evidence.
fn draft_of(
    lang: Lang,
    place: &Place,
    form: &Fields,
    current: Option<&Commitment>,
) -> Result<CommitmentDraft, Errors> {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("").to_string();
    let mut errors = Errors::new();
    // The commitment's own fields, each checked as `CommitmentDraft::parse` checks it.
    if let Err(i) = crate::domain::required_text("title", &get("title"), MAX_TITLE) {
        errors.push(("title".into(), message(lang, place, &i, None)));
    }
    let starts = dom::date("starts_on", &get("starts_on"));
    let ends = dom::date("ends_on", &get("ends_on"));
    for (field, r) in [("starts_on", &starts), ("ends_on", &ends)] {
        if let Err(i) = r {
            errors.push((field.into(), message(lang, place, i, None)));
        }
    }
    let status = get("status");
    if !status.trim().is_empty() {
        if let Err(i) = Status::parse(&status) {
            errors.push(("status".into(), message(lang, place, &i, None)));
        }
    }
    let bare = |milestones: Vec<MilestoneInput>| CommitmentInput {
        title: get("title"),
        problem: get("problem"),
        description: get("description"),
        lead: get("lead"),
        partners: get("partners"),
        starts_on: get("starts_on"),
        ends_on: get("ends_on"),
        status: Some(status.clone()),
        milestones,
    };
    // The period in order: the domain's rule, on the dates alone.
    let mut period = None;
    if let (Ok(s), Ok(e)) = (starts, ends) {
        let probe = CommitmentInput {
            title: "-".into(),
            status: None,
            problem: String::new(),
            description: String::new(),
            lead: String::new(),
            partners: String::new(),
            ..bare(Vec::new())
        };
        match CommitmentDraft::parse(&probe) {
            Ok(_) => period = Some((s, e)),
            Err(i) => errors.push((i.field.into(), message(lang, place, &i, None))),
        }
    }
    // The rows: blank ones skipped, each filled one checked against the period (or, without
    // one, for its title and date only).
    let mut inputs = Vec::new();
    for i in 0..posted_rows(form) {
        let (title, due) = (get(&row_key("title", i)), get(&row_key("due", i)));
        if title.trim().is_empty() && due.trim().is_empty() {
            continue;
        }
        let kept = current.and_then(|c| {
            let id: i32 = get(&row_key("id", i)).parse().ok()?;
            c.milestones.iter().find(|m| m.id == id)
        });
        let input = MilestoneInput {
            title,
            due_on: due,
            done_on: kept.and_then(|m| m.done_on).map(iso),
            evidence_url: kept.and_then(|m| m.evidence_url.clone()),
        };
        let (s, e) = period.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
        if let Err(err) = MilestoneDraft::parse(&input, s, e) {
            let field = if err.field == "milestones.title" {
                row_key("title", i)
            } else {
                row_key("due", i)
            };
            errors.push((field, message(lang, place, &err, period)));
        }
        inputs.push(input);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Everything else (lengths, the number of milestones) as the domain says.
    CommitmentDraft::parse(&bare(inputs)).map_err(|i| {
        let field = if FIELDS.contains(&i.field) {
            i.field
        } else {
            "milestones"
        };
        vec![(field.to_string(), message(lang, place, &i, period))]
    })
}

fn redirect(s: &WebState, desk: &Desk, key: &str) -> Response {
    let mut r = see_other(&desk.path(&format!("/commitments/{key}")));
    flash::set(&mut r, !s.app.config.dev, Flash::Updated);
    r
}

// ---------------------------------------------------------------- the list

/// `GET /communes/{slug}/admin/commitments`.
pub async fn list(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let today = today_of(&desk.commune);
    let all = svc::list(&s.app, &desk.commune).await?;
    let title = lang.t("commitments-title");
    let main = html! {
        style { (PreEscaped(STYLE)) }
        h1 { (title) }
        p {
            a href=(desk.path("/commitments/new")) { (lang.t("commitment-admin-new-link")) } " · "
            a href=(s.app.urls.commitments(&desk.commune.slug).path()) { (lang.t("commitment-admin-public-link")) }
        }
        @if all.is_empty() { p.muted { (lang.t("commitment-admin-none")) } }
        ul.items {
            @for c in &all {
                @let late = c.late(today);
                li {
                    a href=(desk.path(&format!("/commitments/{}", c.key))) { (c.title) } br;
                    (lang.t_args("commitment-page-status", &[("status", status_label(lang, c).into())])) " · "
                    (lang.t_args("commitment-page-period", &[("start", place.date(lang, c.starts_on).into()), ("end", place.date(lang, c.ends_on).into())])) br;
                    (progress_text(lang, c))
                    @if late > 0 { " · " span.late { (late_text(lang, late)) } }
                }
            }
        }
    };
    Ok(desk.page(&title, "/commitments", StatusCode::OK, main))
}

// ---------------------------------------------------------------- creating

fn new_page(desk: &Desk, values: &Fields, errors: &Errors) -> Response {
    let lang = desk.lang;
    let title = lang.t("commitment-admin-new-title");
    let rows = posted_rows(values).max(EMPTY_ROWS);
    let main = html! {
        style { (PreEscaped(STYLE)) }
        p { a href=(desk.path("/commitments")) { (lang.t("commitments-title")) } }
        h1 { (title) }
        (summary_alert(lang, errors))
        (commitment_form(desk, Purpose::New, values, errors, rows))
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    desk.page(&title, "/commitments/new", status, main)
}

/// `GET /communes/{slug}/admin/commitments/new`.
pub async fn new_form(desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    let mut values = Fields::new();
    values.insert("status".into(), Status::NotStarted.as_str().into());
    Ok(new_page(&desk, &values, &Errors::new()))
}

/// `POST /communes/{slug}/admin/commitments/new`.
pub async fn create(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let place = Place::of(&desk.commune);
    let draft = match draft_of(desk.lang, &place, &form, None) {
        Ok(d) => d,
        Err(errors) => {
            tracing::info!(commune = %desk.commune.slug, fields = ?errors.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), "commitment form refused");
            return Ok(new_page(&desk, &form, &errors));
        }
    };
    match svc::create(&s.app, &desk.commune, draft).await {
        Ok(c) => {
            tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, key = %c.key, "commitment created from the staff area");
            Ok(redirect(&s, &desk, &c.key))
        }
        Err(ServiceError::Invalid(i)) => {
            let errors = vec![(field_of(&i), message(desk.lang, &place, &i, None))];
            Ok(new_page(&desk, &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// The form field a service refusal names.
fn field_of(i: &Invalid) -> String {
    if FIELDS.contains(&i.field) {
        i.field.to_string()
    } else {
        "milestones".into()
    }
}

// ---------------------------------------------------------------- a commitment's page

/// Which form of the page came back refused, with what was typed.
enum Refused<'a> {
    Nothing,
    Edit(&'a Fields, &'a Errors),
    Status(&'a Errors),
    Done(i32, &'a Fields, &'a Errors),
    Note(&'a Fields, &'a Errors),
}

impl Refused<'_> {
    fn any(&self) -> bool {
        !matches!(self, Refused::Nothing)
    }
}

fn commitment_page(s: &WebState, desk: &Desk, c: &Commitment, refused: Refused) -> Response {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let today = today_of(&desk.commune);
    let none = Errors::new();
    let base = format!("/commitments/{}", c.key);
    // The edit form: what was typed when refused, the stored commitment otherwise.
    let stored = values_of(c);
    let (edit_values, edit_errors, rows) = match &refused {
        Refused::Edit(f, e) => (*f, *e, posted_rows(f).max(EMPTY_ROWS)),
        _ => (
            &stored,
            &none,
            (c.milestones.len() + EMPTY_ROWS).min(MAX_ROWS),
        ),
    };
    let status_errors = match &refused {
        Refused::Status(e) => e,
        _ => &none,
    };
    let (note_values, note_errors) = match &refused {
        Refused::Note(f, e) => (Some(*f), *e),
        _ => (None, &none),
    };
    let today_iso = iso(today);
    let note_v = |k: &str, default: &str| {
        note_values
            .and_then(|f| f.get(k))
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let status_err = error_of(status_errors, "status");
    let (text_err, written_err) = (
        error_of(note_errors, "text"),
        error_of(note_errors, "written_on"),
    );
    let main = html! {
        style { (PreEscaped(STYLE)) }
        p {
            a href=(desk.path("/commitments")) { (lang.t("commitments-title")) } " · "
            a href=(s.app.urls.commitment(&desk.commune.slug, &c.key).path()) { (lang.t("commitment-admin-public-link")) }
        }
        h1 { (c.title) }
        @if refused.any() { p role="alert" { strong { (lang.t("commitment-error-summary")) } } }
        p {
            (lang.t_args("commitment-page-status", &[("status", status_label(lang, c).into())])) " · "
            (lang.t_args("commitment-page-period", &[("start", place.date(lang, c.starts_on).into()), ("end", place.date(lang, c.ends_on).into())]))
        }
        (progress_bar(c))
        p {
            (progress_text(lang, c))
            @let late = c.late(today);
            @if late > 0 { " · " span.late { (late_text(lang, late)) } }
        }

        section aria-labelledby="status-title" {
            h2 #status-title { (lang.t("commitment-admin-status-title")) }
            form method="post" action=(desk.path(&format!("{base}/status"))) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="status-only" { (lang.t("commitment-admin-status-new")) }
                select #status-only name="status" aria-invalid=[invalid(status_err)] aria-describedby=[described_by("status-only", status_err)] {
                    @for st in Status::ALL {
                        option value=(st.as_str()) selected[st == c.status] { (lang.t(&format!("commitment-status-{}", st.as_str()))) }
                    }
                }
                " " button type="submit" { (lang.t("commitment-admin-status-save")) }
                (field_error("status-only", status_err))
            }
        }

        section aria-labelledby="milestones-title" {
            h2 #milestones-title { (lang.t("commitment-admin-milestones")) }
            @if c.milestones.is_empty() { p.muted { (lang.t("commitment-page-no-milestones")) } }
            @for m in &c.milestones {
                @let (values, errors) = match &refused {
                    Refused::Done(id, f, e) if *id == m.id => (Some(*f), *e),
                    _ => (None, &none),
                };
                @let v = |k: &str, stored: Option<String>| values.and_then(|f| f.get(k)).cloned().or(stored).unwrap_or_default();
                @let (done_id, ev_id) = (format!("done_on-{}", m.id), format!("evidence_url-{}", m.id));
                @let (done_err, ev_err) = (error_of(errors, "done_on"), error_of(errors, "evidence_url"));
                article.box aria-labelledby={ "m-" (m.id) } {
                    h3 id={ "m-" (m.id) } { (m.title) }
                    p {
                        (lang.t_args("commitment-admin-due", &[("date", place.date(lang, m.due_on).into())]))
                        @if let Some(d) = m.done_on {
                            " · " span.done { (lang.t_args("commitment-admin-done", &[("date", place.date(lang, d).into())])) }
                        }
                        @if m.is_late(today) { " · " (late_mark(lang, m, today)) }
                        @if let Some(u) = &m.evidence_url {
                            " · " a href=(u) rel="nofollow noopener" { (lang.t("commitment-page-evidence-link")) }
                        }
                    }
                    form method="post" action=(desk.path(&format!("{base}/milestones/{}/done", m.id))) {
                        input type="hidden" name="csrf" value=(desk.csrf);
                        label for=(done_id) { (lang.t("commitment-admin-done-on")) }
                        input id=(done_id) name="done_on" type="date" required
                            value=(v("done_on", Some(m.done_on.map_or_else(|| today_iso.clone(), iso))))
                            aria-invalid=[invalid(done_err)] aria-describedby=[described_by(&done_id, done_err)];
                        (field_error(&done_id, done_err))
                        label for=(ev_id) { (lang.t("commitment-admin-evidence")) }
                        input id=(ev_id) name="evidence_url" type="url" maxlength="2000" inputmode="url"
                            value=(v("evidence_url", m.evidence_url.clone()))
                            aria-invalid=[invalid(ev_err)] aria-describedby=[described_by(&ev_id, ev_err)];
                        (field_error(&ev_id, ev_err))
                        p { button type="submit" aria-describedby={ "m-" (m.id) } {
                            (lang.t(if m.done_on.is_some() { "commitment-admin-correct-done" } else { "commitment-admin-mark-done" }))
                        } }
                    }
                }
            }
        }

        section aria-labelledby="notes-title" {
            h2 #notes-title { (lang.t("commitment-page-notes")) }
            form method="post" action=(desk.path(&format!("{base}/notes"))) {
                input type="hidden" name="csrf" value=(desk.csrf);
                label for="written_on" { (lang.t("commitment-admin-note-date")) }
                input #written_on name="written_on" type="date" required value=(note_v("written_on", &today_iso))
                    aria-invalid=[invalid(written_err)] aria-describedby=[described_by("written_on", written_err)];
                (field_error("written_on", written_err))
                label for="text" { (lang.t("commitment-admin-note-text")) }
                textarea #text name="text" rows="4" maxlength=(MAX_TEXT) style="width:100%" required
                    aria-invalid=[invalid(text_err)] aria-describedby=[described_by("text", text_err)] { (note_v("text", "")) }
                (field_error("text", text_err))
                label for="author" { (lang.t("commitment-admin-note-author")) }
                input #author name="author" type="text" maxlength="200" value=(note_v("author", ""));
                p { button type="submit" { (lang.t("commitment-admin-note-add")) } }
            }
            @for n in &c.notes {
                article {
                    h3 { (place.date(lang, n.written_on)) }
                    p style="white-space:pre-line" { (n.text) }
                    @if let Some(a) = &n.author { p.muted { (lang.t_args("commitment-page-note-by", &[("author", a.as_str().into())])) } }
                }
            }
        }

        section aria-labelledby="edit-title" {
            h2 #edit-title { (lang.t("commitment-admin-edit-title")) }
            (commitment_form(desk, Purpose::Edit(c), edit_values, edit_errors, rows))
        }
    };
    let status = if refused.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    desk.page(&c.title, &base, status, main)
}

async fn find(s: &WebState, desk: &Desk, key: &str) -> Result<Commitment, PageError> {
    Ok(svc::find(&s.app, &desk.commune, key).await?)
}

/// `GET /communes/{slug}/admin/commitments/{key}`.
pub async fn page(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    let c = find(&s, &desk, &key).await?;
    Ok(commitment_page(&s, &desk, &c, Refused::Nothing))
}

/// `POST /communes/{slug}/admin/commitments/{key}`: the whole commitment again.
pub async fn edit(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let c = find(&s, &desk, &key).await?;
    let place = Place::of(&desk.commune);
    let draft = match draft_of(desk.lang, &place, &form, Some(&c)) {
        Ok(d) => d,
        Err(errors) => {
            return Ok(commitment_page(
                &s,
                &desk,
                &c,
                Refused::Edit(&form, &errors),
            ));
        }
    };
    match svc::change(&s.app, &desk.commune, &key, Change::Edit(draft)).await {
        Ok(_) => {
            tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, %key, "commitment edited from the staff area");
            Ok(redirect(&s, &desk, &key))
        }
        Err(ServiceError::Invalid(i)) => {
            let errors = vec![(field_of(&i), message(desk.lang, &place, &i, None))];
            Ok(commitment_page(
                &s,
                &desk,
                &c,
                Refused::Edit(&form, &errors),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /communes/{slug}/admin/commitments/{key}/status`.
pub async fn change_status(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let place = Place::of(&desk.commune);
    let status = match Status::parse(form.get("status").map_or("", String::as_str)) {
        Ok(st) => st,
        Err(i) => {
            let c = find(&s, &desk, &key).await?;
            let errors = vec![("status".into(), message(desk.lang, &place, &i, None))];
            return Ok(commitment_page(&s, &desk, &c, Refused::Status(&errors)));
        }
    };
    svc::change(&s.app, &desk.commune, &key, Change::Status(status)).await?;
    tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, %key, status = status.as_str(), "commitment status changed from the staff area");
    Ok(redirect(&s, &desk, &key))
}

/// `POST /communes/{slug}/admin/commitments/{key}/milestones/{id}/done`.
pub async fn milestone_done(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key, id)): Path<(String, String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let milestone_id: i32 = id.parse().map_err(|_| PageError::not_found())?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let mut errors = Errors::new();
    let done_on = dom::date("done_on", get("done_on"))
        .map_err(|i| errors.push(("done_on".into(), message(lang, &place, &i, None))))
        .ok();
    let evidence_url = dom::evidence(get("evidence_url"))
        .map_err(|i| errors.push(("evidence_url".into(), message(lang, &place, &i, None))))
        .ok();
    let (Some(done_on), Some(evidence_url)) = (done_on, evidence_url) else {
        return done_refused(&s, &desk, &key, milestone_id, &form, &errors).await;
    };
    let change = Change::MilestoneDone {
        milestone_id,
        done_on,
        evidence_url,
    };
    match svc::change(&s.app, &desk.commune, &key, change).await {
        Ok(_) => {
            tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, %key, milestone = milestone_id, "milestone marked done from the staff area");
            Ok(redirect(&s, &desk, &key))
        }
        Err(ServiceError::Invalid(i)) => {
            let field = if i.field == "evidence_url" {
                "evidence_url"
            } else {
                "done_on"
            };
            let errors = vec![(field.to_string(), message(lang, &place, &i, None))];
            done_refused(&s, &desk, &key, milestone_id, &form, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The page again with the "done" form of a milestone refused (404 if it is not one of the
/// commitment's).
async fn done_refused(
    s: &WebState,
    desk: &Desk,
    key: &str,
    milestone_id: i32,
    form: &Fields,
    errors: &Errors,
) -> Answer {
    let c = find(s, desk, key).await?;
    if !c.milestones.iter().any(|m| m.id == milestone_id) {
        return Err(PageError::not_found());
    }
    Ok(commitment_page(
        s,
        desk,
        &c,
        Refused::Done(milestone_id, form, errors),
    ))
}

/// `POST /communes/{slug}/admin/commitments/{key}/notes`.
pub async fn add_note(
    State(s): State<WebState>,
    desk: Desk,
    Path((_, key)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let mut errors = Errors::new();
    let written_on = dom::date("written_on", get("written_on"))
        .map_err(|i| errors.push(("written_on".into(), message(lang, &place, &i, None))))
        .ok();
    if let Err(i) = dom::note_text(get("text")) {
        errors.push(("text".into(), message(lang, &place, &i, None)));
    }
    let author = Some(get("author").trim())
        .filter(|a| !a.is_empty())
        .map(|a| a.chars().take(200).collect::<String>());
    let outcome = match written_on {
        Some(written_on) if errors.is_empty() => {
            let change = Change::Note {
                written_on,
                text: get("text").to_string(),
                author,
            };
            match svc::change(&s.app, &desk.commune, &key, change).await {
                Ok(_) => None,
                Err(ServiceError::Invalid(i)) => {
                    let field = if i.field == "written_on" {
                        "written_on"
                    } else {
                        "text"
                    };
                    Some(vec![(field.to_string(), message(lang, &place, &i, None))])
                }
                Err(e) => return Err(e.into()),
            }
        }
        _ => Some(errors),
    };
    match outcome {
        None => {
            tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, %key, "progress note added from the staff area");
            Ok(redirect(&s, &desk, &key))
        }
        Some(errors) => {
            let c = find(&s, &desk, &key).await?;
            Ok(commitment_page(
                &s,
                &desk,
                &c,
                Refused::Note(&form, &errors),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            country: crate::domain::commune::Country::SN,
            tz: chrono_tz::Africa::Dakar,
        }
    }

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn good() -> Fields {
        form(&[
            ("title", "Publier les budgets"),
            ("problem", "Les comptes ne sont pas lus"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("status", "limited"),
            ("milestone_title_0", "Budget en ligne"),
            ("milestone_due_0", "2026-06-30"),
            ("milestone_title_1", ""),
            ("milestone_due_1", ""),
            ("milestone_title_2", "Rapport"),
            ("milestone_due_2", "2026-03-31"),
        ])
    }

    #[test]
    fn a_form_becomes_a_draft_blank_rows_skipped() {
        let d = draft_of(Lang::Fr, &place(), &good(), None).unwrap();
        assert_eq!(d.status, Status::Limited);
        let titles: Vec<&str> = d.milestones.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(titles, ["Rapport", "Budget en ligne"]);
    }

    #[test]
    fn every_refused_field_is_named_in_the_form() {
        let mut f = good();
        f.insert("title".into(), " ".into());
        f.insert("ends_on".into(), "2025-12-31".into());
        f.insert("milestone_title_2".into(), "".into());
        let e = draft_of(Lang::Fr, &place(), &f, None).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["title", "ends_on", "milestone_title_2"]);
        assert_eq!(e[1].1, Lang::Fr.t("commitment-error-end-before-start"));

        let mut f = good();
        f.insert("milestone_due_0".into(), "2027-02-01".into());
        f.insert("milestone_due_2".into(), "31/03/2026".into());
        let e = draft_of(Lang::Pt, &place(), &f, None).unwrap_err();
        assert_eq!(e[0].0, "milestone_due_0");
        assert!(e[0].1.contains("2026"), "{}", e[0].1);
        assert_eq!(
            e[1],
            (
                "milestone_due_2".into(),
                Lang::Pt.t("commitment-error-date")
            )
        );
    }

    #[test]
    fn an_edit_keeps_what_is_stored_of_a_done_milestone() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let now = chrono::NaiveDateTime::default();
        let c = Commitment {
            id: 1,
            commune_id: 1,
            key: "k".into(),
            title: "t".into(),
            problem: String::new(),
            description: String::new(),
            lead: String::new(),
            partners: String::new(),
            starts_on: d("2026-01-01"),
            ends_on: d("2026-12-31"),
            status: Status::Limited,
            published_at: now,
            updated_at: now,
            milestones: vec![crate::domain::commitment::Milestone {
                id: 7,
                title: "Budget en ligne".into(),
                due_on: d("2026-06-30"),
                done_on: Some(d("2026-06-01")),
                evidence_url: Some("https://example.org/b".into()),
            }],
            notes: Vec::new(),
        };
        let mut f = values_of(&c);
        f.insert("milestone_title_0".into(), "Budget 2026 en ligne".into());
        let draft = draft_of(Lang::Fr, &place(), &f, Some(&c)).unwrap();
        assert_eq!(draft.milestones[0].title, "Budget 2026 en ligne");
        assert_eq!(draft.milestones[0].done_on, Some(d("2026-06-01")));
        assert_eq!(
            draft.milestones[0].evidence_url.as_deref(),
            Some("https://example.org/b")
        );
        // A row naming a milestone of another commitment keeps nothing.
        f.insert("milestone_id_0".into(), "8".into());
        let draft = draft_of(Lang::Fr, &place(), &f, Some(&c)).unwrap();
        assert_eq!(draft.milestones[0].done_on, None);
    }

    /// Each refusal the domain and the service make has its own message in every language.
    #[test]
    fn every_refusal_has_its_message() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (start, end) = (d("2026-01-01"), d("2026-12-31"));
        let input = |title: &str, starts: &str, ends: &str, status: Option<&str>| CommitmentInput {
            title: title.into(),
            problem: String::new(),
            description: String::new(),
            lead: String::new(),
            partners: String::new(),
            starts_on: starts.into(),
            ends_on: ends.into(),
            status: status.map(str::to_string),
            milestones: Vec::new(),
        };
        let milestone = |title: &str, due: &str| MilestoneInput {
            title: title.into(),
            due_on: due.into(),
            done_on: None,
            evidence_url: None,
        };
        let mut many = input("t", "2026-01-01", "2026-12-31", None);
        many.milestones = (0..=MAX_MILESTONES)
            .map(|_| milestone("m", "2026-02-01"))
            .collect();
        let cases: Vec<(Invalid, &str)> = vec![
            (
                CommitmentDraft::parse(&input(" ", "2026-01-01", "2026-12-31", None)).unwrap_err(),
                "commitment-error-title-empty",
            ),
            (
                CommitmentDraft::parse(&input(
                    &"x".repeat(MAX_TITLE + 1),
                    "2026-01-01",
                    "2026-12-31",
                    None,
                ))
                .unwrap_err(),
                "commitment-error-too-long",
            ),
            (
                CommitmentDraft::parse(&input("t", "2026-13-01", "2026-12-31", None)).unwrap_err(),
                "commitment-error-date",
            ),
            (
                CommitmentDraft::parse(&input("t", "2026-01-01", "2025-12-31", None)).unwrap_err(),
                "commitment-error-end-before-start",
            ),
            (
                CommitmentDraft::parse(&input("t", "2026-01-01", "2026-12-31", Some("done")))
                    .unwrap_err(),
                "commitment-error-status",
            ),
            (
                CommitmentDraft::parse(&many).unwrap_err(),
                "commitment-error-too-many",
            ),
            (
                MilestoneDraft::parse(&milestone("", "2026-02-01"), start, end).unwrap_err(),
                "commitment-error-milestone-title-empty",
            ),
            (
                MilestoneDraft::parse(&milestone("m", "2027-02-01"), start, end).unwrap_err(),
                "commitment-error-due-outside",
            ),
            (
                MilestoneDraft::parse(
                    &MilestoneInput {
                        done_on: Some("2025-06-01".into()),
                        ..milestone("m", "2026-02-01")
                    },
                    start,
                    end,
                )
                .unwrap_err(),
                "commitment-error-done-before-start",
            ),
            (
                dom::evidence("javascript:alert(1)").unwrap_err(),
                "commitment-error-evidence",
            ),
            (
                dom::evidence("pas une adresse").unwrap_err(),
                "commitment-error-evidence",
            ),
            (
                dom::note_text("  ").unwrap_err(),
                "commitment-error-note-empty",
            ),
        ];
        for lang in Lang::ALL {
            let other = lang.t("commitment-error-other");
            for (i, key) in &cases {
                let m = message(lang, &place(), i, Some((start, end)));
                assert_ne!(m, other, "{lang:?} {i:?}");
                assert!(!m.contains("commitment-"), "{lang:?} {key}: {m}");
                let args = [
                    ("max", FluentValue::from(number_in(&i.message).unwrap_or(0))),
                    ("start", place().date(lang, start).into()),
                    ("end", place().date(lang, end).into()),
                ];
                assert_eq!(m, lang.t_args(key, &args), "{lang:?} {i:?}");
            }
            assert!(message(lang, &place(), &cases[1].0, None).contains(&MAX_TITLE.to_string()));
            for f in FIELDS {
                let t = lang.t(&format!("commitment-admin-field-{f}"));
                assert!(!t.contains("commitment-admin"), "{lang:?} {f}");
            }
            for k in [
                "commitment-admin-new-link",
                "commitment-admin-public-link",
                "commitment-admin-none",
                "commitment-admin-new-title",
                "commitment-admin-edit-title",
                "commitment-admin-milestones",
                "commitment-admin-milestones-help",
                "commitment-admin-create",
                "commitment-admin-save",
                "commitment-admin-status-title",
                "commitment-admin-status-new",
                "commitment-admin-status-save",
                "commitment-admin-done-on",
                "commitment-admin-evidence",
                "commitment-admin-mark-done",
                "commitment-admin-correct-done",
                "commitment-admin-note-date",
                "commitment-admin-note-text",
                "commitment-admin-note-author",
                "commitment-admin-note-add",
                "commitment-error-summary",
                "commitment-error-required",
                "commitment-error-due-outside-period",
            ] {
                let t = lang.t(k);
                assert!(!t.is_empty() && !t.contains("commitment-"), "{lang:?} {k}");
            }
        }
    }
}
