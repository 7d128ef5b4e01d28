//! Golden files of generated code, so that reviewers read what users get: the
//! seed's `x^2 + 2*x*y + y^2` and an expression with shared subexpressions, per target.

use gradtape::codegen::{generate, Dtype, Lang, Options};

fn code(lang: Lang, exprs: &[&str], order: u32) -> String {
    let mut o = Options::new(lang);
    o.order = order;
    generate(exprs, &o).unwrap()
}

#[test]
fn golden_files() {
    for lang in Lang::ALL {
        let name = lang.name();
        insta::assert_snapshot!(format!("codegen_{name}_quadratic"), code(lang, &["x^2 + 2*x*y + y^2"], 1));
        insta::assert_snapshot!(format!("codegen_{name}_shared"), code(lang, &["exp(x*y)*sin(x) + exp(x*y)"], 2));
    }
    insta::assert_snapshot!("codegen_torch_activations", code(Lang::Torch, &["softplus(x) + sigmoid(y)*relu(x)"], 1));
    insta::assert_snapshot!("codegen_numpy_two_expressions", code(Lang::Numpy, &["x*y", "sin(x) + 1"], 1));
    let mut o = Options::new(Lang::C);
    o.header = true;
    o.dtype = Dtype::F32;
    o.name = "energy".to_string();
    insta::assert_snapshot!("codegen_c_header_f32", generate(&["4*((1/r)^12 - (1/r)^6)"], &o).unwrap());
    let mut o = Options::new(Lang::Rust);
    o.name = "lj".to_string();
    insta::assert_snapshot!("codegen_rust_lennard_jones", generate(&["4*((1/r)^12 - (1/r)^6)"], &o).unwrap());
}
