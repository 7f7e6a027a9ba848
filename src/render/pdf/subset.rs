//! Font subsetting: only the glyphs a communiqué uses are embedded.
//!
//! A small TrueType subsetter of our own. It reads the tables of the
//! compiled-in face in place and touches only the glyphs it keeps: the
//! characters' glyphs, `.notdef`, and the components of composite glyphs
//! (accented letters are built from a base letter and an accent). Glyphs are
//! renumbered from 0 in that order, so the subset's `loca`, `hmtx` and the
//! PDF's `/W` array stay a few hundred bytes.
//!
//! allsorts' subsetter, used before, parsed every one of the 2,600 glyph
//! records of each face first: for the n°2 that was 3.2 million instructions
//! and 170 fresh memory pages, a tenth of the whole `compose`.
//!
//! The subset holds the tables a PDF viewer may need from an embedded
//! TrueType program (ISO 32000-1, 9.9: `head`, `hhea`, `loca`, `maxp`,
//! `cvt `, `prep`, `glyf`, `hmtx`, `fpgm`), plus a Unicode `cmap` for the kept
//! characters, the `name` table (the font's copyright and licence) and a
//! glyph-name-less `post`.

use std::collections::BTreeSet;

use crate::fonts::{Bytes, Face, FaceFile, FontMetrics, table};
use crate::render::RenderError;

/// A face cut down to some characters, with what the PDF's font dictionary
/// needs to know about it.
#[derive(Debug, Clone)]
pub struct FontSubset {
    /// The TrueType font program to embed.
    pub program: Vec<u8>,
    /// Each character and its glyph in the subset, in character order.
    pub characters: Vec<(char, u16)>,
    /// The advance of each subset glyph, in font units, by glyph id.
    pub advances: Vec<u16>,
    pub units_per_em: u16,
    pub ascender: i16,
    pub descender: i16,
    /// The face's bounding box: x min, y min, x max, y max, in font units.
    pub bounding_box: [i16; 4],
    /// The caret's slope (rise, run): upright is (1, 0).
    pub caret_slope: (i16, i16),
    /// OS/2 `usWeightClass` (400 regular, 700 bold), 0 when unknown.
    pub weight_class: u16,
}

/// `face` cut down to `.notdef` and the glyphs of `characters`.
pub fn subset_face(
    face: Face,
    characters: &BTreeSet<char>,
    metrics: &FontMetrics,
) -> Result<FontSubset, RenderError> {
    let mut kept = Vec::with_capacity(characters.len());
    for &character in characters {
        kept.push((character, metrics.glyph(face, character)?));
    }
    Source::read(face.bytes())
        .and_then(|source| source.subset(&kept))
        .ok_or_else(|| {
            RenderError::Pdf(format!(
                "cannot subset the font `{}`: a table is missing or malformed",
                face.name()
            ))
        })
}

/// The tables of the full face that subsetting reads: those measuring
/// reads too ([`FaceFile`], one reader), and the outlines.
struct Source {
    file: FaceFile,
    loca: &'static [u8],
    glyf: &'static [u8],
    long_offsets: bool,
}

impl Source {
    fn read(font: &'static [u8]) -> Option<Source> {
        let file = FaceFile::read(font).ok()?;
        Some(Source {
            file,
            loca: table(font, b"loca")?,
            glyf: table(font, b"glyf")?,
            long_offsets: file.head.i16_at(50)? == 1,
        })
    }

