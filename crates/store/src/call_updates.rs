//! Changes to a stored call reported by the carrier: the caller's leg's
//! status, the buyer's leg answered, the buyer's leg's talk time. Each is
//! one statement keyed by CallSid, so the voice webhook's writer can apply
//! many in one transaction ([`Store::apply_call_updates`], one commit)
//! instead of one commit per callback.

use domain::now_ms;

pub use callpath::record::{CallUpdate, Updated};

use crate::calls::{
    CallState, RoutedCall, STATE, StateRow, StatusUpdate, ids_in_order, insert_auctions,
    insert_calls, insert_calls_sql,
};
use crate::db::Db;
use crate::{Store, StoreError};

/// Bind the parameters of [`status_sql`], `$1`..`$9`, to query `$q`.
macro_rules! bind_status {
    ($q:expr, $sid:expr, $u:expr, $now:expr) => {
        $q.bind(&$u.status)
            .bind($u.ended)
            .bind($u.duration_secs)
            .bind($u.cost.map(|m| m.0))
            .bind(&$u.recording_url)
            .bind(&$u.recording_sid)
            .bind($u.recording_duration)
            .bind($now)
            .bind($sid)
            .bind(crate::call_updates::status_rank(&$u.status, $u.ended))
    };
}

/// Bind the parameters of [`FLOW_SQL`], `$1`..`$11`, to query `$q`.
macro_rules! bind_flow {
    ($q:expr, $sid:expr, $seq:expr, $run:expr, $route:expr, $now:expr) => {{
        let r = $route.as_ref();
        $q.bind($run)
            .bind($seq)
            .bind(r.is_some())
            .bind(r.and_then(|r| r.buyer_id))
            .bind(r.and_then(|r| r.rtb_target_id))
            .bind(r.and_then(|r| r.dialed_number.clone()))
            .bind(r.map(|r| r.buyer_payout_e4).unwrap_or(0))
            .bind(r.map(|r| r.decision.clone()))
            .bind(r.is_some_and(|r| r.payable))
            .bind($now)
            .bind($sid)
    }};
}

/// Where a status stands in the carrier's lifecycle (queued, ringing,
/// in progress, then one final status): a report never moves a call back.
pub(crate) fn status_rank(status: &str, ended: bool) -> i64 {
    if ended {
        return 3;
    }
    match status {
        "ringing" => 1,
        "in-progress" | "answered" => 2,
        _ => 0,
    }
}

/// Run `$u` (a `&CallUpdate`) on executor expression `$e` (pasted once
/// per statement, e.g. `p` or `&mut *tx`). A macro so that one text
/// serves both engines.
macro_rules! apply_one {
    ($e:expr, $u:expr) => {
        async {
            let now = now_ms();
            Ok::<Updated, sqlx::Error>(match $u {
                CallUpdate::Status { sid, update: u } => Updated::Status(
                    bind_status!(sqlx::query_as::<_, StateRow>(&status_sql()), sid, u, now)
                        .fetch_optional($e)
                        .await?
                        .map(|r| Box::new(CallState::from(r))),
                ),
                CallUpdate::Connected { sid, at } => Updated::Connected(
                    sqlx::query(CONNECTED_SQL)
                        .bind(at)
                        .bind(sid)
                        .execute($e)
                        .await?
                        .rows_affected()
                        > 0,
                ),
                CallUpdate::TalkTime { sid, secs } => Updated::TalkTime(
                    sqlx::query_scalar::<_, bool>(TALK_TIME_SQL)
                        .bind(secs)
                        .bind(now)
                        .bind(sid)
                        .fetch_optional($e)
                        .await?,
                ),
                CallUpdate::Route {
                    sid,
                    buyer_id,
                    dialed_number,
                    buyer_payout_e4,
                    decision,
                    attempts,
                } => Updated::Changed(
                    sqlx::query(ROUTE_SQL)
                        .bind(buyer_id)
                        .bind(dialed_number)
                        .bind(buyer_payout_e4)
                        .bind(decision)
                        .bind(attempts)
                        .bind(now)
                        .bind(sid)
                        .execute($e)
                        .await?
                        .rows_affected()
                        > 0,
                ),
                CallUpdate::Flow {
                    sid,
                    seq,
                    run,
                    route,
                } => Updated::Changed(
                    bind_flow!(sqlx::query(FLOW_SQL), sid, seq, run, route, now)
                        .execute($e)
                        .await?
                        .rows_affected()
                        > 0,
                ),
                CallUpdate::FallbackTalk { sid, secs } => Updated::Changed(
                    sqlx::query(FALLBACK_TALK_SQL)
                        .bind(secs)
                        .bind(now)
                        .bind(sid)
                        .execute($e)
                        .await?
                        .rows_affected()
                        > 0,
                ),
            })
        }
    };
}

