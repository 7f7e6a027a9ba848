//! Snapshots of the Markdown and HTML of n2, and of the plain-text and HTML
//! parts of its e-mail, reviewed by a person: any change to what the press
//! receives shows up as a diff to accept (`cargo insta review`) or to fix.

mod common;

use solidaire::render::{Format, RenderOptions};

fn render_n2(format: Format) -> String {
    String::from_utf8(
        format
            .render(&common::n2(), &RenderOptions::default())
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn n2_markdown() {
    insta::assert_snapshot!("n2.md", render_n2(Format::Markdown));
}

#[test]
fn n2_html() {
    insta::assert_snapshot!("n2.html", render_n2(Format::Html));
}

#[test]
fn n2_mail_html() {
    let html = solidaire::render::mail_html::render(&common::n2()).unwrap();
    insta::assert_snapshot!("n2-mail.html", html);
}

#[test]
fn n2_text_part() {
    insta::assert_snapshot!("n2.txt", solidaire::render::text::render(&common::n2()));
}
