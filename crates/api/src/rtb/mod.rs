//! Real-time bidding (`/api/rtb/…`, tag "rtb"): the external bidders
//! ([`targets`]), which campaigns ping them ([`assignments`]), and the
//! auctions the voice webhook ran, with analytics ([`auctions`]).
//!
//! A target's credential is write-only: answers carry `hasSecret` and a
//! masked hint (`••••1234`), never the value.

mod assignments;
mod auctions;
mod checks;
mod input;
mod input_auth;
mod targets;

use domain::Money;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::{ApiError, ApiResult};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(targets::router())
        .merge(assignments::router())
        .merge(auctions::router())
}

/// Refuse endpoint URLs the platform must not call (request forgery into
/// private networks). `url` already passed the shape check (absolute
/// http(s), a host, no credentials).
// wired to rtb::ssrf by the lead: this stub only checks the scheme. Replace
// the body with `rtb::check_endpoint(url, allow_private).await` mapped to a
// 422 on `endpointUrl`.
pub(crate) async fn check_endpoint(_app: &AppState, url: &str) -> ApiResult<()> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https") => Ok(()),
        _ => Err(ApiError::validation(
            "endpointUrl",
            "must be an absolute http(s) URL",
        )),
    }
}

/// An amount with 2 decimals, or 4 when it has finer digits.
pub(crate) fn money(e4: i64) -> String {
    Money(e4).to_decimal_string(if e4 % 100 == 0 { 2 } else { 4 })
}

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
