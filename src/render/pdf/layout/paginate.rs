//! Pouring the flow into pages.
//!
//! Blocks are placed top to bottom. A block that does not fit is split
//! between lines where the rules allow it, or moved whole to the next page:
//!
//! - a heading (`keep_with_next`) goes to the next page unless the start of
//!   the block after it fits below it: a heading is never last on a page; a
//!   chain of such blocks (the call to action, its address, the contact
//!   block) goes to a page together;
//! - a paragraph leaves at least two lines at the foot of a page (no orphan)
//!   and carries at least two to the next (no widow); so one of three lines or
//!   fewer is never split;
//! - the last line of a page never ends with a hyphen the breaker added:
//!   `pdftotext` does not rejoin a word across pages, and a reader should not
//!   turn the page in the middle of a word;
//! - `keep_together` blocks (the contact block, the call's address) are never
//!   split, nor is a block after a line marked `keep_with_next` (an
//!   initiative's links, kept together and with the last two lines of its
//!   paragraph).
//!
//! At the top of a page a block that breaks the rules anyway (taller than a
//! page) is split where it must, so that pagination always advances.

use std::collections::VecDeque;

use super::blocks::{Block, BlockLine};
use super::linebreak::is_invisible_format;
use super::structure::Tag;
use super::{Bookmark, Page, Rule, TextRun, baseline_drop, place_line};
use crate::fonts::{Face, FontMetrics};
use crate::render::RenderError;
use crate::render::pdf::design::*;

/// Lays the flow out, starting on `first_page` at `flow_top`, and adds the
/// footers. Returns the pages and the outline.
pub fn paginate(
    flow: Vec<Block>,
    first_page: Page,
    flow_top: f32,
    footer_text: &str,
    metrics: &FontMetrics,
) -> Result<(Vec<Page>, Vec<Bookmark>), RenderError> {
    let mut pager = Pager {
        pages: Vec::new(),
        page: first_page,
        top: flow_top,
        at_page_top: true,
        outline: Vec::new(),
        metrics,
    };
    let mut queue: VecDeque<Block> = flow.into();
    while let Some(block) = queue.pop_front() {
        if let Some(rest) = pager.place(block, &queue) {
            queue.push_front(rest);
        }
    }
    pager.pages.push(pager.page);
    let mut pages = pager.pages;
    add_footers(&mut pages, footer_text, metrics)?;
    Ok((pages, pager.outline))
}

struct Pager<'a> {
    pages: Vec<Page>,
    page: Page,
    /// The top of the next line box.
    top: f32,
    /// Nothing of the flow is on this page yet (gaps are dropped).
    at_page_top: bool,
    outline: Vec<Bookmark>,
    metrics: &'a FontMetrics,
}

impl Pager<'_> {
    fn new_page(&mut self) {
        let full = std::mem::take(&mut self.page);
        self.pages.push(full);
        self.top = PAGE_HEIGHT - MARGIN_TOP;
        self.at_page_top = true;
    }

    fn room(&self) -> f32 {
        self.top - BODY_BOTTOM
    }

    /// The space above `block`: none at the top of a page, unless the block
    /// has a rule drawn in it (the contact block keeps its rule there).
    fn gap(&self, block: &Block) -> f32 {
        if self.at_page_top && !block.rule_above {
            0.0
        } else {
            block.gap_before
        }
    }

    /// Places `block`, or part of it, the blocks after it being `following`;
    /// returns what is left for the next page.
    fn place(&mut self, block: Block, following: &VecDeque<Block>) -> Option<Block> {
        let gap = self.gap(&block);
        let room = self.room() - gap;
        let height = block.height();

        if block.keep_with_next {
            let follower = chain_start(following.iter());
            if height + follower > room && !self.at_page_top {
                self.new_page();
                return Some(block);
            }
        }
        if height <= room {
            self.put(&block, block.lines.len(), gap);
            return None;
        }

        let fitting = count_fitting(&block.lines, room);
        match split_point(&block, fitting) {
            Some(count) => {
                self.put(&block, count, gap);
                self.new_page();
                Some(rest_of(block, count))
            }
            None if self.at_page_top => {
                // Taller than a page: split where it must.
                let count = fitting.max(1);
                self.put(&block, count, gap);
                self.new_page();
                (count < block.lines.len()).then(|| rest_of(block, count))
            }
            None => {
                self.new_page();
                Some(block)
            }
        }
    }

    /// Draws the first `count` lines of `block` below a gap.
    fn put(&mut self, block: &Block, count: usize, gap: f32) {
        if block.rule_above {
            self.page.rules.push(Rule {
                x: MARGIN_X,
                y: self.top - gap * 0.7,
                width: 60.0,
                height: 0.6,
                color: BLUE,
            });
        }
        self.top -= gap;
        if let Some(title) = &block.bookmark {
            self.outline.push(Bookmark {
                title: title.clone(),
                page: self.pages.len(),
                y: self.top,
            });
        }
        for line in &block.lines[..count] {
            let baseline =
                self.top - baseline_drop(line.leading, line.size, line.face, self.metrics);
            place_line(
                &line.line,
                MARGIN_X + line.indent,
                baseline,
                &line.elements,
                self.metrics,
                &mut self.page,
            );
            self.top -= line.leading;
        }
        self.at_page_top = false;
    }
}

