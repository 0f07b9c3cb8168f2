//! The closed sets of values the product knows: campaign kinds and
//! statuses, buyer statuses, routing strategies, what an RTB campaign does
//! with a call no bidder takes, call statuses and dispositions. Each is an
//! enum with its stored and JSON spelling, so that code compares variants
//! (never strings) and the OpenAPI document lists the values.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The spelling of an enum's variants, as in the database and the API
/// (the enum itself is declared with the same spellings for serde and the
/// OpenAPI document; a test checks that the two agree).
macro_rules! spelled {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in the order of the declaration.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// As stored and sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value spelled `text` exactly, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// How a campaign sells its calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum CampaignKind {
    /// To its own buyers, on its own numbers.
    #[serde(rename = "direct")]
    Direct,
    /// To its own buyers, on numbers of a pool.
    #[serde(rename = "pool")]
    Pool,
    /// In a real-time auction to external bidders.
    #[serde(rename = "rtb")]
    Rtb,
}

spelled!(CampaignKind {
    Direct = "direct",
    Pool = "pool",
    Rtb = "rtb",
});

/// Whether a campaign takes calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum CampaignStatus {
    #[serde(rename = "active")]
    Active,
    #[serde(rename = "paused")]
    Paused,
    #[serde(rename = "completed")]
    Completed,
    #[serde(rename = "draft")]
    Draft,
}

spelled!(CampaignStatus {
    Active = "active",
    Paused = "paused",
    Completed = "completed",
    Draft = "draft",
});

/// Whether a buyer takes calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum BuyerStatus {
    #[serde(rename = "active")]
    Active,
    #[serde(rename = "inactive")]
    Inactive,
    #[serde(rename = "paused")]
    Paused,
}

spelled!(BuyerStatus {
    Active = "active",
    Inactive = "inactive",
    Paused = "paused",
});

/// How a campaign orders its eligible buyers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum RoutingStrategy {
    /// Highest priority first, ties shared evenly.
    #[serde(rename = "priority")]
    Priority,
    /// In turn.
    #[serde(rename = "round_robin")]
    RoundRobin,
    /// Random, by weight.
    #[serde(rename = "weighted")]
    Weighted,
}

spelled!(RoutingStrategy {
    Priority = "priority",
    RoundRobin = "round_robin",
    Weighted = "weighted",
});

/// What an RTB campaign does with a call no bidder takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum RtbFallback {
    /// Route it to the campaign's buyers.
    #[serde(rename = "buyers")]
    Buyers,
    /// Dial the campaign's fallback number.
    #[serde(rename = "number")]
    Number,
    /// Play the campaign's fallback message.
    #[serde(rename = "message")]
    Message,
}

spelled!(RtbFallback {
    Buyers = "buyers",
    Number = "number",
    Message = "message",
});

/// Where a call stands: the carrier's statuses of the caller's leg,
/// and ours for calls that were never dialled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum CallStatus {
    #[serde(rename = "queued")]
    Queued,
    #[serde(rename = "initiated")]
    Initiated,
    #[serde(rename = "ringing")]
    Ringing,
    #[serde(rename = "in-progress")]
    InProgress,
    #[serde(rename = "completed")]
    Completed,
    #[serde(rename = "busy")]
    Busy,
    #[serde(rename = "failed")]
    Failed,
    #[serde(rename = "no-answer")]
    NoAnswer,
    #[serde(rename = "canceled")]
    Canceled,
    /// No buyer or bidder took it (the campaign's fallback played).
    #[serde(rename = "no_route")]
    NoRoute,
    /// Refused (a duplicate caller on a campaign that rejects them).
    #[serde(rename = "rejected")]
    Rejected,
}

spelled!(CallStatus {
    Queued = "queued",
    Initiated = "initiated",
    Ringing = "ringing",
    InProgress = "in-progress",
    Completed = "completed",
    Busy = "busy",
    Failed = "failed",
    NoAnswer = "no-answer",
    Canceled = "canceled",
    NoRoute = "no_route",
    Rejected = "rejected",
});

/// What routing did with a call when it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Disposition {
    #[serde(rename = "routed")]
    Routed,
    #[serde(rename = "no_route")]
    NoRoute,
    #[serde(rename = "rejected")]
    Rejected,
}

spelled!(Disposition {
    Routed = "routed",
    NoRoute = "no_route",
    Rejected = "rejected",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled_alike<T: Serialize + Copy>(all: &[T], text: impl Fn(T) -> &'static str) {
        for v in all {
            let json = serde_json::to_string(v).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", text(*v)));
        }
    }

    #[test]
    fn serde_and_the_stored_spelling_agree() {
        spelled_alike(CampaignKind::ALL, CampaignKind::as_str);
        spelled_alike(CampaignStatus::ALL, CampaignStatus::as_str);
        spelled_alike(BuyerStatus::ALL, BuyerStatus::as_str);
        spelled_alike(RoutingStrategy::ALL, RoutingStrategy::as_str);
        spelled_alike(RtbFallback::ALL, RtbFallback::as_str);
        spelled_alike(CallStatus::ALL, CallStatus::as_str);
        spelled_alike(Disposition::ALL, Disposition::as_str);
    }

    #[test]
    fn every_value_reads_back_and_serialises_as_stored() {
        for k in CampaignKind::ALL {
            assert_eq!(CampaignKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(
            serde_json::to_string(&CallStatus::InProgress).unwrap_or_default(),
            "\"in-progress\""
        );
        assert_eq!(CallStatus::parse("no_route"), Some(CallStatus::NoRoute));
        assert_eq!(RoutingStrategy::parse("Round_Robin"), None);
        let names: Vec<&str> = CampaignStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, crate::campaign::STATUSES);
        let names: Vec<&str> = CampaignKind::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, crate::campaign::TYPES);
        let names: Vec<&str> = RoutingStrategy::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, crate::campaign::ROUTING_STRATEGIES);
        let names: Vec<&str> = RtbFallback::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, crate::campaign::RTB_FALLBACKS);
    }
}
