//! The pages in both languages where numbers and words used to go wrong: plurals at 0
//! (French's `one` covers 0), amounts with the page's decimal mark, statement memos,
//! a worker's refused answer in plain words, form summaries naming their fields and
//! the operator's deposits in money.

use crate::support::TestApp;
use crate::web_money::{Session, answer, create_operator};
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

/// A page's text with the quotes askama escapes written back, to compare with messages.
fn unquoted(html: &str) -> String {
    html.replace("&#39;", "'").replace("&#34;", "\"")
}

/// The same session reading the pages in French.
fn in_french(s: &Session) -> Session {
    Session {
        base: s.base.clone(),
        cookie: format!("{}; hp_lang=fr", s.cookie),
        csrf: s.csrf.clone(),
    }
}

#[tokio::test]
async fn web_a_french_worker_with_nothing_approved_reads_0_not_1_and_amounts_with_a_comma() {
    let app = TestApp::spawn().await;
    let requester = app.requester("zero").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(2, json!({"answers_per_task": 1, "reward": "0.15"}))
        .await;
    let worker = app.worker("zero").await;
    let en = Session::sign_in(&app, "zero@worker.test", PASSWORD).await;
    let fr = in_french(&en);

    let (status, html) = fr.get("/earnings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("0 réponse approuvée · 0 refus compté</p>"),
        "{html}"
    );
    assert!(html.contains("id=\"available\">0,00 USD"), "{html}");
    let (_, html) = en.get("/earnings").await;
    assert!(
        html.contains("0 approved answers · 0 rejections on your record</p>"),
        "{html}"
    );

    let assignment = answer(&worker, &project, "pos").await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{assignment}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, html) = fr.get("/earnings").await;
    let html = unquoted(&html);
    assert!(
        html.contains("1 réponse approuvée · 0 refus compté</p>"),
        "{html}"
    );
    assert!(html.contains("id=\"available\">0,15 USD"), "{html}");
    assert!(
        html.contains("rémunération d'une réponse approuvée dans « Review sentiment »"),
        "the memo is in French: {html}"
    );
    assert!(!html.contains("reward for an approved answer"), "{html}");
    let (_, html) = en.get("/earnings").await;
    assert!(
        html.contains("1 approved answer · 0 rejections on your record</p>"),
        "{html}"
    );
    assert!(html.contains("id=\"available\">0.15 USD"), "{html}");
    assert!(
        unquoted(&html).contains("reward for an approved answer in \"Review sentiment\""),
        "{html}"
    );
    // The statement CSV and the API keep the stored English and the plain decimal.
    let (_, csv) = fr.get("/earnings/statement.csv").await;
    assert!(
        csv.contains("0.15") && csv.contains("reward for an approved answer in"),
        "{csv}"
    );
    let (_, balance) = worker.get("/api/v1/balance").await;
    assert_eq!(balance["worker"]["available"], "0.15", "{balance}");

    // The requester's project list: one answer of the two expected, in both languages.
    let r = Session::sign_in(&app, "zero@requester.test", PASSWORD).await;
    let (_, html) = in_french(&r).get("/projects").await;
    assert!(html.contains("1 réponse sur 2 · 2 éléments"), "{html}");
    assert!(html.contains("0,15 USD"), "{html}");
    let (_, html) = r.get("/projects").await;
    assert!(html.contains("1 of 2 answers · 2 items"), "{html}");
}

