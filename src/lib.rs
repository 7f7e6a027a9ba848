//! `solidaire` composes the numbered press release « Covid-19 : le
//! Pas-de-Calais solidaire » from one TOML file per issue, and writes it as
//! Markdown, HTML and PDF.
//!
//! Data flows one way: issue file → [`load`] (parse, merge over
//! `series.toml`, validate into a [`model::Release`]) → [`typography`] →
//! [`render`] (one module per format) → files, written by [`commands`];
//! [`site`] makes the archive site of a whole folder.

pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod error;
pub mod fonts;
pub mod input;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod site;
pub mod skeleton;
pub mod typography;
