//! The OpenAPI schemas of template definitions: one per kind, each with the
//! settings every kind shares (`kind`, `question`, `media`) and its own, and
//! `TemplateDefinition`, any of them by `kind`. Written out here because a
//! definition is read as JSON by `Template::parse` (which explains each problem),
//! not by serde; a test checks each schema names exactly the keys the parser takes.

use handprint_core::template::TemplateKind;
use serde_json::{Map, Value, json};

/// Where the schemas are, in the document's components.
const REF: &str = "#/components/schemas/";

/// The schema's name of a kind's definition: `SingleChoiceTemplate`, ….
pub fn schema_name(kind: TemplateKind) -> String {
    let camel: String = kind
        .as_str()
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    format!("{camel}Template")
}

/// Every schema to add to the document's components, by name.
pub fn schemas() -> Vec<(String, Value)> {
    let mut all = vec![
        ("TemplateMedia".to_owned(), media()),
        ("TemplateOption".to_owned(), option()),
        ("TemplateDefinition".to_owned(), definition()),
    ];
    all.extend(
        TemplateKind::ALL
            .iter()
            .map(|kind| (schema_name(*kind), kind_schema(*kind))),
    );
    all
}

/// A reference to the definition, as the project schemas' `template` property.
pub fn reference() -> Value {
    json!({"$ref": format!("{REF}TemplateDefinition")})
}

fn media() -> Value {
    json!({
        "type": "object",
        "description": "The item's media, shown with every task of any kind: the task-data field holding its address (http or https).",
        "properties": {
            "type": {"type": "string", "enum": ["image", "audio", "video"]},
            "field": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "maxLength": 64,
                      "description": "The task-data field with the address, e.g. image_url."},
        },
        "required": ["type", "field"],
        "additionalProperties": false,
        "example": {"type": "image", "field": "image_url"},
    })
}

fn option() -> Value {
    json!({
        "oneOf": [
            {"type": "string", "minLength": 1, "maxLength": 64, "description": "Value and label at once."},
            {"type": "object",
             "properties": {"value": {"type": "string", "minLength": 1, "maxLength": 64},
                            "label": {"type": "string", "minLength": 1, "maxLength": 200}},
             "required": ["value", "label"], "additionalProperties": false},
        ],
    })
}

fn definition() -> Value {
    let mapping: Map<String, Value> = TemplateKind::ALL
        .iter()
        .map(|kind| {
            (
                kind.as_str().to_owned(),
                json!(format!("{REF}{}", schema_name(*kind))),
            )
        })
        .collect();
    let any: Vec<Value> = TemplateKind::ALL
        .iter()
        .map(|kind| json!({"$ref": format!("{REF}{}", schema_name(*kind))}))
        .collect();
    json!({
        "description": "A task template: what a task looks like and what a valid answer is. Problems are reported with a JSON-pointer path and a code.",
        "oneOf": any,
        "discriminator": {"propertyName": "kind", "mapping": mapping},
    })
}

fn count(min: u64, max: u64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max})
}

/// A kind's own settings (besides `kind`, `question` and `media`) and which are required.
fn own_settings(kind: TemplateKind) -> (Value, Vec<&'static str>) {
    let options = json!({"type": "array", "items": {"$ref": format!("{REF}TemplateOption")},
                         "minItems": 2, "maxItems": 50});
    match kind {
        TemplateKind::SingleChoice => (json!({"options": options}), vec!["options"]),
        TemplateKind::MultiChoice => (
            json!({"options": options, "min_selected": count(0, 50), "max_selected": count(1, 50)}),
            vec!["options"],
        ),
        TemplateKind::Text => (
            json!({"max_length": count(1, 100_000), "multiline": {"type": "boolean", "default": false}}),
            Vec::new(),
        ),
        TemplateKind::Rating => (
            json!({"min": {"type": "integer", "default": 1}, "max": {"type": "integer", "default": 5},
                   "labels": {"type": "object", "additionalProperties": {"type": "string"},
                              "description": "Labels of some points, keyed by the point: {\"1\": \"Bad\"}."}}),
            Vec::new(),
        ),
        TemplateKind::BoundingBoxes => (
            json!({"image_field": {"type": "string", "deprecated": true,
                                   "description": "The older way to name the image (read as media of type image); give media instead."},
                   "labels": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                              "minItems": 1, "maxItems": 100},
                   "min_boxes": count(0, 1000), "max_boxes": count(1, 1000)}),
            vec!["labels"],
        ),
        TemplateKind::Form => (
            json!({"fields": {"type": "array", "minItems": 1, "maxItems": 50, "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                    "label": {"type": "string"}, "type": {"type": "string", "enum": ["text", "number", "choice"]},
                    "required": {"type": "boolean"}, "max_length": count(1, 100_000), "multiline": {"type": "boolean"},
                    "min": {"type": "number"}, "max": {"type": "number"}, "integer": {"type": "boolean"},
                    "options": options,
                },
                "required": ["name", "label", "type"],
                "additionalProperties": false,
            }}}),
            vec!["fields"],
        ),
        _ => annotation_settings(kind),
    }
}

