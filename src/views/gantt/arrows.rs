//! Follows/precedes arrows from the end of a predecessor to the start of its successor, drawn only
//! for the rows in view (either end), in one SVG laid over them. Clicking an arrow selects its link
//! (and focuses the predecessor's bar, where Delete removes it).

use super::{HEADER, ROW, use_gantt};
use crate::domain::WorkPackageId;
use leptos::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// The path of one arrow, in the SVG's coordinates: out to the right, down or up, into the successor
/// from the left, with a head.
fn path(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let out = x1 + 8.0;
    let body = if x2 - 8.0 >= out {
        format!("M{x1} {y1}H{out}V{y2}H{x2}")
    } else {
        let between = y1 + (y2 - y1).signum() * ROW / 2.0;
        format!("M{x1} {y1}H{out}V{between}H{}V{y2}H{x2}", x2 - 8.0)
    };
    format!("{body}M{x2} {y2}l-6 -4M{x2} {y2}l-6 4")
}

#[component]
pub fn Arrows(range: Memo<(usize, usize)>) -> impl IntoView {
    let gantt = use_gantt();
    // Each work package's links (indices into `links`), built when the relations change, so that a
    // scroll or a move looks only at the links of the rows in view instead of all of them (the
    // profile of a Gantt scroll at 100k showed the walk over every link in each frame).
    let links_of = Memo::new(move |_| {
        gantt.links.with(|links| {
            let mut by_end: HashMap<WorkPackageId, Vec<usize>> = HashMap::default();
            for (i, (from, to, _)) in links.iter().enumerate() {
                by_end.entry(*from).or_default().push(i);
                if to != from {
                    by_end.entry(*to).or_default().push(i);
                }
            }
            by_end
        })
    });
    let paths = move || {
        let (start, end) = range.get();
        let scale = gantt.scale.get();
        #[allow(clippy::cast_precision_loss)]
        let y = |index: usize| (index as f64 - start as f64) * ROW + ROW / 2.0;
        // The links with an end in view, in the order of `links` (as drawn before).
        let mut in_view: Vec<usize> = gantt.rows.with(|rows| {
            links_of.with(|links_of| {
                rows.get(start..end.min(rows.len()))
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|row| links_of.get(&row.id))
                    .flatten()
                    .copied()
                    .collect()
            })
        });
        in_view.sort_unstable();
        in_view.dedup();
        gantt.row_of.with(|rows| {
            gantt.links.with(|links| {
                in_view
                    .iter()
                    .filter_map(|i| links.get(*i))
                    .filter_map(|(from, to, _)| {
                        let (a, b) = (*rows.get(from)?, *rows.get(to)?);
                        if !(start..end).contains(&a) && !(start..end).contains(&b) {
                            return None;
                        }
                        let (_, finish) = gantt.shown_span(*from)?;
                        let (begin, _) = gantt.shown_span(*to)?;
                        let x1 = scale.x(finish) + scale.px_per_day;
                        let x2 = scale.x(begin);
                        Some(((*from, *to), path(x1, y(a), x2, y(b))))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    #[allow(clippy::cast_precision_loss)]
    let top = move || HEADER + range.get().0 as f64 * ROW;
    view! {
        <svg
            class="tafel-gantt__arrows"
            aria-hidden="true"
            style:top=move || format!("{}px", top())
        >
            {move || paths().into_iter().map(|((from, to), d)| {
                let selected = move || gantt.selected_link.get() == Some((from, to));
                view! {
                    <path
                        d=d.clone()
                        data-link=format!("{}-{}", from.0, to.0)
                        class:tafel-gantt__arrow--selected=selected
                    ></path>
                    // A wide invisible twin takes the clicks, so a thin arrow is easy to hit.
                    <path
                        d=d
                        class="tafel-gantt__arrow-hit"
                        data-link-hit=format!("{}-{}", from.0, to.0)
                        on:pointerdown=move |ev| {
                            // Keeps the browser from moving focus to the page, away from the bar.
                            ev.prevent_default();
                            ev.stop_propagation();
                            gantt.select_link(from, to);
                        }
                    ></path>
                }
            }).collect_view()}
        </svg>
    }
}
