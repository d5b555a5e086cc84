//! Thin binary: arguments in, exit code out. Everything else lives in the library.

fn main() {
    std::process::exit(specguard::cli::run(std::env::args_os()));
}
