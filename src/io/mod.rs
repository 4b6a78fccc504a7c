//! Input and output of files: bounded reads, atomic no-clobber writes, the one folder lister,
//! and the envelope file (its `.tprov.json` suffix, the default path beside a document, loading
//! with a size limit).
//!
//! May use: `crate::error`; `envelope_file` also uses `crate::crypto::dsse` (the envelope's type
//! and size limit). Everything that touches the file system for the library goes through here,
//! so the limits, the listing policy and the write policy have one owner.

pub mod envelope_file;
pub mod files;
pub mod folder;
