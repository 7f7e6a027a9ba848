//! The four faces of Liberation Sans compiled into the binary, and their
//! metrics: what the loader checks characters against (a glyph for each)
//! and what the PDF measures, subsets and embeds. Their `head`, `hhea`,
//! `maxp` and `hmtx` tables are read in one place, [`FaceFile`].
//!
//! The font files live in `assets/fonts/` beside their licence (SIL OFL 1.1).
//! Their `cmap` and `hmtx` tables are read in place, once per process, on
//! first use: nothing is copied and no map is built, which keeps the start
//! of a `compose` fast. Widths are given in thousandths of an em, truncated
//! ([`thousandths`]): the very numbers of the embedded fonts' `/W` arrays. A
//! PDF viewer advances the pen by `/W`, so measuring with the same numbers
//! keeps justified lines flush to the last point.
//!
//! A character the font lacks would be drawn as glyph 0 (an empty box):
//! here every measured character is checked and a missing one is a
//! [`RenderError::MissingGlyph`].

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU16, Ordering};

use allsorts::binary::read::ReadScope;
use allsorts::font::read_cmap_subtable;
use allsorts::tables::cmap::{Cmap, CmapSubtable};

use crate::model::Style;
use crate::render::RenderError;

/// One face of the embedded family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    /// Every face, in a fixed order (the order fonts are added to the PDF).
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// The face that renders an inline style.
    pub fn for_style(style: Style) -> Face {
        match (style.bold, style.italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// The same face in bold (headings, the title).
    pub fn bolder(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
        }
    }

    /// The face's full name, used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Face::Regular => "Liberation Sans",
            Face::Bold => "Liberation Sans Bold",
            Face::Italic => "Liberation Sans Italic",
            Face::BoldItalic => "Liberation Sans Bold Italic",
        }
    }

    /// The face's PostScript name, for the PDF font dictionary.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
            Face::Italic => "LiberationSans-Italic",
            Face::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    /// The TrueType file, compiled in.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../assets/fonts/LiberationSans-Regular.ttf"),
            Face::Bold => include_bytes!("../assets/fonts/LiberationSans-Bold.ttf"),
            Face::Italic => include_bytes!("../assets/fonts/LiberationSans-Italic.ttf"),
            Face::BoldItalic => {
                include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf")
            }
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Advance widths and vertical metrics of the four faces.
pub struct FontMetrics {
    faces: [FaceTables; 4],
}

impl std::fmt::Debug for FontMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FontMetrics")
    }
}

/// The tables of one face that measuring needs, read in place from the
/// compiled-in bytes (no copy, no map built: a lookup walks the table).
struct FaceTables {
    cmap: CmapSubtable<'static>,
    file: FaceFile,
}

/// The facts of a face's `head`, `hhea`, `maxp` and `hmtx` tables, read
/// once for both what measures text and what subsets the font: the one
/// reader of those tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FaceFile {
    /// The whole file, for the other tables.
    pub font: &'static [u8],
    pub head: &'static [u8],
    pub hhea: &'static [u8],
    pub maxp: &'static [u8],
    pub hmtx: &'static [u8],
    /// `maxp.numGlyphs`.
    pub glyph_count: u16,
    /// `hhea.numberOfHMetrics`: the glyphs with an advance of their own.
    pub long_metrics: u16,
    pub units_per_em: u16,
    pub ascender: i16,
    pub descender: i16,
}

