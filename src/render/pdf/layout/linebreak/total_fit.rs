//! The total-fit breaker, after Knuth and Plass.

use super::Breaker;
use super::line::Pending;
use super::words::{Cuts, Measured, Split, Word, slice_word};
use crate::render::RenderError;
use crate::render::pdf::design::{MAX_SPACE_STRETCH, MIN_SPACE_SHRINK};

/// Running sums of a paragraph's widths, in points: natural width, and how
/// much its spaces may stretch and shrink.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
}

/// A place where a line may end, for the total-fit breaker.
#[derive(Debug, Clone, Copy)]
struct Breakpoint {
    /// The word the line ends in.
    word: usize,
    /// The split point of that word the line ends at, with a hyphen; `None`
    /// when the line ends with the whole word.
    split: Option<usize>,
    /// The sums where the line ends, and where the next one starts (after
    /// the dropped space).
    end: Sums,
    start: Sums,
    /// The width of the hyphen a break here adds.
    hyphen: f64,
    /// What a break here costs besides the line's looseness.
    penalty: f64,
    /// Whether a break here adds a hyphen.
    hyphenated: bool,
}

impl Breakpoint {
    /// The start of the paragraph.
    const START: Breakpoint = Breakpoint {
        word: 0,
        split: None,
        end: Sums {
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
        },
        start: Sums {
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
        },
        hyphen: 0.0,
        penalty: 0.0,
        hyphenated: false,
    };
}

/// The demerits of the total-fit breaker, after TeX's: a line costs
/// `(LINE_PENALTY + badness)²`, where the badness is `100 r³` for spaces
/// stretched or shrunk by the ratio `r` of what they may; a hyphen adds
/// `HYPHEN_PENALTY²`; two hyphenated lines in a row, a hyphen on the
/// last-but-one line, and a loose line next to a tight one cost more.
///
/// The hyphen penalty is twice TeX's default: on the n°2 that gives 9
/// hyphenated lines instead of 11 at 50, with spaces as even (standard
/// deviation of the stretch 0.17 of a space instead of 0.19 with the
/// first-fit breaker, no space beyond +42 %).
pub(super) const LINE_PENALTY: f64 = 10.0;
/// How much of its width a space may stretch at ratio 1, as in TeX's fonts
/// (half a space): a ratio of 1 is a space of 1.5 widths, badness 100. Spaces
/// may stretch to [`MAX_SPACE_STRETCH`] widths, the ratio 2 (badness 800),
/// but a line that loose costs more than a hyphen.
pub(super) const STRETCH: f64 = 0.5;
/// The stretch ratio of spaces at the cap, [`MAX_SPACE_STRETCH`] widths.
pub(super) const LOOSEST: f64 = (MAX_SPACE_STRETCH as f64 - 1.0) / STRETCH;
pub(super) const HYPHEN_PENALTY: f64 = 100.0;
/// Cutting an address costs as much as a hyphen; it is only ever considered
/// when some line would otherwise be looser than the cap.
const ADDRESS_PENALTY: f64 = 100.0;
/// Ending a line after a word that ends with a hyphen of the text
/// (« pré- et post-opératoires », a lone « - »): readers and `pdftotext`
/// take a hyphen at a line end for one the breaker added, and glue the
/// next line's word to it (« préet »). Only the last-resort pass may, and
/// there it costs more than the loosest line.
pub(super) const HYPHEN_END_PENALTY: f64 = 1_000.0;
pub(super) const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
pub(super) const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
pub(super) const ADJACENT_DEMERITS: f64 = 10_000.0;

/// The longest paragraph, in words, set total-fit; a longer one is set
/// first-fit. The total-fit breaker keeps a dozen best settings for every
/// place a line may end until the paragraph's end: half a kilobyte each,
/// 600 MB for a paragraph of 3.9 MB. A page holds about 600 words: no
/// paragraph of a communiqué comes near.
pub(super) const TOTAL_FIT_WORDS: usize = 10_000;
/// The most places a line may end (between words, at hyphenation points,
/// inside addresses) for a total-fit pass: an address of 400,000 `/` has
/// that many in one word, and took 260 MiB.
const TOTAL_FIT_BREAKPOINTS: usize = 2 * TOTAL_FIT_WORDS;

/// How long a run of hyphenated lines may be, plus one: two in a row at
/// most, as French typesetting wants.
const RUNS: usize = 3;

/// The best way to reach a breakpoint with a last line of some tightness,
/// ending some run of hyphenated lines.
#[derive(Debug, Clone, Copy)]
struct Node {
    demerits: f64,
    /// The breakpoint the line starts at, and the tightness and hyphen run
    /// of the line before it.
    previous: (usize, usize, usize),
}

