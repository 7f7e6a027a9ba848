//! Breaking a paragraph into lines.
//!
//! # How lines are broken
//!
//! A paragraph arrives as styled [`Span`]s. It is cut into *words* at ordinary
//! spaces (U+0020) only: the no-break spaces the typography pass put before
//! `:` `;` `!` `?`, inside guillemets and between digit groups (U+00A0,
//! U+202F) are characters *inside* a word, so a line can never break there.
//! A word may mix styles (`l’*État*`) or be a link followed by punctuation.
//!
//! Justified paragraphs are set *total-fit*, after Knuth and Plass: every
//! place a line may end (a space, a French hyphenation point from `hypher`)
//! is a candidate, and the breaks chosen are those that minimise the
//! demerits of the whole paragraph (see [`best_breaks`]): uneven spaces cost
//! by the cube of how far they stretch or shrink, a hyphen costs, two
//! hyphens in a row or a hyphen before the last line cost more, and a loose
//! line next to a tight one too. So a word is hyphenated only where that
//! evens the spacing, and a loose line is avoided by taking a little from
//! the lines before it. Links are never hyphenated, nor is a word cut right
//! after a hyphen it already has (« Pas-de-Calais » stays whole: `pdftotext`
//! would drop a real hyphen at a line end).
//!
//! A paragraph of more than [`TOTAL_FIT_WORDS`] words (no paragraph, but a
//! file of pathological size) is set first-fit, in memory proportional to
//! a line rather than to the paragraph.
//!
//! When no setting keeps every space within bounds (a long address that
//! cannot be cut comes next), the best setting is taken anyway, its loosest
//! lines capped and left a little short. When there is no setting at all (a
//! word wider than the measure), and for lines that are not justified, lines
//! are filled *first-fit*, one word at a time. When the next word does
//! not fit:
//!
//! 1. if the line as it stands would be justified with tight enough spaces,
//!    it ends before the word;
//! 2. otherwise, if hyphenation is on, the word is split at the last
//!    hyphenation point whose head, with a hyphen, still fits — spaces may
//!    shrink to [`MIN_SPACE_SHRINK`] of their width for that;
//! 3. otherwise the line ends before the word, and is justified loose.
//!
//! A word wider than the whole measure (a long URL) is cut where it must,
//! preferably after a `/` or a `.`, without a hyphen.
//!
//! Justified lines share their slack equally among their word spaces, up to
//! [`MAX_SPACE_STRETCH`] times a space's width; a line that would need more is
//! left short rather than gappy. The last line of a paragraph is set ragged.
//! The extra space per word space is returned with each line
//! ([`Line::word_spacing`]): the PDF writer turns it into `TJ` offsets after
//! each space glyph, so the space characters stay in the text and `pdftotext`
//! gives them back exactly once.
//!
//! [`MIN_SPACE_SHRINK`]: crate::render::pdf::design::MIN_SPACE_SHRINK
//! [`MAX_SPACE_STRETCH`]: crate::render::pdf::design::MAX_SPACE_STRETCH

use std::sync::Arc;

use super::hyphenate::hyphenation_points;
use crate::render::RenderError;
use crate::render::pdf::design::{MAX_SPACE_STRETCH, MIN_SPACE_SHRINK, Rgb};
use crate::render::pdf::fonts::{Face, FontMetrics};

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub underline: bool,
}

/// A styled run of a paragraph, optionally a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub look: Look,
    /// Where the run leads, for a link: shared by every piece of every
    /// line the link is cut into, never copied (a 200 KB address on 2,500
    /// lines was 2,500 copies).
    pub href: Option<Arc<str>>,
}

impl Span {
    /// A run of text that is not a link and not underlined.
    pub fn plain(text: &str, face: Face, size: f32, color: Rgb) -> Span {
        Span {
            text: text.to_string(),
            look: Look {
                face,
                size,
                color,
                underline: false,
            },
            href: None,
        }
    }
}

/// How lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Flush on both sides, the last line left.
    Justify,
}

/// What the breaker needs to know besides the text.
#[derive(Debug, Clone, Copy)]
pub struct BreakOptions {
    /// The line width, in points.
    pub measure: f32,
    pub align: Align,
    pub hyphenate: bool,
}

/// A part of a line in one look: text, with its position from the line start.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub text: String,
    pub look: Look,
    pub href: Option<Arc<str>>,
    /// From the start of the line, in points, justification included.
    pub x: f32,
    /// Drawn width, justification included.
    pub width: f32,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub pieces: Vec<Piece>,
    /// Extra space added after each word space, in points (0 unless justified).
    pub word_spacing: f32,
    /// The width the line occupies, justification included.
    pub width: f32,
    /// Whether the line ends with a hyphen the breaker added.
    pub hyphenated: bool,
}

/// A word: parts in one or more spans, not separated by a space.
#[derive(Debug, Clone)]
struct Word {
    parts: Vec<Part>,
    /// The span whose look draws the space before the word, if any.
    space_before: Option<usize>,
}

#[derive(Debug, Clone)]
struct Part {
    span: usize,
    text: String,
}

/// A paragraph's words, each with its natural width.
struct Measured<'w> {
    words: &'w [Word],
    widths: Vec<f32>,
}

/// What a line holds while it is being filled.
#[derive(Default)]
struct Pending {
    words: Vec<Word>,
    /// Natural width of the words, spaces excluded.
    words_width: f32,
    /// Natural width of the spaces between the words.
    spaces_width: f32,
    spaces: usize,
}

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

/// Which words the total-fit breaker may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cuts {
    /// None: lines end at spaces.
    None,
    /// French words at their hyphenation points.
    Hyphens,
    /// Those, and addresses after a `/`, a `.` and the like.
    HyphensAndAddresses,
}

/// A place inside a word where a line may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    /// The part of the word, and the byte offset in its text.
    part: usize,
    offset: usize,
    /// Whether the line gets a hyphen (a French word), or not (an address).
    hyphen: bool,
}

