/**
 * Attributes the generator draws from. Every value is distinct across the whole catalogue (a test
 * checks this), so generated text is never ambiguous unless asked to be (`SHARED_PAIRS`). Phrases
 * use only the shapes refs.ts reads.
 */
export interface CatalogueEntry {
  category: string;
  verb: string;
  /** How a clue names the holder of value {v}. */
  phrase: string;
  values: string[];
}

/** 'a, b, c' → ['a', 'b', 'c'] (keeps the table readable). */
function list(s: string): string[] {
  return s.split(', ');
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    category: 'first name',
    verb: 'has',
    phrase: '{v}',
    values: list('Amara, Bruno, Chen, Dalia, Emeka, Freya, Goran, Hana, Ishaan, Jonas, Keiko, Lucia'),
  },
  {
    category: 'home country',
    verb: 'comes from',
    phrase: 'the person who comes from {v}',
    values: list(
      'Peru, Norway, Kenya, Vietnam, Chile, Iceland, Morocco, Nepal, Portugal, Canada, Egypt, Japan',
    ),
  },
  {
    category: 'job',
    verb: 'has',
    phrase: 'the {v}',
    values: list(
      'baker, pilot, nurse, lawyer, plumber, architect, chemist, librarian, electrician, journalist, surgeon, tailor',
    ),
  },
  {
    category: 'instrument',
    verb: 'plays',
    phrase: 'the {v} player',
    values: list(
      'harp, banjo, trumpet, clarinet, ukulele, accordion, drums, bassoon, mandolin, trombone, harmonica, sitar',
    ),
  },
  {
    category: 'sport',
    verb: 'plays',
    phrase: 'the {v} player',
    values: list(
      'rugby, squash, badminton, handball, lacrosse, curling, softball, netball, golf, bowling, hockey, volleyball',
    ),
  },
  {
    category: 'drink',
    verb: 'drinks',
    phrase: 'the person who drinks {v}',
    values: list(
      'tea, cocoa, cider, kefir, lemonade, espresso, milk, kombucha, ginger ale, soda water, mate, chai',
    ),
  },
  {
    category: 'coloured house',
    verb: 'lives in',
    phrase: 'the person who lives in the {v} house',
    values: list('amber, crimson, teal, lavender, ivory, olive, maroon, navy, coral, ochre, silver, cyan'),
  },
  {
    category: 'pet',
    verb: 'keeps',
    phrase: 'the person who keeps a {v}',
    values: list(
      'ferret, parrot, tortoise, rabbit, hamster, gecko, pony, canary, goldfish, chinchilla, cat, dog',
    ),
  },
  {
    category: 'fruit',
    verb: 'eats',
    phrase: 'the person who eats {v}',
    values: list(
      'plums, figs, cherries, lychees, apricots, peaches, melons, guavas, papayas, dates, limes, quinces',
    ),
  },
  {
    category: 'garden flower',
    verb: 'grows',
    phrase: 'the person who grows {v}',
    values: list(
      'irises, poppies, orchids, asters, lupins, camellias, freesias, hyacinths, lilacs, zinnias, gardenias, begonias',
    ),
  },
  {
    category: 'car',
    verb: 'drives',
    phrase: 'the person who drives the {v}',
    values: list('Volvo, Subaru, Fiat, Skoda, Mazda, Peugeot, Renault, Jeep, Nissan, Opel, Saab, Dacia'),
  },
  {
    category: 'kind of book',
    verb: 'reads',
    phrase: 'the person who reads {v} books',
    values: list(
      'thriller, science fiction, western, gothic, crime, adventure, satire, horror, travel, cookery, poetry, biography',
    ),
  },
  {
    category: 'pastime',
    verb: 'enjoys',
    phrase: 'the person who enjoys {v}',
    values: list(
      'knitting, chess, origami, juggling, archery, pottery, birding, calligraphy, woodcarving, baking, quilting, rowing',
    ),
  },
  {
    category: 'music style',
    verb: 'listens to',
    phrase: 'the person who listens to {v}',
    values: list('jazz, reggae, techno, blues, opera, salsa, grunge, ska, disco, gospel, punk, folk'),
  },
  {
    category: 'birth month',
    verb: 'has',
    phrase: 'the person who was born in {v}',
    values: list(
      'January, February, March, April, May, June, July, August, September, October, November, December',
    ),
  },
  {
    category: 'snack',
    verb: 'snacks on',
    phrase: 'the person who snacks on {v}',
    values: list(
      'pretzels, almonds, popcorn, crackers, nachos, biscuits, cashews, raisins, wafers, peanuts, crisps, pistachios',
    ),
  },
  {
    category: 'language',
    verb: 'speaks',
    phrase: 'the person who speaks {v}',
    values: list(
      'Welsh, Swahili, Tagalog, Basque, Finnish, Hungarian, Malay, Zulu, Greek, Polish, Korean, Hindi',
    ),
  },
  {
    category: 'city',
    verb: 'has visited',
    phrase: 'the person who has visited {v}',
    values: list('Lisbon, Oslo, Hanoi, Lima, Cairo, Dublin, Quito, Riga, Accra, Perth, Kyoto, Tunis'),
  },
  {
    category: 'dessert',
    verb: 'loves',
    phrase: 'the person who loves {v}',
    values: list(
      'tiramisu, baklava, flan, brownies, pavlova, cheesecake, eclairs, sorbet, trifle, mochi, churros, gelato',
    ),
  },
  {
    category: 'kind of collectible',
    verb: 'collects',
    phrase: 'the person who collects {v}',
    values: list(
      'stamps, coins, seashells, postcards, vinyl records, fossils, keychains, bottle caps, marbles, minerals, teapots, maps',
    ),
  },
  {
    category: 'hat',
    verb: 'wears',
    phrase: 'the person who wears a {v}',
    values: list(
      'beret, fedora, beanie, bowler, panama, sombrero, turban, bandana, visor, stetson, trilby, cap',
    ),
  },
  {
    category: 'tree',
    verb: 'planted',
    phrase: 'the person who planted the {v} tree',
    values: list('oak, maple, birch, willow, cedar, elm, aspen, juniper, cypress, linden, alder, spruce'),
  },
  {
    category: 'means of transport',
    verb: 'commutes by',
    phrase: 'the person who commutes by {v}',
    values: list(
      'bus, tram, ferry, bicycle, scooter, train, skateboard, taxi, subway, canoe, motorcycle, monorail',
    ),
  },
  {
    category: 'subject',
    verb: 'studies',
    phrase: 'the person who studies {v}',
    values: list(
      'geology, botany, algebra, linguistics, astronomy, ethics, economics, zoology, anatomy, robotics, geography, statistics',
    ),
  },
];

