//! A call flow as stored and edited: nodes with typed properties, and
//! edges from a node's named output to another node. The JSON shape is
//! the builder's (`{"nodes":[{"id","type","data","position"}],
//! "edges":[{"id","source","sourceHandle","target"}]}`), so the editor
//! saves what it draws and the server reads it without translation.

use std::collections::BTreeMap;

use domain::Schedule;
use serde::{Deserialize, Serialize};

/// A whole flow: what a draft holds and what a version freezes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Graph {
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
}

/// One step of the flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// Unique in the flow; chosen by the editor.
    pub id: String,
    #[serde(flatten)]
    pub kind: NodeKind,
    /// Where the editor draws it; the engine ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// A connection from `source`'s output `source_handle` to `target`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub id: String,
    pub source: String,
    /// The output's name (see [`NodeKind::outputs`]).
    pub source_handle: String,
    pub target: String,
}

/// What a node does, with its properties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
pub enum NodeKind {
    /// Where every call enters; exactly one per flow.
    Start,
    Play(Play),
    Menu(Menu),
    Gather(Gather),
    BusinessHours(BusinessHours),
    Router(Router),
    Splitter(Splitter),
    TrackingPixel(TrackingPixel),
    CustomLogic(CustomLogic),
    Lookup(Lookup),
    /// Terminal: the campaign's buyers, through the routing engine.
    RouteToBuyers,
    /// Terminal: the campaign's live auction.
    RtbAuction,
    /// Terminal: dial one number.
    Dial(Dial),
    /// Terminal: record a message.
    Voicemail(Voicemail),
    /// Terminal: end the call.
    Hangup,
    /// Continue at another node.
    GoTo(GoTo),
}

/// Text to speak or audio to play.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Prompt {
    /// Text-to-speech (`<Say>`).
    Say {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        voice: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
    },
    /// An audio file (`<Play>`), by URL.
    Audio { url: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Play {
    pub prompt: Prompt,
    /// Times to play it, 1-10.
    #[serde(default = "one")]
    pub loops: u32,
}

/// A key menu: each configured key is an output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Menu {
    pub prompt: Prompt,
    /// The keys offered (`0`-`9`, `*`, `#`), each its own output.
    pub keys: Vec<String>,
    /// Seconds to wait for a key, 1-60.
    #[serde(default = "five")]
    pub timeout_secs: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_message: Option<String>,
    /// Times the prompt is repeated after a timeout or a wrong key, 0-5.
    #[serde(default = "two")]
    pub retries: u32,
}

/// How a gather listens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InputMode {
    #[default]
    Dtmf,
    Speech,
    DtmfSpeech,
}

/// Collect digits or speech into a variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gather {
    pub prompt: Prompt,
    /// The variable the answer is stored in (`[A-Za-z_][A-Za-z0-9_]*`).
    pub variable: String,
    #[serde(default = "one")]
    pub min_digits: u32,
    #[serde(default = "twenty")]
    pub max_digits: u32,
    /// Keys accepted (all of `0-9*#` when empty).
    #[serde(default)]
    pub valid_digits: String,
    #[serde(default = "hash")]
    pub finish_on_key: String,
    #[serde(default = "five")]
    pub timeout_secs: u32,
    #[serde(default = "five")]
    pub inter_digit_timeout_secs: u32,
    #[serde(default = "two")]
    pub retries: u32,
    #[serde(default)]
    pub input: InputMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech_language: Option<String>,
}

/// Open, closed or holiday, by a weekly schedule in a time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessHours {
    pub time_zone: String,
    pub schedule: Schedule,
}

/// What a router condition compares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "camelCase")]
pub enum Operand {
    CallerNumber,
    AreaCode,
    State,
    City,
    Zip,
    /// Minutes after midnight in the flow's time zone (`HH:MM` values).
    TimeOfDay,
    /// A flow variable (gathered digits, a script's or a lookup's output).
    Variable(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operator {
    Equals,
    NotEquals,
    OneOf,
    NotOneOf,
    BeginsWith,
    NotBeginsWith,
    Contains,
    NotContains,
    Exists,
    NotExists,
    GreaterThan,
    LessThan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub operand: Operand,
    pub operator: Operator,
    /// One value; a list for `oneOf`/`notOneOf`; none for `exists`.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A route: its output name and the conditions that must all hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub name: String,
    pub conditions: Vec<Condition>,
}

/// First matching route wins; `default` otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Router {
    pub routes: Vec<Route>,
    /// Zone of `timeOfDay` conditions (UTC when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub name: String,
    /// Percent of calls, the branches summing to 100.
    pub weight: u32,
}

/// A split test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Splitter {
    pub test_name: String,
    pub branches: Vec<Branch>,
    /// A caller who calls again takes the same branch.
    #[serde(default)]
    pub sticky: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
}

/// Fire a URL in the background.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingPixel {
    /// With tokens: `[call_id]`, `[caller]`, `[campaign_id]`, `[var:name]`.
    pub url: String,
    #[serde(default)]
    pub method: HttpMethod,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Times it may fire per call, 1-10.
    #[serde(default = "one")]
    pub max_fires: u32,
}

