#!/usr/bin/env bash
# gradtape in the shell, the way the README and docs/cookbook.md use it: command
# substitution, jq, xargs, paste, a closed pipe, streaming from a slow writer,
# and 100,000 lines through one process without memory growth.
#
# Usage: tests/shell.sh [path/to/gradtape]   (default: target/release/gradtape)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/gradtape}")
gradtape() { "$bin" "$@"; }
export NO_COLOR=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $1"; }
fail() {
  echo "FAIL $1" >&2
  failures=$((failures + 1))
}
# expect NAME ACTUAL EXPECTED
expect() {
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1: got [$2], expected [$3]"; fi
}

# -- command substitution and plain output
v=$(gradtape diff "x^3" --wrt x --at x=2 --format plain)
expect "plain value in \$(...)" "$v" "12"
expect "plain expression" "$(gradtape diff "x^2+2*x*y+y^2" --wrt x --format plain)" "2*(x + y)"
read -r gx gy < <(gradtape diff "x^2+2*x*y+y^2" --wrt x,y --at x=2,y=3 --format plain | paste -sd' ')
expect "gradient into read" "$gx,$gy" "10,10"

# -- jq
expect "jq picks the derivative values" \
  "$(gradtape diff "x^2+2*x*y+y^2" --wrt x,y --at x=2,y=3 --format json | jq -r '.derivatives[] | "\(.wrt | join("")) \(.value)"' | paste -sd';')" \
  "x 10;y 10"
expect "jq reads a float as a number" \
  "$(gradtape diff "sin(x)" --at x=0 --format json | jq '.derivatives[0].float + 1')" "2"
expect "jq: a closed form is the value, its float a number" \
  "$(gradtape eval "sin(x)" --at x=pi/4 --format json | jq -r '"\(.value) \(.float | type) \(.float * 2 | . * 1000 | floor)"')" "sqrt(2)/2 number 1414"
expect "jq: beyond f64 the float is a string, never infinity" \
  "$(gradtape eval "exp(1000)" --format json | jq -r '"\(.value) \(.float) \(.float | type)"')" "exp(1000) 1.97007e434 string"
expect "jq: --float makes value the decimal, --digits its digits" \
  "$(gradtape eval "x/3" --at x=1 --float --digits 3 --format json | jq -r '.value')" "0.333"
expect "jq: a derivative where the function is undefined has no float" \
  "$(gradtape diff "ln(x)" --at x=-1 --format json | jq -c '.derivatives[0].float')" "null"
expect "jq: Hessian matrix" \
  "$(gradtape hessian "x^3*y" --at x=1,y=2 --format json | jq -c '[.matrix[][] | .value]')" '["12","3","3","0"]'
expect "jq: Hessian derivatives list each pair once" \
  "$(gradtape hessian "x*y*z" --format json | jq -c '[.derivatives[].wrt | join("")]')" '["xx","xy","xz","yy","yz","zz"]'
expect "jq: Jacobian rows" \
  "$(gradtape jacobian "r*cos(t)" "r*sin(t)" --wrt r,t --format json | jq -r '.matrix[] | map(.expression) | join(" | ")' | paste -sd';')" \
  "cos(t) | -r*sin(t);sin(t) | r*cos(t)"

expect "jq: the Laplacian of a harmonic function" \
  "$(gradtape laplacian "exp(x)*sin(y)" --format json | jq -r '.laplacian.expression')" "0"
expect "jq: a divergence at a point" \
  "$(gradtape divergence "x*y" "y*z" "z*x" --wrt x,y,z --at x=1,y=2,z=3 --format json | jq -r '"\(.divergence.expression) \(.divergence.float)"')" \
  "x + y + z 6"
expect "jq: the curl's three components" \
  "$(printf 'y*z\n-x*z\n0\n' | gradtape curl --wrt x,y,z --format json | jq -r '[.curl[].expression] | join(";")')" "x;y;-2*z"
