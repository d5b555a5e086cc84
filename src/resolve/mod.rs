//! Resolve: one entry spec and every file it reaches through `$ref`, parsed once, with each
//! `$ref` resolved to the node it names (chains followed, pure cycles found).
//!
//! The [`Workspace`] owns the files; [`Node`] is a cheap handle (workspace, file, node) that
//! views and rules navigate with. `$ref` is never substituted: a view asks [`Node::deref`]
//! and gets the target together with the refs it went through, so a finding can name both the
//! place a value is written and the place it is used.

mod load;
mod paths;
mod reference;
mod targets;

pub use load::{
    DEFAULT_MAX_FILES, DEFAULT_MAX_REF_CHAIN, LoadError, LoadOptions, Loader, SpecInput,
};
pub use paths::{find_git_root, normalize};
pub use reference::{RefForm, RefTarget, parse_ref};

use crate::finding::{Finding, Location, Span};
use crate::source::{Source, SourceId};
use crate::syntax::{NodeId, NodeKind, ScalarKind, Tree};

/// Rule ids of the findings this stage produces.
pub mod rules {
    /// A `$ref` whose file or pointer target does not exist or cannot be read.
    pub const REF_UNRESOLVED: &str = "ref-unresolved";
    /// A `$ref` that leaves the project root (directly or through a symlink).
    pub const REF_OUTSIDE_ROOT: &str = "ref-outside-root";
    /// A `$ref` to an `http(s)://` URL: not fetched.
    pub const REF_REMOTE: &str = "ref-remote";
    /// A `$ref` that is not a valid reference (not a string, bad pointer, other URL scheme).
    pub const REF_INVALID: &str = "ref-invalid";
    /// `$ref`s that only point at each other and never reach a value.
    pub const REF_CYCLE: &str = "ref-cycle";
    /// A configured resource limit was reached (files per spec, ref chain length).
    pub const LIMIT_EXCEEDED: &str = "limit-exceeded";
}

/// A node in a specific file of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef {
    pub source: SourceId,
    pub node: NodeId,
}

/// One parsed file of the workspace.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: Source,
    pub tree: Tree,
}

/// One `$ref` occurrence.
#[derive(Debug, Clone)]
pub struct Ref {
    /// The mapping that holds the `$ref` key.
    pub holder: NodeRef,
    /// The `$ref` value (a string scalar).
    pub site: NodeRef,
    /// The node the ref names directly (one hop), when it resolves.
    pub target: Option<NodeRef>,
    /// Where its chain of refs ends (`target` itself when that is not a ref), unless the chain
    /// is broken or cyclic.
    pub resolved: Option<NodeRef>,
}

/// An entry spec and its `$ref` closure.
pub struct Workspace {
    files: Vec<LoadedFile>,
    refs: Vec<Ref>,
    /// Ref index by holder mapping.
    ref_by_holder: crate::syntax::fast_hash::FastMap<NodeRef, u32>,
    findings: Vec<Finding>,
    /// `--max-ref-chain`: walks along a chain of refs stop after this many.
    max_ref_chain: usize,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("entry", &self.entry().source.name)
            .field("files", &self.files.len())
            .field("refs", &self.refs.len())
            .field("findings", &self.findings.len())
            .finish()
    }
}

impl Workspace {
    /// The entry document's file.
    pub fn entry(&self) -> &LoadedFile {
        &self.files[0]
    }

    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    pub fn file(&self, id: SourceId) -> &LoadedFile {
        &self.files[id.0 as usize]
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.files[id.0 as usize].source
    }

    /// Every `$ref` found, in load order.
    pub fn refs(&self) -> &[Ref] {
        &self.refs
    }

