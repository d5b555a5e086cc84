//! Command line: parse arguments, run the library, choose the exit code
//! (0 nothing at or above the fail threshold, 1 findings, 2 usage or unreadable input).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::lint::lint_workspace_with;
use crate::report::{self, Item, PrettyOptions};
use crate::resolve::{LoadOptions, Loader, SpecInput, Workspace};
use crate::source::DEFAULT_MAX_FILE_SIZE;
use crate::syntax::DEFAULT_MAX_DEPTH;
use std::sync::atomic::{AtomicBool, Ordering};

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "specguard",
    version,
    about = "Lint OpenAPI documents for the idempotency contract and diff them for breaking changes"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check specs (files, `-` for stdin, or `REV:path` from git) and report findings.
    Lint(LintArgs),
    /// Compare a base spec with a head spec and report every change that can break clients.
    Diff(DiffArgs),
    /// List the built-in rules with their default severity.
    Rules(RulesArgs),
    /// Print a rule's documentation: what it checks, why, and a bad and a good example.
    Explain(ExplainArgs),
    /// Print a shell completion script to standard output (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print a manual page (roff) to standard output: specguard(1), or a subcommand's.
    Man(ManArgs),
}

#[derive(Args, Debug)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
struct ManArgs {
    /// A subcommand (e.g. `lint`) for its own page, specguard-lint(1); none for specguard(1).
    subcommand: Option<String>,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The base spec: a file, `-`, or `REV:path` (e.g. `main:openapi.yaml`).
    #[arg(required_unless_present = "list_checks")]
    base: Option<String>,
    /// The head spec, in the same forms.
    #[arg(required_unless_present = "list_checks")]
    head: Option<String>,
    /// List every diff check with its default level, area and summary, and exit.
    #[arg(long, conflicts_with_all = ["base", "head"])]
    list_checks: bool,
    /// Exit 1 when a change is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Pretty)]
    format: DiffFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Configuration file, for its `diff:` section and idempotency options [default: the
    /// nearest .specguard.yaml at or above the head spec].
    #[arg(long, value_name = "FILE", conflicts_with = "ruleset")]
    config: Option<PathBuf>,
    /// The same as --config.
    #[arg(long, value_name = "FILE")]
    ruleset: Option<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warn,
    Info,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Code frames for people.
    Pretty,
    /// The JSON contract (see the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the head files.
    Github,
    /// A changelog to post as a pull request comment.
    Markdown,
}

#[derive(Args, Debug)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// A rule id, e.g. `idempotency-key-missing`.
    rule: String,
}

#[derive(Args, Debug)]
struct LintArgs {
    /// Spec files, `-` for stdin, or git revisions as `REV:path` (e.g. `main:openapi.yaml`).
    #[arg(required = true, value_name = "SPEC")]
    specs: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailSeverity::Error)]
    fail_severity: FailSeverity,
    /// Configuration file [default: the nearest .specguard.yaml at or above each spec].
    #[arg(long, value_name = "FILE", conflicts_with = "ruleset")]
    config: Option<PathBuf>,
    /// The same as --config (the name the source material's CI uses).
    #[arg(long, value_name = "FILE")]
    ruleset: Option<PathBuf>,
    /// Baseline mode: report only findings that the same spec at git revision REV does not
    /// have (matched by rule, file and JSON pointer, not by line).
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(Args, Debug)]
struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct LoadArgs {
    /// Directory `$ref`s may not leave [default: the nearest directory holding .git above the
    /// spec, else the spec's directory].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Refuse spec files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Refuse documents nested deeper than this.
    #[arg(long, value_name = "LEVELS", default_value_t = DEFAULT_MAX_DEPTH)]
    max_depth: usize,
    /// Refuse to load more than this many files for one spec through `$ref`.
    #[arg(long, value_name = "N", default_value_t = crate::resolve::DEFAULT_MAX_FILES)]
    max_files: usize,
    /// Refuse to follow a chain of `$ref`s (each naming the next) longer than this.
    #[arg(long, value_name = "N", default_value_t = crate::resolve::DEFAULT_MAX_REF_CHAIN)]
    max_ref_chain: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Code frames for people.
    Pretty,
    /// The JSON contract (see the README).
    Json,
    /// SARIF 2.1.0, for code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML, one test suite per file.
    Junit,
    /// A Markdown table, for a pull request comment or a job summary.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailSeverity {
    Error,
    Warn,
    Info,
    Hint,
    None,
}

impl FailSeverity {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailSeverity::Error => Some(Severity::Error),
            FailSeverity::Warn => Some(Severity::Warn),
            FailSeverity::Info => Some(Severity::Info),
            FailSeverity::Hint => Some(Severity::Hint),
            FailSeverity::None => None,
        }
    }
}

