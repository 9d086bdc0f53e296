//! The formats ML teams load (issue 14, item 6): the Hugging Face datasets layout
//! (Parquet under `data/` and a README.md dataset card), read by the `datasets` library
//! of the test virtual environment, signed and refused after a changed byte.

use crate::exports::{answered_project, export, keys_file, test_python, unzip, verify};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;

/// Rows per config and split of the layout in `dir`, as `datasets.load_dataset` reads them
/// (offline, with a cache of its own).
fn load_dataset(python: &Path, dir: &Path) -> Value {
    let script = r#"
import json, os, sys
from datasets import load_dataset
out = {}
for config in sys.argv[2:]:
    ds = load_dataset(sys.argv[1], config, cache_dir=sys.argv[1] + "/../hf-cache")
    out[config] = {split: {"rows": d.num_rows, "columns": d.column_names} for split, d in ds.items()}
print(json.dumps(out))
# Leave without the interpreter's teardown, where pyarrow's background threads can
# abort a process whose work is done (apache/arrow#34314: "terminate called without an
# active exception"); a failure above still exits non-zero.
sys.stdout.flush()
os._exit(0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(dir)
        .args(["answers", "items"])
        .env("HF_HUB_OFFLINE", "1")
        .env("HF_DATASETS_OFFLINE", "1")
        .output()
        .expect("run datasets");
    assert!(
        out.status.success(),
        "datasets: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("json")
}

#[tokio::test]
async fn the_hugging_face_layout_loads_with_datasets_and_its_card_is_signed() {
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("exh").await;
    let project = answered_project(&app, &requester, "exh").await;
    let work = tempfile::tempdir().expect("dir");
    let keys = keys_file(&app, work.path()).await.display().to_string();

    let (status, bytes, _) = export(&requester, &project, json!({"format": "hf"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let dir = work.path().join("hf");
    std::fs::create_dir(&dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &dir),
        [
            "data/answers.parquet",
            "data/items.parquet",
            "README.md",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let card = std::fs::read_to_string(dir.join("README.md")).expect("card");
    assert!(
        card.starts_with(
            "---\npretty_name: \"Review sentiment\"\nconfigs:\n- config_name: \"answers\"\n  data_files:\n  - split: train\n    path: \"data/answers.parquet\"\n  default: true\n- config_name: \"items\"\n  data_files:\n  - split: train\n    path: \"data/items.parquet\"\n---\n\n# Review sentiment\n\nCollected on Handprint for Org of exh@requester.test (not verified by the instance's operator). Declared purpose: Train a review classifier for a small bookshop's search page.\n"
        ),
        "{card}"
    );
    assert!(
        card.contains(
            "- Workers: 2.\n- Measured working hours: 0.02 (0.00 unpaid: returned and expired leases, answers whose rejection is final).\n- Effective hourly pay: p10 12.00 / median 12.00 / p90 18.00 USD.\n- Workers paid at or above the instance's floor of 12.00 USD per hour: 2 of 2.\n- Rejections: 0 (0 overturned after a dispute, 0 final).\n"
        ),
        "{card}"
    );
    let croissant: Value =
        serde_json::from_slice(&std::fs::read(dir.join("croissant.json")).expect("read"))
            .expect("json");
    let objects: Vec<(&str, &str)> = croissant["distribution"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["@id"].as_str().unwrap_or_default(),
                f["encodingFormat"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        objects,
        [
            ("data/answers.parquet", "application/x-parquet"),
            ("data/items.parquet", "application/x-parquet"),
            ("README.md", "text/markdown"),
        ]
    );

    let (ok, stdout, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("4 files checked"), "{stdout}");
    // One changed byte of the card: refused, naming it.
    let path = dir.join("README.md");
    let mut changed = card.clone().into_bytes();
    changed[5] ^= 1;
    std::fs::write(&path, &changed).expect("write");
    let (ok, _, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(!ok);
    assert!(
        stderr.contains("README.md") && stderr.contains("changed"),
        "{stderr}"
    );
    std::fs::write(&path, &card).expect("restore");

    let Some(python) = test_python() else { return };
    assert_eq!(
        load_dataset(&python, &dir),
        json!({
            "answers": {"train": {"rows": 3, "columns": [
                "assignment_id", "task_id", "external_id", "worker", "answer", "seconds",
                "leased_at", "submitted_at", "review_state", "rejection_reason", "item"]}},
            "items": {"train": {"rows": 4, "columns": ["task_id", "external_id", "answers", "item"]}},
        })
    );
    let verdict = crate::exports::mlcroissant(&python, &dir, "answers");
    assert_eq!(verdict["warnings"], json!([]), "{verdict}");
    assert_eq!(verdict["records"], 3, "{verdict}");
}

/// pycocotools' reading of `coco.json` in `dir`: counts, categories, and each
/// annotation's (image file, category name, bbox, area).
fn pycocotools(python: &Path, dir: &Path) -> Value {
    let script = r#"
import json, sys
from pycocotools.coco import COCO
c = COCO(sys.argv[1])
anns = c.loadAnns(c.getAnnIds())
print(json.dumps({"images": len(c.getImgIds()), "annotations": len(anns),
    "categories": [x["name"] for x in c.loadCats(c.getCatIds())],
    "boxes": [[c.imgs[a["image_id"]]["file_name"], c.cats[a["category_id"]]["name"], a["bbox"], a["area"]] for a in anns]}))
"#;
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

/// A box project of 3 images (the first with its size, all with `sized`), the first two
/// answered by `worker`.
async fn box_project(
    app: &crate::support::TestApp,
    requester: &crate::support::Client,
    (worker, sized): (&str, bool),
) -> String {
    let size = |w: u32, h: u32| {
        if sized {
            json!({"image_width": w, "image_height": h})
        } else {
            json!({})
        }
    };
    let item = |id: &str, photo: &str, size: Value| {
        let mut item = json!({"external_id": id, "photo": photo});
        if let (Some(item), Value::Object(size)) = (item.as_object_mut(), size) {
            item.extend(size);
        }
        item
    };
    let project = requester
        .funded_project_of(
            json!({"kind": "bounding_boxes", "media": {"type": "image", "field": "photo"},
                "labels": ["car", "person"]}),
            &[
                json!({"external_id": "img-0", "photo": "https://img.test/0.jpg", "image_width": 640, "image_height": 480}),
                item("img-1", "street.png", size(200, 100)),
                item("img-2", "empty.png", size(50, 50)),
            ],
        )
        .await;
    let worker = app.worker(worker).await;
    crate::money::answer(
        app,
        &worker,
        &project,
        json!({"boxes": [{"x": 10, "y": 20, "w": 100, "h": 50, "label": "car"},
            {"x": 200, "y": 100, "w": 30, "h": 60, "label": "person"}]}),
        30,
    )
    .await;
    crate::money::answer(
        app,
        &worker,
        &project,
        json!({"boxes": [{"x": 5.5, "y": 6, "w": 10, "h": 4, "label": "person"}]}),
        30,
    )
    .await;
    project
}

#[tokio::test]
async fn a_box_project_exports_as_coco_that_pycocotools_loads_and_verifies() {
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("exc").await;
    let project = box_project(&app, &requester, ("cocow", false)).await;
    let work = tempfile::tempdir().expect("dir");
    let keys = keys_file(&app, work.path()).await.display().to_string();

    let (status, bytes, _) = export(&requester, &project, json!({"format": "coco"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let dir = work.path().join("coco");
    std::fs::create_dir(&dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &dir),
        [
            "coco.json",
            "items.jsonl",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let coco: Value =
        serde_json::from_slice(&std::fs::read(dir.join("coco.json")).expect("read")).expect("json");
    let images: Vec<Value> = coco["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|i| {
            json!([
                i["id"],
                i["file_name"],
                i["coco_url"],
                i["width"],
                i["height"],
                i["external_id"]
            ])
        })
        .collect();
    assert_eq!(
        images,
        [
            json!([
                1,
                "https://img.test/0.jpg",
                "https://img.test/0.jpg",
                640,
                480,
                "img-0"
            ]),
            json!([2, "street.png", null, null, null, "img-1"]),
            json!([3, "empty.png", null, null, null, "img-2"]),
        ]
    );
    assert_eq!(
        coco["categories"],
        json!([{"id": 1, "name": "car", "supercategory": "object"},
            {"id": 2, "name": "person", "supercategory": "object"}])
    );
    assert_eq!(
        coco["annotations"][0],
        json!({"id": 1, "image_id": 1, "category_id": 1, "bbox": [10.0, 20.0, 100.0, 50.0],
            "area": 5000.0, "iscrowd": 0, "score": 1.0})
    );

    let (ok, stdout, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("3 files checked"), "{stdout}");
    let path = dir.join("coco.json");
    let original = std::fs::read(&path).expect("read");
    let mut changed = original.clone();
    changed[10] ^= 1;
    std::fs::write(&path, &changed).expect("write");
    let (ok, _, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(!ok);
    assert!(
        stderr.contains("coco.json") && stderr.contains("changed"),
        "{stderr}"
    );
    std::fs::write(&path, &original).expect("restore");

    // Not a box project: refused, naming the field.
    let other = answered_project(&app, &requester, "exc").await;
    let (status, body, _) = export(&requester, &other, json!({"format": "coco"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["errors"][0]["path"], "/format", "{body}");

    let Some(python) = test_python() else { return };
    assert_eq!(
        pycocotools(&python, &dir),
        json!({"images": 3, "annotations": 3, "categories": ["car", "person"], "boxes": [
            ["https://img.test/0.jpg", "car", [10.0, 20.0, 100.0, 50.0], 5000.0],
            ["https://img.test/0.jpg", "person", [200.0, 100.0, 30.0, 60.0], 1800.0],
            ["street.png", "person", [5.5, 6.0, 10.0, 4.0], 40.0],
        ]})
    );
    let items = crate::exports::mlcroissant(&python, &dir, "items");
    assert_eq!(items["records"], 3, "{items}");
}

#[tokio::test]
async fn a_box_project_exports_as_yolo_label_files_normalised_to_each_image() {
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("exy").await;
    let work = tempfile::tempdir().expect("dir");
    let keys = keys_file(&app, work.path()).await.display().to_string();

    // Without every image's size: refused, naming the item.
    let without_sizes = box_project(&app, &requester, ("yolow1", false)).await;
    let (status, body, _) = export(&requester, &without_sizes, json!({"format": "yolo"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(body["errors"][0]["path"], "/format", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("img-1") && m.contains("image_width")),
        "{body}"
    );

    let project = box_project(&app, &requester, ("yolow2", true)).await;
    let (status, bytes, _) = export(&requester, &project, json!({"format": "yolo"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let dir = work.path().join("yolo");
    std::fs::create_dir(&dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &dir),
        [
            "data.yaml",
            "items.jsonl",
            "classes.txt",
            "labels/0.txt",
            "labels/street.txt",
            "labels/empty.txt",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("read");
    assert_eq!(
        read("data.yaml"),
        "# YOLO classes of a Handprint export; label files are in labels/\nnc: 2\nnames:\n  0: \"car\"\n  1: \"person\"\n"
    );
    assert_eq!(read("classes.txt"), "car\nperson\n");
    assert_eq!(
        read("labels/0.txt"),
        "0 0.093750 0.093750 0.156250 0.104167\n1 0.335938 0.270833 0.046875 0.125000\n"
    );
    assert_eq!(
        read("labels/street.txt"),
        "1 0.052500 0.080000 0.050000 0.040000\n"
    );
    assert_eq!(read("labels/empty.txt"), "");

    let (ok, stdout, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("7 files checked"), "{stdout}");
    let path = dir.join("labels/street.txt");
    std::fs::write(&path, "1 0.052500 0.080000 0.050000 0.040001\n").expect("write");
    let (ok, _, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(!ok);
    assert!(
        stderr.contains("street.txt") && stderr.contains("changed"),
        "{stderr}"
    );

    let Some(python) = test_python() else { return };
    std::fs::write(&path, "1 0.052500 0.080000 0.050000 0.040000\n").expect("restore");
    let items = crate::exports::mlcroissant(&python, &dir, "items");
    assert_eq!(items["records"], 3, "{items}");
}

#[tokio::test]
async fn the_cli_writes_the_yolo_layout_into_a_directory_and_refuses_hf_without_one() {
    use crate::support::{db_flags, handprint_command};
    let app = crate::support::TestApp::spawn().await;
    let requester = app.requester("exl").await;
    let project = box_project(&app, &requester, ("yolocli", true)).await;
    let work = tempfile::tempdir().expect("dir");
    let key_file = work.path().join("key.pem");
    let out = work.path().join("yolo");
    let output = handprint_command()
        .arg("export")
        .args(db_flags(&app.location))
        .args(["--project", &project, "--format", "yolo", "--out"])
        .arg(&out)
        .arg("--handprint")
        .env("HANDPRINT_SIGNING_KEY_FILE", &key_file)
        .output()
        .expect("run export");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!("3 boxes written to {}\n", out.display())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("labels/street.txt")).expect("read"),
        "1 0.052500 0.080000 0.050000 0.040000\n"
    );
    // Signed with the CLI's key file: verified against its public half.
    let key = handprint_core::attest::InstanceKey::from_pem(
        &std::fs::read_to_string(&key_file).expect("key"),
    )
    .expect("key");
    let pem = work.path().join("public.pem");
    std::fs::write(&pem, key.public().to_pem().expect("pem")).expect("write");
    let (ok, stdout, stderr) = verify(&[
        &out.join("handprint.dsse.json").display().to_string(),
        "--key",
        &pem.display().to_string(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("7 files checked"), "{stdout}");

    let output = handprint_command()
        .arg("export")
        .args(db_flags(&app.location))
        .args(["--project", &project, "--format", "hf"])
        .output()
        .expect("run export");
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "error: --format hf writes files: give --out DIR (or DIR.zip)"
    );
}
