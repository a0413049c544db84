import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/privacy/index.js';

const phones = (text: string): string[] => detect(text).filter((f) => f.type === 'PHONE').map((f) => text.slice(f.start, f.end));
const has = (text: string, value: string): void => assert.ok(phones(text).includes(value), `PHONE '${value}' in ${JSON.stringify(text)}: ${JSON.stringify(detect(text))}`);
const none = (text: string): void => assert.deepEqual(phones(text), [], `no PHONE in ${JSON.stringify(text)}`);

test('PHONE: a number spelled digit by digit is found whole when grouped as written or next to a phone word', () => {
  has('<b>1 - 8 0 0 - 5 5 5 - 0 1 9 9 <br>', '1 - 8 0 0 - 5 5 5 - 0 1 9 9');
  has('Suite 4\n(2 1 2) 5 5 5-2 3 6 8 voice / fax', '(2 1 2) 5 5 5-2 3 6 8');
  has('call 2 1 2 5 5 5 2 3 6 8 today', '2 1 2 5 5 5 2 3 6 8');
  // Spaced unevenly, some digits touching: still spelled.
  has('feel free to call us at 1 - 2 1 2 - 5 5 5 - 23 6 8\n', '1 - 2 1 2 - 5 5 5 - 23 6 8');
  // Unformatted and without a phone word, a row of digits; a list of numbers is no number at all, spelled or not.
  none('ref 2 1 2 5 5 5 2 3 6 8 ok');
  none('Rows: 2 3 4 5 6 7 8 9 10');
  none('pick 1 2 3 4 5 6 7 8 9 10 now');
  // Spelled digits that make no valid number, and a spelled street number, are not numbers.
  none('call 1 - 1 2 3 - 4 5 6 - 7 8 9 0');
  none('1 4 4 0   C o r a l   R i d g e   D r.');
});

test('PHONE: a number broken over a line after a dash is one number; other line breaks still end a candidate', () => {
  has('Call (Toll-Free) 1- 888 - 707- \n      4777 with code', '1- 888 - 707- \n      4777');
  has('Contact Ann @ 1847-677-1234\next. 6884', '1847-677-1234\next. 6884');
  none('in 1999-\n2002 we grew');
  // Without the dash, a line break still ends the candidate.
  assert.ok(!phones('Call 1 888 707\n4777 apples').some((p) => p.includes('\n')));
});

test('PHONE: alternatives written as one number ("…952/46/43") are read without the endings and redacted with them', () => {
  has('Tel: (04) 7471234/46/43   Fax: (04) 747 0943', '(04) 7471234/46/43');
  // A date or a path with slashes is still no number.
  none('Tel: see 2002/08/28 and 12/05/2002');
});

test('PHONE: a number dialled from North America to another country is found without a phone word, even in an old plan', () => {
  has('PO Box 116, San Rafael, CR =\n011-506-255-1234</font>', '011-506-255-1234');
  // 999 is no calling code; "011" glued to other digits is no prefix.
  none('order 011-999-255-1234');
  none('order 0115062551234');
});

test('PHONE: a number after a mis-decoded two-byte character is standing apart; after an ASCII word it is not', () => {
  // Big5's full-width colon (A1 47) read one byte at a time: a replacement character or a letter past U+007F, then "G".
  has('TeL\ufffd]\ufffdG 02-2749 2314\n  \ufffd\u0721G0912345678\n', '0912345678');
  has('TeL\ufffd]\ufffdG 02-2749 2314\n', '02-2749 2314');
  none('Tel: abcG0912345678');
  none('Tel: order0912345678');
});

test('PHONE, other regions: "free" alone names no phone; a toll-free or call word still does', () => {
  // Valid in fourteen national plans, next to nothing but an offer: an id, not a number.
  none('offer free please reply 100000123');
  none('FREE money! reply 0612345678');
  has('toll free 0612345678', '0612345678');
  has('call free on 0612345678', '0612345678');
  // A number the home region reads is still raised by "free" (the context boost).
  has('FREE: 212-555-2368', '212-555-2368');
});

test('PHONE: a dot between exchange and line after an area code in brackets is a number, not a version', () => {
  has('or call us at (214) 555.2368</SPAN>', '(214) 555.2368');
  none('Produced By Microsoft MimeOLE V5.50.4910.0300');
  none('version 1.2.740.0923');
});

test('PHONE: a last group dotted digit by digit ("…-9.0.5.1") is a number, not an IP address; a range of addresses stays two addresses', () => {
  has('fax to 1-</font><font color="#0000a0">212-555-2.3.6.8</font>', '212-555-2.3.6.8');
  const ips = detect('hosts 10.0.0.1-10.0.0.9 and 192.168.1.1').filter((f) => f.type === 'IP_ADDRESS').length;
  assert.equal(ips, 3);
  none('version 1.2.3.4.5.6.7 released');
});

test('PHONE: figures alone before a box number are a phone number, not a street line', () => {
  has('Gold Coin Distribution\n1-800-555-2368, Mailbox 1993\n', '1-800-555-2368');
});

test('PHONE: a number cut by HTML comments is read without them and redacted whole', () => {
  has('US residents: the 8<!--a-->88-555-2<!--b-->368. - 99<!--c -->\n cents', '8<!--a-->88-555-2<!--b-->368');
  has(': 1-<!--x-->2<!--y-->12-555-2368.', '1-<!--x-->2<!--y-->12-555-2368');
  // A date or a short code cut by a comment is no number.
  none('<td>2002<!-- x -->-08-21</td>');
  none('Cali 9<!--polic cars-->00# is $1.99');
});
