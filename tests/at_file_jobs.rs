//! `--at-file` on several threads: a generated table with bad rows, comments and
//! blank lines, read, evaluated and written with `--jobs 1` and `--jobs 3`, gives
//! the same output, errors and exit code in every format.

use std::process::Command;

fn gradtape(args: &[&str]) -> (Vec<u8>, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_gradtape")).args(args).output().expect("the binary runs");
    (out.stdout, String::from_utf8(out.stderr).expect("UTF-8 errors"), out.status.code().unwrap_or(-1))
}

/// A table large enough to be split over threads: `rows` points of x, y, z (a
/// simple generator, the same every run), with a bad row, a comment or a blank
/// line every so often, CRLF line ends and no line end at the very end.
fn table(rows: usize, delimiter: char) -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let d = delimiter.to_string();
    let mut lines = vec!["\u{FEFF}# a generated table".to_string(), format!("x{d} y{d}z")];
    for i in 0..rows {
        let line = match i % 541 {
            7 => "1,2".replace(',', &d),
            19 => "foo,1,2".replace(',', &d),
            23 => "1e400,1,1".replace(',', &d),
            29 => String::new(),
            31 => "  # a comment".to_string(),
            37 => "ln(-1),1,1".replace(',', &d),
            41 => " pi/4 , sqrt(2) ,1e-5".replace(',', &d),
            43 => ",1,1".replace(',', &d),
            _ => {
                let (x, y, z) = (next() * 4.0 - 2.0, next() * 1e6, next() * 3.0 + 0.5);
                format!("{x}{d}{y}{d}{z}")
            }
        };
        lines.push(line);
    }
    lines.join("\r\n")
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("gradtape-at-file-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the table is written");
    path.to_string_lossy().into_owned()
}

/// Runs `args` with `--jobs 1` and `--jobs 3` and asserts the same output; returns it.
fn same_for_any_jobs(args: &[&str]) -> (Vec<u8>, String, i32) {
    let one = gradtape(&[args, &["--jobs", "1"]].concat());
    let three = gradtape(&[args, &["--jobs", "3"]].concat());
    assert!(one.0 == three.0, "stdout differs for {args:?}");
    assert_eq!(one.1, three.1, "stderr differs for {args:?}");
    assert_eq!(one.2, three.2, "exit code differs for {args:?}");
    one
}

#[test]
fn every_format_is_the_same_for_any_number_of_threads() {
    let rows = 6000;
    for delimiter in [',', '\t'] {
        let path = write(&format!("points-{}.txt", u32::from(delimiter)), &table(rows, delimiter));
        // Values from 1e-12 to 1e22, so that floats of every layout are written.
        let expr = "x^2*y*z + sin(x*y)/z + y^3*1e4 + exp(-y)*1e-12 + ln(z)*x";
        for format in ["plain", "text", "json"] {
            for digits in [None, Some("6")] {
                let mut args = vec!["diff", expr, "--wrt", "x,y,z", "--at-file", &path, "--format", format];
                if let Some(n) = digits {
                    args.extend(["--digits", n]);
                }
                let (out, err, code) = same_for_any_jobs(&args);
                // Bad rows are input errors (exit 2), reported once each.
                assert_eq!(code, 2, "{args:?}");
                assert!(err.contains("row 8 (line 10) of the points file: it has 2 cells where the header has 3"));
                let lines = String::from_utf8(out).expect("UTF-8 output");
                let header = usize::from(format == "text");
                let shown = rows - (rows / 541 + 1) * 2;
                assert_eq!(lines.lines().count(), shown + header, "{args:?}");
            }
        }
        let (out, _, _) = same_for_any_jobs(&["eval", "x*y - z", "--at-file", &path, "--format", "plain"]);
        let text = String::from_utf8(out).expect("UTF-8 output");
        let values: Vec<&str> = text.lines().collect();
        // A bad row is an empty line in its place.
        assert_eq!(values[7], "");
        assert!(values[0].parse::<f64>().is_ok());
    }
}

#[test]
fn small_tables_are_the_same_for_any_number_of_threads() {
    let path = write("small.csv", &table(40, ','));
    for format in ["plain", "text", "json"] {
        same_for_any_jobs(&["diff", "x*y/z", "--at-file", &path, "--format", format]);
    }
}
