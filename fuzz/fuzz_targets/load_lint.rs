//! One document of arbitrary bytes: loaded as standard input (format sniffed from the
//! content), or as a file named `.yaml` or `.json` (format from the name, so YAML text meets
//! the JSON parser and the other way round), then linted and rendered.
//!
//! The way in is chosen by the input's length modulo 3, so the bytes themselves (and seed
//! files copied as they are) stay untouched, and an inserted or erased byte switches it.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use specguard::resolve::SpecInput;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch("load_lint");
    let loader = common::loader(dir);
    let ws = match data.len() % 3 {
        0 => loader.load_bytes("stdin.yaml", data.to_vec()),
        mode => {
            let name = if mode == 1 { "doc.yaml" } else { "doc.json" };
            let path = dir.join(name);
            std::fs::write(&path, data).expect("write the document");
            let loaded = loader.load(&SpecInput::File(path.clone()));
            std::fs::remove_file(&path).expect("remove the document");
            loaded.expect("a file just written is readable")
        }
    };
    common::lint_and_render(&ws);
});
