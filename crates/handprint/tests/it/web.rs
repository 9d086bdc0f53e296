//! The web app over plain HTTP: sessions, CSRF, languages, error pages and
//! assets — what a browser relies on, checked without one.

use crate::support::{T0, TestApp};
use handprint_server::jobs;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_ENCODING, LOCATION, SET_COOKIE,
};
use serde_json::json;

/// A client that keeps no cookies and follows no redirects: the test carries the session.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// An `application/x-www-form-urlencoded` body, as a browser sends a form.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub(crate) trait FormPost {
    fn form_body(self, pairs: &[(&str, &str)]) -> Self;
}

impl FormPost for reqwest::RequestBuilder {
    fn form_body(self, pairs: &[(&str, &str)]) -> Self {
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(form(pairs))
    }
}

pub(crate) fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("hp_session="))
        .map(str::to_string)
}

pub(crate) fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field")
        + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().expect("token").to_string()
}

/// Open the sign-up form: (cookie header value, CSRF token).
pub(crate) async fn open_form(app: &TestApp, path: &str) -> (String, String) {
    let r = client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    let set = session_cookie(&r).expect("a session for the form");
    let cookie = set.split(';').next().expect("pair").to_string();
    let html = r.text().await.expect("html");
    (cookie, csrf_of(&html))
}

