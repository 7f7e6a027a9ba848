//! The e-mail format read back by a MIME parser (`mail-parser`): headers
//! decoded, the three parts and their types, the attachment the very PDF,
//! both bodies faithful to the reference, the same bytes on every run, and
//! nothing from the input able to add or change a header.

mod common;

use common::cli::{solidaire, stderr, workspace, write_issue};
use common::{fidelity, fixture, html_text, n2, words};
use mail_parser::{MessageParser, MimeHeaders};
use solidaire::render::{Format, RenderOptions};

fn message(release: &solidaire::model::Release) -> Vec<u8> {
    Format::Eml
        .render(release, &RenderOptions::default())
        .expect("the message renders")
}

fn reference() -> Vec<String> {
    words(&std::fs::read_to_string(fixture("n2-communique.txt")).unwrap())
}

#[test]
fn the_n2_message_reads_back_with_its_headers_parts_and_attachment() {
    let release = n2();
    let bytes = message(&release);
    let parsed = MessageParser::default().parse(&bytes).expect("parses");
    assert_eq!(
        parsed.subject(),
        Some("Communiqué de presse – Covid-19\u{a0}: le Pas-de-Calais solidaire n°2")
    );
    let from = parsed
        .from()
        .and_then(|from| from.first())
        .expect("a sender");
    assert_eq!(from.address(), Some("communication@prefecture.example"));
    assert_eq!(from.name(), Some("Préfet du Pas-de-Calais"));
    assert_eq!(
        parsed.date().map(|date| date.to_rfc3339()).as_deref(),
        Some("2020-04-08T00:00:00+02:00")
    );
    assert!(
        parsed
            .message_id()
            .is_some_and(|id| id.starts_with("n2.") && id.ends_with("@prefecture.example")),
        "{:?}",
        parsed.message_id()
    );
    assert_eq!(parsed.header_raw("X-Unsent").map(str::trim), Some("1"));

    // multipart/mixed > (multipart/alternative > text/plain, text/html), pdf
    let root = parsed.content_type().expect("a type");
    assert_eq!((root.ctype(), root.subtype()), ("multipart", Some("mixed")));
    assert_eq!(parsed.text_body_count(), 1);
    assert_eq!(parsed.html_body_count(), 1);
    let text_part = parsed.text_bodies().next().unwrap();
    let text_type = text_part.content_type().unwrap();
    assert_eq!(text_type.attribute("format"), Some("flowed"));
    assert_eq!(text_type.attribute("charset"), Some("utf-8"));
    assert_eq!(parsed.attachment_count(), 1);
    let attachment = parsed.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("n2.pdf"));
    let attachment_type = attachment.content_type().unwrap();
    assert_eq!(
        (attachment_type.ctype(), attachment_type.subtype()),
        ("application", Some("pdf"))
    );
    let pdf = Format::Pdf
        .render(&release, &RenderOptions::default())
        .unwrap();
    assert!(
        attachment.contents() == pdf.as_slice(),
        "the attachment is the PDF"
    );

    // The bodies are the text and HTML parts as rendered, line ends aside
    // (CRLF on the wire): the soft breaks' trailing spaces survive.
    let unix = |text: &str| text.replace("\r\n", "\n");
    assert_eq!(
        unix(&parsed.body_text(0).unwrap()),
        solidaire::render::text::render(&release)
    );
    assert_eq!(
        unix(&parsed.body_html(0).unwrap()),
        solidaire::render::mail_html::render(&release).unwrap()
    );
    // Both bodies give back the communiqué.
    for (what, text) in [
        ("text", parsed.body_text(0).unwrap().into_owned()),
        ("html", html_text(&parsed.body_html(0).unwrap())),
    ] {
        let (score, missing) = fidelity(&reference(), &words(&text));
        assert!(
            score >= 0.99,
            "{what}: {:.2}%, missing {missing:?}",
            score * 100.0
        );
    }
    // No line over 998 octets, every line ending CRLF.
    for line in bytes.split(|&byte| byte == b'\n') {
        assert!(line.len() <= 999, "a line of {} octets", line.len());
    }
    assert!(
        !bytes
            .windows(2)
            .any(|pair| pair[1] == b'\n' && pair[0] != b'\r')
    );
}

