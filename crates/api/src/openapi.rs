//! The OpenAPI 3.1 document, generated from the handlers' annotations,
//! served at `/api/openapi.json` with interactive docs at `/api/docs`.
//! A copy is committed as `openapi.json`; a test fails when it is stale.

use axum::Router;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::OpenApi as _;
use utoipa::openapi::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "CallCenter Pro API",
        description = "Pay-per-call platform: campaigns, buyers, numbers, routing, RTB and reporting. \
                       Authenticate with `POST /api/auth/login`; the session cookie authorises later calls. \
                       Or send `Authorization: Bearer cc_live_…` with an API key (Settings → API keys), within its scopes. \
                       Every error answers `{\"error\":{\"code\",\"message\",\"details\"}}`.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "auth", description = "Sign in, sign out, the current user"),
        (name = "buyers", description = "Buyers (targets) that routed calls ring"),
        (name = "call-flows", description = "Call flows (IVR): drafts, publishing with validation, versions and rollback"),
        (name = "calls", description = "Call records: filtered list, details with the routing trace, CSV/Excel/PDF export"),
        (name = "phone-numbers", description = "Tracking numbers: registration, CSV import, history"),
        (name = "pools", description = "Number pools and their exclusive numbers"),
        (name = "reports", description = "Report builder: run, save, schedule by e-mail, export CSV/Excel/PDF"),
        (name = "rtb", description = "Real-time bidding: targets (bidders), campaign assignment, auctions and analytics"),
        (name = "settings", description = "API keys (with a session only)"),
        (name = "stats", description = "Dashboard and historical statistics"),
    )
)]
struct ApiDoc;

pub(crate) fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// The document as the handlers' annotations generate it.
pub fn openapi_document() -> OpenApi {
    let (_, doc) = crate::api_routes().split_for_parts();
    doc
}

/// The document as served and committed: generated, then completed
/// ([`complete`]). Kept as JSON: the completion uses JSON Schema keywords
/// (`propertyNames`, `anyOf` on parameters) that the generator's model
/// does not carry.
pub fn openapi_value() -> Value {
    let mut value = serde_json::to_value(openapi_document()).unwrap_or(Value::Null);
    complete(&mut value);
    value
}

/// Operations anyone may call (no session).
const PUBLIC: &[&str] = &[
    "/api/auth/login",
    "/api/auth/register",
    "/api/auth/invitations/{token}",
    "/api/auth/invitations/{token}/accept",
    "/api/auth/two-factor",
    "/healthz",
];

/// Text the API accepts in query and path parameters: no control
/// characters ([`crate::extract`]).
const PARAMETER_TEXT: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";
/// Text the API accepts in JSON bodies: tabs and line breaks allowed.
const BODY_TEXT: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

/// Whitespace the server trims from text (Unicode White_Space, less the
/// control characters no text may carry).
const SPACE: &str = r"\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Text that is not blank once trimmed, without control characters.
fn non_blank() -> String {
    format!(
        r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\x00-\x1F\x7F-\x9F{SPACE}][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
    )
}

/// Text that, trimmed, is one of `choices` in any ASCII case.
fn any_case(choices: &[&str]) -> String {
    let words: Vec<String> = choices
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    format!("^[{SPACE}]*({})[{SPACE}]*$", words.join("|"))
}