/// Where an address may be cut, as the Chicago Manual of Style has it: the
/// next line starts *with* the `/`, `.`, `-`, `_`, `?`, `#`, `&`, `=`, `~`
/// or `%`, so that a reader sees the address go on (a line ending with a
/// `.` reads as the end of a sentence, one ending with a `-` as a
/// hyphenated word). Never in the `//` after the scheme, never leaving
/// fewer than three characters on either side. Byte offsets in `text`.
fn address_points(text: &str) -> Vec<usize> {
    let characters: Vec<(usize, char)> = text.char_indices().collect();
    let scheme_end = text.find("://").map_or(0, |at| at + 3);
    characters
        .iter()
        .enumerate()
        .filter(|&(index, &(offset, character))| {
            matches!(
                character,
                '/' | '.' | '-' | '_' | '?' | '#' | '&' | '=' | '~' | '%'
            ) && index >= 3
                && index + 3 <= characters.len()
                && offset > scheme_end
        })
        .map(|(_, &(offset, _))| offset)
        .collect()
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
const LINE_PENALTY: f64 = 10.0;
/// How much of its width a space may stretch at ratio 1, as in TeX's fonts
/// (half a space): a ratio of 1 is a space of 1.5 widths, badness 100. Spaces
/// may stretch to [`MAX_SPACE_STRETCH`] widths, the ratio 2 (badness 800),
/// but a line that loose costs more than a hyphen.
const STRETCH: f64 = 0.5;
/// The stretch ratio of spaces at the cap, [`MAX_SPACE_STRETCH`] widths.
const LOOSEST: f64 = (MAX_SPACE_STRETCH as f64 - 1.0) / STRETCH;
const HYPHEN_PENALTY: f64 = 100.0;
/// Cutting an address costs as much as a hyphen; it is only ever considered
/// when some line would otherwise be looser than the cap.
const ADDRESS_PENALTY: f64 = 100.0;
const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
const ADJACENT_DEMERITS: f64 = 10_000.0;

/// The longest paragraph, in words, set total-fit; a longer one is set
/// first-fit. The total-fit breaker keeps a dozen best settings for every
/// place a line may end until the paragraph's end: half a kilobyte each,
/// 600 MB for a paragraph of 3.9 MB. A page holds about 600 words: no
/// paragraph of a communiqué comes near.
const TOTAL_FIT_WORDS: usize = 10_000;
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

/// Breaks a paragraph into lines.
pub fn break_lines(
    spans: &[Span],
    options: BreakOptions,
    metrics: &FontMetrics,
) -> Result<Vec<Line>, RenderError> {
    Breaker {
        spans,
        options,
        metrics,
        lines: Vec::new(),
        previous_hyphenated: false,
        uncapped: false,
    }
    .run()
}

struct Breaker<'a> {
    spans: &'a [Span],
    options: BreakOptions,
    metrics: &'a FontMetrics,
    lines: Vec<Line>,
    previous_hyphenated: bool,
    /// Justify lines whatever the stretch (a paragraph no setting within the
    /// cap fits).
    uncapped: bool,
}

