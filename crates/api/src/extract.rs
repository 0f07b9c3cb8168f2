//! Request extractors whose rejections speak the error envelope, and the
//! boundary of input hygiene: no text of a request reaches a handler (or
//! a database: PostgreSQL refuses NUL in text) with a NUL or another
//! control character in it. JSON bodies may carry tabs and line breaks in
//! their values (descriptions, bid request templates); query and path
//! parameters may not. The error names the offending field.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// `axum::Json` with envelope errors: a wrong content type is 415, a body
/// over the limit 413, malformed JSON 400, and JSON of the wrong shape 422.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(v)) => v,
            Err(rejection) => return Err(json_rejection(rejection)),
        };
        if let Some(field) = control_in_json(&value, "") {
            return Err(ApiError::validation(
                &field,
                "must not contain NUL or other control characters",
            ));
        }
        whole_numbers(&mut value);
        serde_json::from_value::<T>(value).map(Self).map_err(|e| {
            // serde's text names the path and the problem, never a secret value.
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
                "The request body does not have the expected fields",
            )
            .with_details(serde_json::json!({ "reason": e.to_string() }))
        })
    }
}

/// JSON does not tell `3` from `3.0` (JSON Schema calls both integers):
/// numbers without a fraction that fit an `i64` are read as integers, so
/// that a client writing `3.0` for a count or an id is understood.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && (-9_007_199_254_740_992.0..=9_007_199_254_740_992.0).contains(&f)
            {
                // Exact: |f| <= 2^53, where every integer is a double.
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Whether `text` has a control character other than tab and line breaks.
fn bad_in_body(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Whether `text` has any control character (query and path parameters).
fn bad_in_parameter(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// The path (`a.b[2].c`) of the first key or string in `value` with a
/// control character, if any.
pub(crate) fn control_in_json(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        Value::String(s) if bad_in_body(s) => Some(if at.is_empty() {
            "body".into()
        } else {
            at.into()
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            control_in_json(
                v,
                &format!("{}[{i}]", if at.is_empty() { "body" } else { at }),
            )
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if bad_in_parameter(k) {
                return Some(join(
                    &k.chars().filter(|c| !c.is_control()).collect::<String>(),
                ));
            }
            control_in_json(v, &join(k))
        }),
        _ => None,
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Expected a request body with Content-Type: application/json",
        ),
        JsonRejection::JsonDataError(e) => {
            // serde's text names the path and the problem, never a secret value.
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
                "The request body does not have the expected fields",
            )
            .with_details(serde_json::json!({ "reason": e.body_text() }))
        }
        JsonRejection::JsonSyntaxError(_) => {
            ApiError::bad_request("The request body is not valid JSON")
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "The request body is too large",
        ),
        other => ApiError::bad_request(other.body_text()),
    }
}

/// `axum::extract::Query` with envelope errors (400).
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        if let Some((name, _)) = form_urlencoded::parse(query.as_bytes())
            .find(|(k, v)| bad_in_parameter(k) || bad_in_parameter(v))
        {
            let name: String = name.chars().filter(|c| !c.is_control()).collect();
            return Err(ApiError::bad_request(format!(
                "Query parameter {name} must not contain NUL or other control characters"
            ))
            .with_details(serde_json::json!({
                "field": name,
                "reason": "must not contain NUL or other control characters",
            })));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(ApiError::bad_request("Invalid query parameters")
                    .with_details(serde_json::json!({ "reason": e.body_text() })))
            }
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
}

/// `axum::extract::Path` with envelope errors: an id of the wrong shape
/// (`/api/buyers/abc`) is a 400, never a plain-text answer.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Ok(raw) = axum::extract::RawPathParams::from_request_parts(parts, state).await
            && let Some((name, _)) = raw.iter().find(|(_, v)| bad_in_parameter(v))
        {
            return Err(ApiError::bad_request(format!(
                "Path parameter {name} must not contain NUL or other control characters"
            ))
            .with_details(serde_json::json!({
                "field": name,
                "reason": "must not contain NUL or other control characters",
            })));
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(e) => Err(ApiError::bad_request("Invalid path parameter")
                .with_details(serde_json::json!({ "reason": e.body_text() }))),
        }
    }
}

/// `deserialize_with` for a field whose value is a JSON object: serde would
/// also build a struct from an array of its fields in order, which the
/// document does not allow and no client means.
pub(crate) fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    use serde::Deserialize as _;
    use serde::de::Error as _;
    let value = serde_json::Value::deserialize(d)?;
    if !value.is_object() {
        return Err(D::Error::custom("must be a JSON object"));
    }
    serde_json::from_value(value).map_err(D::Error::custom)
}
