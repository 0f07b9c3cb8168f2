//! Call flows (IVR): the graph a flow is made of ([`model`]) and the rules
//! a flow must follow before it can be published ([`validate`]). Pure: no
//! I/O, so the API, the builder's checks and publishing share one
//! definition, tested without a server. [`engine`] walks a call through a
//! published flow one carrier request at a time; the live call path keeps
//! its [`engine::Run`] between requests and turns its steps into TwiML.

#![forbid(unsafe_code)]

pub mod analytics;
pub mod engine;
pub mod model;
pub mod sandbox;
pub mod validate;

pub use model::{Edge, Graph, Node, NodeKind};
pub use validate::{Problem, validate};
