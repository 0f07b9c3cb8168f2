//! `/api/auth/*` handlers.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header::USER_AGENT};
use axum::response::{IntoResponse, Response};
use domain::NewUser;
use serde::{Deserialize, Serialize};
use store::users::User;
use utoipa::ToSchema;

use super::session::{CurrentUser, clear_cookie, set_cookie};
use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiJson;
use crate::roles::Permissions;

/// Credentials for `POST /api/auth/login`.
#[derive(Deserialize, ToSchema)]
pub struct LoginIn {
    #[schema(example = "sumit")]
    pub username: String,
    #[schema(example = "demo123")]
    pub password: String,
}

/// A new account for `POST /api/auth/register`.
#[derive(Deserialize, ToSchema)]
pub struct RegisterIn {
    pub username: String,
    pub email: Option<String>,
    pub password: String,
}

/// The public face of a user (never the password hash), with what their
/// role lets them do.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserOut {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// IANA time zone used for "today" and day boundaries.
    pub time_zone: String,
    /// The account the user is a member of.
    pub account_id: i64,
    /// owner, admin, manager or analyst.
    #[schema(example = "owner")]
    pub role: String,
    /// What the role may do per area (`none`, `read`, `write`).
    pub permissions: Permissions,
}

impl From<User> for UserOut {
    fn from(u: User) -> Self {
        Self {
            permissions: Permissions::of(u.role()),
            id: u.id,
            username: u.username,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            time_zone: u.time_zone,
            account_id: u.account_id,
            role: u.role,
        }
    }
}

/// An optional name field: trimmed, at most 100 characters, empty as none.
pub(crate) fn optional_name(field: &str, value: Option<&str>) -> ApiResult<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > 100 {
        return Err(ApiError::validation(
            field,
            "must be at most 100 characters",
        ));
    }
    Ok(Some(v.to_string()))
}

/// Answer to a successful login or registration.
#[derive(Serialize, ToSchema)]
pub struct LoginOut {
    pub success: bool,
    pub user: UserOut,
}

/// Answer to logout.
#[derive(Serialize, ToSchema)]
pub struct SuccessOut {
    pub success: bool,
}

const INVALID: &str = "Invalid username or password";

/// Sign in with username and password; sets the session cookie.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginIn,
    responses(
        (status = 200, body = LoginOut, description = "Signed in; `Set-Cookie` carries the session"),
        (status = 202, body = crate::two_factor::TwoFactorChallengeOut, description = "The password is right; finish with a code at `POST /api/auth/two-factor`"),
        (status = 401, body = ErrorEnvelope, description = "Wrong username or password (the same answer for both)"),
        (status = 429, body = ErrorEnvelope, description = "Too many failed attempts"),
    ))]
pub async fn login(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LoginIn>,
) -> ApiResult<Response> {
    let ip = peer.ip().to_string();
    let agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let delay = match app.throttle.check(&input.username, &ip) {
        Ok(delay) => delay,
        Err(retry) => {
            note_sign_in(&app, &input.username, false, Some("throttled"), &ip, agent).await;
            return Err(ApiError::rate_limited(retry));
        }
    };
    if !delay.is_zero() {
        // A username that failed often, from anywhere: slower, never locked.
        tokio::time::sleep(delay).await;
    }
    let user = app.store.user_by_username(input.username.trim()).await?;
    let verified = match user {
        Some(user) if user.status == "active" => {
            let (password, hash) = (input.password.clone(), user.password_hash.clone());
            let ok =
                tokio::task::spawn_blocking(move || domain::password::verify(&password, &hash))
                    .await
                    .map_err(ApiError::internal)?;
            ok.then_some(user)
        }
        _ => {
            let password = input.password.clone();
            tokio::task::spawn_blocking(move || domain::password::verify_against_dummy(&password))
                .await
                .map_err(ApiError::internal)?;
            None
        }
    };
    let Some(user) = verified else {
        app.throttle.failed(&input.username, &ip);
        note_sign_in(
            &app,
            &input.username,
            false,
            Some("wrong password"),
            &ip,
            agent,
        )
        .await;
        tracing::info!(ip = %ip, "failed login");
        return Err(ApiError::unauthorized(INVALID));
    };
    app.throttle.succeeded(&input.username, &ip);
    if !crate::auth::address_ok(
        &app.store.account_allowlist(user.account()).await?,
        Some(peer),
    ) {
        return Err(crate::auth::address_refusal());
    }
    if app.store.two_factor(user.id).await?.totp_secret.is_some() {
        return crate::two_factor::challenge(&app, user.id).await;
    }
    signed_in(&app, user, &headers, &ip).await
}

