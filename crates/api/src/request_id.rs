//! Request ids: a random UUID (v4) per request without a system call.
//!
//! tower-http's `MakeRequestUuid` asks the operating system for each id
//! (`getrandom`); here each thread draws from its own SplitMix64 stream,
//! seeded once from the operating system. Ids only tell requests apart in
//! the logs: they need to be unique, not unpredictable.

use std::cell::Cell;

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

/// Makes the `x-request-id` of requests that came without one.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastRequestId;

impl MakeRequestId for FastRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let mut text = uuid::Uuid::encode_buffer();
        let id = uuid::Builder::from_random_bytes(random().to_le_bytes()).into_uuid();
        let text = id.hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(text).ok().map(RequestId::new)
    }
}

/// 128 random bits from this thread's stream.
fn random() -> u128 {
    thread_local! {
        static STATE: Cell<u64> = Cell::new(uuid::Uuid::new_v4().as_u64_pair().0);
    }
    STATE.with(|s| {
        let (hi, state) = splitmix64(s.get());
        let (lo, state) = splitmix64(state);
        s.set(state);
        (u128::from(hi) << 64) | u128::from(lo)
    })
}

/// SplitMix64: the next output and state.
fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31), state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids_and_differ() {
        let req = Request::new(());
        let mut make = FastRequestId;
        let ids: std::collections::HashSet<String> = (0..1000)
            .map(|_| {
                let id = make.make_request_id(&req).expect("an id");
                let text = id.header_value().to_str().expect("ASCII").to_string();
                let parsed = uuid::Uuid::parse_str(&text).expect("a UUID");
                assert_eq!(parsed.get_version_num(), 4, "{text}");
                text
            })
            .collect();
        assert_eq!(ids.len(), 1000);
    }
}
