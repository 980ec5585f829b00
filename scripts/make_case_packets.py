#!/usr/bin/env python3
"""Build the named packets the data-driven filter cases refer to.

Writes filters/packets.toml: one table per packet with its link type, the
bytes in hex and a one-line description. Run from the crate root:
    python3 scripts/make_case_packets.py > filters/packets.toml
Checksums are left zero: filters never look at them.
"""
import json
import struct

def mac(s): return bytes(int(x, 16) for x in s.split(':'))
def ip4(s): return bytes(int(x) for x in s.split('.'))
def ip6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed

A, B = mac('00:11:22:33:44:55'), mac('66:77:88:99:aa:bb')
BCAST = mac('ff:ff:ff:ff:ff:ff')

def eth(dst, src, etype, payload): return dst + src + struct.pack('!H', etype) + payload
def vlan(vid, etype, payload): return struct.pack('!HH', vid, etype) + payload

def ipv4(src, dst, proto, payload, frag=0, ttl=64, options=b''):
    ihl = 5 + len(options) // 4
    total = ihl * 4 + len(payload)
    return struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, total, 1, frag, ttl, proto, 0, ip4(src), ip4(dst)) + options + payload

def ipv6(src, dst, nxt, payload, hlim=64):
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), nxt, hlim, ip6(src), ip6(dst)) + payload

def tcp(sport, dport, flags, payload=b'', seq=1000, ack=0):
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload

def udp(sport, dport, payload=b''):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload

def icmp(typ, code, payload=b'\0' * 8): return struct.pack('!BBH', typ, code, 0) + payload

FIN, SYN, RST, PSH, ACK, URG = 1, 2, 4, 8, 16, 32
DNS_QUERY = bytes.fromhex('123401000001000000000000076578616d706c6503636f6d0000010001')

packets = [
    ('eth_arp_request', 'EN10MB', 'ARP who-has 10.0.0.2 tell 10.0.0.1, broadcast',
     eth(BCAST, A, 0x0806, struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + A + ip4('10.0.0.1') + b'\0' * 6 + ip4('10.0.0.2'))),
    ('eth_tcp_syn_80', 'EN10MB', 'IPv4 TCP SYN 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, tcp(12345, 80, SYN)))),
    ('eth_tcp_synack_80', 'EN10MB', 'IPv4 TCP SYN|ACK 10.0.0.2:80 > 10.0.0.1:12345',
     eth(A, B, 0x0800, ipv4('10.0.0.2', '10.0.0.1', 6, tcp(80, 12345, SYN | ACK, ack=1001)))),
    ('eth_tcp_http_get', 'EN10MB', 'IPv4 TCP PSH|ACK 10.0.0.1:12345 > 10.0.0.2:80 carrying "GET / HTTP/1.1"',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, tcp(12345, 80, PSH | ACK, b'GET / HTTP/1.1\r\n\r\n')))),
    ('eth_tcp_rst_443_options', 'EN10MB', 'IPv4 with 4 bytes of options, TCP RST|ACK 192.168.1.7:443 > 10.0.0.20:40000',
     eth(A, B, 0x0800, ipv4('192.168.1.7', '10.0.0.20', 6, tcp(443, 40000, RST | ACK), options=b'\x01\x01\x01\x00'))),
    ('eth_tcp_fragment_tail', 'EN10MB', 'IPv4 non-first fragment (offset 185*8) of a TCP datagram 10.0.0.1 > 10.0.0.2',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, struct.pack('!HH', 80, 80) + b'\0' * 16, frag=185))),
    ('eth_udp_dns', 'EN10MB', 'IPv4 UDP 10.0.0.1:5353 > 192.0.2.53:53 DNS query',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '192.0.2.53', 17, udp(5353, 53, DNS_QUERY)))),
    ('eth_udp_ike', 'EN10MB', 'IPv4 UDP 10.0.0.2:500 > 10.0.0.1:4500',
     eth(A, B, 0x0800, ipv4('10.0.0.2', '10.0.0.1', 17, udp(500, 4500, b'\0' * 28)))),
    ('eth_icmp_echo', 'EN10MB', 'IPv4 ICMP echo request 10.0.0.1 > 10.0.0.2',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 1, icmp(8, 0)))),
    ('eth_icmp_port_unreach', 'EN10MB', 'IPv4 ICMP port unreachable 10.0.0.2 > 10.0.0.1',
     eth(A, B, 0x0800, ipv4('10.0.0.2', '10.0.0.1', 1, icmp(3, 3, b'\0' * 36)))),
    ('eth_igmp_report', 'EN10MB', 'IPv4 IGMPv2 report 10.0.0.1 > 224.0.0.22, multicast MAC, TTL 1',
     eth(mac('01:00:5e:00:00:16'), A, 0x0800, ipv4('10.0.0.1', '224.0.0.22', 2, bytes([0x16, 0, 0, 0]) + ip4('224.0.0.22'), ttl=1))),
    ('eth_ipv6_tcp_ssh', 'EN10MB', 'IPv6 TCP SYN 2001:db8::1:40000 > 2001:db8::2:22',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 6, tcp(40000, 22, SYN)))),
    ('eth_ipv6_udp_dns', 'EN10MB', 'IPv6 UDP fe80::1:5353 > ff02::fb:5353',
     eth(mac('33:33:00:00:00:fb'), A, 0x86dd, ipv6('fe80::1', 'ff02::fb', 17, udp(5353, 5353, DNS_QUERY)))),
    ('eth_ipv6_icmp6_echo', 'EN10MB', 'ICMPv6 echo request 2001:db8::1 > 2001:db8::2',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 58, struct.pack('!BBHHH', 128, 0, 0, 1, 1)))),
    ('eth_ipv6_hbh_udp', 'EN10MB', 'IPv6 hop-by-hop header then UDP 2001:db8::1:1000 > 2001:db8::2:53',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 0, bytes([17, 0, 1, 4, 0, 0, 0, 0]) + udp(1000, 53, b'\0' * 12)))),
    ('eth_vlan100_udp', 'EN10MB', '802.1Q VLAN 100, IPv4 UDP 169.254.100.1:1000 > 169.254.100.2:2000',
     eth(B, A, 0x8100, vlan(100, 0x0800, ipv4('169.254.100.1', '169.254.100.2', 17, udp(1000, 2000, b'hello'))))),
    ('eth_vlan200_tcp_bgp', 'EN10MB', '802.1Q VLAN 200, IPv4 TCP 10.0.0.1:179 > 10.0.0.2:50000',
     eth(B, A, 0x8100, vlan(200, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, tcp(179, 50000, ACK))))),
    ('eth_stp', 'EN10MB', '802.3 frame with LLC 42/42 (STP config BPDU)',
     mac('01:80:c2:00:00:00') + A + struct.pack('!H', 38) + bytes([0x42, 0x42, 0x03]) + b'\0' * 35),
    ('eth_short_ipv4', 'EN10MB', 'IPv4 header cut off after 4 bytes (truncated capture)',
     eth(B, A, 0x0800, bytes([0x45, 0, 0, 40]))),
    ('sll_outgoing_tcp', 'LINUX_SLL', 'Linux cooked v1, outgoing (pkttype 4), IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80',
     struct.pack('!HHH', 4, 1, 6) + A + b'\0\0' + struct.pack('!H', 0x0800) + ipv4('10.0.0.1', '10.0.0.2', 6, tcp(12345, 80, ACK))),
    ('sll_incoming_udp', 'LINUX_SLL', 'Linux cooked v1, to us (pkttype 0), IPv4 UDP 10.0.0.2:53 > 10.0.0.1:5353',
     struct.pack('!HHH', 0, 1, 6) + B + b'\0\0' + struct.pack('!H', 0x0800) + ipv4('10.0.0.2', '10.0.0.1', 17, udp(53, 5353, b'\0' * 12))),
    ('raw_udp', 'RAW', 'raw IPv4 UDP 10.0.0.1:67 > 255.255.255.255:68',
     ipv4('10.0.0.1', '255.255.255.255', 17, udp(67, 68, b'\0' * 20))),
    ('raw_ipv6_tcp', 'RAW', 'raw IPv6 TCP 2001:db8::1:443 > 2001:db8::2:50000',
     ipv6('2001:db8::1', '2001:db8::2', 6, tcp(443, 50000, ACK))),
    ('null_icmp', 'NULL', 'BSD loopback (AF_INET, host byte order LE), ICMP echo 127.0.0.1 > 127.0.0.1',
     struct.pack('<I', 2) + ipv4('127.0.0.1', '127.0.0.1', 1, icmp(8, 0))),
]


# ---------------------------------------------------------------------------
# More link types and encapsulations (the topic files of filters/cases/).
# ---------------------------------------------------------------------------

C = mac('02:00:00:00:00:0c')
MCAST_V4 = mac('01:00:5e:00:00:05')

def llc(dsap, ssap, control, payload=b''):
    """An 802.3 frame body: LLC header (1- or 2-byte control) then payload."""
    ctl = bytes([control]) if isinstance(control, int) else control
    return bytes([dsap, ssap]) + ctl + payload

def dot3(dst, src, body):
    """An 802.3 frame: the type field is the length of what follows."""
    return dst + src + struct.pack('!H', len(body)) + body

def snap(oui, etype, payload):
    return llc(0xaa, 0xaa, 0x03, oui + struct.pack('!H', etype) + payload)

def mpls(label, payload, bottom=True, ttl=64, tc=0):
    return struct.pack('!I', (label << 12) | (tc << 9) | (int(bottom) << 8) | ttl) + payload

def ext6(nxt, body=b'\0' * 6):
    """A generic IPv6 extension header (hop-by-hop, routing, destination options)."""
    return bytes([nxt, (len(body) + 2) // 8 - 1]) + body

def frag6(nxt, offset, more):
    return struct.pack('!BBHI', nxt, 0, (offset << 3) | int(more), 0xabcd)

def icmp6(typ, code, body=b'\0' * 4): return struct.pack('!BBH', typ, code, 0) + body

def arp(op, sha, spa, tha, tpa, ptype=0x0800):
    return struct.pack('!HHBBH', 1, ptype, 6, 4, op) + sha + ip4(spa) + tha + ip4(tpa)

def inner_eth(payload, etype=0x0800):
    return eth(mac('02:00:00:00:01:01'), mac('02:00:00:00:01:02'), etype, payload)

def geneve(vni, payload, opts=b'', proto=0x6558):
    return struct.pack('!BBH', len(opts) // 4, 0, proto) + struct.pack('!I', vni << 8) + opts + payload

def pppoe(code, session, payload):
    return struct.pack('!BBHH', 0x11, code, session, len(payload)) + payload

def tcp_opts(sport, dport, flags, options):
    """TCP with options: the data offset says where the payload starts."""
    off = 5 + len(options) // 4
    return struct.pack('!HHIIBBHHH', sport, dport, 1, 0, off << 4, flags, 1024, 0, 0) + options

def udp4(src, dst, sport, dport, payload=b'\0' * 8, **kw):
    return ipv4(src, dst, 17, udp(sport, dport, payload), **kw)

def tcp4(src, dst, sport, dport, flags=ACK, payload=b'', **kw):
    return ipv4(src, dst, 6, tcp(sport, dport, flags, payload), **kw)

def pad(data, n): return data + b'\0' * (n - len(data))

SYN80 = eth(B, A, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN))

# DECnet: 2-byte little-endian length, optional padding (0x80 | count), then
# the routing flags and, for the long format (flags & 7 == 6), 2+6-byte areas;
# addresses are area << 10 | node, little-endian.
def decnet_addr(area, node): return struct.pack('<H', (area << 10) | node)

def decnet_short(dst, src, padding=0):
    body = bytes([0x02]) + decnet_addr(*dst) + decnet_addr(*src) + b'\x00' + b'\0' * 10
    if padding:
        body = bytes([0x80 | padding]) + b'\0' * (padding - 1) + body
    return struct.pack('<H', len(body)) + body

def decnet_long(dst, src):
    hi = b'\xaa\x00\x04\x00'
    body = bytes([0x06, 0, 0]) + hi + decnet_addr(*dst) + bytes([0, 0]) + hi + decnet_addr(*src) + b'\0' * 8
    return struct.pack('<H', len(body)) + body

# IS-IS over 802.3/LLC fe fe 03: NLPID 0x83, header length, version, id
# length, PDU type, version, reserved, max area addresses.
def isis(pdu_type, dst=mac('01:80:c2:00:00:14')):
    return dot3(dst, A, llc(0xfe, 0xfe, 0x03, bytes([0x83, 27, 1, 0, pdu_type, 1, 0, 0]) + b'\0' * 30))

def osi(nlpid, dst=mac('09:00:2b:00:00:04')):
    return dot3(dst, A, llc(0xfe, 0xfe, 0x03, bytes([nlpid, 30, 1, 0, 0x1c]) + b'\0' * 30))

def llc_frame(control, payload=b'\0' * 10, sap=0xf0):
    return dot3(mac('03:00:00:00:00:01'), A, llc(sap, sap, control, payload))

# Every header a filter reads, cut in the middle.
def cut(data, n): return data[:n]

V6TCP = eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 6, tcp(40000, 80, SYN)))
V4UDP = eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 1000, 53, b'\0' * 12))
VLAN_TCP = eth(B, A, 0x8100, vlan(100, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN)))
MPLS_UDP = eth(B, A, 0x8847, mpls(1000, udp4('10.0.0.1', '10.0.0.2', 1000, 53)))

