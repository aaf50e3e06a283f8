use super::models::{AttachmentRow, DecisionRow};
use super::schema::{attachments, decisions};
use super::{now, DbConn, StoreError, StoreResult};
use crate::domain::decision::{
    Attachment, Decision, DecisionDraft, DecisionKind, DecisionStatus, VoteCounts,
};
use diesel::prelude::*;

impl TryFrom<DecisionRow> for Decision {
    type Error = StoreError;

    fn try_from(r: DecisionRow) -> Result<Self, StoreError> {
        let invalid = |what: &'static str, value: String| StoreError::Invalid {
            what,
            row: r.key.clone(),
            value,
        };
        let kind = DecisionKind::parse(&r.kind)
            .map_err(|_| invalid("kind of decision", r.kind.clone()))?;
        let status = DecisionStatus::parse(&r.status)
            .map_err(|_| invalid("status of decision", r.status.clone()))?;
        let count = |n: i32| u32::try_from(n).ok();
        let votes = match (r.votes_yes, r.votes_no, r.votes_abstain, r.votes_absent) {
            (None, None, None, None) => None,
            (Some(yes), Some(no), Some(abstain), Some(absent)) => Some(
                match (count(yes), count(no), count(abstain), count(absent)) {
                    (Some(yes), Some(no), Some(abstain), Some(absent)) => VoteCounts {
                        yes,
                        no,
                        abstain,
                        absent,
                    },
                    _ => {
                        return Err(invalid(
                            "vote counts of decision",
                            format!("{yes}/{no}/{abstain}/{absent}"),
                        ))
                    }
                },
            ),
            partial => return Err(invalid("vote counts of decision", format!("{partial:?}"))),
        };
        let themes: Vec<String> = serde_json::from_str(&r.themes)
            .map_err(|_| invalid("themes of decision", r.themes.clone()))?;
        Ok(Decision {
            id: r.id,
            commune_id: r.commune_id,
            key: r.key,
            reference: r.reference,
            kind,
            title: r.title,
            summary: r.summary,
            body_markdown: r.body_markdown,
            body_html: r.body_html,
            session_date: r.session_date,
            status,
            votes,
            themes,
            language: r.language,
            published_at: r.published_at,
            updated_at: r.updated_at,
            withdrawn_at: r.withdrawn_at,
            amount: r.amount,
        })
    }
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        Attachment {
            id: r.id,
            decision_id: r.decision_id,
            filename: r.filename,
            media_type: r.media_type,
            size: r.size,
            sha256: r.sha256,
            created_at: r.created_at,
        }
    }
}

fn decisions_of(rows: Vec<DecisionRow>) -> StoreResult<Vec<Decision>> {
    rows.into_iter().map(Decision::try_from).collect()
}

/// The columns a draft writes: the only place its types become strings.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = decisions, treat_none_as_null = true)]
struct DecisionFields {
    reference: String,
    kind: String,
    title: String,
    summary: String,
    body_markdown: String,
    body_html: String,
    session_date: chrono::NaiveDate,
    status: String,
    votes_yes: Option<i32>,
    votes_no: Option<i32>,
    votes_abstain: Option<i32>,
    votes_absent: Option<i32>,
    themes: String,
    language: String,
    amount: Option<i64>,
    search_text: String,
}

