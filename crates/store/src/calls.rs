//! Call records. The voice webhook writes a call when it answers, follow-up
//! webhooks (dial results, status callbacks) update it by CallSid. CallSid
//! lookups are not tenant-scoped on purpose: they serve only the carrier's
//! signed webhooks, which know no account; every other read takes one.

use domain::{AccountId, Money, now_ms};

pub use callpath::record::{CallState, RoutedCall, StatusUpdate};

use crate::db::{Db, on_pool};
use crate::{Store, StoreError};

/// A call to record directly (tests, demo data, imports).
#[derive(Clone, Debug)]
pub struct NewCall<'a> {
    pub campaign_id: Option<&'a str>,
    pub call_sid: &'a str,
    pub from_number: &'a str,
    pub to_number: &'a str,
    pub status: &'a str,
    pub duration_secs: i64,
    pub revenue: Money,
    pub created_at: i64,
}

/// A [`CallState`] as read from its row ([`STATE`]'s columns).
#[derive(sqlx::FromRow)]
pub(crate) struct StateRow {
    id: domain::CallId,
    user_id: domain::AccountId,
    call_sid: domain::CallSid,
    campaign_id: Option<domain::CampaignId>,
    buyer_id: Option<domain::BuyerId>,
    disposition: String,
    status: String,
    dialed_number: Option<String>,
    routing_attempts: i64,
    payable: bool,
    converted: bool,
    min_duration_secs: i64,
    buyer_payout_e4: i64,
    connected_at: Option<i64>,
    ended_at: Option<i64>,
    decision: Option<String>,
    flow_seq: i64,
    flow_run: Option<String>,
}

impl From<StateRow> for CallState {
    fn from(r: StateRow) -> Self {
        CallState {
            id: r.id,
            user_id: r.user_id,
            call_sid: r.call_sid,
            campaign_id: r.campaign_id,
            buyer_id: r.buyer_id,
            disposition: r.disposition,
            status: r.status,
            dialed_number: r.dialed_number,
            routing_attempts: r.routing_attempts,
            payable: r.payable,
            converted: r.converted,
            min_duration_secs: r.min_duration_secs,
            buyer_payout_e4: r.buyer_payout_e4,
            connected_at: r.connected_at,
            ended_at: r.ended_at,
            decision: r.decision,
            flow_seq: r.flow_seq,
            flow_run: r.flow_run,
        }
    }
}

pub(crate) const STATE: &str = "id, user_id, call_sid, campaign_id, buyer_id, disposition, status, dialed_number, \
    routing_attempts, payable, converted, min_duration_secs, buyer_payout_e4, connected_at, ended_at, decision, flow_seq, flow_run";

impl StoreError {
    /// The store (or the task writing to it) is shut down.
    pub fn closed() -> Self {
        StoreError::Database(sqlx::Error::PoolClosed)
    }

    /// Whether this says the store was shut down ([`StoreError::closed`]).
    pub fn is_closed(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::PoolClosed))
    }
}

