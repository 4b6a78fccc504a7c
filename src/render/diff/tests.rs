//! Tests of whole diffs through their renderings: properties, and snapshots of every view.

use proptest::prelude::*;

use super::*;
use crate::diff::{
    Approximation, DiffOptions, Granularity, OpKind, TerScope, decode_text, diff_texts,
};

/// Output as a reader without colour sees it: the styles stripped, as the binary does.
fn plain(v: Vec<u8>) -> String {
    anstream::adapter::strip_str(&String::from_utf8(v).unwrap()).to_string()
}

fn unified(diff: &TextDiff<'_>) -> String {
    let mut v = Vec::new();
    render_unified(diff, &RenderOptions::new(), &mut v).unwrap();
    plain(v)
}

fn side(diff: &TextDiff<'_>, width: usize) -> String {
    let mut v = Vec::new();
    render_side_by_side(diff, &RenderOptions::new().width(width), &mut v).unwrap();
    plain(v)
}

fn json(diff: &TextDiff<'_>) -> String {
    let mut v = Vec::new();
    render_json(diff, &mut v).unwrap();
    String::from_utf8(v).unwrap()
}

fn stats_text(diff: &TextDiff<'_>) -> String {
    let mut v = Vec::new();
    render_stats(diff, &RenderOptions::new(), &mut v).unwrap();
    plain(v)
}

fn no_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Applies the ops to OLD: equal text is taken from OLD, inserted and replacing text from NEW.
fn apply(diff: &TextDiff<'_>) -> String {
    let mut out = String::new();
    for op in diff.ops() {
        match op.kind {
            OpKind::Equal => out.push_str(op.old.text),
            OpKind::Delete => {}
            OpKind::Insert | OpKind::Replace => out.push_str(op.new.text),
        }
    }
    out
}

const ALL: [Granularity; 4] = [
    Granularity::Auto,
    Granularity::Word,
    Granularity::Char,
    Granularity::Line,
];

#[test]
fn empty_inputs() {
    let d = diff_texts("", "", &DiffOptions::new());
    assert!(d.is_identical());
    assert!(d.hunks().is_empty() && d.ops().is_empty());
    assert_eq!(d.stats().similarity, 1.0);
    assert_eq!(d.stats().ter.unwrap().score(), 0.0);
    assert_eq!(unified(&d), "");

    let d = diff_texts("", "new words", &DiffOptions::new());
    assert!(!d.is_identical());
    assert_eq!((d.stats().inserted, d.stats().edit_rate), (2, 1.0));
    assert_eq!(
        unified(&d),
        "--- old\n+++ new\n@@ -0,0 +1,1 @@ tokens -0,0 +1,2\n{+new words+}\n"
    );

    let d = diff_texts("old words", "", &DiffOptions::new());
    let t = d.stats().ter.unwrap();
    assert_eq!((t.deletions, t.reference_tokens, t.score()), (2, 0, 1.0));
}

#[test]
fn word_changes_render_inline() {
    let d = diff_texts(
        "The cat sat on the mat.\nIt was happy.\n",
        "The cat sat upon the mat.\nIt was very happy.\n",
        &DiffOptions::new(),
    );
    assert_eq!(
        unified(&d),
        "--- old\n+++ new\n@@ -1,2 +1,2 @@ tokens -1,11 +1,12\nThe cat sat [-on-]{+upon+} the mat.\nIt was {+very+} happy.\n"
    );
    let s = d.stats();
    // Punctuation marks are tokens: 11 OLD tokens, 12 NEW tokens.
    assert_eq!(
        (
            s.old_tokens,
            s.new_tokens,
            s.equal,
            s.substituted,
            s.inserted
        ),
        (11, 12, 10, 1, 1)
    );
    assert!((s.edit_rate - 2.0 / 12.0).abs() < 1e-12);
    assert!((s.similarity - 20.0 / 23.0).abs() < 1e-12);
}

