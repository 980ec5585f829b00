//! Canonical pcap-filter(7) text for a syntax tree: every primitive with
//! its qualifiers spelled out, parentheses wherever libpcap's precedence
//! would otherwise regroup, so that `parse(&e.to_string()) == Ok(e)` for
//! every tree the parser produces.

use super::ast::*;
use super::lexer::{tokenize, TokKind};
use super::names;
use std::fmt::{self, Display, Formatter};

impl Display for Proto {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        // `ether` reads better than `link`; both parse to `Proto::Link`.
        f.write_str(if *self == Proto::Link {
            "ether"
        } else {
            self.keyword()
        })
    }
}

impl Display for Dir {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dir::Default => "",
            Dir::Src => "src",
            Dir::Dst => "dst",
            Dir::SrcOrDst => "src or dst",
            Dir::SrcAndDst => "src and dst",
            Dir::Addr1 => "addr1",
            Dir::Addr2 => "addr2",
            Dir::Addr3 => "addr3",
            Dir::Addr4 => "addr4",
            Dir::Ra => "ra",
            Dir::Ta => "ta",
        })
    }
}

impl Display for Kind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Default => "",
            Kind::Host => "host",
            Kind::Net => "net",
            Kind::Port => "port",
            Kind::PortRange => "portrange",
            Kind::Gateway => "gateway",
            Kind::Proto => "proto",
            Kind::ProtoChain => "protochain",
        })
    }
}

/// The qualifiers that are given, separated by blanks (`tcp dst port`).
impl Display for Qualifiers {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let parts = [
            self.proto.to_string(),
            self.dir.to_string(),
            self.kind.to_string(),
        ];
        let given: Vec<&str> = parts
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        f.write_str(&given.join(" "))
    }
}

/// Whether `name` reads back as the same name without a backslash.
fn is_plain_name(name: &str) -> bool {
    let toks = tokenize(name);
    matches!(toks.as_slice(), [t] if t.kind == TokKind::Name(name.to_string()) && t.text == name)
}

impl Display for Id {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Id::Num(n) => write!(f, "{n}"),
            Id::Dotted(s) => f.write_str(s),
            Id::DottedCidr(s, len) => write!(f, "{s}/{len}"),
            Id::DottedMask(s, mask) => write!(f, "{s} mask {mask}"),
            Id::Ipv6(a) => write!(f, "{a}"),
            Id::Ipv6Cidr(a, len) => write!(f, "{a}/{len}"),
            Id::Mac(m) => write!(
                f,
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            ),
            Id::Aid(text) => f.write_str(text),
            Id::Name(n) if is_plain_name(n) => f.write_str(n),
            Id::Name(n) => write!(f, "\\{n}"),
        }
    }
}

impl Display for RelOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RelOp::Gt => ">",
            RelOp::Ge => ">=",
            RelOp::Eq => "=",
            RelOp::Ne => "!=",
            RelOp::Lt => "<",
            RelOp::Le => "<=",
        })
    }
}

impl Display for ArithOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Mod => "%",
            ArithOp::And => "&",
            ArithOp::Or => "|",
            ArithOp::Xor => "^",
            ArithOp::Shl => "<<",
            ArithOp::Shr => ">>",
        })
    }
}

impl Display for ByteOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ByteOp::Eq => "=",
            ByteOp::Lt => "<",
            ByteOp::Gt => ">",
            ByteOp::And => "&",
            ByteOp::Or => "|",
        })
    }
}

/// Arithmetic with every compound operand parenthesised: libpcap's `%`
/// and `^` have no precedence, so only full parenthesisation is safe.
impl Display for Arith {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        fn operand(a: &Arith, f: &mut Formatter<'_>) -> fmt::Result {
            match a {
                Arith::Binary { .. } | Arith::Neg(_) => write!(f, "({a})"),
                _ => write!(f, "{a}"),
            }
        }
        match self {
            Arith::Num(n) => write!(f, "{n}"),
            Arith::Len => f.write_str("len"),
            Arith::Load {
                proto,
                offset,
                size: 1,
            } => write!(f, "{proto}[{offset}]"),
            Arith::Load {
                proto,
                offset,
                size,
            } => write!(f, "{proto}[{offset}:{size}]"),
            Arith::Binary { op, lhs, rhs } => {
                operand(lhs, f)?;
                write!(f, " {op} ")?;
                operand(rhs, f)
            }
            Arith::Neg(a) => {
                f.write_str("-")?;
                operand(a, f)
            }
        }
    }
}

