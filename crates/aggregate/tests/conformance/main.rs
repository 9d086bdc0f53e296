//! Integration tests of `handprint-aggregate`: conformance with Crowd-Kit 1.4.2 reference
//! outputs, our own extra reference vectors, and accuracy on simulated crowds. One test binary
//! (see STYLE.md: each test file is a separate link).

#![allow(clippy::too_many_lines)] // a test may tell its whole story in one function
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

mod common;
mod crowdkit_categorical;
mod crowdkit_ds_initial_error;
mod crowdkit_extra;
mod crowdkit_mmsr;
mod crowdkit_rover_bt;
mod simulated;
