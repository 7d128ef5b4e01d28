//! Fuzz target: bytes read as choices that build a well-formed expression, which
//! then runs through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gradtape_fuzz::grammar(data));
