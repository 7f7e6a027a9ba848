//! The page design of the communiqué: paper, margins, type sizes, colours.
//!
//! Every measurement is in PostScript points (1/72 inch), the PDF unit. One
//! place for them so that the look can be tuned without reading the layout
//! code.

/// An RGB colour, each channel from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    const fn from_hex(hex: u32) -> Rgb {
        Rgb(
            ((hex >> 16) & 0xff) as f32 / 255.0,
            ((hex >> 8) & 0xff) as f32 / 255.0,
            (hex & 0xff) as f32 / 255.0,
        )
    }
}

/// The French State's blue (« bleu France »), for the label, headings, links.
pub const BLUE: Rgb = Rgb::from_hex(0x000091);
/// The French State's red (« rouge Marianne »), for the flag rule.
pub const RED: Rgb = Rgb::from_hex(0xE1000F);
/// Body text: a very dark grey, softer than pure black.
pub const TEXT: Rgb = Rgb::from_hex(0x161616);
/// The footer and its rule.
pub const GREY: Rgb = Rgb::from_hex(0x666666);
/// The white stripe of the flag rule (drawn, so that it shows on a tinted paper).
pub const WHITE: Rgb = Rgb::from_hex(0xFFFFFF);

/// A4, portrait.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;

/// Left and right margins (22 mm).
pub const MARGIN_X: f32 = 62.4;
/// From the top of the paper to the top of the first line.
pub const MARGIN_TOP: f32 = 56.0;
/// The lowest point text may reach, from the bottom of the paper.
pub const BODY_BOTTOM: f32 = 68.0;
/// Baseline of the footer, from the bottom of the paper.
pub const FOOTER_BASELINE: f32 = 38.0;

/// The width of a body line.
pub const MEASURE: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

/// Body text.
pub const BODY_SIZE: f32 = 10.5;
pub const BODY_LEADING: f32 = 14.6;
/// Space between two paragraphs.
pub const PARAGRAPH_GAP: f32 = 5.5;

/// Section headings.
pub const HEADING_SIZE: f32 = 11.5;
pub const HEADING_LEADING: f32 = 15.0;
pub const HEADING_GAP_BEFORE: f32 = 13.0;

/// « Pour plus d’informations : » and the links under an initiative.
pub const LINKS_SIZE: f32 = 9.5;
pub const LINKS_LEADING: f32 = 13.0;
pub const LINKS_INDENT: f32 = 14.0;

/// The title with its number.
pub const TITLE_SIZE: f32 = 17.0;
pub const TITLE_LEADING: f32 = 21.0;

/// The issuer block (« PRÉFET DU PAS-DE-CALAIS ») and its motto.
pub const ISSUER_SIZE: f32 = 11.0;
pub const ISSUER_LEADING: f32 = 13.2;
pub const MOTTO_SIZE: f32 = 7.5;
pub const MOTTO_LEADING: f32 = 8.8;
/// The issuer name wraps within this width (the official « bloc-marque »).
pub const ISSUER_MEASURE: f32 = 130.0;

/// The label (« Communiqué de presse ») and the dateline, on the right.
pub const LABEL_SIZE: f32 = 14.0;
pub const DATELINE_SIZE: f32 = 10.0;

/// The footer.
pub const FOOTER_SIZE: f32 = 8.0;

/// Links: underline thickness and its distance below the baseline.
pub const UNDERLINE_THICKNESS: f32 = 0.5;
pub const UNDERLINE_DROP: f32 = 1.6;

/// Justification: the widest a word space may grow, as a multiple of its
/// natural width, before a line is left short instead.
pub const MAX_SPACE_STRETCH: f32 = 2.0;
/// The narrowest a word space may shrink, as a multiple of its natural width.
pub const MIN_SPACE_SHRINK: f32 = 0.82;
