//! Where the runs of `*` of a paragraph are, and which of them can close
//! emphasis: built once per paragraph, so that finding a closer is a binary
//! search instead of a scan to the paragraph's end. (With a scan, a
//! paragraph of unmatched `*` took time in the square of its length:
//! 100,000 openers, minutes.)
//!
//! A *closer* for a delimiter opened before `start` is the first run of
//! `*` after `start`, outside the links, right after a character that is
//! neither a space nor a `*`, which matches the delimiter:
//!
//! - `***` closes at a run of three stars or more;
//! - `**` at a run of two or more; at three or more, one star later when
//!   the text since `start` holds an odd number of single stars (the inner
//!   `*` of `**a *b***` takes the first star);
//! - `*` at a run of exactly one; at three or more, two stars later when
//!   the text since `start` holds an odd number of `**` (`*a **b***`); a
//!   run of two is the `**` of inner emphasis, skipped.
//!
//! A run is counted as long as it is inside the range scanned: one that
//! the range's end cuts short counts as its part inside the range.

use std::ops::Range;

/// A closer sought for one of the three delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Single,
    Double,
    Triple,
}

impl Delimiter {
    pub fn of(stars: &str) -> Delimiter {
        match stars.len() {
            1 => Delimiter::Single,
            2 => Delimiter::Double,
            _ => Delimiter::Triple,
        }
    }
}

/// The runs of `*` of one paragraph.
pub struct Stars {
    /// Every maximal run, links included (`(start, end)` byte offsets), in
    /// order: the counts of `*` and `**` since a place are taken over the
    /// raw text, as they were written.
    runs: Vec<(usize, usize)>,
    /// For each run, how many `**` (`len / 2` per run) and how many `*`
    /// the runs before it hold; one more entry for all the runs.
    doubles_before: Vec<usize>,
    stars_before: Vec<usize>,
    /// The runs that may close emphasis (outside links, after a character
    /// that is not white space), as indices into `runs`, by length: one
    /// star, two or more, three or more; and those of three or more split
    /// by the parity of `doubles_before`.
    single: Vec<usize>,
    double: Vec<usize>,
    triple: Vec<usize>,
    triple_by_parity: [Vec<usize>; 2],
}

