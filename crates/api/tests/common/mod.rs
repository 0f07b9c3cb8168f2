//! Test harness: the real server on a real socket (port 0) over a real
//! database: a fresh SQLite file, or a fresh PostgreSQL schema.
//!
//! `conformance!(name, |t| async move { … })` defines one test per
//! backend. The PostgreSQL test runs when `TEST_DATABASE_URL` is set or a
//! server answers at 127.0.0.1:5432; with `CALLCENTER_REQUIRE_POSTGRES=1`
//! (CI) a missing server fails the test instead of skipping it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod carrier;
pub mod proxy;
pub mod smtp;

use std::net::SocketAddr;
use std::time::Duration;

use api::{AppState, Settings};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use store::sessions::SessionPolicy;
use store::{AccountId, Store};

/// The carrier auth token tests sign webhooks with.
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789abcdef";

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where a test's database lives, so a second server can reopen it.
#[derive(Clone, Debug)]
pub enum DbLocation {
    Sqlite(String),
    Postgres { url: String, schema: String },
}

impl DbLocation {
    pub async fn open(&self) -> Store {
        let store = match self {
            DbLocation::Sqlite(url) => Store::connect(url).await,
            DbLocation::Postgres { url, schema } => {
                Store::connect_postgres_in_schema(url, schema).await
            }
        }
        .expect("open test database");
        store.migrate().await.expect("migrate test database");
        store
    }
}

pub fn settings() -> Settings {
    Settings {
        sealing_key: domain::sealed::SealingKey::generate(),
        cookie_secure: false,
        session: SessionPolicy {
            idle_ms: 3_600_000,
            absolute_ms: 86_400_000,
        },
        allow_registration: false,
        max_body_bytes: 64 * 1024,
        public_url: "http://localhost:5000".into(),
        twilio_auth_token: Some(domain::Secret::new(AUTH_TOKEN.to_string())),
        validate_webhook_signatures: true,
        rtb_allow_private_endpoints: true,
        smtp: None,
        spool_dir: None,
        dni_tracks_per_address: 1_000_000,
        dni_tracks_per_tag: 100_000_000,
        api_requests_per_minute: 1_000_000,
        api_requests_per_address_minute: 1_000_000,
        cors_origins: Vec::new(),
        dni_retention_days: 400,
    }
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub base: String,
    /// The server's state (to run background rounds at a chosen time).
    pub state: AppState,
    pub store: Store,
    pub db: DbLocation,
    pub backend: Backend,
    server: tokio::task::JoinHandle<()>,
    _dir: Option<TempDir>,
}

/// A temporary folder removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn postgres_url() -> Option<String> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        return Some(url);
    }
    let reachable = std::net::TcpStream::connect_timeout(
        &"127.0.0.1:5432".parse().expect("address"),
        Duration::from_millis(300),
    )
    .is_ok();
    if reachable {
        Some(DEFAULT_PG.to_string())
    } else if std::env::var("CALLCENTER_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("PostgreSQL is required (CALLCENTER_REQUIRE_POSTGRES=1) but not reachable");
    } else {
        None
    }
}

impl TestApp {
    /// Start a server on a fresh database of `backend`; `None` when that
    /// backend is not available here (PostgreSQL only).
    pub async fn start(backend: Backend, settings: Settings) -> Option<TestApp> {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let (db, dir) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("ccp-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.display());
                (DbLocation::Sqlite(url), Some(TempDir(dir)))
            }
            Backend::Postgres => {
                let url = postgres_url()?;
                // Local files of the server (its call spool).
                let dir = std::env::temp_dir().join(format!("ccp-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                (
                    DbLocation::Postgres {
                        url,
                        schema: format!("t_{unique}"),
                    },
                    Some(TempDir(dir)),
                )
            }
        };
        let store = db.open().await;
        Some(Self::serve(store, db, backend, settings, dir).await)
    }

    async fn serve(
        store: Store,
        db: DbLocation,
        backend: Backend,
        settings: Settings,
        dir: Option<TempDir>,
    ) -> TestApp {
        let mut settings = settings;
        if settings.spool_dir.is_none() {
            settings.spool_dir = dir.as_ref().map(|d| d.0.join("spool"));
        }
        let state = AppState::new(store.clone(), settings);
        state
            .start_routing(Duration::from_secs(4 * 3600))
            .await
            .expect("load routing snapshot and counters");
        let app = api::app(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        TestApp {
            state,
            base: format!("http://{addr}"),
            store,
            db,
            backend,
            server,
            _dir: dir,
        }
    }

    /// A server on PostgreSQL reached at `url` (e.g. through a proxy), in
    /// a fresh schema; `None` when PostgreSQL is not available here.
    pub async fn start_postgres_at(url: &str, settings: Settings) -> Option<TestApp> {
        postgres_url()?;
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("ccp-test-{unique}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = DbLocation::Postgres {
            url: url.to_string(),
            schema: format!("t_{unique}"),
        };
        let store = db.open().await;
        Some(Self::serve(store, db, Backend::Postgres, settings, Some(TempDir(dir))).await)
    }

    /// A second server over the same database (a restart, or another node).
    pub async fn restart(mut self, settings: Settings) -> TestApp {
        self.server.abort();
        let store = self.db.open().await;
        let dir = self._dir.take();
        Self::serve(store, self.db.clone(), self.backend, settings, dir).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client with its own cookie jar.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// Create a user directly in the store.
    pub async fn user(&self, username: &str, password: &str) -> AccountId {
        let hash = domain::password::hash(password).expect("hash");
        self.store
            .create_user(username, Some(&format!("{username}@example.com")), &hash)
            .await
            .expect("create user")
            .account()
    }

    /// A client signed in as a new user; returns it with the account.
    pub async fn signed_in(&self, username: &str) -> (Client, AccountId) {
        let account = self.user(username, "correct horse").await;
        let client = self.client();
        let r = self.login(&client, username, "correct horse").await;
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
        (client, account)
    }

    pub async fn login(&self, client: &Client, username: &str, password: &str) -> Response {
        client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("login request")
    }

    pub async fn cleanup(self) {
        self.server.abort();
        self.store.close().await;
        if let DbLocation::Postgres { url, schema } = &self.db {
            let _ = Store::drop_postgres_schema(url, schema).await;
        }
    }
}

/// Assert the error envelope: status, code, and a non-empty message.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let ct = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(ct.starts_with("application/json"), "content type {ct}");
    let body: Value = response.json().await.expect("json body");
    assert_eq!(body["error"]["code"], code, "body {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "message in {body}"
    );
    body
}

/// One test per backend, each on a fresh database.
#[macro_export]
macro_rules! conformance {
    ($name:ident, $settings:expr, |$t:ident| $body:expr) => {
        #[allow(clippy::unwrap_used, clippy::expect_used)]
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run(backend: $crate::common::Backend) {
                let Some($t) = $crate::common::TestApp::start(backend, $settings).await else {
                    eprintln!("skipped: {:?} is not available", backend);
                    return;
                };
                $body;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::common::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::common::Backend::Postgres).await
            }
        }
    };
    ($name:ident, |$t:ident| $body:expr) => {
        $crate::conformance!($name, $crate::common::settings(), |$t| $body);
    };
}
