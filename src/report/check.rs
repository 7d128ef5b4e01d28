//! The numerical check's report in each output format: a table for a person, columns for a
//! script, a `check` object per derivative in JSON, comment lines in LaTeX.

use colored::Colorize;
use serde_json::{json, Map, Value as Json};

use crate::check::{EntryCheck, FdStatus, PointCheck, Report, Verdict};
use crate::eval::float_text;
use crate::eval::format::digits_text;

/// A value with at most 12 significant digits: `12`, `0.540302305868`, `1.5e-20`.
pub fn short(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return format!("{v}");
    }
    let exp = v.abs().log10().floor() as i32;
    if (-4..=11).contains(&exp) {
        let decimals = (11 - exp).max(0) as usize;
        let s = format!("{v:.decimals$}");
        let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
        if s == "-0" {
            "0".into()
        } else {
            s
        }
    } else {
        let s = format!("{v:.11e}");
        match s.split_once('e') {
            Some((m, e)) => {
                let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
                format!("{m}e{e}")
            }
            None => s,
        }
    }
}

/// A relative difference or an error bound: `1.5e-16`, `0`.
fn tiny(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v:.1e}")
    }
}

/// `x = 2, y = -0.5`.
pub fn point_text(p: &PointCheck, sep: &str) -> String {
    p.point.iter().map(|(n, v)| format!("{n}{sep}{}", float_text(*v))).collect::<Vec<_>>().join(", ")
}

fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::Skip => "SKIP",
    }
}

/// The text table: one block per point, one row per derivative (`labels[i]` names
/// derivative i), then a summary line.
pub fn text(report: &Report, labels: &[String]) -> String {
    text_with(report, labels, None, None)
}

