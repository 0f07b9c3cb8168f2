//! Ranges of local days, and the epoch-time buckets that fold into them.
//!
//! **Days are folded from fixed-width buckets counted in SQL.** A local day
//! is not a fixed number of milliseconds (23 or 25 hours across a DST
//! change), so grouping by `(created_at + offset) / 86400000` would misfile
//! calls near a change. Instead each day's start is computed with jiff
//! (DST-correct), SQL counts calls per bucket of epoch time
//! (`created_at / width`), and each bucket is added to the day it starts in.
//! The width is the largest of 1 h, 30 min, 15 min, 1 min, 1 s, 1 ms that
//! divides every day start, so no bucket straddles two days: whole-hour
//! zones get hour buckets (at most 8,784 for 366 days), India 30-minute
//! ones, Nepal 15-minute ones. Exact for every zone and bounded in size.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// A report's range of days, read in the user's time zone when it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Range {
    Today,
    Yesterday,
    Last7,
    #[default]
    Last30,
    ThisMonth,
    LastMonth,
    /// `from` to `to`, both included.
    Custom,
}

/// The longest range a report covers.
pub const MAX_DAYS: i64 = 366;

impl Range {
    /// First and last day (both included) when today is `today`; `custom`
    /// uses `from`/`to`. A `(field, reason)` when they do not make a range.
    pub fn days(
        self,
        today: Date,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<(Date, Date), (&'static str, String)> {
        let back = |n: i64| {
            today
                .checked_sub(jiff::Span::new().days(n))
                .map_err(|_| ("range", "is out of bounds".to_string()))
        };
        let month_start = today.first_of_month();
        Ok(match self {
            Range::Today => (today, today),
            Range::Yesterday => (back(1)?, back(1)?),
            Range::Last7 => (back(6)?, today),
            Range::Last30 => (back(29)?, today),
            Range::ThisMonth => (month_start, today),
            Range::LastMonth => {
                let last = month_start
                    .yesterday()
                    .map_err(|_| ("range", "is out of bounds".to_string()))?;
                (last.first_of_month(), last)
            }
            Range::Custom => {
                let from = from.ok_or(("from", "is required for a custom range".to_string()))?;
                let to = to.ok_or(("to", "is required for a custom range".to_string()))?;
                if to < from {
                    return Err(("to", "must not be before from".into()));
                }
                let days = (to - from).get_days() as i64 + 1;
                if days > MAX_DAYS {
                    return Err(("to", format!("the range is at most {MAX_DAYS} days")));
                }
                (from, to)
            }
        })
    }
}

/// The local days of a range and where each starts in epoch ms.
#[derive(Clone, Debug)]
pub struct DayRange {
    pub dates: Vec<Date>,
    /// `dates.len() + 1` starts: the last is the end of the range.
    pub starts: Vec<i64>,
    /// Bucket width that divides every start.
    pub bucket_ms: i64,
    tz: TimeZone,
}

impl DayRange {
    /// The `days` days ending with `last` (included) in `tz`.
    pub fn ending(tz: &TimeZone, last: Date, days: i64) -> Option<DayRange> {
        let first = last.checked_sub(jiff::Span::new().days(days - 1)).ok()?;
        DayRange::between(tz, first, last)
    }

    /// The days from `first` to `last`, both included, in `tz`.
    pub fn between(tz: &TimeZone, first: Date, last: Date) -> Option<DayRange> {
        let days = (last - first).get_days() as i64 + 1;
        if !(1..=MAX_DAYS).contains(&days) {
            return None;
        }
        let mut dates = Vec::with_capacity(days as usize);
        let mut starts = Vec::with_capacity(days as usize + 1);
        let mut day = first;
        for i in 0..=days {
            // Midnight, or the first instant after a gap that swallows it.
            starts.push(day.to_zoned(tz.clone()).ok()?.timestamp().as_millisecond());
            if i < days {
                dates.push(day);
            }
            day = day.tomorrow().ok()?;
        }
        let bucket_ms = [3_600_000, 1_800_000, 900_000, 60_000, 1_000, 1]
            .into_iter()
            .find(|w| starts.iter().all(|s| s.rem_euclid(*w) == 0))
            .unwrap_or(1);
        Some(DayRange {
            dates,
            starts,
            bucket_ms,
            tz: tz.clone(),
        })
    }

