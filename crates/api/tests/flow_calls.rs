//! Call flows on live calls, through signed webhooks: a campaign that runs
//! a published flow answers with the flow's menu; each key press is a
//! signed request to the flow webhook, answered from the caller's place in
//! the flow (kept durable, so a retried request and a restarted server
//! answer the same); the flow's end routes the call (buyers, voicemail,
//! hang-up), and the call's detail shows the path. The simulation walks
//! the same engine without a call.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{
    TRACKING, assert_valid_twiml, campaign, carrier, incoming, ok, rtb_campaign,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn webhook(t: &common::TestApp, path: &str, params: &[(&str, &str)]) -> String {
    let (s, body) = carrier(t, path, params).await;
    assert_eq!(s, StatusCode::OK, "{path}: {body}");
    if !path.ends_with("/status") {
        assert_valid_twiml(&body);
    }
    body
}

fn say(text: &str) -> Value {
    json!({"kind": "say", "text": text})
}

/// Menu: 1 -> zip -> router (zip 331.. -> buyers, else hang up);
/// 2 -> voicemail; timeout or a wrong key -> hang up.
fn intake() -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "hello", "type": "play", "data": {"prompt": say("Bienvenue chez Médicare 📞")}},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1 for a plan, 2 to leave a message"), "keys": ["1", "2"], "retries": 0}},
            {"id": "zip", "type": "gather", "data": {"prompt": say("Enter your zip code"), "variable": "zip", "minDigits": 5, "maxDigits": 5, "retries": 0}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "miami", "conditions": [{"operand": {"kind": "variable", "name": "zip"}, "operator": "beginsWith", "values": ["331"]}]}
            ]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "vm", "type": "voicemail", "data": {"prompt": say("Leave a message after the beep"), "maxLengthSecs": 60}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hello"},
            {"id": "e2", "source": "hello", "sourceHandle": "next", "target": "menu"},
            {"id": "e3", "source": "menu", "sourceHandle": "1", "target": "zip"},
            {"id": "e4", "source": "menu", "sourceHandle": "2", "target": "vm"},
            {"id": "e5", "source": "menu", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e6", "source": "menu", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e7", "source": "zip", "sourceHandle": "success", "target": "router"},
            {"id": "e8", "source": "zip", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e9", "source": "zip", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e10", "source": "router", "sourceHandle": "miami", "target": "buyers"},
            {"id": "e11", "source": "router", "sourceHandle": "default", "target": "bye"}
        ]
    })
}

/// A published flow attached to the campaign `campaign_id`; its id.
async fn attach_flow(t: &common::TestApp, c: &Client, campaign_id: &str, graph: Value) -> i64 {
    let flow = ok(c
        .post(t.url("/api/call-flows"))
        .json(&json!({"name": "Intake", "graph": graph}))
        .send()
        .await
        .unwrap())
    .await;
    let id = flow["id"].as_i64().unwrap();
    ok(c.post(t.url(&format!("/api/call-flows/{id}/publish")))
        .json(&json!({"note": "first"}))
        .send()
        .await
        .unwrap())
    .await;
    ok(c.patch(t.url(&format!("/api/campaigns/{campaign_id}")))
        .json(&json!({"callFlowId": id}))
        .send()
        .await
        .unwrap())
    .await;
    id
}

const BUYER: &str = "+12125550100";