impl FaceFile {
    /// The tables of `font`, or `None` (with the tag) when one is missing
    /// or too short.
    pub(crate) fn read(font: &'static [u8]) -> Result<FaceFile, &'static str> {
        let head = table(font, b"head").ok_or("head")?;
        let hhea = table(font, b"hhea").ok_or("hhea")?;
        let maxp = table(font, b"maxp").ok_or("maxp")?;
        let hmtx = table(font, b"hmtx").ok_or("hmtx")?;
        let glyph_count = maxp.u16_at(4).ok_or("maxp")?;
        let long_metrics = hhea
            .u16_at(34)
            .filter(|&count| count > 0 && count <= glyph_count)
            .ok_or("hhea")?;
        Ok(FaceFile {
            font,
            head,
            hhea,
            maxp,
            hmtx,
            glyph_count,
            long_metrics,
            units_per_em: head.u16_at(18).ok_or("head")?.max(1),
            ascender: hhea.i16_at(4).ok_or("hhea")?,
            descender: hhea.i16_at(6).ok_or("hhea")?,
        })
    }

    /// The advance and left side bearing of `glyph`, in font units: past
    /// the long metrics, the last advance with a bearing of its own.
    pub(crate) fn metric(&self, glyph: u16) -> Option<(u16, i16)> {
        if glyph >= self.glyph_count {
            return None;
        }
        let long = self.long_metrics;
        if glyph < long {
            let at = 4 * usize::from(glyph);
            Some((self.hmtx.u16_at(at)?, self.hmtx.i16_at(at + 2)?))
        } else {
            let advance = self.hmtx.u16_at(4 * usize::from(long - 1))?;
            let at = 4 * usize::from(long) + 2 * usize::from(glyph - long);
            Some((advance, self.hmtx.i16_at(at)?))
        }
    }
}

/// The characters whose advances are kept once found: Latin up to the
/// General Punctuation block, which holds the French quotes, dashes and the
/// narrow no-break space (U+202F).
const CACHED: usize = 0x2100;

/// Each face's known advances, in thousandths of an em plus one; 0 while
/// unknown. Zeroed statics: a page is only touched when used.
static ADVANCES: [[AtomicU16; CACHED]; 4] = [const { [const { AtomicU16::new(0) }; CACHED] }; 4];

/// An advance in font units as thousandths of an em, truncated: what the
/// layout measures with and what the embedded font's `/W` array says, so
/// that our measure and the viewer's pen agree to the unit.
pub fn thousandths(advance: u16, units_per_em: u16) -> f32 {
    (f32::from(advance) * 1000.0 / f32::from(units_per_em)).trunc()
}

/// The metrics of the embedded faces, read on first use.
pub fn metrics() -> Result<&'static FontMetrics, RenderError> {
    static METRICS: OnceLock<Result<FontMetrics, RenderError>> = OnceLock::new();
    METRICS
        .get_or_init(FontMetrics::read)
        .as_ref()
        .map_err(Clone::clone)
}

