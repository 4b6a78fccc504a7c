//! Arbitrary byte pairs as OLD and NEW texts: `decode_text`, `diff_texts` at every granularity,
//! with and without whitespace, and every renderer must never panic; the ops must cover both
//! texts exactly, so that applying them to OLD rebuilds NEW.
//!
//! Input layout: byte 0 = option bits, bytes 1–2 = where OLD ends in the rest (little endian,
//! modulo its length + 1), then OLD and NEW.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tprov::diff::{DiffOptions, Granularity, OpKind, decode_text, diff_texts};
use tprov::render::diff::{
    RenderOptions, render_json, render_side_by_side, render_stats, render_unified,
};

fuzz_target!(|data: &[u8]| {
    let [flags, lo, hi, rest @ ..] = data else {
        return;
    };
    let split = usize::from(u16::from_le_bytes([*lo, *hi])) % (rest.len() + 1);
    let (old, new) = rest.split_at(split);
    let (Ok(old), Ok(new)) = (decode_text(old), decode_text(new)) else {
        return;
    };
    for granularity in [
        Granularity::Auto,
        Granularity::Word,
        Granularity::Char,
        Granularity::Line,
    ] {
        for ignore_whitespace in [true, false] {
            let options = DiffOptions::new()
                .granularity(granularity)
                .ignore_whitespace(ignore_whitespace)
                .context(usize::from(flags >> 6))
                .ter(flags & 1 == 1)
                .ter_case_insensitive(flags & 2 == 2)
                // TER's shift search is bounded by this many matrix cells; the default (200
                // million) would spend the fuzzer's time in one loop.
                .ter_budget(100_000);
            let diff = diff_texts(old, new, &options);
            check_ops(&diff, old, new, ignore_whitespace);
            if old == new {
                assert!(
                    diff.is_identical(),
                    "identical texts differ ({granularity})"
                );
            }
            let render = RenderOptions::new()
                .color(flags & 4 == 4)
                .wrap(flags & 8 == 8)
                .width(usize::from(flags >> 4) * 10)
                .labels("old", "new");
            render_unified(&diff, &render, &mut Vec::new()).expect("rendering to memory");
            render_side_by_side(&diff, &render, &mut Vec::new()).expect("rendering to memory");
            render_stats(&diff, &render, &mut Vec::new()).expect("rendering to memory");
            let mut json = Vec::new();
            render_json(&diff, &mut json).expect("rendering to memory");
            serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON diff is JSON");
        }
    }
});

/// The ops' spans tile both texts in order; applying them to OLD (keep equal text, drop deleted
/// text, take inserted and replacing text from NEW) gives NEW. When whitespace is ignored, spans
/// carry the whitespace around their tokens, so the whitespace comes from NEW's spans.
fn check_ops(diff: &tprov::diff::TextDiff<'_>, old: &str, new: &str, ignore_whitespace: bool) {
    let (mut old_at, mut new_at) = (0, 0);
    let mut applied = String::with_capacity(new.len());
    for op in diff.ops() {
        assert_eq!(
            op.old.byte_start, old_at,
            "OLD spans are not contiguous: {op:?}"
        );
        assert_eq!(
            op.new.byte_start, new_at,
            "NEW spans are not contiguous: {op:?}"
        );
        assert_eq!(&old[op.old.byte_start..op.old.byte_end], op.old.text);
        assert_eq!(&new[op.new.byte_start..op.new.byte_end], op.new.text);
        (old_at, new_at) = (op.old.byte_end, op.new.byte_end);
        match op.kind {
            OpKind::Equal if !ignore_whitespace => {
                assert_eq!(op.old.text, op.new.text, "an equal op differs");
                applied.push_str(op.old.text);
            }
            OpKind::Equal => applied.push_str(op.new.text),
            OpKind::Delete => {
                assert_eq!(op.new.tokens(), 0, "a delete inserts: {op:?}");
                assert!(
                    blank(op.new.text, ignore_whitespace),
                    "a delete inserts: {op:?}"
                );
                applied.push_str(op.new.text);
            }
            OpKind::Insert => {
                assert_eq!(op.old.tokens(), 0, "an insert deletes: {op:?}");
                assert!(
                    blank(op.old.text, ignore_whitespace),
                    "an insert deletes: {op:?}"
                );
                applied.push_str(op.new.text);
            }
            OpKind::Replace => applied.push_str(op.new.text),
        }
    }
    assert_eq!(old_at, old.len(), "the ops do not cover OLD");
    assert_eq!(new_at, new.len(), "the ops do not cover NEW");
    assert_eq!(applied, new, "applying the ops to OLD does not give NEW");
}

/// The side an insert or delete does not touch: empty, or only whitespace when it is ignored.
fn blank(text: &str, ignore_whitespace: bool) -> bool {
    if ignore_whitespace {
        text.chars().all(char::is_whitespace)
    } else {
        text.is_empty()
    }
}