async fn call_detail(t: &common::TestApp, c: &Client, sid: &str) -> Value {
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call = list["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["callSid"] == sid)
        .unwrap_or_else(|| panic!("{sid} not in {list}"))
        .clone();
    let id = call["id"].as_i64().unwrap();
    ok(c.get(t.url(&format!("/api/calls/{id}")))
        .send()
        .await
        .unwrap())
    .await
}

fn nodes(detail: &Value) -> Vec<String> {
    detail["flow"]["path"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|v| v["nodeId"].as_str().unwrap().to_string())
        .collect()
}

conformance!(a_caller_walks_the_flow_to_a_buyer_who_converts, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = campaign(
        &t,
        &c,
        &[("Premium", BUYER, None, 1, None, None, "42.00")],
        json!({}),
    )
    .await;
    let flow_id = attach_flow(&t, &c, &campaign_id, intake()).await;
    let got = ok(c
        .get(t.url(&format!("/api/campaigns/{campaign_id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(got["callFlowId"], flow_id);

    // The call is answered by the flow: the welcome, then the menu.
    let first = incoming(&t, "CAflow1", "+13105550100", TRACKING).await;
    assert!(first.contains("Bienvenue chez Médicare 📞"), "{first}");
    assert!(
        first.contains(
            r#"<Gather input="dtmf" action="http://localhost:5000/api/webhooks/twilio/flow?seq=1""#
        ),
        "{first}"
    );
    assert!(
        first.contains("/api/webhooks/twilio/flow?seq=1&amp;event=timeout"),
        "{first}"
    );
    assert!(!first.contains("<Dial"), "no buyer before the flow says so");
    // The carrier retries the voice webhook: the same answer.
    assert_eq!(
        incoming(&t, "CAflow1", "+13105550100", TRACKING).await,
        first
    );

    // Key 1: the zip code is asked.
    let step = "/api/webhooks/twilio/flow?seq=1";
    let zip = webhook(&t, step, &[("CallSid", "CAflow1"), ("Digits", "1")]).await;
    assert!(zip.contains("Enter your zip code"), "{zip}");
    assert!(zip.contains("flow?seq=2"), "{zip}");
    // A retried request changes nothing and answers the same.
    assert_eq!(
        webhook(&t, step, &[("CallSid", "CAflow1"), ("Digits", "1")]).await,
        zip
    );
    // Unsigned requests are refused and change nothing.
    let unsigned = Client::new()
        .post(t.url("/api/webhooks/twilio/flow?seq=2"))
        .form(&[("CallSid", "CAflow1"), ("Digits", "33101")])
        .send()
        .await
        .unwrap();
    assert!(unsigned.status().is_client_error(), "{}", unsigned.status());

    // In the flow: in progress, not yet routed, the path so far.
    let d = call_detail(&t, &c, "CAflow1").await;
    assert_eq!(d["status"], "in-progress", "{d}");
    assert_eq!(d["buyerName"], Value::Null);
    assert_eq!(nodes(&d), ["start", "hello", "menu", "zip"]);
    assert_eq!(d["flow"]["waitingAt"], "zip");
    assert_eq!(d["flow"]["flowName"], "Intake");
    assert_eq!(d["flow"]["path"][2]["input"], "1");

    // The server restarts between two steps: nothing is lost.
    let t = t.restart(common::settings()).await;
    let c = t.client();
    t.login(&c, "alice", "correct horse").await;

    // A Miami zip: routed to the buyer.
    let dial = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=2",
        &[("CallSid", "CAflow1"), ("Digits", "33101#")],
    )
    .await;
    assert!(dial.contains(&format!(">{BUYER}</Number>")), "{dial}");
    assert!(dial.contains("/api/webhooks/twilio/dial"), "{dial}");
    // The buyer answers and talks 90 s; the caller hangs up.
    webhook(
        &t,
        "/api/webhooks/twilio/dial",
        &[
            ("CallSid", "CAflow1"),
            ("DialCallStatus", "completed"),
            ("DialCallDuration", "90"),
        ],
    )
    .await;
    webhook(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAflow1"),
            ("CallStatus", "completed"),
            ("CallDuration", "120"),
        ],
    )
    .await;
    let d = call_detail(&t, &c, "CAflow1").await;
    assert_eq!(d["buyerName"], "Premium", "{d}");
    assert_eq!(d["converted"], true, "{d}");
    assert_eq!(d["revenue"], "42.00", "{d}");
    assert_eq!(d["routingAttempts"], 1, "{d}");
    assert_eq!(d["routing"]["outcome"], "routed", "{d}");
    assert_eq!(
        nodes(&d),
        ["start", "hello", "menu", "zip", "router", "buyers"]
    );
    assert_eq!(d["flow"]["end"], "routeToBuyers");
    assert_eq!(d["flow"]["variables"]["zip"], "33101");
    assert_eq!(d["flow"]["path"][4]["output"], "miami");
    // The flow's analytics count the call through each node and edge.
    let a = ok(c
        .get(t.url(&format!("/api/call-flows/{flow_id}/analytics")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(a["calls"], 1, "{a}");
    assert_eq!(a["conversions"], 1);
    assert_eq!(a["revenue"], "42.00");
    let menu = a["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["nodeId"] == "menu")
        .unwrap();
    assert_eq!(menu["entries"], 1, "{a}");
    assert_eq!(menu["exits"]["1"], 1, "{a}");
    assert_eq!(a["paths"][0]["nodes"][5], "buyers");
    // An empty or inverted range has nothing; a bad one is a clear error.
    let none = ok(c
        .get(t.url(&format!(
            "/api/call-flows/{flow_id}/analytics?from=2020-01-02&to=2020-01-01"
        )))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(none["calls"], 0);
    let r = c
        .get(t.url(&format!("/api/call-flows/{flow_id}/analytics?from=soon")))
        .send()
        .await
        .unwrap();
    common::assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;

    t.cleanup().await;
});

conformance!(voicemail_and_hang_ups_in_the_flow_are_not_routed, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = campaign(
        &t,
        &c,
        &[("Premium", BUYER, None, 1, None, None, "42.00")],
        json!({}),
    )
    .await;
    attach_flow(&t, &c, &campaign_id, intake()).await;

    // Key 2: a voicemail, kept with the call.
    incoming(&t, "CAvm", "+13105550101", TRACKING).await;
    let record = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1",
        &[("CallSid", "CAvm"), ("Digits", "2")],
    )
    .await;
    assert!(
        record.contains("<Record action=\"http://localhost:5000/api/webhooks/twilio/flow?seq=2&amp;event=recorded\""),
        "{record}"
    );
    assert!(record.contains("maxLength=\"60\""), "{record}");
    let bye = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=2&event=recorded",
        &[
            ("CallSid", "CAvm"),
            ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
            ("RecordingSid", "RE1"),
            ("RecordingDuration", "14"),
        ],
    )
    .await;
    assert!(bye.contains("<Hangup/>"), "{bye}");
    webhook(
        &t,
        "/api/webhooks/twilio/status",
        &[("CallSid", "CAvm"), ("CallStatus", "completed")],
    )
    .await;
    let d = call_detail(&t, &c, "CAvm").await;
    assert_eq!(d["recordingUrl"], "https://api.twilio.com/rec/RE1", "{d}");
    assert_eq!(d["flow"]["end"], "voicemail");
    assert_eq!(d["disposition"], "no_route", "{d}");
    assert_eq!(d["revenue"], "0.00");

    // Silence at the menu: the flow hangs up. The caller hung up
    // mid-flow on another call: no route, the path up to there.
    incoming(&t, "CAquiet", "+13105550102", TRACKING).await;
    let bye = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1&event=timeout",
        &[("CallSid", "CAquiet")],
    )
    .await;
    assert!(bye.ends_with("<Hangup/></Response>"), "{bye}");
    incoming(&t, "CAgone", "+13105550103", TRACKING).await;
    webhook(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAgone"),
            ("CallStatus", "completed"),
            ("CallDuration", "7"),
        ],
    )
    .await;
    let d = call_detail(&t, &c, "CAgone").await;
    assert_eq!(d["disposition"], "no_route", "{d}");
    assert_eq!(d["status"], "completed", "{d}");
    assert_eq!(d["flow"]["waitingAt"], "menu");
    // A late step for an ended call: a hang-up, nothing changes.
    let late = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1",
        &[("CallSid", "CAgone"), ("Digits", "1")],
    )
    .await;
    assert!(late.contains("<Hangup/>"), "{late}");
    // A step for a call we never saw: valid TwiML all the same.
    let unknown = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1",
        &[("CallSid", "CAnever"), ("Digits", "1")],
    )
    .await;
    assert!(unknown.contains("<Hangup/>"), "{unknown}");
    // Garbage in the step: still TwiML.
    let junk = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=abc",
        &[("CallSid", "CAvm\u{0}"), ("Digits", "\u{1F4DE}")],
    )
    .await;
    assert!(junk.contains("<Hangup/>"), "{junk}");
    t.cleanup().await;
});

