//! Sorting by a numeric rank (a position, then an id), done by one sort of plain keys. Each
//! `sort_by_key` call would compile the standard library's whole sort again for its own item and
//! closure type; sorting `(rank, index)` pairs instead compiles it once, which keeps the download small.

/// Sorts `items` by `rank`, ascending; equal ranks keep their order.
pub fn sort_by_rank<T>(items: &mut Vec<T>, rank: impl Fn(&T) -> (i64, u64)) {
    let mut keys: Vec<(i64, u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let (major, minor) = rank(item);
            (major, minor, index)
        })
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keys.into_iter()
            .filter_map(|(_, _, index)| slots[index].take()),
    );
}

#[cfg(test)]
mod tests {
    use super::sort_by_rank;

    #[test]
    fn sorts_by_rank_and_keeps_ties_in_order() {
        let mut items = vec![("c", 2), ("a", 1), ("b", 2), ("d", 0)];
        sort_by_rank(&mut items, |(_, rank)| (*rank, 0));
        assert_eq!(items, vec![("d", 0), ("a", 1), ("c", 2), ("b", 2)]);
    }
}
