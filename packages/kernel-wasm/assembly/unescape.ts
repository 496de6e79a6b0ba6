// Copies field values out of the input, turning quoted/escaped text into the bytes it stands for.

/** Copies CSV quoted content, collapsing each doubled quote; returns bytes written. */
export function copyCsvEscaped(dst: usize, src: usize, len: usize): usize {
  let o = dst;
  const e = src + len;
  let i = src;
  while (i < e) {
    const c = load<u8>(i);
    store<u8>(o++, c);
    i += c == 34 ? 2 : 1;
  }
  return o - dst;
}

// @ts-ignore: decorator
@inline function hexValue(c: u32): u32 {
  if (c - 48 < 10) return c - 48;
  const l = c | 0x20;
  return l - 87;
}

function hex4(p: usize): u32 {
  return (hexValue(load<u8>(p)) << 12) | (hexValue(load<u8>(p + 1)) << 8) | (hexValue(load<u8>(p + 2)) << 4) | hexValue(load<u8>(p + 3));
}

function putUtf8(o: usize, cp: u32): usize {
  if (cp < 0x80) {
    store<u8>(o, <u8>cp);
    return o + 1;
  }
  if (cp < 0x800) {
    store<u8>(o, <u8>(0xc0 | (cp >> 6)));
    store<u8>(o + 1, <u8>(0x80 | (cp & 0x3f)));
    return o + 2;
  }
  if (cp < 0x10000) {
    store<u8>(o, <u8>(0xe0 | (cp >> 12)));
    store<u8>(o + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(o + 2, <u8>(0x80 | (cp & 0x3f)));
    return o + 3;
  }
  store<u8>(o, <u8>(0xf0 | (cp >> 18)));
  store<u8>(o + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
  store<u8>(o + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
  store<u8>(o + 3, <u8>(0x80 | (cp & 0x3f)));
  return o + 4;
}

/**
 * Copies already-validated JSON string content, resolving escapes to UTF-8; returns bytes written.
 * Surrogate pairs combine; a lone surrogate becomes U+FFFD (what a well-formed JS string would encode to).
 */
export function copyJsonEscaped(dst: usize, src: usize, len: usize): usize {
  let o = dst;
  let i = src;
  const e = src + len;
  while (i < e) {
    const c = load<u8>(i);
    if (c != 92) {
      store<u8>(o++, c);
      i++;
      continue;
    }
    const x = load<u8>(i + 1);
    i += 2;
    if (x == 117) {
      let cp = hex4(i);
      i += 4;
      if (cp >= 0xd800 && cp < 0xdc00) {
        if (i + 6 <= e && load<u8>(i) == 92 && load<u8>(i + 1) == 117) {
          const lo = hex4(i + 2);
          if (lo >= 0xdc00 && lo < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            i += 6;
          } else cp = 0xfffd;
        } else cp = 0xfffd;
      } else if (cp >= 0xdc00 && cp < 0xe000) cp = 0xfffd;
      o = putUtf8(o, cp);
      continue;
    }
    let b: u8 = x; // '"' '\\' '/'
    if (x == 98) b = 8;
    else if (x == 102) b = 12;
    else if (x == 110) b = 10;
    else if (x == 114) b = 13;
    else if (x == 116) b = 9;
    store<u8>(o++, b);
  }
  return o - dst;
}
