//! Turning raw bytes into text: UTF-8 validation, binary detection, BOM stripping.

/// Why bytes could not be taken as text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The bytes contain a NUL byte, so they are taken to be binary data, not text.
    #[error("binary input: NUL byte at byte offset {offset}")]
    Binary {
        /// Offset of the first NUL byte in the input (BOM included).
        offset: usize,
    },
    /// The bytes are not valid UTF-8.
    #[error("not valid UTF-8: invalid byte sequence at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first byte that is not part of a valid UTF-8 sequence (BOM included).
        offset: usize,
    },
    /// The bytes start with a UTF-16 or UTF-32 byte-order mark; only UTF-8 is accepted.
    #[error("{encoding} input (byte-order mark found); convert it to UTF-8 first")]
    UnsupportedEncoding {
        /// The encoding the byte-order mark announces, e.g. `"UTF-16LE"`.
        encoding: &'static str,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Takes `bytes` as UTF-8 text, without its byte-order mark if it has one.
///
/// Empty input is fine (empty text). Errors: a NUL byte anywhere ([`InputError::Binary`]), a
/// UTF-16/UTF-32 byte-order mark ([`InputError::UnsupportedEncoding`]), or invalid UTF-8
/// ([`InputError::InvalidUtf8`]); offsets are counted in `bytes` as given.
///
/// ```
/// use tprov::diff::{decode_text, InputError};
/// assert_eq!(decode_text(b"\xEF\xBB\xBFhello"), Ok("hello"));
/// assert_eq!(decode_text(b"ab\xFFc"), Err(InputError::InvalidUtf8 { offset: 2 }));
/// assert_eq!(decode_text(b"a\0b"), Err(InputError::Binary { offset: 1 }));
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<&str, InputError> {
    // UTF-32 before UTF-16: the UTF-32LE mark begins with the UTF-16LE one.
    for (bom, encoding) in [
        (&b"\xFF\xFE\x00\x00"[..], "UTF-32LE"),
        (&b"\x00\x00\xFE\xFF"[..], "UTF-32BE"),
        (&b"\xFF\xFE"[..], "UTF-16LE"),
        (&b"\xFE\xFF"[..], "UTF-16BE"),
    ] {
        if bytes.starts_with(bom) {
            return Err(InputError::UnsupportedEncoding { encoding });
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { offset });
    }
    let (skip, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len(), rest),
        None => (0, bytes),
    };
    std::str::from_utf8(body).map_err(|e| InputError::InvalidUtf8 {
        offset: skip + e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_text_and_strips_bom() {
        assert_eq!(decode_text(b""), Ok(""));
        assert_eq!(decode_text(b"\xEF\xBB\xBF"), Ok(""));
        assert_eq!(decode_text("译文\r\n".as_bytes()), Ok("译文\r\n"));
        // Only one BOM is stripped; a second one is text (U+FEFF).
        assert_eq!(decode_text(b"\xEF\xBB\xBF\xEF\xBB\xBFx"), Ok("\u{FEFF}x"));
    }

    #[test]
    fn rejects_binary_and_bad_utf8() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFa\xC3"),
            Err(InputError::InvalidUtf8 { offset: 4 })
        );
        assert_eq!(decode_text(b"abc\0"), Err(InputError::Binary { offset: 3 }));
        assert_eq!(
            decode_text(b"\xFF\xFEa\0"),
            Err(InputError::UnsupportedEncoding {
                encoding: "UTF-16LE"
            })
        );
        assert_eq!(
            decode_text(b"\xFF\xFE\0\0"),
            Err(InputError::UnsupportedEncoding {
                encoding: "UTF-32LE"
            })
        );
        let e = decode_text(b"ok\x80").unwrap_err();
        assert_eq!(
            e.to_string(),
            "not valid UTF-8: invalid byte sequence at byte offset 2"
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_roundtrips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(s) = decode_text(&bytes) {
                prop_assert!(bytes.ends_with(s.as_bytes()));
                prop_assert!(!s.contains('\0'));
            }
        }

        #[test]
        fn valid_text_is_accepted(s in "[^\u{0}]{0,40}") {
            // Text that does not begin with U+FEFF decodes to itself.
            prop_assume!(!s.starts_with('\u{FEFF}'));
            prop_assert_eq!(decode_text(s.as_bytes()), Ok(s.as_str()));
        }
    }
}
