import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type PiiType } from '../../src/privacy/index.js';

/** The [type, text] pairs found in `text`. */
function found(text: string, types?: PiiType[]): Array<[string, string]> {
  return detect(text, types ? { types } : {}).map((f) => [f.type, text.slice(f.start, f.end)]);
}
function has(text: string, type: PiiType, value: string): void {
  assert.deepEqual(found(text, [type]).filter(([, v]) => v === value), [[type, value]], `${type} '${value}' in: ${text}`);
}
function none(text: string, type: PiiType): void {
  assert.deepEqual(found(text, [type]), [], `no ${type} in: ${text}`);
}

test('EMAIL: addresses found, bare @ and hostless addresses not', () => {
  has('write to jane.doe+tag@mail.example.co.uk today', 'EMAIL', 'jane.doe+tag@mail.example.co.uk');
  has('<bob_42@example.org>', 'EMAIL', 'bob_42@example.org');
  none('meet @ noon; user@localhost; @handle', 'EMAIL');
});

test('PHONE: international and national formats; dates, IPs and versions are not phones', () => {
  has('Call me at (415) 555-2671.', 'PHONE', '(415) 555-2671');
  has('London office: +44 20 7946 0958', 'PHONE', '+44 20 7946 0958');
  has('toll free 1-800-555-0199 now', 'PHONE', '1-800-555-0199');
  has('tel. +353-87-240-6691', 'PHONE', '+353-87-240-6691');
  none('on 08/22/2002 from 66.187.233.211 using 8.11.6/8.11.6', 'PHONE');
  none('order number 12345', 'PHONE');
});

test('CREDIT_CARD: Luhn and issuer range required', () => {
  has('card 4111 1111 1111 1111 exp 12/27', 'CREDIT_CARD', '4111 1111 1111 1111');
  has('amex 378282246310005', 'CREDIT_CARD', '378282246310005');
  has('mc 5555-5555-5555-4444', 'CREDIT_CARD', '5555-5555-5555-4444');
  none('card 4111 1111 1111 1112', 'CREDIT_CARD'); // fails Luhn
  none('id 1234567812345670', 'CREDIT_CARD'); // passes Luhn, no issuer starts with 1
  none('0000 0000 0000 0000', 'CREDIT_CARD');
});

test('IBAN: mod-97 and per-country length', () => {
  has('pay to GB82 WEST 1234 5698 7654 32 by Friday', 'IBAN', 'GB82 WEST 1234 5698 7654 32');
  has('IBAN DE89370400440532013000.', 'IBAN', 'DE89370400440532013000');
  none('GB82 WEST 1234 5698 7654 33', 'IBAN'); // bad check digits
  none('DE8937040044053201300', 'IBAN'); // one digit short for DE
});

test('US_SSN: valid ranges only, context raises bare digits', () => {
  has('SSN: 536-22-1234', 'US_SSN', '536-22-1234');
  has('social security number 536221234', 'US_SSN', '536221234');
  none('ref 536221234', 'US_SSN'); // nine bare digits without context stay below threshold
  none('SSN 000-12-3456, 666-12-3456, 912-12-3456, 536-00-1234, 536-22-0000', 'US_SSN');
  none('SSN 078-05-1120', 'US_SSN'); // the famous wallet-card number
});

test('IP_ADDRESS: v4 and v6; out-of-range octets, versions and times are not', () => {
  has('from 66.187.233.211 port 25', 'IP_ADDRESS', '66.187.233.211');
  has('host 2001:db8:85a3::8a2e:370:7334 up', 'IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334');
  has('link fe80::1ff:fe23:4567:890a%eth0', 'IP_ADDRESS', 'fe80::1ff:fe23:4567:890a');
  none('256.1.1.1 and 1.2.3.4.5 and at 12:30:45', 'IP_ADDRESS');
  none('fetchmail-5.9.0 v1.2.3.4', 'IP_ADDRESS');
});

test('URL: schemes and www, without trailing punctuation', () => {
  has('see https://example.com/a?b=1.', 'URL', 'https://example.com/a?b=1');
  has('(www.example.org)', 'URL', 'www.example.org');
  none('example dot com', 'URL');
});

