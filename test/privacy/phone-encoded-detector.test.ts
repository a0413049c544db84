import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/privacy/index.js';
import { decodeQp, encodedWindows } from '../../src/privacy/detectors/phone-qp.js';

const phones = (text: string): string[] => detect(text).filter((f) => f.type === 'PHONE').map((f) => text.slice(f.start, f.end));
const has = (text: string, value: string): void => assert.ok(phones(text).includes(value), `PHONE '${value}' in ${JSON.stringify(text)}: ${JSON.stringify(detect(text))}`);
const none = (text: string): void => assert.deepEqual(phones(text), [], `no PHONE in ${JSON.stringify(text)}`);

/** A line of a quoted-printable HTML body, so the text carries the soft break that marks one. */
const QP_LINE = '<p align=3D"center"><font face=3D"Arial" size=3D"2">Order today, supplies =\nare limited</font></p>\n';

test('decodeQp: soft breaks dropped, codes read as characters, encoded words decoded, every character mapped back', () => {
  const raw = 'a=3Db =\n12=2E5 =B5=E7=BB=B0:7 =F3!';
  const r = decodeQp(raw, 0, raw.length);
  assert.equal(r.s, 'a=b 12.5 电话:7 ó!');
  // "=3D" stands for raw[1, 4); the two ideographs for the whole run of four codes; "7" for itself.
  assert.deepEqual([r.from[1], r.to[1]], [1, 4]);
  assert.deepEqual([r.from[r.s.indexOf('电')], r.to[r.s.indexOf('话')]], [raw.indexOf('=B5'), raw.indexOf(':7')]);
  assert.equal(raw[r.from[r.s.indexOf('7')]!], '7');
  // A text without a soft break is not quoted-printable: no window is read decoded, whatever "=20" it holds.
  assert.deepEqual(encodedWindows('x=20 212=20736=205000'), []);
  assert.equal(encodedWindows(QP_LINE + 'call 212 =\n736 5000').length, 1);
});

test('PHONE: a number cut by a quoted-printable soft line break is found whole, its span over the break', () => {
  has(QP_LINE + '<FONT face=3DArial>Call: (949) =\n218-6150</FONT>', '(949) =\n218-6150');
  has(QP_LINE + 'International calls: 954=\n-610-9386   \n', '954=\n-610-9386');
  has(QP_LINE + 'For more information please call: 1-800-694-51=\n44</b>', '1-800-694-51=\n44');
  // Another region's number after a mis-decoded Irish "nó" (or), with the phone word on the line before.
  has(QP_LINE + 'Guth=EDn: 01 679 4433<br>\n<DIV>n=F3 086 =\n8339082</DIV>', '086 =\n8339082');
  // The piece the raw text showed alone ("218-6150") gives way to the whole number; only one finding is left.
  assert.equal(phones(QP_LINE + 'Call: (949) =\n218-6150').length, 1);
});

test('PHONE: a number after a label in encoded CJK bytes is read with the decoded phone word', () => {
  // 电话 (phone) and 传真 (fax) in GB2312; the last code "=B0" no longer glues the number to a figure.
  has(QP_LINE + '<p>=B5=E7=BB=B0:0760-2312136 </p>\n<p>=B4=AB=D5=E6:0760-2317010</p>', '0760-2312136');
  has(QP_LINE + '<p>=B5=E7=BB=B0:0760-2312136 </p>\n<p>=B4=AB=D5=E6:0760-2317010</p>', '0760-2317010');
  // Written in Unicode, the words count too, with no space around them.
  has('联系电话：0760-2312136', '0760-2312136');
  has('手機0937-063831 請來電', '0937-063831');
});

test('PHONE: quoted-printable look-alikes stay what they are', () => {
  // An address split by a soft break, attribute values, a date and an id after codes, an encoded word before a count.
  none(QP_LINE + '<a href=3D"http://211.152.1=\n34.203/signup.htm">Click</a>');
  none(QP_LINE + '<td width=3D"550" height=3D"1023"=\n colspan=3D"2">');
  none(QP_LINE + 'class=3D980424923-11072002><FONT face=3DArial>');
  none(QP_LINE + 'Updated =B8=FC=D0=C2:2002-08-15 =\n12:30:01');
  none(QP_LINE + '<p>=B2=FA=C6=B7=B1=E0=BA=C5:20021234567</p>');
  // A CJK word that is not a phone word (产品编号, product number) raises no bare digit run.
  none('产品编号：2002123456');
});

test('PHONE: "+" before an international prefix, a retired Inmarsat code, alternatives after a four-digit group or a dash', () => {
  has('(877) 44 SOLEX (Toll Free US)\n+001 407 323 1668 International', '+001 407 323 1668');
  has('through my Direct Tel \nNo: +873-762-692484. (Please Call Direct', '+873-762-692484');
  has('E-Business Manager\nTel: (84-4) 747 0952/46/43\nFax: (84-4) 7470943', '(84-4) 747 0952/46/43');
  // A range of lines after a dash, the last digit of a group of five or more; a ZIP+4 code or an id's check digit is none.
  has('Tel: 254 2 313985-9   Fax: 254 2 313922', '254 2 313985-9');
  none('Schaumburg, IL 60196-6801 ok');
  none('Offer #08-515352-2 today');
  // Without a phone word, a digit run after "+873" is not read as a number; a date after a year is not alternatives.
  none('build +873-762-692484 of the kernel');
  none('Tel: see 2002/08/28 and 12/05/2002');
  none('released on 2002/08/15 at noon');
});

test('PHONE: a number wrapped after its bracketed area code, and a number after "GSM:"', () => {
  has('Fax to <font color="#FFCC99">(760) \n                    731-7785</font>; or', '(760) \n                    731-7785');
  has('GSM: 254 72 743 223   GSM: 254 733 744 121  This sig', '254 733 744 121');
  // A bracketed year is no area code: the line break still ends the candidate.
  none('in (2002)\n123-4567 rows were read');
});

test('PHONE: a number after a postcode that ends in a figure stands apart; a run of figures still does not', () => {
  assert.ok(phones('Apollo Victoria, Wilton Road, SW1 (0870 4000 650). Victoria tube').some((p) => p.includes('0870 4000 650')));
  has('Suite A1 212 736 5000', '212 736 5000');
  none('rows 1344 768 771 777 806 ok');
});
