//! The segments kind over the API (issue 15): a project marking time ranges on an
//! uploaded recording is checked when saved, its item's sound reaches workers as a signed
//! URL, a wrong answer is a 422 naming the field, the labels route fuses the workers'
//! segments and the exports carry them.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// `seconds` of 8 kHz, 8-bit mono silence as a WAV file (a 44-byte header, then the samples).
pub fn silent_wav(seconds: u32) -> Vec<u8> {
    let rate: u32 = 8000;
    let samples = rate * seconds;
    let mut wav = Vec::with_capacity(44 + samples as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes()); // the format chunk's size
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes()); // bytes per second
    wav.extend_from_slice(&1u16.to_le_bytes()); // block align
    wav.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&samples.to_le_bytes());
    wav.resize(44 + samples as usize, 128); // 8-bit silence is the middle value
    wav
}

/// A draft segments project (speakers alice and bob on the item's `audio`) whose `items`
/// items (talk-1, …) name `talk.wav`, uploaded first; returns its id.
pub async fn speakers_draft(requester: &Client, overlap: u64, items: usize) -> String {
    let template = json!({"kind": "segments", "question": "Mark who speaks when.",
        "media": {"type": "audio", "field": "audio"}, "labels": ["alice", "bob"]});
    let project = requester
        .project(json!({"template": template, "answers_per_task": overlap}))
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{id}/media?name=talk.wav"),
            "audio/wav",
            silent_wav(4),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let rows: String = (1..=items)
        .map(|i| format!("{{\"external_id\": \"talk-{i}\", \"audio\": \"talk.wav\"}}\n"))
        .collect();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], items as u64, "{report}");
    id
}

async fn submit(worker: &Client, assignment: &str, answer: Value) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/assignments/{assignment}/submit"),
            json!({"answer": answer}),
        )
        .await
}

#[tokio::test]
async fn a_segments_definition_without_a_timeline_is_refused_naming_each_setting() {
    let app = TestApp::spawn().await;
    let requester = app.requester("seg-def").await;
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Speakers", "reward": "0.10", "template":
                {"kind": "segments", "media": {"type": "image", "field": "img"},
                 "labels": [], "max_segments": 0, "allow_overlap": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut paths = problem_paths(&body);
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "/template/allow_overlap",
            "/template/labels",
            "/template/max_segments",
            "/template/media/type",
        ]
    );
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Speakers", "reward": "0.10", "template":
                {"kind": "segments", "labels": ["alice"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/template/media"]);
}

#[tokio::test]
async fn segments_are_checked_fused_across_workers_and_exported() {
    let app = TestApp::spawn().await;
    let requester = app.requester("seg-lab").await;
    let project = speakers_draft(&requester, 3, 1).await;
    requester.deposit_what_publishing_needs(&project).await;
    requester.publish(&project).await;

    let workers = [
        app.worker("seg1").await,
        app.worker("seg2").await,
        app.worker("seg3").await,
    ];
    let answers = [
        json!({"segments": [{"start": 2, "end": 3.5, "label": "bob"}, {"start": 0.5, "end": 2.0, "label": "alice"}]}),
        json!({"segments": [{"start": 0.6, "end": 2.0, "label": "alice"}, {"start": 2.1, "end": 3.5, "label": "bob"}]}),
        json!({"segments": [{"start": 0.5, "end": 1.9, "label": "alice"}]}),
    ];
    for (w, (worker, answer)) in workers.iter().zip(&answers).enumerate() {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let assignment = lease["assignment_id"].as_str().expect("lease").to_string();
        // The recording is fetched from this instance, signed, never by its name.
        let url = lease["task"]["data"]["audio"].as_str().expect("a url");
        assert!(
            url.starts_with(&format!("/media/{project}/talk.wav?expires=")),
            "{url}"
        );
        assert_eq!(lease["task"]["media"][0]["field"], "audio");
        if w == 0 {
            let got = reqwest::get(format!("{}{url}", app.base))
                .await
                .expect("fetch");
            assert_eq!(got.status(), StatusCode::OK);
            assert_eq!(got.headers()["content-type"], "audio/wav");
            assert_eq!(got.bytes().await.expect("bytes").len(), 44 + 32_000);
            // A player seeking asks for a range of bytes.
            let part = reqwest::Client::new()
                .get(format!("{}{url}", app.base))
                .header("range", "bytes=44-99")
                .header("accept-encoding", "identity")
                .send()
                .await
                .expect("fetch a range");
            assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
            assert_eq!(part.headers()["accept-ranges"], "bytes");
            assert_eq!(part.headers()["content-range"], "bytes 44-99/32044");
            assert_eq!(part.bytes().await.expect("bytes").to_vec(), vec![128u8; 56]);
            for (wrong, path, message) in [
                (
                    json!({"segments": [{"start": 0, "end": 1, "label": "alice"}, {"start": 3, "end": 2.5, "label": "bob"}]}),
                    "/answer/segments/1/end",
                    "the segment must end after it starts (start 3, end 2.5)",
                ),
                (
                    json!({"segments": [{"start": 0, "end": 2, "label": "alice"}, {"start": 1.5, "end": 3, "label": "bob"}]}),
                    "/answer/segments/1/start",
                    "this segment overlaps segment 1: segments may not overlap in this project",
                ),
                (
                    json!({"segments": [{"start": -1, "end": 2, "label": "alice"}]}),
                    "/answer/segments/0/start",
                    "the segment's \"start\" must be a number of seconds, 0 or more (got -1)",
                ),
                (
                    json!({"segments": [{"start": 0, "end": 2, "label": "carol"}]}),
                    "/answer/segments/0/label",
                    "\"carol\" is not one of the labels; use \"alice\", \"bob\"",
                ),
                (
                    json!([{"start": 0, "end": 2, "label": "alice"}]),
                    "/answer",
                    "the answer must be an object {\"segments\": [...]}, not an array",
                ),
            ] {
                let (status, body) = submit(worker, &assignment, wrong).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                assert_eq!(problem_paths(&body), vec![path], "{body}");
                assert_eq!(body["errors"][0]["message"], message, "{body}");
            }
        }
        let (status, body) = submit(worker, &assignment, answer.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // Stored sorted by start, each time as it was sent (2 stays 2, 2.0 stays 2.0).
    let (status, raw) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{raw}");
    let stored: Vec<Value> = raw
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("json");
            v["answer"].clone()
        })
        .collect();
    let first = json!({"segments": [{"start": 0.5, "end": 2.0, "label": "alice"},
                                    {"start": 2, "end": 3.5, "label": "bob"}]});
    assert!(stored.contains(&first), "{stored:?}");
    assert!(
        raw.contains(r#"{"start":2,"end":3.5,"label":"bob"}"#),
        "{raw}"
    );
    assert_eq!(stored.len(), 3);
    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(
        csv.contains(r#"{""segments"":[{""start"":0.5,""end"":1.9,""label"":""alice""}]}"#),
        "{csv}"
    );

    // Frames of 10 ms: alice 0.5–0.6 by 2 of 3, 0.6–1.9 by 3, 1.9–2.0 by 2; 2.0–2.1
    // bob by 1 of 3 loses to silence; bob 2.1–3.5 by 2 of 3.
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "segments");
    let label = &body["labels"][0];
    assert_eq!(label["answers"], 3);
    let fused = label["label"]["segments"].as_array().expect("segments");
    let times: Vec<(&Value, &Value, &Value)> = fused
        .iter()
        .map(|s| (&s["start"], &s["end"], &s["label"]))
        .collect();
    assert_eq!(
        times,
        vec![
            (&json!(0.5), &json!(2.0), &json!("alice")),
            (&json!(2.1), &json!(3.5), &json!("bob")),
        ]
    );
    let third = 1.0 / 3.0;
    let alice = (10.0 * 2.0 * third + 130.0 + 10.0 * 2.0 * third) / 150.0;
    assert!((fused[0]["confidence"].as_f64().expect("c") - alice).abs() < 1e-9);
    assert!((fused[1]["confidence"].as_f64().expect("c") - 2.0 * third).abs() < 1e-9);
    // The agreement over the 350 frames up to the last end (0–0.5 silent for all).
    let agreement = (50.0 + alice * 150.0 + 10.0 * 2.0 * third + 140.0 * 2.0 * third) / 350.0;
    assert!((label["confidence"].as_f64().expect("c") - agreement).abs() < 1e-9);

    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=mv"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/method"]);

    // JSONL and CSV labels carry the fused segments.
    let (status, jsonl) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=segments&format=jsonl"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{jsonl}");
    let line: Value = serde_json::from_str(jsonl.trim()).expect("one line");
    assert_eq!(line["label"]["segments"][1]["label"], "bob");
    let (status, csv) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=segments&format=csv"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().expect("a row").expect("a record");
    assert_eq!(&row[1], "talk-1");
    let cell: Value = serde_json::from_str(&row[2]).expect("the label as JSON");
    assert_eq!(cell["segments"][0]["end"], json!(2.0));
}

