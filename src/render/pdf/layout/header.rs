//! The fixed top of page 1: the issuer block with its flag rule and motto on
//! the left, the label and the dateline on the right, then the centred title
//! with its number and a short red rule.
//!
//! The State's Marianne logo is not ours to ship: the issuer block is text
//! only, set like the official « bloc-marque » (name in capitals, first word
//! alone on its line, motto in italics below).

use super::linebreak::{Align, BreakOptions, Line, Span, break_lines};
use super::structure::{ElementId, Kind, Structure};
use super::{Page, Rule, baseline_drop, place_line};
use crate::fonts::{Face, FontMetrics};
use crate::model::Release;
use crate::render::RenderError;
use crate::render::pdf::design::*;
use crate::typography::dateline;

/// The stripes of the flag rule: width of each, and the gap from the rule to
/// the issuer's name.
const STRIPE: f32 = 1.6;
const RULE_GAP: f32 = 8.0;
/// Space between the header and the title, and below the title's rule.
const TITLE_GAP: f32 = 34.0;
const FLOW_GAP: f32 = 24.0;

/// Sets the header on `page` and returns where the flow starts (the top of
/// its first line box). Its elements go into `structure`, in reading order:
/// the issuer's name and the motto, the label, the dateline (paragraphs),
/// then the title (the one `H1`).
pub fn set_header(
    release: &Release,
    metrics: &FontMetrics,
    page: &mut Page,
    structure: &mut Structure,
) -> Result<f32, RenderError> {
    let top = PAGE_HEIGHT - MARGIN_TOP;
    let left_bottom = match &release.issuer {
        Some(issuer) => issuer_block(issuer, top, metrics, page, structure)?,
        None => top,
    };
    let right_bottom = label_and_dateline(release, top, metrics, page, structure)?;
    let title_element = structure.add(Kind::H1, structure.root());
    title(
        release,
        left_bottom.min(right_bottom) - TITLE_GAP,
        metrics,
        page,
        title_element,
    )
}

fn ragged(
    text: &str,
    face: Face,
    size: f32,
    color: Rgb,
    measure: f32,
    align: Align,
    metrics: &FontMetrics,
) -> Result<Vec<Line>, RenderError> {
    let spans = [Span::plain(text, face, size, color)];
    let options = BreakOptions {
        measure,
        align,
        hyphenate: false,
    };
    let lines = break_lines(&spans, options, metrics)?;
    if lines.len() < 2 || align == Align::Left {
        return Ok(lines);
    }
    // Centred or flush right, the lines are balanced: the narrowest measure
    // that needs no more lines, so that the last is not a lone word
    // (« Communiqué de presse commun préfecture – agence régionale / de
    // santé » becomes three lines of like length).
    // Never narrower than the widest word, which would be cut.
    let mut widest: f32 = 0.0;
    for word in text.split(' ') {
        widest = widest.max(metrics.width(face, size, word)?);
    }
    let (mut narrow, mut wide) = ((measure / 2.0).max(widest.min(measure)), measure);
    let mut balanced = lines;
    for _ in 0..12 {
        let middle = (narrow + wide) / 2.0;
        let candidate = break_lines(
            &spans,
            BreakOptions {
                measure: middle,
                ..options
            },
            metrics,
        )?;
        if candidate.len() <= balanced.len() {
            wide = middle;
            balanced = candidate;
        } else {
            narrow = middle;
        }
    }
    // The lines keep their place in the full measure.
    let shift = match align {
        Align::Center => (measure - wide) / 2.0,
        _ => measure - wide,
    };
    for line in &mut balanced {
        for piece in &mut line.pieces {
            piece.x += shift;
        }
    }
    Ok(balanced)
}

/// Sets lines of one span, the text of `element`, from `top` down;
/// returns the bottom of the last line box.
#[allow(clippy::too_many_arguments)]
fn set_lines(
    lines: &[Line],
    element: ElementId,
    x: f32,
    top: f32,
    leading: f32,
    size: f32,
    face: Face,
    metrics: &FontMetrics,
    page: &mut Page,
) -> f32 {
    let mut top = top;
    for line in lines {
        place_line(
            line,
            x,
            top - baseline_drop(leading, size, face, metrics),
            &[element],
            metrics,
            page,
        );
        top -= leading;
    }
    top
}

