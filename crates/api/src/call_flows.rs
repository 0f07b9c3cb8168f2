//! Call flows (`/api/call-flows`): drafts saved as the builder edits them,
//! publishing (refused with every problem, by node, while the draft breaks
//! a rule of the `flows` crate), numbered versions and rollback. A
//! campaign runs a flow's published version on its live calls
//! (`callFlowId`); the simulation is in [`crate::flow_simulate`].

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use flows::{Graph, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::StoreError;
use store::call_flows::{CallFlowFields, CallFlowRow, CallFlowVersionRow};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{CreatedOut, DeletedOut, ListParams, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_flows, create_flow))
        .routes(routes!(get_flow, replace_flow, delete_flow))
        .routes(routes!(publish_flow))
        .routes(routes!(flow_versions))
        .routes(routes!(rollback_flow))
        .routes(routes!(crate::flow_simulate::simulate_flow))
        .routes(routes!(crate::flow_analytics::flow_analytics))
}

/// Sort names of the list; the first is the default.
pub(crate) const SORTS: &[&str] = &["createdAt", "name", "updatedAt"];
/// The largest graph a flow may hold, as JSON.
const MAX_GRAPH_BYTES: usize = 512 * 1024;

/// A flow to create, or the whole of a flow to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallFlowIn {
    /// Unique in the account, in any case; 1-100 characters.
    #[schema(example = "Medicare intake")]
    pub name: String,
    pub description: Option<String>,
    /// The builder's graph (`{nodes, edges}`); a new flow without one
    /// starts with its Start node.
    #[schema(value_type = Option<Object>)]
    pub graph: Option<Value>,
}

/// Publishing a draft.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublishIn {
    /// What changed, shown in the version history (at most 500 characters).
    pub note: Option<String>,
}

/// Publishing an earlier version again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RollbackIn {
    pub version: i64,
    pub note: Option<String>,
}

/// A reason the draft cannot be published.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemOut {
    /// The node at fault; null for the flow as a whole.
    pub node_id: Option<String>,
    /// The property at fault.
    pub field: Option<String>,
    pub message: String,
}

impl From<Problem> for ProblemOut {
    fn from(p: Problem) -> Self {
        Self {
            node_id: p.node_id,
            field: p.field,
            message: p.message,
        }
    }
}

/// A flow with its draft.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallFlowOut {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    /// draft (never published) or published.
    #[schema(example = "published")]
    pub status: String,
    /// The latest published version.
    pub published_version: Option<i64>,
    pub versions: i64,
    pub node_count: i64,
    /// The draft graph.
    #[schema(value_type = Object)]
    pub graph: Value,
    /// What keeps the draft from being published (empty: it can be).
    pub problems: Vec<ProblemOut>,
    /// The campaigns whose calls run the flow.
    pub campaigns: Vec<FlowCampaignOut>,
    /// The tracking numbers whose calls run the flow in place of their
    /// campaign's.
    pub numbers: Vec<FlowNumberOut>,
    pub created_at: String,
    pub updated_at: String,
}

/// A campaign that runs a flow.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowCampaignOut {
    pub id: String,
    pub name: String,
}

/// A tracking number that runs a flow.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowNumberOut {
    pub id: i64,
    /// E.164.
    pub phone_number: String,
}

/// A flow as listed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallFlowSummaryOut {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub published_version: Option<i64>,
    pub versions: i64,
    pub node_count: i64,
    /// The campaigns whose calls run the flow.
    pub campaigns: Vec<FlowCampaignOut>,
    /// How many tracking numbers run it in place of their campaign's.
    pub numbers: i64,
    /// Calls that entered the flow in the last 7 days.
    pub calls_last_7_days: i64,
    pub updated_at: String,
}

/// A published version.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallFlowVersionOut {
    pub version: i64,
    pub note: Option<String>,
    pub node_count: i64,
    pub published_at: String,
}

/// The answer to publishing.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublishedOut {
    pub id: i64,
    pub version: i64,
    pub published: bool,
}

fn parse_graph(text: &str) -> Graph {
    // Stored drafts were checked when saved; a draft that no longer reads
    // (never expected) shows as empty rather than failing the page.
    serde_json::from_str(text).unwrap_or_default()
}

fn status(row: &CallFlowRow) -> String {
    if row.published_version.is_some() {
        "published"
    } else {
        "draft"
    }
    .into()
}

/// A flow with the campaigns that run it.
async fn flow_out_of(
    app: &AppState,
    account: store::AccountId,
    row: CallFlowRow,
) -> ApiResult<CallFlowOut> {
    let campaigns = app
        .store
        .campaigns_running_flow(account, row.id)
        .await?
        .into_iter()
        .map(|(id, name)| FlowCampaignOut { id, name })
        .collect();
    let numbers = app
        .store
        .numbers_running_flow(account, row.id)
        .await?
        .into_iter()
        .map(|(id, phone_number)| FlowNumberOut { id, phone_number })
        .collect();
    Ok(CallFlowOut {
        campaigns,
        numbers,
        ..flow_out(row)
    })
}

