import type { Rng } from '../../util/rng.js';

/** A thing you can hold, with the indefinite article that goes before it. */
export interface Thing {
  article: 'a' | 'an';
  noun: string;
}

/** A category of things; the question asks for the count of `plural`. */
export interface Category {
  plural: string;
  things: readonly Thing[];
}

const t = (article: 'a' | 'an', noun: string): Thing => ({ article, noun });

// Nouns are chosen so that no two members of a category overlap in meaning and none is a plural
// in disguise ("a pair of pliers"), so the count is exactly the number of things named.
export const CATEGORIES: readonly Category[] = [
  {
    plural: 'fruits',
    things: [
      t('an', 'apple'),
      t('an', 'orange'),
      t('a', 'banana'),
      t('a', 'pear'),
      t('a', 'peach'),
      t('a', 'plum'),
      t('a', 'mango'),
      t('a', 'lemon'),
      t('a', 'kiwi'),
      t('an', 'apricot'),
      t('a', 'fig'),
      t('a', 'lime'),
      t('a', 'grapefruit'),
      t('a', 'pomegranate'),
    ],
  },
  {
    plural: 'vegetables',
    things: [
      t('a', 'carrot'),
      t('an', 'onion'),
      t('a', 'potato'),
      t('a', 'cucumber'),
      t('a', 'leek'),
      t('a', 'turnip'),
      t('a', 'beetroot'),
      t('a', 'courgette'),
      t('an', 'eggplant'),
      t('a', 'radish'),
      t('a', 'cabbage'),
      t('a', 'parsnip'),
    ],
  },
  {
    plural: 'pets',
    things: [
      t('a', 'cat'),
      t('a', 'dog'),
      t('a', 'hamster'),
      t('a', 'parrot'),
      t('a', 'rabbit'),
      t('a', 'goldfish'),
      t('a', 'tortoise'),
      t('a', 'ferret'),
      t('a', 'canary'),
      t('an', 'iguana'),
    ],
  },
  {
    plural: 'vehicles',
    things: [
      t('a', 'bicycle'),
      t('a', 'car'),
      t('a', 'motorcycle'),
      t('a', 'scooter'),
      t('a', 'van'),
      t('a', 'truck'),
      t('a', 'tractor'),
      t('a', 'minibus'),
    ],
  },
  {
    plural: 'musical instruments',
    things: [
      t('a', 'guitar'),
      t('a', 'violin'),
      t('a', 'piano'),
      t('a', 'flute'),
      t('a', 'trumpet'),
      t('a', 'drum'),
      t('a', 'cello'),
      t('a', 'ukulele'),
      t('a', 'harmonica'),
      t('a', 'saxophone'),
      t('an', 'oboe'),
    ],
  },
  {
    plural: 'books',
    things: [
      t('a', 'novel'),
      t('a', 'cookbook'),
      t('a', 'dictionary'),
      t('an', 'atlas'),
      t('a', 'biography'),
      t('a', 'textbook'),
      t('a', 'travel guide'),
      t('an', 'encyclopedia'),
    ],
  },
  {
    plural: 'balls',
    things: [
      t('a', 'football'),
      t('a', 'basketball'),
      t('a', 'tennis ball'),
      t('a', 'golf ball'),
      t('a', 'volleyball'),
      t('a', 'baseball'),
      t('a', 'beach ball'),
      t('a', 'bowling ball'),
    ],
  },
  {
    plural: 'tools',
    things: [
      t('a', 'hammer'),
      t('a', 'screwdriver'),
      t('a', 'wrench'),
      t('a', 'saw'),
      t('a', 'drill'),
      t('a', 'chisel'),
      t('a', 'spirit level'),
      t('a', 'tape measure'),
    ],
  },
];

/** "an apple", "a pear". */
export function withArticle(x: Thing): string {
  return `${x.article} ${x.noun}`;
}

/** "an apple and a pear", "an apple, a pear and a fig". */
export function listThings(xs: readonly Thing[]): string {
  const parts = xs.map(withArticle);
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The things a counting question is about: mostly two, sometimes three, of one category. */
export interface Scenario {
  category: Category;
  things: Thing[];
}

export function pickScenario(rng: Rng): Scenario {
  const category = rng.pick(CATEGORIES);
  const k = rng.chance(0.2) ? 3 : 2;
  return { category, things: rng.sample(category.things, k) };
}

/** The opening sentence. Always starts "You have " so a reader (and a test) can find it. */
export function openingSentence(s: Scenario): string {
  return `You have ${listThings(s.things)}.`;
}

const QUESTIONS = [
  (p: string) => `How many ${p} do you have?`,
  (p: string) => `Calculate how many ${p} you have.`,
  (p: string) => `How many ${p} do you have in total?`,
  (p: string) => `Count the ${p} you have. How many are there?`,
];

export function countingQuestion(rng: Rng, s: Scenario): string {
  return rng.pick(QUESTIONS)(s.category.plural);
}
