/**
 * The locales of the multi-locale set: a faker locale, the country its phone numbers, postal
 * codes and addresses belong to, the language of its templates and its address layout.
 */
export type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pt';
/** us: "street\ncity, ST zip"; uk: "street\ncity\npostcode"; eu: "street\nzip city"; jp: "〒zip city street". */
export type AddressStyle = 'us' | 'uk' | 'eu' | 'jp';

export interface LocaleSpec {
  faker: string;
  country: string;
  lang: Lang;
  address: AddressStyle;
  /** Date order of numeric dates. */
  dates: 'mdy' | 'dmy' | 'ymd';
}

export const LOCALES: readonly LocaleSpec[] = [
  { faker: 'en_US', country: 'US', lang: 'en', address: 'us', dates: 'mdy' },
  { faker: 'en_GB', country: 'GB', lang: 'en', address: 'uk', dates: 'dmy' },
  { faker: 'en_IE', country: 'IE', lang: 'en', address: 'uk', dates: 'dmy' },
  { faker: 'en_AU', country: 'AU', lang: 'en', address: 'uk', dates: 'dmy' },
  { faker: 'en_CA', country: 'CA', lang: 'en', address: 'us', dates: 'ymd' },
  { faker: 'en_IN', country: 'IN', lang: 'en', address: 'uk', dates: 'dmy' },
  { faker: 'en_ZA', country: 'ZA', lang: 'en', address: 'uk', dates: 'ymd' },
  { faker: 'en_NG', country: 'NG', lang: 'en', address: 'uk', dates: 'dmy' },
  { faker: 'de', country: 'DE', lang: 'de', address: 'eu', dates: 'dmy' },
  { faker: 'de_AT', country: 'AT', lang: 'de', address: 'eu', dates: 'dmy' },
  { faker: 'de_CH', country: 'CH', lang: 'de', address: 'eu', dates: 'dmy' },
  { faker: 'fr', country: 'FR', lang: 'fr', address: 'eu', dates: 'dmy' },
  { faker: 'fr_BE', country: 'BE', lang: 'fr', address: 'eu', dates: 'dmy' },
  { faker: 'es', country: 'ES', lang: 'es', address: 'eu', dates: 'dmy' },
  { faker: 'es_MX', country: 'MX', lang: 'es', address: 'eu', dates: 'dmy' },
  { faker: 'it', country: 'IT', lang: 'it', address: 'eu', dates: 'dmy' },
  { faker: 'nl', country: 'NL', lang: 'nl', address: 'eu', dates: 'dmy' },
  { faker: 'pt_BR', country: 'BR', lang: 'pt', address: 'eu', dates: 'dmy' },
  { faker: 'pt_PT', country: 'PT', lang: 'pt', address: 'eu', dates: 'dmy' },
  { faker: 'pl', country: 'PL', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'cs_CZ', country: 'CZ', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'sk', country: 'SK', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'hu', country: 'HU', lang: 'en', address: 'eu', dates: 'ymd' },
  { faker: 'sv', country: 'SE', lang: 'en', address: 'eu', dates: 'ymd' },
  { faker: 'da', country: 'DK', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'nb_NO', country: 'NO', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'fi', country: 'FI', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'ro', country: 'RO', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'tr', country: 'TR', lang: 'en', address: 'eu', dates: 'dmy' },
  { faker: 'ja', country: 'JP', lang: 'en', address: 'jp', dates: 'ymd' },
];

