//! Sign-in abuse and account security (issue 12, findings 2, 3, 12 and 14): HTTP Basic
//! only where a key is made, the bound on hashing at once, the back-off per email and per
//! address (on the app clock), and a sign-up that does not tell who has an account.

use crate::support::TestApp;
use crate::web::{FormPost, client, open_form};
use handprint_server::Settings;
use handprint_server::throttle::SignInPolicy;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

/// POST /api/v1/api-keys with HTTP Basic: (status, Retry-After, body).
async fn basic_key(app: &TestApp, email: &str, password: &str) -> (StatusCode, String, Value) {
    basic_key_from(app, email, password, None).await
}

async fn basic_key_from(
    app: &TestApp,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> (StatusCode, String, Value) {
    let mut request = app
        .http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth(email, Some(password));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    let r = request.send().await.expect("post");
    let status = r.status();
    let retry = r
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, retry, body)
}

fn with_policy(policy: SignInPolicy) -> Settings {
    Settings {
        sign_in: policy,
        ..Settings::default()
    }
}

#[tokio::test]
async fn http_basic_is_refused_everywhere_but_where_a_key_is_made() {
    let app = TestApp::spawn().await;
    let worker = app.worker("ana").await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/me"),
        (reqwest::Method::GET, "/api/v1/api-keys"),
        (reqwest::Method::POST, "/api/v1/work/next"),
    ] {
        let r = app
            .http
            .request(method, format!("{}{path}", app.base))
            .basic_auth("ana@worker.test", Some(PASSWORD))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = r.json().await.expect("json");
        assert_eq!(
            body["detail"],
            "HTTP Basic (email and password) is accepted only by POST /api/v1/api-keys: create a key there, then send it as 'Authorization: Bearer <key>'",
            "{path}"
        );
    }
    // Where a key is made, Basic works, and the key works everywhere else.
    let (status, _, body) = basic_key(&app, "ana@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mut keyed = worker.clone();
    keyed.key = body["key"].as_str().map(str::to_string);
    let (status, me) = keyed.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "ana@worker.test");
}

