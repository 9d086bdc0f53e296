//! Every message of the domain rules carries a catalogue code and the named
//! arguments its English text uses, so the pages can show it in any language:
//! wrong template definitions, wrong amounts, wrong sign-up fields and answers of
//! the wrong shape for every kind. The English catalogue is read from core's
//! locales (the pages use it too) to know which arguments each code names.

use std::collections::{BTreeMap, BTreeSet};

use handprint_core::account::{Country, Email, Password, parse_name, parse_organization_name};
use handprint_core::money::{Currency, Money};
use handprint_core::template::{FieldProblem, Template};
use serde_json::{Value, json};

use crate::template;

/// Definitions that, together, break every rule of `Template::parse`.
fn wrong_definitions() -> Vec<Value> {
    let long = "x".repeat(1001);
    vec![
        json!("single_choice"),
        json!({}),
        json!({"kind": "slider"}),
        json!({"kind": 3}),
        json!({"kind": "single_choice", "optoins": ["a", "b"]}),
        json!({"kind": "single_choice", "options": [3, "b"], "colour": "red"}),
        json!({"kind": "single_choice", "options": "a"}),
        json!({"kind": "single_choice", "options": ["a"]}),
        json!({"kind": "single_choice", "options": ["a", "a", {"value": "c"}, {"value": " ", "label": 4}]}),
        json!({"kind": "multi_choice", "options": ["a|b", "c", "d"], "min_selected": 3, "max_selected": 1}),
        json!({"kind": "multi_choice", "options": ["a", "b"], "max_selected": 9}),
        json!({"kind": "text", "question": 3, "max_length": 0, "multiline": "yes"}),
        json!({"kind": "text", "question": "  ", "media": "audio"}),
        json!({"kind": "text", "question": long, "media": {"field": "a"}}),
        json!({"kind": "text", "media": {"type": "video", "field": "1a"}}),
        json!({"kind": "single_choice", "options": ["a", "b"], "media": {"type": "gif", "field": ""}}),
        json!({"kind": "bounding_boxes", "media": {"type": "audio", "field": "a"}, "labels": ["car"]}),
        json!({"kind": "bounding_boxes", "media": {"type": "image", "field": "a"}, "image_field": "b", "labels": ["car"]}),
        json!({"kind": "rating", "min": 1.5, "max": "ten"}),
        json!({"kind": "rating", "min": 5, "max": 1}),
        json!({"kind": "rating", "min": 0, "max": 500}),
        json!({"kind": "rating", "labels": {"9": "Far", "one": "One", "2": ""}}),
        json!({"kind": "rating", "labels": ["Bad"]}),
        json!({"kind": "bounding_boxes", "labels": "car"}),
        json!({"kind": "bounding_boxes", "image_field": "1x"}),
        json!({"kind": "bounding_boxes", "image_field": "img", "labels": []}),
        json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["a", "a"], "min_boxes": 5, "max_boxes": 2}),
        json!({"kind": "spans", "text_field": "1x", "labels": ["a"], "min_spans": 3, "max_spans": 2}),
        json!({"kind": "form"}),
        json!({"kind": "form", "fields": {}}),
        json!({"kind": "form", "fields": []}),
        json!({"kind": "form", "fields": [
            {"name": "a", "label": "A", "type": "text"},
            {"name": "a", "label": "A again", "type": "text"},
            {"name": "b", "label": "B"},
            {"name": "c", "label": "C", "type": "date"},
            {"name": "d", "label": "D", "type": "number", "min": "low", "max": 1},
            {"name": "e", "label": "E", "type": "number", "min": 5, "max": 1, "integer": 1},
            "f",
        ]}),
        json!({"kind": "external_study", "study_url": "http://s.example/x", "completion_codes": "C1"}),
        json!({"kind": "external_study", "study_url": "https:///{pseudonym}", "completion_codes": []}),
        json!({"kind": "external_study", "study_url": "https://s.example/a b{pseudonym}",
               "completion_codes": [3, "a b", "C1", "c1"]}),
        json!({"kind": "external_study", "study_url": "https://s.example/x"}),
        json!({"kind": "external_study", "study_url": "https://s.example/{pseudonym}/{other}",
               "completion_codes": ["C1"]}),
        json!({"kind": "custom_html", "html": "<p>x</p>", "answer_schema": "object"}),
        json!({"kind": "custom_html", "html": "<p>x</p>", "answer_schema": {"type": 3}}),
        json!({"kind": "pairwise", "left_field": "a", "right_field": "a", "prompt_field": "a", "show": "video"}),
        json!({"kind": "segments", "labels": ["a"], "min_segments": 3, "max_segments": 2}),
        json!({"kind": "segments", "media": {"type": "image", "field": "img"}, "labels": ["a"]}),
        json!({"kind": "polygons", "labels": ["car"]}),
        json!({"kind": "polygons", "media": {"type": "audio", "field": "a"}, "labels": ["car"], "min_points": 2}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"}}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"}, "points": "nose"}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"}, "points": []}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
               "points": ["a", "a", "b"]}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
               "points": ["a", "b"], "edges": "a-b"}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
               "points": ["a", "b"], "edges": [["a"], ["a", "z"], ["a", "a"], ["a", "b"], ["b", "a"]]}),
    ]
}

