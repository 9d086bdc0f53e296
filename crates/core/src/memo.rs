//! Ledger memos as people read them. The store writes each transfer's memo as English
//! text, and the statement CSV and the API give that text as it is. Pages read the
//! memo back into a coded message (`memo-…`) with its values, so that a French page
//! shows it in French; rows written before this, and memos this module does not know
//! (a bonus's own message), are shown as stored.

use crate::Msg;

/// The memo `text` as a coded message when it is one the store writes; None for
/// others (shown as stored).
pub fn read(text: &str) -> Option<Msg> {
    let msg = |code, args| Some(Msg::stored(code, args, text));
    if let Some(rest) = text.strip_prefix("escrow for top-ups to the pay floor: ") {
        return msg("memo-floor-escrow", floor_args(rest)?);
    }
    if let Some(rest) = text.strip_prefix("top-up to the pay floor: ") {
        return msg("memo-floor-topup", floor_args(rest)?);
    }
    if let Some(rest) = text.strip_prefix("escrow for one more answer of \"") {
        let (title, why) = rest.strip_suffix(')')?.rsplit_once("\" (")?;
        let why = match why {
            "an answer beyond the funded slots" => "beyond-funded",
            _ => return None,
        };
        return msg(
            "memo-escrow-one-more",
            vec![("title", title.into()), ("why", why.into())],
        );
    }
    if let Some(test) = test_memo(text) {
        return Some(test);
    }
    if let Some(rest) = text.strip_prefix("escrow for ") {
        if let Some(rest) = rest.strip_suffix("\" with fees and top-up reserve") {
            let (count, title) = rest.split_once(" answers of \"")?;
            return msg("memo-escrow-answers", count_title(count, title)?);
        }
        let rest = rest.strip_suffix('"')?;
        let (count, title) = rest.split_once(" new items of \"")?;
        return msg("memo-escrow-items", count_title(count, title)?);
    }
    if let Some(rest) = text.strip_prefix("escrow \"") {
        let title = rest.strip_suffix("\" no longer needs")?;
        return msg("memo-release", vec![("title", title.into())]);
    }
    if let Some(reference) = text.strip_prefix("deposit, reference ") {
        return msg("memo-deposit", vec![("reference", reference.into())]);
    }
    if let Some(destination) = text.strip_prefix("payout requested to ") {
        return msg(
            "memo-payout-requested",
            vec![("destination", destination.into())],
        );
    }
    if let Some(rest) = text.strip_prefix("paid to ") {
        let (destination, reference) = rest.rsplit_once(", reference ")?;
        return msg(
            "memo-payout-paid",
            vec![
                ("destination", destination.into()),
                ("reference", reference.into()),
            ],
        );
    }
    if let Some(rest) = text.strip_prefix("payout failed (") {
        let why = rest.strip_suffix("); the money is available again")?;
        return msg("memo-payout-failed", vec![("note", why.into())]);
    }
    if let Some(rest) = text.strip_prefix("reward for an answer in \"") {
        let title = rest.strip_suffix("\" (rejection overturned)")?;
        return msg("memo-reward-overturned", vec![("title", title.into())]);
    }
    if let Some(rest) = text.strip_prefix("reward for an approved answer in \"") {
        let title = rest.strip_suffix('"')?;
        return msg("memo-reward", vec![("title", title.into())]);
    }
    if let Some(rest) = text.strip_prefix("a final rejection in \"") {
        let title = rest.strip_suffix("\": the answer's reward and fee return")?;
        return msg("memo-rejection-settled", vec![("title", title.into())]);
    }
    None
}

/// A test qualification's memos: its escrow, an answer's reward, the release on closing.
fn test_memo(text: &str) -> Option<Msg> {
    let msg = |code, args| Some(Msg::stored(code, args, text));
    if let Some(rest) = text.strip_prefix("escrow for the test \"") {
        let (title, rest) = rest.rsplit_once("\" (items: ")?;
        let (items, takers) = rest.strip_suffix(')')?.split_once(", takers: ")?;
        items.parse::<u64>().ok()?;
        takers.parse::<u64>().ok()?;
        return msg(
            "memo-test-escrow",
            vec![
                ("title", title.into()),
                ("items", items.into()),
                ("takers", takers.into()),
            ],
        );
    }
    if let Some(rest) = text.strip_prefix("escrow of the closed test \"") {
        let title = rest.strip_suffix("\" no longer needs")?;
        return msg("memo-test-release", vec![("title", title.into())]);
    }
    if let Some(rest) = text.strip_prefix("reward for a test answer in \"") {
        let title = rest.strip_suffix('"')?;
        return msg("memo-test-reward", vec![("title", title.into())]);
    }
    None
}

