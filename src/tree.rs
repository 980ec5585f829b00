//! Joining long chains into trees that stay shallow.
//!
//! `a and b and c ...` with thousands of terms is what block lists and port
//! lists look like. Built the obvious way, as a left-leaning tree, every
//! recursive walk over it (code generation, lowering, dropping) goes as
//! deep as the chain is long and overflows the stack. `and` and `or` are
//! associative and every walk visits the operands left to right, so a
//! balanced tree means the same and is only logarithmically deep. Short
//! chains, the ones people write by hand, keep the left-leaning shape the
//! grammar gives them.

/// Chains up to this many operands lean to the left, as parsed.
pub const LEFT_LEANING_MAX: usize = 16;

/// Join `items` in order with `join(left, right)`: a left-leaning tree for
/// short chains, a balanced one (depth `log2(n / 16) + 16`) for long ones.
/// `None` when `items` is empty.
pub fn join_balanced<T>(mut items: Vec<T>, join: &mut impl FnMut(T, T) -> T) -> Option<T> {
    if items.len() <= LEFT_LEANING_MAX {
        let mut it = items.into_iter();
        let first = it.next()?;
        return Some(it.fold(first, &mut *join));
    }
    let right = items.split_off(items.len() / 2);
    let l = join_balanced(items, join)?;
    let r = join_balanced(right, join)?;
    Some(join(l, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum T {
        Leaf(usize),
        Pair(Box<T>, Box<T>),
    }

    fn leaves(t: &T, out: &mut Vec<usize>) {
        match t {
            T::Leaf(n) => out.push(*n),
            T::Pair(a, b) => {
                leaves(a, out);
                leaves(b, out);
            }
        }
    }

    fn depth(t: &T) -> usize {
        match t {
            T::Leaf(_) => 0,
            T::Pair(a, b) => 1 + depth(a).max(depth(b)),
        }
    }

    fn build(n: usize) -> Option<T> {
        let items = (0..n).map(T::Leaf).collect();
        join_balanced(items, &mut |a, b| T::Pair(Box::new(a), Box::new(b)))
    }

    #[test]
    fn keeps_order_and_stays_shallow() {
        assert_eq!(build(0), None);
        for n in [1, 2, 3, 16, 17, 100, 10_000] {
            let t = build(n).unwrap();
            let mut seen = Vec::new();
            leaves(&t, &mut seen);
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
            let bound = LEFT_LEANING_MAX + (n as f64).log2().ceil() as usize;
            assert!(depth(&t) <= bound, "n = {n}: depth {}", depth(&t));
        }
    }

    #[test]
    fn short_chains_lean_left() {
        let t = build(3).unwrap();
        let left_leaning = T::Pair(
            Box::new(T::Pair(Box::new(T::Leaf(0)), Box::new(T::Leaf(1)))),
            Box::new(T::Leaf(2)),
        );
        assert_eq!(t, left_leaning);
    }
}
