//! Support for the project's end-to-end tests (in `tests/tests/`): a scripted HTTP server on loopback.

pub mod server;
