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
pub use settings::{DiffSettings, Outcome};

use std::collections::{HashMap, HashSet};

use crate::lint::engine::anchor;
use crate::resolve::Node;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Document, Operation};

/// Collects changes for one operation (or the document).
pub(crate) struct Changes {
    pub(crate) out: Vec<Change>,
    operation: Option<String>,
}

impl Changes {
    pub(crate) fn push(
        &mut self,
        check: &'static Check,
        message: String,
        base: Option<Node<'_>>,
        head: Option<Node<'_>>,
    ) {
        self.out.push(Change {
            id: check.id,
            level: check.level,
            message,
            operation: self.operation.clone(),
            affects: self.operation.iter().cloned().collect(),
            base: base.map(anchor),
            head: head.map(anchor),
        });
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

/// Every change from `base` to `head`, in a deterministic order (base document order, then
/// additions in head order).
pub fn diff(base: Document<'_>, head: Document<'_>, options: &IdempotencyOptions) -> Vec<Change> {
    let mut changes = Changes {
        out: Vec::new(),
        operation: None,
    };
    idempotency::document(base, head, options, &mut changes);
    security::schemes(base, head, &mut changes);
    lifecycle::webhooks(base, head, &mut changes);
    let key = |op: &Operation<'_>| (normalize_path(op.path), op.method.to_ascii_lowercase());
    let head_ops = head.operations();
    let head_by_key: HashMap<_, _> = head_ops.iter().map(|op| (key(op), op)).collect();
    let base_ops = base.operations();
    let base_keys: HashSet<_> = base_ops.iter().map(key).collect();
    for b in &base_ops {
        changes.operation = Some(b.label());
        match head_by_key.get(&key(b)) {
            None => {
                let (check, message) = lifecycle::operation_removed(b);
                changes.push(check, message, Some(b.method_key), None);
            }
            Some(h) => operation(b, h, options, &mut changes),
        }
    }
    for h in &head_ops {
        if !base_keys.contains(&key(h)) {
            changes.operation = Some(h.label());
            changes.push(
                &checks::OPERATION_ADDED,
                format!("{} was added", h.label()),
                None,
                Some(h.method_key),
            );
        }
    }
    group_shared(changes.out)
}

/// A change met through several operations at the same place (a shared component) is one
/// change, where it is written, naming the operations; its `operation` is then empty, so its
/// fingerprint does not depend on which operation came first.
fn group_shared(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<(Change, Vec<String>)> = Vec::new();
    let mut index: HashMap<(&'static str, String, String), usize> = HashMap::new();
    for c in changes {
        let at = |l: &Option<crate::finding::Location>| {
            l.as_ref().map_or(String::new(), |l| {
                format!("{:?}:{}", l.source, l.span.start)
            })
        };
        let key = (c.id, at(&c.base), at(&c.head));
        match index.get(&key) {
            Some(&i) => out[i].1.extend(c.operation.clone()),
            None => {
                index.insert(key, out.len());
                let ops = c.operation.clone().into_iter().collect();
                out.push((c, ops));
            }
        }
    }
    out.into_iter()
        .map(|(mut c, mut ops)| {
            ops.dedup();
            if ops.len() > 1 {
                c.message = format!("{} ({})", c.message, affects_text(&ops));
                c.operation = None;
            }
            c.affects = ops;
            c
        })
        .collect()
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
    let in_scope = options.in_scope(b.method);
    parameters::compare(b, h, options, in_scope, changes);
    bodies::request_body(b, h, changes);
    bodies::responses(b, h, options, in_scope, changes);
    security::operation(b, h, changes);
    if in_scope {
        idempotency::operation(b, h, options, changes);
    }
}
