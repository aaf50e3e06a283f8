use super::models::{CommuneRow, InstanceKeys, NewCommune, ProfileFields};
use super::schema::{api_tokens, communes, instance_keys};
use super::{now, DbConn, StoreError, StoreResult};
use crate::domain::commune::{Commune, Country, PrivateKeyPem};
use crate::domain::licence::Licence;
use diesel::prelude::*;

/// The one place a row becomes a commune. Every value was checked when it was written, so a
/// country code we do not know means the row was changed by hand: an error naming it, not a
/// guess.
impl TryFrom<CommuneRow> for Commune {
    type Error = StoreError;

    fn try_from(r: CommuneRow) -> Result<Self, StoreError> {
        let country = Country::parse(&r.country).map_err(|_| StoreError::Invalid {
            what: "country code of commune",
            row: r.slug.clone(),
            value: r.country.clone(),
        })?;
        let data_licence = Licence::parse(&r.data_licence).ok_or_else(|| StoreError::Invalid {
            what: "data licence of commune",
            row: r.slug.clone(),
            value: r.data_licence.clone(),
        })?;
        Ok(Commune {
            id: r.id,
            slug: r.slug,
            name: r.name,
            country,
            region: r.region,
            population: r.population,
            website: r.website,
            languages: r
                .languages
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            description: r.description,
            icon_url: r.icon_url,
            public_key: r.public_key,
            private_key: PrivateKeyPem(r.private_key),
            created_at: r.created_at,
            updated_at: r.updated_at,
            contact_email: r.contact_email,
            contact_phone: r.contact_phone,
            address: r.address,
            legal_notice: r.legal_notice,
            timezone: r.timezone,
            logo_sha256: r.logo_sha256,
            hold_new_commenters: r.hold_new_commenters,
            data_licence,
        })
    }
}

pub fn by_slug(conn: &mut DbConn, slug: &str) -> StoreResult<Option<Commune>> {
    communes::table
        .filter(communes::slug.eq(slug))
        .first::<CommuneRow>(conn)
        .optional()?
        .map(Commune::try_from)
        .transpose()
}

pub fn by_id(conn: &mut DbConn, id: i32) -> StoreResult<Commune> {
    communes::table
        .find(id)
        .first::<CommuneRow>(conn)?
        .try_into()
}

pub fn all(conn: &mut DbConn) -> StoreResult<Vec<Commune>> {
    communes::table
        .order(communes::slug.asc())
        .load::<CommuneRow>(conn)?
        .into_iter()
        .map(Commune::try_from)
        .collect()
}

pub fn insert(conn: &mut DbConn, new: &NewCommune) -> StoreResult<Commune> {
    diesel::insert_into(communes::table)
        .values(new)
        .execute(conn)?;
    communes::table
        .filter(communes::slug.eq(&new.slug))
        .first::<CommuneRow>(conn)?
        .try_into()
}

pub fn update_profile(conn: &mut DbConn, id: i32, fields: &ProfileFields) -> StoreResult<()> {
    diesel::update(communes::table.find(id))
        .set((fields, communes::updated_at.eq(now())))
        .execute(conn)?;
    Ok(())
}

/// Sets the commune's logo (a file in the media directory) and the icon URL that points to it.
pub fn set_logo(conn: &mut DbConn, id: i32, sha256: &str, icon_url: &str) -> StoreResult<()> {
    diesel::update(communes::table.find(id))
        .set((
            communes::logo_sha256.eq(Some(sha256)),
            communes::icon_url.eq(Some(icon_url)),
            communes::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a media file is some commune's current logo (media are served only while in use).
pub fn is_logo(conn: &mut DbConn, sha256: &str) -> StoreResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        communes::table.filter(communes::logo_sha256.eq(sha256)),
    ))
    .get_result(conn)?)
}

pub fn insert_token(
    conn: &mut DbConn,
    commune_id: i32,
    hash: &str,
    label: Option<&str>,
) -> StoreResult<i32> {
    Ok(diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::commune_id.eq(commune_id),
            api_tokens::token_hash.eq(hash),
            api_tokens::label.eq(label),
            api_tokens::created_at.eq(now()),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?)
}

/// The commune a live token belongs to.
pub fn commune_of_token(conn: &mut DbConn, hash: &str) -> StoreResult<Option<i32>> {
    Ok(api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(api_tokens::commune_id)
        .first(conn)
        .optional()?)
}

pub fn revoke_token(conn: &mut DbConn, commune_id: i32, token_id: i32) -> StoreResult<bool> {
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::commune_id.eq(commune_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    Ok(n == 1)
}

/// (id, label, created_at, revoked)
pub type TokenRow = (
    i32,
    Option<String>,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

pub fn tokens(conn: &mut DbConn, commune_id: i32) -> StoreResult<Vec<TokenRow>> {
    Ok(api_tokens::table
        .filter(api_tokens::commune_id.eq(commune_id))
        .select((
            api_tokens::id,
            api_tokens::label,
            api_tokens::created_at,
            api_tokens::revoked_at,
        ))
        .order(api_tokens::id.asc())
        .load(conn)?)
}

pub fn instance_keys(conn: &mut DbConn) -> StoreResult<Option<InstanceKeys>> {
    Ok(instance_keys::table.find(1).first(conn).optional()?)
}

pub fn insert_instance_keys(
    conn: &mut DbConn,
    public_key: &str,
    private_key: &str,
) -> StoreResult<()> {
    diesel::insert_into(instance_keys::table)
        .values((
            instance_keys::id.eq(1),
            instance_keys::public_key.eq(public_key),
            instance_keys::private_key.eq(private_key),
            instance_keys::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// What NodeInfo reports: communes hosted, decisions in force (not withdrawn).
pub fn usage(conn: &mut DbConn) -> StoreResult<(i64, i64)> {
    use crate::store::schema::decisions;
    let n: i64 = communes::table.count().get_result(conn)?;
    let d: i64 = decisions::table
        .filter(decisions::withdrawn_at.is_null())
        .count()
        .get_result(conn)?;
    Ok((n, d))
}

/// Whether comments from actors the commune has not seen yet wait for a moderator.
pub fn set_hold_new_commenters(conn: &mut DbConn, id: i32, on: bool) -> StoreResult<()> {
    diesel::update(communes::table.filter(communes::id.eq(id)))
        .set(communes::hold_new_commenters.eq(on))
        .execute(conn)?;
    Ok(())
}
