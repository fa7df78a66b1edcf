// The text of a user's file from its bytes. Blob.text() reads UTF-8 only, so a file saved as "Unicode" by
// Windows tools (UTF-16 with a byte-order mark) would arrive as mojibake and fail as "not JSON"/"no header".
/** UTF-16 (LE or BE) when the bytes start with its byte-order mark, else UTF-8; any BOM is dropped. */
export function decodeFileText(bytes: Uint8Array): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  // TextDecoder drops a BOM of its own encoding; bytes that are not valid text become U+FFFD, never an error.
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Text from a user's file made fit to show in a message: control characters (what a binary file is full of)
 * become U+FFFD, runs of them one, and anything past `max` characters is cut with an ellipsis.
 */
export function printable(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]+/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
