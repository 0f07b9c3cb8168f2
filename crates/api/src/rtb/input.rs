//! Input of the RTB target endpoints: the request body and the pure checks
//! that turn it into storable fields. Every violation names its API field
//! (`authentication.key`, `responseConfig.bidAmountPath`, …); nothing here
//! touches the database or the network.

use domain::campaign::one_of;
use domain::{E164, Money, Secret, validate};
use serde::Deserialize;
use serde_json::Value;
use store::rtb_targets::{RtbTargetFields, TargetAuth};
use utoipa::ToSchema;

use super::checks::{
    amount, check_header_conflicts, check_path, content_type, currency, custom_headers,
    endpoint_url, template,
};
use super::input_auth::apply_auth;
use crate::error::{ApiError, ApiResult};
use crate::shapes::double_option;

pub(crate) const STATUSES: &[&str] = &["active", "inactive", "testing"];

/// The spec's example template, used when a JSON target gives none.
const DEFAULT_TEMPLATE: &str = r#"{"requestId":"{requestId}","campaignId":"{campaignId}","callerId":"{callerId}","callStartTime":"{callStartTime}","geoLocation":{"state":"{callerState}","zip":"{callerZip}"},"bidParams":{"minBid":"{minBid}","maxBid":"{maxBid}","currency":"USD"}}"#;

/// A target to create, or a change to one (`PUT` and `PATCH` alike): a
/// missing field keeps its value (its default on create); `null` clears
/// the optional ones (company, contacts, caps, acceptance and currency
/// paths, custom headers, authentication) and is refused for the others
/// (on create it means the default).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RtbTargetIn {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String, example = "MEDI - United Health - Tier 1")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub contact_phone: Option<Option<String>>,
    /// Absolute http(s) URL without credentials.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String, example = "https://api.bidder.com/bid")]
    pub endpoint_url: Option<Option<String>>,
    /// POST (default), GET or PUT.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub request_method: Option<Option<String>>,
    /// json (default), xml or form (MIME types are accepted too).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub content_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<AuthenticationIn>)]
    pub authentication: Option<Option<AuthenticationIn>>,
    /// `{"Header-Name": "value"}`, at most 20.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Object>)]
    pub custom_headers: Option<Option<Value>>,
    /// A JSON object, or a string (XML and form bodies); `{variable}`
    /// placeholders are filled at auction time.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Object)]
    pub request_template: Option<Option<Value>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = ResponseConfigIn)]
    pub response_config: Option<Option<ResponseConfigIn>>,
    /// 100-10000, default 5000.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = i64)]
    pub timeout_ms: Option<Option<i64>>,
    /// Positive, or null for no limit. A cap not given is no cap.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub max_concurrent_calls: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub hourly_cap: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub daily_cap: Option<Option<i64>>,
    /// Decimal string (or number), default "0.00"; at most `maxBid`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String, example = "5.00")]
    pub min_bid: Option<Option<Value>>,
    /// Default "1000.00".
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String, example = "100.00")]
    pub max_bid: Option<Option<Value>>,
    /// ISO 4217 code, default USD.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub currency: Option<Option<String>>,
    /// active (default), inactive or testing.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub status: Option<Option<String>>,
}

/// Where the bid is in the bidder's answer: `$.a.b`, `a.b`, `bidAmount`,
/// `$.bids[0].amount`, `$['a b']`, or `a/b` for XML.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseConfigIn {
    /// Default `bidAmount`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub bid_amount_path: Option<Option<String>>,
    /// Default `destinationNumber`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub destination_number_path: Option<Option<String>>,
    /// Optional: without it a bid above zero counts as accepted.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub acceptance_path: Option<Option<String>>,
    /// Optional: without it bids are in the target's currency.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub currency_path: Option<Option<String>>,
}

/// How we authenticate to the bidder. `type`: none, api_key (`header`,
/// default `X-API-Key`, and `key`), bearer (`token`) or basic (`username`,
/// `password`). Leaving the secret out keeps the stored one when the type
/// does not change. Secrets are never returned.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationIn {
    #[serde(rename = "type")]
    #[schema(value_type = String, example = "api_key")]
    pub kind: Option<String>,
    pub header: Option<String>,
    #[schema(value_type = Option<String>)]
    pub key: Option<Secret<String>>,
    #[schema(value_type = Option<String>)]
    pub token: Option<Secret<String>>,
    pub username: Option<String>,
    #[schema(value_type = Option<String>)]
    pub password: Option<Secret<String>>,
}