#[test]
fn the_same_issue_gives_the_same_message_and_another_another() {
    let release = n2();
    assert_eq!(message(&release), message(&release));
    let mut other = release.clone();
    other.number = 3;
    assert_ne!(message(&release), message(&other));
}

/// The CLI writes the message on request only, with the PDF it writes
/// beside it attached, byte for byte.
#[test]
fn compose_writes_the_message_on_request_only() {
    let dir = workspace();
    let default = solidaire(dir.path(), &["compose", "releases/n2.toml"]);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    assert!(!dir.path().join("out/n2.eml").exists());
    let all = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "pdf,eml"],
    );
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    let eml = std::fs::read(dir.path().join("out/n2.eml")).unwrap();
    let pdf = std::fs::read(dir.path().join("out/n2.pdf")).unwrap();
    let parsed = MessageParser::default().parse(&eml).unwrap();
    assert!(parsed.attachment(0).unwrap().contents() == pdf.as_slice());
    let named = solidaire(dir.path(), &["compose", "releases/n2.toml", "-o", "n2.eml"]);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
    assert_eq!(std::fs::read(dir.path().join("n2.eml")).unwrap(), eml);
    let piped = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "eml", "-o", "-"],
    );
    assert_eq!(piped.stdout, eml);
}

/// The series names the sender and recipients; the issue's title and the
/// issuer hold what would make a header of their own if pasted raw.
#[test]
fn nothing_from_the_input_adds_or_changes_a_header() {
    let dir = workspace();
    let series = std::fs::read_to_string(dir.path().join("releases/series.toml")).unwrap();
    let series = format!(
        "{series}\n[mail]\nfrom = \"envoi@prefecture.example\"\nreply_to = \"presse@prefecture.example\"\n\
         to = [\"redaction@journal.example\"]\nbcc = [\"liste@prefecture.example\", \"archives@prefecture.example\"]\n"
    );
    std::fs::write(dir.path().join("releases/series.toml"), series).unwrap();
    let message = message_with_header_lines(
        &dir,
        "title = \"=?utf-8?b?QmNjOiBwaXJhdGVAZXZpbC5leGFtcGxl?= Bcc: pirate@evil.example\"\n\
         issuer = \"Préfet \\\"du\\\" <Pas-de-Calais>, Bcc: x@y.example\"\n",
    );
    let parsed = MessageParser::default().parse(&message).unwrap();
    // The title is the subject, word for word: the encoded word in it is
    // text, not decoded into another header.
    assert!(
        parsed.subject().is_some_and(|subject| subject.ends_with(
            "=?utf-8?b?QmNjOiBwaXJhdGVAZXZpbC5leGFtcGxl?= Bcc\u{a0}: pirate@evil.example n°2"
        )),
        "{:?}",
        parsed.subject()
    );
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("envoi@prefecture.example"));
    // The issuer names the sender, typography applied, whole.
    assert_eq!(
        from.name(),
        Some("Préfet «\u{202f}du\u{202f}» <Pas-de-Calais>, Bcc\u{a0}: x@y.example")
    );
    let addresses = |list: Option<&mail_parser::Address>| -> Vec<String> {
        list.map(|list| {
            list.iter()
                .filter_map(|address| address.address().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    };
    assert_eq!(addresses(parsed.reply_to()), ["presse@prefecture.example"]);
    assert_eq!(addresses(parsed.to()), ["redaction@journal.example"]);
    assert_eq!(
        addresses(parsed.bcc()),
        ["liste@prefecture.example", "archives@prefecture.example"]
    );
    // Exactly the headers the format writes, each once.
    let mut names: Vec<String> = parsed
        .headers()
        .iter()
        .map(|header| header.name().to_ascii_lowercase())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bcc",
            "content-type",
            "date",
            "from",
            "message-id",
            "mime-version",
            "reply-to",
            "subject",
            "to",
            "x-unsent"
        ]
    );
}

