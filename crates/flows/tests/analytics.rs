//! Flow analytics from calls' runs: entries, exits, hang-ups and time per
//! node, paths, and split tests with their significance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use flows::Graph;
use flows::analytics::{FlowCall, analyse, two_proportion_p};
use flows::engine::{CallFacts, Input, resume, start};
use jiff::Timestamp;
use serde_json::json;

fn graph() -> Graph {
    serde_json::from_value(json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "split", "type": "splitter", "data": {"testName": "Script", "branches": [{"name": "a", "weight": 50}, {"name": "b", "weight": 50}]}},
            {"id": "menu", "type": "menu", "data": {"prompt": {"kind": "say", "text": "Press 1"}, "keys": ["1"], "retries": 0}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "split"},
            {"id": "e2", "source": "split", "sourceHandle": "a", "target": "menu"},
            {"id": "e3", "source": "split", "sourceHandle": "b", "target": "buyers"},
            {"id": "e4", "source": "menu", "sourceHandle": "1", "target": "buyers"},
            {"id": "e5", "source": "menu", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e6", "source": "menu", "sourceHandle": "invalid", "target": "bye"}
        ]
    }))
    .unwrap()
}

#[test]
fn nodes_paths_and_split_tests_are_counted() {
    let g = graph();
    let t0: Timestamp = "2026-12-07T15:00:00Z".parse().unwrap();
    let t1: Timestamp = "2026-12-07T15:00:04Z".parse().unwrap();
    let mut calls = Vec::new();
    for i in 0..400 {
        let facts = CallFacts {
            call_sid: format!("CA{i}"),
            caller: format!("+1310555{i:04}"),
            ..Default::default()
        };
        let (mut run, _) = start(&g, 1, 1, facts, t0);
        let branch = run.path[1].output.clone().unwrap();
        let mut ended_in_flow = false;
        if branch == "a" {
            if i % 4 == 0 {
                // The caller hangs up at the menu.
                ended_in_flow = true;
            } else {
                resume(&g, &mut run, Input::Digits("1".into()), t1);
            }
        }
        // Branch b converts half its calls, branch a a tenth.
        let converted = !ended_in_flow
            && if branch == "b" {
                i % 2 == 0
            } else {
                i % 10 == 1
            };
        calls.push(FlowCall {
            run,
            converted,
            revenue_e4: if converted { 420_000 } else { 0 },
            ended: true,
        });
    }
    let a = analyse(&g, &calls);
    assert_eq!(a.calls, 400);
    let node = |id: &str| a.nodes.iter().find(|n| n.node_id == id).unwrap();
    assert_eq!(node("start").entries, 400);
    let split = node("split");
    let (to_a, to_b) = (split.exits["a"], split.exits["b"]);
    assert_eq!(to_a + to_b, 400);
    let menu = node("menu");
    assert_eq!(menu.entries, to_a);
    assert!(menu.hangups > 0 && menu.hangups < to_a, "{menu:?}");
    assert_eq!(
        menu.exits.get("1").copied().unwrap_or(0),
        to_a - menu.hangups
    );
    assert_eq!(menu.mean_ms, Some(4000));
    assert_eq!(menu.p95_ms, Some(4000));
    assert_eq!(node("bye").entries, 0, "listed even when never reached");
    assert_eq!(
        a.edges.iter().find(|e| e.edge_id == "e1").unwrap().calls,
        400
    );
    // Paths: three distinct, most common first.
    assert_eq!(a.paths.len(), 3);
    assert!(a.paths[0].calls >= a.paths[1].calls);
    assert_eq!(a.paths.iter().map(|p| p.calls).sum::<u64>(), 400);
    // The split test: b converts far better, significantly.
    let s = &a.split_tests[0];
    assert_eq!(s.test_name, "Script");
    assert_eq!(s.branches[0].p_value, None);
    assert!(s.branches[1].conversion_rate > s.branches[0].conversion_rate);
    assert!(s.branches[1].significant, "{s:?}");
    assert!(s.branches[1].p_value.unwrap() < 0.001);
    assert_eq!(a.revenue, format!("{}.00", 42 * a.conversions));
}

#[test]
fn the_two_proportion_test() {
    // 50/100 against 50/100: no difference at all.
    assert!((two_proportion_p(50, 100, 50, 100).unwrap() - 1.0).abs() < 1e-6);
    // 30% of 1000 against 35% of 1000: z ≈ 2.39, p ≈ 0.017.
    let p = two_proportion_p(300, 1000, 350, 1000).unwrap();
    assert!((p - 0.0168).abs() < 0.001, "{p}");
    // No calls on a side, or nothing varies: no test.
    assert_eq!(two_proportion_p(0, 0, 5, 10), None);
    assert_eq!(two_proportion_p(0, 10, 0, 10), None);
}
