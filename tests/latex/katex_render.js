// Renders LaTeX blocks with KaTeX (throwOnError, strict) and writes one LaTeX
// document holding all of them, for pdflatex.
//
// Usage: node katex_render.js BLOCKS.jsonl OUT.tex
// Each line of BLOCKS.jsonl is {"source": "...", "tex": "..."}: the output of one
// gradtape run. A block is cut into display units: an environment
// (\begin{align*} ... \end{align*}, \begin{equation*} ... \end{equation*}) is one
// unit, any other non-empty line is one unit. KaTeX is found through NODE_PATH
// or KATEX_NODE_MODULES.
"use strict";
const fs = require("fs");
const path = require("path");

function loadKatex() {
  const dir = process.env.KATEX_NODE_MODULES;
  return dir ? require(path.join(path.resolve(dir), "katex")) : require("katex");
}

function units(tex) {
  const out = [];
  let env = null;
  let acc = [];
  for (const line of tex.split("\n")) {
    if (env) {
      acc.push(line);
      if (line.startsWith(`\\end{${env}}`)) {
        out.push({ text: acc.join("\n"), env: true });
        env = null;
        acc = [];
      }
      continue;
    }
    const m = line.match(/^\\begin\{(align\*?|equation\*?|gather\*?)\}/);
    if (m && !line.includes(`\\end{${m[1]}}`)) {
      env = m[1];
      acc = [line];
    } else if (line.trim() !== "" && !line.startsWith("%")) {
      out.push({ text: line, env: m !== null });
    }
  }
  if (env) {
    out.push({ text: acc.join("\n"), env: true, unclosed: true });
  }
  return out;
}

function main() {
  const [blocksFile, texFile] = process.argv.slice(2);
  if (!blocksFile || !texFile) {
    console.error("usage: node katex_render.js BLOCKS.jsonl OUT.tex");
    process.exit(2);
  }
  const katex = loadKatex();
  const lines = fs.readFileSync(blocksFile, "utf8").split("\n").filter((l) => l.trim() !== "");
  const doc = [
    "\\documentclass{article}",
    "\\usepackage[utf8]{inputenc}",
    "\\usepackage{amsmath}",
    "\\allowdisplaybreaks",
    "\\begin{document}",
  ];
  let count = 0;
  const failures = [];
  for (const line of lines) {
    const { source, tex } = JSON.parse(line);
    const parts = units(tex);
    if (parts.length === 0) {
      failures.push(`${source}: no LaTeX output`);
    }
    for (const u of parts) {
      count += 1;
      if (u.unclosed) {
        failures.push(`${source}: unclosed environment\n${u.text}`);
        continue;
      }
      try {
        katex.renderToString(u.text, { throwOnError: true, displayMode: true, strict: "error" });
      } catch (e) {
        failures.push(`${source}:\n  ${u.text}\n  ${e && e.message ? e.message : e}`);
      }
      doc.push(`% ${source.replace(/\n/g, " ")}`);
      doc.push(u.env ? u.text : `\\[ ${u.text} \\]`);
    }
  }
  doc.push("\\end{document}", "");
  fs.writeFileSync(texFile, doc.join("\n"));
  for (const f of failures) {
    console.error(`KaTeX failed: ${f}`);
  }
  console.log(`KaTeX rendered ${count - failures.length}/${count} LaTeX displays`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main();