impl Breaker<'_> {
    fn run(mut self) -> Result<Vec<Line>, RenderError> {
        let words = split_words(self.spans);
        if self.options.align == Align::Justify && self.total_fit(&words)? {
            return Ok(self.lines);
        }
        self.first_fit(words)
    }

    /// Sets `words` with the total-fit breaker, if it finds lines whose
    /// spaces all stay within bounds; returns whether it did.
    fn total_fit(&mut self, words: &[Word]) -> Result<bool, RenderError> {
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

    /// Each whole word measured once, for all the passes.
    fn measure<'w>(&self, words: &'w [Word]) -> Result<Measured<'w>, RenderError> {
        let widths = words
            .iter()
            .map(|word| self.word_width(word))
            .collect::<Result<Vec<f32>, RenderError>>()?;
        Ok(Measured { words, widths })
    }

    /// Sets `words` with the best breaks whose spaces stretch at most to
    /// the ratio `tolerance`, breaking words where `cuts` allows; returns
    /// whether there were any.
    fn set_total_fit(
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
        let candidates = self.breakpoints(measured, &points)?;
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
    /// after each word but the last (at the space that follows it), at
    /// each of the words' split `points`, and at the end of the paragraph.
    fn breakpoints(
        &self,
        measured: &Measured,
        points: &[Vec<Split>],
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
                candidates.push(Breakpoint {
                    word: index - 1,
                    split: None,
                    end: before,
                    start: sums,
                    hyphen: 0.0,
                    penalty: 0.0,
                    hyphenated: false,
                });
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

    /// The natural width of `word` from the point `from` (part, byte offset)
    /// to the point `to` (its end if `None`), without a hyphen.
    fn fragment_width(
        &self,
        word: &Word,
        from: (usize, usize),
        to: Option<(usize, usize)>,
    ) -> Result<f32, RenderError> {
        let mut width = 0.0;
        for (part, range) in part_ranges(word, from, to) {
            let look = self.spans[part.span].look;
            width += self
                .metrics
                .width(look.face, look.size, &part.text[range])?;
        }
        Ok(width)
    }

    /// Where `word` may be broken, in order: at its hyphenation points
    /// when `cuts` allows and the breaker hyphenates (links are never
    /// hyphenated), and in its web addresses ([`address_points`]) when
    /// `cuts` allows.
    ///
    /// A word longer than [`WINDOW`] bytes is no word: the total-fit
    /// breaker, which never sets three hyphenated lines in a row, cannot
    /// set it with hyphens, and would only spend its time on its hundreds
    /// of thousands of points before the first-fit breaker cuts it.
    fn split_points(&self, word: &Word, cuts: Cuts) -> Vec<Split> {
        let mut points = Vec::new();
        let hyphenate = cuts != Cuts::None
            && self.options.hyphenate
            && word.parts.iter().map(|part| part.text.len()).sum::<usize>() <= WINDOW;
        for (index, part) in word.parts.iter().enumerate() {
            let is_link = self.spans[part.span].href.is_some();
            if !is_link && hyphenate {
                points.extend(
                    hyphenation_points(&part.text)
                        .into_iter()
                        .map(|offset| Split {
                            part: index,
                            offset,
                            hyphen: true,
                        }),
                );
            }
            // An e-mail address is read, and copied, whole: never cut.
            let is_email = self.spans[part.span]
                .href
                .as_deref()
                .is_some_and(|href| href.starts_with("mailto:"));
            if is_link && !is_email && cuts == Cuts::HyphensAndAddresses {
                points.extend(address_points(&part.text).into_iter().map(|offset| Split {
                    part: index,
                    offset,
                    hyphen: false,
                }));
            }
        }
        points
    }

    /// The width of the hyphen added at `point` of `word`.
    fn hyphen_width(&self, word: &Word, point: &Split) -> Result<f32, RenderError> {
        let look = self.spans[word.parts[point.part].span].look;
        self.metrics.width(look.face, look.size, "-")
    }

    /// Fills lines first-fit: used for lines that are not justified, and for
    /// a paragraph the total-fit breaker cannot set within bounds.
    fn first_fit(mut self, words: Vec<Word>) -> Result<Vec<Line>, RenderError> {
        let measure = self.options.measure;
        let mut pending = Pending::default();
        for word in words {
            let mut word = word;
            loop {
                let word_width = self.word_width(&word)?;
                if pending.words.is_empty() {
                    word.space_before = None;
                    if word_width <= measure {
                        pending.words_width = word_width;
                        pending.words.push(word);
                        break;
                    }
                    // Wider than a whole line: cut it, hyphenated if possible.
                    word = self.set_overlong(&word)?;
                    continue;
                }
                let space = self.space_width(&word)?;
                let natural = pending.words_width + pending.spaces_width + space + word_width;
                let shrunk = pending.words_width
                    + (pending.spaces_width + space) * self.shrink_factor()
                    + word_width;
                if natural <= measure || shrunk <= measure {
                    pending.words_width += word_width;
                    pending.spaces_width += space;
                    pending.spaces += 1;
                    pending.words.push(word);
                    break;
                }
                if self.wants_hyphen(&pending)
                    && let Some((head, tail)) = self.hyphenate_into(&pending, &word, space)?
                {
                    pending.words_width += self.word_width(&head)?;
                    pending.spaces_width += space;
                    pending.spaces += 1;
                    pending.words.push(head);
                    self.finish(std::mem::take(&mut pending), false, true)?;
                    word = tail;
                    continue;
                }
                self.finish(std::mem::take(&mut pending), false, false)?;
            }
        }
        if !pending.words.is_empty() {
            self.finish(pending, true, false)?;
        }
        Ok(self.lines)
    }

    fn shrink_factor(&self) -> f32 {
        if self.options.align == Align::Justify {
            MIN_SPACE_SHRINK
        } else {
            1.0
        }
    }

    /// Whether ending the line before the next word would leave it too loose,
    /// so that hyphenating that word is worth a hyphen.
    fn wants_hyphen(&self, pending: &Pending) -> bool {
        if !self.options.hyphenate {
            return false;
        }
        let slack = self.options.measure - pending.words_width - pending.spaces_width;
        if pending.spaces == 0 {
            return slack > 0.0;
        }
        // How much each space would grow, relative to its width. Two
        // hyphenated lines in a row need a looser line to be worth it.
        let growth = slack / pending.spaces_width;
        let threshold = if self.previous_hyphenated { 1.0 } else { 0.5 };
        growth > threshold
    }

    /// Sets the full lines of `word`, wider than the measure, at the start
    /// of a line: each cut where [`Breaker::cut_overlong`] says, until what
    /// is left fits on a line; returns that rest.
    ///
    /// Each cut looks at a window of the word a little longer than a line
    /// ([`Breaker::window`]), and the rest is copied only once, at the end:
    /// cutting a copy of the whole rest, measured whole, for every line made
    /// a 1 MB word take minutes and gigabytes.
    fn set_overlong(&mut self, word: &Word) -> Result<Word, RenderError> {
        let mut from = (0, 0);
        loop {
            let (window, whole) = self.window(word, from)?;
            if whole && self.word_width(&window)? <= self.options.measure {
                return Ok(window);
            }
            let ((head, hyphenated), tail) = self.cut_overlong(&window)?;
            let taken = word_chars(&window) - word_chars(&tail);
            from = advance(word, from, taken);
            let pending = Pending {
                words_width: self.word_width(&head)?,
                words: vec![head],
                ..Pending::default()
            };
            self.finish(pending, false, hyphenated)?;
        }
    }

    /// The characters of `word` from `from` (part, byte offset) on, as a
    /// word without a space before it, and whether that is all of them:
    /// all when they are at most [`WINDOW`] bytes, else as many as fill a
    /// line and [`WINDOW_MARGIN`] more, all that a cut of the next line
    /// looks at (a hyphenation pattern or an address rule looks a few
    /// characters ahead, never a line).
    fn window(&self, word: &Word, from: (usize, usize)) -> Result<(Word, bool), RenderError> {
        let rest = || {
            word.parts
                .iter()
                .enumerate()
                .skip(from.0)
                .map(|(index, part)| {
                    let start = if index == from.0 { from.1 } else { 0 };
                    (part.span, &part.text[start..])
                })
        };
        // Each part holds a byte at least: this stops after WINDOW parts.
        let mut length = 0;
        let short = rest().all(|(_, text)| {
            length += text.len();
            length <= WINDOW
        });
        if short {
            return Ok((rest_of(word, from), true));
        }
        let mut parts: Vec<Part> = Vec::new();
        let mut width = 0.0;
        let mut margin = WINDOW_MARGIN;
        for (span, text) in rest() {
            let look = self.spans[span].look;
            let mut end = text.len();
            for (offset, character) in text.char_indices() {
                if width <= self.options.measure {
                    width += self.metrics.advance(look.face, character)? * look.size / 1000.0;
                } else if margin == 0 {
                    end = offset;
                    break;
                } else {
                    margin -= 1;
                }
            }
            if end > 0 {
                parts.push(Part {
                    span,
                    text: text[..end].to_string(),
                });
            }
            if end < text.len() {
                let window = Word {
                    parts,
                    space_before: None,
                };
                return Ok((window, false));
            }
        }
        let window = Word {
            parts,
            space_before: None,
        };
        Ok((window, true))
    }

    /// Splits `word` at the hyphenation point giving the longest head that
    /// still fits on the pending line, or `None`.
    fn hyphenate_into(
        &self,
        pending: &Pending,
        word: &Word,
        space: f32,
    ) -> Result<Option<(Word, Word)>, RenderError> {
        let room = |head_width: f32| {
            let natural = pending.words_width + pending.spaces_width + space + head_width;
            let shrunk = pending.words_width
                + (pending.spaces_width + space) * self.shrink_factor()
                + head_width;
            natural.min(shrunk) <= self.options.measure
        };
        // A head that fits is shorter than a line: only a window of a long
        // word is hyphenated ([`Breaker::window`]).
        let (window, whole) = self.window(word, (0, 0))?;
        for (head, tail) in self.hyphenations(&window).into_iter().rev() {
            let head_width = self.word_width(&head)?;
            if room(head_width) {
                if whole {
                    return Ok(Some((head, tail)));
                }
                let taken = word_chars(&window) - word_chars(&tail);
                let rest = rest_of(word, advance(word, (0, 0), taken));
                return Ok(Some((head, rest)));
            }
        }
        Ok(None)
    }

    /// Every way to hyphenate `word`: (head with its hyphen, tail), from the
    /// shortest head to the longest.
    fn hyphenations(&self, word: &Word) -> Vec<(Word, Word)> {
        let points = self.split_points(word, Cuts::Hyphens);
        (0..points.len())
            .map(|split| {
                (
                    slice_word(word, &points, None, Some(split)),
                    slice_word(word, &points, Some(split), None),
                )
            })
            .collect()
    }

    /// Cuts a word wider than the measure: at a hyphenation point if one fits,
    /// else at the last place the address rule allows ([`address_points`]),
    /// else anywhere.
    /// Returns ((head, hyphenated), tail).
    fn cut_overlong(&self, word: &Word) -> Result<((Word, bool), Word), RenderError> {
        for (head, tail) in self.hyphenations(word).into_iter().rev() {
            if self.word_width(&head)? <= self.options.measure {
                return Ok(((head, true), tail));
            }
        }
        // Flatten to characters with their span, and find the longest prefix
        // that fits.
        let characters: Vec<(usize, char)> = word
            .parts
            .iter()
            .flat_map(|part| part.text.chars().map(move |c| (part.span, c)))
            .collect();
        let mut width = 0.0;
        let mut fitting = 0;
        for &(span, character) in &characters {
            let look = self.spans[span].look;
            width += self.metrics.advance(look.face, character)? * look.size / 1000.0;
            if width > self.options.measure {
                break;
            }
            fitting += 1;
        }
        // At least one character per line, so that the loop always advances.
        let fitting = fitting
            .max(1)
            .min(characters.len().saturating_sub(1))
            .max(1);
        // The last place the address rule allows, unless it would leave the
        // line less than half full.
        let text: String = characters.iter().map(|&(_, c)| c).collect();
        let cut = address_points(&text)
            .into_iter()
            .map(|offset| text[..offset].chars().count())
            .rfind(|&position| position <= fitting && position * 2 >= fitting)
            .unwrap_or(fitting);
        let rebuild = |slice: &[(usize, char)], space_before| {
            let mut parts: Vec<Part> = Vec::new();
            for &(span, character) in slice {
                match parts.last_mut() {
                    Some(part) if part.span == span => part.text.push(character),
                    _ => parts.push(Part {
                        span,
                        text: character.to_string(),
                    }),
                }
            }
            Word {
                parts,
                space_before,
            }
        };
        Ok((
            (rebuild(&characters[..cut], None), false),
            rebuild(&characters[cut..], None),
        ))
    }

    fn word_width(&self, word: &Word) -> Result<f32, RenderError> {
        self.fragment_width(word, (0, 0), None)
    }

    fn space_width(&self, word: &Word) -> Result<f32, RenderError> {
        match word.space_before {
            Some(span) => {
                let look = self.spans[span].look;
                self.metrics.width(look.face, look.size, " ")
            }
            None => Ok(0.0),
        }
    }

    /// Turns the pending words into a positioned line.
    fn finish(
        &mut self,
        pending: Pending,
        last: bool,
        hyphenated: bool,
    ) -> Result<(), RenderError> {
        let measure = self.options.measure;
        let natural = pending.words_width + pending.spaces_width;
        let word_spacing = if pending.spaces > 0 && natural > measure {
            // Filled with shrunk spaces: shrink them, even on a last line.
            (measure - natural) / pending.spaces as f32
        } else if self.options.align == Align::Justify && !last && pending.spaces > 0 {
            let extra = (measure - natural) / pending.spaces as f32;
            let average_space = pending.spaces_width / pending.spaces as f32;
            if self.uncapped {
                extra
            } else {
                extra.min(average_space * (MAX_SPACE_STRETCH - 1.0))
            }
        } else {
            0.0
        };
        let width = natural + word_spacing * pending.spaces as f32;
        let offset = match self.options.align {
            Align::Left | Align::Justify => 0.0,
            Align::Center => ((measure - width) / 2.0).max(0.0),
            Align::Right => (measure - width).max(0.0),
        };

        // Merge the words into pieces of one span each; a space joins the
        // piece of the span that draws it.
        let mut pieces: Vec<(usize, String)> = Vec::new();
        let mut push = |span: usize, text: &str| match pieces.last_mut() {
            Some((last_span, last_text)) if *last_span == span => last_text.push_str(text),
            _ => pieces.push((span, text.to_string())),
        };
        for word in &pending.words {
            if let Some(span) = word.space_before {
                push(span, " ");
            }
            for part in &word.parts {
                push(part.span, &part.text);
            }
        }

        let mut x = offset;
        let mut positioned = Vec::with_capacity(pieces.len());
        for (span, text) in pieces {
            let span = &self.spans[span];
            let spaces = text.matches(' ').count() as f32;
            let width =
                self.metrics.width(span.look.face, span.look.size, &text)? + spaces * word_spacing;
            positioned.push(Piece {
                text,
                look: span.look,
                href: span.href.clone(),
                x,
                width,
            });
            x += width;
        }
        self.previous_hyphenated = hyphenated;
        self.lines.push(Line {
            pieces: positioned,
            word_spacing,
            width,
            hyphenated,
        });
        Ok(())
    }
}

/// A word longer than this, in bytes, is looked at a window at a time when
/// it is cut ([`Breaker::window`]); a shorter one, whole.
const WINDOW: usize = 1024;
/// How many characters past a full line the window of a long word holds.
const WINDOW_MARGIN: usize = 64;

/// How many characters `word` holds.
fn word_chars(word: &Word) -> usize {
    word.parts
        .iter()
        .map(|part| part.text.chars().count())
        .sum()
}

/// The point (part, byte offset) `count` characters after `from` in `word`.
fn advance(word: &Word, mut from: (usize, usize), mut count: usize) -> (usize, usize) {
    while let Some(part) = word.parts.get(from.0) {
        let text = &part.text[from.1..];
        match text.char_indices().nth(count) {
            Some((offset, _)) => return (from.0, from.1 + offset),
            None => {
                count -= text.chars().count();
                from = (from.0 + 1, 0);
            }
        }
    }
    from
}

/// The characters of `word` from `from` (part, byte offset) on, as a word
/// without a space before it.
fn rest_of(word: &Word, from: (usize, usize)) -> Word {
    Word {
        parts: part_ranges(word, from, None)
            .map(|(part, range)| Part {
                span: part.span,
                text: part.text[range].to_string(),
            })
            .collect(),
        space_before: None,
    }
}

/// The non-empty byte ranges of `word`'s parts between the point `from`
/// (part, byte offset) and the point `to` (the word's end if `None`).
fn part_ranges(
    word: &Word,
    from: (usize, usize),
    to: Option<(usize, usize)>,
) -> impl Iterator<Item = (&Part, std::ops::Range<usize>)> {
    word.parts
        .iter()
        .enumerate()
        .skip(from.0)
        .take_while(move |&(index, _)| to.is_none_or(|(at, _)| index <= at))
        .filter_map(move |(index, part)| {
            let first = if index == from.0 { from.1 } else { 0 };
            let last = match to {
                Some((at, offset)) if at == index => offset,
                _ => part.text.len(),
            };
            (first < last).then_some((part, first..last))
        })
}

/// The part of `word` from its split point `from` (its start if `None`) to
/// its split point `to` (its end if `None`), with a hyphen when it stops at
/// a hyphenation point. `points` are the word's split points
/// ([`Breaker::split_points`]).
fn slice_word(word: &Word, points: &[Split], from: Option<usize>, to: Option<usize>) -> Word {
    let start = from.map_or((0, 0), |split| (points[split].part, points[split].offset));
    let end = to.map(|split| (points[split].part, points[split].offset));
    let hyphen = to.is_some_and(|split| points[split].hyphen);
    let mut parts: Vec<Part> = part_ranges(word, start, end)
        .map(|(part, range)| Part {
            span: part.span,
            text: part.text[range].to_string(),
        })
        .collect();
    if hyphen && let Some(part) = parts.last_mut() {
        part.text.push('-');
    }
    Word {
        parts,
        space_before: if from.is_none() {
            word.space_before
        } else {
            None
        },
    }
}

/// Cuts the spans into words at ordinary spaces. Other ASCII white space
/// counts as a space; runs of spaces count as one; invisible format
/// characters are dropped.
fn split_words(spans: &[Span]) -> Vec<Word> {
    // Invisible format characters (soft hyphen, zero-width spaces, BOM)
    // would otherwise be drawn as a hyphen or a missing glyph.
    let invisible =
        |character: char| matches!(character, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}');
    let mut words = Vec::with_capacity(spans.iter().map(|span| span.text.len() / 6 + 1).sum());
    let mut current: Option<Word> = None;
    let mut space_pending: Option<usize> = None;
    for (index, span) in spans.iter().enumerate() {
        // The part of the current word in this span: its first byte, and
        // whether invisible characters are to be taken out of it.
        let mut part: Option<(usize, bool)> = None;
        let close = |word: &mut Option<Word>, part: &mut Option<(usize, bool)>, end: usize| {
            if let (Some(word), Some((start, dirty))) = (word.as_mut(), part.take()) {
                let text = &span.text[start..end];
                word.parts.push(Part {
                    span: index,
                    text: if dirty {
                        text.chars()
                            .filter(|&character| !invisible(character))
                            .collect()
                    } else {
                        text.to_string()
                    },
                });
            }
        };
        for (offset, character) in span.text.char_indices() {
            if invisible(character) {
                if let Some((_, dirty)) = part.as_mut() {
                    *dirty = true;
                }
                continue;
            }
            if matches!(character, ' ' | '\t' | '\n' | '\r') {
                close(&mut current, &mut part, offset);
                if let Some(word) = current.take() {
                    words.push(word);
                }
                space_pending.get_or_insert(index);
                continue;
            }
            if part.is_none() {
                current.get_or_insert_with(|| Word {
                    parts: Vec::with_capacity(1),
                    space_before: space_pending.take(),
                });
                part = Some((offset, false));
            }
        }
        close(&mut current, &mut part, span.text.len());
    }
    words.extend(current);
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::design::TEXT;
    use crate::render::pdf::fonts::metrics;

    fn plain(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.to_string(),
            look: Look {
                face: Face::Regular,
                size: 10.0,
                color: TEXT,
                underline: false,
            },
            href: None,
        }]
    }

    fn options(measure: f32) -> BreakOptions {
        BreakOptions {
            measure,
            align: Align::Justify,
            hyphenate: true,
        }
    }

    /// A breaker of plain 10-point text, justified at `measure`, for
    /// calling its passes one by one.
    fn breaker(spans: &[Span], measure: f32) -> Breaker<'_> {
        Breaker {
            spans,
            options: options(measure),
            metrics: metrics().unwrap(),
            lines: Vec::new(),
            previous_hyphenated: false,
            uncapped: false,
        }
    }

    fn line_text(line: &Line) -> String {
        line.pieces
            .iter()
            .map(|piece| piece.text.as_str())
            .collect()
    }

    const LONG: &str = "Tous les jours, de très nombreuses initiatives individuelles et \
        collectives témoignent du fait que les valeurs civiques sont profondément \
        enracinées dans le territoire. De très nombreux acteurs se distinguent, \
        entreprises, associations, collectivités, administrations, ou simples citoyens.";

    #[test]
    fn no_line_is_wider_than_the_measure() {
        let metrics = metrics().unwrap();
        for measure in [120.0, 200.0, 333.0, 470.0] {
            let lines = break_lines(&plain(LONG), options(measure), metrics).unwrap();
            assert!(lines.len() > 1);
            for line in &lines {
                assert!(
                    line.width <= measure + 0.01,
                    "{} > {measure}: {:?}",
                    line.width,
                    line_text(line)
                );
            }
        }
    }

    #[test]
    fn justified_lines_are_flush_and_the_last_is_not() {
        let metrics = metrics().unwrap();
        let lines = break_lines(&plain(LONG), options(300.0), metrics).unwrap();
        let (last, others) = lines.split_last().unwrap();
        let space = metrics.width(Face::Regular, 10.0, " ").unwrap();
        let cap = space * (MAX_SPACE_STRETCH - 1.0);
        for line in others {
            // Flush, or short because its spaces reached the cap.
            let flush = (line.width - 300.0).abs() < 0.01;
            let capped = (line.word_spacing - cap).abs() < 1e-4 && line.width < 300.0;
            assert!(flush || capped, "{} {}", line.width, line.word_spacing);
        }
        assert_eq!(last.word_spacing, 0.0);
        assert!(last.width < 300.0);
    }

    #[test]
    fn the_words_come_back_in_order() {
        let metrics = metrics().unwrap();
        let lines = break_lines(&plain(LONG), options(250.0), metrics).unwrap();
        let mut text = String::new();
        for line in &lines {
            let line = line_text(line);
            if let Some(stripped) = line.strip_suffix('-')
                && lines.iter().any(|l| l.hyphenated)
            {
                text.push_str(stripped);
            } else {
                text.push_str(&line);
                text.push(' ');
            }
        }
        let normalized: Vec<&str> = LONG.split_whitespace().collect();
        let got: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(got, normalized);
    }

    #[test]
    fn never_breaks_at_a_no_break_space() {
        let metrics = metrics().unwrap();
        let text = "a\u{a0}b\u{202f}c ".repeat(40);
        let lines = break_lines(&plain(&text), options(100.0), metrics).unwrap();
        for line in &lines {
            let text = line_text(line);
            assert!(text.starts_with('a') && text.ends_with('c'), "{text:?}");
        }
    }

    #[test]
    fn never_breaks_after_a_hyphen_of_the_text() {
        let metrics = metrics().unwrap();
        let text = "le Pas-de-Calais et la solution hydro-alcoolique du lave-glace ".repeat(12);
        for measure in [80.0, 95.0, 110.0, 140.0, 170.0] {
            let lines = break_lines(&plain(&text), options(measure), metrics).unwrap();
            for pair in lines.windows(2) {
                let (line, next) = (line_text(&pair[0]), line_text(&pair[1]));
                if line.ends_with('-') {
                    // Only a hyphen the breaker added, between two letters.
                    assert!(pair[0].hyphenated, "{line:?}");
                    let before = line.chars().rev().nth(1).unwrap();
                    let after = next.chars().next().unwrap();
                    assert!(
                        before.is_alphabetic() && after.is_alphabetic(),
                        "{line:?} / {next:?}"
                    );
                    assert!(
                        !line.ends_with("Pas-") && !line.ends_with("hydro-"),
                        "{line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn invisible_format_characters_are_dropped() {
        let metrics = metrics().unwrap();
        let lines = break_lines(
            &plain("soli\u{ad}da\u{200b}rité\u{feff}"),
            options(300.0),
            metrics,
        )
        .unwrap();
        assert_eq!(line_text(&lines[0]), "solidarité");
    }

    #[test]
    fn words_are_cut_at_spaces_across_spans() {
        let mut spans = plain("\u{ad}un  de");
        spans.extend(plain("ux\u{200b}\ttrois\u{ad} "));
        spans.extend(plain("\u{feff}"));
        spans.extend(plain("quatre"));
        type Parts = Vec<(usize, String)>;
        let words: Vec<(Parts, Option<usize>)> = split_words(&spans)
            .into_iter()
            .map(|word| {
                let parts = word.parts.into_iter().map(|part| (part.span, part.text));
                (parts.collect(), word.space_before)
            })
            .collect();
        let part = |span: usize, text: &str| (span, text.to_string());
        assert_eq!(
            words,
            [
                (vec![part(0, "un")], None),
                (vec![part(0, "de"), part(1, "ux")], Some(0)),
                (vec![part(1, "trois")], Some(1)),
                (vec![part(3, "quatre")], Some(1)),
            ]
        );
    }

    #[test]
    fn spaces_never_stretch_beyond_the_cap_unless_nothing_else_fits() {
        let metrics = metrics().unwrap();
        let space = metrics.width(Face::Regular, 10.0, " ").unwrap();
        let spans = plain(LONG);
        let mut capped = 0;
        for measure in [60.0, 90.0, 150.0, 200.0, 300.0, 400.0] {
            let lines = break_lines(&spans, options(measure), metrics).unwrap();
            let beyond = lines
                .iter()
                .any(|line| line.word_spacing > space * (MAX_SPACE_STRETCH - 1.0) + 1e-4);
            let mut breaker = breaker(&spans, measure);
            let words = split_words(&spans);
            let measured = breaker.measure(&words).unwrap();
            let fits = breaker
                .set_total_fit(&measured, Cuts::Hyphens, LOOSEST)
                .unwrap();
            assert!(!(beyond && fits), "{measure}: beyond the cap, needlessly");
            capped += usize::from(fits);
            for line in &lines {
                assert!(line.word_spacing >= space * (MIN_SPACE_SHRINK - 1.0) - 1e-4);
            }
        }
        assert!(capped >= 2, "only {capped} measures set within the cap");
    }

    /// The demerits of a setting, computed from its lines as the total-fit
    /// breaker counts them, or `None` when a line is outside its bounds
    /// (short of the measure, or hyphenated after a hyphenated line is
    /// fine; only looseness matters). Plain 10-point text only.
    fn demerits(lines: &[Line], measure: f32) -> Option<f64> {
        let metrics = metrics().unwrap();
        let space = f64::from(metrics.width(Face::Regular, 10.0, " ").unwrap());
        let mut total = 0.0;
        let mut previous: Option<(usize, bool)> = None;
        if lines
            .windows(3)
            .any(|three| three.iter().all(|line| line.hyphenated))
        {
            return None; // three hyphens in a row: never considered
        }
        for (index, line) in lines.iter().enumerate() {
            let last = index + 1 == lines.len();
            let spacing = f64::from(line.word_spacing);
            let ratio = if spacing >= 0.0 {
                if last {
                    0.0
                } else {
                    spacing / (space * STRETCH)
                }
            } else {
                spacing / (space * f64::from(1.0 - MIN_SPACE_SHRINK))
            };
            if !last && (line.width - measure).abs() > 0.01 {
                return None; // left short: beyond the stretch allowed
            }
            let fitness: usize = match ratio {
                r if r < -0.5 => 0,
                r if r <= 0.5 => 1,
                r if r <= 1.0 => 2,
                _ => 3,
            };
            total += (LINE_PENALTY + 100.0 * ratio.abs().powi(3)).powi(2);
            if line.hyphenated {
                total += HYPHEN_PENALTY.powi(2);
            }
            let (previous_fitness, previous_hyphenated) = previous.unwrap_or((1, false));
            if previous_hyphenated && line.hyphenated {
                total += DOUBLE_HYPHEN_DEMERITS;
            }
            if previous_hyphenated && last {
                total += FINAL_HYPHEN_DEMERITS;
            }
            if fitness.abs_diff(previous_fitness) > 1 {
                total += ADJACENT_DEMERITS;
            }
            previous = Some((fitness, line.hyphenated));
        }
        Some(total)
    }

    /// The hyphenated pass of the total-fit breaker finds the setting with
    /// the fewest demerits: never more than the first-fit one, whenever that
    /// one keeps within the same bounds.
    #[test]
    fn total_fit_is_never_worse_than_first_fit() {
        let text = format!("{LONG} {LONG} {LONG}");
        let spans = plain(&text);
        let mut compared = 0;
        for measure in (140..=460).step_by(4).map(|m| m as f32) {
            let words = split_words(&spans);
            let breaker = || breaker(&spans, measure);
            let mut total = breaker();
            let measured = total.measure(&words).unwrap();
            let found = total
                .set_total_fit(&measured, Cuts::Hyphens, LOOSEST)
                .unwrap();
            let first = breaker().first_fit(words).unwrap();
            let Some(first) = demerits(&first, measure) else {
                continue;
            };
            assert!(
                found,
                "{measure}: first fit is within bounds, total fit found nothing"
            );
            let total = total.lines;
            let total = demerits(&total, measure).expect("total fit stays within bounds");
            assert!(total <= first + 1e-3, "{measure}: {total} > {first}");
            compared += 1;
        }
        assert!(compared > 20, "only {compared} measures compared");
    }

    #[test]
    fn total_fit_evens_out_the_spaces_of_a_paragraph() {
        // At this measure the first-fit breaker leaves a line with spaces
        // stretched to nearly twice their width; the total-fit one spreads
        // the slack over the paragraph.
        let metrics = metrics().unwrap();
        let space = metrics.width(Face::Regular, 10.0, " ").unwrap();
        let spans = plain(LONG);
        let loosest = |lines: &[Line]| {
            lines[..lines.len() - 1]
                .iter()
                .map(|line| line.word_spacing / space)
                .fold(f32::MIN, f32::max)
        };
        let mut found = false;
        for measure in (140..=460).step_by(4).map(|m| m as f32) {
            let breaker = breaker(&spans, measure);
            let first = breaker.first_fit(split_words(&spans)).unwrap();
            let total = break_lines(&spans, options(measure), metrics).unwrap();
            if loosest(&first) > 0.8 && loosest(&total) < 0.5 {
                found = true;
            }
        }
        assert!(found, "no measure where total fit visibly helps");
    }

    #[test]
    fn addresses_are_cut_before_a_slash_or_a_dot_never_inside_the_scheme() {
        let url = "http://www.coup-de-main.example/inscription?ville=bethune";
        let cuts: Vec<&str> = address_points(url)
            .into_iter()
            .map(|offset| &url[..offset])
            .collect();
        assert_eq!(
            cuts,
            [
                "http://www",
                "http://www.coup",
                "http://www.coup-de",
                "http://www.coup-de-main",
                "http://www.coup-de-main.example",
                "http://www.coup-de-main.example/inscription",
                "http://www.coup-de-main.example/inscription?ville",
            ]
        );
    }

    #[test]
    fn a_long_address_in_the_text_is_cut_rather_than_leave_a_line_short() {
        let metrics = metrics().unwrap();
        let mut spans = plain("À Béthune, un groupe de lycéens a lancé la plateforme ");
        let url = "http://www.coup-de-main-bethune.example/inscription?ville=bethune";
        spans.push(Span {
            text: url.to_string(),
            look: Look {
                underline: true,
                ..spans[0].look
            },
            href: Some(url.into()),
        });
        spans.extend(plain(
            " qui met en relation des volontaires et des personnes âgées ayant besoin \
             d’aide pour leurs courses.",
        ));
        let measure = crate::render::pdf::design::MEASURE;
        let lines = break_lines(&spans, options(measure), metrics).unwrap();
        // Without the cut, the first line ended at « plateforme », a third
        // of the measure short; with it, the lines are full, or within a
        // hair of the margin when the spaces reach their cap.
        for line in &lines[..lines.len() - 1] {
            assert!(
                line.width > measure * 0.99,
                "{} short: {:?}",
                measure - line.width,
                line_text(line)
            );
        }
        // Cut without a hyphen, and whole once the lines are joined.
        let joined: String = lines.iter().map(line_text).collect::<Vec<_>>().join("");
        assert!(joined.contains(url), "{joined}");
        assert!(
            lines
                .iter()
                .all(|line| !line.hyphenated || !line_text(line).contains("http"))
        );
    }

    #[test]
    fn regression_two_long_addresses_never_make_a_column_of_fragments() {
        // Every setting had a line that could not stretch: the breaker
        // compared infinities and kept one fragment of address per line.
        let metrics = metrics().unwrap();
        let link = |url: &str| Span {
            text: url.to_string(),
            look: Look {
                underline: true,
                ..plain("")[0].look
            },
            href: Some(url.into()),
        };
        let mut spans = plain("Consultez ");
        spans.push(link(
            "https://www.economie.gouv.fr/covid19-soutien-entreprises/\
             fonds-de-solidarite-pour-les-tpe-independants-et-micro",
        ));
        spans.extend(plain(", "));
        spans.push(link(
            "https://www.pas-de-calais.gouv.fr/Actualites/Covid-19/\
             Informations-aux-entreprises-et-aux-associations?utm_source=communique&utm_medium=pdf",
        ));
        spans.extend(plain(" ainsi que le site."));
        let measure = crate::render::pdf::design::MEASURE;
        let lines = break_lines(&spans, options(measure), metrics).unwrap();
        assert!(
            lines.len() <= 4,
            "{:#?}",
            lines.iter().map(line_text).collect::<Vec<_>>()
        );
        for line in &lines[..lines.len() - 1] {
            assert!(line.width > measure * 0.9, "{:?}", line_text(line));
        }
    }

    #[test]
    fn regression_a_long_address_is_cut_into_full_lines() {
        // Lines of address fragments have no space to stretch: their
        // badness was infinite, every setting compared equal, and the
        // breaker kept the first it met, one fragment per line.
        let metrics = metrics().unwrap();
        let url = format!("https://www.example.fr{}", "/abcdefgh".repeat(24));
        let mut spans = plain("Voir ");
        spans.push(Span {
            text: url.clone(),
            look: Look {
                underline: true,
                ..spans[0].look
            },
            href: Some(url.into()),
        });
        spans.extend(plain(" et la suite du texte."));
        let measure = 150.0;
        let lines = break_lines(&spans, options(measure), metrics).unwrap();
        for line in &lines[..lines.len() - 1] {
            assert!(line.width > measure * 0.75, "{:?}", line_text(line));
        }
    }

    #[test]
    fn an_empty_paragraph_has_no_line() {
        let metrics = metrics().unwrap();
        for text in ["", " ", "\u{ad}", "  \u{200b} "] {
            let lines = break_lines(&plain(text), options(200.0), metrics).unwrap();
            assert!(lines.is_empty(), "{text:?}: {lines:?}");
        }
    }

    #[test]
    fn regression_the_first_fit_fallback_keeps_the_cap() {
        // A paragraph no total-fit pass can set (an e-mail address wider
        // than the measure) falls back to first fit, whose lines stay
        // within the cap: the emergency pass's uncapped stretch leaked.
        let metrics = metrics().unwrap();
        let email = "contact@associationdesfamillesdupasdecalais.example.org";
        let mut spans = plain(
            "Écrire à un deux trois quatre cinq six sept huit neuf dix onze douze \
             treize quatorze ",
        );
        spans.push(Span {
            href: Some(format!("mailto:{email}").into()),
            ..plain(email).remove(0)
        });
        spans.extend(plain(" merci beaucoup"));
        let space = metrics.width(Face::Regular, 10.0, " ").unwrap();
        for measure in [200.0, 250.0] {
            for line in break_lines(&spans, options(measure), metrics).unwrap() {
                assert!(
                    line.word_spacing <= space * (MAX_SPACE_STRETCH - 1.0) + 1e-4,
                    "{measure}: {:?} {}",
                    line_text(&line),
                    line.word_spacing
                );
            }
        }
    }

    #[test]
    fn an_overlong_url_is_cut_to_fit() {
        let metrics = metrics().unwrap();
        let url = "https://www.facebook.com/EntraideCoVid19Calaisis/tres/tres/long/chemin";
        let lines = break_lines(&plain(url), options(120.0), metrics).unwrap();
        assert!(lines.len() > 1);
        let joined: String = lines.iter().map(line_text).collect();
        assert_eq!(joined, url);
        for line in &lines {
            assert!(line.width <= 120.01);
        }
    }

    #[test]
    fn regression_a_word_of_hundreds_of_kilobytes_is_cut_into_full_lines() {
        // Cut line by line from a copy of its whole rest, a 256 KB word
        // took half a minute and a 1 MB one gigabytes; one window per line
        // now. The lines give the word back, hyphens aside, and each one
        // but the last is nearly full.
        let metrics = metrics().unwrap();
        for word in [
            "a".repeat(200_000),
            "anticonstitutionnellement".repeat(8_000),
        ] {
            let text = format!("Avant {word} après.");
            let lines = break_lines(&plain(&text), options(300.0), metrics).unwrap();
            let mut joined = String::new();
            for line in &lines {
                let text = line_text(line);
                joined.push_str(
                    text.strip_suffix('-')
                        .filter(|_| line.hyphenated)
                        .unwrap_or(&text),
                );
                assert!(line.width <= 300.01, "{}", line.width);
            }
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
            let full = lines[1..lines.len() - 2]
                .iter()
                .all(|line| line.width > 250.0);
            assert!(full, "a line of the word is short");
        }
    }
}
