//! Integration tests of `handprint-aggregate`: conformance with Crowd-Kit 1.4.2 reference
//! outputs, our own extra reference vectors, and accuracy on simulated crowds. One test binary
//! (see STYLE.md: each test file is a separate link).

mod common;
mod crowdkit_categorical;
mod crowdkit_extra;
mod simulated;
