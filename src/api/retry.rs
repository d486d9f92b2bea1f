//! What to do after a change failed to reach the backend: try again later, sign in again, ask the
//! user about a conflict, or give up and say why. And how long to wait before the next try.

use super::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Network, 5xx, 429, a full browser store: the change is kept and sent again after a pause.
    RetryLater,
    /// 401: the change waits until the user signed in again.
    SignInAgain,
    /// 409: someone else changed it first.
    Conflict,
    /// Any other refusal (403, 404, 422, an answer Tafel cannot read): sending it again unchanged
    /// would be refused again, so it is shown to the user.
    Refused,
}

pub fn disposition(error: &ApiError) -> Disposition {
    match error {
        // A 422 whose reason names no field of ours (OpenProject's `base`: a circle of relations,
        // two work packages related already) is a refusal; sending it again changes nothing.
        ApiError::Server { status, .. } if (400..500).contains(status) => Disposition::Refused,
        ApiError::Network(_)
        | ApiError::TimedOut
        | ApiError::Server { .. }
        | ApiError::Busy { .. }
        | ApiError::Storage(_) => Disposition::RetryLater,
        ApiError::Unauthenticated => Disposition::SignInAgain,
        ApiError::Conflict { .. } => Disposition::Conflict,
        ApiError::NotFound
        | ApiError::Invalid(_)
        | ApiError::Forbidden
        | ApiError::Decode(_)
        | ApiError::Corrupt(_) => Disposition::Refused,
    }
}

/// Whether the request may have done its work although the answer did not arrive: the connection
/// broke after it was sent, a gateway gave up waiting, or the answer was cut off. Such a creation
/// is looked up before it is sent again.
pub fn maybe_done(error: &ApiError) -> bool {
    match error {
        ApiError::Network(_) | ApiError::TimedOut | ApiError::Decode(_) => true,
        ApiError::Server { status, .. } => matches!(status, 502 | 504),
        _ => false,
    }
}

/// The first pause after a failure.
pub const FIRST_DELAY_MS: u32 = 500;
/// The longest pause between two tries.
pub const MAX_DELAY_MS: u32 = 60_000;

/// The pause before try number `attempt + 1` (`attempt` ≥ 1 tries failed): doubling from
/// `FIRST_DELAY_MS` up to `MAX_DELAY_MS`, with "equal jitter" (half fixed, half random from
/// `jitter` in 0..1) so that many browsers coming back online do not all knock at once. A server's
/// `Retry-After` is honoured when it asks for longer.
pub fn backoff_ms(attempt: u32, jitter: f64, retry_after_s: Option<u32>) -> u32 {
    let exponent = attempt.saturating_sub(1).min(16);
    let ceiling = FIRST_DELAY_MS
        .saturating_mul(1 << exponent)
        .min(MAX_DELAY_MS);
    let half = ceiling / 2;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let random = (f64::from(half) * jitter.clamp(0.0, 1.0)) as u32;
    let delay = half + random;
    let asked = retry_after_s.map_or(0, |s| s.saturating_mul(1000));
    delay.max(asked)
}

/// How often a read (GET) is sent in all before its failure reaches the caller. Reads change
/// nothing, so the backend tries them again by itself: one lost answer on a flaky connection does
/// not end a page load on the Retry screen. Writes are the outbox's to try again.
pub const READ_TRIES: u32 = 4;

/// Whether a read answered with `status` is worth sending again: the server failed or was busy.
pub fn read_again(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// The seconds a `Busy` answer asked to wait, if any.
pub fn retry_after(error: &ApiError) -> Option<u32> {
    match error {
        ApiError::Busy { retry_after_s } => *retry_after_s,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_and_server_failures_are_retried_refusals_are_not() {
        assert_eq!(
            disposition(&ApiError::Network("x".into())),
            Disposition::RetryLater
        );
        assert_eq!(
            disposition(&ApiError::Server {
                status: 500,
                message: String::new()
            }),
            Disposition::RetryLater
        );
        assert_eq!(
            disposition(&ApiError::Busy {
                retry_after_s: Some(3)
            }),
            Disposition::RetryLater
        );
        assert_eq!(
            disposition(&ApiError::Unauthenticated),
            Disposition::SignInAgain
        );
        assert_eq!(disposition(&ApiError::Forbidden), Disposition::Refused);
        assert_eq!(disposition(&ApiError::NotFound), Disposition::Refused);
        assert_eq!(
            disposition(&ApiError::Server {
                status: 422,
                message: "circular dependency".to_owned()
            }),
            Disposition::Refused
        );
        assert_eq!(
            disposition(&ApiError::Invalid(vec![])),
            Disposition::Refused
        );
    }

    #[test]
    fn a_lost_answer_may_have_done_the_work() {
        assert!(maybe_done(&ApiError::Network("reset".into())));
        assert!(maybe_done(&ApiError::Decode("truncated".into())));
        assert!(maybe_done(&ApiError::Server {
            status: 504,
            message: String::new()
        }));
        assert!(!maybe_done(&ApiError::Server {
            status: 500,
            message: String::new()
        }));
        assert!(!maybe_done(&ApiError::Busy {
            retry_after_s: None
        }));
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_a_ceiling() {
        assert_eq!(backoff_ms(1, 0.0, None), 250);
        assert_eq!(backoff_ms(1, 1.0, None), 500);
        assert_eq!(backoff_ms(2, 0.0, None), 500);
        assert_eq!(backoff_ms(3, 1.0, None), 2000);
        assert_eq!(backoff_ms(40, 1.0, None), MAX_DELAY_MS);
        assert!(backoff_ms(40, 0.0, None) >= MAX_DELAY_MS / 2);
        for attempt in 1..20 {
            let low = backoff_ms(attempt, 0.0, None);
            let high = backoff_ms(attempt, 1.0, None);
            assert!(low <= high && high <= MAX_DELAY_MS);
        }
    }

    #[test]
    fn reads_are_sent_again_after_server_failures_and_rate_limits_only() {
        assert!(read_again(500) && read_again(503) && read_again(429));
        assert!(!read_again(200) && !read_again(401) && !read_again(404) && !read_again(409));
    }

    #[test]
    fn retry_after_is_honoured_when_longer() {
        assert_eq!(backoff_ms(1, 0.5, Some(3)), 3000);
        assert_eq!(backoff_ms(10, 1.0, Some(1)), 60_000);
    }
}
