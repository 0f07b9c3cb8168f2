//! The validation rules, one behaviour per test.

use domain::Money;

use crate::rejection::Rejection;
use crate::target::{ResponsePaths, TargetConfig};
use crate::validate::{
    BODY_CAP, BidResult, BidStatus, HttpOutcome, RAW_KEEP, destination, validate,
};

fn target() -> TargetConfig {
    TargetConfig {
        min_bid: Money(2_0000),
        max_bid: Money(100_0000),
        ..TargetConfig::new(domain::RtbTargetId(9), "T", "https://bidder.example")
    }
}

fn ok(body: &str) -> HttpOutcome {
    HttpOutcome::Response {
        status: 200,
        body: body.as_bytes().to_vec(),
    }
}

fn check(body: &str) -> BidResult {
    validate(&target(), Money(3_0000), &ok(body), "req".into(), 42)
}

const BID: &str = r#"{"accepted": true, "bidAmount": 12.5, "destinationNumber": "(212) 555-0100", "currency": "USD"}"#;

#[test]
fn a_valid_bid_succeeds_with_normalised_destination() {
    let r = check(BID);
    assert_eq!(r.status, BidStatus::Success, "{r:?}");
    assert_eq!(r.amount, Some(Money(12_5000)));
    assert_eq!(r.destination.as_deref(), Some("+12125550100"));
    assert!(r.accepted);
    assert_eq!(
        (r.http_status, r.response_ms, r.target_id),
        (Some(200), 42, domain::RtbTargetId(9))
    );
    assert_eq!(r.raw_request, "req");
    assert_eq!(r.raw_response.as_deref(), Some(BID));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["status"], "success");
    assert_eq!(json["amount"], "12.5000");
}

#[test]
fn transport_failures_keep_their_status() {
    let t = target();
    let r = validate(&t, Money(0), &HttpOutcome::Timeout, String::new(), 5000);
    assert_eq!(r.status, BidStatus::Timeout);
    let r = validate(
        &t,
        Money(0),
        &HttpOutcome::ConnectionError("refused".into()),
        String::new(),
        1,
    );
    assert_eq!(
        (r.status, r.error.as_deref()),
        (BidStatus::ConnectionError, Some("refused"))
    );
    let r = validate(
        &t,
        Money(0),
        &HttpOutcome::Response {
            status: 503,
            body: b"busy".to_vec(),
        },
        String::new(),
        1,
    );
    assert_eq!((r.status, r.http_status), (BidStatus::HttpError, Some(503)));
    assert_eq!(r.raw_response.as_deref(), Some("busy"));
}

#[test]
fn oversized_bodies_are_parse_errors_and_raw_is_truncated() {
    let prefix = vec![b'x'; BODY_CAP];
    let r = validate(
        &target(),
        Money(0),
        &HttpOutcome::TooLarge {
            status: 200,
            prefix,
        },
        String::new(),
        1,
    );
    assert_eq!(r.status, BidStatus::ParseError);
    assert!(r.error.unwrap().contains("too large"));
    assert!(r.raw_response.unwrap().len() <= RAW_KEEP + '…'.len_utf8());
}

#[test]
fn empty_and_no_bid_answers() {
    assert_eq!(check("").status, BidStatus::NoBid);
    let r = validate(
        &target(),
        Money(0),
        &HttpOutcome::Response {
            status: 204,
            body: vec![],
        },
        String::new(),
        1,
    );
    assert_eq!(r.status, BidStatus::NoBid);
    for body in [
        r#"{"accepted": false, "bidAmount": 50}"#,
        r#"{"accepted": true, "bidAmount": 0}"#,
        r#"{"accepted": true}"#,
        r#"{"bidAmount": null}"#,
        r#"{"accepted": "maybe", "bidAmount": 50}"#,
    ] {
        let r = check(body);
        assert_eq!(r.status, BidStatus::NoBid, "{body}");
        assert!(r.rejection.is_none());
    }
}

#[test]
fn unparseable_answers_are_parse_errors() {
    for body in ["{\"bidAmount\": ", "<bid>", "Thanks!", "\u{0}"] {
        assert_eq!(check(body).status, BidStatus::ParseError, "{body:?}");
    }
}

