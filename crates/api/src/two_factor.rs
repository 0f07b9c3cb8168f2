//! Two-factor sign-in (TOTP, RFC 6238: SHA-1, 6 digits, 30-second steps,
//! one step of clock skew either way, each step accepted once): enrolment
//! with a QR code, ten one-time recovery codes, the second sign-in step,
//! and the owner's requirement for every member.

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde::{Deserialize, Serialize};
use totp_rs::{Builder, Secret, Totp};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiJson;
use crate::stats::rfc3339;

const ISSUER: &str = "CallCenter Pro";
/// Recovery codes made at a time.
const RECOVERY_CODES: usize = 10;
/// How long the second step of a sign-in may take.
const CHALLENGE_MS: i64 = 5 * 60_000;
/// Wrong codes one sign-in may try before it must start again.
const CHALLENGE_ATTEMPTS: i32 = 5;

/// A member's two-factor state.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorOut {
    pub enabled: bool,
    pub enabled_at: Option<String>,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
    /// The account requires two-factor sign-in of every member.
    pub required_by_account: bool,
}

/// A secret to enrol in an authenticator app.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorSetupOut {
    /// Base32, for typing into the app.
    pub secret: String,
    /// `otpauth://totp/…`: what the QR code holds.
    pub otpauth_url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app.
#[derive(Deserialize, ToSchema)]
pub struct TwoFactorCodeIn {
    #[schema(example = "123456")]
    pub code: String,
}

/// The member's password, to confirm a change to their sign-in.
#[derive(Deserialize, ToSchema)]
pub struct PasswordConfirmIn {
    pub password: String,
}

/// New recovery codes: shown this once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesOut {
    #[schema(example = json!(["k7m2q-9xw4p"]))]
    pub recovery_codes: Vec<String>,
}

/// The account's security requirements.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountSecurityOut {
    /// Every member must sign in with a second factor; members without
    /// one are asked to set it up before anything else.
    pub require_two_factor: bool,
    /// Addresses or CIDRs the app and the API may be used from, by every
    /// member and API key of the account (empty: any address).
    pub allowed_ips: Vec<String>,
}

/// A change to the account's security requirements; absent fields stay.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountSecurityIn {
    pub require_two_factor: Option<bool>,
    /// At most 20 addresses or CIDRs; it must include the address you
    /// send this from. Empty: any address.
    pub allowed_ips: Option<Vec<String>>,
}

/// The password was right; a second step is due.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorChallengeOut {
    pub two_factor_required: bool,
    /// Send it back with the code to `POST /api/auth/two-factor`.
    pub challenge: String,
    pub expires_at: String,
}

/// The second step of a sign-in: a code or a recovery code.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorLoginIn {
    pub challenge: String,
    pub code: Option<String>,
    pub recovery_code: Option<String>,
}

fn totp(secret: &[u8], account_name: &str) -> ApiResult<Totp> {
    Builder::new()
        .with_secret(secret)
        .with_account_name(account_name.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| ApiError::internal(format!("TOTP: {e:?}")))
}

fn open_secret(app: &AppState, sealed: &str) -> ApiResult<Vec<u8>> {
    let base32 = app
        .settings
        .sealing_key
        .open(sealed)
        .map_err(ApiError::internal)?;
    Secret::try_from_base32(&base32)
        .map(|s| s.as_bytes().to_vec())
        .map_err(|e| ApiError::internal(format!("TOTP secret: {e:?}")))
}

fn unix_now() -> u64 {
    u64::try_from(domain::now_ms() / 1000).unwrap_or_default()
}

/// The time step a code matches now (with one step of skew), if any.
fn matching_step(totp: &Totp, code: &str) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp.check(&code, unix_now())
        .and_then(|s| i64::try_from(s).ok())
}

/// `k7m2q-9xw4p`: 50 random bits in an alphabet without look-alikes.
fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    code.push('-');
                }
                code.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
            }
            code
        })
        .collect()
}

/// How a recovery code is kept: the SHA-256 of its letters, lower-cased,
/// without dashes or spaces.
fn recovery_digest(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    domain::password::token_digest(&plain)
}

