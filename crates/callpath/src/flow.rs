//! Call flows on live calls: the first answer of a call whose campaign
//! runs a published flow, the carrier's requests at each later step
//! (keys, speech, a timeout, a dialled number's result, a voicemail),
//! and the TwiML of each step. The engine ([`flows::engine`]) decides;
//! this module keeps the call's place in its flow durable (through the
//! call log, before the TwiML goes out) and turns terminals into routing:
//! the campaign's buyers, its auction, a number, a voicemail, a hang-up.
//!
//! Every step answer points the carrier at our flow webhook with the
//! number of the answer it follows (`seq`): a retried request is answered
//! with the stored answer and changes nothing.

use std::sync::Arc;

use bytes::Bytes;
use domain::{AccountId, CallSid};
use flows::Graph;
use flows::engine::{self, Ask, CallFacts, End, Fetch, Fire, Input, Outcome, Run, Step};
use flows::model::{Gather as GatherNode, InputMode, Prompt};
use routing::{Decision, Snapshot};
use serde::{Deserialize, Serialize};
use telephony::twiml;
use telephony::webhook::IncomingCall;

use crate::answer::{SORRY, Urls, fallback_number, recording};
use crate::auction;
use crate::path::{CallPath, LOG_DEADLINE};
use crate::record::{CallState, CallUpdate, FlowRoute, RoutedCall, StatusUpdate, Updated};

/// A flow published and run by a live campaign.
#[derive(Clone, Debug)]
pub struct LiveFlow {
    pub flow_id: i64,
    pub version: i64,
    pub graph: Arc<Graph>,
}

/// What a call keeps of its flow between requests: its place, and the
/// last answer given (for retried requests).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredFlow {
    pub run: Run,
    pub answer: String,
}

impl StoredFlow {
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// What the carrier tells the flow webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowEvent {
    /// The result of a `<Gather>`: keys and/or speech.
    Answer {
        digits: Option<String>,
        speech: Option<String>,
    },
    /// The `<Gather>` ended without input.
    Timeout,
    /// A number dialled by a Dial node: answered (with talk time) or not.
    Dialed {
        answered: bool,
        status: String,
        duration_secs: Option<u32>,
    },
    /// A voicemail was recorded.
    Recorded {
        url: Option<String>,
        sid: Option<String>,
        duration_secs: Option<u32>,
    },
}

/// One request to the flow webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowRequest {
    pub call_sid: CallSid,
    /// The answer the request follows (the `seq` of our URL).
    pub seq: i64,
    pub event: FlowEvent,
}

fn xml(r: &twiml::Response) -> Bytes {
    Bytes::from(r.to_xml())
}

fn hangup() -> twiml::Response {
    twiml::Response::new().with(twiml::Verb::Hangup)
}

/// `<Say>` or `<Play>` of a prompt, `loops` times.
fn prompt_verb(p: &Prompt, loops: u32) -> twiml::Verb {
    let repeat = (loops > 1).then_some(loops);
    match p {
        Prompt::Say {
            text,
            voice,
            language,
        } => twiml::Verb::Say(twiml::Say {
            text: text.clone(),
            voice: voice.clone(),
            language: language.clone(),
            repeat,
        }),
        Prompt::Audio { url } => twiml::Verb::Play(twiml::Play {
            url: url.clone(),
            repeat,
            digits: None,
        }),
    }
}

fn gather_child(p: &Prompt) -> twiml::GatherChild {
    match prompt_verb(p, 1) {
        twiml::Verb::Play(play) => twiml::GatherChild::Play(play),
        twiml::Verb::Say(say) => twiml::GatherChild::Say(say),
        _ => twiml::GatherChild::Pause(twiml::Pause::default()),
    }
}

fn gather_input(g: &GatherNode) -> twiml::GatherInput {
    match g.input {
        InputMode::Dtmf => twiml::GatherInput::Dtmf,
        InputMode::Speech => twiml::GatherInput::Speech,
        InputMode::DtmfSpeech => twiml::GatherInput::DtmfSpeech,
    }
}

/// The step URL for answer `seq`, with an event name.
fn step_url(base: &str, seq: i64, event: Option<&str>) -> String {
    match event {
        Some(e) => format!("{base}?seq={seq}&event={e}"),
        None => format!("{base}?seq={seq}"),
    }
}

