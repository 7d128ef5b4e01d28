//! Every console example in README.md and docs/*.md, executed and compared with the
//! output it shows.
//!
//! A ```` ```console ```` block is a transcript: a line starting with `$ ` is a
//! command for bash (a line ending in `\` continues it), and the lines up to the next
//! command are what it prints, standard output and standard error interleaved as a
//! terminal shows them. A line `...` stands for any number of lines. The commands of
//! one block run in order in one bash, in a fresh directory, with the gradtape under
//! test first on PATH and colour off, so a block can set a variable or make a file and
//! then use it.
//!
//! A console block of one command with no output shown, directly followed by another
//! block (```` ```python ````, ```` ```c ````...), shows its output in that block. The
//! opening example of README.md is written for a fresh clone (a ```` ```sh ```` block
//! whose first line is `cargo run --release -- ARGS`, then a ```` ```text ```` block
//! with its output); it is run as `gradtape ARGS`.
//!
//! `GRADTAPE_DOCS_UPDATE=1 cargo test --test docs` writes the actual output into the
//! documents instead of failing (review the diff before committing it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One command of a transcript and the lines it is shown to print.
struct Step {
    command: String,
    expected: Vec<String>,
}

/// A runnable block: where it is, its steps, and the line range of its output lines
/// (for the update mode, which rewrites them).
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    steps: Vec<Step>,
    /// How the block is written back: a transcript, or a command whose output is
    /// in a block of its own (only that block is rewritten).
    kind: Kind,
    /// The 0-based range of the lines to rewrite: a transcript's whole body, or the
    /// body of the separate output block.
    body: std::ops::Range<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Transcript,
    SeparateOutput,
}

const WILDCARD: &str = "...";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = fs::read_dir(root().join("docs"))
        .expect("docs/ is readable")
        .map(|entry| entry.expect("a docs/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The fence of a line, without its indentation: "```console" → Some("console").
fn fence(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("```")
}

fn blocks_of(file: &Path, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = fence(lines[i]) else {
            i += 1;
            continue;
        };
        let start = i + 1;
        let end = (start..lines.len())
            .find(|&j| fence(lines[j]) == Some(""))
            .unwrap_or_else(|| panic!("{}:{}: unclosed code block", file.display(), i + 1));
        let indent = lines[i].len() - lines[i].trim_start().len();
        let body: Vec<String> = lines[start..end].iter().map(|l| l.get(indent..).unwrap_or("").to_string()).collect();
        match info {
            "console" => {
                let mut steps = transcript(&body);
                let output = separate_output(&lines, end).filter(|_| steps.len() == 1 && steps[0].expected.is_empty());
                let (kind, range) = match output {
                    Some(range) => {
                        steps[0].expected = lines[range.clone()].iter().map(|l| l.to_string()).collect();
                        (Kind::SeparateOutput, range)
                    }
                    None => (Kind::Transcript, start..end),
                };
                blocks.push(Block { line: i + 1, steps, kind, body: range });
            }
            "sh" => {
                if let Some(block) = opening(&lines, i, &body, end) {
                    blocks.push(block);
                }
            }
            _ => {}
        }
        i = end + 1;
    }
    blocks
}

/// The body of a block that opens on the line after `close` (a block's closing
/// fence), if one does.
fn separate_output(lines: &[&str], close: usize) -> Option<std::ops::Range<usize>> {
    let open = close + 1;
    if fence(lines.get(open)?)?.is_empty() {
        return None;
    }
    let end = (open + 1..lines.len()).find(|&j| fence(lines[j]) == Some(""))?;
    Some(open + 1..end)
}

fn transcript(body: &[String]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut continuing = false;
    for line in body {
        if continuing {
            let step = steps.last_mut().expect("a continued command");
            step.command.push('\n');
            step.command.push_str(line);
            continuing = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step { command: command.to_string(), expected: Vec::new() });
            continuing = command.ends_with('\\');
        } else if let Some(step) = steps.last_mut() {
            step.expected.push(line.clone());
        } else {
            panic!("a console block must start with a `$ ` command, found {line:?}");
        }
    }
    steps
}

/// The README's opening example: a ```sh block starting with `cargo run --release --`
/// directly followed by a ```text block holding its output.
fn opening(lines: &[&str], open: usize, body: &[String], end: usize) -> Option<Block> {
    let args = body.first()?.strip_prefix("cargo run --release -- ")?;
    let args = args.split(" #").next().unwrap_or(args).trim_end();
    let next = (end + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())?;
    if fence(lines[next]) != Some("text") {
        return None;
    }
    let start = next + 1;
    let close = (start..lines.len()).find(|&j| fence(lines[j]) == Some(""))?;
    Some(Block {
        line: open + 1,
        steps: vec![Step {
            command: format!("gradtape {args}"),
            expected: lines[start..close].iter().map(|l| l.to_string()).collect(),
        }],
        kind: Kind::SeparateOutput,
        body: start..close,
    })
}

