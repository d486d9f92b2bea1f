//! Signing in to an OpenProject server with an API token.

use crate::i18n::Key;
use crate::state::prefs::use_i18n;
use leptos::prelude::*;

/// What the user entered; the app checks it against the server. No `Debug`: it holds a token.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenEntry {
    pub token: String,
    pub remember: bool,
}

#[component]
pub fn SignIn(
    server: String,
    /// A message from the last attempt (a refused token, an unreachable server).
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(into)] busy: Signal<bool>,
    on_submit: Callback<TokenEntry>,
    /// Offered when the user chose this server in the app: go back to the store in this browser.
    on_leave: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(TokenEntry {
            token: token.get_untracked().trim().to_owned(),
            remember: remember.get_untracked(),
        });
    };
    view! {
        <section class="tafel-page tafel-startup" data-testid="sign-in">
            <h1>{i18n.tr(Key::SignInTitle)}</h1>
            <p>{move || i18n.fill(Key::SignInText, &[("server", &server)])}</p>
            <form class="tafel-form" on:submit=submit>
                <TokenField id="tafel-token" token error help=true/>
                <label class="tafel-check">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    {i18n.tr(Key::RememberMe)}
                </label>
                <div class="tafel-row">
                    <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get()>
                        {i18n.tr(Key::SignIn)}
                    </button>
                    {on_leave.map(|leave| view! {
                        <button type="button" class="tafel-button" on:click=move |_| leave.run(())>
                            {i18n.tr(Key::ConnectionUseLocal)}
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}

/// Signing in through OpenProject's own sign-in page (OAuth).
#[component]
pub fn OAuthSignIn(
    server: String,
    #[prop(into)] error: Signal<Option<String>>,
    on_start: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tafel-page tafel-startup" data-testid="sign-in">
            <h1>{i18n.tr(Key::SignInTitle)}</h1>
            <p>{move || i18n.fill(Key::OAuthSignInText, &[("server", &server)])}</p>
            <p class="tafel-field__error" role="alert">{move || error.get()}</p>
            <button type="button" class="tafel-button tafel-button--primary" on:click=move |_| on_start.run(())>
                {i18n.tr(Key::SignInWithOpenProject)}
            </button>
        </section>
    }
}

/// The API token field of both sign-in forms: the token hidden as it is typed, and the hint (where
/// shown) and the last attempt's error tied to the field, so a screen reader reads them with it.
#[component]
pub(super) fn TokenField(
    /// The field's `id`; the hint's and the error's derive from it.
    id: &'static str,
    token: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Whether to say where OpenProject makes tokens.
    #[prop(optional)]
    help: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = if help {
        format!("{help_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="tafel-field">
            <label for=id>{i18n.tr(Key::ApiToken)}</label>
            <input
                id=id
                class="tafel-input"
                type="password"
                autocomplete="off"
                required=true
                aria-describedby=described_by
                prop:value=move || token.get()
                on:input=move |ev| token.set(event_target_value(&ev))
            />
            {help.then(|| view! { <p id=help_id class="tafel-muted">{i18n.tr(Key::ApiTokenHelp)}</p> })}
            <p id=error_id class="tafel-field__error" role="alert">{move || error.get()}</p>
        </div>
    }
}