EN = 'EN10MB'
packets += [
    # --- addresses, broadcast, multicast, lengths ---
    ('eth_dhcp_bcast', EN, 'IPv4 UDP 0.0.0.0:68 > 255.255.255.255:67, Ethernet broadcast',
     eth(BCAST, C, 0x0800, udp4('0.0.0.0', '255.255.255.255', 68, 67, b'\0' * 240))),
    ('eth_ospf_mcast', EN, 'IPv4 proto 89 (OSPF) 10.0.0.3 > 224.0.0.5, multicast MAC',
     eth(MCAST_V4, C, 0x0800, ipv4('10.0.0.3', '224.0.0.5', 89, b'\x02\x01\x00\x2c' + b'\0' * 40, ttl=1))),
    ('eth_unicast_mcast_ip', EN, 'unicast MAC carrying IPv4 to multicast 239.1.2.3 (UDP 5004)',
     eth(B, C, 0x0800, udp4('10.0.0.3', '239.1.2.3', 5004, 5004))),
    ('eth_net_172', EN, 'IPv4 TCP 172.16.5.4:22 > 172.31.255.1:60000 (ACK), addresses in 172.16/12',
     eth(C, B, 0x0800, tcp4('172.16.5.4', '172.31.255.1', 22, 60000, ACK, b'x' * 6))),
    ('eth_len_60', EN, 'the SYN to port 80 padded to a 60-byte minimum frame',
     pad(SYN80, 60)),
    ('eth_len_61', EN, 'the SYN to port 80 padded to 61 bytes',
     pad(SYN80, 61)),
    ('eth_len_1514', EN, 'a full-size frame: IPv4 UDP 10.0.0.1:9 > 10.0.0.2:9 with 1472 bytes of payload',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 9, 9, b'\xab' * 1472))),
    ('eth_arp_reply', EN, 'ARP reply 10.0.0.2 is-at 66:77:88:99:aa:bb',
     eth(A, B, 0x0806, arp(2, B, '10.0.0.2', A, '10.0.0.1'))),
    ('eth_rarp_request', EN, 'RARP request (ethertype 0x8035) for 00:11:22:33:44:55',
     eth(BCAST, A, 0x8035, arp(3, A, '0.0.0.0', A, '0.0.0.0'))),
    ('eth_tcp_opts_http', EN, 'IPv4 TCP 10.0.0.1:50000 > 10.0.0.2:8080 with 12 bytes of options (data offset 8), PSH|ACK "HTTP"',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 6, tcp_opts(50000, 8080, PSH | ACK, b'\x01\x01\x08\x0a' + b'\0' * 8) + b'HTTP/1.1 200'))),
    ('eth_tcp_fin_urg', EN, 'IPv4 TCP 10.0.0.2:21 > 10.0.0.1:2000 FIN|URG|PSH',
     eth(A, B, 0x0800, tcp4('10.0.0.2', '10.0.0.1', 21, 2000, FIN | URG | PSH))),
    # --- VLAN stacks ---
    ('eth_qinq_udp', EN, 'QinQ: 802.1ad (0x88a8) VLAN 10, then 802.1Q VLAN 100, IPv4 UDP 10.0.0.1:1000 > 10.0.0.2:53',
     eth(B, A, 0x88a8, vlan(10, 0x8100, vlan(100, 0x0800, udp4('10.0.0.1', '10.0.0.2', 1000, 53))))),
    ('eth_vlan_vlan_ipv6', EN, 'double 802.1Q: VLAN 300 then VLAN 400, IPv6 TCP 2001:db8::1:40000 > 2001:db8::2:443',
     eth(B, A, 0x8100, vlan(300, 0x8100, vlan(400, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 6, tcp(40000, 443, SYN)))))),
    ('eth_vlan200_arp', EN, '802.1Q VLAN 200 (priority 5), ARP request',
     eth(BCAST, A, 0x8100, vlan((5 << 13) | 200, 0x0806, arp(1, A, '10.0.0.1', b'\0' * 6, '10.0.0.2')))),
    ('eth_vlan100_ipv6_udp', EN, '802.1Q VLAN 100, IPv6 UDP 2001:db8::1:546 > ff02::1:2:547',
     eth(mac('33:33:00:01:00:02'), A, 0x8100, vlan(100, 0x86dd, ipv6('2001:db8::1', 'ff02::1:2', 17, udp(546, 547, b'\0' * 8))))),
    ('eth_vlan0_prio_tcp', EN, '802.1Q priority tag (VLAN 0, PCP 3), IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x8100, vlan(3 << 13, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN)))),
    # --- MPLS ---
    ('eth_mpls_ipv4_udp', EN, 'MPLS label 1000 (bottom of stack), IPv4 UDP 10.0.0.1:1000 > 10.0.0.2:53',
     MPLS_UDP),
    ('eth_mpls2_ipv4_tcp', EN, 'MPLS labels 16 then 2000 (bottom), IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x8847, mpls(16, mpls(2000, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN)), bottom=False))),
    ('eth_mpls3_mcast', EN, 'MPLS multicast ethertype 0x8848, labels 3, 17, 1048575 (bottom), IPv4 ICMP echo',
     eth(B, A, 0x8848, mpls(3, mpls(17, mpls(1048575, ipv4('10.0.0.1', '10.0.0.2', 1, icmp(8, 0))), bottom=False), bottom=False))),
    ('eth_mpls3_ipv4_icmp', EN, 'MPLS unicast labels 3, 17, 1048575 (bottom), IPv4 ICMP echo 10.0.0.1 > 10.0.0.2',
     eth(B, A, 0x8847, mpls(3, mpls(17, mpls(1048575, ipv4('10.0.0.1', '10.0.0.2', 1, icmp(8, 0))), bottom=False), bottom=False))),
    ('eth_vlan_mpls_udp', EN, '802.1Q VLAN 100, then MPLS label 77 (bottom), IPv4 UDP 10.0.0.1:1000 > 10.0.0.2:53',
     eth(B, A, 0x8100, vlan(100, 0x8847, mpls(77, udp4('10.0.0.1', '10.0.0.2', 1000, 53))))),
    # --- PPPoE ---
    ('eth_vlan_pppoes_tcp', EN, '802.1Q VLAN 200, then PPPoE session 0x99, PPP IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x8100, vlan(200, 0x8864, pppoe(0, 0x99, b'\x00\x21' + tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN))))),
    ('eth_pppoed_padi', EN, 'PPPoE discovery PADI (0x8863), broadcast',
     eth(BCAST, A, 0x8863, pppoe(0x09, 0, b'\x01\x01\x00\x00'))),
    ('eth_pppoes_ipv4_tcp', EN, 'PPPoE session 0x1234, PPP IPv4, TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x8864, pppoe(0, 0x1234, b'\x00\x21' + tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN)))),
    ('eth_pppoes_ipv6_udp', EN, 'PPPoE session 0x0042, PPP IPv6, UDP 2001:db8::1:1000 > 2001:db8::2:53',
     eth(B, A, 0x8864, pppoe(0, 0x42, b'\x00\x57' + ipv6('2001:db8::1', '2001:db8::2', 17, udp(1000, 53, b'\0' * 8))))),
    ('eth_pppoes_lcp', EN, 'PPPoE session 0x1234, PPP LCP echo request',
     eth(B, A, 0x8864, pppoe(0, 0x1234, b'\xc0\x21\x09\x01\x00\x08\x00\x00\x00\x00'))),
    # --- tunnels ---
    ('eth_geneve_tcp', EN, 'Geneve (UDP 6081) VNI 100 no options, inner Ethernet IPv4 TCP 10.1.1.1:40000 > 10.1.1.2:22',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 50000, 6081,
         geneve(100, inner_eth(tcp4('10.1.1.1', '10.1.1.2', 40000, 22, SYN)))))),
    ('eth_geneve_opts_udp', EN, 'Geneve VNI 0xb with 8 bytes of options, inner Ethernet IPv4 UDP 10.1.1.1:1000 > 10.1.1.2:53',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 50001, 6081,
         geneve(0xb, inner_eth(udp4('10.1.1.1', '10.1.1.2', 1000, 53)), opts=b'\x01\x02\x03\x01' + b'\xaa' * 4)))),
    ('eth_geneve_ipv4_direct', EN, 'Geneve VNI 0xb carrying IPv4 directly (protocol 0x0800): ICMP echo 10.1.1.1 > 10.1.1.2',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 50002, 6081,
         geneve(0xb, ipv4('10.1.1.1', '10.1.1.2', 1, icmp(8, 0)), proto=0x0800)))),
    ('eth_vxlan', EN, 'VXLAN (UDP 4789) VNI 42, inner Ethernet IPv4 ICMP echo 10.2.2.1 > 10.2.2.2',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 50003, 4789,
         struct.pack('!II', 0x08000000, 42 << 8) + inner_eth(ipv4('10.2.2.1', '10.2.2.2', 1, icmp(8, 0)))))),
    ('eth_gre_ipv4', EN, 'GRE (IPv4 proto 47) carrying IPv4 UDP 10.3.3.1:1000 > 10.3.3.2:53',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 47, struct.pack('!HH', 0, 0x0800) + udp4('10.3.3.1', '10.3.3.2', 1000, 53)))),
    ('eth_ipip', EN, 'IP-in-IP (proto 4): 10.0.0.1 > 10.0.0.2 carrying TCP 10.4.4.1:12345 > 10.4.4.2:80',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 4, tcp4('10.4.4.1', '10.4.4.2', 12345, 80, SYN)))),
    ('eth_6in4', EN, 'IPv6 in IPv4 (proto 41): 10.0.0.1 > 10.0.0.2 carrying IPv6 UDP',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 41, ipv6('2001:db8::1', '2001:db8::2', 17, udp(1000, 53, b'\0' * 4))))),
    # --- IPv6 extension headers ---
    ('eth_ipv6_routing_tcp', EN, 'IPv6 routing header (43) then TCP 2001:db8::1:40000 > 2001:db8::2:80',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 43, ext6(6, bytes([0, 0]) + b'\0' * 4) + tcp(40000, 80, SYN)))),
    ('eth_ipv6_frag_first_udp', EN, 'IPv6 fragment header (44), first fragment (offset 0, M), UDP 2001:db8::1:1000 > 2001:db8::2:53',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 44, frag6(17, 0, True) + udp(1000, 53, b'\0' * 16)))),
    ('eth_ipv6_frag_later', EN, 'IPv6 fragment header, later fragment (offset 100) of a TCP datagram',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 44, frag6(6, 100, False) + struct.pack('!HH', 80, 80) + b'\0' * 16))),
    ('eth_ipv6_dstopts_tcp', EN, 'IPv6 destination options (60) then TCP 2001:db8::3:22 > 2001:db8::4:40000',
     eth(A, B, 0x86dd, ipv6('2001:db8::3', '2001:db8::4', 60, ext6(6) + tcp(22, 40000, ACK)))),
    ('eth_ipv6_chain_udp', EN, 'IPv6 hop-by-hop, routing, destination options, then UDP 2001:db8::1:1000 > 2001:db8::2:53',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 0, ext6(43) + ext6(60, b'\0' * 14) + ext6(17) + udp(1000, 53, b'\0' * 8)))),
    ('eth_ipv6_ah_tcp', EN, 'IPv6 AH (51) then TCP 2001:db8::1:40000 > 2001:db8::2:80',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 51, bytes([6, 4, 0, 0]) + b'\0' * 20 + tcp(40000, 80, SYN)))),
    ('eth_ipv6_nonext', EN, 'IPv6 with next header 59 (no next header)',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 59, b''))),
    ('eth_ipv6_nd_ns', EN, 'ICMPv6 neighbor solicitation fe80::1 > ff02::1:ff00:2, hop limit 255',
     eth(mac('33:33:ff:00:00:02'), A, 0x86dd, ipv6('fe80::1', 'ff02::1:ff00:2', 58, icmp6(135, 0, b'\0' * 4 + ip6('2001:db8::2')), hlim=255))),
    ('eth_ipv6_sctp', EN, 'IPv6 SCTP 2001:db8::1:2905 > 2001:db8::2:2905',
     eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 132, struct.pack('!HHII', 2905, 2905, 0, 0) + b'\x01\x00\x00\x14' + b'\0' * 16))),
    ('eth_ipv6_pim', EN, 'IPv6 PIM hello fe80::1 > ff02::d',
     eth(mac('33:33:00:00:00:0d'), A, 0x86dd, ipv6('fe80::1', 'ff02::d', 103, b'\x20\x00\x00\x00' + b'\0' * 8))),
    # --- IPv4 fragments and options ---
    ('eth_ipv4_first_frag_tcp', EN, 'IPv4 first fragment (MF, offset 0) TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN, b'\0' * 16, frag=0x2000))),
    ('eth_ipv4_later_frag_udp', EN, 'IPv4 later fragment (MF, offset 100) of UDP, bytes where ports would be read 53/53',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 17, struct.pack('!HHHH', 53, 53, 16, 0) + b'\0' * 8, frag=0x2000 | 100))),
    ('eth_ipv4_df_udp', EN, 'IPv4 DF set (not a fragment) UDP 10.0.0.1:1000 > 10.0.0.2:123',
     eth(B, A, 0x0800, udp4('10.0.0.1', '10.0.0.2', 1000, 123, b'\0' * 48, frag=0x4000))),
    ('eth_ipv4_maxopts_tcp', EN, 'IPv4 with 40 bytes of options (IHL 15), TCP 10.0.0.1:12345 > 10.0.0.2:8080',
     eth(B, A, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 8080, SYN, options=b'\x01' * 39 + b'\x00'))),
    ('eth_ipv4_ttl255_udp', EN, 'IPv4 TTL 255, TOS 0xb8, UDP 10.0.0.9:5060 > 10.0.0.2:5060',
     eth(B, A, 0x0800, struct.pack('!BB', 0x45, 0xb8) + udp4('10.0.0.9', '10.0.0.2', 5060, 5060, b'\0' * 20, ttl=255)[2:])),
    # --- other IP protocols ---
    ('eth_sctp', EN, 'IPv4 SCTP 10.0.0.1:2905 > 10.0.0.2:36412 INIT chunk',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 132, struct.pack('!HHII', 2905, 36412, 0, 0) + b'\x01\x00\x00\x14' + b'\0' * 16))),
    ('eth_pim', EN, 'IPv4 PIMv2 hello 10.0.0.1 > 224.0.0.13',
     eth(mac('01:00:5e:00:00:0d'), A, 0x0800, ipv4('10.0.0.1', '224.0.0.13', 103, b'\x20\x00\x00\x00\x00\x01\x00\x02\x00\x69', ttl=1))),
    ('eth_vrrp', EN, 'IPv4 VRRPv2 advertisement VRID 7 priority 100, 10.0.0.1 > 224.0.0.18',
     eth(mac('00:00:5e:00:01:07'), A, 0x0800, ipv4('10.0.0.1', '224.0.0.18', 112, b'\x21\x07\x64\x01\x00\x01\x00\x00' + ip4('10.0.0.254'), ttl=255))),
    ('eth_ah', EN, 'IPv4 AH (51) SPI 0x100, then TCP 10.0.0.1:12345 > 10.0.0.2:80',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 51, bytes([6, 4, 0, 0]) + struct.pack('!II', 0x100, 1) + b'\0' * 12 + tcp(12345, 80, SYN)))),
    ('eth_esp', EN, 'IPv4 ESP (50) SPI 0x200',
     eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 50, struct.pack('!II', 0x200, 1) + b'\0' * 24))),
    ('eth_igrp', EN, 'IPv4 IGRP (proto 9) 10.0.0.1 > 255.255.255.255',
     eth(BCAST, A, 0x0800, ipv4('10.0.0.1', '255.255.255.255', 9, b'\x11\x01\x00\x01' + b'\0' * 8))),
    ('eth_icmp_redirect', EN, 'IPv4 ICMP redirect (type 5 code 1) 10.0.0.254 > 10.0.0.1',
     eth(A, C, 0x0800, ipv4('10.0.0.254', '10.0.0.1', 1, icmp(5, 1, ip4('10.0.0.253') + b'\0' * 28)))),
    ('eth_icmp_time_exceeded', EN, 'IPv4 ICMP time exceeded (type 11) 192.0.2.1 > 10.0.0.1',
     eth(A, C, 0x0800, ipv4('192.0.2.1', '10.0.0.1', 1, icmp(11, 0, b'\0' * 32)))),
    # --- non-IP ethertypes and 802.3/LLC ---
    ('eth_decnet_short', EN, 'DECnet (0x6003) short data header 1.2 > 3.4',
     eth(mac('aa:00:04:00:02:04'), mac('aa:00:04:00:01:04'), 0x6003, decnet_short((3, 4), (1, 2)))),
    ('eth_decnet_padded', EN, 'DECnet short data header behind 1 byte of padding, 5.6 > 1.2',
     eth(mac('aa:00:04:00:02:04'), mac('aa:00:04:00:01:04'), 0x6003, decnet_short((1, 2), (5, 6), padding=1))),
    ('eth_decnet_padded2', EN, 'DECnet short data header behind 2 bytes of padding (libpcap only handles 1), 5.6 > 7.8',
     eth(mac('aa:00:04:00:02:04'), mac('aa:00:04:00:01:04'), 0x6003, decnet_short((7, 8), (5, 6), padding=2))),
    ('eth_decnet_long', EN, 'DECnet long data header 1.2 > 3.4',
     eth(mac('aa:00:04:00:02:04'), mac('aa:00:04:00:01:04'), 0x6003, decnet_long((3, 4), (1, 2)))),
    ('eth_lat', EN, 'LAT (0x6004)',
     eth(mac('09:00:2b:00:00:0f'), A, 0x6004, b'\0' * 46)),
    ('eth_moprc', EN, 'DEC MOP remote console (0x6002)',
     eth(mac('ab:00:00:02:00:00'), A, 0x6002, b'\x02\x00' + b'\0' * 44)),
    ('eth_mopdl', EN, 'DEC MOP dump/load (0x6001)',
     eth(mac('ab:00:00:01:00:00'), A, 0x6001, b'\x02\x00' + b'\0' * 44)),
    ('eth_sca', EN, 'DEC LAVC/SCA (0x6007)',
     eth(mac('09:00:2b:00:00:0f'), A, 0x6007, b'\0' * 46)),
    ('eth_isis_l1_hello', EN, 'IS-IS L1 LAN hello (PDU type 15) over LLC fe fe 03',
     isis(15)),
    ('eth_isis_l2_hello', EN, 'IS-IS L2 LAN hello (PDU type 16)',
     isis(16, mac('01:80:c2:00:00:15'))),
    ('eth_isis_p2p_hello', EN, 'IS-IS point-to-point hello (PDU type 17)',
     isis(17, mac('09:00:2b:00:00:05'))),
    ('eth_isis_l1_lsp', EN, 'IS-IS L1 LSP (PDU type 18)', isis(18)),
    ('eth_isis_l2_lsp', EN, 'IS-IS L2 LSP (PDU type 20)', isis(20, mac('01:80:c2:00:00:15'))),
    ('eth_isis_l1_csnp', EN, 'IS-IS L1 CSNP (PDU type 24)', isis(24)),
    ('eth_isis_l2_csnp', EN, 'IS-IS L2 CSNP (PDU type 25)', isis(25, mac('01:80:c2:00:00:15'))),
    ('eth_isis_l1_psnp', EN, 'IS-IS L1 PSNP (PDU type 26)', isis(26)),
    ('eth_isis_l2_psnp', EN, 'IS-IS L2 PSNP (PDU type 27)', isis(27, mac('01:80:c2:00:00:15'))),
    ('eth_clnp', EN, 'CLNP (NLPID 0x81) over LLC fe fe 03', osi(0x81)),
    ('eth_esis', EN, 'ES-IS (NLPID 0x82) over LLC fe fe 03', osi(0x82, mac('09:00:2b:00:00:05'))),
    ('eth_ipx_ethii', EN, 'IPX in Ethernet II (0x8137)',
     eth(BCAST, A, 0x8137, b'\xff\xff\x00\x1e\x00\x04' + b'\0' * 24)),
    ('eth_ipx_raw8023', EN, 'IPX in "raw" 802.3 (payload starts ff ff)',
     dot3(BCAST, A, b'\xff\xff\x00\x1e\x00\x04' + b'\0' * 24)),
    ('eth_ipx_llc', EN, 'IPX over LLC e0 e0 03',
     dot3(BCAST, A, llc(0xe0, 0xe0, 0x03, b'\xff\xff\x00\x1e\x00\x04' + b'\0' * 24))),
    ('eth_ipx_snap', EN, 'IPX over SNAP (OUI 0, type 0x8137)',
     dot3(BCAST, A, snap(b'\0\0\0', 0x8137, b'\xff\xff\x00\x1e\x00\x04' + b'\0' * 24))),
    ('eth_atalk_snap', EN, 'AppleTalk DDP over SNAP (OUI 08:00:07, type 0x809b)',
     dot3(mac('09:00:07:ff:ff:ff'), A, snap(b'\x08\x00\x07', 0x809b, b'\0' * 20))),
    ('eth_atalk_ethii', EN, 'AppleTalk in Ethernet II (0x809b)',
     eth(mac('09:00:07:ff:ff:ff'), A, 0x809b, b'\0' * 46)),
    ('eth_aarp_snap', EN, 'AARP over SNAP (OUI 0, type 0x80f3)',
     dot3(mac('09:00:07:ff:ff:ff'), A, snap(b'\0\0\0', 0x80f3, b'\0' * 28))),
    ('eth_netbeui_llc_i', EN, 'LLC I frame (control 0x0002 0x0004) SAP f0 (NetBIOS)',
     llc_frame(b'\x02\x04')),
    ('eth_llc_rr', EN, 'LLC S frame RR (control 0x01 0x05), SAP f0', llc_frame(b'\x01\x05')),
    ('eth_llc_rnr', EN, 'LLC S frame RNR (control 0x05 0x01), SAP f0', llc_frame(b'\x05\x01')),
    ('eth_llc_rej', EN, 'LLC S frame REJ (control 0x09 0x01), SAP f0', llc_frame(b'\x09\x01')),
    ('eth_llc_ui', EN, 'LLC U frame UI (0x03), SAP f0', llc_frame(0x03)),
    ('eth_llc_sabme', EN, 'LLC U frame SABME with P (0x7f), SAP f0', llc_frame(0x7f, b'')),
    ('eth_llc_ua', EN, 'LLC U frame UA (0x73), SAP f0', llc_frame(0x73, b'')),
    ('eth_llc_disc', EN, 'LLC U frame DISC (0x43), SAP f0', llc_frame(0x43, b'')),
    ('eth_llc_dm', EN, 'LLC U frame DM (0x0f), SAP f0', llc_frame(0x0f, b'')),
    ('eth_llc_frmr', EN, 'LLC U frame FRMR (0x87), SAP f0', llc_frame(0x87, b'\0' * 5)),
    ('eth_llc_xid', EN, 'LLC U frame XID (0xaf), null SAPs', llc_frame(0xaf, b'\x81\x01\x00', sap=0x00)),
    ('eth_llc_test', EN, 'LLC U frame TEST (0xe3), null SAPs', llc_frame(0xe3, b'abc', sap=0x00)),
    ('eth_snap_ipv4', EN, 'IPv4 over 802.3 SNAP (OUI 0, type 0x0800) UDP 10.0.0.1:1000 > 10.0.0.2:53',
     dot3(B, A, snap(b'\0\0\0', 0x0800, udp4('10.0.0.1', '10.0.0.2', 1000, 53)))),
    ('eth_lldp', EN, 'LLDP (0x88cc) to 01:80:c2:00:00:0e',
     eth(mac('01:80:c2:00:00:0e'), A, 0x88cc, b'\x02\x07\x04' + A + b'\0' * 37)),
    # --- truncated: cut in the middle of every header a filter reads ---
    ('eth_cut_dst_mac', EN, 'Ethernet cut after 4 bytes (inside the destination MAC)', cut(SYN80, 4)),
    ('eth_cut_src_mac', EN, 'Ethernet cut after 9 bytes (inside the source MAC)', cut(SYN80, 9)),
    ('eth_cut_ethertype', EN, 'Ethernet cut after 13 bytes (inside the type field)', cut(SYN80, 13)),
    ('eth_cut_vlan_tag', EN, '802.1Q frame cut after 15 bytes (inside the VLAN tag)', cut(VLAN_TCP, 15)),
    ('eth_cut_vlan_type', EN, '802.1Q frame cut after 17 bytes (inside the inner type)', cut(VLAN_TCP, 17)),
    ('eth_cut_ip_proto', EN, 'IPv4 TCP cut after 23 bytes (just before the protocol byte)', cut(SYN80, 23)),
    ('eth_cut_ip_src', EN, 'IPv4 TCP cut after 28 bytes (inside the source address)', cut(SYN80, 28)),
    ('eth_cut_ip_dst', EN, 'IPv4 TCP cut after 32 bytes (inside the destination address)', cut(SYN80, 32)),
    ('eth_cut_tcp_sport', EN, 'IPv4 TCP cut after 35 bytes (inside the source port)', cut(SYN80, 35)),
    ('eth_cut_tcp_dport', EN, 'IPv4 TCP cut after 37 bytes (inside the destination port)', cut(SYN80, 37)),
    ('eth_cut_tcp_flags', EN, 'IPv4 TCP cut after 46 bytes (just before the TCP flags)', cut(SYN80, 46)),
    ('eth_cut_udp_dport', EN, 'IPv4 UDP cut after 37 bytes (inside the destination port)', cut(V4UDP, 37)),
    ('eth_cut_ip6_nxt', EN, 'IPv6 cut after 20 bytes (just before the next header byte)', cut(V6TCP, 20)),
    ('eth_cut_ip6_src', EN, 'IPv6 cut after 30 bytes (inside the source address)', cut(V6TCP, 30)),
    ('eth_cut_ip6_dst', EN, 'IPv6 cut after 45 bytes (inside the destination address)', cut(V6TCP, 45)),
    ('eth_cut_ip6_tcp_port', EN, 'IPv6 TCP cut after 57 bytes (inside the destination port)', cut(V6TCP, 57)),
    ('eth_cut_arp', EN, 'ARP cut after 30 bytes (inside the sender protocol address)', cut(eth(BCAST, A, 0x0806, arp(1, A, '10.0.0.1', b'\0' * 6, '10.0.0.2')), 30)),
    ('eth_cut_mpls', EN, 'MPLS cut after 16 bytes (inside the label)', cut(MPLS_UDP, 16)),
    ('eth_cut_icmp_type', EN, 'IPv4 ICMP cut after 34 bytes (ICMP type missing)', cut(eth(B, A, 0x0800, ipv4('10.0.0.1', '10.0.0.2', 1, icmp(8, 0))), 34)),
    ('eth_cut_llc', EN, '802.3 frame cut after 15 bytes (inside the LLC header)', cut(llc_frame(0x03), 15)),
    # --- captured with a snapshot length: the wire length is larger than what was kept ---
    ('eth_snap_1514_at_54', EN, 'a 1514-byte IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80 frame captured with snaplen 54 (headers only)',
     cut(eth(B, A, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, ACK, b'\xcd' * 1460)), 54), 1514),
    ('eth_snap_1514_at_37', EN, 'the same 1514-byte frame captured with snaplen 37 (cut inside the TCP destination port)',
     cut(eth(B, A, 0x0800, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, ACK, b'\xcd' * 1460)), 37), 1514),
    ('eth_snap_100_at_14', EN, 'a 100-byte IPv6 UDP frame captured with snaplen 14 (Ethernet header only)',
     cut(eth(B, A, 0x86dd, ipv6('2001:db8::1', '2001:db8::2', 17, udp(1000, 53, b'\0' * 38))), 14), 100),
]

