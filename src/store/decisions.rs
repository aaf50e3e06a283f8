use super::models::{Attachment, Decision, DecisionFields};
use super::schema::{attachments, decisions};
use super::{now, DbConn, StoreResult};
use diesel::prelude::*;

pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
    fields: &DecisionFields,
) -> StoreResult<Decision> {
    let at = now();
    diesel::insert_into(decisions::table)
        .values((
            fields,
            decisions::commune_id.eq(commune_id),
            decisions::key.eq(key),
            decisions::published_at.eq(at),
            decisions::updated_at.eq(at),
        ))
        .execute(conn)?;
    by_key(conn, key)
}

pub fn update(conn: &mut DbConn, id: i32, fields: &DecisionFields) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set((fields, decisions::updated_at.eq(now())))
        .execute(conn)?;
    Ok(())
}

pub fn withdraw(conn: &mut DbConn, id: i32) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set(decisions::withdrawn_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

pub fn by_key(conn: &mut DbConn, key: &str) -> StoreResult<Decision> {
    Ok(decisions::table
        .filter(decisions::key.eq(key))
        .first(conn)?)
}

pub fn find(conn: &mut DbConn, commune_id: i32, key: &str) -> StoreResult<Option<Decision>> {
    Ok(decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::key.eq(key))
        .first(conn)
        .optional()?)
}

/// Published (not withdrawn) decisions of a commune, newest first.
pub fn latest(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Decision>> {
    Ok(decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::withdrawn_at.is_null())
        .order(decisions::id.desc())
        .limit(limit)
        .load(conn)?)
}

pub fn attachments_of(conn: &mut DbConn, decision_id: i32) -> StoreResult<Vec<Attachment>> {
    Ok(attachments::table
        .filter(attachments::decision_id.eq(decision_id))
        .order(attachments::id.asc())
        .load(conn)?)
}

pub fn insert_attachment(
    conn: &mut DbConn,
    decision_id: i32,
    filename: &str,
    media_type: &str,
    size: i64,
    sha256: &str,
) -> StoreResult<Attachment> {
    let id: i32 = diesel::insert_into(attachments::table)
        .values((
            attachments::decision_id.eq(decision_id),
            attachments::filename.eq(filename),
            attachments::media_type.eq(media_type),
            attachments::size.eq(size),
            attachments::sha256.eq(sha256),
            attachments::created_at.eq(now()),
        ))
        .returning(attachments::id)
        .get_result(conn)?;
    Ok(attachments::table.find(id).first(conn)?)
}

/// An attachment by its content hash, if a published decision references it.
pub fn attachment_by_hash(conn: &mut DbConn, sha256: &str) -> StoreResult<Option<Attachment>> {
    Ok(attachments::table
        .inner_join(decisions::table)
        .filter(attachments::sha256.eq(sha256))
        .filter(decisions::withdrawn_at.is_null())
        .select(attachments::all_columns)
        .first(conn)
        .optional()?)
}