/// « PRÉFET / DU PAS-DE-CALAIS » beside the flag rule, the motto below.
/// Returns the bottom of the block.
fn issuer_block(
    issuer: &str,
    top: f32,
    metrics: &FontMetrics,
    page: &mut Page,
    structure: &mut Structure,
) -> Result<f32, RenderError> {
    let name = issuer.to_uppercase();
    let x = MARGIN_X + 3.0 * STRIPE + RULE_GAP;
    let width = metrics.width(Face::Bold, ISSUER_SIZE, &name)?;
    // The official block puts the first word alone when the name is long.
    let parts: Vec<String> = match name.split_once(' ') {
        Some((first, rest)) if width > ISSUER_MEASURE => vec![first.to_string(), rest.to_string()],
        _ => vec![name],
    };
    let mut lines = Vec::new();
    for part in &parts {
        lines.extend(ragged(
            part,
            Face::Bold,
            ISSUER_SIZE,
            TEXT,
            ISSUER_MEASURE,
            Align::Left,
            metrics,
        )?);
    }
    let name_bottom = set_lines(
        &lines,
        structure.add(Kind::P, structure.root()),
        x,
        top,
        ISSUER_LEADING,
        ISSUER_SIZE,
        Face::Bold,
        metrics,
        page,
    );

    // The flag rule spans the name: blue, white, red, side by side.
    for (index, color) in [BLUE, WHITE, RED].into_iter().enumerate() {
        page.rules.push(Rule {
            x: MARGIN_X + index as f32 * STRIPE,
            y: name_bottom,
            width: STRIPE,
            height: top - name_bottom,
            color,
        });
    }

    let mut motto = Vec::new();
    for word in ["Liberté", "Égalité", "Fraternité"] {
        motto.extend(ragged(
            word,
            Face::Italic,
            MOTTO_SIZE,
            TEXT,
            ISSUER_MEASURE,
            Align::Left,
            metrics,
        )?);
    }
    Ok(set_lines(
        &motto,
        structure.add(Kind::P, structure.root()),
        x,
        name_bottom - 5.0,
        MOTTO_LEADING,
        MOTTO_SIZE,
        Face::Italic,
        metrics,
        page,
    ))
}

/// The label and « Arras, le 8 avril 2020 », flush right. Returns the bottom.
fn label_and_dateline(
    release: &Release,
    top: f32,
    metrics: &FontMetrics,
    page: &mut Page,
    structure: &mut Structure,
) -> Result<f32, RenderError> {
    let measure = MEASURE / 2.0;
    let x = MARGIN_X + MEASURE - measure;
    let mut bottom = top;
    if let Some(label) = &release.label {
        let lines = ragged(
            label,
            Face::Bold,
            LABEL_SIZE,
            BLUE,
            measure,
            Align::Right,
            metrics,
        )?;
        bottom = set_lines(
            &lines,
            structure.add(Kind::P, structure.root()),
            x,
            bottom,
            LABEL_SIZE * 1.25,
            LABEL_SIZE,
            Face::Bold,
            metrics,
            page,
        );
        bottom -= 6.0;
    }
    let date = dateline(&release.place, release.date);
    let lines = ragged(
        &date,
        Face::Regular,
        DATELINE_SIZE,
        TEXT,
        measure,
        Align::Right,
        metrics,
    )?;
    Ok(set_lines(
        &lines,
        structure.add(Kind::P, structure.root()),
        x,
        bottom,
        DATELINE_SIZE * 1.3,
        DATELINE_SIZE,
        Face::Regular,
        metrics,
        page,
    ))
}

/// The centred title and its red rule; returns where the flow starts.
fn title(
    release: &Release,
    top: f32,
    metrics: &FontMetrics,
    page: &mut Page,
    element: ElementId,
) -> Result<f32, RenderError> {
    let measure = MEASURE * 0.86;
    let x = MARGIN_X + (MEASURE - measure) / 2.0;
    let lines = ragged(
        &release.full_title(),
        Face::Bold,
        TITLE_SIZE,
        TEXT,
        measure,
        Align::Center,
        metrics,
    )?;
    let mut line_top = top;
    for line in &lines {
        place_line(
            line,
            x,
            line_top - baseline_drop(TITLE_LEADING, TITLE_SIZE, Face::Bold, metrics),
            &[element],
            metrics,
            page,
        );
        line_top -= TITLE_LEADING;
    }
    let rule_width = 48.0;
    page.rules.push(Rule {
        x: MARGIN_X + (MEASURE - rule_width) / 2.0,
        y: line_top - 6.0,
        width: rule_width,
        height: 1.6,
        color: BLUE,
    });
    Ok(line_top - 6.0 - FLOW_GAP)
}
