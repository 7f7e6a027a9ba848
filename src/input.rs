//! The input's shape, in one place: a serde mirror of the issue file and of
//! `series.toml`.
//!
//! Every key, its type, whether it is required, its description (the doc
//! comment) and an example value are declared here once. From these types
//! come the JSON Schema (`solidaire schema`), the keys the loader accepts
//! ([`keys`]) and the skeleton of a new issue (`solidaire new`); none of
//! them keeps a list of keys of its own.
//!
//! The loader does not deserialize through these types: it reads the
//! fields by hand ([`crate::load::fields`]) so as to report every problem
//! with its position. The mirror deserializes all the same, so that a test
//! can check that every shipped file fits it.

use std::sync::LazyLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings};
use serde::Deserialize;
use serde_json::Value;

/// The issue file, `releases/nN.toml`. Besides its own keys it may give
/// any of the keys an issue shares with `series.toml`, to override them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "solidaire issue file")]
pub struct IssueFile {
    /// The issue's number, 1 or more, printed after the title (« n°2 »).
    #[schemars(range(min = 1, max = 4_294_967_295u32), example = 2, extend("x-skeleton" = "next-number"))]
    pub number: u32,
    /// The issue's date, a TOML local date (no quotes, no time), printed
    /// as « Arras, le 8 avril 2020 ».
    #[schemars(example = &"2020-04-08", extend("x-skeleton" = "date"))]
    pub date: LocalDate,
    #[serde(flatten)]
    pub shared: Shared,
    /// The opening text, before the first section; a blank line separates
    /// paragraphs, `*emphase*` and `**gras**` are honoured.
    #[schemars(example = &"Le 6 avril dernier, par communiqué de presse…", extend("x-paragraphs" = true))]
    pub preamble: String,
    /// The sections, in order: each a `[[sections]]` table with a title,
    /// an intro and initiatives.
    #[schemars(length(min = 1))]
    pub sections: Vec<SectionTable>,
    /// The closing words, the call to action and its address.
    pub closing: ClosingTable,
}

/// `series.toml`: what every issue of the folder shares.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "solidaire series.toml")]
pub struct SeriesFile {
    #[serde(flatten)]
    pub shared: Shared,
    /// Whether the French typography rules apply (« », no-break spaces
    /// before : ; ! ?, ’ …); `false` turns them off for every issue.
    #[schemars(example = true)]
    pub typography: Option<bool>,
    /// The headers of the e-mail format (`compose --format eml`).
    pub mail: Option<MailTable>,
}

/// The keys an issue shares with `series.toml`: set once in the series,
/// overridden by an issue that gives its own.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Shared {
    /// The series title, without the number; required in the issue when
    /// `series.toml` does not give it.
    #[schemars(
        example = &"Covid-19 : le Pas-de-Calais solidaire",
        extend("x-required-after-merge" = true, "x-skeleton" = "carried")
    )]
    pub title: Option<String>,
    /// The town in the dateline « Arras, le 8 avril 2020 »; required in
    /// the issue when `series.toml` does not give it.
    #[schemars(
        example = &"Arras",
        extend("x-required-after-merge" = true, "x-skeleton" = "carried")
    )]
    pub place: Option<String>,
    /// Who issues the communiqué, shown in the header block and as the
    /// PDF's author.
    #[schemars(example = &"Préfet du Pas-de-Calais")]
    pub issuer: Option<String>,
    /// The document's label, shown in the header.
    #[schemars(example = &"Communiqué de presse")]
    pub label: Option<String>,
    /// The base address of the published series, a web address: the
    /// archive's and feed's absolute links start with it (`build` needs
    /// it).
    #[schemars(url, example = &"https://prefecture.example/solidaire/")]
    pub site: Option<String>,
    /// The press contact block printed at the end.
    pub contact: Option<ContactTable>,
}

