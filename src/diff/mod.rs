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
/// under a third of those found), and each is a walk up the tree and a string.
pub(crate) struct Found {
    pub(crate) change: Change,
    /// The nodes whose pointers `change.base` and `change.head` take, in base and in head.
    pointed: (Option<NodeRef>, Option<NodeRef>),
}

impl Found {
    /// `change` located at `base` and `head` (as [`anchor`] locates a node), but for the
    /// pointers.
    fn new(mut change: Change, base: Option<Node<'_>>, head: Option<Node<'_>>) -> Found {
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
        }
    }

    /// The change with its pointers written.
    fn located(self, base: &Workspace, head: &Workspace) -> Change {
        let Found {
            mut change,
            pointed,
        } = self;
        for (location, at, ws) in [
            (&mut change.base, pointed.0, base),
            (&mut change.head, pointed.1, head),
        ] {
            if let (Some(location), Some(at)) = (location, at) {
                location.pointer = ws.node(at).pointer();
            }
        }
        change
    }
}

impl std::borrow::Borrow<Change> for Found {
    fn borrow(&self) -> &Change {
        &self.change
    }
}

impl std::borrow::BorrowMut<Change> for Found {
    fn borrow_mut(&mut self) -> &mut Change {
        &mut self.change
    }
}

/// Collects changes for one operation (or the document, or one memoized schema pair).
pub(crate) struct Changes {
    pub(crate) out: Vec<Found>,
    operation: Option<String>,
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
        if let Some(operation) = &self.operation {
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
            operation: self.operation.clone(),
            affects: self.operation.iter().cloned().collect(),
            base: None,
            head: None,
        };
        self.out.push(Found::new(change, base, head));
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
    let paired: Vec<(&Operation<'_>, Option<&Operation<'_>>)> = base_ops
        .iter()
        .zip(&counterparts)
        .map(|(b, h)| (b, h.map(|i| &head_ops[i])))
        .collect();
    let mut head_paired = vec![false; head_ops.len()];
    for &i in counterparts.iter().flatten() {
        head_paired[i] = true;
    }
    let runs = threads.min(base_ops.len() / OPERATIONS_PER_THREAD).max(1);
    let run_length = base_ops.len().div_ceil(runs).max(1);
    let chunks: Vec<&[(&Operation<'_>, Option<&Operation<'_>>)]> =
        paired.chunks(run_length).collect();
    let compare_run = |index: usize| {
        let mut changes = Changes::sink(Default::default(), options.sunset);
        if index == 0 {
            let idempotency = &options.idempotency;
            idempotency::document(base, head, idempotency, &mut changes);
            security::schemes(base, head, &mut changes);
            lifecycle::webhooks(base, head, &mut changes);
        }
        for &(b, h) in chunks.get(index).copied().unwrap_or_default() {
            changes.operation = Some(b.label());
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
            .collect::<Vec<Change>>()
    };
    let mut found: Vec<Change> = std::thread::scope(|scope| {
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
    let added: Vec<&Operation<'_>> = head_ops
        .iter()
        .zip(&head_paired)
        .filter(|(_, paired)| !**paired)
        .map(|(h, _)| h)
        .collect();
    for h in &added {
        let label = h.label();
        found.push(Change {
            id: checks::OPERATION_ADDED.id,
            level: checks::OPERATION_ADDED.level,
            message: format!("{label} was added"),
            operation: Some(label.clone()),
            affects: vec![label],
            base: None,
            head: Some(anchor(h.method_key)),
        });
    }
    // Operations marked draft or alpha in base: free to change.
    let unstable: FastMap<String, &str> = base_ops
        .iter()
        .filter_map(|op| Some((op.label(), lifecycle::unstable(op)?)))
        .collect();
    // Document order: base operations, then those only head has.
    let order: FastMap<String, usize> = base_ops
        .iter()
        .chain(added.iter().copied())
        .enumerate()
        .map(|(i, op)| (op.label(), i))
        .collect();
    let mut grouped = name_shared(merge_shared(found), &order);
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
fn exempt_unstable(change: &mut Change, unstable: &FastMap<String, &str>) {
    if change.level == Level::Info || change.affects.is_empty() {
        return;
    }
    let levels: Option<Vec<&str>> = change
        .affects
        .iter()
        .map(|op| unstable.get(op).copied())
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
/// every operation it was met through (in the order met; see [`name_shared`]). Merging runs
/// that were merged already gives what merging them whole would, so each run's thread merges
/// its own changes first.
fn merge_shared<T: std::borrow::BorrowMut<Change>>(changes: Vec<T>) -> Vec<T> {
    type Place = Option<(crate::source::SourceId, u32)>;
    let place = |l: &Option<crate::finding::Location>| -> Place {
        l.as_ref().map(|l| (l.source, l.span.start))
    };
    let mut out: Vec<T> = Vec::with_capacity(changes.len());
    // The operations of the copies met after a kept change, by its index in `out`.
    let mut later: FastMap<usize, Vec<Vec<String>>> = FastMap::default();
    let mut index: FastMap<(&'static str, Place, Place), usize> = FastMap::default();
    index.reserve(changes.len());
    for mut met in changes {
        let c = met.borrow_mut();
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
                .push(std::mem::take(&mut c.affects)),
            None => {
                index.insert(key, out.len());
                out.push(met);
            }
        }
    }
    for (i, lists) in later {
        add_operations(&mut out[i].borrow_mut().affects, lists);
    }
    out
}

/// Appends to `affects` each operation of the `later` lists it does not name yet, in the
/// order met. Which to add is decided on borrowed names first, so none is copied.
fn add_operations(affects: &mut Vec<String>, later: Vec<Vec<String>>) {
    let added: Vec<Vec<bool>> = {
        let mut seen: FastSet<&str> = affects.iter().map(String::as_str).collect();
        later
            .iter()
            .map(|ops| ops.iter().map(|op| seen.insert(op.as_str())).collect())
            .collect()
    };
    for (ops, added) in later.into_iter().zip(added) {
        affects.extend(
            ops.into_iter()
                .zip(added)
                .filter_map(|(op, added)| added.then_some(op)),
        );
    }
}

/// The merged changes with the operations each names in document order (`order`: each
/// operation's rank). A per-operation change met through several operations says which in
/// its message, and its `operation` is then empty, so its fingerprint does not depend on
/// which operation came first.
fn name_shared(mut changes: Vec<Change>, order: &FastMap<String, usize>) -> Vec<Change> {
    for c in &mut changes {
        // One rank lookup per operation, not two per comparison.
        c.affects
            .sort_by_cached_key(|op| order.get(op).copied().unwrap_or(usize::MAX));
        // Per-operation changes met through several operations name them; document-level
        // ones said so when they were made.
        if c.operation.is_some() && c.affects.len() > 1 {
            c.message = format!("{} ({})", c.message, affects_text(&c.affects));
            c.operation = None;
        }
    }
    changes
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