/** Words the templates need, per language. `{}` marks where a value goes. */
export interface Words {
  phone: readonly string[];
  born: string;
  age: readonly string[];
  ageNot: readonly string[];
  licence: readonly string[];
  card: string;
  iban: string;
  meet: string;
  hello: string;
  regards: string;
  address: string;
  present: string;
  and: string;
  on: string;
  months: readonly string[];
  dateLong: (d: number, month: string, y: number) => string;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const WORDS: Readonly<Record<Lang, Words>> = {
  en: {
    phone: ['Phone: {}', 'call me on {}', 'Tel. {}', 'Mobile {}', 'you can reach me at {}', 'fax {}'],
    born: 'born', age: ['{} years old', 'aged {}', 'Age: {}', 'a {}-year-old'], ageNot: ['{} years ago', 'for {} years', '{} days later'],
    licence: ["driver's licence no. {}", 'Driving licence number: {}', "driver's license {}", 'DL# {}'],
    card: 'card number', iban: 'IBAN', meet: "Let's meet", hello: 'Hi', regards: 'Kind regards', address: 'Address:',
    present: 'Present', and: 'and', on: 'on',
    months: EN_MONTHS, dateLong: (d, m, y) => `${d} ${m} ${y}`,
  },
  de: {
    phone: ['Telefon: {}', 'Tel. {}', 'Handy: {}', 'erreichbar unter {}', 'Fax {}'],
    born: 'geboren', age: ['{} Jahre alt', 'Alter: {}', 'im Alter von {} Jahren'], ageNot: ['vor {} Jahren', 'seit {} Tagen'],
    licence: ['Führerscheinnummer {}'], card: 'Kartennummer', iban: 'IBAN', meet: 'Treffen wir uns', hello: 'Hallo',
    regards: 'Mit freundlichen Grüßen', address: 'Anschrift:', present: 'Anwesend', and: 'und', on: 'am',
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    dateLong: (d, m, y) => `${d}. ${m} ${y}`,
  },
  fr: {
    phone: ['Tél. : {}', 'téléphone {}', 'portable : {}', 'appelez-moi au {}'],
    born: 'né en', age: ['{} ans', 'âgé de {} ans'], ageNot: ['il y a {} ans', 'pendant {} jours'],
    licence: ['permis de conduire n° {}'], card: 'numéro de carte', iban: 'IBAN', meet: 'Rendez-vous', hello: 'Bonjour',
    regards: 'Cordialement', address: 'Adresse :', present: 'Présents', and: 'et', on: 'le',
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    dateLong: (d, m, y) => `${d} ${m} ${y}`,
  },
  es: {
    phone: ['Tel.: {}', 'teléfono {}', 'móvil: {}', 'llámame al {}'],
    born: 'nacido en', age: ['{} años', 'de {} años de edad'], ageNot: ['hace {} años', 'durante {} días'],
    licence: ['carné de conducir {}'], card: 'número de tarjeta', iban: 'IBAN', meet: 'Nos vemos', hello: 'Hola',
    regards: 'Saludos', address: 'Dirección:', present: 'Asistentes', and: 'y', on: 'el',
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    dateLong: (d, m, y) => `${d} de ${m} de ${y}`,
  },
  it: {
    phone: ['Tel. {}', 'telefono {}', 'cellulare: {}', 'chiamami al {}'],
    born: 'nato nel', age: ['{} anni', 'di {} anni'], ageNot: ['{} anni fa', 'per {} giorni'],
    licence: ['patente n. {}'], card: 'numero della carta', iban: 'IBAN', meet: 'Ci vediamo', hello: 'Ciao',
    regards: 'Cordiali saluti', address: 'Indirizzo:', present: 'Presenti', and: 'e', on: 'il',
    months: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
    dateLong: (d, m, y) => `${d} ${m} ${y}`,
  },
  nl: {
    phone: ['Tel: {}', 'telefoon {}', 'mobiel: {}', 'bel me op {}'],
    born: 'geboren in', age: ['{} jaar oud', 'leeftijd: {}'], ageNot: ['{} jaar geleden', '{} dagen lang'],
    licence: ['rijbewijsnummer {}'], card: 'kaartnummer', iban: 'IBAN', meet: 'We zien elkaar', hello: 'Hoi',
    regards: 'Met vriendelijke groet', address: 'Adres:', present: 'Aanwezig', and: 'en', on: 'op',
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    dateLong: (d, m, y) => `${d} ${m} ${y}`,
  },
  pt: {
    phone: ['Tel.: {}', 'telefone {}', 'celular: {}', 'ligue para {}'],
    born: 'nascido em', age: ['{} anos', 'com {} anos de idade'], ageNot: ['há {} anos', 'durante {} dias'],
    licence: ['carteira de motorista {}'], card: 'número do cartão', iban: 'IBAN', meet: 'Encontro', hello: 'Olá',
    regards: 'Atenciosamente', address: 'Endereço:', present: 'Presentes', and: 'e', on: 'em',
    months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
    dateLong: (d, m, y) => `${d} de ${m} de ${y}`,
  },
};
