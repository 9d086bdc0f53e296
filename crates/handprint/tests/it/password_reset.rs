//! Password reset by e-mail (issue 12, finding 14): the link read from the mail a real
//! SMTP server received (`mailbox`), used once, for an hour on the test clock; the
//! sessions it ends; the same answer for an unknown address; the back-off; the pages in
//! English and French as plain forms; and an instance without a relay.

use crate::mailbox::{Relay, mail_to, relay, reset_token, settings_with, wait_for_mail};
use crate::support::TestApp;
use crate::web::{FormPost, client, csrf_of, session_cookie};
use crate::web_money::Session;
use handprint_server::Settings;
use handprint_server::throttle::SignInPolicy;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";
const NEW_PASSWORD: &str = "a brand new passphrase";

const REQUESTED: &str = "If an account has this address, a link to set a new password is on its way to it; it works once, for 60 minutes. Nothing arrived? Check the spam folder, or ask again later.";

/// A worker with a name of its own: the test SMTP server's Maildir is shared by every
/// test process of a run (SQLite, then PostgreSQL), so each run mails new addresses.
/// Returns (client, email).
async fn new_worker(app: &TestApp, name: &str) -> (crate::support::Client, String) {
    let name = format!("{name}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    (app.worker(&name).await, format!("{name}@worker.test"))
}

/// An address no account has, new to every run.
fn nobody() -> String {
    format!("reset-nobody-{}@worker.test", uuid::Uuid::new_v4().simple())
}

async fn app_with(relay: &Relay, settings: Settings) -> TestApp {
    TestApp::spawn_with(settings_with(relay, settings)).await
}

/// POST /api/v1/password-reset: (status, Retry-After, body).
async fn ask(app: &TestApp, email: &str) -> (StatusCode, String, Value) {
    let r = app
        .http
        .post(format!("{}/api/v1/password-reset", app.base))
        .json(&json!({ "email": email }))
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
    (status, retry, r.json().await.unwrap_or(Value::Null))
}

async fn use_token(app: &TestApp, token: &str, password: &str) -> (StatusCode, Value) {
    app.anonymous()
        .post(
            &format!("/api/v1/password-reset/{token}"),
            json!({ "password": password }),
        )
        .await
}

async fn key_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth(email, Some(password))
        .send()
        .await
        .expect("post")
        .status()
}

/// Whether a session cookie still opens a signed-in page.
async fn signed_in(session: &Session) -> bool {
    match session.get("/keys").await.0 {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => false,
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn a_reset_link_from_the_mail_sets_the_password_once_and_signs_out_everywhere() {
    let Some(relay) = relay("a_reset_link_from_the_mail_sets_the_password_once").await else {
        return;
    };
    let app = app_with(relay, Settings::default()).await;
    let (worker, email) = new_worker(&app, "reset-ana").await;
    let email = email.as_str();
    let laptop = Session::sign_in(&app, email, PASSWORD).await;
    let phone = Session::sign_in(&app, email, PASSWORD).await;

    // However the address is written.
    let (status, _, body) = ask(&app, &format!(" {}", email.to_uppercase())).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body, json!({ "detail": REQUESTED }));
    let mail = wait_for_mail(relay, email, 1).await;
    assert_eq!(mail.len(), 1);
    let message = &mail[0];
    assert_eq!(message.from, "Handprint <no-reply@handprint.test>");
    assert_eq!(message.subject, "Set a new Handprint password");
    // The account signed in on the pages (in English): its language.
    assert_eq!(message.language, "en");
    let token = reset_token(message, &app.base);
    assert_eq!(token.len(), 43, "32 bytes in URL-safe base64: {token}");
    assert_eq!(
        message.text.trim_end(),
        format!(
            "Hello {email},\n\nSomeone (we hope you) asked to set a new password for your Handprint account. To choose one, open this link within 60 minutes:\n\n{}/reset/{token}\n\nThe link works once. If you did not ask for it, ignore this message: your password stays as it is.",
            app.base,
        )
    );
    // Only the token's hash is stored.
    let stored: Vec<String> =
        handprint_store::sql::query_scalar::<String>("SELECT token_hash FROM password_resets")
            .fetch_all(&app.state.db)
            .await
            .expect("hashes");
    assert_eq!(stored, [handprint_server::auth::hash_key(&token)]);

    // A password too short is refused with its field; the link still works after.
    let (status, body) = use_token(&app, &token, "short").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], "/password");
    assert!(signed_in(&laptop).await);

    let (status, body) = use_token(&app, &token, NEW_PASSWORD).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "ended": 2 })));
    assert!(!signed_in(&laptop).await);
    assert!(!signed_in(&phone).await);
    assert_eq!(
        key_status(&app, email, PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        key_status(&app, email, NEW_PASSWORD).await,
        StatusCode::CREATED
    );
    // API keys stay (revoked one by one).
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);

    // Once only.
    let (status, body) = use_token(&app, &token, "yet another passphrase").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "err-reset-used");
    assert_eq!(
        body["detail"],
        "this reset link was used already, at 2026-01-01T00:00:00Z; ask for a new one at /forgot if you need to"
    );
    assert_eq!(
        key_status(&app, email, NEW_PASSWORD).await,
        StatusCode::CREATED
    );
    let (status, body) = use_token(&app, "not-a-token-we-made", NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["code"], "err-reset-unknown");
}

