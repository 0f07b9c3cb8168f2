//! Phone numbers as people type them into a form or a CSV file: the rules
//! for type, country and friendly name, and the CSV import's checks (header
//! detection, per-row validation, duplicates within the file, the row cap).
//! Pure: the API checks the valid rows against what is already registered
//! and writes them.

use std::collections::HashMap;

use phonenumber::Type;

use crate::E164;
use crate::validate;

/// The most data rows one CSV import may carry.
pub const MAX_IMPORT_ROWS: usize = 10_000;
/// Longest friendly name, in characters.
pub const FRIENDLY_NAME_MAX: usize = 100;
/// The number types the schema accepts.
pub const NUMBER_TYPES: [&str; 3] = ["local", "toll_free", "mobile"];
/// The statuses the schema accepts.
pub const NUMBER_STATUSES: [&str; 3] = ["active", "inactive", "suspended"];

/// A number to register, validated and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberInput {
    pub phone_number: E164,
    pub friendly_name: Option<String>,
    /// local, toll_free or mobile.
    pub kind: String,
    /// ISO 3166 alpha-2, uppercase.
    pub country: String,
}

/// Why a number was refused: the input field (API name) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberError {
    pub field: &'static str,
    pub reason: String,
}

impl NumberError {
    fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// A number type as written by people (`Toll-Free`, `toll free`, `LOCAL`)
/// in the stored form: `local`, `toll_free` or `mobile`.
pub fn number_type(value: &str) -> Result<String, String> {
    let normal: String = value
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .collect();
    match normal.as_str() {
        "local" => Ok("local".into()),
        "tollfree" => Ok("toll_free".into()),
        "mobile" => Ok("mobile".into()),
        _ => Err("must be local, toll_free or mobile".into()),
    }
}

/// An ISO 3166 alpha-2 country code (two letters), uppercased.
pub fn country_code(value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err("must be a two-letter ISO country code such as US".into())
    }
}

/// A number's status: active, inactive or suspended.
pub fn number_status(value: &str) -> Result<String, String> {
    let v = value.trim().to_ascii_lowercase();
    if NUMBER_STATUSES.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err("must be active, inactive or suspended".into())
    }
}

/// Validate one number. `country` is both the region for numbers written
/// without `+code` and the stored country; without it the region is
/// `default_region` (ISO alpha-2: "US" for plain imports, a pool's country
/// for its numbers) and the stored country is the number's own. Without
/// `kind` the type comes from the number (toll-free and mobile ranges),
/// else `local`.
pub fn number_input(
    phone: &str,
    friendly_name: Option<&str>,
    kind: Option<&str>,
    country: Option<&str>,
    default_region: &str,
) -> Result<NumberInput, NumberError> {
    let country = match country.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(country_code(c).map_err(|r| NumberError::new("country", r))?),
        None => None,
    };
    let phone_number = E164::parse(phone, country.as_deref().unwrap_or(default_region))
        .map_err(|r| NumberError::new("phoneNumber", r))?;
    let friendly_name = validate::optional_text(friendly_name, FRIENDLY_NAME_MAX)
        .map_err(|r| NumberError::new("friendlyName", r))?;
    let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => number_type(k).map_err(|r| NumberError::new("type", r))?,
        None => inferred_type(&phone_number).to_string(),
    };
    let country = country
        .or_else(|| phone_number.country())
        .unwrap_or_else(|| default_region.to_ascii_uppercase());
    Ok(NumberInput {
        phone_number,
        friendly_name,
        kind,
        country,
    })
}

/// The type libphonenumber sees in the number's range.
fn inferred_type(number: &E164) -> &'static str {
    let Ok(parsed) = phonenumber::parse(None, number.as_str()) else {
        return "local";
    };
    match parsed.number_type(&phonenumber::metadata::DATABASE) {
        Type::TollFree => "toll_free",
        Type::Mobile => "mobile",
        _ => "local",
    }
}

/// One data row of an import, with the line it starts on (the header is
/// line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    /// The number in E.164 when it parsed, else as written.
    pub phone_number: String,
    pub outcome: RowOutcome,
}

/// What the file says about a row, before the database is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    Valid(NumberInput),
    /// The row cannot be imported; the reason names the column.
    Invalid(String),
    /// The same number appeared on an earlier line.
    Duplicate(String),
}

