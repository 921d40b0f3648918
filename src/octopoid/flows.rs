//! `flows/<name>.yaml`, decoded by the definition decoder's flow reader
//! ([`crate::model::decode_flow_file`]) so transitions and conditions are read, and
//! reported, exactly as in a definition. A `child_flow` is a flow of its own, `<name>_child`.

use std::collections::BTreeSet;

use super::project::{FileKind, Sources};
use crate::model::{self, Flow, Transition};
use crate::source::Span;

/// One flow file.
#[derive(Debug)]
pub struct FlowFile {
    pub file: usize,
    /// Its `name`, or the file name when `name` is missing (which is reported).
    pub name: String,
    /// Where `name` is written, or the start of the file.
    pub name_span: Span,
    pub flow: Flow,
}

/// A flow or a child flow, as the graph rules see it: tasks start in `incoming`.
#[derive(Debug)]
pub struct FlowUnit<'a> {
    pub file: usize,
    /// `default`, or `project_child` for the child flow of `project`.
    pub name: String,
    pub is_child: bool,
    pub transitions: &'a [Transition],
    /// False when a transition could not be read: graph rules skip the flow.
    pub sound: bool,
    /// Whether the server moves tasks along it: not a project's own transitions (a flow with
    /// a `child_flow`), which move the project through `/projects`.
    pub moves_tasks: bool,
}

impl<'a> FlowUnit<'a> {
    /// "flow `default`" or "child flow `project_child`".
    pub fn describe(&self) -> String {
        if self.is_child {
            format!("child flow `{}`", self.name)
        } else {
            format!("flow `{}`", self.name)
        }
    }

    /// Every state the flow names: transition ends and failure routes.
    pub fn states(&self) -> BTreeSet<&'a str> {
        self.transitions
            .iter()
            .flat_map(|t| std::iter::once(&t.from).chain(t.targets()))
            .map(|q| q.as_str())
            .collect()
    }
}

impl FlowFile {
    /// The flow and, when it has one, its child flow.
    pub fn units(&self) -> Vec<FlowUnit<'_>> {
        let mut units = vec![FlowUnit {
            file: self.file,
            name: self.name.clone(),
            is_child: false,
            transitions: &self.flow.transitions,
            sound: !self.flow.malformed,
            moves_tasks: self.flow.child_flow.is_none(),
        }];
        if let Some(child) = &self.flow.child_flow {
            units.push(FlowUnit {
                file: self.file,
                name: format!("{}_child", self.name),
                is_child: true,
                transitions: &child.transitions,
                sound: !child.malformed,
                moves_tasks: true,
            });
        }
        units
    }
}

/// Decodes every flow file of `project`.
pub fn load(project: &mut Sources) -> Vec<FlowFile> {
    let mut flows = Vec::new();
    for index in project.of_kind(FileKind::Flow).collect::<Vec<_>>() {
        let file = &project.files[index];
        let Some(doc) = &file.doc else {
            continue;
        };
        let mut out = Vec::new();
        let decoded = model::decode_flow_file(doc, &file.source.text, &mut out);
        let stem = file
            .path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        if let Some((name, flow)) = decoded {
            let (name, name_span) = match name {
                Some(name) => (name.value, name.span),
                None => (stem, 0..0),
            };
            flows.push(FlowFile {
                file: index,
                name,
                name_span,
                flow,
            });
        }
        project.findings.extend(index, out);
    }
    flows
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_child_flow_is_its_own_unit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        fs::create_dir_all(root.join("flows")).unwrap();
        fs::write(
            root.join("flows/project.yaml"),
            "name: project\nchild_flow:\n  transitions:\n    \"incoming -> claimed\": {agent: implementer}\n    \"claimed -> done\": {}\ntransitions:\n  \"children_complete -> done\": {}\n",
        )
        .unwrap();
        let mut project = Sources::load(&root, &[]).unwrap();
        let flows = load(&mut project);
        assert!(
            project.findings.files[0].is_empty(),
            "{:?}",
            project.findings
        );
        let units = flows[0].units();
        assert_eq!(units.len(), 2);
        assert_eq!(units[1].name, "project_child");
        assert_eq!(
            units[1].states().into_iter().collect::<Vec<_>>(),
            ["claimed", "done", "incoming"]
        );
    }

    #[test]
    fn keys_octopoid_does_not_read_are_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        fs::create_dir_all(root.join("flows")).unwrap();
        fs::write(
            root.join("flows/default.yaml"),
            "initial: incoming\ntransitions:\n  incoming -> claimed: {role: implement}\n  claimed -> done: {}\n",
        )
        .unwrap();
        let mut project = Sources::load(&root, &[]).unwrap();
        let flows = load(&mut project);
        assert_eq!(flows[0].name, "default");
        let messages: Vec<&str> = project.findings.files[0]
            .iter()
            .map(|d| d.rule.name)
            .collect();
        assert_eq!(messages, ["missing-field", "unknown-key", "unknown-key"]);
    }
}