/// A script run in a sandbox: returns an output name and variables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomLogic {
    /// The body of `function decide(call, vars)`.
    pub script: String,
    /// The outputs the script may return (besides `error`).
    pub outputs: Vec<String>,
    /// Variables the script may set.
    #[serde(default)]
    pub sets: Vec<String>,
}

/// An HTTP lookup whose answer fills variables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    pub url: String,
    #[serde(default)]
    pub method: HttpMethod,
    /// Milliseconds, 100-5000.
    #[serde(default = "second")]
    pub timeout_ms: u32,
    /// Variable name -> JSONPath into the answer.
    #[serde(default)]
    pub extract: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dial {
    /// E.164.
    pub number: String,
    #[serde(default = "thirty")]
    pub timeout_secs: u32,
    #[serde(default)]
    pub record: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whisper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Voicemail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Prompt>,
    /// Seconds, 5-600.
    #[serde(default = "two_minutes")]
    pub max_length_secs: u32,
    #[serde(default = "yes")]
    pub beep: bool,
    #[serde(default)]
    pub transcribe: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GoTo {
    pub target: String,
}

fn one() -> u32 {
    1
}
fn two() -> u32 {
    2
}
fn five() -> u32 {
    5
}
fn twenty() -> u32 {
    20
}
fn thirty() -> u32 {
    30
}
fn two_minutes() -> u32 {
    120
}
fn second() -> u32 {
    1000
}
fn hash() -> String {
    "#".into()
}
fn yes() -> bool {
    true
}

impl NodeKind {
    /// The node type as the builder names it.
    pub fn name(&self) -> &'static str {
        match self {
            NodeKind::Start => "start",
            NodeKind::Play(_) => "play",
            NodeKind::Menu(_) => "menu",
            NodeKind::Gather(_) => "gather",
            NodeKind::BusinessHours(_) => "businessHours",
            NodeKind::Router(_) => "router",
            NodeKind::Splitter(_) => "splitter",
            NodeKind::TrackingPixel(_) => "trackingPixel",
            NodeKind::CustomLogic(_) => "customLogic",
            NodeKind::Lookup(_) => "lookup",
            NodeKind::RouteToBuyers => "routeToBuyers",
            NodeKind::RtbAuction => "rtbAuction",
            NodeKind::Dial(_) => "dial",
            NodeKind::Voicemail(_) => "voicemail",
            NodeKind::Hangup => "hangup",
            NodeKind::GoTo(_) => "goTo",
        }
    }

    /// The node's named outputs, each to be connected to a next node.
    /// Terminals have none: the call ends there (or, for a dial nobody
    /// answers, falls to `noAnswer`).
    pub fn outputs(&self) -> Vec<String> {
        let fixed = |names: &[&str]| names.iter().map(|n| (*n).to_string()).collect();
        match self {
            NodeKind::Start | NodeKind::Play(_) | NodeKind::TrackingPixel(_) => fixed(&["next"]),
            NodeKind::Menu(m) => {
                let mut out: Vec<String> = m.keys.clone();
                out.extend(fixed(&["timeout", "invalid"]));
                out
            }
            NodeKind::Gather(_) => fixed(&["success", "timeout", "invalid"]),
            NodeKind::BusinessHours(_) => fixed(&["open", "closed", "holiday"]),
            NodeKind::Router(r) => {
                let mut out: Vec<String> = r.routes.iter().map(|r| r.name.clone()).collect();
                out.push("default".into());
                out
            }
            NodeKind::Splitter(s) => s.branches.iter().map(|b| b.name.clone()).collect(),
            NodeKind::CustomLogic(c) => {
                let mut out = c.outputs.clone();
                out.push("error".into());
                out
            }
            NodeKind::Lookup(_) => fixed(&["success", "failure"]),
            NodeKind::Dial(_) => fixed(&["noAnswer"]),
            NodeKind::RouteToBuyers
            | NodeKind::RtbAuction
            | NodeKind::Voicemail(_)
            | NodeKind::Hangup
            | NodeKind::GoTo(_) => Vec::new(),
        }
    }

    /// Whether the caller is asked for input here (a loop through such a
    /// node waits on the caller; any other loop would spin).
    pub fn waits_for_caller(&self) -> bool {
        matches!(self, NodeKind::Menu(_) | NodeKind::Gather(_))
    }

    /// Variables this node sets.
    pub fn sets(&self) -> Vec<String> {
        match self {
            NodeKind::Gather(g) => vec![g.variable.clone()],
            NodeKind::CustomLogic(c) => c.sets.clone(),
            NodeKind::Lookup(l) => l.extract.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Variables this node reads.
    pub fn reads(&self) -> Vec<String> {
        match self {
            NodeKind::Router(r) => r
                .routes
                .iter()
                .flat_map(|r| &r.conditions)
                .filter_map(|c| match &c.operand {
                    Operand::Variable(name) => Some(name.clone()),
                    _ => None,
                })
                .collect(),
            NodeKind::TrackingPixel(p) => tokens(&p.url),
            NodeKind::Lookup(l) => tokens(&l.url),
            _ => Vec::new(),
        }
    }
}

/// The `[var:name]` tokens of a URL template.
pub fn tokens(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("[var:") {
        let after = &rest[start + 5..];
        match after.find(']') {
            Some(end) => {
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}
