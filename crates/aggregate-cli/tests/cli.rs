//! The `aggregate` command on files a person writes by hand, in both input shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use handprint_aggregate_cli::{AggregateArgs, Method, input::Format, run};

fn args(method: Method, input: PathBuf, output: PathBuf) -> AggregateArgs {
    AggregateArgs {
        method,
        input,
        format: Format::Auto,
        gold: None,
        output: Some(output),
        workers: None,
        n_iter: None,
        tol: None,
        quiet: true,
        report: None,
    }
}

#[test]
fn a_hand_written_csv_with_spaces_and_extra_columns_is_aggregated() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers.csv");
    std::fs::write(&input, "task, worker ,label,comment\nt1,alice,cat,\nt1,bob,cat,sure\nt1,carol,dog,\n\nt2,alice,dog,\nt2,bob,dog,\n").unwrap();
    let out = dir.path().join("labels.csv");
    let mut a = args(Method::Ds, input, out.clone());
    a.workers = Some(dir.path().join("workers.csv"));
    run(a).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "task,label,confidence");
    assert!(lines[1].starts_with("t1,cat,"), "{text}");
    assert!(lines[2].starts_with("t2,dog,"), "{text}");
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).unwrap();
    assert!(
        workers.starts_with("worker,answers,skill\nalice,2,"),
        "{workers}"
    );
}

#[test]
fn the_export_jsonl_shape_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.jsonl");
    let rows = [
        r#"{"task_id":"0193-a","external_id":null,"worker":"w-1","answer":"yes","seconds":3.5,"submitted_at":"2026-01-01T00:00:00Z"}"#,
        r#"{"task_id":"0193-a","external_id":"x","worker":"w-2","answer":"yes","seconds":2,"submitted_at":"2026-01-01T00:00:00Z"}"#,
        r#"{"task_id":"0193-a","external_id":"x","worker":"w-3","answer":"no","seconds":2,"submitted_at":"2026-01-01T00:00:00Z"}"#,
        r#"{"task_id":"0193-b","external_id":"y","worker":"w-1","answer":4,"seconds":2,"submitted_at":"2026-01-01T00:00:00Z"}"#,
    ];
    std::fs::write(&input, rows.join("\n")).unwrap();
    let out = dir.path().join("labels.csv");
    run(args(Method::Mv, input, out.clone())).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("0193-a,yes,0.6666666666666666"), "{text}");
    assert!(text.contains("0193-b,4,1"), "{text}");
}

#[test]
fn a_malformed_row_is_reported_with_its_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers.csv");
    std::fs::write(&input, "worker,task,label\nw1,t1,a\nw2,t1\n").unwrap();
    let err = run(args(Method::Mv, input, dir.path().join("o.csv"))).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("line 3") && msg.contains("missing label"),
        "{msg}"
    );

    let input = dir.path().join("bad.csv");
    std::fs::write(&input, "who,what\nw1,t1\n").unwrap();
    let msg = format!(
        "{:#}",
        run(args(Method::Mv, input, dir.path().join("o.csv"))).unwrap_err()
    );
    assert!(msg.contains("line 1") && msg.contains("`worker`"), "{msg}");
}

#[test]
fn numbers_get_a_median() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ratings.csv");
    std::fs::write(&input, "worker,task,label\na,t,1\nb,t,5\nc,t,2\n").unwrap();
    let out = dir.path().join("o.csv");
    run(args(Method::Median, input, out.clone())).unwrap();
    assert!(std::fs::read_to_string(out).unwrap().contains("t,2,"));
}

#[test]
fn export_answers_vote_as_the_templates_compare_them_and_null_answers_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.jsonl");
    let rows = [
        r#"{"assignment_id":"a1","task_id":"t","external_id":null,"worker":"w-1","answer":{"value":"pos"},"seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a2","task_id":"t","external_id":null,"worker":"w-2","answer":"pos","seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a3","task_id":"t","external_id":null,"worker":"w-3","answer":"neg","seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a4","task_id":"t","external_id":null,"worker":"w-4","answer":null,"seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a5","task_id":"r","external_id":null,"worker":"w-1","answer":3.0,"seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a6","task_id":"r","external_id":null,"worker":"w-2","answer":3,"seconds":1,"leased_at":"x","submitted_at":"y"}"#,
        r#"{"assignment_id":"a7","task_id":"m","external_id":null,"worker":"w-1","answer":["b","a"],"seconds":1,"leased_at":"x","submitted_at":"y"}"#,
    ];
    std::fs::write(&input, rows.join("\n")).unwrap();
    let out = dir.path().join("labels.csv");
    run(args(Method::Mv, input, out.clone())).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("t,pos,0.6666666666666666"), "{text}");
    assert!(text.contains("r,3,1"), "{text}");
    assert!(text.contains("m,a|b,1"), "{text}");
}

