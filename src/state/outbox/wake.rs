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
