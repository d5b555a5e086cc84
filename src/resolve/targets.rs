//! Resolving each `$ref`'s fragment to a node, following chains, and finding pure cycles.
//!
//! Every ref is resolved once and memoized, so a chain of n refs costs O(n) in total, and a
//! recursive schema (a ref to an ancestor) is simply a ref whose target contains it: legal and
//! finite. Only refs that point at each other without ever reaching a value are cycles.

use super::{NodeRef, Workspace};
use crate::syntax::pointer;
use crate::syntax::{NodeId, NodeKind};

/// Why a ref's target could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Miss {
    /// The document could not be loaded; it was reported where it was loaded.
    Document,
    /// A pointer token names nothing: `(pointer up to and including the token, what is there)`.
    Missing {
        at: String,
        found: &'static str,
    },
    BadPointer(String),
    /// A chain of refs loops without reaching a value (members reported separately).
    Cycle,
    /// Refs nested inside pointers beyond the limit.
    TooDeep,
    /// A pointer passes through a chain of more refs than `--max-ref-chain` allows.
    ChainTooLong(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Unvisited,
    InProgress,
    Done(Result<NodeRef, Miss>),
}

/// What the loader knows about each ref before resolution.
pub(super) struct Pending {
    /// The document the ref names, when it was loaded.
    pub doc: Option<crate::source::SourceId>,
    pub fragment: String,
}

/// Nesting of refs met in the middle of pointers (`#/components/schemas/A/properties/b` where
/// `A` is itself a ref). Real specs use one or two levels.
const MAX_POINTER_NESTING: usize = 64;

pub(super) struct Resolver<'a> {
    ws: &'a Workspace,
    pending: &'a [Pending],
    states: Vec<State>,
    /// Where each ref's chain ends, once some pointer went through it: without this, n refs
    /// whose pointers all pass through one chain of n refs would cost n * n steps.
    finals: Vec<Option<Result<NodeRef, Miss>>>,
    max_chain: usize,
}

impl<'a> Resolver<'a> {
    pub fn new(ws: &'a Workspace, pending: &'a [Pending], max_chain: usize) -> Resolver<'a> {
        Resolver {
            ws,
            pending,
            states: vec![State::Unvisited; pending.len()],
            finals: vec![None; pending.len()],
            max_chain,
        }
    }

    /// Resolves every ref's direct target.
    pub fn run(mut self) -> Vec<Result<NodeRef, Miss>> {
        for i in 0..self.pending.len() {
            // Memoized in `states`; read back below.
            let _ = self.target(i, 0);
        }
        self.states
            .into_iter()
            .map(|s| match s {
                State::Done(r) => r,
                _ => Err(Miss::Cycle),
            })
            .collect()
    }

    fn target(&mut self, i: usize, nesting: usize) -> Result<NodeRef, Miss> {
        match &self.states[i] {
            State::Done(r) => return r.clone(),
            State::InProgress => return Err(Miss::Cycle),
            State::Unvisited => {}
        }
        if nesting > MAX_POINTER_NESTING {
            return Err(Miss::TooDeep);
        }
        self.states[i] = State::InProgress;
        let result = self.walk(i, nesting);
        self.states[i] = State::Done(result.clone());
        result
    }

    fn walk(&mut self, i: usize, nesting: usize) -> Result<NodeRef, Miss> {
        let (ws, pending): (&'a Workspace, &'a Pending) = (self.ws, &self.pending[i]);
        let doc = pending.doc.ok_or(Miss::Document)?;
        let tokens = pointer::parse_fragment(&pending.fragment)
            .map_err(|e| Miss::BadPointer(e.to_string()))?;
        let file = ws.file(doc);
        let Some(root) = file.tree.root() else {
            return Err(Miss::Missing {
                at: String::new(),
                found: "an empty document",
            });
        };
        let mut at = NodeRef {
            source: doc,
            node: root,
        };
        // The pointer up to the failing token, built only for the error.
        let walked = |upto: usize| pointer::from_tokens(tokens[..=upto].iter().map(|t| t.as_ref()));
        for (t, token) in tokens.iter().enumerate() {
            // A ref met on the way is followed (`#/components/schemas/A/properties/id` where
            // `A` is a `$ref` to another file), as Redocly and Spectral do.
            let mut hops = 0;
            loop {
                let file = ws.file(at.source);
                let tree = &file.tree;
                let node = tree.unalias(at.node);
                let next = match tree.kind(node) {
                    NodeKind::Mapping => tree.get(&file.source.text, node, token),
                    NodeKind::Sequence => {
                        index_token(token).and_then(|k| tree.items(node).get(k).copied())
                    }
                    _ => {
                        return Err(Miss::Missing {
                            at: walked(t),
                            found: "a scalar",
                        });
                    }
                };
                if let Some(next) = next {
                    at = NodeRef {
                        source: at.source,
                        node: next,
                    };
                    break;
                }
                let holder = NodeRef {
                    source: at.source,
                    node,
                };
                match ws.ref_by_holder.get(&holder) {
                    Some(&j) if hops < MAX_POINTER_NESTING => {
                        at = self.final_target(j as usize, nesting + 1)?;
                        hops += 1;
                    }
                    _ => {
                        let found = if tree.kind(node) == NodeKind::Mapping {
                            "no such key"
                        } else {
                            "no such index"
                        };
                        return Err(Miss::Missing {
                            at: walked(t),
                            found,
                        });
                    }
                }
            }
        }
        Ok(at)
    }

    /// Follows a chain of refs from ref `i` to the first node that is not a ref holder,
    /// memoized for every ref passed on the way.
    fn final_target(&mut self, i: usize, nesting: usize) -> Result<NodeRef, Miss> {
        let mut visited = Vec::new();
        let mut current = i;
        let result = loop {
            if let Some(known) = &self.finals[current] {
                break known.clone();
            }
            if visited.len() > self.max_chain {
                break Err(Miss::ChainTooLong(self.max_chain));
            }
            visited.push(current);
            let target = match self.target(current, nesting) {
                Ok(target) => target,
                Err(miss) => break Err(miss),
            };
            let ws: &'a Workspace = self.ws;
            let file = ws.file(target.source);
            let unaliased = NodeRef {
                source: target.source,
                node: file.tree.unalias(target.node),
            };
            match ws.ref_by_holder.get(&unaliased) {
                Some(&j) if visited.len() <= self.pending.len() => current = j as usize,
                Some(_) => break Err(Miss::Cycle),
                None => break Ok(target),
            }
        };
        // How deep the pointers nest depends on where the walk started; the rest does not.
        if result != Err(Miss::TooDeep) {
            for v in visited {
                self.finals[v] = Some(result.clone());
            }
        }
        result
    }
}

