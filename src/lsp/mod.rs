//! `octolint lsp`: the language server. Full-text sync; every change re-runs the same check as
//! the command line, so diagnostics are identical. Changes to one document that queue up
//! while a check runs are coalesced: only the last is analysed. One handler module per request kind.
//! Definitions are checked one by one; the files of an `.octopoid/` project together
//! ([`native`]).
//!
//! Nothing but protocol may reach stdout: logging goes to stderr.
#![deny(clippy::print_stdout)]

mod context;
mod document;
mod handlers;
mod keys;
mod occurrences;
mod position;
mod projects;
mod transport;

use std::collections::{HashMap, VecDeque};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentDiagnosticRequest, DocumentSymbolRequest,
    GotoDefinition, HoverRequest, PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{InitializeParams, ServerCapabilities, Uri};
use serde::de::DeserializeOwned;

pub use document::OpenDocument;
pub use position::Encoding;

/// The server's state: open documents and the negotiated position encoding.
pub struct Server {
    pub documents: HashMap<String, OpenDocument>,
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`), so none are pushed.
    pub pull: bool,
    /// Open files of `.octopoid/` projects and each project's analysis.
    pub projects: projects::Projects,
    sender: crossbeam_channel::Sender<Message>,
}

/// Runs the server on stdin/stdout until `exit`; returns the process exit code (0 after a
/// `shutdown` request, 1 otherwise, as the protocol asks).
pub fn run_stdio() -> u8 {
    let (connection, writer) = transport::stdio();
    let code = match serve(connection) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("octolint lsp: {error}");
            1
        }
    };
    // `serve` dropped the connection, so the writer ends once everything queued is written.
    if let Err(error) = writer.join() {
        eprintln!("octolint lsp: {error}");
    }
    code
}

/// Serves one connection: the initialize handshake, then messages until `exit`.
pub fn serve(connection: Connection) -> Result<u8, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    // A client that pulls diagnostics gets them only when it asks; pushing them too would
    // list every finding twice (VS Code keeps pushed and pulled findings apart).
    let pull = params
        .capabilities
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": {"name": "octolint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        documents: HashMap::new(),
        encoding,
        pull,
        projects: projects::Projects::default(),
        sender: connection.sender.clone(),
    };
    let mut shutting_down = false;
    // Messages read ahead of the one being handled, to find changes that later ones replace.
    let mut backlog: VecDeque<Message> = VecDeque::new();
    loop {
        let message = match backlog.pop_front() {
            Some(message) => message,
            None => match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => break,
            },
        };
        if let Message::Notification(change) = &message
            && change.method == DidChangeTextDocument::METHOD
        {
            backlog.extend(connection.receiver.try_iter());
            if superseded(change, &backlog) {
                continue;
            }
        }
        match message {
            Message::Request(request) => {
                if request.method == "shutdown" {
                    shutting_down = true;
                    server.respond(Response::new_ok(request.id, ()));
                    continue;
                }
                if shutting_down {
                    server.respond(Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    ));
                    continue;
                }
                server.handle_request(request);
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(if shutting_down { 0 } else { 1 });
                }
                server.handle_notification(notification);
            }
            Message::Response(_) => {}
        }
    }
    // The client went away without `exit`.
    Ok(if shutting_down { 0 } else { 1 })
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                ":".into(),
                " ".into(),
                "[".into(),
                ",".into(),
                ">".into(),
            ]),
            ..Default::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("octolint".into()),
            // Each definition is checked on its own. The files of an `.octopoid/` project
            // depend on each other, and their findings are pushed instead.
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

impl Server {
    pub fn respond(&self, response: Response) {
        let _ = self.sender.send(Message::Response(response));
    }

    pub fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self.sender.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    fn handle_request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => self.call(request, handlers::hover::hover),
            GotoDefinition::METHOD => self.call(request, handlers::definition::definition),
            References::METHOD => self.call(request, handlers::references::references),
            Completion::METHOD => self.call(request, handlers::completion::completion),
            PrepareRenameRequest::METHOD => self.call(request, handlers::rename::prepare_rename),
            Rename::METHOD => self.call(request, handlers::rename::rename),
            CodeActionRequest::METHOD => self.call(request, handlers::code_action::code_actions),
            DocumentSymbolRequest::METHOD => {
                self.call(request, handlers::document_symbol::document_symbols)
            }
            DocumentDiagnosticRequest::METHOD => self.call(request, handlers::diagnostics::pull),
            transport::INVALID_REQUEST => Err((
                ErrorCode::InvalidRequest,
                format!(
                    "invalid request: {}",
                    request.params["error"].as_str().unwrap_or_default()
                ),
            )),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("octolint does not handle `{}`", request.method),
            )),
        };
        self.respond(match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        });
    }

    /// Decodes the params and runs a handler. Handlers never panic on odd input; a panic
    /// would still be caught and answered as an internal error rather than end the server.
    fn call<P: DeserializeOwned, R: serde::Serialize>(
        &mut self,
        request: Request,
        handler: fn(&Server, P) -> Result<R, String>,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let params: P = serde_json::from_value(request.params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))?;
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(self, params)));
        match outcome {
            Ok(Ok(result)) => {
                serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
            }
            Ok(Err(message)) => Err((ErrorCode::RequestFailed, message)),
            Err(_) => Err((
                ErrorCode::InternalError,
                format!("octolint failed on `{}`", request.method),
            )),
        }
    }

    fn handle_notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(params) = params::<lsp_types::DidOpenTextDocumentParams>(notification) {
                    let doc = params.text_document;
                    if let Some((path, root)) = projects::project_file(&doc.uri) {
                        let document = projects::ProjectDocument {
                            root: root.clone(),
                            path,
                            text: doc.text,
                            version: doc.version,
                        };
                        self.projects
                            .open
                            .insert(doc.uri.as_str().to_string(), document);
                        handlers::diagnostics::publish_project(self, &root);
                        return;
                    }
                    // Clients that hand every YAML file to the server get findings only for
                    // definitions; other YAML is not octolint's to judge.
                    if !is_definition_uri(&doc.uri) {
                        return;
                    }
                    let key = doc.uri.as_str().to_string();
                    let document = OpenDocument::new(display_name(&doc.uri), doc.text, doc.version);
                    self.documents.insert(key.clone(), document);
                    handlers::diagnostics::publish(self, &key);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(params) = params::<lsp_types::DidChangeTextDocumentParams>(notification)
                {
                    let key = params.text_document.uri.as_str().to_string();
                    // Full sync: the last change holds the whole text.
                    let Some(change) = params.content_changes.into_iter().last() else {
                        return;
                    };
                    if let Some(document) = self.projects.open.get_mut(&key) {
                        document.text = change.text;
                        document.version = params.text_document.version;
                        let root = document.root.clone();
                        handlers::diagnostics::publish_project(self, &root);
                        return;
                    }
                    let Some(document) = self.documents.get_mut(&key) else {
                        eprintln!("octolint lsp: change to a document that is not open: {key}");
                        return;
                    };
                    let previous = document.update(change.text, params.text_document.version);
                    handlers::diagnostics::publish(self, &key);
                    drop(previous);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(params) = params::<lsp_types::DidCloseTextDocumentParams>(notification)
                {
                    let uri = params.text_document.uri;
                    // A project file's findings stay, now for the text on disk.
                    if let Some(document) = self.projects.open.remove(uri.as_str()) {
                        handlers::diagnostics::publish_project(self, &document.root);
                        return;
                    }
                    self.documents.remove(uri.as_str());
                    handlers::diagnostics::clear(self, uri);
                }
            }
            _ => {}
        }
    }

    /// The open document a request is about; `None` (answered as `null`) for a document the
    /// server does not have, such as YAML that is not a definition.
    pub fn document(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.documents.get(uri.as_str())
    }
}

/// Whether a queued change to the same document replaces `change` before anything could
/// observe it: with full sync each change carries the whole text, so analysing one that a
/// later change replaces is wasted work — typing faster than the analysis runs queues many.
/// A request, or any other message about the document, in between keeps the change.
fn superseded(change: &Notification, backlog: &VecDeque<Message>) -> bool {
    let uri = &change.params["textDocument"]["uri"];
    for message in backlog {
        match message {
            Message::Notification(next) if next.params["textDocument"]["uri"] == *uri => {
                // Only a change the server will apply replaces this one: one whose params
                // read and that carries a text.
                // Read in place: the params hold a whole text, not worth copying to look at.
                return next.method == DidChangeTextDocument::METHOD
                    && <lsp_types::DidChangeTextDocumentParams as serde::Deserialize>::deserialize(
                        &next.params,
                    )
                    .is_ok_and(|change| !change.content_changes.is_empty());
            }
            Message::Notification(_) => {}
            Message::Request(_) | Message::Response(_) => return false,
        }
    }
    false
}

fn params<P: DeserializeOwned>(notification: Notification) -> Option<P> {
    match serde_json::from_value(notification.params) {
        Ok(params) => Some(params),
        Err(error) => {
            eprintln!(
                "octolint lsp: invalid `{}` params: {error}",
                notification.method
            );
            None
        }
    }
}

/// Whether a document's name marks it as a definition (`octolint.yaml`, `*.octolint.yaml`, …).
/// Documents without a path (`untitled:`) are treated as definitions.
fn is_definition_uri(uri: &Uri) -> bool {
    let text = uri.as_str();
    if !text.starts_with("file:") {
        return true;
    }
    let name = text.rsplit('/').next().unwrap_or_default();
    crate::source::is_definition_name(name)
}

/// The name diagnostics carry for a document: its path for `file:` URIs.
fn display_name(uri: &Uri) -> String {
    let text = uri.as_str();
    text.strip_prefix("file://").unwrap_or(text).to_string()
}
