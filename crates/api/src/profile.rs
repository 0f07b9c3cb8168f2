//! A member's own settings (`/api/settings/profile`, `/password`,
//! `/sessions`, `/sign-ins`): every role may use them, always for the
//! signed-in member themselves, never with an API key.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::sign_ins::{ProfileFields, SessionRow, SignIn};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::stats::rfc3339;

/// Languages the app speaks.
pub const LANGUAGES: &[&str] = &["en"];

/// The member's profile.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileOut {
    /// Chosen at sign-up; not changeable.
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// IANA time zone: "today", day boundaries and times in the app.
    #[schema(example = "America/New_York")]
    pub time_zone: String,
    #[schema(example = "en")]
    pub language: String,
    pub role: String,
}

/// A profile change (the username cannot change).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileIn {
    /// Empty or absent: none.
    pub email: Option<String>,
    /// At most 100 characters.
    pub first_name: Option<String>,
    /// At most 100 characters.
    pub last_name: Option<String>,
    #[schema(example = "Europe/Berlin")]
    pub time_zone: String,
    /// `en`.
    pub language: String,
}

/// A password change.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PasswordIn {
    pub current_password: String,
    /// 8-256 characters, not a common password, not containing the
    /// username, at least 5 different characters.
    pub new_password: String,
}

/// The outcome of a password change.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PasswordOut {
    pub success: bool,
    /// The member's other sessions, now ended.
    pub signed_out_sessions: u64,
}

/// A session of the member.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberSessionOut {
    /// A handle for ending it (not the session's token).
    pub id: String,
    /// Browser and system, read from the user agent.
    #[schema(example = "Chrome on macOS")]
    pub device: String,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
    /// The session making this request.
    pub current: bool,
}

/// A sign-in attempt on the member's username.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignInOut {
    pub success: bool,
    /// Why it failed (`wrong password`, `throttled`, `disabled`).
    pub reason: Option<String>,
    pub device: String,
    pub ip_address: Option<String>,
    pub at: String,
}

/// Characters of a session digest that name it in the API.
const HANDLE: usize = 16;

/// "Chrome on macOS": enough to recognise a device, from a user agent.
pub fn device(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.filter(|u| !u.trim().is_empty()) else {
        return "Unknown device".into();
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.starts_with("curl/") {
        "curl"
    } else {
        return ua
            .split_whitespace()
            .next()
            .unwrap_or("Unknown")
            .chars()
            .take(40)
            .collect();
    };
    let system = if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        return browser.into();
    };
    format!("{browser} on {system}")
}

fn profile_out(u: store::users::User) -> ProfileOut {
    ProfileOut {
        username: u.username,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        time_zone: u.time_zone,
        language: u.language,
        role: u.role,
    }
}

