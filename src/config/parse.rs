//! Reading a config file into a [`Config`], every mistake a located finding.

use std::path::{Path, PathBuf};

use super::{BUILTIN_IDEMPOTENCY, Config, Override, Target};
use crate::finding::{Finding, Severity};
use crate::report::{self, Item, PrettyOptions};
use crate::resolve::{LoadOptions, Loader, Node, SpecInput, Workspace};

/// The rule id of configuration mistakes.
pub const CONFIG_ERROR: &str = "config-error";

const TOP_KEYS: [&str; 6] = [
    "extends",
    "rules",
    "idempotency",
    "overrides",
    "ignore",
    "diff",
];
const OPTION_KEYS: [&str; 8] = [
    "methods",
    "header",
    "aliases",
    "canonical-pattern",
    "conflict-status",
    "status-header",
    "status-values",
    "payload-mismatch-status",
];
const HTTP_METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// A validated option value, applied over a set of options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    List(Vec<String>),
    Text(String),
}

impl OptionValue {
    pub fn apply(&self, key: &str, o: &mut crate::rules::options::IdempotencyOptions) {
        match (key, self) {
            ("methods", OptionValue::List(l)) => o.methods = l.clone(),
            ("aliases", OptionValue::List(l)) => o.aliases = l.clone(),
            ("status-values", OptionValue::List(l)) => o.status_values = l.clone(),
            ("header", OptionValue::Text(t)) => o.header = t.clone(),
            ("status-header", OptionValue::Text(t)) => o.status_header = t.clone(),
            ("canonical-pattern", OptionValue::Text(t)) => o.canonical_pattern = t.clone(),
            ("conflict-status", OptionValue::Text(t)) => o.conflict_status = t.clone(),
            ("payload-mismatch-status", OptionValue::Text(t)) => {
                o.payload_mismatch_status = t.clone()
            }
            _ => {}
        }
    }
}

/// Why a configuration cannot be used (exit code 2).
pub struct ConfigError {
    /// Located findings, with the workspace (the config file) they point into.
    pub located: Vec<(Workspace, Vec<Finding>)>,
    /// A problem with no location (the file cannot be read).
    pub message: Option<String>,
}

impl ConfigError {
    fn message(text: String) -> ConfigError {
        ConfigError {
            located: Vec::new(),
            message: Some(text),
        }
    }

    /// The errors as code frames (for standard error).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(m) = &self.message {
            out.push_str(&format!("error: {m}\n"));
        }
        for (ws, findings) in &self.located {
            let items: Vec<Item<'_>> = findings
                .iter()
                .map(|finding| Item { ws, finding })
                .collect();
            out.push_str(&report::render_pretty(
                &items,
                1,
                PrettyOptions { color: false },
            ));
        }
        out
    }

    /// The located findings (for tests and machine output).
    pub fn findings(&self) -> impl Iterator<Item = (&Workspace, &Finding)> {
        self.located
            .iter()
            .flat_map(|(ws, f)| f.iter().map(move |f| (ws, f)))
    }
}

impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    load_chain(path, &mut Vec::new())
}

fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Config, ConfigError> {
    let cwd = std::env::current_dir().map_err(|e| ConfigError::message(e.to_string()))?;
    let abs = crate::resolve::normalize(&cwd.join(path));
    if chain.contains(&abs) {
        return Err(ConfigError::message(format!(
            "{}: `extends` comes back to this file",
            abs.display()
        )));
    }
    chain.push(abs.clone());
    let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let loader = Loader::new(
        LoadOptions {
            root: Some(dir.clone()),
            ..Default::default()
        },
        cwd,
    );
    let ws = loader.load(&SpecInput::File(abs.clone())).map_err(|e| {
        // The read error is worded to follow a name (`no such file`): give it the path.
        ConfigError::message(format!(
            "cannot read the configuration {}: {e}",
            path.display()
        ))
    })?;
    let mut errors: Vec<Finding> = ws.findings().to_vec();
    let mut config = Config::builtin(&dir);
    config.path = Some(abs.clone());
    if let Some(root) = ws.root().filter(|_| errors.is_empty()) {
        let mut p = Parser {
            errors: &mut errors,
            config: &mut config,
            dir: &dir,
            chain,
        };
        p.document(root);
    }
    chain.pop();
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(ConfigError {
            located: vec![(ws, errors)],
            message: None,
        })
    }
}

