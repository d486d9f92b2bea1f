//! Where a signed-in user's token is kept: for this tab only (session storage) unless the user asked to
//! be remembered on this device (local storage). Never in URLs, never logged.
//!
//! The rules are written against [`Store`] so that native tests can check which storage receives
//! what; in the browser the two stores are `sessionStorage` and `localStorage`.

const PREFIX: &str = "tafel.token.";
const PENDING: &str = "tafel.oauth.pending";
const REFRESH_PREFIX: &str = "tafel.refresh.";

/// A key-value storage: the browser's session or local storage, or memory in tests.
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    /// False when the storage refused (quota, private mode).
    fn set(&self, key: &str, value: &str) -> bool;
    fn remove(&self, key: &str);
}

impl Store for web_sys::Storage {
    fn get(&self, key: &str) -> Option<String> {
        self.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> bool {
        self.set_item(key, value).is_ok()
    }

    fn remove(&self, key: &str) {
        // Nothing to undo if it was never there.
        let _ = self.remove_item(key);
    }
}

/// The storage for this tab and the one that survives closing the browser.
pub struct Stores<S> {
    pub session: Option<S>,
    pub local: Option<S>,
}

fn browser() -> Stores<web_sys::Storage> {
    let window = web_sys::window();
    Stores {
        session: window
            .as_ref()
            .and_then(|w| w.session_storage().ok().flatten()),
        local: window
            .as_ref()
            .and_then(|w| w.local_storage().ok().flatten()),
    }
}

fn key(base_url: &str) -> String {
    format!("{PREFIX}{base_url}")
}

impl<S: Store> Stores<S> {
    fn both(&self) -> impl Iterator<Item = &S> {
        self.session.iter().chain(self.local.iter())
    }

    pub fn load(&self, base_url: &str) -> Option<String> {
        let key = key(base_url);
        self.both()
            .find_map(|storage| storage.get(&key))
            .filter(|token| !token.is_empty())
    }

    /// Keeps the token; only `remember` puts it in local storage, where it survives closing the
    /// browser. A token kept earlier in the other storage is removed first.
    pub fn save(&self, base_url: &str, token: &str, remember: bool) -> Result<(), String> {
        self.forget(base_url);
        let storage = if remember { &self.local } else { &self.session };
        let storage = storage.as_ref().ok_or("this browser offers no storage")?;
        if storage.set(&key(base_url), token) {
            Ok(())
        } else {
            Err("this browser refused to store the token".to_owned())
        }
    }

    pub fn forget(&self, base_url: &str) {
        let key = key(base_url);
        let refresh = format!("{REFRESH_PREFIX}{base_url}");
        for storage in self.both() {
            storage.remove(&key);
            storage.remove(&refresh);
        }
    }

    /// Keeps the PKCE verifier and the state for the length of the redirect to the sign-in page
    /// and back, in this tab only.
    pub fn save_pending_sign_in(&self, state: &str, verifier: &str) -> Result<(), String> {
        let storage = self
            .session
            .as_ref()
            .ok_or("this browser offers no storage")?;
        if storage.set(PENDING, &format!("{state} {verifier}")) {
            Ok(())
        } else {
            Err("this browser refused to store the sign-in".to_owned())
        }
    }

    /// The pending sign-in, removed as it is read: a code can be used once.
    pub fn take_pending_sign_in(&self) -> Option<(String, String)> {
        let storage = self.session.as_ref()?;
        let value = storage.get(PENDING)?;
        storage.remove(PENDING);
        let (state, verifier) = value.split_once(' ')?;
        Some((state.to_owned(), verifier.to_owned()))
    }

    /// The OAuth refresh token, for this tab only.
    pub fn save_refresh(&self, base_url: &str, token: &str) {
        if let Some(storage) = &self.session {
            // Without it the user signs in again when the access token expires; nothing is lost.
            storage.set(&format!("{REFRESH_PREFIX}{base_url}"), token);
        }
    }

