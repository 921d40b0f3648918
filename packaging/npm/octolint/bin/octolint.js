#!/usr/bin/env node
// The `octolint` command of the npm package: runs the binary from the platform package npm
// installed beside this one (an optional dependency; npm installs only the one whose `os`
// and `cpu` match). OCTOLINT_BINARY runs another binary instead.
"use strict";

const { spawnSync } = require("node:child_process");

/** Whether this Linux uses musl rather than glibc (Alpine, say). */
function isMusl() {
  if (process.platform !== "linux") return false;
  try {
    const report = process.report.getReport();
    const header = typeof report === "string" ? JSON.parse(report).header : report.header;
    return !header.glibcVersionRuntime;
  } catch {
    return false;
  }
}

function binaryPath() {
  if (process.env.OCTOLINT_BINARY) return process.env.OCTOLINT_BINARY;
  const platform = `${process.platform}-${process.arch}${isMusl() ? "-musl" : ""}`;
  const name = process.platform === "win32" ? "octolint.exe" : "octolint";
  const pkg = `@octolint/${platform}`;
  try {
    return require.resolve(`${pkg}/bin/${name}`);
  } catch {
    process.stderr.write(
      `octolint: no binary for ${platform}: the package ${pkg} is not installed.\n` +
        "npm installs it with octolint unless optional dependencies are turned off " +
        "(--omit=optional, --no-optional); reinstall without that, or install octolint " +
        "another way (pip install octolint, cargo install octolint) and set OCTOLINT_BINARY.\n",
    );
    process.exit(2);
  }
}

const result = spawnSync(binaryPath(), process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  process.stderr.write(`octolint: cannot run ${result.error.path ?? "the binary"}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 1);
