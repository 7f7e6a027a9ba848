//! French alphabetical order, for the index by commune: « Étaples » sorts
//! with the E, « Œuf » with the O, whatever the case.

use std::cmp::Ordering;

use crate::load::invisible;

/// The key a name sorts by: its letters without accents and in lowercase
/// (`Étaples` → `etaples`, `Œ` → `oe`), then the name in lowercase, then
/// as written, so that names equal once folded still have one order.
pub fn french_key(name: &str) -> (String, String, String) {
    let lower = name.to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    // Invisible characters (a soft hyphen, a zero-width space) and the
    // combining accents of a decomposed letter (`E` + U+0301) do not make
    // another name: « Har\u{ad}nes » is Harnes, « E\u{301}taples » Étaples.
    let seen = lower
        .chars()
        .filter(|&c| invisible(c).is_none() && !('\u{300}'..='\u{36f}').contains(&c));
    for c in seen {
        match fold(c) {
            Folded::One(c) => folded.push(c),
            Folded::Two(pair) => folded.push_str(pair),
        }
    }
    (folded, lower, name.to_owned())
}

/// Compares two names in French alphabetical order ([`french_key`]).
pub fn french_order(a: &str, b: &str) -> Ordering {
    french_key(a).cmp(&french_key(b))
}

enum Folded {
    One(char),
    Two(&'static str),
}

/// A lowercase letter without its accent, or a ligature as its two letters.
fn fold(c: char) -> Folded {
    Folded::One(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => return Folded::Two("oe"),
        'æ' => return Folded::Two("ae"),
        'ß' => return Folded::Two("ss"),
        // Typographic apostrophe as the straight one: « L’Abbaye » and
        // « L'Abbaye » sort together.
        '’' => '\'',
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_do_not_move_a_name() {
        let mut names = vec![
            "Frévent",
            "Étaples",
            "Arras",
            "Œuilly",
            "eperlecques",
            "Harnes",
            "Oye-Plage",
            "Ecques",
            "Évin-Malmaison",
            "Liévin",
        ];
        names.sort_by(|a, b| french_order(a, b));
        assert_eq!(
            names,
            [
                "Arras",
                "Ecques",
                "eperlecques",
                "Étaples",
                "Évin-Malmaison",
                "Frévent",
                "Harnes",
                "Liévin",
                "Œuilly",
                "Oye-Plage",
            ]
        );
    }

    #[test]
    fn invisible_characters_and_decomposed_accents_make_no_other_name() {
        let key = |name: &str| french_key(name).0;
        assert_eq!(key("Har\u{ad}nes"), key("Harnes"));
        assert_eq!(key("Har\u{200b}nes"), key("Harnes"));
        assert_eq!(key("E\u{301}taples"), key("Étaples"));
    }

    #[test]
    fn names_equal_once_folded_keep_one_order() {
        let mut names = vec!["Étaples", "etaples", "Etaples"];
        names.sort_by(|a, b| french_order(a, b));
        assert_eq!(names, ["Etaples", "etaples", "Étaples"]);
    }
}
