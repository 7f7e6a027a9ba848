//! Markdown output read back with a CommonMark parser: the text of every
//! field must come back as the same characters, and the only structure must
//! be the one the renderer meant.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::inline::{MarkdownInline, escape};
use super::render;
use crate::model::{
    Closing, Contact, Initiative, Inline, Link, LinkKind, Paragraph, Section, Style,
};
use crate::render::sample::{email, minimal, n2, para, styled, text, web};
use crate::render::view::InlineMarkup;

const ITALIC: Style = Style {
    bold: false,
    italic: true,
};
const BOLD: Style = Style {
    bold: true,
    italic: false,
};
const BOLD_ITALIC: Style = Style {
    bold: true,
    italic: true,
};

/// Text that means something to CommonMark, GitHub's extensions or their
/// HTML, each of which must come back as written.
const HOSTILE: &[&str] = &[
    "*pas d’emphase* _ni ceci_ **ni gras** __ni ceci__ ***ni*** ~~barré~~",
    "# pas un titre",
    "###### pas un titre non plus",
    "Titre fermé par des dièses ##",
    "1. pas une liste",
    "2) pas une liste",
    "123456789. toujours pas",
    "- pas une puce",
    "+ pas une puce",
    "* pas une puce",
    "> pas une citation",
    "---",
    "***",
    "___",
    "===",
    "```rust",
    "~~~",
    "`pas du code`",
    "[pas un lien](https://exemple.fr)",
    "![pas une image](x.png)",
    "[ref]: https://exemple.fr \"titre\"",
    "[^1] pas une note",
    "- [ ] pas une tâche",
    "| a | b |",
    "<script>alert(\"x\")</script>",
    "<https://exemple.fr> pas un lien automatique",
    "<contact@exemple.fr>",
    "&amp; &copy; &#42; pas des entités",
    "C:\\dossier\\fichier \\* et une barre finale \\",
    "javascript:alert(1)",
    "$x$ pas des maths $$y$$",
    "a_b_c et snake_case_ici",
    "Fin de ligne avec deux espaces  ",
    "«\u{202f}guillemets\u{202f}» et 50\u{202f}000\u{a0}litres\u{a0}: typographie",
];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// The document as a flat list: `<tag>` for each opened element, `</>` for
/// each closed one, `text:…` for the text between (merged), `html:…` for
/// raw HTML. Enough to compare structure and words exactly.
fn outline(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let item = match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => "<p>".to_owned(),
                Tag::Heading { level, .. } => format!("<{level}>"),
                Tag::Emphasis => "<em>".to_owned(),
                Tag::Strong => "<strong>".to_owned(),
                // The parser leaves `mailto:` implicit in `<a@b.fr>`; its HTML
                // writer adds it.
                Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    ..
                } => format!("<a mailto:{dest_url}>"),
                Tag::Link { dest_url, .. } => format!("<a {dest_url}>"),
                Tag::List(None) => "<ul>".to_owned(),
                Tag::Item => "<li>".to_owned(),
                other => format!("<{other:?}>"),
            },
            Event::End(TagEnd::Paragraph) => "</p>".to_owned(),
            Event::End(_) => "</>".to_owned(),
            Event::Text(text) => {
                if let Some(last) = out.last_mut().filter(|last| last.starts_with("text:")) {
                    last.push_str(&text);
                    continue;
                }
                format!("text:{text}")
            }
            Event::HardBreak => "<br>".to_owned(),
            Event::Rule => "<hr>".to_owned(),
            Event::Html(html) | Event::InlineHtml(html) => format!("html:{html}"),
            other => format!("{other:?}"),
        };
        out.push(item);
    }
    out
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// What a paragraph of one plain run `input` must parse back to.
fn plain_paragraph(input: &str) -> Vec<String> {
    vec![
        "<p>".to_owned(),
        format!("text:{}", input.trim()),
        "</p>".to_owned(),
    ]
}

fn markdown_paragraph(paragraph: &Paragraph) -> String {
    MarkdownInline.paragraph(paragraph)
}

#[test]
fn markup_characters_in_text_stay_text() {
    for input in HOSTILE {
        let markdown = markdown_paragraph(&para(input));
        assert_eq!(
            outline(&markdown),
            plain_paragraph(input),
            "{input:?} was written {markdown:?}"
        );
    }
}

#[test]
fn markup_characters_stay_text_in_every_run_of_a_paragraph() {
    // Runs of one style are merged before escaping: markup met mid-line
    // must stay text too.
    let inlines: Vec<Inline> = HOSTILE.iter().map(|s| text(&format!("{s} "))).collect();
    let paragraph = Paragraph(inlines);
    assert_eq!(
        outline(&markdown_paragraph(&paragraph)),
        plain_paragraph(&paragraph.plain_text())
    );
}

