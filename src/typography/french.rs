//! The French typography rules (`docs/issue-file.md#typography`), on one
//! paragraph at a time.
//!
//! A paragraph is seen as a sequence of [`Cell`]s: its characters, each
//! tagged with the inline run it belongs to, and each link reduced to one
//! opaque [`LINK`] cell. Rules look across runs (a `"` that opens before a
//! bold word and closes after it) yet never see inside a URL or an e-mail
//! address. Every rule is idempotent: text that already has the right
//! characters is left as it is.
//!
//! `crowbook-text-processing`'s `FrenchFormatter` was evaluated first and not
//! used: it turns `"` into “ ” rather than « », puts a wide no-break space
//! inside long quotations, never adds a missing space before `:`, and joins
//! any digits separated by a space, phone numbers included.

/// A no-break space, before `:` and between a number and its word.
pub const NBSP: char = '\u{a0}';
/// A narrow no-break space, before `;` `!` `?`, inside « », in `50 000`.
pub const NNBSP: char = '\u{202f}';
/// Stands for a link: a word that no rule may look into.
pub const LINK: char = '\u{fffc}';

/// One character of a paragraph and the inline run it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub run: usize,
}

/// Applies every rule, in an order where none undoes another.
pub fn apply_rules(cells: &mut Vec<Cell>) {
    ellipsis(cells);
    apostrophes(cells);
    quotes(cells);
    punctuation(cells);
    numbers(cells);
    titles(cells);
}

/// Whether the rules could change a paragraph that has this run: each of
/// them starts from a character of its own (`'`, `"`, « », `:` `;` `!` `?`,
/// a digit, `°`), from `...`, which, split across runs, leaves a run
/// starting with a dot, or from a title (`M.`, `Mme`, `Dr`…). Never false
/// when a rule has work; it spares the cells and the passes to the many
/// paragraphs where none has.
pub fn may_change(run: &str) -> bool {
    let bytes = run.as_bytes();
    bytes
        .iter()
        .any(|b| matches!(b, b'\'' | b'"' | b':' | b';' | b'!' | b'?' | b'0'..=b'9'))
        || run.starts_with('.')
        || run.contains('°')
        || has_title(run)
        // « and » are U+00AB and U+00BB: 0xC2, then 0xAB or 0xBB.
        || bytes
            .windows(2)
            .any(|pair| matches!(pair, [b'.', b'.'] | [0xC2, 0xAB | 0xBB]))
}

/// Whether `text` holds a title (`M.`, `Mme`, `Dr`…) the titles rule may
/// tie to a name. A title can straddle two runs (« le *D*r Martin »): the
/// caller asks about the runs joined too.
pub fn has_title(text: &str) -> bool {
    TITLES.iter().any(|title| text.contains(title))
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP || c == '\t'
}

/// `...` → `…` (exactly three dots: `....` is left alone).
fn ellipsis(cells: &mut Vec<Cell>) {
    // Most paragraphs have none: spare them the rewrite.
    if !cells
        .windows(3)
        .any(|dots| dots.iter().all(|c| c.ch == '.'))
    {
        return;
    }
    // In place: the text only ever gets shorter.
    let mut kept = 0;
    let mut i = 0;
    while i < cells.len() {
        let dots = cells[i..].iter().take_while(|c| c.ch == '.').count();
        let end = i + dots.max(1);
        if dots == 3 {
            cells[kept] = Cell {
                ch: '…',
                run: cells[i].run,
            };
            kept += 1;
        } else {
            for j in i..end {
                cells[kept] = cells[j];
                kept += 1;
            }
        }
        i = end;
    }
    cells.truncate(kept);
}

/// `'` between two letters → `’` (aujourd’hui, l’AFNOR).
fn apostrophes(cells: &mut [Cell]) {
    for i in 1..cells.len().saturating_sub(1) {
        if cells[i].ch == '\'' && cells[i - 1].ch.is_alphabetic() && cells[i + 1].ch.is_alphabetic()
        {
            cells[i].ch = '’';
        }
    }
}

