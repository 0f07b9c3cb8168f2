//! Bulk writing of synthetic calls (`callcenter seed-calls`): many rows per
//! statement, many statements per transaction, so a million calls load in
//! minutes on either engine.

use domain::AccountId;

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A finished call to write as is (money in ten-thousandths, times in ms).
#[derive(Clone, Debug, Default)]
pub struct SeedCall {
    pub call_sid: String,
    pub campaign_id: Option<String>,
    pub buyer_id: Option<i64>,
    pub from_number: String,
    pub to_number: String,
    pub dialed_number: Option<String>,
    pub caller_city: Option<String>,
    pub caller_state: Option<String>,
    pub caller_zip: Option<String>,
    pub disposition: String,
    pub status: String,
    pub duration: i64,
    pub talk_time: i64,
    pub converted: bool,
    pub revenue_e4: i64,
    pub cost_e4: i64,
    pub created_at: i64,
    pub ended_at: i64,
}

const COLUMNS: &str = "user_id, call_sid, campaign_id, buyer_id, from_number, to_number, dialed_number, \
    caller_city, caller_state, caller_zip, disposition, status, duration, talk_time, converted, revenue_e4, \
    cost_e4, profit_e4, created_at, updated_at, ended_at";
const PER_ROW: usize = 21;
/// Rows per statement: PostgreSQL allows 65,535 parameters, SQLite 32,766.
const ROWS: usize = 1000;

impl Store {
    /// Write `calls` for `account` (one transaction per 10,000 rows);
    /// CallSids already stored are skipped. Returns how many were written.
    pub async fn seed_calls(
        &self,
        account: AccountId,
        calls: &[SeedCall],
    ) -> Result<u64, StoreError> {
        let mut written = 0;
        for chunk in calls.chunks(ROWS * 10) {
            written += on_pool!(self, |p| {
                let mut tx = p.begin().await?;
                let mut n = 0;
                for rows in chunk.chunks(ROWS) {
                    let sql = insert_sql(rows.len());
                    let mut q = sqlx::query(&sql);
                    for c in rows {
                        q = q
                            .bind(account.0)
                            .bind(&c.call_sid)
                            .bind(&c.campaign_id)
                            .bind(c.buyer_id)
                            .bind(&c.from_number)
                            .bind(&c.to_number)
                            .bind(&c.dialed_number)
                            .bind(&c.caller_city)
                            .bind(&c.caller_state)
                            .bind(&c.caller_zip)
                            .bind(&c.disposition)
                            .bind(&c.status)
                            .bind(c.duration)
                            .bind(c.talk_time)
                            .bind(c.converted)
                            .bind(c.revenue_e4)
                            .bind(c.cost_e4)
                            .bind(c.revenue_e4 - c.cost_e4)
                            .bind(c.created_at)
                            .bind(c.ended_at)
                            .bind(c.ended_at);
                    }
                    n += q.execute(&mut *tx).await?.rows_affected();
                }
                tx.commit().await?;
                Ok::<u64, StoreError>(n)
            })?;
        }
        Ok(written)
    }
}

fn insert_sql(rows: usize) -> String {
    use std::fmt::Write as _;
    let mut sql = format!("INSERT INTO calls ({COLUMNS}) VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for k in 1..=PER_ROW {
            let _ = write!(
                sql,
                "${}{}",
                r * PER_ROW + k,
                if k < PER_ROW { ", " } else { ")" }
            );
        }
    }
    sql.push_str(" ON CONFLICT (call_sid) DO NOTHING");
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_placeholder_per_value() {
        let sql = super::insert_sql(2);
        assert!(sql.contains("($1, $2,") && sql.contains("$42)") && !sql.contains("$43"));
    }
}
