//! One test per kind of problem `docs/issue-file.md#errors-and-warnings`
//! lists: the message and where it points (line:column), and that every
//! problem of a file comes at once.

use chrono::NaiveDate;

use super::*;
use crate::diagnostic::Severity;

const SERIES: &str = "title = \"Covid-19 : le Pas-de-Calais solidaire\"\nplace = \"Arras\"\n";

const VALID: &str = r#"number = 3
date = 2020-04-15
preamble = "Texte."

[[sections]]
title = "Solidaires"
intro = "Intro."

[closing]
text = "Merci."
"#;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 4, 20).unwrap()
}

fn run(issue: &str, series: Option<&str>) -> Result<Loaded, Vec<FileDiagnostics>> {
    validate(
        SourceFile::new("releases/n3.toml", issue),
        series.map(|text| SourceFile::new("releases/series.toml", text)),
        today(),
    )
}

/// `(severity, message, line, column)` of every diagnostic of the issue
/// file, in order.
fn problems(issue: &str) -> Vec<(Severity, String, usize, usize)> {
    let files = match run(issue, Some(SERIES)) {
        Ok(loaded) => loaded.warnings,
        Err(files) => files,
    };
    files
        .iter()
        .filter(|file| file.source.path.ends_with("n3.toml"))
        .flat_map(|file| {
            file.diagnostics.iter().map(|d| {
                let (line, column) = file
                    .source
                    .line_column(d.span.clone().unwrap_or(0..0).start);
                (d.severity, d.message.clone(), line, column)
            })
        })
        .collect()
}

fn error(message: &str, line: usize, column: usize) -> (Severity, String, usize, usize) {
    (Severity::Error, message.to_owned(), line, column)
}

fn warning(message: &str, line: usize, column: usize) -> (Severity, String, usize, usize) {
    (Severity::Warning, message.to_owned(), line, column)
}

#[test]
fn a_valid_issue_loads_merged_over_its_series() {
    let loaded = run(VALID, Some(SERIES)).unwrap();
    let release = loaded.release;
    assert_eq!(release.number, 3);
    assert_eq!(release.title, "Covid-19\u{a0}: le Pas-de-Calais solidaire");
    assert_eq!(release.place, "Arras");
    assert_eq!(release.sections.len(), 1);
    assert!(loaded.warnings.is_empty());
}

#[test]
fn an_issue_overrides_its_series() {
    let issue = format!("place = \"Calais\"\n{VALID}");
    assert_eq!(run(&issue, Some(SERIES)).unwrap().release.place, "Calais");
}

#[test]
fn toml_syntax_error() {
    let issue = VALID.replace("date = 2020-04-15", "date = ");
    assert_eq!(problems(&issue), [error("`date` has no value", 2, 6)]);
}

#[test]
fn missing_required_key() {
    let issue = VALID.replace("number = 3\n", "");
    assert_eq!(
        problems(&issue),
        [error("missing required key `number`", 1, 1)]
    );
}

#[test]
fn missing_key_in_a_table_points_at_its_header() {
    let issue = VALID.replace("text = \"Merci.\"\n", "call_to_action = \"Venez\"\n");
    assert_eq!(
        problems(&issue),
        [error("missing required key `closing.text`", 9, 1)]
    );
}

#[test]
fn missing_title_in_issue_and_series() {
    let found = run(VALID, Some("place = \"Arras\"\n")).unwrap_err();
    let messages: Vec<&str> = found
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(|d| d.message.as_str()))
        .collect();
    assert_eq!(messages, ["missing required key `title`"]);
}

#[test]
fn wrong_type() {
    let issue = VALID.replace("number = 3", "number = \"3\"");
    assert_eq!(
        problems(&issue),
        [error(
            "wrong type for `number`: expected an integer, found a string",
            1,
            10
        )]
    );
}

#[test]
fn wrong_type_for_a_date() {
    let issue = VALID.replace("date = 2020-04-15", "date = \"2020-04-15\"");
    assert_eq!(
        problems(&issue),
        [error(
            "wrong type for `date`: expected a date such as 2020-04-08, found a string",
            2,
            8
        )]
    );
}

