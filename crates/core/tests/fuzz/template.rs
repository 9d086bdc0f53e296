//! Template definitions (`Template::parse`) and answers (`validate_answer`):
//! definitions built key by key, mostly right, with wrong types, bounds and
//! unknown keys mixed in; for each template that parses, a valid answer built
//! from what it says, and that answer broken in small ways.

use handprint_core::template::{FieldInput, Template};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::harness::{Rng, fuzz, json_value};

fn option_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,6}",
        1 => ".{0,70}",
        1 => Just("a|b".to_string()),
        1 => Just(String::new()),
    ]
}

fn options() -> impl Strategy<Value = Value> {
    let option = prop_oneof![
        4 => option_value().prop_map(Value::from),
        4 => (option_value(), ".{0,10}").prop_map(|(v, l)| json!({"value": v, "label": l})),
        1 => option_value().prop_map(|v| json!({"value": v})),
        1 => json_value(),
    ];
    prop_oneof![
        12 => prop::collection::vec(option, 1..7).prop_map(Value::from),
        1 => prop::collection::vec("[a-z]{1,3}", 45..60).prop_map(Value::from),
        1 => json_value(),
    ]
}

/// A count or bound: mostly small whole numbers, sometimes anything.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        12 => (-3i64..12).prop_map(Value::from),
        2 => (0i64..200_000).prop_map(Value::from),
        1 => Just(json!(2.5)),
        1 => Just(json!(1e300)),
        1 => Just(json!("3")),
        1 => any::<i64>().prop_map(Value::from),
        1 => json_value(),
    ]
}

fn identifier() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => "[a-z_][a-z0-9_]{0,8}".prop_map(Value::from),
        1 => ".{0,6}".prop_map(Value::from),
        1 => json_value(),
    ]
}

fn media() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        4 => Just(json!("image")),
        1 => Just(json!("audio")),
        1 => Just(json!("video")),
        1 => json_value(),
    ];
    prop_oneof![
        8 => (kind, identifier()).prop_map(|(k, f)| json!({"type": k, "field": f})),
        1 => json_value(),
    ]
}

/// An object from optional keys: each entry is written when it is `Some`.
fn object(entries: Vec<(&'static str, Option<Value>)>, unknown: Option<(String, Value)>) -> Value {
    let mut map: Map<String, Value> = entries
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_owned(), value?)))
        .collect();
    if let Some((key, value)) = unknown {
        map.insert(key, value);
    }
    Value::Object(map)
}

/// Now and then a key no kind knows (or a known one of another kind).
fn unknown_key() -> impl Strategy<Value = Option<(String, Value)>> {
    prop_oneof![
        12 => Just(None),
        1 => ("[a-z_]{1,12}", json_value()).prop_map(Some),
    ]
}

fn sometimes<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    prop::option::weighted(0.4, s)
}

fn form_field() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        4 => Just(json!("text")),
        4 => Just(json!("number")),
        4 => Just(json!("choice")),
        1 => json_value(),
    ];
    (
        identifier(),
        ".{0,10}",
        kind,
        sometimes(any::<bool>().prop_map(Value::from)),
        (
            sometimes(number()),
            sometimes(any::<bool>().prop_map(Value::from)),
        ),
        (sometimes(number()), sometimes(number())),
        sometimes(any::<bool>().prop_map(Value::from)),
        options(),
    )
        .prop_map(
            |(
                name,
                label,
                kind,
                required,
                (max_length, multiline),
                (min, max),
                integer,
                options,
            )| {
                let mut entries = vec![
                    ("name", Some(name)),
                    ("label", Some(Value::from(label))),
                    ("required", required),
                ];
                match kind.as_str() {
                    Some("text") => {
                        entries.extend([("max_length", max_length), ("multiline", multiline)])
                    }
                    Some("number") => {
                        entries.extend([("min", min), ("max", max), ("integer", integer)])
                    }
                    Some("choice") => entries.push(("options", Some(options))),
                    _ => {}
                }
                entries.push(("type", Some(kind)));
                object(entries, None)
            },
        )
}