/// The TwiML that asks the caller: the prompts played before, then a
/// `<Gather>` posting to our flow webhook, then a `<Redirect>` there when
/// nothing was entered (the carrier falls through to it on a timeout).
pub fn ask_twiml(
    prompts: &[(Prompt, u32)],
    ask: &Ask,
    flow_url: &str,
    seq: i64,
) -> twiml::Response {
    let mut r = twiml::Response::new();
    for (p, loops) in prompts {
        r = r.with(prompt_verb(p, *loops));
    }
    let gather = match ask {
        Ask::Menu(m) => twiml::Gather {
            input: Some(twiml::GatherInput::Dtmf),
            action: Some(step_url(flow_url, seq, None)),
            method: Some(twiml::HttpMethod::Post),
            timeout: Some(m.timeout_secs.clamp(1, 60)),
            num_digits: Some(1),
            children: vec![gather_child(&m.prompt)],
            ..Default::default()
        },
        Ask::Gather(g) => twiml::Gather {
            input: Some(gather_input(g)),
            action: Some(step_url(flow_url, seq, None)),
            method: Some(twiml::HttpMethod::Post),
            timeout: Some(g.timeout_secs.clamp(1, 60)),
            num_digits: (g.min_digits == g.max_digits).then_some(g.max_digits),
            finish_on_key: Some(g.finish_on_key.clone()),
            language: g.speech_language.clone(),
            children: vec![gather_child(&g.prompt)],
            ..Default::default()
        },
    };
    r.with(gather).with(twiml::Redirect {
        url: step_url(flow_url, seq, Some("timeout")),
        method: Some(twiml::HttpMethod::Post),
    })
}

/// The TwiML of a terminal that needs no routing: dial a number (its
/// result posted to our flow webhook), record a voicemail, hang up.
/// `None` for the buyers, the auction and a failure: routing answers.
pub fn terminal_twiml(end: &End, urls: &Urls, run: &Run) -> Option<twiml::Response> {
    let (flow_url, seq) = (&urls.flow, run.seq);
    match end {
        End::Dial { dial, node_id } => {
            // The whisper is played to whoever answers, before the caller
            // is connected: our whisper webhook finds it by call and node.
            let whisper_url = dial.whisper.as_ref().map(|_| {
                let query: String = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("parent", &run.facts.call_sid)
                    .append_pair("node", node_id)
                    .finish();
                format!("{}?{query}", urls.whisper)
            });
            let opts = twiml::DialBuyerOptions {
                timeout: dial.timeout_secs.clamp(5, 120),
                record: dial.record,
                action: Some(step_url(flow_url, seq, Some("dial"))),
                status_callback: Some(urls.status.clone()),
                caller_id: dial.caller_id.clone(),
                whisper_url,
                ..Default::default()
            };
            Some(twiml::dial_buyer(&dial.number, &opts))
        }
        End::Voicemail { voicemail, .. } => {
            let mut r = twiml::Response::new();
            if let Some(p) = &voicemail.prompt {
                r = r.with(prompt_verb(p, 1));
            }
            let record = twiml::Record {
                action: Some(step_url(flow_url, seq, Some("recorded"))),
                method: Some(twiml::HttpMethod::Post),
                max_length: Some(voicemail.max_length_secs.clamp(5, 600)),
                play_beep: Some(voicemail.beep),
                transcribe: voicemail.transcribe.then_some(true),
                finish_on_key: Some("#".into()),
                ..Default::default()
            };
            Some(r.with(record).with(twiml::Verb::Hangup))
        }
        End::Hangup { .. } => Some(hangup()),
        End::RouteToBuyers { .. } | End::RtbAuction { .. } | End::Failed { .. } => None,
    }
}

/// `then`, after the prompts played before it.
pub fn with_prompts(prompts: &[(Prompt, u32)], then: twiml::Response) -> twiml::Response {
    let mut r = twiml::Response::new();
    for (p, loops) in prompts {
        r = r.with(prompt_verb(p, *loops));
    }
    r.verbs.extend(then.verbs);
    r
}

/// The campaign the decision is about, and its facts as the flow sees them.
fn facts_of(call: &IncomingCall, d: &Decision) -> CallFacts {
    CallFacts {
        call_sid: call.call_sid.to_string(),
        caller: call.from.clone(),
        called: call.to.clone(),
        state: call.caller_state.clone(),
        city: call.caller_city.clone(),
        zip: call.caller_zip.clone(),
        campaign_id: d.campaign_id.as_ref().map(|c| c.to_string()),
    }
}

