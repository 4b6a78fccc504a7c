//! What a reviewer reads about records: inspecting an envelope without verifying it, comparing
//! two records field by field, and walking the signed chain of revisions.
//!
//! May use: `crate::crypto`, `crate::record`, `crate::verify`, `crate::io`, `crate::diff`.

pub mod chain;
pub mod compare;
pub mod inspect;
