//! 802.11: addresses (which field holds the source or destination depends
//! on the frame type and the DS bits), frame control `type`/`subtype`,
//! `dir`, and multicast.

use super::pred::Pred;
use super::{not_supported, Cx, Rel, Result};
use crate::cbpf::op;
use crate::syntax::Dir;

const FC0_TYPE_MASK: u32 = 0x0c;
const FC0_TYPE_CTL: u32 = 0x04;
const FC0_SUBTYPE_MASK: u32 = 0xf0;
const FC0_SUBTYPE_CTS: u32 = 0xc0;
const FC0_SUBTYPE_ACK: u32 = 0xd0;

fn is_80211(lt: u32) -> bool {
    matches!(lt, 105 | 127 | 119 | 163 | 192)
}

impl Cx<'_> {
    fn fc_bit(&mut self, byte: u32, bit: u32) -> Result<Pred> {
        self.jset(Rel::LinkHdr, byte, op::B, bit)
    }

    /// Frames that are neither CTS nor ACK control frames (they have no
    /// second address).
    fn has_addr2(&mut self) -> Result<Pred> {
        let not_ctl = self
            .mcmp(Rel::LinkHdr, 0, op::B, FC0_TYPE_CTL, FC0_TYPE_MASK)?
            .not();
        let not_cts = self
            .mcmp(Rel::LinkHdr, 0, op::B, FC0_SUBTYPE_CTS, FC0_SUBTYPE_MASK)?
            .not();
        let not_ack = self
            .mcmp(Rel::LinkHdr, 0, op::B, FC0_SUBTYPE_ACK, FC0_SUBTYPE_MASK)?
            .not();
        Ok(not_ctl.or(not_cts.and(not_ack)))
    }

    /// An 802.11 address (libpcap's `gen_wlanhostop`).
    pub fn wlan_hostop(&mut self, mac: &[u8; 6], dir: Dir) -> Result<Pred> {
        match dir {
            Dir::Src => {
                // Data frames: SA at 10 (FromDS clear), 16 (FromDS, not
                // ToDS) or 24 (both); management frames: 10; control
                // frames have no SA.
                let to_ds = self.fc_bit(1, 0x01)?;
                let at24 = self.bcmp(Rel::LinkHdr, 24, mac)?;
                let a = to_ds.and(at24);
                let not_to_ds = self.fc_bit(1, 0x01)?.not();
                let at16 = self.bcmp(Rel::LinkHdr, 16, mac)?;
                let b = not_to_ds.and(at16);
                let from_ds_branch = b.or(a);
                let from_ds = self.fc_bit(1, 0x02)?;
                let fds = from_ds.and(from_ds_branch);
                let not_from_ds = self.fc_bit(1, 0x02)?.not();
                let at10 = self.bcmp(Rel::LinkHdr, 10, mac)?;
                let data_branch = not_from_ds.and(at10).or(fds);
                let data = self.fc_bit(0, 0x08)?;
                let d = data.and(data_branch);
                let mgmt = self.fc_bit(0, 0x08)?.not();
                let at10m = self.bcmp(Rel::LinkHdr, 10, mac)?;
                let md = mgmt.and(at10m).or(d);
                let not_ctl = self.fc_bit(0, 0x04)?.not();
                Ok(not_ctl.and(md))
            }
            Dir::Dst => {
                // Data frames: DA at 4 (ToDS clear) or 16; management: 4.
                let to_ds = self.fc_bit(1, 0x01)?;
                let at16 = self.bcmp(Rel::LinkHdr, 16, mac)?;
                let a = to_ds.and(at16);
                let not_to_ds = self.fc_bit(1, 0x01)?.not();
                let at4 = self.bcmp(Rel::LinkHdr, 4, mac)?;
                let data_branch = not_to_ds.and(at4).or(a);
                let data = self.fc_bit(0, 0x08)?;
                let d = data.and(data_branch);
                let mgmt = self.fc_bit(0, 0x08)?.not();
                let at4m = self.bcmp(Rel::LinkHdr, 4, mac)?;
                let md = mgmt.and(at4m).or(d);
                let not_ctl = self.fc_bit(0, 0x04)?.not();
                Ok(not_ctl.and(md))
            }
            Dir::Ra => {
                // libpcap checks addr1, in frames with the "data" type bit.
                let data = self.fc_bit(0, 0x08)?;
                let a1 = self.bcmp(Rel::LinkHdr, 4, mac)?;
                Ok(data.and(a1))
            }
            Dir::Ta => {
                let has2 = self.has_addr2()?;
                let data = self.fc_bit(0, 0x08)?;
                let a2 = self.bcmp(Rel::LinkHdr, 10, mac)?;
                Ok(data.and(has2).and(a2))
            }
            Dir::Addr1 => self.bcmp(Rel::LinkHdr, 4, mac),
            Dir::Addr2 => {
                let has2 = self.has_addr2()?;
                let a2 = self.bcmp(Rel::LinkHdr, 10, mac)?;
                Ok(has2.and(a2))
            }
            Dir::Addr3 => {
                let not_ctl = self
                    .mcmp(Rel::LinkHdr, 0, op::B, FC0_TYPE_CTL, FC0_TYPE_MASK)?
                    .not();
                let a3 = self.bcmp(Rel::LinkHdr, 16, mac)?;
                Ok(not_ctl.and(a3))
            }
            Dir::Addr4 => {
                let dstods = self.mcmp(Rel::LinkHdr, 1, op::B, 0x03, 0x03)?;
                let a4 = self.bcmp(Rel::LinkHdr, 24, mac)?;
                Ok(dstods.and(a4))
            }
            Dir::SrcAndDst => {
                let a = self.wlan_hostop(mac, Dir::Src)?;
                let b = self.wlan_hostop(mac, Dir::Dst)?;
                Ok(a.and(b))
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.wlan_hostop(mac, Dir::Src)?;
                let b = self.wlan_hostop(mac, Dir::Dst)?;
                Ok(a.or(b))
            }
        }
    }

    /// 802.11 destination is a group address.
    pub fn wlan_multicast(&mut self) -> Result<Pred> {
        let to_ds = self.fc_bit(1, 0x01)?;
        let m16 = self.jset(Rel::LinkHdr, 16, op::B, 1)?;
        let a = to_ds.and(m16);
        let not_to_ds = self.fc_bit(1, 0x01)?.not();
        let m4 = self.jset(Rel::LinkHdr, 4, op::B, 1)?;
        let data_branch = not_to_ds.and(m4).or(a);
        let data = self.fc_bit(0, 0x08)?;
        let d = data.and(data_branch);
        let mgmt = self.fc_bit(0, 0x08)?.not();
        let m4m = self.jset(Rel::LinkHdr, 4, op::B, 1)?;
        let md = mgmt.and(m4m).or(d);
        let not_ctl = self.fc_bit(0, 0x04)?.not();
        Ok(not_ctl.and(md))
    }

    /// `type T [subtype S]`, `subtype S`.
    pub fn wlan_fc(&mut self, value: u8, mask: u8) -> Result<Pred> {
        if !is_80211(self.linktype.0) {
            return not_supported(self.named_linktype, "type/subtype");
        }
        self.mcmp(Rel::LinkHdr, 0, op::B, value as u32, mask as u32)
    }

    /// `dir D`.
    pub fn wlan_dir(&mut self, d: u8) -> Result<Pred> {
        if !is_80211(self.linktype.0) {
            return not_supported(self.named_linktype, "dir");
        }
        self.mcmp(Rel::LinkHdr, 1, op::B, d as u32, 0x03)
    }
}
