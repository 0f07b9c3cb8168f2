//! Input of the buyer endpoints: the request bodies and the pure checks
//! that turn them into storable fields. Every violation names its API
//! field; nothing here touches the database.

use domain::schedule::{Schedule, parse_time_zone};
use domain::{E164, Money, validate};
use serde::Deserialize;
use serde_json::Value;
use store::buyers::BuyerFields;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult};
use crate::shapes::double_option;

const STATUSES: &[&str] = &["active", "inactive", "paused"];

/// A new buyer. Only `name` and `phone` are required; a missing or null
/// field takes its default.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuyerIn {
    /// At most 255 characters.
    #[schema(value_type = String, required = true, example = "Premium Buyer")]
    pub name: Option<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    /// Any common format; numbers without a country code are read as US.
    #[schema(value_type = String, required = true, example = "(212) 555-0100")]
    pub phone: Option<String>,
    pub backup_phone: Option<String>,
    /// 1-10, default 5.
    pub priority: Option<i64>,
    /// Default active.
    #[schema(value_type = Option<domain::BuyerStatus>)]
    pub status: Option<String>,
    /// Positive, or null for no limit.
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_call_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    /// IANA time zone of the schedule, default UTC.
    #[schema(example = "America/New_York")]
    pub time_zone: Option<String>,
    /// Default: disabled (always open).
    #[schema(value_type = Option<Schedule>)]
    pub schedule: Option<Value>,
    /// Paid per converted call: a decimal string (or number), default "0.00".
    #[schema(value_type = Option<String>, example = "25.00")]
    pub payout: Option<Value>,
}

/// A change to a buyer (`PUT` and `PATCH` alike): a missing field stays as
/// it is; `null` clears the nullable fields (company, email, backupPhone,
/// caps) and is refused for the others.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuyerPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub backup_phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = i64)]
    pub priority: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = domain::BuyerStatus)]
    pub status: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub max_concurrent_calls: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub hourly_cap: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub daily_call_cap: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub monthly_cap: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub time_zone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Schedule)]
    pub schedule: Option<Option<Value>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String, example = "25.00")]
    pub payout: Option<Option<Value>>,
}

impl From<BuyerIn> for BuyerPatch {
    /// On create, `null` means "not given": every field becomes "set" or "absent".
    fn from(b: BuyerIn) -> Self {
        Self {
            name: b.name.map(Some),
            company: b.company.map(Some),
            email: b.email.map(Some),
            phone: b.phone.map(Some),
            backup_phone: b.backup_phone.map(Some),
            priority: b.priority.map(Some),
            status: b.status.map(Some),
            max_concurrent_calls: b.max_concurrent_calls.map(Some),
            hourly_cap: b.hourly_cap.map(Some),
            daily_call_cap: b.daily_call_cap.map(Some),
            monthly_cap: b.monthly_cap.map(Some),
            time_zone: b.time_zone.map(Some),
            schedule: b.schedule.map(Some),
            payout: b.payout.map(Some),
        }
    }
}

/// The values a new buyer starts from.
pub(super) fn defaults() -> BuyerFields {
    BuyerFields {
        name: String::new(),
        company: None,
        email: None,
        phone: String::new(),
        backup_phone: None,
        priority: 5,
        status: "active".into(),
        max_concurrent_calls: None,
        hourly_cap: None,
        daily_cap: None,
        monthly_cap: None,
        time_zone: "UTC".into(),
        schedule: serde_json::to_string(&Schedule::default()).unwrap_or_default(),
        payout_e4: 0,
    }
}

/// Check every field of `patch` and lay it over `b`. `creating` makes
/// `name` and `phone` required. The first invalid field is the error.
pub(super) fn apply(
    mut b: BuyerFields,
    patch: BuyerPatch,
    creating: bool,
) -> ApiResult<BuyerFields> {
    let p = patch;
    match p.name {
        Some(Some(v)) => b.name = validate::text(&v, 255, true).map_err(invalid("name"))?,
        Some(None) => return Err(ApiError::validation("name", "is required")),
        None if creating => return Err(ApiError::validation("name", "is required")),
        None => {}
    }
    if let Some(v) = p.company {
        b.company = validate::optional_text(v.as_deref(), 255).map_err(invalid("company"))?;
    }
    if let Some(v) = p.email {
        b.email = match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(validate::email(e).map_err(invalid("email"))?),
        };
    }
    match p.phone {
        Some(Some(v)) => b.phone = phone(&v, "phone")?,
        Some(None) => return Err(ApiError::validation("phone", "is required")),
        None if creating => return Err(ApiError::validation("phone", "is required")),
        None => {}
    }
    if let Some(v) = p.backup_phone {
        b.backup_phone = match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(phone(s, "backupPhone")?),
        };
    }
    if let Some(v) = p.priority {
        let v = not_null(v, "priority")?;
        b.priority = validate::in_range(v, 1..=10).map_err(invalid("priority"))?;
    }
    if let Some(v) = p.status {
        b.status = status(&not_null(v, "status")?)?;
    }
    if let Some(v) = p.max_concurrent_calls {
        b.max_concurrent_calls = v;
    }
    if let Some(v) = p.hourly_cap {
        b.hourly_cap = v;
    }
    if let Some(v) = p.daily_call_cap {
        b.daily_cap = v;
    }
    if let Some(v) = p.monthly_cap {
        b.monthly_cap = v;
    }
    validate::caps(
        b.max_concurrent_calls,
        b.hourly_cap,
        b.daily_cap,
        b.monthly_cap,
    )
    .map_err(|(field, reason)| {
        let field = if field == "dailyCap" {
            "dailyCallCap"
        } else {
            field
        };
        ApiError::validation(field, reason)
    })?;
    if let Some(v) = p.time_zone {
        let name = not_null(v, "timeZone")?;
        let tz = parse_time_zone(name.trim()).map_err(invalid("timeZone"))?;
        b.time_zone = tz.iana_name().unwrap_or(name.trim()).to_string();
    }
    if let Some(v) = p.schedule {
        b.schedule = schedule(not_null(v, "schedule")?)?;
    }
    if let Some(v) = p.payout {
        b.payout_e4 = payout(&not_null(v, "payout")?)?.0;
    }
    Ok(b)
}

