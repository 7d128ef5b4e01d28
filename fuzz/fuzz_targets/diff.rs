//! Fuzz target: parse, build, differentiate, expand in a series and print (text and
//! LaTeX).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gradtape_fuzz::diff(data));
