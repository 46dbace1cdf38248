#!/usr/bin/env bash
# API benchmark: BrazeClient against BrazeSimulator with the seed text's rate
# limits, on a shared virtual clock. Prints requests, 429s and virtual time
# against the lower bound the limits allow.
# Usage: scripts/benchmark-api.sh [--http]
#   (default: in-process ClosureTransport -> simulator.handle; --http adds a
#    loopback HTTP run through AsyncHTTPClientTransport -> SimulatorServer)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-bench --product BrazeformBenchmarks
"$(swift build -c release --scratch-path .build-bench --show-bin-path)/BrazeformBenchmarks" "$@"
