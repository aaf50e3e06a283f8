//! Budgets: an import (one report of one year, all or nothing) or a line corrected is one
//! transaction with its activity — `Create{Article}` the first time a year is published,
//! `Update{Article}` after.

use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::budget::{self, Amounts, Budget, Line, Report, StoredLine};
use crate::domain::budget_csv::Parsed;
use crate::domain::commune::Commune;
use crate::protocol::activity;
use crate::protocol::budget::{budget_article, Reported};
use crate::store::budgets as db;
use crate::store::{federation as fed, DbConn, StoreError, StoreResult};
use chrono::NaiveDate;

/// A year's budget with every report's lines, oldest report first.
#[derive(Debug, Clone)]
pub struct BudgetView {
    pub budget: Budget,
    pub reports: Vec<(Report, Vec<StoredLine>)>,
}

impl BudgetView {
    /// The latest report's lines: the budget as it stands.
    pub fn current(&self) -> &[StoredLine] {
        self.reports.last().map_or(&[], |(_, l)| l.as_slice())
    }

    /// The current lines as domain lines (without their ids).
    pub fn lines(&self) -> Vec<Line> {
        self.current().iter().map(|s| s.line.clone()).collect()
    }

    /// Each report's lines, for `BudgetFigures` and the article.
    pub fn line_sets(&self) -> Vec<(NaiveDate, Vec<Line>)> {
        self.reports
            .iter()
            .map(|(r, l)| (r.situation_on, l.iter().map(|s| s.line.clone()).collect()))
            .collect()
    }

    pub fn article(&self, app: &App, commune: &Commune) -> serde_json::Value {
        let sets = self.line_sets();
        let reported: Vec<Reported<'_>> = sets
            .iter()
            .map(|(d, l)| Reported {
                situation_on: *d,
                lines: l,
            })
            .collect();
        budget_article(&app.urls, commune, &self.budget, &reported)
    }
}

fn view_in(conn: &mut DbConn, commune_id: i32, year: i32) -> StoreResult<Option<BudgetView>> {
    let Some(budget) = db::find(conn, commune_id, year)? else {
        return Ok(None);
    };
    let mut reports = Vec::with_capacity(budget.reports.len());
    for r in &budget.reports {
        reports.push((r.clone(), db::lines(conn, r.id)?));
    }
    Ok(Some(BudgetView { budget, reports }))
}

pub async fn view(app: &App, commune: &Commune, year: i32) -> ServiceResult<Option<BudgetView>> {
    let id = commune.id;
    Ok(app.store.run(move |c| view_in(c, id, year)).await?)
}

/// A year's budget with its reports, without their lines.
pub async fn find(app: &App, commune: &Commune, year: i32) -> ServiceResult<Option<Budget>> {
    let id = commune.id;
    Ok(app.store.run(move |c| db::find(c, id, year)).await?)
}

/// A commune's budgets, the latest year first (reports without their lines).
pub async fn list(app: &App, commune: &Commune) -> ServiceResult<Vec<Budget>> {
    let id = commune.id;
    Ok(app.store.run(move |c| db::of_commune(c, id)).await?)
}

/// Queues the budget's article to the followers: `Create` when `first`, else `Update`.
fn announce(
    conn: &mut DbConn,
    app: &App,
    commune: &Commune,
    view: &BudgetView,
    first: bool,
) -> StoreResult<()> {
    let object = view.article(app, commune);
    let actor = app.urls.commune(&commune.slug);
    let doc = activity::public(
        if first { "Create" } else { "Update" },
        &app.urls.new_activity(),
        &actor,
        &app.urls.followers(&commune.slug),
        object,
    );
    let inboxes = fed::follower_inboxes(conn, commune.id)?;
    let object_id = app.urls.budget(&commune.slug, view.budget.year);
    enqueue(
        conn,
        app,
        Outgoing {
            commune_id: Some(commune.id),
            actor: &actor,
            object_ap_id: Some(object_id.as_str()),
            public: true,
            activity: &doc,
        },
        &inboxes,
    )?;
    Ok(())
}

/// What an import stored.
#[derive(Debug, Clone)]
pub struct Imported {
    pub view: BudgetView,
    /// The year was published for the first time.
    pub created: bool,
}

/// Stores a file read without error as the report of `situation_on` (replacing a report of the
/// same date) and publishes the budget, in one transaction.
pub async fn import(
    app: &App,
    commune: &Commune,
    parsed: Parsed,
    situation_on: NaiveDate,
) -> ServiceResult<Imported> {
    let (app2, commune) = (app.clone(), commune.clone());
    let imported = app
        .store
        .transaction(move |c| {
            let now = crate::store::now();
            let (budget_id, created) = db::ensure(c, commune.id, parsed.year, now)?;
            db::replace_report(c, budget_id, situation_on, now, &parsed.lines)?;
            let view = view_in(c, commune.id, parsed.year)?
                .ok_or(StoreError::Diesel(diesel::result::Error::NotFound))?;
            announce(c, &app2, &commune, &view, created)?;
            Ok(Imported { view, created })
        })
        .await?;
    app.wake.notify_one();
    Ok(imported)
}

/// A line of the latest report corrected by staff: label, source and amounts (its document,
/// direction and codes are its identity and stay). Checked as the CSV reader checks a line.
pub async fn correct_line(
    app: &App,
    commune: &Commune,
    year: i32,
    line_id: i32,
    label: &str,
    source: &str,
    amounts: Amounts,
) -> ServiceResult<BudgetView> {
    let label = budget::check_text("libelle", label, budget::MAX_LABEL)?;
    if label.is_empty() {
        return Err(crate::domain::Invalid::new("libelle", "required").into());
    }
    let source = budget::check_text("source", source, budget::MAX_SOURCE)?;
    amounts.check()?;
    let (app2, commune) = (app.clone(), commune.clone());
    let view = app
        .store
        .transaction(move |c| {
            let Some(view) = view_in(c, commune.id, year)? else {
                return Ok(Err(ServiceError::NotFound("budget")));
            };
            let Some((report, _)) = view.reports.last() else {
                return Ok(Err(ServiceError::NotFound("budget")));
            };
            if !db::correct_line(c, report.id, line_id, &label, &source, &amounts)? {
                return Ok(Err(ServiceError::NotFound("budget line")));
            }
            db::touch(c, view.budget.id, crate::store::now())?;
            let view = view_in(c, commune.id, year)?
                .ok_or(StoreError::Diesel(diesel::result::Error::NotFound))?;
            announce(c, &app2, &commune, &view, false)?;
            Ok(Ok(view))
        })
        .await??;
    app.wake.notify_one();
    Ok(view)
}
