//! Font subsetting: only the glyphs a communiqué uses are embedded.
//!
//! printpdf subsets only with its `text_layout` feature, which builds a whole
//! layout engine (minutes of clean build). It does depend on `allsorts` in
//! every configuration, so we call that subsetter ourselves and give printpdf
//! the subset file as if it were the font: printpdf then embeds it whole,
//! with `/W` widths and a `/ToUnicode` map built from the subset's own
//! character map. Four full faces would weigh 1.6 MB; a communiqué's subsets
//! weigh a few dozen kilobytes.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};

use super::fonts::{Face, FontMetrics};
use crate::render::RenderError;

/// A TrueType font holding `.notdef` and the glyphs of `characters` in
/// `face`, with a Unicode character map for them.
pub fn subset_face(
    face: Face,
    characters: &BTreeSet<char>,
    metrics: &FontMetrics,
) -> Result<Vec<u8>, RenderError> {
    let failed = |error: &dyn std::fmt::Display| {
        RenderError::Pdf(format!("cannot subset the font `{}`: {error}", face.name()))
    };
    let mut glyphs = BTreeSet::new();
    for &character in characters {
        glyphs.insert(metrics.glyph(face, character)?);
    }
    // allsorts wants `.notdef` first and no duplicate.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.into_iter().filter(|&glyph| glyph != 0))
        .collect();
    let font = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|error| failed(&error))?;
    let provider = font.table_provider(0).map_err(|error| failed(&error))?;
    subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|error| failed(&error))
}
