//! Fuzz target: the command path over lines of standard input, every format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gradtape_fuzz::cli(data));
