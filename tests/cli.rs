//! Snapshots of whole command-line runs: the arguments, the exit code, stdout and
//! stderr, one snapshot per case.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs gradtape with `args` and, when given, `stdin`; returns the run as one text.
fn run(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradtape"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start gradtape: {e}"));
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap_or_else(|| panic!("no stdin pipe"));
        pipe.write_all(input).unwrap_or_else(|e| panic!("cannot write stdin: {e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("gradtape did not finish: {e}"));
    let code = out.status.code().map_or("killed by a signal".to_string(), |c| c.to_string());
    let shown_stdin = match stdin {
        Some(bytes) => format!("stdin:\n{}\n", String::from_utf8_lossy(bytes).escape_debug()),
        None => String::new(),
    };
    // Escape codes are shown as ␛ so that a colored snapshot stays readable.
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace('\u{1b}', "␛");
    format!(
        "args: {}\n{shown_stdin}exit: {code}\n--- stdout\n{}--- stderr\n{}",
        shell_words(args),
        clean(&out.stdout),
        clean(&out.stderr)
    )
}

/// The arguments as a shell would need them, for reading the snapshot.
fn shell_words(args: &[&str]) -> String {
    let quote = |a: &&str| {
        if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_=.,/".contains(c)) {
            a.to_string()
        } else {
            format!("'{a}'")
        }
    };
    args.iter().map(quote).collect::<Vec<_>>().join(" ")
}

/// `case!(name, [args...])` or `case!(name, [args...], stdin)`: one snapshot.
macro_rules! case {
    ($name:ident, [$($arg:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), run(&[$($arg),*], None));
        }
    };
    ($name:ident, [$($arg:expr),* $(,)?], $stdin:expr) => {
        #[test]
        fn $name() {
            let input: &[u8] = $stdin;
            insta::assert_snapshot!(stringify!($name), run(&[$($arg),*], Some(input)));
        }
    };
}

// ------------------------------------------------------------ the seed's three cases
case!(seed_square_text, ["diff", "x^2", "--wrt", "x", "--at", "x=2"]);
case!(seed_square_plain, ["diff", "x^2", "--wrt", "x", "--at", "x=2", "--format", "plain"]);
case!(seed_square_json, ["diff", "x^2", "--wrt", "x", "--at", "x=2", "--format", "json"]);
case!(seed_square_latex, ["diff", "x^2", "--wrt", "x", "--at", "x=2", "--format", "latex"]);
case!(seed_gradient_text, ["diff", "x^2+2*x*y+y^2", "--wrt", "x,y", "--at", "x=2,y=3"]);
case!(seed_gradient_plain, ["diff", "x^2+2*x*y+y^2", "--wrt", "x,y", "--at", "x=2,y=3", "--format", "plain"]);
case!(seed_gradient_json, ["diff", "x^2+2*x*y+y^2", "--wrt", "x,y", "--at", "x=2,y=3", "--format", "json"]);
case!(seed_gradient_latex, ["diff", "x^2+2*x*y+y^2", "--wrt", "x,y", "--at", "x=2,y=3", "--format", "latex"]);
case!(seed_orders_text, ["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2"]);
case!(seed_orders_plain, ["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2", "--format", "plain"]);
case!(seed_orders_json, ["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2", "--format", "json"]);
case!(seed_orders_latex, ["diff", "x^3", "--wrt", "x", "--order", "1..2", "--at", "x=2", "--format", "latex"]);

// ------------------------------------------------------------ more derivatives
case!(no_point_expressions, ["diff", "x^2+2*x*y+y^2", "--wrt", "x,y"]);
case!(no_point_plain, ["diff", "sin(x)*x", "--format", "plain"]);
case!(default_wrt_is_sorted, ["diff", "z*y + x"]);
case!(mixed_partials_order_2, ["diff", "x^2*y^3", "--wrt", "x,y", "--order", "2"]);
case!(wrt_absent_variable, ["diff", "x^2", "--wrt", "x,y", "--at", "x=1"]);
case!(point_extra_variable_accepted, ["diff", "x^2", "--at", "x=3,z=1"]);
case!(point_values_are_expressions, ["diff", "sin(x)", "--at", "x=pi/4"]);
case!(exact_rational_values, ["diff", "(x^2+1)/(x-1)", "--at", "x=1/3"]);
case!(float_values, ["diff", "sin(x)", "--at", "x=1"]);
case!(negative_first_argument, ["diff", "-x^2", "--at", "x=3"]);
case!(several_expressions, ["diff", "x^2", "sin(x)", "--format", "plain"]);
case!(color_always, ["diff", "x^2", "--at", "x=2", "--color", "always"]);
case!(color_never_on_errors, ["diff", "x +", "--color", "never"]);

