//! Pairwise comparisons aggregated with Bradley–Terry (`bt`): every answer "left beat
//! right" (ties left out) fitted once over the whole project, so an option's score
//! comes from every item it appears in. An option is known by its text (or media
//! address): the same text in two items is the same option. Pure, like the rest of
//! the aggregation.

use super::AnswerRecord;
use super::aggregate::LabelRecord;
use crate::AppError;
use handprint_aggregate::pairwise::{BradleyTerry, Comparisons};
use handprint_core::Msg;
use handprint_core::template::{Pairwise, Preference};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One option of a pairwise project, ranked.
#[derive(Serialize, Debug, Clone, PartialEq, utoipa::ToSchema)]
pub struct RankedOption {
    /// 1 for the best; options with equal scores share a rank.
    pub rank: usize,
    /// The option as the items give it: its text, or its media's address.
    pub option: String,
    /// Its Bradley–Terry strength; the scores of all options sum to 1, and the chance
    /// that A is preferred to B is score(A) / (score(A) + score(B)).
    pub score: f64,
    /// How many answers preferred it, preferred the other option, or called a tie.
    pub wins: usize,
    pub losses: usize,
    pub ties: usize,
}

/// Bradley–Terry over the answers: the ranking, and every item's label.
pub struct Fitted {
    pub ranking: Vec<RankedOption>,
    pub labels: Vec<LabelRecord>,
}

/// Counts of one option.
#[derive(Default)]
struct Tally {
    wins: usize,
    losses: usize,
    ties: usize,
}

/// Fits Bradley–Terry over `records` (a pairwise project's answers). Each item's label
/// is the side whose option scores higher (`"tie"` when both score the same), its
/// confidence the model's chance that this side is preferred.
pub fn fit(template: &Pairwise, records: &[AnswerRecord]) -> Result<Fitted, AppError> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    // Each item's ids, options and answer count, in the order of its first answer.
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in records {
        let i = *index.entry(r.task_id.as_str()).or_insert_with(|| {
            let options = template
                .option(&r.item, Preference::Left)
                .zip(template.option(&r.item, Preference::Right));
            items.push(Item {
                task_id: r.task_id.clone(),
                external_id: r.external_id.clone(),
                options,
                answers: 0,
            });
            items.len() - 1
        });
        items[i].answers += 1;
        let (Some((left, right)), Some(preference)) =
            (&items[i].options, Preference::of_answer(&r.answer))
        else {
            continue;
        };
        // An item comparing an option with itself says nothing about the ranking.
        if left == right {
            continue;
        }
        let (winner, loser) = match preference {
            Preference::Left => (left, right),
            Preference::Right => (right, left),
            Preference::Tie => {
                tallies.entry(left.clone()).or_default().ties += 1;
                tallies.entry(right.clone()).or_default().ties += 1;
                continue;
            }
        };
        tallies.entry(winner.clone()).or_default().wins += 1;
        tallies.entry(loser.clone()).or_default().losses += 1;
        rows.push((left.clone(), right.clone(), winner.clone()));
    }
    let comparisons = Comparisons::from_rows(
        rows.iter()
            .map(|(l, r, w)| (l.as_str(), r.as_str(), w.as_str())),
    )
    .map_err(|e| {
        AppError::Conflict(Msg::coded(
            "err-labels-failed",
            vec![("method", "bt".to_string()), ("why", e.to_string())],
        ))
    })?;
    let fitted = BradleyTerry::default().fit(&comparisons);
    let scores: HashMap<&str, f64> = comparisons
        .items()
        .iter()
        .map(String::as_str)
        .zip(fitted.iter().copied())
        .collect();
    let score = |option: &str| scores.get(option).copied().unwrap_or(0.0);
    let ranking = rank(tallies, score);
    let labels = items
        .into_iter()
        .map(|item| {
            let (label, confidence) = match item.options {
                Some((left, right)) => side(score(&left), score(&right)),
                None => (serde_json::Value::Null, None),
            };
            LabelRecord {
                task_id: item.task_id,
                external_id: item.external_id,
                label,
                confidence,
                answers: item.answers,
            }
        })
        .collect();
    Ok(Fitted { ranking, labels })
}

