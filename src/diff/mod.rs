//! Diff: every change between a base and a head spec that can break existing clients, each
//! with a stable id, a level and its location on each side (see DIFF-CHECKS.md).
//!
//! Operations are matched by normalized path template and method, parameters by (`in`, name)
//! with path-level inheritance (header names case-insensitive; path parameters by their place
//! in the template), responses by status code, media types and headers by name. Values are
//! compared after `$ref` resolution, so moving an inline schema to `components` or splitting a
//! file changes nothing. Every kind of change is declared once in [`checks`].

mod bodies;
mod change;
pub mod checks;
mod idempotency;
mod lifecycle;
mod parameters;
mod schema;
mod security;
mod settings;

pub use change::{Change, Level};
pub use checks::{CHECKS, Check};
pub use lifecycle::SunsetPolicy;
pub use settings::{DiffSettings, Outcome};

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::finding::Location;
use crate::lint::engine::{anchor, anchor_span};
use crate::resolve::{Node, NodeRef, Workspace};
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Document, Operation};
use crate::syntax::fast_hash::{FastMap, FastSet};

/// A change as comparison finds it, its locations' pointers not yet written: only the changes
/// left once those met through several operations are grouped get them (on the github pair,
/// under a third of those found), and each is a walk up the tree and a string. The operations
/// it concerns are ranks in [`OperationNames`] until then, for the same reason: the github
/// pair meets its changes through about 50,000 operations, and naming each was a string.
pub(crate) struct Found {
    /// The change, its `operation` and `affects` not yet filled in.
    pub(crate) change: Change,
    /// The nodes whose pointers `change.base` and `change.head` take, in base and in head
    /// (`None` once written, or where the location was written whole).
    pointed: (Option<NodeRef>, Option<NodeRef>),
    /// The operation the change was met through, when one was.
    pub(crate) operation: Option<Rank>,
    /// Every operation it concerns, in the order met.
    pub(crate) affects: Vec<Rank>,
}

impl Found {
    /// `change` located at `base` and `head` (as [`anchor`] locates a node), but for the
    /// pointers, met through `operation`.
    fn new(
        mut change: Change,
        base: Option<Node<'_>>,
        head: Option<Node<'_>>,
        operation: Option<Rank>,
    ) -> Found {
        let unwritten = |node: Node<'_>| Location {
            source: node.at.source,
            span: anchor_span(node),
            pointer: String::new(),
        };
        change.base = base.map(unwritten);
        change.head = head.map(unwritten);
        Found {
            change,
            pointed: (base.map(|n| n.at), head.map(|n| n.at)),
            operation,
            affects: operation.into_iter().collect(),
        }
    }

    /// The change with its pointers written.
    fn located(mut self, base: &Workspace, head: &Workspace) -> Found {
        let change = &mut self.change;
        for (location, at, ws) in [
            (&mut change.base, self.pointed.0.take(), base),
            (&mut change.head, self.pointed.1.take(), head),
        ] {
            if let (Some(location), Some(at)) = (location, at) {
                location.pointer = ws.node(at).pointer();
            }
        }
        self
    }

    /// The change as reported: the operations it concerns named, in document order; a
    /// per-operation change met through several operations says which in its message, and
    /// its `operation` is then empty, so that its fingerprint does not depend on which
    /// operation came first.
    fn named(self, names: &OperationNames) -> Change {
        let Found {
            mut change,
            operation,
            mut affects,
            ..
        } = self;
        // Ranks are document order.
        affects.sort_unstable();
        change.affects = affects
            .iter()
            .map(|&r| names.label(r).to_string())
            .collect();
        change.operation = operation.map(|r| names.label(r).to_string());
        // Per-operation changes met through several operations name them; document-level
        // ones said so when they were made.
        if change.operation.is_some() && change.affects.len() > 1 {
            change.message = format!("{} ({})", change.message, affects_text(&change.affects));
            change.operation = None;
        }
        change
    }
}

