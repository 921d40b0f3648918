//! The real Octopoid server (`maxthelion/octopoid-server`), started for a test.
//!
//! The source comes from `OCTOLINT_SERVER_DIR`, else `../shared/octopoid-server` beside the
//! checkout. Its npm packages are installed once into `target/octopoid-server/` (keyed by the
//! lock file, shared by every test binary under a file lock); each [`Server`] then runs
//! `wrangler dev --local` on free ports of 127.0.0.1 in a directory of its own, with a fresh
//! local D1 database that has every migration applied. Roles are one global table on the
//! server, so tests never share a server. Dropping a [`Server`] — also while a test panics —
//! stops its whole process group (wrangler and workerd).
//!
//! Nothing here is skipped: a missing source directory or a failed install panics with what
//! to do about it.
#![allow(dead_code)]

use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "cache.rs"]
mod cache;

/// A running server; stopped when dropped.
pub struct Server {
    child: Child,
    /// The instance directory (sources, database, log); removed when dropped.
    dir: tempfile::TempDir,
    pub base: String,
    agent: ureq::Agent,
}

/// A response: its status and its body as JSON (`Value::Null` for an empty body, a string
/// for a body that is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The body, after asserting the status is `expected`.
    pub fn expect(self, expected: u16, what: &str) -> Value {
        assert_eq!(
            self.status, expected,
            "{what}: expected HTTP {expected}, got {}: {}",
            self.status, self.body
        );
        self.body
    }
}

/// Where the server's source is: `OCTOLINT_SERVER_DIR`, else `../shared/octopoid-server`.
pub fn source_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("OCTOLINT_SERVER_DIR") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/octopoid-server")
}

/// The directory with the installed npm packages and a migrated template database, made
/// once per lock file. Panics with a clear message when it cannot be made.
fn installation() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let source = source_dir();
        let lock = fs::read(source.join("package-lock.json")).unwrap_or_else(|e| {
            panic!(
                "the Octopoid server's source is needed at {} (its package-lock.json: {e}); \
                 check out maxthelion/octopoid-server there or set OCTOLINT_SERVER_DIR",
                source.display()
            )
        });
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/octopoid-server");
        cache::installed_once(&root, &lock, |dir| {
            install(&source, dir, &root.join("npm-cache"))
        })
    })
}

