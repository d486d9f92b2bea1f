//! CSV as RFC 4180 describes it, written for spreadsheet programs and read from whatever they save:
//! UTF-8 with or without a BOM, Windows-1252 (older Excel), UTF-16; commas, semicolons or tabs.

/// What a file held, as text, and how it was encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// `Windows1252` is a guess from bytes that are not UTF-8; the import preview warns about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

/// A file read: its first row names the columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Record>,
}

/// One row, with the physical line it starts on (1-based) for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvError {
    /// Nothing but blank lines.
    Empty,
    /// A quoted field opened on `line` is never closed.
    UnterminatedQuote { line: usize },
}

const BOM: char = '\u{FEFF}';

/// Cells starting with these are formulas to a spreadsheet program (OWASP "CSV injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Comma-separated with CRLF after every row, behind a BOM because Excel takes BOM-less files for
/// the local ANSI code page and garbles umlauts.
pub fn write(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from(BOM);
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

fn write_cell(out: &mut String, cell: &str) {
    let guard = cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell);
    // Semicolons and tabs are quoted too, so a reader guessing the delimiter sees only commas.
    let quote = cell.contains([',', ';', '\t', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// `-3`, `+1.5`, `-0,25`: numbers a spreadsheet should still see as numbers.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let mut parts = digits.splitn(2, ['.', ',']);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(all_digits) && parts.next().is_none_or(all_digits)
}

/// A cell without the `'` that [`write`] put before a formula-like start, so a file exported by
/// Tafel imports with the text it had.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Text from a file's bytes. Without a BOM, bytes that are not UTF-8 are taken for Windows-1252,
/// which Excel writes on German Windows.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, u16::from_le_bytes), Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), Encoding::Utf8)
    } else {
        (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Encoding::Windows1252,
        )
    };
    Decoded { text, encoding }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        // An odd last byte cannot be a character.
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252 differs from Latin-1 only in 0x80–0x9F; its five unassigned bytes map to the C1
/// controls of the same value, as browsers do.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Reads a table. Rows with nothing in them (blank lines, `;;;`) are skipped: spreadsheet
/// programs leave them at the end.
pub fn read(text: &str) -> Result<Table, CsvError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let mut records = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        delimiter,
    }
    .records()?
    .into_iter()
    .filter(|record| record.cells.iter().any(|cell| !cell.is_empty()));
    let header = records.next().ok_or(CsvError::Empty)?.cells;
    Ok(Table {
        header,
        rows: records.collect(),
    })
}

/// The most frequent of `,` `;` tab outside quotes on the first line; a comma on a tie or when
/// there is only one column.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).rev().max_by_key(|&i| counts[i]).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: usize,
    delimiter: u8,
}

impl Parser<'_> {
    // Delimiters, quotes and line breaks are ASCII, so every index where one is found is a char
    // boundary and the text can be sliced there.
    fn records(mut self) -> Result<Vec<Record>, CsvError> {
        let mut records = Vec::new();
        while self.at < self.bytes.len() {
            let line = self.line;
            let mut cells = Vec::new();
            loop {
                cells.push(self.field()?);
                match self.bytes.get(self.at) {
                    Some(&b) if b == self.delimiter => self.at += 1,
                    Some(_) => {
                        self.line_break();
                        break;
                    }
                    None => break,
                }
            }
            records.push(Record { line, cells });
        }
        Ok(records)
    }

    fn field(&mut self) -> Result<String, CsvError> {
        let mut cell = String::new();
        if self.bytes.get(self.at) == Some(&b'"') {
            let line = self.line;
            self.at += 1;
            loop {
                let Some(offset) = self.bytes[self.at..].iter().position(|&b| b == b'"') else {
                    return Err(CsvError::UnterminatedQuote { line });
                };
                let end = self.at + offset;
                self.line += line_breaks(&self.bytes[self.at..end]);
                cell.push_str(&self.text[self.at..end]);
                self.at = end + 1;
                if self.bytes.get(self.at) == Some(&b'"') {
                    cell.push('"');
                    self.at += 1;
                } else {
                    break;
                }
            }
        }
        // Unquoted text, or stray text after a closing quote, which is kept rather than refused.
        let start = self.at;
        while let Some(&b) = self.bytes.get(self.at) {
            if b == self.delimiter || b == b'\r' || b == b'\n' {
                break;
            }
            self.at += 1;
        }
        cell.push_str(&self.text[start..self.at]);
        Ok(cell)
    }

    fn line_break(&mut self) {
        if self.bytes[self.at..].starts_with(b"\r\n") {
            self.at += 2;
        } else {
            self.at += 1;
        }
        self.line += 1;
    }
}

