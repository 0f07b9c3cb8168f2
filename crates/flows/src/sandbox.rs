//! The custom-logic sandbox: a flow's script runs in a QuickJS runtime of
//! its own, made for the one run and dropped after it.
//!
//! The script is the body of `function decide(call, vars)`. It gets the
//! call's facts and the flow's variables as plain JSON values and returns
//! an output name, or `{ output, vars }` to set variables too. It runs with
//! a time limit ([`TIME_LIMIT`], enforced by the engine's interrupt
//! handler, which no `try` can catch), a memory limit ([`MEMORY_LIMIT`]) and
//! a stack limit. Nothing of the host is reachable: no network, file
//! system, timers, modules or host objects are installed, only the
//! language's own built-ins. A fresh runtime per run means one script can
//! never see what another left behind. Any failure (a throw, a limit, an
//! answer that names an undeclared output or variable) is an `Err` with
//! the reason in words: the flow takes the node's `error` output.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::{CatchResultExt, CaughtError, Context, Function, Runtime, Value};
use serde::Serialize;

use crate::engine::CallFacts;

/// How long a script may run.
pub const TIME_LIMIT: Duration = Duration::from_millis(50);
/// How much memory its runtime may hold.
pub const MEMORY_LIMIT: usize = 16 * 1024 * 1024;
/// How deep its calls may go (bytes of the interpreter's stack).
const STACK_LIMIT: usize = 256 * 1024;
/// The longest answer read back (JSON text).
const MAX_ANSWER: usize = 64 * 1024;
/// The longest value a script may give a variable (characters, like a
/// lookup's values).
const MAX_VALUE: usize = 500;

/// A custom-logic node's script and what it runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub node_id: String,
    /// The body of `function decide(call, vars)`.
    pub source: String,
    /// The outputs it may return (besides `error`).
    pub outputs: Vec<String>,
    /// The variables it may set.
    pub sets: Vec<String>,
    pub call: CallFacts,
    pub vars: BTreeMap<String, String>,
    /// The time of the step (epoch ms), given to the script as `call.time`.
    pub now_ms: i64,
}

/// What a script decided: the output to leave by and variables to set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decided {
    pub output: String,
    pub vars: BTreeMap<String, String>,
}

/// The call as the script sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScriptCall<'a> {
    #[serde(flatten)]
    facts: &'a CallFacts,
    area_code: Option<&'a str>,
    /// When the step runs (epoch ms).
    time: i64,
}

/// Run a script. `Err` says why it failed, in words.
pub fn run(script: &Script) -> Result<Decided, String> {
    let call = ScriptCall {
        facts: &script.call,
        area_code: area_code(&script.call.caller),
        time: script.now_ms,
    };
    let call = serde_json::to_string(&call).map_err(|e| e.to_string())?;
    let vars = serde_json::to_string(&script.vars).map_err(|e| e.to_string())?;
    let answer = evaluate(&script.source, &call, &vars)?;
    interpret(&answer, script)
}