    /// `[start, end)` of the whole range, epoch ms.
    pub fn span(&self) -> Option<(i64, i64)> {
        Some((*self.starts.first()?, *self.starts.last()?))
    }

    /// Which day of the range the bucket `bucket` (a multiple of
    /// `bucket_ms`) falls in.
    pub fn day_of(&self, bucket: i64) -> Option<usize> {
        let at = bucket.saturating_mul(self.bucket_ms);
        self.starts
            .partition_point(|s| *s <= at)
            .checked_sub(1)
            .filter(|i| *i < self.dates.len())
    }

    /// The local hour of the day (0-23) the bucket `bucket` starts in.
    pub fn hour_of(&self, bucket: i64) -> Option<i64> {
        let at = jiff::Timestamp::from_millisecond(bucket.saturating_mul(self.bucket_ms)).ok()?;
        Some(i64::from(at.to_zoned(self.tz.clone()).hour()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_dst_change_makes_a_25_hour_day_and_hour_buckets() {
        let r = DayRange::ending(&tz("America/New_York"), date("2026-11-02"), 3).unwrap();
        assert_eq!(r.dates.len(), 3);
        assert_eq!(r.starts.len(), 4);
        assert_eq!(r.bucket_ms, 3_600_000);
        let hours: Vec<i64> = r
            .starts
            .windows(2)
            .map(|w| (w[1] - w[0]) / 3_600_000)
            .collect();
        assert_eq!(hours, [24, 25, 24]);
    }

    #[test]
    fn half_and_quarter_hour_zones_get_finer_buckets() {
        let day = date("2026-11-25");
        assert_eq!(
            DayRange::ending(&tz("Asia/Kolkata"), day, 2)
                .unwrap()
                .bucket_ms,
            1_800_000
        );
        assert_eq!(
            DayRange::ending(&tz("Asia/Kathmandu"), day, 2)
                .unwrap()
                .bucket_ms,
            900_000
        );
        assert_eq!(
            DayRange::ending(&TimeZone::UTC, day, 366)
                .unwrap()
                .dates
                .len(),
            366
        );
        assert!(DayRange::ending(&TimeZone::UTC, day, 367).is_none());
    }

    #[test]
    fn buckets_fall_in_local_days_and_hours() {
        let r = DayRange::ending(&tz("America/New_York"), date("2026-11-02"), 3).unwrap();
        // 2026-11-02 04:30Z is 23:30 EST on Nov 1 (the 25-hour day), not Nov 2.
        let late_nov_1 = 1_793_593_800_000 / r.bucket_ms;
        assert_eq!(r.day_of(r.starts[0] / r.bucket_ms), Some(0));
        assert_eq!(r.day_of(late_nov_1), Some(1));
        assert_eq!(r.hour_of(late_nov_1), Some(23));
        assert_eq!(
            r.day_of(r.starts[3] / r.bucket_ms),
            None,
            "the end is outside"
        );
        assert_eq!(r.day_of(r.starts[0] / r.bucket_ms - 1), None);
    }

    #[test]
    fn named_ranges_resolve_against_today() {
        let today = date("2026-03-10");
        let days = |r: Range| r.days(today, None, None).unwrap();
        assert_eq!(days(Range::Today), (today, today));
        assert_eq!(
            days(Range::Yesterday),
            (date("2026-03-09"), date("2026-03-09"))
        );
        assert_eq!(days(Range::Last7), (date("2026-03-04"), today));
        assert_eq!(days(Range::Last30), (date("2026-02-09"), today));
        assert_eq!(days(Range::ThisMonth), (date("2026-03-01"), today));
        assert_eq!(
            days(Range::LastMonth),
            (date("2026-02-01"), date("2026-02-28"))
        );
        assert_eq!(
            Range::Custom.days(today, Some(date("2026-01-01")), Some(date("2026-01-31"))),
            Ok((date("2026-01-01"), date("2026-01-31")))
        );
        assert_eq!(
            Range::Custom.days(today, None, Some(today)).unwrap_err().0,
            "from"
        );
        assert_eq!(
            Range::Custom
                .days(today, Some(today), Some(date("2026-03-01")))
                .unwrap_err()
                .0,
            "to"
        );
        assert_eq!(
            Range::Custom
                .days(today, Some(date("2024-01-01")), Some(today))
                .unwrap_err()
                .0,
            "to"
        );
    }
}
