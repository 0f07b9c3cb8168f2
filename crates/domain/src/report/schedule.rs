//! When a scheduled report is next sent: at a whole hour of the user's
//! time zone, every day or on one weekday.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Frequency {
    #[default]
    None,
    Daily,
    Weekly,
}

impl Frequency {
    pub fn name(self) -> &'static str {
        match self {
            Frequency::None => "none",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(name: &str) -> Frequency {
        match name {
            "daily" => Frequency::Daily,
            "weekly" => Frequency::Weekly,
            _ => Frequency::None,
        }
    }
}

/// When a report goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportSchedule {
    pub frequency: Frequency,
    /// 1 = Monday … 7 = Sunday (weekly only).
    pub weekday: i8,
    /// 0-23, local.
    pub hour: i8,
}

impl ReportSchedule {
    /// The first send time strictly after `after`, or `None` when not
    /// scheduled. A local hour that a DST change skips is sent at the first
    /// instant after the gap; one that happens twice, the first time.
    pub fn next_after(&self, after: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        if self.frequency == Frequency::None {
            return None;
        }
        let mut day: Date = after.to_zoned(tz.clone()).date();
        for _ in 0..9 {
            let due_day = self.frequency == Frequency::Daily
                || day.weekday().to_monday_one_offset() == self.weekday;
            if due_day {
                let at = day
                    .at(self.hour, 0, 0, 0)
                    .to_zoned(tz.clone())
                    .ok()?
                    .timestamp();
                if at > after {
                    return Some(at);
                }
            }
            day = day.tomorrow().ok()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn daily_and_weekly_send_at_the_local_hour() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let daily = ReportSchedule {
            frequency: Frequency::Daily,
            weekday: 1,
            hour: 8,
        };
        // 2026-11-25 12:00Z is 07:00 in New York: today at 08:00 EST.
        assert_eq!(
            daily.next_after(at("2026-11-25T12:00:00Z"), &ny),
            Some(at("2026-11-25T13:00:00Z"))
        );
        // Exactly at the send time: the next day.
        assert_eq!(
            daily.next_after(at("2026-11-25T13:00:00Z"), &ny),
            Some(at("2026-11-26T13:00:00Z"))
        );
        // Wednesday 2026-11-25: next Monday is 2026-11-30.
        let weekly = ReportSchedule {
            frequency: Frequency::Weekly,
            weekday: 1,
            hour: 8,
        };
        assert_eq!(
            weekly.next_after(at("2026-11-25T12:00:00Z"), &ny),
            Some(at("2026-11-30T13:00:00Z"))
        );
        let none = ReportSchedule {
            frequency: Frequency::None,
            weekday: 1,
            hour: 8,
        };
        assert_eq!(none.next_after(at("2026-11-25T12:00:00Z"), &ny), None);
    }

    #[test]
    fn a_skipped_hour_sends_after_the_gap() {
        let ny = TimeZone::get("America/New_York").unwrap();
        // 2026-03-08 02:00 does not exist in New York (clocks jump to 03:00 EDT).
        let s = ReportSchedule {
            frequency: Frequency::Daily,
            weekday: 1,
            hour: 2,
        };
        assert_eq!(
            s.next_after(at("2026-03-08T05:00:00Z"), &ny),
            Some(at("2026-03-08T07:00:00Z"))
        );
    }
}
