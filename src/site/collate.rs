//! French alphabetical order, for the index by commune: « Étaples » sorts
//! with the E, « Œuf » with the O, whatever the case.

use std::cmp::Ordering;

/// The key a name sorts by: its letters without accents and in lowercase
/// (`Étaples` → `etaples`, `Œ` → `oe`), then the name in lowercase, then
/// as written, so that names equal once folded still have one order.
pub fn french_key(name: &str) -> (String, String, String) {
    let lower = name.to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    for c in lower.chars() {
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
    fn names_equal_once_folded_keep_one_order() {
        let mut names = vec!["Étaples", "etaples", "Etaples"];
        names.sort_by(|a, b| french_order(a, b));
        assert_eq!(names, ["Etaples", "etaples", "Étaples"]);
    }
}
