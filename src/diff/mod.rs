//! Diff: every change between a base and a head spec that can break existing clients, each
//! with a stable id, a level and its location on each side (see DIFF-CHECKS.md).
//!
//! Operations are matched by normalized path template and method, parameters by (`in`, name)
//! with path-level inheritance (header names case-insensitive), responses by status code,
//! media types and headers by name. Values are compared after `$ref` resolution, so moving an
//! inline schema to `components` or splitting a file changes nothing.

mod change;
mod idempotency;
mod schema;

pub use change::{Change, Level};

use std::collections::HashMap;

use crate::lint::engine::anchor;
use crate::resolve::Node;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Document, Operation, Parameter, Response};
use schema::Direction;

/// Collects changes for one operation (or the document).
pub(crate) struct Changes {
    pub(crate) out: Vec<Change>,
    operation: Option<String>,
}

impl Changes {
    pub(crate) fn push(
        &mut self,
        id: &'static str,
        level: Level,
        message: String,
        base: Option<Node<'_>>,
        head: Option<Node<'_>>,
    ) {
        self.out.push(Change {
            id,
            level,
            message,
            operation: self.operation.clone(),
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
    let key = |op: &Operation<'_>| (normalize_path(op.path), op.method.to_ascii_lowercase());
    let head_ops = head.operations();
    let head_by_key: HashMap<_, _> = head_ops.iter().map(|op| (key(op), op)).collect();
    let base_ops = base.operations();
    let base_keys: std::collections::HashSet<_> = base_ops.iter().map(key).collect();
    for b in &base_ops {
        changes.operation = Some(b.label());
        match head_by_key.get(&key(b)) {
            None => {
                let deprecated = b.node.get("deprecated").and_then(|d| d.as_bool()) == Some(true);
                let (level, why) = if deprecated {
                    (Level::Warn, " (it was deprecated)")
                } else {
                    (Level::Error, "")
                };
                changes.push(
                    "operation-removed",
                    level,
                    format!("{} was removed{why}", b.label()),
                    Some(b.method_key),
                    None,
                );
            }
            Some(h) => operation(b, h, options, &mut changes),
        }
    }
    for h in &head_ops {
        if !base_keys.contains(&key(h)) {
            changes.operation = Some(h.label());
            changes.push(
                "operation-added",
                Level::Info,
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
    for c in changes {
        let same = |o: &&mut (Change, Vec<String>)| {
            o.0.id == c.id && o.0.base == c.base && o.0.head == c.head
        };
        match out.iter_mut().find(same) {
            Some((_, ops)) => ops.extend(c.operation.clone()),
            None => {
                let ops = c.operation.clone().into_iter().collect();
                out.push((c, ops));
            }
        }
    }
    out.into_iter()
        .map(|(mut c, mut ops)| {
            ops.dedup();
            if ops.len() > 1 {
                c.message = format!("{} (affects {})", c.message, ops.join(", "));
                c.operation = None;
            }
            c
        })
        .collect()
}

fn operation(
    b: &Operation<'_>,
    h: &Operation<'_>,
    options: &IdempotencyOptions,
    changes: &mut Changes,
) {
    let deprecated =
        |op: &Operation<'_>| op.node.get("deprecated").and_then(|d| d.as_bool()) == Some(true);
    match (deprecated(b), deprecated(h)) {
        (false, true) => changes.push(
            "operation-deprecated",
            Level::Info,
            format!("{} is now deprecated", h.label()),
            None,
            h.node.get("deprecated"),
        ),
        (true, false) => changes.push(
            "operation-reactivated",
            Level::Info,
            format!("{} is no longer deprecated", h.label()),
            b.node.get("deprecated"),
            None,
        ),
        _ => {}
    }
    let op_id = |op: &Operation<'_>| {
        op.node
            .get("operationId")
            .and_then(|n| n.as_str().map(str::to_string))
    };
    if let (Some(bi), Some(hi)) = (op_id(b), op_id(h)) {
        if bi != hi {
            changes.push(
                "operation-id-changed",
                Level::Error,
                format!(
                    "operationId changed from '{bi}' to '{hi}': generated clients rename the method"
                ),
                b.node.get("operationId"),
                h.node.get("operationId"),
            );
        }
    }
    let in_scope = options.in_scope(b.method);
    parameters(b, h, options, in_scope, changes);
    request_body(b, h, changes);
    responses(b, h, options, in_scope, changes);
    if in_scope {
        idempotency::operation(b, h, options, changes);
    }
}

fn parameter_key(p: &Parameter<'_>) -> Option<(String, String)> {
    let location = p.location()?.to_string();
    let name = p.name()?;
    let name = if location == "header" {
        name.to_ascii_lowercase()
    } else {
        name.to_string()
    };
    Some((location, name))
}

fn is_required(p: &Parameter<'_>) -> bool {
    p.location() == Some("path") || p.required().and_then(|r| r.as_bool()) == Some(true)
}

/// A parameter's (`in`, name) and its occurrence among parameters with that same key: an
/// invalid spec may declare one twice, and the n-th must meet the n-th, not always the first.
type ParameterKey = ((String, String), usize);

fn keyed_parameters<'a>(op: &Operation<'a>) -> Vec<(ParameterKey, Parameter<'a>)> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    op.parameters()
        .into_iter()
        .filter_map(|p| {
            let key = parameter_key(&p)?;
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            Some(((key, *n), p))
        })
        .collect()
}

fn parameters(
    b: &Operation<'_>,
    h: &Operation<'_>,
    options: &IdempotencyOptions,
    in_scope: bool,
    changes: &mut Changes,
) {
    let base = keyed_parameters(b);
    let head = keyed_parameters(h);
    // The key header of an in-scope operation has its own, idempotency-aware checks.
    let is_key = |k: &ParameterKey| in_scope && k.0.0 == "header" && options.is_key_header(&k.0.1);
    for (k, bp) in &base {
        if is_key(k) {
            continue;
        }
        let label = format!("{} parameter '{}'", k.0.0, bp.name().unwrap_or_default());
        match head.iter().find(|(hk, _)| hk == k) {
            None => {
                let level = if k.0.0 == "path" {
                    Level::Error
                } else {
                    Level::Warn
                };
                changes.push(
                    "request-parameter-removed",
                    level,
                    format!("the {label} was removed"),
                    Some(bp.node()),
                    None,
                );
            }
            Some((_, hp)) => {
                match (is_required(bp), is_required(hp)) {
                    (false, true) => changes.push(
                        "request-parameter-became-required",
                        Level::Error,
                        format!("the {label} became required"),
                        bp.required().or(Some(bp.node())),
                        hp.required(),
                    ),
                    (true, false) => changes.push(
                        "request-parameter-became-optional",
                        Level::Info,
                        format!("the {label} became optional"),
                        bp.required(),
                        hp.required().or(Some(hp.node())),
                    ),
                    _ => {}
                }
                if let (Some(bs), Some(hs)) = (bp.schema(), hp.schema()) {
                    schema::compare(bs.node, hs.node, Direction::Request, &label, changes);
                }
            }
        }
    }
    for (k, hp) in &head {
        if is_key(k) || base.iter().any(|(bk, _)| bk == k) {
            continue;
        }
        let label = format!("{} parameter '{}'", k.0.0, hp.name().unwrap_or_default());
        if is_required(hp) {
            changes.push(
                "request-parameter-added-required",
                Level::Error,
                format!("a required {label} was added"),
                None,
                Some(hp.node()),
            );
        } else {
            changes.push(
                "request-parameter-added",
                Level::Info,
                format!("an optional {label} was added"),
                None,
                Some(hp.node()),
            );
        }
    }
}

fn request_body(b: &Operation<'_>, h: &Operation<'_>, changes: &mut Changes) {
    let required = |n: Node<'_>| n.get("required").and_then(|r| r.as_bool()) == Some(true);
    match (b.request_body(), h.request_body()) {
        (None, Some(hb)) if required(hb.node) => changes.push(
            "request-body-added-required",
            Level::Error,
            "a required request body was added".into(),
            None,
            Some(hb.node),
        ),
        (None, Some(hb)) => changes.push(
            "request-body-added",
            Level::Info,
            "an optional request body was added".into(),
            None,
            Some(hb.node),
        ),
        (Some(bb), None) => changes.push(
            "request-body-removed",
            Level::Warn,
            "the request body was removed".into(),
            Some(bb.node),
            None,
        ),
        (Some(bb), Some(hb)) => {
            if !required(bb.node) && required(hb.node) {
                changes.push(
                    "request-body-became-required",
                    Level::Error,
                    "the request body became required".into(),
                    Some(bb.node),
                    hb.node.get("required"),
                );
            }
            if b.doc.version.is_swagger2() || h.doc.version.is_swagger2() {
                if let (Some(bs), Some(hs)) = (bb.node.get("schema"), hb.node.get("schema")) {
                    schema::compare(bs, hs, Direction::Request, "request body", changes);
                }
                return;
            }
            media(
                bb.node,
                hb.node,
                Direction::Request,
                "request body",
                changes,
            );
        }
        (None, None) => {}
    }
}

/// Media types of a request body or response: removed ones break, added ones are info, and
/// each shared one's schema is compared.
fn media(b: Node<'_>, h: Node<'_>, direction: Direction, what: &str, changes: &mut Changes) {
    let bm = crate::spec::media_types(b);
    let hm = crate::spec::media_types(h);
    for (name, bv) in &bm {
        match hm.iter().find(|(n, _)| n == name) {
            None => changes.push(
                "media-type-removed",
                Level::Error,
                format!("the {what} media type '{name}' was removed"),
                Some(bv.written),
                None,
            ),
            Some((_, hv)) => {
                if let (Some(bs), Some(hs)) = (bv.node.get("schema"), hv.node.get("schema")) {
                    schema::compare(bs, hs, direction, &format!("{what} ({name})"), changes);
                }
            }
        }
    }
    for (name, hv) in &hm {
        if !bm.iter().any(|(n, _)| n == name) {
            changes.push(
                "media-type-added",
                Level::Info,
                format!("the {what} media type '{name}' was added"),
                None,
                Some(hv.written),
            );
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn responses(
    b: &Operation<'_>,
    h: &Operation<'_>,
    options: &IdempotencyOptions,
    in_scope: bool,
    changes: &mut Changes,
) {
    let base = b.responses();
    let head = h.responses();
    // The conflict and payload-mismatch responses of in-scope operations have their own checks.
    let own_check = |status: &str| {
        in_scope && (status == options.conflict_status || status == options.payload_mismatch_status)
    };
    for br in &base {
        match head.iter().find(|hr| hr.status == br.status) {
            None if own_check(br.status) => {}
            None => {
                let (id, level) = if is_success(br.status) {
                    ("response-success-status-removed", Level::Error)
                } else {
                    ("response-status-removed", Level::Warn)
                };
                changes.push(
                    id,
                    level,
                    format!("the {} response was removed", br.status),
                    Some(br.key),
                    None,
                );
            }
            Some(hr) => response(br, hr, options, in_scope, changes),
        }
    }
    for hr in &head {
        if !base.iter().any(|br| br.status == hr.status) && !own_check(hr.status) {
            changes.push(
                "response-status-added",
                Level::Info,
                format!("a {} response was added", hr.status),
                None,
                Some(hr.key),
            );
        }
    }
}

fn response(
    br: &Response<'_>,
    hr: &Response<'_>,
    options: &IdempotencyOptions,
    in_scope: bool,
    changes: &mut Changes,
) {
    let what = format!("{} response", br.status);
    media(br.node(), hr.node(), Direction::Response, &what, changes);
    if br.node().get("schema").is_some() {
        // Swagger 2.0: the response schema sits on the response itself.
        if let (Some(bs), Some(hs)) = (br.node().get("schema"), hr.node().get("schema")) {
            schema::compare(bs, hs, Direction::Response, &what, changes);
        }
    }
    let own_header = |name: &str| {
        in_scope
            && br.status == options.conflict_status
            && (name.eq_ignore_ascii_case("Retry-After")
                || name.eq_ignore_ascii_case(&options.status_header))
    };
    let base_headers = br.headers();
    let head_headers = hr.headers();
    for bh in &base_headers {
        if own_header(bh.name) {
            continue;
        }
        match head_headers
            .iter()
            .find(|hh| hh.name.eq_ignore_ascii_case(bh.name))
        {
            None => {
                let required = bh.node().get("required").and_then(|r| r.as_bool()) == Some(true);
                let level = if required { Level::Error } else { Level::Warn };
                changes.push(
                    "response-header-removed",
                    level,
                    format!("the {what} header '{}' was removed", bh.name),
                    Some(bh.key),
                    None,
                );
            }
            Some(hh) => {
                if let (Some(bs), Some(hs)) = (bh.schema(), hh.schema()) {
                    schema::compare(
                        bs.node,
                        hs.node,
                        Direction::Response,
                        &format!("{what} header '{}'", bh.name),
                        changes,
                    );
                }
            }
        }
    }
    for hh in &head_headers {
        if !own_header(hh.name)
            && !base_headers
                .iter()
                .any(|bh| bh.name.eq_ignore_ascii_case(hh.name))
        {
            changes.push(
                "response-header-added",
                Level::Info,
                format!("the {what} header '{}' was added", hh.name),
                None,
                Some(hh.key),
            );
        }
    }
}
