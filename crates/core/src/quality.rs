//! Scoring an answer against a known answer: what a test qualification counts as a
//! right answer, per kind of template. Both answers are the normalised ones the
//! template's validation stores (choices as values, numbers as numbers, trimmed text).

use crate::template::Template;
use serde_json::Value;

/// The overlap a drawn box must reach with a known box to count as the same box.
pub const MIN_BOX_IOU: f64 = 0.5;

/// Whether `answer` counts as the known answer `known` under `template`:
/// - single choice, multiple choice, rating: the same category (a multiple choice
///   needs exactly the same set of values);
/// - text: the same text ignoring case and runs of white space;
/// - bounding boxes: as many boxes, each known box matched by a distinct drawn box
///   of its label overlapping it by at least [`MIN_BOX_IOU`] (intersection over union);
/// - form: every field of the known answer matches (text fields as text, others equal).
pub fn answer_matches(template: &Template, answer: &Value, known: &Value) -> bool {
    match template {
        Template::SingleChoice(_) | Template::MultiChoice(_) | Template::Rating(_) => {
            match (
                template.categorical_label(answer),
                template.categorical_label(known),
            ) {
                (Some(a), Some(k)) => a == k,
                _ => false,
            }
        }
        Template::Text(_) => same_text(answer, known),
        Template::BoundingBoxes(_) => same_boxes(answer, known),
        Template::Form(_) => same_fields(answer, known),
    }
}

/// The score of `correct` right answers out of `counted`, in percent rounded down
/// (0 when nothing was counted).
pub fn percent(correct: i64, counted: i64) -> i64 {
    if counted <= 0 {
        return 0;
    }
    correct.clamp(0, counted) * 100 / counted
}

fn text_key(value: &Value) -> Option<String> {
    let text = value.as_str()?;
    Some(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

fn same_text(answer: &Value, known: &Value) -> bool {
    match (text_key(answer), text_key(known)) {
        (Some(a), Some(k)) => a == k,
        _ => false,
    }
}

fn same_fields(answer: &Value, known: &Value) -> bool {
    let (Some(answer), Some(known)) = (answer.as_object(), known.as_object()) else {
        return false;
    };
    known.iter().all(|(field, want)| match answer.get(field) {
        Some(got) if want.is_string() => same_text(got, want),
        Some(got) => got == want,
        None => want.is_null(),
    })
}

/// A drawn box: its label and x, y, w, h.
struct Drawn<'a> {
    label: &'a str,
    rect: [f64; 4],
}

fn drawn(value: &Value) -> Option<Vec<Drawn<'_>>> {
    value
        .get("boxes")?
        .as_array()?
        .iter()
        .map(|b| {
            let n = |k: &str| b.get(k).and_then(Value::as_f64);
            Some(Drawn {
                label: b.get("label")?.as_str()?,
                rect: [n("x")?, n("y")?, n("w")?, n("h")?],
            })
        })
        .collect()
}

fn iou(a: [f64; 4], b: [f64; 4]) -> f64 {
    let ix = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let iy = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    if ix <= 0.0 || iy <= 0.0 {
        return 0.0;
    }
    let inter = ix * iy;
    let union = a[2] * a[3] + b[2] * b[3] - inter;
    if union <= 0.0 { 0.0 } else { inter / union }
}

fn same_boxes(answer: &Value, known: &Value) -> bool {
    let (Some(answer), Some(known)) = (drawn(answer), drawn(known)) else {
        return false;
    };
    if answer.len() != known.len() {
        return false;
    }
    let mut used = vec![false; answer.len()];
    known.iter().all(|k| {
        let best = answer
            .iter()
            .enumerate()
            .filter(|(i, a)| !used[*i] && a.label == k.label)
            .map(|(i, a)| (i, iou(a.rect, k.rect)))
            .filter(|(_, overlap)| *overlap >= MIN_BOX_IOU)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        match best {
            Some((i, _)) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(definition: Value) -> Template {
        Template::parse(&definition).expect("a valid template")
    }

    #[test]
    fn choices_match_by_value_and_a_multiple_choice_by_the_whole_set() {
        let single = template(json!({"kind": "single_choice", "options": [
            {"value": "pos", "label": "P"}, {"value": "neg", "label": "N"}]}));
        assert!(answer_matches(&single, &json!("pos"), &json!("pos")));
        assert!(!answer_matches(&single, &json!("neg"), &json!("pos")));
        let multi = template(json!({"kind": "multi_choice", "options": [
            {"value": "a", "label": "A"}, {"value": "b", "label": "B"}, {"value": "c", "label": "C"}]}));
        assert!(answer_matches(
            &multi,
            &json!(["b", "a"]),
            &json!(["a", "b"])
        ));
        assert!(!answer_matches(&multi, &json!(["a"]), &json!(["a", "b"])));
    }

    #[test]
    fn text_matches_ignoring_case_and_spacing_but_not_other_words() {
        let text = template(json!({"kind": "text"}));
        assert!(answer_matches(
            &text,
            &json!("  Le  Chat noir"),
            &json!("le chat Noir")
        ));
        assert!(!answer_matches(
            &text,
            &json!("le chien noir"),
            &json!("le chat noir")
        ));
    }

    #[test]
    fn boxes_match_when_each_known_box_has_an_overlapping_box_of_its_label() {
        let boxes = template(json!({"kind": "bounding_boxes", "labels": ["cat", "dog"],
            "media": {"field": "image", "type": "image"}}));
        let known = json!({"boxes": [{"x": 0, "y": 0, "w": 10, "h": 10, "label": "cat"}]});
        let close = json!({"boxes": [{"x": 1, "y": 1, "w": 10, "h": 10, "label": "cat"}]});
        let far = json!({"boxes": [{"x": 6, "y": 6, "w": 10, "h": 10, "label": "cat"}]});
        let wrong_label = json!({"boxes": [{"x": 0, "y": 0, "w": 10, "h": 10, "label": "dog"}]});
        assert!(answer_matches(&boxes, &close, &known));
        assert!(!answer_matches(&boxes, &far, &known));
        assert!(!answer_matches(&boxes, &wrong_label, &known));
        assert!(!answer_matches(&boxes, &json!({"boxes": []}), &known));
    }

    #[test]
    fn percent_rounds_down_and_is_zero_for_nothing_counted() {
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(0, 0), 0);
    }
}
