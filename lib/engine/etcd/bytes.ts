// etcd keys and values are byte strings. The engine represents them as "binary strings":
// one character per byte (code 0–255), so JavaScript's string order is etcd's bytewise
// order and prefix arithmetic works byte by byte. Text from the shell is UTF-8 encoded
// into this form at the boundary and decoded for display.

export type Bytes = string;

// UTF-8 by hand: TextEncoder/TextDecoder are host APIs, and the engine uses only the language.

/** UTF-8 text → byte string. Lone surrogates become U+FFFD, as TextEncoder does. */
/** Only code units below 0x80: ASCII, the same as text and as bytes. */
const ASCII = /^[\x00-\x7f]*$/;

export function fromText(text: string): Bytes {
  // Keys and Kubernetes' JSON are nearly always ASCII: one scan instead of a string built per character.
  if (ASCII.test(text)) return text;
  let out = "";
  for (const ch of text) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out += String.fromCharCode(cp);
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out += String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return out;
}

/**
 * Byte string → text, with the WHATWG decoder's error handling (what TextDecoder does):
 * each maximal invalid subsequence becomes one U+FFFD.
 */
export function toText(bytes: Bytes): string {
  if (ASCII.test(bytes)) return bytes;
  let out = "";
  let needed = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    if (needed === 0) {
      if (b <= 0x7f) out += String.fromCharCode(b);
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        cp = b & 0x07;
      } else out += "\uFFFD";
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence ends early: replace it, then read this byte afresh.
      needed = seen = cp = 0;
      lower = 0x80;
      upper = 0xbf;
      out += "\uFFFD";
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      out += String.fromCodePoint(cp);
      needed = seen = cp = 0;
    }
  }
  if (needed !== 0) out += "\uFFFD";
  return out;
}

/**
 * The end of the range of keys with this prefix (clientv3.GetPrefixRangeEnd): the prefix
 * with its last byte below 0xff incremented and the rest dropped; "\0" (every key from
 * here on) when there is none.
 */
export function prefixEnd(prefix: Bytes): Bytes {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return "\0";
}

/** The range end that means "from this key to the end of the keyspace". */
export const FROM_KEY_END: Bytes = "\0";
