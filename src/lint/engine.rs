//! Runs the rules over a document and turns their hits into findings.
//!
//! A rule reports a *hit*: a rule, the node it is about, a message, and the operation it
//! concerns. Hits on the same node are one finding (a shared component is reported once, where
//! it is written, naming every operation that uses it), and inline `x-specguard-ignore` lists
//! silence hits for an operation or for a subtree.

use std::collections::HashMap;

use crate::finding::{Finding, Location, RuleMeta, Severity, Span};
use crate::resolve::{Node, NodeRef};
use crate::rules::idempotency::facts::OperationFacts;
use crate::rules::options::{IdempotencyOptions, SAFE_METHODS};
use crate::rules::{Context, REGISTRY, RuleDef, Scope};
use crate::spec::Document;

/// The extension that silences rules inline.
pub const IGNORE_KEY: &str = "x-specguard-ignore";

/// Effective settings of a lint run: each rule's severity (None = off) and the options.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub severities: HashMap<&'static str, Option<Severity>>,
    pub idempotency: IdempotencyOptions,
    /// Options one rule sees instead of `idempotency` (`rules: {id: {options: ...}}`).
    pub rule_options: HashMap<&'static str, IdempotencyOptions>,
}

impl Default for RuleSettings {
    /// Every built-in rule at its default severity (`off` rules stay off).
    fn default() -> Self {
        RuleSettings {
            severities: REGISTRY
                .iter()
                .map(|r| (r.meta.id, crate::rules::default_level(r.meta)))
                .collect(),
            idempotency: IdempotencyOptions::default(),
            rule_options: HashMap::new(),
        }
    }
}

struct Hit<'w> {
    rule: &'static RuleMeta,
    at: Node<'w>,
    message: String,
    operation: String,
}

/// Where rules put their hits.
pub struct Hits<'w> {
    hits: Vec<Hit<'w>>,
    current_op: String,
    current_op_node: Option<Node<'w>>,
}

impl<'w> Hits<'w> {
    /// Reports `message` about `at` for the operation being checked.
    pub fn report(&mut self, rule: &'static RuleMeta, at: Node<'w>, message: impl Into<String>) {
        if self.current_op_node.is_some_and(|op| ignores(op, rule.id)) {
            return;
        }
        self.hits.push(Hit {
            rule,
            at,
            message: message.into(),
            operation: self.current_op.clone(),
        });
    }
}

/// Whether a mapping's `x-specguard-ignore` list names the rule.
fn ignores(node: Node<'_>, rule: &str) -> bool {
    node.resolve()
        .get(IGNORE_KEY)
        .is_some_and(|list| list.items().any(|i| i.as_str() == Some(rule)))
}

/// Whether the node or a mapping around it (in its own file) ignores the rule.
fn ignored_in_subtree(mut node: Node<'_>, rule: &str) -> bool {
    loop {
        if node.is_mapping() && ignores(node, rule) {
            return true;
        }
        match node.parent() {
            Some(p) => node = p,
            None => return false,
        }
    }
}

/// The location a finding about `node` points at: a scalar's value; for a mapping or
/// sequence, the key it is written under (the `409:` line), or, for a sequence item, the item.
/// Its pointer is the node's own.
pub fn anchor(node: Node<'_>) -> Location {
    Location {
        source: node.at.source,
        span: anchor_span(node),
        pointer: node.pointer(),
    }
}

/// The span [`anchor`] points at, for a caller that writes the pointer later (or never).
pub fn anchor_span(node: Node<'_>) -> Span {
    if !(node.is_mapping() || node.is_sequence()) {
        return node.span();
    }
    if let Some(key) = node.key() {
        return key.span();
    }
    // A sequence item or a whole file: the line of its first entry (`- name: ...`), not a
    // frame spanning every line of it.
    if let Some((key, _)) = node.entries().next() {
        key.span()
    } else if let Some(item) = node.items().next() {
        Span::empty(item.span().start as usize)
    } else {
        node.span()
    }
}

/// Runs the enabled rules over every operation of the document.
pub fn run(doc: Document<'_>, settings: &RuleSettings) -> Vec<Finding> {
    let enabled: Vec<_> = REGISTRY
        .iter()
        .filter_map(|r| {
            settings
                .severities
                .get(r.meta.id)
                .copied()
                .flatten()
                .map(|s| (r, s))
        })
        .collect();
    if enabled.is_empty() {
        return Vec::new();
    }
    // Rules that share options share the facts computed from them: almost always one group.
    let mut groups: Vec<(&IdempotencyOptions, Vec<&RuleDef>)> = Vec::new();
    for (rule, _) in &enabled {
        let options = settings
            .rule_options
            .get(rule.meta.id)
            .unwrap_or(&settings.idempotency);
        match groups.iter_mut().find(|(o, _)| *o == options) {
            Some((_, rules)) => rules.push(rule),
            None => groups.push((options, vec![rule])),
        }
    }
    let mut hits = Hits {
        hits: Vec::new(),
        current_op: String::new(),
        current_op_node: None,
    };
    let patterns = crate::rules::idempotency::pattern_common::PatternCache::default();
    let operations = doc.operations();
    for (options, rules) in &groups {
        for op in &operations {
            let scope = if options.in_scope(op.method) {
                Scope::InScope
            } else if SAFE_METHODS.contains(&op.method) {
                Scope::SafeMethods
            } else {
                continue;
            };
            hits.current_op = op.label();
            hits.current_op_node = Some(op.node);
            let facts = OperationFacts::new(op.clone(), options);
            let ctx = Context {
                facts: &facts,
                options,
                patterns: &patterns,
            };
            for rule in rules.iter().filter(|r| r.scope == scope) {
                (rule.check)(&ctx, &mut hits);
            }
        }
    }
    group(
        hits.hits,
        &enabled.iter().map(|(r, s)| (r.meta.id, *s)).collect(),
    )
}

/// One finding per (rule, node), naming the operations in the order they were met.
fn group(hits: Vec<Hit<'_>>, severities: &HashMap<&'static str, Severity>) -> Vec<Finding> {
    let mut order: Vec<(&'static str, NodeRef)> = Vec::new();
    let mut grouped: HashMap<(&'static str, NodeRef), (Hit<'_>, Vec<String>)> = HashMap::new();
    for hit in hits {
        let key = (hit.rule.id, hit.at.at);
        match grouped.get_mut(&key) {
            Some((_, ops)) => {
                if !ops.contains(&hit.operation) {
                    ops.push(hit.operation);
                }
            }
            None => {
                order.push(key);
                let op = hit.operation.clone();
                grouped.insert(key, (hit, vec![op]));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| {
            let (hit, ops) = grouped.remove(&key)?;
            if ignored_in_subtree(hit.at, hit.rule.id) {
                return None;
            }
            // A loader-level finding a rule reports (a pattern check out of time) keeps its
            // own severity; every registry rule that reports is enabled, so in the map.
            let severity = severities
                .get(hit.rule.id)
                .copied()
                .unwrap_or(hit.rule.default_severity);
            Some(Finding::new(
                hit.rule.id,
                severity,
                anchor(hit.at),
                format!("{}: {}", ops.join(", "), hit.message),
            ))
        })
        .collect()
}
