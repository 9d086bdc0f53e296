//! Dawid–Skene with historical confusion counts (`initial_error`, assign and addition) against
//! Crowd-Kit 1.4.2 (vectors from `scripts/crowdkit/ds_initial_error_vectors.py`).

use handprint_aggregate::{DawidSkene, InitialError, InitialErrorStrategy};
use serde_json::Value;

use crate::common::*;

fn rows(v: &Value, only: Option<&Value>) -> Vec<(String, String, Vec<f64>)> {
    let keep: Option<Vec<&str>> = only.map(|o| {
        o.as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect()
    });
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let r = r.as_array().unwrap();
            (
                r[0].as_str().unwrap().to_owned(),
                r[1].as_str().unwrap().to_owned(),
                r[2..].iter().map(|x| x.as_f64().unwrap()).collect(),
            )
        })
        .filter(|(w, _, _)| keep.as_ref().is_none_or(|k| k.contains(&w.as_str())))
        .collect()
}

fn check(exp: &Value, data: &handprint_aggregate::Dataset, initial: &InitialError, what: &str) {
    let res = DawidSkene::default()
        .fit_with_initial_error(data, None, initial)
        .unwrap();
    assert_labels(data, &res, &exp["labels_"], what);
    assert_probas(data, &res, &exp["probas_"], TOL, what);
    assert_priors(
        data,
        res.priors.as_ref().unwrap(),
        &exp["priors_"],
        TOL,
        what,
    );
    assert_errors(data, &res, &exp["errors_"], TOL, what);
    assert_loss_history(&res.loss_history, &exp["loss_history_"], TOL, what);
}

#[test]
fn dawid_skene_with_initial_error_matches_crowdkit_for_assign_and_addition() {
    let r = extra_reference("crowdkit-ds-initial-error.json");
    let data = dataset(&r["input"]);
    let names: Vec<&str> = r["labels_sorted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(data.label_names(), names.as_slice());
    let addition = InitialError {
        strategy: InitialErrorStrategy::Addition,
        rows: rows(&r["counts"], Some(&r["addition_workers"])),
    };
    check(&r["addition"], &data, &addition, "addition");
    let assign = InitialError {
        strategy: InitialErrorStrategy::Assign,
        rows: rows(&r["counts"], None),
    };
    check(&r["assign_counts"], &data, &assign, "assign counts");
    let probabilities = InitialError {
        strategy: InitialErrorStrategy::Assign,
        rows: rows(&r["probabilities"], None),
    };
    check(
        &r["assign_probabilities"],
        &data,
        &probabilities,
        "assign probabilities",
    );
}

#[test]
fn assign_refuses_missing_workers_and_probabilities_that_do_not_sum_to_one() {
    let r = extra_reference("crowdkit-ds-initial-error.json");
    let data = dataset(&r["input"]);
    let partial = InitialError {
        strategy: InitialErrorStrategy::Assign,
        rows: rows(&r["counts"], Some(&r["addition_workers"])),
    };
    let err = DawidSkene::default()
        .fit_with_initial_error(&data, None, &partial)
        .unwrap_err();
    assert!(err.to_string().contains("10 workers lack one"), "{err}");
    let mut halved = rows(&r["probabilities"], None);
    halved
        .iter_mut()
        .for_each(|(_, _, v)| v.iter_mut().for_each(|x| *x *= 0.5));
    let err = DawidSkene::default()
        .fit_with_initial_error(
            &data,
            None,
            &InitialError {
                strategy: InitialErrorStrategy::Assign,
                rows: halved,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not 1"), "{err}");
}
