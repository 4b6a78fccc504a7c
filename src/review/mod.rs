//! What a reviewer reads about records: inspecting an envelope without verifying it, comparing
//! two records field by field, walking the signed chain of revisions, and checking quotes.
//!
//! May use: `crate::crypto`, `crate::record`, `crate::verify`, `crate::io`, `crate::diff`,
//! `crate::text`.

pub mod chain;
pub mod compare;
pub mod inspect;
pub mod quote;