#[test]
fn line_breaks_in_text_never_start_a_block() {
    let markdown = markdown_paragraph(&para("une ligne\n# titre\n- puce\r\n1. liste\tfin"));
    assert!(!markdown.contains('\n'), "{markdown:?}");
    assert_eq!(
        outline(&markdown),
        plain_paragraph("une ligne # titre - puce  1. liste fin")
    );
}

#[test]
fn escaper_escapes_a_value_alone_on_a_line() {
    for input in HOSTILE {
        assert_eq!(outline(&escape(input)), plain_paragraph(input), "{input:?}");
    }
}

#[test]
fn styles_become_emphasis_and_strong() {
    let paragraph = Paragraph(vec![
        text("Un "),
        styled("mot", ITALIC),
        text(", des "),
        styled("50\u{202f}000\u{a0}litres", BOLD),
        text(" et "),
        styled("les deux", BOLD_ITALIC),
        text("."),
    ]);
    assert_eq!(
        outline(&markdown_paragraph(&paragraph)),
        strings(&[
            "<p>",
            "text:Un ",
            "<em>",
            "text:mot",
            "</>",
            "text:, des ",
            "<strong>",
            "text:50\u{202f}000\u{a0}litres",
            "</>",
            "text: et ",
            "<em>",
            "<strong>",
            "text:les deux",
            "</>",
            "</>",
            "text:.",
            "</p>",
        ])
    );
}

#[test]
fn spaces_at_the_edges_of_a_styled_run_keep_the_emphasis() {
    let paragraph = Paragraph(vec![text("avant"), styled(" mot ", ITALIC), text("après")]);
    assert_eq!(
        outline(&markdown_paragraph(&paragraph)),
        strings(&[
            "<p>",
            "text:avant ",
            "<em>",
            "text:mot",
            "</>",
            "text: après",
            "</p>"
        ])
    );
}

#[test]
fn markup_characters_inside_a_styled_run_stay_text() {
    let paragraph = Paragraph(vec![styled("*étoiles* et _soulignés_ #", BOLD)]);
    assert_eq!(
        outline(&markdown_paragraph(&paragraph)),
        strings(&[
            "<p>",
            "<strong>",
            "text:*étoiles* et _soulignés_ #",
            "</>",
            "</p>"
        ])
    );
}

#[test]
fn emphasis_where_asterisks_would_not_parse_leaves_the_punctuation_outside() {
    // `l*« mot »*s`: an opening `*` after a letter and before punctuation is
    // not left-flanking, so CommonMark would print the asterisks; the
    // guillemets go outside the emphasis instead (never raw `<em>`).
    let paragraph = Paragraph(vec![
        text("l"),
        styled("«\u{202f}mot\u{202f}»", ITALIC),
        text("s"),
    ]);
    let markdown = markdown_paragraph(&paragraph);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&markdown, options()));
    assert_eq!(html, "<p>l«\u{202f}<em>mot</em>\u{202f}»s</p>\n");
}

#[test]
fn emphasis_that_cannot_parse_at_all_keeps_its_words_without_style() {
    // Nothing but punctuation between letters: no delimiter can open there.
    let paragraph = Paragraph(vec![text("a"), styled("«»", BOLD), text("b")]);
    let markdown = markdown_paragraph(&paragraph);
    assert_eq!(outline(&markdown), plain_paragraph("a«»b"), "{markdown}");
}

#[test]
fn neighbouring_runs_of_different_styles_both_keep_their_style() {
    let paragraph = Paragraph(vec![styled("penché", ITALIC), styled("gras", BOLD)]);
    let markdown = markdown_paragraph(&paragraph);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&markdown, options()));
    assert_eq!(html, "<p><em>penché</em><strong>gras</strong></p>\n");
}

#[test]
fn a_styled_link_keeps_its_style_around_the_link() {
    let paragraph = Paragraph(vec![
        text("Voir "),
        Inline::Link {
            link: web("https://exemple.fr", "https://exemple.fr"),
            style: BOLD,
        },
        text("."),
    ]);
    assert_eq!(
        outline(&markdown_paragraph(&paragraph)),
        strings(&[
            "<p>",
            "text:Voir ",
            "<strong>",
            "<a https://exemple.fr>",
            "text:https://exemple.fr",
            "</>",
            "</>",
            "text:.",
            "</p>"
        ])
    );
}

#[test]
fn a_url_shown_as_itself_is_an_autolink() {
    let link = web(
        "https://www.facebook.com/ConseilCitoyenLaFosse7/",
        "https://www.facebook.com/ConseilCitoyenLaFosse7/",
    );
    let markdown = MarkdownInline.link(&link);
    assert_eq!(
        markdown,
        "<https://www.facebook.com/ConseilCitoyenLaFosse7/>"
    );
    assert_eq!(
        outline(&markdown),
        strings(&[
            "<p>",
            "<a https://www.facebook.com/ConseilCitoyenLaFosse7/>",
            "text:https://www.facebook.com/ConseilCitoyenLaFosse7/",
            "</>",
            "</p>"
        ])
    );
}

