//! Stage 2: the code generator, from [`crate::syntax::Expr`] to an
//! [`crate::ir::Graph`] of classic BPF blocks, following libpcap's
//! `gencode.c` semantics for every link type.
//!
//! Each primitive becomes a [`pred::Pred`] tree whose tests and loads are
//! those libpcap's generated code performs, in the same order (a load past
//! the end of the packet rejects it, so the order of tests is part of the
//! meaning). Like libpcap, the generator is stateful from left to right:
//! `vlan`, `mpls`, `pppoes` and `geneve` move the offsets of everything
//! compiled after them.

mod arith;
mod arith_compact;
mod encap;
mod iso;
mod link;
mod names;
mod net;
mod pflog;
mod ports;
pub mod pred;
mod prologue;
mod proto;
mod regroup;
mod ss7;
mod subgraph;
mod sunatm;
mod wlan;

use crate::cbpf::{op, Insn};
use crate::ir::{Block, Graph, Terminator};
use crate::syntax::{Expr, Proto};
use crate::LinkType;
use pred::Pred;

/// What code generation depends on besides the expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompileOptions {
    pub linktype: LinkType,
    pub snaplen: u32,
    pub netmask: Option<u32>,
    /// What the program will filter: see [`Capture`].
    pub capture: Capture,
}

/// What a program is compiled for. Some of the language depends on it, as
/// in libpcap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Capture {
    /// A live capture on Linux: `inbound`, `outbound` and `ifindex` read
    /// the socket's metadata (`SKF_AD_*`), and on Ethernet the first
    /// `vlan` looks for the tag the kernel moved there before looking in
    /// the frame (see [`crate::cbpf::metadata`] to run such a program on
    /// frames that carry their tags).
    #[default]
    Live,
    /// Nothing in particular (libpcap's `pcap_open_dead`, as its
    /// `filtertest` compiles): the socket's metadata is not there to read,
    /// so `inbound`, `outbound` and `ifindex` are refused where the link
    /// header does not carry them.
    Dead,
    /// A capture file being read (tcpdump's `-r`), and whether its byte
    /// order is the opposite of this machine's. This changes the BSD
    /// loopback link types: a file may come from any BSD, so IPv6 is any of
    /// the BSDs' `AF_INET6` values (else Linux's), and a DLT_NULL header is
    /// in the byte order of the machine that wrote the file.
    Savefile { swapped: bool },
}

impl Capture {
    pub fn is_savefile(self) -> bool {
        matches!(self, Capture::Savefile { .. })
    }
    pub fn is_swapped(self) -> bool {
        matches!(self, Capture::Savefile { swapped: true })
    }
}

/// A well-formed expression that cannot be compiled for this link type, or
/// names something unknown. The message is libpcap's where it has one
/// (`port number 99999 greater than maximum 65535`, `unknown host
/// 'nosuchhost'`), as libpcap's development version words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CompileError(pub String);

pub(crate) type Result<T> = std::result::Result<T, CompileError>;

pub(crate) fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(CompileError(msg.into()))
}

/// A link type as libpcap's development version names it in messages:
/// `DLT_EN10MB (Ethernet)`.
pub(crate) fn dlt_text(lt: LinkType) -> String {
    let name = lt
        .name()
        .map_or_else(|| lt.dlt().to_string(), str::to_string);
    match lt.description() {
        Some(d) => format!("DLT_{name} ({d})"),
        None => format!("DLT_{name}"),
    }
}

/// libpcap's refusal of a keyword that link type `lt` lacks:
/// `'vlan' not supported on DLT_RAW (Raw IPv4/IPv6)`.
pub(crate) fn not_supported<T>(lt: LinkType, what: &str) -> Result<T> {
    err(format!("'{what}' not supported on {}", dlt_text(lt)))
}

