//! OpenFlow 1.0 names (the OpenFlow Switch Specification 1.0.0, and Big
//! Switch Networks' extensions), in table order: bit tables are shown
//! in this order.

pub static OFPPC_BM: &[(u32, &str)] = &[
    (0x1, "PORT_DOWN"),
    (0x2, "NO_STP"),
    (0x4, "NO_RECV"),
    (0x8, "NO_RECV_STP"),
    (0x10, "NO_FLOOD"),
    (0x20, "NO_FWD"),
    (0x40, "NO_PACKET_IN"),
];

pub static OFPPS_STP_STR: &[(u32, &str)] = &[
    (0x0, "STP_LISTEN"),
    (0x100, "STP_LEARN"),
    (0x200, "STP_FORWARD"),
    (0x300, "STP_BLOCK"),
];

pub static OFPP_STR: &[(u32, &str)] = &[
    (0xff00, "MAX"),
    (0xfff8, "IN_PORT"),
    (0xfff9, "TABLE"),
    (0xfffa, "NORMAL"),
    (0xfffb, "FLOOD"),
    (0xfffc, "ALL"),
    (0xfffd, "CONTROLLER"),
    (0xfffe, "LOCAL"),
    (0xffff, "NONE"),
];

pub static OFPPF_BM: &[(u32, &str)] = &[
    (0x1, "10MB_HD"),
    (0x2, "10MB_FD"),
    (0x4, "100MB_HD"),
    (0x8, "100MB_FD"),
    (0x10, "1GB_HD"),
    (0x20, "1GB_FD"),
    (0x40, "10GB_FD"),
    (0x80, "COPPER"),
    (0x100, "FIBER"),
    (0x200, "AUTONEG"),
    (0x400, "PAUSE"),
    (0x800, "PAUSE_ASYM"),
];

pub static OFPQT_STR: &[(u32, &str)] = &[(0x0, "NONE"), (0x1, "MIN_RATE")];

pub static OFPFW_BM: &[(u32, &str)] = &[
    (0x1, "IN_PORT"),
    (0x2, "DL_VLAN"),
    (0x4, "DL_SRC"),
    (0x8, "DL_DST"),
    (0x10, "DL_TYPE"),
    (0x20, "NW_PROTO"),
    (0x40, "TP_SRC"),
    (0x80, "TP_DST"),
    (0x100000, "DL_VLAN_PCP"),
    (0x200000, "NW_TOS"),
];

pub static OFPAT_STR: &[(u32, &str)] = &[
    (0x0, "OUTPUT"),
    (0x1, "SET_VLAN_VID"),
    (0x2, "SET_VLAN_PCP"),
    (0x3, "STRIP_VLAN"),
    (0x4, "SET_DL_SRC"),
    (0x5, "SET_DL_DST"),
    (0x6, "SET_NW_SRC"),
    (0x7, "SET_NW_DST"),
    (0x8, "SET_NW_TOS"),
    (0x9, "SET_TP_SRC"),
    (0xa, "SET_TP_DST"),
    (0xb, "ENQUEUE"),
    (0xffff, "VENDOR"),
];

pub static OFPAT_BM: &[(u32, &str)] = &[
    (0x1, "OUTPUT"),
    (0x2, "SET_VLAN_VID"),
    (0x4, "SET_VLAN_PCP"),
    (0x8, "STRIP_VLAN"),
    (0x10, "SET_DL_SRC"),
    (0x20, "SET_DL_DST"),
    (0x40, "SET_NW_SRC"),
    (0x80, "SET_NW_DST"),
    (0x100, "SET_NW_TOS"),
    (0x200, "SET_TP_SRC"),
    (0x400, "SET_TP_DST"),
    (0x800, "ENQUEUE"),
];

pub static OFP_CAPABILITIES_BM: &[(u32, &str)] = &[
    (0x1, "FLOW_STATS"),
    (0x2, "TABLE_STATS"),
    (0x4, "PORT_STATS"),
    (0x8, "STP"),
    (0x10, "RESERVED"),
    (0x20, "IP_REASM"),
    (0x40, "QUEUE_STATS"),
    (0x80, "ARP_MATCH_IP"),
];

