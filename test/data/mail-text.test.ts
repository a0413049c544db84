import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mailToText, MAIL_TEXT_MAX_CHARS } from '../../src/data/index.js';

const msg = (headers: string, body: string) => Buffer.from(`${headers.trim()}\r\n\r\n${body}`.replace(/\r?\n/g, '\r\n'));

test('plain message: subject, blank line, body with whitespace collapsed', async () => {
  const t = await mailToText(msg('Subject:   Lunch \t plans\nFrom: a@b.c', 'Shall  we\t\tmeet?\n\n\n\n\n  At noon.  \n'));
  assert.equal(t, 'Lunch plans\n\nShall we meet?\n\nAt noon.');
});

test('HTML-only body becomes text without tags, scripts or styles', async () => {
  const html = '<html><head><style>p{color:red}</style><script>alert(1)</script></head>' +
    '<body><p>Buy <b>now</b>!</p><table><tr><td>Cheap</td><td><a href="http://x.example">pills</a></td></tr></table><img src="y.gif"></body></html>';
  const t = await mailToText(msg('Subject: Offer\nContent-Type: text/html; charset="us-ascii"', html));
  assert.doesNotMatch(t, /<[a-z/!]/i);
  assert.doesNotMatch(t, /color:red|alert\(1\)|x\.example/);
  assert.match(t, /^Offer\n\nBuy now!/);
  assert.match(t, /Cheap/);
  assert.match(t, /pills/);
});

test('base64 attachments are dropped; the text part is kept', async () => {
  const b64 = Buffer.from('x'.repeat(600)).toString('base64').replace(/.{76}/g, '$&\n');
  const body = '--B\nContent-Type: text/plain\n\nSee attached.\n--B\nContent-Type: application/octet-stream\n' +
    'Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="a.bin"\n\n' + b64 + '\n--B--\n';
  const t = await mailToText(msg('Subject: File\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"', body));
  assert.equal(t, 'File\n\nSee attached.');
});

test('base64-looking lines pasted into a text body are removed', async () => {
  const t = await mailToText(msg('Subject: x', `hello\n${'QUJD'.repeat(20)}\nbye`));
  assert.equal(t, 'x\n\nhello\nbye');
});

test('long bodies are cut at the documented length, on a word boundary', async () => {
  const t = await mailToText(msg('Subject: long', 'word '.repeat(2000)));
  assert.ok(t.length <= MAIL_TEXT_MAX_CHARS && t.length > MAIL_TEXT_MAX_CHARS * 0.9);
  assert.match(t, /word$/);
});

test('a message with neither subject nor body gives empty text', async () => {
  assert.equal(await mailToText(msg('From: a@b.c', '\n  \n')), '');
});
