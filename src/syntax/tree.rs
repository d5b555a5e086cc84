//! The spanned node arena shared by YAML and JSON.
//!
//! One `Vec` of nodes per file, in document order, with mapping entries and sequence items in
//! contiguous side tables (filled when a container closes, so each container's children are one
//! slice). Every node keeps the byte span of its value, its parent and its slot in the parent,
//! so a node's JSON pointer and its key's span are found without searching. Scalar text is kept
//! as a slice of the source when it is written literally (most scalars) and copied only when
//! decoding changed it (escapes, folding), so `200:` stays the key `"200"` and `NO` stays `NO`.
//!
//! YAML aliases are nodes of their own that point at their anchor's node: nothing is copied, so
//! an alias bomb costs one node per alias, and whole-tree scans (such as collecting `$ref`s) walk
//! the arena linearly, visiting each written node exactly once.

use crate::finding::Span;

/// Index of a node in its file's [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// The resolved kind of a scalar (YAML 1.2 core schema for plain YAML scalars; the token type
/// for JSON). Quoted and block scalars are always strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    Null,
    Bool,
    Int,
    Float,
    String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Mapping,
    Sequence,
    Scalar(ScalarKind),
    /// A YAML alias (`*name`); [`Tree::alias_target`] gives the anchored node.
    Alias,
}

const NO_PARENT: u32 = u32::MAX;
/// Set in `NodeData::b` of a scalar whose text lives in `Tree::strings`, not in the source.
const OWNED_TEXT: u32 = 1 << 31;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeData {
    pub(crate) kind: NodeKind,
    /// This node is the key of a mapping entry, not a value.
    pub(crate) is_key: bool,
    pub(crate) span: Span,
    pub(crate) parent: u32,
    /// Entry index in the parent mapping, or item index in the parent sequence.
    pub(crate) slot: u32,
    /// Mapping: first entry; sequence: first item; scalar: text offset; alias: target node.
    pub(crate) a: u32,
    /// Mapping/sequence: child count; scalar: text length (| OWNED_TEXT).
    pub(crate) b: u32,
}

/// A mapping entry: the key node and the value node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

/// Mappings with at least this many entries get a sorted key index, so lookups in large
/// `paths` or `components/schemas` maps stay logarithmic.
pub(crate) const INDEXED_MAPPING: usize = 16;

/// One parsed file.
#[derive(Debug, Default, PartialEq)]
pub struct Tree {
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) items: Vec<NodeId>,
    pub(crate) strings: String,
    /// For large mappings: entry indices (relative to the mapping's first entry) sorted by key.
    pub(crate) key_index: super::fast_hash::FastMap<NodeId, Box<[u32]>>,
    /// Mappings holding a YAML merge key (`<<: *base`); usually none.
    pub(crate) merge_maps: std::collections::HashSet<NodeId>,
    /// Mappings holding some key more than once (a `duplicate-key` finding; the later entry
    /// wins); usually none.
    pub(crate) dup_maps: std::collections::HashSet<NodeId>,
    /// Whether any node is a YAML alias (`*name`); usually not.
    pub(crate) has_aliases: bool,
    pub(crate) root: Option<NodeId>,
}

/// Merge keys may merge mappings that merge others; this bounds the nesting (and breaks
/// alias cycles).
const MAX_MERGE_DEPTH: usize = 32;

impl Tree {
    /// The document's root node, if the file held one.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// Number of nodes (keys included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every node id in document order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// Every mapping entry of the file, in closing order (each mapping's entries contiguous).
    pub fn all_entries(&self) -> &[Entry] {
        &self.entries
    }

    #[inline]
    pub fn kind(&self, id: NodeId) -> NodeKind {
        self.nodes[id.0 as usize].kind
    }

