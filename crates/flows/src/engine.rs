//! Running a published flow on a call, one carrier request at a time.
//!
//! [`start`] walks a new call from the Start node; [`resume`] takes the
//! caller's answer (keys, speech, or nothing) at the node that waited for
//! it. Both walk on through the nodes that decide without the caller
//! (plays, business hours, routers, splitters, pixels) until the flow
//! waits for the caller again ([`Outcome::Wait`]) or ends at a terminal
//! ([`Outcome::End`]). Pure: the time, the call's facts and the caller's
//! input come in; what to say, what to fire and where the call goes come
//! out, and the [`Run`] (the call's place in its flow) is what the live
//! path keeps between requests. Splits are decided by a stable hash of the
//! call (or of the caller, for "same caller, same branch"), so a retried
//! request takes the same branch.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{
    Condition, Dial, Gather, Graph, HttpMethod, InputMode, Menu, Node, NodeKind, Operand, Operator,
    Prompt, Voicemail,
};
use crate::sandbox::{Decided, Script};

/// Nodes walked in one request at most: a flow that would walk further
/// without the caller (a loop the publishing rules should have refused)
/// ends in its failure route instead of spinning.
pub const MAX_NODES_PER_STEP: usize = 64;
/// Nodes kept in a call's path at most.
pub const MAX_PATH: usize = 200;

/// What the flow knows of the call.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallFacts {
    pub call_sid: String,
    /// The caller's number (E.164 when the carrier gave one).
    pub caller: String,
    /// The number called.
    pub called: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
}

/// One node a call passed through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    pub node_id: String,
    pub node_type: String,
    /// The output the call left by (none: it waits here, or ended here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The edge it left by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_id: Option<String>,
    /// What the caller answered here (keys or speech; `""` for nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// When the call reached the node, and when it left (epoch ms).
    pub entered_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_ms: Option<i64>,
    /// Why it left the way it did, in words (a failure, a retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A call's place in its flow: what the live path keeps between the
/// carrier's requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub flow_id: i64,
    /// The published version the call runs (the one live when it started).
    pub version: i64,
    /// Answers given so far; each request that moves the call names the
    /// answer it follows, so a retried request is recognised.
    pub seq: i64,
    /// The node waiting for the caller, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<String>,
    /// Prompts repeated at the waiting node so far.
    #[serde(default)]
    pub retries: u32,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    #[serde(default)]
    pub path: Vec<Visit>,
    /// Times each pixel node fired.
    #[serde(default)]
    pub fired: BTreeMap<String, u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<End>,
    pub facts: CallFacts,
}

/// What the caller did at a waiting node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Digits(String),
    Speech(String),
    /// Nothing before the timeout.
    Nothing,
}

impl Input {
    fn text(&self) -> String {
        match self {
            Input::Digits(d) => d.clone(),
            Input::Speech(s) => s.clone(),
            Input::Nothing => String::new(),
        }
    }
}

/// Where the call leaves the flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum End {
    /// The campaign's buyers, through the routing engine.
    RouteToBuyers {
        node_id: String,
    },
    /// The campaign's live auction.
    RtbAuction {
        node_id: String,
    },
    Dial {
        node_id: String,
        dial: Dial,
    },
    Voicemail {
        node_id: String,
        voicemail: Voicemail,
    },
    Hangup {
        node_id: String,
    },
    /// The flow could not go on (a missing connection, a node that cannot
    /// run): the call takes the campaign's buyers, as without a flow.
    Failed {
        node_id: Option<String>,
        reason: String,
    },
}

impl End {
    /// The terminal's type name (`failed` for a failure).
    pub fn kind(&self) -> &'static str {
        match self {
            End::RouteToBuyers { .. } => "routeToBuyers",
            End::RtbAuction { .. } => "rtbAuction",
            End::Dial { .. } => "dial",
            End::Voicemail { .. } => "voicemail",
            End::Hangup { .. } => "hangup",
            End::Failed { .. } => "failed",
        }
    }
}

/// A node that asks the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    Menu(Menu),
    Gather(Gather),
}

impl Ask {
    pub fn prompt(&self) -> &Prompt {
        match self {
            Ask::Menu(m) => &m.prompt,
            Ask::Gather(g) => &g.prompt,
        }
    }
}