conformance!(
    a_flow_is_simulated_without_a_call_and_kept_to_its_account,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let flow = ok(c
            .post(t.url("/api/call-flows"))
            .json(&json!({"name": "Intake", "graph": intake()}))
            .send()
            .await
            .unwrap())
        .await;
        let id = flow["id"].as_i64().unwrap();
        let sim = ok(c
            .post(t.url(&format!("/api/call-flows/{id}/simulate")))
            .json(&json!({
                "caller": {"number": "+13055550100", "state": "FL"},
                "at": "2026-12-07T15:00:00Z",
                "inputs": [{"digits": "1"}, {"digits": "33101#"}]
            }))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(sim["end"]["kind"], "routeToBuyers", "{sim}");
        assert_eq!(sim["variables"]["zip"], "33101");
        let steps = sim["steps"].as_array().unwrap();
        let ids: Vec<&str> = steps
            .iter()
            .map(|s| s["nodeId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["start", "hello", "menu", "zip", "router", "buyers"]);
        assert!(
            steps[2]["twiml"].as_str().unwrap().contains("<Gather"),
            "{sim}"
        );
        assert_eq!(steps[2]["input"], "1");
        assert_eq!(steps[4]["output"], "miami");
        assert_eq!(sim["problems"], json!([]));
        // Inputs run out while the flow asks: it says where it waits.
        let sim = ok(c
            .post(t.url(&format!("/api/call-flows/{id}/simulate")))
            .json(&json!({"inputs": []}))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(sim["end"]["kind"], "waiting");
        assert_eq!(sim["end"]["nodeId"], "menu");
        // Bad input: a clear error.
        for body in [
            json!({"inputs": [{"digits": "12a"}]}),
            json!({"inputs": [{"digits": "1", "speech": "yes"}]}),
            json!({"at": "yesterday"}),
            json!({"graph": {"nodes": [{"id": "x", "type": "teleport"}]}}),
            json!({"inputs": vec![json!({}); 51]}),
        ] {
            let r = c
                .post(t.url(&format!("/api/call-flows/{id}/simulate")))
                .json(&body)
                .send()
                .await
                .unwrap();
            common::assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        }

        // Another account sees none of it, and cannot attach it.
        let (mallory, _) = t.signed_in("mallory").await;
        let r = mallory
            .post(t.url(&format!("/api/call-flows/{id}/simulate")))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = mallory
            .get(t.url(&format!("/api/call-flows/{id}/analytics")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);

        let theirs = ok(mallory
            .post(t.url("/api/campaigns"))
            .json(&json!({"name": "Theirs", "type": "direct"}))
            .send()
            .await
            .unwrap())
        .await;
        let r = mallory
            .patch(t.url(&format!(
                "/api/campaigns/{}",
                theirs["id"].as_str().unwrap()
            )))
            .json(&json!({"callFlowId": id}))
            .send()
            .await
            .unwrap();
        let e = common::assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], "callFlowId", "{e}");

        // A flow a campaign runs cannot be deleted.
        let mine = ok(c
            .post(t.url("/api/campaigns"))
            .json(&json!({"name": "Mine", "type": "direct", "callFlowId": id}))
            .send()
            .await
            .unwrap())
        .await;
        let r = c
            .delete(t.url(&format!("/api/call-flows/{id}")))
            .send()
            .await
            .unwrap();
        common::assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
        let got = ok(c
            .get(t.url(&format!("/api/call-flows/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(got["campaigns"][0]["name"], "Mine", "{got}");
        assert_eq!(got["campaigns"][0]["id"], mine["id"]);
        t.cleanup().await;
    }
);

/// A CRM on loopback: `/plan` answers JSON, `/slow` answers too late.
async fn crm() -> String {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/plan",
            get(|| async { axum::Json(json!({"customer": {"plans": [{"name": "Gold"}]}})) }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                axum::Json(json!({}))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

fn lookup_flow(url: &str) -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "crm", "type": "lookup", "data": {"url": format!("{url}?caller=[caller]"), "timeoutMs": 500,
                "extract": {"plan": "$.customer.plans[0].name"}}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "gold", "conditions": [{"operand": {"kind": "variable", "name": "plan"}, "operator": "equals", "values": ["gold"]}]}
            ]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "crm"},
            {"id": "e2", "source": "crm", "sourceHandle": "success", "target": "router"},
            {"id": "e3", "source": "crm", "sourceHandle": "failure", "target": "bye"},
            {"id": "e4", "source": "router", "sourceHandle": "gold", "target": "buyers"},
            {"id": "e5", "source": "router", "sourceHandle": "default", "target": "bye"}
        ]
    })
}

conformance!(
    a_lookup_fills_variables_from_an_api_within_its_deadline,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let base = crm().await;
        let campaign_id = campaign(
            &t,
            &c,
            &[("Premium", BUYER, None, 1, None, None, "42.00")],
            json!({}),
        )
        .await;
        let flow_id = attach_flow(&t, &c, &campaign_id, lookup_flow(&format!("{base}/plan"))).await;
        // The lookup runs inside the incoming call's request: a Gold customer
        // goes straight to the buyer.
        let dial = incoming(&t, "CAlookup", "+13105550100", TRACKING).await;
        assert!(dial.contains(&format!(">{BUYER}</Number>")), "{dial}");
        let d = call_detail(&t, &c, "CAlookup").await;
        assert_eq!(d["flow"]["variables"]["plan"], "Gold", "{d}");
        assert_eq!(d["flow"]["path"][1]["output"], "success");

        // Too slow: the failure output, with the reason, within the deadline.
        let started = std::time::Instant::now();
        let sim = ok(c
            .post(t.url(&format!("/api/call-flows/{flow_id}/simulate")))
            .json(&json!({"graph": lookup_flow(&format!("{base}/slow"))}))
            .send()
            .await
            .unwrap())
        .await;
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(sim["end"]["kind"], "hangup", "{sim}");
        assert_eq!(sim["steps"][1]["output"], "failure");
        assert_eq!(sim["steps"][1]["note"], "timed out", "{sim}");
        // Nothing listens there: failure too.
        let sim = ok(c
            .post(t.url(&format!("/api/call-flows/{flow_id}/simulate")))
            .json(&json!({"graph": lookup_flow("http://127.0.0.1:9/none")}))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(sim["steps"][1]["output"], "failure", "{sim}");
        t.cleanup().await;
    }
);

conformance!(a_dialled_number_hears_the_whisper_before_the_caller, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = campaign(
        &t,
        &c,
        &[("Premium", BUYER, None, 1, None, None, "42.00")],
        json!({}),
    )
    .await;
    let graph = json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "desk", "type": "dial", "data": {"number": "+13055550123", "whisper": "Caller from the Médicare IVR 📞", "callerId": "+18005550000"}},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "desk"},
            {"id": "e2", "source": "desk", "sourceHandle": "noAnswer", "target": "bye"}
        ]
    });
    attach_flow(&t, &c, &campaign_id, graph).await;
    let dial = incoming(&t, "CAwhisper", "+13105550100", TRACKING).await;
    assert!(dial.contains(">+13055550123</Number>"), "{dial}");
    assert!(dial.contains(r#"callerId="+18005550000""#), "{dial}");
    let path = "/api/webhooks/twilio/whisper?parent=CAwhisper&node=desk";
    assert!(
        dial.contains(&format!(
            "url=\"http://localhost:5000{}\"",
            path.replace('&', "&amp;")
        )),
        "{dial}"
    );
    // The answering party's leg asks for the whisper.
    let heard = webhook(&t, path, &[("CallSid", "CAdeskLeg")]).await;
    assert!(
        heard.contains("<Say>Caller from the Médicare IVR 📞</Say>"),
        "{heard}"
    );
    // Another node, or another call: nothing to say.
    let none = webhook(
        &t,
        "/api/webhooks/twilio/whisper?parent=CAother&node=desk",
        &[("CallSid", "CAx")],
    )
    .await;
    assert!(!none.contains("<Say>"), "{none}");
    // Nobody answers: the flow goes on by noAnswer (here, a hang-up).
    let bye = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1&event=dial",
        &[("CallSid", "CAwhisper"), ("DialCallStatus", "no-answer")],
    )
    .await;
    assert!(bye.contains("<Hangup/>"), "{bye}");
    let d = call_detail(&t, &c, "CAwhisper").await;
    assert_eq!(d["flow"]["path"][1]["output"], "noAnswer", "{d}");
    assert_eq!(d["flow"]["end"], "hangup");
    t.cleanup().await;
});

