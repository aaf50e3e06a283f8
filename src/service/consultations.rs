//! Consultations: created by staff, published when they open, answered from the fediverse
//! (votes as Mastodon sends them), tallied back to followers and voters at most once a
//! minute, closed on time. The clock-driven steps (`tick`) run from the serving process and
//! read their state from the database, so a restart resumes them.

use super::inbound::{Once, Receipt};
use super::outbox::{enqueue, Outgoing};
use super::{App, ServiceError, ServiceResult};
use crate::domain::commune::Commune;
use crate::domain::consultation::{Channel, Consultation, ConsultationDraft, Phase, Tally};
use crate::domain::markdown::to_safe_html;
use crate::protocol::{activity, question};
use crate::store::consultations::{self as db, Ballot};
use crate::store::{communes, federation as fed, DbConn, StoreResult};
use chrono::{Duration, NaiveDateTime};

fn now() -> NaiveDateTime {
    crate::store::now()
}

/// The tally of a consultation as the store holds it now.
fn tally_in(conn: &mut DbConn, c: &Consultation) -> StoreResult<Tally> {
    let counted = db::counted(conn, c.id)?;
    let voters = db::voters(conn, c.id)?;
    Ok(Tally::of(c, &counted, voters))
}

/// Queues `kind` (Create or Update) of the Question to the followers and `extra` inboxes.
fn announce(
    conn: &mut DbConn,
    app: &App,
    commune: &Commune,
    c: &Consultation,
    kind: &str,
    extra: &[String],
    at: NaiveDateTime,
) -> StoreResult<()> {
    let tally = tally_in(conn, c)?;
    let object = question::question(&app.urls, commune, c, &tally, at);
    let actor = app.urls.commune(&commune.slug);
    let doc = activity::public(
        kind,
        &app.urls.new_activity(),
        &actor,
        &app.urls.followers(&commune.slug),
        object,
    );
    let mut inboxes = fed::follower_inboxes(conn, commune.id)?;
    inboxes.extend_from_slice(extra);
    let object_id = app.urls.consultation(&commune.slug, &c.key);
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

/// Creates a consultation; one that opens now is published in the same transaction.
pub async fn create(
    app: &App,
    commune: &Commune,
    input: &crate::domain::consultation::ConsultationInput,
) -> ServiceResult<Consultation> {
    let at = now();
    let draft = ConsultationDraft::parse(input, at)?;
    let html = to_safe_html(&draft.description);
    let (app2, slug, commune) = (app.clone(), commune.slug.clone(), commune.clone());
    let key = super::short_key();
    let c = app
        .store
        .transaction(move |conn| {
            let c = db::insert(conn, commune.id, &key, &draft, &html, at)?;
            if c.opens_at <= at {
                db::mark_published(conn, c.id, at)?;
                let c = db::by_id(conn, c.id)?;
                announce(conn, &app2, &commune, &c, "Create", &[], at)?;
                return Ok(c);
            }
            Ok(c)
        })
        .await?;
    app.wake.notify_one();
    tracing::info!(commune = %slug, key = %c.key, opens = %c.opens_at, "consultation created");
    Ok(c)
}

pub async fn find(app: &App, commune: &Commune, key: &str) -> ServiceResult<Consultation> {
    let (id, key) = (commune.id, key.to_string());
    app.store
        .run(move |c| db::find(c, id, &key))
        .await?
        .ok_or(ServiceError::NotFound("consultation"))
}

pub async fn of_commune(app: &App, commune: &Commune) -> ServiceResult<Vec<Consultation>> {
    let id = commune.id;
    Ok(app.store.run(move |c| db::of_commune(c, id)).await?)
}

/// The consultation and its results now.
pub async fn results(
    app: &App,
    commune: &Commune,
    key: &str,
) -> ServiceResult<(Consultation, Tally)> {
    let (id, key) = (commune.id, key.to_string());
    app.store
        .run(move |conn| {
            let Some(c) = db::find(conn, id, &key)? else {
                return Ok(None);
            };
            let t = tally_in(conn, &c)?;
            Ok(Some((c, t)))
        })
        .await?
        .ok_or(ServiceError::NotFound("consultation"))
}

/// What became of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Counted,
    /// The voter had already voted (for this option, in a multiple-choice consultation).
    AlreadyCounted,
    /// Not counted, and why (logged; the sender is told 422).
    Refused(&'static str),
}

/// A fediverse vote as Mastodon sends it: the option's `name`, from `receipt.actor`, whose
/// tally goes to `voter_inbox`.
pub async fn fediverse_vote(
    app: &App,
    receipt: &Receipt,
    commune: &Commune,
    key: &str,
    option: &str,
    voter_inbox: &str,
) -> ServiceResult<Once<VoteOutcome>> {
    let (commune_id, key, option) = (commune.id, key.to_string(), option.to_string());
    let (voter, inbox) = (receipt.actor.clone(), voter_inbox.to_string());
    receipt
        .once(app, move |conn| {
            let at = now();
            let Some(c) = db::find_for_update(conn, commune_id, &key)? else {
                return Ok(VoteOutcome::Refused("no such consultation"));
            };
            if !c.accepts(Channel::Fediverse) {
                return Ok(VoteOutcome::Refused(
                    "this consultation takes no fediverse votes",
                ));
            }
            match c.phase(at) {
                Phase::Scheduled => return Ok(VoteOutcome::Refused("not open yet")),
                Phase::Closed => return Ok(VoteOutcome::Refused("closed")),
                Phase::Open => {}
            }
            let Some(o) = c.option_named(&option) else {
                return Ok(VoteOutcome::Refused("unknown option"));
            };
            let ballot = Ballot {
                consultation: &c,
                option_id: o.id,
                channel: Channel::Fediverse,
                voter: &voter,
                voter_inbox: Some(&inbox),
            };
            if !db::cast(conn, &ballot, at)? {
                return Ok(VoteOutcome::AlreadyCounted);
            }
            db::mark_tally_due(conn, c.id, at)?;
            Ok(VoteOutcome::Counted)
        })
        .await
}

/// What one `tick` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ticked {
    pub opened: usize,
    pub tallied: usize,
    pub closed: usize,
}