pub static OFP_CONFIG_STR: &[(u32, &str)] = &[
    (0x0, "FRAG_NORMAL"),
    (0x1, "FRAG_DROP"),
    (0x2, "FRAG_REASM"),
];

pub static OFPFC_STR: &[(u32, &str)] = &[
    (0x0, "ADD"),
    (0x1, "MODIFY"),
    (0x2, "MODIFY_STRICT"),
    (0x3, "DELETE"),
    (0x4, "DELETE_STRICT"),
];

pub static BUFFERID_STR: &[(u32, &str)] = &[(0xffffffff, "NONE")];

pub static OFPFF_BM: &[(u32, &str)] = &[
    (0x1, "SEND_FLOW_REM"),
    (0x2, "CHECK_OVERLAP"),
    (0x4, "EMERG"),
];

pub static OFPST_STR: &[(u32, &str)] = &[
    (0x0, "DESC"),
    (0x1, "FLOW"),
    (0x2, "AGGREGATE"),
    (0x3, "TABLE"),
    (0x4, "PORT"),
    (0x5, "QUEUE"),
    (0xffff, "VENDOR"),
];

pub static TABLEID_STR: &[(u32, &str)] = &[(0xfe, "EMERG"), (0xff, "ALL")];

pub static OFPQ_STR: &[(u32, &str)] = &[(0xffffffff, "ALL")];

pub static OFPSF_REPLY_BM: &[(u32, &str)] = &[(0x1, "MORE")];

pub static OFPR_STR: &[(u32, &str)] = &[(0x0, "NO_MATCH"), (0x1, "ACTION")];

pub static OFPRR_STR: &[(u32, &str)] = &[
    (0x0, "IDLE_TIMEOUT"),
    (0x1, "HARD_TIMEOUT"),
    (0x2, "DELETE"),
];

pub static OFPPR_STR: &[(u32, &str)] = &[(0x0, "ADD"), (0x1, "DELETE"), (0x2, "MODIFY")];

pub static OFPET_STR: &[(u32, &str)] = &[
    (0x0, "HELLO_FAILED"),
    (0x1, "BAD_REQUEST"),
    (0x2, "BAD_ACTION"),
    (0x3, "FLOW_MOD_FAILED"),
    (0x4, "PORT_MOD_FAILED"),
    (0x5, "QUEUE_OP_FAILED"),
];

pub static OFPHFC_STR: &[(u32, &str)] = &[(0x0, "INCOMPATIBLE"), (0x1, "EPERM")];

pub static OFPBRC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_VERSION"),
    (0x1, "BAD_TYPE"),
    (0x2, "BAD_STAT"),
    (0x3, "BAD_VENDOR"),
    (0x4, "BAD_SUBTYPE"),
    (0x5, "EPERM"),
    (0x6, "BAD_LEN"),
    (0x7, "BUFFER_EMPTY"),
    (0x8, "BUFFER_UNKNOWN"),
];

pub static OFPBAC_STR: &[(u32, &str)] = &[
    (0x0, "BAD_TYPE"),
    (0x1, "BAD_LEN"),
    (0x2, "BAD_VENDOR"),
    (0x3, "BAD_VENDOR_TYPE"),
    (0x4, "BAD_OUT_PORT"),
    (0x5, "BAD_ARGUMENT"),
    (0x6, "EPERM"),
    (0x7, "TOO_MANY"),
    (0x8, "BAD_QUEUE"),
];

pub static OFPFMFC_STR: &[(u32, &str)] = &[
    (0x0, "ALL_TABLES_FULL"),
    (0x1, "OVERLAP"),
    (0x2, "EPERM"),
    (0x3, "BAD_EMERG_TIMEOUT"),
    (0x4, "BAD_COMMAND"),
    (0x5, "UNSUPPORTED"),
];

pub static OFPPMFC_STR: &[(u32, &str)] = &[(0x0, "BAD_PORT"), (0x1, "BAD_HW_ADDR")];

pub static OFPQOFC_STR: &[(u32, &str)] = &[(0x0, "BAD_PORT"), (0x1, "BAD_QUEUE"), (0x2, "EPERM")];