expect "jq: the directional derivative and its check" \
  "$(gradtape diff "x^2*y" --along 3,4 --unit --at x=1,y=1 --check --format json | jq -r '"\(.directional.value) \(.directional.check.pass) \(.check.passed)"')" \
  "2 true 3"
status=0
gradtape curl x y --wrt x,y,z --format json >"$work/curl.json" 2>/dev/null || status=$?
expect "jq: a curl of two components by three variables is an error object" \
  "$status $(jq -r '.error.kind' "$work/curl.json")" "2 usage"

expect "jq: a Laurent series' powers and coefficients" \
  "$(gradtape series "1/sin(x)" --order 4 --format json | jq -r '[.terms[] | "\(.powers.x):\(.coefficient)"] | join(" ")')" \
  "-1:1 1:1/6 3:7/360"
expect "a plain series read back by eval, exactly" \
  "$(gradtape eval "$(gradtape series "exp(sin(x))" --order 3 --format plain)" --at x=1/2 --format plain)" "13/8"
status=0
printf '%s\n' "cos(x)" "ln(x)" "tan(x)" | gradtape series --order 3 --format json >"$work/series.json" 2>/dev/null || status=$?
expect "a batch of series: the branch point is an error object between the others" \
  "$status $(jq -r '.error.kind // .series' "$work/series.json" | paste -sd';')" "2 1 - x^2/2;no-series;x + x^3/3"

# -- a batch on stdin: one JSON line per input line, in order, each valid for jq
printf '%s\n' "x^2" "# a comment" "" "sin(x)" "x +" "exp(2*x)" >"$work/batch.txt"
status=0
gradtape diff --wrt x --format json <"$work/batch.txt" >"$work/batch.jsonl" || status=$?
expect "batch with a bad line exits 2" "$status" "2"
expect "batch: every line valid for jq" "$(jq -c . "$work/batch.jsonl" | wc -l)" "4"
expect "batch: order and line number of the error" \
  "$(jq -r 'if .error then "error@\(.error.line)" else .derivatives[0].expression end' "$work/batch.jsonl" | paste -sd' ')" \
  "2*x cos(x) error@5 2*exp(2*x)"

# -- paste: expressions next to their derivatives
printf '%s\n' "x^3" "sin(x)^2" "ln(x)" >"$work/exprs.txt"
gradtape diff --wrt x --format plain <"$work/exprs.txt" | paste "$work/exprs.txt" - >"$work/pasted.txt"
expect "paste pairs each input with its derivative" "$(cut -f2 "$work/pasted.txt" | paste -sd';')" \
  "3*x^2;sin(2*x);1/x"
# -- paste: every input line gives one output line, so pairs never shift: a comment,
# a blank line, a bad line, no result (a constant) and several results (tab-separated)
printf '%s\n' "# gradient of each" "x^2*y" "" "sine(x)" "7" "x +" "exp(x*y)" >"$work/mixed.txt"
status=0
gradtape diff --format plain <"$work/mixed.txt" >"$work/mixed.out" 2>"$work/mixed.err" || status=$?
expect "paste: a batch with bad lines exits 2" "$status" "2"
expect "paste: one output line per input line" "$(wc -l <"$work/mixed.out")" "$(wc -l <"$work/mixed.txt")"
paste "$work/mixed.txt" "$work/mixed.out" >"$work/mixed.pasted"
expect "paste: each input next to its own results" \
  "$(awk -F'\t' '{ printf "%s=>%s", $1, $2; for (i = 3; i <= NF; i++) printf "|%s", $i; printf ";" }' "$work/mixed.pasted")" \
  "# gradient of each=>;x^2*y=>2*x*y|x^2;=>;sine(x)=>;7=>;x +=>;exp(x*y)=>y*exp(x*y)|x*exp(x*y);"
expect "paste: the errors are on stderr with their line numbers" \
  "$(grep -o '^error: line [0-9]*' "$work/mixed.err" | paste -sd' ')" "error: line 4 error: line 6"