fn flow_out(row: CallFlowRow) -> CallFlowOut {
    let graph = parse_graph(&row.draft);
    let problems = flows::validate(&graph)
        .into_iter()
        .map(ProblemOut::from)
        .collect();
    CallFlowOut {
        status: status(&row),
        id: row.id,
        name: row.name,
        description: row.description,
        published_version: row.published_version,
        versions: row.versions,
        node_count: graph.nodes.len() as i64,
        graph: serde_json::to_value(&graph).unwrap_or(Value::Null),
        problems,
        campaigns: Vec::new(),
        numbers: Vec::new(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

fn summary_out(row: CallFlowRow) -> CallFlowSummaryOut {
    let nodes = parse_graph(&row.draft).nodes.len() as i64;
    CallFlowSummaryOut {
        status: status(&row),
        id: row.id,
        name: row.name,
        description: row.description,
        published_version: row.published_version,
        versions: row.versions,
        node_count: nodes,
        campaigns: Vec::new(),
        numbers: 0,
        calls_last_7_days: 0,
        updated_at: rfc3339(row.updated_at),
    }
}

fn version_out(v: CallFlowVersionRow) -> CallFlowVersionOut {
    CallFlowVersionOut {
        version: v.version,
        note: v.note,
        node_count: parse_graph(&v.graph).nodes.len() as i64,
        published_at: rfc3339(v.published_at),
    }
}

/// A new flow's graph: its Start node.
fn starting_graph() -> Graph {
    Graph {
        nodes: vec![flows::Node {
            id: "start".into(),
            kind: flows::NodeKind::Start,
            position: Some(flows::model::Position { x: 0.0, y: 0.0 }),
        }],
        edges: Vec::new(),
    }
}

/// The fields of `input`, checked; `graph` is the current draft when the
/// input has none.
fn fields(input: CallFlowIn, current: Option<&str>) -> ApiResult<CallFlowFields> {
    let name = domain::validate::text(&input.name, 100, true)
        .map_err(|r| ApiError::validation("name", r))?;
    let description = domain::validate::optional_text(input.description.as_deref(), 1000)
        .map_err(|r| ApiError::validation("description", r))?;
    let graph: Graph = match (input.graph, current) {
        (Some(v), _) => serde_json::from_value(v)
            .map_err(|e| ApiError::validation("graph", format!("is not a flow graph: {e}")))?,
        (None, Some(text)) => parse_graph(text),
        (None, None) => starting_graph(),
    };
    let draft = serde_json::to_string(&graph).map_err(ApiError::internal)?;
    if draft.len() > MAX_GRAPH_BYTES {
        return Err(ApiError::validation(
            "graph",
            format!("must be at most {} KiB as JSON", MAX_GRAPH_BYTES / 1024),
        ));
    }
    Ok(CallFlowFields {
        name,
        description,
        draft,
    })
}

fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => {
            ApiError::conflict("name", "the account has a call flow with this name")
        }
        other => other.into(),
    }
}

fn note(text: Option<&str>) -> ApiResult<Option<String>> {
    domain::validate::optional_text(text, 500).map_err(|r| ApiError::validation("note", r))
}

/// The account's call flows; total in `X-Total-Count`.
#[utoipa::path(get, path = "/api/call-flows", tag = "call-flows", params(ListParams),
    responses(
        (status = 200, body = Vec<CallFlowSummaryOut>, headers(("x-total-count" = i64, description = "Flows matching the search"))),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn list_flows(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Response> {
    let page = params.page(SORTS)?;
    let (rows, total) = app.store.list_call_flows(user.account, &page).await?;
    let since = domain::now_ms() - 7 * 86_400_000;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.id;
        let campaigns = app
            .store
            .campaigns_running_flow(user.account, id)
            .await?
            .into_iter()
            .map(|(id, name)| FlowCampaignOut { id, name })
            .collect();
        let numbers = app
            .store
            .numbers_running_flow(user.account, id)
            .await?
            .len() as i64;
        let calls_last_7_days = app.store.flow_call_count(user.account, id, since).await?;
        items.push(CallFlowSummaryOut {
            campaigns,
            numbers,
            calls_last_7_days,
            ..summary_out(row)
        });
    }
    Ok(list_response(items, total))
}

/// Create a flow (a draft, starting with its Start node unless a graph is given).
#[utoipa::path(post, path = "/api/call-flows", tag = "call-flows", request_body = CallFlowIn,
    responses(
        (status = 201, body = CreatedOut<i64>),
        (status = 409, body = ErrorEnvelope, description = "The account has a flow with this name"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn create_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<CallFlowIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut<i64>>)> {
    let fields = fields(input, None)?;
    let row = app
        .store
        .create_call_flow(user.account, &fields)
        .await
        .map_err(name_taken)?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOut {
            id: row.id,
            name: row.name,
            created: true,
        }),
    ))
}

/// One flow with its draft and what keeps it from being published.
#[utoipa::path(get, path = "/api/call-flows/{id}", tag = "call-flows",
    params(("id" = i64, Path, description = "Call flow id")),
    responses((status = 200, body = CallFlowOut), (status = 404, body = ErrorEnvelope)))]
