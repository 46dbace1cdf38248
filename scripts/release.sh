#!/usr/bin/env bash
# Builds the release binary of brazeform and packs it for people without a Swift toolchain:
#
#   dist/brazeform-<version>-linux-<arch>.tar.gz          brazeform-<version>-linux-<arch>/{brazeform,README.md}
#   dist/brazeform-<version>-linux-<arch>.tar.gz.sha256   its SHA-256, in `sha256sum -c` form
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib), and so are
# libyaml, zlib and libstdc++ (from their .a archives), so the binary needs only glibc (and libgcc_s,
# which every glibc system has) — no Swift toolchain, no libyaml package.
# The version is the one `brazeform --version` prints (BrazeformVersion.current): it is read
# from the built binary itself.
#
# Environment: BRAZEFORM_RELEASE_SCRATCH (default .build-release, apart from the debug build's
# .build), BRAZEFORM_DIST (default dist). Needs: swift, libyaml-dev (for libyaml.a), zlib1g-dev (libz.a), libstdc++-dev (libstdc++.a),
# binutils (objdump, strip).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=${BRAZEFORM_RELEASE_SCRATCH:-.build-release}
dist=${BRAZEFORM_DIST:-dist}
arch=$(uname -m)

fail() { echo "release.sh: $*" >&2; exit 1; }

# Static libyaml, zlib (Foundation's) and libstdc++: a folder holding only their archives,
# first on the search path. The module map's -lyaml comes with pkg-config's
# -L/usr/lib/<arch>-linux-gnu (which holds the .so) ahead of every other folder, so a
# yaml-0.1.pc of our own, found first through PKG_CONFIG_PATH, points -lyaml at this folder.
static_libs="$PWD/$scratch/static-libs"
mkdir -p "$static_libs"
libdir=$(pkg-config --variable=libdir yaml-0.1 2>/dev/null || echo "/usr/lib/$arch-linux-gnu")
for lib in libyaml.a libz.a; do
    [ -f "$libdir/$lib" ] || fail "no $libdir/$lib: install libyaml-dev and zlib1g-dev (they ship the static archives)"
    ln -sf "$libdir/$lib" "$static_libs/$lib"
done
# The toolchain's clang finds the libstdc++ the Swift runtime was built against.
stdcxx_a=$({ clang -print-file-name=libstdc++.a || g++ -print-file-name=libstdc++.a; } 2>/dev/null | sed -n 1p)
[ -f "$stdcxx_a" ] || fail "no libstdc++.a: install libstdc++-<version>-dev"
ln -sf "$stdcxx_a" "$static_libs/libstdc++.a"
printf 'Name: yaml\nDescription: libyaml, linked from its static archive (scripts/release.sh)\nVersion: %s\nLibs: -L%s -lyaml\nCflags:\n' \
    "$(pkg-config --modversion yaml-0.1)" "$static_libs" > "$static_libs/yaml-0.1.pc"
export PKG_CONFIG_PATH="$static_libs${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

build=(swift build -c release --product brazeform --static-swift-stdlib --scratch-path "$scratch"
       -Xlinker -L"$static_libs")
echo "release.sh: ${build[*]}" >&2
start=$SECONDS
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)/brazeform"
echo "release.sh: built in $((SECONDS - start)) s" >&2

version=$("$bin" --version)
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || fail "unexpected version '$version' from $bin --version"
grep -q "static let current = \"$version\"" Sources/brazeform/VersionCommand.swift \
    || fail "$bin --version says $version, which is not BrazeformVersion.current: a stale build in $scratch?"

# What the binary still loads must be glibc's own (and libgcc_s): nothing of the toolchain, no libyaml.
needed=$(objdump -p "$bin" | awk '/NEEDED/ {print $2}' | sort | tr '\n' ' ')
for lib in $needed; do
    case "$lib" in
        libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|ld-linux*|libgcc_s.so.*) ;;
        *) fail "$bin needs $lib, which is not part of glibc (needed: $needed)" ;;
    esac
done
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)

name="brazeform-$version-linux-$arch"
stage="$scratch/stage/$name"
rm -rf "$scratch/stage" && mkdir -p "$stage" "$dist"
cp "$bin" "$stage/brazeform"
strip "$stage/brazeform"
cp README.md "$stage/"
# Reproducible: sorted names, no owner, the commit's time, gzip without a timestamp.
mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C "$scratch/stage" -cf - "$name" \
    | gzip -9n > "$dist/$name.tar.gz"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

echo "release.sh: needs $needed(newest symbol $glibc)" >&2
echo "release.sh: $(du -h "$dist/$name.tar.gz" | cut -f1) $dist/$name.tar.gz" >&2
cat "$dist/$name.tar.gz.sha256"
