//! The Octopoid project the real-editor tests open (Neovim, Emacs): an agent bound to the
//! role `implementer` (`agent-role-mismatch`: the task role is `implement`) and a flow whose
//! `agent: implement` matches no agent (`flow-agent-unmatched`).

use std::path::{Path, PathBuf};

/// Writes the project's `.octopoid/` under `dir/svc` and returns `dir/svc`.
pub fn write(dir: &Path) -> PathBuf {
    let project = dir.join("svc");
    let files = [
        (
            "agents/implementer/agent.yaml",
            "role: implementer\nmodel: sonnet\n",
        ),
        (
            "flows/default.yaml",
            "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implement}\n  \"claimed -> provisional\": {}\n  \"provisional -> done\": {}\n",
        ),
    ];
    for (path, text) in files {
        let path = project.join(".octopoid").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    project
}
