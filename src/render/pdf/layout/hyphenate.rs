//! Where a French word may be hyphenated at a line end.
//!
//! The points come from the French TeX patterns compiled into `hypher`, with
//! at least two letters before a break and three after. A hashtag, like an
//! address, is never hyphenated.
//! Only runs of letters are hyphenated, so a break never falls next to an
//! existing hyphen (« hydro-alcoolique » may become « hydro-alcoo- / lique »,
//! never « hydro- / alcoolique », which `pdftotext` would give back as
//! « hydroalcoolique »), nor next to an apostrophe, a digit or a no-break
//! space. Words with a capital are left whole: proper names (« Mazingarbe »)
//! and acronyms (« EHPAD ») are not hyphenated in French typesetting.

use std::cell::RefCell;
use std::collections::HashMap;

use hypher::{Lang, hyphenate_bounded};

/// Byte offsets in `text` where a line may break with an added hyphen, in
/// increasing order.
pub fn hyphenation_points(text: &str) -> Vec<usize> {
    let mut points = Vec::new();
    // An address written in the text is cut, if it must be, at its slashes
    // and dots, never hyphenated: a hyphen would change it. A hashtag is a
    // name, whole too.
    if text.contains(['/', '@', '#']) || text.contains("www.") {
        return points;
    }
    let mut start = None;
    let ends = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    for (index, character) in ends {
        if character.is_alphabetic() {
            start.get_or_insert(index);
        } else if let Some(from) = start.take() {
            word_points(&text[from..index], from, &mut points);
        }
    }
    points
}

fn word_points(word: &str, offset: usize, points: &mut Vec<usize>) {
    // At least two letters before a break and three after, as French
    // typesetting wants (babel-french; hypher's own French bounds allow two
    // after, « se-/ra »): a word under five letters has no point, and is the
    // commonest kind (« de », « les », « pour »).
    if word.chars().nth(4).is_none() || word.chars().any(char::is_uppercase) {
        return;
    }
    // The patterns cost a few thousand instructions a word, and a long
    // issue says « solidarité » a hundred times: each word's points are
    // kept, for this thread, once found.
    thread_local! {
        static KNOWN: RefCell<HashMap<String, Vec<usize>>> = RefCell::new(HashMap::new());
    }
    KNOWN.with_borrow_mut(|known| {
        let within = known.entry(word.to_owned()).or_insert_with(|| {
            let mut position = 0;
            hyphenate_bounded(word, Lang::French, 2, 3)
                .filter_map(|syllable| {
                    position += syllable.len();
                    (position < word.len()).then_some(position)
                })
                .collect()
        });
        points.extend(within.iter().map(|point| offset + point));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for point in hyphenation_points(text) {
            out.push_str(&text[last..point]);
            out.push('|');
            last = point;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn french_words_break_between_syllables() {
        assert_eq!(split("solidarité"), "so|li|da|rité");
        assert_eq!(split("confinement"), "confi|ne|ment");
    }

    #[test]
    fn never_next_to_a_hyphen_an_apostrophe_or_a_no_break_space() {
        let text = split("hydro-alcoolique");
        assert!(!text.contains("-|") && !text.contains("|-"), "{text}");
        let text = split("l’entreprise");
        assert!(text.starts_with("l’en"), "{text}");
        let text = split("1\u{202f}000\u{a0}masques");
        assert!(
            !text.contains("\u{a0}|") && !text.contains("|\u{a0}"),
            "{text}"
        );
    }

    #[test]
    fn addresses_are_not_hyphenated() {
        assert_eq!(
            split("https://www.facebook.com/entraide"),
            "https://www.facebook.com/entraide"
        );
        assert_eq!(split("www.secondedepart.fr"), "www.secondedepart.fr");
        assert_eq!(split("#solidarité62"), "#solidarité62");
    }

    #[test]
    fn three_letters_at_least_after_a_break() {
        // hypher's own French bounds would give « solida|ri|té » a break
        // before the last two letters; French typesetting wants three.
        for word in [
            "solidarité",
            "sera",
            "semaines",
            "mairies",
            "monoparentales",
        ] {
            let text = split(word);
            let last = text.rsplit('|').next().unwrap();
            assert!(!text.contains('|') || last.chars().count() >= 3, "{text}");
        }
    }

    #[test]
    fn names_and_acronyms_stay_whole() {
        assert_eq!(split("Mazingarbe"), "Mazingarbe");
        assert_eq!(split("EHPAD"), "EHPAD");
    }
}
