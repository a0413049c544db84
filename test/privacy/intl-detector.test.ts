import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_ISSUERS, cardIssuer, detect, luhnValid, mergeModelFindings, parseRegions, type Finding, type PiiType } from '../../src/privacy/index.js';

const found = (text: string, type: PiiType, opts = {}): string[] => detect(text, opts).filter((f) => f.type === type).map((f) => text.slice(f.start, f.end));
const has = (text: string, type: PiiType, value: string, opts = {}): void => assert.ok(found(text, type, opts).includes(value), `${type} '${value}' in ${JSON.stringify(text)}: ${JSON.stringify(detect(text, opts))}`);
const none = (text: string, type: PiiType, opts = {}): void => assert.deepEqual(found(text, type, opts), [], `no ${type} in ${JSON.stringify(text)}`);

/** A Luhn-valid number: `body` and its check digit. */
function withCheck(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

test('CREDIT_CARD: every length of the issuer table is found by the detector (12-digit Maestro, 15-digit legacy JCB)', () => {
  for (const issuer of CARD_ISSUERS) {
    for (const n of issuer.lengths) {
      const lo = issuer.ranges[0]![0];
      const card = withCheck(lo + '4'.repeat(n - 1 - lo.length));
      assert.ok(cardIssuer(card), `${issuer.name} ${n}: ${card} has an issuer`);
      const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
      assert.ok(found(`card number ${grouped}`, 'CREDIT_CARD').includes(grouped), `${issuer.name} ${n}: ${grouped}`);
    }
  }
  const maestro = withCheck('63040122635').replace(/(\d{4})(?=\d)/g, '$1 ');
  has(`paid with ${maestro}`, 'CREDIT_CARD', maestro);
  const jcb = withCheck('18006946187485').replace(/(\d{4})(?=\d)/g, '$1 ');
  has(`JCB ${jcb}`, 'CREDIT_CARD', jcb);
  // Twelve bare digits are an id unless a card word is near; a '+' makes the digits a phone number.
  none(`order ${withCheck('63040122635')} shipped`, 'CREDIT_CARD');
  has(`card: ${withCheck('63040122635')}`, 'CREDIT_CARD', withCheck('63040122635'));
  none(`Tel. +${withCheck('4973976348866').slice(0, 2)} 7397 6348866`, 'CREDIT_CARD');
});

test('IBAN: lower case is found, mixed case and bad check digits are not', () => {
  has('iban de89 3704 0044 0532 0130 00 please', 'IBAN', 'de89 3704 0044 0532 0130 00');
  has('IBAN: de89370400440532013000', 'IBAN', 'de89370400440532013000');
  none('iban De89370400440532013000', 'IBAN');
  none('iban de88370400440532013000', 'IBAN');
});

test('PHONE: national formats of the regions, validated, grouped as each country writes them', () => {
  has('Tél. : 01 56 77 01 20', 'PHONE', '01 56 77 01 20');
  has('Telefon: 030 1234567', 'PHONE', '030 1234567');
  has('móvil: 612 345 678', 'PHONE', '612 345 678');
  has('Tel: (07) 1411 1139', 'PHONE', '(07) 1411 1139');
  // A date written after the number is not part of it.
  has('text me 06 23 05 31 99 07-08-2026', 'PHONE', '06 23 05 31 99');
  // Two groups of four after a year are an id without a context word.
  none('see bug 2002-0989 in the tracker', 'PHONE');
  none('released 2022-04-01 17:30', 'PHONE');
  // Regions narrow what is read: a French number is not read as a US-only list's.
  none('ref 01 56 77 01 20', 'PHONE', { regions: ['US'] });
  has('ref 01 56 77 01 20', 'PHONE', '01 56 77 01 20', { regions: ['US', 'FR'] });
});

test('parseRegions: codes are checked, upper-cased, deduplicated', () => {
  assert.deepEqual(parseRegions('de, at,CH,de'), ['DE', 'AT', 'CH']);
  assert.throws(() => parseRegions('US,XX'), /Unknown region 'XX'/);
  assert.throws(() => parseRegions(' , '), /at least one region/);
  assert.throws(() => detect('x', { regions: ['ZZ'] }), /Unknown region 'ZZ'/);
});

test('DATE_TIME: month names of other languages, birth years, weekdays after "on"', () => {
  has('Termin am 14. März 2024 um 10 Uhr', 'DATE_TIME', '14. März 2024');
  has('le 3 août 2025', 'DATE_TIME', '3 août 2025');
  has('el 14 de marzo de 2024', 'DATE_TIME', '14 de marzo de 2024');
  has('Audouin Guerin, né en 1946', 'DATE_TIME', '1946');
  has('born 1977 in Leeds', 'DATE_TIME', '1977');
  has("let's meet on Monday", 'DATE_TIME', 'Monday');
  has('wir sehen uns am Freitag', 'DATE_TIME', 'Freitag');
  // A year alone, and a weekday as a name, are not dates.
  none('sold 2000 units in 1977 dollars', 'DATE_TIME');
  none('Monday Night Football', 'DATE_TIME');
});

test('AGE: a number a word marks as an age; durations and thresholds are not', () => {
  has('Patient Jo Bloggs, aged 39, seen today', 'AGE', '39');
  has('Patient X, Age: 55, seen', 'AGE', '55');
  has('a 34-year-old man', 'AGE', '34');
  has('Sie ist 41 Jahre alt', 'AGE', '41');
  has('il a 27 ans', 'AGE', '27');
  none('we met 19 years ago', 'AGE');
  none('il y a 5 ans', 'AGE');
  none('If you are over age 18 and have capital', 'AGE');
  none('in 12 days', 'AGE');
});

test('DRIVER_LICENSE: DVLA numbers by shape and birth date; other layouts only after a licence word', () => {
  has('licence MORGA753116SM9IJ on file', 'DRIVER_LICENSE', 'MORGA753116SM9IJ');
  has('the number BALOG558199A99AB is hers', 'DRIVER_LICENSE', 'BALOG558199A99AB');
  none('code MORGA713116SM9IJ', 'DRIVER_LICENSE'); // month 13
  has("driver's license N564-796-52-034-4", 'DRIVER_LICENSE', 'N564-796-52-034-4');
  has('DL# 90751104G', 'DRIVER_LICENSE', '90751104G');
  has('patente n. C5689-59992-17142', 'DRIVER_LICENSE', 'C5689-59992-17142');
  none('order N564-796-52-034-4', 'DRIVER_LICENSE');
  none("driver's license renewed", 'DRIVER_LICENSE');
});

test('addresses: street, postal code and town over several lines, in European, UK, military and Japanese layouts', () => {
  const de = 'Anschrift:\nBetty Poser\nMittelstr. 17c\n27149 Neustadt';
  has(de, 'STREET_ADDRESS', 'Mittelstr. 17c');
  has(de, 'POSTAL_CODE', '27149');
  has(de, 'LOCATION', 'Neustadt');
  const us = 'Ship to Agnes Pollich, 442 Wintheiser Village\nApt. 902\nZiemeville, NH 55711-1536.';
  has(us, 'STREET_ADDRESS', '442 Wintheiser Village\nApt. 902');
  has(us, 'POSTAL_CODE', '55711-1536');
  const apo = 'Address:\nErnest Frami\nPSC 3208, Box 3240\nAPO AE 09416';
  has(apo, 'STREET_ADDRESS', 'PSC 3208, Box 3240');
  has(apo, 'LOCATION', 'APO AE');
  has(apo, 'POSTAL_CODE', '09416');
  const uk = '280 Pouros Mews\nLeeds\nLS1 4AP';
  has(uk, 'POSTAL_CODE', 'LS1 4AP');
  has(uk, 'STREET_ADDRESS', '280 Pouros Mews');
  has('〒447-8990 博市 4丁目3番6号', 'POSTAL_CODE', '447-8990');
  has('Dudás Norina\nLiliána sétány 8, 3910 Káptalantóti', 'POSTAL_CODE', '3910');
  // Bare four or five digits need a street before them: a year and a word, a suite number, are no address.
  none('2002 Microsoft\nreleased it', 'POSTAL_CODE');
  assert.ok(!found('1634 Eye Street NW, Suite 1100\nWashington, DC 20006', 'POSTAL_CODE').includes('1100'));
});

test('mergeModelFindings: the documented policy', () => {
  const f = (type: PiiType, start: number, end: number, confidence: number, rule: string): Finding => ({ type, start, end, confidence, rule });
  const rules = [f('PHONE', 10, 20, 0.9, 'phone'), f('PERSON', 30, 34, 0.6, 'person.first-name'), f('ORGANIZATION', 50, 60, 0.6, 'org')];
  const model = [f('PERSON', 12, 18, 0.99, 'ner.model'), f('PERSON', 30, 40, 0.8, 'ner.model'), f('PERSON', 50, 60, 0.9, 'ner.model'), f('LOCATION', 70, 75, 0.4, 'ner.model')];
  const out = mergeModelFindings(rules, model);
  // 1. the phone number beats the model's person inside it
  assert.ok(out.some((x) => x.type === 'PHONE') && !out.some((x) => x.type === 'PERSON' && x.start === 12));
  // 2. agreement: one finding covering both, the higher confidence, both rules named
  assert.deepEqual(out.find((x) => x.start === 30), f('PERSON', 30, 40, 0.8, 'ner.model+person.first-name'));
  // 3. a sure model overrules the rule's other type
  assert.ok(!out.some((x) => x.type === 'ORGANIZATION') && out.some((x) => x.type === 'PERSON' && x.start === 50));
  // 4. model-only spans keep the model's score (detect's minimum confidence then drops this one)
  assert.ok(out.some((x) => x.type === 'LOCATION' && x.confidence === 0.4));
  assert.equal(rules.length, 3); // inputs untouched
});

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

test('PHONE, other regions: "number" alone does not make a phone number of a digit run; a phone word or someone\'s number does', () => {
  // Serial, zone and account numbers: ten digits that some default region's plan accepts.
  none('Your actual serial number is 1519761310 - from a dig', 'PHONE');
  none('Try resetting the zone number to 2002082901 - some of your secondaries', 'PHONE');
  none('le numéro de série 0612345678 est', 'PHONE');
  // The same digits next to a word that names a phone, or someone's number, are found.
  has('call me on 0612345678 tonight', 'PHONE', '0612345678');
  has('and my number is 01786070482', 'PHONE', '01786070482');
  has('mi número: 5523283089', 'PHONE', '5523283089');
  // Grouped, the same: an account number is not a phone number; a phone word still makes one.
  none('account number 400-939134 with the bank', 'PHONE');
  has('phone: 01 6188428', 'PHONE', '01 6188428');
});

test('PHONE: an extension of one digit, a vanity number of mixed groups, and the tail of a version', () => {
  // "ext. 0" is not a last digit group of one digit (which would make a date or a list).
  has(' 866-503-0250 ext. 0\n=20', 'PHONE', '866-503-0250 ext. 0');
  has('Call now! 800-683-3077 ext. 0 or', 'PHONE', '800-683-3077 ext. 0');
  has('Toll Free: 1-888-8-COM-PRO\nWeb', 'PHONE', '1-888-8-COM-PRO');
  // Fewer than three capitals, or letters that make no valid number, are not a vanity number.
  none('Sale 1-800-A1-B2 today', 'PHONE');
  // A dotted run after a figure is a version's tail ("V5.50.4910.0300" holds no "50.4910.0300").
  none('Produced By Microsoft MimeOLE V5.50.4910.0300', 'PHONE');
  has('Tel 504.910.0300', 'PHONE', '504.910.0300');
  has('fax your order to1-415-873-2700 now', 'PHONE', '415-873-2700');
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

test('PHONE, other regions: pieces of a run of figures, runs past 13 digits and North American placeholders are not numbers', () => {
  none('Modeline "1024x768" 49 1024 1032 1176 1344 768 771 777 806', 'PHONE');
  none('Subject: ring tones for your cell phone 84221111000000', 'PHONE');
  none('Example: (334) 123-4567', 'PHONE');
  // The same digits standing alone in a region's own grouping are still read.
  has('Tel: 771 777 806', 'PHONE', '771 777 806');
});

test('PHONE: an Irish area code in brackets is not taken for a North American placeholder', () => {
  has('Mobile (090) 321 9233.', 'PHONE', '(090) 321 9233');
});
