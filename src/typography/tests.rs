//! The rules of `docs/issue-file.md#typography` as a table of input →
//! output, one line per case.

use super::french::capital_a_without_accent;
use super::french_text;

const CASES: &[(&str, &str)] = &[
    // Apostrophes between letters.
    ("l'entreprise", "l’entreprise"),
    ("aujourd'hui", "aujourd’hui"),
    ("l'AFNOR", "l’AFNOR"),
    ("d'Opale et l'EHPAD", "d’Opale et l’EHPAD"),
    ("l’entreprise", "l’entreprise"),
    ("'tiens'", "'tiens'"),
    ("les années '90", "les années '90"),
    // Straight double quotes → guillemets with U+202F inside.
    ("\"un coup de pouce\"", "«\u{202f}un coup de pouce\u{202f}»"),
    (
        "l'association \"Avenir des cités\", qui",
        "l’association «\u{202f}Avenir des cités\u{202f}», qui",
    ),
    (
        "« le Pas-de-Calais solidaire »",
        "«\u{202f}le Pas-de-Calais solidaire\u{202f}»",
    ),
    ("«le Pas-de-Calais»", "«\u{202f}le Pas-de-Calais\u{202f}»"),
    ("«\u{a0}mot\u{a0}»", "«\u{202f}mot\u{202f}»"),
    (
        "« il dit \"oui\" hier »",
        "«\u{202f}il dit “oui” hier\u{202f}»",
    ),
    (
        "\"il dit \"oui\" hier\"",
        "«\u{202f}il dit “oui” hier\u{202f}»",
    ),
    ("un écran de 12\" seulement", "un écran de 12\" seulement"),
    // Colon: U+00A0; semicolon, exclamation and question marks: U+202F.
    (
        "Covid-19 : le Pas-de-Calais",
        "Covid-19\u{a0}: le Pas-de-Calais",
    ),
    (
        "Covid-19: le Pas-de-Calais",
        "Covid-19\u{a0}: le Pas-de-Calais",
    ),
    ("Covid-19\u{a0}: le", "Covid-19\u{a0}: le"),
    ("Covid-19\u{202f}: le", "Covid-19\u{a0}: le"),
    (
        "rendez-vous sur le site :",
        "rendez-vous sur le site\u{a0}:",
    ),
    (
        "vraiment ? oui ! bon ; fin",
        "vraiment\u{202f}? oui\u{202f}! bon\u{202f}; fin",
    ),
    (
        "vraiment? oui! bon; fin",
        "vraiment\u{202f}? oui\u{202f}! bon\u{202f}; fin",
    ),
    ("quoi ?!", "quoi\u{202f}?!"),
    ("« Pourquoi ? »", "«\u{202f}Pourquoi\u{202f}?\u{202f}»"),
    // Times, URLs written as text, references: no space added.
    ("à 14:30 précises", "à 14:30 précises"),
    ("de 9:00 à 12:00", "de 9:00 à 12:00"),
    ("http://", "http://"),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("page?id=3", "page?id=3"),
    ("&amp; et &lt; puis &#38;", "&amp; et &lt; puis &#38;"),
    ("n°2", "n°2"),
    // Digit groups of quantities, kept with their word.
    ("50 000 litres", "50\u{202f}000\u{a0}litres"),
    ("1 000 masques", "1\u{202f}000\u{a0}masques"),
    ("12 850 repas", "12\u{202f}850\u{a0}repas"),
    ("1 000 000 d'euros", "1\u{202f}000\u{202f}000\u{a0}d’euros"),
    ("50\u{202f}000\u{a0}litres", "50\u{202f}000\u{a0}litres"),
    ("60 exemplaires", "60\u{a0}exemplaires"),
    ("200 parts de pizzas", "200\u{a0}parts de pizzas"),
    ("en 2020 les dons", "en 2020\u{a0}les dons"),
    ("1500 masques", "1500\u{a0}masques"),
    ("en 2020 2 000 dons", "en 2020 2\u{202f}000\u{a0}dons"),
    // A phone number is never cut; a run of other numbers is left alone.
    (
        "au 03 21 21 20 00 du lundi",
        "au 03\u{a0}21\u{a0}21\u{a0}20\u{a0}00 du lundi",
    ),
    ("les 12 34 56 gagnants", "les 12 34 56 gagnants"),
    // Units and symbols stay with their number.
    ("87 % des familles", "87\u{202f}% des familles"),
    ("2,50 € l'unité", "2,50\u{a0}€ l’unité"),
    ("25 000 € investis", "25\u{202f}000\u{a0}€ investis"),
    ("il fait 20 °C", "il fait 20\u{a0}°C"),
    ("de 14 h 30 à 17 h", "de 14\u{a0}h\u{a0}30 à 17\u{a0}h"),
    ("le 1er mai", "le 1er\u{a0}mai"),
    ("la 2e édition", "la 2e\u{a0}édition"),
    // Titles and « n° » stay with what follows.
    ("M. Dupont explique", "M.\u{a0}Dupont explique"),
    ("MM. Dupont et Durand", "MM.\u{a0}Dupont et Durand"),
    (
        "Mme Durand et Mmes Roux",
        "Mme\u{a0}Durand et Mmes\u{a0}Roux",
    ),
    ("le Dr Martin", "le Dr\u{a0}Martin"),
    ("le n° 5 et le N° 12", "le n°\u{a0}5\u{a0}et le N°\u{a0}12"),
    ("Mers-les-Bains, Drocourt", "Mers-les-Bains, Drocourt"),
    ("AM. Dupont", "AM. Dupont"),
    ("62000 Arras", "62000 Arras"),
    ("1,5 million", "1,5\u{a0}million"),
    ("les 1000 premiers", "les 1000\u{a0}premiers"),
    ("la CRS 9 de Rennes", "la CRS 9\u{a0}de Rennes"),
    ("le Covid-19 qui suppose", "le Covid-19 qui suppose"),
    // Ellipsis.
    ("tablettes...)", "tablettes…)"),
    ("et...", "et…"),
    ("tablettes…", "tablettes…"),
    ("point....", "point...."),
    // Nothing to do.
    ("", ""),
    ("Pas-de-Calais", "Pas-de-Calais"),
];

