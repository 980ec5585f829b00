//! The pcap-filter(7) grammar of libpcap 1.10 (`grammar.y`), as a
//! recursive-descent parser over the tokens of [`super::lexer`].
//!
//! libpcap's grammar is LALR(1) with a few dozen conflicts resolved by
//! shifting; the parts that matter here:
//!
//! * `and` and `or` have the same precedence and associate to the left;
//!   `not` binds tightest.
//! * After `and`/`or` comes either a full term or a bare *id* that inherits
//!   the qualifiers of the primitive before it (`host a or b`). The
//!   qualifiers flow through `not` and `(`, and a parenthesised expression
//!   passes on the qualifiers that were in force before it (`host a and
//!   (tcp) or b` makes `b` a host). After a protocol name, a relation or a
//!   keyword primitive there is nothing to inherit (libpcap's `qerr`), and
//!   a bare id there is a syntax error.
//! * A bare number after `and`/`or` is an id unless an arithmetic or
//!   relational operator follows (`udp or 10 / (ip[9] - 6) = 0`).
//! * In arithmetic, `|` < `&` < `<< >>` < `+ -` < `* /` < unary minus, all
//!   left-associative; `%` and `^` have no declared precedence, so the
//!   parser always shifts over them: their left operand is the operand just
//!   before them and their right operand extends to the end of the
//!   arithmetic expression (`a * b % c + d` is `a * (b % (c + d))`).

use super::ast::*;
use super::lexer::{tokenize, Op, TokKind, Token};
use super::names::{self, Kw};
use super::SyntaxError;
use crate::quote::user_text;

/// The qualifiers a bare id would inherit here; `None` is libpcap's `qerr`.
type Inherit = Option<Qualifiers>;

/// Why a parse failed. A soft failure may be undone by trying another
/// alternative; a hard one (lexical and semantic errors libpcap reports as
/// soon as it meets them) ends the parse.
#[derive(Debug)]
struct Failure {
    message: String,
    offset: usize,
    hard: bool,
}

type PResult<T> = Result<T, Failure>;

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 300;

/// libpcap's words for every syntax error; ours add what and where.
const SYNTAX: &str = "can't parse filter expression: syntax error";

/// Parse a whole filter expression.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Ok(Expr::True);
    }
    let mut p = Parser {
        text,
        toks: &tokens,
        pos: 0,
        depth: 0,
    };
    let result = p.parse_expr(None).and_then(|(e, _)| {
        if p.pos < p.toks.len() {
            Err(p.unexpected())
        } else {
            Ok(e)
        }
    });
    result.map_err(|f| SyntaxError {
        message: f.message,
        offset: Some(f.offset),
    })
}

/// What of `text` libpcap's parser had taken in when it met the error
/// `error`: the longest part before it that is a whole expression (with
/// any parentheses left open closed), cut at the error or before an
/// `and`/`or`. libpcap compiles each primitive as it reads it, so one of
/// these that cannot be compiled is what it reports.
pub fn parsed_before_error(text: &str, error: &SyntaxError) -> Option<Expr> {
    /// Cut points tried, from the longest prefix down.
    const TRIES: usize = 16;
    let end = error.offset.unwrap_or(text.len()).min(text.len());
    let tokens = tokenize(text);
    // A protocol name just before the error is not taken in as a primitive
    // (`link 1` is a syntax error, not `link` used alone).
    let before = tokens.iter().take_while(|t| t.offset < end).last();
    let mut cuts = Vec::new();
    if !matches!(before.map(|t| &t.kind), Some(TokKind::Kw(Kw::Pname(_)))) {
        cuts.push(end);
    }
    cuts.extend(
        tokens
            .iter()
            .rev()
            .filter(|t| t.offset < end && is_conj(Some(&t.kind)))
            .map(|t| t.offset),
    );
    for cut in cuts.into_iter().take(TRIES) {
        let prefix = text.get(..cut)?;
        let mut open: isize = 0;
        for t in tokens.iter().take_while(|t| t.offset < cut) {
            match t.kind {
                TokKind::Op(Op::LParen) => open += 1,
                TokKind::Op(Op::RParen) => open -= 1,
                _ => {}
            }
        }
        if open < 0 || prefix.trim().is_empty() {
            continue;
        }
        let candidate = format!("{prefix}{}", ")".repeat(open as usize));
        if let Ok(e) = parse(&candidate) {
            return Some(e);
        }
    }
    None
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Token],
    pos: usize,
    depth: usize,
}

/// A run of operands joined by `and`/`or`, which share one precedence and
/// group to the left: `a or b or c and d` is `(a or b or c) and d`. Each
/// maximal run of one connective becomes one tree, balanced when it is long
/// (see [`crate::tree`]) so that nothing after the parser recurses as deep
/// as a block list is long.
struct Chain {
    and: bool,
    operands: Vec<Expr>,
}

impl Chain {
    fn new(first: Expr) -> Chain {
        Chain {
            and: false,
            operands: vec![first],
        }
    }