# --- Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, address.
def sll2(proto, ifindex, pkttype, addr, payload, hatype=1):
    return struct.pack('!HHIHBB', proto, 0, ifindex, hatype, pkttype, len(addr)) + addr + b'\0' * (8 - len(addr)) + payload

def sll1(proto, pkttype, addr, payload):
    return struct.pack('!HHH', pkttype, 1, len(addr)) + addr + b'\0' * (8 - len(addr)) + struct.pack('!H', proto) + payload

packets += [
    ('sll2_in_if2_tcp', 'LINUX_SLL2', 'cooked v2, ifindex 2, to us (0), IPv4 TCP 10.0.0.2:80 > 10.0.0.1:12345',
     sll2(0x0800, 2, 0, B, tcp4('10.0.0.2', '10.0.0.1', 80, 12345, SYN | ACK))),
    ('sll2_out_if2_tcp', 'LINUX_SLL2', 'cooked v2, ifindex 2, outgoing (4), IPv4 TCP 10.0.0.1:12345 > 10.0.0.2:80',
     sll2(0x0800, 2, 4, A, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN))),
    ('sll2_out_if3_udp', 'LINUX_SLL2', 'cooked v2, ifindex 3, outgoing (4), IPv4 UDP 10.0.0.1:5353 > 10.0.0.2:53',
     sll2(0x0800, 3, 4, A, udp4('10.0.0.1', '10.0.0.2', 5353, 53))),
    ('sll2_bcast_if3_arp', 'LINUX_SLL2', 'cooked v2, ifindex 3, broadcast (1), ARP request',
     sll2(0x0806, 3, 1, B, arp(1, B, '10.0.0.2', b'\0' * 6, '10.0.0.1'))),
    ('sll2_mcast_if7_ipv6', 'LINUX_SLL2', 'cooked v2, ifindex 7, multicast (2), IPv6 UDP fe80::1:5353 > ff02::fb:5353',
     sll2(0x86dd, 7, 2, B, ipv6('fe80::1', 'ff02::fb', 17, udp(5353, 5353, b'\0' * 8)))),
    ('sll2_otherhost_if300_icmp', 'LINUX_SLL2', 'cooked v2, ifindex 300, other host (3), IPv4 ICMP echo 10.0.0.3 > 10.0.0.4',
     sll2(0x0800, 300, 3, C, ipv4('10.0.0.3', '10.0.0.4', 1, icmp(8, 0)))),
    ('sll2_in_if2_vlan', 'LINUX_SLL2', 'cooked v2, ifindex 2, to us, 802.1Q (0x8100) VLAN 100 IPv4 UDP',
     sll2(0x8100, 2, 0, B, vlan(100, 0x0800, udp4('10.0.0.2', '10.0.0.1', 53, 5353)))),
    ('sll_out_ipv6_tcp', 'LINUX_SLL', 'cooked v1, outgoing (4), IPv6 TCP 2001:db8::1:40000 > 2001:db8::2:443',
     sll1(0x86dd, 4, A, ipv6('2001:db8::1', '2001:db8::2', 6, tcp(40000, 443, SYN)))),
    ('sll_bcast_arp', 'LINUX_SLL', 'cooked v1, broadcast (1), ARP request',
     sll1(0x0806, 1, B, arp(1, B, '10.0.0.2', b'\0' * 6, '10.0.0.1'))),
    ('sll_in_llc_stp', 'LINUX_SLL', 'cooked v1, to us, protocol 4 (802.2 LLC): STP BPDU',
     sll1(0x0004, 0, B, llc(0x42, 0x42, 0x03, b'\0' * 35))),
]

