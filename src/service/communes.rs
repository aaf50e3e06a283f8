use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::domain::commune::{CommuneProfile, CommuneProfileInput};
use crate::domain::logo::Logo;
use crate::domain::slug::Slug;
use crate::store::communes as db;
use crate::store::models::{NewCommune, ProfileFields};
use base64::Engine;
use sha2::Digest;

pub async fn create(app: &App, slug: Slug, profile: CommuneProfile) -> ServiceResult<Commune> {
    // RSA key generation takes a noticeable moment: keep it off the async threads.
    let pair = tokio::task::spawn_blocking(
        activitypub_federation::http_signatures::generate_actor_keypair,
    )
    .await
    .map_err(|e| ServiceError::Keys(e.to_string()))?
    .map_err(|e| ServiceError::Keys(e.to_string()))?;
    let at = crate::store::now();
    let new = NewCommune {
        slug: slug.as_str().to_string(),
        profile: fields_of(profile),
        public_key: pair.public_key,
        private_key: pair.private_key,
        created_at: at,
        updated_at: at,
    };
    app.store
        .transaction(move |c| {
            if db::by_slug(c, &new.slug)?.is_some() {
                return Ok(None);
            }
            db::insert(c, &new).map(Some)
        })
        .await?
        .ok_or_else(|| ServiceError::Conflict(format!("a commune named {slug} already exists")))
}

fn fields_of(p: CommuneProfile) -> ProfileFields {
    ProfileFields {
        name: p.name,
        country: p.country.code().to_string(),
        region: p.region,
        population: p.population,
        website: p.website.map(String::from),
        languages: p.languages.join(","),
        description: p.description,
        icon_url: p.icon_url.map(String::from),
        contact_email: p.contact_email,
        contact_phone: p.contact_phone,
        address: p.address,
        legal_notice: p.legal_notice,
        timezone: p.timezone,
        data_licence: p.data_licence.spdx().to_string(),
    }
}

pub fn profile_of(c: &Commune) -> CommuneProfile {
    CommuneProfile {
        name: c.name.clone(),
        country: c.country,
        region: c.region.clone(),
        population: c.population,
        website: c.website.as_deref().and_then(|w| url::Url::parse(w).ok()),
        languages: c.languages.clone(),
        description: c.description.clone(),
        icon_url: c.icon_url.as_deref().and_then(|w| url::Url::parse(w).ok()),
        contact_email: c.contact_email.clone(),
        contact_phone: c.contact_phone.clone(),
        address: c.address.clone(),
        legal_notice: c.legal_notice.clone(),
        timezone: c.timezone.clone(),
        data_licence: c.data_licence,
    }
}

/// Edits the profile, and the logo when one is given, and sends the new actor to followers
/// (`Update`), so their servers show the new name, fields and logo without waiting for a
/// refetch.
pub async fn edit(
    app: &App,
    slug: &str,
    input: CommuneProfileInput,
    logo: Option<Logo>,
) -> ServiceResult<Commune> {
    let slug = slug.to_string();
    let app2 = app.clone();
    // The file goes first; an edit refused below leaves only an unreferenced file.
    let logo = match logo {
        Some(l) => {
            let sha256 = super::media::store(app, l.png()).await?;
            let url = app.urls.media(&sha256).to_string();
            Some((sha256, url))
        }
        None => None,
    };
    let edited = app
        .store
        .transaction(move |c| {
            let Some(current) = db::by_slug(c, &slug)? else {
                return Ok(Err(ServiceError::NotFound("commune")));
            };
            let p = match CommuneProfile::parse(&input, Some(&profile_of(&current))) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e.into())),
            };
            db::update_profile(c, current.id, &fields_of(p))?;
            if let Some((sha256, url)) = &logo {
                db::set_logo(c, current.id, sha256, url)?;
            }
            let commune = db::by_id(c, current.id)?;
            announce_profile(c, &app2, &commune)?;
            Ok(Ok(commune))
        })
        .await??;
    app.wake.notify_one();
    Ok(edited)
}

/// Queues `Update{actor}` to the commune's followers, in the caller's transaction.
fn announce_profile(
    c: &mut crate::store::DbConn,
    app: &App,
    commune: &Commune,
) -> crate::store::StoreResult<()> {
    let actor_id = app.urls.commune(&commune.slug);
    let update = crate::protocol::activity::public(
        "Update",
        &app.urls.new_activity(),
        &actor_id,
        &app.urls.followers(&commune.slug),
        crate::protocol::activity::embedded(crate::protocol::actor::commune_actor(
            &app.urls, commune,
        )),
    );
    let inboxes = crate::store::federation::follower_inboxes(c, commune.id)?;
    super::outbox::enqueue(
        c,
        app,
        super::outbox::Outgoing {
            commune_id: Some(commune.id),
            actor: &actor_id,
            object_ap_id: Some(actor_id.as_str()),
            public: false,
            activity: &update,
        },
        &inboxes,
    )
    .map(|_| ())
}

pub async fn get(app: &App, slug: &str) -> ServiceResult<Commune> {
    let slug = slug.to_string();
    app.store
        .run(move |c| db::by_slug(c, &slug))
        .await?
        .ok_or(ServiceError::NotFound("commune"))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// A new API token for a commune's staff. Only its hash is stored; the token is shown once.
pub async fn create_token(
    app: &App,
    slug: &str,
    label: Option<String>,
) -> ServiceResult<(i32, String)> {
    let commune = get(app, slug).await?;
    let mut raw = [0u8; 32];
    rand::Rng::fill(&mut rand::thread_rng(), &mut raw);
    let token = format!(
        "plb_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    );
    let hash = hash_token(&token);
    let id = app
        .store
        .run(move |c| db::insert_token(c, commune.id, &hash, label.as_deref()))
        .await?;
    Ok((id, token))
}

pub async fn revoke_token(app: &App, slug: &str, token_id: i32) -> ServiceResult<()> {
    let commune = get(app, slug).await?;
    if app
        .store
        .run(move |c| db::revoke_token(c, commune.id, token_id))
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound("token"))
    }
}

/// The commune a bearer token speaks for, if the token is live.
pub async fn authenticate(app: &App, token: &str) -> ServiceResult<Option<i32>> {
    let hash = hash_token(token);
    Ok(app
        .store
        .run(move |c| db::commune_of_token(c, &hash))
        .await?)
}
