import type { Rng } from '../../util/rng.js';
import type { Scenario } from './objects.js';

/**
 * Sentences full of numbers that look like they bear on the count but do not. Each kind talks
 * about the things you already have (or about the world around them) and never adds, removes or
 * names another member of the counted category, so the true count is unchanged.
 */
export type DistractorKind =
  | 'probability'
  | 'price'
  | 'weight'
  | 'time'
  | 'place'
  | 'person'
  | 'size'
  | 'year'
  | 'temperature'
  | 'statistic';

export const MATH_DISTRACTOR_KINDS: readonly DistractorKind[] = [
  'probability',
  'price',
  'weight',
  'time',
  'place',
  'person',
  'size',
  'year',
  'temperature',
  'statistic',
];

const COLOURS = ['red', 'green', 'blue', 'yellow', 'black', 'white', 'brown', 'orange', 'grey', 'purple'];
const CITIES = ['Lisbon', 'Osaka', 'Nairobi', 'Quito', 'Tallinn', 'Perth', 'Lyon', 'Accra', 'Busan', 'Porto'];
const STREETS = ['Elm Street', 'Harbour Road', 'Mill Lane', 'King Avenue', 'Station Road', 'Hill Street'];
const NAMES = ['Priya', 'Tomasz', 'Amara', 'Kenji', 'Lucia', 'Omar', 'Ingrid', 'Mateo', 'Chen', 'Fatima'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Everything a distractor may mention: the things held, by bare noun. */
export interface DistractorContext {
  rng: Rng;
  nouns: string[];
}

function one(c: DistractorContext): string {
  return c.rng.pick(c.nouns);
}
function two(c: DistractorContext): [string, string] {
  const [a, b] = c.rng.sample(c.nouns, 2);
  return [a, b];
}
function money(rng: Rng): string {
  return `${rng.int(1, 49)}.${String(rng.int(0, 99)).padStart(2, '0')}`;
}

type Writer = (c: DistractorContext) => string;

const WRITERS: Record<DistractorKind, readonly Writer[]> = {
  probability: [
    (c) => `There is a ${c.rng.int(5, 95)}% chance that the ${one(c)} is ${c.rng.pick(COLOURS)}.`,
    (c) =>
      `A friend says the odds are ${c.rng.int(2, 9)} to ${c.rng.int(1, 9)} that the ${one(c)} came from ${c.rng.pick(CITIES)}.`,
    (c) => `The probability that the ${one(c)} is older than you is 0.${c.rng.int(10, 99)}.`,
  ],
  price: [
    (c) => `The ${one(c)} cost $${money(c.rng)}.`,
    (c) => {
      const [a, b] = two(c);
      return `You paid €${money(c.rng)} for the ${a}, which was ${c.rng.int(2, 40)}% more than the ${b}.`;
    },
    (c) =>
      `Last year the ${one(c)} would have cost ${c.rng.int(3, 90)} dollars and ${c.rng.int(1, 99)} cents.`,
  ],
  weight: [
    (c) => `The ${one(c)} weighs ${c.rng.int(40, 4000)} grams.`,
    (c) => {
      const [a, b] = two(c);
      return `Together the ${a} and the ${b} weigh ${c.rng.int(1, 30)}.${c.rng.int(1, 9)} kilograms.`;
    },
    (c) => `With its box, the ${one(c)} came to ${c.rng.int(200, 9000)} grams on the scale.`,
  ],
  time: [
    (c) =>
      `You got the ${one(c)} at ${c.rng.int(1, 12)}:${String(c.rng.int(0, 59)).padStart(2, '0')} on a ${c.rng.pick(WEEKDAYS)}.`,
    (c) => `You have had the ${one(c)} for ${c.rng.int(2, 400)} days.`,
    (c) => `It took ${c.rng.int(3, 95)} minutes to bring the ${one(c)} home.`,
  ],
  place: [
    (c) =>
      `The ${one(c)} came from a shop ${c.rng.int(2, 80)} kilometres away, at number ${c.rng.int(1, 250)} ${c.rng.pick(STREETS)}.`,
    (c) => `You keep the ${one(c)} on floor ${c.rng.int(2, 30)} of a building in ${c.rng.pick(CITIES)}.`,
    (c) => `The ${one(c)} travelled ${c.rng.int(100, 9000)} miles before it reached you.`,
  ],
  person: [
    (c) =>
      `Your neighbour ${c.rng.pick(NAMES)}, who is ${c.rng.int(19, 88)} years old, gave you the ${one(c)}.`,
    (c) => `${c.rng.pick(NAMES)} has ${c.rng.int(2, 12)} cousins and once admired the ${one(c)}.`,
    (c) => `Your aunt, born in ${c.rng.int(1940, 1990)}, helped you choose the ${one(c)}.`,
  ],
  size: [
    (c) => `The ${one(c)} sits ${c.rng.int(5, 190)} centimetres from the edge of the table.`,
    (c) => {
      const [a, b] = two(c);
      return `The ${a} is ${c.rng.int(2, 90)}.${c.rng.int(1, 9)} centimetres to the left of the ${b}.`;
    },
  ],
  year: [
    (c) => `The ${one(c)} was bought in ${c.rng.int(1995, 2024)}.`,
    (c) =>
      `The first ${one(c)} you ever saw was in ${c.rng.int(1980, 2015)}, ${c.rng.int(2, 30)} years before this one.`,
  ],
  temperature: [
    (c) => `It is ${c.rng.int(-5, 38)} degrees Celsius outside, and the ${one(c)} is in the shade.`,
    (c) => `The ${one(c)} is kept at ${c.rng.int(4, 25)} °C with ${c.rng.int(20, 90)}% humidity.`,
  ],
  statistic: [
    (c) => {
      const [a, b] = two(c);
      return `About ${c.rng.int(11, 89)}% of people in ${c.rng.pick(CITIES)} prefer the ${a} to the ${b}.`;
    },
    (c) =>
      `A survey of ${c.rng.int(120, 9000)} people rated the ${one(c)} ${c.rng.int(1, 9)}.${c.rng.int(0, 9)} out of 10.`,
  ],
};

/** `n` sentences of distinct kinds, in random order. */
export function mathDistractors(
  rng: Rng,
  s: Scenario,
  n: number,
): { kinds: DistractorKind[]; sentences: string[] } {
  if (n > MATH_DISTRACTOR_KINDS.length)
    throw new Error(`at most ${MATH_DISTRACTOR_KINDS.length} distractors`);
  const kinds = rng.sample(MATH_DISTRACTOR_KINDS, n);
  const c: DistractorContext = { rng, nouns: s.things.map((x) => x.noun) };
  return { kinds, sentences: kinds.map((k) => rng.pick(WRITERS[k])(c)) };
}
