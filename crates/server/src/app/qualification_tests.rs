//! Test qualifications: a requester's terms (template, pass score, cooldown, reward
//! per item at the pay floor or above, funded takers), its items (the same upload
//! formats as a project's, each with its known answer, training items with an
//! explanation), and a worker taking it item by item through `work/next` and the
//! submit route. The API and the pages call these; the money and the scoring are
//! `handprint_store::qualification_tests`'s.

use crate::app::AppResult;
use crate::app::qualifications::QualificationInput;
use crate::app::tasks::{FormatHint, check_known_answer};
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::eligibility::{MAX_SCORE, QualificationKind};
use handprint_core::import::{ImportFormat, ImportReader, ImportRow};
use handprint_core::money::hourly_rate;
use handprint_core::project::min_reward;
use handprint_core::template::{FieldProblem, Template};
use handprint_core::{Money, Msg, QualificationId};
use handprint_store::qualification_tests::{
    ItemsAdded, NewTestItem, NotStartable, OpenTest, TestLease, TestSubmission, TestSubmitted,
};
use handprint_store::qualifications::{QualificationRow, TestTerms};
use serde::Serialize;
use serde_json::Value;

/// The most takings of every item one test may be funded for.
pub const MAX_TAKERS: i64 = 10_000;
/// The longest cooldown before a retake: a year.
pub const MAX_RETAKE_SECONDS: i64 = 366 * 86_400;
/// The longest explanation of a training item, in characters.
pub const MAX_EXPLANATION_CHARS: usize = 5_000;

/// A required whole number within `range`, else a problem at `path` with `code`.
fn number_in(
    value: Option<i64>,
    path: &str,
    range: std::ops::RangeInclusive<i64>,
    code: &'static str,
    p: &mut Vec<FieldProblem>,
) -> i64 {
    match value {
        None => {
            p.push(FieldProblem::coded(path, "problem-required", Vec::new()));
            0
        }
        Some(n) if !range.contains(&n) => {
            p.push(FieldProblem::coded(
                path,
                code,
                vec![
                    ("min", range.start().to_string()),
                    ("max", range.end().to_string()),
                ],
            ));
            n
        }
        Some(n) => n,
    }
}

/// A test's terms from the create body, every problem pushed to `p`: the template
/// (as a project's), the pass score, the cooldown, the reward (at least the pay floor
/// on the estimated time, as a project's) and the funded takers.
pub(crate) fn terms(
    state: &AppState,
    caller: &Caller,
    input: &QualificationInput,
    p: &mut Vec<FieldProblem>,
) -> Option<TestTerms> {
    if caller.role() == Role::Operator {
        p.push(FieldProblem::coded(
            "/kind",
            "problem-test-operator",
            Vec::new(),
        ));
    }
    let template = match &input.template {
        None => {
            p.push(FieldProblem::coded(
                "/template",
                "problem-required",
                Vec::new(),
            ));
            None
        }
        Some(value) => match Template::parse(value) {
            Ok(t) => Some(t),
            Err(errors) => {
                p.extend(errors.0.into_iter().map(|mut e| {
                    e.path = format!("/template{}", e.path);
                    e
                }));
                None
            }
        },
    };
    let pass_score = number_in(
        input.pass_score,
        "/pass_score",
        0..=MAX_SCORE,
        "problem-number-range",
        p,
    );
    let retake = number_in(
        input.retake_after_seconds,
        "/retake_after_seconds",
        0..=MAX_RETAKE_SECONDS,
        "problem-number-range",
        p,
    );
    let seconds = number_in(
        input.estimated_seconds,
        "/estimated_seconds",
        1..=86_400,
        "problem-number-range",
        p,
    );
    let max_takers = number_in(
        input.max_takers,
        "/max_takers",
        1..=MAX_TAKERS,
        "problem-number-range",
        p,
    );
    let reward = reward(state, input.reward.as_deref(), seconds, p);
    let template = serde_json::to_string(&template?).ok()?;
    Some(TestTerms {
        template,
        pass_score,
        retake_after_seconds: retake,
        reward: reward?.0,
        estimated_seconds: seconds,
        max_takers,
        fee_basis_points: state.settings.fee.0,
    })
}

