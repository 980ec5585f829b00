//! OpenFlow 1.3 names (OpenFlow Switch Specification 1.3), in table
//! order: bit tables are shown in this order.

pub static OFP_CAPABILITIES_BM: &[(u32, &str)] = &[
    (0x1, "FLOW_STATS"),
    (0x2, "TABLE_STATS"),
    (0x4, "PORT_STATS"),
    (0x8, "GROUP_STATS"),
    (0x20, "IP_REASM"),
    (0x40, "QUEUE_STATS"),
    (0x100, "PORT_BLOCKED"),
];

pub static OFP_CONFIG_STR: &[(u32, &str)] = &[
    (0x0, "FRAG_NORMAL"),
    (0x1, "FRAG_DROP"),
    (0x2, "FRAG_REASM"),
];

pub static OFPTT_STR: &[(u32, &str)] = &[(0xfe, "MAX"), (0xff, "ALL")];

pub static OFPCML_STR: &[(u32, &str)] = &[(0xffe5, "MAX"), (0xffff, "NO_BUFFER")];

pub static OFPPC_BM: &[(u32, &str)] = &[
    (0x1, "PORT_DOWN"),
    (0x4, "NO_RECV"),
    (0x20, "NO_FWD"),
    (0x40, "NO_PACKET_IN"),
];

pub static OFPPS_BM: &[(u32, &str)] = &[(0x1, "LINK_DOWN"), (0x2, "BLOCKED"), (0x4, "LIVE")];

pub static OFPPF_BM: &[(u32, &str)] = &[
    (0x1, "10MB_HD"),
    (0x2, "10MB_FD"),
    (0x4, "100MB_HD"),
    (0x8, "100MB_FD"),
    (0x10, "1GB_HD"),
    (0x20, "1GB_FD"),
    (0x40, "10GB_FD"),
    (0x80, "40GB_FD"),
    (0x100, "100GB_FD"),
    (0x200, "1TB_FD"),
    (0x400, "OTHER"),
    (0x800, "COPPER"),
    (0x1000, "FIBER"),
    (0x2000, "AUTONEG"),
    (0x4000, "PAUSE"),
    (0x8000, "PAUSE_ASYM"),
];

pub static OFPHET_STR: &[(u32, &str)] = &[(0x1, "VERSIONBITMAP")];

pub static OFPP_STR: &[(u32, &str)] = &[
    (0xffffff00, "MAX"),
    (0xfffffff8, "IN_PORT"),
    (0xfffffff9, "TABLE"),
    (0xfffffffa, "NORMAL"),
    (0xfffffffb, "FLOOD"),
    (0xfffffffc, "ALL"),
    (0xfffffffd, "CONTROLLER"),
    (0xfffffffe, "LOCAL"),
    (0xffffffff, "ANY"),
];

pub static OFPCR_STR: &[(u32, &str)] = &[
    (0x0, "NOCHANGE"),
    (0x1, "EQUAL"),
    (0x2, "MASTER"),
    (0x3, "SLAVE"),
];

pub static OFVERBM_STR: &[(u32, &str)] = &[
    (0x1, "1.0"),
    (0x2, "1.1"),
    (0x4, "1.2"),
    (0x8, "1.3"),
    (0x10, "1.4"),
    (0x20, "1.5"),
];

pub static ASYNC_OFPR_BM: &[(u32, &str)] =
    &[(0x1, "NO_MATCH"), (0x2, "ACTION"), (0x4, "INVALID_TTL")];

pub static OFPPR_STR: &[(u32, &str)] = &[(0x0, "ADD"), (0x1, "DELETE"), (0x2, "MODIFY")];

pub static ASYNC_OFPPR_BM: &[(u32, &str)] = &[(0x1, "ADD"), (0x2, "DELETE"), (0x4, "MODIFY")];

pub static OFPET_STR: &[(u32, &str)] = &[
    (0x0, "HELLO_FAILED"),
    (0x1, "BAD_REQUEST"),
    (0x2, "BAD_ACTION"),
    (0x3, "BAD_INSTRUCTION"),
    (0x4, "BAD_MATCH"),
    (0x5, "FLOW_MOD_FAILED"),
    (0x6, "GROUP_MOD_FAILED"),
    (0x7, "PORT_MOD_FAILED"),
    (0x8, "TABLE_MOD_FAILED"),
    (0x9, "QUEUE_OP_FAILED"),
    (0xa, "SWITCH_CONFIG_FAILED"),
    (0xb, "ROLE_REQUEST_FAILED"),
    (0xc, "METER_MOD_FAILED"),
    (0xd, "TABLE_FEATURES_FAILED"),
    (0xffff, "EXPERIMENTER"),
];

pub static OFPHFC_STR: &[(u32, &str)] = &[(0x0, "INCOMPATIBLE"), (0x1, "EPERM")];

pub static OFPBRC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_VERSION"),
    (0x1, "BAD_TYPE"),
    (0x2, "BAD_MULTIPART"),
    (0x3, "BAD_EXPERIMENTER"),
    (0x4, "BAD_EXP_TYPE"),
    (0x5, "EPERM"),
    (0x6, "BAD_LEN"),
    (0x7, "BUFFER_EMPTY"),
    (0x8, "BUFFER_UNKNOWN"),
    (0x9, "BAD_TABLE_ID"),
    (0xa, "IS_SLAVE"),
    (0xb, "BAD_PORT"),
    (0xc, "BAD_PACKET"),
    (0xd, "MULTIPART_BUFFER_OVERFLOW"),
];

