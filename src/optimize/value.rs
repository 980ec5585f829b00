//! Symbolic values and what is known about them.
//!
//! Every value a filter computes is a pure function of the packet (its bytes
//! and its wire length), so one global table of hash-consed expressions
//! ([`Values`]) gives the same number to the same computation wherever it
//! happens in the graph. What varies from path to path is only which value a
//! register holds and which facts (ranges, known bits, excluded constants)
//! the tests above have established; that is a [`State`].

use crate::cbpf::op;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher (the "Fx" multiply-rotate hash): keys
/// here are small integers and value expressions, never attacker-chosen in
/// a way that matters, and SipHash dominated the optimizer's run time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `HashMap` with [`FxHasher`].
pub type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A value number.
pub type VId = u32;

/// Register slots of a [`State`]: `M[0..16]`, then A, then X.
pub const REG_A: usize = 16;
pub const REG_X: usize = 17;
pub const NREGS: usize = 18;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    Const(u32),
    /// The packet's wire length (`ld len`).
    Len,
    /// A packet load of `size` bytes at `index + off` (`index` absent for
    /// absolute loads).
    Load {
        size: u8,
        index: Option<VId>,
        off: u32,
    },
    /// `4*([off]&0xf)`
    Msh(u32),
    /// `a OP b`, `op` the ALU operation bits.
    Alu {
        op: u16,
        a: VId,
        b: VId,
    },
    Neg(VId),
    /// The content of scratch slot `i` when the program starts (never read
    /// by valid programs; kept opaque).
    Entry(u8),
    /// Whatever a register holds where paths join: one per block and list
    /// of incoming values, so registers with equal incoming values on every
    /// path share one value.
    Phi {
        block: u32,
        inputs: Vec<VId>,
    },
}

/// The hash-consing table of values.
#[derive(Default)]
pub struct Values {
    vals: Vec<Val>,
    ids: HashMap<Val, VId>,
    /// Per value: it is, or is computed from, a [`Val::Phi`] or
    /// [`Val::Entry`]. Such a value exists only in registers: no statement
    /// later on a path can compute it again, so what is known about it is
    /// worth keeping only while a register holds it (see [`State::prune`]).
    pinned: Vec<bool>,
}

impl Values {
    pub fn intern(&mut self, v: Val) -> VId {
        if let Some(&id) = self.ids.get(&v) {
            return id;
        }
        let id = self.vals.len() as VId;
        let pinned = match &v {
            Val::Phi { .. } | Val::Entry(_) => true,
            Val::Load { index: Some(x), .. } | Val::Neg(x) => self.pinned[*x as usize],
            Val::Alu { a, b, .. } => self.pinned[*a as usize] || self.pinned[*b as usize],
            Val::Const(_) | Val::Len | Val::Load { index: None, .. } | Val::Msh(_) => false,
        };
        self.pinned.push(pinned);
        self.vals.push(v.clone());
        self.ids.insert(v, id);
        id
    }

    pub fn pinned(&self, id: VId) -> bool {
        self.pinned[id as usize]
    }

