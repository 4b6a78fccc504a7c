//! Property tests (proptest) through the library: sign → verify round trips for arbitrary
//! metadata and documents, single-byte tampering of every signed input, agreement of the JSON and
//! human reports, that unknown fields survive re-serialisation, and that a diff applied to OLD
//! rebuilds NEW. Then plain regression tests for bugs found by fuzzing and by reading the code
//! (the ones not fixed yet are `#[ignore]`d with `BUG:` and the reason).
//!
//! Each property runs [`CASES`] cases, so the whole module stays within seconds in a debug build.

use std::sync::OnceLock;

use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use tprov::crypto::dsse::IN_TOTO_PAYLOAD_TYPE;
use tprov::record::language::check_language_tag;
use tprov::record::{
    Agent, AgentKind, Documents, Metadata, PreviousRecord, Role, Statement, build_statement,
};
use tprov::verify::{CheckKind, CheckOutcome, Report, Subjects, verify_envelope};
use tprov::{Envelope, SecretKey, Sha256Digest, TrustStore};

/// Cases per property: enough to find shallow bugs on every CI run, few enough for a debug build
/// on two cores.
const CASES: u32 = 64;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // Failures are turned into plain regression tests below, not kept in files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// The publisher's key (fixed, so failures reproduce) and a reader who trusts it.
fn publisher() -> &'static (SecretKey, TrustStore) {
    static FIXTURE: OnceLock<(SecretKey, TrustStore)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SecretKey::from_seed(&[7u8; 32]);
        let mut trust = TrustStore::new();
        trust.add("newsroom", key.public_key(), "newsroom.pub");
        (key, trust)
    })
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("tprov writes standard padded base64")
}

fn signed_at() -> jiff::Timestamp {
    "2026-11-24T09:30:00Z".parse().unwrap()
}

/// Removes ANSI SGR sequences (`ESC [ ... m`), which the renderers always emit.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The human report without its styles. Panics if anything but tprov's own styles would reach
/// the terminal (`util::stray_controls`): strip_ansi would hide an escape sequence from a hint.
fn human(report: &Report) -> String {
    let mut out = Vec::new();
    tprov::render::verify_report(report, &mut out).expect("rendering to memory");
    let text = String::from_utf8(out).expect("the human report is UTF-8");
    let stray = crate::util::stray_controls(&text);
    assert!(
        stray.is_empty(),
        "control characters {stray:?} in the report: {text:?}"
    );
    strip_ansi(&text)
}

/// Asserts a report failed exactly at `check`: earlier checks passed, later ones skipped, no
/// record exposed.
fn assert_fails_at(report: &Report, check: CheckKind) -> Result<(), TestCaseError> {
    prop_assert!(
        !report.verified,
        "expected a failure at {check:?}: {report:#?}"
    );
    prop_assert!(
        report.record.is_none(),
        "a failed report exposes its record"
    );
    let at = report
        .checks
        .iter()
        .position(|c| c.outcome == CheckOutcome::Failed)
        .expect("a failed report has a failed check");
    prop_assert_eq!(report.checks[at].kind, check, "{:#?}", report);
    for (i, c) in report.checks.iter().enumerate() {
        let expected = match i.cmp(&at) {
            std::cmp::Ordering::Less => CheckOutcome::Passed,
            std::cmp::Ordering::Equal => CheckOutcome::Failed,
            std::cmp::Ordering::Greater => CheckOutcome::Skipped,
        };
        prop_assert_eq!(c.outcome, expected, "check #{} in {:#?}", i, report);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// Valid BCP 47 tags (every subtag in the IANA registry, as `sign` requires), in any case:
/// languages, scripts, regions, variants, extensions and private use. The grammar itself is
/// tested in `record::language` against the registry.
fn bcp47() -> impl Strategy<Value = String> {
    let language = prop::sample::select(vec!["zh", "en", "yue", "de", "pt", "sr", "ar", "ja"]);
    let script = prop::option::of(prop::sample::select(vec!["Hans", "Hant", "Latn", "Cyrl"]));
    let region = prop::option::of(prop::sample::select(vec![
        "CN", "TW", "GB", "BR", "419", "001",
    ]));
    let private = prop::option::of("x(-[a-zA-Z0-9]{1,8}){1,2}");
    let tag = (language, script, region, private, any::<bool>()).prop_map(
        |(language, script, region, private, upper)| {
            let mut tag = language.to_owned();
            for subtag in script
                .into_iter()
                .chain(region)
                .map(str::to_owned)
                .chain(private)
            {
                tag.push('-');
                tag.push_str(&subtag);
            }
            if upper { tag.to_ascii_uppercase() } else { tag }
        },
    );
    prop_oneof![
        6 => tag,
        1 => "[xX](-[a-zA-Z0-9]{2,8}){1,2}",
        1 => prop::sample::select(vec!["zh", "zh-Hans", "zh-Hant-TW", "en-GB", "pt-BR", "yue", "sr-Latn-RS", "de-CH-1996", "en-a-bbb-x-a-ccc"])
            .prop_map(str::to_owned),
    ]
}

/// Absolute URIs, as `--source-uri` requires (already in URI form, so recorded unchanged).
fn opt_uri() -> impl Strategy<Value = Option<String>> {
    prop::option::of("(https://example\\.(cn|org)|urn:isbn:978)(/[a-zA-Z0-9._~-]{0,12}){0,3}")
}

/// Names in any script, with controls, emoji, quotes and the empty string among them.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        1 => "\\PC{1,16}",
        1 => prop::sample::select(vec!["王芳", "Li Wei", "María José O'Neill", "\u{202e}evil", "\"\\\n\t", ""])
            .prop_map(str::to_owned),
    ]
}

fn opt_name() -> impl Strategy<Value = Option<String>> {
    prop::option::of(name())
}

/// An RFC 3339 time with a `Z` or numeric offset and optional fraction, as a string.
fn rfc3339() -> impl Strategy<Value = String> {
    (
        1970i32..=2099,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
        prop::option::of(0u32..1_000_000_000),
        prop::sample::select(vec!["Z", "+00:00", "+05:30", "-08:00", "+14:00"]),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, offset)| {
            let frac = frac.map(|n| format!(".{n:09}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{offset}")
        })
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        (1900i32..=2099, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        rfc3339(),
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Translator),
        Just(Role::PostEditor),
        Just(Role::Reviewer),
        Just(Role::Editor),
        Just(Role::Publisher),
        "[a-z]{1,12}".prop_map(|r| Role::from_wire(&r)),
    ]
}

