//! The HTML report: one self-contained page an editor reads in a browser or prints.
//!
//! No network and no external assets: the style sheet is inline and the page has no script.
//! Every string taken from a document, an envelope or a file name passes through the one
//! sanitizer ([`super::shown`]) and is then HTML-escaped, in text and in attributes alike.

use std::io::{self, Write};

use crate::diff::{Hunk, Move, OpKind, TextDiff};
use crate::review::compare::{RecordReview, RecordSide};

use super::records::state;
use super::stats::moves_summary;
use super::{Moves, RenderOptions, move_label, paragraph_break, shown, split_ws};

const STYLE: &str = include_str!("report.css");

/// What the report shows besides the diff.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlParts<'r> {
    /// Both records, when the revisions have envelopes.
    pub records: Option<&'r RecordReview>,
    /// Whether to include the statistics table.
    pub stats: bool,
}

/// Writes the HTML report of `diff`: a summary, both records (when given), the statistics (when
/// asked for), the moved blocks, the terminology table and the changes inline, hunk by hunk.
///
/// Deletions are struck through and underlined insertions, moved blocks are outlined and
/// labelled with where they went ("moved from ¶2 to ¶4"), added or removed paragraph breaks are
/// shown as `¶ added` / `¶ removed`; each mark also carries a text label for screen readers.
/// Dark mode follows `prefers-color-scheme`; a print style keeps the marks in black and white.
pub fn render_html(
    diff: &TextDiff<'_>,
    opts: &RenderOptions,
    parts: HtmlParts<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (old, new) = (esc(&opts.old_label), esc(&opts.new_label));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tprov\">\n\
         <title>Changes: {old} → {new}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&language(parts.records))
    )?;
    writeln!(
        out,
        "<header>\n<h1>Changes from <span class=\"path\">{old}</span> to <span class=\"path\">{new}</span></h1>"
    )?;
    writeln!(
        out,
        "<p class=\"summary\">{}</p>\n</header>",
        esc(&summary(diff))
    )?;
    if let Some(review) = parts.records {
        records(review, out)?;
    }
    if parts.stats {
        stats(diff, out)?;
    }
    moves(diff.moves(), out)?;
    terminology(diff, out)?;
    paragraphs(diff, out)?;
    changes(diff, out)?;
    out.write_all(b"</main>\n</body>\n</html>\n")
}

/// The language of the page: the target language of NEW's record, else none stated.
fn language(records: Option<&RecordReview>) -> String {
    records
        .and_then(|r| r.new.record.as_ref())
        .map(|s| s.predicate.target_language.to_string())
        .unwrap_or_default()
}

