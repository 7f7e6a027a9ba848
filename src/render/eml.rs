//! The e-mail format: the communiqué as a message ready to send to the
//! press (RFC 5322, MIME: RFC 2045–2049), built with `mail-builder`.
//!
//! ```text
//! multipart/mixed
//! ├── multipart/alternative
//! │   ├── text/plain; format=flowed   (super::text)
//! │   └── text/html                   (super::mail_html)
//! └── application/pdf; name="n2.pdf"  (the very bytes compose writes)
//! ```
//!
//! The headers say what a press office would type: `Subject` (the label
//! and the title with its number), `From` and `Reply-To` (the series'
//! `[mail]`, else the press contact), `To` and `Bcc` when the series names
//! them, `Date` (the issue date at midnight in Paris, or
//! `SOURCE_DATE_EPOCH`), a `Message-ID` derived from the series' site and
//! the number, and `X-Unsent: 1`, which opens the file as a draft in
//! Outlook. Nothing reads the clock or draws a random number: the MIME
//! boundaries are derived from the content, so the same issue gives the
//! same bytes.
//!
//! No value from the input can end a header or begin another: a control
//! character (the loader folds or refuses them) becomes a space; the
//! subject goes through `mail-builder`'s encoder (RFC 2047 encoded words
//! for anything but plain ASCII), or is encoded whole when it reads as
//! encoded words; the address headers are written here (`mailbox`):
//! a name is a quoted string with its quotes escaped, or encoded words
//! outside quotes, and an address is one the loader took as plain ASCII.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use mail_builder::MessageBuilder;
use mail_builder::encoders::base64::base64_encode_mime;
use mail_builder::headers::HeaderType;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::{BodyPart, MimePart};

use super::{RenderError, RenderOptions, digest_hex};
use crate::model::{Link, Release};

/// The message of `release`, with `pdf` (the PDF document of the same
/// release) attached, its text and HTML bodies rendered here.
pub fn render(
    release: &Release,
    pdf: &[u8],
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    let text = super::text::render(release);
    let html = super::mail_html::render(release)?;
    message(release, &text, &html, pdf, options)
}

/// The message of `release` with these bodies and attachment.
fn message(
    release: &Release,
    text: &str,
    html: &str,
    pdf: &[u8],
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    let boundary = |kind: &str| {
        // `=_` never occurs in quoted-printable or base64 text: no body
        // line can be taken for a boundary (RFC 2045, 6.7).
        format!(
            "=_solidaire_{kind}_{}",
            &digest(&[text.as_bytes(), html.as_bytes(), pdf])
        )
    };
    let alternative = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", boundary("alternative")),
        vec![
            text_part(
                super::text::FORMAT_PARAMETERS.into_iter().fold(
                    ContentType::new("text/plain").attribute("charset", "utf-8"),
                    |content_type, (name, value)| content_type.attribute(name, value),
                ),
                text,
            ),
            text_part(
                ContentType::new("text/html").attribute("charset", "utf-8"),
                html,
            ),
        ],
    );
    let (plain_name, disposition) = attachment_names(&release.stem);
    let attachment = MimePart::new(
        ContentType::new("application/pdf").attribute("name", plain_name),
        BodyPart::Binary(pdf.into()),
    )
    .header("Content-Disposition", Raw::new(disposition));
    let body = MimePart::new(
        ContentType::new("multipart/mixed").attribute("boundary", boundary("mixed")),
        vec![alternative, attachment],
    );

    let mut builder = MessageBuilder::new()
        .header("Date", Raw::new(date(release.date, options.timestamp)))
        .message_id(MessageId::new(message_id(release)))
        .header("Subject", subject_header(&header_text(&subject(release))));
    let sender = sender(release);
    if let Some(from) = &sender {
        builder = builder.header(
            "From",
            Raw::new(mailbox(release.issuer.as_deref(), &mail_address(from))),
        );
    }
    let reply_to = release.mail.reply_to.as_ref().or(release
        .contact
        .as_ref()
        .and_then(|contact| contact.email.as_ref()));
    let same = |a: &Link, b: &Link| mail_address(a).eq_ignore_ascii_case(&mail_address(b));
    if let Some(reply_to) =
        reply_to.filter(|reply_to| !sender.as_ref().is_some_and(|from| same(reply_to, from)))
    {
        builder = builder.header("Reply-To", Raw::new(mailbox(None, &mail_address(reply_to))));
    }
    for (header, links) in [("To", &release.mail.to), ("Bcc", &release.mail.bcc)] {
        if !links.is_empty() {
            let list: Vec<String> = links
                .iter()
                .map(|link| mailbox(None, &mail_address(link)))
                .collect();
            builder = builder.header(header, Raw::new(list.join(", ")));
        }
    }
    builder
        .header("X-Unsent", Raw::new("1"))
        .body(body)
        .write_to_vec()
        .map_err(|error| RenderError::Template(format!("cannot write the message: {error}")))
}

