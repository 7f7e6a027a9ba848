//! The HTML page: input escaped everywhere, the expected landmarks once,
//! links only from `Link.href`, nothing loaded from elsewhere.
//!
//! Every `<` that comes from the input is escaped, so every `<` left in the
//! page is one of ours: counting tags by their text is exact.

use super::inline::{HtmlInline, escape};
use super::{communique, issuer_lines, render};
use crate::model::{Contact, Inline, Link, LinkKind, Paragraph, Release, Style};
use crate::render::sample::{
    HOSTILE, count, email, hostile_release, hrefs, minimal, n2, tag_names, text, web,
};
use crate::render::view::InlineMarkup;
use crate::render::{Navigation, NavigationLink};

fn page(release: &Release) -> String {
    let bytes = render(release, None).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[test]
fn input_full_of_markup_stays_text() {
    let html = page(&hostile_release());
    let mut tags = tag_names(&html);
    tags.sort_unstable();
    tags.dedup();
    assert_eq!(
        tags,
        [
            "!DOCTYPE", "a", "address", "body", "br", "div", "em", "footer", "h1", "h2", "head",
            "header", "html", "main", "meta", "p", "section", "strong", "style", "time", "title"
        ]
    );
    assert_eq!(count(&html, "<h1>"), 1);
    assert_eq!(count(&html, "<script"), 0);
    // Title, author, label, dateline, h1, preamble, h2, intro, initiative,
    // two link texts, closing, call to action, contact name, phone and
    // e-mail text; the issuer is split over two lines.
    assert_eq!(count(&html, &escape(HOSTILE)), 16, "{html}");
    let (first, rest) = HOSTILE.split_once(' ').unwrap_or_default();
    let issuer = format!(
        "<p class=\"issuer\">{}<br>{}</p>",
        escape(first),
        escape(rest)
    );
    assert!(html.contains(&issuer), "{issuer}");
}

#[test]
fn quotes_cannot_leave_an_attribute() {
    let mut release = minimal();
    release.issuer = Some("Préfet\" onload=\"alert(1)".to_owned());
    let html = page(&release);
    assert!(html.contains("<meta name=\"author\" content=\"Préfet&#34; onload=&#34;alert(1)\">"));
    assert!(!html.contains("onload=\""));
}

#[test]
fn a_link_address_is_escaped_in_its_attribute() {
    let link = web("lien", "https://exemple.fr/?a=1&b=\"2\"<x>");
    assert_eq!(
        HtmlInline::PAGE.link(&link),
        "<a href=\"https://exemple.fr/?a=1&#38;b=%222%22%3Cx%3E\">lien</a>"
    );
}

#[test]
fn javascript_in_text_or_in_a_link_is_never_an_href() {
    let javascript = web("javascript:alert(1)", "javascript:alert(1)");
    let mismatched = Link {
        text: "x@y.fr".to_owned(),
        href: "https://y.fr".to_owned(),
        kind: LinkKind::Email,
    };
    assert_eq!(HtmlInline::PAGE.link(&javascript), "javascript:alert(1)");
    assert_eq!(HtmlInline::PAGE.link(&mismatched), "x@y.fr");

    let mut release = minimal();
    release.preamble = vec![Paragraph(vec![
        text("javascript:alert(1) "),
        Inline::Link {
            link: javascript,
            style: Style::default(),
        },
        Inline::Link {
            link: web("data", "data:text/html,<b>"),
            style: Style::default(),
        },
    ])];
    let html = page(&release);
    assert!(hrefs(&html).is_empty(), "{:?}", hrefs(&html));
    assert!(html.contains("<p>javascript:alert(1) javascript:alert(1)data</p>"));
}

#[test]
fn hrefs_are_the_links_of_the_release_in_order() {
    let release = n2();
    let html = page(&release);
    let mut expected: Vec<&str> = release
        .sections
        .iter()
        .flat_map(|s| &s.initiatives)
        .flat_map(|i| &i.links)
        .chain(&release.closing.url)
        .chain(release.contact.as_ref().and_then(|c| c.email.as_ref()))
        .map(|link| link.href.as_str())
        .collect();
    assert_eq!(hrefs(&html), expected);
    expected.retain(|href| href.starts_with("mailto:"));
    assert_eq!(
        expected,
        [
            "mailto:fdelfour@durandproduction.com",
            "mailto:sdeghima.avenirdescites@gmail.com",
            "mailto:communication@prefecture.example"
        ]
    );
    assert!(html.contains(
        "<a href=\"https://www.facebook.com/groups/entraide.imprimante.3d/\">www.facebook.com/groups/entraide.imprimante.3d/</a>"
    ));
}

#[test]
fn the_page_has_its_landmarks_once() {
    let release = n2();
    let html = page(&release);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
    );
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("<title>Covid-19\u{a0}: le Pas-de-Calais solidaire n°2</title>"));
    for landmark in ["<header", "<main>", "<footer>", "<h1>", "<address>"] {
        assert_eq!(count(&html, landmark), 1, "{landmark}");
    }
    assert!(html.contains("<h1>Covid-19\u{a0}: le Pas-de-Calais solidaire n°2</h1>"));
    assert!(
        html.contains("<time datetime=\"2020-04-08\">Arras, le\u{a0}8\u{a0}avril\u{a0}2020</time>")
    );
    assert!(html.contains("<p class=\"label\">Communiqué de presse</p>"));
    assert!(html.contains("<p class=\"issuer\">Préfet<br>du Pas-de-Calais</p>"));
    assert!(html.contains("Liberté<br>Égalité<br>Fraternité"));
}