/// A definition of any kind (now and then none), mostly valid.
fn definition() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        4 => Just("single_choice"),
        4 => Just("multi_choice"),
        3 => Just("text"),
        3 => Just("rating"),
        3 => Just("bounding_boxes"),
        4 => Just("form"),
        2 => Just("polygons"),
        2 => Just("keypoints"),
        1 => Just("other"),
    ];
    let question = prop_oneof![
        6 => ".{0,30}".prop_map(Value::from),
        1 => Just(Value::from("q".repeat(1001))),
        1 => json_value(),
    ];
    let common = (sometimes(question), sometimes(media()), unknown_key());
    let settings = (
        options(),
        (sometimes(number()), sometimes(number())),
        sometimes(any::<bool>().prop_map(Value::from)),
        sometimes(identifier()),
        prop_oneof![
            8 => prop::collection::vec("[a-z]{1,5}", 1..5).prop_map(Value::from),
            1 => json_value(),
        ],
        sometimes(json_value()),
        prop::collection::vec(form_field(), 0..6),
    );
    (kind, common, settings).prop_map(
        |(
            kind,
            (question, media, unknown),
            (options, (low, high), flag, image_field, labels, rating_labels, fields),
        )| {
            let mut entries = vec![("kind", Some(Value::from(kind))), ("question", question)];
            match kind {
                "single_choice" => entries.push(("options", Some(options))),
                "multi_choice" => entries.extend([
                    ("options", Some(options)),
                    ("min_selected", low),
                    ("max_selected", high),
                ]),
                "text" => entries.extend([("max_length", high), ("multiline", flag)]),
                "rating" => {
                    entries.extend([("min", low), ("max", high), ("labels", rating_labels)])
                }
                "bounding_boxes" => entries.extend([
                    ("image_field", image_field.or(Some(json!("image_url")))),
                    ("labels", Some(labels)),
                    ("min_boxes", low),
                    ("max_boxes", high),
                ]),
                "form" => entries.push(("fields", Some(Value::from(fields)))),
                "polygons" => entries.extend([
                    ("labels", Some(labels)),
                    ("min_polygons", low),
                    ("max_polygons", high),
                    ("min_points", rating_labels),
                ]),
                "keypoints" => entries.extend([("points", Some(labels)), ("edges", rating_labels)]),
                _ => {}
            }
            // Boxes need an image; any other kind may show media.
            if !matches!(kind, "bounding_boxes" | "polygons" | "keypoints") || media.is_some() {
                entries.push(("media", media));
            }
            object(entries, unknown)
        },
    )
}

/// Text of 1 to `max` characters once trimmed, on one line unless `multiline`.
fn text(rng: &mut Rng, max: usize, multiline: bool) -> String {
    const EDGES: [char; 5] = ['a', 'Z', '\u{e9}', '\u{65e5}', '\u{1f600}'];
    const INSIDE: [char; 8] = ['b', ' ', '\t', '\u{a0}', '=', '"', ',', '\u{200b}'];
    let length = rng.between(1, max.min(40) as u64) as usize;
    let mut text: String = (0..length)
        .map(|i| match i {
            0 => *rng.pick(&EDGES),
            i if i + 1 == length => *rng.pick(&EDGES),
            _ if multiline && rng.chance(8) => '\n',
            _ => *rng.pick(&INSIDE),
        })
        .collect();
    if rng.chance(4) {
        text = format!("  {text}\n");
    }
    text
}

/// A number the field accepts, as a JSON number or a numeric string; None when its
/// bounds leave no number this builder can write exactly.
fn number_answer(
    rng: &mut Rng,
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
) -> Option<Value> {
    let low = min.unwrap_or(-1000.0).ceil();
    let high = max.unwrap_or(low + 1000.0).floor();
    if !(low.abs() < 1e12 && high.abs() < 1e12 && low <= high) {
        return None;
    }
    let span = (high - low) as u64;
    let mut value = low + rng.between(0, span) as f64;
    if !integer && value + 0.5 <= max.unwrap_or(f64::MAX) && rng.chance(2) {
        value += 0.5;
    }
    Some(match rng.next() % 3 {
        0 => Value::from(value.to_string()),
        1 if value.fract() == 0.0 => Value::from(value as i64),
        _ => Value::from(value),
    })
}

