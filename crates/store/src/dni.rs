//! Dynamic number insertion: tracking tags, visitor sessions and the
//! leases of pool numbers.
//!
//! A number is held by at most one live session at any moment, under any
//! concurrency, on both databases: every pool number has one row in
//! `dni_leases`, and a lease is taken by a single statement that writes
//! that row only if it is free (never leased, or expired and past the
//! cool-down). PostgreSQL locks the row and checks the condition again on
//! the latest version; SQLite runs one writer at a time. Whoever loses
//! the row tries the next free number.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// A tag as listed and read, with its names and figures.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TagRow {
    pub id: i64,
    pub tag_code: String,
    pub name: String,
    pub description: Option<String>,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub status: String,
    pub number_source: String,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    pub static_number_id: Option<i64>,
    pub static_number: Option<String>,
    pub fallback_number: Option<String>,
    pub attribution_window_days: i64,
    pub session_minutes: i64,
    /// [`domain::dni::TagSettings`] as JSON.
    pub settings: String,
    pub last_seen_url: Option<String>,
    pub last_seen_at: Option<i64>,
    pub exhausted_count: i64,
    pub last_exhausted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A tag's fields, checked by the API (ids are the account's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagFields {
    pub tag_code: String,
    pub name: String,
    pub description: Option<String>,
    pub campaign_id: Option<String>,
    pub status: String,
    pub number_source: String,
    pub pool_id: Option<i64>,
    pub static_number_id: Option<i64>,
    pub fallback_number: Option<String>,
    pub attribution_window_days: i64,
    pub session_minutes: i64,
    pub settings: String,
}

/// What the public track endpoint needs of a tag.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LiveTag {
    pub id: i64,
    pub user_id: i64,
    pub number_source: String,
    pub pool_id: Option<i64>,
    /// The static number, when it is still the account's and active.
    pub static_number: Option<String>,
    pub fallback_number: Option<String>,
    pub session_minutes: i64,
    pub settings: String,
}

/// A visit as the store keeps it (already cleaned).
#[derive(Clone, Debug, Default)]
pub struct VisitRow {
    pub session_id: String,
    pub visitor_id: Option<String>,
    /// The Google Analytics client id of the browser (`_ga` cookie).
    pub ga_client_id: Option<String>,
    pub visit: domain::dni::Visit,
    pub user_agent: Option<String>,
    pub ip_prefix: Option<String>,
}

/// A session after a track: its row and the number it holds, if any.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionState {
    pub id: i64,
    pub phone_number_id: Option<i64>,
    pub phone_number: Option<String>,
    pub lease_until: Option<i64>,
    /// When the session first found the pool exhausted, if it did.
    pub fallback_at: Option<i64>,
}

/// A number leased to a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub phone_number_id: i64,
    pub phone_number: String,
    pub until: i64,
}

/// A tag's figures on the DNI page.
#[derive(Clone, Copy, Debug, Default, sqlx::FromRow)]
pub struct TagFigures {
    pub sessions_today: i64,
    /// Calls since the same time credited to the tag's sessions.
    pub calls_today: i64,
    pub live_leases: i64,
    pub pool_size: i64,
}

/// A session as listed.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub tag_id: i64,
    pub session_id: String,
    pub visitor_id: Option<String>,
    pub phone_number: Option<String>,
    pub leased_at: Option<i64>,
    pub lease_until: Option<i64>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub gclid: Option<String>,
    pub fbclid: Option<String>,
    pub msclkid: Option<String>,
    pub referrer: Option<String>,
    pub landing_page: Option<String>,
    pub ip_prefix: Option<String>,
    pub first_visit: i64,
    pub last_visit: i64,
    pub page_views: i64,
}

/// Within this long of the last write, a heartbeat writes nothing and a
/// lease is not renewed again (leases end to the minute).
pub const FRESH_MS: i64 = 60_000;

const SELECT: &str = "SELECT t.id, t.tag_code, t.name, t.description, t.campaign_id, \
       c.name AS campaign_name, t.status, t.number_source, t.pool_id, p.name AS pool_name, \
       t.static_number_id, n.phone_number AS static_number, t.fallback_number, \
       t.attribution_window_days, t.session_minutes, t.settings, t.last_seen_url, t.last_seen_at, \
       t.exhausted_count, t.last_exhausted_at, t.created_at, t.updated_at \
     FROM tracking_tags t \
     LEFT JOIN campaigns c ON c.id = t.campaign_id AND c.user_id = t.user_id AND c.deleted_at IS NULL \
     LEFT JOIN number_pools p ON p.id = t.pool_id AND p.user_id = t.user_id \
     LEFT JOIN phone_numbers n ON n.id = t.static_number_id AND n.user_id = t.user_id \
     WHERE t.user_id = $1 AND t.deleted_at IS NULL";

fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(t.name)",
        "tagCode" => "lower(t.tag_code)",
        "updatedAt" => "t.updated_at",
        _ => "t.created_at",
    }
}

impl Store {
    /// Create a tag. A code in use anywhere on the platform (in any case)
    /// is a `Conflict`.
    pub async fn create_tag(
        &self,
        account: AccountId,
        f: &TagFields,
    ) -> Result<TagRow, StoreError> {
        let now = now_ms();
        let id = on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO tracking_tags (user_id, tag_code, name, description, campaign_id, status, \
                 number_source, pool_id, static_number_id, fallback_number, attribution_window_days, \
                 session_minutes, settings, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id"
        )
        .bind(account.0)
        .bind(&f.tag_code)
        .bind(&f.name)
        .bind(f.description.as_deref())
        .bind(f.campaign_id.as_deref())
        .bind(&f.status)
        .bind(&f.number_source)
        .bind(f.pool_id)
        .bind(f.static_number_id)
        .bind(f.fallback_number.as_deref())
        .bind(f.attribution_window_days)
        .bind(f.session_minutes)
        .bind(&f.settings)
        .bind(now)
        .fetch_one(p)
        .await
        })?;
        self.tag(account, id).await
    }

    /// One tag of the account.
    pub async fn tag(&self, account: AccountId, id: i64) -> Result<TagRow, StoreError> {
        let sql = format!("{SELECT} AND t.id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, TagRow>(&sql)
            .bind(account.0)
            .bind(id)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The account's tags: a page and the total.
    pub async fn list_tags(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<(Vec<TagRow>, i64), StoreError> {
        let like = page.like();
        let (condition, n) = if like.is_some() {
            (
                " AND (lower(t.name) LIKE $2 ESCAPE '\\' OR lower(t.tag_code) LIKE $2 ESCAPE '\\')",
                3,
            )
        } else {
            ("", 2)
        };
        let dir = if page.descending { "DESC" } else { "ASC" };
        let rows = format!(
            "{SELECT}{condition} ORDER BY {} {dir}, t.id {dir} LIMIT ${n} OFFSET ${}",
            sort_column(page.sort),
            n + 1
        );
        let count = format!(
            "SELECT COUNT(*) FROM tracking_tags t WHERE t.user_id = $1 AND t.deleted_at IS NULL{condition}"
        );
        let args: Vec<String> = like.into_iter().collect();
        self.fetch_page(&rows, &count, account, &args, page).await
    }

    /// Replace a tag's fields; `NotFound` when it is not the account's,
    /// `Conflict` when the code is in use.
    pub async fn update_tag(
        &self,
        account: AccountId,
        id: i64,
        f: &TagFields,
    ) -> Result<TagRow, StoreError> {
        let changed = on_pool!(self, |p| {
            sqlx::query(
            "UPDATE tracking_tags SET tag_code = $1, name = $2, description = $3, campaign_id = $4, \
                 status = $5, number_source = $6, pool_id = $7, static_number_id = $8, \
                 fallback_number = $9, attribution_window_days = $10, session_minutes = $11, \
                 settings = $12, updated_at = $13 \
             WHERE id = $14 AND user_id = $15 AND deleted_at IS NULL"
        )
        .bind(&f.tag_code)
        .bind(&f.name)
        .bind(f.description.as_deref())
        .bind(f.campaign_id.as_deref())
        .bind(&f.status)
        .bind(&f.number_source)
        .bind(f.pool_id)
        .bind(f.static_number_id)
        .bind(f.fallback_number.as_deref())
        .bind(f.attribution_window_days)
        .bind(f.session_minutes)
        .bind(&f.settings)
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        })?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.tag(account, id).await
    }

    /// Delete a tag: its code is free again and the numbers its sessions
    /// hold go back to the pool (after the cool-down).
    pub async fn delete_tag(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let now = now_ms();
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE tracking_tags SET deleted_at = $1, updated_at = $1 \
             WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL"
        )
        .bind(now)
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        on_pool!(self, |p| sqlx::query(
            "UPDATE dni_leases SET expires_at = $1 WHERE user_id = $2 AND expires_at > $1 \
               AND session_row IN (SELECT id FROM dni_sessions WHERE tag_id = $3)"
        )
        .bind(now)
        .bind(account.0)
        .bind(id)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Sessions today (since `day_start`), live leases and pool size of a tag.
    pub async fn tag_figures(
        &self,
        account: AccountId,
        tag: &TagRow,
        day_start: i64,
    ) -> Result<TagFigures, StoreError> {
        let now = now_ms();
        Ok(on_pool!(self, |p| sqlx::query_as::<_, TagFigures>(
            "SELECT \
               (SELECT COUNT(*) FROM dni_sessions s WHERE s.tag_id = $1 AND s.user_id = $2 \
                  AND s.first_visit >= $3) AS sessions_today, \
               (SELECT COUNT(*) FROM calls c JOIN dni_sessions s ON s.id = c.dni_session_id \
                  WHERE s.tag_id = $1 AND c.user_id = $2 AND c.created_at >= $3) AS calls_today, \
               (SELECT COUNT(*) FROM dni_leases l JOIN dni_sessions s ON s.id = l.session_row \
                  WHERE s.tag_id = $1 AND l.user_id = $2 AND l.expires_at > $4) AS live_leases, \
               (SELECT COUNT(*) FROM phone_numbers n WHERE n.user_id = $2 AND n.pool_id = $5 \
                  AND n.status = 'active') AS pool_size"
        )
        .bind(tag.id)
        .bind(account.0)
        .bind(day_start)
        .bind(now)
        .bind(tag.pool_id)
        .fetch_one(p)
        .await)?)
    }

    /// The account's sessions of a tag, newest first.
    pub async fn tag_sessions(
        &self,
        account: AccountId,
        tag_id: i64,
        limit: i64,
    ) -> Result<Vec<SessionRow>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, SessionRow>(
            "SELECT id, tag_id, session_id, visitor_id, phone_number, leased_at, lease_until, \
                 utm_source, utm_medium, utm_campaign, utm_term, utm_content, gclid, fbclid, msclkid, \
                 referrer, landing_page, ip_prefix, first_visit, last_visit, page_views \
             FROM dni_sessions WHERE user_id = $1 AND tag_id = $2 \
             ORDER BY last_visit DESC, id DESC LIMIT $3"
        )
        .bind(account.0)
        .bind(tag_id)
        .bind(limit)
        .fetch_all(p)
        .await
        })?)
    }

    /// An active tag by its code, whatever the account (the public track
    /// endpoint).
    pub async fn live_tag(&self, tag_code: &str) -> Result<Option<LiveTag>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, LiveTag>(
            "SELECT t.id, t.user_id, t.number_source, t.pool_id, n.phone_number AS static_number, \
                 t.fallback_number, t.session_minutes, t.settings \
             FROM tracking_tags t \
             LEFT JOIN phone_numbers n ON n.id = t.static_number_id AND n.user_id = t.user_id \
                 AND n.status = 'active' \
             WHERE lower(t.tag_code) = lower($1) AND t.deleted_at IS NULL AND t.status = 'active'"
        )
        .bind(tag_code)
        .fetch_optional(p)
        .await)?)
    }

    /// Note where the snippet was last seen running.
    pub async fn tag_seen(
        &self,
        tag_id: i64,
        url: Option<&str>,
        at: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| {
            sqlx::query(
            "UPDATE tracking_tags SET last_seen_url = COALESCE($1, last_seen_url), last_seen_at = $2 \
             WHERE id = $3"
        )
        .bind(url)
        .bind(at)
        .bind(tag_id)
        .execute(p)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }

    /// Count a session that found the tag's pool exhausted, once per
    /// session: `Some(previous time the tag counted one)` (`Some(None)`
    /// for the first ever) when this session was not counted before,
    /// `None` when it was.
    pub async fn tag_exhausted(
        &self,
        tag_id: i64,
        session: i64,
        at: i64,
    ) -> Result<Option<Option<i64>>, StoreError> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let first = sqlx::query(
                "UPDATE dni_sessions SET fallback_at = $1 WHERE id = $2 AND fallback_at IS NULL",
            )
            .bind(at)
            .bind(session)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !first {
                tx.commit().await?;
                return Ok(None);
            }
            let previous = sqlx::query_scalar::<_, Option<i64>>(
                "SELECT last_exhausted_at FROM tracking_tags WHERE id = $1",
            )
            .bind(tag_id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
            sqlx::query(
                "UPDATE tracking_tags SET exhausted_count = exhausted_count + 1, \
                     last_exhausted_at = $1 WHERE id = $2",
            )
            .bind(at)
            .bind(tag_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Some(previous))
        })
    }

    /// Record a page view (`count_view`) or a heartbeat of a session: a
    /// new session keeps the visit it landed with. The session's state.
    pub async fn touch_session(
        &self,
        tag: &LiveTag,
        v: &VisitRow,
        now: i64,
        count_view: bool,
    ) -> Result<SessionState, StoreError> {
        // A heartbeat of a session seen within the minute changes nothing.
        if !count_view {
            let known = on_pool!(self, |p| {
                sqlx::query_as::<_, (i64, Option<i64>, Option<String>, Option<i64>, Option<i64>, i64)>(
                "SELECT id, phone_number_id, phone_number, lease_until, fallback_at, last_visit \
                 FROM dni_sessions WHERE tag_id = $1 AND session_id = $2"
            )
            .bind(tag.id)
            .bind(&v.session_id)
            .fetch_optional(p)
            .await
            })?;
            if let Some((id, phone_number_id, phone_number, lease_until, fallback_at, last_visit)) =
                known
                && now - last_visit < FRESH_MS
            {
                return Ok(SessionState {
                    id,
                    phone_number_id,
                    phone_number,
                    lease_until,
                    fallback_at,
                });
            }
        }
        let visit = &v.visit;
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, SessionState>(
            "INSERT INTO dni_sessions (user_id, tag_id, session_id, visitor_id, utm_source, utm_medium, \
                 utm_campaign, utm_term, utm_content, gclid, gbraid, wbraid, fbclid, msclkid, referrer, \
                 landing_page, user_agent, ip_prefix, first_visit, last_visit, page_views, ga_client_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1, $21) \
             ON CONFLICT (tag_id, session_id) DO UPDATE SET last_visit = excluded.last_visit, \
                 page_views = dni_sessions.page_views + $20, \
                 visitor_id = COALESCE(dni_sessions.visitor_id, excluded.visitor_id), \
                 ga_client_id = COALESCE(excluded.ga_client_id, dni_sessions.ga_client_id) \
             RETURNING id, phone_number_id, phone_number, lease_until, fallback_at"
        )
        .bind(tag.user_id)
        .bind(tag.id)
        .bind(&v.session_id)
        .bind(v.visitor_id.as_deref())
        .bind(visit.utm_source.as_deref())
        .bind(visit.utm_medium.as_deref())
        .bind(visit.utm_campaign.as_deref())
        .bind(visit.utm_term.as_deref())
        .bind(visit.utm_content.as_deref())
        .bind(visit.gclid.as_deref())
        .bind(visit.gbraid.as_deref())
        .bind(visit.wbraid.as_deref())
        .bind(visit.fbclid.as_deref())
        .bind(visit.msclkid.as_deref())
        .bind(visit.referrer.as_deref())
        .bind(visit.landing_page.as_deref())
        .bind(v.user_agent.as_deref())
        .bind(v.ip_prefix.as_deref())
        .bind(now)
        .bind(i64::from(count_view))
        .bind(v.ga_client_id.as_deref())
        .fetch_one(p)
        .await
        })?)
    }

    /// Keep (renew) or take a number of the tag's pool for the session,
    /// held until `until`. A number another session held is taken only
    /// once its lease ended `cooldown_ms` ago; the least recently used
    /// free number goes first. `None`: the pool has no free number.
    pub async fn lease(
        &self,
        tag: &LiveTag,
        session: &SessionState,
        now: i64,
        until: i64,
        cooldown_ms: i64,
    ) -> Result<Option<Lease>, StoreError> {
        let Some(pool) = tag.pool_id else {
            return Ok(None);
        };
        // Renewed within the minute: it holds (a live lease is never taken).
        if let (Some(number_id), Some(number), Some(held)) = (
            session.phone_number_id,
            &session.phone_number,
            session.lease_until,
        ) && held > now
            && held >= until - FRESH_MS
        {
            return Ok(Some(Lease {
                phone_number_id: number_id,
                phone_number: number.clone(),
                until: held,
            }));
        }
        // The session's own number, if no other session took it since
        // (even when its lease ran out) and it is still an active number
        // of the pool.
        if let (Some(number_id), Some(number)) = (session.phone_number_id, &session.phone_number) {
            let renewed = on_pool!(self, |p| sqlx::query(
                "UPDATE dni_leases SET expires_at = $1 \
                 WHERE phone_number_id = $2 AND session_row = $3 \
                   AND EXISTS (SELECT 1 FROM phone_numbers n WHERE n.id = $2 AND n.user_id = $4 \
                               AND n.pool_id = $5 AND n.status = 'active')"
            )
            .bind(until)
            .bind(number_id)
            .bind(session.id)
            .bind(tag.user_id)
            .bind(pool)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
            if renewed == 1 {
                self.session_leased(session.id, number_id, number, None, until)
                    .await?;
                return Ok(Some(Lease {
                    phone_number_id: number_id,
                    phone_number: number.clone(),
                    until,
                }));
            }
        }
        let free_before = now - cooldown_ms;
        loop {
            let candidates = on_pool!(self, |p| sqlx::query_as::<_, (i64, String)>(
                "SELECT n.id, n.phone_number FROM phone_numbers n \
                 LEFT JOIN dni_leases l ON l.phone_number_id = n.id \
                 WHERE n.user_id = $1 AND n.pool_id = $2 AND n.status = 'active' \
                   AND (l.expires_at IS NULL OR l.expires_at <= $3) \
                 ORDER BY COALESCE(l.expires_at, 0), n.id LIMIT 16"
            )
            .bind(tag.user_id)
            .bind(pool)
            .bind(free_before)
            .fetch_all(p)
            .await)?;
            if candidates.is_empty() {
                // A concurrent request of this session may have taken one.
                return self.held_by(session.id, now).await;
            }
            // Concurrent sessions see the same list: start at a place of
            // this session's own, so that they do not all queue on the
            // first number.
            let start = (session.id as usize) % candidates.len();
            for i in 0..candidates.len() {
                let (number_id, number) = &candidates[(start + i) % candidates.len()];
                let taken = on_pool!(self, |p| {
                    sqlx::query(
                    "INSERT INTO dni_leases (phone_number_id, user_id, session_row, leased_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (phone_number_id) DO UPDATE SET user_id = excluded.user_id, \
                         session_row = excluded.session_row, leased_at = excluded.leased_at, \
                         expires_at = excluded.expires_at \
                     WHERE dni_leases.expires_at <= $6"
                )
                .bind(number_id)
                .bind(tag.user_id)
                .bind(session.id)
                .bind(now)
                .bind(until)
                .bind(free_before)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
                })?;
                if taken == 1 {
                    return self.claim(session, *number_id, number, now, until).await;
                }
            }
            // Every candidate went to another session meanwhile: look again
            // (each round, at least one number was taken, so this ends).
        }
    }

    /// Give the session the number whose lease it just took, unless a
    /// concurrent request of the same session (two tabs) gave it one
    /// first: the session row changes only if it still names the number
    /// this request saw. When it does not, the lease just taken is given
    /// back at once (nobody was shown it) and the session's own number is
    /// the answer.
    async fn claim(
        &self,
        session: &SessionState,
        number_id: i64,
        number: &str,
        now: i64,
        until: i64,
    ) -> Result<Option<Lease>, StoreError> {
        let claimed = on_pool!(self, |p| sqlx::query(
            "UPDATE dni_sessions SET phone_number_id = $1, phone_number = $2, leased_at = $3, \
                 lease_until = $4 \
             WHERE id = $5 AND (phone_number_id = $6 OR (phone_number_id IS NULL AND $6 IS NULL))"
        )
        .bind(number_id)
        .bind(number)
        .bind(now)
        .bind(until)
        .bind(session.id)
        .bind(session.phone_number_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if claimed == 1 {
            return Ok(Some(Lease {
                phone_number_id: number_id,
                phone_number: number.to_string(),
                until,
            }));
        }
        // Given back as never leased: free at once, and first in line.
        on_pool!(self, |p| sqlx::query(
            "UPDATE dni_leases SET expires_at = 0 WHERE phone_number_id = $1 AND session_row = $2"
        )
        .bind(number_id)
        .bind(session.id)
        .execute(p)
        .await
        .map(|_| ()))?;
        self.held_by(session.id, now).await
    }

    /// The live lease the session's row names, if any.
    async fn held_by(&self, session: i64, now: i64) -> Result<Option<Lease>, StoreError> {
        let current = on_pool!(self, |p| sqlx::query_as::<
            _,
            (Option<i64>, Option<String>, Option<i64>),
        >(
            "SELECT phone_number_id, phone_number, lease_until FROM dni_sessions WHERE id = $1"
        )
        .bind(session)
        .fetch_optional(p)
        .await)?;
        Ok(match current {
            Some((Some(id), Some(n), Some(held))) if held > now => Some(Lease {
                phone_number_id: id,
                phone_number: n,
                until: held,
            }),
            _ => None,
        })
    }

    async fn session_leased(
        &self,
        session: i64,
        number_id: i64,
        number: &str,
        leased_at: Option<i64>,
        until: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "UPDATE dni_sessions SET phone_number_id = $1, phone_number = $2, \
                 leased_at = COALESCE($3, leased_at), lease_until = $4 WHERE id = $5"
        )
        .bind(number_id)
        .bind(number)
        .bind(leased_at)
        .bind(until)
        .bind(session)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Sessions that hold a number at `at`, by number: `(number, session
    /// row)`. For tests and checks: never two rows for one number.
    pub async fn live_leases(&self, at: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (i64, i64)>(
            "SELECT phone_number_id, session_row FROM dni_leases WHERE expires_at > $1 \
             ORDER BY phone_number_id"
        )
        .bind(at)
        .fetch_all(p)
        .await)?)
    }
}

