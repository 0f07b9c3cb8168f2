//! Webhook request signatures (`X-Twilio-Signature`).
//!
//! Twilio's documented algorithm ("Webhooks security"):
//!
//! 1. take the full URL Twilio requested, query string included, exactly as
//!    configured;
//! 2. for a form `POST`, sort the body parameters by name and append each
//!    name immediately followed by its value, with no delimiters (a GET request
//!    carries its parameters in the query string, so pass no parameters);
//! 3. HMAC-SHA1 the UTF-8 bytes with the account auth token as key;
//! 4. base64 (standard alphabet, padded) the 20-byte digest.
//!
//! Repeated names (rare) are ordered by value, as Twilio's Python helper does.
//! Because nothing delimits names from values, `Digits=1234` and
//! `Digits1=234` sign alike: read the typed webhook from the same pairs that
//! were validated.
//!
//! Twilio's own helper libraries accept a request when the signature matches
//! the URL **with or without its port** (`https://host/x` and
//! `https://host:443/x`; `http://host:1234/x` and `http://host/x`) because
//! Twilio's side is not consistent about it; [`validate`] does the same.
//!
//! SignalWire's compatibility API signs the same way with the project's signing
//! key. JSON bodies (`bodySHA256` in the query string) and Telnyx's Ed25519
//! signatures are not covered here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

type HmacSha1 = Hmac<Sha1>;

/// Name of the header Twilio puts the signature in.
pub const HEADER: &str = "X-Twilio-Signature";