impl DecisionFields {
    /// `body_html` is the draft's body rendered and sanitised by the caller.
    fn of(d: &DecisionDraft, body_html: &str) -> Self {
        // Counts are bounded by `VoteCounts::parse` (at most 100,000).
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        DecisionFields {
            reference: d.reference.clone(),
            kind: d.kind.as_str().to_string(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            body_markdown: d.body.clone(),
            body_html: body_html.to_string(),
            session_date: d.session_date,
            status: d.status.as_str().to_string(),
            votes_yes: d.votes.map(|v| count(v.yes)),
            votes_no: d.votes.map(|v| count(v.no)),
            votes_abstain: d.votes.map(|v| count(v.abstain)),
            votes_absent: d.votes.map(|v| count(v.absent)),
            themes: serde_json::Value::from(d.themes.clone()).to_string(),
            language: d.language.clone(),
            amount: d.amount,
            search_text: search_text([&d.reference, &d.title, &d.summary, &d.body]),
        }
    }
}

/// The unique index that keeps one live decision per reference and commune (migration
/// `decision_reference_unique`).
const LIVE_REFERENCE_INDEX: &str = "decisions_live_reference";

/// What search looks in: reference, title, summary and body, folded (see `domain::search`).
fn search_text(parts: [&str; 4]) -> String {
    crate::domain::search::fold(&parts.join(" "))
}

pub fn insert(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
    draft: &DecisionDraft,
    body_html: &str,
) -> StoreResult<Decision> {
    let at = now();
    diesel::insert_into(decisions::table)
        .values((
            DecisionFields::of(draft, body_html),
            decisions::commune_id.eq(commune_id),
            decisions::key.eq(key),
            decisions::published_at.eq(at),
            decisions::updated_at.eq(at),
        ))
        .execute(conn)?;
    by_key(conn, key)
}

pub fn update(
    conn: &mut DbConn,
    id: i32,
    draft: &DecisionDraft,
    body_html: &str,
) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set((
            DecisionFields::of(draft, body_html),
            decisions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks the decision changed without changing its fields (an attachment was added).
pub fn touch(conn: &mut DbConn, id: i32) -> StoreResult<()> {
    diesel::update(decisions::table.find(id))
        .set(decisions::updated_at.eq(now()))
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
    decisions::table
        .filter(decisions::key.eq(key))
        .first::<DecisionRow>(conn)?
        .try_into()
}

pub fn find(conn: &mut DbConn, commune_id: i32, key: &str) -> StoreResult<Option<Decision>> {
    decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::key.eq(key))
        .first::<DecisionRow>(conn)
        .optional()?
        .map(Decision::try_from)
        .transpose()
}

/// The decision, locked until the end of the caller's transaction, so that checks made on it
/// (still live, how many attachments) hold when the transaction writes. PostgreSQL locks the
/// row; a SQLite transaction is IMMEDIATE (see `Store::transaction`), which already holds the
/// whole database's write lock.
pub fn find_for_update(
    conn: &mut DbConn,
    commune_id: i32,
    key: &str,
) -> StoreResult<Option<Decision>> {
    let query = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::key.eq(key));
    let row: Option<DecisionRow> = match conn {
        DbConn::Pg(pg) => query.for_update().first(pg).optional()?,
        DbConn::Sqlite(lite) => query.first(lite).optional()?,
    };
    row.map(Decision::try_from).transpose()
}

/// Whether another live decision of the commune has this reference (`except` is the decision
/// being edited).
pub fn reference_taken(
    conn: &mut DbConn,
    commune_id: i32,
    reference: &str,
    except: Option<i32>,
) -> StoreResult<bool> {
    let mut q = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::reference.eq(reference))
        .filter(decisions::withdrawn_at.is_null())
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(decisions::id.ne(id));
    }
    let n: i64 = q.count().get_result(conn)?;
    Ok(n > 0)
}

/// Whether a write failed on the one-live-reference index: a concurrent request took the
/// reference between the check and the write.
pub fn is_reference_taken(e: &StoreError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        StoreError::Diesel(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) => {
            // PostgreSQL names the index; SQLite names the columns.
            info.constraint_name() == Some(LIVE_REFERENCE_INDEX)
                || info.message().contains("decisions.reference")
        }
        _ => false,
    }
}

/// Published (not withdrawn) decisions of a commune, newest first.
pub fn latest(conn: &mut DbConn, commune_id: i32, limit: i64) -> StoreResult<Vec<Decision>> {
    decisions_of(
        decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::withdrawn_at.is_null())
            .order(decisions::id.desc())
            .limit(limit)
            .load(conn)?,
    )
}

pub fn attachments_of(conn: &mut DbConn, decision_id: i32) -> StoreResult<Vec<Attachment>> {
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::decision_id.eq(decision_id))
        .order(attachments::id.asc())
        .load(conn)?;
    Ok(rows.into_iter().map(Attachment::from).collect())
}

pub fn count_attachments(conn: &mut DbConn, decision_id: i32) -> StoreResult<i64> {
    Ok(attachments::table
        .filter(attachments::decision_id.eq(decision_id))
        .count()
        .get_result(conn)?)
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
    Ok(attachments::table
        .find(id)
        .first::<AttachmentRow>(conn)?
        .into())
}

/// An attachment by its content hash, if a published decision references it.
pub fn attachment_by_hash(conn: &mut DbConn, sha256: &str) -> StoreResult<Option<Attachment>> {
    Ok(attachments::table
        .inner_join(decisions::table)
        .filter(attachments::sha256.eq(sha256))
        .filter(decisions::withdrawn_at.is_null())
        .select(attachments::all_columns)
        .first::<AttachmentRow>(conn)
        .optional()?
        .map(Attachment::from))
}

