//! The one error type of the aggregation library.

use thiserror::Error;

/// What can go wrong when aggregating. Every variant says what the caller did and how to fix it;
/// none of them is an internal failure (the library does no I/O).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AggregateError {
    /// A method that weights votes by worker skill met a worker without one (Crowd-Kit's
    /// `on_missing_skill="error"`). Give every worker a skill, or choose another
    /// [`crate::OnMissingSkill`] policy.
    #[error(
        "no skill known for {count} answer(s), e.g. worker {example:?}; give every worker a skill or choose another missing-skill policy"
    )]
    MissingSkill {
        /// Number of answers whose worker has no skill.
        count: usize,
        /// One such worker, for the message.
        example: String,
    },
    /// With `OnMissingSkill::Ignore`, a task lost every answer.
    #[error(
        "{count} task(s) have no answer from a worker with a known skill, e.g. task {example:?}"
    )]
    TaskWithoutSkilledAnswer {
        /// Number of such tasks.
        count: usize,
        /// One such task.
        example: String,
    },
    /// A gold (control) label is not one of the labels present in the answers.
    #[error("gold label {label:?} for task {task:?} is not among the labels in the answers")]
    UnknownGoldLabel {
        /// The task of the control answer.
        task: String,
        /// The label that no worker gave.
        label: String,
    },
    /// The method needs exactly two classes (KOS).
    #[error("{method} needs exactly two distinct labels, the answers have {found}")]
    NotBinary {
        /// Method name.
        method: &'static str,
        /// Number of distinct labels found.
        found: usize,
    },
    /// A parameter is outside its domain.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The input is unusable for this method (for example a pairwise comparison whose winner is
    /// neither side).
    #[error("invalid input: {0}")]
    InvalidInput(String),
}
