//! Pure types and rules of CallCenter Pro: identifiers, secrets, accounts,
//! passwords and time. Nothing here does I/O, so everything is tested
//! without a server or a database.

#![forbid(unsafe_code)]
pub mod account;
pub mod campaign;
pub mod clock;
pub mod dni;
pub mod ids;
pub mod kinds;
pub mod money;
pub mod number_import;
pub mod password;
pub mod phone;
pub mod report;
pub mod schedule;
pub mod sealed;
pub mod secret;
pub mod shard;
pub mod validate;

pub use account::{AccountId, NewUser, Role, UserError};
pub use clock::{now_ms, rfc3339_ms};
pub use ids::{BuyerId, CallId, CallSid, CampaignId, NumberId, PoolId, RtbTargetId};
pub use kinds::{
    BuyerStatus, CallStatus, CampaignKind, CampaignStatus, Disposition, RoutingStrategy,
    RtbFallback,
};
pub use money::Money;
pub use phone::E164;
pub use schedule::Schedule;
pub use secret::Secret;