/// Answers of the wrong shape (and out of bounds) for every kind, with the task data.
fn wrong_answers() -> Vec<(Template, Value, Vec<Value>)> {
    let none = Value::Null;
    vec![
        (
            template(json!({"kind": "single_choice", "options": ["a", "b"]})),
            none.clone(),
            vec![
                json!(3),
                json!({"v": "a"}),
                json!({"value": 3}),
                json!({}),
                json!("z"),
            ],
        ),
        (
            template(
                json!({"kind": "multi_choice", "options": ["a", "b", "c"], "max_selected": 1}),
            ),
            none.clone(),
            vec![
                json!("a"),
                json!([3]),
                json!(["a", "a"]),
                json!([]),
                json!(["a", "b"]),
                json!(["z"]),
            ],
        ),
        (
            template(json!({"kind": "text", "max_length": 5})),
            none.clone(),
            vec![json!(3), json!("  "), json!("abcdefgh"), json!("a\nb")],
        ),
        (
            template(json!({"kind": "rating"})),
            none.clone(),
            vec![json!("3"), json!(3.5), json!(9)],
        ),
        (
            template(
                json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"],
                            "min_boxes": 1, "max_boxes": 1}),
            ),
            json!({"image_width": 100, "image_height": 50}),
            vec![
                json!([]),
                json!({"boxes": [], "extra": 1}),
                json!({}),
                json!({"boxes": {}}),
                json!({"boxes": []}),
                json!({"boxes": [3, 4]}),
                json!({"boxes": [3]}),
                json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": "car", "z": 0}]}),
                json!({"boxes": [{"y": 1, "w": 1, "h": 1, "label": "car"}]}),
                json!({"boxes": [{"x": "1", "y": 1, "w": 1, "h": 1, "label": "car"}]}),
                json!({"boxes": [{"x": 1, "y": 1, "w": 0, "h": 1, "label": "car"}]}),
                json!({"boxes": [{"x": -1, "y": 1, "w": 1, "h": 1, "label": "car"}]}),
                json!({"boxes": [{"x": 90, "y": 1, "w": 20, "h": 1, "label": "car"}]}),
                json!({"boxes": [{"x": 1, "y": 40, "w": 1, "h": 20, "label": "car"}]}),
                json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": "bus"}]}),
                json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": 3}]}),
                json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1}]}),
            ],
        ),
        (
            template(
                json!({"kind": "spans", "labels": ["person"], "min_spans": 1, "max_spans": 2}),
            ),
            json!({"text": "Ana Rakoto"}),
            vec![
                json!([]),
                json!({"spans": [], "extra": 1}),
                json!({}),
                json!({"spans": {}}),
                json!({"spans": []}),
                json!({"spans": [3, 4, 5]}),
                json!({"spans": [3]}),
                json!({"spans": [{"start": 0, "end": 3, "label": "person", "z": 0}]}),
                json!({"spans": [{"end": 3, "label": "person"}]}),
                json!({"spans": [{"start": 1.5, "end": 3, "label": "person"}]}),
                json!({"spans": [{"start": 3, "end": 1, "label": "person"}]}),
                json!({"spans": [{"start": 0, "end": 30, "label": "person"}]}),
                json!({"spans": [{"start": 0, "end": 5, "label": "person"}, {"start": 3, "end": 6, "label": "person"}]}),
                json!({"spans": [{"start": 0, "end": 3, "label": "animal"}]}),
                json!({"spans": [{"start": 0, "end": 3, "label": 3}]}),
                json!({"spans": [{"start": 0, "end": 3}]}),
            ],
        ),
        (
            template(json!({"kind": "form", "fields": [
                {"name": "t", "label": "Title", "type": "text", "required": true},
                {"name": "n", "label": "Count", "type": "number", "min": 0, "max": 10, "integer": true},
                {"name": "c", "label": "Colour", "type": "choice", "options": ["red", "blue"]},
            ]})),
            none.clone(),
            vec![
                json!(3),
                json!({"t": "x", "zzz": 1}),
                json!({}),
                json!({"t": 3}),
                json!({"t": "x", "n": "abc"}),
                json!({"t": "x", "n": 2.5}),
                json!({"t": "x", "n": -1}),
                json!({"t": "x", "n": 11}),
                json!({"t": "x", "c": 3}),
                json!({"t": "x", "c": "green"}),
            ],
        ),
        (
            template(
                json!({"kind": "external_study", "study_url": "https://s.example/{pseudonym}",
                            "completion_codes": ["C1"]}),
            ),
            none.clone(),
            vec![
                json!(3),
                json!({"code": "C1"}),
                json!({"completion_code": 3}),
                json!({}),
                json!({"completion_code": " "}),
                json!({"completion_code": "C2"}),
            ],
        ),
        (
            template(json!({"kind": "custom_html", "html": "<p>x</p>",
                            "answer_schema": {"type": "object", "required": ["ok"]}})),
            none,
            vec![json!({}), json!(3)],
        ),
        (
            template(json!({"kind": "pairwise"})),
            Value::Null,
            vec![json!(1), json!("tie"), json!("middle")],
        ),
        (
            template(
                json!({"kind": "polygons", "media": {"type": "image", "field": "img"},
                            "labels": ["car"], "max_polygons": 1}),
            ),
            json!({"image_width": 100, "image_height": 50}),
            vec![
                json!(3),
                json!({"shapes": []}),
                json!({}),
                json!({"polygons": 3}),
                json!({"polygons": [1, 2]}),
                json!({"polygons": [3]}),
                json!({"polygons": [{"label": "car", "points": [], "z": 1}]}),
                json!({"polygons": [{"label": "car"}]}),
                json!({"polygons": [{"label": "car", "points": 3}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], [1, 1]]}]}),
                json!({"polygons": [{"label": "car", "points": vec![json!([1, 1]); 1001]}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], [1], [1, 1]]}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], ["1", 0], [1, 1]]}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], [101, 0], [1, 1]]}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], [1, 1], [2, 2]]}]}),
                json!({"polygons": [{"label": "car", "points": [[0, 0], [10, 10], [10, 0], [0, 10]]}]}),
            ],
        ),
        (
            template(
                json!({"kind": "polygons", "media": {"type": "image", "field": "img"},
                            "labels": ["car"], "min_polygons": 1}),
            ),
            Value::Null,
            vec![json!({"polygons": []})],
        ),
        (
            template(
                json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
                            "points": ["nose", "tail"]}),
            ),
            json!({"image_width": 100, "image_height": 50}),
            vec![
                json!(3),
                json!({"dots": {}}),
                json!({}),
                json!({"points": []}),
                json!({"points": {"nose": {"x": 1, "y": 1}, "ear": {"x": 1, "y": 1}}}),
                json!({"points": {"nose": {"x": 1, "y": 1}}}),
                json!({"points": {"nose": 3, "tail": {"visible": false}}}),
                json!({"points": {"nose": {"x": 1, "y": 1, "z": 1}, "tail": {"visible": false}}}),
                json!({"points": {"nose": {"x": 1, "y": 1, "visible": "no"}, "tail": {"visible": false}}}),
                json!({"points": {"nose": {"x": 1}, "tail": {"visible": false}}}),
                json!({"points": {"nose": {"x": 1, "y": "2"}, "tail": {"visible": false}}}),
                json!({"points": {"nose": {"x": 1, "y": 51}, "tail": {"visible": false}}}),
            ],
        ),
        (
            template(
                json!({"kind": "segments", "media": {"type": "audio", "field": "a"},
                            "labels": ["speech"], "min_segments": 1, "max_segments": 2}),
            ),
            Value::Null,
            vec![
                json!([]),
                json!({"segments": [], "extra": 1}),
                json!({}),
                json!({"segments": {}}),
                json!({"segments": []}),
                json!({"segments": [3, 4, 5]}),
                json!({"segments": [3]}),
                json!({"segments": [{"start": 0, "end": 1, "label": "speech", "z": 0}]}),
                json!({"segments": [{"end": 1, "label": "speech"}]}),
                json!({"segments": [{"start": -1, "end": 1, "label": "speech"}]}),
                json!({"segments": [{"start": 2, "end": 1.5, "label": "speech"}]}),
                json!({"segments": [{"start": 0, "end": 2, "label": "speech"}, {"start": 1, "end": 3, "label": "speech"}]}),
            ],
        ),
    ]
}