#[test]
fn every_case_of_the_table() {
    let mut failures = Vec::new();
    for (input, expected) in CASES {
        let output = french_text(input);
        if output != *expected {
            failures.push(format!(
                "{input:?}\n   gave {output:?}\n   want {expected:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(CASES.len() >= 40);
}

/// Paragraphs with addresses, which the loader turns into links: the rules
/// apply around them, never inside.
const WITH_ADDRESSES: &[(&str, &str)] = &[
    (
        "Voir https://x.fr/a?b=1&c=2 : merci",
        "Voir https://x.fr/a?b=1&c=2\u{a0}: merci",
    ),
    (
        "Voir https://x.fr/l'été?x=1;y=2!",
        "Voir https://x.fr/l'été?x=1;y=2\u{202f}!",
    ),
    (
        "Écrire à jean.dupont@exemple.fr ; merci",
        "Écrire à jean.dupont@exemple.fr\u{202f}; merci",
    ),
    (
        "le site www.x.fr:8080/10:30/n°2 !",
        "le site www.x.fr:8080/10:30/n°2\u{202f}!",
    ),
    ("\"www.x.fr/a...b\"", "«\u{202f}www.x.fr/a...b\u{202f}»"),
    (
        "https://x.fr/50 000 litres",
        "https://x.fr/50 000\u{a0}litres",
    ),
];

#[test]
fn addresses_are_never_touched() {
    for (input, expected) in WITH_ADDRESSES {
        let mut paragraph = crate::load::inline::parse_inline(input);
        super::french_paragraph(&mut paragraph);
        assert_eq!(paragraph.plain_text(), *expected, "{input:?}");
    }
}

#[test]
fn the_rules_are_idempotent_on_the_table() {
    for (_, expected) in CASES {
        assert_eq!(french_text(expected), *expected, "{expected:?}");
    }
}

#[test]
fn capital_a_at_sentence_start_is_found() {
    assert_eq!(capital_a_without_accent("A Harnes, l’entreprise"), [0]);
    assert_eq!(capital_a_without_accent("Fin. A Liévin, oui"), [5]);
    // A paragraph of its own, after a blank line (with or without spaces
    // on it), but not a line break inside a sentence.
    assert_eq!(capital_a_without_accent("Un.\n\nA Harnes, oui"), [5]);
    assert_eq!(capital_a_without_accent("Un\n  \n A Harnes, oui"), [7]);
    assert_eq!(
        capital_a_without_accent("le plan\nA Harnes"),
        Vec::<usize>::new()
    );
    assert_eq!(
        capital_a_without_accent("A ce jour, non"),
        Vec::<usize>::new()
    );
    assert_eq!(
        capital_a_without_accent("Voir le plan A Harnes"),
        Vec::<usize>::new()
    );
    assert_eq!(capital_a_without_accent("À Harnes"), Vec::<usize>::new());
}

mod properties {
    use proptest::prelude::*;

    use super::super::{french_paragraph, french_text};
    use crate::load::inline::parse_inline;

    /// Addresses, each written between spaces as a writer would.
    const ADDRESSES: [&str; 4] = [
        "https://x.fr/a:b?c=1&d='2'",
        "www.exemple.fr/l'été/x",
        "jean.dupont@exemple.fr",
        "http://y.fr/10:30;a!b?c=d",
    ];

    /// Words, numbers, punctuation, quotes, spaces of all kinds, times and
    /// addresses, in any order.
    fn prose() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Zéàç]{1,8}",
            "[0-9]{1,4}",
            Just(" ".to_owned()),
            Just(" ".to_owned()),
            Just("\u{a0}".to_owned()),
            Just("\u{202f}".to_owned()),
            "[:;!?.,'\"«»…*()-]",
            Just("14:30".to_owned()),
            prop::sample::select(ADDRESSES.to_vec()).prop_map(|a| format!(" {a} ")),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn applying_twice_is_applying_once(text in prose()) {
            let once = french_text(&text);
            prop_assert_eq!(french_text(&once), once);
        }

        #[test]
        fn paragraphs_are_idempotent_and_never_change_an_address(text in prose()) {
            let mut paragraph = parse_inline(&text);
            french_paragraph(&mut paragraph);
            let plain = paragraph.plain_text();
            for address in ADDRESSES.iter().filter(|a| text.contains(*a)) {
                prop_assert!(plain.contains(address), "{address} changed in {plain:?}");
            }
            let once = paragraph.clone();
            french_paragraph(&mut paragraph);
            prop_assert_eq!(paragraph, once);
        }
    }
}

#[test]
fn regression_a_title_cut_by_a_change_of_style_is_still_tied() {
    // No single run shows « Dr » or « Mme »: the fast path skipped them.
    for (text, tied) in [
        ("le *D*r Martin", "Dr\u{a0}Martin"),
        ("la **Mm**e Durand", "Mme\u{a0}Durand"),
        ("le D*r* Martin", "Dr\u{a0}Martin"),
    ] {
        let mut paragraph = crate::load::inline::parse_inline(text);
        super::french_paragraph(&mut paragraph);
        let joined = paragraph.plain_text();
        assert!(joined.contains(tied), "{text:?} gave {joined:?}");
    }
}
