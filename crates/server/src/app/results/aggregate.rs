//! Aggregation: every item's answers turned into one label with a confidence,
//! by the method asked for or the template's default. Pure: the answers come in,
//! the labels go out, so the API, the answers page and the CLI share it.

use super::{AnswerRecord, ExportFormat};
use crate::AppError;
use handprint_aggregate::boxes::{BBox, BoxFusion};
use handprint_aggregate::keypoints::KeypointMedian;
use handprint_aggregate::numeric::{Median, NumericDataset};
use handprint_aggregate::polygons::{Polygon, PolygonVote};
use handprint_aggregate::rover::Rover;
use handprint_aggregate::segments::{Segment, SegmentFusion};
use handprint_aggregate::spans::{Span, SpanVote};
use handprint_aggregate::{
    CategoricalAggregator, CategoricalResult, Dataset, DatasetBuilder, DawidSkene, Glad, Gold,
    GoldMajorityVote, Mace, MajorityVote, OnMissingSkill, OneCoinDawidSkene, Wawa, ZeroBasedSkill,
};
use handprint_core::Msg;
use handprint_core::spreadsheet::safe_record;
use handprint_core::template::{Template, TemplateKind};
use serde::Serialize;
use std::collections::HashMap;

/// One item's aggregated label.
#[derive(Serialize, Debug, Clone, utoipa::ToSchema)]
pub struct LabelRecord {
    pub task_id: String,
    pub external_id: Option<String>,
    /// The label: an option value, a number, a text, or a list of boxes, depending on the template.
    #[schema(value_type = Object)]
    pub label: serde_json::Value,
    /// Probability of the label (categorical methods) or share of workers supporting it.
    pub confidence: Option<f64>,
    /// How many answers the item has.
    pub answers: usize,
}