// ------------------------------------------------------------ eval and simplify
case!(eval_folds_known_values, ["eval", "sin(x)", "--at", "x=pi/6"]);
case!(eval_plain, ["eval", "sin(x) + cos(x)", "--at", "x=pi/6", "--format", "plain"]);
case!(eval_json, ["eval", "x/3 + y", "--at", "x=1,y=1/6", "--format", "json"]);
case!(eval_needs_point, ["eval", "x"]);
case!(simplify_text, ["simplify", "x + x + 0*y + x*x^2"]);
case!(simplify_json, ["simplify", "2x + 3x", "--format", "json"]);
case!(simplify_latex, ["simplify", "(x+1)/(x-1)", "--format", "latex"]);
case!(simplify_known_values, ["simplify", "sin(pi/6) + ln(1) + sqrt(4)"]);

// ------------------------------------------------------------ input errors
case!(error_operand_expected, ["diff", "x + * 2"]);
case!(error_dangling_operator, ["diff", "x^2 +"]);
case!(error_unclosed_paren, ["diff", "sin(x + 1"]);
case!(error_unmatched_paren, ["diff", "x + 1)"]);
case!(error_names_need_operator, ["diff", "x 2"]);
case!(error_did_you_mean, ["diff", "sine(x)"]);
case!(error_unknown_function, ["diff", "foo(x)"]);
case!(error_arity, ["diff", "atan2(x)"]);
case!(error_variable_is_not_function, ["diff", "x(y)"]);
case!(error_brackets_hint, ["diff", "2*[x+1]"]);
case!(error_json, ["diff", "sine(x)", "--format", "json"]);
case!(error_long_input_window, ["diff", &long_input()]);
case!(error_too_deep, ["diff", "--", &format!("{}x", "-".repeat(5000))]);
case!(error_too_deep_parentheses, ["diff", &format!("{}x{}", "(".repeat(1500), ")".repeat(1500))]);
case!(error_too_deep_tower, ["diff", &vec!["x"; 3000].join("^")]);
case!(double_minus_after_separator, ["diff", "--format", "plain", "--", "--x"]);
case!(max_depth_raised, ["simplify", "--max-depth", "3000", &format!("{}x{}", "(".repeat(1500), ")".repeat(1500))]);
case!(error_missing_at_value, ["diff", "x^2", "--at"]);
case!(error_misspelled_at_name, ["diff", "x^2", "--at", "xx=1"]);
case!(error_missing_variable, ["diff", "x*y", "--at", "x=1"]);
case!(error_bad_point, ["diff", "x^2", "--at", "x=,"]);
case!(error_bad_order, ["diff", "x^2", "--order", "abc"]);
case!(error_reversed_order, ["diff", "x^2", "--order", "3..1"]);
case!(error_wrt_constant, ["diff", "x^2", "--wrt", "pi"]);
case!(error_unknown_flag, ["diff", "x^2", "--frobnicate"]);

fn long_input() -> String {
    let half = vec!["x"; 150].join(" + ");
    format!("{half} + * {half}")
}

// A function of many variables: its long label is not padded to.
case!(
    long_function_label_not_aligned_to,
    [
        "diff",
        "alpha*beta + gamma*delta + epsilon",
        "--wrt",
        "alpha,gamma",
        "--at",
        "alpha=1,beta=2,gamma=3,delta=4,epsilon=5"
    ]
);

