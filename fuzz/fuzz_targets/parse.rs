//! Fuzz target: any text through the parser (expressions and points).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gradtape_fuzz::parse(data));