#[test]
fn a_date_with_a_time_is_refused() {
    let issue = VALID.replace("date = 2020-04-15", "date = 2020-04-15T10:00:00");
    assert_eq!(
        problems(&issue),
        [error("`date` must be a date alone, without a time", 2, 8)]
    );
    let issue = VALID.replace("date = 2020-04-15", "date = 10:00:00");
    assert_eq!(
        problems(&issue),
        [error("`date` is a time of day, not a date", 2, 8)]
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let issue = VALID.replace("intro = ", "intor = ");
    let files = run(&issue, Some(SERIES)).unwrap_err();
    let diagnostic = &files[0].diagnostics[0];
    assert_eq!(
        diagnostic.message,
        "unknown key `sections[1].intor`, did you mean `intro`?"
    );
    assert_eq!(diagnostic.help, None);
    assert_eq!(
        files[0]
            .source
            .line_column(diagnostic.span.clone().unwrap().start),
        (7, 1)
    );
}

#[test]
fn unknown_key_without_a_close_one_lists_the_known_ones() {
    let issue = format!("colour = \"bleu\"\n{VALID}");
    let files = run(&issue, Some(SERIES)).unwrap_err();
    let help = files[0].diagnostics[0].help.clone().unwrap();
    assert!(
        help.starts_with("expected one of `number`, `date`"),
        "{help}"
    );
}

#[test]
fn number_below_one() {
    let issue = VALID.replace("number = 3", "number = 0");
    assert_eq!(
        problems(&issue),
        [error("`number` must be 1 or more", 1, 10)]
    );
    let issue = VALID.replace("number = 3", "number = -4");
    assert_eq!(
        problems(&issue),
        [error("`number` must be 1 or more", 1, 10)]
    );
}

#[test]
fn impossible_date() {
    let issue = VALID.replace("2020-04-15", "2020-02-30");
    assert_eq!(
        problems(&issue),
        [error("invalid date: February 2020 has 29 days", 2, 8)]
    );
}

#[test]
fn empty_texts() {
    let issue = VALID
        .replace("preamble = \"Texte.\"", "preamble = \"\"\"\n  \n\"\"\"")
        .replace("title = \"Solidaires\"", "title = \"\"")
        .replace("text = \"Merci.\"", "text = \" \"");
    assert_eq!(
        problems(&issue),
        [
            error("empty `preamble`", 3, 12),
            error("empty `sections[1].title`", 8, 9),
            error("empty `closing.text`", 12, 8),
        ]
    );
}

#[test]
fn empty_title_in_series_is_reported_there() {
    let files = run(VALID, Some("title = \"\"\nplace = \"Arras\"\n")).unwrap_err();
    assert!(files[0].source.path.ends_with("series.toml"));
    assert_eq!(files[0].diagnostics[0].message, "empty `title`");
}

#[test]
fn section_without_intro_or_initiatives() {
    let issue = VALID.replace("intro = \"Intro.\"\n", "");
    assert_eq!(
        problems(&issue),
        [error(
            "`sections[1]` has neither `intro` nor `initiatives`",
            5,
            1
        )]
    );
}

#[test]
fn links_that_are_not_email_or_http() {
    let issue = format!(
        "{VALID}\n[[sections]]\ntitle = \"B\"\n[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"javascript:alert(1)\", \"data:text/html,x\", \"file:///etc\", \"bonjour\"]\n"
    );
    let scheme = |s: &str| {
        format!(
            "invalid link: the scheme `{s}:` is not allowed: only `http`, `https` and e-mail addresses"
        )
    };
    assert_eq!(
        problems(&issue),
        [
            error(&scheme("javascript"), 16, 10),
            error(&scheme("data"), 16, 33),
            error(&scheme("file"), 16, 53),
            error(
                "invalid link: neither an e-mail address nor an http(s) URL",
                16,
                68
            ),
        ]
    );
}

#[test]
fn closing_url_is_a_link_too() {
    let issue = VALID.replace(
        "text = \"Merci.\"",
        "text = \"Merci.\"\nurl = \"javascript:void(0)\"",
    );
    assert_eq!(problems(&issue).len(), 1);
    assert_eq!(problems(&issue)[0].2, 11);
}

#[test]
fn every_error_of_a_file_at_once() {
    let issue = VALID
        .replace("number = 3", "number = 0")
        .replace("2020-04-15", "2020-02-30")
        .replace("intro = ", "intor = ");
    let found = problems(&issue);
    let messages: Vec<&str> = found.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`number` must be 1 or more",
            "invalid date: February 2020 has 29 days",
            // Not also « has neither `intro` nor `initiatives` »: it has
            // one, misspelled.
            "unknown key `sections[1].intor`, did you mean `intro`?",
        ]
    );
}

#[test]
fn a_far_date_is_a_warning() {
    let issue = VALID.replace("2020-04-15", "2022-04-15");
    let loaded = run(&issue, Some(SERIES)).unwrap();
    assert_eq!(loaded.release.number, 3);
    assert_eq!(
        problems(&issue),
        [warning(
            "the date 2022-04-15 is more than a year away from today (2020-04-20)",
            2,
            8
        )]
    );
}

#[test]
fn a_duplicated_link_is_a_warning() {
    let issue = format!(
        "{VALID}\n[[sections]]\ntitle = \"B\"\n[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"www.a.fr\", \"https://www.a.fr\"]\n"
    );
    assert_eq!(
        problems(&issue),
        [warning("duplicated link `https://www.a.fr`", 16, 22)]
    );
}

#[test]
fn each_repetition_of_a_link_is_a_warning_and_the_first_is_not() {
    let issue = format!(
        "{VALID}\n[[sections]]\ntitle = \"B\"\n[[sections.initiatives]]\ntext = \"x\"\n\
         links = [\"www.b.fr\", \"www.a.fr\", \"www.b.fr\", \"https://www.a.fr\", \"www.b.fr\"]\n"
    );
    assert_eq!(
        problems(&issue),
        [
            warning("duplicated link `www.b.fr`", 16, 34),
            warning("duplicated link `https://www.a.fr`", 16, 46),
            warning("duplicated link `www.b.fr`", 16, 66),
        ]
    );
}

#[test]
fn more_links_than_the_limit_is_an_error_at_the_text_that_passes_it() {
    // MAX_LINKS - 1 addresses in the preamble, one in a `links` list, then
    // the one too many in the closing text.
    let addresses = (0..MAX_LINKS - 1)
        .map(|i| format!("www.a{i}.fr"))
        .collect::<Vec<_>>()
        .join(" ");
    let issue = format!(
        "number = 3\ndate = 2020-04-15\npreamble = \"{addresses}\"\n\
         [[sections]]\ntitle = \"A\"\n[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"www.b.fr\"]\n\
         [closing]\ntext = \"Voir www.c.fr.\"\n"
    );
    assert_eq!(
        problems(&issue),
        [error(
            &format!("too many links: more than {MAX_LINKS} in one issue"),
            10,
            8
        )]
    );
    let fewer = issue.replace("Voir www.c.fr.", "Merci.");
    assert_eq!(problems(&fewer), []);
}

#[test]
fn more_emphasis_than_the_limit_is_an_error_at_the_text_that_passes_it() {
    let passages = "**a** b ".repeat(MAX_EMPHASIS);
    let issue = format!(
        "number = 3\ndate = 2020-04-15\npreamble = \"{passages}\"\n\
         [[sections]]\ntitle = \"A\"\nintro = \"x\"\n\
         [closing]\ntext = \"*Merci*.\"\n"
    );
    assert_eq!(
        problems(&issue),
        [error(
            &format!(
                "too much emphasis: more than {MAX_EMPHASIS} passages in bold or italic in one issue"
            ),
            8,
            8
        )]
    );
    let fewer = issue.replace("*Merci*.", "Merci.");
    assert_eq!(problems(&fewer), []);
}