/// A call's credited session: the visit, its tag and how it is credited.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CreditedSession {
    pub id: i64,
    pub tag_id: i64,
    pub tag_name: String,
    pub visitor_id: Option<String>,
    pub leased_at: Option<i64>,
    pub lease_until: Option<i64>,
    pub attribution_window_days: i64,
    /// The tag's settings (its attribution model).
    pub settings: String,
}

/// One session of a visitor, for crediting a call across them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VisitorSession {
    pub id: i64,
    pub first_visit: i64,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub referrer: Option<String>,
    pub landing_page: Option<String>,
}

/// The session a call to `c.to_number` at `c.created_at` is credited to:
/// the last one that leased the number before the call and whose lease
/// (plus its tag's window) reaches the call. Leases of one number never
/// overlap, so during a live lease this is its holder.
const CREDITED: &str = "(SELECT s.id FROM dni_sessions s JOIN tracking_tags t ON t.id = s.tag_id \
     WHERE s.user_id = c.user_id AND s.phone_number = c.to_number AND s.leased_at <= c.created_at \
       AND s.lease_until + t.attribution_window_days * 86400000 >= c.created_at \
     ORDER BY s.leased_at DESC, s.id DESC LIMIT 1)";

impl Store {
    /// Credit the calls that came in since `since` to the DNI sessions
    /// that showed their numbers: the call keeps the session and takes its
    /// utm parameters (so lists, reports and exports see them). Returns
    /// how many calls were credited. Idempotent: a credited call is not
    /// looked at again.
    pub async fn attribute_calls(&self, since: i64) -> Result<u64, StoreError> {
        // The numbers of live tags' pools: a few hundred, where the
        // sessions may be millions. (A call to a number taken out of its
        // pool is still credited when its detail is opened.)
        let numbers = on_pool!(self, |p| {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT DISTINCT n.user_id, n.phone_number FROM tracking_tags t \
                 JOIN phone_numbers n ON n.pool_id = t.pool_id AND n.user_id = t.user_id \
                 WHERE t.deleted_at IS NULL AND t.number_source = 'pool'",
            )
            .fetch_all(p)
            .await
        })?;
        let mut credited = 0;
        for (user_id, number) in numbers {
            let sql = format!(
                "SELECT c.id, {CREDITED} AS sid FROM calls c \
                 WHERE c.user_id = $1 AND c.to_number = $2 AND c.created_at >= $3 \
                   AND c.dni_session_id IS NULL"
            );
            let calls = on_pool!(self, |p| sqlx::query_as::<_, (i64, Option<i64>)>(&sql)
                .bind(user_id)
                .bind(&number)
                .bind(since)
                .fetch_all(p)
                .await)?;
            for (call, session) in calls {
                if let Some(session) = session {
                    credited += self.credit_call(call, session).await?;
                }
            }
        }
        Ok(credited)
    }

    /// Credit one call of the account now (the call detail asks before
    /// the next round); `true` when it was credited.
    pub async fn attribute_call(
        &self,
        account: AccountId,
        call_id: i64,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT {CREDITED} FROM calls c WHERE c.id = $1 AND c.user_id = $2 AND c.dni_session_id IS NULL"
        );
        let session = on_pool!(self, |p| sqlx::query_scalar::<_, Option<i64>>(&sql)
            .bind(call_id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .flatten();
        match session {
            Some(s) => Ok(self.credit_call(call_id, s).await? == 1),
            None => Ok(false),
        }
    }

    async fn credit_call(&self, call: i64, session: i64) -> Result<u64, StoreError> {
        let credited = self.credit_call_row(call, session).await?;
        if credited == 1 {
            // The landing page's query carries the tracked URL parameters.
            let visit = on_pool!(self, |p| sqlx::query_as::<
                _,
                (i64, Option<String>, Option<String>),
            >(
                "SELECT c.user_id, c.campaign_id, s.landing_page FROM calls c \
                 JOIN dni_sessions s ON s.id = c.dni_session_id WHERE c.id = $1"
            )
            .bind(call)
            .fetch_optional(p)
            .await)?;
            if let Some((user, campaign, Some(landing))) = visit {
                let pairs = crate::url_params::query_pairs(&landing);
                self.capture_call_params(user, call, campaign.as_deref(), &pairs)
                    .await?;
            }
        }
        Ok(credited)
    }

    async fn credit_call_row(&self, call: i64, session: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query(
            "UPDATE calls SET dni_session_id = $1, \
                 utm_source = (SELECT utm_source FROM dni_sessions WHERE id = $1), \
                 utm_medium = (SELECT utm_medium FROM dni_sessions WHERE id = $1), \
                 utm_campaign = (SELECT utm_campaign FROM dni_sessions WHERE id = $1), \
                 utm_content = (SELECT utm_content FROM dni_sessions WHERE id = $1), \
                 utm_term = (SELECT utm_term FROM dni_sessions WHERE id = $1) \
             WHERE id = $2 AND dni_session_id IS NULL"
        )
        .bind(session)
        .bind(call)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }

    /// The session a call of the account is credited to, with its tag.
    pub async fn credited_session(
        &self,
        account: AccountId,
        session: i64,
    ) -> Result<Option<(CreditedSession, SessionRow)>, StoreError> {
        let credited = on_pool!(self, |p| {
            sqlx::query_as::<_, CreditedSession>(
            "SELECT s.id, s.tag_id, t.name AS tag_name, s.visitor_id, s.leased_at, s.lease_until, \
                 t.attribution_window_days, t.settings \
             FROM dni_sessions s JOIN tracking_tags t ON t.id = s.tag_id \
             WHERE s.id = $1 AND s.user_id = $2"
        )
        .bind(session)
        .bind(account.0)
        .fetch_optional(p)
        .await
        })?;
        let Some(credited) = credited else {
            return Ok(None);
        };
        let row = on_pool!(self, |p| {
            sqlx::query_as::<_, SessionRow>(
            "SELECT id, tag_id, session_id, visitor_id, phone_number, leased_at, lease_until, \
                 utm_source, utm_medium, utm_campaign, utm_term, utm_content, gclid, fbclid, msclkid, \
                 referrer, landing_page, ip_prefix, first_visit, last_visit, page_views \
             FROM dni_sessions WHERE id = $1"
        )
        .bind(session)
        .fetch_one(p)
        .await
        })?;
        Ok(Some((credited, row)))
    }

    /// A visitor's sessions of one tag that began by `until`, oldest
    /// first (at most 100).
    pub async fn visitor_sessions(
        &self,
        account: AccountId,
        tag_id: i64,
        visitor_id: &str,
        until: i64,
    ) -> Result<Vec<VisitorSession>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, VisitorSession>(
            "SELECT id, first_visit, utm_source, utm_medium, utm_campaign, referrer, landing_page \
             FROM dni_sessions WHERE user_id = $1 AND tag_id = $2 AND visitor_id = $3 \
               AND first_visit <= $4 ORDER BY first_visit, id LIMIT 100"
        )
        .bind(account.0)
        .bind(tag_id)
        .bind(visitor_id)
        .bind(until)
        .fetch_all(p)
        .await)?)
    }

    /// Why a call to `number` was not credited: whether the number was
    /// ever shown by DNI, and when its last lease before `at` ended.
    pub async fn number_dni_history(
        &self,
        account: AccountId,
        number: &str,
        at: i64,
    ) -> Result<(bool, Option<i64>), StoreError> {
        let in_pool = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM tracking_tags t JOIN phone_numbers n \
               ON n.pool_id = t.pool_id AND n.user_id = t.user_id \
             WHERE t.user_id = $1 AND n.phone_number = $2 AND t.deleted_at IS NULL \
               AND t.number_source = 'pool'"
        )
        .bind(account.0)
        .bind(number)
        .fetch_one(p)
        .await)?;
        let last = on_pool!(self, |p| sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(lease_until) FROM dni_sessions \
             WHERE user_id = $1 AND phone_number = $2 AND leased_at <= $3"
        )
        .bind(account.0)
        .bind(number)
        .bind(at)
        .fetch_one(p)
        .await)?;
        Ok((in_pool > 0, last))
    }
}