/// An operation's place in [`OperationNames`].
pub(crate) type Rank = u32;

/// The operations a diff can name, each once, ranked in document order: base operations, then
/// those only head has, then any other label a head operation goes by (a path parameter
/// renamed) that a document-level change names.
pub(crate) struct OperationNames {
    labels: Vec<String>,
    ranks: FastMap<String, Rank>,
}

impl OperationNames {
    fn new() -> OperationNames {
        OperationNames {
            labels: Vec::new(),
            ranks: FastMap::default(),
        }
    }

    /// The rank of `label`, ranked next if it has none yet.
    fn add(&mut self, label: String) -> Rank {
        if let Some(&rank) = self.ranks.get(&label) {
            return rank;
        }
        let rank = self.labels.len() as Rank;
        self.ranks.insert(label.clone(), rank);
        self.labels.push(label);
        rank
    }

    /// The rank of `label`: every label an operation of either document goes by has one.
    pub(crate) fn rank(&self, label: &str) -> Option<Rank> {
        self.ranks.get(label).copied()
    }

    fn label(&self, rank: Rank) -> &str {
        &self.labels[rank as usize]
    }
}

/// Collects changes for one operation (or the document, or one memoized schema pair).
pub(crate) struct Changes {
    pub(crate) out: Vec<Found>,
    /// The operation being compared, if any.
    operation: Option<Rank>,
    /// The memoized schema pairs the current operation (or pair) referred to: their changes
    /// are read off when the operation is done.
    pub(crate) reached: Vec<schema::EntryId>,
    pub(crate) graph: Rc<RefCell<schema::Graph>>,
    /// How much notice a deprecation must give, for the lifecycle checks met anywhere.
    pub(crate) sunset: SunsetPolicy,
}

impl Changes {
    /// A collector for one memoized schema pair, sharing the diff's memo.
    pub(crate) fn sink(graph: Rc<RefCell<schema::Graph>>, sunset: SunsetPolicy) -> Changes {
        Changes {
            out: Vec::new(),
            operation: None,
            reached: Vec::new(),
            graph,
            sunset,
        }
    }

    /// Emits the changes of the schema pairs the current operation reached.
    fn flush_schemas(&mut self) {
        let reached = std::mem::take(&mut self.reached);
        if let Some(operation) = self.operation {
            self.graph
                .borrow_mut()
                .emit(&reached, operation, &mut self.out);
        }
    }

    pub(crate) fn push(
        &mut self,
        check: &'static Check,
        message: String,
        base: Option<Node<'_>>,
        head: Option<Node<'_>>,
    ) {
        let change = Change {
            id: check.id,
            level: check.level,
            message,
            operation: None,
            affects: Vec::new(),
            base: None,
            head: None,
        };
        self.out
            .push(Found::new(change, base, head, self.operation));
    }
}

/// `/users/{id}` and `/users/{userId}` are the same path.
pub fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// What the diff is told beyond the two documents.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The idempotency contract the idempotency-aware checks compare (as lint reads it).
    pub idempotency: IdempotencyOptions,
    /// The notice a new deprecation must give (oasdiff's `--deprecation-days-*`).
    pub sunset: SunsetPolicy,
}

/// Every change from `base` to `head` under the default options but for the idempotency
/// contract.
pub fn diff(base: Document<'_>, head: Document<'_>, options: &IdempotencyOptions) -> Vec<Change> {
    diff_with(
        base,
        head,
        &DiffOptions {
            idempotency: options.clone(),
            ..Default::default()
        },
    )
}

/// Every change from `base` to `head`, in a deterministic order (base document order, then
/// additions in head order). Operations are compared on as many threads as the machine has
/// (see [`diff_on_threads`]); the result does not depend on how many.
pub fn diff_with(base: Document<'_>, head: Document<'_>, options: &DiffOptions) -> Vec<Change> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    diff_on_threads(base, head, options, threads)
}

