//! Human-readable listings: eBPF in the style of `bpftool prog dump
//! xlated`, and machine code disassembled with iced-x86.

use super::insn::{op, Insn};
use std::fmt::Write;

fn size_name(code: u8) -> &'static str {
    match op::size(code) {
        op::W => "u32",
        op::H => "u16",
        op::B => "u8",
        _ => "u64",
    }
}

fn alu_symbol(operation: u8) -> Option<&'static str> {
    Some(match operation {
        op::ADD => "+=",
        op::SUB => "-=",
        op::MUL => "*=",
        op::DIV => "/=",
        op::OR => "|=",
        op::AND => "&=",
        op::LSH => "<<=",
        op::RSH => ">>=",
        op::MOD => "%=",
        op::XOR => "^=",
        op::MOV => "=",
        op::ARSH => "s>>=",
        _ => return None,
    })
}

fn jump_symbol(operation: u8) -> Option<&'static str> {
    Some(match operation {
        op::JEQ => "==",
        op::JGT => ">",
        op::JGE => ">=",
        op::JSET => "&",
        op::JNE => "!=",
        op::JSGT => "s>",
        op::JSGE => "s>=",
        op::JLT => "<",
        op::JLE => "<=",
        op::JSLT => "s<",
        op::JSLE => "s<=",
        _ => return None,
    })
}

/// One instruction as bpftool prints it (without the index and opcode).
pub fn describe(insn: &Insn) -> String {
    let code = insn.code;
    let (dst, src) = (insn.dst(), insn.src());
    let by_reg = op::src(code) == op::X;
    let unknown = || format!("unknown opcode {code:#04x}");
    match op::class(code) {
        class @ (op::ALU | op::ALU64) => {
            let r = if class == op::ALU64 { 'r' } else { 'w' };
            let operation = op::opcode(code);
            if operation == op::END {
                let order = if op::src(code) == op::TO_BE {
                    "be"
                } else {
                    "le"
                };
                return format!("r{dst} = {order}{} r{dst}", insn.imm);
            }
            if operation == op::NEG {
                return format!("{r}{dst} = -{r}{dst}");
            }
            let Some(symbol) = alu_symbol(operation) else {
                return unknown();
            };
            if by_reg {
                format!("{r}{dst} {symbol} {r}{src}")
            } else {
                format!("{r}{dst} {symbol} {}", insn.imm)
            }
        }
        op::LDX if op::mode(code) == op::MEM => {
            format!("r{dst} = *({} *)(r{src} {:+})", size_name(code), insn.off)
        }
        op::ST if op::mode(code) == op::MEM => {
            format!(
                "*({} *)(r{dst} {:+}) = {}",
                size_name(code),
                insn.off,
                insn.imm
            )
        }
        op::STX if op::mode(code) == op::MEM => {
            format!("*({} *)(r{dst} {:+}) = r{src}", size_name(code), insn.off)
        }
        op::LD if op::mode(code) == op::ABS => {
            format!("r0 = *({} *)skb[{}]", size_name(code), insn.imm)
        }
        op::LD if op::mode(code) == op::IND => {
            format!("r0 = *({} *)skb[r{src} + {}]", size_name(code), insn.imm)
        }
        class @ (op::JMP | op::JMP32) => {
            let operation = op::opcode(code);
            if class == op::JMP && operation == op::EXIT {
                return "exit".into();
            }
            if class == op::JMP && operation == op::JA {
                return format!("goto pc{:+}", insn.off);
            }
            if class == op::JMP && operation == op::CALL {
                return format!("call {}", insn.imm);
            }
            let r = if class == op::JMP { 'r' } else { 'w' };
            let Some(symbol) = jump_symbol(operation) else {
                return unknown();
            };
            let rhs = if by_reg {
                format!("{r}{src}")
            } else {
                format!("{:#x}", insn.imm)
            };
            format!("if {r}{dst} {symbol} {rhs} goto pc{:+}", insn.off)
        }
        _ => unknown(),
    }
}

/// The whole program, one instruction a line: `  12: (bf) r4 = r1`.
pub fn listing(program: &[Insn]) -> String {
    let mut out = String::new();
    for (i, insn) in program.iter().enumerate() {
        let _ = writeln!(out, "{i:4}: ({:02x}) {}", insn.code, describe(insn));
    }
    out
}

/// x86-64 machine code disassembled (Intel syntax), one instruction a line
/// with its offset and bytes; `ip` is the address of `code[0]`.
pub fn disassemble_x86_64(code: &[u8], ip: u64) -> String {
    use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter};
    let mut decoder = Decoder::with_ip(64, code, ip, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    formatter.options_mut().set_first_operand_char_index(8);
    let mut out = String::new();
    let mut text = String::new();
    let mut instruction = Instruction::default();
    while decoder.can_decode() {
        decoder.decode_out(&mut instruction);
        text.clear();
        formatter.format(&instruction, &mut text);
        let start = (instruction.ip() - ip) as usize;
        let bytes: String = code[start..start + instruction.len()]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(out, "{:4x}:  {bytes:<24} {text}", instruction.ip() - ip);
    }
    out
}