#[test]
fn a_longer_address_than_the_limit_is_an_error_at_its_text() {
    let longest = format!("https://x.fr/{}", "a".repeat(MAX_ADDRESS - 13));
    let issue = format!(
        "number = 3\ndate = 2020-04-15\npreamble = \"Voir {longest}\"\n\
         [[sections]]\ntitle = \"A\"\nintro = \"x\"\n\
         [closing]\ntext = \"Merci\"\nurl = \"{longest}a\"\n"
    );
    assert_eq!(
        problems(&issue),
        [error(
            &format!("too long an address: more than {MAX_ADDRESS} bytes"),
            9,
            7
        )]
    );
    let fewer = issue.replace(&format!("{longest}a"), &longest);
    assert_eq!(problems(&fewer), []);
}

#[test]
fn more_address_bytes_than_the_limit_is_an_error_at_the_text_that_passes_it() {
    // Addresses of 8 KB, as many as make half the limit, twice.
    let address = format!("https://x.fr/{}", "a".repeat(8 * 1024 - 13));
    let half = vec![address; MAX_ADDRESS_BYTES / 2 / (8 * 1024)].join(" ");
    let issue = format!(
        "number = 3\ndate = 2020-04-15\npreamble = \"Voir {half}\"\n\
         [[sections]]\ntitle = \"A\"\nintro = \"x\"\n\
         [closing]\ntext = \"Merci {half}\"\nurl = \"https://x.fr/\"\n"
    );
    assert_eq!(
        problems(&issue),
        [error(
            &format!(
                "too long addresses: more than {MAX_ADDRESS_BYTES} bytes of addresses in one issue"
            ),
            9,
            7
        )]
    );
    let fewer = issue.replace("url = \"https://x.fr/\"\n", "");
    assert_eq!(problems(&fewer), []);
}

#[test]
fn the_bundled_n2_is_valid() {
    let root = env!("CARGO_MANIFEST_DIR");
    let loaded = load_release(&Path::new(root).join("releases/n2.toml"), today()).unwrap();
    let release = loaded.release;
    assert_eq!(
        release.full_title(),
        "Covid-19\u{a0}: le Pas-de-Calais solidaire n°2"
    );
    assert_eq!(release.sections.len(), 4);
    let initiatives: usize = release.sections.iter().map(|s| s.initiatives.len()).sum();
    assert_eq!(initiatives, 11);
    // « A Harnes » twice and « A Liévin »: the source's own typos, kept.
    let warnings: Vec<&str> = loaded.warnings[0]
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "`A Harnes` starts a sentence with a capital A without its accent",
            "`A Liévin` starts a sentence with a capital A without its accent",
            "`A Harnes` starts a sentence with a capital A without its accent",
        ]
    );
}

#[test]
fn capital_a_lint_points_at_the_a() {
    let issue = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"\"\"\nBien. A Harnes, oui.\"\"\"",
    );
    assert_eq!(
        problems(&issue),
        [warning(
            "`A Harnes` starts a sentence with a capital A without its accent",
            8,
            7
        )]
    );
}

#[test]
fn typography_is_applied_to_the_release() {
    let issue = VALID.replace(
        "preamble = \"Texte.\"",
        "preamble = \"Il dit : \\\"l'eau\\\"...\"",
    );
    let release = run(&issue, Some(SERIES)).unwrap().release;
    assert_eq!(release.title, "Covid-19\u{a0}: le Pas-de-Calais solidaire");
    assert_eq!(
        release.preamble[0].plain_text(),
        "Il dit\u{a0}: «\u{202f}l’eau\u{202f}»…"
    );
}

#[test]
fn a_series_can_turn_typography_off() {
    let issue = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"A Harnes, l'eau : 50 000 litres\"",
    );
    let series = format!("{SERIES}typography = false\n");
    let loaded = run(&issue, Some(&series)).unwrap();
    assert_eq!(
        loaded.release.title,
        "Covid-19 : le Pas-de-Calais solidaire"
    );
    assert_eq!(
        loaded.release.sections[0].intro[0].plain_text(),
        "A Harnes, l'eau : 50 000 litres"
    );
    assert!(loaded.warnings.is_empty(), "no lint when typography is off");
}

#[test]
fn typography_must_be_a_boolean() {
    let files = run(VALID, Some(&format!("{SERIES}typography = \"non\"\n"))).unwrap_err();
    assert_eq!(
        files[0].diagnostics[0].message,
        "wrong type for `typography`: expected true or false, found a string"
    );
}

#[test]
fn regression_capital_a_before_a_no_break_space_does_not_panic() {
    let issue = VALID.replace("intro = \"Intro.\"", "intro = \"A\u{a0}Harnes, oui.\"");
    assert_eq!(
        problems(&issue),
        [warning(
            "`A Harnes` starts a sentence with a capital A without its accent",
            7,
            10
        )]
    );
}

#[test]
fn control_characters_are_errors_at_their_position() {
    let issue = VALID.replace("intro = \"Intro.\"", "intro = \"Bon\\u0007jour\"");
    assert_eq!(
        problems(&issue),
        [error(
            "the control character U+0007 cannot be printed",
            7,
            13
        )]
    );
    let issue = VALID.replace("intro = \"Intro.\"", "intro = \"Bon\u{2028}jour\"");
    assert_eq!(
        problems(&issue),
        [error("the line separator U+2028 cannot be printed", 7, 13)]
    );
}

#[test]
fn a_character_the_pdf_font_lacks_is_an_error_at_its_position() {
    let issue = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"\"\"\nUn idéogramme : 漢, deux fois : 漢.\"\"\"",
    );
    assert_eq!(
        problems(&issue),
        [error("the PDF font has no glyph for `漢` (U+6F22)", 8, 17)]
    );
}