    pub fn load_refresh(&self, base_url: &str) -> Option<String> {
        self.session
            .as_ref()?
            .get(&format!("{REFRESH_PREFIX}{base_url}"))
    }
}

pub fn load(base_url: &str) -> Option<String> {
    browser().load(base_url)
}

/// Keeps the token; `remember` puts it where it survives closing the browser.
pub fn save(base_url: &str, token: &str, remember: bool) -> Result<(), String> {
    browser().save(base_url, token, remember)
}

pub fn forget(base_url: &str) {
    browser().forget(base_url);
}

pub fn save_pending_sign_in(state: &str, verifier: &str) -> Result<(), String> {
    browser().save_pending_sign_in(state, verifier)
}

pub fn take_pending_sign_in() -> Option<(String, String)> {
    browser().take_pending_sign_in()
}

pub fn save_refresh(base_url: &str, token: &str) {
    browser().save_refresh(base_url, token);
}

pub fn load_refresh(base_url: &str) -> Option<String> {
    browser().load_refresh(base_url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Memory(RefCell<BTreeMap<String, String>>);

    impl Store for Memory {
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) -> bool {
            self.0.borrow_mut().insert(key.to_owned(), value.to_owned());
            true
        }
        fn remove(&self, key: &str) {
            self.0.borrow_mut().remove(key);
        }
    }

    fn stores() -> Stores<Memory> {
        Stores {
            session: Some(Memory::default()),
            local: Some(Memory::default()),
        }
    }

    fn all(store: Option<&Memory>) -> String {
        format!("{:?}", store.unwrap().0.borrow())
    }

    const SERVER: &str = "https://op.example.org";

    #[test]
    fn a_token_stays_in_this_tab_unless_the_user_asks_to_be_remembered() {
        let s = stores();
        s.save(SERVER, "s3cret", false).unwrap();
        assert!(all(s.session.as_ref()).contains("s3cret"));
        assert!(!all(s.local.as_ref()).contains("s3cret"));
        assert_eq!(s.load(SERVER).as_deref(), Some("s3cret"));

        s.save(SERVER, "rem3mbered", true).unwrap();
        assert!(all(s.local.as_ref()).contains("rem3mbered"));
        assert!(
            !all(s.session.as_ref()).contains("s3cret"),
            "the tab copy is replaced"
        );

        // Choosing not to be remembered again takes the token off the device.
        s.save(SERVER, "again", false).unwrap();
        assert!(!all(s.local.as_ref()).contains("rem3mbered"));
    }

    #[test]
    fn refresh_tokens_and_pending_sign_ins_never_reach_local_storage() {
        let s = stores();
        s.save_refresh(SERVER, "r3fresh");
        s.save_pending_sign_in("st4te", "v3rifier").unwrap();
        assert_eq!(all(s.local.as_ref()), "{}");
        assert_eq!(s.load_refresh(SERVER).as_deref(), Some("r3fresh"));
        s.forget(SERVER);
        assert_eq!(s.load_refresh(SERVER), None);
    }

    #[test]
    fn a_pending_sign_in_can_be_taken_once() {
        let s = stores();
        s.save_pending_sign_in("st4te", "v3rifier").unwrap();
        assert_eq!(
            s.take_pending_sign_in(),
            Some(("st4te".to_owned(), "v3rifier".to_owned()))
        );
        assert_eq!(s.take_pending_sign_in(), None);
    }

    #[test]
    fn without_storage_nothing_is_kept_anywhere_else() {
        let s = Stores::<Memory> {
            session: None,
            local: Some(Memory::default()),
        };
        assert!(s.save(SERVER, "s3cret", false).is_err());
        assert!(s.save_pending_sign_in("a", "b").is_err());
        s.save_refresh(SERVER, "r");
        assert_eq!(all(s.local.as_ref()), "{}");
    }
}
