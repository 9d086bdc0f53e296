//! The fee rule of each project across the upgrade that rounded the fee over a
//! project (migration 0006). A database is built as the release before it left it
//! (migrations up to 0005, a project published and escrowed by the old code's rule),
//! then upgraded and served: the old project keeps the per-answer rule until it
//! ends, `ledger check` stays clean throughout, and new publications use the
//! per-project rule.

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, T0, TestApp, db_flags, empty_location, handprint_command};
use handprint_core::ledger::{Account, FeeRule};
use handprint_core::{OrganizationId, UserId};
use handprint_store::Db;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// 0.14 at the default 10 % fee: the old rule charged 0.01 on each answer (0.014
/// rounded half up) and escrowed 0.15 per answer; the per-project rule escrows 0.16
/// (rounded up) and charges 0.01, 0.02, 0.01, 0.02 on four answers (0.056 → 0.06).
const REWARD: i64 = 14;
/// What the old code escrowed and charged per answer: `fee(14, 10 %)`, half up.
const OLD_FEE: i64 = 1;
const ITEMS: i64 = 4;
/// The old code's top-up reserve on four answers: 25 % of 4 × 0.14, rounded up.
const RESERVE: i64 = 14;
const PASSWORD: &str = "correct horse battery";

/// The database as an older release left it, upgraded, and served.
struct Upgraded {
    app: TestApp,
    requester: Client,
    /// Active, escrowed under the old rule with ITEMS items of one answer each.
    active: String,
    /// Completed, still holding one answer's escrow of the old rule.
    closed_holding: String,
    /// Completed with nothing held.
    closed_empty: String,
}

