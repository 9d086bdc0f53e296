//! Text spans (named entities): workers' labelled character ranges over one text combined
//! by a token-level vote. Not in Crowd-Kit.
//!
//! The text is cut into tokens at white space and at every worker's span boundary, so a
//! span that ends inside a word ("Lyon" in "Lyon.") still gets its own token. Each worker
//! gives every token a label (the span covering it) or none; the label with the most votes
//! wins a token, and "none" wins a tie with a label (a span needs a real majority of the
//! voting workers over leaving the words unmarked; a tie between two labels goes to the
//! smaller name). Runs of tokens won by one label become spans; a run is cut where most of
//! the workers voting that label begin a span of their own, so two neighbouring names stay
//! two spans.

/// A span: characters `start..end` (end excluded) of the text, with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The first character, counted in Unicode code points from 0.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Class.
    pub label: String,
}

/// A span of the combined answer with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct VotedSpan {
    /// The span.
    pub span: Span,
    /// The mean share of workers who gave each of its tokens this label.
    pub confidence: f64,
}

/// The combined spans of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanVoteResult {
    /// The spans, in the order of the text.
    pub spans: Vec<VotedSpan>,
    /// The mean share of workers agreeing with the winner, over every token of the text
    /// (unmarked tokens included); 1 when the text has no token.
    pub agreement: f64,
}

/// The token-level vote.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpanVote;

impl SpanVote {
    /// Combines `answers` (one list of spans per worker) over `text`. Without the text
    /// (an item that lost it), every character up to the last span's end counts as a
    /// word character.
    pub fn vote(&self, text: Option<&str>, answers: &[Vec<Span>]) -> SpanVoteResult {
        let blank: Vec<bool> = match text {
            Some(text) => text.chars().map(char::is_whitespace).collect(),
            None => {
                let len = answers.iter().flatten().map(|s| s.end).max().unwrap_or(0);
                vec![false; len]
            }
        };
        let tokens = tokens(&blank, answers);
        let workers = answers.len().max(1) as f64;
        // Each token's winning label (None: unmarked), its vote share, and whether it begins a span.
        let mut won: Vec<(Option<&str>, f64, bool)> = Vec::with_capacity(tokens.len());
        for &(start, end) in &tokens {
            let mut votes: Vec<(&str, usize, usize)> = Vec::new();
            let mut unmarked = 0;
            for answer in answers {
                match answer.iter().find(|s| s.start < end && start < s.end) {
                    Some(s) => {
                        let begins = usize::from(s.start >= start);
                        match votes.iter_mut().find(|(l, _, _)| *l == s.label) {
                            Some(v) => {
                                v.1 += 1;
                                v.2 += begins;
                            }
                            None => votes.push((&s.label, 1, begins)),
                        }
                    }
                    None => unmarked += 1,
                }
            }
            votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            won.push(match votes.first() {
                Some(&(label, count, begins)) if count > unmarked => {
                    (Some(label), count as f64 / workers, begins * 2 > count)
                }
                _ => (None, unmarked as f64 / workers, false),
            });
        }
        let mut spans: Vec<(Span, Vec<f64>)> = Vec::new();
        let mut previous: Option<&str> = None;
        for (&(start, end), &(label, share, begins)) in tokens.iter().zip(&won) {
            match label {
                Some(label) if previous == Some(label) && !begins => {
                    if let Some((span, shares)) = spans.last_mut() {
                        span.end = end;
                        shares.push(share);
                    }
                }
                Some(label) => spans.push((
                    Span {
                        start,
                        end,
                        label: label.to_owned(),
                    },
                    vec![share],
                )),
                None => {}
            }
            previous = label;
        }
        let agreement = if won.is_empty() {
            1.0
        } else {
            won.iter().map(|w| w.1).sum::<f64>() / won.len() as f64
        };
        SpanVoteResult {
            spans: spans
                .into_iter()
                .map(|(span, shares)| VotedSpan {
                    span,
                    confidence: shares.iter().sum::<f64>() / shares.len() as f64,
                })
                .collect(),
            agreement,
        }
    }
}