/// An answer `template` must accept, with the task data it needs.
fn valid_answer(template: &Template, rng: &mut Rng) -> Option<(Value, Value)> {
    let answer = match template {
        Template::SingleChoice(t) => {
            let value = rng.pick(t.options()).value();
            if rng.chance(2) {
                json!(value)
            } else {
                json!({"value": value})
            }
        }
        Template::MultiChoice(t) => {
            let mut values: Vec<&str> = t.options().iter().map(|o| o.value()).collect();
            let count = rng.between(t.min_selected() as u64, t.max_selected() as u64) as usize;
            for i in (1..values.len()).rev() {
                values.swap(i, rng.between(0, i as u64) as usize);
            }
            json!(values[..count])
        }
        Template::Text(t) => json!(text(rng, t.max_length(), t.multiline())),
        Template::Rating(t) => {
            let point = t.min() + rng.between(0, t.max().abs_diff(t.min())) as i64;
            if rng.chance(3) && point.abs() < 1 << 50 {
                json!(point as f64)
            } else {
                json!(point)
            }
        }
        Template::BoundingBoxes(t) => return Some(boxes(t, rng)),
        Template::Spans(t) => return Some(spans(t, rng)),
        Template::Polygons(t) => return Some(polygons(t, rng)),
        Template::Keypoints(t) => return Some(keypoints(t, rng)),
        Template::Segments(t) => segments(t, rng),
        Template::Form(form) => {
            let mut given = Map::new();
            for field in form.fields() {
                if !field.required() && rng.chance(3) {
                    if rng.chance(2) {
                        given.insert(field.name().to_owned(), json!(""));
                    }
                    continue;
                }
                let value = match field.input() {
                    FieldInput::Text {
                        max_length,
                        multiline,
                    } => json!(text(rng, *max_length, *multiline)),
                    FieldInput::Number { min, max, integer } => {
                        number_answer(rng, *min, *max, *integer)?
                    }
                    FieldInput::Choice { options } => json!(rng.pick(options).value()),
                };
                given.insert(field.name().to_owned(), value);
            }
            Value::Object(given)
        }
        Template::ExternalStudy(t) => json!({"completion_code": rng.pick(t.completion_codes())}),
        // The requester's own schema: no generator of answers for any schema here.
        Template::CustomHtml(_) => return None,
        Template::Pairwise(t) => {
            let sides: &[&str] = if t.allow_tie() {
                &["left", "right", "tie"]
            } else {
                &["left", "right"]
            };
            json!(rng.pick(sides))
        }
    };
    Some((Value::Null, answer))
}

/// Boxes inside an image whose size the task data gives (or not).
fn boxes(t: &handprint_core::template::BoundingBoxes, rng: &mut Rng) -> (Value, Value) {
    let (width, height) = (rng.between(1, 4000), rng.between(1, 4000));
    let data = match rng.next() % 3 {
        0 => json!({"image_url": "https://example.test/a.png"}),
        1 => json!({"image_width": width, "image_height": height}),
        _ => json!({"image_width": width.to_string(), "image_height": format!(" {height} ")}),
    };
    let count = rng.between(
        t.min_boxes() as u64,
        t.max_boxes().min(t.min_boxes() + 20) as u64,
    );
    let drawn: Vec<Value> = (0..count)
        .map(|_| {
            let x = rng.between(0, width - 1);
            let y = rng.between(0, height - 1);
            let w = rng.between(1, width - x);
            let h = rng.between(1, height - y);
            json!({"x": x, "y": y, "w": w, "h": h, "label": rng.pick(t.labels())})
        })
        .collect();
    (data, json!({"boxes": drawn}))
}

