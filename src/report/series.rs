//! The pieces of a series that every format writes: its terms in ascending degree as
//! gradtape text or LaTeX, and the remainder `O((x - a)^(n+1))`.
//!
//! Each term is built as its coefficient times powers of a placeholder variable
//! that stands for (x - a), so that the store's normal form cannot multiply the
//! factor out (2*(x - 1) is not 2*x - 2) and the renderers write the term as any
//! product: `7*x^3/360`, `f''(a)*(x - a)^2/2`.

use serde_json::{json, Map, Value as JsonValue};

use crate::pipeline::Outcome;
use crate::render::latex::{to_latex, LatexOptions};
use crate::render::text::to_text;
use crate::series::Expansion;
use crate::store::{ExprId, Store};

/// The series without its remainder, in gradtape syntax (`0` when every term is 0).
pub fn polynomial_text(o: &mut Outcome) -> String {
    let Some(e) = o.series.clone() else { return String::new() };
    let factors = text_factors(&mut o.store, &e);
    let terms: Vec<String> =
        term_ids(&mut o.store, &e, &factors).into_iter().map(|t| to_text(&mut o.store, t)).collect();
    joined(&terms)
}

/// The remainder in gradtape text: `O(x^6)`, `O((x - 1)^6)`; with several variables
/// `O(|(x, y - 1)|^6)`, the terms of total degree 6 and up.
pub fn remainder_text(o: &mut Outcome) -> String {
    let Some(e) = o.series.clone() else { return String::new() };
    let factors = text_factors(&mut o.store, &e);
    format!("O({})", remainder(&mut o.store, &e, &factors, to_text, "|(", ")|"))
}

/// The series with its remainder in gradtape text.
pub fn series_text(o: &mut Outcome) -> String {
    let (p, r) = (polynomial_text(o), remainder_text(o));
    if o.series.as_ref().is_some_and(|e| e.terms.is_empty()) {
        return r;
    }
    format!("{p} + {r}")
}

/// The series with its remainder in LaTeX.
pub fn series_latex(o: &mut Outcome, opts: &LatexOptions) -> String {
    let Some(e) = o.series.clone() else { return String::new() };
    let factors = latex_factors(&mut o.store, &e, opts);
    let ids = term_ids(&mut o.store, &e, &factors);
    let terms: Vec<String> = ids.into_iter().map(|t| to_latex(&mut o.store, t, opts)).collect();
    let open = "\u{1}\\left\\lVert (";
    let r = remainder(&mut o.store, &e, &factors, |s, id| to_latex(s, id, opts), open, ") \\right\\rVert");
    let r = format!("O\\left({r}\\right)");
    if terms.is_empty() {
        return r;
    }
    format!("{} + {r}", joined(&terms))
}

/// The terms, each `coefficient · Π factor^k`.
fn term_ids(s: &mut Store, e: &Expansion, factors: &[ExprId]) -> Vec<ExprId> {
    e.terms
        .iter()
        .map(|t| {
            let mut parts = vec![t.coefficient];
            for (&f, &k) in factors.iter().zip(&t.powers) {
                let k = s.int(k);
                parts.push(s.pow(f, k));
            }
            s.mul(&parts)
        })
        .collect()
}

/// Terms joined by their signs: `1/x + x/6 - x^3/12`.
fn joined(terms: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        match (i, t.strip_prefix('-')) {
            (0, _) => out.push_str(t),
            (_, Some(rest)) => {
                out.push_str(" - ");
                out.push_str(rest);
            }
            (_, None) => {
                out.push_str(" + ");
                out.push_str(t);
            }
        }
    }
    if out.is_empty() {
        out.push('0');
    }
    out
}

/// `factor^(n+1)`, or with several variables `open x, y - 1 close^(n+1)` (`open`
/// beginning with the verbatim mark for LaTeX).
fn remainder(
    s: &mut Store,
    e: &Expansion,
    factors: &[ExprId],
    render: impl Fn(&mut Store, ExprId) -> String,
    open: &str,
    close: &str,
) -> String {
    let n = s.int(i64::from(e.order) + 1);
    if let [f] = factors {
        let p = s.pow(*f, n);
        return render(s, p);
    }
    let parts: Vec<String> = e
        .wrt
        .iter()
        .zip(&e.around)
        .map(|(x, &a)| {
            let x = s.var(x);
            let d = s.sub(x, a);
            render(s, d)
        })
        .collect();
    let norm = s.var(&format!("{open}{}{close}", parts.join(", ")));
    let p = s.pow(norm, n);
    render(s, p)
}

/// The placeholders of the text: each variable itself around 0, else a variable
/// named `(x - a)`, which the text printer writes as it is.
fn text_factors(s: &mut Store, e: &Expansion) -> Vec<ExprId> {
    factors(s, e, |s, d| format!("({})", to_text(s, d)))
}

/// The placeholders of the LaTeX: each variable itself around 0, else one written
/// `(x - a)` verbatim (a name with the verbatim mark, see `render::latex`).
fn latex_factors(s: &mut Store, e: &Expansion, opts: &LatexOptions) -> Vec<ExprId> {
    factors(s, e, |s, d| format!("\u{1}({})", to_latex(s, d, opts)))
}

fn factors(s: &mut Store, e: &Expansion, name: impl Fn(&mut Store, ExprId) -> String) -> Vec<ExprId> {
    e.wrt
        .iter()
        .zip(&e.around)
        .map(|(x, &a)| {
            let x = s.var(x);
            if s.is_zero(a) {
                return x;
            }
            let d = s.sub(x, a);
            let n = name(s, d);
            s.var(&n)
        })
        .collect()
}

/// The series' fields of its JSON object: `wrt`, `around`, `order`, `series`,
/// `remainder`, `series_latex` and `terms` (docs/json.md).
pub fn json_fields(o: &mut Outcome, obj: &mut Map<String, JsonValue>, opts: &LatexOptions) {
    let Some(e) = o.series.clone() else { return };
    obj.insert("wrt".into(), json!(e.wrt));
    let mut around = Map::new();
    for (x, &a) in e.wrt.iter().zip(&e.around) {
        around.insert(x.clone(), json!(to_text(&mut o.store, a)));
    }
    obj.insert("around".into(), JsonValue::Object(around));
    obj.insert("order".into(), json!(e.order));
    obj.insert("series".into(), json!(polynomial_text(o)));
    obj.insert("remainder".into(), json!(remainder_text(o)));
    obj.insert("series_latex".into(), json!(series_latex(o, opts)));
    let terms: Vec<JsonValue> = e
        .terms
        .iter()
        .map(|t| {
            let mut powers = Map::new();
            for (x, &k) in e.wrt.iter().zip(&t.powers) {
                powers.insert(x.clone(), json!(k));
            }
            json!({"powers": powers, "coefficient": to_text(&mut o.store, t.coefficient)})
        })
        .collect();
    obj.insert("terms".into(), JsonValue::Array(terms));
}
