//! Linux socket metadata a classic program may read (`SKF_AD_*` loads)
//! that user space can supply: the outer VLAN tag, which the kernel takes
//! off Ethernet frames before a packet socket sees them and which
//! `vlan` programs compiled for a live capture read from the metadata
//! first (libpcap's special VLAN handling).
//!
//! The interpreters, like libpcap's without auxiliary data, treat every
//! ancillary load as a load past the packet (verdict 0). Where a program
//! runs on frames whose tag is in the bytes (capture files; live frames
//! once the tag is put back), the truth is "no tag in the metadata";
//! [`bind_vlan`] writes that (or a given tag) into the program as
//! constants, instruction for instruction, so every engine answers as the
//! kernel would.

use super::op::*;
use super::Insn;

/// Whether the program reads the VLAN metadata.
pub fn reads_vlan(program: &[Insn]) -> bool {
    program.iter().any(|i| vlan_field(i).is_some())
}

/// `program` with its VLAN metadata loads replaced by `ld #value`: the
/// tag-present flag (1 or 0) and the tag control information (`tci`, 0
/// without a tag). Same length, same jumps.
pub fn bind_vlan(program: &[Insn], tci: Option<u16>) -> Vec<Insn> {
    program
        .iter()
        .map(|i| match vlan_field(i) {
            Some(SKF_AD_VLAN_TAG_PRESENT) => Insn::stmt(LD | IMM, u32::from(tci.is_some())),
            Some(_) => Insn::stmt(LD | IMM, u32::from(tci.unwrap_or(0))),
            None => *i,
        })
        .collect()
}

/// The VLAN field an absolute load reads, if it reads one.
fn vlan_field(i: &Insn) -> Option<u32> {
    let abs = i.code == LD | W | ABS || i.code == LD | H | ABS || i.code == LD | B | ABS;
    let field = i.k.checked_sub(SKF_AD_OFF)?;
    (abs && (field == SKF_AD_VLAN_TAG || field == SKF_AD_VLAN_TAG_PRESENT)).then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbpf::interp;

    /// `vlan 10` as compiled for a live capture (libpcap's listing).
    fn vlan10() -> Vec<Insn> {
        crate::cbpf::listing::parse_listing(
            "(000) ldb      [vlanp]
             (001) jeq      #0x1             jt 6	jf 2
             (002) ldh      [12]
             (003) jeq      #0x8100          jt 6	jf 4
             (004) jeq      #0x88a8          jt 6	jf 5
             (005) jeq      #0x9100          jt 6	jf 14
             (006) ldb      [vlanp]
             (007) jeq      #0x1             jt 8	jf 10
             (008) ldh      [vlan_tci]
             (009) ja       11
             (010) ldh      [14]
             (011) and      #0xfff
             (012) jeq      #0xa             jt 13	jf 14
             (013) ret      #262144
             (014) ret      #0",
        )
        .unwrap()
    }

    #[test]
    fn tag_in_the_bytes_or_in_the_metadata() {
        let p = vlan10();
        assert!(reads_vlan(&p));
        let mut tagged = vec![0u8; 60];
        tagged[12..16].copy_from_slice(&[0x81, 0x00, 0x00, 0x0a]);
        let untagged = vec![0u8; 60];
        // Unbound, the metadata load ends the program, as in libpcap.
        assert_eq!(interp::run(&p, &tagged, 60), 0);
        let none = bind_vlan(&p, None);
        assert!(!reads_vlan(&none));
        assert_eq!(none.len(), p.len());
        assert_eq!(interp::run(&none, &tagged, 60), 262144);
        assert_eq!(interp::run(&none, &untagged, 60), 0);
        // The kernel took the tag off: VLAN 10 (priority 3) in metadata.
        assert_eq!(
            interp::run(&bind_vlan(&p, Some(0x600a)), &untagged, 60),
            262144
        );
        assert_eq!(interp::run(&bind_vlan(&p, Some(20)), &untagged, 60), 0);
    }
}
