//! The committed `openapi.json` must match the document the code generates.
//! Regenerate with `UPDATE_OPENAPI=1 cargo test -p api --test openapi`.

#[test]
fn committed_openapi_json_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi.json");
    let generated = api::openapi_json();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p api --test openapi` and commit it"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_the_auth_endpoints() {
    let doc: serde_json::Value = serde_json::from_str(&api::openapi_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/user",
        "/api/auth/register",
        "/api/stats/dashboard",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
}

#[test]
fn every_operation_has_its_own_id() {
    let doc: serde_json::Value = serde_json::from_str(&api::openapi_json()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                assert!(
                    seen.insert(id.to_string()),
                    "operationId {id} of {method} {path} is used twice"
                );
            }
        }
    }
}
