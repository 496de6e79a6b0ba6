/**
 * Reads a CSV header row (RFC 4180 quoting, optional BOM, CRLF) so the CLI can name an unknown
 * column before streaming gigabytes. Returns null until a full line is available
 * (or, with `atEnd`, for empty input).
 */
export function parseCsvHeader(text: string, atEnd = false): string[] | null {
  const fields: string[] = [];
  let field = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      fields.push(field);
      return fields;
    } else field += ch;
  }
  if (!atEnd || (text.length === 0 && fields.length === 0)) return null;
  fields.push(field);
  return fields;
}

/** The first requested column missing from the header, if any. */
export function missingColumn(header: readonly string[], wanted: readonly (string | number)[]): string | undefined {
  for (const w of wanted) if (!header.includes(String(w))) return String(w);
  return undefined;
}
