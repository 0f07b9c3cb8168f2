//! Dynamic number insertion, the pure part: a tracking tag's settings and
//! their checks, which visitors get a tracking number (source rules), how
//! a number is shown on the page, and what is kept of a visit (addresses
//! truncated, e-mail-like values taken out of URLs, known bots told
//! apart).

use serde::{Deserialize, Serialize};

/// Where a tag's numbers come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberSource {
    /// A number pool: one number per visitor session, leased.
    Pool,
    /// One number for every visitor (source-level tracking).
    Static,
}

impl NumberSource {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pool" => Ok(Self::Pool),
            "static" => Ok(Self::Static),
            _ => Err("must be pool or static".into()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pool => "pool",
            Self::Static => "static",
        }
    }
}

/// How a number is written on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayFormat {
    /// `(856) 281-3889`
    #[default]
    National,
    /// `856-281-3889`
    Dashes,
    /// `856.281.3889`
    Dots,
    /// `+1 856 281 3889`
    International,
    /// `+18562813889`
    E164,
}

impl DisplayFormat {
    /// `e164` in this format (numbers outside the North American plan are
    /// shown in international form whatever the format).
    pub fn show(self, e164: &str) -> String {
        let national = e164
            .strip_prefix("+1")
            .filter(|n| n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()));
        let Some(n) = national else {
            return crate::phone::format_display(e164);
        };
        let (a, b, c) = (&n[..3], &n[3..6], &n[6..]);
        match self {
            Self::National => format!("({a}) {b}-{c}"),
            Self::Dashes => format!("{a}-{b}-{c}"),
            Self::Dots => format!("{a}.{b}.{c}"),
            Self::International => format!("+1 {a} {b} {c}"),
            Self::E164 => e164.to_string(),
        }
    }
}

/// Which visitors get a tracking number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visitors {
    #[default]
    All,
    /// Only those a source rule matches; the others see the page as it is.
    Matching,
}

/// What a source rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceField {
    UtmSource,
    UtmMedium,
    UtmCampaign,
    UtmTerm,
    UtmContent,
    /// Any paid-click id: gclid, gbraid, wbraid, fbclid or msclkid.
    ClickId,
    Gclid,
    Fbclid,
    Msclkid,
    /// The referrer's host name (`www.` dropped).
    ReferrerDomain,
    /// No referrer and no utm parameters.
    Direct,
}

/// How a rule compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOperator {
    Equals,
    Contains,
    Exists,
}

/// One source rule: rules are tried in order and the first that holds
/// names the visit's source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRule {
    /// What the rule calls the source ("Google Ads").
    pub label: String,
    pub field: SourceField,
    pub operator: RuleOperator,
    /// Compared without regard to case; unused by `exists`.
    #[serde(default)]
    pub value: String,
}

/// How calls are credited across a visitor's sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionModel {
    FirstTouch,
    #[default]
    LastTouch,
    Linear,
    TimeDecay,
}

/// The settings of a tag kept as one JSON value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TagSettings {
    /// Elements whose text (and `tel:` link) becomes the number.
    pub selectors: String,
    /// Numbers (E.164) replaced wherever they appear on the page, in their
    /// usual formats and in `tel:` links.
    pub swap_numbers: Vec<String>,
    pub display_format: DisplayFormat,
    pub visitors: Visitors,
    pub source_rules: Vec<SourceRule>,
    /// Host names allowed to call the track endpoint (subdomains
    /// included); empty allows any.
    pub allowed_domains: Vec<String>,
    /// Nothing is stored or sent until the page gives consent.
    pub consent_mode: bool,
    pub attribution_model: AttributionModel,
    /// Half-life of the time-decay model, in days.
    pub half_life_days: u32,
}

/// The default selectors.
pub const DEFAULT_SELECTORS: &str = ".phone-number, [data-dni=\"phone\"]";

impl Default for TagSettings {
    fn default() -> Self {
        Self {
            selectors: DEFAULT_SELECTORS.into(),
            swap_numbers: Vec::new(),
            display_format: DisplayFormat::National,
            visitors: Visitors::All,
            source_rules: Vec::new(),
            allowed_domains: Vec::new(),
            consent_mode: false,
            attribution_model: AttributionModel::LastTouch,
            half_life_days: 7,
        }
    }
}

