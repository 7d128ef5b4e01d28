#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 12), or RUNS inputs each when
# RUNS is set, with the command's stack size. Needs cargo-fuzz. On nightly (the
# default, TOOLCHAIN=+nightly) the targets build with AddressSanitizer; with
# TOOLCHAIN=+stable they build with the sanitizer off (`-s none`), which needs no
# nightly flag.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-12}
toolchain=${TOOLCHAIN:-+nightly}
build=(-O)
[ "$toolchain" = "+nightly" ] || build=(-O -s none)
ulimit -s 1048576
cargo $toolchain fuzz build "${build[@]}"
for t in parse diff eval cli grammar; do
  mkdir -p "corpus/$t"
  limit="-max_total_time=$seconds"
  [ -n "${RUNS:-}" ] && limit="-runs=$RUNS"
  cargo $toolchain fuzz run "${build[@]}" "$t" "corpus/$t" seeds -- $limit -timeout=10 -rss_limit_mb=4096 \
    -dict=gradtape.dict -max_len=4096 -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|Done|==)|SUMMARY|panicked" || true
  [ -z "$(ls artifacts/$t 2>/dev/null)" ] || { echo "finding in artifacts/$t"; exit 1; }
done
