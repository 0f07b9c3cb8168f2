//! Call flows (IVR): the graph a flow is made of ([`model`]) and the rules
//! a flow must follow before it can be published ([`validate`]). Pure: no
//! I/O, so the API, the builder's checks and publishing share one
//! definition, tested without a server. The engine that runs a published
//! flow on live calls builds on these types in the live call path.

#![forbid(unsafe_code)]

pub mod model;
pub mod validate;

pub use model::{Edge, Graph, Node, NodeKind};
pub use validate::{Problem, validate};
