//! The action plan: each change to a commitment (created, edited, a status, a milestone done, a
//! progress note) is one transaction with its activity — `Create{Article}` when it is created,
//! `Update{Article}` after.

use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commitment::{self as dom, Commitment, CommitmentDraft, Status};
use crate::domain::commune::Commune;
use crate::protocol::{activity, commitment::commitment_article};
use crate::store::commitments as db;
use crate::store::{federation as fed, DbConn, StoreResult};
use chrono::NaiveDate;

fn announce(
    conn: &mut DbConn,
    app: &App,
    commune: &Commune,
    c: &Commitment,
    kind: &str,
) -> StoreResult<()> {
    let object = commitment_article(&app.urls, commune, c);
    let actor = app.urls.commune(&commune.slug);
    let doc = activity::public(
        kind,
        &app.urls.new_activity(),
        &actor,
        &app.urls.followers(&commune.slug),
        object,
    );
    let inboxes = fed::follower_inboxes(conn, commune.id)?;
    let id = app.urls.commitment(&commune.slug, &c.key);
    enqueue(
        conn,
        app,
        Outgoing {
            commune_id: Some(commune.id),
            actor: &actor,
            object_ap_id: Some(id.as_str()),
            public: true,
            activity: &doc,
        },
        &inboxes,
    )?;
    Ok(())
}

pub async fn list(app: &App, commune: &Commune) -> ServiceResult<Vec<Commitment>> {
    let id = commune.id;
    Ok(app.store.run(move |c| db::of_commune(c, id)).await?)
}

pub async fn find(app: &App, commune: &Commune, key: &str) -> ServiceResult<Commitment> {
    let (id, key) = (commune.id, key.to_string());
    app.store
        .run(move |c| db::find(c, id, &key))
        .await?
        .ok_or(ServiceError::NotFound("commitment"))
}

pub async fn create(app: &App, commune: &Commune, d: CommitmentDraft) -> ServiceResult<Commitment> {
    let (app2, commune) = (app.clone(), commune.clone());
    let key = super::short_key();
    let c = app
        .store
        .transaction(move |c| {
            db::insert(c, commune.id, &key, &d, crate::store::now())?;
            let made = db::find(c, commune.id, &key)?.ok_or(crate::store::StoreError::Diesel(
                diesel::result::Error::NotFound,
            ))?;
            announce(c, &app2, &commune, &made, "Create")?;
            Ok(made)
        })
        .await?;
    app.wake.notify_one();
    Ok(c)
}

/// What a change does to a commitment, inside the transaction that rereads it.
pub enum Change {
    Edit(CommitmentDraft),
    Status(Status),
    MilestoneDone {
        milestone_id: i32,
        done_on: NaiveDate,
        evidence_url: Option<String>,
    },
    Note {
        written_on: NaiveDate,
        text: String,
        author: Option<String>,
    },
}

/// Applies one change and sends the `Update`, in one transaction.
pub async fn change(
    app: &App,
    commune: &Commune,
    key: &str,
    change: Change,
) -> ServiceResult<Commitment> {
    if let Change::Note { text, .. } = &change {
        dom::note_text(text)?;
    }
    let (app2, commune, key) = (app.clone(), commune.clone(), key.to_string());
    let out = app
        .store
        .transaction(move |c| {
            let Some(current) = db::find(c, commune.id, &key)? else {
                return Ok(Err(ServiceError::NotFound("commitment")));
            };
            let now = crate::store::now();
            match &change {
                Change::Edit(d) => db::update(c, current.id, d, now)?,
                Change::Status(s) => db::set_status(c, current.id, *s, now)?,
                Change::MilestoneDone {
                    milestone_id,
                    done_on,
                    evidence_url,
                } => {
                    if *done_on < current.starts_on {
                        return Ok(Err(dom_invalid(
                            "done_on",
                            "must not be before the commitment starts",
                        )));
                    }
                    if !db::milestone_done(
                        c,
                        current.id,
                        *milestone_id,
                        *done_on,
                        evidence_url.as_deref(),
                        now,
                    )? {
                        return Ok(Err(ServiceError::NotFound("milestone")));
                    }
                }
                Change::Note {
                    written_on,
                    text,
                    author,
                } => db::add_note(
                    c,
                    current.id,
                    *written_on,
                    text.trim(),
                    author.as_deref(),
                    now,
                )?,
            }
            let after = db::find(c, commune.id, &key)?.ok_or(crate::store::StoreError::Diesel(
                diesel::result::Error::NotFound,
            ))?;
            announce(c, &app2, &commune, &after, "Update")?;
            Ok(Ok(after))
        })
        .await??;
    app.wake.notify_one();
    Ok(out)
}

fn dom_invalid(field: &'static str, message: &str) -> ServiceError {
    ServiceError::Invalid(crate::domain::Invalid::new(field, message))
}
