//! spans.

use handprint_core::template::Template;
use serde_json::json;

use crate::{accepted, assert_problem, problems, refused, refused_with, template};

fn entities() -> Template {
    template(
        json!({"kind": "spans", "question": "Mark every person and place.",
        "labels": ["person", "place"], "max_spans": 3}),
    )
}

#[test]
fn a_spans_template_reads_the_text_field_and_fills_in_defaults() {
    let Template::Spans(spans) = template(json!({"kind": "spans", "labels": ["person"]})) else {
        panic!("not spans")
    };
    assert_eq!(
        (spans.text_field(), spans.min_spans(), spans.max_spans()),
        ("text", 0, 50)
    );
    let stored = serde_json::to_value(Template::Spans(spans)).unwrap();
    assert_eq!(
        stored,
        json!({"kind": "spans", "text_field": "text", "labels": ["person"], "min_spans": 0, "max_spans": 50})
    );
}

#[test]
fn a_spans_template_names_each_wrong_setting() {
    let found = problems(
        json!({"kind": "spans", "text_field": "1x", "labels": ["a", "a"],
        "min_spans": 4, "max_spans": 2}),
    );
    assert_problem(&found, "/text_field", "\"1x\"");
    assert_problem(&found, "/labels/1", "\"a\"");
    assert_problem(&found, "/min_spans", "");
    assert_problem(&problems(json!({"kind": "spans"})), "/labels", "");
}

#[test]
fn spans_are_stored_sorted_with_the_text_they_cover() {
    let data = json!({"text": "Ana flew to Lyon, née Rakoto"});
    let stored = entities()
        .validate_answer(
            &data,
            &json!({"spans": [{"start": 12, "end": 16, "label": "place"},
                              {"start": 0, "end": 3, "label": "person", "text": "ignored"},
                              {"start": 18, "end": 21, "label": "person"}]}),
        )
        .unwrap();
    assert_eq!(
        stored,
        json!({"spans": [
            {"start": 0, "end": 3, "label": "person", "text": "Ana"},
            {"start": 12, "end": 16, "label": "place", "text": "Lyon"},
            {"start": 18, "end": 21, "label": "person", "text": "née"}]})
    );
    // Without the text, the offsets are kept as sent.
    assert_eq!(
        accepted(&entities(), json!({"spans": []})),
        json!({"spans": []})
    );
}

#[test]
fn a_wrong_span_is_refused_with_its_path() {
    let data = json!({"text": "Ana flew to Lyon"});
    let t = entities();
    let at = |answer| {
        let e = refused_with(&t, &data, answer);
        (e.path, e.message)
    };
    assert_eq!(
        at(
            json!({"spans": [{"start": 0, "end": 3, "label": "person"}, {"start": 12, "end": 40, "label": "place"}]})
        ),
        (
            "/spans/1/end".to_owned(),
            "the span ends past the text (end 40, the text has 16 characters)".to_owned()
        )
    );
    assert_eq!(
        at(
            json!({"spans": [{"start": 0, "end": 3, "label": "person"}, {"start": 2, "end": 8, "label": "place"}]})
        ),
        (
            "/spans/1/start".to_owned(),
            "this span overlaps span 1: spans may not overlap".to_owned()
        )
    );
    assert_eq!(
        at(json!({"spans": [{"start": 3, "end": 3, "label": "person"}]})).0,
        "/spans/0/end"
    );
    assert_eq!(
        at(json!({"spans": [{"start": -1, "end": 3, "label": "person"}]})).0,
        "/spans/0/start"
    );
    assert_eq!(
        at(json!({"spans": [{"start": 0, "end": 3, "label": "animal"}]})).1,
        "\"animal\" is not one of the labels; use \"person\", \"place\""
    );
    let four = json!({"spans": [
        {"start": 0, "end": 1, "label": "person"}, {"start": 1, "end": 2, "label": "person"},
        {"start": 2, "end": 3, "label": "person"}, {"start": 4, "end": 5, "label": "person"}]});
    assert_eq!(refused(&t, four).message, "mark at most 3 spans (got 4)");
}

#[test]
fn spans_match_a_known_answer_by_their_ranges_and_labels() {
    use handprint_core::quality::answer_matches;
    let t = entities();
    let known = json!({"spans": [{"start": 0, "end": 3, "label": "person", "text": "Ana"}]});
    assert!(answer_matches(
        &t,
        &known,
        &json!({"spans": [{"start": 0, "end": 3, "label": "person"}]})
    ));
    assert!(!answer_matches(
        &t,
        &known,
        &json!({"spans": [{"start": 0, "end": 4, "label": "person"}]})
    ));
}