/// A rule broken by a tag's settings: `(field, reason)`.
pub type Problem = (String, String);

impl TagSettings {
    /// Check and clean the settings: names trimmed, domains lower-cased,
    /// numbers in E.164.
    pub fn checked(mut self) -> Result<Self, Problem> {
        let bad = |f: &str, r: &str| Err((f.to_string(), r.to_string()));
        self.selectors = crate::validate::text(&self.selectors, 500, true)
            .map_err(|r| ("selectors".to_string(), r))?;
        if self.selectors.contains(['{', '}', '<', '>']) {
            return bad("selectors", "must be CSS selectors, without braces or tags");
        }
        if self.swap_numbers.len() > 10 {
            return bad("swapNumbers", "must be at most 10 numbers");
        }
        let mut numbers = Vec::with_capacity(self.swap_numbers.len());
        for n in &self.swap_numbers {
            let e164 = crate::phone::E164::parse(n, "US").map_err(|_| {
                (
                    "swapNumbers".to_string(),
                    format!("{n:?} is not a phone number"),
                )
            })?;
            numbers.push(e164.as_str().to_string());
        }
        self.swap_numbers = numbers;
        if self.source_rules.len() > 50 {
            return bad("sourceRules", "must be at most 50 rules");
        }
        for (i, rule) in self.source_rules.iter_mut().enumerate() {
            let at = |f: &str| format!("sourceRules[{i}].{f}");
            rule.label =
                crate::validate::text(&rule.label, 100, true).map_err(|r| (at("label"), r))?;
            rule.value =
                crate::validate::text(&rule.value, 200, false).map_err(|r| (at("value"), r))?;
            let needs_value =
                rule.operator != RuleOperator::Exists && rule.field != SourceField::Direct;
            if needs_value && rule.value.is_empty() {
                return Err((at("value"), "is required for this operator".into()));
            }
        }
        if self.visitors == Visitors::Matching && self.source_rules.is_empty() {
            return bad(
                "sourceRules",
                "must hold a rule when only matching visitors are tracked",
            );
        }
        if self.allowed_domains.len() > 50 {
            return bad("allowedDomains", "must be at most 50 domains");
        }
        let mut domains = Vec::with_capacity(self.allowed_domains.len());
        for d in &self.allowed_domains {
            let host = d.trim().trim_end_matches('.').to_ascii_lowercase();
            let plain = !host.is_empty()
                && host.len() <= 253
                && host.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if !plain {
                return Err((
                    "allowedDomains".into(),
                    format!("{d:?} is not a host name (write example.com, without https://)"),
                ));
            }
            domains.push(host);
        }
        self.allowed_domains = domains;
        if !(1..=365).contains(&self.half_life_days) {
            return bad("halfLifeDays", "must be between 1 and 365");
        }
        Ok(self)
    }

    /// Whether a page at `origin` (`https://host[:port]`) may use the tag.
    pub fn allows_origin(&self, origin: Option<&str>) -> bool {
        if self.allowed_domains.is_empty() {
            return true;
        }
        let Some(host) = origin
            .and_then(|o| url::Url::parse(o).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        else {
            return false;
        };
        self.allowed_domains
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    }

    /// The source a visit comes from by the rules (the first that holds),
    /// or `None` when no rule does.
    pub fn source_of(&self, visit: &Visit) -> Option<String> {
        self.source_rules
            .iter()
            .find(|r| rule_holds(r, visit))
            .map(|r| r.label.clone())
    }

    /// Whether the visit gets a tracking number.
    pub fn tracks(&self, visit: &Visit) -> bool {
        match self.visitors {
            Visitors::All => true,
            Visitors::Matching => self.source_of(visit).is_some(),
        }
    }
}

/// What the snippet tells of a visit, cleaned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visit {
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub gclid: Option<String>,
    pub gbraid: Option<String>,
    pub wbraid: Option<String>,
    pub fbclid: Option<String>,
    pub msclkid: Option<String>,
    pub referrer: Option<String>,
    pub landing_page: Option<String>,
}

