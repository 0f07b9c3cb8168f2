//! Speaking as a carrier: made-up incoming calls with Twilio's form
//! parameters, signed with the auth token, and the callbacks that end them.

use std::time::{Duration, Instant};

use anyhow::Context;
use rand::Rng;
use reqwest::Client;

use super::{STATUS_PATH, VOICE_PATH};

/// Signs and sends carrier webhooks to one server.
#[derive(Clone, Debug)]
pub struct Carrier {
    client: Client,
    pub target: String,
    pub public_url: String,
    token: String,
    pub(super) account_sid: String,
}

/// What the voice webhook answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// `<Dial>`, with the first `<Number>` rung.
    Dial(Option<String>),
    /// Any other TwiML (apology, reject, fallback message).
    Other,
}

impl Carrier {
    pub fn new(
        target: &str,
        public_url: &str,
        token: &str,
        connections: usize,
        timeout_secs: f64,
    ) -> anyhow::Result<Self> {
        let client = Client::builder()
            .pool_max_idle_per_host(connections)
            .timeout(Duration::from_secs_f64(timeout_secs))
            .tcp_nodelay(true)
            .build()
            .context("could not build the HTTP client")?;
        Ok(Self {
            client,
            target: target.trim_end_matches('/').to_string(),
            public_url: public_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            account_sid: format!("AC{:032x}", rand::random::<u128>()),
        })
    }

    /// POST `params` to `path`, signed; the status and body, or the error's kind.
    async fn post(&self, path: &str, params: &[(String, String)]) -> Result<(u16, String), String> {
        let url = format!("{}{path}", self.public_url);
        let signature = telephony::signature::compute(&self.token, &url, params);
        let response = self
            .client
            .post(format!("{}{path}", self.target))
            .header(telephony::signature::HEADER, signature)
            .form(params)
            .send()
            .await
            .map_err(|e| error_kind(&e))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| error_kind(&e))?;
        Ok((status, body))
    }

    /// Send one incoming call; its latency and the answer, or the error's kind.
    pub async fn incoming(&self, call: &FakeCall) -> (Duration, Result<Answer, String>) {
        let started = Instant::now();
        let result = self
            .post(VOICE_PATH, &call.voice_params(&self.account_sid))
            .await;
        let took = started.elapsed();
        let answer = match result {
            Ok((200, body)) if body.contains("<Response") => Ok(parse_answer(&body)),
            Ok((200, _)) => Err("not TwiML".to_string()),
            Ok((status, _)) => Err(format!("HTTP {status}")),
            Err(kind) => Err(kind),
        };
        (took, answer)
    }

    /// The AccountSid the calls are sent under.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// POST `params` to `path`, signed; its latency and the TwiML
    /// answered, or what went wrong.
    pub async fn send(
        &self,
        path: &str,
        params: &[(String, String)],
    ) -> (Duration, Result<String, String>) {
        let started = Instant::now();
        let result = self.post(path, params).await;
        let took = started.elapsed();
        let outcome = match result {
            Ok((200, body)) if body.contains("<Response") => Ok(body),
            Ok((200, _)) => Err("not TwiML".to_string()),
            Ok((status, _)) => Err(format!("HTTP {status}")),
            Err(kind) => Err(kind),
        };
        (took, outcome)
    }

    /// Send one status callback; its latency, or the error's kind.
    pub async fn status(&self, params: &[(String, String)]) -> (Duration, Result<(), String>) {
        let started = Instant::now();
        let result = self.post(STATUS_PATH, params).await;
        let took = started.elapsed();
        let outcome = match result {
            Ok((s, _)) if (200..300).contains(&s) => Ok(()),
            Ok((s, _)) => Err(format!("HTTP {s}")),
            Err(kind) => Err(kind),
        };
        (took, outcome)
    }
}

fn error_kind(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect".into()
    } else if e.is_body() || e.is_decode() {
        "body".into()
    } else {
        "request".into()
    }
}

/// `<Dial>` (with its first `<Number>`) or something else.
pub fn parse_answer(twiml: &str) -> Answer {
    if !twiml.contains("<Dial") {
        return Answer::Other;
    }
    let number = twiml.find("<Number").and_then(|at| {
        let rest = &twiml[at..];
        let open = rest.find('>')? + 1;
        let close = rest.find("</Number>")?;
        (open <= close).then(|| rest[open..close].trim().to_string())
    });
    Answer::Dial(number)
}

/// One made-up incoming call: a unique CallSid and a random US caller.
#[derive(Clone, Debug)]
pub struct FakeCall {
    pub sid: String,
    pub from: String,
    pub to: String,
    place: (&'static str, &'static str, &'static str),
}

const PLACES: [(&str, &str, &str); 8] = [
    ("NEW YORK", "NY", "10001"),
    ("LOS ANGELES", "CA", "90012"),
    ("CHICAGO", "IL", "60601"),
    ("HOUSTON", "TX", "77002"),
    ("PHOENIX", "AZ", "85004"),
    ("MIAMI", "FL", "33130"),
    ("SEATTLE", "WA", "98101"),
    ("DENVER", "CO", "80202"),
];
const AREA_CODES: [u16; 8] = [212, 213, 312, 713, 602, 305, 206, 303];

impl FakeCall {
    pub fn random(to: &str) -> Self {
        let mut rng = rand::thread_rng();
        let i = rng.gen_range(0..PLACES.len());
        Self {
            sid: new_sid(),
            from: format!(
                "+1{}{}{:04}",
                AREA_CODES[i],
                rng.gen_range(200..1000),
                rng.gen_range(0..10_000)
            ),
            to: to.to_string(),
            place: PLACES[i],
        }
    }

