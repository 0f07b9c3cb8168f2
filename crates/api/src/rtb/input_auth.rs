//! A target's authentication: checking a new setting against the stored
//! one (a secret left out is kept when the type does not change) and the
//! masked form answers show. The secret itself never leaves this crate in
//! an answer, and `Secret` keeps it out of `Debug` output.

use axum::http::HeaderValue;
use domain::Secret;
use serde::Serialize;
use store::rtb_targets::TargetAuth;
use utoipa::ToSchema;

use super::checks::header_name;
use super::input::AuthenticationIn;
use crate::error::{ApiError, ApiResult};

const KINDS: &[&str] = &["none", "api_key", "bearer", "basic"];
const DEFAULT_KEY_HEADER: &str = "X-API-Key";

/// Authentication as answers show it: never the secret, only whether one
/// is stored and its last four characters when it is long enough.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationOut {
    /// none, api_key, bearer or basic.
    #[serde(rename = "type")]
    pub kind: String,
    /// The api_key header name.
    pub header: Option<String>,
    /// The basic user name.
    pub username: Option<String>,
    pub has_secret: bool,
    /// `••••1234` (the last four only for secrets of 12 characters or more).
    #[schema(example = "••••1234")]
    pub masked_secret: Option<String>,
}

impl From<&TargetAuth> for AuthenticationOut {
    fn from(a: &TargetAuth) -> Self {
        Self {
            kind: a.kind.clone(),
            header: a.header.clone(),
            username: a.username.clone(),
            has_secret: a.secret.is_some(),
            masked_secret: a.secret.as_deref().map(mask),
        }
    }
}

/// `••••` and, for secrets of 12 characters or more, their last four.
pub(super) fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() >= 12 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••{tail}")
    } else {
        "••••".into()
    }
}

/// Whether a custom header carries a credential (its value is then
/// write-only: answers show it masked, like the authentication's secret).
pub(super) fn credential_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "x-api-key"
    ) || ["token", "secret", "key", "password", "auth", "session"]
        .iter()
        .any(|w| n.contains(w))
}

/// The custom headers (a JSON object, as stored) as answers show them:
/// credential headers masked.
pub(crate) fn masked_headers(stored: &serde_json::Value) -> serde_json::Value {
    let mut out = stored.clone();
    if let Some(map) = out.as_object_mut() {
        for (k, v) in map.iter_mut() {
            if credential_header(k)
                && let Some(text) = v.as_str()
            {
                *v = serde_json::Value::String(mask(text));
            }
        }
    }
    out
}

/// New custom headers laid over `old` (both stored JSON texts): a
/// credential header sent back masked, as an answer showed it, keeps its
/// stored value.
pub(crate) fn keep_masked_headers(old: &str, new: String) -> String {
    let old: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(old).unwrap_or_default();
    let Ok(mut fresh) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&new)
    else {
        return new;
    };
    let mut kept = false;
    for (k, v) in fresh.iter_mut() {
        let Some(before) = old.get(k).and_then(|b| b.as_str()) else {
            continue;
        };
        if credential_header(k) && v.as_str() == Some(mask(before).as_str()) {
            *v = serde_json::Value::String(before.to_string());
            kept = true;
        }
    }
    if kept {
        serde_json::to_string(&fresh).unwrap_or(new)
    } else {
        new
    }
}

/// The header the authentication sends, if any.
pub(super) fn auth_header_name(a: &TargetAuth) -> Option<String> {
    match a.kind.as_str() {
        "api_key" => a.header.clone(),
        "bearer" | "basic" => Some("Authorization".into()),
        _ => None,
    }
}

/// Lay `input` over `old`; `None` (JSON `null`) means no authentication.
pub(super) fn apply_auth(
    old: &TargetAuth,
    input: Option<AuthenticationIn>,
) -> ApiResult<TargetAuth> {
    let none = TargetAuth {
        kind: "none".into(),
        ..TargetAuth::default()
    };
    let Some(a) = input else {
        return Ok(none);
    };
    let kind = match a
        .kind
        .as_deref()
        .map(|k| k.trim().to_ascii_lowercase().replace('-', "_"))
    {
        None => old.kind.clone(),
        Some(k) if k == "apikey" => "api_key".into(),
        Some(k) => k,
    };
    if !KINDS.contains(&kind.as_str()) {
        return Err(ApiError::validation(
            "authentication.type",
            "must be none, api_key, bearer or basic",
        ));
    }
    // The stored secret still applies when the type is unchanged.
    let kept = (old.kind == kind).then(|| old.secret.clone()).flatten();
    let given = |s: Option<Secret<String>>, field: &str| -> ApiResult<Option<String>> {
        s.map(|s| secret(s.expose(), field)).transpose()
    };
    match kind.as_str() {
        "api_key" => {
            let key = given(a.key.or(a.token), "authentication.key")?.or(kept);
            let header = match a.header {
                Some(h) => header_name(&h, "authentication.header")?,
                None if old.kind == "api_key" => old
                    .header
                    .clone()
                    .unwrap_or_else(|| DEFAULT_KEY_HEADER.into()),
                None => DEFAULT_KEY_HEADER.into(),
            };
            if header.eq_ignore_ascii_case("authorization") {
                return Err(ApiError::validation(
                    "authentication.header",
                    "use the bearer or basic type for the Authorization header",
                ));
            }
            Ok(TargetAuth {
                kind,
                header: Some(header),
                username: None,
                secret: Some(key.ok_or_else(|| required("authentication.key"))?),
            })
        }
        "bearer" => {
            let token = given(a.token.or(a.key), "authentication.token")?.or(kept);
            Ok(TargetAuth {
                kind,
                header: None,
                username: None,
                secret: Some(token.ok_or_else(|| required("authentication.token"))?),
            })
        }
        "basic" => {
            let username = match a.username {
                Some(u) => Some(username(&u)?),
                None if old.kind == "basic" => old.username.clone(),
                None => None,
            };
            let password = given(a.password, "authentication.password")?.or(kept);
            Ok(TargetAuth {
                kind,
                header: None,
                username: Some(username.ok_or_else(|| required("authentication.username"))?),
                secret: Some(password.ok_or_else(|| required("authentication.password"))?),
            })
        }
        _ => Ok(none),
    }
}

