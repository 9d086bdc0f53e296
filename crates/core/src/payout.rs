//! A worker's payout request and where it stands: requested until an operator
//! records it paid (the money left the platform) or failed (it is the worker's again).

use std::fmt;

/// Where a payout stands. Stored by [`PayoutState::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayoutState {
    /// Waiting for an operator to send it; the money is pending.
    Requested,
    /// Sent: the money has left the platform.
    Paid,
    /// Not sent: the money is available to the worker again.
    Failed,
}

/// A payout state Handprint does not know (a stored value, or a state asked for).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payout state \"{0}\" (known: requested, paid, failed)")]
pub struct UnknownPayoutState(pub String);

impl PayoutState {
    pub const ALL: [PayoutState; 3] = [
        PayoutState::Requested,
        PayoutState::Paid,
        PayoutState::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PayoutState::Requested => "requested",
            PayoutState::Paid => "paid",
            PayoutState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Result<PayoutState, UnknownPayoutState> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| UnknownPayoutState(text.to_string()))
    }
}

impl TryFrom<String> for PayoutState {
    type Error = UnknownPayoutState;
    fn try_from(text: String) -> Result<PayoutState, UnknownPayoutState> {
        PayoutState::parse(&text)
    }
}

impl fmt::Display for PayoutState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payout_states_are_stored_by_name_and_an_unknown_name_is_an_error() {
        for state in PayoutState::ALL {
            assert_eq!(PayoutState::parse(state.as_str()), Ok(state));
        }
        assert_eq!(PayoutState::parse("paid"), Ok(PayoutState::Paid));
        assert_eq!(
            PayoutState::try_from("sent".to_string()),
            Err(UnknownPayoutState("sent".into()))
        );
    }
}
