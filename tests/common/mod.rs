//! Helpers shared by the integration tests.

pub mod sample_release;
