//! Which tab sends the journal: the one holding the browser's lock for it (Web Locks API). A tab
//! holds it until it closes; then the browser hands it to the next tab waiting. Browsers without
//! Web Locks let every tab send, as before.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Calls `on_elected` once this tab holds the lock named `name`, which it then keeps for its lifetime.
pub fn elect(name: &str, on_elected: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let locks = Reflect::get(&window.navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(JsValue::is_object);
    let request = locks.as_ref().and_then(|locks| {
        Reflect::get(locks, &JsValue::from_str("request"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        on_elected();
        return;
    };
    let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        on_elected();
        // Never settles: the lock is released only when the tab goes away.
        Promise::new(&mut |_, _| {}).into()
    });
    let _ = request.call2(&locks, &JsValue::from_str(name), &granted);
}

/// Whether the browser believes it is online (`navigator.onLine`); a `false` is reliable, a `true`
/// only means some network is there.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
