//! Small charts as inline SVG, drawn on the server: no script, a few hundred
//! bytes each, readable by screen readers through their `aria-label`.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Vertical bars with a label under the first, middle and last bar.
/// `marks` are vertical lines at fractional positions (0..=1) with their label.
pub fn bars(values: &[i64], x_labels: &[String], summary: &str, marks: &[(f64, String)]) -> String {
    let (w, h, top, bottom) = (480.0_f64, 140.0_f64, 14.0_f64, 20.0_f64);
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
    let count = x_labels.len();
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
            h - 5.0,
            esc(label)
        ));
    }
    for (at, label) in marks {
        let x = at.clamp(0.0, 1.0) * w;
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{}\" class=\"mark\"/><text x=\"{x:.1}\" y=\"11\" text-anchor=\"middle\">{}</text>",
            h - bottom,
            esc(label)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{w}\" y=\"11\" text-anchor=\"end\">{}</text>",
        max as i64
    ));
    out.push_str("</svg>");
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
}