async fn check_password(app: &AppState, user_id: i64, password: &str) -> ApiResult<()> {
    let hash = app.store.user_by_id(user_id).await?.password_hash;
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || domain::password::verify(&password, &hash))
        .await
        .map_err(ApiError::internal)?;
    if !ok {
        return Err(ApiError::validation("password", "is not correct"));
    }
    Ok(())
}

/// Your two-factor state.
#[utoipa::path(get, path = "/api/settings/two-factor", tag = "settings",
    responses((status = 200, body = TwoFactorOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn get_two_factor(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TwoFactorOut>> {
    let me = user.member()?;
    let state = app.store.two_factor(me).await?;
    Ok(Json(TwoFactorOut {
        enabled: state.totp_secret.is_some(),
        enabled_at: state.totp_enabled_at.map(rfc3339),
        recovery_codes_left: state.recovery_codes_left,
        required_by_account: app.store.requires_two_factor(user.account).await?,
    }))
}

/// Start enrolment: a new secret and its QR code. Two-factor turns on
/// once a code from it is confirmed.
#[utoipa::path(post, path = "/api/settings/two-factor/setup", tag = "settings",
    responses((status = 200, body = TwoFactorSetupOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Two-factor is on already")))]
pub(crate) async fn setup_two_factor(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TwoFactorSetupOut>> {
    let me = user.member()?;
    if app.store.two_factor(me).await?.totp_secret.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            "Two-factor sign-in is on already: turn it off first to enrol another device",
        )
        .with_details(serde_json::json!({})));
    }
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill(&mut bytes);
    let username = app.store.user_by_id(me).await?.username;
    let totp = totp(&bytes, &username)?;
    let secret = Secret::from(&bytes[..]).to_base32();
    let otpauth_url = totp
        .to_url()
        .map_err(|e| ApiError::internal(format!("TOTP URL: {e:?}")))?;
    let qr = qrcode::QrCode::new(otpauth_url.as_bytes()).map_err(ApiError::internal)?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    app.store
        .set_pending_totp(me, &app.settings.sealing_key.seal(&secret))
        .await?;
    Ok(Json(TwoFactorSetupOut {
        secret,
        otpauth_url,
        qr_svg,
    }))
}

/// Confirm enrolment with a code from the app: two-factor is on, and the
/// recovery codes are shown this once.
#[utoipa::path(post, path = "/api/settings/two-factor/enable", tag = "settings",
    request_body = TwoFactorCodeIn,
    responses((status = 200, body = RecoveryCodesOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "No enrolment started"),
        (status = 422, body = ErrorEnvelope, description = "The code does not match")))]
pub(crate) async fn enable_two_factor(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<TwoFactorCodeIn>,
) -> ApiResult<Json<RecoveryCodesOut>> {
    let me = user.member()?;
    let state = app.store.two_factor(me).await?;
    let Some(pending) = state.totp_pending else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            "Start the set-up first: there is no secret waiting for a code",
        )
        .with_details(serde_json::json!({})));
    };
    let secret = open_secret(&app, &pending)?;
    let step = matching_step(&totp(&secret, "x")?, &input.code).ok_or_else(|| {
        ApiError::validation(
            "code",
            "does not match: check the device's clock and try the next code",
        )
    })?;
    let codes = new_recovery_codes();
    let digests: Vec<String> = codes.iter().map(|c| recovery_digest(c)).collect();
    app.store.enable_totp(me, &pending, step, &digests).await?;
    tracing::info!(user_id = me, "two-factor sign-in turned on");
    Ok(Json(RecoveryCodesOut {
        recovery_codes: codes,
    }))
}

