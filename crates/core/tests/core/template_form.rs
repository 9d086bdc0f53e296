//! form.

use handprint_core::template::{FieldInput, Template};
use serde_json::{Value, json};

use crate::{accepted, assert_problem, problems, refused, template};

fn survey() -> Template {
    template(json!({"kind": "form", "fields": [
        {"name": "title", "label": "Title", "type": "text", "required": true, "max_length": 20},
        {"name": "count", "label": "How many?", "type": "number", "required": true, "min": 0, "max": 100, "integer": true},
        {"name": "weight", "label": "Weight", "type": "number", "min": 0.5},
        {"name": "lang", "label": "Language", "type": "choice", "required": false,
         "options": [{"value": "en", "label": "English"}, {"value": "fr", "label": "French"}]}]}))
}

fn form_with(field: Value) -> Value {
    json!({"kind": "form", "fields": [field]})
}

#[test]
fn a_form_keeps_its_fields_and_their_types() {
    let Template::Form(form) = survey() else {
        panic!()
    };
    let names: Vec<&str> = form.fields().iter().map(|f| f.name()).collect();
    assert_eq!(names, ["title", "count", "weight", "lang"]);
    assert!(form.fields()[0].required());
    assert!(!form.fields()[2].required(), "required defaults to false");
    assert_eq!(
        form.fields()[1].input(),
        &FieldInput::Number {
            min: Some(0.0),
            max: Some(100.0),
            integer: true
        }
    );
    assert_eq!(
        form.fields()[0].input(),
        &FieldInput::Text {
            max_length: 20,
            multiline: false
        }
    );
}

#[test]
fn a_stored_form_reads_like_the_definition() {
    let stored = serde_json::to_value(survey()).unwrap();
    assert_eq!(
        stored["fields"][1],
        json!({"name": "count", "label": "How many?", "required": true, "type": "number", "min": 0, "max": 100, "integer": true})
    );
    assert_eq!(
        stored["fields"][2],
        json!({"name": "weight", "label": "Weight", "required": false, "type": "number", "min": 0.5, "integer": false})
    );
    assert_eq!(
        stored["fields"][3]["options"][1],
        json!({"value": "fr", "label": "French"})
    );
}