/// The parameters, sorted by name (then value), each name followed by its value.
fn params_suffix(params: &[(impl AsRef<str>, impl AsRef<str>)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    sorted.sort_unstable();
    let len = sorted.iter().map(|(k, v)| k.len() + v.len()).sum();
    let mut out = String::with_capacity(len);
    for (k, v) in sorted {
        out.push_str(k);
        out.push_str(v);
    }
    out
}

fn sign(auth_token: &str, url: &str, suffix: &str) -> String {
    let mut mac = HmacSha1::new_from_slice(auth_token.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(url.as_bytes());
    mac.update(suffix.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// The signature Twilio sends for a request to `url` carrying the form `params`.
pub fn compute(
    auth_token: &str,
    url: &str,
    params: &[(impl AsRef<str>, impl AsRef<str>)],
) -> String {
    sign(auth_token, url, &params_suffix(params))
}

/// Whether `signature` (the `X-Twilio-Signature` header) is valid for a request
/// to `url` with the form `params`, trying the URL with and without its port.
///
/// Compares in constant time. An empty auth token or signature is never valid
/// (an unconfigured token must not accept signatures anyone can compute).
pub fn validate(
    auth_token: &str,
    url: &str,
    params: &[(impl AsRef<str>, impl AsRef<str>)],
    signature: &str,
) -> bool {
    if auth_token.is_empty() || signature.is_empty() {
        return false;
    }
    let suffix = params_suffix(params);
    let matches = |candidate: &str| -> bool {
        sign(auth_token, candidate, &suffix)
            .as_bytes()
            .ct_eq(signature.as_bytes())
            .into()
    };
    // The URL as called almost always matches: its other form is signed
    // only when the carrier wrote the port differently. Which form matched
    // tells nothing about the signature (each comparison is constant-time).
    matches(url) || url_variants(url).iter().any(|c| c != url && matches(c))
}

/// The URLs [`validate`] tries: `url` without its port, then with it (the
/// scheme's default port, 443 for `https` and 80 otherwise, when it has none).
/// One of the two is `url` itself. A URL without `scheme://` is returned alone.
pub fn url_variants(url: &str) -> Vec<String> {
    let Some(parts) = UrlParts::split(url) else {
        return vec![url.to_owned()];
    };
    let without = parts.join(None);
    let with = match parts.port {
        Some(port) if !port.is_empty() => parts.join(Some(port)),
        _ => {
            let default = if parts.scheme.eq_ignore_ascii_case("https") {
                "443"
            } else {
                "80"
            };
            parts.join(Some(default))
        }
    };
    vec![without, with]
}

/// `scheme://[userinfo@]host[:port]rest`, split by hand so that nothing is
/// normalised (a URL library would drop default ports and re-encode).
struct UrlParts<'a> {
    scheme: &'a str,
    userinfo: Option<&'a str>,
    host: &'a str,
    port: Option<&'a str>,
    rest: &'a str,
}

impl<'a> UrlParts<'a> {
    fn split(url: &'a str) -> Option<Self> {
        let (scheme, after) = url.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        // IPv6 literal: the port, if any, follows the closing bracket.
        let port_start = if hostport.starts_with('[') {
            let close = hostport.find(']')?;
            hostport[close..].find(':').map(|i| close + i)
        } else {
            hostport.rfind(':')
        };
        let (host, port) = match port_start {
            Some(i) => {
                let port = &hostport[i + 1..];
                if !port.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (&hostport[..i], Some(port))
            }
            None => (hostport, None),
        };
        Some(Self {
            scheme,
            userinfo,
            host,
            port,
            rest,
        })
    }

    fn join(&self, port: Option<&str>) -> String {
        let mut out =
            String::with_capacity(self.scheme.len() + self.host.len() + self.rest.len() + 16);
        out.push_str(self.scheme);
        out.push_str("://");
        if let Some(u) = self.userinfo {
            out.push_str(u);
            out.push('@');
        }
        out.push_str(self.host);
        if let Some(p) = port {
            out.push(':');
            out.push_str(p);
        }
        out.push_str(self.rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The worked example of Twilio's "Webhooks security" page (auth token
    /// 12345, caller +14158675310), in a scrambled order: sorting is ours to do.
    fn docs_params() -> Vec<(String, String)> {
        pairs(&[
            ("To", "+18005551212"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
        ])
    }
    const DOCS_SIGNATURE: &str = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    /// The same request as signed in twilio-python's own test-suite
    /// (tests/unit/test_request_validator.py), caller +14158675309.
    fn helper_params() -> Vec<(String, String)> {
        pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
            ("Caller", "+14158675309"),
        ])
    }

    #[test]
    fn docs_vector() {
        assert_eq!(compute(TOKEN, URL, &docs_params()), DOCS_SIGNATURE);
        assert!(validate(TOKEN, URL, &docs_params(), DOCS_SIGNATURE));
    }

    #[test]
    fn helper_library_vectors() {
        let p = helper_params();
        assert_eq!(compute(TOKEN, URL, &p), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assert!(validate(TOKEN, URL, &p, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        // Signed with the port, validated from a URL without it (and back).
        assert!(validate(TOKEN, URL, &p, "kvajT1Ptam85bY51eRf/AJRuM3w="));
        let with_443 = URL.replace(".com", ".com:443");
        assert!(validate(
            TOKEN,
            &with_443,
            &p,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        ));
        // Any port is removed on https.
        let with_1234 = URL.replace(".com", ".com:1234");
        assert!(validate(
            TOKEN,
            &with_1234,
            &p,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        ));
        // http: signed with port 80 / with port 1234.
        let http = URL.replace("https", "http");
        assert!(validate(TOKEN, &http, &p, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
        let http_1234 = http.replace(".com", ".com:1234");
        assert!(validate(
            TOKEN,
            &http_1234,
            &p,
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
        ));
        // Repeated names sort by value (twilio-python's duplicate vector).
        let dup = pairs(&[
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
        ]);
        assert_eq!(compute(TOKEN, URL, &dup), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    #[test]
    fn tampering_is_rejected() {
        let p = docs_params();
        let mut changed = p.clone();
        changed[1].1 = "9999".into();
        assert!(!validate(TOKEN, URL, &changed, DOCS_SIGNATURE));
        let mut extra = p.clone();
        extra.push(("CallStatus".into(), "completed".into()));
        assert!(!validate(TOKEN, URL, &extra, DOCS_SIGNATURE));
        assert!(!validate(TOKEN, URL, &p[1..], DOCS_SIGNATURE));
        // Inherent to Twilio's scheme (no delimiters): moving a name/value
        // boundary keeps the signature. Handlers must read the typed webhook
        // from the very pairs they validated, never from a re-split body.
        let mut shifted = p.clone();
        shifted[1] = ("Digits1".into(), "234".into());
        assert!(validate(TOKEN, URL, &shifted, DOCS_SIGNATURE));

        assert!(!validate("12346", URL, &p, DOCS_SIGNATURE));
        assert!(!validate("", URL, &p, DOCS_SIGNATURE));
        assert!(!validate(
            TOKEN,
            &URL.replace("foo=1", "foo=2"),
            &p,
            DOCS_SIGNATURE
        ));
        assert!(!validate(
            TOKEN,
            &URL.replace("https", "http"),
            &p,
            DOCS_SIGNATURE
        ));
        assert!(!validate(
            TOKEN,
            "https://mycompany.com/myapp.php",
            &p,
            DOCS_SIGNATURE
        ));
        assert!(!validate(
            TOKEN,
            "https://evil.com/myapp.php?foo=1&bar=2",
            &p,
            DOCS_SIGNATURE
        ));

        assert!(!validate(TOKEN, URL, &p, ""));
        assert!(!validate(TOKEN, URL, &p, "GvWf1cFY/Q7PnoempGyD5oXAezc"));
        assert!(!validate(TOKEN, URL, &p, "gvWf1cFY/Q7PnoempGyD5oXAezc="));
        assert!(!validate(TOKEN, URL, &p, " GvWf1cFY/Q7PnoempGyD5oXAezc="));
    }

    #[test]
    fn get_requests_sign_the_query_string_only() {
        let url = "https://cc.example.com/api/webhooks/twilio?CallSid=CA1&From=%2B1212";
        let none: &[(&str, &str)] = &[];
        let sig = compute("secret", url, none);
        assert!(validate("secret", url, none, &sig));
        assert!(!validate("secret", &url.replace("%2B", "+"), none, &sig));
    }

    #[test]
    fn empty_token_never_validates_even_a_matching_signature() {
        let sig = compute("", URL, &docs_params());
        assert!(!validate("", URL, &docs_params(), &sig));
    }

    #[test]
    fn port_variants() {
        assert_eq!(
            url_variants("https://a.com/x?y=1"),
            ["https://a.com/x?y=1", "https://a.com:443/x?y=1"]
        );
        assert_eq!(
            url_variants("HTTPS://a.com"),
            ["HTTPS://a.com", "HTTPS://a.com:443"]
        );
        assert_eq!(
            url_variants("http://a.com?q"),
            ["http://a.com?q", "http://a.com:80?q"]
        );
        assert_eq!(
            url_variants("http://u:p@a.com:8080/x#f"),
            ["http://u:p@a.com/x#f", "http://u:p@a.com:8080/x#f"]
        );
        assert_eq!(
            url_variants("https://[::1]:8443/x"),
            ["https://[::1]/x", "https://[::1]:8443/x"]
        );
        assert_eq!(
            url_variants("https://[::1]/x"),
            ["https://[::1]/x", "https://[::1]:443/x"]
        );
        assert_eq!(
            url_variants("https://a.com:/x"),
            ["https://a.com/x", "https://a.com:443/x"]
        );
        // Not something we can split safely: used as given.
        assert_eq!(url_variants("/relative?x=1"), ["/relative?x=1"]);
        assert_eq!(url_variants("https://a.com:80x/"), ["https://a.com:80x/"]);
        assert_eq!(url_variants("https://[::1/"), ["https://[::1/"]);
    }

    #[test]
    fn unicode_is_signed_as_utf8() {
        let p = pairs(&[("CallerName", "José Ñúñez"), ("From", "+34911234567")]);
        // Cross-checked with Python's hmac/hashlib/base64.
        assert_eq!(compute(TOKEN, URL, &p), "ekEOv6xPMB5vWEj3iDzMVKrNW5k=");
        assert!(validate(TOKEN, URL, &p, "ekEOv6xPMB5vWEj3iDzMVKrNW5k="));
    }
}
