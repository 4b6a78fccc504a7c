//! The paragraph view as a text table.

use std::io::{self, Write};
use std::ops::Range;

use crate::diff::{ParagraphChange, ParagraphRow, TextDiff};

use super::STYLES;

/// Writes the paragraph view (when the diff has one) as a table, one row per group of aligned
/// paragraphs, numbered from 1:
///
/// ```text
/// old ¶    new ¶    old tok  new tok  edits  edit rate  HTER    change
/// 1        1-2           12       12      0     0.0000  0.0000  split
/// 2        3             30       31      4     0.1290  0.1290  edited
/// ```
pub fn render_paragraphs(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let Some(rows) = diff.paragraphs() else {
        return Ok(());
    };
    let header = format!(
        "{:<8} {:<8} {:>8} {:>8} {:>6} {:>10}  {:<7} change",
        "old ¶", "new ¶", "old tok", "new tok", "edits", "edit rate", "HTER"
    );
    writeln!(
        out,
        "{}{header}{}",
        STYLES.header.render(),
        STYLES.header.render_reset()
    )?;
    for row in rows {
        line(row, out)?;
    }
    Ok(())
}

fn line(row: &ParagraphRow, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<8} {:<8} {:>8} {:>8} {:>6} {:>10.4}  {:<7.4} {}",
        numbers(&row.old),
        numbers(&row.new),
        row.old_tokens,
        row.new_tokens,
        row.edits,
        row.edit_rate,
        row.ter.score(),
        change_name(row.change)
    )
}

/// "3", "3-4", or "-" for no paragraph (1-based).
fn numbers(r: &Option<Range<usize>>) -> String {
    match r {
        None => "-".to_owned(),
        Some(r) if r.len() <= 1 => (r.start + 1).to_string(),
        Some(r) => format!("{}-{}", r.start + 1, r.end),
    }
}

pub(crate) fn change_name(c: ParagraphChange) -> &'static str {
    match c {
        ParagraphChange::Unchanged => "",
        ParagraphChange::Edited => "edited",
        ParagraphChange::Split => "split",
        ParagraphChange::Merged => "merged",
        ParagraphChange::Regrouped => "regrouped",
        ParagraphChange::Inserted => "inserted",
        ParagraphChange::Deleted => "deleted",
    }
}
