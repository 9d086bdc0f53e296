//! single_choice and multi_choice.

use handprint_core::template::Template;
use serde_json::json;

use crate::{accepted, assert_problem, problems, refused, template};

fn sentiment() -> Template {
    template(
        json!({"kind": "single_choice", "question": "Is this review positive?",
        "options": [{"value": "pos", "label": "Positive"}, {"value": "neg", "label": "Negative"}]}),
    )
}

fn animals() -> Template {
    template(json!({"kind": "multi_choice",
        "options": [{"value": "cat", "label": "Cat"}, {"value": "dog", "label": "Dog"}, {"value": "owl", "label": "Owl"}],
        "min_selected": 1, "max_selected": 2}))
}

#[test]
fn a_single_choice_definition_keeps_its_options_in_order() {
    let Template::SingleChoice(choice) = sentiment() else {
        panic!("wrong kind")
    };
    let options: Vec<(&str, &str)> = choice
        .options()
        .iter()
        .map(|o| (o.value(), o.label()))
        .collect();
    assert_eq!(options, [("pos", "Positive"), ("neg", "Negative")]);
    assert_eq!(choice.question(), Some("Is this review positive?"));
}

#[test]
fn a_bare_string_option_is_labelled_by_its_value() {
    let Template::SingleChoice(choice) = template(
        json!({"kind": "single_choice", "options": ["yes", {"value": "no", "label": "No"}]}),
    ) else {
        panic!("wrong kind")
    };
    assert_eq!(choice.options()[0].label(), "yes");
    assert_eq!(choice.options()[1].label(), "No");
}

#[test]
fn every_broken_option_is_reported_at_its_own_path() {
    let found = problems(json!({"kind": "single_choice", "options": [
        {"value": "", "label": "Empty"},
        {"value": "pos", "label": ""},
        {"value": "pos", "label": "Positive"},
        {"value": "pos", "label": "Again"},
        {"value": "x".repeat(65), "label": "Long"},
        {"value": "n", "label": "N", "colour": "red"},
        7,
        {"label": "No value"},
    ]}));
    assert_problem(&found, "/options/0/value", "\"value\" must not be empty");
    assert_problem(&found, "/options/1/label", "\"label\" must not be empty");
    assert_problem(
        &found,
        "/options/3/value",
        "\"pos\" is already the value of option 2; option values must be unique",
    );
    assert_problem(
        &found,
        "/options/4/value",
        "is 65 characters long; shorten it to at most 64",
    );
    assert_problem(
        &found,
        "/options/5/colour",
        "unknown key \"colour\"; an option accepts: value, label",
    );
    assert_problem(
        &found,
        "/options/6",
        "an option must be a JSON object, not a number",
    );
    assert_problem(&found, "/options/7/value", "\"value\" is required");
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn the_number_of_options_is_bounded() {
    assert_problem(
        &problems(json!({"kind": "single_choice", "options": ["only"]})),
        "/options",
        "give between 2 and 50 options (got 1)",
    );
    let many: Vec<String> = (0..51).map(|i| format!("o{i}")).collect();
    assert_problem(
        &problems(json!({"kind": "single_choice", "options": many})),
        "/options",
        "give between 2 and 50 options (got 51)",
    );
    assert_problem(
        &problems(json!({"kind": "single_choice"})),
        "/options",
        "\"options\" is required",
    );
    assert_problem(
        &problems(json!({"kind": "single_choice", "options": "a,b"})),
        "/options",
        "must be an array of options, not a string",
    );
}

#[test]
fn a_single_choice_answer_is_one_value() {
    let choice = sentiment();
    assert_eq!(accepted(&choice, json!("pos")), json!("pos"));
    assert_eq!(accepted(&choice, json!({"value": "neg"})), json!("neg"));
}

#[test]
fn a_single_choice_answer_outside_the_options_is_refused() {
    let choice = sentiment();
    let error = refused(&choice, json!("maybe"));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "",
            "\"maybe\" is not one of the options; choose from \"pos\", \"neg\""
        )
    );
    let error = refused(&choice, json!({"value": "Pos"}));
    assert_eq!(error.path, "/value");
    let error = refused(&choice, json!({"value": 1}));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/value", "the chosen value must be a string, not a number")
    );
    let error = refused(&choice, json!({"value": "pos", "sure": true}));
    assert_eq!(error.path, "/sure");
    assert!(
        error.message.starts_with("unknown key \"sure\""),
        "{}",
        error.message
    );
    let error = refused(&choice, json!(["pos"]));
    assert_eq!(
        error.message,
        "the answer must be one option value as a string (\"pos\", \"neg\"), not an array"
    );
    assert_eq!(refused(&choice, json!({})).path, "/value");
}