#[test]
fn form_field_names_must_be_unique_identifiers() {
    let found = problems(json!({"kind": "form", "fields": [
        {"name": "title", "label": "Title", "type": "text"},
        {"name": "title", "label": "Again", "type": "text"},
        {"name": "2nd", "label": "Second", "type": "text"},
        {"label": "Nameless", "type": "text"}]}));
    assert_problem(
        &found,
        "/fields/1/name",
        "\"title\" is already the name of field 0; field names must be unique",
    );
    assert_problem(
        &found,
        "/fields/2/name",
        "\"2nd\" is not a valid field name",
    );
    assert_problem(&found, "/fields/3/name", "\"name\" is required");
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn form_fields_need_a_known_type_and_only_its_settings() {
    let found = problems(form_with(
        json!({"name": "d", "label": "Date", "type": "date"}),
    ));
    assert_problem(
        &found,
        "/fields/0/type",
        "a form field needs a \"type\": \"text\", \"number\" or \"choice\" (got \"date\")",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let found = problems(form_with(
        json!({"name": "d", "label": "D", "max_length": 5}),
    ));
    assert_problem(&found, "/fields/0/type", "(it is missing)");
    let found = problems(form_with(
        json!({"name": "t", "label": "T", "type": "text", "options": ["a", "b"]}),
    ));
    assert_eq!(found, vec![("/fields/0/options".to_owned(), "unknown key \"options\"; a text field accepts: name, label, type, required, max_length, multiline".to_owned())]);
    let found = problems(form_with(
        json!({"name": "n", "label": "N", "type": "number", "max_lenght": 5}),
    ));
    assert_problem(&found, "/fields/0/max_lenght", "unknown key \"max_lenght\"");
}

#[test]
fn form_field_settings_are_checked() {
    let found = problems(form_with(
        json!({"name": "n", "label": "", "type": "number", "min": 10, "max": 1, "required": "yes"}),
    ));
    assert_problem(&found, "/fields/0/label", "\"label\" must not be empty");
    assert_problem(
        &found,
        "/fields/0/min",
        "\"min\" (10) must not be greater than \"max\" (1)",
    );
    assert_problem(
        &found,
        "/fields/0/required",
        "\"required\" must be true or false",
    );
    assert_problem(
        &problems(form_with(
            json!({"name": "n", "label": "N", "type": "number", "min": "low"}),
        )),
        "/fields/0/min",
        "\"min\" must be a number, not a string",
    );
    assert_problem(
        &problems(form_with(
            json!({"name": "c", "label": "C", "type": "choice", "options": ["only"]}),
        )),
        "/fields/0/options",
        "give between 2 and 50 options (got 1)",
    );
    assert_problem(
        &problems(form_with(
            json!({"name": "t", "label": "T", "type": "text", "max_length": 0}),
        )),
        "/fields/0/max_length",
        "between 1 and 100000",
    );
    assert_problem(
        &problems(form_with(json!("title"))),
        "/fields/0",
        "a form field must be a JSON object, not a string",
    );
}

#[test]
fn a_form_has_between_one_and_fifty_fields() {
    assert_problem(
        &problems(json!({"kind": "form", "fields": []})),
        "/fields",
        "give between 1 and 50 fields (got 0)",
    );
    let many: Vec<Value> = (0..51)
        .map(|i| json!({"name": format!("f{i}"), "label": "F", "type": "text"}))
        .collect();
    assert_problem(
        &problems(json!({"kind": "form", "fields": many})),
        "/fields",
        "give between 1 and 50 fields (got 51)",
    );
    assert_problem(
        &problems(json!({"kind": "form"})),
        "/fields",
        "\"fields\" is required",
    );
}

#[test]
fn a_form_answer_is_normalised_field_by_field() {
    let stored = accepted(
        &survey(),
        json!({"title": "  Hello ", "count": "42", "weight": 2.5, "lang": "fr"}),
    );
    assert_eq!(
        stored,
        json!({"title": "Hello", "count": 42, "weight": 2.5, "lang": "fr"})
    );
    let stored = accepted(
        &survey(),
        json!({"title": "Hi", "count": 7.0, "weight": "", "lang": null}),
    );
    assert_eq!(stored, json!({"title": "Hi", "count": 7}));
    let stored = accepted(
        &survey(),
        json!({"title": "Hi", "count": 0, "weight": " 3 "}),
    );
    assert_eq!(stored, json!({"title": "Hi", "count": 0, "weight": 3}));
}

#[test]
fn a_required_field_must_be_filled_in() {
    let error = refused(&survey(), json!({"count": 1}));
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("/title", "\"Title\" is required")
    );
    let error = refused(&survey(), json!({"title": "  ", "count": 1}));
    assert_eq!(error.path, "/title");
}

#[test]
fn an_unknown_form_field_is_named() {
    let error = refused(
        &survey(),
        json!({"title": "T", "count": 1, "colour": "red"}),
    );
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        (
            "/colour",
            "unknown field \"colour\"; this form has: title, count, weight, lang"
        )
    );
    let error = refused(&survey(), json!(["T", 1]));
    assert_eq!(error.path, "");
}

#[test]
fn form_values_are_checked_against_their_type() {
    let form = survey();
    let check = |answer: Value| {
        let error = refused(&form, answer);
        (error.path, error.message)
    };
    assert_eq!(
        check(json!({"title": "T", "count": 101})),
        (
            "/count".into(),
            "\"How many?\" must be at most 100 (got 101)".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": -1})),
        (
            "/count".into(),
            "\"How many?\" must be at least 0 (got -1)".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": 2.5})),
        (
            "/count".into(),
            "\"How many?\" must be a whole number (got 2.5)".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": "many"})),
        (
            "/count".into(),
            "\"How many?\" must be a number (got the string \"many\")".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": true})),
        (
            "/count".into(),
            "\"How many?\" must be a number (got a boolean)".into()
        )
    );
    assert_eq!(
        check(json!({"title": 5, "count": 1})),
        (
            "/title".into(),
            "\"Title\" must be text, not a number".into()
        )
    );
    assert_eq!(
        check(json!({"title": "x".repeat(21), "count": 1})),
        (
            "/title".into(),
            "the text is 21 characters long; shorten it to at most 20".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": 1, "lang": "de"})),
        (
            "/lang".into(),
            "\"de\" is not one of the options; choose from \"en\", \"fr\"".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": 1, "lang": ["en"]})),
        (
            "/lang".into(),
            "\"Language\" must be one option value as a string, not an array".into()
        )
    );
    assert_eq!(
        check(json!({"title": "T", "count": 1, "weight": 0.25})),
        (
            "/weight".into(),
            "\"Weight\" must be at least 0.5 (got 0.25)".into()
        )
    );
}

#[test]
fn json_pointer_paths_escape_field_names() {
    let form = template(form_with(
        json!({"name": "a", "label": "A", "type": "text"}),
    ));
    let error = refused(&form, json!({"a": "x", "b/c~d": 1}));
    assert_eq!(error.path, "/b~1c~0d");
}
