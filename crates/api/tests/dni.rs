//! Dynamic number insertion through the API: tracking tags are created,
//! read, changed and deleted within their account; the public track
//! endpoint leases one pool number per visitor session and never the same
//! number to two live sessions (500 concurrent visitors on a pool of 50,
//! on both databases); the fallback shows when the pool is exhausted and
//! to bots; other sites, floods, huge and malformed bodies are refused;
//! the snippet is served small and cacheable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

/// A campaign with a pool of `size` numbers (+1 212 555 01xx); `(campaign, pool)`.
async fn pool_campaign(t: &TestApp, c: &Client, size: usize, first: u32) -> (String, i64) {
    let pool = ok(c
        .post(t.url("/api/pools"))
        .json(&json!({"name": format!("Web pool {first}")}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..size as u32 {
        let n = ok(c
            .post(t.url("/api/phone-numbers"))
            .json(&json!({"phoneNumber": format!("+1212555{:04}", first + i)}))
            .send()
            .await
            .unwrap())
        .await;
        ids.push(n["id"].as_i64().unwrap());
    }
    ok(c.post(t.url(&format!("/api/pools/{pool}/numbers")))
        .json(&json!({"phoneNumberIds": ids}))
        .send()
        .await
        .unwrap())
    .await;
    let campaign = ok(c
        .post(t.url("/api/campaigns"))
        .json(&json!({"name": format!("Web {first}"), "type": "pool", "poolId": pool}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    (campaign, pool)
}

async fn create_tag(t: &TestApp, c: &Client, body: Value) -> reqwest::Response {
    c.post(t.url("/api/dni/tags"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A visit: the track request a page sends.
async fn track(t: &TestApp, origin: Option<&str>, body: Value) -> reqwest::Response {
    let mut r = Client::new()
        .post(t.url("/api/dni/track"))
        .header("content-type", "text/plain")
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");
    if let Some(o) = origin {
        r = r.header("origin", o);
    }
    r.body(body.to_string()).send().await.unwrap()
}

fn visit(tag: &str, session: &str) -> Value {
    json!({
        "tagCode": tag,
        "sessionId": session,
        "visitorId": format!("v_{session}"),
        "referrer": "https://www.google.com/",
        "url": "https://landing.example/health?utm_source=google&email=jo%40x.com#top",
        "utmParams": {"utm_source": "google", "utm_medium": "cpc", "utm_campaign": "Été 🌞", "gclid": "abc"}
    })
}

conformance!(
    tags_are_created_read_changed_and_deleted_in_their_account,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (campaign, pool) = pool_campaign(&t, &c, 2, 100).await;
        let r = create_tag(
        &t,
        &c,
        json!({"tagCode": "landing_page_v2", "campaignId": campaign,
               "description": "Main landing page — été 🌞", "attributionWindow": 30, "status": "active"}),
    )
    .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let created: Value = r.json().await.unwrap();
        assert_eq!(created["tagCode"], "landing_page_v2");
        assert_eq!(created["created"], true);
        let js = created["jsCode"].as_str().unwrap();
        assert!(
            js.starts_with(r#"<script async src="http://localhost:5000/dni.js?v="#)
                && js.ends_with(r#" data-tag="landing_page_v2"></script>"#),
            "{js}"
        );
        let id = created["id"].as_i64().unwrap();
        let tag = ok(c
            .get(t.url(&format!("/api/dni/tags/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(tag["numberSource"], "pool", "{tag}");
        assert_eq!(tag["poolId"], pool, "the campaign's pool by default");
        assert_eq!(tag["poolSize"], 2);
        assert_eq!(tag["selectors"], r#".phone-number, [data-dni="phone"]"#);
        assert_eq!(tag["description"], "Main landing page — été 🌞");
        assert_eq!(tag["lastSeenAt"], Value::Null);

        // Saved whole: settings cleaned, consent mode in the snippet.
        let saved = ok(c
            .put(t.url(&format!("/api/dni/tags/{id}")))
            .json(
                &json!({"tagCode": "landing_page_v2", "campaignId": campaign, "name": "Landing",
            "allowedDomains": [" Landing.Example "], "swapNumbers": ["(800) 555-1234"],
            "consentMode": true, "displayFormat": "dashes", "sessionMinutes": 45,
            "fallbackNumber": "800.555.1234"}),
            )
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(saved["allowedDomains"], json!(["landing.example"]));
        assert_eq!(saved["swapNumbers"], json!(["+18005551234"]));
        assert_eq!(saved["fallbackNumber"], "+18005551234");
        assert!(
            saved["jsCode"]
                .as_str()
                .unwrap()
                .contains(r#"data-consent="required""#)
        );

        // Bad input: a clear error naming the field, nothing changed.
        let bad = [
            (
                json!({"tagCode": "has space", "campaignId": campaign}),
                "tagCode",
            ),
            (json!({"tagCode": "", "campaignId": campaign}), "tagCode"),
            (
                json!({"tagCode": "ok\u{0}", "campaignId": campaign}),
                "tagCode",
            ),
            (
                json!({"tagCode": "x".repeat(101), "campaignId": campaign}),
                "tagCode",
            ),
            (json!({"tagCode": "ok", "campaignId": "nope"}), "campaignId"),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "attributionWindow": 0}),
                "attributionWindow",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "sessionMinutes": 2}),
                "sessionMinutes",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "status": "paused"}),
                "status",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "numberSource": "static"}),
                "staticNumberId",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "allowedDomains": ["https://x.example/"]}),
                "allowedDomains",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "fallbackNumber": "call us"}),
                "fallbackNumber",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "selectors": "a { color: red }"}),
                "selectors",
            ),
            (
                json!({"tagCode": "ok", "campaignId": campaign, "visitors": "matching"}),
                "sourceRules",
            ),
        ];
        for (body, field) in bad {
            let r = create_tag(&t, &c, body.clone()).await;
            let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
            assert_eq!(e["error"]["details"]["field"], field, "{body}: {e}");
        }
        // Codes are unique on the platform, in any case.
        let r = create_tag(
            &t,
            &c,
            json!({"tagCode": "LANDING_PAGE_V2", "campaignId": campaign}),
        )
        .await;
        assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
        let list = ok(c.get(t.url("/api/dni/tags")).send().await.unwrap()).await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

        // Another account: sees nothing, touches nothing, cannot use alice's
        // campaign or pool, nor take her tag's code.
        let (b, _) = t.signed_in("bob").await;
        let empty = ok(b.get(t.url("/api/dni/tags")).send().await.unwrap()).await;
        assert_eq!(empty, json!([]));
        for r in [
            b.get(t.url(&format!("/api/dni/tags/{id}")))
                .send()
                .await
                .unwrap(),
            b.get(t.url(&format!("/api/dni/tags/{id}/sessions")))
                .send()
                .await
                .unwrap(),
            b.put(t.url(&format!("/api/dni/tags/{id}")))
                .json(&json!({"tagCode": "mine", "campaignId": campaign}))
                .send()
                .await
                .unwrap(),
            b.delete(t.url(&format!("/api/dni/tags/{id}")))
                .send()
                .await
                .unwrap(),
        ] {
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
        }
        let (bobs_campaign, _) = pool_campaign(&t, &b, 1, 900).await;
        let r = create_tag(&t, &b, json!({"tagCode": "bob1", "campaignId": campaign})).await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        let r = create_tag(
            &t,
            &b,
            json!({"tagCode": "bob1", "campaignId": bobs_campaign, "poolId": pool}),
        )
        .await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], "poolId");
        let r = create_tag(
            &t,
            &b,
            json!({"tagCode": "landing_page_v2", "campaignId": bobs_campaign}),
        )
        .await;
        assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;

        // Deleted: gone, and its code is free again.
        ok(c.delete(t.url(&format!("/api/dni/tags/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        let r = c
            .get(t.url(&format!("/api/dni/tags/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = create_tag(
            &t,
            &b,
            json!({"tagCode": "landing_page_v2", "campaignId": bobs_campaign}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        t.cleanup().await;
    }
);

conformance!(
    a_session_keeps_its_number_and_no_two_sessions_share_one,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (campaign, _) = pool_campaign(&t, &c, 2, 200).await;
        let id = ok(create_tag(
            &t,
            &c,
            json!({"tagCode": "web", "campaignId": campaign, "fallbackNumber": "+18005550000",
               "allowedDomains": ["landing.example"]}),
        )
        .await)
        .await["id"]
            .as_i64()
            .unwrap();
        let origin = Some("https://landing.example");

        let first = ok(track(&t, origin, visit("web", "s1")).await).await;
        assert_eq!(first["success"], true);
        assert_eq!(first["sessionTracked"], true);
        let n1 = first["phoneNumber"].as_str().unwrap().to_string();
        assert!(n1.starts_with("+1212555020"), "{first}");
        assert!(
            first["formattedNumber"]
                .as_str()
                .unwrap()
                .starts_with("(212) 555-020"),
            "{first}"
        );
        assert!(first["leaseUntil"].is_string());
        // The same session keeps its number, page after page and on heartbeats.
        for heartbeat in [false, true, false] {
            let mut v = visit("web", "s1");
            v["heartbeat"] = json!(heartbeat);
            let again = ok(track(&t, origin, v).await).await;
            assert_eq!(again["phoneNumber"], n1.as_str());
        }
        // Another session gets the other number; a third finds none free.
        let second = ok(track(&t, origin, visit("web", "s2")).await).await;
        let n2 = second["phoneNumber"].as_str().unwrap().to_string();
        assert_ne!(n1, n2);
        let third = ok(track(&t, origin, visit("web", "s3")).await).await;
        assert_eq!(third["phoneNumber"], "+18005550000", "{third}");
        assert_eq!(third["reason"], "every number of the pool is in use");
        // Its heartbeats and page views keep the fallback; the tag counts
        // it once, and another such session once more.
        for heartbeat in [true, false] {
            let mut v = visit("web", "s3");
            v["heartbeat"] = json!(heartbeat);
            let again = ok(track(&t, origin, v).await).await;
            assert_eq!(again["phoneNumber"], "+18005550000", "{again}");
        }
        let fourth = ok(track(&t, origin, visit("web", "s4")).await).await;
        assert_eq!(fourth["phoneNumber"], "+18005550000", "{fourth}");
        // A bot gets the fallback and no session.
        let bot = Client::new()
            .post(t.url("/api/dni/track"))
            .header("content-type", "application/json")
            .header("origin", "https://www.landing.example")
            .header("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")
            .body(visit("web", "bot1").to_string())
            .send()
            .await
            .unwrap();
        let bot = ok(bot).await;
        assert_eq!(
            (bot["phoneNumber"].as_str(), bot["sessionTracked"].as_bool()),
            (Some("+18005550000"), Some(false))
        );

        // The tag shows what happened; the sessions keep the visit, cleaned.
        let tag = ok(c
            .get(t.url(&format!("/api/dni/tags/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(tag["numbersInUse"], 2, "{tag}");
        assert_eq!(tag["sessionsToday"], 4, "{tag}");
        assert_eq!(tag["exhaustedCount"], 2, "{tag}");
        assert_eq!(
            tag["lastSeenUrl"],
            "https://landing.example/health?utm_source=google&email=%5Bredacted%5D",
            "{tag}"
        );
        let sessions = ok(c
            .get(t.url(&format!("/api/dni/tags/{id}/sessions")))
            .send()
            .await
            .unwrap())
        .await;
        let s1 = sessions
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["sessionId"] == "s1")
            .unwrap();
        assert_eq!(s1["phoneNumber"], n1.as_str());
        assert_eq!(s1["pageViews"], 3, "heartbeats are not page views: {s1}");
        assert_eq!(s1["utmCampaign"], "Été 🌞");
        assert_eq!(s1["gclid"], "abc");
        assert_eq!(s1["address"], "127.0.0.0/24");
        assert_eq!(s1["live"], true);
        let leases = t.store.live_leases(domain::now_ms()).await.unwrap();
        assert_eq!(leases.len(), 2);

        // Deleting the tag frees its numbers.
        ok(c.delete(t.url(&format!("/api/dni/tags/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert!(
            t.store
                .live_leases(domain::now_ms())
                .await
                .unwrap()
                .is_empty()
        );
        let gone = track(&t, origin, visit("web", "s1")).await;
        assert_eq!(gone.status(), StatusCode::NOT_FOUND);
        t.cleanup().await;
    }
);

conformance!(
    five_hundred_concurrent_visitors_share_fifty_numbers_without_a_collision,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (campaign, _) = pool_campaign(&t, &c, 50, 300).await;
        ok(create_tag(
            &t,
            &c,
            json!({"tagCode": "burst", "campaignId": campaign, "fallbackNumber": "+18005550000"}),
        )
        .await)
        .await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..500 {
            let base = t.base.clone();
            tasks.spawn(async move {
                let r = Client::new()
                    .post(format!("{base}/api/dni/track"))
                    .header("content-type", "text/plain")
                    .header("user-agent", "Mozilla/5.0 Chrome/120.0")
                    .body(visit("burst", &format!("burst{i}")).to_string())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                let v: Value = r.json().await.unwrap();
                v["phoneNumber"].as_str().unwrap().to_string()
            });
        }
        let mut shown = Vec::new();
        while let Some(n) = tasks.join_next().await {
            shown.push(n.unwrap());
        }
        let leased: Vec<&String> = shown.iter().filter(|n| *n != "+18005550000").collect();
        let distinct: HashSet<&&String> = leased.iter().collect();
        assert_eq!(leased.len(), 50, "every number leased once");
        assert_eq!(distinct.len(), 50, "no number leased twice");
        let held = t.store.live_leases(domain::now_ms()).await.unwrap();
        assert_eq!(held.len(), 50);
        let sessions: HashSet<i64> = held.iter().map(|(_, s)| *s).collect();
        assert_eq!(sessions.len(), 50, "fifty sessions hold one number each");
        t.cleanup().await;
    }
);

fn low_limits() -> api::Settings {
    api::Settings {
        dni_tracks_per_address: 20,
        dni_tracks_per_tag: 120_000,
        ..common::settings()
    }
}

conformance!(
    other_sites_floods_and_bad_bodies_are_refused,
    low_limits(),
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (campaign, _) = pool_campaign(&t, &c, 1, 400).await;
        ok(create_tag(
        &t,
        &c,
        json!({"tagCode": "guarded", "campaignId": campaign, "allowedDomains": ["landing.example"]}),
    )
    .await)
    .await;
        // Another site, or no origin at all, when domains are set.
        for origin in [
            Some("https://evil.example"),
            Some("https://landing.example.evil.net"),
            None,
        ] {
            let r = track(&t, origin, visit("guarded", "x1")).await;
            assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
        }
        // The preflight and an allowed answer carry CORS headers for the page.
        let pre = Client::new()
            .request(reqwest::Method::OPTIONS, t.url("/api/dni/track"))
            .header("origin", "https://landing.example")
            .header("access-control-request-method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(pre.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            pre.headers()["access-control-allow-origin"],
            "https://landing.example"
        );
        let fine = track(&t, Some("https://landing.example"), visit("guarded", "x2")).await;
        assert_eq!(
            fine.headers()["access-control-allow-origin"],
            "https://landing.example"
        );
        assert_eq!(fine.status(), StatusCode::OK);
        // Malformed, oversized, unknown.
        let raw = |body: String, kind: &'static str| {
            Client::new()
                .post(t.url("/api/dni/track"))
                .header("content-type", kind)
                .header("origin", "https://landing.example")
                .body(body)
                .send()
        };
        let cases = [
            (
                raw("{not json".into(), "text/plain").await.unwrap(),
                StatusCode::BAD_REQUEST,
            ),
            (
                raw(visit("guarded", "x3").to_string(), "application/xml")
                    .await
                    .unwrap(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                raw(
                    json!({"tagCode": "guarded", "sessionId": "a b"}).to_string(),
                    "text/plain",
                )
                .await
                .unwrap(),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                raw(
                    json!({"tagCode": "guarded", "sessionId": "ok", "referrer": "a\u{0}"})
                        .to_string(),
                    "text/plain",
                )
                .await
                .unwrap(),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                raw(
                    json!({"tagCode": "guarded", "sessionId": "ok", "url": "x".repeat(9000)})
                        .to_string(),
                    "text/plain",
                )
                .await
                .unwrap(),
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (
                raw(
                    json!({"tagCode": "nosuchtag", "sessionId": "ok"}).to_string(),
                    "text/plain",
                )
                .await
                .unwrap(),
                StatusCode::NOT_FOUND,
            ),
        ];
        for (r, want) in cases {
            let status = r.status();
            let body: Value = r.json().await.unwrap();
            assert_eq!(status, want, "{body}");
            assert!(body["error"]["details"].is_object(), "{body}");
        }
        // A flood from one address is stopped with 429 and Retry-After.
        let mut limited = None;
        for i in 0..30 {
            let r = track(
                &t,
                Some("https://landing.example"),
                visit("guarded", &format!("f{i}")),
            )
            .await;
            if r.status() == StatusCode::TOO_MANY_REQUESTS {
                limited = Some(r);
                break;
            }
        }
        let r = limited.expect("the flood is limited");
        assert!(r.headers().contains_key("retry-after"));
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED").await;
        t.cleanup().await;
    }
);

conformance!(
    the_snippet_is_small_cacheable_and_loadable_from_any_site,
    |t| {
        let r = Client::new().get(t.url("/dni.js")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()["content-type"],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(r.headers()["cross-origin-resource-policy"], "cross-origin");
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .starts_with("public")
        );
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        let body = r.bytes().await.unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &body).unwrap();
        let packed = gz.finish().unwrap();
        assert!(packed.len() < 5 * 1024, "{} bytes gzipped", packed.len());
        let again = Client::new()
            .get(t.url("/dni.js"))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        t.cleanup().await;
    }
);

conformance!(
    random_arrivals_heartbeats_and_expiries_never_share_a_number,
    |t| {
        use rand::{Rng, SeedableRng};
        let (c, account) = t.signed_in("alice").await;
        let (campaign, _) = pool_campaign(&t, &c, 4, 500).await;
        ok(create_tag(
            &t,
            &c,
            json!({"tagCode": "prop", "campaignId": campaign, "sessionMinutes": 10}),
        )
        .await)
        .await;
        let tag = t.store.live_tag("prop").await.unwrap().unwrap();
        let tag_id = tag.id;
        const MINUTE: i64 = 60_000;
        let cooldown = 5 * MINUTE;
        let mut now = domain::now_ms();
        for seed in 0..6u64 {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            for step in 0..60 {
                // Time passes (sometimes long enough for leases to end), then a
                // visitor (one of 10, each reusing its session) views a page or
                // sends a heartbeat.
                now += rng.gen_range(0..4 * MINUTE);
                let who = rng.gen_range(0..10);
                let visit = store::dni::VisitRow {
                    session_id: format!("p{seed}-{who}"),
                    ..Default::default()
                };
                let session = t
                    .store
                    .touch_session(&tag, &visit, now, rng.gen_bool(0.5))
                    .await
                    .unwrap();
                let got = t
                    .store
                    .lease(&tag, &session, now, now + 10 * MINUTE, cooldown)
                    .await
                    .unwrap();
                // Never two live sessions on one number.
                let sessions = t.store.tag_sessions(account, tag_id, 500).await.unwrap();
                let mut live = HashSet::new();
                for s in sessions
                    .iter()
                    .filter(|s| s.lease_until.is_some_and(|u| u > now))
                {
                    let n = s.phone_number.clone().unwrap();
                    assert!(
                        live.insert(n.clone()),
                        "seed {seed} step {step}: {n} held twice"
                    );
                }
                // A session that got a number holds it; one that did not found
                // every number live or cooling down.
                match got {
                    Some(l) => {
                        let mine = sessions.iter().find(|s| s.id == session.id).unwrap();
                        assert_eq!(mine.phone_number.as_deref(), Some(l.phone_number.as_str()));
                    }
                    None => assert!(
                        sessions
                            .iter()
                            .filter(|s| s.lease_until.is_some_and(|u| u + cooldown > now))
                            .filter_map(|s| s.phone_number.clone())
                            .collect::<HashSet<_>>()
                            .len()
                            == 4,
                        "seed {seed} step {step}: no number given while one was free"
                    ),
                }
            }
        }
        t.cleanup().await;
    }
);

conformance!(a_call_to_a_leased_number_is_credited_to_its_visit, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (campaign, _) = pool_campaign(&t, &c, 2, 600).await;
    ok(create_tag(
        &t,
        &c,
        json!({"tagCode": "attr", "campaignId": campaign, "attributionModel": "linear"}),
    )
    .await)
    .await;
    // The visitor came once from Facebook, then again from Google Ads:
    // the second session holds a number.
    let mut first = visit("attr", "older");
    first["visitorId"] = json!("v_same");
    first["utmParams"] = json!({"utm_source": "facebook", "utm_medium": "social"});
    ok(track(&t, None, first).await).await;
    let mut second = visit("attr", "newer");
    second["visitorId"] = json!("v_same");
    let shown = ok(track(&t, None, second).await).await;
    let number = shown["phoneNumber"].as_str().unwrap().to_string();
    let older_number = ok(track(&t, None, visit("attr", "older")).await).await["phoneNumber"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(number, older_number);

    // The landing page's query carries a tracked URL parameter.
    ok(c.post(t.url("/api/integrations/url-parameters"))
        .json(&json!({"parameterName": "utm_source", "displayName": "Source"}))
        .send()
        .await
        .unwrap())
    .await;

    // A signed call to the number the second session was shown.
    common::carrier::incoming(&t, "CAdni1", "+13105550100", &number).await;
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let id = list["calls"].as_array().unwrap()[0]["id"].as_i64().unwrap();
    let d = ok(c
        .get(t.url(&format!("/api/calls/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    let dni = &d["dni"];
    assert_eq!(dni["attributed"], true, "{d}");
    assert_eq!(dni["tagName"], "attr");
    assert_eq!(dni["session"]["sessionId"], "newer");
    assert_eq!(dni["session"]["utmCampaign"], "Été 🌞");
    assert_eq!(d["utm"]["source"], "google", "{d}");
    assert_eq!(d["utm"]["medium"], "cpc");
    assert_eq!(
        d["parameters"],
        json!([{"name": "utm_source", "displayName": "Source", "value": "google"}])
    );
    // Linear: both of the visitor's sessions share the call.
    assert_eq!(dni["model"], "linear");
    let shares: Vec<(String, f64)> = dni["credits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["utmSource"].as_str().unwrap().to_string(),
                c["share"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        vec![("facebook".to_string(), 0.5), ("google".to_string(), 0.5)]
    );

    let tag = ok(c.get(t.url("/api/dni/tags")).send().await.unwrap()).await;
    assert_eq!(tag[0]["callsToday"], 1, "{tag}");
    // The credit is stored: the call list filters by its source, and the
    // background round finds nothing left to do.
    let google = ok(c
        .get(t.url("/api/calls?source=google"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(google["calls"].as_array().unwrap().len(), 1, "{google}");
    assert_eq!(t.store.attribute_calls(0).await.unwrap(), 0);
    // And the export carries it.
    let csv = c
        .get(t.url("/api/calls/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(
            ",utmSource,utmMedium,utmCampaign,utmTerm,utmContent,gclid,fbclid,msclkid,referrer,landingPage,visitorId"
        ),
        "{csv}"
    );
    assert!(csv.contains(",google,cpc,Été 🌞,,,abc,,,"), "{csv}");
    assert!(csv.trim_end().ends_with(",v_same"), "{csv}");
    // The visit's click id and visitor find the call.
    for (q, n) in [
        ("clickId=abc", 1),
        ("clickId=nope", 0),
        ("visitorId=v_same", 1),
    ] {
        let found = ok(c
            .get(t.url(&format!("/api/calls?{q}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(found["calls"].as_array().unwrap().len(), n, "{q}");
    }

    // A second call, credited by the background round.
    common::carrier::incoming(&t, "CAdni2", "+13105550101", &older_number).await;
    let mut credited = 0;
    for _ in 0..50 {
        credited += t.store.attribute_calls(0).await.unwrap();
        if credited > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(credited, 1);

    // The sources report shares both calls under the tag's model (linear),
    // or under the model asked for.
    let calls_by_source = |model: &'static str| {
        let c = c.clone();
        let url = t.url(&format!("/api/dni/sources{model}"));
        async move {
            let rows = ok(c.get(url).send().await.unwrap()).await;
            let mut out: Vec<(String, f64)> = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["source"].as_str().unwrap().to_string(),
                        r["calls"].as_f64().unwrap(),
                    )
                })
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            out
        }
    };
    let both = vec![("facebook".to_string(), 1.0), ("google".to_string(), 1.0)];
    assert_eq!(calls_by_source("").await, both);
    assert_eq!(calls_by_source("?model=tag").await, both);
    assert_eq!(calls_by_source("?model=last_touch").await, both);
    assert_eq!(
        calls_by_source("?model=first_touch").await,
        vec![("facebook".to_string(), 2.0), ("google".to_string(), 0.0)]
    );
    let decay = calls_by_source("?model=time_decay&halfLifeDays=3").await;
    assert!((decay[0].1 + decay[1].1 - 2.0).abs() < 0.011, "{decay:?}");
    for bad in [
        "?model=Linear",
        "?model=%00",
        "?halfLifeDays=0",
        "?halfLifeDays=366",
    ] {
        let r = c
            .get(t.url(&format!("/api/dni/sources{bad}")))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }
    // The call explorer filters by medium and ad campaign too, and a
    // report groups by them.
    let social = ok(c
        .get(t.url("/api/calls?medium=social"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(social["calls"].as_array().unwrap().len(), 1, "{social}");
    let summer = ok(c
        .get(t.url("/api/calls?utmCampaign=%C3%89t%C3%A9%20%F0%9F%8C%9E&medium=cpc"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(summer["calls"].as_array().unwrap().len(), 1, "{summer}");
    let report = ok(c
        .post(t.url("/api/reports/run"))
        .json(&json!({"dimensions": ["medium", "utmCampaign"], "metrics": ["calls"], "range": "today"}))
        .send()
        .await
        .unwrap())
    .await;
    let text = report.to_string();
    assert!(
        text.contains("social") && text.contains("Été 🌞"),
        "{report}"
    );

    // Calls that cannot be credited say why.
    let (_, pool_b) = pool_campaign(&t, &c, 1, 700).await;
    let _ = pool_b;
    common::carrier::incoming(&t, "CAdni3", "+13105550102", "+12125550700").await;
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let id = list["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["callSid"] == "CAdni3")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let d = ok(c
        .get(t.url(&format!("/api/calls/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(d["dni"]["attributed"], false);
    assert_eq!(d["dni"]["reason"], "the number is not in a DNI pool", "{d}");
    t.cleanup().await;
});

conformance!(usage_sources_alerts_and_retention, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (campaign, _) = pool_campaign(&t, &c, 2, 800).await;
    let id = ok(create_tag(&t, &c, json!({"tagCode": "use", "campaignId": campaign})).await).await
        ["id"]
        .as_i64()
        .unwrap();
    // Three visitors on a pool of two: one finds it exhausted.
    let mut numbers = Vec::new();
    for (i, source) in ["google", "google", "bing"].iter().enumerate() {
        let mut v = visit("use", &format!("u{i}"));
        v["utmParams"] = json!({"utm_source": source, "utm_medium": "cpc"});
        numbers.push(ok(track(&t, None, v).await).await["phoneNumber"].clone());
    }
    assert_eq!(
        numbers[2],
        Value::Null,
        "no fallback number set: {numbers:?}"
    );
    let usage = ok(c
        .get(t.url(&format!("/api/dni/tags/{id}/usage")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(usage["poolSize"], 2, "{usage}");
    assert_eq!(usage["buckets"].as_array().unwrap().len(), 96);
    assert_eq!(
        usage["buckets"].as_array().unwrap().last().unwrap()["peak"],
        2,
        "{usage}"
    );
    assert_eq!(usage["exhaustedCount"], 1);
    assert_eq!(
        usage["p95"], 0,
        "the two leases are minutes old out of 7 days: {usage}"
    );
    let bad = c
        .get(t.url(&format!(
            "/api/dni/tags/{id}/usage?from=2026-01-01&to=2025-01-01"
        )))
        .send()
        .await
        .unwrap();
    assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;

    // The exhausted pool is in the activity feed, once.
    for i in 3..6 {
        ok(track(&t, None, visit("use", &format!("u{i}"))).await).await;
    }
    let feed = ok(c.get(t.url("/api/activity")).send().await.unwrap()).await;
    let alerts = feed["activity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "dni.pool_exhausted")
        .count();
    assert_eq!(alerts, 1, "{feed}");

    // A call to the first visitor's number: google/cpc has a call.
    common::carrier::incoming(&t, "CAuse1", "+13105550100", numbers[0].as_str().unwrap()).await;
    t.store.attribute_calls(0).await.unwrap();
    let sources = ok(c
        .get(t.url(&format!("/api/dni/sources?tagId={id}")))
        .send()
        .await
        .unwrap())
    .await;
    let google = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "google")
        .unwrap();
    assert_eq!(
        (google["sessions"].as_i64(), google["calls"].as_f64()),
        (Some(5), Some(1.0)),
        "{sources}"
    );
    assert_eq!(google["medium"], "cpc");
    assert_eq!(google["revenue"], "0.00");
    let bing = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "bing")
        .unwrap();
    assert_eq!(
        (bing["sessions"].as_i64(), bing["calls"].as_f64()),
        (Some(1), Some(0.0))
    );
    assert_eq!(bing["costPerCall"], Value::Null);
    // Another account's tag is not found.
    let (b, _) = t.signed_in("bob").await;
    let r = b
        .get(t.url(&format!("/api/dni/sources?tagId={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = b
        .get(t.url(&format!("/api/dni/tags/{id}/usage")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ok(b.get(t.url("/api/dni/sources")).send().await.unwrap()).await,
        json!([])
    );

    // Past their retention, sessions go; the call keeps its source.
    let swept = t
        .store
        .sweep_dni_sessions(domain::now_ms() + 365 * 86_400_000)
        .await
        .unwrap();
    assert_eq!(swept, 6);
    let list = ok(c
        .get(t.url("/api/calls?source=google"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(list["calls"].as_array().unwrap().len(), 1);
    let sessions = ok(c
        .get(t.url(&format!("/api/dni/tags/{id}/sessions")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(sessions, json!([]));
    t.cleanup().await;
});

conformance!(the_specs_inline_snippet_keeps_working, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (campaign, _) = pool_campaign(&t, &c, 1, 950).await;
    ok(create_tag(
        &t,
        &c,
        json!({"tagCode": "campaign_landing_page_v2", "campaignId": campaign}),
    )
    .await)
    .await;
    // The body the spec's inline snippet sends: JSON with the fields it
    // could not read as null, its own session id format and a timestamp.
    let r = Client::new()
        .post(t.url("/api/dni/track"))
        .header("content-type", "application/json")
        .header("origin", "https://landing.example")
        .header("user-agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15")
        .json(&json!({
            "tagCode": "campaign_landing_page_v2",
            "sessionId": "dni_1725456789_abc123def",
            "referrer": "",
            "userAgent": "Mozilla/5.0 (Macintosh) Safari/605.1.15",
            "url": "https://landing.example/health",
            "timestamp": "2026-12-07T10:00:00.000Z",
            "utmParams": {"utm_source": "google", "utm_medium": null, "utm_campaign": null,
                          "utm_content": null, "utm_term": null}
        }))
        .send()
        .await
        .unwrap();
    let out = ok(r).await;
    assert_eq!(out["success"], true);
    assert_eq!(out["sessionTracked"], true);
    assert_eq!(out["phoneNumber"], "+12125550950");
    assert_eq!(out["formattedNumber"], "(212) 555-0950");
    t.cleanup().await;
});

conformance!(concurrent_requests_of_one_session_share_one_number, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (campaign, _) = pool_campaign(&t, &c, 5, 960).await;
    ok(create_tag(&t, &c, json!({"tagCode": "tabs", "campaignId": campaign})).await).await;
    // Twenty tabs of one visitor open at once (one session id).
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let base = t.base.clone();
        tasks.spawn(async move {
            let mut v = visit("tabs", "same-session");
            v["heartbeat"] = json!(i % 2 == 1);
            let r = Client::new()
                .post(format!("{base}/api/dni/track"))
                .header("content-type", "text/plain")
                .header("user-agent", "Mozilla/5.0 Chrome/120.0")
                .body(v.to_string())
                .send()
                .await
                .unwrap();
            let v: Value = r.json().await.unwrap();
            v["phoneNumber"]
                .as_str()
                .unwrap_or_else(|| panic!("{v}"))
                .to_string()
        });
    }
    let mut shown = HashSet::new();
    while let Some(n) = tasks.join_next().await {
        shown.insert(n.unwrap());
    }
    assert_eq!(shown.len(), 1, "one number for the session: {shown:?}");
    let held = t.store.live_leases(domain::now_ms()).await.unwrap();
    assert_eq!(held.len(), 1, "no number leaked: {held:?}");
    t.cleanup().await;
});
