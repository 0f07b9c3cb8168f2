//! Call reporting: the filtered call list and its total, one call in full,
//! a streamed export, and the figures behind historical statistics. Every
//! method is scoped to one account.
//!
//! The list's `WHERE` holds only the filters that are set (each a fixed SQL
//! fragment with a numbered placeholder, never user text), rather than the
//! `($n IS NULL OR col = $n)` form: SQLite plans a statement before it sees
//! its arguments, so only a condition that is really there lets it use the
//! `(user_id, status|campaign_id|buyer_id, created_at)` indexes of 0004.

use domain::AccountId;
use futures_util::TryStreamExt;
use tokio::sync::mpsc;

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// What the call list, its total and the export filter on. Dates are
/// already turned into epoch ms by the caller.
#[derive(Clone, Debug, Default)]
pub struct CallFilter {
    /// Created at or after (epoch ms).
    pub from_ms: Option<i64>,
    /// Created before (epoch ms).
    pub to_ms: Option<i64>,
    pub campaign_id: Option<String>,
    pub buyer_id: Option<i64>,
    pub status: Option<String>,
    /// Compared case-insensitively.
    pub caller_state: Option<String>,
    /// Compared case-insensitively.
    pub caller_city: Option<String>,
    pub min_revenue_e4: Option<i64>,
    pub max_revenue_e4: Option<i64>,
    pub search: Option<CallSearch>,
    /// The RTB target whose bid won the call.
    pub rtb_target_id: Option<i64>,
    /// The call's `utm_source`.
    pub source: Option<String>,
    /// The call's `utm_medium`.
    pub medium: Option<String>,
    /// The call's `utm_campaign`.
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    /// A click id (gclid, gbraid, wbraid, fbclid, msclkid) of the web
    /// visit the call is credited to.
    pub click_id: Option<String>,
    /// The visitor id of that visit.
    pub visitor_id: Option<String>,
    /// A tracked URL parameter's `(name, value)` on the call.
    pub param: Option<(String, String)>,
    /// The URL parameter a report groups by (its `GroupBy::Parameter`).
    pub group_parameter: Option<String>,
}

/// The list's search box, already classified by the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallSearch {
    /// Digits found anywhere in the caller, tracking or dialled number.
    Digits(String),
    /// A whole E.164 number: the caller, tracking or dialled number.
    Number(String),
    /// The start of a CallSid, as stored (Twilio's are "CA" and lowercase
    /// hex; the API normalises what was typed to that shape).
    SidPrefix(String),
    /// A whole CallSid (served by its unique index).
    Sid(String),
}

/// A call as listed and exported, with the names of its campaign and of
/// where it went: a buyer, or the RTB target whose bid won it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallRow {
    pub id: i64,
    pub call_sid: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub buyer_id: Option<i64>,
    pub buyer_name: Option<String>,
    pub from_number: String,
    pub to_number: String,
    pub dialed_number: Option<String>,
    pub caller_city: Option<String>,
    pub caller_state: Option<String>,
    pub duration: i64,
    pub status: String,
    pub disposition: String,
    pub is_duplicate: bool,
    pub converted: bool,
    pub cost_e4: i64,
    pub payout_e4: i64,
    pub revenue_e4: i64,
    pub profit_e4: i64,
    pub created_at: i64,
    /// The RTB target whose bid won the call (then `buyer_id` is null
    /// unless the call failed over to a buyer).
    pub rtb_target_id: Option<i64>,
    pub rtb_target_name: Option<String>,
    /// The visit's source, medium and campaign (from the carrier's
    /// parameters, or the DNI session the call is credited to).
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    /// Of the DNI session the call is credited to.
    pub gclid: Option<String>,
    pub fbclid: Option<String>,
    pub msclkid: Option<String>,
    pub referrer: Option<String>,
    pub landing_page: Option<String>,
    pub visitor_id: Option<String>,
}

/// One call with everything its detail view shows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallDetail {
    #[sqlx(flatten)]
    pub call: CallRow,
    pub campaign_type: Option<String>,
    pub buyer_company: Option<String>,
    pub caller_zip: Option<String>,
    pub caller_country: Option<String>,
    pub recording_url: Option<String>,
    pub recording_sid: Option<String>,
    pub recording_duration: Option<i64>,
    pub talk_time: i64,
    pub connected_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub routing_attempts: i64,
    pub min_duration_secs: i64,
    /// The routing engine's decision, in its stored form (`routing::stored`).
    pub decision: Option<String>,
    /// The DNI session the call is credited to.
    pub dni_session_id: Option<i64>,
    /// The call flow the call ran (id, name, version) and its place in it.
    pub call_flow_id: Option<i64>,
    pub call_flow_name: Option<String>,
    pub flow_version: Option<i64>,
    pub flow_run: Option<String>,
}