/// The flow waits for the caller at `node_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub node_id: String,
    pub ask: Ask,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Wait(Wait),
    End(End),
    /// A lookup node needs an HTTP answer: the caller performs `Fetch`
    /// and goes on with [`fetched`].
    Fetch(Fetch),
    /// A custom-logic node's script must run: the caller runs it in the
    /// sandbox ([`crate::sandbox::run`], off the async workers) and goes on
    /// with [`scripted`].
    Script(Script),
}

/// An HTTP request a lookup node makes (its URL's tokens filled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetch {
    pub node_id: String,
    pub url: String,
    pub method: HttpMethod,
    pub timeout_ms: u32,
    /// Variable name -> path into the JSON answer.
    pub extract: BTreeMap<String, String>,
}

/// A pixel to fire in the background.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fire {
    pub node_id: String,
    pub url: String,
    pub method: HttpMethod,
    pub headers: BTreeMap<String, String>,
}

/// What one request answers: prompts to play first (in order, with their
/// loop counts), then the wait or the end; and pixels to fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub prompts: Vec<(Prompt, u32)>,
    pub outcome: Outcome,
    pub fires: Vec<Fire>,
}

/// A new call enters the flow at its Start node.
pub fn start(
    graph: &Graph,
    flow_id: i64,
    version: i64,
    facts: CallFacts,
    now: Timestamp,
) -> (Run, Step) {
    let mut run = Run {
        flow_id,
        version,
        facts,
        ..Default::default()
    };
    let mut walk = Walk::new(graph, now);
    let first = graph
        .nodes
        .iter()
        .find(|n| matches!(n.kind, NodeKind::Start))
        .map(|n| n.id.clone());
    let step = match first {
        Some(id) => walk.from(&mut run, id),
        None => walk.failed(&mut run, None, "the flow has no start node"),
    };
    run.seq = 1;
    (run, step)
}

/// The caller answered (or did not) at the node the run waits at.
pub fn resume(graph: &Graph, run: &mut Run, input: Input, now: Timestamp) -> Step {
    let mut walk = Walk::new(graph, now);
    run.seq += 1;
    let Some(at) = run.waiting.take() else {
        let reason = "the call is not waiting for the caller";
        return walk.failed(run, None, reason);
    };
    let Some(node) = graph.nodes.iter().find(|n| n.id == at) else {
        return walk.failed(run, Some(at), "the node the call waited at is gone");
    };
    let ask = match &node.kind {
        NodeKind::Menu(m) => Ask::Menu(m.clone()),
        NodeKind::Gather(g) => Ask::Gather(g.clone()),
        _ => return walk.failed(run, Some(at), "the call waited at a node that asks nothing"),
    };
    let answer = match &ask {
        Ask::Menu(m) => menu_answer(m, &input),
        Ask::Gather(g) => gather_answer(g, &input),
    };
    if let Some(v) = run.path.last_mut().filter(|v| v.node_id == at) {
        v.input = Some(input.text());
    }
    let (output, value) = match answer {
        Answer::Take(output, value) => (output, value),
        Answer::Retry(output) => {
            let retries = match &ask {
                Ask::Menu(m) => m.retries,
                Ask::Gather(g) => g.retries,
            };
            if run.retries < retries {
                run.retries += 1;
                let mut prompts = Vec::new();
                if let Ask::Menu(m) = &ask
                    && output == "invalid"
                    && let Some(msg) = &m.invalid_message
                {
                    prompts.push((say(msg), 1));
                }
                if let Some(v) = run.path.last_mut() {
                    v.note = Some(format!("{output}; asked again ({}/{retries})", run.retries));
                }
                run.waiting = Some(at.clone());
                return Step {
                    prompts,
                    outcome: Outcome::Wait(Wait { node_id: at, ask }),
                    fires: Vec::new(),
                };
            }
            (output, None)
        }
    };
    if let (Ask::Gather(g), Some(value)) = (&ask, value) {
        run.vars.insert(g.variable.clone(), value);
    }
    run.retries = 0;
    walk.go_on(run, &at, &output)
}