fn agent_kind() -> impl Strategy<Value = AgentKind> {
    prop_oneof![
        Just(AgentKind::Software),
        Just(AgentKind::Person),
        Just(AgentKind::Organization),
        "[a-z]{1,12}".prop_map(|k| AgentKind::from_wire(&k)),
    ]
}

fn agent() -> impl Strategy<Value = Agent> {
    (role(), agent_kind(), name(), opt_name(), opt_name()).prop_map(
        |(role, kind, name, version, model)| {
            let mut agent = Agent::new(role, kind, name);
            agent.version = version;
            agent.model = model;
            agent
        },
    )
}

/// How the source is given: as a file (its digest computed), or as a stated hex digest.
#[derive(Debug, Clone, Copy)]
enum SourceGiven {
    File,
    Hex { uppercase: bool },
}

/// One signing: metadata, documents, and how the source is given.
#[derive(Debug, Clone)]
struct Case {
    metadata: Metadata,
    document: Vec<u8>,
    source: Vec<u8>,
    source_given: SourceGiven,
    translation_name: Option<String>,
    previous: Option<PreviousRecord>,
}

impl Case {
    fn documents(&self) -> Documents {
        Documents {
            translation_name: self.translation_name.clone(),
            translation_sha256: Sha256Digest::of(&self.document),
            source_name: match self.source_given {
                SourceGiven::File => Some("source.txt".into()),
                SourceGiven::Hex { .. } => None,
            },
            source_sha256: match self.source_given {
                SourceGiven::File => Some(Sha256Digest::of(&self.source)),
                SourceGiven::Hex { .. } => None,
            },
        }
    }

    fn statement(&self) -> Statement {
        build_statement(
            &self.documents(),
            &self.metadata,
            signed_at(),
            self.previous.clone(),
        )
        .unwrap_or_else(|e| panic!("valid metadata was refused: {e}; {self:#?}"))
    }

    fn subjects(&self) -> Subjects {
        Subjects {
            document: Sha256Digest::of(&self.document),
            document_name: self.translation_name.clone(),
            source: Some(Sha256Digest::of(&self.source)),
        }
    }
}

fn metadata() -> impl Strategy<Value = Metadata> {
    let languages = (bcp47(), bcp47());
    let source = (
        opt_uri(),
        opt_name(),
        opt_name(),
        opt_name(),
        opt_name(),
        opt_name(),
    );
    let published = prop::option::of(date());
    let engine = (opt_name(), opt_name(), opt_name());
    let people = (opt_name(), opt_name(), opt_name(), opt_name(), opt_name());
    let rest = (
        prop::option::of(rfc3339()),
        prop::collection::vec(agent(), 0..3),
        0u8..3,
    );
    (languages, source, published, engine, people, rest).prop_map(
        |(
            (source_language, target_language),
            (
                source_uri,
                source_name,
                source_media_type,
                source_title,
                source_author,
                source_publisher,
            ),
            source_published,
            (engine, engine_version, model),
            (translator, post_editor, reviewer, editor, publisher),
            (translated_at, agents, method_choice),
        )| {
            let mut m = Metadata {
                source_language: Some(source_language),
                target_language: Some(target_language),
                source_uri,
                source_name,
                source_media_type,
                source_title,
                source_author,
                source_publisher,
                source_published,
                engine,
                engine_version,
                model,
                translator,
                post_editor,
                reviewer,
                editor,
                publisher,
                translated_at,
                agents,
                ..Metadata::default()
            };
            // Someone must have translated: an engine or a person.
            if m.engine.is_none() && m.translator.is_none() {
                m.engine = Some("ExampleMT".into());
            }
            // An explicit method, when chosen, consistent with the agents.
            m.method = match (method_choice, m.engine.is_some()) {
                (0, _) => None,
                (1, true) => Some("machine".into()),
                (_, true) => Some("machine+post-edit".into()),
                (_, false) => Some("human".into()),
            };
            m
        },
    )
}

fn case() -> impl Strategy<Value = Case> {
    (
        metadata(),
        prop::collection::vec(any::<u8>(), 1..1024),
        prop::collection::vec(any::<u8>(), 1..1024),
        prop_oneof![
            Just(SourceGiven::File),
            any::<bool>().prop_map(|uppercase| SourceGiven::Hex { uppercase }),
        ],
        opt_name(),
        prop::option::of((1u64..1_000_000, any::<[u8; 32]>())),
    )
        .prop_map(
            |(mut metadata, document, source, source_given, translation_name, previous)| {
                if let SourceGiven::Hex { uppercase } = source_given {
                    let hex = Sha256Digest::of(&source).to_hex();
                    metadata.source_sha256 = Some(if uppercase { hex.to_uppercase() } else { hex });
                }
                Case {
                    metadata,
                    document,
                    source,
                    source_given,
                    translation_name,
                    previous: previous.map(|(revision, digest)| PreviousRecord {
                        payload_sha256: Sha256Digest::from_bytes(digest),
                        revision,
                        extra: Map::new(),
                    }),
                }
            },
        )
}

/// Any JSON value, a few levels deep, numbers of every kind included (serde_json's
/// `float_roundtrip` keeps every finite float exact: see
/// `unknown_float_fields_survive_re_serialisation_exactly`).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Unknown fields: names that are none of `known`, with any JSON values.
fn extra_fields(known: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(
        (
            prop_oneof![any::<String>(), "x-[a-z]{1,8}"]
                .prop_filter("an unknown field", move |k| !known.contains(&k.as_str())),
            json_value(),
        ),
        0..4,
    )
    .prop_map(|fields| fields.into_iter().collect())
}

