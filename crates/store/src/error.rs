//! Storage errors, independent of the engine. The API maps them to HTTP
//! answers at one boundary.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row with that id exists for that account.
    #[error("not found")]
    NotFound,
    /// A unique or exclusion constraint refused the write; `constraint`
    /// names it (as declared in the migrations) when the engine tells.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// Anything else the database said. Never shown to users.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// A migration failed to apply.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict {
                constraint: db
                    .constraint()
                    .map(str::to_string)
                    .unwrap_or_else(|| unique_target(db.message())),
            },
            _ => StoreError::Database(e),
        }
    }
}

/// SQLite does not name the constraint; its message names the columns
/// ("UNIQUE constraint failed: users.username"). Keep that part.
fn unique_target(message: &str) -> String {
    message
        .rsplit_once(": ")
        .map(|(_, cols)| cols.to_string())
        .unwrap_or_default()
}
