//! Who follows our communes, and whom they follow.

use super::inbound::{Once, Receipt};
use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::protocol::activity;
use crate::store::models::RemoteActor;
use crate::store::{communes, federation as fed};
use serde_json::Value;

/// A remote actor follows one of our communes: store it and answer Accept, together, once.
pub async fn accept_follower(
    app: &App,
    receipt: &Receipt,
    commune: &Commune,
    follower: RemoteActor,
    follow: Value,
) -> ServiceResult<Once<()>> {
    let (app2, commune, follow_id) = (app.clone(), commune.clone(), receipt.activity.clone());
    receipt
        .once(app, move |c| {
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
        .await
}

/// The sender of `receipt` stops following the commune.
pub async fn remove_follower(
    app: &App,
    receipt: &Receipt,
    commune_id: i32,
) -> ServiceResult<Once<bool>> {
    let actor = receipt.actor.clone();
    receipt
        .once(app, move |c| {
            Ok(fed::remove_follower(c, commune_id, &actor)? > 0)
        })
        .await
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
                &url::Url::parse(&existing.follow_ap_id).map_err(|_| {
                    crate::store::StoreError::Invalid {
                        what: "id of follow",
                        row: target.ap_id.clone(),
                        value: existing.follow_ap_id.clone(),
                    }
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

/// The sender of `receipt` accepted our Follow `follow_id`; false if we sent it no such Follow.
pub async fn accepted(app: &App, receipt: &Receipt, follow_id: &str) -> ServiceResult<Once<bool>> {
    let (f, b) = (follow_id.to_string(), receipt.actor.clone());
    receipt
        .once(app, move |c| fed::accept_follow(c, &f, &b))
        .await
}

/// The sender of `receipt` rejected our Follow `follow_id`.
pub async fn rejected(app: &App, receipt: &Receipt, follow_id: &str) -> ServiceResult<Once<bool>> {
    let (f, b) = (follow_id.to_string(), receipt.actor.clone());
    receipt
        .once(app, move |c| fed::reject_follow(c, &f, &b))
        .await
}

pub async fn commune_by_id(app: &App, id: i32) -> ServiceResult<Commune> {
    Ok(app.store.run(move |c| communes::by_id(c, id)).await?)
}
