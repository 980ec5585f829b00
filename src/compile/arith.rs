//! Relational expressions over arithmetic: `proto[expr:size]` packet
//! accessors, `len`, constants and the ten binary operators.
//!
//! The code is libpcap's, statement for statement and register for
//! register: every value lives in a scratch register handed out by
//! libpcap's allocator (`Cx::alloc_reg`). That looks wasteful (the
//! optimizer cleans it up) but it is what keeps the meaning identical: on
//! 802.11 behind a radio header, libpcap may give a register an earlier
//! relation used (and freed) to a variable offset, and the relation's
//! stores then overwrite that offset when the program runs.
//!
//! As in libpcap, every protocol check an accessor needs (`tcp[...]` only
//! reads a TCP header of an unfragmented IPv4 packet) is made first, and
//! the arithmetic with all its loads runs after the checks, in one block.

use super::pred::Pred;
use super::{err, Cx, Result};
use crate::cbpf::{op, Insn};
use crate::syntax::{Arith, ArithOp, Proto, RelOp};

/// A value being computed (libpcap's `struct arth`): the code computing it
/// into register `reg`, and the protocol checks it depends on.
struct Arth {
    stmts: Vec<Insn>,
    checks: Option<Pred>,
    reg: u32,
}

fn s(code: u16, k: u32) -> Insn {
    Insn::stmt(code, k)
}