/// Labels as JSONL, or as CSV with a header line.
pub fn encode_labels(format: ExportFormat, labels: &[LabelRecord]) -> Vec<u8> {
    match format {
        ExportFormat::Jsonl => {
            let mut out = Vec::new();
            for l in labels {
                if serde_json::to_writer(&mut out, l).is_ok() {
                    out.push(b'\n');
                }
            }
            out
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(["task_id", "external_id", "label", "confidence", "answers"]);
            for l in labels {
                let label = match &l.label {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let _ = w.write_record(safe_record([
                    l.task_id.as_str(),
                    l.external_id.as_deref().unwrap_or(""),
                    &label,
                    &l.confidence.map(|c| c.to_string()).unwrap_or_default(),
                    &l.answers.to_string(),
                ]));
            }
            w.into_inner().unwrap_or_default()
        }
    }
}

/// Aggregate the answers with the chosen (or the template's default) method.
pub fn aggregate(
    template: &Template,
    method: Option<&str>,
    records: &[AnswerRecord],
    known: &[(String, String)],
) -> Result<(String, Vec<LabelRecord>), AppError> {
    let kind = template.kind();
    refuse_unaggregated(kind)?;
    let method = method.unwrap_or(default_method(kind)?).to_string();
    let grouped = || Grouped::of(records);
    match (kind, method.as_str()) {
        (TemplateKind::Text, "rover") => Ok((method, rover_labels(&grouped()))),
        (TemplateKind::Text, _) => Err(wrong_method(&method, kind, "rover")),
        (TemplateKind::BoundingBoxes, "boxes") => Ok((method, fused_boxes(&grouped()))),
        (TemplateKind::BoundingBoxes, _) => Err(wrong_method(&method, kind, "boxes")),
        (TemplateKind::Spans, "spans") => Ok((method, voted_spans(template, &grouped()))),
        (TemplateKind::Spans, _) => Err(wrong_method(&method, kind, "spans")),
        (TemplateKind::Segments, "segments") => Ok((method, fused_segments(&grouped()))),
        (TemplateKind::Segments, _) => Err(wrong_method(&method, kind, "segments")),
        (TemplateKind::Polygons, "polygons") => Ok((method, voted_polygons(&grouped()))),
        (TemplateKind::Polygons, _) => Err(wrong_method(&method, kind, "polygons")),
        (TemplateKind::Keypoints, "keypoints") => {
            Ok((method, fused_keypoints(template, &grouped())))
        }
        (TemplateKind::Keypoints, _) => Err(wrong_method(&method, kind, "keypoints")),
        (TemplateKind::Rating, "median") => Ok((method, medians(records, &grouped()))),
        (TemplateKind::Pairwise, "bt") => {
            let Template::Pairwise(pairwise) = template else {
                unreachable!("the kind is pairwise")
            };
            Ok((method, super::pairwise::fit(pairwise, records)?.labels))
        }
        (TemplateKind::Pairwise, _) => Err(wrong_method(&method, kind, "bt")),
        _ => {
            let mut feed = CategoricalFeed::default();
            for r in records {
                feed.push(template, r);
            }
            feed.finish(template, &method, known)
        }
    }
}

/// A project's answers aggregated as they are read, page by page. Categorical methods keep
/// only the interned answers (and each item's ids and answer count), so the memory is bounded
/// by the dataset, not by the answer rows with their item data; the other methods need every
/// answer of an item together and keep the rows.
pub struct LabelsFeed {
    template: Template,
    method: String,
    categorical: Option<CategoricalFeed>,
    records: Vec<AnswerRecord>,
}

impl LabelsFeed {
    /// A feed for `method` (or the template's default); a method that does not apply to the
    /// template is refused here, before any answer is read.
    pub fn new(template: Template, method: Option<&str>) -> Result<Self, AppError> {
        let kind = template.kind();
        refuse_unaggregated(kind)?;
        let method = method.unwrap_or(default_method(kind)?).to_string();
        let categorical = match (kind, method.as_str()) {
            (TemplateKind::Text, "rover")
            | (TemplateKind::BoundingBoxes, "boxes")
            | (TemplateKind::Spans, "spans")
            | (TemplateKind::Polygons, "polygons")
            | (TemplateKind::Keypoints, "keypoints")
            | (TemplateKind::Segments, "segments")
            | (TemplateKind::Rating, "median")
            | (TemplateKind::Pairwise, "bt") => None,
            (TemplateKind::Text, _) => return Err(wrong_method(&method, kind, "rover")),
            (TemplateKind::Pairwise, _) => return Err(wrong_method(&method, kind, "bt")),
            (TemplateKind::BoundingBoxes, _) => return Err(wrong_method(&method, kind, "boxes")),
            (TemplateKind::Spans, _) => return Err(wrong_method(&method, kind, "spans")),
            (TemplateKind::Segments, _) => {
                return Err(wrong_method(&method, kind, "segments"));
            }
            (TemplateKind::Polygons, _) => return Err(wrong_method(&method, kind, "polygons")),
            (TemplateKind::Keypoints, _) => return Err(wrong_method(&method, kind, "keypoints")),
            _ => Some(CategoricalFeed::default()),
        };
        Ok(Self {
            template,
            method,
            categorical,
            records: Vec::new(),
        })
    }

    /// Adds a page of answers.
    pub fn push(&mut self, page: Vec<AnswerRecord>) {
        match &mut self.categorical {
            Some(feed) => {
                for r in &page {
                    feed.push(&self.template, r);
                }
            }
            None => self.records.extend(page),
        }
    }

    /// The ranking of a pairwise project's options (Bradley–Terry over every answer
    /// pushed); None for other kinds and methods.
    pub fn ranking(&self) -> Result<Option<Vec<super::RankedOption>>, AppError> {
        match (&self.template, self.method.as_str()) {
            (Template::Pairwise(pairwise), "bt") => {
                Ok(Some(super::pairwise::fit(pairwise, &self.records)?.ranking))
            }
            _ => Ok(None),
        }
    }

    /// The method used and one label per answered item (`known`: the control items' answers).
    pub fn finish(
        self,
        known: &[(String, String)],
    ) -> Result<(String, Vec<LabelRecord>), AppError> {
        match self.categorical {
            Some(feed) => feed.finish(&self.template, &self.method, known),
            None => aggregate(&self.template, Some(&self.method), &self.records, known),
        }
    }
}

/// Kinds whose answers no method aggregates (a study's completion code, a custom
/// page's requester-defined object), whatever method is asked for.
fn refuse_unaggregated(kind: TemplateKind) -> Result<(), AppError> {
    match kind {
        TemplateKind::ExternalStudy | TemplateKind::CustomHtml => Err(AppError::field(
            "/method",
            Msg::coded(
                "err-labels-not-aggregated",
                vec![("kind", kind.as_str().to_string())],
            ),
        )),
        _ => Ok(()),
    }
}

/// The method used when none is asked for; form answers have none.
fn default_method(kind: TemplateKind) -> Result<&'static str, AppError> {
    Ok(match kind {
        TemplateKind::Text => "rover",
        TemplateKind::Segments => "segments",
        TemplateKind::BoundingBoxes => "boxes",
        TemplateKind::Spans => "spans",
        TemplateKind::Polygons => "polygons",
        TemplateKind::Keypoints => "keypoints",
        TemplateKind::Pairwise => "bt",
        TemplateKind::Form => {
            return Err(AppError::field(
                "/method",
                Msg::coded("err-labels-form", Vec::new()),
            ));
        }
        _ => "mv",
    })
}

