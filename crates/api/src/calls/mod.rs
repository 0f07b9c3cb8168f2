//! Calls (`/api/calls`): the filtered, sorted, paged list ([`list`]), one
//! call with its routing trace ([`detail`]) and the CSV export
//! ([`export`]). Every filter is checked here, once, for all three.

mod detail;
mod export;
mod files;

pub(crate) use export::safe as safe_cell;
mod list;
mod output;

use domain::Money;
use domain::campaign::one_of;
use serde::Deserialize;
use store::AccountId;
use store::call_reports::{CallFilter, CallSearch};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::shapes::day_start;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::list))
        .routes(routes!(export::export))
        .routes(routes!(files::export_xlsx))
        .routes(routes!(files::export_pdf))
        .routes(routes!(detail::detail))
}

/// Sort names the list and export accept; the first is the default.
pub(crate) const SORTS: &[&str] = &["createdAt", "duration", "revenue", "status"];

/// Call statuses: the carrier's, plus ours for calls never dialled.
pub const STATUSES: &[&str] = &[
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "no-answer",
    "failed",
    "canceled",
    "no_route",
    "rejected",
];

/// Filters of the call list and export.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CallQuery {
    /// Created on or after this day (YYYY-MM-DD, your time zone).
    pub from: Option<String>,
    /// Created on or before this day (YYYY-MM-DD, your time zone).
    pub to: Option<String>,
    /// Campaign id (UUID).
    pub campaign_id: Option<String>,
    /// Buyer id (integer).
    pub buyer_id: Option<String>,
    #[param(value_type = Option<domain::CallStatus>)]
    pub status: Option<String>,
    /// Caller's state, e.g. `NY` (any case).
    pub caller_state: Option<String>,
    /// Caller's city (any case).
    pub caller_city: Option<String>,
    /// Revenue at least this much (decimal string).
    pub min_revenue: Option<String>,
    /// Revenue at most this much (decimal string).
    pub max_revenue: Option<String>,
    /// A phone number in any format, or part of one (matched by its digits
    /// against the caller, tracking and dialled numbers), or the start of a
    /// CallSid (`CA…`).
    pub search: Option<String>,
    /// The RTB target whose bid won the call (integer id).
    pub rtb_target_id: Option<String>,
    /// Tracking source (`utm_source`), exact.
    pub source: Option<String>,
    /// Tracking medium (`utm_medium`), exact.
    pub medium: Option<String>,
    /// The ad campaign (`utm_campaign`), exact.
    pub utm_campaign: Option<String>,
    /// `utm_term`, exact.
    pub utm_term: Option<String>,
    /// `utm_content`, exact.
    pub utm_content: Option<String>,
    /// A click id (gclid, gbraid, wbraid, fbclid or msclkid) of the
    /// credited web visit, exact.
    pub click_id: Option<String>,
    /// The visitor id of the credited web visit.
    pub visitor_id: Option<String>,
    /// A tracked URL parameter's value: `name:value` (the name in any
    /// case, the value exact).
    pub param: Option<String>,
}

/// Order of the list and export.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SortParams {
    /// createdAt (default), duration, revenue or status.
    pub sort: Option<String>,
    /// asc or desc (default desc for createdAt, else asc).
    pub order: Option<String>,
}

/// Which page of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-200, default 50.
    pub limit: Option<i64>,
    /// Calls to skip, default 0.
    pub offset: Option<i64>,
}

/// Check sorting and paging (shared rules of every list).
fn page(sort: SortParams, paging: PageParams) -> ApiResult<store::Page> {
    crate::shapes::ListParams {
        limit: paging.limit,
        offset: paging.offset,
        sort: sort.sort,
        order: sort.order,
        search: None,
    }
    .page(SORTS)
}

