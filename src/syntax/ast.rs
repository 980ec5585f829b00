//! The abstract syntax tree of a pcap-filter(7) expression.
//!
//! Keyword synonyms are folded (`ether`, `link`, `ppp`, `slip`, `fddi`, `tr`
//! and `wlan` are all [`Proto::Link`], as in libpcap), named numeric constants
//! (`tcpflags`, `tcp-syn`, `icmp-echo`, ...) become numbers, and 802.11/LLC
//! names become their code points. Everything that needs the link type or the
//! system's name databases is left to the code generator.

use std::net::Ipv6Addr;

/// A whole filter expression. An empty expression (`""`) is `Expr::True`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// The empty expression: accepts everything.
    True,
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `[proto] [dir] [kind] id`, e.g. `tcp dst port 80`, `host 10.0.0.1`,
    /// `ip proto \tcp`, `net 10.0.0.0/8`, or an id that inherited the
    /// qualifiers of the primitive before it (`port 80 or 443`).
    Id {
        quals: Qualifiers,
        id: Id,
    },
    /// A protocol name alone: `tcp`, `ip6`, `arp`, `l1`, `lat`, ...
    ProtoAbbrev(Proto),
    /// `[proto] broadcast`.
    Broadcast(Proto),
    /// `[proto] multicast`.
    Multicast(Proto),
    /// `less N`: wire length <= N.
    Less(u32),
    /// `greater N`: wire length >= N.
    Greater(u32),
    /// `byte N op M` (op is one of `= < > & |`).
    Byte {
        index: u32,
        op: ByteOp,
        value: u32,
    },
    Inbound,
    Outbound,
    /// `ifindex N`
    IfIndex(u32),
    /// `vlan [id]`
    Vlan(Option<u32>),
    /// `mpls [label]`
    Mpls(Option<u32>),
    Pppoed,
    /// `pppoes [session id]`
    Pppoes(Option<u32>),
    /// `geneve [vni]`
    Geneve(Option<u32>),
    /// `vxlan [vni]`
    Vxlan(Option<u32>),
    /// `llc [i|s|u|<s or u subtype>]`
    Llc(LlcKind),
    /// 802.11 frame control match, from `type T`, `subtype S` or
    /// `type T subtype S`: `(fc0 & mask) == value`.
    WlanFc {
        value: u8,
        mask: u8,
    },
    /// 802.11 `dir D`: the ToDS/FromDS bits of fc1 equal `D` (0..=3).
    WlanDir(u8),
    /// A SunATM cell type (`lane`, `oam`, `metac`, ...).
    Atm(AtmKind),
    /// SunATM `vpi` or `vci` compared with a value, or equal to any of a
    /// parenthesized list.
    AtmField {
        field: AtmField,
        op: RelOp,
        values: Vec<u32>,
    },
    /// A field of OpenBSD's pflog header (`ifname`, `ruleset`, `rnr`,
    /// `srnr`, `reason`, `action`).
    Pf(Pf),
    /// SS7 MTP2 signal unit type: `fisu`, `lssu`, `msu`, or with `h` the
    /// same for high-speed links (12-bit length indicator).
    Mtp2 {
        unit: Mtp2Unit,
        hsl: bool,
    },
    /// An SS7 MTP3 routing label field (`sio`, `opc`, `dpc`, `sls`, or with
    /// `h` behind a high-speed link's header) compared with a value, or
    /// equal to any of a parenthesized list of values (`sls (3 or 4)`).
    Mtp3 {
        field: Mtp3Field,
        hsl: bool,
        op: RelOp,
        values: Vec<u32>,
    },
    /// `arith relop arith`, e.g. `ip[6:2] & 0x1fff = 0`.
    Relation {
        op: RelOp,
        lhs: Arith,
        rhs: Arith,
    },
}

/// The three qualifiers of a primitive. `Default` means "not given".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Qualifiers {
    pub proto: Proto,
    pub dir: Dir,
    pub kind: Kind,
}

/// Protocol qualifiers and protocol names (libpcap's `Q_*` protocols).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Proto {
    #[default]
    Default,
    /// `link`, `ether`, `ppp`, `slip`, `fddi`, `tr`, `wlan`.
    Link,
    Ip,
    Arp,
    Rarp,
    Sctp,
    Tcp,
    Udp,
    Icmp,
    Igmp,
    Igrp,
    Atalk,
    Decnet,
    Lat,
    Sca,
    Moprc,
    Mopdl,
    Ip6,
    Icmp6,
    Ah,
    Esp,
    Pim,
    Vrrp,
    Carp,
    Aarp,
    Iso,
    Esis,
    Isis,
    Clnp,
    Stp,
    Ipx,
    Netbeui,
    /// IS-IS PDU types.
    L1,
    L2,
    Iih,
    Snp,
    Csnp,
    Psnp,
    Lsp,
    /// `radio`: the radiotap/AVS/Prism header in front of 802.11.
    Radio,
}

