//! Bounding-box answers drawn over their image for the answers page: each
//! worker's boxes in the worker's colour, the aggregated (fused) boxes dashed
//! beneath them (so they never hide a worker's box), the label written at each box. Server-rendered SVG (escaped by the template),
//! in the image's own pixels, the unit the task page sends.

use serde_json::Value;

/// Distinct on white and for the common colour-vision deficiencies (Okabe–Ito, without yellow).
const PALETTE: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];

/// One rectangle, its coordinates as written in the SVG.
#[derive(Clone, Debug)]
pub struct DrawnBox {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub label: String,
    /// Where the label is written: above the box, or inside it at the image's top edge.
    pub text_x: String,
    pub text_y: String,
    pub colour: String,
    /// The worker's pseudonym; empty for an aggregated box.
    pub worker: String,
}

/// An item's image with every answer's boxes.
#[derive(Clone, Debug, Default)]
pub struct BoxView {
    pub image: String,
    /// The image's size from the item (`image_width`, `image_height`): the SVG's
    /// viewBox, so the drawing scales with the image. Empty when the item does not
    /// say; the image is then shown at its natural size under a pixel-unit overlay.
    pub width: String,
    pub height: String,
    pub font_size: String,
    pub boxes: Vec<DrawnBox>,
    pub fused: Vec<DrawnBox>,
    /// (pseudonym, colour) of every worker who answered the item.
    pub legend: Vec<(String, String)>,
}

impl BoxView {
    pub fn scaled(&self) -> bool {
        !self.width.is_empty()
    }
}

/// Colours by pseudonym, in the order workers first appear on the page, so a
/// worker keeps their colour from item to item.
#[derive(Default)]
pub struct Colours(Vec<String>);

impl Colours {
    pub fn of(&mut self, worker: &str) -> String {
        let index = match self.0.iter().position(|w| w == worker) {
            Some(i) => i,
            None => {
                self.0.push(worker.to_string());
                self.0.len() - 1
            }
        };
        PALETTE[index % PALETTE.len()].to_string()
    }
}

/// Colour of the aggregated boxes (drawn dashed, beneath the workers' boxes).
pub const FUSED_COLOUR: &str = "#16324f";

/// A number as SVG wants it: whole numbers bare, others to two decimals.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A dimension of the item (`image_width`/`image_height`), numbers or numeric text.
fn dimension(data: &Value, key: &str) -> Option<f64> {
    let size = match data.get(key)? {
        Value::String(text) => text.trim().parse::<f64>().ok(),
        other => other.as_f64(),
    };
    size.filter(|s| s.is_finite() && *s > 0.0)
}

impl BoxView {
    /// The drawing of an item whose image is `image` (already checked safe).
    pub fn new(image: &str, data: &Value) -> BoxView {
        let (width, height) = match (
            dimension(data, "image_width"),
            dimension(data, "image_height"),
        ) {
            (Some(w), Some(h)) => (Some(w), Some(h)),
            _ => (None, None),
        };
        // Labels stay readable whether the image is a thumbnail or a photo.
        let font = width.map_or(14.0, |w| (w / 30.0).clamp(10.0, 48.0)).round();
        BoxView {
            image: image.to_string(),
            width: width.map(num).unwrap_or_default(),
            height: height.map(num).unwrap_or_default(),
            font_size: num(font),
            ..BoxView::default()
        }
    }

    fn drawn(&self, b: &Value, colour: &str, worker: &str) -> Option<DrawnBox> {
        let coordinate = |key: &str| b.get(key).and_then(Value::as_f64).filter(|v| v.is_finite());
        let (x, y, w, h) = (
            coordinate("x")?,
            coordinate("y")?,
            coordinate("w")?,
            coordinate("h")?,
        );
        let font = self.font_size.parse::<f64>().unwrap_or(14.0);
        // Above the box when there is room, else just inside its top edge.
        let text_y = if y >= font + 2.0 { y - 4.0 } else { y + font };
        Some(DrawnBox {
            x: num(x),
            y: num(y),
            w: num(w),
            h: num(h),
            label: b
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
            text_x: num(x + 2.0),
            text_y: num(text_y),
            colour: colour.to_string(),
            worker: worker.to_string(),
        })
    }

    /// Add one worker's answer (`{"boxes": [...]}`).
    pub fn add_answer(&mut self, worker: &str, colour: &str, answer: &Value) {
        if !self.legend.iter().any(|(w, _)| w == worker) {
            self.legend.push((worker.to_string(), colour.to_string()));
        }
        for b in boxes(answer) {
            if let Some(d) = self.drawn(b, colour, worker) {
                self.boxes.push(d);
            }
        }
    }

    /// Add the aggregated label (`{"boxes": [...]}`). Its label is written inside
    /// the box's bottom edge, away from the workers' labels above their boxes.
    pub fn add_fused(&mut self, label: &Value) {
        let font = self.font_size.parse::<f64>().unwrap_or(14.0);
        for b in boxes(label) {
            if let Some(mut d) = self.drawn(b, FUSED_COLOUR, "") {
                let bottom = d.y.parse::<f64>().unwrap_or(0.0) + d.h.parse::<f64>().unwrap_or(0.0);
                d.text_y = num(if bottom - font >= 0.0 {
                    bottom - 4.0
                } else {
                    bottom + font
                });
                self.fused.push(d);
            }
        }
    }
}

fn boxes(answer: &Value) -> &[Value] {
    answer
        .get("boxes")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_worker_keeps_one_colour_and_boxes_keep_their_pixels() {
        let mut colours = Colours::default();
        let a = colours.of("w-a");
        let b = colours.of("w-b");
        assert_ne!(a, b);
        assert_eq!(colours.of("w-a"), a);
        let mut view = BoxView::new(
            "/img.png",
            &json!({"image_width": "320", "image_height": 200}),
        );
        assert_eq!((view.width.as_str(), view.height.as_str()), ("320", "200"));
        view.add_answer(
            "w-a",
            &a,
            &json!({"boxes": [{"x": 10, "y": 2.5, "w": 30.25, "h": 40, "label": "car"}]}),
        );
        view.add_fused(
            &json!({"boxes": [{"x": 11.0, "y": 3.0, "w": 29.0, "h": 39.0, "label": "car"}]}),
        );
        let d = &view.boxes[0];
        assert_eq!(
            (
                d.x.as_str(),
                d.y.as_str(),
                d.w.as_str(),
                d.h.as_str(),
                d.label.as_str()
            ),
            ("10", "2.5", "30.25", "40", "car")
        );
        assert_eq!(view.fused[0].x, "11");
        // The workers' label sits above their box, the fused one inside its bottom edge.
        assert_eq!((d.text_x.as_str(), d.text_y.as_str()), ("12", "13.5"));
        assert_eq!(
            (view.fused[0].text_x.as_str(), view.fused[0].text_y.as_str()),
            ("13", "38")
        );
        assert_eq!(view.legend, vec![("w-a".to_string(), a)]);
    }

    #[test]
    fn without_a_size_the_image_is_drawn_in_its_own_pixels() {
        let view = BoxView::new("/img.png", &json!({}));
        assert!(!view.scaled());
    }
}