/// One line saying how much changed.
fn summary(diff: &TextDiff<'_>) -> String {
    if diff.is_identical() {
        return "No changes.".to_owned();
    }
    let s = diff.stats();
    let mut parts = vec![format!(
        "{} edits; edit rate {:.1}% of {} tokens",
        s.edits(),
        s.edit_rate * 100.0,
        s.new_tokens
    )];
    if let Some(t) = &s.ter {
        parts.push(format!("HTER {:.4}", t.score()));
    }
    if !diff.moves().is_empty() {
        parts.push(moves_summary(diff.moves()));
    }
    if !diff.terminology().is_empty() {
        parts.push(format!(
            "{} repeated substitution{}",
            diff.terminology().len(),
            if diff.terminology().len() == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    parts.join(" · ") + "."
}

fn records(review: &RecordReview, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<section id=\"records\">\n<h2>Records</h2>\n<div class=\"records\">"
    )?;
    for (label, side) in [("Old", &review.old), ("New", &review.new)] {
        record_card(label, side, out)?;
    }
    writeln!(out, "</div>")?;
    if let Some(link) = &review.link {
        let class = if link.is_linked() { "ok" } else { "bad" };
        writeln!(
            out,
            "<p>Revision link: <span class=\"state {class}\">{}</span> {}</p>",
            if link.is_linked() {
                "✔ intact"
            } else {
                "✖ broken"
            },
            esc(&link.describe())
        )?;
    }
    let changed: Vec<_> = review.fields.iter().filter(|f| f.changed).collect();
    if !changed.is_empty() {
        writeln!(
            out,
            "<table><caption>Fields that changed</caption><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead><tbody>"
        )?;
        for f in changed {
            let show = |v: &Option<String>| esc(v.as_deref().unwrap_or("(none)"));
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&f.field),
                show(&f.old),
                show(&f.new)
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    writeln!(out, "</section>")
}

fn record_card(label: &str, side: &RecordSide, out: &mut dyn Write) -> io::Result<()> {
    let (class, mark) = match side.verified {
        Some(true) => ("ok", "✔"),
        Some(false) => ("bad", "✖"),
        None => ("unknown", "?"),
    };
    writeln!(
        out,
        "<div class=\"record\">\n<h3>{label} revision</h3>\n<p class=\"path\">{}</p>\n\
         <p><span class=\"state {class}\">{mark} {}</span></p>",
        esc(&side.envelope.display().to_string()),
        esc(&state(side))
    )?;
    if let Some(record) = &side.record {
        let p = &record.predicate;
        writeln!(out, "<dl>")?;
        for agent in &p.agents {
            writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                esc(agent.role.cli_name()),
                esc(&agent.name)
            )?;
        }
        writeln!(
            out,
            "<dt>languages</dt><dd>{} → {}</dd>\n<dt>revision</dt><dd>{}</dd>\n</dl>",
            esc(&p.source_language.to_string()),
            esc(&p.target_language.to_string()),
            p.revision
        )?;
    }
    writeln!(out, "</div>")
}

fn stats(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = diff.stats();
    writeln!(
        out,
        "<section id=\"stats\">\n<h2>Statistics</h2>\n<table><tbody>"
    )?;
    let mut row = |name: &str, value: String| {
        writeln!(
            out,
            "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}</td></tr>",
            esc(&value)
        )
    };
    row(
        "Tokens (old, new)",
        format!("{}, {}", s.old_tokens, s.new_tokens),
    )?;
    row("Equal", s.equal.to_string())?;
    row("Inserted", s.inserted.to_string())?;
    row("Deleted", s.deleted.to_string())?;
    row("Substituted", s.substituted.to_string())?;
    row("Similarity", format!("{:.4}", s.similarity))?;
    row("Edit rate", format!("{:.4}", s.edit_rate))?;
    if let Some(t) = &s.ter {
        row(
            "HTER (TER)",
            format!(
                "{:.4} ({} ins, {} del, {} sub, {} shifts)",
                t.score(),
                t.insertions,
                t.deletions,
                t.substitutions,
                t.shifts
            ),
        )?;
    }
    row(
        "Paragraph breaks (added, removed)",
        format!(
            "{}, {}",
            s.paragraph_breaks_added, s.paragraph_breaks_removed
        ),
    )?;
    row(
        "Whitespace-only changes",
        s.whitespace_only_changes.to_string(),
    )?;
    writeln!(out, "</tbody></table>")?;
    for a in diff.approximations() {
        writeln!(
            out,
            "<p class=\"note\">Approximated: {}</p>",
            esc(&a.to_string())
        )?;
    }
    writeln!(out, "</section>")
}

fn moves(moves: &[Move<'_>], out: &mut dyn Write) -> io::Result<()> {
    if moves.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"moves\">\n<h2>Moved text</h2>\n<p>{}.</p>\n<ol>",
        esc(&moves_summary(moves))
    )?;
    for m in moves {
        writeln!(
            out,
            "<li><a href=\"#move-{}\">¶{} → ¶{}</a>: “{}” ({} tokens{})</li>",
            m.id,
            m.old.paragraph + 1,
            m.new.paragraph + 1,
            esc(m.text),
            m.tokens,
            if m.sentence { ", whole sentence" } else { "" }
        )?;
    }
    writeln!(out, "</ol>\n</section>")
}

fn terminology(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    if diff.terminology().is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"terminology\">\n<h2>Terminology</h2>\n<table><caption>Substitutions made more than once</caption>\
         <thead><tr><th scope=\"col\">Before</th><th scope=\"col\">After</th><th scope=\"col\" class=\"num\">Times</th></tr></thead><tbody>"
    )?;
    for t in diff.terminology() {
        writeln!(
            out,
            "<tr><td><del class=\"del\">{}</del></td><td><ins class=\"ins\">{}</ins></td><td class=\"num\">{}</td></tr>",
            esc(&t.old),
            esc(&t.new),
            t.count
        )?;
    }
    writeln!(out, "</tbody></table>\n</section>")
}

fn paragraphs(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let Some(rows) = diff.paragraphs() else {
        return Ok(());
    };
    writeln!(
        out,
        "<section id=\"paragraphs\">\n<h2>Paragraphs</h2>\n<table><thead><tr><th scope=\"col\">Old ¶</th>\
         <th scope=\"col\">New ¶</th><th scope=\"col\" class=\"num\">Edits</th><th scope=\"col\" class=\"num\">Edit rate</th>\
         <th scope=\"col\" class=\"num\">HTER</th><th scope=\"col\">Change</th></tr></thead><tbody>"
    )?;
    let numbers = |r: &Option<std::ops::Range<usize>>| match r {
        None => "–".to_owned(),
        Some(r) if r.len() <= 1 => (r.start + 1).to_string(),
        Some(r) => format!("{}–{}", r.start + 1, r.end),
    };
    for row in rows {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td>{}</td></tr>",
            numbers(&row.old),
            numbers(&row.new),
            row.edits,
            row.edit_rate,
            row.ter.score(),
            super::paragraphs::change_name(row.change)
        )?;
    }
    writeln!(out, "</tbody></table>\n</section>")
}