/// The rules the server checks on single body fields, declared on their
/// schemas exactly (no narrower, so that what the document allows is
/// what the server accepts for that field alone). Rules across fields
/// (caps in order, minimum bid below maximum, exactly one of several
/// fields) and rules no schema can state (a phone number valid in its
/// numbering plan, a flow graph that can be published, an id that exists)
/// are in the descriptions and the handlers.
fn field_rules(schemas: &mut serde_json::Map<String, Value>) {
    let name = json!({"pattern": non_blank()});
    let caps = json!({"minimum": 1, "maximum": 10_000_000});
    let range = |min: i64, max: i64| json!({"minimum": min, "maximum": max});
    let rules: Vec<(&str, &str, Value)> = vec![
        ("BuyerIn", "name", name.clone()),
        ("BuyerPatch", "name", name.clone()),
        ("CampaignIn", "name", name.clone()),
        ("PoolIn", "name", name.clone()),
        ("PoolPatch", "name", name.clone()),
        ("RtbTargetIn", "name", name.clone()),
        ("ReportIn", "name", name.clone()),
        ("CallFlowIn", "name", name),
        ("BuyerIn", "priority", range(1, 10)),
        ("BuyerPatch", "priority", range(1, 10)),
        ("CampaignBuyerIn", "priority", range(1, 10)),
        ("CampaignBuyerIn", "weight", range(1, 100)),
        ("CampaignIn", "callTimeout", range(5, 120)),
        (
            "CampaignIn",
            "duplicateCallerWindowSecs",
            range(0, 30 * 86_400),
        ),
        ("CampaignIn", "minDurationSecs", range(0, 3600)),
        ("RtbIn", "auctionTimeoutMs", range(100, 10_000)),
        ("RtbTargetIn", "timeoutMs", range(100, 10_000)),
        ("AllocateIn", "count", range(1, 1000)),
        ("ScheduleIo", "weekday", range(1, 7)),
        ("ScheduleIo", "hour", range(0, 23)),
        ("ReportSpec", "metrics", json!({"minItems": 1})),
        (
            "PoolIn",
            "country",
            json!({"pattern": format!("^[{SPACE}]*[A-Za-z]{{2}}[{SPACE}]*$")}),
        ),
        (
            "PoolPatch",
            "country",
            json!({"pattern": format!("^[{SPACE}]*[A-Za-z]{{2}}[{SPACE}]*$")}),
        ),
        (
            "RtbTargetIn",
            "requestMethod",
            json!({"pattern": any_case(&["post", "get", "put"])}),
        ),
    ];
    // Amounts are decimal strings, or numbers.
    let money = |nullable: bool| json!({"type": if nullable { json!(["string", "number", "null"]) } else { json!(["string", "number"]) }});
    let rules = rules.into_iter().chain([
        ("BuyerIn", "payout", money(true)),
        ("BuyerPatch", "payout", money(false)),
        ("RtbIn", "minBid", money(true)),
        ("RtbTargetIn", "minBid", money(false)),
        ("RtbTargetIn", "maxBid", money(false)),
    ]);
    let cap_fields: [(&str, &[&str]); 4] = [
        (
            "BuyerIn",
            &[
                "maxConcurrentCalls",
                "hourlyCap",
                "dailyCallCap",
                "monthlyCap",
            ],
        ),
        (
            "BuyerPatch",
            &[
                "maxConcurrentCalls",
                "hourlyCap",
                "dailyCallCap",
                "monthlyCap",
            ],
        ),
        (
            "CampaignIn",
            &["maxConcurrentCalls", "hourlyCap", "callCap", "monthlyCap"],
        ),
        (
            "RtbTargetIn",
            &["maxConcurrentCalls", "hourlyCap", "dailyCap"],
        ),
    ];
    let all_caps = cap_fields
        .iter()
        .flat_map(|(schema, fields)| fields.iter().map(|f| (*schema, *f, caps.clone())));
    for (schema, field, rule) in rules.chain(all_caps) {
        let Some(prop) = schemas
            .get_mut(schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{field}")))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (k, v) in rule.as_object().into_iter().flatten() {
            prop.insert(k.clone(), v.clone());
        }
    }
}

/// The `sort` names each list accepts (the first is the default).
fn sorts(path: &str) -> Option<&'static [&'static str]> {
    Some(match path {
        "/api/buyers" => crate::buyers::SORTS,
        "/api/call-flows" => crate::call_flows::SORTS,
        "/api/campaigns" => crate::campaigns::SORTS,
        "/api/phone-numbers" => crate::phone_numbers::SORTS,
        "/api/pools" => crate::pools::SORTS,
        "/api/rtb/targets" => crate::rtb::targets::SORTS,
        "/api/rtb/bid-requests" => &["createdAt"],
        p if p.starts_with("/api/calls") => crate::calls::SORTS,
        _ => return None,
    })
}