#[test]
fn a_url_with_percent_escapes_is_not_an_autolink() {
    // markdown-it shows `%3C` in an autolink's text as `<`: the words would
    // differ from the input's.
    let link = web("https://x.fr/%3Cscript%3E", "https://x.fr/%3Cscript%3E");
    let markdown = MarkdownInline.link(&link);
    assert_eq!(
        markdown,
        "[https://x.fr/%3Cscript%3E](https://x.fr/%3Cscript%3E)"
    );
}

#[test]
fn a_url_written_without_scheme_keeps_its_text_and_links_with_https() {
    let link = web(
        "www.facebook.com/groups/entraide_imprimante.3d/",
        "https://www.facebook.com/groups/entraide_imprimante.3d/",
    );
    assert_eq!(
        outline(&MarkdownInline.link(&link)),
        strings(&[
            "<p>",
            "<a https://www.facebook.com/groups/entraide_imprimante.3d/>",
            "text:www.facebook.com/groups/entraide_imprimante.3d/",
            "</>",
            "</p>"
        ])
    );
}

#[test]
fn an_email_links_with_mailto() {
    let markdown = MarkdownInline.link(&email("fdelfour@durandproduction.com"));
    assert_eq!(
        outline(&markdown),
        strings(&[
            "<p>",
            "<a mailto:fdelfour@durandproduction.com>",
            "text:fdelfour@durandproduction.com",
            "</>",
            "</p>"
        ])
    );
}

#[test]
fn brackets_and_parentheses_in_a_link_stay_in_their_place() {
    let link = web("texte [entre] crochets", "https://exemple.fr/a_(b)c");
    assert_eq!(
        outline(&MarkdownInline.link(&link)),
        strings(&[
            "<p>",
            "<a https://exemple.fr/a_(b)c>",
            "text:texte [entre] crochets",
            "</>",
            "</p>"
        ])
    );
}

#[test]
fn a_space_in_an_address_is_percent_encoded() {
    let link = web("lien", "https://exemple.fr/un espace");
    assert_eq!(
        outline(&MarkdownInline.link(&link))[1],
        "<a https://exemple.fr/un%20espace>"
    );
}

#[test]
fn a_link_to_another_scheme_is_written_as_text() {
    let links = [
        web("javascript:alert(1)", "javascript:alert(1)"),
        web("données", "data:text/html,<b>x</b>"),
        Link {
            text: "x@y.fr".to_owned(),
            href: "https://y.fr".to_owned(),
            kind: LinkKind::Email,
        },
    ];
    for link in links {
        let markdown = MarkdownInline.link(&link);
        assert_eq!(
            outline(&markdown),
            plain_paragraph(&link.text),
            "{markdown}"
        );
    }
}

/// A release whose every field is full of markup characters.
fn hostile_release() -> crate::model::Release {
    let mut release = minimal();
    release.title = "# Titre *étoilé* [x](y) <b>".to_owned();
    release.place = "1. Arras_".to_owned();
    release.issuer = Some("- Préfet **du** Pas-de-Calais".to_owned());
    release.label = Some("> Communiqué `de` presse".to_owned());
    release.preamble = HOSTILE.iter().map(|s| para(s)).collect();
    release.sections = vec![Section {
        title: para("## Section [un] *titre*"),
        intro: vec![para("+ intro")],
        initiatives: vec![Initiative {
            place: None,
            text: vec![para("1) initiative <em>")],
            links: vec![
                web("[lien]", "https://exemple.fr/(x)"),
                email("a_b@exemple.fr"),
            ],
        }],
    }];
    release.closing = Closing {
        text: vec![para("=== fin")],
        call_to_action: Some(para("* appel")),
        url: Some(web(
            "http://jeveuxaider.gouv.fr",
            "http://jeveuxaider.gouv.fr",
        )),
    };
    release.contact = Some(Contact {
        name: Some("Bureau *de* la `communication`".to_owned()),
        phone: Some("03 00 00 00 00 \\".to_owned()),
        email: Some(email("communication@prefecture.example")),
    });
    release
}