#[test]
fn invisible_characters_alone_are_empty() {
    // Any of them, alone or together: a soft hyphen drew nothing, and its
    // section had no heading.
    for invisible in ["\u{200b}", "\u{ad}", "\u{ad}\u{2060} \u{200d}", "\u{34f}"] {
        let issue = VALID.replace(
            "title = \"Solidaires\"",
            &format!("title = \"{invisible}\""),
        );
        assert_eq!(
            problems(&issue),
            [error("empty `sections[1].title`", 6, 9)],
            "{invisible:?}"
        );
    }
}

#[test]
fn an_empty_list_of_initiatives_is_no_initiative() {
    let issue = VALID.replace("intro = \"Intro.\"", "initiatives = []");
    assert_eq!(
        problems(&issue),
        [error(
            "`sections[1]` has neither `intro` nor `initiatives`",
            5,
            1
        )]
    );
}

#[test]
fn a_wrong_title_is_not_also_missing() {
    let issue = format!("title = 5\n{VALID}");
    let found = run(&issue, Some("place = \"Arras\"\n")).unwrap_err();
    let messages: Vec<&str> = found
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(|d| d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        ["wrong type for `title`: expected a string, found an integer"]
    );
}

#[test]
fn a_series_with_a_syntax_error_still_gives_its_other_keys() {
    let series = format!("{SERIES}issuer = \"Préfet\n");
    let files = run(VALID, Some(&series)).unwrap_err();
    assert_eq!(files.len(), 1, "only the series file has errors: {files:?}");
    assert!(files[0].source.path.ends_with("series.toml"));
}

#[test]
fn one_line_fields_fold_their_spaces() {
    let issue = format!("place = \"\"\"\nSaint-Omer\n  et\tArques\"\"\"\n{VALID}");
    assert_eq!(
        run(&issue, Some(SERIES)).unwrap().release.place,
        "Saint-Omer et Arques"
    );
}

#[test]
fn header_fields_have_a_maximum_length() {
    let issue = format!("title = \"{}\"\n{VALID}", "Solidaires ".repeat(20));
    assert_eq!(
        problems(&issue),
        [error(
            "`title` is too long: 219 characters, at most 160",
            1,
            9
        )]
    );
}

#[test]
fn bidirectional_controls_are_refused_everywhere() {
    // In a value (written as itself or as an escape), in a link, in a comment.
    let issue = VALID
        .replace("Texte.", "Voir \u{202e}fdp.exe")
        .replace("intro = \"Intro.\"", "intro = \"Intro \\u2067x\"")
        .replace("[closing]", "# commentaire \u{2066}caché\n[closing]");
    assert_eq!(
        problems(&issue),
        [
            error(
                "the bidirectional control U+202E (right-to-left override) is not allowed",
                3,
                18
            ),
            error(
                "the bidirectional control U+2067 (right-to-left isolate) is not allowed",
                7,
                16
            ),
            error(
                "the bidirectional control U+2066 (left-to-right isolate) is not allowed",
                9,
                15
            ),
        ]
    );
    let link = VALID.replace(
        "intro = \"Intro.\"",
        "[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"https://x.fr/\u{202e}fdp.exe\"]",
    );
    let found = problems(&link);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].1,
        "the bidirectional control U+202E (right-to-left override) is not allowed"
    );
}

#[test]
fn an_invisible_character_inside_an_address_is_named() {
    let link = VALID.replace(
        "intro = \"Intro.\"",
        "[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"https://exem\u{200b}ple.fr\"]",
    );
    assert_eq!(
        problems(&link),
        [error(
            "invalid link: the address holds an invisible character, U+200B (zero-width space)",
            9,
            10
        )]
    );
    // In running text: the address would be shown but not linked.
    let text = VALID.replace(
        "Texte.",
        "Écrire à con\u{200b}tact@exemple.fr ou voir www.x\u{ad}.fr.",
    );
    assert_eq!(
        problems(&text),
        [
            error(
                "an invisible character, U+200B (zero-width space), is inside the address `contact@exemple.fr`",
                3,
                25
            ),
            error(
                "an invisible character, U+00AD (soft hyphen), is inside the address `www.x.fr`",
                3,
                55
            ),
        ]
    );
    // After wider spaces (no-break, narrow no-break), still at its place.
    let wide = VALID.replace("Texte.", "Voir\u{a0}:\u{202f}www.x\u{ad}.fr");
    assert_eq!(
        problems(&wide),
        [error(
            "an invisible character, U+00AD (soft hyphen), is inside the address `www.x.fr`",
            3,
            25
        )]
    );
    // Elsewhere in text, a soft hyphen or a zero-width space is a hint for
    // breaking lines, and allowed.
    let hint = VALID.replace("Texte.", "soli\u{ad}da\u{200b}rité");
    assert_eq!(problems(&hint), []);
}

#[test]
fn an_unclosed_construct_is_one_error_where_it_opens() {
    // A string, a multi-line string, an array, a table header: each one
    // error, at its opening, and nothing the parser's recovery invents.
    let cases = [
        (
            VALID.replace("preamble = \"Texte.\"", "preamble = \"Texte."),
            "this string is never closed",
            3,
            12,
        ),
        (
            VALID.replace("preamble = \"Texte.\"", "preamble = \"\"\"Texte."),
            "this multi-line string is never closed",
            3,
            12,
        ),
        (
            VALID.replace(
                "intro = \"Intro.\"",
                "[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"a@b.fr\", \"c@d",
            ),
            "this string is never closed",
            9,
            20,
        ),
        (
            VALID.replace(
                "intro = \"Intro.\"",
                "[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"a@b.fr\", \"c@d.fr\"",
            ),
            "this array is never closed",
            9,
            9,
        ),
        (
            VALID.replace("[closing]", "[closing"),
            "this table header is never closed",
            9,
            1,
        ),
    ];
    for (issue, message, line, column) in cases {
        assert_eq!(problems(&issue), [error(message, line, column)], "{issue}");
    }
}

