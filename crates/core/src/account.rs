//! People and their credentials: emails, passwords, roles, countries.

use crate::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated, lower-cased email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, Msg> {
        let t = text.trim();
        if t.is_empty() {
            return Err(Msg::coded(
                "problem-email-required",
                Vec::new(),
                "email is required",
            ));
        }
        if t.len() > 254 {
            return Err(Msg::coded(
                "problem-email-too-long",
                vec![("max", "254".to_owned())],
                "email must be at most 254 characters",
            ));
        }
        let value = || vec![("value", t.to_owned())];
        let Some((local, domain)) = t.rsplit_once('@') else {
            return Err(Msg::coded(
                "problem-email-no-at",
                value(),
                format!("\"{t}\" is not an email address: it has no @"),
            ));
        };
        if local.is_empty() || domain.is_empty() || !domain.contains('.') {
            return Err(Msg::coded(
                "problem-email-shape",
                value(),
                format!("\"{t}\" is not an email address: write it like name@example.org"),
            ));
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Msg::coded(
                "problem-email-spaces",
                value(),
                format!("\"{t}\" is not an email address: it contains spaces"),
            ));
        }
        Ok(Email(t.to_lowercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password good enough to store: 10 to 1024 characters.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub fn parse(text: &str) -> Result<Password, Msg> {
        let n = text.chars().count();
        if n < Self::MIN_CHARS {
            return Err(Msg::coded(
                "problem-password-short",
                vec![
                    ("min", Self::MIN_CHARS.to_string()),
                    ("count", n.to_string()),
                ],
                format!(
                    "password must be at least {} characters (got {n})",
                    Self::MIN_CHARS
                ),
            ));
        }
        if n > 1024 {
            return Err(Msg::coded(
                "problem-password-too-long",
                vec![("max", "1024".to_owned())],
                "password must be at most 1024 characters",
            ));
        }
        Ok(Password(text.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Worker,
    Requester,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Requester => "requester",
            Role::Operator => "operator",
        }
    }
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "worker" => Some(Role::Worker),
            "requester" => Some(Role::Requester),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

/// A display name: 1 to 100 characters, trimmed. `what` names it in messages:
/// "name", "organization" or "label" (the catalogues translate these three).
pub fn parse_name(text: &str, what: &str) -> Result<String, Msg> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Msg::coded(
            "problem-name-required",
            vec![("what", what.to_owned())],
            format!("{what} is required"),
        ));
    }
    if t.chars().count() > 100 {
        return Err(Msg::coded(
            "problem-name-too-long",
            vec![("what", what.to_owned()), ("max", "100".to_owned())],
            format!("{what} must be at most 100 characters"),
        ));
    }
    Ok(t.to_string())
}

/// ISO 3166-1 alpha-2 country codes (officially assigned), from the ISO 3166 Maintenance Agency list.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT \
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG \
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// An ISO 3166-1 alpha-2 country code, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Country(String);

impl Country {
    pub fn parse(text: &str) -> Result<Country, Msg> {
        let code = text.trim().to_ascii_uppercase();
        if code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code) {
            Ok(Country(code))
        } else {
            Err(Msg::coded(
                "problem-country-code",
                vec![("value", text.trim().to_owned())],
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 country code: use two letters such as \"MG\", \"IN\" or \"VE\"",
                    text.trim()
                ),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            Email::parse(" Ana@Example.ORG ").map(|e| e.0),
            Ok("ana@example.org".into())
        );
        assert!(Email::parse("ana").is_err());
        assert!(Email::parse("ana@localhost").is_err());
        assert!(Email::parse("a na@x.org").is_err());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("long enough pw").is_ok());
    }

    #[test]
    fn countries_are_iso_alpha_2() {
        assert_eq!(Country::parse("mg").map(|c| c.0), Ok("MG".into()));
        assert!(Country::parse("XX").is_err());
        assert!(Country::parse("MDG").is_err());
    }
}