/// The values a new target starts from.
pub(super) fn defaults() -> RtbTargetFields {
    RtbTargetFields {
        name: String::new(),
        company: None,
        contact_email: None,
        contact_phone: None,
        endpoint_url: String::new(),
        request_method: "POST".into(),
        content_type: "json".into(),
        auth: TargetAuth {
            kind: "none".into(),
            ..TargetAuth::default()
        },
        custom_headers: "{}".into(),
        request_template: DEFAULT_TEMPLATE.into(),
        bid_amount_path: "bidAmount".into(),
        destination_path: "destinationNumber".into(),
        acceptance_path: None,
        currency_path: None,
        timeout_ms: 5000,
        // A cap the user did not set is no cap.
        max_concurrent_calls: None,
        hourly_cap: None,
        daily_cap: None,
        min_bid_e4: 0,
        max_bid_e4: 1000 * Money::SCALE,
        currency: "USD".into(),
        status: "active".into(),
    }
}

pub(super) fn invalid(field: &str) -> impl FnOnce(String) -> ApiError + '_ {
    move |reason| ApiError::validation(field, reason)
}

/// A value for a field that cannot be null: on create `null` means "the
/// default" (`None`), on update it is refused.
fn required<T>(v: Option<Option<T>>, field: &str, creating: bool) -> ApiResult<Option<T>> {
    match v {
        Some(Some(v)) => Ok(Some(v)),
        Some(None) if !creating => Err(ApiError::validation(field, "must not be null")),
        _ => Ok(None),
    }
}

/// Check every field of `input` and lay it over `t`. `creating` makes
/// `name` and `endpointUrl` required. The first invalid field is the error.
pub(super) fn apply(
    mut t: RtbTargetFields,
    input: RtbTargetIn,
    creating: bool,
) -> ApiResult<RtbTargetFields> {
    match required(input.name, "name", creating)? {
        Some(v) => t.name = validate::text(&v, 255, true).map_err(invalid("name"))?,
        None if creating => return Err(ApiError::validation("name", "is required")),
        None => {}
    }
    if let Some(v) = input.company {
        t.company = validate::optional_text(v.as_deref(), 255).map_err(invalid("company"))?;
    }
    if let Some(v) = input.contact_email {
        t.contact_email = match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(validate::email(e).map_err(invalid("contactEmail"))?),
        };
    }
    if let Some(v) = input.contact_phone {
        t.contact_phone = match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(
                E164::parse(p, "US")
                    .map(E164::into_string)
                    .map_err(invalid("contactPhone"))?,
            ),
        };
    }
    match required(input.endpoint_url, "endpointUrl", creating)? {
        Some(v) => t.endpoint_url = endpoint_url(&v)?,
        None if creating => return Err(ApiError::validation("endpointUrl", "is required")),
        None => {}
    }
    if let Some(v) = required(input.request_method, "requestMethod", creating)? {
        t.request_method = one_of(
            v.trim().to_ascii_uppercase().as_str(),
            &["POST", "GET", "PUT"],
        )
        .map_err(invalid("requestMethod"))?;
    }
    if let Some(v) = required(input.content_type, "contentType", creating)? {
        t.content_type = content_type(&v)?;
    }
    if let Some(v) = input.authentication {
        t.auth = apply_auth(&t.auth, v)?;
    }
    if let Some(v) = input.custom_headers {
        t.custom_headers =
            super::input_auth::keep_masked_headers(&t.custom_headers, custom_headers(v)?);
    }
    let template_given = matches!(input.request_template, Some(Some(_)));
    if let Some(v) = required(input.request_template, "requestTemplate", creating)? {
        t.request_template = template(v)?;
    }
    if creating && !template_given && t.content_type != "json" {
        return Err(ApiError::validation(
            "requestTemplate",
            "is required for xml and form content types",
        ));
    }
    if let Some(v) = required(input.response_config, "responseConfig", creating)? {
        apply_paths(&mut t, v, creating)?;
    }
    if let Some(v) = required(input.timeout_ms, "timeoutMs", creating)? {
        t.timeout_ms = validate::in_range(v, 100..=10_000).map_err(invalid("timeoutMs"))?;
    }
    for (slot, v) in [
        (&mut t.max_concurrent_calls, input.max_concurrent_calls),
        (&mut t.hourly_cap, input.hourly_cap),
        (&mut t.daily_cap, input.daily_cap),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    validate::caps(t.max_concurrent_calls, t.hourly_cap, t.daily_cap, None)
        .map_err(|(field, reason)| ApiError::validation(field, reason))?;
    if let Some(v) = required(input.min_bid, "minBid", creating)? {
        t.min_bid_e4 = amount(&v, "minBid")?;
    }
    if let Some(v) = required(input.max_bid, "maxBid", creating)? {
        t.max_bid_e4 = amount(&v, "maxBid")?;
    }
    if t.min_bid_e4 > t.max_bid_e4 {
        return Err(ApiError::validation("minBid", "must not exceed maxBid"));
    }
    if let Some(v) = required(input.currency, "currency", creating)? {
        t.currency = currency(&v)?;
    }
    if let Some(v) = required(input.status, "status", creating)? {
        t.status = one_of(v.trim(), STATUSES).map_err(invalid("status"))?;
    }
    check_header_conflicts(&t)?;
    Ok(t)
}