/// Set by the binary, which exits as soon as [`run`] returns: what a run loaded is then left
/// to the operating system to reclaim with the process instead of being freed allocation by
/// allocation (over a millisecond for a 4 MB spec, on the path of every run). Library callers
/// that do not set it free as usual.
static EXITING_AFTER_RUN: AtomicBool = AtomicBool::new(false);

/// Tells [`run`] that the process exits right after it returns (see [`EXITING_AFTER_RUN`]).
pub fn exiting_after_run() {
    EXITING_AFTER_RUN.store(true, Ordering::Relaxed);
}

/// Drops `value`, unless the process is about to exit anyway.
fn release<T>(value: T) {
    if EXITING_AFTER_RUN.load(Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

/// Runs the command line and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Command::Lint(args) => lint(args),
        Command::Diff(args) => diff(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain(args) => explain(args),
        Command::Completions(args) => completions(args),
        Command::Man(args) => man(args),
    }
}

/// The command line as clap sees it, named as installed (`specguard`), for the generators.
fn command_for_docs() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn completions(args: CompletionsArgs) -> i32 {
    let mut cmd = command_for_docs();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "specguard", &mut script);
    print_generated(script)
}

fn man(args: ManArgs) -> i32 {
    let cmd = command_for_docs();
    let page = match &args.subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let known: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                return fail(&format!(
                    "no subcommand '{name}' (known: {})",
                    known.join(", ")
                ));
            }
        },
    };
    let mut roff = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page)
        .source(format!("specguard {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
    {
        return fail(&format!("cannot render the manual page: {e}"));
    }
    print_generated(roff)
}

/// Writes generated text (a completion script, a manual page) to standard output.
fn print_generated(bytes: Vec<u8>) -> i32 {
    let text = String::from_utf8_lossy(&bytes);
    match write_output(None, &text) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => fail(&e),
    }
}

fn loader(args: &LoadArgs) -> Result<Loader, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    Ok(Loader::new(
        LoadOptions {
            root: args.root.clone(),
            max_file_size: args.max_file_size,
            max_depth: args.max_depth,
            max_files: args.max_files,
            max_ref_chain: args.max_ref_chain,
        },
        cwd,
    ))
}

/// One spec argument's outcome: its workspace and findings, or why it could not be read.
type Linted = Result<(Workspace, Vec<Finding>), String>;

fn lint(args: LintArgs) -> i32 {
    let loader = match loader(&args.load) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    // A directory stands for the OpenAPI documents under it.
    let mut names: Vec<String> = Vec::new();
    let mut inputs: Vec<SpecInput> = Vec::new();
    for arg in &args.specs {
        let path = loader.cwd().join(arg);
        if arg != "-" && path.is_dir() {
            let found = crate::source::walk::openapi_documents(&path);
            if found.is_empty() {
                return fail(&format!(
                    "{arg}: no OpenAPI documents (files with a top-level `openapi:` or `swagger:`) in this directory"
                ));
            }
            for f in found {
                let rel = f
                    .strip_prefix(loader.cwd())
                    .map(crate::source::slash_path)
                    .unwrap_or_else(|_| f.display().to_string());
                names.push(rel);
                inputs.push(SpecInput::File(f));
            }
        } else {
            names.push(arg.clone());
            inputs.push(SpecInput::parse(arg, loader.cwd()));
        }
    }
    if let Some(rev) = &args.since {
        let checked = loader
            .repo(loader.cwd())
            .and_then(|r| r.resolve_commit(rev));
        if let Err(e) = checked {
            return fail(&format!("--since {rev}: {e}"));
        }
    }
    let configs = match configs_for(
        &inputs,
        args.config.as_ref().or(args.ruleset.as_ref()),
        loader.cwd(),
    ) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{}", e.render());
            return EXIT_FAILURE;
        }
    };
    let loaded: Vec<(usize, Linted)> = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let config = &configs[i];
            let lint_one = |ws: &Workspace| {
                config.apply(ws, lint_workspace_with(ws, &config.engine_settings()))
            };
            let result = loader
                .load(input)
                .map(|ws| {
                    let mut findings = lint_one(&ws);
                    if let Some(rev) = &args.since {
                        let known = baseline(&loader, input, rev, &lint_one);
                        findings.retain(|f| !known.contains(&finding_key(&loader, &ws, f)));
                    }
                    (ws, findings)
                })
                .map_err(|e| e.to_string());
            (i, result)
        })
        .collect();
    let mut failed = false;
    for (i, result) in &loaded {
        if let Err(message) = result {
            eprintln!("error: {}: {message}", names[*i]);
            failed = true;
        }
    }
    // Nothing was read: a human report would only say "No findings in 0 files" under the
    // errors. Machine formats still get their (empty) document.
    if failed
        && args.output.format == Format::Pretty
        && loaded.iter().all(|(_, result)| result.is_err())
    {
        return EXIT_FAILURE;
    }
    let mut items: Vec<Item<'_>> = loaded
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .flat_map(|(ws, findings)| findings.iter().map(move |finding| Item { ws, finding }))
        .collect();
    report::sort_and_dedupe(&mut items);
    let files = file_names(&loaded);
    let text = match args.output.format {
        Format::Json => report::render_json(&items, files.len()),
        Format::Pretty => report::render_pretty(
            &items,
            files.len(),
            PrettyOptions {
                color: use_color(args.output.output.as_ref()),
            },
        ),
        Format::Sarif => report::render_sarif(
            &items,
            &crate::lint::all_rule_meta(),
            env!("CARGO_PKG_VERSION"),
        ),
        Format::Github => report::render_github(&items),
        Format::Junit => report::render_junit(&items, &files),
        Format::Markdown => report::render_markdown(&items, files.len()),
    };
    if let Err(e) = write_output(args.output.output.as_ref(), &text) {
        return fail(&e);
    }
    if failed {
        return EXIT_FAILURE;
    }
    let over = args
        .fail_severity
        .threshold()
        .is_some_and(|t| items.iter().any(|i| i.finding.severity >= t));
    let code = if over { EXIT_FINDINGS } else { EXIT_CLEAN };
    release(items);
    release(loaded);
    code
}

