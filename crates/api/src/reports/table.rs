//! Turning the store's sums into a report's rows: buckets folded into local
//! days or hours, ids named, time rows complete and in order, the others
//! ranked by the first metric. Pure, so it is tested without a database.

use std::collections::HashMap;

use domain::report::{DayRange, Dimension, MAX_ROWS, Metric, Sums};
use store::report_sums::{BIDDER_KEY, GroupBy, SumRow};

/// One row: a key and a label per dimension, and the sums.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub keys: Vec<Option<String>>,
    pub labels: Vec<String>,
    pub sums: Sums,
}

/// A computed report.
#[derive(Clone, Debug)]
pub struct ReportData {
    pub dimensions: Vec<Dimension>,
    pub metrics: Vec<Metric>,
    pub rows: Vec<Row>,
    pub totals: Sums,
    pub truncated: bool,
}

/// Names for the ids of one dimension.
pub type Names = HashMap<Dimension, HashMap<String, String>>;

/// What the store groups by for `dimensions` (day and hour share one
/// bucket key), and for each dimension the index of its key.
pub fn group_keys(dimensions: &[Dimension], days: &DayRange) -> (Vec<GroupBy>, Vec<usize>) {
    let mut keys: Vec<GroupBy> = Vec::new();
    let mut index = Vec::new();
    for d in dimensions {
        let key = match d {
            Dimension::Campaign => GroupBy::Campaign,
            Dimension::Buyer => GroupBy::Buyer,
            Dimension::Day | Dimension::Hour => GroupBy::Bucket(days.bucket_ms),
            Dimension::State => GroupBy::State,
            Dimension::Status => GroupBy::Status,
            Dimension::RtbTarget => GroupBy::RtbTarget,
            Dimension::Source => GroupBy::Source,
            Dimension::Medium => GroupBy::Medium,
            Dimension::UtmCampaign => GroupBy::UtmCampaign,
            Dimension::Term => GroupBy::Term,
            Dimension::Content => GroupBy::Content,
            Dimension::Parameter => GroupBy::Parameter,
        };
        let at = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.push(key);
            keys.len() - 1
        });
        index.push(at);
    }
    (keys, index)
}

/// The key of dimension `d` from a store key (a bucket for day and hour).
fn key_of(d: Dimension, raw: Option<&String>, days: &DayRange) -> Option<Option<String>> {
    match d {
        Dimension::Day => {
            let bucket = raw?.parse::<i64>().ok()?;
            let day = days.day_of(bucket)?;
            Some(Some(days.dates.get(day)?.to_string()))
        }
        Dimension::Hour => {
            let bucket = raw?.parse::<i64>().ok()?;
            Some(Some(days.hour_of(bucket)?.to_string()))
        }
        // Calls won in an auction are keyed by their bidder.
        Dimension::Buyer => Some(raw.map(|k| match k.strip_prefix('-') {
            Some(target) => format!("{BIDDER_KEY}{target}"),
            None => k.clone(),
        })),
        _ => Some(raw.cloned()),
    }
}

fn label(d: Dimension, key: Option<&str>, names: &Names) -> String {
    let Some(key) = key else {
        return match d {
            Dimension::Campaign => "No campaign",
            Dimension::Buyer => "No buyer",
            Dimension::RtbTarget => "No RTB winner",
            Dimension::State => "Unknown",
            Dimension::Source => "No source",
            Dimension::Medium => "No medium",
            Dimension::UtmCampaign => "No ad campaign",
            Dimension::Term => "No term",
            Dimension::Content => "No content",
            Dimension::Parameter => "Not set",
            _ => "None",
        }
        .into();
    };
    match d {
        Dimension::Hour => format!("{:0>2}:00", key),
        Dimension::Campaign | Dimension::Buyer | Dimension::RtbTarget => names
            .get(&d)
            .and_then(|n| n.get(key))
            .cloned()
            .unwrap_or_else(|| match key.strip_prefix(BIDDER_KEY) {
                Some(target) => format!("RTB target #{target}"),
                None => format!("#{key}"),
            }),
        _ => key.to_string(),
    }
}

