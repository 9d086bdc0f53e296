//! `README.md` of the Hugging Face datasets layout (`--format hf`): the dataset card
//! the Hub and `datasets.load_dataset(DIR)` read. Its YAML header names the Parquet
//! files as configs (the data first, the default; then the items); its text is the
//! handprint in plain words, drawn from the signed predicate so the two never differ.
//! YAML scalars are written as JSON strings, which YAML reads as double-quoted text.

use serde_json::Value;
use std::fmt::Write;

/// The card's file name.
pub const CARD_FILE: &str = "README.md";

/// The card for the files `data` (answers or labels) and `items`, under `predicate`.
pub fn card(predicate: &Value, data: &str, items: &str) -> String {
    let p = predicate;
    let title = p["for_whom"]["project"]["title"]
        .as_str()
        .unwrap_or("Handprint export");
    let content = p["what"]["content"].as_str().unwrap_or("answers");
    let mut out = String::from("---\n");
    let _ = writeln!(out, "pretty_name: {}", quoted(title));
    // The only kind whose ML task is certain whatever the items are.
    if p["what"]["template"]["kind"] == "bounding_boxes" {
        out.push_str("task_categories:\n- object-detection\n");
    }
    out.push_str("configs:\n");
    for (name, path, default) in [(content, data, true), ("items", items, false)] {
        let _ = writeln!(
            out,
            "- config_name: {}\n  data_files:\n  - split: train\n    path: {}",
            quoted(name),
            quoted(path)
        );
        if default {
            out.push_str("  default: true\n");
        }
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {title}\n");
    out.push_str(&story(p, data, items));
    out
}

fn quoted(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

/// A figure as text: strings as they are, a missing one as "not measured".
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "not measured".into(),
        other => other.to_string(),
    }
}

/// The card's body: what the files hold, for whom and why, and the work behind them.
fn story(p: &Value, data: &str, items: &str) -> String {
    let what = &p["what"];
    let by = &p["by_whom"];
    let pay = &by["hourly_pay"];
    let reviews = &by["reviews"];
    let currency = text(&p["instance"]["currency"]);
    let organization = text(&p["for_whom"]["organization"]["name"]);
    let verified = if p["for_whom"]["organization"]["verified"] == true {
        "verified by the instance's operator"
    } else {
        "not verified by the instance's operator"
    };
    let held = match p["how"]["aggregation"]["method"].as_str() {
        Some(method) => format!("one aggregated label per answered item (method `{method}`)"),
        None => "every answer, one row each".to_string(),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Collected on Handprint for {organization} ({verified}). Declared purpose: {}.\n",
        text(&p["for_whom"]["purpose"]).trim_end_matches('.')
    );
    let _ = writeln!(
        out,
        "## Files\n\n- `{data}`: {held}.\n- `{items}`: every item of the project, one row each.\n\n{} items, {} answers, from {} to {}.\n",
        text(&what["items"]),
        text(&what["answers"]),
        text(&what["first_answer_at"]),
        text(&what["last_answer_at"]),
    );
    let _ = writeln!(
        out,
        "## The handprint: the work behind this data\n\n\
         - Workers: {}.\n\
         - Measured working hours: {} ({} unpaid: returned and expired leases, answers whose rejection is final).\n\
         - Effective hourly pay: p10 {} / median {} / p90 {} {currency}.\n\
         - Workers paid at or above the instance's floor of {} {currency} per hour: {} of {}.\n\
         - Rejections: {} ({} overturned after a dispute, {} final).\n",
        text(&by["workers"]),
        text(&by["measured_hours"]),
        text(&by["unpaid_hours"]),
        text(&pay["p10"]),
        text(&pay["median"]),
        text(&pay["p90"]),
        text(&p["instance"]["pay_floor_per_hour"]),
        text(&pay["at_or_above_floor"]),
        text(&pay["workers"]),
        text(&reviews["rejected"]),
        text(&reviews["overturned"]),
        text(&reviews["rejected_final"]),
    );
    out.push_str(
        "The signed record is `handprint.dsse.json` (an in-toto statement in a DSSE envelope, \
         Ed25519): it holds the SHA-256 of this card and of every data file. Check it with \
         `handprint verify handprint.dsse.json`. `croissant.json` describes the files as \
         Croissant 1.0 with the Responsible-AI extension.\n",
    );
    out
}
