//! E-mail through the SMTP relay the operator configured (`[smtp]`): one message at a
//! time, with a subject, plain text and optional HTML, written by the caller in the
//! recipient's language. Off when no relay is configured; what needs mail then says so.
//!
//! Sending happens beside the request ([`Mailer::send_later`]): a slow or broken relay
//! never holds a request up, and a failure is logged (never shown to whoever asked:
//! it would tell them whether the address has an account).

use handprint_core::Timestamp;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::{Duration, SystemTime};

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same host or a trusted private network.
    None,
    /// Plain, then upgraded with STARTTLS (refused if the relay cannot): port 587.
    StartTls,
    /// TLS from the first byte (SMTPS): port 465.
    Tls,
}

impl SmtpTls {
    /// "none", "starttls" or "tls".
    pub fn parse(text: &str) -> Option<SmtpTls> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Some(SmtpTls::None),
            "starttls" => Some(SmtpTls::StartTls),
            "tls" => Some(SmtpTls::Tls),
            _ => None,
        }
    }
}

/// The relay and who the messages are from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// User name and password, when the relay asks for them.
    pub credentials: Option<(String, String)>,
    /// The From of every message, e.g. "Handprint <no-reply@handprint.example.org>".
    pub from: String,
    /// The longest a message may take to hand to the relay (connect and every command).
    pub timeout: Duration,
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("this instance has no SMTP relay configured")]
    Off,
    #[error("the address {0:?} is not an e-mail address")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the relay refused or failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// One message to one recipient, already written in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    /// The language it is written in (a tag such as "fr"), sent as Content-Language.
    pub language: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// What the instance writes to people, each written in the reader's language from the
/// page catalogues (`crates/core/locales`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter<'a> {
    /// A link to set a new password, working for `minutes`.
    PasswordReset {
        name: &'a str,
        link: &'a str,
        minutes: i64,
    },
    /// New work matching a worker's alerts: (title, link) of each project, and the
    /// settings page where alerts are changed or turned off.
    JobAlert {
        name: &'a str,
        projects: &'a [(String, String)],
        settings_link: &'a str,
    },
    /// A requester wrote to a worker about a project.
    NewMessage {
        name: &'a str,
        project: &'a str,
        organization: &'a str,
        text: &'a str,
        link: &'a str,
        settings_link: &'a str,
    },
}

impl Letter<'_> {
    /// The message to `to`, in `language` (a tag; English when there is no catalogue for it).
    pub fn write(&self, to: &str, language: &str) -> Mail {
        let t = crate::web::i18n::Tr::for_tag(language);
        let (subject, text) = match self {
            Letter::PasswordReset {
                name,
                link,
                minutes,
            } => (
                t.t("mail-reset-subject"),
                t.args(
                    "mail-reset-text",
                    &[
                        ("name", (*name).to_string()),
                        ("link", (*link).to_string()),
                        ("minutes", minutes.to_string()),
                    ],
                ),
            ),
            Letter::JobAlert {
                name,
                projects,
                settings_link,
            } => {
                let list: Vec<String> = projects
                    .iter()
                    .map(|(title, link)| format!("- {title}\n  {link}"))
                    .collect();
                let count = projects.len().to_string();
                let title = projects.first().map(|p| p.0.clone()).unwrap_or_default();
                (
                    t.args(
                        "mail-alert-subject",
                        &[("count", count.clone()), ("title", title)],
                    ),
                    t.args(
                        "mail-alert-text",
                        &[
                            ("name", (*name).to_string()),
                            ("count", count),
                            ("projects", list.join("\n")),
                            ("settings", (*settings_link).to_string()),
                        ],
                    ),
                )
            }
            Letter::NewMessage {
                name,
                project,
                organization,
                text,
                link,
                settings_link,
            } => (
                t.args(
                    "mail-message-subject",
                    &[
                        ("project", (*project).to_string()),
                        ("organization", (*organization).to_string()),
                    ],
                ),
                t.args(
                    "mail-message-text",
                    &[
                        ("name", (*name).to_string()),
                        ("project", (*project).to_string()),
                        ("organization", (*organization).to_string()),
                        ("text", (*text).to_string()),
                        ("link", (*link).to_string()),
                        ("settings", (*settings_link).to_string()),
                    ],
                ),
            ),
        };
        Mail {
            to: to.to_string(),
            language: t.lang(),
            subject,
            text,
            html: None,
        }
    }
}

/// The instance's way to send mail; cheap to clone (the connection settings are shared).
#[derive(Clone)]
pub struct Mailer {
    relay: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("on", &self.is_on()).finish()
    }
}

impl Mailer {
    /// No relay: nothing can be sent.
    pub fn off() -> Mailer {
        Mailer { relay: None }
    }

    /// A mailer for this relay. Nothing is connected yet: a relay that cannot be
    /// reached shows when the first message is sent (and is logged).
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, MailError> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|_| MailError::Address(settings.from.clone()))?;
        let tls = match settings.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(TlsParameters::new(settings.host.clone())?),
            SmtpTls::Tls => Tls::Wrapper(TlsParameters::new(settings.host.clone())?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(settings.timeout));
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            relay: Some((builder.build(), from)),
        })
    }

    /// Whether a relay is configured.
    pub fn is_on(&self) -> bool {
        self.relay.is_some()
    }

    /// Send one message now, dated `now` (the app clock); returns once the relay took it.
    pub async fn send(&self, mail: &Mail, now: Timestamp) -> Result<(), MailError> {
        let Some((transport, from)) = &self.relay else {
            return Err(MailError::Off);
        };
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| MailError::Address(mail.to.clone()))?;
        let date = SystemTime::UNIX_EPOCH + Duration::from_micros(u64::try_from(now).unwrap_or(0));
        let builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .date(date)
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Content-Language"),
                mail.language.clone(),
            ));
        let message = match &mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                html.clone(),
            ))?,
            None => builder.singlepart(SinglePart::plain(mail.text.clone()))?,
        };
        transport.send(message).await?;
        Ok(())
    }

    /// Send one message beside the caller (a spawned task): the caller goes on at once;
    /// a failure is logged with `what` (e.g. "password reset"), never returned.
    pub fn send_later(&self, mail: Mail, now: Timestamp, what: &'static str) {
        let mailer = self.clone();
        tokio::spawn(async move {
            match mailer.send(&mail, now).await {
                Ok(()) => tracing::info!(what, "e-mail handed to the relay"),
                Err(e) => tracing::error!(what, error = %e, "e-mail not sent"),
            }
        });
    }
}
