//! Whether a flow may be published: pure, so the API, the builder and
//! publishing apply the same rules. Every problem is reported (not only
//! the first), each with the node (and property) it is about, so that the
//! editor can show it on the canvas.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Graph, HttpMethod, NodeKind, Operand, Operator, Prompt};

/// One reason a flow cannot be published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The node at fault; `None` for the flow as a whole.
    pub node_id: Option<String>,
    /// The property at fault (`keys`, `routes[1].conditions[0].values`…).
    pub field: Option<String>,
    pub message: String,
}

/// The most nodes a flow may have.
pub const MAX_NODES: usize = 200;
const KEYS: &str = "0123456789*#";

struct Check<'a> {
    problems: Vec<Problem>,
    node: Option<&'a str>,
}

impl<'a> Check<'a> {
    fn flow(&mut self, message: impl Into<String>) {
        self.problems.push(Problem {
            node_id: None,
            field: None,
            message: message.into(),
        });
    }

    fn at(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            node_id: self.node.map(str::to_string),
            field: Some(field.into()),
            message: message.into(),
        });
    }

    fn node_problem(&mut self, node: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            node_id: Some(node.to_string()),
            field: None,
            message: message.into(),
        });
    }

    fn range(&mut self, field: &str, value: u32, min: u32, max: u32) {
        if !(min..=max).contains(&value) {
            self.at(field, format!("must be between {min} and {max}"));
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.at(field, "is required");
        } else if value.chars().count() > max {
            self.at(field, format!("must be at most {max} characters"));
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        {
            self.at(field, "must not contain control characters");
        }
    }

    fn name(&mut self, field: &str, value: &str) {
        if !is_name(value) {
            self.at(
                field,
                "must be 1-40 letters, digits, '_' or '-', starting with a letter or digit",
            );
        }
    }

    fn variable(&mut self, field: &str, value: &str) {
        if !is_variable(value) {
            self.at(
                field,
                "must be a variable name: a letter or '_', then letters, digits or '_' (at most 40)",
            );
        }
    }

    fn url(&mut self, field: &str, value: &str) {
        // Tokens are filled in at run time; check the rest.
        let plain = strip_tokens(value);
        match url::Url::parse(&plain) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => self.at(field, "must be an http or https URL"),
        }
    }

    fn prompt(&mut self, field: &str, prompt: &Prompt) {
        match prompt {
            Prompt::Say { text, .. } => self.text(&format!("{field}.text"), text, 4000),
            Prompt::Audio { url } => self.url(&format!("{field}.url"), url),
        }
    }
}

