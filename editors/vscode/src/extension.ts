// The octolint VS Code extension: runs `<octolint.path> lsp` over stdio for octolint
// definition files (`octolint.yaml`, `octolint.yml`, `*.octolint.yaml`, `*.octolint.yml`).
// It contributes no language of its own, so those files keep VS Code's YAML highlighting and
// any other YAML extension (e.g. yaml-language-server with octolint's JSON Schema) keeps
// working beside it.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

/** The definition files, by name; the documents are YAML to VS Code. */
export const DEFINITION_GLOB =
  "**/{octolint.yaml,octolint.yml,*.octolint.yaml,*.octolint.yml}";

const documentSelector = [
  { scheme: "file", language: "yaml", pattern: DEFINITION_GLOB },
];

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;

function serverPath(): string {
  const configured = vscode.workspace
    .getConfiguration("octolint")
    .get<string>("path", "octolint")
    .trim();
  return configured === "" ? "octolint" : configured;
}

async function startClient(): Promise<void> {
  const command = serverPath();
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel,
  };
  // The client id `octolint` makes the `octolint.trace.server` setting work.
  const next = new LanguageClient("octolint", "octolint", serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `octolint: could not start \`${command} lsp\` (${message}). ` +
        "Install octolint (`cargo install --path .` in its repository) or set `octolint.path`.",
    );
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch {
      // The server may already have exited; there is nothing left to stop.
    }
  }
}

async function restartClient(): Promise<void> {
  await stopClient();
  await startClient();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel("octolint");
  context.subscriptions.push(outputChannel);
  context.subscriptions.push(
    vscode.commands.registerCommand("octolint.restartServer", restartClient),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("octolint.path")) {
        void restartClient();
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