/// A text part in base64, its lines ended by CRLF first (the canonical
/// form of text, RFC 2046, 4.1.1). Quoted-printable, which `mail-builder`
/// would choose, can begin an encoded line with `From `, which a mailbox
/// file (Thunderbird keeps its drafts in one) turns into `>From`; base64
/// cannot, and it keeps the flowed text's trailing spaces as they are.
fn text_part<'x>(content_type: ContentType<'x>, text: &str) -> MimePart<'x> {
    let canonical = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut encoded = Vec::with_capacity(canonical.len() / 3 * 4 + canonical.len() / 38 + 8);
    let _ = base64_encode_mime(canonical.as_bytes(), &mut encoded, false);
    let encoded = String::from_utf8_lossy(&encoded).into_owned();
    MimePart::new(content_type, BodyPart::Text(encoded.into())).transfer_encoding("base64")
}

/// « Communiqué de presse – Covid-19 : le Pas-de-Calais solidaire n°2 ».
fn subject(release: &Release) -> String {
    match &release.label {
        Some(label) => format!("{label} – {}", release.full_title()),
        None => release.full_title(),
    }
}

/// The subject as a header value. A subject that reads as encoded words
/// (`=?utf-8?b?…?=`, which a reader would decode into other text) is
/// itself encoded, so that it shows as written; any other goes through
/// `mail-builder`'s encoder, which encodes what is not plain ASCII.
fn subject_header(subject: &str) -> HeaderType<'static> {
    if subject.contains("=?") {
        Raw::new(encoded_words(subject)).into()
    } else {
        Text::new(subject.to_owned()).into()
    }
}

/// Who sends it: the series' `[mail] from`, else the press contact's
/// e-mail; none at all is fine (the sender fills it in).
fn sender(release: &Release) -> Option<Link> {
    release.mail.from.clone().or_else(|| {
        release
            .contact
            .as_ref()
            .and_then(|contact| contact.email.clone())
    })
}

/// A mailbox for an address header: `address`, or `name <address>`.
/// `mail-builder` puts an encoded name inside quotes, where RFC 2047 (5)
/// forbids it and where a `"` of the name would end the quoted string and
/// let what follows read as another address: the mailbox is written here.
fn mailbox(name: Option<&str>, address: &str) -> String {
    match name.map(header_text).filter(|name| !name.trim().is_empty()) {
        Some(name) => format!("{} <{address}>", phrase(&name)),
        None => address.to_owned(),
    }
}

/// A display name: a quoted string of printable ASCII (`"` and `\`
/// escaped), or, for anything else (accents, or what reads as an encoded
/// word), encoded words of UTF-8 in base64, outside any quotes.
fn phrase(name: &str) -> String {
    let plain = name.bytes().all(|byte| (b' '..=b'~').contains(&byte)) && !name.contains("=?");
    if plain {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        encoded_words(name)
    }
}

