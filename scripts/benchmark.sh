#!/usr/bin/env bash
# Performance figures of brazeform (a benchmark, not a test): prints numbers, asserts nothing.
#   scripts/benchmark.sh            everything
#   scripts/benchmark.sh validate   local parse/validate/diff speed at scale only
# Builds in release into .build-release (kept apart from the debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
scratch=.build-release
echo "== building brazeform (release)"
swift build -c release --scratch-path "$scratch" --product brazeform >/dev/null
bin="$scratch/release/brazeform"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ "$what" == all || "$what" == validate ]]; then
    echo "== validate: 2,000 resources and a catalog of 100,000 CSV items, 3 workspaces"
    python3 scripts/generate-project.py "$work/large" --resources 2000 --items 100000
    "$bin" validate -C "$work/large" >/dev/null   # warm the file cache
    best=""
    for run in 1 2 3; do
        start=$(date +%s.%N)
        "$bin" validate -C "$work/large" >/dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        echo "   run $run: ${t}s"
        if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
    done
    echo "   validate best of 3: ${best}s (target: under 2 s)"
fi

if [[ "$what" == all || "$what" == api || "$what" == engine ]]; then
    if [[ -x scripts/benchmark-api.sh ]]; then scripts/benchmark-api.sh; fi
fi