fn nonempty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Check every filter value; dates are read in `time_zone`.
pub(crate) fn filter(q: CallQuery, time_zone: &str) -> ApiResult<CallFilter> {
    let from_ms = nonempty(q.from)
        .map(|d| day_start(&d, time_zone, 0, "from"))
        .transpose()?;
    let to_ms = nonempty(q.to)
        .map(|d| day_start(&d, time_zone, 1, "to"))
        .transpose()?;
    let amount = |v: Option<String>, field: &str| {
        nonempty(v)
            .map(|s| Money::parse(&s).map(|m| m.0))
            .transpose()
            .map_err(|r| ApiError::validation(field, r))
    };
    let min_revenue_e4 = amount(q.min_revenue, "minRevenue")?;
    let max_revenue_e4 = amount(q.max_revenue, "maxRevenue")?;
    // A range that contains nothing (to before from, max below min) is
    // not an error: it finds no calls.
    Ok(CallFilter {
        from_ms,
        to_ms,
        campaign_id: nonempty(q.campaign_id),
        buyer_id: nonempty(q.buyer_id)
            .map(|s| s.parse::<i64>())
            .transpose()
            .map_err(|_| ApiError::validation("buyerId", "must be a buyer id (an integer)"))?,
        status: nonempty(q.status)
            .map(|s| one_of(&s, STATUSES))
            .transpose()
            .map_err(|r| ApiError::validation("status", r))?,
        caller_state: nonempty(q.caller_state),
        caller_city: nonempty(q.caller_city),
        min_revenue_e4,
        max_revenue_e4,
        search: nonempty(q.search).map(|s| search(&s)).transpose()?,
        rtb_target_id: nonempty(q.rtb_target_id)
            .map(|s| s.parse::<i64>())
            .transpose()
            .map_err(|_| {
                ApiError::validation("rtbTargetId", "must be an RTB target id (an integer)")
            })?,
        source: nonempty(q.source),
        medium: nonempty(q.medium),
        utm_campaign: nonempty(q.utm_campaign),
        utm_term: nonempty(q.utm_term),
        utm_content: nonempty(q.utm_content),
        click_id: nonempty(q.click_id),
        visitor_id: nonempty(q.visitor_id),
        param: nonempty(q.param)
            .map(|p| match p.split_once(':') {
                Some((name, value)) if !name.trim().is_empty() => {
                    Ok((name.trim().to_string(), value.to_string()))
                }
                _ => Err(ApiError::validation("param", "must be name:value")),
            })
            .transpose()?,
        group_parameter: None,
    })
}

/// A CallSid prefix when the text starts with `CA`, else the digits of a
/// phone number ("(310) 555-0100" finds +13105550100).
fn search(text: &str) -> ApiResult<CallSearch> {
    if text.chars().count() > 100 {
        return Err(ApiError::validation(
            "search",
            "must be at most 100 characters",
        ));
    }
    if let Some(rest) = text
        .get(..2)
        .filter(|p| p.eq_ignore_ascii_case("CA"))
        .and_then(|_| text.get(2..))
    {
        // A whole Twilio CallSid: "CA" and 32 lowercase hex digits.
        if rest.len() == 32 && rest.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(CallSearch::Sid(format!("CA{}", rest.to_ascii_lowercase())));
        }
        // Twilio's CallSids are "CA" and lowercase hex: a prefix typed in
        // any case is looked for in that shape.
        return Ok(CallSearch::SidPrefix(format!("CA{}", rest.to_lowercase())));
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(ApiError::validation(
            "search",
            "must be a phone number (or part of one) or the start of a CallSid (CA…)",
        ));
    }
    // A whole number is found through the number indexes; part of one
    // has to be looked for in every call. A NANP-shaped number counts as
    // whole even when its area code is not assigned (callers' numbers are
    // stored as the carrier sent them).
    if digits.len() >= 10
        && let Ok(number) = domain::phone::E164::parse(text, "US")
    {
        return Ok(CallSearch::Number(number.into_string()));
    }
    match digits.len() {
        10 if !text.trim_start().starts_with('+') => Ok(CallSearch::Number(format!("+1{digits}"))),
        11 if digits.starts_with('1') => Ok(CallSearch::Number(format!("+{digits}"))),
        _ => Ok(CallSearch::Digits(digits)),
    }
}

