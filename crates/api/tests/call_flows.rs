//! Call flows through the API: a new flow starts with its Start node,
//! drafts are saved whatever their problems, publishing refuses a draft
//! that breaks a rule (listing every problem by node), versions are
//! numbered and frozen, rollback publishes an old one again; names are
//! unique per account; another account sees nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::assert_error;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn simple(text: &str) -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0.0, "y": 0.0}},
            {"id": "hello", "type": "play", "data": {"prompt": {"kind": "say", "text": text}}},
            {"id": "buyers", "type": "routeToBuyers"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hello"},
            {"id": "e2", "source": "hello", "sourceHandle": "next", "target": "buyers"}
        ]
    })
}

conformance!(a_flow_is_drafted_published_versioned_and_rolled_back, |t| {
    let (c, _) = t.signed_in("alice").await;
    let url = |p: &str| t.url(p);
    let created = c
        .post(url("/api/call-flows"))
        .json(&json!({"name": "Médicare intake 🚀", "description": "Ñ\ttab"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();

    // A new flow holds its Start, not yet connected: a draft with a problem.
    let flow = ok(c
        .get(url(&format!("/api/call-flows/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(flow["name"], "Médicare intake 🚀");
    assert_eq!(flow["status"], "draft");
    assert_eq!(flow["graph"]["nodes"][0]["type"], "start");
    assert_eq!(flow["problems"][0]["nodeId"], "start", "{flow}");

    // Publishing it is refused, every problem named by node.
    let r = c
        .post(url(&format!("/api/call-flows/{id}/publish")))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(
        e["error"]["details"]["problems"][0]["nodeId"], "start",
        "{e}"
    );

    // Saved with a complete graph, it publishes as version 1.
    let saved = ok(c
        .put(url(&format!("/api/call-flows/{id}")))
        .json(&json!({"name": "Médicare intake 🚀", "graph": simple("Hello, 你好")}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(saved["problems"], json!([]), "{saved}");
    let v1 = ok(c
        .post(url(&format!("/api/call-flows/{id}/publish")))
        .json(&json!({"note": "First script"}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(v1["version"], 1);

    // A second version, then a broken draft that cannot be published.
    ok(c.put(url(&format!("/api/call-flows/{id}")))
        .json(&json!({"name": "Médicare intake 🚀", "graph": simple("Second script")}))
        .send()
        .await
        .unwrap())
    .await;
    let v2 = ok(c
        .post(url(&format!("/api/call-flows/{id}/publish")))
        .json(&json!({"note": "Second"}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(v2["version"], 2);
    let mut broken = simple("Broken");
    broken["edges"].as_array_mut().unwrap().pop();
    let draft = ok(c
        .put(url(&format!("/api/call-flows/{id}")))
        .json(&json!({"name": "Médicare intake 🚀", "graph": broken}))
        .send()
        .await
        .unwrap())
    .await;
    assert!(
        draft["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["nodeId"] == "hello"),
        "{draft}"
    );

    // Rollback to version 1 publishes it again, as version 3, and restores the draft.
    let v3 = ok(c
        .post(url(&format!("/api/call-flows/{id}/rollback")))
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(v3["version"], 3);
    let versions = ok(c
        .get(url(&format!("/api/call-flows/{id}/versions")))
        .send()
        .await
        .unwrap())
    .await;
    let listed: Vec<(i64, &str)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["note"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            (3, "Rollback to version 1"),
            (2, "Second"),
            (1, "First script")
        ]
    );
    let flow = ok(c
        .get(url(&format!("/api/call-flows/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(flow["publishedVersion"], 3);
    assert_eq!(
        flow["graph"]["nodes"][1]["data"]["prompt"]["text"],
        "Hello, 你好"
    );
    let r = c
        .post(url(&format!("/api/call-flows/{id}/rollback")))
        .json(&json!({"version": 99}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // The list shows it, found by part of its name in any case.
    let r = c
        .get(url("/api/call-flows?search=INTAKE"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-total-count"], "1");
    let list: Value = r.json().await.unwrap();
    assert_eq!(list[0]["publishedVersion"], 3);
    assert_eq!(list[0]["nodeCount"], 3);
    let r = c
        .get(url("/api/call-flows?search=outtake"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-total-count"], "0");

    // Deleted: gone from the list and the API.
    ok(c.delete(url(&format!("/api/call-flows/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    let r = c
        .get(url(&format!("/api/call-flows/{id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    t.cleanup().await;
});

conformance!(flow_names_are_unique_and_bad_input_changes_nothing, |t| {
    let (c, _) = t.signed_in("alice").await;
    let create = |c: &Client, body: Value| c.post(t.url("/api/call-flows")).json(&body).send();
    assert_eq!(
        create(&c, json!({"name": "Intake"}))
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    let r = create(&c, json!({"name": "INTAKE"})).await.unwrap();
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["field"], "name");
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "a\u{0}b"}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (
            json!({"name": "Graph", "graph": {"nodes": [{"id": "a", "type": "teleport"}]}}),
            "graph",
        ),
        (json!({"name": "Graph", "graph": "not an object"}), "graph"),
    ] {
        let r = create(&c, body.clone()).await.unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field, "{body}: {e}");
    }
    let r = c.get(t.url("/api/call-flows")).send().await.unwrap();
    assert_eq!(
        r.headers()["x-total-count"],
        "1",
        "nothing else was created"
    );
    t.cleanup().await;
});

conformance!(another_account_never_sees_or_touches_a_flow, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let id = ok(alice
        .post(t.url("/api/call-flows"))
        .json(&json!({"name": "Private", "graph": simple("Secret")}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_i64()
        .unwrap();
    ok(alice
        .post(t.url(&format!("/api/call-flows/{id}/publish")))
        .json(&json!({}))
        .send()
        .await
        .unwrap())
    .await;
    let flow = format!("/api/call-flows/{id}");
    for r in [
        bob.get(t.url(&flow)).send().await.unwrap(),
        bob.put(t.url(&flow))
            .json(&json!({"name": "Mine now"}))
            .send()
            .await
            .unwrap(),
        bob.post(t.url(&format!("{flow}/publish")))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
        bob.get(t.url(&format!("{flow}/versions")))
            .send()
            .await
            .unwrap(),
        bob.post(t.url(&format!("{flow}/rollback")))
            .json(&json!({"version": 1}))
            .send()
            .await
            .unwrap(),
        bob.delete(t.url(&flow)).send().await.unwrap(),
    ] {
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let list: Value = bob
        .get(t.url("/api/call-flows"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
    // Bob may use the same name; Alice's flow is unchanged.
    assert_eq!(
        bob.post(t.url("/api/call-flows"))
            .json(&json!({"name": "Private"}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    let mine = ok(alice.get(t.url(&flow)).send().await.unwrap()).await;
    assert_eq!(
        (mine["name"].as_str(), mine["publishedVersion"].as_i64()),
        (Some("Private"), Some(1))
    );
    t.cleanup().await;
});