/// The reward per item: a money amount above zero, at least the pay floor on `seconds`.
fn reward(
    state: &AppState,
    text: Option<&str>,
    seconds: i64,
    p: &mut Vec<FieldProblem>,
) -> Option<Money> {
    let currency = &state.settings.currency;
    let Some(text) = text else {
        p.push(FieldProblem::coded(
            "/reward",
            "problem-reward-missing",
            Vec::new(),
        ));
        return None;
    };
    let reward = match Money::parse(text, currency) {
        Ok(m) if m.0 == 0 => {
            p.push(FieldProblem::coded(
                "/reward",
                "problem-reward-zero",
                Vec::new(),
            ));
            return None;
        }
        Ok(m) => m,
        Err(e) => {
            p.push(FieldProblem::from_msg("/reward", e.msg()));
            return None;
        }
    };
    let floor = state.settings.pay_floor_per_hour;
    if seconds > 0
        && let Some(rate) = hourly_rate(reward, seconds)
        && rate < floor
    {
        p.push(FieldProblem::coded(
            "/reward",
            "problem-pay-floor",
            vec![
                ("reward", reward.format(currency)),
                ("seconds", seconds.to_string()),
                ("rate", rate.format(currency)),
                ("floor", floor.format(currency)),
                ("needed", min_reward(floor, seconds).format(currency)),
            ],
        ));
        return None;
    }
    Some(reward)
}

/// The fields only a test takes, refused on another kind (`code` says why).
pub(crate) fn no_test_fields(
    input: &QualificationInput,
    code: &'static str,
    p: &mut Vec<FieldProblem>,
) {
    let given = [
        ("/template", input.template.is_some()),
        ("/pass_score", input.pass_score.is_some()),
        (
            "/retake_after_seconds",
            input.retake_after_seconds.is_some(),
        ),
        ("/reward", input.reward.is_some()),
        ("/estimated_seconds", input.estimated_seconds.is_some()),
        ("/max_takers", input.max_takers.is_some()),
    ];
    for (path, present) in given {
        if present {
            p.push(FieldProblem::coded(path, code, Vec::new()));
        }
    }
}

/// The caller's organisation's test `id`: 404 for what they may not see, 403 for
/// another's, 409 for a qualification of another kind.
async fn owned_test(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
) -> AppResult<QualificationRow> {
    caller.require(Role::Requester)?;
    let row = crate::app::qualifications::read(state, caller, id).await?;
    if row.organization().as_ref() != Some(caller.organization()?) {
        return Err(AppError::Forbidden(Msg::coded(
            "err-qualification-not-yours",
            Vec::new(),
        )));
    }
    if row.kind != QualificationKind::Test {
        return Err(AppError::Conflict(Msg::coded(
            "err-test-not-a-test",
            vec![("kind", row.kind.as_str().to_string())],
        )));
    }
    Ok(row)
}

/// The test's template, as stored.
fn template_of(row: &QualificationRow) -> AppResult<Template> {
    let text = row
        .template
        .as_deref()
        .ok_or_else(|| AppError::Internal("a test has no template".into()))?;
    serde_json::from_str(text).map_err(AppError::internal)
}

/// Whether a cell or field says "training": true, 1, "true", "yes", "1"; false for
/// false, 0, "", "false", "no", "0"; None for anything else.
fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// One uploaded row as a test item, or the problem of its line.
fn test_item(template: &Template, mut row: ImportRow) -> Result<NewTestItem, FieldProblem> {
    let path = format!("/lines/{}", row.line);
    let training = match row.data.remove("training") {
        None => false,
        Some(v) => flag(&v)
            .ok_or_else(|| FieldProblem::coded(&path, "problem-test-training-flag", Vec::new()))?,
    };
    let explanation = match row.data.remove("explanation") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) if s.trim().chars().count() <= MAX_EXPLANATION_CHARS => {
            Some(s.trim().to_string())
        }
        Some(_) => {
            return Err(FieldProblem::coded(
                &path,
                "problem-test-explanation",
                vec![("max", MAX_EXPLANATION_CHARS.to_string())],
            ));
        }
    };
    if training && explanation.is_none() {
        return Err(FieldProblem::coded(
            &path,
            "problem-test-explanation-missing",
            Vec::new(),
        ));
    }
    if !training && explanation.is_some() {
        return Err(FieldProblem::coded(
            &path,
            "problem-test-explanation-training",
            Vec::new(),
        ));
    }
    if row.known_answer.is_none() {
        return Err(FieldProblem::coded(
            &path,
            "problem-test-known-answer-missing",
            Vec::new(),
        ));
    }
    check_known_answer(Some(template), &mut row)
        .map_err(|e| FieldProblem::from_msg(&path, e.msg))?;
    let known = row.known_answer.unwrap_or(Value::Null);
    Ok(NewTestItem {
        external_id: row.external_id,
        data: Value::Object(row.data).to_string(),
        known_answer: known.to_string(),
        training,
        explanation,
    })
}

