//! Links the browser build with relocations kept (`--emit-relocs`): scripts/split-wasm.mjs needs them
//! to split the wasm into the first-load module and the chunks of the views loaded on demand.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
