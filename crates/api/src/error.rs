//! The one error type of the API and its JSON envelope:
//! `{"error":{"code":"…","message":"…","details":{…}}}`. Storage errors
//! become API errors here, never in handlers, and a 500 never carries the
//! underlying message (it is logged instead).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use store::StoreError;
use utoipa::ToSchema;

/// An error answer: status, stable machine code, human message, details.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The error envelope as documented in OpenAPI.
#[derive(Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `VALIDATION_ERROR`.
    #[schema(example = "VALIDATION_ERROR")]
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// Usually `{"field": …, "reason": …}`; an empty object when there is
    /// nothing more to say.
    #[schema(value_type = Object)]
    pub details: Value,
    /// Seconds to wait before retrying (rate limits only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    /// The same error under another machine code.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }

    /// 422 naming the field at fault and why.
    pub fn validation(field: &str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            format!("Invalid {field}: {reason}"),
        )
        .with_details(json!({ "field": field, "reason": reason }))
    }

    /// The same 422 for a field nested under `prefix` (e.g. `filters.`);
    /// other errors are returned as they are.
    pub fn prefix_field(self, prefix: &str) -> Self {
        let field = self
            .details
            .as_ref()
            .and_then(|d| d.get("field"))
            .and_then(Value::as_str);
        let reason = self
            .details
            .as_ref()
            .and_then(|d| d.get("reason"))
            .and_then(Value::as_str);
        match (self.code, field, reason) {
            ("VALIDATION_ERROR", Some(f), Some(r)) => Self::validation(&format!("{prefix}{f}"), r),
            _ => self,
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    pub fn conflict(field: &str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            format!("Conflict on {field}: {reason}"),
        )
        .with_details(json!({ "field": field, "reason": reason }))
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "Too many attempts; try again later",
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// A 500 whose cause is logged, never returned.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "Something went wrong on our side; it has been logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: self.code.to_string(),
                message: self.message,
                details: self
                    .details
                    .unwrap_or_else(|| Value::Object(Default::default())),
                retry_after: self.retry_after,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found("Resource not found"),
            StoreError::Conflict { constraint } => {
                let field = conflict_field(&constraint);
                ApiError::conflict(field, format!("this {field} is already in use"))
            }
            other => ApiError::internal(other),
        }
    }
}

/// Turn a constraint or index name (`users_username_key`, or SQLite's
/// `index 'users_username_key'` / `users.username`) into the field name.
fn conflict_field(constraint: &str) -> &str {
    let name = constraint
        .trim_start_matches("index ")
        .trim_matches('\'')
        .trim_end_matches("_key");
    let name = name.rsplit_once('.').map(|(_, c)| c).unwrap_or(name);
    name.split_once('_').map(|(_, rest)| rest).unwrap_or(name)
}

/// The catch-all for unknown `/api/*` paths.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("No such API endpoint")
}

/// The answer for a known path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "This endpoint does not accept that method",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_become_field_names() {
        assert_eq!(conflict_field("users_username_key"), "username");
        assert_eq!(conflict_field("index 'users_email_key'"), "email");
        assert_eq!(conflict_field("users.username"), "username");
    }
}
