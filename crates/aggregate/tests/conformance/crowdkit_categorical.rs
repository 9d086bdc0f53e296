//! Crowd-Kit 1.4.2 conformance of the categorical methods on its own fixtures.

use handprint_aggregate::{
    CategoricalAggregator, DawidSkene, GoldMajorityVote, MajorityVote, OneCoinDawidSkene, Wawa,
    ZeroBasedSkill,
};
use serde_json::Value;

use crate::common::*;

const SETS: [&str; 2] = ["toy", "simple"];

fn gold_pairs(v: &Value) -> Vec<(String, String)> {
    str_map(v).into_iter().collect()
}

#[test]
fn majority_vote_matches_crowdkit_labels_probabilities_and_skills() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["MajorityVote"];
        let res = MajorityVote::default().fit(&data).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_probas(&data, &res, &exp["probas_"], TOL, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
    }
}

#[test]
fn a_two_two_tie_goes_to_the_smallest_label() {
    let r = shared_reference();
    let data = dataset(&r["toy"]["input"]);
    let res = MajorityVote::default().fit(&data).unwrap();
    let t1 = data.task_names().iter().position(|t| t == "t1").unwrap();
    assert_eq!(res.task_probas(t1), &[0.5, 0.5]);
    assert_eq!(data.label_names()[res.labels[t1] as usize], "no");
}

#[test]
fn wawa_matches_crowdkit() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["Wawa"];
        let res = Wawa.fit(&data).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_probas(&data, &res, &exp["probas_"], TOL, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
    }
}

#[test]
fn zero_based_skill_matches_crowdkit() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["ZeroBasedSkill"];
        let res = ZeroBasedSkill::default().fit(&data).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_probas(&data, &res, &exp["probas_"], TOL, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
    }
}

#[test]
fn gold_majority_vote_matches_crowdkit() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let gold = gold_pairs(&r[set]["gold"]);
        let gold = data
            .gold(gold.iter().map(|(t, l)| (t.as_str(), l.as_str())))
            .unwrap();
        let exp = &r[set]["GoldMajorityVote"];
        let res = GoldMajorityVote::default().fit(&data, &gold).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_probas(&data, &res, &exp["probas_"], TOL, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
    }
}

#[test]
fn gold_majority_vote_refuses_a_worker_without_control_answers_by_default() {
    let data = handprint_aggregate::Dataset::from_triples([
        ("w1", "t1", "a"),
        ("w2", "t2", "b"),
        ("w1", "t2", "b"),
    ]);
    let gold = data.gold([("t1", "a")]).unwrap();
    let err = GoldMajorityVote::default().fit(&data, &gold).unwrap_err();
    assert!(err.to_string().contains("w2"), "{err}");
}

fn check_ds(
    exp: &Value,
    data: &handprint_aggregate::Dataset,
    res: &handprint_aggregate::CategoricalResult,
    what: &str,
) {
    assert_labels(data, res, &exp["labels_"], what);
    assert_probas(data, res, &exp["probas_"], TOL, what);
    assert_priors(
        data,
        res.priors.as_ref().unwrap(),
        &exp["priors_"],
        TOL,
        what,
    );
    assert_errors(data, res, &exp["errors_"], TOL, what);
    assert_loss_history(&res.loss_history, &exp["loss_history_"], TOL, what);
}

#[test]
fn dawid_skene_matches_crowdkit_including_errors_priors_and_loss_history() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        check_ds(
            &r[set]["DawidSkene"],
            &data,
            &DawidSkene::default().fit(&data).unwrap(),
            set,
        );
        let fixed = DawidSkene {
            n_iter: 10,
            tol: 0.0,
        };
        check_ds(
            &r[set]["DawidSkene_n_iter10_tol0"],
            &data,
            &fixed.fit(&data).unwrap(),
            set,
        );
    }
}

#[test]
fn dawid_skene_pins_control_tasks_to_their_known_labels() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let gold = gold_pairs(&r[set]["gold"]);
        let gold = data
            .gold(gold.iter().map(|(t, l)| (t.as_str(), l.as_str())))
            .unwrap();
        let res = DawidSkene::default().fit_with_gold(&data, &gold).unwrap();
        check_ds(&r[set]["DawidSkene_with_gold"], &data, &res, set);
    }
}

#[test]
fn dawid_skene_step_by_step_matches_after_zero_one_two_and_many_iterations() {
    let r = shared_reference();
    let s = &r["ds_step_by_step"];
    let data = dataset(&s["input"]);
    for n in [0usize, 1, 2, 100] {
        let res = DawidSkene {
            n_iter: n,
            ..DawidSkene::default()
        }
        .fit(&data)
        .unwrap();
        let exp = &s[format!("DawidSkene_n_iter{n}")];
        let what = format!("n_iter={n}");
        check_ds(exp, &data, &res, &what);
    }
}

