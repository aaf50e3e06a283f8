//! The staff's budgets: import a CSV (preview of totals, then confirm) and correct lines.
//!
//! An import is two steps. The upload reads the whole file (`budget_csv::parse`): with an
//! error, the form comes back listing every one and nothing is stored anywhere; without, the
//! bytes are stored content-addressed (`service::media`, as decision PDFs are) and the preview
//! shows the totals with a Confirm form naming the file by its SHA-256. Confirming reads the
//! stored bytes back, parses them again (the form is not trusted) and imports them in one
//! transaction (`service::budgets::import`). A stored file without a report is harmless, and
//! nothing serves it (`/media/` serves only attachments and logos).
//!
//! A correction changes one line of the latest report (label, source, amounts), checked as the
//! CSV reader checks a line; the service publishes the `Update` in the same transaction.
//! Editors and admins only.

use super::{notice, see_other, Answer, Desk, Fields};
use crate::domain::budget::{Amounts, Direction, Document, Line, StoredLine, Summary, Totals};
use crate::domain::budget_csv::{self, CsvError, Parsed, Problem};
use crate::domain::staff::Role;
use crate::protocol::budget::rate_text;
use crate::service::budgets::{self as svc, BudgetView};
use crate::service::ServiceError;
use crate::web::format::Place;
use crate::web::i18n::Lang;
use crate::web::pages::flash::{self, Flash};
use crate::web::pages::{error_page, PageError};
use crate::web::WebState;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use maud::{html, Markup};
use sha2::Digest;

/// The body limit of the upload: the reader's own limit and room for the form around it.
pub const UPLOAD_LIMIT: usize = budget_csv::MAX_BYTES + 64 * 1024;

/// Lines per page of a year's table.
const PER_PAGE: usize = 100;

/// The amount fields of the correction form, named after the template's columns (the names
/// the service's errors use).
const AMOUNT_FIELDS: [&str; 6] = [
    "prevision_initiale",
    "modifications",
    "prevision_definitive",
    "engage",
    "emis_mandate",
    "recouvre_paye",
];

