//! specguard: lint OpenAPI documents for the idempotency contract and diff them for
//! client-breaking changes, with every finding at its exact file, line and column.
//!
//! The pipeline runs one way: [`source`] (bytes) -> [`syntax`] (spanned tree) -> [`resolve`]
//! (`$ref` graph over many files) -> [`spec`] (typed views) -> [`lint`] -> [`report`].

pub mod cli;
pub mod config;
pub mod diff;
pub mod finding;
pub mod lint;
pub mod pattern;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod spec;
pub mod syntax;
