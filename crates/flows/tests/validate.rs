//! The publishing rules of a call flow, one by one, on flows written as
//! the builder saves them (JSON).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use flows::{Graph, Problem, validate};
use serde_json::{Value, json};

fn graph(v: Value) -> Graph {
    serde_json::from_value(v).unwrap()
}

fn say(text: &str) -> Value {
    json!({"kind": "say", "text": text})
}

/// The intake flow of the demo: hours -> language menu -> zip -> router
/// by state -> buyers; voicemail after hours; a retry loop through the menu.
fn intake() -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0.0, "y": 0.0}},
            {"id": "hours", "type": "businessHours", "data": {
                "timeZone": "America/New_York",
                "schedule": {"enabled": true, "hours": {"mon": [{"start": "09:00", "end": "17:00"}]}}
            }},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1 for English, 2 para español 🇪🇸"), "keys": ["1", "2"]}},
            {"id": "zip", "type": "gather", "data": {"prompt": say("Enter your zip code"), "variable": "zip", "minDigits": 5, "maxDigits": 5}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "florida", "conditions": [{"operand": {"kind": "state"}, "operator": "equals", "values": ["FL"]}]},
                {"name": "miamiZip", "conditions": [{"operand": {"kind": "variable", "name": "zip"}, "operator": "beginsWith", "values": ["331"]}]}
            ]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "vm", "type": "voicemail", "data": {"prompt": say("Leave a message")}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hours"},
            {"id": "e2", "source": "hours", "sourceHandle": "open", "target": "menu"},
            {"id": "e3", "source": "hours", "sourceHandle": "closed", "target": "vm"},
            {"id": "e4", "source": "hours", "sourceHandle": "holiday", "target": "vm"},
            {"id": "e5", "source": "menu", "sourceHandle": "1", "target": "zip"},
            {"id": "e6", "source": "menu", "sourceHandle": "2", "target": "zip"},
            {"id": "e7", "source": "menu", "sourceHandle": "timeout", "target": "menu"},
            {"id": "e8", "source": "menu", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e9", "source": "zip", "sourceHandle": "success", "target": "router"},
            {"id": "e10", "source": "zip", "sourceHandle": "timeout", "target": "menu"},
            {"id": "e11", "source": "zip", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e12", "source": "router", "sourceHandle": "florida", "target": "buyers"},
            {"id": "e13", "source": "router", "sourceHandle": "miamiZip", "target": "buyers"},
            {"id": "e14", "source": "router", "sourceHandle": "default", "target": "buyers"}
        ]
    })
}

fn messages(problems: &[Problem]) -> Vec<(Option<&str>, String)> {
    problems
        .iter()
        .map(|p| (p.node_id.as_deref(), p.message.clone()))
        .collect()
}

fn has(problems: &[Problem], node: Option<&str>, text: &str) -> bool {
    problems
        .iter()
        .any(|p| p.node_id.as_deref() == node && p.message.contains(text))
}

#[test]
fn a_complete_flow_has_no_problem_and_round_trips() {
    let v = intake();
    let g = graph(v.clone());
    assert_eq!(messages(&validate(&g)), []);
    // What the builder saves is what it reads back.
    let back: Value = serde_json::to_value(&g).unwrap();
    assert_eq!(graph(back), g);
}

