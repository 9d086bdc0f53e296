//! Uploaded media (issue 15): which names and types a project's files may have, and
//! whether an item's media field names an uploaded file or an outside address.

use crate::Msg;

/// The most characters of a media name.
pub const MAX_NAME_CHARS: usize = 200;

/// The types Handprint stores and serves, with the file endings that stand for them.
pub const TYPES: [(&str, &[&str]); 10] = [
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/png", &["png"]),
    ("image/gif", &["gif"]),
    ("image/webp", &["webp"]),
    ("audio/mpeg", &["mp3"]),
    ("audio/ogg", &["ogg", "oga"]),
    ("audio/wav", &["wav"]),
    ("audio/webm", &["weba"]),
    ("video/mp4", &["mp4"]),
    ("video/webm", &["webm"]),
];

/// The accepted types, listed for messages.
pub fn type_list() -> String {
    TYPES.map(|(t, _)| t).join(", ")
}

/// A project's media name: letters, digits, `.`, `_`, `-` and `/` between parts
/// (a zip's folders), no empty or dot-only part. Names need no escaping in a URL
/// path and cannot climb out of the project's folder.
pub fn parse_name(raw: &str) -> Result<String, Msg> {
    let name = raw.trim();
    let bad = |why: &str| {
        Msg::coded(
            "err-media-name",
            vec![("name", raw.to_string()), ("why", why.to_string())],
        )
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(bad("it is longer than 200 characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
    {
        return Err(bad(&format!("it holds {c:?}")));
    }
    if name
        .split('/')
        .any(|part| part.is_empty() || part.chars().all(|c| c == '.'))
    {
        return Err(bad("a part between slashes is empty, \".\" or \"..\""));
    }
    Ok(name.to_string())
}

/// The longest name a bucket source may have.
const MAX_SOURCE_CHARS: usize = 40;

/// A bucket source's name, as items write it before the colon ("photos:cats/1.jpg"):
/// 1 to 40 lowercase letters, digits, "-" and "_".
pub fn parse_source_name(raw: &str) -> Result<String, Msg> {
    let name = raw.trim();
    let fine = !name.is_empty()
        && name.chars().count() <= MAX_SOURCE_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'));
    if fine {
        Ok(name.to_string())
    } else {
        Err(Msg::coded(
            "err-media-source-name",
            vec![("name", raw.to_string())],
        ))
    }
}

/// An item's reference to an object of a registered bucket source, "SOURCE:key", as
/// (source, key); None for an uploaded file's name (which never holds a colon).
pub fn source_ref(name: &str) -> Option<(&str, &str)> {
    name.split_once(':')
}

/// The accepted type a declared `Content-Type` names (parameters and case ignored;
/// `audio/x-wav` and `audio/mp3` as their usual names), or None.
pub fn accepted_type(content_type: &str) -> Option<&'static str> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let essence = match essence.as_str() {
        "image/jpg" => "image/jpeg",
        "audio/x-wav" | "audio/wave" => "audio/wav",
        "audio/mp3" => "audio/mpeg",
        other => other,
    };
    TYPES.iter().map(|(t, _)| *t).find(|t| *t == essence)
}

/// The accepted type a file name's ending stands for, or None.
pub fn type_of_name(name: &str) -> Option<&'static str> {
    let ending = name.rsplit_once('.')?.1.to_ascii_lowercase();
    TYPES
        .iter()
        .find(|(_, endings)| endings.contains(&ending.as_str()))
        .map(|(t, _)| *t)
}

/// What an item's media field holds: an outside address the page loads as it is
/// (`http:`, `https:`, `data:`, a same-site path), or the name of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaRef<'a> {
    Address(&'a str),
    Uploaded(&'a str),
}

impl<'a> MediaRef<'a> {
    pub fn of(value: &'a str) -> MediaRef<'a> {
        let v = value.trim();
        let lower = v.get(..8).unwrap_or(v).to_ascii_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("data:")
            || v.starts_with('/')
            || v.is_empty()
        {
            MediaRef::Address(value)
        } else {
            MediaRef::Uploaded(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_paths_inside_the_project() {
        assert_eq!(
            parse_name(" cats/cat-001.jpg "),
            Ok("cats/cat-001.jpg".into())
        );
        for bad in [
            "", "../x.jpg", "a//b.jpg", "a b.jpg", "/x.jpg", "é.jpg", "a/./b",
        ] {
            assert!(parse_name(bad).is_err(), "{bad}");
        }
        let long = "a".repeat(201);
        assert!(parse_name(&long).is_err());
    }

    #[test]
    fn a_source_name_is_short_lowercase_and_an_item_names_its_objects_after_a_colon() {
        assert_eq!(parse_source_name(" photos_2026 "), Ok("photos_2026".into()));
        for bad in ["", "Photos", "a:b", "a/b", &"a".repeat(41)] {
            assert!(parse_source_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            source_ref("photos:cats/1.jpg"),
            Some(("photos", "cats/1.jpg"))
        );
        assert_eq!(source_ref("cats/1.jpg"), None);
        assert!(parse_name("photos:cats/1.jpg").is_err());
    }

    #[test]
    fn types_are_read_from_headers_and_endings() {
        assert_eq!(
            accepted_type("IMAGE/PNG; charset=binary"),
            Some("image/png")
        );
        assert_eq!(accepted_type("audio/x-wav"), Some("audio/wav"));
        assert_eq!(accepted_type("text/html"), None);
        assert_eq!(type_of_name("a/b.JPG"), Some("image/jpeg"));
        assert_eq!(type_of_name("a.exe"), None);
        assert_eq!(type_of_name("noending"), None);
    }

    #[test]
    fn addresses_and_names_are_told_apart() {
        assert_eq!(MediaRef::of("cat.jpg"), MediaRef::Uploaded("cat.jpg"));
        assert_eq!(
            MediaRef::of("HTTPS://x.org/a.png"),
            MediaRef::Address("HTTPS://x.org/a.png")
        );
        assert_eq!(
            MediaRef::of("data:image/png;base64,AA"),
            MediaRef::Address("data:image/png;base64,AA")
        );
        assert_eq!(
            MediaRef::of("/static/a.png"),
            MediaRef::Address("/static/a.png")
        );
    }
}
