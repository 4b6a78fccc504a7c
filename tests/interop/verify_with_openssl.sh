#!/bin/sh
# Verify a tprov envelope without tprov: POSIX sh, coreutils (base64, wc, sha256sum, cut, tr, sed),
# cmp, OpenSSL 3.0 or later, and python3 only to read fields out of JSON.
#
# Usage: verify_with_openssl.sh ENVELOPE DOCUMENT PUBKEY
# Exit:  0 verified, 1 not verified (one line on stdout says why), 2 usage or tool trouble.
#
# The steps are those of DSSE v1 and of `tprov verify`:
#   1. decode payload and payloadType, and build the PAE
#      "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload   (lengths in bytes, decimal);
#   2. accept if any signature verifies over the PAE with the trusted Ed25519 key;
#   3. only then read the payload: in-toto Statement v1 with tprov's predicate type;
#   4. the document's SHA-256 is the subject's.
set -u

if [ $# -ne 3 ]; then
  echo "usage: $0 ENVELOPE DOCUMENT PUBKEY" >&2
  exit 2
fi
envelope=$1 document=$2 pubkey=$3

for tool in openssl "${PYTHON:-python3}" base64 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is needed" >&2; exit 2; }
done
openssl pkey -pubin -in "$pubkey" -noout 2>/dev/null || {
  echo "$0: $pubkey is not a public key OpenSSL can read" >&2
  exit 2
}
[ -f "$document" ] || { echo "$0: cannot read $document" >&2; exit 2; }
[ -f "$envelope" ] || { echo "$0: cannot read $envelope" >&2; exit 2; }

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' INT TERM

not_verified() {
  echo "NOT VERIFIED: $*"
  exit 1
}

# python3 only parses JSON, in two calls; every decision is made below with sh and openssl.
# $PYTHON may name the interpreter (default python3).
PYTHON=${PYTHON:-python3}

# explode ENVELOPE DIR: writes DIR/type, DIR/payload.b64 and DIR/sig.N.b64 for each signature,
# and prints the number of signatures. Fails if a field is missing or not a string.
explode() {
  "$PYTHON" -c 'import json, os, sys
e = json.load(open(sys.argv[1], "rb"))
def put(name, text):
    if not isinstance(text, str):
        sys.exit(1)
    with open(os.path.join(sys.argv[2], name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
put("type", e["payloadType"])
put("payload.b64", e["payload"])
for i, s in enumerate(e["signatures"]):
    put("sig.%d.b64" % i, s["sig"])
print(len(e["signatures"]))' "$1" "$2" 2>/dev/null
}

# statement FILE: prints _type, predicateType, the number of subjects and the first subject's
# sha256, one per line.
statement() {
  "$PYTHON" -c 'import json, sys
s = json.load(open(sys.argv[1], "rb"))
subject = s.get("subject") if isinstance(s, dict) else None
subject = subject if isinstance(subject, list) else []
first = subject[0] if subject and isinstance(subject[0], dict) else {}
print(s.get("_type")); print(s.get("predicateType")); print(len(subject))
print((first.get("digest") or {}).get("sha256") or "")' "$1" 2>/dev/null
}

# unb64 TEXT: standard or URL-safe base64, padded or not (DSSE allows all four), to raw bytes.
unb64() {
  s=$(printf '%s' "$1" | tr '_-' '/+' | tr -d '=')
  case $((${#s} % 4)) in
    1) return 1 ;;
    2) s="$s==" ;;
    3) s="$s=" ;;
  esac
  printf '%s\n' "$s" | base64 -d 2>/dev/null
}

# 1. The PAE.
count=$(explode "$envelope" "$work") || not_verified "envelope: not a DSSE envelope"
[ "$count" -gt 0 ] || not_verified "envelope: no signatures"
unb64 "$(cat "$work/payload.b64")" > "$work/payload" || not_verified "envelope: payload is not base64"
{
  printf 'DSSEv1 %d ' $(($(wc -c < "$work/type")))
  cat "$work/type"
  printf ' %d ' $(($(wc -c < "$work/payload")))
  cat "$work/payload"
} > "$work/pae"

# 2. Any signature by the trusted key.
verified=
i=0
while [ "$i" -lt "$count" ]; do
  if unb64 "$(cat "$work/sig.$i.b64")" > "$work/sig" &&
    openssl pkeyutl -verify -pubin -inkey "$pubkey" -rawin \
      -in "$work/pae" -sigfile "$work/sig" >/dev/null 2>&1; then
    verified=$i
    break
  fi
  i=$((i + 1))
done
[ -n "$verified" ] || not_verified "signature: no signature verifies with $pubkey"

# 3. The statement (now that its bytes are vouched for).
printf '%s' "application/vnd.in-toto+json" | cmp -s - "$work/type" ||
  not_verified "statement: payloadType is $(cat "$work/type")"
statement "$work/payload" > "$work/statement" || not_verified "statement: the payload is not JSON"
line() { sed -n "$1p" "$work/statement"; }
[ "$(line 1)" = "https://in-toto.io/Statement/v1" ] ||
  not_verified "statement: not an in-toto Statement v1"
[ "$(line 2)" = "https://tprov.dev/translation-provenance/v1" ] ||
  not_verified "statement: not a tprov translation-provenance record"
[ "$(line 3)" = 1 ] || not_verified "statement: expected exactly one subject"

# 4. The document.
signed=$(line 4)
[ -n "$signed" ] || not_verified "statement: the subject has no sha256 digest"
actual=$(sha256sum < "$document" | cut -d' ' -f1)
[ "$signed" = "$actual" ] ||
  not_verified "document: SHA-256 $actual is not the signed $signed"

echo "VERIFIED: signature #$verified by $pubkey; $document sha256:$actual"