/// The breakpoints ending each line of the best setting of the paragraph,
/// in order (the last one is the paragraph's end), or `None` when no setting
/// keeps every space between [`MIN_SPACE_SHRINK`] of its width and the
/// stretch ratio `tolerance` (a word wider than the measure, a very narrow
/// measure).
///
/// Knuth and Plass's algorithm, without its active-list bookkeeping: a
/// paragraph has at most a few hundred breakpoints, and a line reaches back
/// only over the few dozen that fit on it.
fn best_breaks(candidates: &[Breakpoint], measure: f32, tolerance: f64) -> Option<Vec<usize>> {
    let measure = f64::from(measure);
    let last = candidates.len() - 1;
    // best[b][f][h]: the cheapest setting up to breakpoint `b` whose last
    // line has tightness `f` (0 tight, 1 decent, 2 loose, 3 very loose) and
    // ends a run of `h` hyphenated lines.
    let mut best: Vec<[[Option<Node>; RUNS]; 4]> = vec![[[None; RUNS]; 4]; candidates.len()];
    best[0][1][0] = Some(Node {
        demerits: 0.0,
        previous: (0, 1, 0),
    });
    for b in 1..candidates.len() {
        let end = &candidates[b];
        for a in (0..b).rev() {
            let start = &candidates[a].start;
            let natural = end.end.width - start.width + end.hyphen;
            let shrink = end.end.shrink - start.shrink;
            if natural - shrink > measure + 1e-6 {
                break; // too long, and longer still from further back
            }
            // A line without a space cannot stretch: very bad, yet finite,
            // so that the worst settings still compare.
            let stretch = (end.end.stretch - start.stretch).max(1e-3);
            let ratio = if natural > measure {
                (measure - natural) / shrink
            } else if b == last {
                0.0 // the last line is set ragged
            } else {
                (measure - natural) / stretch
            };
            if ratio > tolerance + 1e-9 {
                continue; // too loose
            }
            let badness = 100.0 * ratio.abs().powi(3);
            let fitness: usize = match ratio {
                r if r < -0.5 => 0,
                r if r <= 0.5 => 1,
                r if r <= 1.0 => 2,
                _ => 3,
            };
            let demerits = (LINE_PENALTY + badness).powi(2) + end.penalty.powi(2);
            for (previous_fitness, runs) in best[a].into_iter().enumerate() {
                for (run, node) in runs.into_iter().enumerate() {
                    let Some(node) = node else { continue };
                    let run_after = if end.hyphenated { run + 1 } else { 0 };
                    if run_after >= RUNS {
                        continue; // a third hyphen in a row
                    }
                    let mut total = node.demerits + demerits;
                    if run > 0 && end.hyphenated {
                        total += DOUBLE_HYPHEN_DEMERITS;
                    }
                    if run > 0 && b == last {
                        total += FINAL_HYPHEN_DEMERITS;
                    }
                    if fitness.abs_diff(previous_fitness) > 1 {
                        total += ADJACENT_DEMERITS;
                    }
                    let slot = &mut best[b][fitness][run_after];
                    if slot.is_none_or(|known| total < known.demerits) {
                        *slot = Some(Node {
                            demerits: total,
                            previous: (a, previous_fitness, run),
                        });
                    }
                }
            }
        }
    }
    let (mut fitness, mut run, _) = best[last]
        .iter()
        .enumerate()
        .flat_map(|(fitness, runs)| {
            runs.iter()
                .enumerate()
                .filter_map(move |(run, node)| node.map(|node| (fitness, run, node.demerits)))
        })
        .min_by(|x, y| x.2.total_cmp(&y.2))?;
    let mut breaks = vec![last];
    let mut at = last;
    while at > 0 {
        let node = best[at][fitness][run]?;
        (at, fitness, run) = node.previous;
        if at > 0 {
            breaks.push(at);
        }
    }
    breaks.reverse();
    Some(breaks)
}

