//! What one row of a report adds up, and the metrics derived from it.

use crate::Money;

use super::Metric;

/// Sums over a set of calls (money in ten-thousandths, duration in
/// seconds over connected calls).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub calls: i64,
    pub connected: i64,
    pub converted: i64,
    pub revenue_e4: i64,
    pub payout_e4: i64,
    pub cost_e4: i64,
    pub profit_e4: i64,
    pub connected_duration: i64,
}

/// One metric's value: a count, a money amount, a percentage or seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MetricValue {
    Count(i64),
    Money(Money),
    /// 0-100 with one decimal.
    Percent(f64),
    /// Seconds, rounded.
    Seconds(i64),
}

impl MetricValue {
    /// A number for charts and spreadsheets (money in units).
    pub fn as_f64(self) -> f64 {
        match self {
            MetricValue::Count(n) | MetricValue::Seconds(n) => n as f64,
            MetricValue::Money(m) => m.0 as f64 / 10_000.0,
            MetricValue::Percent(p) => p,
        }
    }

    /// As text: money with two decimals, percentages with one.
    pub fn text(self) -> String {
        match self {
            MetricValue::Count(n) | MetricValue::Seconds(n) => n.to_string(),
            MetricValue::Money(m) => m.to_decimal_string(2),
            MetricValue::Percent(p) => format!("{p:.1}"),
        }
    }
}

impl Sums {
    pub fn add(&mut self, o: &Sums) {
        self.calls += o.calls;
        self.connected += o.connected;
        self.converted += o.converted;
        self.revenue_e4 += o.revenue_e4;
        self.payout_e4 += o.payout_e4;
        self.cost_e4 += o.cost_e4;
        self.profit_e4 += o.profit_e4;
        self.connected_duration += o.connected_duration;
    }

    pub fn value(&self, metric: Metric) -> MetricValue {
        match metric {
            Metric::Calls => MetricValue::Count(self.calls),
            Metric::Connected => MetricValue::Count(self.connected),
            Metric::Converted => MetricValue::Count(self.converted),
            Metric::ConversionRate => MetricValue::Percent(percent(self.converted, self.calls)),
            Metric::Revenue => MetricValue::Money(Money(self.revenue_e4)),
            Metric::Payout => MetricValue::Money(Money(self.payout_e4)),
            Metric::Cost => MetricValue::Money(Money(self.cost_e4)),
            Metric::Profit => MetricValue::Money(Money(self.profit_e4)),
            Metric::AverageDuration => {
                MetricValue::Seconds(ratio_rounded(self.connected_duration, self.connected))
            }
            // Exact to the ten-thousandth, rounded half away from zero.
            Metric::Rpc => MetricValue::Money(Money(ratio_rounded(self.revenue_e4, self.calls))),
        }
    }
}

/// `part` as a percentage of `whole` with one decimal; 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// `a / b` rounded half away from zero in integers; 0 when `b` is 0.
fn ratio_rounded(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    let (q, r) = (a / b, a % b);
    if 2 * r.abs() >= b.abs() {
        q + a.signum() * b.signum()
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_metrics_are_exact_and_safe_on_zero() {
        let s = Sums {
            calls: 3,
            connected: 2,
            converted: 1,
            revenue_e4: 100_000,
            connected_duration: 125,
            ..Sums::default()
        };
        assert_eq!(s.value(Metric::ConversionRate), MetricValue::Percent(33.3));
        assert_eq!(s.value(Metric::AverageDuration), MetricValue::Seconds(63));
        assert_eq!(s.value(Metric::Rpc), MetricValue::Money(Money(33_333)));
        assert_eq!(s.value(Metric::Rpc).text(), "3.33");
        let zero = Sums::default();
        assert_eq!(
            zero.value(Metric::ConversionRate),
            MetricValue::Percent(0.0)
        );
        assert_eq!(zero.value(Metric::Rpc), MetricValue::Money(Money(0)));
        assert_eq!(zero.value(Metric::AverageDuration), MetricValue::Seconds(0));
    }

    #[test]
    fn rows_add_up() {
        let mut a = Sums {
            calls: 1,
            profit_e4: -5,
            ..Sums::default()
        };
        a.add(&Sums {
            calls: 2,
            profit_e4: 7,
            ..Sums::default()
        });
        assert_eq!((a.calls, a.profit_e4), (3, 2));
        assert_eq!(a.value(Metric::Profit).text(), "0.00");
        assert_eq!(ratio_rounded(-5, 2), -3);
        assert_eq!(ratio_rounded(5, 2), 3);
        assert_eq!(ratio_rounded(4, 3), 1);
    }
}
