//! The memo behind schema comparison. Every pair of schemas reached through a `$ref` is
//! compared once per diff, however many operations and other schemas use it: a large spec's
//! component graph (Stripe's expandable fields reach almost every schema from every other) is
//! then walked once instead of once per operation and per `oneOf` trial. A pair's result is its
//! own changes plus edges to the pairs it refers to; an operation's changes are read off by a
//! walk over the edges it reached, which also tells which operations each shared change
//! affects. A cycle (a recursive schema) is an edge back to a pair still being compared, so
//! comparison terminates and each change inside it is reported once.

use std::ops::Range;

use super::Direction;
use crate::diff::{Found, Rank};
use crate::resolve::NodeRef;

pub(crate) type EntryId = usize;

/// Costs above this are all "very different"; it keeps the sums over a shared graph finite.
const COST_CAP: usize = 1 << 20;

/// What comparing two patterns gave (see [`crate::pattern::compare`]).
pub(crate) type PatternComparison = (
    crate::pattern::Method,
    Result<crate::pattern::Comparison, String>,
);

#[derive(Default)]
pub(crate) struct Graph {
    /// Pattern pairs already compared in this diff, (head, base): the same pair recurs across
    /// a spec, and each comparison builds automata and cross-checks them.
    patterns: std::collections::HashMap<(String, String), PatternComparison>,
    index: crate::syntax::fast_hash::FastMap<(NodeRef, NodeRef, Direction), EntryId>,
    entries: Vec<Entry>,
    /// Marks the entries one emission walk has visited (one stamp per walk).
    stamp: u32,
    /// How many entries are being compared inside each other right now.
    pub(super) depth: usize,
}

#[derive(Default)]
struct Entry {
    /// Its own changes, until they are emitted with the first operation that reaches them.
    changes: Vec<Found>,
    /// How many changes it has of its own (kept after emission, for costs).
    own: usize,
    /// The pairs its comparison referred to.
    children: Vec<EntryId>,
    /// Comparison finished (a pair being compared is reached again only through a cycle).
    done: bool,
    cost: Option<usize>,
    seen: u32,
    /// Where its changes went in the output.
    emitted: Option<Range<usize>>,
}

impl Graph {
    /// [`crate::pattern::compare`] of `head` against `base`, once per pair per diff.
    pub(crate) fn compare_patterns(&mut self, head: &str, base: &str) -> PatternComparison {
        let key = (head.to_string(), base.to_string());
        self.patterns
            .entry(key)
            .or_insert_with(|| crate::pattern::compare(head, base))
            .clone()
    }

    pub(super) fn lookup(&self, key: (NodeRef, NodeRef, Direction)) -> Option<EntryId> {
        self.index.get(&key).copied()
    }

    /// Registers a pair whose comparison starts now.
    pub(super) fn open(&mut self, key: (NodeRef, NodeRef, Direction)) -> EntryId {
        let id = self.entries.len();
        self.entries.push(Entry::default());
        self.index.insert(key, id);
        id
    }

    pub(super) fn close(&mut self, id: EntryId, changes: Vec<Found>, children: Vec<EntryId>) {
        let entry = &mut self.entries[id];
        entry.own = changes.len();
        entry.changes = changes;
        entry.children = children;
        entry.done = true;
    }

    /// About how many changes lie behind an entry (its own and those of the pairs it reaches;
    /// shared descendants count once per path). Exact where it matters: zero means no change
    /// anywhere behind it. A pair still being compared counts as unchanged, the coinductive
    /// reading of a recursive schema.
    pub(super) fn cost(&mut self, id: EntryId) -> usize {
        let entry = &self.entries[id];
        if let Some(cost) = entry.cost {
            return cost;
        }
        if !entry.done {
            return 0;
        }
        // Provisional, so that a cycle through this entry ends here.
        self.entries[id].cost = Some(self.entries[id].own);
        let children = self.entries[id].children.clone();
        let mut total = self.entries[id].own;
        for child in children {
            total = total.saturating_add(self.cost(child)).min(COST_CAP);
        }
        self.entries[id].cost = Some(total);
        total
    }

    /// The changes of an entry itself plus one per referred pair that has changes of its
    /// own: how much the pair changed at its level, for pairing branches.
    pub(super) fn shallow(&self, id: EntryId) -> usize {
        let entry = &self.entries[id];
        entry.own
            + entry
                .children
                .iter()
                .filter(|&&c| self.entries[c].own > 0)
                .count()
    }

    /// Moves the changes behind `roots` into `out` for `operation`: an entry's changes are
    /// appended the first time any operation reaches it, and later operations are added to
    /// their `affects`.
    pub(crate) fn emit(&mut self, roots: &[EntryId], operation: Rank, out: &mut Vec<Found>) {
        self.stamp += 1;
        let stamp = self.stamp;
        let mut stack: Vec<EntryId> = roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            let entry = &mut self.entries[id];
            if entry.seen == stamp {
                continue;
            }
            entry.seen = stamp;
            match &entry.emitted {
                Some(range) => {
                    for found in &mut out[range.clone()] {
                        found.affects.push(operation);
                    }
                }
                None => {
                    let start = out.len();
                    for mut found in std::mem::take(&mut entry.changes) {
                        found.operation = Some(operation);
                        found.affects = vec![operation];
                        out.push(found);
                    }
                    entry.emitted = Some(start..out.len());
                }
            }
            stack.extend(entry.children.iter().rev());
        }
    }
}