/// The values of a filter that takes one of a fixed set.
fn choices(path: &str, name: &str) -> Option<&'static [&'static str]> {
    Some(match (path, name) {
        ("/api/pools", "status") => &["active", "inactive"],
        ("/api/rtb/targets", "status") => crate::rtb::input::STATUSES,
        ("/api/phone-numbers", "status") => &["active", "inactive", "suspended"],
        ("/api/phone-numbers", "type") => &["local", "toll_free", "mobile"],
        _ => return None,
    })
}

/// Make explicit what the handlers' annotations leave implicit, the same
/// for every operation, so that a client (or a test generated from the
/// document) knows every answer it may get and every value it may send:
///
/// - the errors any operation may answer: 400 (a path, query or body that
///   cannot be read), 401 (no session), 403 (a role or key scope that does not allow it, a
///   cross-site write), 404 (an
///   id not in the account), 413 and 415 (bodies), 422 (invalid values);
/// - the ranges and sets of the shared parameters (`limit`, `offset`,
///   `order`, `sort`, `days`, status filters, dates, ids), and that text
///   carries no control characters.
fn complete(doc: &mut Value) {
    let schemas_in_bodies = body_schemas(doc);
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                complete_operation(path, method, op);
            }
        }
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in schemas_in_bodies {
            if let Some(schema) = schemas.get_mut(&name) {
                text_pattern(schema, BODY_TEXT);
            }
        }
        field_rules(schemas);
    }
}

fn complete_operation(path: &str, method: &str, op: &mut Value) {
    let public = PUBLIC.contains(&path) || path.starts_with("/api/webhooks/");
    let has_path = path.contains('{');
    let mut has_query = false;
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in params.iter_mut() {
            has_query |= p["in"] == "query";
            constrain(path, p);
        }
    }
    let has_body = op.get("requestBody").is_some();
    if let Some(body) = op.pointer_mut("/requestBody/content") {
        for media in body
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(schema) = media.get_mut("schema") {
                text_pattern(schema, BODY_TEXT);
            }
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let mut add = |status: &str, description: &str| {
        responses.entry(status).or_insert_with(|| {
            json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
            })
        });
    };
    if has_path {
        // `/api/campaigns/{id}/simulate` with an empty id reads as
        // `/api/campaigns/simulate`: another endpoint, without this method.
        add(
            "405",
            "An empty path parameter made the path another endpoint's, which does not take this method",
        );
    }
    if has_path || has_query || has_body {
        add(
            "400",
            "The path, query or body cannot be read (a malformed id or number, invalid JSON)",
        );
    }
    if has_body {
        add("413", "The body is larger than the server accepts");
        add(
            "415",
            "The body is not JSON (Content-Type: application/json)",
        );
    }
    if has_query || has_body {
        add("422", "A value is invalid; details.field names it");
    }
    if path != "/api/dni/track" && !path.starts_with("/api/webhooks/") && path != "/healthz" {
        add(
            "429",
            "Too many requests from this member, API key or address this minute (see RateLimit-* and Retry-After)",
        );
    }
    if public {
        return;
    }
    add("401", "Not signed in, or the session has ended");
    add(
        "403",
        if method == "get" {
            "The member's role or the API key's scopes do not allow this"
        } else {
            "The member's role or the API key's scopes do not allow this, or a cross-site request"
        },
    );
    if has_path {
        add("404", "No such object in your account");
    }
}