/// A method asked for answers it does not apply to, naming the one that does.
fn wrong_method(method: &str, kind: TemplateKind, offered: &str) -> AppError {
    AppError::field(
        "/method",
        Msg::coded(
            "err-labels-wrong-method",
            vec![
                ("method", method.to_string()),
                ("kind", kind.as_str().to_string()),
                ("offered", offered.to_string()),
            ],
        ),
    )
}

/// The answers grouped by task, tasks in the order their first answer came.
struct Grouped<'a> {
    /// Each task's id and external id.
    tasks: Vec<(String, Option<String>)>,
    /// Each task's answers, in the same order as `tasks`.
    by_task: Vec<Vec<&'a AnswerRecord>>,
}

impl<'a> Grouped<'a> {
    fn of(records: &'a [AnswerRecord]) -> Self {
        let mut tasks: Vec<(String, Option<String>)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut by_task: Vec<Vec<&AnswerRecord>> = Vec::new();
        for r in records {
            let i = *index.entry(r.task_id.as_str()).or_insert_with(|| {
                tasks.push((r.task_id.clone(), r.external_id.clone()));
                by_task.push(Vec::new());
                tasks.len() - 1
            });
            by_task[i].push(r);
        }
        Grouped { tasks, by_task }
    }

    /// The label record of the `i`th task.
    fn record(&self, i: usize, label: serde_json::Value, confidence: Option<f64>) -> LabelRecord {
        LabelRecord {
            task_id: self.tasks[i].0.clone(),
            external_id: self.tasks[i].1.clone(),
            label,
            confidence,
            answers: self.by_task[i].len(),
        }
    }
}

/// Text answers combined word by word (ROVER); the confidence is the share of answers
/// that say exactly the combined text.
fn rover_labels(grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let rover = Rover;
    (0..grouped.tasks.len())
        .map(|i| {
            let texts: Vec<&str> = grouped.by_task[i]
                .iter()
                .filter_map(|r| r.answer.as_str())
                .collect();
            let text = rover.combine(&texts);
            let support = texts
                .iter()
                .filter(|t| t.split_whitespace().eq(text.split_whitespace()))
                .count();
            grouped.record(
                i,
                serde_json::Value::String(text),
                Some(support as f64 / texts.len().max(1) as f64),
            )
        })
        .collect()
}

/// Boxes fused across workers; the confidence is the support of the least supported box.
fn fused_boxes(grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let fusion = BoxFusion::default();
    (0..grouped.tasks.len())
        .map(|i| {
            let answers: Vec<Vec<BBox>> = grouped.by_task[i]
                .iter()
                .map(|r| boxes_of(&r.answer))
                .collect();
            let fused = fusion.fuse_task(&answers);
            let support = fused
                .iter()
                .map(|f| f.support)
                .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.min(s))));
            let label = serde_json::json!({"boxes": fused.iter().map(|f| serde_json::json!({
                "x": f.bbox.x, "y": f.bbox.y, "w": f.bbox.w, "h": f.bbox.h, "label": f.bbox.label,
                "support": f.support, "agreement": f.agreement
            })).collect::<Vec<_>>()});
            grouped.record(i, label, support)
        })
        .collect()
}