// ------------------------------------------------------------ undefined values
case!(undefined_ln_negative, ["diff", "ln(x)", "--at", "x=-1"]);
case!(undefined_ln_negative_json, ["diff", "ln(x)", "--at", "x=-1", "--format", "json"]);
case!(undefined_division_by_zero, ["diff", "1/x", "--at", "x=0"]);
case!(undefined_plain, ["diff", "1/x", "--at", "x=0", "--format", "plain"]);
case!(undefined_eval, ["eval", "sqrt(x)", "--at", "x=-4"]);

// ------------------------------------------------------------ standard input
case!(stdin_batch_with_bad_line, ["diff", "-", "--at", "x=2"], b"x^2\nsine(x)\nx^3\n");
case!(stdin_batch_with_bad_line_json, ["diff", "-", "--at", "x=2", "--format", "json"], b"x^2\nsine(x)\nx^3\n");
case!(stdin_implicit_when_piped, ["diff", "--format", "plain"], b"x^2\nx^3\n");
case!(
    stdin_plain_keeps_a_line_for_blank_and_comment_lines,
    ["diff", "--format", "plain"],
    b"# header\n\nx^2\n   \n# x^9\nx^3\n"
);
case!(stdin_json_skips_blank_and_comment_lines, ["diff", "--format", "json"], b"# header\n\nx^2\n   \n# x^9\nx^3\n");
case!(
    stdin_plain_tabs_between_results,
    ["diff", "--format", "plain", "--at", "x=1,y=2"],
    b"x^2*y\nx\n5\nsine(x)\n1/(x-1)\n"
);
case!(stdin_plain_hessian_on_one_line, ["hessian", "--format", "plain"], b"x^2*y\n# c\nx*y*z\n");

// ------------------------------------------------------------ one mixed partial
case!(partial_in_its_order, ["diff", "x^3*y^2 + sin(x*y)", "--partial", "x,x,y", "--partial", "y,x"]);
case!(partial_latex, ["diff", "x^3*y^2", "--partial", "x,x,y", "--format", "latex"]);
case!(partial_json_wrt_in_order, ["diff", "x^3*y^2", "--partial", "y,x,x", "--at", "x=1,y=2", "--format", "json"]);
case!(partial_one_variable, ["diff", "x^4", "--partial", "x,x", "--at", "x=2"]);
case!(partial_with_wrt_is_refused, ["diff", "x*y", "--partial", "x,y", "--wrt", "x"]);
case!(partial_empty_name_is_refused, ["diff", "x*y", "--partial", "x,,y"]);
case!(wrt_twice_points_to_partial, ["diff", "x*y", "--wrt", "x,x,y"]);
case!(wrt_twice_in_hessian_points_to_partial, ["hessian", "x*y", "--wrt", "y,y"]);

