import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/privacy/index.js';
import { personCuesDetector } from '../../src/privacy/detectors/person-cues.js';

const persons = (text: string): string[] => detect(text).filter((f) => f.type === 'PERSON').map((f) => text.slice(f.start, f.end));
const cues = (text: string): string[] => [...new Set(personCuesDetector.detect(text).map((f) => text.slice(f.start, f.end)))];
const has = (text: string, name: string): void => assert.ok(persons(text).includes(name), `PERSON '${name}' in ${JSON.stringify(text)}: ${JSON.stringify(detect(text))}`);

test('person cues: names no name list knows, found from the words around them, in any alphabet', () => {
  // Form labels, addressee lines, patients and recipients.
  has('Geburtsdatum: 03.04.1971\nName: Wiebke Ostermöller\nTel. 030 1234567', 'Wiebke Ostermöller');
  has('Név: Szabó Benedek', 'Szabó Benedek');
  has('Adresse :\nSolène Lacroix-Dumas\n12 rue des Lilas\n75011 Paris', 'Solène Lacroix-Dumas');
  has('Patient Zdeněk Hruška, Age: 61, seen today.', 'Zdeněk Hruška');
  has('Ship to Oluwaseun Adebayo, 14 Allen Avenue, Ikeja.', 'Oluwaseun Adebayo');
  // Greetings and closings in other languages, Han names included.
  has('Bonjour Gwenaëlle Le Floch,\nmerci pour votre message.', 'Gwenaëlle Le Floch');
  has('Merhaba Çağla Yıldırım,\nnasılsın?', 'Çağla Yıldırım');
  has('Hi 高橋 健太,\nsee you tomorrow.', '高橋 健太');
  has('Danke für alles.\nMit freundlichen Grüßen,\nJördis Wächter', 'Jördis Wächter');
  has('Thanks again.\nPozdrawiam,\nBożena Wróblewska', 'Bożena Wróblewska');
  // Lists of those present: each surname its own span, particles included.
  const list = 'Aanwezig: Bakker, van Dijk en Smit.';
  for (const n of ['Bakker', 'van Dijk', 'Smit']) has(list, n);
  const es = 'Asistentes: Ibarra Quintero, Solís Mena y Cárdenas.';
  for (const n of ['Ibarra Quintero', 'Solís Mena', 'Cárdenas']) has(es, n);
  // A self-introduction typed in lower case.
  has('hey tomasz wierzbicki here, call me later', 'tomasz wierzbicki');
  // A birth or age after the name, an account or card holder, the one hired, a contact block, a licensee.
  has('Eulalia Bermúdez, born 1948, retired teacher', 'Eulalia Bermúdez');
  has('Ragnhild Sæther, 54 years old, from Bergen', 'Ragnhild Sæther');
  has('IBAN: NL91 ABNA 0417 1643 00 (Joost Hoekstra)', 'Joost Hoekstra');
  has('card 4111 1111 1111 1111, Priyanka Raghunathan, exp. 09/29', 'Priyanka Raghunathan');
  has('Novak Ltd hired Vesna Kovačič on Monday.', 'Vesna Kovačič');
  has('Siobhán Ní Bhriain\nsiobhan@example.ie\n01 234 5678', 'Siobhán Ní Bhriain');
  has('Tarquin Featherstonehaugh — driving licence FEATH701014T99AB', 'Tarquin Featherstonehaugh');
});

test('person cues: what a cue names that is not a person is left alone', () => {
  // Greeted groups and roles, dictionary words after a weak cue, organizations, a product in a form.
  assert.deepEqual(cues('Dear Sirs,\nWe write to you'), []);
  assert.deepEqual(cues('Hi Team,\nthe build is green'), []);
  assert.deepEqual(cues('Hello Everybody,\nwelcome'), []);
  assert.deepEqual(cues('Acme hired Global Solutions Inc last year'), []);
  assert.deepEqual(cues('> Name:         SpamAssassin\n> Version: 2.41'), []);
  assert.deepEqual(cues('hi everyone here, thanks'), []);
  // A title before the name is not part of it.
  assert.deepEqual(cues('Patient Amara Okafor, aged 40'), ['Amara Okafor']);
  // No cue, no finding: the rule reads no list of names.
  assert.deepEqual(cues('Wiebke Ostermöller went home.'), []);
});
