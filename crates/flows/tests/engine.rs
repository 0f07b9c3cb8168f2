//! A call walked through a flow, request by request, as the live path
//! drives the engine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use flows::Graph;
use flows::engine::{CallFacts, End, Input, Outcome, Run, fill_tokens, holds, resume, start};
use flows::model::{Condition, Operand, Operator, Prompt};
use jiff::Timestamp;
use serde_json::{Value, json};

fn say(text: &str) -> Value {
    json!({"kind": "say", "text": text})
}

/// Hours -> language menu -> zip -> router by state or zip -> buyers;
/// voicemail after hours and on holidays; a wrong key hangs up.
fn intake() -> Graph {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "hours", "type": "businessHours", "data": {
                "timeZone": "America/New_York",
                "schedule": {"enabled": true, "hours": {"mon": [{"start": "09:00", "end": "17:00"}]},
                             "holidays": ["2026-12-28"]}
            }},
            {"id": "welcome", "type": "play", "data": {"prompt": say("Welcome, ¡bienvenidos! 📞"), "loops": 2}},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1 for English, 2 para español"), "keys": ["1", "2"],
                "invalidMessage": "That is not an option."}},
            {"id": "zip", "type": "gather", "data": {"prompt": say("Enter your zip code"), "variable": "zip", "minDigits": 5, "maxDigits": 5, "retries": 1}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "florida", "conditions": [{"operand": {"kind": "state"}, "operator": "equals", "values": ["fl"]}]},
                {"name": "miamiZip", "conditions": [{"operand": {"kind": "variable", "name": "zip"}, "operator": "beginsWith", "values": ["331"]}]}
            ]}},
            {"id": "pixel", "type": "trackingPixel", "data": {"url": "https://t.example/p?c=[call_id]&z=[var:zip]&who=[caller]", "maxFires": 1}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "dial", "type": "dial", "data": {"number": "+13055550123"}},
            {"id": "vm", "type": "voicemail", "data": {"prompt": say("Leave a message")}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hours"},
            {"id": "e2", "source": "hours", "sourceHandle": "open", "target": "welcome"},
            {"id": "e2b", "source": "welcome", "sourceHandle": "next", "target": "menu"},
            {"id": "e3", "source": "hours", "sourceHandle": "closed", "target": "vm"},
            {"id": "e4", "source": "hours", "sourceHandle": "holiday", "target": "bye"},
            {"id": "e5", "source": "menu", "sourceHandle": "1", "target": "zip"},
            {"id": "e6", "source": "menu", "sourceHandle": "2", "target": "zip"},
            {"id": "e7", "source": "menu", "sourceHandle": "timeout", "target": "menu"},
            {"id": "e8", "source": "menu", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e9", "source": "zip", "sourceHandle": "success", "target": "router"},
            {"id": "e10", "source": "zip", "sourceHandle": "timeout", "target": "menu"},
            {"id": "e11", "source": "zip", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e12", "source": "router", "sourceHandle": "florida", "target": "dial"},
            {"id": "e13", "source": "router", "sourceHandle": "miamiZip", "target": "pixel"},
            {"id": "e13b", "source": "pixel", "sourceHandle": "next", "target": "buyers"},
            {"id": "e14", "source": "router", "sourceHandle": "default", "target": "buyers"}
        ]
    }))
    .unwrap()
}

fn facts(sid: &str) -> CallFacts {
    CallFacts {
        call_sid: sid.into(),
        caller: "+13105550100".into(),
        called: "+18005550000".into(),
        state: Some("CA".into()),
        ..Default::default()
    }
}

/// Monday 2026-12-07 10:00 in New York (open).
fn monday_open() -> Timestamp {
    "2026-12-07T15:00:00Z".parse().unwrap()
}

fn waiting_at(step: &flows::engine::Step) -> Option<&str> {
    match &step.outcome {
        Outcome::Wait(w) => Some(w.node_id.as_str()),
        Outcome::End(_) | Outcome::Fetch(_) | Outcome::Script(_) => None,
    }
}

fn visited(run: &Run) -> Vec<&str> {
    run.path.iter().map(|v| v.node_id.as_str()).collect()
}

