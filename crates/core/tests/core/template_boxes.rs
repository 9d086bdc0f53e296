//! bounding_boxes.

use handprint_core::template::{MediaKind, Template};
use serde_json::{Value, json};

use crate::{accepted, assert_problem, problems, refused, refused_with, template};

fn road_users() -> Template {
    template(
        json!({"kind": "bounding_boxes", "question": "Draw a box around every road user.",
        "image_field": "image_url", "labels": ["pedestrian", "cyclist"], "min_boxes": 0, "max_boxes": 3}),
    )
}

fn one_box(x: Value, y: Value, w: Value, h: Value) -> Value {
    json!({"boxes": [{"x": x, "y": y, "w": w, "h": h, "label": "cyclist"}]})
}

#[test]
fn box_counts_default_to_none_required_and_at_most_fifty() {
    let Template::BoundingBoxes(boxes) =
        template(json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"]}))
    else {
        panic!()
    };
    assert_eq!(
        (boxes.min_boxes(), boxes.max_boxes(), boxes.image_field()),
        (0, 50, "img")
    );
    assert_eq!(boxes.labels(), ["car"]);
}

#[test]
fn a_box_template_needs_an_image_and_labels() {
    let found = problems(json!({"kind": "bounding_boxes"}));
    assert_problem(
        &found,
        "/media",
        "\"media\" is required: the image to draw on",
    );
    assert_problem(&found, "/labels", "\"labels\" is required");
    let found =
        problems(json!({"kind": "bounding_boxes", "image_field": "image-url", "labels": "car"}));
    assert_problem(
        &found,
        "/image_field",
        "\"image-url\" is not a valid field name",
    );
    assert_problem(
        &found,
        "/labels",
        "\"labels\" must be an array of strings, not a string",
    );
}

#[test]
fn the_image_is_the_media_of_every_kind_and_the_older_image_field_still_reads() {
    let older =
        template(json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"]}));
    let newer = template(
        json!({"kind": "bounding_boxes", "media": {"type": "image", "field": "img"}, "labels": ["car"]}),
    );
    assert_eq!(older, newer);
    let Template::BoundingBoxes(boxes) = &newer else {
        panic!()
    };
    assert_eq!(boxes.image_field(), "img");
    assert_eq!(newer.media_fields(), vec![("img", MediaKind::Image)]);
    // The stored form names the image both ways, and reads back the same.
    let stored = serde_json::to_value(&newer).expect("serialise");
    assert_eq!(
        (&stored["media"], &stored["image_field"]),
        (&json!({"type": "image", "field": "img"}), &json!("img"))
    );
    assert_eq!(Template::parse(&stored), Ok(newer.clone()));
    // A template stored before media existed still parses.
    let stored_before = json!({"kind": "bounding_boxes", "question": "Box the cars.",
        "image_field": "photo", "labels": ["car"], "min_boxes": 0, "max_boxes": 50});
    let Template::BoundingBoxes(boxes) = template(stored_before) else {
        panic!()
    };
    assert_eq!(boxes.image_field(), "photo");
}

#[test]
fn boxes_are_drawn_on_one_image_only() {
    let found = problems(
        json!({"kind": "bounding_boxes", "media": {"type": "audio", "field": "a"}, "labels": ["car"]}),
    );
    assert_eq!(
        found,
        vec![(
            "/media/type".to_owned(),
            "boxes are drawn on an image: the media \"type\" must be \"image\" (got \"audio\")"
                .to_owned()
        )]
    );
    let found = problems(
        json!({"kind": "bounding_boxes", "media": {"type": "image", "field": "a"},
        "image_field": "b", "labels": ["car"]}),
    );
    assert_eq!(
        found,
        vec![(
            "/image_field".to_owned(),
            "\"image_field\" (\"b\") and the media \"field\" (\"a\") name different fields; give only \"media\""
                .to_owned()
        )]
    );
}

#[test]
fn box_labels_must_be_unique_text() {
    let found = problems(
        json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car", "car", "", 3]}),
    );
    assert_problem(
        &found,
        "/labels/1",
        "\"car\" is listed twice; labels must be unique",
    );
    assert_problem(&found, "/labels/2", "a label must not be empty");
    assert_problem(
        &found,
        "/labels/3",
        "a label must be a string, not a number",
    );
    assert_problem(
        &problems(json!({"kind": "bounding_boxes", "image_field": "img", "labels": []})),
        "/labels",
        "give between 1 and 100 labels (got 0)",
    );
}

#[test]
fn box_counts_must_be_ordered_and_bounded() {
    let base = |extra: Value| {
        let mut definition =
            json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"]});
        definition
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        definition
    };
    assert_problem(
        &problems(base(json!({"min_boxes": 5, "max_boxes": 2}))),
        "/min_boxes",
        "\"min_boxes\" (5) must not be greater than \"max_boxes\" (2)",
    );
    assert_problem(
        &problems(base(json!({"max_boxes": 0}))),
        "/max_boxes",
        "between 1 and 1000 (got 0)",
    );
    assert_problem(
        &problems(base(json!({"max_boxes": 1001}))),
        "/max_boxes",
        "between 1 and 1000 (got 1001)",
    );
}

#[test]
fn valid_boxes_are_stored_with_numbers_as_sent() {
    let answer = json!({"boxes": [
        {"label": "pedestrian", "x": 10, "y": 20, "w": 30, "h": 40},
        {"x": 0, "y": 0.5, "w": 1.25, "h": 2, "label": "cyclist"}]});
    let stored = accepted(&road_users(), answer.clone());
    assert_eq!(stored, answer);
    assert_eq!(
        accepted(&road_users(), json!({"boxes": []})),
        json!({"boxes": []})
    );
}

#[test]
fn a_box_with_no_width_or_a_negative_corner_is_refused() {
    let boxes = road_users();
    let answer = json!({"boxes": [
        {"x": 1, "y": 1, "w": 5, "h": 5, "label": "cyclist"},
        {"x": 1, "y": 1, "w": -3, "h": 5, "label": "cyclist"}]});
    let error = refused(&boxes, answer);
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/1/w", "box width must be greater than 0 (got -3)")
    );
    let error = refused(&boxes, one_box(json!(1), json!(1), json!(5), json!(0)));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/0/h", "box height must be greater than 0 (got 0)")
    );
    let error = refused(&boxes, one_box(json!(-1), json!(1), json!(5), json!(5)));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/0/x", "box x must be 0 or more (got -1)")
    );
    let error = refused(&boxes, one_box(json!(1), json!("2"), json!(5), json!(5)));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/0/y", "box y must be a number, not a string")
    );
}