# --- BSD loopback: LOOP has the AF in network byte order, NULL in the
# writer's byte order (our pcaps are little-endian). IPv6 is AF 24, 28 or 30
# depending on the BSD.
V4T = tcp4('127.0.0.1', '127.0.0.1', 40000, 80, SYN)
V6U = ipv6('::1', '::1', 17, udp(1000, 53, b'\0' * 8))
packets += [
    ('loop_ipv4_tcp', 'LOOP', 'OpenBSD loopback AF_INET (2, big-endian), IPv4 TCP 127.0.0.1:40000 > :80', struct.pack('!I', 2) + V4T),
    ('loop_ipv6_24_udp', 'LOOP', 'loopback AF 24 (NetBSD/OpenBSD AF_INET6), IPv6 UDP ::1:1000 > ::1:53', struct.pack('!I', 24) + V6U),
    ('loop_ipv6_28_udp', 'LOOP', 'loopback AF 28 (FreeBSD AF_INET6), IPv6 UDP', struct.pack('!I', 28) + V6U),
    ('loop_ipv6_30_udp', 'LOOP', 'loopback AF 30 (Darwin AF_INET6), IPv6 UDP', struct.pack('!I', 30) + V6U),
    ('loop_af_le', 'LOOP', 'loopback AF_INET written little-endian (wrong for LOOP), IPv4 TCP', struct.pack('<I', 2) + V4T),
    ('null_ipv4_tcp', 'NULL', 'BSD loopback AF_INET (little-endian), IPv4 TCP 127.0.0.1:40000 > :80', struct.pack('<I', 2) + V4T),
    ('null_ipv6_24_udp', 'NULL', 'BSD loopback AF 24 (little-endian), IPv6 UDP ::1:1000 > ::1:53', struct.pack('<I', 24) + V6U),
    ('null_ipv6_28_udp', 'NULL', 'BSD loopback AF 28 (little-endian), IPv6 UDP', struct.pack('<I', 28) + V6U),
    ('null_ipv6_30_udp', 'NULL', 'BSD loopback AF 30 (little-endian), IPv6 UDP', struct.pack('<I', 30) + V6U),
    ('null_ipv4_be', 'NULL', 'BSD loopback AF_INET written big-endian (wrong byte order here), IPv4 TCP', struct.pack('!I', 2) + V4T),
    ('null_af_other', 'NULL', 'BSD loopback AF 7 (neither IPv4 nor IPv6)', struct.pack('<I', 7) + b'\0' * 24),
]

# --- IPV4 link type: the ICMP zoo and friends (no link header at all).
ICMP_TYPES = [
    ('echoreply', 0, 0), ('unreach_host', 3, 1), ('sourcequench', 4, 0), ('routeradvert', 9, 0),
    ('routersolicit', 10, 0), ('paramprob', 12, 0), ('tstamp', 13, 0), ('tstampreply', 14, 0),
    ('ireq', 15, 0), ('ireqreply', 16, 0), ('maskreq', 17, 0), ('maskreply', 18, 0),
]
packets += [(f'ipv4_icmp_{n}', 'IPV4', f'IPv4 ICMP type {t} code {c} 10.0.0.2 > 10.0.0.1',
             ipv4('10.0.0.2', '10.0.0.1', 1, icmp(t, c, b'\0' * 12))) for n, t, c in ICMP_TYPES]
packets += [
    ('ipv4_echo_big', 'IPV4', 'IPv4 ICMP echo request 10.0.0.1 > 10.0.0.2, 1000 bytes',
     ipv4('10.0.0.1', '10.0.0.2', 1, icmp(8, 0, b'\x5a' * 972))),
    ('ipv4_igmp_query', 'IPV4', 'IPv4 IGMPv2 general query 10.0.0.254 > 224.0.0.1',
     ipv4('10.0.0.254', '224.0.0.1', 2, b'\x11\x64\x00\x00' + ip4('0.0.0.0'), ttl=1)),
    ('ipv4_igmp_v3_report', 'IPV4', 'IPv4 IGMPv3 report 10.0.0.1 > 224.0.0.22',
     ipv4('10.0.0.1', '224.0.0.22', 2, b'\x22\x00\x00\x00\x00\x00\x00\x01\x04\x00\x00\x00' + ip4('239.1.1.1'), ttl=1)),
    ('ipv4_tcp_syn_ack', 'IPV4', 'IPv4 TCP 10.0.0.2:443 > 10.0.0.1:50000 SYN|ACK',
     tcp4('10.0.0.2', '10.0.0.1', 443, 50000, SYN | ACK)),
    ('ipv4_udp_ntp', 'IPV4', 'IPv4 UDP 10.0.0.1:123 > 10.0.0.2:123',
     udp4('10.0.0.1', '10.0.0.2', 123, 123, b'\0' * 48)),
    ('ipv4_not_ip', 'IPV4', 'an "IPV4" packet whose version nibble is 6 (libpcap does not look)',
     ipv6('2001:db8::1', '2001:db8::2', 59, b'')),
    ('ipv4_cut_before_proto', 'IPV4', 'an IPv4 header cut after 8 bytes, before its protocol field',
     ipv4('10.0.0.1', '10.0.0.2', 2, b'')[:8]),
]

