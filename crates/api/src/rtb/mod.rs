//! Real-time bidding (`/api/rtb/…`, tag "rtb"): the external bidders
//! ([`targets`]), which campaigns ping them ([`assignments`]), and the
//! auctions the voice webhook ran, with analytics ([`auctions`]).
//!
//! A target's credential is write-only: answers carry `hasSecret` and a
//! masked hint (`••••1234`), never the value.

mod assignments;
pub(crate) mod auctions;
pub(crate) mod bidding;
pub(crate) mod checks;
pub(crate) mod input;
pub(crate) mod input_auth;
pub(crate) mod targets;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(targets::router())
        .merge(assignments::router())
        .merge(auctions::router())
        .merge(bidding::router())
}

pub(crate) use bidding::check_endpoint;

pub(crate) use crate::shapes::money;

/// `part` of `whole` as a percentage with one decimal (0 when `whole` is 0).
pub(crate) fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// The mean of `count` values summing to `sum`, rounded; `None` without values.
pub(crate) fn mean(sum: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| (sum + count / 2) / count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_means_round_as_shown() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(mean(1001, 2), Some(501));
        assert_eq!(mean(0, 0), None);
        assert_eq!(money(12_5000), "12.50");
        assert_eq!(money(850), "0.0850");
    }
}
