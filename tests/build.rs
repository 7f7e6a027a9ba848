//! `solidaire build`, run as a user runs it: the site it writes (every
//! issue, the archive, the feed, the sitemap), what it refuses, and that
//! the previous site survives every failure byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

mod common;

use common::cli::{files_under, names, renumbered_n2, solidaire, stderr, write_issue};

const SITE: &str = "https://prefecture.example/solidaire/";

fn build(dir: &Path) -> Output {
    let output = solidaire(dir, &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

/// A scratch folder with `releases/`: the bundled n°2 and series.toml, and
/// a n°1 and a n°3 whose first initiative is in Étaples and Zutkerque.
fn workspace() -> TempDir {
    let dir = common::cli::workspace();
    write_issue(
        dir.path(),
        "n1.toml",
        &renumbered_n2(1, "2020-04-01", "Étaples"),
    );
    write_issue(
        dir.path(),
        "n3.toml",
        &renumbered_n2(3, "2020-04-15", "Zutkerque"),
    );
    dir
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let bytes = fs::read(dir.join(&path)).unwrap();
            (path, bytes)
        })
        .collect()
}

/// `days` after today (before, when negative): a date near today draws
/// no « more than a year away » warning.
fn day(days: i64) -> chrono::NaiveDate {
    chrono::Local::now().date_naive() + chrono::Duration::days(days)
}

/// An issue that draws no warning, dated `days` after today.
fn plain_issue(number: u32, days: i64) -> String {
    format!(
        "number = {number}\ndate = {}\npreamble = \"Le chapeau.\"\n\n[[sections]]\n\
         title = \"Une section\"\nintro = \"Une introduction.\"\n\n[closing]\ntext = \"Merci.\"\n",
        day(days)
    )
}

const QUIET_SERIES: &str = "title = \"Le Pas-de-Calais solidaire\"\nplace = \"Arras\"\n\
                            site = \"https://prefecture.example/solidaire/\"\n";

/// A scratch folder with `releases/`: a series.toml giving `site`, and a
/// n°1 and a n°2 dated last week and today: nothing draws a warning, so
/// that what `build` says can be compared whole.
fn quiet_workspace() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("releases")).unwrap();
    write_issue(dir.path(), "series.toml", QUIET_SERIES);
    write_issue(dir.path(), "n1.toml", &plain_issue(1, -7));
    write_issue(dir.path(), "n2.toml", &plain_issue(2, 0));
    dir
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join("site").join(name)).unwrap()
}

/// Every value of `attribute="…"` in `html`, unescaped.
fn attributes(html: &str, attribute: &str) -> Vec<String> {
    html.split(&format!(" {attribute}=\""))
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|value| value.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}

