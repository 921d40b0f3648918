//! The layers of `docs/architecture.md` point one way: no module names a module of a layer
//! below it (test code aside, which may drive the whole pipeline).

use std::fs;
use std::path::Path;

/// The layers, lowest first, each with its top-level modules under `src/`.
const LAYERS: &[&[&str]] = &[
    &["allocator", "source", "glob", "suggest"],
    &["yaml"],
    &["diagnostic"],
    &["model"],
    &["semantic"],
    &["rules"],
    &["octopoid"],
    &["registry"],
    &["pipeline", "suppress", "settings", "fix", "breaking"],
    &["render", "generate", "schema", "docs"],
    &["cli", "lsp", "remote"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The module's source files, each without its test module.
fn sources(module: &str) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let single = src.join(format!("{module}.rs"));
    if single.exists() {
        files.push(single);
    }
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty(), "no sources for `{module}`");
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (path.display().to_string(), code)
        })
        .collect()
}

#[test]
fn no_module_names_a_layer_above_it() {
    let mut backwards = Vec::new();
    for (level, layer) in LAYERS.iter().enumerate() {
        for module in *layer {
            for (path, code) in sources(module) {
                for (at, _) in code.match_indices("crate::") {
                    let name: String = code[at + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(other) = layer_of(&name)
                        && other > level
                    {
                        let line = code[..at].lines().count();
                        backwards.push(format!("{path}:{line}: `{module}` names `{name}`"));
                    }
                }
            }
        }
    }
    assert!(backwards.is_empty(), "{}", backwards.join("\n"));
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(module) = line.strip_prefix("pub mod ") {
            let module = module.trim_end_matches(';');
            assert!(layer_of(module).is_some(), "`{module}` is in no layer");
        }
    }
}
