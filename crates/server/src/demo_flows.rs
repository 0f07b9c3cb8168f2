//! The demo account's call flows: an intake flow (business hours, a
//! language menu, the caller's zip code, a router by state, the buyers;
//! voicemail after hours) and a split test of two greetings with a
//! tracking pixel. Both are published and run by demo campaigns of their
//! own, so the other demo campaigns answer calls as before.

use serde_json::{Value, json};

fn say(text: &str) -> Value {
    json!({"kind": "say", "text": text})
}

/// The intake flow of the "Medicare IVR" campaign.
pub fn intake() -> Value {
    let weekdays = json!([{"start": "08:00", "end": "20:00"}]);
    json!({
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "hours", "type": "businessHours", "position": {"x": 0, "y": 150}, "data": {
                "timeZone": "America/New_York",
                "schedule": {"enabled": true, "hours": {
                    "mon": weekdays, "tue": weekdays, "wed": weekdays, "thu": weekdays, "fri": weekdays,
                    "sat": [{"start": "09:00", "end": "14:00"}]
                }, "holidays": ["2026-12-25", "2027-01-01"]}
            }},
            {"id": "welcome", "type": "play", "position": {"x": 0, "y": 360}, "data": {
                "prompt": say("Thank you for calling the Medicare Advantage help line.")
            }},
            {"id": "language", "type": "menu", "position": {"x": 0, "y": 520}, "data": {
                "prompt": say("For English, press 1. Para español, oprima 2."),
                "keys": ["1", "2"], "timeoutSecs": 5, "retries": 2,
                "invalidMessage": "Sorry, that is not an option."
            }},
            {"id": "zip", "type": "gather", "position": {"x": 0, "y": 780}, "data": {
                "prompt": say("Please enter your five digit zip code."),
                "variable": "zip", "minDigits": 5, "maxDigits": 5, "retries": 1
            }},
            {"id": "region", "type": "router", "position": {"x": 0, "y": 1000}, "data": {"routes": [
                {"name": "sunbelt", "conditions": [{"operand": {"kind": "state"}, "operator": "oneOf", "values": ["FL", "TX", "AZ", "CA"]}]},
                {"name": "northeast", "conditions": [{"operand": {"kind": "state"}, "operator": "oneOf", "values": ["NY", "NJ", "PA", "MA"]}]}
            ]}},
            {"id": "buyers", "type": "routeToBuyers", "position": {"x": 0, "y": 1200}},
            {"id": "voicemail", "type": "voicemail", "position": {"x": 380, "y": 360}, "data": {
                "prompt": say("Our office is closed. Please leave your name and number after the tone."),
                "maxLengthSecs": 120
            }},
            {"id": "goodbye", "type": "hangup", "position": {"x": 380, "y": 780}}
        ],
        "edges": [
            {"id": "e-start", "source": "start", "sourceHandle": "next", "target": "hours"},
            {"id": "e-open", "source": "hours", "sourceHandle": "open", "target": "welcome"},
            {"id": "e-closed", "source": "hours", "sourceHandle": "closed", "target": "voicemail"},
            {"id": "e-holiday", "source": "hours", "sourceHandle": "holiday", "target": "voicemail"},
            {"id": "e-welcome", "source": "welcome", "sourceHandle": "next", "target": "language"},
            {"id": "e-en", "source": "language", "sourceHandle": "1", "target": "zip"},
            {"id": "e-es", "source": "language", "sourceHandle": "2", "target": "zip"},
            {"id": "e-lang-timeout", "source": "language", "sourceHandle": "timeout", "target": "buyers"},
            {"id": "e-lang-invalid", "source": "language", "sourceHandle": "invalid", "target": "goodbye"},
            {"id": "e-zip", "source": "zip", "sourceHandle": "success", "target": "region"},
            {"id": "e-zip-timeout", "source": "zip", "sourceHandle": "timeout", "target": "buyers"},
            {"id": "e-zip-invalid", "source": "zip", "sourceHandle": "invalid", "target": "buyers"},
            {"id": "e-sunbelt", "source": "region", "sourceHandle": "sunbelt", "target": "buyers"},
            {"id": "e-northeast", "source": "region", "sourceHandle": "northeast", "target": "buyers"},
            {"id": "e-default", "source": "region", "sourceHandle": "default", "target": "buyers"}
        ]
    })
}

/// The split test of the "Auto Greeting Test" campaign.
pub fn greeting_test() -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start", "position": {"x": 0, "y": 0}},
            {"id": "split", "type": "splitter", "position": {"x": 0, "y": 150}, "data": {
                "testName": "Greeting", "sticky": true,
                "branches": [{"name": "short", "weight": 50}, {"name": "long", "weight": 50}]
            }},
            {"id": "short", "type": "play", "position": {"x": -200, "y": 340}, "data": {
                "prompt": say("Thanks for calling. Connecting you to a licensed agent.")
            }},
            {"id": "long", "type": "play", "position": {"x": 200, "y": 340}, "data": {
                "prompt": say("Thanks for calling about auto insurance. Drivers who compare quotes save an average of five hundred dollars a year. Connecting you to a licensed agent now.")
            }},
            {"id": "pixel", "type": "trackingPixel", "position": {"x": 0, "y": 520}, "data": {
                "url": "https://pixel.example.com/auto?call=[call_id]&caller=[caller]", "method": "GET", "maxFires": 1
            }},
            {"id": "buyers", "type": "routeToBuyers", "position": {"x": 0, "y": 700}}
        ],
        "edges": [
            {"id": "e-start", "source": "start", "sourceHandle": "next", "target": "split"},
            {"id": "e-short", "source": "split", "sourceHandle": "short", "target": "short"},
            {"id": "e-long", "source": "split", "sourceHandle": "long", "target": "long"},
            {"id": "e-short-pixel", "source": "short", "sourceHandle": "next", "target": "pixel"},
            {"id": "e-long-pixel", "source": "long", "sourceHandle": "next", "target": "pixel"},
            {"id": "e-buyers", "source": "pixel", "sourceHandle": "next", "target": "buyers"}
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_flows_publish_cleanly() {
        for v in [intake(), greeting_test()] {
            let g: flows::Graph = serde_json::from_value(v).unwrap_or_default();
            assert!(!g.nodes.is_empty());
            assert_eq!(flows::validate(&g), [], "{g:?}");
        }
    }
}
