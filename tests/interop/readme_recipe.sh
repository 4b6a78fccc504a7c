#!/bin/sh
# The README's "Verifying without tprov" recipe, verbatim between the markers, so it is tested.
# Usage: readme_recipe.sh ENVELOPE DOCUMENT PUBKEY (run in an empty scratch folder: it writes
# type.txt, payload.json, sig.bin and pae.bin). Exits non-zero when anything does not verify.
set -e
E=$1 D=$2 K=$3
# --- README recipe begins ---
# python3 only reads JSON fields: field FILE KEY...
field() { python3 -c 'import json, sys
v = json.load(open(sys.argv[1], "rb"))
for k in sys.argv[2:]: v = v[int(k)] if isinstance(v, list) else v[k]
sys.stdout.write(v)' "$@"; }
field "$E" payloadType > type.txt
field "$E" payload | base64 -d > payload.json
field "$E" signatures 0 sig | base64 -d > sig.bin
# The PAE: "DSSEv1 <len(type)> <type> <len(payload)> <payload>", lengths in bytes
{ printf 'DSSEv1 %d ' $(($(wc -c < type.txt))); cat type.txt
  printf ' %d ' $(($(wc -c < payload.json))); cat payload.json; } > pae.bin
openssl pkeyutl -verify -pubin -inkey "$K" -rawin -in pae.bin -sigfile sig.bin
# Only once the signature is good, read the payload:
test "$(cat type.txt)" = application/vnd.in-toto+json
test "$(field payload.json subject 0 digest sha256)" = "$(sha256sum < "$D" | cut -d' ' -f1)"
echo "document matches"
# --- README recipe ends ---
