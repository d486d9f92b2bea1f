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
            {move || {
                let lang = i18n.lang();
                let (message, class) = match attachments.get() {
                    Some(Ok(Some(list))) if !list.is_empty() => return view! {
                        <ul class="tafel-list" data-testid="attachment-list">
                            {list.into_iter().map(|a| {
                                let size = a.size.map_or_else(String::new, |b| format::file_size(lang, b));
                                let meta = lang.fill(
                                    Key::AttachmentMeta,
                                    &[("size", &size), ("author", &a.author), ("date", &format::date_time(lang, a.created_at))],
                                );
                                // Only http(s) addresses get here (see the OpenProject decoder); without
                                // one the name is plain text, and says why.
                                let no_link = a.download.is_none().then(|| lang.text(Key::AttachmentNoLink));
                                view! {
                                    <li data-testid="attachment">
                                        <a href=a.download target="_blank" rel="noopener noreferrer">{a.file_name}</a>
                                        " "{no_link}" "<span class="tafel-muted">{meta}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    None => (lang.text(Key::Loading).to_owned(), "tafel-loading"),
                    Some(Err(e)) => (api_error_text(lang, &e), ""),
                    Some(Ok(None)) => (lang.text(Key::AttachmentsNotKept).to_owned(), "tafel-muted"),
                    Some(Ok(Some(_))) => (lang.text(Key::NoAttachments).to_owned(), "tafel-muted"),
                };
                view! { <p class=class role=class.is_empty().then_some("alert")>{message}</p> }.into_any()
            }}
        </section>
    }
}
