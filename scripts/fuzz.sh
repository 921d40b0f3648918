#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for SECONDS each (default 20), one after another,
# starting from the seed corpora; fails on the first crash, hang (10 s) or out-of-memory
# (1 GiB), which libFuzzer saves under fuzz/artifacts/<target>/. CI runs it as a smoke test;
# see docs/reliability.md for the long runs.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: check render lsp octopoid (default all)
#
# New inputs go to fuzz/corpus/<target>/ (kept between runs, not committed); a crash found
# here becomes a regression test by copying it into tests/fixtures/fuzz/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(check render lsp octopoid)

# Seeds (read, never written): what each target's input looks like, plus every input that
# once failed.
seeds() {
  case $1 in
    check | render) echo ../flows ../tests/fixtures/ok ../tests/fixtures/err ../tests/fixtures/fuzz/check ../tests/fixtures/fuzz/render ;;
    lsp) echo ../tests/fixtures/fuzz/lsp ;;
    octopoid) echo seeds/octopoid ../tests/fixtures/fuzz/octopoid ;;
    *) echo "unknown fuzz target: $1 (check, render, lsp, octopoid)" >&2; exit 2 ;;
  esac
}

# An unknown target stops here, not after the build (`exit` inside `$(seeds …)` below would
# only leave the subshell).
for target in "${targets[@]}"; do
  seeds "$target" >/dev/null
done

# Release with debug assertions and overflow checks: the conditions the tests run under.
cargo +nightly fuzz build -O -a
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  # The seed list is split on purpose. libFuzzer's log (and the server's own complaints about
  # the broken sessions it is fed) is shown only when the run fails.
  # shellcheck disable=SC2046
  if ! cargo +nightly fuzz run -O -a "$target" "$corpus" $(seeds "$target") -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    >"$log" 2>&1; then
    { grep -v '^octolint lsp: ' "$log" || true; } | tail -n 80 >&2
    echo "fuzz target $target failed; the input is under fuzz/artifacts/$target/" >&2
    exit 1
  fi
  echo "fuzz $target: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)s, no failure"
done
