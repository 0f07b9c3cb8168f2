//! What each member role may do, by request: the one table every signed-in
//! request is checked against before its handler runs (403 in the
//! envelope otherwise). `docs/api/roles.md` is the same table in words.
//!
//! - analyst: reads everything, runs reports, exports and dry runs;
//!   changes nothing.
//! - manager: also changes campaigns, buyers, numbers and pools, call
//!   flows, RTB, DNI, calls (tags), conversions and saved reports.
//! - admin: also integrations (webhooks, connectors, pixels), API keys
//!   and members (below owner).
//! - owner: everything, including owners.
//!
//! API keys are not checked here: their scopes are (see `api_keys`).

use axum::http::Method;
use domain::Role;
use serde::Serialize;
use utoipa::ToSchema;

/// Paths that are not the signed-in member's to be refused: sign-in and
/// the endpoints with credentials of their own (postback tokens, DNI tag
/// keys, invitation tokens). Their handlers decide.
fn is_public(path: &str) -> bool {
    path.starts_with("/api/auth/") || path == "/api/dni/track" || path == "/api/conversions"
}

/// POSTs that change nothing: running a report, its files, dry runs.
fn reads_by_post(segments: &[&str]) -> bool {
    matches!(
        segments,
        ["reports", "run" | "run.csv" | "run.pdf" | "run.xlsx"]
            | ["campaigns", _, "simulate"]
            | ["call-flows", _, "simulate"]
    )
}

/// Reads that reveal a credential: only those who may change it.
fn sensitive_read(segments: &[&str]) -> Option<Role> {
    match segments {
        ["campaigns", _, "postback"] => Some(Role::Manager),
        ["settings", "api-keys", ..] | ["audit-log", ..] => Some(Role::Admin),
        _ => None,
    }
}

/// The least role that may make this request; `None`: not a member's
/// request to check (public endpoints, non-API paths).
pub fn required(method: &Method, path: &str) -> Option<Role> {
    if is_public(path) {
        return None;
    }
    let rest = path.strip_prefix("/api/")?;
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let read = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if read {
        return Some(sensitive_read(&segments).unwrap_or(Role::Analyst));
    }
    if *method == Method::POST && reads_by_post(&segments) {
        return Some(Role::Analyst);
    }
    Some(match segments.first().copied().unwrap_or_default() {
        "campaigns" | "buyers" | "phone-numbers" | "pools" | "call-flows" | "audio-files"
        | "calls" | "reports" | "rtb" | "dni" => Role::Manager,
        "settings" => match segments.get(1).copied() {
            // A member's own profile, password, sessions and sign-ins.
            Some("profile" | "password" | "sessions" | "sign-ins" | "two-factor") => Role::Analyst,
            // The account's sign-in requirements.
            Some("security") => Role::Owner,
            _ => Role::Admin,
        },
        // Integrations and anything not named: the administrators'.
        _ => Role::Admin,
    })
}

/// What a member who must still set up two-factor sign-in may do: sign
/// out, read who they are and their profile, and set it up.
pub fn open_before_two_factor(method: &Method, path: &str) -> bool {
    path.starts_with("/api/auth/")
        || path.starts_with("/api/settings/two-factor")
        || (*method == Method::GET && path == "/api/settings/profile")
}

/// Whether `role` may make this request.
pub fn permits(role: Role, method: &Method, path: &str) -> bool {
    required(method, path).is_none_or(|least| role.at_least(least))
}

/// What a role may do per area of the app, for the UI to hide the rest.
#[derive(Serialize, ToSchema, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub campaigns: Access,
    pub buyers: Access,
    pub numbers: Access,
    pub flows: Access,
    pub calls: Access,
    pub reports: Access,
    pub rtb: Access,
    pub dni: Access,
    pub integrations: Access,
    pub members: Access,
    pub api_keys: Access,
}

/// `write` includes reading.
#[derive(Serialize, ToSchema, Debug, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    None,
    Read,
    Write,
}

impl Permissions {
    /// Derived from [`required`] itself, so that the UI and the checks
    /// cannot disagree.
    pub fn of(role: Role) -> Self {
        let access = |path: &str| {
            if permits(role, &Method::POST, path) {
                Access::Write
            } else if permits(role, &Method::GET, path) {
                Access::Read
            } else {
                Access::None
            }
        };
        Self {
            campaigns: access("/api/campaigns"),
            buyers: access("/api/buyers"),
            numbers: access("/api/phone-numbers"),
            flows: access("/api/call-flows"),
            calls: access("/api/calls"),
            reports: access("/api/reports"),
            rtb: access("/api/rtb/targets"),
            dni: access("/api/dni/tags"),
            integrations: access("/api/integrations/webhooks"),
            members: access("/api/settings/members"),
            api_keys: access("/api/settings/api-keys"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysts_read_and_run_reports_but_change_nothing() {
        let r = Role::Analyst;
        assert!(permits(r, &Method::GET, "/api/campaigns"));
        assert!(permits(r, &Method::POST, "/api/reports/run.csv"));
        assert!(permits(r, &Method::POST, "/api/campaigns/x/simulate"));
        assert!(!permits(r, &Method::POST, "/api/campaigns"));
        assert!(!permits(r, &Method::POST, "/api/reports"));
        assert!(!permits(r, &Method::GET, "/api/campaigns/x/postback"));
        assert!(!permits(r, &Method::GET, "/api/settings/api-keys"));
        assert!(permits(r, &Method::PUT, "/api/settings/profile"));
    }

    #[test]
    fn managers_change_the_call_business_not_integrations_or_people() {
        let r = Role::Manager;
        for path in [
            "/api/campaigns",
            "/api/buyers",
            "/api/pools",
            "/api/rtb/targets",
        ] {
            assert!(permits(r, &Method::POST, path), "{path}");
        }
        assert!(!permits(r, &Method::POST, "/api/integrations/webhooks"));
        assert!(!permits(
            r,
            &Method::POST,
            "/api/settings/members/invitations"
        ));
        assert!(permits(
            Role::Admin,
            &Method::POST,
            "/api/integrations/webhooks"
        ));
    }

    #[test]
    fn sign_in_and_token_endpoints_are_not_checked() {
        assert_eq!(required(&Method::POST, "/api/auth/login"), None);
        assert_eq!(required(&Method::POST, "/api/conversions"), None);
        assert_eq!(required(&Method::GET, "/assets/app.js"), None);
        assert_eq!(required(&Method::DELETE, "/api/unknown"), Some(Role::Admin));
    }

    #[test]
    fn permissions_follow_the_table() {
        let p = Permissions::of(Role::Manager);
        assert_eq!(p.campaigns, Access::Write);
        assert_eq!(p.integrations, Access::Read);
        assert_eq!(p.api_keys, Access::None);
        assert_eq!(Permissions::of(Role::Owner).members, Access::Write);
    }
}
