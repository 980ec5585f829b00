//! Or-chains of address and port primitives, compiled source field first.
//!
//! `port 67 or 68` is, in libpcap's generated code, `src 67, dst 67, src
//! 68, dst 68`; but libpcap's optimizer (its `or_pullup`) moves a test up
//! an or-chain to the first test of the same value, so the program tcpdump
//! actually runs compares the source port with 67 and 68 before it loads
//! the destination port at all. The two differ on a packet that ends
//! inside the destination port: the unoptimized program rejects it (the
//! load fails first), the optimized one accepts it if the source port is
//! 68. tcpdump's default, optimized program is what users see, so for these
//! chains we generate the source tests of every primitive first, then the
//! destination tests, per protocol as the primitives themselves do. Our
//! optimizer, which never moves a load past a test that could spare it,
//! then reaches libpcap's length with libpcap's optimized answers.
//!
//! libpcap's pull-up only happens where its value numbering sees the same
//! value compared down a chain whose every test jumps to the same place on
//! success, so only these are regrouped (the differential test
//! `compile_truncated_vs_tcpdump` checks the outcome, truncations included):
//! - runs of adjacent primitives of the same kind (ports, or hosts), for
//!   one direction or both: `port a or b`, `tcp port a or port b`,
//!   `dst port a or src port b or dst port c`,
//!   `host A or B` with whole IPv4 addresses written as numbers (a name may
//!   stand for IPv6 addresses, whose four-word tests are not pulled up, and
//!   prefixes of different lengths mask the word differently);
//! - on link layers where each protocol family is told by one test of one
//!   fixed field (after tests all families share, as SunATM's), the same
//!   field for all families, so that knowing the
//!   family settles the others' tests (not 802.11, whose data-frame tests
//!   precede the type; not ARCnet, with two types for IP);
//! - on link layers whose families all share one guard (Juniper's, which
//!   check only their magic), runs of addresses grouped by (family,
//!   direction) field instead: the guard tells no family apart, so
//!   libpcap's pull-up gathers each field's tests (ports are not
//!   regrouped there).

use super::link::{self, ethertype as et};
use super::names;
use super::ports::Match;
use super::pred::{Distinct, Pred};
use super::{Cx, Result};
use crate::cbpf::{op, Insn};
use crate::syntax::{Dir, Expr, Id, Kind, Proto, Qualifiers};

/// The disjuncts of an or-chain, left to right (however it is bracketed:
/// `a or (b or c)` evaluates a, b, c in that order too).
fn flatten_or<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match e {
            Expr::Or(a, b) => pending.extend([&**b, &**a]),
            _ => out.push(e),
        }
    }
}

/// The conjuncts of an and-chain, left to right.
fn flatten_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match e {
            Expr::And(a, b) => pending.extend([&**b, &**a]),
            _ => out.push(e),
        }
    }
}

/// The qualifiers of a primitive that may be split into a source and a
/// destination test and regrouped with its neighbours, if it is one.
fn regroupable(e: &Expr) -> Option<(Qualifiers, &Id)> {
    let Expr::Id { quals, id } = e else {
        return None;
    };
    if !matches!(
        quals.dir,
        Dir::Default | Dir::SrcOrDst | Dir::Src | Dir::Dst
    ) {
        return None;
    }
    let kind_ok = match quals.kind {
        // IPv4 (and ARP/RARP) addresses compare one word per direction;
        // Ethernet addresses (two loads each), DECnet's four header layouts
        // and IPv6's four words are not single tests libpcap's pull-up
        // could move.
        Kind::Default | Kind::Host | Kind::Net => {
            ipv4_mask(quals.kind, id).is_some()
                && matches!(
                    quals.proto,
                    Proto::Default | Proto::Ip | Proto::Arp | Proto::Rarp
                )
        }
        // A port range is two tests per field (`>=`, `<=`), which libpcap
        // does not pull up; but it does test each family and transport
        // protocol once for a run of them.
        Kind::Port | Kind::PortRange => matches!(
            quals.proto,
            Proto::Default | Proto::Tcp | Proto::Udp | Proto::Sctp
        ),
        _ => false,
    };
    kind_ok.then_some((*quals, id))
}