#[tokio::test]
async fn web_a_box_task_sent_without_boxes_says_to_draw_one_in_both_languages() {
    let app = TestApp::spawn().await;
    let requester = app.requester("boxless").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(
            2,
            json!({"answers_per_task": 1, "template": {"kind": "bounding_boxes",
                   "image_field": "text", "labels": ["car"]}}),
        )
        .await;
    app.worker("boxless").await;
    let en = Session::sign_in(&app, "boxless@worker.test", PASSWORD).await;
    let (status, task, _) = en.post("/work/next", &[("project_id", &project)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for (s, expected) in [
        (en, "Draw at least one box before you send."),
        (
            in_french(&Session::sign_in(&app, "boxless@worker.test", PASSWORD).await),
            "Tracez au moins un cadre avant d'envoyer.",
        ),
    ] {
        let (status, _, html) = s.post(&format!("{task}/submit"), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let html = unquoted(&html);
        let errors = &html[html.find("id=\"errors\"").expect("the errors")..];
        let errors = &errors[..errors.find("</div>").expect("their end")];
        assert!(errors.contains(&format!("<li>{expected}</li>")), "{errors}");
        assert!(
            !errors.contains("boxes") && !errors.contains("null"),
            "no JSON jargon: {errors}"
        );
    }
    // The API keeps the precise detail.
    let worker = app.worker("api-boxless").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let id = lease["assignment_id"].as_str().expect("a lease");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": null}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.to_string()
            .contains(r#"the answer must be an object {\"boxes\": [...]}, not null"#),
        "{body}"
    );
}

#[tokio::test]
async fn web_the_project_forms_error_summary_names_the_field() {
    let app = TestApp::spawn().await;
    app.requester("untitled").await;
    let en = Session::sign_in(&app, "untitled@requester.test", PASSWORD).await;
    let fields = [
        ("title", ""),
        ("instructions", "Choose the sentiment."),
        ("reward", "0.10"),
        ("estimated_seconds", "20"),
        ("answers_per_task", "1"),
        ("lease_seconds", "600"),
        ("review_window_seconds", "259200"),
        ("language", "en"),
    ];
    for (s, expected) in [
        (&en, "<a href=\"#title\">Title: must not be empty</a>"),
        (
            &in_french(&en),
            "<a href=\"#title\">Titre : ne doit pas être vide</a>",
        ),
    ] {
        let (status, _, html) = s.post("/projects/new", &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let html = unquoted(&html);
        let summary = &html[html.find("id=\"form-errors\"").expect("a summary")..];
        let summary = &summary[..summary.find("</div>").expect("its end")];
        assert!(summary.contains(expected), "{summary}");
    }
    // The editor's floor: in words in the page's language, plain for its script.
    let (_, html) = in_french(&en).get("/projects/new").await;
    let html = unquoted(&html);
    assert!(
        html.contains("data-floor=\"12.00\" data-decimal=\",\"")
            && html.contains("(plancher : 12,00 USD de l'heure)"),
        "{html}"
    );
    let (_, html) = en.get("/projects/new").await;
    assert!(
        html.contains("data-floor=\"12.00\" data-decimal=\".\"")
            && html.contains("(floor: 12.00 USD per hour)"),
        "{html}"
    );
}

#[tokio::test]
async fn web_operators_read_deposits_as_money_and_the_outside_account_in_words() {
    let app = TestApp::spawn().await;
    let requester = app.requester("depositor").await;
    let org = requester.organization_id().await;
    create_operator(&app, "ops@operator.test", "operator password").await;
    let en = Session::sign_in(&app, "ops@operator.test", "operator password").await;
    let (status, to, _) = en
        .post(
            "/operator/deposits",
            &[
                ("organization_id", &org),
                ("amount", "1234.50"),
                ("reference", "TX-1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let fr = in_french(&en);
    let (_, html) = fr.get(&to).await;
    let html = unquoted(&html);
    assert!(
        html.contains("1\u{202f}234,50 USD enregistré ; l'organisation a maintenant 1\u{202f}234,50 USD disponible."),
        "{html}"
    );
    assert!(
        html.contains("<dt>Argent reçu de l'extérieur (dépôts bancaires et mobiles)</dt><dd>-1\u{202f}234,50 USD<span class=\"hint\"> Négatif à dessein"),
        "{html}"
    );
    let (_, html) = en.get("/operator").await;
    assert!(
        html.contains("<dt>Money received from outside (bank and mobile-money deposits)</dt><dd>-1234.50 USD<span class=\"hint\"> Below zero on purpose"),
        "{html}"
    );
    // The same reference for another amount: the refusal names the first amount in money.
    let again = [
        ("organization_id", org.as_str()),
        ("amount", "20.00"),
        ("reference", "TX-1"),
    ];
    let (status, _, html) = en.post("/operator/deposits", &again).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("was already recorded for a deposit of 1234.50 USD; use the bank"),
        "{html}"
    );
    assert!(!html.contains("minor units"), "{html}");
    let (status, _, html) = fr.post("/operator/deposits", &again).await;
    let html = unquoted(&html);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("pour un dépôt de 1\u{202f}234,50 USD ; utilisez"),
        "{html}"
    );
    let operator = crate::support::operator_at(&app.base).await;
    let (status, body) = operator
        .post(
            "/api/v1/operator/deposits",
            json!({"organization_id": org, "amount": "20.00", "reference": "TX-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body.to_string().contains("a deposit of 1234.50 USD;"),
        "{body}"
    );
}