// Field names known at each level of an envelope and a payload.
const ENVELOPE_FIELDS: &[&str] = &["payload", "payloadType", "signatures"];
const SIGNATURE_FIELDS: &[&str] = &["keyid", "sig"];
const STATEMENT_FIELDS: &[&str] = &["_type", "subject", "predicateType", "predicate"];
const DESCRIPTOR_FIELDS: &[&str] = &["name", "uri", "digest", "mediaType"];
const SOURCE_FIELDS: &[&str] = &[
    "name",
    "uri",
    "digest",
    "mediaType",
    "title",
    "author",
    "publisher",
    "published",
];
const PREDICATE_FIELDS: &[&str] = &[
    "source",
    "sourceLanguage",
    "targetLanguage",
    "method",
    "digitalSourceTypes",
    "agents",
    "translatedAt",
    "signedAt",
    "revision",
    "previous",
    "canonicalization",
];
const AGENT_FIELDS: &[&str] = &["role", "kind", "name", "version", "model"];
const PREVIOUS_FIELDS: &[&str] = &["payloadSha256", "revision"];

// ---------------------------------------------------------------------------------------------
// (a) sign → verify round trips
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Any valid metadata (names in any script, optional fields present or not, any BCP 47 tags)
    /// over any document bytes: the signed record verifies, and the record the report exposes is
    /// exactly the one signed, names and all.
    #[test]
    fn sign_then_verify_round_trips(case in case()) {
        let (key, trust) = publisher();
        let m = &case.metadata;
        prop_assert!(check_language_tag(m.source_language.as_deref().unwrap()).is_ok());
        prop_assert!(check_language_tag(m.target_language.as_deref().unwrap()).is_ok());

        let statement = case.statement();
        let envelope = statement.sign(key);
        let json = envelope.to_json();
        let report = verify_envelope(&json, &case.subjects(), trust);
        prop_assert!(report.verified, "{:#?}", report.failure());
        prop_assert!(report.checks.iter().all(|c| c.outcome == CheckOutcome::Passed));
        prop_assert_eq!(report.record.as_ref(), Some(&statement));
        prop_assert_eq!(report.signers().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["newsroom"]);

        // What was signed is what the metadata said, byte for byte.
        let p = &statement.predicate;
        prop_assert_eq!(Some(&p.source_language), m.source_language.as_ref());
        prop_assert_eq!(Some(&p.target_language), m.target_language.as_ref());
        prop_assert_eq!(&p.source.title, &m.source_title);
        prop_assert_eq!(&p.source.author, &m.source_author);
        prop_assert_eq!(&p.source.publisher, &m.source_publisher);
        prop_assert_eq!(&p.source.descriptor.uri, &m.source_uri);
        prop_assert_eq!(&statement.subject().name, &case.translation_name);
        prop_assert_eq!(statement.subject().sha256(), Some(Sha256Digest::of(&case.document)));
        prop_assert_eq!(p.source.descriptor.sha256(), Some(Sha256Digest::of(&case.source)));
        for (given, role) in [
            (&m.translator, Role::Translator),
            (&m.post_editor, Role::PostEditor),
            (&m.reviewer, Role::Reviewer),
            (&m.editor, Role::Editor),
            (&m.publisher, Role::Publisher),
        ] {
            if let Some(given) = given {
                prop_assert!(
                    p.agents_with_role(&role).any(|a| &a.name == given),
                    "{role:?} {given:?} missing from {:?}", p.agents
                );
            }
        }
        for agent in &m.agents {
            prop_assert!(p.agents.contains(agent), "agent {agent:?} lost");
        }
        let expected_revision = case.previous.as_ref().map_or(1, |prev| prev.revision + 1);
        prop_assert_eq!(p.revision, expected_revision);

        // The envelope and the payload re-serialise to the same bytes.
        let reparsed = Envelope::from_json(&json).unwrap();
        prop_assert_eq!(&reparsed, &envelope);
        prop_assert_eq!(reparsed.to_json(), json);
        prop_assert_eq!(Statement::from_payload(&envelope.payload).unwrap(), statement);
    }
}

// ---------------------------------------------------------------------------------------------
// (b) any single-byte change is rejected
// ---------------------------------------------------------------------------------------------

/// What a single-byte change hits.
#[derive(Debug, Clone, Copy)]
enum Tamper {
    Document,
    Source,
    Payload,
    Signature,
    PayloadType,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        Just(Tamper::Document),
        Just(Tamper::Source),
        Just(Tamper::Payload),
        Just(Tamper::Signature),
        Just(Tamper::PayloadType),
    ]
}

/// Signs `case`, applies the change and verifies. Returns the report and the check that must
/// fail. The envelope changes are made in its JSON, as an attacker would.
fn tampered_report(case: &Case, what: Tamper, at: Index, xor: u8) -> (Report, CheckKind) {
    let (key, trust) = publisher();
    let envelope = case.statement().sign(key);
    let mut json: Value = serde_json::from_slice(&envelope.to_json()).unwrap();
    let mut subjects = case.subjects();
    let flip = |bytes: &mut Vec<u8>| {
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
    };
    let expected = match what {
        Tamper::Document => {
            let mut document = case.document.clone();
            flip(&mut document);
            subjects.document = Sha256Digest::of(&document);
            CheckKind::Document
        }
        Tamper::Source => {
            let mut source = case.source.clone();
            flip(&mut source);
            subjects.source = Some(Sha256Digest::of(&source));
            CheckKind::Source
        }
        Tamper::Payload => {
            let mut payload = unb64(json["payload"].as_str().unwrap());
            flip(&mut payload);
            json["payload"] = Value::from(b64(&payload));
            CheckKind::Signature
        }
        Tamper::Signature => {
            let mut sig = unb64(json["signatures"][0]["sig"].as_str().unwrap());
            flip(&mut sig);
            json["signatures"][0]["sig"] = Value::from(b64(&sig));
            CheckKind::Signature
        }
        Tamper::PayloadType => {
            // An ASCII byte xor a 7-bit value stays ASCII, so the JSON string stays valid.
            let mut payload_type = json["payloadType"].as_str().unwrap().as_bytes().to_vec();
            let i = at.index(payload_type.len());
            payload_type[i] ^= xor & 0x7f;
            if xor & 0x7f == 0 {
                payload_type[i] ^= 1;
            }
            json["payloadType"] = Value::from(String::from_utf8(payload_type).unwrap());
            CheckKind::Signature
        }
    };
    let bytes = serde_json::to_vec(&json).unwrap();
    (verify_envelope(&bytes, &subjects, trust), expected)
}

