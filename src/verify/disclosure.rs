//! The `disclosure` check: does the disclosure a page shows its readers ("Machine-translated
//! from Chinese by …") say what the verified record says?
//!
//! It runs only after every other check passed: a disclosure is judged against a record a
//! trusted key vouched for, never against an unverified one (which anybody could write to agree
//! with any page). A page without a disclosure element has nothing to check: the check is *not
//! present*, which is not a failure (most pages carry none). A contradiction fails the
//! verification, and the report keeps what the page claims beside what the record says.

use serde::Serialize;

use crate::publish::disclose::check::{Claim, Contradiction, Outcome, check_disclosure};
use crate::publish::embed::{EmbedError, PageDisclosure};
use crate::verify::report::{Check, CheckKind, CheckOutcome, Report};

/// What the disclosure check found (`disclosure` in JSON; additive to schema version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureReport {
    /// The verdict over every disclosure element of the page.
    pub status: DisclosureStatus,
    /// Each disclosure element, in page order (empty when there is none or none was checked).
    pub elements: Vec<DisclosureElement>,
    /// Why the elements could not be read or checked, when they could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The verdict of the disclosure check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum DisclosureStatus {
    /// The page carries no disclosure element: nothing to check (not a failure).
    NotPresent,
    /// An earlier check failed, so the disclosure was not judged.
    NotChecked,
    /// Every element is the disclosure tprov writes for this record.
    Generated,
    /// Nothing an element claims contradicts the record, as far as tprov can read the claims.
    Consistent,
    /// An element claims what the record does not: the check failed.
    Contradicted,
    /// The elements could not be read (too many of them, an encoding tprov cannot decode).
    Unreadable,
}

/// One disclosure element and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureElement {
    /// The element's text, white space collapsed (untrusted: it is the page's).
    pub text: String,
    /// Its `lang` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// `generated`, `consistent` or `contradicted`.
    pub status: DisclosureStatus,
    /// For a generated disclosure: the language tprov wrote it in (`en`, `zh-Hans`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'static str>,
    /// What the element claims that the record does not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<ClaimReport>,
}

/// One claim of the page the record does not support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReport {
    /// What the claim is about: `method`, `translationTool`, `translationPerson`,
    /// `translationOrganization`, `revisionTool`, `revisionPerson`, `revisionOrganization`,
    /// `postEditor` or `editor`.
    pub claim: &'static str,
    /// What the page says (untrusted).
    pub page: String,
    /// What the verified record says.
    pub record: String,
}

impl ClaimReport {
    fn of(contradiction: &Contradiction) -> Self {
        Self {
            claim: claim_name(contradiction.claim),
            page: contradiction.page.clone(),
            record: contradiction.record.clone(),
        }
    }

    /// What the claim is about, in words ("how it was translated", "the editor").
    pub fn label(&self) -> &'static str {
        claim_label(self.claim)
    }

    /// "how it was translated: the page says \"human translator\", the record says \"machine
    /// translation\"".
    pub fn describe(&self) -> String {
        format!(
            "{}: the page says {:?}, the record says {:?}",
            self.label(),
            self.page,
            self.record
        )
    }
}

fn claim_name(claim: Claim) -> &'static str {
    match claim {
        Claim::Method => "method",
        Claim::TranslationTool => "translationTool",
        Claim::TranslationPerson => "translationPerson",
        Claim::TranslationOrganization => "translationOrganization",
        Claim::RevisionTool => "revisionTool",
        Claim::RevisionPerson => "revisionPerson",
        Claim::RevisionOrganization => "revisionOrganization",
        Claim::PostEditor => "postEditor",
        Claim::Editor => "editor",
    }
}

/// The claim in words, for the check's detail.
fn claim_label(name: &str) -> &'static str {
    match name {
        "method" => "how it was translated",
        "translationTool" => "the translating software",
        "translationPerson" => "the translator",
        "translationOrganization" => "the translating organisation",
        "revisionTool" => "the revising software",
        "revisionPerson" => "who revised it",
        "revisionOrganization" => "the revising organisation",
        "postEditor" => "the post-editor",
        _ => "the editor",
    }
}

