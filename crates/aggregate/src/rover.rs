//! Texts: ROVER (Fiscus, 1997), word-level alignment of the answers into a transition network,
//! then a vote in every slot. Crowd-Kit: `ROVER(tokenizer, detokenizer)`.

use crate::dataset::Interner;

/// Text answers grouped by task, in input order within a task.
#[derive(Debug, Clone, Default)]
pub struct TextDataset {
    task_names: Vec<String>,
    texts: Vec<Vec<String>>,
}

/// Builder of a [`TextDataset`].
#[derive(Default, Clone)]
pub struct TextBuilder {
    tasks: Interner,
    texts: Vec<Vec<String>>,
}

impl TextBuilder {
    /// Adds one answer.
    pub fn push(&mut self, task: &str, text: &str) -> &mut Self {
        let t = self.tasks.intern(task) as usize;
        if t == self.texts.len() {
            self.texts.push(Vec::new());
        }
        self.texts[t].push(text.to_owned());
        self
    }
    /// Freezes the answers.
    pub fn build(self) -> TextDataset {
        TextDataset {
            task_names: self.tasks.into_names(),
            texts: self.texts,
        }
    }
}

impl TextDataset {
    /// An empty builder.
    pub fn builder() -> TextBuilder {
        TextBuilder::default()
    }
    /// Task names by id.
    pub fn task_names(&self) -> &[String] {
        &self.task_names
    }
}

/// One slot of the network: candidate words (`""` = no word) with their vote counts, in
/// insertion order.
type Slot = Vec<(String, usize)>;

fn add_vote(slot: &mut Slot, word: &str, count: usize) {
    match slot.iter_mut().find(|(w, _)| w == word) {
        Some((_, c)) => *c += count,
        None => slot.push((word.to_owned(), count)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Move {
    Diagonal,
    Delete,
    Insert,
}

/// Aligns one more hypothesis (`sources` hypotheses are already in `net`).
fn align(net: &[Slot], hyp: &[String], sources: usize) -> Vec<Slot> {
    let (n, m) = (hyp.len(), net.len());
    let mut dist = vec![vec![0usize; m + 1]; n + 1];
    let mut back = vec![vec![Move::Diagonal; m + 1]; n + 1];
    for (i, row) in dist.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, d) in dist[0].iter_mut().enumerate() {
        *d = j;
    }
    for row in back.iter_mut().skip(1) {
        row[0] = Move::Insert;
    }
    for b in back[0].iter_mut().skip(1) {
        *b = Move::Delete;
    }
    for i in 1..=n {
        for j in 1..=m {
            let slot = &net[j - 1];
            let has_word = slot.iter().any(|(w, _)| *w == hyp[i - 1]);
            let has_empty = slot.iter().any(|(w, _)| w.is_empty());
            // First minimum wins, in the order diagonal, deletion, insertion.
            let mut best = (dist[i - 1][j - 1] + usize::from(!has_word), Move::Diagonal);
            let del = dist[i][j - 1] + usize::from(!has_empty);
            if del < best.0 {
                best = (del, Move::Delete);
            }
            let ins = dist[i - 1][j] + 1;
            if ins < best.0 {
                best = (ins, Move::Insert);
            }
            dist[i][j] = best.0;
            back[i][j] = best.1;
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i != 0 || j != 0 {
        match back[i][j] {
            Move::Diagonal => {
                let mut slot = net[j - 1].clone();
                add_vote(&mut slot, &hyp[i - 1], 1);
                out.push(slot);
                i -= 1;
                j -= 1;
            }
            Move::Insert => {
                let mut slot = vec![(String::new(), sources)];
                add_vote(&mut slot, &hyp[i - 1], 1);
                out.push(slot);
                i -= 1;
            }
            Move::Delete => {
                let mut slot = net[j - 1].clone();
                add_vote(&mut slot, "", 1);
                out.push(slot);
                j -= 1;
            }
        }
    }
    out.reverse();
    out
}

/// ROVER over whitespace tokens, joined with single spaces.
///
/// Each slot picks the word with the most votes; ties go to the longer word, then the
/// lexicographically larger one (Crowd-Kit's `max((count, len, word))`). Empty picks are dropped.
#[derive(Debug, Clone, Default)]
pub struct Rover;

impl Rover {
    /// The aggregated text of one task's answers, in order.
    pub fn combine<S: AsRef<str>>(&self, texts: &[S]) -> String {
        let hyps: Vec<Vec<String>> = texts
            .iter()
            .map(|t| t.as_ref().split_whitespace().map(str::to_owned).collect())
            .collect();
        let Some(first) = hyps.first() else {
            return String::new();
        };
        let mut net: Vec<Slot> = first.iter().map(|w| vec![(w.clone(), 1)]).collect();
        for (sources, hyp) in hyps.iter().enumerate().skip(1) {
            net = align(&net, hyp, sources);
        }
        let words: Vec<&str> = net
            .iter()
            .filter_map(|slot| {
                slot.iter()
                    .max_by(|a, b| {
                        a.1.cmp(&b.1)
                            .then(a.0.chars().count().cmp(&b.0.chars().count()))
                            .then(a.0.cmp(&b.0))
                    })
                    .map(|(w, _)| w.as_str())
            })
            .filter(|w| !w.is_empty())
            .collect();
        words.join(" ")
    }

    /// Aggregates every task (by task id).
    pub fn fit(&self, data: &TextDataset) -> Vec<String> {
        use rayon::prelude::*;
        data.texts.par_iter().map(|t| self.combine(t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rover_votes_word_by_word_across_misaligned_answers() {
        let r = Rover;
        assert_eq!(
            r.combine(&["the cat sat", "the cat sat", "a cat sat down"]),
            "the cat sat"
        );
        assert_eq!(
            r.combine(&["hello world", "hello big world", "hello big world"]),
            "hello big world"
        );
        assert_eq!(r.combine(&["x"]), "x");
        assert_eq!(r.combine::<&str>(&[]), "");
    }
}
