//! Copies of one operation (same service, ids equal up to case) made one, by a [`DuplicateRule`].

use std::collections::BTreeMap;

use jdcloud_model::{Location, Operation};

use crate::diagnostic::{Diagnostic, Severity};
use crate::operation::OperationDoc;
use crate::table::quote_list;

/// How copies of one operation (same service, ids equal up to case) become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateRule {
    /// Keep the copy that documents the most (parameters, returned fields, model fields, return
    /// codes); of copies documenting as much, the one marking more of them required; then the copy whose
    /// path sorts last. The others are reported and dropped.
    #[default]
    Richest,
    /// Start from the richest copy and add what only the other copies document: parameters, models,
    /// model fields, returned fields and return codes missing from it. Where copies disagree on a
    /// type or requiredness, the richest copy wins.
    Merge,
    /// Keep the copy whose path sorts last, whatever it documents (folders named later are often newer).
    LastPath,
}

impl DuplicateRule {
    /// The rule's name in messages (`richest`).
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateRule::Richest => "richest",
            DuplicateRule::Merge => "merge",
            DuplicateRule::LastPath => "last-path",
        }
    }
}

/// How much a copy of an operation documents: parameters, returned fields, model fields, return codes.
fn richness(op: &Operation) -> usize {
    op.parameters.len()
        + op.response.len()
        + op.models.iter().map(|m| m.fields.len()).sum::<usize>()
        + op.return_codes.len()
}

/// How many parameters and model fields a copy marks required: of two copies documenting as much, the
/// one that says more about requiredness.
fn required_marks(op: &Operation) -> usize {
    op.parameters.iter().filter(|p| p.required).count()
        + op.models
            .iter()
            .flat_map(|m| &m.fields)
            .filter(|f| f.required)
            .count()
}