#[test]
fn rewrapped_paragraph_is_not_a_change() {
    let old = "one two three four\nfive six seven\n";
    let new = "one two\nthree four five\nsix  seven   \r\n";
    let d = diff_texts(old, new, &DiffOptions::new());
    assert!(d.is_identical());
    assert!(d.hunks().is_empty());
    // Five gaps differ: after "two", "four" and "five", between "six" and "seven", and the end.
    assert_eq!(d.stats().whitespace_only_changes, 5);
    assert_eq!(unified(&d), "\\ 5 whitespace-only changes not shown\n");
    // With whitespace significant, the same pair differs.
    let d = diff_texts(old, new, &DiffOptions::new().ignore_whitespace(false));
    assert!(!d.is_identical());
    assert_eq!(d.stats().whitespace_only_changes, 5);
    assert_eq!(d.stats().edits(), 0);
}

#[test]
fn rewrapped_paragraph_with_one_edit_shows_only_the_edit() {
    let old = "alpha beta gamma delta\nepsilon zeta eta theta\n";
    let new = "alpha beta\ngamma DELTA epsilon\nzeta eta theta\n";
    let d = diff_texts(old, new, &DiffOptions::new().context(0));
    let ops: Vec<_> = d.ops().iter().filter(|o| o.kind != OpKind::Equal).collect();
    assert_eq!(ops.len(), 1);
    assert_eq!(
        (ops[0].old.text.trim(), ops[0].new.text.trim()),
        ("delta", "DELTA")
    );
    // The hunk shows NEW's line 2 whole; in OLD that text spans lines 1 and 2.
    assert_eq!(
        unified(&d),
        "--- old\n+++ new\n@@ -1,2 +2,1 @@ tokens -3,3 +3,3\ngamma [-delta-]{+DELTA+} epsilon\n\\ 2 whitespace-only changes not shown\n"
    );
}

#[test]
fn crlf_and_line_mode() {
    let old = "a b\r\nc d\r\n";
    let new = "a b\nc e\n";
    let d = diff_texts(old, new, &DiffOptions::new().granularity(Granularity::Line));
    assert_eq!(d.stats().equal, 1);
    assert_eq!(d.stats().whitespace_only_changes, 1);
    assert_eq!(
        unified(&d),
        "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a b\n-c d\n+c e\n\\ 1 whitespace-only change not shown\n"
    );
    let d = diff_texts(
        old,
        new,
        &DiffOptions::new()
            .granularity(Granularity::Line)
            .ignore_whitespace(false),
    );
    assert_eq!(d.stats().equal, 0);
    let d = diff_texts(
        "a\r\n",
        "a\n",
        &DiffOptions::new().granularity(Granularity::Line),
    );
    assert!(d.is_identical());
    let d = diff_texts(
        "x\ny",
        "x\nz",
        &DiffOptions::new().granularity(Granularity::Line),
    );
    assert_eq!(
        unified(&d),
        "--- old\n+++ new\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n"
    );
}

#[test]
fn mixed_scripts_get_mixed_tokens() {
    let d = diff_texts(
        "我们使用 machine translation 系统",
        "我们采用 neural machine translation 系统",
        &DiffOptions::new(),
    );
    let s = d.stats();
    // 我 们 使 用 machine translation 系 统 → 我 们 采 用 neural machine translation 系 统
    assert_eq!((s.old_tokens, s.new_tokens), (8, 9));
    assert_eq!((s.substituted, s.inserted), (1, 1));
    assert_eq!(
        unified(&d).lines().nth(3),
        Some("我们[-使-]{+采+}用 {+neural+} machine translation 系统")
    );
}

#[test]
fn context_and_hunks() {
    let old: String = (1..=20).map(|i| format!("line {i} text\n")).collect();
    let new = old
        .replace("line 3 text", "line 3 TEXT")
        .replace("line 17 text", "line 17 TEXT");
    let d = diff_texts(&old, &new, &DiffOptions::new().context(2));
    assert_eq!(d.hunks().len(), 2);
    let h = &d.hunks()[0];
    assert_eq!((h.old_range.line_start, h.old_range.line_end), (0, 5));
    assert_eq!((h.new_range.line_start, h.new_range.line_end), (0, 5));
    let h = &d.hunks()[1];
    assert_eq!((h.new_range.line_start, h.new_range.line_end), (14, 19));
    assert!(unified(&d).contains("@@ -15,5 +15,5 @@"));
    // Changes whose contexts meet share a hunk: 13 unchanged lines between them, context 6 each
    // leaves one line out; context 7 does not.
    let d = diff_texts(&old, &new, &DiffOptions::new().context(6));
    assert_eq!(d.hunks().len(), 2);
    let d = diff_texts(&old, &new, &DiffOptions::new().context(7));
    assert_eq!(d.hunks().len(), 1);
}