#[tokio::test]
async fn forty_wrong_passwords_lock_the_email_until_the_delay_has_passed() {
    let app = TestApp::spawn().await;
    app.worker("bo").await;
    let mut statuses = Vec::new();
    for _ in 0..40 {
        let (status, _, _) = basic_key(&app, "bo@worker.test", "not the password").await;
        statuses.push(status.as_u16());
    }
    // Five wrong passwords, then refused at once (no password is checked).
    let mut expected = vec![401; 5];
    expected.extend([429; 35]);
    assert_eq!(statuses, expected);

    // The right password too, while the lockout lasts; however the email is written.
    let (status, retry, body) = basic_key(&app, " BO@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry, "60");
    assert_eq!(body["status"], 429);
    assert_eq!(
        body["detail"],
        "too many failed sign-ins; try again in 60 seconds"
    );
    app.clock.advance_seconds(59);
    let (status, retry, body) = basic_key(&app, "bo@worker.test", PASSWORD).await;
    assert_eq!(
        (status, retry.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "1")
    );
    assert_eq!(
        body["detail"],
        "too many failed sign-ins; try again in 1 second"
    );

    app.clock.advance_seconds(1);
    let (status, _, _) = basic_key(&app, "bo@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED);

    // The success forgot the failures: four more wrong ones are only wrong.
    for _ in 0..4 {
        let (status, _, _) = basic_key(&app, "bo@worker.test", "not the password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _, _) = basic_key(&app, "bo@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED);
    // Each lockout after the last success lasts twice as long as the one before.
    let mut waits = Vec::new();
    for _ in 0..2 {
        for _ in 0..5 {
            basic_key(&app, "bo@worker.test", "not the password").await;
        }
        let (status, retry, _) = basic_key(&app, "bo@worker.test", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        waits.push(retry.clone());
        app.clock
            .advance_seconds(retry.parse::<i64>().expect("seconds"));
    }
    assert_eq!(waits, ["60", "120"]);
}

#[tokio::test]
async fn failures_on_many_emails_lock_the_address_for_every_email() {
    let app = TestApp::spawn().await;
    app.worker("fresh").await;
    // Four emails, five wrong passwords each (unknown emails count alike): twenty
    // failures from this address.
    for i in 0..4 {
        for _ in 0..5 {
            let (status, _, _) =
                basic_key(&app, &format!("probe{i}@worker.test"), "not the password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    // An account that never failed, with its right password, from the same address.
    let (status, retry, body) = basic_key(&app, "fresh@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(retry, "60");
    app.clock.advance_seconds(60);
    let (status, _, _) = basic_key(&app, "fresh@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    let policy = SignInPolicy {
        account_failures: 100,
        address_failures: 3,
        ..SignInPolicy::default()
    };
    for trusted in [false, true] {
        let app = TestApp::spawn_with(with_policy(SignInPolicy {
            trust_forwarded_for: trusted,
            ..policy
        }))
        .await;
        app.worker("cy").await;
        for _ in 0..3 {
            let (status, _, _) = basic_key_from(
                &app,
                "cy@worker.test",
                "not the password",
                Some("203.0.113.7"),
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let (same, _, _) =
            basic_key_from(&app, "cy@worker.test", PASSWORD, Some("203.0.113.7")).await;
        assert_eq!(same, StatusCode::TOO_MANY_REQUESTS, "trusted: {trusted}");
        // Another client behind the proxy is another address; without a trusted proxy
        // the header is anyone's to write, and the connection's address is locked.
        let (other, _, _) = basic_key_from(
            &app,
            "cy@worker.test",
            PASSWORD,
            Some("203.0.113.7, 198.51.100.2"),
        )
        .await;
        let expected = if trusted {
            StatusCode::CREATED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(other, expected, "trusted: {trusted}");
    }
}

/// Post the sign-in form with `password`, in `lang`: (status, Retry-After, page).
async fn sign_in_form(
    app: &TestApp,
    email: &str,
    password: &str,
    lang: &str,
) -> (StatusCode, String, String) {
    let (cookie, csrf) = open_form(app, "/signin").await;
    let r = client()
        .post(format!("{}/signin", app.base))
        .header("cookie", format!("{cookie}; hp_lang={lang}"))
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", ""),
        ])
        .send()
        .await
        .expect("post");
    let status = r.status();
    let retry = r
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, retry, r.text().await.expect("html"))
}

#[tokio::test]
async fn the_sign_in_form_says_how_long_to_wait_after_too_many_failures() {
    let app = TestApp::spawn().await;
    app.worker("dia").await;
    for _ in 0..5 {
        let (status, _, html) =
            sign_in_form(&app, "dia@worker.test", "not the password", "en").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains("Wrong email or password."), "{html}");
    }
    let (status, retry, html) = sign_in_form(&app, "dia@worker.test", PASSWORD, "en").await;
    assert_eq!(
        (status, retry.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "60")
    );
    assert!(
        html.contains("too many failed sign-ins; try again in 60 seconds"),
        "{html}"
    );
    app.clock.advance_seconds(59);
    let (status, _, html) = sign_in_form(&app, "dia@worker.test", PASSWORD, "fr").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("trop de connexions échouées ; réessayez dans 1 seconde"),
        "{html}"
    );
    // The API's key route and the form share the count.
    let (status, _, _) = basic_key(&app, "dia@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance_seconds(1);
    let (status, _, _) = sign_in_form(&app, "dia@worker.test", PASSWORD, "en").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn password_checks_beyond_the_hashing_bound_get_503_with_retry_after() {
    let app = TestApp::spawn_with(with_policy(SignInPolicy {
        account_failures: 1000,
        address_failures: 1000,
        max_concurrent_hashes: 1,
        hash_wait: std::time::Duration::ZERO,
        ..SignInPolicy::default()
    }))
    .await;
    let tries = (0..16).map(|i| {
        let app = &app;
        async move { basic_key(app, &format!("u{i}@worker.test"), "not the password").await }
    });
    let answers = futures::future::join_all(tries).await;
    let mut wrong = 0;
    let mut busy = 0;
    for (status, retry, body) in answers {
        match status {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(retry, "1");
                assert_eq!(
                    body["detail"],
                    "the server is checking too many passwords at once; try again in a few seconds"
                );
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(wrong >= 1 && busy >= 1, "wrong {wrong}, busy {busy}");
    assert_eq!(wrong + busy, 16);
}

async fn user_count(app: &TestApp) -> i64 {
    handprint_store::sql::query_scalar::<i64>("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn signing_up_with_a_known_email_answers_as_a_new_one_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let first = json!({"email": "bo@worker.test", "password": PASSWORD, "name": "Bo", "role": "worker", "country": "MG"});
    let (status, original) = anonymous.post("/api/v1/signup", first).await;
    assert_eq!(status, StatusCode::CREATED, "{original}");
    let again = json!({"email": "BO@worker.test", "password": "another long password", "name": "Bo Two", "role": "requester", "country": "IN", "organization": "Bo's lab"});
    let (status, reply) = anonymous.post("/api/v1/signup", again).await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    // The shape of a new requester account; nothing in it says the email was known.
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&reply), keys(&original));
    assert_eq!(reply["email"], "bo@worker.test");
    assert_eq!(reply["name"], "Bo Two");
    assert_eq!(reply["role"], "requester");
    assert_eq!(reply["organization"]["name"], "Bo's lab");
    assert_ne!(reply["id"], original["id"]);
    // Nothing was created or changed: the owner's password still works, the new one does not.
    assert_eq!(user_count(&app).await, 1);
    let (status, _, _) = basic_key(&app, "bo@worker.test", "another long password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let owner = app.key_for("bo@worker.test", PASSWORD).await;
    let (_, me) = owner.get("/api/v1/me").await;
    assert_eq!(
        (me["name"].as_str(), me["role"].as_str()),
        (Some("Bo"), Some("worker"))
    );
}

/// Post the sign-up form: (status, page or redirect target).
async fn sign_up_form(app: &TestApp, email: &str, password: &str) -> (StatusCode, String) {
    let (cookie, csrf) = open_form(app, "/signup").await;
    let r = client()
        .post(format!("{}/signup", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "worker"),
            ("name", "Eli"),
            ("email", email),
            ("password", password),
            ("country", "MG"),
        ])
        .send()
        .await
        .expect("post");
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match location {
        Some(to) => (status, to),
        None => (status, r.text().await.expect("html")),
    }
}

#[tokio::test]
async fn the_sign_up_form_signs_an_owner_in_and_counts_anyone_else_as_a_failed_sign_in() {
    let app = TestApp::spawn().await;
    assert_eq!(
        sign_up_form(&app, "eli@worker.test", PASSWORD).await,
        (StatusCode::SEE_OTHER, "/".to_string())
    );
    // The owner, signing up again with their own password, is signed in.
    assert_eq!(
        sign_up_form(&app, "eli@worker.test", PASSWORD).await,
        (StatusCode::SEE_OTHER, "/".to_string())
    );
    // Anyone else is told nothing about the account, and counted as a failed sign-in.
    for _ in 0..5 {
        let (status, html) = sign_up_form(&app, "ELI@worker.test", "someone else's password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("No account can be made with these details."),
            "{html}"
        );
        assert!(!html.contains("already exists"), "{html}");
    }
    let (status, html) = sign_up_form(&app, "eli@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("too many failed sign-ins; try again in 60 seconds"),
        "{html}"
    );
    assert_eq!(user_count(&app).await, 1);
}

#[tokio::test]
async fn a_session_makes_an_api_key_only_with_the_password_again() {
    let app = TestApp::spawn().await;
    app.worker("fara").await;
    let session = crate::web_money::Session::sign_in(&app, "fara@worker.test", PASSWORD).await;
    let keys = || async {
        handprint_store::sql::query_scalar::<i64>("SELECT COUNT(*) FROM api_keys")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };
    // One key so far: the one the test's sign-up made over the API.
    assert_eq!(keys().await, 1);
    for password in ["", "a stolen session's guess"] {
        let (status, _, html) = session
            .post("/keys", &[("label", "laptop"), ("password", password)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("This is not your password: no key was made."),
            "{html}"
        );
        assert!(!html.contains("id=\"new-key\""), "{html}");
    }
    assert_eq!(keys().await, 1);
    let (status, _, html) = session
        .post("/keys", &[("label", "laptop"), ("password", PASSWORD)])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"new-key\">hp_"), "{html}");
    assert_eq!(keys().await, 2);
    // Guesses count as failed sign-ins: five lock the email.
    for _ in 0..5 {
        session
            .post("/keys", &[("label", "x"), ("password", "guess again")])
            .await;
    }
    let (status, _, html) = session
        .post("/keys", &[("label", "laptop"), ("password", PASSWORD)])
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("too many failed sign-ins; try again in 60 seconds"),
        "{html}"
    );
    assert_eq!(keys().await, 2);
}

/// Whether a session cookie still opens a signed-in page.
async fn signed_in(app: &TestApp, session: &crate::web_money::Session) -> bool {
    let r = client()
        .get(format!("{}/keys", app.base))
        .header("cookie", &session.cookie)
        .send()
        .await
        .expect("get");
    match r.status() {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => {
            assert_eq!(r.headers()["location"], "/signin?next=/keys");
            false
        }
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn a_session_ends_when_unused_for_the_idle_time_and_at_its_absolute_end() {
    let app = TestApp::spawn_with(Settings {
        session: handprint_server::throttle::SessionPolicy {
            idle_seconds: 3600,
            max_seconds: 3 * 3600,
        },
        ..Settings::default()
    })
    .await;
    app.worker("gil").await;
    // Used every 50 minutes, it lasts past an hour, up to its third hour.
    let busy = crate::web_money::Session::sign_in(&app, "gil@worker.test", PASSWORD).await;
    let mut seen = Vec::new();
    for _ in 0..4 {
        app.clock.advance_seconds(50 * 60);
        seen.push(signed_in(&app, &busy).await);
    }
    // 50, 100, 150 minutes in; then 200: past the three hours.
    assert_eq!(seen, [true, true, true, false]);
    // Left alone for more than an hour, it ends.
    let idle = crate::web_money::Session::sign_in(&app, "gil@worker.test", PASSWORD).await;
    app.clock.advance_seconds(59 * 60);
    assert!(signed_in(&app, &idle).await);
    app.clock.advance_seconds(60 * 60 + 1);
    assert!(!signed_in(&app, &idle).await);
}

#[tokio::test]
async fn an_api_key_ends_after_its_days_and_then_says_it_expired() {
    let app = TestApp::spawn().await;
    app.worker("hana").await;
    let (status, _, made) = basic_key(&app, "hana@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED);
    // The instance's default: 90 days from the test clock's 2026-01-01.
    assert_eq!(made["expires_at"], "2026-04-01T00:00:00Z");
    let r = app
        .http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth("hana@worker.test", Some(PASSWORD))
        .json(&json!({"label": "one day", "expires_in_days": 1}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::CREATED);
    let short: Value = r.json().await.expect("json");
    assert_eq!(short["expires_at"], "2026-01-02T00:00:00Z");
    let mut day = app.anonymous();
    day.key = short["key"].as_str().map(str::to_string);
    let mut quarter = app.anonymous();
    quarter.key = made["key"].as_str().map(str::to_string);
    let (_, listed) = quarter.get("/api/v1/api-keys").await;
    let ends: Vec<&str> = listed
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["expires_at"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ends,
        [
            "2026-04-01T00:00:00Z",
            "2026-04-01T00:00:00Z",
            "2026-01-02T00:00:00Z"
        ]
    );
    assert_eq!(day.get("/api/v1/me").await.0, StatusCode::OK);
    app.clock.advance_seconds(24 * 3600);
    let (status, body) = day.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["detail"],
        "this API key expired on 2026-01-02T00:00:00Z; create a new one with POST /api/v1/api-keys"
    );
    assert_eq!(quarter.get("/api/v1/me").await.0, StatusCode::OK);
    // A key must end: more than 366 days, or none, is refused with its field.
    for days in [0, 367] {
        let r = app
            .http
            .post(format!("{}/api/v1/api-keys", app.base))
            .basic_auth("hana@worker.test", Some(PASSWORD))
            .json(&json!({"expires_in_days": days}))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["errors"][0]["path"], "/expires_in_days");
        assert_eq!(
            body["errors"][0]["message"],
            format!(
                "a key lasts 1 to 366 days, not {days}: give expires_in_days in that range, or leave it out for the instance's default"
            )
        );
    }
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_and_sign_out_everywhere_ends_all() {
    let app = TestApp::spawn().await;
    let worker = app.worker("ivo").await;
    let here = crate::web_money::Session::sign_in(&app, "ivo@worker.test", PASSWORD).await;
    let elsewhere = crate::web_money::Session::sign_in(&app, "ivo@worker.test", PASSWORD).await;
    // The current password must be right, and the new one as long as at sign-up.
    let (status, _, html) = here
        .post(
            "/account/password",
            &[
                ("current_password", "not the password"),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("this is not the account&#39;s current password"),
        "{html}"
    );
    let (status, body) = worker
        .post(
            "/api/v1/me/password",
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], "/new_password");
    assert!(signed_in(&app, &elsewhere).await);

    let (status, _, html) = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Your password is changed; 1 other session was signed out."),
        "{html}"
    );
    assert!(signed_in(&app, &here).await);
    assert!(!signed_in(&app, &elsewhere).await);
    let (status, _, _) = basic_key(&app, "ivo@worker.test", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = basic_key(&app, "ivo@worker.test", "a brand new passphrase").await;
    assert_eq!(status, StatusCode::CREATED);

    // Over the API, with a key (keys stay): every web session ends.
    let (status, body) = worker
        .post(
            "/api/v1/me/password",
            json!({"current_password": "a brand new passphrase", "new_password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"ended": 1}));
    assert!(!signed_in(&app, &here).await);

    // Sign out everywhere, from the page: this session and every other one end.
    let one = crate::web_money::Session::sign_in(&app, "ivo@worker.test", PASSWORD).await;
    let two = crate::web_money::Session::sign_in(&app, "ivo@worker.test", PASSWORD).await;
    let (status, to, _) = one.post("/account/signout-everywhere", &[]).await;
    assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/signin"));
    assert!(!signed_in(&app, &one).await);
    assert!(!signed_in(&app, &two).await);
    // And from the API.
    let three = crate::web_money::Session::sign_in(&app, "ivo@worker.test", PASSWORD).await;
    let (status, body) = worker.post_empty("/api/v1/me/sessions/revoke").await;
    assert_eq!((status, body), (StatusCode::OK, json!({"ended": 1})));
    assert!(!signed_in(&app, &three).await);
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);
}

#[tokio::test]
async fn signing_up_a_known_email_takes_about_as_long_as_a_new_one() {
    let app = TestApp::spawn().await;
    app.worker("known").await;
    let anonymous = app.anonymous();
    let median = |emails: Vec<String>| {
        let anonymous = anonymous.clone();
        async move {
            let mut times = Vec::new();
            for email in emails {
                let body = json!({"email": email, "password": PASSWORD, "name": "N", "role": "worker", "country": "MG"});
                let started = std::time::Instant::now();
                let (status, _) = anonymous.post("/api/v1/signup", body).await;
                times.push(started.elapsed());
                assert_eq!(status, StatusCode::CREATED);
            }
            times.sort();
            times[3]
        }
    };
    let new = median((0..7).map(|i| format!("new{i}@worker.test")).collect()).await;
    let known = median(vec!["known@worker.test".to_string(); 7]).await;
    // Both hash the password (Argon2, tens of milliseconds); only the new one stores a row.
    assert!(known * 3 >= new, "known {known:?} vs new {new:?}");
    assert!(new * 3 >= known, "known {known:?} vs new {new:?}");
}
