//! Secrets kept encrypted at rest (two-factor secrets, carrier
//! credentials): AES-256-GCM with a random 96-bit nonce per value, under
//! one key from the configuration or a key file. A sealed value reads
//! `v1.<hex of nonce and ciphertext>`; the tag makes any change to it, or
//! a wrong key, an error rather than garbage.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use rand::rngs::OsRng;

const VERSION: &str = "v1.";
const NONCE: usize = 12;

/// The key that seals and opens stored secrets. `Debug` never shows it.
#[derive(Clone)]
pub struct SealingKey([u8; 32]);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

/// A sealed value that cannot be opened: altered, or sealed under another key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored secret cannot be opened with this server's key")]
pub struct Unopenable;

impl SealingKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// A key written as 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// The key as 64 hex digits (for its key file).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }

    /// Seal `plain` under this key.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; NONCE];
        OsRng.fill_bytes(&mut nonce);
        // Encryption fails only for inputs beyond 64 GiB.
        let sealed = self
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .unwrap_or_default();
        format!("{VERSION}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// Open a value sealed by [`SealingKey::seal`] under this key.
    pub fn open(&self, sealed: &str) -> Result<String, Unopenable> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(|h| hex::decode(h).ok())
            .filter(|b| b.len() > NONCE)
            .ok_or(Unopenable)?;
        let (nonce, body) = bytes.split_at(NONCE);
        let plain = self
            .cipher()
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| Unopenable)?;
        String::from_utf8(plain).map_err(|_| Unopenable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_unaltered() {
        let key = SealingKey::generate();
        let sealed = key.seal("JBSWY3DPEHPK3PXP ñ 🚀");
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("JBSWY3DP"));
        assert_eq!(key.open(&sealed).unwrap(), "JBSWY3DPEHPK3PXP ñ 🚀");
        // A fresh nonce each time.
        assert_ne!(key.seal("x"), key.seal("x"));
        assert_eq!(SealingKey::generate().open(&sealed), Err(Unopenable));
        let mut altered = sealed.clone();
        let last = if sealed.ends_with('0') { "1" } else { "0" };
        altered.replace_range(sealed.len() - 1.., last);
        assert_eq!(key.open(&altered), Err(Unopenable));
        assert_eq!(key.open("plain text"), Err(Unopenable));
        let again = SealingKey::from_hex(&key.to_hex()).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), "JBSWY3DPEHPK3PXP ñ 🚀");
        assert!(SealingKey::from_hex("abcd").is_none());
        assert_eq!(format!("{key:?}"), "SealingKey(..)");
    }
}
