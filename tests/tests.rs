//! Integration tests, compiled as one binary (as ripgrep does). One module per area.

// Shared helpers: running the binary, scratch folders with the sample documents and demo keys.
mod util;
// A headless Chromium driven through its command line (for tests that need a real browser).
mod browser;

// `tprov keygen`: key files, modes, refusal to overwrite, OpenSSL round trips.
mod keygen;
// `tprov sign`: envelopes, metadata flags and files, atomic no-clobber writes.
mod sign;
// `tprov verify`: the report, the exit codes, JSON output.
mod verify;
// `tprov inspect`: unverified display.
mod inspect;
// One test per signed field and per input: any change is caught.
mod tamper;
// The bad-input table: each case's exit code and message, and that nothing was written.
mod bad_input;
// Known answers: RFC 8032, the DSSE PAE example, Wycheproof Ed25519.
mod vectors;
// Other tools: openssl, an independent DSSE implementation, the README's recipe.
mod interop;
// Trust files, roles, validity, revocation, co-signing, protected keys.
mod trust;
// Property tests (proptest): round trips, single-byte tampering, report agreement.
mod properties;
// Crash safety: commands killed mid-write leave no partial or corrupt file.
mod crash;
// `tprov verify` over many documents: discovery, parallel verification, summary, JSON Lines.
mod batch;
// `tprov diff` and `tprov log`: revisions, records, chains.
mod review;
// A newsroom's daily commands: trust add/revoke/show, keyid, completions, man.
mod workflow;
// Publishing: embedding envelopes in pages, disclosure sentences and checks, fetching URLs.
mod publish;
// The publishing commands: embed, disclose, sign --embed.
mod publishing;
// Canonical text: vectors, properties, what differed, diagnosis, quotes.
mod text;
// Text records wired into sign, verify, quote and diff (issue 11 items 1–4).
mod textint;
// README promises end to end: duplicate keys, hostile strings, limits at their edge, JSON key names.
mod promises;
// The editor's report: moves, terminology, the paragraph view, the HTML report in a browser.
mod report;
// Issue 13: honest records, source fields, co-signing after checking, passphrase prompts, help.
mod newsroom;
// Bounded work (issue 10 item 7): TER budgets, log and side-by-side memory, signature checks.
mod bounds;
