//! Storage: one connection type over SQLite and PostgreSQL, the pool, migrations, and the
//! queries of each record type. Nothing above this module writes SQL.

pub mod activities;
pub mod budgets;
pub mod comments;
pub mod commitments;
pub mod communes;
pub mod consultations;
pub mod decisions;
pub mod federation;
pub mod limits;
pub mod models;
pub mod reports;
pub mod requests;
pub mod revision;
pub mod schema;
pub mod staff;

use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Diesel(#[from] diesel::result::Error),
    #[error("cannot connect to the database: {0}")]
    Connection(String),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("unsupported DATABASE_URL scheme (use sqlite://PATH or postgres://…)")]
    UnsupportedUrl,
    #[error("background task failed: {0}")]
    Join(String),
    #[error("stored {what} {row:?} is not valid: {value:?}")]
    Invalid {
        what: &'static str,
        row: String,
        value: String,
    },
}

impl StoreError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::Diesel(diesel::result::Error::NotFound))
    }
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Diesel(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite://") || url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

/// Chooses the backend from the URL scheme. The stock manager tries each backend in turn and,
/// when PostgreSQL is unreachable, silently creates a SQLite file named after the URL.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    pub fn new(url: &str) -> Result<Self, StoreError> {
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite => url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .to_string(),
            Backend::Postgres => url.to_string(),
        };
        Ok(Manager { url, backend })
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match self.backend {
            Backend::Postgres => diesel::PgConnection::establish(&self.url)
                .map(DbConn::Pg)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&self.url)
                    .map_err(r2d2::Error::ConnectionError)?;
                // busy_timeout first: it makes writers queue instead of failing while another
                // connection holds the lock, including during the pragmas below.
                for pragma in [
                    "PRAGMA busy_timeout = 10000",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA synchronous = NORMAL",
                ] {
                    diesel::sql_query(pragma)
                        .execute(&mut conn)
                        .map_err(r2d2::Error::QueryError)?;
                }
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map(|_| ())
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// The connection pool, shared by the web handlers, the delivery workers and the CLI.
#[derive(Clone)]
pub struct Store {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    generation: revision::Generation,
}

impl Store {
    /// Connects and runs the embedded migrations of the URL's backend.
    pub fn open(url: &str) -> StoreResult<Self> {
        let manager = Manager::new(url)?;
        if manager.backend == Backend::Sqlite {
            // WAL lets readers proceed during a write. It is a property of the file, set once
            // here rather than by every pooled connection racing for the lock.
            let mut conn = manager
                .connect()
                .map_err(|e| StoreError::Connection(e.to_string()))?;
            diesel::sql_query("PRAGMA journal_mode = WAL")
                .execute(&mut conn)
                .map_err(StoreError::Diesel)?;
        }
        let backend = manager.backend;
        // SQLite allows one writer at a time; a small pool avoids long busy waits.
        let size = match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 16,
        };
        let pool = r2d2::Pool::builder()
            .max_size(size)
            // A SQLite connection is a local file handle that cannot break; checking it with a
            // query on every checkout cost more than most reads it served.
            .test_on_check_out(backend == Backend::Postgres)
            .connection_timeout(std::time::Duration::from_secs(30))
            .build(manager)
            .map_err(|e| StoreError::Connection(e.to_string()))?;
        let store = Store {
            pool,
            backend,
            generation: revision::Generation::default(),
        };
        store.migrate()?;
        let filled = decisions::fill_search_text(&mut *store.pool.get()?)?;
        if filled > 0 {
            tracing::info!(filled, "search text filled for older decisions");
        }
        Ok(store)
    }

    fn migrate(&self) -> StoreResult<()> {
        let mut conn = self.pool.get()?;
        let result = match &mut *conn {
            DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        };
        result.map_err(|e| StoreError::Migration(e.to_string()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Raised after each commit that changed published documents (see [`revision`]).
    pub fn generation(&self) -> &revision::Generation {
        &self.generation
    }

    /// Runs blocking database work on tokio's blocking pool.
    pub async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> StoreResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Join(e.to_string()))?
    }

    /// Same as [`Store::run`], inside one transaction.
    pub async fn transaction<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> StoreResult<T> + Send + 'static,
    {
        let generation = self.generation.clone();
        self.run(move |conn| {
            let value = in_transaction(conn, f)?;
            if revision::committed() {
                generation.raise();
            }
            Ok(value)
        })
        .await
    }

    /// For the CLI, which has no runtime of its own to spare.
    pub fn blocking<T>(&self, f: impl FnOnce(&mut DbConn) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.pool.get()?;
        let value = in_transaction(&mut conn, f)?;
        if revision::committed() {
            self.generation.raise();
        }
        Ok(value)
    }
}

/// Runs `f` in a transaction. On SQLite it begins IMMEDIATE: a deferred transaction that reads
/// and then writes cannot wait for the lock (SQLite answers "database is locked" at once, since
/// waiting could deadlock), while an immediate one queues behind `busy_timeout` like any writer.
/// Nothing inside `f` opens a transaction of its own.
fn in_transaction<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> StoreResult<T>,
) -> StoreResult<T> {
    revision::begin();
    if matches!(conn, DbConn::Pg(_)) {
        return conn.transaction(f);
    }
    /// Rolls back if `f` returns early or panics, so the pooled connection comes back clean.
    struct Open<'a>(Option<&'a mut DbConn>);
    impl Drop for Open<'_> {
        fn drop(&mut self) {
            if let Some(c) = self.0.take() {
                let _ = diesel::sql_query("ROLLBACK").execute(c);
            }
        }
    }
    diesel::sql_query("BEGIN IMMEDIATE").execute(conn)?;
    let mut open = Open(Some(conn));
    let c = open
        .0
        .as_deref_mut()
        .ok_or(StoreError::Join("transaction".into()))?;
    let value = f(c)?;
    diesel::sql_query("COMMIT").execute(c)?;
    open.0 = None;
    Ok(value)
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
