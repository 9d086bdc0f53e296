//! Issue 12's attacks, each performed against the real server and seen to fail:
//! open redirects, spreadsheet formulas, oversized amounts, missing security headers,
//! slow or too many clients, anonymous session rows, the demo operator.

use crate::browser::{ONE_BROWSER, chrome};
use crate::support::TestApp;
use crate::web::{FormPost, client, form, open_form};
use handprint_core::Money;
use handprint_server::Settings;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

/// Ways to write "another site" that a browser follows from a `Location` header.
const AWAY: [&str; 6] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "https://evil.example/",
];

#[tokio::test]
async fn a_language_switch_or_a_sign_in_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    app.worker("away").await;
    for away in AWAY {
        let r = client()
            .get(format!(
                "{}/lang?{}",
                app.base,
                form(&[("l", "fr"), ("back", away)])
            ))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{away:?}");
        assert_eq!(r.headers()[LOCATION], "/", "{away:?}");

        // The sign-in form does not carry it, and the post does not follow it.
        let r = client()
            .get(format!("{}/signin?{}", app.base, form(&[("next", away)])))
            .send()
            .await
            .expect("get");
        let html = r.text().await.expect("html");
        assert!(
            html.contains("name=\"next\" value=\"\""),
            "{away:?}: {html}"
        );
        let (cookie, csrf) = open_form(&app, "/signin").await;
        let r = client()
            .post(format!("{}/signin", app.base))
            .header("cookie", &cookie)
            .form_body(&[
                ("_csrf", csrf.as_str()),
                ("email", "away@worker.test"),
                ("password", "correct horse battery"),
                ("next", away),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{away:?}");
        assert_eq!(r.headers()[LOCATION], "/", "{away:?}");
    }
    // A path on this site is still followed.
    let r = client()
        .get(format!("{}/lang?l=fr&back=/work%3Fpage%3D2", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.headers()[LOCATION], "/work?page=2");
}

#[tokio::test]
async fn browser_a_tab_in_a_redirect_target_does_not_take_chromium_to_another_site() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    app.worker("tabbed").await;
    c.go("/lang?l=en&back=/%09/evil.example").await;
    let home = format!("{}/", app.base);
    let at = c.url().await;
    assert!(at.starts_with(&home), "left the site: {at}");
    c.go("/signin?next=/%09/evil.example").await;
    c.fill("#email", "tabbed@worker.test").await;
    c.fill("#password", "correct horse battery").await;
    c.click_to_leave("form.card button[type=submit]").await;
    let at = c.url().await;
    assert!(at.starts_with(&home), "left the site: {at}");
    c.el("form[action='/signout']").await; // signed in
}

/// Every cell of a CSV download, row by row (the header included).
fn csv_cells(csv: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

/// The cells a spreadsheet would run as a formula: they start with `=`, `+`, `-`, `@`,
/// a tab or a carriage return and are not a plain number such as `-0.60`.
fn formulas(rows: &[Vec<String>]) -> Vec<String> {
    let number = |c: &str| {
        let digits = c.trim_start_matches('-');
        !digits.is_empty() && digits.parse::<f64>().is_ok() && !digits.starts_with(['+', '-'])
    };
    rows.iter()
        .flatten()
        .filter(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number(c))
        .cloned()
        .collect()
}

#[tokio::test]
async fn text_that_starts_like_a_formula_is_written_to_every_csv_as_text() {
    let app = TestApp::spawn_with(Settings {
        payout_threshold: Money(15),
        ..Settings::default()
    })
    .await;
    let requester = app.requester("sheet").await;
    let project = requester
        .funded_project_of(
            json!({"kind": "text", "question": "Transcribe", "max_length": 100}),
            &[json!({"external_id": "+item", "text": "-2+3"})],
        )
        .await;
    let worker = app.worker("sheet").await;
    let answer = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let a = crate::money::answer(&app, &worker, &project, json!(answer), 10).await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    requester.fund("0.55").await;
    let message = "@SUM(1+1)*cmd|' /C calc'!A0";
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{a}/bonus"),
            json!({"amount": "0.50", "message": message, "idempotency_key": "b1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let destination = "=cmd|' /C calc'!A0";
    let (status, body) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.60", "destination": destination}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let operator = app.operator().await;

    let downloads = [
        (
            &requester,
            format!("/api/v1/projects/{project}/answers?format=csv"),
        ),
        (
            &requester,
            format!("/api/v1/projects/{project}/labels?format=csv"),
        ),
        (&requester, "/api/v1/statement?format=csv".to_string()),
        (&worker, "/api/v1/statement?format=csv".to_string()),
        (&operator, "/api/v1/operator/payouts?format=csv".to_string()),
    ];
    let mut all = Vec::new();
    for (who, path) in &downloads {
        let (status, csv) = who.get_text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {csv}");
        let rows = csv_cells(&csv);
        assert_eq!(formulas(&rows), Vec::<String>::new(), "{path}: {csv}");
        all.push(rows);
    }
    let has = |i: usize, cell: &str| all[i].iter().flatten().any(|c| c == cell);
    // The answer, the item's data and its external id, as text.
    assert!(has(0, &format!("'{answer}")), "{:?}", all[0]);
    assert!(has(0, "'-2+3") && has(0, "'+item"), "{:?}", all[0]);
    assert!(has(1, &format!("'{answer}")), "{:?}", all[1]);
    // The payout's destination, as text; amounts the product formats stay numbers.
    assert!(has(4, &format!("'{destination}")), "{:?}", all[4]);
    assert!(has(4, "0.60"), "{:?}", all[4]);
    assert!(
        has(3, "-0.60"),
        "the payout leaves the balance: {:?}",
        all[3]
    );
    // The bonus's message, in both statements.
    assert!(has(2, &format!("'{message}")), "{:?}", all[2]);
    assert!(has(3, &format!("'{message}")), "{:?}", all[3]);
}

#[tokio::test]
async fn an_oversized_deposit_is_refused_and_the_books_still_answer() {
    let app = TestApp::spawn().await;
    let requester = app.requester("huge").await;
    requester.fund("10.00").await;
    let org = requester.organization_id().await;
    let operator = app.operator().await;
    for huge in [
        "92233720368547758.07",
        "1000000000.01",
        "79228162514264337593543950335",
    ] {
        let (status, body) = operator
            .post(
                "/api/v1/operator/deposits",
                json!({"organization_id": org, "amount": huge, "reference": "big"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{huge}: {body}");
        assert_eq!(
            (&body["errors"][0]["path"], &body["errors"][0]["message"]),
            (
                &json!("/amount"),
                &json!(format!(
                    "\"{huge}\" is more than the largest amount accepted, 1000000000.00 USD"
                ))
            ),
            "{body}"
        );
    }
    // The largest itself is accepted, and a reward or a bonus over it is refused alike.
    let (status, body) = operator
        .post(
            "/api/v1/operator/deposits",
            json!({"organization_id": org, "amount": "1000000000.00", "reference": "max"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Too rich", "reward": "1000000000.01"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        crate::support::problem_paths(&body).contains(&"/reward".to_string()),
        "{body}"
    );

    // The balance and the ledger check still answer, with exact sums.
    let b = crate::money::balance(&requester).await;
    assert_eq!(
        b["organization"]["available"].as_str(),
        Some("1000000010.00"),
        "{b}"
    );
    crate::money::assert_books_balance(&app).await;
    let out = crate::support::handprint_command()
        .args(crate::support::db_flags(&app.location))
        .args(["ledger", "check"])
        .output()
        .expect("run ledger check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("ledger ok:"),
        "{stdout}"
    );

    // Past the parser, the database itself refuses a balance beyond 64 bits (SQLite
    // would make it a REAL; a trigger refuses that), and nothing changes.
    let overflow = handprint_store::sql::query(
        "UPDATE ledger_accounts SET balance = balance + 9223372036854775807 WHERE kind = 'org_available'",
    )
    .execute(&app.state.db)
    .await;
    assert!(overflow.is_err(), "{overflow:?}");
    // A fraction: SQLite would store a REAL, the trigger refuses it (PostgreSQL rounds a
    // numeric to the BIGINT column, so a fraction is never stored there either).
    if crate::support::backend() == "sqlite" {
        let real = handprint_store::sql::query(
            "UPDATE ledger_accounts SET balance = balance + 0.5 WHERE kind = 'org_available'",
        )
        .execute(&app.state.db)
        .await;
        assert!(real.is_err(), "{real:?}");
    }
    crate::money::assert_books_balance(&app).await;
}

#[tokio::test]
async fn the_largest_amount_is_the_instances_setting() {
    let mut settings = Settings::default();
    settings.currency.max_amount = Money(10_000);
    let app = TestApp::spawn_with(settings).await;
    let requester = app.requester("capped").await;
    requester.fund("100.00").await;
    let org = requester.organization_id().await;
    let (status, body) = app
        .operator()
        .await
        .post(
            "/api/v1/operator/deposits",
            json!({"organization_id": org, "amount": "100.01", "reference": "over"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "\"100.01\" is more than the largest amount accepted, 100.00 USD",
        "{body}"
    );
}

/// The Content-Security-Policy every response carries.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https: data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

#[tokio::test]
async fn every_response_carries_the_security_headers_and_hsts_when_the_instance_is_https_only() {
    let app = TestApp::spawn().await;
    let worker = app.worker("headed").await;
    let mut responses = Vec::new();
    for path in [
        "/signin",
        "/api/v1/projects",
        "/static/app.css",
        "/no-such-page",
    ] {
        let r = client()
            .get(format!("{}{path}", app.base))
            .header("accept", "text/html")
            .send()
            .await
            .expect("get");
        responses.push((path.to_string(), r));
    }
    let r = worker
        .http
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(worker.key.as_deref().expect("key"))
        .send()
        .await
        .expect("get");
    responses.push(("/api/v1/me".into(), r));
    for (path, r) in &responses {
        let h = r.headers();
        let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(get("content-security-policy"), Some(CSP), "{path}");
        assert_eq!(get("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(get("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            get("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        assert_eq!(get("strict-transport-security"), None, "{path}: plain http");
    }

    let app = TestApp::spawn_with(Settings {
        cookie_secure: true,
        ..Settings::default()
    })
    .await;
    let r = client()
        .get(format!("{}/signin", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(
        r.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookie = crate::web::session_cookie(&r).expect("a session cookie");
    assert!(
        cookie.ends_with("; Secure"),
        "without any proxy header: {cookie}"
    );
}

/// Collect every CSP violation of every page the browser opens from now on.
async fn record_csp_violations(c: &crate::browser::Chrome) {
    c.cdp("Page.enable", json!({})).await;
    c.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"}),
    )
    .await;
}

/// The violations seen on the page open now, after its scripts have run.
async fn csp_violations(c: &crate::browser::Chrome) -> serde_json::Value {
    c.js("return new Promise(r => setTimeout(() => r(window.__csp), 300));")
        .await
}

#[tokio::test]
async fn browser_the_main_pages_run_under_the_content_security_policy_without_a_violation() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    record_csp_violations(&c).await;
    c.go("/signin").await;
    c.el("#email").await;
    assert_eq!(csp_violations(&c).await, json!([]), "sign-in");

    // A worker's task page (signed up through the sign-up page), then find work.
    let assignment = crate::browser::worker_with_task(&app, &c, "csp@worker.test").await;
    c.el("#task-form").await;
    assert_eq!(
        csp_violations(&c).await,
        json!([]),
        "the task page /work/a/{assignment}"
    );
    c.go("/work").await;
    c.el("main").await;
    assert_eq!(csp_violations(&c).await, json!([]), "find work");
    c.sign_out().await;

    // A requester's project editor (its script adds fields and previews the task) and
    // the project's page with its charts.
    let requester = app.requester("csp-lab").await;
    let draft = requester.project(json!({})).await;
    let id = draft["id"].as_str().expect("id");
    crate::browser::sign_in(&c, "csp-lab@requester.test").await;
    for path in [
        "/projects/new".to_string(),
        format!("/projects/{id}/edit"),
        format!("/projects/{id}"),
    ] {
        c.go(&path).await;
        c.el("main").await;
        assert_eq!(csp_violations(&c).await, json!([]), "{path}");
    }

    // The collector does see a violation: an inline style is refused.
    let seen = c
        .js("const s = document.createElement('style'); s.textContent = 'body{color:red}'; document.head.appendChild(s); return new Promise(r => setTimeout(() => r(window.__csp), 300));")
        .await;
    assert_eq!(
        seen.as_array().map(Vec::len),
        Some(1),
        "an inline style is a violation: {seen}"
    );
}

/// Read what the server sends on `stream` until it closes the connection (or 10 s pass).
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> (String, std::time::Duration) {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut got),
    )
    .await;
    assert!(
        read.is_ok(),
        "still open after 10 s: {}",
        String::from_utf8_lossy(&got)
    );
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_half_sent_request_head_is_closed_after_the_header_timeout() {
    use tokio::io::AsyncWriteExt;
    let mut settings = Settings::default();
    settings.limits.header_read_timeout = std::time::Duration::from_millis(400);
    let app = TestApp::spawn_with(settings).await;
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: example\r\nX-Slow: ")
        .await
        .expect("write");
    let (_, waited) = read_until_closed(&mut stream).await;
    assert!(
        waited >= std::time::Duration::from_millis(300),
        "closed after {waited:?}"
    );
    // A whole request is answered as before.
    let r = client()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn over_the_concurrency_limit_a_request_gets_503_and_a_stalled_body_is_cut() {
    use tokio::io::AsyncWriteExt;
    let mut settings = Settings::default();
    settings.limits.max_concurrent_requests = 1;
    settings.limits.body_idle_timeout = std::time::Duration::from_millis(600);
    let app = TestApp::spawn_with(settings).await;
    let addr = app.base.trim_start_matches("http://");
    // One client sends a request head and a third of its body, then nothing: the server
    // is reading it, so it holds the only place.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let stalled_at = std::time::Instant::now();
    stalled
        .write_all(b"POST /api/v1/signup HTTP/1.1\r\nHost: example\r\nContent-Type: application/json\r\nContent-Length: 90\r\n\r\n{\"email\": \"slow@worker.test\",")
        .await
        .expect("write");
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let r = client()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["retry-after"], "1");
    let body: serde_json::Value = r.json().await.expect("problem+json");
    assert_eq!(body["type"], "/problems/overloaded", "{body}");

    // The stalled body is cut after the body timeout, and the place is free again.
    let (answer, _) = read_until_closed(&mut stalled).await;
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    let waited = stalled_at.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(600),
        "answered after {waited:?}: {answer}"
    );
    let r = client()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
}

/// `handprint serve --demo` in `cwd` with these extra flags: its stdout up to the
/// listening line (then it is stopped), or its whole output when it exits first.
fn serve_demo(cwd: &std::path::Path, flags: &[String]) -> (bool, String) {
    use std::io::BufRead;
    let mut child = crate::support::handprint_command()
        .current_dir(cwd)
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .args(flags)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start handprint serve --demo");
    let stdout = child.stdout.take().expect("stdout");
    let mut printed = String::new();
    let mut listening = false;
    for line in std::io::BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("Handprint listening on ") {
            listening = true;
            break;
        }
    }
    if listening {
        let _ = child.kill();
    }
    let out = child.wait_with_output().expect("wait");
    printed.push_str(&String::from_utf8_lossy(&out.stderr));
    (listening, printed)
}

#[tokio::test]
async fn the_demo_has_its_own_directory_a_generated_operator_password_and_refuses_real_data() {
    let cwd = tempfile::tempdir().expect("temp dir");
    let (listening, printed) = serve_demo(cwd.path(), &[]);
    assert!(listening, "{printed}");
    assert!(cwd.path().join("handprint-demo-data").is_dir(), "{printed}");
    assert!(!cwd.path().join("handprint-data").exists(), "{printed}");
    let operator_line = printed
        .lines()
        .find(|l| l.trim_start().starts_with("operator:"))
        .unwrap_or_else(|| panic!("{printed}"));
    let password = operator_line
        .split("password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{operator_line}"));
    assert_eq!(password.len(), 20, "{operator_line}");
    assert_ne!(password, handprint_server::demo::DEMO_PASSWORD);

    // The demo's database, served as it is: the operator signs in with the printed
    // password only.
    let location = handprint_store::Location::DataDir(cwd.path().join("handprint-demo-data"));
    let server = crate::support::ServeProcess::start(&location);
    let http = crate::support::http_client();
    for (tried, status) in [
        (
            handprint_server::demo::DEMO_PASSWORD,
            StatusCode::UNAUTHORIZED,
        ),
        (password, StatusCode::CREATED),
    ] {
        let r = http
            .post(format!("{}/api/v1/api-keys", server.base))
            .basic_auth("operator@demo.handprint.test", Some(tried))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), status, "{tried}");
    }
    drop(server);

    // A database with a real account is refused, and says why and what to do.
    let real = TestApp::spawn().await;
    real.worker("real").await;
    let (listening, printed) = serve_demo(cwd.path(), &crate::support::db_flags(&real.location));
    assert!(!listening, "{printed}");
    assert!(
        printed.contains("this database holds 1 accounts that are not the demo's: --demo only runs on a database of its own"),
        "{printed}"
    );
}

#[tokio::test]
async fn anonymous_gets_of_the_sign_in_and_sign_up_forms_write_no_session_row() {
    let app = TestApp::spawn().await;
    let rows = || async {
        (handprint_store::sql::query_scalar::<i64>("SELECT COUNT(*) FROM web_sessions")
            .fetch_one(&app.state.db)
            .await)
            .expect("count")
    };
    let mut forms = Vec::new();
    for _ in 0..50 {
        for path in ["/signin", "/signup"] {
            forms.push(open_form(&app, path).await);
        }
    }
    assert_eq!(rows().await, 0);
    // The form still works: the last visitor signs up with its token (then, and only
    // then, a row is written), and a token from another visitor's form is refused.
    let (cookie, csrf) = forms.pop().expect("a form");
    let (_, other_csrf) = forms.pop().expect("another form");
    let sign_up = |token: String| {
        client()
            .post(format!("{}/signup", app.base))
            .header("cookie", &cookie)
            .form_body(&[
                ("_csrf", token.as_str()),
                ("role", "worker"),
                ("name", "Lalao"),
                ("email", "lalao@worker.test"),
                ("password", "correct horse battery"),
                ("country", "MG"),
            ])
            .send()
    };
    let r = sign_up(other_csrf).await.expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(rows().await, 0);
    let r = sign_up(csrf).await.expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(rows().await, 1);
}

#[tokio::test]
async fn basic_auth_takes_as_long_for_an_unknown_email_as_for_a_known_one() {
    // Seven wrong passwords per email: over the back-off's default (signin.rs tests it).
    let app = TestApp::spawn_with(Settings {
        sign_in: handprint_server::throttle::SignInPolicy {
            account_failures: 100,
            address_failures: 100,
            ..Default::default()
        },
        ..Settings::default()
    })
    .await;
    app.worker("known").await;
    let http = crate::support::http_client();
    let median = |email: &'static str| {
        let http = http.clone();
        let base = app.base.clone();
        async move {
            let mut times = Vec::new();
            for _ in 0..7 {
                let started = std::time::Instant::now();
                let r = http
                    .post(format!("{base}/api/v1/api-keys"))
                    .basic_auth(email, Some("wrong password here"))
                    .send()
                    .await
                    .expect("post");
                times.push(started.elapsed());
                assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            }
            times.sort();
            times[3]
        }
    };
    let known = median("known@worker.test").await;
    let unknown = median("nobody@worker.test").await;
    // Both run Argon2: before, an unknown email answered about 20 times sooner.
    assert!(
        unknown * 3 >= known,
        "unknown {unknown:?} vs known {known:?}"
    );
}
