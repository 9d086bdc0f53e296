//! The workers' forum's rules (issue 16): what a title, a post and a search may be,
//! the moderation acts an operator may take (each with a written reason), and the
//! posting limit. Nothing here reads what people write beyond its length.

use crate::Msg;
use crate::clock::MICROS_PER_SECOND;

/// The longest thread title and category name, in characters.
pub const MAX_TITLE_CHARS: usize = 140;
/// The longest search, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;
/// Posts (threads included) one account may write within [`POST_WINDOW`].
pub const POSTS_PER_WINDOW: i64 = 10;
/// The window of the posting limit.
pub const POST_WINDOW: i64 = 10 * 60 * MICROS_PER_SECOND;
/// Threads, posts and search results on one page.
pub const PAGE_SIZE: i64 = 20;

/// A moderation act: each is logged with the operator, the time and the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    HidePost,
    RestorePost,
    HideThread,
    RestoreThread,
    LockThread,
    UnlockThread,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::HidePost => "hide_post",
            Action::RestorePost => "restore_post",
            Action::HideThread => "hide_thread",
            Action::RestoreThread => "restore_thread",
            Action::LockThread => "lock_thread",
            Action::UnlockThread => "unlock_thread",
        }
    }

    /// The act on a post named by the API's `action` (`hide`, `restore`).
    pub fn on_post(action: &str) -> Option<Action> {
        match action {
            "hide" => Some(Action::HidePost),
            "restore" => Some(Action::RestorePost),
            _ => None,
        }
    }

    /// The act on a thread named by the API's `action` (`hide`, `restore`, `lock`, `unlock`).
    pub fn on_thread(action: &str) -> Option<Action> {
        match action {
            "hide" => Some(Action::HideThread),
            "restore" => Some(Action::RestoreThread),
            "lock" => Some(Action::LockThread),
            "unlock" => Some(Action::UnlockThread),
            _ => None,
        }
    }
}

impl TryFrom<String> for Action {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        [
            Action::HidePost,
            Action::RestorePost,
            Action::HideThread,
            Action::RestoreThread,
            Action::LockThread,
            Action::UnlockThread,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| format!("unknown forum moderation action {s:?}"))
    }
}

/// A thread title or a category name: not empty, at most [`MAX_TITLE_CHARS`].
pub fn parse_title(text: &str) -> Result<String, Msg> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Msg::coded("problem-forum-title-empty", Vec::new()));
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(Msg::coded(
            "problem-forum-title-long",
            vec![("max", MAX_TITLE_CHARS.to_string())],
        ));
    }
    Ok(t.to_string())
}

/// What search compares: the text lowercased (by Rust, so both backends compare the
/// same characters).
pub fn search_text(text: &str) -> String {
    text.to_lowercase()
}

/// A search as a `LIKE … ESCAPE '\'` pattern over [`search_text`]: the words in the
/// order typed, anything between them; `%`, `_` and `\` match themselves.
pub fn search_pattern(query: &str) -> Result<String, Msg> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Msg::coded("problem-forum-search-empty", Vec::new()));
    }
    if q.chars().count() > MAX_SEARCH_CHARS {
        return Err(Msg::coded(
            "problem-forum-search-long",
            vec![("max", MAX_SEARCH_CHARS.to_string())],
        ));
    }
    let mut pattern = String::from("%");
    for word in search_text(q).split_whitespace() {
        for c in word.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
    }
    Ok(pattern)
}

/// How many pages `total` items fill (at least one, so an empty list has page 1).
pub fn pages(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_matches_its_words_in_order_and_escapes_wildcards() {
        assert_eq!(search_pattern("  Late PAY ").as_deref(), Ok("%late%pay%"));
        assert_eq!(
            search_pattern("100% _x\\").as_deref(),
            Ok("%100\\%%\\_x\\\\%")
        );
        assert_eq!(
            search_pattern(" ").map_err(|m| m.code),
            Err(Some("problem-forum-search-empty"))
        );
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(parse_title("  Hello ").as_deref(), Ok("Hello"));
        assert!(parse_title("").is_err());
        assert!(parse_title(&"x".repeat(MAX_TITLE_CHARS)).is_ok());
        assert!(parse_title(&"x".repeat(MAX_TITLE_CHARS + 1)).is_err());
    }

    #[test]
    fn an_empty_list_has_one_page() {
        assert_eq!(pages(0), 1);
        assert_eq!(pages(PAGE_SIZE), 1);
        assert_eq!(pages(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn every_action_reads_back_from_its_name() {
        for name in ["hide", "restore"] {
            let a = Action::on_post(name).expect("a post action");
            assert_eq!(Action::try_from(a.as_str().to_string()), Ok(a));
        }
        for name in ["hide", "restore", "lock", "unlock"] {
            let a = Action::on_thread(name).expect("a thread action");
            assert_eq!(Action::try_from(a.as_str().to_string()), Ok(a));
        }
        assert_eq!(Action::on_post("lock"), None);
    }
}
