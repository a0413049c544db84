import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type PiiType } from '../../src/privacy/index.js';

/** The texts of the findings of `type` in `text`. */
function found(text: string, type: PiiType): string[] {
  return detect(text, { types: [type] }).map((f) => text.slice(f.start, f.end));
}
function has(text: string, type: PiiType, value: string): void {
  assert.ok(found(text, type).includes(value), `${type} '${value}' in: ${JSON.stringify(text)} (found ${JSON.stringify(found(text, type))})`);
}
function lacks(text: string, type: PiiType, value: string): void {
  assert.ok(!found(text, type).some((v) => v.includes(value)), `no ${type} '${value}' in: ${JSON.stringify(text)} (found ${JSON.stringify(found(text, type))})`);
}

test('PERSON: a first name signed with a dash, in any case; list items and dictionary words are not', () => {
  has('see the changes file.\n\n-chad\n\n2.14 (July 25, 2002)', 'PERSON', 'chad');
  has('the spider baby thing :-)\n\n--Dougal\n\n-----Original Message-----', 'PERSON', 'Dougal');
  has('Fixed it in CVS.\n\n- Joe\n', 'PERSON', 'Joe');
  lacks('Topics:\n- Audits\n- Seizures\n- Appeals\n', 'PERSON', 'Seizures');
  lacks('see below\n\n-Thanks\n', 'PERSON', 'Thanks');
  lacks('options:\n--verbose\n', 'PERSON', 'verbose');
});

test('PERSON: salutations and self-introductions name unknown names; groups and titles are not names', () => {
  has('Dear Garrison,\n\nThere are at least six planets', 'PERSON', 'Garrison');
  has('Contact Riz Bhatti @ 1847-677-1234 ext. 6884', 'PERSON', 'Riz Bhatti');
  has('Hi, I am Fatimata i have been thinking', 'PERSON', 'Fatimata');
  has('I am Captain JOHN OKELE the former commander', 'PERSON', 'JOHN OKELE');
  lacks('I am Captain JOHN OKELE the former commander', 'PERSON', 'Captain');
  lacks('Dear Consumers, Increase your Business Sales', 'PERSON', 'Consumers');
  lacks('Dear Valued Member,\n\nOfferClub thanks you', 'PERSON', 'Member');
  lacks('Hi Sweetie,\n\nCome see me', 'PERSON', 'Sweetie');
  lacks('Contact Sales Today for a quote', 'PERSON', 'Sales');
  lacks('I am Pleased to inform you', 'PERSON', 'Pleased');
});

test('PERSON: attribution lines without a date, and "Last, First" in them', () => {
  has('bryan roycroft wrote:\n> has anyone got information', 'PERSON', 'bryan roycroft');
  has('"Hunt, Bryan" stated the following:\n> can I remove lilo', 'PERSON', 'Hunt, Bryan');
  lacks('but probably to the digest).\n\nAnyway, Matthias wrote:\n> Once upon', 'PERSON', 'Anyway');
  lacks('this is fixed.\n\nLike Justin said, this is fixed', 'PERSON', 'Like');
  lacks('Something wrote to the disk', 'PERSON', 'Something');
});

test('PERSON: names broken over lines, quoted Outlook headers run together', () => {
  has('Nobody can agree. Tim \nO\'Reilly didn\'t like Mac OS 9.', 'PERSON', 'Tim \nO\'Reilly');
  has('the son of MR. Theo\nDuba of Zimbabwe.', 'PERSON', 'Theo\nDuba');
  has('[mailto:fork-admin@xent.com] On Behalf Of\nGeege\n> Schuman\n> Sent: Tuesday', 'PERSON', 'Geege\n> Schuman');
  has('> Sent: 31 July 2002 17:48 To: Hunt, Bryan Cc: ILUG (Request)', 'PERSON', 'Hunt, Bryan');
  // A sign-off line is not joined to the next line, nor a name to a domain.
  lacks('Thanks,\nJoe Adams\nHillsdale, New Jersey\n', 'PERSON', 'Hillsdale');
  lacks('(_via Ben \nHammersley.com[3]_)', 'PERSON', 'Hammersley');
});

test('PERSON: weak first names confirmed by an address or by a list of names', () => {
  has('Ray Dermody\'s [DERMODYR@ITCARLOW.IE] 20 lines', 'PERSON', 'Ray Dermody');
  lacks('Ray Dermody\'s [jdoe@example.com] 20 lines', 'PERSON', 'Ray Dermody');
  has('It seems Ben, Kevin and Bill are making too strong a case.', 'PERSON', 'Bill');
  lacks('Send the bill and the receipt.', 'PERSON', 'bill');
});

test('PERSON: accented names and names decoded with a lost letter', () => {
  has('no problems with it.\n\nGearóid\n\n-- \nIrish Linux Users\' Group', 'PERSON', 'Gearóid');
  has('Thanks,\nP\uFFFDdraig\n', 'PERSON', 'P\uFFFDdraig');
});

test('PERSON: a greeting line of a name and a comma; closings, foreign greetings and brands are not names', () => {
  has('-------\nDan,\n\nTo answer your question to my post', 'PERSON', 'Dan');
  has('> -----Original Message-----\n> Proinnsias, \n> I\'d be obliged if you could pass this along', 'PERSON', 'Proinnsias');
  lacks('\nCheers,\nKarl\n', 'PERSON', 'Cheers');
  lacks('\nBonjour,\n\nje vous écris', 'PERSON', 'Bonjour');
  lacks('\nHowever,\nthe patch works', 'PERSON', 'However');
  lacks('\nLazyTraders,\n\nWelcome to the list', 'PERSON', 'LazyTraders');
  // Not a greeting when the line is inside a paragraph.
  lacks('we tried it with\nPython,\nand it failed', 'PERSON', 'Python');
});

test('PERSON: lower-case signatures of a known first name, attributions after a bracket, hyphenated capitals', () => {
  has('ok\n\n-- \njesse reed vincent -- root@eruditorum.org', 'PERSON', 'jesse reed vincent');
  lacks('ok\n\n-- \nthe management -- root@example.org', 'PERSON', 'the management');
  has('In this issue:\n[0]Dominus writes "At my talks at TPC', 'PERSON', 'Dominus');
  has('WIDOW OF LATE PRESIDENT MOBUTU SESE-SEKO OF ZAIRE', 'PERSON', 'MOBUTU SESE-SEKO');
});

test('PERSON: "member" is a role before a name; dictionary words after it are not a name', () => {
  has('When\nthe new year begins, ILUG member Braun Brelin proposed this promotion', 'PERSON', 'Braun Brelin');
  lacks('every member Will Survive the cut', 'PERSON', 'Will Survive');
});

test('detect returns on texts made of line breaks, blanks and a bare sign-off (a walk back over blank lines once never ended)', () => {
  // Run in a child process: a synchronous endless loop would block this one, and its timeout with it.
  const texts = ['\n', '\n \n', '\n--\njesse', '\n\n\n-- \n', ' \n--'];
  const script = `import { detect } from ${JSON.stringify(new URL('../../src/privacy/index.ts', import.meta.url).href)};
    const texts = ${JSON.stringify(texts)};
    process.stdout.write(JSON.stringify(texts.map((t) => detect(t).length)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined, `detect did not return within 60 s on ${JSON.stringify(texts)}`);
  assert.equal(r.status, 0, r.stderr);
  const counts = JSON.parse(r.stdout) as number[];
  assert.equal(counts.length, texts.length);
});
