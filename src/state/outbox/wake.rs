//! A single-threaded "something changed" signal for the sending loop: it sleeps until notified,
//! or until a pause is over.

use futures_util::future::{Either, select};
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::task::{Poll, Waker};

#[derive(Default)]
pub struct Wake {
    notified: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Wake {
    pub fn notify(&self) {
        self.notified.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    /// Returns when notified (also if that happened since the last wait), or after `millis`.
    pub async fn wait(&self, millis: Option<u32>) {
        let notified = poll_fn(|cx| {
            if self.notified.replace(false) {
                Poll::Ready(())
            } else {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        });
        match millis {
            None => notified.await,
            Some(millis) => {
                let timer = gloo_timers::future::TimeoutFuture::new(millis);
                match select(Box::pin(notified), timer).await {
                    Either::Left(_) | Either::Right(_) => {}
                }
            }
        }
    }
}

/// Resolves once the browser has painted the next frame (a frame, then a task), or after 100 ms when
/// no frame comes (a hidden tab paints none).
pub async fn after_next_paint() {
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::request_animation_frame(move || {
            leptos::prelude::set_timeout(
                move || {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let painted = wasm_bindgen_futures::JsFuture::from(painted);
    let timer = gloo_timers::future::TimeoutFuture::new(100);
    match select(Box::pin(painted), timer).await {
        Either::Left(_) | Either::Right(_) => {}
    }
}