/// Which column holds what.
struct Columns {
    number: usize,
    friendly_name: Option<usize>,
    kind: Option<usize>,
    country: Option<usize>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Option<Self> {
        let mut number = None;
        let mut friendly_name = None;
        let mut kind = None;
        let mut country = None;
        for (i, name) in header.iter().enumerate() {
            let key: String = name
                .trim_start_matches('\u{feff}')
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            let slot = match key.as_str() {
                "number" | "phonenumber" | "phone" => &mut number,
                "friendlyname" | "name" => &mut friendly_name,
                "type" | "numbertype" => &mut kind,
                "country" | "countrycode" => &mut country,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        Some(Self {
            number: number?,
            friendly_name,
            kind,
            country,
        })
    }
}

/// Read an import file: a header row naming the columns `number` (or
/// `phone_number`/`phoneNumber`), `friendly_name`, `type` and `country` (any
/// order, other columns ignored), then at most [`MAX_IMPORT_ROWS`] rows.
/// Blank rows are skipped; rows without a country are read in
/// `default_region`. A file-level problem is the `Err` reason; row problems
/// are reported per row.
pub fn parse_csv(text: &str, default_region: &str) -> Result<Vec<ImportRow>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("cannot be read: {e}"))?
        .clone();
    let columns = Columns::from_header(&header).ok_or_else(|| {
        "must start with a header row naming a number column (number, phone_number or phoneNumber)"
            .to_string()
    })?;

    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|e| format!("cannot be read: {e}"))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_IMPORT_ROWS {
            return Err(format!("must have at most {MAX_IMPORT_ROWS} rows"));
        }
        let line = lines.line_at(text, record.position().map_or(0, |p| p.byte()));
        rows.push(check_row(
            &record,
            &columns,
            line,
            default_region,
            &mut seen,
        ));
    }
    if rows.is_empty() {
        return Err("has no rows to import".into());
    }
    Ok(rows)
}

/// Line numbers from byte offsets. The csv reader does not count the blank
/// lines it skips (and its offset points before them), so count the
/// newlines before each record's first character, once.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        let bytes = text.as_bytes();
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > self.byte {
            let between = bytes.get(self.byte..byte).unwrap_or_default();
            self.newlines += between.iter().filter(|b| **b == b'\n').count() as u64;
            self.byte = byte;
        }
        self.newlines + 1
    }
}

fn check_row(
    record: &csv::StringRecord,
    columns: &Columns,
    line: u64,
    default_region: &str,
    seen: &mut HashMap<String, u64>,
) -> ImportRow {
    let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|v| !v.is_empty());
    let raw = cell(Some(columns.number)).unwrap_or_default();
    let checked = number_input(
        raw,
        cell(columns.friendly_name),
        cell(columns.kind),
        cell(columns.country),
        default_region,
    );
    match checked {
        Err(e) => ImportRow {
            line,
            phone_number: raw.to_string(),
            outcome: RowOutcome::Invalid(format!("{}: {}", csv_column(e.field), e.reason)),
        },
        Ok(input) => {
            let e164 = input.phone_number.as_str().to_string();
            let outcome = match seen.get(&e164) {
                Some(first) => RowOutcome::Duplicate(format!("repeats line {first}")),
                None => {
                    seen.insert(e164.clone(), line);
                    RowOutcome::Valid(input)
                }
            };
            ImportRow {
                line,
                phone_number: e164,
                outcome,
            }
        }
    }
}

