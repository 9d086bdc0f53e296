//! Typed ids: a project's id cannot be passed where an assignment's is wanted.
//!
//! Each id is the text the store generated (`new_id`), wrapped once where it
//! enters — a path parameter, a form field, a command-line argument, a row — and
//! carried typed from there. They serialise as the bare string, so JSON is unchanged.
//!
//! There is one id for accounts, [`UserId`]: a worker, a requester and a reviewer
//! are all rows of `users`, and one account may hold several roles across
//! projects, so a separate `WorkerId` would only add conversions between the two.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Defines one `String` newtype id. A macro because a type cannot be made by a function;
/// each id gets the same small, infallible surface.
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as stored.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's text, giving up the type.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }
    };
}

string_id!(
    /// A project's id.
    ProjectId
);
string_id!(
    /// A task's id.
    TaskId
);
string_id!(
    /// An assignment's id: one worker's lease on one task.
    AssignmentId
);
string_id!(
    /// An account's id, whatever its role: worker, requester, reviewer or operator.
    UserId
);
string_id!(
    /// An organisation's id (the requesters who share projects and funds).
    OrganizationId
);
string_id!(
    /// A qualification's id: a requester organisation's, or an operator's for everyone.
    QualificationId
);
string_id!(
    /// An automated decision's id, in the decision log.
    DecisionId
);
string_id!(
    /// A stored handprint's id: the signed record of one export.
    HandprintId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_serialises_as_its_bare_text() {
        let id = AssignmentId::from("a-1");
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("\"a-1\""));
        let back: Option<AssignmentId> = serde_json::from_str("\"a-1\"").ok();
        assert_eq!(back, Some(id));
    }

    #[test]
    fn an_id_shows_as_its_text() {
        assert_eq!(ProjectId::from("p-9".to_string()).to_string(), "p-9");
        assert_eq!(UserId::from("u").as_str(), "u");
    }
}