/// One `[[sections]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionTable {
    /// The section's heading.
    #[schemars(
        example = &"Solidaires dans l’application des mesures de protection",
        extend("x-skeleton" = "carried")
    )]
    pub title: String,
    /// The text under the heading, before the initiatives; a section needs
    /// an intro, initiatives or both.
    #[schemars(
        example = &"L’application des mesures sanitaires…",
        extend("x-paragraphs" = true, "x-skeleton" = "placeholder")
    )]
    pub intro: Option<String>,
    /// The section's initiatives, in order: each a
    /// `[[sections.initiatives]]` table.
    #[schemars(extend("x-skeleton" = "placeholder"))]
    pub initiatives: Option<Vec<InitiativeTable>>,
}

/// One `[[sections.initiatives]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeTable {
    /// The commune of the initiative, for the archive's index by commune;
    /// not printed in the communiqué.
    #[schemars(example = &"Harnes")]
    pub place: Option<String>,
    /// What was done, by whom; a blank line separates paragraphs.
    #[schemars(example = &"À Harnes, l’entreprise Durand Production…", extend("x-paragraphs" = true))]
    pub text: String,
    /// Addresses printed after the text under « Pour plus
    /// d’informations : »: e-mail addresses, http(s) URLs, or web
    /// addresses without scheme (`www.…`).
    #[schemars(example = ["contact@entreprise.example", "www.entreprise.example"])]
    pub links: Option<Vec<String>>,
}

/// The `[closing]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingTable {
    /// The closing words, after the last section.
    #[schemars(example = &"Fabien SUDRY, préfet du Pas-de-Calais, remercie vivement…", extend("x-paragraphs" = true))]
    pub text: String,
    /// The sentence that invites readers to join, printed before `url`.
    #[schemars(
        example = &"Si vous souhaitez participer, rendez-vous sur le site :"
    )]
    pub call_to_action: Option<String>,
    /// The address the call to action points to: an http(s) URL, or a web
    /// address without scheme (`www.…`, linked as https).
    #[schemars(example = &"https://jeveuxaider.gouv.fr")]
    pub url: Option<String>,
}

/// The `[contact]` table: the press contact block.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactTable {
    /// The office or person to call.
    #[schemars(example = &"Bureau de la communication interministérielle")]
    pub name: Option<String>,
    /// The phone number, as it is printed.
    #[schemars(example = &"03 00 00 00 00")]
    pub phone: Option<String>,
    /// The e-mail address, printed as a `mailto:` link.
    #[schemars(email, example = &"communication@prefecture.example")]
    pub email: Option<String>,
}

/// The `[mail]` table of `series.toml`: the headers of the e-mail format
/// (`compose --format eml`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailTable {
    /// The sender's e-mail address (`From`); without it, the press
    /// contact's.
    #[schemars(email, example = &"communication@prefecture.example")]
    pub from: Option<String>,
    /// The address replies go to (`Reply-To`); without it, the press
    /// contact's, when it is not the sender.
    #[schemars(email, example = &"presse@prefecture.example")]
    pub reply_to: Option<String>,
    /// The recipients' e-mail addresses (`To`).
    #[schemars(example = ["redaction@journal.example"])]
    pub to: Option<Vec<String>>,
    /// The hidden recipients' e-mail addresses (`Bcc`).
    #[schemars(example = ["abonnes@prefecture.example"])]
    pub bcc: Option<Vec<String>>,
}

/// A TOML local date (`2020-04-08`), with no time or offset. In the JSON
/// Schema it is a string of format `date`, as TOML editors (Taplo) read
/// TOML dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDate(pub toml::value::Date);

impl<'de> Deserialize<'de> for LocalDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let datetime = toml::value::Datetime::deserialize(deserializer)?;
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => Ok(LocalDate(date)),
            _ => Err(serde::de::Error::custom(
                "expected a date alone, such as 2020-04-08",
            )),
        }
    }
}

impl JsonSchema for LocalDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LocalDate".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// Which file a schema or a list of keys is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An issue file, `releases/nN.toml`.
    Issue,
    /// `series.toml`.
    Series,
}

/// The JSON Schema of `kind`'s file, generated from the mirror: each key
/// with its description and examples, no `null` (TOML has none: an
/// optional key is one that may be left out).
pub fn schema(kind: FileKind) -> Schema {
    generate(kind, true)
}