#[test]
fn a_caller_walks_hours_menu_zip_and_router_to_the_buyers() {
    let g = intake();
    let now = monday_open();
    let (mut run, step) = start(&g, 7, 3, facts("CA1"), now);
    assert_eq!(waiting_at(&step), Some("menu"));
    assert_eq!(step.prompts.len(), 1, "the welcome plays before the menu");
    assert_eq!(step.prompts[0].1, 2);
    assert_eq!((run.flow_id, run.version, run.seq), (7, 3, 1));
    assert_eq!(visited(&run), ["start", "hours", "welcome", "menu"]);
    assert_eq!(run.path[1].output.as_deref(), Some("open"));
    assert_eq!(run.path[1].edge_id.as_deref(), Some("e2"));

    let step = resume(&g, &mut run, Input::Digits("2".into()), now);
    assert_eq!(waiting_at(&step), Some("zip"));
    assert_eq!(run.path[3].input.as_deref(), Some("2"));
    assert_eq!(run.path[3].output.as_deref(), Some("2"));

    let step = resume(&g, &mut run, Input::Digits("33101#".into()), now);
    assert_eq!(
        step.outcome,
        Outcome::End(End::RouteToBuyers {
            node_id: "buyers".into()
        })
    );
    assert_eq!(run.vars.get("zip").map(String::as_str), Some("33101"));
    assert_eq!(run.seq, 3);
    assert_eq!(
        visited(&run),
        [
            "start", "hours", "welcome", "menu", "zip", "router", "pixel", "buyers"
        ]
    );
    assert_eq!(run.path[5].output.as_deref(), Some("miamiZip"));
    assert_eq!(step.fires.len(), 1);
    assert_eq!(
        step.fires[0].url,
        "https://t.example/p?c=CA1&z=33101&who=%2B13105550100"
    );
    assert!(run.end.is_some() && run.waiting.is_none());
    // The run survives a round trip through its stored form.
    let back: Run = serde_json::from_str(&serde_json::to_string(&run).unwrap()).unwrap();
    assert_eq!(back, run);
}

#[test]
fn closed_goes_to_voicemail_and_a_holiday_hangs_up() {
    let g = intake();
    let sunday: Timestamp = "2026-12-06T15:00:00Z".parse().unwrap();
    let (_, step) = start(&g, 1, 1, facts("CA2"), sunday);
    assert!(
        matches!(step.outcome, Outcome::End(End::Voicemail { ref node_id, .. }) if node_id == "vm")
    );
    // Monday 28 December, 10:00 in New York: a holiday.
    let holiday: Timestamp = "2026-12-28T15:00:00Z".parse().unwrap();
    let (run, step) = start(&g, 1, 1, facts("CA3"), holiday);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert_eq!(run.path[1].output.as_deref(), Some("holiday"));
    // Monday 17:00 in New York, on the dot: closed (DST-correct zone).
    let five: Timestamp = "2026-12-07T22:00:00Z".parse().unwrap();
    let (run, _) = start(&g, 1, 1, facts("CA4"), five);
    assert_eq!(run.path[1].output.as_deref(), Some("closed"));
}

#[test]
fn a_menu_asks_again_then_takes_its_timeout_and_invalid_outputs() {
    let g = intake();
    let now = monday_open();
    let (mut run, _) = start(&g, 1, 1, facts("CA5"), now);
    // Two retries by default: asked again twice, silently on a timeout.
    for n in 1..=2 {
        let step = resume(&g, &mut run, Input::Nothing, now);
        assert_eq!(waiting_at(&step), Some("menu"));
        assert!(step.prompts.is_empty());
        assert_eq!(run.retries, n);
    }
    // The third timeout leaves by `timeout`, which loops to the menu: a
    // fresh visit with its retries reset.
    let step = resume(&g, &mut run, Input::Nothing, now);
    assert_eq!(waiting_at(&step), Some("menu"));
    assert_eq!(run.retries, 0);
    assert_eq!(run.path.iter().filter(|v| v.node_id == "menu").count(), 2);
    // A wrong key: the invalid message, then the menu again.
    let step = resume(&g, &mut run, Input::Digits("9".into()), now);
    assert_eq!(waiting_at(&step), Some("menu"));
    assert_eq!(
        step.prompts,
        [(
            Prompt::Say {
                text: "That is not an option.".into(),
                voice: None,
                language: None
            },
            1
        )]
    );
    resume(&g, &mut run, Input::Speech("uno".into()), now);
    let step = resume(&g, &mut run, Input::Digits("#".into()), now);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert_eq!(run.path.last().unwrap().node_id, "bye");
}