/// The incoming call the auction sees, rebuilt from the flow's facts.
fn incoming_of(facts: &CallFacts) -> routing::IncomingCall {
    routing::IncomingCall {
        call_sid: facts.call_sid.clone().into(),
        to: facts.called.clone(),
        from: facts.caller.clone(),
        caller_state: facts.state.clone(),
        caller_city: facts.city.clone(),
        caller_zip: facts.zip.clone(),
    }
}

impl CallPath {
    /// The flow a call to `to` runs, when one is published: the number's
    /// own flow, else its campaign's. Only calls that reach an active
    /// campaign run a flow (its buyers are where the flow's route ends).
    pub(crate) fn call_flow(
        &self,
        snapshot: &Snapshot,
        d: &Decision,
        to: &str,
    ) -> Option<LiveFlow> {
        let campaign = d
            .campaign_id
            .as_ref()
            .and_then(|id| snapshot.campaigns.get(id))?;
        if campaign.status != domain::CampaignStatus::Active
            || matches!(d.outcome, routing::Outcome::Rejected(_))
        {
            return None;
        }
        let number_flow = snapshot
            .numbers
            .get(to.trim())
            .and_then(|n| n.call_flow_id)
            .and_then(|id| self.live.flow(id));
        number_flow.or_else(|| self.live.flow(campaign.call_flow_id?))
    }

    /// A new call enters its campaign's flow: the first answer and the
    /// record to write (in the flow until it leaves it).
    pub(crate) async fn enter_flow(
        &self,
        call: &IncomingCall,
        account: AccountId,
        mut decision: Decision,
        snapshot: &Snapshot,
        flow: &LiveFlow,
    ) -> (Bytes, RoutedCall) {
        let now = jiff::Timestamp::now();
        let facts = facts_of(call, &decision);
        let (mut run, step) = engine::start(&flow.graph, flow.flow_id, flow.version, facts, now);
        let mut record = crate::path::routed_call(account, call, &decision, None, snapshot);
        record.disposition = "routed".into();
        record.status = "in-progress".into();
        record.dialed_number = None;
        record.ended_at = None;
        record.call_flow_id = Some(flow.flow_id);
        record.flow_version = Some(flow.version);
        let (answer, route) = self
            .answer_step(&mut decision, &flow.graph, &mut run, step, true)
            .await;
        record.decision = routing::stored::encode(&decision);
        if let Some(r) = route {
            record.buyer_id = r.buyer_id;
            record.rtb_target_id = r.rtb_target_id;
            record.dialed_number = r.dialed_number;
            record.buyer_payout_e4 = r.buyer_payout_e4;
            record.payable = r.payable;
            record.is_duplicate = decision.duplicate;
            if r.buyer_id.is_some() || r.rtb_target_id.is_some() {
                record.status = "ringing".into();
            }
        }
        let body = xml(&answer);
        let stored = StoredFlow {
            run,
            answer: answer.to_xml(),
        };
        record.flow_run = serde_json::to_string(&stored).ok();
        (body, record)
    }

    /// What a step answers, and where the call goes when the flow ends:
    /// TwiML that asks the caller, or routes the call.
    async fn answer_step(
        &self,
        decision: &mut Decision,
        graph: &Graph,
        run: &mut Run,
        mut step: Step,
        fresh: bool,
    ) -> (twiml::Response, Option<FlowRoute>) {
        // Lookups are made here, in order, until the flow asks or ends.
        let mut prompts = Vec::new();
        let mut fires = Vec::new();
        let outcome = loop {
            prompts.append(&mut step.prompts);
            fires.append(&mut step.fires);
            match step.outcome {
                Outcome::Fetch(f) => {
                    let result = lookup(self.bidder(), &f, run).await;
                    step = engine::fetched(graph, run, &f.node_id, result, jiff::Timestamp::now());
                }
                Outcome::Script(s) => {
                    let node_id = s.node_id.clone();
                    let result = script(s).await;
                    step = engine::scripted(graph, run, &node_id, result, jiff::Timestamp::now());
                }
                other => break other,
            }
        };
        let step = Step {
            prompts,
            outcome: outcome.clone(),
            fires: Vec::new(),
        };
        self.fire(fires);
        let end = match outcome {
            Outcome::Wait(w) => {
                return (
                    ask_twiml(&step.prompts, &w.ask, &self.urls.flow, run.seq),
                    None,
                );
            }
            Outcome::End(end) => end,
            Outcome::Fetch(_) | Outcome::Script(_) => unreachable_fetch(),
        };
        if let Some(answer) = terminal_twiml(&end, &self.urls, run) {
            let route = match &end {
                End::Dial { dial, .. } => Some(FlowRoute {
                    dialed_number: Some(dial.number.clone()),
                    decision: routing::stored::encode(decision),
                    ..Default::default()
                }),
                _ => None,
            };
            return (with_prompts(&step.prompts, answer), route);
        }
        let (answer, route) = match end {
            End::RtbAuction { .. } => self.flow_to_auction(decision, run, fresh).await,
            End::Failed { reason, .. } => {
                decision.notes.push(format!(
                    "call flow: {reason}; routed to the campaign's buyers"
                ));
                self.flow_to_buyers(decision, fresh)
            }
            _ => self.flow_to_buyers(decision, fresh),
        };
        (with_prompts(&step.prompts, answer), route)
    }

