//! Loading a spec and its `$ref` closure: read the entry, then breadth-first, one level of newly
//! referenced files at a time, read and parse each level in parallel. Every ref is checked
//! against the root before anything is read; refused refs are findings, never followed.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::paths::{
    find_git_root, is_within, join_repo_path, normalize, repo_is_within, repo_parent,
};
use super::reference::{RefForm, parse_ref};
use super::targets::{Miss, Pending, Resolver, follow_chains};
use super::{LoadedFile, NodeRef, Ref, Workspace, rules};
use crate::finding::{Finding, Severity};
use crate::source::git::{GitError, GitRepo};
use crate::source::{
    DEFAULT_MAX_FILE_SIZE, Origin, ReadError, Source, SourceId, read_file_limited,
    too_large_message,
};
use crate::syntax::{self, DEFAULT_MAX_DEPTH, NodeKind, ScalarKind, Tree};

/// Files at least this large get their line index built while they are parsed.
const LINE_INDEX_ALONGSIDE_BYTES: usize = 256 << 10;

/// Resource limits and the root, as the CLI flags set them.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Refs may not leave this directory. Default: the nearest directory holding `.git` above
    /// the entry file, else the entry file's directory.
    pub root: Option<PathBuf>,
    pub max_file_size: u64,
    pub max_depth: usize,
    /// Files one spec may pull in through `$ref` (the entry included).
    pub max_files: usize,
    /// Refs one chain may pass through (`A: {$ref: B}`, `B: {$ref: C}`, ...).
    pub max_ref_chain: usize,
}

/// Real specs chain two or three refs; ten thousand still stops a generated runaway.
pub const DEFAULT_MAX_REF_CHAIN: usize = 10_000;

/// The DigitalOcean spec has 2,850 files; ten thousand leaves room and still stops a runaway.
pub const DEFAULT_MAX_FILES: usize = 10_000;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            root: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_depth: DEFAULT_MAX_DEPTH,
            max_files: DEFAULT_MAX_FILES,
            max_ref_chain: DEFAULT_MAX_REF_CHAIN,
        }
    }
}

/// A spec argument as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecInput {
    File(PathBuf),
    Stdin,
    /// `REV:path`, with git's meaning of the path: relative to the repository root, or to the
    /// current directory when it starts with `./` or `../`.
    Git {
        rev: String,
        path: String,
    },
}

impl SpecInput {
    /// `-` is stdin; an existing path is a file (it wins over a `REV:path` reading); otherwise
    /// `REV:path` when there is a colon with text on both sides; otherwise a (missing) file.
    pub fn parse(arg: &str, cwd: &Path) -> SpecInput {
        if arg == "-" {
            return SpecInput::Stdin;
        }
        if cwd.join(arg).exists() {
            return SpecInput::File(PathBuf::from(arg));
        }
        if let Some((rev, path)) = arg.split_once(':') {
            let drive_letter = rev.len() == 1 && path.starts_with(['\\', '/']);
            if !rev.is_empty() && !path.is_empty() && !drive_letter {
                return SpecInput::Git {
                    rev: rev.to_string(),
                    path: path.to_string(),
                };
            }
        }
        SpecInput::File(PathBuf::from(arg))
    }
}