#[test]
fn a_gather_checks_length_and_keys() {
    let g = intake();
    let now = monday_open();
    let (mut run, _) = start(&g, 1, 1, facts("CA6"), now);
    resume(&g, &mut run, Input::Digits("1".into()), now);
    // Four digits: asked again once (retries: 1), then invalid -> hang up.
    let step = resume(&g, &mut run, Input::Digits("3310".into()), now);
    assert_eq!(waiting_at(&step), Some("zip"));
    let step = resume(&g, &mut run, Input::Digits("331012".into()), now);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert!(!run.vars.contains_key("zip"));
    // Florida by state: the router's first route dials a number.
    let mut f = facts("CA7");
    f.state = Some(" FL ".into());
    let (mut run, _) = start(&g, 1, 1, f, now);
    resume(&g, &mut run, Input::Digits("1".into()), now);
    let step = resume(&g, &mut run, Input::Digits("90210".into()), now);
    assert!(
        matches!(step.outcome, Outcome::End(End::Dial { ref dial, .. }) if dial.number == "+13055550123")
    );
}

#[test]
fn a_missing_connection_or_node_fails_to_the_buyers() {
    let mut g = intake();
    g.edges.retain(|e| e.id != "e5");
    let now = monday_open();
    let (mut run, _) = start(&g, 1, 1, facts("CA8"), now);
    let step = resume(&g, &mut run, Input::Digits("1".into()), now);
    match step.outcome {
        Outcome::End(End::Failed { node_id, reason }) => {
            assert_eq!(node_id.as_deref(), Some("menu"));
            assert!(reason.contains("not connected"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Resuming a run that waits for nothing fails too, never panics.
    let step = resume(&g, &mut run, Input::Digits("1".into()), now);
    assert!(matches!(step.outcome, Outcome::End(End::Failed { .. })));
    // A flow without a start node.
    let empty = Graph::default();
    let (_, step) = start(&empty, 1, 1, facts("CA9"), now);
    assert!(matches!(step.outcome, Outcome::End(End::Failed { .. })));
}

fn splitter(sticky: bool) -> Graph {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "split", "type": "splitter", "data": {"testName": "Script", "sticky": sticky,
                "branches": [{"name": "a", "weight": 70}, {"name": "b", "weight": 30}]}},
            {"id": "x", "type": "routeToBuyers"},
            {"id": "y", "type": "hangup"},
            {"id": "loop", "type": "goTo", "data": {"target": "split"}}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "split"},
            {"id": "e2", "source": "split", "sourceHandle": "a", "target": "x"},
            {"id": "e3", "source": "split", "sourceHandle": "b", "target": "y"}
        ]
    }))
    .unwrap()
}

fn branch(g: &Graph, f: CallFacts) -> String {
    let (run, _) = start(g, 1, 1, f, monday_open());
    run.path[1].output.clone().unwrap()
}

#[test]
fn a_split_follows_its_weights_and_repeats_itself() {
    let g = splitter(false);
    let a = (0..2000)
        .filter(|i| branch(&g, facts(&format!("CA{i:032x}"))) == "a")
        .count();
    assert!((1250..1550).contains(&a), "{a} of 2000 took the 70% branch");
    // The same call (a retried request) takes the same branch.
    assert_eq!(branch(&g, facts("CAsame")), branch(&g, facts("CAsame")));
    // Sticky: the same caller, whatever the call, takes the same branch.
    let g = splitter(true);
    let first = branch(&g, facts("CA1"));
    assert!((2..50).all(|i| branch(&g, facts(&format!("CA{i}"))) == first));
}

#[test]
fn a_go_to_loop_without_the_caller_ends_instead_of_spinning() {
    let g: Graph = serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "a", "type": "goTo", "data": {"target": "b"}},
            {"id": "b", "type": "goTo", "data": {"target": "a"}}
        ],
        "edges": [{"id": "e1", "source": "start", "sourceHandle": "next", "target": "a"}]
    }))
    .unwrap();
    let (run, step) = start(&g, 1, 1, facts("CA10"), monday_open());
    assert!(matches!(step.outcome, Outcome::End(End::Failed { .. })));
    assert!(run.path.len() <= flows::engine::MAX_NODES_PER_STEP + 1);
}