/// Calls created in one time bucket (`bucket` × the bucket width, epoch ms).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CallBucket {
    pub bucket: i64,
    pub calls: i64,
    pub completed: i64,
    pub revenue_e4: i64,
    /// Summed duration (seconds) of the completed calls.
    pub completed_duration: i64,
}

/// A campaign's calls and revenue over a period.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CampaignTotal {
    pub campaign_id: String,
    pub name: String,
    pub calls: i64,
    pub revenue_e4: i64,
}

const COLUMNS: &str = "c.id, c.call_sid, c.campaign_id, cp.name AS campaign_name, c.buyer_id, \
    b.name AS buyer_name, c.from_number, c.to_number, c.dialed_number, c.caller_city, c.caller_state, \
    c.duration, c.status, c.disposition, c.is_duplicate, c.converted, c.cost_e4, c.payout_e4, \
    c.revenue_e4, c.profit_e4, c.created_at, c.rtb_target_id, t.name AS rtb_target_name, \
    c.utm_source, c.utm_medium, c.utm_campaign, c.utm_term, c.utm_content, s.gclid, s.fbclid, \
    s.msclkid, s.referrer, s.landing_page, s.visitor_id";

/// Campaign, buyer and RTB target names, only ever the same account's.
const JOINS: &str = "LEFT JOIN campaigns cp ON cp.id = c.campaign_id AND cp.user_id = c.user_id \
    LEFT JOIN buyers b ON b.id = c.buyer_id AND b.user_id = c.user_id \
    LEFT JOIN rtb_targets t ON t.id = c.rtb_target_id AND t.user_id = c.user_id \
    LEFT JOIN dni_sessions s ON s.id = c.dni_session_id AND s.user_id = c.user_id";

/// An argument of a dynamically built `WHERE`.
pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

/// Bind `args` in order onto a query (inside `on_pool!`, once per engine).
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                $crate::call_reports::Arg::Int(v) => q.bind(*v),
                $crate::call_reports::Arg::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }};
}
pub(crate) use bind_args;