/// The staff area's budget routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/communes/{slug}/admin/budgets", get(list))
        .route(
            "/communes/{slug}/admin/budgets/import",
            get(import_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/communes/{slug}/admin/budgets/confirm", post(confirm))
        .route("/communes/{slug}/admin/budgets/{year}", get(lines))
        .route(
            "/communes/{slug}/admin/budgets/{year}/lines/{id}",
            get(line_page).post(correct),
        )
}

fn year_of(year: &str) -> Result<i32, PageError> {
    year.parse()
        .ok()
        .filter(|y| (1960..=2200).contains(y))
        .ok_or_else(PageError::not_found)
}

fn document_name(lang: Lang, d: Document) -> String {
    lang.t(&format!(
        "budget-admin-document-{}",
        d.code().to_ascii_lowercase()
    ))
}

fn direction_name(lang: Lang, d: Direction) -> String {
    lang.t(&format!("budget-direction-{}", d.code()))
}

fn section_name(lang: Lang, s: crate::domain::budget::Section) -> String {
    lang.t(&format!("budget-section-{}", s.code()))
}

/// An amount, or "not known".
fn amount(lang: Lang, place: &Place, v: Option<i64>) -> Markup {
    html! {
        @match v {
            Some(v) => (place.amount(lang, v)),
            None => span.muted { (lang.t("budget-rate-unknown")) },
        }
    }
}

fn codes_of(l: &Line) -> String {
    [&l.codes.chapter, &l.codes.article, &l.codes.paragraph]
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn redirect(s: &WebState, location: &str) -> Response {
    let mut r = see_other(location);
    flash::set(&mut r, !s.app.config.dev, Flash::Updated);
    r
}

// ---------------------------------------------------------------- the years

/// `GET /communes/{slug}/admin/budgets`: the years, each with its reports.
pub async fn list(State(s): State<WebState>, desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let years = svc::list(&s.app, &desk.commune).await?;
    let title = lang.t("admin-budgets");
    let main = html! {
        h1 { (title) }
        p { a href=(desk.path("/budgets/import")) { (lang.t("budget-admin-import-link")) } }
        @if years.is_empty() { p.muted { (lang.t("budget-admin-none")) } }
        @for b in &years {
            section {
                h2 { (lang.t_args("budget-admin-year", &[("year", FluentValue::from(b.year))])) }
                ul.items {
                    @for r in b.reports.iter().rev() {
                        li { (lang.t_args("budget-admin-report", &[
                            ("date", place.date(lang, r.situation_on).into()),
                            ("imported", place.datetime(lang, r.imported_at).into()),
                        ])) }
                    }
                }
                p {
                    a href=(desk.path(&format!("/budgets/{}", b.year))) { (lang.t("budget-admin-lines-link")) }
                    " · "
                    a href=(s.app.urls.budget(&desk.commune.slug, b.year).path()) { (lang.t("budget-admin-public-link")) }
                }
            }
        }
    };
    Ok(desk.page(&title, "/budgets", StatusCode::OK, main))
}

// ---------------------------------------------------------------- the import form

/// What the import form shows: the situation date typed, and why it came back.
#[derive(Default)]
struct ImportForm<'a> {
    situation: Option<&'a str>,
    /// A message about the whole upload (too large, unreadable).
    alert: Option<String>,
    file_error: Option<String>,
    situation_error: Option<String>,
    errors: &'a [CsvError],
}

fn import_form(desk: &Desk, view: ImportForm, status: StatusCode) -> Response {
    let lang = desk.lang;
    let today = desk
        .commune
        .local_date(crate::store::now())
        .format("%Y-%m-%d")
        .to_string();
    let situation = view.situation.map_or(today, str::to_string);
    let title = lang.t("budget-admin-import-title");
    let field_error = |id: &str, e: &Option<String>| {
        html! { @if let Some(e) = e { p.error id={ (id) "-error" } role="alert" { strong { (e) } } } }
    };
    let main = html! {
        p { a href=(desk.path("/budgets")) { (lang.t("admin-budgets")) } }
        h1 { (title) }
        (notice(view.alert.as_deref()))
        @if !view.errors.is_empty() {
            section aria-labelledby="csv-errors" {
                h2 #csv-errors role="alert" { (crate::l10n::csv_errors_summary(lang, view.errors.len())) }
                table {
                    thead { tr {
                        th scope="col" { (lang.t("budget-admin-error-line")) }
                        th scope="col" { (lang.t("budget-admin-error-column")) }
                        th scope="col" { (lang.t("budget-admin-error-problem")) }
                    } }
                    tbody {
                        @for e in view.errors {
                            tr {
                                td { @if e.line == 0 { (lang.t("budget-admin-whole-file")) } @else { (e.line) } }
                                td { @if let Some(c) = e.column { code { (c) } } }
                                td { (crate::l10n::csv_error(lang, e)) }
                            }
                        }
                    }
                }
            }
        }
        p { (lang.t("budget-admin-import-explain")) }
        form method="post" action=(desk.path("/budgets/import")) enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(desk.csrf);
            label for="file" { (lang.t("budget-admin-field-file")) }
            input #file name="file" type="file" accept=".csv,text/csv" required
                aria-invalid=[view.file_error.as_ref().map(|_| "true")]
                aria-describedby=[view.file_error.as_ref().map(|_| "file-error")];
            (field_error("file", &view.file_error))
            label for="situation" { (lang.t("budget-admin-field-situation")) }
            p.muted #situation-help { (lang.t("budget-admin-field-situation-help")) }
            input #situation name="situation" type="date" value=(situation) required
                aria-invalid=[view.situation_error.as_ref().map(|_| "true")]
                aria-describedby=(if view.situation_error.is_some() { "situation-help situation-error" } else { "situation-help" });
            (field_error("situation", &view.situation_error))
            p { button type="submit" { (lang.t("budget-admin-read")) } }
        }
        section.box aria-labelledby="template" {
            h2 #template { (lang.t("budget-admin-template")) }
            p { (lang.t("budget-admin-template-explain")) }
            pre { code { (budget_csv::COLUMNS.join(";")) } }
            h3 { (lang.t("budget-admin-columns")) }
            table {
                thead { tr {
                    th scope="col" { (lang.t("budget-admin-column")) }
                    th scope="col" { (lang.t("budget-admin-column-meaning")) }
                } }
                tbody {
                    @for c in budget_csv::COLUMNS {
                        tr {
                            th scope="row" { code { (c) } }
                            td { (lang.t(&format!("budget-admin-column-{c}"))) }
                        }
                    }
                }
            }
            p.muted { (lang.t("budget-admin-format-help")) }
        }
    };
    desk.page(&title, "/budgets/import", status, main)
}

