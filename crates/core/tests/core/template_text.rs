//! text and rating.

use handprint_core::template::{MediaKind, Template};
use serde_json::json;

use crate::{accepted, assert_problem, problems, refused, template};

#[test]
fn text_settings_default_to_a_single_line_of_2000_characters() {
    let Template::Text(text) = template(json!({"kind": "text"})) else {
        panic!()
    };
    assert_eq!(
        (text.max_length(), text.multiline(), text.media()),
        (2000, false, None)
    );
    let Template::Text(text) =
        template(json!({"kind": "text", "media": {"type": "image", "field": "scan_url"}}))
    else {
        panic!()
    };
    let media = text.media().unwrap();
    assert_eq!(
        (media.kind(), media.field()),
        (MediaKind::Image, "scan_url")
    );
}

#[test]
fn text_media_must_name_a_field_and_a_known_type() {
    let found = problems(json!({"kind": "text", "media": {"type": "film", "field": "audio url"}}));
    assert_problem(
        &found,
        "/media/type",
        "the media \"type\" must be one of: image, audio, video (got \"film\")",
    );
    assert_problem(
        &found,
        "/media/field",
        "\"audio url\" is not a valid field name; use letters, digits and '_'",
    );
    let found = problems(json!({"kind": "text", "media": {"type": "audio"}}));
    assert_problem(
        &found,
        "/media/field",
        "the media \"field\" must name the item field",
    );
    let found = problems(json!({"kind": "text", "media": {"type": "audio", "field": " "}}));
    assert_problem(
        &found,
        "/media/field",
        "the media \"field\" must name the item field",
    );
    let found = problems(json!({"kind": "text", "media": "audio_url"}));
    assert_problem(
        &found,
        "/media",
        "\"media\" must be a JSON object, not a string",
    );
    let found = problems(
        json!({"kind": "text", "media": {"type": "audio", "field": "a", "autoplay": true}}),
    );
    assert_problem(&found, "/media/autoplay", "unknown key \"autoplay\"");
}

#[test]
fn text_length_and_layout_settings_are_checked() {
    assert_problem(
        &problems(json!({"kind": "text", "max_length": 0})),
        "/max_length",
        "between 1 and 100000 (got 0)",
    );
    assert_problem(
        &problems(json!({"kind": "text", "max_length": 100_001})),
        "/max_length",
        "between 1 and 100000 (got 100001)",
    );
    assert_problem(
        &problems(json!({"kind": "text", "max_length": "500"})),
        "/max_length",
        "\"max_length\" must be a whole number, not the string \"500\"",
    );
    assert_problem(
        &problems(json!({"kind": "text", "multiline": "yes"})),
        "/multiline",
        "\"multiline\" must be true or false, not a string",
    );
}

#[test]
fn a_text_answer_is_stored_trimmed() {
    let text = template(json!({"kind": "text", "max_length": 5}));
    assert_eq!(accepted(&text, json!("  hello \n")), json!("hello"));
}

#[test]
fn text_length_counts_characters_not_bytes() {
    let text = template(json!({"kind": "text", "max_length": 5}));
    assert_eq!(accepted(&text, json!("héllö")), json!("héllö"));
    let error = refused(&text, json!("héllös"));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("", "the text is 6 characters long; shorten it to at most 5")
    );
}

#[test]
fn an_empty_or_non_text_answer_is_refused() {
    let text = template(json!({"kind": "text"}));
    assert_eq!(
        refused(&text, json!("  \t ")).message,
        "the answer is empty; write some text"
    );
    assert_eq!(
        refused(&text, json!(12)).message,
        "the answer must be a string of text, not a number"
    );
    assert_eq!(
        refused(&text, json!(null)).message,
        "the answer must be a string of text, not null"
    );
}

#[test]
fn line_breaks_need_a_multiline_template() {
    let single = template(json!({"kind": "text"}));
    assert_eq!(
        refused(&single, json!("one\ntwo")).message,
        "the text must be a single line; remove the line breaks"
    );
    let multi = template(json!({"kind": "text", "multiline": true}));
    assert_eq!(accepted(&multi, json!("one\ntwo\n")), json!("one\ntwo"));
}

