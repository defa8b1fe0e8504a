/**
 * What a sample came to: exactly one of these. Accuracy is correct / (all but errors): unparsable
 * and truncated answers count as wrong; errors say nothing about the model and are left out.
 */
export type Outcome = 'correct' | 'wrong' | 'unparsable' | 'truncated' | 'error';