/// Evaluate the script on the call and variables (JSON text); its answer
/// as JSON text.
fn evaluate(source: &str, call: &str, vars: &str) -> Result<String, String> {
    let runtime = Runtime::new().map_err(|_| "the sandbox could not start".to_string())?;
    runtime.set_memory_limit(MEMORY_LIMIT);
    runtime.set_max_stack_size(STACK_LIMIT);
    let context = Context::full(&runtime).map_err(|_| "the sandbox could not start".to_string())?;
    let out_of_time = Rc::new(Cell::new(false));
    let flag = Rc::clone(&out_of_time);
    let deadline = Instant::now() + TIME_LIMIT;
    runtime.set_interrupt_handler(Some(Box::new(move || {
        let over = Instant::now() >= deadline;
        if over {
            flag.set(true);
        }
        over
    })));
    // The body goes inside a function of its own: `return` works, and its
    // declarations stay local. Text that closes the function early only
    // runs sooner, under the same limits.
    // A script that throws null or undefined has it turned into an error,
    // so that a null exception at the top can only be the engine's own
    // out-of-memory (it throws null when even its error cannot be made).
    let wrapped = format!(
        "(function (call, vars) {{ try {{ return (function decide(call, vars) {{\n\"use strict\";\n{source}\n}})(call, vars); }} \
         catch (e) {{ if (e === null || e === undefined) throw new Error('the script threw ' + e); throw e; }} }})"
    );
    let answer = context.with(|ctx| {
        let decide: Function = ctx.eval(wrapped).catch(&ctx).map_err(describe)?;
        let call: Value = ctx.json_parse(call).catch(&ctx).map_err(describe)?;
        let vars: Value = ctx.json_parse(vars).catch(&ctx).map_err(describe)?;
        let answer: Value = decide.call((call, vars)).catch(&ctx).map_err(describe)?;
        if answer.is_undefined() {
            return Err("the script returned nothing: return an output name".to_string());
        }
        let text = ctx.json_stringify(answer).catch(&ctx).map_err(describe)?;
        let text = text
            .map(|t| t.to_string())
            .transpose()
            .map_err(|_| "the script's answer is not text".to_string())?;
        text.ok_or_else(|| "the script's answer cannot be read".to_string())
    });
    runtime.set_interrupt_handler(None);
    match answer {
        Err(_) if out_of_time.get() => Err(format!(
            "the script ran longer than {} ms",
            TIME_LIMIT.as_millis()
        )),
        other => other,
    }
}

/// Why a script failed, in words (the engine's own wording for its limits).
fn describe(e: CaughtError<'_>) -> String {
    let message = match &e {
        CaughtError::Exception(ex) => ex.message().unwrap_or_default(),
        // The engine throws null when it runs out of memory making its
        // own error (a script's own `throw null` is made an error).
        CaughtError::Value(v) if v.is_null() || v.is_undefined() => "out of memory".into(),
        CaughtError::Value(v) => v
            .as_string()
            .and_then(|s| s.to_string().ok())
            .unwrap_or_else(|| "a value that is not an error".into()),
        CaughtError::Error(err) => err.to_string(),
    };
    let lower = message.to_ascii_lowercase();
    if lower.contains("out of memory")
        || matches!(e, CaughtError::Error(rquickjs::Error::Allocation))
    {
        return format!(
            "the script used more than {} MB of memory",
            MEMORY_LIMIT / (1024 * 1024)
        );
    }
    if lower.contains("stack overflow") || lower.contains("call stack size exceeded") {
        return "the script's calls went too deep".into();
    }
    let message: String = message
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect();
    match e {
        CaughtError::Exception(ex)
            if ex
                .as_object()
                .get::<_, String>("name")
                .is_ok_and(|n| n == "SyntaxError") =>
        {
            format!("the script does not parse: {message}")
        }
        _ => format!("the script failed: {message}"),
    }
}

/// Read the script's answer: an output name, or `{ output, vars }`.
fn interpret(answer: &str, script: &Script) -> Result<Decided, String> {
    if answer.len() > MAX_ANSWER {
        return Err(format!(
            "the script's answer is over {} KiB",
            MAX_ANSWER / 1024
        ));
    }
    let doc: serde_json::Value = serde_json::from_str(answer)
        .map_err(|_| "the script's answer cannot be read".to_string())?;
    let (output, vars) = match &doc {
        serde_json::Value::String(s) => (s.as_str(), None),
        serde_json::Value::Object(o) => match o.get("output") {
            Some(serde_json::Value::String(s)) => (s.as_str(), o.get("vars")),
            _ => {
                return Err(
                    "the script's answer has no output name (return { output: \"…\" })".into(),
                );
            }
        },
        _ => return Err("the script must return an output name or { output, vars }".into()),
    };
    if !script.outputs.iter().any(|o| o == output) {
        let shown: String = output
            .chars()
            .filter(|c| !c.is_control())
            .take(60)
            .collect();
        return Err(format!(
            "the script returned {shown:?}, which is not one of its outputs ({})",
            script.outputs.join(", ")
        ));
    }
    let mut set = BTreeMap::new();
    match vars {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Object(values)) => {
            for (name, value) in values {
                if !script.sets.iter().any(|s| s == name) {
                    let shown: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
                    return Err(format!(
                        "the script set {shown:?}, which is not among the variables it declares"
                    ));
                }
                let text = match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    _ => {
                        return Err(format!(
                            "the script set {name:?} to something that is not text, a number or true/false"
                        ));
                    }
                };
                let clean: String = text
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(MAX_VALUE)
                    .collect();
                set.insert(name.clone(), clean);
            }
        }
        Some(_) => return Err("the script's vars must be an object of names and values".into()),
    }
    Ok(Decided {
        output: output.to_string(),
        vars: set,
    })
}

