//! Money as stored and summed: an `i64` count of ten-thousandths of the
//! currency unit (the spec's `DECIMAL(10,4)` scale). Integer sums are exact
//! on every database; no floating point touches an amount.

use std::fmt::Write;

/// An amount in ten-thousandths (`12_3400` is 12.34).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

impl Money {
    pub const SCALE: i64 = 10_000;

    /// The amount as a decimal string with `places` (0-4) decimals,
    /// rounded half away from zero: `Money(12_3456).to_decimal_string(2)`
    /// is `"12.35"`.
    pub fn to_decimal_string(self, places: u32) -> String {
        let places = places.min(4);
        let step = 10i64.pow(4 - places);
        let magnitude = (self.0 as i128).abs();
        let rounded = (magnitude + (step as i128) / 2) / step as i128;
        let unit = 10i128.pow(places);
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
