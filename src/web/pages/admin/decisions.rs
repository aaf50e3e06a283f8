//! Publishing, editing and withdrawing decisions with a form: the same validation as the JSON
//! API (`DecisionDraft::parse`), errors shown next to their field, and a preview of the
//! Markdown body rendered by the server (no script needed).

use super::{action_button, see_other, Answer, Desk, Fields};
use crate::domain::decision::{
    check_pdf, Decision, DecisionDraft, DecisionInput, DecisionKind, DecisionStatus,
    VoteCountsInput, MAX_ATTACHMENTS,
};
use crate::domain::staff::Role;
use crate::service::decisions::Upload;
use crate::service::ServiceError;
use crate::web::pages::flash::Flash;
use crate::web::pages::{error_page, PageError};
use crate::web::WebState;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup, PreEscaped};

/// How many files of the largest size one submission of the form may carry together. Each
/// upload is held in memory while the form is read, so the whole body is bounded too; more
/// documents are added by editing the decision.
const FILES_PER_SUBMISSION: usize = 4;

/// The body limit of the decision form.
pub fn form_body_limit(max_attachment_bytes: usize) -> usize {
    max_attachment_bytes * FILES_PER_SUBMISSION + 64 * 1024
}

/// What the decision form shows: its values, the first bad field (and its message when it is
/// not the field's usual one), and a preview of the body.
#[derive(Default)]
struct FormView<'a> {
    values: Option<&'a Fields>,
    error: Option<&'a str>,
    message: Option<String>,
    preview: Option<String>,
}

impl FormView<'_> {
    /// The form for a new decision when `key` is None, else for an edit of that decision.
    fn render(&self, desk: &Desk, max_mb: usize, key: Option<&str>) -> Markup {
        let lang = desk.lang;
        let action = match key {
            None => desk.path("/decisions/new"),
            Some(k) => desk.path(&format!("/decisions/{k}/edit")),
        };
        let submit = lang.t(if key.is_some() {
            "admin-save"
        } else {
            "admin-publish"
        });
        let error = self.error;
        let currency = desk.commune.country.currency();
        let v = |k: &str| {
            self.values
                .and_then(|f| f.get(k))
                .map(String::as_str)
                .unwrap_or("")
        };
        let field_error = |k: &str| -> Option<String> {
            (error == Some(k) || (k == "votes" && error.is_some_and(|e| e.starts_with("votes"))))
                .then(|| {
                    self.message
                        .clone()
                        .unwrap_or_else(|| lang.t(&format!("invalid-{k}")))
                })
        };
        let files_error = match error {
            Some("attachment") => {
                Some(lang.t_args("invalid-attachment", &[("mb", (max_mb as i64).into())]))
            }
            Some("attachments") => Some(lang.t_args(
                "invalid-attachments",
                &[("max", (MAX_ATTACHMENTS as i64).into())],
            )),
            _ => None,
        };
        let text_field = |name: &str, label: &str, kind: &str, max: usize| {
            let err = field_error(name);
            html! {
                label for=(name) { (label) }
                input id=(name) name=(name) type=(kind) value=(v(name)) maxlength=(max) aria-invalid=[err.as_ref().map(|_| "true")] aria-describedby=[err.as_ref().map(|_| format!("{name}-error"))];
                @if let Some(e) = err { p.error id={ (name) "-error" } role="alert" { strong { (e) } } }
            }
        };
        html! {
            @if error.is_some() { p role="alert" { strong { (lang.t("form-errors")) } } }
            form method="post" action=(action) enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(desk.csrf);
                (text_field("reference", &lang.t("field-reference"), "text", 64))
                label for="kind" { (lang.t("field-kind")) }
                select #kind name="kind" {
                    @for k in DecisionKind::ALL { option value=(k.as_str()) selected[v("kind") == k.as_str()] { (k.label(lang.code())) } }
                }
                (text_field("title", &lang.t("field-title"), "text", 200))
                (text_field("summary", &lang.t("field-summary"), "text", 1000))
                label for="body" { (lang.t("field-body")) }
                p.muted #body-help { (lang.t("field-body-help")) }
                textarea #body name="body" rows="10" style="width:100%" aria-describedby="body-help" { (v("body")) }
                @if let Some(e) = field_error("body") { p role="alert" { strong { (e) } } }
                p { button type="submit" name="action" value="preview" { (lang.t("admin-preview")) } }
                @if let Some(p) = &self.preview {
                    section.box #preview aria-labelledby="preview-title" {
                        h2 #preview-title { (lang.t("admin-preview")) }
                        @if p.is_empty() { p.muted { (lang.t("admin-preview-empty")) } }
                        div lang=(v("language")) { (PreEscaped(p)) }
                        p.muted { (lang.t("admin-preview-file")) }
                    }
                }
                (text_field("session_date", &lang.t("field-session-date"), "date", 10))
                label for="status" { (lang.t("field-status")) }
                select #status name="status" {
                    @for st in DecisionStatus::ALL { option value=(st.as_str()) selected[v("status") == st.as_str()] { (st.label(lang.code())) } }
                }
                fieldset {
                    legend { (lang.t("decision-votes")) }
                    @for (k, key) in [("votes_yes", "vote-yes"), ("votes_no", "vote-no"), ("votes_abstain", "vote-abstain"), ("votes_absent", "vote-absent")] {
                        label for=(k) { (lang.t(key)) }
                        input id=(k) name=(k) type="number" min="0" max="100000" value=(v(k));
                    }
                    @if let Some(e) = field_error("votes") { p role="alert" { strong { (e) } } }
                }
                (text_field("themes", &lang.t("field-themes"), "text", 400))
                (text_field("amount", &lang.t_args("field-amount", &[("currency", currency.into())]), "text", 24))
                label for="language" { (lang.t("field-language")) }
                select #language name="language" {
                    @for l in crate::domain::commune::LANGUAGES { option value=(l) selected[v("language") == *l || (v("language").is_empty() && *l == "fr")] { (lang.language_name(l)) } }
                }
                label for="attachment" { (lang.t_args("field-attachment", &[("mb", (max_mb as i64).into()), ("max", (MAX_ATTACHMENTS as i64).into())])) }
                input #attachment name="attachment" type="file" multiple accept="application/pdf,.pdf" aria-invalid=[files_error.as_ref().map(|_| "true")] aria-describedby=[files_error.as_ref().map(|_| "attachment-error")];
                @if let Some(e) = &files_error { p #attachment-error role="alert" { strong { (e) } } }
                p { button type="submit" name="action" value="save" { (submit) } }
            }
        }
    }
}

