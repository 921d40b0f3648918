#!/usr/bin/env bash
# Builds every release artifact for one platform into target/dist/ — the current one, or the
# Rust target given — as the release workflow (.github/workflows/release.yml) does on each:
#
#   target/dist/octolint-<version>-<target>.tar.gz (.zip on Windows)  binary, README, licenses
#   target/dist/wheels/octolint-<version>-…whl             the PyPI wheel (maturin, bindings = "bin")
#   target/dist/npm/octolint-<version>.tgz                 the npm package with the `octolint` shim
#   target/dist/npm/octolint-<platform>-<version>.tgz      @octolint/<platform>, with the binary
#   target/dist/vscode/octolint-<platform>-<version>.vsix  the VS Code extension with the binary
#   target/dist/SHA256SUMS
#
#   scripts/package.sh [RUST_TARGET]
#
# Needs maturin (PyPI; on Linux with ziglang too: glibc targets get a manylinux2014 wheel that
# runs on glibc 2.17 and later, musl targets a static musllinux one), Node.js with npm, and
# `npm ci` done in editors/vscode. One binary, the wheel's, goes into every artifact.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
dist=target/dist
rm -rf "$dist"
mkdir -p "$dist/wheels" "$dist/npm" "$dist/vscode"

if (($#)); then
  triple=$1
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) triple=x86_64-unknown-linux-gnu ;;
    Linux-aarch64) triple=aarch64-unknown-linux-gnu ;;
    Darwin-x86_64) triple=x86_64-apple-darwin ;;
    Darwin-arm64) triple=aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64) triple=x86_64-pc-windows-msvc ;;
    *) echo "scripts/package.sh: name a Rust target for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
  esac
fi
# The platform in the names npm and VS Code give it, and how the wheel is built.
exe=
wheel_flags=(--release --bindings bin --target "$triple" --out "$dist/wheels")
case "$triple" in
  x86_64-unknown-linux-gnu) npm_platform=linux-x64 vscode_target=linux-x64
    wheel_flags+=(--compatibility manylinux2014 --zig) ;;
  aarch64-unknown-linux-gnu) npm_platform=linux-arm64 vscode_target=linux-arm64
    wheel_flags+=(--compatibility manylinux2014 --zig) ;;
  x86_64-unknown-linux-musl) npm_platform=linux-x64-musl vscode_target=alpine-x64
    wheel_flags+=(--zig) ;;
  aarch64-unknown-linux-musl) npm_platform=linux-arm64-musl vscode_target=alpine-arm64
    wheel_flags+=(--zig) ;;
  x86_64-apple-darwin) npm_platform=darwin-x64 vscode_target=darwin-x64 ;;
  aarch64-apple-darwin) npm_platform=darwin-arm64 vscode_target=darwin-arm64 ;;
  x86_64-pc-windows-msvc) npm_platform=win32-x64 vscode_target=win32-x64 exe=.exe ;;
  *) echo "scripts/package.sh: no packaging for $triple" >&2; exit 2 ;;
esac
npm_os=${npm_platform%%-*}
npm_cpu=${npm_platform#*-}
npm_cpu=${npm_cpu%-musl}
npm_libc=
[[ $npm_platform == *-musl ]] && npm_libc=musl
[[ $npm_os == linux && -z $npm_libc ]] && npm_libc=glibc

command -v maturin >/dev/null ||
  { echo "scripts/package.sh: maturin is missing (python3 -m pip install maturin ziglang)" >&2; exit 2; }
maturin build "${wheel_flags[@]}"
wheel=$(ls "$dist"/wheels/octolint-"$version"-*.whl)

# The binary, taken from the wheel so that every artifact carries the same one.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
binary="$work/octolint$exe"
python3 - "$wheel" "$binary" "octolint$exe" <<'PY'
import sys, zipfile
wheel, out, name = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    member = next(n for n in z.namelist() if n.endswith(".data/scripts/" + name))
    with open(out, "wb") as f:
        f.write(z.read(member))
PY
chmod +x "$binary"
host_triple=$(rustc -vV 2>/dev/null | sed -n 's/^host: //p' || true)
[[ $triple != "$host_triple" ]] || "$binary" --version >/dev/null

# The binary archive.
archive="octolint-$version-$triple"
mkdir -p "$work/$archive"
cp "$binary" README.md LICENSE-MIT LICENSE-APACHE "$work/$archive/"
if [[ -n $exe ]]; then
  (cd "$work" && python3 -m zipfile -c "$OLDPWD/$dist/$archive.zip" "$archive")
else
  tar -C "$work" -czf "$dist/$archive.tar.gz" "$archive"
fi

# npm: the platform package, then the main package with the shim.
platform_dir="$work/npm-$npm_platform"
mkdir -p "$platform_dir/bin"
cp "$binary" "$platform_dir/bin/octolint$exe"
cp LICENSE-MIT LICENSE-APACHE "$platform_dir/"
# npm 10+ also picks the package by C library on Linux.
libc_field=
[[ -z $npm_libc ]] || libc_field=$'\n  "libc": ["'"$npm_libc"'"],'
cat >"$platform_dir/package.json" <<JSON
{
  "name": "@octolint/$npm_platform",
  "version": "$version",
  "description": "The octolint binary for $npm_platform (installed by the octolint package)",
  "license": "MIT OR Apache-2.0",
  "repository": {"type": "git", "url": "git+https://github.com/octolint/octolint.git"},
  "os": ["$npm_os"],
  "cpu": ["$npm_cpu"],$libc_field
  "files": ["bin/octolint$exe"],
  "preferUnplugged": true
}
JSON
main_dir="$work/npm-main"
cp -r packaging/npm/octolint "$main_dir"
cp README.md LICENSE-MIT LICENSE-APACHE "$main_dir/"
(cd "$platform_dir" && npm pack --pack-destination "$OLDPWD/$dist/npm" >/dev/null)
(cd "$main_dir" && npm pack --pack-destination "$OLDPWD/$dist/npm" >/dev/null)

# The VS Code extension for this platform, with the binary in bin/.
[[ -d editors/vscode/node_modules ]] ||
  { echo "scripts/package.sh: run \`npm ci\` in editors/vscode first" >&2; exit 2; }
mkdir -p editors/vscode/bin
cp "$binary" "editors/vscode/bin/octolint$exe"
(
  cd editors/vscode
  npm run --silent compile
  npx vsce package --target "$vscode_target" \
    --out "../../$dist/vscode/octolint-$vscode_target-$version.vsix" >/dev/null
)
rm -rf editors/vscode/bin

(cd "$dist" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum >SHA256SUMS)
echo "built into $dist:"
(cd "$dist" && find . -type f -printf '  %P\n' | sort)
