//! Issue 12's attacks, each performed against the real server and seen to fail:
//! open redirects, spreadsheet formulas, oversized amounts, missing security headers,
//! slow or too many clients, anonymous session rows, the demo operator.

use crate::browser::{ONE_BROWSER, chrome};
use crate::support::TestApp;
use crate::web::{FormPost, client, form, open_form};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

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