/// The page around the form: new decision, or edit with the withdraw button below.
fn form_page(s: &WebState, desk: &Desk, key: Option<&str>, view: FormView) -> Response {
    let lang = desk.lang;
    let max_mb = s.app.config.max_attachment_mb;
    let status = if view.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    match key {
        None => {
            let title = lang.t("admin-new-decision");
            let main = html! { h1 { (title) } (view.render(desk, max_mb, None)) };
            desk.page(&title, "/decisions/new", status, main)
        }
        Some(key) => {
            let title = lang.t("admin-edit-decision");
            let main = html! {
                h1 { (title) }
                (view.render(desk, max_mb, Some(key)))
                h2 { (lang.t("admin-withdraw")) }
                p { (lang.t("admin-withdraw-explain")) }
                (action_button(&desk.path(&format!("/decisions/{key}/withdraw")), &desk.csrf, None, &lang.t("admin-withdraw"), None))
            };
            desk.page(&title, &format!("/decisions/{key}/edit"), status, main)
        }
    }
}

/// The decision a form describes, with its PDFs checked, or the first bad field. The service
/// checks the files again (and how many the decision already has) when it writes.
fn parse_form(
    form: &Fields,
    files: &[Upload],
    max_bytes: usize,
) -> Result<DecisionDraft, &'static str> {
    let draft =
        input_from_form(form).and_then(|i| DecisionDraft::parse(&i).map_err(|e| e.field))?;
    if files.len() > MAX_ATTACHMENTS {
        return Err("attachments");
    }
    for f in files {
        check_pdf(&f.bytes, max_bytes).map_err(|e| e.field)?;
    }
    Ok(draft)
}

fn input_from_form(f: &Fields) -> Result<DecisionInput, &'static str> {
    let get = |k: &str| {
        f.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let num = |k: &str| -> Result<Option<i64>, &'static str> {
        get(k)
            .map(|v| v.parse::<i64>().map_err(|_| "votes"))
            .transpose()
    };
    // Amounts are typed as people write them, with spaces between thousands; nothing else.
    let amount = get("amount")
        .map(|v| {
            let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
            digits.parse::<i64>().map_err(|_| "amount")
        })
        .transpose()?;
    let votes = [
        num("votes_yes")?,
        num("votes_no")?,
        num("votes_abstain")?,
        num("votes_absent")?,
    ];
    Ok(DecisionInput {
        reference: get("reference"),
        kind: get("kind"),
        title: get("title"),
        summary: get("summary"),
        body: f.get("body").cloned(),
        session_date: get("session_date"),
        status: get("status"),
        votes: votes.iter().any(Option::is_some).then(|| VoteCountsInput {
            yes: votes[0],
            no: votes[1],
            abstain: votes[2],
            absent: votes[3],
        }),
        themes: get("themes").map(|t| {
            t.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        }),
        language: get("language"),
        amount,
    })
}

