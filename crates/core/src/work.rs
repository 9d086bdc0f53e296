//! An assignment's life: a task leased to one worker, then answered, given back or
//! let run out.

/// Where an assignment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssignmentState {
    /// Held by its worker until the lease ends.
    Leased,
    /// Answered.
    Submitted,
    /// Given back by its worker.
    Returned,
    /// The lease ran out unanswered (an answer is still taken within the grace period).
    Expired,
}

impl AssignmentState {
    pub const ALL: [AssignmentState; 4] = [
        AssignmentState::Leased,
        AssignmentState::Submitted,
        AssignmentState::Returned,
        AssignmentState::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentState::Leased => "leased",
            AssignmentState::Submitted => "submitted",
            AssignmentState::Returned => "returned",
            AssignmentState::Expired => "expired",
        }
    }
}

/// A stored assignment state Handprint does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown assignment state \"{0}\" (known: leased, submitted, returned, expired)")]
pub struct UnknownAssignmentState(pub String);

impl TryFrom<String> for AssignmentState {
    type Error = UnknownAssignmentState;
    fn try_from(text: String) -> Result<AssignmentState, UnknownAssignmentState> {
        AssignmentState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or(UnknownAssignmentState(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_and_an_unknown_one_is_an_error() {
        for s in AssignmentState::ALL {
            assert_eq!(AssignmentState::try_from(s.as_str().to_string()), Ok(s));
        }
        assert_eq!(
            AssignmentState::try_from("leasd".to_string()),
            Err(UnknownAssignmentState("leasd".into()))
        );
    }
}