/// Makes one operation of every set of copies (same service, ids equal up to case) by `rule`,
/// warning on each copy that is not kept. The result is sorted by id.
pub(crate) fn resolve_duplicates(
    service: &str,
    docs: Vec<OperationDoc>,
    rule: DuplicateRule,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OperationDoc> {
    let mut groups: BTreeMap<String, Vec<OperationDoc>> = BTreeMap::new();
    for doc in docs {
        groups
            .entry(doc.operation.id.to_lowercase())
            .or_default()
            .push(doc);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (_, mut copies) in groups {
        if copies.len() > 1 {
            // The copy to keep first: the richest (then the one marking more required, then the last path),
            // or the last path.
            copies.sort_by(|a, b| {
                let by_path = b.operation.source.file.cmp(&a.operation.source.file);
                match rule {
                    DuplicateRule::LastPath => by_path,
                    _ => richness(&b.operation)
                        .cmp(&richness(&a.operation))
                        .then_with(|| {
                            required_marks(&b.operation).cmp(&required_marks(&a.operation))
                        })
                        .then(by_path),
                }
            });
        }
        let mut copies = copies.into_iter();
        let Some(mut kept) = copies.next() else {
            continue;
        };
        let others: Vec<OperationDoc> = copies.collect();
        if others.is_empty() {
            out.push(kept);
            continue;
        }
        let mut files: Vec<String> = std::iter::once(kept.operation.source.file.clone())
            .chain(others.iter().map(|o| o.operation.source.file.clone()))
            .collect();
        files.sort_unstable();
        let all = files.join(", ");
        let kept_file = kept.operation.source.file.clone();
        let kept_rows = richness(&kept.operation);
        let mut warnings = Vec::new();
        for other in &others {
            let op = &other.operation;
            let what = match rule {
                DuplicateRule::LastPath => {
                    format!("kept {kept_file}, the path that sorts last; this copy is not read")
                }
                DuplicateRule::Richest => format!(
                    "kept {kept_file} ({kept_rows} documented items against {}); this copy is not read",
                    richness(op)
                ),
                DuplicateRule::Merge => {
                    let added = merge_into(&mut kept.operation, op);
                    if added.is_empty() {
                        format!("merged into {kept_file}, which documents everything this copy does")
                    } else {
                        let names: Vec<&str> = added.iter().map(String::as_str).collect();
                        format!(
                            "merged into {kept_file}, adding {} from this copy",
                            quote_list(&names)
                        )
                    }
                }
            };
            let spelled = if op.id != kept.operation.id {
                format!(" (spelled `{}` here)", op.id)
            } else {
                String::new()
            };
            warnings.push(
                Diagnostic::file(
                    Severity::Warning,
                    "duplicate-operation",
                    &op.source.file,
                    format!(
                        "operation `{}`{spelled} of service `{service}` is documented in {} files: {all}; {what}",
                        kept.operation.id,
                        files.len()
                    ),
                )
                .with_help(format!(
                    "one document per operation; the `{}` rule decides, and --exclude overrides it",
                    rule.as_str()
                ))
                .at_line(op.source.line),
            );
        }
        diagnostics.extend(warnings);
        kept.operation.source.copies = others
            .into_iter()
            .map(|o| o.operation.source.file)
            .collect();
        kept.operation.source.copies.sort();
        out.push(kept);
    }
    out.sort_by(|a, b| {
        (&a.operation.id, &a.operation.source.file)
            .cmp(&(&b.operation.id, &b.operation.source.file))
    });
    out
}

/// Adds to `base` what only `other` documents; returns the names of what was added.
fn merge_into(base: &mut Operation, other: &Operation) -> Vec<String> {
    let mut added = Vec::new();
    let mut needed_models: Vec<String> = Vec::new();
    for p in &other.parameters {
        let movable = !matches!(p.location, Location::Path | Location::Host);
        if movable && !base.parameters.iter().any(|b| b.name == p.name) {
            added.push(p.name.clone());
            needed_models.extend(p.ty.model_name().map(str::to_owned));
            base.parameters.push(p.clone());
        }
    }
    for f in &other.response {
        if !base.response.iter().any(|b| b.name == f.name) {
            added.push(f.name.clone());
            needed_models.extend(f.ty.model_name().map(str::to_owned));
            base.response.push(f.clone());
        }
    }
    for model in &other.models {
        if let Some(existing) = base.models.iter_mut().find(|m| m.name == model.name) {
            for f in &model.fields {
                if !existing.fields.iter().any(|b| b.name == f.name) {
                    added.push(format!("{}.{}", model.name, f.name));
                    needed_models.extend(f.ty.model_name().map(str::to_owned));
                    existing.fields.push(f.clone());
                }
            }
        }
    }
    // Models the added items name, and the models those name, when the base lacks them.
    while let Some(name) = needed_models.pop() {
        if base.model(&name).is_some() {
            continue;
        }
        if let Some(model) = other.model(&name) {
            added.push(name.clone());
            needed_models.extend(
                model
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.model_name().map(str::to_owned)),
            );
            base.models.push(model.clone());
        }
    }
    for code in &other.return_codes {
        if !base.return_codes.iter().any(|b| b.code == code.code) {
            added.push(code.code.to_string());
            base.return_codes.push(code.clone());
        }
    }
    base.return_codes.sort_by_key(|c| c.code);
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::{parse_tree_with, Input, Options};

    fn copy(path: &str, required: &str) -> Input {
        let text = format!(
            "# execStart\n\n## Request Method\nPOST\n\n## Request Address\nhttps://pod.jdcloud-api.com/v1/pods/{{podId}}:execStart\n\n|Name|Type|Required or Not|\n|---|---|---|\n|podId|String|True|\n\n## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n|execId|String|{required}|\n"
        );
        Input {
            path: path.to_owned(),
            bytes: text.into_bytes(),
        }
    }

    #[test]
    fn of_copies_documenting_as_much_the_one_marking_more_required_is_kept() {
        let inputs = [
            copy("a/execStart.md", "True"),
            copy("b/execStart.md", "False"),
        ];
        for rule in [DuplicateRule::Richest, DuplicateRule::LastPath] {
            let parsed = parse_tree_with(&inputs, &Options { duplicates: rule });
            let op = &parsed.services[0].operations[0];
            let kept = if rule == DuplicateRule::Richest {
                "a"
            } else {
                "b"
            };
            assert_eq!(op.source.file, format!("{kept}/execStart.md"), "{rule:?}");
            assert_eq!(op.parameters[1].required, kept == "a");
        }
    }

    /// A copy of `thing:update` with the given request parameters rows, models and return codes.
    fn page(path: &str, rows: &str, models: &str, replies: &str, codes: &str) -> Input {
        let text = format!(
            "# updateThing\n\n## Request Method\nPOST\n\n## Request Address\nhttps://shop.jdcloud-api.com/v1/things/{{thingId}}:update\n\n|Name|Type|Required or Not|\n|---|---|---|\n|**thingId**|String|True|\n\n## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n{rows}\n{models}\n## Return Parameter\n|Name|Type|Description|\n|---|---|---|\n{replies}\n\n## Return Code\n|Return Code|Description|\n|---|---|\n{codes}\n"
        );
        Input {
            path: path.to_owned(),
            bytes: text.into_bytes(),
        }
    }

    const SPEC: &str = "### <a name=\"Spec\">Spec</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**name**|String|True|\n";

    #[test]
    fn merge_adds_what_only_other_copies_document() {
        let base = page(
            "new/updateThing.md",
            "|**spec**|[Spec](#Spec)|True|\n|**dryRun**|Boolean|False|",
            SPEC,
            "|**requestId**|String|id|",
            // More return codes than the other copy: this one documents the most, and is kept.
            "|**200**|OK|\n|**400**|INVALID_ARGUMENT|\n|**401**|UNAUTHENTICATED|\n|**403**|PERMISSION_DENIED|\n|**500**|INTERNAL|\n|**502**|Bad gateway|\n|**503**|UNAVAILABLE|",
        );
        // The other copy: one more parameter whose model names another, a model field and a reply
        // field the base lacks, another return code; its path parameter is the base's own.
        let other = page(
            "old/updateThing.md",
            "|**spec**|[Spec](#Spec)|True|\n|**owner**|[Owner](#Owner)|False|",
            &format!(
                "{SPEC}|**size**|Integer|False|\n### <a name=\"Owner\">Owner</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**team**|[Team](#Team)|False|\n### <a name=\"Team\">Team</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**id**|String|True|\n"
            ),
            "|**requestId**|String|id|\n|**etag**|String|version tag|",
            "|**200**|OK|\n|**404**|NOT_FOUND|",
        );
        let parsed = parse_tree_with(
            &[base, other],
            &Options {
                duplicates: DuplicateRule::Merge,
            },
        );
        let op = &parsed.services[0].operations[0];
        let params: Vec<&str> = op.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(params, ["thingId", "spec", "dryRun", "owner"]);
        let models: Vec<&str> = op.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(models, ["Spec", "Owner", "Team"]);
        let spec: Vec<&str> = op.models[0]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(spec, ["name", "size"]);
        let replies: Vec<&str> = op.response.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(replies, ["requestId", "etag"]);
        let codes: Vec<u16> = op.return_codes.iter().map(|c| c.code).collect();
        assert_eq!(codes, [200, 400, 401, 403, 404, 500, 502, 503]);
        assert_eq!(op.source.file, "new/updateThing.md");
        assert_eq!(op.source.copies, ["old/updateThing.md"]);
        let warning = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "duplicate-operation")
            .expect("a warning on the merged copy")
            .to_string();
        assert!(
            warning.contains("merged into new/updateThing.md, adding `owner`, `etag`, `Spec.size`, `Owner`, `Team`, `404` from this copy"),
            "{warning}"
        );

        // Merging a copy that adds nothing says so.
        let same = |path: &str| {
            page(
                path,
                "|**dryRun**|Boolean|False|",
                "",
                "|**requestId**|String|id|",
                "|**200**|OK|",
            )
        };
        let parsed = parse_tree_with(
            &[same("a/updateThing.md"), same("b/updateThing.md")],
            &Options {
                duplicates: DuplicateRule::Merge,
            },
        );
        let warning = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "duplicate-operation")
            .unwrap()
            .to_string();
        assert!(
            warning.contains("which documents everything this copy does"),
            "{warning}"
        );
    }

    #[test]
    fn required_model_fields_count_as_marks_too() {
        // As rich as each other; `a` marks two model fields required, `b` one parameter.
        let a = page(
            "a/updateThing.md",
            "|**spec**|[Spec](#Spec)|False|",
            "### <a name=\"Spec\">Spec</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**name**|String|True|\n|**size**|Integer|True|\n",
            "|**requestId**|String|id|",
            "|**200**|OK|",
        );
        let b = page(
            "b/updateThing.md",
            "|**spec**|[Spec](#Spec)|True|",
            "### <a name=\"Spec\">Spec</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**name**|String|False|\n|**size**|Integer|False|\n",
            "|**requestId**|String|id|",
            "|**200**|OK|",
        );
        let parsed = parse_tree_with(&[a, b], &Options::default());
        assert_eq!(
            parsed.services[0].operations[0].source.file,
            "a/updateThing.md"
        );
    }
}
