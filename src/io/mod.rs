//! Input and output of files: bounded reads, atomic no-clobber writes, and the envelope file
//! (its `.tprov.json` suffix, the default path beside a document, loading with a size limit).
//!
//! May use: `crate::error` only. Everything that touches the file system for the library goes
//! through here, so the limits and the write policy have one owner.

pub mod files;