/// `GET /communes/{slug}/admin/budgets/import`.
pub async fn import_page(desk: Desk) -> Answer {
    desk.allow(Role::can_publish)?;
    Ok(import_form(&desk, ImportForm::default(), StatusCode::OK))
}

/// The upload's text fields and its file (`None` when no file was chosen).
type Upload = (Fields, Option<Vec<u8>>);

/// Reads the multipart form; `Err` is the status of an unreadable body (413 past the limit).
async fn read_upload(mut multipart: Multipart) -> Result<Upload, StatusCode> {
    let mut fields = Fields::new();
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(e.status()),
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let bytes = field.bytes().await.map_err(|e| e.status())?;
            // A browser sends an empty part when no file was chosen.
            if !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
        } else {
            let value = field.text().await.map_err(|e| e.status())?;
            fields.insert(name, value);
        }
    }
    Ok((fields, file))
}

fn parse_date(value: Option<&String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value?.trim(), "%Y-%m-%d").ok()
}

/// The form again saying the file is over the reader's limit (the body was read whole).
fn too_large(desk: &Desk, situation: Option<&str>) -> Response {
    let view = ImportForm {
        situation,
        alert: Some(desk.lang.t("budget-csv-too-large")),
        ..ImportForm::default()
    };
    import_form(desk, view, StatusCode::PAYLOAD_TOO_LARGE)
}