/// `[A-Za-z0-9][A-Za-z0-9_-]{0,39}`: output and branch names.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `[A-Za-z_][A-Za-z0-9_]{0,39}`: variable names.
pub fn is_variable(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `template` with its `[…]` tokens replaced by a plain word.
fn strip_tokens(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut depth = false;
    for c in template.chars() {
        match c {
            '[' => depth = true,
            ']' if depth => {
                depth = false;
                out.push('x');
            }
            _ if depth => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every problem of `graph`; empty when it may be published.
pub fn validate(graph: &Graph) -> Vec<Problem> {
    let mut c = Check {
        problems: Vec::new(),
        node: None,
    };
    if graph.nodes.len() > MAX_NODES {
        c.flow(format!("a flow has at most {MAX_NODES} nodes"));
    }
    // Ids.
    let mut ids: BTreeMap<&str, &NodeKind> = BTreeMap::new();
    for n in &graph.nodes {
        if n.id.is_empty() || n.id.len() > 64 || n.id.chars().any(char::is_control) {
            c.flow(format!("node id {:?} must be 1-64 characters", n.id));
            continue;
        }
        if ids.insert(&n.id, &n.kind).is_some() {
            c.node_problem(&n.id, "another node has the same id");
        }
    }
    let starts: Vec<&str> = graph
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Start))
        .map(|n| n.id.as_str())
        .collect();
    match starts.len() {
        0 => c.flow("the flow needs a Start node"),
        1 => {}
        _ => {
            for s in &starts[1..] {
                c.node_problem(s, "a flow has exactly one Start node");
            }
        }
    }
    // Properties.
    for n in &graph.nodes {
        c.node = Some(&n.id);
        properties(&mut c, &n.kind);
    }
    c.node = None;
    // Edges: known ends, real outputs, one edge per output.
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut connected: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut edge_ids = BTreeSet::new();
    for e in &graph.edges {
        if !edge_ids.insert(e.id.as_str()) {
            c.flow(format!("edge id {:?} is used twice", e.id));
        }
        let Some(source) = ids.get(e.source.as_str()) else {
            c.flow(format!("edge {:?} starts at an unknown node", e.id));
            continue;
        };
        if !ids.contains_key(e.target.as_str()) {
            c.node_problem(
                &e.source,
                format!("output {:?} leads to an unknown node", e.source_handle),
            );
            continue;
        }
        if !source.outputs().contains(&e.source_handle) {
            c.node_problem(&e.source, format!("has no output {:?}", e.source_handle));
            continue;
        }
        if !connected.insert((e.source.as_str(), e.source_handle.as_str())) {
            c.node_problem(
                &e.source,
                format!("output {:?} is connected twice", e.source_handle),
            );
            continue;
        }
        next.entry(e.source.as_str())
            .or_default()
            .push(e.target.as_str());
    }
    for n in &graph.nodes {
        if let NodeKind::GoTo(g) = &n.kind {
            if !ids.contains_key(g.target.as_str()) || g.target == n.id {
                c.at_node(&n.id, "target", "must be another node of the flow");
            } else {
                next.entry(n.id.as_str())
                    .or_default()
                    .push(g.target.as_str());
            }
        }
        for output in n.kind.outputs() {
            if !connected.contains(&(n.id.as_str(), output.as_str())) {
                c.node_problem(&n.id, format!("output {output:?} is not connected"));
            }
        }
    }
    // Reachability from the Start.
    if let [start] = starts.as_slice() {
        let reached = reachable(start, &next);
        for n in &graph.nodes {
            if !reached.contains(n.id.as_str()) {
                c.node_problem(&n.id, "no path from the Start reaches this node");
            }
        }
    }
    // Loops must wait on the caller.
    let spinning: BTreeMap<&str, Vec<&str>> = next
        .iter()
        .filter(|(id, _)| !ids.get(*id).is_some_and(|k| k.waits_for_caller()))
        .map(|(id, to)| {
            let to = to
                .iter()
                .copied()
                .filter(|t| !ids.get(t).is_some_and(|k| k.waits_for_caller()))
                .collect();
            (*id, to)
        })
        .collect();
    if let Some(node) = cycle(&spinning) {
        c.node_problem(
            node,
            "is on a loop that never waits for the caller (add a Menu or Gather to it)",
        );
    }
    // Variables are set before they are read.
    for n in &graph.nodes {
        let reads = n.kind.reads();
        if reads.is_empty() {
            continue;
        }
        let before: BTreeSet<String> = graph
            .nodes
            .iter()
            .filter(|m| m.id != n.id && reachable(&m.id, &next).contains(n.id.as_str()))
            .flat_map(|m| m.kind.sets())
            .collect();
        for v in reads {
            if !before.contains(&v) {
                c.node_problem(
                    &n.id,
                    format!("reads variable {v:?}, which no node before it sets"),
                );
            }
        }
    }
    c.problems
}

impl Check<'_> {
    fn at_node(&mut self, node: &str, field: &str, message: &str) {
        self.problems.push(Problem {
            node_id: Some(node.to_string()),
            field: Some(field.to_string()),
            message: message.to_string(),
        });
    }
}

/// The nodes reachable from `start` (itself included).
fn reachable<'a>(start: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::from([start]);
    let mut todo = vec![start];
    while let Some(n) = todo.pop() {
        for t in next.get(n).into_iter().flatten() {
            if seen.insert(t) {
                todo.push(t);
            }
        }
    }
    seen
}

