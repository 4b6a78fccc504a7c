#!/usr/bin/env python3
"""Verify a tprov envelope without tprov: an independent DSSE v1 + in-toto check.

Usage: verify_dsse.py [--implementation cryptography|securesystemslib] ENVELOPE DOCUMENT PUBKEY

  cryptography      (default) builds the DSSE PAE here and checks each signature with
                    pyca/cryptography's Ed25519PublicKey.verify (OpenSSL underneath).
  securesystemslib  lets securesystemslib.dsse.Envelope build the PAE and verify, with the key
                    as an SSlibKey whose keyid is SHA-256 of the raw public key (tprov's key id).

Then, only on the verified payload bytes: payloadType is in-toto, the statement is in-toto v1 with
tprov's predicate type, and the subject's sha256 is the document's SHA-256.

Prints one line and exits 0 (VERIFIED), 1 (NOT VERIFIED: reason) or 2 (usage or missing module).
"""

import base64
import binascii
import hashlib
import json
import sys

IN_TOTO = "application/vnd.in-toto+json"
STATEMENT = "https://in-toto.io/Statement/v1"
PREDICATE = "https://tprov.dev/translation-provenance/v1"


def b64decode(text):
    """Standard or URL-safe base64, padded or not, as DSSE asks verifiers to accept."""
    padded = text + "=" * (-len(text) % 4)
    alphabet = b"-_" if ("-" in text or "_" in text) else None
    return base64.b64decode(padded, altchars=alphabet, validate=True)


def pae(payload_type, payload):
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


def fail(reason):
    print("NOT VERIFIED: " + reason)
    sys.exit(1)


def verify_with_cryptography(envelope, public_key):
    from cryptography.exceptions import InvalidSignature

    payload = b64decode(envelope["payload"])
    message = pae(envelope["payloadType"], payload)
    for signature in envelope["signatures"]:
        try:
            public_key.verify(b64decode(signature["sig"]), message)
            return payload
        except (InvalidSignature, ValueError, binascii.Error):
            continue
    fail("signature: no signature verifies with the public key")


def verify_with_securesystemslib(envelope, public_key):
    from cryptography.hazmat.primitives import serialization
    from securesystemslib.dsse import Envelope
    from securesystemslib.exceptions import VerificationError
    from securesystemslib.signer import SSlibKey

    raw = public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    # securesystemslib matches signatures to keys by keyid; tprov's key id is SHA-256(raw key).
    key = SSlibKey.from_crypto(public_key, keyid=hashlib.sha256(raw).hexdigest())
    # securesystemslib 1.x decodes base64 strictly padded; DSSE lets producers omit padding, so
    # restore it (the alphabet, standard or URL-safe, is left for securesystemslib to handle).
    copy = json.loads(json.dumps(envelope))
    repad = lambda text: text + "=" * (-len(text) % 4) if isinstance(text, str) else text
    copy["payload"] = repad(copy.get("payload"))
    for signature in copy.get("signatures") or []:
        if isinstance(signature, dict):
            signature["sig"] = repad(signature.get("sig"))
    try:
        parsed = Envelope.from_dict(copy)
        parsed.verify([key], 1)
    except (VerificationError, ValueError, KeyError, binascii.Error) as error:
        fail("signature: securesystemslib: %s" % error)
    return parsed.payload


def main(argv):
    implementation = "cryptography"
    if len(argv) >= 2 and argv[0] == "--implementation":
        implementation, argv = argv[1], argv[2:]
    if len(argv) != 3 or implementation not in ("cryptography", "securesystemslib"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    envelope_path, document_path, pubkey_path = argv
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
        if implementation == "securesystemslib":
            import securesystemslib.dsse  # noqa: F401
    except ImportError as error:
        print("missing module: %s" % error, file=sys.stderr)
        return 2

    with open(pubkey_path, "rb") as f:
        public_key = load_pem_public_key(f.read())
    if not isinstance(public_key, Ed25519PublicKey):
        print("%s is not an Ed25519 public key" % pubkey_path, file=sys.stderr)
        return 2
    try:
        with open(envelope_path, "rb") as f:
            envelope = json.load(f)
        payload_type = envelope["payloadType"]
        _ = envelope["payload"], envelope["signatures"]
    except (ValueError, KeyError, TypeError) as error:
        fail("envelope: not a DSSE envelope (%s)" % error)

    if implementation == "cryptography":
        payload = verify_with_cryptography(envelope, public_key)
    else:
        payload = verify_with_securesystemslib(envelope, public_key)

    # Only now is the payload trusted enough to be read.
    if payload_type != IN_TOTO:
        fail("statement: payloadType is %r" % payload_type)
    try:
        statement = json.loads(payload)
    except ValueError:
        fail("statement: the payload is not JSON")
    if statement.get("_type") != STATEMENT or statement.get("predicateType") != PREDICATE:
        fail("statement: not a tprov translation-provenance statement")
    subjects = statement.get("subject") or []
    if len(subjects) != 1:
        fail("statement: expected exactly one subject")
    with open(document_path, "rb") as f:
        actual = hashlib.sha256(f.read()).hexdigest()
    if subjects[0].get("digest", {}).get("sha256") != actual:
        fail("document: SHA-256 %s is not the signed subject's" % actual)
    print("VERIFIED (%s): %s" % (implementation, subjects[0].get("name", "")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