    /// The operands of `id` that are [pinned](Values::pinned).
    fn pinned_operands(&self, id: VId) -> impl Iterator<Item = VId> + '_ {
        let operands = match *self.get(id) {
            Val::Alu { a, b, .. } => [Some(a), Some(b)],
            Val::Neg(x) | Val::Load { index: Some(x), .. } => [Some(x), None],
            _ => [None, None],
        };
        operands.into_iter().flatten().filter(|&x| self.pinned(x))
    }

    pub fn get(&self, id: VId) -> &Val {
        &self.vals[id as usize]
    }

    pub fn konst(&mut self, c: u32) -> VId {
        self.intern(Val::Const(c))
    }

    pub fn as_const(&self, id: VId) -> Option<u32> {
        match self.vals[id as usize] {
            Val::Const(c) => Some(c),
            _ => None,
        }
    }

    /// `a OP b`, folded when both are constants and simplified for the
    /// algebraic identities that cannot change the result.
    pub fn alu(&mut self, alu_op: u16, a: VId, b: VId) -> VId {
        // Constants of commutative operations go right.
        let (a, b) = match alu_op {
            op::ADD | op::MUL | op::AND | op::OR | op::XOR if self.as_const(a).is_some() => (b, a),
            _ => (a, b),
        };
        let (ca, cb) = (self.as_const(a), self.as_const(b));
        if let (Some(x), Some(y)) = (ca, cb) {
            if let Some(r) = fold_alu(alu_op, x, y) {
                return self.konst(r);
            }
        }
        if let Some(y) = cb {
            match (alu_op, y) {
                (op::ADD | op::SUB | op::OR | op::XOR | op::LSH | op::RSH, 0) => return a,
                (op::MUL | op::DIV, 1) => return a,
                (op::AND, 0xffff_ffff) => return a,
                (op::AND | op::MUL, 0) => return self.konst(0),
                _ => {}
            }
        }
        self.intern(Val::Alu { op: alu_op, a, b })
    }

    /// Facts that hold for a value whatever path computed it.
    pub fn intrinsic(&self, id: VId) -> Fact {
        match *self.get(id) {
            Val::Const(c) => Fact::exactly(c),
            Val::Load { size: 1, .. } => Fact::range(0, 0xff),
            Val::Load { size: 2, .. } => Fact::range(0, 0xffff),
            Val::Msh(_) => {
                let mut f = Fact::range(0, 60);
                f.zeros = !0x3c;
                f
            }
            Val::Alu { op: op::AND, b, .. } => match self.as_const(b) {
                Some(m) => {
                    let mut f = Fact::range(0, m);
                    f.zeros = !m;
                    f
                }
                None => Fact::any(),
            },
            Val::Alu { op: op::RSH, b, .. } => match self.as_const(b) {
                Some(s) if s < 32 => Fact::range(0, u32::MAX >> s),
                _ => Fact::any(),
            },
            Val::Alu { op: op::LSH, b, .. } => match self.as_const(b) {
                Some(s) if s < 32 => {
                    let mut f = Fact::any();
                    f.zeros = (1u32 << s) - 1;
                    f
                }
                _ => Fact::any(),
            },
            _ => Fact::any(),
        }
        .normalized()
    }
}

/// `x OP y` as the classic interpreters compute it, or `None` where the
/// result is not a plain number (division by zero aborts the filter; shifts
/// by 32 or more differ between implementations).
pub fn fold_alu(alu_op: u16, x: u32, y: u32) -> Option<u32> {
    Some(match alu_op {
        op::ADD => x.wrapping_add(y),
        op::SUB => x.wrapping_sub(y),
        op::MUL => x.wrapping_mul(y),
        op::DIV => x.checked_div(y)?,
        op::MOD => x.checked_rem(y)?,
        op::OR => x | y,
        op::AND => x & y,
        op::XOR => x ^ y,
        op::LSH if y < 32 => x << y,
        op::RSH if y < 32 => x >> y,
        _ => return None,
    })
}

/// At most this many excluded constants are kept per value (see
/// [`Fact::normalized`]).
pub const MAX_EXCLUDED: usize = 16;

/// What is known about one value: `lo <= v <= hi`, the bits in `ones` are
/// set, those in `zeros` clear, `v` is none of `ne`, and for each mask of
/// `some` at least one of its bits is set (a `jset` that jumped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub lo: u32,
    pub hi: u32,
    pub ones: u32,
    pub zeros: u32,
    pub ne: Vec<u32>,
    pub some: Vec<u32>,
}

impl Fact {
    pub fn any() -> Fact {
        Fact {
            lo: 0,
            hi: u32::MAX,
            ones: 0,
            zeros: 0,
            ne: Vec::new(),
            some: Vec::new(),
        }
    }

    pub fn exactly(c: u32) -> Fact {
        Fact {
            lo: c,
            hi: c,
            ones: c,
            zeros: !c,
            ne: Vec::new(),
            some: Vec::new(),
        }
    }

    pub fn range(lo: u32, hi: u32) -> Fact {
        Fact {
            lo,
            hi,
            ..Fact::any()
        }
        .normalized()
    }

    pub fn is_any(&self) -> bool {
        self.lo == 0
            && self.hi == u32::MAX
            && self.ones == 0
            && self.zeros == 0
            && self.ne.is_empty()
            && self.some.is_empty()
    }

    pub fn constant(&self) -> Option<u32> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// No value satisfies the fact: the path carrying it cannot happen.
    pub fn infeasible(&self) -> bool {
        self.lo > self.hi || self.ones & self.zeros != 0
    }

