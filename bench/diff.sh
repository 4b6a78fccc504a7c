#!/usr/bin/env bash
# Times `tprov diff` against `git diff --word-diff` and `wdiff` on generated text pairs, and
# measures peak memory. Prints medians, ratios and peak RSS; record them in BENCHMARKS.md
# (section "## diff").
#
#   bench/diff.sh [--seed N] [--runs N] [--keep]
#
# TPROV_BIN=/path/to/binary benchmarks that binary instead of building target/release/tprov (it
# must take the same `diff --by … --format … OLD NEW` arguments).
#
# Inputs (made by bench/gen_diff_corpus.py, deterministic for a seed):
#   en         ~5 MB English-like text vs a copy with ~2% of the words edited
#   en-reflow  the same, with NEW re-wrapped at another width
#   zh         ~1 MB Chinese-like text vs a copy with ~2% of the characters edited
# Then the HTML report against the unified diff on the en pair (goal: at most 2x the time, at
# most 10x the input in peak memory).
# Needs: cargo, python3, hyperfine, wdiff, GNU time (installed with apt-get when missing).
set -euo pipefail

seed=20240611
runs=10
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v wdiff >/dev/null || need+=(wdiff)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ ${#need[@]} -gt 0 ]]; then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ -n "${TPROV_BIN:-}" ]]; then
  tprov="$TPROV_BIN"
else
  cargo build --release --quiet
  tprov="$root/target/release/tprov"
fi
if ! "$tprov" diff --help >/dev/null 2>&1; then
  echo "error: $tprov has no 'diff' subcommand yet; benchmark the library with 'cargo bench --bench diff'" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tprov-diff-bench.XXXXXX")"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi
python3 bench/gen_diff_corpus.py --seed "$seed" "$work"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "versions: $("$tprov" --version 2>/dev/null | head -1); $(git --version); $(wdiff --version | head -1); $(hyperfine --version)"
echo "inputs (seed $seed) in $work:"
ls -l "$work" | awk 'NR>1 {printf "  %-20s %10d bytes\n", $9, $5}'
echo

cases=(
  "en|en_old.txt|en_new.txt|word"
  "en-reflow|en_old.txt|en_new_reflow.txt|word"
  "zh|zh_old.txt|zh_new.txt|word"
  "zh-auto|zh_old.txt|zh_new.txt|auto"
)

results="$work/results.tsv"
: > "$results"
cd "$work"
for c in "${cases[@]}"; do
  IFS='|' read -r name old new by <<<"$c"
  cmd_tprov="$tprov diff --by $by --format unified $old $new"
  cmd_git="git diff --no-index --word-diff=porcelain $old $new"
  cmd_wdiff="wdiff $old $new"
  echo "== $name: $old vs $new"
  # Differences make all three exit 1; -i keeps hyperfine going.
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$name.json" \
    -n tprov "$cmd_tprov" -n git "$cmd_git" -n wdiff "$cmd_wdiff" >/dev/null
  input_bytes=$(( $(stat -c %s "$old") + $(stat -c %s "$new") ))
  for tool in tprov git wdiff; do
    var="cmd_$tool"
    # shellcheck disable=SC2086 # the command is meant to be split into words
    /usr/bin/time -v -o time.txt ${!var} >/dev/null 2>&1 || true
    rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' time.txt)
    printf '%s\t%s\t%s\t%s\n' "$name" "$tool" "$rss_kb" "$input_bytes" >> "$results"
  done
done

python3 - "$work" "$results" "$runs" <<'PY'
import json, statistics, sys, os
work, results, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rss = {}
for line in open(results):
    name, tool, kb, inp = line.rstrip("\n").split("\t")
    rss[(name, tool)] = (int(kb), int(inp))
print(f"medians of {runs} runs (hyperfine -N), peak RSS from /usr/bin/time -v")
print(f"{'case':<10} {'tool':<6} {'median ms':>10} {'vs git':>8} {'peak RSS MB':>12} {'RSS/input':>10}")
for name in ["en", "en-reflow", "zh", "zh-auto"]:
    data = json.load(open(os.path.join(work, f"{name}.json")))["results"]
    med = {r["command"]: statistics.median(r["times"]) * 1000 for r in data}
    for tool in ["tprov", "git", "wdiff"]:
        kb, inp = rss[(name, tool)]
        print(f"{name:<10} {tool:<6} {med[tool]:>10.1f} {med[tool] / med['git']:>7.2f}x "
              f"{kb / 1024:>12.1f} {kb * 1024 / inp:>9.2f}x")
PY

# The editor's report: `--format html` against `--format unified`, same pair, same options.
echo
echo "== html report vs unified (en, --stats)"
hyperfine -N -i --warmup 2 --runs "$runs" --export-json html.json \
  -n unified "$tprov diff --by word --stats --format unified en_old.txt en_new.txt" \
  -n html "$tprov diff --by word --stats --format html en_old.txt en_new.txt" >/dev/null
input_bytes=$(( $(stat -c %s en_old.txt) + $(stat -c %s en_new.txt) ))
for format in unified html; do
  /usr/bin/time -v -o time.txt "$tprov" diff --by word --stats --format "$format" en_old.txt en_new.txt >/dev/null 2>&1 || true
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' time.txt > "rss-$format.txt"
done
python3 - "$input_bytes" <<'PY'
import json, statistics, sys
inp = int(sys.argv[1])
data = {r["command"]: r for r in json.load(open("html.json"))["results"]}
med = {k: statistics.median(v["times"]) * 1000 for k, v in data.items()}
user = {k: v["user"] * 1000 for k, v in data.items()}  # hyperfine gives the mean
rss = {k: int(open(f"rss-{k}.txt").read()) for k in ("unified", "html")}
for k in ("unified", "html"):
    print(f"{k:<8} median {med[k]:8.1f} ms  user (mean) {user[k]:8.1f} ms  peak RSS {rss[k] / 1024:7.1f} MB  "
          f"RSS/input {rss[k] * 1024 / inp:5.2f}x")
print(f"html/unified: {med['html'] / med['unified']:.2f}x wall, {user['html'] / user['unified']:.2f}x user CPU "
      f"(goal <= 2x); peak RSS {rss['html'] * 1024 / inp:.2f}x input (goal <= 10x)")
PY
