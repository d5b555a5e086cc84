//! Spec views: thin typed accessors over the resolved node tree.
//!
//! A view never copies: it holds [`Node`] handles, so every value it returns can be located
//! in the file where it is written. Each accessor that goes through a `$ref` returns the node
//! it reached *and* the ref holders it went through (`via`), so a finding can point at a shared
//! component and name the operations using it.

mod version;

pub use version::{SpecVersion, detect as detect_version, rules};

use crate::finding::Location;
use crate::resolve::{Node, NodeRef, Workspace};

/// HTTP methods that are operations in a Path Item (3.2's `query` included).
pub const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// A node reached by following `$ref`s, with the holders passed on the way.
#[derive(Debug, Clone)]
pub struct Resolved<'w> {
    /// The node as written where it was looked up (a `$ref` holder, or the value itself).
    pub written: Node<'w>,
    /// The node the refs lead to (equal to `written` when it is no ref).
    pub node: Node<'w>,
    /// The `$ref` holders followed, outermost first.
    pub via: Vec<NodeRef>,
}

impl<'w> Resolved<'w> {
    pub fn new(written: Node<'w>) -> Resolved<'w> {
        let deref = written.deref();
        Resolved {
            written,
            node: deref.node,
            via: deref.via,
        }
    }

    /// Whether the value was reached through at least one `$ref`.
    pub fn is_ref(&self) -> bool {
        !self.via.is_empty()
    }

    /// Whether a `$ref` on the way is broken (unresolved, refused or cyclic): the value is
    /// unknown, and the loader has already reported why.
    pub fn is_broken(&self) -> bool {
        self.node.as_ref().is_some()
    }
}

/// An OpenAPI document: the entry of a workspace, with its version.
#[derive(Debug, Clone, Copy)]
pub struct Document<'w> {
    pub ws: &'w Workspace,
    pub root: Node<'w>,
    pub version: SpecVersion,
}

impl<'w> Document<'w> {
    /// The document, if the workspace's entry is one (see [`detect_version`] for why not).
    pub fn new(ws: &'w Workspace) -> Option<Document<'w>> {
        let root = ws.root()?;
        let (version, _) = detect_version(Some(root), empty_location(ws));
        Some(Document {
            ws,
            root,
            version: version?,
        })
    }

    /// Path Items in document order: `(path template, key node, resolved item)`.
    pub fn paths(&self) -> Vec<PathItem<'w>> {
        let Some(paths) = self.root.get_resolved("paths") else {
            return Vec::new();
        };
        paths
            .entries()
            .filter_map(|(key, value)| {
                let path = key.scalar()?;
                // `x-` extensions sit beside paths.
                if !path.starts_with('/') {
                    return None;
                }
                Some(PathItem {
                    path,
                    key,
                    item: Resolved::new(value),
                })
            })
            .collect()
    }

    /// Every operation of every path, in document order.
    pub fn operations(&self) -> Vec<Operation<'w>> {
        self.paths()
            .into_iter()
            .flat_map(|p| p.operations(*self))
            .collect()
    }
}

/// The location used for findings about an empty entry file: its first byte.
pub fn empty_location(ws: &Workspace) -> Location {
    let source = &ws.entry().source;
    let at = source.content_start();
    Location {
        source: source.id,
        span: crate::finding::Span::empty(at),
        pointer: String::new(),
    }
}

#[derive(Debug, Clone)]
pub struct PathItem<'w> {
    pub path: &'w str,
    /// The path key (`/users/{id}:`).
    pub key: Node<'w>,
    pub item: Resolved<'w>,
}

impl<'w> PathItem<'w> {
    pub fn operations(&self, doc: Document<'w>) -> Vec<Operation<'w>> {
        let item = self.item.node;
        item.entries()
            .filter_map(|(key, value)| {
                let method = key.scalar()?;
                if !METHODS.contains(&method) {
                    return None;
                }
                Some(Operation {
                    doc,
                    path: self.path,
                    method,
                    method_key: key,
                    path_item: self.clone(),
                    node: value.resolve(),
                })
            })
            .collect()
    }

    /// Parameters declared on the path item itself.
    pub fn parameters(&self, version: SpecVersion) -> Vec<Parameter<'w>> {
        parameter_list(self.item.node, ParameterLevel::Path, version)
    }
}

#[derive(Debug, Clone)]
pub struct Operation<'w> {
    pub doc: Document<'w>,
    pub path: &'w str,
    /// Lowercase method as written (`post`).
    pub method: &'w str,
    /// The method key node (`post:`), where findings about the whole operation point.
    pub method_key: Node<'w>,
    pub path_item: PathItem<'w>,
    pub node: Node<'w>,
}

