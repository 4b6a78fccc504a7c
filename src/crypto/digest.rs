//! Streaming SHA-256 digests of documents, envelopes and keys.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// Read size for streaming: large reads keep the SHA-256 core (SHA-NI where the CPU has it,
/// selected at run time by `sha2`) busy instead of waiting on small `read` calls. Memory stays
/// constant whatever the file size: one buffer of at most this many bytes.
const READ_CHUNK: usize = 1 << 20;

/// The smallest buffer [`Sha256Digest::of_file`] uses (one page).
const MIN_FILE_BUFFER: usize = 4096;

/// A SHA-256 digest, shown and written as 64 lowercase hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest([u8; 32]);

impl Sha256Digest {
    /// Wraps raw digest bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw 32 digest bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The digest of an in-memory byte string.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// Digests everything `reader` yields, in constant memory (a 1 MiB buffer).
    pub fn of_reader(reader: impl Read) -> io::Result<Self> {
        Self::of_reader_buffered(reader, READ_CHUNK)
    }

    /// Digests everything `reader` yields through a buffer of `buffer_len` bytes.
    fn of_reader_buffered(mut reader: impl Read, buffer_len: usize) -> io::Result<Self> {
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; buffer_len];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buffer[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(Self(hasher.finalize().into()))
    }

    /// Digests the raw bytes of the file at `path`, streamed, without any normalisation.
    ///
    /// The read buffer is sized to the file (one byte more, so the end of file is seen in the
    /// second read), between one page and 1 MiB: a 4 KB article is read in one call without
    /// allocating and zeroing a 1 MiB buffer — which costs more than hashing the article and
    /// matters when an archive of many thousands is verified — and a multi-GiB file is streamed
    /// through 1 MiB reads in constant memory. A file that grows while it is read is still read
    /// to its end.
    pub fn of_file(path: &Path) -> Result<Self, crate::Error> {
        let (file, len) = crate::io::files::open_regular_sized(path)?;
        Self::of_opened_file(file, len, path)
    }

    /// [`Sha256Digest::of_file`] of a file already opened, `len` its length as last seen (a
    /// hint for the buffer; the file is read to its end); `path` names it in errors.
    pub fn of_opened_file(
        file: std::fs::File,
        len: u64,
        path: &Path,
    ) -> Result<Self, crate::Error> {
        let read_error = |source| crate::Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let buffer_len = usize::try_from(len.saturating_add(1))
            .unwrap_or(READ_CHUNK)
            .clamp(MIN_FILE_BUFFER, READ_CHUNK);
        Self::of_reader_buffered(file, buffer_len).map_err(read_error)
    }

    /// Lowercase hex, as written in records.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({})", self.to_hex())
    }
}

/// Written as lowercase hex, the form records use.
impl serde::Serialize for Sha256Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

/// Read from hex in either case (see [`FromStr`]); anything else is a deserialisation error.
impl<'de> serde::Deserialize<'de> for Sha256Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a string is not a SHA-256 hex digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected 64 hexadecimal characters (a SHA-256 digest), got {got:?}")]
pub struct ParseDigestError {
    /// The rejected text, cut to a readable length.
    pub got: String,
}

impl FromStr for Sha256Digest {
    type Err = ParseDigestError;

    /// Accepts upper- or lowercase hex; records always store lowercase.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; 32];
        match hex::decode_to_slice(s, &mut bytes) {
            Ok(()) => Ok(Self(bytes)),
            Err(_) => Err(ParseDigestError {
                got: s.chars().take(80).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers_from_fips_180_2() {
        assert_eq!(
            Sha256Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            Sha256Digest::of(b"").to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn streaming_matches_one_shot_across_chunk_boundaries() {
        let data: Vec<u8> = (0..(READ_CHUNK * 2 + 17))
            .map(|i| (i % 251) as u8)
            .collect();
        let streamed = Sha256Digest::of_reader(&data[..]).unwrap();
        assert_eq!(streamed, Sha256Digest::of(&data));
    }

    #[test]
    fn files_of_every_size_class_match_one_shot() {
        let dir = tempfile::tempdir().unwrap();
        for len in [
            0,
            1,
            MIN_FILE_BUFFER - 1,
            MIN_FILE_BUFFER,
            MIN_FILE_BUFFER + 1,
            READ_CHUNK,
            READ_CHUNK * 3 + 5,
        ] {
            let data: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            std::fs::write(&path, &data).unwrap();
            assert_eq!(
                Sha256Digest::of_file(&path).unwrap(),
                Sha256Digest::of(&data),
                "file of {len} bytes"
            );
        }
    }

    #[test]
    fn parses_hex_in_either_case_and_rejects_the_rest() {
        let lower = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let d: Sha256Digest = lower.to_uppercase().parse().unwrap();
        assert_eq!(d.to_hex(), lower);
        assert!("abc".parse::<Sha256Digest>().is_err());
        assert!(format!("{lower}00").parse::<Sha256Digest>().is_err());
        assert!(lower.replace('a', "g").parse::<Sha256Digest>().is_err());
    }
}