/// How much of the blocks a `keep_with_next` block is kept with must fit
/// below it: each one kept with the next whole, with its gap, then the start
/// of the first that is not (the call to action, its address and the
/// contact block go to a page together).
fn chain_start<'a>(blocks: impl Iterator<Item = &'a Block>) -> f32 {
    let mut height = 0.0;
    for block in blocks {
        height += block.gap_before;
        if !block.keep_with_next {
            return height + minimal_start(block);
        }
        height += block.height();
    }
    height
}

/// How much of `block` must fit for it to start on this page: its first
/// lines up to the earliest allowed split, or all of it.
fn minimal_start(block: &Block) -> f32 {
    let count = (2..=block.lines.len())
        .find(|&count| split_allowed(block, count))
        .unwrap_or(block.lines.len());
    block.lines[..count].iter().map(|line| line.leading).sum()
}

/// How many of `lines` fit in `room`.
fn count_fitting(lines: &[BlockLine], room: f32) -> usize {
    let mut used = 0.0;
    lines
        .iter()
        .take_while(|line| {
            used += line.leading;
            used <= room
        })
        .count()
}

/// The number of lines to keep on this page, at most `fitting`, that leaves
/// no orphan, no widow and no hyphen at the page foot; `None` if none does.
fn split_point(block: &Block, fitting: usize) -> Option<usize> {
    (2..=fitting.min(block.lines.len()))
        .rev()
        .find(|&count| split_allowed(block, count))
}

/// Whether `block` may end a page after its first `count` lines.
fn split_allowed(block: &Block, count: usize) -> bool {
    !block.keep_together
        && !block.keep_with_next
        && count >= 2
        && block.lines.len() >= count + 2
        && !block.lines[count - 1].line.hyphenated
        && !block.lines[count - 1].keep_with_next
}

fn rest_of(mut block: Block, count: usize) -> Block {
    block.lines.drain(..count);
    block.gap_before = 0.0;
    // The outline entry was placed with the first part.
    block.bookmark = None;
    block
}

/// A thin rule, the footer text on the left and « 2/3 » on the right.
fn add_footers(pages: &mut [Page], text: &str, metrics: &FontMetrics) -> Result<(), RenderError> {
    let text: String = text
        .chars()
        .filter(|&character| !is_invisible_format(character))
        .collect();
    let text = text.as_str();
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        page.rules.push(Rule {
            x: MARGIN_X,
            y: FOOTER_BASELINE + FOOTER_SIZE + 3.0,
            width: MEASURE,
            height: 0.4,
            color: GREY,
        });
        let number = format!("{}/{}", index + 1, total);
        let number_width = metrics.width(Face::Regular, FOOTER_SIZE, &number)?;
        let (text, text_width) =
            fit_footer_text(text, MEASURE - number_width - 2.0 * FOOTER_SIZE, metrics)?;
        for (text, x, width) in [
            (text, MARGIN_X, text_width),
            (number, MARGIN_X + MEASURE - number_width, number_width),
        ] {
            page.texts.push(TextRun {
                face: Face::Regular,
                size: FOOTER_SIZE,
                color: GREY,
                x,
                y: FOOTER_BASELINE,
                text,
                word_spacing: 0.0,
                width,
                hyphenated: false,
                tag: Tag::Footer,
            });
        }
    }
    Ok(())
}

/// The footer text, cut with an ellipsis if it would run into the page
/// number. Returns the text and its width.
fn fit_footer_text(
    text: &str,
    room: f32,
    metrics: &FontMetrics,
) -> Result<(String, f32), RenderError> {
    let width = metrics.width(Face::Regular, FOOTER_SIZE, text)?;
    if width <= room {
        return Ok((text.to_string(), width));
    }
    let mut cut = text.to_string();
    while cut.pop().is_some() {
        let candidate = format!("{}…", cut.trim_end());
        let width = metrics.width(Face::Regular, FOOTER_SIZE, &candidate)?;
        if width <= room {
            return Ok((candidate, width));
        }
    }
    Ok((String::new(), 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::linebreak::Line;

    fn block(hyphenated: &[bool]) -> Block {
        Block {
            lines: hyphenated
                .iter()
                .map(|&hyphenated| BlockLine {
                    line: Line {
                        pieces: Vec::new(),
                        word_spacing: 0.0,
                        width: 0.0,
                        hyphenated,
                    },
                    keep_with_next: false,
                    indent: 0.0,
                    leading: 10.0,
                    size: 8.0,
                    face: Face::Regular,
                    elements: Vec::new().into(),
                })
                .collect(),
            gap_before: 0.0,
            keep_with_next: false,
            keep_together: false,
            bookmark: None,
            rule_above: false,
        }
    }

    #[test]
    fn regression_a_line_kept_with_the_next_never_ends_a_page() {
        let mut five = block(&[false; 5]);
        five.lines[2].keep_with_next = true;
        assert_eq!(split_point(&five, 3), Some(2));
        assert!(!split_allowed(&five, 3));
    }

    #[test]
    fn no_orphan_and_no_widow() {
        let five = block(&[false; 5]);
        assert_eq!(split_point(&five, 1), None, "one line alone at the foot");
        assert_eq!(split_point(&five, 2), Some(2));
        assert_eq!(split_point(&five, 4), Some(3), "one line alone at the top");
        assert_eq!(split_point(&block(&[false; 3]), 2), None);
    }

    #[test]
    fn no_hyphen_at_the_foot_of_a_page() {
        let lines = block(&[false, true, false, true, false, false]);
        assert_eq!(split_point(&lines, 4), Some(3));
        assert_eq!(split_point(&lines, 2), None);
        // A heading before it needs the first three lines below it.
        assert_eq!(minimal_start(&lines), 30.0);
    }
}