impl Stars {
    /// Indexes the runs of `text`, whose `links` (sorted byte ranges) are
    /// opaque: a run inside one never closes anything.
    pub fn new(text: &str, links: &[Range<usize>]) -> Stars {
        let bytes = text.as_bytes();
        let mut stars = Stars {
            runs: Vec::new(),
            doubles_before: Vec::new(),
            stars_before: Vec::new(),
            single: Vec::new(),
            double: Vec::new(),
            triple: Vec::new(),
            triple_by_parity: [Vec::new(), Vec::new()],
        };
        let (mut doubles, mut count) = (0, 0);
        let mut next_link = 0;
        let mut i = 0;
        while let Some(found) = bytes[i..].iter().position(|&b| b == b'*') {
            let start = i + found;
            let end = start
                + bytes[start..]
                    .iter()
                    .position(|&b| b != b'*')
                    .unwrap_or(bytes.len() - start);
            let index = stars.runs.len();
            stars.runs.push((start, end));
            stars.doubles_before.push(doubles);
            stars.stars_before.push(count);
            while links.get(next_link).is_some_and(|link| link.end <= start) {
                next_link += 1;
            }
            let in_link = links.get(next_link).is_some_and(|link| link.start <= start);
            let after_text = text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace());
            if !in_link && after_text {
                let length = end - start;
                if length == 1 {
                    stars.single.push(index);
                } else {
                    stars.double.push(index);
                }
                if length >= 3 {
                    stars.triple.push(index);
                    stars.triple_by_parity[doubles % 2].push(index);
                }
            }
            doubles += (end - start) / 2;
            count += end - start;
            i = end;
        }
        // One entry past the last run: the counts up to the text's end.
        stars.doubles_before.push(doubles);
        stars.stars_before.push(count);
        stars
    }

    /// The end of the run of `*` that `offset` is in (or starts), cut at
    /// `limit`; `offset` itself when it is not on a `*`.
    pub fn skip(&self, offset: usize, limit: usize) -> usize {
        match self.run_at(offset) {
            Some(index) => self.runs[index].1.min(limit).max(offset),
            None => offset,
        }
    }

    /// The first `*` at or after `offset`, if any.
    pub fn next_star(&self, offset: usize) -> Option<usize> {
        let index = self.runs.partition_point(|&(_, end)| end <= offset);
        self.runs.get(index).map(|&(start, _)| start.max(offset))
    }

    /// The run holding the byte at `offset`, if any.
    fn run_at(&self, offset: usize) -> Option<usize> {
        let after = self.runs.partition_point(|&(start, _)| start <= offset);
        let index = after.checked_sub(1)?;
        (offset < self.runs[index].1).then_some(index)
    }

    /// How many `**` and how many `*` `text[start..runs[index].0]` holds,
    /// counted as `str::matches` counts them (left to right, no overlap).
    fn counts(&self, start: usize, index: usize) -> (usize, usize) {
        let first = self.runs.partition_point(|&(run, _)| run < start);
        let (mut doubles, mut stars) = (
            self.doubles_before[index] - self.doubles_before[first],
            self.stars_before[index] - self.stars_before[first],
        );
        // The run `start` falls inside of, counted from `start`.
        if let Some(previous) = first.checked_sub(1)
            && self.runs[previous].1 > start
        {
            let part = self.runs[previous].1 - start;
            doubles += part / 2;
            stars += part;
        }
        (doubles, stars)
    }

    /// The offset of the closer of `delimiter`, opened just before
    /// `range.start`, in `range`; `None` if there is none.
    pub fn closer(&self, range: Range<usize>, delimiter: Delimiter) -> Option<usize> {
        // The run that the range's end cuts short, if any: it is judged by
        // its part inside the range, after the whole runs before it.
        let cut = self
            .run_at(range.end)
            .filter(|&index| self.runs[index].0 < range.end);
        let limit = cut.map_or(range.end, |index| self.runs[index].0);
        let first_after = |list: &[usize]| {
            let at = list.partition_point(|&index| self.runs[index].0 <= range.start);
            list.get(at)
                .copied()
                .filter(|&index| self.runs[index].0 < limit)
        };
        let whole = match delimiter {
            Delimiter::Triple => first_after(&self.triple),
            Delimiter::Double => first_after(&self.double),
            Delimiter::Single => {
                // A run of three closes when an odd number of `**` stands
                // between `range.start` and it.
                let first = self.runs.partition_point(|&(run, _)| run < range.start);
                let (partial, _) = self.counts(range.start, first);
                let base = self.doubles_before[first] + partial;
                let parity = (base + 1) % 2;
                [
                    first_after(&self.single),
                    first_after(&self.triple_by_parity[parity]),
                ]
                .into_iter()
                .flatten()
                .min()
            }
        };
        let index = match whole {
            Some(index) => index,
            None => {
                // Only the cut run is left; it closes like a whole one of
                // its length inside the range, if it may close at all.
                let index = cut?;
                let start = self.runs[index].0;
                let may_close = self.single.binary_search(&index).is_ok()
                    || self.double.binary_search(&index).is_ok();
                if start <= range.start || !may_close {
                    return None;
                }
                index
            }
        };
        let start = self.runs[index].0;
        let length = self.runs[index].1.min(range.end) - start;
        match delimiter {
            Delimiter::Triple => (length >= 3).then_some(start),
            Delimiter::Double if length >= 3 => {
                let (doubles, stars) = self.counts(range.start, index);
                let singles = stars - 2 * doubles;
                Some(if singles % 2 == 1 { start + 1 } else { start })
            }
            Delimiter::Double => (length == 2).then_some(start),
            Delimiter::Single if length >= 3 => {
                let (doubles, _) = self.counts(range.start, index);
                (doubles % 2 == 1).then_some(start + 2)
            }
            Delimiter::Single => (length == 1).then_some(start),
        }
    }
}