#[test]
fn control_characters_and_lone_carriage_returns_are_one_error_each() {
    let lone_cr = VALID.replace('\n', "\r");
    let found = problems(&lone_cr);
    assert_eq!(
        found,
        [error(
            "the file ends its lines with a carriage return alone (U+000D) (10 times)",
            1,
            11
        )]
    );
    let nul = VALID
        .replace("2020-04-15", "2020-04-15\0")
        .replace("Texte.", "Te\0x\u{7}te.");
    assert_eq!(
        problems(&nul),
        [
            error(
                "the file holds the control character U+0000 (null) (2 times)",
                2,
                18
            ),
            error("the file holds the control character U+0007 (bell)", 3, 17),
        ]
    );
}

#[test]
fn a_duplicate_names_itself_and_points_at_the_first_definition() {
    let key = VALID.replace("number = 3\n", "number = 3\nnumber = 4\n");
    let files = run(&key, Some(SERIES)).unwrap_err();
    let diagnostic = &files[0].diagnostics[0];
    assert_eq!(diagnostic.message, "duplicate key `number`");
    assert_eq!(
        files[0]
            .source
            .line_column(diagnostic.span.clone().unwrap().start),
        (2, 1)
    );
    let (note, label) = diagnostic.note.clone().unwrap();
    assert_eq!(
        (files[0].source.line_column(note.start), label.as_str()),
        ((1, 1), "first defined here")
    );

    // A table defined twice is one mistake, not one per key it repeats.
    let table = format!("{VALID}[closing]\ntext = \"Encore.\"\n");
    assert_eq!(
        problems(&table),
        [error("duplicate table `[closing]`", 11, 2)]
    );
}

#[test]
fn a_number_out_of_range_says_so() {
    let issue = VALID.replace("number = 3", "number = 9223372036854775808");
    assert_eq!(
        problems(&issue),
        [error("`number` is too large: at most 4294967295", 1, 10)]
    );
    let issue = VALID.replace("number = 3", "number = 4294967296");
    assert_eq!(
        problems(&issue),
        [error("`number` is too large: at most 4294967295", 1, 10)]
    );
    let issue = VALID.replace("number = 3", "number = -9223372036854775809");
    assert_eq!(
        problems(&issue),
        [error("`number` must be 1 or more", 1, 10)]
    );
}

#[test]
fn quoted_values_are_shortened_in_messages() {
    let url = format!("https://www.exemple.fr/{}", "a".repeat(9_000));
    let issue = VALID.replace(
        "intro = \"Intro.\"",
        &format!("[[sections.initiatives]]\ntext = \"x\"\nlinks = [\"{url}\", \"{url}\"]"),
    );
    let found = problems(&issue);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].1,
        format!("duplicated link `{}`", crate::diagnostic::shorten(&url))
    );
    assert!(found[0].1.chars().count() < 100);
}

#[test]
fn the_year_0_is_refused() {
    let issue = VALID.replace("2020-04-15", "0000-01-01");
    assert_eq!(
        problems(&issue),
        [error("invalid date: the year must be 1 or later", 2, 8)]
    );
}

#[test]
fn an_invisible_character_the_font_lacks_is_named_as_invisible() {
    let issue = VALID.replace("Texte.", "Te\u{2060}xte.");
    assert_eq!(
        problems(&issue),
        [error(
            "the invisible character U+2060 (word joiner) cannot be printed",
            3,
            15
        )]
    );
}

#[test]
fn more_sections_or_paragraphs_than_the_limits_is_an_error_where_they_pass() {
    let sections = "[[sections]]\ntitle = \"S\"\nintro = \"i\"\n".repeat(MAX_SECTIONS + 1);
    let issue = format!(
        "number = 3\ndate = 2020-04-15\npreamble = \"p\"\n{sections}[closing]\ntext = \"Merci\"\n"
    );
    let found = problems(&issue);
    assert_eq!(
        found,
        [error(
            &format!("too many sections: more than {MAX_SECTIONS} in one issue"),
            4 + 3 * MAX_SECTIONS,
            1
        )]
    );
    let paragraphs = "p\n\n".repeat(MAX_PARAGRAPHS + 1);
    let issue = VALID.replace(
        "preamble = \"Texte.\"",
        &format!("preamble = \"\"\"{paragraphs}\"\"\""),
    );
    assert_eq!(
        problems(&issue),
        [error(
            &format!("too many paragraphs: more than {MAX_PARAGRAPHS} in one issue"),
            3,
            12
        )]
    );
    let words = "a ".repeat(MAX_WORDS + 1);
    let issue = VALID.replace("preamble = \"Texte.\"", &format!("preamble = \"{words}\""));
    assert_eq!(
        problems(&issue),
        [error(
            &format!("too long: more than {MAX_WORDS} words in one issue"),
            3,
            12
        )]
    );
}

#[test]
fn a_file_of_too_many_values_is_refused_before_parsing() {
    let items = vec!["1"; crate::load::syntax::MAX_VALUES + 1].join(",");
    let issue = format!("{VALID}\nzz = [{items}]\n");
    let found = problems(&issue);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with("the file holds too many values"),
        "{found:?}"
    );
    assert_eq!(found[0].2, 12);
}

