//! Standard Webhooks signatures: `webhook-signature: v1,<base64 of
//! HMAC-SHA256("<id>.<timestamp>.<body>")>`, keyed by the bytes of the
//! secret after `whsec_` (base64). While a rotated-out secret lives, the
//! header carries a signature by each, separated by a space.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

const PREFIX: &str = "whsec_";

/// A secret that is not `whsec_` and base64 of 24 to 64 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretError;

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("must be whsec_ followed by the base64 of 24 to 64 bytes")
    }
}

/// A new random secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("{PREFIX}{}", STANDARD.encode(key))
}

/// Signs messages with one or two secrets.
#[derive(Clone)]
pub struct Signer {
    keys: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({} keys)", self.keys.len())
    }
}

fn key_of(secret: &str) -> Result<Vec<u8>, SecretError> {
    let b64 = secret.strip_prefix(PREFIX).ok_or(SecretError)?;
    let key = STANDARD.decode(b64).map_err(|_| SecretError)?;
    if (24..=64).contains(&key.len()) {
        Ok(key)
    } else {
        Err(SecretError)
    }
}

impl Signer {
    /// The current secret, and a previous one still honoured.
    pub fn new(current: &str, previous: Option<&str>) -> Result<Self, SecretError> {
        let mut keys = vec![key_of(current)?];
        if let Some(p) = previous {
            keys.push(key_of(p)?);
        }
        Ok(Self { keys })
    }

    /// Whether `secret` is a valid secret.
    pub fn check(secret: &str) -> Result<(), SecretError> {
        key_of(secret).map(|_| ())
    }

    /// The `webhook-signature` header of a message.
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        let mut out = String::new();
        for key in &self.keys {
            // HMAC takes a key of any length.
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
                continue;
            };
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body.as_bytes());
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str("v1,");
            out.push_str(&STANDARD.encode(mac.finalize().into_bytes()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference libraries.
    #[test]
    fn signs_as_the_reference_libraries() {
        let signer = Signer::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", None).unwrap();
        assert_eq!(
            signer.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn two_secrets_two_signatures() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        let both = Signer::new(&a, Some(&b)).unwrap().sign("m", 1, "{}");
        let one = Signer::new(&a, None).unwrap().sign("m", 1, "{}");
        let other = Signer::new(&b, None).unwrap().sign("m", 1, "{}");
        assert_eq!(both, format!("{one} {other}"));
    }

    #[test]
    fn bad_secrets() {
        for s in ["", "whsec_", "whsec_!!!", "sk_abc", "whsec_AAAA"] {
            assert_eq!(Signer::check(s), Err(SecretError), "{s}");
        }
        assert!(Signer::check(&new_secret()).is_ok());
    }
}
