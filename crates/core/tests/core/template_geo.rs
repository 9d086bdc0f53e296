//! polygons and keypoints: shapes and skeletons on the item's image.

use handprint_core::template::{Template, polygon_area};
use serde_json::{Value, json};

use crate::{accepted, assert_problem, problems, refused_with, template};

fn outlines() -> Template {
    template(
        json!({"kind": "polygons", "media": {"type": "image", "field": "photo"},
        "labels": ["car", "road"], "max_polygons": 2, "min_points": 4}),
    )
}

fn cat_face() -> Template {
    template(
        json!({"kind": "keypoints", "media": {"type": "image", "field": "photo"},
        "category": "cat", "points": ["nose", "left_ear", "right_ear"],
        "edges": [["nose", "left_ear"], ["nose", "right_ear"]]}),
    )
}

fn sized() -> Value {
    json!({"photo": "cat.jpg", "image_width": 100, "image_height": 50})
}

#[test]
fn a_polygon_definition_fills_in_its_defaults_and_reads_back_the_same() {
    let t = template(
        json!({"kind": "polygons", "media": {"type": "image", "field": "photo"},
        "labels": ["car"]}),
    );
    let Template::Polygons(p) = &t else { panic!() };
    assert_eq!(
        (
            p.min_polygons(),
            p.max_polygons(),
            p.min_points(),
            p.image_field()
        ),
        (0, 50, 3, "photo")
    );
    let stored = serde_json::to_value(&t).unwrap();
    assert_eq!(
        stored,
        json!({"kind": "polygons", "media": {"type": "image", "field": "photo"},
            "labels": ["car"], "min_polygons": 0, "max_polygons": 50, "min_points": 3})
    );
    assert_eq!(Template::parse(&stored).unwrap(), t);
    assert_eq!(
        t.describe()["answer_schema"]["properties"]["polygons"]["items"]["properties"]["points"]["minItems"],
        json!(3)
    );
}

#[test]
fn a_polygon_definition_needs_an_image_labels_and_three_points_at_least() {
    let found = problems(
        json!({"kind": "polygons", "min_points": 2, "min_polygons": 3,
        "max_polygons": 2}),
    );
    assert_problem(
        &found,
        "/media",
        "\"media\" is required: the image polygons are drawn on",
    );
    assert_problem(&found, "/labels", "\"labels\" is required");
    assert_problem(
        &found,
        "/min_points",
        "\"min_points\" must be between 3 and 1000 (got 2)",
    );
    assert_problem(
        &found,
        "/min_polygons",
        "\"min_polygons\" (3) must not be greater than \"max_polygons\" (2)",
    );
    let found = problems(
        json!({"kind": "polygons", "media": {"type": "video", "field": "v"},
        "labels": ["car"]}),
    );
    assert_eq!(
        found,
        vec![(
            "/media/type".to_owned(),
            "polygons are drawn on an image: the media \"type\" must be \"image\" (got \"video\")"
                .to_owned()
        )]
    );
}

#[test]
fn a_polygon_answer_is_stored_as_sent_in_a_fixed_key_order() {
    let t = outlines();
    let square = json!({"points": [[0, 0], [10, 0], [10, 10.5], [0, 10]], "label": "car"});
    let stored = t
        .validate_answer(&sized(), &json!({"polygons": [square]}))
        .expect("accepted");
    assert_eq!(
        serde_json::to_string(&stored).unwrap(),
        r#"{"polygons":[{"label":"car","points":[[0,0],[10,0],[10,10.5],[0,10]]}]}"#
    );
    assert_eq!(
        accepted(&t, json!({"polygons": []})),
        json!({"polygons": []})
    );
}

#[test]
fn wrong_polygons_are_refused_at_the_point_that_is_wrong() {
    let t = outlines();
    let refusal = |answer: Value| {
        let e = refused_with(&t, &sized(), answer);
        (e.path, e.message)
    };
    let square =
        |label: &str| json!({"label": label, "points": [[0, 0], [10, 0], [10, 10], [0, 10]]});
    assert_eq!(
        refusal(json!({"polygons": [square("car"), square("road"), square("car")]})),
        (
            "/polygons".to_owned(),
            "draw at most 2 polygons (got 3)".to_owned()
        )
    );
    assert_eq!(
        refusal(json!({"polygons": [square("car"), square("tree")]})),
        (
            "/polygons/1/label".to_owned(),
            "\"tree\" is not one of the labels; use \"car\", \"road\"".to_owned()
        )
    );
    assert_eq!(
        refusal(json!({"polygons": [{"label": "car", "points": [[0, 0], [10, 0], [5, 5]]}]})),
        (
            "/polygons/0/points".to_owned(),
            "a polygon needs at least 4 points (got 3)".to_owned()
        )
    );
    assert_eq!(
        refusal(
            json!({"polygons": [square("car"), {"label": "car", "points": [[0, 0], [10, 0], [101, 10], [0, 10]]}]})
        ),
        (
            "/polygons/1/points/2/0".to_owned(),
            "x = 101 is outside the image (from 0 to 100 pixels)".to_owned()
        )
    );
    assert_eq!(
        refusal(
            json!({"polygons": [{"label": "car", "points": [[0, 0], [10, -1], [10, 10], [0, 10]]}]})
        ),
        (
            "/polygons/0/points/1/1".to_owned(),
            "y = -1 is outside the image (from 0 to 50 pixels)".to_owned()
        )
    );
    assert_eq!(
        refusal(json!({"polygons": [{"label": "car", "points": [[0, 0], [10, 0], 7, [0, 10]]}]})),
        (
            "/polygons/0/points/2".to_owned(),
            "a point is a pair [x, y] of numbers (got 7)".to_owned()
        )
    );
    // A bow tie: the edge 2→3 crosses the edge 0→1.
    assert_eq!(
        refusal(json!({"polygons": [{"label": "car", "points": [[0, 0], [10, 10], [10, 0], [0, 10]]}]})),
        (
            "/polygons/0/points/2".to_owned(),
            "the polygon crosses itself: its edge from point 2 to 3 meets the edge from point 0 to 1; draw its outline in order around the shape".to_owned()
        )
    );
    let flat = refused_with(
        &template(
            json!({"kind": "polygons", "media": {"type": "image", "field": "photo"},
            "labels": ["car"]}),
        ),
        &sized(),
        json!({"polygons": [{"label": "car", "points": [[0, 0], [5, 5], [10, 10]]}]}),
    );
    assert_eq!(
        (flat.path.as_str(), flat.message.as_str()),
        (
            "/polygons/0/points",
            "the polygon has no area: its points lie on one line"
        )
    );
    // Without the image's size, any point at 0 or more is inside.
    let far =
        json!({"polygons": [{"label": "car", "points": [[0, 0], [900, 0], [900, 900], [0, 900]]}]});
    assert_eq!(accepted(&t, far.clone()), far);
}

