//! The decision log's vocabulary: what kind of automated decision was made about a
//! worker, and where its human review stands.
//!
//! An automated decision never rejects paid work and never suspends an account
//! (those stay human acts); what it may do is listed in [`DecisionKind`]. Every one is
//! stored with the rule that made it, its inputs and a coded reason, and the worker
//! may ask a person to review it: the organisation whose rule it was (or an operator,
//! for an operator's rule) upholds or reverses it within [`DEFAULT_REVIEW_DAYS`]; a
//! review left past its deadline is decided for the worker.

use serde::Serialize;

/// How long an organisation has to answer a review request, unless configured.
pub const DEFAULT_REVIEW_DAYS: i64 = 7;

/// Longest message a worker or a reviewer may write on a review, in characters.
pub const MAX_REVIEW_MESSAGE_CHARS: usize = 4000;

/// What an automated decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// A qualification was granted (a passed test, a performance score reached).
    QualificationGranted,
    /// A test was failed: the qualification was refused and a cooldown started
    /// (`effect_until` is when the worker may take it again).
    QualificationRefused,
    /// A qualification the worker held was taken away (a performance score fell).
    QualificationLost,
    /// The worker was warned; nothing else changed.
    Warned,
    /// The worker may not work on a project until `effect_until`.
    Restricted,
    /// The worker must pass a qualification again before working on a project.
    RequalificationRequired,
    /// The worker's answers were sent for a second opinion (more answers on those items).
    SecondOpinion,
    /// A score changed in a way that changes the worker's access.
    ScoreChanged,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 8] = [
        DecisionKind::QualificationGranted,
        DecisionKind::QualificationRefused,
        DecisionKind::QualificationLost,
        DecisionKind::Warned,
        DecisionKind::Restricted,
        DecisionKind::RequalificationRequired,
        DecisionKind::SecondOpinion,
        DecisionKind::ScoreChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::QualificationGranted => "qualification_granted",
            DecisionKind::QualificationRefused => "qualification_refused",
            DecisionKind::QualificationLost => "qualification_lost",
            DecisionKind::Warned => "warned",
            DecisionKind::Restricted => "restricted",
            DecisionKind::RequalificationRequired => "requalification_required",
            DecisionKind::SecondOpinion => "second_opinion",
            DecisionKind::ScoreChanged => "score_changed",
        }
    }

    pub fn parse(text: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether the decision works against the worker (and so is worth a review):
    /// everything but a grant.
    pub fn is_adverse(self) -> bool {
        self != DecisionKind::QualificationGranted
    }
}

/// A stored kind Handprint does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown decision kind {0:?}")]
pub struct UnknownDecisionKind(pub String);

impl TryFrom<String> for DecisionKind {
    type Error = UnknownDecisionKind;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        DecisionKind::parse(&text).ok_or(UnknownDecisionKind(text))
    }
}

/// Where a decision's human review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Made, and nobody asked for a review.
    InEffect,
    /// The worker asked for a review; a person has not answered yet.
    ReviewRequested,
    /// A person reviewed it and kept it.
    Upheld,
    /// A person reviewed it and undid it (or its review ran past the deadline).
    Reversed,
}

impl DecisionState {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionState::InEffect => "in_effect",
            DecisionState::ReviewRequested => "review_requested",
            DecisionState::Upheld => "upheld",
            DecisionState::Reversed => "reversed",
        }
    }

    pub fn parse(text: &str) -> Option<DecisionState> {
        [
            DecisionState::InEffect,
            DecisionState::ReviewRequested,
            DecisionState::Upheld,
            DecisionState::Reversed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A stored state Handprint does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown decision state {0:?}")]
pub struct UnknownDecisionState(pub String);

impl TryFrom<String> for DecisionState {
    type Error = UnknownDecisionState;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        DecisionState::parse(&text).ok_or(UnknownDecisionState(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_states_read_back_what_they_write() {
        for kind in DecisionKind::ALL {
            assert_eq!(DecisionKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(DecisionKind::parse("suspended"), None);
        assert!(!DecisionKind::QualificationGranted.is_adverse());
        assert!(DecisionKind::Restricted.is_adverse());
        for state in ["in_effect", "review_requested", "upheld", "reversed"] {
            assert_eq!(
                DecisionState::parse(state).map(DecisionState::as_str),
                Some(state)
            );
        }
        assert_eq!(DecisionState::parse("closed"), None);
    }
}