/// The carrier's lifecycle, whatever order reports arrive in: the first
/// final status stays (a late `failed` after `completed` changes
/// nothing), a call never goes back from in progress to ringing, and
/// calls that were not routed keep their status. Durations, cost and
/// recordings of later reports still fill in what was missing. A call
/// that ends inside its flow, before anything was dialled, was not routed.
fn status_sql() -> String {
    format!(
        "UPDATE calls SET \
            status = CASE WHEN ended_at IS NOT NULL THEN status \
                          WHEN disposition <> 'routed' THEN status \
                          WHEN $10 < (CASE status WHEN 'ringing' THEN 1 \
                              WHEN 'in-progress' THEN 2 WHEN 'answered' THEN 2 ELSE 0 END) \
                              THEN status \
                          ELSE $1 END, \
            duration = COALESCE($3, duration), \
            cost_e4 = COALESCE($4, cost_e4), \
            profit_e4 = revenue_e4 - payout_e4 - COALESCE($4, cost_e4), \
            recording_url = COALESCE($5, recording_url), \
            recording_sid = COALESCE($6, recording_sid), \
            recording_duration = COALESCE($7, recording_duration), \
            ended_at = CASE WHEN $2 THEN COALESCE(ended_at, $8) ELSE ended_at END, \
            disposition = CASE WHEN $2 AND ended_at IS NULL AND flow_seq > 0 \
                              AND disposition = 'routed' AND dialed_number IS NULL \
                              THEN 'no_route' ELSE disposition END, \
            updated_at = $8 \
         WHERE call_sid = $9 RETURNING {STATE}"
    )
}

const CONNECTED_SQL: &str = "UPDATE calls SET connected_at = COALESCE(connected_at, $1), \
    status = CASE WHEN ended_at IS NULL AND disposition = 'routed' THEN 'in-progress' ELSE status END, \
    updated_at = $1 WHERE call_sid = $2";

const ROUTE_SQL: &str = "UPDATE calls SET buyer_id = $1, dialed_number = $2, buyer_payout_e4 = $3, \
    decision = $4, routing_attempts = $5, updated_at = $6 WHERE call_sid = $7";

/// A call's next place in its flow, over an earlier one only (a retried
/// step changes nothing) and only while the call lasts; with `$3`, the
/// destination the flow sent it to.
const FLOW_SQL: &str = "UPDATE calls SET flow_run = $1, flow_seq = $2, \
    buyer_id = CASE WHEN $3 THEN $4 ELSE buyer_id END, \
    rtb_target_id = CASE WHEN $3 THEN $5 ELSE rtb_target_id END, \
    dialed_number = CASE WHEN $3 THEN $6 ELSE dialed_number END, \
    buyer_payout_e4 = CASE WHEN $3 THEN $7 ELSE buyer_payout_e4 END, \
    decision = CASE WHEN $3 THEN $8 ELSE decision END, \
    payable = CASE WHEN $3 THEN $9 ELSE payable END, \
    routing_attempts = CASE WHEN $3 AND ($4 IS NOT NULL OR $5 IS NOT NULL) THEN 1 ELSE routing_attempts END, \
    updated_at = $10 \
    WHERE call_sid = $11 AND flow_seq < $2 AND ended_at IS NULL";

const FALLBACK_TALK_SQL: &str =
    "UPDATE calls SET talk_time = $1, updated_at = $2 WHERE call_sid = $3";

/// Converts the call when it was payable and the talk lasted at least the
/// campaign's minimum: then its revenue is the buyer's payout.
const TALK_TIME_SQL: &str = "UPDATE calls SET talk_time = $1, \
    converted = (payable AND $1 > 0 AND $1 >= min_duration_secs), \
    revenue_e4 = CASE WHEN payable AND $1 > 0 AND $1 >= min_duration_secs THEN buyer_payout_e4 ELSE 0 END, \
    profit_e4 = CASE WHEN payable AND $1 > 0 AND $1 >= min_duration_secs THEN buyer_payout_e4 ELSE 0 END \
        - payout_e4 - cost_e4, \
    updated_at = $2 WHERE call_sid = $3 RETURNING converted";

impl Store {
    /// Apply `updates` in order, in one transaction (one commit); a single
    /// update is one statement. Fails as a whole: then nothing changed.
    pub async fn apply_call_updates(
        &self,
        updates: &[&CallUpdate],
    ) -> Result<Vec<Updated>, StoreError> {
        if updates.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.acquire().await?;
        Ok(apply_on(conn.db(), updates).await?)
    }

