//! Sending e-mail over the configured SMTP server (reports, invitations,
//! security notices). Errors are said for people and never carry the
//! server's URL, which may hold a password.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppState;
use crate::reports::delivery::SmtpSettings;

/// Why nothing can be sent: no mail server is configured.
pub const NOT_CONFIGURED: &str =
    "e-mail is not configured (set CALLCENTER_SMTP_URL and CALLCENTER_SMTP_FROM)";

/// The mail server, or why there is none.
pub fn settings(app: &AppState) -> Result<&SmtpSettings, String> {
    app.settings
        .smtp
        .as_ref()
        .ok_or_else(|| NOT_CONFIGURED.to_string())
}

/// The configured From address.
pub fn from(smtp: &SmtpSettings) -> Result<Mailbox, String> {
    smtp.from
        .parse()
        .map_err(|_| "the configured From address is invalid".to_string())
}

/// Send a built message.
pub async fn deliver(smtp: &SmtpSettings, message: Message) -> Result<(), String> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp.url.expose())
        .map_err(|_| "the SMTP URL is invalid".to_string())?
        .timeout(Some(Duration::from_secs(30)))
        .build();
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| format!("the mail server refused it: {e}"))
}

/// Send a plain-text e-mail to one address.
pub async fn send_text(
    app: &AppState,
    to: &str,
    subject: &str,
    body: String,
) -> Result<(), String> {
    let smtp = settings(app)?;
    let to: Mailbox = to
        .parse()
        .map_err(|_| format!("{to} is not a valid address"))?;
    let message = Message::builder()
        .from(from(smtp)?)
        .to(to)
        .subject(subject)
        .body(body)
        .map_err(|e| format!("the e-mail could not be built: {e}"))?;
    deliver(smtp, message).await
}
