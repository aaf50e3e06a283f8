use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::domain::decision::{
    check_pdf, clean_filename, Attachment, Decision, DecisionDraft, MAX_ATTACHMENTS,
};
use crate::domain::markdown::to_safe_html;
use crate::domain::Invalid;
use crate::protocol::{activity, article};
use crate::store::{decisions as db, federation as fed, DbConn, StoreResult};

/// Writes Create/Update/Delete of the decision to every follower, in the caller's transaction.
fn announce_change(
    conn: &mut DbConn,
    app: &App,
    commune: &Commune,
    d: &Decision,
    kind: &str,
) -> StoreResult<()> {
    let object_id = app.urls.decision(&commune.slug, &d.key);
    let object = if kind == "Delete" {
        article::tombstone(&object_id, d.withdrawn_at.unwrap_or_else(crate::store::now))
    } else {
        let files = db::attachments_of(conn, d.id)?;
        article::decision_article(&app.urls, commune, d, &files)
    };
    let actor = app.urls.commune(&commune.slug);
    let doc = activity::public(
        kind,
        &app.urls.new_activity(),
        &actor,
        &app.urls.followers(&commune.slug),
        object,
    );
    let inboxes = fed::follower_inboxes(conn, commune.id)?;
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

/// A PDF sent with a decision (staff form, API upload), not yet checked nor stored.
#[derive(Debug, Clone)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// A checked file already written under its hash, waiting for its row.
struct Stored {
    name: String,
    size: i64,
    sha256: String,
}

/// Checks every file, then writes each under its SHA-256. This happens before the transaction:
/// a file is content-addressed, so one left without a row (the transaction refused, or a
/// crash) is harmless, while a row never points to a missing file. Nothing is written when
/// any file is refused.
async fn store_files(app: &App, files: Vec<Upload>) -> ServiceResult<Vec<Stored>> {
    if files.len() > MAX_ATTACHMENTS {
        return Err(too_many_files());
    }
    for f in &files {
        check_pdf(&f.bytes, app.config.max_attachment_bytes())?;
    }
    let mut stored = Vec::with_capacity(files.len());
    for f in files {
        let sha256 = super::media::store(app, &f.bytes).await?;
        stored.push(Stored {
            name: clean_filename(&f.filename),
            size: f.bytes.len() as i64,
            sha256,
        });
    }
    Ok(stored)
}

fn too_many_files() -> ServiceError {
    Invalid::new(
        "attachments",
        format!("a decision has at most {MAX_ATTACHMENTS} attachments"),
    )
    .into()
}

fn reference_taken() -> ServiceError {
    ServiceError::Taken { field: "reference" }
}

/// A refusal found inside a transaction. Every check comes before the transaction's first
/// write, so returning one (`Ok(Err(_))`, which commits) leaves nothing written.
type Checked<T> = StoreResult<ServiceResult<T>>;

/// Runs one write of decisions in one transaction, then wakes the delivery workers. The
/// unique index on live references backs the check made inside: when two requests pass it at
/// once, the second write fails on the index and gets the same refusal.
async fn write<T: Send + 'static>(
    app: &App,
    f: impl FnOnce(&mut DbConn) -> Checked<T> + Send + 'static,
) -> ServiceResult<T> {
    let value = app.store.transaction(f).await.map_err(|e| {
        if db::is_reference_taken(&e) {
            reference_taken()
        } else {
            e.into()
        }
    })??;
    app.wake.notify_one();
    Ok(value)
}

/// The rows of `files`, after checking that the decision can take them all.
fn insert_files(conn: &mut DbConn, decision_id: i32, files: &[Stored]) -> Checked<()> {
    let present = db::count_attachments(conn, decision_id)? as usize;
    if present + files.len() > MAX_ATTACHMENTS {
        return Ok(Err(too_many_files()));
    }
    for f in files {
        db::insert_attachment(
            conn,
            decision_id,
            &f.name,
            "application/pdf",
            f.size,
            &f.sha256,
        )?;
    }
    Ok(Ok(()))
}

