//! Reports (`/api/reports`): run a spec ([`run`]), save and schedule
//! reports ([`saved`]), and e-mail them ([`delivery`]).

pub mod delivery;
pub mod run;
pub mod saved;
pub mod spec;
pub mod table;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(run::run))
        .routes(routes!(run::run_csv))
        .routes(routes!(run::run_xlsx))
        .routes(routes!(run::run_pdf))
        .routes(routes!(saved::list_reports, saved::create_report))
        .routes(routes!(
            saved::get_report,
            saved::update_report,
            saved::delete_report
        ))
        .routes(routes!(saved::export_csv))
        .routes(routes!(saved::export_xlsx))
        .routes(routes!(saved::export_pdf))
        .routes(routes!(delivery::send_now))
        .routes(routes!(delivery::email_status))
        .routes(routes!(delivery::list_deliveries))
}
