// The octolint VS Code extension: runs `octolint lsp` over stdio for octolint
// definition files (`octolint.yaml`, `octolint.yml`, `*.octolint.yaml`, `*.octolint.yml`) and
// the YAML files of Octopoid projects (under `.octopoid/`; opening one lints the project, and
// the Problems panel lists findings in each of its files, open or not).
// It contributes no language of its own, so those files keep VS Code's YAML highlighting and
// any other YAML extension (e.g. yaml-language-server with octolint's JSON Schema) keeps
// working beside it.

import * as fs from "fs";
import * as path from "path";
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

/** The YAML files of Octopoid projects. */
export const OCTOPOID_GLOB = "**/.octopoid/**/*.{yaml,yml}";

const documentSelector = [
  { scheme: "file", language: "yaml", pattern: DEFINITION_GLOB },
  { scheme: "file", language: "yaml", pattern: OCTOPOID_GLOB },
];

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;

/** The server the extension runs, and where that choice came from. */
interface Server {
  command: string;
  origin: string;
}

/** The name of the binary in the extension's `bin/` (a platform-specific package). */
const BUNDLED_NAME = process.platform === "win32" ? "octolint.exe" : "octolint";

/**
 * Finds the server, in this order: `octolint.path` when the user set it; the binary bundled
 * in the extension (`bin/octolint`, in platform-specific packages); `octolint` on PATH.
 */
function findServer(extensionPath: string): Server {
  const setting = vscode.workspace.getConfiguration("octolint").inspect<string>("path");
  const configured = [
    setting?.workspaceFolderValue,
    setting?.workspaceValue,
    setting?.globalValue,
  ].find((value) => value !== undefined && value.trim() !== "");
  if (configured !== undefined) {
    return { command: configured.trim(), origin: "the `octolint.path` setting" };
  }
  const bundled = path.join(extensionPath, "bin", BUNDLED_NAME);
  if (fs.existsSync(bundled)) {
    return { command: bundled, origin: "the binary bundled with the extension" };
  }
  return { command: "octolint", origin: "PATH (no `octolint.path` set, no bundled binary)" };
}

/** Why `command` cannot run, when that can be told before starting it. */
function problemWith(command: string): string | undefined {
  const isPath = command.includes("/") || command.includes("\\");
  const candidates = isPath
    ? [command]
    : (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== "")
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return undefined;
      }
    } catch {
      // Not there or not executable: try the next one.
    }
  }
  return isPath
    ? `${command} does not exist or is not an executable file`
    : `no executable \`${command}\` on PATH`;
}

async function startClient(extensionPath: string): Promise<void> {
  const server = findServer(extensionPath);
  const problem = problemWith(server.command);
  if (problem !== undefined) {
    report(server, problem);
    return;
  }
  // vscode-languageclient adds `--stdio` for this transport; `octolint lsp` accepts it.
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command: server.command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // The server's stderr goes here too.
    outputChannel,
  };
  outputChannel?.appendLine(`Starting \`${server.command} lsp\` (from ${server.origin}).`);
  // The client id `octolint` makes the `octolint.trace.server` setting work.
  const next = new LanguageClient("octolint", "octolint", serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    client = undefined;
    report(server, error instanceof Error ? error.message : String(error));
  }
}

/** Says which server could not start, where it came from and why. */
function report(server: Server, why: string): void {
  const message =
    `octolint: could not start \`${server.command} lsp\` (from ${server.origin}): ${why}. ` +
    "Install octolint (see its README) or set `octolint.path` to the binary.";
  outputChannel?.appendLine(message);
  void vscode.window.showErrorMessage(message);
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

async function restartClient(extensionPath: string): Promise<void> {
  await stopClient();
  await startClient(extensionPath);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel("octolint");
  context.subscriptions.push(outputChannel);
  const restart = () => restartClient(context.extensionPath);
  context.subscriptions.push(vscode.commands.registerCommand("octolint.restartServer", restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("octolint.path")) {
        void restart();
      }
    }),
  );
  await startClient(context.extensionPath);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