/// The call leaves node `node_id` by `output` (a number the flow dialled
/// did not answer: `noAnswer`) and walks on.
pub fn follow(graph: &Graph, run: &mut Run, node_id: &str, output: &str, now: Timestamp) -> Step {
    let mut walk = Walk::new(graph, now);
    run.seq += 1;
    run.end = None;
    run.waiting = None;
    walk.go_on(run, node_id, output)
}

/// The answer of a lookup's request: the values extracted (success) or
/// why it failed; the call leaves the lookup node by `success` or
/// `failure` and walks on.
pub fn fetched(
    graph: &Graph,
    run: &mut Run,
    node_id: &str,
    result: Result<BTreeMap<String, String>, String>,
    now: Timestamp,
) -> Step {
    let mut walk = Walk::new(graph, now);
    let output = match result {
        Ok(values) => {
            run.vars.extend(values);
            "success"
        }
        Err(why) => {
            note_at(run, node_id, why);
            "failure"
        }
    };
    walk.go_on(run, node_id, output)
}

/// What a custom-logic node's script decided (or why it failed: the call
/// leaves by `error`); the call walks on.
pub fn scripted(
    graph: &Graph,
    run: &mut Run,
    node_id: &str,
    result: Result<Decided, String>,
    now: Timestamp,
) -> Step {
    let mut walk = Walk::new(graph, now);
    let output = match result {
        Ok(decided) => {
            run.vars.extend(decided.vars);
            decided.output
        }
        Err(why) => {
            note_at(run, node_id, why);
            "error".to_string()
        }
    };
    walk.go_on(run, node_id, &output)
}

/// Keep why the call left `node_id` the way it did on its visit there.
fn note_at(run: &mut Run, node_id: &str, why: String) {
    if let Some(v) = run.path.last_mut().filter(|v| v.node_id == node_id) {
        v.note = Some(why);
    }
}

