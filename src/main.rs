//! Thin binary: arguments in, exit code out. Everything else lives in the library.

fn main() {
    // The child that runs ECMA matches where they can be stopped (see `pattern::isolated`).
    if std::env::args_os().nth(1).as_deref()
        == Some(specguard::pattern::isolated::SUBCOMMAND.as_ref())
    {
        std::process::exit(specguard::pattern::isolated::serve());
    }
    specguard::pattern::isolated::use_this_executable();
    specguard::cli::exiting_after_run();
    std::process::exit(specguard::cli::run(std::env::args_os()));
}
