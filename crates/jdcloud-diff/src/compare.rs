//! The comparison itself: services, then operations, then their parameters, models and descriptions.

use std::collections::{BTreeMap, BTreeSet};

use jdcloud_model::{Field, Model, Operation, Parameter, Service, Type};

use crate::{Change, Kind};

fn change(
    kind: Kind,
    operation: Option<&str>,
    name: &str,
    breaking: bool,
    detail: String,
) -> Change {
    Change {
        kind,
        operation: operation.map(str::to_owned),
        name: name.to_owned(),
        breaking,
        detail,
    }
}

pub(crate) fn service(old: Option<&Service>, new: Option<&Service>) -> Vec<Change> {
    let (old, new) = match (old, new) {
        (None, None) => return Vec::new(),
        (None, Some(new)) => {
            let detail = format!("a new crate with {} operation(s)", new.operations.len());
            return vec![change(Kind::ServiceAdded, None, &new.name, false, detail)];
        }
        (Some(old), None) => {
            let detail = "the crate is no longer generated".to_owned();
            return vec![change(Kind::ServiceRemoved, None, &old.name, true, detail)];
        }
        (Some(old), Some(new)) => (old, new),
    };
    let mut changes = Vec::new();
    if old.endpoint.host != new.endpoint.host {
        changes.push(change(
            Kind::HostChanged,
            None,
            &new.name,
            false,
            format!(
                "calls go to `{}` instead of `{}`; the Rust API is unchanged",
                new.endpoint.host, old.endpoint.host
            ),
        ));
    }
    let docs = |s: &Service| {
        (
            s.title.clone(),
            s.description.clone(),
            s.revision.clone(),
            s.history.clone(),
            s.version.clone(),
        )
    };
    if docs(old) != docs(new) {
        changes.push(change(
            Kind::DescriptionChanged,
            None,
            &new.name,
            false,
            "the crate's documentation (title, overview, version or releases) changed".to_owned(),
        ));
    }
    let ids: BTreeSet<&str> = old
        .operations
        .iter()
        .chain(&new.operations)
        .map(|o| o.id.as_str())
        .collect();
    for id in ids {
        let find = |s: &'_ Service| s.operations.iter().find(|o| o.id == id).cloned();
        match (find(old), find(new)) {
            (None, Some(_)) => changes.push(change(
                Kind::OperationAdded,
                Some(id),
                id,
                false,
                "a new client method and request builder".to_owned(),
            )),
            (Some(_), None) => changes.push(change(
                Kind::OperationRemoved,
                Some(id),
                id,
                true,
                "its client method and module are gone".to_owned(),
            )),
            (Some(o), Some(n)) => operation(&o, &n, &mut changes),
            (None, None) => {}
        }
    }
    changes
}

fn operation(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    let id = new.id.as_str();
    if old.method != new.method {
        changes.push(change(
            Kind::MethodChanged,
            Some(id),
            id,
            false,
            format!(
                "sent as {} instead of {}; the Rust API is unchanged",
                new.method.as_str(),
                old.method.as_str()
            ),
        ));
    }
    if old.path != new.path {
        changes.push(change(
            Kind::PathChanged,
            Some(id),
            id,
            false,
            format!("sent to `{}` instead of `{}`", new.path, old.path),
        ));
    }
    if old.host != new.host {
        changes.push(change(Kind::HostChanged, Some(id), id, false, {
            let host = |h: &Option<String>| {
                h.as_ref()
                    .map_or("the service's host".to_owned(), |h| format!("`{h}`"))
            };
            format!(
                "sent to {} instead of {}; the Rust API is unchanged",
                host(&new.host),
                host(&old.host)
            )
        }));
    }
    parameters(old, new, changes);
    models(old, new, changes);
    descriptions(old, new, changes);
}

fn ty(t: &Type) -> String {
    t.to_string()
}

