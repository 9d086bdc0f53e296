//! Random sequences of deposits, publishes, submissions, approvals, rejections,
//! disputes, top-ups, bonuses and payouts, driven over HTTP against the real
//! server and store: afterwards `ledger check` finds nothing wrong, no request
//! failed with a 500, and every approved answer was paid exactly once.

use crate::review::MESSAGE;
use crate::support::{Client, TestApp, sentiment_project};
use handprint_server::jobs;
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
enum Op {
    Deposit(u32),
    Publish {
        items: usize,
        overlap: u8,
        reward: u32,
    },
    Work {
        worker: usize,
        seconds: i64,
        answer: bool,
    },
    Approve(usize),
    Reject(usize),
    Dispute(usize),
    Decide {
        index: usize,
        overturn: bool,
    },
    Reverse(usize),
    Bonus {
        index: usize,
        cents: u32,
    },
    Payout {
        worker: usize,
        cents: u32,
    },
    SettlePayout {
        paid: bool,
    },
    Advance(i64),
    Complete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (1_u32..3_000).prop_map(Op::Deposit),
        1 => (1_usize..4, 1_u8..3, 10_u32..30).prop_map(|(items, overlap, reward)| Op::Publish { items, overlap, reward }),
        4 => (0_usize..3, 5_i64..150, any::<bool>()).prop_map(|(worker, seconds, answer)| Op::Work { worker, seconds, answer }),
        2 => (0_usize..20).prop_map(Op::Approve),
        1 => (0_usize..20).prop_map(Op::Reject),
        1 => (0_usize..20).prop_map(Op::Dispute),
        1 => (0_usize..10, any::<bool>()).prop_map(|(index, overturn)| Op::Decide { index, overturn }),
        1 => (0_usize..10).prop_map(Op::Reverse),
        1 => (0_usize..20, 1_u32..200).prop_map(|(index, cents)| Op::Bonus { index, cents }),
        1 => (0_usize..3, 1_u32..300).prop_map(|(worker, cents)| Op::Payout { worker, cents }),
        1 => any::<bool>().prop_map(|paid| Op::SettlePayout { paid }),
        1 => (1_i64..200).prop_map(Op::Advance),
        1 => (0_usize..4).prop_map(Op::Complete),
    ]
}

struct World {
    app: TestApp,
    requester: Client,
    operator: Client,
    workers: Vec<Client>,
    projects: Vec<String>,
    /// (assignment, worker index)
    answers: Vec<(String, usize)>,
    disputes: Vec<String>,
    payouts: Vec<String>,
}

fn cents(n: u32) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

fn no_server_error(what: &str, (status, body): &(StatusCode, Value)) {
    assert!(!status.is_server_error(), "{what}: {status} {body}");
}

