//! Comparing two revisions of a translation: tokenising, aligning, statistics and rendering.
