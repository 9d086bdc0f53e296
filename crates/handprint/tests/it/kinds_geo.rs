//! The polygons and keypoints kinds of issue 15 over the API: a project of each is created
//! from its definition, workers answer it (a wrong answer is a 422 naming the point), the labels
//! route aggregates it, and the COCO export carries it (read back with pycocotools).

use crate::exports::{export, test_python, unzip};
use crate::kinds_marks::{lease, published, submit};
use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;

fn square(label: &str, x: u32, side: u32) -> Value {
    json!({"label": label, "points": [[x, 0], [x + side, 0], [x + side, side], [x, side]]})
}

/// The project's `coco.json`, exported as a zip and unpacked into `dir`.
async fn coco_export(requester: &Client, project: &str, dir: &Path) -> Value {
    let (status, bytes, _) = export(requester, project, json!({"format": "coco"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        unzip(&bytes, dir),
        [
            "coco.json",
            "items.jsonl",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    serde_json::from_slice(&std::fs::read(dir.join("coco.json")).expect("read")).expect("json")
}

/// What pycocotools reads in `dir`'s coco.json with `script` (which prints one JSON line).
fn pycocotools(python: &Path, dir: &Path, script: &str) -> Value {
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(dir.join("coco.json"))
        .output()
        .expect("run pycocotools");
    assert!(
        out.status.success(),
        "pycocotools: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("json")
}

#[tokio::test]
async fn polygons_are_checked_point_by_point_voted_by_mask_iou_and_exported_as_coco_segmentation() {
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("seg-lab").await;

    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Outlines", "reward": "0.10", "template":
                {"kind": "polygons", "labels": ["car"], "min_points": 2}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problem_paths(&body),
        vec!["/template/media", "/template/min_points"]
    );

    let template = json!({"kind": "polygons", "question": "Outline every car.",
        "media": {"type": "image", "field": "photo"}, "labels": ["car", "road"]});
    let item = json!({"external_id": "p1", "photo": "https://img.test/p1.jpg",
        "image_width": 100, "image_height": 50});
    let project = published(&requester, template, &[item], 3).await;
    let workers = [
        app.worker("g1").await,
        app.worker("g2").await,
        app.worker("g3").await,
    ];
    for (w, worker) in workers.iter().enumerate() {
        let (assignment, data) = lease(worker, &project).await;
        assert_eq!(data["image_width"], 100);
        if w == 0 {
            for (wrong, path) in [
                (
                    json!({"polygons": [{"label": "car", "points": [[0, 0], [10, 0], [101, 10]]}]}),
                    "/answer/polygons/0/points/2/0",
                ),
                (
                    json!({"polygons": [square("car", 0, 10), {"label": "car", "points": [[0, 0], [10, 10], [10, 0], [0, 10]]}]}),
                    "/answer/polygons/1/points/2",
                ),
                (
                    json!({"polygons": [square("tree", 0, 10)]}),
                    "/answer/polygons/0/label",
                ),
                (
                    json!({"polygons": [{"label": "car", "points": [[0, 0], [1, 1]]}]}),
                    "/answer/polygons/0/points",
                ),
            ] {
                let (status, body) = submit(worker, &assignment, wrong).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                assert_eq!(problem_paths(&body), vec![path], "{body}");
            }
        }
        let answer = json!({"polygons": [square("car", [0, 1, 5][w], 10)]});
        let (status, body) = submit(worker, &assignment, answer).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // The second worker's square overlaps the first's by 90/110 and the third's by 60/140:
    // the best agreement, so theirs is the label.
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "polygons");
    let label = &body["labels"][0];
    assert_eq!(
        label["label"]["polygons"],
        json!([{"label": "car", "points": [[1, 0], [11, 0], [11, 10], [1, 10]]}])
    );
    let agreement = (90.0 / 110.0 + 60.0 / 140.0) / 2.0;
    assert_eq!(label["confidence"].as_f64(), Some(agreement));
    assert_eq!(label["answers"], 3);
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=mv"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/method"]);
    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/labels?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().expect("a row").expect("a record");
    let cell: Value = serde_json::from_str(&row[2]).expect("the label as JSON");
    assert_eq!(cell["polygons"][0]["points"][1], json!([11, 0]));

    let work = tempfile::tempdir().expect("dir");
    let coco = coco_export(&requester, &project, work.path()).await;
    assert_eq!(
        coco["categories"],
        json!([{"id": 1, "name": "car", "supercategory": "object"},
            {"id": 2, "name": "road", "supercategory": "object"}])
    );
    assert_eq!(
        coco["annotations"],
        json!([{"id": 1, "image_id": 1, "category_id": 1,
            "segmentation": [[1.0, 0.0, 11.0, 0.0, 11.0, 10.0, 1.0, 10.0]],
            "area": 100.0, "bbox": [1.0, 0.0, 10.0, 10.0], "iscrowd": 0, "score": agreement}])
    );
    assert_eq!(
        (&coco["images"][0]["width"], &coco["images"][0]["height"]),
        (&json!(100), &json!(50))
    );

    // pycocotools reads the polygon and rasterises it to the same 100 pixels as its area.
    let Some(python) = test_python() else { return };
    let read = pycocotools(
        &python,
        work.path(),
        r#"
import json, sys
from pycocotools.coco import COCO
c = COCO(sys.argv[1])
anns = c.loadAnns(c.getAnnIds())
print(json.dumps({"images": len(c.getImgIds()), "categories": [x["name"] for x in c.loadCats(c.getCatIds())],
    "polygons": [[c.cats[a["category_id"]]["name"], a["segmentation"], int(c.annToMask(a).sum())] for a in anns]}))
"#,
    );
    assert_eq!(
        read,
        json!({"images": 1, "categories": ["car", "road"], "polygons": [
            ["car", [[1.0, 0.0, 11.0, 0.0, 11.0, 10.0, 1.0, 10.0]], 100]]})
    );
}

#[tokio::test]
async fn keypoints_are_placed_or_not_visible_fused_by_median_and_exported_as_coco_keypoints() {
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("pose-lab").await;
    let template = json!({"kind": "keypoints", "question": "Place the cat's nose and ears.",
        "media": {"type": "image", "field": "photo"}, "category": "cat",
        "points": ["nose", "left_ear", "right_ear"],
        "edges": [["nose", "left_ear"], ["nose", "right_ear"]]});
    let item = json!({"external_id": "k1", "photo": "https://img.test/k1.jpg",
        "image_width": 100, "image_height": 50});
    let project = published(&requester, template, &[item], 3).await;
    let hidden = json!({"visible": false});
    let answers = [
        json!({"points": {"nose": {"x": 10, "y": 20}, "left_ear": {"x": 5, "y": 5}, "right_ear": hidden}}),
        json!({"points": {"nose": {"x": 13, "y": 24}, "left_ear": {"x": 7, "y": 5}, "right_ear": hidden}}),
        json!({"points": {"nose": {"x": 11, "y": 20}, "left_ear": hidden, "right_ear": {"x": 30, "y": 5}}}),
    ];
    for (w, answer) in answers.iter().enumerate() {
        let worker = app.worker(&format!("kp{w}")).await;
        let (assignment, _) = lease(&worker, &project).await;
        if w == 0 {
            for (wrong, path) in [
                (
                    json!({"points": {"nose": {"x": 10, "y": 20}, "left_ear": hidden}}),
                    "/answer/points/right_ear",
                ),
                (
                    json!({"points": {"nose": {"x": 101, "y": 20}, "left_ear": hidden, "right_ear": hidden}}),
                    "/answer/points/nose/x",
                ),
                (
                    json!({"points": {"nose": hidden, "left_ear": hidden, "right_ear": hidden, "tail": hidden}}),
                    "/answer/points/tail",
                ),
            ] {
                let (status, body) = submit(&worker, &assignment, wrong).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                assert_eq!(problem_paths(&body), vec![path], "{body}");
            }
        }
        let (status, body) = submit(&worker, &assignment, answer.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // The nose: medians 11 and 20, distances 1, √20 and 0 → spread 1. The left ear, placed by
    // two of three: (6, 5), spread 1. The right ear, placed by one: not visible.
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "keypoints");
    let label = &body["labels"][0];
    assert_eq!(
        label["label"],
        json!({"points": {
            "nose": {"x": 11.0, "y": 20.0, "visible": true, "spread": 1.0, "agreement": 1.0},
            "left_ear": {"x": 6.0, "y": 5.0, "visible": true, "spread": 1.0, "agreement": 2.0 / 3.0},
            "right_ear": {"visible": false, "agreement": 2.0 / 3.0}}})
    );
    assert_eq!(
        label["confidence"].as_f64(),
        Some((1.0 + 2.0 / 3.0 + 2.0 / 3.0) / 3.0)
    );

    let work = tempfile::tempdir().expect("dir");
    let coco = coco_export(&requester, &project, work.path()).await;
    assert_eq!(
        coco["categories"],
        json!([{"id": 1, "name": "cat", "supercategory": "cat",
            "keypoints": ["nose", "left_ear", "right_ear"], "skeleton": [[1, 2], [1, 3]]}])
    );
    let annotation = &coco["annotations"][0];
    assert_eq!(
        (
            &annotation["keypoints"],
            &annotation["num_keypoints"],
            &annotation["bbox"],
            &annotation["area"]
        ),
        (
            &json!([11.0, 20.0, 2, 6.0, 5.0, 2, 0, 0, 0]),
            &json!(2),
            &json!([6.0, 5.0, 5.0, 15.0]),
            &json!(75.0)
        )
    );

    // Not a marking kind: COCO is refused, naming the field.
    let other = crate::exports::answered_project(&app, &requester, "kpo").await;
    let (status, body, _) = export(&requester, &other, json!({"format": "coco"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["errors"][0]["path"], "/format", "{body}");

    let Some(python) = test_python() else { return };
    let read = pycocotools(
        &python,
        work.path(),
        r#"
import json, sys
from pycocotools.coco import COCO
c = COCO(sys.argv[1])
anns = c.loadAnns(c.getAnnIds(catIds=c.getCatIds(catNms=["cat"])))
cat = c.loadCats(c.getCatIds())[0]
print(json.dumps({"keypoints": cat["keypoints"], "skeleton": cat["skeleton"],
    "annotations": [[a["keypoints"], a["num_keypoints"]] for a in anns]}))
"#,
    );
    assert_eq!(
        read,
        json!({"keypoints": ["nose", "left_ear", "right_ear"], "skeleton": [[1, 2], [1, 3]],
            "annotations": [[[11.0, 20.0, 2, 6.0, 5.0, 2, 0, 0, 0], 2]]})
    );
}

#[tokio::test]
async fn the_requester_edits_polygons_and_keypoints_projects_from_the_pages() {
    let app = TestApp::spawn().await;
    let requester = app.requester("geo-pages").await;
    let template = json!({"kind": "keypoints", "question": "Place the cat's nose and ears.",
        "media": {"type": "image", "field": "photo"}, "category": "cat",
        "points": ["nose", "left_ear", "right_ear"],
        "edges": [["nose", "left_ear"], ["nose", "right_ear"]]});
    let project = requester.project(json!({"template": template})).await;
    let id = project["id"].as_str().expect("id").to_string();
    let s = crate::web_money::Session::sign_in(
        &app,
        "geo-pages@requester.test",
        "correct horse battery",
    )
    .await;

    // The editor shows the skeleton as the API stored it.
    let (status, html) = s.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<option value=\"keypoints\" selected>"),
        "{html}"
    );
    assert!(html.contains("<option value=\"image\" selected>"), "{html}");
    assert!(
        html.contains(
            "<textarea id=\"kp_points\" name=\"kp_points\" rows=\"4\">nose\nleft_ear\nright_ear</textarea>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "name=\"kp_edges\" rows=\"3\" aria-describedby=\"kp-edges-hint\">nose - left_ear\nnose - right_ear</textarea>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<input id=\"kp_category\" name=\"kp_category\" value=\"cat\""),
        "{html}"
    );

    // An edge that is not two names is refused on the page, naming the line.
    let mut form = vec![
        ("title", "Cats"),
        ("reward", "0.10"),
        ("kind", "keypoints"),
        ("media_type", "image"),
        ("media_field", "photo"),
        ("kp_points", "nose\nleft_ear"),
        ("kp_edges", "nose left_ear"),
        ("kp_category", "cat"),
    ];
    let (status, _, html) = s.post(&format!("/projects/{id}/edit"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let text = html.replace("&#34;", "\"");
    assert!(
        text.contains(
            "\"nose left_ear\" is not an edge: write two point names joined by \" - \", like nose - left_eye"
        ),
        "{html}"
    );
    let (_, unchanged) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        unchanged["template"]["points"],
        json!(["nose", "left_ear", "right_ear"])
    );

    // Corrected, the skeleton is saved as the API's.
    form[6] = ("kp_edges", "nose - left_ear");
    let (status, _, html) = s.post(&format!("/projects/{id}/edit"), &form).await;
    assert!(status.is_redirection(), "{status}: {html}");
    let (_, saved) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(saved["template"]["points"], json!(["nose", "left_ear"]));
    assert_eq!(saved["template"]["edges"], json!([["nose", "left_ear"]]));
    assert_eq!(saved["template"]["category"], json!("cat"));
    assert_eq!(
        saved["template"]["media"],
        json!({"type": "image", "field": "photo"})
    );

    // The same project turned into polygons from the form: the labels, one a line.
    let form = [
        ("title", "Cats"),
        ("reward", "0.10"),
        ("kind", "polygons"),
        ("media_type", "image"),
        ("media_field", "photo"),
        ("poly_labels", "cat\n\ndog"),
    ];
    let (status, _, html) = s.post(&format!("/projects/{id}/edit"), &form).await;
    assert!(status.is_redirection(), "{status}: {html}");
    let (_, saved) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(saved["template"]["kind"], json!("polygons"));
    assert_eq!(saved["template"]["labels"], json!(["cat", "dog"]));
    let (status, html) = s.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains(
            "<textarea id=\"poly_labels\" name=\"poly_labels\" rows=\"3\">cat\ndog</textarea>"
        ),
        "{html}"
    );
}