impl Breaker<'_> {
    /// Sets `words` with the total-fit breaker, if it finds lines whose
    /// spaces all stay within bounds; returns whether it did.
    pub(super) fn total_fit(&mut self, words: &[Word]) -> Result<bool, RenderError> {
        // As TeX does, first without hyphens, accepting only lines whose
        // spaces stretch at most to ratio 1 (1.5 widths); only a paragraph
        // that cannot be set so is hyphenated, and may stretch to the cap.
        // Most paragraphs of a full-width column need no hyphen, and
        // hyphenating every word costs more than all the rest of the layout.
        if words.is_empty() {
            return Ok(true); // nothing to set: no line at all, as first fit
        }
        if words.len() > TOTAL_FIT_WORDS {
            return Ok(false);
        }
        let words = self.measure(words)?;
        if self.set_total_fit(&words, Cuts::None, 1.0)? {
            return Ok(true);
        }
        if self.options.hyphenate && self.set_total_fit(&words, Cuts::Hyphens, LOOSEST)? {
            return Ok(true);
        }
        // Some line must be looser than the cap: a long address comes next.
        // Web addresses may then be cut (no hyphen: it would read as part of
        // the address), the slack is spread as evenly as the words allow,
        // and every line is justified even beyond the cap, as TeX sets an
        // underfull line: a line far short of the margin inside a justified
        // paragraph reads as a mistake.
        self.uncapped = true;
        let set = self.set_total_fit(&words, Cuts::HyphensAndAddresses, f64::INFINITY)?;
        // The first-fit fallback keeps the cap: its lines are left short.
        self.uncapped = set;
        Ok(set)
    }

    /// Sets `words` with the best breaks whose spaces stretch at most to
    /// the ratio `tolerance`, breaking words where `cuts` allows; returns
    /// whether there were any.
    pub(super) fn set_total_fit(
        &mut self,
        measured: &Measured,
        cuts: Cuts,
        tolerance: f64,
    ) -> Result<bool, RenderError> {
        let words = measured.words;
        let points: Vec<Vec<Split>> = words
            .iter()
            .map(|word| self.split_points(word, cuts))
            .collect();
        if words.len() + points.iter().map(Vec::len).sum::<usize>() > TOTAL_FIT_BREAKPOINTS {
            return Ok(false);
        }
        // Before the last resort, a line never ends after a hyphen of the
        // text: the passes that hyphenate or stretch more come first.
        let after_hyphens = cuts == Cuts::HyphensAndAddresses;
        let candidates = self.breakpoints(measured, &points, after_hyphens)?;
        let Some(breaks) = best_breaks(&candidates, self.options.measure, tolerance) else {
            return Ok(false);
        };
        let mut from = (0, None);
        for (index, &at) in breaks.iter().enumerate() {
            let end = &candidates[at];
            let mut pending = Pending::default();
            for (index, word) in words.iter().enumerate().take(end.word + 1).skip(from.0) {
                let start = if index == from.0 { from.1 } else { None };
                let stop = if index == end.word { end.split } else { None };
                let mut piece = slice_word(word, &points[index], start, stop);
                if pending.words.is_empty() {
                    piece.space_before = None;
                } else {
                    pending.spaces_width += self.space_width(&piece)?;
                    pending.spaces += 1;
                }
                pending.words_width += match (start, stop) {
                    (None, None) => measured.widths[index],
                    _ => self.word_width(&piece)?,
                };
                pending.words.push(piece);
            }
            let last = index + 1 == breaks.len();
            self.finish(pending, last, end.hyphenated)?;
            from = match end.split {
                Some(split) => (end.word, Some(split)),
                None => (end.word + 1, None),
            };
        }
        Ok(true)
    }

    /// Every place a line may end, with the running sums of widths there:
    /// after each word but the last (at the space that follows it; after a
    /// word ending with a hyphen only if `after_hyphens`, at a cost), at
    /// each of the words' split `points`, and at the end of the paragraph.
    fn breakpoints(
        &self,
        measured: &Measured,
        points: &[Vec<Split>],
        after_hyphens: bool,
    ) -> Result<Vec<Breakpoint>, RenderError> {
        let words = measured.words;
        let mut candidates = vec![Breakpoint::START];
        let mut sums = Sums::default();
        for (index, (word, points)) in words.iter().zip(points).enumerate() {
            if index > 0 {
                // A line ending before this word drops the space; the next
                // line starts after it.
                let space = f64::from(self.space_width(word)?);
                let before = sums;
                sums.width += space;
                sums.stretch += space * STRETCH;
                sums.shrink += space * f64::from(1.0 - MIN_SPACE_SHRINK);
                let after_hyphen = words[index - 1]
                    .parts
                    .last()
                    .is_some_and(|part| part.text.ends_with(['-', '\u{2010}']));
                if !after_hyphen || after_hyphens {
                    candidates.push(Breakpoint {
                        word: index - 1,
                        split: None,
                        end: before,
                        start: sums,
                        hyphen: 0.0,
                        penalty: if after_hyphen {
                            HYPHEN_END_PENALTY
                        } else {
                            0.0
                        },
                        hyphenated: false,
                    });
                }
            }
            if points.is_empty() {
                sums.width += f64::from(measured.widths[index]);
                continue;
            }
            let mut from = (0, 0);
            for (split, point) in points.iter().enumerate() {
                let at = (point.part, point.offset);
                sums.width += f64::from(self.fragment_width(word, from, Some(at))?);
                let (hyphen, penalty) = if point.hyphen {
                    (self.hyphen_width(word, point)?, HYPHEN_PENALTY)
                } else {
                    (0.0, ADDRESS_PENALTY)
                };
                candidates.push(Breakpoint {
                    word: index,
                    split: Some(split),
                    end: sums,
                    start: sums,
                    hyphen: f64::from(hyphen),
                    penalty,
                    hyphenated: point.hyphen,
                });
                from = at;
            }
            sums.width += f64::from(self.fragment_width(word, from, None)?);
        }
        candidates.push(Breakpoint {
            word: words.len().saturating_sub(1),
            split: None,
            end: sums,
            start: sums,
            hyphen: 0.0,
            penalty: 0.0,
            hyphenated: false,
        });
        Ok(candidates)
    }
}
