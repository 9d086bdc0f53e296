//! People and their credentials: emails, passwords, roles, countries.

use crate::Msg;
use crate::countries::{BY_ENGLISH_NAME, BY_FRENCH_NAME, COUNTRIES};
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
            return Err(Msg::coded("problem-email-required", Vec::new()));
        }
        if t.len() > 254 {
            return Err(Msg::coded(
                "problem-email-too-long",
                vec![("max", "254".to_owned())],
            ));
        }
        let value = || vec![("value", t.to_owned())];
        let Some((local, domain)) = t.rsplit_once('@') else {
            return Err(Msg::coded("problem-email-no-at", value()));
        };
        if local.is_empty() || domain.is_empty() || !domain.contains('.') {
            return Err(Msg::coded("problem-email-shape", value()));
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Msg::coded("problem-email-spaces", value()));
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
            ));
        }
        if n > 1024 {
            return Err(Msg::coded(
                "problem-password-too-long",
                vec![("max", "1024".to_owned())],
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

/// A stored role Handprint does not know (the database is newer than the binary,
/// or was edited by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role \"{0}\" (known: worker, requester, operator)")]
pub struct UnknownRole(pub String);

impl TryFrom<String> for Role {
    type Error = UnknownRole;
    fn try_from(text: String) -> Result<Role, UnknownRole> {
        Role::parse(&text).ok_or(UnknownRole(text))
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
        ));
    }
    if t.chars().count() > 100 {
        return Err(Msg::coded(
            "problem-name-too-long",
            vec![("what", what.to_owned()), ("max", "100".to_owned())],
        ));
    }
    Ok(t.to_string())
}

/// An organisation's name: a name as [`parse_name`] takes it, without control or
/// format characters (bidirectional overrides and isolates, zero-width characters, soft
/// hyphens…), which can make a name read as another's or reorder the text around it.
pub fn parse_organization_name(text: &str) -> Result<String, Msg> {
    let name = parse_name(text, "organization")?;
    if let Some(c) = name.chars().find(|&c| c.is_control() || is_format_char(c)) {
        return Err(Msg::coded(
            "problem-name-invisible",
            vec![("code", format!("U+{:04X}", u32::from(c)))],
        ));
    }
    Ok(name)
}

/// How organisation names compare for uniqueness: compatibility-normalised (NFKC, so
/// full-width and styled letters read as plain ones), case-folded, spaces collapsed.
pub fn organization_name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded = name.nfkc().collect::<String>().to_lowercase();
    let folded: String = folded.nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How organisation names compare for looking alike: the name's key
/// ([`organization_name_key`]) mapped to its confusable skeleton (Unicode Technical
/// Standard #39), so "Acme" in Latin letters and "Аcme" with a Cyrillic А meet. Names
/// with the same skeleton are not refused (a skeleton also joins "rn" and "m"): they
/// are shown to operators side by side.
pub fn organization_look_alike_key(name: &str) -> String {
    unicode_security::skeleton(&organization_name_key(name)).collect()
}

/// Unicode's format characters (general category Cf, Unicode 15.1), listed by range so
/// no table crate is needed; U+2065, unassigned inside the invisible operators' block,
/// is refused with them.
fn is_format_char(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// An ISO 3166-1 alpha-2 country code, upper-cased: one of the officially assigned
/// codes (`crate::countries`, generated from Debian's iso-codes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Country(String);

impl Country {
    /// A known code, in either case; anything else is refused, saying which code
    /// a country's name stands for when the name was given instead.
    pub fn parse(text: &str) -> Result<Country, Msg> {
        let value = text.trim();
        let code = value.to_ascii_uppercase();
        if COUNTRIES.iter().any(|(c, _, _)| *c == code) {
            return Ok(Country(code));
        }
        let named = COUNTRIES.iter().find(|(_, en, fr)| {
            en.to_lowercase() == value.to_lowercase() || fr.to_lowercase() == value.to_lowercase()
        });
        Err(match named {
            Some((code, _, _)) => Msg::coded(
                "problem-country-name",
                vec![("value", value.to_owned()), ("code", (*code).to_owned())],
            ),
            None => Msg::coded("problem-country-code", vec![("value", value.to_owned())]),
        })
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The country's name in `lang` (French for "fr…", else English).
    pub fn name(&self, lang: &str) -> &'static str {
        COUNTRIES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map_or(
                "",
                |(_, en, fr)| if lang.starts_with("fr") { fr } else { en },
            )
    }
}

/// Every country as (code, name in `lang`), in alphabetical order of the names
/// (French for "fr…", else English): the sign-up page's list.
pub fn countries(lang: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let french = lang.starts_with("fr");
    let order: &[u16] = if french {
        &BY_FRENCH_NAME
    } else {
        &BY_ENGLISH_NAME
    };
    order.iter().filter_map(move |i| {
        COUNTRIES
            .get(usize::from(*i))
            .map(|(code, en, fr)| (*code, if french { *fr } else { *en }))
    })
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

    #[test]
    fn a_countrys_name_is_refused_with_its_code() {
        let wrong = Country::parse(" Madagascar ").expect_err("a name is not a code");
        assert_eq!(wrong.code, Some("problem-country-name"));
        assert_eq!(
            wrong.text,
            "\"Madagascar\" is a country's name: the country must be its ISO 3166-1 alpha-2 code, \"MG\""
        );
        let french = Country::parse("france").expect_err("a name is not a code");
        assert_eq!(
            french.args,
            vec![("value", "france".to_owned()), ("code", "FR".to_owned())]
        );
        let fr_name = Country::parse("Allemagne").expect_err("a French name is not a code");
        assert_eq!(fr_name.args[1], ("code", "DE".to_owned()));
        assert_eq!(Country::parse("Fr").map(|c| c.name("fr")), Ok("France"));
    }

    #[test]
    fn the_list_has_every_code_once_in_each_language_by_name() {
        assert_eq!(COUNTRIES.len(), 249);
        for lang in ["en", "fr"] {
            let list: Vec<_> = countries(lang).collect();
            assert_eq!(list.len(), 249);
            let mut codes: Vec<_> = list.iter().map(|(c, _)| *c).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), 249);
        }
        let en: Vec<_> = countries("en").map(|(_, n)| n).take(3).collect();
        assert_eq!(en, ["Afghanistan", "Åland Islands", "Albania"]);
        let fr: Vec<_> = countries("fr").collect();
        assert_eq!(fr[0], ("AF", "Afghanistan"));
        let mg = Country::parse("MG").map(|c| (c.name("en"), c.name("fr")));
        assert_eq!(mg, Ok(("Madagascar", "Madagascar")));
        let us = Country::parse("us").map(|c| c.name("fr-FR"));
        assert_eq!(us, Ok("États-Unis"));
        assert!(fr.iter().position(|(c, _)| *c == "US") < fr.iter().position(|(c, _)| *c == "ET"));
    }
}

