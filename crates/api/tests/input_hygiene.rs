//! Bad input gets a clear error and changes nothing, on both databases
//! alike: a NUL (or another control character) in any string parameter
//! the OpenAPI document declares (query, path, or a field of a JSON body)
//! is refused at the boundary with the error envelope naming it, never a
//! 500 (PostgreSQL refuses NUL in text). The cases are generated from the
//! served document, so a new endpoint is covered when it is added.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The schema `s`, with a `$ref` followed.
fn resolve<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => s,
    }
}

fn is_string(doc: &Value, s: &Value) -> bool {
    let s = resolve(doc, s);
    s["type"] == "string"
        || s["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "string"))
        || s["oneOf"]
            .as_array()
            .is_some_and(|o| o.iter().any(|v| is_string(doc, v)))
}

async fn assert_refused(r: reqwest::Response, what: &str) {
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_client_error(), "{what}: {status} {text}");
    let v: Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{what}: not JSON: {text}"));
    assert!(v["error"]["code"].is_string(), "{what}: {text}");
}

conformance!(
    nul_in_any_string_parameter_is_refused_with_the_envelope,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let doc: Value = c
            .get(t.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut cases = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            if path.contains("/logout") || path.contains("/events") {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let Ok(m) = method.to_uppercase().parse::<Method>() else {
                    continue;
                };
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                let fill = |poison: Option<&str>| {
                    let mut url = path.clone();
                    for p in params.iter().filter(|p| p["in"] == "path") {
                        let name = p["name"].as_str().unwrap();
                        let value = if Some(name) == poison { "a%00b" } else { "1" };
                        url = url.replace(&format!("{{{name}}}"), value);
                    }
                    url
                };
                for p in &params {
                    let name = p["name"].as_str().unwrap();
                    if !is_string(&doc, &p["schema"]) {
                        continue;
                    }
                    let url = match p["in"].as_str() {
                        Some("query") => format!("{}?{name}=a%00b", fill(None)),
                        Some("path") => fill(Some(name)),
                        _ => continue,
                    };
                    let r = c.request(m.clone(), t.url(&url)).send().await.unwrap();
                    assert_refused(r, &format!("{method} {url}")).await;
                    cases += 1;
                }
                let body = &op["requestBody"]["content"]["application/json"]["schema"];
                let schema = resolve(&doc, body);
                if let Some(props) = schema["properties"].as_object() {
                    for (field, s) in props {
                        if !is_string(&doc, s) {
                            continue;
                        }
                        let r = c
                            .request(m.clone(), t.url(&fill(None)))
                            .json(&json!({ field: "a\u{0}b" }))
                            .send()
                            .await
                            .unwrap();
                        assert_refused(r, &format!("{method} {path} body.{field}")).await;
                        cases += 1;
                    }
                }
            }
        }
        assert!(cases > 50, "only {cases} cases were generated");
        // Before any session: the login form.
        let r = t
            .client()
            .post(t.url("/api/auth/login"))
            .json(&json!({"username": "a\u{0}b", "password": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["details"]["field"], "username", "{v}");
        // A search with a NUL names its parameter.
        let r = c
            .get(t.url("/api/calls?search=a%00b"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["details"]["field"], "search", "{v}");
        // Nothing was written by any of it.
        let campaigns: Value = c
            .get(t.url("/api/campaigns"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(campaigns.as_array().unwrap().len(), 0, "{campaigns}");
        t.cleanup().await;
    }
);