# --- IPV6 link type: ICMPv6 (ND, MLD, echo) and extension headers.
ICMP6_TYPES = [
    ('echo_reply', 129, b'\0' * 4), ('router_solicit', 133, b'\0' * 4), ('router_advert', 134, b'\x40\x00\x07\x08' + b'\0' * 8),
    ('neighbor_solicit', 135, b'\0' * 4 + ip6('fe80::2')), ('neighbor_advert', 136, b'\x60\0\0\0' + ip6('fe80::2')),
    ('mld_query', 130, b'\x00\x0a\x00\x00' + b'\0' * 16), ('mld_report', 131, b'\0' * 4 + ip6('ff02::fb')),
    ('mld2_report', 143, b'\x00\x00\x00\x01\x04\x00\x00\x00' + ip6('ff05::2')),
]
packets += [(f'ipv6_icmp6_{n}', 'IPV6', f'IPv6 ICMPv6 type {t} fe80::1 > ff02::1',
             ipv6('fe80::1', 'ff02::1', 58, icmp6(t, 0, body), hlim=255)) for n, t, body in ICMP6_TYPES]
packets += [
    ('ipv6_hbh_mld2', 'IPV6', 'IPv6 hop-by-hop (router alert) then MLDv2 report fe80::1 > ff02::16',
     ipv6('fe80::1', 'ff02::16', 0, bytes([58, 0, 5, 2, 0, 0, 1, 0]) + icmp6(143, 0, b'\x00\x00\x00\x00'), hlim=1)),
    ('ipv6_tcp_80', 'IPV6', 'IPv6 TCP 2001:db8::1:40000 > 2001:db8:1::2:80 (ACK, payload)',
     ipv6('2001:db8::1', '2001:db8:1::2', 6, tcp(40000, 80, PSH | ACK, b'GET /'))),
    ('ipv6_frag_icmp6', 'IPV6', 'IPv6 fragment header (first fragment) then ICMPv6 echo',
     ipv6('2001:db8::1', '2001:db8::2', 44, frag6(58, 0, True) + icmp6(128, 0, b'\0\1\0\1') + b'\0' * 16)),
    ('ipv6_routing_udp', 'IPV6', 'IPv6 routing header then UDP 2001:db8::1:1000 > 2001:db8::2:53',
     ipv6('2001:db8::1', '2001:db8::2', 43, ext6(17) + udp(1000, 53, b'\0' * 8))),
    ('ipv6_esp', 'IPV6', 'IPv6 ESP (50)', ipv6('2001:db8::1', '2001:db8::2', 50, struct.pack('!II', 0x300, 1) + b'\0' * 16)),
    ('ipv6_cut_in_ext', 'IPV6', 'IPv6 with a destination options header cut in the middle',
     ipv6('2001:db8::1', '2001:db8::2', 60, ext6(6))[:43]),
]

# --- PPP (DLT_PPP): address ff, control 03, 2-byte protocol.
def ppp(proto, payload): return b'\xff\x03' + struct.pack('!H', proto) + payload
packets += [
    ('ppp_ipv4_tcp', 'PPP', 'PPP IPv4 (0x0021) TCP 10.0.0.1:12345 > 10.0.0.2:80', ppp(0x0021, tcp4('10.0.0.1', '10.0.0.2', 12345, 80, SYN))),
    ('ppp_ipv6_udp', 'PPP', 'PPP IPv6 (0x0057) UDP 2001:db8::1:1000 > 2001:db8::2:53', ppp(0x0057, V6U.replace(ip6('::1'), ip6('2001:db8::1'), 1))),
    ('ppp_mpls_ipv4', 'PPP', 'PPP MPLS unicast (0x0281) label 500 then IPv4 UDP 10.0.0.1:1000 > 10.0.0.2:53', ppp(0x0281, mpls(500, udp4('10.0.0.1', '10.0.0.2', 1000, 53)))),
    ('ppp_lcp', 'PPP', 'PPP LCP (0xc021) configure request', ppp(0xc021, b'\x01\x01\x00\x04')),
    ('ppp_ipcp', 'PPP', 'PPP IPCP (0x8021)', ppp(0x8021, b'\x01\x01\x00\x04')),
]

# --- 802.11: frame control (subtype << 4 | type << 2, flags), duration,
# addresses, sequence control. Data frame address roles depend on ToDS/FromDS.
AP = mac('02:aa:aa:aa:aa:01')      # BSSID
STA = mac('02:bb:bb:bb:bb:02')     # a station
HOST = mac('02:cc:cc:cc:cc:03')    # a host behind the distribution system
AP2 = mac('02:dd:dd:dd:dd:04')     # the other end of a WDS link
MGT, CTL, DATA = 0, 1, 2

def wlan_hdr(ftype, subtype, flags, *addrs, qos=False):
    h = bytes([(subtype << 4) | (ftype << 2), flags]) + b'\x00\x00' + addrs[0]
    if len(addrs) > 1:
        h += addrs[1]
    if len(addrs) > 2:
        h += addrs[2] + b'\x10\x00' + (addrs[3] if len(addrs) > 3 else b'')
    if qos:
        h += b'\x00\x00'
    return h

LLC_IP = b'\xaa\xaa\x03\x00\x00\x00\x08\x00'
LLC_IP6 = b'\xaa\xaa\x03\x00\x00\x00\x86\xdd'
LLC_ARP = b'\xaa\xaa\x03\x00\x00\x00\x08\x06'

W_BEACON = wlan_hdr(MGT, 8, 0, BCAST, AP, AP) + b'\0' * 8 + b'\x64\x00\x01\x04' + b'\x00\x04test'
W_PROBE_REQ = wlan_hdr(MGT, 4, 0, BCAST, STA, BCAST) + b'\x00\x00\x01\x04\x82\x84\x8b\x96'
W_PROBE_RESP = wlan_hdr(MGT, 5, 0, STA, AP, AP) + b'\0' * 8 + b'\x64\x00\x01\x04\x00\x04test'
W_DEAUTH = wlan_hdr(MGT, 12, 0, STA, AP, AP) + b'\x07\x00'
W_ASSOC_REQ = wlan_hdr(MGT, 0, 0, AP, STA, AP) + b'\x01\x04\x0a\x00\x00\x04test'
W_TODS_UDP = wlan_hdr(DATA, 0, 0x01, AP, STA, HOST) + LLC_IP + udp4('10.0.0.5', '10.0.0.6', 1000, 53)
W_FROMDS_TCP = wlan_hdr(DATA, 0, 0x02, STA, AP, HOST) + LLC_IP + tcp4('10.0.0.6', '10.0.0.5', 80, 40000, SYN | ACK)
W_NODS_ARP = wlan_hdr(DATA, 0, 0x00, BCAST, STA, AP) + LLC_ARP + arp(1, STA, '10.0.0.5', b'\0' * 6, '10.0.0.1')
W_WDS_IPV6 = wlan_hdr(DATA, 0, 0x03, AP2, AP, HOST, STA) + LLC_IP6 + ipv6('2001:db8::5', '2001:db8::6', 6, tcp(40000, 22, SYN))
W_QOS_TODS_TCP = wlan_hdr(DATA, 8, 0x01, AP, STA, HOST, qos=True) + LLC_IP + tcp4('10.0.0.5', '10.0.0.6', 40000, 443, SYN)
W_NULL = wlan_hdr(DATA, 4, 0x11, AP, STA, AP)
W_ACK = wlan_hdr(CTL, 13, 0, STA)
W_RTS = wlan_hdr(CTL, 11, 0, AP, STA)
W_CTS = wlan_hdr(CTL, 12, 0, STA)
W_PROTECTED = wlan_hdr(DATA, 0, 0x41, AP, STA, HOST) + b'\0' * 24

W11 = 'IEEE802_11'
packets += [
    ('wlan_beacon', W11, '802.11 beacon from BSSID 02:aa:aa:aa:aa:01 to broadcast', W_BEACON),
    ('wlan_probe_req', W11, '802.11 probe request from station 02:bb:bb:bb:bb:02 to broadcast', W_PROBE_REQ),
    ('wlan_probe_resp', W11, '802.11 probe response AP > station', W_PROBE_RESP),
    ('wlan_deauth', W11, '802.11 deauthentication AP > station, reason 7', W_DEAUTH),
    ('wlan_assoc_req', W11, '802.11 association request station > AP', W_ASSOC_REQ),
    ('wlan_data_tods_udp', W11, '802.11 data ToDS: RA=BSSID, SA=station, DA=host; IPv4 UDP 10.0.0.5:1000 > 10.0.0.6:53', W_TODS_UDP),
    ('wlan_data_fromds_tcp', W11, '802.11 data FromDS: DA=station, BSSID, SA=host; IPv4 TCP 10.0.0.6:80 > 10.0.0.5:40000', W_FROMDS_TCP),
    ('wlan_data_nods_arp', W11, '802.11 data no DS bits: DA=broadcast, SA=station, BSSID; ARP request', W_NODS_ARP),
    ('wlan_data_wds_ipv6', W11, '802.11 data ToDS|FromDS (WDS): RA, TA, DA=host, SA=station; IPv6 TCP :40000 > :22', W_WDS_IPV6),
    ('wlan_qos_tods_tcp', W11, '802.11 QoS data ToDS (26-byte header): IPv4 TCP 10.0.0.5:40000 > 10.0.0.6:443', W_QOS_TODS_TCP),
    ('wlan_null_tods', W11, '802.11 null data ToDS with power management', W_NULL),
    ('wlan_ack', W11, '802.11 ACK to station (control, one address)', W_ACK),
    ('wlan_rts', W11, '802.11 RTS station > AP', W_RTS),
    ('wlan_cts', W11, '802.11 CTS to station', W_CTS),
    ('wlan_protected', W11, '802.11 protected data ToDS (WEP bit)', W_PROTECTED),
    ('wlan_cut_fc', W11, '802.11 frame cut after 1 byte (inside the frame control)', W_TODS_UDP[:1]),
    ('wlan_cut_addr2', W11, '802.11 data cut after 13 bytes (inside addr2)', W_TODS_UDP[:13]),
]

# --- radiotap (little-endian): version, pad, length, present bitmap(s), fields.
def radiotap(fields, present, frame):
    hdr_len = 4 + 4 * len(present) + len(fields)
    return struct.pack('<BBH', 0, 0, hdr_len) + b''.join(struct.pack('<I', p) for p in present) + fields + frame

RT_MIN = lambda f: radiotap(b'', [0], f)
# flags + rate, then 2 bytes of padding so that the header (12 bytes) keeps
# the 802.11 header 4-byte aligned: libpcap pads the absolute offset.
RT_FLAGS = lambda flags, f: radiotap(bytes([flags, 0x02, 0, 0]), [0x06], f)
RT_FULL = lambda f: radiotap(struct.pack('<QBBHH', 123456789, 0x00, 0x0c, 2437, 0x00a0) + b'\xc4\x00',
                             [0x0000002f], f)  # TSFT, flags, rate, channel, antenna signal (+pad)
RT_EXT = lambda f: radiotap(b'\x00\x02', [0x80000006, 0x00000000], f)            # two present words
# Data padding (flags 0x20): the 802.11 header is padded to a multiple of 4.
QOS_PADDED = W_QOS_TODS_TCP[:26] + b'\0\0' + W_QOS_TODS_TCP[26:]