#[test]
fn a_box_needs_a_known_label_and_no_other_keys() {
    let boxes = road_users();
    let error = refused(
        &boxes,
        json!({"boxes": [{"x": 1, "y": 1, "w": 5, "h": 5, "label": "truck"}]}),
    );
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "/boxes/0/label",
            "\"truck\" is not one of the labels; use \"pedestrian\", \"cyclist\""
        )
    );
    let error = refused(&boxes, json!({"boxes": [{"x": 1, "y": 1, "w": 5, "h": 5}]}));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/0/label", "the box label is missing")
    );
    let error = refused(
        &boxes,
        json!({"boxes": [{"x": 1, "y": 1, "w": 5, "h": 5, "label": "cyclist", "angle": 4}]}),
    );
    assert_eq!(error.path, "/boxes/0/angle");
    let error = refused(
        &boxes,
        json!({"boxes": [{"x": 1, "y": 1, "h": 5, "label": "cyclist"}]}),
    );
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes/0/w", "the box width \"w\" is missing")
    );
    let error = refused(&boxes, json!({"boxes": ["box"]}));
    assert_eq!(error.path, "/boxes/0");
}

#[test]
fn the_answer_must_be_a_list_of_boxes_of_the_right_length() {
    let boxes = road_users();
    let error = refused(&boxes, json!([]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "",
            "the answer must be an object {\"boxes\": [...]}, not an array"
        )
    );
    assert_eq!(refused(&boxes, json!({})).path, "/boxes");
    assert_eq!(
        refused(&boxes, json!({"boxes": {}})).message,
        "\"boxes\" must be an array, not an object"
    );
    assert_eq!(
        refused(&boxes, json!({"boxes": [], "note": "x"})).path,
        "/note"
    );
    let four =
        json!({"boxes": vec![json!({"x": 1, "y": 1, "w": 1, "h": 1, "label": "cyclist"}); 4]});
    let error = refused(&boxes, four);
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/boxes", "draw at most 3 boxes (got 4)")
    );
    let at_least = template(
        json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"], "min_boxes": 1}),
    );
    assert_eq!(
        refused(&at_least, json!({"boxes": []})).message,
        "draw at least 1 boxes (got 0)"
    );
}

#[test]
fn boxes_must_lie_inside_an_image_of_known_size() {
    let boxes = road_users();
    let image =
        json!({"image_url": "https://example.org/a.jpg", "image_width": 100, "image_height": 50});
    let inside = one_box(json!(90), json!(40), json!(10), json!(10));
    assert_eq!(boxes.validate_answer(&image, &inside).unwrap(), inside);
    let error = refused_with(
        &boxes,
        &image,
        one_box(json!(91), json!(0), json!(10), json!(10)),
    );
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "/boxes/0/w",
            "the box goes past the right edge of the image (x + w = 101, image width 100)"
        )
    );
    let error = refused_with(
        &boxes,
        &image,
        one_box(json!(0), json!(45), json!(10), json!(10)),
    );
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "/boxes/0/h",
            "the box goes past the bottom edge of the image (y + h = 55, image height 50)"
        )
    );
    // Sizes imported from CSV arrive as strings.
    let from_csv = json!({"image_width": "100", "image_height": "50"});
    assert_eq!(
        refused_with(
            &boxes,
            &from_csv,
            one_box(json!(91), json!(0), json!(10), json!(10))
        )
        .path,
        "/boxes/0/w"
    );
    // Without a size, any box on the canvas goes.
    let far = one_box(json!(5000), json!(5000), json!(10), json!(10));
    assert_eq!(
        boxes
            .validate_answer(&json!({"image_url": "x"}), &far)
            .unwrap(),
        far
    );
}