#[test]
fn moved_phrase_counts_one_shift() {
    let d = diff_texts(
        "yesterday the committee approved the new budget after a long debate",
        "the committee approved the new budget yesterday after a long debate",
        &DiffOptions::new(),
    );
    let t = d.stats().ter.unwrap();
    assert_eq!(d.stats().ter_scope, Some(TerScope::Document));
    assert_eq!((t.shifts, t.edits()), (1, 1));
    assert!(d.stats().edits() >= 2);
}

#[test]
fn json_schema_shape() {
    let d = diff_texts("a b c\n", "a x c\n", &DiffOptions::new());
    let v: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
    assert_eq!(v["schemaVersion"], 1);
    assert_eq!(v["granularity"], "auto");
    assert_eq!(v["identical"], false);
    let op = &v["hunks"][0]["ops"][1];
    assert_eq!(op["op"], "replace");
    assert_eq!(op["old"]["text"], "b ");
    assert_eq!(op["old"]["tokenStart"], 1);
    assert_eq!(op["old"]["byteStart"], 2);
    assert_eq!(v["stats"]["ter"]["substitutions"], 1);
    assert_eq!(v["stats"]["terScope"], "document");
    assert_eq!(v["stats"]["whitespaceOnlyChanges"], 0);
}

#[test]
fn bounds_are_reported() {
    let old: String = (0..400).map(|i| format!("o{i} ")).collect();
    let new: String = (0..400).map(|i| format!("n{i} ")).collect();
    let d = diff_texts(&old, &new, &DiffOptions::new().max_region_tokens(100));
    assert!(d.is_approximated());
    assert_eq!(
        d.approximations(),
        [Approximation::RegionTooLarge { regions: 1 }]
    );
    assert!(unified(&d).contains("\\ approximated: 1 changed region(s)"));
    assert_eq!(apply(&d), new);

    let d = diff_texts(&old, &new, &DiffOptions::new().ter_budget(10));
    assert!(matches!(
        d.approximations(),
        [Approximation::TerBudget { .. }]
    ));
    assert!(d.stats().ter.unwrap().approximated);

    let d = diff_texts(
        &old,
        &new,
        &DiffOptions::new().time_budget(Some(std::time::Duration::ZERO)),
    );
    assert!(d.approximations().contains(&Approximation::TimeBudget));
    assert_eq!(apply(&d), new);
}

#[test]
fn pathological_pair_is_bounded() {
    // Few distinct tokens in different orders: the worst case for LCS-based alignment.
    let mut x: u64 = 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let old: String = (0..30_000)
        .map(|_| ["a ", "b ", "c "][(next() % 3) as usize])
        .collect();
    let new: String = (0..30_000)
        .map(|_| ["a ", "b ", "c "][(next() % 3) as usize])
        .collect();
    let d = diff_texts(&old, &new, &DiffOptions::new());
    assert_eq!(apply(&d), new);
    // The work is bounded by the deterministic limits (no clock: no time budget by default),
    // and the result says so. align.rs counts that work:
    // `pathological_pair_work_is_bounded_by_counted_comparisons`.
    assert!(
        d.approximations()
            .iter()
            .any(|a| matches!(a, Approximation::RegionTooLarge { .. })),
        "expected the region bound to apply: {:?}",
        d.approximations()
    );
}

