//! A document's text with a line index, so that byte offsets become `line:col`.

/// The text of one document and where its lines start.
pub(crate) struct SourceText<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|&start| start <= offset);
        index.max(1) as u32
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line(offset);
        let start = self.line_starts[line as usize - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (line, col as u32)
    }

    /// Byte offset where a 1-based line starts (the last line's for lines beyond the end).
    pub(crate) fn offset_of_line(&self, line: u32) -> usize {
        let index = (line as usize)
            .saturating_sub(1)
            .min(self.line_starts.len() - 1);
        self.line_starts[index]
    }

    /// The text of a 1-based line, without its line end.
    pub(crate) fn line_text(&self, line: u32) -> &'a str {
        let index = (line as usize)
            .saturating_sub(1)
            .min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let source = SourceText::new("ab\r\nc€d\n\nlast");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(1), (1, 2));
        assert_eq!(source.line_col(4), (2, 1));
        // The `d` after the three-byte euro sign is the third character of line 2.
        assert_eq!(source.line_col(8), (2, 3));
        assert_eq!(source.line_col(10), (3, 1));
        assert_eq!(source.line_col(11), (4, 1));
        // Inside the euro sign: the character it is part of.
        assert_eq!(source.line_col(6), (2, 2));
        // Lines beyond the end are the last one.
        assert_eq!(source.offset_of_line(99), 11);
        assert_eq!(source.line_text(99), "last");
        assert_eq!(source.line_text(2), "c€d");
        assert_eq!(source.line_text(1), "ab");
        assert_eq!(source.line_text(4), "last");
        assert_eq!(source.line_col(1000), (4, 5));
    }
}