fn tally_interval(app: &App) -> Duration {
    Duration::seconds(i64::try_from(app.config.tally_interval_secs).unwrap_or(60))
}

/// Publishes the consultations whose time has come, sends the due tallies (at most one per
/// consultation per `tally_interval_secs`), and closes those past their end with a final Update.
/// Each step is its own transaction and re-checks its row inside it (SQLite serializes
/// transactions; on PostgreSQL the row is locked), so two processes cannot both do it.
pub async fn tick(app: &App) -> ServiceResult<Ticked> {
    let at = now();
    let interval = tally_interval(app);
    let (opening, tallies, closing) = app
        .store
        .run(move |conn| {
            Ok((
                db::due_to_open(conn, at)?,
                db::due_tallies(conn, at - interval)?,
                db::due_to_close(conn, at)?,
            ))
        })
        .await?;
    let mut done = Ticked::default();
    let work = opening
        .into_iter()
        .map(|id| (id, Step::Open))
        .chain(tallies.into_iter().map(|id| (id, Step::Tally)))
        .chain(closing.into_iter().map(|id| (id, Step::Close)));
    for (id, which) in work {
        let app2 = app.clone();
        if app
            .store
            .transaction(move |conn| step(conn, &app2, id, at - interval, at, which))
            .await?
        {
            match which {
                Step::Open => done.opened += 1,
                Step::Tally => done.tallied += 1,
                Step::Close => done.closed += 1,
            }
        }
    }
    if done != Ticked::default() {
        app.wake.notify_one();
        tracing::info!(?done, "consultations: clock steps");
    }
    Ok(done)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Open,
    Tally,
    Close,
}

