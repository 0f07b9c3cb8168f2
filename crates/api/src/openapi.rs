//! The OpenAPI 3.1 document, generated from the handlers' annotations,
//! served at `/api/openapi.json` with interactive docs at `/api/docs`.
//! A copy is committed as `openapi.json`; a test fails when it is stale.

use axum::Router;
use axum::response::IntoResponse;
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
                       Every error answers `{\"error\":{\"code\",\"message\",\"details\"}}`.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "auth", description = "Sign in, sign out, the current user"),
        (name = "buyers", description = "Buyers (targets) that routed calls ring"),
        (name = "calls", description = "Call records: filtered list, details with the routing trace, CSV/Excel/PDF export"),
        (name = "phone-numbers", description = "Tracking numbers: registration, CSV import, history"),
        (name = "pools", description = "Number pools and their exclusive numbers"),
        (name = "reports", description = "Report builder: run, save, schedule by e-mail, export CSV/Excel/PDF"),
        (name = "rtb", description = "Real-time bidding: targets (bidders), campaign assignment, auctions and analytics"),
        (name = "stats", description = "Dashboard and historical statistics"),
    )
)]
struct ApiDoc;

pub(crate) fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// The generated document.
pub fn openapi_document() -> OpenApi {
    let (_, doc) = crate::api_routes().split_for_parts();
    doc
}

/// The generated document as pretty JSON, as committed in `openapi.json`.
pub fn openapi_json() -> String {
    let mut text = openapi_document().to_pretty_json().unwrap_or_default();
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
