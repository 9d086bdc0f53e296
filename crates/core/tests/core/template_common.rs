//! What every template kind shares: the kind tag, unknown keys, the question,
//! errors' display, the stored form and the description.

use handprint_core::template::{Template, TemplateKind};
use serde_json::{Value, json};

use crate::{assert_problem, problems, template};

/// One full definition per kind, as in the module documentation.
pub fn examples() -> Vec<Value> {
    vec![
        json!({"kind": "single_choice", "question": "Is this review positive?",
               "options": [{"value": "pos", "label": "Positive"}, {"value": "neg", "label": "Negative"}]}),
        json!({"kind": "multi_choice", "question": "Which animals are in the picture?",
               "options": [{"value": "cat", "label": "Cat"}, {"value": "dog", "label": "Dog"}, {"value": "owl", "label": "Owl"}],
               "min_selected": 0, "max_selected": 2}),
        json!({"kind": "text", "question": "Transcribe the recording.",
               "media": {"type": "audio", "field": "audio_url"}, "max_length": 500, "multiline": true}),
        json!({"kind": "rating", "question": "How fluent is the translation?",
               "min": 1, "max": 5, "labels": {"1": "Bad", "5": "Excellent"}}),
        json!({"kind": "bounding_boxes", "question": "Draw a box around every road user.",
               "image_field": "image_url", "labels": ["pedestrian", "cyclist"], "min_boxes": 0, "max_boxes": 50}),
        json!({"kind": "form", "fields": [
            {"name": "title", "label": "Title", "type": "text", "required": true, "max_length": 200},
            {"name": "count", "label": "How many?", "type": "number", "required": true, "min": 0, "max": 100, "integer": true},
            {"name": "lang", "label": "Language", "type": "choice", "required": false,
             "options": [{"value": "en", "label": "English"}, {"value": "fr", "label": "French"}]}]}),
        json!({"kind": "spans", "question": "Mark every person and place.",
               "text_field": "text", "labels": ["person", "place"], "max_spans": 20}),
        json!({"kind": "external_study", "question": "Take our 10-minute survey.",
               "study_url": "https://survey.example.org/s/42?pid={pseudonym}",
               "completion_codes": ["C7D2K9"]}),
        json!({"kind": "custom_html", "html": "<button onclick=\"handprint.submit({ok: true})\">OK</button>",
               "answer_schema": {"type": "object", "required": ["ok"],
                                 "properties": {"ok": {"type": "boolean"}}}}),
        json!({"kind": "pairwise", "question": "Which reply is more helpful?",
               "prompt_field": "prompt", "left_field": "reply_a", "right_field": "reply_b",
               "show": "text", "allow_tie": true}),
        json!({"kind": "polygons", "question": "Outline every car.",
               "media": {"type": "image", "field": "image_url"}, "labels": ["car", "road"]}),
        json!({"kind": "keypoints", "question": "Place the cat's nose and ears.",
               "media": {"type": "image", "field": "image_url"}, "category": "cat",
               "points": ["nose", "left_ear", "right_ear"],
               "edges": [["nose", "left_ear"], ["nose", "right_ear"]]}),
        json!({"kind": "segments", "question": "Mark who speaks when.",
               "media": {"type": "audio", "field": "audio"}, "labels": ["alice", "bob"],
               "allow_overlap": true}),
    ]
}

/// Definitions that lean on every default.
fn minimal_examples() -> Vec<Value> {
    vec![
        json!({"kind": "single_choice", "options": ["yes", "no"]}),
        json!({"kind": "multi_choice", "options": ["a", "b", "c"]}),
        json!({"kind": "text"}),
        json!({"kind": "rating"}),
        json!({"kind": "bounding_boxes", "image_field": "img", "labels": ["car"]}),
        json!({"kind": "form", "fields": [{"name": "n", "label": "N", "type": "number"}]}),
        json!({"kind": "spans", "labels": ["person"]}),
        json!({"kind": "external_study", "study_url": "https://s.example/{pseudonym}",
               "completion_codes": ["A1"]}),
        json!({"kind": "custom_html", "html": "<p>x</p>", "answer_schema": {}}),
        json!({"kind": "pairwise"}),
        json!({"kind": "polygons", "media": {"type": "image", "field": "img"}, "labels": ["car"]}),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"}, "points": ["nose"]}),
        json!({"kind": "segments", "media": {"type": "video", "field": "clip"}, "labels": ["goal"]}),
    ]
}