/// Every problem and refusal the batches above produce (refusals as problems).
fn every_message() -> Vec<FieldProblem> {
    let mut messages = Vec::new();
    let mut problem = |p: FieldProblem| messages.push(p);
    for definition in wrong_definitions() {
        let errors = Template::parse(&definition)
            .expect_err(&format!("{definition} should have been refused"));
        errors.0.into_iter().for_each(&mut problem);
    }
    for (template, task_data, answers) in wrong_answers() {
        for answer in answers {
            let error = template
                .validate_answer(&task_data, &answer)
                .expect_err(&format!("{answer} should have been refused"));
            problem(error.into_problem("/answer"));
        }
    }
    let usd = Currency::default();
    for amount in ["abc", "1e3", "0.255", "-1", "99999999999999999999"] {
        let error = Money::parse(amount, &usd).expect_err(amount);
        problem(FieldProblem::from_msg("/reward", error.msg()));
    }
    let long_email = format!("{}@example.org", "a".repeat(250));
    for email in [
        "",
        long_email.as_str(),
        "ana",
        "ana@localhost",
        "a na@x.org",
    ] {
        let error = Email::parse(email).expect_err(email);
        problem(FieldProblem::from_msg("/email", error));
    }
    for password in ["short".to_owned(), "p".repeat(1025)] {
        let error = Password::parse(&password).expect_err("a wrong password");
        problem(FieldProblem::from_msg("/password", error));
    }
    for (name, what) in [("", "name"), (&*"o".repeat(101), "organization")] {
        let error = parse_name(name, what).expect_err("a wrong name");
        problem(FieldProblem::from_msg("/name", error));
    }
    let error = parse_organization_name("Acme\u{202E}gnp.exe").expect_err("a bidi override");
    problem(FieldProblem::from_msg("/organization", error));
    let error = Country::parse("XX").expect_err("not a country");
    problem(FieldProblem::from_msg("/country", error));
    let error = Country::parse("Madagascar").expect_err("a name, not a code");
    problem(FieldProblem::from_msg("/country", error));
    messages
}

