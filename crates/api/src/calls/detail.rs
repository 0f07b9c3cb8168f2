//! `GET /api/calls/{id}`: one call with its campaign, buyer, recording and
//! routing trace. Another account's call is a 404, as an unknown id is.

use axum::Json;
use axum::extract::State;

use super::output::CallDetailOut;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiPath;

/// One call in full: everything the detail tabs need.
#[utoipa::path(get, path = "/api/calls/{id}", tag = "calls",
    params(("id" = i64, Path, description = "Call id")),
    responses(
        (status = 200, body = CallDetailOut),
        (status = 400, body = ErrorEnvelope, description = "The id is not an integer"),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn detail(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CallDetailOut>> {
    let call = app.store.call_detail(user.account, id).await?;
    let auction = app
        .store
        .call_auction(user.account, &call.call.call_sid)
        .await?;
    let dni = crate::dni::attribution::of_call(
        &app,
        user.account,
        id,
        call.dni_session_id,
        &call.call.to_number,
        call.call.created_at,
    )
    .await?;
    let mut out = CallDetailOut::new(call, auction);
    out.dni = Some(dni);
    let defined = app.store.list_url_params(user.account).await?;
    out.parameters = app
        .store
        .call_params(user.account, id)
        .await?
        .into_iter()
        .map(|(name, value)| super::output::CallParamOut {
            display_name: defined
                .iter()
                .find(|p| p.parameter_name == name)
                .map_or_else(|| name.clone(), |p| p.display_name.clone()),
            name,
            value,
        })
        .collect();
    if let Some(session) = out.dni.as_ref().and_then(|d| d.session.as_ref()) {
        // Credited just now: the visit's parameters are the call's.
        out.utm = super::output::UtmOut {
            source: session.utm_source.clone(),
            medium: session.utm_medium.clone(),
            campaign: session.utm_campaign.clone(),
            content: session.utm_content.clone(),
            term: session.utm_term.clone(),
        };
    }
    Ok(Json(out))
}
