//! The release as the text formats place it: every paragraph and link
//! already turned into the format's markup, every plain string ready for the
//! template's escaper.
//!
//! Markdown and HTML lay out the same things in the same order; only the way
//! a paragraph's inline runs become markup differs. That one difference is
//! the [`InlineMarkup`] trait, so the walk over the model is written once.

use crate::model::{Link, Paragraph, Release};
use crate::typography::dateline;

/// How one format writes a paragraph's inline runs and a link, escaped.
pub(crate) trait InlineMarkup {
    /// The paragraph as one line of markup, its text escaped.
    fn paragraph(&self, paragraph: &Paragraph) -> String;
    /// A link on its own, its text escaped.
    fn link(&self, link: &Link) -> String;
}

/// Everything a text template places. Paragraphs and links (`preamble`,
/// section `title`, `url`, contact `email` …) are finished markup and go
/// through `|safe`; the other strings (`full_title`, `issuer`, `label`,
/// `dateline`, contact `name` and `phone`) are plain text that the
/// template's escaper escapes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReleaseView {
    /// « Covid-19 : le Pas-de-Calais solidaire n°2 », plain.
    pub full_title: String,
    /// « Préfet du Pas-de-Calais », plain.
    pub issuer: Option<String>,
    /// « Communiqué de presse », plain.
    pub label: Option<String>,
    /// « Arras, le 8 avril 2020 », plain.
    pub dateline: String,
    /// `2020-04-08`, for `<time datetime>`.
    pub date_iso: String,
    pub preamble: Vec<String>,
    pub sections: Vec<SectionView>,
    pub closing: Vec<String>,
    pub call_to_action: Option<String>,
    pub url: Option<String>,
    pub contact: Option<ContactView>,
}

/// A section: its heading and body, as markup.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionView {
    pub title: String,
    pub intro: Vec<String>,
    pub initiatives: Vec<InitiativeView>,
}

/// An initiative's paragraphs and links, as markup.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InitiativeView {
    pub text: Vec<String>,
    pub links: Vec<String>,
}

/// The press contact: name and phone plain, e-mail as a link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl ReleaseView {
    /// Turns `release` into markup with `markup`.
    pub(crate) fn new(release: &Release, markup: &impl InlineMarkup) -> ReleaseView {
        let paragraphs = |paragraphs: &[Paragraph]| -> Vec<String> {
            paragraphs.iter().map(|p| markup.paragraph(p)).collect()
        };
        ReleaseView {
            full_title: release.full_title(),
            issuer: non_blank(release.issuer.as_deref()),
            label: non_blank(release.label.as_deref()),
            dateline: dateline(release.place.trim(), release.date),
            date_iso: release.date.format("%Y-%m-%d").to_string(),
            preamble: paragraphs(&release.preamble),
            sections: release
                .sections
                .iter()
                .map(|section| SectionView {
                    title: markup.paragraph(&section.title),
                    intro: paragraphs(&section.intro),
                    initiatives: section
                        .initiatives
                        .iter()
                        .map(|initiative| InitiativeView {
                            text: paragraphs(&initiative.text),
                            links: initiative.links.iter().map(|l| markup.link(l)).collect(),
                        })
                        .collect(),
                })
                .collect(),
            closing: paragraphs(&release.closing.text),
            call_to_action: release
                .closing
                .call_to_action
                .as_ref()
                .map(|p| markup.paragraph(p)),
            url: release.closing.url.as_ref().map(|l| markup.link(l)),
            contact: release.contact_block().map(|contact| ContactView {
                name: non_blank(contact.name.as_deref()),
                phone: non_blank(contact.phone.as_deref()),
                email: contact.email.as_ref().map(|l| markup.link(l)),
            }),
        }
    }
}

/// The value trimmed, or `None` when nothing is left: a value placed alone on
/// a line must not start with spaces (four make a Markdown code block).
fn non_blank(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}
