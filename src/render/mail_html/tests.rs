//! The e-mail's HTML part: a complete document styled inline, one column of
//! at most 640 px, the page's words in the page's order, only the release's
//! absolute links, nothing fetched, the input escaped everywhere.
//!
//! Every `<` that comes from the input is escaped, so every `<` left is the
//! template's: reading tags by their text is exact. Outlook's conditional
//! comments are set apart first: what they hold is markup for Word only.

use super::render;
use crate::render::html::inline::escape;
use crate::render::sample::{
    HOSTILE, count, email, hostile_release, hrefs, minimal, n2, tag_names,
};
use crate::render::{emittable_href, html};

fn message(release: &crate::model::Release) -> String {
    render(release).unwrap_or_default()
}

/// `html` without its comments, and the comments' contents, in order.
fn split_comments(html: &str) -> (String, Vec<&str>) {
    let (mut outside, mut comments) = (String::new(), Vec::new());
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        outside.push_str(&rest[..open]);
        let comment = &rest[open + 4..];
        let close = comment.find("-->").unwrap_or(comment.len());
        comments.push(&comment[..close]);
        rest = comment.get(close + 3..).unwrap_or_default();
    }
    outside.push_str(rest);
    (outside, comments)
}

/// The words of the body of `html` as written (character references as
/// they are), tags and comments left out, split at ASCII white space only:
/// a no-break space stays inside its word.
fn body_words(html: &str) -> Vec<String> {
    let (html, _) = split_comments(html);
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut text = String::new();
    for piece in body.split('<') {
        text.push(' ');
        text.push_str(piece.split_once('>').map_or(piece, |(_, text)| text));
    }
    text.split_ascii_whitespace().map(str::to_owned).collect()
}

fn page(release: &crate::model::Release) -> String {
    String::from_utf8(html::render(release, None).unwrap_or_default()).unwrap_or_default()
}

#[test]
fn a_complete_document_in_french() {
    let html = message(&n2());
    assert!(html.starts_with(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    ));
    assert!(html.contains("<title>Covid-19\u{a0}: le Pas-de-Calais solidaire n°2</title>"));
    // Webmail drops <html> and <head>: the message's own wrapper says its
    // language and what it is.
    assert!(html.contains(
        "<div role=\"article\" aria-roledescription=\"e-mail\" \
         aria-label=\"Covid-19\u{a0}: le Pas-de-Calais solidaire n°2\" lang=\"fr\""
    ));
    assert_eq!(count(&html, "<h1"), 1);
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn styles_are_inline_only_and_nothing_is_fetched() {
    let html = message(&n2());
    for absent in [
        "<style",
        "class=",
        "<link",
        "<script",
        "<img",
        "<iframe",
        "src=",
        "url(",
        "@import",
        "@font-face",
        "@media",
    ] {
        assert_eq!(count(&html, absent), 0, "{absent}");
    }
    // Every element that shows something styles itself; inline phrasing
    // (`strong`, `em`, `br`) inherits from its paragraph.
    let (outside, _) = split_comments(&html);
    let body = &outside[outside.find("<body").unwrap_or(0)..];
    for tag in body.split('<').skip(1) {
        let name = tag.split([' ', '>']).next().unwrap_or_default();
        if [
            "body", "div", "table", "td", "p", "h1", "h2", "ul", "li", "a", "span", "address",
        ]
        .contains(&name)
        {
            assert!(tag.contains(" style=\""), "<{tag}");
        }
    }
    assert!(html.contains("font-family:Arial, Helvetica, sans-serif;"));
}

#[test]
fn one_centred_column_of_640_px_at_most() {
    let html = message(&n2());
    assert!(html.contains(
        "<table role=\"presentation\" style=\"width:100%;max-width:640px;margin:0 auto;"
    ));
    // Outlook for Windows ignores max-width: its own table, in comments
    // only it reads, is 640 px wide.
    let (_, comments) = split_comments(&html);
    assert!(
        comments[0]
            .starts_with("[if mso]><table role=\"presentation\" align=\"center\" width=\"640\"")
    );
    assert!(
        comments
            .iter()
            .all(|c| c.starts_with("[if mso]>") && c.ends_with("<![endif]"))
    );
    assert_eq!(
        count(&html, "max-width:"),
        3,
        "the column and the masthead's two blocks"
    );
}

#[test]
fn colours_are_explicit_for_clients_in_dark_mode() {
    let html = message(&n2());
    assert!(html.contains("<meta name=\"color-scheme\" content=\"light\">"));
    // The ground and the text of the wrapper, of the column and of the
    // call to action are all written out: a client that recolours one
    // recolours a pair.
    assert!(
        html.contains("style=\"margin:0;padding:24px 0;background-color:#f6f6f6;color:#161616;\"")
    );
    assert!(html.contains("background-color:#ffffff;color:#161616;font-family:"));
    assert!(html.contains("background-color:#f5f5fe;color:#161616;"));
    assert!(html.contains("<h2 style=\"margin:36px 0 12px;color:#000091;font-family:"));
}

#[test]
fn the_page_s_words_in_the_page_s_order() {
    // Same view, same markup: the words a reader sees, no-break spaces,
    // guillemets and apostrophes included, are the page's, one by one.
    for release in [n2(), minimal(), hostile_release()] {
        assert_eq!(body_words(&message(&release)), body_words(&page(&release)));
    }
    let words = body_words(&message(&n2()));
    assert!(words.contains(&"d’informations\u{a0}:".to_owned()));
    assert!(words.contains(&"50\u{202f}000\u{a0}litres".to_owned()));
}

#[test]
fn hrefs_are_the_release_s_absolute_addresses_in_order() {
    let release = n2();
    let html = message(&release);
    let expected: Vec<String> = release
        .links()
        .into_iter()
        .filter_map(|link| emittable_href(link).map(|href| escape(&href)))
        .collect();
    assert_eq!(hrefs(&html), expected);
    assert!(hrefs(&html).iter().all(|href| {
        ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| href.starts_with(s))
    }));
    assert!(html.contains(
        "<a href=\"mailto:communication@prefecture.example\" style=\"color:#000091;text-decoration:underline;overflow-wrap:anywhere;word-break:break-word;\">communication@prefecture.example</a>"
    ));
}