fn check_properties(old: &str, new: &str, options: &DiffOptions) -> Result<(), TestCaseError> {
    let d = diff_texts(old, new, options);
    // The ops partition both texts.
    let olds: String = d.ops().iter().map(|o| o.old.text).collect();
    let news: String = d.ops().iter().map(|o| o.new.text).collect();
    prop_assert_eq!(&olds, old);
    prop_assert_eq!(&news, new);
    // Applying the ops to OLD gives NEW: exactly when whitespace counts, and up to whitespace
    // when it is ignored.
    if options.ignore_whitespace {
        prop_assert_eq!(no_ws(&apply(&d)), no_ws(new));
    } else {
        prop_assert_eq!(apply(&d), new);
    }
    // Spans are contiguous and token counts add up.
    let mut pos = (0, 0, 0, 0);
    for op in d.ops() {
        prop_assert_eq!((op.old.byte_start, op.new.byte_start), (pos.0, pos.1));
        prop_assert_eq!((op.old.token_start, op.new.token_start), (pos.2, pos.3));
        pos = (
            op.old.byte_end,
            op.new.byte_end,
            op.old.token_end,
            op.new.token_end,
        );
        match op.kind {
            OpKind::Equal => prop_assert_eq!(op.old.tokens(), op.new.tokens()),
            OpKind::Insert => prop_assert!(op.old.text.is_empty()),
            OpKind::Delete => prop_assert!(op.new.text.is_empty()),
            OpKind::Replace => {}
        }
    }
    let s = d.stats();
    prop_assert_eq!((pos.2, pos.3), (s.old_tokens, s.new_tokens));
    prop_assert_eq!(s.equal + s.deleted + s.substituted, s.old_tokens);
    prop_assert_eq!(s.equal + s.inserted + s.substituted, s.new_tokens);
    // TER never exceeds the edit rate; a text against itself scores 0.
    let t = s.ter.unwrap();
    prop_assert!(
        t.score() <= s.edit_rate + 1e-12,
        "TER {} > edit rate {}",
        t.score(),
        s.edit_rate
    );
    prop_assert_eq!(t.reference_tokens, s.new_tokens);
    let same = diff_texts(old, old, options);
    prop_assert!(same.is_identical());
    prop_assert_eq!(same.stats().ter.unwrap().edits(), 0);
    // Hunks hold every change, with contiguous ops.
    let changes = d.ops().iter().filter(|o| o.kind != OpKind::Equal).count();
    let in_hunks: usize = d
        .hunks()
        .iter()
        .map(|h| h.ops.iter().filter(|o| o.kind != OpKind::Equal).count())
        .sum();
    prop_assert_eq!(changes, in_hunks);
    prop_assert_eq!(d.is_identical(), changes == 0);
    for h in d.hunks() {
        prop_assert_eq!(
            h.ops.first().map(|o| o.old.byte_start),
            Some(h.old_range.byte_start)
        );
        prop_assert_eq!(
            h.ops.last().map(|o| o.new.byte_end),
            Some(h.new_range.byte_end)
        );
        for w in h.ops.windows(2) {
            prop_assert_eq!(w[0].old.byte_end, w[1].old.byte_start);
            prop_assert_eq!(w[0].new.byte_end, w[1].new.byte_start);
        }
    }
    // Every renderer copes.
    let mut sink = Vec::new();
    for color in [false, true] {
        let ro = RenderOptions::new().color(color).width(30);
        render_unified(&d, &ro, &mut sink).unwrap();
        render_side_by_side(&d, &ro, &mut sink).unwrap();
        render_side_by_side(&d, &ro.clone().wrap(false).width(3), &mut sink).unwrap();
        render_stats(&d, &ro, &mut sink).unwrap();
    }
    render_json(&d, &mut sink).unwrap();
    Ok(())
}

/// Text from a small alphabet, so that random pairs share a lot.
fn texty() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("the "),
            Just("cat"),
            Just("sat"),
            Just(" "),
            Just("  "),
            Just("\n"),
            Just("\r\n"),
            Just("\t"),
            Just("."),
            Just(","),
            Just("翻"),
            Just("译"),
            Just("。"),
            Just("e\u{301}"),
            Just("can't"),
            Just("3.14"),
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

/// A text file's bytes: an optional UTF-8 byte-order mark, then any characters but NUL (which
/// makes a file binary) — multi-byte characters, CR, CRLF and lone LF included.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), "[^\\x00]{0,40}").prop_map(|(bom, text)| {
        let mut bytes = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(text.as_bytes());
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn related_pairs(old in texty(), new in texty(), g in 0..4usize, ignore in any::<bool>()) {
        check_properties(&old, &new, &DiffOptions::new().granularity(ALL[g]).ignore_whitespace(ignore).context(1))?;
    }

    #[test]
    fn arbitrary_unicode(old in any::<String>(), new in any::<String>(), g in 0..4usize, ignore in any::<bool>()) {
        check_properties(&old, &new, &DiffOptions::new().granularity(ALL[g]).ignore_whitespace(ignore))?;
    }

    /// Files as they arrive: generated valid (random bytes decode in about 0.25% of cases, so
    /// almost every case used to test nothing), each one reaches the diff.
    #[test]
    fn decoded_files(old in file_bytes(), new in file_bytes()) {
        let (a, b) = (decode_text(&old), decode_text(&new));
        prop_assert!(a.is_ok() && b.is_ok(), "expected text: {:?} {:?}", a, b);
        check_properties(a.unwrap(), b.unwrap(), &DiffOptions::new())?;
    }

    #[test]
    fn edited_copies(base in texty(), edits in proptest::collection::vec((0..40usize, texty()), 0..4), g in 0..4usize) {
        // NEW is OLD with a few pieces replaced: the typical post-edit.
        let mut new = base.clone();
        for (at, piece) in edits {
            let mut at = at.min(new.len());
            while !new.is_char_boundary(at) {
                at -= 1;
            }
            new.insert_str(at, &piece);
        }
        check_properties(&base, &new, &DiffOptions::new().granularity(ALL[g]))?;
    }
}

