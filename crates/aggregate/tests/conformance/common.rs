//! Loading the reference JSON and comparing our results with it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use handprint_aggregate::{CategoricalResult, Dataset};
use serde_json::Value;

/// Absolute tolerance for probabilities and skills of deterministic methods.
pub const TOL: f64 = 1e-6;

pub fn shared_reference() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance/crowdkit-1.4.2.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("reference JSON parses")
}

pub fn extra_reference(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("reference JSON parses")
}

/// Python's `str()` of a JSON scalar as the reference script wrote it (bools are `True`/`False`).
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

/// A dataset from the reference's `input` rows, `[task, worker, label]`.
pub fn dataset(input: &Value) -> Dataset {
    let rows: Vec<(String, String, String)> = input
        .as_array()
        .expect("input is an array")
        .iter()
        .map(|r| (py_str(&r[1]), py_str(&r[0]), py_str(&r[2])))
        .collect();
    Dataset::from_triples(
        rows.iter()
            .map(|(w, t, l)| (w.as_str(), t.as_str(), l.as_str())),
    )
}

pub fn str_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), py_str(v)))
        .collect()
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol || (a.is_nan() && b.is_nan())
}

/// Labels are identical to the reference's `labels_` (bool labels were written as 1/0).
pub fn assert_labels(data: &Dataset, res: &CategoricalResult, expected: &Value, what: &str) {
    let exp = expected.as_object().expect("labels_ object");
    assert_eq!(exp.len(), data.n_tasks(), "{what}: task count");
    for (t, name) in data.task_names().iter().enumerate() {
        let want = match &exp[name] {
            Value::Number(n) if n.as_i64() == Some(1) => "True".to_string(),
            Value::Number(n) if n.as_i64() == Some(0) => "False".to_string(),
            other => py_str(other),
        };
        let got = &data.label_names()[res.labels[t] as usize];
        assert_eq!(got, &want, "{what}: label of task {name}");
    }
}

/// Probabilities match the reference's `probas_` (task → label → p) within `tol`.
pub fn assert_probas(
    data: &Dataset,
    res: &CategoricalResult,
    expected: &Value,
    tol: f64,
    what: &str,
) {
    for (t, name) in data.task_names().iter().enumerate() {
        let row = expected[name]
            .as_object()
            .unwrap_or_else(|| panic!("{what}: no probas for {name}"));
        for (label, p) in row {
            let l = data
                .label_id(label)
                .unwrap_or_else(|| panic!("{what}: unknown label {label}"));
            let got = res.task_probas(t)[l as usize];
            let want = p.as_f64().expect("number");
            assert!(
                close(got, want, tol),
                "{what}: P({label} | {name}) = {got}, Crowd-Kit {want}"
            );
        }
    }
}

/// Per-worker values (skills, alphas) match within `tol`.
pub fn assert_per_worker(data: &Dataset, got: &[f64], expected: &Value, tol: f64, what: &str) {
    let exp = expected.as_object().expect("object");
    assert_eq!(exp.len(), data.n_workers(), "{what}: worker count");
    for (w, name) in data.worker_names().iter().enumerate() {
        let want = exp[name].as_f64().expect("number");
        assert!(
            close(got[w], want, tol),
            "{what}: worker {name}: {} vs Crowd-Kit {want}",
            got[w]
        );
    }
}

/// Per-task values (GLAD betas).
pub fn assert_per_task(data: &Dataset, got: &[f64], expected: &Value, tol: f64, what: &str) {
    let exp = expected.as_object().expect("object");
    for (t, name) in data.task_names().iter().enumerate() {
        let want = exp[name].as_f64().expect("number");
        assert!(
            close(got[t], want, tol),
            "{what}: task {name}: {} vs Crowd-Kit {want}",
            got[t]
        );
    }
}

/// Priors (label → p).
pub fn assert_priors(data: &Dataset, got: &[f64], expected: &Value, tol: f64, what: &str) {
    for (label, p) in expected.as_object().expect("object") {
        let l = data
            .label_id(label)
            .unwrap_or_else(|| panic!("{what}: unknown label {label}"));
        let want = p.as_f64().expect("number");
        assert!(
            close(got[l as usize], want, tol),
            "{what}: prior of {label}: {} vs {want}",
            got[l as usize]
        );
    }
}

/// Confusion rows (`"worker|observed"` → true → p) match.
pub fn assert_errors(
    data: &Dataset,
    res: &CategoricalResult,
    expected: &Value,
    tol: f64,
    what: &str,
) {
    for (key, row) in expected.as_object().expect("object") {
        let (worker, observed) = key.rsplit_once('|').expect("worker|label key");
        let w = data.worker_id(worker).expect("worker") as usize;
        let y = data.label_id(observed).expect("label") as usize;
        for (truth, p) in row.as_object().expect("row") {
            let c = data.label_id(truth).expect("label") as usize;
            let got = res
                .confusion_entry(w, y, c)
                .expect("has a confusion matrix");
            let want = p.as_f64().expect("number");
            assert!(
                close(got, want, tol),
                "{what}: e[{key}][{truth}] = {got}, Crowd-Kit {want}"
            );
        }
    }
}

pub fn assert_loss_history(got: &[f64], expected: &Value, tol: f64, what: &str) {
    let exp: Vec<f64> = expected
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    assert_eq!(
        got.len(),
        exp.len(),
        "{what}: iterations {got:?} vs {exp:?}"
    );
    for (g, e) in got.iter().zip(&exp) {
        assert!(close(*g, *e, tol), "{what}: loss {g} vs {e}");
    }
}
