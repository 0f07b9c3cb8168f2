//! Login, logout, registration and the current user
//! (`/api/auth/*`). Sessions live in the database; see [`session`].

mod handlers;
mod session;
mod throttle;

pub(crate) use handlers::{LoginOut, optional_name, signed_in, start_session};
pub use session::{CurrentUser, address_ok, address_refusal, authenticate, resolved};
pub use throttle::LoginThrottle;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::login))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::current_user))
        .routes(routes!(handlers::register))
}

/// The time zone of "today" and of times shown to this request: the
/// member's own, or the account's for an API key.
pub async fn time_zone(app: &AppState, user: &CurrentUser) -> crate::error::ApiResult<String> {
    let id = user.user_id.unwrap_or(user.account.0);
    Ok(app.store.user_by_id(id).await?.time_zone)
}