/// Stack for each diff thread: virtual memory, only touched as deep as comparison goes.
/// Schema comparison recurses once per nesting level (up to the limits in `schema`); threads
/// of its own give it a stack that deep nesting cannot exhaust, whatever thread (a test's
/// 2 MiB one) calls.
const DIFF_STACK: usize = 512 << 20;

/// Fewer operations than this per thread are not worth another thread.
const OPERATIONS_PER_THREAD: usize = 128;

/// [`diff_with`] on at most `threads` threads. The base operations are split into contiguous
/// runs, each compared with a memo of its own; their changes are joined in order and grouped,
/// so that a shared change met in several runs is one change naming every operation, exactly
/// as one thread would report it.
pub fn diff_on_threads(
    base: Document<'_>,
    head: Document<'_>,
    options: &DiffOptions,
    threads: usize,
) -> Vec<Change> {
    let head_ops = head.operations();
    let base_ops = base.operations();
    let counterparts = pair_operations(&base_ops, &head_ops);
    let paired: Vec<(usize, &Operation<'_>, Option<&Operation<'_>>)> = base_ops
        .iter()
        .zip(&counterparts)
        .enumerate()
        .map(|(i, (b, h))| (i, b, h.map(|i| &head_ops[i])))
        .collect();
    let mut head_paired = vec![false; head_ops.len()];
    for &i in counterparts.iter().flatten() {
        head_paired[i] = true;
    }
    let added: Vec<&Operation<'_>> = head_ops
        .iter()
        .zip(&head_paired)
        .filter(|(_, paired)| !**paired)
        .map(|(h, _)| h)
        .collect();
    let mut names = OperationNames::new();
    let base_ranks: Vec<Rank> = base_ops.iter().map(|b| names.add(b.label())).collect();
    let added_ranks: Vec<Rank> = added.iter().map(|h| names.add(h.label())).collect();
    // The labels paired head operations go by, for document-level changes that name them.
    for (h, _) in head_ops
        .iter()
        .zip(&head_paired)
        .filter(|(_, paired)| **paired)
    {
        names.add(h.label());
    }
    let runs = threads.min(base_ops.len() / OPERATIONS_PER_THREAD).max(1);
    let run_length = base_ops.len().div_ceil(runs).max(1);
    let chunks: Vec<&[(usize, &Operation<'_>, Option<&Operation<'_>>)]> =
        paired.chunks(run_length).collect();
    let compare_run = |index: usize| {
        let mut changes = Changes::sink(Default::default(), options.sunset);
        if index == 0 {
            let idempotency = &options.idempotency;
            idempotency::document(base, head, idempotency, &names, &mut changes);
            security::schemes(base, head, &mut changes);
            lifecycle::webhooks(base, head, &mut changes);
        }
        for &(i, b, h) in chunks.get(index).copied().unwrap_or_default() {
            changes.operation = Some(base_ranks[i]);
            match h {
                None => {
                    let (check, message) = lifecycle::operation_removed(b);
                    changes.push(check, message, Some(b.method_key), None);
                }
                Some(h) => operation(b, h, &options.idempotency, &mut changes),
            }
            changes.flush_schemas();
        }
        // Changes met again in this run are grouped on its thread, and only those left get
        // their pointers written; grouping the runs' changes again gives what one run would.
        merge_shared(changes.out)
            .into_iter()
            .map(|found| found.located(base.ws, head.ws))
            .collect::<Vec<Found>>()
    };
    let mut found: Vec<Found> = std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..chunks.len().max(1))
            .map(|index| {
                let compare_run = &compare_run;
                let worker = std::thread::Builder::new()
                    .name("specguard-diff".into())
                    .stack_size(DIFF_STACK)
                    .spawn_scoped(scope, move || compare_run(index));
                (index, worker)
            })
            .collect();
        spawned
            .into_iter()
            .flat_map(|(index, worker)| match worker {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => compare_run(index),
            })
            .collect()
    });
    for (h, &rank) in added.iter().zip(&added_ranks) {
        found.push(Found {
            change: Change {
                id: checks::OPERATION_ADDED.id,
                level: checks::OPERATION_ADDED.level,
                message: format!("{} was added", names.label(rank)),
                operation: None,
                affects: Vec::new(),
                base: None,
                head: Some(anchor(h.method_key)),
            },
            pointed: (None, None),
            operation: Some(rank),
            affects: vec![rank],
        });
    }
    // Operations marked draft or alpha in base: free to change.
    let unstable: FastMap<&str, &str> = base_ops
        .iter()
        .zip(&base_ranks)
        .filter_map(|(op, &rank)| Some((names.label(rank), lifecycle::unstable(op)?)))
        .collect();
    let mut grouped: Vec<Change> = merge_shared(found)
        .into_iter()
        .map(|found| found.named(&names))
        .collect();
    for c in &mut grouped {
        exempt_unstable(c, &unstable);
    }
    grouped
}

