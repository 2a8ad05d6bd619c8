# Helpers shared by scripts/setup, scripts/run and scripts/test. Sourced, never run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

VENV="$ROOT/.venv"
# shellcheck disable=SC2034  # used by the scripts that source this file
PY="$VENV/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
    printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2
    exit 1
}

# Run one named stage; on failure, stop and name the stage.
stage() {
    local name="$1"
    shift
    say "$name"
    local start=$SECONDS
    if ! "$@"; then
        die "stage failed: $name (after $((SECONDS - start))s)"
    fi
}