    /// Tighten the parts against each other.
    pub fn normalized(mut self) -> Fact {
        if self.infeasible() {
            return self;
        }
        // Bits above the highest bit of `hi` are clear.
        if self.hi != u32::MAX {
            let mask = if self.hi == 0 {
                0
            } else {
                u32::MAX >> self.hi.leading_zeros()
            };
            self.zeros |= !mask;
        }
        self.hi = self.hi.min(!self.zeros);
        self.lo = self.lo.max(self.ones);
        // Excluded constants at the ends shrink the range.
        while !self.ne.is_empty() && self.lo <= self.hi {
            if self.ne.contains(&self.lo) {
                self.lo = self.lo.wrapping_add(1);
                if self.lo == 0 {
                    self.hi = 0;
                    self.lo = 1;
                    break;
                }
            } else if self.ne.contains(&self.hi) {
                if self.hi == 0 {
                    self.lo = 1;
                    break;
                }
                self.hi -= 1;
            } else {
                break;
            }
        }
        if self.lo == self.hi && !self.infeasible() {
            let c = self.lo;
            if c & self.zeros != 0 || !c & self.ones != 0 {
                self.lo = 1;
                self.hi = 0;
            } else {
                self.ones = c;
                self.zeros = !c;
                self.ne.clear();
            }
        }
        let (lo, hi) = (self.lo, self.hi);
        self.ne.retain(|&c| c > lo && c < hi);
        self.ne.sort_unstable();
        self.ne.dedup();
        // Knowing fewer exclusions is sound; knowing thousands (a block
        // list's addresses) costs a copy of them on every edge.
        self.ne.truncate(MAX_EXCLUDED);
        if !self.some.is_empty() {
            let (ones, zeros) = (self.ones, self.zeros);
            let mut some: Vec<u32> = self
                .some
                .iter()
                .map(|m| m & !zeros)
                .filter(|m| m & ones == 0)
                .collect();
            if some.contains(&0) {
                self.lo = 1;
                self.hi = 0;
                return self;
            }
            some.sort_unstable();
            some.dedup();
            for m in some.iter().filter(|m| m.count_ones() == 1) {
                self.ones |= m;
            }
            some.retain(|m| m.count_ones() > 1);
            if self.lo == 0 && !some.is_empty() {
                self.lo = 1;
            }
            self.some = some;
        }
        self
    }

    /// Both facts hold.
    pub fn and(&self, other: &Fact) -> Fact {
        let mut ne = self.ne.clone();
        ne.extend_from_slice(&other.ne);
        let mut some = self.some.clone();
        some.extend_from_slice(&other.some);
        Fact {
            lo: self.lo.max(other.lo),
            hi: self.hi.min(other.hi),
            ones: self.ones | other.ones,
            zeros: self.zeros | other.zeros,
            ne,
            some,
        }
        .normalized()
    }

    /// One of the facts holds (where paths join).
    pub fn or(&self, other: &Fact) -> Fact {
        let ne = self
            .ne
            .iter()
            .copied()
            .filter(|c| other.ne.contains(c) || *c < other.lo || *c > other.hi)
            .chain(
                other
                    .ne
                    .iter()
                    .copied()
                    .filter(|c| *c < self.lo || *c > self.hi),
            )
            .collect();
        // A mask stays if the other side implies it too (one of its own
        // masks, or a known one bit, lies inside it).
        let implies = |f: &Fact, m: u32| f.ones & m != 0 || f.some.iter().any(|s| s & !m == 0);
        let some = self
            .some
            .iter()
            .copied()
            .filter(|&m| implies(other, m))
            .chain(other.some.iter().copied().filter(|&m| implies(self, m)))
            .collect();
        Fact {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
            ones: self.ones & other.ones,
            zeros: self.zeros & other.zeros,
            ne,
            some,
        }
        .normalized()
    }

