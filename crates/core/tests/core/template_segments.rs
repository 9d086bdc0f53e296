//! segments.

use handprint_core::quality::answer_matches;
use handprint_core::template::Template;
use serde_json::json;

use crate::{accepted, assert_problem, problems, refused, template};

fn speakers(allow_overlap: bool) -> Template {
    template(
        json!({"kind": "segments", "question": "Mark who speaks when.",
        "media": {"type": "audio", "field": "audio"}, "labels": ["alice", "bob"],
        "max_segments": 3, "allow_overlap": allow_overlap}),
    )
}

#[test]
fn a_segments_template_needs_a_sound_or_a_video_and_fills_in_defaults() {
    let Template::Segments(segments) = template(
        json!({"kind": "segments", "media": {"type": "video", "field": "clip"}, "labels": ["goal"]}),
    ) else {
        panic!("not segments")
    };
    assert_eq!(
        (
            segments.media_field(),
            segments.min_segments(),
            segments.max_segments(),
            segments.allow_overlap()
        ),
        ("clip", 0, 50, false)
    );
    assert_eq!(
        serde_json::to_value(Template::Segments(segments)).unwrap(),
        json!({"kind": "segments", "media": {"type": "video", "field": "clip"}, "labels": ["goal"],
               "min_segments": 0, "max_segments": 50, "allow_overlap": false})
    );
}

#[test]
fn a_segments_template_names_each_wrong_setting() {
    let found = problems(json!({"kind": "segments", "labels": ["a", "a"],
        "min_segments": 4, "max_segments": 2, "allow_overlap": "yes"}));
    assert_problem(&found, "/media", "\"media\" is required");
    assert_problem(&found, "/labels/1", "\"a\"");
    assert_problem(&found, "/min_segments", "");
    assert_problem(&found, "/allow_overlap", "");
    let image = problems(
        json!({"kind": "segments", "media": {"type": "image", "field": "img"},
        "labels": ["a"]}),
    );
    assert_eq!(
        image,
        vec![(
            "/media/type".to_owned(),
            "segments are marked on a timeline: the media \"type\" must be \"audio\" or \"video\" (got image)".to_owned()
        )]
    );
    assert_problem(
        &problems(json!({"kind": "segments", "media": {"type": "audio", "field": "a"}})),
        "/labels",
        "",
    );
}

#[test]
fn segments_are_stored_sorted_with_their_times_as_sent() {
    let stored = accepted(
        &speakers(false),
        json!({"segments": [{"start": 2.5, "end": 4.125, "label": "bob"},
                            {"label": "alice", "start": 0, "end": 2.5}]}),
    );
    // 0 stays a whole number (JSON numbers 0 and 0.0 are not equal values).
    assert_eq!(
        stored,
        json!({"segments": [{"start": 0, "end": 2.5, "label": "alice"},
                            {"start": 2.5, "end": 4.125, "label": "bob"}]})
    );
    assert_ne!(stored["segments"][0]["start"], json!(0.0));
    assert_eq!(
        accepted(&speakers(false), json!({"segments": []})),
        json!({"segments": []})
    );
}

#[test]
fn a_wrong_segment_is_refused_with_its_path() {
    let t = speakers(false);
    let at = |answer| {
        let e = refused(&t, answer);
        (e.path, e.message)
    };
    assert_eq!(
        at(
            json!({"segments": [{"start": 0, "end": 1, "label": "alice"},
                               {"start": 3, "end": 2, "label": "bob"}]})
        ),
        (
            "/segments/1/end".to_owned(),
            "the segment must end after it starts (start 3, end 2)".to_owned()
        )
    );
    assert_eq!(
        at(json!({"segments": [{"start": -0.5, "end": 1, "label": "alice"}]})),
        (
            "/segments/0/start".to_owned(),
            "the segment's \"start\" must be a number of seconds, 0 or more (got -0.5)".to_owned()
        )
    );
    assert_eq!(
        at(json!({"segments": [{"start": "0", "end": 1, "label": "alice"}]})).0,
        "/segments/0/start"
    );
    assert_eq!(
        at(json!({"segments": [{"start": 0, "end": 1, "label": "carol"}]})),
        (
            "/segments/0/label".to_owned(),
            "\"carol\" is not one of the labels; use \"alice\", \"bob\"".to_owned()
        )
    );
    assert_eq!(
        at(json!({"segments": [{"start": 0, "end": 1, "label": "alice", "speaker": 2}]})).0,
        "/segments/0/speaker"
    );
    assert_eq!(
        at(
            json!({"segments": [{"start": 0, "end": 1, "label": "alice"},
                               {"start": 1, "end": 2, "label": "bob"},
                               {"start": 2, "end": 3, "label": "bob"},
                               {"start": 3, "end": 4, "label": "bob"}]})
        ),
        (
            "/segments".to_owned(),
            "mark at most 3 segments (got 4)".to_owned()
        )
    );
    assert_eq!(
        at(json!({"segments": {}})),
        (
            "/segments".to_owned(),
            "\"segments\" must be an array, not an object".to_owned()
        )
    );
}

#[test]
fn overlapping_segments_are_refused_unless_the_template_allows_them() {
    let overlapping = json!({"segments": [{"start": 0, "end": 10, "label": "alice"},
                                          {"start": 1, "end": 2, "label": "bob"},
                                          {"start": 5, "end": 6, "label": "bob"}]});
    let e = refused(&speakers(false), overlapping.clone());
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        (
            "/segments/1/start",
            "this segment overlaps segment 1: segments may not overlap in this project"
        )
    );
    // The third overlaps the first too, even though the second ends before it starts.
    let e = refused(
        &speakers(false),
        json!({"segments": [{"start": 0, "end": 10, "label": "alice"},
                            {"start": 5, "end": 6, "label": "bob"}]}),
    );
    assert_eq!(e.path, "/segments/1/start");
    assert_eq!(
        accepted(&speakers(true), overlapping)["segments"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn a_control_segment_matches_within_a_quarter_second() {
    let t = speakers(false);
    let known = json!({"segments": [{"start": 1.0, "end": 3.0, "label": "alice"}]});
    let close = json!({"segments": [{"start": 1.25, "end": 2.8, "label": "alice"}]});
    let far = json!({"segments": [{"start": 1.3, "end": 3.0, "label": "alice"}]});
    let other = json!({"segments": [{"start": 1.0, "end": 3.0, "label": "bob"}]});
    assert!(answer_matches(&t, &known, &close));
    assert!(!answer_matches(&t, &known, &far));
    assert!(!answer_matches(&t, &known, &other));
    assert!(!answer_matches(&t, &known, &json!({"segments": []})));
}
