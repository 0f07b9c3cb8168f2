//! Weekly business hours in an IANA time zone, with holidays and breaks.
//! Evaluation converts the instant into the zone's wall clock (jiff), so
//! DST changes are handled by the time zone database, not by offsets.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Day keys as they appear in JSON.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<Weekday> for Day {
    fn from(w: Weekday) -> Self {
        match w {
            Weekday::Monday => Day::Mon,
            Weekday::Tuesday => Day::Tue,
            Weekday::Wednesday => Day::Wed,
            Weekday::Thursday => Day::Thu,
            Weekday::Friday => Day::Fri,
            Weekday::Saturday => Day::Sat,
            Weekday::Sunday => Day::Sun,
        }
    }
}

/// A time window `HH:MM`-`HH:MM` (end may be `24:00`), end after start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Window {
    #[schema(example = "09:00")]
    pub start: String,
    #[schema(example = "17:00")]
    pub end: String,
}

/// A recurring break on some weekdays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Break {
    pub days: Vec<Day>,
    pub start: String,
    pub end: String,
}

/// When a buyer takes calls. `enabled: false` means always open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Schedule {
    #[serde(default)]
    pub enabled: bool,
    /// Open windows per weekday; a missing or empty day is closed.
    #[serde(default)]
    pub hours: BTreeMap<Day, Vec<Window>>,
    /// Closed all day, `YYYY-MM-DD` in the schedule's zone.
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub breaks: Vec<Break>,
}

/// Minutes after midnight of `HH:MM` (00:00-24:00).
fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 24 * 60).then_some(total)
}

fn window_range(start: &str, end: &str) -> Result<(u32, u32), String> {
    let s = minutes(start).ok_or_else(|| format!("{start:?} is not a time (HH:MM)"))?;
    let e = minutes(end).ok_or_else(|| format!("{end:?} is not a time (HH:MM)"))?;
    if e <= s {
        return Err(format!("window {start}-{end} must end after it starts"));
    }
    Ok((s, e))
}

impl Schedule {
    /// Check every time, date and count; the error says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        let windows: usize = self.hours.values().map(Vec::len).sum();
        if windows > 70 || self.holidays.len() > 366 || self.breaks.len() > 50 {
            return Err("too many windows, holidays or breaks".into());
        }
        for w in self.hours.values().flatten() {
            window_range(&w.start, &w.end)?;
        }
        for b in &self.breaks {
            window_range(&b.start, &b.end)?;
        }
        for h in &self.holidays {
            h.parse::<Date>()
                .map_err(|_| format!("holiday {h:?} is not a date (YYYY-MM-DD)"))?;
        }
        Ok(())
    }

    /// Whether `at`, read in `tz`, falls on one of the schedule's holidays
    /// (only when the schedule is enabled).
    pub fn is_holiday(&self, tz: &TimeZone, at: Timestamp) -> bool {
        self.enabled
            && self
                .holidays
                .contains(&at.to_zoned(tz.clone()).date().to_string())
    }

    /// Whether the schedule is open at `at`, read in `tz`.
    pub fn is_open(&self, tz: &TimeZone, at: Timestamp) -> bool {
        if !self.enabled {
            return true;
        }
        let local = at.to_zoned(tz.clone());
        let date = local.date().to_string();
        if self.holidays.contains(&date) {
            return false;
        }
        let day = Day::from(local.weekday());
        let now = local.hour() as u32 * 60 + local.minute() as u32;
        let inside = |start: &str, end: &str| {
            window_range(start, end).is_ok_and(|(s, e)| (s..e).contains(&now))
        };
        let open = self
            .hours
            .get(&day)
            .is_some_and(|ws| ws.iter().any(|w| inside(&w.start, &w.end)));
        let on_break = self
            .breaks
            .iter()
            .any(|b| b.days.contains(&day) && inside(&b.start, &b.end));
        open && !on_break
    }
}

/// Check an IANA time zone name against the time zone database.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    if name.is_empty() || name.len() > 64 {
        return Err("must be an IANA time zone such as America/New_York".into());
    }
    TimeZone::get(name)
        .map_err(|_| format!("{name:?} is not an IANA time zone (e.g. America/New_York)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_9_to_5() -> Schedule {
        let mut hours = BTreeMap::new();
        for d in [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri] {
            hours.insert(
                d,
                vec![Window {
                    start: "09:00".into(),
                    end: "17:00".into(),
                }],
            );
        }
        Schedule {
            enabled: true,
            hours,
            holidays: vec!["2026-12-25".into()],
            breaks: vec![Break {
                days: vec![Day::Mon],
                start: "12:00".into(),
                end: "13:00".into(),
            }],
        }
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn open_in_business_hours_of_the_zone() {
        let ny = parse_time_zone("America/New_York").unwrap();
        let s = weekdays_9_to_5();
        // Tuesday 2026-11-24 14:00 UTC = 09:00 EST.
        assert!(s.is_open(&ny, at("2026-11-24T14:00:00Z")));
        assert!(!s.is_open(&ny, at("2026-11-24T13:59:00Z")));
        assert!(
            !s.is_open(&ny, at("2026-11-24T22:00:00Z")),
            "17:00 is closed"
        );
        assert!(!s.is_open(&ny, at("2026-11-28T15:00:00Z")), "Saturday");
    }

    #[test]
    fn holidays_and_breaks_close() {
        let utc = TimeZone::UTC;
        let s = weekdays_9_to_5();
        assert!(
            !s.is_open(&utc, at("2026-12-25T10:00:00Z")),
            "Christmas is a Friday holiday"
        );
        assert!(
            !s.is_open(&utc, at("2026-11-23T12:30:00Z")),
            "Monday lunch break"
        );
        assert!(
            s.is_open(&utc, at("2026-11-24T12:30:00Z")),
            "no break on Tuesday"
        );
    }

    #[test]
    fn dst_change_moves_the_utc_window() {
        let ny = parse_time_zone("America/New_York").unwrap();
        let s = weekdays_9_to_5();
        // Friday before DST ends (EDT, UTC-4): 09:00 local is 13:00 UTC.
        assert!(s.is_open(&ny, at("2026-10-30T13:00:00Z")));
        // Monday after (EST, UTC-5): 13:00 UTC is 08:00 local, closed.
        assert!(!s.is_open(&ny, at("2026-11-02T13:00:00Z")));
        assert!(s.is_open(&ny, at("2026-11-02T14:00:00Z")));
    }

    #[test]
    fn disabled_is_always_open() {
        assert!(Schedule::default().is_open(&TimeZone::UTC, at("2026-11-28T03:00:00Z")));
    }

    #[test]
    fn validation_names_the_problem() {
        let mut s = weekdays_9_to_5();
        assert!(s.validate().is_ok());
        s.hours.insert(
            Day::Sat,
            vec![Window {
                start: "18:00".into(),
                end: "09:00".into(),
            }],
        );
        assert!(s.validate().unwrap_err().contains("end after"));
        s.hours.remove(&Day::Sat);
        s.holidays.push("Christmas".into());
        assert!(s.validate().unwrap_err().contains("holiday"));
        assert!(parse_time_zone("Mars/Olympus").is_err());
        assert!(parse_time_zone("Europe/London").is_ok());
        let json = r#"{"enabled":true,"hours":{"mon":[{"start":"25:00","end":"26:00"}]}}"#;
        let s: Schedule = serde_json::from_str(json).unwrap();
        assert!(s.validate().is_err());
    }
}
