//! Configuration: `callcenter.toml` (or `--config PATH`) overlaid by
//! environment variables (`CALLCENTER_*`, plus `DATABASE_URL`), validated into one typed struct at start. Secrets are
//! wrapped so that `Debug` never prints them.

use std::net::IpAddr;
use std::path::Path;

use domain::Secret;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Every setting, with its default.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// TCP port to listen on.
    pub port: u16,
    /// Address to bind.
    pub bind: IpAddr,
    /// `sqlite://…` or `postgres://…`. May carry a password, hence secret.
    pub database_url: Secret<String>,
    /// The external base URL carriers and browsers use.
    pub public_url: String,
    /// Minutes a session may stay unused before it ends.
    pub session_idle_minutes: i64,
    /// Hours after sign-in when a session ends regardless of use.
    pub session_absolute_hours: i64,
    /// Allow `POST /api/auth/register`.
    pub allow_registration: bool,
    /// Create the demo account on first start (default: on for SQLite).
    pub demo: Option<bool>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// `auto` (pretty on a terminal, JSON otherwise), `json` or `pretty`.
    pub log_format: String,
    /// The platform's carrier auth token: it signs webhooks.
    pub twilio_auth_token: Option<Secret<String>>,
    /// Check `X-Twilio-Signature` on carrier webhooks. Turn off only for
    /// local development.
    pub webhook_signature_validation: bool,
    /// Let RTB bidders live on private/loopback addresses (local demos, tests).
    pub rtb_allow_private_endpoints: bool,
    /// Calls with no final status after this many minutes are closed and
    /// their concurrency slots released.
    pub max_call_minutes: i64,
    /// Mail server for scheduled reports: `smtp://user:pass@host:587?tls=required`,
    /// `smtps://…:465` or `smtp://localhost:25` (it may hold a password:
    /// never logged).
    pub smtp_url: Option<Secret<String>>,
    /// From address of report e-mails.
    pub smtp_from: Option<String>,
    /// The key (64 hex digits) that encrypts secrets stored in the
    /// database (two-factor secrets). Unset: a key file under `data_dir`,
    /// made on first start. Nodes sharing a database need the same key.
    pub secret_key: Option<Secret<String>>,
    /// Where the server keeps its local files: the call spool (calls
    /// answered while the database is unreachable).
    pub data_dir: String,
    /// DNI track requests one client address may send per minute.
    pub dni_tracks_per_address_minute: u32,
    /// DNI track requests one tracking tag may receive per minute, on
    /// each node.
    pub dni_tracks_per_tag_minute: u32,
    /// Days DNI visitor sessions are kept after their last visit.
    pub dni_retention_days: u32,
    /// API requests one member or API key may make per minute, on each node.
    pub api_requests_per_minute: u32,
    /// API requests one client address may make per minute, on each node.
    pub api_requests_per_address_minute: u32,
    /// Comma-separated web origins whose pages may call the API with an
    /// API key (`https://crm.example.com`); unset: same origin only.
    pub cors_origins: Option<String>,
}

/// The defaults, as a serialisable layer under the file and environment.
#[derive(Serialize)]
struct Defaults {
    port: u16,
    bind: &'static str,
    database_url: &'static str,
    public_url: &'static str,
    session_idle_minutes: i64,
    session_absolute_hours: i64,
    allow_registration: bool,
    max_body_bytes: usize,
    log_format: &'static str,
    webhook_signature_validation: bool,
    rtb_allow_private_endpoints: bool,
    max_call_minutes: i64,
    data_dir: &'static str,
    dni_tracks_per_address_minute: u32,
    dni_tracks_per_tag_minute: u32,
    api_requests_per_minute: u32,
    api_requests_per_address_minute: u32,
    dni_retention_days: u32,
}

const DEFAULTS: Defaults = Defaults {
    port: 5000,
    bind: "0.0.0.0",
    database_url: "sqlite://./data/callcenter.db",
    public_url: "http://localhost:5000",
    session_idle_minutes: 12 * 60,
    session_absolute_hours: 7 * 24,
    allow_registration: false,
    max_body_bytes: 1024 * 1024,
    log_format: "auto",
    webhook_signature_validation: true,
    rtb_allow_private_endpoints: false,
    max_call_minutes: 240,
    data_dir: "./data",
    dni_tracks_per_address_minute: 300,
    dni_tracks_per_tag_minute: 120_000,
    api_requests_per_minute: 1_200,
    api_requests_per_address_minute: 6_000,
    dni_retention_days: 400,
};

impl Config {
    /// Load from the file (if it exists) and the environment, then validate.
    pub fn load(file: &Path) -> anyhow::Result<Self> {
        let config: Config = Figment::from(Serialized::defaults(DEFAULTS))
            .merge(Toml::file(file))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .merge(Env::prefixed("CALLCENTER_"))
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        config.validate()?;
        Ok(config)
    }