/// Generate the unoptimized program for `expr`.
pub fn generate(expr: &Expr, options: &CompileOptions) -> Result<Graph> {
    let mut hops = proto::PROTOCHAIN_MAX_HOPS;
    loop {
        let (g, used_protochain) = generate_with(expr, options, hops)?;
        // Unrolled `protochain` walks are long; keep the program within
        // the kernel's limit by following fewer headers if we must.
        if !used_protochain || hops <= 4 || g.linearize().len() <= op::MAXINSNS {
            return Ok(g);
        }
        hops = if hops > 16 { 16 } else { 4 };
    }
}

fn generate_with(expr: &Expr, options: &CompileOptions, hops: usize) -> Result<(Graph, bool)> {
    let mut cx = Cx::new(options)?;
    cx.protochain_hops = hops;
    let mut pred = cx.expr(expr)?;
    if cx.libpcap_skips_its_optimizer() {
        // Then tcpdump runs libpcap's unoptimized program: generate that,
        // without the shapes that follow what its optimizer would make.
        cx = Cx::new(options)?;
        cx.protochain_hops = hops;
        cx.follow_libpcap_optimizer = false;
        pred = cx.expr(expr)?;
    }
    let mut g = Graph::new();
    let accept = g.add(Block {
        stmts: vec![],
        end: Terminator::Ret(options.snaplen),
    });
    let reject = g.add(Block {
        stmts: vec![],
        end: Terminator::Ret(0),
    });
    let body = pred::lower(&mut g, &pred, accept, reject, reject);
    g.entry = prologue::insert(&cx, &mut g, body, reject, *expr == Expr::True);
    if !cx.zeroed_slots.is_empty() {
        // Offsets `geneve` computes are read after it even where it did not
        // match (`geneve or ip`): libpcap reads memory never written there,
        // which the kernel refuses and the reference interpreter sees as 0.
        // Zeroing those slots first keeps that meaning and passes the
        // verifier (A is 0 at the start anyway).
        let mut init = vec![Insn::stmt(op::LD | op::IMM, 0)];
        init.extend(cx.zeroed_slots.iter().map(|&s| Insn::stmt(op::ST, s)));
        let entry = g.entry;
        g.entry = pred::prepend(&mut g, entry, init);
    }
    Ok((g, cx.used_protochain))
}

/// Symbolic registers for the variable parts of the link-layer header and
/// payload offsets (802.11 behind a radio header), which the prologue
/// computes. Like libpcap, a real register is assigned at first use (see
/// [`Cx::resolve_var`]); these values never name real registers.
pub(crate) const SLOT_LINKHDR: u32 = 0x100;
pub(crate) const SLOT_LINKPL: u32 = 0x101;

/// An offset into the packet: a constant, plus (when `var` is set) a
/// value computed at run time and kept in scratch slot `var`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AbsOff {
    pub var: Option<u32>,
    pub k: u32,
}

impl AbsOff {
    pub const fn fixed(k: u32) -> AbsOff {
        AbsOff { var: None, k }
    }
}

/// What a load's offset is relative to (libpcap's `enum e_offrel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    LinkHdr,
    /// The 802.2 LLC header (= the link-layer payload).
    Llc,
    /// The network-layer header (link payload + off_nl).
    LinkPl,
    LinkPlNoSnap,
    LinkType,
    PrevMplsHdr,
    TranIpv4,
    TranIpv6,
}

/// Which scratch registers are taken, and by what.
#[derive(Clone, Copy)]
pub(crate) struct RegisterState {
    regused: [bool; 16],
    curreg: usize,
    linkhdr_reg: Option<u32>,
    linkpl_reg: Option<u32>,
}

