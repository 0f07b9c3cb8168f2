//! Excel workbooks: typed cells (numbers stay numbers, money in a currency
//! format) so the figures can be summed and charted in the spreadsheet.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Cell, Document, Table};

/// Excel's last row (1,048,576 rows, one of them the header).
pub const MAX_ROWS: u32 = 1_048_575;

pub struct Formats {
    bold: Format,
    money: Format,
    percent: Format,
    title: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0"),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// Write one cell at `(row, col)`, bold when `strong`.
pub fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    cell: &Cell,
    strong: bool,
) -> Result<(), XlsxError> {
    let money = if strong {
        f.money.clone().set_bold()
    } else {
        f.money.clone()
    };
    match cell {
        Cell::Text(s) if strong => ws
            .write_string_with_format(row, col, s, &f.bold)
            .map(|_| ()),
        Cell::Text(s) => ws.write_string(row, col, s).map(|_| ()),
        Cell::Count(n) | Cell::Seconds(n) => ws.write_number(row, col, *n as f64).map(|_| ()),
        Cell::Money(m) => ws
            .write_number_with_format(row, col, m.0 as f64 / 10_000.0, &money)
            .map(|_| ()),
        Cell::Percent(p) => ws
            .write_number_with_format(row, col, *p, &f.percent)
            .map(|_| ()),
    }
}

/// A bold header row.
pub fn write_header(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    columns: &[String],
) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, name, &f.bold)?;
        ws.set_column_width(c as u16, (name.len() as f64 + 4.0).max(12.0))?;
    }
    Ok(())
}

fn write_table(ws: &mut Worksheet, f: &Formats, mut row: u32, t: &Table) -> Result<u32, XlsxError> {
    if !t.title.is_empty() {
        ws.write_string_with_format(row, 0, &t.title, &f.bold)?;
        row += 1;
    }
    write_header(ws, f, row, &t.columns)?;
    row += 1;
    for r in &t.rows {
        for (c, cell) in r.iter().enumerate() {
            write_cell(ws, f, row, c as u16, cell, false)?;
        }
        row += 1;
    }
    if let Some(totals) = &t.totals {
        for (c, cell) in totals.iter().enumerate() {
            write_cell(ws, f, row, c as u16, cell, true)?;
        }
        row += 1;
    }
    Ok(row)
}

/// The document's title and lines, then each table; figures on a second
/// sheet.
pub fn document(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::default();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Report")?;
    ws.write_string_with_format(0, 0, &doc.title, &f.title)?;
    let mut row = 1;
    for line in &doc.subtitle {
        ws.write_string(row, 0, line)?;
        row += 1;
    }
    for t in &doc.tables {
        row = write_table(ws, &f, row + 1, t)?;
    }
    summary_sheet(&mut wb, &f, doc)?;
    wb.save_to_buffer()
}

/// A "Summary" sheet of the document's figures.
pub fn summary_sheet(wb: &mut Workbook, f: &Formats, doc: &Document) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Summary")?;
    ws.write_string_with_format(0, 0, &doc.title, &f.title)?;
    let mut row = 1;
    for line in &doc.subtitle {
        ws.write_string(row, 0, line)?;
        row += 1;
    }
    row += 1;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 18)?;
    for (label, value) in &doc.figures {
        ws.write_string_with_format(row, 0, label, &f.bold)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    Ok(())
}