expect "paste: with --at, values side by side" \
  "$(gradtape diff --at x=1,y=2 --format plain <"$work/mixed.txt" 2>/dev/null | paste "$work/mixed.txt" - | sed -n 2p)" \
  "$(printf 'x^2*y\t4\t1')"
expect "paste: Hessian rows are tab-separated" "$(gradtape hessian "x^2*y" --at x=1,y=5 --format plain | paste -sd'|')" \
  "$(printf '10\t2|2\t0')"

# -- xargs: one process per argument, as in a loop
expect "xargs over points" "$(seq 1 4 | xargs -I{} "$bin" diff "x^3" --wrt x --at x={} --format plain | paste -sd' ')" \
  "3 12 27 48"
expect "xargs over expressions" \
  "$(printf '%s\n' "x^2" "x*exp(x)" | xargs -d '\n' -n1 "$bin" diff --wrt x --format plain | paste -sd';')" \
  "2*x;exp(x)*(x + 1)"

# -- a closed pipe: quiet, status 0
awk 'BEGIN { for (i = 0; i < 100000; i++) print "x^2 + sin(x)" }' >"$work/many.txt"
set +o pipefail
gradtape diff --wrt x --format plain <"$work/many.txt" 2>"$work/head.err" | head -1 >/dev/null
status=${PIPESTATUS[0]}
yes "x^2" | gradtape diff --format plain 2>>"$work/head.err" | head -1 >/dev/null
status2=${PIPESTATUS[1]}
set -o pipefail
expect "| head -1: exit status 0" "$status,$status2" "0,0"
expect "| head -1: nothing on stderr" "$(cat "$work/head.err")" ""

# -- streaming: each answer comes before the next line is written (one thread and several)
for jobs in 1 3; do
  coproc G { "$bin" diff --wrt x --format plain --jobs "$jobs"; }
  # bash unsets G and G_PID when the co-process ends: keep copies.
  gpid=$G_PID gin=${G[1]} gout=${G[0]}
  streamed=""
  for n in 2 3 4; do
    echo "x^$n" >&"$gin"
    # A deadlock guard only: without streaming no answer would come while stdin is open.
    if IFS= read -r -t 60 line <&"$gout"; then streamed="$streamed$line;"; else streamed="${streamed}TIMEOUT;"; fi
  done
  exec {gin}>&-
  wait "$gpid" || true
  expect "stdin is streamed line by line (--jobs $jobs)" "$streamed" "2*x;3*x^2;4*x^3;"
done

# -- 100,000 lines in one process on three threads: memory stays flat, JSON Lines in order
if [ -r /proc/self/status ]; then
  mkfifo "$work/in"
  "$bin" diff --wrt x --format json --jobs 3 <"$work/in" >"$work/big.jsonl" &
  pid=$!
  exec 3>"$work/in"
  gen() { awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++) print "x^" (i % 50) "*sin(" i "*x) + y/" i }'; }
  wait_lines() {
    local deadline=$((SECONDS + 600))
    while [ "$(wc -l <"$work/big.jsonl")" -lt "$1" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  }
  hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$pid/status"; }
  gen 1 10000 >&3
  wait_lines 10000
  hwm_10k=$(hwm)
  gen 10001 100000 >&3
  wait_lines 100000
  hwm_100k=$(hwm)
  exec 3>&-
  wait "$pid"
  echo "     peak memory after 10,000 lines: ${hwm_10k} kB, after 100,000 lines: ${hwm_100k} kB"
  if [ $((hwm_100k - hwm_10k)) -le 2048 ]; then pass "100,000 lines: no memory growth"; else fail "memory grew from ${hwm_10k} to ${hwm_100k} kB"; fi
  expect "100,000 JSON lines, each valid for jq" "$(jq -c .input "$work/big.jsonl" | wc -l)" "100000"
  expect "100,000 lines in input order" "$(jq -r .input "$work/big.jsonl" | cmp - <(gen 1 100000) && echo same)" "same"
else
  echo "skip 100,000-line memory test (no /proc)"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures shell test(s) failed" >&2
  exit 1
fi
echo "all shell tests passed"
