//! Escaping a template value for where it lands: inside a JSON string,
//! as a bare JSON value, in XML text or CDATA, or in a form/query string.

pub(crate) fn json_escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
}

pub(crate) fn json_raw_into(out: &mut String, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        out.push_str("null");
    } else if matches!(v, "true" | "false" | "null") || is_json_number(v) {
        out.push_str(v);
    } else {
        out.push('"');
        json_escape_into(out, value);
        out.push('"');
    }
}

/// RFC 8259 number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[int_start] == b'0') {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Characters XML 1.0 allows in a document.
pub(crate) fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

pub(crate) fn xml_escape_into(out: &mut String, value: &str) {
    for c in value.chars().filter(|&c| xml_allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

pub(crate) fn cdata_escape_into(out: &mut String, value: &str) {
    let clean: String = value.chars().filter(|&c| xml_allowed(c)).collect();
    out.push_str(&clean.replace("]]>", "]]]]><![CDATA[>"));
}

pub(crate) fn form_encode(value: &str) -> url::form_urlencoded::ByteSerialize<'_> {
    url::form_urlencoded::byte_serialize(value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar() {
        for ok in ["0", "-1", "12.50", "1e5", "1.5E-3"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "0x10", "NaN", "1 2"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
