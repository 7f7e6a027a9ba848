//! `solidaire schema`, `completions` and `man`: what editors, shells and
//! `man` get from the binary.

use std::path::Path;
use std::process::{Command, Output};

fn solidaire(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "only the document is written");
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// A TOML document as the JSON that editors validate against the schema:
/// dates become strings (`2020-04-08`), as Taplo reads them.
fn to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => Value::from(number),
        toml::Value::Boolean(flag) => Value::Bool(flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, to_json(value)))
                .collect(),
        ),
    }
}

fn schema(args: &[&str]) -> jsonschema::Validator {
    let text = stdout(&solidaire(args));
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid JSON Schema")
}

fn errors(validator: &jsonschema::Validator, toml_text: &str) -> Vec<String> {
    let document = to_json(toml::from_str(toml_text).expect("valid TOML"));
    validator
        .iter_errors(&document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn every_shipped_file_validates_against_its_schema() {
    let issue = schema(&["schema"]);
    let series = schema(&["schema", "--series"]);
    let releases = Path::new(env!("CARGO_MANIFEST_DIR")).join("releases");
    let mut checked = 0;
    for entry in std::fs::read_dir(releases).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let validator = if path.ends_with("series.toml") {
            &series
        } else {
            &issue
        };
        let found = errors(validator, &std::fs::read_to_string(&path).unwrap());
        assert_eq!(found, Vec::<String>::new(), "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 2);
}

#[test]
fn the_schema_refuses_what_the_loader_refuses() {
    let issue = schema(&["schema"]);
    let valid = "number = 3\ndate = 2020-04-15\npreamble = \"Texte.\"\n\
                 [[sections]]\ntitle = \"Solidaires\"\nintro = \"Intro.\"\n\
                 [closing]\ntext = \"Merci.\"\n";
    assert_eq!(errors(&issue, valid), Vec::<String>::new());
    assert_eq!(
        errors(&issue, &valid.replace("number = 3", "number = 0")).len(),
        1
    );
    assert_eq!(errors(&issue, &format!("sectons = 1\n{valid}")).len(), 1);
    assert_eq!(
        errors(
            &issue,
            &valid.replace("date = 2020-04-15", "date = \"hier\"")
        )
        .len(),
        1
    );
    assert_eq!(
        errors(&issue, &valid.replace("preamble", "prambule")).len(),
        2
    );
    // A number past what the loader reads, and no section at all.
    assert_eq!(
        errors(&issue, &valid.replace("number = 3", "number = 4294967296")).len(),
        1
    );
    let no_section = "number = 3\ndate = 2020-04-15\npreamble = \"Texte.\"\n\
                      sections = []\n[closing]\ntext = \"Merci.\"\n";
    assert_eq!(errors(&issue, no_section).len(), 1);
}

#[test]
fn the_schema_describes_every_key_and_ends_with_a_newline() {
    let text = stdout(&solidaire(&["schema"]));
    assert!(text.ends_with("}\n"), "{text}");
    assert!(text.starts_with("{\n  \""), "pretty-printed: {text}");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    assert!(properties.contains_key("sections"));
    for (key, property) in properties {
        assert!(
            property["description"].is_string(),
            "`{key}` has no description"
        );
    }
    assert_eq!(schema["properties"]["date"]["format"], "date");
}

/// Every subcommand, as clap declares it: a command added later is
/// checked too.
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    let commands: Vec<String> = solidaire::cli::Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_owned())
        .filter(|name| name != "help")
        .collect();
    for command in [
        "compose",
        "check",
        "new",
        "build",
        "schema",
        "completions",
        "man",
    ] {
        assert!(commands.iter().any(|name| name == command), "{commands:?}");
    }
    commands
}

#[test]
fn completions_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&solidaire(&["completions", shell]));
        for command in commands() {
            assert!(script.contains(&command), "{shell}: no `{command}`");
        }
    }
    assert!(stdout(&solidaire(&["completions", "bash"])).contains("--out-dir"));
}

#[test]
fn completions_need_a_known_shell() {
    let output = Command::new(env!("CARGO_BIN_EXE_solidaire"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn man_is_one_roff_page_with_every_command() {
    let page = stdout(&solidaire(&["man"]));
    // clap_mangen's page opens with the definition of the apostrophe
    // string, then the title.
    let first = page
        .lines()
        .find(|line| !line.starts_with(".ie \\n(.g") && !line.starts_with(".el .ds Aq"))
        .unwrap();
    assert!(first.starts_with(".TH solidaire 1"), "{page}");
    for command in commands() {
        let section = format!(".SH \"SOLIDAIRE {}\"", command.to_uppercase());
        assert!(page.contains(&section), "no {section}: {page}");
    }
    assert!(page.contains("\\-\\-out\\-dir"), "{page}");
}

#[test]
fn the_e_mail_format_is_named_where_mail_is_described() {
    // `[mail]` gives the headers of `--format eml`: the help, the series'
    // schema and the documents say where they go.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let help = stdout(&solidaire(&["compose", "--help"]));
    assert!(help.contains("eml"), "{help}");
    let series_schema = stdout(&solidaire(&["schema", "--series"]));
    assert!(series_schema.contains("--format eml"), "{series_schema}");
    for document in ["README.md", "docs/issue-file.md"] {
        let text = std::fs::read_to_string(root.join(document)).unwrap();
        assert!(text.contains("--format eml"), "{document}");
        assert!(
            !text.contains("planned"),
            "{document} still calls something planned"
        );
    }
}
