//! Login, logout, registration and the current user
//! (`/api/auth/*`). Sessions live in the database; see [`session`].

mod handlers;
mod session;
mod throttle;

pub(crate) use handlers::{LoginOut, optional_name, start_session};
pub use session::{CurrentUser, authenticate};
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