/// Age -> a script scores the caller -> hot to the buyers; cold or a
/// failed script hangs up.
fn script_flow(script: &str) -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "age", "type": "gather", "data": {"prompt": say("Your age, then pound"), "variable": "age", "minDigits": 2, "maxDigits": 3, "retries": 0}},
            {"id": "score", "type": "customLogic", "data": {"script": script, "outputs": ["hot", "cold"], "sets": ["tier"]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "age"},
            {"id": "e2", "source": "age", "sourceHandle": "success", "target": "score"},
            {"id": "e3", "source": "age", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e4", "source": "age", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e5", "source": "score", "sourceHandle": "hot", "target": "buyers"},
            {"id": "e6", "source": "score", "sourceHandle": "cold", "target": "bye"},
            {"id": "e7", "source": "score", "sourceHandle": "error", "target": "bye"}
        ]
    })
}

const SCORE: &str = "const age = Number(vars.age);\nconst senior = age >= 65;\nif (senior && call.areaCode === '310') return { output: 'hot', vars: { tier: 'Sénior 🎯' } };\nreturn 'cold';";

conformance!(a_script_decides_where_a_live_call_goes, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = campaign(
        &t,
        &c,
        &[("Premium", BUYER, None, 1, None, None, "42.00")],
        json!({}),
    )
    .await;
    let flow_id = attach_flow(&t, &c, &campaign_id, script_flow(SCORE)).await;
    // A 67-year-old caller from 310: the script sends the call to the buyer.
    incoming(&t, "CAscript1", "+13105550100", TRACKING).await;
    let step = "/api/webhooks/twilio/flow?seq=1";
    let dial = webhook(&t, step, &[("CallSid", "CAscript1"), ("Digits", "67")]).await;
    assert!(dial.contains(&format!(">{BUYER}</Number>")), "{dial}");
    let d = call_detail(&t, &c, "CAscript1").await;
    assert_eq!(nodes(&d), ["start", "age", "score", "buyers"], "{d}");
    assert_eq!(d["flow"]["path"][2]["output"], "hot");
    assert_eq!(d["flow"]["variables"]["tier"], "Sénior 🎯");
    // A younger caller: cold, hung up.
    incoming(&t, "CAscript2", "+13105550101", TRACKING).await;
    let bye = webhook(&t, step, &[("CallSid", "CAscript2"), ("Digits", "30")]).await;
    assert!(bye.contains("<Hangup/>"), "{bye}");

    // A script that never ends: the error output after its time limit, and
    // the caller still gets valid TwiML.
    ok(c.put(t.url(&format!("/api/call-flows/{flow_id}")))
        .json(&json!({"name": "Intake", "graph": script_flow("while (true) {}")}))
        .send()
        .await
        .unwrap())
    .await;
    ok(c.post(t.url(&format!("/api/call-flows/{flow_id}/publish")))
        .json(&json!({"note": "loops"}))
        .send()
        .await
        .unwrap())
    .await;
    incoming(&t, "CAscript3", "+13105550102", TRACKING).await;
    let started = std::time::Instant::now();
    let bye = webhook(&t, step, &[("CallSid", "CAscript3"), ("Digits", "67")]).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert!(bye.contains("<Hangup/>"), "{bye}");
    let d = call_detail(&t, &c, "CAscript3").await;
    assert_eq!(d["flow"]["path"][2]["output"], "error", "{d}");
    assert_eq!(
        d["flow"]["path"][2]["note"],
        "the script ran longer than 50 ms"
    );

    // The simulation runs scripts in the same sandbox; escapes fail there too.
    for (script, note) in [
        (SCORE, None),
        (
            "return require('fs') ? 'hot' : 'cold'",
            Some("the script failed: require is not defined"),
        ),
        (
            "const a = []; for (;;) a.push(new Array(100000).fill(1)); return 'hot'",
            Some("the script used more than 16 MB of memory"),
        ),
    ] {
        let sim = ok(c
            .post(t.url(&format!("/api/call-flows/{flow_id}/simulate")))
            .json(&json!({"graph": script_flow(script), "caller": {"number": "+13105550100"}, "inputs": [{"digits": "70"}]}))
            .send()
            .await
            .unwrap())
        .await;
        let score = &sim["steps"][2];
        assert_eq!(score["nodeId"], "score", "{sim}");
        match note {
            None => {
                assert_eq!(score["output"], "hot", "{sim}");
                assert_eq!(sim["end"]["kind"], "routeToBuyers", "{sim}");
            }
            Some(note) => {
                assert_eq!(score["output"], "error", "{sim}");
                assert_eq!(score["note"], note, "{sim}");
            }
        }
    }
    t.cleanup().await;
});

