//! Money as stored and summed: an `i64` count of ten-thousandths of the
//! currency unit (the spec's `DECIMAL(10,4)` scale). Integer sums are exact
//! on every database; no floating point touches an amount.

use std::fmt::Write;

/// An amount in ten-thousandths (`12_3400` is 12.34). Serialised as that
/// integer (records kept on disk); the API writes decimal strings itself.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const SCALE: i64 = 10_000;

    /// Parse a non-negative decimal amount with at most 4 decimals
    /// (`"25"`, `"25.5"`, `"0.0850"`), up to 1,000,000,000.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = text.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 4 || whole.len() > 10
        {
            return Err(format!(
                "{t:?} is not an amount (up to 4 decimals, e.g. 25.50)"
            ));
        }
        let whole: i64 = whole.parse().map_err(|_| "amount too large".to_string())?;
        let frac: i64 = format!("{frac:0<4}").parse().unwrap_or(0);
        if whole > 1_000_000_000 {
            return Err("amount too large".into());
        }
        Ok(Money(whole * Self::SCALE + frac))
    }

    /// The amount as a decimal string with `places` (0-4) decimals,
    /// rounded half away from zero: `Money(12_3456).to_decimal_string(2)`
    /// is `"12.35"`.
    pub fn to_decimal_string(self, places: u32) -> String {
        let places = places.min(4);
        // In u64: every i64 magnitude plus half a step fits, and it formats
        // several times faster than i128.
        let step = 10u64.pow(4 - places);
        let rounded = (self.0.unsigned_abs() + step / 2) / step;
        let unit = 10u64.pow(places);
        let mut out = String::new();
        if self.0 < 0 && rounded != 0 {
            out.push('-');
        }
        let _ = write!(out, "{}", rounded / unit);
        if places > 0 {
            let _ = write!(out, ".{:0width$}", rounded % unit, width = places as usize);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimal_amounts() {
        assert_eq!(Money::parse("25").unwrap(), Money(25_0000));
        assert_eq!(Money::parse(" 25.5 ").unwrap(), Money(25_5000));
        assert_eq!(Money::parse("0.0850").unwrap(), Money(850));
        for bad in [
            "",
            "-1",
            "1.23456",
            "abc",
            "1e5",
            "1.2.3",
            ".5",
            "99999999999",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_with_rounding_half_away_from_zero() {
        assert_eq!(Money(125_5000).to_decimal_string(2), "125.50");
        assert_eq!(Money(850).to_decimal_string(4), "0.0850");
        assert_eq!(Money(12_3450).to_decimal_string(2), "12.35");
        assert_eq!(Money(-12_3450).to_decimal_string(2), "-12.35");
        assert_eq!(Money(-10).to_decimal_string(2), "0.00");
        assert_eq!(Money(0).to_decimal_string(2), "0.00");
        assert_eq!(Money(7_0000).to_decimal_string(0), "7");
        assert_eq!(Money(i64::MAX).to_decimal_string(2), "922337203685477.58");
    }
}
