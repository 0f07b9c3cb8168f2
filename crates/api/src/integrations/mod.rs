//! Integrations (`/api/integrations`): outbound webhooks, pixels,
//! connectors and URL parameters. An account's
//! endpoints receive its events (calls, auctions, configuration changes,
//! alerts) as Standard Webhooks messages: signed, retried on a schedule,
//! every attempt logged, replayable. Events come from the outbox that
//! the database fills in the transaction of each change; [`worker`]
//! dispatches and delivers them in the background.

mod connectors;
mod endpoints;
mod messages;
mod pixels;
mod url_params;
pub mod worker;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(endpoints::list_event_types))
        .routes(routes!(
            endpoints::list_webhook_endpoints,
            endpoints::create_webhook_endpoint
        ))
        .routes(routes!(
            endpoints::get_webhook_endpoint,
            endpoints::replace_webhook_endpoint,
            endpoints::delete_webhook_endpoint
        ))
        .routes(routes!(endpoints::send_test_event))
        .routes(routes!(endpoints::rotate_webhook_secret))
        .routes(routes!(messages::list_webhook_messages))
        .routes(routes!(messages::get_webhook_message))
        .routes(routes!(messages::replay_webhook_message))
        .routes(routes!(messages::replay_failed_webhook_messages))
        .routes(routes!(pixels::pixel_options))
        .routes(routes!(pixels::list_pixels, pixels::create_pixel))
        .routes(routes!(
            pixels::get_pixel,
            pixels::replace_pixel,
            pixels::delete_pixel
        ))
        .routes(routes!(pixels::list_pixel_fires))
        .routes(routes!(connectors::list_connector_types))
        .routes(routes!(
            connectors::list_connectors,
            connectors::create_connector
        ))
        .routes(routes!(
            connectors::get_connector,
            connectors::replace_connector,
            connectors::delete_connector
        ))
        .routes(routes!(connectors::test_connector))
        .routes(routes!(connectors::list_connector_messages))
        .routes(routes!(
            url_params::list_url_parameters,
            url_params::create_url_parameter
        ))
        .routes(routes!(
            url_params::get_url_parameter,
            url_params::replace_url_parameter,
            url_params::delete_url_parameter
        ))
}