/// The English catalogue's entries by id (continuation lines joined).
fn english_catalogue() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en/main.ftl");
    let text = std::fs::read_to_string(path).expect("the English catalogue");
    let mut entries = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with(' ') || line.starts_with('}') {
            if let Some(id) = &current {
                let entry: &mut String = entries.get_mut(id).expect("current entry");
                entry.push('\n');
                entry.push_str(line);
            }
        } else if let Some((id, value)) = line.split_once(" = ")
            && !id.starts_with('#')
        {
            entries.insert(id.to_owned(), value.to_owned());
            current = Some(id.to_owned());
        } else {
            current = None;
        }
    }
    entries
}

/// The variables an entry uses, following references to other entries.
fn variables(entries: &BTreeMap<String, String>, id: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let Some(text) = entries.get(id) else {
        return found;
    };
    for piece in text.split('{').skip(1) {
        let inside = piece.split('}').next().unwrap_or("").trim();
        let word = |s: &str| {
            s.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
        };
        if let Some(variable) = inside.strip_prefix('$') {
            found.insert(word(variable));
        } else if !inside.starts_with('"') {
            let reference = word(inside);
            if entries.contains_key(&reference) && reference != id {
                found.extend(variables(entries, &reference));
            }
        }
    }
    found
}

#[test]
fn every_domain_message_of_the_batch_has_a_code_with_its_arguments() {
    let entries = english_catalogue();
    let messages = every_message();
    assert!(messages.len() > 100, "only {} messages", messages.len());
    for FieldProblem {
        code,
        args,
        message: english,
        ..
    } in &messages
    {
        let Some(code) = code else {
            panic!("no code for {english:?}");
        };
        assert!(
            code.starts_with("problem-") || code.starts_with("answer-"),
            "{code} is not scanned by the catalogue test"
        );
        assert!(
            entries.contains_key(*code),
            "{code} has no English entry (for {english:?})"
        );
        let given: BTreeSet<&str> = args.iter().map(|(name, _)| *name).collect();
        for needed in variables(&entries, code) {
            assert!(
                given.contains(needed.as_str()),
                "{code} names ${needed} but {english:?} has only {given:?}"
            );
        }
    }
}

