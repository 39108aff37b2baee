/**
 * The text flowing through a shell pipeline, one entry per line. Every line remembers where it
 * came from (the nm symbol it was printed for), so that after `sort`, `head` and `sed` the
 * interpreter can still say which symbol the final value was taken from.
 */
export interface TextLine<Origin> {
  /** The line without its newline. */
  text: string;
  origin?: Origin;
}

export interface TextStream<Origin> {
  lines: TextLine<Origin>[];
  /** Whether the last line ends with a newline (false only when the producer left it off). */
  trailingNewline: boolean;
}

export function emptyStream<Origin>(): TextStream<Origin> {
  return { lines: [], trailingNewline: true };
}

/** The bytes a program reading the stream would see. */
export function streamText<Origin>(stream: TextStream<Origin>): string {
  if (stream.lines.length === 0) return '';
  const body = stream.lines.map((l) => l.text).join('\n');
  return stream.trailingNewline ? `${body}\n` : body;
}

/** Splits text into lines, as a line-oriented tool reads it. */
export function streamFromText<Origin>(text: string, origin?: Origin): TextStream<Origin> {
  if (text === '') return emptyStream();
  const trailingNewline = text.endsWith('\n');
  const body = trailingNewline ? text.slice(0, -1) : text;
  return { lines: body.split('\n').map((t) => ({ text: t, origin })), trailingNewline };
}