/// Ranges and sets of one parameter.
fn constrain(path: &str, p: &mut Value) {
    let name = p["name"].as_str().unwrap_or_default().to_string();
    let inside = p["in"].as_str().unwrap_or_default().to_string();
    let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(reference) = schema.get("$ref").cloned() {
        // A filter of a fixed set: an empty value is the same as none.
        if inside == "query" {
            schema.clear();
            schema.insert(
                "anyOf".into(),
                json!([{"$ref": reference}, {"type": "string", "maxLength": 0}]),
            );
        }
        return;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => {
            let (min, max) = match (name.as_str(), path) {
                ("limit", "/api/activity") => (1, 100),
                ("limit", _) => (1, 200),
                ("offset", _) => (0, i64::MAX),
                ("days", _) => (1, 366),
                _ => (i64::MIN, i64::MAX),
            };
            schema.entry("minimum").or_insert(json!(min));
            schema.entry("maximum").or_insert(json!(max));
            // In a query an empty value (`offset=`) is the same as none.
            if inside == "query" {
                let number = Value::Object(std::mem::take(schema));
                schema.insert(
                    "anyOf".into(),
                    json!([number, {"type": "string", "maxLength": 0}]),
                );
            }
        }
        Some("string") => {
            let set = match name.as_str() {
                "order" => Some(&["asc", "desc"][..]),
                "sort" => sorts(path),
                _ => choices(path, &name),
            };
            // An empty value is the same as none (the default).
            if let Some(values) = set {
                let mut values: Vec<&str> = values.to_vec();
                values.push("");
                schema.insert("enum".into(), json!(values));
                return;
            }
            match name.as_str() {
                // A day (or, for auctions, an instant); an empty value is
                // no bound.
                "from" | "to" if inside == "query" => {
                    schema.remove("type");
                    let mut forms = vec![
                        json!({"type": "string", "format": "date"}),
                        json!({"type": "string", "maxLength": 0}),
                    ];
                    if path.starts_with("/api/rtb/") {
                        forms.push(json!({"type": "string", "format": "date-time"}));
                    }
                    schema.insert("anyOf".into(), Value::Array(forms));
                }
                "buyerId" | "rtbTargetId" if inside == "query" => {
                    schema.insert("pattern".into(), json!("^([0-9]{1,18})?$"));
                }
                "minRevenue" | "maxRevenue" => {
                    schema.insert("pattern".into(), json!(r"^([0-9]{1,9}(\.[0-9]{1,4})?)?$"));
                }
                _ => {
                    schema.entry("pattern").or_insert(json!(PARAMETER_TEXT));
                }
            }
        }
        _ => {}
    }
}

/// The component schemas a request body uses (through references).
fn body_schemas(doc: &Value) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut todo: Vec<&Value> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values().filter_map(Value::as_object) {
            for op in item.values() {
                if let Some(body) = op.get("requestBody") {
                    todo.push(body);
                }
            }
        }
    }
    while let Some(v) = todo.pop() {
        match v {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && !found.iter().any(|f| f == name)
                {
                    found.push(name.to_string());
                    if let Some(schema) = doc.pointer(&format!("/components/schemas/{name}")) {
                        todo.push(schema);
                    }
                }
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    found
}

/// `pattern` on every free text of `schema` (strings without a format,
/// set or pattern of their own), through properties, items and
/// combinations but not references (those are completed by name).
fn text_pattern(schema: &mut Value, pattern: &str) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let is_string = match map.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if is_string
        && !["format", "enum", "pattern", "const"]
            .iter()
            .any(|k| map.contains_key(*k))
    {
        map.insert("pattern".into(), json!(pattern));
    }
    // Keys of objects carry no control characters either (tabs included).
    let is_object = match map.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => false,
    };
    if is_object {
        map.entry("propertyNames")
            .or_insert_with(|| json!({"pattern": PARAMETER_TEXT}));
    }
    for key in ["properties", "patternProperties"] {
        if let Some(props) = map.get_mut(key).and_then(Value::as_object_mut) {
            for prop in props.values_mut() {
                text_pattern(prop, pattern);
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = map.get_mut(key) {
            text_pattern(inner, pattern);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            for inner in list {
                text_pattern(inner, pattern);
            }
        }
    }
}

/// The generated document as pretty JSON, as committed in `openapi.json`.
pub fn openapi_json() -> String {
    let mut text = serde_json::to_string_pretty(&openapi_value()).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) async fn serve() -> impl IntoResponse {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        DOC.get_or_init(openapi_json).clone(),
    )
}

/// Swagger UI at `/api/docs`, reading `/api/openapi.json`.
pub(crate) fn docs_ui(_doc: OpenApi) -> Router<AppState> {
    Router::new().merge(
        SwaggerUi::new("/api/docs").config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
    )
}
