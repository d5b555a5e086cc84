//! What the five pattern rules share: the key's `pattern` node and its analysis, computed once
//! per distinct pattern text per run (a shared component is analysed once).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::pattern::{Method, PatternReport, analyze};
use crate::resolve::Node;
use crate::rules::Context;
use crate::rules::idempotency::facts::schema;

/// Analyses by (pattern, canonical pattern).
#[derive(Default)]
pub struct PatternCache {
    reports: RefCell<HashMap<(String, String), Rc<PatternReport>>>,
}

impl PatternCache {
    pub fn get(&self, pattern: &str, canonical: &str) -> Rc<PatternReport> {
        let key = (pattern.to_string(), canonical.to_string());
        if let Some(r) = self.reports.borrow().get(&key) {
            return r.clone();
        }
        let report = Rc::new(analyze(pattern, canonical));
        self.reports.borrow_mut().insert(key, report.clone());
        report
    }
}

/// The key schema's `pattern` value node, its text and its analysis (None: no key, no
/// schema, no pattern, or a pattern that is not a string).
pub fn key_pattern<'w>(ctx: &Context<'_, 'w>) -> Option<(Node<'w>, Rc<PatternReport>)> {
    let resolved = ctx.facts.key_schema()?;
    let node = schema(&resolved).pattern()?;
    let text = node.as_str()?;
    Some((node, ctx.patterns.get(text, &ctx.options.canonical_pattern)))
}

/// The pattern node and analysis, for the rules that need a valid pattern.
pub fn valid_key_pattern<'w>(ctx: &Context<'_, 'w>) -> Option<(Node<'w>, Rc<PatternReport>)> {
    key_pattern(ctx).filter(|(_, r)| r.invalid.is_none())
}

/// The note a message ends with when the answer came from sampling.
pub fn sampled_note(report: &PatternReport) -> String {
    match report.method {
        Method::Exact => String::new(),
        Method::Sampled => format!(
            " (sampled: {}; checked on a fixed sample of keys with an ECMA-262 engine)",
            report
                .note
                .as_deref()
                .unwrap_or("the pattern is beyond exact analysis")
        ),
    }
}

/// A counterexample as messages show it (quoted, escapes visible).
pub fn shown(example: &str) -> String {
    format!("'{}'", crate::pattern::escape_example(example))
}