#[test]
fn dawid_skene_handles_boolean_labels() {
    let r = shared_reference();
    let s = &r["bool_labels"];
    let data = dataset(&s["input"]);
    let res = DawidSkene {
        n_iter: 20,
        ..DawidSkene::default()
    }
    .fit(&data)
    .unwrap();
    check_ds(&s["DawidSkene_n_iter20"], &data, &res, "bool");
}

#[test]
fn one_coin_dawid_skene_matches_crowdkit() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["OneCoinDawidSkene"];
        let res = OneCoinDawidSkene::default().fit(&data).unwrap();
        check_ds(exp, &data, &res, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["skills_"],
            TOL,
            set,
        );
    }
}

#[test]
fn glad_matches_crowdkit_labels_probabilities_alphas_and_betas() {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set]["GLAD"];
        let res = handprint_aggregate::Glad::default().fit(&data).unwrap();
        assert_labels(&data, &res, &exp["labels_"], set);
        assert_probas(&data, &res, &exp["probas_"], TOL, set);
        assert_per_worker(
            &data,
            res.skills.as_ref().unwrap(),
            &exp["alphas_"],
            TOL,
            set,
        );
        assert_per_task(
            &data,
            res.task_difficulty.as_ref().unwrap(),
            &exp["betas_"],
            TOL,
            set,
        );
        assert_priors(
            &data,
            res.priors.as_ref().unwrap(),
            &exp["priors_"],
            TOL,
            set,
        );
        assert_loss_history(&res.loss_history, &exp["loss_history_"], TOL, set);
    }
}

fn check_mace(method: handprint_aggregate::MaceMethod, key: &str) {
    let r = shared_reference();
    for set in SETS {
        let data = dataset(&r[set]["input"]);
        let exp = &r[set][key];
        let mace = handprint_aggregate::Mace {
            method,
            crowdkit_strategy_order: true,
            ..Default::default()
        };
        let res = mace.fit(&data).unwrap();
        let what = format!("{set} {key}");
        assert_labels(&data, &res, &exp["labels_"], &what);
        assert_probas(&data, &res, &exp["probas_"], TOL, &what);
        // spamming_ rows follow first appearance = our worker ids; column 1 is "knows".
        let spamming = exp["spamming_"].as_array().unwrap();
        for (w, row) in spamming.iter().enumerate() {
            let know = row[1].as_f64().unwrap();
            let got = res.skills.as_ref().unwrap()[w];
            assert!(
                close(got, know, TOL),
                "{what}: worker {w} knows {got} vs {know}"
            );
        }
        // thetas_ rows follow sorted worker names, columns sorted labels.
        let mut sorted: Vec<usize> = (0..data.n_workers()).collect();
        sorted.sort_by(|&a, &b| data.worker_names()[a].cmp(&data.worker_names()[b]));
        let k = data.n_labels();
        let thetas = exp["thetas_"].as_array().unwrap();
        for (i, row) in thetas.iter().enumerate() {
            for (l, v) in row.as_array().unwrap().iter().enumerate() {
                let got = res.strategies.as_ref().unwrap()[sorted[i] * k + l];
                assert!(
                    close(got, v.as_f64().unwrap(), TOL),
                    "{what}: theta[{i}][{l}] {got} vs {v}"
                );
            }
        }
    }
}

#[test]
fn mace_variational_matches_crowdkit_when_reading_strategies_in_its_order() {
    check_mace(handprint_aggregate::MaceMethod::Vb, "MACE");
}

#[test]
fn mace_em_matches_crowdkit_including_its_one_wrong_task() {
    check_mace(handprint_aggregate::MaceMethod::Em, "MACE_em");
}

#[test]
fn mace_with_each_workers_own_strategy_still_recovers_the_simple_ground_truth() {
    let r = shared_reference();
    let data = dataset(&r["simple"]["input"]);
    let res = handprint_aggregate::Mace::default().fit(&data).unwrap();
    let gt = str_map(&r["simple"]["ground_truth"]);
    for (task, label, _) in res.rows(&data) {
        assert_eq!(gt[task], label, "task {task}");
    }
}

#[test]
fn kos_matches_crowdkit_on_boolean_labels() {
    let r = shared_reference();
    let s = &r["bool_labels"];
    let data = dataset(&s["input"]);
    let res = handprint_aggregate::Kos::default().fit(&data).unwrap();
    assert_labels(&data, &res, &s["KOS"]["labels_"], "KOS");
}

#[test]
fn kos_refuses_more_than_two_labels() {
    let r = shared_reference();
    let data = dataset(&r["simple"]["input"]);
    let err = handprint_aggregate::Kos::default().fit(&data).unwrap_err();
    assert!(
        matches!(
            err,
            handprint_aggregate::AggregateError::NotBinary { found: 3, .. }
        ),
        "{err}"
    );
}