/// The schema, with or without the examples repeated in the descriptions
/// (the skeleton of `new` writes them as lines of their own).
fn generate(kind: FileKind, example_in_description: bool) -> Schema {
    let mut settings = SchemaSettings::draft2020_12()
        .with_transform(schemars::transform::RecursiveTransform(no_null))
        .with_transform(schemars::transform::RecursiveTransform(join_lines));
    if example_in_description {
        settings = settings.with_transform(schemars::transform::RecursiveTransform(add_example));
    }
    let generator = settings.into_generator();
    match kind {
        FileKind::Issue => generator.into_root_schema_for::<IssueFile>(),
        FileKind::Series => generator.into_root_schema_for::<SeriesFile>(),
    }
}

/// Removes the `null` that schemars allows for an `Option`.
fn no_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|kind| kind != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    let Some(Value::Array(choices)) = object.get_mut("anyOf") else {
        return;
    };
    choices.retain(|choice| choice.get("type").is_none_or(|kind| kind != "null"));
    if let [Value::Object(only)] = choices.as_slice() {
        let only = only.clone();
        object.remove("anyOf");
        for (key, value) in only {
            object.entry(key).or_insert(value);
        }
    }
}

/// Joins a description's lines: doc comments wrap at 80 columns, an
/// editor or the skeleton wraps them itself.
fn join_lines(schema: &mut Schema) {
    if let Some(Value::String(description)) = schema.get_mut("description") {
        *description = description.split('\n').collect::<Vec<_>>().join(" ");
    }
}

/// Adds « Example: `…` » to a description, from the first example: an
/// editor shows the description when the key is hovered.
fn add_example(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let example = object
        .get("examples")
        .and_then(|examples| examples.get(0))
        .map(|example| toml_value(example, object.get("format")));
    if let (Some(Value::String(description)), Some(example)) =
        (object.get_mut("description"), example)
    {
        description.push_str(&format!(" Example: `{example}`."));
    }
}

/// `value` (a JSON example) written as a TOML value; a string of format
/// `date` is a bare TOML date.
pub fn toml_value(value: &Value, format: Option<&Value>) -> String {
    match value {
        Value::String(text) if format.is_some_and(|format| format == "date") => text.clone(),
        Value::String(text) => toml_string(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|item| toml_value(item, None)).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// `text` as a TOML basic string, escaped.
pub fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// One table of a file, as the mirror declares it.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its path in messages and headers: empty at the top level,
    /// `sections`, `sections.initiatives`, `closing` …
    pub path: String,
    pub keys: Vec<Key>,
    /// The keys' names, in the mirror's order.
    pub names: Vec<String>,
}

/// One key of a table.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    /// What it is, and an example (the doc comment and the example).
    pub description: String,
    /// Its first example, written as a TOML value (tables have none).
    pub example: Option<String>,
    /// Must the table give it? The loader reports it missing otherwise.
    pub required: bool,
    /// Must the issue or `series.toml` give it (`x-required-after-merge`
    /// in the schema)? Optional in each file, the issue merged over the
    /// series must have it: the loader reports it missing from the merge.
    pub required_after_merge: bool,
    /// Whether it holds paragraphs (`x-paragraphs` in the schema), written
    /// as a multi-line string.
    pub paragraphs: bool,
    /// How `new` fills it in (`x-skeleton` in the schema); `None`: a
    /// placeholder when it is required, else a commented example.
    pub skeleton: Option<Skeleton>,
    pub kind: KeyKind,
}

/// How the skeleton of `new` fills a key in, besides the rule for all
/// (`x-skeleton` in the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skeleton {
    /// The next issue's number (`next-number`).
    NextNumber,
    /// The date given to `new`, or today (`date`).
    Date,
    /// The latest issue's value, carried over; without one, a commented
    /// example when `series.toml` gives the key, else a placeholder
    /// (`carried`).
    Carried,
    /// A placeholder, though the key is optional: the office deletes what
    /// it does not need (`placeholder`).
    Placeholder,
}

impl Skeleton {
    fn from_schema(value: &Value) -> Option<Skeleton> {
        match value.as_str()? {
            "next-number" => Some(Skeleton::NextNumber),
            "date" => Some(Skeleton::Date),
            "carried" => Some(Skeleton::Carried),
            "placeholder" => Some(Skeleton::Placeholder),
            other => panic!("unknown `x-skeleton` value `{other}` in the mirror"),
        }
    }
}