/// Pairs what was removed with what was added when exactly one of each looks alike by `key`: a rename.
fn renames<'a, T, K: Ord>(
    removed: &[&'a T],
    added: &[&'a T],
    key: impl Fn(&T) -> K,
) -> Vec<(&'a T, &'a T)> {
    let mut pairs = Vec::new();
    for r in removed {
        let like: Vec<&&T> = added.iter().filter(|a| key(a) == key(r)).collect();
        let back = removed.iter().filter(|o| key(o) == key(r)).count();
        if let ([a], 1) = (like.as_slice(), back) {
            pairs.push((*r, **a));
        }
    }
    pairs
}

fn parameters(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    let id = Some(new.id.as_str());
    let by_name = |o: &'_ Operation| -> BTreeMap<String, Parameter> {
        o.parameters
            .iter()
            .map(|p| (p.name.clone(), p.clone()))
            .collect()
    };
    let (before, after) = (by_name(old), by_name(new));
    let removed: Vec<&Parameter> = before
        .values()
        .filter(|p| !after.contains_key(&p.name))
        .collect();
    let added: Vec<&Parameter> = after
        .values()
        .filter(|p| !before.contains_key(&p.name))
        .collect();
    let renamed = renames(&removed, &added, |p| (p.location, ty(&p.ty), p.required));
    for (r, a) in &renamed {
        changes.push(change(
            Kind::ParameterRenamed,
            id,
            &a.name,
            true,
            format!(
                "`{}` is now `{}`: its argument or setter has the new name",
                r.name, a.name
            ),
        ));
    }
    let renamed_from: BTreeSet<&str> = renamed.iter().map(|(r, _)| r.name.as_str()).collect();
    let renamed_to: BTreeSet<&str> = renamed.iter().map(|(_, a)| a.name.as_str()).collect();
    for p in removed
        .iter()
        .filter(|p| !renamed_from.contains(p.name.as_str()))
    {
        let what = if p.required { "argument" } else { "setter" };
        changes.push(change(
            Kind::ParameterRemoved,
            id,
            &p.name,
            true,
            format!("the {what} is gone"),
        ));
    }
    for p in added
        .iter()
        .filter(|p| !renamed_to.contains(p.name.as_str()))
    {
        let (breaking, detail) = if p.required {
            (true, "a new argument of the client method".to_owned())
        } else {
            (false, "a new optional setter".to_owned())
        };
        changes.push(change(Kind::ParameterAdded, id, &p.name, breaking, detail));
    }
    for (name, o) in &before {
        let Some(n) = after.get(name) else { continue };
        if o.location != n.location {
            changes.push(change(
                Kind::ParameterMoved,
                id,
                name,
                false,
                format!(
                    "sent in the {} instead of the {}; the Rust API is unchanged",
                    format!("{:?}", n.location).to_lowercase(),
                    format!("{:?}", o.location).to_lowercase()
                ),
            ));
        }
        if o.ty != n.ty {
            changes.push(change(
                Kind::ParameterRetyped,
                id,
                name,
                true,
                format!("its type is `{}`, was `{}`", ty(&n.ty), ty(&o.ty)),
            ));
        }
        match (o.required, n.required) {
            (false, true) => changes.push(change(
                Kind::ParameterMadeRequired,
                id,
                name,
                true,
                "the setter becomes an argument of the client method".to_owned(),
            )),
            (true, false) => changes.push(change(
                Kind::ParameterMadeOptional,
                id,
                name,
                true,
                "the argument becomes a setter: calls passing it break".to_owned(),
            )),
            _ => {}
        }
    }
}

/// The reply's top-level members other than `result` as the fields of a model, so that they are
/// compared like a result model's.
fn reply_members(op: &Operation) -> Model {
    Model {
        name: "(reply)".to_owned(),
        fields: op
            .response
            .iter()
            .filter(|f| f.name != "requestId")
            .cloned()
            .collect(),
        line: 0,
    }
}

