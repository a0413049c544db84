/**
 * mailparser and html-to-text, loaded with the first message: with their encodings and HTML
 * parser they are a noticeable share of every `graft` command's start-up, and only reading
 * raw mail (the demo corpus, `.eml` folders) uses them.
 */
let parsers: Promise<{ simpleParser: typeof import('mailparser').simpleParser; convert: typeof import('html-to-text').convert }> | undefined;
function mailParsers(): NonNullable<typeof parsers> {
  parsers ??= Promise.all([import('mailparser'), import('html-to-text')])
    .then(([mail, html]) => ({ simpleParser: mail.simpleParser, convert: html.convert }));
  return parsers;
}

/**
 * Longest text kept per message. The default backbone reads only the first few hundred
 * tokens, so more characters cost parsing and embedding time without changing the vector much.
 */
export const MAIL_TEXT_MAX_CHARS = 2000;

/**
 * HTML beyond this is not converted: conversion time grows with markup, spam pads pages with
 * invisible markup, and the readable text we keep (2,000 characters) comes long before it.
 */
const HTML_MAX_CHARS = 50_000;

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
  ],
};

/** Looks like markup sent as text/plain (common in spam): convert it like an HTML body. */
const LOOKS_HTML = /<\s*(html|body|table|div|font|p|br|a\s+href)\b/i;

/** A line of 60+ base64 characters and no spaces: an attachment pasted into the body. */
const BASE64_LINE = /^[A-Za-z0-9+/=]{60,}$/;

/**
 * The text a person reads in a raw RFC 822 message: subject, blank line, body. HTML-only
 * bodies become text; attachments are dropped; whitespace is collapsed; the result is cut
 * to `maxChars` at a word boundary.
 */
export async function mailToText(raw: Buffer, maxChars = MAIL_TEXT_MAX_CHARS): Promise<string> {
  const { simpleParser, convert } = await mailParsers();
  const mail = await simpleParser(raw, {
    skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true,
  });
  let body = mail.text ?? '';
  if (body.trim() === '' && typeof mail.html === 'string') body = htmlToText(convert, mail.html);
  else if (LOOKS_HTML.test(body)) body = htmlToText(convert, body);
  const subject = tidy(mail.subject ?? '');
  const text = tidy(body.split(/\r?\n/).filter((l) => !BASE64_LINE.test(l.trim())).join('\n'));
  return cut(subject && text ? `${subject}\n\n${text}` : subject || text, maxChars);
}

function htmlToText(convert: typeof import('html-to-text').convert, html: string): string {
  return convert(html.slice(0, HTML_MAX_CHARS), HTML_OPTIONS);
}

/** Spaces and tabs runs → one space, lines trimmed, at most one blank line in a row. */
function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n').map((l) => l.trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const space = s.lastIndexOf(' ', max);
  return s.slice(0, space > max * 0.8 ? space : max).trimEnd();
}