/// The message `compose --format eml -o -` writes for the n°2 of `dir`
/// with `lines` (header keys, TOML) added after its date.
fn message_with_header_lines(dir: &tempfile::TempDir, lines: &str) -> Vec<u8> {
    let n2 = std::fs::read_to_string(dir.path().join("releases/n2.toml")).unwrap();
    let issue = n2.replacen(
        "date = 2020-04-08\n",
        &format!("date = 2020-04-08\n{lines}"),
        1,
    );
    write_issue(dir.path(), "n2.toml", &issue);
    let output = solidaire(
        dir.path(),
        &["compose", "releases/n2.toml", "--format", "eml", "-o", "-"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output.stdout
}

/// A plain ASCII subject that reads as an encoded word is encoded itself:
/// a reader shows it as written, not decoded into other text.
#[test]
fn an_encoded_word_in_the_title_shows_as_written() {
    let mut release = n2();
    release.label = None;
    release.title = "=?utf-8?b?QmNjOiBwaXJhdGVAZXZpbC5leGFtcGxl?=".to_owned();
    let bytes = message(&release);
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("=?utf-8?b?QmNjOiBwaXJhdGVAZXZpbC5leGFtcGxl?= n°2")
    );
}

/// A line break written into a title or the issuer (as a TOML escape) is
/// folded into a space by the loader, as every header field's is: the text
/// stays inside its header, and adds none.
#[test]
fn a_line_break_in_a_header_s_source_stays_inside_its_header() {
    let dir = workspace();
    let message = message_with_header_lines(
        &dir,
        "title = \"Titre\\r\\nBcc: pirate@evil.example\"\n\
         issuer = \"Préfet\\nTo: pirate@evil.example\"\n",
    );
    let parsed = MessageParser::default().parse(&message).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Communiqué de presse – Titre Bcc\u{a0}: pirate@evil.example n°2")
    );
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Préfet To\u{a0}: pirate@evil.example"));
    assert!(parsed.bcc().is_none() && parsed.to().is_none());
}

/// The issuer names the sender: whatever it holds (a quote and an address,
/// a backslash, an encoded word), mail readers read one sender, the
/// configured address, named as written.
#[test]
fn the_issuer_cannot_name_another_sender() {
    for issuer in [
        "Préfet\" <evil@evil.example>, x",
        "Prefet\" <evil@evil.example>, x",
        "Préfet du Nord \\ cabinet",
        "=?utf-8?b?RXZpbCBTZW5kZXI=?=",
    ] {
        let mut release = n2();
        release.issuer = Some(issuer.to_owned());
        let bytes = message(&release);
        let parsed = MessageParser::default().parse(&bytes).unwrap();
        let from = parsed.from().expect("a sender");
        assert_eq!(from.iter().count(), 1, "{issuer}");
        let from = from.first().unwrap();
        assert_eq!(
            from.address(),
            Some("communication@prefecture.example"),
            "{issuer}"
        );
        assert_eq!(from.name(), Some(issuer), "{issuer}");
    }
}

/// Addresses a header could not carry as they are, or that mail readers
/// would decode into others, are refused where they are written.
#[test]
fn addresses_a_header_cannot_carry_are_refused_at_their_place() {
    let dir = workspace();
    let series = std::fs::read_to_string(dir.path().join("releases/series.toml")).unwrap();
    for from in [
        "=?utf-8?b?RXZpbA==?=@prefecture.example",
        "préfet@prefecture.example",
        "x@préfecture.fr",
        "a%b@prefecture.example",
        "a?b@prefecture.example",
        &format!("{}@prefecture.example", "a".repeat(65)),
    ] {
        std::fs::write(
            dir.path().join("releases/series.toml"),
            format!("{series}\n[mail]\nfrom = \"{from}\"\n"),
        )
        .unwrap();
        let output = solidaire(
            dir.path(),
            &[
                "compose",
                "releases/n2.toml",
                "--format",
                "eml",
                "-o",
                "n2.eml",
            ],
        );
        assert_eq!(
            output.status.code(),
            Some(65),
            "{from}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("releases/series.toml:"),
            "{from}: {}",
            stderr(&output)
        );
        assert!(!dir.path().join("n2.eml").exists());
    }
}

/// No line of the message begins with `From `, which a mailbox file (where
/// Thunderbird keeps its drafts) would turn into `>From`: the text parts
/// travel in base64, whatever their words.
#[test]
fn no_line_of_the_message_begins_with_from() {
    let mut release = n2();
    let paragraph = "From the prefecture, with love. ".repeat(40);
    release
        .preamble
        .push(solidaire::load::inline::parse_inline(&format!(
            "éééééééééééé aaa {paragraph}"
        )));
    let bytes = message(&release);
    for line in bytes.split(|&byte| byte == b'\n') {
        assert!(
            !line.starts_with(b"From "),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert!(parsed.body_text(0).unwrap().contains("From the prefecture"));
}