impl Proto {
    /// The keyword for this protocol, as libpcap names it in messages
    /// (`Link` is `link`; its synonyms `ether`, `ppp`, ... parse to it too).
    pub fn keyword(self) -> &'static str {
        match self {
            Proto::Default => "",
            Proto::Link => "link",
            Proto::Ip => "ip",
            Proto::Arp => "arp",
            Proto::Rarp => "rarp",
            Proto::Sctp => "sctp",
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
            Proto::Igmp => "igmp",
            Proto::Igrp => "igrp",
            Proto::Atalk => "atalk",
            Proto::Decnet => "decnet",
            Proto::Lat => "lat",
            Proto::Sca => "sca",
            Proto::Moprc => "moprc",
            Proto::Mopdl => "mopdl",
            Proto::Ip6 => "ip6",
            Proto::Icmp6 => "icmp6",
            Proto::Ah => "ah",
            Proto::Esp => "esp",
            Proto::Pim => "pim",
            Proto::Vrrp => "vrrp",
            Proto::Carp => "carp",
            Proto::Aarp => "aarp",
            Proto::Iso => "iso",
            Proto::Esis => "esis",
            Proto::Isis => "isis",
            Proto::Clnp => "clnp",
            Proto::Stp => "stp",
            Proto::Ipx => "ipx",
            Proto::Netbeui => "netbeui",
            Proto::L1 => "l1",
            Proto::L2 => "l2",
            Proto::Iih => "iih",
            Proto::Snp => "snp",
            Proto::Csnp => "csnp",
            Proto::Psnp => "psnp",
            Proto::Lsp => "lsp",
            Proto::Radio => "radio",
        }
    }
}

/// Direction qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dir {
    #[default]
    Default,
    Src,
    Dst,
    /// `src or dst`
    SrcOrDst,
    /// `src and dst`
    SrcAndDst,
    /// 802.11 address fields.
    Addr1,
    Addr2,
    Addr3,
    Addr4,
    /// 802.11 receiver / transmitter address.
    Ra,
    Ta,
}

/// Type qualifiers: what kind of thing the id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kind {
    #[default]
    Default,
    Host,
    Net,
    Port,
    PortRange,
    Gateway,
    /// `proto` (as in `ip proto 47`).
    Proto,
    /// `protochain`.
    ProtoChain,
}