    /// The form Twilio posts to the voice webhook.
    pub fn voice_params(&self, account_sid: &str) -> Vec<(String, String)> {
        let (city, state, zip) = self.place;
        [
            ("CallSid", self.sid.as_str()),
            ("AccountSid", account_sid),
            ("From", &self.from),
            ("To", &self.to),
            ("Caller", &self.from),
            ("Called", &self.to),
            ("CallStatus", "ringing"),
            ("Direction", "inbound"),
            ("ApiVersion", "2010-04-01"),
            ("FromCity", city),
            ("FromState", state),
            ("FromZip", zip),
            ("FromCountry", "US"),
            ("ToCountry", "US"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// The two `completed` callbacks of a call that talked `talk` seconds
    /// after ringing `ring` seconds: the buyer's leg, then the caller's.
    pub fn completed_params(
        &self,
        account_sid: &str,
        buyer: &str,
        ring: u32,
        talk: u32,
    ) -> [Vec<(String, String)>; 2] {
        let pairs = |p: &[(&str, String)]| -> Vec<(String, String)> {
            p.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
        };
        let common = |sid: &str, to: &str, direction: &str, secs: u32| {
            vec![
                ("CallSid", sid.to_string()),
                ("AccountSid", account_sid.to_string()),
                ("From", self.from.clone()),
                ("To", to.to_string()),
                ("CallStatus", "completed".to_string()),
                ("CallDuration", secs.to_string()),
                ("Direction", direction.to_string()),
                ("ApiVersion", "2010-04-01".to_string()),
                ("CallbackSource", "call-progress-events".to_string()),
            ]
        };
        let mut leg = common(&new_sid(), buyer, "outbound-dial", talk);
        leg.push(("ParentCallSid", self.sid.clone()));
        let parent = common(&self.sid, &self.to, "inbound", ring + talk);
        [pairs(&leg), pairs(&parent)]
    }
}

/// `CA` and 32 lowercase hex digits, like Twilio's CallSids.
pub fn new_sid() -> String {
    format!("CA{:032x}", rand::random::<u128>())
}

/// A talk time in seconds: log-normal around 90 s, kept within 30..=300.
pub fn talk_secs(rng: &mut impl Rng) -> u32 {
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.r#gen();
    let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    (90f64.ln() + 0.6 * normal).exp().clamp(30.0, 300.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loadgen::percentile;

    #[test]
    fn calls_have_unique_twilio_like_sids_and_signable_params() {
        let a = FakeCall::random("+18562813889");
        let b = FakeCall::random("+18562813889");
        assert_ne!(a.sid, b.sid);
        assert!(a.sid.starts_with("CA") && a.sid.len() == 34, "{}", a.sid);
        assert!(a.from.starts_with("+1") && a.from.len() == 12, "{}", a.from);
        let params = a.voice_params("AC1");
        let url = "http://localhost:5000/api/webhooks/twilio";
        let sig = telephony::signature::compute("tok", url, &params);
        assert!(telephony::signature::validate("tok", url, &params, &sig));
        let [leg, parent] = a.completed_params("AC1", "+12125550100", 5, 60);
        let get = |p: &[(String, String)], k: &str| {
            p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        };
        assert_eq!(get(&leg, "ParentCallSid"), Some(a.sid.clone()));
        assert_eq!(get(&leg, "CallDuration").as_deref(), Some("60"));
        assert_eq!(get(&parent, "CallSid"), Some(a.sid.clone()));
        assert_eq!(get(&parent, "CallDuration").as_deref(), Some("65"));
        assert_eq!(get(&parent, "ParentCallSid"), None);
    }

    #[test]
    fn answers_are_read_from_the_twiml() {
        let dial = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="30"><Number statusCallback="x">+12125550102</Number></Dial></Response>"#;
        assert_eq!(
            parse_answer(dial),
            Answer::Dial(Some("+12125550102".into()))
        );
        let say = "<?xml version=\"1.0\"?><Response><Say>Sorry</Say><Hangup/></Response>";
        assert_eq!(parse_answer(say), Answer::Other);
    }

    #[test]
    fn talk_times_stay_within_thirty_seconds_and_five_minutes() {
        let mut rng = rand::thread_rng();
        let v: Vec<u32> = (0..10_000).map(|_| talk_secs(&mut rng)).collect();
        assert!(v.iter().all(|s| (30..=300).contains(s)));
        let mut sorted = v.clone();
        sorted.sort_unstable();
        let median = percentile(&sorted, 50.0).unwrap();
        assert!((70..=110).contains(&median), "median {median}");
    }
}
