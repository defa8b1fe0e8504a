import type { Rng } from '../../util/rng.js';

/**
 * Trivial questions dressed up as famous paradoxes. The setup recalls the puzzle; the question
 * asks for something stated plainly in the setup (or one addition away), so no probability
 * reasoning is needed. `lore` holds true, number-heavy remarks about the real puzzle, used as
 * paradox-specific distractors.
 */
export interface Framing {
  paradox: string;
  lore: readonly string[];
  make(rng: Rng): { setup: string; question: string; answer: number };
}

const money = (rng: Rng, lo: number, hi: number) => rng.int(lo, hi) * 10;
/** "1 year", "3 years". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const FRAMINGS: readonly Framing[] = [
  {
    paradox: 'birthday',
    lore: [
      'With 23 people in a room, the chance that two share a birthday is a little over 50%.',
      'With 70 people, a shared birthday is more than 99.9% likely.',
    ],
    make(rng) {
      const n = rng.int(10, 80);
      const k = rng.int(1, 9);
      return {
        setup: `There are ${n} people in a room, and someone wonders whether two of them share a birthday.`,
        question: `Then ${k} of them leave. How many people are in the room now?`,
        answer: n - k,
      };
    },
  },
  {
    paradox: 'monty-hall',
    lore: [
      'In the classic version, switching wins the car 2 times out of 3.',
      'In 1990 a magazine column on this puzzle drew around 10,000 letters.',
    ],
    make(rng) {
      const doors = rng.int(3, 6);
      const car = rng.int(1, doors);
      return {
        setup:
          `On a game show there are ${doors} doors, a car behind one and goats behind the rest. ` +
          `The doors are made of clear glass, and you can plainly see the car behind door ${car}.`,
        question: 'The host asks you to pick a door. Which door number should you pick to win the car?',
        answer: car,
      };
    },
  },
  {
    paradox: 'sleeping-beauty',
    lore: [
      'Philosophers disagree whether her credence in heads should be 1/2 or 1/3.',
      'The puzzle is usually told with a coin tossed on Sunday night.',
    ],
    make(rng) {
      const heads = rng.int(1, 3);
      const tails = heads + rng.int(1, 4);
      const side = rng.pick(['heads', 'tails'] as const);
      return {
        setup:
          `Sleeping Beauty agrees to an experiment: a fair coin is tossed, and she will be woken ${count(heads, 'time')} if it lands heads ` +
          `and ${tails} times if it lands tails. The coin has already landed ${side}, and she has been told so.`,
        question: 'How many times will she be woken?',
        answer: side === 'heads' ? heads : tails,
      };
    },
  },
  {
    paradox: 'newcomb',
    lore: [
      'In the usual telling the opaque box holds $1,000,000 and the clear one $1,000.',
      'Surveys of philosophers find large camps both for taking one box and for taking both.',
    ],
    make(rng) {
      const a = money(rng, 1, 99);
      const b = money(rng, 100, 999);
      return {
        setup:
          `A famous predictor sets two boxes before you. Both are transparent: box A holds $${a} and box B holds $${b}. ` +
          'You are allowed to take both boxes.',
        question: 'If you take both boxes, how many dollars do you get?',
        answer: a + b,
      };
    },
  },
  {
    paradox: 'two-envelopes',
    lore: [
      'The classic argument says switching gains an expected 25%, which cannot be right.',
      'Versions of this puzzle date back to the 1950s.',
    ],
    make(rng) {
      const x = money(rng, 1, 50);
      const bigger = rng.chance(0.5);
      const y = bigger ? 2 * x : x / 2;
      return {
        setup:
          `You are handed two envelopes, one holding twice as much money as the other. You open yours and find $${x}. ` +
          `You then open the other and find $${y}.`,
        question: 'How many dollars are in the two envelopes together?',
        answer: x + y,
      };
    },
  },
  {
    paradox: 'zeno',
    lore: [
      'Zeno lived in the 5th century BC.',
      'The endless sum 1/2 + 1/4 + 1/8 and so on adds up to exactly 1.',
    ],
    make(rng) {
      const head = rng.int(5, 100);
      const length = head + rng.int(50, 400);
      return {
        setup:
          `Achilles races a tortoise over ${length} metres, giving it a head start of ${head} metres. ` +
          'Zeno argues that Achilles can never catch up.',
        question: 'How many metres long is the race?',
        answer: length,
      };
    },
  },
  {
    paradox: 'ship-of-theseus',
    lore: [
      'Plutarch wrote about the ship nearly 2,000 years ago.',
      'Thomas Hobbes added a second ship built from the old planks in 1655.',
    ],
    make(rng) {
      const planks = rng.int(100, 900);
      const replaced = rng.int(10, planks - 1);
      return {
        setup:
          `The Ship of Theseus is built from ${planks} planks. Over the years ${replaced} of them rot and are each replaced ` +
          'by one new plank, and people argue whether it is still the same ship.',
        question: 'How many planks does the ship have now?',
        answer: planks,
      };
    },
  },
  {
    paradox: 'barber',
    lore: [
      'Bertrand Russell used the barber in lectures in 1918 to illustrate a paradox of set theory.',
      'The paradox shows that no such barber can exist.',
    ],
    make(rng) {
      const n = rng.int(40, 900);
      return {
        setup: `A village has ${n} residents. Its barber claims to shave exactly those residents who do not shave themselves.`,
        question: 'How many residents does the village have?',
        answer: n,
      };
    },
  },
  {
    paradox: 'gamblers-fallacy',
    lore: [
      'At a Monte Carlo casino in 1913, black came up 26 times in a row.',
      'Each toss of a fair coin lands heads with probability 1/2.',
    ],
    make(rng) {
      const k = rng.int(3, 20);
      const more = rng.int(1, 5);
      return {
        setup: `A fair coin has landed heads ${k} times in a row, and a gambler is sure tails is now due.`,
        question: `It then lands heads ${count(more, 'more time')}. How many heads in a row is that?`,
        answer: k + more,
      };
    },
  },
  {
    paradox: 'boy-or-girl',
    lore: [
      'In one famous version, the chance that both children are boys is 1/3.',
      'Adding "born on a Tuesday" changes the classic answer to 13/27.',
    ],
    make(rng) {
      const kids = rng.int(2, 7);
      return {
        setup: `Mr. Jones has ${kids} children, and you are told that at least one of them is a boy.`,
        question: 'How many children does Mr. Jones have?',
        answer: kids,
      };
    },
  },
  {
    paradox: 'bertrand-box',
    lore: [
      'In the classic version the chance that the other coin is also gold is 2/3.',
      'Joseph Bertrand described the boxes in 1889.',
    ],
    make(rng) {
      const boxes = rng.int(3, 9);
      return {
        setup:
          `There are ${boxes} boxes, each holding exactly two coins: some gold, some silver. ` +
          'You take a box at random and draw a gold coin from it.',
        question: 'How many coins were in the boxes altogether before you drew?',
        answer: 2 * boxes,
      };
    },
  },
  {
    paradox: 'st-petersburg',
    lore: [
      'The game has an infinite expected payout, yet few would pay much to play it.',
      'Daniel Bernoulli wrote about the game in 1738.',
    ],
    make(rng) {
      const wallet = money(rng, 10, 99);
      const fee = money(rng, 1, 9);
      return {
        setup:
          'A casino offers the St. Petersburg game: a coin is tossed until it lands heads, and the prize doubles with each toss. ' +
          `You have $${wallet} in your wallet, and the entry fee is $${fee}.`,
        question: 'After you pay the entry fee, how many dollars are left in your wallet?',
        answer: wallet - fee,
      };
    },
  },
  {
    paradox: 'prisoners-dilemma',
    lore: [
      'The dilemma was framed at the RAND Corporation around 1950.',
      'In tournaments in the 1980s, tit-for-tat scored best over 200 rounds.',
    ],
    make(rng) {
      const silent = rng.int(1, 3);
      const betray = silent + rng.int(2, 8);
      return {
        setup:
          `Two prisoners are offered a deal: if both stay silent, each serves ${count(silent, 'year')}; if both betray each other, ` +
          `each serves ${betray} years. Both of them stay silent.`,
        question: 'How many years does each prisoner serve?',
        answer: silent,
      };
    },
  },
];