/// Turn two-factor off (your password confirms it). Refused while the
/// account requires it.
#[utoipa::path(post, path = "/api/settings/two-factor/disable", tag = "settings",
    request_body = PasswordConfirmIn,
    responses((status = 200, body = TwoFactorOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account requires two-factor sign-in"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn disable_two_factor(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PasswordConfirmIn>,
) -> ApiResult<Json<TwoFactorOut>> {
    let me = user.member()?;
    check_password(&app, me, &input.password).await?;
    if app.store.requires_two_factor(user.account).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            "Your account requires two-factor sign-in: it cannot be turned off",
        )
        .with_details(serde_json::json!({})));
    }
    app.store.disable_totp(me).await?;
    tracing::info!(user_id = me, "two-factor sign-in turned off");
    get_two_factor(State(app), user).await
}

/// New recovery codes in place of the old ones (your password confirms it).
#[utoipa::path(post, path = "/api/settings/two-factor/recovery-codes", tag = "settings",
    request_body = PasswordConfirmIn,
    responses((status = 200, body = RecoveryCodesOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Two-factor is off"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn new_codes(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PasswordConfirmIn>,
) -> ApiResult<Json<RecoveryCodesOut>> {
    let me = user.member()?;
    check_password(&app, me, &input.password).await?;
    if app.store.two_factor(me).await?.totp_secret.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            "Two-factor sign-in is off: there are no recovery codes to replace",
        )
        .with_details(serde_json::json!({})));
    }
    let codes = new_recovery_codes();
    let digests: Vec<String> = codes.iter().map(|c| recovery_digest(c)).collect();
    app.store.replace_recovery_codes(me, &digests).await?;
    Ok(Json(RecoveryCodesOut {
        recovery_codes: codes,
    }))
}

/// The account's security requirements.
#[utoipa::path(get, path = "/api/settings/security", tag = "settings",
    responses((status = 200, body = AccountSecurityOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn get_account_security(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<AccountSecurityOut>> {
    let allowed = app.store.account_allowlist(user.account).await?;
    Ok(Json(AccountSecurityOut {
        require_two_factor: app.store.requires_two_factor(user.account).await?,
        allowed_ips: serde_json::from_str(&allowed).unwrap_or_default(),
    }))
}

/// Change the account's security requirements (owners only). Requiring
/// two-factor needs the owner to have it on first; an address allowlist
/// must include the address the change is sent from.
#[utoipa::path(put, path = "/api/settings/security", tag = "settings",
    request_body = AccountSecurityIn,
    responses((status = 200, body = AccountSecurityOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Turn on your own two-factor sign-in first, or the allowlist would shut you out"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn update_account_security(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    user: CurrentUser,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<Json<AccountSecurityOut>> {
    let me = user.member()?;
    // An object, not any JSON serde could read as the struct (`[null, null]`).
    let input: AccountSecurityIn = serde_json::from_value(serde_json::Value::Object(body))
        .map_err(|e| ApiError::validation("body", e.to_string()))?;
    // Everything is checked before anything is written.
    let allowlist = match input.allowed_ips {
        None => None,
        Some(given) => {
            let allowed = crate::api_keys::parse_allowlist(given)?;
            let json = serde_json::to_string(&allowed).map_err(ApiError::internal)?;
            if !crate::auth::address_ok(&json, Some(peer)) {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "CONFLICT",
                    format!(
                        "This list would shut you out: include your address ({})",
                        peer.ip()
                    ),
                )
                .with_details(serde_json::json!({ "field": "allowedIps" })));
            }
            Some(json)
        }
    };
    if input.require_two_factor == Some(true)
        && app.store.two_factor(me).await?.totp_secret.is_none()
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFLICT",
            "Turn on your own two-factor sign-in before requiring it of everyone",
        )
        .with_details(serde_json::json!({})));
    }
    if let Some(json) = allowlist {
        app.store.set_account_allowlist(user.account, &json).await?;
    }
    if let Some(require) = input.require_two_factor {
        app.store
            .set_requires_two_factor(user.account, require)
            .await?;
    }
    get_account_security(State(app), user).await
}

/// The login answer when a second step is due.
pub(crate) async fn challenge(app: &AppState, user_id: i64) -> ApiResult<Response> {
    let token = domain::password::new_token();
    let expires_at = domain::now_ms() + CHALLENGE_MS;
    app.store
        .create_login_challenge(&domain::password::token_digest(&token), user_id, expires_at)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(TwoFactorChallengeOut {
            two_factor_required: true,
            challenge: token,
            expires_at: rfc3339(expires_at),
        }),
    )
        .into_response())
}