/// Applies a built-in ruleset by name.
pub fn apply_builtin(config: &mut Config, name: &str) -> Result<(), String> {
    match name {
        "specguard:idempotency" => {
            let loader = Loader::new(LoadOptions::default(), PathBuf::from("/"));
            let ws = loader.load_bytes(
                "rules/idempotency.yaml",
                BUILTIN_IDEMPOTENCY.as_bytes().to_vec(),
            );
            let mut errors = Vec::new();
            let dir = config.dir.clone();
            let mut chain = Vec::new();
            let root = ws.root().ok_or("the built-in ruleset is empty")?;
            Parser {
                errors: &mut errors,
                config,
                dir: &dir,
                chain: &mut chain,
            }
            .document(root);
            match errors.first() {
                None => Ok(()),
                Some(e) => Err(e.message.clone()),
            }
        }
        "specguard:all" => {
            for rule in crate::rules::REGISTRY {
                config
                    .levels
                    .insert(rule.meta.id, Some(rule.meta.default_severity));
            }
            Ok(())
        }
        other => Err(format!(
            "unknown built-in ruleset '{other}' (known: specguard:idempotency, specguard:all)"
        )),
    }
}

struct Parser<'a> {
    errors: &'a mut Vec<Finding>,
    config: &'a mut Config,
    dir: &'a Path,
    chain: &'a mut Vec<PathBuf>,
}