proptest! {
    #![proptest_config(config())]

    /// One changed byte anywhere in the document, the source, the payload, a signature or the
    /// payload type fails verification, at the check that covers it, without exposing the record.
    #[test]
    fn any_single_byte_change_is_rejected(
        case in case(),
        what in tamper(),
        at in any::<Index>(),
        xor in 1u8..=255,
    ) {
        let (report, expected) = tampered_report(&case, what, at, xor);
        assert_fails_at(&report, expected)?;
    }
}

// ---------------------------------------------------------------------------------------------
// (c) the JSON and the human reports agree
// ---------------------------------------------------------------------------------------------

/// Ways a verification can go.
#[derive(Debug, Clone)]
enum Scenario {
    Verified,
    Tampered(Tamper, Index, u8),
    /// Signed by a key the reader does not trust, with a key id hint: any string, including the
    /// multi-byte characters and terminal controls that broke the report before
    /// (`human_report_with_a_non_ascii_keyid_hint_does_not_panic`).
    Untrusted {
        keyid: Option<String>,
    },
    /// No trusted key at all.
    NoTrust,
    /// Not an envelope.
    Garbage(Vec<u8>),
    /// A trusted signature over something that is not a tprov record.
    NotARecord {
        payload_type: String,
        payload: Vec<u8>,
    },
}

/// Key id hints as anyone may write them: printable ASCII, any Unicode, and a mix weighted towards
/// what broke the report before — multi-byte characters where a hint is shortened (byte 16) and
/// terminal controls (C0, C1, bidi overrides, escape sequences).
fn keyid_hint() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,80}",
        any::<String>(),
        r"[a-f0-9é中\x1b\r\n\t\x07\x{9b}\x{202e}\x{200b}\[;mAK]{0,40}",
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    prop_oneof![
        2 => Just(Scenario::Verified),
        3 => (tamper(), any::<Index>(), 1u8..=255).prop_map(|(t, i, x)| Scenario::Tampered(t, i, x)),
        1 => prop::option::of(keyid_hint()).prop_map(|keyid| Scenario::Untrusted { keyid }),
        1 => Just(Scenario::NoTrust),
        1 => prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64),
            Just(b"{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[]}".to_vec()),
            Just(b"{\"payload\":\"%%\",\"payloadType\":\"x\",\"signatures\":[{\"sig\":\"\"}]}".to_vec()),
        ].prop_map(Scenario::Garbage),
        1 => (
            prop_oneof![Just(IN_TOTO_PAYLOAD_TYPE.to_owned()), any::<String>()],
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..64),
                Just(br#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1"}"#.to_vec()),
            ],
        ).prop_map(|(payload_type, payload)| Scenario::NotARecord { payload_type, payload }),
    ]
}

