//! The files attached to a work package, with download links where the backend keeps files. The
//! store in this browser keeps none, and says so rather than showing an empty list.

use crate::domain::WorkPackageId;
use crate::i18n::{Key, format};
use crate::state::backend::{use_backend, use_revision};
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Attachments(id: WorkPackageId) -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let revision = use_revision();
    let attachments = LocalResource::new(move || {
        revision.0.track();
        let backend = backend.get();
        async move { backend.attachments(id).await }
    });
    view! {
        <section class="tafel-section" aria-labelledby="tafel-attachments-title" data-testid="attachments">
            <h2 id="tafel-attachments-title">{i18n.tr(Key::Attachments)}</h2>
            {move || match attachments.get() {
                None => view! { <p class="tafel-loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{api_error_text(i18n.lang(), &e)}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="tafel-muted">{i18n.t(Key::AttachmentsNotKept)}</p> }.into_any(),
                Some(Ok(Some(list))) if list.is_empty() => view! { <p class="tafel-muted">{i18n.t(Key::NoAttachments)}</p> }.into_any(),
                Some(Ok(Some(list))) => view! {
                    <ul class="tafel-list" data-testid="attachment-list">
                        {list.into_iter().map(|a| {
                            let lang = i18n.lang();
                            let size = a.size.map_or_else(String::new, |b| format::file_size(lang, b));
                            let meta = lang.fill(
                                Key::AttachmentMeta,
                                &[("size", &size), ("author", &a.author), ("date", &format::date_time(lang, a.created_at))],
                            );
                            let name = a.file_name.clone();
                            view! {
                                <li data-testid="attachment">
                                    {match a.download {
                                        // Only http(s) addresses get here (see the OpenProject decoder).
                                        Some(href) => view! {
                                            <a href=href target="_blank" rel="noopener noreferrer">{name}</a>
                                        }.into_any(),
                                        None => view! { <span>{name}" "{i18n.t(Key::AttachmentNoLink)}</span> }.into_any(),
                                    }}
                                    " "<span class="tafel-muted">{meta}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