/// A call credited to a DNI session, and one session of its visitor (of
/// the same tag, begun by the call) that may share its credit: a row per
/// `(call, session)`. A session without a visitor id is its call's only
/// touch.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallTouch {
    pub call_id: i64,
    pub call_at: i64,
    pub converted: bool,
    pub revenue_e4: i64,
    pub cost_e4: i64,
    /// The session that held the called number.
    pub credited: i64,
    pub window_days: i64,
    /// The tag's settings (JSON): its attribution model.
    pub settings: String,
    pub session: i64,
    pub first_visit: i64,
    /// `utm_source` and `utm_medium` of `session` (`""`: none).
    pub source: String,
    pub medium: String,
}

impl Store {
    /// Lease holds `(leased_at, lease_until)` of a tag's sessions that
    /// overlap `[from, to)` (at most 200,000, the latest first).
    pub async fn tag_holds(
        &self,
        account: AccountId,
        tag_id: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, (i64, i64)>(
            "SELECT leased_at, lease_until FROM dni_sessions \
             WHERE user_id = $1 AND tag_id = $2 AND leased_at IS NOT NULL AND lease_until IS NOT NULL \
               AND leased_at < $4 AND lease_until > $3 \
             ORDER BY leased_at DESC LIMIT 200000"
        )
        .bind(account.0)
        .bind(tag_id)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await
        })?)
    }

    /// Sessions that began in `[from, to)` by `(utm_source, utm_medium)`
    /// (`""`: none), for one tag or all of the account's.
    pub async fn dni_source_sessions(
        &self,
        account: AccountId,
        tag_id: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, (String, String, i64)>(
            "SELECT COALESCE(utm_source, ''), COALESCE(utm_medium, ''), COUNT(*) FROM dni_sessions \
             WHERE user_id = $1 AND first_visit >= $2 AND first_visit < $3 \
               AND ($4 IS NULL OR tag_id = $4) \
             GROUP BY COALESCE(utm_source, ''), COALESCE(utm_medium, '')"
        )
        .bind(account.0)
        .bind(from)
        .bind(to)
        .bind(tag_id)
        .fetch_all(p)
        .await
        })?)
    }

    /// The calls that came in during `[from, to)` credited to DNI
    /// sessions (of one tag or all of the account's), each with its
    /// visitor's sessions up to the call, in call and visit order.
    pub async fn dni_call_touches(
        &self,
        account: AccountId,
        tag_id: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<Vec<CallTouch>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, CallTouch>(
            "SELECT c.id AS call_id, c.created_at AS call_at, c.converted, c.revenue_e4, c.cost_e4, \
                 s.id AS credited, t.attribution_window_days AS window_days, t.settings, \
                 COALESCE(v.id, s.id) AS session, COALESCE(v.first_visit, s.first_visit) AS first_visit, \
                 COALESCE(CASE WHEN v.id IS NULL THEN s.utm_source ELSE v.utm_source END, '') AS source, \
                 COALESCE(CASE WHEN v.id IS NULL THEN s.utm_medium ELSE v.utm_medium END, '') AS medium \
             FROM calls c JOIN dni_sessions s ON s.id = c.dni_session_id \
             JOIN tracking_tags t ON t.id = s.tag_id \
             LEFT JOIN dni_sessions v ON v.tag_id = s.tag_id AND v.visitor_id = s.visitor_id \
                 AND v.first_visit <= c.created_at \
             WHERE c.user_id = $1 AND c.created_at >= $2 AND c.created_at < $3 \
               AND ($4 IS NULL OR s.tag_id = $4) \
             ORDER BY c.id, COALESCE(v.first_visit, s.first_visit), COALESCE(v.id, s.id)"
        )
        .bind(account.0)
        .bind(from)
        .bind(to)
        .bind(tag_id)
        .fetch_all(p)
        .await
        })?)
    }

    /// Delete sessions whose last visit and lease ended before `before`,
    /// with their lease rows. Credited calls keep their utm parameters;
    /// their link to the deleted visit is cleared. How many went.
    pub async fn sweep_dni_sessions(&self, before: i64) -> Result<u64, StoreError> {
        const OLD: &str = "SELECT id FROM dni_sessions WHERE last_visit < $1 \
             AND (lease_until IS NULL OR lease_until < $1)";
        let unlink =
            format!("UPDATE calls SET dni_session_id = NULL WHERE dni_session_id IN ({OLD})");
        on_pool!(self, |p| sqlx::query(&unlink)
            .bind(before)
            .execute(p)
            .await
            .map(|_| ()))?;
        let leases = format!("DELETE FROM dni_leases WHERE session_row IN ({OLD})");
        on_pool!(self, |p| sqlx::query(&leases)
            .bind(before)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(on_pool!(self, |p| sqlx::query(
            "DELETE FROM dni_sessions WHERE last_visit < $1 \
               AND (lease_until IS NULL OR lease_until < $1)"
        )
        .bind(before)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }
}
