//! Pictures of the plan made in the browser, nothing sent anywhere: an SVG of the whole chart and a
//! PNG of the part in view (drawn from the same SVG onto a canvas).

use super::{GanttCtx, HEADER, ROW};
use crate::domain::WorkPackageId;
use crate::domain::timeline::{GanttRow, Scale, Zoom, span};
use crate::i18n::{Lang, format};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::HashMap;
use std::fmt::Write;

/// What one line of the picture shows.
pub struct Line {
    pub label: String,
    pub depth: u16,
    pub span: Option<(NaiveDate, NaiveDate)>,
    pub milestone: bool,
    pub summary: bool,
    pub done: u8,
}

/// The stretch of time and the rows a picture covers.
pub struct Frame {
    pub scale: Scale,
    pub zoom: Zoom,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label_width: f64,
    pub lang: Lang,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The chart as a standalone SVG document, with its size in pixels. `links` are (predecessor row,
/// successor row) pairs.
pub fn svg(lines: &[Line], arrows: &[(usize, usize)], frame: &Frame) -> (String, f64, f64) {
    let x0 = frame.scale.x(frame.from);
    let x = |day: NaiveDate| frame.label_width + frame.scale.x(day) - x0;
    let width = x(frame.to).ceil();
    #[allow(clippy::cast_precision_loss)]
    let height = HEADER + lines.len() as f64 * ROW;
    let mut out = String::with_capacity(256 + lines.len() * 200);
    // The tree column is drawn last, over whatever of the timeline reaches into it.
    let mut labels = format!(
        r##"<rect width="{0}" height="{height}" fill="#ffffff"/><line x1="{0}" y1="0" x2="{0}" y2="{height}" stroke="#c9ced6"/><clipPath id="tree"><rect width="{1}" height="{height}"/></clipPath><g clip-path="url(#tree)">"##,
        frame.label_width,
        frame.label_width - 4.0
    );
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let ticks = frame.scale.ticks(frame.zoom, x0, frame.scale.x(frame.to));
    for day in ticks {
        let tx = x(day).max(frame.label_width);
        let _ = write!(
            out,
            r##"<line x1="{tx}" y1="0" x2="{tx}" y2="{height}" stroke="#dde1e6"/><text x="{}" y="24" fill="#555d68">{}</text>"##,
            tx + 4.0,
            escape(&format::tick(frame.lang, frame.zoom, day))
        );
    }
    let row_y = |i: usize| {
        #[allow(clippy::cast_precision_loss)]
        let y = HEADER + i as f64 * ROW;
        y
    };
    for (i, line) in lines.iter().enumerate() {
        let y = row_y(i);
        let indent = 8.0 + f64::from(line.depth) * 16.0;
        let _ = write!(
            out,
            r##"<line x1="0" y1="{0}" x2="{width}" y2="{0}" stroke="#eef0f3"/>"##,
            y + ROW
        );
        let _ = write!(
            labels,
            r##"<text x="{indent}" y="{}" fill="#1c1f24">{}</text>"##,
            y + 20.0,
            escape(&line.label)
        );
        let Some((start, finish)) = line.span else {
            continue;
        };
        let (left, right) = (x(start), x(finish) + frame.scale.px_per_day);
        if right < frame.label_width {
            continue;
        }
        let left = left.max(frame.label_width);
        if line.milestone {
            let (cx, cy) = (left, y + ROW / 2.0);
            let _ = write!(
                out,
                r##"<path d="M{cx} {0}L{1} {cy}L{cx} {2}L{3} {cy}Z" fill="#17325c"/>"##,
                cy - 7.0,
                cx + 7.0,
                cy + 7.0,
                cx - 7.0
            );
        } else if line.summary {
            let _ = write!(
                out,
                r##"<rect x="{left}" y="{}" width="{}" height="6" fill="#1c1f24"/>"##,
                y + 10.0,
                right - left
            );
        } else {
            let done = (right - left) * f64::from(line.done.min(100)) / 100.0;
            let _ = write!(
                out,
                r##"<rect x="{left}" y="{0}" width="{1}" height="18" rx="4" fill="#dde8f8" stroke="#1f5fbf"/><rect x="{left}" y="{0}" width="{done}" height="18" rx="4" fill="#1f5fbf" fill-opacity="0.55"/>"##,
                y + 7.0,
                right - left
            );
        }
    }
    for &(a, b) in arrows {
        let (Some(pa), Some(pb)) = (lines.get(a), lines.get(b)) else {
            continue;
        };
        let (Some((_, finish)), Some((start, _))) = (pa.span, pb.span) else {
            continue;
        };
        let (x1, y1) = (x(finish) + frame.scale.px_per_day, row_y(a) + ROW / 2.0);
        let (x2, y2) = (x(start), row_y(b) + ROW / 2.0);
        let _ = write!(
            out,
            r##"<path d="M{x1} {y1}H{0}V{y2}H{x2}M{x2} {y2}l-6 -4M{x2} {y2}l-6 4" fill="none" stroke="#555d68" stroke-width="1.5"/>"##,
            x1 + 8.0
        );
    }
    out.push_str(&labels);
    out.push_str("</g></svg>");
    (out, width, height)
}

impl GanttCtx {
    /// The picture of rows `rows` over the days `from..=to`.
    fn picture(self, rows: &[GanttRow], from: NaiveDate, to: NaiveDate) -> (String, f64, f64) {
        let index: HashMap<WorkPackageId, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let lines: Vec<Line> = self.project.work_packages.with_untracked(|wps| {
            rows.iter()
                .map(|row| {
                    let wp = wps.get(&row.id);
                    Line {
                        label: wp
                            .map(|w| format!("#{} {}", w.id, w.subject))
                            .unwrap_or_default(),
                        depth: row.depth,
                        span: self
                            .spans
                            .with_untracked(|s| s.get(&row.id).copied())
                            .or_else(|| wp.and_then(span)),
                        milestone: wp.is_some_and(|w| w.date.is_some()),
                        summary: row.has_children,
                        done: wp.map_or(0, |w| w.percentage_done),
                    }
                })
                .collect()
        });
        let arrows: Vec<(usize, usize)> = self.links.with_untracked(|all| {
            all.iter()
                .filter_map(|(a, b, _)| Some((*index.get(a)?, *index.get(b)?)))
                .collect()
        });
        let frame = Frame {
            scale: self.scale.get_untracked(),
            zoom: self.zoom.get_untracked(),
            from,
            to,
            label_width: self.split.get_untracked(),
            lang: self.i18n.lang_untracked(),
        };
        svg(&lines, &arrows, &frame)
    }

    /// Every row, from the first date to the last.
    pub fn export_svg(self) -> Result<(), String> {
        let rows = self.rows.get_untracked();
        let (from, to) = self.rows_reach();
        let scale = self.scale.get_untracked();
        let (text, ..) = self.picture(&rows, scale.shift(from, -3), scale.shift(to, 3));
        crate::components::download::download_text("gantt.svg", "image/svg+xml", &text)
    }

    /// What is in view now, as a PNG of the same size.
    pub fn export_png(self) {
        let (start, end) = self.visible_rows();
        let rows = self
            .rows
            .with_untracked(|r| r[start.min(r.len())..end.min(r.len())].to_vec());
        let (left, _, width, _) = self.viewport.get_untracked();
        let scale = self.scale.get_untracked();
        let from = scale.day_at(left);
        let to = scale.day_at(left + width - self.split.get_untracked());
        let (text, w, h) = self.picture(&rows, from, to);
        let notices = self.notices;
        leptos::task::spawn_local(async move {
            if let Err(error) =
                crate::components::download::download_svg_as_png("gantt.png", &text, w, h).await
            {
                notices.error(error);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn the_picture_holds_every_row_with_its_bar_and_escapes_titles() {
        let lines = vec![
            Line {
                label: "#1 <script>alert(1)</script> & co".into(),
                depth: 0,
                span: Some((d(11, 2), d(11, 6))),
                milestone: false,
                summary: false,
                done: 50,
            },
            Line {
                label: "#2 Launch".into(),
                depth: 1,
                span: Some((d(11, 12), d(11, 12))),
                milestone: true,
                summary: false,
                done: 0,
            },
            Line {
                label: "#3 Undated".into(),
                depth: 0,
                span: None,
                milestone: false,
                summary: false,
                done: 0,
            },
        ];
        let frame = Frame {
            scale: Scale {
                origin: d(11, 2),
                px_per_day: 10.0,
            },
            zoom: Zoom::Week,
            from: d(11, 2),
            to: d(11, 20),
            label_width: 200.0,
            lang: Lang::En,
        };
        let (text, width, height) = svg(&lines, &[(0, 1)], &frame);
        assert_eq!((width, height), (380.0, HEADER + 3.0 * ROW));
        assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(!text.contains("<script"));
        // One bar with its progress half filled, one diamond, one arrow.
        assert!(text.contains(r#"<rect x="200" y="47" width="50" height="18""#));
        assert!(text.contains(r#"width="25" height="18""#));
        assert_eq!(text.matches("Z\" fill=\"#17325c\"").count(), 1);
        assert!(text.contains("M250 56H258V88H300"));
        assert!(text.ends_with("</g></svg>"));
    }
}
