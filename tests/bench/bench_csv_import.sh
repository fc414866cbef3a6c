#!/usr/bin/env bash
# Benchmarks CSV import through the CLI (PRODUCT.md section 7: 100,000 entries in <= 1.5 s).
#
#   tests/bench/bench_csv_import.sh [path/to/mutua] [entries]
#
# Makes a CSV of N demo entries (default 100,000), then imports it RUNS times (default 3), each
# into a fresh database, and prints every run's wall time and peak memory (maximum resident set
# size, from /usr/bin/time -v) and their medians, with the processor time (user + system) beside
# the wall time. Also times sample-10k.csv the same way. Build without sanitizers for meaningful
# numbers (e.g. cmake -B build-rel -DCMAKE_BUILD_TYPE=Release).
# NETWORK=1 imports into a database in a network (created before the clock starts), so every row
# is folded into the write chain: the field case. SAMPLE=0 skips sample-10k.csv.
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
  local file="$1" times=() peaks=() cpus=()
  for i in $(seq 1 "$runs"); do
    local db="$work/fresh-$i.db"
    rm -f "$db" "$db-wal" "$db-shm"
    if [ "${NETWORK:-0}" = 1 ]; then
      "$mutua" --db "$db" network create "Bench" >/dev/null 2>&1
    fi
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
    local t peak=0 cpu=0
    t=$(echo "$end - $start" | bc -l)
    if [ "$have_time" = 1 ]; then
      peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
      cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$work/time")
    fi
    printf '  run %d: %.3f s (processor %s s), peak %s MB\n' "$i" "$t" "$cpu" "$peak" >&2
    times+=("$t")
    peaks+=("$peak")
    cpus+=("$cpu")
  done
  printf '%s s (processor %s s), peak %s MB' "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${peaks[@]}" | median)"
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

if [ -f "$sample" ] && [ "${SAMPLE:-1}" = 1 ]; then
  echo "sample-10k.csv:" >&2
  printf 'median import of sample-10k.csv: %s\n' "$(time_imports "$sample")"
fi
echo "$entries demo entries:" >&2
printf 'median import of %s entries: %s (targets: 100,000 in <= 1.5 s; peak <= 150 MB)\n' "$entries" "$(time_imports "$work/demo.csv")"