impl Visit {
    fn any_utm(&self) -> bool {
        [
            &self.utm_source,
            &self.utm_medium,
            &self.utm_campaign,
            &self.utm_term,
            &self.utm_content,
        ]
        .iter()
        .any(|v| v.is_some())
    }

    fn click_id(&self) -> Option<&str> {
        [
            &self.gclid,
            &self.gbraid,
            &self.wbraid,
            &self.fbclid,
            &self.msclkid,
        ]
        .into_iter()
        .find_map(|v| v.as_deref())
    }

    /// The referrer's host without `www.`.
    pub fn referrer_domain(&self) -> Option<String> {
        let host = url::Url::parse(self.referrer.as_deref()?)
            .ok()?
            .host_str()?
            .to_ascii_lowercase();
        Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
    }
}

fn rule_holds(rule: &SourceRule, visit: &Visit) -> bool {
    let value: Option<String> = match rule.field {
        SourceField::UtmSource => visit.utm_source.clone(),
        SourceField::UtmMedium => visit.utm_medium.clone(),
        SourceField::UtmCampaign => visit.utm_campaign.clone(),
        SourceField::UtmTerm => visit.utm_term.clone(),
        SourceField::UtmContent => visit.utm_content.clone(),
        SourceField::ClickId => visit.click_id().map(str::to_string),
        SourceField::Gclid => visit.gclid.clone(),
        SourceField::Fbclid => visit.fbclid.clone(),
        SourceField::Msclkid => visit.msclkid.clone(),
        SourceField::ReferrerDomain => visit.referrer_domain(),
        SourceField::Direct => {
            return visit.referrer.is_none() && !visit.any_utm() && visit.click_id().is_none();
        }
    };
    let Some(value) = value else {
        return false;
    };
    let (have, want) = (value.to_lowercase(), rule.value.to_lowercase());
    match rule.operator {
        RuleOperator::Exists => true,
        RuleOperator::Equals => have == want,
        RuleOperator::Contains => have.contains(&want),
    }
}

/// How much of a call each of a visitor's sessions earns under `model`:
/// `(session, share)` with shares adding up to 1. `sessions` are the
/// visitor's sessions up to the call as `(id, first visit ms)`, oldest
/// first; `credited` is the session that held the called number (last
/// touch). Sessions older than `window_ms` before the call earn nothing
/// under linear and time decay.
pub fn credits(
    model: AttributionModel,
    half_life_days: u32,
    sessions: &[(i64, i64)],
    credited: i64,
    call_at: i64,
    window_ms: i64,
) -> Vec<(i64, f64)> {
    let in_window: Vec<(i64, i64)> = sessions
        .iter()
        .copied()
        .filter(|(id, at)| *id == credited || call_at - at <= window_ms)
        .collect();
    match model {
        AttributionModel::LastTouch => vec![(credited, 1.0)],
        AttributionModel::FirstTouch => {
            vec![(sessions.first().map_or(credited, |s| s.0), 1.0)]
        }
        AttributionModel::Linear if !in_window.is_empty() => {
            let share = 1.0 / in_window.len() as f64;
            in_window.iter().map(|(id, _)| (*id, share)).collect()
        }
        AttributionModel::TimeDecay if !in_window.is_empty() => {
            let half_life = f64::from(half_life_days.max(1)) * 86_400_000.0;
            let weights: Vec<f64> = in_window
                .iter()
                .map(|(_, at)| 0.5f64.powf((call_at - at).max(0) as f64 / half_life))
                .collect();
            let total: f64 = weights.iter().sum();
            in_window
                .iter()
                .zip(weights)
                .map(|((id, _), w)| (*id, w / total))
                .collect()
        }
        _ => vec![(credited, 1.0)],
    }
}

