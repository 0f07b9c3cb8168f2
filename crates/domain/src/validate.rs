//! Small validators shared by every resource. Each returns the reason as
//! text; the caller names the field.

/// Trimmed text of at most `max` characters; `required` refuses empty.
pub fn text(value: &str, max: usize, required: bool) -> Result<String, String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err("is required".into());
    }
    if v.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err("must not contain control characters".into());
    }
    Ok(v.to_string())
}

/// Optional text: empty becomes `None`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(v) => text(v, max, false).map(|t| (!t.is_empty()).then_some(t)),
    }
}

/// An absolute http(s) URL of at most 500 characters.
pub fn http_url(value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.len() > 500 {
        return Err("must be at most 500 characters".into());
    }
    let parsed = url::Url::parse(v).map_err(|_| "must be an absolute http(s) URL".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err("must be an absolute http(s) URL".into());
    }
    Ok(v.to_string())
}

/// An email address (shape only).
pub fn email(value: &str) -> Result<String, String> {
    let v = value.trim();
    let ok = v.len() <= 255
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
        });
    if ok {
        Ok(v.to_ascii_lowercase())
    } else {
        Err("is not a valid email address".into())
    }
}

/// An integer inside `range`.
pub fn in_range(value: i64, range: std::ops::RangeInclusive<i64>) -> Result<i64, String> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "must be between {} and {}",
            range.start(),
            range.end()
        ))
    }
}

/// Caps: each positive (or unset), and hourly ≤ daily ≤ monthly where set.
/// Returns the field at fault and why.
pub fn caps(
    concurrent: Option<i64>,
    hourly: Option<i64>,
    daily: Option<i64>,
    monthly: Option<i64>,
) -> Result<(), (&'static str, String)> {
    for (field, v) in [
        ("maxConcurrentCalls", concurrent),
        ("hourlyCap", hourly),
        ("dailyCap", daily),
        ("monthlyCap", monthly),
    ] {
        if let Some(v) = v
            && !(1..=10_000_000).contains(&v)
        {
            return Err((
                field,
                "must be a positive whole number (or empty for no limit)".into(),
            ));
        }
    }
    if let (Some(h), Some(d)) = (hourly, daily)
        && h > d
    {
        return Err(("hourlyCap", "must not exceed the daily cap".into()));
    }
    if let (Some(d), Some(m)) = (daily, monthly)
        && d > m
    {
        return Err(("dailyCap", "must not exceed the monthly cap".into()));
    }
    if let (Some(h), None, Some(m)) = (hourly, daily, monthly)
        && h > m
    {
        return Err(("hourlyCap", "must not exceed the monthly cap".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        assert_eq!(text("  a  ", 5, true).unwrap(), "a");
        assert!(text(" ", 5, true).is_err());
        assert!(text(&"x".repeat(6), 5, false).is_err());
        assert!(text("a\u{0}b", 5, false).is_err());
        assert_eq!(optional_text(Some("  "), 5).unwrap(), None);
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(http_url("https://example.com/hook").is_ok());
        for bad in [
            "ftp://x.com",
            "/relative",
            "example.com",
            "javascript:alert(1)",
            "http://",
        ] {
            assert!(http_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn caps_are_positive_and_ordered() {
        assert!(caps(Some(5), Some(10), Some(100), Some(1000)).is_ok());
        assert!(caps(None, None, None, None).is_ok());
        assert_eq!(
            caps(Some(0), None, None, None).unwrap_err().0,
            "maxConcurrentCalls"
        );
        assert_eq!(caps(None, Some(-1), None, None).unwrap_err().0, "hourlyCap");
        assert_eq!(
            caps(None, Some(50), Some(10), None).unwrap_err().0,
            "hourlyCap"
        );
        assert_eq!(
            caps(None, None, Some(100), Some(10)).unwrap_err().0,
            "dailyCap"
        );
        assert_eq!(
            caps(None, Some(100), None, Some(10)).unwrap_err().0,
            "hourlyCap"
        );
    }
}