/// What a reader filters the decision list by. Text is matched folded (case and accents
/// ignored) in the reference, title, summary and body.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    pub year: Option<i32>,
    pub kind: Option<DecisionKind>,
    pub status: Option<DecisionStatus>,
    pub theme: Option<String>,
    pub text: Option<String>,
}

fn like_pattern(s: &str) -> String {
    let escaped = s
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of published decisions matching `filter`, newest session first, and the total.
pub fn search(
    conn: &mut DbConn,
    commune_id: i32,
    filter: &DecisionFilter,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<Decision>, i64)> {
    let query = || {
        let mut q = decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::withdrawn_at.is_null())
            .into_boxed();
        if let Some(y) = filter.year {
            if let (Some(from), Some(to)) = (
                chrono::NaiveDate::from_ymd_opt(y, 1, 1),
                chrono::NaiveDate::from_ymd_opt(y, 12, 31),
            ) {
                q = q.filter(decisions::session_date.between(from, to));
            }
        }
        if let Some(k) = &filter.kind {
            q = q.filter(decisions::kind.eq(k.as_str()));
        }
        if let Some(s) = &filter.status {
            q = q.filter(decisions::status.eq(s.as_str()));
        }
        if let Some(t) = &filter.theme {
            // Themes are stored as a JSON array of strings.
            let quoted = serde_json::to_string(t).unwrap_or_default();
            q = q.filter(decisions::themes.like(like_pattern(&quoted)).escape('\\'));
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let p = like_pattern(&crate::domain::search::fold(text));
            q = q.filter(decisions::search_text.like(p).escape('\\'));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows = query()
        .order((decisions::session_date.desc(), decisions::id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((decisions_of(rows)?, total))
}

/// Fills the search text of rows written before it existed (it is empty only for those).
pub fn fill_search_text(conn: &mut DbConn) -> StoreResult<usize> {
    let rows: Vec<DecisionRow> = decisions::table
        .filter(decisions::search_text.eq(""))
        .load(conn)?;
    for d in &rows {
        let text = search_text([&d.reference, &d.title, &d.summary, &d.body_markdown]);
        diesel::update(decisions::table.find(d.id))
            .set(decisions::search_text.eq(text))
            .execute(conn)?;
    }
    Ok(rows.len())
}

/// Years and themes present among a commune's published decisions, for the filter form.
pub fn facets(conn: &mut DbConn, commune_id: i32) -> StoreResult<(Vec<i32>, Vec<String>)> {
    let rows: Vec<(chrono::NaiveDate, String)> = decisions::table
        .filter(decisions::commune_id.eq(commune_id))
        .filter(decisions::withdrawn_at.is_null())
        .select((decisions::session_date, decisions::themes))
        .load(conn)?;
    let mut years: Vec<i32> = rows
        .iter()
        .map(|(d, _)| chrono::Datelike::year(d))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut themes: Vec<String> = rows
        .iter()
        .flat_map(|(_, t)| serde_json::from_str::<Vec<String>>(t).unwrap_or_default())
        .collect();
    themes.sort();
    themes.dedup();
    Ok((years, themes))
}

/// When each commune last published, for the node's home page.
pub fn latest_publication(
    conn: &mut DbConn,
) -> StoreResult<Vec<(i32, Option<chrono::NaiveDateTime>)>> {
    Ok(decisions::table
        .filter(decisions::withdrawn_at.is_null())
        .group_by(decisions::commune_id)
        .select((
            decisions::commune_id,
            diesel::dsl::max(decisions::published_at),
        ))
        .load(conn)?)
}

/// What an open-data export states before its first row, read with aggregates and never from
/// the rows themselves: how many records it holds, when one last changed, the first and last
/// date they cover, and further counts that change with what the records show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extent {
    pub count: i64,
    pub modified: Option<chrono::NaiveDateTime>,
    pub first: Option<chrono::NaiveDate>,
    pub last: Option<chrono::NaiveDate>,
    /// Counts besides `count` whose change changes the export (votes cast, …).
    pub counters: Vec<i64>,
}

/// The open-data extent of a commune's published decisions: their number and session dates;
/// the last change of any of its decisions, a withdrawal included (a withdrawn decision leaves
/// the export, so its withdrawal is a change of it).
pub fn published_extent(conn: &mut DbConn, commune_id: i32) -> StoreResult<Extent> {
    use diesel::dsl::{count_star, max, min};
    let (count, first, last): (i64, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) =
        decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::withdrawn_at.is_null())
            .select((
                count_star(),
                min(decisions::session_date),
                max(decisions::session_date),
            ))
            .first(conn)?;
    let (updated, withdrawn): (Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>) =
        decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .select((max(decisions::updated_at), max(decisions::withdrawn_at)))
            .first(conn)?;
    Ok(Extent {
        count,
        modified: updated.max(withdrawn),
        first,
        last,
        counters: Vec::new(),
    })
}

/// A page of a commune's published (not withdrawn) decisions with their attachments, by id
/// after `after` (keyset pagination).
pub fn published_after(
    conn: &mut DbConn,
    commune_id: i32,
    after: i32,
    limit: i64,
) -> StoreResult<Vec<(Decision, Vec<Attachment>)>> {
    let decisions = decisions_of(
        decisions::table
            .filter(decisions::commune_id.eq(commune_id))
            .filter(decisions::withdrawn_at.is_null())
            .filter(decisions::id.gt(after))
            .order(decisions::id.asc())
            .limit(limit)
            .load(conn)?,
    )?;
    let ids: Vec<i32> = decisions.iter().map(|d| d.id).collect();
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::decision_id.eq_any(&ids))
        .order(attachments::id.asc())
        .load(conn)?;
    let mut files: std::collections::HashMap<i32, Vec<Attachment>> =
        std::collections::HashMap::new();
    for r in rows {
        files.entry(r.decision_id).or_default().push(r.into());
    }
    Ok(decisions
        .into_iter()
        .map(|d| {
            let mine = files.remove(&d.id).unwrap_or_default();
            (d, mine)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> DecisionRow {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("date");
        DecisionRow {
            id: 1,
            commune_id: 1,
            key: "k1".into(),
            reference: "D-2026-01".into(),
            kind: "proces_verbal".into(),
            title: "T".into(),
            summary: "S".into(),
            body_markdown: String::new(),
            body_html: String::new(),
            session_date: at.date(),
            status: "adopted".into(),
            votes_yes: Some(12),
            votes_no: Some(3),
            votes_abstain: Some(1),
            votes_absent: Some(0),
            themes: r#"["eau","voirie"]"#.into(),
            language: "fr".into(),
            published_at: at,
            updated_at: at,
            withdrawn_at: None,
            search_text: String::new(),
            amount: None,
        }
    }

    #[test]
    fn a_row_reads_as_typed_kind_status_votes_and_themes() {
        let d = Decision::try_from(row()).expect("valid row");
        assert_eq!(d.kind, DecisionKind::ProcesVerbal);
        assert_eq!(d.status, DecisionStatus::Adopted);
        assert_eq!(
            d.votes,
            Some(VoteCounts {
                yes: 12,
                no: 3,
                abstain: 1,
                absent: 0
            })
        );
        assert_eq!(d.themes, ["eau", "voirie"]);
        let none = Decision::try_from(DecisionRow {
            votes_yes: None,
            votes_no: None,
            votes_abstain: None,
            votes_absent: None,
            ..row()
        })
        .expect("valid row");
        assert_eq!(none.votes, None);
    }

    #[test]
    fn a_row_that_no_draft_could_have_written_is_refused_with_what_is_wrong() {
        let cases = [
            (
                DecisionRow {
                    kind: "decret".into(),
                    ..row()
                },
                "kind of decision",
            ),
            (
                DecisionRow {
                    status: "maybe".into(),
                    ..row()
                },
                "status of decision",
            ),
            (
                DecisionRow {
                    votes_no: None,
                    ..row()
                },
                "vote counts of decision",
            ),
            (
                DecisionRow {
                    votes_yes: Some(-1),
                    ..row()
                },
                "vote counts of decision",
            ),
            (
                DecisionRow {
                    themes: "eau, voirie".into(),
                    ..row()
                },
                "themes of decision",
            ),
        ];
        for (r, expected) in cases {
            match Decision::try_from(r) {
                Err(StoreError::Invalid { what, row, .. }) => {
                    assert_eq!((what, row.as_str()), (expected, "k1"));
                }
                other => panic!("{expected}: {other:?}"),
            }
        }
    }
}
