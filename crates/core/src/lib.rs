//! Handprint's domain: the types and rules of the marketplace, with no I/O.
//!
//! Everything a user sends becomes one of these typed values once, at the edge
//! (`Email::parse`, `Money::parse`, `Purpose::parse`, `Template::parse`), so the
//! layers inside can rely on the guarantees the types carry.

#![cfg_attr(test, allow(clippy::too_many_lines))] // a test may tell its whole story in one function

pub mod account;
pub mod alerts;
pub mod allocation;
pub mod attest;
pub mod clock;
mod countries;
pub mod decision;
pub mod eligibility;
pub mod forum;
pub mod handprint;
pub mod ids;
pub mod import;
mod languages;
pub mod ledger;
pub mod media;
pub mod memo;
pub mod money;
pub mod msg;
pub mod overlap;
pub mod payfloor;
pub mod payout;
pub mod project;
pub mod quality;
pub mod review;
pub mod sensitive;
pub mod spreadsheet;
pub mod template;
pub mod trust;
pub mod work;
pub mod worktime;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use ids::{
    AssignmentId, DecisionId, HandprintId, OrganizationId, ProjectId, QualificationId, TaskId,
    UserId,
};
pub use money::{Currency, Money, NumberStyle};
pub use msg::Msg;
