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
import json, sys
from datasets import load_dataset
out = {}
for config in sys.argv[2:]:
    ds = load_dataset(sys.argv[1], config, cache_dir=sys.argv[1] + "/../hf-cache")
    out[config] = {split: {"rows": d.num_rows, "columns": d.column_names} for split, d in ds.items()}
print(json.dumps(out))
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