/// A pointer token as a sequence index: decimal, no leading zeros, no sign.
fn index_token(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// For every ref: where its chain ends, or the refs of a cycle it is part of (as ref indices).
pub(super) struct Chains {
    pub resolved: Vec<Option<NodeRef>>,
    /// Each pure cycle once, as the ref indices around it in order.
    pub cycles: Vec<Vec<usize>>,
    /// The first ref of each chain longer than the limit (not followed past it).
    pub too_long: Vec<usize>,
}

/// Follows chains for all refs with memoization: each ref is visited a bounded number of times.
pub(super) fn follow_chains(
    ws: &Workspace,
    targets: &[Option<NodeRef>],
    max_chain: usize,
) -> Chains {
    let n = targets.len();
    let holder_ref = |t: NodeRef| -> Option<usize> {
        let node = ws.file(t.source).tree.unalias(t.node);
        ws.ref_by_holder
            .get(&NodeRef {
                source: t.source,
                node,
            })
            .map(|&j| j as usize)
    };
    // 0 = unknown, 1 = on the current path, 2 = done
    let mut mark = vec![0u8; n];
    let mut resolved: Vec<Option<NodeRef>> = vec![None; n];
    let mut cycles = Vec::new();
    let mut too_long = Vec::new();
    for start in 0..n {
        if mark[start] != 0 {
            continue;
        }
        let mut path: Vec<usize> = Vec::new();
        let mut current = start;
        let end: Option<NodeRef> = loop {
            if mark[current] == 2 {
                break resolved[current];
            }
            if mark[current] == 1 {
                let pos = path.iter().position(|&p| p == current).unwrap_or(0);
                cycles.push(path[pos..].to_vec());
                break None;
            }
            if path.len() >= max_chain {
                too_long.push(start);
                break None;
            }
            mark[current] = 1;
            path.push(current);
            match targets[current] {
                None => break None,
                Some(t) => match holder_ref(t) {
                    Some(j) => current = j,
                    None => break Some(t),
                },
            }
        };
        for p in path {
            mark[p] = 2;
            resolved[p] = end;
        }
    }
    Chains {
        resolved,
        cycles,
        too_long,
    }
}

/// The ref holders passed when dereferencing `start` (a holder), outermost first.
pub(super) fn chain(ws: &Workspace, start: NodeRef) -> Vec<NodeRef> {
    let mut via = Vec::new();
    let mut current = start;
    while let Some(&i) = ws.ref_by_holder.get(&current) {
        if via.len() > ws.refs.len().min(ws.max_ref_chain) {
            break;
        }
        via.push(current);
        let Some(target) = ws.refs[i as usize].target else {
            break;
        };
        let node: NodeId = ws.file(target.source).tree.unalias(target.node);
        current = NodeRef {
            source: target.source,
            node,
        };
    }
    via
}
