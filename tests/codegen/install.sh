#!/usr/bin/env bash
# Installs what the code generation tests run: a C compiler, and python3 with
# numpy, jax, tensorflow-cpu and torch. Run as root (or with sudo) before
#   GRADTAPE_REQUIRE_FRAMEWORKS=1 cargo test --test codegen_python
# so that a missing framework fails the tests instead of skipping them.
set -euo pipefail

if ! command -v cc >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends gcc libc6-dev
fi
if ! command -v python3 >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends python3 python3-pip
fi
python3 -m pip install --quiet numpy jax tensorflow-cpu torch
python3 -c "import numpy, jax, tensorflow, torch; print('codegen test frameworks:', numpy.__version__, jax.__version__, tensorflow.__version__, torch.__version__)"
