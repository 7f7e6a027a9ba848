//! The archive page, `index.html`: every issue, newest first, with its
//! date, title, section titles and its three documents; then every commune
//! an initiative names, in French alphabetical order, with the issues that
//! name it. Same look as the issues' pages: release.css and site.css
//! inlined, the issuer's block at the top.

use std::collections::BTreeMap;

use askama::Template;

use super::collate::french_key;
use super::{Entry, Site, french_size, page_name};
use crate::render::RenderError;
use crate::render::html::issuer_lines;
use crate::render::{Format, NavigationLink};
use crate::typography::french_date;

/// What `templates/index.html` places; every string is plain text that
/// askama escapes (hrefs are page names, already percent-encoded).
#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    /// The series' title ([`Site::title`]).
    title: &'a str,
    issuer_lines: Vec<&'a str>,
    issues: Vec<IssueView>,
    communes: Vec<CommuneView>,
}

/// One issue in the archive.
struct IssueView {
    href: String,
    full_title: String,
    date_iso: String,
    /// « 8 avril 2020 ».
    date: String,
    sections: Vec<String>,
    /// « PDF, 49 Ko » and its address, for each format.
    documents: Vec<NavigationLink>,
}

/// One commune and the issues that name it, lowest number first.
struct CommuneView {
    name: String,
    issues: Vec<NavigationLink>,
}

/// The archive page of `entries` (by number, lowest first).
pub(super) fn render(site: &Site, entries: &[Entry]) -> Result<Vec<u8>, RenderError> {
    let issues = entries
        .iter()
        .rev()
        .map(|entry| {
            let release = entry.release;
            IssueView {
                href: page_name(&release.stem, Format::Html),
                full_title: release.full_title(),
                date_iso: release.date.format("%Y-%m-%d").to_string(),
                date: french_date(release.date),
                sections: release
                    .sections
                    .iter()
                    .map(|section| section.title.plain_text())
                    .collect(),
                documents: [Format::Html, Format::Pdf, Format::Markdown]
                    .into_iter()
                    .map(|format| {
                        let slot = Format::DOCUMENTS
                            .iter()
                            .position(|f| *f == format)
                            .unwrap_or(0);
                        NavigationLink {
                            href: page_name(&release.stem, format),
                            label: format!("{}, {}", kind(format), french_size(entry.sizes[slot])),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let page = IndexPage {
        title: &site.title,
        issuer_lines: site.issuer.as_deref().map(issuer_lines).unwrap_or_default(),
        issues,
        communes: communes(entries),
    };
    let mut html = page.render()?;
    html.push('\n');
    Ok(html.into_bytes())
}

/// What a format is called in a link to a document.
fn kind(format: Format) -> &'static str {
    match format {
        Format::Html => "HTML",
        Format::Pdf => "PDF",
        Format::Markdown => "Markdown",
        Format::Eml => "e-mail",
    }
}

/// Every commune an initiative names (`place`), in French alphabetical
/// order, each with the issues naming it, lowest number first and each
/// once. Names that differ only by case or accents (« ARRAS », « Arras »;
/// « Etaples », « Étaples ») are one commune, shown as most issues write
/// it (on a tie, as the newest of them does).
fn communes(entries: &[Entry]) -> Vec<CommuneView> {
    #[derive(Default)]
    struct Commune<'a> {
        /// Each spelling, with how many issues write it and the newest one.
        spellings: BTreeMap<&'a str, (usize, u32)>,
        issues: Vec<&'a Entry<'a>>,
    }
    let mut by_name: BTreeMap<String, Commune> = BTreeMap::new();
    for entry in entries {
        for place in entry.release.places() {
            let commune = by_name.entry(french_key(place).0).or_default();
            // Entries come by number: the same issue is the last one seen.
            if commune
                .issues
                .last()
                .is_some_and(|last| std::ptr::eq(*last, entry))
            {
                continue;
            }
            commune.issues.push(entry);
            let spelling = commune.spellings.entry(place).or_default();
            spelling.0 += 1;
            spelling.1 = spelling.1.max(entry.release.number);
        }
    }
    let mut communes: Vec<CommuneView> = by_name
        .into_values()
        .map(|commune| CommuneView {
            name: commune
                .spellings
                .iter()
                .max_by_key(|(_, (count, newest))| (*count, *newest))
                .map(|(name, _)| (*name).to_owned())
                .unwrap_or_default(),
            issues: commune
                .issues
                .into_iter()
                .map(|entry| NavigationLink {
                    href: page_name(&entry.release.stem, Format::Html),
                    label: format!("n°{}", entry.release.number),
                })
                .collect(),
        })
        .collect();
    communes.sort_by_cached_key(|commune| french_key(&commune.name));
    communes
}
