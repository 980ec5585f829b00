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

print('# Generated by scripts/make_case_packets.py: named packets for the cases in filters/cases/.')
print('# Each: link type, description, bytes in hex (wire length = captured length).')
for name, link, desc, data in packets:
    print()
    print(f'[{name}]')
    print(f'linktype = "{link}"')
    print(f'description = {json.dumps(desc)}')
    print(f'hex = "{data.hex()}"')
