//! The connection pool for either engine, start-up and migrations.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::StoreError;

/// Which engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One connection of either engine, borrowed: what the call writer's
/// statements run on, a pooled connection ([`Store::acquire`]) or the
/// writer's own ([`crate::writer::WriterConnection`]).
pub(crate) enum Db<'c> {
    Sqlite(&'c mut sqlx::SqliteConnection),
    Postgres(&'c mut sqlx::PgConnection),
}

impl Db<'_> {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A connection taken from the pool; back to it when dropped.
pub(crate) enum Pooled {
    Sqlite(PoolConnection<sqlx::Sqlite>),
    Postgres(PoolConnection<sqlx::Postgres>),
}

impl Pooled {
    pub(crate) fn db(&mut self) -> Db<'_> {
        match self {
            Pooled::Sqlite(c) => Db::Sqlite(c),
            Pooled::Postgres(c) => Db::Postgres(c),
        }
    }
}

/// Run the same expression on whichever pool the store holds. The body is
/// compiled once per engine, so a query that does not type-check on both
/// does not compile.
macro_rules! on_pool {
    ($store:expr, |$p:ident| $body:expr) => {
        match &$store.pool {
            $crate::db::Pool::Sqlite($p) => $body,
            $crate::db::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Append `rows` parenthesised rows of `cols` placeholders each, for a
/// multi-row `INSERT … VALUES`, bound in order. SQLite gets anonymous `?`:
/// it looks every numbered `$n` up in a list, which is quadratic in the
/// number of parameters (a batch of 256 calls spent a tenth of the
/// writer's time there); PostgreSQL only knows `$n`.
pub(crate) fn push_value_rows(sql: &mut String, backend: Backend, rows: usize, cols: usize) {
    use std::fmt::Write as _;
    for i in 0..rows {
        sql.push_str(if i == 0 { "(" } else { ", (" });
        for k in 1..=cols {
            if k > 1 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    let _ = write!(sql, "${}", i * cols + k);
                }
            }
        }
        sql.push(')');
    }
}

/// The application's store: cheap to clone, shared by every handler.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: Pool,
    /// Bumped by every write to routing configuration (campaigns, buyers,
    /// numbers, pools, RTB targets and their assignments).
    config: Arc<AtomicU64>,
}

/// Bumps the store's configuration version when dropped: held by every
/// method that writes routing configuration, so that the version moves
/// once the write is over, whatever its outcome (a failed write costs a
/// needless refresh, never a missed one).
pub(crate) struct ConfigWrite(Arc<AtomicU64>);

impl Drop for ConfigWrite {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Store {
    /// Connect to `sqlite://path` (the file and its folder are created) or
    /// `postgres://…`. Does not migrate; call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url).await
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            Self::connect_postgres(options).await
        } else {
            Err(StoreError::Database(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            )))
        }
    }

    /// Connect to PostgreSQL with explicit options (tests use a schema per
    /// test through `search_path`).
    pub async fn connect_postgres(options: PgConnectOptions) -> Result<Self, StoreError> {
        // JIT compiling costs ~10 ms per big query and never pays back on
        // queries that answer within a few hundred milliseconds.
        let options = options.options([("jit", "off")]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(Self::of(Pool::Postgres(pool)))
    }

    /// Connect to PostgreSQL inside `schema` (created if missing), so that
    /// several test runs or tenants of a shared server stay apart.
    pub async fn connect_postgres_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        if !schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                "schema names may contain only letters, digits and '_'".into(),
            )));
        }
        let options = PgConnectOptions::from_str(url)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .execute(&admin)
            .await?;
        admin.close().await;
        // Named after the schema, so that its connections can be told apart
        // on a shared server (pg_stat_activity).
        let options = options
            .options([("search_path", schema)])
            .application_name(&format!("callcenter {schema}"));
        Self::connect_postgres(options).await
    }

    /// Drop a schema made by [`Store::connect_postgres_in_schema`].
    pub async fn drop_postgres_schema(url: &str, schema: &str) -> Result<(), StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&admin)
            .await?;
        admin.close().await;
        Ok(())
    }

    async fn connect_sqlite(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            // SQLite's default page cache (2 MiB) and temp store are kept
            // on purpose: a month-long GROUP BY sorts fastest in the small
            // runs the default sorter makes (measured: a 32 MiB cache or
            // an in-memory temp store made reports 30-60% slower).
            .foreign_keys(true);
        let path = options.get_filename();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(Self::of(Pool::Sqlite(pool)))
    }

    fn of(pool: Pool) -> Self {
        Self {
            pool,
            config: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The version of routing configuration: it moves after every write
    /// to campaigns, buyers, numbers, pools or RTB targets made through
    /// this store (or a clone of it). Whoever routes calls from a
    /// snapshot compares it before and after a request to know that the
    /// snapshot must be rebuilt.
    pub fn config_version(&self) -> u64 {
        self.config.load(Ordering::SeqCst)
    }

    /// Held while a method writes routing configuration ([`ConfigWrite`]).
    pub(crate) fn config_write(&self) -> ConfigWrite {
        ConfigWrite(self.config.clone())
    }

    /// A connection from the pool, for several statements in a row.
    pub(crate) async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Pooled::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Pooled::Postgres(p.acquire().await?),
        })
    }

    /// The PostgreSQL pool (none on SQLite).
    pub(crate) fn postgres(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(p) => Some(p),
            Pool::Sqlite(_) => None,
        }
    }

    /// The SQLite pool (none on PostgreSQL).
    pub(crate) fn sqlite(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(p) => Some(p),
            Pool::Postgres(_) => None,
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Apply every migration not yet applied. Migrations are append-only,
    /// one tree per dialect.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Pool size and idle connections, for metrics.
    pub fn pool_stats(&self) -> (u32, usize) {
        on_pool!(self, |p| (p.size(), p.num_idle()))
    }

    /// Close every connection (graceful shutdown).
    pub async fn close(&self) {
        on_pool!(self, |p| p.close().await)
    }

    /// Whether [`Store::close`] was called: background work stops.
    pub fn is_closed(&self) -> bool {
        on_pool!(self, |p| p.is_closed())
    }
}
