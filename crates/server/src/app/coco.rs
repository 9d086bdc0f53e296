//! `coco.json` of a bounding-box project (`--format coco`): a COCO object-detection
//! file (<https://cocodataset.org/#format-data>). Images are the items, in the order
//! they were imported, named by the template's image field (a URL or a file name),
//! with `width`/`height` from the items' `image_width`/`image_height` fields (the ones
//! the template checks boxes against) and left out when an item has none; categories
//! are the template's labels in its order (ids from 1); annotations are the boxes
//! aggregated with `boxes`, each with its support as `score`.
//!
//! A polygon project's file is COCO segmentation: each chosen polygon (method `polygons`)
//! is an annotation with `segmentation` `[[x1, y1, x2, y2, …]]`, its `area` (shoelace) and
//! its `bbox`. A keypoint project's file is COCO keypoints: one category, the template's
//! `category`, with the skeleton's `keypoints` names and `skeleton` edges (1-based), and
//! per item one annotation of the fused points (method `keypoints`) as `[x, y, v]` triples,
//! `v` 2 for a visible point and 0 (with x = y = 0) for one that is not, with
//! `num_keypoints` and the visible points' `bbox`. The item's confidence is each
//! annotation's `score`.

use super::results::LabelRecord;
use handprint_core::template::{Keypoints, Polygons, polygon_area};
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

/// The images of a document and each item's image id.
fn image_list<'a>(
    images: &[Image<'a>],
    image_field: &str,
) -> (Vec<Value>, HashMap<&'a str, usize>) {
    let mut image_of = HashMap::new();
    let entries = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            image_of.insert(image.task_id, i + 1);
            image_entry(i + 1, image, image_field)
        })
        .collect();
    (entries, image_of)
}

/// `[x, y, width, height]` around points.
fn bounds(points: &[[f64; 2]]) -> [f64; 4] {
    let Some(first) = points.first() else {
        return [0.0; 4];
    };
    let (mut x0, mut y0, mut x1, mut y1) = (first[0], first[1], first[0], first[1]);
    for [x, y] in points {
        x0 = x0.min(*x);
        y0 = y0.min(*y);
        x1 = x1.max(*x);
        y1 = y1.max(*y);
    }
    [x0, y0, x1 - x0, y1 - y0]
}

/// The COCO segmentation document of a polygon project; returns it and how many
/// annotations (polygons) it holds.
pub fn polygons_document(
    template: &Polygons,
    images: &[Image<'_>],
    aggregated: &[LabelRecord],
) -> (Value, usize) {
    let labels = template.labels();
    let categories: Vec<Value> = labels
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": i + 1, "name": name, "supercategory": "object"}))
        .collect();
    let (coco_images, image_of) = image_list(images, template.image_field());
    let mut annotations = Vec::new();
    for record in aggregated {
        let Some(&image_id) = image_of.get(record.task_id.as_str()) else {
            continue;
        };
        for drawn in record.label["polygons"].as_array().into_iter().flatten() {
            let Some(category_id) = drawn["label"]
                .as_str()
                .and_then(|l| labels.iter().position(|name| name == l))
            else {
                continue;
            };
            let Some(points) = drawn["points"].as_array().and_then(|ps| {
                ps.iter()
                    .map(|xy| Some([xy[0].as_f64()?, xy[1].as_f64()?]))
                    .collect::<Option<Vec<_>>>()
            }) else {
                continue;
            };
            let flat: Vec<f64> = points.iter().flatten().copied().collect();
            annotations.push(json!({
                "id": annotations.len() + 1,
                "image_id": image_id,
                "category_id": category_id + 1,
                "segmentation": [flat],
                "area": polygon_area(&points),
                "bbox": bounds(&points),
                "iscrowd": 0,
                "score": record.confidence,
            }));
        }
    }
    let count = annotations.len();
    let doc = json!({
        "info": {"description": "Polygons chosen by Handprint's mask-IoU vote", "version": "1.0"},
        "images": coco_images,
        "categories": categories,
        "annotations": annotations,
    });
    (doc, count)
}

/// The COCO keypoints document of a keypoint project; returns it and how many
/// annotations (items with fused points) it holds.
pub fn keypoints_document(
    template: &Keypoints,
    images: &[Image<'_>],
    aggregated: &[LabelRecord],
) -> (Value, usize) {
    let names = template.points();
    let index = |name: &str| names.iter().position(|n| n == name).map(|i| i + 1);
    let skeleton: Vec<[usize; 2]> = template
        .edges()
        .iter()
        .filter_map(|[a, b]| Some([index(a)?, index(b)?]))
        .collect();
    let categories = json!([{
        "id": 1,
        "name": template.category(),
        "supercategory": template.category(),
        "keypoints": names,
        "skeleton": skeleton,
    }]);
    let (coco_images, image_of) = image_list(images, template.image_field());
    let mut annotations = Vec::new();
    for record in aggregated {
        let Some(&image_id) = image_of.get(record.task_id.as_str()) else {
            continue;
        };
        let Some(points) = record.label["points"].as_object() else {
            continue;
        };
        let mut triples = Vec::with_capacity(names.len() * 3);
        let mut visible = Vec::new();
        for name in names {
            let point = &points.get(name).cloned().unwrap_or_default();
            match (
                point["visible"].as_bool(),
                point["x"].as_f64(),
                point["y"].as_f64(),
            ) {
                (Some(true), Some(x), Some(y)) => {
                    triples.extend([json!(x), json!(y), json!(2)]);
                    visible.push([x, y]);
                }
                _ => triples.extend([json!(0), json!(0), json!(0)]),
            }
        }
        let bbox = bounds(&visible);
        annotations.push(json!({
            "id": annotations.len() + 1,
            "image_id": image_id,
            "category_id": 1,
            "keypoints": triples,
            "num_keypoints": visible.len(),
            "bbox": bbox,
            "area": bbox[2] * bbox[3],
            "iscrowd": 0,
            "score": record.confidence,
        }));
    }
    let count = annotations.len();
    let doc = json!({
        "info": {"description": "Keypoints fused by Handprint's per-point median", "version": "1.0"},
        "images": coco_images,
        "categories": categories,
        "annotations": annotations,
    });
    (doc, count)
}