    /// Findings of loading: syntax problems in any file and every ref problem.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The entry document's root node, when it has one.
    pub fn root(&self) -> Option<Node<'_>> {
        let file = self.entry();
        file.tree.root().map(|node| {
            self.node(NodeRef {
                source: file.source.id,
                node,
            })
        })
    }

    pub fn node(&self, at: NodeRef) -> Node<'_> {
        Node { ws: self, at }
    }

    /// The ref held by this mapping, if any.
    pub fn ref_of(&self, holder: NodeRef) -> Option<&Ref> {
        self.ref_by_holder
            .get(&holder)
            .map(|&i| &self.refs[i as usize])
    }

    /// A location for a span in a file, with the pointer of the node that contains it.
    pub fn location(&self, at: NodeRef) -> Location {
        let file = self.file(at.source);
        Location {
            source: at.source,
            span: file.tree.span(at.node),
            pointer: file.tree.pointer(&file.source.text, at.node),
        }
    }
}

/// A node handle: navigation without `$ref` substitution.
#[derive(Clone, Copy)]
pub struct Node<'w> {
    ws: &'w Workspace,
    pub at: NodeRef,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Node({}#{})", self.file().source.name, self.pointer())
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.ws, other.ws) && self.at == other.at
    }
}

impl Eq for Node<'_> {}

/// The result of following `$ref`s: the node reached and the ref holders passed on the way.
#[derive(Debug, Clone)]
pub struct Deref<'w> {
    pub node: Node<'w>,
    /// The mappings holding each `$ref` followed, outermost first (empty when the node was
    /// not a ref).
    pub via: Vec<NodeRef>,
}