/// The area code of a North American number (`+1NPA…`).
fn area_code(caller: &str) -> Option<&str> {
    let rest = caller.strip_prefix("+1")?;
    (rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| &rest[..3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(source: &str) -> Script {
        Script {
            node_id: "n".into(),
            source: source.into(),
            outputs: vec!["hot".into(), "cold".into()],
            sets: vec!["score".into(), "tier".into()],
            call: CallFacts {
                call_sid: "CA1".into(),
                caller: "+14155550100".into(),
                called: "+18005550100".into(),
                state: Some("CA".into()),
                zip: Some("94107".into()),
                ..Default::default()
            },
            vars: BTreeMap::from([("age".to_string(), "67".to_string())]),
            now_ms: 1_800_000_000_000,
        }
    }

    #[test]
    fn returns_an_output_and_variables() {
        let s = script(
            r#"
            const age = Number(vars.age);
            const score = age >= 65 && call.state === "CA" ? 90 : 10;
            return { output: score > 50 ? "hot" : "cold", vars: { score, tier: call.areaCode } };
            "#,
        );
        let d = run(&s).unwrap();
        assert_eq!(d.output, "hot");
        assert_eq!(d.vars["score"], "90");
        assert_eq!(d.vars["tier"], "415");
        let plain = run(&script("return 'cold'")).unwrap();
        assert_eq!(
            plain,
            Decided {
                output: "cold".into(),
                vars: BTreeMap::new()
            }
        );
        assert_eq!(
            run(&script("return String(call.time)")).unwrap_err(),
            "the script returned \"1800000000000\", which is not one of its outputs (hot, cold)"
        );
    }

    #[test]
    fn an_endless_loop_ends_at_the_time_limit() {
        for source in [
            "while (true) {}",
            "for (;;) { try { while (true) {} } catch (e) {} }",
            "function f() { try { f() } finally { while (true) {} } } f()",
        ] {
            let started = Instant::now();
            let err = run(&script(source)).unwrap_err();
            assert_eq!(err, "the script ran longer than 50 ms", "{source}");
            assert!(started.elapsed() < Duration::from_secs(2), "{source}");
        }
    }

    #[test]
    fn a_huge_allocation_fails_at_the_memory_limit() {
        for source in [
            "const a = []; while (true) a.push('x'.repeat(1024) + a.length); return 'hot'",
            "return 'x'.repeat(64 * 1024 * 1024) ? 'hot' : 'cold'",
            "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'x' + i }); return 'hot'",
        ] {
            let err = run(&script(source)).unwrap_err();
            assert!(
                err.contains("more than 16 MB") || err == "the script ran longer than 50 ms",
                "{source}: {err}"
            );
        }
        // The runtime is gone with its run: the next script starts fresh.
        assert_eq!(run(&script("return 'hot'")).unwrap().output, "hot");
    }

    #[test]
    fn deep_recursion_fails_cleanly() {
        let err = run(&script("function f(n) { return f(n + 1) + 1 } return f(0)")).unwrap_err();
        assert_eq!(err, "the script's calls went too deep");
    }

    #[test]
    fn nothing_of_the_host_is_reachable() {
        for name in [
            "require",
            "fetch",
            "process",
            "std",
            "os",
            "setTimeout",
            "setInterval",
            "XMLHttpRequest",
            "WebSocket",
            "Deno",
            "Bun",
            "importScripts",
            "print",
            "console",
            "scriptArgs",
        ] {
            let s = script(&format!(
                "return typeof {name} === 'undefined' ? 'cold' : 'hot'"
            ));
            assert_eq!(run(&s).unwrap().output, "cold", "{name} is reachable");
        }
        for source in [
            "require('fs')",
            "fetch('http://127.0.0.1/')",
            "process.exit(1)",
            "import('fs')",
            "return globalThis.constructor.constructor('return process')().exit()",
        ] {
            assert!(run(&script(source)).is_err(), "{source}");
        }
    }

    #[test]
    fn prototype_tricks_stay_inside_one_run() {
        let poison = "Object.prototype.output = 'hot'; Array.prototype.push = null; String.prototype.toString = () => 'hot'; globalThis.leak = 1; return 'cold'";
        assert_eq!(run(&script(poison)).unwrap().output, "cold");
        let next = "return typeof leak === 'undefined' && ({}).output === undefined && typeof [].push === 'function' ? 'cold' : 'hot'";
        assert_eq!(run(&script(next)).unwrap().output, "cold");
        // A getter on the answer runs under the same limits.
        let getter = "return { get output() { while (true) {} } }";
        assert_eq!(
            run(&script(getter)).unwrap_err(),
            "the script ran longer than 50 ms"
        );
        // A poisoned JSON does not change how the answer is read.
        let json = "JSON.stringify = () => '\"hot\"'; return 'cold'";
        assert_eq!(run(&script(json)).unwrap().output, "cold");
    }

    #[test]
    fn bad_answers_are_errors() {
        let cases = [
            ("", "the script returned nothing: return an output name"),
            (
                "return 42",
                "the script must return an output name or { output, vars }",
            ),
            (
                "return { vars: {} }",
                "the script's answer has no output name (return { output: \"…\" })",
            ),
            (
                "return 'error'",
                "the script returned \"error\", which is not one of its outputs (hot, cold)",
            ),
            (
                "return { output: 'hot', vars: { secret: 1 } }",
                "the script set \"secret\", which is not among the variables it declares",
            ),
            (
                "return { output: 'hot', vars: { score: {} } }",
                "the script set \"score\" to something that is not text, a number or true/false",
            ),
            (
                "return { output: 'hot', vars: [] }",
                "the script's vars must be an object of names and values",
            ),
            (
                "const o = {}; o.o = o; return o",
                "the script failed: circular reference",
            ),
            (
                "throw new Error('no zip \\u0000 here')",
                "the script failed: no zip  here",
            ),
            ("throw 'plain'", "the script failed: plain"),
            ("throw null", "the script failed: the script threw null"),
            (
                "throw undefined",
                "the script failed: the script threw undefined",
            ),
            ("return {", "the script does not parse: expecting ';'"),
            (
                "return 10n",
                "the script failed: BigInt are forbidden in JSON.stringify",
            ),
        ];
        for (source, want) in cases {
            let got = run(&script(source)).unwrap_err();
            assert_eq!(got, want, "{source}");
        }
    }

    #[test]
    fn values_are_cleaned_and_bounded() {
        let s = script(
            "return { output: 'hot', vars: { tier: 'Ünïcødé 🎉\\u0000\\u0007x', score: 'y'.repeat(2000) } }",
        );
        let d = run(&s).unwrap();
        assert_eq!(d.vars["tier"], "Ünïcødé 🎉x");
        assert_eq!(d.vars["score"].chars().count(), 500);
        // Text in any script, with its accents and emoji, arrives intact.
        let s = Script {
            vars: BTreeMap::from([("age".to_string(), "Zoë 😀 \"quoted\" </script>".to_string())]),
            ..script("return { output: 'hot', vars: { tier: vars.age } }")
        };
        assert_eq!(run(&s).unwrap().vars["tier"], "Zoë 😀 \"quoted\" </script>");
    }

    #[test]
    fn area_codes_of_north_american_numbers_only() {
        assert_eq!(area_code("+14155550100"), Some("415"));
        assert_eq!(area_code("+442071234567"), None);
        assert_eq!(area_code("anonymous"), None);
    }
}