/// One clock step for consultation `id`, in its own transaction; false when another process
/// did it first (the row no longer needs it).
/// `tallied_before`: a tally is due only if the last one went out before it.
fn step(
    conn: &mut DbConn,
    app: &App,
    id: i32,
    tallied_before: NaiveDateTime,
    at: NaiveDateTime,
    step: Step,
) -> StoreResult<bool> {
    let c = db::lock(conn, id)?;
    let commune = communes::by_id(conn, c.commune_id)?;
    let still_due = match step {
        Step::Open => c.published_at.is_none() && c.opens_at <= at,
        Step::Tally => c.published_at.is_some() && db::tally_due(conn, id, tallied_before)?,
        Step::Close => c.published_at.is_some() && c.closed_at.is_none() && c.closes_at <= at,
    };
    if !still_due {
        return Ok(false);
    }
    match step {
        Step::Open => {
            db::mark_published(conn, id, at)?;
            let c = db::by_id(conn, id)?;
            announce(conn, app, &commune, &c, "Create", &[], at)?;
        }
        Step::Tally => {
            db::mark_tally_sent(conn, id, at)?;
            // Counts kept for the closing: an Update would carry none, so none is sent.
            if c.results_public(at) {
                let voters = db::voter_inboxes(conn, id)?;
                announce(conn, app, &commune, &c, "Update", &voters, at)?;
            }
        }
        Step::Close => {
            db::mark_closed(conn, id, at)?;
            let c = db::by_id(conn, id)?;
            let voters = db::voter_inboxes(conn, id)?;
            announce(conn, app, &commune, &c, "Update", &voters, at)?;
        }
    }
    Ok(true)
}

