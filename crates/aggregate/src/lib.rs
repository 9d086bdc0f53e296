//! Truth inference for crowdsourced answers: turns several workers' answers per item into one
//! label with a confidence, and estimates how good each worker is.
//!
//! A pure library (no I/O). Categorical answers are interned once into a [`Dataset`]; every
//! categorical method is a struct whose `Default` is Crowd-Kit 1.4.2's defaults and which
//! returns a [`CategoricalResult`]. Numbers ([`numeric`]), texts ([`rover`]), bounding boxes
//! ([`boxes`]), text spans ([`spans`]), audio and video segments ([`segments`]), pairwise
//! comparisons ([`pairwise`]), polygons ([`polygons`]) and keypoints ([`keypoints`]) have
//! their own input types.
//!
//! Tie rule (all categorical methods but MACE): when labels share the highest score the smallest
//! label in [`compare_labels`] order wins. Deliberate differences from Crowd-Kit are listed on
//! each method and in `docs/aggregation.md`.

#![cfg_attr(test, allow(clippy::too_many_lines))] // a test may tell its whole story in one function

pub mod boxes;
mod dataset;
mod dawid_skene;
mod error;
mod glad;
pub mod keypoints;
mod kos;
mod mace;
mod mmsr;
pub mod numeric;
mod optim;
pub mod pairwise;
pub mod polygons;
mod result;
pub mod rover;
pub mod segments;
pub mod simulate;
pub mod spans;
mod special;
mod vote;

pub use dataset::{Dataset, DatasetBuilder, Gold, LabelId, TaskId, WorkerId, compare_labels};
pub use dawid_skene::{DawidSkene, InitialError, InitialErrorStrategy, OneCoinDawidSkene};
pub use error::AggregateError;
pub use glad::Glad;
pub use kos::Kos;
pub use mace::{Mace, MaceMethod};
pub use mmsr::Mmsr;
pub use result::CategoricalResult;
pub use vote::{
    GoldMajorityVote, MajorityVote, OnMissingSkill, Wawa, ZeroBasedSkill, worker_accuracy,
};

/// A categorical truth-inference method that needs nothing but the answers.
pub trait CategoricalAggregator {
    /// Aggregates the answers of `data`.
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError>;
}