    /// The campaign's buyers take the call (the routing engine, its caps
    /// and failover), else its fallback.
    fn flow_to_buyers(
        &self,
        d: &mut Decision,
        fresh: bool,
    ) -> (twiml::Response, Option<FlowRoute>) {
        let snapshot = self.live.snapshot();
        let now = jiff::Timestamp::now();
        if !fresh {
            d.renew(&snapshot, now);
        }
        if let Some(b) = d.acquire(self.live.counters.as_ref(), now).cloned() {
            let record = recording(&snapshot, d);
            let route = FlowRoute {
                buyer_id: Some(b.buyer_id),
                dialed_number: Some(b.number.clone()),
                buyer_payout_e4: b.payout.0,
                decision: routing::stored::encode(d),
                payable: d.paid,
                ..Default::default()
            };
            return (
                self.urls.dial(&b.number, b.timeout_secs, record),
                Some(route),
            );
        }
        let answer = self.urls.fallback(&snapshot, d);
        let route = FlowRoute {
            dialed_number: fallback_number(&snapshot, d).map(str::to_string),
            decision: routing::stored::encode(d),
            ..Default::default()
        };
        (answer, Some(route))
    }

    /// The campaign's live auction takes the call; when nobody wins, its
    /// RTB fallback decides (the buyers, or the campaign's fallback).
    async fn flow_to_auction(
        &self,
        d: &mut Decision,
        run: &Run,
        fresh: bool,
    ) -> (twiml::Response, Option<FlowRoute>) {
        let campaign_id = d.campaign_id.clone().unwrap_or_default();
        let rtb = self.live.auction(&campaign_id);
        let call = incoming_of(&run.facts);
        let ran = match &rtb {
            Some(rtb) => {
                auction::run(
                    self.bidder(),
                    self.live.counters.as_ref(),
                    &campaign_id,
                    rtb,
                    &call,
                )
                .await
            }
            None => None,
        };
        // The call was written when it came in: its auction is recorded on
        // its own (bids, rejections, the winner), found by the call's sid.
        if let (Some(ran), Some(account)) = (&ran, d.account) {
            let write = self.log().auction(account, ran.record.clone());
            if let Err(e) = crate::path::within(write).await {
                tracing::error!(error = %e, call_sid = %run.facts.call_sid, "could not record the call flow's auction");
            }
        }
        let to_buyers = rtb
            .as_ref()
            .is_none_or(|r| r.fallback == domain::RtbFallback::Buyers);
        match ran.as_ref().and_then(|r| r.won.as_ref()) {
            Some(w) => {
                d.notes.push(format!(
                    "call flow auction: won by {} (target {}) at {}; dialled {}",
                    w.target_name,
                    w.target_id,
                    w.amount.to_decimal_string(2),
                    w.destination
                ));
                let snapshot = self.live.snapshot();
                let timeout = snapshot
                    .campaigns
                    .get(&campaign_id)
                    .map(|c| c.call_timeout_secs)
                    .unwrap_or(30);
                let route = FlowRoute {
                    rtb_target_id: Some(w.target_id),
                    dialed_number: Some(w.destination.clone()),
                    buyer_payout_e4: w.amount.0,
                    decision: routing::stored::encode(d),
                    payable: !d.duplicate,
                    ..Default::default()
                };
                let record = recording(&snapshot, d);
                (self.urls.dial(&w.destination, timeout, record), Some(route))
            }
            None => {
                let why = if rtb.is_none() {
                    "the campaign has no live auction"
                } else {
                    "no bidder took the call"
                };
                if to_buyers {
                    d.notes.push(format!(
                        "call flow auction: {why}; trying the campaign's buyers"
                    ));
                    self.flow_to_buyers(d, fresh)
                } else {
                    d.notes.push(format!("call flow auction: {why}"));
                    let snapshot = self.live.snapshot();
                    let route = FlowRoute {
                        dialed_number: fallback_number(&snapshot, d).map(str::to_string),
                        decision: routing::stored::encode(d),
                        ..Default::default()
                    };
                    (self.urls.fallback(&snapshot, d), Some(route))
                }
            }
        }
    }

