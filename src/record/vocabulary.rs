//! The string vocabularies of the predicate — roles, agent kinds, translation methods — as enums
//! that keep values they do not know, so a record written by a newer tprov is read, shown and
//! re-written without losing anything.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The IPTC digital source type vocabulary that C2PA uses in its actions.
pub const IPTC_DIGITAL_SOURCE_TYPE: &str = "http://cv.iptc.org/newscodes/digitalsourcetype/";

/// Declares a string-valued vocabulary as an enum that keeps unknown values, so a record written
/// by a newer tprov is read, shown and re-written without losing anything.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of tprov does not know, kept as written.
            Other(String),
        }

        impl $name {
            /// The value as written in records.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(other) => other,
                }
            }

            /// Parses a value, keeping unknown ones as [`Self::Other`].
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(|s| Self::from_wire(&s))
            }
        }
    };
}

vocabulary! {
    /// What an agent did. Follows W3C ITS 2.0 Provenance: the translator (its `person`, `org`,
    /// `tool`) and the revisers (`revPerson`, `revOrg`, `revTool`).
    Role {
        /// Produced the translation (a machine translation engine or a human translator).
        Translator = "translator",
        /// Corrected a machine translation (ITS `revPerson`).
        PostEditor = "postEditor",
        /// Reviewed the translation against the source.
        Reviewer = "reviewer",
        /// Edited the text for publication.
        Editor = "editor",
        /// Published the translation and answers for it.
        Publisher = "publisher",
    }
}

/// A role name that is not one tprov knows (see [`Role`]'s `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {given:?}; roles are translator, post-editor, reviewer, editor, publisher")]
pub struct UnknownRole {
    /// The name as given.
    pub given: String,
}

impl Role {
    /// The roles this version of tprov knows, in the order they are shown.
    pub const KNOWN: [Role; 5] = [
        Role::Translator,
        Role::PostEditor,
        Role::Reviewer,
        Role::Editor,
        Role::Publisher,
    ];

    /// The spelling for people and the command line: the record's name ([`Role::as_str`]),
    /// except `post-editor` for `postEditor`.
    ///
    /// ```
    /// use tprov::record::Role;
    /// assert_eq!(Role::PostEditor.cli_name(), "post-editor");
    /// assert_eq!(Role::PostEditor.as_str(), "postEditor");
    /// ```
    pub fn cli_name(&self) -> &str {
        match self {
            Self::PostEditor => "post-editor",
            other => other.as_str(),
        }
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    /// Parses a role as a reader writes it, in a trust file or on the command line: a known
    /// role in either spelling ([`Role::as_str`] or [`Role::cli_name`]). Unknown names are
    /// refused — in a trust file or a policy a typo must not pass silently (records, which keep
    /// unknown roles, use [`Role::from_wire`]).
    ///
    /// ```
    /// use tprov::record::Role;
    /// assert_eq!("post-editor".parse(), Ok(Role::PostEditor));
    /// assert_eq!("postEditor".parse(), Ok(Role::PostEditor));
    /// assert!("publsher".parse::<Role>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::KNOWN
            .into_iter()
            .find(|role| role.as_str() == text || role.cli_name() == text)
            .ok_or_else(|| UnknownRole {
                given: text.to_owned(),
            })
    }
}

vocabulary! {
    /// What kind of agent it is (W3C PROV `SoftwareAgent`, `Person`, `Organization`).
    AgentKind {
        /// A program: a machine translation engine or a language model.
        Software = "software",
        /// A named person.
        Person = "person",
        /// An organisation.
        Organization = "organization",
    }
}

vocabulary! {
    /// How the translation was made.
    Method {
        /// Machine translation, published as the machine produced it.
        Machine = "machine",
        /// Machine translation corrected by a person (post-editing).
        MachinePostEdit = "machinePostEdit",
        /// Translated by a person.
        Human = "human",
    }
}

impl Method {
    /// Parses the command-line spelling: `machine`, `machine+post-edit` or `human`.
    pub fn from_cli(text: &str) -> Option<Self> {
        match text {
            "machine" => Some(Self::Machine),
            "machine+post-edit" | "machinePostEdit" => Some(Self::MachinePostEdit),
            "human" => Some(Self::Human),
            _ => None,
        }
    }

    /// The IPTC digital source types (as C2PA uses them) of the steps this method involves,
    /// in order: the translation, then any human editing of it.
    pub fn digital_source_types(&self) -> Vec<String> {
        let terms: &[&str] = match self {
            Self::Machine => &["trainedAlgorithmicMedia"],
            Self::MachinePostEdit => &["trainedAlgorithmicMedia", "humanEdits"],
            Self::Human => &["digitalCreation"],
            Self::Other(_) => &[],
        };
        terms
            .iter()
            .map(|t| format!("{IPTC_DIGITAL_SOURCE_TYPE}{t}"))
            .collect()
    }

    /// A phrase for people.
    pub fn describe(&self) -> &str {
        match self {
            Self::Machine => "machine translation",
            Self::MachinePostEdit => "machine translation, post-edited by a person",
            Self::Human => "human translation",
            Self::Other(other) => other,
        }
    }
}
