//! The conformance report: a line per disagreement, agreement per service, the rules with the number
//! of operations each touched, and last `conformance: N of M operations agree (K not in the SDK)`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::compare::Difference;
use crate::rules::Rule;

/// What one operation's comparison found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The service (as the model names it, overlays applied).
    pub service: String,
    /// The operation id.
    pub operation: String,
    /// What differs after the rules; empty when the two requests agree.
    pub differences: Vec<Difference>,
    /// The rules that changed something for this operation.
    pub rules: Vec<Rule>,
}

/// Every operation's outcome, and the operations the SDK does not have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// The SDK's version.
    pub sdk_version: String,
    /// Operations compared, in model order.
    pub outcomes: Vec<Outcome>,
    /// `(service, operation)` of the model that the SDK does not have.
    pub not_in_sdk: Vec<(String, String)>,
}

impl Report {
    /// How many operations agree.
    pub fn agreeing(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.differences.is_empty())
            .count()
    }

    /// Whether every compared operation agrees.
    pub fn passed(&self) -> bool {
        self.agreeing() == self.outcomes.len()
    }

    /// The report as printed.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for o in &self.outcomes {
            for d in &o.differences {
                let _ = writeln!(
                    out,
                    "{} {} {}: ours {}, theirs {}",
                    o.service, o.operation, d.field, d.ours, d.theirs
                );
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }

        let mut services: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for o in &self.outcomes {
            let entry = services.entry(&o.service).or_default();
            entry.1 += 1;
            if o.differences.is_empty() {
                entry.0 += 1;
            }
        }
        for (service, _) in &self.not_in_sdk {
            services.entry(service).or_default().2 += 1;
        }
        out.push_str("per service:\n");
        for (service, (agree, compared, missing)) in &services {
            let _ = writeln!(
                out,
                "  {service}: {agree} of {compared} agree, {missing} not in the SDK"
            );
        }
        if !self.not_in_sdk.is_empty() {
            out.push_str("\nnot in the SDK (not compared):\n");
            for (service, operation) in &self.not_in_sdk {
                let _ = writeln!(out, "  {service} {operation}");
            }
        }

        let _ = writeln!(
            out,
            "\nrules for the SDK's known quirks (jdcloud-sdk {}), with the operations each touched:",
            self.sdk_version
        );
        for rule in Rule::ALL {
            let count = self
                .outcomes
                .iter()
                .filter(|o| o.rules.contains(&rule))
                .count();
            let _ = writeln!(out, "  {} ({count}): {}", rule.name(), rule.description());
        }

        let _ = write!(
            out,
            "\nconformance: {} of {} operations agree ({} not in the SDK)",
            self.agreeing(),
            self.outcomes.len(),
            self.not_in_sdk.len()
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(
        service: &str,
        operation: &str,
        differences: Vec<Difference>,
        rules: Vec<Rule>,
    ) -> Outcome {
        Outcome {
            service: service.to_owned(),
            operation: operation.to_owned(),
            differences,
            rules,
        }
    }

    #[test]
    fn lists_disagreements_then_services_then_rules_then_the_total() {
        let report = Report {
            sdk_version: "1.6.354".to_owned(),
            outcomes: vec![
                outcome(
                    "redis",
                    "describeBackups",
                    vec![],
                    vec![Rule::PythonBooleansInTheQuery],
                ),
                outcome(
                    "redis",
                    "createBackup",
                    vec![Difference::new("body.name", "\"a\"", "(absent)")],
                    vec![
                        Rule::WritesRepeatParametersInTheBody,
                        Rule::UnsetParametersSentAsNull,
                    ],
                ),
            ],
            not_in_sdk: vec![("widget".to_owned(), "describeWidgets".to_owned())],
        };
        let text = report.render();
        assert!(!report.passed());
        assert_eq!(report.agreeing(), 1);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "redis createBackup body.name: ours \"a\", theirs (absent)"
        );
        assert!(lines.contains(&"  redis: 1 of 2 agree, 0 not in the SDK"));
        assert!(lines.contains(&"  widget: 0 of 0 agree, 1 not in the SDK"));
        assert!(lines.contains(&"  widget describeWidgets"));
        assert!(text.contains("  python-booleans-in-the-query (1): "));
        assert!(text.contains("  writes-repeat-parameters-in-the-body (1): "));
        assert!(text.contains("  path-values-inserted-raw (0): "));
        assert_eq!(
            lines.last(),
            Some(&"conformance: 1 of 2 operations agree (1 not in the SDK)")
        );
    }
}
