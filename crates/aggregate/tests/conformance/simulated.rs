//! Accuracy on simulated crowds with known confusion matrices: the model-based methods must beat
//! majority vote where theory says they should, and recover the workers' quality.

use handprint_aggregate::simulate::{CrowdSpec, SimulatedCrowd, WorkerKind, simulate};
use handprint_aggregate::{
    CategoricalAggregator, DawidSkene, Glad, Mace, MajorityVote, OneCoinDawidSkene, Wawa,
    ZeroBasedSkill,
};

fn crowd(
    workers: Vec<WorkerKind>,
    n_tasks: usize,
    k: usize,
    overlap: usize,
    seed: u64,
) -> SimulatedCrowd {
    simulate(&CrowdSpec {
        n_tasks,
        n_classes: k,
        class_weights: Vec::new(),
        workers,
        activity: Vec::new(),
        overlap,
        seed,
    })
}

/// 40% good, 30% spammers who always answer the first class, 10% adversaries, 20% noisy.
fn hostile_crowd(seed: u64) -> SimulatedCrowd {
    let k = 3;
    let workers = (0..50)
        .map(|i| match i % 10 {
            0..=3 => WorkerKind::Uniform { accuracy: 0.85 },
            4..=6 => WorkerKind::Spammer {
                distribution: vec![1.0, 0.0, 0.0],
            },
            7 => WorkerKind::Adversarial { flip: 0.9 },
            _ => WorkerKind::Uniform { accuracy: 0.55 },
        })
        .collect();
    crowd(workers, 3000, k, 7, seed)
}

fn accuracy(c: &SimulatedCrowd, m: &dyn CategoricalAggregator) -> f64 {
    let data = c.dataset();
    let res = m.fit(&data).expect("aggregates");
    c.accuracy_of(&data, &res.labels)
}

#[test]
fn dawid_skene_beats_majority_vote_when_spammers_and_adversaries_are_many() {
    let c = hostile_crowd(1);
    let mv = accuracy(&c, &MajorityVote::default());
    let ds = accuracy(&c, &DawidSkene::default());
    assert!(ds > mv + 0.05, "DS {ds} vs MV {mv}");
    assert!(ds > 0.95, "DS {ds}");
}

#[test]
fn glad_beats_majority_vote_when_worker_abilities_differ_widely() {
    let k = 4;
    let workers = (0..40)
        .map(|i| match i % 4 {
            0 => WorkerKind::Uniform { accuracy: 0.9 },
            1 => WorkerKind::Uniform { accuracy: 0.3 },
            _ => WorkerKind::Spammer {
                distribution: vec![1.0; k],
            },
        })
        .collect();
    let c = crowd(workers, 2000, k, 6, 2);
    let mv = accuracy(&c, &MajorityVote::default());
    let glad = accuracy(&c, &Glad::default());
    assert!(glad > mv + 0.05, "GLAD {glad} vs MV {mv}");
}

#[test]
fn with_only_equally_good_workers_the_models_agree_with_majority_vote() {
    let workers = vec![WorkerKind::Uniform { accuracy: 0.8 }; 20];
    let c = crowd(workers, 1000, 2, 5, 3);
    let mv = accuracy(&c, &MajorityVote::default());
    // P(majority of 5 right) for p = 0.8 is 0.942.
    assert!((mv - 0.942).abs() < 0.03, "MV {mv}");
    for (name, acc) in [
        ("DS", accuracy(&c, &DawidSkene::default())),
        ("GLAD", accuracy(&c, &Glad::default())),
    ] {
        assert!((acc - mv).abs() < 0.02, "{name} {acc} vs MV {mv}");
    }
}

#[test]
fn dawid_skene_recovers_each_workers_confusion_matrix() {
    let c = hostile_crowd(4);
    let data = c.dataset();
    let res = DawidSkene::default().fit(&data).unwrap();
    let k = data.n_labels();
    let mut worst: f64 = 0.0;
    for (w, name) in data.worker_names().iter().enumerate() {
        let idx: usize = name[1..].parse().unwrap();
        let truth = &c.confusion[idx];
        for t in 0..k {
            for o in 0..k {
                // Only rows of labels the worker gave exist in the estimate.
                let est = res.confusion_entry(w, o, t).unwrap();
                let gave = data
                    .answers()
                    .any(|(ww, _, l)| ww as usize == w && l as usize == o);
                if gave {
                    worst = worst.max((est - truth[t * k + o]).abs());
                }
            }
        }
    }
    assert!(worst < 0.12, "largest confusion error {worst}");
}

