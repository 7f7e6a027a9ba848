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
    /// The e-mail format's headers, from the series' `[mail]`.
    pub mail: Mail,
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

/// One piece of the communiqué below its header, as [`Release::parts`]
/// yields them in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part<'a> {
    Paragraph(ParagraphKind, &'a Paragraph),
    /// Where an initiative starts, before its paragraphs (which the
    /// paragraphs alone do not tell when two follow each other).
    InitiativeStart,
    /// An initiative's links, printed under [`MORE_INFORMATION`]; only
    /// when it has some.
    MoreInformation {
        links: &'a [Link],
        /// Whether the initiative's text comes just before (it may have
        /// none), for the renderers that keep the two together.
        after_text: bool,
    },
    ClosingUrl(&'a Link),
    /// Only when there is a contact block: see [`Release::contact_block`].
    Contact(&'a Contact),
}

/// Where a paragraph of [`Part::Paragraph`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    Preamble,
    SectionTitle,
    Intro,
    Initiative,
    Closing,
    CallToAction,
}

/// A text of the release that typography rewrites, as
/// [`Release::texts_mut`] yields them.
#[derive(Debug)]
pub enum TextMut<'a> {
    Paragraph(&'a mut Paragraph),
    /// A one-line string: title, place, issuer, label, an initiative's
    /// commune, the contact's name.
    Plain(&'a mut String),
}

impl Release {
    /// « Covid-19 : le Pas-de-Calais solidaire n°2 »
    pub fn full_title(&self) -> String {
        format!("{} n°{}", self.title, self.number)
    }

    /// The communiqué below its header, in reading order: the one walk over
    /// its content that the renderers, the list of links and the tests
    /// share.
    pub fn parts(&self) -> Vec<Part<'_>> {
        fn paragraphs(
            kind: ParagraphKind,
            paragraphs: &[Paragraph],
        ) -> impl Iterator<Item = Part<'_>> {
            paragraphs
                .iter()
                .map(move |paragraph| Part::Paragraph(kind, paragraph))
        }
        let mut parts: Vec<Part> = paragraphs(ParagraphKind::Preamble, &self.preamble).collect();
        for section in &self.sections {
            parts.push(Part::Paragraph(ParagraphKind::SectionTitle, &section.title));
            parts.extend(paragraphs(ParagraphKind::Intro, &section.intro));
            for initiative in &section.initiatives {
                parts.push(Part::InitiativeStart);
                parts.extend(paragraphs(ParagraphKind::Initiative, &initiative.text));
                if !initiative.links.is_empty() {
                    parts.push(Part::MoreInformation {
                        links: &initiative.links,
                        after_text: !initiative.text.is_empty(),
                    });
                }
            }
        }
        parts.extend(paragraphs(ParagraphKind::Closing, &self.closing.text));
        parts.extend(paragraphs(
            ParagraphKind::CallToAction,
            self.closing.call_to_action.as_slice(),
        ));
        parts.extend(self.closing.url.iter().map(Part::ClosingUrl));
        parts.extend(self.contact_block().map(Part::Contact));
        parts
    }

    /// Every text typography rewrites: the header's strings, each
    /// initiative's commune, the contact's name and every paragraph of
    /// [`Release::parts`] (a test checks the two agree). Links, phone
    /// numbers and dates are not texts to rewrite.
    pub fn texts_mut(&mut self) -> Vec<TextMut<'_>> {
        let mut texts = vec![
            TextMut::Plain(&mut self.title),
            TextMut::Plain(&mut self.place),
        ];
        texts.extend(self.issuer.iter_mut().map(TextMut::Plain));
        texts.extend(self.label.iter_mut().map(TextMut::Plain));
        texts.extend(self.preamble.iter_mut().map(TextMut::Paragraph));
        for section in &mut self.sections {
            texts.push(TextMut::Paragraph(&mut section.title));
            texts.extend(section.intro.iter_mut().map(TextMut::Paragraph));
            for initiative in &mut section.initiatives {
                texts.extend(initiative.place.iter_mut().map(TextMut::Plain));
                texts.extend(initiative.text.iter_mut().map(TextMut::Paragraph));
            }
        }
        let closing = &mut self.closing;
        texts.extend(closing.text.iter_mut().map(TextMut::Paragraph));
        texts.extend(closing.call_to_action.iter_mut().map(TextMut::Paragraph));
        texts.extend(
            self.contact
                .iter_mut()
                .filter_map(|contact| contact.name.as_mut())
                .map(TextMut::Plain),
        );
        texts
    }

    /// The communes the initiatives name (`place`), in reading order, as
    /// written (trimmed; blank ones left out): the archive's index.
    pub fn places(&self) -> impl Iterator<Item = &str> {
        self.sections
            .iter()
            .flat_map(|section| &section.initiatives)
            .filter_map(|initiative| initiative.place.as_deref())
            .map(str::trim)
            .filter(|place| !place.is_empty())
    }

    /// The press contact, when there is anything to print in its block: an
    /// empty `[contact]` table prints nothing rather than a lone « Contact
    /// presse » heading, in every format.
    pub fn contact_block(&self) -> Option<&Contact> {
        let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
        self.contact.as_ref().filter(|contact| {
            !(blank(&contact.name) && blank(&contact.phone) && contact.email.is_none())
        })
    }

    /// Every link of the communiqué, in reading order: those inside the
    /// text, each initiative's list, the closing URL, the contact's e-mail.
    pub fn links(&self) -> Vec<&Link> {
        let mut links = Vec::new();
        for part in self.parts() {
            match part {
                Part::Paragraph(_, paragraph) => links.extend(paragraph.links()),
                Part::MoreInformation { links: list, .. } => links.extend(list),
                Part::ClosingUrl(url) => links.push(url),
                Part::Contact(contact) => links.extend(&contact.email),
                Part::InitiativeStart => {}
            }
        }
        links
    }
}

