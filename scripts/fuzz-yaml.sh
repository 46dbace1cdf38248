#!/usr/bin/env bash
# Coverage-guided fuzzing of the YAML reader with libFuzzer and AddressSanitizer.
# Usage: scripts/fuzz-yaml.sh [SECONDS]   (default 60). Crashes land in fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
mkdir -p .build-fuzz fuzz-artifacts .build-fuzz/corpus
cp examples/*/brazeform.yaml .build-fuzz/corpus/ 2>/dev/null || true
find examples -name '*.yaml' -exec cp {} .build-fuzz/corpus/ \; 2>/dev/null || true
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name YAMLReaderFuzz \
    -I Sources/CYAML $(pkg-config --libs yaml-0.1) \
    Sources/YAML/*.swift Fuzz/YAMLReaderFuzzer.swift -o .build-fuzz/yaml-fuzzer
.build-fuzz/yaml-fuzzer -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -artifact_prefix=fuzz-artifacts/ .build-fuzz/corpus