RT = 'IEEE802_11_RADIO'
packets += [
    ('rt_min_beacon', RT, 'radiotap (8 bytes, nothing present), 802.11 beacon', RT_MIN(W_BEACON)),
    ('rt_full_probe_req', RT, 'radiotap (24 bytes: TSFT, flags, rate, channel, signal), probe request', RT_FULL(W_PROBE_REQ)),
    ('rt_flags_deauth', RT, 'radiotap (12 bytes: flags, rate, padding), deauthentication', RT_FLAGS(0, W_DEAUTH)),
    ('rt_ext_tods_udp', RT, 'radiotap with two present words (14 bytes), data ToDS IPv4 UDP', RT_EXT(W_TODS_UDP)),
    ('rt_full_fromds_tcp', RT, 'radiotap (24 bytes), data FromDS IPv4 TCP', RT_FULL(W_FROMDS_TCP)),
    ('rt_min_wds_ipv6', RT, 'radiotap (8 bytes), data WDS IPv6 TCP', RT_MIN(W_WDS_IPV6)),
    ('rt_flags_qos_tcp', RT, 'radiotap (flags 0), QoS data ToDS IPv4 TCP to port 443', RT_FLAGS(0, W_QOS_TODS_TCP)),
    ('rt_datapad_qos_tcp', RT, 'radiotap flags 0x20 (data pad), QoS data ToDS padded to 28 bytes, IPv4 TCP to port 443', RT_FLAGS(0x20, QOS_PADDED)),
    ('rt_min_ack', RT, 'radiotap (8 bytes), ACK', RT_MIN(W_ACK)),
    ('rt_min_nods_arp', RT, 'radiotap (8 bytes), data no DS ARP', RT_MIN(W_NODS_ARP)),
    ('rt_cut_header', RT, 'radiotap header cut after 3 bytes (inside the length)', RT_FULL(W_BEACON)[:3]),
    ('rt_cut_frame', RT, 'radiotap (24 bytes) then 802.11 cut after 1 byte', RT_FULL(W_BEACON)[:25]),
]


# ---------------------------------------------------------------------------
# Link types of libpcap's development version (issue 11): a few frames each.
# ---------------------------------------------------------------------------

IP_A = ipv4('10.0.0.1', '10.0.0.2', 6, tcp(12345, 80, SYN))
IP_B = ipv4('192.168.1.7', '224.0.0.5', 17, udp(520, 520, b'\0' * 8))
ARP_A = arp(1, A, '10.0.0.1', b'\0' * 6, '10.0.0.2')
LLC_SNAP_IP = lambda payload: snap(b'\0\0\0', 0x0800, payload)

def fddi(dst, src, body): return b'\x50' + dst + src + body
def token_ring(dst, src, body): return b'\x10\x40' + dst + src + body
def ipfc(dst, src, body): return b'\0\0' + dst + b'\0\0' + src + body
def pflog(af, action, reason, ifname, rulenr, direction, payload):
    hdr = struct.pack('!BBBB16s16sII', 61, af, action, reason, ifname.encode(), b'', rulenr, 0)
    hdr += b'\0' * (60 - len(hdr)) + bytes([direction]) + b'\0' * 3
    return hdr + payload
def mtp2(li, sio, dpc, opc, sls):
    label = (sls << 28) | (opc << 14) | dpc
    return b'\x80\x80' + bytes([li, sio]) + struct.pack('<I', label) + b'\0' * 8
def sunatm(flags, vpi, vci, payload): return bytes([flags, vpi]) + struct.pack('!H', vci) + payload
def brcm(dst, src, tag, etype, payload): return dst + src + tag + struct.pack('!H', etype) + payload
def mstp(ftype, dst, src, payload=b''):
    return b'\x55\xff' + bytes([ftype, dst, src]) + struct.pack('!H', len(payload)) + b'\0' + payload

packets += [
    ('fddi_ip_tcp', 'FDDI', 'FDDI, LLC/SNAP, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80',
     fddi(B, A, LLC_SNAP_IP(IP_A))),
    ('fddi_arp', 'FDDI', 'FDDI broadcast, LLC/SNAP, ARP who-has 10.0.0.2',
     fddi(BCAST, A, snap(b'\0\0\0', 0x0806, ARP_A))),
    ('tr_ip_udp', 'IEEE802', 'token ring, LLC/SNAP, IPv4 UDP 192.168.1.7 > 224.0.0.5:520',
     token_ring(mac('01:00:5e:00:00:05'), B, LLC_SNAP_IP(IP_B))),
    ('ipfc_ip_tcp', 'IP_OVER_FC', 'IP over Fibre Channel, LLC/SNAP, IPv4 TCP SYN',
     ipfc(B, A, LLC_SNAP_IP(IP_A))),
    ('pflog_pass_tcp', 'PFLOG', 'pflog: pass, match, on em0, rule 7, in; IPv4 TCP SYN',
     pflog(2, 0, 0, 'em0', 7, 1, IP_A)),
    ('pflog_block_udp', 'PFLOG', 'pflog: block, short, on em1, rule 3, out; IPv4 UDP',
     pflog(2, 1, 3, 'em1', 3, 2, IP_B)),
    ('mtp2_fisu', 'MTP2', 'MTP2 fill-in signal unit (LI 0)', mtp2(0, 0, 0, 0, 0)),
    ('mtp2_lssu', 'MTP2', 'MTP2 link status signal unit (LI 1)', mtp2(1, 0, 0, 0, 0)),
    ('mtp2_msu', 'MTP2', 'MTP2 message signal unit: SIO 0x83, DPC 100, OPC 200, SLS 5',
     mtp2(20, 0x83, 100, 200, 5)),
    ('sunatm_llc_ip', 'SUNATM', 'SunATM VPI 0 VCI 32, LLC/SNAP IPv4 TCP', sunatm(0x02, 0, 32, LLC_SNAP_IP(IP_A))),
    ('sunatm_oam_f4', 'SUNATM', 'SunATM VPI 0 VCI 4 (OAM F4 end-to-end)', sunatm(0x00, 0, 4, b'\0' * 48)),
    ('sunatm_signalling_setup', 'SUNATM', 'SunATM VPI 0 VCI 5, Q.2931 SETUP',
     sunatm(0x00, 0, 5, b'\x09\x03\x00\x00\x01\x05' + b'\0' * 10)),
    ('sunatm_lane_ip', 'SUNATM', 'SunATM LANE (LECID 1), Ethernet, IPv4 TCP',
     sunatm(0x01, 1, 100, b'\x00\x01' + eth(B, A, 0x0800, IP_A))),
    ('brcm_ip_tcp', 'DSA_TAG_BRCM', 'Broadcom tag (from the CPU), IPv4 TCP SYN',
     brcm(B, A, b'\x20\x00\x00\x01', 0x0800, IP_A)),
    ('dsa_arp', 'DSA_TAG_DSA', 'Marvell DSA tag (forward), ARP', brcm(BCAST, A, b'\xc0\x00\x00\x00', 0x0806, ARP_A)),
    ('netanalyzer_ip_udp', 'NETANALYZER', 'netANALYZER header, Ethernet, IPv4 UDP',
     b'\0' * 4 + eth(mac('01:00:5e:00:00:05'), B, 0x0800, IP_B)),
    ('arcnet_ip', 'ARCNET', 'ARCnet 0x0e > 0x01, RFC 1201 IP',
     bytes([0x0e, 0x01, 0xd4, 0, 0, 0]) + IP_A),
    ('arcnet_arp_bcast', 'ARCNET', 'ARCnet 0x0e > broadcast, RFC 1201 ARP',
     bytes([0x0e, 0x00, 0xd5, 0, 0, 0]) + ARP_A),
    ('mstp_token', 'BACNET_MS_TP', 'BACnet MS/TP token 5 > 6', mstp(0, 6, 5)),
    ('mstp_bcast', 'BACNET_MS_TP', 'BACnet MS/TP data to everyone from 5', mstp(5, 0xff, 5, b'\x01\x20')),
]



# ---------------------------------------------------------------------------
# Every other link type libpcap's development version compiles filters for
# (scripts/case_exprs.txt, @file linktypes2): a realistic link header with an
# IPv4/IPv6/ARP payload where the link type carries one, and a frame cut short.
# ---------------------------------------------------------------------------

IP6_U = ipv6('2001:db8::1', '2001:db8::2', 17, udp(1000, 53, b'\0' * 8))
ARP_R = arp(2, B, '10.0.0.2', A, '10.0.0.1')

# SLIP: a 16-byte header, its first byte the direction (0 received, 1 sent),
# then the packet's compressed-header bytes. BSD/OS SLIP: 24 bytes.
def slip(direction, payload): return bytes([direction, 0]) + b'\0' * 14 + payload
packets += [
    ('slip_in_tcp', 'SLIP', 'SLIP received, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', slip(0, IP_A)),
    ('slip_out_ipv6', 'SLIP', 'SLIP sent, IPv6 UDP 2001:db8::1 > 2001:db8::2:53', slip(1, IP6_U)),
    ('slip_ip_first', 'SLIP', 'SLIP header whose first byte is 0x45 (as if IPv4), then IPv4 UDP', b'\x45' + slip(0, IP_B)[1:]),
    ('slip_short', 'SLIP', 'SLIP header cut after 10 bytes', slip(0, IP_A)[:10]),
    ('slip_bsdos_tcp', 'SLIP_BSDOS', 'BSD/OS SLIP (24-byte header), IPv4 TCP SYN', b'\0' * 24 + IP_A),
    ('slip_bsdos_udp', 'SLIP_BSDOS', 'BSD/OS SLIP (24-byte header), IPv4 UDP 192.168.1.7 > 224.0.0.5', b'\x01' + b'\0' * 23 + IP_B),
    ('slip_bsdos_short', 'SLIP_BSDOS', 'BSD/OS SLIP header cut after 20 bytes', b'\0' * 20),
]

# PPP flavours: HDLC-like framing (PPP_SERIAL), pppd's direction byte in
# place of the address (PPP_PPPD), a PPPoE session header (PPP_ETHER),
# BSD/OS's 24-byte header with the protocol at 5 (PPP_BSDOS).
def pppd(direction, proto, payload): return bytes([direction, 0x03]) + struct.pack('!H', proto) + payload
def pppoe_ppp(proto, payload): return pppoe(0, 0x1234, struct.pack('!H', proto) + payload)
def ppp_bsdos(proto, payload): return b'\x01\0\0\0\0' + struct.pack('!H', proto) + b'\0' * 17 + payload
packets += [
    ('pppser_ipv4_tcp', 'PPP_SERIAL', 'PPP in HDLC framing, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', ppp(0x0021, IP_A)),
    ('pppser_ipv6_udp', 'PPP_SERIAL', 'PPP in HDLC framing, IPv6 UDP', ppp(0x0057, IP6_U)),
    ('pppser_lcp', 'PPP_SERIAL', 'PPP in HDLC framing, LCP', ppp(0xc021, b'\x01\x01\x00\x04')),
    ('pppser_short', 'PPP_SERIAL', 'PPP cut after 3 bytes (inside the protocol)', ppp(0x0021, IP_A)[:3]),
    ('pppd_in_ipv4', 'PPP_PPPD', 'pppd, received (direction 0), IPv4 TCP SYN', pppd(0, 0x0021, IP_A)),
    ('pppd_out_ipv6', 'PPP_PPPD', 'pppd, sent (direction 1), IPv6 UDP', pppd(1, 0x0057, IP6_U)),
    ('pppd_out_ipcp', 'PPP_PPPD', 'pppd, sent, IPCP', pppd(1, 0x8021, b'\x01\x01\x00\x04')),
    ('pppd_short', 'PPP_PPPD', 'pppd frame of 1 byte', b'\x00'),
    ('pppeth_ipv4_udp', 'PPP_ETHER', 'PPPoE session 0x1234, IPv4 UDP 192.168.1.7 > 224.0.0.5:520', pppoe_ppp(0x0021, IP_B)),
    ('pppeth_ipv6', 'PPP_ETHER', 'PPPoE session 0x1234, IPv6 UDP', pppoe_ppp(0x0057, IP6_U)),
    ('pppeth_lcp', 'PPP_ETHER', 'PPPoE session 0x1234, LCP', pppoe_ppp(0xc021, b'\x09\x01\x00\x04')),
    ('pppeth_short', 'PPP_ETHER', 'PPPoE session header cut after 7 bytes', pppoe_ppp(0x0021, IP_B)[:7]),
    ('pppbsd_ipv4', 'PPP_BSDOS', 'BSD/OS PPP, IPv4 TCP SYN', ppp_bsdos(0x0021, IP_A)),
    ('pppbsd_vjc', 'PPP_BSDOS', 'BSD/OS PPP, Van Jacobson compressed TCP (0x002d)', ppp_bsdos(0x002d, b'\x20' * 20)),
    ('pppbsd_ipv6', 'PPP_BSDOS', 'BSD/OS PPP, IPv6 UDP', ppp_bsdos(0x0057, IP6_U)),
    ('pppbsd_short', 'PPP_BSDOS', 'BSD/OS PPP header cut after 6 bytes', ppp_bsdos(0x0021, IP_A)[:6]),
]

