//! Tells other tabs of this browser that the local store changed, and listens for them doing the same.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::BroadcastChannel;

const CHANNEL: &str = "tafel-local-store";

pub struct TabChannel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// `on_change` runs when another tab wrote; `None` where the browser has no BroadcastChannel.
    pub fn open(on_change: impl Fn() + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| on_change());
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Self {
            channel,
            _on_message: on_message,
        })
    }

    pub fn announce_change(&self) {
        // A closed channel only means no other tab hears it.
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str("changed"));
    }
}
