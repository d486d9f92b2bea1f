//! The dialogs that ask to sign in again when the server stopped accepting the credentials, one
//! per way of signing in; the unsent edits wait meanwhile and are sent once it works.

use crate::api::ApiError;
use crate::api::credentials;
use crate::domain::embed::{Outbound, ProtocolError, TokenScheme};
use crate::i18n::Key;
use crate::startup::BeginOAuth;
use crate::state::notices::api_error_text;
use crate::state::prefs::use_i18n;
use crate::state::session::{SessionExpired, SignedInAgain};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Open while the session is expired; closing it leaves the edits waiting.
#[component]
fn SignInAgainDialog(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let expired = expect_context::<SessionExpired>().0;
    view! {
        <crate::components::dialog::Dialog
            open=expired
            title=Signal::derive(move || i18n.t(Key::SignInAgainTitle).to_owned())
            on_close=Callback::new(move |()| expired.set(false))
            close_label=Signal::derive(move || i18n.t(Key::Close).to_owned())
        >
            {children()}
        </crate::components::dialog::Dialog>
    }
}

/// Asks for a new API token when the server stopped accepting the old one (or, with `typed` off,
/// only waits for the embedding host to hand one over); the edits that failed meanwhile are sent
/// again once it works.
#[component]
pub fn SignInAgain(server: String, typed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let backend = crate::state::backend::use_backend();
    let notices = crate::state::notices::use_notices();
    let expired = expect_context::<SessionExpired>().0;
    let signed_in = expect_context::<SignedInAgain>();
    let server = StoredValue::new(server);
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let embed = crate::state::embed::use_embed();
    // A token typed here, or handed over by an embedding host (which is told why it was refused).
    let try_token = move |entered: String, scheme: TokenScheme, from_host: bool| {
        let backend = backend.get();
        busy.set(true);
        spawn_local(async move {
            match backend.sign_in_again(entered.clone(), scheme).await {
                Ok(()) => {
                    // Only for this tab: the user did not ask to be remembered here. A host's
                    // OAuth token stays in memory, the host's to renew.
                    if scheme == TokenScheme::ApiKey {
                        let _ = credentials::save(&server.get_value(), &entered, false);
                    }
                    token.set(String::new());
                    error.set(None);
                    expired.set(false);
                    signed_in.0.update(|n| *n += 1);
                    notices.retry_all();
                }
                Err(refused) => {
                    let text = match refused {
                        ApiError::Unauthenticated | ApiError::Forbidden => {
                            i18n.t(Key::TokenRefused).to_owned()
                        }
                        other => api_error_text(i18n.lang_untracked(), &other),
                    };
                    if from_host {
                        embed.refuse(ProtocolError::new("token-refused", text.clone()));
                    }
                    error.set(Some(text));
                }
            }
            busy.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        try_token(
            token.get_untracked().trim().to_owned(),
            TokenScheme::ApiKey,
            false,
        );
    };
    // In a frame, the host may hold the user's token: it is asked for a new one, and may send it.
    Effect::new(move || {
        if expired.get() {
            embed.tell(&Outbound::NeedsToken);
        }
    });
    Effect::new(move || {
        if !expired.get() {
            return;
        }
        let Some(handed) = embed.token.get() else {
            return;
        };
        embed.token.set(None);
        try_token(handed.token, handed.scheme, true);
    });
    view! {
        <SignInAgainDialog>
            {if typed {
                view! {
                    <form class="tafel-form" on:submit=submit data-testid="sign-in-again">
                        <p>{i18n.tr(Key::ErrUnauthenticated)}</p>
                        <super::sign_in::TokenField id="tafel-token-again" token error/>
                        <div class="tafel-row tafel-row--end">
                            <button type="submit" class="tafel-button tafel-button--primary" disabled=move || busy.get()>
                                {i18n.tr(Key::SignIn)}
                            </button>
                        </div>
                    </form>
                }
                .into_any()
            } else {
                // The portal around Tafel holds the sign-in; it was asked for a new one.
                view! {
                    <div class="tafel-form" data-testid="sign-in-again">
                        <p>{i18n.tr(Key::HostSignInAgainText)}</p>
                        <p class="tafel-field__error" role="alert">{move || error.get()}</p>
                    </div>
                }
                .into_any()
            }}
        </SignInAgainDialog>
    }
}

/// Sends the user to OpenProject's sign-in page again when the access token ended and could not be
/// renewed. The unsent changes wait in this browser's journal and are sent after the way back.
#[component]
pub fn OAuthAgain(
    server: String,
    client_id: String,
    redirect_uri: String,
    /// `startup::begin_oauth`, handed in (see [`BeginOAuth`]).
    begin_oauth: BeginOAuth,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        let sign_in = begin_oauth(server.clone(), client_id.clone(), redirect_uri.clone());
        leptos::task::spawn_local(async move {
            if let Err(reason) = sign_in.await {
                error.set(Some(i18n.fill(Key::SignInRefused, &[("reason", &reason)])));
            }
        });
    };
    view! {
        <SignInAgainDialog>
            <div class="tafel-form" data-testid="sign-in-again">
                <p>{i18n.tr(Key::OAuthSignInAgainText)}</p>
                <p class="tafel-field__error" role="alert">{move || error.get()}</p>
                <div class="tafel-row tafel-row--end">
                    <button type="button" class="tafel-button tafel-button--primary" on:click=start>
                        {i18n.tr(Key::SignInWithOpenProject)}
                    </button>
                </div>
            </div>
        </SignInAgainDialog>
    }
}