pub static BSN_SUBTYPE_STR: &[(u32, &str)] = &[
    (0x0, "SET_IP_MASK"),
    (0x1, "GET_IP_MASK_REQUEST"),
    (0x2, "GET_IP_MASK_REPLY"),
    (0x3, "SET_MIRRORING"),
    (0x4, "GET_MIRRORING_REQUEST"),
    (0x5, "GET_MIRRORING_REPLY"),
    (0x6, "SHELL_COMMAND"),
    (0x7, "SHELL_OUTPUT"),
    (0x8, "SHELL_STATUS"),
    (0x9, "GET_INTERFACES_REQUEST"),
    (0xa, "GET_INTERFACES_REPLY"),
    (0xb, "SET_PKTIN_SUPPRESSION_REQUEST"),
    (0xc, "SET_L2_TABLE_REQUEST"),
    (0xd, "GET_L2_TABLE_REQUEST"),
    (0xe, "GET_L2_TABLE_REPLY"),
    (0xf, "VIRTUAL_PORT_CREATE_REQUEST"),
    (0x10, "VIRTUAL_PORT_CREATE_REPLY"),
    (0x11, "VIRTUAL_PORT_REMOVE_REQUEST"),
    (0x12, "BW_ENABLE_SET_REQUEST"),
    (0x13, "BW_ENABLE_GET_REQUEST"),
    (0x14, "BW_ENABLE_GET_REPLY"),
    (0x15, "BW_CLEAR_DATA_REQUEST"),
    (0x16, "BW_CLEAR_DATA_REPLY"),
    (0x17, "BW_ENABLE_SET_REPLY"),
    (0x18, "SET_L2_TABLE_REPLY"),
    (0x19, "SET_PKTIN_SUPPRESSION_REPLY"),
    (0x1a, "VIRTUAL_PORT_REMOVE_REPLY"),
    (0x1b, "HYBRID_GET_REQUEST"),
    (0x1c, "HYBRID_GET_REPLY"),
    (0x1f, "PDU_TX_REQUEST"),
    (0x20, "PDU_TX_REPLY"),
    (0x21, "PDU_RX_REQUEST"),
    (0x22, "PDU_RX_REPLY"),
    (0x23, "PDU_RX_TIMEOUT"),
];

pub static BSN_ACTION_SUBTYPE_STR: &[(u32, &str)] =
    &[(0x1, "MIRROR"), (0x2, "SET_TUNNEL_DST"), (0x4, "CHECKSUM")];

pub static BSN_MIRROR_COPY_STAGE_STR: &[(u32, &str)] = &[(0x0, "INGRESS"), (0x1, "EGRESS")];

pub static BSN_ONOFF_STR: &[(u32, &str)] = &[(0x0, "OFF"), (0x1, "ON")];

pub const OFPPC_U: u32 = 0xffffff80;
pub const OFPPS_U: u32 = 0xfffffcfe;
pub const OFPPF_U: u32 = 0xfffff000;
pub const OFPFW_U: u32 = 0xffc00000;
pub const OFPAT_U: u32 = 0xfffff000;
pub const OFPCAP_U: u32 = 0xffffff10;
pub const OFPFF_U: u32 = 0xfffffff8;
pub const OFPSF_REPLY_U: u32 = 0xfffffffe;

/// ONF experimenter ids.
pub static ONF_EXPERIMENTERS: &[(u32, &str)] = &[
    (0x4f4e4600, "ONF Extensions"),
    (
        0xff000001,
        "Budapest University of Technology and Economics",
    ),
    (0xff000002, "NoviFlow"),
    (0xff000003, "L3+ Extensions, Vendor Neutral"),
    (0xff000004, "L4-L7 Extensions"),
    (0xff000005, "Wireless and Mobility Extensions"),
    (0xff000006, "Forwarding Abstractions Extensions"),
    (0xff000007, "Optical Transport Extensions"),
    (0xff000008, "Network Benchmarking Lab, NCTU"),
    (0xff000009, "Mobile Packet Core Extensions"),
    (0xff00000a, "MPLS-TP OpenFlow Extensions for SPTN"),
];