fn count_title(count: &str, title: &str) -> Option<Vec<(&'static str, String)>> {
    count.parse::<u64>().ok()?;
    Some(vec![("count", count.into()), ("title", title.into())])
}

/// "approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour,
/// under the floor of 6.00" (the pay-floor job's reason) as its values.
fn floor_args(why: &str) -> Option<Vec<(&'static str, String)>> {
    let rest = why.strip_prefix("approved answers took a median of ")?;
    let (seconds, rest) = rest.split_once(" s, so a reward of ")?;
    let (reward, rest) = rest.split_once(" pays ")?;
    let (rate, floor) = rest.split_once(" per hour, under the floor of ")?;
    seconds.parse::<u64>().ok()?;
    Some(vec![
        ("seconds", seconds.into()),
        ("reward", reward.into()),
        ("rate", rate.into()),
        ("floor", floor.into()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_and_args(text: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        let m = read(text)?;
        assert_eq!(m.text, text, "the English text is kept as stored");
        Some((m.code?, m.args))
    }

    fn args(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn every_memo_the_store_writes_reads_back_as_a_code_with_its_values() {
        let floor = "approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour, under the floor of 6.00";
        let floor_values = args(&[
            ("seconds", "120"),
            ("reward", "0.10"),
            ("rate", "3.00"),
            ("floor", "6.00"),
        ]);
        let cases = [
            (
                "escrow for 3 answers of \"Cats \"and\" dogs\" with fees and top-up reserve"
                    .to_string(),
                "memo-escrow-answers",
                args(&[("count", "3"), ("title", "Cats \"and\" dogs")]),
            ),
            (
                "escrow \"Cats\" no longer needs".into(),
                "memo-release",
                args(&[("title", "Cats")]),
            ),
            (
                "escrow for 1 new items of \"Cats\"".into(),
                "memo-escrow-items",
                args(&[("count", "1"), ("title", "Cats")]),
            ),
            (
                "escrow for one more answer of \"Cats (v2)\" (an answer beyond the funded slots)"
                    .into(),
                "memo-escrow-one-more",
                args(&[("title", "Cats (v2)"), ("why", "beyond-funded")]),
            ),
            (
                "deposit, reference TX 42".into(),
                "memo-deposit",
                args(&[("reference", "TX 42")]),
            ),
            (
                format!("escrow for top-ups to the pay floor: {floor}"),
                "memo-floor-escrow",
                floor_values.clone(),
            ),
            (
                format!("top-up to the pay floor: {floor}"),
                "memo-floor-topup",
                floor_values,
            ),
            (
                "payout requested to M-Pesa +254 700".into(),
                "memo-payout-requested",
                args(&[("destination", "M-Pesa +254 700")]),
            ),
            (
                "paid to IBAN FR76, reference ours, reference B-7".into(),
                "memo-payout-paid",
                args(&[
                    ("destination", "IBAN FR76, reference ours"),
                    ("reference", "B-7"),
                ]),
            ),
            (
                "payout failed (account closed); the money is available again".into(),
                "memo-payout-failed",
                args(&[("note", "account closed")]),
            ),
            (
                "reward for an answer in \"Cats\" (rejection overturned)".into(),
                "memo-reward-overturned",
                args(&[("title", "Cats")]),
            ),
            (
                "reward for an approved answer in \"Cats\"".into(),
                "memo-reward",
                args(&[("title", "Cats")]),
            ),
            (
                "escrow for the test \"Cats (hard)\" (items: 4, takers: 2)".into(),
                "memo-test-escrow",
                args(&[("title", "Cats (hard)"), ("items", "4"), ("takers", "2")]),
            ),
            (
                "escrow of the closed test \"Cats\" no longer needs".into(),
                "memo-test-release",
                args(&[("title", "Cats")]),
            ),
            (
                "reward for a test answer in \"Cats\"".into(),
                "memo-test-reward",
                args(&[("title", "Cats")]),
            ),
            (
                "a final rejection in \"Cats\": the answer's reward and fee return".into(),
                "memo-rejection-settled",
                args(&[("title", "Cats")]),
            ),
        ];
        assert_eq!(cases.len(), 16);
        for (text, code, values) in cases {
            assert_eq!(code_and_args(&text), Some((code, values)), "{text}");
        }
    }

    #[test]
    fn a_memo_it_does_not_know_is_shown_as_stored() {
        for text in [
            "Thanks for the careful boxes!",
            "",
            "escrow for many answers of \"Cats\" with fees and top-up reserve",
            "escrow for one more answer of \"Cats\" (a reason added later)",
            "top-up to the pay floor: some other reason",
        ] {
            assert_eq!(code_and_args(text), None, "{text}");
        }
    }
}