/// Back-to-back segments (touching, never overlapping) with decimal times.
fn segments(t: &handprint_core::template::Segments, rng: &mut Rng) -> Value {
    let count = rng.between(
        t.min_segments() as u64,
        t.max_segments().min(t.min_segments() + 20) as u64,
    );
    let mut at = rng.between(0, 10) as f64 / 4.0;
    let marked: Vec<Value> = (0..count)
        .map(|_| {
            let end = at + rng.between(1, 40) as f64 / 8.0;
            let segment = json!({"start": at, "end": end, "label": rng.pick(t.labels())});
            at = end;
            segment
        })
        .collect();
    json!({"segments": marked})
}

/// Spans over one-character words of a text with as many words as spans (and more).
fn spans(t: &handprint_core::template::Spans, rng: &mut Rng) -> (Value, Value) {
    let count = rng.between(
        t.min_spans() as u64,
        t.max_spans().min(t.min_spans() + 20) as u64,
    );
    let words = count + rng.between(0, 5);
    let text = vec!["é"; usize::try_from(words).unwrap_or(0)].join(" ");
    let marked: Vec<Value> = (0..count)
        .map(|i| json!({"start": i * 2, "end": i * 2 + 1, "label": rng.pick(t.labels())}))
        .collect();
    let mut data = serde_json::Map::new();
    data.insert(t.text_field().to_owned(), json!(text));
    (Value::Object(data), json!({"spans": marked}))
}

/// Polygons as regular stars' outlines (convex, so never crossing) inside an image
/// whose size the task data gives (or not).
fn polygons(t: &handprint_core::template::Polygons, rng: &mut Rng) -> (Value, Value) {
    let (width, height) = (rng.between(2000, 4000), rng.between(2000, 4000));
    let data = if rng.chance(2) {
        json!({"image_width": width, "image_height": height})
    } else {
        json!({})
    };
    let count = rng.between(
        t.min_polygons() as u64,
        t.max_polygons().min(t.min_polygons() + 10) as u64,
    );
    let drawn: Vec<Value> = (0..count)
        .map(|_| {
            let corners = rng.between(t.min_points() as u64, t.min_points() as u64 + 5);
            let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0);
            let radius = (width.min(height) as f64 / 2.0) * 0.9;
            let points: Vec<Value> = (0..corners)
                .map(|i| {
                    let angle = std::f64::consts::TAU * i as f64 / corners as f64;
                    json!([
                        (cx + radius * angle.cos()).round(),
                        (cy + radius * angle.sin()).round()
                    ])
                })
                .collect();
            json!({"label": rng.pick(t.labels()), "points": points})
        })
        .collect();
    (data, json!({"polygons": drawn}))
}

/// Every point of the skeleton, each placed or (now and then) not visible.
fn keypoints(t: &handprint_core::template::Keypoints, rng: &mut Rng) -> (Value, Value) {
    let (width, height) = (rng.between(1, 4000), rng.between(1, 4000));
    let data = json!({"image_width": width, "image_height": height});
    let placed: Map<String, Value> = t
        .points()
        .iter()
        .map(|name| {
            let point = if rng.chance(4) {
                json!({"visible": false})
            } else {
                json!({"x": rng.between(0, width), "y": rng.between(0, height)})
            };
            (name.clone(), point)
        })
        .collect();
    (data, json!({"points": placed}))
}

fn check_refusal(error: &handprint_core::template::AnswerError) -> Result<(), TestCaseError> {
    prop_assert!(
        error.path.is_empty() || error.path.starts_with('/'),
        "{error:?}"
    );
    prop_assert!(
        error.code.is_some() && !error.message.is_empty(),
        "{error:?}"
    );
    Ok(())
}