/// The code generator's state: the offsets of the current link layer,
/// adjusted as encapsulations (`vlan`, `mpls`, ...) are compiled.
pub(crate) struct Cx<'o> {
    pub opts: &'o CompileOptions,
    pub linktype: LinkType,
    /// Start of the link-layer header (variable behind radiotap).
    pub off_linkhdr: AbsOff,
    /// Start of the previous link-layer header (after `geneve`).
    pub off_prevlinkhdr: Option<AbsOff>,
    /// Offset of the type field.
    pub off_linktype: Option<AbsOff>,
    /// Start of the link-layer payload.
    pub off_linkpl: Option<AbsOff>,
    /// Network header relative to the payload, with/without 802.2 SNAP.
    pub off_nl: u32,
    pub off_nl_nosnap: u32,
    pub vlan_depth: u32,
    pub label_depth: u32,
    pub is_geneve: bool,
    /// The link type messages name: the capture's, or what an
    /// encapsulation (`pppoes`) turned it into. (Ethernet behind a switch
    /// tag or a capture card's header is compiled as Ethernet but named as
    /// itself.)
    pub named_linktype: LinkType,
    /// After SunATM's `lane`: link-layer tests skip LE control frames.
    pub is_lane: bool,
    /// The registers assigned to the variable offsets once used (the
    /// prologue computes them).
    pub linkhdr_reg: Option<u32>,
    pub linkpl_reg: Option<u32>,
    /// libpcap's scratch register allocator, reproduced exactly: which
    /// registers arithmetic uses matters, because libpcap may give a
    /// register an earlier relation freed to a variable offset, and that
    /// relation's stores then overwrite the offset at run time.
    regused: [bool; 16],
    curreg: usize,
    /// Link type to use for link-type checks after `geneve` (Ethernet).
    pub ll_override: Option<LinkType>,
    /// Headers an unrolled `protochain` follows, and whether one was used.
    pub protochain_hops: usize,
    pub used_protochain: bool,
    /// Whether `geneve` was compiled (libpcap does not optimize then).
    pub used_geneve: bool,
    /// Slots to zero at the start (see `generate_with`).
    pub zeroed_slots: Vec<u32>,
    /// Generate a few shapes (masked-out prefix words, or-chains of
    /// addresses and ports) the way libpcap's optimizer leaves them rather
    /// than as its code generator emits them: they differ on truncated
    /// packets, and tcpdump's default program is the optimized one. Off
    /// where libpcap does not run its optimizer at all.
    pub follow_libpcap_optimizer: bool,
}

