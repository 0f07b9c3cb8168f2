//! Request extractors whose rejections speak the error envelope.

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
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
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
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(e) => Err(ApiError::bad_request("Invalid path parameter")
                .with_details(serde_json::json!({ "reason": e.body_text() }))),
        }
    }
}