#[test]
fn one_labelled_section_per_section() {
    let release = n2();
    let html = page(&release);
    assert_eq!(count(&html, "<section"), release.sections.len());
    assert_eq!(count(&html, "<h2"), release.sections.len());
    for (index, section) in release.sections.iter().enumerate() {
        let n = index + 1;
        let expected = format!(
            "<section aria-labelledby=\"section-{n}\">\n<h2 id=\"section-{n}\">{}</h2>",
            section.title.plain_text()
        );
        assert!(html.contains(&expected), "{expected}");
    }
}

#[test]
fn styles_become_strong_and_em() {
    let html = page(&n2());
    assert!(html.contains("<strong>50\u{202f}000\u{a0}litres par jour</strong>"));
    assert!(html.contains("<em>le <span class=\"nowrap\">Pas-de-Calais</span> solidaire</em>"));
}

#[test]
fn more_information_puts_one_link_inline_and_several_in_a_list() {
    let html = page(&n2());
    assert!(html.contains(
        "<p class=\"more-information\">Pour plus d’informations\u{a0}: <a href=\"mailto:fdelfour@durandproduction.com\">fdelfour@durandproduction.com</a></p>"
    ));
    assert!(html.contains(
        "<p class=\"more-information\">Pour plus d’informations\u{a0}:</p>\n<ul class=\"more-information-links\">\n<li><a href=\"https://www.facebook.com/covidentraidefr/\">"
    ));
}

#[test]
fn nothing_is_loaded_from_elsewhere() {
    let html = page(&n2());
    for request in [
        "src=",
        "<link",
        "<script",
        "@import",
        "url(",
        "@font-face",
        "<img",
        "<iframe",
    ] {
        assert!(!html.contains(request), "{request}");
    }
    assert!(
        html.contains("font-family: Marianne, Arial, \"Liberation Sans\", Helvetica, sans-serif;")
    );
}

#[test]
fn the_stylesheet_prints_on_a4_and_wraps_long_addresses() {
    let html = page(&n2());
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("@media print {"));
    assert!(html.contains("overflow-wrap: anywhere;"));
    assert!(html.contains("a:focus-visible {"));
}

#[test]
fn optional_blocks_leave_no_trace() {
    let mut release = minimal();
    release.issuer = None;
    release.label = None;
    let html = page(&release);
    for absent in [
        "class=\"bloc-marque\"",
        "class=\"label\"",
        "<footer>",
        "name=\"author\"",
        "class=\"call-to-action\"",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn the_issuer_is_set_on_two_lines() {
    assert_eq!(
        issuer_lines("Préfet du Pas-de-Calais"),
        ["Préfet", "du Pas-de-Calais"]
    );
    assert_eq!(
        issuer_lines("Préfète de la région Hauts-de-France"),
        ["Préfète", "de la région Hauts-de-France"]
    );
    assert_eq!(issuer_lines("Préfecture"), ["Préfecture"]);
    assert_eq!(issuer_lines("Préfet "), ["Préfet "]);
}

#[test]
fn an_email_contact_links_with_mailto() {
    let mut release = minimal();
    release.contact = Some(Contact {
        name: None,
        phone: None,
        email: Some(email("presse@prefecture.example")),
    });
    let html = page(&release);
    assert!(html.contains(
        "Courriel\u{a0}: <a href=\"mailto:presse@prefecture.example\">presse@prefecture.example</a>"
    ));
}

/// Runs the W3C Nu HTML checker on the sample, the hostile and the minimal
/// release. `SOLIDAIRE_VNU_JAR` names its jar (`npm install vnu-jar` ships
/// it in `node_modules/vnu-jar/build/dist/vnu.jar`; it needs Java). Ignored
/// by a plain `cargo test`; `.ci/run` installs both and runs it, and there a
/// missing checker fails the test.
#[test]
#[ignore = "needs java and the W3C Nu checker (SOLIDAIRE_VNU_JAR); run by .ci/run"]
fn the_page_is_valid_html5_for_the_nu_checker() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let jar = std::env::var_os("SOLIDAIRE_VNU_JAR")
        .ok_or("SOLIDAIRE_VNU_JAR must name vnu.jar: run .ci/run")?;
    for release in [n2(), hostile_release(), minimal()] {
        let mut checker = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--format", "text", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        checker
            .stdin
            .take()
            .ok_or("no stdin")?
            .write_all(page(&release).as_bytes())?;
        let output = checker.wait_with_output()?;
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

#[test]
fn a_page_of_the_site_links_the_issues_around_it_and_the_standalone_page_does_not() {
    let release = n2();
    let standalone = page(&release);
    assert!(
        !standalone.contains("<nav"),
        "compose's page has no navigation"
    );
    let navigation = Navigation {
        previous: Some(NavigationLink {
            href: "n1.html".to_owned(),
            label: "n°1".to_owned(),
        }),
        next: Some(NavigationLink {
            href: "n%22.html".to_owned(),
            label: HOSTILE.to_owned(),
        }),
        archive: "index.html".to_owned(),
    };
    let site = String::from_utf8(render(&release, Some(&navigation)).unwrap()).unwrap();
    assert_eq!(tag_names(&site).iter().filter(|&&n| n == "nav").count(), 1);
    assert!(site.contains(r#"<a href="n1.html" rel="prev">"#), "{site}");
    assert!(
        site.contains(r#"<a href="n%22.html" rel="next">"#),
        "{site}"
    );
    assert!(site.contains(r#"<a href="index.html">Tous les numéros</a>"#));
    assert!(!site.contains("<script>"), "labels are escaped");
    assert_eq!(hrefs(&site)[..3], ["n1.html", "index.html", "n%22.html"]);
    // The communiqué itself is the same in both.
    assert_eq!(communique(&site), communique(&standalone));
    assert!(communique(&site).starts_with("<main>"));
    assert!(communique(&site).ends_with("</footer>"));
}