/// Your profile.
#[utoipa::path(get, path = "/api/settings/profile", tag = "settings",
    responses((status = 200, body = ProfileOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn get_profile(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<ProfileOut>> {
    Ok(Json(profile_out(
        app.store.user_by_id(user.member()?).await?,
    )))
}

/// Change your e-mail, name, time zone or language.
#[utoipa::path(put, path = "/api/settings/profile", tag = "settings", request_body = ProfileIn,
    responses((status = 200, body = ProfileOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The e-mail address is someone else's"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn update_profile(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ProfileIn>,
) -> ApiResult<Json<ProfileOut>> {
    let me = user.member()?;
    let email = match input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        None => None,
        Some(e) => Some(
            domain::account::parse_email(e).map_err(|e| ApiError::validation(e.field, e.reason))?,
        ),
    };
    let first_name = crate::auth::optional_name("firstName", input.first_name.as_deref())?;
    let last_name = crate::auth::optional_name("lastName", input.last_name.as_deref())?;
    let time_zone = input.time_zone.trim();
    domain::schedule::parse_time_zone(time_zone)
        .map_err(|_| ApiError::validation("timeZone", "is not a known IANA time zone"))?;
    let language = input.language.trim();
    if !LANGUAGES.contains(&language) {
        return Err(ApiError::validation("language", "must be en"));
    }
    app.store
        .update_profile(
            me,
            &ProfileFields {
                email: email.as_deref(),
                first_name: first_name.as_deref(),
                last_name: last_name.as_deref(),
                time_zone,
                language,
            },
        )
        .await?;
    Ok(Json(profile_out(app.store.user_by_id(me).await?)))
}

/// Change your password: the current one is asked for, and your other
/// sessions are signed out.
#[utoipa::path(post, path = "/api/settings/password", tag = "settings", request_body = PasswordIn,
    responses((status = 200, body = PasswordOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Wrong current password, or a weak new one"),
        (status = 429, body = ErrorEnvelope)))]
pub(crate) async fn change_password(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PasswordIn>,
) -> ApiResult<Json<PasswordOut>> {
    let me = user.member()?;
    let member = app.store.user_by_id(me).await?;
    let ip = peer.ip().to_string();
    // Guessing the current password is throttled like signing in.
    let delay = app
        .throttle
        .check(&member.username, &ip)
        .map_err(ApiError::rate_limited)?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (current, hash) = (input.current_password.clone(), member.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || domain::password::verify(&current, &hash))
        .await
        .map_err(ApiError::internal)?;
    if !ok {
        app.throttle.failed(&member.username, &ip);
        return Err(ApiError::validation("currentPassword", "is not correct"));
    }
    if let Some(why) = domain::password::weakness(&input.new_password, &member.username) {
        return Err(ApiError::validation("newPassword", why));
    }
    if input.new_password == input.current_password {
        return Err(ApiError::validation(
            "newPassword",
            "must differ from the current password",
        ));
    }
    let new = input.new_password.clone();
    let hash = tokio::task::spawn_blocking(move || domain::password::hash(&new))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    app.store.set_password_hash(me, &hash).await?;
    let ended = app
        .store
        .end_other_sessions(me, &user.session_digest)
        .await?;
    tracing::info!(user_id = me, ended, "password changed");
    Ok(Json(PasswordOut {
        success: true,
        signed_out_sessions: ended,
    }))
}

fn session_out(row: SessionRow, current: &str) -> MemberSessionOut {
    MemberSessionOut {
        current: row.id == current,
        id: row.id.chars().take(HANDLE).collect(),
        device: device(row.user_agent.as_deref()),
        user_agent: row.user_agent,
        ip_address: row.ip_address,
        created_at: rfc3339(row.created_at),
        last_seen_at: rfc3339(row.last_seen_at),
    }
}

/// Your signed-in sessions, the current one marked.
#[utoipa::path(get, path = "/api/settings/sessions", tag = "settings",
    responses((status = 200, body = Vec<MemberSessionOut>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn list_sessions(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<MemberSessionOut>>> {
    let me = user.member()?;
    let now = domain::now_ms();
    let policy = app.settings.session;
    let rows = app.store.user_sessions(me).await?;
    Ok(Json(
        rows.into_iter()
            .filter(|r| now < r.expires_at && now < r.last_seen_at + policy.idle_ms)
            .map(|r| session_out(r, &user.session_digest))
            .collect(),
    ))
}

/// Sign out one of your sessions (the current one too: that is logout).
#[utoipa::path(delete, path = "/api/settings/sessions/{id}", tag = "settings",
    params(("id" = String, Path, description = "The session's id from the list")),
    responses((status = 204), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn end_session(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let me = user.member()?;
    let not_found = || ApiError::not_found("No such session");
    if id.len() != HANDLE || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let row = app
        .store
        .user_sessions(me)
        .await?
        .into_iter()
        .find(|r| r.id.starts_with(&id))
        .ok_or_else(not_found)?;
    app.store.end_user_session(me, &row.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign out every session but this one.
#[utoipa::path(delete, path = "/api/settings/sessions", tag = "settings",
    responses((status = 200, body = PasswordOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn end_other_sessions(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<PasswordOut>> {
    let me = user.member()?;
    let ended = app
        .store
        .end_other_sessions(me, &user.session_digest)
        .await?;
    Ok(Json(PasswordOut {
        success: true,
        signed_out_sessions: ended,
    }))
}

fn sign_in_out(s: SignIn) -> SignInOut {
    SignInOut {
        success: s.success,
        reason: s.reason,
        device: device(s.user_agent.as_deref()),
        ip_address: s.ip_address,
        at: rfc3339(s.created_at),
    }
}

/// Sign-in attempts on your username, newest first (the last 100).
#[utoipa::path(get, path = "/api/settings/sign-ins", tag = "settings",
    responses((status = 200, body = Vec<SignInOut>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn list_sign_ins(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<SignInOut>>> {
    let me = user.member()?;
    let rows = app.store.sign_ins(me, 100).await?;
    Ok(Json(rows.into_iter().map(sign_in_out).collect()))
}

pub fn router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(get_profile, update_profile))
        .routes(routes!(change_password))
        .routes(routes!(list_sessions, end_other_sessions))
        .routes(routes!(end_session))
        .routes(routes!(list_sign_ins))
}

#[cfg(test)]
mod tests {
    use super::device;

    #[test]
    fn devices_read_from_user_agents() {
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(device(Some(mac)), "Chrome on macOS");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device(Some(iphone)), "Safari on iOS");
        assert_eq!(device(Some("curl/8.5.0")), "curl");
        assert_eq!(device(None), "Unknown device");
        assert_eq!(device(Some("")), "Unknown device");
    }
}