    /// The outcome of the jump `jmp_op #k` on a value with this fact, if
    /// the fact decides it.
    pub fn decide(&self, jmp_op: u16, k: u32) -> Option<bool> {
        match jmp_op {
            op::JEQ => {
                if let Some(c) = self.constant() {
                    Some(c == k)
                } else if k < self.lo
                    || k > self.hi
                    || self.ne.contains(&k)
                    || k & self.zeros != 0
                    || !k & self.ones != 0
                {
                    Some(false)
                } else {
                    None
                }
            }
            op::JGT => {
                if self.lo > k {
                    Some(true)
                } else if self.hi <= k {
                    Some(false)
                } else {
                    None
                }
            }
            op::JGE => {
                if self.lo >= k {
                    Some(true)
                } else if self.hi < k {
                    Some(false)
                } else {
                    None
                }
            }
            op::JSET => {
                if self.ones & k != 0 || self.some.iter().any(|m| m & !k == 0) {
                    Some(true)
                } else if k & !self.zeros == 0 {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// This fact narrowed by the knowledge that `jmp_op #k` went `outcome`.
    pub fn refine(&self, jmp_op: u16, k: u32, outcome: bool) -> Fact {
        let mut f = self.clone();
        match (jmp_op, outcome) {
            (op::JEQ, true) => return f.and(&Fact::exactly(k)),
            (op::JEQ, false) if f.ne.len() < MAX_EXCLUDED => f.ne.push(k),
            (op::JEQ, false) => {}
            (op::JGT, true) => {
                if k == u32::MAX {
                    f.lo = 1;
                    f.hi = 0;
                } else {
                    f.lo = f.lo.max(k + 1)
                }
            }
            (op::JGT, false) => f.hi = f.hi.min(k),
            (op::JGE, true) => f.lo = f.lo.max(k),
            (op::JGE, false) => {
                if k == 0 {
                    f.lo = 1;
                    f.hi = 0;
                } else {
                    f.hi = f.hi.min(k - 1)
                }
            }
            (op::JSET, true) => f.some.push(k),
            (op::JSET, false) => f.zeros |= k,
            _ => {}
        }
        f.normalized()
    }
}

/// The facts of a [`State`], by value, in a vector sorted by value number:
/// a state holds a handful of them and is copied onto every edge of the
/// program, where a hash table's buckets would take several times the
/// room (a block list's program has hundreds of thousands of edges).
#[derive(Clone, Debug, Default)]
pub struct Facts(Vec<(VId, Fact)>);

impl Facts {
    pub fn get(&self, id: &VId) -> Option<&Fact> {
        let i = self.0.binary_search_by_key(id, |e| e.0).ok()?;
        Some(&self.0[i].1)
    }

    pub fn insert(&mut self, id: VId, fact: Fact) {
        match self.0.binary_search_by_key(&id, |e| e.0) {
            Ok(i) => self.0[i].1 = fact,
            Err(i) => self.0.insert(i, (id, fact)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &VId> + '_ {
        self.0.iter().map(|e| &e.0)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&VId, &Fact)> + '_ {
        self.0.iter().map(|e| (&e.0, &e.1))
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&VId, &mut Fact) -> bool) {
        self.0.retain_mut(|e| keep(&e.0, &mut e.1));
    }
}

/// What holds at one program point on every path reaching it.
#[derive(Clone, Debug)]
pub struct State {
    /// The value in `M[0..16]`, A, X.
    pub regs: [VId; NREGS],
    /// Facts beyond the intrinsic ones.
    pub facts: Facts,
    /// What loads so far prove about the packet's captured length.
    pub proven: super::exec::Proven,
}

impl State {
    /// The state at program entry: A and X are 0, scratch memory unknown.
    pub fn entry(values: &mut Values) -> State {
        let zero = values.konst(0);
        let mut regs = [zero; NREGS];
        for (i, r) in regs.iter_mut().enumerate().take(op::MEMWORDS as usize) {
            *r = values.intern(Val::Entry(i as u8));
        }
        State {
            regs,
            facts: Facts::default(),
            proven: super::exec::Proven { len: 0, ind: 0 },
        }
    }

    /// Everything known about `id` here.
    pub fn fact(&self, values: &Values, id: VId) -> Fact {
        let base = values.intrinsic(id);
        match self.facts.get(&id) {
            Some(f) => base.and(f),
            None => base,
        }
    }

    /// `id`, or the constant it is known to equal.
    pub fn canon(&self, values: &mut Values, id: VId) -> VId {
        if values.as_const(id).is_some() {
            return id;
        }
        match self.facts.get(&id).and_then(Fact::constant) {
            Some(c) => values.konst(c),
            None => id,
        }
    }

    pub fn constant(&self, values: &Values, id: VId) -> Option<u32> {
        values
            .as_const(id)
            .or_else(|| self.facts.get(&id).and_then(Fact::constant))
    }

    /// Forget what is known about values no statement later on can compute
    /// again: those made from a join value (or scratch memory at entry)
    /// that no register holds any more (see [`Values::pinned`]). Every join
    /// makes a new value for each register that differs, and their facts
    /// would otherwise ride along every later path, copied on every edge.
    pub fn prune(&mut self, values: &Values) {
        if !self.facts.keys().any(|&id| values.pinned(id)) {
            return;
        }
        // The join and entry values the registers hold, or are computed from.
        let mut held = std::collections::HashSet::new();
        let mut pending: Vec<VId> = self.regs.to_vec();
        while let Some(id) = pending.pop() {
            if !values.pinned(id) || !held.insert(id) {
                continue;
            }
            pending.extend(values.pinned_operands(id));
        }
        // A value can be computed again if every join or entry value it is
        // made from is still held (`ldb [x + 4]` with X reloaded from M[]).
        self.facts.retain(|&id, _| {
            let mut pending = vec![id];
            while let Some(v) = pending.pop() {
                match values.get(v) {
                    Val::Phi { .. } | Val::Entry(_) if !held.contains(&v) => return false,
                    _ => pending.extend(values.pinned_operands(v)),
                }
            }
            true
        });
    }

    /// Record that `id` satisfies `fact` too; false if that is impossible.
    pub fn assume(&mut self, values: &Values, id: VId, fact: &Fact) -> bool {
        let f = self.fact(values, id).and(fact);
        let ok = !f.infeasible();
        if values.as_const(id).is_none() {
            self.facts.insert(id, f);
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every u32 in a small window, and some far away, satisfying `f`?
    fn brute(f: &Fact, jmp_op: u16, k: u32) -> (bool, bool) {
        let (mut some_true, mut some_false) = (false, false);
        for v in (0..600u32).chain([0xffff, 0x1_0000, 0xffff_fffe, 0xffff_ffff]) {
            let inside = v >= f.lo
                && v <= f.hi
                && v & f.ones == f.ones
                && v & f.zeros == 0
                && !f.ne.contains(&v)
                && f.some.iter().all(|m| v & m != 0);
            if !inside {
                continue;
            }
            let outcome = match jmp_op {
                op::JEQ => v == k,
                op::JGT => v > k,
                op::JGE => v >= k,
                _ => v & k != 0,
            };
            if outcome {
                some_true = true;
            } else {
                some_false = true;
            }
        }
        (some_true, some_false)
    }

    #[test]
    fn decisions_agree_with_brute_force() {
        let ks = [
            0u32,
            1,
            2,
            3,
            4,
            6,
            8,
            0x11,
            0x80,
            0xff,
            0x100,
            0x1fff,
            0xffff_ffff,
        ];
        let ops = [op::JEQ, op::JGT, op::JGE, op::JSET];
        for &op1 in &ops {
            for &k1 in &ks {
                for out1 in [true, false] {
                    let f1 = Fact::range(0, 0xff).refine(op1, k1, out1);
                    for &op2 in &ops {
                        for &k2 in &ks {
                            let f = f1.refine(op2, k2, true).or(&f1.refine(op2, k2, false));
                            for g in [&f1, &f] {
                                if g.infeasible() {
                                    continue;
                                }
                                let (t, fl) = brute(g, op2, k2);
                                match g.decide(op2, k2) {
                                    Some(true) => {
                                        assert!(!fl, "{g:?} decided true for {op2:#x} {k2:#x}")
                                    }
                                    Some(false) => {
                                        assert!(!t, "{g:?} decided false for {op2:#x} {k2:#x}")
                                    }
                                    None => {}
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refine_then_decide() {
        let f = Fact::range(0, 0xffff).refine(op::JEQ, 0x800, false);
        assert_eq!(f.decide(op::JEQ, 0x800), Some(false));
        assert_eq!(f.decide(op::JEQ, 0x86dd), None);
        let g = Fact::any().refine(op::JSET, 0x1fff, true);
        assert_eq!(g.decide(op::JSET, 0x1fff), Some(true));
        assert_eq!(g.decide(op::JEQ, 0), Some(false));
        let h = Fact::any().refine(op::JGT, 0x5dc, false);
        assert_eq!(h.decide(op::JGT, 0x5dc), Some(false));
        assert_eq!(h.decide(op::JSET, 0x1000), Some(false));
    }

    #[test]
    fn folding_leaves_failures_alone() {
        let mut v = Values::default();
        let (a, zero, two) = (v.intern(Val::Len), v.konst(0), v.konst(2));
        assert_eq!(v.alu(op::ADD, a, zero), a);
        assert_eq!(v.alu(op::ADD, zero, a), a);
        let q = v.alu(op::DIV, two, zero);
        assert!(v.as_const(q).is_none());
        assert_eq!(fold_alu(op::LSH, 1, 32), None);
        assert_eq!(fold_alu(op::SUB, 0, 6), Some(0xffff_fffa));
    }
}