impl Paragraph {
    /// The links inside the paragraph, in order.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.0.iter().filter_map(|inline| match inline {
            Inline::Link { link, .. } => Some(link),
            Inline::Text { .. } => None,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Paragraph {
        Paragraph(vec![Inline::Text {
            text: text.to_owned(),
            style: Style::default(),
        }])
    }

    fn web(text: &str) -> Link {
        Link {
            text: text.to_owned(),
            href: format!("https://{text}"),
            kind: LinkKind::Web,
        }
    }

    fn initiative(text: &[&str], links: &[&str]) -> Initiative {
        Initiative {
            place: Some(format!("commune {}", links.len())),
            text: text.iter().map(|text| paragraph(text)).collect(),
            links: links.iter().map(|link| web(link)).collect(),
        }
    }

    /// A release with every kind of part, and an initiative without text.
    fn release() -> Release {
        Release {
            number: 2,
            date: NaiveDate::from_ymd_opt(2020, 4, 8).expect("a date"),
            place: "Arras".to_owned(),
            title: "Titre".to_owned(),
            issuer: Some("Préfet".to_owned()),
            label: Some("Communiqué".to_owned()),
            contact: Some(Contact {
                name: Some("Bureau".to_owned()),
                phone: None,
                email: None,
            }),
            preamble: vec![paragraph("préambule")],
            sections: vec![Section {
                title: paragraph("section"),
                intro: vec![paragraph("intro")],
                initiatives: vec![
                    initiative(&["texte"], &["a.fr"]),
                    initiative(&[], &["b.fr", "c.fr"]),
                    initiative(&["seul"], &[]),
                ],
            }],
            closing: Closing {
                text: vec![paragraph("fin"), paragraph("merci")],
                call_to_action: Some(paragraph("appel")),
                url: Some(web("jeveuxaider.gouv.fr")),
            },
            site: None,
            stem: "n2".to_owned(),
            mail: Default::default(),
        }
    }