/// Split `total` (money in ten-thousandths) by `shares` (adding up to 1)
/// into whole units that add up to `total` exactly: each gets its share
/// rounded down, and the units left over go to the largest remainders
/// (the first of equal ones).
pub fn split_e4(total: i64, shares: &[f64]) -> Vec<i64> {
    if shares.is_empty() {
        return Vec::new();
    }
    let exact: Vec<f64> = shares.iter().map(|s| total as f64 * s).collect();
    let mut parts: Vec<i64> = exact.iter().map(|x| x.floor() as i64).collect();
    let mut left = total - parts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    // Float shares may leave more (or fewer) units than there are parts.
    let mut i = 0;
    while left != 0 {
        let k = order[i % order.len()];
        parts[k] += left.signum();
        left -= left.signum();
        i += 1;
    }
    parts
}

/// How many numbers were held at once over `[from, to)`: the peak of
/// each of `buckets` equal slices, and the 95th percentile of the number
/// held, sampled every minute. `holds` are `(start, end)` of each lease
/// (its cool-down included: a cooling number cannot be leased either).
pub fn concurrency(holds: &[(i64, i64)], from: i64, to: i64, buckets: usize) -> (Vec<u32>, u32) {
    const MINUTE: i64 = 60_000;
    if to <= from || buckets == 0 {
        return (Vec::new(), 0);
    }
    // +1 at each start, -1 at each end, in time order (ends first on ties).
    let mut edges: Vec<(i64, i32)> = holds
        .iter()
        .filter(|(s, e)| e > s && *e > from && *s < to)
        .flat_map(|&(s, e)| [(s.max(from), 1), (e.min(to), -1)])
        .collect();
    edges.sort_unstable();
    let width = ((to - from) as f64 / buckets as f64).max(1.0);
    let bucket_of = |t: i64| (((t - from) as f64 / width) as usize).min(buckets - 1);
    let mut peaks = vec![0u32; buckets];
    let mut samples = Vec::new();
    let mut held: i32 = 0;
    let mut next_sample = from;
    let mut i = 0;
    while next_sample < to || i < edges.len() {
        let edge_at = edges.get(i).map(|e| e.0);
        match edge_at {
            Some(at) if at <= next_sample || next_sample >= to => {
                held += edges[i].1;
                if at < to {
                    let b = bucket_of(at);
                    peaks[b] = peaks[b].max(held.max(0) as u32);
                }
                i += 1;
            }
            _ => {
                let b = bucket_of(next_sample);
                peaks[b] = peaks[b].max(held.max(0) as u32);
                samples.push(held.max(0) as u32);
                next_sample += MINUTE;
            }
        }
    }
    samples.sort_unstable();
    let p95 = samples
        .get(((samples.len() as f64 * 0.95).ceil() as usize).saturating_sub(1))
        .copied()
        .unwrap_or(0);
    (peaks, p95)
}

/// The pool size that covers the 95th percentile of numbers held at
/// once, with a fifth more and at least two spare.
pub fn recommended_pool_size(p95: u32) -> u32 {
    if p95 == 0 {
        return 0;
    }
    let margin = (f64::from(p95) * 0.2).ceil() as u32;
    p95 + margin.max(2)
}

/// A caller's address as kept: IPv4 to its /24, IPv6 to its /48.
pub fn truncate_address(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => truncate_address(std::net::IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
            }
        },
    }
}

/// Whether a user agent is a known crawler, preview fetcher or monitor
/// (those get the fallback number, no lease).
pub fn is_bot(user_agent: &str) -> bool {
    const MARKS: &[&str] = &[
        "bot",
        "crawl",
        "spider",
        "slurp",
        "mediapartners",
        "facebookexternalhit",
        "embedly",
        "preview",
        "lighthouse",
        "pingdom",
        "uptime",
        "monitor",
        "curl/",
        "wget/",
        "python-requests",
        "httpclient",
        "go-http-client",
        "headlesschrome-prerender",
    ];
    let ua = user_agent.to_ascii_lowercase();
    ua.trim().is_empty() || MARKS.iter().any(|m| ua.contains(m))
}