impl Store {
    /// Record a call for `account`; returns its id. A repeated CallSid is a
    /// `Conflict`.
    pub async fn record_call(
        &self,
        account: AccountId,
        call: &NewCall<'_>,
    ) -> Result<i64, StoreError> {
        if let Some(campaign) = call.campaign_id {
            self.require_campaign(account, campaign).await?;
        }
        Ok(on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO calls (user_id, campaign_id, call_sid, from_number, to_number, status, \
                                duration, revenue_e4, profit_e4, converted, ended_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $10, $10) RETURNING id"
        )
        .bind(account.0)
        .bind(call.campaign_id)
        .bind(call.call_sid)
        .bind(call.from_number)
        .bind(call.to_number)
        .bind(call.status)
        .bind(call.duration_secs)
        .bind(call.revenue.0)
        .bind(call.revenue.0 > 0)
        .bind(call.created_at)
        .fetch_one(p)
        .await
        })?)
    }

    /// `NotFound` unless the campaign exists and belongs to `account`, so
    /// a call can never be filed under another tenant's campaign.
    async fn require_campaign(&self, account: AccountId, id: &str) -> Result<(), StoreError> {
        let found = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM campaigns WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(account.0)
        .fetch_one(p)
        .await)?;
        if found == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Write the call the voice webhook routed. A CallSid seen before is a
    /// `Conflict` (the carrier retried): the caller then answers from the
    /// stored call.
    pub async fn insert_routed_call(&self, c: &RoutedCall) -> Result<domain::CallId, StoreError> {
        self.insert_routed_calls(&[c])
            .await?
            .first()
            .copied()
            .flatten()
            .ok_or_else(|| StoreError::Conflict {
                constraint: "calls_call_sid_key".into(),
            })
    }

    /// Write several routed calls in one statement (one commit), as the
    /// voice webhook's group-commit writer batches them. A CallSid already
    /// stored (or repeated earlier in `calls`) is skipped, not an error:
    /// its slot in the result is `None`; every other slot holds the new
    /// call's id, in the order of `calls`.
    pub async fn insert_routed_calls(
        &self,
        calls: &[&RoutedCall],
    ) -> Result<Vec<Option<domain::CallId>>, StoreError> {
        if calls.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.acquire().await?;
        Ok(insert_routed_on(conn.db(), calls).await?)
    }

    /// Note a call to a number no account owns (idempotent by CallSid).
    pub async fn record_unrouted_call(
        &self,
        sid: &str,
        from: &str,
        to: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "INSERT INTO unrouted_calls (call_sid, from_number, to_number, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (call_sid) DO NOTHING"
        )
        .bind(sid)
        .bind(from)
        .bind(to)
        .bind(reason)
        .bind(now_ms())
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The stored state of a call by CallSid (carrier webhooks only).
    pub async fn call_state(&self, sid: &str) -> Result<Option<CallState>, StoreError> {
        let sql = format!("SELECT {STATE} FROM calls WHERE call_sid = $1");
        let row = on_pool!(self, |p| sqlx::query_as::<_, StateRow>(&sql)
            .bind(sid)
            .fetch_optional(p)
            .await)?;
        Ok(row.map(CallState::from))
    }

    /// CallSids of calls still open (no final status) that started before
    /// `before_ms`: their concurrency slots are stuck.
    pub async fn stale_open_calls(
        &self,
        before_ms: i64,
    ) -> Result<Vec<domain::CallSid>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_scalar::<_, domain::CallSid>(
                "SELECT call_sid FROM calls WHERE ended_at IS NULL AND created_at < $1 LIMIT 1000",
            )
            .bind(before_ms)
            .fetch_all(p)
            .await
        })?)
    }

    /// Close a call whose carrier never reported its end.
    pub async fn close_stale_call(&self, sid: &domain::CallSid) -> Result<(), StoreError> {
        let now = now_ms();
        on_pool!(self, |p| sqlx::query(
            "UPDATE calls SET ended_at = $1, hangup_cause = 'no_final_status', updated_at = $1 \
             WHERE call_sid = $2 AND ended_at IS NULL"
        )
        .bind(now)
        .bind(sid)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}

/// [`Store::insert_routed_calls`] on connection `db`.
pub(crate) async fn insert_routed_on(
    db: Db<'_>,
    calls: &[&RoutedCall],
) -> Result<Vec<Option<domain::CallId>>, sqlx::Error> {
    if calls.is_empty() {
        return Ok(Vec::new());
    }
    let sql = insert_calls_sql(db.backend(), calls.len());
    // The calls and their auctions commit together: an auction is kept
    // exactly when its call is.
    macro_rules! calls_on {
        ($kind:ident, $conn:ident) => {{
            if calls.iter().all(|c| c.auction.is_none()) {
                insert_calls!($kind, &mut *$conn, &sql, calls).await?
            } else {
                let mut tx = sqlx::Connection::begin(&mut *$conn).await?;
                let rows = insert_calls!($kind, &mut *tx, &sql, calls).await?;
                insert_auctions!(tx, crate::Backend::$kind, calls, &rows).await?;
                tx.commit().await?;
                rows
            }
        }};
    }
    let rows = match db {
        Db::Sqlite(c) => calls_on!(Sqlite, c),
        Db::Postgres(c) => calls_on!(Postgres, c),
    };
    Ok(ids_in_order(calls, rows))
}

/// SQLite: write `calls` (none with an auction) in one statement without
/// `RETURNING` (whose rows sqlx hands over one message each), and tell
/// which were written: all of them when as many rows were added as calls
/// were given (the common case). Otherwise some CallSids were stored
/// already; `calls.id` is `AUTOINCREMENT`, so SQLite gives every row this
/// statement added an id larger than any that ever existed before it
/// (a documented guarantee), and the rows of the batch's CallSids with
/// the highest ids are the ones just written.
pub(crate) async fn sqlite_write_calls(
    conn: &mut sqlx::SqliteConnection,
    calls: &[&RoutedCall],
) -> Result<Vec<bool>, sqlx::Error> {
    if calls.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = insert_calls_sql(crate::Backend::Sqlite, calls.len());
    let cut = sql.len() - RETURNING.len();
    sql.truncate(cut);
    let done = bind_calls!(sqlx::query(&sql), calls)
        .execute(&mut *conn)
        .await?;
    let added = usize::try_from(done.rows_affected()).unwrap_or(usize::MAX);
    if added == calls.len() {
        return Ok(vec![true; calls.len()]);
    }
    let mut lookup = String::from("SELECT id, call_sid FROM calls WHERE call_sid IN (");
    for i in 0..calls.len() {
        lookup.push_str(if i == 0 { "?" } else { ", ?" });
    }
    lookup.push_str(") ORDER BY id DESC");
    let mut q = sqlx::query_as::<_, (domain::CallId, String)>(&lookup);
    for c in calls {
        q = q.bind(&*c.call_sid);
    }
    let mut rows = q.fetch_all(&mut *conn).await?;
    rows.truncate(added);
    Ok(ids_in_order(calls, rows)
        .into_iter()
        .map(|id| id.is_some())
        .collect())
}

/// What [`insert_calls_sql`] ends with.
const RETURNING: &str = " RETURNING id, call_sid";

/// The columns of a call row written by the voice webhook ([`values`]).
pub(crate) const CALL_COLUMNS: usize = 30;

/// The multi-row INSERT of `n` routed calls, skipping CallSids already
/// stored, returning `id, call_sid` of those written; bind
/// with [`bind_calls!`], or run with [`insert_calls!`].
pub(crate) fn insert_calls_sql(backend: crate::Backend, n: usize) -> String {
    const COLS: usize = CALL_COLUMNS;
    let mut sql = String::with_capacity(420 + n * 150);
    sql.push_str(
        "INSERT INTO calls (user_id, call_sid, account_sid, from_number, to_number, campaign_id, \
            phone_number_id, number_pool_id, buyer_id, dialed_number, disposition, status, is_duplicate, \
            payable, min_duration_secs, buyer_payout_e4, caller_city, caller_state, caller_zip, caller_country, \
            decision, routing_attempts, created_at, updated_at, ended_at, rtb_target_id, call_flow_id, \
            flow_version, flow_seq, flow_run) VALUES ",
    );
    crate::db::push_value_rows(&mut sql, backend, n, COLS);
    sql.push_str(" ON CONFLICT (call_sid) DO NOTHING");
    sql.push_str(RETURNING);
    sql
}

/// Run `$sql` of [`insert_calls_sql`] for `$calls` on `$conn` (`&mut` a
/// connection or transaction of the `$kind` database), giving the
/// `(id, call_sid)` of the calls written.
macro_rules! insert_calls {
    ($kind:ident, $conn:expr, $sql:expr, $calls:expr) => {
        $crate::calls::bind_calls!(sqlx::query_as::<_, (domain::CallId, String)>($sql), $calls)
            .fetch_all($conn)
    };
}
pub(crate) use insert_calls;

/// A column value of a call row of [`insert_calls_sql`], typed as both
/// drivers bind it ([`bind_calls!`]).
pub(crate) enum Value<'a> {
    Int(i64),
    OptInt(Option<i64>),
    Bool(bool),
    Text(&'a str),
    OptText(Option<&'a str>),
}

/// The values of `c`'s row, in [`insert_calls_sql`]'s column order.
/// Every text is stored exactly as given (the caller's city and state as
/// the carrier sent them: reports compare them without regard to case).
pub(crate) fn values(c: &RoutedCall) -> [Value<'_>; CALL_COLUMNS] {
    use Value::*;
    fn text(s: &Option<String>) -> Value<'_> {
        OptText(s.as_deref())
    }
    [
        Int(c.account.0),
        Text(&c.call_sid),
        text(&c.account_sid),
        Text(&c.from_number),
        Text(&c.to_number),
        OptText(c.campaign_id.as_deref()),
        OptInt(c.phone_number_id.map(i64::from)),
        OptInt(c.number_pool_id.map(i64::from)),
        OptInt(c.buyer_id.map(i64::from)),
        text(&c.dialed_number),
        Text(&c.disposition),
        Text(&c.status),
        Bool(c.is_duplicate),
        Bool(c.payable),
        Int(c.min_duration_secs),
        Int(c.buyer_payout_e4),
        text(&c.caller_city),
        text(&c.caller_state),
        text(&c.caller_zip),
        text(&c.caller_country),
        Text(&c.decision),
        // routing_attempts: sent to a buyer or to the winning bidder.
        Int(i64::from(c.buyer_id.is_some() || c.rtb_target_id.is_some())),
        Int(c.created_at),
        Int(c.created_at), // updated_at
        OptInt(c.ended_at),
        OptInt(c.rtb_target_id.map(i64::from)),
        OptInt(c.call_flow_id),
        OptInt(c.flow_version),
        Int(i64::from(c.flow_run.is_some())),
        text(&c.flow_run),
    ]
}

/// Bind `$calls` (`&[&RoutedCall]`) to query `$q` of [`insert_calls_sql`].
macro_rules! bind_calls {
    ($q:expr, $calls:expr) => {{
        let mut q = $q;
        for c in $calls {
            for v in $crate::calls::values(c) {
                q = match v {
                    $crate::calls::Value::Int(v) => q.bind(v),
                    $crate::calls::Value::OptInt(v) => q.bind(v),
                    $crate::calls::Value::Bool(v) => q.bind(v),
                    $crate::calls::Value::Text(v) => q.bind(v),
                    $crate::calls::Value::OptText(v) => q.bind(v),
                };
            }
        }
        q
    }};
}
pub(crate) use bind_calls;

/// Write, inside transaction `$tx`, the auctions of the calls of `$calls`
/// that `$rows` (the insert's `id, call_sid`) says were written.
macro_rules! insert_auctions {
    ($tx:ident, $backend:expr, $calls:expr, $rows:expr) => {
        async {
            for (_, sid) in $rows {
                let call = $calls.iter().find(|c| c.call_sid == **sid);
                if let Some((call, auction)) =
                    call.and_then(|c| c.auction.as_deref().map(|a| (c, a)))
                {
                    $crate::rtb_auctions::write::insert_auction!(
                        $tx,
                        $backend,
                        call.account.0,
                        auction
                    )
                    .await?;
                }
            }
            Ok::<(), sqlx::Error>(())
        }
    };
}
pub(crate) use insert_auctions;

/// The new calls' ids in the order of `calls` (`None`: already stored).
pub(crate) fn ids_in_order(
    calls: &[&RoutedCall],
    rows: Vec<(domain::CallId, String)>,
) -> Vec<Option<domain::CallId>> {
    let mut out = vec![None; calls.len()];
    for (id, sid) in rows {
        // The first call with this CallSid is the one that was written.
        if let Some(i) = calls.iter().position(|c| c.call_sid.as_str() == sid) {
            out[i] = Some(id);
        }
    }
    out
}
