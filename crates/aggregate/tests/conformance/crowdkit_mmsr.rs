//! M-MSR against Crowd-Kit 1.4.2's fixtures (toy and simple crowds).

use handprint_aggregate::{CategoricalAggregator, Mmsr};

use crate::common::*;

#[test]
fn mmsr_matches_crowdkit_labels_scores_skills_and_loss_history() {
    let r = shared_reference();
    for set in ["toy", "simple"] {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["MMSR"];
        let res = Mmsr::default().fit(&data).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
        assert_probas(&data, &res, &exp["scores_"], TOL, set);
        assert_loss_history(&res.loss_history, &exp["loss_history_"], TOL, set);
    }
}

#[test]
fn mmsr_gives_an_adversarial_worker_a_negative_skill() {
    // The toy crowd's w1 disagrees with the others: Crowd-Kit gives it −0.95.
    let r = shared_reference();
    let data = dataset(&r["toy"]["input"]);
    let res = Mmsr::default().fit(&data).unwrap();
    let w1 = data.worker_id("w1").unwrap() as usize;
    assert!(res.skills.unwrap()[w1] < 0.0);
}