    /// The outline of `glyph`: empty for a glyph that draws nothing.
    fn outline(&self, glyph: u16) -> Option<&'static [u8]> {
        if glyph >= self.file.glyph_count {
            return None;
        }
        let index = usize::from(glyph);
        let (start, end) = if self.long_offsets {
            (
                self.loca.u32_at(4 * index)? as usize,
                self.loca.u32_at(4 * index + 4)? as usize,
            )
        } else {
            (
                2 * usize::from(self.loca.u16_at(2 * index)?),
                2 * usize::from(self.loca.u16_at(2 * index + 2)?),
            )
        };
        self.glyf.get(start..end)
    }

    fn subset(&self, characters: &[(char, u16)]) -> Option<FontSubset> {
        // Old glyph ids in their new order, and the way back.
        let mut order: Vec<u16> = vec![0];
        let mut renumbered: Vec<Option<u16>> = vec![None; usize::from(self.file.glyph_count)];
        renumbered[0] = Some(0);
        let mut keep = |glyph: u16, order: &mut Vec<u16>| -> Option<u16> {
            let slot = renumbered.get_mut(usize::from(glyph))?;
            Some(*slot.get_or_insert_with(|| {
                order.push(glyph);
                (order.len() - 1) as u16
            }))
        };
        let mut mapped = Vec::with_capacity(characters.len());
        for &(character, glyph) in characters {
            mapped.push((character, keep(glyph, &mut order)?));
        }
        // Components of composite glyphs, and theirs in turn: `order` grows
        // while it is walked.
        let mut next = 0;
        while next < order.len() {
            let outline = self.outline(order[next])?;
            for at in component_offsets(outline)? {
                keep(outline.u16_at(at)?, &mut order)?;
            }
            next += 1;
        }
        let new_id = |glyph: u16| renumbered.get(usize::from(glyph)).copied().flatten();

        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(4 * (order.len() + 1));
        let mut hmtx = Vec::with_capacity(4 * order.len());
        let mut advances = Vec::with_capacity(order.len());
        for &glyph in &order {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            let outline = self.outline(glyph)?;
            let start = glyf.len();
            glyf.extend_from_slice(outline);
            for at in component_offsets(outline)? {
                let component = new_id(outline.u16_at(at)?)?;
                glyf[start + at..start + at + 2].copy_from_slice(&component.to_be_bytes());
            }
            glyf.resize(glyf.len().next_multiple_of(4), 0);
            let (advance, bearing) = self.file.metric(glyph)?;
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&bearing.to_be_bytes());
            advances.push(advance);
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());

        let count = u16::try_from(order.len()).ok()?;
        let mut head = self.file.head.get(..54)?.to_vec();
        head[8..12].fill(0); // checkSumAdjustment, set once the file exists
        head[50..52].copy_from_slice(&1_i16.to_be_bytes()); // long `loca` offsets
        let mut hhea = self.file.hhea.get(..36)?.to_vec();
        hhea[34..36].copy_from_slice(&count.to_be_bytes());
        let mut maxp = self.file.maxp.to_vec();
        maxp.get_mut(4..6)?.copy_from_slice(&count.to_be_bytes());
        let post = table(self.file.font, b"post").and_then(|post| post.get(..32));
        let post = post.map(|post| {
            let mut post = post.to_vec();
            post[..4].copy_from_slice(&0x0003_0000_u32.to_be_bytes()); // no glyph names
            post
        });

        let cmap = unicode_cmap(&mapped);
        let mut tables: Vec<(&[u8; 4], &[u8])> = vec![
            (b"cmap", &cmap),
            (b"glyf", &glyf),
            (b"head", &head),
            (b"hhea", &hhea),
            (b"hmtx", &hmtx),
            (b"loca", &loca),
            (b"maxp", &maxp),
        ];
        if let Some(post) = &post {
            tables.push((b"post", post));
        }
        for tag in [b"cvt ", b"fpgm", b"name", b"prep"] {
            if let Some(data) = table(self.file.font, tag) {
                tables.push((tag, data));
            }
        }
        tables.sort_by_key(|(tag, _)| **tag);

        let os2 = table(self.file.font, b"OS/2");
        Some(FontSubset {
            program: sfnt(&tables),
            characters: mapped,
            advances,
            units_per_em: self.file.head.u16_at(18)?.max(1),
            ascender: self.file.hhea.i16_at(4)?,
            descender: self.file.hhea.i16_at(6)?,
            bounding_box: [
                self.file.head.i16_at(36)?,
                self.file.head.i16_at(38)?,
                self.file.head.i16_at(40)?,
                self.file.head.i16_at(42)?,
            ],
            caret_slope: (self.file.hhea.i16_at(18)?, self.file.hhea.i16_at(20)?),
            weight_class: os2.and_then(|os2| os2.u16_at(4)).unwrap_or(0),
        })
    }
}

