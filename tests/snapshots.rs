//! Snapshots of the Markdown and HTML of n2, reviewed by a person: any
//! change to what the press receives shows up as a diff to accept
//! (`cargo insta review`) or to fix.

mod common;

use solidaire::load::load_release;
use solidaire::render::Format;

fn render_n2(format: Format) -> String {
    let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 8).unwrap();
    let release = load_release(&common::root().join("releases/n2.toml"), today)
        .expect("n2 is valid")
        .release;
    String::from_utf8(format.render(&release).unwrap()).unwrap()
}

#[test]
fn n2_markdown() {
    insta::assert_snapshot!("n2.md", render_n2(Format::Markdown));
}

#[test]
fn n2_html() {
    insta::assert_snapshot!("n2.html", render_n2(Format::Html));
}
