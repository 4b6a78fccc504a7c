//! Unit tests of TER: known pairs, the paper example, and the optimised search against a plain one.

use super::dp::Dp;
use super::shift::{shifted_into, ter_ids};
use super::*;

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn t(h: &str, r: &str) -> Ter {
    ter(&words(h), &words(r))
}

#[test]
fn identical_is_zero() {
    let x = t("the cat sat on the mat", "the cat sat on the mat");
    assert_eq!(x.edits(), 0);
    assert_eq!(x.score(), 0.0);
    assert_eq!(x.reference_tokens, 6);
}

#[test]
fn one_substitution() {
    let x = t("the cat sat on the mat", "the dog sat on the mat");
    assert_eq!(
        (x.substitutions, x.insertions, x.deletions, x.shifts),
        (1, 0, 0, 0)
    );
    assert!((x.score() - 1.0 / 6.0).abs() < 1e-12);
}

#[test]
fn moving_a_phrase_is_one_shift() {
    // Moving a phrase of k = 3 words costs 1 shift, not 2k = 6 edits.
    let x = t("a b c x y z q", "x y z a b c q");
    assert_eq!((x.shifts, x.edits()), (1, 1));
    assert!((x.score() - 1.0 / 7.0).abs() < 1e-12);
    // The same with a phrase of 10 words (the largest single shift).
    let h = "p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 m1 m2 m3 end";
    let r = "m1 m2 m3 p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 end";
    let x = t(h, r);
    assert_eq!((x.shifts, x.edits()), (1, 1));
}

#[test]
fn paper_example() {
    // Snover et al. (2006), section 2: 1 shift, 2 substitutions, 1 insertion over 13
    // reference words.
    let hyp = "THIS WEEK THE SAUDIS denied information published in the new york times";
    let rf = "SAUDI ARABIA denied THIS WEEK information published in the AMERICAN new york times";
    let x = t(hyp, rf);
    assert_eq!(x.shifts, 1);
    assert_eq!(x.edits(), 4);
    assert_eq!(x.reference_tokens, 13);
    assert!((x.score() - 4.0 / 13.0).abs() < 1e-12);
}

#[test]
fn tercom_style_pairs() {
    // A shift plus a substitution.
    let x = t(
        "he went to school yesterday quickly",
        "yesterday he went to school fast",
    );
    assert_eq!(x.shifts, 1);
    assert_eq!(x.substitutions, 1);
    assert_eq!(x.edits(), 2);
    // Swapped neighbours: a one-word shift.
    let x = t("the big red car", "the red big car");
    assert_eq!(x.edits(), 1);
    assert_eq!(x.shifts, 1);
    // Nothing in common: no shift, only substitutions/insertions.
    let x = t("a b", "c d e");
    assert_eq!((x.shifts, x.substitutions, x.insertions), (0, 2, 1));
}

#[test]
fn empty_sides() {
    let x = t("a b c", "");
    assert_eq!((x.deletions, x.reference_tokens), (3, 0));
    assert_eq!(x.score(), 1.0);
    let x = t("", "a b");
    assert_eq!(x.insertions, 2);
    assert_eq!(x.score(), 1.0);
    let x = t("", "");
    assert_eq!(x.score(), 0.0);
}

#[test]
fn case_sensitive_and_punctuation() {
    let x = ter(&["The", "end", "."], &["the", "end", "!"]);
    assert_eq!(x.substitutions, 2);
}

#[test]
fn shifts_only_when_they_pay() {
    // Levenshtein distance 2 (delete the first `a`, append one); one shift does it.
    let x = t("a b a b a b", "b a b a b a");
    assert_eq!((x.shifts, x.edits()), (1, 1));
    // A shift is only taken when it pays off: here the block is not worth moving.
    let x = t("a b c d", "a b c e");
    assert_eq!((x.shifts, x.edits()), (0, 1));
}

#[test]
fn large_inputs_fall_back() {
    let h: Vec<String> = (0..3000).map(|i| format!("w{}", i % 97)).collect();
    let r: Vec<String> = (0..3000).map(|i| format!("w{}", (i * 7) % 97)).collect();
    let h: Vec<&str> = h.iter().map(String::as_str).collect();
    let r: Vec<&str> = r.iter().map(String::as_str).collect();
    let x = ter(&h, &r);
    assert!(x.approximated);
    assert!(x.edits() <= 3000);
}