// ------------------------------------------------------------ no silent surprises
case!(wrt_unused_everywhere_warns, ["diff", "x^2 + y", "sin(t)", "--wrt", "x,z"]);
case!(wrt_unused_in_a_batch_warns_once_at_the_end, ["diff", "--wrt", "q", "--format", "plain"], b"x\ny^2\n");
case!(wrt_used_by_one_expression_does_not_warn, ["diff", "x^2", "y", "--wrt", "y"]);
case!(wrt_unused_hessian_warns, ["hessian", "x^2", "--wrt", "x,w"]);
case!(wrt_unused_jacobian_warns, ["jacobian", "x", "2", "--wrt", "x,u"]);
case!(partial_unused_warns, ["diff", "x^2", "--partial", "x,v"]);
case!(at_value_used_by_no_expression_warns, ["eval", "x^2", "sin(x)", "--at", "x=1,t=2,u=3"]);
case!(at_value_used_by_one_line_of_a_batch_does_not_warn, ["eval", "--at", "x=1,y=2", "--format", "plain"], b"x\ny\n");
case!(at_names_a_variable_twice, ["diff", "x^2", "--at", "x=1,x=2"]);
case!(eval_at_names_a_variable_twice, ["eval", "x^2", "--at", "x=1,y=3,x=2"]);
case!(latex_env_needs_latex, ["diff", "x^2", "--latex-env", "align"]);
case!(latex_env_needs_latex_not_json, ["simplify", "x+x", "--latex-env", "equation", "--format", "json"]);
case!(latex_mul_needs_latex_or_json, ["eval", "x", "--at", "x=1", "--latex-mul", "cdot", "--format", "plain"]);
case!(latex_mul_shapes_json, ["diff", "2*x^2", "--latex-mul", "cdot", "--format", "json"]);
case!(order_zero_prints_the_function_once, ["diff", "x^3", "--order", "0", "--at", "x=2"]);
case!(order_zero_range_latex, ["diff", "x^3", "--order", "0..1", "--format", "latex"]);
case!(order_zero_plain, ["diff", "x^3", "--order", "0..1", "--format", "plain"]);
case!(order_zero_json, ["diff", "x^3", "--order", "0", "--format", "json"]);
case!(order_negative_speaks_of_orders, ["diff", "x^3", "--order", "-1"]);
case!(order_negative_range, ["diff", "x^3", "--order", "-1..2"]);
case!(negative_limit_is_a_bad_value, ["diff", "x", "--max-steps", "-5"]);
case!(seed_needs_check, ["diff", "x^2", "--seed", "3"]);
case!(seed_not_with_a_point, ["diff", "x^2", "--check", "--seed", "3", "--at", "x=1"]);
case!(check_not_with_at_file, ["diff", "x^2", "--check", "--at-file", "points.csv"]);
case!(did_you_mean_only_a_close_name, ["diff", "x^2", "--at", "y=1"]);
case!(did_you_mean_a_close_name, ["diff", "x^2", "--at", "xx=1"]);
case!(did_you_mean_no_one_letter_guess, ["diff", "x*y", "--at", "x=1,t=2"]);
case!(stdin_crlf, ["diff", "-", "--format", "json"], b"x^2\r\nsin(x)\r\n");
case!(stdin_invalid_utf8, ["diff", "-", "--format", "plain"], b"x^2\n\xff\xfe\nx^3\n");
case!(stdin_invalid_utf8_json, ["diff", "-", "--format", "json"], b"x^2\n\xff\xfe\nx^3\n");
case!(stdin_undefined_line, ["diff", "-", "--at", "x=0", "--format", "plain"], b"x^2\n1/x\n");
case!(stdin_eval_batch, ["eval", "-", "--at", "x=pi/6"], b"sin(x)\ncos(x)^2\n");
case!(stdin_no_final_newline, ["simplify", "-"], b"x + x\n2*x*x");
case!(undefined_tan_at_pole, ["eval", "tan(x)", "sec(x) + 1", "--at", "x=pi/2"]);
case!(stdin_error_outranks_undefined, ["diff", "-", "--at", "x=0", "--format", "plain"], b"sine(x)\n1/x\n");

