/**
 * TEST SUPPORT: a CSV text whose quoted fields often hold commas, LFs, CRLFs and doubled quotes, with
 * blank lines and bad rows, so many split guesses land inside quotes (the parallel file tests).
 * `r` is a seeded [0, 1) generator: the same seed gives the same file.
 */
export function quotedCsvText(r: () => number, rows: number): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const companies = ["A", "B", '"C, Inc"', '"multi\nline"', '"say ""hi"""', '"x\r\ny"', "é", "D"];
  const costs = ["1.50", "2", "-3.25", "0.001", "x", "", '"4.00"', "99999999999999999999", "7.5"];
  const notes = ["", "plain", '"a\nb\nc"', '"q""q"', "bad\"quote", '"open', '"closed"junk'];
  const lines = ["company,cost,note"];
  for (let i = 0; i < rows; i++) {
    const eol = r() < 0.2 ? "\r\n" : "\n";
    if (r() < 0.03) lines.push(eol === "\n" ? "" : "\r");
    if (r() < 0.02) lines.push(pick(companies));
    else lines.push(`${pick(companies)},${pick(costs)},${pick(notes)}`);
  }
  return lines.join("\n") + (r() < 0.5 ? "\n" : "");
}