#[test]
fn each_example_parses_to_its_kind() {
    let kinds: Vec<TemplateKind> = examples().into_iter().map(|d| template(d).kind()).collect();
    assert_eq!(kinds, TemplateKind::ALL);
}

#[test]
fn the_stored_form_parses_back_to_the_same_template() {
    for definition in examples().into_iter().chain(minimal_examples()) {
        let parsed = template(definition);
        let stored = serde_json::to_value(&parsed).expect("serialise");
        assert_eq!(stored["kind"], parsed.kind().as_str());
        assert_eq!(
            Template::parse(&stored),
            Ok(parsed.clone()),
            "stored form: {stored}"
        );
        let deserialised: Template = serde_json::from_value(stored).expect("deserialise");
        assert_eq!(deserialised, parsed);
    }
}

#[test]
fn the_stored_form_fills_in_defaults() {
    let stored = serde_json::to_value(template(
        json!({"kind": "multi_choice", "options": ["a", "b", "c"]}),
    ))
    .unwrap();
    assert_eq!(stored["min_selected"], 1);
    assert_eq!(stored["max_selected"], 3);
    assert_eq!(stored["options"][0], json!({"value": "a", "label": "a"}));
    let stored = serde_json::to_value(template(json!({"kind": "text"}))).unwrap();
    assert_eq!(
        stored,
        json!({"kind": "text", "max_length": 2000, "multiline": false})
    );
}

#[test]
fn deserialising_an_invalid_template_fails_with_the_problems() {
    let error = serde_json::from_value::<Template>(json!({"kind": "rating", "min": 5, "max": 1}))
        .unwrap_err();
    assert!(error.to_string().contains("/max"), "{error}");
}

#[test]
fn every_description_carries_settings_and_an_answer_schema() {
    for definition in examples() {
        let parsed = template(definition.clone());
        let description = parsed.describe();
        assert_eq!(description["kind"], definition["kind"]);
        let schema = &description["answer_schema"];
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(schema["type"].is_string(), "{schema}");
        assert!(description["media_fields"].is_array());
        if let Some(question) = definition.get("question") {
            assert_eq!(&description["question"], question);
        }
    }
}

#[test]
fn descriptions_name_the_media_fields() {
    let [_, _, text, _, boxes, form] = examples()[..6].to_vec().try_into().unwrap();
    assert_eq!(
        template(text).describe()["media_fields"],
        json!([{"field": "audio_url", "type": "audio"}])
    );
    assert_eq!(
        template(boxes).describe()["media_fields"],
        json!([{"field": "image_url", "type": "image"}])
    );
    assert_eq!(template(form).describe()["media_fields"], json!([]));
}

#[test]
fn answer_schemas_state_the_constraints() {
    let [single, multi, text, rating, boxes, form] = examples()[..6].to_vec().try_into().unwrap();
    let schema = |definition| template(definition).describe()["answer_schema"].clone();
    let single = schema(single);
    assert_eq!(
        single["oneOf"][0],
        json!({"const": "pos", "title": "Positive"})
    );
    let multi = schema(multi);
    assert_eq!(
        (
            multi["type"].as_str(),
            &multi["minItems"],
            &multi["maxItems"]
        ),
        (Some("array"), &json!(0), &json!(2))
    );
    assert_eq!(multi["uniqueItems"], true);
    assert_eq!(schema(text)["maxLength"], 500);
    assert_eq!(
        schema(rating),
        json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "integer", "minimum": 1, "maximum": 5})
    );
    let boxes = schema(boxes);
    assert_eq!(
        boxes["properties"]["boxes"]["items"]["properties"]["label"]["enum"],
        json!(["pedestrian", "cyclist"])
    );
    assert_eq!(
        boxes["properties"]["boxes"]["items"]["properties"]["w"]["exclusiveMinimum"],
        0
    );
    let form = schema(form);
    assert_eq!(form["required"], json!(["title", "count"]));
    assert_eq!(
        form["properties"]["count"],
        json!({"type": "integer", "minimum": 0, "maximum": 100, "title": "How many?"})
    );
    assert_eq!(form["additionalProperties"], false);
}