fn changes(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"changes\">\n<h2>Changes</h2>")?;
    if diff.hunks().is_empty() {
        writeln!(out, "<p>No changes.</p>")?;
    }
    let moves = Moves::new(diff);
    for hunk in diff.hunks() {
        let (o, n) = (&hunk.old_range, &hunk.new_range);
        // No line break after the opening tag: `pre-wrap` would show it.
        write!(
            out,
            "<h3>New lines {}–{} (old lines {}–{})</h3>\n<div class=\"text\">",
            n.line_start + 1,
            n.line_end.max(n.line_start + 1),
            o.line_start + 1,
            o.line_end.max(o.line_start + 1)
        )?;
        hunk_body(diff, hunk, &moves, out)?;
        writeln!(out, "</div>")?;
    }
    let n = diff.stats().whitespace_only_changes;
    if diff.ignores_whitespace() && n > 0 {
        writeln!(
            out,
            "<p class=\"note\">{n} whitespace-only change(s) not shown.</p>"
        )?;
    }
    writeln!(out, "</section>")
}

/// The body of a hunk: NEW's text with deletions and insertions inline, as in the unified view.
fn hunk_body(
    diff: &TextDiff<'_>,
    hunk: &Hunk<'_>,
    moves: &Moves<'_, '_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ignore_ws = diff.ignores_whitespace();
    let parts = |t| if ignore_ws { split_ws(t) } else { ("", t, "") };
    for (i, op) in hunk.ops.iter().enumerate() {
        let next_is_deletion = hunk
            .ops
            .get(i + 1)
            .is_some_and(|n| n.kind == OpKind::Delete);
        let (o, n) = (op.old.byte_start, op.new.byte_start);
        if let Some(added) = paragraph_break(op) {
            let (class, what) = if added {
                ("pb-add", "added")
            } else {
                ("pb-del", "removed")
            };
            write!(
                out,
                "<span class=\"pb {class}\" title=\"paragraph break {what}\">¶ {what}</span>{}",
                esc(op.new.text)
            )?;
            continue;
        }
        match op.kind {
            OpKind::Equal if ignore_ws && next_is_deletion => {
                let (_, _, old_trail) = split_ws(op.old.text);
                write!(out, "{}{}", esc(op.new.text.trim_end()), esc(old_trail))?;
            }
            OpKind::Equal => out.write_all(esc(op.new.text).as_bytes())?,
            OpKind::Insert => {
                let (lead, core, trail) = parts(op.new.text);
                write!(out, "{}", esc(lead))?;
                change(moves, false, core, n + lead.len(), out)?;
                write!(out, "{}", esc(trail))?;
            }
            OpKind::Delete => {
                let (lead, core, trail) = parts(op.old.text);
                change(moves, true, core, o + lead.len(), out)?;
                write!(out, "{}", esc(trail))?;
            }
            OpKind::Replace => {
                let (olead, ocore, _) = parts(op.old.text);
                let (lead, ncore, trail) = parts(op.new.text);
                write!(out, "{}", esc(lead))?;
                change(moves, true, ocore, o + olead.len(), out)?;
                change(moves, false, ncore, n + lead.len(), out)?;
                write!(out, "{}", esc(trail))?;
            }
        }
    }
    Ok(())
}