#[tokio::test]
async fn a_reset_link_ends_after_an_hour_and_a_newer_one_replaces_it() {
    let Some(relay) = relay("a_reset_link_ends_after_an_hour").await else {
        return;
    };
    let app = app_with(relay, Settings::default()).await;
    let (_, email) = new_worker(&app, "reset-bo").await;
    let email = email.as_str();
    assert_eq!(ask(&app, email).await.0, StatusCode::ACCEPTED);
    let first = reset_token(&wait_for_mail(relay, email, 1).await[0], &app.base);
    app.clock.advance_seconds(30 * 60);
    assert_eq!(ask(&app, email).await.0, StatusCode::ACCEPTED);
    let second = reset_token(&wait_for_mail(relay, email, 2).await[1], &app.base);
    assert_ne!(first, second);
    // The newer link replaced the older one.
    let (status, body) = use_token(&app, &first, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        body["detail"],
        "this reset link is not valid: it was mistyped, or a newer link replaced it; ask for a new one at /forgot"
    );
    // The second works until an hour after it was sent (00:30), not a second longer.
    app.clock.advance_seconds(60 * 60 - 1);
    let page = client()
        .get(format!("{}/reset/{second}", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    app.clock.advance_seconds(1);
    let (status, body) = use_token(&app, &second, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "err-reset-expired");
    assert_eq!(
        body["detail"],
        "this reset link ended at 2026-01-01T01:30:00Z (a link works for an hour); ask for a new one at /forgot"
    );
    assert_eq!(
        key_status(&app, email, NEW_PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(key_status(&app, email, PASSWORD).await, StatusCode::CREATED);
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_mail() {
    let Some(relay) = relay("an_unknown_address_gets_the_same_answer").await else {
        return;
    };
    let app = app_with(relay, Settings::default()).await;
    let (_, email) = new_worker(&app, "reset-cy").await;
    let nobody = nobody();
    let unknown = ask(&app, &nobody).await;
    let known = ask(&app, &email).await;
    assert_eq!(unknown, known);
    assert_eq!(unknown.0, StatusCode::ACCEPTED);
    // The known address's message arrives; none was sent to the other.
    wait_for_mail(relay, &email, 1).await;
    assert!(mail_to(relay, &nobody).is_empty());
    let rows = handprint_store::sql::query_scalar::<i64>("SELECT COUNT(*) FROM password_resets")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn asking_too_often_is_refused_for_the_email_and_for_the_address() {
    let Some(relay) = relay("asking_too_often_is_refused").await else {
        return;
    };
    let app = app_with(
        relay,
        Settings {
            sign_in: SignInPolicy {
                account_failures: 3,
                address_failures: 5,
                ..SignInPolicy::default()
            },
            ..Settings::default()
        },
    )
    .await;
    let (_, email) = new_worker(&app, "reset-dia").await;
    let email = email.as_str();
    for _ in 0..3 {
        assert_eq!(ask(&app, email).await.0, StatusCode::ACCEPTED);
    }
    let (status, retry, body) = ask(&app, email).await;
    assert_eq!(
        (status, retry.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "60")
    );
    assert_eq!(
        body["detail"],
        "too many reset requests or failed sign-ins for this address; try again in 60 seconds"
    );
    // Three messages, no more (the fourth was refused before anything was sent).
    let mail = wait_for_mail(relay, email, 3).await;
    assert_eq!(mail.len(), 3);
    // The email's own sign-in is held back too: the same count.
    assert_eq!(
        key_status(&app, email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // From this address, two more (unknown) emails reach its limit of five.
    for _ in 0..2 {
        let (status, _, _) = ask(&app, &nobody()).await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let (status, _, _) = ask(&app, &nobody()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance_seconds(60);
    assert_eq!(ask(&app, email).await.0, StatusCode::ACCEPTED);
    wait_for_mail(relay, email, 4).await;
}

#[tokio::test]
async fn without_a_relay_the_pages_and_the_api_say_to_ask_an_operator() {
    let app = TestApp::spawn().await;
    app.worker("reset-eli").await;
    let (status, _, body) = ask(&app, "reset-eli@worker.test").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "err-reset-no-mail");
    assert_eq!(
        body["detail"],
        "this instance cannot send e-mail, so no reset link can be sent: ask an operator of this instance to set a new password for you"
    );
    for (lang, says) in [
        (
            "en",
            "This instance cannot send e-mail, so it cannot send you a reset link. Ask an operator of this instance to set a new password for you.",
        ),
        (
            "fr",
            "Cette instance ne peut pas envoyer d&#39;e-mail : elle ne peut donc pas vous envoyer de lien. Demandez à un opérateur de cette instance de vous définir un nouveau mot de passe.",
        ),
    ] {
        let r = client()
            .get(format!("{}/forgot", app.base))
            .header("cookie", format!("hp_lang={lang}"))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.expect("html");
        assert!(html.contains(says), "{html}");
        assert!(!html.contains("action=\"/forgot\""), "{html}");
    }
}

/// A browser visitor in `lang` with no session: its cookie header and a form's token.
async fn visitor(app: &TestApp, path: &str, lang: &str) -> (String, String, String) {
    let r = client()
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("hp_lang={lang}"))
        .send()
        .await
        .expect("get");
    let set = session_cookie(&r).expect("a cookie for the form");
    let cookie = format!("{}; hp_lang={lang}", set.split(';').next().expect("pair"));
    let html = r.text().await.expect("html");
    (cookie, csrf_of(&html), html)
}

async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> (StatusCode, String) {
    let r = client()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .form_body(pairs)
        .send()
        .await
        .expect("post");
    (r.status(), r.text().await.expect("html"))
}

#[tokio::test]
async fn the_forgot_and_reset_pages_work_as_plain_forms_in_english_and_french() {
    let Some(relay) = relay("the_forgot_and_reset_pages_work_as_plain_forms").await else {
        return;
    };
    let app = app_with(relay, Settings::default()).await;
    let (_, email) = new_worker(&app, "reset-fara").await;
    let email = email.as_str();
    // The sign-in page links the form, in both languages.
    for (lang, link) in [
        ("en", "Forgot your password?"),
        ("fr", "Mot de passe oublié ?"),
    ] {
        let (_, _, html) = visitor(&app, "/signin", lang).await;
        assert!(
            html.contains(&format!(
                "<a href=\"/forgot\" id=\"forgot-link\">{link}</a>"
            )),
            "{html}"
        );
    }
    // Asked in French by an account that never used the pages: the mail is in French.
    let (cookie, csrf, html) = visitor(&app, "/forgot", "fr").await;
    assert!(
        html.contains("Donnez l&#39;adresse e-mail de votre compte"),
        "{html}"
    );
    let (status, html) = post_form(
        &app,
        "/forgot",
        &cookie,
        &[("_csrf", &csrf), ("email", "pas une adresse")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"email-err\""), "{html}");
    let (status, html) = post_form(
        &app,
        "/forgot",
        &cookie,
        &[("_csrf", &csrf), ("email", email)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Si un compte a cette adresse, un lien pour choisir un nouveau mot de passe lui est envoyé ; il sert une fois, pendant 60 minutes."),
        "{html}"
    );
    let mail = wait_for_mail(relay, email, 1).await;
    assert_eq!(mail[0].subject, "Choisir un nouveau mot de passe Handprint");
    assert_eq!(mail[0].language, "fr");
    assert!(
        mail[0].text.starts_with(&format!("Bonjour {email},")),
        "{}",
        mail[0].text
    );

    // Signed in on the pages in English, the account's language is English, whatever
    // the language of the page that asks.
    let session = Session::sign_in(&app, email, PASSWORD).await;
    let (status, _) = post_form(
        &app,
        "/forgot",
        &cookie,
        &[("_csrf", &csrf), ("email", email)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mail = wait_for_mail(relay, email, 2).await;
    assert_eq!(mail[1].subject, "Set a new Handprint password");
    let token = reset_token(&mail[1], &app.base);

    // The reset form, in French.
    let path = format!("/reset/{token}");
    let (cookie, csrf, html) = visitor(&app, &path, "fr").await;
    assert!(html.contains(&format!("action=\"{path}\"")), "{html}");
    let (status, html) = post_form(
        &app,
        &path,
        &cookie,
        &[
            ("_csrf", &csrf),
            ("password", NEW_PASSWORD),
            ("confirm", "something else entirely"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("les deux mots de passe diffèrent : tapez deux fois le même"),
        "{html}"
    );
    let (status, html) = post_form(
        &app,
        &path,
        &cookie,
        &[
            ("_csrf", &csrf),
            ("password", "court"),
            ("confirm", "court"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"password-err\""), "{html}");
    assert!(signed_in(&session).await);
    let (status, html) = post_form(
        &app,
        &path,
        &cookie,
        &[
            ("_csrf", &csrf),
            ("password", NEW_PASSWORD),
            ("confirm", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Votre nouveau mot de passe est enregistré ; 1 session a été déconnectée. Connectez-vous avec le nouveau mot de passe."),
        "{html}"
    );
    assert!(!signed_in(&session).await);
    // Used: the page says so (409), in English too, and shows no form.
    let r = client()
        .get(format!("{}{path}", app.base))
        .header("cookie", "hp_lang=en")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("this reset link was used already, at 2026-01-01T00:00:00Z"),
        "{html}"
    );
    assert!(!html.contains("name=\"password\""), "{html}");
    Session::sign_in(&app, email, NEW_PASSWORD).await;
}

/// `handprint users set-password`: what an operator does for an instance without a relay.
#[tokio::test]
async fn an_operator_sets_a_password_from_the_command_line_and_the_sessions_end() {
    use std::io::Write;
    let app = TestApp::spawn().await;
    let (_, email) = new_worker(&app, "reset-gil").await;
    let email = email.as_str();
    let session = Session::sign_in(&app, email, PASSWORD).await;
    let set = |password: &'static [u8], who: &str| {
        let mut child = crate::support::handprint_command()
            .args(crate::support::db_flags(&app.location))
            .args(["users", "set-password", "--email", who])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(password)
            .expect("write the password");
        child.wait_with_output().expect("wait")
    };
    let out = set(b"short\n", email);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: --password: "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = set(b"a brand new passphrase\n", "reset-nobody@worker.test");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no account has the email reset-nobody@worker.test\n"
    );
    let out = set(b"a brand new passphrase\n", email);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("password of {email} set; 1 web session(s) signed out\n")
    );
    assert!(!signed_in(&session).await);
    assert_eq!(
        key_status(&app, email, PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        key_status(&app, email, NEW_PASSWORD).await,
        StatusCode::CREATED
    );
}

/// The relay's settings from HANDPRINT_SMTP_* (the `[smtp]` section): refused at start
/// with the key to fix.
#[tokio::test]
async fn serve_refuses_an_smtp_relay_it_could_not_use() {
    let (location, _dir) = crate::support::fresh_location().await;
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("HANDPRINT_SMTP_HOST", "smtp.example.org")],
            "error: configuration error: smtp.from must name the sender (e.g. \"Handprint <no-reply@handprint.example.org>\") when smtp.host is set\n",
        ),
        (
            &[
                ("HANDPRINT_SMTP_HOST", "smtp.example.org"),
                ("HANDPRINT_SMTP_FROM", "Handprint <no-reply@handprint.test>"),
            ],
            "error: configuration error: public_url must be set (e.g. \"https://handprint.example.org\") when smtp.host is set: the e-mail links point there\n",
        ),
        (
            &[
                ("HANDPRINT_SMTP_HOST", "smtp.example.org"),
                ("HANDPRINT_SMTP_TLS", "ssl"),
            ],
            "error: configuration error: smtp.tls must be \"none\", \"starttls\" or \"tls\" (got \"ssl\")\n",
        ),
    ];
    for (env, says) in cases {
        let out = crate::support::handprint_command()
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(crate::support::db_flags(&location))
            .envs(env.iter().copied())
            .output()
            .expect("run");
        assert!(!out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), says);
    }
}

/// A relay that takes the connection and never answers must not hold the request up:
/// the message is sent beside it.
#[tokio::test]
async fn a_relay_that_never_answers_does_not_hold_the_request_up() {
    // Connections are accepted (by the kernel's backlog) and never read from.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let relay = Relay {
        host: "127.0.0.1".into(),
        port: silent.local_addr().expect("addr").port(),
        maildir: std::path::PathBuf::new(),
    };
    let mut settings = settings_with(&relay, Settings::default());
    if let Some(smtp) = settings.smtp.as_mut() {
        smtp.timeout = std::time::Duration::from_secs(60);
    }
    let app = TestApp::spawn_with(settings).await;
    let (_, email) = new_worker(&app, "reset-hana").await;
    let started = std::time::Instant::now();
    let (status, _, body) = ask(&app, &email).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body, json!({ "detail": REQUESTED }));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "answered after {:?}",
        started.elapsed()
    );
}