#[test]
fn multi_choice_limits_default_to_one_and_all() {
    let Template::MultiChoice(choice) =
        template(json!({"kind": "multi_choice", "options": ["a", "b", "c"]}))
    else {
        panic!()
    };
    assert_eq!((choice.min_selected(), choice.max_selected()), (1, 3));
    let Template::MultiChoice(choice) =
        template(json!({"kind": "multi_choice", "options": ["a", "b"], "min_selected": 0}))
    else {
        panic!()
    };
    assert_eq!((choice.min_selected(), choice.max_selected()), (0, 2));
}

#[test]
fn multi_choice_limits_must_fit_the_options() {
    let found = problems(
        json!({"kind": "multi_choice", "options": ["a", "b", "c"], "min_selected": 3, "max_selected": 2}),
    );
    assert_eq!(
        found,
        vec![(
            "/min_selected".to_owned(),
            "\"min_selected\" (3) must not be greater than \"max_selected\" (2)".to_owned()
        )]
    );
    let found = problems(
        json!({"kind": "multi_choice", "options": ["a", "b", "c"], "min_selected": -1, "max_selected": 4}),
    );
    assert_problem(
        &found,
        "/min_selected",
        "\"min_selected\" must be between 0 and 3 (got -1)",
    );
    assert_problem(
        &found,
        "/max_selected",
        "\"max_selected\" must be between 1 and 3 (got 4)",
    );
    let found =
        problems(json!({"kind": "multi_choice", "options": ["a", "b"], "max_selected": 1.5}));
    assert_problem(
        &found,
        "/max_selected",
        "\"max_selected\" must be a whole number, not 1.5",
    );
}

#[test]
fn multi_choice_values_may_not_contain_the_label_separator() {
    let found = problems(json!({"kind": "multi_choice", "options": ["a|b", "c"]}));
    assert_problem(&found, "/options/0", "contains '|'");
    template(json!({"kind": "single_choice", "options": ["a|b", "c"]}));
}

#[test]
fn a_multi_choice_answer_is_stored_in_option_order() {
    let choice = animals();
    assert_eq!(
        accepted(&choice, json!(["owl", "cat"])),
        json!(["cat", "owl"])
    );
    assert_eq!(accepted(&choice, json!(["dog"])), json!(["dog"]));
}

#[test]
fn a_multi_choice_answer_is_checked_item_by_item() {
    let choice = animals();
    let error = refused(&choice, json!(["cat", "cat"]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/1", "\"cat\" is selected twice")
    );
    let error = refused(&choice, json!(["cat", "cow"]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "/1",
            "\"cow\" is not one of the options; choose from \"cat\", \"dog\", \"owl\""
        )
    );
    let error = refused(&choice, json!([1]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/0", "each selected value must be a string, not a number")
    );
    let error = refused(&choice, json!("cat"));
    assert_eq!(error.path, "");
    assert!(
        error
            .message
            .starts_with("the answer must be an array of option values"),
        "{}",
        error.message
    );
}

#[test]
fn a_multi_choice_answer_respects_the_limits() {
    let choice = animals();
    let error = refused(&choice, json!([]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("", "select at least 1 of the options (got 0)")
    );
    let error = refused(&choice, json!(["cat", "dog", "owl"]));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("", "select at most 2 of the options (got 3)")
    );
}

#[test]
fn a_long_option_list_is_cut_short_in_messages() {
    let options: Vec<String> = (0..15).map(|i| format!("o{i}")).collect();
    let choice = template(json!({"kind": "single_choice", "options": options}));
    let error = refused(&choice, json!("zz"));
    assert!(
        error.message.ends_with("\"o9\", … (5 more)"),
        "{}",
        error.message
    );
}
