//! The `palabre` command: runs the node and administers it.

use anyhow::Context;
use clap::{Parser, Subcommand};
use palabre::config::Config;
use palabre::domain::commune::{CommuneProfile, CommuneProfileInput};
use palabre::domain::slug::Slug;
use palabre::service::{communes, follows, remote, App};
use std::path::PathBuf;

/// Palabre: a federated node for open local government.
///
/// Configuration comes from --config (TOML) and PALABRE_* environment variables with the same
/// keys (PALABRE_DOMAIN, PALABRE_BIND, DATABASE_URL, PALABRE_DEV=1, ...). See docs/CONFIG.md.
#[derive(Parser)]
#[command(name = "palabre", version)]
struct Cli {
    /// TOML configuration file.
    #[arg(long, global = true, env = "PALABRE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the node: web, ActivityPub and the delivery workers. Creates the database and runs
    /// migrations on first start.
    Serve,
    /// Create, list and edit the communes hosted on this node.
    #[command(subcommand)]
    Commune(CommuneCmd),
    /// Create and revoke API tokens for a commune's staff.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Create staff accounts for a commune's web admin (the first admin is made here).
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Consultations: create them, print voting codes, enter paper ballots, read results.
    #[command(subcommand)]
    Consultation(ConsultationCmd),
    /// Budgets: import a year's CSV (docs/budget/README.md), list the years.
    #[command(subcommand)]
    Budget(BudgetCmd),
    /// Make a commune follow a remote actor (@user@host or actor URL).
    Follow { slug: String, target: String },
    /// Make a commune stop following a remote actor.
    Unfollow { slug: String, target: String },
    /// Share (Announce) a followed commune's decision with this commune's followers.
    Share {
        slug: String,
        /// The id (URL) of the remote decision.
        object: String,
    },
    /// Refuse all activities from an instance, and stop fetching from it.
    Block {
        host: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Lift a block.
    Unblock { host: String },
    /// List blocked instances.
    Blocked,
    /// Show delivery counts by state, the health of remote hosts, and refusals per host.
    Deliveries,
    /// Public holidays that follow the moon (Korité, Tabaski…), entered each year; they move
    /// request deadlines like the fixed ones in the rules file.
    #[command(subcommand)]
    Holiday(HolidayCmd),
}

#[derive(Subcommand)]
enum BudgetCmd {
    /// Import a CSV in the template: all or nothing, errors listed by line and column in the
    /// language of `LANG` (French by default). Published to followers at once.
    Import {
        #[arg(long)]
        commune: String,
        /// The date the execution figures are as of (default: today in the commune).
        #[arg(long)]
        situation: Option<chrono::NaiveDate>,
        file: std::path::PathBuf,
    },
    /// The commune's budgets: year, reports, totals and execution rates.
    List {
        #[arg(long)]
        commune: String,
    },
}

#[derive(Subcommand)]
enum HolidayCmd {
    /// Enter a holiday: `palabre holiday add SN 2026-03-20 Korité`.
    Add {
        country: String,
        day: chrono::NaiveDate,
        name: String,
    },
    /// List the holidays entered for a country.
    List { country: String },
}

#[derive(Subcommand)]
enum ConsultationCmd {
    /// Create a consultation; it is published to followers when it opens.
    Create {
        slug: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        question: String,
        /// One per choice, 2 to 20, each at most 50 characters.
        #[arg(long = "option", required = true)]
        options: Vec<String>,
        #[arg(long)]
        multiple: bool,
        /// Markdown.
        #[arg(long)]
        description: Option<String>,
        /// RFC 3339 (2027-01-10T08:00:00Z); default now.
        #[arg(long)]
        opens_at: Option<String>,
        /// RFC 3339.
        #[arg(long)]
        closes_at: String,
        /// Comma-separated among fediverse, codes, paper; default all three.
        #[arg(long)]
        channels: Option<String>,
        /// while_open (default) or after_closing.
        #[arg(long)]
        results: Option<String>,
        #[arg(long)]
        language: Option<String>,
    },
    /// List a commune's consultations.
    List { slug: String },
    /// Generate voting codes, printed once (one per line, or CSV with --csv).
    Codes {
        slug: String,
        key: String,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        csv: bool,
    },
    /// Enter the paper ballots counted at a polling place: --count "Oui=40" per option.
    Paper {
        slug: String,
        key: String,
        #[arg(long)]
        place: String,
        #[arg(long = "count", required = true)]
        counts: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Results per option and channel.
    Results { slug: String, key: String },
}

#[derive(Subcommand)]
enum CommuneCmd {
    /// Create a commune (an ActivityPub actor @SLUG@domain).
    Add {
        slug: String,
        #[arg(long)]
        name: String,
        /// SN, GN, GW or NE.
        #[arg(long)]
        country: String,
        #[command(flatten)]
        details: Box<Details>,
    },
    /// List communes.
    List,
    /// Change a commune's profile; unset options keep their value.
    Edit {
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[command(flatten)]
        details: Box<Details>,
    },
}

#[derive(clap::Args)]
struct Details {
    #[arg(long)]
    region: Option<String>,
    #[arg(long)]
    population: Option<i64>,
    #[arg(long)]
    website: Option<String>,
    /// Comma-separated language codes, e.g. fr,wo.
    #[arg(long)]
    languages: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// URL of the commune's logo.
    #[arg(long)]
    icon_url: Option<String>,
    #[arg(long)]
    contact_email: Option<String>,
    #[arg(long)]
    contact_phone: Option<String>,
    /// Postal address of the town hall.
    #[arg(long)]
    address: Option<String>,
    /// Legal information: the commune's legal form, its founding text, who publishes.
    #[arg(long)]
    legal_notice: Option<String>,
    /// IANA time zone for dates on the commune's pages; default: the country's capital.
    #[arg(long)]
    timezone: Option<String>,
    /// Licence of the commune's open data (SPDX id): CC-BY-4.0 (default), CC-BY-SA-4.0,
    /// CC0-1.0, ODbL-1.0, etalab-2.0.
    #[arg(long)]
    data_licence: Option<String>,
}

#[derive(Subcommand)]
enum StaffCmd {
    /// Create an account; a generated password is printed once, as the last line.
    Add {
        slug: String,
        username: String,
        /// admin (everything, including staff and settings), editor (publish) or moderator.
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// List a commune's staff accounts.
    List { slug: String },
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Create a token; it is printed once, as the last line.
    Create {
        slug: String,
        #[arg(long)]
        label: Option<String>,
    },
    /// Revoke a token by its number (see `token list`).
    Revoke { slug: String, id: i32 },
    /// List a commune's tokens (numbers and labels, never the secret).
    List { slug: String },
}

fn input(name: Option<String>, country: Option<String>, d: Box<Details>) -> CommuneProfileInput {
    CommuneProfileInput {
        name,
        country,
        region: d.region,
        population: d.population,
        website: d.website,
        languages: d.languages,
        description: d.description,
        icon_url: d.icon_url,
        contact_email: d.contact_email,
        contact_phone: d.contact_phone,
        address: d.address,
        legal_notice: d.legal_notice,
        timezone: d.timezone,
        data_licence: d.data_licence,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The request's thread only queues its log line; a background thread writes it, a batch
    // per write (it flushes whenever the queue is drained). Not lossy: when the queue is full
    // the request waits rather than dropping a line.
    let (log_writer, _log_flushed_on_exit) =
        tracing_appender::non_blocking::NonBlockingBuilder::default()
            .lossy(false)
            .finish(std::io::BufWriter::with_capacity(
                64 * 1024,
                std::io::stderr(),
            ));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,activitypub_federation=warn".into()),
        )
        .with_writer(log_writer)
        // Colour codes only for a person at a terminal, not in journald or a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref()).context("configuration")?;
    let app = App::open(config).context("opening the node")?;
    match cli.command {
        Command::Serve => palabre::web::serve(app).await?,
        Command::Commune(CommuneCmd::Add {
            slug,
            name,
            country,
            details,
        }) => {
            let slug = Slug::parse(&slug)?;
            let profile = CommuneProfile::parse(&input(Some(name), Some(country), details), None)?;
            let c = communes::create(&app, slug, profile).await?;
            println!(
                "created {} (@{}@{})",
                app.urls.commune(&c.slug),
                c.slug,
                app.urls.authority()
            );
        }
        Command::Commune(CommuneCmd::List) => {
            for c in app.store.run(palabre::store::communes::all).await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    c.slug,
                    c.country.code(),
                    c.name,
                    c.region.unwrap_or_default()
                );
            }
        }
        Command::Commune(CommuneCmd::Edit {
            slug,
            name,
            country,
            details,
        }) => {
            let c = communes::edit(&app, &slug, input(name, country, details), None).await?;
            println!("updated {}", c.slug);
        }
        Command::Staff(StaffCmd::Add {
            slug,
            username,
            role,
        }) => {
            let c = communes::get(&app, &slug).await?;
            let role = palabre::domain::staff::Role::parse(&role)?;
            let password = palabre::service::staff::generate_password();
            let s = palabre::service::staff::create(&app, c.id, &username, &password, role).await?;
            println!(
                "{} ({}) can sign in at {}/admin/login with this password (shown once):",
                s.username,
                s.role,
                app.urls.commune(&c.slug)
            );
            println!("{password}");
        }
        Command::Staff(StaffCmd::List { slug }) => {
            let c = communes::get(&app, &slug).await?;
            for s in palabre::service::staff::of_commune(&app, c.id).await? {
                println!("{}\t{}\t{}", s.username, s.role, s.created_at);
            }
        }
        Command::Token(TokenCmd::Create { slug, label }) => {
            let (id, token) = communes::create_token(&app, &slug, label).await?;
            println!("token {id} for {slug} (shown once, keep it safe):");
            println!("{token}");
        }
        Command::Token(TokenCmd::Revoke { slug, id }) => {
            communes::revoke_token(&app, &slug, id).await?;
            println!("revoked token {id} of {slug}");
        }
        Command::Token(TokenCmd::List { slug }) => {
            let c = communes::get(&app, &slug).await?;
            for (id, label, created, revoked) in app
                .store
                .run(move |conn| palabre::store::communes::tokens(conn, c.id))
                .await?
            {
                let state = if revoked.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!("{id}\t{state}\t{created}\t{}", label.unwrap_or_default());
            }
        }
        Command::Consultation(cmd) => consultation(&app, cmd).await?,
        Command::Budget(cmd) => budget(&app, cmd).await?,
        Command::Follow { slug, target } => {
            communes::get(&app, &slug).await?;
            let actor = resolve(&app, &target).await?;
            follows::follow(&app, &slug, actor.row.clone()).await?;
            println!(
                "{slug} now follows {} (waiting for Accept)",
                actor.row.ap_id
            );
        }
        Command::Unfollow { slug, target } => {
            let actor = resolve(&app, &target).await?;
            follows::unfollow(&app, &slug, actor.row.clone()).await?;
            println!("{slug} no longer follows {}", actor.row.ap_id);
        }
        Command::Share { slug, object } => {
            let id = remote::share(&app, &slug, &object).await?;
            println!("shared as {id}");
        }
        Command::Block { host, reason } => {
            let added = remote::block(&app, &host, reason).await?;
            println!("{}", if added { "blocked" } else { "already blocked" });
        }
        Command::Unblock { host } => {
            let removed = remote::unblock(&app, &host).await?;
            println!(
                "{}",
                if removed {
                    "unblocked"
                } else {
                    "was not blocked"
                }
            );
        }
        Command::Blocked => {
            for b in app.store.run(palabre::store::federation::blocked).await? {
                println!(
                    "{}\t{}\t{}",
                    b.host,
                    b.created_at,
                    b.reason.unwrap_or_default()
                );
            }
        }
        Command::Deliveries => {
            print!("{}", palabre::delivery::report(&app).await?);
        }
        Command::Holiday(HolidayCmd::Add { country, day, name }) => {
            let country = palabre::domain::commune::Country::parse(&country)?;
            if palabre::service::requests::add_holiday(&app, country, day, &name).await? {
                println!("{day} is a public holiday in {} ({name})", country.code());
            } else {
                println!("{day} was already a public holiday in {}", country.code());
            }
        }
        Command::Holiday(HolidayCmd::List { country }) => {
            let country = palabre::domain::commune::Country::parse(&country)?;
            for (day, name) in palabre::service::requests::holidays(&app, country).await? {
                println!("{day}\t{name}");
            }
        }
    }
    Ok(())
}

/// The operator's language for messages from the catalogs: `LANG` (`pt_GW.UTF-8`), else French.
fn operator_lang() -> palabre::l10n::Lang {
    std::env::var("LANG")
        .ok()
        .and_then(|l| palabre::l10n::Lang::parse(&l))
        .unwrap_or(palabre::l10n::Lang::Fr)
}

async fn budget(app: &App, cmd: BudgetCmd) -> anyhow::Result<()> {
    use palabre::domain::budget::{Direction, Summary};
    use palabre::service::budgets as svc;
    match cmd {
        BudgetCmd::Import {
            commune,
            situation,
            file,
        } => {
            let c = communes::get(app, &commune).await?;
            let size = std::fs::metadata(&file)
                .with_context(|| format!("cannot read {}", file.display()))?
                .len();
            let lang = operator_lang();
            if size > palabre::domain::budget_csv::MAX_BYTES as u64 {
                anyhow::bail!("{}", lang.t("budget-csv-too-large"));
            }
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let parsed = match palabre::domain::budget_csv::parse(&bytes) {
                Ok(p) => p,
                Err(errors) => {
                    for e in &errors {
                        let msg = palabre::l10n::csv_error(lang, e);
                        match e.column {
                            Some(col) => eprintln!("{}:{}:{col}: {msg}", file.display(), e.line),
                            None => eprintln!("{}:{}: {msg}", file.display(), e.line),
                        }
                    }
                    anyhow::bail!("{}", palabre::l10n::csv_errors_summary(lang, errors.len()));
                }
            };
            let situation = situation.unwrap_or_else(|| c.local_date(palabre::store::now()));
            let imported = svc::import(app, &c, parsed, situation).await?;
            let lines = imported.view.lines();
            let s = Summary::of(&lines);
            println!(
                "{}\t{} lines\t{}",
                app.urls.budget(&c.slug, imported.view.budget.year),
                lines.len(),
                if imported.created {
                    "published"
                } else {
                    "updated"
                }
            );
            for d in [Direction::Expenditure, Direction::Revenue] {
                let t = &s.side(d).totals;
                println!(
                    "{}\tfinal {}\texecuted {}\trate {}",
                    d.code(),
                    t.final_forecast.map(|v| v.to_string()).unwrap_or_default(),
                    t.executed(d).map(|v| v.to_string()).unwrap_or_default(),
                    t.rate(d)
                        .value()
                        .map(|v| format!("{:.1}%", v * 100.0))
                        .unwrap_or_default(),
                );
            }
        }
        BudgetCmd::List { commune } => {
            let c = communes::get(app, &commune).await?;
            for b in svc::list(app, &c).await? {
                let Some(view) = svc::view(app, &c, b.year).await? else {
                    continue;
                };
                let lines = view.lines();
                let s = Summary::of(&lines);
                println!(
                    "{}\t{} reports\tlatest {}\texpenditure {}\trevenue {}",
                    b.year,
                    b.reports.len(),
                    b.latest()
                        .map(|r| r.situation_on.to_string())
                        .unwrap_or_default(),
                    s.expenditure
                        .rate()
                        .value()
                        .map(|v| format!("{:.1}%", v * 100.0))
                        .unwrap_or_default(),
                    s.revenue
                        .rate()
                        .value()
                        .map(|v| format!("{:.1}%", v * 100.0))
                        .unwrap_or_default(),
                );
            }
        }
    }
    Ok(())
}

async fn consultation(app: &App, cmd: ConsultationCmd) -> anyhow::Result<()> {
    use palabre::domain::consultation::ConsultationInput;
    use palabre::service::consultations as svc;
    match cmd {
        ConsultationCmd::Create {
            slug,
            title,
            question,
            options,
            multiple,
            description,
            opens_at,
            closes_at,
            channels,
            results,
            language,
        } => {
            let c = communes::get(app, &slug).await?;
            let input = ConsultationInput {
                title: Some(title),
                question: Some(question),
                description,
                options: Some(options),
                multiple: Some(multiple),
                opens_at,
                closes_at: Some(closes_at),
                channels: channels.map(|c| c.split(',').map(str::to_string).collect()),
                results,
                language,
            };
            let made = svc::create(app, &c, &input).await?;
            println!(
                "consultation {} created: {}",
                made.key,
                app.urls.consultation(&slug, &made.key)
            );
        }
        ConsultationCmd::List { slug } => {
            let c = communes::get(app, &slug).await?;
            let now = palabre::store::now();
            for k in svc::of_commune(app, &c).await? {
                println!(
                    "{}	{:?}	{}	{}	{}",
                    k.key,
                    k.phase(now),
                    k.opens_at,
                    k.closes_at,
                    k.title
                );
            }
        }
        ConsultationCmd::Codes {
            slug,
            key,
            count,
            csv,
        } => {
            let c = communes::get(app, &slug).await?;
            let (batch, codes) = svc::generate_codes(app, &c, &key, count).await?;
            eprintln!("batch {batch}: {count} codes, shown once (only their hashes are kept)");
            if csv {
                println!("code");
            }
            for code in codes {
                println!("{code}");
            }
        }
        ConsultationCmd::Paper {
            slug,
            key,
            place,
            counts,
            note,
        } => {
            let c = communes::get(app, &slug).await?;
            let mut parsed = Vec::new();
            for entry in &counts {
                let (name, n) = entry
                    .rsplit_once('=')
                    .with_context(|| format!("--count {entry:?}: write OPTION=NUMBER"))?;
                let n: i64 = n
                    .trim()
                    .parse()
                    .with_context(|| format!("--count {entry:?}: not a whole number"))?;
                parsed.push((name.to_string(), n));
            }
            svc::set_paper_counts(app, &c, &key, &place, parsed, &note, "cli").await?;
            println!("paper ballots of {place} recorded");
        }
        ConsultationCmd::Results { slug, key } => {
            let c = communes::get(app, &slug).await?;
            let (_, tally) = svc::results(app, &c, &key).await?;
            println!("option\tfediverse\tcodes\tpaper\ttotal");
            for (o, n) in &tally.options {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    o.name,
                    n.fediverse,
                    n.codes,
                    n.paper,
                    n.total()
                );
            }
            let v = tally.voters;
            println!(
                "voters\t{}\t{}\t{}\t{}",
                v.fediverse,
                v.codes,
                v.paper,
                v.total()
            );
        }
    }
    Ok(())
}

async fn resolve(
    app: &App,
    target: &str,
) -> anyhow::Result<palabre::federation::actors::RemoteActorObj> {
    let fed = palabre::federation::configure(app.clone()).await?;
    let data = fed.to_request_data();
    palabre::federation::resolve::actor(&data, target)
        .await
        .with_context(|| format!("cannot resolve {target}"))
}
