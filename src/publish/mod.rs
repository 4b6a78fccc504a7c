//! Publishing: provenance that travels with the article.
//!
//! This folder owns putting a signed record into the published document and reading it back
//! ([`embed`]), the disclosure sentence a reader sees and its check against the record
//! ([`disclose`]), and fetching a page from an `http(s)` address ([`fetch`]). It may use
//! [`crate::crypto`] (the envelope format and its size limit) and [`crate::record`] (the
//! statement a disclosure describes); it never verifies signatures itself (that is
//! [`crate::verify`]'s job) and, like the whole library, never prints.
//!
//! Every input here comes from someone else's document or server, so every size and every loop
//! has a bound, and every failure is a typed error saying which condition was met.

pub mod disclose;
pub mod embed;
pub mod fetch;
