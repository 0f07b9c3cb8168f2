//! The binary as an operator uses it: migrate, create a user, serve, and
//! stop gracefully on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn temp_db() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("ccp-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/cli.db", dir.display());
    (dir, url)
}

fn callcenter(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_callcenter"));
    // The server's local files beside its database.
    if let Some(dir) = url
        .strip_prefix("sqlite://")
        .and_then(|p| std::path::Path::new(p).parent())
    {
        c.env("CALLCENTER_DATA_DIR", dir);
    }
    c.env("DATABASE_URL", url)
        .env("CALLCENTER_CONFIG", "/nonexistent/callcenter.toml")
        .env("CALLCENTER_LOG_FORMAT", "json")
        .env_remove("CALLCENTER_PORT");
    c
}

#[test]
fn migrate_and_user_create_work_and_refuse_bad_input() {
    let (dir, url) = temp_db();
    let out = callcenter(&url).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = callcenter(&url)
        .args([
            "user",
            "create",
            "--username",
            "carol",
            "--email",
            "carol@example.com",
        ])
        .env("CALLCENTER_NEW_PASSWORD", "a fine password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created user carol"));

    let dup = callcenter(&url)
        .args([
            "user",
            "create",
            "--username",
            "CAROL",
            "--password",
            "another password",
        ])
        .output()
        .unwrap();
    assert!(!dup.status.success(), "a taken username is refused");

    let short = callcenter(&url)
        .args([
            "user",
            "create",
            "--username",
            "dave",
            "--password",
            "short",
        ])
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("password"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn invalid_configuration_is_refused_at_start_with_the_setting_named() {
    let out = callcenter("mysql://nope").arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
}

/// Start `callcenter serve` on a free port; returns the child and its address.
fn start(url: &str, extra: &[(&str, &str)]) -> (std::process::Child, String) {
    let mut cmd = callcenter(url);
    cmd.env("CALLCENTER_PORT", "0")
        .env("CALLCENTER_BIND", "127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("server exited before listening")
            .unwrap();
        if line.contains("is listening") {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            break v["address"].as_str().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, address)
}

#[tokio::test]
async fn a_call_answered_is_never_lost_to_kill_9() {
    let (dir, url) = temp_db();
    let env = [
        ("CALLCENTER_TWILIO_AUTH_TOKEN", "kill-test-token"),
        ("CALLCENTER_PUBLIC_URL", "https://calls.example.com"),
    ];
    let (mut child, address) = start(&url, &env);
    let params: Vec<(String, String)> = [
        ("CallSid", "CAkill9"),
        ("AccountSid", "AC1"),
        ("From", "+13105550100"),
        ("To", "+18562813800"),
        ("CallStatus", "ringing"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let sig = telephony::signature::compute(
        "kill-test-token",
        "https://calls.example.com/api/webhooks/twilio",
        &params,
    );
    let r = reqwest::Client::new()
        .post(format!("http://{address}/api/webhooks/twilio"))
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("<Response>"));
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();

    let (mut child, address) = start(&url, &env);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    client
        .post(format!("http://{address}/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    let dash: serde_json::Value = client
        .get(format!("http://{address}/api/stats/dashboard"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        dash["recentCalls"][0]["fromNumber"], "+13105550100",
        "{dash}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn serves_the_demo_account_and_stops_gracefully_on_sigterm() {
    let (dir, url) = temp_db();
    let (mut child, address) = start(&url, &[]);

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = client
        .post(format!("http://{address}/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        login.status(),
        200,
        "the demo account exists on first start"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut waited = Duration::ZERO;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            waited < Duration::from_secs(10),
            "server did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
        waited += Duration::from_millis(50);
    };
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn seed_calls_fills_the_demo_account_with_calls_the_explorer_shows() {
    let (dir, url) = temp_db();
    // The first start creates the demo account and its campaigns.
    let (mut child, _) = start(&url, &[]);
    child.kill().unwrap();
    child.wait().unwrap();
    let out = callcenter(&url)
        .args(["seed-calls", "--count", "2500", "--days", "30"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("wrote 2500 calls"));
    let again = callcenter(&url)
        .args(["seed-calls", "--count", "2500", "--days", "30"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("wrote 0 calls"),
        "the same seed writes nothing twice"
    );

    let (mut child, address) = start(&url, &[]);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    client
        .post(format!("http://{address}/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    let page: serde_json::Value = client
        .get(format!("http://{address}/api/calls?limit=5"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2500);
    let history: serde_json::Value = client
        .get(format!("http://{address}/api/stats/historical?days=30"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        history["totalRevenue"].as_str().unwrap() != "0.00",
        "{history}"
    );

    // The demo RTB campaign is live with its five bidders (the ports of
    // `callcenter mock-bidders --count 5`), and its seeded calls came with
    // their auctions.
    let get = |path: &str| {
        let request = client.get(format!("http://{address}{path}"));
        async move {
            let r = request.send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            let total: i64 = r
                .headers()
                .get("x-total-count")
                .map_or(-1, |v| v.to_str().unwrap().parse().unwrap());
            (r.json::<serde_json::Value>().await.unwrap(), total)
        }
    };
    let (targets, _) = get("/api/rtb/targets?sort=name&order=asc").await;
    let targets = targets.as_array().unwrap();
    let names: Vec<&str> = targets
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Demo Bidder A",
            "Demo Bidder B",
            "Demo Bidder C",
            "Demo Bidder D",
            "Demo Bidder E"
        ]
    );
    for (i, t) in targets.iter().enumerate() {
        assert_eq!(
            t["endpointUrl"],
            format!("http://127.0.0.1:{}/bid", 7000 + i)
        );
        assert_eq!(t["status"], "active");
    }
    let (campaigns, _) = get("/api/campaigns?search=Final%20Expense%20RTB").await;
    let rtb = campaigns
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Final Expense RTB")
        .unwrap();
    assert_eq!(rtb["status"], "active", "{rtb}");
    let id = rtb["id"].as_str().unwrap();
    let (assigned, _) = get(&format!("/api/rtb/campaigns/{id}/targets")).await;
    let assigned = assigned.as_array().unwrap();
    assert_eq!(assigned.len(), 5, "{assigned:?}");
    assert!(assigned.iter().all(|a| a["enabled"] == true));
    let target_ids: Vec<&serde_json::Value> = targets.iter().map(|t| &t["id"]).collect();
    assert!(
        assigned
            .iter()
            .all(|a| target_ids.contains(&&a["rtbTargetId"]))
    );
    let (_, auctions) = get("/api/rtb/bid-requests?limit=1").await;
    let (page, _) = get(&format!("/api/calls?campaignId={id}&limit=1")).await;
    let rtb_calls = page["total"].as_i64().unwrap();
    assert!(
        auctions > 0,
        "seeded calls on the RTB campaign have auctions"
    );
    assert_eq!(
        auctions, rtb_calls,
        "one auction per RTB call, none for others"
    );
    let (_, won) = get("/api/rtb/bid-requests?hasWinner=true&limit=1").await;
    assert!(won > 0 && won <= auctions, "{won} of {auctions}");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

/// A signed incoming call to the server at `address`; the TwiML.
async fn call(address: &str, sid: &str, from: &str, to: &str) -> String {
    let params = [
        ("CallSid", sid),
        ("AccountSid", "AC1"),
        ("From", from),
        ("To", to),
        ("CallStatus", "ringing"),
    ];
    signed(address, "/api/webhooks/twilio", &params).await
}

#[tokio::test]
async fn simulate_names_the_buyer_the_next_live_call_rings() {
    let (dir, url) = temp_db();
    let env = [
        ("CALLCENTER_TWILIO_AUTH_TOKEN", "sim-test-token"),
        ("CALLCENTER_PUBLIC_URL", "https://calls.example.com"),
    ];
    let (mut child, address) = start(&url, &env);
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let api = |path: &str| format!("http://{address}{path}");
    c.post(api("/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    let post = |path: String, body: serde_json::Value| {
        let c = c.clone();
        async move {
            let r = c.post(path).json(&body).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let id = post(
        api("/api/campaigns"),
        serde_json::json!({"name": "Rotation", "type": "direct", "callRoutingStrategy": "round_robin"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tracking = "+18562813877";
    let number = post(
        api("/api/phone-numbers"),
        serde_json::json!({"phoneNumber": tracking}),
    )
    .await["id"]
        .clone();
    post(
        api(&format!("/api/campaigns/{id}/numbers")),
        serde_json::json!({"phoneNumberId": number}),
    )
    .await;
    let mut terms = vec![];
    for (name, phone) in [("Rot A", "+12125550161"), ("Rot B", "+12125550162")] {
        let b = post(
            api("/api/buyers"),
            serde_json::json!({"name": name, "phone": phone, "payout": "10.00"}),
        )
        .await;
        terms.push(serde_json::json!({"buyerId": b["id"], "priority": 5}));
    }
    let r = c
        .put(api(&format!("/api/campaigns/{id}/buyers")))
        .json(&terms)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let r = c
        .patch(api(&format!("/api/campaigns/{id}")))
        .json(&serde_json::json!({"status": "active"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let first = call(&address, "CArot1", "+13105550601", tracking).await;
    assert!(first.contains("<Dial"), "{first}");
    child.kill().unwrap();
    child.wait().unwrap();

    let out = callcenter(&url)
        .args(["simulate", "--campaign", &id, "--caller", "+13105550602"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let named = ["+12125550161", "+12125550162"]
        .into_iter()
        .find(|n| {
            text.lines()
                .any(|l| l.starts_with("would ring") && l.contains(n))
        })
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        !first.contains(named),
        "the next in rotation, not the last: {text}"
    );
    assert!(text.contains("unknown:"), "{text}");

    let (mut child, address) = start(&url, &env);
    let next = call(&address, "CArot2", "+13105550603", tracking).await;
    assert!(next.contains(named), "simulate said {named}: {next}");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn seed_calls_prepares_a_fresh_data_directory_itself() {
    let (dir, url) = temp_db();
    let out = callcenter(&url)
        .args(["seed-calls", "--count", "50", "--days", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("wrote 50 calls for sumit"), "{text}");
    let out = callcenter(&url)
        .args(["seed-calls", "--count", "5", "--username", "nobody"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("callcenter user create --username nobody"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// POST a signed carrier webhook (token `sim-test-token`, public URL
/// `https://calls.example.com`) to `path` on `address`; the TwiML.
async fn signed(address: &str, path: &str, params: &[(&str, &str)]) -> String {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let sig = telephony::signature::compute(
        "sim-test-token",
        &format!("https://calls.example.com{path}"),
        &params,
    );
    let r = reqwest::Client::new()
        .post(format!("http://{address}{path}"))
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

#[tokio::test]
async fn a_call_in_a_flow_goes_on_after_kill_9_between_steps() {
    let (dir, url) = temp_db();
    let env = [
        ("CALLCENTER_TWILIO_AUTH_TOKEN", "sim-test-token"),
        ("CALLCENTER_PUBLIC_URL", "https://calls.example.com"),
    ];
    let (mut child, address) = start(&url, &env);
    let api = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let base = format!("http://{address}");
    api.post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    // The demo's Medicare Direct campaign runs a menu: 1 -> its buyers.
    let say = |t: &str| serde_json::json!({"kind": "say", "text": t});
    let graph = serde_json::json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1"), "keys": ["1"]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "menu"},
            {"id": "e2", "source": "menu", "sourceHandle": "1", "target": "buyers"},
            {"id": "e3", "source": "menu", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e4", "source": "menu", "sourceHandle": "invalid", "target": "bye"}
        ]
    });
    let flow: serde_json::Value = api
        .post(format!("{base}/api/call-flows"))
        .json(&serde_json::json!({"name": "Kill test", "graph": graph}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let flow_id = flow["id"].as_i64().unwrap();
    let published = api
        .post(format!("{base}/api/call-flows/{flow_id}/publish"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200);
    let campaigns: serde_json::Value = api
        .get(format!("{base}/api/campaigns?search=Medicare%20Direct"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = campaigns
        .as_array()
        .or_else(|| campaigns["campaigns"].as_array())
        .cloned()
        .unwrap_or_default();
    let medicare = list
        .iter()
        .find(|c| c["name"] == "Medicare Direct")
        .unwrap_or_else(|| panic!("{campaigns}"));
    let patched = api
        .patch(format!(
            "{base}/api/campaigns/{}",
            medicare["id"].as_str().unwrap()
        ))
        .json(&serde_json::json!({"callFlowId": flow_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);

    let menu = signed(
        &address,
        "/api/webhooks/twilio",
        &[
            ("CallSid", "CAflowkill"),
            ("AccountSid", "AC1"),
            ("From", "+13105550177"),
            ("To", "+18562813800"),
            ("CallStatus", "ringing"),
        ],
    )
    .await;
    assert!(
        menu.contains("<Gather") && menu.contains("flow?seq=1"),
        "{menu}"
    );
    child.kill().unwrap(); // SIGKILL between two steps
    child.wait().unwrap();

    let (mut child, address) = start(&url, &env);
    let step = [("CallSid", "CAflowkill"), ("Digits", "1")];
    // The key press is understood where the call was: it leaves the flow
    // for the campaign's routing (a buyer, or its fallback when the demo
    // buyers are closed at this hour).
    let routed = signed(&address, "/api/webhooks/twilio/flow?seq=1", &step).await;
    assert!(!routed.contains("<Gather"), "{routed}");
    assert!(!routed.contains("we cannot take your call"), "{routed}");
    // The carrier retries the step: the same answer, nothing taken twice.
    let again = signed(&address, "/api/webhooks/twilio/flow?seq=1", &step).await;
    assert_eq!(again, routed);
    let api = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let base = format!("http://{address}");
    api.post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": "sumit", "password": "demo123"}))
        .send()
        .await
        .unwrap();
    let calls: serde_json::Value = api
        .get(format!("{base}/api/calls?search=CAflowkill"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = calls["calls"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{calls}"));
    let detail: serde_json::Value = api
        .get(format!("{base}/api/calls/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["flow"]["end"], "routeToBuyers", "{detail}");
    assert_eq!(detail["flow"]["path"][1]["input"], "1", "{detail}");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
