//! What a flow's calls did: per node (entries, exits by output, hang-ups,
//! time spent), per path (calls, conversions, revenue) and per split test
//! (each branch's conversion rate, and whether the difference from the
//! first branch is significant). Pure: computed from the calls' runs and
//! outcomes.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::engine::Run;

/// A call that ran the flow, as analytics sees it.
#[derive(Clone, Debug)]
pub struct FlowCall {
    pub run: Run,
    pub converted: bool,
    pub revenue_e4: i64,
    /// The call is over.
    pub ended: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeStats {
    pub node_id: String,
    pub node_type: String,
    /// Times a call reached the node (a call may pass a node twice).
    pub entries: u64,
    /// Times a call left by each output.
    pub exits: BTreeMap<String, u64>,
    /// Calls whose caller hung up while at the node.
    pub hangups: u64,
    /// Mean and 95th percentile of the time at the node, ms.
    pub mean_ms: Option<u64>,
    pub p95_ms: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EdgeStats {
    pub edge_id: String,
    pub calls: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PathStats {
    /// The node ids, in order (a node repeated when passed again).
    pub nodes: Vec<String>,
    pub calls: u64,
    pub conversions: u64,
    /// Decimal string, e.g. "42.00".
    pub revenue: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BranchStats {
    pub name: String,
    pub calls: u64,
    pub conversions: u64,
    /// Conversions per call, 0-1.
    pub conversion_rate: f64,
    pub revenue: String,
    /// Two-proportion z-test against the first branch (none for the first
    /// branch, or without calls on both sides).
    pub p_value: Option<f64>,
    /// p < 0.05.
    pub significant: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SplitStats {
    pub node_id: String,
    pub test_name: String,
    pub branches: Vec<BranchStats>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowAnalytics {
    pub calls: u64,
    pub conversions: u64,
    pub revenue: String,
    pub nodes: Vec<NodeStats>,
    pub edges: Vec<EdgeStats>,
    /// The 20 most common paths.
    pub paths: Vec<PathStats>,
    pub split_tests: Vec<SplitStats>,
}

fn money(e4: i64) -> String {
    domain::Money(e4).to_decimal_string(2)
}

/// The standard normal CDF (Abramowitz and Stegun 7.1.26 for erf; error
/// below 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Two-sided p-value of the two-proportion z-test of `c1/n1` against
/// `c2/n2`; none when a side has no calls or nothing varies.
pub fn two_proportion_p(c1: u64, n1: u64, c2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (c1 + c2) as f64 / (n1f + n2f);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    if se == 0.0 {
        return None;
    }
    let z = (c1 as f64 / n1f - c2 as f64 / n2f) / se;
    Some((2.0 * (1.0 - normal_cdf(z.abs()))).clamp(0.0, 1.0))
}

/// The analytics of `calls` over `graph`'s nodes (nodes no call reached
/// are listed with zeros; visits of nodes no longer in the graph count).
pub fn analyse(graph: &crate::Graph, calls: &[FlowCall]) -> FlowAnalytics {
    let mut nodes: BTreeMap<String, NodeStats> = BTreeMap::new();
    let mut times: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for n in &graph.nodes {
        nodes.insert(
            n.id.clone(),
            NodeStats {
                node_id: n.id.clone(),
                node_type: n.kind.name().into(),
                ..Default::default()
            },
        );
    }
    let mut edges: BTreeMap<String, u64> = BTreeMap::new();
    let mut paths: BTreeMap<Vec<String>, (u64, u64, i64)> = BTreeMap::new();
    // (split node, branch) -> (calls, conversions, revenue)
    let mut splits: BTreeMap<(String, String), (u64, u64, i64)> = BTreeMap::new();
    let (mut conversions, mut revenue) = (0u64, 0i64);
    for call in calls {
        conversions += u64::from(call.converted);
        revenue += call.revenue_e4;
        let mut seen_splits = Vec::new();
        for v in &call.run.path {
            let stats = nodes.entry(v.node_id.clone()).or_insert_with(|| NodeStats {
                node_id: v.node_id.clone(),
                node_type: v.node_type.clone(),
                ..Default::default()
            });
            stats.entries += 1;
            if let Some(out) = &v.output {
                *stats.exits.entry(out.clone()).or_insert(0) += 1;
                if v.node_type == "splitter" && !seen_splits.contains(&v.node_id) {
                    seen_splits.push(v.node_id.clone());
                    let s = splits
                        .entry((v.node_id.clone(), out.clone()))
                        .or_insert((0, 0, 0));
                    s.0 += 1;
                    s.1 += u64::from(call.converted);
                    s.2 += call.revenue_e4;
                }
            }
            if let Some(e) = &v.edge_id {
                *edges.entry(e.clone()).or_insert(0) += 1;
            }
            if let Some(left) = v.left_ms {
                times
                    .entry(v.node_id.clone())
                    .or_default()
                    .push((left - v.entered_ms).max(0) as u64);
            }
        }
        if call.ended
            && call.run.end.is_none()
            && let Some(last) = call.run.path.last()
            && let Some(stats) = nodes.get_mut(&last.node_id)
        {
            stats.hangups += 1;
        }
        let key: Vec<String> = call.run.path.iter().map(|v| v.node_id.clone()).collect();
        let p = paths.entry(key).or_insert((0, 0, 0));
        p.0 += 1;
        p.1 += u64::from(call.converted);
        p.2 += call.revenue_e4;
    }
    for (id, mut t) in times {
        if let Some(stats) = nodes.get_mut(&id)
            && !t.is_empty()
        {
            t.sort_unstable();
            stats.mean_ms = Some(t.iter().sum::<u64>() / t.len() as u64);
            let rank = ((t.len() as f64) * 0.95).ceil() as usize;
            stats.p95_ms = t.get(rank.saturating_sub(1)).copied();
        }
    }
    let mut path_list: Vec<PathStats> = paths
        .into_iter()
        .map(|(nodes, (calls, conversions, revenue))| PathStats {
            nodes,
            calls,
            conversions,
            revenue: money(revenue),
        })
        .collect();
    path_list.sort_by(|a, b| b.calls.cmp(&a.calls).then(a.nodes.cmp(&b.nodes)));
    path_list.truncate(20);
    let mut split_tests = Vec::new();
    for node in &graph.nodes {
        let crate::NodeKind::Splitter(s) = &node.kind else {
            continue;
        };
        let get = |name: &str| {
            splits
                .get(&(node.id.clone(), name.to_string()))
                .copied()
                .unwrap_or((0, 0, 0))
        };
        let first = s.branches.first().map(|b| get(&b.name)).unwrap_or_default();
        let branches = s
            .branches
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let (calls, conversions, revenue) = get(&b.name);
                let p_value = if i == 0 {
                    None
                } else {
                    two_proportion_p(first.1, first.0, conversions, calls)
                };
                BranchStats {
                    name: b.name.clone(),
                    calls,
                    conversions,
                    conversion_rate: if calls == 0 {
                        0.0
                    } else {
                        conversions as f64 / calls as f64
                    },
                    revenue: money(revenue),
                    p_value,
                    significant: p_value.is_some_and(|p| p < 0.05),
                }
            })
            .collect();
        split_tests.push(SplitStats {
            node_id: node.id.clone(),
            test_name: s.test_name.clone(),
            branches,
        });
    }
    FlowAnalytics {
        calls: calls.len() as u64,
        conversions,
        revenue: money(revenue),
        nodes: nodes.into_values().collect(),
        edges: edges
            .into_iter()
            .map(|(edge_id, calls)| EdgeStats { edge_id, calls })
            .collect(),
        paths: path_list,
        split_tests,
    }
}
