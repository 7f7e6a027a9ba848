use super::total_fit::{
    ADJACENT_DEMERITS, DOUBLE_HYPHEN_DEMERITS, FINAL_HYPHEN_DEMERITS, HYPHEN_PENALTY, LINE_PENALTY,
    LOOSEST, STRETCH,
};
use super::words::{Cuts, address_points};
use super::*;
use crate::fonts::metrics;
use crate::render::pdf::design::TEXT;
use crate::render::pdf::design::{MAX_SPACE_STRETCH, MIN_SPACE_SHRINK};

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
    assert_words_come_back(&lines, LONG);
}

#[test]
fn regression_the_first_fit_fallback_keeps_the_space_before_a_word_it_hyphenates() {
    // A token wider than the line makes the paragraph fall back to first
    // fit, which hyphenated « modestes » at the end of a line and drew it
    // glued to the word before (« plusmo- »).
    let metrics = metrics().unwrap();
    let text = "Les bénévoles de l’association ont distribué plus de mille colis \
        alimentaires aux familles les plus modestes de la commune. Suivez \
        #JeResteChezMoiEtJeSoutiensNosSoignantsEtNosAidantsDuPasDeCalaisPendantToutLeConfinement \
        sur les réseaux.";
    let mut hyphenated = 0;
    for measure in (200..=470).step_by(10).map(|m| m as f32) {
        let lines = break_lines(&plain(text), options(measure), metrics).unwrap();
        hyphenated += lines.iter().filter(|line| line.hyphenated).count();
        assert_words_come_back(&lines, text);
    }
    assert!(hyphenated > 0, "no measure hyphenates");
}

/// The lines' words, a hyphenated line end joined to the next line, are
/// the words of `source`.
fn assert_words_come_back(lines: &[Line], source: &str) {
    let mut text = String::new();
    for line in lines {
        let hyphenated = line.hyphenated;
        let line = line_text(line);
        if let Some(stripped) = line.strip_suffix('-')
            && hyphenated
        {
            text.push_str(stripped);
        } else {
            text.push_str(&line);
            text.push(' ');
        }
    }
    // A word wider than the line is cut without a hyphen: its pieces,
    // one a line, make it up again; two words glued together never do.
    let mut got = text.split_whitespace();
    for word in source.split_whitespace() {
        let mut pieces = String::new();
        while pieces.len() < word.len() {
            pieces.push_str(
                got.next()
                    .unwrap_or_else(|| panic!("{word} missing: {text}")),
            );
        }
        assert_eq!(pieces, word, "in {text}");
    }
    assert_eq!(got.next(), None, "{text}");
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

/// What the first-fit breaker's own hyphenation policy buys: set
/// first-fit at the body's measure, as a paragraph of more than
/// `TOTAL_FIT_WORDS` words is, a French text hyphenated where a line would
/// otherwise stretch its spaces by more than half has a loose line where
/// the same text unhyphenated has a dozen, for a hyphen on about a line in
/// three (total fit, which weighs every break of the paragraph, needs far
/// fewer: the policy is the fallback's, not the rule).
#[test]
fn the_fallback_hyphenates_to_avoid_loose_lines() {
    let metrics = metrics().unwrap();
    let space = metrics.width(Face::Regular, 10.0, " ").unwrap();
    let text = [LONG; 40].join(" ");
    let spans = plain(&text);
    let measure = crate::render::pdf::design::MEASURE;
    let loose = |lines: &[Line]| {
        lines[..lines.len() - 1]
            .iter()
            .filter(|line| line.word_spacing / space > 0.5)
            .count()
    };
    let hyphenated = breaker(&spans, measure)
        .first_fit(split_words(&spans))
        .unwrap();
    let mut unhyphenated = breaker(&spans, measure);
    unhyphenated.options.hyphenate = false;
    let unhyphenated = unhyphenated.first_fit(split_words(&spans)).unwrap();
    let (with, without) = (loose(&hyphenated), loose(&unhyphenated));
    assert!(
        10 * with <= without,
        "{with} loose lines hyphenated, {without} without"
    );
    assert!(
        without * 2 > unhyphenated.len(),
        "{without} loose lines only"
    );
    let hyphens = hyphenated.iter().filter(|line| line.hyphenated).count();
    assert!(
        hyphens * 5 <= hyphenated.len() * 2,
        "{hyphens} hyphens in {} lines",
        hyphenated.len()
    );
}

#[test]
fn a_line_ends_after_a_hyphen_of_the_text_only_when_nothing_else_fits() {
    // pdftotext glued « pré- » at a line end to « et » on the next line.
    // Below about 210 pt, this paragraph has no setting without a very
    // loose line, and the last resort may end a line so.
    let metrics = metrics().unwrap();
    let text = "Les entreprises de la commune ont adapté leur production pour les \
        services de soins pré- et post-opératoires des hôpitaux de la région, \
        et les bénévoles - nombreux - ont suivi.";
    let mut broken_after = 0;
    for measure in (220..=470).step_by(2).map(|m| m as f32) {
        let lines = break_lines(&plain(text), options(measure), metrics).unwrap();
        assert_words_come_back(&lines, text);
        broken_after += lines[..lines.len() - 1]
            .iter()
            .filter(|line| !line.hyphenated && line_text(line).ends_with('-'))
            .count();
    }
    assert_eq!(broken_after, 0);
}