# Cisco HDLC: address (0x0f unicast, 0x8f broadcast), control, EtherType.
def chdlc(addr, etype, payload): return bytes([addr, 0]) + struct.pack('!H', etype) + payload
packets += [
    ('chdlc_ipv4_tcp', 'C_HDLC', 'Cisco HDLC unicast, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', chdlc(0x0f, 0x0800, IP_A)),
    ('chdlc_ipv6_udp', 'C_HDLC', 'Cisco HDLC unicast, IPv6 UDP', chdlc(0x0f, 0x86dd, IP6_U)),
    ('chdlc_slarp', 'C_HDLC', 'Cisco HDLC broadcast, SLARP keepalive (0x8035)', chdlc(0x8f, 0x8035, b'\0\0\0\2' + b'\0' * 14)),
    ('chdlc_mpls', 'C_HDLC', 'Cisco HDLC, MPLS label 100 then IPv4 UDP', chdlc(0x0f, 0x8847, mpls(100, IP_B))),
    ('chdlc_clns', 'C_HDLC', 'Cisco HDLC, OSI CLNS (0xfefe)', chdlc(0x0f, 0xfefe, b'\x83\x1b\x01\x00\x10' + b'\0' * 20)),
    ('chdlc_short', 'C_HDLC', 'Cisco HDLC cut after 3 bytes', chdlc(0x0f, 0x0800, IP_A)[:3]),
]

# Frame Relay (Q.922 address, UI control 0x03, NLPID).
def frelay(dlci, nlpid, payload):
    return struct.pack('!H', ((dlci >> 4) << 10) | ((dlci & 0xf) << 4) | 1) + bytes([0x03, nlpid]) + payload
packets += [
    ('fr_ipv4_tcp', 'FRELAY', 'Frame Relay DLCI 100, NLPID IP (0xcc), IPv4 TCP SYN', frelay(100, 0xcc, IP_A)),
    ('fr_ipv6', 'FRELAY', 'Frame Relay DLCI 100, NLPID IPv6 (0x8e), IPv6 UDP', frelay(100, 0x8e, IP6_U)),
    ('fr_clnp', 'FRELAY', 'Frame Relay DLCI 200, NLPID CLNP (0x81)', frelay(200, 0x81, b'\x81\x1c\x01\x00\x1c' + b'\0' * 20)),
    ('fr_snap_arp', 'FRELAY', 'Frame Relay DLCI 200, SNAP (pad 0, NLPID 0x80), ARP', frelay(200, 0x00, b'\x80\0\0\0\x08\x06' + ARP_A)),
    ('fr_short', 'FRELAY', 'Frame Relay cut after 3 bytes', frelay(100, 0xcc, IP_A)[:3]),
]

# ATM with LLC/SNAP only: RFC 1483 and Linux Classical IP over ATM.
for lt, pre in (('ATM_RFC1483', 'atm1483'), ('ATM_CLIP', 'atmclip')):
    packets += [
        (f'{pre}_ipv4_tcp', lt, 'LLC/SNAP, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', LLC_SNAP_IP(IP_A)),
        (f'{pre}_ipv6', lt, 'LLC/SNAP, IPv6 UDP', snap(b'\0\0\0', 0x86dd, IP6_U)),
        (f'{pre}_arp', lt, 'LLC/SNAP, ARP reply', snap(b'\0\0\0', 0x0806, ARP_R)),
        (f'{pre}_isis', lt, 'LLC fe fe 03, IS-IS hello', llc(0xfe, 0xfe, 0x03, bytes([0x83, 27, 1, 0, 15, 1, 0, 0]) + b'\0' * 20)),
        (f'{pre}_short', lt, 'LLC/SNAP cut after 5 bytes', LLC_SNAP_IP(IP_A)[:5]),
    ]

# Symantec Firewall: a 44-byte header, the EtherType at 6.
def symantec(etype, payload): return b'\0' * 6 + struct.pack('!H', etype) + b'\0' * 36 + payload
packets += [
    ('symantec_ipv4', 'SYMANTEC_FIREWALL', 'Symantec Firewall header, IPv4 TCP SYN', symantec(0x0800, IP_A)),
    ('symantec_arp', 'SYMANTEC_FIREWALL', 'Symantec Firewall header, ARP request', symantec(0x0806, ARP_A)),
    ('symantec_ipv6', 'SYMANTEC_FIREWALL', 'Symantec Firewall header, IPv6 UDP', symantec(0x86dd, IP6_U)),
    ('symantec_short', 'SYMANTEC_FIREWALL', 'Symantec Firewall header cut after 30 bytes', symantec(0x0800, IP_A)[:30]),
]

# OpenBSD enc: address family (host byte order), SPI, flags; 12 bytes.
def enc(af, payload, order='<'): return struct.pack(order + 'I', af) + struct.pack('!II', 0x1001, 0) + payload
packets += [
    ('enc_ipv4_tcp', 'ENC', 'enc, AF_INET little-endian, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', enc(2, IP_A)),
    ('enc_ipv4_be_udp', 'ENC', 'enc, AF_INET big-endian, IPv4 UDP 192.168.1.7 > 224.0.0.5', enc(2, IP_B, '>')),
    ('enc_ipv6', 'ENC', 'enc, AF_INET6 (24, OpenBSD), IPv6 UDP', enc(24, IP6_U)),
    ('enc_short', 'ENC', 'enc header cut after 2 bytes', enc(2, IP_A)[:2]),
]

# LocalTalk LLAP: destination, source, type (1 short DDP, 2 long DDP).
packets += [
    ('ltalk_ddp_long', 'LTALK', 'LLAP 0x20 > 0x10, long DDP', bytes([0x20, 0x10, 0x02]) + b'\x00\x14' + b'\0' * 18),
    ('ltalk_ddp_short', 'LTALK', 'LLAP broadcast from 0x10, short DDP', bytes([0xff, 0x10, 0x01]) + b'\x00\x0a' + b'\0' * 8),
    ('ltalk_short', 'LTALK', 'LLAP header cut after 2 bytes', bytes([0x20, 0x10])),
]

# Linux ARCnet: source, destination, 2 bytes of offset, then the RFC 1201
# system code (the link type) at 4 and the payload at 8.
def arcnet_linux(src, dst, code, payload): return bytes([src, dst, 0, 0, code, 0, 0, 0]) + payload
packets += [
    ('arclinux_ip', 'ARCNET_LINUX', 'Linux ARCnet 0x0e > 0x01, IPv4 TCP SYN', arcnet_linux(0x0e, 0x01, 0xd4, IP_A)),
    ('arclinux_arp_bcast', 'ARCNET_LINUX', 'Linux ARCnet 0x0e > broadcast, ARP request', arcnet_linux(0x0e, 0x00, 0xd5, ARP_A)),
    ('arclinux_ipv6', 'ARCNET_LINUX', 'Linux ARCnet 0x01 > 0x0e, IPv6 UDP', arcnet_linux(0x01, 0x0e, 0xc4, IP6_U)),
    ('arclinux_short', 'ARCNET_LINUX', 'Linux ARCnet header cut after 4 bytes', arcnet_linux(0x0e, 0x01, 0xd4, IP_A)[:4]),
]

# Apple IP over IEEE 1394: destination and source EUI-64s, an EtherType.
EUI_A, EUI_B = bytes.fromhex('0011223344556677'), bytes.fromhex('8899aabbccddeeff')
def fw(dst, src, etype, payload): return dst + src + struct.pack('!H', etype) + payload
packets += [
    ('fw_ipv4', 'APPLE_IP_OVER_IEEE1394', 'IP over FireWire, IPv4 TCP SYN', fw(EUI_B, EUI_A, 0x0800, IP_A)),
    ('fw_arp', 'APPLE_IP_OVER_IEEE1394', 'IP over FireWire, ARP request', fw(b'\xff' * 8, EUI_A, 0x0806, ARP_A)),
    ('fw_ipv6', 'APPLE_IP_OVER_IEEE1394', 'IP over FireWire, IPv6 UDP', fw(EUI_B, EUI_A, 0x86dd, IP6_U)),
    ('fw_short', 'APPLE_IP_OVER_IEEE1394', 'IP over FireWire cut after 17 bytes', fw(EUI_B, EUI_A, 0x0800, IP_A)[:17]),
]

# Solaris ipnet: version, family (2 AF_INET, 26 AF_INET6), type (1 outbound,
# 2 inbound, 3 local), length, interface indexes, zones; 24 bytes.
def ipnet(family, htype, payload):
    return struct.pack('!BBHIIIII', 1, family, htype, len(payload), 2, 0, 0, 0) + payload
packets += [
    ('ipnet_in_ipv4', 'IPNET', 'ipnet inbound, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80', ipnet(2, 2, IP_A)),
    ('ipnet_out_ipv6', 'IPNET', 'ipnet outbound, IPv6 UDP', ipnet(26, 1, IP6_U)),
    ('ipnet_local_ipv4', 'IPNET', 'ipnet local, IPv4 UDP 192.168.1.7 > 224.0.0.5', ipnet(2, 3, IP_B)),
    ('ipnet_short', 'IPNET', 'ipnet header cut after 2 bytes', ipnet(2, 2, IP_A)[:2]),
]

# netANALYZER transparent mode: 4-byte header, preamble and SFD, Ethernet.
def netan_t(frame): return b'\0\0\0\0' + b'\x55' * 7 + b'\xd5' + frame
packets += [
    ('netant_tcp', 'NETANALYZER_TRANSPARENT', 'netANALYZER transparent, Ethernet, IPv4 TCP SYN', netan_t(eth(B, A, 0x0800, IP_A))),
    ('netant_arp', 'NETANALYZER_TRANSPARENT', 'netANALYZER transparent, Ethernet broadcast, ARP request', netan_t(eth(BCAST, A, 0x0806, ARP_A))),
    ('netant_vlan_ipv6', 'NETANALYZER_TRANSPARENT', 'netANALYZER transparent, 802.1Q VLAN 100, IPv6 UDP', netan_t(eth(B, A, 0x8100, vlan(100, 0x86dd, IP6_U)))),
    ('netant_short', 'NETANALYZER_TRANSPARENT', 'netANALYZER transparent cut inside the preamble', netan_t(b'')[:9]),
]

# 802.11 behind a Prism header (144 bytes, message code 0x41), an AVS
# header (magic 0x80211001, big-endian length 64), or PPI (little-endian
# length, DLT 105 for 802.11).
def prism(frame): return struct.pack('<II', 0x41, 144) + b'wlan0'.ljust(16, b'\0') + b'\0' * 120 + frame
def avs(frame): return struct.pack('!II', 0x80211001, 64) + b'\0' * 56 + frame
def ppi(frame, dlt=105): return struct.pack('<BBHI', 0, 0, 8, dlt) + frame
for lt, pre, hdr in (('PRISM_HEADER', 'prism', prism), ('IEEE802_11_RADIO_AVS', 'avs', avs), ('PPI', 'ppi', ppi)):
    packets += [
        (f'{pre}_beacon', lt, '802.11 beacon from BSSID 02:aa:aa:aa:aa:01', hdr(W_BEACON)),
        (f'{pre}_tods_udp', lt, '802.11 data ToDS, IPv4 UDP 10.0.0.5:1000 > 10.0.0.6:53', hdr(W_TODS_UDP)),
        (f'{pre}_fromds_tcp', lt, '802.11 data FromDS, IPv4 TCP 10.0.0.6:80 > 10.0.0.5:40000', hdr(W_FROMDS_TCP)),
        (f'{pre}_qos_tcp', lt, '802.11 QoS data ToDS, IPv4 TCP to port 443', hdr(W_QOS_TODS_TCP)),
        (f'{pre}_nods_arp', lt, '802.11 data no DS bits, ARP request', hdr(W_NODS_ARP)),
        (f'{pre}_ack', lt, '802.11 ACK to station', hdr(W_ACK)),
        (f'{pre}_cut', lt, 'the header then 802.11 cut after 1 byte', hdr(W_TODS_UDP)[:len(hdr(b'')) + 1]),
    ]
