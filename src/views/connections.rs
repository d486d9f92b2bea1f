//! Settings → Connection: which OpenProject server Tafel works with, chosen in the app when the
//! deployment's `config.json` names none. Connecting or leaving reloads the app, so nothing of one
//! backend stays in memory with the other.

use crate::api::connections::{Connections, Server, SignInMethod, normalize_url};
use crate::app::CurrentServer;
use crate::i18n::Key;
use crate::startup::{connected_in_app, use_local_store};
use crate::state::notices::use_notices;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

fn connect(server: Server) -> Result<(), String> {
    let mut connections = Connections::load();
    connections.connect(server);
    connections.save()?;
    let _ = window().location().reload();
    Ok(())
}

#[component]
pub fn ConnectionSettings() -> impl IntoView {
    let i18n = use_i18n();
    let notices = use_notices();
    let current = expect_context::<CurrentServer>().0;
    // A server named by the deployment is not the user's to change.
    if let Some(server) = current.clone().filter(|s| !connected_in_app(s)) {
        return view! {
            <p data-testid="connection-status">{move || i18n.fill(Key::ConnectionConfigured, &[("server", &server)])}</p>
        }
        .into_any();
    }
    let saved = RwSignal::new(Connections::load().servers);
    let url = RwSignal::new(String::new());
    let method = RwSignal::new(SignInMethod::ApiKey);
    let url_error = RwSignal::new(None::<String>);
    let fail = move |reason: String| {
        notices.error(i18n.fill(Key::ConnectionFailed, &[("reason", &reason)]));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(url) = normalize_url(&url.get_untracked()) else {
            url_error.set(Some(i18n.t(Key::ConnectionUrlInvalid).to_owned()));
            return;
        };
        url_error.set(None);
        if let Err(reason) = connect(Server {
            url,
            sign_in: method.get_untracked(),
        }) {
            fail(reason);
        }
    };
    let remove = move |url: String| {
        let mut connections = Connections::load();
        connections.remove(&url);
        match connections.save() {
            Ok(()) => saved.set(connections.servers),
            Err(reason) => fail(reason),
        }
    };
    let method_label = move |m: SignInMethod| {
        i18n.t(match m {
            SignInMethod::ApiKey => Key::SignInApiKey,
            SignInMethod::None => Key::SignInNone,
            SignInMethod::Session => Key::SignInSession,
        })
    };
    let status = current.clone();
    view! {
        <p data-testid="connection-status">
            {move || match &status {
                Some(server) => i18n.fill(Key::ServerBadge, &[("server", server)]),
                None => i18n.t(Key::ConnectionLocal).to_owned(),
            }}
        </p>
        {current.is_some().then(|| view! {
            <div class="tafel-row">
                <button type="button" class="tafel-button" on:click=move |_| use_local_store()>
                    {i18n.tr(Key::ConnectionUseLocal)}
                </button>
            </div>
        })}
        <ul class="tafel-connections" hidden=move || saved.with(Vec::is_empty)>
            <For each=move || saved.get() key=|s| s.url.clone() let:server>
                {
                    let in_use = current.as_deref() == Some(server.url.as_str());
                    let label = format!("{} ({})", server.url, method_label(server.sign_in));
                    let url = server.url.clone();
                    view! {
                        <li class="tafel-row">
                            <span>{label}</span>
                            <button type="button" class="tafel-button" disabled=in_use
                                aria-label=i18n.fill(Key::ConnectionUseServer, &[("server", &url)])
                                on:click=move |_| if let Err(reason) = connect(server.clone()) { fail(reason) }>
                                {i18n.tr(Key::ConnectionUse)}
                            </button>
                            <button type="button" class="tafel-button" disabled=in_use
                                aria-label=i18n.fill(Key::ConnectionRemove, &[("server", &url)])
                                on:click=move |_| remove(url.clone())>
                                {i18n.tr(Key::Remove)}
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
        <form class="tafel-form" on:submit=submit data-testid="connect-form" novalidate=true>
            <h3>{i18n.tr(Key::ConnectionAdd)}</h3>
            <div class="tafel-field">
                <label for="tafel-connect-url">{i18n.tr(Key::ConnectionUrl)}</label>
                <input
                    id="tafel-connect-url"
                    class="tafel-input"
                    type="url"
                    placeholder="https://openproject.example.org"
                    aria-describedby="tafel-connect-hint tafel-connect-error"
                    aria-invalid=move || url_error.with(Option::is_some).to_string()
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev))
                />
                <p id="tafel-connect-error" class="tafel-field__error" role="alert">{move || url_error.get()}</p>
                <p id="tafel-connect-hint" class="tafel-field__hint">{i18n.tr(Key::ConnectionHint)}</p>
            </div>
            <div class="tafel-field">
                <label for="tafel-connect-method">{i18n.tr(Key::ConnectionSignIn)}</label>
                <select
                    id="tafel-connect-method"
                    class="tafel-select"
                    on:change=move |ev| method.set(match event_target_value(&ev).as_str() {
                        "none" => SignInMethod::None,
                        "session" => SignInMethod::Session,
                        _ => SignInMethod::ApiKey,
                    })
                >
                    <option value="apikey">{move || method_label(SignInMethod::ApiKey)}</option>
                    <option value="none">{move || method_label(SignInMethod::None)}</option>
                    <option value="session">{move || method_label(SignInMethod::Session)}</option>
                </select>
            </div>
            <div class="tafel-row">
                <button type="submit" class="tafel-button tafel-button--primary">{i18n.tr(Key::ConnectionUse)}</button>
            </div>
        </form>
    }
    .into_any()
}
