//! `POST /api/call-flows/{id}/simulate`: a scripted caller walks a flow
//! (the draft, a graph being edited, or a published version) through the
//! same engine live calls run. Each step shows the TwiML a live call
//! would be answered with and the variables; no call is placed, no
//! counter is taken and nothing is written.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use callpath::flow::{ask_twiml, terminal_twiml, with_prompts};
use flows::Graph;
use flows::engine::{self, CallFacts, End, Input, Outcome, Run, Step};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use telephony::twiml;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::call_flows::ProblemOut;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};

/// Caller inputs a simulation takes at most.
const MAX_INPUTS: usize = 50;

/// Who calls, as the carrier would describe them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowSimCallerIn {
    #[schema(example = "+13055550100")]
    pub number: Option<String>,
    #[schema(example = "FL")]
    pub state: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
}

/// One answer of the caller: keys, speech, or nothing (`{}`: the prompt
/// times out).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowSimInputIn {
    #[schema(example = "1")]
    pub digits: Option<String>,
    pub speech: Option<String>,
}

/// A simulated call.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowSimulateIn {
    /// The graph to walk (as being edited); the saved draft when absent.
    #[schema(value_type = Option<Object>)]
    pub graph: Option<Value>,
    /// A published version to walk instead of the draft.
    pub version: Option<i64>,
    pub caller: Option<FlowSimCallerIn>,
    /// When the call happens (RFC 3339); now when absent.
    #[schema(example = "2026-12-07T15:00:00Z")]
    pub at: Option<String>,
    /// The caller's answers, in order (at most 50).
    #[serde(default)]
    pub inputs: Vec<FlowSimInputIn>,
}

/// One node the simulated call passed through.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowSimStepOut {
    pub node_id: String,
    pub node_type: String,
    /// The output it left by.
    pub output: Option<String>,
    pub edge_id: Option<String>,
    /// What the caller answered here (`""`: nothing).
    pub input: Option<String>,
    /// The TwiML a live call gets here (where the flow asks or ends).
    pub twiml: Option<String>,
    /// The flow's variables after this node.
    pub variables: BTreeMap<String, String>,
    pub note: Option<String>,
}

/// Where the simulated call left the flow.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowSimEndOut {
    /// routeToBuyers, rtbAuction, dial, voicemail, hangup, waiting (the
    /// inputs ran out while the flow asks) or error.
    pub kind: String,
    pub node_id: Option<String>,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowSimulationOut {
    pub steps: Vec<FlowSimStepOut>,
    pub end: FlowSimEndOut,
    pub variables: BTreeMap<String, String>,
    /// Inputs left unused when the flow ended.
    pub unused_inputs: usize,
    /// What keeps the walked graph from being published.
    pub problems: Vec<ProblemOut>,
}

fn checked(field: &str, v: Option<String>, max: usize) -> ApiResult<Option<String>> {
    domain::validate::optional_text(v.as_deref(), max).map_err(|r| ApiError::validation(field, r))
}

fn input_of(i: FlowSimInputIn, at: usize) -> ApiResult<Input> {
    let digits = checked(&format!("inputs[{at}].digits"), i.digits, 50)?;
    let speech = checked(&format!("inputs[{at}].speech"), i.speech, 500)?;
    if let Some(d) = &digits
        && !d.chars().all(|c| "0123456789*#".contains(c))
    {
        return Err(ApiError::validation(
            &format!("inputs[{at}].digits"),
            "may hold only 0-9, * and #",
        ));
    }
    Ok(match (digits, speech) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                &format!("inputs[{at}]"),
                "give digits or speech, not both",
            ));
        }
        (Some(d), None) => Input::Digits(d),
        (None, Some(s)) => Input::Speech(s),
        (None, None) => Input::Nothing,
    })
}

/// Walk a flow with a scripted caller.
#[utoipa::path(post, path = "/api/call-flows/{id}/simulate", tag = "call-flows", request_body = FlowSimulateIn,
    params(("id" = i64, Path, description = "Call flow id")),
    responses(
        (status = 200, body = FlowSimulationOut),
        (status = 404, body = ErrorEnvelope, description = "No such flow or version"),
        (status = 422, body = ErrorEnvelope),
    ))]
pub async fn simulate_flow(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<FlowSimulateIn>,
) -> ApiResult<Json<FlowSimulationOut>> {
    let row = app.store.call_flow(user.account, id).await?;
    let graph: Graph = match (input.graph, input.version) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "version",
                "give a graph or a version, not both",
            ));
        }
        (Some(v), None) => serde_json::from_value(v)
            .map_err(|e| ApiError::validation("graph", format!("is not a flow graph: {e}")))?,
        (None, Some(version)) => {
            let v = app
                .store
                .call_flow_version(user.account, id, version)
                .await?;
            serde_json::from_str(&v.graph).unwrap_or_default()
        }
        (None, None) => serde_json::from_str(&row.draft).unwrap_or_default(),
    };
    if input.inputs.len() > MAX_INPUTS {
        return Err(ApiError::validation(
            "inputs",
            format!("at most {MAX_INPUTS} inputs"),
        ));
    }
    let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => jiff::Timestamp::now(),
        Some(text) => text.parse::<jiff::Timestamp>().map_err(|_| {
            ApiError::validation("at", "must be a time in RFC 3339 (2026-12-07T15:00:00Z)")
        })?,
    };
    let caller = input.caller.unwrap_or_default();
    let facts = CallFacts {
        call_sid: format!("SIMULATED{id}"),
        caller: checked("caller.number", caller.number, 32)?.unwrap_or_default(),
        called: String::new(),
        state: checked("caller.state", caller.state, 64)?,
        city: checked("caller.city", caller.city, 100)?,
        zip: checked("caller.zip", caller.zip, 16)?,
        campaign_id: None,
    };
    let mut inputs = Vec::with_capacity(input.inputs.len());
    for (i, x) in input.inputs.into_iter().enumerate() {
        inputs.push(input_of(x, i)?);
    }
    let urls = app.calls.urls();
    let client = app.calls.bidder();
    Ok(Json(walk(&graph, facts, at, inputs, urls, client).await))
}