#[test]
fn a_definition_that_is_not_an_object_is_refused() {
    let found = problems(json!(["single_choice"]));
    assert_problem(&found, "", "must be a JSON object with a \"kind\"");
}

#[test]
fn a_missing_kind_lists_the_valid_kinds() {
    let found = problems(json!({"options": ["a", "b"]}));
    assert_eq!(found.len(), 1);
    assert_problem(
        &found,
        "/kind",
        "\"kind\" is missing; use one of: single_choice, multi_choice, text, rating, bounding_boxes, form",
    );
}

#[test]
fn an_unknown_kind_lists_the_valid_kinds() {
    let found = problems(json!({"kind": "sorting"}));
    assert_problem(
        &found,
        "/kind",
        "unknown template kind \"sorting\"; use one of: single_choice, multi_choice",
    );
    let found = problems(json!({"kind": 3}));
    assert_problem(&found, "/kind", "\"kind\" must be a string");
}

#[test]
fn an_unknown_key_is_named_with_a_suggestion() {
    let found =
        problems(json!({"kind": "single_choice", "optoins": ["a", "b"], "options": ["a", "b"]}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_problem(
        &found,
        "/optoins",
        "unknown key \"optoins\" (did you mean \"options\"?); a single_choice template accepts: kind, question, media, options",
    );
    let found = problems(json!({"kind": "text", "colour": "red"}));
    assert_eq!(found, vec![("/colour".to_owned(), "unknown key \"colour\"; a text template accepts: kind, question, media, max_length, multiline".to_owned())]);
}

#[test]
fn every_kind_accepts_the_same_media_and_names_its_field() {
    for (index, kind) in TemplateKind::ALL.iter().enumerate() {
        // Boxes, polygons and keypoints draw on an image, segments mark a timeline: the
        // other kinds take any media type.
        let media = match kind {
            TemplateKind::BoundingBoxes | TemplateKind::Polygons | TemplateKind::Keypoints => {
                json!({"type": "image", "field": "image_url"})
            }
            TemplateKind::Segments => json!({"type": "video", "field": "image_url"}),
            _ => {
                let kind = ["image", "audio", "video"][index % 3];
                json!({"type": kind, "field": "image_url"})
            }
        };
        let mut definition = minimal_examples()[index].clone();
        definition.as_object_mut().unwrap().remove("image_field");
        definition["media"] = media.clone();
        let parsed = template(definition);
        assert_eq!(parsed.kind(), *kind);
        let found = parsed.media().expect("the media");
        assert_eq!(
            (found.kind().as_str(), found.field()),
            (media["type"].as_str().unwrap(), "image_url"),
            "{kind}"
        );
        let stored = serde_json::to_value(&parsed).expect("serialise");
        assert_eq!(stored["media"], media, "{kind}: {stored}");
        assert_eq!(Template::parse(&stored), Ok(parsed.clone()), "{kind}");
        assert_eq!(
            parsed.describe()["media_fields"],
            json!([{"field": "image_url", "type": media["type"]}]),
            "{kind}"
        );
    }
}

#[test]
fn a_bad_media_is_refused_the_same_way_for_every_kind() {
    for (index, kind) in TemplateKind::ALL.iter().enumerate() {
        let mut definition = minimal_examples()[index].clone();
        definition["media"] = json!({"type": "gif", "field": ""});
        let found = problems(definition);
        assert_problem(
            &found,
            "/media/type",
            "the media \"type\" must be one of: image, audio, video (got \"gif\")",
        );
        assert_problem(
            &found,
            "/media/field",
            "the media \"field\" must name the item field that holds the media's address",
        );
        let mut definition = minimal_examples()[index].clone();
        definition["media"] = json!({"field": "image_url"});
        assert_problem(
            &problems(definition),
            "/media/type",
            "the media \"type\" is missing; use one of: image, audio, video",
        );
        let mut definition = minimal_examples()[index].clone();
        definition["media"] = json!({"type": "image"});
        let found = problems(definition);
        assert_eq!(found.len(), 1, "{kind}: {found:?}");
        assert_problem(&found, "/media/field", "like \"image_url\"");
    }
}

#[test]
fn the_question_must_be_short_text() {
    let long = "q".repeat(1001);
    assert_problem(
        &problems(json!({"kind": "rating", "question": long})),
        "/question",
        "is 1001 characters long; shorten it to at most 1000",
    );
    assert_problem(
        &problems(json!({"kind": "rating", "question": 7})),
        "/question",
        "\"question\" must be a string, not a number",
    );
    assert_problem(
        &problems(json!({"kind": "rating", "question": "  "})),
        "/question",
        "must not be empty",
    );
    assert_eq!(
        template(json!({"kind": "rating", "question": null})).question(),
        None
    );
    assert_eq!(
        template(json!({"kind": "rating", "question": "How good?"})).question(),
        Some("How good?")
    );
}

#[test]
fn problems_in_several_places_are_all_reported() {
    let found = problems(
        json!({"kind": "bounding_boxes", "question": 1, "image_field": "9lives", "labels": [], "max_boxes": -1, "extra": true}),
    );
    let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
    for path in [
        "/question",
        "/image_field",
        "/labels",
        "/max_boxes",
        "/extra",
    ] {
        assert!(paths.contains(&path), "{path} missing from {found:#?}");
    }
}

#[test]
fn template_kinds_round_trip_through_their_names() {
    for kind in TemplateKind::ALL {
        assert_eq!(kind.as_str().parse::<TemplateKind>(), Ok(kind));
        assert_eq!(kind.to_string(), kind.as_str());
    }
    let error = "ranking".parse::<TemplateKind>().unwrap_err();
    assert!(
        error.to_string().contains("use one of: single_choice"),
        "{error}"
    );
}

#[test]
fn errors_display_every_problem_with_its_path() {
    let errors =
        Template::parse(&json!({"kind": "rating", "min": 3, "max": 3, "labels": {"x": "X"}}))
            .unwrap_err();
    let shown = errors.to_string();
    assert!(shown.starts_with("the template has 2 problems:"), "{shown}");
    assert!(
        shown.contains("\n  /max: \"max\" (3) must be greater than \"min\" (3)"),
        "{shown}"
    );
    assert!(shown.contains("\n  /labels/x: label keys"), "{shown}");
    let as_json = serde_json::to_value(&errors).unwrap();
    assert_eq!(as_json[1]["path"], "/labels/x");
    let one = Template::parse(&json!({"kind": "text", "max_length": 0})).unwrap_err();
    assert_eq!(
        one.to_string(),
        "the template is invalid: /max_length: \"max_length\" must be between 1 and 100000 (got 0)"
    );
}

#[test]
fn categorical_labels_exist_only_for_categorical_kinds() {
    let [single, multi, text, rating, boxes, form] = examples()[..6].to_vec().try_into().unwrap();
    assert_eq!(
        template(single.clone()).categorical_label(&json!("pos")),
        Some("pos".to_owned())
    );
    assert_eq!(
        template(single.clone()).categorical_label(&json!({"value": "neg"})),
        Some("neg".to_owned())
    );
    assert_eq!(template(single).categorical_label(&json!("maybe")), None);
    assert_eq!(
        template(multi.clone()).categorical_label(&json!(["owl", "cat"])),
        Some("cat|owl".to_owned())
    );
    assert_eq!(
        template(multi).categorical_label(&json!([])),
        Some(String::new())
    );
    assert_eq!(
        template(rating.clone()).categorical_label(&json!(4.0)),
        Some("4".to_owned())
    );
    assert_eq!(template(rating).categorical_label(&json!(4.5)), None);
    assert_eq!(template(text).categorical_label(&json!("hello")), None);
    assert_eq!(
        template(boxes).categorical_label(&json!({"boxes": []})),
        None
    );
    assert_eq!(
        template(form).categorical_label(&json!({"title": "t", "count": 1})),
        None
    );
}

#[test]
fn answer_errors_display_their_path() {
    let rating = template(json!({"kind": "rating"}));
    let error = rating.validate_answer(&Value::Null, &json!(9)).unwrap_err();
    assert_eq!(error.to_string(), "the rating must be from 1 to 5 (got 9)");
    let form = template(
        json!({"kind": "form", "fields": [{"name": "n", "label": "N", "type": "number"}]}),
    );
    let error = form
        .validate_answer(&Value::Null, &json!({"n": "x"}))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "/n: \"N\" must be a number (got the string \"x\")"
    );
    assert_eq!(serde_json::to_value(&error).unwrap()["path"], "/n");
}
