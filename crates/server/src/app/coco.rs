//! `coco.json` of a bounding-box project (`--format coco`): a COCO object-detection
//! file (<https://cocodataset.org/#format-data>). Images are the items, in the order
//! they were imported, named by the template's image field (a URL or a file name),
//! with `width`/`height` from the items' `image_width`/`image_height` fields (the ones
//! the template checks boxes against) and left out when an item has none; categories
//! are the template's labels in its order (ids from 1); annotations are the boxes
//! aggregated with `boxes`, each with its support as `score`.

use super::results::LabelRecord;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The file's name in every COCO export.
pub const COCO_FILE: &str = "coco.json";

/// One item, as the export reads it.
pub struct Image<'a> {
    pub task_id: &'a str,
    pub external_id: Option<&'a str>,
    pub data: &'a Value,
}

/// A positive size in pixels from an item's field; numeric text counts (CSV imports).
pub(super) fn dimension(data: &Value, key: &str) -> Option<u64> {
    let value = data.get(key)?;
    let size = match value {
        Value::String(text) => text.trim().parse::<f64>().ok(),
        other => other.as_f64(),
    }?;
    (size.is_finite() && size >= 1.0 && size.fract() == 0.0).then_some(size as u64)
}

/// The COCO document; returns it and how many annotations it holds.
pub fn document(
    labels: &[String],
    image_field: &str,
    images: &[Image<'_>],
    aggregated: &[LabelRecord],
) -> (Value, usize) {
    let categories: Vec<Value> = labels
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": i + 1, "name": name, "supercategory": "object"}))
        .collect();
    let category_of: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i + 1))
        .collect();
    let mut image_of = HashMap::new();
    let coco_images: Vec<Value> = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            image_of.insert(image.task_id, i + 1);
            image_entry(i + 1, image, image_field)
        })
        .collect();
    let mut annotations = Vec::new();
    for record in aggregated {
        let Some(&image_id) = image_of.get(record.task_id.as_str()) else {
            continue;
        };
        for drawn in record.label["boxes"].as_array().into_iter().flatten() {
            let (Some(x), Some(y), Some(w), Some(h)) = (
                drawn["x"].as_f64(),
                drawn["y"].as_f64(),
                drawn["w"].as_f64(),
                drawn["h"].as_f64(),
            ) else {
                continue;
            };
            let Some(&category_id) = drawn["label"].as_str().and_then(|l| category_of.get(l))
            else {
                continue;
            };
            annotations.push(json!({
                "id": annotations.len() + 1,
                "image_id": image_id,
                "category_id": category_id,
                "bbox": [x, y, w, h],
                "area": w * h,
                "iscrowd": 0,
                "score": drawn["support"],
            }));
        }
    }
    let count = annotations.len();
    let doc = json!({
        "info": {"description": "Bounding boxes aggregated with Handprint's box fusion", "version": "1.0"},
        "images": coco_images,
        "categories": categories,
        "annotations": annotations,
    });
    (doc, count)
}

fn image_entry(id: usize, image: &Image<'_>, image_field: &str) -> Value {
    let name = image.data.get(image_field).and_then(Value::as_str);
    let mut entry = json!({
        "id": id,
        "file_name": name.unwrap_or_default(),
        "task_id": image.task_id,
        "external_id": image.external_id,
    });
    if let Some(url) = name.filter(|n| n.starts_with("http://") || n.starts_with("https://")) {
        entry["coco_url"] = json!(url);
    }
    if let (Some(w), Some(h)) = (
        dimension(image.data, "image_width"),
        dimension(image.data, "image_height"),
    ) {
        entry["width"] = json!(w);
        entry["height"] = json!(h);
    }
    entry
}
