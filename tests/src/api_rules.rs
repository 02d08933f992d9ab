//! The rules of the generated crates' public API that only the compiler can hold. What must not
//! compile is in `tests/ui/*.rs`, each with the compiler's expected message beside it
//! (`tests/tests/api_rules.rs` runs them with trybuild). What must compile is here, as doctests, so
//! that each refused case is refused for its rule and not for a typo. They use the `widget` fixture
//! crate (`tests/fixtures/spec/widget.yaml`), whose `Tag` requires `key` and whose `WidgetSpec`
//! requires `name`.
//!
//! # Required fields
//!
//! A model with a required field has no `Default` (`ui/required_field_has_no_default.rs`) and no
//! struct update syntax (`ui/required_field_struct_update.rs`); its builder is the way, and says
//! what is missing:
//!
//! ```
//! use jdcloud_widget::operations::create_widget::WidgetSpec;
//! let error = WidgetSpec::builder().build().unwrap_err();
//! assert_eq!((error.model(), error.field()), ("WidgetSpec", "name"));
//! let spec = WidgetSpec::builder().name("gear").build().unwrap();
//! assert_eq!(spec.name, "gear");
//! ```
//!
//! A model without required fields keeps `Default`, and its builder cannot fail:
//!
//! ```
//! let charge = jdcloud_widget::types::ChargeSpec::builder().charge_duration(3).build();
//! assert_eq!(charge.charge_duration, Some(3));
//! let _ = jdcloud_widget::types::ChargeSpec::default();
//! ```
//!
//! # Structs that may grow are `#[non_exhaustive]`
//!
//! No struct literal of a model (`ui/model_literal.rs`), a result (`ui/result_literal.rs`) or the
//! runtime's public structs (`ui/runtime_literal.rs`) compiles outside its crate, so that a field
//! added later breaks nobody. Reading fields and the runtime's `with_` methods do:
//!
//! ```
//! let tag = jdcloud_widget::types::Tag::builder().key("team").build().unwrap();
//! let jdcloud_widget::types::Tag { key, value, .. } = tag;
//! assert_eq!((key.as_str(), value), ("team", None));
//!
//! let timeouts = jdcloud_widget::Timeouts::default().with_total(std::time::Duration::from_secs(1));
//! assert_eq!(timeouts.total, std::time::Duration::from_secs(1));
//! ```
//!
//! # Error codes
//!
//! `ErrorCode` may gain classes: a match needs a wildcard arm (`ui/error_code_match.rs`).
//!
//! ```
//! fn describe(code: jdcloud_widget::ErrorCode) -> &'static str {
//!     match code {
//!         jdcloud_widget::ErrorCode::NotFound => "gone",
//!         _ => "?",
//!     }
//! }
//! assert_eq!(describe(jdcloud_widget::ErrorCode::from_status("NOT_FOUND")), "gone");
//! ```