/// The CSV column name for an input field.
fn csv_column(field: &str) -> &'static str {
    match field {
        "friendlyName" => "friendly_name",
        "type" => "type",
        "country" => "country",
        _ => "number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(row: &ImportRow) -> &NumberInput {
        match &row.outcome {
            RowOutcome::Valid(n) => n,
            other => panic!("line {} is {other:?}", row.line),
        }
    }

    #[test]
    fn types_countries_and_statuses_are_normalised() {
        assert_eq!(number_type("Toll-Free").unwrap(), "toll_free");
        assert_eq!(number_type(" toll free ").unwrap(), "toll_free");
        assert_eq!(number_type("LOCAL").unwrap(), "local");
        assert!(number_type("landline").is_err());
        assert_eq!(country_code("gb").unwrap(), "GB");
        assert!(country_code("USA").is_err());
        assert!(country_code("1A").is_err());
        assert_eq!(number_status("Suspended").unwrap(), "suspended");
        assert!(number_status("deleted").is_err());
    }

    #[test]
    fn a_number_defaults_its_country_and_type_from_the_number() {
        let n = number_input("(212) 555-0100", None, None, None, "US").unwrap();
        assert_eq!(n.phone_number.as_str(), "+12125550100");
        assert_eq!((n.kind.as_str(), n.country.as_str()), ("local", "US"));
        let uk = number_input("+44 20 7946 0958", Some(" Office "), None, None, "US").unwrap();
        assert_eq!(uk.country, "GB");
        assert_eq!(uk.friendly_name.as_deref(), Some("Office"));
        let free = number_input("1-800-555-0199", None, None, None, "US").unwrap();
        assert_eq!(free.kind, "toll_free");
        let given = number_input("020 7946 0958", None, Some("mobile"), Some("gb"), "US").unwrap();
        assert_eq!(given.phone_number.as_str(), "+442079460958");
        assert_eq!(
            (given.kind.as_str(), given.country.as_str()),
            ("mobile", "GB")
        );
    }

    #[test]
    fn a_bad_number_input_names_the_field() {
        let field = |r: Result<NumberInput, NumberError>| r.unwrap_err().field;
        assert_eq!(
            field(number_input("12", None, None, None, "US")),
            "phoneNumber"
        );
        assert_eq!(
            field(number_input("2125550100", None, Some("fax"), None, "US")),
            "type"
        );
        assert_eq!(
            field(number_input("2125550100", None, None, Some("XYZ"), "US")),
            "country"
        );
        let long = "x".repeat(FRIENDLY_NAME_MAX + 1);
        assert_eq!(
            field(number_input("2125550100", Some(&long), None, None, "US")),
            "friendlyName"
        );
    }

    #[test]
    fn rows_are_checked_one_by_one_with_their_lines() {
        let csv = "Phone Number,Friendly Name,Type,Country\n\
                   (212) 555-0100,Main,local,US\n\
                   not a number,Bad,local,US\n\
                   \n\
                   212.555.0100,Again,local,US\n\
                   +44 20 7946 0958,London,,\n\
                   2125550101,,fax,US\n\
                   \"2125550102\",\"Multi\nline\",mobile,us\n";
        let rows = parse_csv(csv, "US").unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0].line, 2);
        assert_eq!(valid(&rows[0]).friendly_name.as_deref(), Some("Main"));
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].phone_number, "not a number");
        assert!(matches!(&rows[1].outcome, RowOutcome::Invalid(r) if r.starts_with("number:")));
        assert_eq!(rows[2].line, 5, "blank lines keep their numbers");
        assert_eq!(
            rows[2].outcome,
            RowOutcome::Duplicate("repeats line 2".into())
        );
        assert_eq!(valid(&rows[3]).country, "GB");
        let gb = parse_csv("number\n020 7946 0958\n", "GB").unwrap();
        assert_eq!(valid(&gb[0]).phone_number.as_str(), "+442079460958");
        assert!(matches!(&rows[4].outcome, RowOutcome::Invalid(r) if r.starts_with("type:")));
        assert_eq!(rows[5].line, 8);
        assert_eq!(
            valid(&rows[5]).friendly_name.as_deref(),
            Some("Multi\nline")
        );
        assert_eq!(valid(&rows[5]).kind, "mobile");
    }

    #[test]
    fn header_names_are_flexible_and_extra_columns_ignored() {
        for header in [
            "number",
            "phone_number",
            "phoneNumber",
            "\u{feff}Number",
            "PHONE",
        ] {
            let rows = parse_csv(&format!("id,{header},notes\n1,2125550100,x\n"), "US").unwrap();
            assert_eq!(
                valid(&rows[0]).phone_number.as_str(),
                "+12125550100",
                "{header}"
            );
        }
        let crlf = parse_csv("number,type\r\n8005550199,toll-free\r\n", "US").unwrap();
        assert_eq!(valid(&crlf[0]).kind, "toll_free");
        let short = parse_csv("number,friendly_name,type\n2125550100\n", "US").unwrap();
        assert_eq!(valid(&short[0]).kind, "local");
    }

    #[test]
    fn file_level_problems_are_refused() {
        assert!(parse_csv("", "US").is_err());
        assert!(parse_csv("number\n", "US").unwrap_err().contains("no rows"));
        assert!(
            parse_csv("name,type\nx,local\n", "US")
                .unwrap_err()
                .contains("header")
        );
        assert!(
            parse_csv("2125550100\n2125550101\n", "US")
                .unwrap_err()
                .contains("header")
        );
        let mut big = String::from("number\n");
        for i in 0..MAX_IMPORT_ROWS {
            big.push_str(&format!("+1212555{:04}\n", i % 10_000));
        }
        assert_eq!(parse_csv(&big, "US").unwrap().len(), MAX_IMPORT_ROWS);
        big.push_str("+12125550100\n");
        assert!(parse_csv(&big, "US").unwrap_err().contains("at most 10000"));
    }
}