/// Where the component glyph ids of a composite outline are, relative to
/// its start; none for a simple outline (OpenType `glyf`, composite glyph
/// description).
fn component_offsets(outline: &[u8]) -> Option<Vec<usize>> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAS_X_AND_Y_SCALE: u16 = 0x0040;
    const HAS_TWO_BY_TWO: u16 = 0x0080;

    let mut offsets = Vec::new();
    if outline.is_empty() || outline.i16_at(0)? >= 0 {
        return Some(offsets);
    }
    let mut at = 10;
    loop {
        let flags = outline.u16_at(at)?;
        offsets.push(at + 2);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_X_AND_Y_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some(offsets);
        }
    }
}

/// A `cmap` table with one Windows Unicode (BMP) subtable in format 4,
/// mapping `characters` to their subset glyphs. Runs of consecutive
/// characters on consecutive glyphs share a segment.
fn unicode_cmap(characters: &[(char, u16)]) -> Vec<u8> {
    // (first character, last character, glyph of the first)
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for &(character, glyph) in characters {
        let Ok(code) = u16::try_from(u32::from(character)) else {
            continue; // outside the BMP: format 4 cannot say it
        };
        if code == 0xFFFF {
            continue;
        }
        match segments.last_mut() {
            Some((first, last, start))
                if u32::from(*last) + 1 == u32::from(code)
                    && u32::from(*start) + u32::from(code - *first) == u32::from(glyph) =>
            {
                *last = code;
            }
            _ => segments.push((code, code, glyph)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 0)); // the required last segment

    let count = segments.len() as u16;
    let search_range = 2 * (1_u16 << count.ilog2());
    let mut subtable = Vec::with_capacity(16 + 8 * segments.len());
    let mut push = |value: u16| subtable.extend_from_slice(&value.to_be_bytes());
    push(4); // format
    push(16 + 8 * count); // length
    push(0); // language
    push(2 * count);
    push(search_range);
    push(count.ilog2() as u16);
    push(2 * count - search_range);
    for &(_, last, _) in &segments {
        push(last);
    }
    push(0); // reserved
    for &(first, _, _) in &segments {
        push(first);
    }
    for &(first, last, glyph) in &segments {
        // idDelta: added to the character code, modulo 65,536.
        let delta = if last == 0xFFFF {
            1
        } else {
            glyph.wrapping_sub(first)
        };
        push(delta);
    }
    for _ in &segments {
        push(0); // idRangeOffset: no glyph index array
    }

    let mut cmap = Vec::with_capacity(12 + subtable.len());
    for value in [0_u16, 1, 3, 1] {
        // version, one subtable, platform Windows, encoding Unicode BMP
        cmap.extend_from_slice(&value.to_be_bytes());
    }
    cmap.extend_from_slice(&12_u32.to_be_bytes());
    cmap.extend_from_slice(&subtable);
    cmap
}

/// The OpenType checksum of `data`: the sum of its big-endian 32-bit words,
/// the last one padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let mut padded = [0; 4];
    padded[..words.remainder().len()].copy_from_slice(words.remainder());
    words
        .map(|word| u32::from_be_bytes([word[0], word[1], word[2], word[3]]))
        .fold(u32::from_be_bytes(padded), u32::wrapping_add)
}

