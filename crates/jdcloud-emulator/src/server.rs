//! A scripted HTTP/1.1 server on loopback: each accepted connection reads one request, records it, and
//! plays the next scripted action (reply, reset, stall, truncate). Real sockets, no mocked traits.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Reply with status, extra headers and body.
    Reply(u16, Vec<(&'static str, String)>, String),
    /// Wait, then reply.
    Slow(Duration, u16, String),
    /// Send the headers, part of the body, then stall for a while before closing.
    StallMidBody(Duration),
    /// Close the connection with a reset, without replying.
    Reset,
    /// Announce a longer body than is sent, then close.
    Truncate(String),
    /// Send the headers and part of the body, then reset the connection.
    ResetMidBody,
    /// Reply 200 with a body of this many bytes (a valid envelope padded with spaces).
    HugeBody(usize),
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decides what the server does with each request.
pub type Handler = Arc<dyn Fn(&Seen) -> Action + Send + Sync>;

/// A running server; it stops with the test's runtime.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server playing `script` in order; once the script is used up it answers 500.
    pub async fn start(script: Vec<Action>) -> Server {
        let script = Mutex::new(VecDeque::from(script));
        Server::serve(Arc::new(move |_: &Seen| {
            script.lock().unwrap().pop_front().unwrap_or(Action::Reply(
                500,
                vec![],
                r#"{"error":{"code":500,"status":"INTERNAL","message":"script exhausted"}}"#.into(),
            ))
        }))
        .await
    }

    /// Starts a server answering each request as `handler` says.
    pub async fn serve(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = seen.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    handle(stream, handler, recorded).await;
                });
            }
        });
        Server { addr, seen }
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests it received, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A port on which nothing listens, held for as long as this lives: the port is bound without
/// listening, so connections to it are refused and no other server (another test's, started
/// meanwhile) can take it, as one could a port bound and let go.
pub struct Refused {
    _socket: TcpSocket,
    addr: SocketAddr,
}

impl Refused {
    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// A port on which nothing listens (see [`Refused`]).
pub fn refused() -> Refused {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    Refused {
        _socket: socket,
        addr,
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[header_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Seen {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn reply(status: u16, headers: &[(&str, String)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

async fn handle(mut stream: TcpStream, handler: Handler, seen: Arc<Mutex<Vec<Seen>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let action = handler(&request);
    seen.lock().unwrap().push(request);
    match action {
        Action::Reply(status, headers, body) => {
            let _ = stream
                .write_all(reply(status, &headers, &body).as_bytes())
                .await;
        }
        Action::Slow(delay, status, body) => {
            tokio::time::sleep(delay).await;
            let _ = stream.write_all(reply(status, &[], &body).as_bytes()).await;
        }
        Action::StallMidBody(delay) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"requestId\":";
            let _ = stream.write_all(head.as_bytes()).await;
            tokio::time::sleep(delay).await;
        }
        Action::Reset => {
            // A zero linger makes the close a reset; with zero it does not block the thread.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
            return;
        }
        Action::ResetMidBody => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"requestId\":";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            // A zero linger makes the close a reset; with zero it does not block the thread.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
            return;
        }
        Action::HugeBody(size) => {
            let envelope = r#"{"requestId":"huge","result":{}}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n{envelope}"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let padding = vec![b' '; 64 * 1024];
            let mut left = size.saturating_sub(envelope.len());
            while left > 0 {
                let n = left.min(padding.len());
                if stream.write_all(&padding[..n]).await.is_err() {
                    return;
                }
                left -= n;
            }
        }
        Action::Truncate(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len() + 100
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
        }
    }
    let _ = stream.shutdown().await;
}
