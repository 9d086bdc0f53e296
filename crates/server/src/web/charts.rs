//! Small charts as inline SVG, drawn on the server: no script, a few hundred
//! bytes each, readable by screen readers through their `aria-label`.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Room a label takes in the chart's units: 10 px text at 0.6 em a character, wider
/// than the average glyph of the common sans-serif faces, so nothing is clipped.
fn text_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.0
}

/// Chart size and margins, in user units: width, height, the band above the bars
/// (two rows of labels), the band under them (the x labels).
const W: f64 = 480.0;
const H: f64 = 150.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 20.0;
/// Baselines of the two label rows above the bars.
const ROWS: [f64; 2] = [11.0, 23.0];

/// Labels written in the band above the bars, each where it overlaps no other,
/// as near its place as fits: (left, right) of the labels placed in each row.
#[derive(Default)]
struct TopBand([Vec<(f64, f64)>; 2]);

impl TopBand {
    fn free(&self, row: usize, left: f64, right: f64) -> bool {
        self.0[row].iter().all(|(l, r)| right <= *l || left >= *r)
    }

    /// Place a label centred as near `x` as fits inside the chart, the upper row
    /// first; its SVG text.
    fn place(&mut self, x: f64, label: &str) -> String {
        let half = text_width(label) / 2.0 + 2.0;
        let fit = |c: f64| c.clamp(half, W - half);
        let mut best: Option<(f64, usize, f64)> = None;
        for row in 0..ROWS.len() {
            let beside = self.0[row].iter().flat_map(|(l, r)| [l - half, r + half]);
            for centre in std::iter::once(x).chain(beside).map(fit) {
                let distance = (centre - x).abs();
                if self.free(row, centre - half, centre + half)
                    && best.is_none_or(|(d, _, _)| distance < d)
                {
                    best = Some((distance, row, centre));
                }
            }
        }
        // Two rows always leave room beside the few labels a chart has.
        let (_, row, centre) = best.unwrap_or((0.0, ROWS.len() - 1, fit(x)));
        self.0[row].push((centre - half, centre + half));
        format!(
            "<text x=\"{centre:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            ROWS[row],
            esc(label)
        )
    }
}

/// Vertical bars with a label under the first, middle and last bar.
/// `marks` are vertical lines at fractional positions (0..=1) with their label,
/// written above the bars where it fits whole (never cut at the chart's edge).
pub fn bars(values: &[i64], x_labels: &[String], summary: &str, marks: &[(f64, String)]) -> String {
    let (w, h, top, bottom) = (W, H, TOP, BOTTOM);
    let n = values.len().max(1) as f64;
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bw = w / n;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"none\">",
        esc(summary)
    );
    out.push_str(&format!(
        "<line x1=\"0\" y1=\"{y}\" x2=\"{w}\" y2=\"{y}\" class=\"axis\"/>",
        y = h - bottom
    ));
    for (i, v) in values.iter().enumerate() {
        let bh = (*v as f64 / max) * (h - top - bottom);
        let x = i as f64 * bw + bw * 0.1;
        let y = h - bottom - bh;
        out.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"><title>{v}</title></rect>",
            bw * 0.8
        ));
    }
    out.push_str(&x_axis_labels(x_labels, bw));
    let mut band = TopBand::default();
    // The largest bar's value first, at the right, so the marks make room for it.
    let top_value = (max as i64).to_string();
    let mut labels = band.place(W, &top_value);
    for (at, label) in marks {
        let x = at.clamp(0.0, 1.0) * w;
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{}\" class=\"mark\"/>",
            h - bottom
        ));
        labels.push_str(&band.place(x, label));
    }
    out.push_str(&labels);
    out.push_str("</svg>");
    out
}

/// The labels under the bars: the first starts at the middle of its bar, the last
/// ends there, the others are centred on theirs.
fn x_axis_labels(x_labels: &[String], bw: f64) -> String {
    let count = x_labels.len();
    let mut out = String::new();
    for (i, label) in x_labels.iter().enumerate() {
        if label.is_empty() {
            continue;
        }
        let x = if count <= 1 {
            0.0
        } else {
            i as f64 * bw + bw / 2.0
        };
        let anchor = if i == 0 {
            "start"
        } else if i + 1 == count {
            "end"
        } else {
            "middle"
        };
        out.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            H - 5.0,
            esc(label)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_escaped_svg_with_one_bar_per_value() {
        let svg = bars(
            &[1, 2, 0],
            &["a".into(), String::new(), "<c>".into()],
            "x & y",
            &[(0.5, "est".into())],
        );
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("&lt;c&gt;") && svg.contains("x &amp; y"));
    }

    /// Every `<text>` of the SVG as (left, right, baseline, text), its width
    /// estimated the way the chart does, from its anchor.
    fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let attr = |name: &str| {
                    let at = t.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                    t[at..].split('"').next().expect("value").to_string()
                };
                let x: f64 = attr("x").parse().expect("x");
                let y: f64 = attr("y").parse().expect("y");
                let text = t[t.find('>').expect(">") + 1..]
                    .split("</text>")
                    .next()
                    .expect("text")
                    .to_string();
                let width = text_width(&text);
                let left = match attr("text-anchor").as_str() {
                    "start" => x,
                    "end" => x - width,
                    _ => x - width / 2.0,
                };
                (left, left + width, y, text)
            })
            .collect()
    }

    #[test]
    fn mark_labels_lie_inside_the_view_box_and_never_on_each_other() {
        let x: Vec<String> = (0..12)
            .map(|i| match i {
                0 => "0".into(),
                11 => "1 min".into(),
                _ => String::new(),
            })
            .collect();
        for (median, estimate) in [(0.0, 1.0 / 3.0), (0.02, 0.03), (1.0, 0.98), (0.5, 0.5)] {
            for (m, e) in [("median", "estimate"), ("médiane", "estimation")] {
                let svg = bars(
                    &[12, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                    &x,
                    "times",
                    &[(median, m.into()), (estimate, e.into())],
                );
                let boxes = text_boxes(&svg);
                assert_eq!(boxes.len(), 5, "{svg}");
                for (left, right, y, text) in &boxes {
                    assert!(
                        *left >= 0.0 && *right <= W && *y - 10.0 >= 0.0 && *y <= H,
                        "{text} at {left}..{right}, {y}: {svg}"
                    );
                }
                let above: Vec<_> = boxes.iter().filter(|b| b.2 < TOP).collect();
                assert_eq!(above.len(), 3, "the largest value and two marks: {svg}");
                for (i, a) in above.iter().enumerate() {
                    for b in &above[i + 1..] {
                        assert!(
                            a.2 != b.2 || a.1 <= b.0 || b.1 <= a.0,
                            "{} overlaps {}: {svg}",
                            a.3,
                            b.3
                        );
                    }
                }
            }
        }
    }
}