#[test]
fn exactly_one_start() {
    let mut v = intake();
    v["nodes"].as_array_mut().unwrap().remove(0);
    let p = validate(&graph(v));
    assert!(has(&p, None, "needs a Start node"), "{p:?}");

    let mut v = intake();
    v["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "start2", "type": "start"}));
    let p = validate(&graph(v));
    assert!(has(&p, Some("start2"), "exactly one Start"), "{p:?}");
}

#[test]
fn every_output_is_connected_once_and_to_a_real_node() {
    let mut v = intake();
    // The router's default output left open.
    v["edges"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["id"] != "e14");
    let p = validate(&graph(v));
    assert!(
        has(&p, Some("router"), "output \"default\" is not connected"),
        "{p:?}"
    );

    let mut v = intake();
    v["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "x", "source": "menu", "sourceHandle": "1", "target": "bye"}));
    v["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "y", "source": "menu", "sourceHandle": "7", "target": "bye"}));
    v["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "z", "source": "menu", "sourceHandle": "2", "target": "nowhere"}));
    let p = validate(&graph(v));
    assert!(
        has(&p, Some("menu"), "output \"1\" is connected twice"),
        "{p:?}"
    );
    assert!(has(&p, Some("menu"), "has no output \"7\""), "{p:?}");
    assert!(has(&p, Some("menu"), "leads to an unknown node"), "{p:?}");
}

#[test]
fn every_node_is_reachable() {
    let mut v = intake();
    v["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "island", "type": "hangup"}));
    let p = validate(&graph(v));
    assert!(has(&p, Some("island"), "no path from the Start"), "{p:?}");
}

#[test]
fn a_loop_must_wait_for_the_caller() {
    // The menu retry loop (menu -> menu) waits on the caller: fine (above).
    // A pixel that goes back to itself through a Go to spins forever.
    let v = json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "pixel", "type": "trackingPixel", "data": {"url": "https://track.example/p?c=[call_id]"}},
            {"id": "again", "type": "goTo", "data": {"target": "pixel"}}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "pixel"},
            {"id": "e2", "source": "pixel", "sourceHandle": "next", "target": "again"}
        ]
    });
    let p = validate(&graph(v));
    assert!(
        p.iter()
            .any(|p| p.message.contains("never waits for the caller")),
        "{p:?}"
    );
}

#[test]
fn variables_are_set_before_they_are_read() {
    let mut v = intake();
    // Route on a variable nothing sets.
    v["nodes"][4]["data"]["routes"][1]["conditions"][0]["operand"]["name"] = json!("plan");
    let p = validate(&graph(v));
    assert!(has(&p, Some("router"), "reads variable \"plan\""), "{p:?}");
}

#[test]
fn properties_are_in_range() {
    let v = json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "menu", "type": "menu", "data": {"prompt": say(""), "keys": ["1", "1", "x"], "timeoutSecs": 0, "retries": 9}},
            {"id": "gather", "type": "gather", "data": {"prompt": {"kind": "audio", "url": "ftp://x"}, "variable": "9zip", "minDigits": 6, "maxDigits": 5, "finishOnKey": "ab"}},
            {"id": "split", "type": "splitter", "data": {"testName": "Script A/B", "branches": [{"name": "a", "weight": 60}, {"name": "a", "weight": 30}]}},
            {"id": "dial", "type": "dial", "data": {"number": "not a number", "timeoutSecs": 500}},
            {"id": "router", "type": "router", "data": {"timeZone": "Mars/Olympus", "routes": [
                {"name": "default", "conditions": [{"operand": {"kind": "timeOfDay"}, "operator": "greaterThan", "values": ["25:00"]}]},
                {"name": "any", "conditions": [{"operand": {"kind": "state"}, "operator": "exists", "values": ["x"]}]}
            ]}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": []
    });
    let p = validate(&graph(v));
    let at = |node: &str, field: &str| {
        p.iter()
            .any(|x| x.node_id.as_deref() == Some(node) && x.field.as_deref() == Some(field))
    };
    assert!(at("menu", "prompt.text"), "{p:?}");
    assert!(
        at("menu", "keys") && at("menu", "timeoutSecs") && at("menu", "retries"),
        "{p:?}"
    );
    assert!(
        at("gather", "prompt.url") && at("gather", "variable"),
        "{p:?}"
    );
    assert!(
        at("gather", "minDigits") && at("gather", "finishOnKey"),
        "{p:?}"
    );
    assert!(
        at("split", "branches[1].name") && at("split", "branches"),
        "{p:?}"
    );
    assert!(at("dial", "number") && at("dial", "timeoutSecs"), "{p:?}");
    assert!(
        at("router", "timeZone") && at("router", "routes[0].name"),
        "{p:?}"
    );
    assert!(at("router", "routes[0].conditions[0].values"), "{p:?}");
    assert!(at("router", "routes[1].conditions[0].values"), "{p:?}");
}

#[test]
fn unknown_node_types_do_not_parse() {
    let v = json!({"nodes": [{"id": "x", "type": "teleport"}], "edges": []});
    assert!(serde_json::from_value::<Graph>(v).is_err());
}