/// Spans combined by a token-level vote over the item's text; each span carries the text it
/// covers and its confidence, and the label's confidence is the agreement over every token.
fn voted_spans(template: &Template, grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let Template::Spans(spans) = template else {
        return Vec::new();
    };
    (0..grouped.tasks.len())
        .map(|i| {
            let text = grouped.by_task[i]
                .first()
                .and_then(|r| spans.text_of(&r.item));
            let answers: Vec<Vec<Span>> = grouped.by_task[i]
                .iter()
                .map(|r| spans_of(&r.answer))
                .collect();
            let result = SpanVote.vote(text, &answers);
            let chars: Option<Vec<char>> = text.map(|t| t.chars().collect());
            let label = serde_json::json!({"spans": result.spans.iter().map(|v| {
                let mut out = serde_json::json!({
                    "start": v.span.start, "end": v.span.end, "label": v.span.label,
                    "confidence": v.confidence,
                });
                if let Some(covered) = chars.as_ref().and_then(|c| c.get(v.span.start..v.span.end)) {
                    out["text"] = covered.iter().collect::<String>().into();
                }
                out
            }).collect::<Vec<_>>()});
            grouped.record(i, label, Some(result.agreement))
        })
        .collect()
}

/// Polygons by mask-IoU vote: the polygon set of the worker whose masks agree best with the
/// others'; the confidence is that mean IoU (none with a single answer).
fn voted_polygons(grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let vote = PolygonVote::default();
    (0..grouped.tasks.len())
        .map(|i| {
            let answers: Vec<Vec<Polygon>> = grouped.by_task[i]
                .iter()
                .map(|r| polygons_of(&r.answer))
                .collect();
            match vote.choose(&answers) {
                Some(choice) => {
                    let chosen = &grouped.by_task[i][choice.worker].answer;
                    let label = serde_json::json!({
                        "polygons": chosen["polygons"].clone(),
                        "worker": grouped.by_task[i][choice.worker].worker,
                    });
                    grouped.record(i, label, choice.agreement)
                }
                None => grouped.record(i, serde_json::Value::Null, None),
            }
        })
        .collect()
}