/// [`text`] with the `--at` point as written (`at`, for the header of a check at
/// that point) and the values to `digits` significant digits (`--digits`; 12
/// without).
pub fn text_with(report: &Report, labels: &[String], at: Option<&str>, digits: Option<usize>) -> String {
    let mut out = String::new();
    let total = report.points.len();
    let value = |v: f64| digits.map_or_else(|| short(v), |n| digits_text(v, n));
    for (k, p) in report.points.iter().enumerate() {
        let at = match (at, report.seed) {
            (Some(written), None) => written.to_string(),
            _ => p.point.iter().map(|(n, v)| format!("{n} = {}", value(*v))).collect::<Vec<_>>().join(", "),
        };
        let header = match report.seed {
            Some(seed) => format!("check at {at} (random point {} of {total}, seed {seed})", k + 1),
            None => format!("check at {at}"),
        };
        out.push_str(&format!("\n{}\n", header.bold()));
        let mut rows: Vec<[String; 8]> = vec![[
            "".into(),
            "symbolic".into(),
            "AD".into(),
            "Δ".into(),
            "FD".into(),
            "±".into(),
            "Δ".into(),
            "".into(),
        ]];
        for (e, label) in p.entries.iter().zip(labels) {
            rows.push(row(e, label, &value));
        }
        let mut widths = [0usize; 8];
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        for (i, r) in rows.iter().enumerate() {
            let mut line = String::from("  ");
            for (j, (c, w)) in r.iter().zip(widths).enumerate() {
                let pad = " ".repeat(w - c.chars().count());
                let cell = if i == 0 {
                    c.dimmed().to_string()
                } else if j == 0 {
                    c.cyan().to_string()
                } else if j == 7 {
                    match c.as_str() {
                        "PASS" => c.green().bold().to_string(),
                        "FAIL" => c.red().bold().to_string(),
                        _ => c.yellow().to_string(),
                    }
                } else {
                    c.clone()
                };
                line.push_str(&cell);
                if r[j + 1..].iter().any(|c| !c.is_empty()) {
                    line.push_str(&pad);
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for (e, label) in p.entries.iter().zip(labels) {
            for note in notes(e) {
                out.push_str(&format!("  {label}: {note}\n"));
            }
        }
    }
    out.push_str(&summary(report));
    out
}

fn row(e: &EntryCheck, label: &str, number: &dyn Fn(f64) -> String) -> [String; 8] {
    let value = |r: &Result<f64, String>| match r {
        Ok(v) => number(*v),
        Err(_) => "undefined".into(),
    };
    let (fd, bound) = match &e.fd {
        Ok(est) => (number(est.value), tiny(est.error)),
        Err(_) => ("—".into(), String::new()),
    };
    [
        label.to_string(),
        value(&e.symbolic),
        value(&e.ad),
        e.ad_diff.map(tiny).unwrap_or_default(),
        fd,
        bound,
        e.fd_diff.map(tiny).unwrap_or_default(),
        verdict_text(e.verdict).into(),
    ]
}

/// Why a row is not a plain pass.
fn notes(e: &EntryCheck) -> Vec<String> {
    let mut out = Vec::new();
    if let Err(why) = &e.symbolic {
        out.push(format!("symbolic value undefined: {why}"));
    }
    if let Err(why) = &e.ad {
        out.push(format!("the input is undefined here (AD: {why})"));
    }
    if e.ambiguous {
        out.push("an argument within rounding of a jump or kink: AD decides nothing here".into());
    } else if e.nonsmooth {
        out.push("a kink of abs, sign or relu: derivatives there follow the convention, FD not used".into());
    } else if let Err(why) = &e.fd {
        if e.ad.is_ok() {
            out.push(format!("no finite-difference estimate: {why}"));
        }
    }
    match e.fd_status {
        FdStatus::Inconclusive => out.push("finite differences inconclusive (error bound too wide)".into()),
        FdStatus::Disagree => out.push("finite differences disagree beyond their error bound".into()),
        _ => {}
    }
    if e.verdict == Verdict::Fail && e.ad_diff.is_some_and(|d| d > 0.0) && e.fd_status != FdStatus::Disagree {
        out.push("AD disagrees beyond the tolerance".into());
    }
    out
}

fn summary(report: &Report) -> String {
    if let Some(why) = &report.skipped {
        return format!("{} skipped: {why}\n", "check:".bold());
    }
    if let Some(why) = &report.no_point {
        return format!("{} {why}\n", "check:".bold().yellow());
    }
    let (pass, fail, skip) = report.counts();
    let total = pass + fail + skip;
    let mut s = if fail == 0 {
        format!("{} {pass} of {total} passed", "check:".bold().green())
    } else {
        format!("{} {} of {total}", "check:".bold().red(), format!("{fail} FAILED").red().bold())
    };
    if skip > 0 {
        s.push_str(&format!(", {skip} skipped"));
    }
    s + "\n"
}

/// Plain columns, one line per derivative and point, separated by single spaces:
/// `wrt point symbolic ad fd fd_error verdict`, where wrt is `x,y`, point is
/// `x=2,y=3`, undefined values are `undefined` and a missing FD estimate is `-`.
pub fn plain(report: &Report) -> String {
    let mut out = String::new();
    if let Some(why) = report.no_point.as_ref().or(report.skipped.as_ref()) {
        out.push_str(&format!("- - - - - - SKIP # {why}\n"));
    }
    for p in &report.points {
        let at = p.point.iter().map(|(n, v)| format!("{n}={}", float_text(*v))).collect::<Vec<_>>().join(",");
        for e in &p.entries {
            let value = |r: &Result<f64, String>| match r {
                Ok(v) => float_text(*v),
                Err(_) => "undefined".into(),
            };
            let (fd, bound) = match &e.fd {
                Ok(est) => (float_text(est.value), float_text(est.error)),
                Err(_) => ("-".into(), "-".into()),
            };
            let wrt = if e.wrt.is_empty() { "-".to_string() } else { e.wrt.join(",") };
            out.push_str(&format!(
                "{wrt} {at} {} {} {fd} {bound} {}\n",
                value(&e.symbolic),
                value(&e.ad),
                verdict_text(e.verdict)
            ));
        }
    }
    out
}

fn number(r: &Result<f64, String>) -> Json {
    match r {
        Ok(v) if v.is_finite() => json!(v),
        _ => Json::Null,
    }
}

fn point_json(p: &PointCheck) -> Json {
    let mut m = Map::new();
    for (n, v) in &p.point {
        m.insert(n.clone(), json!(v));
    }
    Json::Object(m)
}

/// The `check` object of derivative `i`: whether it passed, and the comparison at
/// each point (docs/check.md).
pub fn json_entry(report: &Report, i: usize) -> Json {
    let mut results = Vec::new();
    let mut pass = report.no_point.is_none();
    for (p, e) in report.entry(i) {
        if e.verdict == Verdict::Fail {
            pass = false;
        }
        let mut m = Map::new();
        m.insert("point".into(), point_json(p));
        m.insert("symbolic".into(), number(&e.symbolic));
        m.insert("ad".into(), number(&e.ad));
        m.insert("magnitude".into(), json!(e.magnitude));
        m.insert("ad_diff".into(), e.ad_diff.map_or(Json::Null, |d| json!(d)));
        let (fd, err) = match &e.fd {
            Ok(est) => (json!(est.value), json!(est.error)),
            Err(_) => (Json::Null, Json::Null),
        };
        m.insert("fd".into(), fd);
        m.insert("fd_error".into(), err);
        m.insert("fd_diff".into(), e.fd_diff.map_or(Json::Null, |d| json!(d)));
        m.insert("fd_status".into(), json!(e.fd_status.name()));
        m.insert("nonsmooth".into(), json!(e.nonsmooth));
        m.insert("ambiguous".into(), json!(e.ambiguous));
        m.insert("verdict".into(), json!(e.verdict.name()));
        let mut why = Vec::new();
        if let Err(w) = &e.symbolic {
            why.push(format!("symbolic: {w}"));
        }
        if let Err(w) = &e.ad {
            why.push(format!("ad: {w}"));
        }
        if let Err(w) = &e.fd {
            why.push(format!("fd: {w}"));
        }
        if !why.is_empty() {
            m.insert("undefined".into(), json!(why.join("; ")));
        }
        results.push(Json::Object(m));
    }
    let pass = if report.skipped.is_some() { Json::Null } else { json!(pass) };
    json!({"pass": pass, "points": results})
}

/// The top-level `check` object: the overall verdict, the seed and the points.
pub fn json_summary(report: &Report) -> Json {
    let (pass, fail, skip) = report.counts();
    let mut m = Map::new();
    let verdict = if report.skipped.is_some() { Json::Null } else { json!(fail == 0 && report.no_point.is_none()) };
    m.insert("pass".into(), verdict);
    m.insert("passed".into(), json!(pass));
    m.insert("failed".into(), json!(fail));
    m.insert("skipped".into(), json!(skip));
    m.insert("seed".into(), report.seed.map_or(Json::Null, |s| json!(s)));
    m.insert("points".into(), Json::Array(report.points.iter().map(point_json).collect()));
    if let Some(why) = &report.no_point {
        m.insert("no_point".into(), json!(why));
    }
    if let Some(why) = &report.skipped {
        m.insert("skipped_because".into(), json!(why));
    }
    Json::Object(m)
}

/// LaTeX comment lines: `% check ∂f/∂x at x = 2: symbolic 12, AD 12, FD 12 ± 1e-12: PASS`.
pub fn latex(report: &Report, labels: &[String]) -> String {
    let mut out = String::new();
    if let Some(why) = report.no_point.as_ref().or(report.skipped.as_ref()) {
        out.push_str(&format!("% check: {why}\n"));
    }
    for p in &report.points {
        let at = point_text(p, " = ");
        for (e, label) in p.entries.iter().zip(labels) {
            let r = row(e, label, &short);
            let fd = if e.fd.is_ok() { format!("{} ± {}", r[4], r[5]) } else { "unavailable".into() };
            out.push_str(&format!("% check {label} at {at}: symbolic {}, AD {}, FD {fd}: {}\n", r[1], r[2], r[7]));
        }
    }
    out
}
