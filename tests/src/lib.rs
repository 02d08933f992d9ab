//! Support for the project's end-to-end tests (in `tests/tests/`): a scripted HTTP server on loopback,
//! and an emulator of JD Cloud's Redis API built on it.

pub mod counting;
pub mod emulator;
pub mod server;

/// The README's example, compiled as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