/// The mask an IPv4 address or network primitive compares its field
/// under, for the forms the code generator turns into one masked compare
/// per field: a whole address (`10.0.0.1`, a number), `net 10.1` (a prefix
/// of whole bytes), `10.0.0.0/24`, `10.0.0.0 mask 255.255.255.0`. libpcap's
/// pull-up moves a test up a chain only to another of the same value, so
/// only primitives with equal masks are regrouped together. None for names
/// (which may stand for IPv6 addresses too) and everything else.
fn ipv4_mask(kind: Kind, id: &Id) -> Option<u32> {
    let prefix = |len: u32| (len > 0 && len <= 32).then(|| u32::MAX << (32 - len));
    match (kind, id) {
        (Kind::Default | Kind::Host, Id::Num(_)) => Some(u32::MAX),
        (Kind::Default | Kind::Host, Id::Dotted(s)) if s.matches('.').count() == 3 => {
            Some(u32::MAX)
        }
        (Kind::Net, Id::Dotted(s)) => names::atoin(s).and_then(|(_, len)| prefix(len)),
        (Kind::Default | Kind::Net, Id::DottedCidr(_, len)) => prefix(*len),
        (Kind::Default | Kind::Net, Id::DottedMask(_, m)) => {
            let (m, len) = names::atoin(m)?;
            m.checked_shl(32 - len).filter(|&m| m != 0)
        }
        _ => None,
    }
}

/// The fields a regroupable primitive compares: its direction's, or
/// source then destination.
fn fields_of(dir: Dir) -> &'static [Dir] {
    match dir {
        Dir::Src => &[Dir::Src],
        Dir::Dst => &[Dir::Dst],
        _ => &[Dir::Src, Dir::Dst],
    }
}

/// The Ethernet types of the protocol families a run's tests are for.
fn families(run: &[(Qualifiers, &Id)]) -> Vec<u32> {
    let mut out = Vec::new();
    for (quals, _) in run {
        let of_this: &[u32] = match (quals.kind, quals.proto) {
            (Kind::Port | Kind::PortRange, _) => &[et::IP, et::IPV6],
            (_, Proto::Default) => &[et::IP, et::ARP, et::REVARP],
            (_, Proto::Ip) => &[et::IP],
            (_, Proto::Arp) => &[et::ARP],
            (_, Proto::Rarp) => &[et::REVARP],
            _ => &[],
        };
        for f in of_this {
            if !out.contains(f) {
                out.push(*f);
            }
        }
    }
    out
}

/// A protocol family's link-layer test, as far as regrouping cares.
#[derive(PartialEq)]
enum Guard {
    Always,
    Never,
    /// Tests every family shares (`prefix`, in order: SunATM's LANE check,
    /// say), then one load at a fixed offset (maybe masked), compared for
    /// equality.
    Compare {
        prefix: Vec<Pred>,
        stmts: Vec<Insn>,
        k: u32,
    },
    Other,
}

fn classify(p: &Pred) -> Guard {
    match p {
        Pred::True => Guard::Always,
        Pred::False => Guard::Never,
        Pred::Test(t) => {
            let fixed_load = t
                .stmts
                .first()
                .is_some_and(|i| op::class(i.code) == op::LD && op::mode(i.code) == op::ABS);
            let then_alu = t
                .stmts
                .iter()
                .skip(1)
                .all(|i| op::class(i.code) == op::ALU && op::src(i.code) == op::K);
            if fixed_load && then_alu && t.code == op::JMP | op::JEQ | op::K {
                Guard::Compare {
                    prefix: Vec::new(),
                    stmts: t.stmts.clone(),
                    k: t.k,
                }
            } else {
                Guard::Other
            }
        }
        // `prefix and compare`: whether the prefix is the same for every
        // family is for the caller to see.
        Pred::And(first, rest) => match classify(rest) {
            Guard::Compare {
                mut prefix,
                stmts,
                k,
            } => {
                prefix.insert(0, (**first).clone());
                Guard::Compare { prefix, stmts, k }
            }
            _ => Guard::Other,
        },
        _ => Guard::Other,
    }
}

/// Qualifiers of two primitives that compare the same fields.
/// (`tcp port a or udp port b` too: for a TCP packet the UDP tests are
/// settled by the protocol test and load nothing, and for a packet both
/// cover, `port a or udp port b`, libpcap pulls the UDP test up as well.)
fn same_fields(a: (Qualifiers, &Id), b: (Qualifiers, &Id)) -> bool {
    let ports = |q: Qualifiers| matches!(q.kind, Kind::Port | Kind::PortRange);
    if ports(a.0) || ports(b.0) {
        return a.0.kind == b.0.kind;
    }
    ipv4_mask(a.0.kind, a.1) == ipv4_mask(b.0.kind, b.1)
}