fn models(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    let id = Some(new.id.as_str());
    let replies = |op: &Operation| -> BTreeSet<String> {
        op.reachable_models(op.response.iter().map(|f| &f.ty))
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let (old_replies, new_replies) = (replies(old), replies(new));
    let by_name = |o: &'_ Operation| -> BTreeMap<String, Model> {
        o.models
            .iter()
            .map(|m| (m.name.clone(), m.clone()))
            .collect()
    };
    let (before, after) = (by_name(old), by_name(new));
    let removed: Vec<&Model> = before
        .values()
        .filter(|m| !after.contains_key(&m.name))
        .collect();
    let added: Vec<&Model> = after
        .values()
        .filter(|m| !before.contains_key(&m.name))
        .collect();
    let renamed = renames(&removed, &added, |m: &Model| {
        m.shape()
            .into_iter()
            .map(|(n, t, r)| (n.to_owned(), t, r))
            .collect::<Vec<_>>()
    });
    for (r, a) in &renamed {
        changes.push(change(
            Kind::ModelRenamed,
            id,
            &a.name,
            true,
            format!("the type `{}` is now `{}`", r.name, a.name),
        ));
    }
    for m in removed
        .iter()
        .filter(|m| !renamed.iter().any(|(r, _)| r.name == m.name))
    {
        changes.push(change(
            Kind::ModelRemoved,
            id,
            &m.name,
            true,
            "the type is gone".to_owned(),
        ));
    }
    for m in added
        .iter()
        .filter(|m| !renamed.iter().any(|(_, a)| a.name == m.name))
    {
        changes.push(change(
            Kind::ModelAdded,
            id,
            &m.name,
            false,
            "a new type".to_owned(),
        ));
    }
    for (name, o) in &before {
        let Some(n) = after.get(name) else { continue };
        // Read tolerantly (every field optional) when a reply carries it, on either side.
        let reply = old_replies.contains(name) || new_replies.contains(name);
        fields(id, name, &o.fields, &n.fields, reply, changes);
    }
    let (o, n) = (reply_members(old), reply_members(new));
    fields(id, &o.name, &o.fields, &n.fields, true, changes);
}

fn fields(
    id: Option<&str>,
    model: &str,
    old: &[Field],
    new: &[Field],
    reply: bool,
    changes: &mut Vec<Change>,
) {
    let label = |field: &str| {
        if model == "(reply)" {
            field.to_owned()
        } else {
            format!("{model}.{field}")
        }
    };
    let before: BTreeMap<&str, &Field> = old.iter().map(|f| (f.name.as_str(), f)).collect();
    let after: BTreeMap<&str, &Field> = new.iter().map(|f| (f.name.as_str(), f)).collect();
    let removed: Vec<&Field> = old
        .iter()
        .filter(|f| !after.contains_key(f.name.as_str()))
        .collect();
    let added: Vec<&Field> = new
        .iter()
        .filter(|f| !before.contains_key(f.name.as_str()))
        .collect();
    let renamed = if reply {
        Vec::new()
    } else {
        renames(&removed, &added, |f| (ty(&f.ty), f.required))
    };
    for (r, a) in &renamed {
        changes.push(change(
            Kind::RequestFieldRenamed,
            id,
            &label(&a.name),
            true,
            format!("the field and its setter `{}` are now `{}`", r.name, a.name),
        ));
    }
    for f in removed
        .iter()
        .filter(|f| !renamed.iter().any(|(r, _)| r.name == f.name))
    {
        let kind = if reply {
            Kind::ReplyFieldRemoved
        } else {
            Kind::RequestFieldRemoved
        };
        changes.push(change(
            kind,
            id,
            &label(&f.name),
            true,
            "the field is gone".to_owned(),
        ));
    }
    for f in added
        .iter()
        .filter(|f| !renamed.iter().any(|(_, a)| a.name == f.name))
    {
        let (kind, breaking, detail) = match (reply, f.required) {
            (true, _) => (
                Kind::ReplyFieldAdded,
                false,
                "a new optional field of the reply".to_owned(),
            ),
            (false, true) => (
                Kind::RequestFieldAdded,
                true,
                "a new required field: `build()` fails until it is set".to_owned(),
            ),
            (false, false) => (
                Kind::RequestFieldAdded,
                false,
                "a new optional field and setter".to_owned(),
            ),
        };
        changes.push(change(kind, id, &label(&f.name), breaking, detail));
    }
    for (name, o) in &before {
        let Some(n) = after.get(name) else { continue };
        if o.ty != n.ty {
            let kind = if reply {
                Kind::ReplyFieldRetyped
            } else {
                Kind::RequestFieldRetyped
            };
            let detail = format!("its type is `{}`, was `{}`", ty(&n.ty), ty(&o.ty));
            changes.push(change(kind, id, &label(name), true, detail));
        }
        if o.required == n.required {
            continue;
        }
        let (kind, breaking, detail) = match (reply, n.required) {
            (true, _) => (
                Kind::ReplyFieldRequirednessChanged,
                false,
                "replies are read tolerantly: the field stays an `Option`".to_owned(),
            ),
            (false, true) => (
                Kind::RequestFieldMadeRequired,
                true,
                "the field is no longer an `Option`; `build()` fails without it".to_owned(),
            ),
            (false, false) => (
                Kind::RequestFieldMadeOptional,
                true,
                "the field becomes an `Option`: code reading it breaks".to_owned(),
            ),
        };
        changes.push(change(kind, id, &label(name), breaking, detail));
    }
}

