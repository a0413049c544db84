import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type PiiType } from '../../src/privacy/index.js';

const found = (text: string, type: PiiType, opts = {}): string[] => detect(text, opts).filter((f) => f.type === type).map((f) => text.slice(f.start, f.end));
const has = (text: string, type: PiiType, value: string, opts = {}): void => assert.ok(found(text, type, opts).includes(value), `${type} '${value}' in ${JSON.stringify(text)}: ${JSON.stringify(detect(text, opts))}`);
const none = (text: string, type: PiiType, opts = {}): void => assert.deepEqual(found(text, type, opts), [], `no ${type} in ${JSON.stringify(text)}`);

test('PHONE, other regions: digit runs inside host names, ids, MIME boundaries, versions and times are not numbers', () => {
  // Each of these digit runs is a valid national number somewhere among the default regions.
  none('Received: from adsl-64-118-23-61.dsl.example.net (64.118.23.61)', 'PHONE');
  none('Received: from 12-201-14-27.client.example.com ([12.201.14.27])', 'PHONE');
  none('Message-Id: <3E9DFF0B.9041500@example.fr>', 'PHONE');
  none('--==_Exmh_-503871296P\nContent-Type: text/plain', 'PHONE');
  none('------=_Part_1201_2215243.1036431255782\nContent-Type: text/plain', 'PHONE');
  none('X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2600.0000\nContent-Type: text/html', 'PHONE');
  none('Java in a Nutshell, 0-596-00283-X, order now', 'PHONE');
  none('Received: by relay; Wed Aug 21 11:37:32 2002 -0500', 'PHONE');
  none('account number 14-255-2004/abc/x', 'PHONE');
  // A word of the context list glued to a path or a host name is not a context word: "text/plain", "dial-in".
  none('--= Multipart Boundary 0911021155\nContent-Type: text/plain', 'PHONE');
  none('from [209.103.201.17] (209-103-201-17.dial-in1.example.net)', 'PHONE');
  // A ZIP+4 code is not a phone number without a phone word.
  none('213 Main Street, Newark, NJ 07102-2992. Each', 'PHONE');
  // A column of figures, one-digit heads and a dotted version are not a phone number's shape.
  none('    131     131    1122 Mail/.folders', 'PHONE');
  none('Subject: Re: 2002.06.00.00', 'PHONE');
});

test('PHONE, other regions: a standalone number with a phone word, or grouped as people write it, is found', () => {
  has('Tel: 01 6188428\nFax: 01 6602244', 'PHONE', '01 6188428');
  has('Tel:01 635 9760', 'PHONE', '01 635 9760');
  has('erreichbar unter 01895 2945412.', 'PHONE', '01895 2945412');
  has('you can reach me at 01786070482', 'PHONE', '01786070482');
  // Grouped otherwise than libphonenumber formats them ("019 204 3074", "55 2328 3089"), still a number.
  has('Mozes de Graaf\nmozes@example.nl\n0192 043 074', 'PHONE', '0192 043 074');
  has('Pablo Alarcón\npablo@example.mx\n552 328 3089', 'PHONE', '552 328 3089');
  has('Jimmy Öberg\njimmy@example.se\n0632-81 10', 'PHONE', '0632-81 10');
  has('text me (0820) 523 93 11 on Monday', 'PHONE', '(0820) 523 93 11');
  // The same groups with no phone word and the wrong shape stay out: two groups under ten digits.
  none('ref 0632-8110 attached', 'PHONE');
});

test('PHONE: a date after the number, long or numeric, past the candidate window, is cut off', () => {
  has('text me 073842 07917 29 September 2015', 'PHONE', '073842 07917');
  has('text me +33 5 27 91 92 31 17-12-2020', 'PHONE', '+33 5 27 91 92 31');
  has('text me +34 954 04 83 17 2 de septiembre de 2019', 'PHONE', '+34 954 04 83 17');
  has('text me 06 30 588 7511 7 September 2027', 'PHONE', '06 30 588 7511');
  has('text me +55 3769660864 1 de abril de 2017', 'PHONE', '+55 3769660864');
  // A number whose last group is followed by a place, not a year, keeps that group.
  has('Tél. : 06 12 34 56 78 Paris', 'PHONE', '06 12 34 56 78');
  // A numeric date and the hour after it are a date, not a number.
  none('Encontro em 25-04-2017 18:00. Até logo', 'PHONE');
});

test('CREDIT_CARD and DRIVER_LICENSE: a card is not read inside an IBAN; a labelled licence number is not a phone number', () => {
  const text = 'Refund to AT483200000012345864 please.';
  none(text, 'CREDIT_CARD');
  has(text, 'IBAN', 'AT483200000012345864');
  has('Driving licence number: 725 059 086', 'DRIVER_LICENSE', '725 059 086');
  none('Driving licence number: 725 059 086', 'PHONE');
});
