//! The application layer: one function per use case, the same rules for every
//! way in.
//!
//! The JSON API (`crate::api`), the pages (`crate::web`) and the CLI (the
//! `handprint` binary) each do three things and only these: read their input
//! (JSON, a form, command-line arguments) into the typed input of a use case,
//! call the use-case function here with the acting account, and show its result
//! (a JSON view, a page, a line of text). Rules — who may do what, in which state,
//! what it costs, what is checked — live here and below (core, store), never in
//! a handler. No page calls an API handler, and the CLI does not import `api`.
//!
//! Each function takes the [`AppState`](crate::AppState), the acting account
//! (a [`Caller`](crate::auth::Caller), when the use case has one) and typed inputs,
//! and returns a domain result (store rows, core values, or a result struct of its
//! module) or one [`AppError`].

pub mod access;
pub mod accounts;
pub mod disputes;
pub mod error;
pub mod money;
pub mod my_data;
pub mod operator;
pub mod projects;
pub mod record;
pub mod results;
pub mod review;
pub mod tasks;
pub mod work;

pub use error::AppError;

/// What every use case returns.
pub type AppResult<T> = Result<T, AppError>;