impl<'o> Cx<'o> {
    fn new(opts: &'o CompileOptions) -> Result<Cx<'o>> {
        let mut cx = Cx {
            opts,
            linktype: opts.linktype,
            off_linkhdr: AbsOff::fixed(0),
            off_prevlinkhdr: None,
            off_linktype: None,
            off_linkpl: None,
            off_nl: 0,
            off_nl_nosnap: 0,
            vlan_depth: 0,
            label_depth: 0,
            is_geneve: false,
            named_linktype: opts.linktype,
            is_lane: false,
            linkhdr_reg: None,
            linkpl_reg: None,
            regused: [false; 16],
            curreg: 0,
            ll_override: None,
            protochain_hops: proto::PROTOCHAIN_MAX_HOPS,
            used_protochain: false,
            used_geneve: false,
            zeroed_slots: Vec::new(),
            follow_libpcap_optimizer: true,
        };
        link::init(&mut cx)?;
        Ok(cx)
    }

    /// libpcap turns its optimizer off for a program that computes the
    /// 802.11 header length or Geneve's offsets (their code jumps inside a
    /// block) or unrolls a `protochain` loop: tcpdump then runs the
    /// unoptimized program.
    fn libpcap_skips_its_optimizer(&self) -> bool {
        let wlan = matches!(self.opts.linktype.0, 105 | 127 | 119 | 163 | 192);
        self.used_protochain || self.used_geneve || (wlan && self.linkpl_reg.is_some())
    }

    /// The link type link-type tests are generated for.
    pub fn lt(&self) -> LinkType {
        self.ll_override.unwrap_or(self.linktype)
    }

    /// A free scratch register, searched round-robin from the last one
    /// handed out (libpcap's `alloc_reg`).
    pub fn alloc_reg(&mut self) -> Result<u32> {
        for _ in 0..op::MEMWORDS {
            if self.regused[self.curreg] {
                self.curreg = (self.curreg + 1) % op::MEMWORDS as usize;
            } else {
                self.regused[self.curreg] = true;
                return Ok(self.curreg as u32);
            }
        }
        err("too many registers needed to evaluate expression")
    }

    /// The scratch register allocation, to undo a probe (see
    /// `regroup::families_told_apart`).
    pub fn register_state(&self) -> RegisterState {
        RegisterState {
            regused: self.regused,
            curreg: self.curreg,
            linkhdr_reg: self.linkhdr_reg,
            linkpl_reg: self.linkpl_reg,
        }
    }

    pub fn restore_register_state(&mut self, s: RegisterState) {
        self.regused = s.regused;
        self.curreg = s.curreg;
        self.linkhdr_reg = s.linkhdr_reg;
        self.linkpl_reg = s.linkpl_reg;
    }

    pub fn free_reg(&mut self, r: u32) {
        if let Some(u) = self.regused.get_mut(r as usize) {
            *u = false;
        }
    }

    /// The register holding a variable offset part: a symbolic one gets a
    /// register at first use, for good (libpcap's `gen_abs_offset_varpart`).
    pub fn resolve_var(&mut self, v: u32) -> Result<u32> {
        let have = match v {
            SLOT_LINKHDR => self.linkhdr_reg,
            SLOT_LINKPL => self.linkpl_reg,
            r => return Ok(r),
        };
        if let Some(r) = have {
            return Ok(r);
        }
        let r = self.alloc_reg()?;
        if v == SLOT_LINKHDR {
            self.linkhdr_reg = Some(r);
        } else {
            self.linkpl_reg = Some(r);
        }
        Ok(r)
    }

    /// The link-layer payload offset, or libpcap's error for link types
    /// without one.
    pub fn linkpl(&self) -> Result<AbsOff> {
        match self.off_linkpl {
            Some(o) => Ok(o),
            None => Err(link::no_filtering_error(self)),
        }
    }

    /// Load `size` bytes at `base + off` into A.
    pub fn load_abs(&mut self, base: AbsOff, off: u32, size: u16) -> Result<Vec<Insn>> {
        Ok(match base.var {
            Some(v) => {
                let slot = self.resolve_var(v)?;
                vec![
                    Insn::stmt(op::LDX | op::MEM, slot),
                    Insn::stmt(op::LD | op::IND | size, base.k.wrapping_add(off)),
                ]
            }
            None => vec![Insn::stmt(
                op::LD | op::ABS | size,
                beyond_any_packet(base.k.wrapping_add(off)),
            )],
        })
    }

    /// Statements that leave in X the IPv4 header length plus the
    /// variable part of the payload offset (libpcap's
    /// `gen_loadx_iphdrlen`); returns them and the constant to add.
    pub fn loadx_iphdrlen(&mut self) -> Result<(Vec<Insn>, u32)> {
        let pl = self.linkpl()?;
        let nl = pl.k.wrapping_add(self.off_nl);
        match pl.var {
            Some(v) => {
                let slot = self.resolve_var(v)?;
                Ok((
                    vec![
                        Insn::stmt(op::LDX | op::MEM, slot),
                        Insn::stmt(op::LD | op::IND | op::B, nl),
                        Insn::stmt(op::ALU | op::AND | op::K, 0xf),
                        Insn::stmt(op::ALU | op::LSH | op::K, 2),
                        Insn::stmt(op::ALU | op::ADD | op::X, 0),
                        Insn::stmt(op::MISC | op::TAX, 0),
                    ],
                    nl,
                ))
            }
            None => Ok((vec![Insn::stmt(op::LDX | op::MSH | op::B, nl)], nl)),
        }
    }

    /// Load relative to `rel` (libpcap's `gen_load_a`).
    pub fn load(&mut self, rel: Rel, off: u32, size: u16) -> Result<Vec<Insn>> {
        Ok(match rel {
            Rel::LinkHdr => self.load_abs(self.off_linkhdr, off, size)?,
            Rel::Llc => {
                let pl = self.linkpl()?;
                self.load_abs(pl, off, size)?
            }
            Rel::LinkPl => {
                let pl = self.linkpl()?;
                self.load_abs(pl, self.off_nl.wrapping_add(off), size)?
            }
            Rel::LinkPlNoSnap => {
                let pl = self.linkpl()?;
                self.load_abs(pl, self.off_nl_nosnap.wrapping_add(off), size)?
            }
            Rel::PrevMplsHdr => {
                let pl = self.linkpl()?;
                self.load_abs(pl, self.off_nl.wrapping_sub(4).wrapping_add(off), size)?
            }
            Rel::LinkType => {
                let lt = match self.off_linktype {
                    Some(o) => o,
                    None => return Err(link::no_filtering_error(self)),
                };
                self.load_abs(lt, off, size)?
            }
            Rel::TranIpv4 => {
                let (mut s, k) = self.loadx_iphdrlen()?;
                s.push(Insn::stmt(op::LD | op::IND | size, k.wrapping_add(off)));
                s
            }
            Rel::TranIpv6 => {
                let pl = self.linkpl()?;
                self.load_abs(pl, self.off_nl.wrapping_add(40).wrapping_add(off), size)?
            }
        })
    }

    /// `(load & mask) <jop> v`; the `and` is left out for an all-ones mask.
    pub fn ncmp(
        &mut self,
        rel: Rel,
        off: u32,
        size: u16,
        mask: u32,
        jop: u16,
        v: u32,
    ) -> Result<Pred> {
        if mask == 0 && jop == op::JEQ && self.follow_libpcap_optimizer {
            // A zero mask compares nothing (the words of an IPv6 prefix past
            // its length, `net 0.0.0.0/0`): libpcap generates the load, but
            // its optimizer folds the test and drops the load with it, so
            // tcpdump's program accepts a packet that ends before that word.
            // Not loading it at all gives that meaning.
            return Ok(if v == 0 { Pred::True } else { Pred::False });
        }
        let mut s = self.load(rel, off, size)?;
        if mask != 0xffff_ffff {
            s.push(Insn::stmt(op::ALU | op::AND | op::K, mask));
        }
        Ok(Pred::test(s, jop, v))
    }

    pub fn cmp(&mut self, rel: Rel, off: u32, size: u16, v: u32) -> Result<Pred> {
        self.ncmp(rel, off, size, 0xffff_ffff, op::JEQ, v)
    }

    pub fn mcmp(&mut self, rel: Rel, off: u32, size: u16, v: u32, mask: u32) -> Result<Pred> {
        self.ncmp(rel, off, size, mask, op::JEQ, v)
    }

    pub fn cmp_gt(&mut self, rel: Rel, off: u32, size: u16, v: u32) -> Result<Pred> {
        self.ncmp(rel, off, size, 0xffff_ffff, op::JGT, v)
    }

    pub fn cmp_ge(&mut self, rel: Rel, off: u32, size: u16, v: u32) -> Result<Pred> {
        self.ncmp(rel, off, size, 0xffff_ffff, op::JGE, v)
    }

    pub fn cmp_lt(&mut self, rel: Rel, off: u32, size: u16, v: u32) -> Result<Pred> {
        Ok(self.cmp_ge(rel, off, size, v)?.not())
    }

    pub fn cmp_le(&mut self, rel: Rel, off: u32, size: u16, v: u32) -> Result<Pred> {
        Ok(self.cmp_gt(rel, off, size, v)?.not())
    }

    /// `load & bits != 0`.
    pub fn jset(&mut self, rel: Rel, off: u32, size: u16, bits: u32) -> Result<Pred> {
        let s = self.load(rel, off, size)?;
        Ok(Pred::test(s, op::JSET, bits))
    }

    /// Compare `bytes` at `off`, last word first (libpcap's `gen_bcmp`).
    pub fn bcmp(&mut self, rel: Rel, off: u32, bytes: &[u8]) -> Result<Pred> {
        let mut size = bytes.len();
        let mut tests = Vec::new();
        while size >= 4 {
            let p = &bytes[size - 4..size];
            let v = u32::from_be_bytes([p[0], p[1], p[2], p[3]]);
            tests.push(self.cmp(rel, off + size as u32 - 4, op::W, v)?);
            size -= 4;
        }
        while size >= 2 {
            let p = &bytes[size - 2..size];
            let v = u16::from_be_bytes([p[0], p[1]]) as u32;
            tests.push(self.cmp(rel, off + size as u32 - 2, op::H, v)?);
            size -= 2;
        }
        if size > 0 {
            tests.push(self.cmp(rel, off, op::B, bytes[0] as u32)?);
        }
        Ok(Pred::all(tests))
    }

    /// Compile a whole expression, left to right.
    pub fn expr(&mut self, e: &Expr) -> Result<Pred> {
        Ok(match e {
            Expr::True => Pred::True,
            Expr::And(..) => self.and_chain(e)?,
            Expr::Or(..) => self.or_chain(e)?,
            Expr::Not(a) => self.expr(a)?.not(),
            Expr::Id { quals, id } => self.id(*quals, id)?,
            Expr::ProtoAbbrev(p) => self.proto_abbrev(*p)?,
            Expr::Broadcast(p) => self.broadcast(*p)?,
            Expr::Multicast(p) => self.multicast(*p)?,
            Expr::Less(n) => Pred::test(vec![Insn::stmt(op::LD | op::LEN, 0)], op::JGT, *n).not(),
            Expr::Greater(n) => Pred::test(vec![Insn::stmt(op::LD | op::LEN, 0)], op::JGE, *n),
            Expr::Byte {
                index,
                op: bop,
                value,
            } => self.byteop(*index, *bop, *value)?,
            Expr::Inbound => self.inbound(true)?,
            Expr::Outbound => self.inbound(false)?,
            Expr::IfIndex(n) => self.ifindex(*n)?,
            Expr::Vlan(id) => self.vlan(*id)?,
            Expr::Mpls(label) => self.mpls(*label)?,
            Expr::Pppoed => self.pppoed()?,
            Expr::Pppoes(id) => self.pppoes(*id)?,
            Expr::Geneve(vni) => self.geneve(*vni)?,
            Expr::Vxlan(vni) => self.vxlan(*vni)?,
            Expr::Mtp2 { unit, hsl } => self.mtp2(*unit, *hsl)?,
            Expr::Pf(pf) => self.pflog(pf)?,
            Expr::Atm(kind) => self.atm(*kind)?,
            Expr::AtmField { field, op, values } => self.atm_field(*field, *op, values)?,
            Expr::Mtp3 {
                field,
                hsl,
                op,
                values,
            } => self.mtp3(*field, *hsl, *op, values)?,
            Expr::Llc(kind) => self.llc(*kind)?,
            Expr::WlanFc { value, mask } => self.wlan_fc(*value, *mask)?,
            Expr::WlanDir(d) => self.wlan_dir(*d)?,
            Expr::Relation { op: rop, lhs, rhs } => self.relation(*rop, lhs, rhs)?,
        })
    }

    fn byteop(&mut self, index: u32, bop: crate::syntax::ByteOp, value: u32) -> Result<Pred> {
        use crate::syntax::ByteOp;
        if value > 255 {
            return err(format!("byte argument {value} greater than maximum 255"));
        }
        match bop {
            ByteOp::Eq => self.cmp(Rel::LinkHdr, index, op::B, value),
            ByteOp::Lt => self.cmp_lt(Rel::LinkHdr, index, op::B, value),
            ByteOp::Gt => self.cmp_gt(Rel::LinkHdr, index, op::B, value),
            ByteOp::And | ByteOp::Or => {
                // The byte, and-ed or or-ed with the value, is not zero.
                // (libpcap 1.10 forgot the load and tested whatever A held;
                // its development version loads the byte.)
                let alu = if bop == ByteOp::And { op::AND } else { op::OR };
                let mut s = self.load(Rel::LinkHdr, index, op::B)?;
                s.push(Insn::stmt(op::ALU | alu | op::K, value));
                Ok(Pred::test(s, op::JEQ, 0).not())
            }
        }
    }

    fn inbound(&mut self, inbound: bool) -> Result<Pred> {
        // The switch tags carry the direction in their first byte: Broadcom
        // 0x20 in the top three bits for frames from the switch's CPU
        // port, 0 towards it; Marvell "forward" frames have 0x40 in the top
        // two bits ("to CPU" frames have the 0x40 bit clear).
        match self.opts.linktype.0 {
            281 => {
                return if inbound {
                    Ok(self.jset(Rel::LinkHdr, 12, op::B, 0xe0)?.not())
                } else {
                    self.mcmp(Rel::LinkHdr, 12, op::B, 0x20, 0xe0)
                };
            }
            284 => {
                return if inbound {
                    Ok(self.jset(Rel::LinkHdr, 12, op::B, 0x40)?.not())
                } else {
                    self.mcmp(Rel::LinkHdr, 12, op::B, 0x40, 0xc0)
                };
            }
            _ => {}
        }
        let lt = self.linktype;
        let p = match lt.0 {
            // SLIP, and PPP as pppd logs it: a direction byte, 0 received,
            // 1 sent.
            8 | 166 => self.cmp(Rel::LinkHdr, 0, op::B, if inbound { 0 } else { 1 })?,
            // Solaris ipnet: dl_dir, IPNET_INBOUND 2 / IPNET_OUTBOUND 1.
            226 => self.cmp(Rel::LinkHdr, 2, op::H, if inbound { 2 } else { 1 })?,
            // pflog's direction byte: PF_IN 1, PF_OUT 2.
            117 => self.cmp(Rel::LinkHdr, 60, op::B, if inbound { 1 } else { 2 })?,
            _ if link::is_juniper(lt) => self.mcmp(Rel::LinkHdr, 3, op::B, inbound as u32, 0x01)?,
            _ => {
                // Linux: the packet type (PACKET_OUTGOING = 4) from the
                // cooked header, or from the socket's ancillary data.
                let outgoing = match lt.0 {
                    113 => self.cmp(Rel::LinkHdr, 0, op::H, 4)?,
                    276 => self.cmp(Rel::LinkHdr, 10, op::B, 4)?,
                    _ => {
                        self.kernel_metadata(if inbound { "inbound" } else { "outbound" })?;
                        self.cmp(Rel::LinkHdr, op::SKF_AD_OFF + op::SKF_AD_PKTTYPE, op::H, 4)?
                    }
                };
                if inbound {
                    outgoing.not()
                } else {
                    outgoing
                }
            }
        };
        Ok(p)
    }

    fn ifindex(&mut self, n: u32) -> Result<Pred> {
        if self.linktype == LinkType::LINUX_SLL2 {
            self.cmp(Rel::LinkHdr, 4, op::W, n)
        } else {
            self.kernel_metadata("ifindex")?;
            self.cmp(Rel::LinkHdr, op::SKF_AD_OFF + op::SKF_AD_IFINDEX, op::W, n)
        }
    }

    /// `what` reads the Linux socket's metadata (`SKF_AD_*`), which only a
    /// live capture has: a capture file cannot answer it, so libpcap refuses
    /// the filter when reading one.
    fn kernel_metadata(&self, what: &str) -> Result<()> {
        if self.opts.capture == Capture::Live {
            return Ok(());
        }
        err(format!(
            "not a live capture, '{what}' not supported on {}",
            dlt_text(self.opts.linktype)
        ))
    }

    /// The name libpcap uses for a protocol qualifier in messages.
    pub fn proto_name(p: Proto) -> &'static str {
        p.keyword()
    }
}

#[cfg(test)]
mod tests;

/// An absolute offset that wrapped below zero (libpcap computes some from a
/// link header offset of -1: `isis` on Juniper link types loads `[-2]`)
/// never lies in a packet: libpcap's interpreter rejects the packet at
/// that load. The kernel reads offsets from `SKF_LL_OFF` up as its
/// negative and ancillary pseudo-offsets (and refuses unknown ones), so
/// such a load becomes one at the largest positive offset, which fails in
/// every engine as libpcap's does.
fn beyond_any_packet(k: u32) -> u32 {
    const SKF_LL_OFF: u32 = 0xffe0_0000;
    if k >= SKF_LL_OFF {
        i32::MAX as u32
    } else {
        k
    }
}