// Vector calculus: every format of each command, the refusals, --check.
case!(laplacian_text, ["laplacian", "x^3*y + y^2", "--at", "x=1,y=2"]);
case!(laplacian_plain, ["laplacian", "x^3*y + y^2", "--at", "x=1,y=2", "--format", "plain"]);
case!(laplacian_json, ["laplacian", "x^3*y + y^2", "--at", "x=1,y=2", "--format", "json"]);
case!(laplacian_latex, ["laplacian", "x^3*y + y^2", "--at", "x=1,y=2", "--format", "latex"]);
case!(laplacian_check, ["laplacian", "x^2 - y^2", "--check", "--at", "x=1,y=2"]);
case!(laplacian_check_plain, ["laplacian", "exp(x)*sin(y)", "--check", "--format", "plain"]);
case!(laplacian_batch_plain, ["laplacian", "--format", "plain"], b"x^2\nx +\n\nx^2*y^2\n");
case!(divergence_text, ["divergence", "x*y", "y*z", "z^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3"]);
case!(divergence_plain, ["divergence", "x*y", "y*z", "z^2", "--wrt", "x,y,z", "--format", "plain"]);
case!(
    divergence_json,
    ["divergence", "x*y", "y*z", "z^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "json"]
);
case!(
    divergence_latex,
    ["divergence", "x*y", "y*z", "z^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "latex"]
);
case!(divergence_check, ["divergence", "x*y", "sin(y)", "--check", "--at", "x=1,y=2"]);
case!(divergence_stdin, ["divergence", "--wrt", "x,y", "--format", "plain"], b"x^2\ny^2\n");
case!(divergence_count_mismatch, ["divergence", "x", "y", "--wrt", "x,y,z"]);
case!(divergence_count_mismatch_default_wrt, ["divergence", "x*y*z", "y"]);
case!(divergence_component_error, ["divergence", "x", "y +"]);
case!(curl_text, ["curl", "y*z^2", "x^3", "z*x^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3"]);
case!(curl_plain, ["curl", "y*z^2", "x^3", "z*x^2", "--wrt", "x,y,z", "--format", "plain"]);
case!(curl_json, ["curl", "y*z^2", "x^3", "z*x^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "json"]);
case!(curl_latex, ["curl", "y*z^2", "x^3", "z*x^2", "--wrt", "x,y,z", "--at", "x=1,y=2,z=3", "--format", "latex"]);
case!(curl_scalar_text, ["curl", "x*y", "x^2", "--at", "x=1,y=2"]);
case!(curl_scalar_json, ["curl", "x*y", "x^2", "--format", "json"]);
case!(curl_scalar_latex, ["curl", "x*y", "x^2", "--at", "x=1,y=2", "--format", "latex"]);
case!(curl_check_plain, ["curl", "y*z", "x*z", "x*y", "--check", "--at", "x=1,y=2,z=3", "--format", "plain"]);
case!(curl_four_components, ["curl", "x", "y", "z", "w"]);
case!(curl_count_mismatch, ["curl", "x", "y", "z", "--wrt", "x,y"]);
case!(curl_json_error, ["curl", "x", "--format", "json"]);
case!(along_text, ["diff", "x^2*y", "--along", "1,2", "--at", "x=1,y=1"]);
case!(along_plain, ["diff", "x^2*y", "--along", "1,2", "--at", "x=1,y=1", "--format", "plain"]);
case!(along_json, ["diff", "x^2*y", "--along", "1,2", "--at", "x=1,y=1", "--format", "json"]);
case!(along_latex, ["diff", "x^2*y", "--along", "1,2", "--at", "x=1,y=1", "--format", "latex"]);
case!(along_unit_symbolic_text, ["diff", "x^2*y", "--along", "a,b", "--unit"]);
case!(along_unit_json, ["diff", "x^2*y", "--along", "3,4", "--unit", "--at", "x=1,y=1", "--format", "json"]);
case!(along_unit_latex, ["diff", "x^2*y", "--along", "a,b", "--unit", "--at", "x=1,y=1,a=3,b=4", "--format", "latex"]);
case!(along_check, ["diff", "x^2*y", "--along", "1,-2", "--unit", "--check", "--at", "x=1,y=2"]);
case!(along_count_mismatch, ["diff", "x^2*y", "--along", "1,2,3"]);
case!(along_count_mismatch_wrt, ["diff", "x^2*y", "--along", "1", "--wrt", "x,y"]);
case!(along_bad_component, ["diff", "x^2*y", "--along", "1,(2"]);
case!(along_needs_a_value_of_its_symbols, ["diff", "x*y", "--along", "a,b", "--at", "x=1,y=1"]);
case!(unit_needs_along, ["diff", "x^2", "--unit"]);
case!(along_not_with_order, ["diff", "x^2", "--along", "1", "--order", "2"]);
case!(along_not_with_partial, ["diff", "x^2", "--along", "1", "--partial", "x"]);
case!(
    along_at_uses_its_symbols_without_warning,
    ["diff", "x*y", "--along", "a,1", "--at", "x=1,y=1,a=2", "--format", "plain"]
);
case!(divergence_check_json, ["divergence", "x*y", "sin(y)", "--check", "--at", "x=1,y=2", "--format", "json"]);
case!(divergence_check_no_shared_point, ["divergence", "a*x", "y", "--wrt", "x,y", "--check", "--format", "plain"]);