fn fields_of(d: &Decision) -> Fields {
    let mut f = Fields::new();
    for (k, v) in [
        ("reference", d.reference.clone()),
        ("kind", d.kind.as_str().to_string()),
        ("title", d.title.clone()),
        ("summary", d.summary.clone()),
        ("body", d.body_markdown.clone()),
        (
            "session_date",
            d.session_date.format("%Y-%m-%d").to_string(),
        ),
        ("status", d.status.as_str().to_string()),
        ("themes", d.themes.join(", ")),
        ("language", d.language.clone()),
        (
            "amount",
            d.amount.map(|a| a.to_string()).unwrap_or_default(),
        ),
    ] {
        f.insert(k.to_string(), v);
    }
    if let Some(v) = d.votes {
        for (k, n) in [
            ("votes_yes", v.yes),
            ("votes_no", v.no),
            ("votes_abstain", v.abstain),
            ("votes_absent", v.absent),
        ] {
            f.insert(k.to_string(), n.to_string());
        }
    }
    f
}

/// Reads the multipart decision form: its text fields, and the PDFs (none, one or several).
async fn read_multipart(mut multipart: Multipart) -> Result<(Fields, Vec<Upload>), ()> {
    let mut fields = Fields::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachment" {
            let filename = field.file_name().unwrap_or("document.pdf").to_string();
            let bytes = field.bytes().await.map_err(|_| ())?;
            // A browser sends an empty part when no file was chosen.
            if !bytes.is_empty() {
                files.push(Upload {
                    filename,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let value = field.text().await.map_err(|_| ())?;
            fields.insert(name, value);
        }
    }
    Ok((fields, files))
}

/// The decision form's fields and PDFs, once the body's size, the CSRF token and the role pass.
async fn checked_form(
    s: &WebState,
    desk: &Desk,
    multipart: Multipart,
) -> Result<(Fields, Vec<Upload>), Response> {
    let lang = desk.lang;
    let Ok((form, file)) = read_multipart(multipart).await else {
        // The body limit cuts oversized uploads short; nothing has been stored.
        tracing::warn!(commune = %desk.commune.slug, "decision form refused: unreadable or too large");
        let mb = s.app.config.max_attachment_mb;
        return Err(error_page(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            &lang.t_args(
                "invalid-attachments-total",
                &[
                    ("mb", (mb as i64).into()),
                    ("total", ((mb * FILES_PER_SUBMISSION) as i64).into()),
                ],
            ),
        ));
    };
    desk.check_csrf(&form)?;
    desk.allow(Role::can_publish)?;
    Ok((form, file))
}

/// The form again with the rendered body, when the staff member asked for a preview. Nothing is
/// stored.
fn preview(s: &WebState, desk: &Desk, key: Option<&str>, form: &Fields) -> Response {
    let body = form.get("body").map(String::as_str).unwrap_or("");
    let view = FormView {
        values: Some(form),
        error: None,
        message: None,
        preview: Some(crate::domain::markdown::to_safe_html(body)),
    };
    form_page(s, desk, key, view)
}

fn wants_preview(form: &Fields) -> bool {
    form.get("action").map(String::as_str) == Some("preview")
}

/// The draft a posted form describes, or the form again with its first bad field marked.
fn draft_of(
    s: &WebState,
    desk: &Desk,
    key: Option<&str>,
    form: &Fields,
    files: &[Upload],
) -> Result<DecisionDraft, Response> {
    parse_form(form, files, s.app.config.max_attachment_bytes())
        .map_err(|field| refused_field(s, desk, key, form, field, None))
}

/// The form again, with `field` marked.
fn refused_field(
    s: &WebState,
    desk: &Desk,
    key: Option<&str>,
    form: &Fields,
    field: &str,
    message: Option<String>,
) -> Response {
    let view = FormView {
        values: Some(form),
        error: Some(field.split('.').next().unwrap_or(field)),
        message,
        preview: None,
    };
    form_page(s, desk, key, view)
}

/// A refusal of the service that names a field of the form (a reference already used, too
/// many documents) shows the form again with that field marked; anything else is an error
/// page.
fn refused(
    s: &WebState,
    desk: &Desk,
    key: Option<&str>,
    form: &Fields,
    e: ServiceError,
) -> PageError {
    let lang = desk.lang;
    match e {
        ServiceError::Taken { field } => {
            let message = lang.t(&format!("invalid-{field}-taken"));
            refused_field(s, desk, key, form, field, Some(message)).into()
        }
        ServiceError::Invalid(i) => refused_field(s, desk, key, form, i.field, None).into(),
        other => other.into(),
    }
}

pub async fn new_page(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    Ok(form_page(&s, &desk, None, FormView::default()))
}

pub async fn create(State(s): State<WebState>, desk: Desk, multipart: Multipart) -> Answer {
    let (form, files) = checked_form(&s, &desk, multipart).await?;
    if wants_preview(&form) {
        return Ok(preview(&s, &desk, None, &form));
    }
    // Everything is checked before anything is stored, the PDFs included; then the decision
    // and its files are published together (one transaction, one Create), or not at all.
    let draft = draft_of(&s, &desk, None, &form, &files)?;
    let c = &desk.commune;
    let count = files.len();
    let d = crate::service::decisions::create(&s.app, c, draft, files)
        .await
        .map_err(|e| refused(&s, &desk, None, &form, e))?;
    tracing::info!(staff = %desk.staff.username, decision = %d.key, files = count, "decision published from the form");
    Ok(done(
        &s,
        s.app.urls.decision(&c.slug, &d.key).path(),
        Flash::Published,
    ))
}

/// The redirect to the decision's page, which then says what was done.
fn done(s: &WebState, location: &str, flash: Flash) -> Response {
    let mut r = see_other(location);
    crate::web::pages::flash::set(&mut r, !s.app.config.dev, flash);
    r
}

/// The decision of the path, if it is live.
async fn editable(s: &WebState, desk: &Desk, key: &str) -> Result<Decision, PageError> {
    let d = crate::service::decisions::find(&s.app, &desk.commune, key).await?;
    if d.withdrawn_at.is_some() {
        return Err(PageError::status(StatusCode::GONE, "decision-withdrawn"));
    }
    Ok(d)
}

pub async fn edit_page(
    State(s): State<WebState>,
    Path((_, key)): Path<(String, String)>,
    desk: Desk,
) -> Answer {
    desk.allow(Role::can_publish)?;
    let values = fields_of(&editable(&s, &desk, &key).await?);
    let view = FormView {
        values: Some(&values),
        ..FormView::default()
    };
    Ok(form_page(&s, &desk, Some(&key), view))
}

pub async fn update(
    State(s): State<WebState>,
    Path((_, key)): Path<(String, String)>,
    desk: Desk,
    multipart: Multipart,
) -> Answer {
    let (form, files) = checked_form(&s, &desk, multipart).await?;
    editable(&s, &desk, &key).await?;
    if wants_preview(&form) {
        return Ok(preview(&s, &desk, Some(&key), &form));
    }
    let draft = draft_of(&s, &desk, Some(&key), &form, &files)?;
    let c = &desk.commune;
    let count = files.len();
    crate::service::decisions::update(&s.app, c, &key, draft, files)
        .await
        .map_err(|e| refused(&s, &desk, Some(&key), &form, e))?;
    tracing::info!(staff = %desk.staff.username, decision = %key, files = count, "decision updated from the form");
    Ok(done(
        &s,
        s.app.urls.decision(&c.slug, &key).path(),
        Flash::Updated,
    ))
}

pub async fn withdraw(
    State(s): State<WebState>,
    Path((_, key)): Path<(String, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    editable(&s, &desk, &key).await?;
    crate::service::decisions::withdraw(&s.app, &desk.commune, &key).await?;
    tracing::info!(staff = %desk.staff.username, decision = %key, "decision withdrawn from the form");
    Ok(done(
        &s,
        s.app.urls.decision(&desk.commune.slug, &key).path(),
        Flash::Withdrawn,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_vote_count_names_the_votes_field() {
        let mut f = Fields::new();
        f.insert("votes_yes".into(), "douze".into());
        assert_eq!(input_from_form(&f).err(), Some("votes"));
    }

    #[test]
    fn empty_fields_are_absent_not_empty() {
        let mut f = Fields::new();
        f.insert("title".into(), "   ".into());
        let input = input_from_form(&f).unwrap();
        assert!(input.title.is_none());
        assert!(input.votes.is_none());
    }
}
