//! ISAKMP and IKEv2 names: payload and exchange types, protocol ids,
//! transform ids, attribute maps, notification types.

use crate::print::core::prelude::*;

/// A name from a table indexed by value, or `#N` (tcpdump's `STR_OR_ID`).
pub fn str_or_id(cx: &mut Ctx, table: &[Option<&str>], v: u32) {
    match table.get(v as usize).copied().flatten() {
        Some(s) => cx.s(s),
        None => {
            cx.b(b'#');
            cx.u(v as u64);
        }
    }
}

/// Payload types (IKEv1 1-13, IKEv2 33-48).
pub fn npstr(np: u8) -> Option<&'static str> {
    Some(match np {
        0 => "none",
        1 => "sa",
        2 => "p",
        3 => "t",
        4 => "ke",
        5 => "id",
        6 => "cert",
        7 => "cr",
        8 => "hash",
        9 => "sig",
        10 => "nonce",
        11 => "n",
        12 => "d",
        13 => "vid",
        14..=32 => return PAY_N.get(np as usize - 14).copied(),
        33 => "v2sa",
        34 => "v2ke",
        35 => "v2IDi",
        36 => "v2IDr",
        37 => "v2cert",
        38 => "v2cr",
        39 => "v2auth",
        40 => "v2nonce",
        41 => "v2n",
        42 => "v2d",
        43 => "v2vid",
        44 => "v2TSi",
        45 => "v2TSr",
        46 => "v2e",
        47 => "v2cp",
        48 => "v2eap",
        _ => return None,
    })
}

static PAY_N: [&str; 19] = [
    "pay14", "pay15", "pay16", "pay17", "pay18", "pay19", "pay20", "pay21", "pay22", "pay23",
    "pay24", "pay25", "pay26", "pay27", "pay28", "pay29", "pay30", "pay31", "pay32",
];

pub fn put_npstr(cx: &mut Ctx, np: u8) {
    match npstr(np) {
        Some(s) => cx.s(s),
        None => {
            cx.b(b'#');
            cx.u(np as u64);
        }
    }
}

/// Exchange types: IKEv1 (RFC 2408, 2409) then IKEv2 (RFC 7296).
pub static ETYPES: &[Option<&str>] = &{
    let mut t: [Option<&str>; 38] = [None; 38];
    t[0] = Some("none");
    t[1] = Some("base");
    t[2] = Some("ident");
    t[3] = Some("auth");
    t[4] = Some("agg");
    t[5] = Some("inf");
    t[32] = Some("oakley-quick");
    t[33] = Some("oakley-newgroup");
    t[34] = Some("ikev2_init");
    t[35] = Some("ikev2_auth");
    t[36] = Some("child_sa");
    t[37] = Some("inf2");
    t
};

/// Protocol ids (RFC 2407 4.4.1).
pub static PROTO_IDS: &[Option<&str>] = &[
    None,
    Some("isakmp"),
    Some("ipsec-ah"),
    Some("ipsec-esp"),
    Some("ipcomp"),
];

/// IKEv1 phase 1 transform ids.
pub static IKE_T_IDS: &[Option<&str>] = &[None, Some("ike")];

/// AH transform ids (RFC 2407 4.4.3).
pub static AH_T_IDS: &[Option<&str>] = &[
    None,
    Some("(reserved)"),
    Some("md5"),
    Some("sha"),
    Some("1des"),
    Some("sha2-256"),
    Some("sha2-384"),
    Some("sha2-512"),
];

/// ESP transform ids (RFC 2407 4.4.4), also IKEv2 encryption ids.
pub static ESP_T_IDS: &[Option<&str>] = &[
    None,
    Some("1des-iv64"),
    Some("1des"),
    Some("3des"),
    Some("rc5"),
    Some("idea"),
    Some("cast"),
    Some("blowfish"),
    Some("3idea"),
    Some("1des-iv32"),
    Some("rc4"),
    Some("null"),
    Some("aes"),
];

/// IPComp transform ids (RFC 2407 4.4.5).
pub static IPCOMP_T_IDS: &[Option<&str>] = &[None, Some("oui"), Some("deflate"), Some("lzs")];

/// IKEv2 transform types.
pub static V2_T_TYPES: &[Option<&str>] = &[
    None,
    Some("encr"),
    Some("prf"),
    Some("integ"),
    Some("dh"),
    Some("esn"),
];

pub static V2_PRF_IDS: &[Option<&str>] = &[
    None,
    Some("hmac-md5"),
    Some("hmac-sha"),
    Some("hmac-tiger"),
    Some("aes128_xcbc"),
];

pub static V2_INTEG_IDS: &[Option<&str>] = &[
    None,
    Some("hmac-md5"),
    Some("hmac-sha"),
    Some("dec-mac"),
    Some("kpdk-md5"),
    Some("aes-xcbc"),
];

pub static V2_ESN_IDS: &[Option<&str>] = &[Some("no-esn"), Some("esn")];

