//! Password hashing with Argon2id (PHC string format), and session tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// Hash a password with Argon2id and a random salt.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Passwords too common to accept whatever their length.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "qwerty123",
    "iloveyou",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "letmein1",
    "trustno1",
    "11111111",
    "00000000",
    "abc12345",
    "passw0rd",
    "changeme",
    "callcenter",
    "administrator",
];

/// Why a new password is too weak, or `None`: 8 to 256 characters, not a
/// common password, not the username, and not a few characters repeated.
pub fn weakness(password: &str, username: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if !(8..=256).contains(&chars) {
        return Some("must be 8 to 256 characters");
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Some("is one of the most common passwords");
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Some("must not contain your username");
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 5 {
        return Some("needs at least 5 different characters");
    }
    None
}

/// Check a password against a stored PHC hash. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fixed hash used to spend the same time on unknown users as on known
/// ones, so that response time does not reveal which usernames exist.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("dummy-password-for-timing").unwrap_or_default());
    let _ = verify(password, phc);
}

/// A new random session token (64 hex characters) for the cookie.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a token: its SHA-256, so that a leaked
/// sessions table cannot be replayed as cookies.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_named() {
        assert_eq!(weakness("short", "a"), Some("must be 8 to 256 characters"));
        assert!(weakness("Password123", "a").is_some());
        assert!(weakness("olga-secret-9", "Olga").is_some());
        assert!(weakness("aaaabbbbaaaa", "x").is_some());
        assert_eq!(weakness("correct horse battery", "olga"), None);
        assert_eq!(weakness("Zoë🚀 ñandú 42", "zoe"), None);
    }

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let h = hash("demo123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("demo123", &h));
        assert!(!verify("demo124", &h));
    }

    #[test]
    fn a_malformed_hash_never_matches() {
        assert!(!verify("x", "not-a-hash"));
        assert!(!verify("", ""));
    }

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_digest(&a), token_digest(&a));
        assert_ne!(token_digest(&a), a);
    }
}
