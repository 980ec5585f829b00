//! Ask the running kernel whether it accepts a classic program.
