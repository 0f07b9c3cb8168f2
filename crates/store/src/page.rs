//! Paging and sorting of lists, already validated by the API.

/// Which slice of a list to return. `sort` is one of the names the
/// resource accepts (camelCase, as in the API); each store module maps it to
/// a column, never interpolating user text into SQL.
#[derive(Clone, Debug)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
    pub sort: &'static str,
    pub descending: bool,
    /// Case-insensitive substring to look for, already trimmed.
    pub search: Option<String>,
}

impl Page {
    /// `ORDER BY` text for a column the caller chose from a fixed list;
    /// `id` breaks ties so pages never overlap.
    pub fn order_by(&self, column: &str) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        format!("ORDER BY {column} {dir}, id {dir}")
    }

    /// `%text%` for a LIKE on `lower(column)`, with LIKE wildcards escaped.
    pub fn like(&self) -> Option<String> {
        self.search.as_ref().map(|s| {
            let escaped = s
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        })
    }
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: 50,
            offset: 0,
            sort: "createdAt",
            descending: true,
            search: None,
        }
    }
}

impl crate::Store {
    /// One page of rows and the total, for lists whose `WHERE` binds the
    /// account as `$1` and then `args` as text. `rows_sql` ends with
    /// `LIMIT $n OFFSET $n+1` numbered right after `args`.
    pub(crate) async fn fetch_page<T>(
        &self,
        rows_sql: &str,
        count_sql: &str,
        account: domain::AccountId,
        args: &[String],
        page: &Page,
    ) -> Result<(Vec<T>, i64), crate::StoreError>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        let rows = crate::db::on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, T>(rows_sql).bind(account.0);
            for a in args {
                q = q.bind(a);
            }
            q.bind(page.limit).bind(page.offset).fetch_all(p).await
        })?;
        let total = crate::db::on_pool!(self, |p| {
            let mut q = sqlx::query_scalar::<_, i64>(count_sql).bind(account.0);
            for a in args {
                q = q.bind(a);
            }
            q.fetch_one(p).await
        })?;
        Ok((rows, total))
    }
}
