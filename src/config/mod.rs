//! Configuration: `.specguard.yaml` (found from a spec's directory upward, nearest wins) or
//! `--config`/`--ruleset FILE`. It is read with the spec loader itself, so every mistake in it
//! is a finding with an exact location; any such finding stops the run with exit code 2.
//!
//! ```yaml
//! extends: specguard:idempotency        # or specguard:all, a file, a list; [] = start empty
//! rules: {idempotency-key-format: off, idempotency-payload-mismatch-missing: {severity: warn}}
//! idempotency: {methods: [post, patch, put], aliases: [PayPal-Request-Id]}
//! overrides: [{files: ['legacy/**', 'api.yaml#/paths/~1old'], rules: {idempotency-key-missing: warn}}]
//! ignore: {idempotency-key-missing: ['api.yaml#/paths/~1health/post']}
//! diff:                                  # for `specguard diff`, by check id and fingerprint
//!   checks: {response-property-added: off, request-property-removed: error}
//!   accepted: [{fingerprint: e67d0998793b2b06, reason: approved in #123}]
//! ```

mod parse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};
use crate::lint::engine::RuleSettings;
use crate::resolve::Workspace;
use crate::source::Origin;

pub use parse::{ConfigError, OptionValue};

/// File names looked for, in this order, in each directory from the spec's upward.
pub const FILE_NAMES: [&str; 2] = [".specguard.yaml", ".specguard.yml"];

/// The built-in rulesets, embedded.
pub const BUILTIN_IDEMPOTENCY: &str = include_str!("../../rules/idempotency.yaml");

/// Where a pattern applies: files matching a glob (relative to the config's directory), and
/// optionally only below a JSON pointer in them.
#[derive(Debug, Clone)]
pub struct Target {
    glob: globset::GlobMatcher,
    pointer: Option<String>,
}

impl Target {
    fn matches(&self, file: &str, pointer: &str) -> bool {
        self.glob.is_match(file)
            && self
                .pointer
                .as_deref()
                .is_none_or(|p| pointer == p || pointer.starts_with(&format!("{p}/")))
    }
}

#[derive(Debug, Clone)]
pub struct Override {
    targets: Vec<Target>,
    levels: Vec<(&'static str, Option<Severity>)>,
}

/// A loaded configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (None: the built-in defaults).
    pub path: Option<PathBuf>,
    /// Globs are relative to this directory.
    pub dir: PathBuf,
    /// Level per rule id (loader rules included; None = off).
    pub levels: HashMap<&'static str, Option<Severity>>,
    pub idempotency: crate::rules::options::IdempotencyOptions,
    /// Rules with options of their own: `idempotency:` keys given under `rules: {id: {options}}`,
    /// applied over the shared options.
    pub rule_options: HashMap<&'static str, Vec<(String, OptionValue)>>,
    pub overrides: Vec<Override>,
    pub ignores: Vec<(&'static str, Target)>,
    /// The `diff:` section: diff checks re-levelled or off, changes accepted.
    pub diff: crate::diff::DiffSettings,
}

impl Config {
    /// The built-in defaults (the embedded `rules/idempotency.yaml`), for specs in `dir`.
    pub fn builtin(dir: &Path) -> Config {
        let mut config = Config {
            path: None,
            dir: dir.to_path_buf(),
            levels: crate::lint::LOADER_RULE_META
                .iter()
                .map(|m| (m.id, Some(m.default_severity)))
                .collect(),
            idempotency: Default::default(),
            rule_options: HashMap::new(),
            overrides: Vec::new(),
            ignores: Vec::new(),
            diff: Default::default(),
        };
        parse::apply_builtin(&mut config, "specguard:idempotency")
            .expect("the built-in ruleset is valid");
        config
    }

    /// Loads a config file (and what it extends).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        parse::load(path)
    }

    /// The nearest config file at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    /// What the engine must run: every registry rule enabled in the base or in an override
    /// (the level of each finding is settled afterwards by [`Config::apply`]).
    pub fn engine_settings(&self) -> RuleSettings {
        let mut severities = HashMap::new();
        for rule in crate::rules::REGISTRY {
            let id = rule.meta.id;
            let base = self.levels.get(id).copied().flatten();
            let any_override = self
                .overrides
                .iter()
                .flat_map(|o| o.levels.iter())
                .find(|(r, l)| *r == id && l.is_some())
                .and_then(|(_, l)| *l);
            severities.insert(id, base.or(any_override));
        }
        let rule_options = self
            .rule_options
            .iter()
            .map(|(id, changes)| {
                let mut options = self.idempotency.clone();
                for (key, value) in changes {
                    value.apply(key, &mut options);
                }
                (*id, options)
            })
            .collect();
        RuleSettings {
            severities,
            idempotency: self.idempotency.clone(),
            rule_options,
        }
    }

    /// Sets each finding's level from the base levels and the overrides matching its file and
    /// pointer (later overrides win), and drops findings that are off or ignored.
    pub fn apply(&self, ws: &Workspace, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                let file = self.relative_name(&ws.source(f.location.source).origin);
                let pointer = f.location.pointer.as_str();
                let mut level = match self.levels.get(f.rule) {
                    Some(l) => *l,
                    None => Some(f.severity),
                };
                for o in &self.overrides {
                    if o.targets.iter().any(|t| t.matches(&file, pointer)) {
                        if let Some((_, l)) = o.levels.iter().find(|(r, _)| *r == f.rule) {
                            level = *l;
                        }
                    }
                }
                if self
                    .ignores
                    .iter()
                    .any(|(r, t)| *r == f.rule && t.matches(&file, pointer))
                {
                    return None;
                }
                f.severity = level?;
                Some(f)
            })
            .collect()
    }

    /// A source's name as globs see it: relative to the config's directory, `/`-separated; a
    /// revision's file by its repository path; stdin as `-`.
    pub fn relative_name(&self, origin: &Origin) -> String {
        match origin {
            Origin::File(path) => match path.strip_prefix(&self.dir) {
                Ok(rel) => crate::source::slash_path(rel),
                Err(_) => crate::source::slash_path(path),
            },
            Origin::Git { path, .. } => path.clone(),
            Origin::Stdin { .. } => "-".to_string(),
        }
    }
}
