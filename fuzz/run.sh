#!/usr/bin/env bash
# Runs every tprov fuzz target for a bounded time and prints, per target, how many inputs were
# executed and which crash artifacts were written.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  fuzzing time per target, build time excluded (default 60)
#   TARGET...           the targets to run (default: every target in fuzz/fuzz_targets)
# Environment:
#   FUZZ_SANITIZER      cargo fuzz --sanitizer (default none: tprov forbids unsafe code, and
#                       without ASan the same time buys about twice the executions; use address
#                       to check the unsafe code of dependencies)
#   FUZZ_MAX_RESTARTS   after a crash, fuzzing resumes for the rest of the target's time, at most
#                       this many times (default 3), so one known bug does not hide the next one
#
# Exits 1 when any target crashed (artifacts in fuzz/artifacts/TARGET/, logs in
# fuzz/artifacts/logs/), else 0. Seeds are generated into fuzz/corpus/ (git-ignored) each run:
# sample envelopes signed with the CLI, their payloads, the demo keys and metadata files.
#
# The machines have stable Rust only; cargo-fuzz needs nightly flags, which RUSTC_BOOTSTRAP=1
# unlocks on stable.

set -euo pipefail

seconds=${1:-60}
shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
sanitizer=${FUZZ_SANITIZER:-none}
max_restarts=${FUZZ_MAX_RESTARTS:-3}
export RUSTC_BOOTSTRAP=1

if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
    echo "usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