/// Finish signing in with a code from the authenticator app or a recovery
/// code. Five wrong codes end the attempt; failures are throttled like
/// passwords.
#[utoipa::path(post, path = "/api/auth/two-factor", tag = "auth", request_body = TwoFactorLoginIn,
    responses(
        (status = 200, body = crate::auth::LoginOut, description = "Signed in; `Set-Cookie` carries the session"),
        (status = 401, body = ErrorEnvelope, description = "Wrong code, or the sign-in attempt ended"),
        (status = 429, body = ErrorEnvelope, description = "Too many failed attempts"),
    ))]
pub(crate) async fn login_second_step(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<TwoFactorLoginIn>,
) -> ApiResult<Response> {
    let ended = || ApiError::unauthorized("This sign-in attempt has ended: sign in again");
    let token = input.challenge.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ended());
    }
    let digest = domain::password::token_digest(token);
    let challenge = app
        .store
        .attempt_login_challenge(&digest)
        .await?
        .ok_or_else(ended)?;
    if challenge.expires_at <= domain::now_ms() || challenge.attempts > CHALLENGE_ATTEMPTS {
        app.store.delete_login_challenge(&digest).await?;
        return Err(ended());
    }
    let user = app.store.user_by_id(challenge.user_id).await?;
    let ip = peer.ip().to_string();
    let agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let throttle_key = format!("2fa:{}", user.username);
    let delay = app
        .throttle
        .check(&throttle_key, &ip)
        .map_err(ApiError::rate_limited)?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let state = app.store.two_factor(user.id).await?;
    let accepted = match (&input.code, &input.recovery_code, &state.totp_secret) {
        (Some(code), _, Some(sealed)) => {
            let secret = open_secret(&app, sealed)?;
            match matching_step(&totp(&secret, "x")?, code) {
                Some(step) => app.store.use_totp_step(user.id, step).await?,
                None => false,
            }
        }
        (None, Some(code), Some(_)) => {
            app.store
                .use_recovery_code(user.id, &recovery_digest(code))
                .await?
        }
        _ => false,
    };
    if !accepted {
        app.throttle.failed(&throttle_key, &ip);
        if let Err(e) = app
            .store
            .record_sign_in(
                user.id,
                false,
                Some("wrong two-factor code"),
                Some(&ip),
                agent,
            )
            .await
        {
            tracing::warn!(error = %e, "could not note a sign-in");
        }
        return Err(ApiError::unauthorized(
            "The code is not valid: use the current code from your app, or a recovery code",
        ));
    }
    app.store.delete_login_challenge(&digest).await?;
    app.throttle.succeeded(&throttle_key, &ip);
    crate::auth::signed_in(&app, user, &headers, &ip).await
}

pub fn router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(get_two_factor))
        .routes(routes!(setup_two_factor))
        .routes(routes!(enable_two_factor))
        .routes(routes!(disable_two_factor))
        .routes(routes!(new_codes))
        .routes(routes!(get_account_security, update_account_security))
        .routes(routes!(login_second_step))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-')
        );
        let c = &codes[0];
        assert_eq!(
            recovery_digest(c),
            recovery_digest(&c.to_uppercase().replace('-', " "))
        );
    }

    #[test]
    fn codes_match_within_one_step_either_way() {
        let totp = totp(&[7u8; 20], "olga").unwrap();
        let now = unix_now();
        for offset in [-30i64, 0, 30] {
            let at = now.saturating_add_signed(offset);
            let code = totp.generate(at).to_string();
            assert!(matching_step(&totp, &code).is_some(), "{offset}");
        }
        let far = totp.generate(now + 120).to_string();
        assert!(matching_step(&totp, &far).is_none());
        assert!(matching_step(&totp, "12 34 5").is_none());
        assert!(matching_step(&totp, "abcdef").is_none());
    }
}
