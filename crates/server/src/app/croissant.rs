//! `croissant.json`: the export described as Croissant 1.0 JSON-LD
//! (<http://mlcommons.org/croissant/1.0>) with the Responsible-AI extension
//! (<http://mlcommons.org/croissant/RAI/1.0>), so ML tools load it and read how it was
//! made. Built from the handprint's predicate: the same figures, in RAI's text fields
//! (the RAI vocabulary holds only text) and whole in our own `hp:` namespace.
//! The `@context` is Croissant 1.0's standard one, key for key (mlcroissant warns on any
//! difference), plus `hp`.

use super::exports::DataFormat;
use serde_json::{Value, json};

/// Our namespace for what RAI has no property for: the labour behind the data.
pub const HANDPRINT_NAMESPACE: &str = "https://handprint.work/ns/croissant#";

/// One exported data file as Croissant describes it.
pub struct DataFile<'a> {
    pub name: &'a str,
    pub sha256: &'a str,
    pub bytes: u64,
}

/// What the data file holds, which decides its record set.
pub enum Content<'a> {
    /// One row per answer; CSV files have one `item.<field>` column per item field.
    Answers { item_fields: &'a [String] },
    /// One row per item, aggregated with this method.
    Labels { method: &'a str },
    /// One preference pair per answer of a pairwise project.
    Preferences,
}

/// The whole `croissant.json` of an export made at `predicate` (the handprint's).
/// `files` are the data file (answers or labels) and the items file; `item_fields` the
/// items' data fields (CSV columns; empty for JSONL, whose `item` is one object).
pub fn document(
    predicate: &Value,
    files: [&DataFile<'_>; 2],
    extra: &[(DataFile<'_>, &str)],
    (format, content): (DataFormat, &Content<'_>),
    item_fields: &[String],
) -> Value {
    let for_whom = &predicate["for_whom"];
    let what = &predicate["what"];
    let title = for_whom["project"]["title"]
        .as_str()
        .unwrap_or("Handprint export");
    let organization = for_whom["organization"]["name"].as_str().unwrap_or("");
    let instance_url = predicate["instance"]["url"].as_str();
    let distribution: Vec<Value> = [
        file_object(files[0], encoding(format)),
        file_object(files[1], encoding(format.items_format())),
    ]
    .into_iter()
    .chain(
        extra
            .iter()
            .map(|(file, encoding)| file_object(file, encoding)),
    )
    .collect();
    // A COCO file is one JSON document, YOLO's files lines of numbers: their items are
    // the records.
    let record_sets: Vec<Value> = (!matches!(format, DataFormat::Coco | DataFormat::Yolo))
        .then(|| record_set(files[0].name, format, content))
        .into_iter()
        .chain([items_record_set(
            files[1].name,
            format.items_format(),
            item_fields,
        )])
        .collect();
    let mut doc = json!({
        "@context": context(),
        "@type": "sc:Dataset",
        "conformsTo": ["http://mlcommons.org/croissant/1.0", "http://mlcommons.org/croissant/RAI/1.0"],
        "name": dataset_name(title),
        "description": format!(
            "{} by {organization}, collected on Handprint: {}",
            match content {
                Content::Answers { .. } => "Answers",
                Content::Labels { .. } => "Aggregated labels",
                Content::Preferences => "Human preference pairs (prompt, chosen, rejected)",
            },
            for_whom["purpose"].as_str().unwrap_or("")
        ),
        "creator": {"@type": "sc:Organization", "name": organization},
        "citeAs": format!("{organization}. {title}. Collected on Handprint, exported {}.",
            what["exported_at"].as_str().unwrap_or("")),
        "datePublished": what["exported_at"],
        "license": "https://spdx.org/licenses/CC-BY-4.0.html",
        "url": instance_url.map_or_else(
            || format!("urn:handprint:project:{}", for_whom["project"]["id"].as_str().unwrap_or("")),
            |u| format!("{}/projects/{}", u.trim_end_matches('/'), for_whom["project"]["id"].as_str().unwrap_or(""))),
        "version": "1.0.0",
        "distribution": distribution,
        "recordSet": record_sets,
        "hp:handprint": predicate,
    });
    if let (Some(map), Value::Object(rai)) = (doc.as_object_mut(), rai_fields(predicate, content)) {
        map.extend(rai);
    }
    doc
}

fn file_object(file: &DataFile<'_>, encoding: &str) -> Value {
    json!({
        "@type": "cr:FileObject",
        "@id": file.name,
        "name": file.name,
        "contentUrl": file.name,
        "contentSize": format!("{} B", file.bytes),
        "encodingFormat": encoding,
        "sha256": file.sha256,
    })
}

/// Croissant's `name` must be plain: letters, digits and a few separators.
fn dataset_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "handprint-export".into()
    } else {
        name
    }
}

fn encoding(format: DataFormat) -> &'static str {
    match format {
        DataFormat::Jsonl | DataFormat::Preferences => "application/jsonlines",
        DataFormat::Csv => "text/csv",
        DataFormat::Parquet | DataFormat::Hf => "application/x-parquet",
        DataFormat::Coco => "application/json",
        DataFormat::Yolo => "application/yaml",
    }
}

/// Croissant 1.0's standard context as mlcroissant 1.1.1 checks it (the 1.0 datasets'
/// keys, with `equivalentProperty` and `samplingRate`), and `hp`.
fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": {"@id": "cr:data", "@type": "@json"},
        "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/",
        "equivalentProperty": "cr:equivalentProperty",
        "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform",
        "hp": HANDPRINT_NAMESPACE,
    })
}