/// CRLF, LF and a lone CR each end one line.
fn line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|&c| c.to_owned()).collect()
    }

    #[test]
    fn hostile_cells_survive_a_round_trip_through_write_decode_and_read() {
        let hostile = row(&[
            "say \"hi\"",
            "a, b",
            "two\r\nlines\nand\rthree",
            "=cmd|' /C calc'!A0",
            "Größe ✓ 日本 🎉",
            "",
            "'quoted",
        ]);
        let header = row(&["a", "b", "c", "d", "e", "f", "g"]);
        let file = write([header.clone(), hostile.clone()]);
        let decoded = decode(file.as_bytes());
        assert_eq!(decoded.encoding, Encoding::Utf8Bom);
        let table = read(&decoded.text).unwrap();
        assert_eq!(table.header, header);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 2);
        let cells = &table.rows[0].cells;
        assert_eq!(cells[3], "'=cmd|' /C calc'!A0");
        let unguarded: Vec<&str> = cells.iter().map(|c| unguard(c)).collect();
        assert_eq!(unguarded, hostile);
    }

    #[test]
    fn the_written_file_starts_with_a_bom_ends_rows_with_crlf_and_quotes_only_where_needed() {
        let file = write([row(&["plain", "with,comma", "with \"quote\"", "a;b"])]);
        assert_eq!(
            file,
            "\u{FEFF}plain,\"with,comma\",\"with \"\"quote\"\"\",\"a;b\"\r\n"
        );
    }

    #[test]
    fn formula_starts_are_neutralised_but_numbers_and_dates_are_not() {
        let file = write([row(&[
            "=1+1",
            "+49 30",
            "-x",
            "@SUM(A1)",
            "\tx",
            "-3",
            "+1.5",
            "-0,25",
            "2026-11-26",
            "26.11.2026",
        ])]);
        assert_eq!(
            file,
            "\u{FEFF}'=1+1,'+49 30,'-x,'@SUM(A1),\"'\tx\",-3,+1.5,\"-0,25\",2026-11-26,26.11.2026\r\n"
        );
        assert_eq!(write([row(&["\rx"])]), "\u{FEFF}\"'\rx\"\r\n");
    }

    #[test]
    fn unguard_removes_only_the_apostrophe_written_before_a_formula_start() {
        assert_eq!(unguard("'=1"), "=1");
        assert_eq!(unguard("'-x"), "-x");
        assert_eq!(unguard("'tis"), "'tis");
        assert_eq!(unguard("=1"), "=1");
        assert_eq!(unguard("'"), "'");
    }

    #[test]
    fn windows_1252_bytes_decode_to_their_characters() {
        let decoded = decode(b"Gr\xF6\xDFe;Pr\xE4mie \x80 \x93x\x94");
        assert_eq!(decoded.encoding, Encoding::Windows1252);
        assert_eq!(decoded.text, "Größe;Prämie € “x”");
        assert_eq!(decode(b"\xE4").text, "ä");
        assert_eq!(decode(b"\x80").text, "€");
    }

    #[test]
    fn utf8_without_a_bom_is_utf8_and_a_bom_is_stripped() {
        assert_eq!(
            decode("Größe".as_bytes()),
            Decoded {
                text: "Größe".to_owned(),
                encoding: Encoding::Utf8
            }
        );
        let decoded = decode("\u{FEFF}Größe".as_bytes());
        assert_eq!(decoded.text, "Größe");
        assert_eq!(decoded.encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_decodes_in_either_byte_order() {
        let text = "Thema\tStatus\r\nTür 🎉\tNeu\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&le).encoding, Encoding::Utf16Le);
        assert_eq!(decode(&le).text, text);
        assert_eq!(decode(&be).encoding, Encoding::Utf16Be);
        assert_eq!(decode(&be).text, text);
        let table = read(&decode(&le).text).unwrap();
        assert_eq!(table.header, row(&["Thema", "Status"]));
        assert_eq!(table.rows[0].cells, row(&["Tür 🎉", "Neu"]));
        le.push(0x41);
        assert!(decode(&le).text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn a_semicolon_separated_file_from_german_excel_is_read_with_its_umlauts() {
        let bytes =
            b"Thema;Status;Gesch\xE4tzter Aufwand\r\nB\xFCro r\xE4umen;Neu;2,5\r\n\r\n;;\r\n";
        let decoded = decode(bytes);
        assert_eq!(decoded.encoding, Encoding::Windows1252);
        let table = read(&decoded.text).unwrap();
        assert_eq!(
            table.header,
            row(&["Thema", "Status", "Geschätzter Aufwand"])
        );
        assert_eq!(
            table.rows,
            vec![Record {
                line: 2,
                cells: row(&["Büro räumen", "Neu", "2,5"])
            }]
        );
    }

    #[test]
    fn the_delimiter_is_the_most_frequent_of_comma_semicolon_and_tab_outside_quotes_on_the_first_line()
     {
        assert_eq!(
            read("a\tb\tc\n1\t2,3\t4").unwrap().rows[0].cells,
            row(&["1", "2,3", "4"])
        );
        assert_eq!(read("\"a;b\",c\n1,2").unwrap().header, row(&["a;b", "c"]));
        assert_eq!(read("a,b;c\n1,2;3").unwrap().header, row(&["a", "b;c"]));
        assert_eq!(read("only\nx;y").unwrap().rows[0].cells, row(&["x;y"]));
    }

    #[test]
    fn quoted_fields_keep_line_breaks_and_records_know_the_line_they_start_on() {
        let table = read("a,b\r\n\"one\r\ntwo\",x\n\"three\rfour\",y\rlast,\"\"\"q\"\"\"").unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 6]);
        assert_eq!(table.rows[0].cells, row(&["one\r\ntwo", "x"]));
        assert_eq!(table.rows[1].cells, row(&["three\rfour", "y"]));
        assert_eq!(table.rows[2].cells, row(&["last", "\"q\""]));
    }

    #[test]
    fn empty_fields_and_a_trailing_delimiter_give_empty_cells() {
        let table = read("a,b,c\n,,\n1,,\n").unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cells, row(&["1", "", ""]));
    }

    #[test]
    fn stray_quotes_are_kept_as_text() {
        let table = read("a,b\nsay \"hi\",\"x\"y\n").unwrap();
        assert_eq!(table.rows[0].cells, row(&["say \"hi\"", "xy"]));
    }

    #[test]
    fn blank_text_is_empty_and_a_header_alone_has_no_rows() {
        assert_eq!(read(""), Err(CsvError::Empty));
        assert_eq!(read("\u{FEFF}\r\n\r\n"), Err(CsvError::Empty));
        assert_eq!(read(",,\n,,\r\n"), Err(CsvError::Empty));
        let table = read("\n\nSubject\n\n").unwrap();
        assert_eq!(table.header, row(&["Subject"]));
        assert!(table.rows.is_empty());
    }

    #[test]
    fn an_unterminated_quote_is_an_error_naming_the_line_it_opens_on() {
        assert_eq!(
            read("a,b\n1,2\n3,\"never\nclosed\n"),
            Err(CsvError::UnterminatedQuote { line: 3 })
        );
        assert_eq!(
            read("a,b\n\"x\ny\",\"z"),
            Err(CsvError::UnterminatedQuote { line: 3 })
        );
    }

    /// xorshift64: the same "random" inputs on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
        }
    }

    #[test]
    fn random_tables_of_awkward_cells_read_back_as_written() {
        const PIECES: &[&str] = &[
            "\"", ",", ";", "\t", "\r", "\n", "\r\n", "'", "=", "+", "-", "@", "1", "ä", "€", "🎉",
            " ", "x",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..2000 {
            let width = 1 + rng.below(4);
            let rows: Vec<Vec<String>> = (0..=rng.below(4))
                .map(|_| {
                    (0..width)
                        .map(|column| {
                            let mut cell: String = (0..rng.below(6))
                                .map(|_| PIECES[rng.below(PIECES.len())])
                                .collect();
                            // A leading apostrophe before a formula start reads as a guard, and a
                            // row of empty cells is skipped; neither can round-trip.
                            if column == 0 || cell.starts_with('\'') {
                                cell.insert(0, 'x');
                            }
                            cell
                        })
                        .collect()
                })
                .collect();
            let decoded = decode(write(rows.clone()).as_bytes());
            let table = read(&decoded.text).unwrap();
            let back: Vec<Vec<String>> = std::iter::once(table.header)
                .chain(table.rows.into_iter().map(|r| r.cells))
                .map(|cells| cells.iter().map(|c| unguard(c).to_owned()).collect())
                .collect();
            assert_eq!(back, rows);
        }
    }

    #[test]
    fn random_bytes_never_make_decode_or_read_panic() {
        // CSV punctuation, plain letters, and the lead bytes of BOMs and of UTF-8 sequences.
        const BYTES: &[u8] = b"\",;\t\r\nab\xE4\x80\xFF\xFE\xEF\xBB\xBF\xC3";
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let bytes: Vec<u8> = (0..rng.below(48))
                .map(|_| BYTES[rng.below(BYTES.len())])
                .collect();
            if let Ok(table) = read(&decode(&bytes).text) {
                assert!(table.rows.iter().all(|r| r.line >= 1));
            }
        }
    }
}
