//! Rejection reasons: the spec's codes 1002-1010 (a bidder's own, or the
//! platform's capacity checks before a ping) and the platform's bid
//! validation codes 1101-1107 (our numbering; the spec defines none).

use serde::Serialize;

/// Why a bid was not taken. `reason` is the text shown in the auction
/// view next to `(Code: …)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Rejection {
    pub code: u16,
    pub reason: &'static str,
}

const fn r(code: u16, reason: &'static str) -> Rejection {
    Rejection { code, reason }
}

impl Rejection {
    // The spec's codes.
    pub const DAILY_CAP: Rejection = r(1002, "Daily cap exceeded");
    pub const GEOGRAPHIC: Rejection = r(1003, "Geographic restriction");
    pub const TIME_FILTER: Rejection = r(1004, "Time-based filter");
    pub const QUALITY: Rejection = r(1005, "Quality score too low");
    pub const FINAL_CAPACITY: Rejection = r(1006, "Final capacity check");
    pub const BUDGET: Rejection = r(1007, "Budget limit reached");
    pub const DUPLICATE_CALLER: Rejection = r(1008, "Duplicate caller detected");
    pub const INVALID_CALLER_STATE: Rejection = r(1009, "Invalid caller state");
    pub const CAMPAIGN_PAUSED: Rejection = r(1010, "Campaign paused");

    /// A bidder rejected the call with a reason text we do not recognise
    /// (or with no code at all).
    pub const BY_BIDDER: Rejection = r(1001, "Rejected by bidder");

    // The platform's bid validation.
    pub const BELOW_TARGET_MIN: Rejection = r(1101, "Bid below target minimum");
    pub const ABOVE_TARGET_MAX: Rejection = r(1102, "Bid above target maximum");
    pub const BELOW_FLOOR: Rejection = r(1103, "Bid below campaign floor");
    pub const INVALID_AMOUNT: Rejection = r(1104, "Invalid bid amount");
    pub const CURRENCY_MISMATCH: Rejection = r(1105, "Currency mismatch");
    pub const INVALID_DESTINATION: Rejection = r(1106, "Invalid destination");
    pub const ABOVE_CEILING: Rejection = r(1107, "Bid above platform ceiling");

    /// The spec's nine codes, 1002-1010, in order.
    pub const SPEC: [Rejection; 9] = [
        Self::DAILY_CAP,
        Self::GEOGRAPHIC,
        Self::TIME_FILTER,
        Self::QUALITY,
        Self::FINAL_CAPACITY,
        Self::BUDGET,
        Self::DUPLICATE_CALLER,
        Self::INVALID_CALLER_STATE,
        Self::CAMPAIGN_PAUSED,
    ];

    const PLATFORM: [Rejection; 8] = [
        Self::BY_BIDDER,
        Self::BELOW_TARGET_MIN,
        Self::ABOVE_TARGET_MAX,
        Self::BELOW_FLOOR,
        Self::INVALID_AMOUNT,
        Self::CURRENCY_MISMATCH,
        Self::INVALID_DESTINATION,
        Self::ABOVE_CEILING,
    ];

    /// The rejection with this code, when it is one we define.
    pub fn from_code(code: u16) -> Option<Rejection> {
        Self::SPEC
            .iter()
            .chain(Self::PLATFORM.iter())
            .copied()
            .find(|r| r.code == code)
    }

    /// What a bidder's own rejection becomes: a known code keeps its
    /// text; an unknown code is kept with "Rejected by bidder"; a reason
    /// text alone is matched against the spec's texts (case-insensitive),
    /// else [`Rejection::BY_BIDDER`].
    pub fn from_bidder(code: Option<u16>, reason: Option<&str>) -> Rejection {
        if let Some(code) = code {
            return Self::from_code(code).unwrap_or(Rejection {
                code,
                reason: Self::BY_BIDDER.reason,
            });
        }
        let reason = reason.unwrap_or("").trim();
        if let Ok(code) = reason.parse::<u16>() {
            return Self::from_bidder(Some(code), None);
        }
        Self::SPEC
            .iter()
            .copied()
            .find(|r| r.reason.eq_ignore_ascii_case(reason))
            .unwrap_or(Self::BY_BIDDER)
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (Code: {})", self.reason, self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_codes_and_texts() {
        let codes: Vec<u16> = Rejection::SPEC.iter().map(|r| r.code).collect();
        assert_eq!(codes, (1002..=1010).collect::<Vec<_>>());
        assert_eq!(
            Rejection::from_code(1006).unwrap().to_string(),
            "Final capacity check (Code: 1006)"
        );
        assert_eq!(
            Rejection::from_code(1010).unwrap().reason,
            "Campaign paused"
        );
        assert_eq!(Rejection::from_code(42), None);
    }

    #[test]
    fn bidder_rejections() {
        assert_eq!(
            Rejection::from_bidder(Some(1002), None),
            Rejection::DAILY_CAP
        );
        assert_eq!(
            Rejection::from_bidder(None, Some("daily CAP exceeded")),
            Rejection::DAILY_CAP
        );
        assert_eq!(
            Rejection::from_bidder(None, Some("1008")),
            Rejection::DUPLICATE_CALLER
        );
        assert_eq!(
            Rejection::from_bidder(None, Some("nope")),
            Rejection::BY_BIDDER
        );
        let other = Rejection::from_bidder(Some(4711), None);
        assert_eq!((other.code, other.reason), (4711, "Rejected by bidder"));
    }
}
