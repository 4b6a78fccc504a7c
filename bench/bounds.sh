#!/usr/bin/env bash
# The work bounds of issue 10 item 7, measured through the CLI (record them in BENCHMARKS.md,
# section "Bounded work"):
#   log-chain   `tprov log --trust` over a 20-revision chain of ~8 KB documents, each revision
#               heavily post-edited, built with `tprov sign --previous` (goal: < 2 s)
#   log-store   `tprov log` over 16 unsigned-by-anyone-trusted 4 MiB envelopes padded with
#               unknown fields (goal: peak RSS <= 64 MiB + the two largest documents)
#   side        `tprov diff --format side-by-side` on a 5 MB pair without newlines
#               (goal: peak RSS <= 10x the input)
# CPU time (user + system) and peak RSS come from GNU time, not wall-clock time: the machine
# may be loaded. The 64-signature x 1,000-key case is a criterion group:
# `cargo bench --bench core -- "64 signatures x 1,000"`.
#
#   bench/bounds.sh [--runs N] [--keep] [CASE…]
#
# TPROV_BIN=/path/to/binary measures that binary instead of building target/release/tprov.
# Needs: cargo, python3, hyperfine, GNU time.
set -euo pipefail

runs=3
keep=0
cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    log-chain|log-store|side) cases+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ ${#cases[@]} -gt 0 ]] || cases=(log-chain log-store side)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${TPROV_BIN:-}" ]]; then
  tprov="$(realpath "$TPROV_BIN")"
else
  (cd "$root" && cargo build --release --quiet)
  tprov="$root/target/release/tprov"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/tprov-bounds.XXXXXX")"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi
cd "$work"
cp "$root"/keys/newsroom.key "$root"/keys/newsroom.pub .
chmod 600 newsroom.key

# CPU seconds (user + system) and peak RSS (MiB) of one run of "$@".
measure() {
  /usr/bin/time -f '%U %S %M' -o time.txt "$@" >/dev/null 2>&1 || true
  tail -1 time.txt | awk '{printf "cpu %.2f s  peak %.1f MiB\n", $1 + $2, $3 / 1024}'
}

# Revisions of ~8 KB: each replaces a fifth of the words and moves many 4-word phrases.
gen_revisions() {
  python3 - "$@" <<'PY'
import random, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(20261202)
vocab = ("the committee approved new budget after a long debate on Tuesday and minister said "
         "that it would help schools in rural areas next year").split()
words = []
while sum(len(w) + 1 for w in words) < size:
    words.append(rng.choice(vocab))
for i in range(1, n + 1):
    if i > 1:
        for _ in range(len(words) // 5):
            words[rng.randrange(len(words))] = f"edit{rng.randrange(50)}"
        for _ in range(len(words) // 20):
            a = rng.randrange(len(words) - 8)
            phrase = words[a:a + 4]
            del words[a:a + 4]
            b = rng.randrange(len(words))
            words[b:b] = phrase
    lines = [" ".join(words[j:j + 12]) for j in range(0, len(words), 12)]
    open(f"v{i:02}.md", "w").write("\n".join(lines) + "\n")
PY
}

sign_args=(--key newsroom.key --source-sha256 "$(printf source | sha256sum | cut -d' ' -f1)"
  --source-lang zh --target-lang en --engine ExampleMT --post-editor "Li Wei")

for case in "${cases[@]}"; do
  case "$case" in
    log-chain)
      gen_revisions 20 8192
      "$tprov" sign v01.md "${sign_args[@]}" >/dev/null
      for i in $(seq 2 20); do
        prev=$(printf 'v%02d.md.tprov.json' $((i - 1)))
        "$tprov" sign "$(printf 'v%02d.md' "$i")" "${sign_args[@]}" --previous "$prev" >/dev/null
      done
      echo "log-chain: 20 revisions of $(wc -c <v20.md) bytes"
      "$tprov" log v20.md.tprov.json --pubkey newsroom.pub | grep -c approximated \
        | sed 's/^/  pairs approximated: /' || true
      echo "  $(measure "$tprov" log v20.md.tprov.json --pubkey newsroom.pub)"
      hyperfine --runs "$runs" --style basic \
        "$tprov log v20.md.tprov.json --pubkey newsroom.pub" | grep -E 'Time|Range' || true
      ;;
    log-store)
      mkdir -p store && cd store
      printf 'one\n' > a.md
      "$tprov" sign a.md "${sign_args[@]/newsroom.key/../newsroom.key}" >/dev/null
      python3 - <<'PY'
import json
env = open("a.md.tprov.json").read().rstrip().rstrip("}")
# Just under the 4 MiB envelope limit, in the costliest shape to build: tiny JSON values.
pad = ',"x-padding":[' + ",".join(["0"] * ((4 * 1024 * 1024 - len(env) - 32) // 2)) + "]}\n"
for i in range(16):
    open(f"copy{i:02}.tprov.json", "w").write(env + pad)
PY
      echo "log-store: 16 envelopes of $(wc -c <copy00.tprov.json) bytes"
      echo "  without keys: $(measure "$tprov" log copy00.tprov.json)"
      echo "  with a key:   $(measure "$tprov" log copy00.tprov.json --pubkey ../newsroom.pub)"
      cd ..
      ;;
    side)
      python3 - <<'PY'
import random
rng = random.Random(7)
vocab = "the committee approved new budget after a long debate on Tuesday".split()
words = [rng.choice(vocab) for _ in range(5_000_000 // 6)]
open("old.txt", "w").write(" ".join(words))
for _ in range(len(words) // 50):
    words[rng.randrange(len(words))] = "edited"
open("new.txt", "w").write(" ".join(words))
PY
      echo "side: $(($(wc -c <old.txt) + $(wc -c <new.txt))) input bytes, no newline"
      echo "  side-by-side: $(measure "$tprov" diff --format side-by-side old.txt new.txt)"
      echo "  unified:      $(measure "$tprov" diff --format unified old.txt new.txt)"
      ;;
  esac
done