/// A column of the data file: its name, Croissant data type and meaning.
type Column = (String, &'static str, &'static str);

fn column(name: &str, data_type: &'static str, description: &'static str) -> Column {
    (name.to_string(), data_type, description)
}

/// The answers' columns (CSV) or plain top-level keys (JSONL).
fn answer_columns(format: DataFormat, item_fields: &[String]) -> Vec<Column> {
    let mut columns = vec![
        column("assignment_id", "sc:Text", "The answer's id."),
        column("task_id", "sc:Text", "The item's id."),
        column(
            "external_id",
            "sc:Text",
            "The item's id in the requester's data, when given.",
        ),
        column(
            "worker",
            "sc:Text",
            "The worker's pseudonym, stable within the project.",
        ),
        column(
            "answer",
            "sc:Text",
            "The answer (text, or JSON for structured answers).",
        ),
        column(
            "seconds",
            "sc:Float",
            "Working time measured by the server.",
        ),
        column(
            "leased_at",
            "sc:Date",
            "When the worker took the item (UTC).",
        ),
        column(
            "submitted_at",
            "sc:Date",
            "When the answer was submitted (UTC).",
        ),
    ];
    if format != DataFormat::Jsonl {
        columns.push(column(
            "review_state",
            "sc:Text",
            "Where the answer's review stands.",
        ));
        columns.push(column(
            "rejection_reason",
            "sc:Text",
            "The listed reason while the answer stands rejected.",
        ));
    }
    columns.extend(item_columns(format, item_fields));
    columns
}

/// The item's data: one text column per field in CSV, one JSON text column in Parquet
/// (JSONL keeps it as an object, left out: Croissant reads plain values only).
fn item_columns(format: DataFormat, item_fields: &[String]) -> Vec<Column> {
    match format {
        DataFormat::Csv => item_fields
            .iter()
            .map(|f| {
                column(
                    &format!("item.{f}"),
                    "sc:Text",
                    "A data field of the item, as imported.",
                )
            })
            .collect(),
        DataFormat::Parquet | DataFormat::Hf => vec![column(
            "item",
            "sc:Text",
            "The item's data as imported, as JSON.",
        )],
        DataFormat::Jsonl | DataFormat::Coco | DataFormat::Yolo | DataFormat::Preferences => {
            Vec::new()
        }
    }
}

fn label_columns() -> Vec<Column> {
    vec![
        column("task_id", "sc:Text", "The item's id."),
        column(
            "external_id",
            "sc:Text",
            "The item's id in the requester's data, when given.",
        ),
        column(
            "label",
            "sc:Text",
            "The aggregated label (text, or JSON for structured labels).",
        ),
        column(
            "confidence",
            "sc:Float",
            "Probability of the label, or share of workers supporting it.",
        ),
        column("answers", "sc:Integer", "How many answers the item has."),
    ]
}

fn preference_columns() -> Vec<Column> {
    vec![
        column(
            "prompt",
            "sc:Text",
            "What both options answer: the item's prompt field, else the question.",
        ),
        column("chosen", "sc:Text", "The option the worker preferred."),
        column("rejected", "sc:Text", "The other option."),
        column("assignment_id", "sc:Text", "The answer's id."),
    ]
}

/// The items: one record each, the data fields as CSV columns (JSONL keeps the data as
/// one object, left out of the record set as Croissant reads plain values only).
fn items_record_set(file: &str, format: DataFormat, item_fields: &[String]) -> Value {
    let mut columns = vec![
        column("task_id", "sc:Text", "The item's id."),
        column(
            "external_id",
            "sc:Text",
            "The item's id in the requester's data, when given.",
        ),
        column(
            "answers",
            "sc:Integer",
            "How many answers the item collected.",
        ),
    ];
    columns.extend(item_columns(format, item_fields));
    fields_record_set(
        file,
        (
            "items",
            "Every item of the project, one record each.",
            "task_id",
        ),
        &columns,
    )
}

/// The record set of the data file: one field per column (CSV) or top-level key (JSONL)
/// that holds a plain value.
fn record_set(file: &str, format: DataFormat, content: &Content<'_>) -> Value {
    let (id, description, key, columns) = match content {
        Content::Answers { item_fields } => (
            "answers",
            "Every answer, one record each.",
            "assignment_id",
            answer_columns(format, item_fields),
        ),
        Content::Labels { .. } => (
            "labels",
            "One aggregated label per answered item.",
            "task_id",
            label_columns(),
        ),
        Content::Preferences => (
            "preferences",
            "One preference pair per answer that prefers a side (ties left out).",
            "assignment_id",
            preference_columns(),
        ),
    };
    fields_record_set(file, (id, description, key), &columns)
}

