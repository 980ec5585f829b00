use super::Args;
use std::process::ExitCode;

pub fn run(_args: &Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("live mode is not implemented yet")
}