    /// Refuse settings that cannot work, with a message naming the setting.
    pub fn validate(&self) -> anyhow::Result<()> {
        let url = self.database_url.expose();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got another scheme)"
            );
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            anyhow::bail!(
                "CALLCENTER_PUBLIC_URL must be an absolute http(s) URL, got {:?}",
                self.public_url
            );
        }
        if self.session_idle_minutes <= 0 || self.session_absolute_hours <= 0 {
            anyhow::bail!("session timeouts must be positive");
        }
        if self.session_idle_minutes > self.session_absolute_hours * 60 {
            anyhow::bail!("CALLCENTER_SESSION_IDLE_MINUTES must not exceed the absolute timeout");
        }
        if !(1024..=64 * 1024 * 1024).contains(&self.max_body_bytes) {
            anyhow::bail!("CALLCENTER_MAX_BODY_BYTES must be between 1 KiB and 64 MiB");
        }
        if !(1..=1_000_000).contains(&self.dni_tracks_per_address_minute) {
            anyhow::bail!("CALLCENTER_DNI_TRACKS_PER_ADDRESS_MINUTE must be between 1 and 1000000");
        }
        if !(1..=100_000_000).contains(&self.api_requests_per_minute) {
            anyhow::bail!("CALLCENTER_API_REQUESTS_PER_MINUTE must be between 1 and 100000000");
        }
        if !(1..=100_000_000).contains(&self.api_requests_per_address_minute) {
            anyhow::bail!(
                "CALLCENTER_API_REQUESTS_PER_ADDRESS_MINUTE must be between 1 and 100000000"
            );
        }
        if !(1..=100_000_000).contains(&self.dni_tracks_per_tag_minute) {
            anyhow::bail!("CALLCENTER_DNI_TRACKS_PER_TAG_MINUTE must be between 1 and 100000000");
        }
        if !(1..=3650).contains(&self.dni_retention_days) {
            anyhow::bail!("CALLCENTER_DNI_RETENTION_DAYS must be between 1 and 3650");
        }
        if !(1..=24 * 60).contains(&self.max_call_minutes) {
            anyhow::bail!("CALLCENTER_MAX_CALL_MINUTES must be between 1 and 1440");
        }
        if let Some(url) = &self.smtp_url {
            let url = url.expose();
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                anyhow::bail!("CALLCENTER_SMTP_URL must start with smtp:// or smtps://");
            }
            if self
                .smtp_from
                .as_deref()
                .is_none_or(|f| domain::validate::email(f).is_err())
            {
                anyhow::bail!(
                    "CALLCENTER_SMTP_FROM must be an e-mail address when CALLCENTER_SMTP_URL is set"
                );
            }
        }
        if let Some(key) = &self.secret_key
            && domain::sealed::SealingKey::from_hex(key.expose()).is_none()
        {
            anyhow::bail!("CALLCENTER_SECRET_KEY must be 64 hex digits (32 bytes)");
        }
        for origin in self.cors_origin_list() {
            let host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let ok = host.is_some_and(|h| !h.is_empty() && !h.contains(['/', ' ', ',', '*']))
                && axum::http::HeaderValue::from_str(&origin).is_ok();
            if !ok {
                anyhow::bail!(
                    "CALLCENTER_CORS_ORIGINS must list origins like https://crm.example.com, comma-separated"
                );
            }
        }
        if !matches!(self.log_format.as_str(), "auto" | "json" | "pretty") {
            anyhow::bail!("CALLCENTER_LOG_FORMAT must be auto, json or pretty");
        }
        Ok(())
    }

    /// The CORS origins, trimmed.
    pub fn cors_origin_list(&self) -> Vec<String> {
        self.cors_origins
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect()
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }

    /// Whether to create the demo account: explicit setting, else SQLite.
    pub fn demo_enabled(&self) -> bool {
        self.demo.unwrap_or_else(|| self.is_sqlite())
    }

    /// The key that seals stored secrets: `CALLCENTER_SECRET_KEY`, else
    /// `<data_dir>/secret.key` (made, readable by the owner only, when
    /// absent).
    pub fn sealing_key(&self) -> anyhow::Result<domain::sealed::SealingKey> {
        use anyhow::Context;
        use domain::sealed::SealingKey;
        if let Some(key) = &self.secret_key {
            return SealingKey::from_hex(key.expose())
                .context("CALLCENTER_SECRET_KEY must be 64 hex digits (32 bytes)");
        }
        let path = Path::new(&self.data_dir).join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => SealingKey::from_hex(&text)
                .with_context(|| format!("{} does not hold a key (64 hex digits)", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                use std::io::Write;
                use std::os::unix::fs::OpenOptionsExt;
                std::fs::create_dir_all(&self.data_dir)
                    .with_context(|| format!("could not create {}", self.data_dir))?;
                let key = SealingKey::generate();
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)
                    .with_context(|| format!("could not create {}", path.display()))?;
                file.write_all(key.to_hex().as_bytes())?;
                file.sync_all()?;
                tracing::info!(path = %path.display(), "made a new key for stored secrets");
                Ok(key)
            }
            Err(e) => Err(e).with_context(|| format!("could not read {}", path.display())),
        }
    }

    pub fn api_settings(&self, sealing_key: domain::sealed::SealingKey) -> api::Settings {
        api::Settings {
            sealing_key,
            cookie_secure: self.public_url.starts_with("https://"),
            session: store::sessions::SessionPolicy {
                idle_ms: self.session_idle_minutes * 60_000,
                absolute_ms: self.session_absolute_hours * 3_600_000,
            },
            allow_registration: self.allow_registration,
            max_body_bytes: self.max_body_bytes,
            public_url: self.public_url.trim_end_matches('/').to_string(),
            twilio_auth_token: self.twilio_auth_token.clone(),
            validate_webhook_signatures: self.webhook_signature_validation,
            rtb_allow_private_endpoints: self.rtb_allow_private_endpoints,
            smtp: self
                .smtp_url
                .clone()
                .map(|url| api::reports::delivery::SmtpSettings {
                    url,
                    from: self.smtp_from.clone().unwrap_or_default(),
                }),
            spool_dir: Some(std::path::PathBuf::from(&self.data_dir)),
            dni_tracks_per_address: self.dni_tracks_per_address_minute,
            dni_tracks_per_tag: self.dni_tracks_per_tag_minute,
            api_requests_per_minute: self.api_requests_per_minute,
            api_requests_per_address_minute: self.api_requests_per_address_minute,
            cors_origins: self.cors_origin_list(),
            dni_retention_days: self.dni_retention_days,
        }
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    /// The environment variable of each field of [`Config`], read from
    /// this file's own text (so that a new setting cannot be forgotten).
    fn setting_variables() -> Vec<String> {
        let source = include_str!("config.rs");
        let start = source.find("pub struct Config {").unwrap_or(0);
        let body = &source[start..];
        let body = &body[..body.find("\n}").unwrap_or(body.len())];
        body.lines()
            .filter_map(|l| l.trim().strip_prefix("pub "))
            .filter_map(|l| l.split_once(':').map(|(name, _)| name.trim()))
            .filter(|name| !name.starts_with("struct"))
            .map(|name| match name {
                "database_url" => "DATABASE_URL".to_string(),
                other => format!("CALLCENTER_{}", other.to_uppercase()),
            })
            .collect()
    }

    #[test]
    fn the_readme_lists_every_setting_and_no_other() {
        let readme = include_str!("../../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(v, _)| v))
            .filter(|v| v.starts_with("CALLCENTER_") || *v == "DATABASE_URL")
            .collect();
        let settings = setting_variables();
        assert!(settings.len() >= 15, "{settings:?}");
        for v in &settings {
            assert!(
                table.contains(&v.as_str()),
                "{v} is missing from the README's table"
            );
        }
        for v in &table {
            assert!(
                settings.iter().any(|s| s == v) || *v == "CALLCENTER_CONFIG",
                "the README lists {v}, which the server does not read"
            );
        }
    }

    #[test]
    fn defaults_load_and_secrets_stay_hidden() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://u:topsecret@localhost/db");
            jail.set_env("CALLCENTER_PORT", "6000");
            let c = Config::load(Path::new("missing.toml")).map_err(|e| e.to_string())?;
            assert_eq!(c.port, 6000);
            assert!(!c.demo_enabled(), "no demo on PostgreSQL unless asked");
            assert!(!format!("{c:?}").contains("topsecret"));
            Ok(())
        });
    }

    #[test]
    fn file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "c.toml",
                "port = 7000\nbind = \"127.0.0.1\"\nallow_registration = true",
            )?;
            jail.set_env("CALLCENTER_BIND", "::1");
            let c = Config::load(Path::new("c.toml")).map_err(|e| e.to_string())?;
            assert_eq!(c.port, 7000);
            assert_eq!(c.bind.to_string(), "::1");
            assert!(c.allow_registration);
            assert!(c.demo_enabled());
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_refused_with_the_setting_named() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "mysql://x");
            let e = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("DATABASE_URL"), "{e}");
            jail.set_env("DATABASE_URL", "sqlite://x.db");
            jail.set_env("CALLCENTER_PORT", "notaport");
            let e = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("port"), "{e}");
            Ok(())
        });
    }
}