impl Parser<'_> {
    fn error(&mut self, at: Node<'_>, message: impl Into<String>) {
        let location = if at.is_mapping() || at.is_sequence() {
            at.key_location()
        } else {
            at.location()
        };
        self.errors.push(Finding::new(
            CONFIG_ERROR,
            Severity::Error,
            location,
            message,
        ));
    }

    fn document(&mut self, root: Node<'_>) {
        if !root.is_mapping() {
            return self.error(root, "the configuration must be a mapping");
        }
        // `extends` first: it sets the starting point the other keys change.
        if let Some(extends) = root.get("extends") {
            self.extends(extends);
        }
        for (key, value) in root.entries() {
            match key.scalar().unwrap_or("") {
                "extends" => {}
                "rules" => {
                    let levels = self.rules(value);
                    self.config.levels.extend(levels);
                }
                "idempotency" => self.options(value),
                "overrides" => self.overrides(value),
                "ignore" => self.ignore(value),
                "diff" => self.diff(value),
                other => self.error(
                    key,
                    format!(
                        "unknown key '{other}' (expected one of: {})",
                        TOP_KEYS.join(", ")
                    ),
                ),
            }
        }
    }

    fn extends(&mut self, value: Node<'_>) {
        // An explicit `extends` starts from no rules at all.
        for rule in crate::rules::REGISTRY {
            self.config.levels.insert(rule.meta.id, None);
        }
        let items: Vec<Node<'_>> = if value.is_sequence() {
            value.items().collect()
        } else {
            vec![value]
        };
        for item in items {
            let Some(name) = item.as_str() else {
                self.error(item, "`extends` takes a ruleset name or a file path");
                continue;
            };
            if name.starts_with("specguard:") {
                if let Err(e) = apply_builtin(self.config, name) {
                    self.error(item, e);
                }
                continue;
            }
            match load_chain(&self.dir.join(name), self.chain) {
                Ok(base) => {
                    self.config.levels.extend(base.levels);
                    self.config.idempotency = base.idempotency;
                    self.config.rule_options.extend(base.rule_options);
                    self.config.overrides.extend(base.overrides);
                    self.config.ignores.extend(base.ignores);
                    self.config.diff.levels.extend(base.diff.levels);
                    self.config.diff.accepted.extend(base.diff.accepted);
                    self.config.diff.sunset = base.diff.sunset;
                }
                Err(e) => {
                    let detail = e
                        .message
                        .unwrap_or_else(|| "it has errors (reported below)".into());
                    self.error(item, format!("cannot extend '{name}': {detail}"));
                    for (_, findings) in e.located {
                        self.errors.extend(findings);
                    }
                }
            }
        }
    }

    /// `{rule: level}` or `{rule: {severity: level, options: {...}}}`; options (any
    /// `idempotency:` option, for this rule only) are allowed in the top-level `rules`.
    fn rules(&mut self, map: Node<'_>) -> Vec<(&'static str, Option<Severity>)> {
        self.rules_with(map, true)
    }

    fn rules_with(
        &mut self,
        map: Node<'_>,
        allow_options: bool,
    ) -> Vec<(&'static str, Option<Severity>)> {
        let mut out = Vec::new();
        if !map.is_mapping() {
            self.error(
                map,
                "`rules` must map rule ids to a level (off, hint, info, warn, error)",
            );
            return out;
        }
        for (key, value) in map.entries() {
            let name = key.scalar().unwrap_or("");
            let Some(id) = self.known_rule(key) else {
                continue;
            };
            let level_node = if value.is_mapping() {
                for (k, v) in value.entries() {
                    match k.scalar().unwrap_or("") {
                        "severity" => {}
                        "options" if allow_options => {
                            let values = self.option_values(v, "a rule's `options`");
                            self.config.rule_options.entry(id).or_default().extend(values);
                        }
                        "options" => self.error(k, "rule options belong in the top-level `rules`, not in an override"),
                        other => self.error(k, format!("unknown key '{other}' in a rule setting (expected severity, options)")),
                    }
                }
                match value.get("severity") {
                    Some(s) => s,
                    None if value.get("options").is_some() => continue,
                    None => {
                        self.error(
                            value,
                            format!("rule '{name}' needs a `severity` or `options`"),
                        );
                        continue;
                    }
                }
            } else {
                value
            };
            match level_node.scalar().and_then(crate::rules::parse_level) {
                Some(level) => out.push((id, level)),
                None => self.error(
                    level_node,
                    format!(
                        "'{}' is not a level: expected off, hint, info, warn or error",
                        level_node.scalar().unwrap_or("?")
                    ),
                ),
            }
        }
        out
    }

    fn options(&mut self, map: Node<'_>) {
        for (key, value) in self.option_values(map, "`idempotency`") {
            value.apply(&key, &mut self.config.idempotency);
        }
    }

    /// Validated `idempotency:` options of a mapping (the shared section or a rule's own).
    fn option_values(&mut self, map: Node<'_>, what: &str) -> Vec<(String, OptionValue)> {
        let mut out = Vec::new();
        if !map.is_mapping() {
            self.error(map, format!("{what} must be a mapping of options"));
            return out;
        }
        for (key, value) in map.entries() {
            let name = key.scalar().unwrap_or("").to_string();
            let parsed = match name.as_str() {
                "methods" => self.strings(value).and_then(|list| {
                    let bad: Vec<&str> = list
                        .iter()
                        .map(String::as_str)
                        .filter(|m| !HTTP_METHODS.contains(&m.to_ascii_lowercase().as_str()))
                        .collect();
                    if bad.is_empty() {
                        Some(OptionValue::List(
                            list.iter().map(|m| m.to_ascii_lowercase()).collect(),
                        ))
                    } else {
                        self.error(value, format!("not an HTTP method: {}", bad.join(", ")));
                        None
                    }
                }),
                "aliases" => self.strings(value).map(OptionValue::List),
                "status-values" => match self.strings(value) {
                    Some(list) if !list.is_empty() => Some(OptionValue::List(list)),
                    Some(_) => {
                        self.error(value, "`status-values` must not be empty");
                        None
                    }
                    None => None,
                },
                "header" | "status-header" => {
                    let v = value.as_str().filter(|s| is_header_name(s));
                    if v.is_none() {
                        self.error(value, format!("`{name}` must be an HTTP header name"));
                    }
                    v.map(|v| OptionValue::Text(v.to_string()))
                }
                "canonical-pattern" => {
                    match value.as_str() {
                        Some(p) => match crate::pattern::validate(p) {
                            Ok(()) => Some(OptionValue::Text(p.to_string())),
                            Err(e) => {
                                self.error(value, format!("`canonical-pattern` is not an ECMA-262 regular expression: {e}"));
                                None
                            }
                        },
                        None => {
                            self.error(value, "`canonical-pattern` must be a string");
                            None
                        }
                    }
                }
                "conflict-status" | "payload-mismatch-status" => {
                    let v = value.scalar().filter(|s| is_status(s));
                    if v.is_none() {
                        self.error(
                            value,
                            format!("`{name}` must be an HTTP status code (100-599)"),
                        );
                    }
                    v.map(|v| OptionValue::Text(v.to_string()))
                }
                other => {
                    self.error(
                        key,
                        format!(
                            "unknown idempotency option '{other}' (expected one of: {})",
                            OPTION_KEYS.join(", ")
                        ),
                    );
                    None
                }
            };
            if let Some(v) = parsed {
                out.push((name, v));
            }
        }
        out
    }

    fn overrides(&mut self, list: Node<'_>) {
        if !list.is_sequence() {
            return self.error(list, "`overrides` must be a list of {files, rules}");
        }
        for item in list.items() {
            if !item.is_mapping() {
                self.error(item, "an override is a mapping with `files` and `rules`");
                continue;
            }
            self.only_keys(item, &["files", "rules"], "an override");
            let targets = match item.get("files") {
                Some(files) => self
                    .strings(files)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| self.target(files, f))
                    .collect(),
                None => {
                    self.error(item, "an override needs `files`");
                    continue;
                }
            };
            let levels = match item.get("rules") {
                Some(r) => self.rules_with(r, false),
                None => {
                    self.error(item, "an override needs `rules`");
                    continue;
                }
            };
            self.config.overrides.push(Override { targets, levels });
        }
    }

    fn ignore(&mut self, map: Node<'_>) {
        if !map.is_mapping() {
            return self.error(
                map,
                "`ignore` must map rule ids to lists of `file#/pointer`",
            );
        }
        for (key, value) in map.entries() {
            let Some(id) = self.known_rule(key) else {
                continue;
            };
            for place in self.strings(value).unwrap_or_default() {
                if let Some(t) = self.target(value, &place) {
                    self.config.ignores.push((id, t));
                }
            }
        }
    }

    /// `diff: {checks: {check-id: level}, accepted: [{fingerprint, reason}],
    /// deprecation-days: {stable: N, beta: N}}`.
    fn diff(&mut self, map: Node<'_>) {
        if !map.is_mapping() {
            return self.error(
                map,
                "`diff` must be a mapping with `checks`, `accepted` and `deprecation-days`",
            );
        }
        for (key, value) in map.entries() {
            match key.scalar().unwrap_or("") {
                "checks" => self.diff_checks(value),
                "accepted" => self.accepted(value),
                "deprecation-days" => self.deprecation_days(value),
                other => self.error(
                    key,
                    format!(
                        "unknown key '{other}' in `diff` (expected checks, accepted, deprecation-days)"
                    ),
                ),
            }
        }
    }

    /// `{stable: N, beta: N}`: the days of notice a new deprecation's `x-sunset` must give.
    fn deprecation_days(&mut self, map: Node<'_>) {
        if !map.is_mapping() {
            return self.error(
                map,
                "`diff.deprecation-days` must be a mapping like {stable: 180, beta: 30}",
            );
        }
        for (key, value) in map.entries() {
            let days = value
                .as_str()
                .is_none()
                .then(|| value.scalar().and_then(|v| v.parse::<u32>().ok()))
                .flatten();
            let Some(days) = days else {
                self.error(value, "expected a number of days (0 or more)");
                continue;
            };
            match key.scalar().unwrap_or("") {
                "stable" => self.config.diff.sunset.stable_days = days,
                "beta" => self.config.diff.sunset.beta_days = days,
                other => self.error(
                    key,
                    format!(
                        "unknown key '{other}' in `diff.deprecation-days` (expected stable, beta)"
                    ),
                ),
            }
        }
    }

    /// `{check-id: off|info|warn|error}`.
    fn diff_checks(&mut self, map: Node<'_>) {
        if !map.is_mapping() {
            return self.error(
                map,
                "`diff.checks` must map diff check ids to a level (off, info, warn, error)",
            );
        }
        for (key, value) in map.entries() {
            let name = key.scalar().unwrap_or("");
            let Some(check) = crate::diff::checks::find(name) else {
                self.error(
                    key,
                    format!(
                        "unknown diff check '{name}' (`specguard diff --list-checks` lists them)"
                    ),
                );
                continue;
            };
            match value.scalar().and_then(diff_level) {
                Some(level) => {
                    self.config.diff.levels.insert(check.id.to_string(), level);
                }
                None => self.error(
                    value,
                    format!(
                        "'{}' is not a diff level: expected off, info, warn or error",
                        value.scalar().unwrap_or("?")
                    ),
                ),
            }
        }
    }

    /// `[{fingerprint: 16 hex digits, reason: text}]`.
    fn accepted(&mut self, list: Node<'_>) {
        if !list.is_sequence() {
            return self.error(
                list,
                "`diff.accepted` must be a list of {fingerprint, reason}",
            );
        }
        for item in list.items() {
            if !item.is_mapping() {
                self.error(
                    item,
                    "an accepted change is a mapping with `fingerprint` and an optional `reason`",
                );
                continue;
            }
            self.only_keys(item, &["fingerprint", "reason"], "an accepted change");
            let reason = match item.get("reason") {
                None => String::new(),
                Some(r) => match r.scalar() {
                    Some(text) => text.to_string(),
                    None => {
                        self.error(r, "`reason` must be a text");
                        continue;
                    }
                },
            };
            let Some(fingerprint) = item.get("fingerprint") else {
                self.error(
                    item,
                    "an accepted change needs its `fingerprint` (as `specguard diff --format json` prints it)",
                );
                continue;
            };
            match fingerprint
                .scalar()
                .filter(|t| t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                Some(text) => {
                    self.config
                        .diff
                        .accepted
                        .insert(text.to_ascii_lowercase(), reason);
                }
                None => self.error(
                    fingerprint,
                    format!(
                        "'{}' is not a change fingerprint: 16 hexadecimal digits, as `specguard diff --format json` prints them",
                        fingerprint.scalar().unwrap_or("?")
                    ),
                ),
            }
        }
    }

    /// `glob` or `glob#/json/pointer`.
    fn target(&mut self, at: Node<'_>, text: &str) -> Option<Target> {
        let (glob, pointer) = match text.split_once('#') {
            Some((g, p)) => (g, Some(p.to_string())),
            None => (text, None),
        };
        if let Some(p) = &pointer {
            if let Err(e) = crate::syntax::pointer::parse(p) {
                self.error(at, format!("'{text}': {e}"));
                return None;
            }
        }
        match globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
        {
            Ok(g) => Some(Target {
                glob: g.compile_matcher(),
                pointer,
            }),
            Err(e) => {
                self.error(at, format!("'{glob}' is not a valid glob: {e}"));
                None
            }
        }
    }

    /// A located error for each key of `map` that is not one of `expected`.
    fn only_keys(&mut self, map: Node<'_>, expected: &[&str], what: &str) {
        for (k, _) in map.entries() {
            let name = k.scalar().unwrap_or("?");
            if !expected.contains(&name) {
                self.error(
                    k,
                    format!(
                        "unknown key '{name}' in {what} (expected {})",
                        expected.join(", ")
                    ),
                );
            }
        }
    }

    /// The rule a key names, or a located error when no rule has that id.
    fn known_rule(&mut self, key: Node<'_>) -> Option<&'static str> {
        let name = key.scalar().unwrap_or("");
        let id = rule_id(name);
        if id.is_none() {
            self.error(
                key,
                format!("unknown rule '{name}' (`specguard rules` lists them)"),
            );
        }
        id
    }

    fn strings(&mut self, value: Node<'_>) -> Option<Vec<String>> {
        if !value.is_sequence() {
            self.error(value, "expected a list of strings");
            return None;
        }
        let mut out = Vec::new();
        for item in value.items() {
            match item.scalar() {
                Some(s) if !item.is_mapping() => out.push(s.to_string()),
                _ => {
                    self.error(item, "expected a string");
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// A known rule id (registry or loader), as the static string.
fn rule_id(name: &str) -> Option<&'static str> {
    crate::rules::find(name).map(|r| r.meta.id).or_else(|| {
        crate::lint::LOADER_RULE_META
            .iter()
            .find(|m| m.id == name)
            .map(|m| m.id)
    })
}

/// A diff level as configured: `off` is `Some(None)`.
fn diff_level(text: &str) -> Option<Option<crate::diff::Level>> {
    use crate::diff::Level;
    match text {
        "off" => Some(None),
        "info" => Some(Some(Level::Info)),
        "warn" | "warning" => Some(Some(Level::Warn)),
        "error" => Some(Some(Level::Error)),
        _ => None,
    }
}

fn is_header_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_status(s: &str) -> bool {
    s.len() == 3 && s.parse::<u16>().is_ok_and(|n| (100..600).contains(&n))
}
