//! The embedded fonts: each face in use, subset, as PDF objects, and its
//! text as the glyph codes a content stream shows.
//!
//! A face is a Type 0 font over a TrueType CID font (`/Identity-H`: a code
//! is two bytes, the subset's glyph id), with `/W` widths, a `/ToUnicode`
//! map for text extraction, and a descriptor with the program itself. These
//! are the very objects printpdf wrote for the fonts it was handed, down to
//! the descriptor's numbers. They are written here because printpdf's way
//! there costs more than all the rest of a `compose`: it walks the text of
//! every page to learn which glyphs are used (a `String` and a map lookup
//! per character) and formats each glyph byte of the content streams through
//! `core::fmt`. Here the subset already says which glyphs are used, and a
//! code is two bytes pushed onto a string.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::layout::Document;
use super::subset::{FontSubset, subset_face};
use crate::fonts::{Face, FontMetrics, thousandths};
use crate::render::RenderError;

/// A face as the document embeds it.
pub struct EmbeddedFont {
    face: Face,
    /// The name the pages' resources give it (`F1`, `F2`…).
    pub resource: String,
    subset: FontSubset,
    /// The subset's name, `ABCDEF+LiberationSans`.
    name: String,
    /// The subset glyph of each character below [`LATIN`], 0 for none
    /// (`.notdef` is never drawn): the text is nearly all Latin, and a
    /// table lookup per character is cheaper than a search.
    latin: [u16; LATIN],
}

/// The characters looked up in a table rather than searched: Basic Latin,
/// Latin-1 and Latin Extended-A and B.
const LATIN: usize = 0x250;

/// The set of characters a face draws: a bitset for the Latin ones, a
/// sorted set for the few others (punctuation such as « ’ » or U+202F).
#[derive(Default)]
struct Characters {
    latin: [u64; LATIN / 64 + 1],
    others: BTreeSet<char>,
}

impl Characters {
    fn extend(&mut self, text: &str) {
        for character in text.chars() {
            match usize::try_from(u32::from(character)) {
                Ok(code) if code < LATIN => self.latin[code / 64] |= 1 << (code % 64),
                _ => {
                    self.others.insert(character);
                }
            }
        }
    }

    /// Every character, in order.
    fn into_set(self) -> BTreeSet<char> {
        let mut set = self.others;
        for code in 0..LATIN {
            if self.latin[code / 64] & 1 << (code % 64) != 0 {
                set.extend(u32::try_from(code).ok().and_then(char::from_u32));
            }
        }
        set
    }
}

/// Subsets every face the document draws with, in face order: `F1` is the
/// first face used.
pub fn subset_fonts(
    document: &Document,
    metrics: &FontMetrics,
) -> Result<BTreeMap<Face, EmbeddedFont>, RenderError> {
    let mut used: BTreeMap<Face, Characters> = BTreeMap::new();
    for run in document.pages.iter().flat_map(|page| &page.texts) {
        used.entry(run.face).or_default().extend(&run.text);
    }
    let mut fonts = BTreeMap::new();
    for (face, characters) in used {
        let characters = characters.into_set();
        let subset = subset_face(face, &characters, metrics)?;
        let mut latin = [0; LATIN];
        for &(character, glyph) in &subset.characters {
            if let Some(slot) = latin.get_mut(character as usize) {
                *slot = glyph;
            }
        }
        let font = EmbeddedFont {
            face,
            resource: format!("F{}", fonts.len() + 1),
            name: format!("{}+{}", subset_tag(&characters), face.postscript_name()),
            subset,
            latin,
        };
        fonts.insert(face, font);
    }
    Ok(fonts)
}

impl EmbeddedFont {
    /// Appends the codes of `text` to `codes`: each character's subset glyph
    /// id, two bytes big-endian.
    pub fn push_codes(&self, text: &str, codes: &mut Vec<u8>) -> Result<(), RenderError> {
        let characters = &self.subset.characters;
        for character in text.chars() {
            let glyph = match self.latin.get(character as usize) {
                Some(&glyph) if glyph != 0 => Some(glyph),
                Some(_) => None,
                None => characters
                    .binary_search_by_key(&character, |&(character, _)| character)
                    .ok()
                    .map(|index| characters[index].1),
            };
            let glyph = glyph.ok_or_else(|| {
                RenderError::Pdf(format!(
                    "the font `{}` was embedded without {character:?}",
                    self.face.name()
                ))
            })?;
            codes.extend_from_slice(&glyph.to_be_bytes());
        }
        Ok(())
    }