impl Cx<'_> {
    /// An or-chain: every disjunct in order, runs of regroupable primitives
    /// as all their source tests, then all their destination tests.
    pub fn or_chain(&mut self, e: &Expr) -> Result<Pred> {
        let mut items = Vec::new();
        flatten_or(e, &mut items);
        self.any_of(&items)
    }

    /// An and-chain: every conjunct in order, each kept once; a run of
    /// negations `not a and not b and ...` (a block list) as `not (a or b
    /// or ...)`, which evaluates the same tests in the same order, so that
    /// its primitives are regrouped as an or-chain's are.
    pub fn and_chain(&mut self, e: &Expr) -> Result<Pred> {
        let mut items = Vec::new();
        flatten_and(e, &mut items);
        let mut out = Distinct::default();
        let mut i = 0;
        while i < items.len() {
            let negated: Vec<&Expr> = items[i..]
                .iter()
                .map_while(|e| match e {
                    Expr::Not(x) => Some(&**x),
                    _ => None,
                })
                .collect();
            if negated.len() >= 2 {
                out.push(self.any_of(&negated)?.not());
                i += negated.len();
            } else {
                out.push(self.expr(items[i])?);
                i += 1;
            }
        }
        Ok(out.all())
    }

    /// The disjuncts `items` in order, runs of regroupable primitives as
    /// all their source tests, then all their destination tests.
    fn any_of(&mut self, items: &[&Expr]) -> Result<Pred> {
        let mut out = Distinct::default();
        let mut i = 0;
        while i < items.len() {
            let mut run = Vec::new();
            if let Some(first) = regroupable(items[i]) {
                run.push(first);
                while let Some(next) = items.get(i + run.len()).and_then(|e| regroupable(e)) {
                    if !same_fields(first, next) {
                        break;
                    }
                    run.push(next);
                }
            }
            let regroup = run.len() >= 2 && self.follow_libpcap_optimizer;
            let (p, taken) = if let Some(p) = self.ports_of_any_transport(regroup, &run)? {
                (p, run.len())
            } else if regroup && self.families_told_apart(&families(&run)) {
                (self.by_direction(&run)?, run.len())
            } else if regroup
                && !matches!(run[0].0.kind, Kind::Port | Kind::PortRange)
                && self.families_guarded_alike(&families(&run))
            {
                (self.by_family_and_direction(&run)?, run.len())
            } else {
                (self.expr(items[i])?, 1)
            };
            out.push_disjunct(p, self.follow_libpcap_optimizer);
            i += taken;
        }
        Ok(out.any())
    }

    /// A run of `port`s or `portrange`s one of which is for every transport
    /// protocol (`port 67`): libpcap's development version tests the
    /// transport protocols again for each primitive, so no port test is
    /// pulled up across primitives. None for other runs.
    fn ports_of_any_transport(
        &mut self,
        regroup: bool,
        run: &[(Qualifiers, &Id)],
    ) -> Result<Option<Pred>> {
        if !regroup {
            return Ok(None);
        }
        let Some(ports) = self.resolve_ports(run) else {
            return Ok(None);
        };
        if !ports.iter().any(|&(_, q)| q == names::PROTO_UNDEF) {
            return Ok(None);
        }
        // Each primitive's fields in turn (no source port before an earlier
        // primitive's destination port); each family and transport
        // protocol still tested once, as testing it again decides nothing
        // and loads nothing new.
        let mut tests = Vec::with_capacity(run.len() * 2);
        for (prim, &(m, q)) in run.iter().zip(&ports) {
            for &f in fields_of(prim.0.dir) {
                tests.push((f, m, q));
            }
        }
        self.port_tests(&tests).map(Some)
    }

    /// Whether the link-layer tests of the protocol `families` compare one
    /// fixed field with different values (see the module
    /// comment). Generating the tests to look at them must not change the
    /// program, so the scratch registers they may claim are given back.
    fn families_told_apart(&mut self, families: &[u32]) -> bool {
        let saved = self.register_state();
        let guards: Vec<Guard> = families
            .iter()
            .map(|&f| link::linktype(self, f).map_or(Guard::Other, |p| classify(&p)))
            .collect();
        self.restore_register_state(saved);
        let mut compared: Option<(&Vec<Pred>, &Vec<Insn>)> = None;
        let mut values = Vec::new();
        let mut always = 0;
        for g in &guards {
            match g {
                Guard::Never => {}
                Guard::Always => always += 1,
                Guard::Other => return false,
                Guard::Compare { prefix, stmts, k } => {
                    if compared.is_some_and(|c| c != (prefix, stmts)) || values.contains(k) {
                        return false;
                    }
                    compared = Some((prefix, stmts));
                    values.push(*k);
                }
            }
        }
        always == 0 || (always == 1 && values.is_empty())
    }

    /// Whether the link-layer tests of the protocol `families` are one and
    /// the same test, which tells no family from another (Juniper's, which
    /// check only their magic): knowing a packet passed one family's guard
    /// then settles the others', and only the fields compared remain.
    fn families_guarded_alike(&mut self, families: &[u32]) -> bool {
        let saved = self.register_state();
        let guards: Vec<Option<Pred>> = families
            .iter()
            .map(|&f| link::linktype(self, f).ok())
            .collect();
        self.restore_register_state(saved);
        let Some(Some(first)) = guards.first() else {
            return false;
        };
        matches!(classify(first), Guard::Compare { .. })
            && guards.iter().all(|g| g.as_ref() == Some(first))
    }

    /// A run of address primitives on a link layer whose families share one
    /// guard: the tests grouped by (family, direction) field, the fields in
    /// the order they first appear, each field's tests in the run's order:
    /// `host a or b` is `ip src a, b; ip dst a, b; arp src a, b; arp dst
    /// a, b; rarp src a, b; rarp dst a, b`. That is what libpcap's pull-up
    /// leaves when the guards do not separate the families; RARP's fields
    /// are ARP's, so its tests, already decided, are then dropped by our
    /// optimizer as libpcap's drops them.
    fn by_family_and_direction(&mut self, run: &[(Qualifiers, &Id)]) -> Result<Pred> {
        let of_proto = |proto: Proto| match proto {
            Proto::Ip => &[Proto::Ip][..],
            Proto::Arp => &[Proto::Arp][..],
            Proto::Rarp => &[Proto::Rarp][..],
            _ => &[Proto::Ip, Proto::Arp, Proto::Rarp][..],
        };
        let mut fields: Vec<(Proto, Dir)> = Vec::new();
        for (quals, _) in run {
            for &proto in of_proto(quals.proto) {
                for &dir in fields_of(quals.dir) {
                    if !fields.contains(&(proto, dir)) {
                        fields.push((proto, dir));
                    }
                }
            }
        }
        let mut tests = Vec::with_capacity(fields.len() * run.len());
        for (proto, dir) in fields {
            for (quals, id) in run {
                if of_proto(quals.proto).contains(&proto) && fields_of(quals.dir).contains(&dir) {
                    let q = Qualifiers {
                        dir,
                        proto,
                        ..*quals
                    };
                    tests.push(self.id(q, id)?);
                }
            }
        }
        Ok(Pred::any(tests))
    }

    /// What each primitive of a run of `port`s or `portrange`s compares and
    /// in which transport protocol, resolved as `ncode`/`scode` do; None if
    /// the run is not all ports or one is in error (the primitives are then
    /// compiled one by one, which reports the error).
    fn resolve_ports(&self, run: &[(Qualifiers, &Id)]) -> Option<Vec<(Match, u32)>> {
        run.iter()
            .map(|(quals, id)| {
                let (m, transport) = match (quals.kind, id) {
                    (Kind::Port, Id::Num(v)) => {
                        (Match::Port(*v), self.port_proto(quals.proto, "port").ok()?)
                    }
                    (Kind::Port, Id::Name(name)) => {
                        let (port, real) = names::port(name)?;
                        let real = self.check_port_proto(quals.proto, real, name).ok()?;
                        (Match::Port(port), real)
                    }
                    (Kind::PortRange, Id::Num(v)) => (
                        Match::Range(*v, *v),
                        self.port_proto(quals.proto, "portrange").ok()?,
                    ),
                    (Kind::PortRange, Id::Name(name)) => {
                        let (a, b, real) = names::port_range(name)?;
                        let real = self.check_port_proto(quals.proto, real, name).ok()?;
                        (Match::Range(a, b), real)
                    }
                    _ => return None,
                };
                let in_range = match m {
                    Match::Port(p) => p <= 65535,
                    Match::Range(a, b) => a <= 65535 && b <= 65535,
                };
                in_range.then_some((m, transport))
            })
            .collect()
    }

    /// The run's tests grouped by field, each field's tests in their order,
    /// the fields in the order they first appear (a primitive for both
    /// directions is its source test, then its destination test): `port a
    /// or b` is `(src a or src b) or (dst a or dst b)`, `dst port a or src
    /// port b or dst port c` is `(dst a or dst c) or src b`. That is what
    /// libpcap's pull-up, applied until nothing moves, leaves.
    fn by_direction(&mut self, run: &[(Qualifiers, &Id)]) -> Result<Pred> {
        let mut fields: Vec<Dir> = Vec::with_capacity(2);
        for (quals, _) in run {
            for &dir in fields_of(quals.dir) {
                if !fields.contains(&dir) {
                    fields.push(dir);
                }
            }
        }
        if let Some(ports) = self.resolve_ports(run) {
            // Ports: each family and transport protocol tested once, then
            // the ports field by field (libpcap pulls a port test up to the
            // first of its field); ranges, two tests each, are not pulled
            // up and stay in the run's order.
            let ranges = run[0].0.kind == Kind::PortRange;
            let mut tests = Vec::with_capacity(run.len() * 2);
            let mut add = |field: Dir, (quals, _): &(Qualifiers, &Id), &(m, q): &(Match, u32)| {
                if fields_of(quals.dir).contains(&field) {
                    tests.push((field, m, q));
                }
            };
            if ranges {
                for (prim, port) in run.iter().zip(&ports) {
                    for &field in fields_of(prim.0.dir) {
                        add(field, prim, port);
                    }
                }
            } else {
                for &field in &fields {
                    for (prim, port) in run.iter().zip(&ports) {
                        add(field, prim, port);
                    }
                }
            }
            return self.port_tests(&tests);
        }
        if let Some(p) = self.by_family(run, &fields)? {
            return Ok(p);
        }
        let mut tests = Vec::with_capacity(run.len() * 2);
        for field in fields {
            for (quals, id) in run {
                if fields_of(quals.dir).contains(&field) {
                    let q = Qualifiers {
                        dir: field,
                        ..*quals
                    };
                    tests.push(self.id(q, id)?);
                }
            }
        }
        Ok(Pred::any(tests))
    }

    /// A run of address primitives whose families' guards tell them apart
    /// (one field, a different value each): each family's guard once, then
    /// its tests in the order [`Cx::by_direction`] gives them. `host a or
    /// b` is `ip and (src a or src b or dst a or dst b) or arp and (...)
    /// or rarp and (...)`. A packet passes at most one guard and the
    /// others' tests load nothing the guard did not, so this is the same
    /// program as the tests one by one, each behind its own guard; but
    /// generated this way it is already the shape libpcap's optimizer
    /// leaves, where ours would need a round of jump threading per address
    /// to get there (and a block list has thousands). None if a test is
    /// not `guard and compare`.
    fn by_family(&mut self, run: &[(Qualifiers, &Id)], fields: &[Dir]) -> Result<Option<Pred>> {
        let all_families = if self.label_depth == 0 {
            &[Proto::Ip, Proto::Arp, Proto::Rarp][..]
        } else {
            &[Proto::Ip][..]
        };
        let mut families: Vec<(Proto, Pred, Vec<Pred>)> = Vec::new();
        for &field in fields {
            for (quals, id) in run {
                if !fields_of(quals.dir).contains(&field) {
                    continue;
                }
                if !matches!(quals.kind, Kind::Default | Kind::Host | Kind::Net) {
                    // Ports (in error, or `resolve_ports` had them): they
                    // take no family qualifier.
                    return Ok(None);
                }
                let protos = match quals.proto {
                    Proto::Default => all_families,
                    Proto::Ip => &[Proto::Ip][..],
                    Proto::Arp => &[Proto::Arp][..],
                    Proto::Rarp => &[Proto::Rarp][..],
                    _ => return Ok(None),
                };
                for &proto in protos {
                    let q = Qualifiers {
                        dir: field,
                        proto,
                        ..*quals
                    };
                    let Pred::And(guard, compare) = self.id(q, id)? else {
                        return Ok(None);
                    };
                    match families.iter_mut().find(|f| f.0 == proto) {
                        Some((_, g, tests)) if *g == *guard => tests.push(*compare),
                        Some(_) => return Ok(None),
                        None => families.push((proto, *guard, vec![*compare])),
                    }
                }
            }
        }
        // The families in libpcap's order, whatever order the run names them.
        families.sort_by_key(|f| all_families.iter().position(|&p| p == f.0));
        Ok(Some(Pred::any(
            families
                .into_iter()
                .map(|(_, guard, tests)| guard.and(Pred::any(tests))),
        )))
    }
}