fn cond(operand: Operand, operator: Operator, values: &[&str]) -> Condition {
    Condition {
        operand,
        operator,
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn router_conditions() {
    let f = CallFacts {
        caller: "+1 (310) 555-0100".into(),
        city: Some("São Paulo".into()),
        zip: Some("90210".into()),
        ..Default::default()
    };
    let mut vars = BTreeMap::new();
    vars.insert("plan".to_string(), "Gold 🥇".to_string());
    vars.insert("age".to_string(), "67".to_string());
    let t = |c: Condition| holds(&c, &f, &vars, 13 * 60 + 5);
    use Operand::*;
    use Operator::*;
    assert!(t(cond(AreaCode, Equals, &["310"])));
    assert!(t(cond(City, Equals, &["são paulo"])));
    assert!(t(cond(City, NotEquals, &["Rio"])));
    assert!(t(cond(Zip, OneOf, &["10001", "90210"])));
    assert!(!t(cond(Zip, NotOneOf, &["10001", "90210"])));
    assert!(t(cond(Variable("plan".into()), BeginsWith, &["GOLD"])));
    assert!(t(cond(Variable("plan".into()), Contains, &["🥇"])));
    assert!(t(cond(Variable("age".into()), GreaterThan, &["64.5"])));
    assert!(!t(cond(Variable("age".into()), LessThan, &["18"])));
    assert!(!t(cond(Variable("plan".into()), GreaterThan, &["1"])));
    assert!(t(cond(TimeOfDay, GreaterThan, &["13:00"])));
    assert!(t(cond(TimeOfDay, LessThan, &["13:06"])));
    // Values the call lacks satisfy only the negative operators.
    assert!(!t(cond(State, Exists, &[])));
    assert!(t(cond(State, NotExists, &[])));
    assert!(t(cond(State, NotEquals, &["CA"])));
    assert!(!t(cond(State, Equals, &[""])));
    assert!(!t(cond(Variable("missing".into()), LessThan, &["5"])));
}

#[test]
fn tokens_are_filled_and_encoded() {
    let mut vars = BTreeMap::new();
    vars.insert("zip".to_string(), "a&b=c d".to_string());
    let f = facts("CA&1");
    assert_eq!(
        fill_tokens(
            "https://x/?z=[var:zip]&id=[call_id]&[other]&[var:none]&[",
            &f,
            &vars
        ),
        "https://x/?z=a%26b%3Dc+d&id=CA%261&[other]&&["
    );
}

fn lookup_graph() -> Graph {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "hello", "type": "play", "data": {"prompt": say("One moment")}},
            {"id": "crm", "type": "lookup", "data": {"url": "https://crm.example.com/plan?caller=[caller]", "method": "GET",
                "timeoutMs": 800, "extract": {"plan": "$.customer.plans[0].name", "score": "score"}}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "gold", "conditions": [{"operand": {"kind": "variable", "name": "plan"}, "operator": "equals", "values": ["Gold"]}]}
            ]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hello"},
            {"id": "e2", "source": "hello", "sourceHandle": "next", "target": "crm"},
            {"id": "e3", "source": "crm", "sourceHandle": "success", "target": "router"},
            {"id": "e4", "source": "crm", "sourceHandle": "failure", "target": "bye"},
            {"id": "e5", "source": "router", "sourceHandle": "gold", "target": "buyers"},
            {"id": "e6", "source": "router", "sourceHandle": "default", "target": "bye"}
        ]
    }))
    .unwrap()
}

#[test]
fn a_lookup_pauses_the_walk_for_its_answer() {
    use flows::engine::fetched;
    let g = lookup_graph();
    assert_eq!(flows::validate(&g), []);
    let now = monday_open();
    let (mut run, step) = start(&g, 1, 1, facts("CA20"), now);
    let Outcome::Fetch(f) = &step.outcome else {
        panic!("{:?}", step.outcome)
    };
    assert_eq!(f.url, "https://crm.example.com/plan?caller=%2B13105550100");
    assert_eq!(f.timeout_ms, 800);
    assert_eq!(step.prompts.len(), 1, "the play before the lookup");
    // Its answer: the values found, then the walk goes on.
    let mut values = std::collections::BTreeMap::new();
    values.insert("plan".to_string(), "Gold".to_string());
    let step = fetched(&g, &mut run, "crm", Ok(values), now);
    assert!(matches!(
        step.outcome,
        Outcome::End(End::RouteToBuyers { .. })
    ));
    assert_eq!(run.path[2].output.as_deref(), Some("success"));
    // A failed request leaves by `failure`, with the reason on the node.
    let (mut run, _) = start(&g, 1, 1, facts("CA21"), now);
    let step = fetched(&g, &mut run, "crm", Err("timed out".into()), now);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert_eq!(run.path[2].note.as_deref(), Some("timed out"));
}

