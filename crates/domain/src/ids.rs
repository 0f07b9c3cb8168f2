//! Identifiers. Each kind of object has its own id type, so that a buyer's
//! id cannot be passed where a campaign's or an RTB target's is expected.
//! They serialise as the bare value (a number, or a string for campaigns
//! and calls), and with the `sqlx` feature they are bound and read as the
//! bare column value, so the JSON and the stored columns are the plain
//! values.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Ids that are database row numbers.
macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

/// Ids that are text (a campaign's id, a carrier's CallSid).
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

row_id!(
    /// The tenant every customer row belongs to. Store methods that touch
    /// customer data take one as a required argument.
    AccountId
);
row_id!(
    /// A buyer (`buyers.id`).
    BuyerId
);
row_id!(
    /// An RTB target, the bidder an auction pings (`rtb_targets.id`).
    RtbTargetId
);
row_id!(
    /// A tracking number (`phone_numbers.id`).
    NumberId
);
row_id!(
    /// A number pool (`number_pools.id`).
    PoolId
);
row_id!(
    /// A stored call (`calls.id`), as opposed to its CallSid.
    CallId
);
text_id!(
    /// A campaign (`campaigns.id`, `CA` and 32 hex digits).
    CampaignId
);
text_id!(
    /// The carrier's id of a call.
    CallSid
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn ids_serialise_as_their_bare_value() {
        assert_eq!(serde_json::to_string(&BuyerId(7)).unwrap(), "7");
        assert_eq!(
            serde_json::to_string(&CampaignId::from("CA1")).unwrap(),
            "\"CA1\""
        );
        let back: CallSid = serde_json::from_str("\"CAé\"").unwrap();
        assert_eq!(back, "CAé");
    }

    #[test]
    fn text_ids_look_up_by_str() {
        let mut m = HashMap::new();
        m.insert(CampaignId::from("CA1"), 1);
        assert_eq!(m.get("CA1"), Some(&1));
    }
}
