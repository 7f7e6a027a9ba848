//! The list of diagnostic codes in `docs/issue-file.md#diagnostic-codes`
//! is the one `Code::ALL` declares, with the same meanings, in the same
//! order: a code added, renamed or explained otherwise fails here until
//! the documentation says so too.

use solidaire::diagnostic::Code;

/// The table rows the documentation must hold, one per code.
fn rows() -> Vec<String> {
    Code::ALL
        .iter()
        .map(|code| {
            format!(
                "| `{}` | {} |",
                code.as_str(),
                code.meaning().replace('|', "\\|").replace('\n', " ")
            )
        })
        .collect()
}

#[test]
fn the_documented_codes_are_the_codes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/issue-file.md"))
        .unwrap();
    let start = doc
        .find("\n## Diagnostic codes\n")
        .expect("docs/issue-file.md has a « Diagnostic codes » section");
    let section = &doc[start + 1..];
    let section = &section[..section[1..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 1)];
    let documented: Vec<&str> = section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .collect();
    let expected = rows();
    assert!(
        documented == expected,
        "docs/issue-file.md#diagnostic-codes and Code::ALL differ; the rows should read:\n\n{}\n",
        expected.join("\n")
    );
}