/// Note the sign-in (and tell the member of a new device), then start the
/// session.
pub(crate) async fn signed_in(
    app: &AppState,
    user: User,
    headers: &HeaderMap,
    ip: &str,
) -> ApiResult<Response> {
    let agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let new_device = app
        .store
        .record_sign_in(user.id, true, None, Some(ip), agent)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not note a sign-in");
            false
        });
    if new_device {
        new_device_notice(app, &user, ip, agent);
    }
    start_session(app, user, headers, ip, StatusCode::OK).await
}

/// Note a failed attempt on a username that exists (others name nobody).
async fn note_sign_in(
    app: &AppState,
    username: &str,
    success: bool,
    reason: Option<&str>,
    ip: &str,
    agent: Option<&str>,
) {
    let found = app.store.user_by_username(username.trim()).await;
    if let Ok(Some(user)) = found
        && let Err(e) = app
            .store
            .record_sign_in(user.id, success, reason, Some(ip), agent)
            .await
    {
        tracing::warn!(error = %e, "could not note a sign-in");
    }
}

/// E-mail the member about a sign-in from a device they had not used
/// (when mail is configured and they have an address).
fn new_device_notice(app: &AppState, user: &User, ip: &str, agent: Option<&str>) {
    let (Some(email), true) = (user.email.clone(), app.settings.smtp.is_some()) else {
        return;
    };
    let body = format!(
        "Someone signed in to CallCenter Pro as {} from a new device:\n\n\
         Device: {}\nAddress: {ip}\n\n\
         If this was you, there is nothing to do. If not, change your password \
         (Settings > Password), which signs out every other session.\n",
        user.username,
        crate::profile::device(agent),
    );
    let app = app.clone();
    tokio::spawn(async move {
        if let Err(e) =
            crate::mail::send_text(&app, &email, "New sign-in to CallCenter Pro", body).await
        {
            tracing::info!(reason = %e, "new-device notice not sent");
        }
    });
}

pub(crate) async fn start_session(
    app: &AppState,
    user: User,
    headers: &HeaderMap,
    ip: &str,
    status: StatusCode,
) -> ApiResult<Response> {
    let token = domain::password::new_token();
    let digest = domain::password::token_digest(&token);
    let agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let policy = app.settings.session;
    app.store
        .create_session(user.id, &digest, policy, agent, Some(ip))
        .await?;
    tracing::info!(user_id = user.id, "signed in");
    let max_age = (policy.absolute_ms + 999) / 1000;
    let cookie = set_cookie(&token, max_age, app.settings.cookie_secure);
    let body = LoginOut {
        success: true,
        user: user.into(),
    };
    Ok((status, [cookie], Json(body)).into_response())
}

/// Sign out: the session is deleted on the server and the cookie cleared.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses(
        (status = 200, body = SuccessOut),
        (status = 401, body = ErrorEnvelope, description = "Not signed in"),
    ))]
pub async fn logout(State(app): State<AppState>, user: CurrentUser) -> ApiResult<Response> {
    app.store.delete_session(&user.session_digest).await?;
    let cookie = clear_cookie(app.settings.cookie_secure);
    Ok(([cookie], Json(SuccessOut { success: true })).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/user", tag = "auth",
    responses(
        (status = 200, body = UserOut),
        (status = 401, body = ErrorEnvelope, description = "Not signed in or session expired"),
    ))]
pub async fn current_user(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<UserOut>> {
    Ok(Json(app.store.user_by_id(user.member()?).await?.into()))
}

/// Create an account and sign in. Off unless `allow_registration` is set.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", request_body = RegisterIn,
    responses(
        (status = 201, body = LoginOut),
        (status = 403, body = ErrorEnvelope, description = "Registration is disabled"),
        (status = 409, body = ErrorEnvelope, description = "Username or email taken"),
        (status = 422, body = ErrorEnvelope, description = "Invalid field"),
    ))]
pub async fn register(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<RegisterIn>,
) -> ApiResult<Response> {
    if !app.settings.allow_registration {
        return Err(ApiError::forbidden(
            "Registration is disabled on this server",
        ));
    }
    let new = NewUser::parse(&input.username, input.email.as_deref(), &input.password)
        .map_err(|e| ApiError::validation(e.field, e.reason))?;
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || domain::password::hash(password.expose()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let user = app
        .store
        .create_user(&new.username, new.email.as_deref(), &hash)
        .await?;
    start_session(
        &app,
        user,
        &headers,
        &peer.ip().to_string(),
        StatusCode::CREATED,
    )
    .await
}