/// Read the upload's rows as test items: every bad row listed by its line (422),
/// nothing stored unless all are good.
fn parse_items(template: &Template, body: &[u8], hint: &FormatHint) -> AppResult<Vec<NewTestItem>> {
    let format = ImportFormat::detect(
        hint.content_type.as_deref(),
        hint.file_name.as_deref(),
        body,
    );
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for row in ImportReader::new(format, body) {
        match row {
            Ok(row) => match test_item(template, row) {
                Ok(item) => items.push(item),
                Err(problem) => problems.push(problem),
            },
            Err(e) => problems.push(FieldProblem::from_msg(format!("/lines/{}", e.line), e.msg)),
        }
        if problems.len() >= 100 {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid(
            Msg::coded("err-test-items-invalid", Vec::new()),
            problems,
        ));
    }
    if items.is_empty() {
        return Err(AppError::field(
            "",
            Msg::coded("err-test-items-empty", Vec::new()),
        ));
    }
    Ok(items)
}

/// Add test or training items to the caller's test, escrowing reward and fee for
/// `max_takers` takings of each (402 naming what is missing, and nothing stored).
pub async fn add_items(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
    body: &[u8],
    hint: &FormatHint,
) -> AppResult<ItemsAdded> {
    let row = owned_test(state, caller, id).await?;
    let template = template_of(&row)?;
    let items = parse_items(&template, body, hint)?;
    state
        .db
        .add_test_items(id, &items, state.now())
        .await
        .map_err(|e| AppError::funds(e, &state.settings.currency, "escrowing these test items"))
}

/// Every test not closed, with whether the calling worker may take it now.
pub async fn open_to_worker(state: &AppState, caller: &Caller) -> AppResult<Vec<OpenTest>> {
    caller.require(Role::Worker)?;
    Ok(state.db.tests_for_worker(caller.id(), state.now()).await?)
}

/// What a worker is told when a test cannot be started: 409 saying why (with the
/// time a retake is allowed after a failure).
fn refusal(why: &NotStartable) -> AppError {
    let msg = match why {
        NotStartable::Closed => Msg::coded("err-test-closed", Vec::new()),
        NotStartable::Held => Msg::coded("err-test-held", Vec::new()),
        NotStartable::Cooldown { until } => Msg::coded(
            "err-test-cooldown",
            vec![("until", handprint_core::clock::to_rfc3339(*until))],
        ),
        NotStartable::NoItems => Msg::coded("err-test-no-items", Vec::new()),
        NotStartable::Unfunded => Msg::coded("err-test-unfunded", Vec::new()),
    };
    AppError::Conflict(msg)
}

/// The calling worker's next item of test `id` (starting a taking when none is in
/// progress): None when their taking has nothing left, 409 when they may not start it.
pub async fn next_item(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
) -> AppResult<Option<(TestLease, QualificationRow)>> {
    caller.require(Role::Worker)?;
    let row = state.db.qualification(id).await?;
    if row.kind != QualificationKind::Test {
        return Err(AppError::Conflict(Msg::coded(
            "err-test-not-a-test",
            vec![("kind", row.kind.as_str().to_string())],
        )));
    }
    match state
        .db
        .next_test_item(id, caller.id(), state.now())
        .await?
    {
        Ok(Some(lease)) => Ok(Some((lease, row))),
        Ok(None) => Ok(None),
        Err(why) => Err(refusal(&why)),
    }
}

/// Whether `id` names a test answer (the submit route serves both kinds).
pub async fn is_test_answer(state: &AppState, id: &str) -> AppResult<bool> {
    Ok(state.db.test_answer(id).await?.is_some())
}

/// The test item behind the caller's answer `id` with its test: 404 for anyone else's.
pub async fn held_item(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> AppResult<(
    handprint_store::qualification_tests::TestAnswerRow,
    handprint_store::qualification_tests::TestItemRow,
    QualificationRow,
)> {
    match state.db.test_answer(id).await? {
        Some((answer, item)) if answer.worker_id == *caller.id() => {
            let q = state
                .db
                .qualification(&QualificationId::from(item.qualification_id.as_str()))
                .await?;
            Ok((answer, item, q))
        }
        _ => Err(AppError::not_found("assignment")),
    }
}

/// Answer a test item: checked against the template like any answer (422), paid at
/// once, and the taking scored when it was the last test item. A retry of the same
/// answer returns what the first one did.
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    id: &str,
    answer: &Value,
) -> AppResult<(TestSubmitted, QualificationRow)> {
    let (_, item, q) = held_item(state, caller, id).await?;
    let template = template_of(&q)?;
    let data: Value = serde_json::from_str(&item.data).map_err(AppError::internal)?;
    let normalised = template.validate_answer(&data, answer).map_err(|e| {
        AppError::invalid(
            Msg::coded("err-answer-does-not-fit", Vec::new()),
            vec![e.into_problem("/answer")],
        )
    })?;
    let stored = serde_json::to_string(&normalised).map_err(AppError::internal)?;
    let submitted = state
        .db
        .submit_test_answer(&TestSubmission {
            answer_id: id,
            worker: caller.id(),
            answer_json: &stored,
            now: state.now(),
        })
        .await?;
    let q = state.db.qualification(&q.id).await?;
    Ok((submitted, q))
}

