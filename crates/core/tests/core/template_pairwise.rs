//! pairwise.

use handprint_core::template::{PairwiseShow, Preference, Template};
use serde_json::json;

use crate::{accepted, assert_problem, problems, refused, template};

#[test]
fn a_pairwise_definition_fills_in_its_defaults_and_reads_back_the_same() {
    let t = template(json!({"kind": "pairwise", "question": "Which is better?"}));
    let Template::Pairwise(p) = &t else { panic!() };
    assert_eq!(
        (p.left_field(), p.right_field(), p.prompt_field()),
        ("left", "right", None)
    );
    assert_eq!((p.show(), p.allow_tie()), (PairwiseShow::Text, false));
    let stored = serde_json::to_value(&t).unwrap();
    assert_eq!(
        stored,
        json!({"kind": "pairwise", "question": "Which is better?", "left_field": "left",
            "right_field": "right", "show": "text", "allow_tie": false})
    );
    assert_eq!(Template::parse(&stored).unwrap(), t);
    assert_eq!(
        t.describe()["answer_schema"]["enum"],
        json!(["left", "right"])
    );
}

#[test]
fn a_pairwise_definition_with_shared_fields_or_an_unknown_show_is_refused_with_each_problem() {
    let found = problems(
        json!({"kind": "pairwise", "left_field": "a", "right_field": "a",
        "prompt_field": "a", "show": "video", "allow_tie": "yes"}),
    );
    assert_problem(
        &found,
        "/right_field",
        "the field \"a\" is already \"left_field\"",
    );
    assert_problem(&found, "/prompt_field", "is already \"right_field\"");
    assert_problem(
        &found,
        "/show",
        "\"show\" must be \"text\", \"image\" or \"audio\"",
    );
    assert_problem(&found, "/allow_tie", "\"allow_tie\" must be true or false");
    let found = problems(json!({"kind": "pairwise", "left_field": "2bad"}));
    assert_problem(&found, "/left_field", "not a valid field name");
}

#[test]
fn a_pairwise_answer_is_a_side_and_a_tie_only_when_allowed() {
    let strict = template(json!({"kind": "pairwise"}));
    assert_eq!(accepted(&strict, json!("left")), json!("left"));
    assert_eq!(accepted(&strict, json!("right")), json!("right"));
    let tie = refused(&strict, json!("tie"));
    assert_eq!(tie.code, Some("answer-pairwise-no-tie"));
    assert_eq!(
        tie.message,
        "this project does not allow ties: answer \"left\" or \"right\""
    );
    let wrong = refused(&strict, json!("middle"));
    assert_eq!(
        wrong.message,
        "\"middle\" is not a side; answer one of \"left\", \"right\""
    );
    assert_eq!(
        refused(&strict, json!(1)).code,
        Some("answer-pairwise-not-side")
    );
    let ties = template(json!({"kind": "pairwise", "allow_tie": true}));
    assert_eq!(accepted(&ties, json!("tie")), json!("tie"));
}

#[test]
fn the_options_and_prompt_of_an_item_are_read_from_the_named_fields() {
    let Template::Pairwise(p) = template(json!({"kind": "pairwise", "question": "Better reply?",
        "left_field": "a", "right_field": "b", "prompt_field": "prompt"}))
    else {
        panic!()
    };
    let data = json!({"a": "Hello", "b": 42, "prompt": "Greet me"});
    assert_eq!(p.option(&data, Preference::Left).as_deref(), Some("Hello"));
    assert_eq!(p.option(&data, Preference::Right).as_deref(), Some("42"));
    assert_eq!(p.prompt(&data), "Greet me");
    assert_eq!(p.prompt(&json!({"a": "x"})), "Better reply?");
    assert_eq!(p.option(&json!({}), Preference::Left), None);
}
