#!/usr/bin/env bash
# Proves that the release archive scripts/release.sh made runs without the Swift toolchain:
#
#   1. the archive matches its .sha256 (as a user checks it);
#   2. ldd of the unpacked binary lists no library of the toolchain, no libyaml, nothing missing;
#   3. in a mount namespace where the toolchain's folder and libyaml's shared library are hidden
#      (empty), with an empty environment, the binary prints its version and validates, plans
#      and applies examples/newsletter against the embedded sandbox (on a copy of it), and
#      validates 5,001 YAML items (a file large enough to be read on a thread of its own when
#      two cores are usable).
#
# Step 3 needs root (unshare -m); without it, it runs with the empty environment only and says so.
# Usage: scripts/test-release.sh [ARCHIVE]   (default: dist/brazeform-<version>-linux-<arch>.tar.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/brazeform/VersionCommand.swift)
archive=${1:-dist/brazeform-$version-linux-$(uname -m).tar.gz}
[ -f "$archive" ] || { echo "test-release.sh: no $archive; run scripts/release.sh first" >&2; exit 1; }

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The checksum, checked where the archive is, as the README tells users to.
if (cd "$(dirname "$archive")" && sha256sum --quiet -c "$(basename "$archive").sha256"); then
    pass "sha256 of $(basename "$archive") matches its .sha256"
else
    fail "sha256 of $archive does not match $archive.sha256"
fi

tar -xzf "$archive" -C "$work"
bin=$(echo "$work"/brazeform-*/brazeform)
[ -x "$bin" ] || { echo "test-release.sh: no brazeform-*/brazeform in $archive" >&2; exit 1; }

# 2. What the dynamic loader would load.
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift || echo /opt/swift/usr/bin/swift)")")")")
libs=$(ldd "$bin")
echo "$libs" | sed 's/^/     /'
if grep -q "$toolchain" <<<"$libs"; then fail "ldd lists a library under $toolchain"; else pass "ldd lists nothing under $toolchain"; fi
if grep -qi 'yaml\|swift\|foundation\|dispatch\|stdc++' <<<"$libs"; then fail "ldd lists libyaml, libstdc++ or a Swift library"; else pass "ldd lists no libyaml, libstdc++ or Swift library"; fi
if grep -q 'not found' <<<"$libs"; then fail "ldd: a library is not found"; else pass "ldd finds every library"; fi

# 3. Run it with the toolchain and libyaml out of reach.
cp -R examples/newsletter "$work/project"
mkdir -p "$work/empty" "$work/home"
# awk reads to the end (no early exit): under pipefail a reader that stops early kills ldconfig
# with SIGPIPE, and the script with exit 141, whenever the listing outgrows the pipe's buffer.
yaml_so=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | awk '/libyaml-0\.so\.2 / && !found {print $NF; found=1}' || true)
script=$(cat <<'EOF'
set -u
bin=$1 project=$2
# A command inside the clean room: empty environment but PATH, HOME and TERM=dumb.
run() { env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" TERM=dumb "$bin" "$@"; }
echo "version: $(run --version 2>&1)"
run validate -C "$project" > "$OUT/validate.out" 2>&1; echo "validate exit: $?"
run validate -C "$BIG" > "$OUT/big.out" 2>&1; echo "big validate exit: $?"
echo "usable cores: $(nproc)"
run plan -C "$project" --no-color > "$OUT/plan.out" 2>&1; echo "plan exit: $?"
run apply -C "$project" --auto-approve --no-color > "$OUT/apply.out" 2>&1; echo "apply exit: $?"
run plan -C "$project" --detailed-exitcode --no-color > "$OUT/replan.out" 2>&1; echo "replan exit: $?"
ls /opt/swift 2>/dev/null | wc -l | sed 's/^/toolchain entries visible: /'
swift --version >/dev/null 2>&1 && echo "swift runs: yes" || echo "swift runs: no"
EOF
)
# A YAML items file large enough (over 128 KB) to be parsed on a thread of its own.
big=$work/big
mkdir -p "$big/m"
printf 'version: 1\nmanifests: [m]\nworkspaces:\n  sandbox: {sandbox: true}\n' > "$big/brazeform.yaml"
printf 'kind: catalog\nname: big\ndescription: d\nfields: [{name: id, type: string}, {name: Name, type: string}, {name: Price, type: number}]\nitems: {file: items.yaml}\n' > "$big/m/c.yaml"
# The last item repeats an id: the error proves the file was read to its end.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "- {id: item-%d, Name: \"Name %d\", Price: %d.5}\n", i, i, i
             print "- {id: item-7, Name: again, Price: 1}" }' > "$big/m/items.yaml"
export OUT=$work HOME_DIR=$work/home BIG=$big
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
    hide="mount --make-rprivate / && mount --bind '$work/empty' '$toolchain'"
    [ -n "$yaml_so" ] && hide="$hide && mount --bind /dev/null '$(readlink -f "$yaml_so")'"
    result=$(unshare -m bash -c "$hide && bash -c \"\$0\" inner \"\$@\"" "$script" "$bin" "$work/project")
    isolated=yes
else
    echo "note: not root or no unshare -m: the toolchain stays visible; only the environment is empty"
    result=$(bash -c "$script" inner "$bin" "$work/project")
    isolated=no
fi
echo "$result" | sed 's/^/     /'

expect() { if grep -qx -- "$1" <<<"$result"; then pass "$2"; else fail "$2 (expected '$1')"; fi; }
expect "version: $version" "--version prints $version"
expect "validate exit: 0" "validate examples/newsletter exits 0"
grep -q "^validate: .* valid for .*; 0 errors" "$work/validate.out" && pass "validate says the project is valid, 0 errors" || { fail "validate's output:"; cat "$work/validate.out"; }
cores=$(sed -n 's/^usable cores: //p' <<<"$result")
expect "big validate exit: 3" "validate of 5,001 YAML items ($([ "${cores:-1}" -gt 1 ] && echo "read on a thread of its own: $cores cores" || echo "one core: read on the caller's thread")) exits 3 for the repeated id"
grep -q "items.yaml:5001:8: error: item 5001: duplicate id 'item-7', first used at .*items.yaml:8:8" "$work/big.out" \
    && pass "validate reads the 5,001 items to the end and names the repeated id" || { fail "validate's output for 5,001 items:"; cat "$work/big.out"; }
expect "plan exit: 0" "plan against the embedded sandbox exits 0"
grep -q "to create" "$work/plan.out" && pass "plan shows changes to create" || { fail "plan's output:"; cat "$work/plan.out"; }
expect "apply exit: 0" "apply --auto-approve exits 0"
grep -q "^Apply complete" "$work/apply.out" && pass "apply says Apply complete" || { fail "apply's output:"; cat "$work/apply.out"; }
expect "replan exit: 0" "the plan after apply is empty (--detailed-exitcode 0)"
if [ "$isolated" = yes ]; then
    expect "toolchain entries visible: 0" "$toolchain is empty inside the namespace"
    expect "swift runs: no" "swift cannot run inside the namespace"
fi

if [ "$failures" -gt 0 ]; then echo "test-release.sh: $failures check(s) failed"; exit 1; fi
echo "test-release.sh: all checks passed ($( [ "$isolated" = yes ] && echo "toolchain and libyaml hidden" || echo "environment only"))"
