//! The change model of `specguard diff`: what changed, how much it matters, and where it is on
//! each side.

use crate::finding::Location;

/// How much a change matters to existing clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Compatible; shown in the changelog.
    Info,
    /// May break clients; a human must judge.
    Warn,
    /// Breaks existing clients.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// A located change. Removals carry only `base`, additions only `head`, modifications both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Stable id (`operation-removed`, `idempotency-key-removed`).
    pub id: &'static str,
    pub level: Level,
    pub message: String,
    /// `POST /orders`, when the change concerns exactly one operation.
    pub operation: Option<String>,
    /// Every operation the change concerns, in document order: the one in `operation`, or
    /// all those that use a changed shared component or document-level setting (then
    /// `operation` is `None`). Empty when no operation is concerned (a webhook, a scheme
    /// nobody uses).
    pub affects: Vec<String>,
    pub base: Option<Location>,
    pub head: Option<Location>,
}

impl Change {
    /// A fingerprint stable under rewording: a hash of id, operation and pointer (the head's,
    /// else the base's), hex.
    pub fn fingerprint(&self) -> String {
        let pointer = self
            .head
            .as_ref()
            .or(self.base.as_ref())
            .map_or("", |l| l.pointer.as_str());
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.id, self.operation.as_deref().unwrap_or(""), pointer] {
            for b in part.bytes().chain([0u8]) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}