#[test]
fn the_media_field_asks_nothing_of_the_answer() {
    let text = template(json!({"kind": "text", "media": {"type": "audio", "field": "audio_url"}}));
    assert_eq!(
        text.validate_answer(&json!({}), &json!("transcript"))
            .unwrap(),
        json!("transcript")
    );
}

#[test]
fn a_rating_scale_defaults_to_one_to_five() {
    let Template::Rating(rating) = template(json!({"kind": "rating"})) else {
        panic!()
    };
    assert_eq!(
        (rating.min(), rating.max(), rating.labels().len()),
        (1, 5, 0)
    );
    let Template::Rating(rating) = template(
        json!({"kind": "rating", "min": -2, "max": 2, "labels": {"-2": "Awful", "0": "Meh"}}),
    ) else {
        panic!()
    };
    assert_eq!(rating.labels().get(&-2).map(String::as_str), Some("Awful"));
}

#[test]
fn a_rating_scale_must_run_upwards_and_not_too_far() {
    assert_problem(
        &problems(json!({"kind": "rating", "min": 5, "max": 1})),
        "/max",
        "\"max\" (1) must be greater than \"min\" (5)",
    );
    assert_problem(
        &problems(json!({"kind": "rating", "min": 0, "max": 101})),
        "/max",
        "the scale may span at most 100 steps (got 0 to 101)",
    );
    template(json!({"kind": "rating", "min": 0, "max": 100}));
    assert_problem(
        &problems(json!({"kind": "rating", "min": 1.5})),
        "/min",
        "\"min\" must be a whole number, not 1.5",
    );
    template(json!({"kind": "rating", "min": 0.0, "max": 10.0}));
}

#[test]
fn rating_labels_must_name_points_on_the_scale() {
    let found = problems(
        json!({"kind": "rating", "min": 1, "max": 5, "labels": {"7": "Too far", "01": "Padded", "two": "Word", "3": ""}}),
    );
    assert_problem(&found, "/labels/7", "7 is not on the scale from 1 to 5");
    assert_problem(
        &found,
        "/labels/01",
        "label keys are points of the scale written as whole numbers, like \"1\" (got \"01\")",
    );
    assert_problem(&found, "/labels/two", "label keys are points");
    assert_problem(&found, "/labels/3", "a label must not be empty");
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_problem(
        &problems(json!({"kind": "rating", "labels": ["Bad", "Good"]})),
        "/labels",
        "\"labels\" must be an object like {\"1\": \"Bad\"}, not an array",
    );
}

#[test]
fn a_rating_answer_is_a_whole_number_on_the_scale() {
    let rating = template(json!({"kind": "rating", "min": 1, "max": 5}));
    assert_eq!(accepted(&rating, json!(3)), json!(3));
    assert_eq!(accepted(&rating, json!(3.0)), json!(3));
    assert_eq!(accepted(&rating, json!(1)), json!(1));
    assert_eq!(accepted(&rating, json!(5)), json!(5));
}

#[test]
fn a_rating_answer_off_the_scale_or_not_whole_is_refused() {
    let rating = template(json!({"kind": "rating", "min": 1, "max": 5}));
    assert_eq!(
        refused(&rating, json!(3.5)).message,
        "the rating must be a whole number (got 3.5)"
    );
    assert_eq!(
        refused(&rating, json!("3")).message,
        "the rating must be a number from 1 to 5, not a string"
    );
    assert_eq!(
        refused(&rating, json!(6)).message,
        "the rating must be from 1 to 5 (got 6)"
    );
    assert_eq!(
        refused(&rating, json!(0)).message,
        "the rating must be from 1 to 5 (got 0)"
    );
    let error = refused(&rating, json!(1e300));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("", "the rating must be a whole number (got 1e+300)")
    );
}