impl<'w> Node<'w> {
    pub fn workspace(&self) -> &'w Workspace {
        self.ws
    }

    pub fn file(&self) -> &'w LoadedFile {
        self.ws.file(self.at.source)
    }

    fn tree(&self) -> &'w Tree {
        &self.file().tree
    }

    fn text(&self) -> &'w str {
        &self.file().source.text
    }

    fn with(&self, node: NodeId) -> Node<'w> {
        Node {
            ws: self.ws,
            at: NodeRef {
                source: self.at.source,
                node,
            },
        }
    }

    /// The node with a YAML alias followed.
    fn unaliased(&self) -> Node<'w> {
        self.with(self.tree().unalias(self.at.node))
    }

    pub fn kind(&self) -> NodeKind {
        self.tree().kind(self.tree().unalias(self.at.node))
    }

    pub fn is_mapping(&self) -> bool {
        self.kind() == NodeKind::Mapping
    }

    pub fn is_sequence(&self) -> bool {
        self.kind() == NodeKind::Sequence
    }

    /// The scalar's text, whatever its kind (`200`, `true`, `3.1.0`).
    pub fn scalar(&self) -> Option<&'w str> {
        let n = self.unaliased();
        n.tree().scalar(n.text(), n.at.node)
    }

    /// The text of a string scalar (not of a number or boolean).
    pub fn as_str(&self) -> Option<&'w str> {
        match self.kind() {
            NodeKind::Scalar(ScalarKind::String) => self.scalar(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match (self.kind(), self.scalar()?) {
            (NodeKind::Scalar(ScalarKind::Bool), v) => Some(v.eq_ignore_ascii_case("true")),
            _ => None,
        }
    }

    /// Byte span of the value as written (an alias's span is the `*name`).
    pub fn span(&self) -> Span {
        self.tree().span(self.at.node)
    }

    /// The key this value is written under, as a node.
    pub fn key(&self) -> Option<Node<'w>> {
        self.tree().key_of(self.at.node).map(|k| self.with(k))
    }

    /// The key's text, for a value in a mapping.
    pub fn key_text(&self) -> Option<&'w str> {
        let key = self.tree().key_of(self.at.node)?;
        Some(self.tree().key_text(self.text(), key))
    }

    /// The parent node (a mapping or sequence), if any.
    pub fn parent(&self) -> Option<Node<'w>> {
        self.tree().parent(self.at.node).map(|p| self.with(p))
    }

    /// Looks up a key in a mapping (aliases followed, `$ref` not followed).
    pub fn get(&self, key: &str) -> Option<Node<'w>> {
        self.tree()
            .get(self.text(), self.at.node, key)
            .map(|n| self.with(n))
    }

    /// The entries of a mapping, YAML merge keys applied and entries overridden by a later
    /// duplicate key left out, so that they are what `get` sees (without a copy when there
    /// are neither).
    fn raw_entries(&self) -> std::borrow::Cow<'w, [crate::syntax::Entry]> {
        let n = self.unaliased();
        let tree = n.tree();
        if tree.has_merge(n.at.node) {
            std::borrow::Cow::Owned(tree.merged_entries(n.text(), n.at.node))
        } else if tree.has_duplicates(n.at.node) {
            std::borrow::Cow::Owned(tree.unique_entries(n.text(), n.at.node))
        } else {
            std::borrow::Cow::Borrowed(tree.entries(n.at.node))
        }
    }

    /// `(key, value)` pairs of a mapping, in document order (merged entries after own ones; of
    /// a key written twice, only the later entry, as `get` reads it).
    pub fn entries(&self) -> impl Iterator<Item = (Node<'w>, Node<'w>)> + 'w {
        let n = self.unaliased();
        let entries = self.raw_entries();
        (0..entries.len()).map(move |i| (n.with(entries[i].key), n.with(entries[i].value)))
    }

    /// `(key text, value)` pairs of a mapping.
    pub fn members(&self) -> impl Iterator<Item = (&'w str, Node<'w>)> + 'w {
        let n = self.unaliased();
        let (tree, text) = (n.tree(), n.text());
        let entries = self.raw_entries();
        (0..entries.len()).map(move |i| {
            (
                tree.key_text(text, entries[i].key),
                n.with(entries[i].value),
            )
        })
    }

    /// Items of a sequence.
    pub fn items(&self) -> impl Iterator<Item = Node<'w>> + 'w {
        let n = self.unaliased();
        n.tree().items(n.at.node).iter().map(move |&i| n.with(i))
    }

    /// RFC 6901 pointer of this node within its file.
    pub fn pointer(&self) -> String {
        self.tree().pointer(self.text(), self.at.node)
    }

    /// Where the value is written.
    pub fn location(&self) -> Location {
        Location {
            source: self.at.source,
            span: self.span(),
            pointer: self.pointer(),
        }
    }

    /// Where the key of this value is written (the value itself for a sequence item or root).
    pub fn key_location(&self) -> Location {
        match self.key() {
            Some(k) => Location {
                source: self.at.source,
                span: k.span(),
                pointer: self.pointer(),
            },
            None => self.location(),
        }
    }

    /// The ref this mapping holds, if it is a `$ref` object.
    pub fn as_ref(&self) -> Option<&'w Ref> {
        self.ws.ref_of(self.unaliased().at)
    }

    /// Follows `$ref`s (and aliases) to the node they name. A broken or cyclic ref stops at
    /// the last mapping reached, which still holds the `$ref`; the finding about it was
    /// reported at load time.
    pub fn deref(&self) -> Deref<'w> {
        let start = self.unaliased();
        match start.as_ref() {
            None => Deref {
                node: start,
                via: Vec::new(),
            },
            Some(r) => {
                let node = r.resolved.map_or(start, |t| self.ws.node(t).unaliased());
                Deref {
                    node,
                    via: targets::chain(self.ws, start.at),
                }
            }
        }
    }

    /// `deref().node`, without collecting the refs passed on the way.
    pub fn resolve(&self) -> Node<'w> {
        let start = self.unaliased();
        match start.as_ref() {
            None => start,
            Some(r) => r.resolved.map_or(start, |t| self.ws.node(t).unaliased()),
        }
    }

    /// Looks up a key after following refs on this node: `op.get_resolved("responses")`.
    pub fn get_resolved(&self, key: &str) -> Option<Node<'w>> {
        self.resolve().get(key)
    }
}
