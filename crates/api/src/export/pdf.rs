//! PDF documents drawn with the standard Helvetica fonts (nothing is
//! embedded): a title, key figures as cards, a bar or line chart, and
//! tables that continue over as many A4 pages as they need. Pie charts are
//! drawn as bars of each slice's share, which reads better in print.

use domain::report::ChartType;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::{Cell, Chart, Document, Table};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Helvetica advance widths (1/1000 em) of ASCII 32-126.
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Width of `text` in points at `size` (bold is about 5% wider).
fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            let i = (c as u32).wrapping_sub(32) as usize;
            u32::from(WIDTHS.get(i).copied().unwrap_or(556))
        })
        .sum();
    units as f32 * size / 1000.0 * if bold { 1.05 } else { 1.0 }
}

/// `text` in WinAnsi bytes (Latin-1 letters kept, anything else `?`).
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0x20..=0x7e | 0xa0..=0xff => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// `text` cut with "..." to fit `width`.
fn fit(text: &str, size: f32, bold: bool, width: f32) -> String {
    if text_width(text, size, bold) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}..."), size, bold) > width {
            break;
        }
        out.push(c);
    }
    format!("{out}...")
}

struct Painter {
    pages: Vec<Content>,
    page: Content,
    /// Next baseline, from the bottom.
    y: f32,
}

impl Painter {
    fn new() -> Self {
        Painter {
            pages: Vec::new(),
            page: Content::new(),
            y: HEIGHT - MARGIN,
        }
    }

    fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(done);
        self.y = HEIGHT - MARGIN;
    }

    /// Start a new page unless `height` points are left.
    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, gray: f32, text: &str) {
        let c = &mut self.page;
        c.set_fill_gray(gray);
        c.begin_text();
        c.set_font(if bold { BOLD } else { REGULAR }, size);
        c.next_line(x, y);
        c.show(Str(&win_ansi(text)));
        c.end_text();
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: (f32, f32, f32)) {
        let c = &mut self.page;
        c.set_fill_rgb(rgb.0, rgb.1, rgb.2);
        c.rect(x, y, w, h);
        c.fill_nonzero();
    }

    fn line(&mut self, points: &[(f32, f32)], rgb: (f32, f32, f32), width: f32) {
        let c = &mut self.page;
        c.set_stroke_rgb(rgb.0, rgb.1, rgb.2);
        c.set_line_width(width);
        for (i, (x, y)) in points.iter().enumerate() {
            if i == 0 {
                c.move_to(*x, *y);
            } else {
                c.line_to(*x, *y);
            }
        }
        c.stroke();
    }
}

const BLUE: (f32, f32, f32) = (0.15, 0.39, 0.92);
const GREEN: (f32, f32, f32) = (0.06, 0.6, 0.4);
const LIGHT: (f32, f32, f32) = (0.95, 0.96, 0.97);
const RULE: (f32, f32, f32) = (0.85, 0.86, 0.88);

fn header(p: &mut Painter, doc: &Document) {
    p.y -= 18.0;
    p.text(MARGIN, p.y, 18.0, true, 0.1, &doc.title);
    p.y -= 6.0;
    for line in &doc.subtitle {
        p.y -= 12.0;
        p.text(MARGIN, p.y, 9.0, false, 0.4, line);
    }
    p.y -= 16.0;
}

fn figures(p: &mut Painter, figures: &[(String, String)]) {
    let per_row = 4;
    let gap = 8.0;
    let w = (WIDTH - 2.0 * MARGIN - gap * (per_row as f32 - 1.0)) / per_row as f32;
    for chunk in figures.chunks(per_row) {
        p.room(50.0);
        let top = p.y;
        for (i, (label, value)) in chunk.iter().enumerate() {
            let x = MARGIN + i as f32 * (w + gap);
            p.rect(x, top - 44.0, w, 44.0, LIGHT);
            p.text(
                x + 8.0,
                top - 16.0,
                8.0,
                false,
                0.4,
                &fit(label, 8.0, false, w - 16.0),
            );
            p.text(
                x + 8.0,
                top - 34.0,
                14.0,
                true,
                0.1,
                &fit(value, 14.0, true, w - 16.0),
            );
        }
        p.y = top - 52.0;
    }
    p.y -= 6.0;
}