    fn describe(part: Part) -> String {
        match part {
            Part::Paragraph(kind, paragraph) => format!("{kind:?} {}", paragraph.plain_text()),
            Part::MoreInformation { links, after_text } => {
                format!("links {} after text {after_text}", links.len())
            }
            Part::ClosingUrl(url) => format!("url {}", url.text),
            Part::Contact(contact) => format!("contact {:?}", contact.name),
            Part::InitiativeStart => "initiative".to_owned(),
        }
    }

    #[test]
    fn parts_come_in_reading_order() {
        let release = release();
        let parts: Vec<String> = release.parts().into_iter().map(describe).collect();
        assert_eq!(
            parts,
            [
                "Preamble préambule",
                "SectionTitle section",
                "Intro intro",
                "initiative",
                "Initiative texte",
                "links 1 after text true",
                "initiative",
                "links 2 after text false",
                "initiative",
                "Initiative seul",
                "Closing fin",
                "Closing merci",
                "CallToAction appel",
                "url jeveuxaider.gouv.fr",
                "contact Some(\"Bureau\")",
            ]
        );
    }

    #[test]
    fn texts_to_rewrite_are_the_header_s_and_every_paragraph_of_the_parts() {
        let mut release = release();
        let paragraphs: Vec<String> = release
            .parts()
            .into_iter()
            .filter_map(|part| match part {
                Part::Paragraph(_, paragraph) => Some(paragraph.plain_text()),
                Part::InitiativeStart
                | Part::MoreInformation { .. }
                | Part::ClosingUrl(_)
                | Part::Contact(_) => None,
            })
            .collect();
        let (mut rewritten, mut plain) = (Vec::new(), Vec::new());
        for text in release.texts_mut() {
            match text {
                TextMut::Paragraph(paragraph) => rewritten.push(paragraph.plain_text()),
                TextMut::Plain(text) => plain.push(text.clone()),
            }
        }
        assert_eq!(rewritten, paragraphs);
        assert_eq!(
            plain,
            [
                "Titre",
                "Arras",
                "Préfet",
                "Communiqué",
                "commune 1",
                "commune 2",
                "commune 0",
                "Bureau"
            ]
        );
    }

    #[test]
    fn links_come_from_the_text_the_lists_the_address_and_the_contact() {
        let mut release = release();
        release.preamble[0].0.push(Inline::Link {
            link: web("dans-le-texte.fr"),
            style: Style::default(),
        });
        release.contact.as_mut().expect("a contact").email = Some(Link {
            text: "presse@exemple.fr".to_owned(),
            href: "mailto:presse@exemple.fr".to_owned(),
            kind: LinkKind::Email,
        });
        let texts: Vec<&str> = release
            .links()
            .iter()
            .map(|link| link.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "dans-le-texte.fr",
                "a.fr",
                "b.fr",
                "c.fr",
                "jeveuxaider.gouv.fr",
                "presse@exemple.fr"
            ]
        );
    }

    #[test]
    fn a_contact_with_nothing_to_print_has_no_block() {
        let mut release = release();
        let blank = Some(" ".to_owned());
        for (name, phone) in [(None, None), (blank.clone(), None), (None, blank)] {
            release.contact = Some(Contact {
                name,
                phone,
                email: None,
            });
            assert_eq!(release.contact_block(), None);
            assert!(
                !release
                    .parts()
                    .into_iter()
                    .any(|part| matches!(part, Part::Contact(_)))
            );
        }
        release.contact = None;
        assert_eq!(release.contact_block(), None);
        for contact in [
            Contact {
                name: None,
                phone: Some("03 00 00 00 00".to_owned()),
                email: None,
            },
            Contact {
                name: None,
                phone: None,
                email: Some(web("exemple.fr")),
            },
        ] {
            release.contact = Some(contact);
            assert_eq!(release.contact_block(), release.contact.as_ref());
        }
    }
}
