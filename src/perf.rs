//! Performance marks for the benchmark harness (tests/bench): named points in the browser's
//! performance timeline, e.g. when the store has been read. Costs nothing a user would notice.

/// Adds a mark to the page's performance timeline (browser only).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