impl World {
    async fn run(&mut self, op: &Op) {
        let r = &self.requester;
        match op {
            Op::Deposit(n) => {
                r.fund(&cents(*n)).await;
            }
            Op::Publish {
                items,
                overlap,
                reward,
            } => {
                let mut body = sentiment_project();
                body["answers_per_task"] = json!(overlap);
                body["reward"] = json!(cents(*reward));
                body["estimated_seconds"] = json!(30);
                let (_, p) = r.post("/api/v1/projects", body).await;
                let id = p["id"].as_str().expect("id").to_string();
                let rows: String = (0..*items)
                    .map(|i| format!("{{\"text\":\"review {i}\"}}\n"))
                    .collect();
                r.upload(
                    &format!("/api/v1/projects/{id}/tasks"),
                    "application/x-ndjson",
                    rows,
                )
                .await;
                let res = r
                    .post_empty(&format!("/api/v1/projects/{id}/publish"))
                    .await;
                no_server_error("publish", &res);
                if res.0 == StatusCode::OK {
                    self.projects.push(id);
                } else {
                    assert_eq!(res.0, StatusCode::PAYMENT_REQUIRED, "{}", res.1);
                }
            }
            Op::Work {
                worker,
                seconds,
                answer,
            } => {
                let w = &self.workers[*worker];
                let (status, lease) = w.post("/api/v1/work/next", json!({})).await;
                if status != StatusCode::OK {
                    return;
                }
                let id = lease["assignment_id"].as_str().expect("id").to_string();
                self.app.clock.advance_seconds(*seconds);
                let a = if *answer { "pos" } else { "neg" };
                let res = w
                    .post(
                        &format!("/api/v1/assignments/{id}/submit"),
                        json!({"answer": a}),
                    )
                    .await;
                no_server_error("submit", &res);
                if res.0 == StatusCode::OK {
                    self.answers.push((id, *worker));
                }
            }
            Op::Approve(i) => {
                if let Some((id, _)) = self.answers.get(*i) {
                    no_server_error(
                        "approve",
                        &r.post_empty(&format!("/api/v1/assignments/{id}/approve"))
                            .await,
                    );
                }
            }
            Op::Reject(i) => {
                if let Some((id, _)) = self.answers.get(*i) {
                    let body = json!({"reason": "instructions_not_followed", "message": MESSAGE});
                    no_server_error(
                        "reject",
                        &r.post(&format!("/api/v1/assignments/{id}/reject"), body)
                            .await,
                    );
                }
            }
            Op::Dispute(i) => {
                if let Some((id, w)) = self.answers.get(*i) {
                    let res = self.workers[*w]
                        .post(
                            &format!("/api/v1/assignments/{id}/dispute"),
                            json!({"message": "I followed the instructions."}),
                        )
                        .await;
                    no_server_error("dispute", &res);
                    if res.0 == StatusCode::CREATED {
                        self.disputes
                            .push(res.1["id"].as_str().expect("id").to_string());
                    }
                }
            }
            Op::Decide { index, overturn } => {
                if let Some(id) = self.disputes.get(*index) {
                    let decision = if *overturn { "overturn" } else { "uphold" };
                    let res = self
                        .operator
                        .post(
                            &format!("/api/v1/disputes/{id}/decide"),
                            json!({"decision": decision, "message": "Decided."}),
                        )
                        .await;
                    no_server_error("decide", &res);
                }
            }
            Op::Reverse(index) => {
                if let Some(id) = self.disputes.get(*index) {
                    no_server_error(
                        "reverse",
                        &r.post(&format!("/api/v1/disputes/{id}/reverse"), json!({}))
                            .await,
                    );
                }
            }
            Op::Bonus { index, cents: c } => {
                if let Some((id, _)) = self.answers.get(*index) {
                    let body = json!({"amount": cents(*c), "message": "Thanks."});
                    no_server_error(
                        "bonus",
                        &r.post(&format!("/api/v1/assignments/{id}/bonus"), body)
                            .await,
                    );
                }
            }
            Op::Payout { worker, cents: c } => {
                let res = self.workers[*worker]
                    .post(
                        "/api/v1/payouts",
                        json!({"amount": cents(*c), "destination": "IBAN FR76 0000"}),
                    )
                    .await;
                no_server_error("payout", &res);
                if res.0 == StatusCode::CREATED {
                    self.payouts
                        .push(res.1["id"].as_str().expect("id").to_string());
                }
            }
            Op::SettlePayout { paid } => {
                if let Some(id) = self.payouts.pop() {
                    let (path, body) = if *paid {
                        (
                            format!("/api/v1/operator/payouts/{id}/paid"),
                            json!({"reference": "REF"}),
                        )
                    } else {
                        (
                            format!("/api/v1/operator/payouts/{id}/failed"),
                            json!({"reason": "bounced"}),
                        )
                    };
                    no_server_error("settle payout", &self.operator.post(&path, body).await);
                }
            }
            Op::Advance(hours) => {
                self.app.clock.advance_seconds(hours * 3600);
                jobs::run_once(&self.app.state).await;
            }
            Op::Complete(i) => {
                if let Some(id) = self.projects.get(*i) {
                    no_server_error(
                        "complete",
                        &r.post_empty(&format!("/api/v1/projects/{id}/complete"))
                            .await,
                    );
                }
            }
        }
    }
}

async fn run_case(ops: Vec<Op>) {
    let app = TestApp::spawn_with(handprint_server::Settings {
        payout_threshold: handprint_core::Money(1),
        ..Default::default()
    })
    .await;
    let requester = app.requester("prop").await;
    let operator = app.operator().await;
    let mut workers = Vec::new();
    for i in 0..3 {
        workers.push(app.worker(&format!("prop{i}")).await);
    }
    let mut world = World {
        app,
        requester,
        operator,
        workers,
        projects: Vec::new(),
        answers: Vec::new(),
        disputes: Vec::new(),
        payouts: Vec::new(),
    };
    for op in &ops {
        world.run(op).await;
        let report = world
            .app
            .state
            .db
            .ledger_check()
            .await
            .expect("ledger check");
        assert!(
            report.problems.is_empty(),
            "after {op:?}: {:#?}",
            report.problems
        );
    }
    // Let every window close: all work is settled one way or the other.
    world.app.clock.advance_seconds(30 * 86_400);
    jobs::run_once(&world.app.state).await;
    jobs::run_once(&world.app.state).await;
    let report = world
        .app
        .state
        .db
        .ledger_check()
        .await
        .expect("ledger check");
    assert!(
        report.problems.is_empty(),
        "at the end: {:#?}",
        report.problems
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_of_money_operations_keep_the_books_sound(ops in prop::collection::vec(op(), 10..40)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(run_case(ops));
    }
}