/// Gather age -> script scores the lead -> hot to buyers, cold or error hangs up.
fn script_graph() -> Graph {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "age", "type": "gather", "data": {"prompt": say("Your age?"), "variable": "age", "minDigits": 2, "maxDigits": 3}},
            {"id": "score", "type": "customLogic", "data": {
                "script": "const age = Number(vars.age);\nif (age >= 65 && call.state === 'CA') return { output: 'hot', vars: { tier: 'senior' } };\nreturn 'cold';",
                "outputs": ["hot", "cold"], "sets": ["tier"]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "age"},
            {"id": "e2", "source": "age", "sourceHandle": "success", "target": "score"},
            {"id": "e3", "source": "score", "sourceHandle": "hot", "target": "buyers"},
            {"id": "e4", "source": "score", "sourceHandle": "cold", "target": "bye"},
            {"id": "e5", "source": "score", "sourceHandle": "error", "target": "bye"},
            {"id": "e6", "source": "age", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e7", "source": "age", "sourceHandle": "invalid", "target": "bye"}
        ]
    }))
    .unwrap()
}

#[test]
fn a_script_decides_in_the_sandbox_and_its_failure_takes_the_error_output() {
    use flows::engine::scripted;
    let g = script_graph();
    assert_eq!(flows::validate(&g), [], "custom logic publishes");
    let now = monday_open();
    let (mut run, _) = start(&g, 1, 1, facts("CA30"), now);
    let step = resume(&g, &mut run, Input::Digits("67".into()), now);
    let Outcome::Script(s) = &step.outcome else {
        panic!("{:?}", step.outcome)
    };
    assert_eq!(s.node_id, "score");
    assert_eq!(s.vars["age"], "67");
    assert_eq!(s.call.state.as_deref(), Some("CA"));
    let decided = flows::sandbox::run(s);
    let step = scripted(&g, &mut run, "score", decided, now);
    assert!(matches!(
        step.outcome,
        Outcome::End(End::RouteToBuyers { .. })
    ));
    assert_eq!(run.vars["tier"], "senior");
    assert_eq!(run.path[2].output.as_deref(), Some("hot"));
    // A younger caller: cold.
    let (mut run, _) = start(&g, 1, 1, facts("CA31"), now);
    let step = resume(&g, &mut run, Input::Digits("30".into()), now);
    let Outcome::Script(s) = &step.outcome else {
        panic!("{:?}", step.outcome)
    };
    let step = scripted(&g, &mut run, "score", flows::sandbox::run(s), now);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert_eq!(run.path[2].output.as_deref(), Some("cold"));
    // A script that fails (here: never ends) leaves by `error`, the reason kept.
    let mut looping = g.clone();
    if let flows::NodeKind::CustomLogic(l) = &mut looping.nodes[2].kind {
        l.script = "while (true) {}".into();
    }
    let (mut run, _) = start(&looping, 1, 1, facts("CA32"), now);
    let step = resume(&looping, &mut run, Input::Digits("67".into()), now);
    let Outcome::Script(s) = &step.outcome else {
        panic!("{:?}", step.outcome)
    };
    let step = scripted(&looping, &mut run, "score", flows::sandbox::run(s), now);
    assert!(matches!(step.outcome, Outcome::End(End::Hangup { .. })));
    assert_eq!(run.path[2].output.as_deref(), Some("error"));
    assert_eq!(
        run.path[2].note.as_deref(),
        Some("the script ran longer than 50 ms")
    );
}

#[test]
fn json_paths_read_values() {
    use flows::engine::json_path;
    let doc = json!({"customer": {"plans": [{"name": "Gold"}, {"name": "Silver"}], "age": 67, "vip": true, "none": null},
                     "score": 9.5, "list": [1, 2]});
    assert_eq!(
        json_path(&doc, "$.customer.plans[0].name").as_deref(),
        Some("Gold")
    );
    assert_eq!(
        json_path(&doc, "customer.plans[1].name").as_deref(),
        Some("Silver")
    );
    assert_eq!(json_path(&doc, "$.customer.age").as_deref(), Some("67"));
    assert_eq!(json_path(&doc, "$.customer.vip").as_deref(), Some("true"));
    assert_eq!(json_path(&doc, "$.score").as_deref(), Some("9.5"));
    assert_eq!(json_path(&doc, "$.list[1]").as_deref(), Some("2"));
    for missing in [
        "$.customer.none",
        "$.customer",
        "$.list",
        "$.nope",
        "$.list[9]",
        "$.list[x]",
        "$.list[0",
        "",
    ] {
        assert_eq!(json_path(&doc, missing), None, "{missing}");
    }
}