/// `WHERE` text for `filter` and its arguments; `$1` is the account.
pub(crate) fn conditions(account: AccountId, filter: &CallFilter) -> (String, Vec<Arg>) {
    let mut sql = String::from("WHERE c.user_id = $1");
    let mut args = vec![Arg::Int(account.0)];
    let mut add = |fragment: &str, arg: Arg| {
        args.push(arg);
        sql.push_str(" AND ");
        sql.push_str(&fragment.replace("$n", &format!("${}", args.len())));
    };
    if let Some(v) = filter.from_ms {
        add("c.created_at >= $n", Arg::Int(v));
    }
    if let Some(v) = filter.to_ms {
        add("c.created_at < $n", Arg::Int(v));
    }
    if let Some(v) = &filter.campaign_id {
        add("c.campaign_id = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = filter.buyer_id {
        add("c.buyer_id = $n", Arg::Int(v));
    }
    if let Some(v) = &filter.status {
        add("c.status = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.caller_state {
        // Stored as the carrier sent them; matched without regard to case
        // (the database folds both sides alike).
        add("upper(c.caller_state) = upper($n)", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.caller_city {
        add("upper(c.caller_city) = upper($n)", Arg::Text(v.clone()));
    }
    if let Some(v) = filter.min_revenue_e4 {
        add("c.revenue_e4 >= $n", Arg::Int(v));
    }
    if let Some(v) = filter.max_revenue_e4 {
        add("c.revenue_e4 <= $n", Arg::Int(v));
    }
    if let Some(v) = filter.rtb_target_id {
        add("c.rtb_target_id = $n", Arg::Int(v));
    }
    if let Some(v) = &filter.source {
        add("c.utm_source = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.medium {
        add("c.utm_medium = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.utm_campaign {
        add("c.utm_campaign = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.utm_term {
        add("c.utm_term = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.utm_content {
        add("c.utm_content = $n", Arg::Text(v.clone()));
    }
    if let Some(v) = &filter.click_id {
        add(
            "c.dni_session_id IN (SELECT v.id FROM dni_sessions v WHERE v.user_id = $1 \
             AND $n IN (v.gclid, v.gbraid, v.wbraid, v.fbclid, v.msclkid))",
            Arg::Text(v.clone()),
        );
    }
    if let Some(v) = &filter.visitor_id {
        add(
            "c.dni_session_id IN (SELECT v.id FROM dni_sessions v WHERE v.user_id = $1 \
             AND v.visitor_id = $n)",
            Arg::Text(v.clone()),
        );
    }
    match &filter.search {
        Some(CallSearch::Digits(d)) => add(
            "(c.from_number LIKE $n ESCAPE '\\' OR c.to_number LIKE $n ESCAPE '\\' \
             OR c.dialed_number LIKE $n ESCAPE '\\')",
            Arg::Text(format!("%{}%", escape_like(d))),
        ),
        // Three lookups of the number indexes, not an OR (which planners
        // turn into a walk of every call in time order).
        Some(CallSearch::Number(n)) => add(
            "c.id IN (SELECT n.id FROM calls n WHERE n.user_id = $1 AND n.from_number = $n \
             UNION ALL SELECT n.id FROM calls n WHERE n.user_id = $1 AND n.to_number = $n \
             UNION ALL SELECT n.id FROM calls n WHERE n.user_id = $1 AND n.dialed_number = $n)",
            Arg::Text(n.clone()),
        ),
        Some(CallSearch::Sid(sid)) => add("c.call_sid = $n", Arg::Text(sid.clone())),
        Some(CallSearch::SidPrefix(p)) => {
            // A range of the unique index (byte order in both engines, see
            // migration 0007): every CallSid that starts with `p`.
            add("c.call_sid >= $n", Arg::Text(p.clone()));
            add("c.call_sid < $n", Arg::Text(format!("{p}\u{10FFFF}")));
        }
        None => {}
    }
    if let Some((name, value)) = &filter.param {
        args.push(Arg::Text(name.clone()));
        args.push(Arg::Text(value.clone()));
        let n = args.len();
        sql.push_str(&format!(
            " AND c.id IN (SELECT p.call_id FROM call_parameters p \
              WHERE p.user_id = $1 AND p.name = ${} AND p.value = ${n})",
            n - 1
        ));
    }
    (sql, args)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `ORDER BY` for one of the sort names the API accepts; time, then id,
/// break ties (each sort has a `(user_id, column, created_at)` index).
fn order_by(sort: &str, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    let column = match sort {
        "duration" => "c.duration",
        "revenue" => "c.revenue_e4",
        "status" => "c.status",
        _ => return format!("ORDER BY c.created_at {dir}, c.id {dir}"),
    };
    format!("ORDER BY {column} {dir}, c.created_at {dir}, c.id {dir}")
}

impl Store {
    /// A page of the account's calls matching `filter`, and how many match
    /// in all (same `WHERE`). `page.search` is not used: see
    /// [`CallFilter::search`].
    pub async fn list_calls(
        &self,
        account: AccountId,
        filter: &CallFilter,
        page: &Page,
    ) -> Result<(Vec<CallRow>, i64), StoreError> {
        let (cond, args) = conditions(account, filter);
        let n = args.len();
        let sql = format!(
            "SELECT {COLUMNS} FROM calls c {JOINS} {cond} {} LIMIT ${} OFFSET ${}",
            order_by(page.sort, page.descending),
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM calls c {cond}");
        // Planned for the values at hand, never from a cached generic plan:
        // how many calls a filter matches varies wildly (one caller, or
        // every call of a tracking number), and PostgreSQL's generic plan
        // for "some number" walks the whole account.
        let rows = on_pool!(self, |p| bind_args!(
            sqlx::query_as::<_, CallRow>(&sql),
            &args
        )
        .bind(page.limit)
        .bind(page.offset)
        .persistent(false)
        .fetch_all(p)
        .await)?;
        let total = on_pool!(self, |p| bind_args!(
            sqlx::query_scalar::<_, i64>(&count_sql),
            &args
        )
        .persistent(false)
        .fetch_one(p)
        .await)?;
        Ok((rows, total))
    }

    /// Send every call matching `filter` to `tx`, in order, as the database
    /// yields them (nothing is collected). A database error is sent as the
    /// last item. Stops as soon as the receiver is gone (the client left).
    pub async fn stream_calls(
        &self,
        account: AccountId,
        filter: &CallFilter,
        sort: &str,
        descending: bool,
        tx: mpsc::Sender<Result<CallRow, StoreError>>,
    ) {
        let (cond, args) = conditions(account, filter);
        let sql = format!(
            "SELECT {COLUMNS} FROM calls c {JOINS} {cond} {}",
            order_by(sort, descending)
        );
        let outcome: Result<(), sqlx::Error> = on_pool!(self, |p| {
            let mut rows = bind_args!(sqlx::query_as::<_, CallRow>(&sql), &args).fetch(p);
            loop {
                match rows.try_next().await {
                    Ok(Some(row)) => {
                        if tx.send(Ok(row)).await.is_err() {
                            break Ok(());
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e),
                }
            }
        });
        if let Err(e) = outcome {
            let _ = tx.send(Err(e.into())).await;
        }
    }

    /// One call of the account with its campaign, buyer and decision.
    pub async fn call_detail(&self, account: AccountId, id: i64) -> Result<CallDetail, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, cp.type AS campaign_type, b.company AS buyer_company, c.caller_zip, \
               c.caller_country, c.recording_url, c.recording_sid, c.recording_duration, c.talk_time, \
               c.connected_at, c.ended_at, c.routing_attempts, c.min_duration_secs, c.decision, \
               c.dni_session_id, \
               c.call_flow_id, c.flow_version, c.flow_run, \
               (SELECT f.name FROM call_flows f WHERE f.id = c.call_flow_id AND f.user_id = c.user_id) \
                 AS call_flow_name \
             FROM calls c {JOINS} WHERE c.id = $1 AND c.user_id = $2"
        );
        on_pool!(self, |p| sqlx::query_as::<_, CallDetail>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The account's calls created in `[start_ms, end_ms)`, counted per
    /// `bucket_ms`-wide bucket of epoch time (buckets without calls are
    /// absent). The caller folds buckets into days of the user's time zone.
    pub async fn call_buckets(
        &self,
        account: AccountId,
        start_ms: i64,
        end_ms: i64,
        bucket_ms: i64,
    ) -> Result<Vec<CallBucket>, StoreError> {
        // A long range is counted in parallel parts, merged by bucket.
        let ranges =
            crate::report_sums::split_range(start_ms, end_ms, crate::report_sums::parallel_parts());
        let parts = futures_util::future::try_join_all(
            ranges
                .into_iter()
                .map(|(from, to)| self.call_buckets_once(account, from, to, bucket_ms)),
        )
        .await?;
        let mut merged: std::collections::BTreeMap<i64, CallBucket> = Default::default();
        for b in parts.into_iter().flatten() {
            match merged.get_mut(&b.bucket) {
                Some(m) => {
                    m.calls += b.calls;
                    m.completed += b.completed;
                    m.revenue_e4 += b.revenue_e4;
                    m.completed_duration += b.completed_duration;
                }
                None => {
                    merged.insert(b.bucket, b);
                }
            }
        }
        Ok(merged.into_values().collect())
    }

    async fn call_buckets_once(
        &self,
        account: AccountId,
        start_ms: i64,
        end_ms: i64,
        bucket_ms: i64,
    ) -> Result<Vec<CallBucket>, StoreError> {
        let sql = format!(
            "SELECT c.created_at / $2 AS bucket, COUNT(*) AS calls, \
               CAST(SUM(CASE WHEN c.status = 'completed' THEN 1 ELSE 0 END) AS BIGINT) AS completed, \
               CAST(SUM(c.revenue_e4) AS BIGINT) AS revenue_e4, \
               CAST(SUM(CASE WHEN c.status = 'completed' THEN c.duration ELSE 0 END) AS BIGINT) \
                 AS completed_duration \
             {} WHERE c.user_id = $1 AND c.created_at >= $3 AND c.created_at < $4 \
             GROUP BY 1 ORDER BY 1",
            self.report_from()
        );
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, CallBucket>(&sql)
                .bind(account.0)
                .bind(bucket_ms.max(1))
                .bind(start_ms)
                .bind(end_ms)
                .fetch_all(p)
                .await
        })?)
    }

    /// The account's `limit` campaigns with the most revenue from calls
    /// created in `[start_ms, end_ms)` (then the most calls).
    pub async fn top_campaigns(
        &self,
        account: AccountId,
        start_ms: i64,
        end_ms: i64,
        limit: i64,
    ) -> Result<Vec<CampaignTotal>, StoreError> {
        let sql = format!(
            "SELECT s.campaign_id, cp.name, s.calls, s.revenue_e4 FROM ( \
               SELECT c.campaign_id, COUNT(*) AS calls, CAST(SUM(c.revenue_e4) AS BIGINT) AS revenue_e4 \
               {} WHERE c.user_id = $1 AND c.created_at >= $2 AND c.created_at < $3 \
                 AND c.campaign_id IS NOT NULL GROUP BY c.campaign_id \
             ) s JOIN campaigns cp ON cp.id = s.campaign_id AND cp.user_id = $1 \
             ORDER BY s.revenue_e4 DESC, s.calls DESC, s.campaign_id LIMIT $4",
            self.report_from()
        );
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, CampaignTotal>(&sql)
                .bind(account.0)
                .bind(start_ms)
                .bind(end_ms)
                .bind(limit)
                .fetch_all(p)
                .await
        })?)
    }

    /// Live campaigns of the account whose status is `active`.
    pub async fn active_campaign_count(&self, account: AccountId) -> Result<i64, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM campaigns WHERE user_id = $1 AND status = 'active' AND deleted_at IS NULL"
        )
        .bind(account.0)
        .fetch_one(p)
        .await
        })?)
    }

    /// Set the IANA time zone reports use for the account's days (checked
    /// by the caller). Until a profile endpoint exists, tests and operators
    /// set it here.
    pub async fn set_user_time_zone(
        &self,
        account: AccountId,
        time_zone: &str,
    ) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE users SET time_zone = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(time_zone)
        .bind(domain::now_ms())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_set_filters_become_conditions_numbered_in_order() {
        let filter = CallFilter {
            status: Some("completed".into()),
            max_revenue_e4: Some(10),
            search: Some(CallSearch::SidPrefix("CA1_%".into())),
            ..CallFilter::default()
        };
        let (sql, args) = conditions(AccountId(7), &filter);
        assert_eq!(
            sql,
            "WHERE c.user_id = $1 AND c.status = $2 AND c.revenue_e4 <= $3 \
             AND c.call_sid >= $4 AND c.call_sid < $5"
        );
        assert_eq!(args.len(), 5);
        assert!(matches!(&args[3], Arg::Text(s) if s == "CA1_%"));
        assert!(matches!(&args[4], Arg::Text(s) if s == "CA1_%\u{10FFFF}"));
    }

    /// SQLite has no index led by the state or the city (migration 0008):
    /// the list's first page and its total must walk `calls_place` within
    /// the account, never the table.
    #[tokio::test]
    async fn sqlite_serves_state_and_city_filters_from_the_place_index() {
        let path = std::env::temp_dir().join(format!("plan-{}.db", uuid::Uuid::new_v4()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let pool = store.sqlite().unwrap();
        for filter in [
            CallFilter {
                caller_state: Some("ny".into()),
                ..CallFilter::default()
            },
            CallFilter {
                caller_city: Some("austin".into()),
                ..CallFilter::default()
            },
        ] {
            let (cond, _) = conditions(AccountId(1), &filter);
            let page = format!(
                "SELECT {COLUMNS} FROM calls c {JOINS} {cond} {} LIMIT 50",
                order_by("createdAt", true)
            );
            let total = format!("SELECT COUNT(*) FROM calls c {cond}");
            for sql in [page, total] {
                let plan: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                        .bind(1_i64)
                        .bind("NY")
                        .fetch_all(pool)
                        .await
                        .unwrap();
                let calls = plan
                    .iter()
                    .map(|r| r.3.as_str())
                    .find(|step| step.contains(" c "))
                    .unwrap_or_default();
                assert!(
                    calls.contains("INDEX calls_place (user_id=?)"),
                    "{sql}: {calls}"
                );
            }
        }
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn sorting_uses_a_fixed_map_with_id_as_tie_breaker() {
        assert_eq!(
            order_by("revenue", false),
            "ORDER BY c.revenue_e4 ASC, c.created_at ASC, c.id ASC"
        );
        assert_eq!(
            order_by("anything", true),
            "ORDER BY c.created_at DESC, c.id DESC"
        );
    }
}