mod snapshots {
    use super::*;

    const MT: &str = include_str!("testdata/zh_en_mt.txt");
    const POST: &str = include_str!("testdata/zh_en_post.txt");
    const MIXED_OLD: &str = include_str!("testdata/mixed_old.txt");
    const MIXED_NEW: &str = include_str!("testdata/mixed_new.txt");
    const REWRAP_OLD: &str = include_str!("testdata/rewrap_old.txt");
    const REWRAP_NEW: &str = include_str!("testdata/rewrap_new.txt");

    fn all_views(name: &str, old: &str, new: &str, options: &DiffOptions) {
        let d = diff_texts(old, new, options);
        insta::assert_snapshot!(format!("{name}_unified"), unified(&d));
        insta::assert_snapshot!(format!("{name}_side_by_side"), side(&d, 100));
        insta::assert_snapshot!(format!("{name}_json"), json(&d));
        insta::assert_snapshot!(format!("{name}_stats"), stats_text(&d));
    }

    #[test]
    fn zh_en_post_edit() {
        all_views("zh_en", MT, POST, &DiffOptions::new());
    }

    #[test]
    fn mixed_cjk_english() {
        all_views("mixed", MIXED_OLD, MIXED_NEW, &DiffOptions::new());
    }

    #[test]
    fn rewrapped() {
        all_views("rewrap", REWRAP_OLD, REWRAP_NEW, &DiffOptions::new());
    }

    #[test]
    fn zh_en_line_mode() {
        let d = diff_texts(
            MT,
            POST,
            &DiffOptions::new().granularity(Granularity::Line).context(1),
        );
        insta::assert_snapshot!("zh_en_line_unified", unified(&d));
        insta::assert_snapshot!("zh_en_line_side_by_side", side(&d, 100));
    }

    #[test]
    fn zh_en_colored() {
        let d = diff_texts(MT, POST, &DiffOptions::new().context(0));
        let mut v = Vec::new();
        render_unified(&d, &RenderOptions::new().color(true), &mut v).unwrap();
        let s = String::from_utf8(v).unwrap();
        // Colour replaces the markers.
        assert!(s.contains("\u{1b}[") && !s.contains("[-") && !s.contains("{+"));
        // Every coloured stretch is closed on its own line.
        for line in s.lines().filter(|l| l.contains('\u{1b}')) {
            assert!(
                line.ends_with("\u{1b}[0m") || !line.ends_with('\u{1b}'),
                "{line:?}"
            );
        }
    }
}

#[test]
fn terminal_and_bidi_controls_are_escaped_in_every_view() {
    // Regression: the diff renderers had their own sanitizer, which let bidirectional controls
    // through ("Trojan Source": a right-to-left override makes a change read as another).
    let d = diff_texts(
        "price: 10\n",
        "price: \u{202E}01\u{202C} \x1b[2Kok\n",
        &DiffOptions::new(),
    );
    let mut views = vec![unified(&d), side(&d, 80)];
    for color in [false, true] {
        let mut v = Vec::new();
        render_unified(&d, &RenderOptions::new().color(color), &mut v).unwrap();
        views.push(String::from_utf8(v).unwrap());
    }
    for view in views {
        assert!(
            !view.contains('\u{202E}') && !view.contains("\x1b[2K"),
            "{view:?}"
        );
        assert!(
            view.contains("\\u{202e}") && view.contains("\\u{1b}[2K"),
            "{view:?}"
        );
    }
}
