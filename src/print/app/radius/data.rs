//! RADIUS's value tables: attribute names and forms (types 0 to 129),
//! enumerated values, error causes, MIP6 features, enterprise numbers.

use super::Kind::{self, *};

pub const SERV_TYPE: &[&str] = &[
    "",
    "Login",
    "Framed",
    "Callback Login",
    "Callback Framed",
    "Outbound",
    "Administrative",
    "NAS Prompt",
    "Authenticate Only",
    "Callback NAS Prompt",
    "Call Check",
    "Callback Administrative",
    "Voice",
    "Fax",
    "Modem Relay",
    "IAPP-Register",
    "IAPP-AP-Check",
    "Authorize Only",
    "Framed-Management",
    "Additional-Authorization",
];
pub const FRM_PROTO: &[&str] = &[
    "",
    "PPP",
    "SLIP",
    "ARAP",
    "Gandalf proprietary",
    "Xylogics IPX/SLIP",
    "X.75 Synchronous",
    "GPRS PDP Context",
];
pub const FRM_ROUTING: &[&str] = &["None", "Send", "Listen", "Send&Listen"];
pub const FRM_COMP: &[&str] = &["None", "VJ TCP/IP", "IPX", "Stac-LZS"];
pub const LOGIN_SERV: &[&str] = &[
    "Telnet",
    "Rlogin",
    "TCP Clear",
    "PortMaster(proprietary)",
    "LAT",
    "X.25-PAD",
    "X.25-T3POS",
    "Unassigned",
    "TCP Clear Quiet",
];
pub const TERM_ACTION: &[&str] = &["Default", "RADIUS-Request"];
pub const INGRESS_FILTERS: &[&str] = &["", "Enabled", "Disabled"];
pub const NAS_PORT_TYPE: &[&str] = &[
    "Async",
    "Sync",
    "ISDN Sync",
    "ISDN Async V.120",
    "ISDN Async V.110",
    "Virtual",
    "PIAFS",
    "HDLC Clear Channel",
    "X.25",
    "X.75",
    "G.3 Fax",
    "SDSL",
    "ADSL-CAP",
    "ADSL-DMT",
    "ISDN-DSL",
    "Ethernet",
    "xDSL",
    "Cable",
    "Wireless - Other",
    "Wireless - IEEE 802.11",
    "Token-Ring",
    "FDDI",
    "Wireless - CDMA200",
    "Wireless - UMTS",
    "Wireless - 1X-EV",
    "IAPP",
    "FTTP",
    "Wireless - IEEE 802.16",
    "Wireless - IEEE 802.20",
    "Wireless - IEEE 802.22",
    "PPPoA",
    "PPPoEoA",
    "PPPoEoE",
    "PPPoEoVLAN",
    "PPPoEoQinQ",
    "xPON",
    "Wireless - XGP",
    "WiMAX Pre-Release 8 IWK Function",
    "WIMAX-WIFI-IWK",
    "WIMAX-SFF",
    "WIMAX-HA-LMA",
    "WIMAX-DHCP",
    "WIMAX-LBS",
    "WIMAX-WVS",
];
pub const ACCT_STATUS: &[&str] = &[
    "",
    "Start",
    "Stop",
    "Interim-Update",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Accounting-On",
    "Accounting-Off",
    "Tunnel-Start",
    "Tunnel-Stop",
    "Tunnel-Reject",
    "Tunnel-Link-Start",
    "Tunnel-Link-Stop",
    "Tunnel-Link-Reject",
    "Failed",
];
pub const ACCT_AUTH: &[&str] = &["", "RADIUS", "Local", "Remote", "Diameter"];
pub const ACCT_TERM: &[&str] = &[
    "",
    "User Request",
    "Lost Carrier",
    "Lost Service",
    "Idle Timeout",
    "Session Timeout",
    "Admin Reset",
    "Admin Reboot",
    "Port Error",
    "NAS Error",
    "NAS Request",
    "NAS Reboot",
    "Port Unneeded",
    "Port Preempted",
    "Port Suspended",
    "Service Unavailable",
    "Callback",
    "User Error",
    "Host Request",
    "Supplicant Restart",
    "Reauthentication Failure",
    "Port Reinitialized",
    "Port Administratively Disabled",
    "Lost Power",
];
pub const TUNNEL_TYPE: &[&str] = &[
    "",
    "PPTP",
    "L2F",
    "L2TP",
    "ATMP",
    "VTP",
    "AH",
    "IP-IP",
    "MIN-IP-IP",
    "ESP",
    "GRE",
    "DVS",
    "IP-in-IP Tunneling",
    "VLAN",
];
pub const TUNNEL_MEDIUM: &[&str] = &[
    "",
    "IPv4",
    "IPv6",
    "NSAP",
    "HDLC",
    "BBN 1822",
    "802",
    "E.163",
    "E.164",
    "F.69",
    "X.121",
    "IPX",
    "Appletalk",
    "Decnet IV",
    "Banyan Vines",
    "E.164 with NSAP subaddress",
];
pub const ARAP_ZONE: &[&str] = &[
    "",
    "Only access to dfl zone",
    "Use zone filter inc.",
    "Not used",
    "Use zone filter exc.",
];
pub const PROMPT: &[&str] = &["No Echo", "Echo"];
/// Attribute names and how their values are shown, by type (0-129).
pub const ATTRIBUTES: &[(&str, Kind)] = &[
    ("", Hidden),                                   // 0
    ("User-Name", Str),                             // 1
    ("User-Password", Hidden),                      // 2
    ("CHAP-Password", Hidden),                      // 3
    ("NAS-IP-Address", Addr),                       // 4
    ("NAS-Port", Num),                              // 5
    ("Service-Type", Enum(SERV_TYPE, 1)),           // 6
    ("Framed-Protocol", Enum(FRM_PROTO, 1)),        // 7
    ("Framed-IP-Address", Addr),                    // 8
    ("Framed-IP-Netmask", Addr),                    // 9
    ("Framed-Routing", Enum(FRM_ROUTING, 0)),       // 10
    ("Filter-Id", Str),                             // 11
    ("Framed-MTU", Num),                            // 12
    ("Framed-Compression", Enum(FRM_COMP, 0)),      // 13
    ("Login-IP-Host", Addr),                        // 14
    ("Login-Service", Enum(LOGIN_SERV, 0)),         // 15
    ("Login-TCP-Port", Num),                        // 16
    ("Unassigned", Hidden),                         // 17
    ("Reply-Message", Str),                         // 18
    ("Callback-Number", Str),                       // 19
    ("Callback-Id", Str),                           // 20
    ("Unassigned", Hidden),                         // 21
    ("Framed-Route", Str),                          // 22
    ("Framed-IPX-Network", Num),                    // 23
    ("State", Str),                                 // 24
    ("Class", Str),                                 // 25
    ("Vendor-Specific", Vendor),                    // 26
    ("Session-Timeout", Num),                       // 27
    ("Idle-Timeout", Num),                          // 28
    ("Termination-Action", Enum(TERM_ACTION, 0)),   // 29
    ("Called-Station-Id", Str),                     // 30
    ("Calling-Station-Id", Str),                    // 31
    ("NAS-Identifier", Str),                        // 32
    ("Proxy-State", Str),                           // 33
    ("Login-LAT-Service", Str),                     // 34
    ("Login-LAT-Node", Str),                        // 35
    ("Login-LAT-Group", Str),                       // 36
    ("Framed-AppleTalk-Link", Num),                 // 37
    ("Framed-AppleTalk-Network", Num),              // 38
    ("Framed-AppleTalk-Zone", Str),                 // 39
    ("Acct-Status-Type", Enum(ACCT_STATUS, 1)),     // 40
    ("Acct-Delay-Time", Num),                       // 41
    ("Acct-Input-Octets", Num),                     // 42
    ("Acct-Output-Octets", Num),                    // 43
    ("Acct-Session-Id", Str),                       // 44
    ("Acct-Authentic", Enum(ACCT_AUTH, 1)),         // 45
    ("Acct-Session-Time", Num),                     // 46
    ("Acct-Input-Packets", Num),                    // 47
    ("Acct-Output-Packets", Num),                   // 48
    ("Acct-Terminate-Cause", Enum(ACCT_TERM, 1)),   // 49
    ("Acct-Multi-Session-Id", Str),                 // 50
    ("Acct-Link-Count", Num),                       // 51
    ("Acct-Input-Gigawords", Num),                  // 52
    ("Acct-Output-Gigawords", Num),                 // 53
    ("Unassigned", Hidden),                         // 54
    ("Event-Timestamp", Time),                      // 55
    ("Egress-VLANID", Num),                         // 56
    ("Ingress-Filters", Enum(INGRESS_FILTERS, 1)),  // 57
    ("Egress-VLAN-Name", Str),                      // 58
    ("User-Priority-Table", Hidden),                // 59
    ("CHAP-Challenge", Str),                        // 60
    ("NAS-Port-Type", Enum(NAS_PORT_TYPE, 0)),      // 61
    ("Port-Limit", Num),                            // 62
    ("Login-LAT-Port", Str),                        // 63
    ("Tunnel-Type", Enum(TUNNEL_TYPE, 1)),          // 64
    ("Tunnel-Medium-Type", Enum(TUNNEL_MEDIUM, 1)), // 65
    ("Tunnel-Client-Endpoint", Str),                // 66
    ("Tunnel-Server-Endpoint", Str),                // 67
    ("Acct-Tunnel-Connection", Str),                // 68
    ("Tunnel-Password", Str),                       // 69
    ("ARAP-Password", Strange),                     // 70
    ("ARAP-Features", Strange),                     // 71
    ("ARAP-Zone-Access", Enum(ARAP_ZONE, 1)),       // 72
    ("ARAP-Security", Str),                         // 73
    ("ARAP-Security-Data", Str),                    // 74
    ("Password-Retry", Num),                        // 75
    ("Prompt", Enum(PROMPT, 0)),                    // 76
    ("Connect-Info", Str),                          // 77
    ("Configuration-Token", Str),                   // 78
    ("EAP-Message", Str),                           // 79
    ("Message-Authenticator", Str),                 // 80
    ("Tunnel-Private-Group-ID", Str),               // 81
    ("Tunnel-Assignment-ID", Str),                  // 82
    ("Tunnel-Preference", Num),                     // 83
    ("ARAP-Challenge-Response", Strange),           // 84
    ("Acct-Interim-Interval", Num),                 // 85
    ("Acct-Tunnel-Packets-Lost", Num),              // 86
    ("NAS-Port-Id", Str),                           // 87
    ("Framed-Pool", Str),                           // 88
    ("CUI", Str),                                   // 89
    ("Tunnel-Client-Auth-ID", Str),                 // 90
    ("Tunnel-Server-Auth-ID", Str),                 // 91
    ("NAS-Filter-Rule", Str),                       // 92
    ("Unassigned", Hidden),                         // 93
    ("Originating-Line-Info", Hidden),              // 94
    ("NAS-IPv6-Address", Addr6),                    // 95
    ("Framed-Interface-ID", Hidden),                // 96
    ("Framed-IPv6-Prefix", Prefix6),                // 97
    ("Login-IPv6-Host", Addr6),                     // 98
    ("Framed-IPv6-Route", Str),                     // 99
    ("Framed-IPv6-Pool", Str),                      // 100
    ("Error-Cause", Strange),                       // 101
    ("EAP-Key-Name", Hidden),                       // 102
    ("Digest-Response", Str),                       // 103
    ("Digest-Realm", Str),                          // 104
    ("Digest-Nonce", Str),                          // 105
    ("Digest-Response-Auth", Str),                  // 106
    ("Digest-Nextnonce", Str),                      // 107
    ("Digest-Method", Str),                         // 108
    ("Digest-URI", Str),                            // 109
    ("Digest-Qop", Str),                            // 110
    ("Digest-Algorithm", Str),                      // 111
    ("Digest-Entity-Body-Hash", Str),               // 112
    ("Digest-CNonce", Str),                         // 113
    ("Digest-Nonce-Count", Str),                    // 114
    ("Digest-Username", Str),                       // 115
    ("Digest-Opaque", Str),                         // 116
    ("Digest-Auth-Param", Str),                     // 117
    ("Digest-AKA-Auts", Str),                       // 118
    ("Digest-Domain", Str),                         // 119
    ("Digest-Stale", Str),                          // 120
    ("Digest-HA1", Str),                            // 121
    ("SIP-AOR", Str),                               // 122
    ("Delegated-IPv6-Prefix", Prefix6),             // 123
    ("MIP6-Feature-Vector", FeatureVector),         // 124
    ("MIP6-Home-Link-Prefix", HomeLinkPrefix),      // 125
    ("Operator-Name", OperatorName),                // 126
    ("Location-Information", LocationInfo),         // 127
    ("Location-Data", LocationData),                // 128
    ("Basic-Location-Policy-Rules", PolicyRules),   // 129
];
pub const ERROR_CAUSES: &[(u32, &str)] = &[
    (201, "Residual Session Context Removed"),
    (202, "Invalid EAP Packet (Ignored)"),
    (401, "Unsupported Attribute"),
    (402, "Missing Attribute"),
    (403, "NAS Identification Mismatch"),
    (404, "Invalid Request"),
    (405, "Unsupported Service"),
    (406, "Unsupported Extension"),
    (407, "Invalid Attribute Value"),
    (501, "Administratively Prohibited"),
    (502, "Request Not Routable (Proxy)"),
    (503, "Session Context Not Found"),
    (504, "Session Context Not Removable"),
    (505, "Other Proxy Processing Error"),
    (506, "Resources Unavailable"),
    (507, "Request Initiated"),
    (508, "Multiple Session Selection Unsupported"),
    (509, "Location Info Required"),
];
pub const FEATURES: &[(u64, &str)] = &[
    (0x0000000000000001, "MIP6_INTEGRATED"),
    (0x0000000000000002, "LOCAL_HOME_AGENT_ASSIGNMENT"),
    (0x0000010000000000, "PMIP6_SUPPORTED"),
    (0x0000020000000000, "IP4_HOA_SUPPORTED"),
    (0x0000040000000000, "LOCAL_MAG_ROUTING_SUPPORTED"),
    (0x0000080000000000, "ASSIGN_LOCAL_IP"),
    (0x0000100000000000, "MIP4_SUPPORTED"),
    (0x0000200000000000, "OPTIMIZED_IDLE_MODE_MOBILITY"),
    (0x0000400000000000, "GTPv2_SUPPORTED"),
    (0x0000800000000000, "IP4_TRANSPORT_SUPPORTED"),
    (0x0001000000000000, "IP4_HOA_ONLY_SUPPORTED"),
    (0x0002000000000000, "INTER_MAG_ROUTING_SUPPORTED"),
];