/// The configuration of each spec: the one given, or the nearest `.specguard.yaml` at or above
/// the spec's directory (the current directory for stdin and revisions), else the built-in
/// defaults. Each distinct file is read once.
fn configs_for(
    inputs: &[SpecInput],
    explicit: Option<&PathBuf>,
    cwd: &std::path::Path,
) -> Result<Vec<std::sync::Arc<Config>>, crate::config::ConfigError> {
    let mut cache: std::collections::HashMap<Option<PathBuf>, std::sync::Arc<Config>> =
        Default::default();
    inputs
        .iter()
        .map(|input| {
            let dir = match input {
                SpecInput::File(p) => crate::resolve::normalize(&cwd.join(p))
                    .parent()
                    .map_or(cwd.to_path_buf(), |d| d.to_path_buf()),
                _ => cwd.to_path_buf(),
            };
            let path = match explicit {
                Some(p) => Some(cwd.join(p)),
                None => Config::discover(&dir),
            };
            if let Some(c) = cache.get(&path) {
                return Ok(c.clone());
            }
            let config = std::sync::Arc::new(match &path {
                Some(p) => Config::load(p)?,
                None => Config::builtin(cwd),
            });
            cache.insert(path, config.clone());
            Ok(config)
        })
        .collect()
}

/// What identifies a finding across revisions: rule, the file's path in the repository, and
/// the JSON pointer (lines move with unrelated edits; pointers do not).
type FindingKey = (&'static str, String, String);

fn finding_key(loader: &Loader, ws: &Workspace, f: &Finding) -> FindingKey {
    (
        f.rule,
        repo_path(loader, &ws.source(f.location.source).origin),
        f.location.pointer.clone(),
    )
}

/// A source's path relative to its repository's work tree.
fn repo_path(loader: &Loader, origin: &crate::source::Origin) -> String {
    use crate::source::Origin;
    match origin {
        Origin::Git { path, .. } => path.clone(),
        Origin::File(p) => {
            let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            loader
                .repo(p.parent().unwrap_or(p))
                .ok()
                .and_then(|r| {
                    real.strip_prefix(r.workdir())
                        .ok()
                        .map(crate::source::slash_path)
                })
                .unwrap_or_else(|| crate::source::slash_path(p))
        }
        Origin::Stdin { .. } => "-".into(),
    }
}

/// The finding keys of the same spec at `rev`: none when the spec is not in that revision
/// (then every finding is new).
fn baseline(
    loader: &Loader,
    input: &SpecInput,
    rev: &str,
    lint_one: &dyn Fn(&Workspace) -> Vec<Finding>,
) -> std::collections::HashSet<FindingKey> {
    let base_input = match input {
        SpecInput::File(p) => {
            let abs = crate::resolve::normalize(&loader.cwd().join(p));
            let path = repo_path(loader, &crate::source::Origin::File(abs));
            SpecInput::Git {
                rev: rev.to_string(),
                path,
            }
        }
        SpecInput::Git { path, .. } => SpecInput::Git {
            rev: rev.to_string(),
            path: path.clone(),
        },
        SpecInput::Stdin => return Default::default(),
    };
    match loader.load(&base_input) {
        Ok(ws) => lint_one(&ws)
            .iter()
            .map(|f| finding_key(loader, &ws, f))
            .collect(),
        Err(_) => Default::default(),
    }
}

/// Distinct files looked at across all loaded specs, sorted.
fn file_names(loaded: &[(usize, Linted)]) -> Vec<String> {
    let mut names: Vec<String> = loaded
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .flat_map(|(ws, _)| ws.files().iter().map(|f| f.source.name.clone()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn use_color(output: Option<&PathBuf>) -> bool {
    output.is_none() && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn write_output(output: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                // A closed pipe (`specguard lint x | head`) is not an error worth a message.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the report: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

fn fail(message: &str) -> i32 {
    eprintln!("error: {message}");
    EXIT_FAILURE
}

fn list_rules(args: RulesArgs) -> i32 {
    print!(
        "{}",
        report::render_rule_list(args.format == ListFormat::Json)
    );
    EXIT_CLEAN
}

fn explain(args: ExplainArgs) -> i32 {
    match crate::rules::find(&args.rule) {
        Some(rule) => {
            let m = rule.meta;
            let level = crate::rules::default_level(m).map_or("off", |s| s.as_str());
            println!(
                "# {}\n\n{}\n\nDefault severity: {level}\n\n{}",
                m.id,
                m.summary,
                m.docs.trim_end()
            );
            EXIT_CLEAN
        }
        None => fail(&format!(
            "unknown rule '{}'; `specguard rules` lists them",
            args.rule
        )),
    }
}

fn diff(args: DiffArgs) -> i32 {
    if args.list_checks {
        return match args.format {
            DiffFormat::Pretty | DiffFormat::Json => {
                print!(
                    "{}",
                    report::render_check_list(args.format == DiffFormat::Json)
                );
                EXIT_CLEAN
            }
            other => fail(&format!(
                "--list-checks prints text (the default) or --format json, not {}",
                other
                    .to_possible_value()
                    .map_or("?".into(), |v| v.get_name().to_string())
            )),
        };
    }
    let (Some(base_arg), Some(head_arg)) = (&args.base, &args.head) else {
        return fail("diff needs a base and a head spec");
    };
    if base_arg == "-" && head_arg == "-" {
        return fail("BASE and HEAD cannot both be `-`: standard input can be read only once");
    }
    let loader = match loader(&args.load) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let (base_input, head_input) = (
        SpecInput::parse(base_arg, loader.cwd()),
        SpecInput::parse(head_arg, loader.cwd()),
    );
    // The head spec's configuration, found as lint finds a spec's.
    let config = match configs_for(
        std::slice::from_ref(&head_input),
        args.config.as_ref().or(args.ruleset.as_ref()),
        loader.cwd(),
    ) {
        Ok(mut c) => c.remove(0),
        Err(e) => {
            eprint!("{}", e.render());
            return EXIT_FAILURE;
        }
    };
    let (base, head) = rayon::join(|| loader.load(&base_input), || loader.load(&head_input));
    let (base, head) = match (base, head) {
        (Ok(b), Ok(h)) => (b, h),
        (Err(e), _) => return fail(&format!("{base_arg}: {e}")),
        (_, Err(e)) => return fail(&format!("{head_arg}: {e}")),
    };
    let documents = (
        crate::spec::Document::new(&base),
        crate::spec::Document::new(&head),
    );
    let (Some(base_doc), Some(head_doc)) = documents else {
        // Not OpenAPI on one side: show why, as lint would.
        for (name, ws) in [(base_arg, &base), (head_arg, &head)] {
            if crate::spec::Document::new(ws).is_none() {
                let findings = crate::lint::lint_workspace_with(
                    ws,
                    &crate::lint::engine::RuleSettings {
                        severities: Default::default(),
                        ..Default::default()
                    },
                );
                let items: Vec<Item<'_>> = findings
                    .iter()
                    .map(|finding| Item { ws, finding })
                    .collect();
                eprint!(
                    "{}",
                    report::render_pretty(&items, 1, PrettyOptions { color: false })
                );
                eprintln!("error: {name} is not an OpenAPI document");
            }
        }
        return EXIT_FAILURE;
    };
    let options = crate::diff::DiffOptions {
        idempotency: config.idempotency.clone(),
        sunset: config.diff.sunset,
    };
    let changes = crate::diff::diff_with(base_doc, head_doc, &options);
    let outcome = config.diff.apply(changes);
    // Only GitHub annotations need to know where base files are in head.
    let counterparts = if args.format == DiffFormat::Github {
        counterparts(&loader, &base, &head)
    } else {
        Default::default()
    };
    let diff_report = report::DiffReport {
        base: &base,
        head: &head,
        changes: &outcome.changes,
        accepted: outcome.accepted.len(),
        off: outcome.off,
        counterparts: &counterparts,
    };
    let text = match args.format {
        DiffFormat::Json => report::render_changes_json(&diff_report),
        DiffFormat::Pretty => report::render_changes_pretty(
            &diff_report,
            PrettyOptions {
                color: use_color(args.output.as_ref()),
            },
        ),
        DiffFormat::Sarif => report::render_changes_sarif(&diff_report, env!("CARGO_PKG_VERSION")),
        DiffFormat::Github => report::render_changes_github(&diff_report),
        DiffFormat::Markdown => report::render_changes_markdown(&diff_report),
    };
    if let Err(e) = write_output(args.output.as_ref(), &text) {
        return fail(&e);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(crate::diff::Level::Error),
        FailOn::Warn => Some(crate::diff::Level::Warn),
        FailOn::Info => Some(crate::diff::Level::Info),
        FailOn::None => None,
    };
    let code = if threshold.is_some_and(|t| outcome.changes.iter().any(|c| c.level >= t)) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    release((base, head, outcome));
    code
}

/// Where each file of the base spec is in the head spec: the entry documents are each
/// other's; another file is the head file with the same repository path (`main:api/a.yaml`
/// and `api/a.yaml`), else with the same path relative to its entry document (`old/a.yaml`
/// and `new/a.yaml` when diffing `old/openapi.yaml` with `new/openapi.yaml`).
fn counterparts(
    loader: &Loader,
    base: &Workspace,
    head: &Workspace,
) -> std::collections::HashMap<crate::source::SourceId, crate::source::SourceId> {
    use std::collections::HashMap;
    // Only files in a work tree have a repository path (asking git about every file of a
    // spec outside any repository would start one process each).
    let in_repo = |origin: &crate::source::Origin| match origin {
        crate::source::Origin::File(p) => p
            .parent()
            .and_then(crate::resolve::find_git_root)
            .map(|_| repo_path(loader, origin)),
        crate::source::Origin::Git { path, .. } => Some(path.clone()),
        crate::source::Origin::Stdin { .. } => None,
    };
    let relative = |ws: &Workspace, origin: &crate::source::Origin| {
        let dir = origin_dir(&ws.entry().source.origin)?;
        Some(relative_path(&origin_path(origin)?, &dir))
    };
    let mut by_repo_path = HashMap::new();
    let mut by_relative_path = HashMap::new();
    for f in head.files().iter().rev() {
        let (id, origin) = (f.source.id, &f.source.origin);
        if let Some(p) = in_repo(origin) {
            by_repo_path.insert(p, id);
        }
        if let Some(p) = relative(head, origin) {
            by_relative_path.insert(p, id);
        }
    }
    let mut map = HashMap::from([(base.entry().source.id, head.entry().source.id)]);
    for f in &base.files()[1..] {
        let origin = &f.source.origin;
        let found = in_repo(origin)
            .and_then(|p| by_repo_path.get(&p))
            .or_else(|| relative(base, origin).and_then(|p| by_relative_path.get(&p)));
        if let Some(&id) = found {
            map.insert(f.source.id, id);
        }
    }
    map
}

/// A source's path, `/`-separated: on disk (absolute) or in its repository.
fn origin_path(origin: &crate::source::Origin) -> Option<String> {
    use crate::source::Origin;
    match origin {
        Origin::File(p) => Some(crate::source::slash_path(p)),
        Origin::Git { path, .. } => Some(path.clone()),
        Origin::Stdin { .. } => None,
    }
}

/// The directory of a source's path (see [`origin_path`]).
fn origin_dir(origin: &crate::source::Origin) -> Option<String> {
    origin_path(origin).map(|p| {
        p.rsplit_once('/')
            .map_or(String::new(), |(dir, _)| dir.to_string())
    })
}

/// `path` relative to the directory `dir` (both `/`-separated), with `..` where it is not
/// below it.
fn relative_path(path: &str, dir: &str) -> String {
    let parts = |s: &str| -> Vec<String> {
        s.split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (path, dir) = (parts(path), parts(dir));
    let common = path.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; dir.len() - common];
    out.extend(path[common..].iter().map(String::as_str));
    out.join("/")
}