#[test]
fn mmsr_is_available_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("answers.csv");
    let mut csv = String::from("worker,task,label\n");
    for t in 0..6 {
        for (w, wrong) in [("a", false), ("b", false), ("c", t == 0), ("d", t % 2 == 0)] {
            let label = if wrong { "no" } else { "yes" };
            csv.push_str(&format!("{w},t{t},{label}\n"));
        }
    }
    std::fs::write(&input, csv).unwrap();
    let out = dir.path().join("labels.csv");
    run(args(Method::Mmsr, input, out.clone())).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 7, "{text}");
}

#[test]
fn the_export_csv_shape_reads_json_answers_like_the_jsonl_reader() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.csv");
    std::fs::write(
        &input,
        "assignment_id,task_id,external_id,worker,answer,seconds,leased_at,submitted_at\n\
         a1,t,,w-1,\"{\"\"value\"\":\"\"pos\"\"}\",1,x,y\n\
         a2,t,,w-2,pos,1,x,y\n\
         a3,t,,w-3,neg,1,x,y\n",
    )
    .unwrap();
    let out = dir.path().join("labels.csv");
    run(args(Method::Mv, input, out.clone())).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("t,pos,0.6666666666666666"), "{text}");
}

/// The scale benchmark at a tiny size: the streamed file holds exactly the crowd `simulate`
/// builds in memory, whatever the id shape, and `aggregate`'s labels over it check out (one per
/// task, the same as a majority vote over the in-memory crowd).
#[test]
fn the_scale_run_streams_the_simulated_crowd_and_its_labels_check_out() {
    use handprint_aggregate::simulate::simulate;
    use handprint_aggregate::{CategoricalAggregator, MajorityVote};
    use handprint_aggregate_cli::bench_spec;
    use handprint_aggregate_cli::scale::{IdShape, LabelCheck, check_labels, write_scale_crowd};

    let dir = tempfile::tempdir().unwrap();
    let spec = bench_spec(300, 40, 10, 5, 7);
    let crowd = simulate(&spec);
    let data = crowd.dataset();
    let mv = MajorityVote::default().fit(&data).unwrap();
    let mut expected_labels: Vec<String> = vec![String::new(); 300];
    for (task, label, _) in mv.rows(&data) {
        expected_labels[task[1..].parse::<usize>().unwrap()] = label.to_owned();
    }
    for ids in [IdShape::Sequential, IdShape::Reversed, IdShape::Uuid7] {
        let input = dir.path().join(format!("answers-{ids:?}.csv"));
        let truth = write_scale_crowd(&spec, ids, &input).unwrap();
        let want_truth: Vec<u8> = crowd.truth.iter().map(|&y| y as u8).collect();
        assert_eq!(truth, want_truth, "{ids:?}");
        let text = std::fs::read_to_string(&input).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3001, "{ids:?}");
        assert_eq!(lines[0], "worker,task,label");
        for (line, &(w, t, l)) in lines[1..].iter().zip(&crowd.answers) {
            assert_eq!(
                *line,
                format!("w{w:06},{},c{l}", ids.task_id(t as usize)),
                "{ids:?}"
            );
            assert_eq!(ids.task_index(&ids.task_id(t as usize)), Some(t as usize));
        }

        for (method, correct) in [(Method::Mv, 291), (Method::Ds, 294)] {
            let out = dir.path().join(format!("labels-{ids:?}-{method:?}.csv"));
            run(args(method, input.clone(), out.clone())).unwrap();
            let check = check_labels(&out, ids, &truth).unwrap();
            assert_eq!(
                check,
                LabelCheck { rows: 300, correct },
                "{ids:?} {method:?}"
            );
            if method == Method::Mv {
                let text = std::fs::read_to_string(&out).unwrap();
                for line in text.lines().skip(1) {
                    let mut f = line.split(',');
                    let t = ids.task_index(f.next().unwrap()).unwrap();
                    assert_eq!(f.next().unwrap(), expected_labels[t], "{ids:?} task {t}");
                }
            }
        }
    }
}