/// Paired straight double quotes → « », or “ ” inside guillemets; then a
/// narrow no-break space inside every « ».
fn quotes(cells: &mut Vec<Cell>) {
    // Which `"` open and which close, by what stands before them; only
    // those that pair up are changed (`12"` stays as it is).
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..cells.len() {
        if cells[i].ch != '"' {
            continue;
        }
        let opens = i == 0 || {
            let before = cells[i - 1].ch;
            is_space(before) || matches!(before, '(' | '[' | '«' | '“' | '—' | '–' | '\'')
        };
        if opens {
            open.push(i);
        } else if let Some(start) = open.pop() {
            pairs.push((start, i));
        }
    }
    // Without pairs, the pass over every cell would change nothing.
    if !pairs.is_empty() {
        replace_pairs(cells, &pairs);
    }
    space_inside_guillemets(cells);
}

/// One pass, left to right: a pair opened inside « … » takes “ ”.
fn replace_pairs(cells: &mut [Cell], pairs: &[(usize, usize)]) {
    let mut closing: Vec<Option<char>> = vec![None; cells.len()];
    let mut opening: Vec<Option<usize>> = vec![None; cells.len()];
    for &(start, end) in pairs {
        opening[start] = Some(end);
    }
    let mut depth: usize = 0;
    for i in 0..cells.len() {
        if let Some(end) = opening[i] {
            let (left, right) = if depth == 0 {
                ('«', '»')
            } else {
                ('“', '”')
            };
            cells[i].ch = left;
            closing[end] = Some(right);
        } else if let Some(right) = closing[i] {
            cells[i].ch = right;
        }
        match cells[i].ch {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// Exactly one U+202F after « and before », replacing any other space.
fn space_inside_guillemets(cells: &mut Vec<Cell>) {
    // Most paragraphs have none: spare them the copy.
    if !cells.iter().any(|c| matches!(c.ch, '«' | '»')) {
        return;
    }
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len() + 4);
    let mut i = 0;
    while i < cells.len() {
        let cell = cells[i];
        i += 1;
        match cell.ch {
            '«' => {
                out.push(cell);
                while i < cells.len() && is_space(cells[i].ch) {
                    i += 1;
                }
                if i < cells.len() {
                    out.push(Cell {
                        ch: NNBSP,
                        run: cell.run,
                    });
                }
            }
            '»' => {
                while out.last().is_some_and(|c| is_space(c.ch)) {
                    out.pop();
                }
                if !out.is_empty() {
                    out.push(Cell {
                        ch: NNBSP,
                        run: cell.run,
                    });
                }
                out.push(cell);
            }
            _ => out.push(cell),
        }
    }
    *cells = out;
}

/// The space before `:` `;` `!` `?`: U+00A0 before `:`, U+202F before the
/// others; an ordinary space is replaced, a missing one added after a word.
/// Only punctuation that ends a phrase counts (followed by a space, the end,
/// or closing punctuation), so `14:30`, `http://…` and `?id=3` are left be.
fn punctuation(cells: &mut Vec<Cell>) {
    // Only these four characters are looked at: without them, no copy.
    if !cells.iter().any(|c| matches!(c.ch, ':' | ';' | '!' | '?')) {
        return;
    }
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len() + 8);
    for (i, &cell) in cells.iter().enumerate() {
        let space = match cell.ch {
            ':' => NBSP,
            ';' | '!' | '?' => NNBSP,
            _ => {
                out.push(cell);
                continue;
            }
        };
        let ends_phrase = cells.get(i + 1).is_none_or(|next| {
            is_space(next.ch)
                || matches!(
                    next.ch,
                    '»' | '”' | ')' | ']' | '"' | '?' | '!' | '.' | ',' | '…'
                )
        });
        let spaces = out.iter().rev().take_while(|c| is_space(c.ch)).count();
        let word_end = out.len() - spaces;
        // `&amp;` written out in the text is a character reference, not
        // the end of a clause.
        let entity = cell.ch == ';' && {
            let word_start = out[..word_end]
                .iter()
                .rposition(|c| is_space(c.ch))
                .map_or(0, |p| p + 1);
            out.get(word_start).is_some_and(|c| c.ch == '&')
        };
        let after_word = !entity
            && word_end > 0
            && !matches!(
                out[word_end - 1].ch,
                '?' | '!' | ';' | ':' | '«' | '(' | '[' | '“' | '"'
            );
        if ends_phrase && after_word {
            out.truncate(word_end);
            out.push(Cell {
                ch: space,
                run: cell.run,
            });
        }
        out.push(cell);
    }
    *cells = out;
}

/// Digit groups of a quantity (`50 000`, `1 000 000`) joined by U+202F,
/// and a number kept with the word it counts (`1 000 masques`,
/// `60 exemplaires`) by U+00A0. Years (four digits in one group), postcodes
/// (five) and phone numbers (pairs) have no groups of three and are left as
/// written.
fn numbers(cells: &mut [Cell]) {
    let mut i = 0;
    while i < cells.len() {
        // The cheap test first: most cells are not digits.
        if !cells[i].ch.is_ascii_digit() {
            i += 1;
            continue;
        }
        let previous = i.checked_sub(1).map(|p| cells[p].ch);
        let starts_number = previous
            .is_none_or(|p| !(p.is_alphanumeric() || matches!(p, '.' | ':' | '/' | '-' | LINK)));
        if !starts_number {
            i += 1;
            continue;
        }
        if let Some(end) = phone_number(cells, i) {
            i = end;
            continue;
        }
        // `5` in `1,5`: a decimal part, never the start of groups.
        let decimal = previous == Some(',');
        // `00` in `2020 2 000`: one of a run of numbers, which no word
        // belongs to.
        let in_a_run = i >= 2 && is_space(cells[i - 1].ch) && cells[i - 2].ch.is_ascii_digit();
        let lead = digits_from(cells, i);
        let mut end = i + lead;
        let mut grouped = false;
        if lead <= 3 && !decimal {
            // Groups of exactly three digits, one space between them.
            while end + 3 < cells.len()
                && is_space(cells[end].ch)
                && digits_from(cells, end + 1) == 3
            {
                cells[end].ch = NNBSP;
                end += 4;
                grouped = true;
            }
        }
        // « 1er », « 2e », « 3ème »: an ordinal keeps its word too.
        if !grouped {
            end += ordinal_suffix(cells, end);
        }
        // An ordinary space after the number becomes a no-break one; one
        // that is no-break already is kept (the rules run twice alike).
        if (grouped || !in_a_run) && cells.get(end).is_some_and(|c| is_space(c.ch)) {
            let tie = |cells: &mut [Cell], at: usize, space: char| {
                if cells[at].ch == ' ' {
                    cells[at].ch = space;
                }
            };
            match cells.get(end + 1).map(|c| c.ch) {
                // The word it counts: « 1 000 masques », « 14 h », « 1er mai ».
                Some(next) if next.is_lowercase() => {
                    tie(cells, end, NBSP);
                    // « 14 h 30 »: the minutes stay with their hour, and
                    // count nothing after them.
                    if next == 'h'
                        && cells.get(end + 2).is_some_and(|c| is_space(c.ch))
                        && digits_from(cells, end + 3) == 2
                    {
                        tie(cells, end + 2, NBSP);
                        end += 5;
                    }
                }
                // « 87 % », « 2 ‰ »: a narrow no-break space, as in groups.
                Some('%' | '‰') => tie(cells, end, NNBSP),
                // « 2,50 € », « 20 °C »: the unit stays with its number.
                Some('€' | '$' | '£' | '°') => tie(cells, end, NBSP),
                _ => {}
            }
        }
        i = end.max(i + 1);
    }
}

/// The end of a French phone number written in five pairs of digits
/// (« 03 21 21 20 00 ») starting at `start`, after tying its pairs with
/// no-break spaces: a number is never cut at a line end. `None` for
/// anything else.
fn phone_number(cells: &mut [Cell], start: usize) -> Option<usize> {
    let pairs_end = start + 14;
    let pair = |at: usize| digits_from(cells, at) == 2;
    let shaped = pair(start)
        && (1..5).all(|k| {
            let at = start + 3 * k;
            cells.get(at - 1).is_some_and(|c| is_space(c.ch)) && pair(at)
        });
    if !shaped || cells.get(pairs_end).is_some_and(|c| c.ch.is_alphanumeric()) {
        return None;
    }
    for k in 1..5 {
        cells[start + 3 * k - 1].ch = NBSP;
    }
    Some(pairs_end)
}

/// The length of an ordinal's suffix (« er », « re », « e », « ème »…) at
/// `at`, when a word boundary follows it; 0 otherwise.
fn ordinal_suffix(cells: &[Cell], at: usize) -> usize {
    ["er", "re", "ère", "ème", "e"]
        .iter()
        .find_map(|suffix| {
            spells(cells, at, suffix)
                .filter(|&end| cells.get(end).is_none_or(|c| !c.ch.is_alphanumeric()))
        })
        .map_or(0, |end| end - at)
}

/// Where `word` ends when the cells from `at` on spell it.
fn spells(cells: &[Cell], at: usize, word: &str) -> Option<usize> {
    let mut end = at;
    for ch in word.chars() {
        if cells.get(end)?.ch != ch {
            return None;
        }
        end += 1;
    }
    Some(end)
}

/// Titles written before a name (« M. Dupont », « Mme Durand »).
/// Longest first where one begins another.
const TITLES: &[&str] = &[
    "MM.", "M.", "Mmes", "Mme", "Mlles", "Mlle", "Mgr", "Dr", "Pr", "Me",
];

/// A title and the name after it, and « n° » and its number, never part:
/// the space between them becomes a no-break space.
fn titles(cells: &mut [Cell]) {
    for i in 0..cells.len() {
        let starts_word = i
            .checked_sub(1)
            .is_none_or(|p| !(cells[p].ch.is_alphanumeric() || cells[p].ch == '.'));
        if !starts_word {
            continue;
        }
        let space_then = |at: usize, next: fn(char) -> bool| {
            cells.get(at).is_some_and(|c| c.ch == ' ')
                && cells.get(at + 1).is_some_and(|c| next(c.ch))
        };
        if let Some(at) = TITLES.iter().find_map(|title| spells(cells, i, title)) {
            if space_then(at, char::is_uppercase) {
                cells[at].ch = NBSP;
            }
        } else if let Some(at) = ["n°", "N°"].iter().find_map(|sign| spells(cells, i, sign))
            && space_then(at, |c| c.is_ascii_digit())
        {
            cells[at].ch = NBSP;
        }
    }
}

/// The number of ASCII digits from `start` on.
fn digits_from(cells: &[Cell], start: usize) -> usize {
    cells[start.min(cells.len())..]
        .iter()
        .take_while(|c| c.ch.is_ascii_digit())
        .count()
}

/// Byte offsets, in `text`, of the sentences that start with « A » and a
/// capitalised word (« A Harnes »): most likely a missing « À ».
pub fn capital_a_without_accent(text: &str) -> Vec<usize> {
    // Only an `A` can be a finding: each is judged by what surrounds it
    // instead of following the sentences through every character.
    text.match_indices('A')
        .map(|(offset, _)| offset)
        .filter(|&offset| {
            let before = &text[..offset];
            let after_space = before.chars().next_back().is_none_or(char::is_whitespace);
            // A sentence starts after its end's punctuation, or with a
            // paragraph (a blank line); a single line break is a space.
            let sentence = before.trim_end_matches(char::is_whitespace);
            let paragraph_start = before[sentence.len()..].matches('\n').count() >= 2;
            let sentence_start = paragraph_start
                || sentence
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, '.' | '!' | '?' | '…'));
            let mut after = text[offset + 1..].chars();
            after_space
                && sentence_start
                && after.next().is_some_and(|c| c == ' ' || c == NBSP)
                && after.next().is_some_and(char::is_uppercase)
        })
        .collect()
}
