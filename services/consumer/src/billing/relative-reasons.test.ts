import { describe, expect, test } from "bun:test";
import { relativeReason } from "./relative-reasons.ts";

describe("relativeReason", () => {
  const bases = ["/srv/data", "/mnt/real/data"];
  test("paths inside DATA_DIR become relative, DATA_DIR itself is named, other paths stay", () => {
    expect(relativeReason("EACCES: permission denied, open '/srv/data/a/r.csv'", bases)).toBe("EACCES: permission denied, open 'a/r.csv'");
    expect(relativeReason("absolute path outside /srv/data: /etc/passwd", bases)).toBe("absolute path outside DATA_DIR: /etc/passwd");
    expect(relativeReason("EISDIR: /mnt/real/data/x", bases)).toBe("EISDIR: x");
    expect(relativeReason("/srv/database/x and /mnt/srv/data/y", bases)).toBe("/srv/database/x and /mnt/srv/data/y");
  });
});