/// A test's terms and how it is going.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TestTermsView {
    /// The template description a client renders (as a project's lease shows it).
    #[schema(value_type = Object)]
    pub template: serde_json::Value,
    pub pass_score: i64,
    pub retake_after_seconds: i64,
    /// Paid for every test and training item answered.
    pub reward: String,
    pub currency: String,
    pub estimated_seconds: i64,
    pub implied_hourly_pay: Option<String>,
    /// Takings of every item the escrow is funded for.
    pub max_takers: i64,
    /// Items that count in the score, and training items.
    pub test_items: i64,
    pub training_items: i64,
    /// Workers who have started it; takings finished and passed; passed / finished in percent.
    pub takers: i64,
    pub attempts_finished: i64,
    pub attempts_passed: i64,
    pub pass_rate: Option<i64>,
    /// What the test's escrow holds for answers still to be paid.
    pub escrow: String,
    /// When it was closed to new takings (its unused escrow returned).
    pub closed_at: Option<String>,
}

/// A test's terms as the API shows them; None for another kind.
pub fn terms_view(state: &AppState, row: &QualificationRow) -> Option<TestTermsView> {
    if row.kind != QualificationKind::Test {
        return None;
    }
    let currency = &state.settings.currency;
    let template: Option<Template> = row
        .template
        .as_deref()
        .and_then(|t| serde_json::from_str(t).ok());
    let reward = Money(row.reward.unwrap_or(0));
    let seconds = row.estimated_seconds.unwrap_or(0);
    let escrow = handprint_store::qualification_tests::test_escrow(row).commitment();
    Some(TestTermsView {
        template: template.map(|t| t.describe()).unwrap_or_default(),
        pass_score: row.pass_score.unwrap_or(0),
        retake_after_seconds: row.retake_after_seconds.unwrap_or(0),
        reward: reward.format(currency),
        currency: currency.code.clone(),
        estimated_seconds: seconds,
        implied_hourly_pay: handprint_core::money::hourly_rate(reward, seconds)
            .map(|m| m.format(currency)),
        max_takers: row.max_takers.unwrap_or(0),
        test_items: row.test_items,
        training_items: row.training_items,
        takers: row.takers,
        attempts_finished: row.attempts_finished,
        attempts_passed: row.attempts_passed,
        pass_rate: (row.attempts_finished > 0)
            .then(|| handprint_core::quality::percent(row.attempts_passed, row.attempts_finished)),
        escrow: Money(escrow).format(currency),
        closed_at: row.closed_at.map(to_rfc3339),
    })
}

/// A test as a worker sees it in the list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AvailableTestView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// "available" (may start now), "in_progress" (a taking under way) or "cooldown"
    /// (failed: may retake from `retake_at`).
    pub status: String,
    pub retake_at: Option<String>,
    /// Paid for every item answered, test and training alike.
    pub reward: String,
    pub currency: String,
    /// Items of a taking (test and training), and of those training items.
    pub items: i64,
    pub training_items: i64,
    pub pass_score: i64,
    pub estimated_seconds: i64,
    /// The time a whole taking takes, and what it pays.
    pub total_seconds: i64,
    pub total_pay: String,
    /// Items already answered in the taking in progress.
    pub answered: i64,
}

/// The view of one test open to the worker; None for those they cannot take (held,
/// unfunded, without items).
pub fn available_view(state: &AppState, t: OpenTest) -> Option<AvailableTestView> {
    let (status, retake_at) = match (&t.in_progress, &t.blocked) {
        (Some(_), _) => ("in_progress", None),
        (None, None) => ("available", None),
        (None, Some(NotStartable::Cooldown { until })) => ("cooldown", Some(to_rfc3339(*until))),
        (None, Some(_)) => return None,
    };
    let q = t.qualification;
    let currency = &state.settings.currency;
    let items = q.test_items + q.training_items;
    let reward = q.reward.unwrap_or(0);
    let seconds = q.estimated_seconds.unwrap_or(0);
    Some(AvailableTestView {
        id: q.id.into_string(),
        name: q.name,
        description: q.description,
        status: status.to_string(),
        retake_at,
        reward: Money(reward).format(currency),
        currency: currency.code.clone(),
        items,
        training_items: q.training_items,
        pass_score: q.pass_score.unwrap_or(0),
        estimated_seconds: seconds,
        total_seconds: seconds.saturating_mul(items),
        total_pay: Money(reward.saturating_mul(items)).format(currency),
        answered: t.in_progress.map_or(0, |(_, n)| n),
    })
}