fn invalid(field: &'static str) -> impl FnOnce(String) -> ApiError {
    move |reason| ApiError::validation(field, reason)
}

fn not_null<T>(v: Option<T>, field: &'static str) -> ApiResult<T> {
    v.ok_or_else(|| ApiError::validation(field, "must not be null"))
}

fn phone(input: &str, field: &'static str) -> ApiResult<String> {
    E164::parse(input, "US")
        .map(E164::into_string)
        .map_err(invalid(field))
}

pub(super) fn status(s: &str) -> ApiResult<String> {
    match STATUSES.iter().find(|k| **k == s) {
        Some(k) => Ok((*k).to_string()),
        None => Err(ApiError::validation(
            "status",
            "must be active, inactive or paused",
        )),
    }
}

/// A schedule as canonical JSON text, after checking its shape and times.
fn schedule(v: Value) -> ApiResult<String> {
    let s: Schedule = serde_json::from_value(v).map_err(|e| invalid("schedule")(e.to_string()))?;
    s.validate().map_err(invalid("schedule"))?;
    serde_json::to_string(&s).map_err(ApiError::internal)
}

/// An amount given as a decimal string (`"25.00"`) or a JSON number.
fn payout(v: &Value) -> ApiResult<Money> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            return Err(ApiError::validation(
                "payout",
                "must be a decimal amount such as \"25.00\"",
            ));
        }
    };
    Money::parse(&text).map_err(invalid("payout"))
}

/// The API names of the fields whose values differ.
pub(super) fn changes(old: &BuyerFields, new: &BuyerFields) -> Vec<String> {
    let same_schedule = old.schedule == new.schedule
        || serde_json::from_str::<Schedule>(&old.schedule).ok()
            == serde_json::from_str::<Schedule>(&new.schedule).ok();
    crate::shapes::changed_fields([
        ("name", old.name == new.name),
        ("company", old.company == new.company),
        ("email", old.email == new.email),
        ("phone", old.phone == new.phone),
        ("backupPhone", old.backup_phone == new.backup_phone),
        ("priority", old.priority == new.priority),
        ("status", old.status == new.status),
        (
            "maxConcurrentCalls",
            old.max_concurrent_calls == new.max_concurrent_calls,
        ),
        ("hourlyCap", old.hourly_cap == new.hourly_cap),
        ("dailyCallCap", old.daily_cap == new.daily_cap),
        ("monthlyCap", old.monthly_cap == new.monthly_cap),
        ("timeZone", old.time_zone == new.time_zone),
        ("schedule", same_schedule),
        ("payout", old.payout_e4 == new.payout_e4),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: Value) -> BuyerPatch {
        serde_json::from_value(body).unwrap()
    }

    fn field_of(e: ApiError) -> String {
        e.details.unwrap()["field"].as_str().unwrap().to_string()
    }

    #[test]
    fn a_new_buyer_needs_a_name_and_a_phone_and_gets_defaults() {
        let body = json!({"name": " A ", "phone": "212.555.0100", "payout": 7});
        let b = apply(defaults(), parse(body), true).unwrap();
        assert_eq!((b.name.as_str(), b.phone.as_str()), ("A", "+12125550100"));
        assert_eq!(
            (b.priority, b.status.as_str(), b.time_zone.as_str()),
            (5, "active", "UTC")
        );
        assert_eq!(b.payout_e4, 7_0000);
        let e = apply(defaults(), parse(json!({"phone": "2125550100"})), true).unwrap_err();
        assert_eq!(field_of(e), "name");
        let e = apply(defaults(), parse(json!({"name": "A"})), true).unwrap_err();
        assert_eq!(field_of(e), "phone");
    }

    #[test]
    fn caps_report_the_api_field_name() {
        let base = apply(
            defaults(),
            parse(json!({"name": "A", "phone": "2125550100"})),
            true,
        )
        .unwrap();
        let e = apply(
            base.clone(),
            parse(json!({"dailyCallCap": 10, "monthlyCap": 5})),
            false,
        );
        assert_eq!(field_of(e.unwrap_err()), "dailyCallCap");
        let e = apply(base, parse(json!({"hourlyCap": 0})), false);
        assert_eq!(field_of(e.unwrap_err()), "hourlyCap");
    }

    #[test]
    fn null_clears_only_nullable_fields_and_changes_are_exact() {
        let body = json!({"name": "A", "phone": "2125550100", "company": "C", "hourlyCap": 3});
        let old = apply(defaults(), parse(body), true).unwrap();
        let new = apply(
            old.clone(),
            parse(json!({"company": null, "hourlyCap": null, "name": "A"})),
            false,
        )
        .unwrap();
        assert_eq!((new.company.as_deref(), new.hourly_cap), (None, None));
        assert_eq!(changes(&old, &new), ["company", "hourlyCap"]);
        let e = apply(old, parse(json!({"timeZone": null})), false).unwrap_err();
        assert_eq!(field_of(e), "timeZone");
    }

    #[test]
    fn time_zones_are_stored_by_their_iana_name() {
        let body = json!({"name": "A", "phone": "2125550100", "timeZone": " Europe/London "});
        let b = apply(defaults(), parse(body), true).unwrap();
        assert_eq!(b.time_zone, "Europe/London");
    }
}
