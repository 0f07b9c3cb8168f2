//! The form a decision is stored in with its call: compact JSON.
//!
//! Every call stores its decision, so its size is paid on every call
//! written: in SQLite a call row with the full form (2.4 KB for ten
//! buyers) filled a 4 KiB page of its own, and every page a commit touches
//! is written whole to the WAL and again by the checkpoint. This form
//! keeps everything the full one does with short keys, candidates as
//! arrays, and the trace naming only the buyers that are not candidates
//! (a candidate's name is in its array): about 40% of the size, so three
//! calls share a page. The full form ([`Decision`]'s own serde) stays the
//! API's shape; [`decode`] also reads it, as calls stored before this
//! form were.

use std::borrow::Cow;

use domain::{AccountId, BuyerId, CallSid, CampaignId, Money, NumberId};
use serde::{Deserialize, Serialize};

use crate::decision::{Candidate, Decision, Outcome, TraceEntry, TraceResult};
use crate::snapshot::DuplicateAction;

/// The form's version, its first key: what tells it from the full form.
const VERSION: u8 = 2;

/// A candidate: buyer id, name, number, backup number, payout (1/10,000
/// of the currency unit), ring timeout (s).
type StoredCandidate<'a> = (
    BuyerId,
    Cow<'a, str>,
    Cow<'a, str>,
    Option<Cow<'a, str>>,
    i64,
    u32,
);

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    v: u8,
    #[serde(borrow)]
    sid: Cow<'a, str>,
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    acct: Option<AccountId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    num: Option<NumberId>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    camp: Option<Cow<'a, str>>,
    out: Cow<'a, Outcome>,
    #[serde(default, skip_serializing_if = "is_false")]
    dup: bool,
    paid: bool,
    #[serde(borrow)]
    cand: Vec<StoredCandidate<'a>>,
    #[serde(borrow)]
    trace: Vec<StoredTrace<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", borrow)]
    notes: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    window: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    action: Option<DuplicateAction>,
    #[serde(default, skip_serializing_if = "is_false")]
    noted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    turn: Option<u64>,
}

/// A trace entry; the name only when the buyer is not a candidate.
#[derive(Serialize, Deserialize)]
struct StoredTrace<'a> {
    b: BuyerId,
    r: TraceResult,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    n: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    why: Option<Cow<'a, str>>,
}

