//! Reviewing answers: the fixed reasons a rejection may give, the message a
//! worker is owed, the windows for review and disputes, and the rule that an
//! answer agreeing with the item's majority label cannot be rejected.
//!
//! An assignment's review moves: pending → approved; pending → rejected →
//! (disputed →) rejection final | overturned. Money follows: approval and
//! overturning pay at once; a final rejection returns the slot to the requester.

use crate::Msg;
use crate::clock::MICROS_PER_SECOND;

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 24 * HOUR;
/// Unreviewed answers are approved automatically after this long, unless the project says otherwise.
pub const DEFAULT_REVIEW_WINDOW_SECONDS: i64 = 3 * DAY;
pub const MIN_REVIEW_WINDOW_SECONDS: i64 = HOUR;
/// A project may not keep workers waiting longer than this.
pub const MAX_REVIEW_WINDOW_SECONDS: i64 = 7 * DAY;
/// A worker may dispute a rejection this long after it.
pub const DISPUTE_WINDOW_SECONDS: i64 = 7 * DAY;
/// A dispute is decided within this long of being opened; undecided, it is overturned.
pub const DISPUTE_DECISION_SECONDS: i64 = 7 * DAY;
/// The shortest message a rejection (and a dispute) may carry.
pub const MIN_MESSAGE_CHARS: usize = 50;
pub const MAX_MESSAGE_CHARS: usize = 5_000;

/// The only reasons an answer may be rejected for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RejectionReason {
    InstructionsNotFollowed,
    FailedControlItems,
    EmptyOrNonsensical,
    DuplicateAnswer,
}

impl RejectionReason {
    pub const ALL: [RejectionReason; 4] = [
        RejectionReason::InstructionsNotFollowed,
        RejectionReason::FailedControlItems,
        RejectionReason::EmptyOrNonsensical,
        RejectionReason::DuplicateAnswer,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionReason::InstructionsNotFollowed => "instructions_not_followed",
            RejectionReason::FailedControlItems => "failed_control_items",
            RejectionReason::EmptyOrNonsensical => "empty_or_nonsensical",
            RejectionReason::DuplicateAnswer => "duplicate_answer",
        }
    }
    /// What the worker reads.
    pub fn describe(self) -> &'static str {
        match self {
            RejectionReason::InstructionsNotFollowed => {
                "did not follow a clearly stated instruction"
            }
            RejectionReason::FailedControlItems => "failed control items",
            RejectionReason::EmptyOrNonsensical => "empty or nonsensical answer",
            RejectionReason::DuplicateAnswer => "duplicate of another worker's answer",
        }
    }
    pub fn parse(text: &str) -> Result<RejectionReason, Msg> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text.trim())
            .ok_or_else(|| {
                let all = Self::ALL.map(RejectionReason::as_str).join(", ");
                Msg::coded(
                    "problem-reject-reason-unknown",
                    vec![("reason", text.to_string()), ("all", all.clone())],
                )
            })
    }
}

/// A message the other side will read: at least [`MIN_MESSAGE_CHARS`] characters.
pub fn parse_message(text: &str) -> Result<String, Msg> {
    let t = text.trim();
    let n = t.chars().count();
    if n < MIN_MESSAGE_CHARS {
        return Err(Msg::coded(
            "err-reject-message-short",
            vec![
                ("min", MIN_MESSAGE_CHARS.to_string()),
                ("count", n.to_string()),
            ],
        ));
    }
    if n > MAX_MESSAGE_CHARS {
        return Err(too_long());
    }
    Ok(t.to_string())
}

fn too_long() -> Msg {
    Msg::coded(
        "err-reject-message-long",
        vec![("max", MAX_MESSAGE_CHARS.to_string())],
    )
}

/// A free-text note (a dispute, a decision): not empty, bounded.
pub fn parse_note(text: &str) -> Result<String, Msg> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Msg::coded("problem-note-empty", Vec::new()));
    }
    if t.chars().count() > MAX_MESSAGE_CHARS {
        return Err(too_long());
    }
    Ok(t.to_string())
}

/// Check a project's review window in seconds: between one hour and seven days,
/// else the coded message saying so (`problem-review-window`, with `min` and `max`).
pub fn check_review_window(seconds: i64) -> Result<i64, Msg> {
    if (MIN_REVIEW_WINDOW_SECONDS..=MAX_REVIEW_WINDOW_SECONDS).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(Msg::coded(
            "problem-review-window",
            vec![
                ("min", MIN_REVIEW_WINDOW_SECONDS.to_string()),
                ("max", MAX_REVIEW_WINDOW_SECONDS.to_string()),
            ],
        ))
    }
}

