#!/usr/bin/env bash
# Renders LaTeX with real renderers: every LaTeX output of tests/latex/cases.txt
# (diff --order 1..2 and hessian, with every --latex-* option), a few Jacobians,
# and every LaTeX snapshot (tests/snapshots/latex_snapshots__*.snap) are rendered
# with KaTeX (throwOnError, strict), then compiled together in one document with
# `pdflatex -halt-on-error` (amsmath).
#
# Needs: jq, node, KaTeX (KATEX_NODE_MODULES=DIR/node_modules), pdflatex.
# Usage: KATEX_NODE_MODULES=... tests/latex_render.sh [path/to/gradtape]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/gradtape}
: "${KATEX_NODE_MODULES:?set KATEX_NODE_MODULES to a folder holding katex (npm install --prefix DIR katex)}"
export KATEX_NODE_MODULES

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
blocks=$work/blocks.jsonl

# Runs gradtape and records its LaTeX output as one block. Exit code 3 (a value
# undefined at the point) still prints LaTeX; anything else is a failure.
emit() {
  local out status=0
  out=$("$bin" "$@") || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "gradtape $* exited with $status" >&2
    exit 1
  fi
  jq -cn --arg source "gradtape $*" --arg tex "$out" '{source: $source, tex: $tex}' >>"$blocks"
}

while IFS= read -r expr; do
  case $expr in '' | '#'*) continue ;; esac
  for env in none align equation; do
    for notation in leibniz prime; do
      emit diff "$expr" --order 1..2 --format latex --latex-env "$env" --latex-notation "$notation"
    done
    emit hessian "$expr" --format latex --latex-env "$env"
  done
  for mul in space cdot times; do
    for log in ln log; do
      emit diff "$expr" --format latex --latex-mul "$mul" --latex-log "$log"
    done
  done
done <tests/latex/cases.txt

emit diff "x^2+2*x*y+y^2" --wrt x,y --at x=2,y=3 --format latex --latex-env align
emit diff "ln(x) + sqrt(x)" --at x=-1 --format latex --latex-env align
emit diff "sin(x)" --order 1..3 --at x=1 --format latex
emit hessian "x^3*y + y^2*z" --at x=1,y=2,z=3 --format latex --latex-env equation
emit jacobian "r*cos(t)" "r*sin(t)" --wrt r,t --at r=2,t=pi/2 --format latex --latex-env align
emit jacobian "x*y*z" "x^2 - y" "exp(z)/x" --format latex
emit diff "f(x)^2" --at x=2 --format latex --latex-env align
emit diff "f(x)" --order 4 --format latex
emit laplacian "1/sqrt(x^2+y^2+z^2) + x^2*y" --at x=1,y=2,z=2 --format latex --latex-env align
emit divergence "x*y" "y*z" "exp(z)/x" --wrt x,y,z --at x=1,y=2,z=3 --format latex
emit curl "y*z^2" "x^3" "exp(x)/z" --wrt x,y,z --at x=1,y=2,z=3 --format latex --latex-env equation
emit curl "x*y" "x^2" --at x=1,y=2 --format latex
emit diff "x^2*y" --along a,b --unit --at x=1,y=1,a=3,b=4 --format latex --latex-env align
emit diff "x^2*y" --along 1,2 --check --format latex
emit series "1/sin(x)" --order 6 --format latex
emit series "f(x)" --around x=a --order 3 --format latex --latex-env align
emit series "tan(x)" --around x=pi/4 --order 3 --format latex --latex-env equation
emit series "exp(x)*cos(y)" --wrt x,y --around y=1 --order 2 --format latex
emit series "sqrt(1+x)*ln(1+x)" --order 4 --format latex --latex-mul cdot

shopt -s nullglob
for snap in tests/snapshots/latex_snapshots__*.snap; do
  # An insta snapshot: a header between two '---' lines, then the output.
  body=$(awk 'seen >= 2 { print } /^---$/ { seen++ }' "$snap")
  jq -cn --arg source "$snap" --arg tex "$body" '{source: $source, tex: $tex}' >>"$blocks"
done

echo "LaTeX blocks: $(wc -l <"$blocks")"
node tests/latex/katex_render.js "$blocks" "$work/all.tex"

if ! command -v pdflatex >/dev/null; then
  echo "pdflatex not found (install texlive-latex-base and texlive-latex-recommended)" >&2
  exit 1
fi
(cd "$work" && pdflatex -halt-on-error -interaction=nonstopmode all.tex >pdflatex.log 2>&1) || {
  grep -A5 '^!' "$work/all.log" >&2 || tail -40 "$work/pdflatex.log" >&2
  echo "pdflatex failed" >&2
  exit 1
}
pages=$(grep -o 'Output written on all.pdf ([0-9]* page' "$work/all.log" | grep -o '[0-9]* page' || true)
echo "pdflatex compiled all LaTeX in one document (${pages:-? page}s)"
