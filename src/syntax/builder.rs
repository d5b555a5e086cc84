//! Builds a [`Tree`] from a stream of open/close/scalar calls, shared by the YAML and JSON
//! front ends. It is iterative (an explicit stack, no recursion), enforces the nesting limit,
//! fills each container's children contiguously when it closes, and finds duplicate keys.

use super::tree::{Entry, INDEXED_MAPPING, NodeData, NodeId, NodeKind, Tree};
use crate::finding::Span;

/// A problem found while building: a byte span and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildIssue {
    /// The same key twice in one mapping: `(first key, repeated key)`.
    DuplicateKey { first: NodeId, repeated: NodeId },
    /// An alias to a collection that is still open around it (`a: &x {b: *x}`): a recursive
    /// structure with no JSON equivalent.
    RecursiveAlias { alias: NodeId, anchor: NodeId },
    /// A sequence or mapping used as a mapping key (`? [a, b] : x`): no JSON equivalent.
    CollectionKey { key: NodeId },
    /// A scalar whose core-schema tag names a type its value does not fit (`!!int twelve`).
    MistaggedScalar { node: NodeId, tag: &'static str },
}

#[derive(Debug)]
enum Frame {
    Mapping {
        node: NodeId,
        /// Start of this mapping's entries in `pending_entries`.
        base: usize,
        /// A key waiting for its value.
        key: Option<NodeId>,
        /// The most recent key, kept after its value arrives (for `open_path`).
        last_key: Option<NodeId>,
    },
    Sequence {
        node: NodeId,
        base: usize,
        /// Items attached so far.
        count: u32,
    },
}

/// The nesting depth was exceeded; parsing must stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep;

pub struct Builder<'s> {
    pub(crate) tree: Tree,
    source: &'s str,
    stack: Vec<Frame>,
    pending_entries: Vec<Entry>,
    pending_items: Vec<NodeId>,
    max_depth: usize,
    pub(crate) issues: Vec<BuildIssue>,
}