/// Migrations up to 0005, then the rows the release before 0006 wrote: a requester
/// and a deposit (through the store functions, which did not change), and projects
/// as its `open_project` left them once published (written in SQL, since today's code
/// publishes under the new rule). Then migration 0006, and a server on the result.
async fn upgraded_database() -> Upgraded {
    let (location, dir) = empty_location().await;
    let db = Db::connect(&location, 2).await.expect("connect");
    db.migrate_to(5).await.expect("migrations up to 0005");
    let hash = handprint_server::auth::hash_password(PASSWORD.into())
        .await
        .expect("hash");
    // Written in SQL as that release stored them: today's `create_user` also fills in
    // the organisation's name key (migration 0009), which 0005's schema lacks.
    let (user_id, org_id) = (handprint_store::new_id(), handprint_store::new_id());
    {
        let (user_id, org_id, hash) = (&user_id, &org_id, &hash);
        db.write(|tx| {
            Box::pin(async move {
                handprint_store::sql::query(
                    "INSERT INTO organizations (id, name, created_at) VALUES ($1, 'Old org', $2)",
                )
                .bind(org_id)
                .bind(T0)
                .execute(&mut *tx)
                .await?;
                handprint_store::sql::query(
                    r#"INSERT INTO users (id, email, password_hash, name, role, country,
                         organization_id, created_at)
                       VALUES ($1, 'old@requester.test', $2, 'Old requester', 'requester', 'MG',
                         $3, $4)"#,
                )
                .bind(user_id)
                .bind(hash)
                .bind(org_id)
                .bind(T0)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
        .expect("requester");
    }
    // The ids as that release wrote them (reading the row back through today's store
    // would ask for columns later migrations add).
    let owner = Owner {
        id: user_id.as_str().into(),
        organization: org_id.as_str().into(),
    };
    let org = owner.organization.clone();
    db.deposit(
        &org,
        handprint_core::Money(10_000),
        "before-the-upgrade",
        T0,
    )
    .await
    .expect("deposit");
    let active = old_published_project(&db, &owner, "active", ITEMS, RESERVE).await;
    let closed_holding = old_published_project(&db, &owner, "completed", 1, 0).await;
    let closed_empty = old_published_project(&db, &owner, "completed", 0, 0).await;
    db.migrate().await.expect("migration 0006");
    let rule = |id: String| {
        let db = db.clone();
        async move {
            db.project(&id.as_str().into())
                .await
                .expect("project")
                .fee_rule
        }
    };
    assert_eq!(rule(active.clone()).await, FeeRule::PerAnswer);
    assert_eq!(rule(closed_holding.clone()).await, FeeRule::PerAnswer);
    assert_eq!(rule(closed_empty.clone()).await, FeeRule::PerProject);
    db.close().await;
    let app = TestApp::spawn_on(location, dir, handprint_server::Settings::default()).await;
    let requester = app.key_for("old@requester.test", PASSWORD).await;
    Upgraded {
        app,
        requester,
        active,
        closed_holding,
        closed_empty,
    }
}

/// The requester the release before 0006 stored.
struct Owner {
    id: UserId,
    organization: OrganizationId,
}

/// A project as the old code left it: created, `items` items of one answer each,
/// published at 10 % fee and 25 % reserve with `funded_slots = items`, and its escrow
/// transfer of items × (reward + the fee rounded half up) + reserve from the
/// organisation (skipped when that is zero), as `post_transfer!` wrote it.
async fn old_published_project(
    db: &Db,
    owner: &Owner,
    state: &str,
    items: i64,
    reserve: i64,
) -> String {
    let id = handprint_store::new_id();
    let org = owner.organization.clone();
    let template =
        handprint_core::template::Template::parse(&crate::support::sentiment_project()["template"])
            .expect("template");
    let template = serde_json::to_string(&template).expect("template json");
    let escrow = items * (REWARD + OLD_FEE) + reserve;
    let (from, to) = (
        Account::org_available(&org),
        Account::escrow(&id.as_str().into(), &org),
    );
    {
    let (id, org) = (&id, &org);
    db.write(|tx| {
        Box::pin(async move {

        handprint_store::sql::query(
            r#"INSERT INTO projects (id, organization_id, created_by, title, description, instructions,
                 template, purpose, end_uses, sensitive_content, reward, estimated_seconds,
                 answers_per_task, lease_seconds, language, state, pseudonym_salt, created_at,
                 updated_at, published_at, review_window_seconds, fee_basis_points,
                 reserve_basis_points, funded_slots, settled_slots, reserve)
               VALUES ($1, $2, $3, 'Old project', 'Short reviews.', 'Choose the sentiment.',
                 $4, 'Train a review classifier.', '["search"]', '["none"]', $5, 10,
                 1, 300, 'en', $6, 'old-salt', $7, $7, $7, 259200, 1000, 2500, $8, 0, $9)"#,
        )
        .bind(id)
        .bind(org)
        .bind(&owner.id)
        .bind(&template)
        .bind(REWARD)
        .bind(state)
        .bind(T0)
        .bind(items)
        .bind(reserve)
        .execute(&mut *tx)
        .await?;
        for i in 0..items {
            handprint_store::sql::query(
                r#"INSERT INTO tasks (id, project_id, external_id, data, known_answer, remaining, answers, created_at)
                   VALUES ($1, $2, $3, $4, NULL, 1, 0, $5)"#,
            )
            .bind(handprint_store::new_id())
            .bind(id)
            .bind(format!("item-{i}"))
            .bind(format!("{{\"text\":\"review {i}\"}}"))
            .bind(T0)
            .execute(&mut *tx)
            .await?;
        }
        if escrow > 0 {
            let transfer = handprint_store::new_id();
            handprint_store::sql::query(
                r#"INSERT INTO ledger_transfers (id, idempotency_key, reason, organization_id, project_id, assignment_id, memo, created_at)
                   VALUES ($1, $2, 'escrow', $3, $4, NULL, 'escrow for the old project', $5)"#,
            )
            .bind(&transfer)
            .bind(format!("escrow:{id}:0-{items}"))
            .bind(org)
            .bind(id)
            .bind(T0)
            .execute(&mut *tx)
            .await?;
            handprint_store::sql::query(
                r#"INSERT INTO ledger_accounts (id, kind, owner_id, organization_id, balance, created_at)
                   VALUES ($1, 'escrow', $2, $3, 0, $4)"#,
            )
            .bind(to.id())
            .bind(id)
            .bind(org)
            .bind(T0)
            .execute(&mut *tx)
            .await?;
            for (account, amount) in [(from.id(), -escrow), (to.id(), escrow)] {
                handprint_store::sql::query("UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2")
                    .bind(amount)
                    .bind(&account)
                    .execute(&mut *tx)
                    .await?;
                handprint_store::sql::query(
                    "INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&transfer)
                .bind(&account)
                .bind(amount)
                .bind(T0)
                .execute(&mut *tx)
                .await?;
            }
        }
            Ok(())
        })
    })
    .await
}
    .expect("the old release's rows");
    id
}

/// The organisation's figures: (available, escrow, spend, fees).
async fn org_money(requester: &Client) -> (String, String, String, String) {
    let b: Value = balance(requester).await;
    let o = &b["organization"];
    let text = |k: &str| o[k].as_str().expect(k).to_string();
    (
        text("available"),
        text("escrow"),
        text("spend"),
        text("fees"),
    )
}

fn money(
    available: &str,
    escrow: &str,
    spend: &str,
    fees: &str,
) -> (String, String, String, String) {
    (available.into(), escrow.into(), spend.into(), fees.into())
}

async fn approve(requester: &Client, assignment: &str) {
    let (status, body) = requester
        .post("/api/v1/reviews", json!({"approve": [assignment]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_project_escrowed_before_the_upgrade_is_charged_the_old_per_answer_fee_until_it_ends() {
    let up = upgraded_database().await;
    let (app, requester) = (&up.app, &up.requester);
    // 100.00 deposited; 4 × (0.14 + 0.01) + 0.14 reserve = 0.74 escrowed, and 0.15 by
    // the closed project still owed one answer.
    assert_books_balance(app).await;
    assert_eq!(
        org_money(requester).await,
        money("99.11", "0.89", "0.00", "0.00")
    );
    let worker = app.worker("after-upgrade").await;
    let mut answers = Vec::new();
    for _ in 0..ITEMS {
        answers.push(answer(app, &worker, &up.active, json!("pos"), 5).await);
    }
    // Each approval pays 0.14 and charges 0.01 from the 0.15 the slot holds: nothing returns.
    let after = [
        money("99.11", "0.74", "0.14", "0.01"),
        money("99.11", "0.59", "0.28", "0.02"),
        money("99.11", "0.44", "0.42", "0.03"),
        money("99.11", "0.29", "0.56", "0.04"),
    ];
    for (i, (assignment, expected)) in answers.iter().zip(after).enumerate() {
        approve(requester, assignment).await;
        assert_eq!(
            org_money(requester).await,
            expected,
            "after approval {}",
            i + 1
        );
        assert_books_balance(app).await;
        if i == 1 {
            // Paused and resumed: the project keeps the rule its escrow holds, and
            // resuming escrows nothing more.
            for action in ["pause", "resume"] {
                let (status, body) = requester
                    .post_empty(&format!("/api/v1/projects/{}/{action}", up.active))
                    .await;
                assert_eq!(status, StatusCode::OK, "{action}: {body}");
            }
            let rule = app
                .state
                .db
                .project(&up.active.as_str().into())
                .await
                .expect("project");
            assert_eq!(rule.fee_rule, FeeRule::PerAnswer);
            assert_eq!(
                org_money(requester).await,
                money("99.11", "0.59", "0.28", "0.02")
            );
            assert_books_balance(app).await;
        }
    }
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{}/complete", up.active))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The reserve comes back; the closed project's slot stays until it is released.
    assert_eq!(
        org_money(requester).await,
        money("99.25", "0.15", "0.56", "0.04")
    );
    assert_books_balance(app).await;
    assert!(
        app.state
            .db
            .release_unneeded(&up.closed_holding.as_str().into(), T0, 0)
            .await
            .expect("release")
    );
    assert_eq!(
        org_money(requester).await,
        money("99.40", "0.00", "0.56", "0.04")
    );
    let output = handprint_command()
        .args(["ledger", "check"])
        .args(db_flags(&app.location))
        .output()
        .expect("handprint ledger check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("ledger ok: "), "{stdout}");
}

#[tokio::test]
async fn a_project_published_after_the_upgrade_uses_the_per_project_rule() {
    let up = upgraded_database().await;
    let (app, requester) = (&up.app, &up.requester);
    // A project that had ended, holding nothing, took the new rule at the upgrade.
    let ended = app
        .state
        .db
        .project(&up.closed_empty.as_str().into())
        .await
        .expect("project");
    assert_eq!(ended.fee_rule, FeeRule::PerProject);
    let project = requester
        .published_from_balance(
            ITEMS as usize,
            json!({"answers_per_task": 1, "reward": "0.14", "estimated_seconds": 10}),
        )
        .await;
    let row = app
        .state
        .db
        .project(&project.as_str().into())
        .await
        .expect("project");
    assert_eq!(row.fee_rule, FeeRule::PerProject);
    // 4 × (0.14 + 0.02 rounded up) + 0.14 reserve = 0.78 more in escrow.
    assert_eq!(
        org_money(requester).await,
        money("98.33", "1.67", "0.00", "0.00")
    );
    let worker = app.worker("new-rule").await;
    let mut answers = Vec::new();
    for _ in 0..ITEMS {
        answers.push(answer(app, &worker, &project, json!("pos"), 5).await);
    }
    // Fees 0.01, 0.02, 0.01, 0.02 (10 % of 0.14, 0.28, 0.42, 0.56 rounded once), the
    // rest of each slot's 0.02 returned.
    let after = [
        money("98.34", "1.51", "0.14", "0.01"),
        money("98.34", "1.35", "0.28", "0.03"),
        money("98.35", "1.19", "0.42", "0.04"),
        money("98.35", "1.03", "0.56", "0.06"),
    ];
    for (i, (assignment, expected)) in answers.iter().zip(after).enumerate() {
        approve(requester, assignment).await;
        assert_eq!(
            org_money(requester).await,
            expected,
            "after approval {}",
            i + 1
        );
        assert_books_balance(app).await;
    }
    let old = app
        .state
        .db
        .project(&up.active.as_str().into())
        .await
        .expect("project");
    assert_eq!(old.fee_rule, FeeRule::PerAnswer);
}

#[tokio::test]
async fn an_unknown_fee_rule_in_the_database_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    let requester = app.requester("unknown-rule").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(1, json!({"answers_per_task": 1, "reward": "0.14"}))
        .await;
    let edited =
        (handprint_store::sql::query("UPDATE projects SET fee_rule = 'per_item' WHERE id = $1")
            .bind(&project)
            .execute(&app.state.db)
            .await
            .map(|r| r.rows_affected()))
        .expect("edit the rule by hand");
    assert_eq!(edited, 1);
    let err = app
        .state
        .db
        .project(&project.as_str().into())
        .await
        .expect_err("an unknown rule is not read as a default");
    assert!(
        err.to_string().contains("unknown fee rule \"per_item\""),
        "{err}"
    );
    let (status, body) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(app.state.db.ledger_check().await.is_err());
}