/// A node on a cycle of `next`, if there is one.
fn cycle<'a>(next: &BTreeMap<&'a str, Vec<&'a str>>) -> Option<&'a str> {
    // Colours: absent = unvisited, false = on the stack, true = done.
    let mut state: BTreeMap<&str, bool> = BTreeMap::new();
    for &root in next.keys() {
        if state.contains_key(root) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        state.insert(root, false);
        while let Some((node, i)) = stack.pop() {
            let targets = next.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(&t) = targets.get(i) {
                stack.push((node, i + 1));
                match state.get(t) {
                    Some(false) => return Some(t),
                    Some(true) => {}
                    None => {
                        state.insert(t, false);
                        stack.push((t, 0));
                    }
                }
            } else {
                state.insert(node, true);
            }
        }
    }
    None
}

fn properties(c: &mut Check<'_>, kind: &NodeKind) {
    match kind {
        NodeKind::Start
        | NodeKind::RouteToBuyers
        | NodeKind::RtbAuction
        | NodeKind::Hangup
        | NodeKind::GoTo(_) => {}
        NodeKind::Play(p) => {
            c.prompt("prompt", &p.prompt);
            c.range("loops", p.loops, 1, 10);
        }
        NodeKind::Menu(m) => {
            c.prompt("prompt", &m.prompt);
            if m.keys.is_empty() {
                c.at("keys", "offer at least one key");
            }
            let mut seen = BTreeSet::new();
            for k in &m.keys {
                if k.chars().count() != 1 || !KEYS.contains(k.as_str()) {
                    c.at("keys", format!("{k:?} is not a key (0-9, * or #)"));
                } else if !seen.insert(k) {
                    c.at("keys", format!("key {k} is offered twice"));
                }
            }
            c.range("timeoutSecs", m.timeout_secs, 1, 60);
            c.range("retries", m.retries, 0, 5);
            if let Some(msg) = &m.invalid_message {
                c.text("invalidMessage", msg, 1000);
            }
        }
        NodeKind::Gather(g) => {
            c.prompt("prompt", &g.prompt);
            c.variable("variable", &g.variable);
            c.range("maxDigits", g.max_digits, 1, 50);
            c.range("minDigits", g.min_digits, 1, g.max_digits.clamp(1, 50));
            if g.valid_digits.chars().any(|d| !KEYS.contains(d)) {
                c.at("validDigits", "may hold only 0-9, * and #");
            }
            if !(g.finish_on_key.is_empty()
                || (g.finish_on_key.chars().count() == 1
                    && KEYS.contains(g.finish_on_key.as_str())))
            {
                c.at("finishOnKey", "must be one key (0-9, * or #) or empty");
            }
            c.range("timeoutSecs", g.timeout_secs, 1, 60);
            c.range("interDigitTimeoutSecs", g.inter_digit_timeout_secs, 1, 60);
            c.range("retries", g.retries, 0, 5);
        }
        NodeKind::BusinessHours(b) => {
            if let Err(e) = domain::schedule::parse_time_zone(&b.time_zone) {
                c.at("timeZone", e);
            }
            if let Err(e) = b.schedule.validate() {
                c.at("schedule", e);
            }
        }
        NodeKind::Router(r) => {
            if let Some(tz) = &r.time_zone
                && let Err(e) = domain::schedule::parse_time_zone(tz)
            {
                c.at("timeZone", e);
            }
            let mut names = BTreeSet::new();
            for (i, route) in r.routes.iter().enumerate() {
                let at = format!("routes[{i}]");
                c.name(&format!("{at}.name"), &route.name);
                if route.name == "default" || !names.insert(&route.name) {
                    c.at(
                        format!("{at}.name"),
                        "must differ from the other routes and from \"default\"",
                    );
                }
                if route.conditions.is_empty() {
                    c.at(format!("{at}.conditions"), "add at least one condition");
                }
                for (j, cond) in route.conditions.iter().enumerate() {
                    condition(c, &format!("{at}.conditions[{j}]"), cond);
                }
            }
        }
        NodeKind::Splitter(s) => {
            c.text("testName", &s.test_name, 100);
            if s.branches.len() < 2 {
                c.at("branches", "a split test has at least two branches");
            }
            let mut names = BTreeSet::new();
            for (i, b) in s.branches.iter().enumerate() {
                c.name(&format!("branches[{i}].name"), &b.name);
                if !names.insert(&b.name) {
                    c.at(format!("branches[{i}].name"), "is used by another branch");
                }
                c.range(&format!("branches[{i}].weight"), b.weight, 1, 100);
            }
            let total: u64 = s.branches.iter().map(|b| u64::from(b.weight)).sum();
            if total != 100 {
                c.at(
                    "branches",
                    format!("weights must add up to 100 (they add up to {total})"),
                );
            }
        }
        NodeKind::TrackingPixel(p) => {
            c.url("url", &p.url);
            c.range("maxFires", p.max_fires, 1, 10);
            for name in p.headers.keys() {
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
                {
                    c.at("headers", format!("{name:?} is not a header name"));
                }
            }
        }
        NodeKind::CustomLogic(l) => {
            c.text("script", &l.script, 20_000);
            if l.outputs.is_empty() {
                c.at("outputs", "declare at least one output");
            }
            let mut names = BTreeSet::new();
            for (i, o) in l.outputs.iter().enumerate() {
                c.name(&format!("outputs[{i}]"), o);
                if o == "error" || !names.insert(o) {
                    c.at(
                        format!("outputs[{i}]"),
                        "must differ from the other outputs and from \"error\"",
                    );
                }
            }
            for (i, v) in l.sets.iter().enumerate() {
                c.variable(&format!("sets[{i}]"), v);
            }
        }
        NodeKind::Lookup(l) => {
            c.url("url", &l.url);
            if !matches!(l.method, HttpMethod::Get | HttpMethod::Post) {
                c.at("method", "a lookup uses GET or POST");
            }
            c.range("timeoutMs", l.timeout_ms, 100, 5000);
            for (v, path) in &l.extract {
                c.variable("extract", v);
                if path.trim().is_empty() || path.len() > 256 {
                    c.at(
                        "extract",
                        format!("the path of {v:?} must be 1-256 characters"),
                    );
                }
            }
        }
        NodeKind::Dial(d) => {
            if let Err(e) = domain::E164::parse(&d.number, "US") {
                c.at("number", e);
            }
            c.range("timeoutSecs", d.timeout_secs, 5, 120);
            if let Some(w) = &d.whisper {
                c.text("whisper", w, 1000);
            }
            if let Some(id) = &d.caller_id
                && let Err(e) = domain::E164::parse(id, "US")
            {
                c.at("callerId", e);
            }
        }
        NodeKind::Voicemail(v) => {
            if let Some(p) = &v.prompt {
                c.prompt("prompt", p);
            }
            c.range("maxLengthSecs", v.max_length_secs, 5, 600);
        }
    }
}

