//! Accounts (tenants) and the users who log in to them. An account is
//! keyed by its founding user's id (every customer row's `user_id`); each
//! user is a member of exactly one account, with a [`Role`].

pub use crate::ids::AccountId;

/// What a member may do, from most to least: see `docs/api/roles.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Analyst,
    Manager,
    Admin,
    Owner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Manager, Role::Analyst];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether this role includes everything `other` may do.
    pub fn at_least(self, other: Role) -> bool {
        self >= other
    }
}

/// A user to create, already validated.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub email: Option<String>,
    pub password: crate::Secret<String>,
}

/// Why a new user was refused; `field` names the input at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct UserError {
    pub field: &'static str,
    pub reason: String,
}

fn err(field: &'static str, reason: impl Into<String>) -> UserError {
    UserError {
        field,
        reason: reason.into(),
    }
}

/// A plausible e-mail address, trimmed and lower-cased.
pub fn parse_email(email: &str) -> Result<String, UserError> {
    let e = email.trim();
    let ok = e.len() <= 255
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !e.contains(char::is_whitespace);
    if !ok {
        return Err(err("email", "is not a valid email address"));
    }
    Ok(e.to_ascii_lowercase())
}

impl NewUser {
    /// Validate raw input: username 3-50 of `[A-Za-z0-9_.-]`, a plausible
    /// email when given, password 8-256 characters.
    pub fn parse(username: &str, email: Option<&str>, password: &str) -> Result<Self, UserError> {
        let username = username.trim();
        if username.len() < 3 || username.len() > 50 {
            return Err(err("username", "must be 3 to 50 characters"));
        }
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(err(
                "username",
                "may contain only letters, digits, '_', '.' and '-'",
            ));
        }
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => Some(parse_email(e)?),
        };
        let chars = password.chars().count();
        if !(8..=256).contains(&chars) {
            return Err(err("password", "must be 8 to 256 characters"));
        }
        Ok(Self {
            username: username.to_string(),
            email,
            password: crate::Secret::new(password.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_round_trip() {
        assert!(Role::Owner.at_least(Role::Admin));
        assert!(Role::Manager.at_least(Role::Analyst));
        assert!(!Role::Analyst.at_least(Role::Manager));
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Owner"), None);
    }

    #[test]
    fn valid_input_is_normalised() {
        let u = NewUser::parse(" alice ", Some(" Alice@Example.com "), "longenough").unwrap();
        assert_eq!(u.username, "alice");
        assert_eq!(u.email.as_deref(), Some("alice@example.com"));
    }

    #[test]
    fn bad_input_names_the_field() {
        assert_eq!(
            NewUser::parse("ab", None, "longenough").unwrap_err().field,
            "username"
        );
        assert_eq!(
            NewUser::parse("a b c", None, "longenough")
                .unwrap_err()
                .field,
            "username"
        );
        assert_eq!(
            NewUser::parse("alice", Some("nope"), "longenough")
                .unwrap_err()
                .field,
            "email"
        );
        assert_eq!(
            NewUser::parse("alice", None, "short").unwrap_err().field,
            "password"
        );
    }
}
