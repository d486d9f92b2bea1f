//! Settings: language, theme, and the data kept in this browser (export, import, reset to demo).

use crate::components::dialog::Dialog;
use crate::components::download::download_text;
use crate::i18n::Key;
use crate::state::backend::use_backend;
use crate::state::notices::{api_error_text, use_notices};
use crate::state::prefs::use_i18n;
use crate::views::connections::ConnectionSettings;
use crate::views::shell::switchers::{LanguageSwitch, ThemeSwitch};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let has_local_store = backend.get().store_admin().is_some();
    view! {
        <section class="tafel-page tafel-settings">
            <h1>{i18n.tr(Key::SettingsTitle)}</h1>
            <section class="tafel-section">
                <h2>{i18n.tr(Key::Appearance)}</h2>
                <div class="tafel-row">
                    <LanguageSwitch/>
                    <ThemeSwitch/>
                </div>
            </section>
            <section class="tafel-section" data-testid="connection">
                <h2>{i18n.tr(Key::ConnectionTitle)}</h2>
                <ConnectionSettings/>
            </section>
            <section class="tafel-section">
                <h2>{i18n.tr(Key::LocalStoreTitle)}</h2>
                {if has_local_store {
                    view! { <LocalStoreActions/> }.into_any()
                } else {
                    view! { <p>{i18n.tr(Key::NotLocalStore)}</p> }.into_any()
                }}
            </section>
            {has_local_store.then(|| view! {
                <section class="tafel-section" data-testid="working-days">
                    <h2>{i18n.tr(Key::WorkWeekTitle)}</h2>
                    <crate::views::work_week::WorkWeekSettings/>
                </section>
            })}
        </section>
    }
}

#[component]
fn LocalStoreActions() -> impl IntoView {
    let i18n = use_i18n();
    let backend = use_backend();
    let notices = use_notices();
    let confirming = RwSignal::new(false);
    let admin = move || backend.get().store_admin();

    let export = move |_| {
        let Some(admin) = admin() else { return };
        spawn_local(async move {
            match admin.export_json().await {
                Ok(json) => {
                    let day = chrono::Local::now().date_naive();
                    if let Err(reason) = download_text(
                        &format!("tafel-export-{day}.json"),
                        "application/json",
                        &json,
                    ) {
                        notices.error(reason);
                    }
                }
                Err(error) => notices.error(api_error_text(i18n.lang_untracked(), &error)),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let Some(admin) = admin() else { return };
        spawn_local(async move {
            let lang = i18n.lang_untracked();
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let result = match text.ok().and_then(|t| t.as_string()) {
                Some(json) => admin
                    .import_json(json)
                    .await
                    .map_err(|e| api_error_text(lang, &e)),
                None => Err(lang.text(Key::ErrDecode).to_owned()),
            };
            match result {
                Ok(()) => notices.success(lang.text(Key::ImportDone).to_owned()),
                Err(reason) => notices.error(lang.fill(Key::ImportFailed, &[("reason", &reason)])),
            }
        });
    };
    let reset = move |_| {
        let Some(admin) = admin() else { return };
        spawn_local(async move {
            let lang = i18n.lang_untracked();
            match admin.reset_demo().await {
                Ok(()) => notices.success(lang.text(Key::ResetDone).to_owned()),
                Err(error) => notices.error(api_error_text(lang, &error)),
            }
            confirming.set(false);
        });
    };
    view! {
        <p>{i18n.tr(Key::LocalStoreText)}</p>
        <div class="tafel-row">
            <button type="button" class="tafel-button" on:click=export data-testid="export">{i18n.tr(Key::ExportData)}</button>
            <label class="tafel-button tafel-file">
                {i18n.tr(Key::ImportData)}
                <input type="file" accept="application/json,.json" class="tafel-sr-only" on:change=import data-testid="import"/>
            </label>
            <button type="button" class="tafel-button tafel-button--danger" on:click=move |_| confirming.set(true) data-testid="reset">
                {i18n.tr(Key::ResetDemo)}
            </button>
        </div>
        <Dialog
            open=confirming
            title=Signal::derive(i18n.tr(Key::ConfirmResetTitle).to_owned())
            on_close=Callback::new(move |()| confirming.set(false))
            close_label=Signal::derive(i18n.tr(Key::Close).to_owned())
        >
            <p>{i18n.tr(Key::ConfirmResetBody)}</p>
            <div class="tafel-row tafel-row--end">
                <button type="button" class="tafel-button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
                <button type="button" class="tafel-button tafel-button--danger" on:click=reset data-testid="confirm-reset">{i18n.tr(Key::ResetDemo)}</button>
            </div>
        </Dialog>
    }
}
