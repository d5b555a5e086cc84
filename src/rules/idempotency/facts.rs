//! What the idempotency rules look at, computed once per operation: the key parameter and its
//! schema, the responses, the conflict response and its headers. Each rule is then a small
//! predicate over these facts.

use crate::resolve::Node;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Document, Header, Operation, Parameter, Resolved, Response, Schema};

pub struct OperationFacts<'w> {
    pub op: Operation<'w>,
    /// The key header parameter (or an alias), after path-level merge.
    pub key: Option<Parameter<'w>>,
    /// The conflict response (`409` by default), exact status only; None also when it is a
    /// broken `$ref` (see `unknown`).
    pub conflict: Option<Response<'w>>,
    /// What a broken `$ref` hides: rules about a missing key or response stay silent, since
    /// the missing piece may be behind the ref (the loader reported the ref).
    pub unknown: Unknown,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Unknown {
    /// A parameter (or the parameter list) is a broken ref.
    pub parameters: bool,
    /// A response (or the responses map) is a broken ref.
    pub responses: bool,
}

impl<'w> OperationFacts<'w> {
    pub fn new(op: Operation<'w>, options: &IdempotencyOptions) -> OperationFacts<'w> {
        let parameters = op.parameters();
        let key = parameters
            .iter()
            .find(|p| {
                p.location() == Some("header") && p.name().is_some_and(|n| options.is_key_header(n))
            })
            .cloned();
        let responses = op.responses();
        let unknown = Unknown {
            parameters: parameters.iter().any(|p| p.resolved.is_broken())
                || op
                    .node
                    .get("parameters")
                    .is_some_and(|l| l.resolve().as_ref().is_some())
                || op.path_item.item.is_broken(),
            responses: responses.iter().any(|r| r.resolved.is_broken())
                || op
                    .responses_node()
                    .is_some_and(|r| r.resolve().as_ref().is_some()),
        };
        let conflict = responses
            .into_iter()
            .find(|r| r.status == options.conflict_status && !r.resolved.is_broken());
        OperationFacts {
            op,
            key,
            conflict,
            unknown,
        }
    }

    /// The key's schema (a 2.0 header parameter is its own schema); None when there is none
    /// or it is a broken ref (reported by the loader).
    pub fn key_schema(&self) -> Option<Resolved<'w>> {
        self.key.as_ref()?.schema().filter(|s| !s.is_broken())
    }

    /// Whether the key's schema is written but unknown (a broken ref).
    pub fn key_schema_unknown(&self) -> bool {
        self.key
            .as_ref()
            .and_then(|k| k.schema())
            .is_some_and(|s| s.is_broken())
    }

    /// Whether the key is declared `required: true`.
    pub fn key_required(&self) -> bool {
        self.key
            .as_ref()
            .and_then(|k| k.required())
            .and_then(|r| r.as_bool())
            == Some(true)
    }

    /// A header of the conflict response, by name (case-insensitively).
    pub fn conflict_header(&self, name: &str) -> Option<Header<'w>> {
        self.conflict.as_ref()?.header(name)
    }

    /// A header of the conflict response with a known value: None when absent or when it is
    /// a broken ref, or its schema is.
    pub fn known_conflict_header(&self, name: &str) -> Option<Header<'w>> {
        self.conflict_header(name)
            .filter(|h| !h.resolved.is_broken() && !h.schema().is_some_and(|s| s.is_broken()))
    }

    /// Whether a response with this exact status is documented (or may be, behind a broken ref).
    pub fn has_response(&self, status: &str) -> bool {
        self.unknown.responses || self.op.response(status).is_some()
    }

    /// Where "missing response" findings point: the `responses` key, else the method key.
    pub fn responses_anchor(&self) -> Node<'w> {
        self.op.responses_node().unwrap_or(self.op.method_key)
    }

    pub fn document(&self) -> Document<'w> {
        self.op.doc
    }
}

/// The schema helper over a resolved schema.
pub fn schema<'w>(resolved: &Resolved<'w>) -> Schema<'w> {
    Schema::new(resolved.node)
}
