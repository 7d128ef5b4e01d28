//! Fuzz target: values of an expression and its derivatives at a point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gradtape_fuzz::eval(data));
