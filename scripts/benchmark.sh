#!/usr/bin/env bash
# Performance figures of brazeform (a benchmark, not a test): prints numbers, asserts nothing.
#   scripts/benchmark.sh                 everything
#   scripts/benchmark.sh validate        local parse/validate speed at scale (2,000 resources, 100,000 CSV items)
#   scripts/benchmark.sh api [--http]    API client vs. rate-limit bounds (500 block reads, 20 catalog creations)
#   scripts/benchmark.sh engine          plan+apply of 300 resources: write calls vs. minimum, time vs. bound
#   scripts/benchmark.sh scale           a 100,000-item catalog step by step (plan from empty, apply, plan with the item
#                                        snapshot, plan --refresh, 1%-changed re-plan and apply): API calls, virtual s vs bound,
#                                        local CPU, brazeform's own peak memory (--items=N for another size)
# Builds in release into .build-release (kept apart from the debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
scratch=.build-release
echo "== building brazeform (release)"
swift build -c release --scratch-path "$scratch" --product brazeform 2>&1 | grep -E "error|warning: unre" || true
swift build -c release --scratch-path "$scratch" --product BrazeformBenchmarks 2>&1 | grep -E "error|warning: unre" || true
bin="$scratch/release/brazeform"
benchmarks="$scratch/release/BrazeformBenchmarks"
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
        t=$(awk "BEGIN { printf \"%.3f\", $end - $start }")
        echo "   run $run: ${t}s"
        if [[ -z "$best" ]] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
    done
    echo "   validate best of 3: ${best}s (target: under 2 s)"
fi

case "$what" in
    all) "$benchmarks" api engine scale ;;
    api|engine|scale) shift; "$benchmarks" "$what" "$@" ;;
esac
