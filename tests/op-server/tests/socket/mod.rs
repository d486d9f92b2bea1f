//! A started server on a real socket and a bare HTTP/1.1 client for it: the fault tests need to see
//! exactly what reaches the wire (nothing at all, or a status with half a body), which an in-process
//! `oneshot` cannot show and a full HTTP client would paper over.
#![allow(dead_code)] // each test file uses a different part of this module

use serde_json::Value;
use std::net::SocketAddr;
use tafel_op_server::{ServerOptions, app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves `app(options)` on a free loopback port for the rest of the test's runtime.
pub async fn start(options: ServerOptions) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
    let addr = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app(options)).await });
    addr
}

/// What came back on one connection.
#[derive(Debug)]
pub struct Wire {
    /// Every byte read before the server closed (or reset) the connection.
    pub raw: Vec<u8>,
    pub status: Option<u16>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Wire {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The announced Content-Length.
    pub fn content_length(&self) -> Option<usize> {
        self.header("content-length").and_then(|v| v.parse().ok())
    }

    /// The whole body as announced arrived.
    pub fn complete(&self) -> bool {
        self.status.is_some() && self.content_length().is_none_or(|n| n == self.body.len())
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Sends one request (`Connection: close`) and reads until the server closes the connection.
/// `headers` are sent as given (e.g. `Authorization`); a body is sent as JSON.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Wire {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut lines = vec![
        format!("{method} {path} HTTP/1.1"),
        format!("Host: {addr}"),
        "Connection: close".to_owned(),
    ];
    lines.extend(
        headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}")),
    );
    if !body.is_empty() {
        lines.push("Content-Type: application/json".to_owned());
    }
    lines.push(format!("Content-Length: {}", body.len()));
    let request = format!("{}\r\n\r\n{body}", lines.join("\r\n"));
    stream
        .write_all(request.as_bytes())
        .await
        .expect("request written");
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    // A reset connection ends the read like a close does: what arrived before it is what counts.
    while let Ok(n) = stream.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..n]);
    }
    parse(raw)
}

fn parse(raw: Vec<u8>) -> Wire {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Wire {
            raw,
            status: None,
            headers: Vec::new(),
            body: Vec::new(),
        };
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let body = raw[end + 4..].to_vec();
    Wire {
        raw,
        status,
        headers,
        body,
    }
}