#[test]
fn dawid_skene_recovers_class_imbalance_in_its_priors() {
    let workers = vec![WorkerKind::Uniform { accuracy: 0.75 }; 30];
    let c = simulate(&CrowdSpec {
        n_tasks: 4000,
        n_classes: 3,
        class_weights: vec![0.7, 0.2, 0.1],
        workers,
        activity: Vec::new(),
        overlap: 5,
        seed: 5,
    });
    let res = DawidSkene::default().fit(&c.dataset()).unwrap();
    let p = res.priors.unwrap();
    for (got, want) in p.iter().zip([0.7, 0.2, 0.1]) {
        assert!((got - want).abs() < 0.03, "priors {p:?}");
    }
}

/// Errors spread evenly (GLAD's and MACE's model): good, random spammers, constant spammers,
/// mediocre.
fn symmetric_crowd(seed: u64) -> SimulatedCrowd {
    let workers = (0..50).map(symmetric_kind).collect();
    crowd(workers, 3000, 3, 7, seed)
}

fn symmetric_kind(i: usize) -> WorkerKind {
    match i % 10 {
        0..=3 => WorkerKind::Uniform { accuracy: 0.85 },
        4 | 5 => WorkerKind::Spammer {
            distribution: vec![1.0, 1.0, 1.0],
        },
        6 => WorkerKind::Spammer {
            distribution: vec![0.0, 1.0, 0.0],
        },
        7 => WorkerKind::Adversarial { flip: 0.9 },
        _ => WorkerKind::Uniform { accuracy: 0.55 },
    }
}

#[test]
fn glad_gives_good_workers_higher_ability_than_spammers_and_adversaries_the_lowest() {
    let c = symmetric_crowd(6);
    let data = c.dataset();
    let res = Glad::default().fit(&data).unwrap();
    let alpha = res.skills.unwrap();
    let mean = |kind: fn(&WorkerKind) -> bool| {
        let v: Vec<f64> = data
            .worker_names()
            .iter()
            .enumerate()
            .filter(|(_, n)| kind(&symmetric_kind(n[1..].parse().unwrap())))
            .map(|(w, _)| alpha[w])
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let good = mean(|k| matches!(k, WorkerKind::Uniform { accuracy } if *accuracy > 0.8));
    let spam = mean(|k| matches!(k, WorkerKind::Spammer { .. }));
    let adversary = mean(|k| matches!(k, WorkerKind::Adversarial { .. }));
    assert!(
        good > 0.5 && good > spam + 0.8,
        "good {good}, spammers {spam}"
    );
    assert!(adversary < spam, "adversaries {adversary}, spammers {spam}");
    let mv = accuracy(&c, &MajorityVote::default());
    assert!(c.accuracy_of(&data, &res.labels) > mv, "GLAD below MV {mv}");
}

#[test]
fn one_coin_skills_estimate_the_accuracy_of_uniform_workers() {
    let workers: Vec<WorkerKind> = (0..20)
        .map(|i| WorkerKind::Uniform {
            accuracy: 0.5 + 0.025 * i as f64,
        })
        .collect();
    let c = crowd(workers, 3000, 3, 5, 7);
    let data = c.dataset();
    let res = OneCoinDawidSkene::default().fit(&data).unwrap();
    let skills = res.skills.unwrap();
    for (w, name) in data.worker_names().iter().enumerate() {
        let i: usize = name[1..].parse().unwrap();
        let want = 0.5 + 0.025 * i as f64;
        assert!(
            (skills[w] - want).abs() < 0.06,
            "worker {i}: {} vs {want}",
            skills[w]
        );
    }
}

#[test]
fn mace_flags_spammers_as_unlikely_to_know() {
    let c = symmetric_crowd(8);
    let data = c.dataset();
    let res = Mace::default().fit(&data).unwrap();
    let knows = res.skills.unwrap();
    for (w, name) in data.worker_names().iter().enumerate() {
        match symmetric_kind(name[1..].parse().unwrap()) {
            WorkerKind::Spammer { .. } => assert!(knows[w] < 0.2, "{name}: {}", knows[w]),
            WorkerKind::Uniform { accuracy } if accuracy > 0.8 => {
                assert!(knows[w] > 0.7, "{name}: {}", knows[w])
            }
            _ => {}
        }
    }
    let mv = accuracy(&c, &MajorityVote::default());
    let mace = c.accuracy_of(&data, &res.labels);
    assert!(mace > mv + 0.02, "MACE {mace} vs MV {mv}");
}

#[test]
fn skill_weighted_votes_do_at_least_as_well_as_majority_vote_against_spammers() {
    let c = hostile_crowd(9);
    let mv = accuracy(&c, &MajorityVote::default());
    let wawa = accuracy(&c, &Wawa);
    let zbs = accuracy(&c, &ZeroBasedSkill::default());
    assert!(
        wawa >= mv - 0.005 && zbs >= mv - 0.005,
        "MV {mv}, Wawa {wawa}, ZBS {zbs}"
    );
}