impl<'w> Operation<'w> {
    /// `POST /orders`, as messages name an operation.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }

    /// Path-level and operation-level parameters merged by (`in`, name): an operation-level
    /// parameter overrides a path-level one with the same location and name (header names
    /// compared case-insensitively, as HTTP does).
    pub fn parameters(&self) -> Vec<Parameter<'w>> {
        let version = self.doc.version;
        let own = parameter_list(self.node, ParameterLevel::Operation, version);
        // Each identity is read once (two lookups), not once per pair of parameters compared.
        let identities: Vec<_> = own.iter().map(Parameter::identity).collect();
        let mut merged: Vec<Parameter<'w>> = self
            .path_item
            .parameters(version)
            .into_iter()
            .filter(|inherited| match inherited.identity() {
                (Some(l), Some(n)) => !identities.iter().any(|&own| identity_is(own, l, n)),
                _ => true,
            })
            .collect();
        merged.extend(own);
        merged
    }

    /// The parameter with this location and name (`("header", "Idempotency-Key")`).
    pub fn parameter(&self, location: &str, name: &str) -> Option<Parameter<'w>> {
        self.parameters().into_iter().find(|p| p.is(location, name))
    }

    /// The request body: 3.x `requestBody`, or the 2.0 `in: body` parameter.
    pub fn request_body(&self) -> Option<Resolved<'w>> {
        if self.doc.version.is_swagger2() {
            // The operation's own `in: body` parameter, else the path item's: what the merge
            // in [`Operation::parameters`] would keep, without merging them all.
            let version = self.doc.version;
            let body = |list: Vec<Parameter<'w>>| {
                list.into_iter()
                    .find(|p| p.location() == Some("body"))
                    .map(|p| p.resolved)
            };
            return body(parameter_list(
                self.node,
                ParameterLevel::Operation,
                version,
            ))
            .or_else(|| body(self.path_item.parameters(version)));
        }
        self.node.get("requestBody").map(Resolved::new)
    }

    /// The `responses` mapping, if present (its key is where "missing response" findings point).
    pub fn responses_node(&self) -> Option<Node<'w>> {
        self.node.get("responses")
    }

    /// Responses in document order, status codes as written (`200`, `4XX`, `default`).
    pub fn responses(&self) -> Vec<Response<'w>> {
        let Some(responses) = self.responses_node() else {
            return Vec::new();
        };
        let version = self.doc.version;
        responses
            .resolve()
            .entries()
            .filter_map(|(key, value)| {
                let status = key.scalar()?;
                if status.starts_with("x-") {
                    return None;
                }
                Some(Response {
                    status,
                    key,
                    resolved: Resolved::new(value),
                    version,
                })
            })
            .collect()
    }

    /// The response for an exact status code (a `4XX` range or `default` does not match `409`).
    pub fn response(&self, status: &str) -> Option<Response<'w>> {
        self.responses().into_iter().find(|r| r.status == status)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLevel {
    Path,
    Operation,
}

#[derive(Debug, Clone)]
pub struct Parameter<'w> {
    pub resolved: Resolved<'w>,
    pub level: ParameterLevel,
    version: SpecVersion,
}

fn parameter_list<'w>(
    owner: Node<'w>,
    level: ParameterLevel,
    version: SpecVersion,
) -> Vec<Parameter<'w>> {
    let Some(list) = owner.get("parameters") else {
        return Vec::new();
    };
    list.resolve()
        .items()
        .map(|item| Parameter {
            resolved: Resolved::new(item),
            level,
            version,
        })
        .collect()
}

/// The schema of a parameter or header: its `schema` (through refs), or, for a Swagger 2.0
/// object that carries `type`/`format`/`pattern` itself, the object.
fn schema_of<'w>(node: Node<'w>, carries_own_type: bool) -> Option<Resolved<'w>> {
    if carries_own_type {
        return Some(Resolved {
            written: node,
            node,
            via: Vec::new(),
        });
    }
    node.get("schema").map(Resolved::new)
}

impl<'w> Parameter<'w> {
    pub fn node(&self) -> Node<'w> {
        self.resolved.node
    }

    pub fn name(&self) -> Option<&'w str> {
        self.node().get("name")?.as_str()
    }

    /// `in`: `query`, `header`, `path`, `cookie` (2.0 also `body`, `formData`).
    pub fn location(&self) -> Option<&'w str> {
        self.node().get("in")?.as_str()
    }

    /// `(location, name)`, as far as written.
    pub fn identity(&self) -> (Option<&'w str>, Option<&'w str>) {
        (self.location(), self.name())
    }

    /// Whether this is the parameter `(location, name)`; header names compare
    /// case-insensitively.
    pub fn is(&self, location: &str, name: &str) -> bool {
        identity_is(self.identity(), location, name)
    }

    /// The `required` value node, if written.
    pub fn required(&self) -> Option<Node<'w>> {
        self.node().get("required")
    }

    /// The parameter's schema: 3.x `schema` (through refs); a 2.0 non-body parameter carries
    /// `type`/`format`/`pattern` itself, so it is its own schema.
    pub fn schema(&self) -> Option<Resolved<'w>> {
        schema_of(
            self.node(),
            self.version.is_swagger2() && self.location() != Some("body"),
        )
    }
}