fn render_string(release: &crate::model::Release) -> String {
    let bytes = render(release).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[test]
fn a_hostile_release_keeps_the_intended_structure_only() {
    let release = hostile_release();
    let markdown = render_string(&release);
    let mut expected = strings(&[
        "<p>",
        "<strong>",
        "text:- Préfet **du** Pas-de-Calais",
        "</>",
        "text: — > Communiqué `de` presse",
        "</p>",
    ]);
    expected.extend(plain_paragraph("1. Arras_, le\u{a0}8\u{a0}avril\u{a0}2020"));
    expected.extend(strings(&[
        "<h1>",
        "text:# Titre *étoilé* [x](y) <b> n°2",
        "</>",
    ]));
    for input in HOSTILE {
        expected.extend(plain_paragraph(input));
    }
    expected.extend(strings(&["<h2>", "text:## Section [un] *titre*", "</>"]));
    expected.extend(plain_paragraph("+ intro"));
    expected.extend(plain_paragraph("1) initiative <em>"));
    expected.extend(strings(&[
        "<p>",
        "text:Pour plus d’informations\u{a0}:",
        "</p>",
        "<ul>",
        "<li>",
        "<a https://exemple.fr/(x)>",
        "text:[lien]",
        "</>",
        "</>",
        "<li>",
        "<a mailto:a_b@exemple.fr>",
        "text:a_b@exemple.fr",
        "</>",
        "</>",
        "</>",
    ]));
    expected.extend(plain_paragraph("=== fin"));
    expected.extend(plain_paragraph("* appel"));
    expected.extend(strings(&[
        "<p>",
        "<a http://jeveuxaider.gouv.fr>",
        "text:http://jeveuxaider.gouv.fr",
        "</>",
        "</p>",
        "<hr>",
        "<p>",
        "<strong>",
        "text:Contact presse",
        "</>",
        "<br>",
        "text:Bureau *de* la `communication`",
        "<br>",
        "text:Tél.\u{a0}: 03 00 00 00 00 \\",
        "<br>",
        "text:Courriel\u{a0}: ",
        "<a mailto:communication@prefecture.example>",
        "text:communication@prefecture.example",
        "</>",
        "</p>",
    ]));
    assert_eq!(outline(&markdown), expected, "{markdown}");
}

#[test]
fn title_dateline_and_sections_are_in_place() {
    let markdown = render_string(&n2());
    let headings: Vec<(HeadingLevel, String)> = {
        let mut headings = Vec::new();
        let mut current: Option<(HeadingLevel, String)> = None;
        for event in Parser::new_ext(&markdown, options()) {
            match event {
                Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
                Event::Text(text) => {
                    if let Some((_, heading)) = current.as_mut() {
                        heading.push_str(&text);
                    }
                }
                Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
                _ => {}
            }
        }
        headings
    };
    assert_eq!(
        headings,
        vec![
            (
                HeadingLevel::H1,
                "Covid-19\u{a0}: le Pas-de-Calais solidaire n°2".to_owned()
            ),
            (
                HeadingLevel::H2,
                "Solidaires dans l’application des mesures de protection".to_owned()
            ),
            (
                HeadingLevel::H2,
                "Solidaires avec les personnels soignants".to_owned()
            ),
            (
                HeadingLevel::H2,
                "Solidaires avec les personnes confinées".to_owned()
            ),
            (
                HeadingLevel::H2,
                "Solidaires avec les plus jeunes".to_owned()
            ),
        ]
    );
    assert!(markdown.contains("\n\nArras, le\u{a0}8\u{a0}avril\u{a0}2020\n\n# Covid-19"));
}

#[test]
fn every_paragraph_of_the_release_is_one_line_of_the_output() {
    let release = n2();
    let markdown = render_string(&release);
    let parsed: Vec<String> = outline(&markdown)
        .into_iter()
        .filter_map(|item| item.strip_prefix("text:").map(str::to_owned))
        .collect();
    let parsed = parsed.join("");
    let paragraphs = release
        .preamble
        .iter()
        .chain(release.sections.iter().flat_map(|s| {
            s.intro
                .iter()
                .chain(s.initiatives.iter().flat_map(|i| &i.text))
        }))
        .chain(&release.closing.text);
    for paragraph in paragraphs {
        assert!(
            parsed.contains(&paragraph.plain_text()),
            "{:?}",
            paragraph.plain_text()
        );
    }
    assert_eq!(
        markdown
            .lines()
            .filter(|l| l.starts_with("À Harnes"))
            .count(),
        2
    );
}

#[test]
fn output_ends_with_exactly_one_newline() {
    for release in [n2(), minimal()] {
        let markdown = render_string(&release);
        assert!(
            markdown.ends_with('\n') && !markdown.ends_with("\n\n"),
            "{markdown:?}"
        );
    }
}

#[test]
fn optional_blocks_leave_no_trace() {
    let mut release = minimal();
    release.issuer = None;
    release.label = None;
    release.contact = Some(Contact {
        name: Some("  ".to_owned()),
        phone: None,
        email: None,
    });
    assert_eq!(
        render_string(&release),
        "Arras, le\u{a0}8\u{a0}avril\u{a0}2020\n\n# Covid-19\u{a0}: le Pas-de-Calais solidaire n°2\n\nUn préambule.\n\nMerci.\n"
    );
}