if (($# > 0)); then
    targets=("$@")
else
    targets=()
    for file in "$here"/fuzz_targets/*.rs; do
        targets+=("$(basename "$file" .rs)")
    done
fi

# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------
echo "== generating seed corpora in $here/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root"/examples/documents/* "$root"/keys/*.key "$root"/keys/*.pub "$work"/
chmod 600 "$work"/*.key
for t in envelope_verify payload key_pem metadata trust_file diff chain_walk trust_folder; do
    mkdir -p "$here/corpus/$t"
done

tprov_sign() {
    # `tprov sign ARGS... -o -`, with a fixed time; prints the envelope.
    (cd "$work" && SOURCE_DATE_EPOCH=1795500000 NO_COLOR=1 \
        cargo run --quiet --manifest-path "$root/Cargo.toml" --bin tprov -- sign "$@" -o -)
}

if tprov_sign commentary.en.md --key newsroom.key --source commentary.zh.md \
    --source-lang zh --target-lang en --engine ExampleMT --engine-version 4.2 \
    --model example-nmt-2026 --post-editor "Li Wei" --editor "Maria Rossi" \
    --publisher "The Example Review" --source-uri https://example.cn/commentary/2026-11-20 \
    --source-title "机器翻译时代的新闻责任" --source-author "王芳" --source-published 2026-11-20 \
    >"$work/sample.json"; then
    cp "$work/sample.json" "$here/corpus/envelope_verify/sample.json"
    cp "$work/sample.json" "$work/commentary.en.md.tprov.json"
    tprov_sign commentary.en.md --key translator.key --source-sha256 \
        "$(sha256sum "$work/commentary.zh.md" | cut -d' ' -f1)" --source-lang zh-Hans \
        --target-lang en-GB --translator "Ann Lee" --reviewer "Bo" --method human \
        --translated-at 2026-11-23T08:00:00+08:00 --previous commentary.en.md.tprov.json \
        >"$here/corpus/envelope_verify/revision2.json"
    tprov_sign commentary.en.mt.md --key newsroom.key --source commentary.zh.md \
        --source-lang zh --target-lang en --engine ExampleMT \
        >"$here/corpus/envelope_verify/machine.json"
    for envelope in "$here"/corpus/envelope_verify/*.json; do
        sed -n 's/^ *"payload": "\(.*\)",\{0,1\}$/\1/p' "$envelope" | base64 -d \
            >"$here/corpus/payload/$(basename "$envelope" .json).payload"
    done
else
    echo "warning: could not sign sample envelopes with the CLI (does the crate build?);" \
        "envelope_verify and payload start from the vectors only" >&2
fi
cp "$root/tests/vectors/dsse-ed25519.json" "$here/corpus/envelope_verify/vector.json"
cat >"$here/corpus/envelope_verify/cosigned.json" <<'EOF'
{"payload":"e30","payloadType":"text/plain","signatures":[{"keyid":"","sig":"AA"},{"sig":"_-8="}],"x":[1,2.5e3,null]}
EOF
cat >"$here/corpus/payload/minimal.json" <<'EOF'
{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}],"predicateType":"https://tprov.dev/translation-provenance/v1","predicate":{"source":{"digest":{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}},"sourceLanguage":"zh","targetLanguage":"en","method":"machine","agents":[{"role":"translator","kind":"software","name":"E","x":{}}],"translatedAt":"2026-11-24T09:30:00Z","signedAt":"2026-11-24T09:30:00Z","revision":2,"previous":{"payloadSha256":"00","revision":1},"future":[0.1]}}
EOF
cp "$root"/keys/*.key "$root"/keys/*.pub "$here/corpus/key_pem/"
cat >"$here/corpus/metadata/full.json" <<'EOF'
{"sourceLanguage":"zh","targetLanguage":"en","sourceSha256":"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD","sourceUri":"https://example.cn/a","sourceName":"a.zh.md","sourceMediaType":"text/markdown","sourceTitle":"标题","sourceAuthor":"王芳","sourcePublisher":"P","sourcePublished":"2026-11-20","engine":"ExampleMT","engineVersion":"4.2","model":"m","postEditor":"Li Wei","reviewer":"R","editor":"E","publisher":"Pub","method":"machine+post-edit","translatedAt":"2026-11-24T09:30:00+01:00","agents":[{"role":"terminologist","kind":"person","name":"T","note":[1]}]}
EOF
cat >"$here/corpus/metadata/human.json" <<'EOF'
{"sourceLanguage":"x-klingon","targetLanguage":"en-GB","translator":"Ann","method":"human"}
EOF

newsroom_pem=$(jq -Rs . <"$root/keys/newsroom.pub")
translator_pem=$(jq -Rs . <"$root/keys/translator.pub")
cat >"$here/corpus/trust_file/roles.json" <<EOF
{"version":1,"comment":"seed","signers":[{"name":"newsroom","roles":["publisher","editor"],"keys":[{"publicKey":$newsroom_pem,"validFrom":"2026-01-01T00:00:00Z","validUntil":"2027-01-01T00:00:00Z"}]},{"name":"agency","roles":["translator","post-editor"],"comment":"c","keys":[{"publicKey":$translator_pem,"revoked":{"at":"2026-03-02T00:00:00Z","reason":"laptop stolen"}}]}]}
EOF
cat >"$here/corpus/trust_file/plain.json" <<EOF
{"version":1,"signers":[{"name":"newsroom","keys":[{"publicKey":$newsroom_pem}]}]}
EOF
cat >"$here/corpus/trust_file/expired.json" <<EOF
{"version":1,"signers":[{"name":"newsroom","roles":["publisher"],"keys":[{"publicKey":$newsroom_pem,"validUntil":"2026-01-01T00:00:00Z"},{"path":"newsroom.pub","validFrom":"2026-01-01T00:00:00Z"}]}]}
EOF

diff_seed() {
    # diff_seed NAME FLAGS OLD_FILE NEW_FILE: the option byte, OLD's length (u16, little
    # endian), OLD, NEW: the layout fuzz_targets/diff.rs reads.
    local n
    n=$(stat -c %s "$3")
    {
        printf "$(printf '\\x%02x\\x%02x\\x%02x' "$2" $((n & 255)) $(((n >> 8) & 255)))"
        cat "$3" "$4"
    } >"$here/corpus/diff/$1"
}
documents="$root/examples/documents"
sed 's/新闻/报道/g; s/。/。 /' "$documents/commentary.zh.md" >"$work/zh.edited"
diff_seed en 1 "$documents/commentary.en.mt.md" "$documents/commentary.en.md"
diff_seed zh 3 "$documents/commentary.zh.md" "$work/zh.edited"
diff_seed mixed 200 "$documents/commentary.en.md" "$documents/commentary.zh.md"

chunk() {
    # chunk KIND FILE: KIND (a byte), FILE's length (u16, little endian), FILE: one file of the
    # layout fuzz_targets/chain_walk.rs and trust_folder.rs read.
    local n
    n=$(stat -c %s "$2")
    printf "$(printf '\\x%02x\\x%02x\\x%02x' "$1" $((n & 255)) $(((n >> 8) & 255)))"
    cat "$2"
}
# chain_walk: kind 1 signs the payload with the trusted key, 0 writes the envelope as it is.
payloads="$here/corpus/payload"
if [[ -f $payloads/sample.payload && -f $payloads/revision2.payload ]]; then
    { chunk 1 "$payloads/sample.payload"; chunk 1 "$payloads/revision2.payload"; } \
        >"$here/corpus/chain_walk/two-revisions"
    { chunk 1 "$payloads/sample.payload"; chunk 2 "$payloads/revision2.payload"; } \
        >"$here/corpus/chain_walk/untrusted-revision"
    { chunk 1 "$payloads/sample.payload"; chunk 1 "$payloads/revision2.payload"; \
        chunk 1 "$payloads/revision2.payload"; chunk 3 "$documents/commentary.en.md"; } \
        >"$here/corpus/chain_walk/fork"
fi
chunk 0 "$here/corpus/envelope_verify/vector.json" >"$here/corpus/chain_walk/vector"
# trust_folder: kind 0 is a .pub file, 1 a trust file, 2 a hidden .pub file.
{ chunk 0 "$root/keys/newsroom.pub"; chunk 0 "$root/keys/translator.pub"; } \
    >"$here/corpus/trust_folder/keys"
{ chunk 0 "$root/keys/newsroom.pub"; chunk 1 "$here/corpus/trust_file/roles.json"; } \
    >"$here/corpus/trust_folder/with-trust-file"
{ chunk 2 "$root/keys/newsroom.pub"; chunk 3 "$root/keys/newsroom.pub"; chunk 5 /dev/null; } \
    >"$here/corpus/trust_folder/hidden-and-other"

# ---------------------------------------------------------------------------------------------
# Build once, so build time is not fuzzing time
# ---------------------------------------------------------------------------------------------
cd "$root"
fuzz_flags=(--sanitizer "$sanitizer" --debug-assertions)
echo "== building fuzz targets (sanitizer: $sanitizer)"
# Only the targets asked for (`fuzz/run.sh 60 chain_walk` builds chain_walk alone).
for target in "${targets[@]}"; do
    cargo fuzz build "${fuzz_flags[@]}" "$target"
done

dict_for() {
    case $1 in
    key_pem) echo "$here/dict/pem.dict" ;;
    *) echo "$here/dict/json.dict" ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Fuzz
# ---------------------------------------------------------------------------------------------
mkdir -p "$here/artifacts/logs"
summary=()
any_crash=0
for target in "${targets[@]}"; do
    mkdir -p "$here/corpus/$target"
    start=$(date +%s)
    executions=0
    runs=0
    crashes=()
    while :; do
        remaining=$((seconds - ($(date +%s) - start)))
        ((remaining >= 2)) || break
        log="$here/artifacts/logs/$target.$runs.log"
        echo "== $target: fuzzing for ${remaining}s (log: $log)"
        cargo fuzz run "${fuzz_flags[@]}" "$target" -- \
            -max_total_time="$remaining" -print_final_stats=1 -timeout=10 \
            -max_len=65536 -dict="$(dict_for "$target")" >"$log" 2>&1 || true
        runs=$((runs + 1))
        # The final stats line; without it (a run cut short), the last "#N" status line.
        n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
        if [[ -z $n ]]; then
            n=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
        fi
        executions=$((executions + ${n:-0}))
        done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
        [[ -n $done_line ]] && echo "   $done_line"
        artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //' || true)
        if [[ -z $artifact ]]; then
            if ! grep -q 'stat::number_of_executed_units' "$log"; then
                echo "   warning: $target ended without final statistics; see $log" >&2
            fi
            break
        fi
        any_crash=1
        cause=$(grep -m1 -A1 'panicked at' "$log" | tr '\n' ' ' || true)
        [[ -z $cause ]] && cause=$(grep -m1 -E 'ERROR: libFuzzer|SUMMARY' "$log" || true)
        crashes+=("$artifact  ($cause)")
        echo "   CRASH: $artifact"
        echo "          $cause"
        ((runs <= max_restarts)) || break
    done
    line="$target: $executions executions in $runs run(s), ${#crashes[@]} crash(es)"
    for c in "${crashes[@]}"; do line+=$'\n'"    artifact: $c"; done
    summary+=("$line")
done

echo
echo "== summary (${seconds}s per target, sanitizer: $sanitizer)"
for line in "${summary[@]}"; do echo "$line"; done
if ((any_crash)); then
    echo "reproduce a crash: RUSTC_BOOTSTRAP=1 cargo fuzz run ${fuzz_flags[*]} TARGET ARTIFACT"
fi
exit "$any_crash"