/// The filter of a request, reading dates in the user's time zone (looked
/// up only when a date is given).
async fn filter_for(
    app: &AppState,
    user: &crate::auth::CurrentUser,
    q: CallQuery,
) -> ApiResult<CallFilter> {
    let time_zone = if q.from.is_some() || q.to.is_some() {
        crate::auth::time_zone(app, user).await?
    } else {
        String::from("UTC")
    };
    let mut f = filter(q, &time_zone)?;
    defined_names(app, user.account, &mut f).await?;
    Ok(f)
}

/// A parameter is stored under the name it was defined with: the
/// filter's names, given in any case, become those.
pub(crate) async fn defined_names(
    app: &AppState,
    account: AccountId,
    f: &mut CallFilter,
) -> ApiResult<()> {
    if f.param.is_none() && f.group_parameter.is_none() {
        return Ok(());
    }
    let defined = app.store.list_url_params(account).await?;
    let named = |name: String| {
        defined
            .iter()
            .find(|p| p.parameter_name.eq_ignore_ascii_case(&name))
            .map_or(name, |p| p.parameter_name.clone())
    };
    if let Some((name, value)) = f.param.take() {
        f.param = Some((named(name), value));
    }
    f.group_parameter = f.group_parameter.take().map(named);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_is_a_callsid_prefix_or_the_digits_of_a_number() {
        assert_eq!(
            search("ca62900B").ok(),
            Some(CallSearch::SidPrefix("CA62900b".into()))
        );
        assert_eq!(
            search("+1 841 555 5968").ok(),
            Some(CallSearch::Number("+18415555968".into())),
            "an unassigned area code is still a whole number"
        );
        assert_eq!(
            search("8415555968").ok(),
            Some(CallSearch::Number("+18415555968".into()))
        );
        assert_eq!(
            search("(310) 555-0100").ok(),
            Some(CallSearch::Number("+13105550100".into()))
        );
        assert_eq!(
            search("555-01").ok(),
            Some(CallSearch::Digits("55501".into()))
        );
        assert_eq!(
            search("ca62900B63849FC3EAAAAB5CD85E25E582").ok(),
            Some(CallSearch::Sid("CA62900b63849fc3eaaaab5cd85e25e582".into()))
        );
        assert!(search("hello").is_err());
        assert!(search("€1").is_ok(), "no panic on multi-byte text");
        assert!(search(&"1".repeat(101)).is_err());
    }

    #[test]
    fn bad_filter_values_name_their_field() {
        let cases: [(CallQuery, &str); 4] = [
            (
                CallQuery {
                    from: Some("2026-13-01".into()),
                    ..CallQuery::default()
                },
                "from",
            ),
            (
                CallQuery {
                    status: Some("done".into()),
                    ..CallQuery::default()
                },
                "status",
            ),
            (
                CallQuery {
                    min_revenue: Some("-1".into()),
                    ..CallQuery::default()
                },
                "minRevenue",
            ),
            (
                CallQuery {
                    buyer_id: Some("x".into()),
                    ..CallQuery::default()
                },
                "buyerId",
            ),
        ];
        for (q, field) in cases {
            let e = filter(q, "UTC").err().map(|e| e.details);
            assert_eq!(
                e.flatten().map(|d| d["field"].clone()),
                Some(serde_json::json!(field))
            );
        }
    }

    #[test]
    fn a_one_day_range_is_allowed_and_dates_are_local() {
        let f = filter(
            CallQuery {
                from: Some("2026-11-01".into()),
                to: Some("2026-11-01".into()),
                ..CallQuery::default()
            },
            "America/New_York",
        )
        .ok();
        let f = f.unwrap_or_default();
        // 2026-11-01 in New York: 04:00Z (EDT) to 05:00Z next day (EST): 25 hours.
        assert_eq!(f.from_ms, Some(1_793_505_600_000));
        assert_eq!(f.to_ms, Some(1_793_505_600_000 + 25 * 3_600_000));
    }
}