/// The tokens (start, end) of a text whose white space is `blank`: the runs of word
/// characters, cut again at every span boundary of every answer.
fn tokens(blank: &[bool], answers: &[Vec<Span>]) -> Vec<(usize, usize)> {
    let mut cut = vec![false; blank.len() + 1];
    for span in answers.iter().flatten() {
        for at in [span.start, span.end] {
            if let Some(c) = cut.get_mut(at) {
                *c = true;
            }
        }
    }
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (at, &cut_here) in cut.iter().enumerate() {
        let is_blank = blank.get(at).copied().unwrap_or(true);
        if let Some(s) = start
            && (is_blank || cut_here)
        {
            tokens.push((s, at));
            start = None;
        }
        if !is_blank && start.is_none() {
            start = Some(at);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> Span {
        Span {
            start,
            end,
            label: label.to_owned(),
        }
    }

    const TEXT: &str = "Ana Rakoto flew to Lyon.";

    #[test]
    fn tokens_are_words_cut_at_every_span_boundary() {
        let blank: Vec<bool> = TEXT.chars().map(char::is_whitespace).collect();
        assert_eq!(
            tokens(&blank, &[]),
            vec![(0, 3), (4, 10), (11, 15), (16, 18), (19, 24)]
        );
        assert_eq!(
            tokens(&blank, &[vec![span(19, 23, "place")]]),
            vec![(0, 3), (4, 10), (11, 15), (16, 18), (19, 23), (23, 24)]
        );
    }

    #[test]
    fn the_majority_label_of_each_token_wins_with_its_share() {
        let answers = vec![
            vec![span(0, 10, "person"), span(19, 23, "place")],
            vec![span(0, 10, "person"), span(19, 23, "org")],
            vec![span(0, 3, "person"), span(19, 23, "place")],
        ];
        let result = SpanVote.vote(Some(TEXT), &answers);
        assert_eq!(
            result.spans,
            vec![
                // "Ana" 3 of 3, "Rakoto" 2 of 3.
                VotedSpan {
                    span: span(0, 10, "person"),
                    confidence: (1.0 + 2.0 / 3.0) / 2.0
                },
                VotedSpan {
                    span: span(19, 23, "place"),
                    confidence: 2.0 / 3.0
                },
            ]
        );
        // Tokens: Ana 1, Rakoto 2/3, flew 1, to 1, Lyon 2/3, "." 1.
        let expected = (1.0 + 2.0 / 3.0 + 1.0 + 1.0 + 2.0 / 3.0 + 1.0) / 6.0;
        assert!((result.agreement - expected).abs() < 1e-12);
    }

    #[test]
    fn a_tie_with_leaving_the_words_unmarked_leaves_them_unmarked() {
        let answers = vec![vec![span(19, 23, "place")], vec![]];
        let result = SpanVote.vote(Some(TEXT), &answers);
        assert_eq!(result.spans, Vec::new());
        // Lyon is a tie (1/2); the other five tokens are unmarked by both.
        assert!((result.agreement - (5.0 + 0.5) / 6.0).abs() < 1e-12);
    }

    #[test]
    fn neighbouring_names_stay_two_spans_where_most_workers_begin_a_new_one() {
        let text = "Paris Lyon";
        let two = vec![span(0, 5, "place"), span(6, 10, "place")];
        let answers = vec![two.clone(), two, vec![span(0, 10, "place")]];
        let result = SpanVote.vote(Some(text), &answers);
        let spans: Vec<Span> = result.spans.into_iter().map(|v| v.span).collect();
        assert_eq!(spans, vec![span(0, 5, "place"), span(6, 10, "place")]);
    }

    #[test]
    fn without_the_text_the_spans_boundaries_make_the_tokens() {
        let answers = vec![vec![span(2, 6, "x")], vec![span(2, 6, "x")]];
        let result = SpanVote.vote(None, &answers);
        assert_eq!(
            result.spans,
            vec![VotedSpan {
                span: span(2, 6, "x"),
                confidence: 1.0
            }]
        );
        assert_eq!(result.agreement, 1.0);
    }

    #[test]
    fn a_tie_between_two_labels_goes_to_the_smaller_name() {
        let answers = vec![vec![span(0, 3, "person")], vec![span(0, 3, "org")]];
        let result = SpanVote.vote(Some("Ana"), &answers);
        assert_eq!(
            result.spans,
            vec![VotedSpan {
                span: span(0, 3, "org"),
                confidence: 0.5
            }]
        );
        assert_eq!(SpanVote.vote(Some(""), &[]).agreement, 1.0);
    }
}
