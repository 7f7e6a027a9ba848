//! The colours' meaning: the pages are drawn in device RGB (`rg`), which
//! PDF/A admits only when the document names the colour space it was made
//! for, as an output intent with its ICC profile. Ours is sRGB, the space
//! the design's colours are given in (`design.rs`, as on screen).

use lopdf::{Dictionary, Object, Stream};

use super::text_string;

/// The « sRGB IEC61966-2.1 » profile of Debian's `icc-profiles-free`
/// (zlib licence, `assets/icc/LICENSE-zlib.txt`), 6,922 bytes, about 3 KB
/// once deflated with the other streams.
const SRGB_PROFILE: &[u8] = include_bytes!("../../../../assets/icc/sRGB.icc");

/// The name of the condition, as the ICC registry spells it.
const SRGB: &str = "sRGB IEC61966-2.1";

/// Adds the sRGB profile to `pdf` and returns the catalog's
/// `/OutputIntents`: one PDF/A intent (`/GTS_PDFA1`, the name PDF/A-2
/// keeps) pointing at it.
pub fn srgb_output_intents(pdf: &mut lopdf::Document) -> Object {
    let profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB_PROFILE.to_vec(),
    );
    let profile = pdf.add_object(profile);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", text_string(SRGB)),
        ("RegistryName", text_string("http://www.color.org")),
        ("Info", text_string(SRGB)),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    Object::Array(vec![Object::Dictionary(intent)])
}