#[test]
fn the_batch_produces_every_code_of_the_rules_it_covers() {
    let produced: BTreeSet<&str> = every_message().iter().filter_map(|p| p.code).collect();
    let covered = [
        "problem-template-",
        "problem-money-",
        "problem-email-",
        "problem-password-",
        "problem-name-",
        "problem-country-",
        "answer-",
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut missing = Vec::new();
    for (_, text) in sources(std::path::Path::new(dir)) {
        for (i, piece) in text.split('"').enumerate() {
            if i % 2 == 1
                && covered.iter().any(|prefix| piece.starts_with(prefix))
                // A project's publish problem (no template chosen), not a definition's.
                && piece != "problem-template-missing"
                && !produced.contains(piece)
            {
                missing.push(piece.to_owned());
            }
        }
    }
    assert!(missing.is_empty(), "no test input produces {missing:?}");
}

/// Core builds every message with its code: the uncoded constructors kept for the
/// server (and for third-party text, in msg.rs itself) are never called elsewhere.
#[test]
fn core_builds_no_uncoded_message() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let files = sources(std::path::Path::new(dir));
    assert!(files.len() > 10, "found only {} sources", files.len());
    for (path, text) in files.iter().filter(|(path, _)| !path.ends_with("msg.rs")) {
        for uncoded in ["FieldProblem::new(", "Msg::plain(", "Msg::from("] {
            assert!(
                !text.contains(uncoded),
                "{} calls {uncoded}…: give the message a code instead",
                path.display()
            );
        }
    }
}

/// The path and text of every Rust source under `dir`.
fn sources(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source");
            files.push((path, text));
        }
    }
    files
}