/// A record set `id` drawn from `file`, one field per column, keyed by `key`.
fn fields_record_set(
    file: &str,
    (id, description, key): (&str, &str, &str),
    columns: &[Column],
) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|(column, data_type, description)| {
            let field_id = format!("{id}/{}", column.replace('.', "_"));
            json!({
                "@type": "cr:Field",
                "@id": field_id,
                "name": field_id,
                "description": description,
                "dataType": data_type,
                "source": {"fileObject": {"@id": file}, "extract": {"column": column}},
            })
        })
        .collect();
    json!({
        "@type": "cr:RecordSet",
        "@id": id,
        "name": id,
        "description": description,
        "key": {"@id": format!("{id}/{key}")},
        "field": fields,
    })
}

/// The RAI properties, as text (the vocabulary's type), from the handprint's figures.
fn rai_fields(p: &Value, content: &Content<'_>) -> Value {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        other => other.to_string(),
    };
    let by = &p["by_whom"];
    let how = &p["how"];
    let what = &p["what"];
    let currency = text(&p["instance"]["currency"]);
    let countries: Vec<String> = by["countries"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| format!("{}: {}", text(&c["country"]), text(&c["workers"])))
                .collect()
        })
        .unwrap_or_default();
    let sensitive: Vec<String> = p["for_whom"]["sensitive_content"]
        .as_array()
        .map(|cs| cs.iter().map(text).collect())
        .unwrap_or_default();
    let pay = &by["hourly_pay"];
    let labour = format!(
        "{} workers; {} measured hours ({} paid, {} unpaid: returned and expired leases, answers whose rejection is final); effective hourly pay p10 {} / median {} / p90 {} {currency}, {} workers at or above the instance's pay floor of {} {currency} per hour; {} answers rejected ({} overturned, {} final).",
        text(&by["workers"]),
        text(&by["measured_hours"]),
        text(&by["paid_hours"]),
        text(&by["unpaid_hours"]),
        text(&pay["p10"]),
        text(&pay["median"]),
        text(&pay["p90"]),
        text(&pay["at_or_above_floor"]),
        text(&p["instance"]["pay_floor_per_hour"]),
        text(&by["reviews"]["rejected"]),
        text(&by["reviews"]["overturned"]),
        text(&by["reviews"]["rejected_final"]),
    );
    let analysis = match content {
        Content::Answers { .. } => "Raw answers, not aggregated.".to_string(),
        Content::Labels { method } => format!(
            "Answers aggregated into one label per item with the method '{method}' (Handprint's aggregation; confidence per label)."
        ),
        Content::Preferences => "Each answer of a pairwise comparison as one preference pair: the option the worker preferred (chosen) and the other (rejected); ties are left out, answers are not aggregated.".to_string(),
    };
    json!({
        "rai:dataCollection": format!(
            "Human answers collected on a Handprint instance (a fair micro-task platform) for the project '{}' of {}. {labour}",
            text(&p["for_whom"]["project"]["title"]), text(&p["for_whom"]["organization"]["name"])),
        "rai:dataCollectionType": ["Manual Human Curator", "Others"],
        "rai:dataCollectionTimeframe": [text(&what["first_answer_at"]), text(&what["last_answer_at"])],
        "rai:dataAnnotationProtocol": format!(
            "Human Annotations (Crowdsourcing). Template: {}. Instructions' SHA-256: {}. {} answers per item (fixed overlap). Workers paid at least the instance's pay floor per hour of estimated work; answers reviewed by the requester, rejections open to dispute.",
            text(&what["template"]), text(&what["instructions_sha256"]), text(&how["overlap"]["answers_per_item"])),
        "rai:dataAnnotationPlatform": format!("Handprint{}", p["instance"]["url"].as_str().map(|u| format!(" ({u})")).unwrap_or_default()),
        "rai:dataAnnotationAnalysis": analysis,
        "rai:annotationsPerItem": text(&how["overlap"]["answers_per_item"]),
        "rai:annotatorDemographics": format!(
            "{} workers; countries (groups under {} workers merged into 'other'): {}. No other demographics are collected.",
            text(&by["workers"]), text(&by["k_anonymity"]),
            if countries.is_empty() { "none".to_string() } else { countries.join(", ") }),
        "rai:machineAnnotationTools": if how["machine_suggestions"].as_bool() == Some(true) {
            "Machine suggestions were shown to workers."
        } else {
            "None: no machine suggestions were shown to workers."
        },
        "rai:dataUseCases": std::iter::once(text(&p["for_whom"]["purpose"]))
            .chain(p["for_whom"]["end_uses"].as_array().into_iter().flatten().map(text))
            .collect::<Vec<_>>(),
        "rai:personalSensitiveInformation": if sensitive.is_empty() {
            "None declared by the requester.".to_string()
        } else {
            format!("Sensitive content declared by the requester: {}.", sensitive.join(", "))
        },
        "hp:labourSummary": labour,
    })
}
