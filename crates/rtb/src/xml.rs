//! XML bidder answers as a JSON tree, so one path engine reads both.
//! An element with only text becomes a string, otherwise an object of its
//! children (repeated names become arrays), attributes (`@name`) and
//! text (`#text`); the root element is the single member of the result.
//! DTDs are refused (no entity expansion) and so is nesting deeper than
//! [`MAX_XML_DEPTH`] (the parser recurses once per level).

use serde_json::{Map, Value};

/// XML nested deeper than this is refused.
pub const MAX_XML_DEPTH: usize = 64;

/// Parse `text` as XML into a JSON tree (`{"root": …}`).
pub fn to_json(text: &str) -> Result<Value, String> {
    if xml_depth(text) > MAX_XML_DEPTH {
        return Err("XML nested too deeply".into());
    }
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| format!("invalid XML: {e}"))?;
    let root = doc.root_element();
    let mut top = Map::new();
    top.insert(root.tag_name().name().to_string(), element(root, 0));
    Ok(Value::Object(top))
}

/// The deepest element nesting of `text`, scanning tags the way an XML
/// parser does (quoted attribute values, comments, CDATA and processing
/// instructions skipped). The parser recurses once per level, so deep
/// documents are refused before it sees them.
fn xml_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let skip_to = |from: usize, end: &[u8]| -> usize {
        b[from..]
            .windows(end.len())
            .position(|w| w == end)
            .map_or(b.len(), |p| from + p + end.len())
    };
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = skip_to(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(i + 2, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_to(i + 2, b">");
        } else {
            // An open tag: find its `>` outside quotes.
            let mut j = i + 1;
            let mut quote = None;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if j < b.len() && b[j - 1] != b'/' {
                depth += 1;
                max = max.max(depth);
            }
            i = j + 1;
        }
    }
    max
}

fn element(node: roxmltree::Node<'_, '_>, depth: usize) -> Value {
    let children: Vec<_> = node.children().filter(|c| c.is_element()).collect();
    let attrs = node.attributes();
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text = text.trim();
    if children.is_empty() && attrs.len() == 0 {
        return Value::String(text.to_string());
    }
    let mut map = Map::new();
    for a in attrs {
        map.insert(
            format!("@{}", a.name()),
            Value::String(a.value().to_string()),
        );
    }
    if depth <= MAX_XML_DEPTH {
        for c in children {
            let name = c.tag_name().name().to_string();
            let v = element(c, depth + 1);
            match map.get_mut(&name) {
                Some(Value::Array(items)) => items.push(v),
                Some(existing) => *existing = Value::Array(vec![existing.take(), v]),
                None => {
                    map.insert(name, v);
                }
            }
        }
    }
    if !text.is_empty() {
        map.insert("#text".into(), Value::String(text.to_string()));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_body;
    use serde_json::json;

    #[test]
    fn xml_repeated_elements_become_arrays_and_dtds_are_refused() {
        let doc = parse_body(b"<r><bid>1</bid><bid>2</bid></r>").unwrap();
        assert_eq!(doc, json!({"r": {"bid": ["1", "2"]}}));
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#;
        assert!(parse_body(bomb).is_err());
        let deep = format!("{}{}", "<a>".repeat(20_000), "</a>".repeat(20_000));
        assert!(
            parse_body(deep.as_bytes()).is_err(),
            "refused, not a stack overflow"
        );
        let sneaky = format!(
            "{}{}",
            "<a x='/>' y=\"a>b\"><!-- <b> -->".repeat(100),
            "</a>".repeat(100)
        );
        assert!(xml_depth(&sneaky) == 100);
        let flat = format!("<r>{}</r>", "<bid/><x><y/></x>".repeat(500));
        assert_eq!(xml_depth(&flat), 2);
        assert!(parse_body(flat.as_bytes()).is_ok());
    }
}