/// `text` as RFC 2047 encoded words, UTF-8 in base64, each of at most 45
/// bytes of text (a word of 72 characters), cut between characters and
/// separated by spaces, where the header is folded.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(45);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut encoded = Vec::new();
        let _ = base64_encode_mime(&rest.as_bytes()[..cut], &mut encoded, true);
        words.push(format!("=?utf-8?B?{}?=", String::from_utf8_lossy(&encoded)));
        rest = &rest[cut..];
    }
    words.join(" ")
}

/// The address of an e-mail link, as typed (the loader accepts only
/// addresses that need no encoding in a header or a `mailto:`).
fn mail_address(link: &Link) -> String {
    let href = link.href.as_str();
    let address = href
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .map_or(href, |_| &href[7..]);
    header_text(address)
}

/// The attachment's file name (`n2.pdf`) as its headers say it: a plain
/// ASCII name for `name` and `filename`, and when the issue's file name is
/// not plain (accents, quotes, spaces), its true name in RFC 2231's form
/// beside it (`filename*=utf-8''n%C2%B02.pdf`), which no quote can end.
fn attachment_names(stem: &str) -> (String, String) {
    let file_name = format!("{stem}.pdf");
    let safe = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_');
    let plain: String = file_name
        .bytes()
        .map(|byte| if safe(byte) { char::from(byte) } else { '_' })
        .collect();
    let mut disposition = format!("attachment; filename=\"{plain}\"");
    if plain != file_name {
        disposition.push_str("; filename*=utf-8''");
        for byte in file_name.bytes() {
            if safe(byte) {
                disposition.push(char::from(byte));
            } else {
                disposition.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    (plain, disposition)
}

/// A value for a header: any control character (which the loader refuses
/// in every text) becomes a space, so that a value can never end its line
/// and begin another header.
fn header_text(text: &str) -> String {
    text.chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect()
}

/// `<n2.3f2a…@www.pas-de-calais.gouv.fr>` without the brackets: the issue's
/// number and a digest of the series' site address, at its host; at
/// `solidaire.invalid` when the series has no site (a domain that is never
/// anyone's, RFC 2606).
fn message_id(release: &Release) -> String {
    let site = release.site.as_deref().unwrap_or_default();
    let host = site
        .split_once("://")
        .map_or(site, |(_, rest)| rest)
        .split(['/', '?', '#', ':'])
        .next()
        .filter(|host| {
            !host.is_empty()
                && host.len() <= 253
                && host
                    .split('.')
                    .all(|label| !label.is_empty() && label.len() <= 63)
                && host
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-'))
        })
        .unwrap_or("solidaire.invalid");
    format!(
        "n{}.{}@{}",
        release.number,
        &digest(&[site.as_bytes()])[..16],
        host.to_ascii_lowercase()
    )
}

/// The `Date` header: `SOURCE_DATE_EPOCH` (`timestamp`, UTC), else the
/// issue date at midnight, both as Paris clocks showed them
/// (« Wed, 8 Apr 2020 00:00:00 +0200 »). The last hour of the year 9999
/// in UTC is already 10000 in Paris, which no date header can say: that
/// instant is written in UTC.
fn date(issue: NaiveDate, timestamp: Option<NaiveDateTime>) -> String {
    let (local, offset) = match timestamp {
        Some(utc) => {
            let offset = paris_offset(utc);
            let local = utc + Duration::hours(offset);
            if local.year() > 9999 {
                (utc, 0)
            } else {
                (local, offset)
            }
        }
        None => {
            let midnight = issue.and_time(NaiveTime::MIN);
            // At midnight the clocks have not changed yet: 02:00 in March,
            // 03:00 in October.
            let summer =
                issue > last_sunday(issue.year(), 3) && issue <= last_sunday(issue.year(), 10);
            (midnight, if summer { 2 } else { 1 })
        }
    };
    format!("{} +0{offset}00", local.format("%a, %-d %b %Y %H:%M:%S"))
}

/// Paris's offset from UTC, in hours, at the instant `utc`: summer time
/// (+2) from the last Sunday of March to the last Sunday of October, 01:00
/// UTC both, as the European Union has ruled since 1996; +1 otherwise.
fn paris_offset(utc: NaiveDateTime) -> i64 {
    let year = utc.year();
    let change = |month| {
        last_sunday(year, month)
            .and_hms_opt(1, 0, 0)
            .expect("01:00")
    };
    if utc >= change(3) && utc < change(10) {
        2
    } else {
        1
    }
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .and_then(|first| first.pred_opt())
        .expect("March and October have a last day");
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// A digest of `parts` ([`digest_hex`] of each, then of those digests, all
/// of one length): different contents give different boundaries and
/// identifiers, the same content the same ones.
fn digest(parts: &[&[u8]]) -> String {
    let digests: String = parts.iter().map(|part| digest_hex(part)).collect();
    digest_hex(digests.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_changes_its_clocks_on_the_last_sundays_of_march_and_october() {
        assert_eq!(
            last_sunday(2020, 3),
            NaiveDate::from_ymd_opt(2020, 3, 29).unwrap()
        );
        assert_eq!(
            last_sunday(2020, 10),
            NaiveDate::from_ymd_opt(2020, 10, 25).unwrap()
        );
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            date(day(2020, 4, 8), None),
            "Wed, 8 Apr 2020 00:00:00 +0200"
        );
        assert_eq!(
            date(day(2020, 1, 8), None),
            "Wed, 8 Jan 2020 00:00:00 +0100"
        );
        // The change days: at midnight, still the old time.
        assert_eq!(
            date(day(2020, 3, 29), None),
            "Sun, 29 Mar 2020 00:00:00 +0100"
        );
        assert_eq!(
            date(day(2020, 10, 25), None),
            "Sun, 25 Oct 2020 00:00:00 +0200"
        );
        let utc = |text| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            date(day(2020, 4, 8), Some(utc("2020-04-08 10:00"))),
            "Wed, 8 Apr 2020 12:00:00 +0200"
        );
        assert_eq!(
            date(day(2020, 3, 29), Some(utc("2020-03-29 00:59"))),
            "Sun, 29 Mar 2020 01:59:00 +0100"
        );
        assert_eq!(
            date(day(2020, 3, 29), Some(utc("2020-03-29 01:00"))),
            "Sun, 29 Mar 2020 03:00:00 +0200"
        );
        assert_eq!(
            date(day(2020, 12, 31), Some(utc("2020-12-31 23:30"))),
            "Fri, 1 Jan 2021 00:30:00 +0100"
        );
    }

    #[test]
    fn the_last_hour_of_9999_is_written_in_utc() {
        let utc = NaiveDateTime::parse_from_str("9999-12-31 23:30", "%Y-%m-%d %H:%M").unwrap();
        let day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        assert_eq!(date(day, Some(utc)), "Fri, 31 Dec 9999 23:30:00 +0000");
    }

    #[test]
    fn names_are_quoted_or_encoded_never_both() {
        assert_eq!(phrase("Prefet du Nord"), "\"Prefet du Nord\"");
        assert_eq!(phrase("Pr\"efet\\x"), "\"Pr\\\"efet\\\\x\"");
        assert_eq!(phrase("Préfet"), "=?utf-8?B?UHLDqWZldA==?=");
        assert!(phrase("=?utf-8?b?RXZpbA==?=").starts_with("=?utf-8?B?PT91dGYtOD9i"));
        assert_eq!(mailbox(Some("  "), "a@b.fr"), "a@b.fr");
        let (plain, disposition) = attachment_names("n°2 \"x\"");
        assert_eq!(plain, "n__2__x_.pdf");
        assert_eq!(
            disposition,
            "attachment; filename=\"n__2__x_.pdf\"; filename*=utf-8''n%C2%B02%20%22x%22.pdf"
        );
    }

    #[test]
    fn a_header_value_never_holds_a_line_end() {
        assert_eq!(header_text("Titre\r\nBcc: x@y.fr"), "Titre  Bcc: x@y.fr");
    }
}
