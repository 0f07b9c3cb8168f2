//! Phone numbers: parsed from any common format with libphonenumber's
//! rules (the `phonenumber` crate) and stored as E.164.

use phonenumber::Mode;
use phonenumber::country::Id as Country;

/// A valid phone number in E.164 form (`+12125550100`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct E164(String);

impl E164 {
    /// Parse `input` in any common format. Numbers without a `+country`
    /// prefix are read in `default_region` (ISO 3166 alpha-2, e.g. "US").
    pub fn parse(input: &str, default_region: &str) -> Result<Self, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("is required".into());
        }
        if trimmed.len() > 40 {
            return Err("is too long to be a phone number".into());
        }
        let region: Option<Country> = default_region.to_ascii_uppercase().parse().ok();
        let parsed = phonenumber::parse(region, trimmed)
            .map_err(|_| format!("{trimmed:?} is not a phone number"))?;
        if !phonenumber::is_valid(&parsed) {
            return Err(format!("{trimmed:?} is not a valid phone number"));
        }
        Ok(Self(parsed.format().mode(Mode::E164).to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Human format: `+1 (212) 555-0100` for NANP numbers, international
    /// format elsewhere.
    pub fn formatted(&self) -> String {
        format_display(&self.0)
    }

    /// The ISO country of the number, when known (`US`, `GB`, …).
    pub fn country(&self) -> Option<String> {
        phonenumber::parse(None, &self.0)
            .ok()
            .and_then(|n| n.country().id())
            .map(|id| format!("{id:?}"))
    }
}

/// Display form of an E.164 string (returned unchanged if unparseable).
pub fn format_display(e164: &str) -> String {
    let Ok(n) = phonenumber::parse(None, e164) else {
        return e164.to_string();
    };
    if n.code().value() == 1 {
        let national = n.national().value().to_string();
        if national.len() == 10 {
            return format!(
                "+1 ({}) {}-{}",
                &national[..3],
                &national[3..6],
                &national[6..]
            );
        }
    }
    n.format().mode(Mode::International).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_formats_normalise_to_e164() {
        for input in [
            "(212) 555-0100",
            "212.555.0100",
            "+1 212 555 0100",
            "1-212-555-0100",
            "2125550100",
        ] {
            assert_eq!(
                E164::parse(input, "US").unwrap().as_str(),
                "+12125550100",
                "{input}"
            );
        }
        assert_eq!(
            E164::parse("+44 20 7946 0958", "US").unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            E164::parse("020 7946 0958", "GB").unwrap().as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn garbage_is_refused() {
        for input in ["", "abc", "123", "+1 555", "+999 1234567", &"9".repeat(50)] {
            assert!(E164::parse(input, "US").is_err(), "{input}");
        }
    }

    #[test]
    fn display_and_country() {
        let n = E164::parse("8562813889", "US").unwrap();
        assert_eq!(n.formatted(), "+1 (856) 281-3889");
        assert_eq!(n.country().as_deref(), Some("US"));
        let uk = E164::parse("+442079460958", "US").unwrap();
        assert_eq!(uk.country().as_deref(), Some("GB"));
    }
}