#[test]
fn the_area_of_a_polygon_is_the_shoelace_formula() {
    assert_eq!(
        polygon_area(&[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]),
        100.0
    );
    assert_eq!(polygon_area(&[[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]]), 6.0);
}

#[test]
fn a_keypoint_definition_names_its_points_and_edges() {
    let t = cat_face();
    let Template::Keypoints(k) = &t else { panic!() };
    assert_eq!(k.points(), ["nose", "left_ear", "right_ear"]);
    assert_eq!(
        k.edges(),
        [
            ["nose".to_owned(), "left_ear".to_owned()],
            ["nose".to_owned(), "right_ear".to_owned()]
        ]
    );
    assert_eq!(k.category(), "cat");
    let minimal = template(
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
        "points": ["nose"]}),
    );
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
            "category": "object", "points": ["nose"], "edges": []})
    );
    assert_eq!(
        t.describe()["answer_schema"]["properties"]["points"]["required"],
        json!(["nose", "left_ear", "right_ear"])
    );
}

#[test]
fn a_keypoint_definition_with_unknown_or_repeated_points_is_refused_with_each_problem() {
    let found = problems(
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
        "points": ["a", "b", "a"],
        "edges": [["a"], ["a", "z"], ["b", "b"], ["a", "b"], ["b", "a"]]}),
    );
    assert_problem(&found, "/points/2", "the point \"a\" is listed twice");
    let found = problems(
        json!({"kind": "keypoints", "media": {"type": "image", "field": "img"},
        "points": ["a", "b"],
        "edges": [["a"], ["a", "z"], ["b", "b"], ["a", "b"], ["b", "a"]]}),
    );
    assert_problem(&found, "/edges/0", "an edge is a pair of two point names");
    assert_problem(
        &found,
        "/edges/1/1",
        "the string \"z\" is not one of the points; use \"a\", \"b\"",
    );
    assert_problem(&found, "/edges/2", "an edge joins two different points");
    assert_problem(
        &found,
        "/edges/4",
        "the edge between \"b\" and \"a\" is listed twice",
    );
    assert_eq!(found.len(), 4, "{found:?}");
    let found = problems(json!({"kind": "keypoints", "media": {"type": "image", "field": "img"}}));
    assert_problem(&found, "/points", "\"points\" is required");
}

#[test]
fn a_keypoint_answer_places_every_point_or_says_it_is_not_visible() {
    let t = cat_face();
    let stored = t
        .validate_answer(
            &sized(),
            &json!({"points": {"nose": {"x": 50, "y": 20.5}, "left_ear": {"x": 40, "y": 5, "visible": true},
                "right_ear": {"visible": false, "x": 3, "y": 4}}}),
        )
        .expect("accepted");
    assert_eq!(
        stored,
        json!({"points": {"nose": {"x": 50, "y": 20.5, "visible": true},
            "left_ear": {"x": 40, "y": 5, "visible": true}, "right_ear": {"visible": false}}})
    );
    let refusal = |answer: Value| {
        let e = refused_with(&t, &sized(), answer);
        (e.path, e.message)
    };
    assert_eq!(
        refusal(json!({"points": {"nose": {"x": 1, "y": 1}, "left_ear": {"visible": false}}})),
        (
            "/points/right_ear".to_owned(),
            "the point \"right_ear\" is missing: place it, or send {\"visible\": false}".to_owned()
        )
    );
    assert_eq!(
        refusal(json!({"points": {"nose": {"x": 1, "y": 1}, "tail": {"visible": false}}})),
        (
            "/points/tail".to_owned(),
            "\"tail\" is not a point of the skeleton; the points are \"nose\", \"left_ear\", \"right_ear\"".to_owned()
        )
    );
    let off = json!({"points": {"nose": {"x": 1, "y": 51}, "left_ear": {"visible": false},
        "right_ear": {"visible": false}}});
    assert_eq!(
        refusal(off),
        (
            "/points/nose/y".to_owned(),
            "y = 51 is outside the image (from 0 to 50 pixels)".to_owned()
        )
    );
    let missing = json!({"points": {"nose": {"x": 1}, "left_ear": {"visible": false},
        "right_ear": {"visible": false}}});
    assert_eq!(
        refusal(missing),
        (
            "/points/nose/y".to_owned(),
            "the point's \"y\" is missing (or send \"visible\": false)".to_owned()
        )
    );
}
