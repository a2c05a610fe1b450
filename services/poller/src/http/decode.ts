/**
 * Bytes of a response body -> text, choosing the character encoding the way XML and HTTP say (RFC 7303 §3.2,
 * XML 1.0 Appendix F): a byte-order mark wins, then the `charset` of the Content-Type header, then (for XML) the
 * encoding in the `<?xml ... encoding="..."?>` declaration, then UTF-8. An encoding the runtime does not know falls
 * back to UTF-8 and is reported, so the caller can name it.
 */

export interface DecodedBody {
  text: string;
  /** The encoding used (WHATWG label as TextDecoder reports it, e.g. `utf-8`, `windows-1252`). */
  encoding: string;
  /** Where the encoding came from. */
  from: 'bom' | 'header' | 'prolog' | 'default';
  /** A declared encoding that is not supported (UTF-8 was used instead). */
  unknownEncoding?: string;
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

function bomEncoding(bytes: Uint8Array): string | undefined {
  for (const [bom, enc] of BOMS) if (bom.every((b, i) => bytes[i] === b)) return enc;
  return undefined;
}

/** `text/xml; charset="ISO-8859-1"` -> `ISO-8859-1`. */
export function headerCharset(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1];
}

/** The encoding named by an XML declaration at the start of the bytes (read as ASCII), if any. */
export function prologEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 512)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

// windows-1252 (what WHATWG decodes for the labels iso-8859-1, latin1, us-ascii too) differs from ISO-8859-1 in
// 0x80-0x9F. Node's TextDecoder decodes those bytes as C1 controls, so they are mapped here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

interface Decoder {
  encoding: string;
  decode(bytes: Uint8Array): string;
}

function decoderFor(label: string): Decoder | undefined {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
  if (decoder.encoding !== 'windows-1252') return decoder;
  return {
    encoding: 'windows-1252',
    decode: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes.length; i += 8192) {
        const chunk = bytes.subarray(i, i + 8192);
        out += String.fromCharCode(
          ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b)),
        );
      }
      return out;
    },
  };
}

export function decodeBody(
  bytes: Uint8Array,
  contentType: string | null | undefined,
  o: { xml: boolean },
): DecodedBody {
  const candidates: [string | undefined, DecodedBody['from']][] = [
    [bomEncoding(bytes), 'bom'],
    [headerCharset(contentType), 'header'],
    [o.xml ? prologEncoding(bytes) : undefined, 'prolog'],
  ];
  let unknownEncoding: string | undefined;
  for (const [label, from] of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    if (!decoder) {
      unknownEncoding ??= label;
      continue;
    }
    // A UTF-16 prolog read as ASCII would not match; a UTF-16 document without a BOM is not well-formed XML.
    return { text: decoder.decode(bytes), encoding: decoder.encoding, from, unknownEncoding };
  }
  return {
    text: new TextDecoder('utf-8').decode(bytes),
    encoding: 'utf-8',
    from: 'default',
    unknownEncoding,
  };
}
