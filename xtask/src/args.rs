//! The command line of every xtask command, read one way: `--flag value` and `--flag=value`, short
//! flags, and positional values, by lexopt (flags that take no value refuse `--flag=x`).

/// One thing on the command line.
#[derive(Debug, PartialEq)]
pub enum Arg {
    /// A flag as written: `--docs`, `-p`.
    Flag(String),
    /// A value that belongs to no flag (a positional argument).
    Value(String),
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Flag(text) | Arg::Value(text) => f.write_str(text),
        }
    }
}

/// The arguments after the command's name.
pub struct Args(lexopt::Parser);

impl Args {
    pub fn new(args: &[String]) -> Args {
        Args(lexopt::Parser::from_args(args.iter().cloned()))
    }

    /// The next flag or positional value; `None` at the end.
    pub fn next(&mut self) -> Result<Option<Arg>, String> {
        Ok(match self.0.next().map_err(|e| e.to_string())? {
            None => None,
            Some(lexopt::Arg::Long(name)) => Some(Arg::Flag(format!("--{name}"))),
            Some(lexopt::Arg::Short(c)) => Some(Arg::Flag(format!("-{c}"))),
            Some(lexopt::Arg::Value(value)) => Some(Arg::Value(text(value)?)),
        })
    }

    /// The value of `flag`, just read: after `=` or the next argument.
    pub fn value(&mut self, flag: &str) -> Result<String, String> {
        match self.0.value() {
            Ok(value) => text(value),
            Err(_) => Err(format!("{flag} needs a value")),
        }
    }
}

fn text(value: std::ffi::OsString) -> Result<String, String> {
    value
        .into_string()
        .map_err(|v| format!("`{}` is not UTF-8", v.to_string_lossy()))
}

/// The error for a flag the command does not know.
pub fn unknown(flag: &str) -> String {
    format!("unknown option `{flag}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &[&str]) -> Result<Vec<Arg>, String> {
        let line: Vec<String> = line.iter().map(|s| s.to_string()).collect();
        let mut args = Args::new(&line);
        let mut read = Vec::new();
        while let Some(arg) = args.next()? {
            if let Arg::Flag(flag) = &arg {
                if flag == "--docs" || flag == "-p" {
                    let value = args.value(flag)?;
                    read.push(arg);
                    read.push(Arg::Value(value));
                    continue;
                }
            }
            read.push(arg);
        }
        Ok(read)
    }

    #[test]
    fn flags_take_values_both_ways_and_others_refuse_them() {
        let flag = |f: &str| Arg::Flag(f.to_owned());
        let value = |v: &str| Arg::Value(v.to_owned());
        assert_eq!(
            read(&["--docs", "a", "--docs=b", "-p", "c", "--check", "old"]).unwrap(),
            [
                flag("--docs"),
                value("a"),
                flag("--docs"),
                value("b"),
                flag("-p"),
                value("c"),
                flag("--check"),
                value("old")
            ]
        );
        assert_eq!(read(&["--docs"]).unwrap_err(), "--docs needs a value");
        assert!(read(&["--check=yes"]).is_err(), "a flag without a value");
    }
}
