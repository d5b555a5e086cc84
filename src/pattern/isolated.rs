//! Running the backtracking ECMA engine where it can be stopped: in a child process.
//!
//! `regress` backtracks, and a hostile `pattern` (`^(?=.)(([0-9a-f-]+)+)+!$`) makes it run for
//! hours on a 36-character key while its memory grows by about 100 MB a second. A thread cannot
//! be interrupted, so the `specguard` binary runs every ECMA match in a copy of itself
//! (`specguard __match-sample`, see [`serve`]) under an address-space limit, and kills it at the
//! deadline: a pattern costs at most [`super::sample::DEADLINE`] and [`MEMORY_LIMIT`], whatever
//! it is. After [`MAX_TIME_OUTS`] patterns have timed out in one run, further ones are not
//! tried (reported as not checked), so a spec full of them still ends in bounded time.
//!
//! As a library (tests, fuzzing, other hosts), no executable is registered and matching falls
//! back to a worker thread with the same deadline ([`super::sample::bounded`]).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// The hidden subcommand the child runs.
pub const SUBCOMMAND: &str = "__match-sample";

/// Address space the child may use; `regress` on a few thousand short strings needs a few MB.
pub const MEMORY_LIMIT: u64 = 512 << 20;

/// Time-outs after which a run stops trying the ECMA engine at all.
pub const MAX_TIME_OUTS: usize = 4;

static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();
static TIME_OUTS: AtomicUsize = AtomicUsize::new(0);

/// Registers the running executable as the isolated matcher; called by the `specguard` binary's
/// `main`, never by the library (a test harness is not a matcher).
pub fn use_this_executable() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = EXECUTABLE.set(exe);
    }
}

/// For each pattern, whether it matches each string; `None` when the engine did not finish
/// within `deadline` (or was out of memory, or too many patterns already timed out).
pub(crate) fn matches_within(
    patterns: Vec<String>,
    strings: Vec<String>,
    deadline: Duration,
) -> Option<Vec<Vec<bool>>> {
    if TIME_OUTS.load(Ordering::SeqCst) >= MAX_TIME_OUTS {
        return None;
    }
    let result = match EXECUTABLE.get() {
        Some(exe) => in_child(exe, &Request { patterns, strings }, deadline),
        None => super::sample::bounded(deadline, move || {
            super::sample::matches(&patterns, &strings)
        }),
    };
    if result.is_none() {
        TIME_OUTS.fetch_add(1, Ordering::SeqCst);
    }
    result
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Request {
    patterns: Vec<String>,
    strings: Vec<String>,
}

fn in_child(exe: &PathBuf, request: &Request, deadline: Duration) -> Option<Vec<Vec<bool>>> {
    let mut command = Command::new(exe);
    command
        .arg(SUBCOMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // The child limits its own memory (see `serve`): a `pre_exec` hook here would make std
    // fork this whole process (page tables of every loaded spec) instead of spawning the
    // child directly, which cost milliseconds per pattern checked.
    let mut child = command.spawn().ok()?;
    let (patterns, strings) = (request.patterns.len(), request.strings.len());
    let request = serde_json::to_vec(request).ok()?;
    let mut stdin = child.stdin.take()?;
    let mut stdout = child.stdout.take()?;
    let (tx, rx) = mpsc::channel();
    // Writing and reading on a helper thread: the child may die before reading everything.
    std::thread::spawn(move || {
        let written = stdin.write_all(&request).is_ok();
        drop(stdin);
        let mut out = String::new();
        let read = stdout.read_to_string(&mut out).is_ok();
        let _ = tx.send((written && read).then_some(out));
    });
    let answer = rx.recv_timeout(deadline).ok().flatten();
    if answer.is_none() {
        let _ = child.kill();
    }
    let status = child.wait().ok()?;
    let out = answer.filter(|_| status.success())?;
    let rows: Vec<Vec<bool>> = out
        .lines()
        .map(|line| line.bytes().map(|b| b == b'1').collect())
        .collect();
    (rows.len() == patterns && rows.iter().all(|r| r.len() == strings)).then_some(rows)
}

/// Caps this process's address space at [`MEMORY_LIMIT`]; the child calls it before it reads
/// anything, so no request runs without it.
#[cfg(unix)]
fn limit_own_memory() {
    let limit = libc::rlimit {
        rlim_cur: MEMORY_LIMIT as libc::rlim_t,
        rlim_max: MEMORY_LIMIT as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_own_memory() {}

/// The child's side: read a request on stdin, write one line of `0`/`1` per pattern.
pub fn serve() -> i32 {
    limit_own_memory();
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return 2;
    }
    let Ok(request) = serde_json::from_slice::<Request>(&input) else {
        return 2;
    };
    let rows = super::sample::matches(&request.patterns, &request.strings);
    let mut out = String::with_capacity(rows.len() * (request.strings.len() + 1));
    for row in rows {
        out.extend(row.iter().map(|&m| if m { '1' } else { '0' }));
        out.push('\n');
    }
    match std::io::stdout().write_all(out.as_bytes()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