/// Operations are the same when their path template and method are: `(normalized path,
/// lowercase method)`.
fn operation_key(op: &Operation<'_>) -> (String, String) {
    (normalize_path(op.path), op.method.to_ascii_lowercase())
}

/// Each base operation's counterpart among the head operations (an index), if any: the one
/// with the same path as written and method first, then, among those left, the one with the
/// same template (`/users/{id}` and `/users/{userId}`), in document order. A document may hold
/// two paths that normalize alike (OpenAPI forbids it, but it gets written, and `/a/{b` is
/// `/a/{}` too): each then keeps its own counterpart, so a document matches itself.
fn pair_operations<'w>(base: &[Operation<'w>], head: &[Operation<'w>]) -> Vec<Option<usize>> {
    let written = |op: &Operation<'w>| (op.path, op.method.to_ascii_lowercase());
    let mut by_written: HashMap<_, usize> = HashMap::new();
    for (i, h) in head.iter().enumerate() {
        by_written.entry(written(h)).or_insert(i);
    }
    let mut taken = vec![false; head.len()];
    let mut pairs: Vec<Option<usize>> = Vec::with_capacity(base.len());
    for b in base {
        let pair = by_written.get(&written(b)).copied().filter(|&i| !taken[i]);
        if let Some(i) = pair {
            taken[i] = true;
        }
        pairs.push(pair);
    }
    let mut by_template: HashMap<_, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, h) in head.iter().enumerate().filter(|&(i, _)| !taken[i]) {
        by_template
            .entry(operation_key(h))
            .or_default()
            .push_back(i);
    }
    for (b, pair) in base.iter().zip(pairs.iter_mut()) {
        if pair.is_none() {
            *pair = by_template
                .get_mut(&operation_key(b))
                .and_then(|left| left.pop_front());
        }
    }
    pairs
}

/// A change that only concerns operations marked draft or alpha is reported as info: they
/// are not held to compatibility yet.
fn exempt_unstable(change: &mut Change, unstable: &FastMap<&str, &str>) {
    if change.level == Level::Info || change.affects.is_empty() {
        return;
    }
    let levels: Option<Vec<&str>> = change
        .affects
        .iter()
        .map(|op| unstable.get(op.as_str()).copied())
        .collect();
    if let Some(mut levels) = levels {
        levels.sort_unstable();
        levels.dedup();
        change.message = format!(
            "{} (not breaking: x-stability-level {})",
            change.message,
            levels.join("/")
        );
        change.level = Level::Info;
    }
}