/// The same greedy search written plainly: full matrices, every candidate evaluated to the
/// end, no band, no pruning. The optimised search must agree with it exactly.
fn naive(h: &[u32], r: &[u32]) -> (usize, usize) {
    fn lev(h: &[u32], r: &[u32]) -> Vec<Vec<u32>> {
        let mut d = vec![vec![0u32; r.len() + 1]; h.len() + 1];
        for (j, c) in d[0].iter_mut().enumerate() {
            *c = j as u32;
        }
        for i in 1..=h.len() {
            d[i][0] = i as u32;
            for j in 1..=r.len() {
                d[i][j] = (d[i - 1][j - 1] + u32::from(h[i - 1] != r[j - 1]))
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
            }
        }
        d
    }
    let (n, m) = (h.len(), r.len());
    let mut cur = h.to_vec();
    let mut shifts = 0;
    loop {
        let d = lev(&cur, r);
        let dist = d[n][m];
        if dist == 0 || n == 0 || m == 0 {
            return (shifts, dist as usize + shifts);
        }
        let mut dp = Dp::new(n, m, n.max(m));
        dp.fill_from(&cur, r, 0);
        let al = dp.alignment(&cur, r);
        let mut best: Option<(i64, usize, usize, usize)> = None;
        for s in 0..n {
            for rs in s.saturating_sub(MAX_SHIFT_DIST)..m.min(s + MAX_SHIFT_DIST + 1) {
                for len in 1..=MAX_SHIFT_SIZE {
                    if s + len > n || rs + len > m || cur[s..s + len] != r[rs..rs + len] {
                        break;
                    }
                    if !al.hyp_err[s..s + len].contains(&true)
                        || !al.ref_err[rs..rs + len].contains(&true)
                    {
                        continue;
                    }
                    let a = al.align[rs];
                    if a >= s as isize && a < (s + len) as isize {
                        continue;
                    }
                    for o in -1..len as isize {
                        let j = rs as isize + o;
                        let dest = if j < 0 {
                            0
                        } else if (j as usize) < m {
                            (al.align[j as usize] + 1) as usize
                        } else {
                            break;
                        };
                        if dest >= s && dest <= s + len {
                            continue;
                        }
                        let mut sh = Vec::new();
                        shifted_into(&cur, s, len, dest, &mut sh);
                        let gain = i64::from(dist) - i64::from(lev(&sh, r)[n][m]);
                        let key = (gain, len, std::cmp::Reverse(s), std::cmp::Reverse(dest));
                        if best.is_none_or(|(g, l, bs, bt)| {
                            key > (g, l, std::cmp::Reverse(bs), std::cmp::Reverse(bt))
                        }) {
                            best = Some((gain, len, s, dest));
                        }
                    }
                }
            }
        }
        match best {
            Some((g, len, s, dest)) if g > 0 => {
                let mut sh = Vec::new();
                shifted_into(&cur, s, len, dest, &mut sh);
                cur = sh;
                shifts += 1;
            }
            _ => return (shifts, dist as usize + shifts),
        }
    }
}

proptest::proptest! {
    #[test]
    fn ter_bounds(h in proptest::collection::vec(0u8..4, 0..14), r in proptest::collection::vec(0u8..4, 0..14)) {
        let names = ["a", "b", "c", "d"];
        let h: Vec<&str> = h.iter().map(|&i| names[i as usize]).collect();
        let r: Vec<&str> = r.iter().map(|&i| names[i as usize]).collect();
        let x = ter(&h, &r);
        let same = ter(&r, &r);
        proptest::prop_assert_eq!(same.edits(), 0);
        // Never more than the plain Levenshtein distance, never less than the length gap.
        let lev = similar::capture_diff_slices(similar::Algorithm::Myers, &h, &r)
            .iter()
            .map(|op| if op.tag() == similar::DiffTag::Equal { 0 } else { op.old_range().len().max(op.new_range().len()) })
            .sum::<usize>();
        proptest::prop_assert!(x.edits() <= lev);
        proptest::prop_assert!(x.edits() >= h.len().abs_diff(r.len()));
        // Every hypothesis token is matched, substituted or deleted, every reference token
        // matched, substituted or inserted.
        proptest::prop_assert_eq!(h.len() - x.deletions, r.len() - x.insertions);
    }

    #[test]
    fn optimised_search_matches_plain_search(h in proptest::collection::vec(0u32..5, 0..24), r in proptest::collection::vec(0u32..5, 0..24)) {
        let bound = h.len().max(r.len());
        let x = ter_ids(&h, &r, bound, &mut Budget::new(u64::MAX)).unwrap();
        proptest::prop_assert_eq!((x.shifts, x.edits()), naive(&h, &r));
        // The same through the public function, whose band is a plain diff's edit count.
        let names = ["a", "b", "c", "d", "e"];
        let hs: Vec<&str> = h.iter().map(|&i| names[i as usize]).collect();
        let rs: Vec<&str> = r.iter().map(|&i| names[i as usize]).collect();
        let y = ter(&hs, &rs);
        proptest::prop_assert_eq!((y.shifts, y.edits()), naive(&h, &r));
    }
}