/// The line a block's script prints before each command's output, to split it.
const STEP_MARK: &str = "\u{1e}gradtape-docs-step";

/// Runs a block's commands in order in one shell, in a fresh directory, and returns
/// what each printed.
fn run(block: &Block, scratch: &Path) -> Vec<Vec<String>> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gradtape"));
    let bin_dir = bin.parent().expect("the binary's directory");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(paths).expect("a PATH");
    let _ = fs::remove_dir_all(scratch);
    fs::create_dir_all(scratch).expect("a scratch directory");
    let mut script = String::from("exec 2>&1\n");
    for step in &block.steps {
        script.push_str(&format!("printf '%s\\n' \"{STEP_MARK}\"\n{}\n", step.command));
    }
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(scratch)
        .env("PATH", &path)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut steps: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line == STEP_MARK {
            steps.push(Vec::new());
        } else if let Some(step) = steps.last_mut() {
            step.push(line.trim_end().to_string());
        }
    }
    steps.resize(block.steps.len(), Vec::new());
    steps
}

/// Whether the actual lines match the expected ones, where `...` matches any run of
/// lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == WILDCARD => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((first, rest)) => {
            actual.split_first().is_some_and(|(a, tail)| a == first.trim_end() && matches(rest, tail))
        }
    }
}

/// The block's body with the actual output in place of the shown one (wildcard blocks
/// are kept as they are when they still match).
fn rewritten(block: &Block, actual: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for (step, lines) in block.steps.iter().zip(actual) {
        if block.kind == Kind::Transcript {
            for (k, command_line) in step.command.lines().enumerate() {
                out.push(if k == 0 { format!("$ {command_line}") } else { command_line.to_string() });
            }
        }
        if matches(&step.expected, lines) {
            out.extend(step.expected.iter().cloned());
        } else {
            out.extend(lines.iter().cloned());
        }
    }
    out
}

#[test]
fn console_examples_print_what_they_show() {
    let update = std::env::var_os("GRADTAPE_DOCS_UPDATE").is_some();
    let scratch = std::env::temp_dir().join(format!("gradtape-docs-{}", std::process::id()));
    let mut failures = Vec::new();
    let mut count = 0;
    for file in documents() {
        let text = fs::read_to_string(&file).expect("a readable document");
        let blocks = blocks_of(&file, &text);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Rewrite from the last block up so earlier ranges stay valid.
        for block in blocks.iter().rev() {
            let actual = run(block, &scratch);
            count += block.steps.len();
            for (step, got) in block.steps.iter().zip(&actual) {
                if !matches(&step.expected, got) {
                    failures.push(format!(
                        "{}:{}: `{}`\n--- shown\n{}\n--- printed\n{}\n",
                        file.strip_prefix(root()).unwrap_or(&file).display(),
                        block.line,
                        step.command,
                        step.expected.join("\n"),
                        got.join("\n")
                    ));
                }
            }
            if update {
                let indent = lines[block.line - 1].len() - lines[block.line - 1].trim_start().len();
                let pad = " ".repeat(indent);
                let body =
                    rewritten(block, &actual).into_iter().map(|l| if l.is_empty() { l } else { format!("{pad}{l}") });
                lines.splice(block.body.clone(), body);
            }
        }
        if update {
            let mut new = lines.join("\n");
            new.push('\n');
            if new != text {
                fs::write(&file, new).expect("the document is writable");
            }
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    assert!(count > 20, "only {count} console examples were found");
    if !update {
        assert!(
            failures.is_empty(),
            "{} of {count} console examples print something else \
             (GRADTAPE_DOCS_UPDATE=1 cargo test --test docs rewrites them):\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn the_wildcard_matches_any_run_of_lines() {
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(matches(&lines("a\n...\nd"), &lines("a\nb\nc\nd")));
    assert!(matches(&lines("a\n...\nd"), &lines("a\nd")));
    assert!(!matches(&lines("a\n...\nd"), &lines("a\nb\nc")));
    assert!(!matches(&lines("a\nb"), &lines("a\nc")));
    assert!(!matches(&lines("a"), &lines("a\nb")));
}

/// The subcommands `gradtape --help` lists.
fn commands() -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_gradtape")).arg("--help").output().expect("gradtape runs");
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    let listed = help.split("Commands:").nth(1).expect("--help lists the commands");
    listed
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn the_command_line_page_lists_every_command() {
    let page = fs::read_to_string(root().join("docs/cli.md")).expect("docs/cli.md");
    let commands = commands();
    assert!(commands.len() >= 8, "too few commands in --help: {commands:?}");
    for command in commands {
        assert!(
            page.contains(&format!("\ngradtape {command} ")) && page.contains(&format!("\n- `{command}`: ")),
            "docs/cli.md does not show `{command}` in its synopsis and its command list"
        );
        assert!(root().join(format!("docs/gradtape-{command}.1")).exists(), "no manual page docs/gradtape-{command}.1");
    }
}