fn install(source: &Path, dir: &Path, npm_cache: &Path) {
    let _ = fs::remove_dir_all(dir);
    copy_sources(source, dir);
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .arg("--cache")
        .arg(npm_cache)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run npm to install the Octopoid server ({e}); install Node.js 20+ with npm"
            )
        });
    assert!(
        output.status.success(),
        "`npm ci` failed for the Octopoid server in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Without this file miniflare fetches it from the network on every start.
    let mf = dir.join("node_modules/.mf");
    fs::create_dir_all(&mf).expect("create node_modules/.mf");
    fs::write(
        mf.join("cf.json"),
        r#"{"colo":"DFW","country":"US","asn":0}"#,
    )
    .expect("write cf.json");
    // A template database with every migration applied, copied for each server.
    let mut sql = String::new();
    let mut migrations: Vec<PathBuf> = fs::read_dir(dir.join("migrations"))
        .expect("the server has a migrations directory")
        .map(|e| e.expect("read migrations").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    migrations.sort();
    for migration in migrations {
        sql.push_str(&fs::read_to_string(&migration).expect("read a migration"));
        sql.push('\n');
    }
    fs::write(dir.join("all-migrations.sql"), sql).expect("write the migrations");
    let output = wrangler(dir)
        .args([
            "d1",
            "execute",
            "octopoid-db",
            "--local",
            "--persist-to",
            "template-state",
        ])
        .args(["--file", "all-migrations.sql"])
        .output()
        .expect("run wrangler d1 execute");
    assert!(
        output.status.success(),
        "applying the Octopoid server's migrations failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The server's own files, without what an earlier run left in the source checkout.
fn copy_sources(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a directory for the server");
    for entry in fs::read_dir(from).expect("read the server's source directory") {
        let entry = entry.expect("read the server's source directory");
        let name = entry.file_name();
        if matches!(name.to_str(), Some("node_modules" | ".wrangler" | ".git")) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_sources(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a server source file");
        }
    }
}

fn wrangler(dir: &Path) -> Command {
    let mut command = Command::new(dir.join("node_modules/.bin/wrangler"));
    command
        .current_dir(dir)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "true")
        .env_remove("CLOUDFLARE_API_TOKEN")
        .env_remove("CLOUDFLARE_ACCOUNT_ID");
    command
}

impl Server {
    /// Starts a server with an empty database. Panics, with the server's log, if it does
    /// not answer `/api/health` within a minute.
    pub fn start() -> Server {
        // Two servers starting at once can pick the same free port; the one that loses it
        // exits, and starts again on other ports.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(server) => return server,
                Err(failure) => failures.push(failure),
            }
        }
        panic!(
            "the Octopoid server did not start:\n{}",
            failures.join("\n---\n")
        );
    }

    fn try_start() -> Result<Server, String> {
        let installed = installation();
        let dir = tempfile::Builder::new()
            .prefix("octopoid-server-")
            .tempdir()
            .expect("create a directory for the server");
        // Each instance gets its own copy of the sources (wrangler writes its bundle beside
        // them) and shares the installed packages through a link.
        for name in ["src", "migrations"] {
            copy_sources(&installed.join(name), &dir.path().join(name));
        }
        for name in ["wrangler.toml", "package.json", "tsconfig.json"] {
            fs::copy(installed.join(name), dir.path().join(name)).expect("copy a server file");
        }
        std::os::unix::fs::symlink(
            installed.join("node_modules"),
            dir.path().join("node_modules"),
        )
        .expect("link node_modules");
        copy_sources(&installed.join("template-state"), &dir.path().join("state"));
        let log = fs::File::create(dir.path().join("server.log")).expect("create the log");
        let port = free_port();
        let inspector = free_port();
        let child = wrangler(dir.path())
            .args(["dev", "--local", "--ip", "127.0.0.1"])
            .args(["--port", &port.to_string()])
            .args(["--inspector-port", &inspector.to_string()])
            .args([
                "--persist-to",
                "state",
                "--show-interactive-dev-session=false",
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log handle"))
            .stderr(log)
            // Its own process group, so that stopping it also stops workerd.
            .process_group(0)
            .spawn()
            .expect("start wrangler dev");
        let agent = ureq::Agent::new_with_config(
            ureq::config::Config::builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(30)))
                .build(),
        );
        let mut server = Server {
            child,
            dir,
            base: format!("http://127.0.0.1:{port}/api/v1"),
            agent,
        };
        server.wait_until_healthy(port)?;
        Ok(server)
    }

    /// Waits until this server — not another one that took the port — answers its health
    /// check: its own log says it is ready on `port`.
    fn wait_until_healthy(&mut self, port: u16) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let health = format!("http://127.0.0.1:{port}/api/health");
        let ready = format!("Ready on http://127.0.0.1:{port}");
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the Octopoid server exited ({status}) before it was healthy:\n{}",
                    self.log()
                ));
            }
            if self.log().contains(&ready)
                && let Ok(response) = self.agent.get(&health).call()
                && response.status() == 200
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the Octopoid server did not answer {health} within 60 s:\n{}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// What the server printed so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    fn reply(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>, what: &str) -> Reply {
        let mut response = result.unwrap_or_else(|e| panic!("{what}: the request failed: {e}"));
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("{what}: cannot read the response: {e}"));
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply { status, body }
    }

    pub fn get(&self, path: &str) -> Reply {
        let url = format!("{}{path}", self.base);
        Self::reply(self.agent.get(&url).call(), &format!("GET {path}"))
    }

    pub fn post(&self, path: &str, body: &Value) -> Reply {
        let url = format!("{}{path}", self.base);
        Self::reply(
            self.agent.post(&url).send_json(body),
            &format!("POST {path}"),
        )
    }

    pub fn put(&self, path: &str, body: &Value) -> Reply {
        let url = format!("{}{path}", self.base);
        Self::reply(self.agent.put(&url).send_json(body), &format!("PUT {path}"))
    }

    pub fn patch(&self, path: &str, body: &Value) -> Reply {
        let url = format!("{}{path}", self.base);
        Self::reply(
            self.agent.patch(&url).send_json(body),
            &format!("PATCH {path}"),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: signalling a process group this test started; no memory is involved.
        unsafe { libc::kill(-group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (workerd ignores nothing, but be sure).
        // SAFETY: as above.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now. Another process could take it before wrangler does; wrangler
/// then exits, and [`Server::start`] tries other ports.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("find a free port")
        .port()
}

/// Reads a whole file, for payloads written by `octolint gen`.
pub fn read_json(path: &Path) -> Value {
    let mut text = String::new();
    fs::File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
