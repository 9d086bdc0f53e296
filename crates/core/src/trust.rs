//! Trust and safety decided by people (issue 16): what an operator may decide about a
//! worker's report, a suspension's appeal, and the checks of a requester verification.
//! Every act needs a written reason; nothing here is ever decided by a rule.

use crate::Msg;
use crate::review::parse_note;

/// At most this many checks in one verification, each at most [`MAX_CHECK_CHARS`].
pub const MAX_CHECKS: usize = 20;
pub const MAX_CHECK_CHARS: usize = 200;

/// What an operator decided about a worker's report of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    /// Nothing to act on; the report is closed.
    Dismissed,
    /// The project is taken down (see [`crate::trust`] and `app::trust::take_down`).
    TakenDown,
}

impl ReportOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportOutcome::Dismissed => "dismissed",
            ReportOutcome::TakenDown => "taken_down",
        }
    }
    /// The stored value or the API's word ("dismiss" and "take_down" are accepted too).
    pub fn parse(text: &str) -> Result<ReportOutcome, Msg> {
        match text.trim() {
            "dismissed" | "dismiss" => Ok(ReportOutcome::Dismissed),
            "taken_down" | "take_down" => Ok(ReportOutcome::TakenDown),
            other => Err(Msg::coded(
                "err-report-outcome",
                vec![("outcome", other.to_string())],
            )),
        }
    }
}

/// What the second operator decided about a suspension's appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealOutcome {
    /// The suspension ends.
    Lifted,
    /// The suspension stays; the appeal was the holder's one.
    Upheld,
}

impl AppealOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AppealOutcome::Lifted => "lifted",
            AppealOutcome::Upheld => "upheld",
        }
    }
    /// The stored value or the API's word ("lift" and "uphold" are accepted too).
    pub fn parse(text: &str) -> Result<AppealOutcome, Msg> {
        match text.trim() {
            "lifted" | "lift" => Ok(AppealOutcome::Lifted),
            "upheld" | "uphold" => Ok(AppealOutcome::Upheld),
            other => Err(Msg::coded(
                "err-appeal-outcome",
                vec![("outcome", other.to_string())],
            )),
        }
    }
}

/// An act in the trust log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustAction {
    Verify,
    RevokeVerification,
    DismissReport,
    TakeDown,
    Suspend,
    Appeal,
    LiftSuspension,
    UpholdSuspension,
}

impl TrustAction {
    pub const ALL: [TrustAction; 8] = [
        TrustAction::Verify,
        TrustAction::RevokeVerification,
        TrustAction::DismissReport,
        TrustAction::TakeDown,
        TrustAction::Suspend,
        TrustAction::Appeal,
        TrustAction::LiftSuspension,
        TrustAction::UpholdSuspension,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TrustAction::Verify => "verify",
            TrustAction::RevokeVerification => "revoke_verification",
            TrustAction::DismissReport => "dismiss_report",
            TrustAction::TakeDown => "take_down",
            TrustAction::Suspend => "suspend",
            TrustAction::Appeal => "appeal",
            TrustAction::LiftSuspension => "lift_suspension",
            TrustAction::UpholdSuspension => "uphold_suspension",
        }
    }
    pub fn parse(text: &str) -> Option<TrustAction> {
        TrustAction::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// A written reason for an operator's act (or a holder's appeal): not empty, bounded.
pub fn parse_reason(text: &str) -> Result<String, Msg> {
    parse_note(text).map_err(|m| {
        if m.code == Some("problem-note-empty") {
            Msg::coded("err-trust-reason-missing", Vec::new())
        } else {
            m
        }
    })
}

/// The checks of a verification: each trimmed, empty ones dropped; at least one, at
/// most [`MAX_CHECKS`], each at most [`MAX_CHECK_CHARS`] characters.
pub fn parse_checks(checks: &[String]) -> Result<Vec<String>, Msg> {
    let kept: Vec<String> = checks
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if kept.is_empty() {
        return Err(Msg::coded("err-verification-checks-missing", Vec::new()));
    }
    if kept.len() > MAX_CHECKS || kept.iter().any(|c| c.chars().count() > MAX_CHECK_CHARS) {
        return Err(Msg::coded(
            "err-verification-checks-long",
            vec![
                ("max", MAX_CHECKS.to_string()),
                ("chars", MAX_CHECK_CHARS.to_string()),
            ],
        ));
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_must_be_written() {
        assert_eq!(
            parse_reason("  ").expect_err("refused").code,
            Some("err-trust-reason-missing")
        );
        assert_eq!(parse_reason(" fraud ").expect("accepted"), "fraud");
    }

    #[test]
    fn checks_are_trimmed_and_at_least_one_is_needed() {
        let none = parse_checks(&[" ".into()]).expect_err("refused");
        assert_eq!(none.code, Some("err-verification-checks-missing"));
        let kept =
            parse_checks(&[" identity ".into(), "".into(), "registry".into()]).expect("accepted");
        assert_eq!(kept, vec!["identity".to_string(), "registry".to_string()]);
        let many: Vec<String> = (0..21).map(|i| format!("check {i}")).collect();
        assert_eq!(
            parse_checks(&many).expect_err("refused").code,
            Some("err-verification-checks-long")
        );
    }

    #[test]
    fn outcomes_read_both_words_and_refuse_others() {
        assert_eq!(
            ReportOutcome::parse("take_down"),
            Ok(ReportOutcome::TakenDown)
        );
        assert_eq!(
            ReportOutcome::parse("dismissed"),
            Ok(ReportOutcome::Dismissed)
        );
        assert_eq!(
            ReportOutcome::parse("ban").expect_err("refused").code,
            Some("err-report-outcome")
        );
        assert_eq!(AppealOutcome::parse("lift"), Ok(AppealOutcome::Lifted));
        assert_eq!(
            AppealOutcome::parse("x").expect_err("refused").code,
            Some("err-appeal-outcome")
        );
        for a in TrustAction::ALL {
            assert_eq!(TrustAction::parse(a.as_str()), Some(a));
        }
    }
}
