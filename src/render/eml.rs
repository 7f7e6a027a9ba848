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
//! Every value from the input reaches a header through `mail-builder`'s
//! encoders (RFC 2047 encoded words for anything but plain ASCII); a
//! control character, which the loader already refuses, would be replaced
//! by a space first, so that no input can end a header line and start
//! another.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use mail_builder::MessageBuilder;
use mail_builder::encoders::base64::base64_encode_mime;
use mail_builder::headers::HeaderType;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::{BodyPart, MimePart};

use super::{RenderError, RenderOptions, emittable_href};
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
pub fn message(
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
            MimePart::new(
                super::text::FORMAT_PARAMETERS.into_iter().fold(
                    ContentType::new("text/plain").attribute("charset", "utf-8"),
                    |content_type, (name, value)| content_type.attribute(name, value),
                ),
                BodyPart::Text(text.into()),
            ),
            MimePart::new(
                ContentType::new("text/html").attribute("charset", "utf-8"),
                BodyPart::Text(html.into()),
            ),
        ],
    );
    let file_name = format!("{}.pdf", release.stem);
    let attachment = MimePart::new(
        ContentType::new("application/pdf").attribute("name", file_name.clone()),
        BodyPart::Binary(pdf.into()),
    )
    .attachment(file_name);
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
        builder = builder.from(address(from, release.issuer.as_deref()));
    }
    let reply_to = release.mail.reply_to.as_ref().or(release
        .contact
        .as_ref()
        .and_then(|contact| contact.email.as_ref()));
    if let Some(reply_to) = reply_to.filter(|reply_to| {
        Some(reply_to.href.as_str()) != sender.as_ref().map(|from| from.href.as_str())
    }) {
        builder = builder.reply_to(address(reply_to, None));
    }
    if !release.mail.to.is_empty() {
        builder = builder.to(list(&release.mail.to));
    }
    if !release.mail.bcc.is_empty() {
        builder = builder.bcc(list(&release.mail.bcc));
    }
    builder
        .header("X-Unsent", Raw::new("1"))
        .body(body)
        .write_to_vec()
        .map_err(|error| RenderError::Template(format!("cannot write the message: {error}")))
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
    if !subject.contains("=?") {
        return Text::new(subject.to_owned()).into();
    }
    // Each encoded word holds at most 45 bytes (60 in base64), cut between
    // characters, on a folded line of its own.
    let mut words = Vec::new();
    let mut rest = subject;
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
    Raw::new(words.join("\r\n\t")).into()
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

/// `link` (an e-mail address) as a header address, named `name`.
fn address<'x>(link: &Link, name: Option<&str>) -> Address<'x> {
    Address::new_address(name.map(header_text), mail_address(link))
}

fn list<'x>(links: &[Link]) -> Address<'x> {
    Address::new_list(links.iter().map(|link| address(link, None)).collect())
}

/// The bare address of an e-mail link, as its `mailto:` says it.
fn mail_address(link: &Link) -> String {
    let href = emittable_href(link).map_or_else(|| link.href.clone(), |href| href.into_owned());
    let address = href
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .map_or(href.as_str(), |_| &href[7..]);
    header_text(address)
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
/// (« Wed, 8 Apr 2020 00:00:00 +0200 »).
fn date(issue: NaiveDate, timestamp: Option<NaiveDateTime>) -> String {
    let (local, offset) = match timestamp {
        Some(utc) => {
            let offset = paris_offset(utc);
            (utc + Duration::hours(offset), offset)
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
    let zone = FixedOffset::east_opt((offset * 3600) as i32).expect("one or two hours");
    zone.from_local_datetime(&local)
        .single()
        .map(|time| time.to_rfc2822())
        .unwrap_or_else(|| local.format("%a, %-d %b %Y %H:%M:%S +0000").to_string())
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

/// A hexadecimal digest of `parts`: FNV-1a over their bytes, each part's
/// length mixed in, so that different contents give different boundaries
/// and identifiers, and the same content the same ones.
fn digest(parts: &[&[u8]]) -> String {
    let mut low: u64 = 0xcbf2_9ce4_8422_2325;
    let mut high: u64 = 0x6c62_272e_07bb_0142;
    for part in parts {
        for &byte in part.iter().chain(&(part.len() as u64).to_le_bytes()) {
            low = (low ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            high = (high ^ u64::from(byte))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(5);
        }
    }
    format!("{high:016x}{low:016x}")
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
    fn a_header_value_never_holds_a_line_end() {
        assert_eq!(header_text("Titre\r\nBcc: x@y.fr"), "Titre  Bcc: x@y.fr");
    }
}
