//! Who follows our communes, and whom they follow.

use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::protocol::activity;
use crate::store::models::RemoteActor;
use crate::store::{communes, federation as fed};
use serde_json::Value;

/// A remote actor follows one of our communes: store it and answer Accept, together.
pub async fn accept_follower(
    app: &App,
    commune: &Commune,
    follower: RemoteActor,
    follow: Value,
) -> ServiceResult<()> {
    let (app2, commune) = (app.clone(), commune.clone());
    app.store
        .transaction(move |c| {
            let follow_id = follow["id"].as_str().unwrap_or_default().to_string();
            fed::add_follower(c, commune.id, &follower, &follow_id)?;
            let actor = app2.urls.commune(&commune.slug);
            let accept = activity::accept(
                &app2.urls.new_activity(),
                &actor,
                activity::embedded(follow),
                &follower.ap_id,
            );
            enqueue(
                c,
                &app2,
                Outgoing {
                    commune_id: Some(commune.id),
                    actor: &actor,
                    object_ap_id: None,
                    public: false,
                    activity: &accept,
                },
                std::slice::from_ref(&follower.inbox),
            )?;
            Ok(())
        })
        .await?;
    app.wake.notify_one();
    Ok(())
}

pub async fn remove_follower(app: &App, commune_id: i32, actor: &str) -> ServiceResult<bool> {
    let actor = actor.to_string();
    Ok(app
        .store
        .run(move |c| fed::remove_follower(c, commune_id, &actor))
        .await?
        > 0)
}

/// Our commune follows a remote actor: a Follow to its inbox, accepted later.
pub async fn follow(app: &App, slug: &str, target: RemoteActor) -> ServiceResult<()> {
    let commune = super::communes::get(app, slug).await?;
    let app2 = app.clone();
    let done = app
        .store
        .transaction(move |c| {
            if fed::follow(c, commune.id, &target.ap_id)?.is_some() {
                return Ok(false);
            }
            let actor = app2.urls.commune(&commune.slug);
            let id = app2.urls.new_activity();
            let doc = activity::follow(&id, &actor, &target.ap_id);
            fed::insert_follow(c, commune.id, &target.ap_id, id.as_str())?;
            enqueue(
                c,
                &app2,
                Outgoing {
                    commune_id: Some(commune.id),
                    actor: &actor,
                    object_ap_id: Some(&target.ap_id),
                    public: false,
                    activity: &doc,
                },
                std::slice::from_ref(&target.inbox),
            )?;
            Ok(true)
        })
        .await?;
    if !done {
        return Err(ServiceError::Conflict(
            "this commune already follows that actor".into(),
        ));
    }
    app.wake.notify_one();
    Ok(())
}

pub async fn unfollow(app: &App, slug: &str, target: RemoteActor) -> ServiceResult<()> {
    let commune = super::communes::get(app, slug).await?;
    let app2 = app.clone();
    let done = app
        .store
        .transaction(move |c| {
            let Some(existing) = fed::follow(c, commune.id, &target.ap_id)? else {
                return Ok(false);
            };
            let actor = app2.urls.commune(&commune.slug);
            let original = activity::follow(
                &url::Url::parse(&existing.follow_ap_id)
                    .map_err(|_| crate::store::StoreError::Invalid {
                        what: "id of follow",
                        row: target.ap_id.clone(),
                        value: existing.follow_ap_id.clone(),
                    })?,
                &actor,
                &target.ap_id,
            );
            let undo = activity::undo(
                &app2.urls.new_activity(),
                &actor,
                activity::embedded(original),
                Some(&target.ap_id),
            );
            fed::delete_follow(c, existing.id)?;
            enqueue(
                c,
                &app2,
                Outgoing {
                    commune_id: Some(commune.id),
                    actor: &actor,
                    object_ap_id: Some(&target.ap_id),
                    public: false,
                    activity: &undo,
                },
                std::slice::from_ref(&target.inbox),
            )?;
            Ok(true)
        })
        .await?;
    if !done {
        return Err(ServiceError::NotFound("follow"));
    }
    app.wake.notify_one();
    Ok(())
}

pub async fn accepted(app: &App, follow_id: &str, by: &str) -> ServiceResult<bool> {
    let (f, b) = (follow_id.to_string(), by.to_string());
    Ok(app
        .store
        .run(move |c| fed::accept_follow(c, &f, &b))
        .await?)
}

pub async fn rejected(app: &App, follow_id: &str, by: &str) -> ServiceResult<bool> {
    let (f, b) = (follow_id.to_string(), by.to_string());
    Ok(app
        .store
        .run(move |c| fed::reject_follow(c, &f, &b))
        .await?)
}

pub async fn commune_by_id(app: &App, id: i32) -> ServiceResult<Commune> {
    Ok(app.store.run(move |c| communes::by_id(c, id)).await?)
}
