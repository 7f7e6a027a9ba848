//! Helpers shared by the integration tests: the words of a text, and how
//! many of the reference's words come back, in order.

#![allow(dead_code)]

pub mod cli;
pub mod pdf_text;
pub mod tagged;

use std::path::{Path, PathBuf};

use solidaire::load::load_release;
use solidaire::model::{EMAIL, MORE_INFORMATION, PHONE, PRESS_CONTACT, Part, Release};

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The bundled `releases/n2.toml`, loaded as `compose` loads it.
pub fn n2() -> Release {
    let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 8).unwrap();
    load_release(&root().join("releases/n2.toml"), today)
        .expect("n2 is valid")
        .release
}

/// The words of `text`, split at spaces and line ends only.
pub fn text_words(text: &str) -> Vec<String> {
    text.split([' ', '\n'])
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every word of the release below its header, in reading order.
pub fn release_words(release: &Release) -> Vec<String> {
    let chunks: Vec<String> = release
        .parts()
        .into_iter()
        .map(|part| match part {
            Part::Paragraph(_, paragraph) => paragraph.plain_text(),
            Part::MoreInformation { links, .. } => {
                let texts: Vec<&str> = links.iter().map(|link| link.text.as_str()).collect();
                format!("{MORE_INFORMATION} {}", texts.join(" "))
            }
            Part::InitiativeStart => String::new(),
            Part::ClosingUrl(url) => url.text.clone(),
            Part::Contact(contact) => {
                let mut lines = vec![PRESS_CONTACT.to_string()];
                lines.extend(contact.name.clone());
                lines.extend(contact.phone.iter().map(|phone| format!("{PHONE} {phone}")));
                lines.extend(
                    contact
                        .email
                        .iter()
                        .map(|email| format!("{EMAIL} {}", email.text)),
                );
                lines.join(" ")
            }
        })
        .collect();
    text_words(&chunks.join(" "))
}

/// The n°2 made longer or shorter: `copies` times its sections (their
/// titles numbered from the second copy on), or for 0 its first section
/// with its first initiative only (one page).
pub fn resized_n2(copies: usize) -> Release {
    use solidaire::model::{Inline, Paragraph, Style};
    let mut release = n2();
    if copies == 0 {
        release.sections.truncate(1);
        release.sections[0].initiatives.truncate(1);
        release.preamble.truncate(1);
        return release;
    }
    let sections = std::mem::take(&mut release.sections);
    for copy in 0..copies {
        for section in &sections {
            let mut section = section.clone();
            if copy > 0 {
                let mut title = section.title.0.clone();
                title.push(Inline::Text {
                    text: format!(" ({})", copy + 1),
                    style: Style::default(),
                });
                section.title = Paragraph(title);
            }
            release.sections.push(section);
        }
    }
    release
}

/// The words of `text` as the fidelity test compares them
/// (`README.md#fidelity-to-the-reference`): no-break spaces are
/// spaces, ’ is ', and punctuation standing alone or around a word is not
/// part of it (« Solidaires … : » and « -Solidaires » give the same word).
pub fn words(text: &str) -> Vec<String> {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The share of `reference`'s words found in `candidate` in the same order
/// (longest common subsequence over the reference's length), and the
/// reference words left out.
pub fn fidelity(reference: &[String], candidate: &[String]) -> (f64, Vec<String>) {
    let (n, m) = (reference.len(), candidate.len());
    // lengths[i][j]: LCS of reference[i..] and candidate[j..].
    let mut lengths = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if reference[i] == candidate[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut missing = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n {
        if j < m && reference[i] == candidate[j] {
            i += 1;
            j += 1;
        } else if j < m && lengths[i][j + 1] >= lengths[i + 1][j] {
            j += 1;
        } else {
            missing.push(reference[i].clone());
            i += 1;
        }
    }
    (f64::from(lengths[0][0]) / n as f64, missing)
}

/// The text a reader sees in an HTML document: tags, the `head` and
/// comments dropped, character references decoded.
pub fn html_text(html: &str) -> String {
    let body = match (html.find("<body"), html.rfind("</body>")) {
        (Some(start), Some(end)) => &html[start..end],
        _ => html,
    };
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        // A block boundary separates words even without whitespace.
        text.push(' ');
        rest = &rest[close..];
    }
    text.push_str(rest);
    decode_entities(&text)
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