impl<'s> Builder<'s> {
    pub fn new(source: &'s str, max_depth: usize) -> Builder<'s> {
        let mut tree = Tree::default();
        // Rough guesses from real specs that avoid most regrowth: one node per ~12 bytes of
        // source, most of them keys and values of mapping entries.
        let nodes = source.len() / 12;
        tree.nodes.reserve(nodes);
        tree.entries.reserve(nodes / 2);
        tree.items.reserve(nodes / 16);
        // Decoded scalars that differ from their source (block scalars, escapes): in real specs
        // mostly descriptions, a fraction of the text.
        tree.strings.reserve(source.len() / 8);
        Builder {
            tree,
            source,
            stack: Vec::with_capacity(64),
            pending_entries: Vec::with_capacity(256),
            pending_items: Vec::with_capacity(256),
            max_depth,
            issues: Vec::new(),
        }
    }

    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Where the key waiting for its value in the innermost mapping ends, if one is waiting.
    pub fn pending_key_end(&self) -> Option<u32> {
        match self.stack.last()? {
            Frame::Mapping { key: Some(key), .. } => Some(self.tree.span(*key).end),
            _ => None,
        }
    }

    /// Adds a scalar whose decoded text is `value`.
    pub fn scalar(&mut self, kind: super::tree::ScalarKind, span: Span, value: &str) -> NodeId {
        let mut data = Tree::new_node(NodeKind::Scalar(kind), span);
        let (a, b) = self.tree.scalar_text_ref(self.source, value);
        data.a = a;
        data.b = b;
        self.attach(data)
    }

    /// Adds an alias node pointing at `target` (`None` when the anchor is unknown).
    pub fn alias(&mut self, span: Span, target: Option<NodeId>) -> NodeId {
        let mut data = Tree::new_node(NodeKind::Alias, span);
        data.a = target.map_or(u32::MAX, |t| t.0);
        self.tree.has_aliases = true;
        let id = self.attach(data);
        if let Some(anchor) = target {
            let open = self.stack.iter().any(|f| match f {
                Frame::Mapping { node, .. } | Frame::Sequence { node, .. } => *node == anchor,
            });
            if open {
                self.issues
                    .push(BuildIssue::RecursiveAlias { alias: id, anchor });
            }
        }
        id
    }

    pub fn open_mapping(&mut self, span: Span) -> Result<NodeId, TooDeep> {
        self.check_depth()?;
        let node = self.attach(Tree::new_node(NodeKind::Mapping, span));
        self.stack.push(Frame::Mapping {
            node,
            base: self.pending_entries.len(),
            key: None,
            last_key: None,
        });
        Ok(node)
    }

    pub fn open_sequence(&mut self, span: Span) -> Result<NodeId, TooDeep> {
        self.check_depth()?;
        let node = self.attach(Tree::new_node(NodeKind::Sequence, span));
        self.stack.push(Frame::Sequence {
            node,
            base: self.pending_items.len(),
            count: 0,
        });
        Ok(node)
    }

    /// Closes the innermost container. `end` is the byte offset where it ends; a container
    /// never ends before its last child.
    pub fn close(&mut self, end: usize) -> Option<NodeId> {
        let frame = self.stack.pop()?;
        match frame {
            Frame::Mapping {
                node,
                base,
                key,
                last_key,
            } => {
                if let Some(key) = key {
                    // A key without a value (only possible on malformed input): give it a null.
                    let at = self.tree.span(key).end as usize;
                    self.stack.push(Frame::Mapping {
                        node,
                        base,
                        key: Some(key),
                        last_key,
                    });
                    self.scalar(super::tree::ScalarKind::Null, Span::empty(at), "");
                    return self.close(end);
                }
                let first = self.tree.entries.len() as u32;
                let count = self.pending_entries.len() - base;
                let last_end = self.pending_entries[base..]
                    .last()
                    .map(|e| self.tree.span(e.value).end);
                self.tree.entries.extend(self.pending_entries.drain(base..));
                let data = self.tree.node_mut(node);
                data.a = first;
                data.b = count as u32;
                finish_span(data, end, last_end);
                self.index_keys(node);
                Some(node)
            }
            Frame::Sequence { node, base, .. } => {
                let first = self.tree.items.len() as u32;
                let count = self.pending_items.len() - base;
                let last_end = self.pending_items[base..]
                    .last()
                    .map(|&i| self.tree.span(i).end);
                self.tree.items.extend(self.pending_items.drain(base..));
                let data = self.tree.node_mut(node);
                data.a = first;
                data.b = count as u32;
                finish_span(data, end, last_end);
                Some(node)
            }
        }
    }

    /// Closes every open container (after an error, so the partial tree stays consistent).
    pub fn close_all(&mut self, end: usize) {
        while self.close(end).is_some() {}
    }

    pub fn finish(mut self, end: usize) -> (Tree, Vec<BuildIssue>) {
        self.close_all(end);
        (self.tree, self.issues)
    }

    /// The pointer of the innermost open position, for locating an error inside a partial
    /// document (`/paths/~1pets/get`). Built from the stack alone: open containers are not
    /// linked into their parents' entry tables until they close.
    pub fn open_path(&self) -> String {
        let mut pointer = String::new();
        let last = self.stack.len().saturating_sub(1);
        for (i, frame) in self.stack.iter().enumerate() {
            match frame {
                Frame::Mapping { key, last_key, .. } => {
                    // Inside a nested container: the key it is the value of. At the innermost
                    // frame: the key whose value is being read, if any.
                    let token = if i < last { *last_key } else { *key };
                    if let Some(k) = token {
                        pointer.push('/');
                        super::pointer::escape_token(
                            self.tree.key_text(self.source, k),
                            &mut pointer,
                        );
                    }
                }
                Frame::Sequence { count, .. } => {
                    let index = if i < last {
                        count.saturating_sub(1)
                    } else {
                        *count
                    };
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
            }
        }
        pointer
    }

    fn check_depth(&self) -> Result<(), TooDeep> {
        if self.stack.len() >= self.max_depth {
            Err(TooDeep)
        } else {
            Ok(())
        }
    }

    /// Links a new node into its parent (or makes it the root).
    fn attach(&mut self, mut data: NodeData) -> NodeId {
        let id = NodeId(self.tree.nodes.len() as u32);
        match self.stack.last_mut() {
            None => {
                if self.tree.root.is_none() {
                    self.tree.root = Some(id);
                }
            }
            Some(Frame::Mapping {
                node,
                base,
                key,
                last_key,
            }) => {
                data.parent = node.0;
                data.slot = (self.pending_entries.len() - *base) as u32;
                match key.take() {
                    None => {
                        data.is_key = true;
                        *key = Some(id);
                        *last_key = Some(id);
                    }
                    Some(k) => self.pending_entries.push(Entry { key: k, value: id }),
                }
            }
            Some(Frame::Sequence { node, base, count }) => {
                data.parent = node.0;
                data.slot = (self.pending_items.len() - *base) as u32;
                *count += 1;
                self.pending_items.push(id);
            }
        }
        self.tree.push(data)
    }

    /// Records a problem a front end found (the builder finds the others itself).
    pub fn report(&mut self, issue: BuildIssue) {
        self.issues.push(issue);
    }

    /// Finds duplicate keys, and gives large mappings a sorted key index.
    fn index_keys(&mut self, node: NodeId) {
        let tree = &self.tree;
        let entries = tree.entries(node);
        let text = self.source;
        if entries
            .iter()
            .any(|e| super::tree::is_merge_key(tree, text, e.key))
        {
            self.tree.merge_maps.insert(node);
        }
        let tree = &self.tree;
        let entries = tree.entries(node);
        for e in entries {
            if matches!(
                tree.kind(tree.unalias(e.key)),
                NodeKind::Mapping | NodeKind::Sequence
            ) {
                self.issues.push(BuildIssue::CollectionKey { key: e.key });
            }
        }
        let mut duplicates = false;
        if entries.len() < INDEXED_MAPPING {
            for (i, later) in entries.iter().enumerate().skip(1) {
                let k = tree.key_text(text, later.key);
                if k == "<<" {
                    // Several merge keys are a (YAML 1.1) way to merge several mappings.
                    continue;
                }
                if let Some(first) = entries[..i]
                    .iter()
                    .find(|e| tree.key_text(text, e.key) == k)
                {
                    self.issues.push(BuildIssue::DuplicateKey {
                        first: first.key,
                        repeated: later.key,
                    });
                    duplicates = true;
                }
            }
            if duplicates {
                self.tree.dup_maps.insert(node);
            }
            return;
        }
        let mut order: Vec<u32> = (0..entries.len() as u32).collect();
        // Stable, so equal keys keep document order and the last one wins in `Tree::get`.
        order.sort_by(|&a, &b| {
            tree.key_text(text, entries[a as usize].key)
                .cmp(tree.key_text(text, entries[b as usize].key))
        });
        for pair in order.windows(2) {
            let (a, b) = (entries[pair[0] as usize], entries[pair[1] as usize]);
            if tree.key_text(text, a.key) == tree.key_text(text, b.key) {
                self.issues.push(BuildIssue::DuplicateKey {
                    first: a.key,
                    repeated: b.key,
                });
                duplicates = true;
            }
        }
        if duplicates {
            self.tree.dup_maps.insert(node);
        }
        self.tree.key_index.insert(node, order.into_boxed_slice());
    }
}

fn finish_span(data: &mut NodeData, end: usize, last_child_end: Option<u32>) {
    let end = (end as u32)
        .max(last_child_end.unwrap_or(0))
        .max(data.span.start);
    data.span.end = end;
}