pub static OFPBAC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_TYPE"),
    (0x1, "BAD_LEN"),
    (0x2, "BAD_EXPERIMENTER"),
    (0x3, "BAD_EXP_TYPE"),
    (0x4, "BAD_OUT_PORT"),
    (0x5, "BAD_ARGUMENT"),
    (0x6, "EPERM"),
    (0x7, "TOO_MANY"),
    (0x8, "BAD_QUEUE"),
    (0x9, "BAD_OUT_GROUP"),
    (0xa, "MATCH_INCONSISTENT"),
    (0xb, "UNSUPPORTED_ORDER"),
    (0xc, "BAD_TAG"),
    (0xd, "BAD_SET_TYPE"),
    (0xe, "BAD_SET_LEN"),
    (0xf, "BAD_SET_ARGUMENT"),
];

pub static OFPBIC_STR: &[(u32, &str)] = &[
    (0x0, "UNKNOWN_INST"),
    (0x1, "UNSUP_INST"),
    (0x2, "BAD_TABLE_ID"),
    (0x3, "UNSUP_METADATA"),
    (0x4, "UNSUP_METADATA_MASK"),
    (0x5, "BAD_EXPERIMENTER"),
    (0x6, "BAD_EXP_TYPE"),
    (0x7, "BAD_LEN"),
    (0x8, "EPERM"),
];

pub static OFPBMC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_TYPE"),
    (0x1, "BAD_LEN"),
    (0x2, "BAD_TAG"),
    (0x3, "BAD_DL_ADDR_MASK"),
    (0x4, "BAD_NW_ADDR_MASK"),
    (0x5, "BAD_WILDCARDS"),
    (0x6, "BAD_FIELD"),
    (0x7, "BAD_VALUE"),
    (0x8, "BAD_MASK"),
    (0x9, "BAD_PREREQ"),
    (0xa, "DUP_FIELD"),
    (0xb, "EPERM"),
];

pub static OFPFMFC_STR: &[(u32, &str)] = &[
    (0x0, "UNKNOWN"),
    (0x1, "TABLE_FULL"),
    (0x2, "BAD_TABLE_ID"),
    (0x3, "OVERLAP"),
    (0x4, "EPERM"),
    (0x5, "BAD_TIMEOUT"),
    (0x6, "BAD_COMMAND"),
    (0x7, "BAD_FLAGS"),
];

pub static OFPGMFC_STR: &[(u32, &str)] = &[
    (0x0, "GROUP_EXISTS"),
    (0x1, "INVALID_GROUP"),
    (0x2, "WEIGHT_UNSUPPORTED"),
    (0x3, "OUT_OF_GROUPS"),
    (0x4, "OUT_OF_BUCKETS"),
    (0x5, "CHAINING_UNSUPPORTED"),
    (0x6, "WATCH_UNSUPPORTED"),
    (0x7, "LOOP"),
    (0x8, "UNKNOWN_GROUP"),
    (0x9, "CHAINED_GROUP"),
    (0xa, "BAD_TYPE"),
    (0xb, "BAD_COMMAND"),
    (0xc, "BAD_BUCKET"),
    (0xd, "BAD_MATCH"),
    (0xe, "EPERM"),
];

pub static OFPPMFC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_PORT"),
    (0x1, "BAD_HW_ADDR"),
    (0x2, "BAD_CONFIG"),
    (0x3, "BAD_ADVERTISE"),
    (0x4, "EPERM"),
];

pub static OFPTMFC_STR: &[(u32, &str)] = &[(0x0, "BAD_TABLE"), (0x1, "BAD_CONFIG"), (0x2, "EPERM")];

pub static OFPQOFC_STR: &[(u32, &str)] = &[(0x0, "BAD_PORT"), (0x1, "BAD_QUEUE"), (0x2, "EPERM")];

pub static OFPSCFC_STR: &[(u32, &str)] = &[(0x0, "BAD_FLAGS"), (0x1, "BAD_LEN"), (0x2, "EPERM")];

pub static OFPRRFC_STR: &[(u32, &str)] = &[(0x0, "STALE"), (0x1, "UNSUP"), (0x2, "BAD_ROLE")];

pub static OFPMMFC_STR: &[(u32, &str)] = &[
    (0x0, "UNKNOWN"),
    (0x1, "METER_EXISTS"),
    (0x2, "INVALID_METER"),
    (0x3, "UNKNOWN_METER"),
    (0x4, "BAD_COMMAND"),
    (0x5, "BAD_FLAGS"),
    (0x6, "BAD_RATE"),
    (0x7, "BAD_BURST"),
    (0x8, "BAD_BAND"),
    (0x9, "BAD_BAND_VALUE"),
    (0xa, "OUT_OF_METERS"),
    (0xb, "OUT_OF_BANDS"),
];

pub static OFPTFFC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_TABLE"),
    (0x1, "BAD_METADATA"),
    (0x2, "BAD_TYPE"),
    (0x3, "BAD_LEN"),
    (0x4, "BAD_ARGUMENT"),
    (0x5, "EPERM"),
];

pub const ASYNC_OFPPR_U: u32 = 0xfffffff8;
pub const ASYNC_OFPR_U: u32 = 0xfffffff8;
pub const OFPCAP_U: u32 = 0xfffffe90;
pub const OFPPC_U: u32 = 0xffffff9a;
pub const OFPPF_U: u32 = 0xffff0000;
pub const OFPPS_U: u32 = 0xfffffff8;
pub const OF_BIT_VER_U: u32 = 0xffffffc0;