/// Why there is no document to look at (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    Read(ReadError),
    Git(GitError),
    Stdin(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Read(e) => e.fmt(f),
            LoadError::Git(e) => e.fmt(f),
            LoadError::Stdin(e) => write!(f, "cannot read standard input: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads specs. Holds the options and one git reader per repository, shared by every spec
/// loaded through it (both sides of a diff read through the same `cat-file` child).
pub struct Loader {
    options: LoadOptions,
    cwd: PathBuf,
    repos: Mutex<HashMap<PathBuf, Arc<GitRepo>>>,
}

/// Where refs may go.
enum Root {
    Dir {
        lexical: PathBuf,
        canonical: Option<PathBuf>,
    },
    Repo {
        repo: Arc<GitRepo>,
        /// Repository sub-directory refs must stay in (`""` for the whole repository).
        dir: String,
    },
}

/// A document named by a ref, before or after reading.
struct DocSlot {
    origin: Origin,
    loaded: Result<SourceId, String>,
}

/// The documents of one load, by origin, with the ones not read yet.
struct Docs {
    slots: Vec<DocSlot>,
    by_origin: HashMap<Origin, usize>,
    unread: Vec<usize>,
}

impl Docs {
    fn add(&mut self, origin: Origin) -> usize {
        let d = self.slots.len();
        self.slots.push(DocSlot {
            origin: origin.clone(),
            loaded: Err(String::new()),
        });
        self.by_origin.insert(origin, d);
        self.unread.push(d);
        d
    }
}

impl Loader {
    pub fn new(options: LoadOptions, cwd: PathBuf) -> Loader {
        Loader {
            options,
            cwd,
            repos: Mutex::new(HashMap::new()),
        }
    }

    pub fn options(&self) -> &LoadOptions {
        &self.options
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// Loads a spec and everything it references.
    pub fn load(&self, input: &SpecInput) -> Result<Workspace, LoadError> {
        let (origin, bytes, root) = self.read_entry(input)?;
        Ok(self.load_from(origin, bytes, root))
    }

    /// Loads a spec given as bytes, as if read from standard input in the current directory.
    pub fn load_bytes(&self, name: &str, bytes: Vec<u8>) -> Workspace {
        let root = self.dir_root(
            self.options
                .root
                .clone()
                .unwrap_or_else(|| self.default_root(&self.cwd)),
        );
        let origin = Origin::Stdin {
            cwd: self.cwd.clone(),
        };
        let mut ws = self.load_from(origin, bytes, root);
        ws.files[0].source.name = name.to_string();
        ws
    }

    fn read_entry(&self, input: &SpecInput) -> Result<(Origin, Vec<u8>, Root), LoadError> {
        let limit = self.options.max_file_size;
        match input {
            SpecInput::File(path) => {
                let abs = normalize(&self.cwd.join(path));
                let bytes = read_file_limited(&abs, limit, false).map_err(LoadError::Read)?;
                let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
                let root = match &self.options.root {
                    Some(r) => normalize(&self.cwd.join(r)),
                    None => self.default_root(&dir),
                };
                Ok((Origin::File(abs), bytes, self.dir_root(root)))
            }
            SpecInput::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .take(limit + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| LoadError::Stdin(e.to_string()))?;
                if bytes.len() as u64 > limit {
                    return Err(LoadError::Read(ReadError::TooLarge {
                        path: PathBuf::from("-"),
                        size: None,
                        limit,
                    }));
                }
                let root = match &self.options.root {
                    Some(r) => normalize(&self.cwd.join(r)),
                    None => self.default_root(&self.cwd),
                };
                Ok((
                    Origin::Stdin {
                        cwd: self.cwd.clone(),
                    },
                    bytes,
                    self.dir_root(root),
                ))
            }
            SpecInput::Git { rev, path } => {
                let repo = self.repo(&self.cwd).map_err(LoadError::Git)?;
                let commit = repo.resolve_commit(rev).map_err(LoadError::Git)?;
                let repo_path = self.repo_path(&repo, path).ok_or_else(|| {
                    LoadError::Git(GitError::PathNotFound {
                        rev: rev.clone(),
                        path: path.clone(),
                    })
                })?;
                let bytes = repo
                    .read_blob(&commit, rev, &repo_path, limit)
                    .map_err(LoadError::Git)?;
                let dir = match &self.options.root {
                    Some(r) => {
                        let abs = normalize(&self.cwd.join(r));
                        abs.strip_prefix(repo.workdir())
                            .map(crate::source::slash_path)
                            .unwrap_or_default()
                    }
                    None => String::new(),
                };
                let origin = Origin::Git {
                    repo: repo.workdir().to_path_buf(),
                    rev: rev.clone(),
                    commit,
                    path: repo_path,
                };
                Ok((origin, bytes, Root::Repo { repo, dir }))
            }
        }
    }

    /// A `REV:path` path as a repository path: git's rule, `./` and `../` are relative to the
    /// current directory, anything else to the repository root.
    fn repo_path(&self, repo: &GitRepo, path: &str) -> Option<String> {
        if path.starts_with("./") || path.starts_with("../") {
            let cwd = std::fs::canonicalize(&self.cwd).unwrap_or_else(|_| self.cwd.clone());
            let rel = cwd.strip_prefix(repo.workdir()).ok()?;
            join_repo_path(&crate::source::slash_path(rel), path)
        } else {
            join_repo_path("", path)
        }
    }

    /// The repository holding `dir`, through this loader's one reader per repository.
    pub fn repo(&self, dir: &Path) -> Result<Arc<GitRepo>, GitError> {
        let mut repos = self.repos.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(repo) = repos.values().find(|r| dir.starts_with(r.workdir())) {
            return Ok(repo.clone());
        }
        let repo = Arc::new(GitRepo::discover(dir)?);
        repos.insert(repo.workdir().to_path_buf(), repo.clone());
        Ok(repo)
    }

    fn default_root(&self, dir: &Path) -> PathBuf {
        find_git_root(dir).unwrap_or_else(|| dir.to_path_buf())
    }

    fn dir_root(&self, lexical: PathBuf) -> Root {
        let canonical = std::fs::canonicalize(&lexical).ok();
        Root::Dir { lexical, canonical }
    }

    fn load_from(&self, origin: Origin, bytes: Vec<u8>, root: Root) -> Workspace {
        let name = origin.display_name(&self.cwd);
        let entry = Source::new(SourceId(0), origin.clone(), name, bytes);
        let mut ws = Workspace {
            files: vec![LoadedFile {
                source: entry,
                tree: Tree::default(),
            }],
            refs: Vec::new(),
            ref_by_holder: Default::default(),
            findings: Vec::new(),
            max_ref_chain: self.options.max_ref_chain,
        };
        let mut docs = Docs {
            slots: vec![DocSlot {
                origin: origin.clone(),
                loaded: Ok(SourceId(0)),
            }],
            by_origin: HashMap::from([(origin, 0)]),
            unread: Vec::new(),
        };
        // Per ref: the document slot it names (None when refused) and its fragment.
        let mut ref_docs: Vec<(Option<usize>, String)> = Vec::new();

        let mut level: Vec<SourceId> = vec![SourceId(0)];
        while !level.is_empty() {
            let max_depth = self.options.max_depth;
            let parse_one = |&id: &SourceId| {
                let source = &ws.files[id.0 as usize].source;
                // Reports locate findings by line, and a large file's line index is a pass over
                // all its text: build it on a core the parse leaves idle (during the YAML cut
                // planning, or beside a one-thread JSON parse) rather than after everything.
                let parsed = if source.text.len() >= LINE_INDEX_ALONGSIDE_BYTES {
                    rayon::join(
                        || syntax::parse(source, max_depth),
                        || source.line_index().line_count(),
                    )
                    .0
                } else {
                    syntax::parse(source, max_depth)
                };
                let refs = scan_refs(&parsed.tree, &source.text);
                (parsed, refs)
            };
            // A level of one file (every single-file spec) is parsed on this thread: handing
            // it to the pool only moves a cold start to another core.
            let parsed: Vec<(syntax::Parsed, Vec<RawRef>)> = if level.len() == 1 {
                level.iter().map(parse_one).collect()
            } else {
                level.par_iter().map(parse_one).collect()
            };
            for (&id, (parsed, raw_refs)) in level.iter().zip(parsed) {
                ws.files[id.0 as usize].tree = parsed.tree;
                ws.findings.extend(parsed.findings);
                for raw in raw_refs {
                    let holder = NodeRef {
                        source: id,
                        node: raw.holder,
                    };
                    let site = NodeRef {
                        source: id,
                        node: raw.site,
                    };
                    let index = ws.refs.len() as u32;
                    ws.ref_by_holder.insert(holder, index);
                    ws.refs.push(Ref {
                        holder,
                        site,
                        target: None,
                        resolved: None,
                    });
                    let classified = match &raw.value {
                        Err(problem) => Err(Box::new(Finding::new(
                            rules::REF_INVALID,
                            Severity::Error,
                            ws.location(site),
                            problem.clone(),
                        ))),
                        Ok(value) => self.classify(&ws, &root, site, value, &mut docs),
                    };
                    let doc = classified.map_err(|f| ws.findings.push(*f)).ok();
                    let fragment = match &raw.value {
                        Ok(v) => v
                            .split_once('#')
                            .map(|(_, f)| f.to_string())
                            .unwrap_or_default(),
                        Err(_) => String::new(),
                    };
                    ref_docs.push((doc, fragment));
                }
            }
            // Read the newly named documents in parallel.
            let unread = std::mem::take(&mut docs.unread);
            let reads: Vec<Result<Vec<u8>, String>> = unread
                .par_iter()
                .map(|&d| self.read_doc(&docs.slots[d].origin, &root))
                .collect();
            level = Vec::new();
            for (&d, read) in unread.iter().zip(reads) {
                let slot = &mut docs.slots[d];
                slot.loaded = match read {
                    Ok(bytes) => {
                        let id = SourceId(ws.files.len() as u32);
                        let name = slot.origin.display_name(&self.cwd);
                        ws.files.push(LoadedFile {
                            source: Source::new(id, slot.origin.clone(), name, bytes),
                            tree: Tree::default(),
                        });
                        level.push(id);
                        Ok(id)
                    }
                    Err(message) => Err(message),
                };
            }
        }
        self.resolve_targets(&mut ws, &docs.slots, &ref_docs);
        ws
    }

    /// Decides which document a ref names, or refuses it with a finding when it may not be
    /// followed. Returns the document slot.
    fn classify(
        &self,
        ws: &Workspace,
        root: &Root,
        site: NodeRef,
        value: &str,
        docs: &mut Docs,
    ) -> Result<usize, Box<Finding>> {
        let refuse = |rule: &'static str, message: String| {
            Finding::new(rule, Severity::Error, ws.location(site), message)
        };
        let target = parse_ref(value).map_err(|form| {
            Box::new(match form {
            RefForm::Remote(url) => refuse(rules::REF_REMOTE, format!("$ref '{url}' is a remote URL; specguard does not fetch URLs"))
                    .with_help("download the document into the project and reference it by a relative path"),
            RefForm::UnsupportedScheme(scheme) => refuse(
                rules::REF_REMOTE,
                format!("$ref '{value}' uses the '{scheme}:' scheme; only relative paths and '#/' pointers are followed"),
            ),
            RefForm::NotAPointer(fragment) => refuse(
                rules::REF_INVALID,
                format!("$ref '{value}': the fragment '#{fragment}' is not a JSON pointer (it must be empty or start with '/')"),
            ),
            })
        })?;
        let from = &ws.file(site.source).source.origin;
        if target.document.is_empty() {
            return Ok(docs.by_origin[from]);
        }
        let origin = self
            .target_origin(from, &target.document, root)
            .map_err(|message| {
                refuse(rules::REF_OUTSIDE_ROOT, message)
                    .with_help("refs are confined to the project root; pass --root to widen it")
            })?;
        if let Some(&d) = docs.by_origin.get(&origin) {
            return Ok(d);
        }
        if docs.slots.len() >= self.options.max_files {
            return Err(Box::new(refuse(
                rules::LIMIT_EXCEEDED,
                format!(
                    "$ref '{value}' would load file number {}, over the limit of {} files per spec (raise it with --max-files)",
                    docs.slots.len() + 1,
                    self.options.max_files
                ),
            )));
        }
        Ok(docs.add(origin))
    }

    /// The origin of the document a relative ref names, or why it is outside the root.
    fn target_origin(&self, from: &Origin, document: &str, root: &Root) -> Result<Origin, String> {
        match (from, root) {
            (
                Origin::Git {
                    repo,
                    rev,
                    commit,
                    path,
                },
                Root::Repo { dir, .. },
            ) => {
                let joined =
                    join_repo_path(repo_parent(path), document).filter(|p| repo_is_within(p, dir));
                match joined {
                    Some(p) => Ok(Origin::Git {
                        repo: repo.clone(),
                        rev: rev.clone(),
                        commit: commit.clone(),
                        path: p,
                    }),
                    None => Err(format!(
                        "$ref '{document}' leaves the {} of revision '{rev}'",
                        if dir.is_empty() {
                            "repository".to_string()
                        } else {
                            format!("root '{dir}'")
                        }
                    )),
                }
            }
            (from, Root::Dir { lexical, .. }) => {
                let base = match from {
                    Origin::File(p) => p.parent().unwrap_or(Path::new("/")).to_path_buf(),
                    Origin::Stdin { cwd } => cwd.clone(),
                    Origin::Git { .. } => {
                        return Err("internal: a revision's ref outside its repository".into());
                    }
                };
                let target = normalize(&base.join(document));
                if !is_within(&target, lexical) {
                    return Err(format!(
                        "$ref '{document}' resolves to {}, outside the project root {}",
                        target.display(),
                        lexical.display()
                    ));
                }
                Ok(Origin::File(target))
            }
            _ => Err("internal: the ref's origin does not match the root".into()),
        }
    }

    /// Reads a referenced document, checking symlinks against the root on disk.
    fn read_doc(&self, origin: &Origin, root: &Root) -> Result<Vec<u8>, String> {
        let limit = self.options.max_file_size;
        match (origin, root) {
            (Origin::File(path), Root::Dir { canonical, .. }) => {
                if let (Ok(real), Some(canonical_root)) = (std::fs::canonicalize(path), canonical) {
                    if !real.starts_with(canonical_root) {
                        return Err(format!(
                            "OUTSIDE:{} is a symlink to {}, outside the project root {}",
                            origin.display_name(&self.cwd),
                            real.display(),
                            canonical_root.display()
                        ));
                    }
                }
                read_file_limited(path, limit, true).map_err(|e| {
                    let name = origin.display_name(&self.cwd);
                    match e {
                        ReadError::NotFound(_) => format!("{name} does not exist"),
                        ReadError::IsDirectory(_) => format!("{name} is a directory, not a file"),
                        ReadError::TooLarge { size, limit, .. } => {
                            too_large_message(&name, size, limit)
                        }
                        ReadError::NotAFile(_) => format!(
                            "{name} is not a regular file (a FIFO, device or socket); a $ref must name a file"
                        ),
                        ReadError::Io { message, .. } => format!("{name}: {message}"),
                    }
                })
            }
            (
                Origin::Git {
                    rev, commit, path, ..
                },
                Root::Repo { repo, .. },
            ) => repo
                .read_blob(commit, rev, path, limit)
                .map_err(|e| e.to_string()),
            _ => Err("internal: the document's origin does not match the root".into()),
        }
    }

    fn resolve_targets(
        &self,
        ws: &mut Workspace,
        docs: &[DocSlot],
        ref_docs: &[(Option<usize>, String)],
    ) {
        let pending: Vec<Pending> = ref_docs
            .iter()
            .map(|(doc, fragment)| Pending {
                doc: doc.and_then(|d| docs[d].loaded.as_ref().ok().copied()),
                fragment: fragment.clone(),
            })
            .collect();
        let results = Resolver::new(ws, &pending, ws.max_ref_chain).run();
        let mut findings = Vec::new();
        for (i, result) in results.iter().enumerate() {
            let r = &ws.refs[i];
            if let Ok(target) = result {
                findings.push(Ok((i, *target)));
                continue;
            }
            // Only a ref with a problem needs its text and location.
            let value = ws.node(r.site).scalar().unwrap_or_default().to_string();
            let location = ws.location(r.site);
            match result {
                Ok(_) => {}
                Err(Miss::Document) => {
                    // Refused refs were reported by `classify`; unreadable documents here.
                    if let Some(Err(message)) = ref_docs[i].0.map(|d| &docs[d].loaded) {
                        let (rule, message) = match message.strip_prefix("OUTSIDE:") {
                            Some(m) => (rules::REF_OUTSIDE_ROOT, format!("$ref '{value}': {m}")),
                            None => (
                                rules::REF_UNRESOLVED,
                                format!("$ref '{value}' cannot be followed: {message}"),
                            ),
                        };
                        findings.push(Err(Finding::new(rule, Severity::Error, location, message)));
                    }
                }
                Err(Miss::Missing { at, found }) => {
                    let doc = ref_docs[i]
                        .0
                        .and_then(|d| docs[d].loaded.as_ref().ok().copied());
                    let doc_name = doc.map(|d| ws.source(d).name.clone()).unwrap_or_default();
                    let what = match *found {
                        "a scalar" => format!("{at} runs into a scalar value"),
                        "an empty document" => "the document is empty".to_string(),
                        _ => format!("{at} does not exist"),
                    };
                    findings.push(Err(Finding::new(
                        rules::REF_UNRESOLVED,
                        Severity::Error,
                        location,
                        format!("$ref '{value}' points at nothing: in {doc_name}, {what}"),
                    )));
                }
                Err(Miss::BadPointer(message)) => findings.push(Err(Finding::new(
                    rules::REF_INVALID,
                    Severity::Error,
                    location,
                    format!("$ref '{value}': {message}"),
                ))),
                Err(Miss::Cycle) => {}
                Err(Miss::ChainTooLong(limit)) => findings.push(Err(Finding::new(
                    rules::LIMIT_EXCEEDED,
                    Severity::Error,
                    location,
                    format!(
                        "$ref '{value}' points through a chain of more than {limit} refs; it is not followed (raise the limit with --max-ref-chain)"
                    ),
                ))),
                Err(Miss::TooDeep) => findings.push(Err(Finding::new(
                    rules::LIMIT_EXCEEDED,
                    Severity::Error,
                    location,
                    format!("$ref '{value}' goes through more than 64 nested refs inside pointers"),
                ))),
            }
        }
        for f in findings {
            match f {
                Ok((i, target)) => ws.refs[i].target = Some(target),
                Err(finding) => ws.findings.push(finding),
            }
        }
        let targets: Vec<Option<NodeRef>> = ws.refs.iter().map(|r| r.target).collect();
        let chains = follow_chains(ws, &targets, ws.max_ref_chain);
        for (r, resolved) in ws.refs.iter_mut().zip(chains.resolved) {
            r.resolved = resolved;
        }
        for &first in &chains.too_long {
            let r = &ws.refs[first];
            let value = ws.node(r.site).scalar().unwrap_or_default().to_string();
            let limit = ws.max_ref_chain;
            ws.findings.push(Finding::new(
                rules::LIMIT_EXCEEDED,
                Severity::Error,
                ws.location(r.site),
                format!(
                    "$ref '{value}' starts a chain of more than {limit} refs that each name the next; it is not followed (raise the limit with --max-ref-chain)"
                ),
            ));
        }
        for cycle in chains.cycles {
            let names: Vec<String> = cycle
                .iter()
                .map(|&i| {
                    ws.node(ws.refs[i].site)
                        .scalar()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            let first = cycle[0];
            let mut finding = Finding::new(
                rules::REF_CYCLE,
                Severity::Error,
                ws.location(ws.refs[first].site),
                format!(
                    "$ref cycle that never reaches a value: {} -> back to the start",
                    names.join(" -> ")
                ),
            );
            for &i in &cycle[1..] {
                finding = finding.with_related(ws.location(ws.refs[i].site), "part of the cycle");
            }
            ws.findings.push(finding);
        }
    }
}

/// A `$ref` entry found while scanning a tree.
struct RawRef {
    holder: crate::syntax::NodeId,
    site: crate::syntax::NodeId,
    /// The ref string, or why the `$ref` value is not one.
    value: Result<String, String>,
}

/// Entries of a file scanned for `$ref`s per parallel task.
const SCAN_REFS_ENTRIES_PER_TASK: usize = 32 << 10;

/// Finds every `$ref` entry of a tree in one linear pass over its entries (each written entry
/// once, however many aliases point at it), skipping literal data such as examples.
fn scan_refs(tree: &Tree, text: &str) -> Vec<RawRef> {
    // Every entry of the file is looked at; on a large file that is worth the second core.
    let mut refs: Vec<RawRef> = tree
        .all_entries()
        .par_iter()
        .with_min_len(SCAN_REFS_ENTRIES_PER_TASK)
        .filter(|e| {
            tree.kind(e.key) == NodeKind::Scalar(ScalarKind::String)
                && tree.key_text(text, e.key) == "$ref"
        })
        .filter_map(|e| {
            let holder = tree.parent(e.key)?;
            if in_literal_data(tree, text, holder) {
                return None;
            }
            let value = match tree.kind(tree.unalias(e.value)) {
                NodeKind::Scalar(ScalarKind::String) => Ok(tree
                    .scalar(text, tree.unalias(e.value))
                    .unwrap_or_default()
                    .to_string()),
                NodeKind::Mapping | NodeKind::Sequence if is_name_map(tree, text, holder) => {
                    return None;
                }
                _ => Err(
                    "$ref must be a string (a relative path and/or a '#/' JSON pointer)"
                        .to_string(),
                ),
            };
            Some(RawRef {
                holder,
                site: e.value,
                value,
            })
        })
        .collect();
    refs.sort_by_key(|r| r.site);
    refs
}

/// Whether a mapping's keys are names chosen by the author (schema `properties`, component
/// names, status codes, header names...), where a key such as `$ref`, `default` or `example`
/// is a name, not a keyword.
fn is_name_map(tree: &Tree, text: &str, mapping: crate::syntax::NodeId) -> bool {
    tree.key_of(mapping).is_some_and(|k| {
        matches!(
            tree.key_text(text, k),
            "properties"
                | "patternProperties"
                | "dependentSchemas"
                | "definitions"
                | "$defs"
                | "schemas"
                | "responses"
                | "parameters"
                | "requestBodies"
                | "headers"
                | "securitySchemes"
                | "links"
                | "callbacks"
                | "pathItems"
                | "webhooks"
                | "paths"
                | "encoding"
                | "variables"
                | "mapping"
                | "examples"
        )
    })
}

/// Whether a node sits inside literal data (an example, a default, an enum or const value),
/// where `$ref` is just a key of the data and must not be followed.
fn in_literal_data(tree: &Tree, text: &str, node: crate::syntax::NodeId) -> bool {
    let mut current = node;
    while let Some(parent) = tree.parent(current) {
        if tree.kind(parent) == NodeKind::Mapping && !tree.is_key(current) {
            let key = tree
                .key_of(current)
                .map(|k| tree.key_text(text, k))
                .unwrap_or("");
            let name_map = is_name_map(tree, text, parent);
            let data = match key {
                "example" | "default" | "enum" | "const" | "x-example" => !name_map,
                // 3.x Example Object: its `value` is data, the object itself may be a ref.
                "value" => tree
                    .key_of(parent)
                    .and_then(|_| tree.parent(parent))
                    .and_then(|gp| tree.key_of(gp))
                    .is_some_and(|k| tree.key_text(text, k) == "examples"),
                // 3.1 schema `examples` (a list of values) is data.
                "examples" => !name_map && tree.kind(tree.unalias(current)) == NodeKind::Sequence,
                // 2.0 response `examples` map media types to literal values.
                k if k.contains('/') => tree
                    .key_of(parent)
                    .is_some_and(|pk| tree.key_text(text, pk) == "examples"),
                _ => false,
            };
            if data {
                return true;
            }
        }
        current = parent;
    }
    false
}
