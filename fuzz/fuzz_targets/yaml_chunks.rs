//! One YAML text parsed whole and cut into chunks parsed on their own and stitched (the path
//! every YAML file of 512 KiB or more takes), which must read exactly the same: the same
//! tree, spans, issues and errors, or no cut at all.
//!
//! The chunk count (2 to 32) is chosen by the input's length, so the bytes themselves (and seed
//! files copied as they are) stay untouched.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.contains('\0') {
        // YAML allows no NUL; the loader reads up to it before any cut is planned.
        return;
    }
    let parts = 2 + data.len() % 31;
    if let Err(difference) = specguard::syntax::chunked_parse_differs(text, parts) {
        panic!("chunked parse in {parts} parts differs from the whole: {difference}");
    }
});