/// Runs `tick` every few seconds, for as long as the node serves.
pub async fn run(app: App) {
    loop {
        if let Err(e) = tick(&app).await {
            tracing::error!(error = %e, "consultations: clock step failed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

/// Generates `count` voting codes for the consultation and returns them, in clear, once: only
/// their hashes are kept.
pub async fn generate_codes(
    app: &App,
    commune: &Commune,
    key: &str,
    count: usize,
) -> ServiceResult<(i32, Vec<String>)> {
    use crate::domain::voting_code::{generate, hash, normalize, MAX_BATCH};
    if count == 0 || count > MAX_BATCH {
        return Err(crate::domain::Invalid::new(
            "count",
            format!("must be between 1 and {MAX_BATCH}"),
        )
        .into());
    }
    let c = find(app, commune, key).await?;
    if !c.accepts(Channel::Codes) {
        return Err(crate::domain::Invalid::new(
            "channels",
            "this consultation takes no voting codes",
        )
        .into());
    }
    if c.phase(now()) == Phase::Closed {
        return Err(ServiceError::Conflict("this consultation is closed".into()));
    }
    let mut codes = Vec::with_capacity(count);
    let mut hashes = std::collections::HashSet::with_capacity(count);
    {
        // The thread's generator stays on this thread: it is not held across an await.
        let mut rng = rand::thread_rng();
        while codes.len() < count {
            let code = generate(&mut rng);
            let canonical = normalize(&code)?;
            if hashes.insert(hash(&canonical)) {
                codes.push(code);
            }
        }
    }
    let hashes: Vec<String> = hashes.into_iter().collect();
    let id = c.id;
    // A collision with a code of another batch (one in 10^14 per pair) fails the unique index
    // and the whole batch: nothing half-stored, and the staff member asks again.
    let batch = app
        .store
        .transaction(move |conn| db::insert_codes(conn, id, &hashes, now()))
        .await?;
    tracing::info!(consultation = %c.key, batch, count, "voting codes generated");
    Ok((batch, codes))
}

/// Wrong codes allowed per client address in `CODE_WINDOW`.
pub const CODE_GUESSES: i64 = 10;
pub const CODE_WINDOW: Duration = Duration::minutes(15);

/// Why a code vote was not counted, each with its own message for the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    Malformed,
    Unknown,
    OtherConsultation,
    Used,
    NotOpen,
    Closed,
    NoCodes,
    /// No option chosen, an option that is not this consultation's, or several for a single
    /// choice.
    BadChoice,
    TooManyGuesses,
}

/// A vote with a voting code, from the public page: `options` are option ids; `address` is
/// the client's, for the guess limit.
pub async fn code_vote(
    app: &App,
    commune: &Commune,
    key: &str,
    code: &str,
    options: Vec<i32>,
    address: &str,
) -> ServiceResult<Result<(), CodeRefusal>> {
    use crate::domain::voting_code::{hash, normalize};
    let canonical = normalize(code);
    let (commune_id, key, address) = (commune.id, key.to_string(), address.to_string());
    let outcome = app
        .store
        .transaction(move |conn| {
            let at = now();
            if db::code_failures(conn, &address, at - CODE_WINDOW)? >= CODE_GUESSES {
                return Ok(Err(CodeRefusal::TooManyGuesses));
            }
            let Some(c) = db::find_for_update(conn, commune_id, &key)? else {
                return Ok(Err(CodeRefusal::Unknown));
            };
            let refuse = |conn: &mut DbConn, why: CodeRefusal| -> StoreResult<_> {
                db::record_code_failure(conn, &address, at)?;
                Ok(Err(why))
            };
            let Ok(canonical) = &canonical else {
                return refuse(conn, CodeRefusal::Malformed);
            };
            let Some(stored) = db::code_by_hash(conn, &hash(canonical))? else {
                return refuse(conn, CodeRefusal::Unknown);
            };
            if stored.consultation_id != c.id {
                return refuse(conn, CodeRefusal::OtherConsultation);
            }
            if !c.accepts(Channel::Codes) {
                return Ok(Err(CodeRefusal::NoCodes));
            }
            match c.phase(at) {
                Phase::Scheduled => return Ok(Err(CodeRefusal::NotOpen)),
                Phase::Closed => return Ok(Err(CodeRefusal::Closed)),
                Phase::Open => {}
            }
            let mut chosen = options.clone();
            chosen.sort_unstable();
            chosen.dedup();
            let known = chosen
                .iter()
                .all(|id| c.options.iter().any(|o| o.id == *id));
            if chosen.is_empty() || !known || (!c.multiple && chosen.len() > 1) {
                return Ok(Err(CodeRefusal::BadChoice));
            }
            if stored.used_at.is_some() || !db::spend_code(conn, stored.id, at)? {
                return Ok(Err(CodeRefusal::Used));
            }
            let voter = format!("code:{}", stored.id);
            for option_id in chosen {
                db::cast(
                    conn,
                    &Ballot {
                        consultation: &c,
                        option_id,
                        channel: Channel::Codes,
                        voter: &voter,
                        voter_inbox: None,
                    },
                    at,
                )?;
            }
            db::mark_tally_due(conn, c.id, at)?;
            Ok(Ok(()))
        })
        .await?;
    if let Err(why) = outcome {
        tracing::warn!(commune = %commune.slug, ?why, "voting code refused");
    }
    Ok(outcome)
}

/// Paper ballots counted at `place`: the count per option name, entered by `by`. Every change
/// is logged; the tally goes out like any other vote.
pub async fn set_paper_counts(
    app: &App,
    commune: &Commune,
    key: &str,
    place: &str,
    counts: Vec<(String, i64)>,
    note: &str,
    by: &str,
) -> ServiceResult<Tally> {
    use crate::domain::Invalid;
    let place = crate::domain::required_text("place", place, 100)?;
    let note = note.trim().chars().take(500).collect::<String>();
    let c = find(app, commune, key).await?;
    if !c.accepts(Channel::Paper) {
        return Err(Invalid::new("channels", "this consultation takes no paper ballots").into());
    }
    let mut entries = Vec::with_capacity(counts.len());
    for (name, n) in counts {
        let option = c
            .options
            .iter()
            .find(|o| o.name == name.trim())
            .ok_or_else(|| Invalid::new("counts", format!("\"{name}\" is not an option")))?;
        let n = i32::try_from(n)
            .ok()
            .filter(|n| (0..=1_000_000).contains(n))
            .ok_or_else(|| Invalid::new("counts", "must be whole numbers from 0"))?;
        entries.push((option.id, n));
    }
    if entries.is_empty() {
        return Err(Invalid::new("counts", "no count given").into());
    }
    let (id, by) = (c.id, by.to_string());
    let tally = app
        .store
        .transaction(move |conn| {
            let at = now();
            let c = db::lock(conn, id)?;
            let mut changed = false;
            for (option_id, votes) in entries {
                let entry = db::PaperEntry {
                    consultation_id: id,
                    option_id,
                    place: &place,
                    votes,
                    note: &note,
                    by: &by,
                };
                changed |= db::set_paper_count(conn, &entry, at)?;
            }
            // Paper is often counted after the polls close: a closed consultation's counts
            // go out again too.
            if changed {
                db::mark_tally_due(conn, id, at)?;
            }
            tally_in(conn, &c)
        })
        .await?;
    Ok(tally)
}

pub async fn paper_log(
    app: &App,
    consultation: &Consultation,
) -> ServiceResult<Vec<crate::domain::consultation::PaperChange>> {
    let id = consultation.id;
    Ok(app.store.run(move |c| db::paper_log(c, id)).await?)
}

/// Edits a consultation. Before its first vote everything can change; after it, only the
/// description and a later closing time (the options are what the votes count). A published
/// consultation's followers get the `Update{Question}`, with a new `updated`.
pub async fn edit(
    app: &App,
    commune: &Commune,
    key: &str,
    input: &crate::domain::consultation::ConsultationInput,
) -> ServiceResult<Consultation> {
    use crate::domain::Invalid;
    let current = find(app, commune, key).await?;
    let mut input = input.clone();
    if input.opens_at.is_none() {
        input.opens_at = Some(crate::protocol::article::rfc3339(current.opens_at));
    }
    let at = now();
    let draft = ConsultationDraft::parse(&input, at)?;
    let html = to_safe_html(&draft.description);
    let (app2, commune) = (app.clone(), commune.clone());
    let id = current.id;
    let c = app
        .store
        .transaction(move |conn| {
            let c = db::lock(conn, id)?;
            if c.closed_at.is_some() || c.phase(at) == Phase::Closed {
                return Ok(Err(ServiceError::Conflict(
                    "this consultation is closed".into(),
                )));
            }
            if db::has_votes(conn, id)? {
                let names: Vec<&str> = c.options.iter().map(|o| o.name.as_str()).collect();
                let fixed = [
                    ("options", draft.options.iter().map(String::as_str).ne(names.iter().copied())
                        || draft.multiple != c.multiple),
                    ("title", draft.title != c.title),
                    ("question", draft.question != c.question),
                    ("opens_at", draft.opens_at != c.opens_at),
                    ("channels", draft.channels != c.channels),
                    ("results", draft.results != c.results),
                    ("language", draft.language != c.language),
                ];
                if let Some((field, _)) = fixed.iter().find(|(_, changed)| *changed) {
                    return Ok(Err(Invalid::new(
                        field,
                        "cannot change after the first vote: only the description and a later closing time can",
                    )
                    .into()));
                }
                if draft.closes_at < c.closes_at {
                    return Ok(Err(Invalid::new(
                        "closes_at",
                        "can only move later after the first vote",
                    )
                    .into()));
                }
                db::amend(conn, id, &draft.description, &html, draft.closes_at, at)?;
            } else {
                db::replace(conn, id, &draft, &html, at)?;
            }
            let c = db::by_id(conn, id)?;
            if c.published_at.is_some() {
                announce(conn, &app2, &commune, &c, "Update", &[], at)?;
            }
            Ok(Ok(c))
        })
        .await??;
    app.wake.notify_one();
    Ok(c)
}

/// Voting codes issued and used for the consultation.
pub async fn code_counts(app: &App, c: &Consultation) -> ServiceResult<(i64, i64)> {
    let id = c.id;
    Ok(app.store.run(move |conn| db::code_counts(conn, id)).await?)
}

/// Whether it has a vote on any channel: after that, its question and options are fixed.
pub async fn has_votes(app: &App, c: &Consultation) -> ServiceResult<bool> {
    let id = c.id;
    Ok(app.store.run(move |conn| db::has_votes(conn, id)).await?)
}