    /// Byte span of the node's value in its source (for a flow collection, brackets included;
    /// for a quoted scalar, quotes included).
    #[inline]
    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id.0 as usize].span
    }

    #[inline]
    pub fn is_key(&self, id: NodeId) -> bool {
        self.nodes[id.0 as usize].is_key
    }

    #[inline]
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id.0 as usize].parent;
        (p != NO_PARENT).then_some(NodeId(p))
    }

    /// The entry holding this value node, when its parent is a mapping.
    pub fn entry_of(&self, id: NodeId) -> Option<Entry> {
        let node = &self.nodes[id.0 as usize];
        let parent = self.parent(id)?;
        if self.kind(parent) != NodeKind::Mapping {
            return None;
        }
        let first = self.nodes[parent.0 as usize].a;
        Some(self.entries[(first + node.slot) as usize])
    }

    /// The key node under which this value is written (the `409` of `409: {...}`).
    pub fn key_of(&self, id: NodeId) -> Option<NodeId> {
        self.entry_of(id)
            .filter(|e| e.value == id || e.key == id)
            .map(|e| e.key)
    }

    /// The item index of this node when its parent is a sequence.
    pub fn index_in_parent(&self, id: NodeId) -> Option<usize> {
        let parent = self.parent(id)?;
        (self.kind(parent) == NodeKind::Sequence).then(|| self.nodes[id.0 as usize].slot as usize)
    }

    /// The entries of a mapping (empty for any other node).
    #[inline]
    pub fn entries(&self, id: NodeId) -> &[Entry] {
        let node = &self.nodes[id.0 as usize];
        if node.kind != NodeKind::Mapping {
            return &[];
        }
        &self.entries[node.a as usize..(node.a + node.b) as usize]
    }

    /// The items of a sequence (empty for any other node).
    #[inline]
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        let node = &self.nodes[id.0 as usize];
        if node.kind != NodeKind::Sequence {
            return &[];
        }
        &self.items[node.a as usize..(node.a + node.b) as usize]
    }

    /// The target of an alias node.
    #[inline]
    pub fn alias_target(&self, id: NodeId) -> Option<NodeId> {
        let node = &self.nodes[id.0 as usize];
        (node.kind == NodeKind::Alias && node.a != NO_PARENT).then_some(NodeId(node.a))
    }

    /// Follows a YAML alias to its anchored node; any other node is returned as is.
    #[inline]
    pub fn unalias(&self, id: NodeId) -> NodeId {
        self.alias_target(id).unwrap_or(id)
    }

    /// The decoded text of a scalar (`None` for collections and aliases). `text` is the source
    /// text this tree was parsed from.
    #[inline]
    pub fn scalar<'t>(&'t self, text: &'t str, id: NodeId) -> Option<&'t str> {
        let node = &self.nodes[id.0 as usize];
        match node.kind {
            NodeKind::Scalar(_) => Some(self.text_of(text, node)),
            _ => None,
        }
    }

    /// The text a key compares by: a scalar's decoded text, or the raw source of a complex key.
    #[inline]
    pub fn key_text<'t>(&'t self, text: &'t str, key: NodeId) -> &'t str {
        // An alias used as a key (`*k : v`) stands for the anchored key's text.
        let node = &self.nodes[self.unalias(key).0 as usize];
        match node.kind {
            NodeKind::Scalar(_) => self.text_of(text, node),
            _ => text.get(node.span.range()).unwrap_or(""),
        }
    }

    #[inline]
    fn text_of<'t>(&'t self, text: &'t str, node: &NodeData) -> &'t str {
        let start = node.a as usize;
        let len = (node.b & !OWNED_TEXT) as usize;
        let store = if node.b & OWNED_TEXT != 0 {
            self.strings.as_str()
        } else {
            text
        };
        store.get(start..start + len).unwrap_or("")
    }

    /// Looks up `key` in a mapping (aliases followed, YAML merge keys `<<` honoured: the
    /// mapping's own keys win over merged ones, earlier merge sources over later ones). With
    /// duplicate keys the last one wins, as in `JSON.parse`; the parser reports the duplicate.
    pub fn get(&self, text: &str, id: NodeId, key: &str) -> Option<NodeId> {
        self.get_merged(text, id, key, 0)
    }

    fn get_merged(&self, text: &str, id: NodeId, key: &str, depth: usize) -> Option<NodeId> {
        let id = self.unalias(id);
        if let Some(found) = self.get_own(text, id, key) {
            return Some(found);
        }
        if self.merge_maps.is_empty() || depth >= MAX_MERGE_DEPTH || !self.merge_maps.contains(&id)
        {
            return None;
        }
        self.merge_sources(text, id)
            .into_iter()
            .find_map(|source| self.get_merged(text, source, key, depth + 1))
    }

    /// Whether the file's text says everything about its values: no YAML alias and no merge
    /// key, so two nodes written alike (and holding no `$ref`) are the same value.
    pub fn self_contained(&self) -> bool {
        !self.has_aliases && self.merge_maps.is_empty()
    }

    /// Whether a mapping uses YAML merge keys.
    pub fn has_merge(&self, id: NodeId) -> bool {
        self.merge_maps.contains(&self.unalias(id))
    }

    /// Whether a mapping holds some key more than once.
    pub fn has_duplicates(&self, id: NodeId) -> bool {
        self.dup_maps.contains(&self.unalias(id))
    }

    /// A mapping's entries less those a later entry of the same key overrides: the entries
    /// [`Tree::get`] can return (the last of equal keys wins), in document order. Merge keys
    /// (`<<`) are all kept: each names a mapping to merge.
    pub fn unique_entries(&self, text: &str, id: NodeId) -> Vec<Entry> {
        let entries = self.entries(self.unalias(id));
        if !self.dup_maps.contains(&self.unalias(id)) {
            return entries.to_vec();
        }
        let mut seen = std::collections::HashSet::new();
        let mut kept: Vec<Entry> = entries
            .iter()
            .rev()
            .filter(|e| is_merge_key(self, text, e.key) || seen.insert(self.key_text(text, e.key)))
            .copied()
            .collect();
        kept.reverse();
        kept
    }

    /// The mappings a `<<` entry merges in (`<<: *a` or `<<: [*a, *b]`), in priority order.
    fn merge_sources(&self, text: &str, id: NodeId) -> Vec<NodeId> {
        let mut sources = Vec::new();
        for e in self
            .entries(id)
            .iter()
            .filter(|e| is_merge_key(self, text, e.key))
        {
            let value = self.unalias(e.value);
            match self.kind(value) {
                NodeKind::Mapping => sources.push(value),
                NodeKind::Sequence => sources.extend(
                    self.items(value)
                        .iter()
                        .map(|&i| self.unalias(i))
                        .filter(|&i| self.kind(i) == NodeKind::Mapping),
                ),
                _ => {}
            }
        }
        sources
    }

    /// A mapping's entries with merge keys applied: its own entries (without the `<<` ones),
    /// then each merged entry whose key is not already present.
    pub fn merged_entries(&self, text: &str, id: NodeId) -> Vec<Entry> {
        let mut out = Vec::new();
        self.collect_merged(text, self.unalias(id), &mut out, 0);
        out
    }

    fn collect_merged(&self, text: &str, id: NodeId, out: &mut Vec<Entry>, depth: usize) {
        // Of a mapping's own duplicate keys the last wins, as in `get`.
        for e in self.unique_entries(text, id) {
            if is_merge_key(self, text, e.key) {
                continue;
            }
            let k = self.key_text(text, e.key);
            if !out.iter().any(|o| self.key_text(text, o.key) == k) {
                out.push(e);
            }
        }
        if depth < MAX_MERGE_DEPTH && self.merge_maps.contains(&id) {
            for source in self.merge_sources(text, id) {
                self.collect_merged(text, source, out, depth + 1);
            }
        }
    }

    /// Looks up `key` among a mapping's own entries.
    fn get_own(&self, text: &str, id: NodeId, key: &str) -> Option<NodeId> {
        let entries = self.entries(id);
        // Only large mappings are indexed; a small one is not worth the hash lookup.
        if let Some(sorted) = (entries.len() >= INDEXED_MAPPING)
            .then(|| self.key_index.get(&id))
            .flatten()
        {
            // Partition point of keys <= key, then step back to the last equal one.
            let pos =
                sorted.partition_point(|&i| self.key_text(text, entries[i as usize].key) <= key);
            let i = *sorted.get(pos.checked_sub(1)?)? as usize;
            return (self.key_text(text, entries[i].key) == key).then(|| entries[i].value);
        }
        entries
            .iter()
            .rev()
            .find(|e| self.key_is(text, e.key, key))
            .map(|e| e.value)
    }

    /// Whether a key node's text is `key`: `key_text(..) == key`, with a plain scalar key's
    /// length compared before its text is sliced, since most keys a scan passes differ in it.
    #[inline]
    fn key_is(&self, text: &str, key_node: NodeId, key: &str) -> bool {
        let node = &self.nodes[key_node.0 as usize];
        match node.kind {
            NodeKind::Scalar(_) if (node.b & !OWNED_TEXT) as usize != key.len() => false,
            NodeKind::Scalar(_) => self.text_of(text, node) == key,
            _ => self.key_text(text, key_node) == key,
        }
    }

    /// The RFC 6901 pointer of a node within its file (a key node gets its value's pointer).
    /// Every located finding and change builds one, so the tokens are gathered without
    /// copying them and the pointer is written into a string of its final size (unless a token
    /// needs escaping).
    pub fn pointer(&self, text: &str, id: NodeId) -> String {
        /// A reference token: a key's text, or an item's index.
        enum Token<'t> {
            Key(&'t str),
            Index(u32),
        }
        let mut tokens: Vec<Token<'_>> = Vec::with_capacity(16);
        let mut current = id;
        while let Some(parent) = self.parent(current) {
            let node = &self.nodes[current.0 as usize];
            match self.kind(parent) {
                NodeKind::Mapping => {
                    let entry =
                        self.entries[(self.nodes[parent.0 as usize].a + node.slot) as usize];
                    tokens.push(Token::Key(self.key_text(text, entry.key)));
                }
                NodeKind::Sequence => tokens.push(Token::Index(node.slot)),
                _ => {}
            }
            current = parent;
        }
        let len = tokens
            .iter()
            .map(|t| match t {
                Token::Key(key) => 1 + key.len(),
                Token::Index(_) => 11,
            })
            .sum();
        let mut out = String::with_capacity(len);
        for t in tokens.iter().rev() {
            out.push('/');
            match t {
                Token::Key(key) => super::pointer::escape_token(key, &mut out),
                Token::Index(index) => {
                    use std::fmt::Write;
                    let _ = write!(out, "{index}");
                }
            }
        }
        out
    }

    pub(crate) fn push(&mut self, data: NodeData) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(data);
        id
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> &mut NodeData {
        &mut self.nodes[id.0 as usize]
    }

    /// Records a scalar's text: as a source slice when `value` lies inside `source` (borrowed
    /// from it by the parser), otherwise copied into the tree's string store.
    pub(crate) fn scalar_text_ref(&mut self, source: &str, value: &str) -> (u32, u32) {
        let base = source.as_ptr() as usize;
        let ptr = value.as_ptr() as usize;
        if ptr >= base && ptr + value.len() <= base + source.len() {
            ((ptr - base) as u32, value.len() as u32)
        } else {
            let start = self.strings.len() as u32;
            self.strings.push_str(value);
            (start, value.len() as u32 | OWNED_TEXT)
        }
    }

    pub(crate) fn new_node(kind: NodeKind, span: Span) -> NodeData {
        NodeData {
            kind,
            is_key: false,
            span,
            parent: NO_PARENT,
            slot: 0,
            a: 0,
            b: 0,
        }
    }
}

/// A YAML merge key: a plain `<<` (a quoted `"<<"` is an ordinary key).
pub(crate) fn is_merge_key(tree: &Tree, text: &str, key: NodeId) -> bool {
    matches!(tree.kind(key), NodeKind::Scalar(ScalarKind::String))
        && text.get(tree.span(key).range()) == Some("<<")
}