fn required(field: &str) -> ApiError {
    ApiError::validation(field, "is required for this authentication type")
}

/// A secret that can travel in a header. The reason never quotes it.
fn secret(value: &str, field: &str) -> ApiResult<String> {
    if value.is_empty() {
        return Err(ApiError::validation(field, "must not be empty"));
    }
    if value.len() > 1000 {
        return Err(ApiError::validation(
            field,
            "must be at most 1000 characters",
        ));
    }
    if HeaderValue::from_str(value).is_err() {
        return Err(ApiError::validation(
            field,
            "may contain only visible ASCII characters and spaces",
        ));
    }
    Ok(value.to_string())
}

fn username(value: &str) -> ApiResult<String> {
    const FIELD: &str = "authentication.username";
    let v = value.trim();
    if v.is_empty() || v.len() > 255 {
        return Err(ApiError::validation(FIELD, "must be 1-255 characters"));
    }
    if v.contains(':') || v.chars().any(char::is_control) {
        return Err(ApiError::validation(
            FIELD,
            "must not contain ':' or control characters",
        ));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn auth(v: serde_json::Value) -> AuthenticationIn {
        serde_json::from_value(v).unwrap()
    }

    fn field_of(e: ApiError) -> String {
        e.details.unwrap()["field"].as_str().unwrap().to_string()
    }

    #[test]
    fn credential_headers_are_masked_and_kept_when_sent_back_masked() {
        assert!(credential_header("Authorization"));
        assert!(credential_header("X-Auth-Token"));
        assert!(credential_header("x-api-key"));
        assert!(!credential_header("X-Partner"));
        let stored = r#"{"X-Api-Key":"supersecretvalue123","X-Partner":"acme"}"#;
        let shown = masked_headers(&serde_json::from_str(stored).unwrap_or_default());
        assert_eq!(shown["X-Api-Key"], "••••e123");
        assert_eq!(shown["X-Partner"], "acme");
        let back = keep_masked_headers(stored, shown.to_string());
        let back: serde_json::Value = serde_json::from_str(&back).unwrap_or_default();
        assert_eq!(back["X-Api-Key"], "supersecretvalue123");
        let changed = keep_masked_headers(stored, r#"{"X-Api-Key":"new"}"#.into());
        assert_eq!(changed, r#"{"X-Api-Key":"new"}"#);
    }

    #[test]
    fn masks_show_at_most_the_last_four_of_long_secrets() {
        assert_eq!(mask("sk_live_abcdef1234"), "••••1234");
        assert_eq!(mask("short"), "••••");
        assert_eq!(mask("elevenchars"), "••••");
    }

    #[test]
    fn a_secret_left_out_is_kept_only_for_the_same_type() {
        let none = TargetAuth {
            kind: "none".into(),
            ..TargetAuth::default()
        };
        let key = apply_auth(
            &none,
            Some(auth(json!({"type": "api_key", "key": "k-123456789012"}))),
        )
        .unwrap();
        assert_eq!(key.header.as_deref(), Some("X-API-Key"));
        let renamed = apply_auth(&key, Some(auth(json!({"header": "X-Key"})))).unwrap();
        assert_eq!(
            (renamed.header.as_deref(), renamed.secret.as_deref()),
            (Some("X-Key"), Some("k-123456789012"))
        );
        let e = apply_auth(&key, Some(auth(json!({"type": "bearer"})))).unwrap_err();
        assert_eq!(field_of(e), "authentication.token");
        let e =
            apply_auth(&none, Some(auth(json!({"type": "basic", "password": "p"})))).unwrap_err();
        assert_eq!(field_of(e), "authentication.username");
        let cleared = apply_auth(&key, None).unwrap();
        assert_eq!((cleared.kind.as_str(), cleared.secret), ("none", None));
    }

    #[test]
    fn bad_types_headers_and_secrets_are_refused() {
        let none = TargetAuth::default();
        for (body, field) in [
            (json!({"type": "oauth"}), "authentication.type"),
            (
                json!({"type": "api_key", "header": "Bad Header", "key": "k"}),
                "authentication.header",
            ),
            (
                json!({"type": "api_key", "header": "Authorization", "key": "k"}),
                "authentication.header",
            ),
            (
                json!({"type": "bearer", "token": "a\nb"}),
                "authentication.token",
            ),
            (
                json!({"type": "bearer", "token": ""}),
                "authentication.token",
            ),
            (
                json!({"type": "basic", "username": "a:b", "password": "p"}),
                "authentication.username",
            ),
        ] {
            let e = apply_auth(&none, Some(auth(body.clone()))).unwrap_err();
            assert_eq!(field_of(e), field, "{body}");
        }
    }
}