    /// Fire tracking pixels in the background (never on the caller's time).
    fn fire(&self, fires: Vec<Fire>) {
        if fires.is_empty() {
            return;
        }
        let Some(client) = self.bidder().cloned() else {
            tracing::warn!("no HTTP client: call flow pixels not fired");
            return;
        };
        for f in fires {
            let client = client.clone();
            tokio::spawn(async move {
                let url = match rtb::ssrf::check_endpoint(&f.url, client.allow_private()).await {
                    Ok(u) => u,
                    Err(e) => {
                        tracing::warn!(node = %f.node_id, error = %e, "call flow pixel refused");
                        metrics::counter!("flow_pixels_total", "result" => "refused").increment(1);
                        return;
                    }
                };
                let method = match f.method {
                    flows::model::HttpMethod::Get => reqwest_method("GET"),
                    flows::model::HttpMethod::Post => reqwest_method("POST"),
                    flows::model::HttpMethod::Put => reqwest_method("PUT"),
                    flows::model::HttpMethod::Patch => reqwest_method("PATCH"),
                };
                let mut req = client
                    .http()
                    .request(method, url)
                    .timeout(std::time::Duration::from_secs(5));
                for (k, v) in &f.headers {
                    req = req.header(k.as_str(), v.as_str());
                }
                let result = match req.send().await {
                    Ok(r) if r.status().is_success() => "ok",
                    Ok(_) => "http_error",
                    Err(_) => "error",
                };
                tracing::info!(node = %f.node_id, result, "call flow pixel fired");
                metrics::counter!("flow_pixels_total", "result" => result).increment(1);
            });
        }
    }

    /// The graph of the version a call runs: the live one, else the store's.
    async fn run_graph(&self, run: &Run) -> Option<Arc<Graph>> {
        if let Some(live) = self.live.flow(run.flow_id)
            && live.version == run.version
        {
            return Some(live.graph);
        }
        let text = tokio::time::timeout(
            LOG_DEADLINE,
            self.log().flow_graph(run.flow_id, run.version),
        )
        .await
        .ok()?
        .ok()??;
        serde_json::from_str::<Graph>(&text).ok().map(Arc::new)
    }