#[derive(Debug, Clone)]
pub enum KeyKind {
    /// A string, number, date, boolean or array of strings.
    Value,
    /// A table (`[closing]`).
    Table(Table),
    /// An array of tables (`[[sections]]`).
    Tables(Table),
}

impl Table {
    /// This table and every table inside it, outermost first.
    pub fn tables(&self) -> Vec<&Table> {
        let mut found = vec![self];
        for key in &self.keys {
            if let KeyKind::Table(inner) | KeyKind::Tables(inner) = &key.kind {
                found.extend(inner.tables());
            }
        }
        found
    }

    /// The key named `name`.
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|key| key.name == name)
    }

    /// The sub-table at `key`, a table or an array of tables.
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.key(key).and_then(|key| match &key.kind {
            KeyKind::Table(table) | KeyKind::Tables(table) => Some(table),
            KeyKind::Value => None,
        })
    }

    fn from_schema(root: &Schema, schema: &Value, path: &str) -> Table {
        let schema = resolve(root, schema);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let keys: Vec<Key> = schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, property)| {
                let child = |name: &str| {
                    if path.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{path}.{name}")
                    }
                };
                let resolved = resolve(root, property);
                let is_object = |value: &Value| value.get("type").is_some_and(|t| t == "object");
                let items = resolved.get("items").map(|items| resolve(root, items));
                let kind = if is_object(resolved) {
                    KeyKind::Table(Table::from_schema(root, resolved, &child(name)))
                } else if let Some(items) = items.filter(|items| is_object(items)) {
                    KeyKind::Tables(Table::from_schema(root, items, &child(name)))
                } else {
                    KeyKind::Value
                };
                Key {
                    name: name.clone(),
                    description: string_at(property, "description")
                        .or_else(|| string_at(resolved, "description"))
                        .unwrap_or_default(),
                    example: property
                        .get("examples")
                        .and_then(|examples| examples.get(0))
                        .map(|example| toml_value(example, resolved.get("format"))),
                    required: required.contains(&name.as_str()),
                    required_after_merge: property.get("x-required-after-merge")
                        == Some(&Value::Bool(true)),
                    paragraphs: property.get("x-paragraphs") == Some(&Value::Bool(true)),
                    skeleton: property.get("x-skeleton").and_then(Skeleton::from_schema),
                    kind,
                }
            })
            .collect();
        Table {
            path: path.to_owned(),
            names: keys.iter().map(|key| key.name.clone()).collect(),
            keys,
        }
    }
}

fn string_at(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Follows a `$ref` to `#/$defs/…` of `root`.
fn resolve<'a>(root: &'a Schema, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| root.as_value().pointer(pointer))
            .unwrap_or(schema),
        None => schema,
    }
}

/// The tables of `kind`'s file, read off its schema: top level first.
pub fn shape(kind: FileKind) -> &'static Table {
    static ISSUE: LazyLock<Table> = LazyLock::new(|| top_level(FileKind::Issue));
    static SERIES: LazyLock<Table> = LazyLock::new(|| top_level(FileKind::Series));
    match kind {
        FileKind::Issue => &ISSUE,
        FileKind::Series => &SERIES,
    }
}

fn top_level(kind: FileKind) -> Table {
    let root = generate(kind, false);
    Table::from_schema(&root, root.as_value(), "")
}

/// The table at `path` (`""`, `sections`, `sections.initiatives`,
/// `closing`, `contact`, `mail`) of `kind`'s file.
pub fn table(kind: FileKind, path: &str) -> &'static Table {
    let mut table = shape(kind);
    for part in path.split('.').filter(|part| !part.is_empty()) {
        table = table
            .table(part)
            .unwrap_or_else(|| panic!("the mirror has no table `{path}`"));
    }
    table
}

/// The keys the table at `path` of `kind`'s file accepts.
pub fn keys(kind: FileKind, path: &str) -> &'static [String] {
    &table(kind, path).names
}

#[cfg(test)]
mod tests;