/// The value at `path` in a JSON document, as text: `$.a.b[0].c` (the
/// leading `$.` optional). Strings as they are, numbers and booleans as
/// written; objects, arrays and null are not values.
pub fn json_path(doc: &serde_json::Value, path: &str) -> Option<String> {
    let path = path.trim();
    let path = path.strip_prefix('$').unwrap_or(path);
    let mut at = doc;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            at = at.get(key)?;
        }
        while let Some(open) = rest.strip_prefix('[') {
            let close = open.find(']')?;
            let index: usize = open[..close].trim().parse().ok()?;
            at = at.get(index)?;
            rest = &open[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    match at {
        serde_json::Value::String(s) => Some(s.chars().take(500).collect()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn say(text: &str) -> Prompt {
    Prompt::Say {
        text: text.to_string(),
        voice: None,
        language: None,
    }
}

enum Answer {
    /// Leave by this output (setting the gathered value).
    Take(String, Option<String>),
    /// Not usable: ask again if retries are left, else leave by it.
    Retry(String),
}

fn menu_answer(m: &Menu, input: &Input) -> Answer {
    match input {
        Input::Nothing => Answer::Retry("timeout".into()),
        Input::Speech(_) => Answer::Retry("invalid".into()),
        Input::Digits(d) => {
            let key: String = d.trim().chars().take(1).collect();
            if !key.is_empty() && m.keys.contains(&key) {
                Answer::Take(key, None)
            } else if key.is_empty() {
                Answer::Retry("timeout".into())
            } else {
                Answer::Retry("invalid".into())
            }
        }
    }
}

fn gather_answer(g: &Gather, input: &Input) -> Answer {
    match input {
        Input::Nothing => Answer::Retry("timeout".into()),
        Input::Speech(s) => {
            let s = s.trim();
            if g.input == InputMode::Dtmf {
                Answer::Retry("invalid".into())
            } else if s.is_empty() {
                Answer::Retry("timeout".into())
            } else {
                Answer::Take("success".into(), Some(s.chars().take(500).collect()))
            }
        }
        Input::Digits(d) => {
            let mut digits = d.trim().to_string();
            if !g.finish_on_key.is_empty() && digits.ends_with(g.finish_on_key.as_str()) {
                digits.truncate(digits.len() - g.finish_on_key.len());
            }
            let n = digits.chars().count() as u32;
            let allowed = |c: char| {
                if g.valid_digits.is_empty() {
                    "0123456789*#".contains(c)
                } else {
                    g.valid_digits.contains(c)
                }
            };
            if n == 0 {
                Answer::Retry("timeout".into())
            } else if g.input == InputMode::Speech
                || n < g.min_digits
                || n > g.max_digits
                || !digits.chars().all(allowed)
            {
                Answer::Retry("invalid".into())
            } else {
                Answer::Take("success".into(), Some(digits))
            }
        }
    }
}

/// One request's walk through the graph.
struct Walk<'g> {
    graph: &'g Graph,
    now: Timestamp,
    now_ms: i64,
    prompts: Vec<(Prompt, u32)>,
    fires: Vec<Fire>,
}

impl<'g> Walk<'g> {
    fn new(graph: &'g Graph, now: Timestamp) -> Self {
        Self {
            graph,
            now,
            now_ms: now.as_millisecond(),
            prompts: Vec::new(),
            fires: Vec::new(),
        }
    }

    fn node(&self, id: &str) -> Option<&'g Node> {
        self.graph.nodes.iter().find(|n| n.id == id)
    }

    /// Close the current visit of `at` by `output`; the node it leads to.
    fn leave(&self, run: &mut Run, at: &str, output: &str) -> Result<String, String> {
        let edge = self
            .graph
            .edges
            .iter()
            .find(|e| e.source == at && e.source_handle == output);
        if let Some(v) = run.path.last_mut().filter(|v| v.node_id == at) {
            v.output = Some(output.to_string());
            v.edge_id = edge.map(|e| e.id.clone());
            v.left_ms = Some(self.now_ms);
        }
        edge.map(|e| e.target.clone())
            .ok_or_else(|| format!("output {output:?} of node {at:?} is not connected"))
    }

    fn enter(&self, run: &mut Run, node: &Node) {
        if run.path.len() >= MAX_PATH {
            run.path.remove(0);
        }
        run.path.push(Visit {
            node_id: node.id.clone(),
            node_type: node.kind.name().to_string(),
            entered_ms: self.now_ms,
            ..Default::default()
        });
    }

    /// The call leaves `at` by `output` and walks on from where that leads.
    fn go_on(&mut self, run: &mut Run, at: &str, output: &str) -> Step {
        match self.leave(run, at, output) {
            Ok(next) => self.from(run, next),
            Err(reason) => self.failed(run, Some(at.to_string()), &reason),
        }
    }

    fn done(&mut self, outcome: Outcome) -> Step {
        Step {
            prompts: std::mem::take(&mut self.prompts),
            outcome,
            fires: std::mem::take(&mut self.fires),
        }
    }

    fn failed(&mut self, run: &mut Run, node_id: Option<String>, reason: &str) -> Step {
        if let Some(v) = run.path.last_mut() {
            v.note = Some(reason.to_string());
            v.left_ms.get_or_insert(self.now_ms);
        }
        let end = End::Failed {
            node_id,
            reason: reason.to_string(),
        };
        run.end = Some(end.clone());
        run.waiting = None;
        self.done(Outcome::End(end))
    }

    fn end(&mut self, run: &mut Run, end: End) -> Step {
        if let Some(v) = run.path.last_mut() {
            v.left_ms = Some(self.now_ms);
        }
        run.end = Some(end.clone());
        self.done(Outcome::End(end))
    }

    /// Walk from node `id` until the caller is asked or the flow ends.
    fn from(&mut self, run: &mut Run, mut id: String) -> Step {
        for _ in 0..MAX_NODES_PER_STEP {
            let Some(node) = self.node(&id) else {
                return self.failed(
                    run,
                    Some(id.clone()),
                    "a connection leads to a missing node",
                );
            };
            self.enter(run, node);
            let output: String = match &node.kind {
                NodeKind::Start => "next".into(),
                NodeKind::Play(p) => {
                    self.prompts.push((p.prompt.clone(), p.loops.clamp(1, 10)));
                    "next".into()
                }
                NodeKind::Menu(m) => {
                    run.waiting = Some(id.clone());
                    run.retries = 0;
                    let ask = Ask::Menu(m.clone());
                    return self.done(Outcome::Wait(Wait { node_id: id, ask }));
                }
                NodeKind::Gather(g) => {
                    run.waiting = Some(id.clone());
                    run.retries = 0;
                    let ask = Ask::Gather(g.clone());
                    return self.done(Outcome::Wait(Wait { node_id: id, ask }));
                }
                NodeKind::BusinessHours(b) => match domain::schedule::parse_time_zone(&b.time_zone)
                {
                    Ok(tz) if b.schedule.is_holiday(&tz, self.now) => "holiday".into(),
                    Ok(tz) if b.schedule.is_open(&tz, self.now) => "open".into(),
                    Ok(_) => "closed".into(),
                    Err(e) => return self.failed(run, Some(id.clone()), &e),
                },
                NodeKind::Router(r) => {
                    let tz = r
                        .time_zone
                        .as_deref()
                        .and_then(|z| domain::schedule::parse_time_zone(z).ok())
                        .unwrap_or(jiff::tz::TimeZone::UTC);
                    let minute = {
                        let local = self.now.to_zoned(tz);
                        i64::from(local.hour()) * 60 + i64::from(local.minute())
                    };
                    r.routes
                        .iter()
                        .find(|route| {
                            route
                                .conditions
                                .iter()
                                .all(|c| holds(c, &run.facts, &run.vars, minute))
                        })
                        .map(|route| route.name.clone())
                        .unwrap_or_else(|| "default".into())
                }
                NodeKind::Splitter(s) => {
                    let key = if s.sticky {
                        format!("{}\u{1f}{}", s.test_name, run.facts.caller)
                    } else {
                        format!("{}\u{1f}{}", id, run.facts.call_sid)
                    };
                    let roll = (fnv1a(key.as_bytes()) % 100) as u32;
                    let mut total = 0;
                    s.branches
                        .iter()
                        .find(|b| {
                            total += b.weight;
                            roll < total
                        })
                        .or(s.branches.last())
                        .map(|b| b.name.clone())
                        .unwrap_or_default()
                }
                NodeKind::TrackingPixel(p) => {
                    let fired = run.fired.entry(id.clone()).or_insert(0);
                    if *fired < p.max_fires {
                        *fired += 1;
                        self.fires.push(Fire {
                            node_id: id.clone(),
                            url: fill_tokens(&p.url, &run.facts, &run.vars),
                            method: p.method,
                            headers: p.headers.clone(),
                        });
                    }
                    "next".into()
                }
                NodeKind::CustomLogic(l) => {
                    let script = Script {
                        node_id: id.clone(),
                        source: l.script.clone(),
                        outputs: l.outputs.clone(),
                        sets: l.sets.clone(),
                        call: run.facts.clone(),
                        vars: run.vars.clone(),
                        now_ms: self.now_ms,
                    };
                    return self.done(Outcome::Script(script));
                }
                NodeKind::Lookup(l) => {
                    let fetch = Fetch {
                        node_id: id.clone(),
                        url: fill_tokens(&l.url, &run.facts, &run.vars),
                        method: l.method,
                        timeout_ms: l.timeout_ms.clamp(100, 5000),
                        extract: l.extract.clone(),
                    };
                    return self.done(Outcome::Fetch(fetch));
                }
                NodeKind::RouteToBuyers => {
                    let node_id = id.clone();
                    return self.end(run, End::RouteToBuyers { node_id });
                }
                NodeKind::RtbAuction => {
                    let node_id = id.clone();
                    return self.end(run, End::RtbAuction { node_id });
                }
                NodeKind::Dial(d) => {
                    let (node_id, dial) = (id.clone(), d.clone());
                    return self.end(run, End::Dial { node_id, dial });
                }
                NodeKind::Voicemail(v) => {
                    let (node_id, voicemail) = (id.clone(), v.clone());
                    return self.end(run, End::Voicemail { node_id, voicemail });
                }
                NodeKind::Hangup => {
                    let node_id = id.clone();
                    return self.end(run, End::Hangup { node_id });
                }
                NodeKind::GoTo(g) => {
                    if let Some(v) = run.path.last_mut() {
                        v.left_ms = Some(self.now_ms);
                    }
                    id = g.target.clone();
                    continue;
                }
            };
            match self.leave(run, &id, &output) {
                Ok(next) => id = next,
                Err(reason) => return self.failed(run, Some(id.clone()), &reason),
            }
        }
        self.failed(
            run,
            Some(id),
            "the flow walked too many nodes without the caller",
        )
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across builds.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The area code of a North American number (`+1NXX…`).
fn area_code(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if digits.len() == 11 && digits.starts_with('1') {
        &digits[1..]
    } else if digits.len() == 10 {
        &digits[..]
    } else {
        return None;
    };
    Some(national[..3].to_string())
}

/// The value a condition reads (none: the call has none).
fn operand_value(
    op: &Operand,
    facts: &CallFacts,
    vars: &BTreeMap<String, String>,
    minute: i64,
) -> Option<String> {
    let some = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    match op {
        Operand::CallerNumber => Some(facts.caller.clone()).filter(|s| !s.is_empty()),
        Operand::AreaCode => area_code(&facts.caller),
        Operand::State => some(&facts.state),
        Operand::City => some(&facts.city),
        Operand::Zip => some(&facts.zip),
        Operand::TimeOfDay => Some(format!("{:02}:{:02}", minute / 60, minute % 60)),
        Operand::Variable(name) => vars.get(name).cloned().filter(|s| !s.is_empty()),
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn number(op: &Operand, v: &str) -> Option<f64> {
    if *op == Operand::TimeOfDay {
        let (h, m) = v.split_once(':')?;
        return Some(f64::from(
            h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?,
        ));
    }
    v.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Whether a router condition holds. Text compares without case and
/// surrounding spaces; `greaterThan`/`lessThan` compare numbers (times of
/// day as minutes). A value the call does not have satisfies only the
/// negative operators.
pub fn holds(
    c: &Condition,
    facts: &CallFacts,
    vars: &BTreeMap<String, String>,
    minute: i64,
) -> bool {
    let value = operand_value(&c.operand, facts, vars, minute);
    let first = c.values.first().map(String::as_str).unwrap_or("");
    let positive = |v: &str| -> bool {
        let (v_l, f_l) = (v.trim().to_lowercase(), first.trim().to_lowercase());
        match c.operator {
            Operator::Equals | Operator::NotEquals => same(v, first),
            Operator::OneOf | Operator::NotOneOf => c.values.iter().any(|x| same(v, x)),
            Operator::BeginsWith | Operator::NotBeginsWith => v_l.starts_with(&f_l),
            Operator::Contains | Operator::NotContains => v_l.contains(&f_l),
            Operator::Exists | Operator::NotExists => true,
            Operator::GreaterThan => {
                matches!((number(&c.operand, v), number(&c.operand, first)), (Some(a), Some(b)) if a > b)
            }
            Operator::LessThan => {
                matches!((number(&c.operand, v), number(&c.operand, first)), (Some(a), Some(b)) if a < b)
            }
        }
    };
    let negative = matches!(
        c.operator,
        Operator::NotEquals
            | Operator::NotOneOf
            | Operator::NotBeginsWith
            | Operator::NotContains
            | Operator::NotExists
    );
    match value {
        Some(v) => positive(&v) != negative,
        None => negative,
    }
}

/// A URL template with its tokens filled (each value URL-encoded):
/// `[call_id]`, `[caller]`, `[called]`, `[campaign_id]`, `[state]`,
/// `[city]`, `[zip]`, `[var:name]`. Unknown tokens are left as they are.
pub fn fill_tokens(template: &str, facts: &CallFacts, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let token = &after[..close];
        let value = match token {
            "call_id" => Some(facts.call_sid.clone()),
            "caller" => Some(facts.caller.clone()),
            "called" => Some(facts.called.clone()),
            "campaign_id" => Some(facts.campaign_id.clone().unwrap_or_default()),
            "state" => Some(facts.state.clone().unwrap_or_default()),
            "city" => Some(facts.city.clone().unwrap_or_default()),
            "zip" => Some(facts.zip.clone().unwrap_or_default()),
            t => t
                .strip_prefix("var:")
                .map(|name| vars.get(name).cloned().unwrap_or_default()),
        };
        match value {
            Some(v) => out.extend(url::form_urlencoded::byte_serialize(v.as_bytes())),
            None => {
                out.push('[');
                out.push_str(token);
                out.push(']');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}