    /// A request to the flow webhook: the next answer of the call's flow,
    /// durable before it is returned; a retried request gets the stored
    /// answer again.
    pub async fn flow_step(&self, req: &FlowRequest) -> Bytes {
        let sid = &req.call_sid;
        self.live.answers.changed(sid);
        let stored = match crate::path::within(self.log().state(sid)).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                tracing::warn!(call_sid = %sid, "flow step for an unknown call");
                return xml(&twiml::say_and_hangup(SORRY));
            }
            Err(e) => {
                tracing::error!(error = %e, call_sid = %sid, "could not read the call for its flow step");
                return xml(&twiml::say_and_hangup(SORRY));
            }
        };
        let Some(mut flow) = stored.flow_run.as_deref().and_then(StoredFlow::parse) else {
            tracing::warn!(call_sid = %sid, "flow step for a call that runs no flow");
            return xml(&hangup());
        };
        if stored.ended_at.is_some() {
            return xml(&hangup());
        }
        if req.seq != stored.flow_seq {
            // A retry of a request already answered (or a stale one).
            return Bytes::from(flow.answer);
        }
        let now = jiff::Timestamp::now();
        let graph = match &req.event {
            FlowEvent::Recorded { .. } => None,
            _ => self.run_graph(&flow.run).await,
        };
        let step = match &req.event {
            FlowEvent::Recorded {
                url,
                sid: rec_sid,
                duration_secs,
            } => {
                let update = StatusUpdate {
                    status: stored.status.clone(),
                    recording_url: url.clone(),
                    recording_sid: rec_sid.clone(),
                    recording_duration: duration_secs.map(i64::from),
                    ..Default::default()
                };
                let change = CallUpdate::Status {
                    sid: sid.clone(),
                    update,
                };
                if let Err(e) = crate::path::within(self.log().change(change)).await {
                    tracing::error!(error = %e, call_sid = %sid, "could not keep the voicemail");
                }
                return xml(&hangup());
            }
            FlowEvent::Dialed {
                answered,
                status,
                duration_secs,
            } => {
                if *answered {
                    self.dialled_talk(&stored, i64::from(duration_secs.unwrap_or(0)))
                        .await;
                    return xml(&hangup());
                }
                let Some(graph) = graph.clone() else {
                    return xml(&hangup());
                };
                let node = flow.run.path.last().map(|v| v.node_id.clone());
                let has_edge = node.as_ref().is_some_and(|n| {
                    graph
                        .edges
                        .iter()
                        .any(|e| &e.source == n && e.source_handle == "noAnswer")
                });
                match node {
                    Some(n) if has_edge => {
                        engine::follow(&graph, &mut flow.run, &n, "noAnswer", now)
                    }
                    _ => {
                        tracing::info!(call_sid = %sid, status, "the flow's number did not answer");
                        return xml(&hangup());
                    }
                }
            }
            FlowEvent::Answer { .. } | FlowEvent::Timeout => {
                let input = match &req.event {
                    FlowEvent::Answer {
                        digits: Some(d), ..
                    } if !d.trim().is_empty() => Input::Digits(d.clone()),
                    FlowEvent::Answer {
                        speech: Some(s), ..
                    } if !s.trim().is_empty() => Input::Speech(s.clone()),
                    _ => Input::Nothing,
                };
                match &graph {
                    Some(graph) => engine::resume(graph, &mut flow.run, input, now),
                    None => {
                        // The version is gone (never expected): the call
                        // leaves the flow for the campaign's buyers.
                        flow.run.seq += 1;
                        flow.run.waiting = None;
                        let end = End::Failed {
                            node_id: None,
                            reason: "the flow's version could not be read".into(),
                        };
                        flow.run.end = Some(end.clone());
                        Step {
                            prompts: Vec::new(),
                            outcome: Outcome::End(end),
                            fires: Vec::new(),
                        }
                    }
                }
            }
        };
        let Some(mut decision) = stored
            .decision
            .as_deref()
            .and_then(|j| routing::stored::decode(j).ok())
        else {
            tracing::error!(call_sid = %sid, "a flow call without its routing decision");
            return xml(&twiml::say_and_hangup(SORRY));
        };
        let walked: Arc<Graph> = graph.unwrap_or_default();
        let (answer, route) = self
            .answer_step(&mut decision, &walked, &mut flow.run, step, false)
            .await;
        let text = answer.to_xml();
        let seq = flow.run.seq;
        let keep = StoredFlow {
            run: flow.run,
            answer: text.clone(),
        };
        let change = CallUpdate::Flow {
            sid: sid.clone(),
            seq,
            run: serde_json::to_string(&keep).unwrap_or_default(),
            route,
        };
        match crate::path::within(self.log().change(change)).await {
            Ok(Updated::Changed(false)) => {
                // Another delivery of this request moved the call first:
                // answer as it did.
                if let Ok(Some(now)) = crate::path::within(self.log().state(sid)).await
                    && let Some(f) = now.flow_run.as_deref().and_then(StoredFlow::parse)
                {
                    return Bytes::from(f.answer);
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, call_sid = %sid, "call flow step not recorded");
                metrics::counter!("flow_steps_not_recorded_total").increment(1);
            }
        }
        metrics::counter!("flow_steps_total").increment(1);
        Bytes::from(text)
    }

    /// What whoever answers a flow's Dial node hears first: the node's
    /// whisper, found by the caller's call and the node (an empty answer
    /// when there is none: the parties are connected at once).
    pub async fn whisper(&self, parent: &str, node: &str) -> Bytes {
        let stored = crate::path::within(self.log().state(parent))
            .await
            .ok()
            .flatten();
        let text = stored
            .and_then(|s| s.flow_run)
            .and_then(|f| StoredFlow::parse(&f))
            .and_then(|f| match f.run.end {
                Some(End::Dial { node_id, dial }) if node_id == node => dial.whisper,
                _ => None,
            });
        let answer = match text {
            Some(t) => twiml::Response::new().with(twiml::Say::new(t)),
            None => twiml::Response::new(),
        };
        xml(&answer)
    }

    /// A number dialled from the flow talked with the caller: its talk
    /// time is kept (no buyer, so no conversion) and the call is over.
    async fn dialled_talk(&self, stored: &CallState, secs: i64) {
        let talk = CallUpdate::FallbackTalk {
            sid: stored.call_sid.clone(),
            secs,
        };
        if let Err(e) = crate::path::within(self.log().change(talk)).await {
            tracing::error!(error = %e, call_sid = %stored.call_sid, "could not record the talk time");
        }
        self.live.counters.release(&stored.call_sid);
    }
}