async fn get_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CallFlowOut>> {
    let row = app.store.call_flow(user.account, id).await?;
    Ok(Json(flow_out_of(&app, user.account, row).await?))
}

/// Save a flow: its name, description and draft (kept whatever its
/// problems; publishing checks them).
#[utoipa::path(put, path = "/api/call-flows/{id}", tag = "call-flows", request_body = CallFlowIn,
    params(("id" = i64, Path, description = "Call flow id")),
    responses(
        (status = 200, body = CallFlowOut),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has another flow with this name"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn replace_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CallFlowIn>,
) -> ApiResult<Json<CallFlowOut>> {
    let current = app.store.call_flow(user.account, id).await?;
    let fields = fields(input, Some(&current.draft))?;
    let row = app
        .store
        .update_call_flow(user.account, id, &fields)
        .await
        .map_err(name_taken)?;
    Ok(Json(flow_out_of(&app, user.account, row).await?))
}

/// Delete a flow; its published versions stay with the calls that ran them.
#[utoipa::path(delete, path = "/api/call-flows/{id}", tag = "call-flows",
    params(("id" = i64, Path, description = "Call flow id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "Campaigns or tracking numbers run the flow")))]
async fn delete_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store.call_flow(user.account, id).await?;
    let using = app.store.campaigns_running_flow(user.account, id).await?;
    if !using.is_empty() {
        let names: Vec<&str> = using.iter().map(|(_, n)| n.as_str()).collect();
        return Err(ApiError::conflict(
            "id",
            format!(
                "campaigns run this flow ({}): choose another flow for them first",
                names.join(", ")
            ),
        ));
    }
    let numbers = app.store.numbers_running_flow(user.account, id).await?;
    if !numbers.is_empty() {
        let list: Vec<&str> = numbers.iter().map(|(_, n)| n.as_str()).collect();
        return Err(ApiError::conflict(
            "id",
            format!(
                "tracking numbers run this flow ({}): choose another flow for them first",
                list.join(", ")
            ),
        ));
    }
    app.store.delete_call_flow(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// Publish the draft as the next version. A draft with problems is a 422
/// whose `details.problems` lists every one, by node.
#[utoipa::path(post, path = "/api/call-flows/{id}/publish", tag = "call-flows", request_body = PublishIn,
    params(("id" = i64, Path, description = "Call flow id")),
    responses(
        (status = 200, body = PublishedOut),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "The draft breaks a rule: `details.problems` lists them"),
    ))]
async fn publish_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PublishIn>,
) -> ApiResult<Json<PublishedOut>> {
    let note = note(input.note.as_deref())?;
    let row = app.store.call_flow(user.account, id).await?;
    publish(&app, user.account, id, &row.draft, note.as_deref()).await
}

async fn publish(
    app: &AppState,
    account: store::AccountId,
    id: i64,
    graph: &str,
    note: Option<&str>,
) -> ApiResult<Json<PublishedOut>> {
    let parsed = parse_graph(graph);
    let problems: Vec<ProblemOut> = flows::validate(&parsed)
        .into_iter()
        .map(ProblemOut::from)
        .collect();
    if let Some(first) = problems.first() {
        let message = match &first.node_id {
            Some(node) => format!("node {node}: {}", first.message),
            None => first.message.clone(),
        };
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            format!(
                "The flow cannot be published: {message}{}",
                match problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                }
            ),
        )
        .with_details(serde_json::json!({ "field": "graph", "problems": problems })));
    }
    let version = app
        .store
        .publish_call_flow(account, id, graph, note)
        .await?;
    tracing::info!(flow = id, version, "call flow published");
    Ok(Json(PublishedOut {
        id,
        version,
        published: true,
    }))
}

/// The flow's published versions, newest first.
#[utoipa::path(get, path = "/api/call-flows/{id}/versions", tag = "call-flows",
    params(("id" = i64, Path, description = "Call flow id")),
    responses((status = 200, body = Vec<CallFlowVersionOut>), (status = 404, body = ErrorEnvelope)))]
async fn flow_versions(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<CallFlowVersionOut>>> {
    let versions = app.store.call_flow_versions(user.account, id).await?;
    Ok(Json(versions.into_iter().map(version_out).collect()))
}

/// Publish an earlier version again (it becomes the newest version and the
/// draft).
#[utoipa::path(post, path = "/api/call-flows/{id}/rollback", tag = "call-flows", request_body = RollbackIn,
    params(("id" = i64, Path, description = "Call flow id")),
    responses(
        (status = 200, body = PublishedOut),
        (status = 404, body = ErrorEnvelope, description = "No such flow or version"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn rollback_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RollbackIn>,
) -> ApiResult<Json<PublishedOut>> {
    let note = note(input.note.as_deref())?
        .unwrap_or_else(|| format!("Rollback to version {}", input.version));
    let old = app
        .store
        .call_flow_version(user.account, id, input.version)
        .await?;
    publish(&app, user.account, id, &old.graph, Some(&note)).await
}