/// Publishes a decision with its files: one transaction writes the decision, its attachments
/// and one `Create` carrying them all.
pub async fn create(
    app: &App,
    commune: &Commune,
    draft: DecisionDraft,
    files: Vec<Upload>,
) -> ServiceResult<Decision> {
    let files = store_files(app, files).await?;
    let (app2, commune) = (app.clone(), commune.clone());
    let key = super::short_key();
    write(app, move |c| {
        if db::reference_taken(c, commune.id, &draft.reference, None)? {
            return Ok(Err(reference_taken()));
        }
        let d = db::insert(c, commune.id, &key, &draft, &to_safe_html(&draft.body))?;
        for f in &files {
            db::insert_attachment(c, d.id, &f.name, "application/pdf", f.size, &f.sha256)?;
        }
        announce_change(c, &app2, &commune, &d, "Create")?;
        Ok(Ok(d))
    })
    .await
}

pub async fn find(app: &App, commune: &Commune, key: &str) -> ServiceResult<Decision> {
    let (id, key) = (commune.id, key.to_string());
    app.store
        .run(move |c| db::find(c, id, &key))
        .await?
        .ok_or(ServiceError::NotFound("decision"))
}

/// The decision of `key`, locked for the transaction, if it is still live.
fn live_for_update(conn: &mut DbConn, commune_id: i32, key: &str) -> Checked<Decision> {
    Ok(match db::find_for_update(conn, commune_id, key)? {
        None => Err(ServiceError::NotFound("decision")),
        Some(d) if d.withdrawn_at.is_some() => {
            Err(ServiceError::Conflict("this decision was withdrawn".into()))
        }
        Some(d) => Ok(d),
    })
}

/// Replaces a decision's text and adds `files` to it: one transaction, one `Update`.
pub async fn update(
    app: &App,
    commune: &Commune,
    key: &str,
    draft: DecisionDraft,
    files: Vec<Upload>,
) -> ServiceResult<Decision> {
    let files = store_files(app, files).await?;
    let (app2, commune, key) = (app.clone(), commune.clone(), key.to_string());
    write(app, move |c| {
        let current = match live_for_update(c, commune.id, &key)? {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        if db::reference_taken(c, commune.id, &draft.reference, Some(current.id))? {
            return Ok(Err(reference_taken()));
        }
        if let Err(e) = insert_files(c, current.id, &files)? {
            return Ok(Err(e));
        }
        db::update(c, current.id, &draft, &to_safe_html(&draft.body))?;
        let d = db::by_key(c, &current.key)?;
        announce_change(c, &app2, &commune, &d, "Update")?;
        Ok(Ok(d))
    })
    .await
}

pub async fn withdraw(app: &App, commune: &Commune, key: &str) -> ServiceResult<Decision> {
    let (app2, commune, key) = (app.clone(), commune.clone(), key.to_string());
    write(app, move |c| {
        let current = match live_for_update(c, commune.id, &key)? {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        db::withdraw(c, current.id)?;
        let d = db::by_key(c, &current.key)?;
        announce_change(c, &app2, &commune, &d, "Delete")?;
        Ok(Ok(d))
    })
    .await
}

/// Adds files to a decision and sends one `Update` with the new attachment list; returns the
/// new attachments.
pub async fn attach(
    app: &App,
    commune: &Commune,
    key: &str,
    files: Vec<Upload>,
) -> ServiceResult<Vec<Attachment>> {
    let files = store_files(app, files).await?;
    let (app2, commune, key) = (app.clone(), commune.clone(), key.to_string());
    write(app, move |c| {
        let current = match live_for_update(c, commune.id, &key)? {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        let before = db::count_attachments(c, current.id)? as usize;
        if let Err(e) = insert_files(c, current.id, &files)? {
            return Ok(Err(e));
        }
        db::touch(c, current.id)?;
        let d = db::by_key(c, &current.key)?;
        announce_change(c, &app2, &commune, &d, "Update")?;
        let mut all = db::attachments_of(c, d.id)?;
        Ok(Ok(all.split_off(before.min(all.len()))))
    })
    .await
}

pub async fn attachments(app: &App, decision_id: i32) -> ServiceResult<Vec<Attachment>> {
    Ok(app
        .store
        .run(move |c| db::attachments_of(c, decision_id))
        .await?)
}
