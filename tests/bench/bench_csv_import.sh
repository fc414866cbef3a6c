#!/usr/bin/env bash
# Benchmarks CSV import through the CLI (PRODUCT.md section 7: 100,000 entries in <= 1.5 s).
#
#   tests/bench/bench_csv_import.sh [path/to/mutua] [entries]
#
# Makes a CSV of N demo entries (default 100,000), then imports it RUNS times (default 3), each
# into a fresh database, and prints every run's wall time and peak memory (maximum resident set
# size, from /usr/bin/time -v) and their medians. Also times sample-10k.csv the same way. Build
# without sanitizers for meaningful numbers (e.g. cmake -B build-rel -DCMAKE_BUILD_TYPE=Release).
# Issue 11 target: peak memory <= 150 MB whatever the file size (1,000,000 rows is ~240 MB).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mutua="${1:-$here/../../build/app/mutua}"
entries="${2:-100000}"
runs=${RUNS:-3}
sample="$here/../data/sample-10k.csv"

if [ ! -x "$mutua" ]; then
  echo "bench_csv_import: no mutua binary at $mutua (pass its path as the first argument)" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mutua-bench-csv.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Prints the median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

have_time=0
if [ -x /usr/bin/time ]; then have_time=1; fi

# time_imports FILE: imports FILE $runs times into fresh databases; prints the median seconds
# and the median peak memory in MB.
time_imports() {
  local file="$1" times=() peaks=()
  for i in $(seq 1 "$runs"); do
    local db="$work/fresh-$i.db"
    rm -f "$db" "$db-wal" "$db-shm"
    local start end
    start=$(date +%s.%N)
    if [ "$have_time" = 1 ]; then
      /usr/bin/time -v -o "$work/time" "$mutua" --db "$db" import-csv "$file" >/dev/null 2>"$work/err" || {
        echo "import failed: $(cat "$work/err")" >&2
        exit 1
      }
    else
      "$mutua" --db "$db" import-csv "$file" >/dev/null 2>"$work/err" || {
        echo "import failed: $(cat "$work/err")" >&2
        exit 1
      }
    fi
    end=$(date +%s.%N)
    local t peak=0
    t=$(echo "$end - $start" | bc -l)
    if [ "$have_time" = 1 ]; then
      peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
    fi
    printf '  run %d: %.3f s, peak %s MB\n' "$i" "$t" "$peak" >&2
    times+=("$t")
    peaks+=("$peak")
  done
  printf '%s s, peak %s MB' "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${peaks[@]}" | median)"
}

# CSV=FILE reuses a file made before (a million rows take a while to make).
if [ -n "${CSV:-}" ]; then
  cp "$CSV" "$work/demo.csv"
else
  echo "making $entries demo entries..." >&2
  "$mutua" --db "$work/source.db" demo --entries "$entries" >/dev/null 2>&1
  "$mutua" --db "$work/source.db" export-csv "$work/demo.csv" --with-contacts >/dev/null 2>&1
fi
rows=$(($(wc -l <"$work/demo.csv") - 1))
size=$(du -h "$work/demo.csv" | cut -f1)
echo "exported $rows rows ($size)" >&2

if [ -f "$sample" ]; then
  echo "sample-10k.csv:" >&2
  printf 'median import of sample-10k.csv: %s\n' "$(time_imports "$sample")"
fi
echo "$entries demo entries:" >&2
printf 'median import of %s entries: %s (targets: 100,000 in <= 1.5 s; peak <= 150 MB)\n' "$entries" "$(time_imports "$work/demo.csv")"
