use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::decision::{check_pdf, clean_filename, DecisionDraft};
use crate::domain::markdown::to_safe_html;
use crate::protocol::{activity, article};
use crate::store::models::{Attachment, Commune, Decision, DecisionFields};
use crate::store::{decisions as db, federation as fed, DbConn, StoreResult};

fn fields(d: &DecisionDraft) -> DecisionFields {
    DecisionFields {
        reference: d.reference.clone(),
        kind: d.kind.as_str().to_string(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        body_markdown: d.body.clone(),
        body_html: to_safe_html(&d.body),
        session_date: d.session_date,
        status: d.status.as_str().to_string(),
        votes_yes: d.votes.map(|v| v.yes as i32),
        votes_no: d.votes.map(|v| v.no as i32),
        votes_abstain: d.votes.map(|v| v.abstain as i32),
        votes_absent: d.votes.map(|v| v.absent as i32),
        themes: serde_json::to_string(&d.themes).unwrap_or_else(|_| "[]".into()),
        language: d.language.clone(),
        amount: d.amount,
    }
}

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

pub async fn create(app: &App, commune: &Commune, draft: DecisionDraft) -> ServiceResult<Decision> {
    let (app2, commune) = (app.clone(), commune.clone());
    let key = short_key();
    let decision = app
        .store
        .transaction(move |c| {
            let d = db::insert(c, commune.id, &key, &fields(&draft))?;
            announce_change(c, &app2, &commune, &d, "Create")?;
            Ok(d)
        })
        .await?;
    app.wake.notify_one();
    Ok(decision)
}

fn short_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

pub async fn find(app: &App, commune: &Commune, key: &str) -> ServiceResult<Decision> {
    let (id, key) = (commune.id, key.to_string());
    app.store
        .run(move |c| db::find(c, id, &key))
        .await?
        .ok_or(ServiceError::NotFound("decision"))
}

fn live(d: Decision) -> ServiceResult<Decision> {
    if d.withdrawn_at.is_some() {
        Err(ServiceError::Conflict("this decision was withdrawn".into()))
    } else {
        Ok(d)
    }
}

pub async fn update(
    app: &App,
    commune: &Commune,
    key: &str,
    draft: DecisionDraft,
) -> ServiceResult<Decision> {
    let current = live(find(app, commune, key).await?)?;
    let (app2, commune) = (app.clone(), commune.clone());
    let decision = app
        .store
        .transaction(move |c| {
            db::update(c, current.id, &fields(&draft))?;
            let d = db::by_key(c, &current.key)?;
            announce_change(c, &app2, &commune, &d, "Update")?;
            Ok(d)
        })
        .await?;
    app.wake.notify_one();
    Ok(decision)
}

pub async fn withdraw(app: &App, commune: &Commune, key: &str) -> ServiceResult<Decision> {
    let current = live(find(app, commune, key).await?)?;
    let (app2, commune) = (app.clone(), commune.clone());
    let decision = app
        .store
        .transaction(move |c| {
            db::withdraw(c, current.id)?;
            let d = db::by_key(c, &current.key)?;
            announce_change(c, &app2, &commune, &d, "Delete")?;
            Ok(d)
        })
        .await?;
    app.wake.notify_one();
    Ok(decision)
}

/// Stores a PDF under its SHA-256 and sends an Update with the new attachment list.
pub async fn attach(
    app: &App,
    commune: &Commune,
    key: &str,
    filename: &str,
    bytes: Vec<u8>,
) -> ServiceResult<Attachment> {
    let current = live(find(app, commune, key).await?)?;
    check_pdf(&bytes, app.config.max_attachment_bytes())?;
    let sha256 = super::media::store(app, &bytes).await?;
    let (app2, commune) = (app.clone(), commune.clone());
    let name = clean_filename(filename);
    let size = bytes.len() as i64;
    let attachment = app
        .store
        .transaction(move |c| {
            let a = db::insert_attachment(c, current.id, &name, "application/pdf", size, &sha256)?;
            db::update(c, current.id, &decision_fields_of(&current))?;
            let d = db::by_key(c, &current.key)?;
            announce_change(c, &app2, &commune, &d, "Update")?;
            Ok(a)
        })
        .await?;
    app.wake.notify_one();
    Ok(attachment)
}

fn decision_fields_of(d: &Decision) -> DecisionFields {
    DecisionFields {
        reference: d.reference.clone(),
        kind: d.kind.clone(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        body_markdown: d.body_markdown.clone(),
        body_html: d.body_html.clone(),
        session_date: d.session_date,
        status: d.status.clone(),
        votes_yes: d.votes_yes,
        votes_no: d.votes_no,
        votes_abstain: d.votes_abstain,
        votes_absent: d.votes_absent,
        themes: d.themes.clone(),
        language: d.language.clone(),
        amount: d.amount,
    }
}

pub async fn attachments(app: &App, decision_id: i32) -> ServiceResult<Vec<Attachment>> {
    Ok(app
        .store
        .run(move |c| db::attachments_of(c, decision_id))
        .await?)
}
