//! `pairwise`: which of two options is better. Each item carries the two options
//! (texts, images or sounds) in two of its data fields, and optionally a prompt both
//! answer (a chat message, say); the answers rank the options (Bradley–Terry) and
//! make preference data (`prompt`/`chosen`/`rejected`).

use serde::Serialize;
use serde_json::{Value, json};

use super::AnswerError;
use super::fields::{Obj, Problems, type_arg};
use super::media::Common;

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &[
    "left_field",
    "right_field",
    "prompt_field",
    "show",
    "allow_tie",
];

/// What the two options are, as a page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairwiseShow {
    /// The fields hold texts.
    Text,
    /// The fields hold the addresses of images.
    Image,
    /// The fields hold the addresses of sounds.
    Audio,
}

impl PairwiseShow {
    const ALL: [PairwiseShow; 3] = [PairwiseShow::Text, PairwiseShow::Image, PairwiseShow::Audio];

    pub fn as_str(self) -> &'static str {
        match self {
            PairwiseShow::Text => "text",
            PairwiseShow::Image => "image",
            PairwiseShow::Audio => "audio",
        }
    }
}

/// The answer to a pairwise task: which side is better, or neither (a tie, when allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preference {
    Left,
    Right,
    Tie,
}

impl Preference {
    pub fn as_str(self) -> &'static str {
        match self {
            Preference::Left => "left",
            Preference::Right => "right",
            Preference::Tie => "tie",
        }
    }

    /// A stored (validated) answer read back; None for anything else.
    pub fn of_answer(answer: &Value) -> Option<Preference> {
        match answer.as_str()? {
            "left" => Some(Preference::Left),
            "right" => Some(Preference::Right),
            "tie" => Some(Preference::Tie),
            _ => None,
        }
    }
}

/// Compare the options in `left_field` and `right_field` of each item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairwise {
    #[serde(flatten)]
    common: Common,
    left_field: String,
    right_field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_field: Option<String>,
    show: PairwiseShow,
    allow_tie: bool,
}

impl Pairwise {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The task-data field holding the left option.
    pub fn left_field(&self) -> &str {
        &self.left_field
    }

    /// The task-data field holding the right option.
    pub fn right_field(&self) -> &str {
        &self.right_field
    }

    /// The task-data field holding the prompt both options answer, if any.
    pub fn prompt_field(&self) -> Option<&str> {
        self.prompt_field.as_deref()
    }

    pub fn show(&self) -> PairwiseShow {
        self.show
    }

    pub fn allow_tie(&self) -> bool {
        self.allow_tie
    }

    /// An item's option on `side` (Left or Right) as text: the field's string, or its
    /// JSON; None when the item lacks it.
    pub fn option(&self, data: &Value, side: Preference) -> Option<String> {
        let field = match side {
            Preference::Left => &self.left_field,
            Preference::Right => &self.right_field,
            Preference::Tie => return None,
        };
        field_text(data, field)
    }

    /// An item's prompt: its `prompt_field`, else the question ("" without either).
    pub fn prompt(&self, data: &Value) -> String {
        self.prompt_field
            .as_deref()
            .and_then(|field| field_text(data, field))
            .or_else(|| self.common.question.clone())
            .unwrap_or_default()
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let left_field = identifier_or(obj, "left_field", "left", problems);
        let right_field = identifier_or(obj, "right_field", "right", problems);
        let prompt_field = obj
            .get("prompt_field")
            .and_then(|_| obj.required_identifier("prompt_field", problems));
        let show = match obj.get("show") {
            None => Some(PairwiseShow::Text),
            Some(value) => {
                let show = PairwiseShow::ALL
                    .into_iter()
                    .find(|s| value.as_str() == Some(s.as_str()));
                if show.is_none() {
                    problems.push(
                        obj.path("show"),
                        "problem-template-pairwise-show",
                        vec![("value", value.to_string())],
                    );
                }
                show
            }
        };
        let allow_tie = obj.bool_or("allow_tie", false, problems);
        if let (Some(left), Some(right)) = (&left_field, &right_field)
            && left == right
        {
            problems.push(
                obj.path("right_field"),
                "problem-template-pairwise-same-field",
                vec![("field", right.clone()), ("other", "left_field".into())],
            );
        }
        if let Some(prompt) = &prompt_field {
            for (other, key) in [(&left_field, "left_field"), (&right_field, "right_field")] {
                if other.as_ref() == Some(prompt) {
                    problems.push(
                        obj.path("prompt_field"),
                        "problem-template-pairwise-same-field",
                        vec![("field", prompt.clone()), ("other", key.into())],
                    );
                }
            }
        }
        (problems.len() == before).then_some(Pairwise {
            common,
            left_field: left_field?,
            right_field: right_field?,
            prompt_field,
            show: show?,
            allow_tie: allow_tie?,
        })
    }

    fn sides(&self) -> &'static str {
        if self.allow_tie {
            "\"left\", \"right\", \"tie\""
        } else {
            "\"left\", \"right\""
        }
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let Value::String(side) = answer else {
            return Err(AnswerError::new(
                "",
                "answer-pairwise-not-side",
                vec![("choices", self.sides().into()), type_arg(answer)],
            ));
        };
        match Preference::of_answer(answer) {
            Some(Preference::Tie) if !self.allow_tie => {
                Err(AnswerError::new("", "answer-pairwise-no-tie", Vec::new()))
            }
            Some(preference) => Ok(Value::from(preference.as_str())),
            None => Err(AnswerError::new(
                "",
                "answer-pairwise-unknown-side",
                vec![("value", side.clone()), ("choices", self.sides().into())],
            )),
        }
    }

    pub(super) fn answer_schema(&self) -> Value {
        let mut sides = vec!["left", "right"];
        if self.allow_tie {
            sides.push("tie");
        }
        json!({"type": "string", "enum": sides})
    }
}

/// A field naming a task-data field, `default` when absent.
fn identifier_or(obj: &Obj, key: &str, default: &str, problems: &mut Problems) -> Option<String> {
    match obj.get(key) {
        None => Some(default.to_owned()),
        Some(_) => obj.required_identifier(key, problems),
    }
}

fn field_text(data: &Value, field: &str) -> Option<String> {
    match data.get(field)? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}