/// A TrueType file of `tables`, sorted by tag: the offset table, the table
/// records, then each table on a four-byte boundary, and the `head` table's
/// whole-file checksum adjustment.
fn sfnt(tables: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let count = tables.len() as u16;
    let search_range = 16 * (1_u16 << count.ilog2());
    let directory = 12 + 16 * tables.len();
    let size = directory
        + tables
            .iter()
            .map(|(_, data)| data.len().next_multiple_of(4))
            .sum::<usize>();
    let mut file = Vec::with_capacity(size);
    file.extend_from_slice(&0x0001_0000_u32.to_be_bytes());
    for value in [
        count,
        search_range,
        count.ilog2() as u16,
        16 * count - search_range,
    ] {
        file.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = directory;
    let mut head_at = None;
    for (tag, data) in tables {
        file.extend_from_slice(*tag);
        file.extend_from_slice(&checksum(data).to_be_bytes());
        file.extend_from_slice(&(offset as u32).to_be_bytes());
        file.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if *tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        file.extend_from_slice(data);
        file.resize(file.len().next_multiple_of(4), 0);
    }
    if let Some(head) = head_at {
        let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&file));
        file[head + 8..head + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::metrics;

    fn subset(face: Face, text: &str) -> FontSubset {
        subset_face(face, &text.chars().collect(), metrics().unwrap()).unwrap()
    }

    /// The glyph the subset's own `cmap` gives `character`, read back
    /// through allsorts, an independent reader.
    fn cmap_glyph(program: &[u8], character: char) -> Option<u16> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font::read_cmap_subtable;
        use allsorts::tables::cmap::Cmap;
        let cmap = table(program.to_vec().leak(), b"cmap")?;
        let cmap = ReadScope::new(cmap).read::<Cmap<'_>>().ok()?;
        let (_, subtable) = read_cmap_subtable(&cmap).ok()??;
        subtable.map_glyph(u32::from(character)).ok()?
    }

    #[test]
    fn the_subset_maps_each_character_to_a_glyph_of_the_same_width() {
        let metrics = metrics().unwrap();
        let text = "Pas-de-Calais solidaire : « élan » àÉœ’…\u{a0}\u{202f}";
        for face in Face::ALL {
            let subset = subset(face, text);
            for (character, glyph) in &subset.characters {
                assert_eq!(cmap_glyph(&subset.program, *character), Some(*glyph));
                let width = f32::from(subset.advances[usize::from(*glyph)]) * 1000.0
                    / f32::from(subset.units_per_em);
                assert_eq!(
                    width.trunc(),
                    metrics.advance(face, *character).unwrap(),
                    "{character:?} in {}",
                    face.name()
                );
            }
        }
    }

    #[test]
    fn the_subset_is_a_valid_truetype_file_that_allsorts_reads_back() {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        use allsorts::tables::glyf::GlyfTable;
        use allsorts::tables::loca::LocaTable;
        use allsorts::tables::{HeadTable, MaxpTable};
        use allsorts::tag;

        let subset = subset(Face::Regular, "Éé àç");
        let font = ReadScope::new(&subset.program)
            .read::<FontData<'_>>()
            .unwrap();
        let provider = font.table_provider(0).unwrap();
        let head = ReadScope::new(&provider.read_table_data(tag::HEAD).unwrap())
            .read::<HeadTable>()
            .unwrap();
        let maxp = ReadScope::new(&provider.read_table_data(tag::MAXP).unwrap())
            .read::<MaxpTable>()
            .unwrap();
        assert_eq!(usize::from(maxp.num_glyphs), subset.advances.len());
        let loca_data = provider.read_table_data(tag::LOCA).unwrap();
        let loca = ReadScope::new(&loca_data)
            .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
            .unwrap();
        let glyf_data = provider.read_table_data(tag::GLYF).unwrap();
        let glyf = ReadScope::new(&glyf_data)
            .read_dep::<GlyfTable<'_>>(&loca)
            .unwrap();
        let mut glyf = glyf;
        assert_eq!(usize::from(glyf.num_glyphs()), subset.advances.len());
        for glyph in 0..glyf.num_glyphs() {
            glyf.get_parsed_glyph(glyph).unwrap();
        }
        // The whole file sums to the magic number once adjusted.
        assert_eq!(checksum(&subset.program), 0xB1B0_AFBA);
    }

    #[test]
    fn composite_glyphs_bring_their_components_renumbered() {
        // In Liberation Sans, accented capitals are composites of a letter
        // and an accent: the subset of « É » alone needs more than two glyphs.
        let subset = subset(Face::Regular, "É");
        assert!(subset.advances.len() > 2, "{:?}", subset.advances);
        let source = Source::read(Face::Regular.bytes()).unwrap();
        let program: &'static [u8] = subset.program.clone().leak();
        let copy = Source::read(program).unwrap();
        for glyph in 0..copy.file.glyph_count {
            let outline = copy.outline(glyph).unwrap();
            for at in component_offsets(outline).unwrap() {
                let component = outline.u16_at(at).unwrap();
                assert!(
                    component < copy.file.glyph_count,
                    "component {component} kept"
                );
            }
        }
        assert!(source.file.glyph_count > copy.file.glyph_count);
    }

    #[test]
    fn runs_of_characters_share_cmap_segments() {
        let cmap = unicode_cmap(&[('a', 1), ('b', 2), ('c', 3), ('é', 4)]);
        // a–c, é, and the final 0xFFFF segment.
        assert_eq!(cmap.u16_at(12 + 6), Some(2 * 3));
    }
}