conformance!(an_auction_run_from_a_flow_keeps_its_bids, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = rtb_campaign(
        &t,
        &c,
        vec![
            devtools::mock::MockBidder::bid("12.50", 5),
            devtools::mock::MockBidder::bid("31.20", 5),
            devtools::mock::MockBidder::NoBid,
        ],
        "message",
    )
    .await;
    let graph = json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1 for a quote"), "keys": ["1"], "retries": 0}},
            {"id": "auction", "type": "rtbAuction"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "menu"},
            {"id": "e2", "source": "menu", "sourceHandle": "1", "target": "auction"},
            {"id": "e3", "source": "menu", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e4", "source": "menu", "sourceHandle": "invalid", "target": "bye"}
        ]
    });
    attach_flow(&t, &c, &campaign_id, graph).await;
    let menu = incoming(&t, "CAflowAuction", "+13105550100", TRACKING).await;
    assert!(menu.contains("<Gather"), "{menu}");
    let dial = webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1",
        &[("CallSid", "CAflowAuction"), ("Digits", "1")],
    )
    .await;
    let d = call_detail(&t, &c, "CAflowAuction").await;
    assert!(
        dial.contains(&format!(">{}</Number>", devtools::mock::MOCK_DESTINATION)),
        "{dial}\n{d}"
    );
    // The call names its winner, and its detail holds the whole auction.
    let d = call_detail(&t, &c, "CAflowAuction").await;
    assert_eq!(d["rtbTargetName"], "Bidder 1", "{d}");
    let a = &d["auction"];
    assert_eq!(a["auctionStatus"], "won", "{d}");
    assert_eq!(a["winningTargetName"], "Bidder 1", "{a}");
    assert_eq!(a["winningBid"], "31.20", "{a}");
    assert_eq!(a["bids"].as_array().map(Vec::len), Some(3), "{a}");
    // And the auction list has it, once, even if the step is retried.
    webhook(
        &t,
        "/api/webhooks/twilio/flow?seq=1",
        &[("CallSid", "CAflowAuction"), ("Digits", "1")],
    )
    .await;
    let list = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
    let mine: Vec<&Value> = list
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .filter(|r| r["callSid"] == "CAflowAuction")
        .collect();
    assert_eq!(mine.len(), 1, "{list}");
    t.cleanup().await;
});

