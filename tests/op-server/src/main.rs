//! `tafel-op-server [--port N] [--api-key K] [--anonymous-read] [--allow-origin URL]... [--max-page-size N]
//! [--oauth-client ID=REDIRECT_URI]... [--faults JSON] [--real-clock] [--ignore-stdin]`: serves on 127.0.0.1 until stdin closes
//! (unless `--ignore-stdin`) or SIGTERM arrives.

use std::io::Write;
use tafel_op_server::{ServerOptions, app};
use tokio::io::AsyncReadExt;

const USAGE: &str = "usage: tafel-op-server [--port N] [--api-key K] [--anonymous-read] [--allow-origin URL]... \
[--max-page-size N] [--oauth-client ID=REDIRECT_URI]... [--faults JSON] [--real-clock] [--ignore-stdin]";

struct Cli {
    port: u16,
    /// Background jobs of non-interactive shells get stdin from /dev/null, which would end the server at once.
    watch_stdin: bool,
    options: ServerOptions,
}

fn parse_args() -> Result<Cli, String> {
    // No API key unless one is asked for: the harness runs OAuth-only servers too.
    let mut options = ServerOptions {
        api_key: None,
        ..ServerOptions::default()
    };
    let mut port = 0;
    let mut watch_stdin = true;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--api-key" => options.api_key = Some(value()?),
            "--anonymous-read" => options.anonymous_read = true,
            "--ignore-stdin" => watch_stdin = false,
            "--allow-origin" => options.allowed_origins.push(value()?),
            "--max-page-size" => {
                options.max_page_size = value()?
                    .parse()
                    .map_err(|e| format!("--max-page-size: {e}"))?;
            }
            "--oauth-client" => {
                let pair = value()?;
                let (id, uri) = pair
                    .split_once('=')
                    .ok_or("--oauth-client wants ID=REDIRECT_URI")?;
                options.oauth_clients.push((id.to_owned(), uri.to_owned()));
            }
            "--faults" => {
                let config = tafel_op_server::faults::Config::parse(&value()?)
                    .map_err(|e| format!("--faults: {e}"))?;
                options.faults = Some(config);
            }
            "--real-clock" => options.real_clock = true,
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(Cli {
        port,
        watch_stdin,
        options,
    })
}

/// Ends when stdin reaches EOF (the parent went away) or on SIGTERM / Ctrl-C.
async fn shutdown_signal(watch_stdin: bool) {
    let stdin_closed = async move {
        if !watch_stdin {
            std::future::pending::<()>().await;
        }
        let mut stdin = tokio::io::stdin();
        let mut buffer = [0u8; 256];
        while matches!(stdin.read(&mut buffer).await, Ok(n) if n > 0) {}
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = stdin_closed => {}
        () = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

#[tokio::main]
async fn main() {
    let Cli {
        port,
        watch_stdin,
        options,
    } = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot bind 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    let bound = listener.local_addr().map_or(port, |a| a.port());
    let mut stdout = std::io::stdout();
    // The harness waits for exactly this line to learn the port.
    let _ = writeln!(stdout, "listening on http://127.0.0.1:{bound}");
    let _ = stdout.flush();
    if let Err(e) = axum::serve(listener, app(options))
        .with_graceful_shutdown(shutdown_signal(watch_stdin))
        .await
    {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