/// Whether a parameter of this [`Parameter::identity`] is the parameter `(location, name)`.
fn identity_is(identity: (Option<&str>, Option<&str>), location: &str, name: &str) -> bool {
    match identity {
        (Some(l), Some(n)) if l == location => {
            if location == "header" {
                n.eq_ignore_ascii_case(name)
            } else {
                n == name
            }
        }
        _ => false,
    }
}

#[derive(Debug, Clone)]
pub struct Response<'w> {
    pub status: &'w str,
    /// The status key (`409:`).
    pub key: Node<'w>,
    pub resolved: Resolved<'w>,
    version: SpecVersion,
}

impl<'w> Response<'w> {
    pub fn node(&self) -> Node<'w> {
        self.resolved.node
    }

    /// Response headers by name as written, in document order.
    pub fn headers(&self) -> Vec<Header<'w>> {
        let Some(headers) = self.node().get("headers") else {
            return Vec::new();
        };
        let version = self.version;
        headers
            .resolve()
            .entries()
            .filter_map(|(key, value)| {
                Some(Header {
                    name: key.scalar()?,
                    key,
                    resolved: Resolved::new(value),
                    version,
                })
            })
            .collect()
    }

    /// A header by name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<Header<'w>> {
        self.headers()
            .into_iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// Media types of the response body (3.x `content`), as `(media type, resolved value)`.
    pub fn content(&self) -> Vec<(&'w str, Resolved<'w>)> {
        media_types(self.node())
    }
}

/// `content` entries of a request body or response.
pub fn media_types<'w>(owner: Node<'w>) -> Vec<(&'w str, Resolved<'w>)> {
    let Some(content) = owner.get("content") else {
        return Vec::new();
    };
    content
        .resolve()
        .entries()
        .filter_map(|(k, v)| Some((k.scalar()?, Resolved::new(v))))
        .collect()
}

#[derive(Debug, Clone)]
pub struct Header<'w> {
    pub name: &'w str,
    pub key: Node<'w>,
    pub resolved: Resolved<'w>,
    version: SpecVersion,
}

impl<'w> Header<'w> {
    pub fn node(&self) -> Node<'w> {
        self.resolved.node
    }

    /// 3.x header `schema`; a 2.0 header carries `type` itself.
    pub fn schema(&self) -> Option<Resolved<'w>> {
        schema_of(self.node(), self.version.is_swagger2())
    }
}

/// Schema helpers that read 3.0 and 3.1 alike.
#[derive(Debug, Clone, Copy)]
pub struct Schema<'w> {
    pub node: Node<'w>,
}

impl<'w> Schema<'w> {
    pub fn new(node: Node<'w>) -> Schema<'w> {
        Schema { node }
    }

    /// The declared types: `type: string` -> `["string"]`, `type: [string, "null"]` as listed.
    pub fn types(&self) -> Vec<&'w str> {
        Schema::types_in(self.node.get("type"))
    }

    /// The types a `type` keyword (its value, when the schema has one) declares, as
    /// [`Schema::types`] reads them: for a reader that has the keyword at hand already.
    pub fn types_in(type_keyword: Option<Node<'w>>) -> Vec<&'w str> {
        match type_keyword {
            Some(t) if t.is_sequence() => t.items().filter_map(|i| i.as_str()).collect(),
            Some(t) => t.as_str().into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// Whether null is allowed: 3.0 `nullable: true` or a 3.1 type list holding `"null"`.
    pub fn is_nullable(&self) -> bool {
        Schema::nullable_in(self.node.get("nullable"), &self.types())
    }

    /// [`Schema::is_nullable`] from the `nullable` keyword's value and the declared types.
    pub fn nullable_in(nullable_keyword: Option<Node<'w>>, types: &[&str]) -> bool {
        nullable_keyword.and_then(|n| n.as_bool()) == Some(true) || types.contains(&"null")
    }

    pub fn format(&self) -> Option<&'w str> {
        self.node.get("format")?.as_str()
    }

    pub fn pattern(&self) -> Option<Node<'w>> {
        self.node.get("pattern")
    }

    pub fn enum_values(&self) -> Option<Node<'w>> {
        self.node.get("enum")
    }
}