#[test]
fn build_writes_every_issue_the_archive_the_feed_and_the_sitemap() {
    let dir = workspace();
    let output = build(dir.path());
    assert!(
        stderr(&output).ends_with("built 3 issues into site/\n"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
    let site = dir.path().join("site");
    let mut expected = vec![".solidaire-site", "feed.xml", "index.html", "sitemap.xml"];
    for n in 1..=3 {
        for extension in ["html", "md", "pdf"] {
            expected.push(Box::leak(format!("n{n}.{extension}").into_boxed_str()));
        }
    }
    expected.sort();
    assert_eq!(names(&site), expected);
    assert_eq!(
        names(dir.path()),
        ["releases", "site"],
        "no temporary folder"
    );
}

#[test]
fn each_issue_page_links_the_issues_before_and_after_it_and_the_archive() {
    let dir = workspace();
    build(dir.path());
    let n2 = read(dir.path(), "n2.html");
    assert!(n2.contains(r#"<a href="n1.html" rel="prev">"#), "{n2}");
    assert!(n2.contains(r#"<a href="n3.html" rel="next">"#));
    assert!(n2.contains(r#"<a href="index.html">Tous les numéros</a>"#));
    let n1 = read(dir.path(), "n1.html");
    assert!(!n1.contains("rel=\"prev\"") && n1.contains("rel=\"next\""));
    let n3 = read(dir.path(), "n3.html");
    assert!(n3.contains("rel=\"prev\"") && !n3.contains("rel=\"next\""));
    // The Markdown and the PDF are compose's own.
    let composed = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--out-dir", "out"],
    );
    assert!(composed.status.success(), "{}", stderr(&composed));
    for name in ["n2.md", "n2.pdf"] {
        assert_eq!(
            fs::read(dir.path().join("out").join(name)).unwrap(),
            fs::read(dir.path().join("site").join(name)).unwrap(),
            "{name}"
        );
    }
    let standalone = fs::read_to_string(dir.path().join("out/n2.html")).unwrap();
    assert!(!standalone.contains("<nav"));
}

#[test]
fn the_index_lists_every_issue_newest_first_and_every_commune_in_french_order() {
    let dir = workspace();
    build(dir.path());
    let index = read(dir.path(), "index.html");
    let titles: Vec<usize> = (1..=3)
        .map(|n| {
            index
                .find(&format!("solidaire n°{n}</a></h3>"))
                .unwrap_or_else(|| panic!("n°{n} missing"))
        })
        .collect();
    assert!(
        titles[2] < titles[1] && titles[1] < titles[0],
        "newest first"
    );
    for (date, french) in [
        ("2020-04-01", "1er avril 2020"),
        ("2020-04-08", "8 avril 2020"),
        ("2020-04-15", "15 avril 2020"),
    ] {
        assert!(
            index.contains(&format!("<time datetime=\"{date}\">{french}</time>")),
            "{date}"
        );
    }
    let pdf = fs::metadata(dir.path().join("site/n2.pdf")).unwrap().len();
    let ko = (pdf + 512) / 1024;
    assert!(
        index.contains(&format!("<a href=\"n2.pdf\">PDF, {ko}\u{a0}Ko</a>")),
        "{index}"
    );
    assert!(index.contains("<li>Solidaires dans l’application des mesures de protection</li>"));

    // Every place of every issue, once, in French order (É with the E).
    let communes = &index[index.find("<h2 id=\"communes\">").unwrap()..];
    let listed: Vec<&str> = communes
        .split("<span class=\"commune\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap())
        .collect();
    let mut places = BTreeSet::new();
    for n in 1..=3 {
        let text = fs::read_to_string(dir.path().join(format!("releases/n{n}.toml"))).unwrap();
        for line in text.lines() {
            if let Some(place) = line.strip_prefix("place = \"") {
                places.insert(place.trim_end_matches('"').to_owned());
            }
        }
    }
    assert_eq!(
        listed.iter().copied().collect::<BTreeSet<_>>(),
        places.iter().map(String::as_str).collect(),
    );
    let at = |name: &str| listed.iter().position(|listed| *listed == name).unwrap();
    assert!(at("Étaples") < at("Harnes") && at("Harnes") < at("Zutkerque"));
    if let Some(liévin) = listed.iter().position(|l| *l == "Liévin") {
        assert!(at("Harnes") < liévin);
    }
    // Harnes is in n°2 and n°3 (whose first initiative moved to Zutkerque
    // but whose later one is still in Harnes), Étaples in n°1 only.
    let line = |name: &str| {
        communes[communes.find(&format!(">{name}<")).unwrap()..]
            .split("</li>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(line("Étaples").contains("<a href=\"n1.html\">n°1</a>"));
    assert!(!line("Étaples").contains("n2.html"));
    assert!(line("Zutkerque").contains("<a href=\"n3.html\">n°3</a>"));
}

#[test]
fn the_feed_is_atom_that_a_reader_can_rely_on() {
    let dir = workspace();
    build(dir.path());
    let xml = read(dir.path(), "feed.xml");
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = document.root_element();
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|child| child.has_tag_name((ATOM, name)))
            .unwrap_or_else(|| panic!("no <{name}>"))
            .text()
            .unwrap_or_default()
            .to_owned()
    };
    let links = |node: roxmltree::Node<'_, '_>| -> Vec<(String, String)> {
        node.children()
            .filter(|child| child.has_tag_name((ATOM, "link")))
            .map(|link| {
                (
                    link.attribute("rel").unwrap_or("alternate").to_owned(),
                    link.attribute("href").unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(child(feed, "id"), SITE);
    assert_eq!(
        child(feed, "title"),
        "Covid-19\u{a0}: le Pas-de-Calais solidaire"
    );
    assert_eq!(child(feed, "updated"), "2020-04-15T00:00:00Z");
    let author = feed
        .children()
        .find(|c| c.has_tag_name((ATOM, "author")))
        .unwrap();
    assert_eq!(child(author, "name"), "Préfet du Pas-de-Calais");
    assert_eq!(
        links(feed),
        [
            ("self".to_owned(), format!("{SITE}feed.xml")),
            ("alternate".to_owned(), format!("{SITE}index.html")),
        ]
    );

    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 3);
    let mut ids = BTreeSet::new();
    let dates = ["2020-04-15", "2020-04-08", "2020-04-01"];
    for ((entry, n), date) in entries.iter().zip([3, 2, 1]).zip(dates) {
        let id = child(*entry, "id");
        assert_eq!(id, format!("{SITE}n{n}.html"));
        assert!(ids.insert(id), "ids are unique");
        assert_eq!(
            child(*entry, "title"),
            format!("Covid-19\u{a0}: le Pas-de-Calais solidaire n°{n}")
        );
        // The issue's date, at midnight UTC as in its PDF.
        for element in ["published", "updated"] {
            let value = child(*entry, element);
            chrono::DateTime::parse_from_rfc3339(&value)
                .unwrap_or_else(|_| panic!("{element} `{value}` is not RFC 3339"));
            assert_eq!(value, format!("{date}T00:00:00Z"), "n°{n}'s {element}");
        }
        let summary = child(*entry, "summary").replace(['\u{a0}', '\u{202f}'], " ");
        assert!(summary.starts_with("Le 6 avril dernier"), "{summary}");
        assert!(!child(*entry, "summary").contains('<'), "plain text");
        let content = entry
            .children()
            .find(|c| c.has_tag_name((ATOM, "content")))
            .unwrap();
        assert_eq!(content.attribute("type"), Some("html"));
        let html = content.text().unwrap();
        assert!(html.starts_with("<main>\n<h1>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("javascript:"));
        for (rel, href) in links(*entry) {
            assert!(href.starts_with(SITE), "{href} is absolute");
            let name = href.strip_prefix(SITE).unwrap();
            assert!(dir.path().join("site").join(name).is_file(), "{href}");
            if rel == "enclosure" {
                assert_eq!(name, format!("n{n}.pdf"));
            }
        }
        let enclosure = entry
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("enclosure"))
            .unwrap();
        assert_eq!(enclosure.attribute("type"), Some("application/pdf"));
        let pdf = fs::metadata(dir.path().join(format!("site/n{n}.pdf"))).unwrap();
        assert_eq!(enclosure.attribute("length"), Some(&*pdf.len().to_string()));
    }

    // An id never changes when the issue's text does.
    write_issue(
        dir.path(),
        "n3.toml",
        &renumbered_n2(3, "2020-04-16", "Zutkerque").replace("Le 6 avril dernier", "Le 7 avril"),
    );
    build(dir.path());
    let again = read(dir.path(), "feed.xml");
    assert!(again.contains(&format!("<id>{SITE}n3.html</id>")));
    assert_ne!(again, xml);
}

#[test]
fn the_sitemap_lists_every_page_with_its_date() {
    let dir = workspace();
    build(dir.path());
    let xml = read(dir.path(), "sitemap.xml");
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let pages: Vec<(String, String)> = document
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("url"))
        .map(|url| {
            let text = |name| {
                url.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap()
                    .to_owned()
            };
            (text("loc"), text("lastmod"))
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("index.html", "2020-04-15"),
        ("n3.html", "2020-04-15"),
        ("n2.html", "2020-04-08"),
        ("n1.html", "2020-04-01"),
    ]
    .iter()
    .map(|(page, date)| (format!("{SITE}{page}"), date.to_string()))
    .collect();
    assert_eq!(pages, expected);
}

#[test]
fn every_internal_link_of_the_site_leads_to_one_of_its_files() {
    let dir = workspace();
    // A file name that needs percent-encoding in a link.
    write_issue(
        dir.path(),
        "n4 bis#1.toml",
        &renumbered_n2(4, "2020-04-22", "Arras"),
    );
    build(dir.path());
    let site = dir.path().join("site");
    let mut checked = 0;
    for (path, bytes) in tree(&site) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attribute in ["href", "src"] {
            for link in attributes(&html, attribute) {
                if ["https:", "http:", "mailto:"]
                    .iter()
                    .any(|scheme| link.starts_with(scheme))
                {
                    continue;
                }
                let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
                // `#x` alone is a place in this very page.
                let target = if file.is_empty() {
                    path.clone()
                } else {
                    PathBuf::from(percent_decode(file))
                };
                assert!(
                    site.join(&target).is_file(),
                    "{}: `{link}` leads nowhere",
                    path.display()
                );
                if !fragment.is_empty() {
                    let page = fs::read_to_string(site.join(&target)).unwrap();
                    let id = percent_decode(fragment);
                    assert!(
                        attributes(&page, "id").contains(&id),
                        "{}: `{link}`: no `id=\"{id}\"` in {}",
                        path.display(),
                        target.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} links checked");
    assert!(site.join("n4 bis#1.html").is_file());
}

/// `text` with each `%` and two hex digits decoded; a `%` without them
/// is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes
            .get(at + 1..at + 3)
            .filter(|hex| bytes[at] == b'%' && hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match byte {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn percent_decode_keeps_a_percent_without_two_hex_digits() {
    assert_eq!(percent_decode("n4%20bis%231.html"), "n4 bis#1.html");
    assert_eq!(percent_decode("a%C3%A9"), "aé");
    assert_eq!(percent_decode("50%"), "50%");
    assert_eq!(percent_decode("a%2"), "a%2");
    assert_eq!(percent_decode("a%zz"), "a%zz");
}

#[test]
fn build_is_byte_identical_run_after_run() {
    let dir = workspace();
    build(dir.path());
    let first = tree(&dir.path().join("site"));
    build(dir.path());
    assert_eq!(tree(&dir.path().join("site")), first);
    let other = solidaire(dir.path(), &["build", "releases", "--out-dir", "elsewhere"]);
    assert!(other.status.success(), "{}", stderr(&other));
    assert_eq!(tree(&dir.path().join("elsewhere")), first);
}

#[test]
fn one_invalid_file_among_valid_ones_writes_nothing_and_keeps_the_previous_site() {
    let dir = quiet_workspace();
    build(dir.path());
    let before = tree(&dir.path().join("site"));
    write_issue(
        dir.path(),
        "n3.toml",
        &plain_issue(3, 0).replace("[closing]", "[closing]\nsignature = 1"),
    );
    write_issue(dir.path(), "n4.toml", "number = 4\n");
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: unknown key `closing.signature`\n\
         \x20 --> releases/n3.toml:10:1\n\
         \x20  |\n\
         10 | signature = 1\n\
         \x20  | ^^^^^^^^^\n\
         \x20  |\n\
         \x20  = help: expected one of `text`, `call_to_action`, `url`\n\
         \n\
         error: missing required key `preamble`\n\
         \x20--> releases/n4.toml:1:1\n\
         \x20 |\n\
         1 | number = 4\n\
         \x20 | ^ add `preamble = …` to this file\n\
         \n\
         error: missing required key `sections`\n\
         \x20--> releases/n4.toml:1:1\n\
         \x20 |\n\
         1 | number = 4\n\
         \x20 | ^ add `[[sections]]` to this file\n\
         \n\
         error: missing required key `closing`\n\
         \x20--> releases/n4.toml:1:1\n\
         \x20 |\n\
         1 | number = 4\n\
         \x20 | ^ add `[closing]` to this file\n\
         \n\
         error: missing required key `date`\n\
         \x20--> releases/n4.toml:1:1\n\
         \x20 |\n\
         1 | number = 4\n\
         \x20 | ^ add `date = 2020-04-08` to this file\n\
         \n\
         error: aborting, 5 errors: nothing written\n"
    );
    assert_eq!(tree(&dir.path().join("site")), before);
    assert_eq!(names(dir.path()), ["releases", "site"]);
}

#[test]
fn two_issues_with_one_number_exit_65_and_keep_the_previous_site() {
    let dir = quiet_workspace();
    build(dir.path());
    let before = tree(&dir.path().join("site"));
    write_issue(dir.path(), "n2-bis.toml", &plain_issue(2, -1));
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: two issues are numbered 2: this one and `releases/n2-bis.toml:1:10`\n\
         \x20--> releases/n2.toml:1:10\n\
         \x20 |\n\
         1 | number = 2\n\
         \x20 |          ^ the same number as another issue\n\
         \x20 |\n\
         \x20 = help: give each issue its own number\n\
         \n\
         error: aborting, 1 error: nothing written\n"
    );
    assert_eq!(tree(&dir.path().join("site")), before);
    assert_eq!(names(dir.path()), ["releases", "site"]);
}

/// What `build` says of `label = "A Arras"` in series.toml.
const SERIES_WARNING: &str = "warning: `A Arras` starts a sentence with a capital A without its accent\n\
     \x20--> releases/series.toml:4:10\n\
     \x20 |\n\
     4 | label = \"A Arras\"\n\
     \x20 |          ^ did you mean `À`?\n\
     \x20 |\n\
     \x20 = help: write « À Arras »\n\
     \n";

#[test]
fn a_warning_of_series_toml_is_said_once_however_many_issues_share_it() {
    let dir = quiet_workspace();
    write_issue(
        dir.path(),
        "series.toml",
        &format!("{QUIET_SERIES}label = \"A Arras\"\n"),
    );
    write_issue(dir.path(), "n3.toml", &plain_issue(3, 0));
    let output = build(dir.path());
    assert_eq!(
        stderr(&output),
        format!("{SERIES_WARNING}built 3 issues into site/\n")
    );
}

#[test]
fn without_site_build_says_where_to_add_it_after_the_warnings() {
    let dir = quiet_workspace();
    write_issue(
        dir.path(),
        "series.toml",
        &format!("{QUIET_SERIES}label = \"A Arras\"\n").replace("site = ", "# site = "),
    );
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        stderr(&output),
        format!(
            "{SERIES_WARNING}\
             error: `site` is required by build: add `site = \"https://…/\"` to releases/series.toml\n\
             --> releases/series.toml\n\
             \x20= help: the address the site is published at: the feed and the sitemap give absolute addresses\n\
             \n\
             error: aborting, 1 error: nothing written\n"
        )
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn without_site_nor_series_toml_build_points_at_the_newest_issue() {
    let dir = quiet_workspace();
    fs::remove_file(dir.path().join("releases/series.toml")).unwrap();
    for number in [1, 2] {
        let text = format!(
            "title = \"Le Pas-de-Calais solidaire\"\nplace = \"Arras\"\n{}",
            plain_issue(number, i64::from(number) - 2)
        );
        write_issue(dir.path(), &format!("n{number}.toml"), &text);
    }
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(65));
    assert_eq!(
        stderr(&output),
        "error: `site` is required by build: add `site = \"https://…/\"` to releases/n2.toml\n\
         --> releases/n2.toml\n\
         \x20= help: the address the site is published at: the feed and the sitemap give absolute addresses\n\
         \n\
         error: aborting, 1 error: nothing written\n"
    );
}

#[test]
fn a_site_that_cannot_be_a_base_address_is_an_error_at_its_value() {
    let help = "\x20 = help: `site` is the address of the folder the site is published at, such as \
                `https://prefecture.example/solidaire/`: each page's name follows it\n";
    let query = "invalid link: `site` cannot have a query (`?`) or a fragment (`#`)";
    for (value, message, help) in [
        ("https://prefecture.example/solidaire/?page=1", query, help),
        ("https://prefecture.example/solidaire/#top", query, help),
        (
            "presse@prefecture.example",
            "invalid link: `site` must be a web address (https://…)",
            "",
        ),
        (
            "https://prefecture.example:80a/solidaire/",
            "invalid link: the port `80a` is not a number",
            "",
        ),
    ] {
        // In series.toml, and in the newest issue, which overrides it.
        for (file, line) in [("series.toml", 3), ("n2.toml", 1)] {
            let dir = quiet_workspace();
            let path = dir.path().join("releases").join(file);
            let text = fs::read_to_string(&path).unwrap();
            let text = if file == "series.toml" {
                text.replace("https://prefecture.example/solidaire/", value)
            } else {
                format!("site = \"{value}\"\n{text}")
            };
            fs::write(&path, text).unwrap();
            let output = solidaire(dir.path(), &["build"]);
            assert_eq!(output.status.code(), Some(65), "{value}");
            let marks = "^".repeat(value.chars().count() + 2);
            let help = if help.is_empty() {
                String::new()
            } else {
                format!("\x20 |\n{help}")
            };
            assert_eq!(
                stderr(&output),
                format!(
                    "error: {message}\n\
                     \x20--> releases/{file}:{line}:8\n\
                     \x20 |\n\
                     {line} | site = \"{value}\"\n\
                     \x20 |        {marks}\n\
                     {help}\
                     \n\
                     error: aborting, 1 error: nothing written\n"
                ),
                "{value} in {file}"
            );
            let short = solidaire(
                dir.path(),
                &["check", "releases", "--message-format", "short"],
            );
            assert!(
                stderr(&short).starts_with(&format!(
                    "releases/{file}:{line}:8: error[invalid-link]: {message}\n"
                )),
                "{}",
                stderr(&short)
            );
        }
    }
}

#[test]
fn an_unreadable_issue_exits_66() {
    let dir = quiet_workspace();
    std::os::unix::fs::symlink("nowhere.toml", dir.path().join("releases/n4.toml")).unwrap();
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/n4.toml`: it is a symbolic link to a file that does not exist\n"
    );
    // Every file that cannot be read is named, not only the first.
    std::os::unix::fs::symlink("n5.toml", dir.path().join("releases/n5.toml")).unwrap();
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(66), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read `releases/n4.toml`: it is a symbolic link to a file that does not exist\n\
         error: cannot read `releases/n5.toml`: too many levels of symbolic links\n"
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn build_never_replaces_a_folder_it_did_not_write_or_one_holding_the_inputs() {
    let dir = workspace();
    // The input folder, or a folder around it.
    for out in [".", "releases", dir.path().to_str().unwrap()] {
        let output = solidaire(dir.path(), &["build", "--out-dir", out]);
        assert_eq!(output.status.code(), Some(73), "{out}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("the site replaces that folder whole, and it holds the input"),
            "{}",
            stderr(&output)
        );
    }
    // A folder of someone's files.
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("notes.txt"), "mine").unwrap();
    let output = solidaire(dir.path(), &["build", "--out-dir", "mine"]);
    assert_eq!(output.status.code(), Some(73));
    assert_eq!(
        stderr(&output).lines().last().unwrap(),
        "error: cannot write `mine`: the folder holds files that `solidaire build` did not \
         write (it has no `.solidaire-site`), and building replaces the whole folder: choose \
         another --out-dir, or empty it"
    );
    assert_eq!(names(&mine), ["notes.txt"]);
    // An empty folder, or a file in the way.
    fs::create_dir(dir.path().join("empty")).unwrap();
    let output = solidaire(dir.path(), &["build", "--out-dir", "empty"]);
    assert!(output.status.success(), "{}", stderr(&output));
    fs::write(dir.path().join("file"), "x").unwrap();
    let output = solidaire(dir.path(), &["build", "--out-dir", "file"]);
    assert_eq!(output.status.code(), Some(73));
    assert!(
        stderr(&output).contains("error: cannot write `file`: a file of that name is in the way")
    );
}

#[test]
fn a_site_folder_reached_through_a_link_is_replaced_and_the_link_kept() {
    let dir = workspace();
    build(dir.path());
    std::os::unix::fs::symlink("site", dir.path().join("link")).unwrap();
    let output = solidaire(dir.path(), &["build", "--out-dir", "link"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(dir.path().join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.path().join("link/index.html").is_file());
}

#[test]
fn a_killed_build_s_temporary_folder_is_removed_by_the_next() {
    let dir = workspace();
    let stale = dir.path().join(".solidaire-site-Ab12Cd.tmp");
    fs::create_dir(&stale).unwrap();
    fs::write(stale.join("n1.html"), "half").unwrap();
    build(dir.path());
    assert_eq!(names(dir.path()), ["releases", "site"]);
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_or_the_whole_new_one() {
    let dir = workspace();
    let started = std::time::Instant::now();
    build(dir.path());
    let whole_run = started.elapsed();
    let new = tree(&dir.path().join("site"));
    let old_text = fs::read_to_string(dir.path().join("releases/n3.toml")).unwrap();
    let mut seen = BTreeSet::new();
    let attempts = 30_u32;
    for attempt in 0..attempts {
        // The previous site: one issue fewer.
        fs::rename(
            dir.path().join("releases/n3.toml"),
            dir.path().join("n3.toml.aside"),
        )
        .unwrap();
        build(dir.path());
        let old = tree(&dir.path().join("site"));
        fs::write(dir.path().join("releases/n3.toml"), &old_text).unwrap();
        fs::remove_file(dir.path().join("n3.toml.aside")).unwrap();

        let child = Command::new(env!("CARGO_BIN_EXE_solidaire"))
            .arg("build")
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole_run * attempt / attempts);
        let signal = ["-INT", "-TERM", "-HUP"][attempt as usize % 3];
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait_with_output().unwrap().status;
        let now = tree(&dir.path().join("site"));
        assert!(
            now == old || now == new,
            "attempt {attempt}: a mixed site ({status:?})"
        );
        assert_eq!(names(dir.path()), ["releases", "site"], "attempt {attempt}");
        seen.insert(now == old);
    }
    assert!(seen.contains(&true), "some run was stopped before the swap");
}

#[test]
fn every_value_from_the_input_is_escaped_in_the_index_the_feed_and_the_sitemap() {
    let dir = workspace();
    let hostile = "<script>alert(1)</script> & ]]> \\\" <!--";
    let text = renumbered_n2(4, "2020-04-22", hostile).replace(
        "number = 4\n",
        &format!("number = 4\ntitle = \"<b>Titre</b> & {hostile}\"\n"),
    );
    write_issue(dir.path(), "n4.toml", &text);
    build(dir.path());
    for name in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "n4.html",
        "n3.html",
    ] {
        let page = read(dir.path(), name);
        assert!(!page.contains("<script"), "{name}");
        assert!(!page.contains("<b>"), "{name}");
        assert!(!page.contains("<!--"), "{name}");
    }
    let index = read(dir.path(), "index.html");
    assert!(
        index.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{index}"
    );
    for name in ["feed.xml", "sitemap.xml"] {
        roxmltree::Document::parse(&read(dir.path(), name)).expect(name);
    }
    let feed = read(dir.path(), "feed.xml");
    let document = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("title"))
        .filter_map(|node| node.text())
        .collect();
    assert!(
        titles
            .iter()
            .any(|title| title.starts_with("<b>Titre</b> &")),
        "{titles:?}"
    );
    // The communiqué in the feed holds the page's markup, its text still
    // escaped once: read as HTML, no element comes from the input.
    for content in document
        .descendants()
        .filter(|node| node.has_tag_name("content"))
    {
        let html = content.text().unwrap();
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    }
}

#[test]
fn a_commune_written_with_another_case_or_without_accents_is_one_commune() {
    let dir = workspace();
    // n°4 and n°5 write the commune of n°1 in capitals and without its
    // accent.
    write_issue(
        dir.path(),
        "n4.toml",
        &renumbered_n2(4, "2020-04-22", "ETAPLES"),
    );
    write_issue(
        dir.path(),
        "n5.toml",
        &renumbered_n2(5, "2020-04-29", "Etaples"),
    );
    build(dir.path());
    let index = read(dir.path(), "index.html");
    let communes = &index[index.find("<h2 id=\"communes\">").unwrap()..];
    let line = |name: &str| {
        communes
            .split("<li>")
            .find(|line| line.contains(&format!(">{name}<")))
            .unwrap_or_else(|| panic!("{name} is not listed:\n{communes}"))
            .to_owned()
    };
    // Three spellings, each in one issue: the newest's is shown.
    let etaples = line("Etaples");
    for n in [1, 4, 5] {
        assert!(
            etaples.contains(&format!("<a href=\"n{n}.html\">n°{n}</a>")),
            "{etaples}"
        );
    }
    for other in ["Étaples", "ETAPLES"] {
        assert!(
            !communes.contains(&format!(">{other}<")),
            "{other} listed apart"
        );
    }
}

/// Adds `line` to the n°3 of the workspace, after its number.
fn give_n3(dir: &Path, line: &str) {
    let n3 = fs::read_to_string(dir.join("releases/n3.toml")).unwrap();
    write_issue(
        dir,
        "n3.toml",
        &n3.replacen("number = 3\n", &format!("number = 3\n{line}"), 1),
    );
}

#[test]
fn an_issue_with_its_own_title_does_not_rename_the_series() {
    let dir = workspace();
    give_n3(dir.path(), "title = \"Un numéro spécial\"\n");
    build(dir.path());
    let index = read(dir.path(), "index.html");
    let feed = read(dir.path(), "feed.xml");
    let series = "Covid-19\u{a0}: le Pas-de-Calais solidaire";
    assert!(index.contains(&format!("<h1>{series}</h1>")), "{index}");
    assert!(feed.contains(&format!("<title>{series}</title>")), "{feed}");
    // The issue itself carries its own title.
    assert!(index.contains("Un numéro spécial n°3</a>"), "{index}");
    assert!(
        feed.contains("<title>Un numéro spécial n°3</title>"),
        "{feed}"
    );
}

#[test]
fn the_sitemap_writes_a_site_address_with_accents_as_a_url() {
    let dir = workspace();
    let series = fs::read_to_string(dir.path().join("releases/series.toml"))
        .unwrap()
        .replace(SITE, "https://prefecture.example/solidarité/");
    fs::write(dir.path().join("releases/series.toml"), series).unwrap();
    build(dir.path());
    let xml = read(dir.path(), "sitemap.xml");
    assert!(
        xml.contains("<loc>https://prefecture.example/solidarit%C3%A9/n2.html</loc>"),
        "{xml}"
    );
    assert!(xml.is_ascii(), "{xml}");
}

#[test]
fn two_issue_files_that_would_write_the_same_pages_are_refused_before_anything_is_written() {
    let dir = workspace();
    write_issue(
        dir.path(),
        "n2.TOML",
        &renumbered_n2(4, "2020-04-22", "Lens"),
    );
    for args in [
        &["check", "releases", "--message-format=short"][..],
        &["build"],
    ] {
        let output = solidaire(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(65),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(
                "`releases/n2.TOML` makes documents of the same name, n2.*: rename one of the two"
            ),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!dir.path().join("site").exists());
    // Names that differ by case only: the same page where case is ignored.
    fs::remove_file(dir.path().join("releases/n2.TOML")).unwrap();
    write_issue(
        dir.path(),
        "N2.toml",
        &renumbered_n2(4, "2020-04-22", "Lens"),
    );
    let output = solidaire(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(65), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "`releases/N2.toml` makes documents of the same name (but for case), n2.*: \
             rename one of the two"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_issue_with_its_own_site_does_not_move_the_feed() {
    let dir = workspace();
    give_n3(dir.path(), "site = \"https://autre.example/\"\n");
    build(dir.path());
    let feed = read(dir.path(), "feed.xml");
    assert!(feed.contains(&format!("<id>{SITE}</id>")), "{feed}");
    assert!(feed.contains(&format!("<id>{SITE}n1.html</id>")), "{feed}");
    assert!(!feed.contains("autre.example"), "{feed}");
}
