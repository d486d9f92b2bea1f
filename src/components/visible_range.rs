//! Long lists (board columns, the table) draw only the items in view; this says which. Every item has
//! the same height, so the answer is arithmetic, whatever the length of the list.

/// Items drawn above and below the visible ones, so a quick scroll shows no gap.
const OVERSCAN: usize = 3;

/// The slice of a list to draw: `start..end` of `len` equally high items, for a list scrolled to
/// `scroll_top` whose visible box is `viewport` high and whose items take `row` pixels each.
pub fn visible_range(len: usize, row: f64, scroll_top: f64, viewport: f64) -> (usize, usize) {
    if row <= 0.0 {
        return (0, len);
    }
    // Truncation is the point: whole rows.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rows = |px: f64| (px.max(0.0) / row) as usize;
    let first = rows(scroll_top).min(len);
    let last = (rows(scroll_top + viewport) + 1).min(len);
    (first.saturating_sub(OVERSCAN), (last + OVERSCAN).min(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_rows_in_view_and_a_few_around_them() {
        assert_eq!(visible_range(10_000, 100.0, 0.0, 650.0), (0, 10));
        assert_eq!(visible_range(10_000, 100.0, 5_000.0, 650.0), (47, 60));
        assert_eq!(
            visible_range(10_000, 100.0, 999_400.0, 650.0),
            (9_991, 10_000)
        );
    }

    #[test]
    fn short_and_empty_columns_draw_everything() {
        assert_eq!(visible_range(4, 100.0, 0.0, 650.0), (0, 4));
        assert_eq!(visible_range(0, 100.0, 0.0, 650.0), (0, 0));
        assert_eq!(visible_range(7, 0.0, 0.0, 650.0), (0, 7));
    }
}