/// Diffie-Hellman groups (IKEv1 group description values, IKEv2
/// transform type 4 ids).
pub static DH_GROUPS: &[Option<&str>] = &[
    None,
    Some("modp768"),
    Some("modp1024"),
    Some("EC2N 2^155"),
    Some("EC2N 2^185"),
    Some("modp1536"),
    Some("iana-grp06"),
    Some("iana-grp07"),
    Some("iana-grp08"),
    Some("iana-grp09"),
    Some("iana-grp10"),
    Some("iana-grp11"),
    Some("iana-grp12"),
    Some("iana-grp13"),
    Some("modp2048"),
    Some("modp3072"),
    Some("modp4096"),
    Some("modp6144"),
    Some("modp8192"),
];

/// An attribute type's name and the names of its values.
pub struct AttrMap {
    pub name: Option<&'static str>,
    pub values: &'static [Option<&'static str>],
}

const fn a(name: &'static str, values: &'static [Option<&'static str>]) -> AttrMap {
    AttrMap {
        name: Some(name),
        values,
    }
}

const NONE_ATTR: AttrMap = AttrMap {
    name: None,
    values: &[],
};

static LIFETYPES: &[Option<&str>] = &[None, Some("sec"), Some("kb")];

/// IKEv1 phase 1 attributes (RFC 2409 appendix A).
pub static OAKLEY_ATTRS: &[AttrMap] = &[
    NONE_ATTR,
    a(
        "enc",
        &[
            None,
            Some("1des"),
            Some("idea"),
            Some("blowfish"),
            Some("rc5"),
            Some("3des"),
            Some("cast"),
            Some("aes"),
        ],
    ),
    a(
        "hash",
        &[
            None,
            Some("md5"),
            Some("sha1"),
            Some("tiger"),
            Some("sha2-256"),
            Some("sha2-384"),
            Some("sha2-512"),
        ],
    ),
    a(
        "auth",
        &[
            None,
            Some("preshared"),
            Some("dss"),
            Some("rsa sig"),
            Some("rsa enc"),
            Some("rsa enc revised"),
        ],
    ),
    a("group desc", DH_GROUPS),
    a(
        "group type",
        &[None, Some("MODP"), Some("ECP"), Some("EC2N")],
    ),
    a("group prime", &[]),
    a("group gen1", &[]),
    a("group gen2", &[]),
    a("group curve A", &[]),
    a("group curve B", &[]),
    a("lifetype", LIFETYPES),
    a("lifeduration", &[]),
    a("prf", &[]),
    a("keylen", &[]),
    a("field", &[]),
    a("order", &[]),
];

/// IPsec DOI SA attributes (RFC 2407 4.5).
pub static IPSEC_ATTRS: &[AttrMap] = &[
    NONE_ATTR,
    a("lifetype", LIFETYPES),
    a("life", &[]),
    a("group desc", DH_GROUPS),
    a("enc mode", &[None, Some("tunnel"), Some("transport")]),
    a(
        "auth",
        &[
            None,
            Some("hmac-md5"),
            Some("hmac-sha1"),
            Some("1des-mac"),
            Some("keyed"),
        ],
    ),
    a("keylen", &[]),
    a("rounds", &[]),
    a("dictsize", &[]),
    a("privalg", &[]),
];

/// IKEv2 transform attributes: only the key length (type 14) is named.
pub static V2_ENCR_ATTRS: &[AttrMap] = &[
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    NONE_ATTR,
    AttrMap {
        name: Some("keylen"),
        values: &[],
    },
];

/// IPsec DOI identification types (RFC 2407 4.6.2.1).
pub static IPSEC_ID_TYPES: &[Option<&str>] = &[
    None,
    Some("IPv4"),
    Some("FQDN"),
    Some("user FQDN"),
    Some("IPv4net"),
    Some("IPv6"),
    Some("IPv6net"),
    Some("IPv4range"),
    Some("IPv6range"),
    Some("ASN1 DN"),
    Some("ASN1 GN"),
    Some("keyid"),
];

/// Certificate encodings (RFC 2408 3.9).
pub static CERT_TYPES: &[Option<&str>] = &[
    Some("none"),
    Some("pkcs7"),
    Some("pgp"),
    Some("dns"),
    Some("x509sign"),
    Some("x509ke"),
    Some("kerberos"),
    Some("crl"),
    Some("arl"),
    Some("spki"),
    Some("x509attr"),
];

/// Notify message error types (RFC 2408 3.14.1).
pub static NOTIFY_ERRORS: &[Option<&str>] = &[
    None,
    Some("INVALID-PAYLOAD-TYPE"),
    Some("DOI-NOT-SUPPORTED"),
    Some("SITUATION-NOT-SUPPORTED"),
    Some("INVALID-COOKIE"),
    Some("INVALID-MAJOR-VERSION"),
    Some("INVALID-MINOR-VERSION"),
    Some("INVALID-EXCHANGE-TYPE"),
    Some("INVALID-FLAGS"),
    Some("INVALID-MESSAGE-ID"),
    Some("INVALID-PROTOCOL-ID"),
    Some("INVALID-SPI"),
    Some("INVALID-TRANSFORM-ID"),
    Some("ATTRIBUTES-NOT-SUPPORTED"),
    Some("NO-PROPOSAL-CHOSEN"),
    Some("BAD-PROPOSAL-SYNTAX"),
    Some("PAYLOAD-MALFORMED"),
    Some("INVALID-KEY-INFORMATION"),
    Some("INVALID-ID-INFORMATION"),
    Some("INVALID-CERT-ENCODING"),
    Some("INVALID-CERTIFICATE"),
    Some("CERT-TYPE-UNSUPPORTED"),
    Some("INVALID-CERT-AUTHORITY"),
    Some("INVALID-HASH-INFORMATION"),
    Some("AUTHENTICATION-FAILED"),
    Some("INVALID-SIGNATURE"),
    Some("ADDRESS-NOTIFICATION"),
    Some("NOTIFY-SA-LIFETIME"),
    Some("CERTIFICATE-UNAVAILABLE"),
    Some("UNSUPPORTED-EXCHANGE-TYPE"),
    Some("UNEQUAL-PAYLOAD-LENGTHS"),
];

pub static NOTIFY_STATUS: &[Option<&str>] = &[Some("CONNECTED")];
pub static IPSEC_NOTIFY_ERRORS: &[Option<&str>] = &[Some("RESERVED")];
pub static IPSEC_NOTIFY_STATUS: &[Option<&str>] = &[
    Some("RESPONDER-LIFETIME"),
    Some("REPLAY-STATUS"),
    Some("INITIAL-CONTACT"),
];

/// IKEv2 authentication methods.
pub static V2_AUTH: &[Option<&str>] = &[
    Some("invalid"),
    Some("rsasig"),
    Some("shared-secret"),
    Some("dsssig"),
];

/// An IKEv2 notification type's name, whether its SPI is shown and
/// whether some of its data is.
pub fn v2_notify(t: u16) -> (Option<&'static str>, bool, bool) {
    let (name, spi) = match t {
        1 => ("unsupported_critical_payload", false),
        4 => ("invalid_ike_spi", true),
        5 => ("invalid_major_version", false),
        7 => ("invalid_syntax", true),
        9 => ("invalid_message_id", true),
        11 => ("invalid_spi", true),
        14 => ("no_proposal_chosen", true),
        17 => ("invalid_ke_payload", true),
        24 => ("authentication_failed", true),
        34 => ("single_pair_required", true),
        35..=47 => (V2_ERRORS_35[t as usize - 35], false),
        16384..=16442 => {
            let name = V2_STATUS[t as usize - 16384];
            let spi = matches!(t, 16388 | 16389 | 16390 | 16393);
            return (Some(name), spi, t == 16390);
        }
        _ => return (None, true, false),
    };
    (Some(name), spi, false)
}

static V2_ERRORS_35: [&str; 13] = [
    "no_additional_sas",
    "internal_address_failure",
    "failed_cp_required",
    "ts_unacceptable",
    "invalid_selectors",
    "unacceptable_addresses",
    "unexpected_nat_detected",
    "use_assigned_hoa",
    "temporary_failure",
    "child_sa_not_found",
    "invalid_group_id",
    "authorization_failed",
    "state_not_found",
];

static V2_STATUS: [&str; 59] = [
    "initial_contact",
    "set_window_size",
    "additional_ts_possible",
    "ipcomp_supported",
    "nat_detection_source_ip",
    "nat_detection_destination_ip",
    "cookie",
    "use_transport_mode",
    "http_cert_lookup_supported",
    "rekey_sa",
    "tfc_padding_not_supported",
    "non_first_fragment_also",
    "mobike_supported",
    "additional_ip4_address",
    "additional_ip6_address",
    "no_additional_addresses",
    "update_sa_addresses",
    "cookie2",
    "no_nats_allowed",
    "auth_lifetime",
    "multiple_auth_supported",
    "another_auth_follows",
    "redirect_supported",
    "redirect",
    "redirected_from",
    "ticket_lt_opaque",
    "ticket_request",
    "ticket_ack",
    "ticket_nack",
    "ticket_opaque",
    "link_id",
    "use_wesp_mode",
    "rohc_supported",
    "eap_only_authentication",
    "childless_ikev2_supported",
    "quick_crash_detection",
    "ikev2_message_id_sync_supported",
    "ipsec_replay_counter_sync_supported",
    "ikev2_message_id_sync",
    "ipsec_replay_counter_sync",
    "secure_password_methods",
    "psk_persist",
    "psk_confirm",
    "erx_supported",
    "ifom_capability",
    "sender_request_id",
    "ikev2_fragmentation_supported",
    "signature_hash_algorithms",
    "clone_ike_sa_supported",
    "clone_ike_sa",
    "puzzle",
    "use_ppk",
    "ppk_identity",
    "no_ppk_auth",
    "intermediate_exchange_supported",
    "ip4_allowed",
    "ip6_allowed",
    "additional_key_exchange",
    "use_aggfrag",
];