/// An item as the answers name it: its ids, its two options (None when it lacks one)
/// and how many answers it has.
struct Item {
    task_id: String,
    external_id: Option<String>,
    options: Option<(String, String)>,
    answers: usize,
}

/// The options with their tallies, best score first; equal scores share a rank.
fn rank(tallies: BTreeMap<String, Tally>, score: impl Fn(&str) -> f64) -> Vec<RankedOption> {
    let mut ranking: Vec<RankedOption> = tallies
        .into_iter()
        .map(|(option, t)| RankedOption {
            rank: 0,
            score: score(&option),
            option,
            wins: t.wins,
            losses: t.losses,
            ties: t.ties,
        })
        .collect();
    ranking.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.option.cmp(&b.option)));
    for i in 0..ranking.len() {
        let rank = match i.checked_sub(1).map(|p| &ranking[p]) {
            Some(previous) if previous.score == ranking[i].score => previous.rank,
            _ => i + 1,
        };
        ranking[i].rank = rank;
    }
    ranking
}

/// The better side by score, and the model's chance that it is preferred.
fn side(left: f64, right: f64) -> (serde_json::Value, Option<f64>) {
    let total = left + right;
    let label = if left > right {
        Preference::Left
    } else if right > left {
        Preference::Right
    } else {
        Preference::Tie
    };
    let confidence = (total > 0.0).then(|| left.max(right) / total);
    (label.as_str().into(), confidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(task: &str, left: &str, right: &str, side: &str) -> AnswerRecord {
        AnswerRecord {
            assignment_id: format!("{task}-{side}"),
            task_id: task.into(),
            external_id: None,
            worker: "w".into(),
            answer: json!(side),
            seconds: 1.0,
            leased_at: String::new(),
            submitted_at: String::new(),
            review: Default::default(),
            item: json!({"left": left, "right": right}),
        }
    }

    fn pairwise() -> Pairwise {
        match handprint_core::template::Template::parse(
            &json!({"kind": "pairwise", "allow_tie": true}),
        ) {
            Ok(handprint_core::template::Template::Pairwise(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_chain_of_preferences_ranks_the_options_in_order() {
        // A beats B twice and B beats C twice, B beats A once: A > B > C.
        let records = vec![
            answer("t1", "A", "B", "left"),
            answer("t1", "A", "B", "left"),
            answer("t1", "A", "B", "right"),
            answer("t2", "C", "B", "right"),
            answer("t2", "C", "B", "right"),
            answer("t2", "C", "B", "tie"),
        ];
        let fitted = fit(&pairwise(), &records).expect("fitted");
        let order: Vec<(&str, usize, usize, usize, usize)> = fitted
            .ranking
            .iter()
            .map(|r| (r.option.as_str(), r.rank, r.wins, r.losses, r.ties))
            .collect();
        assert_eq!(
            order,
            [("A", 1, 2, 1, 0), ("B", 2, 3, 2, 1), ("C", 3, 0, 2, 1)]
        );
        let total: f64 = fitted.ranking.iter().map(|r| r.score).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        // C never wins: Bradley–Terry gives it nothing.
        assert_eq!(fitted.ranking[2].score, 0.0);
        assert_eq!(fitted.labels[0].label, json!("left"));
        assert_eq!(fitted.labels[0].answers, 3);
        assert_eq!(fitted.labels[1].label, json!("right"));
        assert_eq!(fitted.labels[1].confidence, Some(1.0));
    }

    #[test]
    fn only_ties_leave_an_item_unranked_and_a_self_comparison_counts_for_nothing() {
        let records = vec![
            answer("t1", "A", "B", "tie"),
            answer("t2", "C", "C", "left"),
        ];
        let fitted = fit(&pairwise(), &records).expect("fitted");
        assert_eq!(fitted.labels[0].label, json!("tie"));
        assert_eq!(fitted.labels[0].confidence, None);
        assert_eq!(fitted.labels[1].answers, 1);
        let ranked: Vec<(&str, usize, usize)> = fitted
            .ranking
            .iter()
            .map(|r| (r.option.as_str(), r.rank, r.ties))
            .collect();
        assert_eq!(ranked, [("A", 1, 1), ("B", 1, 1)]);
    }
}
