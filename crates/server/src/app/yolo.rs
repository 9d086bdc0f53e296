//! The YOLO layout of a bounding-box project (`--format yolo`): `labels/<image>.txt`
//! per item, one `class cx cy w h` line per aggregated box (class from 0 in the
//! template's label order; centre and size divided by the image's width and height),
//! `classes.txt` (one label a line) and `data.yaml` (`nc`, `names`). The image's size
//! comes from the item's `image_width`/`image_height` fields; an item without them is
//! refused, naming it, since a box cannot be normalised without its image's size.
//! A label file is named after the image's file name (its last path segment, without
//! extension, other characters than letters, digits, `-`, `_` and `.` made `_`);
//! two images of one name get the item's id appended to the second.

use super::coco::{Image, dimension};
use super::results::LabelRecord;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The file listing the classes.
pub const CLASSES_FILE: &str = "classes.txt";
/// The dataset's YAML description.
pub const DATA_FILE: &str = "data.yaml";

/// An item the layout cannot hold: its id, and the fields it lacks.
#[derive(Debug)]
pub struct MissingSize {
    pub item: String,
}

/// Every file of the layout as (name, content): `data.yaml`, `classes.txt`, then
/// one label file per item in import order; and how many boxes they hold.
pub fn files(
    labels: &[String],
    image_field: &str,
    images: &[Image<'_>],
    aggregated: &[LabelRecord],
) -> Result<(Vec<(String, String)>, usize), MissingSize> {
    let by_task: HashMap<&str, &Value> = aggregated
        .iter()
        .map(|r| (r.task_id.as_str(), &r.label))
        .collect();
    let class_of: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let mut data = format!(
        "# YOLO classes of a Handprint export; label files are in labels/\nnc: {}\nnames:\n",
        labels.len()
    );
    for (i, label) in labels.iter().enumerate() {
        let _ = writeln!(data, "  {i}: {}", Value::String(label.clone()));
    }
    let mut out = vec![
        (DATA_FILE.to_string(), data),
        (
            CLASSES_FILE.to_string(),
            labels.iter().map(|l| format!("{l}\n")).collect(),
        ),
    ];
    let mut taken = HashSet::new();
    let mut boxes = 0;
    for image in images {
        let item = || MissingSize {
            item: image.external_id.unwrap_or(image.task_id).to_string(),
        };
        let width = dimension(image.data, "image_width").ok_or_else(item)? as f64;
        let height = dimension(image.data, "image_height").ok_or_else(item)? as f64;
        let mut text = String::new();
        let drawn = by_task
            .get(image.task_id)
            .and_then(|l| l["boxes"].as_array());
        for b in drawn.into_iter().flatten() {
            let (Some(x), Some(y), Some(w), Some(h)) = (
                b["x"].as_f64(),
                b["y"].as_f64(),
                b["w"].as_f64(),
                b["h"].as_f64(),
            ) else {
                continue;
            };
            let Some(class) = b["label"].as_str().and_then(|l| class_of.get(l)) else {
                continue;
            };
            boxes += 1;
            let _ = writeln!(
                text,
                "{class} {:.6} {:.6} {:.6} {:.6}",
                (x + w / 2.0) / width,
                (y + h / 2.0) / height,
                w / width,
                h / height
            );
        }
        let mut stem = stem(
            image.data.get(image_field).and_then(Value::as_str),
            image.task_id,
        );
        if !taken.insert(stem.clone()) {
            stem = format!("{stem}-{}", image.task_id);
            taken.insert(stem.clone());
        }
        out.push((format!("labels/{stem}.txt"), text));
    }
    Ok((out, boxes))
}

/// The label file's name for an image named `name` (a URL or a file name).
fn stem(name: Option<&str>, task_id: &str) -> String {
    let last = name
        .map(|n| n.split(['?', '#']).next().unwrap_or_default())
        .and_then(|n| n.rsplit('/').next())
        .unwrap_or_default();
    let base = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() || safe.starts_with('.') {
        task_id.to_string()
    } else {
        safe
    }
}