#[test]
fn regressions_from_the_adversarial_review_give_one_diagnostic_each() {
    let initiatives = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"Intro.\"\n[[sections.initiatives]]\ntext = \"x\"",
    );
    let cases = [
        // `[[sections]` with one bracket.
        (
            initiatives.replace("[[sections]]", "[[sections]"),
            error("this table header is never closed", 5, 1),
        ),
        // The preamble's closing quotes forgotten: it runs on to the next
        // string's opening ones.
        (
            VALID
                .replace("preamble = \"Texte.\"", "preamble = \"\"\"\nTexte.\n")
                .replace("intro = \"Intro.\"", "intro = \"\"\"\nIntro.\n\"\"\""),
            error(
                "this multi-line string is not closed where its text ends",
                3,
                12,
            ),
        ),
        // A value after a second `=`: the syntax error only.
        (
            VALID.replace("number = 3", "number = = 3"),
            error("invalid TOML: extra `=`, expected nothing", 1, 10),
        ),
    ];
    for (issue, expected) in cases {
        assert_eq!(problems(&issue), [expected], "{issue}");
    }

    // A dotted key and its table: one error, the first definition found.
    let dotted = VALID.replace("number = 3", "number = 3\nclosing.text = \"a\"");
    let files = run(&dotted, Some(SERIES)).unwrap_err();
    assert_eq!(files[0].diagnostics.len(), 1, "{:?}", files[0].diagnostics);
    let diagnostic = &files[0].diagnostics[0];
    assert_eq!(diagnostic.message, "duplicate table `[closing]`");
    let (note, _) = diagnostic.note.clone().unwrap();
    assert_eq!(files[0].source.line_column(note.start), (2, 1));
    // A key, then an array of tables of that name: one error too (fuzzing
    // found it refused with none at all).
    let array = format!("x = 1\n{VALID}[[x]]\ny = 2\n");
    let found = problems(&array);
    assert!(
        found.contains(&error("duplicate table `[x]`", 12, 3)),
        "{found:?}"
    );

    // A key holding an escaped direction control.
    let key = VALID.replace("number = 3", "number = 3\n\"k\\u202E\" = 1");
    assert_eq!(
        problems(&key),
        [error(
            "the key `k` holds the bidirectional control U+202E (right-to-left override)",
            2,
            1
        )]
    );
}

#[test]
fn regressions_from_the_second_review_never_accept_a_duplicate() {
    let initiatives = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"Intro.\"\n[[sections.initiatives]]\ntext = \"Un.\"\n\
         [[sections.initiatives]]\ntext = \"Deux.\"\ntext = \"Deux bis.\"",
    );
    // A key twice in the second table of an array of tables: refused, not
    // one value silently kept.
    let found = problems(&initiatives);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "duplicate key `text`");
    assert_eq!((found[0].2, found[0].3), (12, 1));
    assert!(run(&initiatives, Some(SERIES)).is_err());

    // A line of a multi-line string reading `[contact]` is no header: the
    // key twice in the real `[contact]` is refused, its note at the first.
    let contact = VALID.replace(
        "preamble = \"Texte.\"",
        "preamble = \"\"\"\nVoir la rubrique\n[contact]\nname = plus bas.\"\"\"",
    ) + "[contact]\nname = \"a\"\nname = \"b\"\n";
    let files = run(&contact, Some(SERIES)).unwrap_err();
    let diagnostic = &files[0].diagnostics[0];
    assert_eq!(diagnostic.message, "duplicate key `name`");
    let (note, _) = diagnostic.note.clone().unwrap();
    assert_eq!(files[0].source.line_column(note.start), (15, 1));

    // A string closed on a line of its own text, holding a line that reads
    // as TOML, is not blamed for a later mistake.
    let quoted = VALID.replace(
        "preamble = \"Texte.\"",
        "preamble = \"\"\"\nLe formulaire indique :\nstatut = \"ouvert\"\net rien d'autre.\"\"\"",
    ) + "text = \"Encore.\"\n";
    let found = problems(&quoted);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.starts_with("duplicate key `text`"), "{found:?}");
}

#[test]
fn dotted_keys_and_inline_tables_count_as_values_before_parsing() {
    let dotted = format!(
        "{VALID}{} = 1\n",
        vec!["a"; crate::load::syntax::MAX_VALUES + 1].join(".")
    );
    let found = problems(&dotted);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with("the file holds too many values"),
        "{found:?}"
    );
}

/// An issue shaped like the real ones: multi-line texts, initiatives,
/// links over several lines, two sections.
const RICH: &str = r#"number = 3
date = 2020-04-15
preamble = """
Le chapeau.
"""

[[sections]]
title = "Solidaires"
intro = "Intro."

[[sections.initiatives]]
place = "Harnes"
text = """
Un texte."""
links = [
  "https://example.fr/",
  "contact@example.fr",
]

[[sections]]
title = "Deuxième"

[[sections.initiatives]]
text = "Autre."

[closing]
text = "Merci."
"#;

#[test]
fn a_syntax_error_is_one_error_without_what_its_recovery_invents() {
    assert!(run(RICH, Some(SERIES)).is_ok());
    let first = |from: &str, to: &str| RICH.replacen(from, to, 1);
    let last = |from: &str, to: &str| {
        let at = RICH.rfind(from).unwrap();
        format!("{}{to}{}", &RICH[..at], &RICH[at + from.len()..])
    };
    let cases = [
        (
            first("[[sections]]", "[[sections]"),
            error("this table header is never closed", 7, 1),
        ),
        (
            last("[[sections]]", "[[sections]"),
            error("this table header is never closed", 20, 1),
        ),
        (
            first("[closing]", "[closing"),
            error("this table header is never closed", 26, 1),
        ),
        (
            first("[[sections.initiatives]]", "[[sections.initiatives]"),
            error("this table header is never closed", 11, 1),
        ),
        (
            last("[[sections.initiatives]]", "[[sections.initiatives]"),
            error("this table header is never closed", 23, 1),
        ),
        // One bracket short at the start: a table, then the same name as
        // an array of tables, which is not a second mistake.
        (
            first("[[sections]]", "[sections]]"),
            error(
                "invalid TOML: unexpected key or value, expected newline, `#`",
                7,
                11,
            ),
        ),
        (
            last("[[sections.initiatives]]", "[sections.initiatives]]"),
            error(
                "invalid TOML: unexpected key or value, expected newline, `#`",
                23,
                23,
            ),
        ),
        // A key without a value, whatever follows it.
        (
            first("date = 2020-04-15", "date ="),
            error("`date` has no value", 2, 6),
        ),
        (
            first("preamble = \"\"\"", "preamble ="),
            error("`preamble` has no value", 3, 10),
        ),
        (
            first("links = [", "links ="),
            error("`links` has no value", 15, 7),
        ),
        (
            first("text = \"\"\"", "text = \"\""),
            error(
                "`text` is an empty string, and the lines after it are not TOML",
                13,
                8,
            ),
        ),
        (
            first("title = \"Solidaires\"", "title ="),
            error("`title` has no value", 8, 7),
        ),
        // Unclosed values in a section: not also « has neither `intro`
        // nor `initiatives` ».
        (
            first("title = \"Solidaires\"", "title = [\"Solidaires\""),
            error("this array is never closed", 8, 9),
        ),
        (
            first("title = \"Solidaires\"", "[title = \"Solidaires\""),
            error("this table header is never closed", 8, 1),
        ),
        (
            first("intro = \"Intro.\"", "intro = { text = \"Intro.\""),
            error("this inline table is never closed", 9, 9),
        ),
        (
            first(
                "[closing]\ntext = \"Merci.\"",
                "closing = { text = \"Merci.\"",
            ),
            error("this inline table is never closed", 26, 11),
        ),
        // A stray word in an array: not also a comma missing after it.
        (
            first("links = [", "links = [ x"),
            error(
                "invalid TOML: string values must be quoted, expected literal string",
                15,
                11,
            ),
        ),
    ];
    for (issue, expected) in cases {
        assert_eq!(problems(&issue), [expected], "{issue}");
    }
}

