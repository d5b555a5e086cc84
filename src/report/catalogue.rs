//! The catalogues: `specguard rules` (lint rules) and `specguard diff --list-checks` (diff
//! checks), as aligned text or as a JSON array.

use serde_json::{Value, json};

/// Rows as text, every column but the last padded to its widest cell, two spaces apart.
fn aligned<const N: usize>(rows: &[[&str; N]]) -> String {
    let mut widths = [0; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == N {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        out.push('\n');
    }
    out
}

fn json_list(list: Vec<Value>) -> String {
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}

/// The lint rules with their default severity and summary.
pub fn render_rule_list(as_json: bool) -> String {
    let rules: Vec<(&str, &str, &str)> = crate::rules::REGISTRY
        .iter()
        .map(|r| {
            let level = crate::rules::default_level(r.meta).map_or("off", |s| s.as_str());
            (r.meta.id, level, r.meta.summary)
        })
        .collect();
    if as_json {
        json_list(
            rules
                .iter()
                .map(|(id, level, summary)| {
                    json!({"id": id, "default_severity": level, "summary": summary})
                })
                .collect(),
        )
    } else {
        let rows: Vec<[&str; 3]> = rules.iter().map(|&(i, l, s)| [i, l, s]).collect();
        aligned(&rows)
    }
}

/// Every diff check of [`crate::diff::CHECKS`] with its default level, area and summary.
pub fn render_check_list(as_json: bool) -> String {
    let checks = crate::diff::CHECKS;
    if as_json {
        json_list(
            checks
                .iter()
                .map(|c| {
                    json!({"id": c.id, "level": c.level.as_str(), "area": c.area, "summary": c.summary})
                })
                .collect(),
        )
    } else {
        let rows: Vec<[&str; 4]> = checks
            .iter()
            .map(|c| [c.id, c.level.as_str(), c.area, c.summary])
            .collect();
        aligned(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::aligned;

    #[test]
    fn columns_align_on_the_widest_cell() {
        assert_eq!(
            aligned(&[["a", "error", "x y"], ["bbb", "info", "z"]]),
            "a    error  x y\nbbb  info   z\n"
        );
    }
}
