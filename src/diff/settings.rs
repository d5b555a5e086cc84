//! What the configuration's `diff:` section does to the changes found: a check re-levelled or
//! turned off by id, and changes accepted by fingerprint (a reviewed break that must not fail
//! every later build). Applied after the diff, so the checks stay unaware of configuration.

use std::collections::HashMap;

use super::{Change, Level};

/// The `diff:` section of `.specguard.yaml`.
#[derive(Debug, Clone, Default)]
pub struct DiffSettings {
    /// Check id → its level, or `None` for `off`.
    pub levels: HashMap<String, Option<Level>>,
    /// Accepted changes: fingerprint → the reason given (may be empty).
    pub accepted: HashMap<String, String>,
    /// `deprecation-days`: the notice a new deprecation must give.
    pub sunset: super::SunsetPolicy,
}

/// The changes to report, and how many the settings held back (said in the summary, so that
/// nothing disappears silently).
#[derive(Debug, Default)]
pub struct Outcome {
    pub changes: Vec<Change>,
    /// Changes whose fingerprint is accepted.
    pub accepted: Vec<Change>,
    /// Changes of checks turned off.
    pub off: usize,
}

impl DiffSettings {
    pub fn apply(&self, changes: Vec<Change>) -> Outcome {
        let mut outcome = Outcome::default();
        for mut change in changes {
            match self.levels.get(change.id) {
                Some(None) => {
                    outcome.off += 1;
                    continue;
                }
                Some(Some(level)) => change.level = *level,
                None => {}
            }
            if self.accepted.contains_key(&change.fingerprint()) {
                outcome.accepted.push(change);
            } else {
                outcome.changes.push(change);
            }
        }
        outcome
    }
}
