//! A fake mail server on loopback that speaks enough SMTP (RFC 5321) for a
//! real client: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It
//! keeps every message, and can refuse the next N messages with a 451 (a
//! temporary failure), so retries are tested against the real protocol.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// An accepted message: envelope recipients and the raw data.
pub type Mail = (Vec<String>, String);

#[derive(Clone)]
pub struct FakeSmtp {
    pub addr: SocketAddr,
    /// Each accepted message: envelope recipients and the raw data.
    pub messages: Arc<Mutex<Vec<Mail>>>,
    /// Refuse this many messages (451) before accepting again.
    pub refuse: Arc<AtomicUsize>,
}

impl FakeSmtp {
    pub async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeSmtp {
            addr: listener.local_addr().unwrap(),
            messages: Arc::default(),
            refuse: Arc::default(),
        };
        let server = fake.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let s = server.clone();
                tokio::spawn(async move {
                    let _ = s.session(socket).await;
                });
            }
        });
        fake
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages(&self) -> Vec<Mail> {
        self.messages.lock().unwrap().clone()
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 fake.test ESMTP ready\r\n").await?;
        let mut rcpt = Vec::new();
        while let Some(line) = lines.next_line().await? {
            let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-fake.test\r\n250 8BITMIME\r\n",
                "HELO" | "MAIL" | "NOOP" => b"250 OK\r\n",
                "RSET" => {
                    rcpt.clear();
                    b"250 OK\r\n"
                }
                "RCPT" => {
                    let to = line.split(['<', '>']).nth(1).unwrap_or("").to_string();
                    rcpt.push(to);
                    b"250 OK\r\n"
                }
                "DATA" => {
                    let refused = self
                        .refuse
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if refused {
                        rcpt.clear();
                        b"451 4.3.0 mailbox busy, try again later\r\n"
                    } else {
                        write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                        let mut data = String::new();
                        while let Some(l) = lines.next_line().await? {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        self.messages
                            .lock()
                            .unwrap()
                            .push((std::mem::take(&mut rcpt), data));
                        b"250 queued\r\n"
                    }
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                _ => b"502 command not implemented\r\n",
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}