/// Where an assignment's review stands (stored; NULL in the database means pending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewState {
    Pending,
    Approved,
    /// Rejected, still disputable or in dispute: not yet counted against the worker.
    Rejected,
    /// The dispute window closed without a dispute, or the dispute was upheld.
    RejectionFinal,
    /// The rejection was reversed by the requester or overturned by an operator: paid in full.
    Overturned,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Approved => "approved",
            ReviewState::Rejected => "rejected",
            ReviewState::RejectionFinal => "rejection_final",
            ReviewState::Overturned => "overturned",
        }
    }
    pub const ALL: [ReviewState; 5] = [
        ReviewState::Pending,
        ReviewState::Approved,
        ReviewState::Rejected,
        ReviewState::RejectionFinal,
        ReviewState::Overturned,
    ];
    /// The state stored in an assignment's `review_state` column (NULL is pending);
    /// a value Handprint does not know is an error, never a default.
    pub fn from_column(text: Option<&str>) -> Result<ReviewState, UnknownReviewState> {
        match text.map(ReviewState::try_from) {
            None => Ok(ReviewState::Pending),
            // Pending is stored as NULL, never by name.
            Some(Ok(ReviewState::Pending)) => {
                Err(UnknownReviewState(ReviewState::Pending.as_str().into()))
            }
            Some(decoded) => decoded,
        }
    }
    /// What the `review_state` column stores for this state (NULL for pending).
    pub fn to_column(self) -> Option<&'static str> {
        (self != ReviewState::Pending).then_some(self.as_str())
    }
    /// Whether the worker has been paid for the answer.
    pub fn is_paid(self) -> bool {
        matches!(self, ReviewState::Approved | ReviewState::Overturned)
    }
}

/// A stored review state Handprint does not know (the database is newer than the
/// binary, or was edited by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown review state \"{0}\" (known: pending, approved, rejected, rejection_final, overturned)"
)]
pub struct UnknownReviewState(pub String);

impl TryFrom<&str> for ReviewState {
    type Error = UnknownReviewState;
    fn try_from(text: &str) -> Result<ReviewState, UnknownReviewState> {
        ReviewState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownReviewState(text.to_string()))
    }
}

impl std::str::FromStr for ReviewState {
    type Err = UnknownReviewState;
    fn from_str(text: &str) -> Result<ReviewState, UnknownReviewState> {
        ReviewState::try_from(text)
    }
}

/// How a dispute ended (or that it has not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisputeState {
    Open,
    /// The requester took the rejection back.
    Reversed,
    /// An operator (or the deadline) found for the worker.
    Overturned,
    /// An operator found for the requester.
    Upheld,
}

impl DisputeState {
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeState::Open => "open",
            DisputeState::Reversed => "reversed",
            DisputeState::Overturned => "overturned",
            DisputeState::Upheld => "upheld",
        }
    }
}

/// A stored dispute state Handprint does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dispute state \"{0}\" (known: open, reversed, overturned, upheld)")]
pub struct UnknownDisputeState(pub String);

impl TryFrom<String> for DisputeState {
    type Error = UnknownDisputeState;
    fn try_from(text: String) -> Result<DisputeState, UnknownDisputeState> {
        [
            DisputeState::Open,
            DisputeState::Reversed,
            DisputeState::Overturned,
            DisputeState::Upheld,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or(UnknownDisputeState(text))
    }
}

/// The time by which an unreviewed answer submitted at `submitted_at` is approved.
pub fn auto_approval_at(submitted_at: i64, review_window_seconds: i64) -> i64 {
    submitted_at + review_window_seconds * MICROS_PER_SECOND
}

/// Whether `own` agrees with the item's aggregated label by majority vote over
/// `all` (every answer's label on the item, the worker's own included). An item
/// has a label once it has two answers; ties favour the worker: an answer among
/// the most frequent labels agrees.
pub fn agrees_with_majority(own: &str, all: &[String]) -> bool {
    if all.len() < 2 {
        return false;
    }
    let count = |label: &str| all.iter().filter(|l| l.as_str() == label).count();
    let top = all.iter().map(|l| count(l)).max().unwrap_or(0);
    count(own) == top && top > 0
}

/// A text answer's label for majority vote: its words, whitespace and case ignored.
pub fn text_label(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_answer_with_the_majority_agrees_and_ties_favour_the_worker() {
        assert!(agrees_with_majority("pos", &labels(&["pos", "pos", "neg"])));
        assert!(!agrees_with_majority(
            "neg",
            &labels(&["pos", "pos", "neg"])
        ));
        assert!(agrees_with_majority("neg", &labels(&["pos", "neg"])));
        assert!(
            !agrees_with_majority("pos", &labels(&["pos"])),
            "one answer is no label"
        );
    }

    #[test]
    fn a_rejection_needs_a_listed_reason_and_a_real_message() {
        assert!(RejectionReason::parse("instructions_not_followed").is_ok());
        assert!(RejectionReason::parse("bad").is_err());
        assert!(parse_message("wrong").is_err());
        assert!(parse_message(&"x".repeat(50)).is_ok());
        assert_eq!(
            check_review_window(8 * DAY).map_err(|m| m.code),
            Err(Some("problem-review-window"))
        );
        assert_eq!(check_review_window(DAY), Ok(DAY));
    }

    #[test]
    fn review_states_decode_strictly_and_an_unknown_one_is_an_error() {
        for state in ReviewState::ALL {
            assert_eq!(ReviewState::from_column(state.to_column()), Ok(state));
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        assert_eq!(ReviewState::from_column(None), Ok(ReviewState::Pending));
        assert_eq!(ReviewState::Pending.to_column(), None);
        assert_eq!(
            ReviewState::from_column(Some("rejection_final")),
            Ok(ReviewState::RejectionFinal)
        );
        assert_eq!(
            ReviewState::from_column(Some("aproved")),
            Err(UnknownReviewState("aproved".into()))
        );
        assert_eq!(
            ReviewState::try_from(""),
            Err(UnknownReviewState(String::new()))
        );
        assert!("Approved".parse::<ReviewState>().is_err());
        assert_eq!(
            ReviewState::from_column(Some("pending")),
            Err(UnknownReviewState("pending".into())),
            "pending is stored as NULL"
        );
    }
}