/// Fold, name, complete, order and cap the rows.
pub fn shape(
    dimensions: &[Dimension],
    metrics: &[Metric],
    days: &DayRange,
    index: &[usize],
    sums: Vec<SumRow>,
    names: &Names,
) -> ReportData {
    let mut totals = Sums::default();
    let mut merged: HashMap<Vec<Option<String>>, Sums> = HashMap::new();
    for row in &sums {
        totals.add(&row.sums);
        let keys: Option<Vec<Option<String>>> = dimensions
            .iter()
            .zip(index)
            .map(|(d, i)| key_of(*d, row.keys.get(*i).and_then(Option::as_ref), days))
            .collect();
        if let Some(keys) = keys {
            merged.entry(keys).or_default().add(&row.sums);
        }
    }
    // A single time dimension lists every day or hour, zeros included.
    match dimensions {
        [Dimension::Day] => {
            for d in &days.dates {
                merged.entry(vec![Some(d.to_string())]).or_default();
            }
        }
        [Dimension::Hour] => {
            for h in 0..24 {
                merged.entry(vec![Some(h.to_string())]).or_default();
            }
        }
        _ => {}
    }
    let mut rows: Vec<Row> = merged
        .into_iter()
        .map(|(keys, sums)| Row {
            labels: dimensions
                .iter()
                .zip(&keys)
                .map(|(d, k)| label(*d, k.as_deref(), names))
                .collect(),
            keys,
            sums,
        })
        .collect();
    let first = metrics.first().copied().unwrap_or(Metric::Calls);
    let rank = |r: &Row| r.sums.value(first).as_f64();
    let time_order = |d: Dimension, k: &Option<String>| -> i64 {
        match d {
            Dimension::Hour => k.as_deref().and_then(|h| h.parse().ok()).unwrap_or(0),
            _ => 0,
        }
    };
    rows.sort_by(|a, b| {
        if let Some(d) = dimensions.first().filter(|d| d.is_time()) {
            let by_time = time_order(*d, &a.keys[0])
                .cmp(&time_order(*d, &b.keys[0]))
                .then_with(|| a.keys[0].cmp(&b.keys[0]));
            if by_time.is_ne() {
                return by_time;
            }
        }
        rank(b)
            .total_cmp(&rank(a))
            .then_with(|| a.labels.cmp(&b.labels))
    });
    let truncated = rows.len() > MAX_ROWS;
    rows.truncate(MAX_ROWS);
    ReportData {
        dimensions: dimensions.to_vec(),
        metrics: metrics.to_vec(),
        rows,
        totals,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    fn sums(calls: i64, revenue_e4: i64) -> Sums {
        Sums {
            calls,
            revenue_e4,
            ..Sums::default()
        }
    }

    fn range() -> DayRange {
        let tz = TimeZone::get("America/New_York").unwrap();
        DayRange::between(
            &tz,
            "2026-11-01".parse().unwrap(),
            "2026-11-03".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn day_and_hour_share_one_bucket_key() {
        let days = range();
        let (keys, index) = group_keys(&[Dimension::Day, Dimension::Hour], &days);
        assert_eq!(keys, [GroupBy::Bucket(3_600_000)]);
        assert_eq!(index, [0, 0]);
        let (keys, index) = group_keys(&[Dimension::Campaign, Dimension::Day], &days);
        assert_eq!(keys, [GroupBy::Campaign, GroupBy::Bucket(3_600_000)]);
        assert_eq!(index, [0, 1]);
    }

    #[test]
    fn buckets_fold_into_every_local_day_in_order() {
        let days = range();
        let bucket = |ms: i64| Some((ms / days.bucket_ms).to_string());
        // Two hours of Nov 1 and one late on Nov 1 (23:30 EST = 04:30Z Nov 2).
        let rows = vec![
            SumRow {
                keys: vec![bucket(days.starts[0])],
                sums: sums(2, 10),
            },
            SumRow {
                keys: vec![bucket(days.starts[0] + 3_600_000)],
                sums: sums(1, 5),
            },
            SumRow {
                keys: vec![bucket(1_793_593_800_000)],
                sums: sums(4, 0),
            },
        ];
        let (_, index) = group_keys(&[Dimension::Day], &days);
        let data = shape(
            &[Dimension::Day],
            &[Metric::Calls],
            &days,
            &index,
            rows,
            &Names::new(),
        );
        let got: Vec<(String, i64)> = data
            .rows
            .iter()
            .map(|r| (r.labels[0].clone(), r.sums.calls))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-01".into(), 7),
                ("2026-11-02".into(), 0),
                ("2026-11-03".into(), 0)
            ]
        );
        assert_eq!(data.totals.calls, 7);
    }

    #[test]
    fn hours_are_local_and_all_present() {
        let days = range();
        let at = |ms: i64| vec![Some((ms / days.bucket_ms).to_string())];
        // 2026-11-01 14:00Z is 09:00 EST.
        let rows = vec![SumRow {
            keys: at(1_793_541_600_000),
            sums: sums(3, 0),
        }];
        let (_, index) = group_keys(&[Dimension::Hour], &days);
        let data = shape(
            &[Dimension::Hour],
            &[Metric::Calls],
            &days,
            &index,
            rows,
            &Names::new(),
        );
        assert_eq!(data.rows.len(), 24);
        assert_eq!(data.rows[0].labels[0], "00:00");
        assert_eq!(data.rows[9].labels[0], "09:00");
        assert_eq!(data.rows[9].sums.calls, 3);
    }

    #[test]
    fn categories_are_named_and_ranked_by_the_first_metric() {
        let days = range();
        let mut names = Names::new();
        names.insert(
            Dimension::Campaign,
            [("c1".to_string(), "Auto".to_string())]
                .into_iter()
                .collect(),
        );
        let rows = vec![
            SumRow {
                keys: vec![Some("c1".into())],
                sums: sums(1, 500),
            },
            SumRow {
                keys: vec![Some("c2".into())],
                sums: sums(5, 100),
            },
            SumRow {
                keys: vec![None],
                sums: sums(2, 900),
            },
        ];
        let data = shape(
            &[Dimension::Campaign],
            &[Metric::Revenue],
            &days,
            &[0],
            rows,
            &names,
        );
        let labels: Vec<&str> = data.rows.iter().map(|r| r.labels[0].as_str()).collect();
        assert_eq!(labels, ["No campaign", "Auto", "#c2"]);
        assert!(!data.truncated);
    }
}