    /// The group-commit writer's batch: `calls` written as
    /// [`Store::insert_routed_calls`] does, then `changes` applied as
    /// [`Store::apply_call_updates`] does, in one transaction (one commit
    /// where there were two: on SQLite each commit writes every page it
    /// touched to the WAL again, the same index pages for both). Fails as
    /// a whole: then nothing was written.
    pub async fn write_calls_and_changes(
        &self,
        calls: &[&RoutedCall],
        changes: &[&CallUpdate],
    ) -> Result<(Vec<bool>, Vec<Updated>), StoreError> {
        let mut conn = self.acquire().await?;
        Ok(write_both_on(conn.db(), calls, changes).await?)
    }

    async fn apply_call_update(&self, update: CallUpdate) -> Result<Updated, StoreError> {
        self.apply_call_updates(&[&update])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Apply a status report of the caller's leg. A final status never goes
    /// back to a non-final one (callbacks may arrive out of order).
    pub async fn apply_call_status(
        &self,
        sid: &str,
        update: &StatusUpdate,
    ) -> Result<Option<CallState>, StoreError> {
        let u = CallUpdate::Status {
            sid: sid.into(),
            update: update.clone(),
        };
        match self.apply_call_update(u).await? {
            Updated::Status(state) => Ok(state.map(|s| *s)),
            _ => Err(StoreError::NotFound),
        }
    }

    /// The buyer's leg was answered.
    pub async fn mark_connected(&self, sid: &str, at: i64) -> Result<(), StoreError> {
        let u = CallUpdate::Connected {
            sid: sid.into(),
            at,
        };
        self.apply_call_update(u).await.map(|_| ())
    }

    /// The buyer's leg ended after `talk_secs`: converts the call when it
    /// was answered, payable and long enough. Returns whether it converted.
    pub async fn record_talk_time(&self, sid: &str, talk_secs: i64) -> Result<bool, StoreError> {
        let u = CallUpdate::TalkTime {
            sid: sid.into(),
            secs: talk_secs,
        };
        match self.apply_call_update(u).await? {
            Updated::TalkTime(Some(converted)) => Ok(converted),
            _ => Err(StoreError::NotFound),
        }
    }
}

/// [`Store::apply_call_updates`] on connection `db`.
pub(crate) async fn apply_on(
    db: Db<'_>,
    updates: &[&CallUpdate],
) -> Result<Vec<Updated>, sqlx::Error> {
    use sqlx::Connection;
    Ok(match (updates, db) {
        ([], _) => Vec::new(),
        ([one], Db::Sqlite(c)) => vec![apply_one!(&mut *c, *one).await?],
        ([one], Db::Postgres(c)) => vec![apply_one!(&mut *c, *one).await?],
        (many, Db::Sqlite(c)) => {
            let mut tx = c.begin().await?;
            let out = sqlite_statements(&mut tx, many).await?;
            tx.commit().await?;
            out
        }
        (many, Db::Postgres(c)) => {
            let mut tx = c.begin().await?;
            let mut out = Vec::with_capacity(many.len());
            for u in many {
                out.push(apply_one!(&mut *tx, *u).await?);
            }
            tx.commit().await?;
            out
        }
    })
}

/// [`Store::write_calls_and_changes`] on connection `db`: which calls were
/// written (`false`: stored already), and what each change found.
pub(crate) async fn write_both_on(
    db: Db<'_>,
    calls: &[&RoutedCall],
    changes: &[&CallUpdate],
) -> Result<(Vec<bool>, Vec<Updated>), sqlx::Error> {
    use sqlx::Connection;
    let sql = insert_calls_sql(db.backend(), calls.len());
    macro_rules! calls_in {
        ($kind:ident, $tx:ident) => {{
            let rows: Vec<(domain::CallId, String)> = if calls.is_empty() {
                Vec::new()
            } else {
                insert_calls!($kind, &mut *$tx, &sql, calls).await?
            };
            insert_auctions!($tx, crate::Backend::$kind, calls, &rows).await?;
            rows
        }};
    }
    let plain = calls.iter().all(|c| c.auction.is_none());
    let new_of = |rows: Vec<(domain::CallId, String)>| -> Vec<bool> {
        ids_in_order(calls, rows)
            .into_iter()
            .map(|id| id.is_some())
            .collect()
    };
    Ok(match db {
        Db::Sqlite(c) => {
            let mut tx = c.begin().await?;
            // Calls without auctions need no ids back: written without
            // RETURNING ([`crate::calls::sqlite_write_calls`]).
            let new = if plain {
                crate::calls::sqlite_write_calls(&mut tx, calls).await?
            } else {
                new_of(calls_in!(Sqlite, tx))
            };
            let done = if changes.is_empty() {
                Vec::new()
            } else {
                sqlite_statements(&mut tx, changes).await?
            };
            tx.commit().await?;
            (new, done)
        }
        Db::Postgres(c) => {
            let mut tx = c.begin().await?;
            let rows = calls_in!(Postgres, tx);
            let mut done = Vec::with_capacity(changes.len());
            for u in changes {
                done.push(apply_one!(&mut *tx, *u).await?);
            }
            tx.commit().await?;
            (new_of(rows), done)
        }
    })
}

/// SQLite: every update of the batch in one multi-statement query, so the
/// batch costs three trips to the connection's thread (begin, the
/// statements, commit) instead of one per update: under load each trip
/// waits for a core, and the trips, not SQLite, were most of a batch's
/// time. Each statement is the single-update one with its `$n` numbered
/// on from the previous statement's (SQLite binds `$n` by number across
/// the whole text). Not cached: the text differs from batch to batch.
/// Runs on `conn`, inside a transaction.
async fn sqlite_statements(
    conn: &mut sqlx::SqliteConnection,
    updates: &[&CallUpdate],
) -> Result<Vec<Updated>, sqlx::Error> {
    use futures_util::TryStreamExt;
    use sqlx::{FromRow, Row};

    let mut sql = String::new();
    let mut used = 0;
    for u in updates {
        let (text, params) = match u {
            CallUpdate::Status { .. } => (status_sql(), 10),
            CallUpdate::Connected { .. } => (CONNECTED_SQL.to_string(), 2),
            CallUpdate::TalkTime { .. } => (TALK_TIME_SQL.to_string(), 3),
            CallUpdate::Route { .. } => (ROUTE_SQL.to_string(), 7),
            CallUpdate::FallbackTalk { .. } => (FALLBACK_TALK_SQL.to_string(), 3),
            CallUpdate::Flow { .. } => (FLOW_SQL.to_string(), 11),
        };
        renumber(&mut sql, &text, used);
        sql.push_str(";\n");
        used += params;
    }
    let now = now_ms();
    let mut q = sqlx::query(&sql).persistent(false);
    for u in updates {
        q = match u {
            CallUpdate::Status { sid, update: u } => bind_status!(q, sid, u, now),
            CallUpdate::Connected { sid, at } => q.bind(at).bind(sid),
            CallUpdate::TalkTime { sid, secs } => q.bind(secs).bind(now).bind(sid),
            CallUpdate::Route {
                sid,
                buyer_id,
                dialed_number,
                buyer_payout_e4,
                decision,
                attempts,
            } => q
                .bind(buyer_id)
                .bind(dialed_number)
                .bind(buyer_payout_e4)
                .bind(decision)
                .bind(attempts)
                .bind(now)
                .bind(sid),
            CallUpdate::FallbackTalk { sid, secs } => q.bind(secs).bind(now).bind(sid),
            CallUpdate::Flow {
                sid,
                seq,
                run,
                route,
            } => bind_flow!(q, sid, seq, run, route, now),
        };
    }
    // Each statement yields its row (if its call exists), then its result.
    #[allow(deprecated)] // multi-statement queries: kept by the SQLite driver
    let items: Vec<_> = q.fetch_many(&mut *conn).try_collect().await?;
    let mut out = Vec::with_capacity(updates.len());
    let mut row = None;
    let mut pending = updates.iter();
    for item in items {
        match item {
            sqlx::Either::Right(r) => row = Some(r),
            sqlx::Either::Left(done) => {
                let Some(u) = pending.next() else { break };
                let r = row.take();
                out.push(match u {
                    CallUpdate::Status { .. } => Updated::Status(
                        r.map(|r| StateRow::from_row(&r).map(CallState::from))
                            .transpose()?
                            .map(Box::new),
                    ),
                    CallUpdate::Connected { .. } => Updated::Connected(done.rows_affected() > 0),
                    CallUpdate::Route { .. }
                    | CallUpdate::FallbackTalk { .. }
                    | CallUpdate::Flow { .. } => Updated::Changed(done.rows_affected() > 0),
                    CallUpdate::TalkTime { .. } => {
                        Updated::TalkTime(r.map(|r| r.try_get::<bool, _>(0)).transpose()?)
                    }
                });
            }
        }
    }
    if out.len() != updates.len() {
        return Err(sqlx::Error::Protocol(
            "a batch of call updates returned fewer results than statements".into(),
        ));
    }
    Ok(out)
}

/// Append `text` to `sql` with every `$n` placeholder moved to `$(n + by)`.
fn renumber(sql: &mut String, text: &str, by: usize) {
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        sql.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => sql.push_str(&(n + by).to_string()),
            Err(_) => sql.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    sql.push_str(rest);
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_on() {
        let mut sql = String::from("A $1;");
        super::renumber(&mut sql, "B $1, $2 + $12 = '$'", 3);
        assert_eq!(sql, "A $1;B $4, $5 + $15 = '$'");
    }
}