/// The settings of the kinds that mark, compare or leave Handprint (issue 15).
fn annotation_settings(kind: TemplateKind) -> (Value, Vec<&'static str>) {
    match kind {
        TemplateKind::Spans => (
            json!({"text_field": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "maxLength": 64, "default": "text",
                                  "description": "The task-data field holding the text spans are marked on."},
                   "labels": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                              "minItems": 1, "maxItems": 100},
                   "min_spans": count(0, 1000), "max_spans": count(1, 1000)}),
            vec!["labels"],
        ),
        TemplateKind::ExternalStudy => (
            json!({"study_url": {"type": "string", "format": "uri", "pattern": "^https://.*\\{pseudonym\\}",
                                 "description": "The study's https address; {pseudonym} is replaced by the worker's per-project pseudonym."},
                   "completion_codes": {"type": "array", "minItems": 1, "maxItems": 20, "writeOnly": true,
                                        "items": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                                        "description": "The codes the study shows at its end (compared regardless of case); never shown to workers."}}),
            vec!["study_url", "completion_codes"],
        ),
        TemplateKind::CustomHtml => (
            json!({"html": {"type": "string", "minLength": 1, "maxLength": 100_000,
                            "description": "The task's page, shown in a sandboxed frame; it answers with handprint.submit(answer)."},
                   "answer_schema": {"type": "object", "description": "A JSON Schema every answer must fit (checked when saved)."},
                   "height": count(100, 2000)}),
            vec!["html", "answer_schema"],
        ),
        TemplateKind::Pairwise => {
            let field = |default: &str, description: &str| {
                json!({"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "maxLength": 64,
                       "default": default, "description": description})
            };
            (
                json!({"left_field": field("left", "The task-data field holding the left option."),
                       "right_field": field("right", "The task-data field holding the right option."),
                       "prompt_field": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "maxLength": 64,
                                        "description": "The task-data field holding the prompt both options answer (exported as preference data's prompt)."},
                       "show": {"type": "string", "enum": ["text", "image", "audio"], "default": "text",
                                "description": "What the option fields hold: texts, or the addresses of images or sounds."},
                       "allow_tie": {"type": "boolean", "default": false,
                                     "description": "Whether a worker may answer \"tie\"."}}),
                Vec::new(),
            )
        }
        TemplateKind::Segments => (
            json!({"labels": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                              "minItems": 1, "maxItems": 100},
                   "min_segments": count(0, 1000), "max_segments": count(1, 1000),
                   "allow_overlap": {"type": "boolean", "default": false,
                                     "description": "Whether a worker's segments may overlap."}}),
            vec!["media", "labels"],
        ),
        TemplateKind::Polygons => (
            json!({"labels": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                              "minItems": 1, "maxItems": 100},
                   "min_polygons": count(0, 1000), "max_polygons": count(1, 1000),
                   "min_points": {"type": "integer", "minimum": 3, "maximum": 1000, "default": 3,
                                  "description": "The fewest points a polygon may have."}}),
            vec!["labels"],
        ),
        TemplateKind::Keypoints => (
            json!({"points": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                              "minItems": 1, "maxItems": 100, "uniqueItems": true,
                              "description": "The skeleton's point names, in order (COCO's keypoints)."},
                   "edges": {"type": "array", "items": {"type": "array", "items": {"type": "string"},
                                                         "minItems": 2, "maxItems": 2},
                             "description": "Pairs of point names joined in the skeleton (COCO's skeleton)."},
                   "category": {"type": "string", "minLength": 1, "maxLength": 64, "default": "object",
                                "description": "What the skeleton is of (COCO's category name)."}}),
            vec!["points"],
        ),
        _ => (json!({}), Vec::new()),
    }
}

fn kind_schema(kind: TemplateKind) -> Value {
    let (own, own_required) = own_settings(kind);
    let mut properties = Map::new();
    properties.insert(
        "kind".into(),
        json!({"type": "string", "enum": [kind.as_str()]}),
    );
    properties.insert(
        "question".into(),
        json!({"type": "string", "minLength": 1, "maxLength": 1000}),
    );
    properties.insert(
        "media".into(),
        json!({"$ref": format!("{REF}TemplateMedia")}),
    );
    if let Value::Object(own) = own {
        properties.extend(own);
    }
    let mut required = vec!["kind"];
    required.extend(own_required);
    let description = match kind {
        TemplateKind::BoundingBoxes => {
            "Boxes drawn on the item's image: media (of type image) is required, or the older image_field."
        }
        TemplateKind::Spans => {
            "Labelled character ranges over the item's text (text_field); media is optional. The answer is {\"spans\": [{\"start\", \"end\", \"label\"}]}, offsets in Unicode characters, end excluded, no overlap."
        }
        TemplateKind::Segments => {
            "Labelled time ranges on the item's sound or video: media (of type audio or video) is required. The answer is {\"segments\": [{\"start\", \"end\", \"label\"}]} in seconds, 0 <= start < end; no overlap unless allow_overlap."
        }
        TemplateKind::Pairwise => {
            "Which of two options is better; the answer is \"left\", \"right\" or (when allow_tie) \"tie\". media is optional."
        }
        TemplateKind::Polygons => {
            "Labelled polygons drawn on the item's image: media (of type image) is required. The answer is {\"polygons\": [{\"label\", \"points\": [[x, y], ...]}]} in image pixels; a polygon may not cross itself."
        }
        TemplateKind::Keypoints => {
            "A named skeleton placed on the item's image: media (of type image) is required. The answer is {\"points\": {\"NAME\": {\"x\", \"y\"} or {\"visible\": false}}} with every point, in image pixels."
        }
        _ => "media is optional: the item's image, sound or video shown with the task.",
    };
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_schema_names_exactly_the_keys_the_parser_takes() {
        for kind in TemplateKind::ALL {
            let schema = kind_schema(kind);
            let mut named: Vec<&str> = schema["properties"]
                .as_object()
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let mut accepted = kind.keys();
            named.sort_unstable();
            accepted.sort_unstable();
            assert_eq!(named, accepted, "{kind}");
            assert_eq!(
                schema["properties"]["media"]["$ref"],
                "#/components/schemas/TemplateMedia"
            );
        }
        assert_eq!(
            schema_name(TemplateKind::BoundingBoxes),
            "BoundingBoxesTemplate"
        );
    }
}