test('MAC_ADDRESS: colon, dash and dotted forms; mixed separators not', () => {
  has('nic 00:1A:2B:3C:4D:5E up', 'MAC_ADDRESS', '00:1A:2B:3C:4D:5E');
  has('nic 00-1a-2b-3c-4d-5e up', 'MAC_ADDRESS', '00-1a-2b-3c-4d-5e');
  has('cisco 001a.2b3c.4d5e', 'MAC_ADDRESS', '001a.2b3c.4d5e');
  none('00:1A-2B:3C-4D:5E', 'MAC_ADDRESS');
});

test('CRYPTO: checksummed Bitcoin addresses and Ethereum', () => {
  has('send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'CRYPTO', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT');
  has('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'CRYPTO', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  has('eth 0x52908400098527886E0F7030069857D2E4169EE7', 'CRYPTO', '0x52908400098527886E0F7030069857D2E4169EE7');
  none('1BoatSLRHtKNngkdXEeobR76b53LETtpyU', 'CRYPTO'); // checksum broken
  none('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr', 'CRYPTO');
});

test('DATE_TIME: written, numeric and ISO dates; DOB context is strongest', () => {
  has('Sent: Thu, 22 Aug 2002 12:36:23 +0100', 'DATE_TIME', 'Thu, 22 Aug 2002 12:36:23 +0100');
  has('due August 22, 2002.', 'DATE_TIME', 'August 22, 2002');
  has('at 2002-08-22T12:36:23Z', 'DATE_TIME', '2002-08-22T12:36:23Z');
  const dob = detect('DOB: 03/14/1985.', { types: ['DATE_TIME'] });
  assert.equal(dob[0]?.rule, 'date.dob');
  assert.ok(dob[0]!.confidence >= 0.9);
  none('version 3.14 and 12/40/2002', 'DATE_TIME');
  none('you may go', 'DATE_TIME');
});

test('SECRET: known prefixes, PEM blocks, and high-entropy assigned values', () => {
  has('aws AKIAIOSFODNN7EXAMPLE', 'SECRET', 'AKIAIOSFODNN7EXAMPLE');
  has('t ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'SECRET', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');
  has('xoxb-123456789012-abcdefABCDEF', 'SECRET', 'xoxb-123456789012-abcdefABCDEF');
  has('api_key = "Zx8q2Lr9Vb7Nc4Ws1Qe6"', 'SECRET', 'Zx8q2Lr9Vb7Nc4Ws1Qe6');
  has('password: s3cr3t!Pw', 'SECRET', 's3cr3t!Pw');
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----';
  has(`key:\n${pem}\n`, 'SECRET', pem);
  none('the key to success is hard work', 'SECRET');
  none('password: password', 'SECRET');
});

test('PERSON, LOCATION, ORGANIZATION from names and context', () => {
  has('Dear Mr. Smith, thanks', 'PERSON', 'Smith');
  has('I met John Smith yesterday', 'PERSON', 'John Smith');
  has('Thanks,\nDave', 'PERSON', 'Dave');
  has('I live in Boston now', 'LOCATION', 'Boston');
  has('She works at Acme Widgets Inc.', 'ORGANIZATION', 'Acme Widgets Inc');
  // An address's parts have their own types: the street, the town and state, the postal code.
  has('Mail: 106 Longhorn Road\nWinter Park FL 32792\n', 'STREET_ADDRESS', '106 Longhorn Road');
  has('Mail: 106 Longhorn Road\nWinter Park FL 32792\n', 'LOCATION', 'Winter Park FL'); // town and state: a line of places, one span
  has('Mail: 106 Longhorn Road\nWinter Park FL 32792\n', 'POSTAL_CODE', '32792');
  none('we sold 26 Great Deals today in 2002', 'LOCATION');
  none('Will you mark it? It may rain in June.', 'PERSON');
  none('Click Here For Free Money', 'PERSON');
});

test('PERSON: middle initials, sign-offs, all-caps letters; common words do not extend a name', () => {
  has('made Scott A Crosby write', 'PERSON', 'Scott A Crosby');
  has('Regards,\nColm\n', 'PERSON', 'Colm');
  has('Once upon a time, Harig, wrote :', 'PERSON', 'Harig');
  has('FROM: MR KEVIN GEORGE\nABIDJAN', 'PERSON', 'KEVIN GEORGE');
  has("Thanks to Mark-Jason Dominus", 'PERSON', 'Mark-Jason Dominus');
  assert.ok(!found('use Perl Daily Newsletter').some(([t, v]) => t === 'PERSON' && v.includes('Daily')));
  none('FREE MONEY NOW WILL MAY JUNE', 'PERSON');
  has('From: Smith, Graham - Computing\n', 'PERSON', 'Smith, Graham');
  has('as Hemingway said', 'PERSON', 'Hemingway');
});

test('IPv6 scanning ignores code and clock times', () => {
  none('use std::vector and a::b at 10:20:30', 'IP_ADDRESS');
  has('addr 2001:0db8:0000:0000:0000:ff00:0042:8329.', 'IP_ADDRESS', '2001:0db8:0000:0000:0000:ff00:0042:8329');
});

test('context words raise confidence', () => {
  const plain = detect('ref 212-555-0187', { types: ['PHONE'], minConfidence: 0 });
  const ctx = detect('call me at 212-555-0187', { types: ['PHONE'], minConfidence: 0 });
  assert.ok(ctx[0]!.confidence > plain[0]!.confidence);
});

test('overlapping findings resolve to one: highest confidence, then longest', () => {
  const t = 'mail https://example.com/unsubscribe?to=user@example.org now';
  const fs = detect(t);
  for (let i = 1; i < fs.length; i++) assert.ok(fs[i]!.start >= fs[i - 1]!.end, 'no overlaps');
  // EMAIL (0.95) outranks the longer URL (0.9) it sits inside (a URL's user part is no address: see below).
  assert.deepEqual(found(t), [['EMAIL', 'user@example.org']]);
  const tie = detect('x', { minConfidence: 0, detectors: [
    { name: 'a', types: ['PERSON'], detect: () => [{ type: 'PERSON', start: 0, end: 1, confidence: 0.9, rule: 'a' }] },
    { name: 'b', types: ['LOCATION'], detect: () => [{ type: 'LOCATION', start: 0, end: 1, confidence: 0.9, rule: 'b' }, { type: 'ORGANIZATION', start: 0, end: 1, confidence: 0.8, rule: 'c' }] },
  ] });
  assert.equal(tie.length, 1);
});

test('unknown type names are refused with the allowed list', () => {
  assert.throws(() => detect('x', { types: ['NAME' as PiiType] }), /Unknown PII type 'NAME'.*EMAIL/);
});

test('PERSON from mail structure: display names, signatures, sign-off lines, attributions, On Behalf Of', () => {
  // Display name before a bracketed address; a name word in the address makes it sure.
  has('Forwarded-by: Per Hammer <perh@example.co.uk>\n', 'PERSON', 'Per Hammer');
  has('By Declan McCullagh <mailto:declan.mccullagh@example.com>\n', 'PERSON', 'Declan McCullagh');
  has('> From: B.K. DeLong [mailto:bkdelong@example.com]\n', 'PERSON', 'B.K. DeLong');
  none('Irish Linux Users Group <ilug@example.ie>', 'PERSON'); // organization suffix
  none('Customer Support <support@example.com>', 'PERSON'); // role words
  // First line of a signature block.
  has('bye\n\n-- \nColm Buckley | colm@example.org | www.example.org\n', 'PERSON', 'Colm Buckley');
  none('bye\n\n-- \nIrish Linux Users\' Group: ilug@example.ie\n', 'PERSON');
  // A name alone on its line before a quoted message, a signature or an address line.
  has('any ideas?\n\nDarragh\n\n-----Original Message-----\nFrom: x', 'PERSON', 'Darragh');
  has('so far!\n\nrob\n\n-- \n', 'PERSON', 'rob');
  none('Dear All,\n\nSee www.example.com for details', 'PERSON'); // the line goes on: not a sign-off
  none('it works.\n\nEnjoy\n\n-- \n', 'PERSON'); // a dictionary word
  // Attribution lines; a lower-case handle is no person, a lower-case first name is.
  has('On Sat, 20 Jul 2002, kevin lyda wrote:\n> hi', 'PERSON', 'kevin lyda');
  none('On Sat, 20 Jul 2002, gnat wrote:\n> hi', 'PERSON');
  // Outlook's "On Behalf Of".
  has('From: list-admin@example.org [mailto:list-admin@example.org]On Behalf Of\nGearoid Griffin\nSent: today', 'PERSON', 'Gearoid Griffin');
});

test('PERSON: titles, initials, repeats; weak guesses need context right before them', () => {
  has('the late General Sani Abacha who died', 'PERSON', 'Sani Abacha');
  has('the government of President Olusegun Obasanjo. I', 'PERSON', 'Olusegun Obasanjo');
  none('the President of the club', 'PERSON');
  none('under the General Public License', 'PERSON'); // a weak title before a dictionary word
  has('I am Mr.IKE EJOH. Bank Manager of Diamond Bank', 'PERSON', 'IKE EJOH');
  assert.ok(!found('I am Mr.IKE EJOH. Bank Manager of Diamond Bank').some(([t, v]) => t === 'PERSON' && v.includes('Bank')), 'a sentence ends after a name');
  has('slashdot: humour from E. W. Dijkstra today', 'PERSON', 'E. W. Dijkstra');
  // A later mention of a name found in full, possessive included.
  const t = 'Thanks to David Wheeler and Mark-Jason Dominus for this; we liked Mark\'s talk. Mark was fun.';
  assert.ok(found(t).some(([ty, v]) => ty === 'PERSON' && v === 'Mark'), 'repeat of a found name');
  assert.ok(!found('Perl Ports Page\n\nPorts are fun.').some(([ty, v]) => ty === 'PERSON' && v === 'Ports'), 'no repeat from a headline');
  // An ambiguous word-name with a context word far away stays below threshold; right after "Dear" it counts.
  none('speaking to us from military HQ in Palm Beach, Florida.', 'PERSON');
  has('Dear Bill, thanks', 'PERSON', 'Bill');
  // A company by its suffix, not a person by its first word.
  has('from Pablo Software Solutions today', 'ORGANIZATION', 'Pablo Software Solutions');
  none('from Pablo Software Solutions today', 'PERSON');
  has('Vendor: Pablo Software Solutions\n', 'ORGANIZATION', 'Pablo Software Solutions'); // a field label is no headline
});

test('PHONE: vanity numbers, international prefixes, calling codes without +, other countries next to a context word', () => {
  has('TOLL-FREE: 1-877-451-TEEN', 'PHONE', '1-877-451-TEEN');
  has('order at 1-800-FLOWERS today', 'PHONE', '1-800-FLOWERS');
  // Spaced, or letters run into the exchange's digits, with no "-ABC" anywhere else in the text.
  has('order at 1 800 FLOWERS today', 'PHONE', '1 800 FLOWERS');
  has('Call (212) 555JAZZ now', 'PHONE', '(212) 555JAZZ');
  none('#263 SANDTON CITY and $500 DOLLARS', 'PHONE'); // no marked area code, letters after a space
  has('Phone: (415) 555-2671 ext. 6884', 'PHONE', '(415) 555-2671 ext. 6884');
  has('tel 00 353 1 6761234', 'PHONE', '00 353 1 6761234');
  has('Tel/Fax: 44-870-136-7079', 'PHONE', '44-870-136-7079');
  has('Tel: 01 6188428', 'PHONE', '01 6188428');
  has('Mobile: 086 6048101', 'PHONE', '086 6048101');
  has('Tel: +234-1-4567890', 'PHONE', '+234-1-4567890'); // an old plan libphonenumber no longer accepts
  // Without a context word a calling code without '+' is an id or a reference, not a number.
  none('ref 44-870-136-7079', 'PHONE');
  // A national number grouped as its country writes it is found without one ("01 6188428" in Ireland).
  has('ref 01 6188428', 'PHONE', '01 6188428');
  none('In message <200208280108.VAA30178@example.com>, call it', 'PHONE');
});

test('PHONE: two numbers given as alternatives ("A / B") are two findings, the second sharing the context word', () => {
  const text = 'Contact : Hugo Martin ; T\u00e9l : 01 56 77 01 20 / 06 81 57 85 47; E-mail : x@example.fr';
  has(text, 'PHONE', '01 56 77 01 20');
  has(text, 'PHONE', '06 81 57 85 47');
  has('Phone: 212-555-0187 / 415-555-2671', 'PHONE', '415-555-2671');
  // Without a context word, French numbers in France's grouping are still found; an ungrouped run is not.
  has('ref 01 56 77 01 20 / 06 81 57 85 47', 'PHONE', '06 81 57 85 47');
  none('ref 0156770120 / 0681578547', 'PHONE');
  // An unspaced slash still joins one number ("030/1234567" style), and dates stay dates.
  none('on 08/22/2002 / 09/01/2002 we met', 'PHONE');
});

test('ORGANIZATION: institutions "X of Y", context phrases, suffix chains; products and places are not', () => {
  has('a graduate of the University of Sierra Leone, he', 'ORGANIZATION', 'University of Sierra Leone');
  has('FROM THE FEDERAL MINISTRY OF AVIATION, LAGOS', 'ORGANIZATION', 'FEDERAL MINISTRY OF AVIATION');
  has('the Center for Democracy and Technology said', 'ORGANIZATION', 'Center for Democracy and Technology');
  none('the university of my dreams', 'ORGANIZATION'); // lower case: no name
  has('This email is sponsored by: OSDN - Tired of', 'ORGANIZATION', 'OSDN');
  none('past president of the DEMOCRATIC REPUBLIC OF CONGO in', 'ORGANIZATION'); // a country
  has("-- \nIrish Linux Users' Group: ilug@example.ie", 'ORGANIZATION', "Irish Linux Users' Group");
  none('Get This Software And Open Source Systems Now', 'ORGANIZATION'); // generic words, a headline
  none('see the Dept for details', 'ORGANIZATION'); // an abbreviation alone
  assert.ok(!found('the Center for Democracy and Technology said').some(([t]) => t === 'PERSON'), '"X said" mid-sentence is no attribution');
});

test('LOCATION: landmarks, caps country codes, postcodes, ordinal streets; currencies and shouting are not', () => {
  has('the towers of the World Trade Center fell', 'LOCATION', 'World Trade Center');
  has('bankers on Wall Street are sceptical', 'LOCATION', 'Wall Street');
  has('prices in the US are higher', 'LOCATION', 'US');
  none('CONTACT US NOW FOR DETAILS', 'LOCATION'); // a shouted pronoun
  none('valued at US$25,000,000.00 and thirty million United States Dollars', 'LOCATION');
  has('5, Meridian East\nLeicester LE3 2WZ\n', 'LOCATION', 'Leicester');
  has('5, Meridian East\nLeicester LE3 2WZ\n', 'POSTAL_CODE', 'LE3 2WZ');
  has('Nelson, BC, Canada\nV1L 2W3\n', 'POSTAL_CODE', 'V1L 2W3');
  none('the model MP3 4GB player', 'LOCATION'); // a postcode shape without a town, comma or line start
  has('party at 5 East 19th Street tonight', 'STREET_ADDRESS', '5 East 19th Street');
  has('in Palm Beach, Florida.', 'LOCATION', 'Florida'); // a weak first-name guess leaves the place alone
  assert.ok(!found('turn at the Ave and go').some(([t]) => t === 'LOCATION'), 'a street abbreviation alone is no place');
});

test('DATE_TIME: a date and a time that touch are one timestamp; hours with am/pm; versions are not dates', () => {
  has('In a message dated 9/24/2002 11:24:58 AM, she', 'DATE_TIME', '9/24/2002 11:24:58 AM');
  has('At 05:38 PM 9/30/2002 +0200, he wrote', 'DATE_TIME', '05:38 PM 9/30/2002 +0200');
  has('On Tue, 2002-08-20 at 12:10, Bob wrote', 'DATE_TIME', 'Tue, 2002-08-20 at 12:10');
  has('open 6-8pm, closes at 4am', 'DATE_TIME', '6-8pm');
  has('open 6-8pm, closes at 4am', 'DATE_TIME', '4am');
  none('kernel 2.4.19 is out', 'DATE_TIME'); // a version
  none('it costs $5 am I right', 'DATE_TIME');
});

test('EMAIL: a MIME boundary that looks like an address is not one', () => {
  none('--==_15304473447567@buffy.example.net==_\nContent-Type: text/plain', 'EMAIL');
  has('write to 15304473447567@buffy.example.net today', 'EMAIL', '15304473447567@buffy.example.net');
});

test('PERSON: a role beside a name, and quoted header lines without an address', () => {
  has('James Meek, science correspondent\nTuesday', 'PERSON', 'James Meek');
  has('said spokesman Declan McCullagh today', 'PERSON', 'Declan McCullagh');
  none('the Red Hat, a Linux company', 'PERSON'); // dictionary words, no role
  has('> From: Eugen Leitl\n> To: FoRK', 'PERSON', 'Eugen Leitl');
  has('FROM: KONE BAKAR\nTEL: 0771', 'PERSON', 'KONE BAKAR');
  none('To: Customer Service\nFrom: Open Source\n', 'PERSON'); // role words; no known name
});

test('PERSON: bylines after "By" at a line start or "posted by"; not "By Popular Demand"', () => {
  has('Rebuild at Ground Zero\n\nBy LARRY SILVERSTEIN\n\nEarlier', 'PERSON', 'LARRY SILVERSTEIN');
  has('chip news\nBy Anthony Cataldo\nMay 28, 2002', 'PERSON', 'Anthony Cataldo');
  has('posted by Jane Smithers at 5', 'PERSON', 'Jane Smithers');
  none('By Popular Demand we are back', 'PERSON');
});

test('EMAIL: message and content ids only look like addresses; addresses with digits are still found', () => {
  none('In message <200210091843.OAA01268@hippolyta.example.com>, Chris wrote', 'EMAIL');
  none('    Message-ID:  <E17bzKv-0000mo-00@frontend2.example.ac.uk>', 'EMAIL');
  none('Content-ID: <524.1027546300.0@deepeddy.example.com>', 'EMAIL');
  none('In-Reply-To: <1027546301.610.TMDA@deepeddy.example.com>', 'EMAIL');
  none('Mozilla wrote <3D9CEE0A.9030400@example.com> here', 'EMAIL');
  none('References: <webmaster@example.com>', 'EMAIL'); // the header names an id whatever its shape
  has('% tmda-check-address kevin+dated+1029235349.f17378@ie.example.net', 'EMAIL', 'kevin+dated+1029235349.f17378@ie.example.net');
  has('Exclude yourself, john195615221@example.com', 'EMAIL', 'john195615221@example.com');
  has('Reply-To: Vladimir <vkatalov@example.com>', 'EMAIL', 'vkatalov@example.com');
  // A URL's user part is the URL's, not an address.
  assert.deepEqual(found('Erase\nhttp://21631@www.example.com/remove.html\n'), [['URL', 'http://21631@www.example.com/remove.html']]);
});

test('PHONE: digits inside ids, URLs and hex dumps, and a rising row of two-digit numbers, are not phone numbers', () => {
  none('--==_Exmh_-2079003886P\nContent-Type: text/plain; charset=us-ascii', 'PHONE'); // a MIME boundary
  has('please call 2079003886 today', 'PHONE', '2079003886'); // the same digits standing apart, with a phone word
  none('<a href="http://211.154.134=\n.26/Z/creditfix/">', 'PHONE'); // an IP address cut by a soft line break
  none('Crunch: http://www.example.net/index.cgi?b=02001-08-10&l=286', 'PHONE'); // a query's value
  none('4f 52 69 4e 4f 43 4f 20  52 47 2d 31 31 30 30 20  | ORiNOCO RG-1100', 'PHONE'); // a hex dump's row
  none('Wednesday September 11, 2002 Draw Results:\n03 06 26 39 48 PB 28', 'PHONE'); // a lottery draw
  // A French number whose groups happen to rise is found next to a phone word, a hyphenated one included.
  has('appelez-moi au 02 29 43 55 61', 'PHONE', '02 29 43 55 61');
  has('Tél : 02 29 43 55 61', 'PHONE', '02 29 43 55 61');
  // Not grouped like France, or not rising: found without a word as before.
  has('ref 01 56 77 01 20', 'PHONE', '01 56 77 01 20');
  // A phone word joined to a host name is no phone word.
  none('dial-in1.example.net 02 29 43 55 61', 'PHONE');
});