fn scenario_report(case: &Case, scenario: &Scenario) -> Report {
    let (key, trust) = publisher();
    match scenario {
        Scenario::Verified => {
            let json = case.statement().sign(key).to_json();
            verify_envelope(&json, &case.subjects(), trust)
        }
        Scenario::Tampered(what, at, xor) => tampered_report(case, *what, *at, *xor).0,
        Scenario::Untrusted { keyid } => {
            let stranger = SecretKey::from_seed(&[9u8; 32]);
            let mut json: Value =
                serde_json::from_slice(&case.statement().sign(&stranger).to_json()).unwrap();
            match keyid {
                Some(k) => json["signatures"][0]["keyid"] = Value::from(k.as_str()),
                None => {
                    json["signatures"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("keyid");
                }
            }
            verify_envelope(&serde_json::to_vec(&json).unwrap(), &case.subjects(), trust)
        }
        Scenario::NoTrust => {
            let json = case.statement().sign(key).to_json();
            verify_envelope(&json, &case.subjects(), &TrustStore::new())
        }
        Scenario::Garbage(bytes) => verify_envelope(bytes, &case.subjects(), trust),
        Scenario::NotARecord {
            payload_type,
            payload,
        } => {
            let json = Envelope::sign(payload_type, payload.clone(), key).to_json();
            verify_envelope(&json, &case.subjects(), trust)
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// `--json` and the human report tell the same story: the same verdict, the same failing
    /// check, and every check's detail in the human text on the line of that check.
    #[test]
    fn json_and_human_reports_agree(case in case(), scenario in scenario()) {
        let report = scenario_report(&case, &scenario);
        let json = serde_json::to_value(&report).unwrap();
        let text = human(&report);
        let first = text.lines().next().unwrap_or_default();

        prop_assert_eq!(&json["verified"], &Value::Bool(report.verified));
        let json_failed: Vec<&str> = json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["outcome"] == "failed")
            .map(|c| c["check"].as_str().unwrap())
            .collect();
        if report.verified {
            prop_assert!(first.starts_with("VERIFIED"), "{text}");
            prop_assert!(json_failed.is_empty());
            prop_assert!(json["record"].is_object());
        } else {
            prop_assert!(first.starts_with("NOT VERIFIED"), "{text}");
            prop_assert_eq!(json_failed.len(), 1, "{:#}", json);
            let said = first
                .split("the ")
                .last()
                .and_then(|rest| rest.strip_suffix(" check failed"))
                .unwrap_or_else(|| panic!("no failing check named in {first:?}"));
            prop_assert_eq!(said, json_failed[0]);
            prop_assert_eq!(Some(said), report.failure().map(|c| c.kind.name()));
            prop_assert!(json["record"].is_null());
        }

        let checks = json["checks"].as_array().unwrap();
        prop_assert_eq!(checks.len(), report.checks.len());
        for c in checks {
            let name = c["check"].as_str().unwrap();
            let detail = c["detail"].as_str().unwrap();
            let word = match c["outcome"].as_str().unwrap() {
                "passed" => "pass",
                "failed" => "FAIL",
                "skipped" => "skip",
                other => panic!("unknown outcome {other}"),
            };
            prop_assert!(
                text.lines().any(|line| {
                    let line = line.trim_start();
                    line.starts_with(word) && line.contains(name) && line.contains(detail)
                }),
                "check {name} ({word}) with detail {detail:?} not in the human report:\n{text}"
            );
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Whatever an untrusted signature's key id hint holds, the human report shows it escaped
    /// (no control character reaches the terminal), shortened without a panic, and the JSON
    /// report carries it unchanged (an empty hint as none).
    #[test]
    fn any_keyid_hint_is_shown_escaped_and_kept_exactly(keyid in keyid_hint()) {
        let (_, trust) = publisher();
        let stranger = SecretKey::from_seed(&[9u8; 32]);
        let mut json: Value =
            serde_json::from_slice(&sample_statement(None).sign(&stranger).to_json()).unwrap();
        json["signatures"][0]["keyid"] = Value::from(keyid.as_str());
        let subjects = Subjects {
            document: Sha256Digest::of(b"translation"),
            document_name: None,
            source: None,
        };
        let report = verify_envelope(&serde_json::to_vec(&json).unwrap(), &subjects, trust);
        let text = human(&report);
        prop_assert!(text.starts_with("NOT VERIFIED"), "{text}");
        if !keyid.is_empty() {
            let shown = tprov::render::short_hint(&keyid);
            prop_assert!(text.contains(&format!("key id hint {shown}")), "{shown:?} not in {text}");
        }
        let json = serde_json::to_value(&report).unwrap();
        // An empty hint is no hint.
        let expected = if keyid.is_empty() { Value::Null } else { Value::from(keyid.as_str()) };
        prop_assert_eq!(&json["signatures"][0]["keyidHint"], &expected);
    }
}

// ---------------------------------------------------------------------------------------------
// (d) unknown envelope fields survive re-serialisation
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Arbitrary extra fields on the envelope and on its signatures come out of
    /// `from_json` → `to_json` exactly as they went in, and the signature still verifies
    /// (DSSE signs the PAE, not the envelope JSON).
    #[test]
    fn unknown_envelope_fields_survive(
        case in case(),
        envelope_extra in extra_fields(ENVELOPE_FIELDS),
        signature_extra in extra_fields(SIGNATURE_FIELDS),
        cosigner_extra in extra_fields(SIGNATURE_FIELDS),
    ) {
        let (key, trust) = publisher();
        let mut envelope = case.statement().sign(key);
        envelope.add_signature(&SecretKey::from_seed(&[9u8; 32]));
        let mut json: Value = serde_json::from_slice(&envelope.to_json()).unwrap();
        json.as_object_mut().unwrap().extend(envelope_extra);
        json["signatures"][0].as_object_mut().unwrap().extend(signature_extra);
        json["signatures"][1].as_object_mut().unwrap().extend(cosigner_extra);
        let bytes = serde_json::to_vec(&json).unwrap();

        let parsed = Envelope::from_json(&bytes).unwrap();
        let rewritten = parsed.to_json();
        let again: Value = serde_json::from_slice(&rewritten).unwrap();
        prop_assert_eq!(&again, &json);
        prop_assert_eq!(Envelope::from_json(&rewritten).unwrap(), parsed);

        let report = verify_envelope(&rewritten, &case.subjects(), trust);
        prop_assert!(report.verified, "{:#?}", report.failure());
    }
}

// ---------------------------------------------------------------------------------------------
// (e) unknown payload fields survive re-serialisation
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Arbitrary extra fields at every level of the Statement (statement, subject, predicate,
    /// source, agents, previous link) survive `from_payload` → `to_payload`, and a record carrying
    /// them verifies once signed.
    #[test]
    fn unknown_payload_fields_survive(
        case in case(),
        extras in (
            extra_fields(STATEMENT_FIELDS),
            extra_fields(DESCRIPTOR_FIELDS),
            extra_fields(PREDICATE_FIELDS),
            extra_fields(SOURCE_FIELDS),
            extra_fields(AGENT_FIELDS),
            extra_fields(PREVIOUS_FIELDS),
        ),
    ) {
        let (statement_x, subject_x, predicate_x, source_x, agent_x, previous_x) = extras;
        let (key, trust) = publisher();
        let mut payload: Value = serde_json::from_slice(&case.statement().to_payload()).unwrap();
        payload.as_object_mut().unwrap().extend(statement_x);
        payload["subject"][0].as_object_mut().unwrap().extend(subject_x);
        let predicate = &mut payload["predicate"];
        predicate["source"].as_object_mut().unwrap().extend(source_x);
        if let Some(agent) = predicate["agents"].get_mut(0) {
            agent.as_object_mut().unwrap().extend(agent_x);
        }
        if let Some(previous) = predicate.get_mut("previous") {
            previous.as_object_mut().unwrap().extend(previous_x);
        }
        predicate.as_object_mut().unwrap().extend(predicate_x);
        let bytes = serde_json::to_vec(&payload).unwrap();

        let statement = Statement::from_payload(&bytes)
            .unwrap_or_else(|e| panic!("a record with unknown fields was refused: {e}"));
        let rewritten = statement.to_payload();
        let again: Value = serde_json::from_slice(&rewritten).unwrap();
        prop_assert_eq!(&again, &payload);
        prop_assert_eq!(Statement::from_payload(&rewritten).unwrap(), statement.clone());

        let json = Envelope::sign(IN_TOTO_PAYLOAD_TYPE, bytes, key).to_json();
        let report = verify_envelope(&json, &case.subjects(), trust);
        prop_assert!(report.verified, "{:#?}", report.failure());
        prop_assert_eq!(report.record, Some(statement));
    }
}

// ---------------------------------------------------------------------------------------------
// (f) a diff applied to OLD rebuilds NEW
// ---------------------------------------------------------------------------------------------

/// Texts mixing words, CJK, punctuation, blank runs, CRLF and tabs, so every tokeniser path and
/// the whitespace handling are exercised; and arbitrary strings.
fn diff_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "([a-d]{1,4}|[中文翻译新闻]{1,3}|[.,;!?。，]| {1,3}|\n|\r\n|\t){0,40}",
        1 => any::<String>(),
    ]
}

/// A pair of texts: unrelated, or NEW an edit of OLD (text inserted at one place, removed at
/// another).
fn diff_pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (diff_text(), diff_text()),
        (diff_text(), any::<Index>(), any::<Index>(), diff_text()).prop_map(
            |(old, cut, at, insert)| {
                let chars: Vec<char> = old.chars().collect();
                let cut = cut.index(chars.len() + 1);
                let at = at.index(chars.len() + 1);
                let (from, to) = (cut.min(at), cut.max(at));
                let new: String = chars[..from]
                    .iter()
                    .chain(insert.chars().collect::<Vec<_>>().iter())
                    .chain(chars[to..].iter())
                    .collect();
                (old, new)
            }
        ),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// At every granularity, with whitespace ignored or not, the ops cover both texts in order
    /// and applying them to OLD (keep equal text, drop deleted text, take inserted and replacing
    /// text from NEW) gives NEW exactly. Identical texts are reported identical.
    #[test]
    fn diff_applied_to_old_rebuilds_new((old, new) in diff_pair()) {
        use tprov::diff::{DiffOptions, Granularity, OpKind, diff_texts};
        for granularity in [Granularity::Auto, Granularity::Word, Granularity::Char, Granularity::Line] {
            for ignore_whitespace in [true, false] {
                let options = DiffOptions::new()
                    .granularity(granularity)
                    .ignore_whitespace(ignore_whitespace);
                let diff = diff_texts(&old, &new, &options);
                let case = format!("{granularity}, ignore whitespace {ignore_whitespace}");
                if old == new {
                    prop_assert!(diff.is_identical(), "{case}: identical texts differ");
                }
                let (mut old_at, mut new_at) = (0, 0);
                let mut applied = String::new();
                for op in diff.ops() {
                    prop_assert_eq!(op.old.byte_start, old_at, "{}: OLD gap before {:?}", case, op);
                    prop_assert_eq!(op.new.byte_start, new_at, "{}: NEW gap before {:?}", case, op);
                    prop_assert_eq!(&old[op.old.byte_start..op.old.byte_end], op.old.text);
                    prop_assert_eq!(&new[op.new.byte_start..op.new.byte_end], op.new.text);
                    (old_at, new_at) = (op.old.byte_end, op.new.byte_end);
                    let blank = |text: &str| {
                        if ignore_whitespace {
                            text.chars().all(char::is_whitespace)
                        } else {
                            text.is_empty()
                        }
                    };
                    match op.kind {
                        OpKind::Equal => {
                            if !ignore_whitespace {
                                prop_assert_eq!(op.old.text, op.new.text, "{}: unequal equal op", case);
                            }
                            // With whitespace ignored, the whitespace is NEW's.
                            applied.push_str(if ignore_whitespace { op.new.text } else { op.old.text });
                        }
                        OpKind::Delete => {
                            prop_assert_eq!(op.new.tokens(), 0, "{}: {:?}", case, op);
                            prop_assert!(blank(op.new.text), "{case}: a delete inserts {op:?}");
                            applied.push_str(op.new.text);
                        }
                        OpKind::Insert => {
                            prop_assert_eq!(op.old.tokens(), 0, "{}: {:?}", case, op);
                            prop_assert!(blank(op.old.text), "{case}: an insert deletes {op:?}");
                            applied.push_str(op.new.text);
                        }
                        OpKind::Replace => applied.push_str(op.new.text),
                    }
                }
                prop_assert_eq!(old_at, old.len(), "{}: the ops do not cover OLD", case);
                prop_assert_eq!(new_at, new.len(), "{}: the ops do not cover NEW", case);
                prop_assert_eq!(&applied, &new, "{}: applying the ops to OLD does not give NEW", case);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests: bugs found by fuzzing, by the properties above and by reading the code
// ---------------------------------------------------------------------------------------------

/// A statement for `document`, as the sample metadata describes it.
fn sample_statement(previous: Option<PreviousRecord>) -> Statement {
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        ..Metadata::default()
    };
    let documents = Documents {
        translation_name: Some("article.en.md".into()),
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: None,
        source_sha256: Some(Sha256Digest::of(b"source")),
    };
    build_statement(&documents, &metadata, signed_at(), previous).unwrap()
}

/// A record whose revision is `revision`, re-encoded and signed by `key` (the previous
/// record's signature is not what these tests are about).
fn record_with_revision(key: &SecretKey, revision: u64) -> (Envelope, Statement) {
    let mut statement = sample_statement(None);
    statement.predicate.revision = revision;
    let envelope = statement.sign(key);
    (envelope, statement)
}

/// The untrusted key id hint is cut to 16 bytes for display; cut inside a multi-byte character,
/// the slice panics. Input: any envelope whose signature does not verify and whose `keyid` has a
/// character straddling byte 16, e.g. `"aéééééééé"` (byte 16 is the second byte of the 8th `é`).
#[test]
fn human_report_with_a_non_ascii_keyid_hint_does_not_panic() {
    let (_, trust) = publisher();
    let stranger = SecretKey::from_seed(&[9u8; 32]);
    let mut json: Value =
        serde_json::from_slice(&sample_statement(None).sign(&stranger).to_json()).unwrap();
    json["signatures"][0]["keyid"] = Value::from("aéééééééé");
    let subjects = Subjects {
        document: Sha256Digest::of(b"translation"),
        document_name: None,
        source: None,
    };
    let report = verify_envelope(&serde_json::to_vec(&json).unwrap(), &subjects, trust);
    assert_eq!(report.failure().map(|c| c.kind), Some(CheckKind::Signature));
    let text = human(&report);
    assert!(text.starts_with("NOT VERIFIED"), "{text}");
    assert!(text.contains("aéééééé"), "the hint is shown, cut: {text}");
}

/// The same through the binary: `tprov verify` must print its report and exit 1, not panic
/// (exit 101) on a hostile envelope.
#[test]
fn verify_cli_with_a_non_ascii_keyid_hint_reports_instead_of_panicking() {
    let scratch = crate::util::Scratch::new();
    let envelope = scratch.sign_sample();
    let mut json: Value = serde_json::from_slice(&std::fs::read(&envelope).unwrap()).unwrap();
    json["signatures"][0]["keyid"] = Value::from("aéééééééé");
    std::fs::write(&envelope, serde_json::to_vec(&json).unwrap()).unwrap();
    let output = scratch
        .tprov()
        .args(["verify", "commentary.en.md", "--pubkey", "translator.pub"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("NOT VERIFIED"));
}

/// `tprov sign --previous OLD` links to OLD's record without checking OLD's signature, and the
/// new revision is OLD's plus one. With OLD's revision at `u64::MAX` that addition overflows.
#[test]
fn previous_revision_at_u64_max_is_refused_not_overflowed() {
    let previous = PreviousRecord {
        payload_sha256: Sha256Digest::of(b"old payload"),
        revision: u64::MAX,
        extra: Map::new(),
    };
    let documents = Documents {
        translation_name: None,
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: None,
        source_sha256: Some(Sha256Digest::of(b"source")),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        ..Metadata::default()
    };
    let built = std::panic::catch_unwind(|| {
        build_statement(&documents, &metadata, signed_at(), Some(previous))
    });
    match built {
        Err(_) => panic!("build_statement panicked on revision u64::MAX"),
        Ok(Ok(statement)) => panic!(
            "a revision after u64::MAX was built as revision {}",
            statement.predicate.revision
        ),
        Ok(Err(_)) => {}
    }
}

/// The same through the binary, with a hostile previous envelope (any file will do: its
/// signature is not checked by `sign`).
#[test]
fn sign_cli_with_a_previous_revision_at_u64_max_fails_cleanly() {
    let scratch = crate::util::Scratch::new();
    let (old, _) = record_with_revision(&SecretKey::from_seed(&[9u8; 32]), u64::MAX);
    std::fs::write(scratch.path("old.tprov.json"), old.to_json()).unwrap();
    let mut args = crate::util::sample_sign_args("commentary.en.md");
    args.extend(["--previous".into(), "old.tprov.json".into()]);
    let output = scratch.tprov().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(
        !scratch.path("commentary.en.md.tprov.json").exists(),
        "no envelope may be written"
    );
}

/// `compare::revision_link` checks `new == old + 1` on revisions read from (possibly unverified)
/// records: with `old` at `u64::MAX` the addition overflows.
#[test]
fn revision_link_with_old_revision_at_u64_max_does_not_overflow() {
    let key = SecretKey::from_seed(&[9u8; 32]);
    let (old_envelope, old) = record_with_revision(&key, u64::MAX);
    let mut new = sample_statement(None);
    new.predicate.previous = Some(PreviousRecord {
        payload_sha256: old_envelope.payload_digest(),
        revision: u64::MAX,
        extra: Map::new(),
    });
    let link = std::panic::catch_unwind(|| {
        tprov::review::compare::revision_link(&old_envelope, &old, &new)
    })
    .expect("revision_link panicked on revision u64::MAX");
    assert!(!link.is_linked(), "{link:?}");
}

/// `chain::walk` (`tprov log`) checks `revision == older + 1` on records from the store folder,
/// whose signatures need not verify: an older record at `u64::MAX` overflows the addition.
#[test]
fn chain_walk_with_a_revision_at_u64_max_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::from_seed(&[9u8; 32]);
    let (old_envelope, _) = record_with_revision(&key, u64::MAX);
    let mut new = sample_statement(None);
    new.predicate.revision = 3;
    new.predicate.previous = Some(PreviousRecord {
        payload_sha256: old_envelope.payload_digest(),
        revision: u64::MAX,
        extra: Map::new(),
    });
    std::fs::write(dir.path().join("old.tprov.json"), old_envelope.to_json()).unwrap();
    let start = dir.path().join("new.tprov.json");
    std::fs::write(&start, new.sign(&key).to_json()).unwrap();
    let chain = std::panic::catch_unwind(|| tprov::review::chain::walk(&start, dir.path(), None))
        .expect("chain::walk panicked on revision u64::MAX")
        .unwrap();
    assert!(
        !chain.intact,
        "a chain whose numbers do not follow is not intact"
    );
}

/// `--meta` agents may carry unknown fields of any depth; `build_statement` signs them, but
/// `Statement::from_payload` refuses payloads nested deeper than `MAX_PAYLOAD_DEPTH`, so the
/// signed record can never be verified. Sign must refuse what verify will refuse.
#[test]
fn metadata_too_deep_for_a_record_is_refused_at_signing() {
    let deep = format!(
        r#"{{"sourceLanguage":"zh","targetLanguage":"en","engine":"E","agents":[{{"role":"reviewer","kind":"person","name":"R","note":{}1{}}}]}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    let metadata = Metadata::from_json(deep.as_bytes()).expect("serde_json accepts 40 levels");
    let documents = Documents {
        translation_name: None,
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: None,
        source_sha256: Some(Sha256Digest::of(b"source")),
    };
    match build_statement(&documents, &metadata, signed_at(), None) {
        Err(_) => {}
        Ok(statement) => {
            let read_back = Statement::from_payload(&statement.to_payload());
            assert!(
                read_back.is_ok(),
                "tprov signed a record it cannot read back: {}",
                read_back.unwrap_err()
            );
        }
    }
}

/// serde_json without its `float_roundtrip` feature parses some numbers one unit in the last
/// place off, so an unknown field's number changes when tprov re-writes an envelope (`cosign`
/// does) or a statement. Found by `unknown_envelope_fields_survive` with arbitrary floats.
#[test]
fn unknown_float_fields_survive_re_serialisation_exactly() {
    let (key, _) = publisher();
    let text = String::from_utf8(sample_statement(None).sign(key).to_json()).unwrap();
    let with_number = text.replacen('{', "{\"x-number\":-5.7881805772019815e-244,", 1);
    let rewritten = Envelope::from_json(with_number.as_bytes())
        .unwrap()
        .to_json();
    let rewritten = String::from_utf8(rewritten).unwrap();
    assert!(
        rewritten.contains("-5.7881805772019815e-244"),
        "the number changed: {rewritten}"
    );

    let payload = String::from_utf8(sample_statement(None).to_payload()).unwrap();
    let with_number = payload.replacen('{', "{\"x-number\":-5.7881805772019815e-244,", 1);
    let rewritten = Statement::from_payload(with_number.as_bytes())
        .unwrap()
        .to_payload();
    let rewritten = String::from_utf8(rewritten).unwrap();
    assert!(
        rewritten.contains("-5.7881805772019815e-244"),
        "the number changed: {rewritten}"
    );
}

/// Found by `fuzz/run.sh` (target `envelope_verify`, crash-460692ae…): an envelope with a
/// damaged signature and a key id hint with an `é` across byte 16. `verify_envelope` reports the
/// signature failure; rendering that report for people panics.
#[test]
fn fuzz_envelope_verify_keyid_hint_with_e_acute_at_byte_16() {
    let input: &[u8] = b"{\n  \"payload\": \"eyJfBIiacmV3aXNpb24iOjF9fQ==\",\n  \"payloadType\": \"applicadion/vnd.in-toto+json\",\n  \"signatures\": [\n    {\n      \"keyid\": \"4b3b32f7cf8crqO\\u00e9uuOjH2FMEJz26a7a7776\",\n      \"sig\": \"AGW8cFdCfrqOuuOjH2FMEJzX1HXdfwRwd3qNuDVsaiZPjVQ639L6Dw==\"}\n  ]\n}\n";
    let (_, trust) = publisher();
    let subjects = Subjects {
        document: Sha256Digest::of(b"document"),
        document_name: None,
        source: None,
    };
    let report = verify_envelope(input, &subjects, trust);
    assert_eq!(report.failure().map(|c| c.kind), Some(CheckKind::Signature));
    let text = human(&report);
    assert!(text.starts_with("NOT VERIFIED"), "{text}");
}

/// Found by `fuzz/run.sh` (target `envelope_verify`, crash-cfcda257…): an unknown field holding
/// a number too long for exact parsing. Re-writing the envelope changes the number, and each
/// rewrite may change it again (`to_json` → `from_json` is not stable).
#[test]
fn fuzz_envelope_verify_unknown_number_is_stable_across_rewrites() {
    let input: &[u8] = br#"{"payload":"e30","payloadType":"text/plain","signatures":[{"keyid":"","sig":"AA"},{"sig":"_-8="}],"x":[1,18446744073709551615205e23,null]}"#;
    let envelope = Envelope::from_json(input).unwrap();
    let rewritten = Envelope::from_json(&envelope.to_json()).unwrap();
    assert_eq!(rewritten, envelope, "the number changed on a rewrite");
    assert_eq!(rewritten.to_json(), envelope.to_json());
}

/// Found by `fuzz/run.sh` (target `metadata`, crash-6fc6bbd0…): a `--meta` agent field holding
/// an integer beyond `u64`, kept as a float. The statement tprov builds and signs holds one
/// number; reading its own payload back gives another (1.8446744073709506e20 becomes
/// 1.8446744073709502e20).
#[test]
fn fuzz_metadata_big_number_in_an_agent_field_reads_back_unchanged() {
    let input = r#"{"sourceLanguage":"zh","targetLanguage":"en","sourceSha256":"BA7816BF8F01CFEA414140DE0DAE2223B00361A396177A9CB410FF61F20015AD","sourceUri":"https://exaelmp.cn/a","sourceName":"a.zh.md","sourceMediaType":"text/markdown","sourceTitle":"标题","sourceAuthor":"王芳","sourcePublisher":"P","sourcePublished":"2026-11-20","engine":"ExampleM^","engineVersion":"4.2","model":"m","postEditor":"Li Wei","reviewer":"R","editor":"E","publisher":"Pub","method":"machine+post-edit","translatedAt":"1429-11-24T09:30:00+01:00","agents":[{"role":"terminologist","kind":"perq23B00361Aͽ6177A9CB410FF61F20015AD","sourceUri":"https://example.cn/a","sourceName":"a.zh.md","sourceMediaType":"text/markdown","sourceTitlg":"标题","sodiaType":"text/markdown","sourceTitle":"标题","sourceAutd":"2026-11-20","engine":"on","name":"T","note":[184467440737095058751]}]}"#;
    let metadata = Metadata::from_json(input.as_bytes()).unwrap();
    let documents = Documents {
        translation_name: Some("article.en.md".into()),
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: None,
        source_sha256: None,
    };
    let statement = build_statement(&documents, &metadata, signed_at(), None).unwrap();
    let read_back = Statement::from_payload(&statement.to_payload()).unwrap();
    assert_eq!(
        read_back, statement,
        "the record read back is not the one built"
    );
}

/// `tprov cosign` lists the key id hints the envelope already carried, cut to 16 bytes: a hint
/// with a multi-byte character across byte 16 panics the command after it has written the
/// co-signed envelope. The hint is not signed, so anyone can set it.
#[test]
fn cosign_cli_with_a_non_ascii_keyid_hint_does_not_panic() {
    let scratch = crate::util::Scratch::new();
    let envelope = scratch.sign_sample();
    let mut json: Value = serde_json::from_slice(&std::fs::read(&envelope).unwrap()).unwrap();
    json["signatures"][0]["keyid"] = Value::from("aéééééééé");
    std::fs::write(&envelope, serde_json::to_vec(&json).unwrap()).unwrap();
    let name = envelope.file_name().unwrap().to_str().unwrap().to_owned();
    let output = scratch
        .tprov()
        .args(["cosign", &name, "--key", "translator.key"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    let cosigned = Envelope::from_json(&std::fs::read(&envelope).unwrap()).unwrap();
    assert_eq!(cosigned.signatures.len(), 2);
}

/// RFC 5646 §2.1: `privateuse = "x" 1*("-" (1*8alphanum))`, so private-use subtags of one
/// character are well-formed, last or not (`x-c-h`, `en-x-a`). tprov's singleton rule (a
/// one-character subtag must be followed by another) is right for extensions (`en-a` is not
/// well-formed) but also refuses these.
#[test]
fn bcp47_private_use_subtags_of_one_character_are_well_formed() {
    for tag in ["x-c-h", "en-x-a", "zh-Hans-x-a-b", "X-1"] {
        assert!(check_language_tag(tag).is_ok(), "{tag} is well-formed");
    }
    for tag in ["en-a", "zh-x", "x", "en-a-x-b"] {
        assert!(check_language_tag(tag).is_err(), "{tag} is not well-formed");
    }
}
