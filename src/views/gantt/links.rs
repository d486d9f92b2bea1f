//! Making and removing follows/precedes links on the timeline. By mouse: drag from the dot at a
//! bar's end onto another bar. By keyboard: L on the predecessor, arrows to the successor, Enter.
//! A new link that would close a circle is refused before anything is sent; after a link is made
//! the successor is scheduled after its new predecessor.

use super::GanttCtx;
use super::editing::plan_of;
use crate::domain::schedule::would_create_cycle;
use crate::domain::{NewRelation, RelationKind, WorkPackageId};
use crate::i18n::Key;
use leptos::prelude::*;

impl GanttCtx {
    /// Starts a link from `from`; the next bar chosen becomes its successor.
    pub fn start_link(self, from: WorkPackageId) {
        self.linking.set(Some(from));
        self.announcer.say(
            self.i18n
                .fill(Key::GanttLinkStarted, &[("subject", &self.subject(from))]),
        );
    }

    pub fn cancel_link(self) {
        if self.linking.get_untracked().is_some() {
            self.linking.set(None);
            self.announcer
                .say(self.i18n.t(Key::GanttLinkCancelled).to_owned());
        }
    }

    /// Links `from` before `to`, unless that closes a circle; then schedules `to` after it.
    pub fn finish_link(self, to: WorkPackageId) {
        let Some(from) = self.linking.get_untracked() else {
            return;
        };
        self.linking.set(None);
        if from == to {
            return;
        }
        let graph = self
            .relations
            .with_untracked(|r| plan_of(self.project, r, self.plan));
        if would_create_cycle(&graph, from, to) {
            let path = format!("#{} → #{} → #{}", from.0, to.0, from.0);
            let text = self.i18n.fill(Key::GanttCycle, &[("path", &path)]);
            self.notices.error(text.clone());
            self.announcer.say(text);
            return;
        }
        let relation = NewRelation {
            from,
            to,
            kind: RelationKind::Precedes,
            lag: None,
            description: String::new(),
        };
        leptos::task::spawn_local(async move {
            if let Ok(Some(created)) = self.actions.relate(relation).await {
                self.relations.update(|list| list.push(created));
                // The graph must know the new link now, not after the next render.
                self.plan.update_value(super::editing::PlanCache::forget);
                self.announcer.say(self.i18n.fill(
                    Key::GanttLinked,
                    &[("from", &self.subject(from)), ("to", &self.subject(to))],
                ));
                self.follow_new_link(from);
            }
        });
    }

    /// Chooses a link, to remove it with Delete on the focused predecessor or in the links list.
    pub fn select_link(self, from: WorkPackageId, to: WorkPackageId) {
        self.selected_link.set(Some((from, to)));
        self.focused.set(Some(from));
        crate::components::focus::focus_when_drawn(format!("[data-bar-id=\"{}\"]", from.0));
        self.announcer.say(self.i18n.fill(
            Key::GanttLinkSelected,
            &[("from", &self.subject(from)), ("to", &self.subject(to))],
        ));
    }

    /// Removes the link between two work packages, whichever way round it was stored.
    pub fn remove_link(self, from: WorkPackageId, to: WorkPackageId) {
        let found = self.relations.with_untracked(|list| {
            list.iter()
                .find(|r| {
                    (r.kind == RelationKind::Precedes && (r.from, r.to) == (from, to))
                        || (r.kind == RelationKind::Follows && (r.from, r.to) == (to, from))
                })
                .map(|r| r.id)
        });
        let Some(id) = found else {
            return;
        };
        leptos::task::spawn_local(async move {
            if self.actions.unrelate(id).await.is_ok() {
                self.relations.update(|list| list.retain(|r| r.id != id));
                if self.selected_link.get_untracked() == Some((from, to)) {
                    self.selected_link.set(None);
                }
                self.plan.update_value(super::editing::PlanCache::forget);
                // The last link of the bar gone, the links list and its button go too.
                if let Some(bar) = self.focused.get_untracked() {
                    crate::components::focus::refocus_if_lost(vec![format!(
                        "[data-bar-id=\"{}\"]",
                        bar.0
                    )]);
                }
                self.announcer.say(self.i18n.fill(
                    Key::GanttUnlinked,
                    &[("from", &self.subject(from)), ("to", &self.subject(to))],
                ));
            }
        });
    }

    /// Where a pointer let go of a link: the bar under it, if any.
    pub fn link_target_at(x: i32, y: i32) -> Option<WorkPackageId> {
        #[allow(clippy::cast_precision_loss)]
        let element = document().element_from_point(x as f32, y as f32)?;
        let bar = element.closest("[data-bar-id]").ok()??;
        bar.get_attribute("data-bar-id")?
            .parse()
            .ok()
            .map(WorkPackageId)
    }
}

/// Lists the links of the focused bar, to remove one by keyboard (or after clicking its arrow).
#[component]
pub fn LinkTools() -> impl IntoView {
    let gantt = super::use_gantt();
    let i18n = gantt.i18n;
    let links = Memo::new(move |_| {
        let Some(id) = gantt.focused.get() else {
            return Vec::new();
        };
        gantt.links.with(|links| {
            links
                .iter()
                .filter(|(a, b, _)| *a == id || *b == id)
                .map(|(a, b, _)| (*a, *b))
                .collect::<Vec<_>>()
        })
    });
    // The selected link if it is one of the focused bar's, else the first of them.
    let chosen = move || {
        let selected = gantt.selected_link.get();
        links.with(|l| {
            selected
                .filter(|s| l.contains(s))
                .or_else(|| l.first().copied())
        })
    };
    let remove = move |_| {
        let pair = chosen();
        if let Some((from, to)) = pair {
            gantt.remove_link(from, to);
        }
    };
    view! {
        <Show when=move || !links.with(Vec::is_empty)>
            <div class="tafel-field tafel-field--inline">
                <label for="tafel-gantt-links">{i18n.tr(Key::GanttLinks)}</label>
                <select
                    id="tafel-gantt-links"
                    class="tafel-select"
                    on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        let pair = links.with_untracked(|l| {
                            l.iter().copied().find(|(a, b)| format!("{}-{}", a.0, b.0) == picked)
                        });
                        gantt.selected_link.set(pair);
                    }
                >
                    {move || links.get().into_iter().map(|(a, b)| {
                        let text = format!("#{} → #{}", a.0, b.0);
                        view! {
                            <option
                                value=format!("{}-{}", a.0, b.0)
                                selected=move || chosen() == Some((a, b))
                            >
                                {text}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="tafel-button" on:click=remove>{i18n.tr(Key::GanttRemoveLink)}</button>
        </Show>
    }
}