    /// Adds the font's objects to `pdf` and returns the Type 0 font's id.
    pub fn embed(mut self, pdf: &mut lopdf::Document) -> ObjectId {
        let glyphs = self.drawn_glyphs();
        let to_unicode = pdf.add_object(Stream::new(Dictionary::new(), self.to_unicode(&glyphs)));
        let widths = self.widths(&glyphs);
        let program = std::mem::take(&mut self.subset.program);
        let descriptor = self.descriptor(program, pdf);
        let name = || Object::Name(self.name.clone().into_bytes());
        let cid_font = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("BaseFont", name()),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Registry", Object::string_literal("Adobe")),
                    ("Ordering", Object::string_literal("Identity")),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
            ("W", Object::Array(widths)),
            ("DW", Object::Integer(1000)),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        ]);
        pdf.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", name()),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            ("ToUnicode", Object::Reference(to_unicode)),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Dictionary(cid_font)]),
            ),
        ]))
    }

    /// The glyphs the text draws, each with the character it reads as: the
    /// first in character order should two share a glyph (none do in
    /// Liberation Sans, where even the no-break space has its own), so
    /// that extraction gives the plainer one.
    fn drawn_glyphs(&self) -> BTreeMap<u16, char> {
        let mut glyphs = BTreeMap::new();
        for &(character, glyph) in &self.subset.characters {
            glyphs.entry(glyph).or_insert(character);
        }
        glyphs
    }

    /// `/W`: each drawn glyph's advance in thousandths of an em, truncated
    /// (the numbers the layout measured with), in runs of consecutive ids.
    fn widths(&self, glyphs: &BTreeMap<u16, char>) -> Vec<Object> {
        let mut list = Vec::new();
        let mut run: Vec<Object> = Vec::new();
        let mut next = None;
        for &glyph in glyphs.keys() {
            if next != Some(glyph) && !run.is_empty() {
                list.push(Object::Array(std::mem::take(&mut run)));
            }
            if run.is_empty() {
                list.push(Object::Integer(i64::from(glyph)));
            }
            let advance = self
                .subset
                .advances
                .get(usize::from(glyph))
                .copied()
                .unwrap_or(0);
            run.push(Object::Integer(
                thousandths(advance, self.subset.units_per_em) as i64,
            ));
            next = glyph.checked_add(1);
        }
        if !run.is_empty() {
            list.push(Object::Array(run));
        }
        list
    }

    /// The descriptor and the font `program`. Metrics are scaled to
    /// thousandths of an em; the italic angle comes from the caret's slope,
    /// the stem width is estimated from the weight class, as PDF producers
    /// do (no font table holds it).
    fn descriptor(&self, program: Vec<u8>, pdf: &mut lopdf::Document) -> ObjectId {
        let subset = &self.subset;
        let scale = 1000.0 / f32::from(subset.units_per_em.max(1));
        let scaled = |value: i16| (f32::from(value) * scale).round() as i64;
        let (rise, run) = subset.caret_slope;
        let italic_angle = if rise == 0 {
            0
        } else {
            (-f32::from(run).atan2(f32::from(rise)).to_degrees()).round() as i64
        };
        // Non-symbolic (the standard Latin set), italic when slanted.
        let flags = 1 << 5 | if italic_angle != 0 { 1 << 6 } else { 0 };
        let stem_v = if subset.weight_class == 0 {
            80
        } else {
            50 + (f32::from(subset.weight_class) / 65.0).powi(2).round() as i64
        };
        let program = Stream::new(
            Dictionary::from_iter(vec![("Length1", Object::Integer(program.len() as i64))]),
            program,
        );
        let program = pdf.add_object(program);
        let ascent = scaled(subset.ascender);
        pdf.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", Object::Name(self.name.clone().into_bytes())),
            ("Ascent", Object::Integer(ascent)),
            ("Descent", Object::Integer(scaled(subset.descender))),
            ("CapHeight", Object::Integer(ascent)),
            ("ItalicAngle", Object::Integer(italic_angle)),
            ("Flags", Object::Integer(flags)),
            ("StemV", Object::Integer(stem_v)),
            (
                "FontBBox",
                Object::Array(
                    subset
                        .bounding_box
                        .iter()
                        .map(|&side| Object::Integer(scaled(side)))
                        .collect(),
                ),
            ),
            ("FontFile2", Object::Reference(program)),
        ]))
    }

    /// The `/ToUnicode` CMap: each drawn glyph to its character, in
    /// `bfchar` blocks of at most 100 entries sharing a high byte.
    fn to_unicode(&self, glyphs: &BTreeMap<u16, char>) -> Vec<u8> {
        let name = &self.resource;
        let mut cmap = format!(
            "/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n\
             %!PS-Adobe-3.0 Resource-CMap\n%%DocumentNeededResources: procset CIDInit\n\
             %%IncludeResource: procset CIDInit\n\n/CIDSystemInfo 3 dict dup begin\n\
             /Registry (FontSpecific) def\n/Ordering ({name}) def\n/Supplement 0 def\n\
             end def\n\n/CMapName /FontSpecific-{name} def\n/CMapVersion 1 def\n\
             /CMapType 2 def\n/WMode 0 def\n\n1 begincodespacerange\n<0000> <FFFF>\n\
             endcodespacerange\n"
        )
        .into_bytes();
        let glyphs: Vec<(u16, char)> = glyphs.iter().map(|(&glyph, &c)| (glyph, c)).collect();
        for block in glyphs.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
            for chunk in block.chunks(100) {
                cmap.extend_from_slice(format!("{} beginbfchar\n", chunk.len()).as_bytes());
                for &(glyph, character) in chunk {
                    cmap.push(b'<');
                    push_hex(&mut cmap, glyph);
                    cmap.extend_from_slice(b"> <");
                    for &unit in character.encode_utf16(&mut [0; 2]).iter() {
                        push_hex(&mut cmap, unit);
                    }
                    cmap.extend_from_slice(b">\n");
                }
                cmap.extend_from_slice(b"endbfchar\n");
            }
        }
        cmap.extend_from_slice(
            b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        cmap
    }
}

/// Four upper-case hexadecimal digits.
fn push_hex(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((value >> shift) & 0xF)]);
    }
}

/// The six capital letters that mark a subset font's name (ISO 32000-1,
/// 9.6.4), derived from the characters it holds: two different subsets of a
/// face get different names, the same subset always the same.
fn subset_tag(characters: &BTreeSet<char>) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &character in characters {
        for byte in u32::from(character).to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    (0..6)
        .map(|index| char::from(b'A' + ((hash >> (index * 8)) % 26) as u8))
        .collect()
}
