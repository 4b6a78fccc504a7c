//! The sentences of the signature and policy checks: what was required, what was found and, on
//! failure, why. Kept apart from the checks so the pipeline reads as the steps it takes.

use crate::verify::policy::{Policy, PolicyReport, distinct_signers};
use crate::verify::report::{SignatureReport, SignatureStatus, Signer};
use crate::verify::trust::{TrustStore, TrustedKey};

/// "1 signature", "2 signatures".
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "agency (key 1a2b…) was revoked on …: laptop stolen", for each revoked key that signed
/// (each key once).
fn revoked(signatures: &[SignatureReport], signed_by: &[Option<&TrustedKey>]) -> Vec<String> {
    signatures
        .iter()
        .filter(|s| s.status == SignatureStatus::Revoked && s.duplicate_of.is_none())
        .filter_map(|s| {
            let revocation = signed_by[s.index]?.revoked.as_ref()?;
            Some(format!(
                "{} was {revocation}",
                s.signer.as_ref()?.describe()
            ))
        })
        .collect()
}

/// Why the signature check failed: only revoked keys signed, no key was given, or nothing
/// verified.
pub(crate) fn no_valid_signature(
    signatures: &[SignatureReport],
    signed_by: &[Option<&TrustedKey>],
    trust: &TrustStore,
) -> String {
    let revoked = revoked(signatures, signed_by);
    if !revoked.is_empty() {
        format!(
            "every signature that verifies is by a revoked key: {}. A revoked key's signatures fail whatever signing time the record claims; ask the signer for a record signed with a key in force",
            revoked.join("; ")
        )
    } else if trust.is_empty() {
        "no trusted keys were given".to_owned()
    } else {
        format!(
            "no signature verifies with a trusted key ({} checked against {}): the envelope or payload was altered, or it was signed by a key you do not trust",
            plural(signatures.len(), "signature"),
            plural(trust.keys().len(), "trusted key")
        )
    }
}

/// What the passed signature check found: who signed, which keys were refused, how many
/// signatures no trusted key made.
pub(crate) fn signature_passed(
    signatures: &[SignatureReport],
    signed_by: &[Option<&TrustedKey>],
) -> String {
    let valid: Vec<String> = signatures
        .iter()
        .filter(|s| s.counts())
        .filter_map(|s| s.signer.as_ref().map(Signer::describe))
        .collect();
    let mut detail = format!("valid Ed25519 signature by {}", valid.join(", "));
    let revoked = revoked(signatures, signed_by);
    if !revoked.is_empty() {
        detail.push_str(&format!("; refused: {}", revoked.join("; ")));
    }
    let unknown = signatures
        .iter()
        .filter(|s| s.status == SignatureStatus::NotVerified)
        .count();
    if unknown > 0 {
        detail.push_str(&format!(
            "; {} not by any trusted key (reported, not counted)",
            plural(unknown, "signature")
        ));
    }
    detail
}

/// The policy check's sentence: what was required and what was found, and on failure why.
pub(crate) fn policy_detail(
    policy: &Policy,
    outcome: &PolicyReport,
    counted: &[&TrustedKey],
    signatures: &[SignatureReport],
    trust: &TrustStore,
) -> String {
    let required = required(policy);
    let found = found(counted);
    if outcome.met {
        return format!("{required}; {found}");
    }
    let mut why = threshold_shortfall(policy, counted);
    why.extend(out_of_window(signatures));
    why.extend(missing_roles(outcome, trust));
    format!("{} ({required}; {found})", why.join("; "))
}

/// "required 2 trusted keys covering publisher".
fn required(policy: &Policy) -> String {
    let roles: Vec<&str> = policy
        .required_roles()
        .iter()
        .map(|r| r.cli_name())
        .collect();
    let covering = if roles.is_empty() {
        String::new()
    } else {
        format!(" covering {}", roles.join(", "))
    };
    format!(
        "required {}{covering}",
        plural(policy.threshold(), "trusted key")
    )
}

/// "counted agency (translator, post-editor), newsroom (no roles)", or "none counted".
fn found(counted: &[&TrustedKey]) -> String {
    if counted.is_empty() {
        return "none counted".to_owned();
    }
    let describe = |k: &&TrustedKey| {
        if k.roles.is_empty() {
            format!("{} (no roles)", k.name)
        } else {
            let roles: Vec<&str> = k.roles.iter().map(|r| r.cli_name()).collect();
            format!("{} ({})", k.name, roles.join(", "))
        }
    };
    let names: Vec<String> = counted.iter().map(describe).collect();
    format!("counted {}", names.join(", "))
}

/// "no signature counts", or how far short of the threshold the counted keys fall.
fn threshold_shortfall(policy: &Policy, counted: &[&TrustedKey]) -> Vec<String> {
    if counted.is_empty() {
        vec!["no signature counts".into()]
    } else if distinct_signers(counted) < policy.threshold() {
        vec![format!(
            "threshold not met: signatures by {} count (keys of one signer count once), {} required",
            plural(distinct_signers(counted), "distinct trusted signer"),
            policy.threshold()
        )]
    } else {
        Vec::new()
    }
}

/// "newsroom (key …) is expired: …" for each valid signature outside its key's window.
fn out_of_window(signatures: &[SignatureReport]) -> impl Iterator<Item = String> + '_ {
    signatures
        .iter()
        .filter(|s| s.duplicate_of.is_none())
        .filter_map(|s| {
            let state = match s.status {
                SignatureStatus::Expired => "expired",
                SignatureStatus::NotYetValid => "not yet valid",
                _ => return None,
            };
            Some(format!(
                "{} is {state}: {}",
                s.signer.as_ref()?.describe(),
                s.reason.as_deref()?
            ))
        })
}

/// Which required roles no counted signer holds, and a hint when only `.pub` files were given.
fn missing_roles(outcome: &PolicyReport, trust: &TrustStore) -> Option<String> {
    if outcome.missing_roles.is_empty() {
        return None;
    }
    let missing: Vec<&str> = outcome.missing_roles.iter().map(|r| r.cli_name()).collect();
    let mut text = format!(
        "no counted signature is by a key you trust as {}",
        missing.join(" or ")
    );
    if !trust.grants_any_role() {
        text.push_str(
            ": keys given as .pub files (--pubkey, or --trust with a .pub file or folder) grant no roles; use a trust file (--trust FILE.json) that grants the signers their roles",
        );
    }
    Some(text)
}