impl Display for LlcKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            LlcKind::Any => f.write_str("llc"),
            LlcKind::I => f.write_str("llc i"),
            LlcKind::S => f.write_str("llc s"),
            LlcKind::U => f.write_str("llc u"),
            LlcKind::SSubtype(v) => match names::name_of(names::LLC_S_SUBTYPES, *v) {
                Some(n) => write!(f, "llc {n}"),
                None => write!(f, "llc <S subtype {v:#04x}>"),
            },
            LlcKind::USubtype(v) => match names::name_of(names::LLC_U_SUBTYPES, *v) {
                Some(n) => write!(f, "llc {n}"),
                None => write!(f, "llc <U subtype {v:#04x}>"),
            },
        }
    }
}

/// A protocol qualifier followed by a blank, or nothing.
fn proto_prefix(p: Proto) -> String {
    if p == Proto::Default {
        String::new()
    } else {
        format!("{p} ")
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::True => Ok(()),
            // `and`/`or` share one precedence and group to the left, so
            // only a compound right operand needs parentheses.
            Expr::And(l, r) | Expr::Or(l, r) => {
                let word = if matches!(self, Expr::And(..)) {
                    "and"
                } else {
                    "or"
                };
                write!(f, "{l} {word} ")?;
                match **r {
                    Expr::And(..) | Expr::Or(..) => write!(f, "({r})"),
                    _ => write!(f, "{r}"),
                }
            }
            Expr::Not(e) => match **e {
                Expr::And(..) | Expr::Or(..) => write!(f, "not ({e})"),
                _ => write!(f, "not {e}"),
            },
            Expr::Id { quals, id } => write!(f, "{quals} {id}"),
            Expr::ProtoAbbrev(p) => write!(f, "{p}"),
            Expr::Broadcast(p) => write!(f, "{}broadcast", proto_prefix(*p)),
            Expr::Multicast(p) => write!(f, "{}multicast", proto_prefix(*p)),
            Expr::Less(n) => write!(f, "less {n}"),
            Expr::Greater(n) => write!(f, "greater {n}"),
            Expr::Byte { index, op, value } => write!(f, "byte {index} {op} {value}"),
            Expr::Inbound => f.write_str("inbound"),
            Expr::Outbound => f.write_str("outbound"),
            Expr::IfIndex(n) => write!(f, "ifindex {n}"),
            Expr::Vlan(id) => optional_number(f, "vlan", *id),
            Expr::Mpls(id) => optional_number(f, "mpls", *id),
            Expr::Pppoed => f.write_str("pppoed"),
            Expr::Pppoes(id) => optional_number(f, "pppoes", *id),
            Expr::Geneve(id) => optional_number(f, "geneve", *id),
            Expr::Vxlan(id) => optional_number(f, "vxlan", *id),
            Expr::Mtp2 { unit, hsl } => f.write_str(unit.keyword(*hsl)),
            Expr::Pf(pf) => match pf {
                Pf::Ifname(name) => write!(f, "ifname {name}"),
                Pf::Ruleset(name) => write!(f, "ruleset {name}"),
                Pf::Rnr(n) => write!(f, "rnr {n}"),
                Pf::Srnr(n) => write!(f, "srnr {n}"),
                Pf::Reason(n) => write!(f, "reason {n}"),
                Pf::Action(n) => {
                    let name = names::PF_ACTIONS
                        .iter()
                        .find(|(_, v)| u32::from(*v) == *n)
                        .map_or("pass", |(k, _)| k);
                    write!(f, "action {name}")
                }
            },
            Expr::Mtp3 {
                field,
                hsl,
                op,
                values,
            } => field_values(f, field.keyword(*hsl), *op, values),
            Expr::Atm(kind) => f.write_str(kind.keyword()),
            Expr::AtmField { field, op, values } => field_values(f, field.keyword(), *op, values),
            Expr::Llc(kind) => write!(f, "{kind}"),
            Expr::WlanFc { value, mask } if *mask == names::WLAN_TYPE_MASK => {
                write!(f, "type {value}")
            }
            Expr::WlanFc { value, mask } => {
                write!(
                    f,
                    "type {} subtype {}",
                    value & mask & names::WLAN_TYPE_MASK,
                    value & mask & names::WLAN_SUBTYPE_MASK
                )
            }
            Expr::WlanDir(d) => write!(f, "dir {d}"),
            Expr::Relation { op, lhs, rhs } => write!(f, "{lhs} {op} {rhs}"),
        }
    }
}

fn optional_number(f: &mut Formatter<'_>, word: &str, n: Option<u32>) -> fmt::Result {
    match n {
        Some(n) => write!(f, "{word} {n}"),
        None => f.write_str(word),
    }
}

/// `name N`, `name relop N` or `name (N or N ...)`.
fn field_values(f: &mut Formatter<'_>, name: &str, op: RelOp, values: &[u32]) -> fmt::Result {
    match values {
        [v] if op == RelOp::Eq => write!(f, "{name} {v}"),
        [v] => write!(f, "{name} {op} {v}"),
        _ => {
            write!(f, "{name} (")?;
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    f.write_str(" or ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(")")
        }
    }
}
