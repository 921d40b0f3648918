#!/usr/bin/env bash
# Times `octolint check` against the tools a user would otherwise reach for, in one run on the
# same files: `check-jsonschema` validating against octolint's own JSON Schema
# (schema/octolint.schema.json) and `yamllint` (default configuration). Also the peak memory of
# each, and what each one reports. docs/performance.md shows the results.
#
#   scripts/compare.sh                # ~30 KB, ~1 MB and ~10 MB synthetic definitions
#   SIZES="30kb" scripts/compare.sh   # only some sizes
#
# Needs: hyperfine, GNU time and bc (Debian packages `hyperfine`, `time`, `bc`),
# check-jsonschema and yamllint (PyPI). Without hyperfine a plain timing loop is used. Output: target/compare/.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"30kb 1mb 10mb"}
SCHEMA=schema/octolint.schema.json
OUT=target/compare
mkdir -p "$OUT"

for tool in check-jsonschema yamllint; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: $tool is not installed (python3 -m pip install check-jsonschema yamllint)" >&2
    exit 2
  fi
done
if [[ ! -x /usr/bin/time ]]; then
  echo "error: GNU time is not installed (apt-get install time)" >&2
  exit 2
fi
if ! command -v bc >/dev/null; then
  echo "error: bc is not installed (apt-get install bc)" >&2
  exit 2
fi

cargo build --release --quiet --bin octolint --example synth
OCTOLINT=target/release/octolint

echo "# machine: $(nproc) cores, $(uname -sr)"
echo "# octolint $($OCTOLINT --version | awk '{print $2}'), $(check-jsonschema --version 2>&1 | tail -1), yamllint $(yamllint --version | awk '{print $2}')"
command -v hyperfine >/dev/null && echo "# $(hyperfine --version)"

# Same file for every tool: the deliberate errors in it are the did-you-mean kind that only
# octolint finds.
for size in $SIZES; do
  ./target/release/examples/synth --size "$size" --seed 1 >"$OUT/$size.octolint.yaml"
done

commands() {
  local file=$1
  echo "octolint|$OCTOLINT check --format concise $file"
  echo "check-jsonschema|check-jsonschema --schemafile $SCHEMA $file"
  echo "yamllint|yamllint $file"
}

# Mean wall time in seconds of `$2`, run `$1` times after one warm-up run.
loop_time() {
  local runs=$1 command=$2
  $command >/dev/null 2>&1 || true
  local start end
  start=$(date +%s.%N)
  for ((i = 0; i < runs; i++)); do $command >/dev/null 2>&1 || true; done
  end=$(date +%s.%N)
  echo "scale=4; ($end - $start) / $runs" | bc
}

for size in $SIZES; do
  file="$OUT/$size.octolint.yaml"
  bytes=$(wc -c <"$file")
  echo
  echo "## $size ($bytes bytes)"
  case $size in
    30kb) runs=20 ;;
    1mb) runs=5 ;;
    *) runs=3 ;;
  esac

  echo
  echo "### Wall time (cold process: start-up, read, parse, check, print)"
  if command -v hyperfine >/dev/null; then
    args=()
    while IFS='|' read -r name command; do
      args+=(-n "$name" "$command")
    done < <(commands "$file")
    # -i: every tool exits non-zero on a file with problems.
    if ! hyperfine -N -i --warmup 1 --runs "$runs" --style basic \
      --export-markdown "$OUT/time-$size.md" --export-json "$OUT/time-$size.json" "${args[@]}" \
      >/dev/null 2>"$OUT/hyperfine-$size.log"; then
      cat "$OUT/hyperfine-$size.log" >&2
      exit 1
    fi
    cat "$OUT/time-$size.md"
  else
    while IFS='|' read -r name command; do
      echo "$name: $(loop_time "$runs" "$command") s"
    done < <(commands "$file")
  fi

  echo
  echo "### Peak memory and findings"
  echo "| Tool | Peak RSS | × file size | Findings |"
  echo "|:---|---:|---:|---:|"
  while IFS='|' read -r name command; do
    # %M: maximum resident set size in KiB.
    kib=$({ /usr/bin/time -f '%M' $command 2>&1 >"$OUT/$name-$size.out" || true; } | tail -1)
    case $name in
      octolint) findings=$(grep -c ': \(error\|warning\|info\)\[' "$OUT/$name-$size.out" || true) ;;
      check-jsonschema) findings=$(grep -c '^  [^ ]' "$OUT/$name-$size.out" || true) ;;
      yamllint) findings=$(grep -c '^  [0-9]' "$OUT/$name-$size.out" || true) ;;
    esac
    printf '| %s | %.1f MiB | %.1f | %s |\n' "$name" "$(echo "$kib / 1024" | bc -l)" \
      "$(echo "$kib * 1024 / $bytes" | bc -l)" "$findings"
  done < <(commands "$file")
done