/// A URL as kept: at most 1,000 characters, query values that look like
/// e-mail addresses replaced by `[redacted]`, no fragment.
pub fn clean_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut url = url::Url::parse(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if looks_like_email(&v) {
                    "[redacted]".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let mut text: String = url.to_string();
    if looks_like_email(url.path()) {
        url.set_path("/[redacted]");
        text = url.to_string();
    }
    Some(text.chars().take(1000).collect())
}

/// `something@domain.tld` anywhere in the text.
fn looks_like_email(text: &str) -> bool {
    let decoded = text.replace("%40", "@");
    decoded
        .split(|c: char| c.is_whitespace() || c == '/' || c == '&' || c == '=')
        .any(|part| {
            let Some((local, domain)) = part.split_once('@') else {
                return false;
            };
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_in_the_tag_format() {
        let n = "+18562813889";
        assert_eq!(DisplayFormat::National.show(n), "(856) 281-3889");
        assert_eq!(DisplayFormat::Dashes.show(n), "856-281-3889");
        assert_eq!(DisplayFormat::Dots.show(n), "856.281.3889");
        assert_eq!(DisplayFormat::International.show(n), "+1 856 281 3889");
        assert_eq!(DisplayFormat::E164.show(n), n);
        assert_eq!(
            DisplayFormat::National.show("+442071838750"),
            "+44 20 7183 8750"
        );
    }

    #[test]
    fn the_first_rule_that_holds_names_the_source() {
        let settings = TagSettings {
            visitors: Visitors::Matching,
            source_rules: vec![
                SourceRule {
                    label: "Google Ads".into(),
                    field: SourceField::Gclid,
                    operator: RuleOperator::Exists,
                    value: String::new(),
                },
                SourceRule {
                    label: "Paid".into(),
                    field: SourceField::UtmMedium,
                    operator: RuleOperator::Equals,
                    value: "CPC".into(),
                },
                SourceRule {
                    label: "Bing".into(),
                    field: SourceField::ReferrerDomain,
                    operator: RuleOperator::Contains,
                    value: "bing.".into(),
                },
                SourceRule {
                    label: "Direct".into(),
                    field: SourceField::Direct,
                    operator: RuleOperator::Exists,
                    value: String::new(),
                },
            ],
            ..TagSettings::default()
        }
        .checked()
        .unwrap();
        let ads = Visit {
            gclid: Some("abc".into()),
            utm_medium: Some("cpc".into()),
            ..Visit::default()
        };
        assert_eq!(settings.source_of(&ads).as_deref(), Some("Google Ads"));
        let paid = Visit {
            utm_medium: Some("cpc".into()),
            ..Visit::default()
        };
        assert_eq!(settings.source_of(&paid).as_deref(), Some("Paid"));
        let bing = Visit {
            referrer: Some("https://www.bing.com/search?q=x".into()),
            ..Visit::default()
        };
        assert_eq!(settings.source_of(&bing).as_deref(), Some("Bing"));
        assert_eq!(
            settings.source_of(&Visit::default()).as_deref(),
            Some("Direct")
        );
        let other = Visit {
            referrer: Some("https://news.example/".into()),
            ..Visit::default()
        };
        assert_eq!(settings.source_of(&other), None);
        assert!(!settings.tracks(&other));
        assert!(settings.tracks(&ads));
    }

    #[test]
    fn settings_are_checked_and_cleaned() {
        let s = TagSettings {
            allowed_domains: vec![" Example.COM. ".into()],
            swap_numbers: vec!["(856) 281-3889".into()],
            ..TagSettings::default()
        }
        .checked()
        .unwrap();
        assert_eq!(s.allowed_domains, ["example.com"]);
        assert_eq!(s.swap_numbers, ["+18562813889"]);
        for bad in [
            TagSettings {
                allowed_domains: vec!["https://example.com".into()],
                ..TagSettings::default()
            },
            TagSettings {
                swap_numbers: vec!["call us".into()],
                ..TagSettings::default()
            },
            TagSettings {
                selectors: "a{}".into(),
                ..TagSettings::default()
            },
            TagSettings {
                selectors: " ".into(),
                ..TagSettings::default()
            },
            TagSettings {
                visitors: Visitors::Matching,
                ..TagSettings::default()
            },
            TagSettings {
                half_life_days: 0,
                ..TagSettings::default()
            },
        ] {
            assert!(bad.checked().is_err());
        }
    }

    #[test]
    fn origins_match_the_allowed_domains_and_their_subdomains() {
        let s = TagSettings {
            allowed_domains: vec!["example.com".into()],
            ..TagSettings::default()
        };
        assert!(s.allows_origin(Some("https://example.com")));
        assert!(s.allows_origin(Some("https://www.example.com:8443")));
        assert!(!s.allows_origin(Some("https://evilexample.com")));
        assert!(!s.allows_origin(Some("https://example.com.evil.net")));
        assert!(!s.allows_origin(None));
        assert!(TagSettings::default().allows_origin(None));
    }

    #[test]
    fn each_model_shares_a_call_across_the_visitors_sessions() {
        const DAY: i64 = 86_400_000;
        let at = 100 * DAY;
        // Three sessions: 20 days, 7 days and 0 days before the call.
        let sessions = [(1, at - 20 * DAY), (2, at - 7 * DAY), (3, at)];
        let window = 30 * DAY;
        let share = |m, hl| credits(m, hl, &sessions, 3, at, window);
        assert_eq!(share(AttributionModel::LastTouch, 7), vec![(3, 1.0)]);
        assert_eq!(share(AttributionModel::FirstTouch, 7), vec![(1, 1.0)]);
        let linear = share(AttributionModel::Linear, 7);
        assert_eq!(linear.len(), 3);
        assert!(linear.iter().all(|(_, s)| (s - 1.0 / 3.0).abs() < 1e-9));
        let decay = share(AttributionModel::TimeDecay, 7);
        let total: f64 = decay.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-9);
        // Seven days is one half-life: half the weight of the newest.
        assert!((decay[1].1 / decay[2].1 - 0.5).abs() < 1e-9, "{decay:?}");
        assert!(decay[0].1 < decay[1].1);
        // Outside the window a session earns nothing under linear.
        let short = credits(AttributionModel::Linear, 7, &sessions, 3, at, 10 * DAY);
        assert_eq!(
            short.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn concurrency_counts_overlapping_holds() {
        const MIN: i64 = 60_000;
        // Two holds overlap from minute 10 to 20; a third alone later.
        let holds = [(0, 20 * MIN), (10 * MIN, 30 * MIN), (40 * MIN, 50 * MIN)];
        let (peaks, p95) = concurrency(&holds, 0, 60 * MIN, 6);
        assert_eq!(peaks, vec![1, 2, 1, 0, 1, 0]);
        assert_eq!(p95, 2);
        let (peaks, p95) = concurrency(&[], 0, 60 * MIN, 3);
        assert_eq!((peaks, p95), (vec![0, 0, 0], 0));
        assert_eq!(recommended_pool_size(0), 0);
        assert_eq!(recommended_pool_size(3), 5);
        assert_eq!(recommended_pool_size(40), 48);
    }

    #[test]
    fn addresses_are_truncated_and_emails_redacted() {
        assert_eq!(
            truncate_address("203.0.113.77".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            truncate_address("2001:db8:abcd:12::1".parse().unwrap()),
            "2001:db8:abcd::/48"
        );
        let url = clean_url("https://site.example/form?email=jo%40x.com&utm_source=g#top").unwrap();
        assert_eq!(
            url,
            "https://site.example/form?email=%5Bredacted%5D&utm_source=g"
        );
        assert_eq!(clean_url("javascript:alert(1)"), None);
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(!is_bot(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0"
        ));
    }

    #[test]
    fn money_split_by_shares_adds_up_exactly() {
        assert_eq!(
            split_e4(100_000, &[1.0 / 3.0; 3]),
            vec![33_334, 33_333, 33_333]
        );
        assert_eq!(split_e4(10, &[0.25, 0.75]), vec![3, 7]);
        assert_eq!(split_e4(-10, &[0.5, 0.5]), vec![-5, -5]);
        assert_eq!(split_e4(0, &[0.2, 0.8]), vec![0, 0]);
        assert!(split_e4(5, &[]).is_empty());
        for total in [1, 7, 999_999, 123_456_789] {
            let shares = [0.1, 0.2, 0.3, 0.4];
            assert_eq!(split_e4(total, &shares).iter().sum::<i64>(), total);
        }
    }
}
