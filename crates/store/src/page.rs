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