packets += [
    ('prism_avs_hdr_udp', 'PRISM_HEADER', 'an AVS header on a Prism link (libpcap tells them apart), data ToDS IPv4 UDP', avs(W_TODS_UDP)),
    ('ppi_not_80211', 'PPI', 'PPI with DLT 1 (Ethernet), IPv4 TCP', ppi(eth(B, A, 0x0800, IP_A), dlt=1)),
]

# SS7 MTP2 behind a pseudo-header (sent, annex A, link number) and in an
# ERF record (16-byte record header of type MC HDLC, 4 bytes of MC HDLC).
def mtp2_phdr(su, annex_a=0): return bytes([0, annex_a]) + b'\0\0' + su
def erf(rtype, payload): return struct.pack('<Q', 0x1000) + struct.pack('!BBHHH', rtype, 0x04, 16 + len(payload), 0, len(payload)) + payload
packets += [
    ('mtp2p_fisu', 'MTP2_WITH_PHDR', 'MTP2 with pseudo-header, fill-in signal unit', mtp2_phdr(mtp2(0, 0, 0, 0, 0))),
    ('mtp2p_lssu', 'MTP2_WITH_PHDR', 'MTP2 with pseudo-header, link status signal unit', mtp2_phdr(mtp2(2, 0, 0, 0, 0))),
    ('mtp2p_msu', 'MTP2_WITH_PHDR', 'MTP2 with pseudo-header, MSU SIO 0x83, DPC 100, OPC 200, SLS 5', mtp2_phdr(mtp2(20, 0x83, 100, 200, 5))),
    ('mtp2p_msu2', 'MTP2_WITH_PHDR', 'MTP2 with pseudo-header, MSU SIO 0x85, DPC 7, OPC 9, SLS 1', mtp2_phdr(mtp2(30, 0x85, 7, 9, 1))),
    ('mtp2p_short', 'MTP2_WITH_PHDR', 'MTP2 pseudo-header cut after 3 bytes', mtp2_phdr(mtp2(0, 0, 0, 0, 0))[:3]),
    ('erf_fisu', 'ERF', 'ERF MC HDLC record, MTP2 fill-in signal unit', erf(5, b'\0\0\0\0' + mtp2(0, 0, 0, 0, 0))),
    ('erf_msu', 'ERF', 'ERF MC HDLC record, MTP2 MSU SIO 0x83, DPC 100, OPC 200, SLS 5', erf(5, b'\0\0\0\0' + mtp2(20, 0x83, 100, 200, 5))),
    ('erf_eth', 'ERF', 'ERF Ethernet record (type 2), IPv4 TCP SYN', erf(2, b'\0\0' + eth(B, A, 0x0800, IP_A))),
    ('erf_short', 'ERF', 'ERF record header cut after 12 bytes', erf(5, b'')[:12]),
]

# Juniper: "MGC", flags (bit 0: inbound), then a cookie of DLT-dependent
# length; libpcap looks at the payload where it sets it for that DLT.
JUNIPER = {
    'JUNIPER_MLPPP': 4, 'JUNIPER_MLFR': 4, 'JUNIPER_ES': 4, 'JUNIPER_GGSN': 12, 'JUNIPER_MFR': 4,
    'JUNIPER_ATM2': 8, 'JUNIPER_SERVICES': 4, 'JUNIPER_ATM1': 4, 'JUNIPER_MONITOR': 12,
    'JUNIPER_PPPOE': 32, 'JUNIPER_PPPOE_ATM': 6, 'JUNIPER_ETHER': 32, 'JUNIPER_PPP': 4,
    'JUNIPER_FRELAY': 4, 'JUNIPER_CHDLC': 4, 'JUNIPER_VP': 4, 'JUNIPER_ISM': 4, 'JUNIPER_ST': 4,
    'JUNIPER_VS': 4, 'JUNIPER_SRX_E2E': 4, 'JUNIPER_FIBRECHANNEL': 4, 'JUNIPER_ATM_CEMIC': 4,
}
def juniper(flags, pl, payload): return b'MGC' + bytes([flags]) + b'\0' * (pl - 4) + payload
for lt, pl in JUNIPER.items():
    pre = lt.lower().replace('juniper_', 'jnx_')
    packets += [
        (f'{pre}_in_ipv4', lt, f'Juniper MGC, inbound, IPv4 TCP SYN 10.0.0.1 > 10.0.0.2:80 at {pl}', juniper(0x01, pl, IP_A)),
        (f'{pre}_out_ipv4', lt, f'Juniper MGC, outbound, IPv4 UDP 192.168.1.7 > 224.0.0.5 at {pl}', juniper(0x00, pl, IP_B)),
        (f'{pre}_no_magic', lt, 'not "MGC": IPv4 TCP SYN with no Juniper header', IP_A),
        (f'{pre}_short', lt, 'Juniper header cut after 2 bytes', b'MG'),
    ]


# Link types libpcap filters only with link[], len and the like (`ip` is
# "link-layer type filtering not implemented"): a few frames each. Those
# below get a realistic frame; the others a frame beginning 01 02 03 04
# (48 bytes), one beginning 02 (32 bytes), and a frame of one byte.
LINK_ONLY = """
    EN3MB AX25 PRONET CHAOS REDBACK_SMARTEDGE MTP3
    SCCP DOCSIS LINUX_IRDA USER0 USER1 USER2
    USER3 USER4 USER5 USER6 USER7 USER8
    USER9 USER10 USER11 USER12 USER13 USER14
    USER15 GPRS_LLC GPF_T GPF_F JUNIPER_PIC_PEER ERF_ETH
    ERF_POS LINUX_LAPD MFR A429 A653_ICM USB_FREEBSD
    BLUETOOTH_HCI_H4 IEEE802_16_MAC_CPS USB_LINUX CAN20B IEEE802_15_4_LINUX IEEE802_16_MAC_CPS_RADIO
    IEEE802_15_4 SITA RAIF1 IPMB_KONTRON BLUETOOTH_HCI_H4_WITH_PHDR AX25_KISS
    I2C_LINUX IEEE802_15_4_NONASK_PHY LINUX_EVDEV MPLS USB_LINUX_MMAPPED DECT
    AOS WIHART FC_2 FC_2_WITH_FRAME_DELIMS CAN_SOCKETCAN IEEE802_15_4_NOFCS
    DBUS DVB_CI MUX27010 STANAG_5066_D_PDU NFLOG IPOIB
    MPEG_2_TS NG40 NFC_LLCP PFSYNC INFINIBAND SCTP
    USBPCAP RTAC_SERIAL BLUETOOTH_LE_LL NETLINK BLUETOOTH_LINUX_MONITOR BLUETOOTH_BREDR_BB
    BLUETOOTH_LE_LL_WITH_PHDR PROFIBUS_DL PKTAP EPON IPMI_HPM_2 ZWAVE_R1_R2
    ZWAVE_R3 WATTSTOPPER_DLM ISO_14443 RDS USB_DARWIN OPENFLOW
    SDLC TI_LLN_SNIFFER VSOCK NORDIC_BLE DOCSIS31_XRA31 ETHERNET_MPACKET
    DISPLAYPORT_AUX OPENVIZSLA EBHSCR VPP_DISPATCH DSA_TAG_BRCM_PREPEND IEEE802_15_4_TAP
    DSA_TAG_EDSA ELEE Z_WAVE_SERIAL USB_2_0 ATSC_ALP ETW
    NETANALYZER_NG ZBOSS_NCP USB_2_0_LOW_SPEED USB_2_0_FULL_SPEED USB_2_0_HIGH_SPEED AUERSWALD_LOG
    ZWAVE_TAP SILABS_DEBUG_CHANNEL FIRA_UCI MDB DECT_NR EDK2_MM
    DEBUG_ONLY DECT_NR_TAP
""".split()
def tlv(typ, value): return struct.pack('<HH', 4 + len(value), typ) + value + b'\0' * (-len(value) % 4)
REALISTIC = {
    # MPLS: label 4096 (first byte 01), bottom of stack, IPv4 / label 16, IPv6.
    'MPLS': (mpls(4096, IP_A), mpls(16, IP6_U)),
    # NFLOG: family, version, resource id, then TLVs (prefix, payload).
    'NFLOG': (b'\x02\x00\x00\x01' + tlv(10, b'drop\0') + tlv(9, IP_A), b'\x0a\x00\x00\x02' + tlv(9, IP6_U)),
    # IPoIB: EtherType, 2 reserved bytes.
    'IPOIB': (b'\x08\x00\x00\x00' + IP_A, b'\x86\xdd\x00\x00' + IP6_U),
    # SCTP: common header (ports, tag, checksum), an INIT chunk / a DATA chunk.
    'SCTP': (struct.pack('!HHII', 0x0102, 80, 0, 0) + b'\x01\x00\x00\x14' + b'\0' * 16,
             struct.pack('!HHII', 5000, 5001, 7, 0) + b'\x00\x03\x00\x14' + b'\0' * 16),
    # Linux LAPD: a cooked header (packet type, hatype 0x0203, address), LAPD.
    'LINUX_LAPD': (struct.pack('!HHH', 0x0100, 0x0203, 0) + b'\0' * 8 + b'\x00\x30' + b'\x00\x01\x01\x7f' + b'\0' * 24,
                   struct.pack('!HHH', 4, 0x0203, 0) + b'\0' * 8 + b'\x00\x30' + b'\x02\x01\x00\x00'),
    # MTP3: SIO, routing label, payload.
    'MTP3': (b'\x01' + struct.pack('<I', (5 << 28) | (200 << 14) | 100) + b'\0' * 43, b'\x83' + struct.pack('<I', 7) + b'\0' * 27),
    # SocketCAN: CAN ID (big-endian), length, padding, data.
    'CAN_SOCKETCAN': (struct.pack('!IBBBB', 0x01234567, 8, 0, 0, 0) + bytes(range(8)) + b'\0' * 32,
                      struct.pack('!IBBBB', 0x02000123, 2, 0, 0, 0) + b'\xaa\xbb' + b'\0' * 22),
    # Bluetooth HCI H4: packet type (1 command, 2 ACL data), then HCI.
    'BLUETOOTH_HCI_H4': (b'\x01\x03\x0c\x00' + b'\0' * 44, b'\x02\x01\x20\x04\x00' + b'\0' * 27),
    # Linux USB: URB id, type 'S', transfer type, endpoint, device, bus, ...
    'USB_LINUX': (struct.pack('<QBBBBHBB', 0x0102030405060708, ord('S'), 2, 0x80, 1, 1, 0, 0) + b'\0' * 32,
                  struct.pack('<QBBBBHBB', 0x02, ord('C'), 3, 0x81, 2, 1, 0, 0) + b'\0' * 16),
    # 802.15.4 without FCS: frame control, sequence, PAN, addresses.
    'IEEE802_15_4_NOFCS': (b'\x01\x88\x05\x34\x12\xff\xff\x01\x00' + b'\0' * 39, b'\x02\x00\x06' + b'\0' * 29),
}
for lt in LINK_ONLY:
    a, b = REALISTIC.get(lt, (bytes([1, 2, 3, 4]) + bytes(range(5, 49)), b'\x02' + b'\0' * 31))
    pre = lt.lower()
    packets += [
        (f'{pre}_a', lt, f'{lt} frame of {len(a)} bytes beginning {a[:4].hex()}', a),
        (f'{pre}_b', lt, f'{lt} frame of {len(b)} bytes beginning {b[:4].hex()}', b),
        (f'{pre}_short', lt, f'{lt} frame of 1 byte', a[:1]),
    ]


def main():
    print('# Generated by scripts/make_case_packets.py: named packets for the cases in filters/cases/.')
    print('# Each: link type, description, the captured bytes in hex, and the length on the')
    print('# wire when a snapshot length cut the capture (else wire length = captured length).')
    for name, link, desc, data, *wirelen in packets:
        print()
        print(f'[{name}]')
        print(f'linktype = "{link}"')
        print(f'description = {json.dumps(desc)}')
        print(f'hex = "{data.hex()}"')
        if wirelen:
            print(f'wirelen = {wirelen[0]}')


if __name__ == '__main__':
    main()