/**
 * Pairs of attributes that list one value alike and word it alike, as BBEH does with a favourite
 * hobby and a physical activity ("the person who likes biking") or a car and a motorbike ("the
 * person who drives the Honda"). The generator's `shared` option draws from these: both members
 * of a pair list one of its `common` values. Every other value is distinct from each other and
 * from the catalogue (a test checks this).
 */
export interface SharedPair {
  /** Values either member may list; a puzzle gives both members the same one. */
  common: string[];
  /** Each member's own values (without the common ones). */
  members: [CatalogueEntry, CatalogueEntry];
}

export const SHARED_PAIRS: readonly SharedPair[] = [
  {
    common: list('biking, skiing, hiking'),
    members: [
      {
        category: 'favorite hobby',
        verb: 'has',
        phrase: 'the person who likes {v}',
        values: list(
          'photography, gardening, fishing, camping, sewing, painting, sculpting, dancing, cooking, magic tricks, jigsaw puzzles, genealogy',
        ),
      },
      {
        category: 'physical activity',
        verb: 'likes',
        phrase: 'the person who likes {v}',
        values: list(
          'swimming, running, climbing, scuba diving, fencing, boxing, yoga, pilates, skating, sailing, surfing, kayaking',
        ),
      },
    ],
  },
  {
    common: list('Honda, Suzuki, Piaggio'),
    members: [
      {
        category: 'motorbike',
        verb: 'drives',
        phrase: 'the person who drives the {v}',
        values: list(
          'Ducati, Triumph, Kawasaki, Harley-Davidson, Benelli, Buell, Bajaj, Aprilia, Moto Guzzi, Husqvarna, Norton, Vespa',
        ),
      },
      {
        category: 'van',
        verb: 'drives',
        phrase: 'the person who drives the {v}',
        values: list(
          'Ford, Iveco, Citroen, Mercedes, Volkswagen, Toyota, Hyundai, Kia, Chevrolet, Isuzu, Tata, Vauxhall',
        ),
      },
    ],
  },
  {
    common: list('kiwis'),
    members: [
      {
        category: 'favorite animal',
        verb: 'likes',
        phrase: 'the person who likes {v}',
        values: list(
          'otters, hares, owls, bats, crows, mules, lizards, foxes, badgers, moles, wolves, seals',
        ),
      },
      {
        category: 'favorite fruit',
        verb: 'likes',
        phrase: 'the person who likes {v}',
        values: list(
          'mangoes, bananas, grapes, pears, oranges, apples, raspberries, blueberries, strawberries, pineapples, coconuts, nectarines',
        ),
      },
    ],
  },
];