    fn push(&mut self, and: bool, rhs: Expr) {
        if self.operands.len() > 1 && and != self.and {
            let run = self.take();
            self.operands.push(run);
        }
        self.and = and;
        self.operands.push(rhs);
    }

    fn take(&mut self) -> Expr {
        let and = self.and;
        let operands = std::mem::take(&mut self.operands);
        crate::tree::join_balanced(operands, &mut |l, r| {
            if and {
                Expr::And(Box::new(l), Box::new(r))
            } else {
                Expr::Or(Box::new(l), Box::new(r))
            }
        })
        .unwrap_or(Expr::True)
    }

    fn finish(mut self) -> Expr {
        self.take()
    }
}

fn is_conj(t: Option<&TokKind>) -> bool {
    matches!(t, Some(TokKind::Kw(Kw::And | Kw::Or)))
}

fn is_arith_or_rel_op(t: Option<&TokKind>) -> bool {
    use Op::*;
    matches!(
        t,
        Some(TokKind::Op(
            Plus | Minus
                | Star
                | Slash
                | Percent
                | Amp
                | Pipe
                | Caret
                | Shl
                | Shr
                | Gt
                | Ge
                | Eq
                | Lt
                | Le
                | Ne
        ))
    )
}

/// Of two soft failures of alternatives, the one that got further.
fn further(a: Failure, b: Failure) -> Failure {
    if a.offset > b.offset {
        a
    } else {
        b
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a TokKind> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn peek_at(&self, ahead: usize) -> Option<&'a TokKind> {
        self.toks.get(self.pos + ahead).map(|t| &t.kind)
    }

    fn advance(&mut self) {
        self.pos += 1;
    }

    fn at_op(&self, op: Op) -> bool {
        self.peek() == Some(&TokKind::Op(op))
    }

    fn offset(&self) -> usize {
        self.toks
            .get(self.pos)
            .map_or(self.text.len(), |t| t.offset)
    }

    fn column(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .map_or(offset, |s| s.chars().count())
            + 1
    }

    fn hard(&self, message: impl Into<String>, offset: usize) -> Failure {
        Failure {
            message: message.into(),
            offset,
            hard: true,
        }
    }

    /// The current token cannot be used here.
    fn unexpected(&self) -> Failure {
        match self.toks.get(self.pos) {
            None => Failure {
                message: format!(
                    "{SYNTAX}: unexpected end of expression at column {}",
                    self.column(self.text.len())
                ),
                offset: self.text.len(),
                hard: false,
            },
            Some(Token {
                kind: TokKind::Error(m),
                offset,
                ..
            }) => self.hard(m.clone(), *offset),
            Some(t) => Failure {
                message: format!(
                    "{SYNTAX}: unexpected '{}' at column {}",
                    user_text(&t.text),
                    self.column(t.offset)
                ),
                offset: t.offset,
                hard: false,
            },
        }
    }

    fn expect_op(&mut self, op: Op) -> PResult<()> {
        if self.at_op(op) {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// A name (`ID` in libpcap's grammar).
    fn expect_name(&mut self) -> PResult<String> {
        match self.peek() {
            Some(TokKind::Name(name)) => {
                let name = name.to_string();
                self.advance();
                Ok(name)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn expect_num(&mut self) -> PResult<u32> {
        match self.peek() {
            Some(&TokKind::Num(n)) => {
                self.advance();
                Ok(n)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Run `f` one nesting level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            return Err(self.hard(
                format!("{SYNTAX}: expression nested too deeply"),
                self.offset(),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    // ---- boolean structure -------------------------------------------

    /// `expr: term | expr and term | expr and id | expr or term | expr or id`
    fn parse_expr(&mut self, inherit: Inherit) -> PResult<(Expr, Inherit)> {
        self.nested(|p| {
            let (first, mut quals) = p.parse_term(inherit)?;
            let mut chain = Chain::new(first);
            while let Some(TokKind::Kw(conj @ (Kw::And | Kw::Or))) = p.peek() {
                p.advance();
                let (rhs, q) = p.parse_after_conj(quals)?;
                chain.push(*conj == Kw::And, rhs);
                quals = q;
            }
            Ok((chain.finish(), quals))
        })
    }

    /// What follows `and`/`or`: a bare id (inheriting `inherit`) or a term.
    fn parse_after_conj(&mut self, inherit: Inherit) -> PResult<(Expr, Inherit)> {
        self.nested(|p| match p.peek() {
            Some(TokKind::Op(Op::Bang)) => {
                // `not id` or `not term`: decided by what follows.
                p.advance();
                let (e, q) = p.parse_after_conj(inherit)?;
                Ok((Expr::Not(Box::new(e)), q))
            }
            Some(
                TokKind::Name(_)
                | TokKind::Dotted(_)
                | TokKind::Ipv6(_)
                | TokKind::Mac(_)
                | TokKind::Arcnet(_),
            ) => p.parse_id(inherit),
            Some(TokKind::Num(_)) => {
                if is_arith_or_rel_op(p.peek_at(1)) {
                    p.parse_term(inherit)
                } else {
                    p.parse_id(inherit)
                }
            }
            Some(TokKind::Op(Op::LParen)) => {
                // `(b or c)` inheriting, `(80)`, or a parenthesised term
                // or arithmetic: try the id reading first.
                let start = p.pos;
                let id_failure = match p.parse_id(inherit) {
                    Ok(r) if p.peek().is_none() || is_conj(p.peek()) || p.at_op(Op::RParen) => {
                        return Ok(r)
                    }
                    Ok(_) => p.unexpected(),
                    Err(f) if f.hard => return Err(f),
                    Err(f) => f,
                };
                p.pos = start;
                match p.parse_term(inherit) {
                    Ok(r) => Ok(r),
                    Err(f) if f.hard => Err(f),
                    Err(f) => Err(further(id_failure, f)),
                }
            }
            _ => p.parse_term(inherit),
        })
    }

    /// `term: rterm | not term`
    fn parse_term(&mut self, inherit: Inherit) -> PResult<(Expr, Inherit)> {
        self.nested(|p| {
            let Some(tok) = p.peek() else {
                return Err(p.unexpected());
            };
            let no_quals = |e: Expr| Ok((e, None));
            match tok {
                TokKind::Op(Op::Bang) => {
                    p.advance();
                    let (e, q) = p.parse_term(inherit)?;
                    Ok((Expr::Not(Box::new(e)), q))
                }
                TokKind::Op(Op::LParen) => {
                    // `(expr)` passes on the qualifiers in force before it,
                    // or a relation whose left side starts with `(`.
                    let start = p.pos;
                    let rel_failure = match p.parse_relation() {
                        Ok(r) => return no_quals(r),
                        Err(f) if f.hard => return Err(f),
                        Err(f) => f,
                    };
                    p.pos = start;
                    p.advance();
                    let inner = p
                        .parse_expr(inherit)
                        .and_then(|(e, _)| p.expect_op(Op::RParen).map(|_| e));
                    match inner {
                        Ok(e) => Ok((e, inherit)),
                        Err(f) if f.hard => Err(f),
                        Err(f) => Err(further(rel_failure, f)),
                    }
                }
                TokKind::Op(Op::Minus) | TokKind::Num(_) | TokKind::Kw(Kw::Len) => {
                    no_quals(p.parse_relation()?)
                }
                TokKind::Kw(Kw::Pname(proto)) => {
                    let proto = *proto;
                    match p.peek_at(1) {
                        Some(TokKind::Kw(k)) if starts_head(*k) => {
                            p.advance();
                            p.parse_head(proto)
                        }
                        Some(TokKind::Kw(Kw::Broadcast)) => {
                            p.pos += 2;
                            no_quals(Expr::Broadcast(proto))
                        }
                        Some(TokKind::Kw(Kw::Multicast)) => {
                            p.pos += 2;
                            no_quals(Expr::Multicast(proto))
                        }
                        Some(TokKind::Kw(Kw::Type | Kw::Subtype | Kw::Dir)) => {
                            // libpcap ignores a protocol before 802.11 primitives.
                            p.advance();
                            no_quals(p.parse_p80211()?)
                        }
                        Some(TokKind::Op(Op::LBracket)) => no_quals(p.parse_relation()?),
                        _ => {
                            p.advance();
                            no_quals(Expr::ProtoAbbrev(proto))
                        }
                    }
                }
                TokKind::Kw(k) if starts_head(*k) => p.parse_head(Proto::Default),
                TokKind::Kw(Kw::Broadcast) => {
                    p.advance();
                    no_quals(Expr::Broadcast(Proto::Default))
                }
                TokKind::Kw(Kw::Multicast) => {
                    p.advance();
                    no_quals(Expr::Multicast(Proto::Default))
                }
                TokKind::Kw(Kw::Type | Kw::Subtype | Kw::Dir) => no_quals(p.parse_p80211()?),
                TokKind::Kw(kw) => {
                    let kw = *kw;
                    no_quals(p.parse_other(kw)?)
                }
                _ => Err(p.unexpected()),
            }
        })
    }

    /// The keyword primitives (`less`, `vlan`, `llc`, ...), at the keyword.
    fn parse_other(&mut self, kw: Kw) -> PResult<Expr> {
        let optional_pnum = |p: &mut Self| -> PResult<Option<u32>> {
            if matches!(p.peek(), Some(TokKind::Num(_) | TokKind::Op(Op::LParen))) {
                p.parse_pnum().map(Some)
            } else {
                Ok(None)
            }
        };
        match kw {
            Kw::Less
            | Kw::Greater
            | Kw::Ifindex
            | Kw::Byte
            | Kw::Inbound
            | Kw::Outbound
            | Kw::Vlan
            | Kw::Mpls
            | Kw::Pppoed
            | Kw::Pppoes
            | Kw::Geneve
            | Kw::Vxlan
            | Kw::Mtp2(..)
            | Kw::Mtp3(..)
            | Kw::Atm(..)
            | Kw::AtmField(..)
            | Kw::PfIfname
            | Kw::PfRuleset
            | Kw::PfRnr
            | Kw::PfSrnr
            | Kw::PfReason
            | Kw::PfAction
            | Kw::Llc => self.advance(),
            _ => return Err(self.unexpected()),
        }
        Ok(match kw {
            Kw::Less => Expr::Less(self.expect_num()?),
            Kw::Greater => Expr::Greater(self.expect_num()?),
            Kw::Ifindex => Expr::IfIndex(self.expect_num()?),
            Kw::Byte => {
                let index = self.expect_num()?;
                let op = match self.peek() {
                    Some(TokKind::Op(Op::Eq)) => ByteOp::Eq,
                    Some(TokKind::Op(Op::Lt)) => ByteOp::Lt,
                    Some(TokKind::Op(Op::Gt)) => ByteOp::Gt,
                    Some(TokKind::Op(Op::Amp)) => ByteOp::And,
                    Some(TokKind::Op(Op::Pipe)) => ByteOp::Or,
                    _ => return Err(self.unexpected()),
                };
                self.advance();
                let value = self.expect_num()?;
                Expr::Byte { index, op, value }
            }
            Kw::Inbound => Expr::Inbound,
            Kw::Outbound => Expr::Outbound,
            Kw::Vlan => Expr::Vlan(optional_pnum(self)?),
            Kw::Mpls => Expr::Mpls(optional_pnum(self)?),
            Kw::Pppoed => Expr::Pppoed,
            Kw::Pppoes => Expr::Pppoes(optional_pnum(self)?),
            Kw::Geneve => Expr::Geneve(optional_pnum(self)?),
            Kw::Vxlan => Expr::Vxlan(optional_pnum(self)?),
            Kw::Mtp2(unit, hsl) => Expr::Mtp2 { unit, hsl },
            Kw::Atm(kind) => Expr::Atm(kind),
            Kw::AtmField(field) => {
                let (op, values) = self.parse_field_values()?;
                Expr::AtmField { field, op, values }
            }
            Kw::PfIfname => Expr::Pf(Pf::Ifname(self.expect_name()?)),
            Kw::PfRuleset => Expr::Pf(Pf::Ruleset(self.expect_name()?)),
            Kw::PfRnr => Expr::Pf(Pf::Rnr(self.expect_num()?)),
            Kw::PfSrnr => Expr::Pf(Pf::Srnr(self.expect_num()?)),
            Kw::PfReason => {
                if let Some(&TokKind::Num(n)) = self.peek() {
                    self.advance();
                    Expr::Pf(Pf::Reason(n))
                } else {
                    let at = self.offset();
                    let name = self.expect_name()?;
                    match names::lookup(names::PF_REASONS, &name) {
                        Some(v) => Expr::Pf(Pf::Reason(v.into())),
                        None => {
                            return Err(self
                                .hard(format!("unknown PF reason \"{}\"", user_text(&name)), at))
                        }
                    }
                }
            }
            Kw::PfAction => {
                let at = self.offset();
                let name = self.expect_name()?;
                match names::lookup(names::PF_ACTIONS, &name) {
                    Some(v) => Expr::Pf(Pf::Action(v.into())),
                    None => {
                        return Err(
                            self.hard(format!("unknown PF action \"{}\"", user_text(&name)), at)
                        )
                    }
                }
            }
            Kw::Mtp3(field, hsl) => self.parse_mtp3(field, hsl)?,
            _ => Expr::Llc(self.parse_llc_kind()?),
        })
    }

    /// After an MTP3 field: `N`, `relop N`, or `(N or N ...)`.
    fn parse_mtp3(&mut self, field: Mtp3Field, hsl: bool) -> PResult<Expr> {
        let (op, values) = self.parse_field_values()?;
        Ok(Expr::Mtp3 {
            field,
            hsl,
            op,
            values,
        })
    }

    /// The value part of `vpi`, `vci` and the MTP3 fields: `N`, `relop N`,
    /// or `(N or N ...)`.
    fn parse_field_values(&mut self) -> PResult<(RelOp, Vec<u32>)> {
        let op = match self.peek() {
            Some(TokKind::Op(Op::Gt)) => Some(RelOp::Gt),
            Some(TokKind::Op(Op::Ge)) => Some(RelOp::Ge),
            Some(TokKind::Op(Op::Eq)) => Some(RelOp::Eq),
            Some(TokKind::Op(Op::Le)) => Some(RelOp::Le),
            Some(TokKind::Op(Op::Lt)) => Some(RelOp::Lt),
            Some(TokKind::Op(Op::Ne)) => Some(RelOp::Ne),
            _ => None,
        };
        let mut values = Vec::new();
        if let Some(op) = op {
            self.advance();
            values.push(self.expect_num()?);
            return Ok((op, values));
        }
        if matches!(self.peek(), Some(TokKind::Op(Op::LParen))) {
            self.advance();
            values.push(self.expect_num()?);
            while matches!(self.peek(), Some(TokKind::Kw(Kw::Or))) {
                self.advance();
                values.push(self.expect_num()?);
            }
            if !matches!(self.peek(), Some(TokKind::Op(Op::RParen))) {
                return Err(self.unexpected());
            }
            self.advance();
        } else {
            values.push(self.expect_num()?);
        }
        Ok((RelOp::Eq, values))
    }

    /// After `llc`: nothing, `i`, `s`, `u` or a subtype name.
    fn parse_llc_kind(&mut self) -> PResult<LlcKind> {
        match self.peek() {
            Some(TokKind::Kw(Kw::PfRnr)) => {
                self.advance();
                Ok(LlcKind::SSubtype(names::LLC_RNR))
            }
            Some(TokKind::Name(name)) => {
                let at = self.offset();
                self.advance();
                let kind = match name.to_ascii_lowercase().as_str() {
                    "i" => LlcKind::I,
                    "s" => LlcKind::S,
                    "u" => LlcKind::U,
                    _ => {
                        if let Some(v) = names::lookup(names::LLC_S_SUBTYPES, name) {
                            LlcKind::SSubtype(v)
                        } else if let Some(v) = names::lookup(names::LLC_U_SUBTYPES, name) {
                            LlcKind::USubtype(v)
                        } else {
                            return Err(self.hard(
                                format!("unknown LLC type name \"{}\"", user_text(name)),
                                at,
                            ));
                        }
                    }
                };
                Ok(kind)
            }
            _ => Ok(LlcKind::Any),
        }
    }

    /// `type T [subtype S]`, `subtype S`, `dir D`, at the keyword.
    fn parse_p80211(&mut self) -> PResult<Expr> {
        let kw = self.peek();
        self.advance();
        let at = self.offset();
        match kw {
            Some(TokKind::Kw(Kw::Type)) => {
                let wtype = match self.peek() {
                    Some(&TokKind::Num(n)) => {
                        if n & !u32::from(names::WLAN_TYPE_MASK) != 0 {
                            return Err(
                                self.hard(format!("invalid 802.11 type value 0x{n:02x}"), at)
                            );
                        }
                        n as u8
                    }
                    Some(TokKind::Name(name)) => names::lookup(names::WLAN_TYPES, name)
                        .ok_or_else(|| {
                            self.hard(
                                format!("unknown 802.11 type name \"{}\"", user_text(name)),
                                at,
                            )
                        })?,
                    _ => return Err(self.unexpected()),
                };
                self.advance();
                if !matches!(self.peek(), Some(TokKind::Kw(Kw::Subtype))) {
                    return Ok(Expr::WlanFc {
                        value: wtype,
                        mask: names::WLAN_TYPE_MASK,
                    });
                }
                self.advance();
                let at = self.offset();
                let subtype = match self.peek() {
                    Some(&TokKind::Num(n)) => {
                        if n & !u32::from(names::WLAN_SUBTYPE_MASK) != 0 {
                            return Err(
                                self.hard(format!("invalid 802.11 subtype value 0x{n:02x}"), at)
                            );
                        }
                        n as u8
                    }
                    Some(TokKind::Name(name)) => {
                        let table = names::WLAN_SUBTYPES_BY_TYPE
                            .iter()
                            .find(|(t, _)| *t == wtype)
                            .map(|(_, table)| *table)
                            .ok_or_else(|| self.hard("unknown 802.11 type", at))?;
                        names::lookup(table, name).ok_or_else(|| {
                            self.hard(
                                format!("unknown 802.11 subtype name \"{}\"", user_text(name)),
                                at,
                            )
                        })?
                    }
                    _ => return Err(self.unexpected()),
                };
                self.advance();
                Ok(Expr::WlanFc {
                    value: wtype | subtype,
                    mask: names::WLAN_TYPE_MASK | names::WLAN_SUBTYPE_MASK,
                })
            }
            Some(TokKind::Kw(Kw::Subtype)) => {
                let Some(TokKind::Name(name)) = self.peek() else {
                    return Err(self.unexpected());
                };
                let value = names::WLAN_SUBTYPES_BY_TYPE
                    .iter()
                    .find_map(|(t, table)| names::lookup(table, name).map(|s| s | t))
                    .ok_or_else(|| self.hard("unknown 802.11 type name", at))?;
                self.advance();
                Ok(Expr::WlanFc {
                    value,
                    mask: names::WLAN_TYPE_MASK | names::WLAN_SUBTYPE_MASK,
                })
            }
            _ => {
                let dir = match self.peek() {
                    Some(&TokKind::Num(n)) => match u8::try_from(n) {
                        Ok(d) if d <= 3 => d,
                        _ => {
                            return Err(
                                self.hard(format!("invalid 802.11 direction value 0x{n:x}"), at)
                            )
                        }
                    },
                    Some(TokKind::Name(name)) => names::lookup(names::WLAN_DIRS, name)
                        .ok_or_else(|| self.hard("unknown 802.11 direction", at))?,
                    _ => return Err(self.unexpected()),
                };
                self.advance();
                Ok(Expr::WlanDir(dir))
            }
        }
    }

    /// `head id`, at the first qualifier after the protocol.
    fn parse_head(&mut self, proto: Proto) -> PResult<(Expr, Inherit)> {
        let mut dir = Dir::Default;
        let mut kind = Kind::Default;
        let Some(TokKind::Kw(first)) = self.peek() else {
            return Err(self.unexpected());
        };
        self.advance();
        let address_kind = |k: Option<&TokKind>| match k {
            Some(TokKind::Kw(Kw::Host)) => Some(Kind::Host),
            Some(TokKind::Kw(Kw::Net)) => Some(Kind::Net),
            Some(TokKind::Kw(Kw::Port)) => Some(Kind::Port),
            Some(TokKind::Kw(Kw::PortRange)) => Some(Kind::PortRange),
            _ => None,
        };
        match first {
            Kw::Src | Kw::Dst => {
                dir = if *first == Kw::Src {
                    Dir::Src
                } else {
                    Dir::Dst
                };
                if let Some(TokKind::Kw(conj @ (Kw::And | Kw::Or))) = self.peek() {
                    // `src or dst`, `dst and src`, ...
                    self.advance();
                    let other = if *first == Kw::Src { Kw::Dst } else { Kw::Src };
                    if self.peek() != Some(&TokKind::Kw(other)) {
                        return Err(self.unexpected());
                    }
                    self.advance();
                    dir = if *conj == Kw::Or {
                        Dir::SrcOrDst
                    } else {
                        Dir::SrcAndDst
                    };
                }
            }
            Kw::Addr1 => dir = Dir::Addr1,
            Kw::Addr2 => dir = Dir::Addr2,
            Kw::Addr3 => dir = Dir::Addr3,
            Kw::Addr4 => dir = Dir::Addr4,
            Kw::Ra => dir = Dir::Ra,
            Kw::Ta => dir = Dir::Ta,
            Kw::ProtoQualifier => kind = Kind::Proto,
            Kw::ProtoChain => kind = Kind::ProtoChain,
            Kw::Gateway => kind = Kind::Gateway,
            _ => {
                self.pos -= 1;
                kind = address_kind(self.peek()).ok_or_else(|| self.unexpected())?;
                self.advance();
            }
        }
        if dir != Dir::Default {
            if let Some(k) = address_kind(self.peek()) {
                kind = k;
                self.advance();
            }
        }
        self.parse_id(Some(Qualifiers { proto, dir, kind }))
    }

    // ---- ids ---------------------------------------------------------

    /// `id: nid | pnum | paren pid ')'`
    fn parse_id(&mut self, inherit: Inherit) -> PResult<(Expr, Inherit)> {
        self.nested(|p| match p.peek() {
            Some(TokKind::Op(Op::LParen)) => {
                p.advance();
                let expr = if matches!(p.peek(), Some(TokKind::Num(_) | TokKind::Op(Op::LParen))) {
                    // `(pnum)` is a number; `(pnum and id ...)` a list.
                    let at = p.offset();
                    let n = p.parse_pnum()?;
                    if p.at_op(Op::RParen) {
                        p.advance();
                        return Ok((p.make_id(inherit, Id::Num(n), at)?, inherit));
                    }
                    if !is_conj(p.peek()) {
                        return Err(p.unexpected());
                    }
                    p.make_id(inherit, Id::Num(n), at)?
                } else {
                    p.parse_nid(inherit)?
                };
                let mut chain = Chain::new(expr);
                while let Some(TokKind::Kw(conj @ (Kw::And | Kw::Or))) = p.peek() {
                    p.advance();
                    let (rhs, _) = p.parse_id(inherit)?;
                    chain.push(*conj == Kw::And, rhs);
                }
                p.expect_op(Op::RParen)?;
                Ok((chain.finish(), inherit))
            }
            Some(&TokKind::Num(n)) => {
                let at = p.offset();
                p.advance();
                Ok((p.make_id(inherit, Id::Num(n), at)?, inherit))
            }
            _ => Ok((p.parse_nid(inherit)?, inherit)),
        })
    }

    /// `pnum: NUM | paren pnum ')'`
    fn parse_pnum(&mut self) -> PResult<u32> {
        self.nested(|p| {
            if p.at_op(Op::LParen) {
                p.advance();
                let n = p.parse_pnum()?;
                p.expect_op(Op::RParen)?;
                Ok(n)
            } else {
                p.expect_num()
            }
        })
    }

    /// `nid`: a name, address or `not id`.
    fn parse_nid(&mut self, inherit: Inherit) -> PResult<Expr> {
        let at = self.offset();
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        match tok {
            TokKind::Op(Op::Bang) => {
                self.advance();
                let (e, _) = self.parse_id(inherit)?;
                Ok(Expr::Not(Box::new(e)))
            }
            TokKind::Name(name) => {
                self.advance();
                self.make_id(inherit, Id::Name(name.clone()), at)
            }
            TokKind::Mac(mac) => {
                self.advance();
                self.make_id(inherit, Id::Mac(*mac), at)
            }
            TokKind::Arcnet(word) => {
                // The qualifiers are checked as the snapshot's grammar does,
                // whatever the link type (which the compiler checks).
                if let Some(msg) = arcnet_qualifier_refusal(inherit) {
                    return Err(self.hard(msg, at));
                }
                let word = word.clone();
                self.advance();
                self.make_id(inherit, Id::Aid(word), at)
            }
            TokKind::Dotted(addr) => {
                self.advance();
                if self.at_op(Op::Slash) {
                    self.advance();
                    let len = self.expect_num()?;
                    self.make_id(inherit, Id::DottedCidr(addr.clone(), len), at)
                } else if self.peek() == Some(&TokKind::Kw(Kw::Mask)) {
                    self.advance();
                    let Some(TokKind::Dotted(mask)) = self.peek() else {
                        return Err(self.unexpected());
                    };
                    self.advance();
                    self.make_id(inherit, Id::DottedMask(addr.clone(), mask.clone()), at)
                } else {
                    if let Some(q) = inherit {
                        let modifier = match q.kind {
                            Kind::Port => Some("port"),
                            Kind::PortRange => Some("portrange"),
                            Kind::Proto => Some("proto"),
                            Kind::ProtoChain => Some("protochain"),
                            _ => None,
                        };
                        if let Some(m) = modifier {
                            return Err(
                                self.hard(format!("'{m}' qualifier applied to IPv4 address"), at)
                            );
                        }
                    }
                    self.make_id(inherit, Id::Dotted(addr.clone()), at)
                }
            }
            TokKind::Ipv6(addr) => {
                let written = self.toks.get(self.pos).map_or("", |t| t.text.as_str());
                self.advance();
                let (id, len, text) = if self.at_op(Op::Slash) {
                    self.advance();
                    let len = self.expect_num()?;
                    // A /128 is named as the address alone, as libpcap does.
                    let text = if len == 128 {
                        user_text(written).to_string()
                    } else {
                        format!("{}/{len}", user_text(written))
                    };
                    (Id::Ipv6Cidr(*addr, len), len, text)
                } else {
                    (Id::Ipv6(*addr), 128, user_text(written).to_string())
                };
                // A well-formed address refused for its qualifier is named
                // as written (the code generator only has its value).
                let host_bits = u128::MAX.checked_shr(len).unwrap_or(0);
                let well_formed = len <= 128 && u128::from(*addr) & host_bits == 0;
                if let (Some(q), true) = (inherit, well_formed) {
                    let refused = match q.kind {
                        Kind::Gateway => Some("gateway"),
                        Kind::Default | Kind::Host if len != 128 => Some("host"),
                        _ => None,
                    };
                    if let Some(k) = refused {
                        return Err(
                            self.hard(format!("'{k}' is not a valid qualifier for '{text}'"), at)
                        );
                    }
                }
                self.make_id(inherit, id, at)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// An `Expr::Id` with the inherited qualifiers, or libpcap's error for
    /// an id with nothing to inherit.
    fn make_id(&self, inherit: Inherit, id: Id, at: usize) -> PResult<Expr> {
        match inherit {
            Some(quals) => Ok(Expr::Id { quals, id }),
            None => {
                let message = match id {
                    Id::Mac(_) => "Ethernet address used in non-ether expression".to_string(),
                    Id::Ipv6(_) | Id::Ipv6Cidr(..) => {
                        "invalid qualifier against IPv6 address".to_string()
                    }
                    _ => {
                        let text = self
                            .toks
                            .iter()
                            .find(|t| t.offset == at)
                            .map_or("", |t| t.text.as_str());
                        format!(
                            "{SYNTAX}: '{}' at column {} has no qualifier (such as 'host' or 'port') to inherit",
                            user_text(text),
                            self.column(at)
                        )
                    }
                };
                // Soft: after `and (`, the same tokens may still read as a term.
                Err(Failure {
                    message,
                    offset: at,
                    hard: false,
                })
            }
        }
    }

    // ---- arithmetic --------------------------------------------------

    /// `arth relop arth`
    fn parse_relation(&mut self) -> PResult<Expr> {
        let lhs = self.parse_arith()?;
        let op = match self.peek() {
            Some(TokKind::Op(Op::Gt)) => RelOp::Gt,
            Some(TokKind::Op(Op::Ge)) => RelOp::Ge,
            Some(TokKind::Op(Op::Eq)) => RelOp::Eq,
            Some(TokKind::Op(Op::Le)) => RelOp::Le,
            Some(TokKind::Op(Op::Lt)) => RelOp::Lt,
            Some(TokKind::Op(Op::Ne)) => RelOp::Ne,
            _ => return Err(self.unexpected()),
        };
        self.advance();
        let rhs = self.parse_arith()?;
        Ok(Expr::Relation { op, lhs, rhs })
    }

    fn parse_arith(&mut self) -> PResult<Arith> {
        self.arith_binary(0)
    }

    /// Precedence climbing over the operators with declared precedence.
    fn arith_binary(&mut self, min_level: u8) -> PResult<Arith> {
        self.nested(|p| {
            let mut lhs = p.arith_unary()?;
            loop {
                let (op, level) = match p.peek() {
                    Some(TokKind::Op(Op::Pipe)) => (ArithOp::Or, 1),
                    Some(TokKind::Op(Op::Amp)) => (ArithOp::And, 2),
                    Some(TokKind::Op(Op::Shl)) => (ArithOp::Shl, 3),
                    Some(TokKind::Op(Op::Shr)) => (ArithOp::Shr, 3),
                    Some(TokKind::Op(Op::Plus)) => (ArithOp::Add, 4),
                    Some(TokKind::Op(Op::Minus)) => (ArithOp::Sub, 4),
                    Some(TokKind::Op(Op::Star)) => (ArithOp::Mul, 5),
                    Some(TokKind::Op(Op::Slash)) => (ArithOp::Div, 5),
                    _ => break,
                };
                if level < min_level {
                    break;
                }
                p.advance();
                let rhs = p.arith_binary(level + 1)?;
                lhs = Arith::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                };
            }
            Ok(lhs)
        })
    }

    fn arith_unary(&mut self) -> PResult<Arith> {
        self.nested(|p| {
            if p.at_op(Op::Minus) {
                p.advance();
                Ok(Arith::Neg(Box::new(p.arith_unary()?)))
            } else {
                p.arith_operand()
            }
        })
    }

    /// A number, `len`, `proto[...]` or `( arith )`, and then any `%` or
    /// `^` (which take everything to their right, see the module doc).
    fn arith_operand(&mut self) -> PResult<Arith> {
        let base = match self.peek() {
            Some(&TokKind::Num(n)) => {
                self.advance();
                Arith::Num(n)
            }
            Some(TokKind::Kw(Kw::Len)) => {
                self.advance();
                Arith::Len
            }
            Some(&TokKind::Kw(Kw::Pname(proto))) => {
                self.advance();
                self.expect_op(Op::LBracket)?;
                let offset = self.parse_arith()?;
                let mut size = 1;
                if self.at_op(Op::Colon) {
                    self.advance();
                    size = self.expect_num()?;
                }
                let at = self.offset();
                self.expect_op(Op::RBracket)?;
                if !matches!(size, 1 | 2 | 4) {
                    return Err(self.hard("data size must be 1, 2, or 4", at));
                }
                Arith::Load {
                    proto,
                    offset: Box::new(offset),
                    size: size as u8,
                }
            }
            Some(TokKind::Op(Op::LParen)) => {
                self.advance();
                let inner = self.parse_arith()?;
                self.expect_op(Op::RParen)?;
                inner
            }
            _ => return Err(self.unexpected()),
        };
        let op = match self.peek() {
            Some(TokKind::Op(Op::Percent)) => ArithOp::Mod,
            Some(TokKind::Op(Op::Caret)) => ArithOp::Xor,
            _ => return Ok(base),
        };
        self.advance();
        let rhs = self.arith_binary(0)?;
        Ok(Arith::Binary {
            op,
            lhs: Box::new(base),
            rhs: Box::new(rhs),
        })
    }
}

/// What the qualifiers of an ARCnet address (`$fe`) refuse whatever the
/// link type, in the order libpcap's development version checks them.
fn arcnet_qualifier_refusal(inherit: Inherit) -> Option<String> {
    let q = inherit?;
    if matches!(
        q.dir,
        Dir::Addr1 | Dir::Addr2 | Dir::Addr3 | Dir::Addr4 | Dir::Ra | Dir::Ta
    ) {
        return Some(format!("'{}' is valid for 802.11 syntax only", q.dir));
    }
    if !matches!(q.kind, Kind::Default | Kind::Host) {
        return Some(format!("'{}' is not a valid qualifier for '$XX'", q.kind));
    }
    if q.proto != Proto::Link {
        return Some("'link' is the only valid proto qualifier for 'host $XX'".into());
    }
    None
}

/// Keywords that start a `head` (the qualifiers before an id).
fn starts_head(k: Kw) -> bool {
    matches!(
        k,
        Kw::Src
            | Kw::Dst
            | Kw::Addr1
            | Kw::Addr2
            | Kw::Addr3
            | Kw::Addr4
            | Kw::Ra
            | Kw::Ta
            | Kw::Host
            | Kw::Net
            | Kw::Port
            | Kw::PortRange
            | Kw::ProtoQualifier
            | Kw::ProtoChain
            | Kw::Gateway
    )
}
