//! The validated communiqué: plain data, no I/O.
//!
//! `load` builds a [`Release`] from an issue file merged over `series.toml`;
//! `typography` then rewrites its text in place; every renderer reads it and
//! nothing else. Text is already split into paragraphs and inline runs, so a
//! renderer only escapes and places it.

use chrono::NaiveDate;

/// One issue of the series, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The issue number, `n°2`.
    pub number: u32,
    /// The date printed in the header and used for the document metadata.
    pub date: NaiveDate,
    /// The town in the dateline, « Arras, le 8 avril 2020 ».
    pub place: String,
    /// The series title, without the number.
    pub title: String,
    /// Who issues the communiqué (« Préfet du Pas-de-Calais »).
    pub issuer: Option<String>,
    /// The document label (« Communiqué de presse »).
    pub label: Option<String>,
    /// The press contact block printed at the end.
    pub contact: Option<Contact>,
    pub preamble: Vec<Paragraph>,
    pub sections: Vec<Section>,
    pub closing: Closing,
    /// The base address of the published series (`site`, `https://…/`),
    /// for the archive and the feed; not printed in the communiqué.
    pub site: Option<String>,
    /// The issue file's name without its extension (`n2`): the name of
    /// every document made from it.
    pub stem: String,
}

/// A themed group of initiatives, with its heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: Paragraph,
    pub intro: Vec<Paragraph>,
    pub initiatives: Vec<Initiative>,
}

/// One local initiative: its text and the links printed after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Initiative {
    /// The commune, for the archive index; not printed in the communiqué.
    pub place: Option<String>,
    pub text: Vec<Paragraph>,
    /// Printed after the text under [`MORE_INFORMATION`].
    pub links: Vec<Link>,
}

/// The label printed before an initiative's links.
pub const MORE_INFORMATION: &str = "Pour plus d’informations\u{a0}:";

/// The heading of the press contact block.
pub const PRESS_CONTACT: &str = "Contact presse";
/// Printed before the contact's phone number.
pub const PHONE: &str = "Tél.\u{a0}:";
/// Printed before the contact's e-mail address.
pub const EMAIL: &str = "Courriel\u{a0}:";

/// The closing words, the call to action and its address.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub text: Vec<Paragraph>,
    pub call_to_action: Option<Paragraph>,
    pub url: Option<Link>,
}

/// The headers of the e-mail format, from `series.toml`'s `[mail]`:
/// e-mail addresses only.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mail {
    pub from: Option<Link>,
    pub reply_to: Option<Link>,
    pub to: Vec<Link>,
    pub bcc: Vec<Link>,
}

/// The press contact block.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<Link>,
}

/// A paragraph: a sequence of inline runs. Line breaks of the source are
/// already folded into single spaces.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph(pub Vec<Inline>);

/// A run of text with one style, or a link.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text { text: String, style: Style },
    Link { link: Link, style: Style },
}

/// Emphasis from `*emphase*` and `**gras**` in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

/// A link as written (`text`) and where it leads (`href`, always
/// `https:`, `http:` or `mailto:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Email,
    Web,
}

impl Release {
    /// « Covid-19 : le Pas-de-Calais solidaire n°2 »
    pub fn full_title(&self) -> String {
        format!("{} n°{}", self.title, self.number)
    }

    /// Every link of the communiqué, in reading order: those inside the
    /// text, each initiative's list, the closing URL, the contact's e-mail.
    pub fn links(&self) -> Vec<&Link> {
        fn inside(paragraph: &Paragraph) -> impl Iterator<Item = &Link> {
            paragraph.0.iter().filter_map(|inline| match inline {
                Inline::Link { link, .. } => Some(link),
                Inline::Text { .. } => None,
            })
        }
        let mut links: Vec<&Link> = self.preamble.iter().flat_map(inside).collect();
        for section in &self.sections {
            links.extend(inside(&section.title));
            links.extend(section.intro.iter().flat_map(inside));
            for initiative in &section.initiatives {
                links.extend(initiative.text.iter().flat_map(inside));
                links.extend(&initiative.links);
            }
        }
        links.extend(self.closing.text.iter().flat_map(inside));
        links.extend(self.closing.call_to_action.iter().flat_map(inside));
        links.extend(&self.closing.url);
        links.extend(self.contact.iter().flat_map(|contact| &contact.email));
        links
    }
}

impl Paragraph {
    /// The paragraph's characters, links included, without any markup.
    pub fn plain_text(&self) -> String {
        self.0
            .iter()
            .map(|inline| match inline {
                Inline::Text { text, .. } => text.as_str(),
                Inline::Link { link, .. } => link.text.as_str(),
            })
            .collect()
    }
}
