//! stdio framing that survives bad input: a malformed header or body is reported on stderr
//! (and, for a request whose id can be read, answered with an error) and skipped, instead of
//! ending the connection as `lsp_server`'s own stdio transport does.

use std::io::{self, BufRead};
use std::thread;

use crossbeam_channel::{Sender, bounded};
use lsp_server::{Connection, Message, Request, RequestId};

/// The writer thread of a stdio connection; join it after dropping the connection so every
/// queued message is written before the process exits.
pub struct Writer(thread::JoinHandle<io::Result<()>>);

impl Writer {
    pub fn join(self) -> io::Result<()> {
        self.0
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

/// Method name under which the reader hands the server a request it could not decode, so the
/// server answers it with `InvalidRequest` through its one outgoing channel.
pub const INVALID_REQUEST: &str = "$/octolint/invalidRequest";

/// A connection on stdin/stdout. The reader thread is detached: it may stay blocked on stdin
/// after `exit`, and the process ending stops it.
pub fn stdio() -> (Connection, Writer) {
    let (to_writer, from_server) = bounded::<Message>(0);
    let (to_server, from_reader) = bounded::<Message>(0);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for message in from_server {
            message.write(&mut out)?;
        }
        Ok(())
    });
    thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        read_messages(&mut input, &to_server);
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, Writer(writer))
}

/// Reads framed messages until end of input, forwarding good ones and answering bad ones.
pub fn read_messages(input: &mut dyn BufRead, to_server: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                eprintln!("octolint lsp: skipping a malformed message: {error}");
                continue;
            }
            // The input itself failed (or ended inside a body): nothing more can be read.
            Err(error) => {
                eprintln!("octolint lsp: stopped reading input: {error}");
                return;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                if to_server.send(message).is_err() {
                    return;
                }
            }
            Err(error) => {
                eprintln!("octolint lsp: ignoring an invalid message: {error}");
                if let Some(id) = request_id(&body) {
                    let request = Request {
                        id,
                        method: INVALID_REQUEST.to_string(),
                        params: serde_json::json!({ "error": error.to_string() }),
                    };
                    if to_server.send(Message::Request(request)).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// The id of a JSON object that looks like a request, so a bad one can still be answered.
fn request_id(body: &[u8]) -> Option<RequestId> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("method")?;
    match value.get("id")? {
        serde_json::Value::Number(n) => Some(RequestId::from(i32::try_from(n.as_i64()?).ok()?)),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// Largest body accepted: 64 MiB, four times octolint's 16 MiB limit on a definition, room
/// for its JSON escaping unless it is mostly control characters (six bytes each escaped).
/// A bigger one is read past and skipped, with a line on stderr, rather than allocated.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Longest header line kept; a longer one makes its header block malformed, and the rest of
/// it is read past in pieces of this size.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// One `Content-Length`-framed body; `Ok(None)` at end of input. After a malformed header the
/// rest of that header block is consumed, so reading resumes at the next message.
fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut too_long: Option<u64> = None;
    let mut malformed = None;
    let mut saw_header = false;
    // Inside a header line longer than MAX_HEADER_LINE: its pieces are not lines of their own.
    let mut overlong = false;
    loop {
        // Bytes, not a `String`: a piece may end inside a character, and a header line that
        // is not UTF-8 is malformed, not a reason to stop reading.
        let mut piece = Vec::new();
        if io::Read::take(&mut *input, MAX_HEADER_LINE).read_until(b'\n', &mut piece)? == 0 {
            return Ok(None);
        }
        let ends_line = piece.ends_with(b"\n");
        if overlong || !ends_line {
            overlong = !ends_line;
            saw_header = true;
            malformed = Some(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
            continue;
        }
        let line = String::from_utf8_lossy(&piece);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<u64>() {
                    Ok(n) if n <= MAX_BODY as u64 => length = Some(n as usize),
                    Ok(n) => too_long = Some(n),
                    _ => malformed = Some(format!("bad Content-Length {:?}", value.trim())),
                }
            }
            Some(_) => {}
            None => malformed = Some(format!("bad header line {line:?}")),
        }
    }
    if let Some(problem) = malformed {
        // A body whose length is known is read past too, so the next message is read from its
        // start rather than from inside this one.
        if let Some(n) = length {
            io::copy(&mut io::Read::take(&mut *input, n as u64), &mut io::sink())?;
        }
        return Err(io::Error::new(io::ErrorKind::InvalidData, problem));
    }
    if let Some(n) = too_long {
        // Read past the body without keeping it, so the next message is read from its start.
        io::copy(&mut io::Read::take(&mut *input, n), &mut io::sink())?;
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a body of {n} bytes is larger than the {MAX_BODY} accepted"),
        ));
    }
    let length =
        length.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length"))?;
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn skips_bad_frames_and_answers_bad_requests() {
        let input = format!(
            "{}{}Garbage-Without-Colon\r\n\r\n{}{}",
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        );
        let (to_server, server) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &to_server);
        let received: Vec<Message> = server.try_iter().collect();
        assert_eq!(received.len(), 3, "{received:?}");
        assert!(matches!(
            &received[0],
            Message::Request(r) if r.id == RequestId::from(7) && r.method == INVALID_REQUEST
        ));
    }

    /// The ids of the requests read from `input`, in order.
    fn request_ids(mut input: &[u8]) -> Vec<RequestId> {
        let (to_server, server) = crossbeam_channel::unbounded();
        read_messages(&mut input, &to_server);
        server
            .try_iter()
            .filter_map(|m| match m {
                Message::Request(r) => Some(r.id),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn skips_oversized_bodies_and_overlong_headers() {
        let huge = MAX_BODY + 1;
        let input = format!(
            "Content-Length: {huge}\r\n\r\n{}{}X-Long: {}\r\n\r\n{}",
            " ".repeat(huge),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            "y".repeat(100_000),
            frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        );
        let ids = request_ids(input.as_bytes());
        assert_eq!(ids, [RequestId::from(1), RequestId::from(2)]);
    }

    #[test]
    fn overlong_header_lines_split_anywhere_stay_one_line() {
        // An overlong line cut by the limit inside a character, or between its `\r` and `\n`,
        // makes its message malformed: skipped whole, body included, and the next message is
        // read from its start. A header value that is not UTF-8 is only an unknown header.
        let limit = MAX_HEADER_LINE as usize;
        let body = |id: u32| format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
        let with_header = |id: u32, header: &[u8]| {
            let mut bytes = format!("Content-Length: {}\r\n", body(id).len()).into_bytes();
            bytes.extend(header);
            bytes.extend(b"\r\n\r\n");
            bytes.extend(body(id).bytes());
            bytes
        };
        let mut input = Vec::new();
        // The limit falls inside the `é`.
        input.extend(with_header(
            1,
            format!("X-A: {}é", "a".repeat(limit - 6)).as_bytes(),
        ));
        input.extend(frame(&body(2)).bytes());
        // The limit falls between `\r` and `\n`.
        input.extend(with_header(
            3,
            format!("X-B: {}", "b".repeat(limit - 6)).as_bytes(),
        ));
        input.extend(frame(&body(4)).bytes());
        input.extend(with_header(5, b"X-C: \xff\xfe"));
        input.extend(frame(&body(6)).bytes());
        assert_eq!(request_ids(&input), [2, 4, 5, 6].map(RequestId::from));
    }
}