/// One change for all of an operation's descriptions, defaults and documented return codes.
fn descriptions(old: &Operation, new: &Operation, changes: &mut Vec<Change>) {
    let mut what = Vec::new();
    if old.description != new.description {
        what.push("the operation".to_owned());
    }
    let params = |o: &Operation| -> BTreeMap<String, (String, Option<String>)> {
        o.parameters
            .iter()
            .map(|p| (p.name.clone(), (p.description.clone(), p.default.clone())))
            .collect()
    };
    let (po, pn) = (params(old), params(new));
    what.extend(
        pn.iter()
            .filter(|(name, docs)| po.get(*name).is_some_and(|o| o != *docs))
            .map(|(name, _)| format!("`{name}`")),
    );
    let fields = |o: &Operation| -> BTreeMap<String, (String, Option<String>)> {
        let members = o.response.iter().map(|f| (String::new(), f));
        let models = o
            .models
            .iter()
            .flat_map(|m| m.fields.iter().map(move |f| (format!("{}.", m.name), f)));
        members
            .chain(models)
            .map(|(prefix, f)| {
                (
                    format!("{prefix}{}", f.name),
                    (f.description.clone(), f.default.clone()),
                )
            })
            .collect()
    };
    let (fo, fnew) = (fields(old), fields(new));
    what.extend(
        fnew.iter()
            .filter(|(name, docs)| fo.get(*name).is_some_and(|o| o != *docs))
            .map(|(name, _)| format!("`{name}`")),
    );
    let codes = |o: &Operation| -> Vec<(u16, String)> {
        o.return_codes
            .iter()
            .map(|c| (c.code, c.description.clone()))
            .collect()
    };
    if codes(old) != codes(new) {
        what.push("the return codes".to_owned());
    }
    if what.is_empty() {
        return;
    }
    let shown: Vec<String> = what.iter().take(4).cloned().collect();
    let more = if what.len() > 4 {
        format!(" and {} more", what.len() - 4)
    } else {
        String::new()
    };
    changes.push(change(
        Kind::DescriptionChanged,
        Some(&new.id),
        &new.id,
        false,
        format!("rustdoc of {}{more} changed", shown.join(", ")),
    ));
}