#[test]
fn a_misspelled_required_key_is_one_error() {
    let cases = [
        (
            RICH.replace("[[sections", "[[sectons"),
            error("unknown key `sectons`, did you mean `sections`?", 7, 3),
            Some("`sections` is required"),
        ),
        (
            RICH.replace("text = \"Merci.\"", "txt = \"Merci.\""),
            error("unknown key `closing.txt`, did you mean `text`?", 27, 1),
            Some("`closing.text` is required"),
        ),
        (
            RICH.replace("number = 3", "numbr = 3"),
            error("unknown key `numbr`, did you mean `number`?", 1, 1),
            Some("`number` is required"),
        ),
        (
            RICH.replace("date = ", "dat = "),
            error("unknown key `dat`, did you mean `date`?", 2, 1),
            Some("`date` is required"),
        ),
        (
            RICH.replace("preamble = ", "preambule = "),
            error("unknown key `preambule`, did you mean `preamble`?", 3, 1),
            Some("`preamble` is required"),
        ),
        (
            RICH.replace("text = \"Autre.\"", "txet = \"Autre.\""),
            error(
                "unknown key `sections[2].initiatives[1].txet`, did you mean `text`?",
                24,
                1,
            ),
            Some("`sections[2].initiatives[1].text` is required"),
        ),
        // Not required: « did you mean », and no « has neither `intro`
        // nor `initiatives` ».
        (
            RICH.replace("intro = ", "intor = "),
            error(
                "unknown key `sections[1].intor`, did you mean `intro`?",
                9,
                1,
            ),
            None,
        ),
    ];
    for (issue, expected, help) in cases {
        assert_eq!(problems(&issue), [expected], "{issue}");
        let files = run(&issue, Some(SERIES)).unwrap_err();
        assert_eq!(files[0].diagnostics[0].help.as_deref(), help, "{issue}");
    }

    // Across the merge: `title` is required of the issue when the series
    // does not give it.
    let issue = format!("titel = \"Le titre\"\n{RICH}");
    let files = run(&issue, Some("place = \"Arras\"\n")).unwrap_err();
    let diagnostics = &files[0].diagnostics;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].message,
        "unknown key `titel`, did you mean `title`?"
    );
    assert_eq!(diagnostics[0].help.as_deref(), Some("`title` is required"));
}

#[test]
fn mail_headers_in_the_series_must_be_email_addresses() {
    let series = format!(
        "{SERIES}\n[mail]\nfrom = \"https://prefecture.example/\"\nreply_to = \"presse@prefecture.example\"\nto = [\"redaction@journal.example\", \"www.journal.example\"]\nbcc = [\"javascript:x\"]\n"
    );
    let files = run(VALID, Some(&series)).unwrap_err();
    let series = &files[0];
    assert!(series.source.path.ends_with("series.toml"));
    let found: Vec<(String, (usize, usize))> = series
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.message.clone(),
                series.source.line_column(d.span.clone().unwrap().start),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "invalid link: `mail.from` must be an e-mail address".to_owned(),
                (5, 8)
            ),
            (
                "invalid link: `mail.to` must be an e-mail address".to_owned(),
                (7, 36)
            ),
            (
                "invalid link: the scheme `javascript:` is not allowed: only `http`, `https` and e-mail addresses"
                    .to_owned(),
                (8, 8)
            ),
        ]
    );
}

#[test]
fn valid_mail_headers_are_kept() {
    let series = format!(
        "{SERIES}\n[mail]\nfrom = \"communication@prefecture.example\"\nto = [\"redaction@journal.example\"]\n"
    );
    let series = Series::validate(SourceFile::new("releases/series.toml", series));
    assert!(series.diagnostics.is_none(), "{:?}", series.diagnostics);
    let mail = series.mail().unwrap();
    assert_eq!(
        mail.from.as_ref().unwrap().href,
        "mailto:communication@prefecture.example"
    );
    assert_eq!(mail.to.len(), 1);
    assert!(mail.bcc.is_empty() && mail.reply_to.is_none());
}

/// `releases/n2.toml`, a real issue with arrays of tables, changed by
/// `change`; its errors only (its « A Harnes » are warnings).
fn n2_errors(
    change: impl FnOnce(Vec<&str>) -> Vec<String>,
) -> Vec<(Severity, String, usize, usize)> {
    let n2 = include_str!("../../releases/n2.toml");
    let issue = change(n2.lines().collect()).join("\n") + "\n";
    problems(&issue)
        .into_iter()
        .filter(|(severity, ..)| *severity == Severity::Error)
        .collect()
}

