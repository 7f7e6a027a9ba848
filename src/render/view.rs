//! The release as the text formats place it: every paragraph and link
//! already turned into the format's markup, every plain string ready for the
//! template's escaper.
//!
//! Markdown and HTML lay out the same things in the same order; only the way
//! a paragraph's inline runs become markup differs. That one difference is
//! the [`InlineMarkup`] trait, so the walk over the model is written once.

use crate::model::{Link, Paragraph, ParagraphKind, Part, Release};
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
    /// Turns `release` into markup with `markup`, from the model's one walk
    /// over its content ([`Release::parts`]).
    pub(crate) fn new(release: &Release, markup: &impl InlineMarkup) -> ReleaseView {
        let mut view = ReleaseView {
            full_title: release.full_title(),
            issuer: non_blank(release.issuer.as_deref()),
            label: non_blank(release.label.as_deref()),
            dateline: dateline(release.place.trim(), release.date),
            date_iso: release.date.format("%Y-%m-%d").to_string(),
            preamble: Vec::new(),
            sections: Vec::new(),
            closing: Vec::new(),
            call_to_action: None,
            url: None,
            contact: None,
        };
        for part in release.parts() {
            match part {
                Part::Paragraph(kind, paragraph) => {
                    let markup = markup.paragraph(paragraph);
                    match kind {
                        ParagraphKind::Preamble => view.preamble.push(markup),
                        ParagraphKind::SectionTitle => view.sections.push(SectionView {
                            title: markup,
                            intro: Vec::new(),
                            initiatives: Vec::new(),
                        }),
                        ParagraphKind::Intro => view.section().intro.push(markup),
                        ParagraphKind::Initiative => view.initiative().text.push(markup),
                        ParagraphKind::Closing => view.closing.push(markup),
                        ParagraphKind::CallToAction => view.call_to_action = Some(markup),
                    }
                }
                Part::InitiativeStart => view.section().initiatives.push(InitiativeView {
                    text: Vec::new(),
                    links: Vec::new(),
                }),
                Part::MoreInformation { links, .. } => {
                    view.initiative().links = links.iter().map(|l| markup.link(l)).collect();
                }
                Part::ClosingUrl(url) => view.url = Some(markup.link(url)),
                Part::Contact(contact) => {
                    view.contact = Some(ContactView {
                        name: non_blank(contact.name.as_deref()),
                        phone: non_blank(contact.phone.as_deref()),
                        email: contact.email.as_ref().map(|l| markup.link(l)),
                    });
                }
            }
        }
        view
    }

    /// The section being filled: parts come in reading order, a section's
    /// after its title.
    fn section(&mut self) -> &mut SectionView {
        self.sections
            .last_mut()
            .expect("a section's parts come after its title")
    }

    /// The initiative being filled, after its [`Part::InitiativeStart`].
    fn initiative(&mut self) -> &mut InitiativeView {
        self.section()
            .initiatives
            .last_mut()
            .expect("an initiative's parts come after its start")
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