/// Every template that parses keeps its stored form, describes itself and accepts
/// what it asks for; every one refused says where.
#[test]
fn template_definitions_and_valid_answers() {
    fuzz(
        "template_definitions_and_valid_answers",
        file!(),
        (definition(), any::<u64>()),
        |(definition, seed)| {
            let template = match Template::parse(&definition) {
                Ok(template) => template,
                Err(errors) => {
                    prop_assert!(!errors.0.is_empty());
                    for problem in &errors.0 {
                        prop_assert!(
                            problem.path.is_empty() || problem.path.starts_with('/'),
                            "{problem:?}"
                        );
                        prop_assert!(
                            problem.code.is_some() && !problem.message.is_empty(),
                            "{problem:?}"
                        );
                    }
                    return Ok(());
                }
            };
            let stored = serde_json::to_value(&template).unwrap();
            let reparsed = Template::parse(&stored);
            prop_assert_eq!(reparsed.as_ref(), Ok(&template), "stored {}", stored);
            let description = template.describe();
            prop_assert!(description["answer_schema"].is_object());
            let mut rng = Rng::new(seed);
            let Some((data, answer)) = valid_answer(&template, &mut rng) else {
                return Ok(());
            };
            let stored = template.validate_answer(&data, &answer);
            prop_assert!(
                stored.is_ok(),
                "{answer} refused by {template:?}: {stored:?}"
            );
            let stored = stored.unwrap();
            prop_assert_eq!(template.validate_answer(&data, &stored), Ok(stored.clone()));
            if matches!(
                template,
                Template::SingleChoice(_) | Template::MultiChoice(_) | Template::Rating(_)
            ) {
                prop_assert!(template.categorical_label(&answer).is_some());
            }
            Ok(())
        },
    );
}

/// A valid answer changed in one place, or any JSON at all.
fn break_answer(answer: Value, rng: &mut Rng, other: Value) -> Value {
    match rng.next() % 8 {
        0 => other,
        1 => match answer {
            Value::Object(mut map) => {
                let key = map
                    .keys()
                    .nth(rng.next() as usize % map.len().max(1))
                    .cloned();
                match key {
                    Some(key) if rng.chance(2) => {
                        map.remove(&key);
                    }
                    Some(key) => {
                        map.insert(key, other);
                    }
                    None => {
                        map.insert("extra".into(), other);
                    }
                }
                Value::Object(map)
            }
            Value::Array(mut items) => {
                match items.first().cloned() {
                    Some(first) if rng.chance(2) => items.push(first),
                    _ => items.push(other),
                }
                Value::Array(items)
            }
            _ => other,
        },
        2 => Value::from(answer.to_string()),
        3 => json!([answer]),
        4 => match answer {
            Value::Object(mut map) => {
                if let Some(Value::Array(boxes)) = map.get_mut("boxes")
                    && let Some(Value::Object(first)) = boxes.first_mut()
                {
                    let key = *rng.pick(&["x", "y", "w", "h", "label"]);
                    first.insert(key.into(), other);
                } else {
                    map.insert("zz".into(), other);
                }
                Value::Object(map)
            }
            _ => json!({"value": other}),
        },
        5 => json!(1e300),
        6 => json!(-0.0),
        _ => answer,
    }
}

/// Whatever the answer, validation refuses it with a located coded problem or
/// stores a normal form that validates to itself.
#[test]
fn arbitrary_answers_are_refused_or_normalised() {
    fuzz(
        "arbitrary_answers_are_refused_or_normalised",
        file!(),
        (definition(), any::<u64>(), json_value(), json_value()),
        |(definition, seed, other, task_data)| {
            let Ok(template) = Template::parse(&definition) else {
                return Ok(());
            };
            let mut rng = Rng::new(seed);
            let (data, answer) = match valid_answer(&template, &mut rng) {
                Some((data, answer)) => (data, break_answer(answer, &mut rng, other)),
                None => (task_data, other),
            };
            let _ = template.categorical_label(&answer);
            match template.validate_answer(&data, &answer) {
                Ok(stored) => {
                    prop_assert_eq!(
                        template.validate_answer(&data, &stored),
                        Ok(stored.clone()),
                        "from {}",
                        answer
                    );
                }
                Err(error) => check_refusal(&error)?,
            }
            Ok(())
        },
    );
}