/// A deletion (`deleted`) or insertion at byte `offset` of its text, with moved parts marked.
fn change(
    moves: &Moves<'_, '_>,
    deleted: bool,
    text: &str,
    offset: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (piece, m) in moves.pieces(!deleted, offset, text) {
        let (lead, core, trail) = split_ws(piece);
        write!(out, "{}", esc(lead))?;
        if !core.is_empty() {
            match (m, deleted) {
                (None, true) => write!(
                    out,
                    "<del class=\"del\"><span class=\"vh\">deleted: </span>{}</del>",
                    esc(core)
                )?,
                (None, false) => write!(
                    out,
                    "<ins class=\"ins\"><span class=\"vh\">inserted: </span>{}</ins>",
                    esc(core)
                )?,
                (Some(m), true) => write!(
                    out,
                    "<span class=\"move move-from\" data-move=\"{}\"><span class=\"vh\">moved away: </span>{}</span><span class=\"label\">({})</span>",
                    m.id,
                    esc(core),
                    esc(&move_label(m, true))
                )?,
                (Some(m), false) => write!(
                    out,
                    "<span class=\"move move-to\" id=\"move-{}\" data-move=\"{}\"><span class=\"vh\">moved here: </span>{}</span><span class=\"label\">({})</span>",
                    m.id,
                    m.id,
                    esc(core),
                    esc(&move_label(m, false))
                )?,
            }
        }
        write!(out, "{}", esc(trail))?;
    }
    Ok(())
}

/// `text` made safe for HTML text and attribute values: first the one sanitizer (controls and
/// bidirectional controls escaped), then `&`, `<`, `>`, `"` and `'` as character references.
pub(crate) fn esc(text: &str) -> String {
    let text = shown(text);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\" \u{202E}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; \\u{202e}"
        );
        assert_eq!(esc("plain 中文"), "plain 中文");
    }

    /// WCAG 2 relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn colours_meet_wcag_aa_in_light_and_dark_mode() {
        // The first two `:root` blocks are the light and the dark scheme.
        for scheme in STYLE.split(":root {").skip(1).take(2) {
            let var = |name: &str| {
                let at = scheme.find(&format!("--{name}: #")).unwrap() + name.len() + 4;
                luminance(&scheme[at..at + 7])
            };
            for (fg, bg) in [
                ("fg", "bg"),
                ("fg", "panel"),
                ("muted", "bg"),
                ("muted", "panel"),
                ("del-fg", "del-bg"),
                ("ins-fg", "ins-bg"),
                ("move-fg", "move-bg"),
                ("move-fg", "bg"),
                ("ok", "panel"),
                ("bad", "panel"),
                ("warn", "panel"),
            ] {
                let (a, b) = (var(fg), var(bg));
                let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
                assert!(ratio >= 4.5, "{fg} on {bg}: {ratio:.2}");
            }
        }
    }
}