/// The bytes of the table `tag` of a TrueType file, found through its table
/// directory (offset table, then 16-byte records: tag, checksum, offset,
/// length).
pub(crate) fn table(font: &'static [u8], tag: &[u8; 4]) -> Option<&'static [u8]> {
    let count = usize::from(font.u16_at(4)?);
    (0..count).find_map(|index| {
        let record = 12 + 16 * index;
        if font.get(record..record + 4)? != tag {
            return None;
        }
        let offset = font.u32_at(record + 8)? as usize;
        let length = font.u32_at(record + 12)? as usize;
        font.get(offset..offset + length)
    })
}

/// Big-endian reads that fail, rather than panic, past the end.
pub(crate) trait Bytes {
    fn u16_at(&self, at: usize) -> Option<u16>;
    fn u32_at(&self, at: usize) -> Option<u32>;
    fn i16_at(&self, at: usize) -> Option<i16> {
        self.u16_at(at).map(|value| value as i16)
    }
}

impl Bytes for [u8] {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let bytes = self.get(at..at.checked_add(2)?)?;
        Some(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes = self.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}

impl FaceTables {
    fn read(face: Face) -> Result<FaceTables, RenderError> {
        let unreadable = |what: &str| {
            RenderError::Pdf(format!(
                "the embedded font `{}` has no readable `{what}` table",
                face.name()
            ))
        };
        let bytes = face.bytes();
        let file = FaceFile::read(bytes).map_err(unreadable)?;
        let cmap = table(bytes, b"cmap").ok_or_else(|| unreadable("cmap"))?;
        let cmap = ReadScope::new(cmap)
            .read::<Cmap<'static>>()
            .map_err(|_| unreadable("cmap"))?;
        let (_, cmap) = read_cmap_subtable(&cmap)
            .ok()
            .flatten()
            .ok_or_else(|| unreadable("cmap"))?;
        Ok(FaceTables { cmap, file })
    }
}

impl FontMetrics {
    fn read() -> Result<FontMetrics, RenderError> {
        Ok(FontMetrics {
            faces: [
                FaceTables::read(Face::Regular)?,
                FaceTables::read(Face::Bold)?,
                FaceTables::read(Face::Italic)?,
                FaceTables::read(Face::BoldItalic)?,
            ],
        })
    }

    /// The advance of `character` in thousandths of an em, or an error when
    /// the face has no glyph for it.
    pub fn advance(&self, face: Face, character: char) -> Result<f32, RenderError> {
        // Measuring looks up the same few dozen characters thousands of
        // times: each found advance is kept, so the character map and the
        // metrics are walked once per character and face.
        let slot = ADVANCES[face.index()].get(character as usize);
        if let Some(known) = slot.map(|slot| slot.load(Ordering::Relaxed))
            && known != 0
        {
            return Ok(f32::from(known - 1));
        }
        let advance = self.read_advance(face, character)?;
        if let Some(slot) = slot {
            // A whole number of thousandths below 32 768 (the advance is a
            // 16-bit count of font units, at most the em times 32).
            if let Ok(stored) = u16::try_from(advance as i64 + 1) {
                slot.store(stored, Ordering::Relaxed);
            }
        }
        Ok(advance)
    }

    fn read_advance(&self, face: Face, character: char) -> Result<f32, RenderError> {
        let tables = &self.faces[face.index()];
        let glyph = self.glyph(face, character)?;
        let (width, _) = tables.file.metric(glyph).ok_or(RenderError::MissingGlyph {
            character,
            font: face.name(),
        })?;
        Ok(thousandths(width, tables.file.units_per_em))
    }

    /// The width of `text` in points at `size`.
    pub fn width(&self, face: Face, size: f32, text: &str) -> Result<f32, RenderError> {
        let mut thousandths = 0.0;
        for character in text.chars() {
            thousandths += self.advance(face, character)?;
        }
        Ok(thousandths * size / 1000.0)
    }

    /// The glyph that draws `character` in the full face.
    pub fn glyph(&self, face: Face, character: char) -> Result<u16, RenderError> {
        self.faces[face.index()]
            .cmap
            .map_glyph(u32::from(character))
            .ok()
            .flatten()
            .filter(|&glyph| glyph != 0)
            .ok_or(RenderError::MissingGlyph {
                character,
                font: face.name(),
            })
    }

    /// Whether the face has a glyph for `character`.
    pub fn has_glyph(&self, face: Face, character: char) -> bool {
        self.advance(face, character).is_ok()
    }

    /// Height above the baseline of the tallest glyphs, as a fraction of the
    /// font size (used for link rectangles).
    pub fn ascent(&self, face: Face) -> f32 {
        let tables = &self.faces[face.index()];
        f32::from(tables.file.ascender) / f32::from(tables.file.units_per_em)
    }

    /// Depth below the baseline, positive, as a fraction of the font size.
    pub fn descent(&self, face: Face) -> f32 {
        let tables = &self.faces[face.index()];
        -f32::from(tables.file.descender) / f32::from(tables.file.units_per_em)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_french_character_has_a_glyph_in_every_face() {
        let metrics = metrics().expect("the embedded fonts parse");
        let french = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ’«»…–—°€\u{a0}\u{202f}";
        for face in Face::ALL {
            for character in french.chars() {
                assert!(
                    metrics.has_glyph(face, character),
                    "{} lacks {character:?}",
                    face.name()
                );
            }
        }
    }

    #[test]
    fn a_character_outside_the_font_is_an_error_not_a_blank() {
        let metrics = metrics().expect("the embedded fonts parse");
        assert_eq!(
            metrics.width(Face::Regular, 10.0, "漢"),
            Err(RenderError::MissingGlyph {
                character: '漢',
                font: "Liberation Sans"
            })
        );
    }

    #[test]
    fn widths_add_up() {
        let metrics = metrics().expect("the embedded fonts parse");
        let a = metrics.width(Face::Regular, 10.0, "ab").unwrap();
        let b = metrics.width(Face::Regular, 10.0, "a").unwrap()
            + metrics.width(Face::Regular, 10.0, "b").unwrap();
        assert!((a - b).abs() < 1e-4);
        assert!(metrics.width(Face::Bold, 10.0, "m").unwrap() > 5.0);
    }
}
