#!/usr/bin/env bash
# Benchmarks CSV import through the CLI (PRODUCT.md section 7: 100,000 entries in <= 1.5 s).
#
#   tests/bench/bench_csv_import.sh [path/to/mutua] [entries]
#
# Makes a CSV of N demo entries (default 100,000), then imports it 5 times, each into a fresh
# database, and prints every run and the median wall time. Also times sample-10k.csv the same
# way. Build without sanitizers for meaningful numbers (e.g. cmake -B build-rel).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mutua="${1:-$here/../../build/app/mutua}"
entries="${2:-100000}"
runs=5
sample="$here/../data/sample-10k.csv"

if [ ! -x "$mutua" ]; then
  echo "bench_csv_import: no mutua binary at $mutua (pass its path as the first argument)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mutua-bench-csv.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Prints the median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_imports FILE: imports FILE $runs times into fresh databases; prints the median seconds.
time_imports() {
  local file="$1" times=()
  for i in $(seq 1 "$runs"); do
    local db="$work/fresh-$i.db"
    rm -f "$db" "$db-wal" "$db-shm"
    local start end
    start=$(date +%s.%N)
    "$mutua" --db "$db" import-csv "$file" >/dev/null 2>"$work/err" || {
      echo "import failed: $(cat "$work/err")" >&2
      exit 1
    }
    end=$(date +%s.%N)
    local t
    t=$(echo "$end - $start" | bc -l)
    printf '  run %d: %.3f s\n' "$i" "$t" >&2
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | median
}

echo "making $entries demo entries..." >&2
"$mutua" --db "$work/source.db" demo --entries "$entries" >/dev/null 2>&1
"$mutua" --db "$work/source.db" export-csv "$work/demo.csv" --with-contacts >/dev/null 2>&1
rows=$(($(wc -l <"$work/demo.csv") - 1))
size=$(du -h "$work/demo.csv" | cut -f1)
echo "exported $rows rows ($size)" >&2

if [ -f "$sample" ]; then
  echo "sample-10k.csv:" >&2
  printf 'median import of sample-10k.csv: %.3f s\n' "$(time_imports "$sample")"
fi
echo "$entries demo entries:" >&2
printf 'median import of %s entries: %.3f s (target <= 1.5 s)\n' "$entries" "$(time_imports "$work/demo.csv")"