fn chart(p: &mut Painter, chart: &Chart) {
    let (h, w) = (170.0, WIDTH - 2.0 * MARGIN);
    p.room(h + 60.0);
    p.y -= 12.0;
    p.text(MARGIN, p.y, 11.0, true, 0.1, &chart.title);
    p.y -= 8.0;
    let (left, bottom) = (MARGIN + 40.0, p.y - h);
    let plot_w = w - 40.0;
    let Some((_, first)) = chart.series.first() else {
        return;
    };
    let values: Vec<f64> = if chart.kind == ChartType::Pie {
        let sum: f64 = first.iter().sum();
        first
            .iter()
            .map(|v| if sum > 0.0 { v * 100.0 / sum } else { 0.0 })
            .collect()
    } else {
        first.clone()
    };
    let max = chart
        .series
        .iter()
        .flat_map(|(_, v)| v.iter())
        .chain(values.iter())
        .copied()
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    // Axis, three grid lines with their values.
    for i in 0..=3 {
        let y = bottom + h * i as f32 / 3.0;
        p.line(&[(left, y), (left + plot_w, y)], RULE, 0.5);
        let v = max * f64::from(i) / 3.0;
        let label = if chart.kind == ChartType::Pie {
            format!("{v:.0}%")
        } else {
            short(v)
        };
        p.text(MARGIN, y - 3.0, 7.0, false, 0.4, &label);
    }
    let n = values.len().max(1);
    let slot = plot_w / n as f32;
    let y_of = |v: f64| bottom + (v / max) as f32 * h;
    if chart.kind == ChartType::Line {
        for (i, (_, series)) in chart.series.iter().enumerate() {
            let own_max = series.iter().copied().fold(0.0_f64, f64::max).max(1e-9);
            // A second series is scaled to its own maximum.
            let scale = if i == 0 { 1.0 } else { max / own_max };
            let points: Vec<(f32, f32)> = series
                .iter()
                .enumerate()
                .map(|(k, v)| (left + slot * (k as f32 + 0.5), y_of(v * scale)))
                .collect();
            p.line(&points, if i == 0 { BLUE } else { GREEN }, 1.5);
        }
    } else {
        for (k, v) in values.iter().enumerate() {
            let bar = (slot * 0.7).min(40.0);
            let x = left + slot * k as f32 + (slot - bar) / 2.0;
            p.rect(x, bottom, bar, (y_of(*v) - bottom).max(0.5), BLUE);
        }
    }
    // Category labels: as many as fit.
    let every = ((n as f32 * 40.0 / plot_w).ceil() as usize).max(1);
    for (k, label) in chart.labels.iter().enumerate().step_by(every) {
        let room = slot * every as f32 - 2.0;
        let text = fit(label, 7.0, false, room);
        let x = left + slot * (k as f32 + 0.5) - text_width(&text, 7.0, false) / 2.0;
        p.text(x, bottom - 10.0, 7.0, false, 0.3, &text);
    }
    if chart.series.len() > 1 && chart.kind == ChartType::Line {
        let legend = format!("blue: {}   green: {}", chart.series[0].0, chart.series[1].0);
        p.text(left, bottom - 22.0, 7.0, false, 0.4, &legend);
    }
    p.y = bottom - 34.0;
}

