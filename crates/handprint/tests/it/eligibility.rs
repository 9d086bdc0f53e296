//! Eligibility (issue 13, first part): a project's countries, languages and
//! qualifications are checked when a task is leased; manual qualifications are
//! granted and revoked with a reason; a worker reads why they may not work somewhere.

use crate::support::{Client, TestApp, problem_paths};
use crate::web_money::Session;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

/// A worker whose account is in `country`.
async fn worker_in(app: &TestApp, name: &str, country: &str) -> Client {
    let email = format!("{name}@worker.test");
    let (status, body) = app
        .anonymous()
        .post(
            "/api/v1/signup",
            json!({"email": email, "password": PASSWORD, "name": name, "role": "worker", "country": country}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.key_for(&email, PASSWORD).await
}

/// Ask for the next task, of `project` when given; the status and the lease.
async fn next(worker: &Client, project: Option<&str>) -> (StatusCode, Value) {
    let body = match project {
        Some(p) => json!({"project_id": p}),
        None => json!({}),
    };
    worker.post("/api/v1/work/next", body).await
}

/// Answer the lease "pos" (asserts 200).
async fn submit(worker: &Client, lease: &Value) {
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The codes of the reasons the worker is given for not qualifying.
async fn reasons(worker: &Client, project: &str) -> Vec<String> {
    let (status, view) = worker
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let codes: Vec<String> = view["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(view["eligible"], codes.is_empty(), "{view}");
    codes
}

/// The pseudonym the requester's export of `project` gives its first answer's worker.
async fn pseudonym_in(requester: &Client, project: &str) -> String {
    let (status, export) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, StatusCode::OK, "{export}");
    let row: Value = serde_json::from_str(export.lines().next().expect("a row")).expect("json");
    row["worker"].as_str().expect("a pseudonym").to_string()
}

/// A manual qualification of the requester's organisation; its id.
async fn qualification(requester: &Client, name: &str) -> String {
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": name, "description": "Reads Malagasy legal text.", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(q["kind"], "manual");
    assert_eq!(q["holders"], 0);
    q["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_worker_outside_the_countries_or_without_the_languages_gets_no_item_of_the_project() {
    let app = TestApp::spawn().await;
    let requester = app.requester("elig").await;
    let restricted = requester
        .funded_project(
            2,
            json!({"eligibility": {"countries": ["fr"], "languages": ["FR"]}}),
        )
        .await;
    let (_, read) = requester
        .get(&format!("/api/v1/projects/{restricted}"))
        .await;
    assert_eq!(
        read["eligibility"],
        json!({"countries": ["FR"], "languages": ["fr"], "qualifications": [], "included_only": false})
    );
    let open = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;

    // Madagascar, no languages: nothing of the restricted project, by name or not.
    let mg = app.worker("mg").await;
    assert_eq!(next(&mg, Some(&restricted)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        reasons(&mg, &restricted).await,
        ["why-country", "why-languages"]
    );
    let (status, lease) = next(&mg, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], open.as_str(), "{lease}");
    submit(&mg, &lease).await;
    assert_eq!(next(&mg, None).await.0, StatusCode::NO_CONTENT);
    // Declaring French does not change the country.
    let (status, me) = mg
        .patch("/api/v1/me", json!({"languages": ["fr", "mg"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["languages"], json!(["fr", "mg"]));
    assert_eq!(next(&mg, Some(&restricted)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(reasons(&mg, &restricted).await, ["why-country"]);

    // France without French declared: still nothing, and the reason says which.
    let fr = worker_in(&app, "fr", "FR").await;
    assert_eq!(next(&fr, Some(&restricted)).await.0, StatusCode::NO_CONTENT);
    let (_, view) = fr
        .get(&format!("/api/v1/projects/{restricted}/eligibility"))
        .await;
    assert_eq!(
        view["reasons"][0]["message"],
        "Asks for workers who know fr: if you do, add fr to the languages in your settings."
    );
    let (status, _) = fr.patch("/api/v1/me", json!({"languages": ["fr"]})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reasons(&fr, &restricted).await, Vec::<String>::new());
    let (status, lease) = next(&fr, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], restricted.as_str(), "{lease}");
    let (_, me) = fr.get("/api/v1/me").await;
    assert_eq!(me["languages"], json!(["fr"]));

    // Lifting the restriction opens the project to the worker from Madagascar.
    let (status, body) = requester
        .patch(
            &format!("/api/v1/projects/{restricted}"),
            json!({"eligibility": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, lease) = next(&mg, Some(&restricted)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
}

#[tokio::test]
async fn a_manual_grant_gives_access_a_low_score_does_not_and_a_revocation_removes_it() {
    let app = TestApp::spawn().await;
    let requester = app.requester("grant").await;
    let q = qualification(&requester, "Malagasy legal text").await;
    // An earlier project, where the worker got the pseudonym the requester knows them by.
    let earlier = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ravo").await;
    let other = app.worker("other").await;
    let (_, lease) = next(&worker, Some(&earlier)).await;
    submit(&worker, &lease).await;
    let (_, export) = requester
        .get_text(&format!("/api/v1/projects/{earlier}/answers"))
        .await;
    let row: Value = serde_json::from_str(export.lines().next().expect("a row")).expect("json");
    let pseudonym = row["worker"].as_str().expect("a pseudonym").to_string();

    let project = requester
        .funded_project(
            3,
            json!({"answers_per_task": 1, "eligibility": {"qualifications": [{"id": q, "min_score": 60}]}}),
        )
        .await;
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(next(&worker, None).await.0, StatusCode::NO_CONTENT);
    let (_, view) = worker
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(
        view["reasons"][0]["message"],
        "Asks for the qualification \"Malagasy legal text\" (score 60 or more), which you do not hold. It is granted by a person: ask the requester."
    );

    let grants = format!("/api/v1/qualifications/{q}/grants");
    let (status, body) = requester
        .post(
            &grants,
            json!({"worker": pseudonym, "score": 50, "reason": "Passed our phone interview, with gaps."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["holders"], 1);
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(reasons(&worker, &project).await, ["why-qualification-low"]);

    let (status, _) = requester
        .post(
            &grants,
            json!({"worker": pseudonym, "score": 80, "reason": "Second interview: fluent."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, lease) = next(&worker, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], project.as_str());
    submit(&worker, &lease).await;
    // Another worker holds nothing and gets nothing of it.
    assert_eq!(next(&other, Some(&project)).await.0, StatusCode::NO_CONTENT);

    let revoke = app
        .anonymous()
        .http
        .delete(format!("{}{grants}/{pseudonym}", app.base))
        .json(&json!({"reason": "Answers on the last batch ignored the glossary."}));
    let (status, body) = requester.send(revoke).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    let again = app
        .anonymous()
        .http
        .delete(format!("{}{grants}/{pseudonym}", app.base))
        .json(&json!({"reason": "Twice."}));
    assert_eq!(requester.send(again).await.0, StatusCode::NOT_FOUND);

    let (status, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["qualifications"], json!([]));
    let history: Vec<(String, Value, String)> = mine["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["score"].clone(),
                e["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (
                "revoked".to_string(),
                Value::Null,
                "Answers on the last batch ignored the glossary.".to_string()
            ),
            (
                "granted".to_string(),
                json!(80),
                "Second interview: fluent.".to_string()
            ),
            (
                "granted".to_string(),
                json!(50),
                "Passed our phone interview, with gaps.".to_string()
            ),
        ]
    );
    let (_, theirs) = other.get("/api/v1/me/qualifications").await;
    assert_eq!(theirs, json!({"qualifications": [], "history": []}));

    let (status, renamed) = requester
        .patch(
            &format!("/api/v1/qualifications/{q}"),
            json!({"name": "Malagasy law"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{renamed}");
    assert_eq!(renamed["name"], "Malagasy law");
    assert_eq!(renamed["holders"], 0);
    let (_, listed) = requester.get("/api/v1/qualifications").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn bad_eligibility_and_qualifications_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let requester = app.requester("strict").await;
    let rival = app.requester("rival").await;
    let theirs = qualification(&rival, "Rival's own").await;

    let mut body = crate::support::sentiment_project();
    body["eligibility"] = json!({
        "countries": ["FR", "France"],
        "languages": ["French"],
        "qualifications": [{"id": "no-such-qualification"}, {"id": theirs, "min_score": 10}]
    });
    let (status, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/eligibility/countries/1", "/eligibility/languages/0"]
    );
    assert_eq!(
        problem["errors"][1]["message"],
        "\"French\" is a language's name: the language must be its ISO 639-1 code, \"fr\""
    );
    body["eligibility"]["countries"] = json!(["FR"]);
    body["eligibility"]["languages"] = json!(["fr"]);
    let (status, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        [
            "/eligibility/qualifications/0/id",
            "/eligibility/qualifications/1/id"
        ]
    );
    assert_eq!(
        problem["errors"][1]["message"],
        format!(
            "the qualification {theirs} belongs to another organisation: a project may ask for its own organisation's qualifications or an operator's"
        )
    );

    // An operator's qualification may be asked for by any organisation's project.
    let operator = app.operator().await;
    let (status, shared) = operator
        .post(
            "/api/v1/qualifications",
            json!({"name": "Identity checked", "description": "Checked by the operators.", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{shared}");
    assert_eq!(shared["organization_id"], Value::Null);
    body["eligibility"]["qualifications"] = json!([{"id": shared["id"], "min_score": 101}]);
    let (status, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/eligibility/qualifications/0/min_score"]
    );
    body["eligibility"]["qualifications"] = json!([{"id": shared["id"], "min_score": 100}]);
    let (status, project) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::CREATED, "{project}");
    // A requester may not grant the operators' qualification.
    let (status, _) = requester
        .post(
            &format!(
                "/api/v1/qualifications/{}/grants",
                shared["id"].as_str().unwrap_or("")
            ),
            json!({"worker": "w-000000000000", "score": 100, "reason": "No."}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A performance qualification needs its terms.
    let (status, problem) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Quiz", "description": "Ten items.", "kind": "performance"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/min_controls", "/pass_score"]);
    let (status, problem) = requester
        .post("/api/v1/qualifications", json!({"kind": "manual"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&problem), ["/name", "/description"]);

    // Grants name a worker the organisation knows, with a score in range and a reason.
    let mine = qualification(&requester, "Ours").await;
    let (status, problem) = requester
        .post(
            &format!("/api/v1/qualifications/{mine}/grants"),
            json!({"worker": "w-000000000000", "score": 50, "reason": "Good work."}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/worker"]);
    let (status, problem) = requester
        .post(
            &format!("/api/v1/qualifications/{mine}/grants"),
            json!({"worker": "w-000000000000", "score": 101, "reason": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&problem), ["/reason", "/score"]);
    // Another organisation neither sees nor grants it.
    let (status, _) = rival.get(&format!("/api/v1/qualifications/{mine}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Workers declare known languages and do not define qualifications.
    let worker = app.worker("lang").await;
    let (status, problem) = worker
        .patch("/api/v1/me", json!({"languages": ["mg", "xx"]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/languages/1"]);
    let (status, _) = worker
        .post(
            "/api/v1/qualifications",
            json!({"name": "Mine", "description": "x", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An operator grants the operators' qualification by account id.
    let (_, me) = worker.get("/api/v1/me").await;
    let shared_grants = format!(
        "/api/v1/qualifications/{}/grants",
        shared["id"].as_str().unwrap_or("")
    );
    let (status, problem) = operator
        .post(
            &shared_grants,
            json!({"worker": "no-such-account", "score": 100, "reason": "Papers seen."}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/worker"]);
    let (status, granted) = operator
        .post(
            &shared_grants,
            json!({"worker": me["id"], "score": 100, "reason": "Papers seen."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{granted}");
    assert_eq!(granted["holders"], 1);
    let (_, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(mine["qualifications"][0]["name"], "Identity checked");
    assert_eq!(mine["qualifications"][0]["score"], 100);
}

#[tokio::test]
async fn the_find_work_page_says_why_a_worker_may_not_take_a_project() {
    let app = TestApp::spawn().await;
    let requester = app.requester("page").await;
    let q = qualification(&requester, "Legal Malagasy").await;
    let project = requester
        .funded_project(
            1,
            json!({"title": "Contracts", "eligibility": {"countries": ["FR", "BE"], "languages": ["fr"], "qualifications": [{"id": q, "min_score": 70}]}}),
        )
        .await;
    app.worker("noe").await;
    let page = Session::sign_in(&app, "noe@worker.test", PASSWORD).await;
    let (status, html) = page.get("/work").await;
    assert_eq!(status, StatusCode::OK);
    let card = html
        .split(&format!("id=\"p-{project}\""))
        .nth(1)
        .and_then(|rest| rest.split("</li>\n").next())
        .expect("the project's card");
    assert!(
        card.contains("You cannot take this project&#39;s tasks yet:")
            || card.contains("You cannot take this project's tasks yet:"),
        "{card}"
    );
    assert!(
        card.contains("Open only to workers in FR, BE; your account"),
        "{card}"
    );
    assert!(card.contains("Asks for workers who know fr"), "{card}");
    assert!(card.contains("Legal Malagasy"), "{card}");
    assert!(card.contains("ask the requester."), "{card}");
    assert!(!card.contains("action=\"/work/next\""), "{card}");
    // Pressing "Start" anyway (a stale page) says why there is no task.
    let (status, to, _) = page
        .post("/work/next", &[("project_id", project.as_str())])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(to, format!("/work?ineligible=1#p-{project}"));
    let (_, html) = page.get("/work?ineligible=1").await;
    assert!(
        html.replace("&#39;", "'")
            .contains("You cannot take that project's tasks: its card below says why."),
        "{html}"
    );
    // In French.
    let french = Session {
        base: page.base.clone(),
        cookie: format!("{}; hp_lang=fr", page.cookie),
        csrf: page.csrf.clone(),
    };
    let (_, html) = french.get("/work").await;
    let html = html.replace("&#39;", "'").replace("&#34;", "\"");
    assert!(
        html.contains("Vous ne pouvez pas encore prendre les tâches de ce projet :"),
        "{html}"
    );
    assert!(
        html.contains(
            "Ouvert seulement aux travailleurs de FR, BE ; le pays de votre compte est MG."
        ),
        "{html}"
    );
    assert!(
        html.contains("Demande la qualification « Legal Malagasy » (score de 70 ou plus), que vous n'avez pas. Elle est accordée par une personne : demandez-la au demandeur."),
        "{html}"
    );

    // The settings page declares languages, and the language reason goes away.
    let (status, to, _) = page.post("/me/settings", &[("languages", "fr, mg")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(to, "/me/settings?saved=1");
    let (_, settings) = page.get("/me/settings").await;
    assert!(settings.contains("French, Malagasy"), "{settings}");
    let (status, _, refused) = page.post("/me/settings", &[("languages", "French")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("ISO 639-1 code"), "{refused}");
    let (_, html) = page.get("/work").await;
    assert!(!html.contains("Asks for workers who know fr"));
    assert!(html.contains("Legal Malagasy"));
}

#[tokio::test]
async fn the_project_editor_sets_the_eligibility_and_shows_a_bad_code_beside_its_input() {
    let app = TestApp::spawn().await;
    let requester = app.requester("editor").await;
    let q = qualification(&requester, "Careful reader").await;
    let id = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let s = Session::sign_in(&app, "editor@requester.test", PASSWORD).await;
    let form = |countries: &'static str, languages: &'static str, qualifications: String| {
        vec![
            ("title", "Review sentiment".to_string()),
            ("instructions", "Choose the sentiment of the review.".into()),
            (
                "purpose",
                "Train a review classifier for a small bookshop's search page.".into(),
            ),
            ("end_uses", "search".into()),
            ("sensitive_content", "none".into()),
            ("estimated_seconds", "20".into()),
            ("lease_seconds", "300".into()),
            ("review_window_seconds", "259200".into()),
            ("language", "en".into()),
            ("elig_countries", countries.into()),
            ("elig_languages", languages.into()),
            ("elig_qualifications", qualifications),
        ]
    };
    let post = |pairs: Vec<(&'static str, String)>| {
        let s = &s;
        let path = format!("/projects/{id}/edit");
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post(&path, &pairs).await
        }
    };
    let (status, _, html) = post(form("FR, XX", "fr, mg", format!("{q} 70"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let after_input = html
        .split("id=\"elig_countries\"")
        .nth(1)
        .and_then(|rest| rest.split("<label").next())
        .expect("the countries input");
    assert!(
        after_input.contains("is not a country code"),
        "{after_input}"
    );
    let (status, to, html) = post(form("FR, BE", "fr, mg", format!("{q} 70"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, format!("/projects/{id}"));
    let (_, stored) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        stored["eligibility"],
        json!({"countries": ["FR", "BE"], "languages": ["fr", "mg"], "qualifications": [{"id": q, "min_score": 70}], "included_only": false})
    );
    let (_, html) = s.get(&format!("/projects/{id}/edit")).await;
    assert!(html.contains("value=\"FR, BE\""), "{html}");
    assert!(html.contains(&format!("{q} 70</textarea>")), "{html}");
    // Emptied, the project is open to every worker again.
    let (status, _, _) = post(form("", "", String::new())).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let worker = app.worker("anyone").await;
    let (status, lease) = next(&worker, Some(&id)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
}

#[tokio::test]
async fn a_blocked_worker_gets_nothing_of_the_organisation_and_an_include_list_admits_only_its_workers()
 {
    let app = TestApp::spawn().await;
    let requester = app.requester("lists").await;
    let elsewhere = app.requester("elsewhere").await;
    let first = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let second = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let copier = app.worker("copier").await;
    let careful = app.worker("careful").await;
    let (_, lease) = next(&copier, Some(&first)).await;
    submit(&copier, &lease).await;
    let (_, lease) = next(&careful, Some(&second)).await;
    submit(&careful, &lease).await;
    let copier_name = pseudonym_in(&requester, &first).await;
    let careful_name = pseudonym_in(&requester, &second).await;

    let (status, problem) = requester
        .send(
            app.anonymous()
                .http
                .put(format!("{}/api/v1/worker-lists/{copier_name}", app.base))
                .json(&json!({"list": "ban"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/list", "/reason"]);
    let (status, listed) = requester
        .send(
            app.anonymous()
                .http
                .put(format!("{}/api/v1/worker-lists/{copier_name}", app.base))
                .json(&json!({"list": "block", "reason": "Answers copied from a search engine."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["list"], "block");
    assert_eq!(listed["worker"], copier_name.as_str());

    // Blocked from every project of the organisation, open ones included; not elsewhere.
    let open = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let other = elsewhere
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    assert_eq!(next(&copier, Some(&open)).await.0, StatusCode::NO_CONTENT);
    let (status, lease) = next(&copier, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], other.as_str());
    submit(&copier, &lease).await;
    let (_, view) = copier
        .get(&format!("/api/v1/projects/{open}/eligibility"))
        .await;
    assert_eq!(
        view["reasons"][0]["message"],
        "The requester has blocked you from their projects, writing: \"Answers copied from a search engine.\". If you think this is wrong, write to the requester."
    );

    // A project for listed workers only: nobody until they are included.
    let listed_only = requester
        .funded_project(
            2,
            json!({"answers_per_task": 1, "eligibility": {"included_only": true}}),
        )
        .await;
    assert_eq!(
        next(&careful, Some(&listed_only)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(reasons(&careful, &listed_only).await, ["why-not-included"]);
    let (status, _) = requester
        .send(
            app.anonymous()
                .http
                .put(format!("{}/api/v1/worker-lists/{careful_name}", app.base))
                .json(&json!({"list": "include", "reason": "Careful on the first batch."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, lease) = next(&careful, Some(&listed_only)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");

    // Unblocked, the worker gets the open project's item, but not the listed-only one.
    let unblock = app
        .anonymous()
        .http
        .delete(format!("{}/api/v1/worker-lists/{copier_name}", app.base))
        .json(&json!({"reason": "Explained: a shared computer."}));
    assert_eq!(requester.send(unblock).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        next(&copier, Some(&listed_only)).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, lease) = next(&copier, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], open.as_str());
    let (_, lists) = requester.get("/api/v1/worker-lists").await;
    assert_eq!(lists.as_array().map(Vec::len), Some(1), "{lists}");
    assert_eq!(lists[0]["worker"], careful_name.as_str());
    assert_eq!(lists[0]["list"], "include");
}

#[tokio::test]
async fn a_requester_grants_and_takes_back_a_qualification_on_the_pages_with_a_reason() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pages").await;
    let earlier = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("hanta").await;
    let (_, lease) = next(&worker, Some(&earlier)).await;
    submit(&worker, &lease).await;
    let pseudonym = pseudonym_in(&requester, &earlier).await;
    let s = Session::sign_in(&app, "pages@requester.test", PASSWORD).await;

    let (status, html) = s.get("/grants").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Your organisation has no qualification granted by hand yet."),
        "{html}"
    );
    let (status, to, html) = s
        .post(
            "/grants",
            &[
                ("name", "Careful reader"),
                ("description", "Reads every word."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, "/grants?done=created");
    let (_, list) = requester.get("/api/v1/qualifications").await;
    let q = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|q| q["name"] == "Careful reader")
        .expect("the new qualification")["id"]
        .as_str()
        .expect("an id")
        .to_string();
    let (_, html) = s.get("/grants?done=created").await;
    assert!(html.contains("The qualification is created."), "{html}");
    assert!(html.contains("Nobody holds it."), "{html}");

    // A score out of range is shown with its field, the typed values kept.
    let grant = format!("/grants/{q}");
    let (status, _, html) = s
        .post(
            &grant,
            &[
                ("worker", &pseudonym),
                ("score", "140"),
                ("reason", "Careful work."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("/score: "), "{html}");
    assert!(html.contains(&format!("value=\"{pseudonym}\"")), "{html}");
    let (status, to, html) = s
        .post(
            &grant,
            &[
                ("worker", &pseudonym),
                ("score", "80"),
                ("reason", "Careful work."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, "/grants?done=granted");
    let (_, html) = s.get("/grants").await;
    assert!(html.contains("1 worker holds it."), "{html}");
    let (_, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(
        mine["qualifications"][0]["name"], "Careful reader",
        "{mine}"
    );
    assert_eq!(mine["qualifications"][0]["score"], 80, "{mine}");
    assert_eq!(mine["history"][0]["reason"], "Careful work.", "{mine}");

    let (status, to, html) = s
        .post(
            &format!("{grant}/revoke"),
            &[("worker", &pseudonym), ("reason", "Granted by mistake.")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, "/grants?done=revoked");
    let (_, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(mine["qualifications"], json!([]), "{mine}");
    assert_eq!(mine["history"][0]["action"], "revoked", "{mine}");
    assert_eq!(
        mine["history"][0]["reason"], "Granted by mistake.",
        "{mine}"
    );
    // Taking back what nobody holds says so.
    let (status, _, html) = s
        .post(
            &format!("{grant}/revoke"),
            &[("worker", &pseudonym), ("reason", "Again.")],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
}

#[tokio::test]
async fn a_requester_creates_a_performance_qualification_on_the_page() {
    let app = TestApp::spawn().await;
    let requester = app.requester("perfpage").await;
    let s = Session::sign_in(&app, "perfpage@requester.test", PASSWORD).await;
    let form = |score: &'static str| {
        vec![
            ("kind", "performance"),
            ("name", "Accurate on controls"),
            ("description", "Right on most control items."),
            ("pass_score", score),
            ("min_controls", "1"),
        ]
    };
    let (status, _, html) = s.post("/grants", &form("101")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("/pass_score: "), "{html}");
    assert!(html.contains("value=\"Accurate on controls\""), "{html}");
    let (status, to, html) = s.post("/grants", &form("85")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, "/grants?done=created");
    let (_, html) = s.get("/grants").await;
    assert!(
        html.contains("Granted at 85 % right or more · after 1 control answer · Nobody holds it."),
        "{html}"
    );
    let (_, list) = requester.get("/api/v1/qualifications").await;
    let q = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|q| q["name"] == "Accurate on controls")
        .expect("the new qualification")
        .clone();
    assert_eq!(q["kind"], "performance", "{q}");
    assert_eq!(q["description"], "Right on most control items.", "{q}");
}