/// Runs the disclosure check on `report` with the disclosure elements read from the page (or
/// why they could not be read). Adds a `disclosure` check line when the page carries a
/// disclosure, fails the verification on a contradiction, and sets [`Report::disclosure`].
pub fn check_page_disclosures(
    report: &mut Report,
    disclosures: Result<Vec<PageDisclosure>, EmbedError>,
) {
    let disclosures = match disclosures {
        Ok(found) if found.is_empty() => {
            report.disclosure = Some(DisclosureReport {
                status: DisclosureStatus::NotPresent,
                elements: Vec::new(),
                reason: None,
            });
            return;
        }
        Ok(found) => found,
        Err(e) => return unreadable(report, e.to_string()),
    };
    let Some(record) = report.record.clone().filter(|_| report.verified) else {
        let failed = report.failure().map_or("an earlier", |c| c.kind.name());
        report.checks.push(Check {
            kind: CheckKind::Disclosure,
            outcome: CheckOutcome::Skipped,
            detail: format!("not checked: the {failed} check failed"),
        });
        report.disclosure = Some(DisclosureReport {
            status: DisclosureStatus::NotChecked,
            elements: Vec::new(),
            reason: None,
        });
        return;
    };
    let signers: Vec<String> = report.signers().map(|s| s.name.clone()).collect();
    let elements: Vec<DisclosureElement> = disclosures
        .iter()
        .map(|page| element(page, check_disclosure(page, &record, &signers)))
        .collect();
    let status = overall(&elements);
    let detail = detail(status, &elements);
    report.disclosure = Some(DisclosureReport {
        status,
        elements,
        reason: None,
    });
    if status == DisclosureStatus::Contradicted {
        fail(report, detail);
    } else {
        report.checks.push(Check {
            kind: CheckKind::Disclosure,
            outcome: CheckOutcome::Passed,
            detail,
        });
    }
}

fn element(page: &PageDisclosure, outcome: Outcome) -> DisclosureElement {
    let (status, language, contradictions) = match outcome {
        Outcome::Generated(language) => (
            DisclosureStatus::Generated,
            Some(language.tag()),
            Vec::new(),
        ),
        Outcome::Consistent => (DisclosureStatus::Consistent, None, Vec::new()),
        Outcome::Contradicted(found) => (
            DisclosureStatus::Contradicted,
            None,
            found.iter().map(ClaimReport::of).collect(),
        ),
    };
    DisclosureElement {
        text: page.text.clone(),
        lang: page.lang.clone(),
        status,
        language,
        contradictions,
    }
}

/// The weakest verdict of the elements: one contradiction fails them all.
fn overall(elements: &[DisclosureElement]) -> DisclosureStatus {
    let any = |status| elements.iter().any(|e| e.status == status);
    if any(DisclosureStatus::Contradicted) {
        DisclosureStatus::Contradicted
    } else if any(DisclosureStatus::Consistent) {
        DisclosureStatus::Consistent
    } else {
        DisclosureStatus::Generated
    }
}

fn detail(status: DisclosureStatus, elements: &[DisclosureElement]) -> String {
    match status {
        DisclosureStatus::Contradicted => {
            let claims: Vec<String> = elements
                .iter()
                .flat_map(|e| &e.contradictions)
                .map(ClaimReport::describe)
                .collect();
            format!(
                "the page's disclosure claims what the signed record does not: {}",
                claims.join("; ")
            )
        }
        DisclosureStatus::Consistent => concat!(
            "the page's disclosure contradicts nothing in the signed record, as far as its ",
            "claims can be read (it is not the disclosure tprov writes)"
        )
        .to_owned(),
        _ => "the page's disclosure is the one tprov writes from the signed record".to_owned(),
    }
}

/// Elements that cannot be read cannot be believed: the check fails, saying why.
fn unreadable(report: &mut Report, reason: String) {
    report.disclosure = Some(DisclosureReport {
        status: DisclosureStatus::Unreadable,
        elements: Vec::new(),
        reason: Some(reason.clone()),
    });
    if report.verified {
        fail(
            report,
            format!("the page's disclosure could not be read: {reason}"),
        );
    }
}

/// The disclosure check failed: the report is no longer verified, and keeps no record (a
/// report carries the record only when every check passed).
fn fail(report: &mut Report, detail: String) {
    report.checks.push(Check {
        kind: CheckKind::Disclosure,
        outcome: CheckOutcome::Failed,
        detail,
    });
    report.verified = false;
    report.record = None;
}
