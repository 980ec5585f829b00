//! Relational expressions, compact form: the same loads, checks and
//! errors as [`super::arith`], with intermediate values kept in A and as
//! few scratch registers as possible. Used where libpcap's exact register
//! use cannot change any verdict (no offset computed by the prologue),
//! because it gives the optimizer less to undo.

use super::pred::Pred;
use super::{err, Cx, Result};
use crate::cbpf::{op, Insn};
use crate::syntax::{Arith, ArithOp, Proto, RelOp};

/// Code leaving a value in A, and the protocol checks it depends on.
struct Val {
    stmts: Vec<Insn>,
    checks: Option<Pred>,
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

/// The first statement libpcap generates for an operand is a load of its
/// leftmost leaf; libpcap's checks for a zero divisor or an oversized
/// shift look only at that statement.
fn leftmost_constant(mut a: &Arith) -> Option<u32> {
    loop {
        match a {
            Arith::Num(k) => return Some(*k),
            Arith::Len => return None,
            Arith::Load { offset: x, .. } | Arith::Binary { lhs: x, .. } | Arith::Neg(x) => a = x,
        }
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

/// A plain constant's value, if `stmts` is just `ld #k`.
fn as_const(stmts: &[Insn]) -> Option<u32> {
    match stmts {
        [i] if i.code == op::LD | op::IMM => Some(i.k),
        _ => None,
    }
}

impl Cx<'_> {
    pub fn relation_compact(&mut self, rop: RelOp, lhs: &Arith, rhs: &Arith) -> Result<Pred> {
        let l = self.arith_compact(lhs)?;
        let (mut stmts, tmp) = (l.stmts, self.alloc_reg()?);
        let r = self.arith_compact(rhs)?;
        let (jop, negate) = match rop {
            RelOp::Eq => (op::JEQ, false),
            RelOp::Ne => (op::JEQ, true),
            RelOp::Gt => (op::JGT, false),
            RelOp::Ge => (op::JGE, false),
            RelOp::Lt => (op::JGE, true),
            RelOp::Le => (op::JGT, true),
        };
        let test = if let Some(k) = as_const(&r.stmts) {
            Pred::test(stmts, jop, k)
        } else {
            stmts.push(s(op::ST, tmp));
            stmts.extend(r.stmts);
            stmts.push(s(op::MISC | op::TAX, 0));
            stmts.push(s(op::LD | op::MEM, tmp));
            Pred::test_x(stmts, jop)
        };
        self.free_reg(tmp);
        let test = if negate { test.not() } else { test };
        Ok(match and_checks(l.checks, r.checks) {
            Some(c) => c.and(test),
            None => test,
        })
    }

    fn arith_compact(&mut self, a: &Arith) -> Result<Val> {
        match a {
            Arith::Num(k) => Ok(Val {
                stmts: vec![s(op::LD | op::IMM, *k)],
                checks: None,
            }),
            Arith::Len => Ok(Val {
                stmts: vec![s(op::LD | op::LEN, 0)],
                checks: None,
            }),
            Arith::Neg(x) => {
                let mut v = self.arith_compact(x)?;
                v.stmts.push(s(op::ALU | op::NEG, 0));
                Ok(v)
            }
            Arith::Binary { .. } => {
                // `a - b - c` is `(a - b) - c`: walk the left spine of a
                // chain in a loop (a chain can be as long as the filter),
                // checking each operator, outermost first, as a recursion
                // would, then apply the operators innermost first.
                let mut spine = Vec::new();
                let mut leaf = a;
                while let Arith::Binary { op: bop, lhs, rhs } = leaf {
                    match bop {
                        ArithOp::Div if leftmost_constant(rhs) == Some(0) => {
                            return err("division by zero")
                        }
                        ArithOp::Mod if leftmost_constant(rhs) == Some(0) => {
                            return err("modulus by zero")
                        }
                        ArithOp::Shl | ArithOp::Shr
                            if leftmost_constant(rhs).is_some_and(|k| k > 31) =>
                        {
                            return err("shift by more than 31 bits")
                        }
                        _ => {}
                    }
                    spine.push((*bop, &**rhs));
                    leaf = lhs;
                }
                let mut l = self.arith_compact(leaf)?;
                for (bop, rhs) in spine.into_iter().rev() {
                    let tmp = self.alloc_reg()?;
                    let r = self.arith_compact(rhs)?;
                    let code = alu(bop);
                    match as_const(&r.stmts) {
                        Some(k) => l.stmts.push(s(op::ALU | code | op::K, k)),
                        None => {
                            l.stmts.push(s(op::ST, tmp));
                            l.stmts.extend(r.stmts);
                            l.stmts.push(s(op::MISC | op::TAX, 0));
                            l.stmts.push(s(op::LD | op::MEM, tmp));
                            l.stmts.push(s(op::ALU | code | op::X, 0));
                        }
                    }
                    self.free_reg(tmp);
                    // libpcap keeps only the left operand's protocol checks
                    // (`gen_arth` returns the left operand, dropping the
                    // right one's); the right operand's loads still happen.
                    let _ = r.checks;
                }
                Ok(l)
            }
            Arith::Load {
                proto,
                offset,
                size,
            } => self.accessor_compact(*proto, offset, *size),
        }
    }

    /// `proto[offset:size]` (libpcap's `gen_load`).
    fn accessor_compact(&mut self, proto: Proto, offset: &Arith, size: u8) -> Result<Val> {
        use Proto as P;
        let width = match size {
            1 => op::B,
            2 => op::H,
            4 => op::W,
            _ => return err("data size must be 1, 2, or 4"),
        };
        let idx = self.arith_compact(offset)?;
        let mut stmts = idx.stmts;
        match proto {
            P::Radio => {
                if !matches!(self.linktype.0, 127 | 119 | 163) {
                    return err("radio information not present in capture");
                }
                stmts.push(s(op::MISC | op::TAX, 0));
                stmts.push(s(op::LD | op::IND | width, 0));
                Ok(Val {
                    stmts,
                    checks: idx.checks,
                })
            }
            P::Link => {
                let base = self.off_linkhdr;
                self.index_to_x_compact(&mut stmts, base.var)?;
                stmts.push(s(op::LD | op::IND | width, base.k));
                Ok(Val {
                    stmts,
                    checks: idx.checks,
                })
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
                self.index_to_x_compact(&mut stmts, pl.var)?;
                stmts.push(s(op::LD | op::IND | width, pl.k.wrapping_add(self.off_nl)));
                let b = self.proto_abbrev(proto)?;
                Ok(Val {
                    stmts,
                    checks: and_checks(idx.checks, Some(b)),
                })
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
                let tmp = self.alloc_reg()?;
                let (hdr, k) = self.loadx_iphdrlen()?;
                stmts.push(s(op::ST, tmp));
                stmts.extend(hdr);
                stmts.push(s(op::LD | op::MEM, tmp));
                stmts.push(s(op::ALU | op::ADD | op::X, 0));
                stmts.push(s(op::MISC | op::TAX, 0));
                stmts.push(s(op::LD | op::IND | width, k));
                self.free_reg(tmp);
                let abbrev = self.proto_abbrev(proto)?;
                let frag = self.ipfrag()?;
                let inner = and_checks(idx.checks, Some(abbrev.and(frag))).unwrap();
                let ip = self.proto_abbrev(P::Ip)?;
                Ok(Val {
                    stmts,
                    checks: Some(ip.and(inner)),
                })
            }
            P::Icmp6 => {
                let ip6 = self.proto_abbrev(P::Ip6)?;
                let c = and_checks(idx.checks, Some(ip6)).unwrap();
                let nh = self.cmp(super::Rel::LinkPl, 6, op::B, 58)?;
                let pl = self.linkpl()?;
                self.index_to_x_compact(&mut stmts, pl.var)?;
                stmts.push(s(
                    op::LD | op::IND | width,
                    pl.k.wrapping_add(self.off_nl).wrapping_add(40),
                ));
                Ok(Val {
                    stmts,
                    checks: Some(c.and(nh)),
                })
            }
            _ => err(format!(
                "'{}' does not support the index operation",
                Cx::proto_name(proto)
            )),
        }
    }

    /// A holds an index; leave index (+ the variable offset in `var`) in X.
    fn index_to_x_compact(&mut self, stmts: &mut Vec<Insn>, var: Option<u32>) -> Result<()> {
        stmts.push(s(op::MISC | op::TAX, 0));
        if let Some(v) = var {
            let r = self.resolve_var(v)?;
            stmts.push(s(op::LD | op::MEM, r));
            stmts.push(s(op::ALU | op::ADD | op::X, 0));
            stmts.push(s(op::MISC | op::TAX, 0));
        }
        Ok(())
    }
}