#[test]
fn bad_amounts_are_rejected_with_reasons() {
    let cases = [
        (
            r#"{"bidAmount": -5, "destinationNumber": "+12125550100"}"#,
            Rejection::INVALID_AMOUNT,
        ),
        (
            r#"{"bidAmount": "$12.50", "accepted": true}"#,
            Rejection::INVALID_AMOUNT,
        ),
        (
            r#"{"bidAmount": "twelve", "accepted": true}"#,
            Rejection::INVALID_AMOUNT,
        ),
        (r#"{"bidAmount": 1e300}"#, Rejection::ABOVE_CEILING),
        (r#"{"bidAmount": 50000}"#, Rejection::ABOVE_CEILING),
        (
            r#"{"bidAmount": 100.01, "destinationNumber": "+12125550100"}"#,
            Rejection::ABOVE_TARGET_MAX,
        ),
        (
            r#"{"bidAmount": 1.99, "destinationNumber": "+12125550100"}"#,
            Rejection::BELOW_TARGET_MIN,
        ),
        (
            r#"{"bidAmount": 2.5, "destinationNumber": "+12125550100"}"#,
            Rejection::BELOW_FLOOR,
        ),
        (
            r#"{"bidAmount": 12, "currency": "EUR", "destinationNumber": "+12125550100"}"#,
            Rejection::CURRENCY_MISMATCH,
        ),
        (
            r#"{"bidAmount": 12, "destinationNumber": "call-me"}"#,
            Rejection::INVALID_DESTINATION,
        ),
        (
            r#"{"bidAmount": 12, "destinationNumber": "+1 555"}"#,
            Rejection::INVALID_DESTINATION,
        ),
        (r#"{"bidAmount": 12}"#, Rejection::INVALID_DESTINATION),
    ];
    for (body, want) in cases {
        let r = check(body);
        assert_eq!(r.status, BidStatus::Rejected, "{body}");
        assert_eq!(r.rejection, Some(want), "{body}");
        assert!(r.destination.is_none() || r.status == BidStatus::Success);
    }
}

#[test]
fn max_bid_zero_means_no_target_maximum() {
    let t = TargetConfig {
        max_bid: Money(0),
        ..target()
    };
    let body = r#"{"bidAmount": 900, "destinationNumber": "+12125550100"}"#;
    let r = validate(&t, Money(0), &ok(body), String::new(), 1);
    assert_eq!(r.status, BidStatus::Success);
}

#[test]
fn bidder_rejection_codes_are_kept() {
    for code in 1002..=1010u16 {
        let body = format!(r#"{{"accepted": false, "bidAmount": 0, "rejectionCode": {code}}}"#);
        let r = check(&body);
        assert_eq!(r.status, BidStatus::Rejected);
        assert_eq!(r.rejection, Rejection::from_code(code));
    }
    // A code wins even over a bid; a reason alone does not.
    let r =
        check(r#"{"bidAmount": 12, "rejectionCode": "1006", "destinationNumber": "+12125550100"}"#);
    assert_eq!(r.rejection, Some(Rejection::FINAL_CAPACITY));
    let r = check(
        r#"{"bidAmount": 12, "rejection_reason": "n/a", "destinationNumber": "+12125550100"}"#,
    );
    assert_eq!(r.status, BidStatus::Success);
    let r = check(r#"{"accepted": false, "rejection_reason": "Budget limit reached"}"#);
    assert_eq!(r.rejection, Some(Rejection::BUDGET));
    assert_eq!(r.error.as_deref(), Some("Budget limit reached"));
}

#[test]
fn destination_without_configured_path_is_not_required() {
    let t = TargetConfig {
        response_paths: ResponsePaths {
            destination: None,
            ..ResponsePaths::spec_default()
        },
        ..target()
    };
    let r = validate(&t, Money(0), &ok(r#"{"bidAmount": 12}"#), String::new(), 1);
    assert_eq!((r.status, r.destination), (BidStatus::Success, None));
}

#[test]
fn destinations_phone_or_sip() {
    assert_eq!(destination("+44 20 7946 0958").unwrap(), "+442079460958");
    assert_eq!(
        destination("sip:buyer@sip.example.com;transport=tls").unwrap(),
        "sip:buyer@sip.example.com;transport=tls"
    );
    assert!(destination("sips:agent@10.0.0.1:5061").is_ok());
    for bad in [
        "sip:",
        "sip:@host",
        "sip:a@",
        "sip:a b@host",
        "sip:a@h\"><Redirect>",
        "http://x",
        "",
        "911x",
    ] {
        assert!(destination(bad).is_err(), "{bad}");
    }
}

#[test]
fn xml_bids_validate_like_json() {
    let body = "<response><bidAmount>12.50</bidAmount><destinationNumber>+12125550100</destinationNumber><accepted>true</accepted></response>";
    let r = check(body);
    assert_eq!(r.status, BidStatus::Success, "{r:?}");
    assert_eq!(r.amount, Some(Money(12_5000)));
}
