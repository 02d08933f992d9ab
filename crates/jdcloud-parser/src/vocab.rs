//! The words the documents use for their sections and table columns, in every spelling seen.

/// What a level-2 heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Description,
    Method,
    Address,
    Request,
    Response,
    ReturnCodes,
    /// Request or response examples: informative, skipped.
    Examples,
    /// `overview.md`: introduction of the product.
    Introduction,
    /// `overview.md`: API version.
    Version,
    /// `overview.md`: the table of operations.
    OperationList,
}

/// Classifies a heading by its key (see [`crate::text::heading_key`]).
pub(crate) fn section(key: &str) -> Option<Section> {
    let key = key.trim_end_matches(':');
    section_exact(key).or_else(|| section_exact(key.strip_suffix('s')?))
}

fn section_exact(key: &str) -> Option<Section> {
    Some(match key {
        "description" | "描述" | "接口描述" | "api description" => Section::Description,
        "request method" | "request mode" | "request mehod" | "method" | "http method"
        | "请求方式" | "请求方法" => Section::Method,
        "request address" | "request url" | "request path" | "address" | "请求地址"
        | "请求路径" => Section::Address,
        "request parameter" | "request param" | "请求参数" | "parameter" => Section::Request,
        "return parameter" | "returned parameter" | "response parameter" | "response param"
        | "return param" | "返回参数" | "响应参数" => Section::Response,
        "return code" | "response code" | "error code" | "返回码" | "错误码" | "状态码" => {
            Section::ReturnCodes
        }
        "request example" | "return example" | "response example" | "example" | "请求示例"
        | "返回示例" | "示例" | "响应示例" => Section::Examples,
        "introduction" | "简介" | "介绍" => Section::Introduction,
        "version" | "版本" | "api version" | "当前版本" => Section::Version,
        "api" | "api list" | "接口列表" | "operation" => Section::OperationList,
        _ => return None,
    })
}

/// What a table column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Column {
    Name,
    Type,
    Required,
    Default,
    Description,
    Code,
    Method,
    /// A column nobody expected: its cells are kept in the description, prefixed by the header.
    Other(String),
}

/// Classifies a table header by its key.
pub(crate) fn column(key: &str, original: &str) -> Column {
    match key {
        "name" | "parameter name" | "parameter" | "field" | "名称" | "参数名" | "参数名称"
        | "字段" | "interface name" | "接口名称" | "operation" | "api" => Column::Name,
        "type" | "data type" | "类型" | "参数类型" => Column::Type,
        "required or not" | "required" | "if compulsory" | "compulsory" | "mandatory"
        | "is required" | "是否必需" | "是否必填" | "必填" | "必选" | "是否必选" => {
            Column::Required
        }
        "default value" | "default" | "默认值" => Column::Default,
        "description"
        | "descripton"
        | "desc"
        | "function description"
        | "describe"
        | "描述"
        | "说明"
        | "参数描述"
        | "功能描述" => Column::Description,
        "return code" | "response code" | "error code" | "code" | "http code" | "status code"
        | "返回码" | "错误码" | "状态码" => Column::Code,
        "request method" | "request mehod" | "request mode" | "method" | "请求方式" => {
            Column::Method
        }
        _ => Column::Other(original.to_owned()),
    }
}

/// Reads a required cell: `True`/`False`, `Yes`/`No` and their Chinese forms.
pub(crate) fn required(key: &str) -> Option<bool> {
    match key {
        "true" | "yes" | "y" | "required" | "mandatory" | "是" | "必填" | "必选" => Some(true),
        "false" | "no" | "n" | "optional" | "否" | "非必填" | "可选" | "" => Some(false),
        _ => None,
    }
}

/// Headers the runtime sets on every request: documented as parameters by some documents, never asked of
/// the caller.
pub(crate) fn is_runtime_header(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "authorization"
            | "x-jdcloud-date"
            | "x-jdcloud-nonce"
            | "x-jdcloud-content-sha256"
            | "x-jdcloud-security-token"
            | "x-jdcloud-algorithm"
            | "host"
            | "content-type"
            | "user-agent"
            | "content-length"
    )
}

/// Whether a parameter name is an HTTP header rather than a query or body member.
pub(crate) fn is_header_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-") || is_runtime_header(&lower)
}