/// `POST /communes/{slug}/admin/budgets/import`: the file read, then its errors or the preview.
pub async fn upload(State(s): State<WebState>, desk: Desk, multipart: Multipart) -> Answer {
    desk.allow(Role::can_publish)?;
    let lang = desk.lang;
    let (form, file) = match read_upload(multipart).await {
        Ok(read) => read,
        Err(status) => {
            // Nothing has been stored: the body was cut short before the file was complete.
            tracing::info!(commune = %desk.commune.slug, %status, "budget upload refused: unreadable or too large");
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                // A short page: the client may still be sending, and the connection closes
                // after it with the rest unread.
                return Ok(error_page(
                    lang,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &lang.t("budget-csv-too-large"),
                ));
            }
            let view = ImportForm {
                alert: Some(lang.t("budget-admin-form-unreadable")),
                ..ImportForm::default()
            };
            return Ok(import_form(&desk, view, StatusCode::BAD_REQUEST));
        }
    };
    desk.check_csrf(&form)?;
    let typed = form.get("situation").map(String::as_str);
    let situation = parse_date(form.get("situation"));
    let situation_error = situation
        .is_none()
        .then(|| lang.t("budget-admin-situation-invalid"));
    let Some(bytes) = file else {
        let view = ImportForm {
            situation: typed,
            file_error: Some(lang.t("budget-admin-file-required")),
            situation_error,
            ..ImportForm::default()
        };
        return Ok(import_form(&desk, view, StatusCode::UNPROCESSABLE_ENTITY));
    };
    if bytes.len() > budget_csv::MAX_BYTES {
        return Ok(too_large(&desk, typed));
    }
    let parsed = match budget_csv::parse(&bytes) {
        Ok(p) => p,
        Err(errors) => {
            tracing::info!(commune = %desk.commune.slug, errors = errors.len(), "budget upload refused");
            let view = ImportForm {
                situation: typed,
                situation_error,
                errors: &errors,
                ..ImportForm::default()
            };
            return Ok(import_form(&desk, view, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let Some(situation) = situation else {
        let view = ImportForm {
            situation: typed,
            situation_error,
            ..ImportForm::default()
        };
        return Ok(import_form(&desk, view, StatusCode::UNPROCESSABLE_ENTITY));
    };
    // The file read: kept under its hash until the staff member confirms (or forever unused,
    // which is harmless).
    let sha256 = crate::service::media::store(&s.app, &bytes).await?;
    let existing = svc::view(&s.app, &desk.commune, parsed.year).await?;
    tracing::info!(commune = %desk.commune.slug, year = parsed.year, lines = parsed.lines.len(), %sha256, "budget upload read, preview shown");
    Ok(preview(
        &desk,
        &parsed,
        situation,
        &sha256,
        existing.as_ref(),
    ))
}

/// One direction's totals, overall and per section.
fn side_table(desk: &Desk, place: &Place, summary: &Summary, d: Direction) -> Markup {
    let lang = desk.lang;
    let side = summary.side(d);
    let row = |name: Markup, t: &Totals| {
        html! {
            tr {
                th scope="row" { (name) }
                td { (amount(lang, place, t.final_forecast)) }
                td { (amount(lang, place, t.executed(d))) }
                td { (rate_text(lang, &desk.commune, t.rate(d))) }
            }
        }
    };
    let id = format!("side-{}", d.code());
    html! {
        h3 id=(id) { (direction_name(lang, d)) }
        table aria-labelledby=(id) {
            thead { tr {
                th scope="col" { (lang.t("budget-admin-section")) }
                th scope="col" { (lang.t("budget-admin-final-forecast")) }
                th scope="col" { (lang.t("budget-admin-executed")) }
                th scope="col" { (lang.t("budget-admin-rate")) }
            } }
            tbody {
                @for (section, t) in &side.sections {
                    (row(html! { (section_name(lang, *section)) }, t))
                }
                (row(html! { strong { (lang.t("budget-admin-total")) } }, &side.totals))
            }
        }
    }
}

/// The preview of a file read without error, with the Confirm form.
fn preview(
    desk: &Desk,
    parsed: &Parsed,
    situation: NaiveDate,
    sha256: &str,
    existing: Option<&BudgetView>,
) -> Response {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let summary = Summary::of(&parsed.lines);
    let year = FluentValue::from(parsed.year);
    let date = place.date(lang, situation);
    let mut documents: Vec<(Document, i64)> = Vec::new();
    for d in Document::ALL {
        let n = parsed.lines.iter().filter(|l| l.document == d).count() as i64;
        if n > 0 {
            documents.push((d, n));
        }
    }
    let what_happens = match existing {
        None => lang.t_args("budget-admin-preview-first", &[("year", year.clone())]),
        Some(v) => match v.reports.iter().find(|(r, _)| r.situation_on == situation) {
            Some((r, _)) => lang.t_args(
                "budget-admin-preview-replaces",
                &[
                    ("year", year.clone()),
                    ("date", date.clone().into()),
                    ("imported", place.datetime(lang, r.imported_at).into()),
                ],
            ),
            None => lang.t_args(
                "budget-admin-preview-adds",
                &[("year", year.clone()), ("date", date.clone().into())],
            ),
        },
    };
    let title = lang.t("budget-admin-preview-title");
    let main = html! {
        p { a href=(desk.path("/budgets")) { (lang.t("admin-budgets")) } }
        h1 { (title) }
        p { strong { (lang.t("budget-admin-preview-explain")) } }
        dl {
            dt { (lang.t("budget-admin-preview-year")) } dd { (parsed.year) }
            dt { (lang.t("budget-admin-preview-situation")) } dd { (date) }
            dt { (lang.t("budget-admin-preview-lines")) } dd { (parsed.lines.len()) }
            dt { (lang.t("budget-admin-preview-documents")) }
            dd {
                ul {
                    @for (d, n) in &documents {
                        li { (lang.t_args("budget-admin-document-lines", &[
                            ("name", document_name(lang, *d).into()),
                            ("code", d.code().into()),
                            ("count", (*n).into()),
                        ])) }
                    }
                }
            }
        }
        (side_table(desk, &place, &summary, Direction::Expenditure))
        (side_table(desk, &place, &summary, Direction::Revenue))
        p.muted { (lang.t("budget-admin-executed-note")) }
        p role="status" { strong { (what_happens) } }
        form method="post" action=(desk.path("/budgets/confirm")) {
            input type="hidden" name="csrf" value=(desk.csrf);
            input type="hidden" name="sha256" value=(sha256);
            input type="hidden" name="situation" value=(situation.format("%Y-%m-%d").to_string());
            p { button type="submit" { (lang.t("budget-admin-confirm")) } }
        }
        p { a href=(desk.path("/budgets/import")) { (lang.t("budget-admin-other-file")) } }
    };
    desk.page(&title, "/budgets/import", StatusCode::OK, main)
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `POST /communes/{slug}/admin/budgets/confirm`: the stored file read again and imported.
pub async fn confirm(State(s): State<WebState>, desk: Desk, Form(form): Form<Fields>) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let sha256 = form.get("sha256").map(String::as_str).unwrap_or("");
    if !is_sha256(sha256) {
        return Err(PageError::status(
            StatusCode::BAD_REQUEST,
            "budget-admin-bad-file",
        ));
    }
    let Some(situation) = parse_date(form.get("situation")) else {
        return Err(PageError::status(
            StatusCode::BAD_REQUEST,
            "budget-admin-situation-invalid",
        ));
    };
    let gone = || PageError::status(StatusCode::NOT_FOUND, "budget-admin-file-gone");
    let bytes = tokio::fs::read(s.app.config.media_dir.join(sha256))
        .await
        .map_err(|_| gone())?;
    // The name is the content's hash; a file that no longer matches it is not the one previewed.
    if hex::encode(sha2::Sha256::digest(&bytes)) != sha256 {
        tracing::warn!(%sha256, "stored budget file does not match its hash");
        return Err(gone());
    }
    let parsed = match budget_csv::parse(&bytes) {
        Ok(p) => p,
        Err(errors) => {
            let view = ImportForm {
                errors: &errors,
                ..ImportForm::default()
            };
            return Ok(import_form(&desk, view, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let (year, count) = (parsed.year, parsed.lines.len());
    let imported = svc::import(&s.app, &desk.commune, parsed, situation).await?;
    tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, year, lines = count, %situation, created = imported.created, "budget imported from the staff area");
    Ok(redirect(&s, &desk.path(&format!("/budgets/{year}"))))
}

// ---------------------------------------------------------------- a year's lines

#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// `GET /communes/{slug}/admin/budgets/{year}`: the latest report's lines, a page at a time.
pub async fn lines(
    State(s): State<WebState>,
    Path((_, year)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    desk: Desk,
) -> Answer {
    desk.allow(Role::can_publish)?;
    let year = year_of(&year)?;
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let view = svc::view(&s.app, &desk.commune, year)
        .await?
        .ok_or_else(PageError::not_found)?;
    let current = view.current();
    let pages = current.len().div_ceil(PER_PAGE).max(1);
    let page = q
        .page
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let shown = current.iter().skip((page - 1) * PER_PAGE).take(PER_PAGE);
    let here = |p: usize| {
        if p == 1 {
            format!("/budgets/{year}")
        } else {
            format!("/budgets/{year}?page={p}")
        }
    };
    let title = lang.t_args("budget-admin-lines-title", &[("year", year.into())]);
    let main = html! {
        p { a href=(desk.path("/budgets")) { (lang.t("admin-budgets")) } }
        h1 { (title) }
        @if let Some((report, _)) = view.reports.last() {
            p { (lang.t_args("budget-admin-lines-situation", &[
                ("date", place.date(lang, report.situation_on).into()),
                ("count", (current.len() as i64).into()),
            ])) }
        }
        p { a href=(s.app.urls.budget(&desk.commune.slug, year).path()) { (lang.t("budget-admin-public-link")) } }
        @if current.is_empty() { p.muted { (lang.t("budget-admin-no-lines")) } }
        @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("budget-admin-document")) }
                    th scope="col" { (lang.t("budget-admin-section")) }
                    th scope="col" { (lang.t("budget-admin-direction")) }
                    th scope="col" { (lang.t("budget-admin-codes")) }
                    th scope="col" { (lang.t("budget-admin-label")) }
                    th scope="col" { (lang.t("budget-admin-final-forecast")) }
                    th scope="col" { (lang.t("budget-admin-executed")) }
                    td {}
                } }
                tbody {
                    @for StoredLine { id, line: l } in shown {
                        @let codes = codes_of(l);
                        tr {
                            td { abbr title=(document_name(lang, l.document)) { (l.document.code()) } }
                            td { (section_name(lang, l.section)) }
                            td { (direction_name(lang, l.direction)) }
                            td { (codes) }
                            td { (l.label) }
                            td { (amount(lang, &place, l.amounts.final_forecast())) }
                            td { (amount(lang, &place, l.amounts.executed(l.direction))) }
                            td {
                                a href=(desk.path(&format!("/budgets/{year}/lines/{id}")))
                                    aria-label=(lang.t_args("budget-admin-correct-line", &[("codes", codes.clone().into()), ("label", l.label.clone().into())])) {
                                    (lang.t("budget-admin-correct"))
                                }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav aria-label=(lang.t_args("budget-admin-page", &[("page", (page as i64).into()), ("pages", (pages as i64).into())])) {
                    p {
                        @if page > 1 { a href=(desk.path(&here(page - 1))) rel="prev" { (lang.t("budget-admin-previous")) } " · " }
                        (lang.t_args("budget-admin-page", &[("page", (page as i64).into()), ("pages", (pages as i64).into())]))
                        @if page < pages { " · " a href=(desk.path(&here(page + 1))) rel="next" { (lang.t("budget-admin-next")) } }
                    }
                }
            }
        }
    };
    Ok(desk.page(&title, &here(page), StatusCode::OK, main))
}

// ---------------------------------------------------------------- correcting a line

/// A line's form values: the label, the source and the amounts as plain digits.
fn values_of(l: &Line) -> Fields {
    let a = &l.amounts;
    let mut f = Fields::new();
    f.insert("libelle".into(), l.label.clone());
    f.insert("source".into(), l.source.clone());
    for (k, v) in AMOUNT_FIELDS.into_iter().zip([
        a.initial,
        a.modifications,
        a.final_forecast,
        a.committed,
        a.issued,
        a.settled,
    ]) {
        f.insert(k.into(), v.map(|v| v.to_string()).unwrap_or_default());
    }
    f
}

/// The amounts a form gives, each read as the CSV reader reads a cell, or every field that
/// is not an amount with its message.
fn amounts_of(lang: Lang, form: &Fields) -> Result<Amounts, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let mut read = [None; 6];
    for (slot, column) in read.iter_mut().zip(AMOUNT_FIELDS) {
        let cell = form.get(column).map(String::as_str).unwrap_or("");
        match budget_csv::parse_amount(cell) {
            Ok(v) => *slot = v,
            Err(problem) => errors.push((column, field_message(lang, column, problem))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [initial, modifications, final_forecast, committed, issued, settled] = read;
    Ok(Amounts {
        initial,
        modifications,
        final_forecast,
        committed,
        issued,
        settled,
    })
}

/// The CSV reader's message for a cell, for a field of the form.
fn field_message(lang: Lang, column: &'static str, problem: Problem) -> String {
    crate::l10n::csv_error(
        lang,
        &CsvError {
            line: 0,
            column: Some(column),
            problem,
        },
    )
}

/// The message of the service's refusal of a field.
fn invalid_message(lang: Lang, place: &Place, field: &str, code: &str, a: &Amounts) -> String {
    match code {
        "mismatch" => {
            let expected = a
                .initial
                .unwrap_or(0)
                .saturating_add(a.modifications.unwrap_or(0));
            lang.t_args(
                "budget-admin-invalid-mismatch",
                &[("expected", place.amount(lang, expected).into())],
            )
        }
        "too_long" => {
            let max = if field == "source" {
                crate::domain::budget::MAX_SOURCE
            } else {
                crate::domain::budget::MAX_LABEL
            };
            lang.t_args(
                "budget-admin-invalid-too_long",
                &[("max", (max as i64).into())],
            )
        }
        "negative" | "formula" | "control" | "required" => {
            lang.t(&format!("budget-admin-invalid-{code}"))
        }
        _ => lang.t("budget-admin-invalid-other"),
    }
}

/// The correction form, with the values typed and each refused field's message beside it.
fn line_form(
    desk: &Desk,
    year: i32,
    situation: NaiveDate,
    stored: &StoredLine,
    values: &Fields,
    errors: &[(&str, String)],
) -> Response {
    let lang = desk.lang;
    let place = Place::of(&desk.commune);
    let l = &stored.line;
    let rest = format!("/budgets/{year}/lines/{}", stored.id);
    let v = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
    let error_of = |k: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == k)
            .map(|(_, m)| m.as_str())
    };
    // A refusal that names no field of the form is said at the top.
    let fields: Vec<&str> = ["libelle", "source"]
        .into_iter()
        .chain(AMOUNT_FIELDS)
        .collect();
    let other = errors
        .iter()
        .find(|(f, _)| !fields.contains(f))
        .map(|(_, m)| m.as_str());
    let field = |name: &str, max: usize| {
        let err = error_of(name);
        html! {
            label for=(name) { (lang.t(&format!("budget-admin-field-{name}"))) }
            input id=(name) name=(name) type="text" value=(v(name)) maxlength=(max)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| format!("{name}-error"))];
            @if let Some(e) = err { p.error id={ (name) "-error" } role="alert" { strong { (e) } } }
        }
    };
    let title = lang.t_args("budget-admin-line-title", &[("year", year.into())]);
    let main = html! {
        p { a href=(desk.path(&format!("/budgets/{year}"))) { (lang.t("budget-admin-back")) } }
        h1 { (title) }
        @if !errors.is_empty() { p role="alert" { strong { (lang.t("form-errors")) } } }
        (notice(other))
        dl {
            dt { (lang.t("budget-admin-document")) } dd { (document_name(lang, l.document)) " (" (l.document.code()) ")" }
            dt { (lang.t("budget-admin-section")) } dd { (section_name(lang, l.section)) }
            dt { (lang.t("budget-admin-direction")) } dd { (direction_name(lang, l.direction)) }
            dt { (lang.t("budget-admin-codes")) } dd { (codes_of(l)) }
        }
        p.muted { (lang.t_args("budget-admin-line-explain", &[("date", place.date(lang, situation).into())])) }
        form method="post" action=(desk.path(&rest)) {
            input type="hidden" name="csrf" value=(desk.csrf);
            (field("libelle", crate::domain::budget::MAX_LABEL))
            (field("source", crate::domain::budget::MAX_SOURCE))
            fieldset {
                legend { (lang.t("budget-admin-amounts")) }
                p.muted { (lang.t_args("budget-admin-amounts-help", &[("currency", desk.commune.country.currency().into())])) }
                @for name in AMOUNT_FIELDS { (field(name, 40)) }
            }
            p { button type="submit" { (lang.t("budget-admin-save")) } }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    desk.page(&title, &rest, status, main)
}

/// The year's view and the line of its latest report, with that report's date.
async fn line_of(
    s: &WebState,
    desk: &Desk,
    year: &str,
    id: &str,
) -> Result<(i32, NaiveDate, BudgetView, usize), PageError> {
    let year = year_of(year)?;
    let id: i32 = id.parse().map_err(|_| PageError::not_found())?;
    let view = svc::view(&s.app, &desk.commune, year)
        .await?
        .ok_or_else(PageError::not_found)?;
    let situation = view
        .reports
        .last()
        .map(|(r, _)| r.situation_on)
        .ok_or_else(PageError::not_found)?;
    let index = view
        .current()
        .iter()
        .position(|l| l.id == id)
        .ok_or_else(PageError::not_found)?;
    Ok((year, situation, view, index))
}

/// `GET /communes/{slug}/admin/budgets/{year}/lines/{id}`.
pub async fn line_page(
    State(s): State<WebState>,
    Path((_, year, id)): Path<(String, String, String)>,
    desk: Desk,
) -> Answer {
    desk.allow(Role::can_publish)?;
    let (year, situation, view, index) = line_of(&s, &desk, &year, &id).await?;
    let stored = &view.current()[index];
    let values = values_of(&stored.line);
    Ok(line_form(&desk, year, situation, stored, &values, &[]))
}

/// `POST /communes/{slug}/admin/budgets/{year}/lines/{id}`: the correction, checked by the
/// service as the CSV reader checks a line.
pub async fn correct(
    State(s): State<WebState>,
    Path((_, year, id)): Path<(String, String, String)>,
    desk: Desk,
    Form(form): Form<Fields>,
) -> Answer {
    desk.allow(Role::can_publish)?;
    desk.check_csrf(&form)?;
    let lang = desk.lang;
    let (year, situation, view, index) = line_of(&s, &desk, &year, &id).await?;
    let stored = &view.current()[index];
    let amounts = match amounts_of(lang, &form) {
        Ok(a) => a,
        Err(errors) => {
            return Ok(line_form(&desk, year, situation, stored, &form, &errors));
        }
    };
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let done = svc::correct_line(
        &s.app,
        &desk.commune,
        year,
        stored.id,
        get("libelle"),
        get("source"),
        amounts,
    )
    .await;
    match done {
        Ok(_) => {
            tracing::info!(staff = %desk.staff.username, commune = %desk.commune.slug, year, line = stored.id, "budget line corrected from the staff area");
            let page = index / PER_PAGE + 1;
            let location = if page == 1 {
                desk.path(&format!("/budgets/{year}"))
            } else {
                desk.path(&format!("/budgets/{year}?page={page}"))
            };
            Ok(redirect(&s, &location))
        }
        Err(ServiceError::Invalid(i)) => {
            let place = Place::of(&desk.commune);
            let message = invalid_message(lang, &place, i.field, &i.message, &amounts);
            let errors = [(i.field, message)];
            Ok(line_form(&desk, year, situation, stored, &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_spreadsheets_write_them() {
        let mut f = Fields::new();
        f.insert("prevision_initiale".into(), "1 234 567".into());
        f.insert("modifications".into(), "-1.000".into());
        f.insert("emis_mandate".into(), "".into());
        let a = amounts_of(Lang::Fr, &f).unwrap();
        assert_eq!(a.initial, Some(1_234_567));
        assert_eq!(a.modifications, Some(-1_000));
        assert_eq!(a.issued, None);
        f.insert("engage".into(), "douze".into());
        f.insert("recouvre_paye".into(), "12,5".into());
        let e = amounts_of(Lang::Fr, &f).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["engage", "recouvre_paye"]);
        assert_eq!(e[0].1, Lang::Fr.t("budget-csv-not-an-amount"));
    }

    #[test]
    fn every_refusal_of_the_service_has_its_message() {
        let place = Place {
            country: crate::domain::commune::Country::SN,
            tz: chrono_tz::Africa::Dakar,
        };
        for lang in Lang::ALL {
            for code in [
                "negative", "mismatch", "formula", "too_long", "control", "required", "else",
            ] {
                let m = invalid_message(lang, &place, "libelle", code, &Amounts::default());
                assert!(!m.contains("budget-admin"), "{lang:?} {code}: {m}");
            }
            for d in Document::ALL {
                assert!(!document_name(lang, d).contains("budget-admin"));
            }
            for c in budget_csv::COLUMNS {
                let m = lang.t(&format!("budget-admin-column-{c}"));
                assert!(!m.contains("budget-admin"), "{lang:?} {c}");
            }
            for c in ["libelle", "source"].into_iter().chain(AMOUNT_FIELDS) {
                let m = lang.t(&format!("budget-admin-field-{c}"));
                assert!(!m.contains("budget-admin"), "{lang:?} {c}");
            }
        }
    }

    #[test]
    fn only_lowercase_hex_names_a_stored_file() {
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256(&"A".repeat(64)));
        assert!(!is_sha256(&"a".repeat(63)));
        assert!(!is_sha256("../../etc/passwd"));
    }
}