/// An identifier in the lexical form libpcap's scanner gave it. The code
/// generator interprets it according to the qualifiers (a dotted `1.1` is an
/// IPv4 prefix for `net`, a DECnet address for `decnet`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Id {
    /// A number: decimal, `0x` hexadecimal or `0` octal.
    Num(u32),
    /// One to four dot-separated numbers, as written: `10.0.0.1`, `192.168.1`.
    Dotted(String),
    /// `dotted/len`
    DottedCidr(String, u32),
    /// `dotted mask dotted`
    DottedMask(String, String),
    Ipv6(Ipv6Addr),
    /// `ipv6/len`
    Ipv6Cidr(Ipv6Addr, u32),
    /// A MAC address (`00:11:22:33:44:55`, `00-11-...`, `0011.2233.4455`).
    Mac([u8; 6]),
    /// An ARCnet station address, `$` and hexadecimal digits as written
    /// (`$0e`).
    Aid(String),
    /// A name: host, port, protocol, service; `\name` escapes a keyword.
    /// A port range written with names or numbers (`500-4500`) is also a
    /// `Name` and split by the code generator, as libpcap does.
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteOp {
    Eq,
    Lt,
    Gt,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AtmKind {
    Lane,
    Oam,
    OamF4,
    OamF4Ec,
    OamF4Sc,
    Metac,
    Bcc,
    Sc,
    Ilmic,
    ConnectMsg,
    MetaConnect,
}

impl AtmKind {
    pub fn keyword(self) -> &'static str {
        match self {
            AtmKind::Lane => "lane",
            AtmKind::Oam => "oam",
            AtmKind::OamF4 => "oamf4",
            AtmKind::OamF4Ec => "oamf4ec",
            AtmKind::OamF4Sc => "oamf4sc",
            AtmKind::Metac => "metac",
            AtmKind::Bcc => "bcc",
            AtmKind::Sc => "sc",
            AtmKind::Ilmic => "ilmic",
            AtmKind::ConnectMsg => "connectmsg",
            AtmKind::MetaConnect => "metaconnect",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AtmField {
    Vpi,
    Vci,
}

impl AtmField {
    pub fn keyword(self) -> &'static str {
        match self {
            AtmField::Vpi => "vpi",
            AtmField::Vci => "vci",
        }
    }
}

/// What a pflog primitive matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pf {
    /// `ifname NAME` / `on NAME`: the interface the rule matched on.
    Ifname(String),
    /// `ruleset NAME` / `rset NAME`: the anchor the rule is in.
    Ruleset(String),
    /// `rnr N` / `rulenum N`
    Rnr(u32),
    /// `srnr N` / `subrulenum N`
    Srnr(u32),
    /// `reason R`, a name or a number.
    Reason(u32),
    /// `action A`, a name.
    Action(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mtp2Unit {
    Fisu,
    Lssu,
    Msu,
}

impl Mtp2Unit {
    pub fn keyword(self, hsl: bool) -> &'static str {
        match (self, hsl) {
            (Mtp2Unit::Fisu, false) => "fisu",
            (Mtp2Unit::Lssu, false) => "lssu",
            (Mtp2Unit::Msu, false) => "msu",
            (Mtp2Unit::Fisu, true) => "hfisu",
            (Mtp2Unit::Lssu, true) => "hlssu",
            (Mtp2Unit::Msu, true) => "hmsu",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mtp3Field {
    Sio,
    Opc,
    Dpc,
    Sls,
}

impl Mtp3Field {
    pub fn keyword(self, hsl: bool) -> &'static str {
        match (self, hsl) {
            (Mtp3Field::Sio, false) => "sio",
            (Mtp3Field::Opc, false) => "opc",
            (Mtp3Field::Dpc, false) => "dpc",
            (Mtp3Field::Sls, false) => "sls",
            (Mtp3Field::Sio, true) => "hsio",
            (Mtp3Field::Opc, true) => "hopc",
            (Mtp3Field::Dpc, true) => "hdpc",
            (Mtp3Field::Sls, true) => "hsls",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelOp {
    Gt,
    Ge,
    Eq,
    Ne,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    And,
    Or,
    Xor,
    Shl,
    Shr,
}

/// An arithmetic expression (unsigned 32-bit, as in BPF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arith {
    Num(u32),
    /// `len`: the packet's wire length.
    Len,
    /// `proto[offset]` or `proto[offset:size]`, size 1, 2 or 4.
    Load {
        proto: Proto,
        offset: Box<Arith>,
        size: u8,
    },
    Binary {
        op: ArithOp,
        lhs: Box<Arith>,
        rhs: Box<Arith>,
    },
    /// Unary minus.
    Neg(Box<Arith>),
}

impl Drop for Arith {
    /// Without this, dropping `1 + 1 + ... + 1` recurses once per operator
    /// (the parser builds the left-leaning tree the grammar gives) and can
    /// overflow the stack: take the children out and drop them in a loop.
    fn drop(&mut self) {
        let mut pending: Vec<Box<Arith>> = Vec::new();
        take_children(self, &mut pending);
        while let Some(mut node) = pending.pop() {
            take_children(&mut node, &mut pending);
        }
    }
}

fn take_children(a: &mut Arith, out: &mut Vec<Box<Arith>>) {
    let mut take = |x: &mut Box<Arith>| {
        if !matches!(**x, Arith::Num(_) | Arith::Len) {
            out.push(std::mem::replace(x, Box::new(Arith::Len)));
        }
    };
    match a {
        Arith::Binary { lhs, rhs, .. } => {
            take(lhs);
            take(rhs);
        }
        Arith::Load { offset: x, .. } | Arith::Neg(x) => take(x),
        Arith::Num(_) | Arith::Len => {}
    }
}

/// What `llc` is followed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LlcKind {
    /// `llc`: any 802.2 LLC frame.
    Any,
    /// `llc i`: information frames.
    I,
    /// `llc s`: supervisory frames.
    S,
    /// `llc u`: unnumbered frames.
    U,
    /// A supervisory subtype (`rr`, `rnr`, `rej`): the control byte value.
    SSubtype(u8),
    /// An unnumbered subtype (`ui`, `ua`, `disc`, `dm`, `sabme`, `test`,
    /// `xid`, `frmr`): the control byte value with the P/F bit clear.
    USubtype(u8),
}