fn apply_paths(t: &mut RtbTargetFields, c: ResponseConfigIn, creating: bool) -> ApiResult<()> {
    const BID: &str = "responseConfig.bidAmountPath";
    const DEST: &str = "responseConfig.destinationNumberPath";
    if let Some(v) = required(c.bid_amount_path, BID, creating)? {
        t.bid_amount_path = check_path(&v, BID)?;
    }
    if let Some(v) = required(c.destination_number_path, DEST, creating)? {
        t.destination_path = check_path(&v, DEST)?;
    }
    for (field, slot, v) in [
        (
            "responseConfig.acceptancePath",
            &mut t.acceptance_path,
            c.acceptance_path,
        ),
        (
            "responseConfig.currencyPath",
            &mut t.currency_path,
            c.currency_path,
        ),
    ] {
        if let Some(v) = v {
            *slot = v.map(|p| check_path(&p, field)).transpose()?;
        }
    }
    Ok(())
}

/// The API names of the fields whose values differ.
pub(super) fn changes(old: &RtbTargetFields, new: &RtbTargetFields) -> Vec<String> {
    let paths = |t: &RtbTargetFields| {
        (
            t.bid_amount_path.clone(),
            t.destination_path.clone(),
            t.acceptance_path.clone(),
            t.currency_path.clone(),
        )
    };
    crate::shapes::changed_fields([
        ("name", old.name == new.name),
        ("company", old.company == new.company),
        ("contactEmail", old.contact_email == new.contact_email),
        ("contactPhone", old.contact_phone == new.contact_phone),
        ("endpointUrl", old.endpoint_url == new.endpoint_url),
        ("requestMethod", old.request_method == new.request_method),
        ("contentType", old.content_type == new.content_type),
        ("authentication", old.auth == new.auth),
        ("customHeaders", old.custom_headers == new.custom_headers),
        (
            "requestTemplate",
            old.request_template == new.request_template,
        ),
        ("responseConfig", paths(old) == paths(new)),
        ("timeoutMs", old.timeout_ms == new.timeout_ms),
        (
            "maxConcurrentCalls",
            old.max_concurrent_calls == new.max_concurrent_calls,
        ),
        ("hourlyCap", old.hourly_cap == new.hourly_cap),
        ("dailyCap", old.daily_cap == new.daily_cap),
        ("minBid", old.min_bid_e4 == new.min_bid_e4),
        ("maxBid", old.max_bid_e4 == new.max_bid_e4),
        ("currency", old.currency == new.currency),
        ("status", old.status == new.status),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: Value) -> RtbTargetIn {
        serde_json::from_value(body).unwrap()
    }

    fn field_of(e: ApiError) -> String {
        e.details.unwrap()["field"].as_str().unwrap().to_string()
    }

    fn base() -> RtbTargetFields {
        let body = json!({"name": "T", "endpointUrl": "https://bidder.example/bid"});
        apply(defaults(), parse(body), true).unwrap()
    }

    #[test]
    fn a_new_target_needs_a_name_and_an_endpoint_and_has_no_cap_it_was_not_given() {
        let t = base();
        assert_eq!(
            (
                t.timeout_ms,
                t.max_concurrent_calls,
                t.hourly_cap,
                t.daily_cap
            ),
            (5000, None, None, None)
        );
        assert_eq!((t.min_bid_e4, t.max_bid_e4), (0, 1000_0000));
        assert_eq!(
            (
                t.request_method.as_str(),
                t.content_type.as_str(),
                t.status.as_str()
            ),
            ("POST", "json", "active")
        );
        assert!(serde_json::from_str::<Value>(&t.request_template).is_ok());
        let e = apply(
            defaults(),
            parse(json!({"endpointUrl": "https://b.example"})),
            true,
        );
        assert_eq!(field_of(e.unwrap_err()), "name");
        let e = apply(defaults(), parse(json!({"name": "T"})), true);
        assert_eq!(field_of(e.unwrap_err()), "endpointUrl");
        let body = json!({"name": "T", "endpointUrl": "https://b.example", "contentType": "xml"});
        assert_eq!(
            field_of(apply(defaults(), parse(body), true).unwrap_err()),
            "requestTemplate"
        );
    }

    #[test]
    fn every_bound_names_its_field() {
        for (body, field) in [
            (json!({"timeoutMs": 99}), "timeoutMs"),
            (json!({"timeoutMs": 10001}), "timeoutMs"),
            (json!({"minBid": "20", "maxBid": "10"}), "minBid"),
            (json!({"maxBid": "abc"}), "maxBid"),
            (json!({"hourlyCap": 2000, "dailyCap": 1000}), "hourlyCap"),
            (json!({"maxConcurrentCalls": 0}), "maxConcurrentCalls"),
            (json!({"dailyCap": -1}), "dailyCap"),
            (json!({"requestMethod": "DELETE"}), "requestMethod"),
            (json!({"status": "paused"}), "status"),
            (json!({"currency": "dollars"}), "currency"),
            (json!({"contactEmail": "nope"}), "contactEmail"),
            (json!({"contactPhone": "12"}), "contactPhone"),
            (
                json!({"responseConfig": {"bidAmountPath": "$..x"}}),
                "responseConfig.bidAmountPath",
            ),
            (
                json!({"responseConfig": {"destinationNumberPath": ""}}),
                "responseConfig.destinationNumberPath",
            ),
            (
                json!({"responseConfig": {"acceptancePath": "a b"}}),
                "responseConfig.acceptancePath",
            ),
            (
                json!({"responseConfig": {"bidAmountPath": null}}),
                "responseConfig.bidAmountPath",
            ),
            (json!({"name": null}), "name"),
            (json!({"timeoutMs": null}), "timeoutMs"),
            (
                json!({"authentication": {"type": "bearer", "token": "t"}, "customHeaders": {"authorization": "x"}}),
                "customHeaders",
            ),
        ] {
            let e = apply(base(), parse(body.clone()), false).unwrap_err();
            assert_eq!(field_of(e), field, "{body}");
        }
    }

    #[test]
    fn null_clears_optional_fields_and_changes_are_exact() {
        let old = apply(base(), parse(json!({"hourlyCap": 50})), false).unwrap();
        assert_eq!(old.hourly_cap, Some(50));
        let body = json!({"hourlyCap": null, "company": "C", "responseConfig": {"currencyPath": "$.cur"}, "name": "T"});
        let new = apply(old.clone(), parse(body), false).unwrap();
        assert_eq!(
            (new.hourly_cap, new.currency_path.as_deref()),
            (None, Some("$.cur"))
        );
        assert_eq!(
            changes(&old, &new),
            ["company", "responseConfig", "hourlyCap"]
        );
        let body = json!({"name": "T", "endpointUrl": "https://b.example", "timeoutMs": null, "dailyCap": null});
        let created = apply(defaults(), parse(body), true).unwrap();
        assert_eq!((created.timeout_ms, created.daily_cap), (5000, None));
    }
}