#[tokio::test]
async fn the_requester_previews_and_edits_a_segments_project_from_the_pages() {
    let app = TestApp::spawn().await;
    let requester = app.requester("seg-pages").await;
    let id = speakers_draft(&requester, 1, 1).await;
    let s = crate::web_money::Session::sign_in(
        &app,
        "seg-pages@requester.test",
        "correct horse battery",
    )
    .await;
    // The editor shows the recording's media, the labels and the overlap switch.
    let (status, html) = s.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<option value=\"segments\" selected>"),
        "{html}"
    );
    assert!(html.contains("<option value=\"audio\" selected>"), "{html}");
    assert!(
        html.contains(
            "<textarea id=\"seg_labels\" name=\"seg_labels\" rows=\"3\">alice\nbob</textarea>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<input type=\"checkbox\" name=\"seg_overlap\" value=\"1\"> "),
        "{html}"
    );

    // The preview draws the worker's marker over the project's first item.
    let form = [
        ("kind", "segments"),
        ("media_type", "audio"),
        ("media_field", "audio"),
        ("seg_labels", "alice\nbob"),
        ("seg_overlap", "1"),
        ("project_id", id.as_str()),
    ];
    let (status, _, html) = s.post("/projects/preview", &form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("class=\"segmenter\""), "{html}");
    assert!(html.contains("data-overlap=\"true\""), "{html}");
    assert!(
        html.contains("data-label=\"alice\"") && html.contains("data-label=\"bob\""),
        "{html}"
    );

    // Saved from the form, the template is the API's.
    let mut save: Vec<(&str, &str)> = form[..5].to_vec();
    save.extend([("title", "Speakers"), ("reward", "0.10")]);
    let (status, _, html) = s.post(&format!("/projects/{id}/edit"), &save).await;
    assert!(status.is_redirection(), "{status}: {html}");
    let (status, project) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{project}");
    assert_eq!(
        project["template"],
        json!({"kind": "segments", "media": {"type": "audio", "field": "audio"},
               "labels": ["alice", "bob"], "min_segments": 0, "max_segments": 50,
               "allow_overlap": true})
    );
}
