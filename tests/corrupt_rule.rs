//! Proves that `--check` can fail: built with the `corrupt-rule` feature, sin' has the
//! wrong sign, and the check must catch it with exit code 1 (run by `.ci/run`).
#![cfg(feature = "corrupt-rule")]

use std::process::Command;

fn gradtape(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).output().expect("run gradtape");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_wrong_sin_rule_fails_the_check_at_a_point() {
    let (code, out) = gradtape(&["diff", "sin(x)", "--at", "x=1", "--check", "--color", "never"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL"), "{out}");
}

#[test]
fn a_wrong_sin_rule_fails_the_check_at_random_points() {
    let (code, out) = gradtape(&["diff", "x*sin(x^2)", "--order", "1..2", "--check", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\"pass\":false"), "{out}");
}

#[test]
fn rules_that_are_not_corrupted_still_pass() {
    let (code, out) = gradtape(&["diff", "cos(x)*exp(x)", "--at", "x=1", "--check", "--format", "plain"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_wrong_sin_rule_fails_hessian_and_jacobian_checks() {
    let (code, out) = gradtape(&["hessian", "sin(x*y)", "--at", "x=1,y=2", "--check", "--format", "plain"]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = gradtape(&["jacobian", "sin(x)", "cos(y)", "--check", "--format", "plain"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL"), "{out}");
}