/// The line (1-based) of the note « first defined here » of the
/// duplicate `issue` holds.
fn first_defined_line(issue: &str) -> usize {
    let files = run(issue, Some(SERIES)).unwrap_err();
    let duplicate = files[0]
        .diagnostics
        .iter()
        .find(|d| d.code == crate::diagnostic::Code::DuplicateKey)
        .unwrap();
    let (note, label) = duplicate.note.clone().unwrap();
    assert_eq!(label, "first defined here");
    files[0].source.line_column(note.start).0
}

#[test]
fn regression_a_duplicate_in_an_array_of_tables_points_at_its_own_element() {
    let n2 = include_str!("../../releases/n2.toml");
    let mut lines: Vec<&str> = n2.lines().collect();
    // A second `place` in the third initiative (`place = "Marck"`, line 42).
    assert_eq!(lines[41], "place = \"Marck\"");
    lines.insert(42, "place = \"Calais\"");
    let issue = lines.join("\n") + "\n";
    assert_eq!(
        n2_errors(|mut lines| {
            lines.insert(42, "place = \"Calais\"");
            lines.into_iter().map(str::to_owned).collect()
        }),
        [error("duplicate key `place`", 43, 1)]
    );
    assert_eq!(first_defined_line(&issue), 42);

    // A table of an array of tables, first defined in the same element of
    // its parent array.
    let table = VALID.replace(
        "intro = \"Intro.\"",
        "intro = \"Intro.\"\n[sections.x]\n[[sections]]\ntitle = \"Deux\"\nintro = \"I.\"\n[sections.x]\n[sections.x]",
    );
    assert_eq!(first_defined_line(&table), 12);
}

#[test]
fn regression_an_impossible_date_hides_no_missing_key() {
    assert_eq!(
        problems("number = 3\ndate = 2020-02-30\n"),
        [
            error("missing required key `preamble`", 1, 1),
            error("missing required key `sections`", 1, 1),
            error("missing required key `closing`", 1, 1),
            error("invalid date: February 2020 has 29 days", 2, 8),
        ]
    );
}

#[test]
fn regression_a_forgotten_header_is_one_error_naming_it() {
    let without = |line: &'static str| {
        move |lines: Vec<&str>| -> Vec<String> {
            let at = lines.iter().rposition(|l| *l == line).unwrap();
            let mut lines: Vec<String> = lines.into_iter().map(str::to_owned).collect();
            lines.remove(at);
            lines
        }
    };
    assert_eq!(
        n2_errors(without("[closing]")),
        [error(
            "`text` is defined twice in `sections[4].initiatives[2]`: is a `[closing]` header missing above line 123?",
            123,
            1
        )]
    );
    assert_eq!(
        n2_errors(without("[[sections.initiatives]]")),
        [error(
            "`place` is defined twice in `sections[4].initiatives[1]`: is a `[[sections.initiatives]]` header missing above line 110?",
            110,
            1
        )]
    );
}

#[test]
fn regression_a_header_written_wrong_is_one_error() {
    // `[[sections]]` misspelled, at each place it stands.
    let count = include_str!("../../releases/n2.toml")
        .lines()
        .filter(|line| *line == "[[sections]]")
        .count();
    for nth in 0..count {
        let errors = n2_errors(|lines| {
            let mut seen = 0;
            lines
                .into_iter()
                .map(|line| {
                    if line == "[[sections]]" {
                        seen += 1;
                        if seen == nth + 1 {
                            return "[[section]]".to_owned();
                        }
                    }
                    line.to_owned()
                })
                .collect()
        });
        assert_eq!(errors.len(), 1, "section {nth}: {errors:#?}");
        assert_eq!(
            errors[0].1, "unknown key `section`, did you mean `sections`?",
            "section {nth}"
        );
    }
    // An array of tables written with one pair of brackets.
    let errors = n2_errors(|lines| {
        let at = lines
            .iter()
            .position(|line| *line == "[[sections.initiatives]]")
            .unwrap();
        let mut lines: Vec<String> = lines.into_iter().map(str::to_owned).collect();
        lines[at] = "[sections.initiatives]".to_owned();
        lines
    });
    assert_eq!(
        errors,
        [error(
            "wrong type for `sections[1].initiatives`: expected an array of tables, found a table",
            30,
            1
        )]
    );
    let files = run(
        &include_str!("../../releases/n2.toml").replacen(
            "[[sections.initiatives]]",
            "[sections.initiatives]",
            1,
        ),
        Some(SERIES),
    )
    .unwrap_err();
    let wrong = files
        .iter()
        .flat_map(|file| &file.diagnostics)
        .find(|d| d.code == Code::WrongType)
        .unwrap();
    assert_eq!(
        wrong.help.as_deref(),
        Some("write the header with two pairs of brackets: `[[sections.initiatives]]`")
    );
}

#[test]
fn deleting_any_one_line_of_n2_gives_at_most_one_error() {
    let count = include_str!("../../releases/n2.toml").lines().count();
    let mut several = Vec::new();
    for deleted in 0..count {
        let errors = n2_errors(|lines| {
            lines
                .into_iter()
                .enumerate()
                .filter(|(at, _)| *at != deleted)
                .map(|(_, line)| line.to_owned())
                .collect()
        });
        if errors.len() > 1 {
            several.push((deleted + 1, errors));
        }
    }
    // 19 of the 127 lines gave two or three before (a deleted `preamble =
    // """`, `links = [`, `[[sections]]` …).
    assert!(several.is_empty(), "{several:#?}");
}

#[test]
fn regression_two_stray_brackets_far_apart_are_two_errors() {
    let errors = n2_errors(|lines| {
        let mut lines: Vec<String> = lines.into_iter().map(str::to_owned).collect();
        lines.insert(110, "]".to_owned());
        lines.insert(39, "]".to_owned());
        lines
    });
    let lines: Vec<usize> = errors.iter().map(|(_, _, line, _)| *line).collect();
    assert_eq!(lines, [40, 112], "{errors:#?}");
}