pub(crate) async fn sign_up_worker(app: &TestApp, email: &str) -> (String, String) {
    let (cookie, csrf) = open_form(app, "/signup").await;
    let r = client()
        .post(format!("{}/signup", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "worker"),
            ("name", "Ana"),
            ("email", email),
            ("password", "correct horse battery"),
            ("country", "VE"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cookie = session_cookie(&r).expect("a new session at sign-in");
    let cookie = cookie.split(';').next().expect("pair").to_string();
    let html = client()
        .get(format!("{}/work", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    (cookie, csrf_of(&html))
}

#[tokio::test]
async fn web_session_cookies_are_http_only_lax_and_secure_behind_https() {
    let app = TestApp::spawn().await;
    let r = client()
        .get(format!("{}/signin", app.base))
        .send()
        .await
        .expect("get");
    let cookie = session_cookie(&r).expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag: {cookie}"
    );
    let r = client()
        .get(format!("{}/signin", app.base))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .expect("get");
    assert!(session_cookie(&r).expect("cookie").contains("; Secure"));
}

#[tokio::test]
async fn web_a_form_without_its_csrf_token_or_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    let (cookie, csrf) = sign_up_worker(&app, "ana@web.test").await;
    let http = client();
    let url = format!("{}/work/next", app.base);
    let no_token = http
        .post(&url)
        .header("cookie", &cookie)
        .form_body(&[("project_id", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let cross = http
        .post(&url)
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let foreign = http
        .post(&url)
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let page = foreign.text().await.expect("html");
    assert!(page.contains("<h1>"), "an error page, not JSON: {page}");
    // With its token, from this site, the same form is accepted (no such project: 404 page).
    let ok = http
        .post(&url)
        .header("cookie", &cookie)
        .header("origin", app.base.clone())
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn web_pages_speak_the_browsers_language_and_the_switch_overrides_it() {
    let app = TestApp::spawn().await;
    let http = client();
    let fr = http
        .get(format!("{}/signin", app.base))
        .header(ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        fr.contains("lang=\"fr\"") && fr.contains("Se connecter"),
        "{fr}"
    );
    let switch = http
        .get(format!("{}/lang?l=en&back=/signin", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(switch.status(), StatusCode::SEE_OTHER);
    assert_eq!(switch.headers()[LOCATION], "/signin");
    let lang = switch.headers()[SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(lang.starts_with("hp_lang=en"), "{lang}");
    let en = http
        .get(format!("{}/signin", app.base))
        .header(ACCEPT_LANGUAGE, "fr")
        .header("cookie", lang.split(';').next().expect("pair"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(en.contains("Sign in"), "{en}");
    // Never a redirect to another site.
    let away = http
        .get(format!("{}/lang?l=fr&back=//evil.example/", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(away.headers()[LOCATION], "/");
}

#[tokio::test]
async fn web_sign_in_with_a_wrong_password_keeps_the_email_and_says_why() {
    let app = TestApp::spawn().await;
    sign_up_worker(&app, "rivo@web.test").await;
    let (cookie, csrf) = open_form(&app, "/signin").await;
    let r = client()
        .post(format!("{}/signin", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("email", "rivo@web.test"),
            ("password", "wrong password"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("Wrong email or password") && html.contains("value=\"rivo@web.test\""),
        "{html}"
    );
}

#[tokio::test]
async fn web_sign_up_errors_are_shown_next_to_their_fields_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let (cookie, csrf) = open_form(&app, "/signup").await;
    let r = client()
        .post(format!("{}/signup", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "requester"),
            ("name", "Noor"),
            ("email", "not-an-email"),
            ("password", "short"),
            ("country", "MG"),
            ("organization", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("html");
    for id in ["email-err", "password-err", "org-err"] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "{id} missing:\n{html}"
        );
    }
    assert!(
        html.contains("value=\"Noor\"") && html.contains("value=\"not-an-email\""),
        "{html}"
    );
}

#[tokio::test]
async fn web_unknown_pages_are_html_for_browsers_and_problem_json_for_the_api() {
    let app = TestApp::spawn().await;
    let http = client();
    let page = http
        .get(format!("{}/no/such/page", app.base))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/html")
    );
    let api = http
        .get(format!("{}/api/v1/nothing", app.base))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    // Signed-out visitors are sent to sign in, and brought back.
    let work = http
        .get(format!("{}/work?language=fr", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(work.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        work.headers()[LOCATION],
        "/signin?next=/work%3Flanguage%3Dfr"
    );
}

#[tokio::test]
async fn web_assets_are_compressed_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let http = client();
    let html = http
        .get(format!("{}/signin", app.base))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let css = html
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.ends_with(".css")))
        .expect("a stylesheet")
        .to_string();
    // A client that decodes nothing, to see the encoding the browser would.
    let r = crate::support::raw_http_client()
        .get(format!("{}{css}", app.base))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
    assert!(
        r.headers()[CACHE_CONTROL]
            .to_str()
            .expect("cc")
            .contains("immutable")
    );
    let stale = http
        .get(format!("{}/static/app.0000000000.css", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn web_a_reported_task_is_given_back_and_the_requester_sees_the_report() {
    let app = TestApp::spawn().await;
    let requester = app.requester("reports").await;
    let project = requester
        .funded_project(2, serde_json::json!({"answers_per_task": 1}))
        .await;
    let (cookie, csrf) = sign_up_worker(&app, "meera@web.test").await;
    let http = client();
    let next = http
        .post(format!("{}/work/next", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", project.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(next.status(), StatusCode::SEE_OTHER);
    let task_page = next.headers()[LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let assignment = task_page.rsplit('/').next().expect("id").to_string();
    let report = http
        .post(format!("{}{task_page}/report", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("reason", "media-missing"),
            ("note", "blank image"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(report.status(), StatusCode::SEE_OTHER);
    let a = app
        .state
        .db
        .assignment(&assignment.as_str().into())
        .await
        .expect("assignment");
    assert_eq!(
        a.state.as_str(),
        "returned",
        "reporting gives the task back"
    );
    let reports = app
        .state
        .db
        .task_reports(&project.as_str().into(), 10)
        .await
        .expect("reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].reason, "media-missing: blank image");
    // The requester's project page names the reason in words, never its code.
    let session =
        crate::web_money::Session::sign_in(&app, "reports@requester.test", "correct horse battery")
            .await;
    let (status, html) = session.get(&format!("/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    let html = unescape(&html);
    assert!(
        html.contains(" · item-0 · The image or sound does not load: blank image</li>")
            || html.contains(" · item-1 · The image or sound does not load: blank image</li>"),
        "{html}"
    );
    assert!(!html.contains("media-missing"), "{html}");
    let french = crate::web_money::Session {
        cookie: format!("{}; hp_lang=fr", session.cookie),
        ..session
    };
    let (_, html) = french.get(&format!("/projects/{project}")).await;
    assert!(
        unescape(&html).contains("L'image ou le son ne se charge pas : blank image</li>"),
        "{html}"
    );
}

#[tokio::test]
async fn web_publish_problems_and_answer_errors_are_shown_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let http = client();
    // A requester's draft lacks its declarations: publishing it on a French page
    // lists what is missing in French (the API keeps its English messages).
    let requester = app.requester("francophone").await;
    let (status, draft) = requester
        .post(
            "/api/v1/projects",
            serde_json::json!({"title": "Brouillon"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    let id = draft["id"].as_str().expect("id").to_string();
    let (cookie, csrf) = open_form(&app, "/signin").await;
    let signed = http
        .post(format!("{}/signin", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("email", "francophone@requester.test"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let session = session_cookie(&signed).expect("a session");
    let cookie = format!("{}; hp_lang=fr", session.split(';').next().expect("pair"));
    let page = http
        .get(format!("{}/projects/{id}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let refused = http
        .post(format!("{}/projects/{id}/state", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("action", "publish")])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains("déclarez au moins un usage final des données")
            && html.contains("fixez la rémunération par réponse"),
        "{html}"
    );
    assert!(!html.contains("declare at least one end use"), "{html}");
    let (_, api) = requester
        .post_empty(&format!("/api/v1/projects/{id}/publish"))
        .await;
    assert!(
        api.to_string()
            .contains("declare at least one end use of the data"),
        "{api}"
    );

    // A worker sending a value that is not an option reads why in French.
    let project = requester
        .funded_project(1, serde_json::json!({"answers_per_task": 1}))
        .await;
    let (cookie, csrf) = sign_up_worker(&app, "amelie@web.test").await;
    let cookie = format!("{cookie}; hp_lang=fr");
    let next = http
        .post(format!("{}/work/next", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", project.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(next.status(), StatusCode::SEE_OTHER);
    let task_page = next.headers()[LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let sent = http
        .post(format!("{}{task_page}/submit", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("answer", "peut-être")])
        .send()
        .await
        .expect("post");
    assert_eq!(sent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = sent.text().await.expect("html");
    assert!(
        html.contains("« peut-être »") && html.contains("choisissez parmi"),
        "{html}"
    );
}

#[tokio::test]
async fn web_conflicts_error_pages_and_sign_up_refusals_are_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let http = client();
    let requester = app.requester("lyon").await;
    let project = requester
        .funded_project(1, serde_json::json!({"answers_per_task": 1}))
        .await;
    let session =
        crate::web_money::Session::sign_in(&app, "lyon@requester.test", "correct horse battery")
            .await;
    let cookie = format!("{}; hp_lang=fr", session.cookie);
    let csrf = session.csrf.clone();

    // A 409 from the lifecycle rules, shown on the project page in French.
    let refused = http
        .post(format!("{}/projects/{project}/state", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("action", "publish")])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains("un projet actif ne peut pas être publié"),
        "{html}"
    );
    assert!(!html.contains("cannot be published"), "{html}");

    // A full error page: someone else's project is not found, in French.
    let other = app.requester("marseille").await;
    let theirs = other
        .funded_project(1, serde_json::json!({"answers_per_task": 1}))
        .await;
    let missing = http
        .get(format!("{}/projects/{theirs}", app.base))
        .header("cookie", &cookie)
        .header(ACCEPT, "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let html = unescape(&missing.text().await.expect("html"));
    assert!(
        html.contains("Ce projet n'existe pas, ou vous ne pouvez pas le voir."),
        "{html}"
    );
    assert!(!html.contains("project not found"), "{html}");

    // Signing up again with a known email and another password: the refusal is
    // French, next to the email, and does not say that the address has an account.
    let (form_cookie, csrf) = open_form(&app, "/signup").await;
    let again = http
        .post(format!("{}/signup", app.base))
        .header("cookie", format!("{form_cookie}; hp_lang=fr"))
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "worker"),
            ("name", "Encore"),
            ("email", "lyon@requester.test"),
            ("password", "another long password"),
            ("country", "FR"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unescape(&again.text().await.expect("html"));
    assert!(
        html.contains("Aucun compte ne peut être créé avec ces informations."),
        "{html}"
    );
    // The API keeps its English words for its clients.
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/publish"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body.to_string()
            .contains("an active project cannot be published"),
        "{body}"
    );
}

/// The text of an HTML page with askama's escapes of quotes undone.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// How many session rows the database holds, live or not.
async fn session_rows(app: &TestApp) -> i64 {
    (handprint_store::sql::query_scalar::<i64>("SELECT COUNT(*) FROM web_sessions")
        .fetch_one(&app.state.db)
        .await)
        .expect("count")
}

/// The stored key of a session cookie (`hp_session=…`).
fn session_key(cookie: &str) -> String {
    handprint_server::auth::hash_key(cookie.trim_start_matches("hp_session="))
}

#[tokio::test]
async fn web_the_sweep_forgets_old_anonymous_and_expired_sessions_and_keeps_fresh_and_signed_in_ones()
 {
    // The signed-in session sits unused for 25 hours below: over the default idle
    // timeout (12 hours, tested in signin.rs), so this instance allows two days.
    let app = TestApp::spawn_with(handprint_server::Settings {
        session: handprint_server::throttle::SessionPolicy {
            idle_seconds: 2 * 24 * 3600,
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let db = &app.state.db;
    let day = 24 * 3600 * 1_000_000_i64;
    // At T0: a visitor who opened the sign-in form and left; a signed-in worker; an
    // anonymous session with a long life (as an older release made them); a
    // signed-in session already past its end.
    let (left, _) = open_form(&app, "/signin").await;
    let (signed, _) = sign_up_worker(&app, "kept@worker.test").await;
    let user = db
        .user_by_email("kept@worker.test")
        .await
        .expect("user")
        .expect("signed up");
    db.create_session("long-anonymous", None, "t1", T0, T0 + 7 * day)
        .await
        .expect("session");
    db.create_session("ended", Some(&user.id), "t2", T0, T0 + day / 24)
        .await
        .expect("session");
    // A day and an hour later, a new visitor opens the sign-up form.
    app.clock.advance_seconds(25 * 3600);
    let now = T0 + day + day / 24;
    let (fresh, _) = open_form(&app, "/signup").await;
    // Opening a form writes no row (issue 12): the signed-in one and the two made here.
    assert_eq!(session_rows(&app).await, 3);
    assert!(
        db.session("long-anonymous", now)
            .await
            .expect("read")
            .is_some(),
        "not yet past its end: only its age can remove it"
    );
    jobs::run_once(&app.state).await;
    assert_eq!(session_rows(&app).await, 1, "the signed-in one");
    assert!(
        db.session("long-anonymous", now)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        db.session(&session_key(&signed), now)
            .await
            .expect("read")
            .is_some(),
        "the signed-in session is kept"
    );
    assert!(
        !fresh.is_empty(),
        "the fresh visitor has a cookie, not a row"
    );
    assert!(
        db.session(&session_key(&left), now)
            .await
            .expect("read")
            .is_none()
    );
    // The signed-in worker still gets their pages.
    let r = client()
        .get(format!("{}/work", app.base))
        .header("cookie", &signed)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn web_sign_up_states_the_servers_password_minimum_and_lists_countries_by_name() {
    let app = TestApp::spawn().await;
    let min = handprint_core::account::Password::MIN_CHARS;
    assert_eq!(min, 10);
    let html = client()
        .get(format!("{}/signup", app.base))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("required minlength=\"10\""), "{html}");
    assert!(html.contains(">At least 10 characters.</p>"), "{html}");
    assert!(
        html.contains("<select id=\"country\" name=\"country\""),
        "{html}"
    );
    assert_eq!(html.matches("<option value=\"").count(), 250, "{html}");
    assert!(
        html.contains("<option value=\"MG\">Madagascar</option>"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"FR\">France</option>"),
        "{html}"
    );
    // In French, the names are French and in French order.
    let fr = client()
        .get(format!("{}/signup", app.base))
        .header("cookie", "hp_lang=fr")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(fr.contains(">Au moins 10 caractères.</p>"), "{fr}");
    let de = fr
        .find("<option value=\"DE\">Allemagne</option>")
        .expect("Allemagne");
    let us = fr
        .find("<option value=\"US\">États-Unis</option>")
        .expect("États-Unis");
    let et = fr
        .find("<option value=\"ET\">Éthiopie</option>")
        .expect("Éthiopie");
    assert!(de < us && us < et, "French order");

    // A refused sign-up keeps the country chosen, and a typed name is refused with its code.
    let (cookie, csrf) = open_form(&app, "/signup").await;
    let r = client()
        .post(format!("{}/signup", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "worker"),
            ("name", "Rivo"),
            ("email", "rivo@web.test"),
            ("password", "123456789"),
            ("country", "mg"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unescape(&r.text().await.expect("html"));
    assert!(
        html.contains("<option value=\"MG\" selected>Madagascar</option>"),
        "{html}"
    );
    assert!(
        html.contains("password must be at least 10 characters (got 9)"),
        "{html}"
    );
    let r = client()
        .post(format!("{}/signup", app.base))
        .header("cookie", &cookie)
        .form_body(&[
            ("_csrf", csrf.as_str()),
            ("role", "worker"),
            ("name", "Rivo"),
            ("email", "rivo@web.test"),
            ("password", "correct horse battery"),
            ("country", "Madagascar"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unescape(&r.text().await.expect("html")).replace("&#34;", "\"");
    assert!(
        html.contains("<p class=\"err\" id=\"country-err\">\"Madagascar\" is a country's name: the country must be its ISO 3166-1 alpha-2 code, \"MG\"</p>"),
        "{html}"
    );
}

/// The find-work card of a project in `html`, if listed.
fn work_card<'a>(html: &'a str, project: &str) -> Option<&'a str> {
    let start = html.find(&format!("id=\"p-{project}\""))?;
    let card = &html[start..];
    Some(&card[..card.find("</li>").expect("end of the card")])
}

#[tokio::test]
async fn web_find_work_offers_start_a_task_only_where_there_is_a_task_for_the_worker() {
    let app = TestApp::spawn().await;
    let requester = app.requester("starts").await;
    requester.fund("100.00").await;
    let one = json!({"answers_per_task": 1});
    let open = requester.published_from_balance(2, one.clone()).await;
    let answered_by_others = requester.published_from_balance(1, one.clone()).await;
    let answered_by_me = requester
        .published_from_balance(1, json!({"answers_per_task": 2}))
        .await;
    let mut closed = Vec::new();
    for action in ["pause", "complete", "cancel"] {
        let id = requester.published_from_balance(1, one.clone()).await;
        let (status, body) = requester
            .post_empty(&format!("/api/v1/projects/{id}/{action}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        closed.push(id);
    }
    let other = app.worker("other").await;
    crate::web_money::answer(&other, &answered_by_others, "pos").await;
    let (cookie, _) = sign_up_worker(&app, "mine@web.test").await;
    let me = app.key_for("mine@web.test", "correct horse battery").await;
    crate::web_money::answer(&me, &answered_by_me, "neg").await;

    let html = client()
        .get(format!("{}/work", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let start = "action=\"/work/next\"";
    let card = work_card(&html, &open).expect("the open project");
    assert!(card.contains(start), "{card}");
    for done in [&answered_by_others, &answered_by_me] {
        let card = work_card(&html, done).expect("an active project stays listed");
        assert!(!card.contains(start), "{card}");
        assert!(
            card.contains("<p class=\"muted none-left\">Nothing left for you here: every item has its answers or you have answered it.</p>"),
            "{card}"
        );
    }
    for id in &closed {
        assert_eq!(
            work_card(&html, id),
            None,
            "paused, completed or cancelled: {html}"
        );
    }
    assert_eq!(html.matches(start).count(), 1, "{html}");
}