#[cfg(test)]
mod organization_name_tests {
    use super::*;

    #[test]
    fn an_organisation_name_with_a_bidi_override_or_a_zero_width_space_is_refused() {
        for (name, code) in [
            ("Acme\u{202E}gnp.exe", "U+202E"),
            ("Ac\u{200B}me", "U+200B"),
            ("Acme\u{2066}Ltd", "U+2066"),
            ("Acme\u{7}", "U+0007"),
        ] {
            let refused = parse_organization_name(name).expect_err(name);
            assert_eq!(refused.args, vec![("code", code.to_string())], "{name:?}");
        }
        assert_eq!(
            parse_organization_name("  Librairie Étoile  ").as_deref(),
            Ok("Librairie Étoile")
        );
    }

    #[test]
    fn look_alike_names_share_a_key() {
        assert_eq!(
            organization_look_alike_key("\u{410}cme Books"),
            organization_look_alike_key("Acme books")
        );
        assert_ne!(
            organization_look_alike_key("Acme Books"),
            organization_look_alike_key("Acme Looks")
        );
        let key = organization_name_key("Acme  Books");
        assert_eq!(key, "acme books");
        assert_eq!(organization_name_key("ACME BOOKS"), key);
        assert_eq!(
            organization_name_key("\u{FF21}\u{FF43}\u{FF4D}\u{FF45} Books"),
            key
        );
        assert_ne!(organization_name_key("Acme Book"), key);
    }
}
