/**
 * DATE_TIME beyond date-time.ts's English forms: long dates with the month's name in German,
 * French, Spanish, Italian, Dutch and Portuguese ("14. März 2024", "14 de marzo de 2024"), a
 * bare year after a birth word ("born 1977", "né en 1977", "year of birth: 1977"), and a
 * weekday after "on" or its equivalent ("on Monday", "am Montag", "le lundi").
 */
import type { Detector, Finding } from '../types.js';

const MONTHS = [
  // de
  'januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember',
  // fr
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  // es
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  // it
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
  // nl
  'januari', 'februari', 'maart', 'mei', 'augustus',
  // pt
  'janeiro', 'fevereiro', 'março', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
];
const MONTH = `(?:${[...new Set(MONTHS)].sort((a, b) => b.length - a.length).join('|')})`;
/** "14. März 2024", "14 mars 2024", "14 de marzo de 2024", "1er janvier 2024". */
const LONG = new RegExp(`(?<![\\p{L}\\d])(?:[0-3]?\\d)(?:\\.|er)?\\s(?:de\\s)?${MONTH}\\s(?:de\\s)?(?:19|20)\\d{2}(?![\\p{L}\\d])`, 'giu');

/** A birth word, then the year: the span is the year. */
const BIRTH_YEAR = /(?<![\p{L}])(?:born(?: in)?|b\.|year of birth:?|birth year:?|geboren(?: in)?|geburtsjahr:?|née? en|nacid[oa] en|nat[oa] nel|geboren in|nascid[oa] em|ano de nascimento:?)[ \t]+((?:19|20)\d{2})(?!\d)/giu;

const WEEKDAYS = [
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday',
  'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag',
  'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche',
  'lunes|martes|miércoles|jueves|viernes|sábado|domingo',
  'lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica',
  'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag',
  'segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?|sábado|domingo',
].join('|');
/** "on Monday", "next Friday", "am Montag", "le lundi", "el lunes", "il lunedì", "op maandag", "na segunda-feira": the span is the weekday. */
const ON_WEEKDAY = new RegExp(`(?<![\\p{L}])(?:on|next|last|this|am|le|el|il|op|em|na|no)\\s(${WEEKDAYS})(?![\\p{L}])`, 'giu');

export const dateWordsDetector: Detector = {
  name: 'date-words',
  types: ['DATE_TIME'],
  detect(text) {
    const out: Finding[] = [];
    LONG.lastIndex = 0;
    for (let m = LONG.exec(text); m; m = LONG.exec(text)) {
      out.push({ type: 'DATE_TIME', start: m.index, end: m.index + m[0].length, confidence: 0.85, rule: 'date.long-month-name' });
    }
    BIRTH_YEAR.lastIndex = 0;
    for (let m = BIRTH_YEAR.exec(text); m; m = BIRTH_YEAR.exec(text)) {
      const end = m.index + m[0].length;
      out.push({ type: 'DATE_TIME', start: end - 4, end, confidence: 0.7, rule: 'date.birth-year' });
    }
    ON_WEEKDAY.lastIndex = 0;
    for (let m = ON_WEEKDAY.exec(text); m; m = ON_WEEKDAY.exec(text)) {
      const end = m.index + m[0].length;
      out.push({ type: 'DATE_TIME', start: end - m[1]!.length, end, confidence: 0.6, rule: 'date.weekday' });
    }
    return out;
  },
};
