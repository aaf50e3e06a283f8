//! Reports to a commune's moderators: `Flag`s from other servers and visitors' reports of a
//! comment, into the moderation queue of the staff's comments page.

use super::inbound::{Once, Receipt};
use super::{App, ServiceError, ServiceResult};
use crate::domain::comment::CommentState;
use crate::domain::report::{clean_reason, Report};
use crate::domain::Invalid;
use crate::store::reports::{self as db, NewReport};
use crate::store::{comments, communes, limits};
use chrono::Duration;
use url::Url;

/// Visitors' reports from one address within `REPORT_WINDOW`.
pub const REPORTS_PER_ADDRESS: i64 = 5;
pub const REPORT_WINDOW: Duration = Duration::hours(1);

/// A `Flag`: filed with the commune it concerns, its target the most precise thing of ours it
/// names (a comment we keep, else one of our objects, else the commune). A Flag about nothing
/// of ours is recorded and dropped; None then.
pub async fn flagged(
    app: &App,
    receipt: &Receipt,
    targets: Vec<Url>,
    content: Option<String>,
) -> ServiceResult<Once<Option<i32>>> {
    let (urls, receipt2) = (app.urls.clone(), receipt.clone());
    receipt
        .once(app, move |c| {
            let mut best: Option<(u8, i32, String)> = None;
            for t in &targets {
                let found = if let Some(slug) = urls.slug_of_actor(t) {
                    communes::by_slug(c, &slug)?.map(|k| (0, k.id))
                } else if let Some(o) = urls.local_object(t) {
                    communes::by_slug(c, &o.slug)?.map(|k| (1, k.id))
                } else {
                    comments::thread_of(c, t.as_str())?.map(|(id, _)| (2, id))
                };
                if let Some((rank, commune)) = found {
                    if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
                        best = Some((rank, commune, t.to_string()));
                    }
                }
            }
            let Some((_, commune_id, target)) = best else {
                return Ok(None);
            };
            let reason = clean_reason(content.as_deref().unwrap_or_default());
            db::insert(
                c,
                &NewReport {
                    commune_id,
                    target: &target,
                    reporter: Some(&receipt2.actor),
                    flag_ap_id: Some(&receipt2.activity),
                    reason: &reason,
                    received_at: crate::store::now(),
                },
            )?;
            Ok(Some(commune_id))
        })
        .await
}

/// What became of a visitor's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filed {
    Filed,
    /// Too many reports from this address lately: nothing filed.
    TooMany,
}

/// A visitor reports one of the commune's visible comments from its page. Counted per client
/// address in the same serialized transaction as the filing.
pub async fn visitor_report(
    app: &App,
    commune_id: i32,
    comment_id: i32,
    reason: &str,
    address: &str,
) -> ServiceResult<Filed> {
    let reason = clean_reason(reason);
    if reason.is_empty() {
        return Err(Invalid::new("reason", "must not be empty").into());
    }
    let key = format!("report:{address}");
    let filed = app
        .store
        .transaction(move |c| {
            let now = crate::store::now();
            if limits::recent(c, &key, now - REPORT_WINDOW)? >= REPORTS_PER_ADDRESS {
                return Ok(Ok(Filed::TooMany));
            }
            let comment = match comments::find(c, commune_id, comment_id) {
                Ok(k) if k.state == CommentState::Visible => k,
                Ok(_) => return Ok(Err(ServiceError::NotFound("comment"))),
                Err(e) if e.is_not_found() => return Ok(Err(ServiceError::NotFound("comment"))),
                Err(e) => return Err(e),
            };
            limits::record(c, &key, now)?;
            db::insert(
                c,
                &NewReport {
                    commune_id,
                    target: &comment.ap_id,
                    reporter: None,
                    flag_ap_id: None,
                    reason: &reason,
                    received_at: now,
                },
            )?;
            Ok(Ok(Filed::Filed))
        })
        .await??;
    Ok(filed)
}

pub async fn open(app: &App, commune_id: i32) -> ServiceResult<Vec<Report>> {
    Ok(app.store.run(move |c| db::open(c, commune_id, 100)).await?)
}

/// A moderator closes a report; NotFound when it is not an open report of the commune.
pub async fn resolve(
    app: &App,
    commune_id: i32,
    staff_id: Option<i32>,
    report_id: i32,
) -> ServiceResult<()> {
    let done = app
        .store
        .transaction(move |c| db::resolve(c, commune_id, report_id, staff_id, crate::store::now()))
        .await?;
    if done {
        Ok(())
    } else {
        Err(ServiceError::NotFound("report"))
    }
}