fn and_checks(a: Option<Pred>, b: Option<Pred>) -> Option<Pred> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.and(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// libpcap's checks for a zero divisor or an oversized shift look only at
/// the first statement of the operand's code: a constant load there.
fn first_constant(stmts: &[Insn]) -> Option<u32> {
    match stmts.first() {
        Some(i) if i.code == op::LD | op::IMM => Some(i.k),
        _ => None,
    }
}

fn alu(op_: ArithOp) -> u16 {
    match op_ {
        ArithOp::Add => op::ADD,
        ArithOp::Sub => op::SUB,
        ArithOp::Mul => op::MUL,
        ArithOp::Div => op::DIV,
        ArithOp::Mod => op::MOD,
        ArithOp::And => op::AND,
        ArithOp::Or => op::OR,
        ArithOp::Xor => op::XOR,
        ArithOp::Shl => op::LSH,
        ArithOp::Shr => op::RSH,
    }
}

impl Cx<'_> {
    /// `lhs relop rhs` (libpcap's `gen_relation`).
    pub fn relation(&mut self, rop: RelOp, lhs: &Arith, rhs: &Arith) -> Result<Pred> {
        if !matches!(self.opts.linktype.0, 105 | 127 | 119 | 163 | 192) {
            // No offset is computed into a register up front, so which
            // registers hold intermediate values cannot matter.
            return self.relation_compact(rop, lhs, rhs);
        }
        let a0 = self.arith(lhs)?;
        let a1 = self.arith(rhs)?;
        let (jop, negate) = match rop {
            RelOp::Eq => (op::JEQ, false),
            RelOp::Ne => (op::JEQ, true),
            RelOp::Gt => (op::JGT, false),
            RelOp::Ge => (op::JGE, false),
            RelOp::Lt => (op::JGE, true),
            RelOp::Le => (op::JGT, true),
        };
        let mut stmts = a0.stmts;
        stmts.extend(a1.stmts);
        stmts.push(s(op::LDX | op::MEM, a1.reg));
        stmts.push(s(op::LD | op::MEM, a0.reg));
        let test = if jop == op::JEQ {
            stmts.push(s(op::ALU | op::SUB | op::X, 0));
            Pred::test(stmts, op::JEQ, 0)
        } else {
            Pred::test_x(stmts, jop)
        };
        self.free_reg(a0.reg);
        self.free_reg(a1.reg);
        let test = if negate { test.not() } else { test };
        Ok(match and_checks(a0.checks, a1.checks) {
            Some(c) => c.and(test),
            None => test,
        })
    }

    fn arith(&mut self, a: &Arith) -> Result<Arth> {
        match a {
            Arith::Num(k) => {
                let reg = self.alloc_reg()?;
                Ok(Arth {
                    stmts: vec![s(op::LD | op::IMM, *k), s(op::ST, reg)],
                    checks: None,
                    reg,
                })
            }
            Arith::Len => {
                let reg = self.alloc_reg()?;
                Ok(Arth {
                    stmts: vec![s(op::LD | op::LEN, 0), s(op::ST, reg)],
                    checks: None,
                    reg,
                })
            }
            Arith::Neg(x) => {
                let mut v = self.arith(x)?;
                v.stmts.push(s(op::LD | op::MEM, v.reg));
                v.stmts.push(s(op::ALU | op::NEG, 0));
                v.stmts.push(s(op::ST, v.reg));
                Ok(v)
            }
            Arith::Binary { .. } => {
                // The left spine of a chain in a loop, innermost operator
                // first, as the recursion would apply them (a chain can be
                // as long as the filter).
                let mut spine = Vec::new();
                let mut leaf = a;
                while let Arith::Binary { op: bop, lhs, rhs } = leaf {
                    spine.push((*bop, &**rhs));
                    leaf = lhs;
                }
                let mut a0 = self.arith(leaf)?;
                for (bop, rhs) in spine.into_iter().rev() {
                    let a1 = self.arith(rhs)?;
                    let k = first_constant(&a1.stmts);
                    match bop {
                        ArithOp::Div if k == Some(0) => return err("division by zero"),
                        ArithOp::Mod if k == Some(0) => return err("modulus by zero"),
                        ArithOp::Shl | ArithOp::Shr if k.is_some_and(|k| k > 31) => {
                            return err("shift by more than 31 bits")
                        }
                        _ => {}
                    }
                    let mut stmts = a0.stmts;
                    stmts.extend(a1.stmts);
                    stmts.push(s(op::LDX | op::MEM, a1.reg));
                    stmts.push(s(op::LD | op::MEM, a0.reg));
                    stmts.push(s(op::ALU | alu(bop) | op::X, 0));
                    self.free_reg(a0.reg);
                    self.free_reg(a1.reg);
                    let reg = self.alloc_reg()?;
                    stmts.push(s(op::ST, reg));
                    // libpcap keeps only the left operand's protocol checks
                    // (`gen_arth` returns the left operand); the right
                    // one's loads still happen.
                    a0 = Arth {
                        stmts,
                        checks: a0.checks,
                        reg,
                    };
                }
                Ok(a0)
            }
            Arith::Load {
                proto,
                offset,
                size,
            } => {
                let idx = self.arith(offset)?;
                self.accessor(*proto, idx, *size)
            }
        }
    }

    /// `proto[index:size]` (libpcap's `gen_load`).
    fn accessor(&mut self, proto: Proto, idx: Arth, size: u8) -> Result<Arth> {
        use Proto as P;
        let width = match size {
            1 => op::B,
            2 => op::H,
            4 => op::W,
            _ => return err("data size must be 1, 2, or 4"),
        };
        let reg = self.alloc_reg()?;
        self.free_reg(idx.reg);
        let mut stmts = idx.stmts;
        let checks = match proto {
            P::Radio => {
                if !matches!(self.linktype.0, 127 | 119 | 163) {
                    return err("radio information not present in capture");
                }
                stmts.push(s(op::LDX | op::MEM, idx.reg));
                stmts.push(s(op::LD | op::IND | width, 0));
                idx.checks
            }
            P::Link => {
                let base = self.off_linkhdr;
                self.index_to_x(&mut stmts, idx.reg, base.var)?;
                stmts.push(s(op::LD | op::IND | width, base.k));
                idx.checks
            }
            P::Ip
            | P::Arp
            | P::Rarp
            | P::Atalk
            | P::Decnet
            | P::Sca
            | P::Lat
            | P::Moprc
            | P::Mopdl
            | P::Ip6 => {
                let pl = self.linkpl()?;
                self.index_to_x(&mut stmts, idx.reg, pl.var)?;
                stmts.push(s(op::LD | op::IND | width, pl.k.wrapping_add(self.off_nl)));
                let b = self.proto_abbrev(proto)?;
                and_checks(idx.checks, Some(b))
            }
            P::Sctp
            | P::Tcp
            | P::Udp
            | P::Icmp
            | P::Igmp
            | P::Igrp
            | P::Pim
            | P::Vrrp
            | P::Carp => {
                let (hdr, k) = self.loadx_iphdrlen()?;
                stmts.extend(hdr);
                stmts.push(s(op::LD | op::MEM, idx.reg));
                stmts.push(s(op::ALU | op::ADD | op::X, 0));
                stmts.push(s(op::MISC | op::TAX, 0));
                stmts.push(s(op::LD | op::IND | width, k));
                let abbrev = self.proto_abbrev(proto)?;
                let frag = self.ipfrag()?;
                let inner = and_checks(idx.checks, Some(abbrev.and(frag))).unwrap();
                let ip = self.proto_abbrev(P::Ip)?;
                Some(ip.and(inner))
            }
            P::Icmp6 => {
                let ip6 = self.proto_abbrev(P::Ip6)?;
                let c = and_checks(idx.checks, Some(ip6)).unwrap();
                let nh = self.cmp(super::Rel::LinkPl, 6, op::B, 58)?;
                let pl = self.linkpl()?;
                self.index_to_x(&mut stmts, idx.reg, pl.var)?;
                stmts.push(s(
                    op::LD | op::IND | width,
                    pl.k.wrapping_add(self.off_nl).wrapping_add(40),
                ));
                Some(c.and(nh))
            }
            _ => {
                return err(format!(
                    "'{}' does not support the index operation",
                    Cx::proto_name(proto)
                ))
            }
        };
        stmts.push(s(op::ST, reg));
        Ok(Arth { stmts, checks, reg })
    }

    /// X = the index in register `idx` (plus the variable offset part).
    fn index_to_x(&mut self, stmts: &mut Vec<Insn>, idx: u32, var: Option<u32>) -> Result<()> {
        match var {
            Some(v) => {
                let r = self.resolve_var(v)?;
                stmts.push(s(op::LDX | op::MEM, r));
                stmts.push(s(op::LD | op::MEM, idx));
                stmts.push(s(op::ALU | op::ADD | op::X, 0));
                stmts.push(s(op::MISC | op::TAX, 0));
            }
            None => stmts.push(s(op::LDX | op::MEM, idx)),
        }
        Ok(())
    }
}