/// A change met through several operations at the same place (a shared component) is one
/// change, where it is written: the first met, its base location and message kept, naming
/// every operation it was met through (in the order met; see [`Found::named`]). Merging runs
/// that were merged already gives what merging them whole would, so each run's thread merges
/// its own changes first.
fn merge_shared(changes: Vec<Found>) -> Vec<Found> {
    type Place = Option<(crate::source::SourceId, u32)>;
    let place = |l: &Option<crate::finding::Location>| -> Place {
        l.as_ref().map(|l| (l.source, l.span.start))
    };
    let mut out: Vec<Found> = Vec::with_capacity(changes.len());
    // The operations of the copies met after a kept change, by its index in `out`.
    let mut later: FastMap<usize, Vec<Vec<Rank>>> = FastMap::default();
    let mut index: FastMap<(&'static str, Place, Place), usize> = FastMap::default();
    index.reserve(changes.len());
    for mut met in changes {
        let c = &met.change;
        // Where the change is written: in head when it is still there (several base copies
        // of an inlined schema that head replaced by one component are one change there),
        // else in base. The first message met is kept (others differ only in the context
        // they were reached from).
        let key = match place(&c.head) {
            Some(head) => (c.id, None, Some(head)),
            None => (c.id, place(&c.base), None),
        };
        match index.get(&key) {
            Some(&i) => later
                .entry(i)
                .or_default()
                .push(std::mem::take(&mut met.affects)),
            None => {
                index.insert(key, out.len());
                out.push(met);
            }
        }
    }
    for (i, lists) in later {
        add_operations(&mut out[i].affects, lists);
    }
    out
}

/// Appends to `affects` each operation of the `later` lists it does not name yet, in the
/// order met.
fn add_operations(affects: &mut Vec<Rank>, later: Vec<Vec<Rank>>) {
    let mut seen: FastSet<Rank> = affects.iter().copied().collect();
    for ops in later {
        affects.extend(ops.into_iter().filter(|&op| seen.insert(op)));
    }
}

/// "affects GET /a, POST /b", naming at most [`NAMED_OPERATIONS`] (the full list is in
/// [`Change::affects`]).
pub(crate) fn affects_text(ops: &[String]) -> String {
    if ops.len() <= NAMED_OPERATIONS {
        format!("affects {}", ops.join(", "))
    } else {
        format!(
            "affects {} operations: {} and {} more",
            ops.len(),
            ops[..NAMED_OPERATIONS].join(", "),
            ops.len() - NAMED_OPERATIONS
        )
    }
}

/// How many operations a message names before it says "and N more".
const NAMED_OPERATIONS: usize = 5;

fn operation(
    b: &Operation<'_>,
    h: &Operation<'_>,
    options: &IdempotencyOptions,
    changes: &mut Changes,
) {
    lifecycle::operation(b, h, changes);
    let op_id = |op: &Operation<'_>| {
        op.node
            .get("operationId")
            .and_then(|n| n.as_str().map(str::to_string))
    };
    if let (Some(bi), Some(hi)) = (op_id(b), op_id(h)) {
        if bi != hi {
            changes.push(
                &checks::OPERATION_ID_CHANGED,
                format!(
                    "operationId changed from '{bi}' to '{hi}': generated clients rename the method"
                ),
                b.node.get("operationId"),
                h.node.get("operationId"),
            );
        }
    }
    // The idempotency-aware checks take over the key, the 409 and the 422 of operations that
    // take part in the contract: a method in scope with the key declared on either side.
    let facts = options.in_scope(b.method).then(|| {
        use crate::rules::idempotency::facts::OperationFacts;
        (
            OperationFacts::new(b.clone(), options),
            OperationFacts::new(h.clone(), options),
        )
    });
    let facts = facts.filter(|(bf, hf)| bf.key.is_some() || hf.key.is_some());
    let in_scope = facts.is_some();
    parameters::compare(b, h, options, in_scope, changes);
    bodies::request_body(b, h, changes);
    bodies::responses(b, h, options, in_scope, changes);
    security::operation(b, h, changes);
    if let Some((bf, hf)) = &facts {
        idempotency::operation(b, h, bf, hf, options, changes);
    }
}