/// A published flow named `name`; its id. Unpublished when `publish` is false.
async fn flow_named(
    t: &common::TestApp,
    c: &Client,
    name: &str,
    graph: Value,
    publish: bool,
) -> i64 {
    let flow = ok(c
        .post(t.url("/api/call-flows"))
        .json(&json!({"name": name, "graph": graph}))
        .send()
        .await
        .unwrap())
    .await;
    let id = flow["id"].as_i64().unwrap();
    if publish {
        ok(c.post(t.url(&format!("/api/call-flows/{id}/publish")))
            .json(&json!({}))
            .send()
            .await
            .unwrap())
        .await;
    }
    id
}

/// Play a greeting, then the campaign's buyers.
fn greeting_flow(text: &str) -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "hello", "type": "play", "data": {"prompt": say(text)}},
            {"id": "buyers", "type": "routeToBuyers"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "hello"},
            {"id": "e2", "source": "hello", "sourceHandle": "next", "target": "buyers"}
        ]
    })
}

conformance!(a_number_runs_its_own_flow_in_place_of_its_campaigns, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign_id = campaign(
        &t,
        &c,
        &[("Premium", BUYER, None, 1, None, None, "42.00")],
        json!({}),
    )
    .await;
    attach_flow(&t, &c, &campaign_id, intake()).await;
    // A second tracking number on the same campaign, with a flow of its own.
    const SPANISH: &str = "+18562813890";
    let spanish = ok(c
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": SPANISH}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_i64()
        .unwrap();
    ok(
        c.post(t.url(&format!("/api/campaigns/{campaign_id}/numbers")))
            .json(&json!({"phoneNumberId": spanish}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let hola = flow_named(
        &t,
        &c,
        "Línea en español 🇪🇸",
        greeting_flow("Hola, ¿cómo está?"),
        true,
    )
    .await;
    let number = ok(c
        .patch(t.url(&format!("/api/phone-numbers/{spanish}")))
        .json(&json!({"callFlowId": hola}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(number["callFlowId"], hola, "{number}");
    assert_eq!(number["callFlowName"], "Línea en español 🇪🇸", "{number}");

    // Each number answers with its own flow.
    let main = incoming(&t, "CAnum1", "+13105550100", TRACKING).await;
    assert!(main.contains("Press 1 for a plan"), "{main}");
    let own = incoming(&t, "CAnum2", "+13105550101", SPANISH).await;
    assert!(own.contains("Hola, ¿cómo está?"), "{own}");
    assert!(own.contains(&format!(">{BUYER}</Number>")), "{own}");
    let d = call_detail(&t, &c, "CAnum2").await;
    assert_eq!(d["flow"]["flowName"], "Línea en español 🇪🇸", "{d}");
    assert_eq!(nodes(&d), ["start", "hello", "buyers"]);

    // The list says who runs each flow and how many calls it had.
    let list = ok(c
        .get(t.url("/api/call-flows?sort=name"))
        .send()
        .await
        .unwrap())
    .await;
    let by_name = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {list}"))
            .clone()
    };
    let intake = by_name("Intake");
    assert_eq!(
        intake["campaigns"][0]["id"],
        campaign_id.as_str(),
        "{intake}"
    );
    assert_eq!(intake["callsLast7Days"], 1, "{intake}");
    let spanish_flow = by_name("Línea en español 🇪🇸");
    assert_eq!(spanish_flow["numbers"], 1, "{spanish_flow}");
    assert_eq!(spanish_flow["campaigns"], json!([]));
    assert_eq!(spanish_flow["callsLast7Days"], 1, "{spanish_flow}");

    // The flow names the numbers that run it, and cannot go while they do.
    let flow = ok(c
        .get(t.url(&format!("/api/call-flows/{hola}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        flow["numbers"],
        json!([{"id": spanish, "phoneNumber": SPANISH}]),
        "{flow}"
    );
    let refused = c
        .delete(t.url(&format!("/api/call-flows/{hola}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains(SPANISH),
        "{body}"
    );

    // A flow never published: the campaign's flow runs.
    let draft = flow_named(&t, &c, "Draft", greeting_flow("Not yet"), false).await;
    ok(c.patch(t.url(&format!("/api/phone-numbers/{spanish}")))
        .json(&json!({"callFlowId": draft}))
        .send()
        .await
        .unwrap())
    .await;
    let fallback = incoming(&t, "CAnum3", "+13105550102", SPANISH).await;
    assert!(fallback.contains("Press 1 for a plan"), "{fallback}");

    // Cleared: the campaign's flow again, and the flow can be deleted.
    let cleared = ok(c
        .patch(t.url(&format!("/api/phone-numbers/{spanish}")))
        .json(&json!({"callFlowId": null}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(cleared["callFlowId"], Value::Null, "{cleared}");
    let again = incoming(&t, "CAnum4", "+13105550103", SPANISH).await;
    assert!(again.contains("Press 1 for a plan"), "{again}");
    ok(c.delete(t.url(&format!("/api/call-flows/{hola}")))
        .send()
        .await
        .unwrap())
    .await;

    // Another account can neither use alice's flow nor touch her number.
    let (b, _) = t.signed_in("bob").await;
    let bobs = ok(b
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": "+18562813891"}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_i64()
        .unwrap();
    for (path, body) in [
        (
            format!("/api/phone-numbers/{bobs}"),
            json!({"callFlowId": draft}),
        ),
        (
            format!("/api/phone-numbers/{spanish}"),
            json!({"callFlowId": null}),
        ),
    ] {
        let r = b.patch(t.url(&path)).json(&body).send().await.unwrap();
        assert!(
            matches!(
                r.status(),
                StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY
            ),
            "{path}: {}",
            r.status()
        );
    }
    let r = b
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": "+18562813892", "callFlowId": draft}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["details"]["field"], "callFlowId", "{body}");
    // Nothing was registered by the refused request.
    let list = ok(b.get(t.url("/api/phone-numbers")).send().await.unwrap()).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    t.cleanup().await;
});