/// What one request answered, kept for the visit that answered it.
struct Answered {
    twiml: Option<String>,
    variables: BTreeMap<String, String>,
}

async fn walk(
    graph: &Graph,
    facts: CallFacts,
    at: jiff::Timestamp,
    inputs: Vec<Input>,
    urls: &callpath::Urls,
    client: Option<&rtb::RtbClient>,
) -> FlowSimulationOut {
    let problems = flows::validate(graph)
        .into_iter()
        .map(ProblemOut::from)
        .collect();
    let mut answered: BTreeMap<usize, Answered> = BTreeMap::new();
    let note = |run: &Run, step: &Step, answered: &mut BTreeMap<usize, Answered>| {
        let twiml = match &step.outcome {
            Outcome::Wait(w) => Some(ask_twiml(&step.prompts, &w.ask, &urls.flow, run.seq)),
            Outcome::End(end) => terminal_twiml(end, urls, run)
                .map(|t| with_prompts(&step.prompts, t))
                .or_else(|| {
                    (!step.prompts.is_empty())
                        .then(|| with_prompts(&step.prompts, twiml::Response::new()))
                }),
            // Made at once, in the same request: nothing is answered here.
            Outcome::Fetch(_) | Outcome::Script(_) => None,
        };
        if let Some(last) = run.path.len().checked_sub(1) {
            answered.insert(
                last,
                Answered {
                    twiml: twiml.map(|t| t.to_xml()),
                    variables: run.vars.clone(),
                },
            );
        }
    };
    let (mut run, mut step) = engine::start(graph, 0, 0, facts, at);
    note(&run, &step, &mut answered);
    let mut left = inputs.into_iter();
    let mut unused = 0;
    let end = loop {
        match &step.outcome {
            Outcome::Fetch(_) | Outcome::Script(_) => {
                // Lookups are made for real (through the request-forgery
                // guard) and scripts run in the sandbox, as on a live call;
                // prompts before one are played with the next answer.
                let mut carried = std::mem::take(&mut step.prompts);
                step = match step.outcome.clone() {
                    Outcome::Fetch(f) => {
                        let result = callpath::flow::lookup(client, &f, &run).await;
                        engine::fetched(graph, &mut run, &f.node_id, result, at)
                    }
                    Outcome::Script(s) => {
                        let node = s.node_id.clone();
                        let result = callpath::flow::script(s).await;
                        engine::scripted(graph, &mut run, &node, result, at)
                    }
                    Outcome::Wait(_) | Outcome::End(_) => step,
                };
                carried.append(&mut step.prompts);
                step.prompts = carried;
                note(&run, &step, &mut answered);
            }
            Outcome::End(end) => {
                unused = left.len();
                break end_out(end);
            }
            Outcome::Wait(w) => {
                if run.path.len() + engine::MAX_NODES_PER_STEP >= engine::MAX_PATH {
                    break FlowSimEndOut {
                        kind: "error".into(),
                        node_id: Some(w.node_id.clone()),
                        message: "the simulation stopped: the call passed too many nodes".into(),
                    };
                }
                let Some(input) = left.next() else {
                    break FlowSimEndOut {
                        kind: "waiting".into(),
                        node_id: Some(w.node_id.clone()),
                        message: "the flow waits for the caller: add an input to go on".into(),
                    };
                };
                step = engine::resume(graph, &mut run, input, at);
                note(&run, &step, &mut answered);
            }
        }
    };
    let mut vars = BTreeMap::new();
    let steps = run
        .path
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let a = answered.remove(&i);
            if let Some(a) = &a {
                vars = a.variables.clone();
            }
            FlowSimStepOut {
                node_id: v.node_id.clone(),
                node_type: v.node_type.clone(),
                output: v.output.clone(),
                edge_id: v.edge_id.clone(),
                input: v.input.clone(),
                twiml: a.and_then(|a| a.twiml),
                variables: vars.clone(),
                note: v.note.clone(),
            }
        })
        .collect();
    FlowSimulationOut {
        steps,
        end,
        variables: run.vars,
        unused_inputs: unused,
        problems,
    }
}

fn end_out(end: &End) -> FlowSimEndOut {
    let (node_id, message) = match end {
        End::RouteToBuyers { node_id } => (
            Some(node_id.clone()),
            "the call goes to the campaign's buyers (routing picks one by priority, caps and hours)"
                .to_string(),
        ),
        End::RtbAuction { node_id } => (
            Some(node_id.clone()),
            "the call is auctioned to the campaign's bidders".to_string(),
        ),
        End::Dial { node_id, dial } => (Some(node_id.clone()), format!("dials {}", dial.number)),
        End::Voicemail { node_id, .. } => (
            Some(node_id.clone()),
            "the caller leaves a voicemail".to_string(),
        ),
        End::Hangup { node_id } => (Some(node_id.clone()), "the call ends".to_string()),
        End::Failed { node_id, reason } => (
            node_id.clone(),
            format!("{reason}; a live call goes to the campaign's buyers"),
        ),
    };
    FlowSimEndOut {
        kind: if matches!(end, End::Failed { .. }) {
            "error".into()
        } else {
            end.kind().into()
        },
        node_id,
        message,
    }
}