fn condition(c: &mut Check<'_>, at: &str, cond: &crate::model::Condition) {
    if let Operand::Variable(v) = &cond.operand {
        c.variable(&format!("{at}.operand"), v);
    }
    let n = cond.values.len();
    let ok = match cond.operator {
        Operator::Exists | Operator::NotExists => n == 0,
        Operator::OneOf | Operator::NotOneOf => n >= 1,
        _ => n == 1,
    };
    if !ok {
        let wanted = match cond.operator {
            Operator::Exists | Operator::NotExists => "no value",
            Operator::OneOf | Operator::NotOneOf => "at least one value",
            _ => "exactly one value",
        };
        c.at(
            format!("{at}.values"),
            format!("this operator takes {wanted}"),
        );
    }
    if matches!(cond.operator, Operator::GreaterThan | Operator::LessThan) {
        let numeric = |v: &str| match cond.operand {
            Operand::TimeOfDay => is_hhmm(v),
            _ => v.trim().parse::<f64>().is_ok_and(f64::is_finite),
        };
        if !cond.values.iter().all(|v| numeric(v)) {
            c.at(
                format!("{at}.values"),
                if cond.operand == Operand::TimeOfDay {
                    "must be a time (HH:MM)"
                } else {
                    "must be a number"
                },
            );
        }
    }
    for v in &cond.values {
        if v.chars().count() > 200 || v.chars().any(char::is_control) {
            c.at(
                format!("{at}.values"),
                "values are at most 200 characters, without control characters",
            );
        }
    }
}

fn is_hhmm(v: &str) -> bool {
    let Some((h, m)) = v.split_once(':') else {
        return false;
    };
    h.len() == 2
        && m.len() == 2
        && h.parse::<u32>().is_ok_and(|h| h < 24)
        && m.parse::<u32>().is_ok_and(|m| m < 60)
}
