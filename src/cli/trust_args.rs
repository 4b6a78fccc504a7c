//! The trust and policy options shared by `verify`, `log` and `diff`.

use std::path::PathBuf;

use tprov::TrustStore;
use tprov::record::Role;
use tprov::verify::policy::Policy;

use super::CliError;

/// Which keys the reader trusts.
#[derive(Debug, Clone, clap::Args)]
pub struct TrustArgs {
    /// A public key you trust (SPKI PEM); named after its file, granted no roles. Repeatable.
    #[arg(long, value_name = "FILE.pub")]
    pub pubkey: Vec<PathBuf>,
    /// A trust file (.json), a .pub file, or a folder of .pub files. Repeatable.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub trust: Vec<PathBuf>,
}

impl TrustArgs {
    /// Whether any key source was given.
    pub fn is_empty(&self) -> bool {
        self.pubkey.is_empty() && self.trust.is_empty()
    }

    /// Reads every key source into one store.
    pub fn load(&self) -> Result<TrustStore, CliError> {
        let mut trust = TrustStore::new();
        for path in &self.pubkey {
            trust.add_file(path)?;
        }
        for path in &self.trust {
            trust.add_path(path)?;
        }
        Ok(trust)
    }
}

/// What the reader requires of the signers.
#[derive(Debug, Clone, clap::Args)]
pub struct PolicyArgs {
    /// A role some counted signer must hold, granted by your trust file. Repeatable.
    #[arg(long, value_name = "ROLE", value_parser = |text: &str| text.parse::<Role>().map_err(|e| e.to_string()))]
    pub require_role: Vec<Role>,
    /// How many distinct trusted signers must have signed (1 to 64; keys listed under one trust-file signer count once).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub threshold: u32,
}

impl PolicyArgs {
    /// The policy these options describe.
    pub fn policy(&self) -> Policy {
        self.require_role.iter().fold(
            Policy::new().require_keys(self.threshold as usize),
            |policy, role| policy.require_role(role.clone()),
        )
    }
}