fn polygons_of(answer: &serde_json::Value) -> Vec<Polygon> {
    answer["polygons"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    Some(Polygon {
                        label: p["label"].as_str()?.to_string(),
                        points: p["points"]
                            .as_array()?
                            .iter()
                            .map(|xy| Some([xy[0].as_f64()?, xy[1].as_f64()?]))
                            .collect::<Option<Vec<_>>>()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Keypoints fused point by point (median place, visibility by majority); each point carries its
/// spread in pixels and the share agreeing on its visibility, and the label's confidence is that
/// share averaged over the skeleton's points.
fn fused_keypoints(template: &Template, grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let Template::Keypoints(skeleton) = template else {
        return Vec::new();
    };
    let names = skeleton.points();
    (0..grouped.tasks.len())
        .map(|i| {
            let answers: Vec<Vec<Option<[f64; 2]>>> = grouped.by_task[i]
                .iter()
                .map(|r| {
                    names
                        .iter()
                        .map(|name| {
                            let point = &r.answer["points"][name];
                            (point["visible"] != false)
                                .then(|| Some([point["x"].as_f64()?, point["y"].as_f64()?]))
                                .flatten()
                        })
                        .collect()
                })
                .collect();
            let fused = KeypointMedian.fuse(names.len(), &answers);
            let points: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .zip(&fused)
                .map(|(name, point)| {
                    let value = match point.place {
                        Some([x, y]) => serde_json::json!({
                            "x": x, "y": y, "visible": true,
                            "spread": point.spread, "agreement": point.agreement,
                        }),
                        None => serde_json::json!({"visible": false, "agreement": point.agreement}),
                    };
                    (name.clone(), value)
                })
                .collect();
            let confidence = (!fused.is_empty())
                .then(|| fused.iter().map(|p| p.agreement).sum::<f64>() / fused.len() as f64);
            grouped.record(i, serde_json::json!({"points": points}), confidence)
        })
        .collect()
}

/// Segments fused over 10 ms frames; each fused segment carries its confidence, and the
/// label's confidence is the agreement over the timeline up to the last end marked.
fn fused_segments(grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    (0..grouped.tasks.len())
        .map(|i| {
            let answers: Vec<Vec<Segment>> = grouped.by_task[i]
                .iter()
                .map(|r| segments_of(&r.answer))
                .collect();
            let result = SegmentFusion::default().fuse(&answers);
            let label = serde_json::json!({"segments": result.segments.iter().map(|f| {
                serde_json::json!({
                    "start": f.segment.start, "end": f.segment.end, "label": f.segment.label,
                    "confidence": f.confidence,
                })
            }).collect::<Vec<_>>()});
            grouped.record(i, label, Some(result.agreement))
        })
        .collect()
}

/// A stored (validated) segments answer read back.
fn segments_of(answer: &serde_json::Value) -> Vec<Segment> {
    answer["segments"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some(Segment {
                        start: s["start"].as_f64()?,
                        end: s["end"].as_f64()?,
                        label: s["label"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn spans_of(answer: &serde_json::Value) -> Vec<Span> {
    answer["spans"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some(Span {
                        start: usize::try_from(s["start"].as_u64()?).ok()?,
                        end: usize::try_from(s["end"].as_u64()?).ok()?,
                        label: s["label"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The median of each task's numeric answers.
fn medians(records: &[AnswerRecord], grouped: &Grouped<'_>) -> Vec<LabelRecord> {
    let mut b = NumericDataset::builder();
    for r in records {
        if let Some(v) = r.answer.as_f64() {
            b.push(&r.task_id, v);
        }
    }
    let data = b.build();
    let result = Median.fit(&data);
    let pos: HashMap<&str, usize> = data
        .task_names()
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    (0..grouped.tasks.len())
        .map(|i| {
            let v = pos
                .get(grouped.tasks[i].0.as_str())
                .map(|&j| result.values[j]);
            grouped.record(
                i,
                v.map(serde_json::Value::from)
                    .unwrap_or(serde_json::Value::Null),
                None,
            )
        })
        .collect()
}

/// Categorical answers interned as they come, with each item's ids and answer count in the
/// order of its first answer.
#[derive(Default)]
struct CategoricalFeed {
    builder: DatasetBuilder,
    /// Each item's id and external id.
    tasks: Vec<(String, Option<String>)>,
    index: HashMap<String, usize>,
    /// Each item's answers, whether or not they have a categorical label.
    answers: Vec<usize>,
}

impl CategoricalFeed {
    fn push(&mut self, template: &Template, r: &AnswerRecord) {
        let i = match self.index.get(r.task_id.as_str()) {
            Some(&i) => i,
            None => {
                self.tasks.push((r.task_id.clone(), r.external_id.clone()));
                self.answers.push(0);
                self.index.insert(r.task_id.clone(), self.tasks.len() - 1);
                self.tasks.len() - 1
            }
        };
        self.answers[i] += 1;
        if let Some(label) = template.categorical_label(&r.answer) {
            self.builder.push(&r.worker, &r.task_id, &label);
        }
    }

    fn finish(
        self,
        template: &Template,
        method: &str,
        known: &[(String, String)],
    ) -> Result<(String, Vec<LabelRecord>), AppError> {
        let CategoricalFeed {
            builder,
            tasks,
            index,
            answers,
        } = self;
        drop(index);
        let data = builder.build();
        if data.n_answers() == 0 {
            return Ok((method.to_string(), Vec::new()));
        }
        let gold_pairs: Vec<(String, String)> = known
            .iter()
            .filter_map(|(task, text)| {
                let value: serde_json::Value = serde_json::from_str(text).ok()?;
                let label = template.categorical_label(&value)?;
                data.label_id(&label).map(|_| (task.clone(), label))
            })
            .collect();
        let gold = data
            .gold(gold_pairs.iter().map(|(t, l)| (t.as_str(), l.as_str())))
            .map_err(|e| {
                AppError::Conflict(Msg::coded("err-labels-gold", vec![("why", e.to_string())]))
            })?;
        let result = fit_categorical(template, method, &data, &gold)?;
        let pos = data.task_index();
        let names = data.label_names();
        let out = tasks
            .into_iter()
            .zip(answers)
            .map(|((task_id, external_id), answers)| {
                let (label, confidence) = match pos.get(task_id.as_str()) {
                    Some(&t) => (
                        label_value(template, &names[result.labels[t as usize] as usize]),
                        Some(result.confidence(t as usize)),
                    ),
                    None => (serde_json::Value::Null, None),
                };
                LabelRecord {
                    task_id,
                    external_id,
                    label,
                    confidence,
                    answers,
                }
            })
            .collect();
        Ok((method.to_string(), out))
    }
}

/// `method` fitted on the categorical answers, with the control items' `gold` labels
/// where the method uses them.
fn fit_categorical(
    template: &Template,
    method: &str,
    data: &Dataset,
    gold: &Gold,
) -> Result<CategoricalResult, AppError> {
    let run = |r: Result<CategoricalResult, handprint_aggregate::AggregateError>| {
        r.map_err(|e| {
            AppError::Conflict(Msg::coded(
                "err-labels-failed",
                vec![("method", method.to_string()), ("why", e.to_string())],
            ))
        })
    };
    Ok(match method {
        "mv" => run(MajorityVote::default().fit(data))?,
        "wawa" => run(Wawa.fit(data))?,
        "zbs" => run(ZeroBasedSkill::default().fit(data))?,
        "ds" if !gold.is_empty() => run(DawidSkene::default().fit_with_gold(data, gold))?,
        "ds" => run(DawidSkene::default().fit(data))?,
        "onecoin-ds" => run(OneCoinDawidSkene::default().fit(data))?,
        "glad" => run(Glad::default().fit(data))?,
        "mace" => run(Mace::default().fit(data))?,
        "gold-mv" if gold.is_empty() => {
            return Err(AppError::field(
                "/method",
                Msg::coded("err-labels-gold-mv", Vec::new()),
            ));
        }
        "gold-mv" => run(GoldMajorityVote {
            on_missing_skill: OnMissingSkill::Value(0.5),
        }
        .fit(data, gold))?,
        other => {
            let offered = if template.kind() == TemplateKind::Rating {
                "mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad or mace, or median"
            } else {
                "mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad or mace"
            };
            return Err(AppError::field(
                "/method",
                Msg::coded(
                    "err-labels-unknown-method",
                    vec![
                        ("method", other.to_string()),
                        ("kind", template.kind().as_str().to_string()),
                        ("offered", offered.to_string()),
                    ],
                ),
            ));
        }
    })
}

/// A categorical label back in the answer's own shape.
fn label_value(template: &Template, label: &str) -> serde_json::Value {
    match template.kind() {
        TemplateKind::Rating => label
            .parse::<i64>()
            .map(serde_json::Value::from)
            .unwrap_or_else(|_| label.into()),
        TemplateKind::MultiChoice => serde_json::Value::Array(
            label
                .split('|')
                .filter(|s| !s.is_empty())
                .map(|s| serde_json::Value::String(s.into()))
                .collect(),
        ),
        _ => serde_json::Value::String(label.to_string()),
    }
}

fn boxes_of(answer: &serde_json::Value) -> Vec<BBox> {
    answer["boxes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|b| {
                    Some(BBox {
                        x: b["x"].as_f64()?,
                        y: b["y"].as_f64()?,
                        w: b["w"].as_f64()?,
                        h: b["h"].as_f64()?,
                        label: b["label"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