/// Lookups and scripts are always answered inside the step loop;
/// reaching here would be a bug: the call goes to the buyers.
fn unreachable_fetch() -> End {
    End::Failed {
        node_id: None,
        reason: "a lookup or script was left unanswered".into(),
    }
}

/// Run a custom-logic node's script in the sandbox, on the blocking pool
/// (it may take up to its time limit, which the async workers must not
/// wait out).
pub async fn script(s: flows::sandbox::Script) -> Result<flows::sandbox::Decided, String> {
    let result = tokio::task::spawn_blocking(move || flows::sandbox::run(&s))
        .await
        .unwrap_or_else(|_| Err("the script could not run".into()));
    let outcome = if result.is_ok() { "ok" } else { "failed" };
    metrics::counter!("flow_scripts_total", "result" => outcome).increment(1);
    result
}

/// The largest lookup answer read, bytes.
const LOOKUP_MAX_BYTES: usize = 256 * 1024;

/// Make a lookup node's request (through the bidders' guarded client:
/// request-forgery guard, the node's deadline) and extract its values.
/// POST sends the call's facts and variables as JSON.
pub async fn lookup(
    client: Option<&rtb::RtbClient>,
    f: &Fetch,
    run: &Run,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let client = client.ok_or("no HTTP client is available")?;
    let url = rtb::ssrf::check_endpoint(&f.url, client.allow_private())
        .await
        .map_err(|e| format!("refused: {e}"))?;
    let timeout = std::time::Duration::from_millis(u64::from(f.timeout_ms));
    let req = match f.method {
        flows::model::HttpMethod::Post => client.http().post(url).json(&serde_json::json!({
            "callSid": run.facts.call_sid,
            "caller": run.facts.caller,
            "called": run.facts.called,
            "state": run.facts.state,
            "city": run.facts.city,
            "zip": run.facts.zip,
            "campaignId": run.facts.campaign_id,
            "variables": run.vars,
        })),
        _ => client.http().get(url),
    };
    let fetched = tokio::time::timeout(timeout, async {
        let r = req
            .header("accept", "application/json")
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    "timed out".to_string()
                } else {
                    "could not connect".to_string()
                }
            })?;
        if !r.status().is_success() {
            return Err(format!("HTTP {}", r.status().as_u16()));
        }
        let body = r
            .bytes()
            .await
            .map_err(|_| "the answer broke off".to_string())?;
        if body.len() > LOOKUP_MAX_BYTES {
            return Err(format!(
                "the answer is over {} KiB",
                LOOKUP_MAX_BYTES / 1024
            ));
        }
        serde_json::from_slice::<serde_json::Value>(&body)
            .map_err(|_| "the answer is not JSON".to_string())
    })
    .await
    .unwrap_or_else(|_| Err("timed out".into()));
    let result = fetched.map(|doc| {
        f.extract
            .iter()
            .filter_map(|(name, path)| Some((name.clone(), engine::json_path(&doc, path)?)))
            .collect()
    });
    let outcome = if result.is_ok() { "ok" } else { "failed" };
    metrics::counter!("flow_lookups_total", "result" => outcome).increment(1);
    result
}

fn reqwest_method(name: &str) -> reqwest::Method {
    reqwest::Method::from_bytes(name.as_bytes()).unwrap_or(reqwest::Method::GET)
}