/// 1234567 → "1.2M", 5300 → "5.3k".
fn short(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if v >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else if v >= 10.0 || v == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn column_widths(t: &Table, size: f32) -> Vec<f32> {
    let total = WIDTH - 2.0 * MARGIN;
    let natural: Vec<f32> = (0..t.columns.len())
        .map(|c| {
            let cells = t.rows.iter().chain(t.totals.as_ref()).take(300);
            let widest = cells
                .filter_map(|r| r.get(c))
                .map(|cell| text_width(&cell.text(), size, false))
                .fold(text_width(&t.columns[c], size, true), f32::max);
            widest.min(180.0) + 10.0
        })
        .collect();
    let sum: f32 = natural.iter().sum();
    natural.iter().map(|w| w * total / sum.max(1.0)).collect()
}

fn table(p: &mut Painter, t: &Table) {
    let size = 8.0;
    let row_h = 14.0;
    let widths = column_widths(t, size);
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|c| {
            t.rows
                .first()
                .and_then(|r| r.get(c))
                .is_some_and(Cell::is_numeric)
        })
        .collect();
    let draw_header = |p: &mut Painter| {
        p.rect(
            MARGIN,
            p.y - row_h + 3.0,
            WIDTH - 2.0 * MARGIN,
            row_h,
            LIGHT,
        );
        row(
            p,
            &widths,
            &numeric,
            t.columns.iter().map(String::as_str),
            size,
            true,
        );
    };
    p.room(row_h * 4.0 + 16.0);
    if !t.title.is_empty() {
        p.y -= 12.0;
        p.text(MARGIN, p.y, 11.0, true, 0.1, &t.title);
        p.y -= 6.0;
    }
    draw_header(p);
    for r in &t.rows {
        if p.y - row_h < MARGIN {
            p.new_page();
            draw_header(p);
        }
        let cells: Vec<String> = r.iter().map(Cell::text).collect();
        row(
            p,
            &widths,
            &numeric,
            cells.iter().map(String::as_str),
            size,
            false,
        );
    }
    if let Some(totals) = &t.totals {
        p.room(row_h + 4.0);
        let y = p.y + 2.0;
        p.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.8);
        let cells: Vec<String> = totals.iter().map(Cell::text).collect();
        row(
            p,
            &widths,
            &numeric,
            cells.iter().map(String::as_str),
            size,
            true,
        );
    }
    p.y -= 10.0;
}

fn row<'a>(
    p: &mut Painter,
    widths: &[f32],
    numeric: &[bool],
    cells: impl Iterator<Item = &'a str>,
    size: f32,
    bold: bool,
) {
    p.y -= 14.0;
    let mut x = MARGIN;
    for ((text, w), right) in cells.zip(widths).zip(numeric) {
        let text = fit(text, size, bold, w - 8.0);
        let at = if *right {
            x + w - 4.0 - text_width(&text, size, bold)
        } else {
            x + 4.0
        };
        p.text(at, p.y + 4.0, size, bold, 0.15, &text);
        x += w;
    }
}

/// The whole document as PDF bytes.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut p = Painter::new();
    header(&mut p, doc);
    figures(&mut p, &doc.figures);
    if let Some(c) = &doc.chart {
        chart(&mut p, c);
    }
    for t in &doc.tables {
        table(&mut p, t);
    }
    let last = std::mem::replace(&mut p.page, Content::new());
    p.pages.push(last);

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first = 6;
    let page_ids: Vec<Ref> = (0..p.pages.len())
        .map(|i| Ref::new(first + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .producer(TextStr("CallCenter Pro"));
    let total = p.pages.len();
    for (i, mut content) in p.pages.into_iter().enumerate() {
        // Page numbers at the foot.
        content.set_fill_gray(0.5);
        content.begin_text();
        content.set_font(REGULAR, 7.0);
        content.next_line(WIDTH - MARGIN - 50.0, 20.0);
        content.show(Str(format!("Page {} of {total}", i + 1).as_bytes()));
        content.end_text();
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Table;

    #[test]
    fn text_is_measured_cut_and_encoded() {
        assert!((text_width("0000", 10.0, false) - 22.24).abs() < 0.01);
        let cut = fit("A very long campaign name indeed", 8.0, false, 60.0);
        assert!(cut.ends_with("...") && text_width(&cut, 8.0, false) <= 60.0);
        assert_eq!(win_ansi("Café €5"), b"Caf\xe9 ?5");
    }

    #[test]
    fn a_long_table_continues_on_more_pages() {
        let doc = Document {
            title: "Calls".into(),
            tables: vec![Table {
                columns: vec!["Call".into(), "Revenue".into()],
                rows: (0..200)
                    .map(|i| {
                        vec![
                            Cell::Text(format!("CA{i}")),
                            Cell::Money(domain::Money(i * 100)),
                        ]
                    })
                    .collect(),
                ..Table::default()
            }],
            ..Document::default()
        };
        let bytes = render(&doc);
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        let pages: usize = text
            .split("/Count ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        // 200 rows of 14 pt on pages of 762 pt.
        assert_eq!(pages, 4);
        assert_eq!(text.matches("Page 4 of 4").count(), 1);
    }
}