#[test]
fn long_words_and_addresses_wrap_on_a_phone() {
    let html = message(&n2());
    assert_eq!(
        count(&html, "<a href="),
        count(&html, "overflow-wrap:anywhere;word-break:break-word;\">") - 1,
        "every link, and the column"
    );
    // A hyphenated word stays whole, styled in place rather than by a class.
    assert!(html.contains(
        "<em>le <span style=\"display:inline-block;\">Pas-de-Calais</span> solidaire</em>"
    ));
    assert!(html.contains(
        "text-align:center;\"><span style=\"display:inline-block;\">Covid-19\u{a0}:</span> le <span style=\"display:inline-block;\">Pas-de-Calais</span> solidaire n°2</h1>"
    ));
}

#[test]
fn more_information_puts_one_link_inline_and_several_in_a_list() {
    let html = message(&n2());
    assert!(html.contains(
        "<p style=\"margin:0;font-size:15px;line-height:23px;\">Pour plus d’informations\u{a0}: <a href=\"mailto:fdelfour@durandproduction.com\""
    ));
    assert!(html.contains(
        "<p style=\"margin:0;font-size:15px;line-height:23px;\">Pour plus d’informations\u{a0}:</p>\n<ul style=\"margin:2px 0 0;padding:0 0 0 24px;font-size:15px;line-height:23px;\">\n<li style=\"margin:0;\"><a href=\"https://www.facebook.com/covidentraidefr/\""
    ));
}

#[test]
fn input_full_of_markup_stays_text() {
    let html = message(&hostile_release());
    let (outside, _) = split_comments(&html);
    let mut tags = tag_names(&outside);
    tags.sort_unstable();
    tags.dedup();
    assert_eq!(
        tags,
        [
            "!DOCTYPE", "a", "address", "body", "br", "div", "em", "h1", "h2", "head", "html",
            "meta", "p", "strong", "table", "td", "title", "tr"
        ]
    );
    assert_eq!(count(&html, "<script"), 0);
    assert_eq!(count(&html, "<h1"), 1);
    // Title, the wrapper's label, label, dateline, h1, preamble, h2,
    // intro, initiative, two link texts, closing, call to action, contact
    // name, phone and e-mail text; the issuer is split over two lines.
    assert_eq!(count(&html, &escape(HOSTILE)), 16, "{html}");
    let (first, rest) = HOSTILE.split_once(' ').unwrap_or_default();
    assert!(html.contains(&format!("{}<br>{}</p>", escape(first), escape(rest))));
}

#[test]
fn optional_blocks_leave_no_trace() {
    let mut release = minimal();
    release.issuer = None;
    release.label = None;
    let html = message(&release);
    for absent in [
        "Liberté",
        "<address",
        "#e1000f",
        "#f5f5fe",
        "#000091;font-size:20px",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
    assert!(html.contains("Arras, le\u{a0}8\u{a0}avril\u{a0}2020</p>"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn the_contact_block_ends_the_message() {
    let mut release = minimal();
    release.contact = Some(crate::model::Contact {
        name: None,
        phone: Some("03\u{a0}00\u{a0}00\u{a0}00\u{a0}00".to_owned()),
        email: Some(email("presse@prefecture.example")),
    });
    let html = message(&release);
    let contact = &html[html.find("<address").unwrap_or(0)..];
    assert!(contact.starts_with("<address style=\""));
    assert!(contact.contains(
        "<strong>Contact presse</strong><br>\nTél.\u{a0}: 03\u{a0}00\u{a0}00\u{a0}00\u{a0}00<br>\nCourriel\u{a0}: <a href=\"mailto:presse@prefecture.example\""
    ));
    assert!(contact.contains("</address>\n</td>\n</tr>\n</table>"));
}
