//! The errors of the text layer: inputs that cannot be read as text, and text records that are
//! not well formed.

/// Why a document, a quote or a text record could not be used as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// The input is not valid UTF-8, so it has no text to canonicalise.
    #[error(
        "the document is not valid UTF-8 (the first invalid byte is at offset {valid_up_to}); \
         convert it to UTF-8, or treat it as bytes (--as bytes)"
    )]
    NotUtf8 {
        /// Length of the longest valid UTF-8 prefix: the offset of the first bad byte.
        valid_up_to: usize,
    },

    /// The input is larger than the canonical-text limit; it was not canonicalised.
    #[error(
        "the document is {len} bytes, larger than the {limit}-byte limit for text; \
         sign or verify it as bytes (--as bytes)"
    )]
    TooLarge {
        /// The input length in bytes.
        len: usize,
        /// The limit in bytes ([`crate::text::MAX_TEXT_BYTES`]).
        limit: usize,
    },

    /// A quote has no words once canonicalised (empty, only spaces or invisible characters).
    #[error(
        "the quote has no text once canonicalised (it is empty or only spaces and invisible characters)"
    )]
    EmptyQuote,

    /// The record names a canonicalisation this version of tprov does not implement.
    #[error(
        "the record's text uses canonicalisation {uri:?}, which this version of tprov does not \
         know; only the exact bytes can be checked (upgrade tprov to check the text)"
    )]
    UnsupportedCanonicalization {
        /// The URI found in the record.
        uri: String,
    },

    /// A text record's fields contradict each other or break a limit.
    #[error("the record's text block is malformed: {0}")]
    MalformedRecord(RecordProblem),
}

/// What is wrong with a text record (the `text` block of a signed statement).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordProblem {
    /// More sentence digests than a record may list.
    #[error("it lists {count} sentence digests, more than the limit of {limit}")]
    TooManySentences {
        /// Digests listed.
        count: usize,
        /// [`crate::text::MAX_LISTED_SENTENCES`].
        limit: usize,
    },
    /// Sentences are listed although the record says they were omitted.
    #[error("it lists sentence digests but also says the sentences were omitted")]
    OmittedButListed,
    /// The paragraph starts are not strictly increasing sentence indexes starting at 0.
    #[error("paragraph starts must be strictly increasing sentence indexes starting at 0")]
    BadParagraphs,
}
