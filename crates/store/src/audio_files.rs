//! Audio files uploaded for call flows' prompts. The bytes live in the
//! database (every node serves them, and a backup holds them); the carrier
//! fetches one by its token, the random name its URL carries.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// An uploaded file, without its bytes.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AudioFileRow {
    pub id: i64,
    pub token: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

/// A file to store, already checked by the API.
#[derive(Clone, Debug)]
pub struct NewAudioFile<'a> {
    pub token: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub data: &'a [u8],
}

const SELECT: &str =
    "SELECT id, token, name, content_type, size_bytes, created_at FROM audio_files";

fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(name)",
        "sizeBytes" => "size_bytes",
        _ => "created_at",
    }
}

impl Store {
    /// Store a file for `account`, unless it already holds `max_files`
    /// (then `Conflict` on `audio_files`).
    pub async fn create_audio_file(
        &self,
        account: AccountId,
        file: &NewAudioFile<'_>,
        max_files: i64,
    ) -> Result<AudioFileRow, StoreError> {
        let now = now_ms();
        let id = on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO audio_files (user_id, token, name, content_type, size_bytes, data, created_at) \
                 SELECT $1, $2, $3, $4, $5, $6, $7 \
                 WHERE (SELECT COUNT(*) FROM audio_files WHERE user_id = $1) < $8 RETURNING id",
            )
            .bind(account.0)
            .bind(file.token)
            .bind(file.name)
            .bind(file.content_type)
            .bind(file.data.len() as i64)
            .bind(file.data)
            .bind(now)
            .bind(max_files)
            .fetch_optional(p)
            .await
        })?;
        match id {
            Some(id) => self.audio_file(account, id).await,
            None => Err(StoreError::Conflict {
                constraint: "audio_files".into(),
            }),
        }
    }

    /// One file of the account.
    pub async fn audio_file(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<AudioFileRow, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1 AND user_id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, AudioFileRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The account's files, a page of them and the total.
    pub async fn list_audio_files(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<(Vec<AudioFileRow>, i64), StoreError> {
        let like = page.like();
        let (condition, n) = if like.is_some() {
            (" AND lower(name) LIKE $2 ESCAPE '\\'", 3)
        } else {
            ("", 2)
        };
        let rows = format!(
            "{SELECT} WHERE user_id = $1{condition} {} LIMIT ${n} OFFSET ${}",
            page.order_by(sort_column(page.sort)),
            n + 1
        );
        let count = format!("SELECT COUNT(*) FROM audio_files WHERE user_id = $1{condition}");
        let args: Vec<String> = like.into_iter().collect();
        self.fetch_page(&rows, &count, account, &args, page).await
    }

    /// A file's type and bytes by its token, whatever the account (the
    /// carrier asks without signing in).
    pub async fn audio_file_data(
        &self,
        token: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (String, Vec<u8>)>(
            "SELECT content_type, data FROM audio_files WHERE token = $1"
        )
        .bind(token)
        .fetch_optional(p)
        .await)?)
    }

    /// The account's live flows whose draft or published version names
    /// `needle` (a file's token): their names.
    pub async fn flows_naming(
        &self,
        account: AccountId,
        needle: &str,
    ) -> Result<Vec<String>, StoreError> {
        let like = format!("%{needle}%");
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT f.name FROM call_flows f \
             WHERE f.user_id = $1 AND f.deleted_at IS NULL AND (f.draft LIKE $2 OR EXISTS ( \
                 SELECT 1 FROM call_flow_versions v \
                 WHERE v.flow_id = f.id AND v.version = f.published_version AND v.graph LIKE $2)) \
             ORDER BY f.name"
        )
        .bind(account.0)
        .bind(&like)
        .fetch_all(p)
        .await)?)
    }

    /// Delete one of the account's files.
    pub async fn delete_audio_file(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "DELETE FROM audio_files WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
