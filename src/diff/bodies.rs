//! Request bodies, responses, their media types and response headers.

use super::schema::{self, Direction};
use super::{Changes, checks};
use crate::resolve::Node;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Operation, Response};

fn required(n: Node<'_>) -> bool {
    n.get("required").and_then(|r| r.as_bool()) == Some(true)
}

pub(super) fn request_body(b: &Operation<'_>, h: &Operation<'_>, changes: &mut Changes) {
    match (b.request_body(), h.request_body()) {
        (None, Some(hb)) if required(hb.node) => changes.push(
            &checks::REQUEST_BODY_ADDED_REQUIRED,
            "a required request body was added".into(),
            None,
            Some(hb.written),
        ),
        (None, Some(hb)) => changes.push(
            &checks::REQUEST_BODY_ADDED,
            "an optional request body was added".into(),
            None,
            Some(hb.written),
        ),
        (Some(bb), None) => changes.push(
            &checks::REQUEST_BODY_REMOVED,
            "the request body was removed".into(),
            Some(bb.written),
            None,
        ),
        (Some(bb), Some(hb)) => {
            match (required(bb.node), required(hb.node)) {
                (false, true) => changes.push(
                    &checks::REQUEST_BODY_BECAME_REQUIRED,
                    "the request body became required".into(),
                    Some(bb.node),
                    hb.node.get("required"),
                ),
                (true, false) => changes.push(
                    &checks::REQUEST_BODY_BECAME_OPTIONAL,
                    "the request body became optional".into(),
                    bb.node.get("required"),
                    Some(hb.node),
                ),
                _ => {}
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
    let (removed, added) = match direction {
        Direction::Request => (
            &checks::REQUEST_MEDIA_TYPE_REMOVED,
            &checks::REQUEST_MEDIA_TYPE_ADDED,
        ),
        Direction::Response => (
            &checks::RESPONSE_MEDIA_TYPE_REMOVED,
            &checks::RESPONSE_MEDIA_TYPE_ADDED,
        ),
    };
    let bm = crate::spec::media_types(b);
    let hm = crate::spec::media_types(h);
    for (name, bv) in &bm {
        match hm.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            None => changes.push(
                removed,
                format!("the {what} media type '{name}' was removed"),
                Some(bv.written),
                None,
            ),
            Some((_, hv)) => match (content_schema(bv.node), content_schema(hv.node)) {
                (Some(bs), Some(hs)) => {
                    schema::compare(bs, hs, direction, &format!("{what} ({name})"), changes)
                }
                (None, Some(hs)) => changes.push(
                    direction.pick(
                        &checks::REQUEST_MEDIA_TYPE_SCHEMA_ADDED,
                        &checks::RESPONSE_MEDIA_TYPE_SCHEMA_ADDED,
                    ),
                    format!("the {what} media type '{name}' now has a schema"),
                    Some(bv.written),
                    Some(hs),
                ),
                (Some(bs), None) => changes.push(
                    direction.pick(
                        &checks::REQUEST_MEDIA_TYPE_SCHEMA_REMOVED,
                        &checks::RESPONSE_MEDIA_TYPE_SCHEMA_REMOVED,
                    ),
                    format!("the {what} media type '{name}' no longer has a schema"),
                    Some(bs),
                    Some(hv.written),
                ),
                (None, None) => {}
            },
        }
    }
    for (name, hv) in &hm {
        if !bm.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            changes.push(
                added,
                format!("the {what} media type '{name}' was added"),
                None,
                Some(hv.written),
            );
        }
    }
}

/// A media type's schema; an empty one (`{}`) says no more than none.
fn content_schema(media: Node<'_>) -> Option<Node<'_>> {
    media
        .get("schema")
        .filter(|s| !(s.resolve().is_mapping() && s.resolve().members().next().is_none()))
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

pub(super) fn responses(
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
    let same = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
    for br in &base {
        match head.iter().find(|hr| same(hr.status, br.status)) {
            None if own_check(br.status) => {}
            None => {
                let check = if is_success(br.status) {
                    &checks::RESPONSE_SUCCESS_STATUS_REMOVED
                } else {
                    &checks::RESPONSE_STATUS_REMOVED
                };
                changes.push(
                    check,
                    format!("the {} response was removed", br.status),
                    Some(br.key),
                    None,
                );
            }
            Some(hr) => response(br, hr, options, in_scope, changes),
        }
    }
    for hr in &head {
        if !base.iter().any(|br| same(br.status, hr.status)) && !own_check(hr.status) {
            changes.push(
                &checks::RESPONSE_STATUS_ADDED,
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
                let check = if required(bh.node()) {
                    &checks::RESPONSE_REQUIRED_HEADER_REMOVED
                } else {
                    &checks::RESPONSE_HEADER_REMOVED
                };
                changes.push(
                    check,
                    format!("the {what} header '{}' was removed", bh.name),
                    Some(bh.key),
                    None,
                );
            }
            Some(hh) => {
                if required(bh.node()) && !required(hh.node()) {
                    changes.push(
                        &checks::RESPONSE_HEADER_BECAME_OPTIONAL,
                        format!("the {what} header '{}' is no longer always sent", bh.name),
                        bh.node().get("required"),
                        Some(hh.node().get("required").unwrap_or(hh.key)),
                    );
                }
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
                &checks::RESPONSE_HEADER_ADDED,
                format!("the {what} header '{}' was added", hh.name),
                None,
                Some(hh.key),
            );
        }
    }
}