fn is_false(b: &bool) -> bool {
    !b
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The stored form of `d`.
pub fn encode(d: &Decision) -> String {
    let name_of = |id: BuyerId| d.candidates.iter().find(|c| c.buyer_id == id);
    let stored = Stored {
        v: VERSION,
        sid: Cow::Borrowed(&d.call_sid),
        from: Cow::Borrowed(&d.caller),
        acct: d.account,
        num: d.number_id,
        camp: d.campaign_id.as_deref().map(Cow::Borrowed),
        out: Cow::Borrowed(&d.outcome),
        dup: d.duplicate,
        paid: d.paid,
        cand: d
            .candidates
            .iter()
            .map(|c| {
                (
                    c.buyer_id,
                    Cow::Borrowed(c.buyer_name.as_str()),
                    Cow::Borrowed(c.number.as_str()),
                    c.backup_number.as_deref().map(Cow::Borrowed),
                    c.payout.0,
                    c.timeout_secs,
                )
            })
            .collect(),
        trace: d
            .trace
            .iter()
            .map(|t| StoredTrace {
                b: t.buyer_id,
                r: t.result,
                n: match name_of(t.buyer_id) {
                    Some(c) if c.buyer_name == t.buyer_name => None,
                    _ => Some(Cow::Borrowed(t.buyer_name.as_str())),
                },
                why: t.reason.as_deref().map(Cow::Borrowed),
            })
            .collect(),
        notes: d.notes.iter().map(|n| Cow::Borrowed(n.as_str())).collect(),
        window: d.duplicate_window_secs,
        action: d.duplicate_action,
        noted: d.caller_noted,
        turn: d.turn,
    };
    // Serialising plain data to a string cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

/// A stored decision, in this form or the full one.
pub fn decode(text: &str) -> Result<Decision, serde_json::Error> {
    if !text.trim_start().starts_with("{\"v\":") {
        return serde_json::from_str(text);
    }
    let s: Stored = serde_json::from_str(text)?;
    let candidates: Vec<Candidate> = s
        .cand
        .into_iter()
        .map(
            |(buyer_id, name, number, backup, payout, timeout_secs)| Candidate {
                buyer_id,
                buyer_name: name.into_owned(),
                number: number.into_owned(),
                backup_number: backup.map(Cow::into_owned),
                payout: Money(payout),
                limits: Vec::new(),
                timeout_secs,
            },
        )
        .collect();
    let trace = s
        .trace
        .into_iter()
        .map(|t| TraceEntry {
            buyer_id: t.b,
            buyer_name: t.n.map(Cow::into_owned).unwrap_or_else(|| {
                candidates
                    .iter()
                    .find(|c| c.buyer_id == t.b)
                    .map(|c| c.buyer_name.clone())
                    .unwrap_or_default()
            }),
            result: t.r,
            reason: t.why.map(Cow::into_owned),
        })
        .collect();
    Ok(Decision {
        call_sid: CallSid(s.sid.into_owned()),
        caller: s.from.into_owned(),
        account: s.acct,
        number_id: s.num,
        campaign_id: s.camp.map(|c| CampaignId(c.into_owned())),
        outcome: s.out.into_owned(),
        duplicate: s.dup,
        paid: s.paid,
        candidates,
        trace,
        notes: s.notes.into_iter().map(Cow::into_owned).collect(),
        duplicate_window_secs: s.window,
        duplicate_action: s.action,
        caller_noted: s.noted,
        turn: s.turn,
        campaign_limits: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, backup: Option<&str>) -> Candidate {
        Candidate {
            buyer_id: domain::BuyerId(id),
            buyer_name: format!("Call centre \"{id}\" ünïcode"),
            number: format!("+1555100{id:04}"),
            backup_number: backup.map(str::to_string),
            payout: Money(25_0000 + id),
            limits: Vec::new(),
            timeout_secs: 20 + id as u32,
        }
    }

    fn decision() -> Decision {
        Decision {
            call_sid: "CA0123456789abcdef0123456789abcdef".into(),
            caller: "+15557654321".into(),
            account: Some(domain::AccountId(7)),
            number_id: Some(domain::NumberId(3)),
            campaign_id: Some("0123456789abcdef0123456789abcdef".into()),
            outcome: Outcome::Routed,
            duplicate: true,
            paid: false,
            candidates: vec![candidate(9, Some("+16465550009")), candidate(4, None)],
            trace: vec![
                TraceEntry {
                    buyer_id: domain::BuyerId(9),
                    buyer_name: "Call centre \"9\" ünïcode".into(),
                    result: TraceResult::Selected,
                    reason: None,
                },
                TraceEntry {
                    buyer_id: domain::BuyerId(4),
                    buyer_name: "Renamed since".into(),
                    result: TraceResult::Eligible,
                    reason: None,
                },
                TraceEntry {
                    buyer_id: domain::BuyerId(5),
                    buyer_name: "Closed buyer".into(),
                    result: TraceResult::Skipped,
                    reason: Some("outside business hours".into()),
                },
            ],
            notes: vec!["duplicate caller routed unpaid".into()],
            duplicate_window_secs: 86_400,
            duplicate_action: Some(DuplicateAction::RouteUnpaid),
            caller_noted: true,
            turn: Some(7),
            campaign_limits: Vec::new(),
        }
    }

    #[test]
    fn every_field_survives_the_round_trip() {
        let d = decision();
        assert_eq!(decode(&encode(&d)).unwrap(), d);
        let empty = Decision::new(&crate::IncomingCall::default());
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
        let refused = Decision {
            outcome: Outcome::Rejected("duplicate caller".into()),
            ..decision()
        };
        assert_eq!(decode(&encode(&refused)).unwrap(), refused);
    }

    #[test]
    fn the_full_form_of_older_calls_still_reads() {
        let d = decision();
        let full = serde_json::to_string(&d).unwrap();
        assert_eq!(decode(&full).unwrap(), d);
    }

    #[test]
    fn it_is_less_than_half_the_full_form_for_ten_buyers() {
        let mut d = decision();
        d.candidates = (1..=10)
            .map(|i| candidate(i, Some("+16465550100")))
            .collect();
        d.trace = d
            .candidates
            .iter()
            .map(|c| TraceEntry {
                buyer_id: c.buyer_id,
                buyer_name: c.buyer_name.clone(),
                result: TraceResult::Eligible,
                reason: None,
            })
            .collect();
        let (compact, full) = (encode(&d), serde_json::to_string(&d).unwrap());
        assert!(compact.starts_with("{\"v\":2,"), "{compact}");
        assert!(
            compact.len() * 2 < full.len(),
            "{} vs {}",
            compact.len(),
            full.len()
        );
        assert_eq!(decode(&compact).unwrap(), d);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in ["", "{", "{\"v\":2}", "[1,2]", "{\"v\":2,\"sid\":1}"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
