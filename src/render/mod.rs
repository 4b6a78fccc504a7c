//! Every human-readable output of tprov: verification reports, batch lines and summaries,
//! records, inspections, co-signing summaries, quote answers — one module each — through one terminal
//! sanitizer ([`printable`], in [`sanitize`]) and one colour strategy ([`style`]).
//!
//! Renderers write to a caller's [`Write`](std::io::Write) and never decide where output goes.
//! Styles are always emitted as ANSI sequences through `anstyle`; the binary strips them
//! (through `anstream`) when colour is off, so one renderer serves terminals, pipes and tests.
//!
//! May use every library module whose values it shows (`crate::record`, `crate::verify`,
//! `crate::review`, `crate::sign`, `crate::crypto`); no library module uses it (only the
//! binary's command line does), and it never reads files or the environment. JSON output is not
//! rendered here: it is the serde form of the library's own types.

mod batch;
mod cosign;
pub mod diff;
mod inspection;
mod quote;
pub mod sanitize;
mod statement;
pub mod style;
pub mod text;
mod verify;

pub use batch::{batch_line, batch_skipped, batch_summary};
pub use cosign::cosigned;
pub use inspection::inspection;
pub use quote::{quote_in_document, quote_in_record};
pub use sanitize::{printable, short_hint};
pub use statement::{revision_changes, statement};
pub use text::plural;
pub use verify::verify_report;
