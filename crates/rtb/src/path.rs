//! Response paths: a small, safe subset of JSONPath that names exactly
//! one value. Accepted forms:
//!
//! - `$.data.bid.amount`, `$.bids[0].amount`, `$['odd key'].x`, `$["k"]`
//! - bare and dotted: `bidAmount` (= `$.bidAmount`), `data.bid.amount`
//! - slash form for XML users: `bid/amount`, `/response/bid/amount`
//!
//! No wildcards, filters, slices or recursive descent: a path either
//! names one value or it is refused when the target is saved
//! ([`Path::parse`]). Paths are capped at 256 characters and 32 steps.

use serde_json::Value;

const MAX_LEN: usize = 256;
const MAX_STEPS: usize = 32;

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A parsed response path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

impl Path {
    /// Parse a path; the error says what is wrong, for the target form.
    pub fn parse(text: &str) -> Result<Path, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("path is empty".into());
        }
        if t.len() > MAX_LEN {
            return Err("path is longer than 256 characters".into());
        }
        let steps = if let Some(rest) = t.strip_prefix('$') {
            parse_jsonpath(rest)?
        } else if t.contains('/') {
            parse_slashed(t)?
        } else {
            // Bare or dotted: the same grammar as after `$.`.
            parse_jsonpath(&format!(".{t}"))?
        };
        if steps.is_empty() {
            return Err("path names the whole document; name a field (e.g. $.bidAmount)".into());
        }
        if steps.len() > MAX_STEPS {
            return Err("path has more than 32 steps".into());
        }
        Ok(Path(steps))
    }

    /// The value the path names, if any. With `lenient_index`, `[0]` on a
    /// value that is not an array names the value itself (XML elements
    /// that occur once are not arrays).
    pub fn lookup<'a>(&self, root: &'a Value, lenient_index: bool) -> Option<&'a Value> {
        let mut v = root;
        for step in &self.0 {
            v = match (step, v) {
                (Step::Key(k), Value::Object(map)) => map.get(k)?,
                (Step::Index(i), Value::Array(items)) => items.get(*i)?,
                (Step::Index(0), other) if lenient_index => other,
                _ => return None,
            };
        }
        Some(v)
    }
}

fn parse_jsonpath(mut s: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    while !s.is_empty() {
        if let Some(rest) = s.strip_prefix('.') {
            if rest.starts_with('.') {
                return Err("recursive descent (..) is not supported".into());
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            check_member(key)?;
            steps.push(Step::Key(key.to_string()));
            s = &rest[end..];
        } else if let Some(rest) = s.strip_prefix('[') {
            let end = rest.find(']').ok_or("unclosed [")?;
            let inner = rest[..end].trim();
            steps.push(bracket(inner)?);
            s = &rest[end + 1..];
        } else {
            return Err(format!("unexpected {s:?}; use $.a.b, $.a[0] or $['a']"));
        }
    }
    Ok(steps)
}

fn bracket(inner: &str) -> Result<Step, String> {
    let quoted = |q: char| inner.len() >= 2 && inner.starts_with(q) && inner.ends_with(q);
    if quoted('\'') || quoted('"') {
        let key = &inner[1..inner.len() - 1];
        if key.contains(['\'', '"', '\\']) {
            return Err("quotes and backslashes inside ['…'] are not supported".into());
        }
        return Ok(Step::Key(key.to_string()));
    }
    if !inner.is_empty() && inner.len() <= 6 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner
            .parse()
            .map(Step::Index)
            .map_err(|_| "bad index".to_string());
    }
    Err(format!(
        "[{inner}] is not supported; use an index like [0] or a key like ['name']"
    ))
}

fn check_member(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("empty member name".into());
    }
    if key == "*" || key.contains(['*', '?', '(', ')', '@', ' ', '\'', '"', ']']) {
        return Err(format!(
            "{key:?} is not a plain member name (wildcards and filters are not supported)"
        ));
    }
    Ok(())
}

fn parse_slashed(t: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in t.trim_start_matches('/').split('/') {
        // `bid[0]` inside a slash path.
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => {
                let inner = rest.strip_suffix(']').ok_or("unclosed [")?;
                (name, Some(bracket(inner.trim())?))
            }
            None => (part, None),
        };
        check_member(name)?;
        steps.push(Step::Key(name.to_string()));
        steps.extend(index);
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn k(s: &str) -> Step {
        Step::Key(s.into())
    }

    #[test]
    fn all_spec_forms_parse() {
        assert_eq!(Path::parse("$.bidAmount").unwrap().0, vec![k("bidAmount")]);
        assert_eq!(Path::parse("bidAmount").unwrap().0, vec![k("bidAmount")]);
        assert_eq!(
            Path::parse("$.data.bid.amount").unwrap(),
            Path::parse("data.bid.amount").unwrap()
        );
        assert_eq!(
            Path::parse("$.bids[2]['the amount']").unwrap().0,
            vec![k("bids"), Step::Index(2), k("the amount")]
        );
        assert_eq!(
            Path::parse("$[\"a\"][0]").unwrap().0,
            vec![k("a"), Step::Index(0)]
        );
        assert_eq!(
            Path::parse("/response/bid[1]/amount").unwrap().0,
            vec![k("response"), k("bid"), Step::Index(1), k("amount")]
        );
    }

    #[test]
    fn unsupported_or_broken_paths_are_refused() {
        for bad in [
            "",
            "$",
            "$..amount",
            "$.*",
            "$.bids[*]",
            "$.bids[?(@.x)]",
            "$.a[",
            "$.a.",
            "$.bids[-1]",
            "$.bids[0:2]",
            "a b",
            "$.a['x\\'y']",
            &"a.".repeat(200),
        ] {
            assert!(Path::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lookup_follows_members_and_indices() {
        let v = json!({"data": {"bids": [{"amount": 1}, {"amount": "2.5"}]}, "x": 3});
        let p = Path::parse("$.data.bids[1].amount").unwrap();
        assert_eq!(p.lookup(&v, false), Some(&json!("2.5")));
        assert_eq!(
            Path::parse("$.data.bids[5]").unwrap().lookup(&v, false),
            None
        );
        assert_eq!(Path::parse("$.x.y").unwrap().lookup(&v, false), None);
        assert_eq!(Path::parse("$.x[0]").unwrap().lookup(&v, false), None);
        assert_eq!(
            Path::parse("$.x[0]").unwrap().lookup(&v, true),
            Some(&json!(3))
        );
    }
}
